#!/bin/sh
# tests/profiles/compare.sh - running versus saved configuration where the
# device has no diff command (Comware 5): the h3c-comware profile's
# `compare:` of `display current-configuration` with `display
# saved-configuration` (doc/profiles.md: Comparing two outputs), through
# `swinspect import` of two session logs, the project's own
# (tests/profiles/data/compare/): one whose saved copy differs from the
# running configuration only by trailing blanks and blank lines (saved),
# one with a renamed VLAN and a port moved since the save (not saved).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
"$SWINSPECT" profiles list >/dev/null 2>&1 ||
	skip "this swinspect has no profile engine ('swinspect profiles list')"
scratch
DATA="$top_srcdir/tests/profiles/data/compare"

for case in saved:true unsaved:false; do
	name=${case%%:*} want=${case#*:}
	out="$SCRATCH/$name"
	"$SWINSPECT" import -o "$out" "$DATA/comware5_$name.log" >"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
	rc=$?
	check "comware5_$name.log: import exits 0 (got $rc: $(head -c 200 "$SCRATCH/stderr"))" [ "$rc" -eq 0 ]
	F="$out/devices/ACC-S5120-07/facts.json"
	got=$(json_get "$F" "d['sources']['import']['profile']" 2>&1)
	check "comware5_$name.log: recognised as h3c-comware (got $got)" [ "$got" = h3c-comware ]
	got=$(json_get "$F" "json.dumps(d['config'].get('saved'))" 2>&1)
	check "comware5_$name.log: config.saved is $want (got $got)" [ "$got" = "$want" ]
	got=$(json_get "$F" "d['config']['src']['saved']" 2>&1)
	check "comware5_$name.log: saved comes from the comparison (got $got)" \
		[ "$got" = "import:display current-configuration vs display saved-configuration" ]
	check "comware5_$name.log: facts validate against the schema" validate_facts "$(dirname "$F")"
done

# only one of the two outputs: nothing is said
sed '/display saved-configuration/,$d' "$DATA/comware5_saved.log" >"$SCRATCH/half.log"
"$SWINSPECT" import -o "$SCRATCH/half" "$SCRATCH/half.log" >/dev/null 2>&1
got=$(json_get "$SCRATCH/half/devices/ACC-S5120-07/facts.json" "json.dumps(d.get('config', {}).get('saved'))" 2>&1)
check "without display saved-configuration: config.saved absent (got $got)" [ "$got" = null ]
finish
