/* test_lemma.c: the lemmatizer learned from the tiny fixture: suffix rules generalize to
** unseen words, irregular forms come from the exception lexicon, PROPN keeps its case,
** and feats follow the tag or the word. */
#include "check.h"
#include "nlp.h"

static an_mem gmem;

/* Training sentences from the tiny fixture: joint tags "UPOS\tXPOS" and relations are
** interned in tags/labels; ptag = gold tags. Everything lives in the arena. */
static an_tsent *load_tiny(an_mem *mem, an_arena *ar, an_conllu_corpus *c, an_pool *tags, an_pool *labels, size_t *n)
{
  an_err err;
  an_tsent *v;
  size_t i, j;
  char key[256];
  an_conllu_init(c, mem);
  an_pool_init(tags, mem);
  an_pool_init(labels, mem);
  an_arena_init(ar, mem, 1 << 16);
  if (an_conllu_read_file(c, "tests/fixtures/tiny.conllu", NULL, NULL, &err)) return NULL;
  v = an_arena_alloc(ar, c->n_sents * sizeof *v);
  for (i = 0; i < c->n_sents; i++) {
    const an_conllu_sent *s = &c->sents[i];
    size_t k = s->n_words;
    v[i].n = k;
    v[i].form = an_arena_alloc(ar, k * sizeof(char *));
    v[i].lemma = an_arena_alloc(ar, k * sizeof(char *));
    v[i].feats = an_arena_alloc(ar, k * sizeof(char *));
    v[i].tag = an_arena_alloc(ar, k * sizeof(uint16_t));
    v[i].ptag = an_arena_alloc(ar, k * sizeof(uint16_t));
    v[i].label = an_arena_alloc(ar, k * sizeof(uint16_t));
    v[i].head = an_arena_alloc(ar, k * sizeof(int));
    for (j = 0; j < k; j++) {
      const an_conllu_word *w = &s->words[j];
      int kn = snprintf(key, sizeof key, "%s\t%s", w->upos, w->xpos);
      v[i].form[j] = w->form; v[i].lemma[j] = w->lemma; v[i].feats[j] = w->feats;
      v[i].tag[j] = v[i].ptag[j] = (uint16_t)an_pool_intern(tags, key, (size_t)kn);
      v[i].label[j] = (uint16_t)an_pool_intern(labels, w->deprel, strlen(w->deprel));
      v[i].head[j] = w->head;
    }
  }
  *n = c->n_sents;
  return v;
}

static uint16_t tag_id(an_pool *tags, const char *upos, const char *xpos)
{
  char key[64];
  int kn = snprintf(key, sizeof key, "%s\t%s", upos, xpos);
  return (uint16_t)an_pool_find(tags, key, (size_t)kn);
}

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
