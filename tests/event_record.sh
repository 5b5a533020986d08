#!/bin/sh
# tests/event_record.sh BUILD_DIR: the event record of docs/event-record.md against what
# annals code writes (JSONL fields and types, CSV columns, GDELT's 61 columns loaded
# with pandas under GDELT's column names). Ends with "N passed, N failed".
B=${1:-build}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
if [ ! -f models/en.annals-model ] || [ -z "$PY" ]; then
  echo "skip: needs models/en.annals-model and python3"; echo "0 passed, 0 failed"; exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
IN=tests/golden/code/own_events.in
for f in jsonl csv gdelt petrarch; do
  "$B/annals" code --quiet --dict tests/fixtures/own --format $f "$IN" >"$tmp/out.$f" || echo "annals code --format $f failed" >>"$tmp/errors"
done
exec "$PY" tests/event_record.py docs/event-record.md "$tmp" ../shared/data/gdelt/events-2.0-columns.txt "$tmp/errors"
