#!/bin/sh
# tests/golden/run.sh BUILD_DIR [--update]: end-to-end cases, text in, output out.
# For each tests/golden/SUITE/NAME.in:
#   NAME.args      the annals arguments ({in} = the .in path); default "SUITE --format text {in}"
#   NAME.expected  expected standard output (one record per line)
#   NAME.status    expected exit status (default 0); "must fail" cases say 1 or 2
#   NAME.stderr    lines that standard error must contain (optional)
# --update rewrites .expected (and .status) from the current output: review the diff.
B=${1:-build}; update=${2:-}
cd "$(dirname "$0")/../.." || exit 2
passed=0; failed=0
out=$(mktemp); err=$(mktemp); trap 'rm -f "$out" "$err"' EXIT
for in in tests/golden/*/*.in; do
  [ -f "$in" ] || continue
  base=${in%.in}; suite=$(basename "$(dirname "$in")"); name=$(basename "$base")
  if [ -f "$base.args" ]; then args=$(sed "s|{in}|$in|g" "$base.args")
  else args="$suite --format text $in"; fi
  # shellcheck disable=SC2086
  "$B/annals" $args >"$out" 2>"$err" </dev/null
  status=$?
  want_status=0; [ -f "$base.status" ] && want_status=$(cat "$base.status")
  if [ "$update" = "--update" ]; then
    cp "$out" "$base.expected"
    [ "$status" != 0 ] && echo "$status" >"$base.status"
    echo "updated $suite/$name"; continue
  fi
  ok=1
  if ! cmp -s "$out" "$base.expected"; then
    ok=0; echo "FAIL $suite/$name: output differs"; diff "$base.expected" "$out" | head -20
  fi
  if [ "$status" != "$want_status" ]; then
    ok=0; echo "FAIL $suite/$name: exit status $status, expected $want_status"; head -5 "$err"
  fi
  if [ -f "$base.stderr" ]; then
    while IFS= read -r line; do
      [ -z "$line" ] && continue
      grep -qF -- "$line" "$err" || { ok=0; echo "FAIL $suite/$name: stderr lacks: $line"; head -5 "$err"; }
    done <"$base.stderr"
  fi
  if [ $ok = 1 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
