/* output.c: event records as text, one line per event, in the formats annals writes:
** JSONL (the record of docs/event-record.md, version 1), CSV (the same fields flat,
** RFC 4180 quoting), GDELT 2.0 event table rows (61 tab-separated columns) and
** PETRARCH-style event lines. Ids are stable: the same input gives the same ids.
** Invariant: every line ends in '\n' and a story's lines are produced together, so a
** caller that writes them at once never leaves half a record. */
#include "doc_int.h"
#include "cameo.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* ---- actor codes taken apart (country, roles, known group...) ---- */

static int is_org_base(const char *c)
{
  return !strncmp(c, "IGO", 3) || !strncmp(c, "NGO", 3) || !strncmp(c, "IMG", 3) || !strncmp(c, "MNC", 3) ||
         !strncmp(c, "NGM", 3);
}

static int is_role3(const char *b)
{
  return strstr(" GOV MIL REB OPP SPY LEG JUD COP MED CVL LAB AGR BUS EDU ELI HLH HRI REF PTY INS SEP UAF CRM DEV"
                " ENV MOD RAD SET AMN IRC GRP PKO UIS ", (char[6]){ ' ', b[0], b[1], b[2], ' ', '\0' }) != NULL;
}

typedef struct parts { char country[8], group[8], eth[8], rel1[8], rel2[8], type[3][8]; char roles[32]; } parts;

static void split_code(const char *c, parts *p)
{
  size_t n = strlen(c), b;
  int nt = 0, nr = 0;
  memset(p, 0, sizeof *p);
  if (n < 3 || !strcmp(c, "---")) return;
  if (!is_org_base(c) && strncmp(c, "---", 3)) snprintf(p->country, sizeof p->country, "%.3s", c);
  for (b = (is_org_base(c) || !strncmp(c, "---", 3)) ? 0 : 3; b + 3 <= n; b += 3) {
    unsigned k = an_cameo_block_kinds(c + b);
    if (!strncmp(c + b, "---", 3)) continue;
    if (is_role3(c + b) || (b == 0 && is_org_base(c))) {
      if (nt < 3) snprintf(p->type[nt++], 8, "%.3s", c + b);
      if (strlen(p->roles) + 4 < sizeof p->roles) strncat(p->roles, c + b, 3);
    } else if (k & AN_CB_RELIGION) {
      if (!nr++) snprintf(p->rel1, 8, "%.3s", c + b); else snprintf(p->rel2, 8, "%.3s", c + b);
    } else if (k & AN_CB_GROUP) {
      if (!p->group[0]) snprintf(p->group, 8, "%.3s", c + b);
    } else if (b && (k & AN_CB_COUNTRY) && !p->country[0]) {
      snprintf(p->country, 8, "%.3s", c + b);
    }
  }
}

/* The "country" of score_events.py: the first block, or an organisation up to its first role. */
static void country_key(const char *c, char *out, size_t n)
{
  size_t len = strlen(c), k;
  if (len >= 6 && is_org_base(c)) {
    k = 6;
    while (k + 3 <= len && !is_role3(c + k)) k += 3;
    snprintf(out, n, "%.*s", (int)k, c);
    return;
  }
  snprintf(out, n, "%.3s", len >= 3 ? c : "");
}

/* ---- ids ---- */

static uint64_t fnv(uint64_t h, const char *s)
{
  for (; s && *s; s++) { h ^= (unsigned char)*s; h *= 1099511628211ull; }
  h ^= 0xff; h *= 1099511628211ull;
  return h;
}

static uint64_t event_hash(const annals_story *st, const annals_event *e)
{
  char num[64];
  uint64_t h = 14695981039346656037ull;
  h = fnv(h, st && st->id ? st->id : "");
  snprintf(num, sizeof num, "%zu:%llu", e->sentence, (unsigned long long)e->verb_start);
  h = fnv(h, num);
  h = fnv(h, e->source.code); h = fnv(h, e->target.code); h = fnv(h, e->code);
  h = fnv(h, e->flags & ANNALS_EVENT_PAIRED ? "p" : e->flags & ANNALS_EVENT_DERIVED ? "d" : "");
  return h;
}

/* ---- writers ---- */

static void json_str(an_buf *b, const char *s)
{
  static const char hex[] = "0123456789abcdef";
  an_buf_putc(b, '"');
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') { an_buf_putc(b, '\\'); an_buf_putc(b, c); }
    else if (c == '\n') an_buf_puts(b, "\\n");
    else if (c == '\t') an_buf_puts(b, "\\t");
    else if (c == '\r') an_buf_puts(b, "\\r");
    else if (c < 0x20) { char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 }; an_buf_puts(b, u); }
    else an_buf_putc(b, c);
  }
  an_buf_putc(b, '"');
}

static void bprintf(an_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;
static void bprintf(an_buf *b, const char *fmt, ...)
{
  char tmp[512];
  va_list ap;
  int n;
  va_start(ap, fmt);
  n = vsnprintf(tmp, sizeof tmp, fmt, ap);
  va_end(ap);
  if (n > 0) an_buf_put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

static void json_actor(an_buf *b, const char *key, const annals_event_actor *a)
{
  parts p;
  char ck[32];
  split_code(a->code, &p);
  country_key(a->code, ck, sizeof ck);
  bprintf(b, ",\"%s\":{\"code\":", key);
  json_str(b, *a->code ? a->code : "---");
  an_buf_puts(b, ",\"country\":");
  json_str(b, p.country[0] ? p.country : is_org_base(a->code) ? ck : "");
  an_buf_puts(b, ",\"role\":");
  json_str(b, p.roles);
  an_buf_puts(b, ",\"text\":");
  json_str(b, a->text);
  if (a->end > a->start) bprintf(b, ",\"span\":[%llu,%llu]", (unsigned long long)a->start, (unsigned long long)a->end);
  else an_buf_puts(b, ",\"span\":null");
  an_buf_puts(b, ",\"entry\":");
  json_str(b, a->entry);
  an_buf_putc(b, '}');
}

static void write_jsonl(an_buf *b, const annals_story *st, const annals_doc *d, const annals_event *e)
{
  const annals_cameo_code *c = annals_cameo_lookup(e->code);
  const annals_sentence *s = annals_doc_sentence(d, e->sentence);
  size_t q;
  bprintf(b, "{\"id\":\"ev-%016llx\",\"record_version\":1,\"story_id\":", (unsigned long long)event_hash(st, e));
  json_str(b, st && st->id ? st->id : "");
  bprintf(b, ",\"sentence\":%zu,\"date\":", e->sentence);
  json_str(b, e->date);
  bprintf(b, ",\"date_source\":\"%s\",\"story_date\":", e->date_from_text ? "text" : "story");
  json_str(b, st && st->date ? st->date : "");
  json_actor(b, "source", &e->source);
  json_actor(b, "target", &e->target);
  an_buf_puts(b, ",\"event\":{\"code\":");
  json_str(b, e->code);
  bprintf(b, ",\"root\":\"%.2s\",\"name\":", e->code);
  json_str(b, c ? c->name : "");
  if (c) bprintf(b, ",\"quad_class\":%d,\"goldstein\":%.1f", c->quad_class, c->goldstein);
  else an_buf_puts(b, ",\"quad_class\":null,\"goldstein\":null");
  an_buf_puts(b, ",\"plover\":");
  if (c && *c->plover_type) {
    an_buf_puts(b, "{\"type\":"); json_str(b, c->plover_type);
    an_buf_puts(b, ",\"mode\":"); json_str(b, c->plover_mode);
    an_buf_putc(b, '}');
  } else an_buf_puts(b, "null");
  bprintf(b, ",\"paired\":%s,\"passive\":%s,\"derived\":%s}", e->flags & ANNALS_EVENT_PAIRED ? "true" : "false",
          e->flags & ANNALS_EVENT_PASSIVE ? "true" : "false", e->flags & ANNALS_EVENT_DERIVED ? "true" : "false");
  an_buf_puts(b, ",\"verb\":{\"text\":");
  json_str(b, e->verb_text);
  an_buf_puts(b, ",\"lemma\":");
  json_str(b, e->verb_lemma);
  bprintf(b, ",\"span\":[%llu,%llu],\"pattern\":", (unsigned long long)e->verb_start, (unsigned long long)e->verb_end);
  json_str(b, e->pattern);
  bprintf(b, "},\"status\":\"%s\",\"claimant\":", annals_claim_status_str(e->status));
  if ((e->status == ANNALS_CLAIMED || e->status == ANNALS_DENIED) && (*e->claimant.code || *e->claimant.text)) {
    an_buf_puts(b, "{\"code\":");
    json_str(b, *e->claimant.code ? e->claimant.code : "---");
    an_buf_puts(b, ",\"text\":");
    json_str(b, e->claimant.text);
    if (e->claimant.end > e->claimant.start)
      bprintf(b, ",\"span\":[%llu,%llu]", (unsigned long long)e->claimant.start, (unsigned long long)e->claimant.end);
    else an_buf_puts(b, ",\"span\":null");
    an_buf_puts(b, ",\"entry\":");
    json_str(b, e->claimant.entry);
    an_buf_putc(b, '}');
  } else an_buf_puts(b, "null");
  an_buf_puts(b, ",\"dict\":{\"file\":");
  json_str(b, e->dict_file);
  bprintf(b, ",\"line\":%u},\"issues\":[", e->dict_line);
  for (q = 0; q < e->n_issues; q++) {
    an_buf_puts(b, q ? ",{\"code\":" : "{\"code\":");
    json_str(b, e->issues[q].code);
    bprintf(b, ",\"count\":%u}", e->issues[q].count);
  }
  an_buf_puts(b, "],\"text\":");
  json_str(b, s ? s->text : "");
  an_buf_puts(b, "}\n");
}

/* keep in sync with write_csv */
static const char csv_header[] =
  "id,story_id,sentence,date,date_source,story_date,source_code,source_country,source_role,source_text,"
  "source_start,source_end,source_entry,target_code,target_country,target_role,target_text,target_start,"
  "target_end,target_entry,event_code,event_root,event_name,quad_class,goldstein,plover_type,plover_mode,"
  "paired,passive,verb_text,verb_lemma,verb_start,verb_end,pattern,status,claimant_code,claimant_text,"
  "claimant_start,claimant_end,dict_file,dict_line,text\n";

static void csv_str(an_buf *b, const char *s)
{
  int quote = 0;
  const char *p;
  for (p = s ? s : ""; *p; p++) if (*p == ',' || *p == '"' || *p == '\n' || *p == '\r') quote = 1;
  if (!quote) { an_buf_puts(b, s ? s : ""); return; }
  an_buf_putc(b, '"');
  for (p = s; *p; p++) { if (*p == '"') an_buf_putc(b, '"'); an_buf_putc(b, *p); }
  an_buf_putc(b, '"');
}

static void csv_span(an_buf *b, uint64_t a, uint64_t z)
{
  if (z > a) bprintf(b, ",%llu,%llu", (unsigned long long)a, (unsigned long long)z);
  else an_buf_puts(b, ",,");
}

static void csv_actor(an_buf *b, const annals_event_actor *a)
{
  parts p;
  char ck[32];
  split_code(a->code, &p);
  country_key(a->code, ck, sizeof ck);
  an_buf_putc(b, ','); csv_str(b, *a->code ? a->code : "---");
  an_buf_putc(b, ','); csv_str(b, p.country[0] ? p.country : is_org_base(a->code) ? ck : "");
  an_buf_putc(b, ','); csv_str(b, p.roles);
  an_buf_putc(b, ','); csv_str(b, a->text);
  csv_span(b, a->start, a->end);
  an_buf_putc(b, ','); csv_str(b, a->entry);
}

static void write_csv(an_buf *b, const annals_story *st, const annals_doc *d, const annals_event *e)
{
  const annals_cameo_code *c = annals_cameo_lookup(e->code);
  const annals_sentence *s = annals_doc_sentence(d, e->sentence);
  int cl = e->status == ANNALS_CLAIMED || e->status == ANNALS_DENIED;
  bprintf(b, "ev-%016llx,", (unsigned long long)event_hash(st, e));
  csv_str(b, st && st->id ? st->id : "");
  bprintf(b, ",%zu,%s,%s,", e->sentence, e->date, e->date_from_text ? "text" : "story");
  csv_str(b, st && st->date ? st->date : "");
  csv_actor(b, &e->source);
  csv_actor(b, &e->target);
  an_buf_putc(b, ','); csv_str(b, e->code);
  bprintf(b, ",%.2s,", e->code);
  csv_str(b, c ? c->name : "");
  if (c) bprintf(b, ",%d,%.1f,", c->quad_class, c->goldstein); else an_buf_puts(b, ",,,");
  csv_str(b, c ? c->plover_type : ""); an_buf_putc(b, ','); csv_str(b, c ? c->plover_mode : "");
  bprintf(b, ",%d,%d,", e->flags & ANNALS_EVENT_PAIRED ? 1 : 0, e->flags & ANNALS_EVENT_PASSIVE ? 1 : 0);
  csv_str(b, e->verb_text); an_buf_putc(b, ','); csv_str(b, e->verb_lemma);
  csv_span(b, e->verb_start, e->verb_end);
  an_buf_putc(b, ','); csv_str(b, e->pattern);
  bprintf(b, ",%s,", annals_claim_status_str(e->status));
  csv_str(b, cl ? e->claimant.code : ""); an_buf_putc(b, ','); csv_str(b, cl ? e->claimant.text : "");
  if (cl) csv_span(b, e->claimant.start, e->claimant.end); else an_buf_puts(b, ",,");
  an_buf_putc(b, ','); csv_str(b, e->dict_file);
  bprintf(b, ",%u,", e->dict_line);
  csv_str(b, s ? s->text : "");
  an_buf_putc(b, '\n');
}

static void tsv_str(an_buf *b, const char *s)
{
  for (; s && *s; s++) an_buf_putc(b, *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void gdelt_actor(an_buf *b, const annals_event_actor *a)
{
  parts p;
  char name[256];
  size_t i;
  int j;
  split_code(a->code, &p);
  snprintf(name, sizeof name, "%s", a->text);
  for (i = 0; name[i]; i++) if (name[i] >= 'a' && name[i] <= 'z') name[i] = (char)(name[i] - 32);
  an_buf_putc(b, '\t'); tsv_str(b, strcmp(a->code, "---") ? a->code : "");
  an_buf_putc(b, '\t'); tsv_str(b, *a->code && strcmp(a->code, "---") ? name : "");
  bprintf(b, "\t%s\t%s\t%s\t%s\t%s", p.country, p.group, p.eth, p.rel1, p.rel2);
  for (j = 0; j < 3; j++) bprintf(b, "\t%s", p.type[j]);
}

static int day_of_year(int y, int m, int d)
{
  static const int cum[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334 };
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return cum[m - 1] + d + (leap && m > 2);
}

static void write_gdelt(an_buf *b, const annals_story *st, const annals_doc *d, const annals_event *e, int root)
{
  const annals_cameo_code *c = annals_cameo_lookup(e->code);
  int y = 0, m = 0, dd = 0, k;
  (void)d;
  if (sscanf(e->date, "%4d-%2d-%2d", &y, &m, &dd) != 3) y = m = dd = 0;
  bprintf(b, "%llu", (unsigned long long)(event_hash(st, e) & 0x7fffffffffffffffull));
  if (y) bprintf(b, "\t%04d%02d%02d\t%04d%02d\t%04d\t%.4f", y, m, dd, y, m, y, y + (day_of_year(y, m, dd) - 1) / 365.0);
  else an_buf_puts(b, "\t\t\t\t");
  gdelt_actor(b, &e->source);
  gdelt_actor(b, &e->target);
  bprintf(b, "\t%d\t%s\t%.3s\t%.2s", root, e->code, e->code, e->code);
  if (c) bprintf(b, "\t%d\t%.1f", c->quad_class, c->goldstein); else an_buf_puts(b, "\t\t");
  an_buf_puts(b, "\t1\t1\t1\t");                  /* mentions, sources, articles: this one; AvgTone unknown */
  for (k = 0; k < 24; k++) an_buf_putc(b, '\t');  /* actor and action geography: not known yet */
  if (y) bprintf(b, "\t%04d%02d%02d000000", y, m, dd); else an_buf_putc(b, '\t');
  an_buf_putc(b, '\t');
  tsv_str(b, st && st->url && *st->url ? st->url : st && st->id ? st->id : "");
  an_buf_putc(b, '\n');
}

static void write_petrarch(an_buf *b, const annals_story *st, const annals_event *e)
{
  char date[16] = "";
  size_t i, k = 0;
  for (i = 0; e->date[i] && k + 1 < sizeof date; i++) if (e->date[i] != '-') date[k++] = e->date[i];
  date[k] = '\0';
  /* PETRARCH's event line: date, source, target, code, story id-sentence, then annals' extras */
  bprintf(b, "%s\t%s\t%s\t%s\t", date, *e->source.code ? e->source.code : "---",
          *e->target.code ? e->target.code : "---", e->code);
  tsv_str(b, st && st->id ? st->id : "");
  bprintf(b, "-%zu\t%s\t", e->sentence, annals_claim_status_str(e->status));
  tsv_str(b, e->verb_lemma);
  an_buf_putc(b, '\n');
}

const char *annals_output_header(annals_output_format f)
{
  return f == ANNALS_OUT_CSV ? csv_header : "";
}

annals_status annals_doc_format_events(annals_doc *d, const annals_story *st, annals_output_format f,
                                       const char **out, size_t *len)
{
  size_t i, first_body = (size_t)-1;
  an_buf *b;
  *out = ""; *len = 0;
  if (!d) return ANNALS_EMISUSE;
  if (f < ANNALS_OUT_JSONL || f > ANNALS_OUT_PETRARCH) return an_err_set(&d->err, ANNALS_EMISUSE, "unknown output format");
  b = &d->out;
  an_buf_clear(b);
  for (i = 0; i < d->n_sent; i++) if (d->sent[i].flags & ANNALS_SENT_BODY) { first_body = i; break; }
  for (i = 0; i < d->n_ev; i++) {
    const annals_event *e = &d->ev[i];
    switch (f) {
    case ANNALS_OUT_CSV: write_csv(b, st, d, e); break;
    case ANNALS_OUT_GDELT: write_gdelt(b, st, d, e, e->sentence == first_body); break;
    case ANNALS_OUT_PETRARCH: write_petrarch(b, st, e); break;
    default: write_jsonl(b, st, d, e); break;
    }
  }
  if (d->mem.failed) return an_err_set(&d->err, ANNALS_ENOMEM, "out of memory");
  *out = b->p ? b->p : "";
  *len = b->n;
  return ANNALS_OK;
}
