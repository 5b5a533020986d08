/* test_parser.c: the arc-hybrid parser trained on the tiny fixture (dynamic oracle) fits
** its training trees, and any input, seen or not, gets a well-formed tree: heads in
** 0..n, exactly one root child labeled root, no cycles. */
#include "check.h"
#include "nlp.h"
#include "tiny_fixture.h"

static an_mem gmem;



/* 1 if heads[0..n) form a tree rooted at 0 with one root child labeled root. */
static int is_tree(const int *heads, const uint16_t *labels, size_t n, uint32_t root_label)
{
  size_t i, roots = 0;
  for (i = 0; i < n; i++) {
    size_t steps = 0;
    int h = heads[i];
    if (h < 0 || h > (int)n || h == (int)i + 1) return 0;
    if (h == 0) { roots++; if (labels[i] != root_label) return 0; }
    else if (labels[i] == root_label) return 0;
    while (h != 0 && steps++ <= n) h = heads[h - 1];
    if (h != 0) return 0;                       /* cycle */
  }
  return roots == 1;
}

/* No two arcs cross (the root's arc from 0 included). */
static int is_projective(const int *heads, size_t n)
{
  size_t i, j;
  for (i = 0; i < n; i++)
    for (j = 0; j < n; j++) {
      int a = heads[i] < (int)i + 1 ? heads[i] : (int)i + 1, b = heads[i] < (int)i + 1 ? (int)i + 1 : heads[i];
      int c = heads[j] < (int)j + 1 ? heads[j] : (int)j + 1, d = heads[j] < (int)j + 1 ? (int)j + 1 : heads[j];
      if (a < c && c < b && b < d) return 0;
    }
  return 1;
}

static void test_parser(void)
{
  an_conllu_corpus c;
  an_pool tags, labels;
  an_arena ar, tmp;
  an_parser p;
  an_train_cfg cfg;
  size_t n, i, j, ok = 0, all = 0, quoted = 0, paired = 0;
  int heads[64];
  uint16_t labs[64], rtags[64];
  const char *forms[64];
  an_rng rng;
  double uas, las;
  an_tsent *s = load_tiny(&gmem, &ar, &c, &tags, &labels, &n);
  uint32_t root;
  CHECK(s != NULL);
  if (!s) return;
  root = an_pool_find(&labels, "root", 4);
  memset(&cfg, 0, sizeof cfg);
  cfg.seed = 5; cfg.max_epochs = 10; cfg.min_q = 1; cfg.name = "test";
  CHECK_EQ(an_parser_train(&p, &gmem, labels.count, root, NULL, NULL, s, n, s, n, &cfg, &las), ANNALS_OK);
  CHECK(las >= 90.0);
  an_parser_eval(&p, &gmem, s, n, &uas, &las);
  CHECK(uas >= 95.0);
  an_arena_init(&tmp, &gmem, 4096);
  for (i = 0; i < n; i++) {
    CHECK_EQ(an_parser_parse(&p, &tmp, s[i].form, s[i].ptag, s[i].n, heads, labs), ANNALS_OK);
    CHECK(is_tree(heads, labs, s[i].n, root));
    for (j = 0; j < s[i].n; j++) { ok += heads[j] == s[i].head[j]; all++; }
  }
  CHECK(ok * 100 >= all * 95);
  /* random words and tags, lengths 1..60: always a tree */
  an_rng_seed(&rng, 42);
  for (i = 0; i < 200; i++) {
    size_t len = 1 + an_rng_below(&rng, 60);
    for (j = 0; j < len; j++) {
      forms[j] = s[an_rng_below(&rng, (uint32_t)n)].form[0];
      rtags[j] = (uint16_t)an_rng_below(&rng, tags.count);
    }
    if (i % 2) forms[len - 1] = i % 4 == 1 ? "." : "?!";
    if (i % 3 == 0 && len >= 6) { forms[1] = "\""; forms[len - 2] = "\""; }
    CHECK_EQ(an_parser_parse(&p, &tmp, forms, rtags, len, heads, labs), ANNALS_OK);
    CHECK(is_tree(heads, labs, len, root));
    CHECK(is_projective(heads, len));
    if (i % 3 == 0 && len >= 6) {   /* quotes around one subtree hang from its head */
      size_t x, exits = 0, top = 0, kids = 0;
      for (x = 2; x < len - 2; x++) if (heads[x] < 3 || heads[x] > (int)len - 2) { exits++; top = x + 1; }
      for (x = 0; x < len; x++) {
        kids += heads[x] == 2 || heads[x] == (int)len - 1;
        if ((x < 1 || x > len - 2) && heads[x] >= 3 && heads[x] <= (int)len - 2) kids++;   /* not a whole subtree */
      }
      if (exits == 1 && !kids) { quoted++; paired += heads[1] == (int)top && heads[len - 2] == (int)top;}
    }
    if (i % 2 && len > 1) {      /* a childless final . ! ? hangs from the root word */
      size_t r = 0, k, kids = 0;
      for (k = 0; k < len; k++) { if (heads[k] == 0) r = k + 1; kids += heads[k] == (int)len; }
      if (!kids && r != len) CHECK_EQ(heads[len - 1], (int)r);
    }
    an_arena_reset(&tmp);
  }
  CHECK(quoted >= 3);
  CHECK_EQ(paired, quoted);
  CHECK_EQ(an_parser_parse(&p, &tmp, forms, rtags, 0, heads, labs), ANNALS_OK);
  an_parser_fini(&p, &gmem);
  an_arena_fini(&tmp);
  an_arena_fini(&ar);
  an_pool_fini(&tags); an_pool_fini(&labels);
  an_conllu_fini(&c);
}

int main(void)
{
  an_mem_init(&gmem, NULL, NULL);
  RUN(test_parser);
  return CHECK_DONE();
}
