/* lemma.c: lemmatizer and morphological features, learned from the CoNLL-U columns.
** Design: an edit rule (as is / lowercased / capitalized, strip k bytes, append s) is chosen by the
** longest lowercased suffix (0..6 bytes) seen with the tag in training (majority rule
** over word types);
** an exception lexicon (form, tag) -> lemma keeps only the training words the rules get
** wrong (irregulars: went -> go). Feats: the tag's most frequent value, overridden by a
** (lowercased form, tag) lexicon where that differs (pronouns, modals).
** Invariant: suffix contexts equal to their parent's rule are pruned; lookups search
** from the longest suffix down, so pruning never changes a prediction. */
#include "nlp.h"

#include <stdlib.h>
#include <string.h>

#define MAX_SUF 6

static uint64_t lex_key(const char *form, size_t n, uint32_t tag) { return an_hc(an_hstr(form, n), tag + 7); }
static uint64_t suf_key(uint32_t tag, const char *suf, size_t k) { return an_hc(an_hc(an_hstr(suf, k), k + 11), tag); }

static int apply_rule(const an_lemmatizer *l, const an_pool *strs, an_arena *a, uint32_t r,
                      const char *form, const char *low, size_t n, const char **out)
{
  const char *base = l->rule_lower[r] ? low : form, *add = an_pool_str(strs, l->rule_add[r]);
  size_t strip = l->rule_strip[r], an = strlen(add);
  char *s;
  if (strip > n) strip = 0, add = "", an = 0;
  if (!(s = an_arena_alloc(a, n - strip + an + 1))) return -1;
  memcpy(s, base, n - strip);
  if (l->rule_lower[r] == 2 && n - strip > 0 && s[0] >= 'a' && s[0] <= 'z') s[0] = (char)(s[0] - 32);
  memcpy(s + n - strip, add, an);
  s[n - strip + an] = '\0';
  *out = s;
  return 0;
}

annals_status an_lemma_get(const an_lemmatizer *l, const an_pool *strs, an_arena *a,
                           const char *form, uint32_t tag, const char **out)
{
  size_t n = strlen(form), k;
  uint32_t v;
  char *low;
  if (an_kvtab_get(&l->lex, lex_key(form, n, tag), &v)) { *out = an_pool_str(strs, v); return ANNALS_OK; }
  if (!(low = an_arena_alloc(a, n + 1))) return ANNALS_ENOMEM;
  an_lower(form, n, low);
  low[n] = '\0';
  for (k = n < MAX_SUF ? n : MAX_SUF;; k--) {
    if (an_kvtab_get(&l->suf, suf_key(tag, low + n - k, k), &v))
      return apply_rule(l, strs, a, v, form, low, n, out) ? ANNALS_ENOMEM : ANNALS_OK;
    if (k == 0) break;
  }
  *out = low;          /* tag never seen with a rule: lowercase */
  return ANNALS_OK;
}

uint32_t an_feats_get(const an_lemmatizer *l, const char *form, uint32_t tag, uint32_t dflt)
{
  char low[128];
  size_t n = strlen(form);
  uint32_t v;
  if (n > sizeof low) return dflt;
  an_lower(form, n, low);
  return an_kvtab_get(&l->feats, lex_key(low, n, tag), &v) ? v : dflt;
}

void an_lemma_fini(an_lemmatizer *l, an_mem *mem)
{
  an_kvtab_fini(&l->lex, mem);
  an_kvtab_fini(&l->suf, mem);
  an_kvtab_fini(&l->feats, mem);
  an_mem_free(mem, l->rule_lower, (size_t)l->n_rules + 1);
  an_mem_free(mem, l->rule_strip, (size_t)l->n_rules + 1);
  an_mem_free(mem, l->rule_add, ((size_t)l->n_rules + 1) * sizeof *l->rule_add);
  memset(l, 0, sizeof *l);
}

/* ---- training ---- */

typedef struct obs { uint64_t key; uint32_t val; } obs;
typedef struct obsv { obs *v; size_t n, cap; an_mem *mem; } obsv;

static int obs_add(obsv *o, uint64_t key, uint32_t val)
{
  if (an_mem_grow(o->mem, (void **)&o->v, &o->cap, o->n + 1, sizeof *o->v)) return -1;
  o->v[o->n].key = key; o->v[o->n].val = val; o->n++;
  return 0;
}
static int obs_cmp(const void *a, const void *b)
{
  const obs *x = a, *y = b;
  if (x->key != y->key) return x->key < y->key ? -1 : 1;
  return x->val < y->val ? -1 : x->val > y->val;
}
/* Reduce sorted observations to one (key, majority value) each, in place; returns count. */
static size_t majority(obsv *o)
{
  size_t i, j, m = 0, run;
  if (o->n) qsort(o->v, o->n, sizeof *o->v, obs_cmp);
  for (i = 0; i < o->n;) {
    size_t e = i, bestc = 0;
    uint32_t best = 0;
    while (e < o->n && o->v[e].key == o->v[i].key) e++;
    for (j = i; j < e; j += run) {
      for (run = 0; j + run < e && o->v[j + run].val == o->v[j].val; run++) {}
      if (run > bestc) { bestc = run; best = o->v[j].val; }
    }
    o->v[m].key = o->v[i].key; o->v[m].val = best; m++;
    i = e;
  }
  o->n = m;
  return m;
}
static int obs_get(const obsv *o, uint64_t key, uint32_t *val)
{
  size_t lo = 0, hi = o->n;
  while (lo < hi) { size_t mid = lo + (hi - lo) / 2; if (o->v[mid].key < key) lo = mid + 1; else hi = mid; }
  if (lo < o->n && o->v[lo].key == key) { *val = o->v[lo].val; return 1; }
  return 0;
}
static int to_kvtab(an_kvtab *t, an_mem *mem, const obs *v, size_t n)
{
  size_t i;
  t->v = an_mem_alloc(mem, n * sizeof *t->v + 1);
  if (!t->v) return -1;
  for (i = 0; i < n; i++) { t->v[i].key = v[i].key; t->v[i].val = v[i].val; }
  t->n = (uint32_t)n;
  return an_kvtab_sort(t);
}

static size_t lcp(const char *a, const char *b)
{
  size_t i = 0;
  while (a[i] && a[i] == b[i]) i++;
  return i;
}

annals_status an_lemma_train(an_lemmatizer *out, an_mem *mem, an_pool *strs, uint32_t n_tags,
                             uint32_t *tag_feats, const an_tsent *tr, size_t ntr)
{
  an_pool rules, seen;
  obsv ctx = { NULL, 0, 0, mem }, lex = { NULL, 0, 0, mem }, fe = { NULL, 0, 0, mem }, tf = { NULL, 0, 0, mem };
  obsv keep = { NULL, 0, 0, mem }, exc = { NULL, 0, 0, mem }, fx = { NULL, 0, 0, mem };
  annals_status rc = ANNALS_ENOMEM;
  size_t i, j, k;
  char low[256], key[300];
  uint32_t r;
  memset(out, 0, sizeof *out);
  an_pool_init(&rules, mem);
  an_pool_init(&seen, mem);
  for (i = 0; i < ntr; i++) {
    for (j = 0; j < tr[i].n; j++) {
      const char *f = tr[i].form[j], *lem = tr[i].lemma[j];
      size_t n = strlen(f), l0, l1, l2, mode, strip, best;
      uint32_t tag = tr[i].tag[j], lid, fid;
      if (n >= sizeof low || strlen(lem) >= 200) continue;
      an_lower(f, n, low);
      low[n] = '\0';
      if ((fid = an_pool_intern(strs, tr[i].feats[j], strlen(tr[i].feats[j]))) == UINT32_MAX) goto done;
      if (obs_add(&tf, tag, fid) || obs_add(&fe, lex_key(low, n, tag), fid)) goto done;
      if (strcmp(lem, "_") == 0) continue;
      l0 = lcp(f, lem); l1 = lcp(low, lem);
      {         /* mode 2: lowercased then capitalized (PROPN "mexico" -> "Mexico") */
        char cap = low[0] >= 'a' && low[0] <= 'z' ? (char)(low[0] - 32) : low[0];
        l2 = lem[0] == cap && n ? 1 + lcp(low + 1, lem + 1) : 0;
      }
      mode = 1; best = l1;                      /* ties: lowercase, then as is, then capitalized */
      if (l0 > best) { mode = 0; best = l0; }
      if (l2 > best) { mode = 2; best = l2; }
      strip = n - best;
      if (strip > 255) continue;
      snprintf(key, sizeof key, "%zu|%zu|%s", mode, strip, lem + best);
      if ((r = an_pool_intern(&rules, key, strlen(key))) == UINT32_MAX) goto done;
      {    /* rules count word types, not tokens: frequent irregulars (are -> be) must not
           ** decide the rule for a suffix (share, care); they go to the lexicon */
        uint32_t before = seen.count;
        char tk[300];
        size_t tn = (size_t)snprintf(tk, sizeof tk, "%s\t%u\t%u", f, tag, r);
        if (an_pool_intern(&seen, tk, tn < sizeof tk ? tn : sizeof tk - 1) == UINT32_MAX) goto done;
        if (seen.count != before)
          for (k = 0; k <= n && k <= MAX_SUF; k++)
            if (obs_add(&ctx, suf_key(tag, low + n - k, k), r)) goto done;
      }
      if ((lid = an_pool_intern(strs, lem, strlen(lem))) == UINT32_MAX) goto done;
      if (obs_add(&lex, lex_key(f, n, tag), lid)) goto done;
    }
  }
  majority(&ctx);
  majority(&lex);
  majority(&fe);
  majority(&tf);
  /* rules: decode the rule strings into arrays (additions interned in strs) */
  out->n_rules = rules.count;
  out->rule_lower = an_mem_alloc(mem, (size_t)rules.count + 1);
  out->rule_strip = an_mem_alloc(mem, (size_t)rules.count + 1);
  out->rule_add = an_mem_alloc(mem, ((size_t)rules.count + 1) * sizeof *out->rule_add);
  if (!out->rule_lower || !out->rule_strip || !out->rule_add) goto done;
  for (r = 0; r < rules.count; r++) {
    const char *s = an_pool_str(&rules, r), *p2;
    unsigned long strip;
    char *end;
    out->rule_lower[r] = (uint8_t)(s[0] - '0');
    strip = strtoul(s + 2, &end, 10);
    out->rule_strip[r] = (uint8_t)strip;
    p2 = end + 1;
    if ((out->rule_add[r] = an_pool_intern(strs, p2, strlen(p2))) == UINT32_MAX) goto done;
  }
  for (i = 0; i < n_tags; i++) {
    uint32_t v;
    tag_feats[i] = obs_get(&tf, i, &v) ? v : an_pool_intern(strs, "_", 1);
    if (tag_feats[i] == UINT32_MAX) goto done;
  }
  /* prune suffix contexts that agree with their parent (suffix one byte shorter) */
  for (i = 0; i < ntr; i++) {
    for (j = 0; j < tr[i].n; j++) {
      const char *f = tr[i].form[j];
      size_t n = strlen(f);
      uint32_t tag = tr[i].tag[j], prev = UINT32_MAX, v;
      if (n >= sizeof low) continue;
      an_lower(f, n, low);
      for (k = 0; k <= n && k <= MAX_SUF; k++) {
        uint64_t sk = suf_key(tag, low + n - k, k);
        if (!obs_get(&ctx, sk, &v)) break;
        if (v != prev && obs_add(&keep, sk, v)) goto done;
        prev = v;
      }
    }
  }
  majority(&keep);       /* dedup */
  if (to_kvtab(&out->suf, mem, keep.v, keep.n)) goto done;
  /* exception lexicon: training words the rules get wrong */
  {
    an_arena a;
    an_arena_init(&a, mem, 1 << 16);
    for (i = 0; i < ntr; i++) {
      for (j = 0; j < tr[i].n; j++) {
        const char *f = tr[i].form[j], *got;
        uint32_t v;
        uint64_t lk = lex_key(f, strlen(f), tr[i].tag[j]);
        if (!obs_get(&lex, lk, &v)) continue;
        if (an_lemma_get(out, strs, &a, f, tr[i].tag[j], &got)) { an_arena_fini(&a); goto done; }
        if (strcmp(got, an_pool_str(strs, v)) && obs_add(&exc, lk, v)) { an_arena_fini(&a); goto done; }
        an_arena_reset(&a);
      }
    }
    an_arena_fini(&a);
  }
  majority(&exc);
  if (to_kvtab(&out->lex, mem, exc.v, exc.n)) goto done;
  /* feats lexicon: where the word's majority differs from its tag's */
  for (i = 0; i < ntr; i++)
    for (j = 0; j < tr[i].n; j++) {
      const char *f = tr[i].form[j];
      size_t n = strlen(f);
      uint32_t v;
      uint64_t fk;
      if (n >= sizeof low) continue;
      an_lower(f, n, low);
      fk = lex_key(low, n, tr[i].tag[j]);
      if (obs_get(&fe, fk, &v) && v != tag_feats[tr[i].tag[j]] && obs_add(&fx, fk, v)) goto done;
    }
  majority(&fx);
  if (to_kvtab(&out->feats, mem, fx.v, fx.n)) goto done;
  rc = ANNALS_OK;
done:
  an_pool_fini(&rules);
  an_pool_fini(&seen);
  an_mem_free(mem, ctx.v, ctx.cap * sizeof *ctx.v);
  an_mem_free(mem, lex.v, lex.cap * sizeof *lex.v);
  an_mem_free(mem, fe.v, fe.cap * sizeof *fe.v);
  an_mem_free(mem, tf.v, tf.cap * sizeof *tf.v);
  an_mem_free(mem, keep.v, keep.cap * sizeof *keep.v);
  an_mem_free(mem, exc.v, exc.cap * sizeof *exc.v);
  an_mem_free(mem, fx.v, fx.cap * sizeof *fx.v);
  if (rc) an_lemma_fini(out, mem);
  return rc;
}
