/* test_fuzz_replay.c: replays the fuzz corpus (fuzz/corpus/<target>/) and a few
** thousand pseudo-random inputs through the fuzz targets, without a fuzzer, so
** make check (and its sanitizer build) covers every reader of untrusted bytes. */
#include "check.h"

#define ANNALS_FUZZ_REPLAY
#include "../../fuzz/fuzz_segment.c"
#include "../../fuzz/fuzz_reader.c"
#include "../../fuzz/fuzz_model.c"
#include "../../fuzz/fuzz_dict.c"
#include "../../fuzz/fuzz_dict_own.c"

#include <dirent.h>
#include <stdio.h>

static int replay_dir(const char *dir, int (*fn)(const uint8_t *, size_t))
{
  DIR *d = opendir(dir);
  struct dirent *e;
  int n = 0;
  if (!d) return -1;
  while ((e = readdir(d)) != NULL) {
    char path[1024];
    FILE *fp;
    static uint8_t buf[1 << 20];
    size_t len;
    if (e->d_name[0] == '.') continue;
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    if (!(fp = fopen(path, "rb"))) continue;
    len = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    fn(buf, len);
    n++;
  }
  closedir(d);
  return n;
}

static void test_corpus_segment(void) { CHECK(replay_dir("fuzz/corpus/segment", fuzz_segment_one) > 0); }
static void test_corpus_reader(void) { CHECK(replay_dir("fuzz/corpus/reader", fuzz_reader_one) > 0); }
static void test_corpus_dict(void) { CHECK(replay_dir("fuzz/corpus/dict", fuzz_dict_one) > 0); }
static void test_corpus_dict_own(void) { CHECK(replay_dir("fuzz/corpus/dict_own", fuzz_dict_own_one) > 0); }
static void test_corpus_model(void) { CHECK(replay_dir("fuzz/corpus/model", fuzz_model_one) > 0); }

/* A fixture model, then damaged copies of it: flipped bytes at spread positions and
** every truncation length on a coarse grid. */
static void mutate_model(const char *path)
{
  static uint8_t buf[1 << 19];
  FILE *fp = fopen(path, "rb");
  size_t n, i;
  CHECK(fp != NULL);
  if (!fp) return;
  n = fread(buf, 1, sizeof buf, fp);
  fclose(fp);
  CHECK(n > 1000);
  fuzz_model_one(buf, n);
  for (i = 0; i < 200; i++) {
    size_t at = (i * 7919u) % n;
    buf[at] ^= 0x5A;
    fuzz_model_one(buf, n);
    buf[at] ^= 0x5A;
  }
  for (i = 0; i < n; i += n / 97 + 1) fuzz_model_one(buf, i);
}

/* every shipped format version: version 1, and version 2 with the parser's codebook */
static void test_model_fixture_mutations(void)
{
  mutate_model("tests/fixtures/model-v1.annals-model");
  mutate_model("tests/fixtures/model-v2.annals-model");
}

/* random bytes drawn from an alphabet rich in the characters the code branches on */
static void test_random_inputs(void)
{
  static const char alpha[] = "aZ9 .,;:'\"-$%@/\\\n\n{}[]<>&#!?()\t\r\0\x01\xff\xc3\xa9\xe2\x80\x9c\xe2\x80\x99"
                              "http://www.x<Sentence id=\"1\"><Text></Text></Sentence>{\"text\":\"";
  uint8_t buf[600];
  uint32_t seed = 7;
  int round;
  for (round = 0; round < 3000; round++) {
    size_t n, i;
    seed = seed * 1664525u + 1013904223u;
    n = (seed >> 8) % sizeof buf;
    for (i = 0; i < n; i++) {
      seed = seed * 1664525u + 1013904223u;
      buf[i] = (uint8_t)alpha[(seed >> 16) % (sizeof alpha - 1)];
    }
    fuzz_segment_one(buf, n);
    fuzz_reader_one(buf, n);
  }
  CHECK(1);   /* reaching here without abort() is the test */
}

int main(void)
{
  RUN(test_corpus_segment);
  RUN(test_corpus_reader);
  RUN(test_corpus_dict);
  RUN(test_corpus_model);
  RUN(test_corpus_dict_own);
  RUN(test_model_fixture_mutations);
  RUN(test_random_inputs);
  return CHECK_DONE();
}
