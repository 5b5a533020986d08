/* tokenize.c: bytes -> surface tokens -> UD words, to the conventions of UD English EWT.
** Every byte of the input belongs to exactly one token or to the white space between
** tokens; a token's span [start, end) always covers the original bytes, whatever the
** normalized text says (invalid UTF-8 becomes U+FFFD in the text, never in the span).
** Surface tokens are split at white space and punctuation; clitics (don't, it's,
** Bush's, cannot, gonna) stay one surface token made of several words (an MWT). */
#include "segment_int.h"

#include <string.h>
#include <utf8proc.h>

/* ---- character classes ---- */

enum { C_SPACE, C_LETTER, C_DIGIT, C_MARK, C_PUNCT, C_SYMBOL };

static int cls_of(int32_t cp)
{
  if (cp < 0x80) {
    if (cp <= 0x20 || cp == 0x7F) return C_SPACE;
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return C_LETTER;
    if (cp >= '0' && cp <= '9') return C_DIGIT;
    if (cp == '$' || cp == '+' || cp == '<' || cp == '=' || cp == '>' || cp == '^' || cp == '`' ||
        cp == '|' || cp == '~') return C_SYMBOL;
    return C_PUNCT;
  }
  if (cp == 0xFEFF || cp == 0x200B || cp == 0x2028 || cp == 0x2029 || cp == 0xA0 ||
      (cp >= 0x80 && cp < 0xA0) || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x3000 ||
      cp == 0x202F || cp == 0x205F || cp == 0x1680 || cp == 0x85)
    return C_SPACE;
  if (cp == 0xFFFD) return C_LETTER;   /* a replaced byte stays inside its word */
  switch (utf8proc_category(cp)) {
  case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: return C_LETTER;
  case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME: return C_MARK;
  case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO: return C_DIGIT;
  case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
  case UTF8PROC_CATEGORY_CC: return C_SPACE;
  case UTF8PROC_CATEGORY_CF: return C_MARK;  /* ZWJ, soft hyphen: glue, not split */
  case UTF8PROC_CATEGORY_SM: case UTF8PROC_CATEGORY_SC: case UTF8PROC_CATEGORY_SK:
  case UTF8PROC_CATEGORY_SO: return C_SYMBOL;
  default: return C_PUNCT;
  }
}

/* The text decoded once into code points with their byte offsets; the scanner
** then works on indexes into this array. */
typedef struct scan {
  const an_cp *c;
  size_t n;
} scan;

static int32_t cp_at(const scan *s, size_t i) { return i < s->n ? s->c[i].cp : 0; }
static int cls_at(const scan *s, size_t i) { return i < s->n ? s->c[i].cls : C_SPACE; }
static int is_alnum_at(const scan *s, size_t i)
{
  int k = cls_at(s, i);
  return k == C_LETTER || k == C_DIGIT || k == C_MARK;
}
static int is_apos(int32_t cp) { return cp == '\'' || cp == 0x2019; }
static int is_dash(int32_t cp) { return cp == '-' || cp == 0x2010 || cp == 0x2011; }
static int is_upper_cp(int32_t cp)
{
  return cp < 0x80 ? (cp >= 'A' && cp <= 'Z') : utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}
static int is_lower_cp(int32_t cp)
{
  return cp < 0x80 ? (cp >= 'a' && cp <= 'z') : utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

int an_seg_cp_class(int32_t cp) { return cls_of(cp); }
int an_seg_is_upper(int32_t cp) { return is_upper_cp(cp); }
int an_seg_is_lower(int32_t cp) { return is_lower_cp(cp); }

/* lower-case ASCII copy of code points [a, b) into out (non-ASCII kept as '?');
** returns the length, or -1 when longer than cap-1. */
static int ascii_lower(const scan *s, size_t a, size_t b, char *out, size_t cap)
{
  size_t i, k = 0;
  if (b - a >= cap) return -1;
  for (i = a; i < b; i++) {
    int32_t c = s->c[i].cp;
    out[k++] = (char)(c < 0x80 ? ((c >= 'A' && c <= 'Z') ? c + 32 : c) : '?');
  }
  out[k] = '\0';
  return (int)k;
}

/* Word lists are looked up through a small hash set built on first use (the
** segmenter asks at every period and hyphen, so a linear scan would show). */
typedef struct word_set { const char *const *words; const char *slot[512]; int ready; } word_set;

static uint32_t word_hash(const char *w)
{
  uint32_t h = 2166136261u;
  for (; *w; w++) h = (h ^ (unsigned char)*w) * 16777619u;
  return h;
}

static int in_set(word_set *set, const char *w)
{
  uint32_t i;
  if (!set->ready) {              /* idempotent: a race builds the same table */
    const char *const *p;
    for (p = set->words; *p; p++) {
      for (i = word_hash(*p) & 511; set->slot[i]; i = (i + 1) & 511) {}
      set->slot[i] = *p;
    }
    set->ready = 1;
  }
  for (i = word_hash(w) & 511; set->slot[i]; i = (i + 1) & 511)
    if (!strcmp(set->slot[i], w)) return 1;
  return 0;
}

/* Abbreviations that keep their period (lower case, without the period). */
static const char *const abbrevs[] = {
  "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cpl", "maj", "adm",
  "rep", "reps", "sen", "sens", "gov", "govs", "pres", "rev", "hon", "st", "ste", "ft", "mt",
  "jr", "sr", "esq", "inc", "corp", "co", "ltd", "bros", "plc", "llc", "vs", "etc", "jan",
  "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue",
  "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "no", "nos", "approx", "dept",
  "est", "fig", "figs", "vol", "vols", "cf", "al", "ave", "blvd", "rd", "attn", "arrv",
  "ariz", "calif", "colo", "conn", "fla", "ill", "ind", "kan", "mass", "mich", "minn", "miss",
  "nev", "okla", "ore", "penn", "tenn", "tex", "va", "wash", "wis", "la", "md", "ky", "del",
  "messrs", "mme", "mlle", "gens", "supt", "insp", "cmdr", "cdr", "brig", "pvt", "spc",
  "adj", "op", "ed", "eds", "ph", "pp", "ca", "viz", "ibid", "jnr", "snr", "rt", "dist",
  "v", "pop", "para", "sec", "ch", "art", "univ", "assn", "natl", "intl", "govt", "mgr", "dir",
  NULL
};
/* Of those, the ones that are never the last word of a sentence: a title or a
** number sign binds to what follows. */
static const char *const abbrevs_nonfinal[] = {
  "mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "sgt", "capt", "cpl", "maj", "adm",
  "rep", "reps", "sen", "sens", "gov", "govs", "pres", "rev", "hon", "st", "ste", "ft", "mt",
  "messrs", "mme", "mlle", "gens", "supt", "insp", "cmdr", "cdr", "brig", "pvt", "spc", "vs",
  "no", "nos", "fig", "figs", "vol", "vols", "pp", "cf", "rt", "approx", "attn", "v", "pop",
  "para", "sec", "ch", "art",
  NULL
};

static word_set abbrev_set = { abbrevs, { 0 }, 0 };
static word_set nonfinal_set = { abbrevs_nonfinal, { 0 }, 0 };

/* Prefixes that EWT keeps joined to the word after a hyphen (e-mail, non-profit). */
static const char *const hyphen_prefixes[] = {
  "e", "non", "anti", "pre", "re", "mid", "post", "multi", "pro", "co", "ex", "sub", "cross",
  "neo", "psycho", "semi", "over", "arch", "intra", "inter", "micro", "un", "counter", "mis",
  "bi", "tri", "ultra", "macro", "mega", "hyper", "infra", "extra", "trans", "pan", "quasi",
  "pseudo", "socio", "geo", "bio", "eco", "cyber", "tele", "vice", "x", NULL
};
static word_set prefix_set = { hyphen_prefixes, { 0 }, 0 };

/* ---- surface tokens ---- */

static int starts_with_ci(const scan *s, size_t i, const char *lit)
{
  size_t k;
  for (k = 0; lit[k]; k++) {
    int32_t c = cp_at(s, i + k);
    if (c >= 'A' && c <= 'Z') c += 32;
    if (c != (unsigned char)lit[k]) return 0;
  }
  return 1;
}

static int is_url_trail(int32_t c)
{
  return c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == '\'' ||
         c == '"' || c == ')' || c == ']' || c == '>' || c == 0x201D || c == 0x2019;
}

/* [i, end) is a white-space-delimited chunk: a URL or an e-mail address? Returns the
** end of the URL token (trailing punctuation left out), or 0. */
static size_t url_or_email(const scan *s, size_t i, size_t end)
{
  size_t k, at = 0, dots_after_at = 0, e = end, parens = 0;
  int url = starts_with_ci(s, i, "http://") || starts_with_ci(s, i, "https://") ||
            starts_with_ci(s, i, "ftp://") || starts_with_ci(s, i, "www.") ||
            starts_with_ci(s, i, "mailto:");
  if (!url) {
    if (!is_alnum_at(s, i)) return 0;
    for (k = i; k < end; k++) {
      int32_t c = s->c[k].cp;
      if (c == '@') { if (at || k == i) return 0; at = k; }
      else if (c == '.' && at && k + 1 < end && is_alnum_at(s, k + 1)) dots_after_at++;
      else if (!(is_alnum_at(s, k) || c == '.' || c == '_' || c == '-' || c == '+' || c == '%'))
        break;
    }
    if (!at || !dots_after_at) return 0;
    e = k;
  }
  for (k = i; k < e; k++) if (s->c[k].cp == '(') parens++;
  while (e > i + 1 && is_url_trail(s->c[e - 1].cp)) {
    if (s->c[e - 1].cp == ')' && parens) break;
    e--;
  }
  return e;
}

/* Is [i, j) an emoticon such as :) :-( ;D :P <3 ? Returns its end or 0. */
static size_t emoticon(const scan *s, size_t i, size_t end)
{
  int32_t a = cp_at(s, i), b, c;
  size_t k = i + 1;
  if (a == '<' && cp_at(s, k) == '3') return k + 1;
  if (a != ':' && a != ';' && a != '=' ) return 0;
  b = cp_at(s, k);
  if (b == '-' || b == '\'') { k++; b = cp_at(s, k); }
  if (!(b == ')' || b == '(' || b == 'D' || b == 'P' || b == 'p' || b == '/' || b == '|' ||
        b == ']' || b == '[' || b == 'O' || b == 'o'))
    return 0;
  if (b == '/' && cp_at(s, k + 1) == '/') return 0;   /* http:// */
  k++;
  c = cp_at(s, k);
  if (k < end && (is_alnum_at(s, k) && b != ')' && b != '(')) return 0;
  AN_UNUSED(c);
  return k;
}

/* Can the period at index p attach to the word [w, p)? (abbreviation or initial) */
static int period_attaches(const scan *s, size_t w, size_t p, int internal_dots)
{
  char low[16];
  int n;
  if (internal_dots) return 1;                       /* U.S. e.g. a.m. Ph.D. */
  if (p - w == 1 && cls_at(s, w) == C_LETTER && s->c[w].cp != 'v')
    return is_upper_cp(s->c[w].cp);                  /* an initial: J. R. R. Tolkien */
  n = ascii_lower(s, w, p, low, sizeof low);
  if (n <= 0) return 0;
  if (!in_set(&abbrev_set, low)) return 0;
  if (!strcmp(low, "no") || !strcmp(low, "nos")) {
    /* "No. 10", but "said no." */
    size_t k = p + 1;
    while (cls_at(s, k) == C_SPACE && k < s->n) k++;
    return cls_at(s, k) == C_DIGIT && is_upper_cp(s->c[w].cp);
  }
  return 1;
}

int an_seg_abbrev_nonfinal(const char *lower_no_period)
{
  return in_set(&nonfinal_set, lower_no_period);
}

/* Scan one word-like token starting at i (a letter, digit or mark); returns its end.
** *abbrev is set when the token ends in an attached abbreviation period. */
static size_t scan_word(const scan *s, size_t i, size_t end, int *abbrev)
{
  size_t k = i, seg = i;       /* seg: start of the current run between dots/hyphens */
  int internal_dots = 0, all_digits = 1;
  *abbrev = 0;
  for (;;) {
    while (k < end && is_alnum_at(s, k)) {
      if (cls_at(s, k) != C_DIGIT) all_digits = 0;
      k++;
    }
    if (k >= end) break;
    {
      int32_t c = s->c[k].cp, nx = cp_at(s, k + 1);
      int nx_alnum = k + 1 < end && is_alnum_at(s, k + 1);
      int nx_digit = k + 1 < end && cls_at(s, k + 1) == C_DIGIT;
      int prev_digit = cls_at(s, k - 1) == C_DIGIT;
      if (c == '.') {
        if (prev_digit && nx_digit) { k++; continue; }            /* 3.4 */
        if (nx_alnum && k - seg <= 4 && !all_digits) {            /* U.S / e.g / a.m */
          internal_dots = 1; k++; seg = k; continue;
        }
        if (nx_alnum) { k++; seg = k; continue; }                  /* file.doc, 202.456.1414 */
        if (period_attaches(s, seg == i ? i : seg, k, internal_dots) &&
            !(seg != i && !internal_dots)) {
          *abbrev = 1;
          return k + 1;
        }
        break;
      }
      if (c == ',' && prev_digit && all_digits && nx_digit && cls_at(s, k + 2) == C_DIGIT &&
          cls_at(s, k + 3) == C_DIGIT && !(k + 4 < end && cls_at(s, k + 4) == C_DIGIT)) {
        k++; continue;                                             /* 1,000 */
      }
      if ((c == ':' || c == '/') && prev_digit && nx_digit) { k++; continue; }  /* 7:30 1/2 */
      if (is_apos(c) && nx_alnum && cls_at(s, k + 1) == C_LETTER && !all_digits) {
        k++; continue;                                             /* O'Brien don't */
      }
      if (c == '&' && is_upper_cp(cp_at(s, k - 1)) && is_upper_cp(nx) && k - i <= 3) {
        k++; continue;                                             /* AT&T S&P */
      }
      if (c == '_' && nx_alnum) { k++; continue; }                 /* user_name */
      if (c == '$' && k - i <= 3 && !all_digits && nx_digit) {      /* US$ HK$ A$ */
        int caps = 1;
        size_t q;
        for (q = i; q < k; q++) if (!is_upper_cp(s->c[q].cp)) caps = 0;
        if (caps) return k + 1;
        break;
      }
      if (is_dash(c) && nx_alnum) {
        char low[16];
        int keep = 0, n = ascii_lower(s, seg, k, low, sizeof low);
        if (n > 0 && in_set(&prefix_set, low) && cls_at(s, k + 1) == C_LETTER) keep = 1;
        if (all_digits && nx_digit && k - seg >= 3) {              /* 713-853-3989 */
          size_t q = k + 1;
          while (q < end && cls_at(s, q) == C_DIGIT) q++;
          if (q - (k + 1) >= 3) keep = 1;
        }
        if (keep) { k++; seg = k; continue; }
        break;
      }
      break;
    }
  }
  return k;
}

/* Split [i, end) (a chunk without white space) into surface tokens. */
static int tokenize_chunk(an_seg *g, const scan *s, size_t i, size_t end, int maybe_url)
{
  while (i < end) {
    int32_t c = s->c[i].cp;
    int k = s->c[i].cls;
    size_t j;
    int abbrev = 0;
    if (maybe_url && (j = url_or_email(s, i, end)) != 0) {
      if (an_seg_push(g, s->c[i].off, s->c[j - 1].off + s->c[j - 1].len, AN_ST_URL)) return -1;
      i = j;
      continue;
    }
    if (k == C_LETTER || k == C_DIGIT || k == C_MARK) {
      j = scan_word(s, i, end, &abbrev);
      /* "10am" "5pm": EWT splits the time from its suffix */
      if (an_seg_push(g, s->c[i].off, s->c[j - 1].off + s->c[j - 1].len,
                      abbrev ? AN_ST_ABBREV : AN_ST_WORD))
        return -1;
      i = j;
      continue;
    }
    if ((c == ':' || c == ';' || c == '=' || c == '<') && (j = emoticon(s, i, end)) != 0) {
      if (an_seg_push(g, s->c[i].off, s->c[j - 1].off + s->c[j - 1].len, AN_ST_SYMBOL)) return -1;
      i = j;
      continue;
    }
    j = i + 1;
    if (c == '.' || c == '-' || c == '!' || c == '?' || c == '`' || c == '*' || c == '=' ||
        c == '_' || c == '#' || c == '~') {
      /* runs of the same mark are one token: ... -- !!! ``; ?! mixes too */
      while (j < end && (s->c[j].cp == c || ((c == '!' || c == '?') &&
                                             (s->c[j].cp == '!' || s->c[j].cp == '?'))))
        j++;
    } else if (is_apos(c) && cls_at(s, i + 1) == C_DIGIT && cls_at(s, i + 2) == C_DIGIT &&
               (i + 3 >= end || !is_alnum_at(s, i + 3) || cp_at(s, i + 3) == 's')) {
      j = scan_word(s, i + 1, end, &abbrev);                      /* '90s */
    } else if (c == '\'' && cp_at(s, i + 1) == '\'') {
      j = i + 2;                                                   /* '' */
    }
    if (an_seg_push(g, s->c[i].off, s->c[j - 1].off + s->c[j - 1].len,
                    k == C_SYMBOL ? AN_ST_SYMBOL : AN_ST_PUNCT))
      return -1;
    i = j;
  }
  return 0;
}

int an_seg_tokenize(an_seg *g, const an_cp *cps, size_t n)
{
  scan s;
  size_t i = 0;
  s.c = cps;
  s.n = n;
  while (i < n) {
    size_t j;
    int maybe_url;
    if (cps[i].cls == C_SPACE) { i++; continue; }
    j = i;
    /* URLs and addresses need ':' or '@' or a leading "www." */
    maybe_url = cps[i].cp == 'w' || cps[i].cp == 'W';
    while (j < n && cps[j].cls != C_SPACE) {
      if (cps[j].cp == '@' || cps[j].cp == ':') maybe_url = 1;
      j++;
    }
    if (tokenize_chunk(g, &s, i, j, maybe_url)) return -1;
    i = j;
  }
  return 0;
}

static uint8_t ascii_cls[128];
static int ascii_ready;

static void init_ascii(void)
{
  int c;
  for (c = 0; c < 128; c++) ascii_cls[c] = (uint8_t)cls_of(c);
  ascii_ready = 1;
}

int an_seg_decode(an_seg *g, const char *text, size_t len)
{
  if (!ascii_ready) init_ascii();   /* idempotent: a race writes the same bytes */
  const unsigned char *p = (const unsigned char *)text;
  size_t i = 0;
  g->n_cp = 0;
  /* never more code points than bytes: one allocation check for the whole text */
  if (an_mem_grow(g->mem, (void **)&g->cp, &g->cap_cp, len + 1, sizeof *g->cp)) return -1;
  while (i < len) {
    int l = 1, bad = 0;
    int32_t cp;
    an_cp *c;
    if (p[i] < 0x80) {
      /* ASCII fast path */
      c = &g->cp[g->n_cp++];
      c->cp = p[i];
      c->off = (uint32_t)i;
      c->len = 1;
      c->cls = ascii_cls[p[i]];
      if (c->cls == C_SPACE && p[i] != ' ' && p[i] != '\n' && p[i] != '\t' && p[i] != '\r') g->replaced++;
      i++;
      continue;
    }
    cp = an_utf8_decode(p + i, len - i, &l, &bad);
    c = &g->cp[g->n_cp++];
    c->cp = cp;
    c->off = (uint32_t)i;
    c->len = (uint8_t)l;
    c->cls = (uint8_t)cls_of(cp);
    if (bad || (cp >= 0x80 && cp < 0xA0)) g->replaced++;
    i += (size_t)l;
  }
  return 0;
}

/* ---- words: clitics and contractions inside one surface token ---- */

/* Does the token [a, b) (bytes) end with the clitic lit (ASCII, lower case, with
** ' standing for either apostrophe)? Returns the clitic's byte length or 0. */
static size_t ends_with_clitic(const char *t, size_t a, size_t b, const char *lit)
{
  size_t L = strlen(lit), k = b, m = L;
  while (m > 0) {
    char want = lit[m - 1];
    if (k <= a) return 0;
    if (want == '\'') {
      if (t[k - 1] == '\'') k -= 1;
      else if (k - a >= 3 && (unsigned char)t[k - 3] == 0xE2 && (unsigned char)t[k - 2] == 0x80 &&
               (unsigned char)t[k - 1] == 0x99) k -= 3;
      else return 0;
    } else {
      char c = t[k - 1];
      if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
      if (c != want) return 0;
      k -= 1;
    }
    m--;
  }
  return b - k;
}

static int lower_eq(const char *t, size_t a, size_t b, const char *w)
{
  size_t i, L = strlen(w);
  if (b - a != L) return 0;
  for (i = 0; i < L; i++) {
    char c = t[a + i];
    if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
    if (c != w[i]) return 0;
  }
  return 1;
}

/* Whole-word contractions written without apostrophe, split at a fixed place. */
static const struct { const char *w; unsigned char at, len; } fused[] = {
  { "cannot", 3, 6 }, { "gonna", 3, 5 }, { "wanna", 3, 5 }, { "gotta", 3, 5 }, { "dont", 2, 4 },
  { "doesnt", 4, 6 }, { "didnt", 3, 5 }, { "cant", 2, 4 }, { "wont", 2, 4 }, { "isnt", 2, 4 },
  { "wasnt", 3, 5 }, { "arent", 3, 5 }, { "couldnt", 5, 7 }, { "wouldnt", 5, 7 }, { "shouldnt", 6, 8 },
  { "havent", 4, 6 }, { "hasnt", 3, 5 }, { "aint", 2, 4 }, { "lemme", 3, 5 }, { "gimme", 3, 5 },
};

size_t an_seg_split_words(const char *t, size_t a, size_t b, size_t cut[3])
{
  size_t L, i;
  int apos = 0;
  static const char *const clitics[] = { "n't", "'s", "'re", "'ve", "'ll", "'d", "'m", NULL };
  for (i = a; i < b; i++)
    if (t[i] == '\'' || (t[i] == (char)0xE2 && i + 2 < b && t[i + 1] == (char)0x80 && t[i + 2] == (char)0x99)) {
      apos = 1;
      break;
    }
  if (!apos) {
    if (b - a < 4 || b - a > 8) return 0;
    for (i = 0; i < sizeof fused / sizeof fused[0]; i++)
      if (fused[i].len == b - a && lower_eq(t, a, b, fused[i].w)) { cut[0] = a + fused[i].at; return 1; }
    return 0;
  }
  for (i = 0; clitics[i]; i++) {
    L = ends_with_clitic(t, a, b, clitics[i]);
    if (L && b - L > a) {
      size_t n = 0;
      cut[n++] = b - L;
      /* "it'sn't" is not English; but "y'all'd" is rare enough: one clitic */
      return n;
    }
  }
  /* possessive after a plural: parents' -> parents ' */
  L = ends_with_clitic(t, a, b, "'");
  if (L && b - L > a + 1 && (t[b - L - 1] == 's' || t[b - L - 1] == 'S')) { cut[0] = b - L; return 1; }
  return 0;
}

int an_seg_push(an_seg *g, uint32_t start, uint32_t end, int kind)
{
  if (an_mem_grow(g->mem, (void **)&g->tok, &g->cap_tok, g->n_tok + 1, sizeof *g->tok)) return -1;
  g->tok[g->n_tok++] = (an_stok){ start, end, (uint8_t)kind };
  return 0;
}
