/* fuzz_code.h: shared by the dictionary fuzz targets: code one hand-parsed sentence
** ("Avalon attacked Brigadoon .") with a dictionary that loaded, and check the events. */
#ifndef ANNALS_FUZZ_CODE_H
#define ANNALS_FUZZ_CODE_H

#include "coder.h"

#include <stdlib.h>
#include <string.h>

static void fuzz_code_one(const an_dict *d)
{
  /* "Avalon attacked Brigadoon ." with a hand-made parse */
  static const char *const form[] = { "Avalon", "attacked", "Brigadoon", "." };
  static const char *const lemma[] = { "Avalon", "attack", "Brigadoon", "." };
  static const char *const upos[] = { "PROPN", "VERB", "PROPN", "PUNCT" };
  static const char *const xpos[] = { "NNP", "VBD", "NNP", "." };
  static const char *const rel[] = { "nsubj", "root", "obj", "punct" };
  static const int head[] = { 2, 0, 2, 2 };
  annals_token w[4];
  an_mem mem;
  an_arena a;
  an_code_opts o;
  an_event *ev = NULL;
  size_t i, n = 0;
  memset(w, 0, sizeof w);
  for (i = 0; i < 4; i++) {
    w[i].text = form[i]; w[i].lemma = lemma[i]; w[i].upos = upos[i]; w[i].xpos = xpos[i];
    w[i].feats = "_"; w[i].deprel = rel[i]; w[i].head = head[i];
    w[i].start = i * 10; w[i].end = i * 10 + 5; w[i].flags = ANNALS_TOK_SPACE_AFTER;
  }
  an_mem_init(&mem, NULL, NULL);
  an_arena_init(&a, &mem, 4096);
  an_code_opts_default(&o);
  if (an_code_sentence(d, &o, w, 4, 20100101, &a, &ev, &n) == ANNALS_OK)
    for (i = 0; i < n; i++)
      if (!ev[i].source || !ev[i].target || !ev[i].code) abort();
  an_arena_fini(&a);
}

#endif
