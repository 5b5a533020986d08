/* parse.c: the NLP model behind an engine, and annals_doc_parse: each sentence's
** words go to the tagger, lemmatizer and parser (nlp.h) and the results are
** published on the doc's tokens. Strings are the model's or the doc arena's. */
#include "doc_int.h"
#include "nlp.h"

#include <string.h>

annals_status an_engine_load_model(annals_engine *e, const char *path, char *errbuf, size_t errlen)
{
  an_err err;
  annals_status rc;
  err.msg[0] = '\0';
  rc = an_model_load(&e->mem, path, &e->model, &err);
  if (rc != ANNALS_OK && errbuf && errlen) {
    size_t n = strlen(err.msg);
    if (n >= errlen) n = errlen - 1;
    memcpy(errbuf, err.msg, n);
    errbuf[n] = '\0';
  }
  return rc;
}

void an_engine_free_model(annals_engine *e)
{
  an_model_free(e->model);
  e->model = NULL;
}

annals_status annals_doc_parse(annals_doc *d)
{
  size_t i, k;
  if (!d) return ANNALS_EMISUSE;
  if (!d->engine->model) return an_err_set(&d->err, ANNALS_EMISUSE, "no model loaded: cannot parse");
  if (d->mem.failed) return an_err_set(&d->err, ANNALS_ENOMEM, "out of memory");
  for (i = 0; i < d->n_sent; i++) {
    const annals_sentence *s = &d->sent[i];
    an_nlp_word *w;
    annals_status rc;
    if (!s->count) continue;
    if (an_mem_grow(&d->mem, (void **)&d->words, &d->cap_words, s->count, sizeof *d->words))
      return an_err_set(&d->err, ANNALS_ENOMEM, "out of memory");
    w = d->words;
    for (k = 0; k < s->count; k++) {
      memset(&w[k], 0, sizeof w[k]);
      w[k].form = d->tok[s->first + k].text;
    }
    rc = an_model_annotate(d->engine->model, &d->arena, w, s->count);
    if (rc != ANNALS_OK) return an_err_set(&d->err, rc, "parse failed: %s", annals_status_str(rc));
    for (k = 0; k < s->count; k++) {
      annals_token *t = &d->tok[s->first + k];
      t->upos = w[k].upos;
      t->xpos = w[k].xpos;
      t->feats = w[k].feats;
      t->lemma = w[k].lemma;
      t->deprel = w[k].deprel;
      t->head = w[k].head;
    }
  }
  return ANNALS_OK;
}
