/* claims.c: who claims an event and how sure the text is, and when it happened, read
** off the dependency parse of its sentence (docs/event-record.md "status").
** From the event's verb upwards: negation and modality on the verb itself, governing
** verbs of an infinitive ("refused to", "plans to"), then attribution: a reporting
** verb whose complement holds the event ("X said ..."), a reporting clause attached
** to it ("..., officials said"), "according to X"; verification hedges anywhere in the
** sentence ("could not be independently verified"). Dates: the temporal expression of
** the event's clause, resolved against the story date.
** Invariant: reads the sentence only; never changes codes. */
#include "coder.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *lem(const an_sent *s, int32_t k)
{
  return s->t[k].lemma ? s->t[k].lemma : s->t[k].text ? s->t[k].text : "";
}

static int in_list(const char *w, const char *const *l)
{
  for (; *l; l++) if (!strcasecmp(w, *l)) return 1;
  return 0;
}

static const char *const reporting[] = {
  "say", "tell", "report", "announce", "claim", "allege", "confirm", "state", "add", "note", "insist", "write",
  "declare", "assert", "maintain", "reveal", "disclose", "acknowledge", "admit", "indicate", "suggest", "quote",
  "testify", "explain", "argue", "contend", "charge", "assure", "estimate", "believe", "show", "find", NULL };
static const char *const denying[] = { "deny", "dispute", "refute", "dismiss", "rebut", NULL };
static const char *const negating[] = { "refuse", "decline", "fail", "reject", "avoid", NULL };
static const char *const intending[] = {
  "plan", "intend", "consider", "propose", "seek", "want", "hope", "expect", "aim", "prepare", "schedule",
  "try", "attempt", "wish", "mull", "weigh", "contemplate", "pledge", "promise", "vow", "offer", "threaten",
  "set", "due", "likely", "poise", "ready", "able", NULL };
/* Verbs whose infinitive is an expressed intent, an event of CAMEO's 03 root ("seeking to
** deepen a partnership" is 0311) or, for force, a threat ("vowed to attack" is 138). */
static const char *const intent_coop[] = { "want", "seek", "vow", "pledge", "promise", "offer", "wish", "aim", NULL };
static const char *const intent_force[] = { "want", "vow", "wish", NULL };
static const char *const modal[] = { "would", "could", "may", "might", "should", "can", "must", "shall", NULL };
static const char *const hedges[] = { "allegedly", "purportedly", "reportedly", "supposedly", NULL };

/* Does k have a child with relation rel and lemma in l? */
static int32_t child_in(const an_sent *s, int32_t k, const char *rel, const char *const *l)
{
  int32_t j;
  for (j = 0; j < s->n_kids[k]; j++) {
    int32_t c = s->kids[k][j];
    if ((!rel || an_rel_is(&s->t[c], rel)) && in_list(lem(s, c), l)) return c;
  }
  return -1;
}

static int has_rel(const an_sent *s, int32_t k, const char *rel)
{
  int32_t j;
  for (j = 0; j < s->n_kids[k]; j++) if (an_rel_is(&s->t[s->kids[k][j]], rel)) return 1;
  return 0;
}

/* Does reporting verb k have a complement of its own (what was said)? A clause opened by
** "while", "as", "although"... is not one, even when the parser makes it a ccomp
** ("..., officials said, while the Kremlin denied ..."). */
static int has_said_clause(const an_sent *s, int32_t k)
{
  static const char *const adverbial[] = { "while", "whereas", "although", "though", "as", "after", "before", "when", NULL };
  int32_t j;
  for (j = 0; j < s->n_kids[k]; j++) {
    int32_t c = s->kids[k][j];
    if (an_rel_is(&s->t[c], "ccomp") && child_in(s, c, "mark", adverbial) < 0) return 1;
  }
  return 0;
}

static int negated_here(const an_sent *s, int32_t k)
{
  static const char *const neg[] = { "not", "n't", "never", "no", NULL };
  int32_t j;
  for (j = 0; j < s->n_kids[k]; j++) {
    int32_t c = s->kids[k][j];
    if ((an_rel_is(&s->t[c], "advmod") || an_rel_is(&s->t[c], "neg") || an_rel_is(&s->t[c], "det")) && in_list(lem(s, c), neg))
      return 1;
  }
  return 0;
}

static int32_t subject(const an_sent *s, int32_t k)
{
  int32_t j;
  for (j = 0; j < s->n_kids[k]; j++) if (an_rel_is(&s->t[s->kids[k][j]], "nsubj")) return s->kids[k][j];
  return -1;
}

/* The "according to X" phrase under k: X, -1 none. */
static int32_t according_to(const an_sent *s, int32_t k)
{
  int32_t j, q;
  for (j = 0; j < s->n_kids[k]; j++) {
    int32_t c = s->kids[k][j];
    if (!an_rel_is(&s->t[c], "obl") && !an_rel_is(&s->t[c], "nmod")) continue;
    for (q = 0; q < s->n_kids[c]; q++)
      if (an_rel_is(&s->t[s->kids[c][q]], "case") && !strcasecmp(lem(s, s->kids[c][q]), "accord")) return c;
    for (q = 0; q < s->n_kids[c]; q++)
      if (an_rel_is(&s->t[s->kids[c][q]], "case") && s->t[s->kids[c][q]].text &&
          !strcasecmp(s->t[s->kids[c][q]].text, "according")) return c;
  }
  return -1;
}

static int sentence_unverified(const an_sent *s)
{
  int32_t i;
  for (i = 0; i < (int32_t)s->n; i++) {
    const char *l = lem(s, i);
    if (!strcasecmp(l, "unverified") || !strcasecmp(l, "unconfirmed")) return 1;
    if ((!strcasecmp(l, "verify") || !strcasecmp(l, "confirm") || !strcasecmp(l, "corroborate")) &&
        (negated_here(s, i) || child_in(s, i, "aux", (const char *const[]){ "cannot", NULL }) >= 0)) {
      /* "could not (independently) verify / be verified" */
      return 1;
    }
  }
  return 0;
}

void an_claim(const an_sent *s, int32_t v, const char *source, an_claim_info *out)
{
  int32_t k = v, hops = 0, r = -1, who = -1;
  int modality = 0, negation = 0, attrib = 0;     /* attrib: 1 claimed, 2 denied */
  memset(out, 0, sizeof *out);
  out->claimant = -1;
  out->status = AN_ST_ASSERTED;
  if (v < 0) return;
  if (negated_here(s, v)) negation = 1;
  if (child_in(s, v, "aux", modal) >= 0) modality = 1;
  /* conditionals, and what is still to come: "a day before Sarkozy heads to Beijing" */
  if (child_in(s, v, "mark", (const char *const[]){ "if", "unless", "before", "until", NULL }) >= 0) modality = 1;
  if (child_in(s, v, "advmod", hedges) >= 0) out->status = AN_ST_UNVERIFIED;
  /* "The EU plans to impose ...", parsed with the noun "plans" as the subject of an
  ** infinitive: the intent is still there */
  if (an_has_to(s, v) && child_in(s, v, "nsubj", intending) >= 0) modality = 1;
  /* climb: infinitive governors, then the clause that reports this one */
  while (k >= 0 && hops++ < 12 && !attrib) {
    int32_t h = s->w[k].head, x;
    const annals_token *t = &s->t[k];
    /* "..., officials said": a reporting clause hanging on this clause */
    for (x = 0; x < s->n_kids[k] && !attrib; x++) {
      int32_t c = s->kids[k][x];
      /* the parser may make "..., officials said" an advcl: one with no marker and no
      ** complement of its own is the same reporting clause */
      if (!an_rel_is(&s->t[c], "parataxis") &&
          !(an_rel_is(&s->t[c], "advcl") && c > k && !has_rel(s, c, "mark") && !has_said_clause(s, c) &&
            !has_rel(s, c, "xcomp") && !has_rel(s, c, "obj"))) continue;
      if (in_list(lem(s, c), reporting)) { attrib = negated_here(s, c) ? 2 : 1; r = c; }
      else if (in_list(lem(s, c), denying)) { attrib = 2; r = c; }
    }
    if (attrib) break;
    if ((who = according_to(s, k)) >= 0) { attrib = 1; r = -1; break; }
    if (h < 0) break;
    if (an_rel_is(t, "xcomp")) {
      const char *hl = lem(s, h);
      if (in_list(hl, denying)) { attrib = 2; r = h; break; }   /* "denied supplying" */
      if (in_list(hl, negating)) negation = 1;
      else if (k == v && !modality && in_list(hl, intent_coop) && child_in(s, h, "obj", (const char *const[]){ NULL }) < 0 &&
               !has_rel(s, h, "obj")) {
        out->intent = in_list(hl, intent_force) ? 2 : 1;        /* the intent is the event */
        if (negated_here(s, h)) negation = 1;
        k = h;
        continue;
      }
      else if (in_list(hl, intending)) modality = 1;
      if (negated_here(s, h)) negation = 1;
      k = h;
      continue;
    }
    if (an_rel_is(t, "ccomp") || (an_rel_is(t, "parataxis") && (in_list(lem(s, h), reporting) || in_list(lem(s, h), denying)))) {
      if (in_list(lem(s, h), reporting)) { attrib = negated_here(s, h) ? 2 : 1; r = h; break; }
      if (in_list(lem(s, h), denying)) { attrib = 2; r = h; break; }
      k = h;
      continue;
    }
    if (an_rel_is(t, "conj")) { k = h; continue; }   /* "said X did A and B": B shares A's frame */
    /* "..., seeking to mend ties", "..., killing eight": a participle shares its clause's frame */
    if (an_rel_is(t, "advcl") && s->t[k].xpos && !strcmp(s->t[k].xpos, "VBG") &&
        child_in(s, k, "mark", (const char *const[]){ "before", "after", "while", "when", "by", "without", NULL }) < 0) {
      if (child_in(s, h, "aux", modal) >= 0) modality = 1;
      if (child_in(s, h, "mark", (const char *const[]){ "before", "until", "if", "unless", NULL }) >= 0) modality = 1;
      k = h;
      continue;
    }
    break;
  }
  if (!attrib) {
    /* "..., an AFP correspondent said, two weeks after ...": a reporting clause between
    ** commas after the event, with no complement of its own */
    int32_t N = (int32_t)s->n, q, c0 = -1, j;
    for (q = v + 1; q < N && !attrib; q++) {
      const char *tx = s->t[q].text ? s->t[q].text : "";
      if (!strcmp(tx, ",")) { c0 = q; continue; }
      if (c0 < 0 || q - c0 < 2 || q - c0 > 7 || !in_list(lem(s, q), reporting)) continue;
      if (q + 1 < N && s->t[q + 1].text && strcmp(s->t[q + 1].text, ",") && strcmp(s->t[q + 1].text, ".") &&
          !in_list(s->t[q + 1].text, (const char *const[]){ "on", "in", "today", "yesterday", "Monday", "Tuesday",
                                                                  "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", NULL }))
        continue;
      if (has_rel(s, q, "ccomp")) continue;
      attrib = 1; r = q; who = -1;
      for (j = q - 1; j > c0 && who < 0; j--) if (s->w[j].unit >= 0) who = j;
    }
  }
  if (!attrib) {
    /* "..., Reuters reports.": a reporting tail the parser did not make a clause */
    int32_t N = (int32_t)s->n, end = N - 1, c, j;
    while (end > 0 && s->t[end].upos && !strcmp(s->t[end].upos, "PUNCT")) end--;
    for (c = end; c > 0 && end - c < 8; c--) if (s->t[c].text && !strcmp(s->t[c].text, ",")) break;
    if (c > 0 && end - c >= 2 && end - c < 8 && c > v &&
        (in_list(lem(s, end), reporting) || (s->t[end].text && !strcasecmp(s->t[end].text, "reports")))) {
      attrib = 1; r = end; who = -1;
      for (j = end - 1; j > c && who < 0; j--) if (s->w[j].unit >= 0) who = j;
    }
  }
  if (r >= 0 && who < 0) {
    who = subject(s, r);
    /* "... but said it was": the subject of the verb it is coordinated with */
    if (who < 0 && an_rel_is(&s->t[r], "conj") && s->w[r].head >= 0) who = subject(s, s->w[r].head);
    if (who < 0) {                                /* "was reported by X" */
      int32_t j;
      for (j = 0; j < s->n_kids[r]; j++)
        if (an_rel_is(&s->t[s->kids[r][j]], "obl") && s->t[s->kids[r][j]].deprel && strstr(s->t[s->kids[r][j]].deprel, "agent"))
          who = s->kids[r][j];
    }
  }
  out->negated = negation;
  if (out->intent && modality) out->intent = 0;     /* "would seek to": only hypothetical */
  out->claimant = who;
  out->verb = r;
  if (who >= 0 && s->w[who].unit >= 0 && s->u[s->w[who].unit].coded) {
    out->code = s->u[s->w[who].unit].code;
    out->entry = s->u[s->w[who].unit].entry;
  }
  if (attrib == 2) { out->status = AN_ST_DENIED; return; }
  /* a hedge beats attribution: "X said ..., but the claim could not be verified" */
  if (out->status == AN_ST_UNVERIFIED || sentence_unverified(s)) { out->status = AN_ST_UNVERIFIED; return; }
  if (attrib == 1) {
    /* a speaker announcing its own action performs it: "Israel announced it would free ..." */
    if (out->code && source && !strcmp(out->code, source)) { out->self = 1; }
    else { out->status = AN_ST_CLAIMED; return; }
  }
  if (negation) { out->status = AN_ST_NEGATED; return; }
  if (modality) out->status = AN_ST_HYPOTHETICAL;
}

/* The refusal CAMEO codes for a negated cooperative code: "refused to meet" is 125,
** "would not provide support" 120, "refused to sign the accord" 127, "refused to
** release" 1243. NULL: CAMEO has none (aid, force). */
const char *an_refusal_code(const char *c)
{
  static const struct { const char *from, *to; } map[] = {
    { "050", "120" }, { "051", "120" }, { "052", "120" }, { "053", "120" }, { "054", "120" }, { "055", "120" },
    { "056", "120" }, { "057", "127" }, { "036", "125" }, { "040", "125" }, { "041", "125" }, { "042", "125" }, { "043", "125" }, { "044", "125" },
    { "045", "125" }, { "046", "125" }, { "060", "121" }, { "061", "1211" }, { "062", "1212" }, { "063", "121" },
    { "064", "121" }, { "080", "124" }, { "081", "1241" }, { "0811", "1241" }, { "0812", "1241" }, { "0813", "1241" },
    { "0814", "1241" }, { "082", "1242" }, { "084", "1243" }, { "0841", "1243" }, { "0842", "1243" }, { "085", "1244" },
    { "086", "1245" }, { "0861", "1245" }, { "0862", "1245" }, { "0863", "1245" }, { "087", "1246" }, { "0871", "1246" },
    { "0872", "1246" }, { "0873", "1246" }, { "0874", "1246" } };
  size_t i;
  for (i = 0; i < sizeof map / sizeof map[0]; i++) if (!strcmp(c, map[i].from)) return map[i].to;
  return NULL;
}

/* The intent code of a cooperative code (CAMEO 03x: "pledged to provide aid" is 033), or
** with force the threat ("vowed to attack" is 138). NULL: none. */
const char *an_intent_code(const char *c, int force_ok)
{
  static const struct { const char *from, *to; } map[] = {
    { "040", "036" }, { "041", "036" }, { "042", "036" }, { "043", "036" }, { "044", "036" }, { "045", "036" },
    { "046", "036" }, { "050", "032" }, { "051", "032" }, { "052", "032" }, { "053", "032" }, { "054", "032" },
    { "055", "032" }, { "056", "032" }, { "057", "030" }, { "060", "031" }, { "061", "0311" }, { "062", "0312" },
    { "063", "0313" }, { "064", "0314" }, { "070", "033" }, { "071", "0331" }, { "072", "0332" }, { "073", "0333" },
    { "074", "0334" }, { "075", "033" }, { "080", "035" }, { "081", "0351" }, { "0811", "0351" }, { "0812", "0351" },
    { "0813", "0351" }, { "0814", "0351" }, { "082", "0352" }, { "083", "034" }, { "0831", "0341" }, { "0832", "0342" },
    { "0833", "0343" }, { "0834", "0344" }, { "084", "0353" }, { "0841", "0353" }, { "0842", "0353" }, { "085", "0354" },
    { "086", "0355" }, { "0861", "0355" }, { "0862", "0355" }, { "0863", "0355" }, { "087", "0356" }, { "0871", "0356" },
    { "0872", "0356" }, { "0873", "0356" }, { "0874", "0356" } };
  size_t i;
  for (i = 0; i < sizeof map / sizeof map[0]; i++) if (!strcmp(c, map[i].from)) return map[i].to;
  if (!force_ok) return NULL;
  if (!strncmp(c, "18", 2) || !strncmp(c, "19", 2) || !strncmp(c, "20", 2)) return "138";
  if (!strcmp(c, "163")) return "1312";
  if (!strncmp(c, "17", 2)) return "137";
  return NULL;
}

/* ---- dates ---- */

static long jdn(long y, long m, long d)
{
  long a = (14 - m) / 12, yy = y + 4800 - a, mm = m + 12 * a - 3;
  return d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045;
}

static long from_jdn(long j)
{
  long a = j + 32044, b = (4 * a + 3) / 146097, c = a - 146097 * b / 4, d = (4 * c + 3) / 1461,
       e = c - 1461 * d / 4, m = (5 * e + 2) / 153;
  long day = e - (153 * m + 2) / 5 + 1, mon = m + 3 - 12 * (m / 10), yr = 100 * b + d - 4800 + m / 10;
  return yr * 10000 + mon * 100 + day;
}

static long add_days(long date, long n)
{
  return from_jdn(jdn(date / 10000, date / 100 % 100, date % 100) + n);
}

static int weekday(long date) { return (int)((jdn(date / 10000, date / 100 % 100, date % 100) + 1) % 7); }  /* 0 = Sunday */

static int month_of(const char *w)
{
  static const char *const m[] = { "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec" };
  int i;
  size_t n = strlen(w);
  if (n < 3) return 0;
  for (i = 0; i < 12; i++) if (!strncasecmp(w, m[i], 3)) {
    static const char *const full[] = { "january", "february", "march", "april", "may", "june", "july", "august",
                                        "september", "october", "november", "december" };
    if (n == 3 || (n == 4 && w[3] == '.') || !strcasecmp(w, full[i]) || (i == 8 && (!strcasecmp(w, "sept") || !strcasecmp(w, "sept.")))) return i + 1;
  }
  return 0;
}

static int day_of_week(const char *w)
{
  static const char *const d[] = { "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday" };
  int i;
  for (i = 0; i < 7; i++) if (!strcasecmp(w, d[i])) return i;
  return -1;
}

/* Is k inside the clause of v (v's subtree minus embedded clauses)? */
static int in_clause(const an_sent *s, int32_t k, int32_t v)
{
  int hops = 0;
  while (k >= 0 && hops++ < 64) {
    if (k == v) return 1;
    if (an_rel_is(&s->t[k], "ccomp") || an_rel_is(&s->t[k], "advcl") || an_rel_is(&s->t[k], "acl") ||
        an_rel_is(&s->t[k], "parataxis") || an_rel_is(&s->t[k], "csubj")) return 0;
    k = s->w[k].head;
  }
  return 0;
}

long an_event_date(const an_sent *s, int32_t v, long story, int32_t *first, int32_t *last)
{
  int32_t i, N = (int32_t)s->n;
  *first = *last = -1;
  if (!story || v < 0) return 0;
  for (i = 0; i < N; i++) {
    const char *w = s->t[i].text ? s->t[i].text : "";
    int dw, mo;
    long d = 0;
    int32_t a = i, b = i;
    if (!in_clause(s, i, v)) continue;
    if (!strcasecmp(w, "today") || !strcasecmp(w, "tonight")) d = story;
    else if (!strcasecmp(w, "yesterday")) d = add_days(story, -1);
    else if (!strcasecmp(w, "tomorrow")) d = add_days(story, 1);
    else if ((dw = day_of_week(w)) >= 0) {
      int back = (weekday(story) - dw + 7) % 7;   /* the last such day, the story's own day included */
      d = add_days(story, -back);
      if (i + 1 < N && s->t[i + 1].text && (!strcasecmp(s->t[i + 1].text, "night") || !strcasecmp(s->t[i + 1].text, "morning"))) b = i + 1;
    } else if ((mo = month_of(w)) && i + 1 < N && s->t[i + 1].text && s->t[i + 1].text[0] >= '1' && s->t[i + 1].text[0] <= '9') {
      int day = 0;
      const char *p = s->t[i + 1].text;
      while (*p >= '0' && *p <= '9') day = day * 10 + (*p++ - '0');
      if (day >= 1 && day <= 31 && (*p == '\0' || !strcmp(p, "st") || !strcmp(p, "nd") || !strcmp(p, "rd") || !strcmp(p, "th"))) {
        long y = story / 10000;
        d = y * 10000 + mo * 100 + day;
        if (d > add_days(story, 31)) d = (y - 1) * 10000 + mo * 100 + day;   /* "on Dec. 30" in a January story */
        b = i + 1;
      }
    } else if (!strcasecmp(w, "last") && i + 1 < N && s->t[i + 1].text) {
      const char *n2 = s->t[i + 1].text;
      if (!strcasecmp(n2, "week")) d = add_days(story, -7);
      else if (!strcasecmp(n2, "month")) d = (story / 100 % 100 == 1 ? (story / 10000 - 1) * 10000 + 1201 : story / 100 * 100 - 100 + 1);
      else if (!strcasecmp(n2, "year")) d = (story / 10000 - 1) * 10000 + 101;
      else if ((dw = day_of_week(n2)) >= 0) { int back = (weekday(story) - dw + 7) % 7; d = add_days(story, back ? -back : -7); }
      if (d) b = i + 1;
    } else if (!strcasecmp(w, "earlier") && i + 2 < N && s->t[i + 1].text && s->t[i + 2].text &&
               !strcasecmp(s->t[i + 1].text, "this") && !strcasecmp(s->t[i + 2].text, "month")) {
      d = story / 100 * 100 + 1;
      b = i + 2;
    }
    if (d) { *first = a; *last = b; return d; }
  }
  return 0;
}
