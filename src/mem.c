/* mem.c: allocation through annals_config.realloc_fn, the arena and the byte buffer.
** Invariant: a failed allocation sets an_mem.failed, which stays set (sticky ENOMEM),
** and never leaves a half-updated container behind. */
#include "annals_int.h"

#include <stdlib.h>
#include <string.h>

static void *libc_realloc(void *ud, void *p, size_t old_sz, size_t new_sz)
{
  AN_UNUSED(ud); AN_UNUSED(old_sz);
  if (new_sz == 0) { free(p); return NULL; }
  return realloc(p, new_sz);
}

void an_mem_init(an_mem *m, void *(*fn)(void *, void *, size_t, size_t), void *ud)
{
  m->fn = fn ? fn : libc_realloc;
  m->ud = ud;
  m->failed = 0;
}

void *an_mem_realloc(an_mem *m, void *p, size_t old_n, size_t new_n)
{
  void *q;
  if (new_n == 0) { m->fn(m->ud, p, old_n, 0); return NULL; }
  q = m->fn(m->ud, p, old_n, new_n);
  if (!q) m->failed = 1;
  return q;
}

void *an_mem_alloc(an_mem *m, size_t n) { return an_mem_realloc(m, NULL, 0, n ? n : 1); }

void *an_mem_calloc(an_mem *m, size_t count, size_t size)
{
  void *p;
  if (size && count > SIZE_MAX / size) { m->failed = 1; return NULL; }
  p = an_mem_alloc(m, count * size);
  if (p) memset(p, 0, count * size);
  return p;
}

void an_mem_free(an_mem *m, void *p, size_t n) { if (p) m->fn(m->ud, p, n, 0); }

char *an_mem_strndup(an_mem *m, const char *s, size_t n)
{
  char *p = an_mem_alloc(m, n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

int an_mem_grow(an_mem *m, void **arr, size_t *cap, size_t need, size_t esz)
{
  size_t ncap;
  void *q;
  if (need <= *cap) return 0;
  ncap = *cap ? *cap : 16;
  while (ncap < need) {
    if (ncap > SIZE_MAX / 2 / esz) { m->failed = 1; return -1; }
    ncap *= 2;
  }
  q = an_mem_realloc(m, *arr, *cap * esz, ncap * esz);
  if (!q) return -1;
  *arr = q;
  *cap = ncap;
  return 0;
}

/* ---- arena ---- */

struct an_arena_block {
  an_arena_block *next;
  size_t size;               /* usable bytes after the header */
  max_align_t data[];
};

void an_arena_init(an_arena *a, an_mem *mem, size_t block_size)
{
  memset(a, 0, sizeof *a);
  a->mem = mem;
  a->block_size = block_size ? block_size : 64 * 1024;
}

#ifdef ANNALS_ARENA_MALLOC
/* Every allocation is a real one, so ASan and valgrind see overruns. */
void *an_arena_alloc(an_arena *a, size_t n)
{
  void *p;
  size_t cap = a->cap_allocs;
  if (a->n_allocs + 1 > cap) {
    size_t ncap = cap ? cap * 2 : 64;
    void **na = an_mem_realloc(a->mem, a->allocs, cap * sizeof *na, ncap * sizeof *na);
    size_t *ns;
    if (!na) return NULL;
    a->allocs = na;
    ns = an_mem_realloc(a->mem, a->sizes, cap * sizeof *ns, ncap * sizeof *ns);
    if (!ns) return NULL;       /* allocs grown, sizes not: cap stays, retry later */
    a->sizes = ns;
    a->cap_allocs = ncap;
  }
  p = an_mem_alloc(a->mem, n);
  if (!p) return NULL;
  a->allocs[a->n_allocs] = p;
  a->sizes[a->n_allocs++] = n ? n : 1;
  return p;
}

void an_arena_reset(an_arena *a)
{
  size_t i;
  for (i = 0; i < a->n_allocs; i++) an_mem_free(a->mem, a->allocs[i], a->sizes[i]);
  a->n_allocs = 0;
}

void an_arena_fini(an_arena *a)
{
  an_arena_reset(a);
  an_mem_free(a->mem, a->allocs, a->cap_allocs * sizeof(void *));
  an_mem_free(a->mem, a->sizes, a->cap_allocs * sizeof(size_t));
  a->allocs = NULL;
  a->sizes = NULL;
  a->cap_allocs = 0;
}
#else
void *an_arena_alloc(an_arena *a, size_t n)
{
  an_arena_block *b;
  size_t need = (n + 15) & ~(size_t)15;
  if (need < n) return NULL;
  if (a->head && a->used + need <= a->head->size) {
    void *p = (char *)a->head->data + a->used;
    a->used += need;
    return p;
  }
  {
    size_t sz = need > a->block_size ? need : a->block_size;
    b = an_mem_alloc(a->mem, sizeof *b + sz);
    if (!b) return NULL;
    b->size = sz;
    b->next = a->head;
    a->head = b;
    a->used = need;
    return b->data;
  }
}

void an_arena_reset(an_arena *a)
{
  /* keep the oldest block (the last in the list) for reuse */
  an_arena_block *b = a->head, *keep = NULL;
  while (b) {
    an_arena_block *next = b->next;
    if (!next) keep = b;
    else an_mem_free(a->mem, b, sizeof *b + b->size);
    b = next;
  }
  a->head = keep;
  a->used = 0;
}

void an_arena_fini(an_arena *a)
{
  an_arena_block *b = a->head;
  while (b) {
    an_arena_block *next = b->next;
    an_mem_free(a->mem, b, sizeof *b + b->size);
    b = next;
  }
  a->head = NULL;
  a->used = 0;
}
#endif

char *an_arena_strndup(an_arena *a, const char *s, size_t n)
{
  char *p = an_arena_alloc(a, n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

/* ---- byte buffer ---- */

void an_buf_init(an_buf *b, an_mem *mem) { b->p = NULL; b->n = b->cap = 0; b->mem = mem; }

int an_buf_reserve(an_buf *b, size_t extra)
{
  size_t need = b->n + extra + 1;
  if (need < b->n) { b->mem->failed = 1; return -1; }
  if (an_mem_grow(b->mem, (void **)&b->p, &b->cap, need, 1)) return -1;
  return 0;
}

int an_buf_put(an_buf *b, const void *s, size_t n)
{
  if (an_buf_reserve(b, n)) return -1;
  if (n) memcpy(b->p + b->n, s, n);
  b->n += n;
  b->p[b->n] = '\0';
  return 0;
}

int an_buf_putc(an_buf *b, int c) { char ch = (char)c; return an_buf_put(b, &ch, 1); }
int an_buf_puts(an_buf *b, const char *s) { return an_buf_put(b, s, strlen(s)); }
void an_buf_clear(an_buf *b) { b->n = 0; if (b->p) b->p[0] = '\0'; }
void an_buf_fini(an_buf *b) { an_mem_free(b->mem, b->p, b->cap); b->p = NULL; b->n = b->cap = 0; }
