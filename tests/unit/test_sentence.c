/* test_sentence.c: sentence boundaries and page furniture in news text. */
#include "check.h"
#include "annals.h"

static annals_engine *eng;
static annals_doc *doc;

/* sentences as "kind:text" joined by " || " */
static const char *sents(const char *s)
{
  static char out[4096];
  size_t i, o = 0;
  out[0] = '\0';
  if (annals_doc_segment_text(doc, s, strlen(s)) != ANNALS_OK) return "(error)";
  for (i = 0; i < annals_doc_sentence_count(doc); i++) {
    const annals_sentence *st = annals_doc_sentence(doc, i);
    const char *k = st->flags & ANNALS_SENT_DATELINE ? "D" : st->flags & ANNALS_SENT_KICKER ? "K" :
                    st->flags & ANNALS_SENT_HEADLINE ? "H" : st->flags & ANNALS_SENT_BYLINE ? "B" :
                    st->flags & ANNALS_SENT_CREDIT ? "C" : st->flags & ANNALS_SENT_TRUNCATED ? "T" : "";
    o += (size_t)snprintf(out + o, sizeof out - o, "%s%s%s%s", i ? " || " : "", k, *k ? ":" : "", st->text);
  }
  return out;
}

static void test_abbreviations_do_not_split(void)
{
  CHECK_STR(sents("Gen. Smith met U.S. President Joe Biden on Jan. 5. He left."),
            "Gen. Smith met U.S. President Joe Biden on Jan. 5. || He left.");
  CHECK_STR(sents("They moved to No. 10 Downing St. in May. It rained."),
            "They moved to No. 10 Downing St. in May. || It rained.");
}

static void test_abbreviation_ends_sentence(void)
{
  /* the period is shared: it leaves the abbreviation and ends the sentence */
  const annals_sentence *st;
  CHECK_STR(sents("Troops arrived in the U.S. The talks ended."), "Troops arrived in the U.S. || The talks ended.");
  st = annals_doc_sentence(doc, 0);
  CHECK_EQ(st->count, 6);
  CHECK_STR(annals_doc_token(doc, 4)->text, "U.S");
  CHECK_STR(annals_doc_token(doc, 5)->text, ".");
}

static void test_decimals_currency(void)
{
  CHECK_STR(sents("Output rose 3.4 percent to US$1.25 billion. Shares fell."),
            "Output rose 3.4 percent to US$1.25 billion. || Shares fell.");
}

static void test_quotes_end_sentences(void)
{
  CHECK_STR(sents("“We will fight,” he said. “We will win.” She agreed."),
            "“We will fight,” he said. || “We will win.” || She agreed.");
  CHECK_STR(sents("He said \"No.\" Then he left."), "He said \"No.\" || Then he left.");
}

static void test_ellipsis(void)
{
  CHECK_STR(sents("It was... difficult. Then... Nothing."), "It was... difficult. || Then... || Nothing.");
}

static void test_dateline_and_kicker(void)
{
  CHECK_STR(sents("KYIV, March 3 (Reuters) - Ukraine said it would talk."),
            "D:KYIV, March 3 (Reuters) - || Ukraine said it would talk.");
  CHECK_STR(sents("TRADE TRUCE: The ministers agreed on tariffs."), "K:TRADE TRUCE: || The ministers agreed on tariffs.");
  CHECK_STR(sents("WASHINGTON (AP) -- Congress passed the bill."), "D:WASHINGTON (AP) -- || Congress passed the bill.");
}

static void test_furniture_paragraphs(void)
{
  CHECK_STR(sents("Photo: AFP\n\nBy Jane Doe\n\nRUSSIA AND CHINA SIGN GAS DEAL\n\nThe deal was signed."),
            "C:Photo: AFP || B:By Jane Doe || H:RUSSIA AND CHINA SIGN GAS DEAL || The deal was signed.");
  CHECK_STR(sents("(Reporting by Jane Doe; Editing by John Roe)"), "B:(Reporting by Jane Doe; Editing by John Roe)");
}

static void test_truncated_teaser(void)
{
  CHECK_STR(sents("The talks ended. The minister said the deal would\n\nNext paragraph here."),
            "The talks ended. || T:The minister said the deal would || Next paragraph here.");
  CHECK(!(annals_doc_sentence(doc, 0)->flags & ANNALS_SENT_TRUNCATED));
  CHECK(annals_doc_sentence(doc, 2)->flags & ANNALS_SENT_PAR_START);
  CHECK_EQ(annals_doc_sentence(doc, 2)->paragraph, 1);
}

static void test_wire_indent_paragraphs(void)
{
  CHECK_STR(sents("Showers continued in\nthe zone.\n    The dry period means\nlate crops"),
            "Showers continued in the zone. || T:The dry period means late crops");
}

static void test_question_exclamation(void)
{
  CHECK_STR(sents("Will they sign? Nobody knows! Maybe."), "Will they sign? || Nobody knows! || Maybe.");
}

static void test_sentence_spans(void)
{
  const char *s = "One two. Three four.";
  const annals_sentence *st;
  CHECK_STR(sents(s), "One two. || Three four.");
  st = annals_doc_sentence(doc, 1);
  CHECK_EQ(st->start, 9);
  CHECK_EQ(st->end, 20);
}

int main(void)
{
  if (annals_engine_open(NULL, &eng, NULL, 0) != ANNALS_OK || annals_doc_new(eng, &doc) != ANNALS_OK) return 1;
  RUN(test_abbreviations_do_not_split);
  RUN(test_abbreviation_ends_sentence);
  RUN(test_decimals_currency);
  RUN(test_quotes_end_sentences);
  RUN(test_ellipsis);
  RUN(test_dateline_and_kicker);
  RUN(test_furniture_paragraphs);
  RUN(test_truncated_teaser);
  RUN(test_wire_indent_paragraphs);
  RUN(test_question_exclamation);
  RUN(test_sentence_spans);
  annals_doc_free(doc);
  annals_engine_close(eng);
  return CHECK_DONE();
}
