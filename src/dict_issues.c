/* dict_issues.c: the issue dictionary (petrarch-formats.md section 8): phrases with
** n:/v: expansion and A+B hyphen variants mapped to issue codes; ~ exclusions. */
#include "coder.h"

#include <stdio.h>
#include <string.h>

static annals_status add_issue(an_dict *d, const char *s, size_t n, const char *code, int excl)
{
  an_issue is;
  int r;
  memset(&is, 0, sizeof is);
  if ((r = an_dict_phrase(d, s, n, 1, &is.ph)) == -1) return ANNALS_ENOMEM;
  if (r < 0) return ANNALS_OK;
  is.code = code; is.exclude = (uint8_t)excl;
  if (an_mem_grow(d->mem, (void **)&d->issues, &d->cap_issues, d->n_issues + 1, sizeof *d->issues) < 0 ||
      an_index_add(&d->issue_ix, is.ph.w[0], is.ph.n, (uint32_t)d->n_issues) < 0) return ANNALS_ENOMEM;
  d->issues[d->n_issues++] = is;
  return ANNALS_OK;
}

/* Expand the first n:/v: word and '+' joints of s into variants. */
static annals_status expand(an_dict *d, const char *s, const char *code, int excl)
{
  char buf[4][600];
  int nb = 0, i;
  const char *p = strstr(s, "n:"), *v = strstr(s, "v:");
  if (p && (p == s || p[-1] == ' ')) {
    size_t pre = (size_t)(p - s), wl = strcspn(p + 2, " ");
    const char *w = p + 2, *rest = w + wl;
    snprintf(buf[nb++], sizeof buf[0], "%.*s%.*s%s", (int)pre, s, (int)wl, w, rest);
    if (wl && (w[wl - 1] == 'y' || w[wl - 1] == 'Y'))
      snprintf(buf[nb++], sizeof buf[0], "%.*s%.*sies%s", (int)pre, s, (int)wl - 1, w, rest);
    else snprintf(buf[nb++], sizeof buf[0], "%.*s%.*ss%s", (int)pre, s, (int)wl, w, rest);
  } else if (v && (v == s || v[-1] == ' ')) {
    size_t pre = (size_t)(v - s), wl = strcspn(v + 2, " ");
    const char *w = v + 2, *rest = w + wl;
    int e = wl && (w[wl - 1] == 'e' || w[wl - 1] == 'E');
    snprintf(buf[nb++], sizeof buf[0], "%.*s%.*s%s", (int)pre, s, (int)wl, w, rest);
    snprintf(buf[nb++], sizeof buf[0], "%.*s%.*ss%s", (int)pre, s, (int)wl, w, rest);
    snprintf(buf[nb++], sizeof buf[0], "%.*s%.*s%s%s", (int)pre, s, (int)wl, w, e ? "d" : "ed", rest);
    snprintf(buf[nb++], sizeof buf[0], "%.*s%.*sing%s", (int)pre, s, (int)(e ? wl - 1 : wl), w, rest);
  } else {
    snprintf(buf[nb++], sizeof buf[0], "%s", s);
  }
  for (i = 0; i < nb; i++) {
    annals_status rc;
    char alt[600];
    size_t k;
    if (strchr(buf[i], '+')) {                     /* A+B: "A B" and "A-B" */
      for (k = 0; buf[i][k]; k++) alt[k] = buf[i][k] == '+' ? '-' : buf[i][k];
      alt[k] = '\0';
      for (k = 0; buf[i][k]; k++) if (buf[i][k] == '+') buf[i][k] = ' ';
      if ((rc = add_issue(d, alt, strlen(alt), code, excl)) != ANNALS_OK) return rc;
    }
    if ((rc = add_issue(d, buf[i], strlen(buf[i]), code, excl)) != ANNALS_OK) return rc;
  }
  return ANNALS_OK;
}

annals_status an_dict_load_issues(an_dict *d, const char *path, an_err *err)
{
  an_lines l;
  annals_status rc;
  if ((rc = an_lines_open(&l, d->mem, path, err)) != ANNALS_OK) return rc;
  if (!(l.path = an_dict_strdup(d, path, strlen(path)))) { rc = ANNALS_ENOMEM; goto done; }
  while (an_lines_next(&l, NULL, NULL)) {
    char *s = l.line, *br, *close, *code;
    while (*s == ' ') s++;
    if (*s == '~') {
      while (*s == '~') s++;
      if ((rc = expand(d, s, "", 1)) != ANNALS_OK) goto done;
      continue;
    }
    if (!(br = strchr(s, '['))) continue;           /* <ISSUE ...> grouping lines */
    if (!(close = strchr(br, ']'))) { rc = an_err_set(err, ANNALS_EFORMAT, "%s:%u: '[' without ']'", l.path, (unsigned)l.lineno); goto done; }
    if (close == br + 1) { rc = an_err_set(err, ANNALS_EFORMAT, "%s:%u: empty issue code", l.path, (unsigned)l.lineno); goto done; }
    if (!(code = an_dict_strdup(d, br + 1, (size_t)(close - br - 1)))) { rc = ANNALS_ENOMEM; goto done; }
    *br = '\0';
    if ((rc = expand(d, s, code, 0)) != ANNALS_OK) goto done;
  }
done:
  if (rc == ANNALS_ENOMEM) an_err_set(err, ANNALS_ENOMEM, "%s: out of memory", path);
  an_lines_close(&l, d->mem);
  return rc;
}

annals_status an_code_issues(const an_dict *d, const annals_token *w, size_t n, an_arena *a,
                             an_issue_count **out, size_t *n_out)
{
  uint32_t *ids;
  an_issue_count *res;
  size_t i, k, nres = 0;
  *out = NULL; *n_out = 0;
  if (!d->n_issues || !n) return ANNALS_OK;
  ids = an_arena_alloc(a, n * sizeof *ids);
  res = an_arena_alloc(a, n * sizeof *res);
  if (!ids || !res) return ANNALS_ENOMEM;
  for (i = 0; i < n; i++) {
    char up[256];
    size_t m = w[i].text ? strlen(w[i].text) : 0, q;
    if (m >= sizeof up) m = sizeof up - 1;
    for (q = 0; q < m; q++) up[q] = (char)(w[i].text[q] >= 'a' && w[i].text[q] <= 'z' ? w[i].text[q] - 32 : w[i].text[q]);
    ids[i] = an_strtab_find(&d->words, up, m);
  }
  for (i = 0; i < n; ) {
    size_t cnt, j, adv = 1;
    const uint32_t *v = ids[i] ? an_index_get(&d->issue_ix, ids[i], &cnt) : NULL;
    for (j = 0; v && j < cnt; j++) {
      const an_issue *is = &d->issues[v[j]];
      uint16_t q;
      if (i + is->ph.n > n) continue;
      for (q = 1; q < is->ph.n; q++) if (ids[i + q] != is->ph.w[q]) break;
      if (q < is->ph.n) continue;
      if (is->exclude) return ANNALS_OK;          /* cancels every issue of the sentence */
      for (k = 0; k < nres; k++) if (!strcmp(res[k].code, is->code)) break;
      if (k == nres) { res[nres].code = is->code; res[nres].count = 0; nres++; }
      res[k].count++;
      adv = is->ph.n;
      break;
    }
    i += adv;
  }
  *out = nres ? res : NULL;
  *n_out = nres;
  return ANNALS_OK;
}
