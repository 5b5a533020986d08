/* dict_own.c: loads and lints annals' own dictionaries (docs/dictionaries.md):
** *.actors, *.agents, *.verbs and *.discards files under one directory, read in byte
** order of their paths, into the same an_dict the PETRARCH loaders build (actors,
** agents, discards) plus annals-format verb patterns (an_opat). Names are tokenized by
** the text layer's own tokenizer so that they match the words of the text exactly.
** Invariant: in lint mode every problem is reported and the load goes on; otherwise
** the first error stops it and nothing is kept. */
#include "coder.h"
#include "cameo.h"
#include "segment_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define OPEN_HI 99999999L                      /* an open end of a date range */
#define MAX_NAME_WORDS 12

enum { K_ACTORS, K_AGENTS, K_VERBS, K_DISCARDS };
static const char *const kind_name[] = { "actors", "agents", "verbs", "discards" };

typedef struct seen { uint32_t file, line; const char *code; } seen;   /* where an id was defined */
typedef struct code_ref { const char *code; uint32_t file, line; } code_ref;

typedef struct ld {
  an_dict *d; an_own_opts *o; an_err *err;
  an_seg seg;
  uint32_t file; uint32_t line;
  int stop;                                     /* an error in load mode: unwind */
  annals_status rc;                             /* why it stopped */
  an_strtab ids; seen *idw; size_t cap_idw;     /* entry and pattern ids */
  an_strtab pkeys; seen *pkw; size_t cap_pkw;   /* pattern text without code: shadowing */
  code_ref *codes; size_t n_codes, cap_codes;   /* actor codes, validated at the end */
  uint32_t id_to;
} ld;

static const char *path_of(const ld *L, uint32_t file) { return L->d->files[file]; }

/* Report a problem at line of the current file. Returns -1 when the load must stop. */
static int diag(ld *L, int level, uint32_t file, uint32_t line, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 5, 6)))
#endif
  ;
static int diag(ld *L, int level, uint32_t file, uint32_t line, const char *fmt, ...)
{
  char msg[1024];
  int o;
  va_list ap;
  o = snprintf(msg, sizeof msg, "%s:%u: ", path_of(L, file), (unsigned)line);
  if (o < 0) o = 0;
  va_start(ap, fmt);
  vsnprintf(msg + o, sizeof msg - (size_t)o, fmt, ap);
  va_end(ap);
  if (level == ANNALS_LOG_ERROR) {
    L->o->n_err++;
    if (!L->o->check) { L->rc = an_err_set(L->err, ANNALS_EFORMAT, "%s", msg); L->stop = 1; return -1; }
  } else {
    L->o->n_warn++;
  }
  if (L->o->log_fn) L->o->log_fn(L->o->log_ud, level, msg);
  return 0;
}
#define ERR(...) diag(L, ANNALS_LOG_ERROR, L->file, L->line, __VA_ARGS__)
#define WARN(...) diag(L, ANNALS_LOG_WARN, L->file, L->line, __VA_ARGS__)

static int nomem(ld *L)
{
  L->rc = an_err_set(L->err, ANNALS_ENOMEM, "out of memory loading dictionaries");
  L->d->mem->failed = 1;
  L->stop = 1;
  return -1;
}

static int is_blank(char c) { return c == ' ' || c == '\t'; }

static void upcase(char *p, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++) if (p[i] >= 'a' && p[i] <= 'z') p[i] = (char)(p[i] - 32);
}

static uint32_t intern_up(ld *L, const char *s, size_t n)
{
  char tmp[256];
  uint32_t id;
  if (n >= sizeof tmp) n = sizeof tmp - 1;
  memcpy(tmp, s, n);
  upcase(tmp, n);
  if (!(id = an_strtab_intern(&L->d->words, tmp, n))) nomem(L);
  return id;
}

/* ---- dates ---- */

static int days_in(long y, long m)
{
  static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return dm[m - 1];
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" -> YYYYMMDD; end: the last day of the period.
** -1 when malformed. */
static long parse_date(const char *s, size_t n, int end)
{
  long y = 0, m, dd;
  size_t i;
  if (n != 4 && n != 7 && n != 10) return -1;
  for (i = 0; i < 4; i++) { if (s[i] < '0' || s[i] > '9') return -1; y = y * 10 + (s[i] - '0'); }
  if (y < 1000) return -1;
  if (n == 4) return end ? y * 10000 + 1231 : y * 10000 + 101;
  if (s[4] != '-' || s[5] < '0' || s[5] > '9' || s[6] < '0' || s[6] > '9') return -1;
  m = (s[5] - '0') * 10 + (s[6] - '0');
  if (m < 1 || m > 12) return -1;
  if (n == 7) return y * 10000 + m * 100 + (end ? days_in(y, m) : 1);
  if (s[7] != '-' || s[8] < '0' || s[8] > '9' || s[9] < '0' || s[9] > '9') return -1;
  dd = (s[8] - '0') * 10 + (s[9] - '0');
  if (dd < 1 || dd > days_in(y, m)) return -1;
  return y * 10000 + m * 100 + dd;
}

/* "FROM..TO" (either side may be empty) -> lo, hi. 0 ok, -1 malformed. */
static int parse_range(const char *s, size_t n, long *lo, long *hi)
{
  size_t i;
  for (i = 0; i + 1 < n; i++) if (s[i] == '.' && s[i + 1] == '.') break;
  if (i + 1 >= n) return -1;
  *lo = i ? parse_date(s, i, 0) : 0;
  *hi = n - i - 2 ? parse_date(s + i + 2, n - i - 2, 1) : OPEN_HI;
  return *lo < 0 || *hi < 0 ? -1 : 0;
}

/* ---- codes ---- */

static int code_shape(const char *c, size_t n)
{
  size_t i;
  if (!n || n % 3 || n > 30) return 0;
  for (i = 0; i < n; i++) if (c[i] < 'A' || c[i] > 'Z') return 0;
  return 1;
}

/* Event code "042", "---" or "A:B": 0 ok, -1 bad (message in why). */
static int check_event_code(const char *c, char *why, size_t wn)
{
  const char *colon = strchr(c, ':');
  char a[16];
  size_t n;
  if (!strcmp(c, "---")) return 0;
  if (colon) {
    n = (size_t)(colon - c);
    if (n >= sizeof a) { snprintf(why, wn, "malformed code \"%s\"", c); return -1; }
    memcpy(a, c, n); a[n] = '\0';
    if (!annals_cameo_lookup(a)) { snprintf(why, wn, "unknown CAMEO event code \"%s\"", a); return -1; }
    if (!annals_cameo_lookup(colon + 1)) { snprintf(why, wn, "unknown CAMEO event code \"%s\"", colon + 1); return -1; }
    return 0;
  }
  if (!annals_cameo_lookup(c)) { snprintf(why, wn, "unknown CAMEO event code \"%s\"", c); return -1; }
  return 0;
}

/* ---- names ---- */

/* Tokenize a name into ph (words interned upper case, all adjacent). -1 stop, -2 bad. */
static int name_phrase(ld *L, const char *s, size_t n, an_phrase *ph)
{
  an_seg *g = &L->seg;
  uint32_t w[MAX_NAME_WORDS]; uint8_t caps[MAX_NAME_WORDS];
  size_t k = 0, t, any_caps = 0;
  memset(ph, 0, sizeof *ph);
  if (an_seg_decode(g, s, n)) return nomem(L);
  g->n_tok = 0;
  if (an_seg_tokenize(g, g->cp, g->n_cp)) return nomem(L);
  for (t = 0; t < g->n_tok; t++) {
    size_t cut[3], nc = 0, i;
    uint32_t a = g->tok[t].start;
    if (g->tok[t].kind == AN_ST_WORD) nc = an_seg_split_words(s, g->tok[t].start, g->tok[t].end, cut);
    for (i = 0; i <= nc; i++) {
      uint32_t b = i < nc ? (uint32_t)cut[i] : g->tok[t].end;
      size_t q, letters = 0, lower = 0;
      if (k == MAX_NAME_WORDS) return -2;
      for (q = a; q < b; q++) {
        if (s[q] >= 'A' && s[q] <= 'Z') letters++;
        else if (s[q] >= 'a' && s[q] <= 'z') { letters++; lower++; }
      }
      caps[k] = (uint8_t)(letters >= 2 && !lower);
      any_caps |= caps[k];
      if (!(w[k] = intern_up(L, s + a, b - a))) return -1;
      k++;
      a = b;
    }
  }
  if (!k) return -2;
  ph->w = an_arena_alloc(&L->d->arena, k * sizeof *ph->w);
  ph->adj = an_arena_alloc(&L->d->arena, k);
  if (!ph->w || !ph->adj) return nomem(L);
  memcpy(ph->w, w, k * sizeof *w);
  memset(ph->adj, 1, k);
  ph->adj[0] = 0;
  if (any_caps) {
    if (!(ph->caps = an_arena_alloc(&L->d->arena, k))) return nomem(L);
    memcpy(ph->caps, caps, k);
  }
  ph->n = (uint16_t)k;
  return 0;
}

/* ---- ids ---- */

static int valid_id(const char *s, size_t n)
{
  size_t i;
  if (!n || n > 64) return 0;
  if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9'))) return 0;
  for (i = 1; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) return 0;
  }
  return 1;
}

/* Register id; returns the interned copy, NULL when a duplicate (reported) or on stop. */
static const char *claim_id(ld *L, const char *s, size_t n, const char *what)
{
  size_t before = L->ids.n;
  uint32_t id = an_strtab_intern(&L->ids, s, n);
  if (!id) { nomem(L); return NULL; }
  if (L->ids.n == before) {
    const seen *w = &L->idw[id];
    ERR("duplicate %s \"%.*s\" (first at %s:%u)", what, (int)n, s, path_of(L, w->file), (unsigned)w->line);
    return NULL;
  }
  if (an_mem_grow(L->d->mem, (void **)&L->idw, &L->cap_idw, (size_t)id + 1, sizeof *L->idw)) { nomem(L); return NULL; }
  L->idw[id].file = L->file; L->idw[id].line = L->line; L->idw[id].code = NULL;
  return L->ids.str[id];
}

/* ---- one entry of each kind ---- */

typedef struct entry {
  const char *text; size_t n;                   /* the header line */
  uint32_t line;
  const char *cont[64]; size_t cn[64]; uint32_t cline[64]; size_t n_cont;
} entry;

/* Split "ID: NAMES [=> CODE]". */
static int split_header(ld *L, const entry *e, const char **id, size_t *id_n, const char **names, size_t *names_n,
                        const char **code, size_t *code_n)
{
  const char *s = e->text, *end = s + e->n, *c = memchr(s, ':', e->n), *arrow = NULL, *p;
  if (!c) { ERR("expected \"ID: NAME | NAME ...\""); return -1; }
  *id = s; *id_n = (size_t)(c - s);
  while (*id_n && is_blank(s[*id_n - 1])) (*id_n)--;
  if (!valid_id(*id, *id_n)) { ERR("bad id \"%.*s\" (lower case letters, digits, '.', '_', '-')", (int)*id_n, *id); return -1; }
  for (p = c + 1; p + 1 < end; p++) if (p[0] == '=' && p[1] == '>') { arrow = p; break; }
  *names = c + 1; *names_n = (size_t)((arrow ? arrow : end) - (c + 1));
  *code = NULL; *code_n = 0;
  if (arrow) {
    p = arrow + 2;
    while (p < end && is_blank(*p)) p++;
    *code = p; *code_n = (size_t)(end - p);
    while (*code_n && is_blank((*code)[*code_n - 1])) (*code_n)--;
  }
  return 0;
}

/* Each name of "a | b | c" through fn. */
static int each_name(ld *L, const char *s, size_t n, int (*fn)(ld *, const an_phrase *, void *), void *ud)
{
  size_t i = 0, count = 0;
  while (i <= n) {
    size_t j = i, a, b;
    an_phrase ph;
    int r;
    while (j < n && s[j] != '|') j++;
    a = i; b = j;
    while (a < b && is_blank(s[a])) a++;
    while (b > a && is_blank(s[b - 1])) b--;
    if (a == b) { if (ERR("empty name")) return -1; }
    else if ((r = name_phrase(L, s + a, b - a, &ph)) == -2) {
      if (ERR("name \"%.*s\" has no words or more than %d", (int)(b - a), s + a, MAX_NAME_WORDS)) return -1;
    } else if (r < 0) {
      return -1;
    } else {
      if (!strncmp(s + a, "the ", 4) || !strncmp(s + a, "The ", 4))
        WARN("name \"%.*s\" starts with an article: it never matches (write it without)", (int)(b - a), s + a);
      if (fn(L, &ph, ud)) return -1;
      count++;
    }
    i = j + 1;
  }
  return 0;
}

typedef struct actor_ctx { const char *id; uint32_t first, n, line; } actor_ctx;

static int add_actor_name(ld *L, const an_phrase *ph, void *ud)
{
  actor_ctx *c = ud;
  an_dict *d = L->d;
  an_actor *a;
  if (an_mem_grow(d->mem, (void **)&d->actors, &d->cap_actors, d->n_actors + 1, sizeof *d->actors)) return nomem(L);
  a = &d->actors[d->n_actors];
  memset(a, 0, sizeof *a);
  a->ph = *ph; a->first = c->first; a->n = c->n; a->line = c->line; a->id = c->id; a->file = L->file;
  if (an_index_add(&d->actor_ix, ph->w[0], 65535u - ph->n, (uint32_t)d->n_actors) < 0) return nomem(L);
  d->n_actors++;
  return 0;
}

static int add_code(ld *L, const char *c, size_t cn, long lo, long hi, int kind, uint32_t line)
{
  an_dict *d = L->d;
  an_acode *ac;
  char *code;
  int none = cn == 3 && !memcmp(c, "---", 3);    /* a name that is no actor ("South China Sea") */
  if (!none && !code_shape(c, cn)) return ERR("bad actor code \"%.*s\" (blocks of three capital letters, or ---)", (int)cn, c);
  if (!(code = an_dict_strdup(d, c, cn))) return nomem(L);
  if (an_mem_grow(d->mem, (void **)&d->acodes, &d->cap_acodes, d->n_acodes + 1, sizeof *d->acodes)) return nomem(L);
  ac = &d->acodes[d->n_acodes++];
  ac->code = code; ac->lo = lo; ac->hi = hi; ac->kind = (uint8_t)kind;
  if (an_mem_grow(d->mem, (void **)&L->codes, &L->cap_codes, L->n_codes + 1, sizeof *L->codes)) return nomem(L);
  if (none) return 0;
  L->codes[L->n_codes].code = code; L->codes[L->n_codes].file = L->file; L->codes[L->n_codes].line = line;
  L->n_codes++;
  return 0;
}

static int do_actor(ld *L, entry *e)
{
  const char *id, *names, *code;
  size_t idn, nn, cn, k;
  actor_ctx c;
  uint32_t first = (uint32_t)L->d->n_acodes;
  size_t errs_before = L->o->n_err;
  L->line = e->line;
  if (split_header(L, e, &id, &idn, &names, &nn, &code, &cn)) return L->stop ? -1 : 0;
  if (!(c.id = claim_id(L, id, idn, "id"))) return L->stop ? -1 : 0;
  if (code) {
    if (e->n_cont) { if (ERR("entry \"%s\" has both \"=> CODE\" and code lines", c.id)) return -1; }
    if (add_code(L, code, cn, 0, OPEN_HI, AC_ANY, e->line)) return L->stop ? -1 : 0;
  }
  for (k = 0; k < e->n_cont; k++) {
    const char *s = e->cont[k], *p = s, *end = s + e->cn[k];
    const char *cs, *rs;
    size_t cl, rl;
    long lo = 0, hi = OPEN_HI;
    L->line = e->cline[k];
    while (p < end && is_blank(*p)) p++;
    cs = p;
    while (p < end && !is_blank(*p)) p++;
    cl = (size_t)(p - cs);
    while (p < end && is_blank(*p)) p++;
    rs = p; rl = (size_t)(end - p);
    while (rl && is_blank(rs[rl - 1])) rl--;
    if (rl && (memchr(rs, ' ', rl) || parse_range(rs, rl, &lo, &hi))) {
      if (ERR("bad date range \"%.*s\" (FROM..TO, dates YYYY-MM-DD, YYYY-MM or YYYY)", (int)rl, rs)) return -1;
      continue;
    }
    if (rl && lo > hi) {
      if (ERR("date range \"%.*s\" ends before it starts", (int)rl, rs)) return -1;
      continue;
    }
    if (add_code(L, cs, cl, lo, hi, rl ? AC_RANGE : AC_ANY, L->line)) { if (L->stop) return -1; continue; }
  }
  L->line = e->line;
  c.first = first; c.n = (uint32_t)L->d->n_acodes - first; c.line = e->line;
  if (!c.n) return L->o->n_err > errs_before ? 0 : ERR("entry \"%s\" has no code", c.id);
  /* dated lines of one entry that overlap: the first wins */
  for (k = first; k < L->d->n_acodes; k++) {
    size_t j;
    const an_acode *a = &L->d->acodes[k];
    if (a->kind != AC_RANGE) continue;
    for (j = first; j < k; j++) {
      const an_acode *b = &L->d->acodes[j];
      if (b->kind == AC_RANGE && a->lo <= b->hi && b->lo <= a->hi && strcmp(a->code, b->code))
        WARN("entry \"%s\": %s and %s overlap in time (the first listed wins)", c.id, b->code, a->code);
    }
  }
  return each_name(L, names, nn, add_actor_name, &c);
}

typedef struct agent_ctx { const char *id, *code; uint32_t line; } agent_ctx;

static int add_agent_name(ld *L, const an_phrase *ph, void *ud)
{
  agent_ctx *c = ud;
  an_dict *d = L->d;
  an_agent *a;
  if (an_mem_grow(d->mem, (void **)&d->agents, &d->cap_agents, d->n_agents + 1, sizeof *d->agents)) return nomem(L);
  a = &d->agents[d->n_agents];
  memset(a, 0, sizeof *a);
  a->ph = *ph; a->code = c->code; a->line = c->line; a->id = c->id; a->file = L->file;
  if (an_index_add(&d->agent_ix, ph->w[0], 65535u - ph->n, (uint32_t)d->n_agents) < 0) return nomem(L);
  d->n_agents++;
  return 0;
}

static int do_agent(ld *L, entry *e)
{
  const char *id, *names, *code;
  size_t idn, nn, cn, b;
  agent_ctx c;
  L->line = e->line;
  if (split_header(L, e, &id, &idn, &names, &nn, &code, &cn)) return L->stop ? -1 : 0;
  if (!code) return ERR("agent entry without \"=> ROLES\"");
  if (e->n_cont) return ERR("agent entries are one line: \"ID: NAMES => ROLES\"");
  if (!code_shape(code, cn)) return ERR("bad role code \"%.*s\" (blocks of three capital letters)", (int)cn, code);
  for (b = 0; b < cn; b += 3)
    if (!(an_cameo_block_kinds(code + b) & (AN_CB_ROLE | AN_CB_GROUP | AN_CB_RELIGION)))
      if (ERR("\"%.3s\" is not a CAMEO role, group or religion code", code + b)) return -1;
  if (!(c.id = claim_id(L, id, idn, "id"))) return L->stop ? -1 : 0;
  if (!(c.code = an_dict_strdup(L->d, code, cn))) return nomem(L);
  c.line = e->line;
  return each_name(L, names, nn, add_agent_name, &c);
}

/* ---- verb patterns ---- */

static const char *const preps[] = {
  "about", "across", "after", "against", "among", "around", "at", "before", "behind", "between", "by",
  "during", "for", "from", "in", "inside", "into", "near", "of", "off", "on", "onto", "out", "over",
  "through", "to", "toward", "towards", "under", "upon", "with", "within", "without"
};

static int is_prep(const char *s, size_t n)
{
  size_t i;
  for (i = 0; i < sizeof preps / sizeof preps[0]; i++)
    if (strlen(preps[i]) == n && !memcmp(preps[i], s, n)) return 1;
  return 0;
}

/* every '/' alternative of s[0..n) is a preposition */
static int all_preps(const char *s, size_t n)
{
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && s[j] != '/') j++;
    if (!is_prep(s + i, j - i)) return 0;
    i = j + 1;
  }
  return n > 0;
}

static int lemma_word(const char *s, size_t n)
{
  size_t i;
  if (!n) return 0;
  for (i = 0; i < n; i++) {
    char c = s[i];
    if (!((c >= 'a' && c <= 'z') || c == '-' || c == '\'' || (c >= '0' && c <= '9') || (unsigned char)c >= 0x80)) return 0;
  }
  return 1;
}

/* "a_b/c" -> alternatives of '_'-joined words. */
static int parse_alts(ld *L, const char *s, size_t n, an_phrase **out, uint16_t *n_out, size_t *words)
{
  an_phrase tmp[16];
  size_t na = 0, i = 0;
  while (i <= n) {
    size_t j = i, k = 0, q;
    uint32_t w[MAX_NAME_WORDS];
    while (j < n && s[j] != '/') j++;
    q = i;
    while (q < j) {
      size_t r = q;
      while (r < j && s[r] != '_') r++;
      if (!lemma_word(s + q, r - q) || k == MAX_NAME_WORDS) return -2;
      if (!(w[k++] = intern_up(L, s + q, r - q))) return -1;
      q = r + 1;
    }
    if (!k || na == 16) return -2;
    tmp[na].n = (uint16_t)k;
    tmp[na].w = an_arena_alloc(&L->d->arena, k * sizeof *w);
    tmp[na].adj = NULL; tmp[na].caps = NULL; tmp[na].strict = 0;
    if (!tmp[na].w) return nomem(L);
    memcpy(tmp[na].w, w, k * sizeof *w);
    *words += k;
    na++;
    i = j + 1;
  }
  if (!(*out = an_arena_alloc(&L->d->arena, na * sizeof **out))) return nomem(L);
  memcpy(*out, tmp, na * sizeof *tmp);
  *n_out = (uint16_t)na;
  return 0;
}

static int parse_preps(ld *L, const char *s, size_t n, an_oel *e)
{
  uint32_t tmp[16];
  size_t k = 0, i = 0;
  while (i < n && k < 16) {
    size_t j = i;
    while (j < n && s[j] != '/') j++;
    if (!(tmp[k++] = intern_up(L, s + i, j - i))) return -1;
    i = j + 1;
  }
  if (!(e->prep = an_arena_alloc(&L->d->arena, k * sizeof *tmp))) return nomem(L);
  memcpy(e->prep, tmp, k * sizeof *tmp);
  e->n_prep = (uint16_t)k;
  return 0;
}

static int do_pattern(ld *L, entry *e, const char *code)
{
  const char *tok[40]; size_t tn[40], nt = 0, i, words = 0;
  const char *s = e->text, *end = s + e->n, *p = s;
  an_oel el[40]; size_t ne = 0;
  an_opat pt;
  char norm[512], key[560];
  size_t nl = 0;
  int has_t = 0, has_s = 0, r;
  uint32_t kid;
  size_t before;
  L->line = e->line;
  if (!code) return ERR("pattern before the first \"== CODE\" line");
  if (e->n_cont) return ERR("a pattern is one line (indented continuation found)");
  while (p < end) {
    while (p < end && is_blank(*p)) p++;
    if (p == end) break;
    if (nt == 40) return ERR("pattern too long");
    tok[nt] = p;
    while (p < end && !is_blank(*p)) p++;
    tn[nt] = (size_t)(p - tok[nt]);
    if (nl + tn[nt] + 2 < sizeof norm) { if (nl) norm[nl++] = ' '; memcpy(norm + nl, tok[nt], tn[nt]); nl += tn[nt]; }
    nt++;
  }
  norm[nl] = '\0';
  memset(&pt, 0, sizeof pt);
  /* the verb and its particles */
  {
    size_t q = 0, k = 0;
    uint32_t prt[8];
    while (q <= tn[0]) {
      size_t r2 = q;
      while (r2 < tn[0] && tok[0][r2] != '_') r2++;
      if (!lemma_word(tok[0] + q, r2 - q)) return ERR("verb \"%.*s\": lower-case lemmas joined by '_' expected", (int)tn[0], tok[0]);
      if (!q) { if (!(pt.verb = intern_up(L, tok[0], r2))) return -1; }
      else if (k < 8) { if (!(prt[k++] = intern_up(L, tok[0] + q, r2 - q))) return -1; }
      q = r2 + 1;
    }
    if (k) {
      if (!(pt.prt = an_arena_alloc(&L->d->arena, k * sizeof *prt))) return nomem(L);
      memcpy(pt.prt, prt, k * sizeof *prt);
      pt.n_prt = (uint16_t)k;
    }
    words += 1 + k;
  }
  for (i = 1; i < nt; i++) {
    an_oel *x = &el[ne];
    memset(x, 0, sizeof *x);
    if (tn[i] == 1 && (tok[i][0] == '+' || tok[i][0] == '$')) {
      int src = tok[i][0] == '$';
      if (src ? has_s++ : has_t++) return ERR("pattern \"%s\": two %s", norm, src ? "sources ($)" : "targets (+)");
      x->kind = (uint8_t)(src ? OE_SRC : OE_TGT);
    } else if (i + 1 < nt && all_preps(tok[i], tn[i]) && !all_preps(tok[i + 1], tn[i + 1])) {
      if ((r = parse_preps(L, tok[i], tn[i], x)) < 0) return -1;
      i++;
      if (tn[i] == 1 && (tok[i][0] == '+' || tok[i][0] == '$')) {
        int src = tok[i][0] == '$';
        if (src ? has_s++ : has_t++) return ERR("pattern \"%s\": two %s", norm, src ? "sources ($)" : "targets (+)");
        x->kind = (uint8_t)(src ? OE_PP_SRC : OE_PP_TGT);
      } else {
        x->kind = (uint8_t)(x->n_prep == 1 && x->prep[0] == L->id_to ? OE_XCOMP : OE_PP_NOUN);
        if ((r = parse_alts(L, tok[i], tn[i], &x->alt, &x->n_alt, &words)) == -2)
          return ERR("pattern \"%s\": \"%.*s\" is not a lower-case lemma", norm, (int)tn[i], tok[i]);
        if (r < 0) return -1;
      }
      words++;
    } else if (all_preps(tok[i], tn[i])) {
      /* a preposition at the end: a PP with any object ("criticize + for") */
      if ((r = parse_preps(L, tok[i], tn[i], x)) < 0) return -1;
      x->kind = OE_PP_NOUN;
      words++;
    } else {
      x->kind = OE_NOUN;
      if ((r = parse_alts(L, tok[i], tn[i], &x->alt, &x->n_alt, &words)) == -2)
        return ERR("pattern \"%s\": \"%.*s\" is not a lower-case lemma (or '+', '$', a preposition)", norm,
                   (int)tn[i], tok[i]);
      if (r < 0) return -1;
    }
    ne++;
  }
  if (has_s && !strcmp(code, "---")) WARN("pattern \"%s\": a source ($) in a \"---\" block has no effect", norm);
  pt.code = code;
  pt.score = (uint16_t)(ne * 16 + words);
  pt.file = L->file; pt.line = e->line;
  if (ne) {
    if (!(pt.el = an_arena_alloc(&L->d->arena, ne * sizeof *el))) return nomem(L);
    memcpy(pt.el, el, ne * sizeof *el);
    pt.n_el = (uint16_t)ne;
  }
  snprintf(key, sizeof key, "%s:%s", code, norm);
  if (!(pt.id = claim_id(L, key, strlen(key), "pattern"))) return L->stop ? -1 : 0;
  /* the same pattern under another code: only the first can ever win */
  before = L->pkeys.n;
  if (!(kid = an_strtab_intern(&L->pkeys, norm, nl))) return nomem(L);
  if (L->pkeys.n == before) {
    const seen *w = &L->pkw[kid];
    if (ERR("pattern \"%s\" (code %s) is shadowed by the same pattern with code %s at %s:%u", norm, code, w->code,
            path_of(L, w->file), (unsigned)w->line)) return -1;
    return 0;
  }
  if (an_mem_grow(L->d->mem, (void **)&L->pkw, &L->cap_pkw, (size_t)kid + 1, sizeof *L->pkw)) return nomem(L);
  L->pkw[kid].file = L->file; L->pkw[kid].line = e->line; L->pkw[kid].code = code;
  if (an_mem_grow(L->d->mem, (void **)&L->d->opats, &L->d->cap_opats, L->d->n_opats + 1, sizeof *L->d->opats))
    return nomem(L);
  L->d->opats[L->d->n_opats] = pt;
  if (an_index_add(&L->d->opat_ix, pt.verb, 65535u - pt.score, (uint32_t)L->d->n_opats) < 0) return nomem(L);
  L->d->n_opats++;
  return 0;
}

static int do_discard(ld *L, entry *e, int story)
{
  an_phrase ph;
  an_dict *d = L->d;
  an_discard *ds;
  char buf[512];
  size_t n = 0, i;
  int r;
  L->line = e->line;
  if (story < 0) return ERR("discard phrase before \"== story\" or \"== sentence\"");
  if ((r = name_phrase(L, e->text, e->n, &ph)) == -2) return ERR("discard phrase has no words or more than %d", MAX_NAME_WORDS);
  if (r < 0) return -1;
  for (i = 0; i < ph.n; i++) {
    const char *w = d->words.str[ph.w[i]];
    size_t wl = d->words.len[ph.w[i]];
    if (n + wl + 2 >= sizeof buf) break;
    if (n) buf[n++] = ' ';
    memcpy(buf + n, w, wl); n += wl;
  }
  if (an_mem_grow(d->mem, (void **)&d->discards, &d->cap_discards, d->n_discards + 1, sizeof *d->discards)) return nomem(L);
  ds = &d->discards[d->n_discards];
  if (!(ds->text = an_dict_strdup(d, buf, n))) return nomem(L);
  ds->len = n; ds->story = (uint8_t)story; ds->strict = 1;
  if (an_index_add(&d->discard_ix, ph.w[0], 0, (uint32_t)d->n_discards) < 0) return nomem(L);
  d->n_discards++;
  return 0;
}

/* ---- files ---- */

static int file_kind(const char *name)
{
  static const char *const suf[] = { ".actors", ".agents", ".verbs", ".discards" };
  size_t n = strlen(name), i;
  for (i = 0; i < 4; i++) {
    size_t m = strlen(suf[i]);
    if (n > m && !strcmp(name + n - m, suf[i])) return (int)i;
  }
  return -1;
}

static int load_file(ld *L, const char *path, int kind)
{
  an_dict *d = L->d;
  FILE *fp;
  char *buf = NULL, *code = NULL;
  size_t len = 0, cap = 0, pos = 0, got;
  int header = 0, rc = 0, story = -1;
  entry e;
  uint32_t lineno = 0;
  if (an_mem_grow(d->mem, (void **)&d->files, &d->cap_files, d->n_files + 1, sizeof *d->files)) return nomem(L);
  if (!(d->files[d->n_files] = an_dict_strdup(d, path, strlen(path)))) return nomem(L);
  L->file = (uint32_t)d->n_files++;
  if (!(fp = fopen(path, "rb"))) {
    L->o->n_err++;
    L->rc = an_err_set(L->err, ANNALS_EIO, "%s: %s", path, strerror(errno));
    if (L->o->log_fn) L->o->log_fn(L->o->log_ud, ANNALS_LOG_ERROR, L->err->msg);
    L->stop = 1;
    return -1;
  }
  for (;;) {
    if (an_mem_grow(d->mem, (void **)&buf, &cap, len + 65536, 1)) { rc = nomem(L); goto done; }
    got = fread(buf + len, 1, cap - len - 1, fp);
    len += got;
    if (got == 0) break;
  }
  buf[len] = '\0';
  memset(&e, 0, sizeof e);
  e.text = NULL;
  while (pos <= len && rc == 0) {
    size_t a = pos, b, c;
    int cont, last = pos >= len;
    if (!last) {
      b = a;
      while (b < len && buf[b] != '\n') b++;
      pos = b + 1;
      lineno++;
      /* comments: '#' at the start or after a blank */
      for (c = a; c < b; c++) if (buf[c] == '#' && (c == a || is_blank(buf[c - 1]))) break;
      b = c;
      while (b > a && (is_blank(buf[b - 1]) || buf[b - 1] == '\r')) b--;
      if (b == a) continue;
      cont = is_blank(buf[a]);
    } else {
      pos = len + 1;
      a = b = len;
      cont = 0;
    }
    if (cont) {
      L->line = lineno;
      if (!e.text) { rc = ERR("indented line outside an entry"); continue; }
      if (e.n_cont == 64) { rc = ERR("too many code lines in one entry"); continue; }
      e.cont[e.n_cont] = buf + a; e.cn[e.n_cont] = b - a; e.cline[e.n_cont] = lineno; e.n_cont++;
      continue;
    }
    /* a new entry (or the end): finish the previous one */
    if (e.text) {
      if (e.n >= 2 && e.text[0] == '=' && e.text[1] == '=') {
        const char *q = e.text + 2, *qe = e.text + e.n;
        char why[128];
        while (q < qe && is_blank(*q)) q++;
        L->line = e.line;
        if (kind == K_VERBS) {
          code = NULL;
          if (!(code = an_dict_strdup(d, q, (size_t)(qe - q)))) { rc = nomem(L); break; }
          if (check_event_code(code, why, sizeof why)) { rc = ERR("%s", why); code = NULL; }
        } else if (kind == K_DISCARDS) {
          if ((size_t)(qe - q) == 5 && !memcmp(q, "story", 5)) story = 1;
          else if ((size_t)(qe - q) == 8 && !memcmp(q, "sentence", 8)) story = 0;
          else rc = ERR("expected \"== story\" or \"== sentence\"");
        } else {
          rc = ERR("\"==\" lines belong in .verbs and .discards files");
        }
      } else if (kind == K_ACTORS) rc = do_actor(L, &e);
      else if (kind == K_AGENTS) rc = do_agent(L, &e);
      else if (kind == K_VERBS) {
        if (!code && e.line) { L->line = e.line; rc = ERR("pattern without a valid \"== CODE\" block"); }
        else rc = do_pattern(L, &e, code);
      } else rc = do_discard(L, &e, story);
      if (L->stop) break;
      rc = 0;
    }
    memset(&e, 0, sizeof e);
    if (last) break;
    if (!header) {
      char want[64];
      L->line = lineno;
      snprintf(want, sizeof want, "annals-dict 1 %s", kind_name[kind]);
      if ((size_t)(b - a) != strlen(want) || memcmp(buf + a, want, b - a)) {
        if (b - a > 12 && !memcmp(buf + a, "annals-dict ", 12) && buf[a + 12] != '1')
          rc = ERR("dictionary format version %.*s is not supported (this annals reads version 1)",
                   (int)strcspn(buf + a + 12, " \t\r\n"), buf + a + 12);
        else
          rc = ERR("first line must be \"%s\"", want);
        if (rc || L->o->check) break;           /* nothing else of this file makes sense */
      }
      header = 1;
      continue;
    }
    e.text = buf + a; e.n = b - a; e.line = lineno;
  }
  if (!header && !L->stop && lineno == 0) { L->line = 1; rc = ERR("empty file: first line must be \"annals-dict 1 %s\"", kind_name[kind]); }
done:
  an_mem_free(d->mem, buf, cap);
  fclose(fp);
  return L->stop ? -1 : 0;
}

/* Paths of dictionary files under dir, recursively. */
static int collect(an_mem *m, const char *dir, char ***out, size_t *n, size_t *cap, int depth)
{
  DIR *dh = opendir(dir);
  struct dirent *de;
  if (!dh) return -1;
  while ((de = readdir(dh)) != NULL) {
    size_t a = strlen(dir), b = strlen(de->d_name);
    char *p;
    struct stat st;
    if (de->d_name[0] == '.') continue;
    if (!(p = an_mem_alloc(m, a + b + 2))) { closedir(dh); return -2; }
    memcpy(p, dir, a); p[a] = '/'; memcpy(p + a + 1, de->d_name, b + 1);
    if (stat(p, &st) == 0 && S_ISDIR(st.st_mode) && depth < 8) {
      int r = collect(m, p, out, n, cap, depth + 1);
      an_mem_free(m, p, a + b + 2);
      if (r == -2) { closedir(dh); return -2; }
      continue;
    }
    if (file_kind(de->d_name) < 0 || an_mem_grow(m, (void **)out, cap, *n + 1, sizeof **out)) {
      an_mem_free(m, p, a + b + 2);
      if (m->failed) { closedir(dh); return -2; }
      continue;
    }
    (*out)[(*n)++] = p;
  }
  closedir(dh);
  return 0;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(const char *const *)a, *(const char *const *)b); }

/* ---- whole-dictionary checks ---- */

static int cmp_actor_phrase(const an_dict *d, const an_actor *a, const an_actor *b)
{
  uint16_t i;
  if (a->ph.n != b->ph.n) return a->ph.n < b->ph.n ? -1 : 1;
  for (i = 0; i < a->ph.n; i++) if (a->ph.w[i] != b->ph.w[i]) return a->ph.w[i] < b->ph.w[i] ? -1 : 1;
  (void)d;
  return 0;
}

static const an_dict *sort_dict;                 /* qsort has no context argument */
static int cmp_actor_ix(const void *x, const void *y)
{
  const an_actor *a = &sort_dict->actors[*(const uint32_t *)x], *b = &sort_dict->actors[*(const uint32_t *)y];
  int c = cmp_actor_phrase(sort_dict, a, b);
  if (c) return c;
  return *(const uint32_t *)x < *(const uint32_t *)y ? -1 : 1;
}

static void fmt_date(long v, char *out, size_t n)
{
  if (v == 0 || v == OPEN_HI || v < 0 || v > OPEN_HI) { if (n) out[0] = '\0'; }
  else snprintf(out, n, "%04ld-%02ld-%02ld", v / 10000 % 10000, v / 100 % 100, v % 100);
}

static void phrase_text(const an_dict *d, const an_phrase *ph, char *out, size_t n)
{
  size_t o = 0;
  uint16_t i;
  out[0] = '\0';
  for (i = 0; i < ph->n && o + 2 < n; i++) {
    int w = snprintf(out + o, n - o, "%s%s", i ? " " : "", d->words.str[ph->w[i]]);
    if (w < 0) break;
    o += (size_t)w;
  }
}

static int check_names(ld *L)
{
  an_dict *d = L->d;
  uint32_t *ix;
  size_t i, j, n = d->n_actors;
  if (!n) return 0;
  if (!(ix = an_mem_alloc(d->mem, n * sizeof *ix))) return nomem(L);
  for (i = 0; i < n; i++) ix[i] = (uint32_t)i;
  sort_dict = d;
  qsort(ix, n, sizeof *ix, cmp_actor_ix);
  for (i = 0; i < n; i = j) {
    for (j = i + 1; j < n && !cmp_actor_phrase(d, &d->actors[ix[i]], &d->actors[ix[j]]); j++) {}
    if (j - i > 1) {
      size_t p, q;
      for (p = i; p < j; p++) for (q = p + 1; q < j; q++) {
        const an_actor *a = &d->actors[ix[p]], *b = &d->actors[ix[q]];
        uint32_t x, y;
        char nm[256];
        phrase_text(d, &a->ph, nm, sizeof nm);
        if (a->id == b->id) {
          diag(L, ANNALS_LOG_WARN, b->file, b->line, "entry \"%s\" lists the name \"%s\" twice", b->id, nm);
          continue;
        }
        for (x = 0; x < a->n; x++) for (y = 0; y < b->n; y++) {
          const an_acode *ca = &d->acodes[a->first + x], *cb = &d->acodes[b->first + y];
          char f1[24], t1[24];
          if (ca->kind == AC_RANGE && cb->kind == AC_RANGE && ca->lo <= cb->hi && cb->lo <= ca->hi) {
            long lo = ca->lo > cb->lo ? ca->lo : cb->lo, hi = ca->hi < cb->hi ? ca->hi : cb->hi;
            fmt_date(lo, f1, sizeof f1); fmt_date(hi, t1, sizeof t1);
            /* the same code: harmless for coding, but which entry coded it is ambiguous */
            if (diag(L, strcmp(ca->code, cb->code) ? ANNALS_LOG_ERROR : ANNALS_LOG_WARN, b->file, b->line,
                     "name \"%s\" of \"%s\" (%s) overlaps \"%s\" (%s, %s:%u) on %s..%s", nm, b->id, cb->code, a->id,
                     ca->code, path_of(L, a->file), (unsigned)a->line, f1, t1)) goto out;
          } else if (ca->kind == AC_ANY && cb->kind == AC_ANY && strcmp(ca->code, cb->code) && a->n == 1 && b->n == 1) {
            if (diag(L, ANNALS_LOG_ERROR, b->file, b->line, "name \"%s\" is coded %s by \"%s\" and %s by \"%s\" (%s:%u)",
                     nm, cb->code, b->id, ca->code, a->id, path_of(L, a->file), (unsigned)a->line)) goto out;
          }
        }
      }
    }
  }
out:
  an_mem_free(d->mem, ix, n * sizeof *ix);
  return L->stop ? -1 : 0;
}

static int check_codes(ld *L)
{
  an_dict *d = L->d;
  an_strtab bases;
  size_t i;
  int rc = 0;
  memset(&bases, 0, sizeof bases);
  bases.mem = d->mem; bases.arena = &d->arena;
  /* three-letter codes the dictionary itself defines (countries, regions) */
  for (i = 0; i < d->n_acodes; i++)
    if (strlen(d->acodes[i].code) == 3 && !an_strtab_intern(&bases, d->acodes[i].code, 3)) { an_strtab_fini(&bases); return nomem(L); }
  for (i = 0; i < L->n_codes && !rc; i++) {
    const code_ref *c = &L->codes[i];
    size_t n = strlen(c->code), b;
    for (b = 0; b < n; b += 3) {
      unsigned k = an_cameo_block_kinds(c->code + b);
      int known = k != 0 || an_strtab_find(&bases, c->code + b, 3);
      if (!k && known && n == 3 && !b) {
        diag(L, ANNALS_LOG_WARN, c->file, c->line, "%s is not a CAMEO country or region code: a new base code", c->code);
        break;
      }
      if (!known) {
        if (diag(L, ANNALS_LOG_ERROR, c->file, c->line, "\"%.3s\" in actor code %s is not a CAMEO code%s", c->code + b,
                 c->code, b ? "" : " nor a country the dictionary defines")) rc = -1;
        break;
      }
    }
  }
  an_strtab_fini(&bases);
  return rc;
}

/* ---- entry point ---- */

annals_status an_dict_load_own(an_mem *mem, const char *dir, an_own_opts *o, an_dict **out, an_err *err)
{
  ld L;
  an_dict *d;
  char **paths = NULL;
  size_t n_paths = 0, cap_paths = 0, i;
  annals_status rc = ANNALS_OK;
  int r;
  *out = NULL;
  o->n_err = o->n_warn = 0;
  memset(&L, 0, sizeof L);
  if (!(d = an_mem_calloc(mem, 1, sizeof *d))) return an_err_set(err, ANNALS_ENOMEM, "out of memory");
  d->mem = mem;
  d->own = 1;
  d->dialect = AN_DIALECT_P2;
  an_arena_init(&d->arena, mem, 1u << 20);
  d->words.mem = mem; d->words.arena = &d->arena;
  an_index_init(&d->verb_ix, mem); an_index_init(&d->syn_ix, mem); an_index_init(&d->synw_ix, mem);
  an_index_init(&d->actor_ix, mem); an_index_init(&d->agent_ix, mem); an_index_init(&d->discard_ix, mem);
  an_index_init(&d->issue_ix, mem); an_index_init(&d->opat_ix, mem);
  L.d = d; L.o = o; L.err = err;
  L.seg.mem = mem;
  L.ids.mem = mem; L.ids.arena = &d->arena;
  L.pkeys.mem = mem; L.pkeys.arena = &d->arena;
#define W(field, s) if (!(d->field = an_strtab_intern(&d->words, s, strlen(s)))) goto nomem
  W(id_by, "BY"); W(id_was, "WAS"); W(id_is, "IS"); W(id_been, "BEEN"); W(id_comma, ","); W(id_and, "AND");
  W(id_from, "FROM"); W(id_in, "IN");
#undef W
  if (!(L.id_to = an_strtab_intern(&d->words, "TO", 2))) goto nomem;
  d->id_to = L.id_to;
  r = collect(mem, dir, &paths, &n_paths, &cap_paths, 0);
  if (r == -2) goto nomem;
  if (r == -1) { rc = an_err_set(err, ANNALS_EIO, "%s: %s", dir, strerror(errno)); goto done; }
  if (!n_paths) { rc = an_err_set(err, ANNALS_EFORMAT, "%s: no *.actors, *.agents, *.verbs or *.discards files", dir); goto done; }
  qsort(paths, n_paths, sizeof *paths, cmp_str);
  for (i = 0; i < n_paths && !L.stop; i++) load_file(&L, paths[i], file_kind(paths[i]));
  if (!L.stop) check_codes(&L);
  if (!L.stop) check_names(&L);
  if (L.stop) { rc = L.rc ? L.rc : ANNALS_EFORMAT; goto done; }
  if (an_index_finish(&d->verb_ix) < 0 || an_index_finish(&d->syn_ix) < 0 || an_index_finish(&d->synw_ix) < 0 ||
      an_index_finish(&d->actor_ix) < 0 || an_index_finish(&d->agent_ix) < 0 ||
      an_index_finish(&d->discard_ix) < 0 || an_index_finish(&d->issue_ix) < 0 || an_index_finish(&d->opat_ix) < 0)
    goto nomem;
  if (mem->failed) goto nomem;
  if (o->n_err) {
    rc = ANNALS_EFORMAT;
    if (!err->msg[0]) an_err_set(err, ANNALS_EFORMAT, "%s: %zu error%s", dir, o->n_err, o->n_err == 1 ? "" : "s");
    goto done;
  }
  *out = d; d = NULL;
  goto done;
nomem:
  rc = an_err_set(err, ANNALS_ENOMEM, "out of memory loading dictionaries");
done:
  for (i = 0; i < n_paths; i++) an_mem_free(mem, paths[i], strlen(paths[i]) + 1);
  an_mem_free(mem, paths, cap_paths * sizeof *paths);
  an_mem_free(mem, L.seg.cp, L.seg.cap_cp * sizeof *L.seg.cp);
  an_mem_free(mem, L.seg.tok, L.seg.cap_tok * sizeof *L.seg.tok);
  an_mem_free(mem, L.seg.inq, L.seg.cap_inq * sizeof *L.seg.inq);
  an_mem_free(mem, L.idw, L.cap_idw * sizeof *L.idw);
  an_mem_free(mem, L.pkw, L.cap_pkw * sizeof *L.pkw);
  an_mem_free(mem, L.codes, L.cap_codes * sizeof *L.codes);
  an_strtab_fini(&L.ids);
  an_strtab_fini(&L.pkeys);
  an_dict_free(d);
  return rc;
}

const char *an_actor_code_own(const an_dict *d, const an_actor *a, long date, int *dated)
{
  const char *dflt = NULL, *open = NULL;
  uint32_t i;
  *dated = 0;
  for (i = 0; i < a->n; i++) {
    const an_acode *c = &d->acodes[a->first + i];
    if (c->kind == AC_ANY) { if (!dflt) dflt = c->code; continue; }
    if (date && date >= c->lo && date <= c->hi) { *dated = 1; return c->code; }
    if (!date && c->hi == OPEN_HI && !open) open = c->code;
  }
  if (open) { *dated = 1; return open; }
  return dflt;
}
