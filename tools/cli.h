/* cli.h: the annals command-line tool's subcommands and shared helpers.
** Each subcommand lives in tools/cmd_<name>.c and uses only include/annals.h.
** A subcommand returns the process exit status: 0 ok, 1 problems found (with
** --strict, or failed checks), 2 usage or fatal error. */
#ifndef ANNALS_CLI_H
#define ANNALS_CLI_H

#include "annals.h"
#include <stdio.h>

int cmd_segment(int argc, char **argv);
int cmd_eval(int argc, char **argv);          /* eval segment | eval parse */
int cmd_eval_segment(int argc, char **argv);
int cmd_eval_parse(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_parse(int argc, char **argv);
int cmd_code(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_dict(int argc, char **argv);
int cmd_eval_events(int argc, char **argv);
/* The story loop behind segment (parse = 0) and parse (parse = 1). */
int cli_stories_main(int argc, char **argv, const char *cmd, int parse);

/* Diagnostics from the library go to stderr, "annals: " prefixed; counts by level. */
typedef struct cli_log {
  unsigned long errors, warnings;
  int quiet;                      /* only errors */
  int verbose;                    /* also ANNALS_LOG_INFO */
} cli_log;
void cli_log_fn(void *ud, int level, const char *msg);

/* Print "annals CMD: message" to stderr; returns 2. */
int cli_fail(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;

/* The default model: $ANNALS_MODEL, else models/en.annals-model next to the
** executable's ../, else the installed path. Returns NULL when none exists. */
const char *cli_default_model(void);
/* annals' own dictionaries: $ANNALS_DICT, dict/ beside the build, or the installed copy. */
const char *cli_default_dict(void);

/* "auto" "text" "jsonl" "xml" -> format; -1 when unknown. */
int cli_parse_input_format(const char *s, annals_format *out);

/* JSON string escaping to a stream. */
void cli_json_str(FILE *fp, const char *s);
void cli_json_strn(FILE *fp, const char *s, size_t n);

#endif
