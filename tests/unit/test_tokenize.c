/* test_tokenize.c: surface tokens and UD words, with their byte spans. */
#include "check.h"
#include "annals.h"

#include <stdlib.h>

static annals_engine *eng;
static annals_doc *doc;

/* Segment s and return the words joined by '|' (sentences by " || "). */
static const char *words(const char *s)
{
  static char out[4096];
  size_t i, k, o = 0;
  out[0] = '\0';
  if (annals_doc_segment_text(doc, s, strlen(s)) != ANNALS_OK) return "(error)";
  for (i = 0; i < annals_doc_sentence_count(doc); i++) {
    const annals_sentence *st = annals_doc_sentence(doc, i);
    if (i) o += (size_t)snprintf(out + o, sizeof out - o, " || ");
    for (k = 0; k < st->count; k++)
      o += (size_t)snprintf(out + o, sizeof out - o, "%s%s", k ? "|" : "", annals_doc_token(doc, st->first + k)->text);
  }
  return out;
}

static void test_abbrev_keeps_period(void)
{
  CHECK_STR(words("Gen. Smith met U.S. envoys in Cairo."), "Gen.|Smith|met|U.S.|envoys|in|Cairo|.");
  CHECK_STR(words("Mr. and Mrs. J.R.R. Tolkien left No. 10 at 3 p.m. on Jan. 5."),
            "Mr.|and|Mrs.|J.R.R.|Tolkien|left|No.|10|at|3|p.m.|on|Jan.|5|.");
  CHECK_STR(words("He said no."), "He|said|no|.");
}

static void test_numbers_and_currency(void)
{
  CHECK_STR(words("It cost US$1.25 billion, or HK$7.8, up 3.4 percent from $1,000."),
            "It|cost|US$|1.25|billion|,|or|HK$|7.8|,|up|3.4|percent|from|$|1,000|.");
  CHECK_STR(words("At 7:30 on 12/25/2004 it fell 5%."), "At|7:30|on|12/25/2004|it|fell|5|%|.");
}

static void test_clitics_split(void)
{
  CHECK_STR(words("They don't know it's Bush's, we're sure; I cannot."),
            "They|do|n't|know|it|'s|Bush|'s|,|we|'re|sure|;|I|can|not|.");
  CHECK_STR(words("Won’t they?"), "Wo|n’t|they|?");
}

static void test_mwt_flags_and_spans(void)
{
  const annals_token *t;
  CHECK_STR(words("I don't."), "I|do|n't|.");
  t = annals_doc_token(doc, 1);
  CHECK(t->flags & ANNALS_TOK_MWT_FIRST);
  CHECK_EQ(t->start, 2);
  CHECK_EQ(t->end, 4);
  t = annals_doc_token(doc, 2);
  CHECK(t->flags & ANNALS_TOK_MWT_NEXT);
  CHECK_EQ(t->start, 4);
  CHECK_EQ(t->end, 7);
  CHECK(!(t->flags & ANNALS_TOK_SPACE_AFTER));
  CHECK(annals_doc_token(doc, 0)->flags & ANNALS_TOK_SPACE_AFTER);
}

static void test_hyphens_as_ewt(void)
{
  CHECK_STR(words("An e-mail on the so-called pro-Russian, non-profit call 713-853-3989."),
            "An|e-mail|on|the|so|-|called|pro-Russian|,|non-profit|call|713-853-3989|.");
  CHECK_STR(words("A well-known 5-10 win -- and more"), "A|well|-|known|5|-|10|win|--|and|more");
}

static void test_urls_and_email(void)
{
  CHECK_STR(words("See http://www.un.org/press/en/2026.htm, or mail info@un.org."),
            "See|http://www.un.org/press/en/2026.htm|,|or|mail|info@un.org|.");
}

static void test_unicode_quotes_and_dashes(void)
{
  CHECK_STR(words("“We won,” he said — really…"), "“|We|won|,|”|he|said|—|really|…");
}

static void test_invalid_utf8_replaced_spans_kept(void)
{
  const char s[] = "Bad \xff\xfe byte and NUL\0here.";
  const annals_token *t;
  CHECK_EQ(annals_doc_segment_text(doc, s, sizeof s - 1), ANNALS_OK);
  t = annals_doc_token(doc, 1);
  CHECK_STR(t->text, "\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK_EQ(t->start, 4);
  CHECK_EQ(t->end, 6);
  CHECK(t->flags & ANNALS_TOK_REPLACED);
  CHECK(annals_doc_replaced_count(doc) >= 3);       /* two bad bytes and a NUL */
  CHECK_STR(annals_doc_token(doc, 4)->text, "NUL");  /* NUL separates like white space */
  CHECK_STR(annals_doc_token(doc, 5)->text, "here");
}

static void test_every_byte_accounted(void)
{
  /* tokens never overlap and stay inside the text, whatever the input */
  unsigned seed = 12345;
  int round;
  for (round = 0; round < 300; round++) {
    char buf[200];
    size_t n = (size_t)(seed % 199) + 1, i;
    uint64_t prev_end = 0;
    int ok = 1;
    for (i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      buf[i] = "aZ. ,'\"-$1\xe2\x80\x9c\n\xff@:/!?"[(seed >> 16) % 20];
    }
    CHECK_EQ(annals_doc_segment_text(doc, buf, n), ANNALS_OK);
    for (i = 0; i < annals_doc_token_count(doc); i++) {
      const annals_token *t = annals_doc_token(doc, i);
      if (t->start < prev_end || t->end <= t->start || t->end > n) ok = 0;
      prev_end = t->end;
    }
    CHECK(ok);
  }
}

static void test_empty_input(void)
{
  CHECK_EQ(annals_doc_segment_text(doc, "", 0), ANNALS_OK);
  CHECK_EQ(annals_doc_sentence_count(doc), 0);
  CHECK_EQ(annals_doc_segment_text(doc, " \n\n\t ", 5), ANNALS_OK);
  CHECK_EQ(annals_doc_token_count(doc), 0);
}

/* Fail the Nth allocation for N = 1, 2, ... until the call succeeds. */
static void test_out_of_memory_is_clean(void)
{
  check_fault fault;
  const char *s = "KYIV, March 3 (Reuters) - Ukraine's president didn't meet U.S. envoys. \"No,\" he said.";
  int n;
  for (n = 1; n < 2000; n++) {
    annals_config cfg;
    annals_engine *e = NULL;
    annals_doc *d = NULL;
    annals_status rc;
    memset(&cfg, 0, sizeof cfg);
    cfg.realloc_fn = check_failing_realloc;
    cfg.ud = &fault;
    fault.fail_at = n; fault.calls = 0;
    rc = annals_engine_open(&cfg, &e, NULL, 0);
    if (rc == ANNALS_OK) rc = annals_doc_new(e, &d);
    if (rc == ANNALS_OK) rc = annals_doc_segment_text(d, s, strlen(s));
    if (rc == ANNALS_OK) CHECK_EQ(annals_doc_sentence_count(d), 3);
    else CHECK_EQ(rc, ANNALS_ENOMEM);
    annals_doc_free(d);
    annals_engine_close(e);
    if (rc == ANNALS_OK) break;
  }
  CHECK(n < 2000);
}

int main(void)
{
  if (annals_engine_open(NULL, &eng, NULL, 0) != ANNALS_OK || annals_doc_new(eng, &doc) != ANNALS_OK) return 1;
  RUN(test_abbrev_keeps_period);
  RUN(test_numbers_and_currency);
  RUN(test_clitics_split);
  RUN(test_mwt_flags_and_spans);
  RUN(test_hyphens_as_ewt);
  RUN(test_urls_and_email);
  RUN(test_unicode_quotes_and_dashes);
  RUN(test_invalid_utf8_replaced_spans_kept);
  RUN(test_every_byte_accounted);
  RUN(test_empty_input);
  RUN(test_out_of_memory_is_clean);
  annals_doc_free(doc);
  annals_engine_close(eng);
  return CHECK_DONE();
}
