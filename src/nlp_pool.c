/* nlp_pool.c: the NLP layer's string pool: strings interned once, named by dense ids.
** Invariant: off[id] indexes a NUL-terminated string in buf; ids never change, so
** callers keep ids (not pointers, buf may move) while the pool grows. */
#include "nlp.h"

#include <string.h>

void an_pool_init(an_pool *p, an_mem *mem)
{
  memset(p, 0, sizeof *p);
  p->mem = mem;
}

void an_pool_fini(an_pool *p)
{
  an_mem_free(p->mem, p->buf, p->cap);
  an_mem_free(p->mem, p->off, p->cap_off * sizeof *p->off);
  an_mem_free(p->mem, p->slots, p->nslots * sizeof *p->slots);
  memset(p, 0, sizeof *p);
}

static int same(const an_pool *p, uint32_t id, const char *s, size_t n)
{
  const char *t = p->buf + p->off[id];
  return strncmp(t, s, n) == 0 && t[n] == '\0';
}

uint32_t an_pool_find(const an_pool *p, const char *s, size_t n)
{
  size_t i, mask;
  uint32_t id;
  if (!p->slots) {            /* unindexed (loaded) pool: linear scan */
    for (id = 0; id < p->count; id++) if (same(p, id, s, n)) return id;
    return UINT32_MAX;
  }
  mask = p->nslots - 1;
  for (i = (size_t)an_hstr(s, n) & mask; p->slots[i]; i = (i + 1) & mask)
    if (same(p, p->slots[i] - 1, s, n)) return p->slots[i] - 1;
  return UINT32_MAX;
}

static int reindex(an_pool *p, size_t nslots)
{
  uint32_t *ns = an_mem_calloc(p->mem, nslots, sizeof *ns);
  uint32_t id;
  if (!ns) return -1;
  for (id = 0; id < p->count; id++) {
    const char *t = p->buf + p->off[id];
    size_t i = (size_t)an_hstr(t, strlen(t)) & (nslots - 1);
    while (ns[i]) i = (i + 1) & (nslots - 1);
    ns[i] = id + 1;
  }
  an_mem_free(p->mem, p->slots, p->nslots * sizeof *p->slots);
  p->slots = ns;
  p->nslots = nslots;
  return 0;
}

uint32_t an_pool_intern(an_pool *p, const char *s, size_t n)
{
  uint32_t id = an_pool_find(p, s, n);
  size_t need;
  if (id != UINT32_MAX) return id;
  if (p->count >= UINT32_MAX / 2 || p->n + n + 1 > UINT32_MAX) { p->mem->failed = 1; return UINT32_MAX; }
  if ((p->count + 1) * 2 > p->nslots && reindex(p, p->nslots ? p->nslots * 2 : 256)) return UINT32_MAX;
  need = p->n + n + 1;
  if (an_mem_grow(p->mem, (void **)&p->buf, &p->cap, need, 1)) return UINT32_MAX;
  if (an_mem_grow(p->mem, (void **)&p->off, &p->cap_off, p->count + 1, sizeof *p->off)) return UINT32_MAX;
  memcpy(p->buf + p->n, s, n);
  p->buf[p->n + n] = '\0';
  id = p->count++;
  p->off[id] = (uint32_t)p->n;
  p->n = need;
  {
    size_t i = (size_t)an_hstr(s, n) & (p->nslots - 1);
    while (p->slots[i]) i = (i + 1) & (p->nslots - 1);
    p->slots[i] = id + 1;
  }
  return id;
}
