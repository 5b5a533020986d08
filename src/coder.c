/* coder.c: CAMEO events from one parsed sentence. For a PETRARCH-1 verb file the
** legacy engine of petrarch1-verbs.md sections 5.1-5.8 runs on the flat view that
** coder_units.c derives from the dependency tree: verb candidates left to right,
** upper/lower sequences, patterns in file order, default source and target, paired
** codes, passives; a PETRARCH-2 (CAMEO.2.0) file is coded by coder_p2.c.
** Invariant: all output lives in the caller's arena; the dictionary is only read. */
#include "coder.h"

#include <string.h>

void an_code_opts_default(an_code_opts *o)
{
  memset(o, 0, sizeof *o);
  o->require_dyad = 1;
  o->new_actor_length = 0;
  o->comma_min = 2; o->comma_max = 8;
  o->comma_bmin = 0; o->comma_bmax = 0;
  o->comma_emin = 2; o->comma_emax = 8;
  o->lemma_verbs = 1;
}

annals_status an_code_emit(an_sent *s, an_event **ev, size_t *n, size_t *cap, const char *src, const char *tgt,
                           const char *code, int32_t verb, uint32_t line, uint32_t flags)
{
  size_t i;
  an_event *e;
  if (!code || !*code || !strcmp(code, "---")) return ANNALS_OK;
  for (i = 0; i < *n; i++)
    if (!strcmp((*ev)[i].source, src) && !strcmp((*ev)[i].target, tgt) && !strcmp((*ev)[i].code, code)) return ANNALS_OK;
  if (*n == *cap) {
    size_t nc = *cap ? *cap * 2 : 16;
    an_event *ne = an_arena_alloc(s->a, nc * sizeof *ne);
    if (!ne) return ANNALS_ENOMEM;
    if (*n) memcpy(ne, *ev, *n * sizeof *ne);
    *ev = ne; *cap = nc;
  }
  e = &(*ev)[(*n)++];
  memset(e, 0, sizeof *e);
  e->source = src; e->target = tgt; e->code = code;
  e->verb = verb;
  e->src_first = e->src_last = e->tgt_first = e->tgt_last = -1;
  e->dict_file = s->d->verb_file ? s->d->verb_file : "";
  e->dict_line = line;
  e->flags = flags;
  return ANNALS_OK;
}

/* ---- PETRARCH-1 pattern matching on a sequence of elements ---- */

/* A role: -1 none, u >= 0 a unit, -(c + 2) a compound. */
#define ROLE_COMP(c) (-((c) + 2))

static int el_word_id(const an_sent *s, int32_t e)
{
  return s->el[e].kind == EL_WORD ? (int)s->w[s->el[e].idx].id : -1;
}

/* Synset member at seq[pos...] (consecutive words, markers skipped). */
static int syn_match(const an_sent *s, const an_synset *sy, const int32_t *seq, int32_t n, int32_t pos, int upper,
                     int32_t *endp)
{
  size_t m;
  uint32_t id = s->w[s->el[seq[pos]].idx].id;
  if (!id) return 0;
  for (m = 0; m < sy->n; m++) {
    const an_phrase *ph = &sy->m[m];
    int32_t q = pos, k;
    if (!ph->n) continue;
    if (ph->n == 1) { if (ph->w[0] == id) { *endp = pos; return 1; } continue; }
    for (k = 0; k < ph->n; k++) {
      uint32_t want = upper ? ph->w[ph->n - 1 - k] : ph->w[k];
      if (k) { q++; while (q < n && s->el[seq[q]].kind != EL_WORD) q++; }
      if (q >= n || el_word_id(s, seq[q]) != (int)want) break;
    }
    if (k == ph->n) { *endp = q; return 1; }
  }
  return 0;
}

static int match_part(const an_sent *s, const an_pword *pw, int np, const int32_t *seq, int32_t n, int upper,
                      int32_t *src, int32_t *tgt)
{
  int32_t pos = 0, cu = -1, cc = -1;
  int k = 0, in_u = 0, in_c = 0;
  if (np == 0) return 1;
  if (n == 0) return 0;
  for (;;) {
    const an_el *e = &s->el[seq[pos]];
    const an_pword *w = &pw[k];
    int32_t endp = pos;
    int hit;
    if (e->kind != EL_WORD) {
      if (e->kind == EL_NE_S || e->kind == EL_NE_E) { in_u = !in_u; cu = in_u ? e->idx : -1; }
      else { in_c = !in_c; cc = in_c ? e->idx : -1; }
      if (++pos >= n) return 0;
      continue;
    }
    if (w->kind >= PW_SRC && w->kind <= PW_TOK) {
      if (in_u) {
        if (w->kind == PW_SRC) *src = cu;
        else if (w->kind == PW_TGT) *tgt = cu;
        else if (w->kind == PW_SKIP && !upper) {
          while (pos < n && s->el[seq[pos]].kind != EL_NE_E) pos++;
          in_u = 0; cu = -1;
          if (pos >= n) return 0;
        } else if (w->kind == PW_COMP && upper && in_c) *src = *tgt = ROLE_COMP(cc);
        if (k == np - 1) return 1;
        k++;
        if (++pos >= n) return 0;
        continue;
      }
      if (w->adj) return 0;
      if (++pos >= n) return 0;
      continue;
    }
    if (w->kind == PW_SYN) hit = syn_match(s, &s->d->syns[w->id], seq, n, pos, upper, &endp);
    else hit = w->id && s->w[e->idx].id == w->id;
    if (hit) {
      pos = endp;
      if (k == np - 1) return 1;
      k++;
      if (++pos >= n) return 0;
      continue;
    }
    if (w->adj) return 0;
    if (++pos >= n) return 0;
  }
}

/* ---- verbs ---- */

static const an_verb *lookup(const an_sent *s, uint32_t key, int32_t v, int32_t *npre, int32_t *npost)
{
  size_t cnt, i;
  const uint32_t *vals = an_index_get(&s->d->verb_ix, key, &cnt);
  for (i = 0; i < cnt; i++) {
    const an_verb *e = &s->d->verbs[vals[i]];
    int32_t k;
    if (!e->n_pre && !e->n_post) { *npre = *npost = 0; return e; }
    for (k = 0; k < e->n_post; k++)
      if (v + 1 + k >= (int32_t)s->n || s->w[v + 1 + k].id != e->post[k]) break;
    if (k < e->n_post) continue;
    for (k = 0; k < e->n_pre; k++)
      if (v - 1 - k < 0 || s->w[v - 1 - k].id != e->pre[k]) break;
    if (k < e->n_pre) continue;
    *npre = e->n_pre; *npost = e->n_post;
    return e;
  }
  return NULL;
}

static const an_verb *find_verb(const an_sent *s, int32_t v, int32_t *npre, int32_t *npost)
{
  const an_verb *e = s->w[v].id ? lookup(s, s->w[v].id, v, npre, npost) : NULL;
  if (!e && s->o->lemma_verbs && s->w[v].lemma && s->w[v].lemma != s->w[v].id)
    e = lookup(s, s->w[v].lemma, v, npre, npost);
  return e;
}

/* ---- roles to codes ---- */

typedef struct codes { const char *c[64]; int n; } codes;

static void push_code(an_sent *s, codes *out, const char *c)
{
  const char *slash = strchr(c, '/');
  if (!slash) { if (out->n < 64) out->c[out->n++] = c; return; }
  /* "FRO/BIL/SAM": several actors */
  while (*c) {
    size_t m = strcspn(c, "/");
    char *p = m ? an_arena_strndup(s->a, c, m) : NULL;
    if (p && out->n < 64) out->c[out->n++] = p;
    c += m;
    if (*c == '/') c++;
  }
}

static const char *null_text(an_sent *s, const an_cunit *u);

static void role_codes(an_sent *s, int32_t role, codes *out)
{
  out->n = 0;
  if (role >= 0) {
    const an_cunit *u = &s->u[role];
    push_code(s, out, u->coded ? u->code : null_text(s, u));
  } else if (role <= -2) {
    const an_ccomp *c = &s->c[-role - 2];
    int32_t i;
    for (i = 0; i < c->n_units; i++) {
      const an_cunit *u = &s->u[c->units[i]];
      if (u->coded) push_code(s, out, u->code);
      else if (s->o->new_actor_length > 0 && u->n_words <= s->o->new_actor_length) push_code(s, out, null_text(s, u));
    }
    if (!out->n) out->c[out->n++] = "---";
  }
}

static const char *null_text(an_sent *s, const an_cunit *u)
{
  size_t len = 3, o = 0;
  int32_t i;
  char *q;
  if (s->o->new_actor_length <= 0 || u->n_words > s->o->new_actor_length || !u->n_words) return "---";
  for (i = 0; i < u->n_words; i++) len += strlen(s->w[u->words[i]].up) + 1;
  if (!(q = an_arena_alloc(s->a, len))) return "---";
  q[o++] = '"';
  for (i = 0; i < u->n_words; i++) {
    size_t m = strlen(s->w[u->words[i]].up);
    if (i) q[o++] = ' ';
    memcpy(q + o, s->w[u->words[i]].up, m); o += m;
  }
  q[o++] = '"'; q[o] = '\0';
  return q;
}

static int comp_coded(const an_sent *s, int32_t c, const char *excl)
{
  int32_t i;
  for (i = 0; i < s->c[c].n_units; i++) {
    const an_cunit *u = &s->u[s->c[c].units[i]];
    if (u->coded && (!excl || strcmp(u->code, excl))) return 1;
  }
  return 0;
}

/* Default source and target, petrarch1-verbs.md 5.7. */
static void defaults(const an_sent *s, const int32_t *up, int32_t nup, const int32_t *lo, int32_t nlo,
                     int32_t *src, int32_t *tgt)
{
  int32_t i;
  const char *S = NULL;
  if (*src == -1) {
    for (i = nup - 1; i >= 0 && *src == -1; i--) {
      const an_el *e = &s->el[up[i]];
      if (e->kind == EL_NEC_S) *src = ROLE_COMP(e->idx);
      else if (e->kind == EL_NE_S && s->u[e->idx].coded) *src = e->idx;
    }
    for (i = nup - 1; i >= 0 && *src == -1; i--)
      if (s->el[up[i]].kind == EL_NE_S) *src = s->el[up[i]].idx;
  }
  if (*tgt != -1) return;
  if (*src >= 0 && s->u[*src].coded) S = s->u[*src].code;
  for (i = 0; i < nlo && *tgt == -1; i++) {
    const an_el *e = &s->el[lo[i]];
    if (e->kind == EL_NEC_S && comp_coded(s, e->idx, S)) *tgt = ROLE_COMP(e->idx);
    else if (e->kind == EL_NE_S && s->u[e->idx].coded && (!S || strcmp(s->u[e->idx].code, S))) *tgt = e->idx;
  }
  for (i = 0; i < nlo && *tgt == -1; i++) {
    const an_el *e = &s->el[lo[i]];
    if (e->kind == EL_NE_S && !s->u[e->idx].coded) *tgt = e->idx;
  }
  for (i = 0; i < nup && *tgt == -1; i++) {
    const an_el *e = &s->el[up[i]];
    if (e->kind == EL_NE_S && e->idx != *src && s->u[e->idx].coded && (!S || strcmp(s->u[e->idx].code, S))) *tgt = e->idx;
    else if (e->kind == EL_NEC_S && ROLE_COMP(e->idx) != *src && comp_coded(s, e->idx, S)) *tgt = ROLE_COMP(e->idx);
  }
  for (i = 0; i < nup && *tgt == -1; i++) {
    const an_el *e = &s->el[up[i]];
    if (e->kind == EL_NE_S && e->idx != *src && !s->u[e->idx].coded) *tgt = e->idx;
  }
}

static int32_t role_first(const an_sent *s, int32_t r)
{
  return r >= 0 ? s->u[r].first : r <= -2 ? s->c[-r - 2].first : -1;
}
static int32_t role_last(const an_sent *s, int32_t r)
{
  return r >= 0 ? s->u[r].last : r <= -2 ? s->c[-r - 2].last : -1;
}

static annals_status events_for(an_sent *s, int32_t src, int32_t tgt, const char *code, int passive, int32_t verb,
                                uint32_t line, an_event **ev, size_t *n, size_t *cap)
{
  codes S, T;
  const char *colon = strchr(code, ':');
  const char *ca = code, *cb = NULL;
  int i, j, pass;
  annals_status rc;
  role_codes(s, src, &S);
  role_codes(s, tgt, &T);
  if (colon) {
    ca = an_arena_strndup(s->a, code, (size_t)(colon - code));
    cb = colon + 1;
    if (!ca) return ANNALS_ENOMEM;
    /* a null side takes the other side's codes */
    if (S.n && !strcmp(S.c[0], "---")) S = T;
    else if (T.n && !strcmp(T.c[0], "---")) T = S;
  }
  for (pass = 0; pass < (cb ? 2 : 1); pass++) {
    const codes *A = pass ? &T : &S, *B = pass ? &S : &T;
    const char *c = pass ? cb : ca;
    for (i = 0; i < A->n; i++)
      for (j = 0; j < B->n; j++) {
        const char *x = A->c[i], *y = B->c[j];
        size_t before = *n;
        if (!strcmp(x, y)) continue;
        if (passive) { const char *t = x; x = y; y = t; }
        if ((rc = an_code_emit(s, ev, n, cap, x, y, c, verb, line,
                               (pass ? AN_EV_PAIRED : 0) | (passive ? AN_EV_PASSIVE : 0))) != ANNALS_OK) return rc;
        if (*n > before) {
          an_event *e = &(*ev)[*n - 1];
          int32_t rs = (pass != 0) != (passive != 0) ? tgt : src, rt = rs == src ? tgt : src;
          e->src_first = role_first(s, rs); e->src_last = role_last(s, rs);
          e->tgt_first = role_first(s, rt); e->tgt_last = role_last(s, rt);
        }
      }
  }
  return ANNALS_OK;
}

static annals_status code_p1(an_sent *s, an_event **ev, size_t *n, size_t *cap)
{
  int32_t v, N = (int32_t)s->n;
  int32_t *up = an_arena_alloc(s->a, (size_t)(s->n_el + 1) * sizeof *up);
  int32_t *lo = an_arena_alloc(s->a, (size_t)(s->n_el + 1) * sizeof *lo);
  annals_status rc;
  if (!up || !lo) return ANNALS_ENOMEM;
  for (v = 0; v < N; v++) {
    int32_t end, verb = v, p, k, npre = 0, npost = 0, nup = 0, nlo = 0, src = -1, tgt = -1;
    int passive = 0;
    const an_verb *e;
    const an_block *b;
    const an_pattern *hit = NULL;
    const char *code;
    uint32_t line;
    size_t pi;
    if (!s->w[v].verbal || s->w[v].unit >= 0 || s->w[v].flat || s->w[v].del) continue;
    end = an_sent_vp_end(s, v);
    /* passive: a participle later in the VP, BY after it, WAS/IS/BEEN before it */
    for (p = v + 1; p <= end; p++) if (s->t[p].xpos && !strcmp(s->t[p].xpos, "VBN") && s->w[p].unit < 0) break;
    if (p <= end) {
      int by = 0, aux = 0;
      for (k = p + 1; k <= end; k++) if (s->w[k].id == s->d->id_by) by = 1;
      for (k = v; k < p; k++)
        if (s->w[k].verbal && (s->w[k].id == s->d->id_was || s->w[k].id == s->d->id_is || s->w[k].id == s->d->id_been)) aux = 1;
      if (by && aux) { verb = p; passive = 1; }
    }
    if (!(e = find_verb(s, verb, &npre, &npost))) continue;
    b = &s->d->blocks[e->block];
    /* upper: backwards from before the verb (and its pre-words) to the nearest comma */
    for (k = s->w[verb - npre].el - 1; k >= 0; k--) {
      if (s->el[k].kind == EL_WORD && s->w[s->el[k].idx].comma) break;
      up[nup++] = k;
    }
    /* lower: after the verb (and its particles) to the end of the VP */
    if (verb + npost <= end) {
      int32_t last = s->w[end].el;
      for (k = s->w[verb + npost].el + 1; k <= last; k++) lo[nlo++] = k;
      while (k < s->n_el && (s->el[k].kind == EL_NE_E || s->el[k].kind == EL_NEC_E)) lo[nlo++] = k++;
    }
    for (pi = 0; pi < b->n_pats; pi++) {
      const an_pattern *pt = &b->pats[pi];
      src = tgt = -1;
      if (match_part(s, pt->up, pt->n_up, up, nup, 1, &src, &tgt) &&
          match_part(s, pt->lo, pt->n_lo, lo, nlo, 0, &src, &tgt)) { hit = pt; break; }
    }
    if (!hit) src = tgt = -1;
    if (hit && strcmp(hit->code, "---")) { code = hit->code; line = hit->line; }
    else { code = e->code; line = e->line; }
    if (!strcmp(code, "---")) continue;             /* no match: the scan goes into the VP */
    defaults(s, up, nup, lo, nlo, &src, &tgt);
    if (src != -1 && tgt != -1 && (rc = events_for(s, src, tgt, code, passive, verb, line, ev, n, cap)) != ANNALS_OK)
      return rc;
    v = end;                                        /* verbs inside a coded VP are not coded */
  }
  return ANNALS_OK;
}

/* "Zelenskyy said negotiators would meet ...": in a reported cooperative act the side
** with a role and no country (the source, or the target of the reverse half) is the
** speaker's. */
static annals_status speaker_side(an_arena *a, an_event *e, int target)
{
  const char **side = target ? &e->target : &e->source, *other = target ? e->source : e->target;
  size_t len;
  char *x;
  if (!e->claimant || e->status != AN_ST_CLAIMED || strncmp(*side, "---", 3) || !(*side)[3]) return ANNALS_OK;
  if (strlen(e->claimant) < 3 || !strncmp(e->claimant, "---", 3) || !strncmp(e->claimant, "IGO", 3) ||
      !strncmp(e->claimant, "NGO", 3)) return ANNALS_OK;
  if (!(e->code[0] == '0' && e->code[1] >= '1' && e->code[1] <= '8')) return ANNALS_OK;
  len = strlen(*side);
  if (!(x = an_arena_alloc(a, len + 1))) return ANNALS_ENOMEM;
  memcpy(x, e->claimant, 3); memcpy(x + 3, *side + 3, len - 2);
  if (strcmp(x, other)) *side = x;
  return ANNALS_OK;
}

annals_status an_code_sentence(const an_dict *d, const an_code_opts *o, const annals_token *w, size_t n,
                               long date, an_arena *a, an_event **out, size_t *n_out)
{
  an_sent s;
  an_code_opts dflt;
  an_event *ev = NULL;
  size_t nev = 0, cap = 0, i, k;
  annals_status rc;
  *out = NULL; *n_out = 0;
  if (!d || !w || !n) return ANNALS_OK;
  if (!o) { an_code_opts_default(&dflt); o = &dflt; }
  /* sentence-level discards on the words joined by blanks */
  if (d->n_discards) {
    char text[4096];
    size_t len = 0;
    for (i = 0; i < n && len + 2 < sizeof text; i++) {
      size_t m = w[i].text ? strlen(w[i].text) : 0;
      if (len + m + 2 >= sizeof text) break;
      if (len) text[len++] = ' ';
      memcpy(text + len, w[i].text, m); len += m;
    }
    text[len] = '\0';
    if (an_dict_discard(d, text, len)) return ANNALS_OK;
  }
  memset(&s, 0, sizeof s);
  s.d = d; s.o = o; s.a = a; s.t = w; s.n = n; s.date = date;
  if ((rc = an_sent_build(&s)) != ANNALS_OK) return rc;
  if (d->own) rc = an_code_own(&s, &ev, &nev);
  else if (d->dialect == AN_DIALECT_P2) rc = an_code_p2(&s, &ev, &nev);
  else rc = code_p1(&s, &ev, &nev, &cap);
  if (rc) return rc;
  /* who claims it, how sure the text is, and when */
  if (cap < nev) cap = nev;                       /* the engines' arrays: any append reallocates */
  for (i = 0; i < nev; i++) {
    an_event *e = &ev[i];
    an_claim_info ci;
    if (e->flags & AN_EV_DERIVED) continue;
    if (d->own && i > 0 && ev[i - 1].verb == e->verb) {
      /* every event of one verb (reciprocal halves, co-subjects) says what the first says */
      e->status = ev[i - 1].status;
      if (strcmp(e->code, ev[i - 1].code) &&
          ((an_refusal_code(e->code) && !strcmp(ev[i - 1].code, an_refusal_code(e->code))) ||
           (an_intent_code(e->code, 1) && !strcmp(ev[i - 1].code, an_intent_code(e->code, 1)))))
        e->code = ev[i - 1].code;
      e->claim_first = ev[i - 1].claim_first; e->claim_last = ev[i - 1].claim_last;
      e->claimant = ev[i - 1].claimant; e->claim_entry = ev[i - 1].claim_entry;
      e->date = ev[i - 1].date; e->date_first = ev[i - 1].date_first; e->date_last = ev[i - 1].date_last;
      if ((e->flags & AN_EV_PAIRED) && (rc = speaker_side(a, e, 1)) != ANNALS_OK) return rc;
      continue;
    }
    an_claim(&s, e->verb, e->source, &ci);
    /* code rewriting is annals' own convention; PETRARCH dictionaries keep their codes */
    if (!d->own) {
      /* nothing */
    } else if (ci.intent && !ci.negated && an_intent_code(e->code, ci.intent == 2)) {
      /* an expressed intent is CAMEO's event: "seeking to deepen a partnership" is 0311 */
      e->code = an_intent_code(e->code, ci.intent == 2);
    } else if (ci.intent && ci.status == AN_ST_ASSERTED) {
      ci.status = AN_ST_HYPOTHETICAL;             /* "pledged to expel": promised, not done */
    } else if (ci.negated && an_refusal_code(e->code)) {
      /* CAMEO codes a refusal as an event of its own: "China refused to meet ..." is 125 */
      e->code = an_refusal_code(e->code);
      if (ci.status == AN_ST_NEGATED) ci.status = AN_ST_ASSERTED;
    }
    e->status = (uint8_t)ci.status;
    e->claim_first = e->claim_last = -1;
    e->claimant = NULL; e->claim_entry = NULL;
    if (ci.status == AN_ST_CLAIMED || ci.status == AN_ST_DENIED) {
      e->claimant = ci.code; e->claim_entry = ci.entry;
      if (ci.claimant >= 0) {
        int32_t u = s.w[ci.claimant].unit;
        if (u >= 0 && s.u[u].comp >= 0) { e->claim_first = s.c[s.u[u].comp].first; e->claim_last = s.c[s.u[u].comp].last; }
        else if (u >= 0) { e->claim_first = s.u[u].first; e->claim_last = s.u[u].last; }
        else e->claim_first = e->claim_last = ci.claimant;
      }
      /* a claimant inside the event's target (or around its source) is a misparse, not a
      ** speaker; "Tehran denied supplying ..." is its own source */
      if (e->claim_first >= 0 &&
          ((e->tgt_first >= 0 && e->claim_first <= e->tgt_last && e->tgt_first <= e->claim_last) ||
           (e->src_first >= 0 && e->claim_first <= e->src_last && e->src_first <= e->claim_last &&
            (e->claim_first != e->src_first || e->claim_last != e->src_last)))) {
        e->claimant = NULL; e->claim_entry = NULL; e->claim_first = e->claim_last = -1;
        ci.code = NULL; ci.claimant = -1;
      }
    }
    e->date = an_event_date(&s, e->verb, date, &e->date_first, &e->date_last);
    if (d->own && (rc = speaker_side(a, e, 0)) != ANNALS_OK) return rc;
    /* a report of force is also the speaker's act (CAMEO, PETRARCH-2): "X said Y attacked
    ** Z" is X accusing Y (112); "X said it attacked Z" is X claiming responsibility (015) */
    if (d->own && ci.code && ci.verb >= 0 && !strncmp(e->code, "19", 2) &&
        (ci.status == AN_ST_CLAIMED || ci.self) && strcmp(e->source, "---") &&
        /* the victim accuses ("Israel said a mortar was fired at it"); a side's own report is no accusation */
        (ci.self || (!strncmp(ci.code, e->target, 3) && strncmp(ci.code, e->source, 3)))) {
      const char *src = ci.code, *tgt = ci.self ? e->target : e->source, *code = ci.self ? "015" : "112";
      if (strcmp(src, tgt) && strcmp(tgt, "---")) {
        size_t before = nev;
        int32_t sf = e->claim_first, sl = e->claim_last;
        int32_t tf = ci.self ? e->tgt_first : e->src_first, tl = ci.self ? e->tgt_last : e->src_last;
        const char *te = ci.self ? e->tgt_entry : e->src_entry, *pat = e->pattern, *df = e->dict_file;
        long dt = e->date;
        int32_t df0 = e->date_first, dl0 = e->date_last;
        if ((rc = an_code_emit(&s, &ev, &nev, &cap, src, tgt, code, ci.verb, e->dict_line, 0)) != ANNALS_OK) return rc;
        if (nev > before) {
          an_event *x = &ev[nev - 1];
          x->src_first = sf; x->src_last = sl; x->tgt_first = tf; x->tgt_last = tl;
          x->src_entry = ci.entry; x->tgt_entry = te;
          x->pattern = pat; x->dict_file = df;
          x->status = AN_ST_ASSERTED; x->claim_first = x->claim_last = -1;
          x->date = dt; x->date_first = df0; x->date_last = dl0;
          x->flags = AN_EV_DERIVED;
        }
      }
    }
  }
  /* require_dyad drops events whose source or target is exactly "---" */
  for (i = k = 0; i < nev; i++) {
    if (o->require_dyad && (!strcmp(ev[i].source, "---") || !strcmp(ev[i].target, "---"))) continue;
    ev[k++] = ev[i];
  }
  *out = k ? ev : NULL;
  *n_out = k;
  return ANNALS_OK;
}
