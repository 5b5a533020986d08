/* test_coder.c: event coding mechanisms on hand-written dependency parses and the
** fixture dictionaries: patterns, passives, compounds, agents, paired codes, date
** restrictions, multi-word verbs, discards, require_dyad. */
#include "check.h"
#include "coder.h"

#include <stdlib.h>

#define FX "tests/fixtures/dict/"

static an_mem mem;
static an_dict *dict;
static an_arena arena;
static an_code_opts opts;

/* "word:XPOS:UPOS:HEAD:DEPREL ..." (HEAD 1-based, 0 root) -> tokens */
static size_t parse(const char *spec, annals_token *t, char store[][5][32])
{
  size_t n = 0;
  const char *p = spec;
  while (*p && n < 64) {
    char tok[160];
    size_t m = strcspn(p, " "), i;
    char *f[5], *q;
    int k = 0;
    if (!m) { p++; continue; }
    memcpy(tok, p, m < 159 ? m : 159); tok[m < 159 ? m : 159] = '\0';
    p += m;
    for (q = tok, f[k++] = q; *q && k < 5; q++) if (*q == ':' && q != tok) { *q = '\0'; f[k++] = q + 1; }
    memset(&t[n], 0, sizeof t[n]);
    for (i = 0; i < 5; i++) snprintf(store[n][i], 32, "%s", i < (size_t)k ? f[i] : "_");
    t[n].text = store[n][0];
    t[n].xpos = store[n][1]; t[n].upos = store[n][2]; t[n].head = atoi(store[n][3]); t[n].deprel = store[n][4];
    t[n].lemma = t[n].text;
    t[n].feats = "_";
    n++;
  }
  return n;
}

/* events as "SRC TGT CODE" sorted, joined by ", " */
static const char *code(const char *spec, long date)
{
  static char out[1024];
  static char store[64][5][32];
  annals_token t[64];
  size_t n = parse(spec, t, store), ne, i, j, o = 0;
  an_event *ev;
  char lines[32][96];
  an_arena_reset(&arena);
  if (an_code_sentence(dict, &opts, t, n, date, &arena, &ev, &ne) != ANNALS_OK) return "(error)";
  if (ne > 32) ne = 32;
  for (i = 0; i < ne; i++) snprintf(lines[i], sizeof lines[i], "%s %s %s", ev[i].source, ev[i].target, ev[i].code);
  for (i = 1; i < ne; i++) for (j = i; j > 0 && strcmp(lines[j], lines[j - 1]) < 0; j--) {
    char tmp[96]; memcpy(tmp, lines[j], 96); memcpy(lines[j], lines[j - 1], 96); memcpy(lines[j - 1], tmp, 96);
  }
  out[0] = '\0';
  for (i = 0; i < ne; i++) o += (size_t)snprintf(out + o, sizeof out - o, "%s%s", i ? ", " : "", lines[i]);
  return out;
}

static void test_verb_code_and_defaults(void)
{
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj attacked:VBD:VERB:0:root Brigadoon:NNP:PROPN:2:obj .:.:PUNCT:2:punct", 0),
            "AVA BRG 190");
  /* a line code overrides the block code */
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj raided:VBD:VERB:0:root Brigadoon:NNP:PROPN:2:obj .:.:PUNCT:2:punct", 0),
            "AVA BRG 195");
  /* a verb that is not in the dictionary codes nothing */
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj liked:VBD:VERB:0:root Brigadoon:NNP:PROPN:2:obj", 0), "");
}

static void test_patterns(void)
{
  /* - * + WITH &WEAPONS [194]: target role and a synset member */
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj attacked:VBD:VERB:0:root Brigadoon:NNP:PROPN:2:obj with:IN:ADP:5:case "
                 "swords:NNS:NOUN:2:obl .:.:PUNCT:2:punct", 0), "AVA BRG 194");
  /* a multi-word synset member: consecutive words */
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj attacked:VBD:VERB:0:root Brigadoon:NNP:PROPN:2:obj with:IN:ADP:6:case "
                 "siege:NN:NOUN:6:compound engines:NNS:NOUN:2:obl", 0), "AVA BRG 194");
  /* - * + OF TREASON [1121]: words inside units match too */
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj accused:VBD:VERB:0:root Camelot:NNP:PROPN:2:obj of:IN:ADP:5:case "
                 "treason:NN:NOUN:2:obl", 0), "AVA CAM 1121");
  /* - * THAT [010] under a null-coded verb */
  CHECK_STR(code("Camelot:NNP:PROPN:2:nsubj said:VBD:VERB:0:root that:IN:SCONJ:5:mark Avalon:NNP:PROPN:5:nsubj "
                 "lied:VBD:VERB:2:ccomp to:IN:ADP:7:case Dunmore:NNP:PROPN:5:obl", 0), "CAM AVA 010");
  /* a [---] pattern does not suppress the verb's own code (PETRARCH-1) */
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj praised:VBD:VERB:0:root Dunmore:NNP:PROPN:2:obj for:IN:ADP:5:case "
                 "nothing:NN:PRON:2:obl", 0), "AVA DUN 051");
}

static void test_passive(void)
{
  /* "was ... by": source and target exchanged */
  an_event *ev;
  size_t ne;
  static char store[64][5][32];
  annals_token t[64];
  size_t n = parse("Brigadoon:NNP:PROPN:3:nsubj:pass was:VBD:AUX:3:aux:pass accused:VBN:VERB:0:root "
                   "by:IN:ADP:5:case Avalon:NNP:PROPN:3:obl:agent .:.:PUNCT:3:punct", t, store);
  an_arena_reset(&arena);
  CHECK_EQ(an_code_sentence(dict, &opts, t, n, 0, &arena, &ev, &ne), ANNALS_OK);
  CHECK_EQ(ne, 1);
  if (ne == 1) {
    CHECK_STR(ev[0].source, "AVA");
    CHECK_STR(ev[0].target, "BRG");
    CHECK_STR(ev[0].code, "112");
    CHECK(ev[0].flags & AN_EV_PASSIVE);
    CHECK_EQ(ev[0].verb, 2);
    CHECK_EQ(ev[0].src_first, 4);
    CHECK_EQ(ev[0].tgt_first, 0);
    CHECK(strstr(ev[0].dict_file, "p1.verbs.txt") != NULL);
  }
  /* the pattern - $ WAS_ * BY + [191] assigns the roles explicitly */
  CHECK_STR(code("Brigadoon:NNP:PROPN:3:nsubj:pass was:VBD:AUX:3:aux:pass attacked:VBN:VERB:0:root "
                 "by:IN:ADP:5:case Avalon:NNP:PROPN:3:obl:agent", 0), "AVA BRG 191");
}

static void test_compounds(void)
{
  /* "Avalon, Brigadoon and Camelot attacked Dunmore": three events */
  CHECK_STR(code("Avalon:NNP:PROPN:6:nsubj ,:,:PUNCT:3:punct Brigadoon:NNP:PROPN:1:conj and:CC:CCONJ:5:cc "
                 "Camelot:NNP:PROPN:1:conj attacked:VBD:VERB:0:root Dunmore:NNP:PROPN:6:obj .:.:PUNCT:6:punct", 0),
            "AVA DUN 190, BRG DUN 190, CAM DUN 190");
  /* compound object */
  CHECK_STR(code("Dunmore:NNP:PROPN:2:nsubj attacked:VBD:VERB:0:root Avalon:NNP:PROPN:2:obj and:CC:CCONJ:5:cc "
                 "Camelot:NNP:PROPN:3:conj", 0), "DUN AVA 190, DUN CAM 190");
  /* "the soldiers of Avalon and Camelot": the shared words go with every member */
  CHECK_STR(code("the:DT:DET:2:det soldiers:NNS:NOUN:7:nsubj of:IN:ADP:4:case Avalon:NNP:PROPN:2:nmod "
                 "and:CC:CCONJ:6:cc Camelot:NNP:PROPN:4:conj attacked:VBD:VERB:0:root Dunmore:NNP:PROPN:7:obj", 0),
            "AVAMIL DUN 190, CAMMIL DUN 190");
  /* - % * [040:040]: a compound subject meets among its members */
  CHECK_STR(code("Avalon:NNP:PROPN:4:nsubj and:CC:CCONJ:3:cc Camelot:NNP:PROPN:1:conj met:VBD:VERB:0:root "
                 ".:.:PUNCT:4:punct", 0), "AVA CAM 040, CAM AVA 040");
}

static void test_agents(void)
{
  /* possessives and agents: "Avalon's police attacked Camelot's president" */
  CHECK_STR(code("Avalon:NNP:PROPN:3:nmod:poss 's:POS:PART:1:case police:NNS:NOUN:4:nsubj attacked:VBD:VERB:0:root "
                 "Camelot:NNP:PROPN:7:nmod:poss 's:POS:PART:5:case president:NN:NOUN:4:obj", 0), "AVACOP CAMGOV 190");
  /* an agent without a country, an adjectival country, a plural agent */
  CHECK_STR(code("the:DT:DET:2:det police:NNS:NOUN:3:nsubj attacked:VBD:VERB:0:root Dunmore:NNP:PROPN:3:obj", 0),
            "---COP DUN 190");
  CHECK_STR(code("Brigadoonian:JJ:ADJ:2:amod ministers:NNS:NOUN:3:nsubj attacked:VBD:VERB:0:root "
                 "Dunmore:NNP:PROPN:3:obj", 0), "BRGGOV DUN 190");
  /* a possessive NP is one unit, its first actor wins: "Camelot's President Merlin" */
  CHECK_STR(code("Camelot:NNP:PROPN:4:nmod:poss 's:POS:PART:1:case President:NNP:PROPN:4:compound "
                 "Merlin:NNP:PROPN:5:nsubj attacked:VBD:VERB:0:root Dunmore:NNP:PROPN:5:obj", 0), "CAMGOV DUN 190");
  /* a prefix agent (NGO~) */
  CHECK_STR(code("the:DT:DET:5:det Avalon:NNP:PROPN:5:compound human:JJ:ADJ:4:amod rights:NNS:NOUN:5:compound "
                 "group:NN:NOUN:6:nsubj attacked:VBD:VERB:0:root Dunmore:NNP:PROPN:6:obj", 0), "NGOAVA DUN 190");
}

static void test_paired_codes(void)
{
  an_event *ev;
  size_t ne, i, paired = 0;
  static char store[64][5][32];
  annals_token t[64];
  size_t n = parse("Avalon:NNP:PROPN:2:nsubj visited:VBD:VERB:0:root Camelot:NNP:PROPN:2:obj", t, store);
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj visited:VBD:VERB:0:root Camelot:NNP:PROPN:2:obj", 0),
            "AVA CAM 042, CAM AVA 043");
  an_arena_reset(&arena);
  CHECK_EQ(an_code_sentence(dict, &opts, t, n, 0, &arena, &ev, &ne), ANNALS_OK);
  for (i = 0; i < ne; i++) if (ev[i].flags & AN_EV_PAIRED) { paired++; CHECK_STR(ev[i].code, "043"); }
  CHECK_EQ(paired, 1);
}

static void test_date_restrictions(void)
{
  const char *s = "King:NNP:PROPN:2:compound Arthur:NNP:PROPN:3:nsubj attacked:VBD:VERB:0:root Dunmore:NNP:PROPN:3:obj";
  CHECK_STR(code(s, 19400101), "CAMELI DUN 190");
  CHECK_STR(code(s, 19991231), "CAMGOV DUN 190");   /* intervals are inclusive */
  CHECK_STR(code(s, 20100101), "CAMMIL DUN 190");
  CHECK_STR(code(s, 0), "CAM DUN 190");             /* no date: the unrestricted code */
}

static void test_multiword_verbs(void)
{
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj cordoned:VBD:VERB:0:root off:RP:ADP:2:compound:prt "
                 "Dunmore:NNP:PROPN:2:obj", 0), "AVA DUN 1721");
  /* the verb word alone heads only the multi-word entry: nothing */
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj cordoned:VBD:VERB:0:root Dunmore:NNP:PROPN:2:obj", 0), "");
}

static void test_discards_and_dyad(void)
{
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj attacked:VBD:VERB:0:root Camelot:NNP:PROPN:2:obj in:IN:ADP:7:case "
                 "the:DT:DET:7:det football:NN:NOUN:7:compound match:NN:NOUN:2:obl", 0), "");
  /* require_dyad: a null target drops the event; without it, it is kept as "---" */
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj attacked:VBD:VERB:0:root the:DT:DET:4:det town:NN:NOUN:2:obj", 0), "");
  opts.require_dyad = 0;
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj attacked:VBD:VERB:0:root the:DT:DET:4:det town:NN:NOUN:2:obj", 0),
            "AVA --- 190");
  /* new_actor_length: a short uncoded unit is coded as its quoted words */
  opts.new_actor_length = 2;
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj attacked:VBD:VERB:0:root the:DT:DET:4:det town:NN:NOUN:2:obj", 0),
            "AVA \"THE TOWN\" 190");
  an_code_opts_default(&opts);
}

/* PETRARCH-2 (CAMEO.2.0) dialect: nouns, PPs, {NPs}, [:B], paired codes, co-subjects */
static void test_p2_dialect(void)
{
  an_dict *p1 = dict, *p2 = NULL;
  an_dict_files f;
  const char *acts[1] = { FX "p1.actors.txt" };
  an_err err;
  memset(&f, 0, sizeof f);
  f.verbs = FX "p2.verbs.txt"; f.actors = acts; f.n_actors = 1; f.agents = FX "p1.agents.txt";
  CHECK_EQ(an_dict_load(&mem, &f, &p2, &err), ANNALS_OK);
  if (!p2) return;
  dict = p2;
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj attacked:VBD:VERB:0:root Brigadoon:NNP:PROPN:2:obj", 0), "AVA BRG 190");
  /* (WITH &ARMY): the PP is consumed by the pattern and is no actor */
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj attacked:VBD:VERB:0:root Brigadoon:NNP:PROPN:2:obj with:IN:ADP:5:case "
                 "troops:NNS:NOUN:2:obl", 0), "AVA BRG 193");
  /* [:173]: the subject of "appeared before court" is the target */
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj appeared:VBD:VERB:0:root before:IN:ADP:4:case court:NN:NOUN:2:obl "
                 "in:IN:ADP:6:case Camelot:NNP:PROPN:2:obl", 0), "CAM AVA 173");
  /* {PEACE PLAN}: an NP with its modifier */
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj praised:VBD:VERB:0:root Camelot:NNP:PROPN:6:nmod:poss 's:POS:PART:3:case "
                 "peace:NN:NOUN:6:compound plan:NN:NOUN:2:obj", 0), "");   /* the plan is consumed: no target */
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj praised:VBD:VERB:0:root Camelot:NNP:PROPN:2:obj", 0), "AVA CAM 051");
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj visited:VBD:VERB:0:root Camelot:NNP:PROPN:2:obj", 0), "AVA CAM 042, CAM AVA 043");
  /* generated forms (PETRARCH-2 rules) */
  CHECK_STR(code("Avalon:NNP:PROPN:2:nsubj visits:VBZ:VERB:0:root Camelot:NNP:PROPN:2:obj", 0), "AVA CAM 042, CAM AVA 043");
  an_dict_free(p2);
  dict = p1;
}

int main(void)
{
  an_dict_files f;
  const char *acts[1] = { FX "p1.actors.txt" };
  an_err err;
  an_mem_init(&mem, NULL, NULL);
  memset(&f, 0, sizeof f);
  f.verbs = FX "p1.verbs.txt"; f.actors = acts; f.n_actors = 1;
  f.agents = FX "p1.agents.txt"; f.discards = FX "p1.discards.txt";
  if (an_dict_load(&mem, &f, &dict, &err) != ANNALS_OK) { fprintf(stderr, "%s\n", err.msg); return 1; }
  an_arena_init(&arena, &mem, 1 << 14);
  an_code_opts_default(&opts);
  RUN(test_verb_code_and_defaults);
  RUN(test_patterns);
  RUN(test_passive);
  RUN(test_compounds);
  RUN(test_agents);
  RUN(test_paired_codes);
  RUN(test_date_restrictions);
  RUN(test_multiword_verbs);
  RUN(test_discards_and_dyad);
  RUN(test_p2_dialect);
  an_arena_fini(&arena);
  an_dict_free(dict);
  return CHECK_DONE();
}
