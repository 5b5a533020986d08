/* nlp_codec.c: little-endian field encoding, the bounds-checked decoding cursor, and
** the sorted key->value tables used by the lexicons. Invariant: a cursor never reads
** past its end; any attempt sets bad and yields zeros, so decoders check once per block. */
#include "nlp.h"

#include <stdlib.h>
#include <string.h>

int an_put_u8(an_buf *b, unsigned v) { unsigned char c = (unsigned char)v; return an_buf_put(b, &c, 1); }
int an_put_u16(an_buf *b, unsigned v)
{
  unsigned char c[2] = { (unsigned char)v, (unsigned char)(v >> 8) };
  return an_buf_put(b, c, 2);
}
int an_put_u32(an_buf *b, uint32_t v)
{
  unsigned char c[4];
  int i;
  for (i = 0; i < 4; i++) c[i] = (unsigned char)(v >> (8 * i));
  return an_buf_put(b, c, 4);
}
int an_put_u64(an_buf *b, uint64_t v)
{
  unsigned char c[8];
  int i;
  for (i = 0; i < 8; i++) c[i] = (unsigned char)(v >> (8 * i));
  return an_buf_put(b, c, 8);
}

static const unsigned char *take(an_rd *r, size_t k)
{
  const unsigned char *q;
  if (r->bad || r->n - r->pos < k) { r->bad = 1; return NULL; }
  q = r->p + r->pos;
  r->pos += k;
  return q;
}
unsigned an_get_u8(an_rd *r) { const unsigned char *q = take(r, 1); return q ? q[0] : 0; }
unsigned an_get_u16(an_rd *r) { const unsigned char *q = take(r, 2); return q ? (unsigned)(q[0] | q[1] << 8) : 0; }
uint32_t an_get_u32(an_rd *r)
{
  const unsigned char *q = take(r, 4);
  return q ? (uint32_t)q[0] | (uint32_t)q[1] << 8 | (uint32_t)q[2] << 16 | (uint32_t)q[3] << 24 : 0;
}
uint64_t an_get_u64(an_rd *r)
{
  uint64_t lo = an_get_u32(r), hi = an_get_u32(r);
  return lo | hi << 32;
}
int an_rd_room(an_rd *r, uint64_t count, size_t size)
{
  if (r->bad || (size && count > (r->n - r->pos) / size)) { r->bad = 1; return 0; }
  return 1;
}

/* ---- sorted key -> value tables ---- */

int an_kvtab_get(const an_kvtab *t, uint64_t key, uint32_t *val)
{
  uint32_t lo = 0, hi = t->n;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    if (t->v[mid].key < key) lo = mid + 1;
    else hi = mid;
  }
  if (lo < t->n && t->v[lo].key == key) { *val = t->v[lo].val; return 1; }
  return 0;
}

static int kv_cmp(const void *a, const void *b)
{
  const an_kv *x = a, *y = b;
  return x->key < y->key ? -1 : x->key > y->key;
}

int an_kvtab_sort(an_kvtab *t)
{
  uint32_t i;
  if (t->n) qsort(t->v, t->n, sizeof *t->v, kv_cmp);
  for (i = 1; i < t->n; i++) if (t->v[i].key == t->v[i - 1].key) return -1;
  return 0;
}

/* u32 count, then count x {u64 key, u32 value}, keys strictly increasing. */
int an_kvtab_encode(const an_kvtab *t, an_buf *b)
{
  uint32_t i;
  if (an_put_u32(b, t->n)) return -1;
  for (i = 0; i < t->n; i++)
    if (an_put_u64(b, t->v[i].key) || an_put_u32(b, t->v[i].val)) return -1;
  return 0;
}

annals_status an_kvtab_decode(an_kvtab *t, an_mem *mem, an_rd *r, uint32_t max_val,
                              const char *what, an_err *err)
{
  uint32_t i, n = an_get_u32(r);
  t->v = NULL; t->n = 0;
  if (!an_rd_room(r, n, 12)) return an_err_set(err, ANNALS_EFORMAT, "%s: table size %u exceeds its section", what, n);
  t->v = an_mem_alloc(mem, (size_t)n * sizeof *t->v + 1);
  if (!t->v) return an_err_set(err, ANNALS_ENOMEM, "%s: out of memory", what);
  t->n = n;
  for (i = 0; i < n; i++) {
    t->v[i].key = an_get_u64(r);
    t->v[i].val = an_get_u32(r);
    if (t->v[i].val >= max_val)
      return an_err_set(err, ANNALS_EFORMAT, "%s: entry %u refers to %u, beyond %u", what, i, t->v[i].val, max_val);
    if (i && t->v[i].key <= t->v[i - 1].key)
      return an_err_set(err, ANNALS_EFORMAT, "%s: keys out of order at entry %u", what, i);
  }
  return ANNALS_OK;
}

void an_kvtab_fini(an_kvtab *t, an_mem *mem)
{
  if (t->v) an_mem_free(mem, t->v, (size_t)t->n * sizeof *t->v + 1);
  t->v = NULL; t->n = 0;
}
