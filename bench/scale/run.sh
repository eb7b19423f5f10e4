#!/bin/sh
# bench/scale/run.sh - swinspect at site scale, side by side with the
# peers a field engineer would otherwise script, in the same run.
#
#   bench/scale/run.sh [SIZE ...]        (default: 100 1000)
#
# A private lab (tests/lab/lab, everything on 127.0.0.1) and NSIM more
# snmpsimd processes over its recordings; the lab's emulated devices that
# have both an SNMP recording and a CLI of the same name form the pool,
# and device i of a SIZE-device site is pool[i mod P] (its community on
# simulator i mod NSIM, its own SSH port).  For each SIZE, RUNS times, in
# this order, each with JOBS devices in flight:
#   swinspect-snmp  `swinspect collect` with ssh: false
#   snmpbulkwalk    per device, Net-SNMP's snmpbulkwalk over the same table
#                   subtrees swinspect walks for that device (found by a
#                   first collect, as bench/snmp does), -Cr48, xargs -P JOBS
#   check_env       per device, check_snmp_environment (Debian
#                   monitoring-plugins-contrib) -T cisco (IOS), juniper
#                   (Junos), else ciscoNEW (ENTITY-SENSOR-MIB, the nearest
#                   it has), xargs -P JOBS
#   swinspect-ssh   `swinspect collect` with snmp: false
#   netmiko         the same show commands swinspect sent to that device
#                   (its raw/ssh.json), netmiko ConnectHandler per device,
#                   a thread pool of JOBS (python3-netmiko)
#   swinspect-run   `swinspect run`: both collectors, check and report
# Wall is the elapsed time, CPU user + system of the client process and
# its children (GNU time), peak RSS (%M) for swinspect.  The servers'
# CPU (snmpsimd, sshd and the CLI emulator) is not counted for anyone.
# Printed: per SIZE and tool, median (min-max) of wall and CPU, per device
# (ms), and each peer's ratio to swinspect (> 1: swinspect is ahead).
#
# Environment: RUNS (3), JOBS (16), NSIM (4), PEERS (1; 0 runs swinspect
# only), ONLY_RUN (0; 1 runs swinspect-run alone: peak memory), SWINSPECT, PYTHON3 (/usr/bin/python3, with netmiko), KEEP=1 keeps
# the work directory.  Exit 0; 1 on a failure; 77 when a program is missing.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
SWINSPECT=${SWINSPECT:-$top_builddir/swinspect}
PYTHON3=${PYTHON3:-/usr/bin/python3}
RUNS=${RUNS:-3}
JOBS=${JOBS:-16}
NSIM=${NSIM:-4}
PEERS=${PEERS:-1}
ONLY_RUN=${ONLY_RUN:-0}
[ "$ONLY_RUN" = 1 ] && PEERS=0
SIZES=${*:-100 1000}
CHECK_ENV=${CHECK_ENV:-/usr/lib/nagios/plugins/check_snmp_environment}
export SWINSPECT_DATADIR=${SWINSPECT_DATADIR:-$top_srcdir}

for p in snmpsimd snmpbulkwalk snmpget /usr/bin/time; do
	command -v "$p" >/dev/null 2>&1 || { echo "bench: $p is missing"; exit 77; }
done
[ -x "$SWINSPECT" ] || { echo "bench: no $SWINSPECT (build first)"; exit 1; }
if [ "$PEERS" = 1 ]; then
	[ -x "$CHECK_ENV" ] && perl -MNet::SNMP -e 1 2>/dev/null || {
		echo "bench: $CHECK_ENV is missing (apt-get install monitoring-plugins-contrib libnet-snmp-perl)"
		exit 77; }
	"$PYTHON3" -c 'import netmiko' 2>/dev/null || {
		echo "bench: netmiko missing for $PYTHON3 (apt-get install python3-netmiko)"
		exit 77; }
fi

W=$(mktemp -d "${TMPDIR:-/tmp}/swinspect-scale.XXXXXX") || exit 1
chmod 755 "$W"
SWINSPECT_LAB_DIR="$W/lab"
export SWINSPECT_LAB_DIR
SIMPIDS=
cleanup() {
	for p in $SIMPIDS; do kill "$p" 2>/dev/null; done
	"$top_srcdir/tests/lab/lab" stop >/dev/null 2>&1
	[ "${KEEP:-0}" = 1 ] && echo "bench: work directory kept: $W" || rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$top_srcdir/tests/lab/lab" start >"$W/lab.log" 2>&1
case $? in
0) ;;
77) cat "$W/lab.log"; exit 77 ;;
*) cat "$W/lab.log"; echo "bench: the lab did not start"; exit 1 ;;
esac
set -a
. "$("$top_srcdir/tests/lab/lab" env)"
set +a

# more simulators (one snmpsimd answers one request at a time)
SIMPORTS=
for n in $(seq 1 "$NSIM"); do
	port=$("$PYTHON3" -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	mkdir -p "$W/simcache$n"
	user=
	if [ "$(id -u)" = 0 ]; then
		chown nobody:nogroup "$W/simcache$n"
		user="--process-user=nobody --process-group=nogroup"
	fi
	# shellcheck disable=SC2086
	snmpsimd --data-dir="$LAB_DIR/snmpsim/data" --cache-dir="$W/simcache$n" \
		--agent-udpv4-endpoint="127.0.0.1:$port" --v2c-arch --logging-method=null \
		$user </dev/null >"$W/snmpsimd$n.log" 2>&1 &
	SIMPIDS="$SIMPIDS $!"
	SIMPORTS="$SIMPORTS $port"
done

# the pool: name:ssh_port:style for devices with a recording and a CLI
POOL=
for e in $LAB_SSHD_DEVICES; do
	name=${e%%:*}
	case " $LAB_SNMPSIM_COMMUNITIES " in *" $name "*) ;; *) continue ;; esac
	style=
	for f in "$LAB_DIR/cli/$name/device.yaml" "$top_srcdir/tests/lab/cli/$name/device.yaml"; do
		[ -n "$style" ] || style=$(sed -n 's/^style: *//p' "$f" 2>/dev/null)
	done
	POOL="$POOL $name:${e#*:}:$style"
done
[ -n "$POOL" ] || { echo "bench: no lab device with both a recording and a CLI"; exit 1; }
for port in $SIMPORTS; do	# each simulator answers (and has indexed its data)
	for e in $POOL; do
		n=0
		until snmpget -m '' -v2c -c "${e%%:*}" -t 5 -r 0 "127.0.0.1:$port" 1.3.6.1.2.1.1.5.0 >/dev/null 2>&1; do
			n=$((n + 1))
			[ "$n" -lt 30 ] || { echo "bench: snmpsimd on $port does not answer"; exit 1; }
			sleep 1
		done
	done
done

# inventories: $W/inv-KIND-SIZE.yaml (KIND snmp, ssh, full) and the
# peers' lists $W/dev-SIZE.tsv (name community snmp_port ssh_port style)
make_site() { # SIZE
	"$PYTHON3" - "$1" "$W" "$POOL" "$SIMPORTS" <<'PY'
import os, sys
size, w, pool, sims = int(sys.argv[1]), sys.argv[2], sys.argv[3].split(), sys.argv[4].split()
env = os.environ
head = {
    "snmp": "  snmp: {version: 2c, timeout_ms: 5000, retries: 2}\n  ssh: false\n",
    "ssh": "  snmp: false\n",
    "full": "  snmp: {version: 2c, timeout_ms: 5000, retries: 2}\n",
}
ssh = ("  ssh: {username: %s, key_file: %s, known_hosts: %s, timeout_ms: 10000,"
       " command_timeout_ms: 60000}\n" % (env["LAB_SSH_USER"], env["LAB_SSH_KEY"],
                                          env["LAB_KNOWN_HOSTS"]))
rows = []
for i in range(size):
    name, port, style = pool[i % len(pool)].split(":")
    rows.append(("dev-%04d" % i, name, sims[i % len(sims)], port, style))
with open(os.path.join(w, "dev-%d.tsv" % size), "w") as fh:
    for r in rows:
        fh.write("\t".join(r) + "\n")
for kind, h in head.items():
    with open(os.path.join(w, "inv-%s-%d.yaml" % (kind, size)), "w") as fh:
        fh.write("customer: Bench\nsite: Scale %d\ndefaults:\n%s" % (size, h))
        if kind != "snmp":
            fh.write(ssh)
        fh.write("devices:\n")
        for dev, comm, sport, hport, _ in rows:
            parts = ["name: %s" % dev, "address: 127.0.0.1"]
            if kind != "ssh":
                parts.append('snmp: {community: "%s", port: %s}' % (comm, sport))
            if kind != "snmp":
                parts.append("ssh: {port: %s}" % hport)
            fh.write("  - {%s}\n" % ", ".join(parts))
PY
}

# What swinspect reads per pool device: the table subtrees it walks and
# the commands it sends (one device of each, collected once).
make_site 1 >/dev/null
P=0
for e in $POOL; do P=$((P + 1)); done
make_site "$P"
"$SWINSPECT" collect -j 4 -v -v --log-subsys snmp -i "$W/inv-full-$P.yaml" \
	-o "$W/discover" 2>"$W/discover.log" >/dev/null
"$PYTHON3" - "$W" "$P" <<'PY' || exit 1
import json, os, re, sys
w, p = sys.argv[1], int(sys.argv[2])
devs = [l.rstrip("\n").split("\t") for l in open(os.path.join(w, "dev-%d.tsv" % p))]
subtrees = {}
for line in open(os.path.join(w, "discover.log"), errors="replace"):
    m = re.search(r"\[snmp\] (\S+): .* \(([0-9.]+)\): \d+ rows", line)
    if m:
        subtrees.setdefault(m.group(1), [])
        if m.group(2) not in subtrees[m.group(1)]:
            subtrees[m.group(1)].append(m.group(2))
bad = 0
for dev, comm, _, _, style in devs:
    with open(os.path.join(w, "subtrees-" + comm), "w") as fh:
        fh.write("\n".join(subtrees.get(dev, [])) + "\n")
    try:
        raw = json.load(open(os.path.join(w, "discover/devices", dev, "raw/ssh.json")))
        cmds = [c["command"] for c in raw["commands"]]
    except (OSError, ValueError, KeyError):
        cmds = []
    if not cmds or not subtrees.get(dev):
        print("bench: discovery found nothing for %s (%s)" % (dev, comm)); bad += 1
    with open(os.path.join(w, "commands-" + comm), "w") as fh:
        fh.write("\n".join(cmds) + "\n")
sys.exit(1 if bad else 0)
PY

cat >"$W/bulkwalk.sh" <<'EOF'
# bulkwalk.sh W COMMUNITY PORT: one device's subtrees, one walk each
while read -r oid; do
	[ -n "$oid" ] || continue
	snmpbulkwalk -v2c -c "$2" -m '' -On -Cr48 -t 5 -r 2 "127.0.0.1:$3" "$oid" >/dev/null 2>&1
done <"$1/subtrees-$2"
EOF
cat >"$W/checkenv.sh" <<EOF
# checkenv.sh COMMUNITY PORT: the environment check Nagios would run
case \$1 in
cisco-ios*) t=cisco ;;
juniper*) t=juniper ;;
*) t=ciscoNEW ;;
esac
"$CHECK_ENV" -H 127.0.0.1 -p "\$2" -C "\$1" -2 -T "\$t" -t 10 >/dev/null 2>&1
:
EOF
cat >"$W/netmiko-site.py" <<'EOF'
"""netmiko over a site: the commands swinspect sent, JOBS devices at once."""
import os, sys
from concurrent.futures import ThreadPoolExecutor
from netmiko import ConnectHandler

w, tsv, jobs = sys.argv[1], sys.argv[2], int(sys.argv[3])
TYPES = {"ios": "cisco_ios", "nxos": "cisco_nxos", "eos": "arista_eos",
         "comware": "hp_comware", "huawei": "huawei", "junos": "juniper_junos",
         "sonic": "linux"}
env = os.environ

def one(row):
    dev, comm, _, port, style = row
    cmds = [c for c in open(os.path.join(w, "commands-" + comm)).read().split("\n") if c]
    try:
        conn = ConnectHandler(device_type=TYPES.get(style, "cisco_ios"), host="127.0.0.1",
                              port=int(port), username=env["LAB_SSH_USER"],
                              key_file=env["LAB_SSH_KEY"], use_keys=True,
                              allow_agent=False, timeout=60)
        n = sum(len(conn.send_command(c)) for c in cmds)
        conn.disconnect()
        return n > 0
    except Exception as e:  # a failed device is counted, the run goes on
        sys.stderr.write("%s (%s): %s\n" % (dev, style, str(e).split("\n")[0]))
        return False

rows = [l.rstrip("\n").split("\t") for l in open(tsv)]
with ThreadPoolExecutor(max_workers=jobs) as ex:
    ok = sum(ex.map(one, rows))
print("netmiko: %d of %d devices read" % (ok, len(rows)))
EOF

# timed NAME SIZE RUN CMD...: appends "size tool run wall cpu rss" to results
timed() {
	name=$1 size=$2 run=$3
	shift 3
	/usr/bin/time -f '%e %U %S %M' -o "$W/time" "$@" >"$W/$name-$size-$run.out" 2>&1
	rc=$?
	read -r wall user sys rss <<EOF
$(tail -n 1 "$W/time")
EOF
	echo "$size $name $run $wall $(echo "$user + $sys" | bc) $rss $rc" >>"$W/results"
	echo "bench: $size devices, run $run, $name: wall ${wall}s cpu $(echo "$user + $sys" | bc)s rss ${rss}KB exit $rc"
}

: >"$W/results"
for size in $SIZES; do
	make_site "$size"
	r=0
	while [ "$r" -lt "$RUNS" ]; do
		r=$((r + 1))
		rm -rf "$W/o"
		[ "$ONLY_RUN" = 1 ] ||
		timed swinspect-snmp "$size" "$r" "$SWINSPECT" collect -q -j "$JOBS" \
			-i "$W/inv-snmp-$size.yaml" -o "$W/o"
		if [ "$PEERS" = 1 ]; then
			timed snmpbulkwalk "$size" "$r" sh -c "cut -f2,3 '$W/dev-$size.tsv' |
				xargs -P $JOBS -n 2 sh '$W/bulkwalk.sh' '$W'"
			timed check_env "$size" "$r" sh -c "cut -f2,3 '$W/dev-$size.tsv' |
				xargs -P $JOBS -n 2 sh '$W/checkenv.sh'"
		fi
		rm -rf "$W/o"
		[ "$ONLY_RUN" = 1 ] ||
		timed swinspect-ssh "$size" "$r" "$SWINSPECT" collect -q -j "$JOBS" \
			-i "$W/inv-ssh-$size.yaml" -o "$W/o"
		[ "$PEERS" = 1 ] && timed netmiko "$size" "$r" "$PYTHON3" \
			"$W/netmiko-site.py" "$W" "$W/dev-$size.tsv" "$JOBS"
		rm -rf "$W/o"
		timed swinspect-run "$size" "$r" "$SWINSPECT" run -q -j "$JOBS" \
			-i "$W/inv-full-$size.yaml" -o "$W/o"
		grep -h 'netmiko:' "$W/netmiko-$size-$r.out" 2>/dev/null
		"$PYTHON3" - "$W/o" "$size" <<'PY'
import json, sys, collections
rep = json.load(open(sys.argv[1] + "/report.json"))
c = collections.Counter()
for d in rep["devices"]:
    f = json.load(open("%s/devices/%s/facts.json" % (sys.argv[1], d["name"])))
    for s, v in f["sources"].items():
        c[s + ":" + v["status"]] += 1
print("swinspect-run: %d devices in report.json; sources: %s" %
      (len(rep["devices"]), ", ".join("%s %d" % kv for kv in sorted(c.items()))))
PY
	done
done

"$PYTHON3" - "$W/results" "$RUNS" "$JOBS" "$NSIM" "$POOL" <<'PY'
import collections, statistics, sys
rows = [l.split() for l in open(sys.argv[1]) if l.strip()]
runs, jobs, nsim, pool = sys.argv[2:6]
data = collections.defaultdict(lambda: ([], [], [], []))
for size, tool, run, wall, cpu, rss, rc in rows:
    d = data[(int(size), tool)]
    d[0].append(float(wall)); d[1].append(float(cpu)); d[2].append(int(rss)); d[3].append(int(rc))
print("swinspect scale bench: %s runs, -j %s, %s extra snmpsimd, pool of %d lab devices"
      % (runs, jobs, nsim, len(pool.split())))
print("%-6s %-15s %-22s %-22s %9s %9s %8s %8s %10s" % ("size", "tool", "wall s med (min-max)",
      "CPU s med (min-max)", "wall/dev", "CPU/dev", "wall x", "CPU x", "peak RSS"))
ref = {"snmpbulkwalk": "swinspect-snmp", "check_env": "swinspect-snmp",
       "netmiko": "swinspect-ssh"}
for (size, tool), (w, c, m, rc) in sorted(data.items()):
    mw, mc = statistics.median(w), statistics.median(c)
    rw = rc_ = ""
    if tool in ref and (size, ref[tool]) in data:
        rw = "%.2f" % (mw / statistics.median(data[(size, ref[tool])][0]))
        rc_ = "%.2f" % (mc / max(statistics.median(data[(size, ref[tool])][1]), 1e-3))
    rss = "%.1f MB" % (statistics.median(m) / 1024) if tool.startswith("swinspect") else ""
    print("%-6d %-15s %-22s %-22s %7.0fms %7.1fms %8s %8s %10s%s" % (
        size, tool, "%.1f (%.1f-%.1f)" % (mw, min(w), max(w)),
        "%.2f (%.2f-%.2f)" % (mc, min(c), max(c)), 1000 * mw / size, 1000 * mc / size,
        rw, rc_, rss, "" if not any(rc) or tool == "swinspect-run" else "  exit %s" % rc))
print("x: the peer's median over swinspect's (snmpbulkwalk and check_env against "
      "swinspect-snmp, netmiko against swinspect-ssh); > 1: swinspect ahead")
PY
