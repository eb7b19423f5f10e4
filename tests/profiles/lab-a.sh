#!/bin/sh
# tests/profiles/lab-a.sh - the cisco-ios, cisco-nxos, arista-eos,
# juniper-junos and sonic profiles inspect their emulated devices
# (tests/lab/cli/) end to end through the lab's real sshd: `swinspect
# collect` with an SSH-only inventory, then with SNMP and SSH together
# (snmpsim serving tests/lab/snmprec/ recordings of the same names).  Every
# facts document must be schema-valid; lab-a-check.py asserts the values
# (version, serial, model, counts of fans / PSUs / temperatures, thresholds,
# load, configuration facts) and that no object is listed twice.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
DEVICES="cisco-ios-c2960x cisco-nxos-n9k arista-eos-7050 juniper-ex4300 sonic-as7326"
CHECK="$top_srcdir/tests/profiles/lab-a-check.py"
lab_start

port_of() {
	printf '%s\n' "$LAB_SSHD_DEVICES" | tr ' ' '\n' | sed -n "s/^$1:\([0-9]*\)\$/\1/p"
}

inventory() {	# inventory FILE snmp|nosnmp
	{
		printf 'defaults:\n'
		if [ "$2" = snmp ]; then
			printf '  snmp: {version: 2c, port: %s, timeout_ms: 2000, retries: 1}\n' "$LAB_SNMPSIM_PORT"
		else
			printf '  snmp: false\n'
		fi
		printf '  ssh: {username: %s, key_file: %s, known_hosts: %s, timeout_ms: 10000}\n' \
			"$LAB_SSH_USER" "$LAB_SSH_KEY" "$LAB_KNOWN_HOSTS"
		printf 'devices:\n'
		for d in $DEVICES; do
			p=$(port_of "$d")
			[ -n "$p" ] || { echo "no lab port for $d" >&2; return 1; }
			printf '  - name: %s\n    address: 127.0.0.1\n    ssh: {port: %s}\n' "$d" "$p"
			[ "$2" = snmp ] && printf '    snmp: {community_env: COMM_%s}\n' "$(printf '%s' "$d" | tr 'a-z-' 'A-Z_')"
		done
		return 0
	} >"$1"
}
for d in $DEVICES; do
	export "COMM_$(printf '%s' "$d" | tr 'a-z-' 'A-Z_')=$d"
done

for mode in ssh both; do
	out="$SCRATCH/out-$mode"
	if [ $mode = ssh ]; then inventory "$SCRATCH/inv-$mode.yaml" nosnmp; else inventory "$SCRATCH/inv-$mode.yaml" snmp; fi ||
		fail "inventory for $mode"
	"$SWINSPECT" collect -i "$SCRATCH/inv-$mode.yaml" -o "$out" >"$SCRATCH/collect-$mode.log" 2>&1
	rc=$?
	check "collect ($mode) exits 0 (got $rc)" [ "$rc" -eq 0 ]
	# The SSH collector must apply the profiles: until it does, there is
	# nothing of theirs to check (the sessions themselves are tested by
	# tests/ssh/*.sh).
	if [ $mode = ssh ] && ! grep -q '"ssh:show' "$out"/devices/*/facts.json 2>/dev/null; then
		skip "the SSH collector does not apply vendor profiles yet (no ssh: facts)"
	fi
	if "$PYTHON3" "$SCHEMA_CHECK" "$FACTS_SCHEMA" "$out" >"$SCRATCH/schema-$mode.log" 2>&1; then
		ok "facts of $mode schema-valid"
	else
		fail "facts of $mode schema-valid: $(head -c 600 "$SCRATCH/schema-$mode.log")"
	fi
	"$PYTHON3" "$CHECK" "$mode" "$out" $DEVICES >"$SCRATCH/check-$mode.log" 2>&1
	rc=$?
	cat "$SCRATCH/check-$mode.log"
	checks=$((checks + $(grep -c '^ok: ' "$SCRATCH/check-$mode.log")))
	n=$(grep -c '^FAIL: ' "$SCRATCH/check-$mode.log")
	checks=$((checks + n))
	failures=$((failures + n))
	[ "$rc" -le 1 ] || fail "lab-a-check.py $mode: exit $rc"
done
finish
