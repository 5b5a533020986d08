/* doc_int.h: the engine and doc handles, shared by engine.c, doc.c and parse glue. */
#ifndef ANNALS_DOC_INT_H
#define ANNALS_DOC_INT_H

#include "segment_int.h"
#include "coder.h"

struct an_model;
struct an_nlp_word;

struct annals_engine {
  an_mem mem;
  struct an_model *model;      /* NULL: segmentation only */
  an_dict *dict;               /* NULL: no event coding */
  an_code_opts code_opts;
  void (*log_fn)(void *ud, int level, const char *msg);
  void *ud;
};

struct annals_doc {
  annals_engine *engine;
  an_mem mem;
  an_arena arena;              /* word texts and parse strings; dies on reset */
  an_seg seg;                  /* segmenter scratch */
  an_range *par; size_t n_par, cap_par;
  an_ssent *ss; size_t n_ss, cap_ss;
  annals_token *tok; size_t n_tok, cap_tok;
  annals_sentence *sent; size_t n_sent, cap_sent;
  struct an_nlp_word *words; size_t cap_words;   /* parse scratch */
  annals_event *ev; size_t n_ev, cap_ev;
  size_t n_coded;              /* sentences given to the coder */
  an_buf scratch;
  an_buf out;                  /* formatted records (output.c) */
  an_err err;
};

/* code.c: the dictionaries behind an engine */
annals_status an_engine_load_dict(annals_engine *e, const annals_config *cfg, char *errbuf, size_t errlen);
void an_engine_free_dict(annals_engine *e);

/* parse.c: the model behind an engine */
annals_status an_engine_load_model(annals_engine *e, const char *path, char *errbuf, size_t errlen);
void an_engine_free_model(annals_engine *e);

/* Words [a, b) as the text spaces them, in the doc's arena; NULL on ENOMEM. */
const char *an_doc_words_text(annals_doc *d, size_t a, size_t b);

annals_status an_doc_segment(annals_doc *d, const char *t, size_t len, uint64_t base, int story_flags);

#endif
