/* test_model.c: the model file: training on the tiny fixture is deterministic (same
** bytes twice, and with one or two threads); the loader accepts the result and refuses
** truncated, bit-flipped and other-version files with their own messages. */
#include "check.h"
#include "nlp.h"

#include <stdlib.h>
#include <unistd.h>

#define TINY "tests/fixtures/tiny.conllu"

static an_mem mem;
static char path1[64], path2[64], path3[64];

static unsigned char *slurp(const char *path, size_t *n)
{
  FILE *fp = fopen(path, "rb");
  unsigned char *p;
  long sz;
  *n = 0;
  if (!fp) return NULL;
  fseek(fp, 0, SEEK_END);
  sz = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  p = malloc((size_t)sz + 1);
  if (p) *n = fread(p, 1, (size_t)sz, fp);
  fclose(fp);
  return p;
}

static annals_status train_opts(const char *out, int threads, int no_refit)
{
  annals_train_options o;
  char err[512];
  annals_status rc;
  memset(&o, 0, sizeof o);
  o.train_path = TINY; o.dev_path = TINY; o.out_path = out;
  o.seed = 7; o.tagger_epochs = 4; o.parser_epochs = 4; o.folds = 2; o.threads = threads; o.no_refit = no_refit;
  rc = annals_train(NULL, &o, err, sizeof err);
  if (rc) fprintf(stderr, "train: %s\n", err);
  return rc;
}

static annals_status train(const char *out, int threads) { return train_opts(out, threads, 0); }

static void test_training_is_deterministic(void)
{
  unsigned char *a, *b, *c;
  size_t na, nb, nc;
  CHECK_EQ(train(path1, 2), ANNALS_OK);
  CHECK_EQ(train(path2, 2), ANNALS_OK);
  CHECK_EQ(train(path3, 1), ANNALS_OK);
  a = slurp(path1, &na); b = slurp(path2, &nb); c = slurp(path3, &nc);
  CHECK(a && b && c);
  CHECK(na > 64);
  CHECK_EQ(na, nb);
  CHECK_EQ(na, nc);
  CHECK(a && b && na == nb && memcmp(a, b, na) == 0);
  CHECK(a && c && na == nc && memcmp(a, c, na) == 0);
  free(a); free(b); free(c);
}

static void test_loads_and_annotates(void)
{
  an_model *m = NULL;
  an_err err;
  an_arena ar;
  an_nlp_word w[6];
  static const char *const forms[6] = { "The", "council", "approved", "the", "budget", "." };
  size_t i, roots = 0;
  CHECK_EQ(an_model_load(&mem, path1, &m, &err), ANNALS_OK);
  if (!m) return;
  an_arena_init(&ar, &mem, 4096);
  memset(w, 0, sizeof w);
  for (i = 0; i < 6; i++) w[i].form = forms[i];
  CHECK_EQ(an_model_annotate(m, &ar, w, 6), ANNALS_OK);
  for (i = 0; i < 6; i++) {
    CHECK(w[i].upos && w[i].xpos && w[i].lemma && w[i].deprel && w[i].feats);
    CHECK(w[i].head >= 0 && w[i].head <= 6 && w[i].head != (int)i + 1);
    roots += w[i].head == 0;
  }
  CHECK_EQ(roots, 1);
  CHECK_STR(w[2].upos, "VERB");     /* a training sentence: learned */
  CHECK_STR(w[2].lemma, "approve");
  CHECK_EQ(w[2].head, 0);
  CHECK_EQ(w[1].head, 3);
  CHECK_STR(w[1].deprel, "nsubj");
  CHECK_EQ(an_model_annotate(m, &ar, w, 0), ANNALS_OK);
  an_arena_fini(&ar);
  an_model_free(m);
  an_model_free(NULL);
}

/* By default the models are trained again on train + dev with the epochs chosen on dev;
** the model's metadata says so, and --no-refit keeps the dev-selected models instead. */
static void test_refit(void)
{
  an_model *a = NULL, *b = NULL;
  an_err err;
  char path4[64];
  snprintf(path4, sizeof path4, "/tmp/annals-test-%ld-4.model", (long)getpid());
  CHECK_EQ(train_opts(path4, 2, 1), ANNALS_OK);
  CHECK_EQ(an_model_load(&mem, path1, &a, &err), ANNALS_OK);
  CHECK_EQ(an_model_load(&mem, path4, &b, &err), ANNALS_OK);
  if (a && b) {
    CHECK(a->meta && strstr(a->meta, "refit=train+dev\n") != NULL);
    CHECK(a->meta && strstr(a->meta, "\nepochs=tagger ") != NULL);
    CHECK(a->meta && strstr(a->meta, "train_sentences=40\n") != NULL);    /* 20 + 20 */
    CHECK(b->meta && strstr(b->meta, "refit=no\n") != NULL);
    CHECK(b->meta && strstr(b->meta, "train_sentences=20\n") != NULL);
    CHECK(a->digest[3] != b->digest[3]);
  }
  an_model_free(a);
  an_model_free(b);
  unlink(path4);
}

static annals_status load_bytes(const unsigned char *p, size_t n, an_err *err)
{
  an_model *m = NULL;
  annals_status rc = an_model_decode(&mem, p, n, "damaged", &m, err);
  CHECK((rc == ANNALS_OK) == (m != NULL));
  an_model_free(m);
  return rc;
}

static void test_refuses_truncated(void)
{
  unsigned char *a;
  size_t n, cut;
  an_err err;
  a = slurp(path1, &n);
  if (!a) { CHECK(0); return; }
  for (cut = 0; cut < n; cut += cut < 200 ? 1 : 997) {
    CHECK_EQ(load_bytes(a, cut, &err), ANNALS_EFORMAT);
  }
  CHECK(strstr(err.msg, "truncated") != NULL);
  load_bytes(a, 10, &err);
  CHECK(strstr(err.msg, "truncated") != NULL);
  CHECK_EQ(load_bytes(a, n, &err), ANNALS_OK);
  free(a);
}

static void test_refuses_flipped_bytes(void)
{
  unsigned char *a;
  size_t n, pos;
  an_err err;
  a = slurp(path1, &n);
  if (!a) { CHECK(0); return; }
  for (pos = 0; pos < n; pos += pos < 128 ? 1 : 101) {
    annals_status rc;
    a[pos] ^= 0x10;
    rc = load_bytes(a, n, &err);
    CHECK(rc == ANNALS_EFORMAT || rc == ANNALS_EVERSION);
    if (pos >= 32) CHECK(strstr(err.msg, "checksum mismatch") != NULL);
    a[pos] ^= 0x10;
  }
  a[0] = 'X';
  CHECK_EQ(load_bytes(a, n, &err), ANNALS_EFORMAT);
  CHECK(strstr(err.msg, "not an annals model") != NULL);
  a[0] = 'A';
  a[4] = '\n';                 /* \r\n -> \n\n: text-mode damage */
  CHECK_EQ(load_bytes(a, n, &err), ANNALS_EFORMAT);
  CHECK(strstr(err.msg, "damaged magic") != NULL);
  free(a);
}

static void test_refuses_other_version(void)
{
  unsigned char *a;
  size_t n;
  an_err err;
  a = slurp(path1, &n);
  if (!a) { CHECK(0); return; }
  CHECK_EQ(a[8], AN_MODEL_READ_VERSION);
  a[8] = AN_MODEL_READ_VERSION + 1;
  CHECK_EQ(load_bytes(a, n, &err), ANNALS_EVERSION);
  CHECK(strstr(err.msg, "version 3") != NULL);
  a[8] = 0; a[9] = 1;
  CHECK_EQ(load_bytes(a, n, &err), ANNALS_EVERSION);
  a[8] = 0; a[9] = 0;
  CHECK_EQ(load_bytes(a, n, &err), ANNALS_EVERSION);
  a[8] = AN_MODEL_READ_VERSION; a[9] = 0;
  a[10] = 9;                    /* a newer write_version with additive changes still loads */
  {
    uint32_t c = an_model_crc(a, n);
    a[28] = (unsigned char)c; a[29] = (unsigned char)(c >> 8); a[30] = (unsigned char)(c >> 16); a[31] = (unsigned char)(c >> 24);
  }
  CHECK_EQ(load_bytes(a, n, &err), ANNALS_OK);
  free(a);
}

/* Allocator failing every call after the first `left` ones. */
typedef struct failing { long left; long live; } failing;
static void *fail_realloc(void *ud, void *p, size_t old_sz, size_t new_sz)
{
  failing *f = ud;
  (void)old_sz;
  if (new_sz == 0) { if (p) f->live--; free(p); return NULL; }
  if (f->left-- <= 0) return NULL;
  if (!p) f->live++;
  return realloc(p, new_sz);
}

/* Fail the Nth allocation of the loader for N = 0, 1, ... until it succeeds: each
** failure must be a clean ENOMEM with nothing left allocated. */
static void test_load_out_of_memory(void)
{
  unsigned char *a;
  size_t n;
  long k;
  a = slurp(path1, &n);
  if (!a) { CHECK(0); return; }
  for (k = 0; k < 100000; k++) {
    failing f = { k, 0 };
    an_mem fm;
    an_model *m = NULL;
    an_err err;
    annals_status rc;
    an_mem_init(&fm, fail_realloc, &f);
    rc = an_model_decode(&fm, a, n, "oom", &m, &err);
    if (rc == ANNALS_OK) { CHECK(m != NULL); an_model_free(m); CHECK_EQ(f.live, 0); break; }
    CHECK_EQ(rc, ANNALS_ENOMEM);
    CHECK(m == NULL);
    CHECK_EQ(f.live, 0);
  }
  CHECK(k > 5);
  free(a);
}

/* One fixture per shipped format version (docs/model-format.md, History): each loads and
** annotates; the version-1 one (int16 weights, no codebook) as before. */
static void test_fixture_versions(void)
{
  static const char *const files[] = { "tests/fixtures/model-v1.annals-model", "tests/fixtures/model-v2.annals-model" };
  static const char *const forms[] = { "Police", "arrested", "." };
  size_t f, i;
  for (f = 0; f < 2; f++) {
    an_model *m = NULL;
    an_err err;
    an_arena a;
    an_nlp_word w[3];
    err.msg[0] = '\0';
    CHECK_EQ(an_model_load(&mem, files[f], &m, &err), ANNALS_OK);
    if (!m) { fprintf(stderr, "%s: %s\n", files[f], err.msg); CHECK(0); continue; }
    CHECK_EQ(m->version, (unsigned)f + 1);
    CHECK_EQ(m->parser.ap.n_lv > 0, f == 1);   /* version 2: the parser's weights on a codebook */
    memset(w, 0, sizeof w);
    for (i = 0; i < 3; i++) w[i].form = forms[i];
    an_arena_init(&a, &mem, 4096);
    CHECK_EQ(an_model_annotate(m, &a, w, 3), ANNALS_OK);
    for (i = 0; i < 3; i++) CHECK(w[i].head >= 0 && w[i].head <= 3 && w[i].deprel != NULL);
    an_arena_fini(&a);
    an_model_free(m);
  }
}

static void test_refuses_missing_file(void)
{
  an_model *m = (an_model *)&mem;
  an_err err;
  CHECK_EQ(an_model_load(&mem, "/nonexistent/x.annals-model", &m, &err), ANNALS_EIO);
  CHECK(m == NULL);
  CHECK(strstr(err.msg, "/nonexistent/x.annals-model") != NULL);
}

int main(void)
{
  an_mem_init(&mem, NULL, NULL);
  snprintf(path1, sizeof path1, "/tmp/annals-test-%ld-1.model", (long)getpid());
  snprintf(path2, sizeof path2, "/tmp/annals-test-%ld-2.model", (long)getpid());
  snprintf(path3, sizeof path3, "/tmp/annals-test-%ld-3.model", (long)getpid());
  RUN(test_training_is_deterministic);
  RUN(test_loads_and_annotates);
  RUN(test_refit);
  RUN(test_refuses_truncated);
  RUN(test_refuses_flipped_bytes);
  RUN(test_refuses_other_version);
  RUN(test_fixture_versions);
  RUN(test_refuses_missing_file);
  RUN(test_load_out_of_memory);
  remove(path1); remove(path2); remove(path3);
  return CHECK_DONE();
}
