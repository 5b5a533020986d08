/* cmd_eval_parse.c: `annals eval parse GOLD.conllu [--gold-tokens] [--json] [--model M]`:
** UPOS/XPOS/lemma accuracy, UAS and LAS (CoNLL 2018) of a model, on the gold tokens or
** (without --gold-tokens) from the rebuilt raw text, aligned to gold by character spans. */
#include "cli.h"

#include <string.h>

int cmd_eval_parse(int argc, char **argv)
{
  const char *gold = NULL, *model = NULL;
  int json = 0, gold_tokens = 0, i;
  annals_parse_metrics mt;
  annals_segment_scores seg;
  annals_config cfg;
  char err[1024];
  annals_status rc;
  cli_log lg = { 0, 0, 0, 0 };
  for (i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--json")) json = 1;
    else if (!strcmp(argv[i], "--gold-tokens")) gold_tokens = 1;
    else if (!strcmp(argv[i], "--model")) {
      if (i + 1 >= argc) return cli_fail("eval parse", "--model needs a file");
      model = argv[++i];
    } else if (argv[i][0] == '-' && argv[i][1]) return cli_fail("eval parse", "unknown option %s", argv[i]);
    else if (!gold) gold = argv[i];
    else return cli_fail("eval parse", "one gold file only");
  }
  if (!gold) {
    fprintf(stderr, "usage: annals eval parse GOLD.conllu [--gold-tokens] [--json] [--model M]\n");
    return 2;
  }
  if (!model && !(model = cli_default_model()))
    return cli_fail("eval parse", "no model: give --model M or set ANNALS_MODEL");
  memset(&cfg, 0, sizeof cfg);
  memset(&seg, 0, sizeof seg);
  cfg.model_path = model;
  cfg.log_fn = cli_log_fn;
  cfg.ud = &lg;
  if (gold_tokens) rc = annals_eval_parse_gold(&cfg, gold, &mt, err, sizeof err);
  else rc = annals_eval_parse_raw(&cfg, gold, &mt, &seg, err, sizeof err);   /* text layer: segment + align */
  if (rc != ANNALS_OK) return cli_fail("eval parse", "%s", *err ? err : annals_status_str(rc));
  if (json) {
    printf("{\"gold\":");
    cli_json_str(stdout, gold);
    printf(",\"model\":");
    cli_json_str(stdout, model);
    printf(",\"upos\":%.2f,\"xpos\":%.2f,\"feats\":%.2f,\"lemma\":%.2f,\"uas\":%.2f,\"las\":%.2f,\"las_full\":%.2f,"
           "\"sentences\":%llu,\"tokens\":%llu,\"skipped_sentences\":%llu,\"seconds\":%.3f,\"tokens_per_s\":%.0f",
           mt.upos, mt.xpos, mt.feats, mt.lemma, mt.uas, mt.las, mt.las_full, (unsigned long long)mt.sentences,
           (unsigned long long)mt.tokens, (unsigned long long)mt.skipped, mt.seconds, mt.tokens_per_s);
    if (!gold_tokens)
      printf(",\"gold_tokens\":false,\"tokens_f1\":%.2f,\"words_f1\":%.2f,\"sentences_f1\":%.2f",
             seg.tokens.f1, seg.words.f1, seg.sentences.f1);
    printf("}\n");
  } else {
    printf("%s (%s, model %s)\n", gold, gold_tokens ? "gold tokens" : "raw text, F1 after alignment", model);
    if (!gold_tokens)
      printf("  Tokens   %6.2f\n  Words    %6.2f\n  Sentences %5.2f\n", seg.tokens.f1, seg.words.f1, seg.sentences.f1);
    printf("  sentences %llu, words %llu, malformed sentences left out %llu\n", (unsigned long long)mt.sentences,
           (unsigned long long)mt.tokens, (unsigned long long)mt.skipped);
    printf("  UPOS     %6.2f\n  XPOS     %6.2f\n  UFeats   %6.2f\n  Lemma    %6.2f\n", mt.upos, mt.xpos, mt.feats, mt.lemma);
    printf("  UAS      %6.2f\n  LAS      %6.2f   (full relation with subtype: %.2f)\n", mt.uas, mt.las, mt.las_full);
    printf("  speed    %.0f words/s (tag + lemma + parse, one thread)\n", mt.tokens_per_s);
  }
  return 0;
}
