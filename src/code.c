/* code.c: event coding behind the public API: the engine's dictionaries and coding
** options, and annals_doc_code, which hands each parsed body sentence to the coder
** (coder.h) and publishes its events with texts and byte spans. */
#include "doc_int.h"
#include "coder.h"

#include <ctype.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const phoenix_actors[] = {
  "Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"
};

/* dir + "/" + name in the arena-less way: a small heap string the caller frees. */
static char *join(an_mem *m, const char *dir, const char *name)
{
  size_t a, b;
  char *p;
  if (!name) return NULL;
  if (!dir || !*dir || name[0] == '/') return an_mem_strndup(m, name, strlen(name));
  a = strlen(dir);
  b = strlen(name);
  p = an_mem_alloc(m, a + b + 2);
  if (!p) return NULL;
  memcpy(p, dir, a);
  p[a] = '/';
  memcpy(p + a + 1, name, b + 1);
  return p;
}

static void free_str(an_mem *m, char *s) { if (s) an_mem_free(m, s, strlen(s) + 1); }

/* "key=value" pairs separated by commas, blanks or newlines. */
static annals_status parse_options(an_code_opts *o, const char *s, char *errbuf, size_t errlen)
{
  static const struct { const char *key; size_t off; } keys[] = {
    { "require_dyad", offsetof(an_code_opts, require_dyad) },
    { "new_actor_length", offsetof(an_code_opts, new_actor_length) },
    { "comma_min", offsetof(an_code_opts, comma_min) },
    { "comma_max", offsetof(an_code_opts, comma_max) },
    { "comma_bmin", offsetof(an_code_opts, comma_bmin) },
    { "comma_bmax", offsetof(an_code_opts, comma_bmax) },
    { "comma_emin", offsetof(an_code_opts, comma_emin) },
    { "comma_emax", offsetof(an_code_opts, comma_emax) },
    { "lemma_verbs", offsetof(an_code_opts, lemma_verbs) },
  };
  while (s && *s) {
    char key[64], val[64];
    size_t k = 0, v = 0, i;
    while (*s == ',' || *s == ' ' || *s == '\n' || *s == '\t' || *s == ';') s++;
    if (!*s) break;
    while (*s && *s != '=' && *s != ',' && *s != ' ' && *s != '\n' && k + 1 < sizeof key) key[k++] = *s++;
    key[k] = '\0';
    while (*s == ' ') s++;
    if (*s != '=') goto bad;
    s++;
    while (*s == ' ') s++;
    while (*s && *s != ',' && *s != ' ' && *s != '\n' && *s != ';' && v + 1 < sizeof val) val[v++] = *s++;
    val[v] = '\0';
    for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
      if (strcmp(key, keys[i].key)) continue;
      {
        int *slot = (int *)(void *)((char *)o + keys[i].off);
        char *end;
        if (!strcasecmp(val, "true") || !strcasecmp(val, "yes")) *slot = 1;
        else if (!strcasecmp(val, "false") || !strcasecmp(val, "no")) *slot = 0;
        else {
          long n = strtol(val, &end, 10);
          if (!*val || *end || n < 0 || n > 1000) {
            if (errbuf) snprintf(errbuf, errlen, "coding option %s: bad value \"%s\"", key, val);
            return ANNALS_EFORMAT;
          }
          *slot = (int)n;
        }
      }
      break;
    }
    if (i == sizeof keys / sizeof keys[0]) {
      if (errbuf) snprintf(errbuf, errlen, "unknown coding option \"%s\"", key);
      return ANNALS_EFORMAT;
    }
  }
  return ANNALS_OK;
bad:
  if (errbuf) snprintf(errbuf, errlen, "coding options: expected key=value near \"%.20s\"", s);
  return ANNALS_EFORMAT;
}

/* Dictionary lines the loader skips are the dictionary's problem, not the run's:
** they are listed at INFO level and summed up in one warning. */
typedef struct dict_log { annals_engine *e; unsigned long skipped; } dict_log;

static void dict_log_fn(void *ud, int level, const char *msg)
{
  dict_log *l = ud;
  if (level == ANNALS_LOG_WARN) { l->skipped++; level = ANNALS_LOG_INFO; }
  if (l->e->log_fn) l->e->log_fn(l->e->ud, level, msg);
}

annals_status an_engine_load_dict(annals_engine *e, const annals_config *cfg, char *errbuf, size_t errlen)
{
  dict_log dl = { e, 0 };
  const annals_dict_spec *sp = cfg->dict;
  an_dict_files f;
  an_err err;
  annals_status rc = ANNALS_OK;
  char *verbs = NULL, *agents = NULL, *discards = NULL, *issues = NULL;
  char *actors[64];
  const char *actor_ptrs[64];
  size_t i, n_act = sp->n_actors ? sp->n_actors : sizeof phoenix_actors / sizeof phoenix_actors[0];
  err.msg[0] = '\0';
  an_code_opts_default(&e->code_opts);
  if ((rc = parse_options(&e->code_opts, cfg->code_options, errbuf, errlen)) != ANNALS_OK) return rc;
  if (sp->format == ANNALS_DICT_ANNALS) {
    an_own_opts oo;
    memset(&oo, 0, sizeof oo);
    if (!sp->dir) {
      if (errbuf) snprintf(errbuf, errlen, "no dictionary directory given");
      return ANNALS_EMISUSE;
    }
    rc = an_dict_load_own(&e->mem, sp->dir, &oo, &e->dict, &err);
    if (rc != ANNALS_OK && errbuf && errlen) snprintf(errbuf, errlen, "%s", err.msg);
    return rc;
  }
  if (n_act > 64) {
    if (errbuf) snprintf(errbuf, errlen, "too many actor files (%zu, at most 64)", n_act);
    return ANNALS_ELIMIT;
  }
  memset(actors, 0, sizeof actors);
  verbs = join(&e->mem, sp->dir, sp->verbs ? sp->verbs : "CAMEO.2.0.txt");
  agents = join(&e->mem, sp->dir, sp->agents ? sp->agents : "Phoenix.agents.txt");
  discards = join(&e->mem, sp->dir, sp->discards ? sp->discards : "Phoenix.discards.txt");
  if (sp->issues) issues = join(&e->mem, sp->dir, sp->issues);
  else {
    issues = join(&e->mem, sp->dir, "Phoenix.IssueCoding.txt");
    if (issues) {
      FILE *fp = fopen(issues, "rb");
      if (fp) fclose(fp);
      else { free_str(&e->mem, issues); issues = NULL; }
    }
  }
  for (i = 0; i < n_act; i++) {
    actors[i] = join(&e->mem, sp->dir, sp->n_actors ? sp->actors[i] : phoenix_actors[i]);
    actor_ptrs[i] = actors[i];
    if (!actors[i]) rc = ANNALS_ENOMEM;
  }
  if (!verbs || !agents || !discards || rc) { rc = ANNALS_ENOMEM; goto done; }
  memset(&f, 0, sizeof f);
  f.verbs = verbs;
  f.actors = actor_ptrs;
  f.n_actors = n_act;
  f.agents = agents;
  f.discards = discards;
  f.issues = issues;
  f.log_fn = dict_log_fn;
  f.log_ud = &dl;
  rc = an_dict_load(&e->mem, &f, &e->dict, &err);
  if (rc != ANNALS_OK && errbuf && errlen) snprintf(errbuf, errlen, "%s", err.msg);
  if (rc == ANNALS_OK && dl.skipped && e->log_fn) {
    char msg[512];
    snprintf(msg, sizeof msg, "%s: %lu dictionary entr%s skipped as malformed (--verbose lists them)",
             sp->dir ? sp->dir : verbs, dl.skipped, dl.skipped == 1 ? "y" : "ies");
    e->log_fn(e->ud, ANNALS_LOG_INFO, msg);
  }
done:
  free_str(&e->mem, verbs);
  free_str(&e->mem, agents);
  free_str(&e->mem, discards);
  free_str(&e->mem, issues);
  for (i = 0; i < n_act; i++) free_str(&e->mem, actors[i]);
  return rc;
}

void an_engine_free_dict(annals_engine *e)
{
  an_dict_free(e->dict);
  e->dict = NULL;
}

/* "2026-03-03...", "20260303" -> 20260303; 0 when not a date. */
static long story_date(const char *s)
{
  long y, m, d;
  size_t i;
  if (!s) return 0;
  for (i = 0; i < 8 && s[i] >= '0' && s[i] <= '9'; i++) {}
  if (i < 4) return 0;
  y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  if (i == 8) {
    m = (s[4] - '0') * 10 + (s[5] - '0');
    d = (s[6] - '0') * 10 + (s[7] - '0');
  } else if (i == 4 && s[4] == '-' && isdigit((unsigned char)s[5]) && isdigit((unsigned char)s[6]) &&
             s[7] == '-' && isdigit((unsigned char)s[8]) && isdigit((unsigned char)s[9])) {
    m = (s[5] - '0') * 10 + (s[6] - '0');
    d = (s[8] - '0') * 10 + (s[9] - '0');
  } else {
    return 0;
  }
  if (m < 1 || m > 12 || d < 1 || d > 31) return 0;
  return y * 10000 + m * 100 + d;
}

static void set_actor(annals_doc *d, const annals_sentence *s, int32_t a, int32_t b,
                      const char *code, const char *entry, annals_event_actor *out)
{
  out->code = code ? code : "";
  out->entry = entry ? entry : "";
  out->text = "";
  out->start = out->end = 0;
  if (a < 0 || b < a || (size_t)b >= s->count) return;
  out->start = d->tok[s->first + (size_t)a].start;
  out->end = d->tok[s->first + (size_t)b].end;
  out->text = an_doc_words_text(d, s->first + (size_t)a, s->first + (size_t)b + 1);
  if (!out->text) out->text = "";
}

annals_status annals_doc_code(annals_doc *d, const char *date)
{
  size_t i, k;
  long day;
  if (!d) return ANNALS_EMISUSE;
  if (!d->engine->dict) return an_err_set(&d->err, ANNALS_EMISUSE, "no dictionaries loaded: cannot code");
  d->n_ev = 0;
  d->n_coded = 0;
  day = story_date(date);
  for (i = 0; i < d->n_sent; i++) {
    const annals_sentence *s = &d->sent[i];
    an_event *ev = NULL;
    size_t n_ev = 0, n_iss = 0;
    annals_issue *issues = NULL;
    annals_status rc;
    if (!(s->flags & ANNALS_SENT_BODY) || (s->flags & ANNALS_SENT_TRUNCATED) || !s->count) continue;
    if (d->tok[s->first].head < 0) return an_err_set(&d->err, ANNALS_EMISUSE, "annals_doc_code before annals_doc_parse");
    d->n_coded++;
    if (an_dict_discard(d->engine->dict, s->text, strlen(s->text)) == 2) {
      d->n_ev = 0;               /* a story discard: nothing of this story is coded */
      return ANNALS_OK;
    }
    rc = an_code_sentence(d->engine->dict, &d->engine->code_opts, &d->tok[s->first], s->count, day,
                          &d->arena, &ev, &n_ev);
    if (rc != ANNALS_OK) return an_err_set(&d->err, rc, "coding failed: %s", annals_status_str(rc));
    if (!n_ev) continue;
    if (an_mem_grow(&d->mem, (void **)&d->ev, &d->cap_ev, d->n_ev + n_ev, sizeof *d->ev))
      return an_err_set(&d->err, ANNALS_ENOMEM, "out of memory");
    {
      an_issue_count *iss = NULL;
      size_t q;
      n_iss = 0;
      issues = NULL;
      rc = an_code_issues(d->engine->dict, &d->tok[s->first], s->count, &d->arena, &iss, &n_iss);
      if (rc != ANNALS_OK) return an_err_set(&d->err, rc, "issue coding failed: %s", annals_status_str(rc));
      if (n_iss) {
        issues = an_arena_alloc(&d->arena, n_iss * sizeof *issues);
        if (!issues) return an_err_set(&d->err, ANNALS_ENOMEM, "out of memory");
        for (q = 0; q < n_iss; q++) { issues[q].code = iss[q].code; issues[q].count = iss[q].count; }
      }
    }
    for (k = 0; k < n_ev; k++) {
      annals_event *o = &d->ev[d->n_ev++];
      const an_event *e = &ev[k];
      memset(o, 0, sizeof *o);
      o->sentence = i;
      o->code = e->code;
      set_actor(d, s, e->src_first, e->src_last, e->source, e->src_entry, &o->source);
      set_actor(d, s, e->tgt_first, e->tgt_last, e->target, e->tgt_entry, &o->target);
      o->pattern = e->pattern ? e->pattern : "";
      o->status = e->status;
      set_actor(d, s, e->claim_first, e->claim_last, e->claimant, e->claim_entry, &o->claimant);
      {
        long dd = e->date ? e->date : day;
        o->date_from_text = e->date != 0;
        o->date = "";
        if (dd) {
          char b[16];
          snprintf(b, sizeof b, "%04ld-%02ld-%02ld", dd / 10000 % 10000, dd / 100 % 100, dd % 100);
          if (!(o->date = an_arena_strndup(&d->arena, b, 10))) return an_err_set(&d->err, ANNALS_ENOMEM, "out of memory");
        }
      }
      o->verb_text = o->verb_lemma = "";
      if (e->verb >= 0 && (size_t)e->verb < s->count) {
        const annals_token *v = &d->tok[s->first + (size_t)e->verb];
        o->verb_text = v->text;
        o->verb_lemma = v->lemma ? v->lemma : v->text;
        o->verb_start = v->start;
        o->verb_end = v->end;
      }
      o->dict_file = e->dict_file ? e->dict_file : "";
      o->dict_line = e->dict_line;
      o->flags = (e->flags & AN_EV_PAIRED ? ANNALS_EVENT_PAIRED : 0u) |
                 (e->flags & AN_EV_PASSIVE ? ANNALS_EVENT_PASSIVE : 0u) |
                 (e->flags & AN_EV_DERIVED ? ANNALS_EVENT_DERIVED : 0u);
      o->issues = issues;
      o->n_issues = n_iss;
    }
    if (d->mem.failed) return an_err_set(&d->err, ANNALS_ENOMEM, "out of memory");
  }
  return ANNALS_OK;
}

const char *annals_claim_status_str(int status)
{
  static const char *const names[] = { "asserted", "claimed", "denied", "unverified", "hypothetical", "negated" };
  return status >= 0 && status < 6 ? names[status] : "";
}

size_t annals_doc_event_count(const annals_doc *d) { return d ? d->n_ev : 0; }
size_t annals_doc_coded_count(const annals_doc *d) { return d ? d->n_coded : 0; }
const annals_event *annals_doc_event(const annals_doc *d, size_t i)
{
  return d && i < d->n_ev ? &d->ev[i] : NULL;
}
