/* cmd_eval_events.c: `annals eval events GOLD [--json]`: codes the texts of a gold
** file (dev_events.jsonl or PETRARCH validation XML) and scores the events the way
** ../shared/data/eval/score_events.py does. */
#include "cli.h"

#include <string.h>

static int usage(void)
{
  fprintf(stderr,
          "usage: annals eval events GOLD.jsonl|GOLD.xml [--json] [--per-sentence] [--dict DIR|petrarch:DIR] [--model M]\n"
          "Codes each gold text from raw text (default: annals' own dictionaries) and scores the\n"
          "events: lenient (source and target country, CAMEO root; alt codes accepted) and\n"
          "strict (source, target and code exact), as score_events.py.\n");
  return 2;
}

static void per_sentence(void *ud, const annals_eval_sentence *s)
{
  size_t i;
  (void)ud;
  if (!s->n_missed && !s->n_spurious) return;
  printf("%s:", s->id);
  for (i = 0; i < s->n_missed; i++) printf(" missed %s", s->missed[i]);
  for (i = 0; i < s->n_spurious; i++) printf(" spurious %s", s->spurious[i]);
  printf("\n");
}

int cmd_eval_events(int argc, char **argv)
{
  const char *gold = NULL, *dict = NULL, *model = NULL;
  int json = 0, per = 0, i, status = 0;
  annals_dict_spec spec;
  annals_config cfg;
  annals_engine *e = NULL;
  annals_event_scores sc;
  cli_log lg = { 0, 0, 1, 0 };
  char errbuf[1024] = "";
  for (i = 1; i < argc; i++) {
    int has = i + 1 < argc;
    if (!strcmp(argv[i], "--json")) json = 1;
    else if (!strcmp(argv[i], "--per-sentence")) per = 1;
    else if (!strcmp(argv[i], "--dict") && has) dict = argv[++i];
    else if (!strcmp(argv[i], "--model") && has) model = argv[++i];
    else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) return usage(), 0;
    else if (argv[i][0] == '-') return usage();
    else if (!gold) gold = argv[i];
    else return usage();
  }
  if (!gold) return usage();
  memset(&spec, 0, sizeof spec);
  if (!dict && !(dict = cli_default_dict())) return cli_fail("eval events", "dict/ not found: give --dict DIR");
  if (!strncmp(dict, "petrarch:", 9)) { spec.format = ANNALS_DICT_PETRARCH; spec.dir = dict + 9; }
  else { spec.format = ANNALS_DICT_ANNALS; spec.dir = dict; }
  memset(&cfg, 0, sizeof cfg);
  cfg.dict = &spec;
  cfg.log_fn = cli_log_fn;
  cfg.ud = &lg;
  cfg.model_path = model ? model : cli_default_model();
  if (!cfg.model_path) return cli_fail("eval events", "no model: pass --model FILE or set ANNALS_MODEL");
  if (annals_engine_open(&cfg, &e, errbuf, sizeof errbuf) != ANNALS_OK)
    return cli_fail("eval events", "%s", *errbuf ? errbuf : "cannot open the engine");
  if (annals_eval_events(e, gold, &sc, per ? per_sentence : NULL, NULL, errbuf, sizeof errbuf) != ANNALS_OK) {
    status = cli_fail("eval events", "%s", errbuf);
  } else if (json) {
    printf("{\"sentences\":%zu,\"gold_events\":%zu,\"pred_events\":%zu,\"tp\":%zu,\"fp\":%zu,\"fn\":%zu,"
           "\"ignored_optional\":%zu,\"precision\":%.4f,\"recall\":%.4f,\"f1\":%.4f,\"strict_precision\":%.4f,"
           "\"strict_recall\":%.4f,\"strict_f1\":%.4f,\"status_accuracy\":",
           sc.sentences, sc.gold_events, sc.pred_events, sc.tp, sc.fp, sc.fn, sc.ignored, sc.precision, sc.recall,
           sc.f1, sc.strict_precision, sc.strict_recall, sc.strict_f1);
    if (sc.status_accuracy < 0) printf("null");
    else printf("%.4f", sc.status_accuracy);
    printf(",\"status_evaluated\":%zu,\"seconds\":%.3f}\n", sc.status_evaluated, sc.seconds);
  } else {
    printf("%zu sentences, %zu gold events, %zu predicted\n", sc.sentences, sc.gold_events, sc.pred_events);
    printf("lenient: precision %.4f recall %.4f f1 %.4f (tp %zu, fp %zu, fn %zu, %zu optional)\n", sc.precision,
           sc.recall, sc.f1, sc.tp, sc.fp, sc.fn, sc.ignored);
    printf("strict:  precision %.4f recall %.4f f1 %.4f\n", sc.strict_precision, sc.strict_recall, sc.strict_f1);
    if (sc.status_accuracy >= 0)
      printf("status accuracy on matched events: %.4f (%zu of %zu)\n", sc.status_accuracy, sc.status_correct, sc.status_evaluated);
  }
  annals_engine_close(e);
  return status;
}
