/* test_dict_own.c: annals' own dictionary format: loading, date-aware codes, the lint
** (planted errors in tests/fixtures/own_bad), allocation failures, and coverage of the
** shipped dict/: every CAMEO event code has a pattern, every ISO 3166-1 entry is an
** actor, and heads of state or government are known for every date of 2000-2026
** (1979-2026 for the P5) in the countries the dictionaries issue lists. */
#include "check.h"
#include "coder.h"

#include <stdio.h>
#include <stdlib.h>

static an_mem mem;

static void quiet(void *ud, int level, const char *msg)
{
  size_t *n = ud;
  (void)msg;
  if (level == ANNALS_LOG_ERROR) (*n)++;
}

static annals_status load(const char *dir, an_dict **d, int check, size_t *n_err)
{
  an_own_opts o;
  an_err err;
  annals_status rc;
  size_t logged = 0;
  memset(&o, 0, sizeof o);
  o.check = check;
  o.log_fn = quiet; o.log_ud = &logged;
  err.msg[0] = '\0';
  rc = an_dict_load_own(&mem, dir, &o, d, &err);
  if (n_err) *n_err = o.n_err;
  if (rc != ANNALS_OK && !check) printf("  load %s: %s\n", dir, err.msg);
  return rc;
}

static const an_actor *actor(const an_dict *d, const char *id, const char *first_word)
{
  size_t n, i;
  uint32_t w = an_strtab_find(&d->words, first_word, strlen(first_word));
  const uint32_t *v = an_index_get(&d->actor_ix, w, &n);
  for (i = 0; v && i < n; i++) if (!strcmp(d->actors[v[i]].id, id)) return &d->actors[v[i]];
  return NULL;
}

static void test_fixture_loads(void)
{
  an_dict *d = NULL;
  const an_actor *a;
  int dated;
  CHECK_EQ(load("tests/fixtures/own", &d, 0, NULL), ANNALS_OK);
  if (!d) return;
  CHECK(d->n_opats >= 13);
  CHECK(d->n_agents >= 6);
  CHECK_EQ(d->n_discards, 2);
  /* "Scholz": chancellor in 2023, a German political figure in 2026 */
  a = actor(d, "p.deu.scholz", "SCHOLZ");
  CHECK(a != NULL);
  if (a) {
    CHECK_STR(an_actor_code_own(d, a, 20230101, &dated), "DEUGOV");
    CHECK_EQ(dated, 1);
    CHECK_STR(an_actor_code_own(d, a, 20260101, &dated), "DEUELI");
    CHECK_EQ(dated, 0);
  }
  /* the Kremlin is the Soviet government until 1991-12-25; no date: the current code */
  a = actor(d, "c.rus.gov", "KREMLIN");
  CHECK(a != NULL);
  if (a) {
    CHECK_STR(an_actor_code_own(d, a, 19870301, &dated), "SUNGOV");
    CHECK_STR(an_actor_code_own(d, a, 19911226, &dated), "RUSGOV");
    CHECK_STR(an_actor_code_own(d, a, 0, &dated), "RUSGOV");
  }
  /* "US" is written in capitals: it must not match "us" */
  a = actor(d, "c.usa", "US");
  CHECK(a && a->ph.caps && a->ph.caps[0]);
  an_dict_free(d);
}

static void test_lint_reports_planted_errors(void)
{
  an_dict *d = NULL;
  size_t ne = 0;
  CHECK_EQ(load("tests/fixtures/own_bad", &d, 1, &ne), ANNALS_EFORMAT);
  CHECK(d == NULL);
  CHECK_EQ(ne, 13);                              /* one per planted error, see the fixture */
  /* without lint mode the first error stops the load */
  CHECK_EQ(load("tests/fixtures/own_bad", &d, 0, &ne), ANNALS_EFORMAT);
  CHECK_EQ(ne, 1);
  CHECK_EQ(load("tests/fixtures/no-such-dir", &d, 0, NULL), ANNALS_EIO);
}

static void test_alloc_failures(void)
{
  int k, ok = 0;
  for (k = 1; k < 100000 && !ok; k += k < 200 ? 1 : 97) {
    check_fault f = { k, 0 };
    an_dict *d = NULL;
    an_own_opts o;
    an_err err;
    an_mem m;
    annals_status rc;
    an_mem_init(&m, check_failing_realloc, &f);
    memset(&o, 0, sizeof o);
    rc = an_dict_load_own(&m, "tests/fixtures/own", &o, &d, &err);
    if (rc == ANNALS_OK) { ok = 1; CHECK(d != NULL); }
    else { CHECK_EQ(rc, ANNALS_ENOMEM); CHECK(d == NULL); }
    an_dict_free(d);
  }
  CHECK(ok);
}

/* Random trees over dictionary words: coding never crashes, events are well-formed
** (the sanitizer build runs this too). */
static void test_random_trees(void)
{
  static const char *const words[] = { "Russia", "Ukraine", "said", "it", "would", "attack", "not", "met", "with",
    "the", "Kremlin", "denied", "that", "its", "troops", "imposed", "sanctions", "on", "Iran", "to", "threatened",
    "US", "officials", "'s", "refused", "visit", "allegedly", "according", ",", ".", "and", "Bush", "yesterday" };
  static const char *const upos[] = { "PROPN", "VERB", "PRON", "AUX", "PART", "ADP", "NOUN", "DET", "PUNCT", "ADV" };
  static const char *const rel[] = { "nsubj", "obj", "obl", "nmod", "xcomp", "ccomp", "advcl", "conj", "parataxis",
    "aux", "advmod", "case", "mark", "det", "amod", "compound", "nsubj:pass", "aux:pass", "obl:agent", "punct",
    "root", "acl", "appos", "nmod:poss", "iobj", "flat" };
  an_dict *d = NULL;
  unsigned long x = 12345;
  int it, bad = 0;
  CHECK_EQ(load("tests/fixtures/own", &d, 0, NULL), ANNALS_OK);
  if (!d) return;
  for (it = 0; it < 3000; it++) {
    annals_token w[24];
    an_arena a;
    an_code_opts o;
    an_event *ev = NULL;
    size_t n, i, ne = 0;
    x = x * 6364136223846793005ul + 1442695040888963407ul;
    n = 1 + (x >> 33) % 24;
    memset(w, 0, sizeof w);
    for (i = 0; i < n; i++) {
      x = x * 6364136223846793005ul + 1442695040888963407ul;
      w[i].text = w[i].lemma = words[(x >> 20) % (sizeof words / sizeof words[0])];
      w[i].upos = upos[(x >> 28) % (sizeof upos / sizeof upos[0])];
      w[i].xpos = (x >> 40) % 3 ? "VBD" : "NNP";
      w[i].deprel = rel[(x >> 44) % (sizeof rel / sizeof rel[0])];
      w[i].head = (int32_t)((x >> 50) % (n + 1));  /* cycles and self-heads included */
      w[i].feats = "_";
      w[i].start = i * 8; w[i].end = i * 8 + 4;
    }
    an_arena_init(&a, &mem, 4096);
    an_code_opts_default(&o);
    if (an_code_sentence(d, &o, w, n, 20240101, &a, &ev, &ne) != ANNALS_OK) bad++;
    for (i = 0; i < ne; i++) if (!ev[i].source || !ev[i].target || !ev[i].code || ev[i].status > AN_ST_NEGATED) bad++;
    an_arena_fini(&a);
  }
  CHECK_EQ(bad, 0);
  an_dict_free(d);
}

/* ---- coverage of the shipped dictionaries ---- */

static an_dict *shipped;

static void test_every_cameo_code_has_a_pattern(void)
{
  size_t i, j, missing = 0;
  if (!shipped) { printf("  skip: dict/ did not load\n"); CHECK(0); return; }
  for (i = 0; i < annals_cameo_count(); i++) {
    const annals_cameo_code *c = annals_cameo_at(i);
    int found = 0;
    for (j = 0; j < shipped->n_opats && !found; j++) {
      const char *pc = shipped->opats[j].code;
      size_t n = strlen(c->code);
      if (!strncmp(pc, c->code, n) && (pc[n] == '\0' || pc[n] == ':')) found = 1;
      else if (strchr(pc, ':') && !strcmp(strchr(pc, ':') + 1, c->code)) found = 1;
    }
    if (!found) { if (missing < 20) printf("  no pattern for CAMEO %s (%s)\n", c->code, c->name); missing++; }
  }
  CHECK_EQ(missing, 0);
  CHECK(shipped->n_opats >= 1500);
  printf("  %zu verb patterns for %zu CAMEO codes\n", shipped->n_opats, annals_cameo_count());
}

static int has_code_containing(const an_dict *d, const char *a3)
{
  size_t i;
  for (i = 0; i < d->n_acodes; i++) if (strstr(d->acodes[i].code, a3)) return 1;
  return 0;
}

static void test_every_iso_country_is_an_actor(void)
{
  FILE *fp = fopen("tests/fixtures/iso3166-alpha3.txt", "r");
  char line[256], alias[64][2][8];
  size_t n = 0, missing = 0, na = 0, i;
  if (!shipped) { CHECK(0); if (fp) fclose(fp); return; }
  CHECK(fp != NULL);
  if (!fp) return;
  while (fgets(line, sizeof line, fp)) {
    char a3[8] = "", code[8] = "";
    if (sscanf(line, "# cameo %7s %7s", a3, code) == 2 && na < 64) {
      snprintf(alias[na][0], 8, "%s", a3); snprintf(alias[na][1], 8, "%.3s", code + (strlen(code) > 3 ? 3 : 0)); na++;
      continue;
    }
    if (line[0] == '#' || sscanf(line, "%7s", a3) != 1 || strlen(a3) != 3) continue;
    n++;
    for (i = 0; i < na; i++) if (!strcmp(alias[i][0], a3)) snprintf(a3, sizeof a3, "%s", alias[i][1]);
    if (!has_code_containing(shipped, a3)) { if (missing < 20) printf("  ISO %s is no actor code\n", a3); missing++; }
  }
  fclose(fp);
  CHECK_EQ(n, 249);
  CHECK_EQ(missing, 0);
}

/* Is there a person (id "p.") with a dated <ctry>GOV line containing date? */
static int head_known(const an_dict *d, const char *ctry, long date)
{
  size_t i;
  char want[8];
  snprintf(want, sizeof want, "%sGOV", ctry);
  for (i = 0; i < d->n_actors; i++) {
    const an_actor *a = &d->actors[i];
    uint32_t k;
    if (strncmp(a->id, "p.", 2)) continue;
    for (k = 0; k < a->n; k++) {
      const an_acode *c = &d->acodes[a->first + k];
      if (c->kind == AC_RANGE && !strcmp(c->code, want) && date >= c->lo && date <= c->hi) return 1;
    }
  }
  return 0;
}

static void test_people_cover_the_listed_countries(void)
{
  static const char *const since2000[] = {
    "ARG", "AUS", "BRA", "CAN", "DEU", "IND", "IDN", "ITA", "JPN", "KOR", "MEX", "SAU", "ZAF", "TUR",
    "PRK", "TWN", "UKR", "ISR", "IRN", "PSE", "SYR", "YEM", "IRQ", "AFG", "LBN", "PAK", "ARM", "AZE", "EGY", "LBY",
    "MMR", "PHL", "SDN", "SSD", "ETH", "ERI", "SOM", "MLI", "BFA", "NER", "TCD", "NGA", "CMR", "CAF", "COD", "MOZ",
    "COL", "VEN", "HTI" };
  static const char *const since1979[] = { "USA", "CHN", "GBR", "FRA" };
  size_t i, gaps = 0;
  int y, h;
  if (!shipped) { CHECK(0); return; }
  for (i = 0; i < sizeof since2000 / sizeof since2000[0]; i++)
    for (y = 2000; y <= 2026; y++) for (h = 0; h < 2; h++) {
      long date = (long)y * 10000 + (h ? 701 : 101);
      if (y == 2026 && h) continue;                /* the future */
      /* states that had no government yet: South Sudan became independent on 2011-07-09;
      ** Somalia had none from 1991 until the Transitional National Government of 2000-08 */
      if ((!strcmp(since2000[i], "SSD") && date < 20110709) || (!strcmp(since2000[i], "SOM") && date < 20000827)) continue;
      if (!head_known(shipped, since2000[i], date)) {
        if (gaps < 30) printf("  no %sGOV person on %ld\n", since2000[i], date);
        gaps++;
      }
    }
  for (i = 0; i < sizeof since1979 / sizeof since1979[0]; i++)
    for (y = 1979; y <= 2026; y++) for (h = 0; h < 2; h++) {
      long date = (long)y * 10000 + (h ? 701 : 101);
      if (y == 2026 && h) continue;
      if (!head_known(shipped, since1979[i], date)) {
        if (gaps < 30) printf("  no %sGOV person on %ld\n", since1979[i], date);
        gaps++;
      }
    }
  /* the Soviet Union until its end, Russia after */
  for (y = 1979; y <= 2026; y++) {
    long date = (long)y * 10000 + 701;
    if (!head_known(shipped, y <= 1991 ? "SUN" : "RUS", date)) {
      if (gaps < 30) printf("  no %sGOV person on %ld\n", y <= 1991 ? "SUN" : "RUS", date);
      gaps++;
    }
  }
  CHECK_EQ(gaps, 0);
}

int main(void)
{
  an_mem_init(&mem, NULL, NULL);
  RUN(test_fixture_loads);
  RUN(test_lint_reports_planted_errors);
  RUN(test_alloc_failures);
  RUN(test_random_trees);
  if (load("dict", &shipped, 0, NULL) != ANNALS_OK) shipped = NULL;
  RUN(test_every_cameo_code_has_a_pattern);
  RUN(test_every_iso_country_is_an_actor);
  RUN(test_people_cover_the_listed_countries);
  an_dict_free(shipped);
  return CHECK_DONE();
}
