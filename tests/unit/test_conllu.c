/* test_conllu.c: CoNLL-U reader (fields, comments, MWT ranges, "file:line: message"
** errors, skip-and-continue) and the writer -> reader round trip. */
#include "check.h"
#include "nlp.h"

#include <stdlib.h>

#define TINY "tests/fixtures/tiny.conllu"

static an_mem mem;

static void test_reads_fixture(void)
{
  an_conllu_corpus c;
  an_err err;
  const an_conllu_sent *s;
  an_conllu_init(&c, &mem);
  CHECK_EQ(an_conllu_read_file(&c, TINY, NULL, NULL, &err), ANNALS_OK);
  CHECK_EQ(c.n_sents, 20);
  s = &c.sents[0];
  CHECK_STR(s->sent_id, "tiny-1");
  CHECK_STR(s->text, "The council approved the budget.");
  CHECK(s->newdoc);
  CHECK_STR(s->newdoc_id, "tiny-1");
  CHECK_EQ(s->n_words, 6);
  CHECK_STR(s->words[2].lemma, "approve");
  CHECK_STR(s->words[2].deprel, "root");
  CHECK_EQ(s->words[2].head, 0);
  CHECK_STR(s->words[4].misc, "SpaceAfter=No");
  s = &c.sents[4];        /* They don't trust ... */
  CHECK_EQ(s->n_mwts, 1);
  CHECK_EQ(s->mwts[0].first, 2);
  CHECK_EQ(s->mwts[0].last, 3);
  CHECK_STR(s->mwts[0].form, "don't");
  CHECK_STR(s->words[2].form, "n't");
  CHECK(c.sents[10].newpar);
  CHECK(!c.sents[9].newpar);
  an_conllu_fini(&c);
}

typedef struct errs { int n; char last[512]; } errs;
static int keep_going(void *ud, const char *msg)
{
  errs *e = ud;
  e->n++;
  snprintf(e->last, sizeof e->last, "%s", msg);
  return 1;
}

static void test_rejects_malformed(void)
{
  static const struct { const char *text, *msg; } cases[] = {
    { "1\ta\ta\tX\tX\t_\t0\troot\t_\n", "mem:1: expected 10 tab-separated fields, found 9" },
    { "# sent_id = 1\n1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n3\tb\tb\tX\tX\t_\t1\tdep\t_\t_\n", "mem:3: word id 3 out of sequence (expected 2)" },
    { "1\ta\ta\tX\tX\t_\t0\troot\t_\t_\n2\tb\tb\tX\tX\t_\t7\tdep\t_\t_\n", "mem:2: head 7 beyond the sentence's 2 words" },
    { "x\ta\ta\tX\tX\t_\t0\troot\t_\t_\n", "mem:1: bad word id 'x'" },
    { "1\ta\ta\tX\tX\t_\tz\troot\t_\t_\n", "mem:1: bad HEAD 'z'" },
    { "1\t\ta\tX\tX\t_\t0\troot\t_\t_\n", "mem:1: empty FORM field" },
    { "2-1\tab\t_\t_\t_\t_\t_\t_\t_\t_\n", "mem:1: bad token range '2-1'" },
    { "1\ta\ta\tX\tX\t_\t1\troot\t_\t_\n", "mem:1: word 1 is its own head" },
  };
  size_t i;
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    an_conllu_corpus c;
    an_err err;
    an_conllu_init(&c, &mem);
    err.msg[0] = '\0';
    CHECK_EQ(an_conllu_read_mem(&c, "mem", cases[i].text, strlen(cases[i].text), NULL, NULL, &err), ANNALS_EFORMAT);
    CHECK_STR(err.msg, cases[i].msg);
    CHECK_EQ(c.n_sents, 0);
    an_conllu_fini(&c);
  }
}

static void test_skips_bad_sentence_and_continues(void)
{
  const char *text =
    "1\tA\ta\tX\tX\t_\t0\troot\t_\t_\n\n"
    "1\tB\tb\tX\tX\t_\t0\troot\t_\n2\tC\tc\tX\tX\t_\t1\tdep\t_\t_\n\n"
    "8.1\tgap\t_\t_\t_\t_\t_\t_\t_\t_\n"
    "1\tD\td\tX\tX\t_\t0\troot\t_\t_\n";
  an_conllu_corpus c;
  an_err err;
  errs e = { 0, "" };
  an_conllu_init(&c, &mem);
  CHECK_EQ(an_conllu_read_mem(&c, "f.conllu", text, strlen(text), keep_going, &e, &err), ANNALS_OK);
  CHECK_EQ(e.n, 1);
  CHECK_STR(e.last, "f.conllu:3: expected 10 tab-separated fields, found 9");
  CHECK_EQ(c.n_sents, 2);
  CHECK_EQ(c.n_errors, 1);
  CHECK_STR(c.sents[0].words[0].form, "A");
  CHECK_STR(c.sents[1].words[0].form, "D");   /* no final blank line; empty node skipped */
  an_conllu_fini(&c);
}

static char *slurp(const char *path, size_t *n)
{
  FILE *fp = fopen(path, "rb");
  char *p;
  long sz;
  if (!fp) return NULL;
  fseek(fp, 0, SEEK_END);
  sz = ftell(fp);
  fseek(fp, 0, SEEK_SET);
  p = malloc((size_t)sz + 1);
  *n = fread(p, 1, (size_t)sz, fp);
  fclose(fp);
  return p;
}

static void test_round_trip(void)
{
  an_conllu_corpus c, d;
  an_err err;
  char *orig, *buf = NULL;
  size_t n = 0, bn = 0, i, j;
  FILE *fp;
  an_conllu_init(&c, &mem);
  an_conllu_init(&d, &mem);
  CHECK_EQ(an_conllu_read_file(&c, TINY, NULL, NULL, &err), ANNALS_OK);
  fp = open_memstream(&buf, &bn);
  for (i = 0; i < c.n_sents; i++) CHECK_EQ(an_conllu_write_sent(fp, &c.sents[i]), 0);
  fclose(fp);
  orig = slurp(TINY, &n);
  CHECK(orig != NULL);
  CHECK_EQ(bn, n);
  CHECK(orig && bn == n && memcmp(orig, buf, n) == 0);   /* byte-identical */
  CHECK_EQ(an_conllu_read_mem(&d, "copy", buf, bn, NULL, NULL, &err), ANNALS_OK);
  CHECK_EQ(d.n_sents, c.n_sents);
  for (i = 0; i < c.n_sents && i < d.n_sents; i++) {
    CHECK_EQ(d.sents[i].n_words, c.sents[i].n_words);
    CHECK_EQ(d.sents[i].n_mwts, c.sents[i].n_mwts);
    for (j = 0; j < c.sents[i].n_words && j < d.sents[i].n_words; j++) {
      CHECK_STR(d.sents[i].words[j].form, c.sents[i].words[j].form);
      CHECK_STR(d.sents[i].words[j].deprel, c.sents[i].words[j].deprel);
      CHECK_EQ(d.sents[i].words[j].head, c.sents[i].words[j].head);
    }
  }
  free(orig);
  free(buf);
  an_conllu_fini(&c);
  an_conllu_fini(&d);
}

typedef struct failing { long left; long live; } failing;
static void *fail_realloc(void *ud, void *p, size_t old_sz, size_t new_sz)
{
  failing *f = ud;
  (void)old_sz;
  if (new_sz == 0) { if (p) f->live--; free(p); return NULL; }
  if (f->left-- <= 0) return NULL;
  if (!p) f->live++;
  return realloc(p, new_sz);
}

/* Fail the Nth allocation for N = 0, 1, ... until the read succeeds: each failure is a
** clean ENOMEM and the corpus frees everything. */
static void test_read_out_of_memory(void)
{
  size_t n = 0;
  char *text = slurp(TINY, &n);
  long k;
  if (!text) { CHECK(0); return; }
  for (k = 0; k < 100000; k++) {
    failing f = { k, 0 };
    an_mem fm;
    an_conllu_corpus c;
    an_err err;
    annals_status rc;
    an_mem_init(&fm, fail_realloc, &f);
    an_conllu_init(&c, &fm);
    rc = an_conllu_read_mem(&c, "tiny", text, n, NULL, NULL, &err);
    if (rc == ANNALS_OK) CHECK_EQ(c.n_sents, 20);
    else CHECK_EQ(rc, ANNALS_ENOMEM);
    an_conllu_fini(&c);
    CHECK_EQ(f.live, 0);
    if (rc == ANNALS_OK) break;
  }
  CHECK(k > 3);
  free(text);
}

int main(void)
{
  an_mem_init(&mem, NULL, NULL);
  RUN(test_reads_fixture);
  RUN(test_rejects_malformed);
  RUN(test_skips_bad_sentence_and_continues);
  RUN(test_round_trip);
  RUN(test_read_out_of_memory);
  return CHECK_DONE();
}
