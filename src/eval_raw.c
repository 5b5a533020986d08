/* eval_raw.c: scores the pipeline from raw text against gold CoNLL-U, CoNLL 2018
** style. The raw text is rebuilt from the gold tokens (SpaceAfter=No honoured;
** sentences of a paragraph joined by a space, paragraphs and documents by a blank
** line), run through annals, and system units are aligned to gold ones by their
** character spans: tokens and sentences must match exactly; the words of a
** multi-word token align by position (or by form when their counts differ).
** Scores are F1: 2 * correct / (gold + system). */
#include "doc_int.h"
#include "nlp.h"

#include <string.h>
#include <strings.h>
#include <time.h>

typedef struct span { uint64_t a, b; uint32_t extra; } span;
typedef struct spans { span *v; size_t n, cap; } spans;

/* A word of either side, with its surface token's span and its place in it. */
typedef struct eword {
  uint64_t a, b;                 /* surface token span */
  uint32_t pos, len;             /* index within the surface token, its word count */
  const char *form, *upos, *xpos, *feats, *lemma, *deprel;
  int64_t head;                  /* global index of the head word, -1 for the root */
} eword;
typedef struct ewords { eword *v; size_t n, cap; } ewords;

typedef struct gold_text {
  an_conllu_corpus corpus;
  an_buf text;
  spans tok, sent;
  ewords words;
  uint64_t skipped;
} gold_text;

static int push(an_mem *m, spans *s, uint64_t a, uint64_t b, uint32_t extra)
{
  if (an_mem_grow(m, (void **)&s->v, &s->cap, s->n + 1, sizeof *s->v)) return -1;
  s->v[s->n++] = (span){ a, b, extra };
  return 0;
}

static eword *push_word(an_mem *m, ewords *w)
{
  if (an_mem_grow(m, (void **)&w->v, &w->cap, w->n + 1, sizeof *w->v)) return NULL;
  memset(&w->v[w->n], 0, sizeof w->v[0]);
  return &w->v[w->n++];
}

static void prf(annals_prf *p, uint64_t gold, uint64_t sys, uint64_t ok)
{
  p->gold = gold; p->system = sys; p->correct = ok;
  p->precision = sys ? 100.0 * (double)ok / (double)sys : 0;
  p->recall = gold ? 100.0 * (double)ok / (double)gold : 0;
  p->f1 = p->precision + p->recall > 0 ? 2 * p->precision * p->recall / (p->precision + p->recall) : 0;
}

static double f1(uint64_t ok, uint64_t gold, uint64_t sys)
{
  return gold + sys ? 200.0 * (double)ok / (double)(gold + sys) : 0;
}

/* Spans in both lists (each in text order). */
static uint64_t matches(const spans *g, const spans *s)
{
  size_t i = 0, j = 0;
  uint64_t c = 0;
  while (i < g->n && j < s->n) {
    if (g->v[i].a == s->v[j].a && g->v[i].b == s->v[j].b) { c++; i++; j++; }
    else if (g->v[i].a < s->v[j].a || (g->v[i].a == s->v[j].a && g->v[i].b < s->v[j].b)) i++;
    else j++;
  }
  return c;
}

/* A malformed gold line: say so and skip its sentence (a truncated file still scores). */
static int on_gold_error(void *ud, const char *msg)
{
  const annals_config *cfg = ud;
  if (cfg && cfg->log_fn) cfg->log_fn(cfg->ud, ANNALS_LOG_WARN, msg);
  return 1;
}

static int space_after(const char *misc) { return !(misc && strstr(misc, "SpaceAfter=No")); }

static void gold_fini(gold_text *g, an_mem *m)
{
  an_mem_free(m, g->tok.v, g->tok.cap * sizeof *g->tok.v);
  an_mem_free(m, g->sent.v, g->sent.cap * sizeof *g->sent.v);
  an_mem_free(m, g->words.v, g->words.cap * sizeof *g->words.v);
  an_buf_fini(&g->text);
  an_conllu_fini(&g->corpus);
}

static annals_status gold_read(gold_text *g, an_mem *m, const annals_config *cfg, const char *path, an_err *err)
{
  size_t i, k;
  int prev_space = 1;        /* did the previous sentence's last token have a space after? */
  annals_status rc;
  memset(g, 0, sizeof *g);
  an_conllu_init(&g->corpus, m);
  an_buf_init(&g->text, m);
  rc = an_conllu_read_file(&g->corpus, path, on_gold_error, (void *)cfg, err);
  if (rc != ANNALS_OK) return rc;
  g->skipped = g->corpus.n_errors;
  for (i = 0; i < g->corpus.n_sents; i++) {
    const an_conllu_sent *s = &g->corpus.sents[i];
    size_t mw = 0, w0 = g->words.n;
    uint64_t s0;
    if (i > 0) {
      if (s->newdoc || s->newpar) an_buf_puts(&g->text, "\n\n");
      else if (prev_space) an_buf_putc(&g->text, ' ');
    }
    s0 = g->text.n;
    for (k = 0; k < s->n_words;) {
      const an_conllu_word *w = &s->words[k];
      const char *form = w->form, *misc = w->misc;
      size_t nw = 1, q;
      uint64_t a = g->text.n;
      if (mw < s->n_mwts && s->mwts[mw].first == w->id) {
        const an_conllu_mwt *t = &s->mwts[mw++];
        form = t->form;
        misc = t->misc;
        nw = (size_t)(t->last - t->first + 1);
      }
      an_buf_puts(&g->text, form);
      push(m, &g->tok, a, g->text.n, 0);
      for (q = 0; q < nw && k + q < s->n_words; q++) {
        const an_conllu_word *x = &s->words[k + q];
        eword *e = push_word(m, &g->words);
        if (!e) break;
        e->a = a; e->b = g->text.n; e->pos = (uint32_t)q; e->len = (uint32_t)nw;
        e->form = x->form; e->upos = x->upos; e->xpos = x->xpos; e->feats = x->feats;
        e->lemma = x->lemma; e->deprel = x->deprel;
        e->head = x->head > 0 ? (int64_t)(w0 + (size_t)x->head - 1) : -1;
      }
      k += nw;
      prev_space = space_after(misc);
      if (prev_space && k < s->n_words) an_buf_putc(&g->text, ' ');
    }
    if (s->n_words) push(m, &g->sent, s0, g->text.n, 0);
  }
  if (m->failed) return an_err_set(err, ANNALS_ENOMEM, "out of memory");
  if (!g->text.p) an_buf_put(&g->text, "", 0);
  return ANNALS_OK;
}

/* The doc's sentences, surface tokens and words, as the gold side has them. */
static void sys_collect(const annals_doc *doc, an_mem *m, spans *tok, spans *sent, ewords *words)
{
  size_t i, k;
  for (i = 0; i < annals_doc_sentence_count(doc); i++) {
    const annals_sentence *s = annals_doc_sentence(doc, i);
    size_t w0 = words->n;
    push(m, sent, s->start, s->end, 0);
    for (k = 0; k < s->count;) {
      const annals_token *t = annals_doc_token(doc, s->first + k);
      size_t e = k + 1, q;
      if (t->flags & ANNALS_TOK_MWT_FIRST)
        while (e < s->count && (annals_doc_token(doc, s->first + e)->flags & ANNALS_TOK_MWT_NEXT)) e++;
      {
        uint64_t a = t->start, b = annals_doc_token(doc, s->first + e - 1)->end;
        push(m, tok, a, b, 0);
        for (q = k; q < e; q++) {
          const annals_token *x = annals_doc_token(doc, s->first + q);
          eword *ew = push_word(m, words);
          if (!ew) return;
          ew->a = a; ew->b = b; ew->pos = (uint32_t)(q - k); ew->len = (uint32_t)(e - k);
          ew->form = x->text; ew->upos = x->upos; ew->xpos = x->xpos; ew->feats = x->feats;
          ew->lemma = x->lemma; ew->deprel = x->deprel;
          ew->head = x->head > 0 ? (int64_t)(w0 + (size_t)x->head - 1) : -1;
        }
      }
      k = e;
    }
  }
}

/* align[j] = gold index of system word j, or -1. Returns the number aligned. */
static uint64_t align_words(const ewords *g, const ewords *s, int64_t *align)
{
  size_t i = 0, j = 0, q;
  uint64_t n = 0;
  for (q = 0; q < s->n; q++) align[q] = -1;
  while (i < g->n && j < s->n) {
    const eword *x = &g->v[i], *y = &s->v[j];
    if (x->a == y->a && x->b == y->b) {
      size_t gi = i, sj = j, ge, se;
      while (i < g->n && g->v[i].a == x->a && g->v[i].b == x->b) i++;
      while (j < s->n && s->v[j].a == y->a && s->v[j].b == y->b) j++;
      ge = i; se = j;
      if (ge - gi == se - sj) {
        for (q = 0; q < ge - gi; q++) { align[sj + q] = (int64_t)(gi + q); n++; }
      } else {
        /* different splits of one token: pair equal forms in order */
        size_t a = gi, b = sj;
        while (a < ge && b < se) {
          if (!strcasecmp(g->v[a].form, s->v[b].form)) { align[b] = (int64_t)a; n++; a++; b++; }
          else if (ge - a > se - b) a++;
          else b++;
        }
      }
    } else if (x->a < y->a || (x->a == y->a && x->b < y->b)) i++;
    else j++;
  }
  return n;
}

static int same_universal(const char *a, const char *b)
{
  size_t na = strcspn(a, ":"), nb = strcspn(b, ":");
  return na == nb && memcmp(a, b, na) == 0;
}

static void copy_err(char *errbuf, size_t errlen, const an_err *err)
{
  size_t n;
  if (!errbuf || !errlen) return;
  n = strlen(err->msg);
  if (n >= errlen) n = errlen - 1;
  memcpy(errbuf, err->msg, n);
  errbuf[n] = '\0';
}

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Shared body: parse = 0 segments only. */
static annals_status eval_raw(const annals_config *cfg, const char *gold_path, int parse,
                              annals_segment_scores *seg, annals_parse_metrics *pm,
                              char *errbuf, size_t errlen)
{
  annals_status rc;
  an_mem m;
  an_err err;
  gold_text g;
  spans st = { 0 }, ss = { 0 };
  ewords sw = { 0 };
  int64_t *align = NULL;
  size_t align_cap = 0;
  annals_engine *eng = NULL;
  annals_doc *doc = NULL;
  double t0, t1, t2;
  err.msg[0] = '\0';
  an_mem_init(&m, cfg ? cfg->realloc_fn : NULL, cfg ? cfg->ud : NULL);
  if ((rc = gold_read(&g, &m, cfg, gold_path, &err)) != ANNALS_OK) goto done;
  {
    annals_config c2;
    memset(&c2, 0, sizeof c2);
    if (cfg) { c2.realloc_fn = cfg->realloc_fn; c2.ud = cfg->ud; c2.log_fn = cfg->log_fn; }
    if (parse) c2.model_path = cfg ? cfg->model_path : NULL;
    if (parse && !c2.model_path) { rc = an_err_set(&err, ANNALS_EMISUSE, "no model given"); goto done; }
    if ((rc = annals_engine_open(&c2, &eng, err.msg, sizeof err.msg)) != ANNALS_OK) goto done;
    if ((rc = annals_doc_new(eng, &doc)) != ANNALS_OK) goto done;
  }
  t0 = now();
  rc = annals_doc_segment_text(doc, g.text.p, g.text.n);
  t1 = now();
  if (rc == ANNALS_OK && parse) rc = annals_doc_parse(doc);
  t2 = now();
  if (rc != ANNALS_OK) { an_err_set(&err, rc, "%s", annals_doc_errmsg(doc)); goto done; }
  sys_collect(doc, &m, &st, &ss, &sw);
  if (an_mem_grow(&m, (void **)&align, &align_cap, sw.n + 1, sizeof *align) || m.failed) {
    rc = an_err_set(&err, ANNALS_ENOMEM, "out of memory");
    goto done;
  }
  {
    uint64_t nal = align_words(&g.words, &sw, align);
    if (seg) {
      memset(seg, 0, sizeof *seg);
      prf(&seg->tokens, g.tok.n, st.n, matches(&g.tok, &st));
      prf(&seg->words, g.words.n, sw.n, nal);
      prf(&seg->sentences, g.sent.n, ss.n, matches(&g.sent, &ss));
      seg->bytes = g.text.n;
      seg->seconds = t1 - t0;
    }
    if (pm) {
      uint64_t c_upos = 0, c_xpos = 0, c_feats = 0, c_lemma = 0, c_uas = 0, c_las = 0, c_lasf = 0;
      size_t j;
      for (j = 0; j < sw.n; j++) {
        const eword *y = &sw.v[j], *x;
        int head_ok;
        if (align[j] < 0) continue;
        x = &g.words.v[align[j]];
        c_upos += y->upos && !strcmp(x->upos, y->upos);
        c_xpos += y->xpos && !strcmp(x->xpos, y->xpos);
        c_feats += y->feats && !strcmp(x->feats, y->feats);
        c_lemma += !strcmp(x->lemma, "_") || (y->lemma && !strcmp(x->lemma, y->lemma));
        head_ok = (x->head < 0 && y->head < 0) || (y->head >= 0 && align[y->head] == x->head && x->head >= 0);
        if (head_ok) {
          c_uas++;
          c_las += y->deprel && same_universal(x->deprel, y->deprel);
          c_lasf += y->deprel && !strcmp(x->deprel, y->deprel);
        }
      }
      memset(pm, 0, sizeof *pm);
      pm->upos = f1(c_upos, g.words.n, sw.n);
      pm->xpos = f1(c_xpos, g.words.n, sw.n);
      pm->feats = f1(c_feats, g.words.n, sw.n);
      pm->lemma = f1(c_lemma, g.words.n, sw.n);
      pm->uas = f1(c_uas, g.words.n, sw.n);
      pm->las = f1(c_las, g.words.n, sw.n);
      pm->las_full = f1(c_lasf, g.words.n, sw.n);
      pm->sentences = g.sent.n;
      pm->tokens = g.words.n;
      pm->skipped = g.skipped;
      pm->seconds = t2 - t1;
      pm->tokens_per_s = t2 > t1 ? (double)sw.n / (t2 - t1) : 0;
    }
  }
done:
  if (rc != ANNALS_OK) copy_err(errbuf, errlen, &err);
  annals_doc_free(doc);
  annals_engine_close(eng);
  an_mem_free(&m, st.v, st.cap * sizeof *st.v);
  an_mem_free(&m, ss.v, ss.cap * sizeof *ss.v);
  an_mem_free(&m, sw.v, sw.cap * sizeof *sw.v);
  an_mem_free(&m, align, align_cap * sizeof *align);
  gold_fini(&g, &m);
  return rc;
}

annals_status annals_eval_segment(const annals_config *cfg, const char *gold_path,
                                  annals_segment_scores *out, char *errbuf, size_t errlen)
{
  return eval_raw(cfg, gold_path, 0, out, NULL, errbuf, errlen);
}

annals_status annals_eval_parse_raw(const annals_config *cfg, const char *gold_path,
                                    annals_parse_metrics *out, annals_segment_scores *seg,
                                    char *errbuf, size_t errlen)
{
  return eval_raw(cfg, gold_path, 1, seg, out, errbuf, errlen);
}
