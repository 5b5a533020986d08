/* layout.c: recognizes the furniture of a news page that is not article prose:
** headlines, bylines and photo credits. Works on raw bytes of one paragraph, so
** the reader (article boundaries) and the segmenter (sentence flags) agree. */
#include "segment_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static int starts_ci(const char *s, size_t n, const char *lit)
{
  size_t L = strlen(lit);
  return n >= L && strncasecmp(s, lit, L) == 0;
}

static void trim(const char **s, size_t *n)
{
  while (*n && isspace((unsigned char)**s)) { (*s)++; (*n)--; }
  while (*n && isspace((unsigned char)(*s)[*n - 1])) (*n)--;
}

int an_layout_is_credit(const char *s, size_t n)
{
  static const char *const lead[] = {
    "photo:", "photo by", "photos:", "photos by", "photograph:", "photograph by", "image:",
    "images:", "picture:", "pictured:", "credit:", "credits:", "file photo", "(photo", "[photo",
    "video:", "graphic:", "illustration:", "reuters/", "afp photo", "ap photo", "getty images",
    "photo credit", "caption:", "(file photo", "source: reuters", NULL
  };
  size_t i;
  trim(&s, &n);
  if (n == 0 || n > 240) return 0;
  for (i = 0; lead[i]; i++)
    if (starts_ci(s, n, lead[i])) return 1;
  return 0;
}

int an_layout_is_byline(const char *s, size_t n)
{
  static const char *const lead[] = {
    "reporting by", "(reporting by", "additional reporting by", "(additional reporting by",
    "editing by", "(editing by", "writing by", "(writing by", "compiled by", "written by",
    "-- reporting by", NULL
  };
  size_t i, words = 0, caps = 0;
  trim(&s, &n);
  if (n == 0 || n > 300) return 0;
  for (i = 0; lead[i]; i++)
    if (starts_ci(s, n, lead[i])) return 1;
  if (!(starts_ci(s, n, "by ") && n <= 90)) return 0;
  /* "By Jane Doe and John Roe" / "By JANE DOE, Associated Press": names, no clause */
  if (memchr(s, '.', n) && s[n - 1] == '.') return 0;
  for (i = 3; i < n;) {
    while (i < n && (s[i] == ' ' || s[i] == ',')) i++;
    if (i >= n) break;
    words++;
    if (isupper((unsigned char)s[i])) caps++;
    else if (!(starts_ci(s + i, n - i, "and ") || starts_ci(s + i, n - i, "in ") ||
               starts_ci(s + i, n - i, "of ")))
      return 0;
    while (i < n && s[i] != ' ' && s[i] != ',') i++;
  }
  return words >= 1 && words <= 10 && caps >= 1;
}

int an_layout_is_headline(const char *s, size_t n)
{
  size_t i, words = 0, capwords = 0, longwords = 0, letters = 0, upper = 0;
  char last;
  trim(&s, &n);
  if (n == 0 || n > 160 || memchr(s, '\n', n)) return 0;
  last = s[n - 1];
  if (last == '.' || last == ',' || last == ';' || last == ':' || last == '-') return 0;
  if (an_layout_is_byline(s, n) || an_layout_is_credit(s, n)) return 0;
  for (i = 0; i < n;) {
    size_t w0, len = 0;
    while (i < n && s[i] == ' ') i++;
    if (i >= n) break;
    w0 = i;
    while (i < n && s[i] != ' ') {
      unsigned char c = (unsigned char)s[i];
      if (isalpha(c)) { letters++; if (isupper(c)) upper++; len++; }
      i++;
    }
    words++;
    if (len >= 4) {
      longwords++;
      if (isupper((unsigned char)s[w0]) || s[w0] == '"' || (unsigned char)s[w0] >= 0x80) capwords++;
    }
    if (w0 == 0 && !(isupper((unsigned char)s[0]) || isdigit((unsigned char)s[0]) ||
                     s[0] == '"' || s[0] == '\'' || (unsigned char)s[0] >= 0x80))
      return 0;
  }
  if (words == 0 || words > 20 || letters < 3) return 0;
  if (upper * 10 >= letters * 8) return 1;                   /* ALL CAPS */
  return longwords > 0 && capwords * 10 >= longwords * 7 && words <= 16;   /* Title Case */
}
