/* cmd_train.c: `annals train --train TRAIN.conllu --dev DEV.conllu -o MODEL`: trains the
** tagger, lemmatizer and parser (annals_train) and writes one model file. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static void usage(FILE *fp)
{
  fprintf(fp, "usage: annals train --train TRAIN.conllu --dev DEV.conllu -o MODEL\n"
              "         [--seed N] [--threads 1|2] [--tagger-epochs N] [--parser-epochs N] [--folds N] [--no-refit] [--quiet] [--verbose]\n"
              "Trains on TRAIN and chooses on DEV (early stopping: epochs, the tagger's second pass,\n"
              "the parser candidate), then trains again on TRAIN + DEV with those choices (refit);\n"
              "--no-refit ships the models chosen on DEV. Deterministic: the same inputs and\n"
              "seed give the same model, byte for byte, at any --threads.\n");
}

static int num(const char *opt, const char *v, long lo, long hi, long *out)
{
  char *end;
  long x;
  if (!v) return cli_fail("train", "%s needs a value", opt) ? -1 : -1;
  x = strtol(v, &end, 10);
  if (*end || x < lo || x > hi) { cli_fail("train", "%s: expected a number in %ld..%ld, got '%s'", opt, lo, hi, v); return -1; }
  *out = x;
  return 0;
}

int cmd_train(int argc, char **argv)
{
  annals_train_options o;
  annals_config cfg;
  cli_log lg = { 0, 0, 0, 0 };
  char err[1024];
  annals_status rc;
  struct timespec t0, t1;
  int i;
  long v;
  memset(&o, 0, sizeof o);
  memset(&cfg, 0, sizeof cfg);
  for (i = 1; i < argc; i++) {
    const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); return 0; }
    else if (!strcmp(a, "--train")) { if (!val) return cli_fail("train", "--train needs a file"); o.train_path = val; i++; }
    else if (!strcmp(a, "--dev")) { if (!val) return cli_fail("train", "--dev needs a file"); o.dev_path = val; i++; }
    else if (!strcmp(a, "-o") || !strcmp(a, "--output")) { if (!val) return cli_fail("train", "-o needs a file"); o.out_path = val; i++; }
    else if (!strcmp(a, "--seed")) { if (num(a, val, 1, 2147483647L, &v)) return 2; o.seed = (uint64_t)v; i++; }
    else if (!strcmp(a, "--threads")) { if (num(a, val, 1, 2, &v)) return 2; o.threads = (int)v; i++; }
    else if (!strcmp(a, "--tagger-epochs")) { if (num(a, val, 1, 100, &v)) return 2; o.tagger_epochs = (int)v; i++; }
    else if (!strcmp(a, "--parser-epochs")) { if (num(a, val, 1, 100, &v)) return 2; o.parser_epochs = (int)v; i++; }
    else if (!strcmp(a, "--folds")) { if (num(a, val, 1, 6, &v)) return 2; o.folds = (int)v; i++; }
    else if (!strcmp(a, "--no-refit")) o.no_refit = 1;
    else if (!strcmp(a, "--quiet")) lg.quiet = 1;
    else if (!strcmp(a, "--verbose") || !strcmp(a, "-v")) lg.verbose = 1;   /* progress: epochs, dev scores, pruning */
    else return cli_fail("train", "unknown argument '%s' (see --help)", a);
  }
  if (!o.train_path || !o.dev_path || !o.out_path) { usage(stderr); return 2; }
  cfg.log_fn = cli_log_fn;
  cfg.ud = &lg;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  rc = annals_train(&cfg, &o, err, sizeof err);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (rc != ANNALS_OK) return cli_fail("train", "%s", *err ? err : annals_status_str(rc));
  if (!lg.quiet)
    fprintf(stderr, "annals: trained %s in %.1f s\n", o.out_path,
            (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
  return 0;
}
