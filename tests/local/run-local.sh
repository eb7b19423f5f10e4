#!/bin/sh
# `swinspect run --local` on this machine, as a new user would run it: no
# inventory, the real /proc, /sys and mounts.  The facts must report the
# real CPU, memory, storage and interfaces (compared with /proc/meminfo,
# nproc, df and /sys/class/net read here), and report.json / report.html
# must be written by the same check and report stages as for a remote
# device.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
scratch
[ -r /proc/meminfo ] && [ -d /sys/class/net ] || skip "no /proc or /sys here"

out="$SCRATCH/out"
"$SWINSPECT" run --local -o "$out" >"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
rc=$?
check "run --local exits 0 (or 1/2 for findings / partial): $rc" [ "$rc" -le 2 ]
facts=$(ls "$out"/devices/*/facts.json 2>/dev/null | head -1)
check "facts.json written under devices/<hostname>/" \
	[ "$(basename "$(dirname "$facts")")" = "$(cat /proc/sys/kernel/hostname)" ]
check "report.json written" [ -s "$out/report.json" ]
check "report.html written" [ -s "$out/report.html" ]
check "findings.json written" [ -s "$out/findings.json" ]
check "stdout names the report" grep -q "report: $out/report.html" "$SCRATCH/stdout"
check "facts are schema-valid" "$PYTHON3" "$SCHEMA_CHECK" "$FACTS_SCHEMA" "$facts"

df -P -B1 >"$SCRATCH/df" 2>/dev/null
"$PYTHON3" - "$facts" "$SCRATCH/df" "$out/report.json" >"$SCRATCH/py" 2>&1 <<'PY'
import json, os, sys
f = json.load(open(sys.argv[1]))
fails = 0
def chk(ok, what):
    global fails
    print(("ok: " if ok else "FAIL: ") + what)
    fails += 0 if ok else 1

src = f["sources"]["local"]
chk(src["status"] in ("ok", "partial"), "sources.local.status ok or partial: %s" % src["status"])
mem = {l.split(":")[0]: int(l.split()[1]) * 1024 for l in open("/proc/meminfo") if l.split()[1:2]}
m = f["environment"]["memory"]
chk(m["total_bytes"] == mem["MemTotal"], "memory total = MemTotal (%d)" % mem["MemTotal"])
chk(abs(m["free_bytes"] - mem["MemAvailable"]) < 0.05 * mem["MemTotal"],
    "memory free within 5%% of MemAvailable now (%d vs %d)" % (m["free_bytes"], mem["MemAvailable"]))
chk(0 < m["used_pct"] < 100, "memory used_pct plausible: %s" % m["used_pct"])
cpu = f["environment"]["cpu"]
chk(0 <= cpu["load_pct"] <= 100, "cpu load_pct in 0..100: %s" % cpu["load_pct"])
chk(len(cpu["per_unit"]) == os.cpu_count(), "one per_unit per CPU (%d)" % os.cpu_count())
df = {}
for l in open(sys.argv[2]).read().splitlines()[1:]:
    p = l.split(None, 5)
    df[p[5]] = (int(p[1]), int(p[2]), int(p[3]))
st = {s["name"]: s for s in f["hardware"]["storage"]}
chk("/" in st, "storage lists / (%s)" % sorted(st))
for name, s in st.items():
    t, u, a = df.get(name, (0, 0, 0))
    chk(s["total_bytes"] == t, "%s total = df's %d" % (name, t))
    chk(abs(s["used_bytes"] - u) < 0.01 * t + 64 * 2**20, "%s used near df's %d (%d)" % (name, u, s["used_bytes"]))
pseudo = [s for s in st if s.startswith(("/proc", "/sys", "/dev"))]
chk(not pseudo, "no pseudo file system in storage: %s" % pseudo)
ifs = {i["name"]: i for i in f["interfaces"]}
chk(sorted(ifs) == sorted(n for n in os.listdir("/sys/class/net") if os.path.isdir("/sys/class/net/" + n)),
    "interfaces = /sys/class/net (%s)" % sorted(ifs))
for n, i in ifs.items():
    want = int(open("/sys/class/net/%s/mtu" % n).read())
    chk(i.get("mtu") == want, "%s mtu = %d" % (n, want))
    rx = int(open("/sys/class/net/%s/statistics/rx_bytes" % n).read())
    chk(0 <= i.get("in_octets", -1) <= rx, "%s in_octets <= rx_bytes now" % n)
chk(f["system"]["os"]["family"], "os family: %s" % f["system"]["os"].get("family"))
up = float(open("/proc/uptime").read().split()[0])
chk(0 <= up - f["system"]["uptime_s"] < 120, "uptime_s near /proc/uptime")
r = json.load(open(sys.argv[3]))
chk(json.dumps(r).count(f["device"]["name"]) > 0, "report.json names the device")
sys.exit(1 if fails else 0)
PY
prc=$?
cat "$SCRATCH/py"
check "facts match /proc, df and /sys/class/net ($(grep -c '^ok' "$SCRATCH/py") checks)" [ "$prc" -eq 0 ]
finish
