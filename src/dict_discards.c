/* dict_discards.c: the discard list (petrarch-formats.md section 7): upper-cased
** phrases, '+' for story-level; indexed by first word for an_dict_discard. */
#include "coder.h"

#include <string.h>

annals_status an_dict_load_discards(an_dict *d, const char *path, an_err *err)
{
  an_lines l;
  annals_status rc;
  if ((rc = an_lines_open(&l, d->mem, path, err)) != ANNALS_OK) return rc;
  if (!(l.path = an_dict_strdup(d, path, strlen(path)))) { rc = ANNALS_ENOMEM; goto done; }
  while (an_lines_next(&l, NULL, NULL)) {
    char *s = l.line, *e;
    an_discard ds;
    size_t n, i, fw;
    uint32_t id;
    memset(&ds, 0, sizeof ds);
    while (*s == ' ') s++;
    if (*s == '+') { ds.story = 1; s++; while (*s == ' ') s++; }
    n = strlen(s);
    if (!n) { rc = an_err_set(err, ANNALS_EFORMAT, "%s:%u: '+' without a phrase", l.path, (unsigned)l.lineno); goto done; }
    for (i = 0; i < n; i++) {
      if (s[i] >= 'a' && s[i] <= 'z') s[i] = (char)(s[i] - 32);
      if (s[i] == '_' && i + 1 < n) s[i] = ' ';
    }
    if (s[n - 1] == '_') { ds.strict = 1; n--; }
    for (e = s; *e == ' '; e++) {}
    fw = strcspn(s, " ");
    if (fw > n) fw = n;
    if (!(ds.text = an_dict_strdup(d, s, n))) { rc = ANNALS_ENOMEM; goto done; }
    ds.len = n;
    if (!(id = an_strtab_intern(&d->words, s, fw))) { rc = ANNALS_ENOMEM; goto done; }
    if (an_mem_grow(d->mem, (void **)&d->discards, &d->cap_discards, d->n_discards + 1, sizeof *d->discards) < 0 ||
        an_index_add(&d->discard_ix, id, 0, (uint32_t)d->n_discards) < 0) { rc = ANNALS_ENOMEM; goto done; }
    d->discards[d->n_discards++] = ds;
  }
done:
  if (rc == ANNALS_ENOMEM) an_err_set(err, ANNALS_ENOMEM, "%s: out of memory", path);
  an_lines_close(&l, d->mem);
  return rc;
}
