/* test_validate.c: annals_validate on a small validation file: Environment,
** Config, sentence="false" records skipped, set comparison, categories. The coding
** part needs a parsing model (models/en.annals-model or $ANNALS_MODEL); without one
** only the refusals are tested. */
#include "check.h"
#include "annals.h"

#include <stdlib.h>
#include <unistd.h>

#define FX "tests/fixtures/dict/"

static const char *model(void)
{
  const char *m = getenv("ANNALS_MODEL");
  if (m && *m && access(m, R_OK) == 0) return m;
  if (access("models/en.annals-model", R_OK) == 0) return "models/en.annals-model";
  return NULL;
}

static void test_refusals(void)
{
  annals_config cfg;
  annals_validate_report r;
  char err[512];
  memset(&cfg, 0, sizeof cfg);
  CHECK_EQ(annals_validate(&cfg, FX "mini.validate.xml", "tests/fixtures/dict", &r, err, sizeof err), ANNALS_EMISUSE);
  CHECK_EQ(r.records, 0);
  cfg.model_path = "no-such-model";
  CHECK(annals_validate(&cfg, FX "no-such.xml", "tests/fixtures/dict", &r, err, sizeof err) != ANNALS_OK);
  CHECK(strstr(err, "no-such.xml") != NULL);
  /* a dictionary error names the dictionary file */
  CHECK_EQ(annals_validate(&cfg, FX "mini.validate.xml", "no-such-dir", &r, err, sizeof err), ANNALS_EIO);
  CHECK(strstr(err, "no-such-dir/p1.verbs.txt") != NULL);
  annals_validate_report_free(&r);
  annals_validate_report_free(NULL);
}

static void test_mini_file(void)
{
  annals_config cfg;
  annals_validate_report r;
  char err[512];
  size_t i;
  memset(&cfg, 0, sizeof cfg);
  if (!(cfg.model_path = model())) { fprintf(stderr, "test_validate: no model, coding test skipped\n"); return; }
  CHECK_EQ(annals_validate(&cfg, FX "mini.validate.xml", "tests/fixtures/dict", &r, err, sizeof err), ANNALS_OK);
  CHECK_EQ(r.records, 4);                          /* DEMO-03 is sentence="false" */
  CHECK_EQ(r.passed, 3);                           /* AGENT-02 expects a wrong code */
  CHECK_EQ(r.n_cat, 2);
  if (r.n_cat == 2) {
    CHECK_STR(r.cat[0].name, "DEMO"); CHECK_EQ(r.cat[0].records, 2); CHECK_EQ(r.cat[0].passed, 2);
    CHECK_STR(r.cat[1].name, "AGENT"); CHECK_EQ(r.cat[1].records, 2); CHECK_EQ(r.cat[1].passed, 1);
  }
  for (i = 0; i < r.n_rec; i++) {
    const annals_validate_record *x = &r.rec[i];
    if (!strcmp(x->id, "DEMO-02")) { CHECK_EQ(x->n_expected, 2); CHECK_EQ(x->n_produced, 2); CHECK(x->passed); }
    if (!strcmp(x->id, "AGENT-02")) {
      CHECK(!x->passed);
      CHECK_EQ(x->n_produced, 1);
      if (x->n_produced) CHECK_STR(x->produced[0].code, "190");
    }
  }
  annals_validate_report_free(&r);
  CHECK(r.rec == NULL);
}

int main(void)
{
  RUN(test_refusals);
  RUN(test_mini_file);
  return CHECK_DONE();
}
