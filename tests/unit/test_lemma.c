/* test_lemma.c: the lemmatizer learned from the tiny fixture: suffix rules generalize to
** unseen words, irregular forms come from the exception lexicon, PROPN keeps its case,
** and feats follow the tag or the word. */
#include "check.h"
#include "nlp.h"
#include "tiny_fixture.h"

static an_mem gmem;



static void test_lemmas(void)
{
  an_conllu_corpus c;
  an_pool tags, labels, strs;
  an_arena ar, tmp;
  an_lemmatizer l;
  size_t n;
  uint32_t tf[64];
  const char *out = NULL;
  an_tsent *s = load_tiny(&gmem, &ar, &c, &tags, &labels, &n);
  static const struct { const char *form, *upos, *xpos, *lemma; } cases[] = {
    { "attacked", "VERB", "VBD", "attack" },      /* seen */
    { "bombed", "VERB", "VBD", "bomb" },          /* unseen: -ed rule */
    { "Bombed", "VERB", "VBD", "bomb" },          /* sentence-initial capital */
    { "fled", "VERB", "VBD", "flee" },            /* irregular: lexicon */
    { "rockets", "NOUN", "NNS", "rocket" },       /* unseen plural */
    { "were", "AUX", "VBD", "be" },
    { "Paris", "PROPN", "NNP", "Paris" },
    { "Moscow", "PROPN", "NNP", "Moscow" },       /* unseen name keeps its case */
    { "The", "DET", "DT", "the" },
  };
  size_t i;
  CHECK(s != NULL);
  if (!s) return;
  an_pool_init(&strs, &gmem);
  an_arena_init(&tmp, &gmem, 4096);
  CHECK(tags.count < 64);
  CHECK_EQ(an_lemma_train(&l, &gmem, &strs, tags.count, tf, s, n), ANNALS_OK);
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    uint16_t t = tag_id(&tags, cases[i].upos, cases[i].xpos);
    CHECK(t != UINT16_MAX);
    CHECK_EQ(an_lemma_get(&l, &strs, &tmp, cases[i].form, t, &out), ANNALS_OK);
    CHECK_STR(out, cases[i].lemma);
  }
  {
    uint16_t nns = tag_id(&tags, "NOUN", "NNS"), dt = tag_id(&tags, "DET", "DT");
    CHECK_STR(an_pool_str(&strs, an_feats_get(&l, "rockets", nns, tf[nns])), "Number=Plur");
    CHECK_STR(an_pool_str(&strs, an_feats_get(&l, "the", dt, tf[dt])), "_");
  }
  an_lemma_fini(&l, &gmem);
  an_pool_fini(&strs);
  an_arena_fini(&tmp);
  an_arena_fini(&ar);
  an_pool_fini(&tags); an_pool_fini(&labels);
  an_conllu_fini(&c);
}

int main(void)
{
  an_mem_init(&gmem, NULL, NULL);
  RUN(test_lemmas);
  return CHECK_DONE();
}
