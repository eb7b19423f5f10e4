#!/bin/sh
# bench/snmp/run.sh - swinspect's SNMP client against Net-SNMP's snmpbulkwalk,
# same subtrees, same agent, one run.
#
#   bench/snmp/run.sh [RUNS]          (default 5 runs of each)
#
# The agent: our own snmpsimd on a free loopback port serving the real
# recordings (../shared/fixtures/snmprec, or SWINSPECT_SHARED_FIXTURES),
# else the project's own (tests/lab/snmprec, tests/snmp/data).  A first
# `swinspect collect` (which also warms snmpsimd's index) lists, per
# device, every table subtree swinspect walks; then, one device after
# another, each of RUNS times:
#   snmpbulkwalk  one process per subtree: snmpbulkwalk -v2c -m '' -On
#                 -Cr48 (no MIB loading, the same 48 repetitions as
#                 swinspect), output to /dev/null
#   walkbench     swinspect's client walking the same subtrees, whole (all
#                 columns), one session per device (bench/snmp/walkbench)
#   collect       `swinspect collect -j 1` itself: only the columns its maps
#                 use, plus evaluation and writing the facts, no rate sample
# Client CPU is user + system time of the client process and its children
# (wait4 rusage), wall the elapsed time; medians and spreads (min-max) of
# the runs, and ratios to snmpbulkwalk's medians.  Targets (issue 3):
# CPU <= 0.5, wall <= 1.0.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
SWINSPECT=${SWINSPECT:-$top_builddir/swinspect}
WALKBENCH=${WALKBENCH:-$top_builddir/bench/snmp/walkbench}
PY=/usr/bin/python3
RUNS=${1:-5}
export SWINSPECT_DATADIR=${SWINSPECT_DATADIR:-$top_srcdir}

for p in snmpsimd snmpbulkwalk snmpget; do
	command -v "$p" >/dev/null 2>&1 || { echo "bench: $p is missing"; exit 77; }
done
for p in "$SWINSPECT" "$WALKBENCH"; do
	[ -x "$p" ] || { echo "bench: $p is not built"; exit 77; }
done

W=$(mktemp -d "${TMPDIR:-/tmp}/swinspect-bench.XXXXXX")
chmod 755 "$W"
SIMPID=
cleanup() {
	[ -n "$SIMPID" ] && kill "$SIMPID" 2>/dev/null && wait "$SIMPID" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT INT TERM

FIX=${SWINSPECT_SHARED_FIXTURES:-$top_srcdir/../shared/fixtures}
mkdir -p "$W/data" "$W/cache"
if [ -d "$FIX/snmprec" ]; then
	cp "$FIX"/snmprec/*.snmprec "$W/data/"
	source_desc="real recordings ($FIX/snmprec)"
else
	cp "$top_srcdir"/tests/lab/snmprec/*.snmprec "$top_srcdir"/tests/snmp/data/*.snmprec "$W/data/"
	source_desc="the project's own recordings"
fi
chmod 755 "$W/data"
chmod 644 "$W/data"/*.snmprec
PORT=$($PY -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
set -- --data-dir="$W/data" --cache-dir="$W/cache" \
	--agent-udpv4-endpoint="127.0.0.1:$PORT" --v2c-arch --logging-method=null
if [ "$(id -u)" -eq 0 ]; then
	chown nobody:nogroup "$W/cache"
	set -- "$@" --process-user=nobody --process-group=nogroup
fi
snmpsimd "$@" >"$W/snmpsimd.log" 2>&1 &
SIMPID=$!
first=$(basename "$(ls "$W"/data/*.snmprec | head -n 1)" .snmprec)
i=0
until snmpget -m '' -v2c -c "$first" -t 1 -r 0 "127.0.0.1:$PORT" 1.3.6.1.2.1.1.1.0 >/dev/null 2>&1; do
	i=$((i + 1))
	[ "$i" -lt 90 ] || { cat "$W/snmpsimd.log"; echo "bench: snmpsimd did not start"; exit 1; }
	sleep 1
done

{
	echo "defaults:"
	echo "  ssh: false"
	echo "  snmp: {version: 2c, port: $PORT, timeout_ms: 5000, retries: 1, rate_interval_s: 0}"
	echo "devices:"
	for f in "$W"/data/*.snmprec; do
		n=$(basename "$f" .snmprec)
		printf '  - name: %s\n    address: 127.0.0.1\n    snmp: {community: "%s"}\n' "$n" "$n"
	done
} >"$W/inventory.yaml"

# Discovery (and snmpsimd warm-up): the table subtrees walked per device.
"$SWINSPECT" collect -j 1 -v -v --log-subsys snmp -i "$W/inventory.yaml" \
	-o "$W/discover" 2>"$W/discover.log" >/dev/null
$PY - "$W/discover.log" >"$W/subtrees" <<'EOF'
import re, sys
seen = set()
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    m = re.search(r"\[snmp\] (\S+): .* \(([0-9.]+)\): \d+ rows", line)
    if m and (m.group(1), m.group(2)) not in seen:
        seen.add((m.group(1), m.group(2)))
        print(m.group(1), m.group(2))
EOF
nsub=$(wc -l <"$W/subtrees")
ndev=$(ls "$W"/data/*.snmprec | wc -l)
[ "$nsub" -gt 0 ] || { echo "bench: no subtree found (see $W/discover.log)"; exit 1; }

cat >"$W/bulkwalk.sh" <<EOF
while read -r comm oid; do
	snmpbulkwalk -v2c -c "\$comm" -m '' -On -Cr48 -t 5 -r 1 127.0.0.1:$PORT "\$oid" >/dev/null 2>&1
done <"$W/subtrees"
EOF

$PY - "$RUNS" "$W" "$SWINSPECT" "$WALKBENCH" "$PORT" "$ndev" "$nsub" "$source_desc" <<'EOF'
import os, resource, statistics, subprocess, sys, time

runs, w, swi, wb, port, ndev, nsub, desc = sys.argv[1:9]
runs = int(runs)

def measure(argv):
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = p.stdout.read()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    return wall, ru.ru_utime + ru.ru_stime, out.decode(errors="replace").strip()

cmds = {
    "snmpbulkwalk": ["sh", os.path.join(w, "bulkwalk.sh")],
    "walkbench": [wb, port, os.path.join(w, "subtrees")],
    "collect": [swi, "collect", "-j", "1", "-q", "-i", os.path.join(w, "inventory.yaml"),
                "-o", os.path.join(w, "out")],
}
res = {k: ([], []) for k in cmds}
info = {}
for i in range(runs):
    for name, argv in cmds.items():
        if name == "collect":
            subprocess.run(["rm", "-rf", os.path.join(w, "out")])
        wall, cpu, out = measure(argv)
        res[name][0].append(wall)
        res[name][1].append(cpu)
        if out:
            info[name] = out

def fmt(v):
    return "%.2f s (%.2f-%.2f)" % (statistics.median(v), min(v), max(v))

print("swinspect SNMP bench: %d devices, %d table subtrees, %s, %d runs each,"
      " devices one after another" % (int(ndev), int(nsub), desc, runs))
if "walkbench" in info:
    print("walkbench read: %s" % info["walkbench"])
print("%-13s %-26s %-26s %-10s %-10s" % ("client", "wall median (min-max)",
                                          "CPU median (min-max)", "wall/bulk", "CPU/bulk"))
bw = statistics.median(res["snmpbulkwalk"][0])
bc = statistics.median(res["snmpbulkwalk"][1])
for name in cmds:
    wl, cp = res[name]
    print("%-13s %-26s %-26s %-10.2f %-10.2f" % (name, fmt(wl), fmt(cp),
          statistics.median(wl) / bw, statistics.median(cp) / bc))
ok = all(statistics.median(res[n][1]) / bc <= 0.5 and statistics.median(res[n][0]) / bw <= 1.0
         for n in ("walkbench", "collect"))
print("targets (CPU <= 0.5, wall <= 1.0): %s" % ("met" if ok else "NOT met"))
EOF
