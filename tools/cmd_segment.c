/* cmd_segment.c: `annals segment` and `annals parse`: stories in, sentences and
** tokens (and, for parse, tags, lemmas and dependencies) out, as text, CoNLL-U or
** JSONL. Streams: each story is written as soon as it is processed. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

static const char *kind_name(uint32_t f)
{
  if (f & ANNALS_SENT_HEADLINE) return "headline";
  if (f & ANNALS_SENT_KICKER) return "kicker";
  if (f & ANNALS_SENT_DATELINE) return "dateline";
  if (f & ANNALS_SENT_BYLINE) return "byline";
  if (f & ANNALS_SENT_CREDIT) return "credit";
  return "body";
}

static void write_text(FILE *fp, const annals_story *st, const annals_doc *d)
{
  size_t i, k;
  fprintf(fp, "# %s\n", st->id);
  for (i = 0; i < annals_doc_sentence_count(d); i++) {
    const annals_sentence *s = annals_doc_sentence(d, i);
    if (!(s->flags & ANNALS_SENT_BODY)) fprintf(fp, "[%s] ", kind_name(s->flags));
    for (k = 0; k < s->count; k++)
      fprintf(fp, "%s%s", k ? " " : "", annals_doc_token(d, s->first + k)->text);
    if (s->flags & ANNALS_SENT_TRUNCATED) fputs(" [truncated]", fp);
    fputc('\n', fp);
  }
  fputc('\n', fp);
}

static void write_conllu(FILE *fp, const annals_story *st, const annals_doc *d)
{
  size_t i, k;
  if (st->paragraph <= 1 || (st->flags & ANNALS_STORY_NEW_ARTICLE)) fprintf(fp, "# newdoc id = %s\n", st->id);
  for (i = 0; i < annals_doc_sentence_count(d); i++) {
    const annals_sentence *s = annals_doc_sentence(d, i);
    size_t id = 1;
    if (s->flags & ANNALS_SENT_PAR_START) fputs("# newpar\n", fp);
    fprintf(fp, "# sent_id = %s-%zu\n# text = %s\n", st->id, i + 1, s->text);
    if (!(s->flags & ANNALS_SENT_BODY) || (s->flags & ANNALS_SENT_TRUNCATED))
      fprintf(fp, "# annals_kind = %s%s\n", kind_name(s->flags),
              s->flags & ANNALS_SENT_TRUNCATED ? " truncated" : "");
    for (k = 0; k < s->count; k++, id++) {
      const annals_token *t = annals_doc_token(d, s->first + k);
      int in_mwt = (t->flags & (ANNALS_TOK_MWT_FIRST | ANNALS_TOK_MWT_NEXT)) != 0;
      if (t->flags & ANNALS_TOK_MWT_FIRST) {
        size_t e = k + 1;
        while (e < s->count && (annals_doc_token(d, s->first + e)->flags & ANNALS_TOK_MWT_NEXT)) e++;
        {
          const annals_token *last = annals_doc_token(d, s->first + e - 1);
          fprintf(fp, "%zu-%zu\t", id, id + (e - k) - 1);
          for (size_t q = k; q < e; q++) fputs(annals_doc_token(d, s->first + q)->text, fp);
          fprintf(fp, "\t_\t_\t_\t_\t_\t_\t_\t%s\n",
                  (last->flags & ANNALS_TOK_SPACE_AFTER) || k + (e - k) >= s->count ? "_" : "SpaceAfter=No");
        }
      }
      fprintf(fp, "%zu\t%s\t%s\t%s\t%s\t%s\t", id, t->text, t->lemma ? t->lemma : "_",
              t->upos ? t->upos : "_", t->xpos ? t->xpos : "_", t->feats ? t->feats : "_");
      if (t->head >= 0) fprintf(fp, "%d\t%s\t_\t", t->head, t->deprel ? t->deprel : "_");
      else fputs("_\t_\t_\t", fp);
      fprintf(fp, "TokenRange=%llu:%llu%s\n", (unsigned long long)t->start, (unsigned long long)t->end,
              !in_mwt && !(t->flags & ANNALS_TOK_SPACE_AFTER) && k + 1 < s->count ? "|SpaceAfter=No" : "");
    }
    fputc('\n', fp);
  }
}

static void write_jsonl(FILE *fp, const annals_story *st, const annals_doc *d)
{
  size_t i, k;
  for (i = 0; i < annals_doc_sentence_count(d); i++) {
    const annals_sentence *s = annals_doc_sentence(d, i);
    fputs("{\"story_id\":", fp);
    cli_json_str(fp, st->id);
    fprintf(fp, ",\"sentence\":%zu,\"paragraph\":%u,\"kind\":\"%s\",\"truncated\":%s,\"start\":%llu,\"end\":%llu,\"date\":",
            i, s->paragraph, kind_name(s->flags), s->flags & ANNALS_SENT_TRUNCATED ? "true" : "false",
            (unsigned long long)s->start, (unsigned long long)s->end);
    cli_json_str(fp, st->date);
    fputs(",\"text\":", fp);
    cli_json_str(fp, s->text);
    fputs(",\"tokens\":[", fp);
    for (k = 0; k < s->count; k++) {
      const annals_token *t = annals_doc_token(d, s->first + k);
      fputs(k ? ",{\"text\":" : "{\"text\":", fp);
      cli_json_str(fp, t->text);
      fprintf(fp, ",\"start\":%llu,\"end\":%llu,\"space_after\":%s", (unsigned long long)t->start,
              (unsigned long long)t->end, t->flags & ANNALS_TOK_SPACE_AFTER ? "true" : "false");
      if (t->flags & ANNALS_TOK_MWT_FIRST) fputs(",\"mwt\":\"first\"", fp);
      else if (t->flags & ANNALS_TOK_MWT_NEXT) fputs(",\"mwt\":\"next\"", fp);
      if (t->head >= 0) {
        fputs(",\"lemma\":", fp); cli_json_str(fp, t->lemma);
        fputs(",\"upos\":", fp); cli_json_str(fp, t->upos);
        fputs(",\"xpos\":", fp); cli_json_str(fp, t->xpos);
        fputs(",\"feats\":", fp); cli_json_str(fp, t->feats);
        fprintf(fp, ",\"head\":%d,\"deprel\":", t->head); cli_json_str(fp, t->deprel);
      }
      fputc('}', fp);
    }
    fputs("]}\n", fp);
  }
}

static int usage(const char *cmd)
{
  if (!strcmp(cmd, "parse"))
    fprintf(stderr,
            "usage: annals parse [--format conllu|jsonl] [--model MODEL] [--input text|jsonl|xml]\n"
            "                    [--strict] [--quiet] [FILE...]\n"
            "Tags, lemmatizes and dependency-parses raw news (CoNLL-U with byte spans in MISC).\n"
            "MODEL defaults to $ANNALS_MODEL, else models/en.annals-model.\n");
  else
    fprintf(stderr,
            "usage: annals segment [--format text|conllu|jsonl] [--input text|jsonl|xml]\n"
            "                      [--strict] [--quiet] [FILE...]\n"
            "Splits news into sentences and UD tokens with byte spans.\n");
  fprintf(stderr, "FILE: plain text, JSONL or PETRARCH XML, optionally gzipped; none or '-' reads stdin.\n"
                  "--strict: exit 1 when any input problem was reported.\n");
  return 2;
}

int cli_parse_input_format(const char *s, annals_format *out)
{
  if (!strcmp(s, "auto")) *out = ANNALS_FMT_AUTO;
  else if (!strcmp(s, "text")) *out = ANNALS_FMT_TEXT;
  else if (!strcmp(s, "jsonl")) *out = ANNALS_FMT_JSONL;
  else if (!strcmp(s, "xml")) *out = ANNALS_FMT_XML;
  else return -1;
  return 0;
}

int cmd_segment(int argc, char **argv) { return cli_stories_main(argc, argv, "segment", 0); }

int cli_stories_main(int argc, char **argv, const char *cmd, int parse)
{
  enum { F_TEXT, F_CONLLU, F_JSONL } of = parse ? F_CONLLU : F_TEXT;
  const char *model = NULL;
  annals_format inf = ANNALS_FMT_AUTO;
  int strict = 0, i, nfiles = 0, status = 0;
  cli_log lg = { 0, 0, 0, 0 };
  annals_config cfg;
  annals_engine *eng = NULL;
  annals_doc *doc = NULL;
  char **files = calloc((size_t)argc + 1, sizeof *files);
  char errbuf[512];
  unsigned long long problems = 0;
  if (!files) return cli_fail("segment", "out of memory");
  for (i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--format") && i + 1 < argc) {
      const char *f = argv[++i];
      if (!strcmp(f, "text")) of = F_TEXT;
      else if (!strcmp(f, "conllu")) of = F_CONLLU;
      else if (!strcmp(f, "jsonl")) of = F_JSONL;
      else { free(files); return cli_fail(cmd, "unknown output format '%s'", f); }
    } else if (!strcmp(argv[i], "--input") && i + 1 < argc) {
      if (cli_parse_input_format(argv[++i], &inf)) { free(files); return cli_fail(cmd, "unknown input format '%s'", argv[i]); }
    } else if (parse && !strcmp(argv[i], "--model") && i + 1 < argc) {
      model = argv[++i];
    } else if (!strcmp(argv[i], "--strict")) strict = 1;
    else if (!strcmp(argv[i], "--quiet")) lg.quiet = 1;
    else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) { free(files); usage(cmd); return 0; }
    else if (argv[i][0] == '-' && argv[i][1]) { free(files); return usage(cmd); }
    else files[nfiles++] = argv[i];
  }
  if (!nfiles) files[nfiles++] = "-";
  memset(&cfg, 0, sizeof cfg);
  cfg.log_fn = cli_log_fn;
  cfg.ud = &lg;
  if (parse) {
    cfg.model_path = model ? model : cli_default_model();
    if (!cfg.model_path) {
      free(files);
      return cli_fail(cmd, "no model: pass --model FILE or set ANNALS_MODEL (models/en.annals-model not found)");
    }
  }
  errbuf[0] = '\0';
  if (annals_engine_open(&cfg, &eng, errbuf, sizeof errbuf) != ANNALS_OK ||
      annals_doc_new(eng, &doc) != ANNALS_OK) {
    annals_engine_close(eng);
    free(files);
    return cli_fail(cmd, "%s", *errbuf ? errbuf : "out of memory");
  }
  for (i = 0; i < nfiles; i++) {
    annals_reader *r = NULL;
    const annals_story *st;
    annals_status rc = annals_reader_open(&cfg, files[i], inf, &r);
    if (rc != ANNALS_OK) {
      cli_fail(cmd, "%s", r ? annals_reader_errmsg(r) : annals_status_str(rc));
      annals_reader_close(r);
      status = 2;
      continue;
    }
    while ((rc = annals_reader_next(r, &st)) == ANNALS_OK && st) {
      if ((rc = annals_doc_segment(doc, st)) != ANNALS_OK) break;
      if (parse && (rc = annals_doc_parse(doc)) != ANNALS_OK) break;
      if (of == F_CONLLU) write_conllu(stdout, st, doc);
      else if (of == F_JSONL) write_jsonl(stdout, st, doc);
      else write_text(stdout, st, doc);
      if (!strcmp(files[i], "-")) fflush(stdout);   /* a pipe: results as they come */
    }
    if (rc != ANNALS_OK) {
      cli_fail(cmd, "%s: %s", files[i], *annals_doc_errmsg(doc) ? annals_doc_errmsg(doc) : annals_reader_errmsg(r));
      status = 2;
    }
    {
      const annals_reader_stats *s = annals_reader_stats_get(r);
      unsigned long long p = s->bad_records + s->bad_utf8 + s->control_chars + s->cut;
      if (p && !lg.quiet)
        fprintf(stderr, "annals %s: %s: %llu stories; %llu bad records skipped, %llu invalid UTF-8 replaced, "
                        "%llu control characters, %llu paragraphs split\n", cmd, files[i],
                (unsigned long long)s->stories, (unsigned long long)s->bad_records,
                (unsigned long long)s->bad_utf8, (unsigned long long)s->control_chars,
                (unsigned long long)s->cut);
      problems += p;
    }
    annals_reader_close(r);
  }
  annals_doc_free(doc);
  annals_engine_close(eng);
  free(files);
  if (fflush(stdout) != 0 || ferror(stdout)) return cli_fail(cmd, "error writing output");
  if (status) return status;
  return strict && (problems || lg.errors || lg.warnings) ? 1 : 0;
}
