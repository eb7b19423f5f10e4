#!/bin/sh
# SIGINT in the middle of a run against the lab: no new device starts, the
# devices in flight (slow SSH sessions, SNMP to a silent port) are abandoned
# within a bound, check and report still run, report.json is valid against
# its schema and marked incomplete, inspection.json lists what was not
# inspected, exit 3.  Then `run --resume OUT` inspects only what is missing
# or failed, keeps the rest untouched, and completes the report.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
lab_start
OUT="$SCRATCH/out"
INV="$SCRATCH/inventory.yaml"
REPORT_SCHEMA="$top_srcdir/report/schema/report.schema.json"
"$PYTHON3" -c 'import jsonschema' 2>/dev/null ||
	skip "python3-jsonschema is missing"

set -- $LAB_SNMPSIM_OWN_COMMUNITIES
{
	cat <<YAML
site: Interrupt DC
period: 2026-Q4
defaults:
  snmp: {version: 2c, port: $LAB_SNMPSIM_PORT, community_env: SWI_COMM, timeout_ms: 1000, retries: 1}
  ssh: {username: $LAB_SSH_USER, key_file: $LAB_SSH_KEY, known_hosts: $LAB_KNOWN_HOSTS, port: $LAB_SSHD_PORT_FAULT_SLOW}
devices:
YAML
	# fast: snmpsim, first in the list
	for i in 1 2 3 4 5 6 7 8; do
		printf '  - {name: fast-%d, address: 127.0.0.1, ssh: false}\n' "$i"
	done
	# slow: an SSH session of about 12 s each (lines 20 ms apart)
	for i in 1 2 3 4 5 6; do
		printf '  - {name: slow-%d, address: 127.0.0.1, snmp: false}\n' "$i"
	done
	# silent: SNMP to a port where nothing listens (4 s of retries)
	for i in 1 2; do
		printf '  - {name: silent-%d, address: 127.0.0.1, ssh: false, ' "$i"
		printf 'snmp: {port: %s, timeout_ms: 2000, retries: 1}}\n' "$LAB_CLOSED_PORT"
	done
} >"$INV"
export SWI_COMM="$1"

# -- the interrupted run ------------------------------------------------------
SWINSPECT_PROGRESS=plain "$SWINSPECT" run -i "$INV" -o "$OUT" -j 4 \
	>"$SCRATCH/stdout1" 2>"$SCRATCH/stderr1" &
pid=$!
# signal once the fast devices are done and the slow ones in flight
n=0
while [ ! -s "$OUT/devices/fast-8/facts.json" ] && [ "$n" -lt 600 ]; do
	sleep 0.1
	n=$((n + 1))
done
sleep 1.5
t0=$(date +%s.%N)
kill -INT "$pid"
wait "$pid"
rc=$?
t1=$(date +%s.%N)
took=$("$PYTHON3" -c "print(round($t1 - $t0, 1))")
check "interrupted run exits 3 (got $rc)" [ "$rc" -eq 3 ]
[ "$rc" -eq 3 ] || cat "$SCRATCH/stderr1"
check "stopped ${took}s after SIGINT (bound: 8 s, SSH sessions of 12 s in flight)" \
	"$PYTHON3" -c "import sys; sys.exit(0 if $took < 8 else 1)"
check "report.json written" [ -s "$OUT/report.json" ]
check "report.json valid against its schema" \
	"$PYTHON3" "$SCHEMA_CHECK" "$REPORT_SCHEMA" "$OUT/report.json"
check "facts documents valid" validate_facts "$OUT/devices"
check "report marked incomplete" \
	[ "$(json_get "$OUT/report.json" "d['inspection']['incomplete']")" = True ]
check "inspection.json marked incomplete" \
	[ "$(json_get "$OUT/inspection.json" "d['incomplete']")" = True ]
nni=$(json_get "$OUT/inspection.json" "len(d['not_inspected'])")
check "inspection.json lists not_inspected devices ($nni)" \
	[ "$nni" -ge 6 -a "$nni" -le 8 ]
check "every not_inspected device is in report.json with that status" \
	"$PYTHON3" -c '
import json, sys
i = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2]))
st = {d["name"]: d for d in r["devices"]}
ok = all(n in st for n in i["not_inspected"]) and len(r["devices"]) == 16
sys.exit(0 if ok else 1)' "$OUT/inspection.json" "$OUT/report.json"
check "in-flight slow devices abandoned, said so" \
	grep -q 'abandoned: the run was interrupted' "$OUT/devices/slow-1/facts.json"
check "slow devices queued behind them never started" \
	grep -q "before this device's turn" "$OUT/devices/silent-2/facts.json"
check "summary says how to resume" grep -q -- '--resume OUT' "$SCRATCH/stderr1"
check "the signal was acknowledged on stderr" grep -q 'interrupted' "$SCRATCH/stderr1"

# -- resume -------------------------------------------------------------------
ok_before=$(json_get "$OUT/inspection.json" \
	"' '.join(sorted(x['name'] for x in d['devices'] if x['status'] == 'ok'))")
for n in $ok_before; do
	cp -p "$OUT/devices/$n/facts.json" "$SCRATCH/kept-$n.json"
done
SWINSPECT_PROGRESS=plain "$SWINSPECT" run -i "$INV" --resume "$OUT" -j 8 \
	>"$SCRATCH/stdout2" 2>"$SCRATCH/stderr2"
rc=$?
check "resumed run exits 2: the silent devices time out (got $rc)" [ "$rc" -eq 2 ]
[ "$rc" -eq 2 ] || cat "$SCRATCH/stderr2"
check "report.json valid against its schema" \
	"$PYTHON3" "$SCHEMA_CHECK" "$REPORT_SCHEMA" "$OUT/report.json"
check "report no longer incomplete" \
	[ "$(json_get "$OUT/report.json" "d['inspection']['incomplete']")" = False ]
check "nothing left not_inspected" \
	[ "$(json_get "$OUT/inspection.json" "len(d['not_inspected'])")" = 0 ]
kept_same=1
for n in $ok_before; do
	cmp -s "$OUT/devices/$n/facts.json" "$SCRATCH/kept-$n.json" || kept_same=0
	grep -q "\] $n " "$SCRATCH/stderr2" && kept_same=0
done
check "devices already inspected are kept, not inspected again ($ok_before)" \
	[ "$kept_same" -eq 1 -a -n "$ok_before" ]
check "slow devices now ok" \
	[ "$(json_get "$OUT/inspection.json" \
		"[x['status'] for x in d['devices'] if x['name'] == 'slow-1'][0]")" = ok ]
check "silent devices now timeout" \
	[ "$(json_get "$OUT/inspection.json" \
		"[x['status'] for x in d['devices'] if x['name'] == 'silent-2'][0]")" = timeout ]
check "every device of the inventory accounted for" \
	[ "$(json_get "$OUT/report.json" "len(d['devices'])")" = 16 ]
check "summary counts the kept devices" grep -q 'kept from the previous' "$SCRATCH/stderr2"

# -- an SNMP wait is interruptible: 20 s of retries, abandoned at once ------
cat >"$SCRATCH/silent.yaml" <<YAML
devices:
  - {name: s1, address: 127.0.0.1, ssh: false, snmp: {port: $LAB_CLOSED_PORT, community_env: SWI_COMM, timeout_ms: 5000, retries: 3}}
  - {name: s2, address: 127.0.0.1, ssh: false, snmp: {port: $LAB_CLOSED_PORT, community_env: SWI_COMM, timeout_ms: 5000, retries: 3}}
YAML
"$SWINSPECT" collect -q -i "$SCRATCH/silent.yaml" -o "$SCRATCH/out-silent" &
pid=$!
sleep 1
t0=$(date +%s.%N)
kill -TERM "$pid"
wait "$pid"
rc=$?
t1=$(date +%s.%N)
took=$("$PYTHON3" -c "print(round($t1 - $t0, 1))")
check "SIGTERM during SNMP retries: exit 3 (got $rc)" [ "$rc" -eq 3 ]
check "... ${took}s after the signal (bound: 2 s)" \
	"$PYTHON3" -c "import sys; sys.exit(0 if $took < 2 else 1)"
check "... both devices not_inspected" \
	[ "$(json_get "$SCRATCH/out-silent/inspection.json" "len(d['not_inspected'])")" = 2 ]

# -- resume without an earlier run --------------------------------------------
"$SWINSPECT" collect -i "$INV" --resume "$SCRATCH/nothing" 2>"$SCRATCH/stderr3"
rc=$?
check "--resume of a folder with no inspection: exit 65 (got $rc)" [ "$rc" -eq 65 ]
check "... saying there is nothing to resume" grep -q 'nothing to resume' "$SCRATCH/stderr3"
finish
