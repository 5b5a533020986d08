/* test_reader.c: plain text, JSONL and XML ingest, gzip, and bad input that must
** be reported (file and line) and skipped while the rest is still read. */
#include "check.h"
#include "annals.h"

#include <stdlib.h>
#include <unistd.h>
#include <zlib.h>

static char logbuf[8192];
static size_t logn;
static void log_fn(void *ud, int level, const char *msg)
{
  (void)ud; (void)level;
  logn += (size_t)snprintf(logbuf + logn, sizeof logbuf - logn, "%s\n", msg);
  if (logn >= sizeof logbuf) logn = sizeof logbuf - 1;
}

static const char *tmpfile_with(const char *name, const char *data, size_t n, int gz)
{
  static char path[256];
  snprintf(path, sizeof path, "/tmp/annals-test-%d-%s", (int)getpid(), name);
  if (gz) {
    gzFile g = gzopen(path, "wb");
    gzwrite(g, data, (unsigned)n);
    gzclose(g);
  } else {
    FILE *fp = fopen(path, "wb");
    fwrite(data, 1, n, fp);
    fclose(fp);
  }
  return path;
}

/* Read every story of path; ids joined by ',' into ids. Returns the reader's stats. */
static annals_reader_stats read_all(const char *path, annals_format f, char *ids, size_t cap)
{
  annals_config cfg;
  annals_reader *r = NULL;
  const annals_story *s;
  annals_reader_stats st;
  size_t o = 0;
  memset(&cfg, 0, sizeof cfg);
  cfg.log_fn = log_fn;
  logn = 0; logbuf[0] = '\0';
  ids[0] = '\0';
  memset(&st, 0, sizeof st);
  if (annals_reader_open(&cfg, path, f, &r) != ANNALS_OK) { annals_reader_close(r); return st; }
  while (annals_reader_next(r, &s) == ANNALS_OK && s)
    o += (size_t)snprintf(ids + o, cap - o, "%s%s", o ? "," : "", s->id);
  st = *annals_reader_stats_get(r);
  annals_reader_close(r);
  unlink(path);
  return st;
}

static void test_jsonl_good_and_bad_lines(void)
{
  const char data[] =
    "{\"id\": \"a1\", \"date\": \"2026-03-03\", \"title\": \"T\", \"text\": \"Kyiv said so.\", \"extra\": [1,2]}\n"
    "{\"id\": \"a2\", \"text\": \"broken\"\n"
    "\n"
    "[1, 2, 3]\n"
    "{\"id\": \"a3\", \"title\": \"no text\"}\n"
    "{\"id\": 44, \"date\": \"2026-03-04T10:00:00Z\", \"text\": \"Numeric id.\"}\n";
  char ids[512];
  annals_reader_stats st = read_all(tmpfile_with("a.jsonl", data, sizeof data - 1, 0), ANNALS_FMT_AUTO, ids, sizeof ids);
  CHECK_STR(ids, "a1,44");
  CHECK_EQ(st.stories, 2);
  CHECK_EQ(st.bad_records, 3);
  CHECK(strstr(logbuf, "a.jsonl:2: malformed JSON") != NULL);
  CHECK(strstr(logbuf, "a.jsonl:4: JSON value is not an object") != NULL);
  CHECK(strstr(logbuf, "a.jsonl:5: story has no \"text\"") != NULL);
}

static void test_jsonl_invalid_utf8_and_nul_kept(void)
{
  const char data[] = "{\"id\": \"u\", \"text\": \"caf\xe9 \\u0000 ok\"}\n";
  annals_config cfg;
  annals_reader *r = NULL;
  const annals_story *s = NULL;
  const char *path = tmpfile_with("u.jsonl", data, sizeof data - 1, 0);
  memset(&cfg, 0, sizeof cfg);
  cfg.log_fn = log_fn;
  logn = 0;
  CHECK_EQ(annals_reader_open(&cfg, path, ANNALS_FMT_AUTO, &r), ANNALS_OK);
  CHECK_EQ(annals_reader_next(r, &s), ANNALS_OK);
  CHECK(s != NULL);
  if (s) {
    CHECK_EQ(s->text_len, 11);                   /* "caf" U+FFFD " " NUL " ok" */
    CHECK(memcmp(s->text, "caf\xEF\xBF\xBD \0 ok", 11) == 0);
  }
  CHECK_EQ(annals_reader_stats_get(r)->bad_utf8, 1);
  CHECK_EQ(annals_reader_stats_get(r)->control_chars, 1);
  CHECK(strstr(logbuf, "u.jsonl:1:") != NULL);
  annals_reader_close(r);
  unlink(path);
}

static void test_xml_records_and_recovery(void)
{
  const char data[] =
    "<Sentences>\n<!-- <Sentence id=\"commented\"><Text>no</Text></Sentence> -->\n"
    "<Sentence date=\"20080804\" id=\"S1\" source=\"AFP\" sentence=\"True\">\n<Text>\nArnor met Gondor.\n</Text>\n"
    "<Parse>(ROOT (S))</Parse>\n</Sentence>\n"
    "<Sentence id=\"S2\"><Text>Unclosed <b>tag &amp; text.</Text></Sentence>\n"
    "<Sentence id=\"S3\"><Parse>no text here</Parse></Sentence>\n"
    "<Sentence date=\"20080805\" id=\"S4\"><Text>Ctrl\x01 char and bad \xff byte.</Text></Sentence>\n"
    "</Sentences>\n";
  char ids[512];
  annals_reader_stats st = read_all(tmpfile_with("v.xml", data, sizeof data - 1, 0), ANNALS_FMT_AUTO, ids, sizeof ids);
  CHECK_STR(ids, "S1,S2,S4");
  CHECK_EQ(st.bad_records, 1);
  CHECK(strstr(logbuf, "v.xml:10: <Sentence id=S3> has no readable <Text>") != NULL);
  CHECK_EQ(st.bad_utf8, 1);
  CHECK_EQ(st.control_chars, 1);
}

static void test_xml_fields(void)
{
  const char data[] = "<Sentences><Sentence date=\"20080804\" id=\"X\" category=\"DEMO\"><Text>A &amp; B.</Text></Sentence></Sentences>";
  annals_reader *r = NULL;
  const annals_story *s = NULL;
  const char *path = tmpfile_with("f.xml", data, sizeof data - 1, 0);
  CHECK_EQ(annals_reader_open(NULL, path, ANNALS_FMT_AUTO, &r), ANNALS_OK);
  CHECK_EQ(annals_reader_next(r, &s), ANNALS_OK);
  if (s) {
    CHECK_STR(s->id, "X");
    CHECK_STR(s->date, "20080804");
    CHECK_STR(s->category, "DEMO");
    CHECK_STR(s->text, "A & B.");
  }
  CHECK_EQ(annals_reader_next(r, &s), ANNALS_OK);
  CHECK(s == NULL);
  annals_reader_close(r);
  unlink(path);
}

static void test_text_paragraphs_articles_offsets(void)
{
  const char data[] = "FIRST HEADLINE HERE\n\nKYIV, March 3 (Reuters) - One.\nTwo lines.\n\n\n"
                      "Second para.\n-----\nOther Story Begins Today\n\nBody.";
  annals_reader *r = NULL;
  const annals_story *s = NULL;
  const char *path = tmpfile_with("p.txt", data, sizeof data - 1, 0);
  CHECK_EQ(annals_reader_open(NULL, path, ANNALS_FMT_AUTO, &r), ANNALS_OK);
  CHECK_EQ(annals_reader_format(r), ANNALS_FMT_TEXT);
  CHECK_EQ(annals_reader_next(r, &s), ANNALS_OK);
  CHECK(s && (s->flags & ANNALS_STORY_NEW_ARTICLE) && s->article == 0 && s->line == 1);
  CHECK_EQ(annals_reader_next(r, &s), ANNALS_OK);
  if (s) {
    CHECK_EQ(s->text_offset, 21);
    CHECK(memcmp(data + s->text_offset, s->text, s->text_len) == 0);
    CHECK_EQ(s->line, 3);
    CHECK_STR(s->title, "FIRST HEADLINE HERE");
    CHECK(strstr(s->id, ":p2") != NULL);
  }
  CHECK_EQ(annals_reader_next(r, &s), ANNALS_OK);
  CHECK(s && s->line == 7 && s->article == 0);
  CHECK_EQ(annals_reader_next(r, &s), ANNALS_OK);
  CHECK(s && (s->flags & ANNALS_STORY_NEW_ARTICLE) && s->article == 1);
  CHECK_EQ(annals_reader_next(r, &s), ANNALS_OK);
  if (s) { CHECK_STR(s->text, "Body."); CHECK_STR(s->title, "Other Story Begins Today"); }
  CHECK_EQ(annals_reader_next(r, &s), ANNALS_OK);
  CHECK(s == NULL);
  annals_reader_close(r);
  unlink(path);
}

static void test_gzip_input(void)
{
  const char data[] = "{\"id\": \"g1\", \"text\": \"Zipped.\"}\n{\"id\": \"g2\", \"text\": \"Also.\"}\n";
  char ids[128];
  annals_reader_stats st = read_all(tmpfile_with("z.jsonl.gz", data, sizeof data - 1, 1), ANNALS_FMT_AUTO, ids, sizeof ids);
  CHECK_STR(ids, "g1,g2");
  CHECK_EQ(st.bytes, sizeof data - 1);
}

static void test_gzip_truncated_and_corrupt(void)
{
  char data[4000], ids[4096];
  size_t n = 0, zlen;
  int i;
  FILE *fp;
  char zbuf[8192];
  const char *path;
  annals_reader_stats st;
  for (i = 0; i < 60; i++) n += (size_t)snprintf(data + n, sizeof data - n, "{\"id\": \"t%d\", \"text\": \"Story %d.\"}\n", i, i);
  path = tmpfile_with("t.jsonl.gz", data, n, 1);
  fp = fopen(path, "rb");
  zlen = fread(zbuf, 1, sizeof zbuf, fp);
  fclose(fp);
  /* cut in the middle: the stories before the cut are read, then a warning */
  path = tmpfile_with("cut.jsonl.gz", zbuf, zlen / 2, 0);
  st = read_all(path, ANNALS_FMT_AUTO, ids, sizeof ids);
  CHECK(st.stories > 0 && st.stories < 60);
  CHECK(strstr(logbuf, "gzip stream ends early") != NULL);
  /* garbage after the header: reported as an I/O error naming the file */
  memset(zbuf + 12, 0xAB, zlen - 12);
  path = tmpfile_with("bad.jsonl.gz", zbuf, zlen, 0);
  {
    annals_reader *r = NULL;
    const annals_story *s = NULL;
    annals_status rc = annals_reader_open(NULL, path, ANNALS_FMT_JSONL, &r);
    while (rc == ANNALS_OK && (rc = annals_reader_next(r, &s)) == ANNALS_OK && s) {}
    CHECK_EQ(rc, ANNALS_EIO);
    CHECK(r && strstr(annals_reader_errmsg(r), "corrupt gzip data") != NULL);
    annals_reader_close(r);
    unlink(path);
  }
}

static void test_empty_input_is_not_an_error(void)
{
  char ids[64];
  annals_reader_stats st = read_all(tmpfile_with("e.txt", "", 0, 0), ANNALS_FMT_AUTO, ids, sizeof ids);
  CHECK_EQ(st.stories, 0);
  CHECK_EQ(logn, 0);
  st = read_all(tmpfile_with("e.jsonl", "\n\n", 2, 0), ANNALS_FMT_JSONL, ids, sizeof ids);
  CHECK_EQ(st.stories, 0);
  CHECK_EQ(st.bad_records, 0);
}

static void test_missing_file(void)
{
  annals_reader *r = NULL;
  CHECK_EQ(annals_reader_open(NULL, "/nonexistent/dir/x.txt", ANNALS_FMT_AUTO, &r), ANNALS_EIO);
  CHECK(r && strstr(annals_reader_errmsg(r), "/nonexistent/dir/x.txt") != NULL);
  annals_reader_close(r);
}

static void test_long_paragraph_is_split_not_lost(void)
{
  size_t n = ANNALS_MAX_PARAGRAPH + 5000, i, total = 0;
  char *data = malloc(n);
  annals_reader *r = NULL;
  const annals_story *s;
  annals_config cfg;
  const char *path;
  for (i = 0; i < n; i++) data[i] = (i % 80 == 79) ? '\n' : 'a';
  path = tmpfile_with("long.txt", data, n, 0);
  memset(&cfg, 0, sizeof cfg);
  cfg.log_fn = log_fn;
  logn = 0;
  CHECK_EQ(annals_reader_open(&cfg, path, ANNALS_FMT_TEXT, &r), ANNALS_OK);
  while (annals_reader_next(r, &s) == ANNALS_OK && s) total += s->text_len + 1;
  CHECK_EQ(total, n + 1);                          /* every byte handed out once */
  CHECK_EQ(annals_reader_stats_get(r)->cut, 1);
  CHECK(strstr(logbuf, "paragraph longer than") != NULL);
  annals_reader_close(r);
  unlink(path);
  free(data);
}

/* Fail the Nth allocation for N = 1, 2, ... until reading succeeds: every run
** must end cleanly (ENOMEM reported, nothing leaked: the sanitizer build checks). */
static void test_out_of_memory_is_clean(void)
{
  check_fault fault;
  static const char *const inputs[] = {
    "{\"id\": \"a\", \"title\": \"T\", \"text\": \"One.\"}\n{\"id\": 2, \"text\": \"caf\xe9\"}\n",
    "<Sentences><Sentence id=\"x\" date=\"20080101\"><Text>A &amp; B.</Text></Sentence></Sentences>",
    "HEADLINE HERE\n\nFirst paragraph.\n\nSecond one.\n",
  };
  size_t k;
  for (k = 0; k < sizeof inputs / sizeof inputs[0]; k++) {
    int n, done = 0;
    for (n = 1; n < 500 && !done; n++) {
      annals_config cfg;
      annals_reader *r = NULL;
      const annals_story *s;
      annals_status rc;
      size_t got = 0;
      memset(&cfg, 0, sizeof cfg);
      cfg.realloc_fn = check_failing_realloc;
      cfg.ud = &fault;
      fault.fail_at = n; fault.calls = 0;
      rc = annals_reader_open_mem(&cfg, "oom", inputs[k], strlen(inputs[k]), ANNALS_FMT_AUTO, &r);
      while (rc == ANNALS_OK && (rc = annals_reader_next(r, &s)) == ANNALS_OK && s) got++;
      if (rc == ANNALS_OK) { CHECK(got >= 1); done = 1; }
      else CHECK_EQ(rc, ANNALS_ENOMEM);
      annals_reader_close(r);
    }
    CHECK(done);
  }
}

int main(void)
{
  RUN(test_jsonl_good_and_bad_lines);
  RUN(test_jsonl_invalid_utf8_and_nul_kept);
  RUN(test_xml_records_and_recovery);
  RUN(test_xml_fields);
  RUN(test_text_paragraphs_articles_offsets);
  RUN(test_gzip_input);
  RUN(test_gzip_truncated_and_corrupt);
  RUN(test_empty_input_is_not_an_error);
  RUN(test_missing_file);
  RUN(test_long_paragraph_is_split_not_lost);
  RUN(test_out_of_memory_is_clean);
  return CHECK_DONE();
}
