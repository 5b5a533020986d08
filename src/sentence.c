/* sentence.c: paragraphs and sentence boundaries for news text, over the surface
** tokens of tokenize.c. Sentences never cross a paragraph; within one, a boundary
** follows terminal punctuation (and the closing quotes and brackets after it) when
** what comes next can start a sentence. Abbreviations decide for themselves: a
** title never ends a sentence; "U.S." ends one before "The", and then gives up its
** period, as UD EWT does. Non-prose (datelines, kickers, bylines, credits,
** headlines) is kept, flagged, never merged into body sentences. */
#include "segment_int.h"

#include <string.h>

/* ---- paragraphs ---- */

int an_seg_paragraphs(an_seg *g, an_range **out, size_t *n, size_t *cap)
{
  size_t i = 0, start = 0, N = g->n_cp;
  *n = 0;
  while (i < N) {
    if (g->cp[i].cp == '\n') {
      size_t j = i + 1, spaces = 0;
      int blank = 0;
      while (j < N && (g->cp[j].cp == ' ' || g->cp[j].cp == '\t' || g->cp[j].cp == '\r' ||
                       g->cp[j].cp == '\n')) {
        if (g->cp[j].cp == '\n') { blank = 1; spaces = 0; }
        else spaces += g->cp[j].cp == '\t' ? 4 : 1;
        j++;
      }
      /* blank line, or wire copy's indented paragraph start ("\n    The ...") */
      if (blank || spaces >= 2) {
        if (an_mem_grow(g->mem, (void **)out, cap, *n + 1, sizeof **out)) return -1;
        (*out)[(*n)++] = (an_range){ start, i };
        start = j;
      }
      i = j;
      continue;
    }
    i++;
  }
  if (an_mem_grow(g->mem, (void **)out, cap, *n + 1, sizeof **out)) return -1;
  (*out)[(*n)++] = (an_range){ start, N };
  return 0;
}

/* ---- token predicates ---- */

static int32_t first_cp(const char *t, const an_stok *k)
{
  int len, bad;
  return an_utf8_decode((const unsigned char *)t + k->start, k->end - k->start, &len, &bad);
}

static int32_t last_cp(const char *t, const an_stok *k)
{
  uint32_t e = k->end, b = e - 1;
  int len, bad;
  while (b > k->start && ((unsigned char)t[b] & 0xC0) == 0x80) b--;
  return an_utf8_decode((const unsigned char *)t + b, e - b, &len, &bad);
}

static int tok_is(const char *t, const an_stok *k, const char *lit)
{
  size_t L = strlen(lit);
  return k->end - k->start == L && memcmp(t + k->start, lit, L) == 0;
}

/* . ! ? ... and their runs; the ellipsis character */
static int is_terminal(const char *t, const an_stok *k)
{
  int32_t c;
  if (k->kind != AN_ST_PUNCT) return 0;
  c = first_cp(t, k);
  return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x203C || c == 0x2047;
}

static int is_ellipsis(const char *t, const an_stok *k)
{
  return (k->end - k->start >= 2 && t[k->start] == '.') || first_cp(t, k) == 0x2026;
}

static int is_closer(const char *t, const an_stok *k)
{
  int32_t c;
  if (k->kind != AN_ST_PUNCT) return 0;
  c = first_cp(t, k);
  return c == '"' || c == 0x201D || c == 0x2019 || c == '\'' || c == ')' || c == ']' ||
         c == '}' || c == 0xBB || c == 0x203A;
}

static int is_opener(const char *t, const an_stok *k)
{
  int32_t c;
  if (k->kind != AN_ST_PUNCT) return 0;
  c = first_cp(t, k);
  return c == '"' || c == 0x201C || c == 0x2018 || c == '\'' || c == '(' || c == '[' ||
         c == 0xAB || c == '`';
}

static int is_dash_tok(const char *t, const an_stok *k)
{
  int32_t c = first_cp(t, k);
  return k->kind == AN_ST_PUNCT && (c == '-' || c == 0x2013 || c == 0x2014 || c == 0x2015);
}

/* lower-case ASCII copy of a token without a final period */
static void tok_lower(const char *t, const an_stok *k, char *out, size_t cap)
{
  size_t i, n = k->end - k->start, o = 0;
  if (n && t[k->end - 1] == '.') n--;
  for (i = 0; i < n && o + 1 < cap; i++) {
    char c = t[k->start + i];
    out[o++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
  }
  out[o] = '\0';
}

/* Words that, capitalized, usually open a sentence rather than continue a name. */
static int common_starter(const char *t, const an_stok *k)
{
  static const char *const w[] = {
    "the", "a", "an", "he", "she", "it", "they", "we", "i", "you", "but", "and", "in", "on",
    "at", "this", "that", "these", "those", "there", "his", "her", "its", "their", "our",
    "my", "if", "when", "while", "after", "as", "for", "so", "yet", "however", "meanwhile",
    "some", "many", "most", "what", "who", "why", "how", "according", "earlier", "later",
    "then", "also", "officials", "both", "each", "all", "no", "not", "one", "analysts",
    "since", "until", "under", "with", "without", "although", "though", "because", "last",
    "next", "we're", "it's", "mr", "mrs", "ms", "dr", "to", "by",
    "from", "other", "another", "such", "now", "today", "yesterday", "here", "among",
    "before", "during", "about", "separately", NULL
  };
  char low[24];
  size_t i;
  if (k->kind != AN_ST_WORD && k->kind != AN_ST_ABBREV) return 0;
  if (!an_seg_is_upper(first_cp(t, k))) return 0;
  tok_lower(t, k, low, sizeof low);
  for (i = 0; w[i]; i++)
    if (!strcmp(low, w[i])) return 1;
  return 0;
}

/* Could k start a new sentence? (not lower case, not closing punctuation) */
static int can_start(const char *t, const an_stok *k)
{
  int32_t c = first_cp(t, k);
  if (an_seg_is_lower(c)) return 0;
  if (k->kind == AN_ST_PUNCT && (c == ',' || c == ';' || c == ':' || c == ')' || c == ']' ||
                                 c == '%' || c == '.' || c == '!' || c == '?'))
    return 0;
  return 1;
}

/* An all-capital word of at least two letters (or a short caps word with a period). */
static int is_caps_word(const char *t, const an_stok *k)
{
  size_t i, letters = 0;
  if (k->kind != AN_ST_WORD && k->kind != AN_ST_ABBREV) return 0;
  for (i = k->start; i < k->end; i++) {
    unsigned char c = (unsigned char)t[i];
    if (c >= 'a' && c <= 'z') return 0;
    if (c >= 'A' && c <= 'Z') letters++;
    else if (c < 0x80 && c != '.' && c != '-' && c != '\'' && c != '&') return 0;
  }
  return letters >= 2 || (letters == 1 && k->end - k->start <= 2 && t[k->end - 1] == '.');
}

static int is_month(const char *t, const an_stok *k)
{
  static const char *const m[] = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "january", "february", "march", "april", "june", "july", "august", "september", "october",
    "november", "december", NULL
  };
  char low[16];
  size_t i;
  if (!an_seg_is_upper(first_cp(t, k))) return 0;
  tok_lower(t, k, low, sizeof low);
  for (i = 0; m[i]; i++)
    if (!strcmp(low, m[i])) return 1;
  return 0;
}

static int is_weekday(const char *t, const an_stok *k)
{
  static const char *const d[] = { "monday", "tuesday", "wednesday", "thursday", "friday",
                                   "saturday", "sunday", NULL };
  char low[16];
  size_t i;
  if (!an_seg_is_upper(first_cp(t, k))) return 0;
  tok_lower(t, k, low, sizeof low);
  for (i = 0; d[i]; i++)
    if (!strcmp(low, d[i])) return 1;
  return 0;
}

static int is_number_tok(const char *t, const an_stok *k)
{
  int32_t c = first_cp(t, k);
  return c >= '0' && c <= '9';
}

/* "Thursday, May 7, 2015" heading a paragraph: tokens it spans, or 0. */
static size_t dateheader_len(const char *t, const an_stok *k, size_t n)
{
  size_t i = 0;
  if (n > 0 && is_weekday(t, &k[0])) { i = 1; if (i < n && tok_is(t, &k[i], ",")) i++; }
  if (!(i + 1 < n && is_month(t, &k[i]) && is_number_tok(t, &k[i + 1]))) return 0;
  i += 2;
  if (i + 1 < n && tok_is(t, &k[i], ",") && is_number_tok(t, &k[i + 1])) i += 2;
  if (i >= n || !an_seg_is_upper(first_cp(t, &k[i]))) return 0;
  return i;
}

/* A dateline at the start of a paragraph: "KYIV, March 3 (Reuters) -",
** "SALVADOR, Feb 26 -", "WASHINGTON (AP) --", "LONDON —". Returns the number of
** tokens it spans (through the dash), or 0. */
static size_t dateline_len(const char *t, const an_stok *k, size_t n)
{
  size_t i = 0, caps = 0;
  while (i < n && i < 8 && (is_caps_word(t, &k[i]) || (caps && tok_is(t, &k[i], ",") &&
                                                        i + 1 < n && is_caps_word(t, &k[i + 1])))) {
    if (!tok_is(t, &k[i], ",")) caps++;
    i++;
  }
  if (!caps) return 0;
  if (i < n && tok_is(t, &k[i], ",") && i + 1 < n && is_month(t, &k[i + 1])) {
    i += 2;
    if (i < n && first_cp(t, &k[i]) >= '0' && first_cp(t, &k[i]) <= '9') i++;
    if (i + 1 < n && tok_is(t, &k[i], ",") && first_cp(t, &k[i + 1]) >= '0' &&
        first_cp(t, &k[i + 1]) <= '9') i += 2;
  } else if (i < n && tok_is(t, &k[i], ",") && i + 1 < n && an_seg_is_upper(first_cp(t, &k[i + 1]))) {
    /* "SANAA, Yemen -" */
    i += 2;
  }
  if (i + 2 < n && tok_is(t, &k[i], "(") && tok_is(t, &k[i + 2], ")")) i += 3;
  if (i < n && is_dash_tok(t, &k[i]) && i + 1 < n) return i + 1;
  return 0;
}

/* A kicker: "TRADE TRUCE: The ministers ..." (1-5 capital words, then a colon). */
static size_t kicker_len(const char *t, const an_stok *k, size_t n)
{
  size_t i = 0;
  while (i < n && i < 6 && is_caps_word(t, &k[i])) i++;
  if (i == 0 || i >= n || !tok_is(t, &k[i], ":") || i + 1 >= n) return 0;
  if (!an_seg_is_upper(first_cp(t, &k[i + 1])) && !is_opener(t, &k[i + 1])) return 0;
  return i + 1;
}

/* "Image: NASA", "Photo: AFP" inside a paragraph: a credit begins here. */
static int credit_start(const char *t, const an_stok *k, size_t n)
{
  static const char *const w[] = { "image", "photo", "photos", "picture", "credit", "source",
                                   "photograph", "video", NULL };
  char low[16];
  size_t i;
  if (n < 3 || !tok_is(t, &k[1], ":") || !an_seg_is_upper(first_cp(t, &k[0]))) return 0;
  tok_lower(t, &k[0], low, sizeof low);
  for (i = 0; w[i]; i++)
    if (!strcmp(low, w[i])) return 1;
  return 0;
}

/* Classify the straight double quotes of the paragraph starting at token first
** as opening (1) or closing (2) into g->inq: a quote glued to what follows and
** not to what precedes opens, the mirror case closes, otherwise they alternate.
** (Multi-paragraph quotations leave a paragraph open, so parity alone misleads.) */
static int mark_quotes(an_seg *g, const char *t, size_t first)
{
  size_t i, n = g->n_tok - first;
  int open = 0;
  if (an_mem_grow(g->mem, (void **)&g->inq, &g->cap_inq, n + 2, sizeof *g->inq)) return -1;
  memset(g->inq, 0, (n + 2) * sizeof *g->inq);
  for (i = 0; i < n; i++) {
    const an_stok *k = &g->tok[first + i];
    int glued_left, glued_right, is_open;
    if (!tok_is(t, k, "\"")) continue;
    glued_left = i > 0 && g->tok[first + i - 1].end == k->start;
    glued_right = i + 1 < n && g->tok[first + i + 1].start == k->end;
    is_open = glued_right && !glued_left ? 1 : glued_left && !glued_right ? 0 : !open;
    open = is_open;
    g->inq[i] = is_open ? 1 : 2;
  }
  return 0;
}

/* Split token i (an abbreviation with its period) into word + "."; the quotation
** marks of the paragraph starting at token first move along. */
static int split_period(an_seg *g, size_t i, size_t first)
{
  an_stok *k;
  if (an_mem_grow(g->mem, (void **)&g->tok, &g->cap_tok, g->n_tok + 1, sizeof *g->tok)) return -1;
  if (an_mem_grow(g->mem, (void **)&g->inq, &g->cap_inq, g->n_tok - first + 2, sizeof *g->inq)) return -1;
  memmove(&g->inq[i - first + 2], &g->inq[i - first + 1], (g->n_tok - i) * sizeof *g->inq);
  g->inq[i - first + 1] = g->inq[i - first];
  memmove(&g->tok[i + 2], &g->tok[i + 1], (g->n_tok - i - 1) * sizeof *g->tok);
  g->n_tok++;
  k = &g->tok[i];
  g->tok[i + 1] = (an_stok){ k->end - 1, k->end, AN_ST_PUNCT };
  k->end -= 1;
  k->kind = AN_ST_WORD;
  return 0;
}

static int push_sent(an_ssent **out, size_t *n, size_t *cap, an_mem *mem, size_t first,
                     size_t count, uint32_t flags)
{
  if (!count) return 0;
  if (an_mem_grow(mem, (void **)out, cap, *n + 1, sizeof **out)) return -1;
  (*out)[(*n)++] = (an_ssent){ first, count, flags, 0 };
  return 0;
}

int an_seg_sentences(an_seg *g, const char *t, size_t first, int story_flags,
                     an_ssent **out, size_t *n, size_t *cap)
{
  size_t i, start = first, par_first_sent = *n;
  uint32_t lead_flags;
  int complete = (story_flags & ANNALS_STORY_SENTENCES) != 0;
  if (first >= g->n_tok) return 0;

  /* whole-paragraph furniture: credits, bylines, headlines (not in sentence records) */
  if (!complete) {
    uint32_t a = g->tok[first].start, b = g->tok[g->n_tok - 1].end;
    uint32_t f = 0;
    if (an_layout_is_credit(t + a, b - a)) f = ANNALS_SENT_CREDIT;
    else if (an_layout_is_byline(t + a, b - a)) f = ANNALS_SENT_BYLINE;
    else if (an_layout_is_headline(t + a, b - a) && !is_terminal(t, &g->tok[g->n_tok - 1]))
      f = ANNALS_SENT_HEADLINE;
    if (f) return push_sent(out, n, cap, g->mem, first, g->n_tok - first, f | ANNALS_SENT_PAR_START);
  }

  /* dateline and kicker at the paragraph start */
  {
    size_t d = dateline_len(t, g->tok + first, g->n_tok - first);
    if (!d) d = dateheader_len(t, g->tok + first, g->n_tok - first);
    if (d) {
      if (push_sent(out, n, cap, g->mem, first, d, ANNALS_SENT_DATELINE)) return -1;
      start = first + d;
    }
    d = kicker_len(t, g->tok + start, g->n_tok - start);
    if (d) {
      if (push_sent(out, n, cap, g->mem, start, d, ANNALS_SENT_KICKER)) return -1;
      start += d;
    }
  }
  lead_flags = ANNALS_SENT_BODY;
  if (mark_quotes(g, t, first)) return -1;

  for (i = start; i < g->n_tok; i++) {
    an_stok *k = &g->tok[i];
    size_t j;
    int brk = 0, abbrev = 0;
    if (i > start && credit_start(t, g->tok + i, g->n_tok - i) && !is_terminal(t, &g->tok[i - 1])) {
      /* a caption's credit glued to it: "... Space Station Image: NASA." */
      if (push_sent(out, n, cap, g->mem, start, i - start, lead_flags)) return -1;
      start = i;
      lead_flags = ANNALS_SENT_CREDIT;
      continue;
    }
    if (k->kind == AN_ST_ABBREV) abbrev = 1;
    else if (!is_terminal(t, k)) continue;
    /* closing quotes and brackets stay with the sentence they close */
    j = i + 1;
    while (j < g->n_tok && ((is_closer(t, &g->tok[j]) && !is_opener(t, &g->tok[j])) ||
                            g->inq[j - first] == 2 ||
                            (tok_is(t, &g->tok[j], "'") && j == i + 1 &&
                             (j + 1 >= g->n_tok || can_start(t, &g->tok[j + 1])))))
      j++;
    if (j >= g->n_tok) {
      if (abbrev && j == i + 1) {
        /* paragraph ends on "U.S.": the period ends the sentence too */
        char low[16];
        tok_lower(t, k, low, sizeof low);
        if (!an_seg_abbrev_nonfinal(low) && k->end - k->start > 2 && split_period(g, i, first)) return -1;
      }
      break;
    }
    if (abbrev) {
      char low[16];
      an_stok *nx = &g->tok[j];
      tok_lower(t, k, low, sizeof low);
      if (j > i + 1) brk = can_start(t, nx);
      else if (an_seg_abbrev_nonfinal(low) || (k->end - k->start == 2)) brk = 0;
      else if (common_starter(t, nx) || (is_opener(t, nx) && nx->kind == AN_ST_PUNCT)) brk = 1;
      if (brk && j == i + 1) {
        if (split_period(g, i, first)) return -1;
        j++;
      }
    } else if (is_ellipsis(t, k)) {
      brk = an_seg_is_upper(first_cp(t, &g->tok[j])) || is_opener(t, &g->tok[j]);
    } else {
      /* after a real period, question or exclamation mark even a lower-case word
      ** starts a sentence (web and chat text); punctuation does not */
      brk = can_start(t, &g->tok[j]) ||
            (an_seg_is_lower(first_cp(t, &g->tok[j])) && g->tok[j].kind == AN_ST_WORD);
    }
    if (brk) {
      if (push_sent(out, n, cap, g->mem, start, j - start, lead_flags)) return -1;
      start = j;
      i = j - 1;
      lead_flags = ANNALS_SENT_BODY;
    }
  }
  if (start < g->n_tok) {
    /* the paragraph's last sentence: truncated when it stops without an ending */
    an_stok *last = &g->tok[g->n_tok - 1];
    size_t q = g->n_tok - 1;
    uint32_t f = lead_flags;
    while (q > start && is_closer(t, &g->tok[q])) q--;
    last = &g->tok[q];
    if (!complete && (!(is_terminal(t, last) || last->kind == AN_ST_ABBREV || tok_is(t, last, ":")) ||
                      (is_ellipsis(t, last) && q > start)))
      f |= ANNALS_SENT_TRUNCATED;
    if (is_ellipsis(t, last) && q > start && last_cp(t, &g->tok[q - 1]) == '.') f &= ~ANNALS_SENT_TRUNCATED;
    if (push_sent(out, n, cap, g->mem, start, g->n_tok - start, f)) return -1;
  }
  if (*n > par_first_sent) (*out)[par_first_sent].flags |= ANNALS_SENT_PAR_START;
  return 0;
}
