/* utf8.c: strict UTF-8 decoding. Anything that is not well-formed UTF-8
** (stray continuation bytes, truncated sequences, overlongs, surrogates, > U+10FFFF)
** decodes as U+FFFD consuming one byte, so every byte is accounted for. */
#include "annals_int.h"

int32_t an_utf8_decode(const unsigned char *s, size_t n, int *len, int *bad)
{
  unsigned c = s[0];
  int need, i;
  int32_t cp, min;
  *bad = 0;
  if (c < 0x80) { *len = 1; return (int32_t)c; }
  if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; min = 0x80; }
  else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07; min = 0x10000; }
  else goto invalid;
  if ((size_t)need >= n) goto invalid;
  for (i = 1; i <= need; i++) {
    if ((s[i] & 0xC0) != 0x80) goto invalid;
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) goto invalid;
  *len = need + 1;
  return cp;
invalid:
  *len = 1;
  *bad = 1;
  return 0xFFFD;
}

int an_utf8_encode(int32_t cp, char *out)
{
  unsigned u = (unsigned)cp;
  if (u < 0x80) { out[0] = (char)u; return 1; }
  if (u < 0x800) { out[0] = (char)(0xC0 | (u >> 6)); out[1] = (char)(0x80 | (u & 0x3F)); return 2; }
  if (u < 0x10000) {
    out[0] = (char)(0xE0 | (u >> 12)); out[1] = (char)(0x80 | ((u >> 6) & 0x3F));
    out[2] = (char)(0x80 | (u & 0x3F)); return 3;
  }
  out[0] = (char)(0xF0 | (u >> 18)); out[1] = (char)(0x80 | ((u >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((u >> 6) & 0x3F)); out[3] = (char)(0x80 | (u & 0x3F));
  return 4;
}

size_t an_utf8_sanitize(an_buf *b, const char *src, size_t n)
{
  const unsigned char *s = (const unsigned char *)src;
  size_t i = 0, start = 0, replaced = 0;
  while (i < n) {
    int len, bad;
    if (s[i] < 0x80) { i++; continue; }
    an_utf8_decode(s + i, n - i, &len, &bad);
    if (!bad) { i += (size_t)len; continue; }
    an_buf_put(b, src + start, i - start);
    an_buf_put(b, "\xEF\xBF\xBD", 3);
    replaced++;
    i++;
    start = i;
  }
  an_buf_put(b, src + start, n - start);
  return replaced;
}
