/* nlp_eval.c: tagging/lemma/parsing accuracy against gold CoNLL-U with gold tokens.
** CoNLL 2018 definitions: every word counts (punctuation included); LAS compares the
** universal part of the relation (before ':'), las_full the whole relation; a gold lemma
** "_" matches anything. Timing covers only annotation, on the calling thread. */
#include "nlp.h"

#include <string.h>
#include <time.h>

static int same_universal(const char *a, const char *b)
{
  size_t na = strcspn(a, ":"), nb = strcspn(b, ":");
  return na == nb && memcmp(a, b, na) == 0;
}

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

annals_status an_eval_parse_gold(const an_model *m, an_mem *mem, const an_conllu_corpus *gold,
                                 annals_parse_metrics *out)
{
  an_arena a;
  an_nlp_word *w = NULL;
  size_t cap = 0, i, j;
  uint64_t n = 0, upos = 0, xpos = 0, feats = 0, lemma = 0, uas = 0, las = 0, lasf = 0;
  double t = 0;
  annals_status rc = ANNALS_OK;
  memset(out, 0, sizeof *out);
  an_arena_init(&a, mem, 1 << 16);
  for (i = 0; i < gold->n_sents; i++) {
    const an_conllu_sent *s = &gold->sents[i];
    double t0;
    if (an_mem_grow(mem, (void **)&w, &cap, s->n_words + 1, sizeof *w)) { rc = ANNALS_ENOMEM; break; }
    for (j = 0; j < s->n_words; j++) { memset(&w[j], 0, sizeof w[j]); w[j].form = s->words[j].form; }
    t0 = now();
    rc = an_model_annotate(m, &a, w, s->n_words);
    t += now() - t0;
    if (rc) break;
    for (j = 0; j < s->n_words; j++) {
      const an_conllu_word *g = &s->words[j];
      n++;
      upos += strcmp(w[j].upos, g->upos) == 0;
      xpos += strcmp(w[j].xpos, g->xpos) == 0;
      feats += strcmp(w[j].feats, g->feats) == 0;
      lemma += strcmp(g->lemma, "_") == 0 || strcmp(w[j].lemma, g->lemma) == 0;
      if (w[j].head == g->head) {
        uas++;
        las += same_universal(w[j].deprel, g->deprel);
        lasf += strcmp(w[j].deprel, g->deprel) == 0;
      }
    }
    an_arena_reset(&a);
  }
  an_mem_free(mem, w, cap * sizeof *w);
  an_arena_fini(&a);
  if (rc) return rc;
  out->sentences = gold->n_sents;
  out->tokens = n;
  if (n) {
    double d = (double)n / 100.0;
    out->upos = (double)upos / d; out->xpos = (double)xpos / d; out->feats = (double)feats / d;
    out->lemma = (double)lemma / d; out->uas = (double)uas / d; out->las = (double)las / d;
    out->las_full = (double)lasf / d;
  }
  out->seconds = t;
  out->tokens_per_s = t > 0 ? (double)n / t : 0;
  return ANNALS_OK;
}

static int warn_line(void *ud, const char *msg)
{
  const annals_config *cfg = ud;
  if (cfg->log_fn) cfg->log_fn(cfg->ud, ANNALS_LOG_WARN, msg);
  return 1;
}

annals_status annals_eval_parse_gold(const annals_config *cfg, const char *gold_path,
                                     annals_parse_metrics *out, char *errbuf, size_t errlen)
{
  an_mem mem;
  an_err err;
  an_model *m = NULL;
  an_conllu_corpus c;
  annals_status rc;
  if (errbuf && errlen) errbuf[0] = '\0';
  if (!cfg || !cfg->model_path || !gold_path || !out) {
    if (errbuf && errlen) snprintf(errbuf, errlen, "a model path and a gold file are required");
    return ANNALS_EMISUSE;
  }
  an_mem_init(&mem, cfg->realloc_fn, cfg->ud);
  err.rc = ANNALS_OK; err.msg[0] = '\0';
  an_conllu_init(&c, &mem);
  if ((rc = an_model_load(&mem, cfg->model_path, &m, &err)) == ANNALS_OK &&
      (rc = an_conllu_read_file(&c, gold_path, warn_line, (void *)cfg, &err)) == ANNALS_OK) {
    rc = an_eval_parse_gold(m, &mem, &c, out);
    out->skipped = c.n_errors;
    if (rc) an_err_set(&err, rc, "%s: %s", gold_path, annals_status_str(rc));
  }
  if (rc && errbuf && errlen) snprintf(errbuf, errlen, "%s", err.msg);
  an_model_free(m);
  an_conllu_fini(&c);
  return rc;
}
