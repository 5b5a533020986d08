/* dict_actors.c: actor dictionaries (petrarch-formats.md section 5): primary phrases,
** '+' synonyms, code lines with date restrictions, resolved with the legacy
** (PETRARCH-1) rules the unit tests follow. Invariant: every phrase of a record
** points at the same contiguous range of d->acodes. */
#include "coder.h"

#include <string.h>

long an_dict_date(const char *s, size_t n)
{
  long y, m, dd, v = 0;
  size_t i;
  if (n == 9) n = 8;                              /* "201005011": a stray digit (Phoenix) */
  if (n < 6 || n > 8) return -1;
  for (i = 0; i < n; i++) if (s[i] < '0' || s[i] > '9') return -1;
  if (n <= 7) {                                   /* YYMMDD; a 7-char typo reads as its first 6 */
    y = (s[0] - '0') * 10 + (s[1] - '0');
    y += y <= 30 ? 2000 : 1900;
    m = (s[2] - '0') * 10 + (s[3] - '0');
    dd = (s[4] - '0') * 10 + (s[5] - '0');
  } else {
    for (i = 0; i < 4; i++) v = v * 10 + (s[i] - '0');
    y = v;
    m = (s[4] - '0') * 10 + (s[5] - '0');
    dd = (s[6] - '0') * 10 + (s[7] - '0');
  }
  if (m < 1 || m > 12 || dd < 1 || dd > 31) return -1;
  return y * 10000 + m * 100 + dd;
}

const char *an_actor_code(const an_dict *d, const an_actor *a, long date)
{
  const char *dflt = NULL;
  uint32_t i;
  for (i = 0; i < a->n; i++) {
    const an_acode *c = &d->acodes[a->first + i];
    switch (c->kind) {
    case AC_ANY: dflt = c->code; break;          /* the last unrestricted code is the default */
    case AC_BEFORE: if (date && date <= c->hi) return c->code; break;
    case AC_AFTER: if (date && date >= c->lo) return c->code; break;
    default: if (date && date >= c->lo && date <= c->hi) return c->code; break;
    }
  }
  return dflt;
}

static int is_sp(char c) { return c == ' ' || c == '\t'; }

/* One bracketed code "[CODE restriction]" at s[0..n) (brackets included). */
static annals_status add_code(an_dict *d, an_lines *l, const char *s, size_t n, an_err *err)
{
  const char *p = s + 1, *e = s + n - 1, *cs, *ce;
  char buf[64];
  size_t k = 0;
  an_acode c;
  memset(&c, 0, sizeof c);
  while (p < e && is_sp(*p)) p++;
  cs = p;
  while (p < e && !is_sp(*p)) p++;
  ce = p;
  if (ce == cs) return an_err_set(err, ANNALS_EFORMAT, "%s:%u: empty actor code", l->path, (unsigned)l->lineno);
  /* the restriction, blanks removed */
  for (; p < e; p++) if (!is_sp(*p)) { if (k + 1 >= sizeof buf) break; buf[k++] = *p; }
  buf[k] = '\0';
  if (k) {
    const char *dash = strchr(buf, '-');
    if (buf[0] == '<' || buf[0] == '>') {
      long v = an_dict_date(buf + 1, k - 1);
      if (v < 0) goto bad;
      c.kind = buf[0] == '<' ? AC_BEFORE : AC_AFTER;
      c.lo = c.hi = v;
    } else if (dash) {
      long a = an_dict_date(buf, (size_t)(dash - buf)), b = an_dict_date(dash + 1, strlen(dash + 1));
      if (a < 0 || b < 0) goto bad;
      c.kind = AC_RANGE; c.lo = a; c.hi = b;
    } else {
      long a = an_dict_date(buf, k);
      if (a < 0) goto bad;
      /* a single date without '<' or '>': read as "from that date" */
      an_dict_warn(d->lf, l->path, l->lineno, "date restriction \"%s\" without '<', '>' or '-': read as '>%s'", buf, buf);
      c.kind = AC_AFTER; c.lo = c.hi = a;
    }
  }
  if (!(c.code = an_dict_strdup(d, cs, (size_t)(ce - cs)))) return ANNALS_ENOMEM;
  if (an_mem_grow(d->mem, (void **)&d->acodes, &d->cap_acodes, d->n_acodes + 1, sizeof *d->acodes) < 0)
    return ANNALS_ENOMEM;
  d->acodes[d->n_acodes++] = c;
  return ANNALS_OK;
bad:
  /* production files carry a few typos ("1920030320-20060520"): the code is kept but
  ** never applies, as PETRARCH2 gives such an actor no code */
  an_dict_warn(d->lf, l->path, l->lineno, "bad date restriction \"%s\": this code never applies", buf);
  AN_UNUSED(err);
  c.kind = AC_RANGE; c.lo = 1; c.hi = 0;
  if (!(c.code = an_dict_strdup(d, cs, (size_t)(ce - cs)))) return ANNALS_ENOMEM;
  if (an_mem_grow(d->mem, (void **)&d->acodes, &d->cap_acodes, d->n_acodes + 1, sizeof *d->acodes) < 0)
    return ANNALS_ENOMEM;
  d->acodes[d->n_acodes++] = c;
  return ANNALS_OK;
}

/* All "[...]" groups in s[0..n); anything else but blanks is an error. */
static annals_status add_codes(an_dict *d, an_lines *l, const char *s, size_t n, an_err *err)
{
  size_t i = 0;
  annals_status rc;
  while (i < n) {
    const char *close;
    if (is_sp(s[i])) { i++; continue; }
    if (s[i] != '[') {
      an_dict_warn(d->lf, l->path, l->lineno, "text after the actor codes ignored: \"%.*s\"", (int)(n - i), s + i);
      return ANNALS_OK;
    }
    close = memchr(s + i, ']', n - i);
    if (!close) return an_err_set(err, ANNALS_EFORMAT, "%s:%u: '[' without ']'", l->path, (unsigned)l->lineno);
    if ((rc = add_code(d, l, s + i, (size_t)(close - (s + i)) + 1, err)) != ANNALS_OK) return rc;
    i = (size_t)(close - s) + 1;
  }
  return ANNALS_OK;
}

static annals_status add_phrase(an_dict *d, an_lines *l, const char *s, size_t n, an_err *err)
{
  an_actor a;
  int r;
  memset(&a, 0, sizeof a);
  while (n && is_sp(s[n - 1])) n--;
  if ((r = an_dict_phrase(d, s, n, 0, &a.ph)) == -1) return ANNALS_ENOMEM;
  if (r < 0) return an_err_set(err, ANNALS_EFORMAT, "%s:%u: actor line without a phrase", l->path, (unsigned)l->lineno);
  a.line = l->lineno;
  if (an_mem_grow(d->mem, (void **)&d->actors, &d->cap_actors, d->n_actors + 1, sizeof *d->actors) < 0)
    return ANNALS_ENOMEM;
  d->actors[d->n_actors++] = a;
  return ANNALS_OK;
}

/* Close the record whose phrases start at rec and codes at code0. */
static int end_record(an_dict *d, size_t rec, size_t code0)
{
  size_t i;
  for (i = rec; i < d->n_actors; i++) {
    an_actor *a = &d->actors[i];
    a->first = (uint32_t)code0;
    a->n = (uint32_t)(d->n_acodes - code0);
    /* longest phrase first; a trailing '_' counts as one more word */
    if (an_index_add(&d->actor_ix, a->ph.w[0], 65535u - a->ph.n - a->ph.strict, (uint32_t)i) < 0) return -1;
  }
  return 0;
}

annals_status an_dict_load_actors(an_dict *d, const char *path, an_err *err)
{
  an_lines l;
  annals_status rc;
  size_t rec = d->n_actors, code0 = d->n_acodes;
  int have = 0;
  if ((rc = an_lines_open(&l, d->mem, path, err)) != ANNALS_OK) return rc;
  l.path = an_dict_strdup(d, path, strlen(path));
  if (!l.path) { rc = ANNALS_ENOMEM; goto done; }
  l.semicolon = 1;                               /* the KEDS comment character */
  while (an_lines_next(&l, NULL, NULL)) {
    const char *s = l.line, *br;
    size_t n = l.n;
    while (n && is_sp(*s)) { s++; n--; }
    if (strstr(s, "---STOP---")) break;
    if (*s == '[') {
      if (!have) { rc = an_err_set(err, ANNALS_EFORMAT, "%s:%u: code line before any actor phrase", l.path, (unsigned)l.lineno); goto done; }
      if ((rc = add_codes(d, &l, s, n, err)) != ANNALS_OK) goto done;
    } else if (*s == '+') {
      if (!have) { rc = an_err_set(err, ANNALS_EFORMAT, "%s:%u: synonym line before any actor phrase", l.path, (unsigned)l.lineno); goto done; }
      if (memchr(s, '[', n)) { rc = an_err_set(err, ANNALS_EFORMAT, "%s:%u: a synonym line may not carry a code", l.path, (unsigned)l.lineno); goto done; }
      if ((rc = add_phrase(d, &l, s + 1, n - 1, err)) != ANNALS_OK) goto done;
    } else {
      if (have && end_record(d, rec, code0) < 0) { rc = ANNALS_ENOMEM; goto done; }
      rec = d->n_actors; code0 = d->n_acodes; have = 1;
      br = memchr(s, '[', n);
      if ((rc = add_phrase(d, &l, s, br ? (size_t)(br - s) : n, err)) != ANNALS_OK) goto done;
      if (br && (rc = add_codes(d, &l, br, n - (size_t)(br - s), err)) != ANNALS_OK) goto done;
    }
  }
  if (have && end_record(d, rec, code0) < 0) rc = ANNALS_ENOMEM;   /* the last record is kept (fixes Q10) */
done:
  if (rc == ANNALS_ENOMEM) an_err_set(err, ANNALS_ENOMEM, "%s: out of memory", path);
  an_lines_close(&l, d->mem);
  return rc;
}
