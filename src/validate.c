/* validate.c: annals_validate, the runner for PETRARCH validation files
** (PETR.UnitTest.records.xml; petrarch-formats.md 9). Each record with
** sentence="true" is segmented, parsed and coded by annals itself (the <Parse> is
** ignored); its set of (source, target, code) must equal the expected set.
** Invariant: Config elements apply, in document order, to the records after them. */
#include "coder.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct vpriv {
  an_mem mem;
  an_arena arena;
  annals_validate_record *rec; size_t n_rec, cap_rec;
  annals_validate_category *cat; size_t n_cat, cap_cat;
} vpriv;

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *attr(vpriv *p, xmlNodePtr n, const char *name)
{
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  char *s;
  if (!v) return NULL;
  s = an_arena_strndup(&p->arena, (const char *)v, strlen((const char *)v));
  xmlFree(v);
  return s;
}

static char *content(vpriv *p, xmlNodePtr n)
{
  xmlChar *v = xmlNodeGetContent(n);
  char *s, *q;
  size_t len;
  if (!v) return an_arena_strndup(&p->arena, "", 0);
  len = strlen((const char *)v);
  s = an_arena_strndup(&p->arena, (const char *)v, len);
  xmlFree(v);
  if (!s) return NULL;
  for (q = s; *q; q++) if (*q == '\n' || *q == '\r' || *q == '\t') *q = ' ';
  /* trim */
  while (len && s[len - 1] == ' ') s[--len] = '\0';
  q = s;
  while (*q == ' ') q++;
  return q;
}

static int is_el(xmlNodePtr n, const char *name)
{
  return n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, name);
}

static int has_false(const char *v)
{
  char b[64];
  size_t i;
  for (i = 0; v[i] && i + 1 < sizeof b; i++) b[i] = (char)(v[i] >= 'A' && v[i] <= 'Z' ? v[i] + 32 : v[i]);
  b[i] = '\0';
  return strstr(b, "false") != NULL;
}

static void apply_config(an_code_opts *o, const char *opt, const char *val)
{
  int iv;
  if (!opt || !val) return;
  iv = atoi(val);
  if (!strcmp(opt, "require_dyad")) o->require_dyad = !has_false(val);
  else if (!strcmp(opt, "new_actor_length")) o->new_actor_length = iv;
  else if (!strcmp(opt, "comma_min")) o->comma_min = iv;
  else if (!strcmp(opt, "comma_max")) o->comma_max = iv;
  else if (!strcmp(opt, "comma_bmin")) o->comma_bmin = iv;
  else if (!strcmp(opt, "comma_bmax")) o->comma_bmax = iv;
  else if (!strcmp(opt, "comma_emin")) o->comma_emin = iv;
  else if (!strcmp(opt, "comma_emax")) o->comma_emax = iv;
}

static int ev_cmp(const void *a, const void *b)
{
  const annals_validate_event *x = a, *y = b;
  int c = strcmp(x->source, y->source);
  if (!c) c = strcmp(x->target, y->target);
  if (!c) c = strcmp(x->code, y->code);
  return c;
}

/* Sort and remove duplicates; returns the new count. */
static size_t ev_set(annals_validate_event *e, size_t n)
{
  size_t i, k = 0;
  if (n > 1) qsort(e, n, sizeof *e, ev_cmp);
  for (i = 0; i < n; i++) if (!k || ev_cmp(&e[k - 1], &e[i])) e[k++] = e[i];
  return k;
}

static annals_validate_category *category(vpriv *p, const char *name)
{
  size_t i;
  for (i = 0; i < p->n_cat; i++) if (!strcmp(p->cat[i].name, name)) return &p->cat[i];
  if (an_mem_grow(&p->mem, (void **)&p->cat, &p->cap_cat, p->n_cat + 1, sizeof *p->cat) < 0) return NULL;
  p->cat[p->n_cat].name = name; p->cat[p->n_cat].records = p->cat[p->n_cat].passed = 0;
  return &p->cat[p->n_cat++];
}

static const char *join(vpriv *p, const char *dir, const char *name)
{
  size_t a = strlen(dir), b = strlen(name);
  char *s = an_arena_alloc(&p->arena, a + b + 2);
  if (!s) return NULL;
  memcpy(s, dir, a);
  s[a] = '/';
  memcpy(s + a + 1, name, b + 1);
  return s;
}

static void log_cb(void *ud, int level, const char *msg)
{
  const annals_config *cfg = ud;
  if (cfg && cfg->log_fn) cfg->log_fn(cfg->ud, level, msg);
}

/* Code one record's text: every sentence the segmenter finds, events united. */
static annals_status code_text(vpriv *p, const an_dict *d, const an_code_opts *o, annals_doc *doc, const char *text,
                               long date, annals_validate_event **out, size_t *n_out)
{
  annals_status rc;
  size_t i, k, n = 0, cap = 0;
  annals_validate_event *ev = NULL;
  an_arena tmp;
  *out = NULL; *n_out = 0;
  if (an_dict_discard(d, text, strlen(text))) return ANNALS_OK;
  if ((rc = annals_doc_segment_text(doc, text, strlen(text))) != ANNALS_OK) return rc;
  if ((rc = annals_doc_parse(doc)) != ANNALS_OK) return rc;
  an_arena_init(&tmp, &p->mem, 1u << 16);
  for (i = 0; i < annals_doc_sentence_count(doc); i++) {
    const annals_sentence *st = annals_doc_sentence(doc, i);
    annals_token *w = an_arena_alloc(&tmp, (st->count + 1) * sizeof *w);
    an_event *e;
    size_t ne;
    if (!w) { rc = ANNALS_ENOMEM; break; }
    for (k = 0; k < st->count; k++) w[k] = *annals_doc_token(doc, st->first + k);
    if ((rc = an_code_sentence(d, o, w, st->count, date, &tmp, &e, &ne)) != ANNALS_OK) break;
    for (k = 0; k < ne; k++) {
      if (n == cap) {
        size_t nc = cap ? cap * 2 : 8;
        annals_validate_event *nv = an_arena_alloc(&p->arena, nc * sizeof *nv);
        if (!nv) { rc = ANNALS_ENOMEM; goto done; }
        if (n) memcpy(nv, ev, n * sizeof *nv);
        ev = nv; cap = nc;
      }
      ev[n].source = an_arena_strndup(&p->arena, e[k].source, strlen(e[k].source));
      ev[n].target = an_arena_strndup(&p->arena, e[k].target, strlen(e[k].target));
      ev[n].code = an_arena_strndup(&p->arena, e[k].code, strlen(e[k].code));
      if (!ev[n].source || !ev[n].target || !ev[n].code) { rc = ANNALS_ENOMEM; goto done; }
      n++;
    }
  }
done:
  an_arena_fini(&tmp);
  if (rc == ANNALS_OK) { *out = ev; *n_out = ev_set(ev, n); }
  return rc;
}

annals_status annals_validate(const annals_config *cfg, const char *xml_path, const char *dict_dir,
                              annals_validate_report *out, char *errbuf, size_t errlen)
{
  annals_status rc = ANNALS_OK;
  vpriv *p = NULL;
  xmlDocPtr xd = NULL;
  xmlNodePtr root, n, env = NULL, sents = NULL;
  const char *actors[16];
  an_dict_files files;
  an_dict *d = NULL;
  an_err err;
  an_code_opts opts;
  annals_engine *eng = NULL;
  annals_doc *doc = NULL;
  double t0;
  an_mem boot;
  memset(out, 0, sizeof *out);
  memset(&files, 0, sizeof files);
  memset(&err, 0, sizeof err);
  if (errbuf && errlen) errbuf[0] = '\0';
  if (!cfg || !xml_path || !dict_dir) return ANNALS_EMISUSE;
  if (!cfg->model_path) {
    if (errbuf) snprintf(errbuf, errlen, "validate needs a parsing model (model_path)");
    return ANNALS_EMISUSE;
  }
  an_mem_init(&boot, cfg->realloc_fn, cfg->ud);
  if (!(p = an_mem_calloc(&boot, 1, sizeof *p))) return ANNALS_ENOMEM;
  p->mem = boot;
  an_arena_init(&p->arena, &p->mem, 1u << 16);
  xd = xmlReadFile(xml_path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (!xd) {
    const xmlError *xe = xmlGetLastError();
    if (errbuf) snprintf(errbuf, errlen, "%s:%d: malformed XML: %s", xml_path, xe ? xe->line : 0,
                         xe && xe->message ? xe->message : "cannot read");
    rc = ANNALS_EFORMAT;
    goto done;
  }
  root = xmlDocGetRootElement(xd);
  for (n = root ? root->children : NULL; n; n = n->next) {
    if (is_el(n, "Environment")) env = n;
    else if (is_el(n, "Sentences")) sents = n;
  }
  if (!env || !sents) {
    if (errbuf) snprintf(errbuf, errlen, "%s: no <Environment> or <Sentences> element", xml_path);
    rc = ANNALS_EFORMAT;
    goto done;
  }
  an_code_opts_default(&opts);
  for (n = env->children; n; n = n->next) {
    const char *v;
    if (n->type != XML_ELEMENT_NODE) continue;
    if (is_el(n, "Config")) { apply_config(&opts, attr(p, n, "option"), attr(p, n, "value")); continue; }
    if (!(v = content(p, n))) { rc = ANNALS_ENOMEM; goto done; }
    if (is_el(n, "Verbfile")) files.verbs = join(p, dict_dir, v);
    else if (is_el(n, "Actorfile") && files.n_actors < 16) actors[files.n_actors++] = join(p, dict_dir, v);
    else if (is_el(n, "Agentfile")) files.agents = join(p, dict_dir, v);
    else if (is_el(n, "Discardfile")) files.discards = join(p, dict_dir, v);
    else if (is_el(n, "Issuefile")) files.issues = join(p, dict_dir, v);
  }
  files.actors = actors;
  files.log_fn = log_cb; files.log_ud = (void *)cfg;
  t0 = now_s();
  if ((rc = an_dict_load(&p->mem, &files, &d, &err)) != ANNALS_OK) {
    if (errbuf) snprintf(errbuf, errlen, "%s", err.msg);
    goto done;
  }
  out->load_seconds = now_s() - t0;
  t0 = now_s();
  if ((rc = annals_engine_open(cfg, &eng, errbuf, errlen)) != ANNALS_OK) goto done;
  if ((rc = annals_doc_new(eng, &doc)) != ANNALS_OK) goto done;
  for (n = sents->children; n; n = n->next) {
    annals_validate_record r;
    annals_validate_category *c;
    xmlNodePtr k;
    const char *valid, *date;
    size_t ne = 0, cap = 0;
    annals_validate_event *exp = NULL;
    if (is_el(n, "Config")) { apply_config(&opts, attr(p, n, "option"), attr(p, n, "value")); continue; }
    if (is_el(n, "Stop")) break;
    if (!is_el(n, "Sentence")) continue;
    valid = attr(p, n, "sentence");
    if (!valid) valid = attr(p, n, "valid");
    if (!valid || (strcmp(valid, "true") && strcmp(valid, "True") && strcmp(valid, "TRUE"))) continue;
    memset(&r, 0, sizeof r);
    r.id = attr(p, n, "id");
    r.category = attr(p, n, "category");
    if (!r.id) r.id = "";
    if (!r.category) r.category = "";
    r.expected_error = "";
    r.line = (unsigned long)xmlGetLineNo(n);
    date = attr(p, n, "date");
    r.text = "";
    for (k = n->children; k; k = k->next) {
      if (is_el(k, "Text")) { if (!(r.text = content(p, k))) { rc = ANNALS_ENOMEM; goto done; } }
      else if (is_el(k, "EventCoding")) {
        const char *src = attr(p, k, "sourcecode"), *tgt = attr(p, k, "targetcode"), *code = attr(p, k, "eventcode");
        const char *er = attr(p, k, "error");
        if (er) r.expected_error = er;
        if (src && tgt && code) {
          if (ne == cap) {
            size_t nc = cap ? cap * 2 : 4;
            annals_validate_event *nv = an_arena_alloc(&p->arena, nc * sizeof *nv);
            if (!nv) { rc = ANNALS_ENOMEM; goto done; }
            if (ne) memcpy(nv, exp, ne * sizeof *nv);
            exp = nv; cap = nc;
          }
          exp[ne].source = src; exp[ne].target = tgt; exp[ne].code = code;
          ne++;
        }
      }
    }
    r.expected = exp;
    r.n_expected = ev_set(exp, ne);
    {
      annals_validate_event *prod;
      size_t np, i;
      if ((rc = code_text(p, d, &opts, doc, r.text, date ? atol(date) : 0, &prod, &np)) != ANNALS_OK) goto done;
      r.produced = prod; r.n_produced = np;
      r.passed = np == r.n_expected;
      for (i = 0; r.passed && i < np; i++) if (ev_cmp(&prod[i], &r.expected[i])) r.passed = 0;
    }
    if (an_mem_grow(&p->mem, (void **)&p->rec, &p->cap_rec, p->n_rec + 1, sizeof *p->rec) < 0 ||
        !(c = category(p, r.category))) { rc = ANNALS_ENOMEM; goto done; }
    p->rec[p->n_rec++] = r;
    c->records++; out->records++;
    if (r.passed) { c->passed++; out->passed++; }
  }
  out->code_seconds = now_s() - t0;
  if (p->mem.failed) rc = ANNALS_ENOMEM;
done:
  annals_doc_free(doc);
  annals_engine_close(eng);
  an_dict_free(d);
  if (xd) xmlFreeDoc(xd);
  if (rc == ANNALS_ENOMEM && errbuf && !errbuf[0]) snprintf(errbuf, errlen, "out of memory");
  if (rc != ANNALS_OK) {
    double ls = out->load_seconds;
    AN_UNUSED(ls);
    if (p) {
      an_mem m = p->mem;
      an_mem_free(&m, p->rec, p->cap_rec * sizeof *p->rec);
      an_mem_free(&m, p->cat, p->cap_cat * sizeof *p->cat);
      an_arena_fini(&p->arena);
      an_mem_free(&m, p, sizeof *p);
    }
    memset(out, 0, sizeof *out);
    return rc;
  }
  out->rec = p->rec; out->n_rec = p->n_rec;
  out->cat = p->cat; out->n_cat = p->n_cat;
  out->priv = p;
  return ANNALS_OK;
}

void annals_validate_report_free(annals_validate_report *r)
{
  vpriv *p;
  an_mem m;
  if (!r || !r->priv) return;
  p = r->priv;
  m = p->mem;
  an_mem_free(&m, p->rec, p->cap_rec * sizeof *p->rec);
  an_mem_free(&m, p->cat, p->cap_cat * sizeof *p->cat);
  an_arena_fini(&p->arena);
  an_mem_free(&m, p, sizeof *p);
  memset(r, 0, sizeof *r);
}
