#!/bin/sh
# The SNMP collector over the project's own recordings, without a network:
# tests/snmp/recfacts runs the collector (the installed MIB maps and
# identity rules) over each recording in memory.
#
#   tests/snmp/data/*.snmprec   families the lab does not cover (IOS-XE,
#                               YunShan, Aruba CX, ProCurve, Dell OS10 and
#                               OS9, Cumulus), each with <name>.expect.json:
#                               "path.0.field": value pairs the facts must
#                               hold, "count:path": list lengths
#   tests/lab/snmprec/*.snmprec the lab's devices (Cisco IOS, NX-OS, Huawei
#                               VRP, H3C, Arista, Juniper, SONiC, Inspur CN
#                               and S): collected without failure, valid
#
# Every facts document is also validated against the facts schema.  Runs on
# a fresh clone (no ../shared needed).
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

RECFACTS="$top_builddir/tests/snmp/recfacts"
[ -x "$RECFACTS" ] || { echo "FAIL: $RECFACTS is not built"; exit 99; }
scratch
mkdir -p "$SCRATCH/facts"

for rec in "$top_srcdir"/tests/snmp/data/*.snmprec "$top_srcdir"/tests/lab/snmprec/*.snmprec; do
	[ -f "$rec" ] || continue
	name=$(basename "$rec" .snmprec)
	out="$SCRATCH/facts/$name.json"
	if ! "$RECFACTS" "$rec" >"$out" 2>"$SCRATCH/$name.err"; then
		fail "$name: recfacts failed"
		cat "$SCRATCH/$name.err"
		continue
	fi
	if [ -s "$SCRATCH/$name.err" ]; then
		fail "$name: messages while collecting"
		cat "$SCRATCH/$name.err"
	fi
	st=$(json_get "$out" "d['sources']['snmp']['status']")
	check "$name: snmp status ok (got $st)" [ "$st" = ok ]
	expect="${rec%.snmprec}.expect.json"
	[ -f "$expect" ] || continue
	if "$PYTHON3" - "$expect" "$out" >"$SCRATCH/$name.cmp" <<'EOF'
import json, sys
expect = json.load(open(sys.argv[1], encoding="utf-8"))
facts = json.load(open(sys.argv[2], encoding="utf-8"))

def get(path):
    cur = facts
    for part in path.split("."):
        if isinstance(cur, list):
            i = int(part)
            cur = cur[i] if i < len(cur) else None
        elif isinstance(cur, dict):
            cur = cur.get(part)
        else:
            return None
    return cur

bad = 0
for key, want in sorted(expect.items()):
    if key.startswith("count:"):
        got = get(key[6:])
        got = len(got) if isinstance(got, list) else None
    else:
        got = get(key)
    same = got == want or (isinstance(want, float) and isinstance(got, (int, float))
                           and abs(got - want) < 1e-6)
    if not same:
        bad += 1
        print("  %s: want %r, got %r" % (key, want, got))
sys.exit(1 if bad else 0)
EOF
	then
		ok "$name: facts as $name.expect.json says"
	else
		fail "$name: facts differ from $name.expect.json"
		cat "$SCRATCH/$name.cmp"
	fi
done

if "$PYTHON3" "$SCHEMA_CHECK" "$FACTS_SCHEMA" "$SCRATCH"/facts/*.json >"$SCRATCH/schema.log" 2>&1; then
	ok "every facts document is valid against the facts schema"
else
	fail "facts schema"
	grep -v ': valid$' "$SCRATCH/schema.log"
fi
finish
