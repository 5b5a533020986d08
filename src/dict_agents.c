/* dict_agents.c: the agent dictionary (petrarch-formats.md section 6): role nouns
** with generated or listed plurals and !MARKER! substitution, coded ~XXX (appended
** to the actor) or XXX~ (prepended). */
#include "coder.h"

#include <stdio.h>
#include <string.h>

typedef struct marker { char name[64]; char items[32][64]; int n; } marker;

static annals_status add_agent(an_dict *d, an_lines *l, const char *phrase, size_t n, const char *code,
                               int prefix, an_err *err)
{
  an_agent a;
  int r;
  memset(&a, 0, sizeof a);
  if ((r = an_dict_phrase(d, phrase, n, 0, &a.ph)) == -1) return ANNALS_ENOMEM;
  if (r < 0) return an_err_set(err, ANNALS_EFORMAT, "%s:%u: agent line without a phrase", l->path, (unsigned)l->lineno);
  a.code = code; a.prefix = (uint8_t)prefix; a.line = l->lineno;
  if (an_mem_grow(d->mem, (void **)&d->agents, &d->cap_agents, d->n_agents + 1, sizeof *d->agents) < 0)
    return ANNALS_ENOMEM;
  if (an_index_add(&d->agent_ix, a.ph.w[0], 65535u - a.ph.n - a.ph.strict, (uint32_t)d->n_agents) < 0)
    return ANNALS_ENOMEM;
  d->agents[d->n_agents++] = a;
  return ANNALS_OK;
}

static size_t plural(const char *s, size_t n, char *out, size_t cap)
{
  if (n + 3 >= cap) return 0;
  memcpy(out, s, n);
  if (n && s[n - 1] == 'Y') { memcpy(out + n - 1, "IES", 3); return n + 2; }
  if (n && s[n - 1] == 'S') { memcpy(out + n, "ES", 2); return n + 2; }
  out[n] = 'S';
  return n + 1;
}

annals_status an_dict_load_agents(an_dict *d, const char *path, const an_dict_files *f, an_err *err)
{
  an_lines l;
  annals_status rc;
  marker mk[16];
  int n_mk = 0;
  if ((rc = an_lines_open(&l, d->mem, path, err)) != ANNALS_OK) return rc;
  if (!(l.path = an_dict_strdup(d, path, strlen(path)))) { rc = ANNALS_ENOMEM; goto done; }
  while (an_lines_next(&l, NULL, NULL)) {
    char *s = l.line, *br, *close, *brace, *code;
    char cbuf[64], phr[512];
    size_t k = 0, pn, i;
    int prefix = 0;
    while (*s == ' ') s++;
    br = strchr(s, '[');
    if (!br && strchr(s, '!') && strchr(s, '=')) {       /* !NAME! = A, B, C */
      char *eq = strchr(s, '='), *p;
      marker *m;
      if (n_mk == (int)(sizeof mk / sizeof mk[0])) { rc = an_err_set(err, ANNALS_ELIMIT, "%s:%u: too many markers", l.path, (unsigned)l.lineno); goto done; }
      m = &mk[n_mk];
      memset(m, 0, sizeof *m);
      for (p = s; p < eq && *p != ' ' && k + 1 < sizeof m->name; p++) m->name[k++] = *p;
      if (k < 3 || m->name[0] != '!' || m->name[k - 1] != '!') {
        rc = an_err_set(err, ANNALS_EFORMAT, "%s:%u: malformed marker line (expected !NAME! = A, B)", l.path, (unsigned)l.lineno);
        goto done;
      }
      for (p = eq + 1; *p && m->n < 32; ) {
        char *c = strchr(p, ','), *e;
        size_t q;
        if (!c) c = p + strlen(p);
        while (p < c && *p == ' ') p++;
        e = c;
        while (e > p && e[-1] == ' ') e--;
        q = (size_t)(e - p) < 63 ? (size_t)(e - p) : 63;
        if (q) { memcpy(m->items[m->n], p, q); m->n++; }
        p = *c ? c + 1 : c;
      }
      n_mk++;
      continue;
    }
    if (!br) { an_dict_warn(f, l.path, l.lineno, "agent line without [code] ignored"); continue; }
    if (!(close = strchr(br, ']'))) {      /* "[~ENV}" in Phoenix.agents.txt */
      an_dict_warn(f, l.path, l.lineno, "agent code '[' without ']': line skipped");
      continue;
    }
    for (i = 1; br + i < close; i++) if (br[i] != ' ' && k + 1 < sizeof cbuf) cbuf[k++] = br[i];
    cbuf[k] = '\0';
    if (!k || !strchr(cbuf, '~')) {
      rc = an_err_set(err, ANNALS_EFORMAT, "%s:%u: agent code \"%s\" is neither ~XXX nor XXX~", l.path, (unsigned)l.lineno, cbuf);
      goto done;
    }
    prefix = cbuf[0] != '~';
    if (!(code = an_dict_strdup(d, prefix ? cbuf : cbuf + 1, prefix ? k - 1 : k - 1))) { rc = ANNALS_ENOMEM; goto done; }
    brace = memchr(s, '{', (size_t)(br - s));
    pn = (size_t)((brace ? brace : br) - s);
    while (pn && s[pn - 1] == ' ') pn--;
    if (pn >= sizeof phr) { rc = an_err_set(err, ANNALS_ELIMIT, "%s:%u: agent phrase too long", l.path, (unsigned)l.lineno); goto done; }
    memcpy(phr, s, pn); phr[pn] = '\0';
    if (strchr(phr, '!')) {                          /* substitution marker */
      int j, found = 0;
      for (j = 0; j < n_mk; j++) {
        char *at = strstr(phr, mk[j].name);
        int t;
        if (!at) continue;
        found = 1;
        for (t = 0; t < mk[j].n; t++) {
          char sub[640];
          int sn = snprintf(sub, sizeof sub, "%.*s%s%s", (int)(at - phr), phr, mk[j].items[t], at + strlen(mk[j].name));
          if (sn < 0 || (size_t)sn >= sizeof sub) continue;
          if ((rc = add_agent(d, &l, sub, (size_t)sn, code, prefix, err)) != ANNALS_OK) goto done;
        }
        break;
      }
      if (!found) an_dict_warn(f, l.path, l.lineno, "undefined substitution marker in \"%s\": line skipped", phr);
      continue;
    }
    if ((rc = add_agent(d, &l, phr, pn, code, prefix, err)) != ANNALS_OK) goto done;
    if (brace) {
      char *bend = memchr(brace, '}', (size_t)(br - brace));
      char *p = brace + 1;
      if (!bend) { rc = an_err_set(err, ANNALS_EFORMAT, "%s:%u: '{' without '}'", l.path, (unsigned)l.lineno); goto done; }
      while (p < bend) {                             /* listed plurals */
        char *e;
        while (p < bend && *p == ' ') p++;
        e = p;
        while (e < bend && *e != ' ') e++;
        if (e > p && (rc = add_agent(d, &l, p, (size_t)(e - p), code, prefix, err)) != ANNALS_OK) goto done;
        p = e;
      }
    } else {
      char pl[520];
      size_t m = plural(phr, pn, pl, sizeof pl);
      if (m && (rc = add_agent(d, &l, pl, m, code, prefix, err)) != ANNALS_OK) goto done;
    }
  }
done:
  if (rc == ANNALS_ENOMEM) an_err_set(err, ANNALS_ENOMEM, "%s: out of memory", path);
  an_lines_close(&l, d->mem);
  return rc;
}
