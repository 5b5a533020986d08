/* eval_events.c: annals_eval_events, event coding scored against a gold file (the
** dev_events.jsonl format of ../shared/data/eval, or PETRARCH validation XML), with the
** rules of score_events.py: events deduplicated on (source, target, code) per
** sentence; strict = all three equal; lenient = source and target "country" and CAMEO
** root, alt codes accepted; maximum one-to-one matching; predictions that only match
** an optional event are neither true nor false positives. */
#include "doc_int.h"
#include "coder.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* All memory of an evaluation comes from one arena on the engine's allocator (STYLE.md
** section 4) and dies with it; growing an array copies it into a larger block. */
static void *grow(an_arena *A, void *p, size_t old_bytes, size_t new_bytes)
{
  void *q = an_arena_alloc(A, new_bytes ? new_bytes : 1);
  if (q && p && old_bytes) memcpy(q, p, old_bytes);
  return q;
}

static char *astrdup(an_arena *A, const char *s) { return an_arena_strndup(A, s, strlen(s)); }

/* The whole file, NUL-terminated, in the arena; NULL on error. */
static char *slurp(an_arena *A, const char *path, size_t *len)
{
  FILE *fp = fopen(path, "rb");
  char *buf = NULL;
  size_t cap = 0, n = 0, got;
  if (!fp) return NULL;
  for (;;) {
    if (n + 65536 > cap) {
      size_t nc = cap ? cap * 2 : 1 << 20;
      char *nb = grow(A, buf, n, nc + 1);
      if (!nb) { fclose(fp); return NULL; }
      buf = nb; cap = nc;
    }
    if (!(got = fread(buf + n, 1, cap - n, fp))) break;
    n += got;
  }
  fclose(fp);
  if (!buf && !(buf = an_arena_alloc(A, 1))) return NULL;
  buf[n] = '\0';
  *len = n;
  return buf;
}

typedef struct gev { char src[64], tgt[64], code[8]; char alt[8][8]; int n_alt; char status[16]; } gev;

typedef struct grec {
  char id[128];
  char *text;                                   /* heap (libc) */
  char date[16];
  gev *ev; size_t n_ev, cap_ev;
  gev *opt; size_t n_opt, cap_opt;
} grec;

static const char *const roles[] = { "GOV", "MIL", "REB", "OPP", "SPY", "LEG", "JUD", "COP", "MED", "CVL", "LAB", "AGR",
                                     "BUS", "EDU", "ELI", "HLH", "HRI", "REF", "PTY", "INS", "SEP", "UAF", "CRM", "DEV",
                                     "ENV", "REL", "MOD", "RAD" };

static int is_role(const char *b)
{
  size_t i;
  for (i = 0; i < sizeof roles / sizeof roles[0]; i++) if (!strncmp(b, roles[i], 3)) return 1;
  return 0;
}

/* score_events.py country(): 3 letters, or an organisation prefix up to the first role. */
static void country(const char *a, char *out, size_t n)
{
  size_t len = strlen(a), k;
  if (len >= 6 && (!strncmp(a, "IGO", 3) || !strncmp(a, "NGO", 3) || !strncmp(a, "IMG", 3) || !strncmp(a, "MNC", 3))) {
    k = 6;
    while (k + 3 <= len && !is_role(a + k)) k += 3;
    snprintf(out, n, "%.*s", (int)k, a);
    return;
  }
  snprintf(out, n, "%.3s", a);
}

static void norm_code(const char *c, char *out, size_t n)
{
  char buf[16];
  size_t len;
  int digits = 1;
  snprintf(buf, sizeof buf, "%s", c ? c : "");
  len = strlen(buf);
  for (size_t i = 0; i < len; i++) if (buf[i] < '0' || buf[i] > '9') digits = 0;
  if (digits && len) {
    while (len < 5 && (len < 3 || (buf[0] - '0') * 10 + (buf[1] - '0') > 20)) {
      memmove(buf + 1, buf, len + 1);
      buf[0] = '0';
      len++;
    }
  }
  snprintf(out, n, "%s", buf);
}

static int lenient(const char *ps, const char *pt, const char *pc, const gev *g)
{
  char a[64], b[64];
  int i;
  country(ps, a, sizeof a); country(g->src, b, sizeof b);
  if (strcmp(a, b)) return 0;
  country(pt, a, sizeof a); country(g->tgt, b, sizeof b);
  if (strcmp(a, b)) return 0;
  if (!strncmp(pc, g->code, 2)) return 1;
  for (i = 0; i < g->n_alt; i++) if (!strncmp(pc, g->alt[i], 2) || !strcmp(pc, g->alt[i])) return 1;
  return 0;
}

static int strict_ok(const char *ps, const char *pt, const char *pc, const gev *g)
{
  return !strcmp(ps, g->src) && !strcmp(pt, g->tgt) && !strcmp(pc, g->code);
}

static int opt_strict(const char *ps, const char *pt, const char *pc, const gev *g)
{
  int i;
  if (strcmp(ps, g->src) || strcmp(pt, g->tgt)) return 0;
  if (!strcmp(pc, g->code)) return 1;
  for (i = 0; i < g->n_alt; i++) if (!strcmp(pc, g->alt[i])) return 1;
  return 0;
}

typedef struct pev { const char *src, *tgt, *code, *status; } pev;

/* Maximum bipartite matching by augmenting paths; match_g[j] = pred index or -1. */
static int augment(int i, const unsigned char *adj, int ng, int *seen, int *match_g)
{
  int j;
  for (j = 0; j < ng; j++) {
    if (!adj[i * ng + j] || seen[j]) continue;
    seen[j] = 1;
    if (match_g[j] < 0 || augment(match_g[j], adj, ng, seen, match_g)) { match_g[j] = i; return 1; }
  }
  return 0;
}

typedef struct tally { size_t tp, fp, fn, ign, st_n, st_ok; } tally;

static int score(an_arena *A, const grec *r, const pev *p, int np, int strict, tally *t, const char ***missed,
                 size_t *nm, const char ***spur, size_t *ns)
{
  int ng = (int)r->n_ev, i, j;
  unsigned char *adj = an_arena_alloc(A, (size_t)(np * (ng ? ng : 1) + 1));
  int *match_g = an_arena_alloc(A, sizeof(int) * (size_t)(ng + 1)), *seen = an_arena_alloc(A, sizeof(int) * (size_t)(ng + 1));
  int *pm = an_arena_alloc(A, sizeof(int) * (size_t)(np + 1));
  if (!adj || !match_g || !seen || !pm) return -1;
  memset(adj, 0, (size_t)(np * (ng ? ng : 1) + 1));
  for (i = 0; i < np; i++)
    for (j = 0; j < ng; j++)
      adj[i * ng + j] = (unsigned char)(strict ? strict_ok(p[i].src, p[i].tgt, p[i].code, &r->ev[j])
                                               : lenient(p[i].src, p[i].tgt, p[i].code, &r->ev[j]));
  for (j = 0; j < ng; j++) match_g[j] = -1;
  for (i = 0; i < np; i++) { for (j = 0; j < ng; j++) seen[j] = 0; augment(i, adj, ng, seen, match_g); }
  for (i = 0; i < np; i++) pm[i] = -1;
  for (j = 0; j < ng; j++) if (match_g[j] >= 0) {
    pm[match_g[j]] = j; t->tp++;
    if (p[match_g[j]].status && r->ev[j].status[0]) {
      t->st_n++;
      t->st_ok += !strcmp(p[match_g[j]].status, r->ev[j].status);
    }
  }
  for (j = 0; j < ng; j++) if (match_g[j] < 0) {
    t->fn++;
    if (missed) {
      const char **nv = grow(A, (void *)*missed, *nm * sizeof *nv, (*nm + 1) * sizeof *nv);
      char buf[200];
      if (!nv) return -1;
      *missed = nv;
      snprintf(buf, sizeof buf, "%s>%s:%s", r->ev[j].src, r->ev[j].tgt, r->ev[j].code);
      if (!((*missed)[(*nm)++] = astrdup(A, buf))) return -1;
    }
  }
  for (i = 0; i < np; i++) {
    size_t k;
    int opt = 0;
    if (pm[i] >= 0) continue;
    for (k = 0; k < r->n_opt && !opt; k++)
      opt = strict ? opt_strict(p[i].src, p[i].tgt, p[i].code, &r->opt[k]) : lenient(p[i].src, p[i].tgt, p[i].code, &r->opt[k]);
    if (opt) { t->ign++; continue; }
    t->fp++;
    if (spur) {
      const char **nv = grow(A, (void *)*spur, *ns * sizeof *nv, (*ns + 1) * sizeof *nv);
      char buf[200];
      if (!nv) return -1;
      *spur = nv;
      snprintf(buf, sizeof buf, "%s>%s:%s", p[i].src, p[i].tgt, p[i].code);
      if (!((*spur)[(*ns)++] = astrdup(A, buf))) return -1;
    }
  }
  return 0;
}

/* ---- gold readers ---- */

static int push_ev(an_arena *A, gev **v, size_t *n, size_t *cap, const char *src, const char *tgt, const char *code)
{
  gev *e;
  if (*n == *cap) {
    size_t nc = *cap ? *cap * 2 : 4;
    gev *nv = grow(A, *v, *n * sizeof *nv, nc * sizeof *nv);
    if (!nv) return -1;
    *v = nv; *cap = nc;
  }
  e = &(*v)[*n];
  memset(e, 0, sizeof *e);
  snprintf(e->src, sizeof e->src, "%s", src && *src ? src : "---");
  snprintf(e->tgt, sizeof e->tgt, "%s", tgt && *tgt ? tgt : "---");
  norm_code(code, e->code, sizeof e->code);
  /* dedup on (source, target, code) */
  {
    size_t k;
    for (k = 0; k < *n; k++)
      if (!strcmp((*v)[k].src, e->src) && !strcmp((*v)[k].tgt, e->tgt) && !strcmp((*v)[k].code, e->code)) return 0;
  }
  (*n)++;
  return 0;
}

static void json_events(an_arena *A, json_t *arr, gev **v, size_t *n, size_t *cap)
{
  size_t i, k;
  json_t *e;
  json_array_foreach(arr, i, e) {
    json_t *alts = json_object_get(e, "alt_codes"), *a;
    const char *st = json_string_value(json_object_get(e, "status"));
    if (!json_is_object(e)) continue;
    if (push_ev(A, v, n, cap, json_string_value(json_object_get(e, "source")), json_string_value(json_object_get(e, "target")),
                json_string_value(json_object_get(e, "code"))) < 0) return;
    if (st) snprintf((*v)[*n - 1].status, sizeof (*v)[*n - 1].status, "%s", st);
    json_array_foreach(alts, k, a) {
      gev *g = &(*v)[*n - 1];
      if (g->n_alt < 8 && json_string_value(a)) norm_code(json_string_value(a), g->alt[g->n_alt++], 8);
    }
  }
}

static int read_jsonl(const annals_engine *e, an_arena *A, const char *path, grec **out, size_t *n, char *errbuf,
                      size_t errlen)
{
  size_t len = 0, pos = 0, rcap = 0;
  unsigned long lineno = 0;
  char *buf = slurp(A, path, &len);
  if (!buf) { snprintf(errbuf, errlen, "%s: cannot read", path); return -1; }
  while (pos < len) {
    json_error_t je;
    json_t *o;
    grec *r;
    const char *tx;
    size_t end = pos;
    while (end < len && buf[end] != '\n') end++;
    lineno++;
    if (end - pos <= 1) { pos = end + 1; continue; }
    o = json_loadb(buf + pos, end - pos, 0, &je);
    pos = end + 1;
    if (!o || !json_is_object(o)) {
      if (e->log_fn) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s:%lu: not a JSON object (%s); skipped", path, lineno, je.text);
        e->log_fn(e->ud, ANNALS_LOG_WARN, msg);
      }
      json_decref(o);
      continue;
    }
    if (*n == rcap) {
      size_t nc = rcap ? rcap * 2 : 32;
      grec *nv = grow(A, *out, *n * sizeof *nv, nc * sizeof *nv);
      if (!nv) { json_decref(o); return -1; }
      *out = nv; rcap = nc;
    }
    r = &(*out)[(*n)++];
    memset(r, 0, sizeof *r);
    snprintf(r->id, sizeof r->id, "%s", json_string_value(json_object_get(o, "id")) ? json_string_value(json_object_get(o, "id")) : "");
    snprintf(r->date, sizeof r->date, "%s", json_string_value(json_object_get(o, "date")) ? json_string_value(json_object_get(o, "date")) : "");
    tx = json_string_value(json_object_get(o, "text"));
    r->text = astrdup(A, tx ? tx : "");
    json_events(A, json_object_get(o, "events"), &r->ev, &r->n_ev, &r->cap_ev);
    json_events(A, json_object_get(o, "optional_events"), &r->opt, &r->n_opt, &r->cap_opt);
    json_decref(o);
    if (!r->text) return -1;
  }
  return 0;
}

/* An attribute of the tag starting at t (up to its '>'), unescaped into out. */
static int tag_attr(const char *t, const char *name, char *out, size_t n)
{
  const char *end = strchr(t, '>'), *p = t;
  size_t nl = strlen(name);
  if (!end) return 0;
  while ((p = strstr(p, name)) != NULL && p < end) {
    if ((p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n') && p[nl] == '=' && (p[nl + 1] == '"' || p[nl + 1] == '\'')) {
      char q = p[nl + 1];
      const char *v = p + nl + 2, *e = strchr(v, q);
      if (!e || e > end) return 0;
      snprintf(out, n, "%.*s", (int)(e - v), v);
      return 1;
    }
    p += nl;
  }
  return 0;
}

static char *unescape(an_arena *A, const char *s, size_t n)
{
  char *o = an_arena_alloc(A, n + 1);
  size_t i, k = 0;
  static const struct { const char *e; char c; } ents[] = { { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
                                                            { "&quot;", '"' }, { "&apos;", '\'' } };
  if (!o) return NULL;
  for (i = 0; i < n; i++) {
    size_t q;
    int done = 0;
    if (s[i] == '&')
      for (q = 0; q < 5 && !done; q++) {
        size_t el = strlen(ents[q].e);
        if (i + el <= n && !memcmp(s + i, ents[q].e, el)) { o[k++] = ents[q].c; i += el - 1; done = 1; }
      }
    if (!done) o[k++] = s[i];
  }
  o[k] = '\0';
  return o;
}

/* PETRARCH validation XML, read by hand: real files are often not well-formed
** (a self-closed <Sentence/> followed by its records and a stray </Sentence>), so
** each <Sentence ...> tag opens a record that runs to the next one; inside it come
** <EventCoding .../> tags and one <Text>...</Text>. Comments are skipped. */
static int read_xml(an_arena *A, const char *path, grec **out, size_t *n, char *errbuf, size_t errlen)
{
  char *buf, *p;
  size_t len = 0, rcap = 0;
  if (!(buf = slurp(A, path, &len))) { snprintf(errbuf, errlen, "%s: cannot read", path); return -1; }
  /* blank out comments so their contents never look like tags */
  for (p = buf; (p = strstr(p, "<!--")) != NULL;) {
    char *e = strstr(p + 4, "-->");
    size_t m = e ? (size_t)(e + 3 - p) : strlen(p);
    memset(p, ' ', m);
    p += m;
  }
  if (!strstr(buf, "<Sentence")) { snprintf(errbuf, errlen, "%s: no <Sentence> records", path); return -1; }
  p = buf;
  while ((p = strstr(p, "<Sentence")) != NULL) {
    char *next, *q, v[256];
    grec *r;
    if (p[9] != ' ' && p[9] != '>' && p[9] != '\n' && p[9] != '\t' && p[9] != '/') { p += 9; continue; }  /* <Sentences> */
    next = p + 9;
    while ((next = strstr(next, "<Sentence")) != NULL && !(next[9] == ' ' || next[9] == '>' || next[9] == '\n' || next[9] == '\t')) next += 9;
    if (*n == rcap) {
      size_t nc = rcap ? rcap * 2 : 32;
      grec *nv = grow(A, *out, *n * sizeof *nv, nc * sizeof *nv);
      if (!nv) return -1;
      *out = nv; rcap = nc;
    }
    r = &(*out)[(*n)++];
    memset(r, 0, sizeof *r);
    if (tag_attr(p, "id", v, sizeof v)) snprintf(r->id, sizeof r->id, "%.127s", v);
    if (tag_attr(p, "date", v, sizeof v)) snprintf(r->date, sizeof r->date, "%.15s", v);
    for (q = p + 9; (q = strstr(q, "<EventCoding")) != NULL && (!next || q < next); q += 12) {
      char src[64], tgt[64], code[16];
      if (tag_attr(q, "sourcecode", src, sizeof src) && tag_attr(q, "targetcode", tgt, sizeof tgt) &&
          tag_attr(q, "eventcode", code, sizeof code))
        if (push_ev(A, &r->ev, &r->n_ev, &r->cap_ev, src, tgt, code) < 0) return -1;
    }
    if ((q = strstr(p, "<Text>")) != NULL && (!next || q < next)) {
      char *e = strstr(q, "</Text>");
      if (e) r->text = unescape(A, q + 6, (size_t)(e - q - 6));
    }
    if (!r->text && !(r->text = astrdup(A, ""))) return -1;
    if (!next) break;
    p = next;
  }
  return 0;
}

static double now_s(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double f1(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0.0; }

annals_status annals_eval_events(annals_engine *e, const char *gold_path, annals_event_scores *out,
                                 void (*fn)(void *ud, const annals_eval_sentence *s), void *ud,
                                 char *errbuf, size_t errlen)
{
  grec *g = NULL;
  size_t n = 0, i;
  annals_doc *doc = NULL;
  annals_status rc = ANNALS_OK;
  tally L = { 0, 0, 0, 0, 0, 0 }, S = { 0, 0, 0, 0, 0, 0 };
  FILE *fp;
  int c = EOF;
  double t0 = now_s();
  char dummy[8];
  an_mem mem;
  an_arena A;
  memset(&A, 0, sizeof A);
  if (!errbuf) { errbuf = dummy; errlen = sizeof dummy; }
  errbuf[0] = '\0';
  memset(out, 0, sizeof *out);
  out->status_accuracy = -1;
  if (!e || !gold_path) return ANNALS_EMISUSE;
  if (!e->dict) { snprintf(errbuf, errlen, "no dictionaries loaded"); return ANNALS_EMISUSE; }
  if (!(fp = fopen(gold_path, "rb"))) { snprintf(errbuf, errlen, "%s: cannot open", gold_path); return ANNALS_EIO; }
  while ((c = fgetc(fp)) != EOF && (c == ' ' || c == '\n' || c == '\r' || c == '\t')) {}
  fclose(fp);
  an_mem_init(&mem, e->mem.fn, e->mem.ud);
  an_arena_init(&A, &mem, 1u << 16);
  if ((c == '<' ? read_xml(&A, gold_path, &g, &n, errbuf, errlen) : read_jsonl(e, &A, gold_path, &g, &n, errbuf, errlen)) < 0) {
    rc = mem.failed ? ANNALS_ENOMEM : ANNALS_EFORMAT;
    if (mem.failed) snprintf(errbuf, errlen, "out of memory");
    goto done;
  }
  if ((rc = annals_doc_new(e, &doc)) != ANNALS_OK) goto done;
  for (i = 0; i < n; i++) {
    grec *r = &g[i];
    pev p[256];
    int np = 0;
    size_t k, q;
    const char **pred = NULL, **missed = NULL, **spur = NULL;
    size_t nm = 0, ns = 0;
    /* gold texts are whole sentences: no headline or truncation guesses */
    if ((rc = an_doc_segment(doc, r->text, strlen(r->text), 0, ANNALS_STORY_SENTENCES)) != ANNALS_OK ||
        (rc = annals_doc_parse(doc)) != ANNALS_OK || (rc = annals_doc_code(doc, r->date)) != ANNALS_OK) {
      snprintf(errbuf, errlen, "%s: %s", r->id, annals_doc_errmsg(doc));
      goto done;
    }
    for (k = 0; k < annals_doc_event_count(doc) && np < 256; k++) {
      const annals_event *ev = annals_doc_event(doc, k);
      const char *src = *ev->source.code ? ev->source.code : "---", *tgt = *ev->target.code ? ev->target.code : "---";
      int dup = 0;
      for (q = 0; q < (size_t)np; q++) if (!strcmp(p[q].src, src) && !strcmp(p[q].tgt, tgt) && !strcmp(p[q].code, ev->code)) dup = 1;
      if (dup) continue;
      p[np].src = src; p[np].tgt = tgt; p[np].code = ev->code; p[np].status = annals_claim_status_str(ev->status);
      np++;
    }
    if (score(&A, r, p, np, 1, &S, NULL, NULL, NULL, NULL) < 0 ||
        score(&A, r, p, np, 0, &L, fn ? &missed : NULL, &nm, fn ? &spur : NULL, &ns) < 0) {
      rc = ANNALS_ENOMEM;
      snprintf(errbuf, errlen, "out of memory");
      goto done;
    }
    out->gold_events += r->n_ev;
    out->pred_events += (size_t)np;
    if (fn) {
      annals_eval_sentence es;
      if ((pred = an_arena_alloc(&A, ((size_t)np + 1) * sizeof *pred)) != NULL) {
        for (k = 0; k < (size_t)np; k++) {
          char buf[200];
          snprintf(buf, sizeof buf, "%s>%s:%s", p[k].src, p[k].tgt, p[k].code);
          if (!(pred[k] = astrdup(&A, buf))) pred[k] = "";
        }
      }
      es.id = r->id; es.text = r->text;
      es.pred = pred; es.n_pred = pred ? (size_t)np : 0;
      es.missed = missed; es.n_missed = nm;
      es.spurious = spur; es.n_spurious = ns;
      fn(ud, &es);
    }
  }
  out->sentences = n;
  out->tp = L.tp; out->fp = L.fp; out->fn = L.fn; out->ignored = L.ign;
  out->precision = L.tp + L.fp ? (double)L.tp / (double)(L.tp + L.fp) : 0.0;
  out->recall = L.tp + L.fn ? (double)L.tp / (double)(L.tp + L.fn) : 0.0;
  out->f1 = f1(out->precision, out->recall);
  out->strict_tp = S.tp; out->strict_fp = S.fp; out->strict_fn = S.fn;
  out->strict_precision = S.tp + S.fp ? (double)S.tp / (double)(S.tp + S.fp) : 0.0;
  out->strict_recall = S.tp + S.fn ? (double)S.tp / (double)(S.tp + S.fn) : 0.0;
  out->strict_f1 = f1(out->strict_precision, out->strict_recall);
  out->status_evaluated = L.st_n; out->status_correct = L.st_ok;
  out->status_accuracy = L.st_n ? (double)L.st_ok / (double)L.st_n : -1;
  out->seconds = now_s() - t0;
done:
  annals_doc_free(doc);
  an_arena_fini(&A);
  return rc;
}
