/* segment_int.h: shared between the text-layer modules (tokenize.c, sentence.c,
** layout.c, doc.c). Offsets here are bytes from the start of the text being
** segmented; doc.c adds the story's text_offset when it publishes tokens. */
#ifndef ANNALS_SEGMENT_INT_H
#define ANNALS_SEGMENT_INT_H

#include "annals_int.h"

typedef struct an_cp {        /* one decoded code point */
  int32_t cp;                 /* U+FFFD for an invalid byte */
  uint32_t off;               /* byte offset of its first byte */
  uint8_t len;                /* bytes it covers (1 for an invalid byte) */
  uint8_t cls;                /* character class (tokenize.c) */
} an_cp;

enum { AN_ST_WORD, AN_ST_ABBREV, AN_ST_URL, AN_ST_PUNCT, AN_ST_SYMBOL };

typedef struct an_stok {      /* a surface token */
  uint32_t start, end;
  uint8_t kind;               /* AN_ST_* */
} an_stok;

typedef struct an_seg {       /* segmenter scratch, reused across calls */
  an_mem *mem;
  an_cp *cp;
  size_t n_cp, cap_cp;
  an_stok *tok;
  size_t n_tok, cap_tok;
  size_t replaced;            /* invalid UTF-8 sequences and control characters */
  uint32_t *inq;              /* per paragraph token: straight quote opens 1, closes 2 */
  size_t cap_inq;
} an_seg;

/* Sentence found in one paragraph: surface tokens [first, first+count) of seg->tok. */
typedef struct an_ssent {
  size_t first, count;
  uint32_t flags;             /* ANNALS_SENT_* */
  uint32_t paragraph;         /* set by the caller */
} an_ssent;

int  an_seg_push(an_seg *g, uint32_t start, uint32_t end, int kind);   /* -1 on ENOMEM */
int  an_seg_decode(an_seg *g, const char *text, size_t len);          /* text -> g->cp */
int  an_seg_tokenize(an_seg *g, const an_cp *cps, size_t n);          /* appends to g->tok */
int  an_seg_cp_class(int32_t cp);
int  an_seg_is_upper(int32_t cp);
int  an_seg_is_lower(int32_t cp);
int  an_seg_abbrev_nonfinal(const char *lower_no_period);
/* Word boundaries inside the surface token t[a, b): fills cut[] with the byte
** offsets where a new word starts; returns how many (0: one word). */
size_t an_seg_split_words(const char *t, size_t a, size_t b, size_t cut[3]);

/* Paragraphs: [start, end) ranges of code point indexes; blank lines and, in wire
** copy, a line break followed by an indent start a new paragraph. */
typedef struct an_range { size_t start, end; } an_range;
int an_seg_paragraphs(an_seg *g, an_range **out, size_t *n, size_t *cap);

/* Split the surface tokens [first, g->n_tok) of one paragraph into sentences,
** classifying headlines, kickers, datelines, bylines, credits and truncation.
** May split an abbreviation's period off into its own token. */
int an_seg_sentences(an_seg *g, const char *text, size_t first, int story_flags,
                     an_ssent **out, size_t *n, size_t *cap);

/* Page layout (layout.c): is this line/paragraph a headline? A byline or credit? */
int an_layout_is_headline(const char *s, size_t n);
int an_layout_is_byline(const char *s, size_t n);
int an_layout_is_credit(const char *s, size_t n);

#endif
