#!/bin/sh
# Issue 6's done-criterion for the offline import: the net_inspect session
# logs and diagnostic dumps in $SWINSPECT_SHARED_FIXTURES/cli/*/_sessions
# import (each into its own bundle) with the right profile, schema-valid,
# and their facts hold the CPU, memory, fan and power readings those logs
# show (tests/import/shared.json, read off the logs by hand).  A reading
# whose profile does not parse that command yet is PENDING, not failed.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
# $SWINSPECT_SHARED_FIXTURES is the fixtures folder (or the shared folder
# holding it), else $top_srcdir/../shared/fixtures
FIX=${SWINSPECT_SHARED_FIXTURES:-$top_srcdir/../shared/fixtures}
S="$FIX/cli"
[ -d "$S" ] || S="$FIX/fixtures/cli"
[ -d "$S" ] || skip "no shared fixtures at $FIX (cli/*/_sessions)"
scratch
PROFILES="$top_srcdir/collectors/profiles"
n=0
for f in "$S"/*/_sessions/*; do
	[ -f "$f" ] || continue
	b=$(basename "$f")
	n=$((n + 1))
	OUT="$SCRATCH/$b"
	"$SWINSPECT" import -o "$OUT" "$f" >"$SCRATCH/$b.log" 2>&1
	rc=$?
	check "$b imports (exit 0)" [ "$rc" -eq 0 ]
	[ "$rc" -eq 0 ] || cat "$SCRATCH/$b.log"
	check "$b: one device" [ "$(ls "$OUT/devices" 2>/dev/null | wc -l)" -eq 1 ]
	if ! "$PYTHON3" -c 'import json, sys; sys.exit(sys.argv[2] not in
		json.load(open(sys.argv[1])))' "$top_srcdir/tests/import/shared.json" "$b"
	then
		fail "$b: no expectations in tests/import/shared.json"
		continue
	fi
	"$PYTHON3" "$top_srcdir/tests/import/expect.py" "$OUT" \
		"$top_srcdir/tests/import/shared.json" "$PROFILES" "$b" \
		>"$SCRATCH/$b.expect"
	rc=$?
	sed "s|^|$b: |" "$SCRATCH/$b.expect"
	check "$b: profile and readings" [ "$rc" -eq 0 ]
done
check "the six net_inspect recordings are there" [ "$n" -eq 6 ]
"$PYTHON3" "$SCHEMA_CHECK" "$FACTS_SCHEMA" "$SCRATCH" >"$SCRATCH/schema" 2>&1
rc=$?
[ "$rc" -eq 77 ] && skip "python3-jsonschema missing"
check "every imported facts.json is schema-valid" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || cat "$SCRATCH/schema"
finish
