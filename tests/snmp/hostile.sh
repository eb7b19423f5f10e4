#!/bin/sh
# An agent that loops, one that never ends a table, one that goes silent
# mid-walk (tests/snmp/badagent.py): the collection must end within its
# bounds, keep what it read, and say which tables failed and why
# (protocol_error for the loop, partial for the bound, timeout for the
# silence), with the device's status partial, not a hang or a crash.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

[ -x "$SWINSPECT" ] || { echo "FAIL: $SWINSPECT is not built"; exit 99; }
scratch
APID=
stop_agent() {
	if [ -n "$APID" ]; then
		kill "$APID" 2>/dev/null
		wait "$APID" 2>/dev/null
		APID=
	fi
}
trap 'stop_agent; cleanup' EXIT
trap 'stop_agent; cleanup; exit 130' INT TERM

"$PYTHON3" "$top_srcdir/tests/snmp/badagent.py" "$SCRATCH/port" &
APID=$!
i=0
while [ ! -s "$SCRATCH/port" ]; do
	i=$((i + 1))
	[ "$i" -lt 50 ] || { echo "FAIL: badagent did not start"; exit 99; }
	sleep 0.1
done
PORT=$(cat "$SCRATCH/port")
export SWI_BAD_COMM=public

cat >"$SCRATCH/inventory.yaml" <<EOF
defaults:
  ssh: false
devices:
  - name: bad
    address: 127.0.0.1
    snmp: {port: $PORT, community_env: SWI_BAD_COMM, timeout_ms: 500, retries: 0, rate_interval_s: 0}
EOF
start=$(date +%s)
timeout 300 "$SWINSPECT" collect -i "$SCRATCH/inventory.yaml" -o "$SCRATCH/out" \
	>"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
rc=$?
took=$(($(date +%s) - start))
check "collect ends (exit $rc after ${took}s, bounded)" [ "$rc" -eq 0 ] && [ "$took" -lt 240 ]
if grep -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$SCRATCH/stderr" >/dev/null; then
	fail "sanitizer report"
	sed -n '1,40p' "$SCRATCH/stderr"
fi
F="$SCRATCH/out/devices/bad/facts.json"
check "facts written" [ -s "$F" ]
validate_facts "$F" >"$SCRATCH/schema.log" 2>&1
check "facts valid against the schema" [ $? -eq 0 ]
# one reading of the (large) document for every other check
"$PYTHON3" - "$F" >"$SCRATCH/checks" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
s = d["sources"]["snmp"]
def failed(table):
    return ",".join(x["status"] for x in s.get("failed", []) if table in x["what"])
print("status", s["status"])
print("loop", failed("entPhysicalTable"))
print("endless", failed(" ifTable"))
print("silent", failed("ifXTable"))
print("descr", d["system"].get("description", "").replace(" ", "_"))
print("interfaces", len(d.get("interfaces", [])))
PY
val() { sed -n "s/^$1 //p" "$SCRATCH/checks"; }
check "status partial ($(val status))" [ "$(val status)" = partial ]
check "the looping entPhysicalTable: protocol_error ($(val loop))" [ "$(val loop)" = protocol_error ]
check "the endless ifTable: stopped at the bound ($(val endless))" [ "$(val endless)" = partial ]
check "the silent ifXTable: timeout ($(val silent))" [ "$(val silent)" = timeout ]
check "identity kept" [ "$(val descr)" = Bad_agent_for_tests ]
check "rows read before the bound are kept ($(val interfaces))" [ "$(val interfaces)" -gt 1000 ]
stop_agent
finish
