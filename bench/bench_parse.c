/* bench_parse.c: tagging + lemmatizing + parsing throughput of the shipped model on one
** thread, over the gold words of a CoNLL-U file (default: EWT test), plus model load
** time and peak RSS. Usage: bench_parse [MODEL] [FILE.conllu] [REPEAT] */
#include "nlp.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
  const char *model = argc > 1 ? argv[1] : "models/en.annals-model";
  const char *gold = argc > 2 ? argv[2] : "/work/shared/data/ud/en_ewt-ud-test.conllu";
  int repeat = argc > 3 ? atoi(argv[3]) : 3, r;
  an_mem mem;
  an_err err;
  an_model *m = NULL;
  an_conllu_corpus c;
  an_arena a;
  an_nlp_word *w = NULL;
  size_t cap = 0, i, j, words = 0;
  double t0, tload, t = 0;
  struct rusage ru;
  an_mem_init(&mem, NULL, NULL);
  t0 = now();
  if (an_model_load(&mem, model, &m, &err)) { fprintf(stderr, "bench_parse: %s\n", err.msg); return 2; }
  tload = now() - t0;
  an_conllu_init(&c, &mem);
  if (an_conllu_read_file(&c, gold, NULL, NULL, &err) && c.n_sents == 0) { fprintf(stderr, "bench_parse: %s\n", err.msg); return 2; }
  an_arena_init(&a, &mem, 1 << 16);
  for (r = 0; r < repeat; r++) {
    t0 = now();
    for (i = 0; i < c.n_sents; i++) {
      const an_conllu_sent *s = &c.sents[i];
      if (an_mem_grow(&mem, (void **)&w, &cap, s->n_words + 1, sizeof *w)) return 2;
      for (j = 0; j < s->n_words; j++) w[j].form = s->words[j].form;
      if (an_model_annotate(m, &a, w, s->n_words)) { fprintf(stderr, "bench_parse: annotate failed\n"); return 2; }
      words += s->n_words;
      an_arena_reset(&a);
    }
    t += now() - t0;
  }
  getrusage(RUSAGE_SELF, &ru);
  printf("bench_parse: %zu words in %.3f s: %.0f words/s (tag+lemma+parse, 1 thread); model load %.1f ms; peak RSS %ld MiB\n",
         words, t, (double)words / t, tload * 1000.0, ru.ru_maxrss / 1024);
  an_mem_free(&mem, w, cap * sizeof *w);
  an_arena_fini(&a);
  an_conllu_fini(&c);
  an_model_free(m);
  return 0;
}
