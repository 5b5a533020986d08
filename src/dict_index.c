/* dict_index.c: the dictionary's shared services: interned words, the immutable
** key -> values indexes built once at load, the comment-stripping line reader, and
** an_dict_load / an_dict_free. Invariant: after an_dict_load returns, nothing in the
** dictionary is written again (lookups only read), so threads may share it. */
#include "coder.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t hash_bytes(const char *s, size_t n)
{
  uint32_t h = 2166136261u;
  size_t i;
  for (i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= 16777619u; }
  return h ? h : 1;
}

/* ---- interned strings ---- */

static int strtab_rehash(an_strtab *t, uint32_t ncap)
{
  uint32_t *ns = an_mem_calloc(t->mem, ncap, sizeof *ns);
  size_t i;
  if (!ns) return -1;
  for (i = 1; i < t->n; i++) {
    uint32_t j = t->hash[i] & (ncap - 1);
    while (ns[j]) j = (j + 1) & (ncap - 1);
    ns[j] = (uint32_t)i;
  }
  an_mem_free(t->mem, t->slots, t->cap * sizeof *t->slots);
  t->slots = ns;
  t->cap = ncap;
  return 0;
}

uint32_t an_strtab_find(const an_strtab *t, const char *s, size_t n)
{
  uint32_t h, j;
  if (!t->cap) return 0;
  h = hash_bytes(s, n);
  for (j = h & (t->cap - 1); t->slots[j]; j = (j + 1) & (t->cap - 1)) {
    uint32_t id = t->slots[j];
    if (t->hash[id] == h && t->len[id] == n && memcmp(t->str[id], s, n) == 0) return id;
  }
  return 0;
}

uint32_t an_strtab_intern(an_strtab *t, const char *s, size_t n)
{
  uint32_t id = an_strtab_find(t, s, n), h, j;
  char *copy;
  if (id) return id;
  if (t->n == 0) t->n = 1;                       /* id 0 = none */
  if ((t->n + 1) * 2 > t->cap && strtab_rehash(t, t->cap ? t->cap * 2 : 1024) < 0) return 0;
  if (t->n + 1 > t->scap) {
    size_t c1 = t->scap, c2 = t->scap, c3 = t->scap;
    if (an_mem_grow(t->mem, (void **)&t->str, &c1, t->n + 1, sizeof *t->str) < 0 ||
        an_mem_grow(t->mem, (void **)&t->len, &c2, t->n + 1, sizeof *t->len) < 0 ||
        an_mem_grow(t->mem, (void **)&t->hash, &c3, t->n + 1, sizeof *t->hash) < 0) {
      /* keep the three arrays' capacities in step: the smallest is the real one */
      t->scap = c1 < c2 ? (c1 < c3 ? c1 : c3) : (c2 < c3 ? c2 : c3);
      return 0;
    }
    t->scap = c1;
  }
  if (!(copy = an_arena_strndup(t->arena, s, n))) { t->mem->failed = 1; return 0; }
  h = hash_bytes(s, n);
  id = (uint32_t)t->n++;
  t->str[id] = copy; t->len[id] = (uint32_t)n; t->hash[id] = h;
  for (j = h & (t->cap - 1); t->slots[j]; j = (j + 1) & (t->cap - 1)) {}
  t->slots[j] = id;
  return id;
}

void an_strtab_fini(an_strtab *t)
{
  an_mem_free(t->mem, t->slots, t->cap * sizeof *t->slots);
  an_mem_free(t->mem, t->str, t->scap * sizeof *t->str);
  an_mem_free(t->mem, t->len, t->scap * sizeof *t->len);
  an_mem_free(t->mem, t->hash, t->scap * sizeof *t->hash);
  memset(t, 0, sizeof *t);
}

/* ---- multimap index ---- */

void an_index_init(an_index *x, an_mem *mem) { memset(x, 0, sizeof *x); x->mem = mem; }

int an_index_add(an_index *x, uint32_t key, uint32_t prio, uint32_t val)
{
  if (an_mem_grow(x->mem, (void **)&x->pairs, &x->cap, x->n + 1, sizeof *x->pairs) < 0) return -1;
  x->pairs[x->n].key = key; x->pairs[x->n].prio = prio; x->pairs[x->n].val = val;
  x->pairs[x->n].seq = (uint32_t)x->n;
  x->n++;
  return 0;
}

static int pair_cmp(const void *a, const void *b)
{
  const an_index_pair *p = a, *q = b;
  if (p->key != q->key) return p->key < q->key ? -1 : 1;
  if (p->prio != q->prio) return p->prio < q->prio ? -1 : 1;
  return p->seq < q->seq ? -1 : p->seq > q->seq;
}

static uint32_t mix32(uint32_t k) { k ^= k >> 16; k *= 0x7feb352du; k ^= k >> 15; k *= 0x846ca68bu; k ^= k >> 16; return k; }

int an_index_finish(an_index *x)
{
  size_t i, nkeys = 0;
  uint32_t cap = 16;
  if (x->n) qsort(x->pairs, x->n, sizeof *x->pairs, pair_cmp);
  for (i = 0; i < x->n; i++) if (i == 0 || x->pairs[i].key != x->pairs[i - 1].key) nkeys++;
  while (cap < nkeys * 2 + 2) cap *= 2;
  x->vals = an_mem_alloc(x->mem, (x->n ? x->n : 1) * sizeof *x->vals);
  x->tkey = an_mem_calloc(x->mem, cap, sizeof *x->tkey);
  x->toff = an_mem_calloc(x->mem, cap, sizeof *x->toff);
  x->tcnt = an_mem_calloc(x->mem, cap, sizeof *x->tcnt);
  x->tcap = cap;
  if (!x->vals || !x->tkey || !x->toff || !x->tcnt) return -1;
  for (i = 0; i < x->n; ) {
    size_t k = i;
    uint32_t j = mix32(x->pairs[i].key) & (cap - 1);
    while (k < x->n && x->pairs[k].key == x->pairs[i].key) { x->vals[k] = x->pairs[k].val; k++; }
    while (x->tcnt[j]) j = (j + 1) & (cap - 1);
    x->tkey[j] = x->pairs[i].key; x->toff[j] = (uint32_t)i; x->tcnt[j] = (uint32_t)(k - i);
    i = k;
  }
  an_mem_free(x->mem, x->pairs, x->cap * sizeof *x->pairs);
  x->pairs = NULL; x->cap = 0;
  return 0;
}

const uint32_t *an_index_get(const an_index *x, uint32_t key, size_t *n)
{
  uint32_t j;
  *n = 0;
  if (!x->tcap || !key) return NULL;
  for (j = mix32(key) & (x->tcap - 1); x->tcnt[j]; j = (j + 1) & (x->tcap - 1))
    if (x->tkey[j] == key) { *n = x->tcnt[j]; return x->vals + x->toff[j]; }
  return NULL;
}

void an_index_fini(an_index *x)
{
  an_mem_free(x->mem, x->pairs, x->cap * sizeof *x->pairs);
  an_mem_free(x->mem, x->vals, (x->n ? x->n : 1) * sizeof *x->vals);
  an_mem_free(x->mem, x->tkey, x->tcap * sizeof *x->tkey);
  an_mem_free(x->mem, x->toff, x->tcap * sizeof *x->toff);
  an_mem_free(x->mem, x->tcnt, x->tcap * sizeof *x->tcnt);
  memset(x, 0, sizeof *x);
}

/* ---- line reader ---- */

annals_status an_lines_open(an_lines *l, an_mem *mem, const char *path, an_err *err)
{
  FILE *fp;
  long sz;
  memset(l, 0, sizeof *l);
  l->path = path;
  if (!(fp = fopen(path, "rb"))) return an_err_io(err, path, errno);
  if (fseek(fp, 0, SEEK_END) != 0 || (sz = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET) != 0) {
    int e = errno; fclose(fp); return an_err_io(err, path, e ? e : EIO);
  }
  if (!(l->buf = an_mem_alloc(mem, (size_t)sz + 1))) {
    fclose(fp); return an_err_set(err, ANNALS_ENOMEM, "%s: out of memory", path);
  }
  if (fread(l->buf, 1, (size_t)sz, fp) != (size_t)sz) {
    int e = errno; fclose(fp); an_mem_free(mem, l->buf, (size_t)sz + 1); l->buf = NULL;
    return an_err_io(err, path, e ? e : EIO);
  }
  fclose(fp);
  l->buf[sz] = '\0';
  l->len = (size_t)sz;
  return ANNALS_OK;
}

void an_lines_close(an_lines *l, an_mem *mem)
{
  if (l->buf) an_mem_free(mem, l->buf, l->len + 1);
  l->buf = NULL;
}

static const char *strstr_n(const char *s, size_t n, const char *pat)
{
  size_t m = strlen(pat), i;
  for (i = 0; i + m <= n; i++) if (memcmp(s + i, pat, m) == 0) return s + i;
  return NULL;
}

static int is_blank(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }

int an_lines_next(an_lines *l, const char **raw, size_t *raw_n)
{
  while (l->pos < l->len) {
    const char *s = l->buf + l->pos, *e = memchr(s, '\n', l->len - l->pos);
    size_t n = e ? (size_t)(e - s) : l->len - l->pos, i, o = 0;
    l->pos += n + (e ? 1 : 0);
    l->lineno++;
    if (raw) { *raw = s; *raw_n = n; }
    if (l->in_xml_comment) {
      /* the closing line is discarded whole */
      if (strstr_n(s, n, "-->")) l->in_xml_comment = 0;
      continue;
    }
    if (n && s[0] == '#') continue;
    if (n >= 2 && s[0] == '<' && s[1] == '!') continue;
    if (n >= sizeof l->line) n = sizeof l->line - 1;
    for (i = 0; i < n; i++) {
      if (s[i] == '#') break;
      if (l->semicolon && s[i] == ';') break;
      if (s[i] == '<' && i + 3 < n && s[i + 1] == '!' && s[i + 2] == '-' && s[i + 3] == '-') {
        const char *c = strstr_n(s + i + 4, n - i - 4, "-->");
        if (c) { i = (size_t)(c - s) + 2; continue; }
        /* opens a multi-line comment: the text before it is discarded too */
        l->in_xml_comment = 1;
        o = 0;
        break;
      }
      l->line[o++] = s[i] == '\t' ? ' ' : s[i];
    }
    while (o && is_blank((unsigned char)l->line[o - 1])) o--;
    l->line[o] = '\0';
    l->n = o;
    {
      size_t k = 0;
      while (k < o && is_blank((unsigned char)l->line[k])) k++;
      if (k == o) continue;
    }
    return 1;
  }
  return 0;
}

/* ---- helpers for the loaders ---- */

char *an_dict_strdup(an_dict *d, const char *s, size_t n)
{
  char *p = an_arena_strndup(&d->arena, s, n);
  if (!p) d->mem->failed = 1;
  return p;
}

int an_dict_phrase(an_dict *d, const char *s, size_t n, int upper, an_phrase *ph)
{
  uint32_t w[256]; uint8_t adj[256];
  size_t i = 0, k = 0;
  int next_adj = 0;
  char tmp[1024];
  memset(ph, 0, sizeof *ph);
  while (i < n) {
    size_t j = i, m;
    if (s[i] == '_' || is_blank((unsigned char)s[i])) {
      next_adj = s[i] == '_' ? 1 : (next_adj == 1 ? 1 : 0);
      if (s[i] == '_' && i + 1 == n) ph->strict = 1;
      i++;
      continue;
    }
    while (j < n && s[j] != '_' && !is_blank((unsigned char)s[j])) j++;
    m = j - i < sizeof tmp ? j - i : sizeof tmp - 1;
    memcpy(tmp, s + i, m);
    if (upper) { size_t q; for (q = 0; q < m; q++) if (tmp[q] >= 'a' && tmp[q] <= 'z') tmp[q] = (char)(tmp[q] - 32); }
    if (k == sizeof w / sizeof w[0]) return -2;
    if (!(w[k] = an_strtab_intern(&d->words, tmp, m))) return -1;
    adj[k] = (uint8_t)(k ? next_adj : 0);
    k++;
    next_adj = 0;
    i = j;
  }
  if (!k) return -2;
  ph->w = an_arena_alloc(&d->arena, k * sizeof *ph->w);
  ph->adj = an_arena_alloc(&d->arena, k);
  if (!ph->w || !ph->adj) { d->mem->failed = 1; return -1; }
  memcpy(ph->w, w, k * sizeof *w);
  memcpy(ph->adj, adj, k);
  ph->n = (uint16_t)k;
  return 0;
}

void an_dict_warn(const an_dict_files *f, const char *path, uint32_t line, const char *fmt, ...)
{
  char msg[1200];
  int o;
  va_list ap;
  if (!f || !f->log_fn) return;
  o = snprintf(msg, sizeof msg, "%s:%u: ", path, (unsigned)line);
  if (o < 0) return;
  va_start(ap, fmt);
  vsnprintf(msg + o, sizeof msg - (size_t)o, fmt, ap);
  va_end(ap);
  f->log_fn(f->log_ud, ANNALS_LOG_WARN, msg);
}

int an_dict_dialect(const an_dict *d) { return d->dialect; }

void an_dict_stats_get(const an_dict *d, an_dict_stats *out)
{
  size_t i;
  memset(out, 0, sizeof *out);
  out->blocks = d->n_blocks;
  out->verb_forms = d->n_verbs;
  for (i = 0; i < d->n_blocks; i++) out->patterns += d->blocks[i].n_pats;
  out->synsets = d->n_syns;
  out->actor_phrases = d->n_actors;
  out->actor_codes = d->n_acodes;
  out->agent_phrases = d->n_agents;
  out->discards = d->n_discards;
  out->issues = d->n_issues;
}

void an_dict_free(an_dict *d)
{
  an_mem *m;
  size_t i;
  if (!d) return;
  m = d->mem;
  for (i = 0; i < d->n_blocks; i++) an_mem_free(m, d->blocks[i].pats, d->blocks[i].cap_pats * sizeof *d->blocks[i].pats);
  for (i = 0; i < d->n_syns; i++) an_mem_free(m, d->syns[i].m, d->syns[i].cap * sizeof *d->syns[i].m);
  an_mem_free(m, d->blocks, d->cap_blocks * sizeof *d->blocks);
  an_mem_free(m, d->verbs, d->cap_verbs * sizeof *d->verbs);
  an_mem_free(m, d->syns, d->cap_syns * sizeof *d->syns);
  an_mem_free(m, d->actors, d->cap_actors * sizeof *d->actors);
  an_mem_free(m, d->acodes, d->cap_acodes * sizeof *d->acodes);
  an_mem_free(m, d->agents, d->cap_agents * sizeof *d->agents);
  an_mem_free(m, d->discards, d->cap_discards * sizeof *d->discards);
  an_mem_free(m, d->issues, d->cap_issues * sizeof *d->issues);
  an_mem_free(m, d->opats, d->cap_opats * sizeof *d->opats);
  an_mem_free(m, d->files, d->cap_files * sizeof *d->files);
  an_index_fini(&d->opat_ix);
  an_index_fini(&d->verb_ix); an_index_fini(&d->syn_ix); an_index_fini(&d->synw_ix);
  an_index_fini(&d->actor_ix); an_index_fini(&d->agent_ix); an_index_fini(&d->discard_ix);
  an_index_fini(&d->issue_ix);
  an_strtab_fini(&d->words);
  an_arena_fini(&d->arena);
  an_mem_free(m, d, sizeof *d);
}

annals_status an_dict_load(an_mem *mem, const an_dict_files *f, an_dict **out, an_err *err)
{
  annals_status rc = ANNALS_OK;
  an_dict *d;
  size_t i;
  *out = NULL;
  if (!f) return an_err_set(err, ANNALS_EMISUSE, "an_dict_load: no files");
  if (!(d = an_mem_calloc(mem, 1, sizeof *d))) return an_err_set(err, ANNALS_ENOMEM, "out of memory");
  d->mem = mem;
  an_arena_init(&d->arena, mem, 1u << 20);
  d->words.mem = mem; d->words.arena = &d->arena;
  an_index_init(&d->verb_ix, mem); an_index_init(&d->syn_ix, mem); an_index_init(&d->synw_ix, mem);
  an_index_init(&d->actor_ix, mem); an_index_init(&d->agent_ix, mem); an_index_init(&d->discard_ix, mem);
  an_index_init(&d->issue_ix, mem); an_index_init(&d->opat_ix, mem);
#define W(field, s) if (!(d->field = an_strtab_intern(&d->words, s, strlen(s)))) goto nomem
  W(id_by, "BY"); W(id_was, "WAS"); W(id_is, "IS"); W(id_been, "BEEN"); W(id_comma, ","); W(id_and, "AND");
  W(id_from, "FROM"); W(id_in, "IN");
#undef W
  d->dialect = AN_DIALECT_P1;
  d->lf = f;
  if (f->verbs && (rc = an_dict_load_verbs(d, f->verbs, f, err)) != ANNALS_OK) goto done;
  for (i = 0; i < f->n_actors; i++)
    if (f->actors[i] && (rc = an_dict_load_actors(d, f->actors[i], err)) != ANNALS_OK) goto done;
  if (f->agents && (rc = an_dict_load_agents(d, f->agents, f, err)) != ANNALS_OK) goto done;
  if (f->discards && (rc = an_dict_load_discards(d, f->discards, err)) != ANNALS_OK) goto done;
  if (f->issues && (rc = an_dict_load_issues(d, f->issues, err)) != ANNALS_OK) goto done;
  if (an_index_finish(&d->verb_ix) < 0 || an_index_finish(&d->syn_ix) < 0 || an_index_finish(&d->synw_ix) < 0 ||
      an_index_finish(&d->actor_ix) < 0 || an_index_finish(&d->agent_ix) < 0 ||
      an_index_finish(&d->discard_ix) < 0 || an_index_finish(&d->issue_ix) < 0) goto nomem;
  if (mem->failed) goto nomem;
  d->lf = NULL;
  *out = d; d = NULL;
  goto done;
nomem:
  rc = an_err_set(err, ANNALS_ENOMEM, "out of memory loading dictionaries");
done:
  an_dict_free(d);
  return rc;
}

/* ---- discards ---- */

int an_dict_discard(const an_dict *d, const char *text, size_t len)
{
  char up[4096];
  size_t n = len < sizeof up - 2 ? len : sizeof up - 2, i, pass;
  int found = 0;
  if (!d->n_discards) return 0;
  up[0] = ' ';
  for (i = 0; i < n; i++) {
    char c = text[i];
    if (c >= 'a' && c <= 'z') c = (char)(c - 32);
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    up[i + 1] = c;
  }
  n++;
  up[n] = '\0';
  /* story phrases first, then sentence phrases: found holds the best so far */
  for (pass = 0; pass < 2 && found != 2; pass++) {
    for (i = 1; i < n; i++) {
      size_t e = i, k, cnt;
      uint32_t id;
      const uint32_t *v;
      if (up[i - 1] != ' ' || up[i] == ' ') continue;
      while (e < n && up[e] != ' ') e++;
      /* every prefix of the word may be a one-word stem phrase or a first word */
      for (k = e; k > i; k--) {
        size_t j;
        if (!(id = an_strtab_find(&d->words, up + i, k - i))) continue;
        v = an_index_get(&d->discard_ix, id, &cnt);
        for (j = 0; j < cnt; j++) {
          const an_discard *ds = &d->discards[v[j]];
          if ((pass == 0) != (ds->story != 0)) continue;
          if (ds->len > n - i || memcmp(up + i, ds->text, ds->len) != 0) continue;
          if (ds->strict) {
            char c = i + ds->len < n ? up[i + ds->len] : ' ';
            if (c != ' ' && c != '.' && c != '!' && c != '?') continue;
          }
          return ds->story ? 2 : 1;
        }
      }
    }
  }
  return found;
}
