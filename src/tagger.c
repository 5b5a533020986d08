/* tagger.c: part-of-speech tagger. Design: greedy left-to-right averaged perceptron
** (Collins 2002) over joint UPOS|XPOS tags (102 in EWT), so both columns come from one
** decision and stay consistent; features are the word, its lowercase, prefixes 1-4 and
** suffixes 1-5, a collapsed shape, orthographic flags, the words at -2..+2, the two
** previous predicted tags, and the ambiguity class (top two training tags) of the words
** at -1..+2. A second pass re-tags with the first pass's tags at 0..+2 as extra features,
** so decisions also see the right context (+0.15 UPOS on dev). A tag dictionary of
** frequent unambiguous words skips scoring for about half the tokens. Invariant: training
** sees tags the way decoding does (greedy, predicted history), so weights fit the decoder. */
#include "nlp.h"

#include <stdlib.h>
#include <string.h>

size_t an_lower(const char *s, size_t n, char *out)
{
  size_t i;
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 'A' && c <= 'Z') c = (unsigned char)(c + 32);
    else if (c == 0xC3 && i + 1 < n) {    /* Latin-1 capitals U+00C0..U+00DE but U+00D7 */
      unsigned char d = (unsigned char)s[i + 1];
      out[i] = (char)c;
      if (d >= 0x80 && d <= 0x9E && d != 0x97) d = (unsigned char)(d + 0x20);
      out[++i] = (char)d;
      continue;
    }
    out[i] = (char)c;
  }
  return n;
}

/* Per-token hashes computed once per sentence. */
typedef struct tokf {
  uint64_t form, lower, suf[5], pre[4], shape, flags;
  uint64_t amb;                  /* ambiguity class from the lexicon, 0 unknown */
} tokf;

enum { F_DIGIT = 1, F_HYPHEN = 2, F_UPPER = 4, F_ALLUP = 8, F_FIRSTUP = 16, F_NONASCII = 32, F_PUNCT = 64 };

static void tok_features(const char *s, tokf *t, int first)
{
  size_t n = strlen(s), i, k = 0, m;
  char low[64], shape[16];
  unsigned flags = 0;
  int ups = 0, letters = 0;
  char prev = 0;
  m = n < sizeof low ? n : sizeof low;
  an_lower(s, m, low);
  if (m && m < n && ((unsigned char)low[m - 1] & 0xC0) == 0xC0) m--;   /* don't end mid-character */
  t->form = an_hstr(s, n);
  t->lower = n <= sizeof low ? an_hstr(low, n) : an_hc(an_hstr(low, m), n);
  for (i = 0; i < 5; i++) t->suf[i] = an_hc(i + 100, m > i ? an_hstr(low + m - i - 1, i + 1) : 0);
  for (i = 0; i < 4; i++) t->pre[i] = an_hc(i + 200, m > i ? an_hstr(low, i + 1) : 0);
  for (i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    char sc;
    if (c >= '0' && c <= '9') { flags |= F_DIGIT; sc = 'd'; }
    else if (c >= 'A' && c <= 'Z') { ups++; letters++; sc = 'X'; }
    else if (c >= 'a' && c <= 'z') { letters++; sc = 'x'; }
    else if (c >= 0x80) { flags |= F_NONASCII; sc = 'u'; }
    else { sc = (char)c; if (c == '-') flags |= F_HYPHEN; }
    if (sc != prev && k < sizeof shape) shape[k++] = sc;
    prev = sc;
  }
  if (ups) flags |= F_UPPER;
  if (ups && ups == letters) flags |= F_ALLUP;
  if (n && s[0] >= 'A' && s[0] <= 'Z') flags |= F_FIRSTUP;
  if (!letters && !(flags & F_DIGIT) && !(flags & F_NONASCII)) flags |= F_PUNCT;
  t->shape = an_hstr(shape, k);
  t->flags = (uint64_t)flags | (uint64_t)(first ? 128 : 0) | (uint64_t)(n > 12 ? 12 : n) << 8;
}

static const tokf pad_tok = { 0x51, 0x52, { 0x53, 0x53, 0x53, 0x53, 0x53 }, { 0x54, 0x54, 0x54, 0x54 }, 0x55, 0x56, 0x57 };

/* Feature hashes for position i; t1, t2 the previous tags (n_tags, n_tags+1 at the start). */
static size_t feats(const tokf *tf, size_t n, size_t i, uint64_t t1, uint64_t t2, const uint16_t *pt, uint64_t *f)
{
  const tokf *w = &tf[i];
  const tokf *m1 = i >= 1 ? &tf[i - 1] : &pad_tok, *m2 = i >= 2 ? &tf[i - 2] : &pad_tok;
  const tokf *p1 = i + 1 < n ? &tf[i + 1] : &pad_tok, *p2 = i + 2 < n ? &tf[i + 2] : &pad_tok;
  size_t k = 0;
  f[k++] = an_hc(1, 0);
  f[k++] = an_hc(2, w->form);
  f[k++] = an_hc(3, w->lower);
  f[k++] = an_hc(4, w->suf[0]);
  f[k++] = an_hc(5, w->suf[1]);
  f[k++] = an_hc(6, w->suf[2]);
  f[k++] = an_hc(7, w->suf[3]);
  f[k++] = an_hc(8, w->pre[0]);
  f[k++] = an_hc(9, w->pre[1]);
  f[k++] = an_hc(10, w->pre[2]);
  f[k++] = an_hc(11, w->shape);
  f[k++] = an_hc(12, w->flags);
  f[k++] = an_hc(13, t1);
  f[k++] = an_hc(14, t2);
  f[k++] = an_hc(an_hc(15, t1), t2);
  f[k++] = an_hc(an_hc(16, t1), w->lower);
  f[k++] = an_hc(17, m1->lower);
  f[k++] = an_hc(18, m1->suf[2]);
  f[k++] = an_hc(19, m2->lower);
  f[k++] = an_hc(20, p1->lower);
  f[k++] = an_hc(21, p1->suf[2]);
  f[k++] = an_hc(22, p2->lower);
  f[k++] = an_hc(an_hc(23, m1->lower), w->lower);
  f[k++] = an_hc(an_hc(24, w->lower), p1->lower);
  f[k++] = an_hc(an_hc(25, t1), p1->lower);
  f[k++] = an_hc(26, p1->shape);
  f[k++] = an_hc(27, m1->shape);
  f[k++] = an_hc(an_hc(28, t1), w->suf[2]);
  f[k++] = an_hc(an_hc(29, p1->lower), p2->lower);
  f[k++] = an_hc(an_hc(30, w->flags), w->suf[1]);
  f[k++] = an_hc(an_hc(31, p1->suf[0]), w->suf[2]);
  f[k++] = an_hc(an_hc(an_hc(32, t1), t2), w->suf[1]);
  f[k++] = an_hc(33, m1->form);
  f[k++] = an_hc(34, p1->form);
  f[k++] = an_hc(35, p2->suf[2]);
  f[k++] = an_hc(36, p1->pre[1]);
  f[k++] = an_hc(an_hc(37, m1->shape), w->shape);
  f[k++] = an_hc(an_hc(38, w->shape), p1->shape);
  f[k++] = an_hc(an_hc(39, m2->lower), m1->lower);
  f[k++] = an_hc(40, w->amb);
  f[k++] = an_hc(41, p1->amb);
  f[k++] = an_hc(42, p2->amb);
  f[k++] = an_hc(an_hc(43, t1), p1->amb);
  f[k++] = an_hc(an_hc(44, w->amb), p1->amb);
  f[k++] = an_hc(an_hc(45, w->amb), w->suf[2]);
  f[k++] = an_hc(46, w->suf[4]);
  f[k++] = an_hc(47, w->pre[3]);
  f[k++] = an_hc(an_hc(48, m1->amb), w->amb);
  f[k++] = an_hc(an_hc(an_hc(49, t1), w->amb), p1->amb);
  if (pt) {      /* second pass: the first pass's tags, including those to the right */
    uint64_t q0 = pt[i], q1 = i + 1 < n ? pt[i + 1] : 0xFFFF, q2 = i + 2 < n ? pt[i + 2] : 0xFFFF;
    f[k++] = an_hc(50, q0);
    f[k++] = an_hc(51, q1);
    f[k++] = an_hc(52, q2);
    f[k++] = an_hc(an_hc(53, q1), q2);
    f[k++] = an_hc(an_hc(54, t1), q1);
    f[k++] = an_hc(an_hc(55, q0), w->lower);
    f[k++] = an_hc(an_hc(56, q1), w->suf[2]);
    f[k++] = an_hc(an_hc(an_hc(57, t1), q0), q1);
    f[k++] = an_hc(an_hc(58, q1), w->lower);
  }
  ANNALS_ASSERT(k <= AN_TAG_MAX_FEATS);
  return k;
}

static tokf *prepare(const an_tagger *tg, an_arena *a, const char *const *forms, size_t n)
{
  tokf *tf = an_arena_alloc(a, (n + 1) * sizeof *tf);
  size_t i;
  if (!tf) return NULL;
  for (i = 0; i < n; i++) {
    uint32_t v;
    tok_features(forms[i], &tf[i], i == 0);
    tf[i].amb = an_kvtab_get(&tg->amb, tf[i].lower, &v) ? (uint64_t)v + 1 : 0;
  }
  return tf;
}

static uint32_t argmax32(const int32_t *s, uint32_t n)
{
  uint32_t i, b = 0;
  for (i = 1; i < n; i++) if (s[i] > s[b]) b = i;
  return b;
}

/* Greedy left-to-right decoding with weights ap; pt: first-pass tags or NULL. */
static void decode(const an_tagger *tg, const an_ap_model *ap, const tokf *tf, size_t n, const uint16_t *pt,
                   uint16_t *tags)
{
  int32_t scores[AN_AP_MAX_CLASSES];
  uint64_t f[AN_TAG_MAX_FEATS];
  size_t i;
  uint64_t t1 = tg->n_tags, t2 = tg->n_tags + 1;
  for (i = 0; i < n; i++) {
    uint32_t tag;
    if (!an_kvtab_get(&tg->dict, tf[i].form, &tag)) {
      size_t k = feats(tf, n, i, t1, t2, pt, f);
      an_ap_score(ap, f, k, scores);
      tag = argmax32(scores, tg->n_tags);
    }
    tags[i] = (uint16_t)tag;
    t2 = t1; t1 = tag;
  }
}

annals_status an_tagger_tag(const an_tagger *tg, an_arena *a, const char *const *forms, size_t n,
                            uint16_t *tags)
{
  tokf *tf;
  uint16_t *pt;
  if (n == 0) return ANNALS_OK;
  if (!(tf = prepare(tg, a, forms, n))) return ANNALS_ENOMEM;
  decode(tg, &tg->ap, tf, n, NULL, tags);
  if (tg->has2) {
    if (!(pt = an_arena_alloc(a, n * sizeof *pt))) return ANNALS_ENOMEM;
    memcpy(pt, tags, n * sizeof *pt);
    decode(tg, &tg->ap2, tf, n, pt, tags);
  }
  return ANNALS_OK;
}

void an_tagger_fini(an_tagger *t, an_mem *mem)
{
  an_ap_model_fini(&t->ap, mem);
  an_ap_model_fini(&t->ap2, mem);
  t->has2 = 0;
  an_kvtab_fini(&t->dict, mem);
  an_kvtab_fini(&t->amb, mem);
}

/* ---- training ---- */

typedef struct wc { uint64_t key; uint32_t tag, count; } wc;
static int wc_cmp(const void *a, const void *b)
{
  const wc *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return x->tag < y->tag ? -1 : x->tag > y->tag;
}

/* Frequent words (>= 20) whose top tag has >= 99.5% of their occurrences. */
static annals_status build_dict(an_tagger *tg, an_mem *mem, const an_tsent *tr, size_t ntr)
{
  size_t n = 0, i, j, k, cap = 0, nd = 0;
  wc *v;
  for (i = 0; i < ntr; i++) n += tr[i].n;
  v = an_mem_alloc(mem, (n + 1) * sizeof *v);
  if (!v) return ANNALS_ENOMEM;
  for (i = 0, k = 0; i < ntr; i++)
    for (j = 0; j < tr[i].n; j++) {
      v[k].key = an_hstr(tr[i].form[j], strlen(tr[i].form[j]));
      v[k].tag = tr[i].tag[j]; v[k].count = 1; k++;
    }
  qsort(v, n, sizeof *v, wc_cmp);
  cap = 1024;
  tg->dict.v = an_mem_alloc(mem, cap * sizeof *tg->dict.v);
  if (!tg->dict.v) { an_mem_free(mem, v, (n + 1) * sizeof *v); return ANNALS_ENOMEM; }
  for (i = 0; i < n;) {
    size_t e = i, best = 0, bestc = 0, run;
    while (e < n && v[e].key == v[i].key) e++;
    for (j = i; j < e; j += run) {
      for (run = 0; j + run < e && v[j + run].tag == v[j].tag; run++) {}
      if (run > bestc) { bestc = run; best = v[j].tag; }
    }
    if (e - i >= 20 && (double)bestc >= 0.995 * (double)(e - i)) {
      if (nd == cap) {
        an_kv *q = an_mem_realloc(mem, tg->dict.v, cap * sizeof *q, cap * 2 * sizeof *q);
        if (!q) { an_mem_free(mem, v, (n + 1) * sizeof *v); return ANNALS_ENOMEM; }
        tg->dict.v = q; cap *= 2;
      }
      tg->dict.v[nd].key = v[i].key; tg->dict.v[nd].val = (uint32_t)best; nd++;
    }
    i = e;
  }
  an_mem_free(mem, v, (n + 1) * sizeof *v);
  {
    an_kv *q = an_mem_realloc(mem, tg->dict.v, cap * sizeof *q, ((size_t)nd * sizeof *q) + 1);
    if (!q) return ANNALS_ENOMEM;
    tg->dict.v = q;
  }
  tg->dict.n = (uint32_t)nd;
  return ANNALS_OK;
}

/* Ambiguity classes: lowercased words seen twice or more -> top tag and runner-up
** (n_tags when it has under 10%), as top * (n_tags + 1) + second. */
static annals_status build_amb(an_tagger *tg, an_mem *mem, const an_tsent *tr, size_t ntr)
{
  size_t n = 0, i, j, k, nd = 0;
  wc *v;
  for (i = 0; i < ntr; i++) n += tr[i].n;
  v = an_mem_alloc(mem, (n + 1) * sizeof *v);
  tg->amb.v = an_mem_alloc(mem, (n + 1) * sizeof *tg->amb.v);
  if (!v || !tg->amb.v) { an_mem_free(mem, v, (n + 1) * sizeof *v); return ANNALS_ENOMEM; }
  for (i = 0, k = 0; i < ntr; i++)
    for (j = 0; j < tr[i].n; j++) {
      tokf t;
      tok_features(tr[i].form[j], &t, 0);
      v[k].key = t.lower; v[k].tag = tr[i].tag[j]; v[k].count = 1; k++;
    }
  qsort(v, n, sizeof *v, wc_cmp);
  for (i = 0; i < n;) {
    size_t e = i, run, c1 = 0, c2 = 0;
    uint32_t t1 = 0, t2 = tg->n_tags;
    while (e < n && v[e].key == v[i].key) e++;
    for (j = i; j < e; j += run) {
      for (run = 0; j + run < e && v[j + run].tag == v[j].tag; run++) {}
      if (run > c1) { c2 = c1; t2 = t1; c1 = run; t1 = v[j].tag; }
      else if (run > c2) { c2 = run; t2 = v[j].tag; }
    }
    if (e - i >= 2) {
      if (c2 == 0 || (double)c2 < 0.1 * (double)(e - i)) t2 = tg->n_tags;
      tg->amb.v[nd].key = v[i].key; tg->amb.v[nd].val = t1 * (tg->n_tags + 1) + t2; nd++;
    }
    i = e;
  }
  an_mem_free(mem, v, (n + 1) * sizeof *v);
  {
    an_kv *q = an_mem_realloc(mem, tg->amb.v, (n + 1) * sizeof *q, nd * sizeof *q + 1);
    if (!q) return ANNALS_ENOMEM;
    tg->amb.v = q;
  }
  tg->amb.n = (uint32_t)nd;
  return ANNALS_OK;
}

/* Dev accuracy of tg; stage 2 decodes tg->ap with the dev set's first-pass tags (ptag). */
static double dev_acc(const an_tagger *tg, an_mem *mem, const an_tsent *dev, size_t ndev, int stage2)
{
  an_arena a;
  size_t i, j, ok = 0, all = 0;
  uint16_t *tags = NULL;
  size_t cap = 0;
  an_arena_init(&a, mem, 1 << 16);
  for (i = 0; i < ndev; i++) {
    if (an_mem_grow(mem, (void **)&tags, &cap, dev[i].n + 1, sizeof *tags)) break;
    if (stage2) {
      tokf *tf = prepare(tg, &a, dev[i].form, dev[i].n);
      if (!tf) break;
      decode(tg, &tg->ap, tf, dev[i].n, dev[i].ptag, tags);
    } else if (an_tagger_tag(tg, &a, dev[i].form, dev[i].n, tags)) break;
    for (j = 0; j < dev[i].n; j++) ok += tags[j] == dev[i].tag[j];
    all += dev[i].n;
    an_arena_reset(&a);
  }
  an_mem_free(mem, tags, cap * sizeof *tags);
  an_arena_fini(&a);
  return all ? 100.0 * (double)ok / (double)all : 0.0;
}

double an_tagger_eval(const an_tagger *tg, an_mem *mem, const an_tsent *dev, size_t ndev)
{
  return dev_acc(tg, mem, dev, ndev, 0);
}

annals_status an_tagger_train(an_tagger *out, an_mem *mem, uint32_t n_tags, const an_tsent *tr,
                              size_t ntr, const an_tsent *dev, size_t ndev, int stage2,
                              const an_train_cfg *cfg, double *best_acc)
{
  an_ap_train apt;
  an_tagger cur, best;
  an_arena a;
  an_rng rng;
  size_t *order = NULL, i, j;
  annals_status rc = ANNALS_OK;
  int epoch, since = 0;
  double bacc = -1.0;
  int64_t scores[AN_AP_MAX_CLASSES];
  memset(out, 0, sizeof *out);
  memset(&best, 0, sizeof best);
  memset(&cur, 0, sizeof cur);
  if (n_tags == 0 || n_tags > AN_AP_MAX_CLASSES) return ANNALS_ELIMIT;
  if (an_ap_train_init(&apt, mem, n_tags)) return ANNALS_ENOMEM;
  an_arena_init(&a, mem, 1 << 16);
  an_rng_seed(&rng, cfg->seed);
  cur.n_tags = n_tags;
  if ((rc = build_dict(&cur, mem, tr, ntr)) || (rc = build_amb(&cur, mem, tr, ntr))) goto done;
  if (!(order = an_mem_alloc(mem, (ntr + 1) * sizeof *order))) { rc = ANNALS_ENOMEM; goto done; }
  for (i = 0; i < ntr; i++) order[i] = i;
  for (epoch = 1; epoch <= cfg->max_epochs; epoch++) {
    size_t ok = 0, all = 0;
    double acc;
    for (i = ntr; i > 1; i--) { size_t r = an_rng_below(&rng, (uint32_t)i), t = order[i - 1]; order[i - 1] = order[r]; order[r] = t; }
    for (i = 0; i < ntr; i++) {
      const an_tsent *s = &tr[order[i]];
      tokf *tf = prepare(&cur, &a, s->form, s->n);
      uint64_t t1 = n_tags, t2 = n_tags + 1, f[AN_TAG_MAX_FEATS];
      if (!tf) { rc = ANNALS_ENOMEM; goto done; }
      for (j = 0; j < s->n; j++) {
        uint32_t tag, c;
        if (!an_kvtab_get(&cur.dict, tf[j].form, &tag)) {
          size_t k = feats(tf, s->n, j, t1, t2, stage2 ? s->ptag : NULL, f);
          an_ap_train_score(&apt, f, k, scores);
          for (tag = 0, c = 1; c < n_tags; c++) if (scores[c] > scores[tag]) tag = c;
          apt.t++;
          if (tag != s->tag[j] && an_ap_train_update(&apt, f, k, s->tag[j], tag)) { rc = ANNALS_ENOMEM; goto done; }
        }
        ok += tag == s->tag[j];
        all++;
        t2 = t1; t1 = tag;
      }
      an_arena_reset(&a);
    }
    an_ap_model_fini(&cur.ap, mem);
    if (an_ap_freeze(&apt, mem, cfg->min_q, &cur.ap)) { rc = ANNALS_ENOMEM; goto done; }
    acc = dev_acc(&cur, mem, dev, ndev, stage2);
    if (cfg->log)
      cfg->log(cfg->ud, "%s: epoch %d train %.2f dev %.2f (%u features, %u weights)", cfg->name, epoch,
               100.0 * (double)ok / (double)(all ? all : 1), acc, cur.ap.n_feats, cur.ap.n_ents);
    if (cfg->fixed || acc > bacc) {
      an_ap_model_fini(&best.ap, mem);
      best.ap = cur.ap;
      memset(&cur.ap, 0, sizeof cur.ap);
      bacc = acc;
      since = 0;
      if (cfg->best_epoch) *cfg->best_epoch = epoch;
    } else if (++since >= 3) break;
  }
  out->n_tags = n_tags;
  out->ap = best.ap; memset(&best.ap, 0, sizeof best.ap);
  out->dict = cur.dict; memset(&cur.dict, 0, sizeof cur.dict);
  out->amb = cur.amb; memset(&cur.amb, 0, sizeof cur.amb);
  if (best_acc) *best_acc = bacc;
done:
  an_ap_train_fini(&apt);
  an_arena_fini(&a);
  an_mem_free(mem, order, (ntr + 1) * sizeof *order);
  an_tagger_fini(&cur, mem);
  an_tagger_fini(&best, mem);
  return rc;
}
