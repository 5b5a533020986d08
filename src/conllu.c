/* conllu.c: CoNLL-U reading (whole file into an arena-backed corpus) and writing.
** Invariant: a sentence enters the corpus only if every one of its lines parsed and its
** word ids run 1..n with heads in 0..n; a malformed line is reported as "file:line:
** message" and the caller's callback decides whether to skip the sentence or stop. */
#include "nlp.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void an_conllu_init(an_conllu_corpus *c, an_mem *mem)
{
  memset(c, 0, sizeof *c);
  c->mem = mem;
  an_arena_init(&c->arena, mem, 1 << 20);
}

void an_conllu_fini(an_conllu_corpus *c)
{
  an_mem_free(c->mem, c->sents, c->cap_sents * sizeof *c->sents);
  an_arena_fini(&c->arena);
  memset(c, 0, sizeof *c);
}

/* Sentence under construction (growable arrays, copied into the arena when complete). */
typedef struct pend {
  an_conllu_word *w; size_t nw, cw;
  unsigned long *wline; size_t cwl;
  an_conllu_mwt *m; size_t nm, cm;
  const char **cm_txt; size_t nc, cc;
  an_conllu_sent s;
  int bad, started;
} pend;

typedef struct rdctx {
  an_conllu_corpus *c;
  const char *name;
  an_conllu_onerr onerr; void *ud;
  an_err *err;
  pend p;
} rdctx;

/* Report a malformed line; returns 0 to go on (sentence skipped), -1 to stop. */
static int bad_line(rdctx *x, unsigned long line, const char *fmt, ...)
{
  char msg[600], full[800];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  snprintf(full, sizeof full, "%s:%lu: %s", x->name, line, msg);
  x->c->n_errors++;
  x->p.bad = 1;
  if (x->onerr && x->onerr(x->ud, full)) return 0;
  an_err_set(x->err, ANNALS_EFORMAT, "%s", full);
  return -1;
}

static const char *dup(rdctx *x, const char *s, size_t n) { return an_arena_strndup(&x->c->arena, s, n); }

static int parse_int(const char *s, size_t n, int *out)
{
  long v = 0;
  size_t i;
  if (n == 0 || n > 9) return -1;
  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  *out = (int)v;
  return 0;
}

static void pend_reset(pend *p)
{
  p->nw = p->nm = p->nc = 0;
  memset(&p->s, 0, sizeof p->s);
  p->bad = p->started = 0;
}

static void pend_free(pend *p, an_mem *mem)
{
  an_mem_free(mem, p->w, p->cw * sizeof *p->w);
  an_mem_free(mem, p->wline, p->cwl * sizeof *p->wline);
  an_mem_free(mem, p->m, p->cm * sizeof *p->m);
  an_mem_free(mem, p->cm_txt, p->cc * sizeof *p->cm_txt);
}

static annals_status nomem(rdctx *x) { return an_err_set(x->err, ANNALS_ENOMEM, "%s: out of memory", x->name); }

/* End of a sentence: validate heads, copy into the corpus. */
static annals_status finish(rdctx *x)
{
  pend *p = &x->p;
  an_conllu_corpus *c = x->c;
  an_conllu_sent *s;
  size_t i;
  if (!p->started) return ANNALS_OK;
  if (!p->bad && p->nw == 0 && bad_line(x, p->s.line, "sentence has comments but no words")) return ANNALS_EFORMAT;
  for (i = 0; !p->bad && i < p->nw; i++)
    if (p->w[i].head > (int)p->nw && bad_line(x, p->wline[i], "head %d beyond the sentence's %zu words", p->w[i].head, p->nw))
      return ANNALS_EFORMAT;
  for (i = 0; !p->bad && i < p->nm; i++)
    if (p->m[i].last > (int)p->nw && bad_line(x, p->s.line, "token range %d-%d beyond the sentence's %zu words", p->m[i].first, p->m[i].last, p->nw))
      return ANNALS_EFORMAT;
  if (p->bad) { pend_reset(p); return ANNALS_OK; }
  if (an_mem_grow(c->mem, (void **)&c->sents, &c->cap_sents, c->n_sents + 1, sizeof *c->sents)) return nomem(x);
  s = &c->sents[c->n_sents];
  *s = p->s;
  s->words = an_arena_alloc(&c->arena, p->nw * sizeof *s->words);
  s->mwts = an_arena_alloc(&c->arena, (p->nm + 1) * sizeof *s->mwts);
  s->comments = an_arena_alloc(&c->arena, (p->nc + 1) * sizeof *s->comments);
  if (!s->words || !s->mwts || !s->comments) return nomem(x);
  memcpy(s->words, p->w, p->nw * sizeof *s->words);
  if (p->nm) memcpy(s->mwts, p->m, p->nm * sizeof *s->mwts);
  if (p->nc) memcpy(s->comments, p->cm_txt, p->nc * sizeof *s->comments);
  s->n_words = p->nw; s->n_mwts = p->nm; s->n_comments = p->nc;
  c->n_sents++;
  c->n_words += p->nw;
  pend_reset(p);
  return ANNALS_OK;
}

/* "key = value" comment: value of key or NULL. */
static const char *comment_val(const char *t, size_t n, const char *key, size_t *vn)
{
  size_t k = strlen(key), i;
  if (n < k || memcmp(t, key, k)) return NULL;
  i = k;
  if (i == n) { *vn = 0; return t + i; }
  if (t[i] != ' ' && t[i] != '=') return NULL;
  while (i < n && t[i] == ' ') i++;
  if (i < n && t[i] == '=') { i++; while (i < n && t[i] == ' ') i++; }
  else if (i < n) return NULL;
  *vn = n - i;
  return t + i;
}

static annals_status comment(rdctx *x, const char *t, size_t n)
{
  pend *p = &x->p;
  const char *v, *d;
  size_t vn;
  if (p->nw || p->nm) {       /* a comment after words: treat as a new sentence's start */
    annals_status rc = finish(x);
    if (rc) return rc;
  }
  p->started = 1;
  while (n && (*t == '#')) { t++; n--; }
  if (n && *t == ' ') { t++; n--; }
  if (!(d = dup(x, t, n))) return nomem(x);
  if (an_mem_grow(x->c->mem, (void **)&p->cm_txt, &p->cc, p->nc + 1, sizeof *p->cm_txt)) return nomem(x);
  p->cm_txt[p->nc++] = d;
  if ((v = comment_val(d, n, "sent_id", &vn)) && vn) p->s.sent_id = v;
  else if ((v = comment_val(d, n, "text", &vn))) p->s.text = v;
  else if ((v = comment_val(d, n, "newdoc id", &vn))) { p->s.newdoc = 1; p->s.newdoc_id = v; }
  else if ((v = comment_val(d, n, "newdoc", &vn))) { p->s.newdoc = 1; p->s.newdoc_id = v; }
  else if ((v = comment_val(d, n, "newpar id", &vn))) { p->s.newpar = 1; p->s.newpar_id = v; }
  else if ((v = comment_val(d, n, "newpar", &vn))) { p->s.newpar = 1; p->s.newpar_id = v; }
  return ANNALS_OK;
}

static annals_status word_line(rdctx *x, const char *t, size_t n, unsigned long line)
{
  static const char *const names[10] = { "ID", "FORM", "LEMMA", "UPOS", "XPOS", "FEATS", "HEAD", "DEPREL", "DEPS", "MISC" };
  pend *p = &x->p;
  const char *f[10];
  size_t fl[10], nf = 0, i, st = 0;
  const char *dash, *dot;
  if (!p->started) { p->started = 1; p->s.line = line; }
  if (p->bad) return ANNALS_OK;
  for (i = 0; i <= n; i++) {
    if (i == n || t[i] == '\t') {
      if (nf == 10) { nf++; break; }
      f[nf] = t + st; fl[nf] = i - st; nf++;
      st = i + 1;
    }
  }
  if (nf != 10) return bad_line(x, line, "expected 10 tab-separated fields, found %zu", nf) ? ANNALS_EFORMAT : ANNALS_OK;
  for (i = 0; i < 10; i++)
    if (fl[i] == 0) return bad_line(x, line, "empty %s field", names[i]) ? ANNALS_EFORMAT : ANNALS_OK;
  dash = memchr(f[0], '-', fl[0]);
  dot = memchr(f[0], '.', fl[0]);
  if (dot) return ANNALS_OK;                /* empty node: enhanced graphs only */
  if (dash) {
    an_conllu_mwt m;
    if (parse_int(f[0], (size_t)(dash - f[0]), &m.first) || parse_int(dash + 1, fl[0] - (size_t)(dash - f[0]) - 1, &m.last)
        || m.first < 1 || m.last <= m.first)
      return bad_line(x, line, "bad token range '%.*s'", (int)fl[0], f[0]) ? ANNALS_EFORMAT : ANNALS_OK;
    if (m.first != (int)p->nw + 1)
      return bad_line(x, line, "token range %d-%d does not start at word %zu", m.first, m.last, p->nw + 1) ? ANNALS_EFORMAT : ANNALS_OK;
    if (!(m.form = dup(x, f[1], fl[1])) || !(m.misc = dup(x, f[9], fl[9]))) return nomem(x);
    if (an_mem_grow(x->c->mem, (void **)&p->m, &p->cm, p->nm + 1, sizeof *p->m)) return nomem(x);
    p->m[p->nm++] = m;
    return ANNALS_OK;
  }
  {
    an_conllu_word w;
    int id;
    if (parse_int(f[0], fl[0], &id) || id < 1)
      return bad_line(x, line, "bad word id '%.*s'", (int)fl[0], f[0]) ? ANNALS_EFORMAT : ANNALS_OK;
    if (id != (int)p->nw + 1)
      return bad_line(x, line, "word id %d out of sequence (expected %zu)", id, p->nw + 1) ? ANNALS_EFORMAT : ANNALS_OK;
    w.id = id;
    if (fl[6] == 1 && f[6][0] == '_') w.head = -1;
    else if (parse_int(f[6], fl[6], &w.head))
      return bad_line(x, line, "bad HEAD '%.*s'", (int)fl[6], f[6]) ? ANNALS_EFORMAT : ANNALS_OK;
    if (w.head == id) return bad_line(x, line, "word %d is its own head", id) ? ANNALS_EFORMAT : ANNALS_OK;
    if (!(w.form = dup(x, f[1], fl[1])) || !(w.lemma = dup(x, f[2], fl[2])) || !(w.upos = dup(x, f[3], fl[3]))
        || !(w.xpos = dup(x, f[4], fl[4])) || !(w.feats = dup(x, f[5], fl[5])) || !(w.deprel = dup(x, f[7], fl[7]))
        || !(w.deps = dup(x, f[8], fl[8])) || !(w.misc = dup(x, f[9], fl[9])))
      return nomem(x);
    if (an_mem_grow(x->c->mem, (void **)&p->w, &p->cw, p->nw + 1, sizeof *p->w)) return nomem(x);
    if (an_mem_grow(x->c->mem, (void **)&p->wline, &p->cwl, p->nw + 1, sizeof *p->wline)) return nomem(x);
    p->wline[p->nw] = line;
    p->w[p->nw++] = w;
  }
  return ANNALS_OK;
}

annals_status an_conllu_read_mem(an_conllu_corpus *c, const char *name, const char *text, size_t n,
                                 an_conllu_onerr onerr, void *ud, an_err *err)
{
  rdctx x;
  size_t pos = 0;
  unsigned long line = 0;
  annals_status rc = ANNALS_OK;
  memset(&x, 0, sizeof x);
  x.c = c; x.name = name ? name : "-"; x.onerr = onerr; x.ud = ud; x.err = err;
  while (pos < n && rc == ANNALS_OK) {
    const char *nl = memchr(text + pos, '\n', n - pos);
    size_t end = nl ? (size_t)(nl - text) : n, len = end - pos;
    const char *t = text + pos;
    line++;
    if (len && t[len - 1] == '\r') len--;
    if (len == 0) rc = finish(&x);
    else if (t[0] == '#') {
      if (!x.p.started) x.p.s.line = line;
      rc = comment(&x, t, len);
      if (!x.p.s.line) x.p.s.line = line;
    } else rc = word_line(&x, t, len, line);
    pos = end + 1;
  }
  if (rc == ANNALS_OK) rc = finish(&x);
  pend_free(&x.p, c->mem);
  return rc;
}

annals_status an_conllu_read_file(an_conllu_corpus *c, const char *path, an_conllu_onerr onerr,
                                  void *ud, an_err *err)
{
  FILE *fp = fopen(path, "rb");
  an_buf b;
  annals_status rc = ANNALS_OK;
  char chunk[65536];
  size_t k;
  an_buf_init(&b, c->mem);
  if (!fp) return an_err_io(err, path, errno);
  while ((k = fread(chunk, 1, sizeof chunk, fp)) > 0)
    if (an_buf_put(&b, chunk, k)) { rc = an_err_set(err, ANNALS_ENOMEM, "%s: out of memory", path); goto done; }
  if (ferror(fp)) { rc = an_err_io(err, path, errno); goto done; }
  rc = an_conllu_read_mem(c, path, b.p ? b.p : "", b.n, onerr, ud, err);
done:
  an_buf_fini(&b);
  fclose(fp);
  return rc;
}

int an_conllu_write_sent(FILE *fp, const an_conllu_sent *s)
{
  size_t i, m = 0;
  for (i = 0; i < s->n_comments; i++) fprintf(fp, "# %s\n", s->comments[i]);
  for (i = 0; i < s->n_words; i++) {
    const an_conllu_word *w = &s->words[i];
    while (m < s->n_mwts && s->mwts[m].first == w->id) {
      fprintf(fp, "%d-%d\t%s\t_\t_\t_\t_\t_\t_\t_\t%s\n", s->mwts[m].first, s->mwts[m].last, s->mwts[m].form, s->mwts[m].misc);
      m++;
    }
    fprintf(fp, "%d\t%s\t%s\t%s\t%s\t%s\t", w->id, w->form, w->lemma, w->upos, w->xpos, w->feats);
    if (w->head < 0) fputs("_", fp);
    else fprintf(fp, "%d", w->head);
    fprintf(fp, "\t%s\t%s\t%s\n", w->deprel, w->deps, w->misc);
  }
  fputc('\n', fp);
  return ferror(fp) ? -1 : 0;
}
