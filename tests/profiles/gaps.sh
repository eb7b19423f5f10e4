#!/bin/sh
# tests/profiles/gaps.sh - the outputs that close issue 6's SSH gaps, read
# by the shipped profiles through `swinspect parse`, in the forms the lab
# devices do not show (tests/profiles/lab-a.sh and lab-b.sh check the
# others end to end): IOS's archive saying nothing differs, IOS-XE Smart
# Licensing, NX-OS Smart Licensing, an EOS without licence files, a
# Comware 7 diff with a hunk, a three-member Junos virtual chassis.  The
# outputs (tests/profiles/data/gaps/) are the project's own, written from
# the vendors' documented layouts.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
"$SWINSPECT" profiles list >/dev/null 2>&1 ||
	skip "this swinspect has no profile engine ('swinspect profiles list')"
scratch
DATA="$top_srcdir/tests/profiles/data/gaps"

# parse PROFILE COMMAND FILE: the facts in $SCRATCH/facts.json
parse() {
	"$SWINSPECT" parse --profile "$1" --command "$2" "$DATA/$3" \
		>"$SCRATCH/facts.json" 2>"$SCRATCH/err"
	rc=$?
	check "$1 '$2' on $3: parse exits 0 (got $rc: $(head -c 200 "$SCRATCH/err"))" [ "$rc" -eq 0 ]
}
val() { json_get "$SCRATCH/facts.json" "json.dumps($1)" 2>&1; }
is() {	# DESC EXPR EXPECTED(JSON)
	got=$(val "$2")
	if [ "$got" = "$3" ]; then ok "$1"; else fail "$1 (got $got, expected $3)"; fi
}

parse cisco-ios "show archive config differences" ios_show_archive_config_differences_same.txt
is "IOS archive: no changes found is saved" "d['config']['saved']" true

parse cisco-ios "show license usage" ios_show_license_usage_smart.txt
is "IOS-XE Smart Licensing: a perpetual licence in use, a subscription in evaluation" \
	"[(l['name'], l['status'], l.get('permanent')) for l in d['license']]" \
	'[["network-advantage", "active", true], ["dna-advantage", "evaluation", false]]'

parse cisco-nxos "show license usage" nxos_show_license_usage_smart.txt
is "NX-OS Smart Licensing: entitlements, not the authorization block" \
	"[(l['name'], l['status']) for l in d['license']]" \
	'[["LAN_ENTERPRISE_SERVICES_PKG", "active"], ["NETWORK_SERVICES_PKG", "inactive"]]'

"$SWINSPECT" parse --profile arista-eos --command "show license" "$DATA/eos_show_license_none.txt" \
	>"$SCRATCH/facts.json" 2>"$SCRATCH/err"
rc=$?
check "EOS without licence files: parse exits 0 (got $rc)" [ "$rc" -eq 0 ]
is "EOS without licence files: no licence" "d.get('license', [])" '[]'

parse h3c-comware "display diff current-configuration startup-configuration" comware_display_diff_changed.txt
is "Comware diff with a hunk: not saved" "d['config']['saved']" false

parse juniper-junos "show virtual-chassis" junos_show_virtual-chassis_three.txt
is "Junos virtual chassis: three members, roles, states, serials; continuation lines skipped" \
	"[(m['id'], m.get('role'), m['status'], m['serial'], m.get('priority')) for m in d['stack']['members']]" \
	'[[0, "active", "ok", "NX0217350101", 129], [1, "standby", "ok", "NX0217350102", 129], [2, null, "absent", "NX0217350103", null]]'
finish
