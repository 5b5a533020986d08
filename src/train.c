/* train.c: annals_train: CoNLL-U -> tagger + lemmatizer + parser -> model file.
** Plan: (1) two threads train two final taggers on all of train (seeds differ; their sum,
** one linear model scoring like both, is the tagger: +0.1 UPOS on GUM news, +0.25 on EWT
** test) and four jackknife taggers, each on 3/4 of train, which tag the held-out quarter,
** so the parser trains on tags as noisy as at run time; (2) two threads train the
** tagger's two second passes and four parsers with different seeds; of the four and
** their sum (an ensemble at the cost of one model), each pruned to the 16 MiB file
** budget, the best on dev LAS is kept. (3) Refit (default): dev has chosen every epoch
** count, the second pass, the pruning and the parser candidate; the whole recipe runs
** again on train + dev with exactly those choices, so the shipped model learns from 12%
** more sentences (+0.8 LAS on GUM news, +0.5 on EWT test) while dev still did the early
** stopping. Invariant (determinism): each job reads shared inputs only and writes its own
** outputs; which thread runs a job never changes a byte of the model. */
#include "nlp.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MODEL_BUDGET (16 * 1024 * 1024 - 64 * 1024)   /* the shipped file must stay <= 16 MiB */
#define N_PARSERS 4                                  /* parsers trained (seeds differ), summed */
#define N_TAGGERS 2                                  /* taggers (each pass; seeds differ), summed */

typedef struct trainer {
  const annals_config *cfg;
  an_mem mem;                    /* libc or cfg's allocator; its users are serialized per job */
  pthread_mutex_t log_lock;
  an_pool tagnames, labels;      /* "UPOS\tXPOS" joint tags; relations */
  an_model *m;
  an_arena arena;                /* sentence arrays */
  an_tsent *tr, *dev;
  size_t ntr, ndev;
  int folds, threads;
} trainer;

static void tlog(void *ud, const char *fmt, ...)
{
  trainer *t = ud;
  char msg[512];
  va_list ap;
  if (!t->cfg || !t->cfg->log_fn) return;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  pthread_mutex_lock(&t->log_lock);
  t->cfg->log_fn(t->cfg->ud, ANNALS_LOG_INFO, msg);
  pthread_mutex_unlock(&t->log_lock);
}

static int warn_line(void *ud, const char *msg)
{
  trainer *t = ud;
  if (t->cfg && t->cfg->log_fn) t->cfg->log_fn(t->cfg->ud, ANNALS_LOG_WARN, msg);
  return 1;
}

/* Convert a corpus to training sentences; train interns tags/labels, dev only looks up. */
static annals_status convert(trainer *t, const an_conllu_corpus *c, int train, an_tsent **out, size_t *nout)
{
  an_tsent *v = an_arena_alloc(&t->arena, (c->n_sents + 1) * sizeof *v);
  size_t i, j;
  char key[512];
  if (!v) return ANNALS_ENOMEM;
  for (i = 0; i < c->n_sents; i++) {
    const an_conllu_sent *s = &c->sents[i];
    an_tsent *d = &v[i];
    size_t n = s->n_words;
    d->n = n;
    d->form = an_arena_alloc(&t->arena, (n + 1) * sizeof *d->form);
    d->lemma = an_arena_alloc(&t->arena, (n + 1) * sizeof *d->lemma);
    d->feats = an_arena_alloc(&t->arena, (n + 1) * sizeof *d->feats);
    d->tag = an_arena_alloc(&t->arena, (n + 1) * sizeof *d->tag);
    d->ptag = an_arena_alloc(&t->arena, (n + 1) * sizeof *d->ptag);
    d->label = an_arena_alloc(&t->arena, (n + 1) * sizeof *d->label);
    d->head = an_arena_alloc(&t->arena, (n + 1) * sizeof *d->head);
    if (!d->form || !d->lemma || !d->feats || !d->tag || !d->ptag || !d->label || !d->head) return ANNALS_ENOMEM;
    for (j = 0; j < n; j++) {
      const an_conllu_word *w = &s->words[j];
      uint32_t tag, lab;
      size_t kn = (size_t)snprintf(key, sizeof key, "%s\t%s", w->upos, w->xpos);
      if (kn >= sizeof key) kn = sizeof key - 1;
      d->form[j] = w->form; d->lemma[j] = w->lemma; d->feats[j] = w->feats;
      d->head[j] = w->head;
      tag = train ? an_pool_intern(&t->tagnames, key, kn) : an_pool_find(&t->tagnames, key, kn);
      lab = train ? an_pool_intern(&t->labels, w->deprel, strlen(w->deprel)) : an_pool_find(&t->labels, w->deprel, strlen(w->deprel));
      if (train && (tag == UINT32_MAX || lab == UINT32_MAX)) return ANNALS_ENOMEM;
      d->tag[j] = tag == UINT32_MAX ? UINT16_MAX : (uint16_t)tag;
      d->label[j] = lab == UINT32_MAX ? UINT16_MAX : (uint16_t)lab;
      d->ptag[j] = d->tag[j];
    }
  }
  *out = v; *nout = c->n_sents;
  return ANNALS_OK;
}

/* ---- jobs ---- */

typedef enum { JOB_TAGGER, JOB_TAGGER2, JOB_PARSER } job_kind;
typedef struct job {
  trainer *t;
  job_kind kind;
  int fold;                      /* tagger: -1 final, else jackknife fold */
  uint64_t seed;
  int epochs, min_q;
  int fixed, best_epoch;         /* refit: exactly `epochs`; out: the epoch kept */
  an_mem mem;                    /* per job, so allocation state is never shared */
  an_tagger tagger;
  an_parser parser;
  an_tsent *sub; size_t nsub;    /* fold's training subset */
  double score;
  annals_status rc;
  char name[32];
} job;

static void run_job(job *j)
{
  trainer *t = j->t;
  an_train_cfg c;
  c.seed = j->seed; c.max_epochs = j->epochs; c.min_q = j->min_q; c.log = tlog; c.ud = t; c.name = j->name;
  c.fixed = j->fixed; c.best_epoch = &j->best_epoch;
  if (j->kind == JOB_TAGGER) {
    const an_tsent *tr = t->tr;
    size_t ntr = t->ntr, i, k = 0;
    if (j->fold >= 0) {
      j->sub = an_mem_alloc(&j->mem, (t->ntr + 1) * sizeof *j->sub);
      if (!j->sub) { j->rc = ANNALS_ENOMEM; return; }
      for (i = 0; i < t->ntr; i++) if ((int)(i % (size_t)t->folds) != j->fold) j->sub[k++] = t->tr[i];
      j->nsub = k; tr = j->sub; ntr = k;
    }
    j->rc = an_tagger_train(&j->tagger, &j->mem, t->m->n_tags, tr, ntr, t->dev, t->ndev, 0, &c, &j->score);
    if (j->rc == ANNALS_OK && j->fold >= 0) {    /* tag the held-out quarter */
      an_arena a;
      an_arena_init(&a, &j->mem, 1 << 16);
      for (i = (size_t)j->fold; i < t->ntr && j->rc == ANNALS_OK; i += (size_t)t->folds) {
        j->rc = an_tagger_tag(&j->tagger, &a, t->tr[i].form, t->tr[i].n, t->tr[i].ptag);
        an_arena_reset(&a);
      }
      an_arena_fini(&a);
    }
  } else if (j->kind == JOB_TAGGER2) {
    j->rc = an_tagger_train(&j->tagger, &j->mem, t->m->n_tags, t->tr, t->ntr, t->dev, t->ndev, 1, &c, &j->score);
  } else {
    j->rc = an_parser_train(&j->parser, &j->mem, t->m->n_labels, t->m->parser.root_label, t->m->tag_upos,
                            &t->m->tagger.amb, t->tr, t->ntr,
                            t->dev, t->ndev, &c, &j->score);
  }
}

typedef struct pool_ctx { job *jobs; size_t n, next; pthread_mutex_t lock; } pool_ctx;

static void *worker(void *arg)
{
  pool_ctx *p = arg;
  for (;;) {
    size_t i;
    pthread_mutex_lock(&p->lock);
    i = p->next++;
    pthread_mutex_unlock(&p->lock);
    if (i >= p->n) return NULL;
    run_job(&p->jobs[i]);
  }
}

/* Run jobs on up to `threads` threads (the caller's thread is one of them). */
static void run_jobs(job *jobs, size_t n, int threads)
{
  pool_ctx p;
  pthread_t th;
  int started = 0;
  p.jobs = jobs; p.n = n; p.next = 0;
  pthread_mutex_init(&p.lock, NULL);
  if (threads > 1 && n > 1 && pthread_create(&th, NULL, worker, &p) == 0) started = 1;
  worker(&p);
  if (started) pthread_join(th, NULL);
  pthread_mutex_destroy(&p.lock);
}

/* What the selection run decided, so a refit on train + dev can repeat it without
** looking at dev (which it then trains on). */
typedef struct plan {
  int refit;                     /* 0: choose on dev; 1: repeat the choices below */
  int tag_epochs[N_TAGGERS], tag2_epochs[N_TAGGERS], par_epochs[N_PARSERS];
  int has2;                      /* the tagger's second pass is kept */
  int tag_q;                     /* tagger pruning threshold (0: none) */
  size_t cand;                   /* parser candidate kept (N_PARSERS: the sum) */
  double tag_score;              /* dev accuracy of the selection run's tagger */
} plan;

/* Prune the tagger's weights (both passes) at the largest q in 100..400 that costs at most
** 0.02 points of dev accuracy: the bytes saved go to the parser, which needs them more.
** A refit prunes at the q its selection run chose. */
static annals_status prune_tagger(trainer *t, plan *pl)
{
  an_tagger *tg = &t->m->tagger;
  an_mem *mem = &t->m->mem;
  double base = an_tagger_eval(tg, mem, t->dev, t->ndev);
  int q;
  for (q = pl->refit ? pl->tag_q : 400; q >= 100; q -= 100) {
    an_tagger c = *tg;
    double acc;
    if (an_ap_pruned(&tg->ap, mem, q, &c.ap)) return ANNALS_ENOMEM;
    if (tg->has2 && an_ap_pruned(&tg->ap2, mem, q, &c.ap2)) { an_ap_model_fini(&c.ap, mem); return ANNALS_ENOMEM; }
    acc = an_tagger_eval(&c, mem, t->dev, t->ndev);
    if (pl->refit || acc >= base - 0.02) {
      an_ap_model_fini(&tg->ap, mem);
      an_ap_model_fini(&tg->ap2, mem);
      tg->ap = c.ap; tg->ap2 = c.ap2;
      tlog(t, "tagger: weights below %d/32767 pruned, dev %.2f%% (was %.2f%%): %u + %u weights", q, acc, base,
           tg->ap.n_ents, tg->ap2.n_ents);
      pl->tag_q = q;
      return ANNALS_OK;
    }
    an_ap_model_fini(&c.ap, mem);
    if (tg->has2) an_ap_model_fini(&c.ap2, mem);
  }
  if (!pl->refit) pl->tag_q = 0;
  return ANNALS_OK;
}

/* Fit a parser's weights into what the budget leaves (other = bytes of everything else),
** sized as codebook weights (two bytes each), which is how they are stored. */
static int fit(an_parser *p, an_mem *mem, size_t other, int *q_out)
{
  int lo = 1, hi = 32767;        /* the size falls as q rises: find the smallest q that fits */
  while (lo < hi) {
    int mid = lo + (hi - lo) / 2;
    if (other + an_ap_encoded_size(&p->ap, mid, 1) > MODEL_BUDGET) lo = mid + 1;
    else hi = mid;
  }
  *q_out = lo;
  return lo > 1 ? an_ap_prune(&p->ap, mem, lo) : 0;
}

/* Candidates: the N_PARSERS parsers and their sum (a linear model scoring like all of
** them together, an ensemble at the cost of one), each pruned to fit the file budget; the
** best on dev LAS with the final tagger's dev tags wins (ties: the earlier); a refit
** keeps the one its selection run kept. Consumes p[]; leaves the encoded model in out. */
static annals_status choose_parser(trainer *t, an_parser *p, plan *pl, an_buf *out)
{
  an_model *m = t->m;
  an_parser c[N_PARSERS + 1];
  size_t i, j, other, best = 0;
  double las[N_PARSERS + 1], uas;
  int q[N_PARSERS + 1];
  an_arena ar;
  for (i = 0; i < N_PARSERS; i++) { c[i] = p[i]; memset(&p[i], 0, sizeof p[i]); }
  c[N_PARSERS] = c[0];
  memset(&c[N_PARSERS].ap, 0, sizeof c[N_PARSERS].ap);
  for (i = 1; i < N_PARSERS; i++) {
    an_ap_model sum;
    if (an_ap_merge(&sum, &m->mem, i == 1 ? &c[0].ap : &c[N_PARSERS].ap, &c[i].ap)) goto nomem;
    an_ap_model_fini(&c[N_PARSERS].ap, &m->mem);
    c[N_PARSERS].ap = sum;
  }
  an_arena_init(&ar, &m->mem, 1 << 16);
  for (i = 0; i < t->ndev; i++) {          /* dev tags as at run time: both tagger passes */
    if (an_tagger_tag(&m->tagger, &ar, t->dev[i].form, t->dev[i].n, t->dev[i].ptag)) break;
    an_arena_reset(&ar);
  }
  an_arena_fini(&ar);
  memset(&m->parser.ap, 0, sizeof m->parser.ap);      /* sizes everything but the parser's weights */
  if (i < t->ndev || an_model_encode(m, out)) goto nomem;
  other = out->n - an_ap_encoded_size(&m->parser.ap, 1, 0);
  for (i = 0; i <= N_PARSERS; i++) {
    double uas0, las0;
    c[i].coarse = m->tag_upos;
    c[i].amb = &m->tagger.amb;
    if (fit(&c[i], &m->mem, other, &q[i])) goto nomem;
    an_parser_eval(&c[i], &m->mem, t->dev, t->ndev, &uas0, &las0);
    if (an_ap_quantize(&c[i].ap, &m->mem)) goto nomem;
    an_parser_eval(&c[i], &m->mem, t->dev, t->ndev, &uas, &las[i]);
    tlog(t, "parser candidate %zu%s: dev uas %.2f las %.2f on %u codebook levels (%.2f %.2f before; weights below %d/32767 pruned: %u features, %u weights)",
         i + 1, i == N_PARSERS ? " (sum of all)" : "", uas, las[i], c[i].ap.n_lv, uas0, las0, q[i], c[i].ap.n_feats, c[i].ap.n_ents);
    if (las[i] > las[best]) best = i;
  }
  if (pl->refit) best = pl->cand;
  pl->cand = best;
  m->parser = c[best];
  for (j = 0; j <= N_PARSERS; j++) if (j != best) an_parser_fini(&c[j], &m->mem);
  tlog(t, "parser: kept candidate %zu", best + 1);
  return an_model_encode(m, out) ? ANNALS_ENOMEM : ANNALS_OK;
nomem:
  memset(&m->parser.ap, 0, sizeof m->parser.ap);
  for (j = 0; j <= N_PARSERS; j++) an_parser_fini(&c[j], &m->mem);
  return ANNALS_ENOMEM;
}

static void job_init(job *jb, trainer *t, job_kind kind, int fold, uint64_t seed, int epochs, const plan *pl)
{
  memset(jb, 0, sizeof *jb);
  jb->t = t; jb->kind = kind; jb->fold = fold; jb->seed = seed; jb->epochs = epochs; jb->min_q = 1;
  jb->fixed = pl->refit;
  an_mem_init(&jb->mem, t->cfg ? t->cfg->realloc_fn : NULL, t->cfg ? t->cfg->ud : NULL);
}

/* acc += x (an_ap_merge); acc is left as it was when memory runs out. */
static int add_into(an_ap_model *acc, an_mem *mem, const an_ap_model *x)
{
  an_ap_model sum;
  if (an_ap_merge(&sum, mem, acc, x)) return -1;
  an_ap_model_fini(acc, mem);
  *acc = sum;
  return 0;
}

/* One training run of every component on t->tr, leaving the model in t->m and its bytes
** in out: (1) the final tagger and the jackknife taggers, (2) the tagger's second pass
** and N_PARSERS parsers, then the lemmatizer, pruning and the parser candidate. */
static annals_status train_all(trainer *t, plan *pl, uint64_t seed, int tag_epochs, int par_epochs, an_buf *out)
{
  an_model *m = t->m;
  job jobs[N_PARSERS + N_TAGGERS + 8];
  size_t nj = 0, i, j, nt;
  annals_status rc = ANNALS_OK;
  int threads = t->threads;
  memset(jobs, 0, sizeof jobs);
  /* phase 1: the final taggers + jackknife taggers (folds: the first tagger's epochs) */
  for (i = 0; i < N_TAGGERS + (size_t)t->folds; i++) {
    job *jb = &jobs[nj++];
    int fold = i < N_TAGGERS ? -1 : (int)(i - N_TAGGERS);
    uint64_t sd = i < N_TAGGERS ? seed * 1000003ULL + (i ? 77 * i : 0) : seed * 1000003ULL + (uint64_t)fold + 1;
    job_init(jb, t, JOB_TAGGER, fold, sd, pl->refit ? pl->tag_epochs[i < N_TAGGERS ? i : 0] : tag_epochs, pl);
    if (i < N_TAGGERS) snprintf(jb->name, sizeof jb->name, "tagger %zu", i + 1);
    else snprintf(jb->name, sizeof jb->name, "tagger fold %u", (unsigned)((unsigned)fold + 1) % 1000u);
  }
  if (t->folds == 1) nj = N_TAGGERS;     /* no jackknifing: the parser trains on gold tags */
  run_jobs(jobs, nj, threads);
  for (i = 0; i < nj; i++) if (jobs[i].rc) { rc = jobs[i].rc; goto done; }
  m->tagger = jobs[0].tagger;
  memset(&jobs[0].tagger, 0, sizeof jobs[0].tagger);
  for (i = 1; i < N_TAGGERS; i++)       /* the sum: one linear model scoring like all of them */
    if (add_into(&m->tagger.ap, &m->mem, &jobs[i].tagger.ap)) { rc = ANNALS_ENOMEM; goto done; }
  for (i = 0; i < N_TAGGERS; i++) if (!pl->refit) pl->tag_epochs[i] = jobs[i].best_epoch;
  {
    double acc = an_tagger_eval(&m->tagger, &m->mem, t->dev, t->ndev);
    if (!pl->refit) pl->tag_score = acc;
    tlog(t, "tagger: sum of %d, dev %.2f%% (tagger 1: %.2f%% after %d epochs)", N_TAGGERS, acc, jobs[0].score, jobs[0].best_epoch);
  }
  {
    an_arena a;
    an_arena_init(&a, &t->mem, 1 << 16);
    for (i = 0; i < t->ndev && rc == ANNALS_OK; i++) {
      rc = an_tagger_tag(&m->tagger, &a, t->dev[i].form, t->dev[i].n, t->dev[i].ptag);
      an_arena_reset(&a);
    }
    an_arena_fini(&a);
    if (rc) goto done;
  }
  {
    size_t ok = 0, all = 0;
    for (i = 0; i < t->ntr; i++) for (j = 0; j < t->tr[i].n; j++) { ok += t->tr[i].ptag[j] == t->tr[i].tag[j]; all++; }
    tlog(t, "tagger: jackknifed train tags %.2f%%", 100.0 * (double)ok / (double)(all ? all : 1));
  }
  for (i = 1; i < nj; i++) {
    an_tagger_fini(&jobs[i].tagger, &jobs[i].mem);
    an_mem_free(&jobs[i].mem, jobs[i].sub, (t->ntr + 1) * sizeof *jobs[i].sub);
    jobs[i].sub = NULL;
  }

  /* phase 2: the tagger's second passes (on the jackknifed first-pass tags) and the
  ** parsers, whose seeds differ */
  nj = 0;
  for (i = 0; i < N_TAGGERS + N_PARSERS; i++) {
    if (i < N_TAGGERS && (t->folds == 1 || (pl->refit && !pl->has2))) continue;   /* no honest first-pass tags, or not kept */
    if (i < N_TAGGERS) {
      job_init(&jobs[nj], t, JOB_TAGGER2, -1, seed * 1000003ULL + 99 + 100 * i, pl->refit ? pl->tag2_epochs[i] : tag_epochs, pl);
      snprintf(jobs[nj].name, sizeof jobs[nj].name, "tagger pass 2 %zu", i + 1);
    } else {
      size_t k = i - N_TAGGERS + 1;
      job_init(&jobs[nj], t, JOB_PARSER, -1, seed * 7919ULL + 17 * k, pl->refit ? pl->par_epochs[k - 1] : par_epochs, pl);
      snprintf(jobs[nj].name, sizeof jobs[nj].name, "parser %zu", k);
    }
    nj++;
  }
  run_jobs(jobs, nj, threads);
  for (i = 0; i < nj; i++) if (jobs[i].rc) { rc = jobs[i].rc; goto done; }
  nt = jobs[0].kind == JOB_TAGGER2 ? N_TAGGERS : 0;
  if (nt) {
    an_tagger c = m->tagger;
    double acc;
    int keep;
    c.ap2 = jobs[0].tagger.ap;
    memset(&jobs[0].tagger.ap, 0, sizeof jobs[0].tagger.ap);
    for (i = 1; i < nt; i++)
      if (add_into(&c.ap2, &m->mem, &jobs[i].tagger.ap)) { an_ap_model_fini(&c.ap2, &m->mem); rc = ANNALS_ENOMEM; goto done; }
    c.has2 = 1;
    acc = an_tagger_eval(&c, &m->mem, t->dev, t->ndev);
    keep = pl->refit ? pl->has2 : acc > pl->tag_score;   /* only if it helps on dev */
    if (keep) { m->tagger.ap2 = c.ap2; m->tagger.has2 = 1; }
    else an_ap_model_fini(&c.ap2, &m->mem);
    tlog(t, "tagger pass 2: sum of %zu, dev %.2f%% (pass 1: %.2f%%)%s", nt, acc, pl->tag_score, keep ? "" : ", not kept");
    if (!pl->refit) {
      pl->has2 = keep;
      for (i = 0; i < nt; i++) pl->tag2_epochs[i] = jobs[i].best_epoch;
      if (keep) pl->tag_score = acc;
    }
    for (i = 0; i < nt; i++) an_tagger_fini(&jobs[i].tagger, &jobs[i].mem);
  }
  for (i = nj - N_PARSERS; i < nj; i++) {
    tlog(t, "%s: dev las %.2f after %d epochs", jobs[i].name, jobs[i].score, jobs[i].best_epoch);
    if (!pl->refit) pl->par_epochs[i - (nj - N_PARSERS)] = jobs[i].best_epoch;
  }
  if ((rc = an_lemma_train(&m->lem, &m->mem, &m->strs, m->n_tags, m->tag_feats, t->tr, t->ntr))) goto done;
  rc = prune_tagger(t, pl);
  {
    an_parser ps[N_PARSERS];
    for (i = 0; i < N_PARSERS; i++) { ps[i] = jobs[nj - N_PARSERS + i].parser; memset(&jobs[nj - N_PARSERS + i].parser, 0, sizeof ps[i]); }
    if (rc == ANNALS_OK) rc = choose_parser(t, ps, pl, out);
    else for (i = 0; i < N_PARSERS; i++) an_parser_fini(&ps[i], &t->mem);
  }
done:
  for (i = 0; i < N_PARSERS + N_TAGGERS + 8; i++) {
    an_parser_fini(&jobs[i].parser, &jobs[i].mem);
    an_tagger_fini(&jobs[i].tagger, &jobs[i].mem);
    if (jobs[i].sub) an_mem_free(&jobs[i].mem, jobs[i].sub, (t->ntr + 1) * sizeof *jobs[i].sub);
  }
  return rc;
}

static uint64_t file_digest(const char *path)
{
  FILE *fp = fopen(path, "rb");
  uint64_t h = 0xcbf29ce484222325ULL;
  int c;
  if (!fp) return 0;
  while ((c = getc(fp)) != EOF) { h ^= (unsigned char)c; h *= 0x100000001b3ULL; }
  fclose(fp);
  return an_mix64(h);
}

static annals_status fail(char *errbuf, size_t errlen, annals_status rc, const char *fmt, ...)
{
  va_list ap;
  if (errbuf && errlen) {
    va_start(ap, fmt);
    vsnprintf(errbuf, errlen, fmt, ap);
    va_end(ap);
  }
  return rc;
}

annals_status annals_train(const annals_config *cfg, const annals_train_options *opt,
                           char *errbuf, size_t errlen)
{
  trainer t;
  an_conllu_corpus ctr, cdev;
  an_err err;
  annals_status rc = ANNALS_OK;
  size_t i;
  an_model *m = NULL;
  an_buf out;
  int tag_epochs, par_epochs, refit;
  uint64_t seed;
  plan pl;
  FILE *fp = NULL;
  if (errbuf && errlen) errbuf[0] = '\0';
  if (!opt || !opt->train_path || !opt->dev_path || !opt->out_path)
    return fail(errbuf, errlen, ANNALS_EMISUSE, "train, dev and output paths are required");
  memset(&t, 0, sizeof t);
  memset(&pl, 0, sizeof pl);
  err.rc = ANNALS_OK; err.msg[0] = '\0';
  t.cfg = cfg;
  an_mem_init(&t.mem, cfg ? cfg->realloc_fn : NULL, cfg ? cfg->ud : NULL);
  pthread_mutex_init(&t.log_lock, NULL);
  an_pool_init(&t.tagnames, &t.mem);
  an_pool_init(&t.labels, &t.mem);
  an_arena_init(&t.arena, &t.mem, 1 << 20);
  an_conllu_init(&ctr, &t.mem);
  an_conllu_init(&cdev, &t.mem);
  an_buf_init(&out, &t.mem);
  seed = opt->seed ? opt->seed : 1;
  t.threads = opt->threads == 1 ? 1 : 2;
  refit = !opt->no_refit;
  tag_epochs = opt->tagger_epochs > 0 ? opt->tagger_epochs : 12;
  par_epochs = opt->parser_epochs > 0 ? opt->parser_epochs : 15;
  t.folds = opt->folds > 0 ? opt->folds : 4;
  if (t.folds > 6) t.folds = 6;

  if ((rc = an_conllu_read_file(&ctr, opt->train_path, warn_line, &t, &err))) goto fail_err;
  if ((rc = an_conllu_read_file(&cdev, opt->dev_path, warn_line, &t, &err))) goto fail_err;
  if (ctr.n_sents == 0) { rc = fail(errbuf, errlen, ANNALS_EFORMAT, "%s: no sentences", opt->train_path); goto done; }
  if (!(m = an_mem_calloc(&t.mem, 1, sizeof *m))) { rc = ANNALS_ENOMEM; goto fail_mem; }
  m->mem = t.mem;
  an_pool_init(&m->strs, &m->mem);
  t.m = m;
  if ((rc = convert(&t, &ctr, 1, &t.tr, &t.ntr)) || (rc = convert(&t, &cdev, refit, &t.dev, &t.ndev))) goto fail_mem;
  if (t.tagnames.count > AN_AP_MAX_CLASSES || 1 + 2 * (size_t)t.labels.count > AN_AP_MAX_CLASSES) {
    rc = fail(errbuf, errlen, ANNALS_ELIMIT, "%s: %u tags and %u relations; at most %d and %d are supported",
              opt->train_path, t.tagnames.count, t.labels.count, AN_AP_MAX_CLASSES, (AN_AP_MAX_CLASSES - 1) / 2);
    goto done;
  }
  /* tag set and labels into the model's strings */
  m->n_tags = t.tagnames.count;
  m->tag_upos = an_mem_alloc(&m->mem, ((size_t)m->n_tags + 1) * sizeof *m->tag_upos);
  m->tag_xpos = an_mem_alloc(&m->mem, ((size_t)m->n_tags + 1) * sizeof *m->tag_xpos);
  m->tag_feats = an_mem_alloc(&m->mem, ((size_t)m->n_tags + 1) * sizeof *m->tag_feats);
  m->n_labels = t.labels.count;
  m->label_str = an_mem_alloc(&m->mem, ((size_t)m->n_labels + 1) * sizeof *m->label_str);
  if (!m->tag_upos || !m->tag_xpos || !m->tag_feats || !m->label_str) { rc = ANNALS_ENOMEM; goto fail_mem; }
  for (i = 0; i < m->n_tags; i++) {
    const char *k = an_pool_str(&t.tagnames, (uint32_t)i), *tab = strchr(k, '\t');
    m->tag_upos[i] = an_pool_intern(&m->strs, k, (size_t)(tab - k));
    m->tag_xpos[i] = an_pool_intern(&m->strs, tab + 1, strlen(tab + 1));
    m->tag_feats[i] = 0;
  }
  for (i = 0; i < m->n_labels; i++) {
    const char *l = an_pool_str(&t.labels, (uint32_t)i);
    m->label_str[i] = an_pool_intern(&m->strs, l, strlen(l));
  }
  if (m->mem.failed) { rc = ANNALS_ENOMEM; goto fail_mem; }
  m->parser.n_labels = m->n_labels;
  m->parser.root_label = an_pool_find(&t.labels, "root", 4);
  if (m->parser.root_label == UINT32_MAX) {
    rc = fail(errbuf, errlen, ANNALS_EFORMAT, "%s: no word has the relation 'root'", opt->train_path);
    goto done;
  }
  tlog(&t, "train: %zu sentences, %zu words; dev: %zu sentences; %u tags, %u relations",
       ctr.n_sents, ctr.n_words, cdev.n_sents, m->n_tags, m->n_labels);

  if ((rc = train_all(&t, &pl, seed, tag_epochs, par_epochs, &out))) goto fail_mem;
  if (refit) {      /* the same recipe again on train + dev, with the epochs and choices made above */
    an_tsent *all = an_arena_alloc(&t.arena, (t.ntr + t.ndev + 1) * sizeof *all);
    if (!all) { rc = ANNALS_ENOMEM; goto fail_mem; }
    memcpy(all, t.tr, t.ntr * sizeof *all);
    for (i = 0; i < t.ndev; i++) {       /* own tag arrays: dev's are re-tagged for logging */
      an_tsent *d = &all[t.ntr + i];
      *d = t.dev[i];
      d->ptag = an_arena_alloc(&t.arena, (d->n + 1) * sizeof *d->ptag);
      if (!d->ptag) { rc = ANNALS_ENOMEM; goto fail_mem; }
    }
    t.tr = all; t.ntr += t.ndev;
    an_tagger_fini(&m->tagger, &m->mem);
    an_parser_fini(&m->parser, &m->mem);
    an_lemma_fini(&m->lem, &m->mem);
    an_buf_fini(&out);
    an_buf_init(&out, &t.mem);
    pl.refit = 1;
    tlog(&t, "refit on train + dev: %zu sentences", t.ntr);
    if ((rc = train_all(&t, &pl, seed, tag_epochs, par_epochs, &out))) goto fail_mem;
  }
  {
    an_buf meta;
    char line[768];
    int k, len;
    an_buf_init(&meta, &m->mem);
    len = snprintf(line, sizeof line, "producer=annals %s\ntagger=averaged perceptron, joint UPOS|XPOS, two passes, dev %.2f\n"
                   "parser=arc-hybrid, dynamic oracle, averaged perceptron, sum of %d\nseed=%llu\ntrain_sentences=%zu\nfolds=%d\n"
                   "refit=%s\nepochs=tagger %d, pass 2 %d, parsers",
                   ANNALS_VERSION, pl.tag_score, N_PARSERS, (unsigned long long)seed, t.ntr, t.folds,
                   refit ? "train+dev" : "no", pl.tag_epochs[0], pl.tag2_epochs[0]);
    for (k = 0; k < N_PARSERS && len > 0 && (size_t)len < sizeof line; k++)
      len += snprintf(line + len, sizeof line - (size_t)len, " %d", pl.par_epochs[k]);
    if (an_buf_puts(&meta, line) || an_buf_puts(&meta, "\n")) { rc = ANNALS_ENOMEM; goto fail_mem; }
    m->meta = meta.p; m->meta_n = meta.n;
    if (meta.cap != meta.n + 1 && m->meta) {        /* exact size, as an_model_clear frees it */
      char *q = an_mem_realloc(&m->mem, meta.p, meta.cap, meta.n + 1);
      if (q) m->meta = q;
      else { m->meta = NULL; an_buf_fini(&meta); rc = ANNALS_ENOMEM; goto fail_mem; }
    }
  }
  m->digest[0] = file_digest(opt->train_path);
  m->digest[1] = file_digest(opt->dev_path);
  m->digest[2] = seed;
  m->digest[3] = an_hc(an_hc(an_hc((uint64_t)tag_epochs, (uint64_t)par_epochs), (uint64_t)t.folds), (uint64_t)refit);
  an_buf_fini(&out);
  an_buf_init(&out, &t.mem);
  if (an_model_encode(m, &out)) { rc = ANNALS_ENOMEM; goto fail_mem; }
  if (!(fp = fopen(opt->out_path, "wb")) || fwrite(out.p, 1, out.n, fp) != out.n || fclose(fp)) {
    int e = errno;
    if (fp) { fp = NULL; }
    rc = fail(errbuf, errlen, ANNALS_EIO, "%s: %s", opt->out_path, strerror(e));
    goto done;
  }
  tlog(&t, "wrote %s: %zu bytes", opt->out_path, out.n);
  goto done;
fail_err:
  fail(errbuf, errlen, rc, "%s", err.msg);
  goto done;
fail_mem:
  if (rc == ANNALS_ENOMEM) fail(errbuf, errlen, rc, "out of memory");
  else if (errbuf && errlen && !errbuf[0]) fail(errbuf, errlen, rc, "training failed: %s", annals_status_str(rc));
done:
  an_model_free(m);
  an_buf_fini(&out);
  an_conllu_fini(&ctr);
  an_conllu_fini(&cdev);
  an_arena_fini(&t.arena);
  an_pool_fini(&t.tagnames);
  an_pool_fini(&t.labels);
  pthread_mutex_destroy(&t.log_lock);
  return rc;
}
