/* tiny_fixture.h: the NLP unit tests' training data: tests/fixtures/tiny.conllu read
** into an_tsent sentences (tagger, lemmatizer and parser tests share it). */
#ifndef ANNALS_TINY_FIXTURE_H
#define ANNALS_TINY_FIXTURE_H

#include "nlp.h"

#include <stdio.h>
#include <string.h>

/* Training sentences from the tiny fixture: joint tags "UPOS\tXPOS" and relations are
** interned in tags/labels; ptag = gold tags. Everything lives in the arena. */
static inline an_tsent *load_tiny(an_mem *mem, an_arena *ar, an_conllu_corpus *c, an_pool *tags, an_pool *labels, size_t *n)
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

static inline uint16_t tag_id(an_pool *tags, const char *upos, const char *xpos)
{
  char key[64];
  int kn = snprintf(key, sizeof key, "%s\t%s", upos, xpos);
  return (uint16_t)an_pool_find(tags, key, (size_t)kn);
}

#endif
