/* dict_verbs.c: the verb dictionary in both dialects: PETRARCH-1/TABARI patterns
** (PETR.Validate.verbs.txt) and PETRARCH-2 CAMEO.2.0 patterns (CAMEO.2.0.txt),
** detected by the "####### VERB PATTERNS #######" section line of the latter.
** Synsets, blocks, verb lines with generated or listed forms, compound verbs, and
** patterns with plain/paired/null codes. Invariant: each verb form is keyed in
** d->verb_ix on the word the parser tags as the verb; multi-word entries sort first. */
#include "coder.h"

#include <stdio.h>
#include <string.h>

#define MAXW 64

typedef struct vload {
  an_dict *d;
  an_lines *l;
  const an_dict_files *f;
  an_err *err;
  int p2, in_patterns;             /* p2: CAMEO.2.0 dialect; in_patterns: after the section line */
  int cur_block;                   /* -1 before the first header */
  int cur_syn;                     /* synset receiving '+' members, -1 none */
  int syn_noplural;
  uint32_t seq;                    /* multi-word entries: most recent first */
  /* label id -> synset index while loading (open addressing) */
  uint32_t *lk, *lv; uint32_t lcap, ln;
} vload;

static annals_status fmt_err(vload *v, const char *what)
{
  return an_err_set(v->err, ANNALS_EFORMAT, "%s:%u: %s", v->l->path, (unsigned)v->l->lineno, what);
}

static uint32_t intern_up(an_dict *d, const char *s, size_t n)
{
  char tmp[512];
  size_t i;
  if (n >= sizeof tmp) n = sizeof tmp - 1;
  for (i = 0; i < n; i++) tmp[i] = (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i]);
  return an_strtab_intern(&d->words, tmp, n);
}

/* ---- synset label map ---- */

static int label_put(vload *v, uint32_t label, uint32_t syn)
{
  uint32_t j;
  if ((v->ln + 1) * 2 > v->lcap) {
    uint32_t ncap = v->lcap ? v->lcap * 2 : 256, i;
    uint32_t *nk = an_mem_calloc(v->d->mem, ncap, sizeof *nk), *nv = an_mem_calloc(v->d->mem, ncap, sizeof *nv);
    if (!nk || !nv) { an_mem_free(v->d->mem, nk, ncap * sizeof *nk); an_mem_free(v->d->mem, nv, ncap * sizeof *nv); return -1; }
    for (i = 0; i < v->lcap; i++) if (v->lk[i]) {
      j = v->lk[i] * 2654435761u & (ncap - 1);
      while (nk[j]) j = (j + 1) & (ncap - 1);
      nk[j] = v->lk[i]; nv[j] = v->lv[i];
    }
    an_mem_free(v->d->mem, v->lk, v->lcap * sizeof *v->lk);
    an_mem_free(v->d->mem, v->lv, v->lcap * sizeof *v->lv);
    v->lk = nk; v->lv = nv; v->lcap = ncap;
  }
  for (j = label * 2654435761u & (v->lcap - 1); v->lk[j]; j = (j + 1) & (v->lcap - 1))
    if (v->lk[j] == label) { v->lv[j] = syn; return 0; }    /* redefinition replaces */
  v->lk[j] = label; v->lv[j] = syn; v->ln++;
  return 0;
}

static int label_get(const vload *v, uint32_t label)
{
  uint32_t j;
  if (!v->lcap) return -1;
  for (j = label * 2654435761u & (v->lcap - 1); v->lk[j]; j = (j + 1) & (v->lcap - 1))
    if (v->lk[j] == label) return (int)v->lv[j];
  return -1;
}

/* ---- synsets ---- */

static annals_status syn_label(vload *v, const char *s, size_t n)
{
  an_dict *d = v->d;
  an_synset *sy;
  uint32_t id;
  while (n && s[n - 1] == ' ') n--;
  v->syn_noplural = n && s[n - 1] == '_';
  if (v->syn_noplural) n--;
  if (n < 2) return fmt_err(v, "synset label without a name");
  if (!(id = intern_up(d, s, n))) return ANNALS_ENOMEM;
  if (an_mem_grow(d->mem, (void **)&d->syns, &d->cap_syns, d->n_syns + 1, sizeof *d->syns) < 0) return ANNALS_ENOMEM;
  sy = &d->syns[d->n_syns];
  memset(sy, 0, sizeof *sy);
  sy->label = id;
  if (label_put(v, id, (uint32_t)d->n_syns) < 0 || an_index_add(&d->syn_ix, id, 0, (uint32_t)d->n_syns) < 0)
    return ANNALS_ENOMEM;
  v->cur_syn = (int)d->n_syns++;
  return ANNALS_OK;
}

static annals_status syn_add(vload *v, an_synset *sy, const char *s, size_t n)
{
  an_phrase ph;
  int r = an_dict_phrase(v->d, s, n, 1, &ph);
  if (r == -1) return ANNALS_ENOMEM;
  if (r < 0) return fmt_err(v, "empty synset member");
  if (an_mem_grow(v->d->mem, (void **)&sy->m, &sy->cap, sy->n + 1, sizeof *sy->m) < 0) return ANNALS_ENOMEM;
  sy->m[sy->n++] = ph;
  if (an_index_add(&v->d->synw_ix, ph.w[ph.n - 1], 0, (uint32_t)(sy - v->d->syns)) < 0) return ANNALS_ENOMEM;
  return ANNALS_OK;
}

static annals_status syn_member(vload *v, const char *s, size_t n)
{
  an_synset *sy = &v->d->syns[v->cur_syn];
  annals_status rc;
  char pl[600];
  while (n && s[n - 1] == ' ') n--;
  while (n && *s == ' ') { s++; n--; }
  if (!n) return fmt_err(v, "empty synset member");
  if (n >= 590) return fmt_err(v, "synset member too long");
  if ((rc = syn_add(v, sy, s, n)) != ANNALS_OK) return rc;
  if (v->syn_noplural || s[n - 1] == '_' || s[0] == '&') return ANNALS_OK;
  /* the plural is formed on the last character of the whole phrase */
  memcpy(pl, s, n);
  if (s[n - 1] == 'Y') { memcpy(pl + n - 1, "IES", 3); n += 2; }
  else if (s[n - 1] == 'S') { memcpy(pl + n - 1, "ES", 2); n += 1; }
  else pl[n++] = 'S';
  return syn_add(v, sy, pl, n);
}

/* ---- verb forms ---- */

static int is_vowel(char c) { return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U'; }

/* The three regular forms of V (upper case) into f[3]. */
static void regular_forms(int p2, const char *V, char f[3][128])
{
  size_t n = strlen(V);
  char last = n ? V[n - 1] : 0;
  if (n > 120) { f[0][0] = f[1][0] = f[2][0] = '\0'; return; }
  if (p2 && (last == 'S' || last == 'X' || last == 'Z')) snprintf(f[0], 128, "%sES", V);
  else if (p2 && last == 'Y') snprintf(f[0], 128, "%.*sIES", (int)n - 1, V);
  else snprintf(f[0], 128, "%sS", V);
  snprintf(f[1], 128, last == 'E' ? "%sD" : "%sED", V);
  if (last == 'E' && (!p2 || (n >= 2 && !is_vowel(V[n - 2])))) snprintf(f[2], 128, "%.*sING", (int)n - 1, V);
  else snprintf(f[2], 128, "%sING", V);
}

/* Store one form. phrase: words joined by '_' with '+' before the verb word (multi-word),
** or a single word. */
static annals_status add_form(vload *v, const char *phrase, const char *code, int primary_base)
{
  an_dict *d = v->d;
  char buf[512], *w[MAXW];
  int nw = 0, plus = -1, i;
  an_verb e;
  uint32_t prio;
  size_t n = strlen(phrase);
  if (n >= sizeof buf) return fmt_err(v, "verb form too long");
  memcpy(buf, phrase, n + 1);
  for (i = 0; buf[i]; i++) if (buf[i] >= 'a' && buf[i] <= 'z') buf[i] = (char)(buf[i] - 32);
  {
    char *p = buf;
    while (*p && nw < MAXW) {
      w[nw++] = p;
      while (*p && *p != '_') p++;
      if (*p) *p++ = '\0';
    }
  }
  memset(&e, 0, sizeof e);
  if (nw == 1) {
    if (w[0][0] == '+') w[0]++;
    if (!w[0][0]) return ANNALS_OK;
    plus = 0;
  } else {
    for (i = 0; i < nw; i++) if (w[i][0] == '+') { plus = i; w[i]++; break; }
    if (plus < 0) {
      an_dict_warn(v->f, v->l->path, v->l->lineno, "multi-word verb form \"%s\" has no '+' verb word: skipped", phrase);
      return ANNALS_OK;
    }
    if (plus != 0 && plus != nw - 1) return fmt_err(v, "only the first or the last word of a multi-word verb may carry '+'");
  }
  if (!(e.key = an_strtab_intern(&d->words, w[plus], strlen(w[plus])))) return ANNALS_ENOMEM;
  if (nw > 1) {
    uint32_t *a = an_arena_alloc(&d->arena, (size_t)nw * sizeof *a);
    if (!a) return ANNALS_ENOMEM;
    if (plus == 0) {
      e.post = a; e.n_post = (uint16_t)(nw - 1);
      for (i = 1; i < nw; i++) if (!(a[i - 1] = an_strtab_intern(&d->words, w[i], strlen(w[i])))) return ANNALS_ENOMEM;
    } else {
      e.pre = a; e.n_pre = (uint16_t)(nw - 1);
      for (i = nw - 2; i >= 0; i--) if (!(a[nw - 2 - i] = an_strtab_intern(&d->words, w[i], strlen(w[i])))) return ANNALS_ENOMEM;
    }
  }
  e.code = code;
  e.block = (uint32_t)v->cur_block;
  e.line = v->l->lineno;
  /* multi-word entries first (most recent first); a repeated block's primary base
  ** form replaces the earlier block; otherwise the first definition wins */
  if (nw > 1) prio = 100000u - (++v->seq & 0xffff);
  else if (primary_base) prio = 400000u - (uint32_t)v->cur_block;
  else prio = 500000u;
  if (an_mem_grow(d->mem, (void **)&d->verbs, &d->cap_verbs, d->n_verbs + 1, sizeof *d->verbs) < 0 ||
      an_index_add(&d->verb_ix, e.key, prio, (uint32_t)d->n_verbs) < 0) return ANNALS_ENOMEM;
  d->verbs[d->n_verbs++] = e;
  return ANNALS_OK;
}

/* Regular forms of a (possibly multi-word) phrase, built on its '+' word. */
static annals_status add_regular(vload *v, const char *phrase, const char *code)
{
  char buf[512], f[3][128], out[700];
  const char *plus = strchr(phrase, '+');
  size_t pre, wl;
  int i;
  annals_status rc;
  if (strlen(phrase) >= sizeof buf) return fmt_err(v, "verb too long");
  if (!strchr(phrase, '_')) {
    snprintf(buf, sizeof buf, "%s", phrase[0] == '+' ? phrase + 1 : phrase);
    regular_forms(v->p2, buf, f);
    for (i = 0; i < 3; i++) if (f[i][0] && (rc = add_form(v, f[i], code, 0)) != ANNALS_OK) return rc;
    return ANNALS_OK;
  }
  if (!plus) return ANNALS_OK;                     /* reported by add_form on the base */
  pre = (size_t)(plus - phrase) + 1;
  wl = strcspn(plus + 1, "_");
  snprintf(buf, sizeof buf, "%.*s", (int)wl, plus + 1);
  regular_forms(v->p2, buf, f);
  for (i = 0; i < 3; i++) {
    snprintf(out, sizeof out, "%.*s%s%s", (int)pre, phrase, f[i], plus + 1 + wl);
    if ((rc = add_form(v, out, code, 0)) != ANNALS_OK) return rc;
  }
  return ANNALS_OK;
}

static const char *code_str(vload *v, const char *s, size_t n)
{
  while (n && *s == ' ') { s++; n--; }
  while (n && s[n - 1] == ' ') n--;
  return an_dict_strdup(v->d, s, n);
}

static annals_status verb_line(vload *v, char *s)
{
  an_block *b;
  char *brace, *br, *p, word[512];
  const char *code;
  size_t wl;
  int is_primary;
  annals_status rc;
  if (v->cur_block < 0) return fmt_err(v, "verb line before any block header (--- NAME [CODE] ---)");
  b = &v->d->blocks[v->cur_block];
  while (*s == ' ') s++;
  brace = strchr(s, '{');
  br = strchr(s, '[');
  if (br && brace && br < brace) return fmt_err(v, "verb line: '[code]' before '{forms}'");
  code = b->code;
  if (br) {
    char *close = strchr(br, ']');
    if (!close) return fmt_err(v, "verb line: '[' without ']'");
    if (!(code = code_str(v, br + 1, (size_t)(close - br - 1)))) return ANNALS_ENOMEM;
    *br = '\0';
  }
  wl = strcspn(s, " {");
  if (wl >= sizeof word) return fmt_err(v, "verb too long");
  memcpy(word, s, wl); word[wl] = '\0';
  p = s + wl;
  while (*p == ' ') p++;
  if (*p && *p != '{') {
    an_dict_warn(v->f, v->l->path, v->l->lineno, "verb line \"%s\" has words separated by blanks: never matches", s);
    return ANNALS_OK;
  }
  is_primary = b->primary == 0;
  if (is_primary) {
    char up[512];
    size_t i;
    for (i = 0; word[i]; i++) up[i] = (char)(word[i] >= 'a' && word[i] <= 'z' ? word[i] - 32 : word[i]);
    up[i] = '\0';
    if (!(b->primary = an_strtab_intern(&v->d->words, up, i))) return ANNALS_ENOMEM;
  }
  if ((rc = add_form(v, word, code, is_primary && !strchr(word, '_'))) != ANNALS_OK) return rc;
  if (brace) {
    char *end = strchr(brace, '}');
    if (!end) return fmt_err(v, "verb line: '{' without '}'");
    p = brace + 1;
    while (p < end) {
      char *e;
      while (p < end && *p == ' ') p++;
      e = p;
      while (e < end && *e != ' ') e++;
      if (e > p) {
        char f[512];
        if ((size_t)(e - p) >= sizeof f) return fmt_err(v, "verb form too long");
        memcpy(f, p, (size_t)(e - p)); f[e - p] = '\0';
        if ((rc = add_form(v, f, code, 0)) != ANNALS_OK) return rc;
      }
      p = e;
    }
    return ANNALS_OK;
  }
  return add_regular(v, word, code);
}

static annals_status block_header(vload *v, const char *s)
{
  an_dict *d = v->d;
  an_block b;
  const char *p = s + 3, *ns, *br, *close;
  memset(&b, 0, sizeof b);
  while (*p == '-') p++;
  while (*p == ' ') p++;
  ns = p;
  while (*p && *p != '[' && !(p[0] == '-' && p[1] == '-' && p[2] == '-')) p++;
  {
    const char *ne = p;
    while (ne > ns && ne[-1] == ' ') ne--;
    if (ne == ns) return fmt_err(v, "block header without a name (expected --- NAME [CODE] ---)");
    if (!(b.name = an_dict_strdup(d, ns, (size_t)(ne - ns)))) return ANNALS_ENOMEM;
  }
  br = p;
  if (*br != '[') return fmt_err(v, "block header without [CODE] after the name");
  if (!(close = strchr(br, ']'))) return fmt_err(v, "block header: '[' without ']'");
  if (!(b.code = code_str(v, br + 1, (size_t)(close - br - 1)))) return ANNALS_ENOMEM;
  if (!*b.code) return fmt_err(v, "block header with an empty code");
  b.line = v->l->lineno;
  if (an_mem_grow(d->mem, (void **)&d->blocks, &d->cap_blocks, d->n_blocks + 1, sizeof *d->blocks) < 0) return ANNALS_ENOMEM;
  d->blocks[d->n_blocks] = b;
  v->cur_block = (int)d->n_blocks++;
  return ANNALS_OK;
}

/* ---- patterns ---- */

/* P1: one part of a pattern into words (see petrarch1-verbs.md 2.5). upper: the part
** before '*', stored outward from the verb. */
static annals_status p1_part(vload *v, const char *s, size_t n, int upper, an_pword **out, uint16_t *nout, int *skip)
{
  an_pword tmp[MAXW];
  char sep_before[MAXW];
  const char *ws[MAXW]; size_t wn[MAXW];
  int k = 0, i;
  size_t j = 0;
  char sep = ' ';
  int lead_us = n && s[0] == '_', trail_us = n && s[n - 1] == '_';
  while (j < n) {
    size_t e;
    if (s[j] == ' ' || s[j] == '_') { if (s[j] == '_') sep = '_'; j++; continue; }
    e = j;
    while (e < n && s[e] != ' ' && s[e] != '_') e++;
    if (k == MAXW) return fmt_err(v, "pattern has too many words");
    ws[k] = s + j; wn[k] = e - j; sep_before[k] = sep;
    k++;
    sep = ' ';
    j = e;
  }
  for (i = 0; i < k; i++) {
    an_pword *pw = &tmp[i];
    memset(pw, 0, sizeof *pw);
    if (upper) pw->adj = (uint8_t)(i == k - 1 ? trail_us : sep_before[i + 1] == '_');
    else pw->adj = (uint8_t)(i == 0 ? lead_us : sep_before[i] == '_');
    if (wn[i] == 1) {
      switch (ws[i][0]) {
      case '$': pw->kind = PW_SRC; break;
      case '+': pw->kind = PW_TGT; break;
      case '^': pw->kind = PW_SKIP; break;
      case '%': pw->kind = PW_COMP; break;
      default: pw->kind = PW_TOK; break;
      }
    } else if (ws[i][0] == '&') {
      uint32_t lab = intern_up(v->d, ws[i], wn[i]);
      int sy;
      if (!lab) return ANNALS_ENOMEM;
      if ((sy = label_get(v, lab)) < 0) {
        an_dict_warn(v->f, v->l->path, v->l->lineno, "undefined synset %.*s: pattern skipped", (int)wn[i], ws[i]);
        *skip = 1;
        return ANNALS_OK;
      }
      pw->kind = PW_SYN; pw->id = (uint32_t)sy;
    } else {
      pw->kind = PW_WORD;
      if (!(pw->id = intern_up(v->d, ws[i], wn[i]))) return ANNALS_ENOMEM;
    }
  }
  *nout = (uint16_t)k;
  *out = NULL;
  if (k) {
    an_pword *a = an_arena_alloc(&v->d->arena, (size_t)k * sizeof *a);
    if (!a) return ANNALS_ENOMEM;
    for (i = 0; i < k; i++) a[i] = upper ? tmp[k - 1 - i] : tmp[i];
    *out = a;
  }
  return ANNALS_OK;
}

/* P2: one side into elements: NOUN, {NP}, (PP ...), ^. */
static annals_status p2_part(vload *v, const char *s, size_t n, an_pelem **out, uint16_t *nout, int *skip)
{
  an_pelem tmp[MAXW];
  int k = 0;
  size_t j = 0;
  an_dict *d = v->d;
  while (j < n) {
    an_pelem *pe;
    if (s[j] == ' ') { j++; continue; }
    if (k == MAXW) return fmt_err(v, "pattern has too many elements");
    pe = &tmp[k];
    memset(pe, 0, sizeof *pe);
    if (s[j] == '{' || s[j] == '(') {
      char open = s[j];
      const char *e = NULL, *p;
      uint32_t ws[MAXW]; uint8_t syn[MAXW]; int nw = 0, i, np_open = 0, inb = 0;
      for (p = s + j + 1; p < s + n; p++) {
        if (*p == '{') inb = 1;
        else if (*p == '}') { if (open == '{') { e = p; break; } inb = 0; }
        else if (*p == ')' && open == '(' && !inb) { e = p; break; }
      }
      if (!e) { an_dict_warn(v->f, v->l->path, v->l->lineno, "unbalanced '%c' in pattern: skipped", open); *skip = 1; return ANNALS_OK; }
      for (p = s + j + 1; p < e; ) {
        const char *q;
        if (*p == ' ' || *p == '{' || *p == '}' || *p == '(') { if (*p == '{') np_open = 1; p++; continue; }
        q = p;
        while (q < e && *q != ' ' && *q != '{' && *q != '}') q++;
        if (nw < MAXW) {
          syn[nw] = 0;
          if (*p == '&') {
            int sy;
            uint32_t lab = intern_up(d, p, (size_t)(q - p));
            if (!lab) return ANNALS_ENOMEM;
            if ((sy = label_get(v, lab)) < 0) {
              an_dict_warn(v->f, v->l->path, v->l->lineno, "undefined synset %.*s: pattern skipped", (int)(q - p), p);
              *skip = 1; return ANNALS_OK;
            }
            ws[nw] = (uint32_t)sy; syn[nw] = 1;
          } else if (!(ws[nw] = intern_up(d, p, (size_t)(q - p)))) return ANNALS_ENOMEM;
          nw++;
        }
        p = q;
      }
      if (!nw) { *skip = 1; return ANNALS_OK; }
      if (open == '{') {
        pe->kind = PE_NP; pe->head = ws[nw - 1]; pe->syn = syn[nw - 1];
        pe->n_mods = (uint16_t)(nw - 1);
      } else {
        pe->kind = PE_PP; pe->prep = ws[0];
        if (syn[0]) { *skip = 1; return ANNALS_OK; }
        if (nw > 1) { pe->head = ws[nw - 1]; pe->syn = syn[nw - 1]; pe->head_kind = np_open ? PE_NP : PE_NOUN; }
        pe->n_mods = (uint16_t)(np_open && nw > 2 ? nw - 2 : 0);
      }
      if (pe->n_mods) {
        int off = open == '{' ? 0 : 1;
        pe->mods = an_arena_alloc(&d->arena, pe->n_mods * sizeof *pe->mods);
        pe->mod_syn = an_arena_alloc(&d->arena, pe->n_mods);
        if (!pe->mods || !pe->mod_syn) return ANNALS_ENOMEM;
        for (i = 0; i < pe->n_mods; i++) { pe->mods[i] = ws[off + i]; pe->mod_syn[i] = syn[off + i]; }
      }
      if (pe->head && !pe->syn && d->words.len[pe->head] == 1 && d->words.str[pe->head][0] == '^') {
        pe->head = 0; pe->head_kind = PE_ANY;
      }
      j = (size_t)(e - s) + 1;
    } else {
      const char *q = s + j;
      size_t e = j;
      while (e < n && s[e] != ' ') e++;
      if (e - j == 1 && *q == '^') pe->kind = PE_ANY;
      else if (e - j == 1 && (*q == '$' || *q == '+' || *q == '%')) { j = e; continue; }  /* dead in P2 */
      else if (*q == '&') {
        int sy;
        uint32_t lab = intern_up(d, q, e - j);
        if (!lab) return ANNALS_ENOMEM;
        if ((sy = label_get(v, lab)) < 0) {
          an_dict_warn(v->f, v->l->path, v->l->lineno, "undefined synset %.*s: pattern skipped", (int)(e - j), q);
          *skip = 1; return ANNALS_OK;
        }
        pe->kind = PE_NOUN; pe->head = (uint32_t)sy; pe->syn = 1;
      } else {
        if (memchr(q, '_', e - j) || memchr(q, ')', e - j) || memchr(q, '}', e - j)) { *skip = 1; return ANNALS_OK; }
        pe->kind = PE_NOUN;
        if (!(pe->head = intern_up(d, q, e - j))) return ANNALS_ENOMEM;
      }
      j = e;
    }
    k++;
  }
  *nout = (uint16_t)k;
  *out = NULL;
  if (k) {
    if (!(*out = an_arena_alloc(&d->arena, (size_t)k * sizeof **out))) return ANNALS_ENOMEM;
    memcpy(*out, tmp, (size_t)k * sizeof *tmp);
  }
  return ANNALS_OK;
}

static annals_status pattern_line(vload *v, const char *s, const char *raw, size_t raw_n)
{
  an_block *b;
  an_pattern pt;
  char text[2048];
  const char *br, *close, *star;
  size_t tn, i, o = 0;
  int skip = 0;
  annals_status rc;
  if (v->cur_block < 0) return fmt_err(v, "pattern line before any block header");
  b = &v->d->blocks[v->cur_block];
  memset(&pt, 0, sizeof pt);
  pt.line = v->l->lineno;
  br = strrchr(s, '[');
  if (!v->p2) br = strchr(s, '[');
  if (!br) return fmt_err(v, "pattern line without [CODE]");
  if (!(close = strchr(br, ']'))) {
    size_t i2;
    for (i2 = 0; i2 + 1 < raw_n; i2++) if (raw[i2] == '[' && raw[i2 + 1] == '#') break;
    if (i2 + 1 < raw_n) {                          /* "[###]": '#' starts a comment */
      an_dict_warn(v->f, v->l->path, v->l->lineno, "pattern code starts with '#' (a comment): skipped");
      return ANNALS_OK;
    }
    return fmt_err(v, "pattern line: '[' without ']'");
  }
  if (v->p2 && br > s && br[-1] != ' ') {
    an_dict_warn(v->f, v->l->path, v->l->lineno, "malformed code token in pattern: skipped");
    return ANNALS_OK;
  }
  if (!(pt.code = code_str(v, br + 1, (size_t)(close - br - 1)))) return ANNALS_ENOMEM;
  if (!*pt.code) return fmt_err(v, "pattern line with an empty [CODE]");
  tn = (size_t)(br - (s + 1));
  if (tn >= sizeof text) return fmt_err(v, "pattern line too long");
  if (!v->p2) {
    if (memchr(s + 1, '{', tn)) return ANNALS_OK;   /* TABARI disjunction: skipped */
    for (i = 0; i < tn; i++) {                       /* "_ " reads as " " */
      if (s[1 + i] == '_' && (i + 1 == tn || s[2 + i] == ' ')) continue;
      text[o++] = s[1 + i];
    }
  } else {
    memcpy(text, s + 1, tn); o = tn;
  }
  text[o] = '\0';
  star = strchr(text, '*');
  {
    size_t un = star ? (size_t)(star - text) : o;
    const char *lo = star ? star + 1 : text + o;
    size_t ln = (size_t)(text + o - lo);
    if (!v->p2) {
      /* trim the blanks next to '*' only; '_' next to it is a connector */
      const char *u = text;
      while (un && *u == ' ') { u++; un--; }
      while (un && u[un - 1] == ' ') un--;
      while (ln && lo[ln - 1] == ' ') ln--;
      if ((rc = p1_part(v, u, un, 1, &pt.up, &pt.n_up, &skip)) != ANNALS_OK) return rc;
      if (!skip) {
        while (ln && *lo == ' ') { lo++; ln--; }
        /* keep a leading '_' (adjacent to the verb) */
        if ((rc = p1_part(v, star && star[1] == '_' ? star + 1 : lo, star && star[1] == '_' ? (size_t)(text + o - star - 1) : ln,
                          0, &pt.lo, &pt.n_lo, &skip)) != ANNALS_OK) return rc;
      }
    } else {
      if (!star) { an_dict_warn(v->f, v->l->path, v->l->lineno, "pattern without '*': skipped"); return ANNALS_OK; }
      if ((rc = p2_part(v, text, un, &pt.pu, &pt.n_pu, &skip)) != ANNALS_OK) return rc;
      if (!skip && (rc = p2_part(v, lo, ln, &pt.pl, &pt.n_pl, &skip)) != ANNALS_OK) return rc;
    }
  }
  if (skip) return ANNALS_OK;
  if (an_mem_grow(v->d->mem, (void **)&b->pats, &b->cap_pats, b->n_pats + 1, sizeof *b->pats) < 0) return ANNALS_ENOMEM;
  b->pats[b->n_pats++] = pt;
  return ANNALS_OK;
}

/* P2 nesting: a member "&LABEL" stands for that synset's members (one level per pass). */
static annals_status expand_nested(vload *v)
{
  an_dict *d = v->d;
  size_t i, j, k;
  int pass;
  for (pass = 0; pass < 3; pass++)
    for (i = 0; i < d->n_syns; i++)
      for (j = 0; j < d->syns[i].n; j++) {
        an_phrase *m = &d->syns[i].m[j];
        const char *w;
        int sy;
        if (m->n != 1) continue;
        w = d->words.str[m->w[0]];
        if (w[0] != '&' || (sy = label_get(v, m->w[0])) < 0 || (size_t)sy == i) continue;
        m->n = 0;                                  /* replaced by the nested members */
        for (k = 0; k < d->syns[sy].n; k++) {
          an_synset *dst = &d->syns[i];
          an_phrase ph = d->syns[sy].m[k];
          if (!ph.n) continue;
          if (an_mem_grow(d->mem, (void **)&dst->m, &dst->cap, dst->n + 1, sizeof *dst->m) < 0) return ANNALS_ENOMEM;
          dst->m[dst->n++] = ph;
          if (an_index_add(&d->synw_ix, ph.w[ph.n - 1], 0, (uint32_t)i) < 0) return ANNALS_ENOMEM;
        }
        m = &d->syns[i].m[j];
      }
  return ANNALS_OK;
}

annals_status an_dict_load_verbs(an_dict *d, const char *path, const an_dict_files *f, an_err *err)
{
  an_lines l;
  vload v;
  annals_status rc;
  const char *raw;
  size_t raw_n;
  if ((rc = an_lines_open(&l, d->mem, path, err)) != ANNALS_OK) return rc;
  memset(&v, 0, sizeof v);
  v.d = d; v.l = &l; v.f = f; v.err = err; v.cur_block = -1; v.cur_syn = -1;
  if (!(l.path = an_dict_strdup(d, path, strlen(path)))) { rc = ANNALS_ENOMEM; goto done; }
  d->verb_file = l.path;
  /* the dialect: CAMEO.2.0 files have the "VERB PATTERNS" section line */
  if (strstr(l.buf, "\n####### VERB PATTERNS #######")) v.p2 = 1;
  d->dialect = v.p2 ? AN_DIALECT_P2 : AN_DIALECT_P1;
  for (;;) {
    uint32_t before = l.lineno;
    char *s;
    int r = an_lines_next(&l, &raw, &raw_n);
    AN_UNUSED(before);
    if (!r) break;
    s = l.line;
    if (v.p2 && !v.in_patterns) {
      /* the section marker itself is a comment: look at the skipped raw lines */
    }
    if (s[0] == '-' && s[1] == '-' && s[2] == '-') { v.cur_syn = -1; rc = block_header(&v, s); }
    else if (s[0] == '-') { v.cur_syn = -1; rc = pattern_line(&v, s, raw, raw_n); }
    else if (s[0] == '~') { v.cur_syn = -1; rc = ANNALS_OK; }   /* PETRARCH2 transformations: not used */
    else if (s[0] == '&') rc = syn_label(&v, s, l.n);
    else if (s[0] == '+' && v.cur_syn >= 0 && (!v.p2 || v.cur_block < 0)) rc = syn_member(&v, s + 1, l.n - 1);
    else { v.cur_syn = -1; rc = verb_line(&v, s); }
    if (rc == ANNALS_ENOMEM) goto done;
    if (rc != ANNALS_OK) goto done;
  }
  if (v.p2) rc = expand_nested(&v);
done:
  if (rc == ANNALS_ENOMEM) an_err_set(err, ANNALS_ENOMEM, "%s: out of memory", path);
  an_mem_free(d->mem, v.lk, v.lcap * sizeof *v.lk);
  an_mem_free(d->mem, v.lv, v.lcap * sizeof *v.lv);
  an_lines_close(&l, d->mem);
  return rc;
}
