/* dict_lookup.c: the public faces of annals' own dictionaries beside coding:
** annals_dict_check (lint a directory) and annals_engine_lookup (what a phrase
** resolves to, and through which entry: the tool for "why this code?"). */
#include "doc_int.h"
#include "coder.h"
#include "segment_int.h"

#include <stdio.h>
#include <string.h>

annals_status annals_dict_check(const annals_config *cfg, const char *dir, size_t *n_errors, size_t *n_warnings,
                                char *errbuf, size_t errlen)
{
  an_mem mem;
  an_own_opts o;
  an_err err;
  an_dict *d = NULL;
  annals_status rc;
  if (n_errors) *n_errors = 0;
  if (n_warnings) *n_warnings = 0;
  if (!dir) return ANNALS_EMISUSE;
  an_mem_init(&mem, cfg ? cfg->realloc_fn : NULL, cfg ? cfg->ud : NULL);
  memset(&o, 0, sizeof o);
  o.check = 1;
  o.log_fn = cfg ? cfg->log_fn : NULL;
  o.log_ud = cfg ? cfg->ud : NULL;
  err.msg[0] = '\0';
  rc = an_dict_load_own(&mem, dir, &o, &d, &err);
  an_dict_free(d);
  if (n_errors) *n_errors = o.n_err;
  if (n_warnings) *n_warnings = o.n_warn;
  if (errbuf && errlen) snprintf(errbuf, errlen, "%s", err.msg);
  return rc;
}

static void fmt_range(const an_acode *c, char *out, size_t n)
{
  char a[24] = "", b[24] = "";
  if (c->kind != AC_RANGE) { snprintf(out, n, "undated"); return; }
  if (c->lo) snprintf(a, sizeof a, "%04ld-%02ld-%02ld", c->lo / 10000 % 10000, c->lo / 100 % 100, c->lo % 100);
  if (c->hi < 99999999L) snprintf(b, sizeof b, "%04ld-%02ld-%02ld", c->hi / 10000 % 10000, c->hi / 100 % 100, c->hi % 100);
  snprintf(out, n, "%s..%s", a, b);
}

typedef struct lk {
  const an_dict *d;
  char up[64][128];                             /* the phrase's words, upper case */
  char low[64][128];
  uint32_t id[64];
  uint32_t lem[64];                             /* a singular the dictionary knows, 0 none */
  size_t n;
} lk;

/* Without a model, lookup guesses the lemma the coder would see: a regular English
** plural's singular ("presidents", "militias", "Houthis"), when the dictionary has it. */
static uint32_t singular(const an_dict *d, const char *up, size_t n)
{
  char b[128];
  uint32_t id;
  if (n < 4 || n >= sizeof b) return 0;
  memcpy(b, up, n);
  if (n > 4 && !memcmp(up + n - 3, "IES", 3)) { b[n - 3] = 'Y'; if ((id = an_strtab_find(&d->words, b, n - 2))) return id; }
  if (!memcmp(up + n - 2, "ES", 2) && (id = an_strtab_find(&d->words, up, n - 2))) return id;
  if (up[n - 1] == 'S' && up[n - 2] != 'S') return an_strtab_find(&d->words, up, n - 1);
  return 0;
}

static int phrase_at(const lk *L, const an_phrase *ph, size_t at)
{
  uint16_t k;
  if (at + ph->n > L->n) return 0;
  for (k = 0; k < ph->n; k++) {
    if (L->id[at + k] != ph->w[k] && L->lem[at + k] != ph->w[k]) return 0;
    if (ph->caps && ph->caps[k] && strcmp(L->low[at + k], L->up[at + k])) return 0;   /* "us" is not "US" */
  }
  return 1;
}

static void words(const lk *L, size_t a, size_t b, char *out, size_t n)
{
  size_t o = 0, i;
  out[0] = '\0';
  for (i = a; i < b && o + 2 < n; i++) {
    int w = snprintf(out + o, n - o, "%s%s", i > a ? " " : "", L->low[i]);
    if (w < 0) break;
    o += (size_t)w;
  }
}

annals_status annals_engine_lookup(const annals_engine *e, const char *phrase, long date,
                                   void (*fn)(void *ud, const annals_lookup_hit *h), void *ud)
{
  const an_dict *d;
  an_seg g;
  an_mem mem;
  lk L;
  size_t t, i, j;
  annals_lookup_hit h;
  char matched[512], note[256], result[256] = "", result_entry[512] = "";
  size_t best_len = 0, best_at = 0;
  if (!e || !phrase || !fn) return ANNALS_EMISUSE;
  if (!(d = e->dict) || !d->own) return ANNALS_EMISUSE;
  memset(&L, 0, sizeof L);
  L.d = d;
  an_mem_init(&mem, e->mem.fn, e->mem.ud);      /* the engine's allocator (STYLE.md section 4) */
  memset(&g, 0, sizeof g);
  g.mem = &mem;
  if (an_seg_decode(&g, phrase, strlen(phrase)) || an_seg_tokenize(&g, g.cp, g.n_cp)) goto nomem;
  for (t = 0; t < g.n_tok; t++) {
    size_t cut[3], nc = 0;
    uint32_t a = g.tok[t].start;
    if (g.tok[t].kind == AN_ST_WORD) nc = an_seg_split_words(phrase, g.tok[t].start, g.tok[t].end, cut);
    for (i = 0; i <= nc && L.n < 64; i++) {
      uint32_t b = i < nc ? (uint32_t)cut[i] : g.tok[t].end;
      size_t len = b - a < 127 ? b - a : 127, q;
      memcpy(L.low[L.n], phrase + a, len); L.low[L.n][len] = '\0';
      memcpy(L.up[L.n], phrase + a, len); L.up[L.n][len] = '\0';
      for (q = 0; q < len; q++) if (L.up[L.n][q] >= 'a' && L.up[L.n][q] <= 'z') L.up[L.n][q] = (char)(L.up[L.n][q] - 32);
      L.id[L.n] = an_strtab_find(&d->words, L.up[L.n], len);
      L.lem[L.n] = singular(d, L.up[L.n], len);
      L.n++;
      a = b;
    }
  }
  memset(&h, 0, sizeof h);
  /* actors: every entry whose name matches at some word */
  for (i = 0; i < L.n; i++) {
    size_t cnt;
    int pass;
    for (pass = 0; pass < 2; pass++) {
      uint32_t key = pass ? L.lem[i] : L.id[i];
      const uint32_t *v = key && (!pass || key != L.id[i]) ? an_index_get(&d->actor_ix, key, &cnt) : NULL;
      for (j = 0; v && j < cnt; j++) {
      const an_actor *a = &d->actors[v[j]];
      int dated;
      const char *code;
      uint32_t k;
      if (!phrase_at(&L, &a->ph, i)) continue;
      code = an_actor_code_own(d, a, date, &dated);
      words(&L, i, i + a->ph.n, matched, sizeof matched);
      note[0] = '\0';
      for (k = 0; k < a->n; k++) {
        const an_acode *c = &d->acodes[a->first + k];
        char r[64];
        size_t o = strlen(note);
        fmt_range(c, r, sizeof r);
        snprintf(note + o, sizeof note - o, "%s%s %s%s", o ? "; " : "", c->code, r,
                 code == c->code ? " <-" : "");
      }
      h.kind = "actor"; h.entry = a->id; h.file = d->files[a->file]; h.line = a->line;
      h.matched = matched; h.code = code ? code : ""; h.note = note;
      fn(ud, &h);
      if (a->ph.n > best_len || (a->ph.n == best_len && i == best_at && dated && code)) {
        best_len = a->ph.n; best_at = i;
        snprintf(result, sizeof result, "%s", code ? code : "---");
        snprintf(result_entry, sizeof result_entry, "%s", a->id);
      }
      }
    }
  }
  /* agents outside the actor's words */
  for (i = 0; i < L.n; i++) {
    size_t cnt;
    const uint32_t *v = L.id[i] ? an_index_get(&d->agent_ix, L.id[i], &cnt) : NULL;
    if (best_len && i >= best_at && i < best_at + best_len) continue;
    if ((!v || !cnt) && L.lem[i]) v = an_index_get(&d->agent_ix, L.lem[i], &cnt);
    for (j = 0; v && j < cnt; j++) {
      const an_agent *a = &d->agents[v[j]];
      if (!phrase_at(&L, &a->ph, i)) continue;
      words(&L, i, i + a->ph.n, matched, sizeof matched);
      h.kind = "agent"; h.entry = a->id; h.file = d->files[a->file]; h.line = a->line;
      h.matched = matched; h.code = a->code; h.note = "role appended to the actor";
      fn(ud, &h);
      if (!strstr(result + (strlen(result) >= 3 ? 3 : 0), a->code)) {
        size_t o = strlen(result), q = strlen(result_entry);
        if (!o) { snprintf(result, sizeof result, "---"); o = 3; }
        snprintf(result + o, sizeof result - o, "%s", a->code);
        snprintf(result_entry + q, sizeof result_entry - q, "%s%s", q ? "+" : "", a->id);
      }
      i += a->ph.n - 1;
      break;
    }
  }
  /* verb patterns of the first word taken as a lemma */
  if (L.n && L.id[0]) {
    size_t cnt;
    const uint32_t *v = an_index_get(&d->opat_ix, L.id[0], &cnt);
    for (j = 0; v && j < cnt; j++) {
      const an_opat *p = &d->opats[v[j]];
      const annals_cameo_code *c = annals_cameo_lookup(p->code);
      h.kind = "verb"; h.entry = p->id; h.file = d->files[p->file]; h.line = p->line;
      h.matched = L.low[0]; h.code = p->code; h.note = c ? c->name : (strcmp(p->code, "---") ? "" : "suppresses the event");
      fn(ud, &h);
    }
  }
  /* discards */
  {
    char text[4096];
    size_t n = 0;
    int r;
    for (i = 0; i < L.n && n + 130 < sizeof text; i++) {
      size_t m = strlen(L.low[i]);
      if (n) text[n++] = ' ';
      memcpy(text + n, L.low[i], m); n += m;
    }
    text[n] = '\0';
    if ((r = an_dict_discard(d, text, n)) != 0) {
      h.kind = "discard"; h.entry = ""; h.file = ""; h.line = 0; h.matched = text; h.code = "";
      h.note = r == 2 ? "the whole story is not coded" : "the sentence is not coded";
      fn(ud, &h);
    }
  }
  h.kind = "result"; h.entry = result_entry; h.file = ""; h.line = 0; h.matched = phrase;
  h.code = result; h.note = "code of the phrase as one noun phrase";
  fn(ud, &h);
  an_mem_free(&mem, g.cp, g.cap_cp * sizeof *g.cp);
  an_mem_free(&mem, g.tok, g.cap_tok * sizeof *g.tok);
  an_mem_free(&mem, g.inq, g.cap_inq * sizeof *g.inq);
  return ANNALS_OK;
nomem:
  an_mem_free(&mem, g.cp, g.cap_cp * sizeof *g.cp);
  an_mem_free(&mem, g.tok, g.cap_tok * sizeof *g.tok);
  an_mem_free(&mem, g.inq, g.cap_inq * sizeof *g.inq);
  return ANNALS_ENOMEM;
}
