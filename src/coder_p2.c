/* coder_p2.c: PETRARCH-2 style coding for CAMEO.2.0 verb files on the dependency
** parse. PETRARCH-2 matches pattern nouns against the heads of the noun phrases of a
** verb phrase; here the verb's dependents stand for them: nsubj for the upper side,
** obj/iobj (nouns and {noun phrases}) and obl with their case word ((PP ...)) for the
** lower side. The most specific matching pattern wins; a [---] pattern suppresses
** the event; [:B] makes the verb passive; [A:B] adds the reciprocal event.
** Invariant: a phrase consumed by the pattern is never an actor of the event. */
#include "coder.h"

#include <string.h>

#define MAXP 32

typedef struct phr { int32_t head; int32_t prep; int used; } phr;   /* prep: case word id, 0 none */

static int word_is(const an_sent *s, int32_t k, uint32_t id)
{
  return id && (s->w[k].id == id || s->w[k].lemma == id);
}

/* Does word k (a phrase head) match head word or synset h? */
static int head_match(const an_sent *s, int32_t k, uint32_t h, int syn)
{
  size_t m;
  const an_synset *sy;
  if (!syn) return word_is(s, k, h);
  sy = &s->d->syns[h];
  for (m = 0; m < sy->n; m++) {
    const an_phrase *ph = &sy->m[m];
    int32_t i, j;
    if (!ph->n || !word_is(s, k, ph->w[ph->n - 1])) continue;
    /* the other words of a multi-word member must modify the head */
    for (i = 0; i + 1 < ph->n; i++) {
      for (j = 0; j < s->n_kids[k]; j++) if (word_is(s, s->kids[k][j], ph->w[i])) break;
      if (j == s->n_kids[k]) break;
    }
    if (i + 1 >= ph->n) return 1;
  }
  return 0;
}

static int mods_match(const an_sent *s, int32_t k, const an_pelem *e)
{
  int i;
  for (i = 0; i < e->n_mods; i++) {
    int32_t j;
    for (j = 0; j < s->n_kids[k]; j++) {
      int32_t c = s->kids[k][j];
      if (e->mod_syn[i] ? head_match(s, c, e->mods[i], 1) : word_is(s, c, e->mods[i])) break;
    }
    if (j == s->n_kids[k]) return 0;
  }
  return 1;
}

static int elem_match(const an_sent *s, const an_pelem *e, const phr *p)
{
  switch (e->kind) {
  case PE_ANY: return 1;
  case PE_NOUN: return !p->prep && head_match(s, p->head, e->head, e->syn);
  case PE_NP: return !p->prep && head_match(s, p->head, e->head, e->syn) && mods_match(s, p->head, e);
  default:
    if (!p->prep || p->prep != (int32_t)e->prep) return 0;
    if (!e->head) return 1;
    if (e->head_kind == PE_ANY) return 1;
    if (!head_match(s, p->head, e->head, e->syn)) return 0;
    return e->head_kind != PE_NP || mods_match(s, p->head, e);
  }
}

/* Match all elements of one side, each on a distinct unused phrase (greedy). */
static int side_match(const an_sent *s, const an_pelem *el, int n, phr *ps, int np, int *take)
{
  int i, j;
  for (i = 0; i < n; i++) {
    for (j = 0; j < np; j++) {
      int k, dup = 0;
      for (k = 0; k < i; k++) if (take[k] == j) dup = 1;
      if (!dup && elem_match(s, &el[i], &ps[j])) break;
    }
    if (j == np) return 0;
    take[i] = j;
  }
  return 1;
}

static int32_t case_of(const an_sent *s, int32_t k)
{
  int32_t j;
  for (j = 0; j < s->n_kids[k]; j++) {
    int32_t c = s->kids[k][j];
    if (an_rel_is(&s->t[c], "case") && !(s->t[c].xpos && !strcmp(s->t[c].xpos, "POS"))) return (int32_t)s->w[c].id;
  }
  return 0;
}

/* Actor codes of the phrase headed by k: its unit, or every member of its compound. */
typedef struct clist { const char *c[32]; int n; int32_t head; } clist;

static void phrase_codes(const an_sent *s, int32_t k, clist *out)
{
  int32_t u = s->w[k].unit, i;
  if (u < 0) return;
  out->head = k;
  if (s->u[u].comp >= 0) {
    const an_ccomp *c = &s->c[s->u[u].comp];
    for (i = 0; i < c->n_units && out->n < 32; i++)
      if (s->u[c->units[i]].coded) out->c[out->n++] = s->u[c->units[i]].code;
    return;
  }
  if (s->u[u].coded && out->n < 32) out->c[out->n++] = s->u[u].code;
}

/* The subject of v, inherited through xcomp / conj heads when v has none. */
static int32_t subject_of(const an_sent *s, int32_t v, int *passive)
{
  int hops = 0;
  while (v >= 0 && hops++ < 8) {
    int32_t j;
    for (j = 0; j < s->n_kids[v]; j++) {
      const annals_token *t = &s->t[s->kids[v][j]];
      if (an_rel_is(t, "nsubj")) {
        if (t->deprel && strstr(t->deprel, "pass")) *passive = 1;
        return s->kids[v][j];
      }
    }
    if (!(an_rel_is(&s->t[v], "xcomp") || an_rel_is(&s->t[v], "conj"))) return -1;
    if (an_rel_is(&s->t[v], "xcomp") && s->w[v].head >= 0) {
      /* object control: "Obama wants Putin to attack" -> Putin attacks */
      int32_t h = s->w[v].head;
      for (j = 0; j < s->n_kids[h]; j++)
        if (an_rel_is(&s->t[s->kids[h][j]], "obj")) return s->kids[h][j];
    }
    v = s->w[v].head;
  }
  return -1;
}

static void span_of(const an_sent *s, int32_t k, int32_t *first, int32_t *last)
{
  int32_t u = k >= 0 ? s->w[k].unit : -1;
  *first = *last = -1;
  if (u < 0) return;
  if (s->u[u].comp >= 0) { *first = s->c[s->u[u].comp].first; *last = s->c[s->u[u].comp].last; }
  else { *first = s->u[u].first; *last = s->u[u].last; }
}

/* Emit and record the phrases' word ranges (src, tgt: phrase heads, -1 none). */
static annals_status emit(an_sent *s, an_event **out, size_t *n, size_t *cap, const char *a, const char *b,
                          const char *code, int32_t v, uint32_t line, uint32_t flags, int32_t src, int32_t tgt)
{
  size_t before = *n;
  annals_status rc = an_code_emit(s, out, n, cap, a, b, code, v, line, flags);
  if (rc == ANNALS_OK && *n > before) {
    an_event *e = &(*out)[*n - 1];
    span_of(s, src, &e->src_first, &e->src_last);
    span_of(s, tgt, &e->tgt_first, &e->tgt_last);
  }
  return rc;
}

static int coop_root(const char *c)
{
  return c[0] == '0' && (c[1] == '3' || c[1] == '4' || c[1] == '5' || c[1] == '6');
}

annals_status an_code_p2(an_sent *s, an_event **out, size_t *n_out)
{
  int32_t v, N = (int32_t)s->n;
  size_t cap = 0;
  annals_status rc;
  *out = NULL; *n_out = 0;
  for (v = 0; v < N; v++) {
    const an_verb *e;
    const an_block *b;
    const an_pattern *best = NULL;
    phr up[MAXP], lo[MAXP];
    int nup = 0, nlo = 0, best_score = -1, passive = 0, i, j;
    int take_u[64], take_l[64], bt_u[64], bt_l[64];
    int32_t subj, npre = 0, npost = 0;
    const char *code, *colon;
    uint32_t line;
    clist S, T;
    size_t cnt, q;
    const uint32_t *vals;
    const char *xp = s->t[v].xpos ? s->t[v].xpos : "";
    if (s->w[v].unit >= 0 || s->w[v].flat || !(xp[0] == 'V' && xp[1] == 'B')) continue;
    if (an_rel_is(&s->t[v], "aux") || an_rel_is(&s->t[v], "cop")) continue;
    e = NULL;
    for (q = 0; q < 2 && !e; q++) {
      uint32_t key = q ? s->w[v].lemma : s->w[v].id;
      size_t k;
      if (!key) continue;
      vals = an_index_get(&s->d->verb_ix, key, &cnt);
      for (k = 0; k < cnt && !e; k++) {
        const an_verb *c = &s->d->verbs[vals[k]];
        int32_t m;
        if (c->n_pre) continue;                   /* pre-compounds: not recognised (Q7) */
        for (m = 0; m < c->n_post; m++) {
          int32_t j2, ok = 0;
          for (j2 = 0; j2 < s->n_kids[v]; j2++) {
            int32_t p = s->kids[v][j2];
            if ((an_rel_is(&s->t[p], "compound") || an_rel_is(&s->t[p], "advmod")) && s->w[p].id == c->post[m]) ok = 1;
          }
          if (!ok && v + 1 + m < N && s->w[v + 1 + m].id == c->post[m]) ok = 1;
          if (!ok) break;
        }
        if (m == c->n_post) { e = c; npost = c->n_post; }
      }
    }
    AN_UNUSED(npre); AN_UNUSED(npost);
    if (!e) continue;
    b = &s->d->blocks[e->block];
    subj = subject_of(s, v, &passive);
    if (subj >= 0) { up[nup].head = subj; up[nup].prep = 0; up[nup].used = 0; nup++; }
    for (j = 0; j < s->n_kids[v] && nlo < MAXP; j++) {
      int32_t c = s->kids[v][j];
      const annals_token *t = &s->t[c];
      if (an_rel_is(t, "obj") || an_rel_is(t, "iobj") || an_rel_is(t, "xcomp") || an_rel_is(t, "advmod") ||
          an_rel_is(t, "compound") || (an_rel_is(t, "obl") && !(t->deprel && strstr(t->deprel, "agent")))) {
        lo[nlo].head = c; lo[nlo].prep = an_rel_is(t, "obl") ? case_of(s, c) : 0; lo[nlo].used = 0; nlo++;
      } else if (an_rel_is(t, "obl")) {                /* obl:agent, the passive's by-phrase */
        lo[nlo].head = c; lo[nlo].prep = (int32_t)s->d->id_by; lo[nlo].used = 0; nlo++;
      }
    }
    /* the most specific pattern wins; file order breaks ties */
    for (q = 0; q < b->n_pats; q++) {
      const an_pattern *pt = &b->pats[q];
      int score = pt->n_pu + pt->n_pl;
      if (pt->n_pu > 64 || pt->n_pl > 64) continue;
      for (i = 0; i < pt->n_pu; i++) score += pt->pu[i].n_mods + (pt->pu[i].kind == PE_PP && pt->pu[i].head);
      for (i = 0; i < pt->n_pl; i++) score += pt->pl[i].n_mods + (pt->pl[i].kind == PE_PP && pt->pl[i].head);
      if (score <= best_score) continue;
      if (!side_match(s, pt->pu, pt->n_pu, up, nup, take_u) || !side_match(s, pt->pl, pt->n_pl, lo, nlo, take_l)) continue;
      best = pt; best_score = score;
      memcpy(bt_u, take_u, sizeof take_u); memcpy(bt_l, take_l, sizeof take_l);
    }
    if (best) {
      for (i = 0; i < best->n_pu; i++) up[bt_u[i]].used = 1;
      for (i = 0; i < best->n_pl; i++) lo[bt_l[i]].used = 1;
      code = best->code; line = best->line;
    } else {
      code = e->code; line = e->line;
    }
    if (!strcmp(code, "---")) continue;
    if (code[0] == ':') { passive = 1; code++; }
    S.n = T.n = 0; S.head = T.head = -1;
    if (passive) {
      /* the subject is the target; the source is in a BY / FROM / IN phrase */
      if (nup && !up[0].used) phrase_codes(s, up[0].head, &T);
      for (i = 0; i < nlo && !S.n; i++)
        if (!lo[i].used && lo[i].prep && (lo[i].prep == (int32_t)s->d->id_by ||
            lo[i].prep == (int32_t)s->d->id_from || lo[i].prep == (int32_t)s->d->id_in)) phrase_codes(s, lo[i].head, &S);
      for (i = 0; i < nlo && !T.n; i++) if (!lo[i].used && !lo[i].prep) phrase_codes(s, lo[i].head, &T);
    } else {
      if (nup && !up[0].used) phrase_codes(s, up[0].head, &S);
      for (i = 0; i < nlo && !T.n; i++) if (!lo[i].used && !lo[i].prep) phrase_codes(s, lo[i].head, &T);
      for (i = 0; i < nlo && !T.n; i++) if (!lo[i].used && lo[i].prep) phrase_codes(s, lo[i].head, &T);
    }
    colon = strchr(code, ':');
    {
      const char *ca = code, *cb = NULL;
      if (colon) { if (!(ca = an_arena_strndup(s->a, code, (size_t)(colon - code)))) return ANNALS_ENOMEM; cb = colon + 1; }
      if (!T.n && S.n > 1 && coop_root(ca)) {
        /* co-subjects of a cooperative verb act on each other */
        for (i = 0; i < S.n; i++) for (j = 0; j < S.n; j++)
          if (i != j && strcmp(S.c[i], S.c[j]) &&
              (rc = emit(s, out, n_out, &cap, S.c[i], S.c[j], ca, v, line, 0, S.head, S.head)) != ANNALS_OK) return rc;
        continue;
      }
      if (!S.n) S.c[S.n++] = "---";
      if (!T.n) T.c[T.n++] = "---";
      for (i = 0; i < S.n; i++) for (j = 0; j < T.n; j++) {
        if (!strcmp(S.c[i], T.c[j])) continue;
        if ((rc = emit(s, out, n_out, &cap, S.c[i], T.c[j], ca, v, line, passive ? AN_EV_PASSIVE : 0, S.head, T.head))
            != ANNALS_OK)
          return rc;
        if (cb && strcmp(T.c[j], "---") && strcmp(S.c[i], "---") &&
            (rc = emit(s, out, n_out, &cap, T.c[j], S.c[i], cb, v, line, AN_EV_PAIRED, T.head, S.head)) != ANNALS_OK)
          return rc;
      }
    }
  }
  return ANNALS_OK;
}
