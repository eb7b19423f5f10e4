#!/bin/sh
# bench/ssh/run.sh - one device's SSH session: swinspect against netmiko.
#
# Starts a private lab and, on the same emulated device (the lab's default
# Catalyst 2960-X behind OpenSSH's sshd, CLI emulator with its prompt,
# pager and echo), runs the same session RUNS times with each tool: log in
# with the lab key, turn paging off, run the six commands of swinspect's
# cisco-ios list (show version, show inventory, show environment all, show
# processes cpu sorted, show processes memory sorted, show running-config),
# log out.  Reports per tool the median, minimum and maximum of
#   session  the session itself (swinspect: sources.ssh.elapsed_ms; netmiko:
#            ConnectHandler() to disconnect(), timed inside Python)
#   wall     the whole process (start-up, inventory or import included)
#   cpu      user + system CPU of the process
# and the ratios netmiko / swinspect, and checks both read the same outputs.
#
# usage: bench/ssh/run.sh        (RUNS=5 by default)
# Environment: SWINSPECT (default $top_builddir/swinspect), PYTHON3 (default
# /usr/bin/python3, which must import netmiko: apt-get install -y
# python3-netmiko), RUNS, DEVICE_TYPE (netmiko's, default cisco_ios).
# Exit 0; 1 on a failure or a disagreement; 77 when netmiko or the lab's
# programs are missing.

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
SWINSPECT=${SWINSPECT:-$top_builddir/swinspect}
PYTHON3=${PYTHON3:-/usr/bin/python3}
RUNS=${RUNS:-5}
DEVICE_TYPE=${DEVICE_TYPE:-cisco_ios}
export SWINSPECT_DATADIR=${SWINSPECT_DATADIR:-$top_srcdir}

if ! "$PYTHON3" -c 'import netmiko' 2>/dev/null; then
	echo "bench: netmiko missing for $PYTHON3 (apt-get install -y python3-netmiko)"
	exit 77
fi
[ -x "$SWINSPECT" ] || { echo "bench: no $SWINSPECT (build first)"; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ssh-bench.XXXXXX") || exit 1
chmod 755 "$work"
SWINSPECT_LAB_DIR="$work/lab"
export SWINSPECT_LAB_DIR
cleanup() {
	"$top_srcdir/tests/lab/lab" stop >/dev/null 2>&1
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$top_srcdir/tests/lab/lab" start >"$work/lab.log" 2>&1
case $? in
0) ;;
77) cat "$work/lab.log"; exit 77 ;;
*) cat "$work/lab.log"; echo "bench: the lab did not start"; exit 1 ;;
esac
set -a
. "$("$top_srcdir/tests/lab/lab" env)"
set +a

COMMANDS="show version|show inventory|show environment all|show processes cpu sorted|show processes memory sorted|show running-config"

cat >"$work/inv.yaml" <<YAML
devices:
  - name: bench
    address: 127.0.0.1
    snmp: false
    ssh: {port: $LAB_SSHD_PORT, username: $LAB_SSH_USER, key_file: $LAB_SSH_KEY, known_hosts: $LAB_KNOWN_HOSTS}
YAML

cat >"$work/netmiko-session.py" <<'PYEOF'
"""One netmiko session: the same log-in, paging off, commands, log-out."""
import os, sys, time
from netmiko import ConnectHandler

out_dir = sys.argv[1]
commands = os.environ["COMMANDS"].split("|")
t0 = time.perf_counter()
conn = ConnectHandler(device_type=os.environ["DEVICE_TYPE"], host="127.0.0.1",
                      port=int(os.environ["LAB_SSHD_PORT"]),
                      username=os.environ["LAB_SSH_USER"],
                      key_file=os.environ["LAB_SSH_KEY"], use_keys=True,
                      allow_agent=False, timeout=30)
outputs = [conn.send_command(c) for c in commands]
conn.disconnect()
session = time.perf_counter() - t0
for c, text in zip(commands, outputs):
    with open(os.path.join(out_dir, c.replace(" ", "_") + ".txt"), "w") as fh:
        fh.write(text)
print(f"{session * 1000:.1f}")
PYEOF

# The timer: runs a command, prints "WALL_MS CPU_MS" (the child's).
cat >"$work/timer.py" <<'PYEOF'
import resource, subprocess, sys, time
before = resource.getrusage(resource.RUSAGE_CHILDREN)
t0 = time.perf_counter()
p = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], "wb"),
                   stderr=subprocess.STDOUT)
wall = time.perf_counter() - t0
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
print(f"{wall * 1000:.1f} {cpu * 1000:.1f}")
sys.exit(p.returncode)
PYEOF

export COMMANDS DEVICE_TYPE
: >"$work/swinspect.tsv"
: >"$work/netmiko.tsv"
i=0
while [ $i -lt "$RUNS" ]; do
	i=$((i + 1))
	rm -rf "$work/out"
	t=$("$PYTHON3" "$work/timer.py" "$work/swinspect.log" "$SWINSPECT" collect \
		-i "$work/inv.yaml" -o "$work/out") || {
		cat "$work/swinspect.log"; echo "bench: swinspect failed"; exit 1; }
	s=$("$PYTHON3" -c 'import json,sys
src=json.load(open(sys.argv[1]))["sources"]["ssh"]
assert src["status"] == "ok", src
print(src["elapsed_ms"])' "$work/out/devices/bench/facts.json") || exit 1
	echo "$s $t" >>"$work/swinspect.tsv"
	rm -rf "$work/nm" && mkdir "$work/nm"
	t=$("$PYTHON3" "$work/timer.py" "$work/netmiko.log" "$PYTHON3" \
		"$work/netmiko-session.py" "$work/nm") || {
		cat "$work/netmiko.log"; echo "bench: netmiko failed"; exit 1; }
	s=$(tail -n1 "$work/netmiko.log")
	echo "$s $t" >>"$work/netmiko.tsv"
done

# same outputs: netmiko strips the trailing newline, swinspect keeps the
# device's text as sent (and redacts the configuration)
diffs=0
for f in show_version show_inventory show_environment_all show_processes_cpu_sorted \
	show_processes_memory_sorted; do
	if ! "$PYTHON3" -c 'import sys
a=open(sys.argv[1]).read().rstrip("\n"); b=open(sys.argv[2]).read().rstrip("\n")
sys.exit(a != b)' "$work/out/devices/bench/raw/$f.txt" "$work/nm/$f.txt"; then
		echo "bench: $f differs between swinspect and netmiko"
		diffs=$((diffs + 1))
	fi
done

"$PYTHON3" - "$work/swinspect.tsv" "$work/netmiko.tsv" "$RUNS" <<'PYEOF'
import statistics, sys
def load(p):
    rows = [list(map(float, l.split())) for l in open(p) if l.strip()]
    return {k: [r[i] for r in rows] for i, k in enumerate(("session", "wall", "cpu"))}
sw, nm = load(sys.argv[1]), load(sys.argv[2])
print(f"one device, 7 commands (paging off + 6), {sys.argv[3]} runs each; ms: median [min-max]")
print(f"{'':10} {'swinspect':>24} {'netmiko':>24} {'ratio':>7}")
for k in ("session", "wall", "cpu"):
    a, b = sw[k], nm[k]
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"{k:10} {ma:9.0f} [{min(a):5.0f}-{max(a):5.0f}] {mb:9.0f} [{min(b):5.0f}-{max(b):5.0f}]"
          f" {mb / ma if ma else float('nan'):6.1f}x")
PYEOF
[ "$diffs" -eq 0 ] && echo "outputs: the same for both tools"
[ "$diffs" -eq 0 ]
