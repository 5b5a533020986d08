/* bench_segment.c: segmentation + tokenization throughput, single thread.
** usage: bench_segment FILE [REPEAT]   (FILE: any input the reader takes)
** Reads every story (REPEAT times), segments it, and reports MB/s of story text,
** sentences/s, tokens/s and peak RSS. Reading time is reported apart. */
#include "annals.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
  annals_engine *eng = NULL;
  annals_doc *doc = NULL;
  double seg = 0, t_all = now();
  unsigned long long bytes = 0, sents = 0, toks = 0, stories = 0;
  int rep, repeat = argc > 2 ? atoi(argv[2]) : 1;
  struct rusage ru;
  if (argc < 2) { fprintf(stderr, "usage: bench_segment FILE [REPEAT]\n"); return 2; }
  if (annals_engine_open(NULL, &eng, NULL, 0) || annals_doc_new(eng, &doc)) return 1;
  for (rep = 0; rep < repeat; rep++) {
    annals_reader *r = NULL;
    const annals_story *s;
    if (annals_reader_open(NULL, argv[1], ANNALS_FMT_AUTO, &r) != ANNALS_OK) {
      fprintf(stderr, "bench_segment: %s\n", r ? annals_reader_errmsg(r) : "cannot open");
      return 1;
    }
    while (annals_reader_next(r, &s) == ANNALS_OK && s) {
      double t0 = now();
      if (annals_doc_segment(doc, s) != ANNALS_OK) return 1;
      seg += now() - t0;
      bytes += s->text_len;
      sents += annals_doc_sentence_count(doc);
      toks += annals_doc_token_count(doc);
      stories++;
    }
    annals_reader_close(r);
  }
  t_all = now() - t_all;
  getrusage(RUSAGE_SELF, &ru);
  printf("segment: %llu stories, %.1f MB text, %llu sentences, %llu tokens\n", stories, (double)bytes / 1e6, sents, toks);
  printf("segment: %.1f MB/s segmentation+tokenization (%.2f s), %.0f sentences/s, %.0f tokens/s\n",
         (double)bytes / 1e6 / seg, seg, (double)sents / seg, (double)toks / seg);
  printf("segment: %.1f MB/s end to end with reading (%.2f s); peak RSS %.1f MB\n",
         (double)bytes / 1e6 / t_all, t_all, (double)ru.ru_maxrss / 1024.0);
  annals_doc_free(doc);
  annals_engine_close(eng);
  return 0;
}
