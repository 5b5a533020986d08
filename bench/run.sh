#!/bin/sh
# bench/run.sh BUILD_DIR: the benchmarks (make bench). Pinned inputs from ../shared;
# figures go to stdout. Never part of make check.
B=${1:-build}
cd "$(dirname "$0")/.." || exit 2
REUTERS=../shared/data/corpora/reuters21578.jsonl
if [ ! -f "$REUTERS" ]; then echo "bench: $REUTERS not found; skipping"; exit 0; fi
echo "== segmentation + tokenization, single thread: $REUTERS"
"$B/bench/bench_segment" "$REUTERS" 3
echo "== streaming memory: 1 GB of JSONL through 'annals segment --format jsonl -'"
# 50 copies of the corpus (about 1 GB) piped in; peak RSS must stay bounded
( i=0; while [ $i -lt 50 ]; do cat "$REUTERS"; i=$((i + 1)); done ) |
  /usr/bin/time -f "segment: 1 GB stream: %e s, peak RSS %M KB" "$B/annals" segment --format jsonl - >/dev/null
MODEL=models/en.annals-model
DICTS=../shared/data/petrarch/dictionaries
if [ -f "$MODEL" ]; then
  echo "== parse (tag + lemma + parse), single thread: $REUTERS"
  "$B/bench/bench_pipeline" "$MODEL" "$REUTERS"
  if [ -d "$DICTS" ]; then
    echo "== code end to end (raw text -> events, Phoenix dictionaries), single thread: $REUTERS"
    "$B/bench/bench_pipeline" "$MODEL" "$REUTERS" "petrarch:$DICTS"
  fi
  echo "== code end to end (raw text -> events, annals dictionaries dict/), single thread: $REUTERS"
  "$B/bench/bench_pipeline" "$MODEL" "$REUTERS" dict
fi
for b in "$B"/bench/bench_*; do
  case "$b" in */bench_segment|*/bench_pipeline) continue ;; esac
  [ -x "$b" ] && { echo "== $(basename "$b")"; "$b"; }
done
exit 0
