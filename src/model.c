/* model.c: the .annals-model file (docs/model-format.md) and annotation with a model.
** File layout, integers little-endian:
**   0  8  magic "ANNM\r\n\032\n"   shows text-mode or truncation damage
**   8  2  read_version     loader refuses the file if this exceeds AN_MODEL_READ_VERSION (1 and 2 are read)
**  10  2  write_version    format written; may exceed read_version for additive changes
**  12  4  header_size      64; room for later fields
**  16  8  file_size        must equal the bytes present
**  24  4  section_count    then at header_size: {tag[4], u64 offset, u64 size} entries
**  28  4  crc32            zlib crc32 of the whole file except these 4 bytes
**  32 32  digest           4 x u64: hash of train file, dev file, seed, options
** Sections: META (text), STRS (strings), TAGS (tag set, labels), TAGR (tagger), LEMM
** (lemmatizer, feats), PARS (parser); unknown tags are skipped. Invariant: every field is
** decoded one by one through a bounds-checked cursor; every offset, size, count and id is
** checked before use, and each section must be consumed exactly. */
#include "nlp.h"

#include <errno.h>
#include <string.h>
#include <zlib.h>

static const unsigned char MAGIC[8] = { 'A', 'N', 'N', 'M', '\r', '\n', 0x1a, '\n' };
#define HEADER_SIZE 64
#define MAX_SECTIONS 64

void an_model_clear(an_model *m)
{
  an_mem *mem = &m->mem;
  an_tagger_fini(&m->tagger, mem);
  an_lemma_fini(&m->lem, mem);
  an_parser_fini(&m->parser, mem);
  an_mem_free(mem, m->tag_upos, ((size_t)m->n_tags + 1) * sizeof *m->tag_upos);
  an_mem_free(mem, m->tag_xpos, ((size_t)m->n_tags + 1) * sizeof *m->tag_xpos);
  an_mem_free(mem, m->tag_feats, ((size_t)m->n_tags + 1) * sizeof *m->tag_feats);
  an_mem_free(mem, m->label_str, ((size_t)m->n_labels + 1) * sizeof *m->label_str);
  an_mem_free(mem, m->meta, m->meta_n + 1);
  an_pool_fini(&m->strs);
  m->tag_upos = m->tag_xpos = m->tag_feats = m->label_str = NULL;
  m->meta = NULL;
  m->n_tags = m->n_labels = 0;
}

void an_model_free(an_model *m)
{
  an_mem mem;
  if (!m) return;
  mem = m->mem;
  an_model_clear(m);
  an_mem_free(&mem, m, sizeof *m);
}

/* ---- encoding ---- */

static int enc_strs(const an_model *m, an_buf *b)
{
  uint32_t i;
  if (an_put_u32(b, m->strs.count)) return -1;
  for (i = 0; i < m->strs.count; i++) {
    const char *s = an_pool_str(&m->strs, i);
    size_t n = strlen(s);
    if (an_put_u32(b, (uint32_t)n) || an_buf_put(b, s, n)) return -1;
  }
  return 0;
}

static int enc_tags(const an_model *m, an_buf *b)
{
  uint32_t i;
  if (an_put_u32(b, m->n_tags)) return -1;
  for (i = 0; i < m->n_tags; i++)
    if (an_put_u32(b, m->tag_upos[i]) || an_put_u32(b, m->tag_xpos[i]) || an_put_u32(b, m->tag_feats[i])) return -1;
  if (an_put_u32(b, m->n_labels)) return -1;
  for (i = 0; i < m->n_labels; i++) if (an_put_u32(b, m->label_str[i])) return -1;
  return an_put_u32(b, m->parser.root_label);
}

static int enc_lemm(const an_model *m, an_buf *b)
{
  const an_lemmatizer *l = &m->lem;
  uint32_t i;
  if (an_put_u32(b, l->n_rules)) return -1;
  for (i = 0; i < l->n_rules; i++)
    if (an_put_u8(b, l->rule_lower[i]) || an_put_u8(b, l->rule_strip[i]) || an_put_u32(b, l->rule_add[i])) return -1;
  return an_kvtab_encode(&l->lex, b) || an_kvtab_encode(&l->suf, b) || an_kvtab_encode(&l->feats, b) ? -1 : 0;
}

static int enc_tagr(const an_model *m, an_buf *b)
{
  if (an_kvtab_encode(&m->tagger.dict, b) || an_kvtab_encode(&m->tagger.amb, b) || an_ap_encode(&m->tagger.ap, b)
      || an_put_u8(b, (unsigned)m->tagger.has2))
    return -1;
  return m->tagger.has2 ? an_ap_encode(&m->tagger.ap2, b) : 0;
}

static int enc_pars(const an_model *m, an_buf *b) { return an_ap_encode(&m->parser.ap, b); }

static int enc_meta(const an_model *m, an_buf *b) { return an_buf_put(b, m->meta ? m->meta : "", m->meta_n); }

typedef int (*enc_fn)(const an_model *, an_buf *);
static const struct { const char tag[5]; enc_fn fn; } SECTIONS[] = {
  { "META", enc_meta }, { "STRS", enc_strs }, { "TAGS", enc_tags },
  { "TAGR", enc_tagr }, { "LEMM", enc_lemm }, { "PARS", enc_pars },
};
#define N_SECTIONS (sizeof SECTIONS / sizeof SECTIONS[0])

uint32_t an_model_crc(const unsigned char *p, size_t n)
{
  uLong c = crc32(0L, Z_NULL, 0);
  size_t pos = 32;
  c = crc32(c, p, 28);
  while (pos < n) {        /* crc32 takes uInt lengths */
    size_t chunk = n - pos > (1u << 30) ? (1u << 30) : n - pos;
    c = crc32(c, p + pos, (uInt)chunk);
    pos += chunk;
  }
  return (uint32_t)c;
}

static void set_u16(unsigned char *p, unsigned v) { p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8); }
static void set_u32(unsigned char *p, uint32_t v) { int i; for (i = 0; i < 4; i++) p[i] = (unsigned char)(v >> (8 * i)); }
static void set_u64(unsigned char *p, uint64_t v) { int i; for (i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (8 * i)); }

int an_model_encode(const an_model *m, an_buf *b)
{
  size_t i, table = HEADER_SIZE, start;
  uint64_t off[N_SECTIONS], size[N_SECTIONS];
  unsigned char *h;
  const size_t head_n = HEADER_SIZE + N_SECTIONS * 20;   /* header + section table */
  an_buf_clear(b);
  if (an_buf_reserve(b, head_n)) return -1;
  memset(b->p, 0, head_n);
  b->n = head_n;
  for (i = 0; i < N_SECTIONS; i++) {
    start = b->n;
    if (SECTIONS[i].fn(m, b)) return -1;
    off[i] = start; size[i] = b->n - start;
  }
  h = (unsigned char *)b->p;
  memcpy(h, MAGIC, 8);
  set_u16(h + 8, AN_MODEL_READ_VERSION);
  set_u16(h + 10, AN_MODEL_WRITE_VERSION);
  set_u32(h + 12, HEADER_SIZE);
  set_u64(h + 16, b->n);
  set_u32(h + 24, (uint32_t)N_SECTIONS);
  for (i = 0; i < 4; i++) set_u64(h + 32 + 8 * i, m->digest[i]);
  for (i = 0; i < N_SECTIONS; i++) {
    unsigned char *e = h + table + 20 * i;
    memcpy(e, SECTIONS[i].tag, 4);
    set_u64(e + 4, off[i]);
    set_u64(e + 12, size[i]);
  }
  {
    uint32_t crc = an_model_crc((const unsigned char *)b->p, b->n);
    set_u32(h + 28, crc);
  }
  return 0;
}

/* ---- decoding ---- */

static annals_status dec_strs(an_model *m, an_rd *r, const char *name, an_err *err)
{
  uint32_t i, n = an_get_u32(r);
  if (!an_rd_room(r, n, 4)) return an_err_set(err, ANNALS_EFORMAT, "%s: STRS: %u strings exceed the section", name, n);
  for (i = 0; i < n; i++) {
    uint32_t len = an_get_u32(r);
    const unsigned char *s = r->p + r->pos;
    if (!an_rd_room(r, len, 1)) return an_err_set(err, ANNALS_EFORMAT, "%s: STRS: string %u overruns the section", name, i);
    if (memchr(s, 0, len)) return an_err_set(err, ANNALS_EFORMAT, "%s: STRS: string %u contains a NUL byte", name, i);
    if (an_pool_intern(&m->strs, (const char *)s, len) != i) {
      if (m->mem.failed) return an_err_set(err, ANNALS_ENOMEM, "%s: out of memory", name);
      return an_err_set(err, ANNALS_EFORMAT, "%s: STRS: string %u is a duplicate", name, i);
    }
    r->pos += len;
  }
  return ANNALS_OK;
}

static annals_status dec_tags(an_model *m, an_rd *r, const char *name, an_err *err)
{
  uint32_t i, ns = m->strs.count;
  m->n_tags = an_get_u32(r);
  if (m->n_tags == 0 || m->n_tags > AN_AP_MAX_CLASSES || !an_rd_room(r, m->n_tags, 12))
    return an_err_set(err, ANNALS_EFORMAT, "%s: TAGS: bad tag count %u", name, m->n_tags);
  m->tag_upos = an_mem_alloc(&m->mem, ((size_t)m->n_tags + 1) * sizeof *m->tag_upos);
  m->tag_xpos = an_mem_alloc(&m->mem, ((size_t)m->n_tags + 1) * sizeof *m->tag_xpos);
  m->tag_feats = an_mem_alloc(&m->mem, ((size_t)m->n_tags + 1) * sizeof *m->tag_feats);
  if (!m->tag_upos || !m->tag_xpos || !m->tag_feats) return an_err_set(err, ANNALS_ENOMEM, "%s: out of memory", name);
  for (i = 0; i < m->n_tags; i++) {
    m->tag_upos[i] = an_get_u32(r); m->tag_xpos[i] = an_get_u32(r); m->tag_feats[i] = an_get_u32(r);
    if (m->tag_upos[i] >= ns || m->tag_xpos[i] >= ns || m->tag_feats[i] >= ns)
      return an_err_set(err, ANNALS_EFORMAT, "%s: TAGS: tag %u names a string beyond the %u stored", name, i, ns);
  }
  {
    uint32_t nl = an_get_u32(r);
    if (nl == 0 || 1 + 2 * (uint64_t)nl > AN_AP_MAX_CLASSES || !an_rd_room(r, nl, 4))
      return an_err_set(err, ANNALS_EFORMAT, "%s: TAGS: bad label count %u", name, nl);
    m->label_str = an_mem_alloc(&m->mem, ((size_t)nl + 1) * sizeof *m->label_str);
    if (!m->label_str) return an_err_set(err, ANNALS_ENOMEM, "%s: out of memory", name);
    m->n_labels = nl;
    for (i = 0; i < nl; i++)
      if ((m->label_str[i] = an_get_u32(r)) >= ns)
        return an_err_set(err, ANNALS_EFORMAT, "%s: TAGS: label %u names a string beyond the %u stored", name, i, ns);
    m->parser.n_labels = nl;
    m->parser.coarse = m->tag_upos;
    m->parser.amb = &m->tagger.amb;
    m->parser.root_label = an_get_u32(r);
    if (r->bad || m->parser.root_label >= nl)
      return an_err_set(err, ANNALS_EFORMAT, "%s: TAGS: root label %u of %u", name, m->parser.root_label, nl);
  }
  return ANNALS_OK;
}

static annals_status dec_tagr(an_model *m, an_rd *r, const char *name, an_err *err)
{
  annals_status rc;
  char what[300];
  snprintf(what, sizeof what, "%s: TAGR", name);
  m->tagger.n_tags = m->n_tags;
  if ((rc = an_kvtab_decode(&m->tagger.dict, &m->mem, r, m->n_tags, what, err))) return rc;
  if ((rc = an_kvtab_decode(&m->tagger.amb, &m->mem, r, m->n_tags * (m->n_tags + 1), what, err))) return rc;
  if ((rc = an_ap_decode(&m->tagger.ap, &m->mem, r, m->version, what, err))) return rc;
  if (m->tagger.ap.n_classes != m->n_tags)
    return an_err_set(err, ANNALS_EFORMAT, "%s: %u classes for %u tags", what, m->tagger.ap.n_classes, m->n_tags);
  m->tagger.has2 = (int)an_get_u8(r);
  if (r->bad || m->tagger.has2 > 1) return an_err_set(err, ANNALS_EFORMAT, "%s: bad second-pass flag", what);
  if (m->tagger.has2) {
    if ((rc = an_ap_decode(&m->tagger.ap2, &m->mem, r, m->version, what, err))) return rc;
    if (m->tagger.ap2.n_classes != m->n_tags)
      return an_err_set(err, ANNALS_EFORMAT, "%s: second pass has %u classes for %u tags", what, m->tagger.ap2.n_classes, m->n_tags);
  }
  return ANNALS_OK;
}

static annals_status dec_lemm(an_model *m, an_rd *r, const char *name, an_err *err)
{
  an_lemmatizer *l = &m->lem;
  annals_status rc;
  uint32_t i, n = an_get_u32(r);
  char what[300];
  snprintf(what, sizeof what, "%s: LEMM", name);
  if (!an_rd_room(r, n, 6)) return an_err_set(err, ANNALS_EFORMAT, "%s: %u rules exceed the section", what, n);
  l->rule_lower = an_mem_alloc(&m->mem, (size_t)n + 1);
  l->rule_strip = an_mem_alloc(&m->mem, (size_t)n + 1);
  l->rule_add = an_mem_alloc(&m->mem, ((size_t)n + 1) * sizeof *l->rule_add);
  if (!l->rule_lower || !l->rule_strip || !l->rule_add) return an_err_set(err, ANNALS_ENOMEM, "%s: out of memory", name);
  l->n_rules = n;
  for (i = 0; i < n; i++) {
    l->rule_lower[i] = (uint8_t)an_get_u8(r);
    l->rule_strip[i] = (uint8_t)an_get_u8(r);
    l->rule_add[i] = an_get_u32(r);
    if (l->rule_lower[i] > 2 || l->rule_add[i] >= m->strs.count)
      return an_err_set(err, ANNALS_EFORMAT, "%s: rule %u is malformed", what, i);
  }
  if ((rc = an_kvtab_decode(&l->lex, &m->mem, r, m->strs.count, what, err))) return rc;
  if ((rc = an_kvtab_decode(&l->suf, &m->mem, r, n, what, err))) return rc;
  return an_kvtab_decode(&l->feats, &m->mem, r, m->strs.count, what, err);
}

static annals_status dec_pars(an_model *m, an_rd *r, const char *name, an_err *err)
{
  annals_status rc;
  char what[300];
  snprintf(what, sizeof what, "%s: PARS", name);
  if ((rc = an_ap_decode(&m->parser.ap, &m->mem, r, m->version, what, err))) return rc;
  if (m->parser.ap.n_classes != 1 + 2 * m->n_labels)
    return an_err_set(err, ANNALS_EFORMAT, "%s: %u classes for %u labels", what, m->parser.ap.n_classes, m->n_labels);
  return ANNALS_OK;
}

static uint64_t rd64(const unsigned char *p) { uint64_t v = 0; int i; for (i = 7; i >= 0; i--) v = v << 8 | p[i]; return v; }
static uint32_t rd32(const unsigned char *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24; }

annals_status an_model_decode(an_mem *mem, const unsigned char *p, size_t n, const char *name,
                              an_model **out, an_err *err)
{
  typedef annals_status (*dec_fn)(an_model *, an_rd *, const char *, an_err *);
  static const struct { const char tag[5]; dec_fn fn; } need[] = {   /* in dependency order */
    { "STRS", dec_strs }, { "TAGS", dec_tags }, { "TAGR", dec_tagr }, { "LEMM", dec_lemm }, { "PARS", dec_pars },
  };
  an_model *m = NULL;
  annals_status rc = ANNALS_OK;
  unsigned rv, wv;
  uint32_t hsize, nsec, crc, i, j;
  uint64_t fsize;
  *out = NULL;
  if (!name) name = "model";
  if (n < HEADER_SIZE)
    return an_err_set(err, ANNALS_EFORMAT, "%s: truncated: %zu bytes, the header alone needs %d", name, n, HEADER_SIZE);
  if (memcmp(p, MAGIC, 4) != 0)
    return an_err_set(err, ANNALS_EFORMAT, "%s: not an annals model (bad magic)", name);
  if (memcmp(p, MAGIC, 8) != 0)
    return an_err_set(err, ANNALS_EFORMAT, "%s: damaged magic (text-mode transfer?)", name);
  rv = (unsigned)(p[8] | p[9] << 8); wv = (unsigned)(p[10] | p[11] << 8);
  if (rv > AN_MODEL_READ_VERSION || rv == 0)
    return an_err_set(err, ANNALS_EVERSION, "%s: model format version %u (written as %u); this build reads versions 1 to %d",
                      name, rv, wv, AN_MODEL_READ_VERSION);
  hsize = rd32(p + 12); fsize = rd64(p + 16); nsec = rd32(p + 24); crc = rd32(p + 28);
  if (fsize != n)
    return an_err_set(err, ANNALS_EFORMAT, "%s: %s: header says %llu bytes, file has %zu", name,
                      fsize > n ? "truncated" : "trailing bytes", (unsigned long long)fsize, n);
  if (hsize < HEADER_SIZE || hsize > n)
    return an_err_set(err, ANNALS_EFORMAT, "%s: bad header size %u", name, hsize);
  {
    uint32_t c = an_model_crc(p, n);
    if (c != crc)
      return an_err_set(err, ANNALS_EFORMAT, "%s: checksum mismatch (file is corrupted): stored %08x, computed %08x",
                        name, crc, c);
  }
  if (nsec > MAX_SECTIONS || (uint64_t)nsec * 20 > n - hsize)
    return an_err_set(err, ANNALS_EFORMAT, "%s: bad section count %u", name, nsec);
  for (i = 0; i < nsec; i++) {
    const unsigned char *e = p + hsize + 20 * i;
    uint64_t off = rd64(e + 4), sz = rd64(e + 12);
    if (off < hsize + (uint64_t)nsec * 20 || off > n || sz > n - off)
      return an_err_set(err, ANNALS_EFORMAT, "%s: section %.4s at %llu+%llu lies outside the file", name, (const char *)e,
                        (unsigned long long)off, (unsigned long long)sz);
    for (j = 0; j < i; j++)
      if (memcmp(e, p + hsize + 20 * j, 4) == 0)
        return an_err_set(err, ANNALS_EFORMAT, "%s: section %.4s appears twice", name, (const char *)e);
  }
  if (!(m = an_mem_calloc(mem, 1, sizeof *m))) return an_err_set(err, ANNALS_ENOMEM, "%s: out of memory", name);
  m->mem = *mem;
  m->version = rv;
  m->mem.failed = 0;
  an_pool_init(&m->strs, &m->mem);
  for (i = 0; i < 4; i++) m->digest[i] = rd64(p + 32 + 8 * i);
  for (i = 0; i < nsec; i++) {      /* META is optional */
    const unsigned char *e = p + hsize + 20 * i;
    if (memcmp(e, "META", 4) == 0) {
      uint64_t off = rd64(e + 4), sz = rd64(e + 12);
      if (!(m->meta = an_mem_strndup(&m->mem, (const char *)p + off, (size_t)sz))) {
        rc = an_err_set(err, ANNALS_ENOMEM, "%s: out of memory", name); goto done;
      }
      m->meta_n = (size_t)sz;
    }
  }
  for (j = 0; j < sizeof need / sizeof need[0]; j++) {
    an_rd r;
    for (i = 0; i < nsec; i++) if (memcmp(p + hsize + 20 * i, need[j].tag, 4) == 0) break;
    if (i == nsec) { rc = an_err_set(err, ANNALS_EFORMAT, "%s: required section %s is missing", name, need[j].tag); goto done; }
    r.p = p + rd64(p + hsize + 20 * i + 4);
    r.n = (size_t)rd64(p + hsize + 20 * i + 12);
    r.pos = 0; r.bad = 0;
    if ((rc = need[j].fn(m, &r, name, err))) goto done;
    if (r.bad || r.pos != r.n) {
      rc = an_err_set(err, ANNALS_EFORMAT, "%s: section %s: %s", name, need[j].tag, r.bad ? "truncated" : "trailing bytes");
      goto done;
    }
  }
  *out = m; m = NULL;
done:
  an_model_free(m);
  return rc;
}

annals_status an_model_load(an_mem *mem, const char *path, an_model **out, an_err *err)
{
  FILE *fp;
  unsigned char *buf = NULL;
  long sz;
  size_t got;
  annals_status rc;
  *out = NULL;
  if (!(fp = fopen(path, "rb"))) return an_err_io(err, path, errno);
  if (fseek(fp, 0, SEEK_END) || (sz = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET)) {
    rc = an_err_io(err, path, errno); fclose(fp); return rc;
  }
  if (!(buf = an_mem_alloc(mem, (size_t)sz + 1))) { fclose(fp); return an_err_set(err, ANNALS_ENOMEM, "%s: out of memory", path); }
  got = fread(buf, 1, (size_t)sz, fp);
  if (got != (size_t)sz && ferror(fp)) rc = an_err_io(err, path, errno);
  else rc = an_model_decode(mem, buf, got, path, out, err);
  fclose(fp);
  an_mem_free(mem, buf, (size_t)sz + 1);
  return rc;
}

/* ---- annotation ---- */

annals_status an_model_annotate_ids(const an_model *m, an_arena *a, const char *const *forms,
                                    size_t n, uint16_t *tags, int *heads, uint16_t *labels,
                                    const char **lemmas)
{
  annals_status rc;
  size_t i;
  if (n == 0) return ANNALS_OK;
  if ((rc = an_tagger_tag(&m->tagger, a, forms, n, tags))) return rc;
  if ((rc = an_parser_parse(&m->parser, a, forms, tags, n, heads, labels))) return rc;
  if (lemmas)
    for (i = 0; i < n; i++)
      if ((rc = an_lemma_get(&m->lem, &m->strs, a, forms[i], tags[i], &lemmas[i]))) return rc;
  return ANNALS_OK;
}

annals_status an_model_annotate(const an_model *m, an_arena *arena, an_nlp_word *w, size_t n)
{
  const char **forms, **lemmas;
  uint16_t *tags, *labels;
  int *heads;
  size_t i;
  annals_status rc;
  if (n == 0) return ANNALS_OK;
  if (!m || !w) return ANNALS_EMISUSE;
  forms = an_arena_alloc(arena, n * sizeof *forms);
  lemmas = an_arena_alloc(arena, n * sizeof *lemmas);
  tags = an_arena_alloc(arena, n * sizeof *tags);
  labels = an_arena_alloc(arena, n * sizeof *labels);
  heads = an_arena_alloc(arena, n * sizeof *heads);
  if (!forms || !lemmas || !tags || !labels || !heads) return ANNALS_ENOMEM;
  for (i = 0; i < n; i++) forms[i] = w[i].form ? w[i].form : "";
  if ((rc = an_model_annotate_ids(m, arena, forms, n, tags, heads, labels, lemmas))) return rc;
  for (i = 0; i < n; i++) {
    uint32_t t = tags[i];
    w[i].upos = an_pool_str(&m->strs, m->tag_upos[t]);
    w[i].xpos = an_pool_str(&m->strs, m->tag_xpos[t]);
    w[i].feats = an_pool_str(&m->strs, an_feats_get(&m->lem, forms[i], t, m->tag_feats[t]));
    w[i].lemma = lemmas[i];
    w[i].deprel = an_pool_str(&m->strs, m->label_str[labels[i]]);
    w[i].head = heads[i];
  }
  return ANNALS_OK;
}
