/* fuzz_segment.c: any bytes through the segmenter and tokenizer. Checks the
** invariants every later stage relies on: spans in range, ordered, non-empty,
** sentences covering their tokens, token texts valid UTF-8. */
#include "annals.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int valid_utf8(const char *s)
{
  const unsigned char *p = (const unsigned char *)s;
  while (*p) {
    int n = *p < 0x80 ? 1 : (*p & 0xE0) == 0xC0 ? 2 : (*p & 0xF0) == 0xE0 ? 3 : (*p & 0xF8) == 0xF0 ? 4 : 0;
    int i;
    if (!n) return 0;
    for (i = 1; i < n; i++) if ((p[i] & 0xC0) != 0x80) return 0;
    p += n;
  }
  return 1;
}

int fuzz_segment_one(const uint8_t *data, size_t size);
int fuzz_segment_one(const uint8_t *data, size_t size)
{
  static annals_engine *eng;
  static annals_doc *doc;
  size_t i, k;
  uint64_t prev = 0;
  if (!eng && (annals_engine_open(NULL, &eng, NULL, 0) || annals_doc_new(eng, &doc))) abort();
  if (annals_doc_segment_text(doc, (const char *)data, size) != ANNALS_OK) abort();
  for (i = 0; i < annals_doc_sentence_count(doc); i++) {
    const annals_sentence *s = annals_doc_sentence(doc, i);
    if (!s->count || s->first + s->count > annals_doc_token_count(doc)) abort();
    if (s->start != annals_doc_token(doc, s->first)->start) abort();
    if (s->end != annals_doc_token(doc, s->first + s->count - 1)->end) abort();
    for (k = 0; k < s->count; k++) {
      const annals_token *t = annals_doc_token(doc, s->first + k);
      if (t->start < prev || t->end <= t->start || t->end > size) abort();
      if (!valid_utf8(t->text) || !*t->text) abort();
      prev = t->end;
    }
    if (!valid_utf8(s->text)) abort();
  }
  return 0;
}

#ifndef ANNALS_FUZZ_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_segment_one(data, size); }
#endif
