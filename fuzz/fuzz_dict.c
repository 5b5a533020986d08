/* fuzz_dict.c: any bytes as each kind of PETRARCH dictionary file (verbs in either
** dialect, actors, agents, discards, issues) next to small valid ones. A load
** either succeeds or fails with "file:line: ..." -- never a crash or a leak; a
** dictionary that loads must code a parsed sentence. */
#include "coder.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FIX "tests/fixtures/dict/"

static const char *tmp_path(void)
{
  static char path[128];
  if (!path[0]) snprintf(path, sizeof path, "/tmp/annals-fuzz-dict-%d.txt", (int)getpid());
  return path;
}

static void code_one(const an_dict *d)
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

int fuzz_dict_one(const uint8_t *data, size_t size);
int fuzz_dict_one(const uint8_t *data, size_t size)
{
  const char *path = tmp_path();
  int kind;
  FILE *fp = fopen(path, "wb");
  if (!fp) return 0;
  fwrite(data, 1, size, fp);
  fclose(fp);
  for (kind = 0; kind < 5; kind++) {
    const char *actors[1];
    an_dict_files f;
    an_mem mem;
    an_err err;
    an_dict *d = NULL;
    memset(&f, 0, sizeof f);
    f.verbs = kind == 0 ? path : FIX "p1.verbs.txt";
    actors[0] = kind == 1 ? path : FIX "p1.actors.txt";
    f.actors = actors;
    f.n_actors = 1;
    f.agents = kind == 2 ? path : FIX "p1.agents.txt";
    f.discards = kind == 3 ? path : FIX "p1.discards.txt";
    f.issues = kind == 4 ? path : FIX "p1.issues.txt";
    an_mem_init(&mem, NULL, NULL);
    err.msg[0] = '\0';
    if (an_dict_load(&mem, &f, &d, &err) == ANNALS_OK) {
      code_one(d);
      an_dict_free(d);
    } else if (!strchr(err.msg, ':')) {
      abort();                            /* a refusal names file and line */
    }
  }
  unlink(path);
  return 0;
}

#ifndef ANNALS_FUZZ_REPLAY
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) { return fuzz_dict_one(data, size); }
#endif
