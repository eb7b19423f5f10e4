#!/bin/sh
# What a run shows: on a terminal (a real pty) one live line redrawn in place
# (done/total, failures, elapsed, ETA) with failed devices on lines of their
# own and the line erased at the end; elsewhere plain lines, one per device;
# -q nothing but errors; -v every device's outcome; a summary at the end;
# the exit statuses of the man page.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
lab_start
INV="$SCRATCH/inventory.yaml"
set -- $LAB_SNMPSIM_OWN_COMMUNITIES
export SWI_COMM="$1"
{
	cat <<YAML
defaults:
  snmp: {version: 2c, port: $LAB_SNMPSIM_PORT, community_env: SWI_COMM, timeout_ms: 600, retries: 0}
  ssh: false
devices:
YAML
	for i in 1 2 3 4 5 6; do
		printf '  - {name: dev-%d, address: 127.0.0.1}\n' "$i"
	done
	for i in 1 2; do
		printf '  - {name: closed-%d, address: 127.0.0.1, snmp: {port: %s}}\n' \
			"$i" "$LAB_CLOSED_PORT"
	done
} >"$INV"

# -- on a terminal ------------------------------------------------------------
"$PYTHON3" - "$SWINSPECT" "$INV" "$SCRATCH/out-tty" "$SCRATCH/tty.out" <<'PY'
import os, pty, sys
exe, inv, out, log = sys.argv[1:5]
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm"
    os.environ.pop("SWINSPECT_PROGRESS", None)
    os.execv(exe, [exe, "collect", "-i", inv, "-o", out, "-j", "2"])
data = b""
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
_, st = os.waitpid(pid, 0)
open(log, "wb").write(data)
sys.exit(os.waitstatus_to_exitcode(st))
PY
rc=$?
check "on a pty: exit 2, two devices not reached (got $rc)" [ "$rc" -eq 2 ]
tty_has() { "$PYTHON3" -c 'import re,sys
d=open(sys.argv[1],"rb").read().decode()
sys.exit(0 if re.search(sys.argv[2], d, re.S) else 1)' "$SCRATCH/tty.out" "$1"; }
check "live line redrawn in place (CR, erase line)" tty_has '\r\x1b\[K'
check "live line: done/total, failures, elapsed, ETA" \
	tty_has 'swinspect: [0-8]/8 devices, [0-2] failed, [0-9]+s elapsed, ETA [0-9?]'
check "live line reaches 8/8 with 2 failed" tty_has '8/8 devices, 2 failed'
check "failed device on a line of its own" tty_has '\x1b\[Kswinspect: closed-[12] \(127\.0\.0\.1\): timeout\r?\n'
check "no plain per-device lines on a terminal" sh -c "! grep -q '\[1/8\]' '$SCRATCH/tty.out'"
check "live line erased before the summary" \
	tty_has 'ETA [^\r\n]*\r\x1b\[Kswinspect: inspected 8 device\(s\) in [0-9]+s: 6 reached, 2 not reached or not inspected \(ok 6, timeout 2\)'

# -- not a terminal -----------------------------------------------------------
env -u SWINSPECT_PROGRESS "$SWINSPECT" collect -i "$INV" -o "$SCRATCH/out-plain" \
	2>"$SCRATCH/plain.err"
rc=$?
check "plain: exit 2 (got $rc)" [ "$rc" -eq 2 ]
check "plain: one line per device" [ "$(grep -c '^swinspect: \[[1-8]/8\] ' "$SCRATCH/plain.err")" -eq 8 ]
check "plain: no escape sequences" sh -c "! grep -q \"$(printf '\033')\" '$SCRATCH/plain.err'"
check "plain: the failed devices with their status" grep -q '^swinspect: \[[1-8]/8\] closed-2 (127.0.0.1): timeout$' "$SCRATCH/plain.err"
check "plain: summary names the failed devices" grep -q '^swinspect:   closed-1 (127.0.0.1): timeout$' "$SCRATCH/plain.err"

# -- -q, -v -------------------------------------------------------------------
env -u SWINSPECT_PROGRESS "$SWINSPECT" collect -q -i "$INV" -o "$SCRATCH/out-q" \
	2>"$SCRATCH/q.err"
rc=$?
check "-q: exit status still 2 (got $rc)" [ "$rc" -eq 2 ]
check "-q: nothing on stderr" [ ! -s "$SCRATCH/q.err" ]
env -u SWINSPECT_PROGRESS "$SWINSPECT" collect -v -i "$INV" -o "$SCRATCH/out-v" \
	2>"$SCRATCH/v.err"
check "-v: each device's start and outcome logged" \
	[ "$(grep -c 'info: \[collect\] dev-[1-6] (127.0.0.1): ok' "$SCRATCH/v.err")" -eq 6 ]
check "run.log has every device's outcome" \
	[ "$(grep -c '\[collect\] .* (127.0.0.1): \(ok\|timeout\)$' "$SCRATCH/out-v/run.log")" -eq 8 ]

# -- exit statuses documented -------------------------------------------------
for code in 0 1 2 3 64 65 70 73; do
	check "man page documents exit status $code" \
		grep -q "^\.B $code\$" "$top_srcdir/doc/swinspect.1"
done
check "--help lists the exit statuses" sh -c "'$SWINSPECT' --help | grep -q '3 interrupted'"
check "--help lists 73 (output not written)" sh -c "'$SWINSPECT' --help | grep -q '73 an output could not be written'"
finish
