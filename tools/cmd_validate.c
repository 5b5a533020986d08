/* cmd_validate.c: `annals validate FILE.xml --dict-dir DIR [--json] [--model M]`:
** runs a PETRARCH validation file against annals' coder and reports failing
** records (expected and produced events) and the pass counts by category. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static void usage(FILE *fp)
{
  fprintf(fp, "usage: annals validate FILE.xml --dict-dir DIR [--json] [--model M] [--all]\n"
              "  codes every record with sentence=\"true\" from its <Text> (annals' own parse)\n"
              "  and compares the produced (source, target, code) set with <EventCoding>.\n"
              "  --json   one JSON object: records, passed, by_category, failures\n"
              "  --all    list passing records too\n"
              "  --model  parsing model (default $ANNALS_MODEL, else models/en.annals-model)\n");
}

static void print_events(FILE *fp, const annals_validate_event *e, size_t n)
{
  size_t i;
  if (!n) { fputs(" (none)", fp); return; }
  for (i = 0; i < n; i++) fprintf(fp, " %s>%s:%s", e[i].source, e[i].target, e[i].code);
}

static void json_events(FILE *fp, const annals_validate_event *e, size_t n)
{
  size_t i;
  fputc('[', fp);
  for (i = 0; i < n; i++) {
    if (i) fputc(',', fp);
    fputs("{\"source\":", fp); cli_json_str(fp, e[i].source);
    fputs(",\"target\":", fp); cli_json_str(fp, e[i].target);
    fputs(",\"code\":", fp); cli_json_str(fp, e[i].code);
    fputc('}', fp);
  }
  fputc(']', fp);
}

int cmd_validate(int argc, char **argv)
{
  const char *file = NULL, *dict_dir = NULL, *model = NULL;
  int json = 0, all = 0, i;
  annals_config cfg;
  annals_validate_report rep;
  annals_status rc;
  char err[1024];
  cli_log lg;
  size_t k;
  for (i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--json")) json = 1;
    else if (!strcmp(argv[i], "--all")) all = 1;
    else if (!strcmp(argv[i], "--dict-dir") && i + 1 < argc) dict_dir = argv[++i];
    else if (!strcmp(argv[i], "--model") && i + 1 < argc) model = argv[++i];
    else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { usage(stdout); return 0; }
    else if (argv[i][0] == '-' && argv[i][1]) { usage(stderr); return cli_fail("validate", "unknown option %s", argv[i]); }
    else if (!file) file = argv[i];
    else { usage(stderr); return cli_fail("validate", "one validation file only"); }
  }
  if (!file || !dict_dir) { usage(stderr); return 2; }
  if (!model) model = cli_default_model();
  if (!model) return cli_fail("validate", "no parsing model: use --model M or set ANNALS_MODEL");
  memset(&cfg, 0, sizeof cfg);
  memset(&lg, 0, sizeof lg);
  lg.quiet = 1;
  cfg.model_path = model;
  cfg.log_fn = cli_log_fn;
  cfg.ud = &lg;
  rc = annals_validate(&cfg, file, dict_dir, &rep, err, sizeof err);
  if (rc != ANNALS_OK) return cli_fail("validate", "%s", err[0] ? err : annals_status_str(rc));
  if (json) {
    printf("{\"records\":%zu,\"passed\":%zu,\"by_category\":{", rep.records, rep.passed);
    for (k = 0; k < rep.n_cat; k++) {
      if (k) putchar(',');
      cli_json_str(stdout, rep.cat[k].name);
      printf(":{\"records\":%zu,\"passed\":%zu}", rep.cat[k].records, rep.cat[k].passed);
    }
    printf("},\"load_seconds\":%.4f,\"code_seconds\":%.3f,\"%s\":[", rep.load_seconds, rep.code_seconds,
           all ? "records_detail" : "failures");
    {
      int first = 1;
      for (k = 0; k < rep.n_rec; k++) {
        const annals_validate_record *r = &rep.rec[k];
        if (r->passed && !all) continue;
        if (!first) putchar(',');
        first = 0;
        fputs("{\"id\":", stdout); cli_json_str(stdout, r->id);
        fputs(",\"category\":", stdout); cli_json_str(stdout, r->category);
        printf(",\"passed\":%s,\"expected\":", r->passed ? "true" : "false");
        json_events(stdout, r->expected, r->n_expected);
        fputs(",\"produced\":", stdout);
        json_events(stdout, r->produced, r->n_produced);
        fputs(",\"text\":", stdout); cli_json_str(stdout, r->text);
        putchar('}');
      }
    }
    puts("]}");
  } else {
    for (k = 0; k < rep.n_rec; k++) {
      const annals_validate_record *r = &rep.rec[k];
      if (r->passed && !all) continue;
      printf("%s %s (line %lu): %s\n  expected:", r->passed ? "ok  " : "FAIL", r->id, r->line, r->text);
      print_events(stdout, r->expected, r->n_expected);
      if (r->expected_error[0]) printf(" [error=%s]", r->expected_error);
      fputs("\n  produced:", stdout);
      print_events(stdout, r->produced, r->n_produced);
      putchar('\n');
    }
    for (k = 0; k < rep.n_cat; k++)
      printf("%-10s %3zu/%zu\n", rep.cat[k].name, rep.cat[k].passed, rep.cat[k].records);
    printf("passed %zu of %zu records (dictionaries loaded in %.3f s, coded in %.2f s)\n", rep.passed, rep.records,
           rep.load_seconds, rep.code_seconds);
  }
  annals_validate_report_free(&rep);
  return 0;
}
