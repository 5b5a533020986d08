/* cmd_parse.c: `annals parse`: raw news in, CoNLL-U (or JSONL) parses out; the
** story loop is shared with `annals segment` (cmd_segment.c). */
#include "cli.h"

int cmd_parse(int argc, char **argv) { return cli_stories_main(argc, argv, "parse", 1); }
