/* coder_own.c: event coding with annals' own verb patterns (docs/dictionaries.md) on
** the dependency parse. For each verb with patterns (by lemma), the most specific
** pattern whose elements all find distinct dependents wins: objects (obj, iobj; in a
** passive the subject), prepositional phrases (obl of the verb, nmod of the object
** noun just matched), infinitive complements (xcomp; later elements then look at its
** dependents). The subject (or the passive's by-phrase) is the source unless the
** pattern names one with '$'; the target is the phrase marked '+'.
** Invariant: a phrase a pattern consumed as a word (NOUN, PREP NOUN) is never an actor. */
#include "coder.h"

#include <string.h>
#include <strings.h>

#define MAXD 48

static int is_word(const an_sent *s, int32_t k, uint32_t id)
{
  return id && (s->w[k].id == id || s->w[k].lemma == id);
}

/* The case word (preposition) of nominal k: its id, 0 none. */
static uint32_t case_of(const an_sent *s, int32_t k)
{
  int32_t j;
  for (j = 0; j < s->n_kids[k]; j++) {
    int32_t c = s->kids[k][j];
    if (an_rel_is(&s->t[c], "case") && !(s->t[c].xpos && !strcmp(s->t[c].xpos, "POS"))) return s->w[c].id;
  }
  return 0;
}

/* Head k matches one of the alternatives (head = last word, others among its dependents). */
static int alt_match(const an_sent *s, int32_t k, const an_phrase *alt, uint16_t n_alt)
{
  uint16_t a, i;
  for (a = 0; a < n_alt; a++) {
    const an_phrase *ph = &alt[a];
    if (!is_word(s, k, ph->w[ph->n - 1])) continue;
    for (i = 0; i + 1 < ph->n; i++) {
      int32_t j;
      for (j = 0; j < s->n_kids[k]; j++) if (is_word(s, s->kids[k][j], ph->w[i])) break;
      if (j == s->n_kids[k]) break;
    }
    if (i + 1 >= ph->n) return 1;
  }
  return 0;
}

/* "to step_down": the complement's verb is the first word, the others its particles. */
static int verb_alt_match(const an_sent *s, int32_t k, const an_phrase *alt, uint16_t n_alt)
{
  uint16_t a, i;
  for (a = 0; a < n_alt; a++) {
    const an_phrase *ph = &alt[a];
    if (!is_word(s, k, ph->w[0])) continue;
    for (i = 1; i < ph->n; i++) {
      int32_t j, ok = 0;
      for (j = 0; j < s->n_kids[k]; j++) if (is_word(s, s->kids[k][j], ph->w[i])) ok = 1;
      if (!ok && k + i < (int32_t)s->n && is_word(s, k + i, ph->w[i])) ok = 1;
      if (!ok) break;
    }
    if (i >= ph->n) return 1;
  }
  return 0;
}

static int prep_in(uint32_t p, const an_oel *e)
{
  uint16_t i;
  for (i = 0; i < e->n_prep; i++) if (e->prep[i] == p) return 1;
  return 0;
}

static int passive_verb(const an_sent *s, int32_t v)
{
  int32_t j;
  for (j = 0; j < s->n_kids[v]; j++) {
    const annals_token *t = &s->t[s->kids[v][j]];
    if (t->deprel && (!strcmp(t->deprel, "nsubj:pass") || !strcmp(t->deprel, "aux:pass"))) return 1;
  }
  return 0;
}

static int is_pronoun(const an_sent *s, int32_t k)
{
  return s->t[k].upos && !strcmp(s->t[k].upos, "PRON");
}

/* The active subject of v: its nsubj, inherited through xcomp (object control when the
** head has an object), conj and, for a pronoun, the coded subject of a governing verb
** ("Russia said it would ..."). -1 none. */
/* "for helping", "after meeting": a participle with a marker has its own subject */
static int has_marker(const an_sent *s, int32_t k)
{
  int32_t j;
  for (j = 0; j < s->n_kids[k]; j++) if (an_rel_is(&s->t[s->kids[k][j]], "mark") || an_rel_is(&s->t[s->kids[k][j]], "case")) return 1;
  return 0;
}

static int coded_unit(const an_sent *s, int32_t k)
{
  return k >= 0 && s->w[k].unit >= 0 && s->u[s->w[k].unit].coded;
}

static int32_t nsubj_of(const an_sent *s, int32_t v, int pass_ok)
{
  int32_t j;
  for (j = 0; j < s->n_kids[v]; j++) {
    const annals_token *t = &s->t[s->kids[v][j]];
    if (t->deprel && (!strcmp(t->deprel, "nsubj") || (pass_ok && !strcmp(t->deprel, "nsubj:pass")))) return s->kids[v][j];
  }
  return -1;
}

/* The active subject of v: its nsubj, else inherited through xcomp (object control when
** the head has an object; the raised subject of "is expected to", "plans to"), conj; a
** pronoun takes the coded subject of the verb that reports or governs its clause
** ("Russia said it would ...", "China denied it had ..."). -1 none. */
static int32_t subject_of(const an_sent *s, int32_t v)
{
  int hops = 0, pass_ok = 0;
  int32_t pron = -1;
  while (v >= 0 && hops++ < 8) {
    int32_t found = nsubj_of(s, v, pass_ok), h = s->w[v].head, j;
    if (found >= 0 && !is_pronoun(s, found)) return pron >= 0 && !coded_unit(s, found) ? pron : found;
    if (found >= 0 && coded_unit(s, found)) return found;
    if (found >= 0 && pron < 0) pron = found;
    if (h < 0) break;
    if (found < 0 && an_rel_is(&s->t[v], "xcomp"))
      for (j = 0; j < s->n_kids[h]; j++) if (an_rel_is(&s->t[s->kids[h][j]], "obj")) return s->kids[h][j];
    if (found >= 0) {
      /* a pronoun: only the clause that reports or governs this one may resolve it */
      if (!(an_rel_is(&s->t[v], "ccomp") || an_rel_is(&s->t[v], "xcomp") || an_rel_is(&s->t[v], "advcl") ||
            an_rel_is(&s->t[v], "conj") || an_rel_is(&s->t[v], "parataxis"))) break;
    } else if (!(an_rel_is(&s->t[v], "xcomp") || an_rel_is(&s->t[v], "conj") ||
                 /* "..., offering support to Lebanon": a participle shares the clause's subject */
                 (an_rel_is(&s->t[v], "advcl") && s->t[v].xpos && !strcmp(s->t[v].xpos, "VBG") && !has_marker(s, v)))) break;
    pass_ok = an_rel_is(&s->t[v], "xcomp");
    v = h;
  }
  return pron;
}

/* The by-phrase of a passive verb, else a coded from-phrase ("was fired at it from Gaza"). */
static int32_t agent_of(const an_sent *s, int32_t v)
{
  int32_t j;
  for (j = 0; j < s->n_kids[v]; j++) {
    int32_t c = s->kids[v][j];
    if (an_rel_is(&s->t[c], "obl") && (strstr(s->t[c].deprel, "agent") || case_of(s, c) == s->d->id_by)) return c;
  }
  for (j = 0; j < s->n_kids[v]; j++) {
    int32_t c = s->kids[v][j];
    if (an_rel_is(&s->t[c], "obl") && case_of(s, c) == s->d->id_from && s->w[c].unit >= 0 && s->u[s->w[c].unit].coded) return c;
  }
  return -1;
}

typedef struct bind { int32_t tgt, src, xcomp; int32_t used[MAXD]; int n_used; } bind;

static int is_used(const bind *b, int32_t k)
{
  int i;
  for (i = 0; i < b->n_used; i++) if (b->used[i] == k) return 1;
  return 0;
}

static void use(bind *b, int32_t k) { if (b->n_used < MAXD) b->used[b->n_used++] = k; }

/* Objects of ctx: obj, iobj, and in a passive the subject. */
static int object_ok(const an_sent *s, int32_t ctx, int32_t c, int passive)
{
  const annals_token *t = &s->t[c];
  if (an_rel_is(t, "obj") || an_rel_is(t, "iobj")) return 1;
  if (passive && t->deprel && !strcmp(t->deprel, "nsubj:pass")) return 1;
  (void)ctx;
  return 0;
}

static int coded_at(const an_sent *s, int32_t k)
{
  return s->w[k].unit >= 0 && s->u[s->w[k].unit].coded;
}

/* An object of ctx (matching e when given); for an actor slot (e NULL) a coded phrase
** is preferred to an uncoded one. */
static int32_t find_object(const an_sent *s, int32_t ctx, int passive, const an_oel *e, const bind *b)
{
  int32_t j, first = -1;
  for (j = 0; j < s->n_kids[ctx]; j++) {
    int32_t c = s->kids[ctx][j];
    if (is_used(b, c) || !object_ok(s, ctx, c, passive)) continue;
    if (e && !alt_match(s, c, e->alt, e->n_alt)) continue;
    if (e || coded_at(s, c)) return c;
    if (first < 0) first = c;
  }
  return first;
}

/* A PP with preposition in e: an oblique of ctx or a modifier of noun. For an actor
** slot (need_head 0) a coded phrase wins over an uncoded one ("launched strikes on
** Friday on Ukraine"). */
static int32_t find_pp(const an_sent *s, int32_t ctx, int32_t noun, const an_oel *e, int need_head, const bind *b)
{
  int pass, first = -1;
  for (pass = 0; pass < 2; pass++) {
    int32_t h = pass ? noun : ctx, j;
    if (h < 0) continue;
    for (j = 0; j < s->n_kids[h]; j++) {
      int32_t c = s->kids[h][j];
      const annals_token *t = &s->t[c];
      if (is_used(b, c)) continue;
      if (pass == 0 ? !(an_rel_is(t, "obl") || an_rel_is(t, "nmod")) : !an_rel_is(t, "nmod")) continue;
      if (!prep_in(case_of(s, c), e)) continue;
      if (need_head && e->n_alt && !alt_match(s, c, e->alt, e->n_alt)) continue;
      if (need_head || coded_at(s, c)) return c;
      if (first < 0) first = c;
    }
  }
  return first;
}

static int particles_ok(const an_sent *s, int32_t v, const an_opat *p)
{
  uint16_t m;
  int32_t j, has_prt = 0;
  for (j = 0; j < s->n_kids[v]; j++) if (an_rel_is(&s->t[s->kids[v][j]], "compound")) has_prt = 1;
  if (!p->n_prt) return !has_prt;
  for (m = 0; m < p->n_prt; m++) {
    int ok = 0;
    for (j = 0; j < s->n_kids[v]; j++) {
      int32_t c = s->kids[v][j];
      if ((an_rel_is(&s->t[c], "compound") || an_rel_is(&s->t[c], "advmod") || an_rel_is(&s->t[c], "obl")) &&
          s->w[c].id == p->prt[m]) ok = 1;
    }
    if (!ok && v + 1 + m < (int32_t)s->n && s->w[v + 1 + m].id == p->prt[m]) ok = 1;
    if (!ok) return 0;
  }
  return 1;
}

static int match(const an_sent *s, int32_t v, int passive, const an_opat *p, bind *b)
{
  int32_t ctx = v, noun = -1;
  int ctx_passive = passive;
  uint16_t i;
  b->tgt = b->src = b->xcomp = -1; b->n_used = 0;
  if (!particles_ok(s, v, p)) return 0;
  for (i = 0; i < p->n_el; i++) {
    const an_oel *e = &p->el[i];
    int32_t k;
    switch (e->kind) {
    case OE_TGT: case OE_SRC:
      if ((k = find_object(s, ctx, ctx_passive, NULL, b)) < 0) return 0;
      if (e->kind == OE_TGT) b->tgt = k; else b->src = k;
      use(b, k); noun = k;                      /* "accuse + of": the PP may hang on the object */
      break;
    case OE_NOUN:
      if ((k = find_object(s, ctx, ctx_passive, e, b)) < 0) return 0;
      use(b, k); noun = k;
      break;
    case OE_PP_TGT: case OE_PP_SRC:
      if ((k = find_pp(s, ctx, noun, e, 0, b)) < 0) return 0;
      if (e->kind == OE_PP_TGT) b->tgt = k; else b->src = k;
      use(b, k);
      break;
    case OE_PP_NOUN:
      if ((k = find_pp(s, ctx, noun, e, 1, b)) < 0) return 0;
      use(b, k); noun = k;
      break;
    default: {                                  /* OE_XCOMP: "to W", a complement or a to-PP */
      int32_t j, x = -1;
      for (j = 0; j < s->n_kids[ctx] && x < 0; j++) {
        int32_t c = s->kids[ctx][j];
        /* "urged X to release": the parser may make the infinitive an advcl */
        if (!is_used(b, c) && (an_rel_is(&s->t[c], "xcomp") || (an_rel_is(&s->t[c], "advcl") && an_has_to(s, c))) &&
            verb_alt_match(s, c, e->alt, e->n_alt)) x = c;
      }
      if (x >= 0) { use(b, x); b->xcomp = x; ctx = x; noun = -1; ctx_passive = passive_verb(s, x); break; }
      if ((k = find_pp(s, ctx, noun, e, 1, b)) < 0) return 0;
      use(b, k); noun = k;
      break;
    }
    }
  }
  return 1;
}

/* Actor codes of the phrase headed by k: its unit, or every member of its compound. */
typedef struct clist { const char *c[32]; const char *id[32]; int n; int32_t head; } clist;

static void phrase_codes(const an_sent *s, int32_t k, clist *out)
{
  int32_t u, i;
  out->n = 0; out->head = k;
  if (k < 0 || (u = s->w[k].unit) < 0) return;
  if (s->u[u].comp >= 0) {
    const an_ccomp *c = &s->c[s->u[u].comp];
    for (i = 0; i < c->n_units && out->n < 32; i++)
      if (s->u[c->units[i]].coded) { out->id[out->n] = s->u[c->units[i]].entry; out->c[out->n++] = s->u[c->units[i]].code; }
    return;
  }
  if (s->u[u].coded) { out->id[out->n] = s->u[u].entry; out->c[out->n++] = s->u[u].code; }
}

/* A PP's own object: the phrase is headed by k already (obl/nmod heads are nominals). */

static void span_of(const an_sent *s, int32_t k, int32_t *first, int32_t *last)
{
  int32_t u = k >= 0 ? s->w[k].unit : -1;
  *first = *last = -1;
  if (u < 0) return;
  if (s->u[u].comp >= 0) { *first = s->c[s->u[u].comp].first; *last = s->c[s->u[u].comp].last; }
  else { *first = s->u[u].first; *last = s->u[u].last; }
}

/* "---REB" acting on Syria is a Syrian rebel: a role without a country takes the other
** side's country (CAMEO coders' convention for domestic events). */
static const char *inherit(an_sent *s, const char *a, const char *other, const char *code)
{
  char *r;
  size_t n;
  static const char *const local[] = { "REB", "INS", "SEP", "CVL", "OPP", "CRM", "COP", "JUD", "UAF", "LAB", "REF", "EDU", "MED" };
  size_t k;
  int ok = 0;
  if (strncmp(a, "---", 3) || !a[3] || !strncmp(other, "---", 3) || strlen(other) < 3) return a;
  /* only for domestic kinds of event (protest, coercion, violence) and local actors:
  ** "a man" jailed by a Tunisian court, insurgents shelling Aleppo; a minister who
  ** travels to Washington is not American */
  if (strncmp(code, "14", 2) && strncmp(code, "17", 2) && strncmp(code, "18", 2) && strncmp(code, "19", 2) &&
      strncmp(code, "20", 2)) return a;
  for (k = 0; k < sizeof local / sizeof local[0]; k++) if (!strncmp(a + 3, local[k], 3)) ok = 1;
  if (!ok) return a;
  /* armed forces fight abroad: "Russian troops attacked civilians" says nothing of theirs */
  if (strstr(other + 3, "MIL") && (!strncmp(code, "18", 2) || !strncmp(code, "19", 2) || !strncmp(code, "20", 2))) return a;
  if (!strncmp(other, "IGO", 3) || !strncmp(other, "NGO", 3) || !strncmp(other, "IMG", 3)) return a;
  n = strlen(a);
  if (!(r = an_arena_alloc(s->a, n + 1))) return a;
  memcpy(r, other, 3); memcpy(r + 3, a + 3, n - 2);
  return r;
}

static annals_status emit(an_sent *s, an_event **out, size_t *n, size_t *cap, const clist *S, int i, const clist *T,
                          int j, const char *code, int32_t v, const an_opat *p, uint32_t flags)
{
  size_t before = *n;
  const char *a = i >= 0 ? S->c[i] : "---", *b = j >= 0 ? T->c[j] : "---", *a0 = a;
  a = inherit(s, a, b, code);
  b = inherit(s, b, a0, code);
  if (!strcmp(a, b)) return ANNALS_OK;           /* an actor does not act on itself */
  annals_status rc = an_code_emit(s, out, n, cap, a, b, code, v, p->line, flags);
  if (rc == ANNALS_OK && *n > before) {
    an_event *e = &(*out)[*n - 1];
    if (i >= 0) span_of(s, S->head, &e->src_first, &e->src_last);
    if (j >= 0) span_of(s, T->head, &e->tgt_first, &e->tgt_last);
    e->src_entry = i >= 0 ? S->id[i] : NULL;
    e->tgt_entry = j >= 0 ? T->id[j] : NULL;
    e->pattern = p->id;
    e->dict_file = s->d->files[p->file];
  }
  return rc;
}

/* Codes whose co-subjects act on each other when there is no target: "Russia and China
** met", "the two sides agreed", "X and Y exchanged prisoners", "signed a ceasefire". */
static int coop_root(const char *c)
{
  return (c[0] == '0' && (c[1] == '3' || c[1] == '4' || c[1] == '5' || c[1] == '6')) || !strcmp(c, "019") ||
         !strncmp(c, "084", 3) || !strncmp(c, "087", 3);
}

/* A phrase with a role and no country takes one from the sentence: "Russia denied that
** its troops ..." (a possessive pronoun: the nearest preceding coded subject), "the
** mayor of Nablus" (a coded of/from/in phrase of its head). */
static annals_status resolve_possessives(an_sent *s)
{
  int32_t u;
  static const char *const poss[] = { "its", "their" };   /* "his lawyer" is seldom the subject's */
  for (u = 0; u < s->n_u; u++) {
    an_cunit *x = &s->u[u];
    int32_t k, h = -1, j;
    size_t q;
    int has = 0;
    if (x->coded && strncmp(x->code, "---", 3)) continue;
    if (x->first < 0 || x->last >= (int32_t)s->n) continue;
    for (k = x->first; k <= x->last && !has; k++) {
      const char *w = s->t[k].text ? s->t[k].text : "";
      if (!an_rel_is(&s->t[k], "nmod")) continue;
      for (q = 0; q < sizeof poss / sizeof poss[0]; q++) if (!strcasecmp(w, poss[q])) has = 1;
    }
    if (!has && x->first == x->last && !x->coded && s->t[x->first].upos && !strcmp(s->t[x->first].upos, "PRON")) {
      /* "fired at it": a pronoun object stands for the nearest coded subject before it */
      static const char *const pro[] = { "it", "they", "them" };
      for (q = 0; q < sizeof pro / sizeof pro[0]; q++)
        if (s->t[x->first].text && !strcasecmp(s->t[x->first].text, pro[q]) &&
            !(s->t[x->first].deprel && !strncmp(s->t[x->first].deprel, "nsubj", 5))) has = 2;
    }
    if (!has) {
      /* "the mayor of Nablus", "officials from Syria": a coded of/from/in phrase of the head */
      int32_t hd = -1;
      for (k = x->first; k <= x->last; k++) if (s->w[k].unit == u && (s->w[k].head < x->first || s->w[k].head > x->last)) hd = k;
      if (hd < 0) continue;
      for (j = 0; j < s->n_kids[hd] && h < 0; j++) {
        int32_t c = s->kids[hd][j], cu = s->w[c].unit;
        uint32_t cs = case_of(s, c);
        if (!an_rel_is(&s->t[c], "nmod") || cu < 0 || cu == u || !s->u[cu].coded || !strncmp(s->u[cu].code, "---", 3)) continue;
        if (cs && cs != s->d->id_from && cs != s->d->id_in && strcasecmp(s->d->words.str[cs], "OF")) continue;
        h = c;
      }
      if (h < 0) continue;
    }
    for (k = x->first - 1; k >= 0 && h < 0; k--)
      if (s->t[k].deprel && !strncmp(s->t[k].deprel, "nsubj", 5) && s->w[k].unit >= 0 && s->u[s->w[k].unit].coded &&
          strncmp(s->u[s->w[k].unit].code, "---", 3)) h = k;
    if (h < 0) continue;
    {
      const an_cunit *a = &s->u[s->w[h].unit];
      size_t pl = has == 2 ? strlen(a->code) : strlen(a->code) >= 6 && (!strncmp(a->code, "IGO", 3) || !strncmp(a->code, "NGO", 3)) ? 6 : 3;
      const char *rest = x->code + 3;
      size_t rl = strlen(rest);
      char *nc = an_arena_alloc(s->a, pl + rl + 1);
      if (!nc) return ANNALS_ENOMEM;
      memcpy(nc, a->code, pl); memcpy(nc + pl, rest, rl + 1);
      x->code = nc; x->coded = 1;
      if (a->entry) {
        size_t el = strlen(a->entry), xl = x->entry ? strlen(x->entry) : 0;
        char *ne = an_arena_alloc(s->a, el + xl + 2);
        if (!ne) return ANNALS_ENOMEM;
        memcpy(ne, a->entry, el);
        j = (int32_t)el;
        if (xl) { ne[j++] = '+'; memcpy(ne + j, x->entry, xl); j += (int32_t)xl; }
        ne[j] = '\0';
        x->entry = ne;
      }
    }
  }
  return ANNALS_OK;
}

annals_status an_code_own(an_sent *s, an_event **out, size_t *n_out)
{
  const an_dict *d = s->d;
  int32_t v, N = (int32_t)s->n;
  size_t cap = 0;
  annals_status rc;
  uint8_t *done = an_arena_alloc(s->a, (size_t)N + 1);   /* verbs a pattern already took ("threaten to attack") */
  *out = NULL; *n_out = 0;
  if (!done) return ANNALS_ENOMEM;
  memset(done, 0, (size_t)N + 1);
  if ((rc = resolve_possessives(s)) != ANNALS_OK) return rc;
  for (v = 0; v < N; v++) {
    const annals_token *t = &s->t[v];
    const an_opat *best = NULL;
    bind b, bb;
    size_t cnt = 0, q;
    const uint32_t *vals = NULL;
    int passive, i, j, pass, tgt_fallback = 0;
    int32_t src, tgt;
    clist S, T;
    const char *code, *colon, *ca, *cb = NULL;
    if (s->w[v].unit >= 0 || s->w[v].flat || done[v]) continue;
    if (!t->upos || strcmp(t->upos, "VERB")) continue;
    for (pass = 0; pass < 2 && !cnt; pass++) {
      uint32_t key = pass ? s->w[v].id : s->w[v].lemma;
      if (key) vals = an_index_get(&d->opat_ix, key, &cnt);
    }
    if (!cnt) continue;
    memset(&bb, 0, sizeof bb);
    passive = passive_verb(s, v);
    for (q = 0; q < cnt && !best; q++)
      if (match(s, v, passive, &d->opats[vals[q]], &b)) { best = &d->opats[vals[q]]; bb = b; }
    if (!best) continue;
    /* an equally specific pattern that finds a coded target beats one whose target slot
    ** caught a date ("launched strikes against the Houthis on Wednesday": on + is
    ** Wednesday, against + the Houthis) */
    for (; q < cnt && bb.tgt >= 0 && !coded_at(s, bb.tgt); q++)
      if (d->opats[vals[q]].n_el == best->n_el && match(s, v, passive, &d->opats[vals[q]], &b) && b.tgt >= 0 &&
          coded_at(s, b.tgt)) { best = &d->opats[vals[q]]; bb = b; }
    if (bb.xcomp >= 0) done[bb.xcomp] = 1;
    if (!strcmp(best->code, "---")) continue;
    src = bb.src >= 0 ? bb.src : passive ? agent_of(s, v) : subject_of(s, v);
    tgt = bb.tgt;
    if (passive && bb.src < 0 && tgt < 0) {
      /* "X was attacked": the subject is the target unless a pattern element took it */
      int32_t k;
      for (k = 0; k < s->n_kids[v]; k++) {
        int32_t c = s->kids[v][k];
        if (s->t[c].deprel && !strcmp(s->t[c].deprel, "nsubj:pass") && !is_used(&bb, c)) {
          int has_tgt_el = 0;
          uint16_t e;
          for (e = 0; e < best->n_el; e++) has_tgt_el |= best->el[e].kind == OE_TGT || best->el[e].kind == OE_PP_TGT;
          if (!has_tgt_el) tgt = c;
        }
      }
    }
    if (tgt < 0 && !passive && bb.src < 0) {
      /* no target element: the first coded object, else the first coded PP of the verb
      ** or of a noun the pattern took ("staged a protest in Beijing") */
      int has_tgt_el = 0, pass2;
      uint16_t e;
      for (e = 0; e < best->n_el; e++) has_tgt_el |= best->el[e].kind == OE_TGT || best->el[e].kind == OE_PP_TGT;
      tgt_fallback = !has_tgt_el;
      for (pass2 = 0; pass2 < 2 && !has_tgt_el && tgt < 0; pass2++) {
        int u2;
        for (u2 = -1; u2 < bb.n_used && tgt < 0; u2++) {
          int32_t h = u2 < 0 ? v : bb.used[u2], k;
          for (k = 0; k < s->n_kids[h] && tgt < 0; k++) {
            int32_t c = s->kids[h][k];
            const annals_token *ct = &s->t[c];
            int obj = an_rel_is(ct, "obj") || an_rel_is(ct, "iobj"), pp = an_rel_is(ct, "obl") || (u2 >= 0 && an_rel_is(ct, "nmod"));
            if (is_used(&bb, c) || c == src || (pass2 == 0 ? !obj : !pp)) continue;
            if (ct->deprel && strstr(ct->deprel, "tmod")) continue;
            if (s->w[c].unit >= 0 && s->u[s->w[c].unit].coded) tgt = c;
          }
        }
      }
    }
    if (tgt < 0 && !passive) {
      int has_tgt_el = 0;
      uint16_t e2;
      for (e2 = 0; e2 < best->n_el; e2++) has_tgt_el |= best->el[e2].kind == OE_TGT || best->el[e2].kind == OE_PP_TGT;
      if (!has_tgt_el && bb.src >= 0) tgt = subject_of(s, v);   /* "received aid from $": the subject gets it */
      if (!has_tgt_el && tgt < 0) {
        /* "released Palestinian prisoners": a pattern noun that is itself an actor is the target */
        int u2;
        for (u2 = 0; u2 < bb.n_used && tgt < 0; u2++)
          if (bb.used[u2] != bb.src && s->w[bb.used[u2]].unit >= 0 && s->u[s->w[bb.used[u2]].unit].coded &&
              s->w[bb.used[u2]].nom) tgt = bb.used[u2];
      }
    }
    if (src >= 0 && src == tgt) continue;
    phrase_codes(s, src, &S);
    phrase_codes(s, tgt, &T);
    if (bb.src < 0 && src >= 0 && s->w[src].head == v) {
      /* "The US, Russia, and Switzerland met": a second nsubj of one verb is a co-subject
      ** the parser failed to coordinate */
      int32_t k;
      for (k = 0; k < s->n_kids[v]; k++) {
        int32_t c = s->kids[v][k];
        clist X;
        int xi;
        if (c == src || !s->t[c].deprel || strcmp(s->t[c].deprel, "nsubj")) continue;
        phrase_codes(s, c, &X);
        for (xi = 0; xi < X.n && S.n < 32; xi++) { S.c[S.n] = X.c[xi]; S.id[S.n] = X.id[xi]; S.n++; }
      }
    }
    code = best->code;
    colon = strchr(code, ':');
    ca = code;
    if (colon) {
      if (!(ca = an_arena_strndup(s->a, code, (size_t)(colon - code)))) return ANNALS_ENOMEM;
      cb = colon + 1;
    }
    if (S.n > 1 && bb.src < 0 && coop_root(ca) && (!T.n || tgt_fallback)) {
      /* co-subjects of a cooperative verb act on each other: "Russia and China met" */
      for (i = 0; i < S.n; i++) for (j = 0; j < S.n; j++)
        if (i != j && strcmp(S.c[i], S.c[j]) &&
            (rc = emit(s, out, n_out, &cap, &S, i, &S, j, ca, v, best, 0)) != ANNALS_OK) return rc;
      continue;
    }
    if (!S.n && !T.n) continue;
    for (i = 0; i < (S.n ? S.n : 1); i++) for (j = 0; j < (T.n ? T.n : 1); j++) {
      int si = S.n ? i : -1, tj = T.n ? j : -1;
      if (si >= 0 && tj >= 0 && !strcmp(S.c[si], T.c[tj])) continue;
      if ((rc = emit(s, out, n_out, &cap, &S, si, &T, tj, ca, v, best, passive ? AN_EV_PASSIVE : 0)) != ANNALS_OK)
        return rc;
      if (si >= 0 && tj >= 0 && cb &&
          (rc = emit(s, out, n_out, &cap, &T, tj, &S, si, cb, v, best, AN_EV_PAIRED)) != ANNALS_OK)
        return rc;
    }
  }
  return ANNALS_OK;
}
