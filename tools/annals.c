/* annals.c: the command-line tool. Dispatches to one subcommand per file
** (tools/cmd_*.c); each uses only the public API in include/annals.h. */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const struct { const char *name; int (*fn)(int, char **); const char *help; } cmds[] = {
  { "segment", cmd_segment, "split news into sentences and UD tokens" },
  { "parse",   cmd_parse,   "tag, lemmatize and dependency-parse raw text (CoNLL-U)" },
  { "code",    cmd_code,    "code CAMEO events from raw news (a table, or JSONL when piped)" },
  { "train",   cmd_train,   "train a tagger/lemmatizer/parser model from CoNLL-U" },
  { "eval",    cmd_eval,    "evaluate segmentation, parsing or event coding against gold data" },
  { "validate", cmd_validate, "run a PETRARCH validation file against annals' coder" },
  { "dict",    cmd_dict,    "lint annals' dictionaries, or look up what a phrase codes to" },
};

static void usage(FILE *fp)
{
  size_t i;
  fprintf(fp, "annals %s: political event data from raw news\n\nusage: annals COMMAND [OPTIONS] [FILE...]\n\n",
          annals_version());
  for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
    fprintf(fp, "  %-9s %s\n", cmds[i].name, cmds[i].help);
  fprintf(fp, "\nFILE is plain text, JSONL or PETRARCH XML, optionally gzipped; '-' or none reads stdin.\n"
              "'annals COMMAND --help' describes a command.\n");
}

void cli_log_fn(void *ud, int level, const char *msg)
{
  cli_log *lg = ud;
  if (lg) {
    if (level == ANNALS_LOG_ERROR) lg->errors++;
    else if (level == ANNALS_LOG_WARN) lg->warnings++;
    if (lg->quiet && level != ANNALS_LOG_ERROR) return;
    if (level == ANNALS_LOG_INFO && !lg->verbose) return;
  }
  fprintf(stderr, "annals: %s%s\n", level == ANNALS_LOG_ERROR ? "error: " :
          level == ANNALS_LOG_WARN ? "warning: " : "", msg);
}

int cli_fail(const char *cmd, const char *fmt, ...)
{
  va_list ap;
  fprintf(stderr, "annals %s: ", cmd);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  return 2;
}

/* A file or directory rel found in the tree holding the executable (build/annals,
** build/san/annals -> walk up), else the installed copy. NULL when neither exists. */
static const char *find_near_exe(char *path, size_t cap, const char *rel, const char *installed)
{
  ssize_t n = readlink("/proc/self/exe", path, cap - 64);
  if (n > 0) {
    char *slash;
    path[n] = '\0';
    while ((slash = strrchr(path, '/')) != NULL) {
      size_t len;
      *slash = '\0';
      len = strlen(path);
      snprintf(path + len, cap - len, "/%s", rel);
      if (access(path, R_OK) == 0) return path;
      path[len] = '\0';
    }
  }
  if (access(installed, R_OK) == 0) return installed;
  return NULL;
}

const char *cli_default_model(void)
{
  static char path[4096];
  const char *env = getenv("ANNALS_MODEL");
  if (env && *env) return env;
  return find_near_exe(path, sizeof path, "models/en.annals-model", "/usr/local/share/annals/en.annals-model");
}

const char *cli_default_dict(void)
{
  static char path[4096];
  const char *env = getenv("ANNALS_DICT");
  if (env && *env) return env;
  return find_near_exe(path, sizeof path, "dict", "/usr/local/share/annals/dict");
}

void cli_json_strn(FILE *fp, const char *s, size_t n)
{
  size_t i;
  fputc('"', fp);
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    switch (c) {
    case '"': fputs("\\\"", fp); break;
    case '\\': fputs("\\\\", fp); break;
    case '\n': fputs("\\n", fp); break;
    case '\r': fputs("\\r", fp); break;
    case '\t': fputs("\\t", fp); break;
    default:
      if (c < 0x20 || c == 0x7f) fprintf(fp, "\\u%04x", c);
      else fputc(c, fp);
    }
  }
  fputc('"', fp);
}

void cli_json_str(FILE *fp, const char *s) { cli_json_strn(fp, s ? s : "", s ? strlen(s) : 0); }

int cmd_eval(int argc, char **argv)
{
  if (argc >= 2 && strcmp(argv[1], "segment") == 0) return cmd_eval_segment(argc - 1, argv + 1);
  if (argc >= 2 && strcmp(argv[1], "parse") == 0) return cmd_eval_parse(argc - 1, argv + 1);
  if (argc >= 2 && strcmp(argv[1], "events") == 0) return cmd_eval_events(argc - 1, argv + 1);
  fprintf(stderr, "usage: annals eval segment GOLD.conllu [--json]\n"
                  "       annals eval parse GOLD.conllu [--gold-tokens] [--json] [--model M]\n"
                  "       annals eval events GOLD.jsonl|GOLD.xml [--json] [--per-sentence] [--dict DIR]\n");
  return 2;
}

int main(int argc, char **argv)
{
  size_t i;
  if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  if (!strcmp(argv[1], "--version")) { printf("annals %s\n", annals_version()); return 0; }
  for (i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
    if (!strcmp(argv[1], cmds[i].name)) return cmds[i].fn(argc - 1, argv + 1);
  fprintf(stderr, "annals: unknown command '%s'\n\n", argv[1]);
  usage(stderr);
  return 2;
}
