/* parser.c: labeled dependency parser. Design: arc-hybrid transition system (Kuhlmann et
** al. 2011), root at the stack bottom, greedy decoding, an averaged perceptron over
** Zhang & Nivre (2011)-style features adapted to arc-hybrid (s1 plays the part of s0's
** candidate head), trained with the dynamic oracle of Goldberg & Nivre (2013) plus
** exploration (follow the model's own wrong move with p = 0.9 after epoch 1), so the
** parser learns to recover from its errors. Arc-hybrid was chosen over arc-eager for its
** simple exact oracle costs (arc-eager was tried: no better on EWT dev). Words are seen
** through lowercased forms, joint tags, UPOS (coarse tags generalize sparse tag pairs and
** triples) and the tagger's ambiguity classes (a word's usual tags: robust to tagging
** errors, +0.3 UAS on dev). Non-projective gold trees are trained toward the cheapest
** reachable tree. Invariant: every decoded sentence gets a tree with exactly one root
** child: RIGHT from the root is allowed only with an empty buffer and with label root.
** After decoding, quotation marks and a final . ! ? are re-hung by UD's conventions
** (punct_repair; +0.2 LAS on GUM news, +0.1 on EWT test). */
#include "nlp.h"

#include <stdlib.h>
#include <string.h>

typedef struct pstate {
  int n;                   /* words 1..n; 0 is the root */
  int *stack, sp;
  int b;                   /* buffer is b..n; empty when b > n */
  int *head; uint16_t *lab;
  int *l1, *l2, *r1, *r2;  /* two leftmost / rightmost children, -1 none */
  uint8_t *nl, *nr;
  uint64_t *lset, *rset;
  uint64_t *w, *p, *wp, *c;  /* per node: word, tag, word+tag hashes, coarse (UPOS) tag */
  uint64_t *am;              /* per node: the word's ambiguity class from the tagger's lexicon */
  uint16_t root_label;
} pstate;

#define NONE_W 0x1234567ULL
#define NONE_P 0x7654321ULL
#define NONE_L 0x5555ULL

static int st_init(pstate *s, an_arena *a, const char *const *forms, const uint16_t *tags, size_t n,
                   const an_parser *ps)
{
  size_t m = n + 2, i;
  char low[256];
  memset(s, 0, sizeof *s);
  s->n = (int)n;
  s->stack = an_arena_alloc(a, m * sizeof(int));
  s->head = an_arena_alloc(a, m * sizeof(int));
  s->lab = an_arena_alloc(a, m * sizeof(uint16_t));
  s->l1 = an_arena_alloc(a, 4 * m * sizeof(int));
  s->nl = an_arena_alloc(a, 2 * m);
  s->lset = an_arena_alloc(a, 2 * m * sizeof(uint64_t));
  s->w = an_arena_alloc(a, 5 * m * sizeof(uint64_t));
  if (!s->stack || !s->head || !s->lab || !s->l1 || !s->nl || !s->lset || !s->w) return -1;
  s->l2 = s->l1 + m; s->r1 = s->l2 + m; s->r2 = s->r1 + m;
  s->nr = s->nl + m;
  s->rset = s->lset + m;
  s->p = s->w + m; s->wp = s->p + m; s->c = s->wp + m; s->am = s->c + m;
  for (i = 0; i < m; i++) {
    s->head[i] = -1; s->lab[i] = 0;
    s->l1[i] = s->l2[i] = s->r1[i] = s->r2[i] = -1;
    s->nl[i] = s->nr[i] = 0;
    s->lset[i] = s->rset[i] = 0;
  }
  s->w[0] = 0xabcdefULL; s->p[0] = 0xFFFF; s->wp[0] = an_hc(s->w[0], s->p[0]); s->c[0] = 0xFFFE; s->am[0] = 0x777;
  for (i = 1; i <= n; i++) {
    const char *f = forms[i - 1];
    size_t len = strlen(f);
    if (len > sizeof low) len = sizeof low;
    an_lower(f, len, low);
    s->w[i] = an_hstr(low, len);
    s->p[i] = tags[i - 1];
    s->wp[i] = an_hc(s->w[i], s->p[i]);
    s->c[i] = ps->coarse ? ps->coarse[tags[i - 1]] : tags[i - 1];
    {   /* same key as the tagger's lexicon: hash of the lowercased form up to 64 bytes */
      uint32_t v;
      s->am[i] = ps->amb && len <= 64 && an_kvtab_get(ps->amb, s->w[i], &v) ? (uint64_t)v + 1 : 0;
    }
  }
  s->stack[0] = 0; s->sp = 1;
  s->b = 1;
  return 0;
}

static inline int terminal(const pstate *s) { return s->b > s->n && s->sp == 1; }

static void add_arc(pstate *s, int h, int d, uint16_t l)
{
  s->head[d] = h; s->lab[d] = l;
  if (d < h) {
    if (s->l1[h] < 0 || d < s->l1[h]) { s->l2[h] = s->l1[h]; s->l1[h] = d; }
    else if (s->l2[h] < 0 || d < s->l2[h]) s->l2[h] = d;
    if (s->nl[h] < 255) s->nl[h]++;
    s->lset[h] |= 1ULL << (l & 63);
  } else {
    if (s->r1[h] < 0 || d > s->r1[h]) { s->r2[h] = s->r1[h]; s->r1[h] = d; }
    else if (s->r2[h] < 0 || d > s->r2[h]) s->r2[h] = d;
    if (s->nr[h] < 255) s->nr[h]++;
    s->rset[h] |= 1ULL << (l & 63);
  }
}

/* class c: 0 SHIFT, 1+2l LEFT-l, 2+2l RIGHT-l */
static void apply(pstate *s, uint32_t c)
{
  if (c == 0) { s->stack[s->sp++] = s->b++; return; }
  {
    uint16_t l = (uint16_t)((c - 1) / 2);
    int d = s->stack[--s->sp];
    int h = (c & 1) ? s->b : s->stack[s->sp - 1];
    add_arc(s, h, d, l);
  }
}

static int valid(const pstate *s, uint32_t c)
{
  uint16_t l;
  if (c == 0) return s->b <= s->n;
  l = (uint16_t)((c - 1) / 2);
  if (c & 1) return s->sp >= 1 && s->stack[s->sp - 1] != 0 && s->b <= s->n && l != s->root_label;
  if (s->sp < 2) return 0;
  if (s->stack[s->sp - 2] == 0) return s->b > s->n && l == s->root_label;
  return l != s->root_label;
}

static size_t feats(const pstate *s, uint64_t *f)
{
  size_t k = 0;
  int s0 = s->sp >= 1 ? s->stack[s->sp - 1] : -1, s1 = s->sp >= 2 ? s->stack[s->sp - 2] : -1;
  int s2 = s->sp >= 3 ? s->stack[s->sp - 3] : -1;
  int b0 = s->b <= s->n ? s->b : -1, b1 = s->b + 1 <= s->n ? s->b + 1 : -1, b2 = s->b + 2 <= s->n ? s->b + 2 : -1;
#define W(x) ((x) >= 0 ? s->w[x] : NONE_W)
#define P(x) ((x) >= 0 ? s->p[x] : NONE_P)
#define WP(x) ((x) >= 0 ? s->wp[x] : NONE_W ^ NONE_P)
#define L(x) ((x) >= 0 ? (uint64_t)s->lab[x] : NONE_L)
#define CH(arr, x) ((x) >= 0 ? s->arr[x] : -1)
#define F1(id, a) f[k++] = an_hc(id, a)
#define F2(id, a, b) f[k++] = an_hc(an_hc(id, a), b)
#define F3(id, a, b, c) f[k++] = an_hc(an_hc(an_hc(id, a), b), c)
  uint64_t s0w = W(s0), s0p = P(s0), s0wp = WP(s0), s1w = W(s1), s1p = P(s1), s1wp = WP(s1);
  uint64_t b0w = W(b0), b0p = P(b0), b0wp = WP(b0);
  int s0l1 = CH(l1, s0), s0l2 = CH(l2, s0), s0r1 = CH(r1, s0), s0r2 = CH(r2, s0);
  int s1l1 = CH(l1, s1), s1r1 = CH(r1, s1), s1r2 = CH(r2, s1);
  int b0l1 = CH(l1, b0), b0l2 = CH(l2, b0);
  uint64_t d1 = (s0 >= 0 && b0 >= 0) ? (uint64_t)(b0 - s0 > 8 ? 8 : b0 - s0) : 9;
  uint64_t d2 = (s0 >= 0 && s1 >= 0) ? (uint64_t)(s0 - s1 > 8 ? 8 : s0 - s1) : 9;
  uint64_t s0vl = s0 >= 0 ? s->nl[s0] : 99, s0vr = s0 >= 0 ? s->nr[s0] : 99;
  uint64_t s1vl = s1 >= 0 ? s->nl[s1] : 99, s1vr = s1 >= 0 ? s->nr[s1] : 99, b0vl = b0 >= 0 ? s->nl[b0] : 99;
  uint64_t s0sl = s0 >= 0 ? s->lset[s0] : 1, s0sr = s0 >= 0 ? s->rset[s0] : 1;
  uint64_t s1sl = s1 >= 0 ? s->lset[s1] : 1, s1sr = s1 >= 0 ? s->rset[s1] : 1, b0sl = b0 >= 0 ? s->lset[b0] : 1;
  F1(1, s0wp); F1(2, s0w); F1(3, s0p);
  F1(4, b0wp); F1(5, b0w); F1(6, b0p);
  F1(7, WP(b1)); F1(8, W(b1)); F1(9, P(b1));
  F1(10, WP(b2)); F1(11, W(b2)); F1(12, P(b2));
  F1(13, s1wp); F1(14, s1w); F1(15, s1p);
  F1(16, P(s2)); F1(17, W(s2));
  F2(18, s0wp, b0wp); F2(19, s0wp, b0w); F2(20, s0w, b0wp); F2(21, s0wp, b0p); F2(22, s0p, b0wp);
  F2(23, s0w, b0w); F2(24, s0p, b0p); F2(25, b0p, P(b1));
  F2(26, s1wp, s0wp); F2(27, s1w, s0w); F2(28, s1p, s0p); F2(29, s1p, s0wp); F2(30, s1wp, s0p);
  F2(31, s1p, b0p); F2(32, s1w, b0w);
  F3(33, b0p, P(b1), P(b2)); F3(34, s0p, b0p, P(b1)); F3(35, s1p, s0p, b0p);
  F3(36, s0p, P(s0l1), b0p); F3(37, s0p, P(s0r1), b0p); F3(38, s0p, b0p, P(b0l1));
  F3(39, P(s2), s1p, s0p); F3(40, s1p, P(s1r1), s0p); F3(41, s1p, P(s1l1), s0p);
  F3(42, s1p, s0p, P(s0l1)); F3(43, s1p, s0p, P(s0r1));
  F2(44, s0w, d1); F2(45, s0p, d1); F2(46, b0w, d1); F2(47, b0p, d1);
  F3(48, s0w, b0w, d1); F3(49, s0p, b0p, d1); F3(50, s1p, s0p, d2); F3(51, s1w, s0w, d2);
  F2(52, s0w, s0vr); F2(53, s0p, s0vr); F2(54, s0w, s0vl); F2(55, s0p, s0vl);
  F2(56, b0w, b0vl); F2(57, b0p, b0vl); F2(58, s1p, s1vr); F2(59, s1p, s1vl); F2(60, s1w, s1vr);
  F1(61, W(s0l1)); F1(62, P(s0l1)); F1(63, L(s0l1)); F1(64, W(s0r1)); F1(65, P(s0r1)); F1(66, L(s0r1));
  F1(67, W(b0l1)); F1(68, P(b0l1)); F1(69, L(b0l1)); F1(70, W(s1r1)); F1(71, P(s1r1)); F1(72, L(s1r1));
  F1(73, L(s1l1)); F1(74, P(s1l1));
  F1(75, W(s0l2)); F1(76, P(s0l2)); F1(77, L(s0l2)); F1(78, W(s0r2)); F1(79, P(s0r2)); F1(80, L(s0r2));
  F1(81, W(b0l2)); F1(82, P(b0l2)); F1(83, L(b0l2));
  F3(84, s0p, P(s0l1), P(s0l2)); F3(85, s0p, P(s0r1), P(s0r2)); F3(86, b0p, P(b0l1), P(b0l2));
  F3(87, s1p, P(s1r1), P(s1r2));
  F2(88, s0w, s0sr); F2(89, s0p, s0sr); F2(90, s0w, s0sl); F2(91, s0p, s0sl);
  F2(92, b0w, b0sl); F2(93, b0p, b0sl); F2(94, s1p, s1sr); F2(95, s1p, s1sl);
  F3(96, s0p, L(s0l1), L(s0r1)); F2(97, s0p, L(s0r1)); F2(98, b0p, L(b0l1));
  F3(99, s1w, s0p, b0p); F3(100, s1p, s0w, b0p); F3(101, s1p, s0p, b0w);
  F2(102, s0p, L(s0l1)); F3(103, s1p, L(s1r1), s0p);
#define C(x) ((x) >= 0 ? s->c[x] : NONE_P)
  F2(104, C(s0), C(b0)); F3(105, C(s1), C(s0), C(b0)); F3(106, C(s0), C(b0), C(b1)); F2(107, C(s1), C(s0));
  F3(108, C(b0), C(b1), C(b2)); F3(109, C(s2), C(s1), C(s0)); F2(110, s0w, C(b0)); F2(111, C(s0), b0w);
  F3(112, C(s0), C(s0l1), C(b0)); F3(113, C(s0), C(s0r1), C(b0)); F3(114, C(s1), C(s1r1), C(s0));
  F3(115, C(s0), C(b0), C(b0l1)); F3(116, C(s0), C(b0), d1); F3(117, C(s1), C(s0), d2);
#define AM(x) ((x) >= 0 ? s->am[x] : 0x888)
  F1(150, AM(s0)); F1(151, AM(b0)); F1(152, AM(b1)); F1(153, AM(s1)); F2(154, AM(s0), AM(b0));
  F2(155, AM(s0), b0p); F2(156, s0p, AM(b0)); F3(157, AM(s1), AM(s0), AM(b0)); F2(158, AM(b0), AM(b1));
#undef AM
#undef C
  ANNALS_ASSERT(k <= AN_PARSE_MAX_FEATS);
#undef W
#undef P
#undef WP
#undef L
#undef CH
#undef F1
#undef F2
#undef F3
  return k;
}

/* ---- punctuation repairs after decoding (UD conventions the training data keeps) ---- */

/* 1 straight quote (opens or closes), 2 opening, 3 closing, 0 none */
static int quote_kind(const char *f)
{
  if (!strcmp(f, "\"")) return 1;
  if (!strcmp(f, "\xe2\x80\x9c") || !strcmp(f, "``")) return 2;      /* U+201C */
  if (!strcmp(f, "\xe2\x80\x9d") || !strcmp(f, "''")) return 3;      /* U+201D */
  return 0;
}

static int has_child(const pstate *s, int x) { return s->nl[x] || s->nr[x]; }

/* Child counts follow leaf d from head `from` to head `to` (counts cap at 255). */
static void move_leaf(pstate *s, int d, int from, int to)
{
  uint8_t *c = d < from ? &s->nl[from] : &s->nr[from];
  if (*c && *c < 255) (*c)--;
  c = d < to ? &s->nl[to] : &s->nr[to];
  if (*c < 255) (*c)++;
}

/* Would the arc h-d cross another arc of the tree (d's own arc aside)? */
static int crosses(const pstate *s, int h, int d)
{
  int lo = h < d ? h : d, hi = h < d ? d : h, i;
  for (i = 1; i <= s->n; i++) {
    int a = s->head[i], l, r;
    if (i == d || a < 0) continue;
    l = a < i ? a : i; r = a < i ? i : a;
    if ((l < lo && r > lo && r < hi) || (l > lo && l < hi && r > hi)) return 1;
  }
  return 0;
}

/* Two repairs, each kept only if the tree stays projective. (1) Quotation marks around a
** span that is one subtree hang from that subtree's head (EWT train: 573 of 575 such
** pairs). (2) A childless sentence-final . ! ? hangs from the root word (EWT train 98.5%,
** GUM news 100%). Moved marks are leaves, so the tree stays a tree; the crossing test
** is linear, so quotes are repaired only in sentences of up to 1000 words. */
static void final_to_root(pstate *s, const char *const *forms)
{
  int n = s->n, r = s->r1[0], h = s->head[n];
  if (n > 1 && r > 0 && r != n && h != r && forms[n - 1][0] && strspn(forms[n - 1], ".!?") == strlen(forms[n - 1]) &&
      !has_child(s, n)) {
    s->head[n] = r;
    if (crosses(s, r, n)) s->head[n] = h;
    else move_leaf(s, n, h, r);
  }
}

static void punct_repair(pstate *s, const char *const *forms)
{
  int n = s->n, open = 0, i;
  final_to_root(s, forms);        /* before and after the quotes: each can free the other */
  for (i = 1; i <= n && n <= 1000; i++) {
    int k = quote_kind(forms[i - 1]), a, top = 0, exits = 0, x;
    if (!k) continue;
    if (!open || k == 2) { if (k != 3) open = i; continue; }
    a = open; open = 0;
    if (i - a < 2 || has_child(s, a) || has_child(s, i)) continue;
    for (x = a + 1; x < i && exits < 2; x++)
      if (s->head[x] < a + 1 || s->head[x] > i - 1) { exits++; top = x; }
    if (exits != 1 || (s->head[a] == top && s->head[i] == top)) continue;
    {
      int ha = s->head[a], hi = s->head[i];
      s->head[a] = top; s->head[i] = top;
      if (crosses(s, top, a) || crosses(s, top, i)) { s->head[a] = ha; s->head[i] = hi; }
      else { move_leaf(s, a, ha, top); move_leaf(s, i, hi, top); }
    }
  }
  final_to_root(s, forms);
}

annals_status an_parser_parse(const an_parser *p, an_arena *a, const char *const *forms,
                              const uint16_t *tags, size_t n, int *heads, uint16_t *labels)
{
  pstate s;
  uint64_t f[AN_PARSE_MAX_FEATS];
  int32_t scores[AN_AP_MAX_CLASSES];
  size_t i;
  uint32_t nc = 1 + 2 * p->n_labels;
  if (n == 0) return ANNALS_OK;
  if (n > 100000) return ANNALS_ELIMIT;
  if (st_init(&s, a, forms, tags, n, p)) return ANNALS_ENOMEM;
  s.root_label = (uint16_t)p->root_label;
  while (!terminal(&s)) {
    size_t k = feats(&s, f);
    uint32_t c, best = UINT32_MAX;
    an_ap_score(&p->ap, f, k, scores);
    for (c = 0; c < nc; c++)
      if (valid(&s, c) && (best == UINT32_MAX || scores[c] > scores[best])) best = c;
    apply(&s, best);
  }
  punct_repair(&s, forms);
  for (i = 1; i <= n; i++) { heads[i - 1] = s.head[i]; labels[i - 1] = s.lab[i]; }
  return ANNALS_OK;
}

void an_parser_fini(an_parser *p, an_mem *mem) { an_ap_model_fini(&p->ap, mem); }

/* ---- training: dynamic oracle ---- */

/* Gold arcs lost by each transition type from state s (Goldberg & Nivre 2013, arc-hybrid). */
static void oracle_costs(const pstate *s, const int *gh, const char *onstack, int *cs, int *cl, int *cr)
{
  int s0 = s->sp >= 1 ? s->stack[s->sp - 1] : -1, s1 = s->sp >= 2 ? s->stack[s->sp - 2] : -1;
  int b0 = s->b <= s->n ? s->b : -1, i, depb = 0;
  *cs = *cl = *cr = 0;
  if (s0 > 0)
    for (i = s->b; i <= s->n; i++) depb += gh[i] == s0;
  if (b0 > 0) {     /* SHIFT: b0 loses heads and dependents deeper in the stack */
    int h = gh[b0];
    if (h >= 0 && h < b0 && onstack[h] && h != s0) (*cs)++;
    for (i = 0; i < s->sp; i++) if (gh[s->stack[i]] == b0) (*cs)++;
  }
  if (s0 > 0) {
    int h = gh[s0];
    *cl = depb + (h != b0 && ((s1 >= 0 && h == s1) || (b0 > 0 && h > b0)));
    *cr = depb + (b0 > 0 && h >= b0);
  }
}

typedef struct pdev { double uas, las; } pdev;

static pdev dev_eval(const an_parser *p, an_mem *mem, const an_tsent *dev, size_t ndev)
{
  an_arena a;
  size_t i, j, all = 0, u = 0, l = 0;
  pdev r = { 0, 0 };
  an_arena_init(&a, mem, 1 << 16);
  for (i = 0; i < ndev; i++) {
    int *h = an_arena_alloc(&a, (dev[i].n + 1) * sizeof *h);
    uint16_t *lb = an_arena_alloc(&a, (dev[i].n + 1) * sizeof *lb);
    if (!h || !lb || an_parser_parse(p, &a, dev[i].form, dev[i].ptag, dev[i].n, h, lb)) break;
    for (j = 0; j < dev[i].n; j++) {
      all++;
      if (h[j] == dev[i].head[j]) { u++; l += lb[j] == dev[i].label[j]; }
    }
    an_arena_reset(&a);
  }
  an_arena_fini(&a);
  if (all) { r.uas = 100.0 * (double)u / (double)all; r.las = 100.0 * (double)l / (double)all; }
  return r;
}

void an_parser_eval(const an_parser *p, an_mem *mem, const an_tsent *dev, size_t ndev, double *uas, double *las)
{
  pdev d = dev_eval(p, mem, dev, ndev);
  *uas = d.uas; *las = d.las;
}

annals_status an_parser_train(an_parser *out, an_mem *mem, uint32_t n_labels, uint32_t root_label,
                              const uint32_t *coarse, const an_kvtab *amb, const an_tsent *tr, size_t ntr,
                              const an_tsent *dev, size_t ndev,
                              const an_train_cfg *cfg, double *best_las)
{
  an_ap_train apt;
  an_parser cur, best;
  an_arena a;
  an_rng rng;
  size_t *order = NULL, i;
  annals_status rc = ANNALS_OK;
  int epoch, since = 0;
  double bl = -1.0;
  uint32_t nc = 1 + 2 * n_labels;
  int64_t scores[AN_AP_MAX_CLASSES];
  int cost[AN_AP_MAX_CLASSES];
  memset(out, 0, sizeof *out);
  memset(&cur, 0, sizeof cur);
  memset(&best, 0, sizeof best);
  if (nc > AN_AP_MAX_CLASSES) return ANNALS_ELIMIT;
  if (an_ap_train_init(&apt, mem, nc)) return ANNALS_ENOMEM;
  an_arena_init(&a, mem, 1 << 16);
  an_rng_seed(&rng, cfg->seed);
  cur.n_labels = best.n_labels = n_labels;
  cur.root_label = best.root_label = root_label;
  cur.coarse = best.coarse = coarse;
  cur.amb = best.amb = amb;
  if (!(order = an_mem_alloc(mem, (ntr + 1) * sizeof *order))) { rc = ANNALS_ENOMEM; goto done; }
  for (i = 0; i < ntr; i++) order[i] = i;
  for (epoch = 1; epoch <= cfg->max_epochs; epoch++) {
    size_t errs = 0, steps = 0;
    pdev d;
    for (i = ntr; i > 1; i--) { size_t r = an_rng_below(&rng, (uint32_t)i), t = order[i - 1]; order[i - 1] = order[r]; order[r] = t; }
    for (i = 0; i < ntr; i++) {
      const an_tsent *ts = &tr[order[i]];
      pstate s;
      int *gh;
      char *onstack;
      uint64_t f[AN_PARSE_MAX_FEATS];
      size_t j;
      int bad = 0;
      for (j = 0; j < ts->n; j++) if (ts->head[j] < 0 || ts->label[j] >= n_labels) bad = 1;
      if (bad || ts->n == 0) continue;
      if (st_init(&s, &a, ts->form, ts->ptag, ts->n, &cur)) { rc = ANNALS_ENOMEM; goto done; }
      s.root_label = (uint16_t)root_label;
      gh = an_arena_alloc(&a, (ts->n + 1) * sizeof *gh);
      onstack = an_arena_alloc(&a, ts->n + 1);
      if (!gh || !onstack) { rc = ANNALS_ENOMEM; goto done; }
      gh[0] = -1;
      for (j = 0; j < ts->n; j++) gh[j + 1] = ts->head[j];
      memset(onstack, 0, ts->n + 1);
      onstack[0] = 1;
      while (!terminal(&s)) {
        size_t k = feats(&s, f);
        uint32_t c, pred = UINT32_MAX, gold = UINT32_MAX, next;
        int cs, cl, cr, minc = 1 << 30;
        int s0 = s.stack[s.sp - 1], s1 = s.sp >= 2 ? s.stack[s.sp - 2] : -1;
        an_ap_train_score(&apt, f, k, scores);
        oracle_costs(&s, gh, onstack, &cs, &cl, &cr);
        for (c = 0; c < nc; c++) {
          if (!valid(&s, c)) { cost[c] = -1; continue; }
          if (c == 0) cost[c] = cs;
          else {
            uint32_t l = (c - 1) / 2;
            if (c & 1) cost[c] = cl + (gh[s0] == s.b && l != ts->label[s0 - 1]);
            else cost[c] = cr + (gh[s0] == s1 && l != ts->label[s0 - 1]);
          }
          if (cost[c] < minc) minc = cost[c];
          if (pred == UINT32_MAX || scores[c] > scores[pred]) pred = c;
        }
        for (c = 0; c < nc; c++)
          if (cost[c] == minc && (gold == UINT32_MAX || scores[c] > scores[gold])) gold = c;
        if (pred == UINT32_MAX || gold == UINT32_MAX) break;   /* no valid transition: cannot happen */
        apt.t++;
        steps++;
        next = pred;
        if (cost[pred] != minc) {
          errs++;
          if (an_ap_train_update(&apt, f, k, gold, pred)) { rc = ANNALS_ENOMEM; goto done; }
          if (epoch == 1 || an_rng_below(&rng, 100) >= 90) next = gold;
        }
        if (next == 0) onstack[s.b] = 1;
        else onstack[s0] = 0;
        apply(&s, next);
      }
      an_arena_reset(&a);
    }
    an_ap_model_fini(&cur.ap, mem);
    if (an_ap_freeze(&apt, mem, cfg->min_q, &cur.ap)) { rc = ANNALS_ENOMEM; goto done; }
    d = dev_eval(&cur, mem, dev, ndev);
    if (cfg->log)
      cfg->log(cfg->ud, "%s: epoch %d errors %.2f%% dev uas %.2f las %.2f (%u features, %u weights)", cfg->name, epoch,
               100.0 * (double)errs / (double)(steps ? steps : 1), d.uas, d.las, cur.ap.n_feats, cur.ap.n_ents);
    if (cfg->fixed || d.las > bl) {
      an_ap_model_fini(&best.ap, mem);
      best.ap = cur.ap;
      memset(&cur.ap, 0, sizeof cur.ap);
      bl = d.las;
      since = 0;
      if (cfg->best_epoch) *cfg->best_epoch = epoch;
    } else if (++since >= 3) break;
  }
  *out = best;
  memset(&best, 0, sizeof best);
  if (best_las) *best_las = bl;
done:
  an_ap_train_fini(&apt);
  an_arena_fini(&a);
  an_mem_free(mem, order, (ntr + 1) * sizeof *order);
  an_parser_fini(&cur, mem);
  an_parser_fini(&best, mem);
  return rc;
}
