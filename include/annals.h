/* annals.h: the whole public API of libannals, and its manual.
**
** annals turns raw news text into political event data. The pipeline is
**   reader (bytes -> stories) -> doc (story -> sentences -> tokens -> parse) -> events.
** Conventions (see STYLE.md): every fallible call returns annals_status (0 = ANNALS_OK)
** and writes results through out-parameters (NULL on failure). Handles are opaque.
** Getters return borrowed pointers, valid until the next call that changes the same
** handle. The library never prints, exits or reads the environment: diagnostics go
** to annals_config.log_fn. An engine is read-only after open and may be shared by
** threads; a reader or a doc is used by one thread at a time.
*/
#ifndef ANNALS_H
#define ANNALS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(ANNALS_BUILD) && defined(__GNUC__)
#define ANNALS_API __attribute__((visibility("default")))
#else
#define ANNALS_API
#endif

#define ANNALS_VERSION "0.1.0"

typedef enum {
  ANNALS_OK = 0,
  ANNALS_ENOMEM,     /* an allocation failed (sticky on a doc until reset) */
  ANNALS_EIO,        /* a file could not be opened, read or written */
  ANNALS_EFORMAT,    /* a data file (model, dictionary, CoNLL-U) is malformed */
  ANNALS_EVERSION,   /* a data file is of a version this library cannot read */
  ANNALS_ELIMIT,     /* a size limit was exceeded */
  ANNALS_EMISUSE     /* the API was called wrongly */
} annals_status;

ANNALS_API const char *annals_status_str(annals_status rc);
ANNALS_API const char *annals_version(void);

/* Severity of a diagnostic passed to log_fn. */
enum { ANNALS_LOG_ERROR = 0, ANNALS_LOG_WARN = 1, ANNALS_LOG_INFO = 2 };

typedef struct annals_dict_spec annals_dict_spec;

typedef struct annals_config {
  const char *model_path;        /* NLP model file; NULL: segmentation only */
  const annals_dict_spec *dict;  /* event-coding dictionaries; NULL: no coding */
  const char *code_options;      /* coding options "key=value,..." (PETRARCH's); NULL: defaults */
  /* All allocation goes through realloc_fn (NULL: libc). new_sz == 0 frees. */
  void *(*realloc_fn)(void *ud, void *p, size_t old_sz, size_t new_sz);
  /* Diagnostics, one complete message per call ("file:line: text"). NULL: silent. */
  void (*log_fn)(void *ud, int level, const char *msg);
  void *ud;
} annals_config;

/* ======================================================================
** Reader: streams stories out of a file or stdin, plain or gzip.
** ====================================================================== */

typedef enum {
  ANNALS_FMT_AUTO = 0,   /* from the file name (.jsonl .json .xml .txt), else by sniffing */
  ANNALS_FMT_TEXT,       /* plain text pages: paragraphs split by blank lines */
  ANNALS_FMT_JSONL,      /* one JSON object per line: id, date, title, text, url, source */
  ANNALS_FMT_XML         /* PETRARCH XML: <Sentence date id ...><Text>...</Text></Sentence> */
} annals_format;

/* Story flags. */
#define ANNALS_STORY_NEW_ARTICLE  0x1u  /* plain text: this paragraph starts an article */
#define ANNALS_STORY_CUT          0x2u  /* text was cut at ANNALS_MAX_PARAGRAPH; continues */
#define ANNALS_STORY_SENTENCES    0x4u  /* text is complete sentences (XML records): no
                                           headline or truncation guesses */

#define ANNALS_MAX_PARAGRAPH  (1u << 20)   /* plain-text paragraphs longer are split */
#define ANNALS_MAX_RECORD     (64u << 20)  /* a JSONL line or XML record longer is refused */

/* One unit of input. For plain text a story is one paragraph (its id is
** "FILE:pN", N counting paragraphs from 1) and title holds the current article's
** headline, if any; for JSONL it is one line, for XML one <Sentence> record.
** All strings are NUL-terminated UTF-8 (invalid input bytes replaced by U+FFFD,
** except in text, which is the original bytes) and never NULL ("" when absent). */
typedef struct annals_story {
  const char *id;
  const char *date;        /* as given: "2026-03-03", "2026-03-03T10:00:00Z", "20080804" */
  const char *title;
  const char *url;
  const char *source;
  const char *category;    /* XML category attribute (validation files) */
  const char *text;        /* the text to segment; text_len bytes plus a NUL */
  size_t text_len;
  uint64_t text_offset;    /* plain text: byte offset of text[0] in the input; else 0 */
  const char *file;        /* input name ("-" for stdin) */
  unsigned long line;      /* line where the story starts in the input */
  unsigned long article;   /* plain text: article index from 0; else 0 */
  unsigned long paragraph; /* plain text: paragraph index from 1; else 0 */
  unsigned flags;          /* ANNALS_STORY_* */
} annals_story;

/* Counts kept by a reader; problems are also reported through log_fn. */
typedef struct annals_reader_stats {
  uint64_t bytes;          /* input bytes read (after gunzip) */
  uint64_t stories;        /* stories returned */
  uint64_t bad_records;    /* malformed JSONL lines / XML records skipped (reported) */
  uint64_t bad_utf8;       /* invalid UTF-8 sequences replaced by U+FFFD */
  uint64_t control_chars;  /* NUL and other control characters met */
  uint64_t cut;            /* oversized paragraphs split */
} annals_reader_stats;

typedef struct annals_reader annals_reader;

/* Open path ("-" or NULL: stdin) for reading. gzip is detected from the bytes. */
ANNALS_API annals_status annals_reader_open(const annals_config *cfg, const char *path,
                                            annals_format fmt, annals_reader **out);
/* Read stories from memory (data must outlive the reader; not gzip). name is used
** in messages and story ids. */
ANNALS_API annals_status annals_reader_open_mem(const annals_config *cfg, const char *name,
                                                const char *data, size_t len, annals_format fmt,
                                                annals_reader **out);
/* Next story into *out (borrowed until the next call or close); *out = NULL at the
** end. Malformed records are reported and skipped, never returned: the call only
** fails on I/O or memory errors. */
ANNALS_API annals_status annals_reader_next(annals_reader *r, const annals_story **out);
ANNALS_API const annals_reader_stats *annals_reader_stats_get(const annals_reader *r);
ANNALS_API annals_format annals_reader_format(const annals_reader *r);
ANNALS_API const char *annals_reader_errmsg(const annals_reader *r);
ANNALS_API void annals_reader_close(annals_reader *r);   /* NULL-safe */

/* ======================================================================
** Engine and doc: segmentation, tokens, and (with a model) the parse.
** ====================================================================== */

typedef struct annals_engine annals_engine;
typedef struct annals_doc annals_doc;

/* Open an engine: loads cfg->model_path when set. On failure *out = NULL and, when
** errbuf is given, a message naming the file and the problem is written there. */
ANNALS_API annals_status annals_engine_open(const annals_config *cfg, annals_engine **out,
                                            char *errbuf, size_t errlen);
ANNALS_API int annals_engine_has_model(const annals_engine *e);
ANNALS_API void annals_engine_close(annals_engine *e);   /* NULL-safe */

ANNALS_API annals_status annals_doc_new(annals_engine *e, annals_doc **out);
ANNALS_API void annals_doc_reset(annals_doc *d);          /* clears results, keeps memory */
ANNALS_API void annals_doc_free(annals_doc *d);           /* NULL-safe */
ANNALS_API const char *annals_doc_errmsg(const annals_doc *d);

/* Token flags. */
#define ANNALS_TOK_SPACE_AFTER 0x1u  /* followed by white space in the text */
#define ANNALS_TOK_MWT_FIRST   0x2u  /* first word of a multi-word token (don't -> do n't) */
#define ANNALS_TOK_MWT_NEXT    0x4u  /* a further word of the same surface token */
#define ANNALS_TOK_REPLACED    0x8u  /* text differs from the bytes (U+FFFD, NUL...) */

/* A syntactic word, UD style. Its span [start, end) is in bytes of the original
** story text, counted from the start of the input for plain text
** (story->text_offset added). The words of a multi-word token have adjacent spans
** that together make the surface token. */
typedef struct annals_token {
  uint64_t start, end;
  const char *text;          /* word form, NUL-terminated, valid UTF-8 */
  uint32_t flags;            /* ANNALS_TOK_* */
  /* Filled by annals_doc_parse (NULL and -1 before). */
  const char *lemma, *upos, *xpos, *feats, *deprel;
  int32_t head;              /* 1-based index within the sentence, 0 = root */
} annals_token;

/* Sentence flags: what the segmenter took the span to be. Only ANNALS_SENT_BODY
** sentences are article text; the others are kept, flagged, so nothing is lost. */
#define ANNALS_SENT_BODY       0x01u
#define ANNALS_SENT_HEADLINE   0x02u  /* a title line / the story title */
#define ANNALS_SENT_KICKER     0x04u  /* "TRADE TRUCE:" before the body */
#define ANNALS_SENT_DATELINE   0x08u  /* "KYIV, March 3 (Reuters) -" */
#define ANNALS_SENT_BYLINE     0x10u  /* "By Jane Doe", "Reporting by ..." */
#define ANNALS_SENT_CREDIT     0x20u  /* "Photo: AFP", "(Reuters)" */
#define ANNALS_SENT_TRUNCATED  0x40u  /* paragraph's last sentence, no final punctuation */
#define ANNALS_SENT_PAR_START  0x80u  /* first sentence of a paragraph */

typedef struct annals_sentence {
  uint64_t start, end;       /* byte span, as for tokens */
  const char *text;          /* its words joined as the text spaces them (CoNLL-U "# text") */
  size_t first, count;       /* its tokens: annals_doc_token(d, first .. first+count-1) */
  uint32_t flags;            /* ANNALS_SENT_* */
  uint32_t paragraph;        /* paragraph index within the story, from 0 */
} annals_sentence;

/* Segment and tokenize one story's text (the story must outlive the results).
** Replaces what the doc held. Odd text is not an error; only ENOMEM fails. */
ANNALS_API annals_status annals_doc_segment(annals_doc *d, const annals_story *s);
/* Same for a bare buffer (offsets from 0). */
ANNALS_API annals_status annals_doc_segment_text(annals_doc *d, const char *text, size_t len);
ANNALS_API size_t annals_doc_sentence_count(const annals_doc *d);
ANNALS_API const annals_sentence *annals_doc_sentence(const annals_doc *d, size_t i);
ANNALS_API size_t annals_doc_token_count(const annals_doc *d);
ANNALS_API const annals_token *annals_doc_token(const annals_doc *d, size_t i);
/* Number of U+FFFD replacements and control characters met by the last segment call. */
ANNALS_API size_t annals_doc_replaced_count(const annals_doc *d);

/* Tag, lemmatize and parse every sentence of the doc (needs an engine with a model;
** ANNALS_EMISUSE otherwise). Fills the parse fields of the tokens. */
ANNALS_API annals_status annals_doc_parse(annals_doc *d);

/* ======================================================================
** Evaluation of segmentation against gold CoNLL-U.
** ====================================================================== */

typedef struct annals_prf { uint64_t gold, system, correct; double precision, recall, f1; } annals_prf;

typedef struct annals_segment_scores {
  annals_prf tokens;         /* surface tokens (a multi-word token counts once) */
  annals_prf words;          /* syntactic words */
  annals_prf sentences;      /* a sentence counts when both its boundaries match */
  uint64_t bytes;            /* size of the rebuilt raw text */
  double seconds;            /* time spent segmenting it */
} annals_segment_scores;

/* Rebuild the raw text of gold_path (tokens and SpaceAfter=No; sentences of a
** paragraph joined by a space, paragraphs and documents by a blank line), segment
** it, and score against the gold tokens, words and sentences. On failure errbuf
** names the file and line. */
ANNALS_API annals_status annals_eval_segment(const annals_config *cfg, const char *gold_path,
                                             annals_segment_scores *out, char *errbuf, size_t errlen);

/* ======================================================================
** Event coding (CAMEO) with PETRARCH/Phoenix dictionaries.
** ====================================================================== */

/* Which dictionaries to load. format ANNALS_DICT_ANNALS (0): annals' own
** dictionaries (docs/dictionaries.md), every *.actors, *.agents, *.verbs, *.discards
** file under dir (the other fields are ignored). ANNALS_DICT_PETRARCH: PETRARCH /
** Phoenix files; names are resolved in dir (when set), NULL fields take the Phoenix
** defaults shown. */
enum { ANNALS_DICT_ANNALS = 0, ANNALS_DICT_PETRARCH = 1 };
struct annals_dict_spec {
  int format;                            /* ANNALS_DICT_* */
  const char *dir;
  const char *verbs;                     /* CAMEO.2.0.txt */
  const char *const *actors;             /* Phoenix.Countries.actors.txt, */
  size_t n_actors;                       /* Phoenix.International.actors.txt, Phoenix.MilNonState.actors.txt */
  const char *agents;                    /* Phoenix.agents.txt */
  const char *discards;                  /* Phoenix.discards.txt */
  const char *issues;                    /* Phoenix.IssueCoding.txt, when present */
};

/* Event flags. */
#define ANNALS_EVENT_PAIRED  0x1u        /* the reciprocal half of a paired code [a:b] */
#define ANNALS_EVENT_PASSIVE 0x2u        /* found through a passive construction */
#define ANNALS_EVENT_DERIVED 0x4u        /* the speaker's own act, inferred from a report of force:
                                            "X said Y attacked Z" -> X accuses Y (112) */

typedef struct annals_event_actor {
  const char *code;                      /* CAMEO actor code ("USAGOV"); "" when none */
  const char *text;                      /* the phrase as the text writes it; "" when none */
  uint64_t start, end;                   /* its byte span; 0, 0 when none */
  const char *entry;                     /* id of the actor entry that gave the code ("c.rus",
                                            "p.usa.biden"; agents appended "+a.troops"); "" when none */
} annals_event_actor;

typedef struct annals_issue {
  const char *code;                      /* issue code from the issues dictionary */
  uint32_t count;                        /* how many phrases of the sentence gave it */
} annals_issue;

/* How sure the text is of an event (docs/event-record.md). */
typedef enum {
  ANNALS_ASSERTED = 0,                   /* reported as fact */
  ANNALS_CLAIMED,                        /* attributed to a source: "X said that ..." */
  ANNALS_DENIED,                         /* "Tehran denied supplying ..." */
  ANNALS_UNVERIFIED,                     /* "could not be independently verified", "allegedly" */
  ANNALS_HYPOTHETICAL,                   /* would, could, plans to, considering, conditionals */
  ANNALS_NEGATED                         /* "did not", "never", "refused to" */
} annals_claim_status;
/* "asserted", "claimed", ... ; "" for an unknown value. Static storage. */
ANNALS_API const char *annals_claim_status_str(int status);

typedef struct annals_event {
  size_t sentence;                       /* index of its sentence in the doc */
  const char *code;                      /* CAMEO event code ("042") */
  annals_event_actor source, target;
  const char *verb_text, *verb_lemma;
  uint64_t verb_start, verb_end;
  const char *dict_file;                 /* the dictionary line that gave the code */
  uint32_t dict_line;
  const char *pattern;                   /* id of the verb pattern ("042:pay visit to +"); "" for
                                            PETRARCH dictionaries */
  int status;                            /* annals_claim_status */
  annals_event_actor claimant;           /* for CLAIMED and DENIED: who says so (code "" when the
                                            phrase is no known actor, text "" when none is named) */
  const char *date;                      /* the event date "YYYY-MM-DD"; "" when the story has none */
  int date_from_text;                    /* 1: resolved from the sentence ("on Tuesday"), 0: the story date */
  uint32_t flags;                        /* ANNALS_EVENT_* */
  const annals_issue *issues;            /* the sentence's issues (shared by its events) */
  size_t n_issues;
} annals_event;

/* Code every parsed body sentence of the doc (headlines, datelines, credits and
** truncated sentences are skipped; a sentence discard drops the sentence, a story
** discard ("+" entries) drops every event of the doc). date is the
** story date (ISO "2026-03-03[T...]" or "20260303"; NULL or "" unknown): it picks
** date-restricted actor codes. Needs an engine opened with cfg->dict
** (ANNALS_EMISUSE otherwise) and annals_doc_parse first. */
ANNALS_API annals_status annals_doc_code(annals_doc *d, const char *date);
ANNALS_API size_t annals_doc_event_count(const annals_doc *d);
ANNALS_API const annals_event *annals_doc_event(const annals_doc *d, size_t i);
/* Sentences given to the coder by the last annals_doc_code. */
ANNALS_API size_t annals_doc_coded_count(const annals_doc *d);

/* ---- Event records as text (docs/event-record.md) ---- */

typedef enum {
  ANNALS_OUT_JSONL = 0,                  /* the event record, version 1, one JSON object per line */
  ANNALS_OUT_CSV,                        /* the same fields flat, RFC 4180 quoting, header annals_output_header */
  ANNALS_OUT_GDELT,                      /* GDELT 2.0 event table rows: 61 tab-separated columns, no header */
  ANNALS_OUT_PETRARCH                    /* PETRARCH-style lines: date, source, target, code, id-sentence, status, verb */
} annals_output_format;
/* The header line of a format ("" when it has none). Static storage. */
ANNALS_API const char *annals_output_header(annals_output_format f);
/* The events of the last annals_doc_code for story st (its id, date and url are used),
** one line per event, each ending in '\n'. *out is borrowed from the doc until the next
** call that changes it. Event ids are stable: a hash of the story id, the sentence, the
** verb's offset, the codes. */
ANNALS_API annals_status annals_doc_format_events(annals_doc *d, const annals_story *st, annals_output_format f,
                                                  const char **out, size_t *len);

/* ---- The CAMEO codebook, compiled in ---- */

typedef struct annals_cameo_code {
  const char *code;                      /* "0231"; the 20 roots "01".."20" too */
  const char *name;                      /* "Appeal for economic aid" */
  double goldstein;                      /* Goldstein scale, -10 .. +10 */
  int quad_class;                        /* GDELT convention: 1 = roots 01-05, 2 = 06-08, 3 = 09-13, 4 = 14-20 */
  const char *plover_type, *plover_mode, *plover_context;   /* CAMEO2PLOVER-2021; "" unmapped */
} annals_cameo_code;
/* The entry of an event code; NULL when CAMEO has no such code. Static storage. */
ANNALS_API const annals_cameo_code *annals_cameo_lookup(const char *code);
ANNALS_API size_t annals_cameo_count(void);
ANNALS_API const annals_cameo_code *annals_cameo_at(size_t i);   /* in code order; NULL past the end */

/* ---- annals dictionaries: lint and lookup ---- */

/* Lint an annals dictionary directory (docs/dictionaries.md): every problem goes to
** cfg->log_fn as "file:line: message" (ANNALS_LOG_ERROR or ANNALS_LOG_WARN), and the
** check goes on. *n_errors, *n_warnings (may be NULL) get the counts. Returns
** ANNALS_EFORMAT when there is an error, EIO when dir cannot be read. */
ANNALS_API annals_status annals_dict_check(const annals_config *cfg, const char *dir, size_t *n_errors,
                                           size_t *n_warnings, char *errbuf, size_t errlen);

/* What a phrase resolves to in the engine's annals dictionaries, on date (YYYYMMDD,
** 0 unknown): one hit per matching entry. Strings are borrowed from the engine and the
** hit lives during the callback. */
typedef struct annals_lookup_hit {
  const char *kind;                      /* "actor", "agent", "verb", "discard", "result" */
  const char *entry;                     /* entry or pattern id */
  const char *file; uint32_t line;       /* where it is written */
  const char *matched;                   /* the words of the phrase it matched */
  const char *code;                      /* the code it gives on that date; "" none */
  const char *note;                      /* why ("2021-12-08..2025-05-06", "undated fallback") */
} annals_lookup_hit;
ANNALS_API annals_status annals_engine_lookup(const annals_engine *e, const char *phrase, long date,
                                              void (*fn)(void *ud, const annals_lookup_hit *h), void *ud);

/* ---- Event evaluation against a gold file ---- */

typedef struct annals_event_scores {
  size_t sentences, gold_events, pred_events;
  size_t tp, fp, fn, ignored;            /* lenient; ignored = matched only an optional event */
  double precision, recall, f1;          /* lenient */
  size_t strict_tp, strict_fp, strict_fn;
  double strict_precision, strict_recall, strict_f1;
  size_t status_evaluated, status_correct;
  double status_accuracy;                /* over lenient matches; -1 when none */
  double seconds;
} annals_event_scores;
/* Per-sentence callback of annals_eval_events (may be NULL): the gold id, its text,
** and the predicted events as "SRC>TGT:CODE" strings with the missed and spurious ones. */
typedef struct annals_eval_sentence {
  const char *id, *text;
  const char *const *pred; size_t n_pred;
  const char *const *missed; size_t n_missed;
  const char *const *spurious; size_t n_spurious;
} annals_eval_sentence;
/* Code the texts of a gold file (PETRARCH validation XML with <EventCoding>, or JSONL
** as ../shared/data/eval/dev_events.jsonl) and score them the way score_events.py does
** (strict: source, target, code equal; lenient: source and target country and CAMEO
** root, alt codes accepted; one-to-one matching; optional events neither rewarded nor
** penalised). The engine needs a model and dictionaries. */
ANNALS_API annals_status annals_eval_events(annals_engine *e, const char *gold_path, annals_event_scores *out,
                                            void (*fn)(void *ud, const annals_eval_sentence *s), void *ud,
                                            char *errbuf, size_t errlen);

/* ---- NLP models (issue 3): training and evaluation entry points ---- */

/* Options of annals_train. Zero fields take the defaults shown. */
typedef struct annals_train_options {
  const char *train_path;        /* CoNLL-U training treebank (required) */
  const char *dev_path;          /* CoNLL-U development set: early stopping (required) */
  const char *out_path;          /* model file to write (required) */
  uint64_t seed;                 /* shuffling seed; 0: 1. Same inputs + seed = same bytes */
  int tagger_epochs;             /* maximum tagger epochs; 0: 12 */
  int parser_epochs;             /* maximum parser epochs; 0: 15 */
  int folds;                     /* jackknife folds for the parser's training tags; 0: 4 */
  int no_refit;                  /* 1: ship the models chosen on dev; 0 (default): train them
                                 ** again on train + dev with the epochs and choices made on dev */
  int threads;                   /* worker threads (1 or 2); 0: 2. Never changes the result */
} annals_train_options;

/* Train a tagger, lemmatizer and dependency parser and write the model file. Progress
** goes to cfg->log_fn (ANNALS_LOG_INFO), possibly from two threads, one call at a time.
** Errors: EIO (files), EFORMAT (malformed CoNLL-U, reported as "file:line: message"),
** ELIMIT (more than 255 tags or 127 relations), ENOMEM. errbuf gets the message. */
ANNALS_API annals_status annals_train(const annals_config *cfg, const annals_train_options *opt,
                                      char *errbuf, size_t errlen);

/* Figures of annals_eval_parse_gold; accuracies are percentages over all words,
** punctuation included (CoNLL 2018 definitions with gold tokenization). */
typedef struct annals_parse_metrics {
  double upos, xpos, feats, lemma;   /* lemma: gold "_" counts as correct */
  double uas;                        /* head correct */
  double las;                        /* head and universal relation (before ':') correct */
  double las_full;                   /* head and full relation incl. subtype correct */
  uint64_t sentences, tokens;
  uint64_t skipped;                  /* malformed gold sentences reported and left out */
  double seconds;                    /* tagging + lemmatizing + parsing time, one thread */
  double tokens_per_s;
} annals_parse_metrics;

/* Evaluate the model cfg->model_path on gold_path using its gold tokenization. A
** malformed gold line is reported through cfg->log_fn ("file:line: message") and its
** sentence left out (counted in skipped). */
ANNALS_API annals_status annals_eval_parse_gold(const annals_config *cfg, const char *gold_path,
                                                annals_parse_metrics *out, char *errbuf, size_t errlen);

/* Evaluate cfg->model_path from raw text: rebuild the text of gold_path as
** annals_eval_segment does, segment, tag and parse it, align system words to gold
** words by character spans (CoNLL 2018), and report F1 figures in out (upos ...
** las_full; tokens = gold words) and, when seg is not NULL, the segmentation scores. */
ANNALS_API annals_status annals_eval_parse_raw(const annals_config *cfg, const char *gold_path,
                                               annals_parse_metrics *out, annals_segment_scores *seg,
                                               char *errbuf, size_t errlen);

/* ---- Event coding with PETRARCH dictionaries (issue 4): validation ---- */

/* One (source, target, event code) triple, e.g. ("ARN", "GON", "064"). */
typedef struct annals_validate_event { const char *source, *target, *code; } annals_validate_event;

/* One evaluated record (sentence="true") of a validation file. */
typedef struct annals_validate_record {
  const char *id, *category;
  const char *text;                        /* the <Text>, newlines as blanks */
  const char *expected_error;              /* error="..." expectation, "" when none */
  const annals_validate_event *expected;   /* expected set (empty for noevents / error) */
  size_t n_expected;
  const annals_validate_event *produced;   /* what annals coded, duplicates removed */
  size_t n_produced;
  int passed;                              /* the two sets are equal */
  unsigned long line;                      /* line of the record in the file */
} annals_validate_record;

typedef struct annals_validate_category { const char *name; size_t records, passed; } annals_validate_category;

/* Result of annals_validate; all pointers are owned by the report (free it with
** annals_validate_report_free). */
typedef struct annals_validate_report {
  size_t records, passed;                  /* evaluated records, records passed */
  const annals_validate_record *rec;       /* in file order */
  size_t n_rec;
  const annals_validate_category *cat;     /* in order of first appearance */
  size_t n_cat;
  double load_seconds;                     /* dictionary loading */
  double code_seconds;                     /* segmentation, parsing and coding */
  void *priv;
} annals_validate_report;

/* Run a PETRARCH validation file (PETR.UnitTest.records.xml): read its Environment
** (dictionary names resolved in dict_dir, Config options), code every record with
** sentence="true" from its <Text> with annals' own segmentation and parse (the model
** is cfg->model_path, required), and compare the produced set of (source, target,
** code) with the expected <EventCoding> set. Errors: EIO, EFORMAT (malformed XML or
** dictionary: errbuf names file and line), EMISUSE (no model), ENOMEM. On failure
** *out is zeroed. Not thread-safe on the same report. */
ANNALS_API annals_status annals_validate(const annals_config *cfg, const char *xml_path, const char *dict_dir,
                                         annals_validate_report *out, char *errbuf, size_t errlen);
ANNALS_API void annals_validate_report_free(annals_validate_report *r);   /* NULL-safe */

#ifdef __cplusplus
}
#endif
#endif
