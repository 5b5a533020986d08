/* cmd_eval_segment.c: `annals eval segment GOLD.conllu [--json]`. */
#include "cli.h"

#include <string.h>

static void print_prf(const char *name, const annals_prf *p)
{
  printf("%-10s %8.2f %8.2f %8.2f   (gold %llu, system %llu, correct %llu)\n", name, p->precision,
         p->recall, p->f1, (unsigned long long)p->gold, (unsigned long long)p->system,
         (unsigned long long)p->correct);
}

int cmd_eval_segment(int argc, char **argv)
{
  const char *gold = NULL;
  int json = 0, i;
  annals_segment_scores sc;
  char err[1024];
  annals_status rc;
  for (i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--json")) json = 1;
    else if (argv[i][0] == '-' && argv[i][1]) return cli_fail("eval segment", "unknown option %s", argv[i]);
    else if (!gold) gold = argv[i];
    else return cli_fail("eval segment", "one gold file only");
  }
  if (!gold) {
    fprintf(stderr, "usage: annals eval segment GOLD.conllu [--json]\n");
    return 2;
  }
  {
    annals_config cfg;
    cli_log lg = { 0, 0, 0, 0 };
    memset(&cfg, 0, sizeof cfg);
    cfg.log_fn = cli_log_fn;
    cfg.ud = &lg;
    rc = annals_eval_segment(&cfg, gold, &sc, err, sizeof err);
  }
  if (rc != ANNALS_OK) return cli_fail("eval segment", "%s", *err ? err : annals_status_str(rc));
  if (json) {
    printf("{\"gold\":");
    cli_json_str(stdout, gold);
    printf(",\"tokens_f1\":%.2f,\"tokens_precision\":%.2f,\"tokens_recall\":%.2f,"
           "\"words_f1\":%.2f,\"sentences_f1\":%.2f,\"sentences_precision\":%.2f,\"sentences_recall\":%.2f,"
           "\"sentences\":%llu,\"tokens\":%llu,\"words\":%llu,\"bytes\":%llu,\"mb_per_s\":%.1f}\n",
           sc.tokens.f1, sc.tokens.precision, sc.tokens.recall, sc.words.f1, sc.sentences.f1,
           sc.sentences.precision, sc.sentences.recall, (unsigned long long)sc.sentences.gold,
           (unsigned long long)sc.tokens.gold, (unsigned long long)sc.words.gold,
           (unsigned long long)sc.bytes, sc.seconds > 0 ? (double)sc.bytes / 1e6 / sc.seconds : 0.0);
  } else {
    printf("%s: %llu bytes of rebuilt text\n%-10s %8s %8s %8s\n", gold, (unsigned long long)sc.bytes,
           "", "P", "R", "F1");
    print_prf("tokens", &sc.tokens);
    print_prf("words", &sc.words);
    print_prf("sentences", &sc.sentences);
  }
  return 0;
}
