#!/bin/sh
# tests/run.sh BUILD_DIR: runs every unit test program and the golden suites,
# adds up their "N passed, N failed" lines and ends with the total line.
B=${1:-build}
passed=0; failed=0
log=$(mktemp); trap 'rm -f "$log"' EXIT
tally() { # NAME, then the output in $log
  line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
  if [ -z "$line" ]; then
    echo "FAIL $1 (no result line; it crashed or exited early)"; sed 's/^/  /' "$log" | tail -n 20
    failed=$((failed + 1)); return
  fi
  p=${line%% passed*}; f=${line#*passed, }; f=${f%% failed*}
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$f" != 0 ]; then echo "FAIL $1: $line"; grep -v -E '^[0-9]+ passed' "$log" | sed 's/^/  /' | tail -n 40
  else echo "ok   $1: $line"; fi
}
for t in "$B"/tests/test_*; do
  [ -x "$t" ] || continue
  (cd "$(dirname "$0")/.." && "$t") >"$log" 2>&1
  rc=$?
  if [ $rc -ne 0 ] && ! grep -qE '^[0-9]+ passed, [1-9][0-9]* failed' "$log"; then
    grep -qE '^[0-9]+ passed' "$log" && echo "  ($t exited $rc)" && echo "0 passed, 1 failed" >>"$log"
  fi
  tally "$(basename "$t")"
done
for s in tests/golden/run.sh tests/cli.sh tests/event_record.sh; do
  [ -f "$s" ] || continue
  sh "$s" "$B" >"$log" 2>&1
  tally "$s"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
