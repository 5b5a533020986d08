/* fuzz_model.c: any bytes as a model file. The loader must refuse what it cannot
** read with a message, never crash; a model it accepts must annotate a sentence. */
#include "nlp.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Half of the inputs get a valid checksum (docs/model-format.md: crc32 at byte 28
** over everything else), so mutations reach the section decoders. */
static void fix_crc(uint8_t *p, size_t n)
{
  uLong c = crc32(0L, Z_NULL, 0);
  if (n < 64) return;
  c = crc32(c, p, 28);
  c = crc32(c, p + 32, (uInt)(n - 32));
  p[28] = (uint8_t)c; p[29] = (uint8_t)(c >> 8); p[30] = (uint8_t)(c >> 16); p[31] = (uint8_t)(c >> 24);
}

static int decode_check(const uint8_t *data, size_t size);

int fuzz_model_one(const uint8_t *data, size_t size);
int fuzz_model_one(const uint8_t *data, size_t size)
{
  uint8_t *copy;
  decode_check(data, size);
  if (size < 64 || !(copy = malloc(size))) return 0;
  memcpy(copy, data, size);
  fix_crc(copy, size);
  decode_check(copy, size);
  free(copy);
  return 0;
}

static int decode_check(const uint8_t *data, size_t size)
{
  an_mem mem;
  an_err err;
  an_model *m = NULL;
  an_mem_init(&mem, NULL, NULL);
  err.msg[0] = '\0';
  if (an_model_decode(&mem, data, size, "fuzz", &m, &err) == ANNALS_OK) {
    static const char *const forms[] = { "Officials", "did", "n't", "comment", "." };
    an_nlp_word w[5];
    an_arena a;
    size_t i;
    memset(w, 0, sizeof w);
    for (i = 0; i < 5; i++) w[i].form = forms[i];
    an_arena_init(&a, &mem, 4096);
    if (an_model_annotate(m, &a, w, 5) == ANNALS_OK)
      for (i = 0; i < 5; i++)
        if (!w[i].upos || !w[i].lemma || !w[i].deprel || w[i].head < 0 || w[i].head > 5) abort();
    an_arena_fini(&a);
    an_model_free(m);
  } else if (!err.msg[0]) {
    abort();                              /* a refusal always says why */
  }
  return 0;
}

#ifndef ANNALS_FUZZ_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_model_one(data, size); }
#endif
