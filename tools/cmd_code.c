/* cmd_code.c: `annals code`: raw news in (any format the reader takes), CAMEO
** events out, one JSON object per event (JSONL), written story by story. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <errno.h>
#include <signal.h>

#define MAX_ACTOR_FILES 64

static int usage(void)
{
  fprintf(stderr,
          "usage: annals code [--dict DIR | --dict petrarch:DIR [--verbs F] [--actors F1,F2,...]\n"
          "                   [--agents F] [--discards F] [--issues F] [--config PETR_config.ini]]\n"
          "                   [--options key=value,...] [--model M] [--input text|jsonl|xml]\n"
          "                   [--format jsonl|csv|gdelt|petrarch|table] [--strict] [--quiet] [--verbose] [FILE...]\n"
          "Codes CAMEO events (source, target, event code) from raw news. Without --dict\n"
          "annals' own dictionaries (dict/, docs/dictionaries.md) are used; --dict DIR names\n"
          "another directory of that format, --dict petrarch:DIR PETRARCH/Phoenix files\n"
          "(names resolved in DIR, defaults: the Phoenix set). Output: a table on a\n"
          "terminal, JSONL otherwise (docs/event-record.md; --format chooses). Options are PETRARCH's\n"
          "(require_dyad=true, new_actor_length=0, comma_*...); --config reads the\n"
          "[Dictionaries] and [Options] sections of a PETRARCH config file.\n");
  return 2;
}

/* Split a comma list in place into out[]; returns the count. */
static size_t split_list(char *s, const char **out, size_t cap)
{
  size_t n = 0;
  char *p = s;
  while (p && *p && n < cap) {
    char *c = strchr(p, ',');
    while (*p == ' ' || *p == '\t') p++;
    if (c) *c = '\0';
    {
      size_t L = strlen(p);
      while (L && (p[L - 1] == ' ' || p[L - 1] == '\t' || p[L - 1] == '\r')) p[--L] = '\0';
      if (L) out[n++] = p;
    }
    p = c ? c + 1 : NULL;
  }
  return n;
}

typedef struct code_args {
  annals_dict_spec spec;
  const char *actor_list[MAX_ACTOR_FILES];
  char *owned[16]; size_t n_owned;   /* strings read from --config */
  char options[4096];
} code_args;

static char *keep(code_args *a, const char *s, size_t n)
{
  char *p;
  if (a->n_owned >= sizeof a->owned / sizeof a->owned[0] || !(p = malloc(n + 1))) return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  a->owned[a->n_owned++] = p;
  return p;
}

static void add_option(code_args *a, const char *kv)
{
  size_t n = strlen(a->options);
  snprintf(a->options + n, sizeof a->options - n, "%s%s", n ? "," : "", kv);
}

/* PETRARCH config file: [Dictionaries] names and [Options]. */
static int read_config(code_args *a, const char *path)
{
  FILE *fp = fopen(path, "r");
  char line[4096];
  int sect = 0, lineno = 0;
  if (!fp) { perror(path); return -1; }
  while (fgets(line, sizeof line, fp)) {
    char *k = line, *eq, *v;
    size_t L;
    lineno++;
    while (*k == ' ' || *k == '\t') k++;
    L = strlen(k);
    while (L && (k[L - 1] == '\n' || k[L - 1] == '\r' || k[L - 1] == ' ')) k[--L] = '\0';
    if (!*k || *k == '#' || *k == ';') continue;
    if (*k == '[') { sect = !strncasecmp(k, "[Dictionaries]", 14) ? 1 : !strncasecmp(k, "[Options]", 9) ? 2 : 3; continue; }
    if (!(eq = strchr(k, '='))) { fprintf(stderr, "annals code: %s:%d: expected key = value\n", path, lineno); fclose(fp); return -1; }
    *eq = '\0';
    v = eq + 1;
    L = strlen(k);
    while (L && (k[L - 1] == ' ' || k[L - 1] == '\t')) k[--L] = '\0';
    while (*v == ' ' || *v == '\t') v++;
    if (sect == 1) {
      char *val = keep(a, v, strlen(v));
      if (!val) continue;
      if (!strcmp(k, "verbfile_name")) a->spec.verbs = val;
      else if (!strcmp(k, "actorfile_list")) {
        a->spec.n_actors = split_list(val, a->actor_list, MAX_ACTOR_FILES);
        a->spec.actors = a->actor_list;
      } else if (!strcmp(k, "agentfile_name")) a->spec.agents = val;
      else if (!strcmp(k, "discardfile_name")) a->spec.discards = val;
      else if (!strcmp(k, "issuefile_name")) a->spec.issues = val;
    } else if (sect == 2) {
      static const char *const known[] = { "require_dyad", "new_actor_length", "comma_min", "comma_max",
                                           "comma_bmin", "comma_bmax", "comma_emin", "comma_emax", NULL };
      size_t i;
      for (i = 0; known[i]; i++)
        if (!strcmp(k, known[i])) {
          char kv[256];
          snprintf(kv, sizeof kv, "%s=%s", k, v);
          add_option(a, kv);
        }
    }
  }
  fclose(fp);
  return 0;
}

/* One line per event for a person at a terminal: date, source, code and name, target,
** status (with the claimant), and the phrases. */
static void table_events(FILE *fp, const annals_story *st, const annals_doc *d, int *header)
{
  size_t i;
  (void)st;
  for (i = 0; i < annals_doc_event_count(d); i++) {
    const annals_event *e = annals_doc_event(d, i);
    const annals_cameo_code *c = annals_cameo_lookup(e->code);
    char status[64];
    if (!*header) {
      fprintf(fp, "%-10s %-12s %-5s %-28s %-12s %-20s %s\n", "date", "source", "code", "event", "target", "status",
              "source text -> target text");
      *header = 1;
    }
    if ((e->status == ANNALS_CLAIMED || e->status == ANNALS_DENIED) && *e->claimant.code)
      snprintf(status, sizeof status, "%s by %s", annals_claim_status_str(e->status), e->claimant.code);
    else
      snprintf(status, sizeof status, "%s", annals_claim_status_str(e->status));
    fprintf(fp, "%-10.10s %-12s %-5s %-28.28s %-12s %-20s %s -> %s\n", *e->date ? e->date : "-",
            *e->source.code ? e->source.code : "---", e->code, c ? c->name : "",
            *e->target.code ? e->target.code : "---", status, *e->source.text ? e->source.text : "-",
            *e->target.text ? e->target.text : "-");
  }
}

/* SIGINT, SIGTERM, SIGHUP: finish the story being written, then stop, so that the
** output ends with complete lines. */
static volatile sig_atomic_t stop_signal;
static void on_signal(int sig) { stop_signal = sig; }

/* Write all of buf to fd (retrying short writes); -1 on error. */
static int write_all(int fd, const char *buf, size_t n)
{
  while (n) {
    ssize_t w = write(fd, buf, n);
    if (w < 0) { if (errno == EINTR) continue; return -1; }
    buf += w; n -= (size_t)w;
  }
  return 0;
}

int cmd_code(int argc, char **argv)
{
  code_args a;
  annals_format inf = ANNALS_FMT_AUTO;
  const char *model = NULL, *dict = NULL;
  char *actors_arg = NULL;
  int strict = 0, i, nfiles = 0, status = 0, table = -1, header = 0, werr = 0;
  annals_output_format ofmt = ANNALS_OUT_JSONL;
  struct sigaction sa;
  cli_log lg = { 0, 0, 0, 0 };
  annals_config cfg;
  annals_engine *eng = NULL;
  annals_doc *doc = NULL;
  char **files = calloc((size_t)argc + 1, sizeof *files);
  char errbuf[1024];
  unsigned long long stories = 0, sents = 0, coded = 0, events = 0, problems = 0;
  if (!files) return cli_fail("code", "out of memory");
  memset(&a, 0, sizeof a);
  for (i = 1; i < argc; i++) {
    const char *o = argv[i];
    int has = i + 1 < argc;
    if (!strcmp(o, "--dict") && has) dict = argv[++i];
    else if (!strcmp(o, "--verbs") && has) a.spec.verbs = argv[++i];
    else if (!strcmp(o, "--actors") && has) actors_arg = argv[++i];
    else if (!strcmp(o, "--agents") && has) a.spec.agents = argv[++i];
    else if (!strcmp(o, "--discards") && has) a.spec.discards = argv[++i];
    else if (!strcmp(o, "--issues") && has) a.spec.issues = argv[++i];
    else if (!strcmp(o, "--options") && has) add_option(&a, argv[++i]);
    else if (!strcmp(o, "--config") && has) { if (read_config(&a, argv[++i])) { status = 2; goto out; } }
    else if (!strcmp(o, "--model") && has) model = argv[++i];
    else if (!strcmp(o, "--input") && has) {
      if (cli_parse_input_format(argv[++i], &inf)) { status = cli_fail("code", "unknown input format '%s'", argv[i]); goto out; }
    } else if (!strcmp(o, "--format") && has) {
      const char *f = argv[++i];
      table = 0;
      if (!strcmp(f, "jsonl")) ofmt = ANNALS_OUT_JSONL;
      else if (!strcmp(f, "csv")) ofmt = ANNALS_OUT_CSV;
      else if (!strcmp(f, "gdelt")) ofmt = ANNALS_OUT_GDELT;
      else if (!strcmp(f, "petrarch")) ofmt = ANNALS_OUT_PETRARCH;
      else if (!strcmp(f, "table")) table = 1;
      else { status = cli_fail("code", "unknown output format '%s' (jsonl, csv, gdelt, petrarch, table)", f); goto out; }
    } else if (!strcmp(o, "--strict")) strict = 1;
    else if (!strcmp(o, "--quiet")) lg.quiet = 1;
    else if (!strcmp(o, "--verbose")) lg.verbose = 1;
    else if (!strcmp(o, "--help") || !strcmp(o, "-h")) { usage(); goto out; }
    else if (o[0] == '-' && o[1]) { status = usage(); goto out; }
    else files[nfiles++] = argv[i];
  }
  if (!dict && !(dict = cli_default_dict())) {
    status = cli_fail("code", "no dictionaries: dict/ not found; give --dict DIR or --dict petrarch:DIR, or set ANNALS_DICT");
    goto out;
  }
  if (!strncmp(dict, "petrarch:", 9)) { a.spec.format = ANNALS_DICT_PETRARCH; a.spec.dir = dict + 9; }
  else {
    a.spec.format = ANNALS_DICT_ANNALS;
    a.spec.dir = dict;
    if (a.spec.verbs || actors_arg || a.spec.agents || a.spec.discards || a.spec.issues) {
      status = cli_fail("code", "--verbs, --actors, --agents, --discards and --issues go with --dict petrarch:DIR");
      goto out;
    }
  }
  if (table < 0) table = isatty(STDOUT_FILENO);
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL); sigaction(SIGTERM, &sa, NULL); sigaction(SIGHUP, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);
  if (!table && *annals_output_header(ofmt) &&
      write_all(STDOUT_FILENO, annals_output_header(ofmt), strlen(annals_output_header(ofmt)))) werr = 1;
  if (actors_arg) {
    char *copy = keep(&a, actors_arg, strlen(actors_arg));
    if (copy) { a.spec.n_actors = split_list(copy, a.actor_list, MAX_ACTOR_FILES); a.spec.actors = a.actor_list; }
  }
  if (!nfiles) files[nfiles++] = "-";
  memset(&cfg, 0, sizeof cfg);
  cfg.log_fn = cli_log_fn;
  cfg.ud = &lg;
  cfg.dict = &a.spec;
  cfg.code_options = a.options;
  cfg.model_path = model ? model : cli_default_model();
  if (!cfg.model_path) { status = cli_fail("code", "no model: pass --model FILE or set ANNALS_MODEL"); goto out; }
  errbuf[0] = '\0';
  if (annals_engine_open(&cfg, &eng, errbuf, sizeof errbuf) != ANNALS_OK || annals_doc_new(eng, &doc) != ANNALS_OK) {
    status = cli_fail("code", "%s", *errbuf ? errbuf : "out of memory");
    goto out;
  }
  for (i = 0; i < nfiles; i++) {
    annals_reader *r = NULL;
    const annals_story *st;
    annals_status rc = annals_reader_open(&cfg, files[i], inf, &r);
    if (rc != ANNALS_OK) {
      cli_fail("code", "%s", r ? annals_reader_errmsg(r) : annals_status_str(rc));
      annals_reader_close(r);
      status = 2;
      continue;
    }
    while (!stop_signal && (rc = annals_reader_next(r, &st)) == ANNALS_OK && st) {
      if ((rc = annals_doc_segment(doc, st)) != ANNALS_OK || (rc = annals_doc_parse(doc)) != ANNALS_OK ||
          (rc = annals_doc_code(doc, st->date)) != ANNALS_OK)
        break;
      if (table) { table_events(stdout, st, doc, &header); fflush(stdout); }
      else {
        /* one write per story: each line is whole when the run stops */
        const char *txt;
        size_t tl;
        if ((rc = annals_doc_format_events(doc, st, ofmt, &txt, &tl)) != ANNALS_OK) break;
        if (tl && write_all(STDOUT_FILENO, txt, tl)) { werr = 1; stop_signal = SIGPIPE; }
      }
      stories++;
      sents += annals_doc_sentence_count(doc);
      coded += annals_doc_coded_count(doc);
      events += annals_doc_event_count(doc);
    }
    if (rc != ANNALS_OK) {
      cli_fail("code", "%s: %s", files[i], *annals_doc_errmsg(doc) ? annals_doc_errmsg(doc) : annals_reader_errmsg(r));
      status = 2;
    }
    {
      const annals_reader_stats *s = annals_reader_stats_get(r);
      problems += s->bad_records + s->bad_utf8 + s->control_chars + s->cut;
    }
    annals_reader_close(r);
  }
  if (!lg.quiet)
    fprintf(stderr, "annals code: %llu stories, %llu sentences read, %llu sentences coded, %llu events\n",
            stories, sents, coded, events);
  if (fflush(stdout) != 0 || ferror(stdout) || werr) status = cli_fail("code", "error writing output");
  if (stop_signal && stop_signal != SIGPIPE && !status) status = 128 + (int)stop_signal;
  if (!status && strict && (problems || lg.errors || lg.warnings)) status = 1;
out:
  annals_doc_free(doc);
  annals_engine_close(eng);
  while (a.n_owned) free(a.owned[--a.n_owned]);
  free(files);
  return status;
}
