/* test_dict.c: dictionary loaders: both verb dialects, actors with dates, agents,
** discards, and refusal of malformed files with "file:line: what" messages. */
#include "check.h"
#include "coder.h"

#include <stdlib.h>

#define FX "tests/fixtures/dict/"

static an_mem mem;

static annals_status load(const char *verbs, const char *actors, const char *agents, const char *discards,
                          an_dict **d, an_err *err)
{
  an_dict_files f;
  const char *acts[1];
  memset(&f, 0, sizeof f);
  acts[0] = actors;
  f.verbs = verbs;
  f.actors = acts; f.n_actors = actors ? 1 : 0;
  f.agents = agents; f.discards = discards;
  memset(err, 0, sizeof *err);
  return an_dict_load(&mem, &f, d, err);
}

static uint32_t wid(const an_dict *d, const char *w) { return an_strtab_find(&d->words, w, strlen(w)); }

static const an_verb *verb(const an_dict *d, const char *form, int multi)
{
  size_t n, i;
  const uint32_t *v = an_index_get(&d->verb_ix, wid(d, form), &n);
  for (i = 0; i < n; i++) {
    const an_verb *e = &d->verbs[v[i]];
    if ((e->n_pre || e->n_post) == multi) return e;
  }
  return NULL;
}

static void test_p1_verbs(void)
{
  an_dict *d = NULL;
  an_err err;
  const an_verb *e;
  const an_block *b;
  CHECK_EQ(load(FX "p1.verbs.txt", NULL, NULL, NULL, &d, &err), ANNALS_OK);
  if (!d) return;
  CHECK_EQ(an_dict_dialect(d), AN_DIALECT_P1);
  /* generated forms (PETRARCH-1 rules), listed forms, a line code */
  CHECK((e = verb(d, "ATTACKED", 0)) != NULL);
  if (e) CHECK_STR(e->code, "190");
  CHECK(verb(d, "ATTACKING", 0) != NULL);
  CHECK((e = verb(d, "RAIDED", 0)) != NULL);
  if (e) CHECK_STR(e->code, "195");
  CHECK(verb(d, "MET", 0) != NULL);
  CHECK(verb(d, "MEETED", 0) == NULL);            /* braces: nothing generated */
  /* a multi-word verb keyed on its '+' word, with regular forms on that word */
  CHECK((e = verb(d, "CORDONED", 1)) != NULL);
  if (e) { CHECK_EQ(e->n_post, 1); CHECK_EQ(e->post[0], wid(d, "OFF")); CHECK_STR(e->code, "1721"); }
  CHECK(verb(d, "CORDONED", 0) == NULL);
  /* patterns: upper part stored outward from the verb, connectors, tokens */
  e = verb(d, "ATTACK", 0);
  CHECK(e != NULL);
  if (!e) { an_dict_free(d); return; }
  b = &d->blocks[e->block];
  CHECK_STR(b->code, "190");
  CHECK_EQ(b->n_pats, 2);
  CHECK_EQ(b->pats[0].n_up, 0);
  CHECK_EQ(b->pats[0].n_lo, 3);
  CHECK_EQ(b->pats[0].lo[0].kind, PW_TGT);
  CHECK_EQ(b->pats[0].lo[2].kind, PW_SYN);
  CHECK_STR(b->pats[0].code, "194");
  CHECK_EQ(b->pats[1].n_up, 2);
  CHECK_EQ(b->pats[1].up[0].kind, PW_WORD);      /* WAS, nearest the verb */
  CHECK_EQ(b->pats[1].up[0].adj, 0);              /* "WAS_ *" reads as "WAS *" */
  CHECK_EQ(b->pats[1].up[1].kind, PW_SRC);
  /* paired and null codes kept as written */
  e = verb(d, "VISIT", 0);
  CHECK(e && !strcmp(e->code, "042:043"));
  e = verb(d, "SAID", 0);
  CHECK(e && !strcmp(e->code, "---"));
  /* synsets: plurals unless the label or member ends in '_' */
  {
    size_t i, found = 0;
    for (i = 0; i < d->n_syns; i++) if (d->syns[i].label == wid(d, "&GIFTS")) found = d->syns[i].n;
    CHECK_EQ(found, 4);                           /* APPLE APPLES GOLDEN CUP, GOLDEN CUPS */
    for (i = 0; i < d->n_syns; i++) if (d->syns[i].label == wid(d, "&WEAPONS")) found = d->syns[i].n;
    CHECK_EQ(found, 3);
  }
  an_dict_free(d);
}

static void test_p2_verbs(void)
{
  an_dict *d = NULL;
  an_err err;
  const an_verb *e;
  const an_block *b;
  CHECK_EQ(load(FX "p2.verbs.txt", NULL, NULL, NULL, &d, &err), ANNALS_OK);
  if (!d) return;
  CHECK_EQ(an_dict_dialect(d), AN_DIALECT_P2);
  CHECK(verb(d, "ATTACKS", 0) != NULL);
  e = verb(d, "APPEAR", 0);
  CHECK(e != NULL);
  if (e) {
    b = &d->blocks[e->block];
    CHECK_EQ(b->n_pats, 1);
    CHECK_EQ(b->pats[0].n_pl, 1);
    CHECK_EQ(b->pats[0].pl[0].kind, PE_PP);
    CHECK_EQ(b->pats[0].pl[0].prep, wid(d, "BEFORE"));
    CHECK_EQ(b->pats[0].pl[0].head, wid(d, "COURT"));
    CHECK_STR(b->pats[0].code, ":173");
  }
  e = verb(d, "PRAISE", 0);
  if (e) {
    b = &d->blocks[e->block];
    CHECK_EQ(b->pats[0].pl[0].kind, PE_NP);
    CHECK_EQ(b->pats[0].pl[0].head, wid(d, "PLAN"));
    CHECK_EQ(b->pats[0].pl[0].n_mods, 1);
  }
  e = verb(d, "ATTACK", 0);
  if (e) {
    b = &d->blocks[e->block];
    CHECK_EQ(b->pats[0].pl[0].kind, PE_PP);
    CHECK(b->pats[0].pl[0].syn);
  }
  an_dict_free(d);
}

static void test_actors_and_dates(void)
{
  an_dict *d = NULL;
  an_err err;
  size_t n;
  const uint32_t *v;
  const an_actor *a;
  CHECK_EQ(load(NULL, FX "p1.actors.txt", NULL, NULL, &d, &err), ANNALS_OK);
  if (!d) return;
  v = an_index_get(&d->actor_ix, wid(d, "KING"), &n);
  CHECK_EQ(n, 1);
  if (n != 1) { an_dict_free(d); return; }
  a = &d->actors[v[0]];
  CHECK_EQ(a->ph.n, 2);
  CHECK_EQ(a->ph.adj[1], 1);
  /* legacy rules: restrictions in file order, inclusive; the unrestricted code otherwise */
  CHECK_STR(an_actor_code(d, a, 19400101), "CAMELI");
  CHECK_STR(an_actor_code(d, a, 19500101), "CAMELI");  /* '<' is inclusive */
  CHECK_STR(an_actor_code(d, a, 19700101), "CAMGOV");
  CHECK_STR(an_actor_code(d, a, 20100101), "CAMMIL");
  CHECK_STR(an_actor_code(d, a, 0), "CAM");
  /* synonyms share the record's codes; the last record of a file is kept */
  v = an_index_get(&d->actor_ix, wid(d, "AVALONIAN"), &n);
  CHECK_EQ(n, 1);
  if (n) CHECK_STR(an_actor_code(d, &d->actors[v[0]], 0), "AVA");
  v = an_index_get(&d->actor_ix, wid(d, "MERLIN"), &n);
  CHECK_EQ(n, 1);
  CHECK_EQ(an_dict_date("950601", 6), 19950601);
  CHECK_EQ(an_dict_date("310101", 6), 19310101);
  CHECK_EQ(an_dict_date("2010x931", 8), -1);
  CHECK_EQ(an_dict_date("201005011", 9), 20100501);   /* a stray digit (Phoenix) */
  an_dict_free(d);
}

static void test_agents(void)
{
  an_dict *d = NULL;
  an_err err;
  size_t n, i;
  const uint32_t *v;
  int prefix = 0;
  CHECK_EQ(load(NULL, NULL, FX "p1.agents.txt", NULL, &d, &err), ANNALS_OK);
  if (!d) return;
  CHECK(an_index_get(&d->agent_ix, wid(d, "POLICE"), &n) != NULL);
  CHECK(wid(d, "POLICES") == 0);                 /* {}: no plural */
  CHECK(an_index_get(&d->agent_ix, wid(d, "MINISTERS"), &n) != NULL);   /* generated plural */
  v = an_index_get(&d->agent_ix, wid(d, "SECURITY"), &n);
  CHECK_EQ(n, 2);                                /* SECURITY_OFFICER, SECURITY_OFFICERS */
  v = an_index_get(&d->agent_ix, wid(d, "HUMAN"), &n);
  for (i = 0; i < n; i++) if (d->agents[v[i]].prefix && !strcmp(d->agents[v[i]].code, "NGO")) prefix = 1;
  CHECK(prefix);
  v = an_index_get(&d->agent_ix, wid(d, "POLICE"), &n);
  if (n) CHECK_STR(d->agents[v[0]].code, "COP");
  an_dict_free(d);
}

static void test_discards(void)
{
  an_dict *d = NULL;
  an_err err;
  CHECK_EQ(load(NULL, NULL, NULL, FX "p1.discards.txt", &d, &err), ANNALS_OK);
  if (!d) return;
  CHECK_EQ(an_dict_discard(d, "Avalon won the football match.", 29), 1);
  CHECK_EQ(an_dict_discard(d, "Your horoscopes for today", 25), 2);   /* a stem matches */
  CHECK_EQ(an_dict_discard(d, "Avalon attacked Camelot", 23), 0);
  CHECK_EQ(an_dict_discard(d, "The football was red", 20), 0);
  an_dict_free(d);
}

static void test_issues(void)
{
  an_dict *d = NULL;
  an_err err;
  an_dict_files f;
  an_arena a;
  an_issue_count *ic;
  size_t n;
  annals_token t[8];
  const char *words[] = { "Avalon", "condemned", "the", "ethnic", "purges", "and", "atrocities", "." };
  size_t i;
  memset(&f, 0, sizeof f);
  f.issues = FX "p1.issues.txt";
  CHECK_EQ(an_dict_load(&mem, &f, &d, &err), ANNALS_OK);
  if (!d) { fprintf(stderr, "%s\n", err.msg); return; }
  an_arena_init(&a, &mem, 4096);
  memset(t, 0, sizeof t);
  for (i = 0; i < 8; i++) t[i].text = words[i];
  CHECK_EQ(an_code_issues(d, t, 8, &a, &ic, &n), ANNALS_OK);
  CHECK_EQ(n, 1);
  if (n == 1) { CHECK_STR(ic[0].code, "ATROCITY"); CHECK_EQ(ic[0].count, 2); }  /* v:purge, n:atrocity */
  t[4].text = "football";                          /* "~football" cancels every issue */
  CHECK_EQ(an_code_issues(d, t, 8, &a, &ic, &n), ANNALS_OK);
  CHECK_EQ(n, 0);
  an_arena_fini(&a);
  an_dict_free(d);
}

static void refused(const char *verbs, const char *actors, const char *agents, const char *where, const char *what)
{
  an_dict *d = (an_dict *)1;
  an_err err;
  CHECK_EQ(load(verbs, actors, agents, NULL, &d, &err), ANNALS_EFORMAT);
  CHECK(d == NULL);
  if (!strstr(err.msg, where) || !strstr(err.msg, what)) {
    fprintf(stderr, "message \"%s\" lacks \"%s\" / \"%s\"\n", err.msg, where, what);
    CHECK(0);
  }
}

static void test_malformed_refused(void)
{
  refused(FX "bad_header.verbs.txt", NULL, NULL, "bad_header.verbs.txt:2:", "[CODE]");
  refused(FX "bad_pattern.verbs.txt", NULL, NULL, "bad_pattern.verbs.txt:1:", "before any block");
  refused(FX "bad_code.verbs.txt", NULL, NULL, "bad_code.verbs.txt:3:", "without [CODE]");
  refused(NULL, FX "bad_codeline.actors.txt", NULL, "bad_codeline.actors.txt:2:", "code line before");
  refused(NULL, FX "bad_bracket.actors.txt", NULL, "bad_bracket.actors.txt:2:", "without ']'");
  refused(NULL, NULL, FX "bad_agent.agents.txt", "bad_agent.agents.txt:2:", "neither ~XXX nor XXX~");
  refused(NULL, NULL, FX "bad_marker.agents.txt", "bad_marker.agents.txt:1:", "marker");
  /* a missing file is an I/O error naming it */
  {
    an_dict *d;
    an_err err;
    CHECK_EQ(load(FX "no-such-file.txt", NULL, NULL, NULL, &d, &err), ANNALS_EIO);
    CHECK(strstr(err.msg, "no-such-file.txt") != NULL);
  }
}

/* every allocation failure ends cleanly with ENOMEM */
static size_t fail_at, n_alloc;
static void *failing(void *ud, void *p, size_t o, size_t n)
{
  (void)ud; (void)o;
  if (n == 0) { free(p); return NULL; }
  if (++n_alloc == fail_at) return NULL;
  return realloc(p, n);
}

static void test_oom(void)
{
  size_t k;
  int ok = 0;
  for (k = 1; k < 5000 && !ok; k++) {
    an_dict *d = NULL;
    an_err err;
    an_dict_files f;
    const char *acts[1] = { FX "p1.actors.txt" };
    an_mem m;
    annals_status rc;
    memset(&f, 0, sizeof f);
    f.verbs = FX "p1.verbs.txt"; f.actors = acts; f.n_actors = 1; f.agents = FX "p1.agents.txt";
    f.discards = FX "p1.discards.txt";
    fail_at = k; n_alloc = 0;
    an_mem_init(&m, failing, NULL);
    rc = an_dict_load(&m, &f, &d, &err);
    if (rc == ANNALS_OK) { ok = 1; an_dict_free(d); }
    else { CHECK_EQ(rc, ANNALS_ENOMEM); CHECK(d == NULL); }
  }
  CHECK(ok);
}

int main(void)
{
  an_mem_init(&mem, NULL, NULL);
  RUN(test_p1_verbs);
  RUN(test_p2_verbs);
  RUN(test_actors_and_dates);
  RUN(test_agents);
  RUN(test_discards);
  RUN(test_issues);
  RUN(test_malformed_refused);
  RUN(test_oom);
  return CHECK_DONE();
}
