/* nlp.h: internal interfaces of the statistical NLP layer (issue 3): CoNLL-U I/O, the
** averaged perceptron, tagger, lemmatizer, arc-hybrid parser and the model file.
** Invariant: a loaded an_model is immutable and shared by threads; every per-call
** scratch byte comes from the caller's arena. Ids are small integers into the model's
** string pool; hot paths compare ids and 64-bit hashes, never strings. */
#ifndef ANNALS_NLP_H
#define ANNALS_NLP_H

#include "annals_int.h"

#include <stdio.h>

/* ======================================================================
** The contract used by the text layer (doc parse, eval segment).
** ====================================================================== */

typedef struct an_model an_model;               /* immutable after load; shared by threads */
annals_status an_model_load(an_mem *mem, const char *path, an_model **out, an_err *err);
void an_model_free(an_model *m);                /* NULL-safe */
typedef struct an_nlp_word {
  const char *form;                             /* in: NUL-terminated UTF-8 */
  const char *upos, *xpos, *feats, *lemma, *deprel;   /* out: borrowed from the model or the arena */
  int head;                                      /* out: 1-based, 0 = root */
} an_nlp_word;
/* Tag, lemmatize and parse one sentence of n words in place. Thread-safe for one model and
** distinct arenas. Temporary memory and any new strings come from the arena. */
annals_status an_model_annotate(const an_model *m, an_arena *arena, an_nlp_word *w, size_t n);

/* Decode a model from bytes (the loader's work after reading the file); name is used in
** messages. The buffer is not kept. */
annals_status an_model_decode(an_mem *mem, const unsigned char *p, size_t n, const char *name,
                              an_model **out, an_err *err);

/* ======================================================================
** CoNLL-U (conllu.c). Whole-file reader: sentences live in the corpus arena.
** ====================================================================== */

typedef struct an_conllu_word {
  int id;                         /* 1-based word index */
  const char *form, *lemma, *upos, *xpos, *feats, *deprel, *deps, *misc; /* "_" when empty */
  int head;                       /* -1 when "_" */
} an_conllu_word;

typedef struct an_conllu_mwt {    /* multi-word token range line "3-4  don't" */
  int first, last;
  const char *form, *misc;
} an_conllu_mwt;

typedef struct an_conllu_sent {
  const char *sent_id, *text;     /* NULL when absent */
  const char *newdoc_id, *newpar_id; /* "" for a bare "# newdoc" / "# newpar" */
  int newdoc, newpar;             /* 1 when the comment is present */
  const char **comments;          /* every comment line, without "# " */
  size_t n_comments;
  an_conllu_word *words;
  size_t n_words;
  an_conllu_mwt *mwts;            /* in order; mwts[i].first..last index words by id */
  size_t n_mwts;
  unsigned long line;             /* line of the sentence's first line */
} an_conllu_sent;

typedef struct an_conllu_corpus {
  an_mem *mem;
  an_arena arena;                 /* owns every string and array below */
  an_conllu_sent *sents;
  size_t n_sents, cap_sents;
  size_t n_words;                 /* total words */
  unsigned long n_errors;         /* malformed lines reported and skipped */
} an_conllu_corpus;

/* Called with "file:line: message" for each malformed line; return 1 to skip that
** sentence and go on, 0 to stop (the read then fails with ANNALS_EFORMAT and err set).
** NULL: stop at the first error. Empty nodes ("8.1") are skipped silently. */
typedef int (*an_conllu_onerr)(void *ud, const char *msg);

void an_conllu_init(an_conllu_corpus *c, an_mem *mem);
void an_conllu_fini(an_conllu_corpus *c);
annals_status an_conllu_read_file(an_conllu_corpus *c, const char *path, an_conllu_onerr onerr,
                                  void *ud, an_err *err);
/* Parse text[0..n) (name is used in messages). */
annals_status an_conllu_read_mem(an_conllu_corpus *c, const char *name, const char *text, size_t n,
                                 an_conllu_onerr onerr, void *ud, an_err *err);
/* Write one sentence (comments, MWT lines, words, blank line). Returns 0 or -1 on I/O error. */
int an_conllu_write_sent(FILE *fp, const an_conllu_sent *s);

/* ======================================================================
** Hashing and little-endian encoding helpers.
** ====================================================================== */

static inline uint64_t an_mix64(uint64_t x)
{
  x ^= x >> 33; x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33; x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}
static inline uint64_t an_hc(uint64_t h, uint64_t v)
{
  return an_mix64(h ^ (v * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL));
}
static inline uint64_t an_hstr(const char *s, size_t n)   /* FNV-1a, then mixed */
{
  uint64_t h = 0xcbf29ce484222325ULL;
  size_t i;
  for (i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= 0x100000001b3ULL; }
  return an_mix64(h);
}

/* Deterministic PRNG (xorshift64*), our own so results never depend on libc. */
typedef struct an_rng { uint64_t s; } an_rng;
static inline void an_rng_seed(an_rng *r, uint64_t seed) { r->s = an_mix64(seed + 0x9e3779b97f4a7c15ULL) | 1; }
static inline uint64_t an_rng_next(an_rng *r)
{
  r->s ^= r->s >> 12; r->s ^= r->s << 25; r->s ^= r->s >> 27;
  return r->s * 0x2545f4914f6cdd1dULL;
}
static inline uint32_t an_rng_below(an_rng *r, uint32_t n) { return (uint32_t)((an_rng_next(r) >> 32) % n); }

int an_put_u8(an_buf *b, unsigned v);
int an_put_u16(an_buf *b, unsigned v);
int an_put_u32(an_buf *b, uint32_t v);
int an_put_u64(an_buf *b, uint64_t v);

/* Bounds-checked decoding cursor: reads past the end set bad and return 0. */
typedef struct an_rd {
  const unsigned char *p;
  size_t n, pos;
  int bad;
} an_rd;
unsigned an_get_u8(an_rd *r);
unsigned an_get_u16(an_rd *r);
uint32_t an_get_u32(an_rd *r);
uint64_t an_get_u64(an_rd *r);
/* Room for count items of size bytes left? Sets bad when not (guards allocations). */
int an_rd_room(an_rd *r, uint64_t count, size_t size);

/* ======================================================================
** String pool (nlp_pool.c): interned NUL-terminated strings by dense id.
** ====================================================================== */

typedef struct an_pool {
  an_mem *mem;
  char *buf; size_t n, cap;       /* strings back to back, each NUL-terminated */
  uint32_t *off; uint32_t count; size_t cap_off;
  uint32_t *slots; size_t nslots; /* hash index: id + 1, 0 = empty (NULL until first intern) */
} an_pool;

void an_pool_init(an_pool *p, an_mem *mem);
void an_pool_fini(an_pool *p);
uint32_t an_pool_intern(an_pool *p, const char *s, size_t n);  /* UINT32_MAX on ENOMEM */
uint32_t an_pool_find(const an_pool *p, const char *s, size_t n); /* UINT32_MAX if absent */
static inline const char *an_pool_str(const an_pool *p, uint32_t id) { return p->buf + p->off[id]; }

/* ======================================================================
** Averaged perceptron (nlp_ap.c): sparse rows, integer updates.
** ====================================================================== */

#define AN_AP_MAX_CLASSES 255

typedef struct an_ap_ent { int32_t w; uint32_t ts; int64_t tot; uint32_t cls; } an_ap_ent;
typedef struct an_ap_row { uint32_t off, len, cap; } an_ap_row;

typedef struct an_ap_train {          /* training-time weights */
  an_mem *mem;
  uint32_t n_classes;
  uint64_t *keys; uint32_t *rowid; size_t nslots, nkeys;
  an_ap_row *rows; size_t cap_rows;
  an_ap_ent *pool; size_t pool_n, pool_cap;
  uint32_t t;                          /* clock: examples seen */
} an_ap_train;

typedef struct an_ap_slot { uint32_t key, off, n, pad; } an_ap_slot;
typedef struct an_ap_w { uint16_t cls; int16_t w; } an_ap_w;

#define AN_AP_LEVELS 128              /* codebook magnitudes: a weight is stored as sign + level in one byte */

typedef struct an_ap_model {          /* frozen, quantized weights */
  uint32_t n_classes;
  uint32_t n_lv;                       /* 0: no codebook, weights stored as int16 */
  uint16_t lv[AN_AP_LEVELS];           /* codebook magnitudes, strictly increasing, 1..32767 */
  uint32_t n_feats, n_ents;
  an_ap_slot *slots; uint32_t mask;    /* open addressing on key; key 0 = empty */
  an_ap_w *ents;
  uint32_t *fslot;                     /* keys in file order (ascending) */
  uint32_t alloc_ents, alloc_fslot;    /* allocated element counts */
} an_ap_model;

int  an_ap_train_init(an_ap_train *t, an_mem *mem, uint32_t n_classes);
void an_ap_train_fini(an_ap_train *t);
void an_ap_train_score(const an_ap_train *t, const uint64_t *f, size_t nf, int64_t *scores);
int  an_ap_train_update(an_ap_train *t, const uint64_t *f, size_t nf, uint32_t good, uint32_t bad);
/* Freeze the averaged weights, quantized to int16; entries below min_q dropped. */
int  an_ap_freeze(const an_ap_train *t, an_mem *mem, int min_q, an_ap_model *out);
void an_ap_model_fini(an_ap_model *m, an_mem *mem);
void an_ap_score(const an_ap_model *m, const uint64_t *f, size_t nf, int32_t *scores);
int  an_ap_encode(const an_ap_model *m, an_buf *b);      /* codes if on a codebook (n_lv), else int16 */
/* Bytes an_ap_encode would write after pruning below min_q; as_codebook: as if already
** quantized (a full codebook assumed while n_lv is 0). */
size_t an_ap_encoded_size(const an_ap_model *m, int min_q, int as_codebook);
int  an_ap_prune(an_ap_model *m, an_mem *mem, int min_q);      /* drop weights below min_q in magnitude */
int  an_ap_pruned(const an_ap_model *m, an_mem *mem, int min_q, an_ap_model *out);  /* same, into a copy */
/* Snap every weight to a codebook of at most AN_AP_LEVELS magnitudes fitted to them
** (Lloyd-Max, least squares), so the model is exactly what an_ap_encode writes. */
int  an_ap_quantize(an_ap_model *m, an_mem *mem);
int  an_ap_merge(an_ap_model *out, an_mem *mem, const an_ap_model *a, const an_ap_model *b);  /* out = a + b */
/* version: the file's read_version (1: no codebook byte, always int16 weights). */
annals_status an_ap_decode(an_ap_model *m, an_mem *mem, an_rd *r, unsigned version, const char *what, an_err *err);
static inline uint32_t an_ap_key(uint64_t h) { uint32_t k = (uint32_t)(h >> 32) ^ (uint32_t)h; return k ? k : 1; }

/* ======================================================================
** Sorted 64-bit key -> 32-bit value table (lexicons, tag dictionary, suffix rules).
** ====================================================================== */

typedef struct an_kv { uint64_t key; uint32_t val; } an_kv;
typedef struct an_kvtab { an_kv *v; uint32_t n; } an_kvtab;
int an_kvtab_get(const an_kvtab *t, uint64_t key, uint32_t *val);   /* 1 found */
int an_kvtab_encode(const an_kvtab *t, an_buf *b);
annals_status an_kvtab_decode(an_kvtab *t, an_mem *mem, an_rd *r, uint32_t max_val,
                              const char *what, an_err *err);
void an_kvtab_fini(an_kvtab *t, an_mem *mem);
int an_kvtab_sort(an_kvtab *t);     /* sorts; returns -1 on a duplicate key */

/* ======================================================================
** Tagger (tagger.c): greedy averaged perceptron over joint UPOS|XPOS tags.
** ====================================================================== */

typedef struct an_tagger {
  uint32_t n_tags;
  an_ap_model ap;
  an_kvtab dict;                   /* hash(form) -> tag for frequent unambiguous words */
  an_kvtab amb;                    /* hash(lowercased form) -> ambiguity class (top tag, runner-up) */
  an_ap_model ap2;                 /* second pass (has2): also sees first-pass tags */
  int has2;
} an_tagger;

#define AN_TAG_MAX_FEATS 64
/* Tag n forms into tags[] (ids < n_tags). */
annals_status an_tagger_tag(const an_tagger *tg, an_arena *a, const char *const *forms, size_t n,
                            uint16_t *tags);

/* ======================================================================
** Lemmatizer and features (lemma.c).
** ====================================================================== */

typedef struct an_lemmatizer {
  an_kvtab lex;                    /* hash(form, tag) -> lemma string id */
  an_kvtab suf;                    /* hash(tag, lowercased suffix) -> rule id */
  uint32_t n_rules;
  uint8_t *rule_lower;             /* 0: form as is, 1: lowercased, 2: lowercased + capitalized */
  uint8_t *rule_strip;             /* bytes to strip from the end */
  uint32_t *rule_add;              /* string id appended */
  an_kvtab feats;                  /* hash(lowercased form, tag) -> feats string id */
} an_lemmatizer;

/* Lemma of form with tag into *out: a string of the pool strs (exception lexicon) or
** one built by a suffix rule in the arena. */
annals_status an_lemma_get(const an_lemmatizer *l, const an_pool *strs, an_arena *a,
                           const char *form, uint32_t tag, const char **out);
uint32_t an_feats_get(const an_lemmatizer *l, const char *form, uint32_t tag, uint32_t dflt);
size_t an_lower(const char *s, size_t n, char *out);    /* ASCII + Latin-1 lowercasing */

/* ======================================================================
** Parser (parser.c): arc-hybrid, labeled, greedy; dynamic oracle in training.
** ====================================================================== */

typedef struct an_parser {
  uint32_t n_labels, root_label;
  const uint32_t *coarse;          /* borrowed: coarse class (UPOS string id) per tag */
  const an_kvtab *amb;             /* borrowed: the tagger's ambiguity classes */
  an_ap_model ap;                  /* classes: 0 SHIFT, 1+2l LEFT-l, 2+2l RIGHT-l */
} an_parser;

#define AN_PARSE_MAX_FEATS 192
/* Parse n words (forms, tags) into heads (0 = root, 1-based) and labels. */
annals_status an_parser_parse(const an_parser *p, an_arena *a, const char *const *forms,
                              const uint16_t *tags, size_t n, int *heads, uint16_t *labels);

/* ======================================================================
** The model (model.c).
** ====================================================================== */

#define AN_MODEL_READ_VERSION 2          /* reads 1 and 2; 2 added the perceptron codebook */
#define AN_MODEL_WRITE_VERSION 2

struct an_model {
  an_mem mem;
  unsigned version;                /* read_version of the file decoded (1 or 2) */
  an_pool strs;                    /* every output string */
  uint32_t n_tags;
  uint32_t *tag_upos, *tag_xpos, *tag_feats;   /* string ids, per tag */
  uint32_t n_labels;
  uint32_t *label_str;             /* string id, per label */
  uint64_t digest[4];              /* training data and options */
  char *meta; size_t meta_n;       /* "key=value\n" text */
  an_tagger tagger;
  an_lemmatizer lem;
  an_parser parser;
};

/* crc32 of a model file's n >= 64 bytes, all but the crc field (bytes 28..31). */
uint32_t an_model_crc(const unsigned char *p, size_t n);
/* Encode a complete model into b (the file's bytes). */
int an_model_encode(const an_model *m, an_buf *b);
/* Free a model's contents built in place (an_model_free frees the handle too). */
void an_model_clear(an_model *m);
/* Tag/lemmatize/parse with ids out (used by eval and training). */
annals_status an_model_annotate_ids(const an_model *m, an_arena *a, const char *const *forms,
                                    size_t n, uint16_t *tags, int *heads, uint16_t *labels,
                                    const char **lemmas);

/* ======================================================================
** Training internals (train.c, tagger.c, parser.c, lemma.c).
** ====================================================================== */

typedef struct an_tsent {          /* a training sentence, ids into the training tables */
  size_t n;
  const char **form;
  uint16_t *tag;                   /* gold joint tag */
  uint16_t *ptag;                  /* predicted (jackknifed) tag for parser training */
  int *head;
  uint16_t *label;                 /* UINT16_MAX: unknown label (dev only) */
  const char **lemma;              /* gold lemma */
  const char **feats;
} an_tsent;

typedef void (*an_logf)(void *ud, const char *fmt, ...);

typedef struct an_train_cfg {
  uint64_t seed;
  int max_epochs;
  int min_q;                       /* quantization pruning threshold */
  int fixed;                       /* 1: train exactly max_epochs and keep the last (refit) */
  int *best_epoch;                 /* out, or NULL: the epoch whose weights were kept */
  an_logf log; void *ud;
  const char *name;                /* for log lines */
} an_train_cfg;

/* stage2: train second-pass weights (into out->ap) on first-pass tags in ptag of tr and dev. */
annals_status an_tagger_train(an_tagger *out, an_mem *mem, uint32_t n_tags, const an_tsent *tr,
                              size_t ntr, const an_tsent *dev, size_t ndev, int stage2,
                              const an_train_cfg *cfg, double *best_acc);
void an_tagger_fini(an_tagger *t, an_mem *mem);
/* Tag accuracy (joint tags, %) of tg on sentences with gold tags. */
double an_tagger_eval(const an_tagger *tg, an_mem *mem, const an_tsent *dev, size_t ndev);
annals_status an_parser_train(an_parser *out, an_mem *mem, uint32_t n_labels, uint32_t root_label,
                              const uint32_t *coarse, const an_kvtab *amb, const an_tsent *tr, size_t ntr, const an_tsent *dev, size_t ndev,
                              const an_train_cfg *cfg, double *best_las);
void an_parser_fini(an_parser *p, an_mem *mem);
/* UAS and LAS (full relation) of p on sentences with ptag as tags. */
void an_parser_eval(const an_parser *p, an_mem *mem, const an_tsent *dev, size_t ndev, double *uas, double *las);
/* Learns rules, the exception lexicon and feats; tag_feats[n_tags] receives each tag's
** most frequent feats (string ids in strs). */
annals_status an_lemma_train(an_lemmatizer *out, an_mem *mem, an_pool *strs, uint32_t n_tags,
                             uint32_t *tag_feats, const an_tsent *tr, size_t ntr);
void an_lemma_fini(an_lemmatizer *l, an_mem *mem);

/* Evaluate m on a gold corpus using its tokenization (the body of annals_eval_parse_gold;
** the text layer calls it too). */
annals_status an_eval_parse_gold(const an_model *m, an_mem *mem, const an_conllu_corpus *gold,
                                 annals_parse_metrics *out);

#endif
