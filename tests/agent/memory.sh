#!/bin/sh
# Memory of `swinspect run` as the site grows (issue 9): two runs against
# the lab, N1 and N2 devices (SNMP and SSH, -j 16), each device's facts on
# disk before the next; from run.log's "own use" line (end of collect) and
# the process's peak RSS (getrusage of the child, whole run):
#  - collect's heap has no more arenas than processors online (at most 8):
#    each collect thread used to take an arena of its own (17 for -j 16),
#    what it freed stayed resident, under check and report too (8 MB of a
#    100-device run's 49 MB, agent/STATUS.md);
#  - what collect keeps per device stays small: peak RSS growth from N1 to
#    N2 devices under 0.15 MB per device (measured 0.03-0.07);
#  - the whole run's growth under 0.5 MB per device (measured 0.2, nearly
#    all the report, which is built in memory: report/STATUS.md).
# About 2 minutes here (lab start, 10 + 50 devices).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
unset MALLOC_ARENA_MAX GLIBC_TUNABLES	# the defaults under test
lab_start
N1=${MEMORY_N1:-10}
N2=${MEMORY_N2:-50}

# the lab devices with both a recording and a CLI
POOL=
for e in $LAB_SSHD_DEVICES; do
	case " $LAB_SNMPSIM_OWN_COMMUNITIES " in *" ${e%%:*} "*) POOL="$POOL $e" ;; esac
done
[ -n "$POOL" ] || skip "no lab device with both an SNMP recording and a CLI"

inventory() { # N
	cat <<YAML
site: Memory $1
defaults:
  snmp: {version: 2c, port: $LAB_SNMPSIM_PORT, timeout_ms: 5000, retries: 2}
  ssh: {username: $LAB_SSH_USER, key_file: $LAB_SSH_KEY, known_hosts: $LAB_KNOWN_HOSTS, timeout_ms: 10000, command_timeout_ms: 60000}
devices:
YAML
	i=0
	while [ "$i" -lt "$1" ]; do
		for e in $POOL; do
			[ "$i" -lt "$1" ] || break
			printf '  - {name: dev-%04d, address: 127.0.0.1, snmp: {community: "%s"}, ssh: {port: %s}}\n' \
				"$i" "${e%%:*}" "${e#*:}"
			i=$((i + 1))
		done
	done
}

# run N: prints "collect_peak_MB arenas run_peak_KB statuses"
run() {
	inventory "$1" >"$SCRATCH/inv-$1.yaml"
	"$PYTHON3" - "$SWINSPECT" "$SCRATCH/inv-$1.yaml" "$SCRATCH/out-$1" <<'PY'
import json, re, resource, subprocess, sys
swi, inv, out = sys.argv[1:4]
subprocess.call([swi, "run", "-q", "-j", "16", "-i", inv, "-o", out],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
m = re.search(r"own use: peak RSS ([0-9.]+) MB.*heap: ([0-9]+) arena",
              open(out + "/run.log").read())
st = set()
for d in json.load(open(out + "/inspection.json"))["devices"]:
    st.update("%s:%s" % (k, v["status"]) for k, v in d["sources"].items())
print(m.group(1) if m else "-", m.group(2) if m else "-", peak,
      ",".join(sorted(st)))
PY
}

set -- $(run "$N1")
c1=$1 a1=$2 p1=$3 s1=$4
set -- $(run "$N2")
c2=$1 a2=$2 p2=$3 s2=$4
echo "$N1 devices: collect peak ${c1} MB, ${a1} arena(s), run peak ${p1} KB, sources $s1"
echo "$N2 devices: collect peak ${c2} MB, ${a2} arena(s), run peak ${p2} KB, sources $s2"
check "every device read by SNMP and SSH ($N1: $s1)" [ "$s1" = "snmp:ok,ssh:ok" ]
check "every device read by SNMP and SSH ($N2: $s2)" [ "$s2" = "snmp:ok,ssh:ok" ]

cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
[ "$cpus" -gt 8 ] && cpus=8
if [ "$a2" = 0 ]; then
	echo "note: this libc does not describe its arenas (not glibc >= 2.33)"
else
	check "collect's heap: $a2 arena(s) for -j 16, at most $cpus (processors online)" \
		[ "$a2" -le "$cpus" ]
fi
if grep -q __asan_init "$SWINSPECT"; then
	# ASan's quarantine keeps freed memory resident (up to 256 MB): RSS
	# says nothing about swinspect's own allocations there
	echo "note: a sanitizer build: the RSS bounds are not checked"
else
	check "collect's peak RSS grows under 0.15 MB per device ($c1 -> $c2 MB)" \
		awk -v a="$c1" -v b="$c2" -v n=$((N2 - N1)) 'BEGIN {exit !((b - a) / n < 0.15)}'
	check "the run's peak RSS grows under 0.5 MB per device ($p1 -> $p2 KB)" \
		awk -v a="$p1" -v b="$p2" -v n=$((N2 - N1)) 'BEGIN {exit !((b - a) / 1024 / n < 0.5)}'
fi
finish
