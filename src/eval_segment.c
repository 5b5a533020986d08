/* eval_segment.c: scores the text layer against gold CoNLL-U, CoNLL 2018 style:
** the raw text is rebuilt from the gold tokens, segmented, and units are matched
** by their character spans (tokens, words) or by both boundaries (sentences). */
#include "doc_int.h"
#include "nlp.h"

#include <string.h>
#include <time.h>

typedef struct span { uint64_t a, b; uint32_t extra; } span;
typedef struct spans { span *v; size_t n, cap; } spans;

static int push(an_mem *m, spans *s, uint64_t a, uint64_t b, uint32_t extra)
{
  if (an_mem_grow(m, (void **)&s->v, &s->cap, s->n + 1, sizeof *s->v)) return -1;
  s->v[s->n++] = (span){ a, b, extra };
  return 0;
}

/* Both lists are in text order; count the spans present in both. */
static uint64_t matches(const spans *g, const spans *s)
{
  size_t i = 0, j = 0;
  uint64_t c = 0;
  while (i < g->n && j < s->n) {
    if (g->v[i].a == s->v[j].a && g->v[i].b == s->v[j].b) {
      c += g->v[i].extra == s->v[j].extra;
      i++; j++;
    } else if (g->v[i].a < s->v[j].a || (g->v[i].a == s->v[j].a && g->v[i].b < s->v[j].b)) i++;
    else j++;
  }
  return c;
}

static void prf(annals_prf *p, uint64_t gold, uint64_t sys, uint64_t ok)
{
  p->gold = gold; p->system = sys; p->correct = ok;
  p->precision = sys ? 100.0 * (double)ok / (double)sys : 0;
  p->recall = gold ? 100.0 * (double)ok / (double)gold : 0;
  p->f1 = p->precision + p->recall > 0 ? 2 * p->precision * p->recall / (p->precision + p->recall) : 0;
}

/* A malformed gold line: say so and skip its sentence (a truncated file still scores). */
static int on_gold_error(void *ud, const char *msg)
{
  const annals_config *cfg = ud;
  if (cfg && cfg->log_fn) cfg->log_fn(cfg->ud, ANNALS_LOG_WARN, msg);
  return 1;
}

static int space_after(const char *misc)
{
  return !(misc && strstr(misc, "SpaceAfter=No"));
}

annals_status annals_eval_segment(const annals_config *cfg, const char *gold_path,
                                  annals_segment_scores *out, char *errbuf, size_t errlen)
{
  annals_status rc;
  an_mem m;
  an_err err;
  an_conllu_corpus gold;
  an_buf text;
  spans gt = { 0 }, gw = { 0 }, gs = { 0 }, st = { 0 }, sw = { 0 }, ss = { 0 };
  annals_engine *eng = NULL;
  annals_doc *doc = NULL;
  size_t i, k;
  struct timespec t0, t1;
  memset(out, 0, sizeof *out);
  err.msg[0] = '\0';
  an_mem_init(&m, cfg ? cfg->realloc_fn : NULL, cfg ? cfg->ud : NULL);
  an_conllu_init(&gold, &m);
  an_buf_init(&text, &m);
  rc = an_conllu_read_file(&gold, gold_path, on_gold_error, (void *)cfg, &err);
  if (rc != ANNALS_OK) goto done;

  /* rebuild the text; record gold spans as we go */
  {
    int prev_space = 1;        /* did the previous sentence's last token have a space after? */
    for (i = 0; i < gold.n_sents; i++) {
      const an_conllu_sent *s = &gold.sents[i];
      size_t mw = 0;
      uint64_t s0;
      if (i > 0) {
        if (s->newdoc || s->newpar) an_buf_puts(&text, "\n\n");
        else if (prev_space) an_buf_putc(&text, ' ');
      }
      s0 = text.n;
      for (k = 0; k < s->n_words;) {
        const an_conllu_word *w = &s->words[k];
        const char *form = w->form, *misc = w->misc;
        size_t nw = 1, q;
        uint64_t a = text.n;
        if (mw < s->n_mwts && s->mwts[mw].first == w->id) {
          const an_conllu_mwt *t = &s->mwts[mw++];
          form = t->form;
          misc = t->misc;
          nw = (size_t)(t->last - t->first + 1);
        }
        an_buf_puts(&text, form);
        push(&m, &gt, a, text.n, 0);
        for (q = 0; q < nw && k + q < s->n_words; q++) {
          const char *f = s->words[k + q].form;
          push(&m, &gw, a, text.n, (uint32_t)(an_hstr(f, strlen(f)) + (nw > 1 ? q : 0)));
        }
        k += nw;
        prev_space = space_after(misc);
        if (prev_space && k < s->n_words) an_buf_putc(&text, ' ');
      }
      if (s->n_words) push(&m, &gs, s0, text.n, 0);
    }
  }
  if (m.failed) { rc = an_err_set(&err, ANNALS_ENOMEM, "out of memory"); goto done; }

  /* segment it all as one text */
  {
    annals_config c2;
    memset(&c2, 0, sizeof c2);
    if (cfg) { c2.realloc_fn = cfg->realloc_fn; c2.ud = cfg->ud; }
    if ((rc = annals_engine_open(&c2, &eng, NULL, 0)) != ANNALS_OK) goto done;
    if ((rc = annals_doc_new(eng, &doc)) != ANNALS_OK) goto done;
  }
  clock_gettime(CLOCK_MONOTONIC, &t0);
  rc = annals_doc_segment_text(doc, text.p ? text.p : "", text.n);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (rc != ANNALS_OK) { an_err_set(&err, rc, "%s", annals_doc_errmsg(doc)); goto done; }
  out->bytes = text.n;
  out->seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);

  for (i = 0; i < annals_doc_sentence_count(doc); i++) {
    const annals_sentence *s = annals_doc_sentence(doc, i);
    push(&m, &ss, s->start, s->end, 0);
    for (k = 0; k < s->count; k++) {
      const annals_token *t = annals_doc_token(doc, s->first + k);
      if (t->flags & ANNALS_TOK_MWT_FIRST) {
        size_t e = k + 1, q;
        while (e < s->count && (annals_doc_token(doc, s->first + e)->flags & ANNALS_TOK_MWT_NEXT)) e++;
        {
          uint64_t a = t->start, b = annals_doc_token(doc, s->first + e - 1)->end;
          push(&m, &st, a, b, 0);
          for (q = k; q < e; q++) {
            const char *f = annals_doc_token(doc, s->first + q)->text;
            push(&m, &sw, a, b, (uint32_t)(an_hstr(f, strlen(f)) + (q - k)));
          }
        }
        k = e - 1;
        continue;
      }
      push(&m, &st, t->start, t->end, 0);
      push(&m, &sw, t->start, t->end, (uint32_t)an_hstr(t->text, strlen(t->text)));
    }
  }
  if (m.failed) { rc = an_err_set(&err, ANNALS_ENOMEM, "out of memory"); goto done; }
  prf(&out->tokens, gt.n, st.n, matches(&gt, &st));
  prf(&out->words, gw.n, sw.n, matches(&gw, &sw));
  prf(&out->sentences, gs.n, ss.n, matches(&gs, &ss));
done:
  if (rc != ANNALS_OK && errbuf && errlen) {
    size_t n = strlen(err.msg);
    if (n >= errlen) n = errlen - 1;
    memcpy(errbuf, err.msg, n);
    errbuf[n] = '\0';
  }
  annals_doc_free(doc);
  annals_engine_close(eng);
  an_mem_free(&m, gt.v, gt.cap * sizeof *gt.v);
  an_mem_free(&m, gw.v, gw.cap * sizeof *gw.v);
  an_mem_free(&m, gs.v, gs.cap * sizeof *gs.v);
  an_mem_free(&m, st.v, st.cap * sizeof *st.v);
  an_mem_free(&m, sw.v, sw.cap * sizeof *sw.v);
  an_mem_free(&m, ss.v, ss.cap * sizeof *ss.v);
  an_buf_fini(&text);
  an_conllu_fini(&gold);
  return rc;
}
