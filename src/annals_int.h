/* annals_int.h: internal types and services shared by the library's modules.
** Not installed; tools/ use include/annals.h only. Unit tests may include it.
** Names: an_<module>_<verb>. Everything here is hidden from the shared library. */
#ifndef ANNALS_INT_H
#define ANNALS_INT_H

#include "annals.h"
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef ANNALS_DEBUG
#include <stdio.h>
#include <stdlib.h>
#define ANNALS_ASSERT(c) \
  do { if (!(c)) { fprintf(stderr, "%s:%d: assertion failed: %s\n", __FILE__, __LINE__, #c); abort(); } } while (0)
#else
#define ANNALS_ASSERT(c) ((void)0)
#endif

#define AN_UNUSED(x) ((void)(x))

/* ---- memory: every allocation goes through an an_mem (annals_config.realloc_fn) ---- */
typedef struct an_mem {
  void *(*fn)(void *ud, void *p, size_t old_sz, size_t new_sz); /* NULL: libc */
  void *ud;
  int failed;               /* sticky: set by the first failed allocation */
} an_mem;

void  an_mem_init(an_mem *m, void *(*fn)(void *, void *, size_t, size_t), void *ud);
void *an_mem_alloc(an_mem *m, size_t n);                 /* NULL on failure, sets failed */
void *an_mem_calloc(an_mem *m, size_t count, size_t size);
void *an_mem_realloc(an_mem *m, void *p, size_t old_n, size_t new_n);
void  an_mem_free(an_mem *m, void *p, size_t n);         /* NULL-safe */
char *an_mem_strndup(an_mem *m, const char *s, size_t n);
/* Grow *arr (elements of esz bytes, capacity *cap) to hold at least need elements. */
int   an_mem_grow(an_mem *m, void **arr, size_t *cap, size_t need, size_t esz);

/* ---- arena: bump allocator; everything dies together on reset/fini ---- */
typedef struct an_arena_block an_arena_block;
typedef struct an_arena {
  an_mem *mem;
  an_arena_block *head;     /* current block first */
  size_t used;              /* bytes used in head */
  size_t block_size;        /* default size of new blocks */
#ifdef ANNALS_ARENA_MALLOC
  void **allocs; size_t n_allocs, cap_allocs; size_t *sizes;
#endif
} an_arena;

void  an_arena_init(an_arena *a, an_mem *mem, size_t block_size);
void *an_arena_alloc(an_arena *a, size_t n);             /* 16-byte aligned; NULL on ENOMEM */
char *an_arena_strndup(an_arena *a, const char *s, size_t n);
void  an_arena_reset(an_arena *a);                       /* keeps the first block */
void  an_arena_fini(an_arena *a);

/* ---- growable byte buffer ---- */
typedef struct an_buf {
  char *p;
  size_t n, cap;
  an_mem *mem;
} an_buf;

void an_buf_init(an_buf *b, an_mem *mem);
int  an_buf_reserve(an_buf *b, size_t extra);           /* 0 ok, -1 ENOMEM; keeps room for a NUL */
int  an_buf_put(an_buf *b, const void *s, size_t n);
int  an_buf_putc(an_buf *b, int c);
int  an_buf_puts(an_buf *b, const char *s);
void an_buf_clear(an_buf *b);
void an_buf_fini(an_buf *b);

/* ---- error detail: codes for programs, messages for people ---- */
typedef struct an_err {
  annals_status rc;
  char msg[1024];
} an_err;

annals_status an_err_set(an_err *e, annals_status rc, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 3, 4)))
#endif
  ;
annals_status an_err_io(an_err *e, const char *path, int errnum);

/* ---- UTF-8 ---- */
/* Decode one code point at s[0..n). Invalid or truncated sequences, overlongs and
** surrogates decode as U+FFFD with *len = 1, and set *bad = 1. n must be > 0. */
int32_t an_utf8_decode(const unsigned char *s, size_t n, int *len, int *bad);
int     an_utf8_encode(int32_t cp, char *out);           /* returns 1..4 */
/* Copy src to b, replacing invalid UTF-8 with U+FFFD; returns the number replaced. */
size_t  an_utf8_sanitize(an_buf *b, const char *src, size_t n);

#endif
