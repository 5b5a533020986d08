/* reader.c: streams stories out of plain text pages, JSONL and PETRARCH XML, from a
** file or stdin, plain or gzip (detected from the magic bytes; zlib's inflate, fed by
** read(2) so a pipe yields stories as they arrive). Memory stays bounded: a story is
** at most one paragraph (text), one line (JSONL) or one <Sentence> record (XML).
** Bad input is never fatal and never silent: a malformed record is reported as
** "file:line: problem" through log_fn, counted, and skipped; reading goes on. */
#include "segment_int.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <jansson.h>
#include <libxml/xmlreader.h>
#include <zlib.h>

#define RBUF (64 * 1024)

struct annals_reader {
  an_mem mem;
  void (*log_fn)(void *ud, int level, const char *msg);
  void *ud;
  char *name;
  int fd;                        /* -1 when closed or reading from memory */
  int gzip;                      /* input is gzip: inflate zin into rb */
  z_stream zs;
  unsigned char *zin;            /* compressed input buffer (gzip only) */
  int zin_eof, zs_ready;
  const char *mem_data;          /* or: reading from memory */
  size_t mem_len, mem_pos;
  int is_mem;
  annals_format fmt;
  annals_reader_stats st;
  an_err err;
  int eof;

  /* raw input */
  char *rb; size_t rb_pos, rb_len;
  uint64_t consumed;             /* bytes handed out of rb so far */
  unsigned long line;            /* current line number (1-based) */

  an_buf line_buf;               /* the line being assembled */
  an_buf text;                   /* the story's text */
  an_buf fields;                 /* id, title, ... back to back */
  annals_story story;

  /* plain text */
  unsigned long paragraph, article;
  an_buf title;
  int pending_line;              /* line_buf holds an unconsumed line */
  uint64_t pending_off; unsigned long pending_lineno;
  int new_article;
};

static void report(annals_reader *r, int level, unsigned long line, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 4, 5)))
#endif
  ;

static void report(annals_reader *r, int level, unsigned long line, const char *fmt, ...)
{
  char msg[1200];
  int n;
  va_list ap;
  if (!r->log_fn) return;
  n = snprintf(msg, sizeof msg, "%s:%lu: ", r->name, line);
  if (n < 0) return;
  va_start(ap, fmt);
  vsnprintf(msg + n, sizeof msg - (size_t)n, fmt, ap);
  va_end(ap);
  r->log_fn(r->ud, level, msg);
}

/* ---- raw input ---- */

static int read_some(annals_reader *r, void *buf, size_t cap)
{
  for (;;) {
    ssize_t n = read(r->fd, buf, cap);
    if (n >= 0) return (int)n;
    if (errno == EINTR) continue;
    an_err_set(&r->err, ANNALS_EIO, "%s: read error: %s", r->name, strerror(errno));
    return -1;
  }
}

/* Inflate into rb whatever the input available allows (at least one byte, unless
** at the end). Concatenated gzip members are read one after the other. */
static int inflate_some(annals_reader *r)
{
  for (;;) {
    int ret;
    if (r->zs.avail_in == 0 && !r->zin_eof) {
      int n = read_some(r, r->zin, RBUF);
      if (n < 0) return -1;
      if (n == 0) r->zin_eof = 1;
      r->zs.next_in = r->zin;
      r->zs.avail_in = (uInt)n;
    }
    if (r->zs.avail_in == 0 && r->zin_eof) {
      if (r->zs_ready == 2) return 0;                   /* clean end after a member */
      report(r, ANNALS_LOG_WARN, r->line + 1, "gzip stream ends early (truncated file?)");
      return 0;
    }
    if (r->zs_ready == 2) { inflateReset(&r->zs); r->zs_ready = 1; }  /* next member */
    r->zs.next_out = (unsigned char *)r->rb;
    r->zs.avail_out = RBUF;
    ret = inflate(&r->zs, Z_NO_FLUSH);
    if (ret == Z_STREAM_END) r->zs_ready = 2;
    else if (ret != Z_OK && ret != Z_BUF_ERROR) {
      an_err_set(&r->err, ANNALS_EIO, "%s: corrupt gzip data after %llu bytes: %s", r->name,
                 (unsigned long long)r->st.bytes, r->zs.msg ? r->zs.msg : "inflate error");
      return -1;
    }
    if (RBUF - r->zs.avail_out > 0) return (int)(RBUF - r->zs.avail_out);
  }
}

/* Look at the first bytes: gzip magic switches to inflate; else they are the first
** chunk of plain input. */
static annals_status start_input(annals_reader *r)
{
  size_t got = 0;
  while (got < 2) {
    int n = read_some(r, r->rb + got, RBUF - got);
    if (n < 0) return r->err.rc;
    if (n == 0) break;
    got += (size_t)n;
  }
  if (got >= 2 && (unsigned char)r->rb[0] == 0x1f && (unsigned char)r->rb[1] == 0x8b) {
    r->zin = an_mem_alloc(&r->mem, RBUF);
    if (!r->zin) return an_err_set(&r->err, ANNALS_ENOMEM, "out of memory");
    memcpy(r->zin, r->rb, got);
    memset(&r->zs, 0, sizeof r->zs);
    if (inflateInit2(&r->zs, 15 + 16) != Z_OK) return an_err_set(&r->err, ANNALS_ENOMEM, "out of memory (zlib)");
    r->zs_ready = 1;
    r->zs.next_in = r->zin;
    r->zs.avail_in = (uInt)got;
    r->gzip = 1;
    return ANNALS_OK;
  }
  r->rb_pos = 0;
  r->rb_len = got;
  r->st.bytes += got;
  if (got == 0) r->eof = 1;
  return ANNALS_OK;
}

static int fill(annals_reader *r)
{
  int n;
  if (r->eof) return 0;
  if (r->is_mem) {
    size_t k = r->mem_len - r->mem_pos < RBUF ? r->mem_len - r->mem_pos : RBUF;
    if (k == 0) { r->eof = 1; return 0; }
    memcpy(r->rb, r->mem_data + r->mem_pos, k);
    r->mem_pos += k;
    r->rb_pos = 0;
    r->rb_len = k;
    r->st.bytes += k;
    return (int)k;
  }
  n = r->gzip ? inflate_some(r) : read_some(r, r->rb, RBUF);
  if (n < 0) return -1;
  if (n == 0) { r->eof = 1; return 0; }
  r->rb_pos = 0;
  r->rb_len = (size_t)n;
  r->st.bytes += (uint64_t)n;
  return n;
}

/* Read the next line into line_buf (without its '\n'). Returns 1 when a line was
** read, 0 at end of input, -1 on error. A line longer than limit is truncated:
** *overflow is set and the rest of it is discarded. */
static int read_line(annals_reader *r, size_t limit, int *overflow, uint64_t *start_off)
{
  int got = 0;
  *overflow = 0;
  an_buf_clear(&r->line_buf);
  *start_off = r->consumed;
  for (;;) {
    char *nl;
    size_t avail, take;
    if (r->rb_pos >= r->rb_len) {
      int n = fill(r);
      if (n < 0) return -1;
      if (n == 0) {
        if (got) r->line++;
        return got;
      }
    }
    got = 1;
    avail = r->rb_len - r->rb_pos;
    nl = memchr(r->rb + r->rb_pos, '\n', avail);
    take = nl ? (size_t)(nl - (r->rb + r->rb_pos)) : avail;
    if (r->line_buf.n + take > limit) {
      size_t room = limit > r->line_buf.n ? limit - r->line_buf.n : 0;
      if (room && an_buf_put(&r->line_buf, r->rb + r->rb_pos, room)) goto nomem;
      *overflow = 1;
    } else if (!*overflow && an_buf_put(&r->line_buf, r->rb + r->rb_pos, take)) {
      goto nomem;
    }
    r->rb_pos += take + (nl ? 1 : 0);
    r->consumed += take + (nl ? 1 : 0);
    if (nl) { r->line++; return 1; }
  }
nomem:
  an_err_set(&r->err, ANNALS_ENOMEM, "out of memory");
  return -1;
}

/* ---- story fields ---- */

static void story_clear(annals_reader *r)
{
  memset(&r->story, 0, sizeof r->story);
  an_buf_clear(&r->fields);
  an_buf_clear(&r->text);
  r->story.file = r->name;
}

/* Copy s (n bytes) into the fields buffer as a sanitized NUL-terminated string and
** return its offset. Offsets, not pointers: the buffer may move while filling. */
static size_t field_add(annals_reader *r, const char *s, size_t n)
{
  size_t at = r->fields.n;
  r->st.bad_utf8 += an_utf8_sanitize(&r->fields, s, n);
  an_buf_putc(&r->fields, '\0');
  return at;
}

typedef struct field_offs { size_t id, date, title, url, source, category; } field_offs;

/* An id made from the input name: "FILE" + sep + n ("news.txt:p3", "a.jsonl:17"). */
static size_t field_add_name_id(annals_reader *r, const char *sep, unsigned long n)
{
  char tail[48];
  size_t at = r->fields.n;
  snprintf(tail, sizeof tail, "%s%lu", sep, n);
  an_buf_puts(&r->fields, r->name);
  an_buf_puts(&r->fields, tail);
  an_buf_putc(&r->fields, '\0');
  return at;
}

static void story_finish(annals_reader *r, const field_offs *o)
{
  const char *base = r->fields.p ? r->fields.p : "";
  r->story.id = base + o->id;
  r->story.date = base + o->date;
  r->story.title = base + o->title;
  r->story.url = base + o->url;
  r->story.source = base + o->source;
  r->story.category = base + o->category;
  if (!r->text.p) an_buf_put(&r->text, "", 0);
  r->story.text = r->text.p;
  r->story.text_len = r->text.n;
  r->st.stories++;
}

static size_t count_controls(const char *s, size_t n)
{
  size_t i, c = 0;
  for (i = 0; i < n; i++) {
    unsigned char ch = (unsigned char)s[i];
    if ((ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') || ch == 0x7F) c++;
  }
  return c;
}

static size_t count_bad_utf8(const char *s, size_t n)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t i = 0, bad_n = 0;
  while (i < n) {
    int len, bad;
    if (p[i] < 0x80) { i++; continue; }
    an_utf8_decode(p + i, n - i, &len, &bad);
    bad_n += (size_t)bad;
    i += (size_t)len;
  }
  return bad_n;
}

/* ---- plain text ---- */

static int blank(const char *s, size_t n)
{
  size_t i;
  for (i = 0; i < n; i++)
    if (!(s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\f' || s[i] == '\v')) return 0;
  return 1;
}

/* "-----", "=====", "* * *", "###": an article separator */
static int separator(const char *s, size_t n)
{
  size_t i, marks = 0;
  for (i = 0; i < n; i++) {
    if (s[i] == '-' || s[i] == '=' || s[i] == '*' || s[i] == '#' || s[i] == '_' || s[i] == '~') marks++;
    else if (!(s[i] == ' ' || s[i] == '\t' || s[i] == '\r')) return 0;
  }
  return marks >= 3;
}

static annals_status next_text(annals_reader *r, const annals_story **out)
{
  field_offs o;
  uint64_t par_off = 0, off;
  unsigned long par_line = 0;
  int ov, rc, starts_article = 0;
  story_clear(r);
  for (;;) {
    if (r->pending_line) {
      r->pending_line = 0;
      off = r->pending_off;
      rc = 1;
      ov = 0;
    } else {
      rc = read_line(r, ANNALS_MAX_PARAGRAPH, &ov, &off);
      if (rc < 0) return r->err.rc;
      if (ov) report(r, ANNALS_LOG_WARN, r->line, "line longer than %u bytes: cut there", ANNALS_MAX_PARAGRAPH);
    }
    if (rc == 0) break;
    if (blank(r->line_buf.p, r->line_buf.n) || separator(r->line_buf.p, r->line_buf.n) ||
        memchr(r->line_buf.p, '\f', r->line_buf.n)) {
      if (separator(r->line_buf.p, r->line_buf.n) || memchr(r->line_buf.p, '\f', r->line_buf.n))
        r->new_article = 1;
      if (r->text.n) break;
      continue;
    }
    if (r->text.n && r->text.n + 1 + r->line_buf.n > ANNALS_MAX_PARAGRAPH) {
      /* paragraph too long: hand out what we have, keep this line for the next story */
      r->pending_line = 1;
      r->pending_off = off;
      r->story.flags |= ANNALS_STORY_CUT;
      r->st.cut++;
      report(r, ANNALS_LOG_WARN, par_line, "paragraph longer than %u bytes: split", ANNALS_MAX_PARAGRAPH);
      break;
    }
    if (!r->text.n) {
      par_off = off;
      par_line = r->line;
      starts_article = r->new_article;
      r->new_article = 0;
    }
    else if (an_buf_putc(&r->text, '\n')) goto nomem;
    if (an_buf_put(&r->text, r->line_buf.p, r->line_buf.n)) goto nomem;
  }
  if (!r->text.n) { *out = NULL; return ANNALS_OK; }
  r->paragraph++;
  r->st.control_chars += count_controls(r->text.p, r->text.n);
  r->st.bad_utf8 += count_bad_utf8(r->text.p, r->text.n);
  /* an article starts at the file's start, after a separator, and at a headline */
  if (r->paragraph == 1 || starts_article || an_layout_is_headline(r->text.p, r->text.n)) {
    if (r->paragraph > 1) r->article++;
    r->story.flags |= ANNALS_STORY_NEW_ARTICLE;
    an_buf_clear(&r->title);
    if (an_layout_is_headline(r->text.p, r->text.n))
      (void)an_utf8_sanitize(&r->title, r->text.p, r->text.n);  /* counted with the text */
  }
  o.id = field_add_name_id(r, ":p", r->paragraph);
  o.date = o.url = o.source = o.category = field_add(r, "", 0);
  o.title = field_add(r, r->title.p ? r->title.p : "", r->title.n);
  if (r->mem.failed) goto nomem;
  story_finish(r, &o);
  r->story.text_offset = par_off;
  r->story.line = par_line;
  r->story.article = r->article;
  r->story.paragraph = r->paragraph;
  *out = &r->story;
  return ANNALS_OK;
nomem:
  return an_err_set(&r->err, ANNALS_ENOMEM, "out of memory");
}

/* ---- JSONL ---- */

/* ISO date: YYYY-MM-DD, optionally followed by T or a blank and a time; or YYYYMMDD. */
static int iso_date_ok(const char *s)
{
  size_t n = strlen(s), i;
  int y, m, d;
  if (n == 8) {
    for (i = 0; i < 8; i++) if (s[i] < '0' || s[i] > '9') return 0;
    y = (s[0]-'0')*1000 + (s[1]-'0')*100 + (s[2]-'0')*10 + (s[3]-'0');
    m = (s[4]-'0')*10 + (s[5]-'0'); d = (s[6]-'0')*10 + (s[7]-'0');
  } else {
    if (n < 10 || s[4] != '-' || s[7] != '-') return 0;
    for (i = 0; i < 10; i++) if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9')) return 0;
    if (n > 10 && s[10] != 'T' && s[10] != ' ') return 0;
    y = (s[0]-'0')*1000 + (s[1]-'0')*100 + (s[2]-'0')*10 + (s[3]-'0');
    m = (s[5]-'0')*10 + (s[6]-'0'); d = (s[8]-'0')*10 + (s[9]-'0');
  }
  (void)y;
  return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* A member as a string: strings as they are, numbers printed, else NULL. */
static const char *json_member(json_t *obj, const char *key, size_t *len, char *num, size_t numcap)
{
  json_t *v = json_object_get(obj, key);
  if (!v || json_is_null(v)) return NULL;
  if (json_is_string(v)) { *len = json_string_length(v); return json_string_value(v); }
  if (json_is_integer(v)) {
    *len = (size_t)snprintf(num, numcap, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return num;
  }
  if (json_is_real(v)) { *len = (size_t)snprintf(num, numcap, "%.17g", json_real_value(v)); return num; }
  *len = 0;                      /* objects, arrays, booleans: not a usable value */
  return "";
}

static annals_status next_jsonl(annals_reader *r, const annals_story **out)
{
  for (;;) {
    int ov, rc;
    uint64_t off;
    unsigned long line;
    json_t *obj;
    json_error_t jerr;
    const char *v;
    size_t len = 0;
    char num[64];
    field_offs o;
    rc = read_line(r, ANNALS_MAX_RECORD, &ov, &off);
    if (rc < 0) return r->err.rc;
    if (rc == 0) { *out = NULL; return ANNALS_OK; }
    line = r->line;
    if (ov) {
      r->st.bad_records++;
      report(r, ANNALS_LOG_ERROR, line, "JSON line longer than %u bytes: skipped", ANNALS_MAX_RECORD);
      continue;
    }
    if (blank(r->line_buf.p, r->line_buf.n)) continue;
    /* jansson refuses invalid UTF-8: replace it first, so the story is kept */
    story_clear(r);
    {
      size_t bad = count_bad_utf8(r->line_buf.p, r->line_buf.n);
      if (bad) {
        an_buf_clear(&r->text);
        an_utf8_sanitize(&r->text, r->line_buf.p, r->line_buf.n);
        r->st.bad_utf8 += bad;
        report(r, ANNALS_LOG_WARN, line, "%zu invalid UTF-8 sequence%s replaced by U+FFFD", bad,
               bad == 1 ? "" : "s");
        obj = json_loadb(r->text.p, r->text.n, JSON_ALLOW_NUL, &jerr);
        an_buf_clear(&r->text);
      } else {
        obj = json_loadb(r->line_buf.p, r->line_buf.n, JSON_ALLOW_NUL, &jerr);
      }
    }
    if (!obj) {
      r->st.bad_records++;
      report(r, ANNALS_LOG_ERROR, line, "malformed JSON (column %d): %s; line skipped", jerr.column, jerr.text);
      continue;
    }
    if (!json_is_object(obj)) {
      r->st.bad_records++;
      report(r, ANNALS_LOG_ERROR, line, "JSON value is not an object; line skipped");
      json_decref(obj);
      continue;
    }
    v = json_member(obj, "text", &len, num, sizeof num);
    if (!v || !json_is_string(json_object_get(obj, "text"))) {
      r->st.bad_records++;
      report(r, ANNALS_LOG_ERROR, line, "story has no \"text\" string; line skipped");
      json_decref(obj);
      continue;
    }
    if (an_buf_put(&r->text, v, len)) { json_decref(obj); goto nomem; }
    r->st.control_chars += count_controls(v, len);
    if ((v = json_member(obj, "id", &len, num, sizeof num)) != NULL && len) o.id = field_add(r, v, len);
    else o.id = field_add_name_id(r, ":", line);
#define FIELD(slot, key) \
    do { v = json_member(obj, key, &len, num, sizeof num); o.slot = field_add(r, v ? v : "", v ? len : 0); } while (0)
    FIELD(date, "date");
    FIELD(title, "title");
    FIELD(url, "url");
    FIELD(source, "source");
    FIELD(category, "category");
#undef FIELD
    json_decref(obj);
    if (r->mem.failed) goto nomem;
    story_finish(r, &o);
    if (*r->story.date && !iso_date_ok(r->story.date))
      report(r, ANNALS_LOG_WARN, line, "story %s: date \"%s\" is not an ISO date; kept as given",
             r->story.id, r->story.date);
    r->story.line = line;
    *out = &r->story;
    return ANNALS_OK;
  }
nomem:
  return an_err_set(&r->err, ANNALS_ENOMEM, "out of memory");
}

/* ---- PETRARCH XML ----
** The stream is cut into <Sentence ...>...</Sentence> records by a small scanner
** (comments skipped), and each record is parsed on its own by libxml2's streaming
** reader in recover mode: a broken record cannot take its neighbours down. */

typedef struct xml_ctx { annals_reader *r; unsigned long line0; int errors; } xml_ctx;

static void xml_error(void *arg, const char *msg, xmlParserSeverities sev, xmlTextReaderLocatorPtr loc)
{
  xml_ctx *x = arg;
  char m[512];
  size_t n;
  int ln = xmlTextReaderLocatorLineNumber(loc);
  snprintf(m, sizeof m, "%s", msg);
  n = strlen(m);
  while (n && (m[n - 1] == '\n' || m[n - 1] == ' ')) m[--n] = '\0';
  x->errors++;
  if (x->errors <= 3)
    report(x->r, sev == XML_PARSER_SEVERITY_WARNING || sev == XML_PARSER_SEVERITY_VALIDITY_WARNING
                     ? ANNALS_LOG_WARN : ANNALS_LOG_WARN,
           x->line0 + (unsigned long)(ln > 0 ? ln - 1 : 0), "XML: %s", m);
}

/* Read raw bytes up to and including the next "</Sentence>" after a "<Sentence"
** start into line_buf (the record). Returns 1, 0 at end, -1 on error. */
static int next_record(annals_reader *r, unsigned long *start_line, int *oversize)
{
  /* states: look for "<Sentence" + (space|>) outside comments, then for "</Sentence>" */
  static const char open_tag[] = "<Sentence";
  static const char close_tag[] = "</Sentence>";
  size_t match = 0, cmatch = 0;
  int in_rec = 0, in_comment = 0;
  size_t com = 0;                       /* progress through "<!--" or "-->" */
  *oversize = 0;
  an_buf_clear(&r->line_buf);
  for (;;) {
    char c;
    if (r->rb_pos >= r->rb_len) {
      int n = fill(r);
      if (n < 0) return -1;
      if (n == 0) {
        if (in_rec) {
          r->st.bad_records++;
          report(r, ANNALS_LOG_ERROR, *start_line, "<Sentence> record not closed before the end of input; skipped");
        }
        return 0;
      }
    }
    c = r->rb[r->rb_pos++];
    r->consumed++;
    if (c == '\n') r->line++;
    if (in_comment) {
      if (c == '-' && com < 2) com++;
      else if (c == '>' && com == 2) { in_comment = 0; com = 0; }
      else com = c == '-' ? com : 0;
      if (in_rec && !*oversize && an_buf_putc(&r->line_buf, c)) return -1;
      continue;
    }
    if (!in_rec) {
      if (match == sizeof open_tag - 1) {
        if (c == ' ' || c == '>' || c == '\t' || c == '\n' || c == '\r' || c == '/') {
          in_rec = 1;
          *start_line = r->line + 1 - (c == '\n' ? 1 : 0);
          if (an_buf_put(&r->line_buf, open_tag, sizeof open_tag - 1) || an_buf_putc(&r->line_buf, c))
            return -1;
          match = 0;
          continue;
        }
        match = 0;
      }
      if (c == open_tag[match]) match++;
      else if (match == 1 && c == '!') { in_comment = 1; com = 0; match = 0; }
      else match = c == '<' ? 1 : 0;
      continue;
    }
    if (!*oversize) {
      if (r->line_buf.n >= ANNALS_MAX_RECORD) *oversize = 1;
      else if (an_buf_putc(&r->line_buf, c)) return -1;
    }
    if (c == close_tag[cmatch]) {
      if (++cmatch == sizeof close_tag - 1) return 1;
    } else {
      cmatch = c == '<' ? 1 : 0;
    }
  }
}

/* When libxml2 cannot recover a record (mismatched tags inside <Text>), read it by
** hand: the bytes between <Text> and </Text>, tags dropped, entities decoded. */
static void decode_entities(an_buf *out, const char *s, size_t n)
{
  size_t i = 0;
  while (i < n) {
    if (s[i] == '<') {                               /* drop markup */
      while (i < n && s[i] != '>') i++;
      i++;
      continue;
    }
    if (s[i] == '&') {
      static const struct { const char *e; char c; } ent[] = {
        { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&apos;", '\'' } };
      size_t k;
      for (k = 0; k < sizeof ent / sizeof ent[0]; k++) {
        size_t L = strlen(ent[k].e);
        if (n - i >= L && !memcmp(s + i, ent[k].e, L)) { an_buf_putc(out, ent[k].c); i += L; break; }
      }
      if (k < sizeof ent / sizeof ent[0]) continue;
    }
    an_buf_putc(out, s[i++]);
  }
}

static int raw_text(const char *rec, size_t n, an_buf *out)
{
  const char *a = NULL, *b = NULL;
  size_t i;
  for (i = 0; i + 6 <= n; i++)
    if (!memcmp(rec + i, "<Text>", 6)) { a = rec + i + 6; break; }
  if (!a) return 0;
  for (i = (size_t)(a - rec); i + 7 <= n; i++)
    if (!memcmp(rec + i, "</Text>", 7)) { b = rec + i; break; }
  if (!b) return 0;
  decode_entities(out, a, (size_t)(b - a));
  return 1;
}

/* attribute name="value" of the record's opening tag, by hand; "" when absent */
static char *raw_attr(const char *rec, size_t n, const char *name)
{
  size_t i, L = strlen(name), end;
  const char *gt = memchr(rec, '>', n);
  end = gt ? (size_t)(gt - rec) : n;
  for (i = 1; i + L + 2 < end; i++) {
    if ((rec[i - 1] == ' ' || rec[i - 1] == '\t' || rec[i - 1] == '\n') && !memcmp(rec + i, name, L)) {
      size_t j = i + L;
      while (j < end && rec[j] == ' ') j++;
      if (j < end && rec[j] == '=') {
        size_t v;
        j++;
        while (j < end && rec[j] == ' ') j++;
        if (j < end && (rec[j] == '"' || rec[j] == '\'')) {
          char q = rec[j++];
          v = j;
          while (j < end && rec[j] != q) j++;
          {
            char *out = (char *)xmlMalloc(j - v + 1);
            if (!out) return NULL;
            memcpy(out, rec + v, j - v);
            out[j - v] = '\0';
            return out;
          }
        }
      }
    }
  }
  return NULL;
}

static const char *xml_attr(xmlTextReaderPtr xr, const char *name, char **hold)
{
  if (*hold) xmlFree(*hold);     /* a recovered record may repeat the element */
  *hold = (char *)xmlTextReaderGetAttribute(xr, (const xmlChar *)name);
  return *hold ? *hold : "";
}

static annals_status next_xml(annals_reader *r, const annals_story **out)
{
  for (;;) {
    unsigned long line0 = r->line;
    int oversize = 0, rc, have_text = 0, ret;
    size_t i;
    xmlTextReaderPtr xr;
    xml_ctx x;
    field_offs o;
    char *a_id = NULL, *a_date = NULL, *a_src = NULL, *a_cat = NULL;
    rc = next_record(r, &line0, &oversize);
    if (rc < 0) return r->err.rc ? r->err.rc : an_err_set(&r->err, ANNALS_ENOMEM, "out of memory");
    if (rc == 0) { *out = NULL; return ANNALS_OK; }
    if (oversize) {
      r->st.bad_records++;
      report(r, ANNALS_LOG_ERROR, line0, "<Sentence> record longer than %u bytes; skipped", ANNALS_MAX_RECORD);
      continue;
    }
    /* XML 1.0 forbids most control characters and invalid UTF-8: replace them */
    {
      size_t bad = count_bad_utf8(r->line_buf.p, r->line_buf.n);
      size_t ctl = count_controls(r->line_buf.p, r->line_buf.n);
      if (bad) {
        an_buf_clear(&r->text);
        an_utf8_sanitize(&r->text, r->line_buf.p, r->line_buf.n);
        an_buf_clear(&r->line_buf);
        an_buf_put(&r->line_buf, r->text.p, r->text.n);
        r->st.bad_utf8 += bad;
        report(r, ANNALS_LOG_WARN, line0, "%zu invalid UTF-8 sequence%s replaced by U+FFFD", bad, bad == 1 ? "" : "s");
      }
      if (ctl) {
        for (i = 0; i < r->line_buf.n; i++) {
          unsigned char ch = (unsigned char)r->line_buf.p[i];
          if ((ch < 0x20 && ch != '\n' && ch != '\t' && ch != '\r') || ch == 0x7F) r->line_buf.p[i] = ' ';
        }
        r->st.control_chars += ctl;
        report(r, ANNALS_LOG_WARN, line0, "%zu control character%s replaced by spaces", ctl, ctl == 1 ? "" : "s");
      }
      if (r->mem.failed) return an_err_set(&r->err, ANNALS_ENOMEM, "out of memory");
    }
    story_clear(r);
    xr = xmlReaderForMemory(r->line_buf.p, (int)r->line_buf.n, NULL, "UTF-8",
                            XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!xr) return an_err_set(&r->err, ANNALS_ENOMEM, "out of memory (XML reader)");
    x.r = r; x.line0 = line0; x.errors = 0;
    xmlTextReaderSetErrorHandler(xr, xml_error, &x);
    while ((ret = xmlTextReaderRead(xr)) == 1) {
      const char *nm = (const char *)xmlTextReaderConstLocalName(xr);
      if (xmlTextReaderNodeType(xr) != XML_READER_TYPE_ELEMENT || !nm) continue;
      if (!strcmp(nm, "Sentence") && xmlTextReaderDepth(xr) == 0) {
        xml_attr(xr, "id", &a_id);
        xml_attr(xr, "date", &a_date);
        xml_attr(xr, "source", &a_src);
        xml_attr(xr, "category", &a_cat);
      } else if (!strcmp(nm, "Text") && !have_text) {
        xmlChar *t = xmlTextReaderReadString(xr);
        have_text = 1;
        if (t) { an_buf_puts(&r->text, (const char *)t); xmlFree(t); }
      }
    }
    xmlFreeTextReader(xr);
    if (!have_text && raw_text(r->line_buf.p, r->line_buf.n, &r->text)) {
      have_text = 1;
      x.errors++;
      if (!a_id) a_id = raw_attr(r->line_buf.p, r->line_buf.n, "id");
      if (!a_date) a_date = raw_attr(r->line_buf.p, r->line_buf.n, "date");
      if (!a_src) a_src = raw_attr(r->line_buf.p, r->line_buf.n, "source");
      if (!a_cat) a_cat = raw_attr(r->line_buf.p, r->line_buf.n, "category");
    }
    if (!have_text) {
      r->st.bad_records++;
      report(r, ANNALS_LOG_ERROR, line0, "<Sentence%s%s> has no readable <Text>; record skipped",
             a_id && *a_id ? " id=" : "", a_id ? a_id : "");
    } else {
      if (x.errors) report(r, ANNALS_LOG_WARN, line0, "record %s is malformed XML; recovered what could be read",
                           a_id && *a_id ? a_id : "(no id)");
      if (a_id && *a_id) o.id = field_add(r, a_id, strlen(a_id));
      else o.id = field_add_name_id(r, ":", line0);
      o.date = field_add(r, a_date ? a_date : "", a_date ? strlen(a_date) : 0);
      o.source = field_add(r, a_src ? a_src : "", a_src ? strlen(a_src) : 0);
      o.category = field_add(r, a_cat ? a_cat : "", a_cat ? strlen(a_cat) : 0);
      o.title = o.url = field_add(r, "", 0);
    }
    xmlFree(a_id); xmlFree(a_date); xmlFree(a_src); xmlFree(a_cat);
    if (r->mem.failed) return an_err_set(&r->err, ANNALS_ENOMEM, "out of memory");
    if (!have_text) continue;
    story_finish(r, &o);
    r->story.line = line0;
    r->story.flags |= ANNALS_STORY_SENTENCES;
    if (blank(r->story.text, r->story.text_len))
      report(r, ANNALS_LOG_WARN, line0, "record %s has an empty <Text>", r->story.id);
    *out = &r->story;
    return ANNALS_OK;
  }
}

/* ---- open / next / close ---- */

static annals_format sniff(annals_reader *r)
{
  size_t i;
  const char *dot = strrchr(r->name, '.');
  char ext[16] = "";
  if (dot) {
    const char *e = dot;
    if (!strcasecmp(dot, ".gz")) {       /* look at the extension before .gz */
      const char *p = dot;
      while (p > r->name && p[-1] != '.' && p[-1] != '/') p--;
      e = p > r->name && p[-1] == '.' ? p - 1 : NULL;
    }
    if (e) {
      for (i = 0; i + 1 < sizeof ext && e[i + 1] && e[i + 1] != '.'; i++)
        ext[i] = (char)((e[i + 1] >= 'A' && e[i + 1] <= 'Z') ? e[i + 1] + 32 : e[i + 1]);
      ext[i] = '\0';
    }
  }
  if (!strcmp(ext, "jsonl") || !strcmp(ext, "json") || !strcmp(ext, "ndjson")) return ANNALS_FMT_JSONL;
  if (!strcmp(ext, "xml")) return ANNALS_FMT_XML;
  if (!strcmp(ext, "txt") || !strcmp(ext, "text")) return ANNALS_FMT_TEXT;
  /* by content: the first non-blank byte */
  if (r->rb_pos >= r->rb_len && fill(r) < 0) return ANNALS_FMT_TEXT;
  for (i = r->rb_pos; i < r->rb_len; i++) {
    char c = r->rb[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    if (c == '{') return ANNALS_FMT_JSONL;
    if (c == '<') return ANNALS_FMT_XML;
    break;
  }
  /* UTF-8 byte order mark */
  if (r->rb_len - r->rb_pos >= 4 && !memcmp(r->rb + r->rb_pos, "\xEF\xBB\xBF", 3)) {
    if (r->rb[r->rb_pos + 3] == '{') return ANNALS_FMT_JSONL;
    if (r->rb[r->rb_pos + 3] == '<') return ANNALS_FMT_XML;
  }
  return ANNALS_FMT_TEXT;
}

static annals_reader *reader_new(const annals_config *cfg, const char *path)
{
  an_mem m;
  annals_reader *r;
  an_mem_init(&m, cfg ? cfg->realloc_fn : NULL, cfg ? cfg->ud : NULL);
  r = an_mem_calloc(&m, 1, sizeof *r);
  if (!r) return NULL;
  r->mem = m;
  if (cfg) { r->log_fn = cfg->log_fn; r->ud = cfg->ud; }
  an_buf_init(&r->line_buf, &r->mem);
  an_buf_init(&r->text, &r->mem);
  an_buf_init(&r->fields, &r->mem);
  an_buf_init(&r->title, &r->mem);
  r->new_article = 1;
  r->fd = -1;
  r->name = an_mem_strndup(&r->mem, path, strlen(path));
  r->rb = an_mem_alloc(&r->mem, RBUF);
  if (!r->name || !r->rb) { annals_reader_close(r); return NULL; }
  return r;
}

annals_status annals_reader_open_mem(const annals_config *cfg, const char *name, const char *data,
                                     size_t len, annals_format fmt, annals_reader **out)
{
  annals_reader *r;
  *out = NULL;
  if (!data && len) return ANNALS_EMISUSE;
  r = reader_new(cfg, name ? name : "(memory)");
  if (!r) return ANNALS_ENOMEM;
  r->is_mem = 1;
  r->mem_data = data;
  r->mem_len = len;
  r->fmt = fmt == ANNALS_FMT_AUTO ? sniff(r) : fmt;
  *out = r;
  return ANNALS_OK;
}

annals_status annals_reader_open(const annals_config *cfg, const char *path, annals_format fmt,
                                 annals_reader **out)
{
  annals_reader *r;
  int fd;
  *out = NULL;
  if (!path || !strcmp(path, "-")) path = "-";
  r = reader_new(cfg, path);
  if (!r) return ANNALS_ENOMEM;
  fd = strcmp(path, "-") ? open(path, O_RDONLY) : dup(0);
  if (fd < 0) {
    an_err_io(&r->err, path, errno);
    *out = r;                      /* so the caller can read the message */
    return ANNALS_EIO;
  }
  r->fd = fd;
  if (start_input(r) != ANNALS_OK) { *out = r; return r->err.rc; }
  r->fmt = fmt == ANNALS_FMT_AUTO ? sniff(r) : fmt;
  if (r->err.rc) { *out = r; return r->err.rc; }
  *out = r;
  return ANNALS_OK;
}

annals_status annals_reader_next(annals_reader *r, const annals_story **out)
{
  *out = NULL;
  if (!r || (r->fd < 0 && !r->is_mem)) return ANNALS_EMISUSE;
  if (r->err.rc) return r->err.rc;
  switch (r->fmt) {
  case ANNALS_FMT_JSONL: return next_jsonl(r, out);
  case ANNALS_FMT_XML: return next_xml(r, out);
  default: return next_text(r, out);
  }
}

const annals_reader_stats *annals_reader_stats_get(const annals_reader *r) { return &r->st; }
annals_format annals_reader_format(const annals_reader *r) { return r->fmt; }
const char *annals_reader_errmsg(const annals_reader *r) { return r ? r->err.msg : "no reader"; }

void annals_reader_close(annals_reader *r)
{
  an_mem m;
  if (!r) return;
  if (r->fd >= 0) close(r->fd);
  if (r->zs_ready) inflateEnd(&r->zs);
  if (r->zin) an_mem_free(&r->mem, r->zin, RBUF);
  an_buf_fini(&r->line_buf);
  an_buf_fini(&r->text);
  an_buf_fini(&r->fields);
  an_buf_fini(&r->title);
  m = r->mem;
  an_mem_free(&m, r->rb, RBUF);
  if (r->name) an_mem_free(&m, r->name, strlen(r->name) + 1);
  an_mem_free(&m, r, sizeof *r);
}
