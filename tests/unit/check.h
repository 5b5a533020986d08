/* check.h: the unit tests' tiny harness. Each test file is one program whose
** main() calls RUN(test_fn) for each test and ends with CHECK_DONE(), which
** prints "N passed, N failed" for tests/run.sh to add up. */
#ifndef ANNALS_CHECK_H
#define ANNALS_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failures_in_test;
static int check_passed, check_failed;

#define CHECK(c) do { if (!(c)) { check_failures_in_test++; \
  fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #c); } } while (0)
#define CHECK_EQ(a, b) do { long long _a = (long long)(a), _b = (long long)(b); if (_a != _b) { \
  check_failures_in_test++; fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %lld, expected %s == %lld\n", \
  __FILE__, __LINE__, #a, _a, #b, _b); } } while (0)
#define CHECK_STR(a, b) do { const char *_a = (a), *_b = (b); if (!_a || !_b || strcmp(_a, _b)) { \
  check_failures_in_test++; fprintf(stderr, "%s:%d: CHECK_STR failed: %s is \"%s\", expected \"%s\"\n", \
  __FILE__, __LINE__, #a, _a ? _a : "(null)", _b ? _b : "(null)"); } } while (0)
#define RUN(fn) do { check_failures_in_test = 0; fn(); \
  if (check_failures_in_test) { check_failed++; fprintf(stderr, "FAIL %s\n", #fn); } \
  else check_passed++; } while (0)
#define CHECK_DONE() (printf("%d passed, %d failed\n", check_passed, check_failed), check_failed ? 1 : 0)

/* Fault injection (STYLE.md section 7): an annals_config.realloc_fn that fails the
** Nth allocation. Pass a check_fault as cfg.ud, set fail_at = N, calls = 0. */
typedef struct check_fault { int fail_at, calls; } check_fault;
static inline void *check_failing_realloc(void *ud, void *p, size_t old_sz, size_t new_sz)
{
  check_fault *f = ud;
  (void)old_sz;
  if (new_sz == 0) { free(p); return NULL; }
  if (++f->calls == f->fail_at) return NULL;
  return realloc(p, new_sz);
}

#endif
