/* coder.h: PETRARCH/Phoenix dictionaries (dict_*.c) and the CAMEO event coder on
** annals' dependency parse (coder*.c). Internal to the library.
** Invariant: an an_dict is immutable after an_dict_load and may be shared by threads;
** every word in it is interned (upper case) and matching compares uint32_t ids.
** How PETRARCH's semantics map onto a dependency parse: docs/coder.md. */
#ifndef ANNALS_CODER_H
#define ANNALS_CODER_H

#include "annals_int.h"

#include <string.h>

/* ---------------------------------------------------------------- contract */

typedef struct an_dict an_dict;                  /* immutable after load; shared by threads */
typedef struct an_actor an_actor;

typedef struct an_dict_files {
  const char *verbs;                             /* either dialect, detected from the content */
  const char *const *actors; size_t n_actors;
  const char *agents, *discards, *issues;        /* NULL when absent */
  /* Optional: warnings (entries skipped but the file accepted), "file:line: text". */
  void (*log_fn)(void *ud, int level, const char *msg);
  void *log_ud;
} an_dict_files;

/* Load the files. On any malformed line the load stops with ANNALS_EFORMAT and
** err->msg = "file:line: what is wrong"; *out = NULL (never half-loaded). The
** dictionary keeps mem (it must outlive the dictionary). */
annals_status an_dict_load(an_mem *mem, const an_dict_files *f, an_dict **out, an_err *err);
void an_dict_free(an_dict *d);                   /* NULL-safe */

/* Load an annals dictionary directory (docs/dictionaries.md). check: lint mode, every
** problem goes to log_fn ("file:line: message", ANNALS_LOG_ERROR / _WARN), the load goes
** on, *n_err / *n_warn count them and *out is the dictionary (NULL if any error).
** Without check the first error stops the load (ANNALS_EFORMAT, err->msg). */
typedef struct an_own_opts {
  int check;
  void (*log_fn)(void *ud, int level, const char *msg); void *log_ud;
  size_t n_err, n_warn;                           /* OUT */
} an_own_opts;
annals_status an_dict_load_own(an_mem *mem, const char *dir, an_own_opts *o, an_dict **out, an_err *err);
/* Code of an annals-format actor on date (YYYYMMDD, 0 unknown); NULL none. dated: set to 1
** when a dated line gave it. */
const char *an_actor_code_own(const an_dict *d, const an_actor *a, long date, int *dated);
/* Dialect of the verb file. */
enum { AN_DIALECT_P1 = 1,   /* PETRARCH-1 / TABARI patterns (PETR.Validate.verbs.txt) */
       AN_DIALECT_P2 = 2 }; /* PETRARCH-2 CAMEO.2.0 patterns (noun phrases, PPs) */
int an_dict_dialect(const an_dict *d);

/* Counts, for tests and reports. */
typedef struct an_dict_stats {
  size_t blocks, verb_forms, patterns, synsets, actor_phrases, actor_codes, agent_phrases,
         discards, issues;
} an_dict_stats;
void an_dict_stats_get(const an_dict *d, an_dict_stats *out);

typedef struct an_code_opts {
  int require_dyad;          /* drop events whose source or target is exactly "---" (1) */
  int new_actor_length;      /* > 0: an uncoded unit of <= N words is coded "\"ITS WORDS\"" (0) */
  int comma_min, comma_max;  /* internal comma-clause deletion, words (2, 8; max 0: off) */
  int comma_bmin, comma_bmax;/* initial clause (0, 0: off) */
  int comma_emin, comma_emax;/* terminal clause (2, 8) */
  int lemma_verbs;           /* look a verb up by its lemma when its form is unknown (1) */
} an_code_opts;
void an_code_opts_default(an_code_opts *o);      /* PETRARCH's defaults */

#define AN_EV_PAIRED  0x1u                       /* the reciprocal half of a [a:b] code */
#define AN_EV_PASSIVE 0x2u
#define AN_EV_DERIVED 0x4u                       /* the speaker's act inferred from a report */
typedef struct an_event {
  const char *source, *target, *code;            /* e.g. "USAGOV", "RUS", "042"; never NULL ("" when none) */
  int32_t verb;                                   /* word index (0-based) of the verb in the sentence */
  int32_t src_first, src_last, tgt_first, tgt_last; /* word ranges of the actor phrases, -1 when none */
  const char *dict_file; uint32_t dict_line;      /* the verb/pattern line that produced the code */
  uint32_t flags;                                 /* AN_EV_* */
  const char *src_entry, *tgt_entry, *pattern;    /* annals format: entry ids (NULL otherwise) */
  uint8_t status;                                 /* AN_ST_* (claims.c) */
  int32_t claim_first, claim_last;                /* claimant phrase, -1 none */
  const char *claimant, *claim_entry;             /* its code and entry (NULL none) */
  long date;                                      /* YYYYMMDD from the text, 0: the story's */
  int32_t date_first, date_last;                  /* the words that gave it */
} an_event;

/* Code one parsed sentence: w[0..n) are the sentence's tokens as the doc publishes them
** (parse fields filled). date: YYYYMMDD, 0 when unknown. *out (events) and any strings live
** in the arena. Returns 0 events for a discarded sentence. */
annals_status an_code_sentence(const an_dict *d, const an_code_opts *o, const annals_token *w, size_t n,
                               long date, an_arena *a, an_event **out, size_t *n_out);

/* Issues of one sentence (petrarch-formats.md 8): at each word the shortest issue
** phrase matching the following words (case-folded) counts once for its code; an
** exclusion phrase (~...) anywhere cancels all. *out (in the arena) lists each code
** once with its count, in order of first appearance. */
typedef struct an_issue_count { const char *code; uint32_t count; } an_issue_count;
annals_status an_code_issues(const an_dict *d, const annals_token *w, size_t n, an_arena *a,
                             an_issue_count **out, size_t *n_out);

/* Discards on a sentence's text (intended PETRARCH-1 semantics: the phrase at a word
** start, case-insensitive, the last word may be a stem unless the phrase ends in '_').
** Returns 0 none, 1 sentence discard, 2 story discard. */
int an_dict_discard(const an_dict *d, const char *text, size_t len);

/* ---------------------------------------------------------------- internals */

/* Interned strings: id 0 = none. Strings live in the dictionary's arena. */
typedef struct an_strtab {
  an_mem *mem; an_arena *arena;
  uint32_t *slots; uint32_t cap;                 /* open addressing, power of two; 0 = empty */
  const char **str; uint32_t *len; uint32_t *hash; size_t n, scap;   /* index 0 unused */
} an_strtab;
uint32_t an_strtab_intern(an_strtab *t, const char *s, size_t n);   /* 0 on ENOMEM */
uint32_t an_strtab_find(const an_strtab *t, const char *s, size_t n); /* 0 when absent */
void an_strtab_fini(an_strtab *t);

/* Immutable multimap u32 key -> u32 values, built from (key, prio, value) triples:
** values of one key come out sorted by prio, then insertion order. */
typedef struct an_index_pair { uint32_t key, prio, val, seq; } an_index_pair;
typedef struct an_index {
  an_mem *mem;
  an_index_pair *pairs; size_t n, cap;           /* build phase; freed by finish */
  uint32_t *vals;                                /* values grouped by key */
  uint32_t *tkey, *toff, *tcnt; uint32_t tcap;   /* hash table: key -> [off, off+cnt) */
} an_index;
void an_index_init(an_index *x, an_mem *mem);
int  an_index_add(an_index *x, uint32_t key, uint32_t prio, uint32_t val);   /* -1 ENOMEM */
int  an_index_finish(an_index *x);                                           /* -1 ENOMEM */
const uint32_t *an_index_get(const an_index *x, uint32_t key, size_t *n);
void an_index_fini(an_index *x);

/* Cleaned dictionary lines (comment rules of petrarch-formats.md section 1). */
typedef struct an_lines {
  const char *path;
  char *buf; size_t len, pos;
  uint32_t lineno;
  int in_xml_comment;
  int semicolon;                                  /* ';' starts a comment (actors) */
  char line[8192]; size_t n;                      /* the current cleaned line */
} an_lines;
annals_status an_lines_open(an_lines *l, an_mem *mem, const char *path, an_err *err);
/* Next non-blank cleaned line (comments removed, trailing blanks trimmed); 0 at EOF.
** raw: when not NULL, receives the uncleaned line (for section markers). */
int  an_lines_next(an_lines *l, const char **raw, size_t *raw_n);
void an_lines_close(an_lines *l, an_mem *mem);

/* A phrase: words with the connector before each next word ('_' adjacent, ' ' gap). */
typedef struct an_phrase {
  uint32_t *w; uint8_t *adj;                      /* adj[i]: w[i] must follow w[i-1] directly */
  uint8_t *caps;                                  /* annals format: w[i] matches only capitals (NULL: none) */
  uint16_t n; uint8_t strict;                     /* strict: trailing '_' (all words checked) */
} an_phrase;

/* P1 pattern word kinds. */
enum { PW_WORD = 0, PW_SYN, PW_SRC, PW_TGT, PW_SKIP, PW_COMP, PW_TOK, PW_EMPTY };
typedef struct an_pword { uint32_t id; uint8_t kind; uint8_t adj; } an_pword;

/* P2 pattern element: a noun (head word), an NP with modifiers, a PP. */
enum { PE_NOUN = 0, PE_NP, PE_PP, PE_ANY };
typedef struct an_pelem {
  uint8_t kind; uint8_t syn;                      /* syn: head is a synset label */
  uint32_t prep;                                  /* PE_PP: the preposition */
  uint32_t head;                                  /* head word/synset (0: PP without noun) */
  uint8_t head_kind;                              /* for a PP's object: PE_NOUN, PE_NP, PE_ANY */
  uint32_t *mods; uint16_t n_mods; uint8_t *mod_syn;
} an_pelem;

typedef struct an_pattern {
  an_pword *up, *lo; uint16_t n_up, n_lo;         /* P1: upper (outward from verb), lower */
  an_pelem *pu, *pl; uint16_t n_pu, n_pl;         /* P2 */
  const char *code;                               /* as written, "---" for null */
  uint32_t line;
} an_pattern;

typedef struct an_block {
  const char *name, *code;                        /* block code, "---" for null */
  an_pattern *pats; size_t n_pats, cap_pats;
  uint32_t line; uint32_t primary;                /* primary verb word */
} an_block;

typedef struct an_verb {
  uint32_t key;                                   /* the word tagged as the verb */
  uint32_t *pre; uint16_t n_pre;                  /* words before it, nearest first */
  uint32_t *post; uint16_t n_post;                /* particles after it */
  const char *code;                               /* line code or block code */
  uint32_t block; uint32_t line;
} an_verb;

typedef struct an_synset {
  uint32_t label;
  an_phrase *m; size_t n, cap;                    /* members (consecutive words) */
} an_synset;

enum { AC_ANY = 0, AC_BEFORE, AC_AFTER, AC_RANGE };
typedef struct an_acode { const char *code; long lo, hi; uint8_t kind; } an_acode;
/* codes [first, first+n); id, file: annals format (NULL, 0 for PETRARCH files) */
struct an_actor { an_phrase ph; uint32_t first, n; uint32_t line; const char *id; uint32_t file; };
typedef struct an_agent {
  an_phrase ph; const char *code; uint8_t prefix; uint32_t line; const char *id; uint32_t file;
} an_agent;
typedef struct an_discard { const char *text; size_t len; uint8_t story, strict; } an_discard;
typedef struct an_issue { an_phrase ph; const char *code; uint8_t exclude; } an_issue;

/* annals-format verb pattern element (docs/dictionaries.md "Verbs"). */
enum { OE_TGT = 0,      /* +      : the target, a direct object */
       OE_SRC,          /* $      : the source, a direct object */
       OE_NOUN,         /* NOUN   : a direct object with this head */
       OE_PP_TGT,       /* P +    : the target, object of P */
       OE_PP_SRC,       /* P $    : the source, object of P */
       OE_PP_NOUN,      /* P NOUN : a PP with this head */
       OE_XCOMP };      /* to V   : an infinitive complement; later elements are its dependents */
typedef struct an_oel {
  uint8_t kind;
  uint32_t *prep; uint16_t n_prep;                /* PP kinds: alternatives of the preposition */
  an_phrase *alt; uint16_t n_alt;                 /* NOUN, PP_NOUN, XCOMP: alternatives, head = last word */
} an_oel;
typedef struct an_opat {
  const char *id;                                 /* "042:pay visit to +" */
  const char *code;                               /* "042", "---", "A:B" */
  uint32_t verb;                                  /* lemma id */
  uint32_t *prt; uint16_t n_prt;                  /* particles */
  an_oel *el; uint16_t n_el;
  uint16_t score;                                 /* specificity: elements, then words */
  uint32_t file, line;
} an_opat;

struct an_dict {
  an_mem *mem;
  int own;                                        /* annals format (dict_own.c) */
  const char **files; size_t n_files, cap_files;  /* annals format: the files, by index */
  an_opat *opats; size_t n_opats, cap_opats;
  an_index opat_ix;                               /* verb lemma -> patterns, most specific first */
  an_arena arena;
  an_strtab words;
  int dialect;
  const char *verb_file;
  an_block *blocks; size_t n_blocks, cap_blocks;
  an_verb *verbs; size_t n_verbs, cap_verbs;
  an_index verb_ix;                               /* key word -> verbs (multi-word first) */
  an_synset *syns; size_t n_syns, cap_syns;
  an_index syn_ix;                                /* label id -> synset */
  an_index synw_ix;                               /* member first word -> synsets (P2 nouns) */
  an_actor *actors; size_t n_actors, cap_actors;
  an_acode *acodes; size_t n_acodes, cap_acodes;
  an_index actor_ix;                              /* first word -> actors, longest first */
  an_agent *agents; size_t n_agents, cap_agents;
  an_index agent_ix;
  an_discard *discards; size_t n_discards, cap_discards;
  an_index discard_ix;                            /* first word -> discards */
  an_issue *issues; size_t n_issues, cap_issues;
  an_index issue_ix;
  uint32_t id_by, id_was, id_is, id_been, id_comma, id_and;  /* words the coder needs */
  uint32_t id_from, id_in, id_to;
  const an_dict_files *lf;                        /* during the load only: for warnings */
};

/* Loaders (one per file kind), all append to d. */
annals_status an_dict_load_verbs(an_dict *d, const char *path, const an_dict_files *f, an_err *err);
annals_status an_dict_load_actors(an_dict *d, const char *path, an_err *err);
annals_status an_dict_load_agents(an_dict *d, const char *path, const an_dict_files *f, an_err *err);
annals_status an_dict_load_discards(an_dict *d, const char *path, an_err *err);
annals_status an_dict_load_issues(an_dict *d, const char *path, an_err *err);

/* Helpers shared by the loaders. */
char *an_dict_strdup(an_dict *d, const char *s, size_t n);
/* Split s[0..n) into words at '_' and blanks into ph (upper-casing when upper). */
int  an_dict_phrase(an_dict *d, const char *s, size_t n, int upper, an_phrase *ph);
void an_dict_warn(const an_dict_files *f, const char *path, uint32_t line, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 4, 5)))
#endif
  ;
/* Resolve an actor's code for a date (legacy PETRARCH-1 rules); NULL: no code. */
const char *an_actor_code(const an_dict *d, const an_actor *a, long date);
/* Parse YYYYMMDD or YYMMDD (<= 7 chars); -1 when invalid. */
long an_dict_date(const char *s, size_t n);

/* ---- one sentence, flattened for coding (coder_units.c) ---- */

enum { EL_WORD = 0, EL_NE_S, EL_NE_E, EL_NEC_S, EL_NEC_E };
typedef struct an_el { uint8_t kind; int32_t idx; } an_el;   /* idx: token, unit or compound */

typedef struct an_cword {
  uint32_t id, lemma;          /* interned upper-case form and lemma (0: not in the dictionary) */
  const char *up;              /* upper-case form */
  int32_t head;                /* 0-based, -1 root */
  int32_t unit;                /* unit holding the word, -1 none */
  int32_t el;                  /* its element */
  uint8_t flat;                /* inside a flattened relative clause: no units, no verbs */
  uint8_t verbal;              /* xpos VB* */
  uint8_t comma;
  uint8_t nom;                 /* heads a noun phrase */
  uint8_t del;                 /* removed by comma-clause deletion */
} an_cword;

typedef struct an_cunit {
  int32_t first, last;         /* word span */
  int32_t comp;                /* compound it belongs to, -1 none */
  int32_t *words; int32_t n_words;   /* the words coded (a compound member may add shared words) */
  int32_t share;               /* unit whose words outside share_sub are prepended (-1 none) */
  int32_t share_sub;           /* the PP object heading the compound */
  int32_t adj_from;            /* first compound member: its preceding adjectives are copied (-1 none) */
  const char *code;            /* "---" when null */
  const char *entry;           /* annals format: "actor-id[+agent-id...]", NULL none */
  uint8_t coded;               /* code != "---" */
} an_cunit;

typedef struct an_ccomp { int32_t first, last; int32_t *units; int32_t n_units; } an_ccomp;

typedef struct an_sent {
  const an_dict *d; const an_code_opts *o; an_arena *a;
  const annals_token *t; size_t n;
  long date;
  an_cword *w;
  an_cunit *u; int32_t n_u, cap_u;
  an_ccomp *c; int32_t n_c, cap_c;
  an_el *el; int32_t n_el;
  int32_t **kids; int32_t *n_kids;   /* dependents of each word, in order */
} an_sent;

/* Is t's relation r, or a subtype of it ("nsubj" matches "nsubj:pass")? Inline: the
** coders call it in their inner loops. */
static inline int an_rel_is(const annals_token *t, const char *r)
{
  size_t n = strlen(r);
  const char *d = t->deprel ? t->deprel : "";
  return strncmp(d, r, n) == 0 && (d[n] == '\0' || d[n] == ':');
}
/* Is word k an infinitive (a "to" marker among its dependents)? By word id with annals'
** dictionaries, by the token's lemma with PETRARCH's (which have no id for "to"). */
static inline int an_has_to(const an_sent *s, int32_t k)
{
  int32_t j;
  for (j = 0; j < s->n_kids[k]; j++) {
    int32_t c = s->kids[k][j];
    if (!an_rel_is(&s->t[c], "mark")) continue;
    if (s->d->id_to ? s->w[c].id == s->d->id_to : (s->t[c].lemma && !strcmp(s->t[c].lemma, "to"))) return 1;
  }
  return 0;
}
/* Build words, units, compounds and the element sequence; code the units. */
annals_status an_sent_build(an_sent *s);
/* Right end of the verb phrase started by word v (its own dependents, no conjuncts). */
int32_t an_sent_vp_end(const an_sent *s, int32_t v);
/* Claim status of the event at verb v (claims.c): docs/event-record.md. */
enum { AN_ST_ASSERTED = 0, AN_ST_CLAIMED, AN_ST_DENIED, AN_ST_UNVERIFIED, AN_ST_HYPOTHETICAL, AN_ST_NEGATED };
typedef struct an_claim_info {
  int status;                                     /* AN_ST_* */
  int32_t claimant, verb;                         /* head word of the claimant's phrase, the reporting verb; -1 */
  const char *code, *entry;                       /* the claimant's actor code and entry, NULL uncoded */
  int self;                                       /* the source reports its own action (asserted) */
  int negated;                                    /* not, never, refused to... (whatever the status) */
  int intent;                                     /* an infinitive of want/seek/vow/pledge...: 1, 2 (force too) */
} an_claim_info;
/* CAMEO intent code (03x) of a cooperative code, or with force_ok the threat (13x); NULL none. */
const char *an_intent_code(const char *code, int force_ok);
/* The CAMEO refusal code (12x) of a cooperative code under negation; NULL none. */
const char *an_refusal_code(const char *code);
void an_claim(const an_sent *s, int32_t v, const char *source, an_claim_info *out);
/* The date of the event at verb v from a temporal expression of its clause, resolved
** against story (YYYYMMDD); 0 when the text gives none. first/last: its words. */
long an_event_date(const an_sent *s, int32_t v, long story, int32_t *first, int32_t *last);
/* annals-format coding of the sentence (coder_own.c). */
annals_status an_code_own(an_sent *s, an_event **out, size_t *n_out);
/* PETRARCH-2 style coding of the sentence (coder_p2.c). */
annals_status an_code_p2(an_sent *s, an_event **out, size_t *n_out);
/* Append one event (coder.c); dedupes. */
annals_status an_code_emit(an_sent *s, an_event **ev, size_t *n, size_t *cap, const char *src, const char *tgt,
                           const char *code, int32_t verb, uint32_t line, uint32_t flags);

#endif
