/* doc.c: one document in flight: segment a story into sentences and UD words,
** publish them as annals_sentence / annals_token arrays, and (with a model) parse.
** Everything a doc returns lives in its arena and arrays until the next segment,
** reset or free. Out-of-memory is sticky until annals_doc_reset. */
#include "doc_int.h"
#include "nlp.h"

#include <string.h>

annals_status annals_doc_new(annals_engine *e, annals_doc **out)
{
  annals_doc *d;
  *out = NULL;
  if (!e) return ANNALS_EMISUSE;
  d = an_mem_calloc(&e->mem, 1, sizeof *d);
  if (!d) return ANNALS_ENOMEM;
  d->engine = e;
  an_mem_init(&d->mem, e->mem.fn, e->mem.ud);
  an_arena_init(&d->arena, &d->mem, 64 * 1024);
  d->seg.mem = &d->mem;
  an_buf_init(&d->scratch, &d->mem);
  an_buf_init(&d->out, &d->mem);
  *out = d;
  return ANNALS_OK;
}

void annals_doc_reset(annals_doc *d)
{
  if (!d) return;
  an_arena_reset(&d->arena);
  d->n_tok = d->n_sent = 0;
  d->n_ev = d->n_coded = 0;
  d->seg.replaced = 0;
  d->mem.failed = 0;
  d->err.msg[0] = '\0';
}

void annals_doc_free(annals_doc *d)
{
  an_mem m;
  if (!d) return;
  m = d->engine->mem;
  an_arena_fini(&d->arena);
  an_mem_free(&d->mem, d->seg.cp, d->seg.cap_cp * sizeof *d->seg.cp);
  an_mem_free(&d->mem, d->seg.tok, d->seg.cap_tok * sizeof *d->seg.tok);
  an_mem_free(&d->mem, d->seg.inq, d->seg.cap_inq);
  an_mem_free(&d->mem, d->tok, d->cap_tok * sizeof *d->tok);
  an_mem_free(&d->mem, d->sent, d->cap_sent * sizeof *d->sent);
  an_mem_free(&d->mem, d->ss, d->cap_ss * sizeof *d->ss);
  an_mem_free(&d->mem, d->par, d->cap_par * sizeof *d->par);
  an_mem_free(&d->mem, d->words, d->cap_words * sizeof *d->words);
  an_mem_free(&d->mem, d->ev, d->cap_ev * sizeof *d->ev);
  an_buf_fini(&d->scratch);
  an_buf_fini(&d->out);
  an_mem_free(&m, d, sizeof *d);
}

const char *annals_doc_errmsg(const annals_doc *d) { return d ? d->err.msg : "no doc"; }
size_t annals_doc_sentence_count(const annals_doc *d) { return d ? d->n_sent : 0; }
size_t annals_doc_token_count(const annals_doc *d) { return d ? d->n_tok : 0; }
size_t annals_doc_replaced_count(const annals_doc *d) { return d ? d->seg.replaced : 0; }

const annals_sentence *annals_doc_sentence(const annals_doc *d, size_t i)
{
  return d && i < d->n_sent ? &d->sent[i] : NULL;
}

const annals_token *annals_doc_token(const annals_doc *d, size_t i)
{
  return d && i < d->n_tok ? &d->tok[i] : NULL;
}

static annals_status nomem(annals_doc *d)
{
  d->mem.failed = 1;
  return an_err_set(&d->err, ANNALS_ENOMEM, "out of memory");
}

/* A word's text: its bytes, invalid UTF-8 replaced by U+FFFD. */
static const char *word_text(annals_doc *d, const char *t, uint32_t a, uint32_t b, uint32_t *flags)
{
  size_t i;
  for (i = a; i < b; i++)
    if ((unsigned char)t[i] >= 0x80) break;
  if (i == b) return an_arena_strndup(&d->arena, t + a, b - a);
  an_buf_clear(&d->scratch);
  if (an_utf8_sanitize(&d->scratch, t + a, b - a)) *flags |= ANNALS_TOK_REPLACED;
  if (d->mem.failed) return NULL;
  return an_arena_strndup(&d->arena, d->scratch.p, d->scratch.n);
}

static int push_word(annals_doc *d, const char *t, uint64_t base, uint32_t a, uint32_t b,
                     uint32_t flags)
{
  annals_token *w;
  if (an_mem_grow(&d->mem, (void **)&d->tok, &d->cap_tok, d->n_tok + 1, sizeof *d->tok)) return -1;
  w = &d->tok[d->n_tok];
  memset(w, 0, sizeof *w);
  w->start = base + a;
  w->end = base + b;
  w->flags = flags;
  w->head = -1;
  w->text = word_text(d, t, a, b, &w->flags);
  if (!w->text) return -1;
  d->n_tok++;
  return 0;
}

/* Publish surface token k as one or more words. */
static int publish_token(annals_doc *d, const char *t, size_t len, uint64_t base,
                         const an_stok *k, const an_stok *next)
{
  size_t cut[3], nc = 0, i;
  uint32_t space = (next ? next->start > k->end : k->end < len) ? ANNALS_TOK_SPACE_AFTER : 0;
  uint32_t a = k->start;
  if (k->kind == AN_ST_WORD) nc = an_seg_split_words(t, k->start, k->end, cut);
  for (i = 0; i <= nc; i++) {
    uint32_t b = i < nc ? (uint32_t)cut[i] : k->end;
    uint32_t f = nc == 0 ? 0 : i == 0 ? ANNALS_TOK_MWT_FIRST : ANNALS_TOK_MWT_NEXT;
    if (i == nc) f |= space;
    if (push_word(d, t, base, a, b, f)) return -1;
    a = b;
  }
  return 0;
}

/* "# text" of words [a, b): each surface token once, a blank where the text had space. */
const char *an_doc_words_text(annals_doc *d, size_t a, size_t b)
{
  size_t i;
  an_buf_clear(&d->scratch);
  for (i = a; i < b; i++) {
    const annals_token *w = &d->tok[i];
    if (w->flags & ANNALS_TOK_REPLACED) an_buf_puts(&d->scratch, w->text);
    else an_buf_put(&d->scratch, w->text, (size_t)(w->end - w->start));
    if ((d->tok[i].flags & ANNALS_TOK_SPACE_AFTER) && i + 1 < b) an_buf_putc(&d->scratch, ' ');
  }
  if (d->mem.failed) return NULL;
  return an_arena_strndup(&d->arena, d->scratch.p ? d->scratch.p : "", d->scratch.n);
}

annals_status an_doc_segment(annals_doc *d, const char *t, size_t len, uint64_t base, int story_flags)
{
  an_seg *g = &d->seg;
  size_t p, s;
  annals_doc_reset(d);
  if (len > UINT32_MAX - 1) return an_err_set(&d->err, ANNALS_ELIMIT, "text of %zu bytes is too long", len);
  if (an_seg_decode(g, t, len)) return nomem(d);
  if (an_seg_paragraphs(g, &d->par, &d->n_par, &d->cap_par)) return nomem(d);
  g->n_tok = 0;
  d->n_ss = 0;
  for (p = 0; p < d->n_par; p++) {
    size_t tok0 = g->n_tok, ss0 = d->n_ss;
    an_range r = d->par[p];
    if (an_seg_tokenize(g, g->cp + r.start, r.end - r.start)) return nomem(d);
    if (g->n_tok == tok0) continue;
    if (an_seg_sentences(g, t, tok0, story_flags, &d->ss, &d->n_ss, &d->cap_ss)) return nomem(d);
    for (s = ss0; s < d->n_ss; s++) d->ss[s].paragraph = (uint32_t)p;
  }
  /* publish words and sentences */
  for (s = 0; s < d->n_ss; s++) {
    an_ssent *ss = &d->ss[s];
    annals_sentence *out;
    size_t k, w0 = d->n_tok;
    for (k = ss->first; k < ss->first + ss->count; k++)
      if (publish_token(d, t, len, base, &g->tok[k], k + 1 < g->n_tok ? &g->tok[k + 1] : NULL))
        return nomem(d);
    if (an_mem_grow(&d->mem, (void **)&d->sent, &d->cap_sent, d->n_sent + 1, sizeof *d->sent))
      return nomem(d);
    out = &d->sent[d->n_sent++];
    out->first = w0;
    out->count = d->n_tok - w0;
    out->start = base + g->tok[ss->first].start;
    out->end = base + g->tok[ss->first + ss->count - 1].end;
    out->flags = ss->flags;
    out->paragraph = ss->paragraph;
    out->text = an_doc_words_text(d, w0, d->n_tok);
    if (!out->text) return nomem(d);
  }
  return ANNALS_OK;
}

annals_status annals_doc_segment(annals_doc *d, const annals_story *s)
{
  if (!d || !s) return ANNALS_EMISUSE;
  return an_doc_segment(d, s->text, s->text_len, s->text_offset, (int)s->flags);
}

annals_status annals_doc_segment_text(annals_doc *d, const char *text, size_t len)
{
  if (!d || (!text && len)) return ANNALS_EMISUSE;
  return an_doc_segment(d, text ? text : "", len, 0, 0);
}
