/* bench_pipeline.c: the whole pipeline on real news, single thread, through the
** public API: read + segment + tag/lemmatize/parse (+ code CAMEO events with the
** Phoenix dictionaries when a dictionary directory is given).
** usage: bench_pipeline MODEL NEWS [PETRARCH_DICT_DIR] [MAX_STORIES]
** Reports tokens/s and sentences/s for parsing and end to end, and peak RSS. */
#include "annals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
  annals_config cfg;
  annals_dict_spec spec;
  annals_engine *eng = NULL;
  annals_doc *doc = NULL;
  annals_reader *r = NULL;
  const annals_story *s;
  char err[1024];
  double t_all, t_load, t_parse = 0, t_code = 0, t_seg = 0;
  unsigned long long stories = 0, sents = 0, toks = 0, coded = 0, events = 0;
  unsigned long long max_stories = argc > 4 ? strtoull(argv[4], NULL, 10) : 0;
  struct rusage ru;
  if (argc < 3) { fprintf(stderr, "usage: bench_pipeline MODEL NEWS [PETRARCH_DICT_DIR] [MAX_STORIES]\n"); return 2; }
  memset(&cfg, 0, sizeof cfg);
  memset(&spec, 0, sizeof spec);
  cfg.model_path = argv[1];
  if (argc > 3 && *argv[3]) {
    /* "petrarch:DIR" for PETRARCH/Phoenix files, else an annals dictionary directory */
    if (!strncmp(argv[3], "petrarch:", 9)) { spec.format = ANNALS_DICT_PETRARCH; spec.dir = argv[3] + 9; }
    else { spec.format = ANNALS_DICT_ANNALS; spec.dir = argv[3]; }
    cfg.dict = &spec;
  }
  t_load = now();
  if (annals_engine_open(&cfg, &eng, err, sizeof err) != ANNALS_OK) { fprintf(stderr, "bench_pipeline: %s\n", err); return 1; }
  t_load = now() - t_load;
  if (annals_doc_new(eng, &doc) || annals_reader_open(&cfg, argv[2], ANNALS_FMT_AUTO, &r)) return 1;
  t_all = now();
  while (annals_reader_next(r, &s) == ANNALS_OK && s && (!max_stories || stories < max_stories)) {
    double t0 = now(), t1, t2, t3;
    if (annals_doc_segment(doc, s)) return 1;
    t1 = now();
    if (annals_doc_parse(doc)) return 1;
    t2 = now();
    if (cfg.dict && annals_doc_code(doc, s->date)) { fprintf(stderr, "%s\n", annals_doc_errmsg(doc)); return 1; }
    t3 = now();
    t_seg += t1 - t0; t_parse += t2 - t1; t_code += t3 - t2;
    stories++;
    sents += annals_doc_sentence_count(doc);
    toks += annals_doc_token_count(doc);
    coded += annals_doc_coded_count(doc);
    events += annals_doc_event_count(doc);
  }
  t_all = now() - t_all;
  getrusage(RUSAGE_SELF, &ru);
  printf("pipeline: %llu stories, %llu sentences, %llu words; engine load %.2f s\n", stories, sents, toks, t_load);
  printf("pipeline: tag+lemma+parse %.0f words/s, %.0f sentences/s (%.2f s)\n", (double)toks / t_parse,
         (double)sents / t_parse, t_parse);
  if (cfg.dict)
    printf("pipeline: coding %.0f sentences/s (%.2f s); %llu sentences coded, %llu events\n",
           (double)coded / t_code, t_code, coded, events);
  printf("pipeline: end to end (read+segment+parse%s) %.0f sentences/s, %.0f words/s (%.2f s); peak RSS %.1f MB\n",
         cfg.dict ? "+code" : "", (double)sents / t_all, (double)toks / t_all, t_all, (double)ru.ru_maxrss / 1024.0);
  annals_reader_close(r);
  annals_doc_free(doc);
  annals_engine_close(eng);
  return 0;
}
