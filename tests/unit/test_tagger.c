/* test_tagger.c: the averaged perceptron (learning, freezing, encode/decode) and the
** tagger trained on the tiny fixture: fits its training data, deterministic weights. */
#include "check.h"
#include "nlp.h"
#include "tiny_fixture.h"

static an_mem gmem;



static void test_lower(void)
{
  char out[32];
  size_t n = an_lower("ÉTAT Kyiv", strlen("ÉTAT Kyiv"), out);
  out[n] = '\0';
  CHECK_STR(out, "état kyiv");
}

/* Many distinct weights: at most AN_AP_LEVELS magnitudes remain, strictly increasing, each
** weight moves to its nearest level (so by less than half the largest gap), signs kept. */
static void test_codebook_quantization(void)
{
  an_ap_model m;
  uint32_t i;
  int16_t orig[3000];
  memset(&m, 0, sizeof m);
  m.n_classes = 2; m.n_ents = 3000;
  m.ents = malloc(3000 * sizeof *m.ents);
  if (!m.ents) { CHECK(0); return; }
  for (i = 0; i < 3000; i++) {
    int v = (int)((i * 7919u) % 32767u) + 1;
    if (i % 3 == 0) v = (int)(i % 50) + 1;      /* a dense cluster of small weights */
    m.ents[i].cls = (uint16_t)(i & 1);
    m.ents[i].w = (int16_t)(i & 2 ? -v : v);
    orig[i] = m.ents[i].w;
  }
  CHECK_EQ(an_ap_quantize(&m, &gmem), 0);
  CHECK(m.n_lv > 64 && m.n_lv <= AN_AP_LEVELS);
  for (i = 1; i < m.n_lv; i++) CHECK(m.lv[i] > m.lv[i - 1]);
  for (i = 0; i < 3000; i++) {
    int d = m.ents[i].w - orig[i];
    CHECK((m.ents[i].w < 0) == (orig[i] < 0));
    CHECK(d < 2000 && d > -2000);
    if (orig[i] > 0 && orig[i] <= 50) CHECK(d <= 3 && d >= -3);   /* dense values keep fine levels */
  }
  free(m.ents);
}

/* Three classes told apart by one feature each, plus a shared bias. */
static void test_perceptron_learns_and_round_trips(void)
{
  an_ap_train t;
  an_ap_model m, d;
  an_buf b;
  an_rd r;
  an_err err;
  int32_t sc[3], sd[3];
  uint64_t f[2];
  int it, c;
  CHECK_EQ(an_ap_train_init(&t, &gmem, 3), 0);
  for (it = 0; it < 10; it++)
    for (c = 0; c < 3; c++) {
      int64_t s[3];
      uint32_t best = 0, k;
      f[0] = 1000; f[1] = 2000 + (uint64_t)c;
      an_ap_train_score(&t, f, 2, s);
      for (k = 1; k < 3; k++) if (s[k] > s[best]) best = k;
      t.t++;
      if (best != (uint32_t)c) CHECK_EQ(an_ap_train_update(&t, f, 2, (uint32_t)c, best), 0);
    }
  CHECK_EQ(an_ap_freeze(&t, &gmem, 1, &m), 0);
  for (c = 0; c < 3; c++) {
    f[0] = 1000; f[1] = 2000 + (uint64_t)c;
    an_ap_score(&m, f, 2, sc);
    CHECK(sc[c] > sc[(c + 1) % 3] && sc[c] > sc[(c + 2) % 3]);
  }
  an_buf_init(&b, &gmem);
  CHECK_EQ(an_ap_encode(&m, &b), 0);          /* no codebook: int16 weights */
  CHECK_EQ(b.n, an_ap_encoded_size(&m, 1, 0));
  r.p = (const unsigned char *)b.p; r.n = b.n; r.pos = 0; r.bad = 0;
  CHECK_EQ(an_ap_decode(&d, &gmem, &r, 2, "test", &err), ANNALS_OK);
  CHECK_EQ(r.pos, b.n);
  CHECK_EQ(d.n_lv, 0);
  for (c = 0; c < 3; c++) {
    f[0] = 1000; f[1] = 2000 + (uint64_t)c;
    an_ap_score(&m, f, 2, sc);
    an_ap_score(&d, f, 2, sd);
    CHECK(memcmp(sc, sd, sizeof sc) == 0);
  }
  an_ap_model_fini(&d, &gmem);
  an_buf_clear(&b);
  CHECK_EQ(an_ap_quantize(&m, &gmem), 0);
  CHECK(m.n_lv >= 1 && m.n_lv <= AN_AP_LEVELS);
  for (c = 0; c < 3; c++) {                   /* few distinct weights: the codebook is exact */
    f[0] = 1000; f[1] = 2000 + (uint64_t)c;
    an_ap_score(&m, f, 2, sd);
    CHECK(sd[c] > sd[(c + 1) % 3] && sd[c] > sd[(c + 2) % 3]);
  }
  CHECK_EQ(an_ap_encode(&m, &b), 0);
  CHECK_EQ(b.n, an_ap_encoded_size(&m, 1, 0));
  CHECK_EQ(b.n, an_ap_encoded_size(&m, 1, 1));
  r.p = (const unsigned char *)b.p; r.n = b.n; r.pos = 0; r.bad = 0;
  CHECK_EQ(an_ap_decode(&d, &gmem, &r, 2, "test", &err), ANNALS_OK);
  CHECK_EQ(r.pos, b.n);
  for (c = 0; c < 3; c++) {
    f[0] = 1000; f[1] = 2000 + (uint64_t)c;
    an_ap_score(&m, f, 2, sc);
    an_ap_score(&d, f, 2, sd);
    CHECK(memcmp(sc, sd, sizeof sc) == 0);
  }
  r.n = b.n - 1; r.pos = 0; r.bad = 0;        /* one byte short */
  an_ap_model_fini(&d, &gmem);
  CHECK_EQ(an_ap_decode(&d, &gmem, &r, 2, "test", &err), ANNALS_EFORMAT);
  an_buf_fini(&b);
  an_ap_model_fini(&m, &gmem);
  an_ap_train_fini(&t);
}

static void test_tagger_fits_training_data(void)
{
  an_conllu_corpus c;
  an_pool tags, labels;
  an_arena ar, tmp;
  size_t n, i, j, ok = 0, all = 0;
  an_tsent *s = load_tiny(&gmem, &ar, &c, &tags, &labels, &n);
  an_tagger tg, tg2;
  an_train_cfg cfg;
  an_buf b1, b2;
  uint16_t out[32];
  static const char *const fresh[] = { "Militants", "attacked", "the", "embassy", "." };
  CHECK(s != NULL);
  if (!s) return;
  memset(&cfg, 0, sizeof cfg);
  cfg.seed = 3; cfg.max_epochs = 8; cfg.min_q = 1; cfg.name = "test";
  CHECK_EQ(an_tagger_train(&tg, &gmem, tags.count, s, n, s, n, 0, &cfg, NULL), ANNALS_OK);
  an_arena_init(&tmp, &gmem, 4096);
  for (i = 0; i < n; i++) {
    CHECK_EQ(an_tagger_tag(&tg, &tmp, s[i].form, s[i].n, out), ANNALS_OK);
    for (j = 0; j < s[i].n; j++) { ok += out[j] == s[i].tag[j]; all++; }
  }
  CHECK(ok * 100 >= all * 95);
  CHECK_EQ(an_tagger_tag(&tg, &tmp, fresh, 5, out), ANNALS_OK);
  CHECK_EQ(out[1], tag_id(&tags, "VERB", "VBD"));
  CHECK_EQ(out[2], tag_id(&tags, "DET", "DT"));
  CHECK_EQ(an_tagger_tag(&tg, &tmp, fresh, 0, out), ANNALS_OK);
  /* same seed, same weights */
  CHECK_EQ(an_tagger_train(&tg2, &gmem, tags.count, s, n, s, n, 0, &cfg, NULL), ANNALS_OK);
  an_buf_init(&b1, &gmem); an_buf_init(&b2, &gmem);
  CHECK_EQ(an_ap_encode(&tg.ap, &b1), 0);
  CHECK_EQ(an_ap_encode(&tg2.ap, &b2), 0);
  CHECK(b1.n == b2.n && memcmp(b1.p, b2.p, b1.n) == 0);
  an_buf_fini(&b1); an_buf_fini(&b2);
  an_tagger_fini(&tg, &gmem);
  an_tagger_fini(&tg2, &gmem);
  an_arena_fini(&tmp);
  an_arena_fini(&ar);
  an_pool_fini(&tags); an_pool_fini(&labels);
  an_conllu_fini(&c);
}

int main(void)
{
  an_mem_init(&gmem, NULL, NULL);
  RUN(test_lower);
  RUN(test_perceptron_learns_and_round_trips);
  RUN(test_codebook_quantization);
  RUN(test_tagger_fits_training_data);
  return CHECK_DONE();
}
