/* nlp_ap.c: the averaged perceptron shared by the tagger and the parser.
** Training keeps sparse rows (feature -> the classes it was ever updated for) with
** integer weights and lazy averaging (tot += w * elapsed), so results are exact and
** independent of float rounding. Freezing quantizes the averages to int16 and prunes
** tiny ones; the frozen table is open addressing on a 32-bit key, one probe finds a
** feature's contiguous {class, weight} list. Invariant: callers advance t once per
** training example; freezing at time t gives the average over those t examples. */
#include "nlp.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int an_ap_train_init(an_ap_train *t, an_mem *mem, uint32_t n_classes)
{
  memset(t, 0, sizeof *t);
  t->mem = mem;
  t->n_classes = n_classes;
  t->nslots = 1u << 16;
  t->keys = an_mem_calloc(mem, t->nslots, sizeof *t->keys);
  t->rowid = an_mem_calloc(mem, t->nslots, sizeof *t->rowid);
  return t->keys && t->rowid ? 0 : -1;
}

void an_ap_train_fini(an_ap_train *t)
{
  an_mem_free(t->mem, t->keys, t->nslots * sizeof *t->keys);
  an_mem_free(t->mem, t->rowid, t->nslots * sizeof *t->rowid);
  an_mem_free(t->mem, t->rows, t->cap_rows * sizeof *t->rows);
  an_mem_free(t->mem, t->pool, t->pool_cap * sizeof *t->pool);
  memset(t, 0, sizeof *t);
}

static inline uint64_t tkey(uint64_t f) { return f ? f : 1; }

static const an_ap_row *find_row(const an_ap_train *t, uint64_t f)
{
  size_t mask = t->nslots - 1, i;
  uint64_t k = tkey(f);
  for (i = (size_t)k & mask; t->keys[i]; i = (i + 1) & mask)
    if (t->keys[i] == k) return &t->rows[t->rowid[i]];
  return NULL;
}

void an_ap_train_score(const an_ap_train *t, const uint64_t *f, size_t nf, int64_t *scores)
{
  size_t i;
  uint32_t j;
  memset(scores, 0, t->n_classes * sizeof *scores);
  for (i = 0; i < nf; i++) {
    const an_ap_row *r = find_row(t, f[i]);
    if (!r) continue;
    for (j = 0; j < r->len; j++) scores[t->pool[r->off + j].cls] += t->pool[r->off + j].w;
  }
}

static int grow_table(an_ap_train *t)
{
  size_t n2 = t->nslots * 2, i, mask = n2 - 1;
  uint64_t *k2 = an_mem_calloc(t->mem, n2, sizeof *k2);
  uint32_t *r2 = an_mem_calloc(t->mem, n2, sizeof *r2);
  if (!k2 || !r2) { an_mem_free(t->mem, k2, n2 * sizeof *k2); an_mem_free(t->mem, r2, n2 * sizeof *r2); return -1; }
  for (i = 0; i < t->nslots; i++) {
    size_t j;
    if (!t->keys[i]) continue;
    for (j = (size_t)t->keys[i] & mask; k2[j]; j = (j + 1) & mask) {}
    k2[j] = t->keys[i];
    r2[j] = t->rowid[i];
  }
  an_mem_free(t->mem, t->keys, t->nslots * sizeof *t->keys);
  an_mem_free(t->mem, t->rowid, t->nslots * sizeof *t->rowid);
  t->keys = k2; t->rowid = r2; t->nslots = n2;
  return 0;
}

static an_ap_row *get_row(an_ap_train *t, uint64_t f)
{
  size_t mask, i;
  uint64_t k = tkey(f);
  if ((t->nkeys + 1) * 2 > t->nslots && grow_table(t)) return NULL;
  mask = t->nslots - 1;
  for (i = (size_t)k & mask; t->keys[i]; i = (i + 1) & mask)
    if (t->keys[i] == k) return &t->rows[t->rowid[i]];
  if (t->nkeys >= UINT32_MAX - 1) return NULL;
  if (an_mem_grow(t->mem, (void **)&t->rows, &t->cap_rows, t->nkeys + 1, sizeof *t->rows)) return NULL;
  t->keys[i] = k;
  t->rowid[i] = (uint32_t)t->nkeys;
  t->rows[t->nkeys].off = t->rows[t->nkeys].len = t->rows[t->nkeys].cap = 0;
  return &t->rows[t->nkeys++];
}

static int bump(an_ap_train *t, an_ap_row *r, uint32_t cls, int d)
{
  uint32_t j;
  an_ap_ent *e;
  for (j = 0; j < r->len; j++) if (t->pool[r->off + j].cls == cls) break;
  if (j == r->len) {
    if (r->len == r->cap) {     /* move the row to the pool's end with twice the room */
      uint32_t ncap = r->cap ? r->cap * 2 : 2;
      if (t->pool_n + ncap > UINT32_MAX) return -1;
      if (an_mem_grow(t->mem, (void **)&t->pool, &t->pool_cap, t->pool_n + ncap, sizeof *t->pool)) return -1;
      if (r->len) memcpy(t->pool + t->pool_n, t->pool + r->off, r->len * sizeof *t->pool);
      r->off = (uint32_t)t->pool_n;
      r->cap = ncap;
      t->pool_n += ncap;
    }
    e = &t->pool[r->off + r->len++];
    e->cls = cls; e->w = 0; e->tot = 0; e->ts = t->t;
  }
  e = &t->pool[r->off + j];
  e->tot += (int64_t)e->w * (int64_t)(t->t - e->ts);
  e->ts = t->t;
  e->w += d;
  return 0;
}

int an_ap_train_update(an_ap_train *t, const uint64_t *f, size_t nf, uint32_t good, uint32_t bad)
{
  size_t i;
  if (good == bad) return 0;
  for (i = 0; i < nf; i++) {
    an_ap_row *r = get_row(t, f[i]);
    if (!r) return -1;
    if (bump(t, r, good, 1) || bump(t, r, bad, -1)) return -1;
  }
  return 0;
}

/* ---- freezing ---- */

typedef struct fz { uint32_t key; uint32_t row; uint64_t full; } fz;
static int fz_cmp(const void *a, const void *b)
{
  const fz *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return x->full < y->full ? -1 : x->full > y->full;
}

static inline int64_t avg_sum(const an_ap_train *t, const an_ap_ent *e)
{
  return e->tot + (int64_t)e->w * (int64_t)(t->t - e->ts);
}

static int table_alloc(an_ap_model *m, an_mem *mem, uint32_t n_feats)
{
  uint32_t ns = 16;
  while (ns < n_feats * 2u && ns < (1u << 31)) ns *= 2;
  m->slots = an_mem_calloc(mem, ns, sizeof *m->slots);
  m->mask = ns - 1;
  return m->slots ? 0 : -1;
}

/* Insert a feature whose entries are ents[off..off+n); returns -1 if present. */
static int table_put(an_ap_model *m, uint32_t key, uint32_t off, uint32_t n)
{
  uint32_t i;
  for (i = key & m->mask; m->slots[i].key; i = (i + 1) & m->mask)
    if (m->slots[i].key == key) return -1;
  m->slots[i].key = key; m->slots[i].off = off; m->slots[i].n = n;
  return 0;
}

int an_ap_freeze(const an_ap_train *t, an_mem *mem, int min_q, an_ap_model *out)
{
  size_t i, nf = 0, ne = 0, ne_max = 0, g;
  int64_t maxabs = 1;
  double scale;
  fz *list = NULL;
  int32_t *acc = NULL;
  int rc = -1;
  memset(out, 0, sizeof *out);
  out->n_classes = t->n_classes;
  for (i = 0; i < t->nkeys; i++) {
    uint32_t j;
    const an_ap_row *r = &t->rows[i];
    for (j = 0; j < r->len; j++) {
      int64_t v = avg_sum(t, &t->pool[r->off + j]);
      if (v < 0) v = -v;
      if (v > maxabs) maxabs = v;
    }
  }
  scale = 32767.0 / (double)maxabs;
  list = an_mem_alloc(mem, (t->nkeys + 1) * sizeof *list);
  acc = an_mem_calloc(mem, t->n_classes, sizeof *acc);
  if (!list || !acc) goto done;
  for (i = 0; i < t->nslots; i++) {
    if (!t->keys[i]) continue;
    list[nf].full = t->keys[i];
    list[nf].key = an_ap_key(t->keys[i]);
    list[nf].row = t->rowid[i];
    nf++;
  }
  qsort(list, nf, sizeof *list, fz_cmp);
  /* upper bound of entries: all of them */
  for (i = 0; i < t->nkeys; i++) ne_max += t->rows[i].len;
  out->ents = an_mem_alloc(mem, (ne_max + 1) * sizeof *out->ents);
  out->alloc_ents = (uint32_t)ne_max + 1;
  out->alloc_fslot = (uint32_t)nf + 1;
  out->fslot = an_mem_alloc(mem, (nf + 1) * sizeof *out->fslot);
  if (!out->ents || !out->fslot || table_alloc(out, mem, (uint32_t)nf)) goto done;
  ne = 0;
  for (g = 0; g < nf;) {
    size_t h = g, start = ne;
    uint32_t c;
    while (h < nf && list[h].key == list[g].key) {   /* 32-bit collisions are merged */
      const an_ap_row *r = &t->rows[list[h].row];
      uint32_t j;
      for (j = 0; j < r->len; j++) {
        double q = floor((double)avg_sum(t, &t->pool[r->off + j]) * scale + 0.5);
        acc[t->pool[r->off + j].cls] += (int32_t)q;
      }
      h++;
    }
    for (c = 0; c < t->n_classes; c++) {
      int32_t q = acc[c];
      acc[c] = 0;
      if (q > 32767) q = 32767;
      if (q < -32767) q = -32767;
      if (q >= min_q || -q >= min_q) {
        out->ents[ne].cls = (uint16_t)c;
        out->ents[ne].w = (int16_t)q;
        ne++;
      }
    }
    if (ne > start) {
      table_put(out, list[g].key, (uint32_t)start, (uint32_t)(ne - start));
      out->fslot[out->n_feats++] = list[g].key;
    }
    g = h;
  }
  out->n_ents = (uint32_t)ne;
  rc = 0;
done:
  an_mem_free(mem, list, (t->nkeys + 1) * sizeof *list);
  an_mem_free(mem, acc, t->n_classes * sizeof *acc);
  if (rc) an_ap_model_fini(out, mem);
  else {       /* shrink to the exact sizes so fini knows them */
    an_ap_w *e2 = an_mem_realloc(mem, out->ents, (ne_max + 1) * sizeof *out->ents, (ne + 1) * sizeof *out->ents);
    if (e2) { out->ents = e2; out->alloc_ents = (uint32_t)ne + 1; }
  }
  return rc;
}

void an_ap_model_fini(an_ap_model *m, an_mem *mem)
{
  if (m->slots) an_mem_free(mem, m->slots, ((size_t)m->mask + 1) * sizeof *m->slots);
  if (m->ents) an_mem_free(mem, m->ents, (size_t)m->alloc_ents * sizeof *m->ents);
  if (m->fslot) an_mem_free(mem, m->fslot, (size_t)m->alloc_fslot * sizeof *m->fslot);
  memset(m, 0, sizeof *m);
}

#if defined(__GNUC__)
#define PREFETCH(p) __builtin_prefetch(p)
#else
#define PREFETCH(p) ((void)0)
#endif

/* Three passes so the ~100 random memory reads of a parser state overlap: prefetch
** every feature's slot, then resolve slots and prefetch their weights, then add. */
void an_ap_score(const an_ap_model *m, const uint64_t *f, size_t nf, int32_t *scores)
{
  uint32_t keys[256], off[256], cnt[256];
  size_t i, k, base;
  memset(scores, 0, m->n_classes * sizeof *scores);
  for (base = 0; base < nf; base += 256) {
    size_t nb = nf - base < 256 ? nf - base : 256, nh = 0;
    for (i = 0; i < nb; i++) {
      keys[i] = an_ap_key(f[base + i]);
      PREFETCH(&m->slots[keys[i] & m->mask]);
    }
    for (i = 0; i < nb; i++) {
      uint32_t kk = keys[i], s;
      for (s = kk & m->mask; m->slots[s].key; s = (s + 1) & m->mask) {
        if (m->slots[s].key == kk) {
          off[nh] = m->slots[s].off; cnt[nh] = m->slots[s].n;
          PREFETCH(m->ents + off[nh]);
          nh++;
          break;
        }
      }
    }
    for (k = 0; k < nh; k++) {
      const an_ap_w *e = m->ents + off[k];
      uint32_t j;
      for (j = 0; j < cnt[k]; j++) scores[e[j].cls] += e[j].w;
    }
  }
}

static size_t varint_len(uint32_t v) { size_t n = 1; while (v >= 0x80) { v >>= 7; n++; } return n; }

static const an_ap_slot *lookup(const an_ap_model *m, uint32_t k);

/* Encoded size of m with entries below min_q dropped: on its codebook, or on a full one
** if as_codebook and it has none yet, else as raw int16 weights. */
size_t an_ap_encoded_size(const an_ap_model *m, int min_q, int as_codebook)
{
  int cb = m->n_lv || as_codebook;
  size_t sz = 13 + (cb ? 2 * (size_t)(m->n_lv ? m->n_lv : AN_AP_LEVELS) : 0), i, j;
  uint32_t prev = 0;
  for (i = 0; i < m->n_feats; i++) {
    const an_ap_slot *s = lookup(m, m->fslot[i]);
    size_t kept = 0;
    for (j = 0; j < s->n; j++) kept += m->ents[s->off + j].w >= min_q || -m->ents[s->off + j].w >= min_q;
    if (kept) { sz += varint_len(s->key - prev) + 1 + (cb ? 2 : 3) * kept; prev = s->key; }
  }
  return sz;
}

/* Codebook (Lloyd 1982 in one dimension): levels start log-spaced over the magnitudes
** present (at least one apart), then each moves to the mean of the magnitudes nearest to
** it until nothing changes; least squares keeps the large weights, which decide, close.
** Integer histogram and a fixed iteration order: the same weights give the same bytes. */
int an_ap_quantize(an_ap_model *m, an_mem *mem)
{
  uint32_t *hist = an_mem_calloc(mem, 32768, sizeof *hist);
  double lv[AN_AP_LEVELS], sum[AN_AP_LEVELS];
  uint64_t cnt[AN_AP_LEVELS];
  uint32_t i, distinct = 0, lo = 0, hi = 0, n = 0, nl = 0;
  int it;
  if (!hist) return -1;
  memset(lv, 0, sizeof lv);                     /* every level is set before it is read; cppcheck cannot tell */
  for (i = 0; i < m->n_ents; i++) { int w = m->ents[i].w; hist[w < 0 ? -w : w]++; }
  hist[0] = 0;
  for (i = 1; i < 32768; i++) if (hist[i]) { distinct++; if (!lo) lo = i; hi = i; }
  if (distinct <= AN_AP_LEVELS) {
    for (i = 1; i < 32768; i++) if (hist[i]) lv[n++] = (double)i;
  } else {
    double r = pow((double)hi / (double)lo, 1.0 / (AN_AP_LEVELS - 1));
    for (n = 0; n < AN_AP_LEVELS; n++) {
      double g = (double)lo * pow(r, (double)n);
      lv[n] = n && g < lv[n - 1] + 1.0 ? lv[n - 1] + 1.0 : g;
      if (lv[n] > (double)hi) lv[n] = (double)hi;
    }
    for (it = 0; it < 100; it++) {
      uint32_t j = 0, moved = 0;
      memset(sum, 0, sizeof sum); memset(cnt, 0, sizeof cnt);
      for (i = lo; i <= hi; i++) {
        if (!hist[i]) continue;
        while (j + 1 < n && (double)i > (lv[j] + lv[j + 1]) / 2.0) j++;
        sum[j] += (double)i * (double)hist[i]; cnt[j] += hist[i];
      }
      for (j = 0; j < n; j++) if (cnt[j]) {
        double c = sum[j] / (double)cnt[j];
        if (c != lv[j]) { lv[j] = c; moved++; }
      }
      if (!moved) break;
    }
    memset(cnt, 0, sizeof cnt);
    {
      uint32_t j = 0;
      for (i = lo; i <= hi; i++) {
        if (!hist[i]) continue;
        while (j + 1 < n && (double)i > (lv[j] + lv[j + 1]) / 2.0) j++;
        cnt[j] += hist[i];
      }
    }
  }
  for (i = 0; i < n; i++) {     /* round; drop levels nothing is near and any out of order */
    double v = floor(lv[i] + 0.5);
    if (distinct > AN_AP_LEVELS && !cnt[i]) continue;
    if (v < 1) v = 1;
    if (v > 32767) v = 32767;
    if (nl && v <= (double)m->lv[nl - 1]) continue;
    m->lv[nl++] = (uint16_t)v;
  }
  m->n_lv = nl;
  for (i = 0; i < m->n_ents; i++) {  /* snap to the nearest level (ties: the smaller) */
    int w = m->ents[i].w, a = w < 0 ? -w : w;
    uint32_t l = 0, h = nl - 1;
    if (!nl) break;
    while (l < h) { uint32_t mid = (l + h) / 2; if ((int)m->lv[mid] < a) l = mid + 1; else h = mid; }
    if (l > 0 && a - (int)m->lv[l - 1] <= (int)m->lv[l] - a) l--;
    m->ents[i].w = (int16_t)(w < 0 ? -(int)m->lv[l] : (int)m->lv[l]);
  }
  an_mem_free(mem, hist, 32768 * sizeof *hist);
  return 0;
}

int an_ap_prune(an_ap_model *m, an_mem *mem, int min_q)
{
  an_ap_model o;
  if (an_ap_pruned(m, mem, min_q, &o)) return -1;
  an_ap_model_fini(m, mem);
  *m = o;
  return 0;
}

int an_ap_pruned(const an_ap_model *m, an_mem *mem, int min_q, an_ap_model *out)
{
  an_ap_model o;
  uint32_t i, j, ne = 0, nkeep = 0;
  memset(&o, 0, sizeof o);
  o.n_classes = m->n_classes;
  o.n_lv = m->n_lv;
  memcpy(o.lv, m->lv, sizeof o.lv);
  for (i = 0; i <= m->mask; i++) {
    if (!m->slots[i].key) continue;
    for (j = 0; j < m->slots[i].n; j++)
      if (m->ents[m->slots[i].off + j].w >= min_q || -m->ents[m->slots[i].off + j].w >= min_q) { nkeep++; break; }
  }
  o.ents = an_mem_alloc(mem, ((size_t)m->n_ents + 1) * sizeof *o.ents);
  o.fslot = an_mem_alloc(mem, ((size_t)m->n_feats + 1) * sizeof *o.fslot);
  o.alloc_ents = m->n_ents + 1;
  o.alloc_fslot = m->n_feats + 1;
  if (!o.ents || !o.fslot || table_alloc(&o, mem, nkeep)) { an_ap_model_fini(&o, mem); return -1; }
  for (i = 0; i < m->n_feats; i++) {
    uint32_t k = m->fslot[i], s, start = ne;
    for (s = k & m->mask; m->slots[s].key != k; s = (s + 1) & m->mask) {}
    for (j = 0; j < m->slots[s].n; j++) {
      an_ap_w e = m->ents[m->slots[s].off + j];
      if (e.w >= min_q || -e.w >= min_q) o.ents[ne++] = e;
    }
    if (ne > start) { table_put(&o, k, start, ne - start); o.fslot[o.n_feats++] = k; }
  }
  o.n_ents = ne;
  *out = o;
  return 0;
}

static const an_ap_slot *lookup(const an_ap_model *m, uint32_t k)
{
  uint32_t s;
  for (s = k & m->mask; m->slots[s].key; s = (s + 1) & m->mask)
    if (m->slots[s].key == k) return &m->slots[s];
  return NULL;
}

/* Layout (version 2): u32 n_classes, u32 n_feats, u32 n_ents; u8 n_levels, n_levels x
** u16 magnitude (strictly increasing); n_feats x {varint key_delta, u8 n} (keys strictly
** increasing from 0, each delta in LEB128: 7 bits a byte, low first, high bit = more);
** then n_ents x {u8 class, u8 code}, feature by feature: weight = lv[code & 127], negated
** if code & 128; with no levels, n_ents x {u8 class, i16 weight}. Version 1 had no
** n_levels byte and always the i16 weights. */
static int put_varint(an_buf *b, uint32_t v)
{
  while (v >= 0x80) { if (an_put_u8(b, (v & 0x7f) | 0x80)) return -1; v >>= 7; }
  return an_put_u8(b, v);
}

static int level_code(const an_ap_model *m, int w, unsigned *code)
{
  int a = w < 0 ? -w : w;
  uint32_t l = 0, h = m->n_lv;
  while (l < h) { uint32_t mid = (l + h) / 2; if ((int)m->lv[mid] < a) l = mid + 1; else h = mid; }
  if (l >= m->n_lv || m->lv[l] != a) return -1;       /* not on the codebook: quantize first */
  *code = l | (w < 0 ? 0x80u : 0u);
  return 0;
}

int an_ap_encode(const an_ap_model *m, an_buf *b)
{
  uint32_t i, j, prev = 0;
  if (an_put_u32(b, m->n_classes) || an_put_u32(b, m->n_feats) || an_put_u32(b, m->n_ents) || an_put_u8(b, m->n_lv)) return -1;
  for (i = 0; i < m->n_lv; i++) if (an_put_u16(b, m->lv[i])) return -1;
  for (i = 0; i < m->n_feats; i++) {
    const an_ap_slot *s = lookup(m, m->fslot[i]);
    if (!s || put_varint(b, s->key - prev) || an_put_u8(b, s->n)) return -1;
    prev = s->key;
  }
  for (i = 0; i < m->n_feats; i++) {
    const an_ap_slot *s = lookup(m, m->fslot[i]);
    for (j = 0; j < s->n; j++) {
      const an_ap_w *e = &m->ents[s->off + j];
      unsigned code;
      if (an_put_u8(b, e->cls)) return -1;
      if (!m->n_lv) { if (an_put_u16(b, (uint16_t)e->w)) return -1; }
      else if (level_code(m, e->w, &code) || an_put_u8(b, code)) return -1;
    }
  }
  return 0;
}

annals_status an_ap_decode(an_ap_model *m, an_mem *mem, an_rd *r, unsigned version, const char *what, an_err *err)
{
  size_t wsz;
  uint32_t i, off = 0, prev = 0;
  memset(m, 0, sizeof *m);
  m->n_classes = an_get_u32(r);
  m->n_feats = an_get_u32(r);
  m->n_ents = an_get_u32(r);
  m->n_lv = version >= 2 ? an_get_u8(r) : 0;
  wsz = m->n_lv ? 2 : 3;
  if (r->bad) return an_err_set(err, ANNALS_EFORMAT, "%s: weight header truncated", what);
  if (m->n_lv > AN_AP_LEVELS)
    return an_err_set(err, ANNALS_EFORMAT, "%s: %u codebook levels (1..%d allowed)", what, m->n_lv, AN_AP_LEVELS);
  for (i = 0; i < m->n_lv; i++) {
    m->lv[i] = (uint16_t)an_get_u16(r);
    if (r->bad || m->lv[i] == 0 || m->lv[i] > 32767 || (i && m->lv[i] <= m->lv[i - 1]))
      return an_err_set(err, ANNALS_EFORMAT, "%s: codebook level %u is malformed (zero, above 32767 or out of order)", what, i);
  }
  if (m->n_classes == 0 || m->n_classes > AN_AP_MAX_CLASSES)
    return an_err_set(err, ANNALS_EFORMAT, "%s: %u classes (1..%d allowed)", what, m->n_classes, AN_AP_MAX_CLASSES);
  if (!an_rd_room(r, (uint64_t)m->n_feats * 2 + (uint64_t)m->n_ents * wsz, 1) || m->n_ents < m->n_feats)
    return an_err_set(err, ANNALS_EFORMAT, "%s: %u features / %u weights exceed the section", what, m->n_feats, m->n_ents);
  m->ents = an_mem_alloc(mem, ((size_t)m->n_ents + 1) * sizeof *m->ents);
  m->fslot = an_mem_alloc(mem, ((size_t)m->n_feats + 1) * sizeof *m->fslot);
  m->alloc_ents = m->n_ents + 1;
  m->alloc_fslot = m->n_feats + 1;
  if (!m->ents || !m->fslot || table_alloc(m, mem, m->n_feats)) {
    an_ap_model_fini(m, mem);
    return an_err_set(err, ANNALS_ENOMEM, "%s: out of memory", what);
  }
  for (i = 0; i < m->n_feats; i++) {
    uint64_t delta = 0, key;
    unsigned shift = 0, c, n;
    do {
      c = an_get_u8(r);
      delta |= (uint64_t)(c & 0x7f) << shift;
      shift += 7;
    } while ((c & 0x80) && shift < 35);
    n = an_get_u8(r);
    key = prev + delta;
    if (r->bad || (c & 0x80) || delta == 0 || key > UINT32_MAX || n == 0 || n > m->n_ents - off) {
      an_ap_model_fini(m, mem);
      return an_err_set(err, ANNALS_EFORMAT, "%s: feature %u is malformed (key order or weight count)", what, i);
    }
    table_put(m, (uint32_t)key, off, n);
    m->fslot[i] = (uint32_t)key;
    off += n;
    prev = (uint32_t)key;
  }
  if (off != m->n_ents) {
    an_ap_model_fini(m, mem);
    return an_err_set(err, ANNALS_EFORMAT, "%s: features cover %u of %u weights", what, off, m->n_ents);
  }
  if (!an_rd_room(r, m->n_ents, wsz)) {
    an_ap_model_fini(m, mem);
    return an_err_set(err, ANNALS_EFORMAT, "%s: %u weights exceed the section", what, m->n_ents);
  }
  for (i = 0; i < m->n_ents; i++) {
    unsigned code = 0;
    m->ents[i].cls = (uint16_t)an_get_u8(r);
    if (!m->n_lv) m->ents[i].w = (int16_t)an_get_u16(r);
    else code = an_get_u8(r);
    if (m->ents[i].cls >= m->n_classes || (m->n_lv && (code & 0x7f) >= m->n_lv)) {
      unsigned cl = m->ents[i].cls;
      an_ap_model_fini(m, mem);
      return an_err_set(err, ANNALS_EFORMAT, "%s: weight %u has class %u of %u or code %u of %u levels", what, i, cl,
                        m->n_classes, code & 0x7f, m->n_lv);
    }
    if (m->n_lv) m->ents[i].w = (int16_t)((code & 0x80) ? -(int)m->lv[code & 0x7f] : (int)m->lv[code & 0x7f]);
  }
  return ANNALS_OK;
}

/* out = a + b feature by feature (a linear model scoring like the two together),
** rescaled to int16 if the sums overflow. Both must have the same classes. */
int an_ap_merge(an_ap_model *out, an_mem *mem, const an_ap_model *a, const an_ap_model *b)
{
  int32_t *acc = NULL;
  uint32_t i = 0, j = 0, nf = 0, c, pass;
  size_t ne_max = (size_t)a->n_ents + b->n_ents, ne = 0;
  int64_t maxabs = 1;
  double scale = 1.0;
  memset(out, 0, sizeof *out);
  if (a->n_classes != b->n_classes) return -1;
  out->n_classes = a->n_classes;
  acc = an_mem_calloc(mem, a->n_classes, sizeof *acc);
  out->ents = an_mem_alloc(mem, (ne_max + 1) * sizeof *out->ents);
  out->fslot = an_mem_alloc(mem, ((size_t)a->n_feats + b->n_feats + 1) * sizeof *out->fslot);
  out->alloc_ents = (uint32_t)ne_max + 1;
  out->alloc_fslot = a->n_feats + b->n_feats + 1;
  if (!acc || !out->ents || !out->fslot || table_alloc(out, mem, a->n_feats + b->n_feats)) goto fail;
  for (pass = 0; pass < 2; pass++) {
    i = j = 0;
    while (i < a->n_feats || j < b->n_feats) {
      uint32_t ka = i < a->n_feats ? a->fslot[i] : UINT32_MAX, kb = j < b->n_feats ? b->fslot[j] : UINT32_MAX;
      uint32_t k = ka < kb ? ka : kb, start = (uint32_t)ne;
      const an_ap_slot *s;
      if (ka == k) { s = lookup(a, k); for (c = 0; c < s->n; c++) acc[a->ents[s->off + c].cls] += a->ents[s->off + c].w; i++; }
      if (kb == k) { s = lookup(b, k); for (c = 0; c < s->n; c++) acc[b->ents[s->off + c].cls] += b->ents[s->off + c].w; j++; }
      for (c = 0; c < out->n_classes; c++) {
        int32_t v = acc[c];
        acc[c] = 0;
        if (pass == 0) { if (v > maxabs) maxabs = v; if (-v > maxabs) maxabs = -v; continue; }
        v = (int32_t)floor((double)v * scale + 0.5);
        if (v) { out->ents[ne].cls = (uint16_t)c; out->ents[ne].w = (int16_t)v; ne++; }
      }
      if (pass == 1 && ne > start) { table_put(out, k, start, (uint32_t)ne - start); out->fslot[nf++] = k; }
    }
    if (pass == 0 && maxabs > 32767) scale = 32767.0 / (double)maxabs;
  }
  out->n_feats = nf;
  out->n_ents = (uint32_t)ne;
  an_mem_free(mem, acc, a->n_classes * sizeof *acc);
  return 0;
fail:
  an_mem_free(mem, acc, a->n_classes * sizeof *acc);
  an_ap_model_fini(out, mem);
  return -1;
}
