/* cameo.c: lookups in the compiled CAMEO tables (binary search; the tables are
** sorted by code in byte order by the generator). */
#include "cameo.h"

#include <string.h>

const annals_cameo_code *annals_cameo_lookup(const char *code)
{
  size_t lo = 0, hi = an_cameo_n_events;
  if (!code) return NULL;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(an_cameo_events[mid].code, code);
    if (!c) return &an_cameo_events[mid];
    if (c < 0) lo = mid + 1; else hi = mid;
  }
  return NULL;
}

size_t annals_cameo_count(void) { return an_cameo_n_events; }
const annals_cameo_code *annals_cameo_at(size_t i) { return i < an_cameo_n_events ? &an_cameo_events[i] : NULL; }

unsigned an_cameo_block_kinds(const char *b)
{
  size_t lo = 0, hi = an_cameo_n_blocks;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strncmp(an_cameo_blocks[mid].code, b, 3);
    if (!c) return an_cameo_blocks[mid].kinds;
    if (c < 0) lo = mid + 1; else hi = mid;
  }
  return 0;
}
