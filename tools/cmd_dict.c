/* cmd_dict.c: `annals dict check [DIR]` lints annals' own dictionaries (file:line
** messages, exit 1 on any error) and `annals dict lookup PHRASE [--date D]` shows what
** a phrase resolves to and through which entries. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static int usage(void)
{
  fprintf(stderr,
          "usage: annals dict check [DIR] [--quiet]\n"
          "       annals dict lookup PHRASE [--date YYYY-MM-DD] [--dict DIR]\n"
          "check lints a dictionary directory (default: annals' own dict/): unknown CAMEO\n"
          "codes, bad dates, overlapping date ranges for one name, duplicates, shadowed or\n"
          "malformed patterns, as file:line: messages; exit 1 when there is an error.\n"
          "lookup shows every actor, agent, verb pattern and discard the phrase matches, on\n"
          "the date given (default: today's codes), and the code it gets as a noun phrase.\n");
  return 2;
}

/* Warnings are shown unless --quiet; errors always. */
static void check_log(void *ud, int level, const char *msg)
{
  const int *quiet = ud;
  if (level != ANNALS_LOG_ERROR && *quiet) return;
  fprintf(stdout, "%s%s\n", msg, level == ANNALS_LOG_ERROR ? "" : " (warning)");
}

static int dict_check(int argc, char **argv)
{
  const char *dir = NULL;
  int quiet = 0, i;
  size_t ne = 0, nw = 0;
  annals_config cfg;
  char errbuf[1024] = "";
  annals_status rc;
  for (i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--quiet")) quiet = 1;
    else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) return usage(), 0;
    else if (argv[i][0] == '-') return usage();
    else if (!dir) dir = argv[i];
    else return usage();
  }
  if (!dir && !(dir = cli_default_dict())) return cli_fail("dict check", "dict/ not found: give DIR or set ANNALS_DICT");
  memset(&cfg, 0, sizeof cfg);
  cfg.log_fn = check_log;
  cfg.ud = &quiet;
  rc = annals_dict_check(&cfg, dir, &ne, &nw, errbuf, sizeof errbuf);
  if (rc == ANNALS_EIO || rc == ANNALS_ENOMEM || (rc != ANNALS_OK && !ne)) return cli_fail("dict check", "%s", errbuf);
  printf("%s: %zu error%s, %zu warning%s\n", dir, ne, ne == 1 ? "" : "s", nw, nw == 1 ? "" : "s");
  return ne ? 1 : 0;
}

static void print_hit(void *ud, const annals_lookup_hit *h)
{
  (void)ud;
  if (!strcmp(h->kind, "result")) {
    printf("=> %s  \"%s\"%s%s%s\n", *h->code ? h->code : "(no code)", h->matched, *h->entry ? "  [" : "", h->entry,
           *h->entry ? "]" : "");
    return;
  }
  printf("%-7s %-28s %-10s \"%s\"  %s:%u  %s\n", h->kind, h->entry, *h->code ? h->code : "-", h->matched, h->file,
         (unsigned)h->line, h->note);
}

static long parse_day(const char *s)
{
  int y, m, d;
  if (sscanf(s, "%4d-%2d-%2d", &y, &m, &d) == 3 || sscanf(s, "%4d%2d%2d", &y, &m, &d) == 3) {
    if (m >= 1 && m <= 12 && d >= 1 && d <= 31) return (long)y * 10000 + m * 100 + d;
  }
  return -1;
}

static int dict_lookup(int argc, char **argv)
{
  const char *phrase = NULL, *dir = NULL;
  long date = 0;
  int i, status = 0;
  annals_dict_spec spec;
  annals_config cfg;
  annals_engine *e = NULL;
  cli_log lg = { 0, 0, 0, 0 };
  char errbuf[1024] = "";
  for (i = 1; i < argc; i++) {
    int has = i + 1 < argc;
    if (!strcmp(argv[i], "--date") && has) {
      if ((date = parse_day(argv[++i])) < 0) return cli_fail("dict lookup", "bad date '%s' (YYYY-MM-DD)", argv[i]);
    } else if (!strcmp(argv[i], "--dict") && has) dir = argv[++i];
    else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) return usage(), 0;
    else if (argv[i][0] == '-' && argv[i][1]) return usage();
    else if (!phrase) phrase = argv[i];
    else return usage();
  }
  if (!phrase) return usage();
  if (!dir && !(dir = cli_default_dict())) return cli_fail("dict lookup", "dict/ not found: give --dict DIR or set ANNALS_DICT");
  memset(&spec, 0, sizeof spec);
  spec.format = ANNALS_DICT_ANNALS;
  spec.dir = dir;
  memset(&cfg, 0, sizeof cfg);
  cfg.dict = &spec;
  cfg.log_fn = cli_log_fn;
  cfg.ud = &lg;
  if (annals_engine_open(&cfg, &e, errbuf, sizeof errbuf) != ANNALS_OK)
    return cli_fail("dict lookup", "%s", *errbuf ? errbuf : "cannot load the dictionaries");
  if (annals_engine_lookup(e, phrase, date, print_hit, NULL) != ANNALS_OK) status = cli_fail("dict lookup", "out of memory");
  annals_engine_close(e);
  return status;
}

int cmd_dict(int argc, char **argv)
{
  if (argc >= 2 && !strcmp(argv[1], "check")) return dict_check(argc - 1, argv + 1);
  if (argc >= 2 && !strcmp(argv[1], "lookup")) return dict_lookup(argc - 1, argv + 1);
  return usage();
}
