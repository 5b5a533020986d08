/* coder_units.c: from annals' dependency parse to PETRARCH-1's flat view of a
** sentence: noun-phrase units (with their actor/agent codes), compounds (coordinated
** nominals) and the element sequence (words and unit/compound markers) the patterns
** are matched on. Invariant: a word belongs to at most one unit; markers nest
** (compound > unit). The mapping from a Penn tree to a dependency tree is in docs/coder.md. */
#include "coder.h"

#include <stdio.h>
#include <string.h>

static int nominal(const annals_token *t)
{
  const char *u = t->upos ? t->upos : "", *x = t->xpos ? t->xpos : "";
  if (!strcmp(u, "NOUN") || !strcmp(u, "PROPN") || !strcmp(u, "PRON")) return 1;
  if (!strcmp(u, "NUM") && strcmp(x, "CD") == 0) return 1;
  return x[0] == 'N' && x[1] == 'N';
}


/* ---- tree helpers ---- */

static int has_desc_rel(const an_sent *s, int32_t h, const char *rel, int depth)
{
  int32_t i;
  if (depth > 64) return 0;
  for (i = 0; i < s->n_kids[h]; i++) {
    int32_t c = s->kids[h][i];
    if (an_rel_is(&s->t[c], rel)) return 1;
    if (has_desc_rel(s, c, rel, depth + 1)) return 1;
  }
  return 0;
}

static int has_pos(const an_sent *s, int32_t h, int depth)
{
  int32_t i;
  if (s->t[h].xpos && !strcmp(s->t[h].xpos, "POS")) return 1;
  if (depth > 64) return 0;
  for (i = 0; i < s->n_kids[h]; i++) {
    int32_t c = s->kids[h][i];
    if (an_rel_is(&s->t[c], "conj") || an_rel_is(&s->t[c], "acl")) continue;
    if (has_pos(s, c, depth + 1)) return 1;
  }
  return 0;
}

/* Mark the whole subtree of h as words of unit u (explicit stack, no recursion). */
static void take_subtree(an_sent *s, int32_t h, int32_t u, int32_t *stack)
{
  int32_t sp = 0, i;
  stack[sp++] = h;
  while (sp) {
    int32_t x = stack[--sp];
    if (s->w[x].unit < 0) s->w[x].unit = u;
    for (i = 0; i < s->n_kids[x]; i++) stack[sp++] = s->kids[x][i];
  }
}

static void move_subtree(an_sent *s, int32_t h, int32_t from, int32_t to, int32_t *stack)
{
  int32_t sp = 0, i;
  stack[sp++] = h;
  while (sp) {
    int32_t x = stack[--sp];
    if (s->w[x].unit == from) s->w[x].unit = to;
    for (i = 0; i < s->n_kids[x]; i++) stack[sp++] = s->kids[x][i];
  }
}

static int is_desc(const an_sent *s, int32_t x, int32_t anc)
{
  int hops = 0;
  while (x >= 0 && hops++ < 256) { if (x == anc) return 1; x = s->w[x].head; }
  return 0;
}

static void mark_flat(an_sent *s, int32_t h, int32_t *stack)
{
  int32_t sp = 0, i;
  stack[sp++] = h;
  while (sp) {
    int32_t x = stack[--sp];
    s->w[x].flat = 1;
    for (i = 0; i < s->n_kids[x]; i++) stack[sp++] = s->kids[x][i];
  }
}

static int32_t new_unit(an_sent *s)
{
  an_cunit *u;
  if (s->n_u == s->cap_u) {
    int32_t nc = s->cap_u ? s->cap_u * 2 : 16;
    an_cunit *nu = an_arena_alloc(s->a, (size_t)nc * sizeof *nu);
    if (!nu) return -1;
    if (s->n_u) memcpy(nu, s->u, (size_t)s->n_u * sizeof *nu);
    s->u = nu; s->cap_u = nc;
  }
  u = &s->u[s->n_u];
  memset(u, 0, sizeof *u);
  u->first = u->last = -1; u->comp = -1; u->code = "---"; u->share = -1; u->share_sub = -1; u->adj_from = -1;
  return s->n_u++;
}

static int32_t new_comp(an_sent *s)
{
  an_ccomp *c;
  if (s->n_c == s->cap_c) {
    int32_t nc = s->cap_c ? s->cap_c * 2 : 8;
    an_ccomp *n = an_arena_alloc(s->a, (size_t)nc * sizeof *n);
    if (!n) return -1;
    if (s->n_c) memcpy(n, s->c, (size_t)s->n_c * sizeof *n);
    s->c = n; s->cap_c = nc;
  }
  c = &s->c[s->n_c];
  memset(c, 0, sizeof *c);
  c->first = c->last = -1;
  return s->n_c++;
}

/* Which dependents of a nominal head h join its unit. Returns 1 take, 0 leave
** (visited on their own), 2 flatten (relative clause: plain words). */
static int joins_unit(const an_sent *s, int32_t h, int32_t c, int poss)
{
  const annals_token *t = &s->t[c];
  AN_UNUSED(h);
  if (an_rel_is(t, "conj") || an_rel_is(t, "cc")) return 0;
  if (an_rel_is(t, "acl")) {
    /* a relative clause (SBAR) is flattened into plain words; one without a relative
    ** word is more often a misparsed main clause ("..., the agency WFNA said") */
    int32_t i;
    if (!t->deprel || !strstr(t->deprel, "relcl")) return 0;
    for (i = 0; i < s->n_kids[c]; i++) {
      const char *x = s->t[s->kids[c][i]].xpos ? s->t[s->kids[c][i]].xpos : "";
      if (x[0] == 'W' || !strcmp(s->w[s->kids[c][i]].up, "THAT")) return 2;
    }
    return 0;
  }
  if (poss) {
    if (an_rel_is(t, "punct") || an_rel_is(t, "parataxis") || s->w[c].verbal) return 0;
    return 1;
  }
  if (an_rel_is(t, "det") || an_rel_is(t, "amod") || an_rel_is(t, "compound") || an_rel_is(t, "flat") ||
      an_rel_is(t, "nummod") || an_rel_is(t, "fixed") || an_rel_is(t, "goeswith") ||
      (an_rel_is(t, "case") && t->xpos && !strcmp(t->xpos, "POS")) || (an_rel_is(t, "advmod") && c < h))
    return 1;
  if (an_rel_is(t, "nmod")) {
    if (t->deprel && strstr(t->deprel, "poss")) return 1;
    if (t->deprel && strstr(t->deprel, "tmod")) return 0;
    /* "(NP (NP X) (PP of (NP Y)))" with no deeper PP: one unit */
    if (c < h) return 1;
    if (has_desc_rel(s, c, "nmod", 0)) return 0;
    /* only one PP joins: "(NP (NP Eid) (PP at X) (PP with Y))" keeps X and Y apart */
    {
      int32_t i;
      for (i = 0; i < s->n_kids[h]; i++) {
        int32_t o = s->kids[h][i];
        if (o == c) break;
        if (o > h && an_rel_is(&s->t[o], "nmod") && !(s->t[o].deprel && strstr(s->t[o].deprel, "poss"))) return 0;
      }
    }
    return 1;
  }
  return 0;
}

static void visit(an_sent *s, int32_t x, int32_t *stack, int32_t *queue, int32_t *nq);

/* One nominal head: its unit, or a compound of units, and the rest queued. */
static int make_np(an_sent *s, int32_t h, int32_t *stack, int32_t *queue, int32_t *nq)
{
  int32_t members[64], nm = 0, i, k, comp = -1;
  int poss = has_pos(s, h, 0);
  members[nm++] = h;
  for (i = 0; i < s->n_kids[h] && nm < 64; i++) {
    int32_t c = s->kids[h][i];
    if (an_rel_is(&s->t[c], "conj") && s->w[c].nom && s->w[c].unit < 0) members[nm++] = c;
  }
  if (nm > 1) {
    if ((comp = new_comp(s)) < 0) return -1;
  }
  for (k = 0; k < nm; k++) {
    int32_t m = members[k], u = new_unit(s);
    if (u < 0) return -1;
    s->w[m].unit = u;
    s->u[u].comp = comp;
    for (i = 0; i < s->n_kids[m]; i++) {
      int32_t c = s->kids[m][i];
      int j;
      if (k == 0 && nm > 1 && an_rel_is(&s->t[c], "conj") && s->w[c].nom) continue;
      if (k > 0 && an_rel_is(&s->t[c], "cc")) { continue; }
      j = joins_unit(s, m, c, poss || has_pos(s, m, 0));
      if (j == 1) take_subtree(s, c, u, stack);
      else if (j == 2) mark_flat(s, c, stack);
      else queue[(*nq)++] = c;
    }
  }
  /* adjectives before the first member are copied into every single-word member
  ** ("Danish media and government" -> DANISH MEDIA, DANISH GOVERNMENT) */
  if (nm > 1)
    for (k = 1; k < nm; k++) {
      int32_t m = members[k], q, own = 0;
      for (q = 0; q < s->n_kids[m]; q++) {
        const annals_token *t = &s->t[s->kids[m][q]];
        if (!an_rel_is(t, "cc") && !an_rel_is(t, "punct") && !an_rel_is(t, "conj")) own++;
      }
      if (!own) s->u[s->w[m].unit].adj_from = h;
    }
  /* "Eriadori and Calenardhon leaders" (Penn: three noun children): a compound
  ** modifier with conjuncts makes the phrase a compound of single words */
  if (nm == 1) {
    int32_t u = s->w[h].unit;
    for (i = 0; i < s->n_kids[h]; i++) {
      int32_t c = s->kids[h][i], j, nconj = 0;
      const char *x = s->t[c].xpos ? s->t[c].xpos : "";
      if (c > h || s->w[c].unit != u || strncmp(x, "NN", 2) ||
          !(an_rel_is(&s->t[c], "compound") || an_rel_is(&s->t[c], "amod"))) continue;
      for (j = 0; j < s->n_kids[c]; j++) {
        const char *xj = s->t[s->kids[c][j]].xpos ? s->t[s->kids[c][j]].xpos : "";
        if (an_rel_is(&s->t[s->kids[c][j]], "conj") && !strncmp(xj, "NN", 2)) nconj++;
      }
      if (!nconj) continue;
      if ((comp = new_comp(s)) < 0) return -1;
      {
        int32_t uc = new_unit(s), uh;
        if (uc < 0) return -1;
        s->u[uc].comp = comp;
        move_subtree(s, c, u, uc, stack);
        for (j = 0; j < s->n_kids[c]; j++) {
          int32_t cj = s->kids[c][j], nu;
          if (an_rel_is(&s->t[cj], "cc") || an_rel_is(&s->t[cj], "punct")) { s->w[cj].unit = -1; continue; }
          if (!an_rel_is(&s->t[cj], "conj")) continue;
          if ((nu = new_unit(s)) < 0) return -1;
          move_subtree(s, cj, uc, nu, stack);
          s->u[nu].comp = comp;
        }
        uh = u;                                   /* the head word stays a member */
        s->u[uh].comp = comp;
      }
      break;
    }
  }
  /* "the troops of Gondor and Osgiliath": a unit whose PP object is a compound
  ** becomes a compound of units sharing the other words */
  if (nm == 1) {
    int32_t u = s->w[h].unit;
    for (i = 0; i < s->n_kids[h]; i++) {
      int32_t c = s->kids[h][i], j, nconj = 0;
      if (!an_rel_is(&s->t[c], "nmod") || c < h || s->w[c].unit != u) continue;
      for (j = 0; j < s->n_kids[c]; j++)
        if (an_rel_is(&s->t[s->kids[c][j]], "conj") && s->w[s->kids[c][j]].nom) nconj++;
      if (!nconj) continue;
      if ((comp = new_comp(s)) < 0) return -1;
      s->u[u].comp = comp;
      for (j = 0; j < s->n_kids[c]; j++) {
        int32_t cj = s->kids[c][j], nu;
        if (an_rel_is(&s->t[cj], "cc") || an_rel_is(&s->t[cj], "punct")) { s->w[cj].unit = -1; continue; }
        if (!(an_rel_is(&s->t[cj], "conj") && s->w[cj].nom)) continue;
        if ((nu = new_unit(s)) < 0) return -1;
        move_subtree(s, cj, u, nu, stack);
        {
          int32_t q;
          for (q = 0; q < s->n_kids[cj]; q++)
            if (an_rel_is(&s->t[s->kids[cj][q]], "cc") || an_rel_is(&s->t[s->kids[cj][q]], "punct")) s->w[s->kids[cj][q]].unit = -1;
        }
        s->u[nu].comp = comp; s->u[nu].share = u; s->u[nu].share_sub = c;
      }
      break;
    }
  }
  return 0;
}

static int temporal(const an_sent *s, int32_t x)
{
  const char *d = s->t[x].deprel ? s->t[x].deprel : "";
  if (strstr(d, "tmod")) return 1;
  return (strstr(d, "unmarked") || strstr(d, "npmod")) && s->n_kids[x] == 0 &&
         !(s->t[x].upos && !strcmp(s->t[x].upos, "PROPN"));
}

static void visit(an_sent *s, int32_t x, int32_t *stack, int32_t *queue, int32_t *nq)
{
  int32_t i;
  if (s->w[x].unit >= 0 || s->w[x].flat) {
    for (i = 0; i < s->n_kids[x]; i++) if (s->w[s->kids[x][i]].unit < 0) queue[(*nq)++] = s->kids[x][i];
    return;
  }
  /* a temporal NP (Penn NP-TMP: "said today") is not a unit */
  if (s->w[x].nom && !temporal(s, x)) { make_np(s, x, stack, queue, nq); return; }
  for (i = 0; i < s->n_kids[x]; i++) queue[(*nq)++] = s->kids[x][i];
}

static int32_t leftmost(const an_sent *s, int32_t x)
{
  int hops = 0;
  while (s->n_kids[x] && s->kids[x][0] < x && hops++ < 256) x = s->kids[x][0];
  return x;
}

int32_t an_sent_vp_end(const an_sent *s, int32_t v)
{
  int32_t h = v, end = v, i;
  const annals_token *t = &s->t[v];
  if ((an_rel_is(t, "aux") || an_rel_is(t, "cop")) && t->head > 0) h = t->head - 1;
  if (h > end) end = h;
  for (i = 0; i < s->n_kids[h]; i++) {
    int32_t c = s->kids[h][i];
    const annals_token *ct = &s->t[c];
    if (c < h) continue;
    if (an_rel_is(ct, "cc") || an_rel_is(ct, "parataxis")) continue;
    if (an_rel_is(ct, "conj")) {
      /* a coordinated VP ends the phrase; a "conjunct" without a conjunction or
      ** comma is a misattached clause ("after a hafling was reported") inside it */
      int32_t q, coord = 0;
      for (q = 0; q < s->n_kids[c]; q++)
        if (an_rel_is(&s->t[s->kids[c][q]], "cc") || s->w[s->kids[c][q]].comma) coord = 1;
      if (coord || !s->w[c].verbal) continue;
    }
    if (an_rel_is(ct, "punct") && (c == (int32_t)s->n - 1 || !strcmp(s->w[c].up, ","))) continue;
    /* the rightmost word of c's subtree */
    {
      int32_t x = c;
      for (;;) {
        int32_t j, best = -1;
        if (x > end) end = x;
        for (j = 0; j < s->n_kids[x]; j++) {
          int32_t y = s->kids[x][j];
          /* ", the agency said": an apposition or aside after a comma is outside the VP */
          if ((an_rel_is(&s->t[y], "appos") || an_rel_is(&s->t[y], "parataxis") || an_rel_is(&s->t[y], "conj")) &&
              leftmost(s, y) > 0 && s->w[leftmost(s, y) - 1].comma)
            continue;
          if (an_rel_is(&s->t[y], "punct") && s->w[y].comma) continue;
          if (y > x && y > best) best = y;
        }
        if (best < 0) break;
        x = best;
      }
    }
  }
  /* a trailing comma of the VP is outside it */
  while (end > v && s->w[end].comma) end--;
  return end;
}

/* ---- unit codes: actors and agents, PETRARCH-1 rules with non-overlapping agents ---- */

/* Does phrase ph match the unit words ws[at..n)? Returns the number of words covered
** (gaps included), 0 when not. */
static int32_t phrase_at(const an_sent *s, const an_phrase *ph, const int32_t *ws, int32_t n, int32_t at)
{
  int32_t pos = at, k;
  if (s->w[ws[at]].id != ph->w[0]) return 0;
  for (k = 1; k < ph->n; k++) {
    pos++;
    if (ph->adj[k]) {
      if (pos >= n || s->w[ws[pos]].id != ph->w[k]) return 0;
    } else {
      while (pos < n && s->w[ws[pos]].id != ph->w[k]) pos++;
      if (pos >= n) return 0;
    }
  }
  return pos - at + 1;
}

/* ---- unit codes with annals dictionaries: words match by form or lemma, capitals
** where the name is written in capitals; the longest actor name wins, then the
** leftmost, and among entries with that name one whose dated line covers the date;
** agents from the other words, longest first, never overlapping the actor. */

static int own_word(const an_sent *s, int32_t k, const an_phrase *ph, uint16_t i)
{
  const an_cword *w = &s->w[k];
  if (w->id != ph->w[i] && w->lemma != ph->w[i]) return 0;
  if (ph->caps && ph->caps[i]) {
    const char *t = s->t[k].text ? s->t[k].text : "";
    for (; *t; t++) if (*t >= 'a' && *t <= 'z') return 0;
  }
  return 1;
}

static int32_t own_phrase_at(const an_sent *s, const an_phrase *ph, const int32_t *ws, int32_t n, int32_t at)
{
  uint16_t k;
  if (at + ph->n > n) return 0;
  for (k = 0; k < ph->n; k++) if (!own_word(s, ws[at + k], ph, k)) return 0;
  return ph->n;
}

static annals_status code_unit_own(an_sent *s, an_cunit *u)
{
  const an_dict *d = s->d;
  const int32_t *ws = u->words;
  int32_t n = u->n_words, i, act_from = -1, act_to = -1, best_len = 0;
  const char *actor = NULL, *actor_id = NULL;
  int best_dated = -1;
  char code[256], entry[512];
  size_t cl, el;
  int best_rank = -1;
  int32_t head = -1;
  /* the phrase's head word: the one whose head lies outside the phrase */
  for (i = 0; i < n && head < 0; i++) {
    int32_t h = s->w[ws[i]].head, k2, in = 0;
    for (k2 = 0; k2 < n; k2++) if (ws[k2] == h) in = 1;
    if (!in) head = i;
  }
  for (i = 0; i < n; i++) {
    int q;
    for (q = 0; q < 2; q++) {
      uint32_t key = q ? s->w[ws[i]].lemma : s->w[ws[i]].id;
      size_t cnt, j;
      const uint32_t *v;
      if (!key || (q && key == s->w[ws[i]].id)) continue;
      v = an_index_get(&d->actor_ix, key, &cnt);
      for (j = 0; j < cnt; j++) {
        const an_actor *a = &d->actors[v[j]];
        int32_t len;
        int dated, rank;
        const char *c;
        if (!(len = own_phrase_at(s, &a->ph, ws, n, i))) continue;
        c = an_actor_code_own(d, a, s->date, &dated);
        /* which name codes the phrase: one that holds its head ("Zelensky in the Oval
        ** Office"), else a possessor ("Russia's UN ambassador"), else the longest, the
        ** leftmost; among entries with the same name, a dated one */
        rank = (head >= i && head < i + len) ? 2 :
               (i + len < n && s->t[ws[i + len]].xpos && !strcmp(s->t[ws[i + len]].xpos, "POS")) ? 1 : 0;
        if (rank > best_rank || (rank == best_rank && len > best_len) ||
            (rank == best_rank && len == best_len && i == act_from && c && dated > best_dated)) {
          best_rank = rank; best_len = len; best_dated = c ? dated : -1;
          actor = c ? c : "---"; actor_id = a->id;
          act_from = i; act_to = i + len;
        }
      }
    }
  }
  snprintf(code, sizeof code, "%s", actor ? actor : "---");
  snprintf(entry, sizeof entry, "%s", actor_id ? actor_id : "");
  cl = strlen(code); el = strlen(entry);
  /* roles go onto a country or organisation, not onto a code that has one already
  ** ("Hamas leader" stays PSEREBHMS, "White House officials" USAGOV) */
  for (i = 3; i + 3 <= (int32_t)cl; i += 3)
    if (strstr(" GOV MIL REB OPP SPY LEG JUD COP MED CVL LAB AGR BUS EDU ELI HLH HRI REF PTY INS SEP UAF CRM DEV"
               " ENV MOD RAD ", (char[6]){ ' ', code[i], code[i + 1], code[i + 2], ' ', '\0' })) { n = 0; break; }
  for (i = 0; i < n; ) {
    int32_t best = 0, q;
    const an_agent *ba = NULL;
    if (i >= act_from && i < act_to) { i = act_to; continue; }
    for (q = 0; q < 2; q++) {
      uint32_t key = q ? s->w[ws[i]].lemma : s->w[ws[i]].id;
      size_t cnt, j;
      const uint32_t *v;
      if (!key || (q && key == s->w[ws[i]].id)) continue;
      v = an_index_get(&d->agent_ix, key, &cnt);
      for (j = 0; j < cnt; j++) {
        const an_agent *ag = &d->agents[v[j]];
        int32_t len = own_phrase_at(s, &ag->ph, ws, n, i);
        const char *up = len ? s->t[ws[i + len - 1]].upos : NULL;
        /* a role is a noun: "military support", "military-ruled Myanmar" are not the military */
        if (len && up && strcmp(up, "NOUN") && strcmp(up, "PROPN") && strcmp(up, "PRON")) continue;
        if (len > best && !(act_from > i && i + len > act_from)) { best = len; ba = ag; }
      }
    }
    if (!ba) { i++; continue; }
    {
      size_t al = strlen(ba->code), off;
      int dup = 0;
      for (off = 3; off + al <= cl; off += 3) if (!memcmp(code + off, ba->code, al)) { dup = 1; break; }
      if (!dup && cl + al + 1 < sizeof code) { memcpy(code + cl, ba->code, al + 1); cl += al; }
      if (!dup && ba->id) {
        int w = snprintf(entry + el, sizeof entry - el, "%s%s", el ? "+" : "", ba->id);
        if (w > 0 && (size_t)w < sizeof entry - el) el += (size_t)w;
      }
    }
    i += best;
  }
  if (!(u->code = an_arena_strndup(s->a, code, cl))) return ANNALS_ENOMEM;
  if (el && !(u->entry = an_arena_strndup(s->a, entry, el))) return ANNALS_ENOMEM;
  u->coded = strcmp(u->code, "---") != 0;
  return ANNALS_OK;
}

static annals_status code_unit(an_sent *s, an_cunit *u)
{
  const an_dict *d = s->d;
  const int32_t *ws = u->words;
  int32_t n = u->n_words, i, act_from = -1, act_to = -1;
  const char *actor = NULL;
  char code[256];
  size_t cl;
  int have_agent = 0;
  if (d->own) return code_unit_own(s, u);
  for (i = 0; i < n && !actor; i++) {
    size_t cnt, j;
    const uint32_t *v = an_index_get(&d->actor_ix, s->w[ws[i]].id, &cnt);
    for (j = 0; j < cnt; j++) {
      const an_actor *a = &d->actors[v[j]];
      int32_t len = phrase_at(s, &a->ph, ws, n, i);
      if (!len) continue;
      actor = an_actor_code(d, a, s->date);
      if (!actor) actor = "---";
      act_from = i; act_to = i + len;
      break;
    }
    if (actor) break;
  }
  snprintf(code, sizeof code, "%s", actor ? actor : "---");
  cl = strlen(code);
  for (i = 0; i < n; ) {
    size_t cnt, j;
    const uint32_t *v;
    int32_t best = 0;
    const an_agent *ba = NULL;
    if (i >= act_from && i < act_to) { i = act_to; continue; }
    v = an_index_get(&d->agent_ix, s->w[ws[i]].id, &cnt);
    for (j = 0; j < cnt; j++) {
      const an_agent *ag = &d->agents[v[j]];
      int32_t len = phrase_at(s, &ag->ph, ws, n, i);
      if (len > 0) { best = len; ba = ag; break; }
    }
    if (!ba) { i++; continue; }
    {
      size_t al = strlen(ba->code), off;
      int dup = 0;
      for (off = 0; off + al <= cl; off += 3) if (!memcmp(code + off, ba->code, al)) { dup = 1; break; }
      if (dup) break;                               /* stops further agents (PETRARCH-1) */
      if (cl + al + 1 < sizeof code) {
        if (ba->prefix) {
          if (!have_agent && !actor) { memcpy(code, ba->code, al); memcpy(code + al, "---", 4); cl = al + 3; }
          else { memmove(code + al, code, cl + 1); memcpy(code, ba->code, al); cl += al; }
        } else {
          memcpy(code + cl, ba->code, al + 1); cl += al;
        }
      }
      have_agent = 1;
    }
    i += best;
  }
  if (!(u->code = an_arena_strndup(s->a, code, cl))) return ANNALS_ENOMEM;
  u->coded = strcmp(u->code, "---") != 0;
  return ANNALS_OK;
}

/* ---- comma-clause deletion (petrarch1-verbs.md 3.5; PETRARCH-1 files only) ---- */

static int alpha_word(const an_sent *s, int32_t k)
{
  char c = s->w[k].up[0];
  return !s->w[k].del && ((c >= 'A' && c <= 'Z') || (unsigned char)c >= 0x80);
}

static int32_t count_words(const an_sent *s, int32_t a, int32_t b)
{
  int32_t k, n = 0;
  for (k = a; k < b; k++) n += alpha_word(s, k);
  return n;
}

/* Remove every complete constituent inside [a, b): a word whose subtree lies inside,
** or a verb whose verb phrase does. */
static void delete_span(an_sent *s, const int32_t *lo, const int32_t *hi, int32_t a, int32_t b)
{
  int32_t k;
  for (k = a; k < b; k++) {
    if (lo[k] >= a && hi[k] < b) s->w[k].del = 1;
    else if (s->w[k].verbal && an_sent_vp_end(s, k) < b) s->w[k].del = 1;
  }
}

/* Only commas between phrases count: one inside a unit is a plain word there, and
** the commas of a compound were dropped with it (PETRARCH-1 converts NPs first). */
static int clause_comma(const an_sent *s, int32_t k)
{
  int32_t l = k - 1, r = k + 1, n = (int32_t)s->n;
  if (strcmp(s->w[k].up, ",") || s->w[k].unit >= 0) return 0;
  while (l >= 0 && s->w[l].unit < 0 && (s->w[l].comma || an_rel_is(&s->t[l], "cc"))) l--;
  while (r < n && s->w[r].unit < 0 && (s->w[r].comma || an_rel_is(&s->t[r], "cc"))) r++;
  if (l >= 0 && r < n && s->w[l].unit >= 0 && s->w[r].unit >= 0) {
    int32_t cl = s->u[s->w[l].unit].comp, cr = s->u[s->w[r].unit].comp;
    if (cl >= 0 && cl == cr) return 0;
  }
  return 1;
}

static annals_status comma_delete(an_sent *s)
{
  const an_code_opts *o = s->o;
  int32_t n = (int32_t)s->n, k, *lo, *hi, *cm, nc = 0, fin = n;
  for (k = 0; k < n; k++) if (clause_comma(s, k)) nc++;
  if (!nc) return ANNALS_OK;
  lo = an_arena_alloc(s->a, (size_t)n * sizeof *lo);
  hi = an_arena_alloc(s->a, (size_t)n * sizeof *hi);
  cm = an_arena_alloc(s->a, (size_t)nc * sizeof *cm);
  if (!lo || !hi || !cm) return ANNALS_ENOMEM;
  for (k = 0; k < n; k++) lo[k] = hi[k] = k;
  for (k = 0; k < n; k++) {                      /* spread each word's position to its ancestors */
    int32_t x = s->w[k].head, hops = 0;
    while (x >= 0 && hops++ < 256) { if (k < lo[x]) lo[x] = k; if (k > hi[x]) hi[x] = k; x = s->w[x].head; }
  }
  nc = 0;
  for (k = 0; k < n; k++) if (clause_comma(s, k)) cm[nc++] = k;
  if (n && (!strcmp(s->w[n - 1].up, ".") || !strcmp(s->w[n - 1].up, "!") || !strcmp(s->w[n - 1].up, "?"))) fin = n - 1;
  if (o->comma_bmax) {
    int32_t w = count_words(s, 0, cm[0]);
    if (w >= o->comma_bmin && w <= o->comma_bmax) delete_span(s, lo, hi, 0, cm[0]);
  }
  if (o->comma_emax) {
    int32_t last = -1, w;
    for (k = nc - 1; k >= 0 && last < 0; k--) if (cm[k] < fin) last = cm[k];
    if (last >= 0) {
      w = count_words(s, last + 1, fin);
      if (w >= o->comma_emin && w <= o->comma_emax) delete_span(s, lo, hi, last + 1, fin);
    }
  }
  if (o->comma_max)
    for (k = 0; k + 1 < nc; k++) {
      int32_t w;
      if (s->w[cm[k]].del) continue;
      w = count_words(s, cm[k] + 1, cm[k + 1]);
      if (w >= o->comma_min && w <= o->comma_max) delete_span(s, lo, hi, cm[k], cm[k + 1]);
    }
  /* a comma left with no words before it (first) or after it (last) goes too */
  for (k = 0; k < nc; k++) if (!s->w[cm[k]].del) {
    if (!count_words(s, 0, cm[k])) s->w[cm[k]].del = 1;
    break;
  }
  for (k = nc - 1; k >= 0; k--) if (!s->w[cm[k]].del) {
    if (!count_words(s, cm[k] + 1, fin)) s->w[cm[k]].del = 1;
    break;
  }
  return ANNALS_OK;
}

/* ---- building ---- */

static int in_comp(const an_sent *s, int32_t k)
{
  int32_t j;
  for (j = 0; j < s->n_c; j++) if (s->c[j].first < k && k < s->c[j].last) return 1;
  return 0;
}

static void upcase(char *p)
{
  for (; *p; p++) if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 32);
}

annals_status an_sent_build(an_sent *s)
{
  size_t i;
  int32_t n = (int32_t)s->n, *stack, *queue, nq = 0, qh = 0, *cnt;
  an_arena *a = s->a;
  s->w = an_arena_alloc(a, (size_t)(n + 1) * sizeof *s->w);
  s->kids = an_arena_alloc(a, (size_t)(n + 1) * sizeof *s->kids);
  s->n_kids = an_arena_alloc(a, (size_t)(n + 1) * sizeof *s->n_kids);
  stack = an_arena_alloc(a, (size_t)(n + 1) * sizeof *stack);
  queue = an_arena_alloc(a, (size_t)(4 * n + 4) * sizeof *queue);
  cnt = an_arena_alloc(a, (size_t)(n + 1) * sizeof *cnt);
  s->el = an_arena_alloc(a, (size_t)(6 * n + 8) * sizeof *s->el);   /* <= 5 elements per word */
  if (!s->w || !s->kids || !s->n_kids || !stack || !queue || !cnt || !s->el) return ANNALS_ENOMEM;
  memset(cnt, 0, (size_t)(n + 1) * sizeof *cnt);
  for (i = 0; i < s->n; i++) {
    const annals_token *t = &s->t[i];
    an_cword *w = &s->w[i];
    char *up = an_arena_strndup(a, t->text ? t->text : "", t->text ? strlen(t->text) : 0);
    if (!up) return ANNALS_ENOMEM;
    upcase(up);
    memset(w, 0, sizeof *w);
    w->up = up;
    w->id = an_strtab_find(&s->d->words, up, strlen(up));
    if (t->lemma) {
      char lb[256];
      size_t ln = strlen(t->lemma);
      if (ln < sizeof lb) { memcpy(lb, t->lemma, ln + 1); upcase(lb); w->lemma = an_strtab_find(&s->d->words, lb, ln); }
    }
    w->head = t->head > 0 && t->head <= n ? t->head - 1 : -1;
    w->unit = -1; w->el = -1;
    w->verbal = t->xpos && t->xpos[0] == 'V' && t->xpos[1] == 'B';
    w->comma = !strcmp(up, ",") || !strcmp(up, ";");
    w->nom = (uint8_t)nominal(t);
    if (w->nom && s->d->dialect == AN_DIALECT_P1 && i > 0 && !strcmp(s->w[i - 1].up, "TO") && w->id &&
        t->xpos && (!strcmp(t->xpos, "NN") || !strcmp(t->xpos, "NNS"))) {
      /* "to question": a common noun right after "to" that is a verb form of the
      ** dictionary is taken as the verb the tagger missed */
      size_t vc, q;
      const uint32_t *vv = an_index_get(&s->d->verb_ix, w->id, &vc);
      for (q = 0; q < vc; q++)
        if (!s->d->verbs[vv[q]].n_pre && !s->d->verbs[vv[q]].n_post) { w->nom = 0; w->verbal = 1; break; }
    }
    if (!w->nom && w->id && t->text && t->text[0] >= 'A' && t->text[0] <= 'Z' && !w->verbal &&
        t->upos && strcmp(t->upos, "ADP") && strcmp(t->upos, "DET") && strcmp(t->upos, "CCONJ") && strcmp(t->upos, "AUX")) {
      /* a capitalised word that starts an actor phrase is a name the tagger missed */
      size_t acnt;
      if (an_index_get(&s->d->actor_ix, w->id, &acnt) && acnt) w->nom = 1;
    }
    if (w->head >= 0) cnt[w->head]++;
  }
  for (i = 0; i < s->n; i++) {
    s->kids[i] = cnt[i] ? an_arena_alloc(a, (size_t)cnt[i] * sizeof **s->kids) : NULL;
    if (cnt[i] && !s->kids[i]) return ANNALS_ENOMEM;
    s->n_kids[i] = 0;
  }
  for (i = 0; i < s->n; i++) if (s->w[i].head >= 0) {
    int32_t h = s->w[i].head;
    s->kids[h][s->n_kids[h]++] = (int32_t)i;
  }
  /* breadth-first from the roots: outer noun phrases claim their words first */
  for (i = 0; i < s->n; i++) if (s->w[i].head < 0) queue[nq++] = (int32_t)i;
  while (qh < nq) {
    int32_t x = queue[qh++];
    if (nq + n + 64 > 4 * n + 4) {               /* compact the queue */
      memmove(queue, queue + qh, (size_t)(nq - qh) * sizeof *queue);
      nq -= qh; qh = 0;
    }
    visit(s, x, stack, queue, &nq);
  }
  /* A parse that splits one noun phrase ("Deputy | Prime Minister Telemar") leaves two
  ** adjacent units; Penn base NPs never touch like that when the second starts with
  ** a proper noun, so they are joined. */
  for (i = 1; i < s->n; i++) {
    int32_t u0 = s->w[i - 1].unit, u1 = s->w[i].unit;
    const char *x0 = s->t[i - 1].xpos ? s->t[i - 1].xpos : "", *x1 = s->t[i].xpos ? s->t[i].xpos : "";
    size_t j;
    if (u0 < 0 || u1 < 0 || u0 == u1 || s->u[u0].comp >= 0 || s->u[u1].comp >= 0) continue;
    /* also "Dagolath 's | first Deputy": a possessive always precedes its possessum */
    if ((strncmp(x1, "NNP", 3) || (strncmp(x0, "NN", 2) && strncmp(x0, "JJ", 2))) && strcmp(x0, "POS")) continue;
    if (i + 1 < s->n && s->w[i + 1].unit == u0) continue;
    for (j = 0; j < s->n; j++) if (s->w[j].unit == u1) s->w[j].unit = u0;
  }
  /* punctuation inside a unit's span belongs to it ("complete, full diplomatic ties") */
  {
    for (i = 0; i < s->n; i++) {
      int32_t l = (int32_t)i - 1, r = (int32_t)i + 1;
      if (s->w[i].unit >= 0 || !s->t[i].upos || strcmp(s->t[i].upos, "PUNCT")) continue;
      while (l >= 0 && s->w[l].unit < 0 && s->t[l].upos && !strcmp(s->t[l].upos, "PUNCT")) l--;
      while (r < n && s->w[r].unit < 0 && s->t[r].upos && !strcmp(s->t[r].upos, "PUNCT")) r++;
      if (l >= 0 && r < n && s->w[l].unit >= 0 && s->w[l].unit == s->w[r].unit) s->w[i].unit = s->w[l].unit;
    }
  }
  if (s->d->dialect == AN_DIALECT_P1) {
    annals_status crc = comma_delete(s);
    if (crc) return crc;
    for (i = 0; i < s->n; i++) if (s->w[i].del) s->w[i].unit = -1;
  }
  /* unit spans and word lists; compounds */
  for (i = 0; i < s->n; i++) {
    int32_t u = s->w[i].unit;
    if (u < 0) continue;
    if (s->u[u].first < 0) s->u[u].first = (int32_t)i;
    s->u[u].last = (int32_t)i;
    s->u[u].n_words++;
  }
  {
    int32_t u, j;
    for (u = 0; u < s->n_u; u++) {
      an_cunit *cu = &s->u[u];
      int32_t k = 0;
      if (cu->first < 0) continue;
      cu->words = an_arena_alloc(a, (size_t)(cu->n_words + n) * sizeof *cu->words);
      if (!cu->words) return ANNALS_ENOMEM;
      if (cu->adj_from >= 0) {
        int32_t hu = s->w[cu->adj_from].unit;
        for (j = 0; j < cu->adj_from; j++)
          if (hu >= 0 && s->w[j].unit == hu && (an_rel_is(&s->t[j], "amod") || an_rel_is(&s->t[j], "compound")))
            cu->words[k++] = j;
      }
      if (cu->share >= 0) {                        /* the shared words of "the troops of" */
        const an_cunit *sh = &s->u[cu->share];
        for (j = sh->first; j <= sh->last && j >= 0; j++)
          if (s->w[j].unit == cu->share && !is_desc(s, j, cu->share_sub)) cu->words[k++] = j;
      }
      for (j = cu->first; j <= cu->last; j++)
        if (s->w[j].unit == u && !(s->t[j].xpos && !strcmp(s->t[j].xpos, "POS"))) cu->words[k++] = j;
      cu->n_words = k;
      if (cu->comp >= 0) {
        an_ccomp *c = &s->c[cu->comp];
        if (c->first < 0 || cu->first < c->first) c->first = cu->first;
        if (cu->last > c->last) c->last = cu->last;
        c->n_units++;
      }
    }
    for (j = 0; j < s->n_c; j++) {
      an_ccomp *c = &s->c[j];
      int32_t k = 0;
      if (!(c->units = an_arena_alloc(a, (size_t)(c->n_units + 1) * sizeof *c->units))) return ANNALS_ENOMEM;
      for (u = 0; u < s->n_u; u++) if (s->u[u].comp == j && s->u[u].first >= 0) c->units[k++] = u;
      /* members in sentence order */
      {
        int32_t x, y;
        for (x = 1; x < k; x++) for (y = x; y > 0 && s->u[c->units[y]].first < s->u[c->units[y - 1]].first; y--) {
          int32_t tmp = c->units[y]; c->units[y] = c->units[y - 1]; c->units[y - 1] = tmp;
        }
      }
      c->n_units = k;
    }
    for (u = 0; u < s->n_u; u++) if (s->u[u].first >= 0) {
      annals_status rc = code_unit(s, &s->u[u]);
      if (rc) return rc;
    }
  }
  /* the element sequence */
  {
    int32_t open = -1, k;
    s->n_el = 0;
    for (k = 0; k < n; k++) {
      int32_t u = s->w[k].unit, j;
      if (open >= 0 && u != open) {
        s->el[s->n_el].kind = EL_NE_E; s->el[s->n_el++].idx = open;
        if (s->u[open].comp >= 0 && s->c[s->u[open].comp].last < k) {
          s->el[s->n_el].kind = EL_NEC_E; s->el[s->n_el++].idx = s->u[open].comp;
        }
        open = -1;
      }
      for (j = 0; j < s->n_c; j++) if (s->c[j].first == k) { s->el[s->n_el].kind = EL_NEC_S; s->el[s->n_el++].idx = j; }
      if (u >= 0 && u != open) { s->el[s->n_el].kind = EL_NE_S; s->el[s->n_el++].idx = u; open = u; }
      if (s->w[k].del || (u < 0 && in_comp(s, k))) {
        /* determiners, commas and the conjunction of a compound are dropped */
        s->w[k].el = s->n_el;                     /* points at the next element */
        continue;
      }
      s->w[k].el = s->n_el;
      s->el[s->n_el].kind = EL_WORD; s->el[s->n_el++].idx = k;
      /* a compound may end on a word outside units (should not happen) */
      for (j = 0; j < s->n_c; j++) if (s->c[j].last == k && (u < 0 || s->u[u].comp != j)) {
        s->el[s->n_el].kind = EL_NEC_E; s->el[s->n_el++].idx = j;
      }
    }
    if (open >= 0) {
      s->el[s->n_el].kind = EL_NE_E; s->el[s->n_el++].idx = open;
      if (s->u[open].comp >= 0) { s->el[s->n_el].kind = EL_NEC_E; s->el[s->n_el++].idx = s->u[open].comp; }
    }
  }
  return ANNALS_OK;
}
