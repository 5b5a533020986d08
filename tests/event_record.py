#!/usr/bin/env python3
"""Checks annals' event output against docs/event-record.md (see tests/event_record.sh)."""
import csv, json, os, re, sys

doc, out, gdelt_cols, errors = sys.argv[1:5]
passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print('FAIL', what)


def table_after(text, heading):
    """Rows of the first markdown table after a heading: [(names, type)]."""
    part = text.split(heading, 1)[1]
    rows, started = [], False
    for line in part.splitlines():
        if line.startswith('|'):
            started = True
            cells = [c.strip() for c in line.strip('|').split('|')]
            if cells[0] in ('field', '---') or set(cells[0]) <= set('- '):
                continue
            names = re.findall(r'`([a-z_]+)`', cells[0])
            rows.append((names, cells[1]))
        elif started:
            break
    return rows


TYPES = {'string': (str,), 'integer': (int,), 'object': (dict,), 'array': (list,), 'number': (int, float),
         'object or null': (dict, type(None)), 'array or null': (list, type(None))}

text = open(doc, encoding='utf-8').read()
top = table_after(text, '## JSONL fields')
actor = table_after(text, 'Actor objects')
check(len(top) >= 15 and len(actor) == 6, 'the schema tables of docs/event-record.md are readable')
if os.path.exists(errors):
    check(False, open(errors).read().strip())

recs = [json.loads(l) for l in open(os.path.join(out, 'out.jsonl'), encoding='utf-8')]
check(len(recs) >= 5, 'sample output has events (%d)' % len(recs))
want = {n: t for names, t in top for n in names}
for r in recs:
    check(set(r) == set(want), 'record fields %s differ from the document: extra %s, missing %s' %
          (r.get('id'), sorted(set(r) - set(want)), sorted(set(want) - set(r))))
    for k, t in want.items():
        check(isinstance(r.get(k), TYPES.get(t, (object,))), '%s: %s is not %s' % (r.get('id'), k, t))
    for side in ('source', 'target'):
        a = r[side]
        for names, t in actor:
            for n in names:
                check(n in a and isinstance(a[n], TYPES.get(t, (object,))), '%s.%s is not %s' % (side, n, t))
    ev = r['event']
    check(set(ev) == {'code', 'root', 'name', 'quad_class', 'goldstein', 'plover', 'paired', 'passive', 'derived'}, 'event fields')
    check(ev['root'] == ev['code'][:2] and ev['quad_class'] in (1, 2, 3, 4), 'event root and quad class')
    check(set(r['verb']) == {'text', 'lemma', 'span', 'pattern'}, 'verb fields')
    check(r['status'] in ('asserted', 'claimed', 'denied', 'unverified', 'hypothetical', 'negated'), 'status value')
    check(r['date_source'] in ('story', 'text') and re.fullmatch(r'\d{4}-\d\d-\d\d|', r['date']), 'date fields')
    check(re.fullmatch(r'ev-[0-9a-f]{16}', r['id']) is not None, 'id form')
check(len({r['id'] for r in recs}) == len(recs), 'ids are unique')

# CSV: the columns the document lists, one row per JSONL record, RFC 4180
rows = list(csv.reader(open(os.path.join(out, 'out.csv'), encoding='utf-8', newline='')))
csv_doc = text.split('## CSV', 1)[1].split('##', 1)[0]
cols = re.findall(r'`([a-z_]+)`', csv_doc)
expanded = []
for c in cols:
    if c == 'target_':
        expanded += ['target_' + x for x in ('code', 'country', 'role', 'text', 'start', 'end', 'entry')]
    else:
        expanded.append(c)
check(rows and rows[0] == expanded, 'CSV header matches the document: %s' % (rows[0] if rows else None))
check(len(rows) - 1 == len(recs), 'CSV has one row per event')
check(all(len(x) == len(rows[0]) for x in rows), 'CSV rows have the header\'s width')

# GDELT: 61 columns, loads with pandas under GDELT's names with the right types
names = [l.strip() for l in open(gdelt_cols) if l.strip()] if os.path.exists(gdelt_cols) else []
lines = open(os.path.join(out, 'out.gdelt'), encoding='utf-8').read().splitlines()
check(len(lines) == len(recs), 'GDELT has one row per event')
check(all(len(l.split('\t')) == 61 for l in lines), 'every GDELT row has exactly 61 columns')
if names:
    check(len(names) == 61, 'GDELT column list')
    try:
        import pandas as pd
        df = pd.read_csv(os.path.join(out, 'out.gdelt'), sep='\t', header=None, names=names,
                         dtype={'EventCode': str, 'EventBaseCode': str, 'EventRootCode': str})
        check(len(df) == len(recs), 'pandas reads every row')
        check(str(df['GLOBALEVENTID'].dtype) == 'int64' and str(df['SQLDATE'].dtype) == 'int64', 'ids and dates are integers')
        check(str(df['QuadClass'].dtype) == 'int64' and str(df['GoldsteinScale'].dtype) == 'float64', 'QuadClass, Goldstein')
        check(all(c == r['event']['code'] for c, r in zip(df['EventCode'], recs)), 'event codes keep their leading zero')
        check(all(a == r['source']['code'] or (pd.isna(a) and r['source']['code'] == '---')
                  for a, r in zip(df['Actor1Code'], recs)), 'Actor1Code is the source')
    except ImportError:
        print('skip: python3-pandas not installed (scripts/install-deps.sh installs it)')
else:
    print('skip: ../shared/data/gdelt/events-2.0-columns.txt absent')

pl = open(os.path.join(out, 'out.petrarch'), encoding='utf-8').read().splitlines()
check(len(pl) == len(recs) and all(len(l.split('\t')) == 7 for l in pl), 'PETRARCH lines: 7 fields each')
print('%d passed, %d failed' % (passed, failed))
sys.exit(1 if failed else 0)
