/* fuzz_reader.c: any bytes as plain text, JSONL and PETRARCH XML input. The
** reader must never crash, and every story it returns must be well formed. */
#include "annals.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int fuzz_reader_one(const uint8_t *data, size_t size);
int fuzz_reader_one(const uint8_t *data, size_t size)
{
  static const annals_format fmts[] = { ANNALS_FMT_AUTO, ANNALS_FMT_TEXT, ANNALS_FMT_JSONL, ANNALS_FMT_XML };
  size_t f;
  for (f = 0; f < sizeof fmts / sizeof fmts[0]; f++) {
    annals_reader *r = NULL;
    const annals_story *s;
    annals_status rc;
    if (annals_reader_open_mem(NULL, "fuzz", (const char *)data, size, fmts[f], &r) != ANNALS_OK) abort();
    while ((rc = annals_reader_next(r, &s)) == ANNALS_OK && s) {
      if (!s->id || !s->date || !s->title || !s->url || !s->source || !s->text) abort();
      if (s->text[s->text_len] != '\0') abort();
      if (annals_reader_format(r) == ANNALS_FMT_TEXT && s->text_offset + s->text_len > size) abort();
    }
    if (rc != ANNALS_OK) abort();
    annals_reader_close(r);
  }
  return 0;
}

#ifndef ANNALS_FUZZ_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_reader_one(data, size); }
#endif
