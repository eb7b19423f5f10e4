#!/bin/sh
# Real device recordings (../shared/fixtures/snmprec), each served by our own
# snmpsimd on a free loopback port, collected by `swinspect collect` the way
# a new user would run it.  Checks: the run ends (bounded), no crash or
# sanitizer report, every device reached, the facts valid against the
# schema, the identity of each recording as expected-identity.tsv says
# (vendor word; model and version tokens contained, case-insensitive), and
# the LibreNMS comparison (tests/snmp/librenms-compare.py: >= 90 % of
# temperatures, fan speeds and fan/PSU states, every disagreement explained).
#
# Skips (77) when the fixtures folder is absent: $SWINSPECT_SHARED_FIXTURES,
# else $top_srcdir/../shared/fixtures.  Keeps the collected bundle when
# SWINSPECT_KEEP_OUT names a folder to copy it to.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

FIX=${SWINSPECT_SHARED_FIXTURES:-$top_srcdir/../shared/fixtures}
[ -d "$FIX/snmprec" ] ||
	skip "no shared fixtures at $FIX (set SWINSPECT_SHARED_FIXTURES to the folder holding snmprec/ and expected-identity.tsv)"
[ -f "$FIX/expected-identity.tsv" ] || skip "no $FIX/expected-identity.tsv"
command -v snmpsimd >/dev/null 2>&1 || skip "snmpsimd is missing (Debian: apt-get install snmpsim)"
[ -x "$SWINSPECT" ] || { echo "FAIL: $SWINSPECT is not built"; exit 99; }

scratch
SIMPID=
stop_sim() {
	if [ -n "$SIMPID" ]; then
		kill "$SIMPID" 2>/dev/null
		wait "$SIMPID" 2>/dev/null
		SIMPID=
	fi
}
trap 'stop_sim; cleanup' EXIT
trap 'stop_sim; cleanup; exit 130' INT TERM

# A UDP port the kernel says is free on 127.0.0.1.
PORT=$("$PYTHON3" -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')

DATA="$SCRATCH/sim/data"
CACHE="$SCRATCH/sim/cache"
mkdir -p "$DATA" "$CACHE"
cp "$FIX"/snmprec/*.snmprec "$DATA/"
chmod 755 "$SCRATCH/sim" "$DATA"
chmod 644 "$DATA"/*.snmprec
set -- --data-dir="$DATA" --cache-dir="$CACHE" \
	--agent-udpv4-endpoint="127.0.0.1:$PORT" --v2c-arch --logging-method=null
if [ "$(id -u)" -eq 0 ]; then
	# snmpsimd drops root; its folders must be readable / writable by nobody
	chown nobody:nogroup "$CACHE"
	set -- "$@" --process-user=nobody --process-group=nogroup
fi
snmpsimd "$@" >"$SCRATCH/snmpsimd.log" 2>&1 &
SIMPID=$!

# Ready when it answers for one of the recordings (it indexes them first).
first=$(basename "$(ls "$DATA"/*.snmprec | head -n 1)" .snmprec)
i=0
until snmpget -m '' -v2c -c "$first" -t 1 -r 0 "127.0.0.1:$PORT" \
	1.3.6.1.2.1.1.1.0 >/dev/null 2>&1; do
	i=$((i + 1))
	if [ "$i" -ge 90 ] || ! kill -0 "$SIMPID" 2>/dev/null; then
		cat "$SCRATCH/snmpsimd.log"
		echo "FAIL: snmpsimd did not answer on 127.0.0.1:$PORT"
		exit 99
	fi
	sleep 1
done

# One device per recording; communities from the environment (no literal
# secrets in the inventory), a short interval for the interface rates.
INV="$SCRATCH/inventory.yaml"
{
	echo "customer: Real recordings"
	echo "defaults:"
	echo "  snmp: {version: 2c, port: $PORT, timeout_ms: 5000, retries: 1, rate_interval_s: 1}"
	echo "  ssh: false"
	echo "devices:"
	n=0
	for f in "$DATA"/*.snmprec; do
		n=$((n + 1))
		printf '  - name: %s\n    address: 127.0.0.1\n' "$(basename "$f" .snmprec)"
		printf '    snmp: {community_env: SWI_REC_%d}\n' "$n"
	done
} >"$INV"
n=0
for f in "$DATA"/*.snmprec; do
	n=$((n + 1))
	export "SWI_REC_$n=$(basename "$f" .snmprec)"
done

OUT="$SCRATCH/out"
start=$(date +%s)
timeout 900 "$SWINSPECT" collect -i "$INV" -o "$OUT" \
	>"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
rc=$?
elapsed=$(($(date +%s) - start))
echo "collect: exit $rc after ${elapsed}s for $n recordings"
check "collect exits 0 (got $rc)" [ "$rc" -eq 0 ]
if grep -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$SCRATCH/stderr" >/dev/null; then
	fail "sanitizer report in the collect output"
	sed -n '1,60p' "$SCRATCH/stderr"
else
	ok "no sanitizer report"
fi

# Every device reached, facts valid.
for f in "$DATA"/*.snmprec; do
	name=$(basename "$f" .snmprec)
	facts="$OUT/devices/$name/facts.json"
	if [ ! -s "$facts" ]; then
		fail "$name: no facts.json"
		continue
	fi
	st=$(json_get "$facts" "d['sources']['snmp']['status']")
	case $st in
	ok | partial) ok "$name: snmp $st" ;;
	*) fail "$name: snmp status $st: $(json_get "$facts" "d['sources']['snmp'].get('error')")" ;;
	esac
done
if validate_facts "$OUT" >"$SCRATCH/schema.log" 2>&1; then
	ok "every facts.json is valid against the facts schema"
else
	fail "facts schema"
	grep -v ': valid$' "$SCRATCH/schema.log" | head -20
fi

# Identity against the expected table.
"$PYTHON3" - "$FIX/expected-identity.tsv" "$OUT" >"$SCRATCH/identity.log" <<'EOF'
import json, os, sys
tsv, out = sys.argv[1], sys.argv[2]
bad = 0
for line in open(tsv, encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    name, vendors, model, version = line.rstrip("\n").split("\t")[:4]
    path = os.path.join(out, "devices", name, "facts.json")
    try:
        s = json.load(open(path, encoding="utf-8")).get("system", {})
    except OSError:
        print("FAIL: %s: no facts" % name)
        bad += 1
        continue
    got_model = s.get("model") or ""
    got_version = (s.get("os") or {}).get("version") or ""
    errs = []
    if s.get("vendor") not in vendors.split("|"):
        errs.append("vendor %r not in %s" % (s.get("vendor"), vendors))
    if model != "-" and model.lower() not in got_model.lower():
        errs.append("model %r lacks %r" % (got_model, model))
    if version != "-" and version.lower() not in got_version.lower():
        errs.append("version %r lacks %r" % (got_version, version))
    if errs:
        bad += 1
        print("FAIL: identity of %s: %s" % (name, "; ".join(errs)))
    else:
        print("ok: identity of %s: %s %s %s" % (name, s.get("vendor"), got_model, got_version))
sys.exit(1 if bad else 0)
EOF
idrc=$?
cat "$SCRATCH/identity.log"
check "identity of every recording as expected-identity.tsv says" [ "$idrc" -eq 0 ]

# The comparison with LibreNMS's own decoding of the same recordings.
"$PYTHON3" "$top_srcdir/tests/snmp/librenms-compare.py" --strict --verbose "$OUT"
lrc=$?
check "LibreNMS comparison: >= 90 % agreement, every disagreement explained" [ "$lrc" -eq 0 ]

if [ -n "${SWINSPECT_KEEP_OUT:-}" ]; then
	rm -rf "$SWINSPECT_KEEP_OUT"
	cp -r "$OUT" "$SWINSPECT_KEEP_OUT"
fi
stop_sim
finish
