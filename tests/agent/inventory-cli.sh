#!/bin/sh
# The inventory as a user meets it: a customer's CSV imported to YAML and
# inspected against the lab; the same CSV included from a YAML inventory
# with a group; an address range; a secret typed at a real terminal (asked
# once for several devices, never echoed) and refused without one.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
lab_start
set -- $LAB_SNMPSIM_OWN_COMMUNITIES
COMM="$1"

printf '\357\273\277Hostname,IP Address,Vendor,Site\r\nsw-a,127.0.0.1,auto,"Jinan, DC1"\r\nsw-b,127.0.0.1,,DC2\r\n' \
	>"$SCRATCH/customer.csv"
"$SWINSPECT" inventory import "$SCRATCH/customer.csv" >"$SCRATCH/imported.yaml"
rc=$?
check "import exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "import keeps quoted commas" grep -q 'site: "Jinan, DC1"' "$SCRATCH/imported.yaml"
check "import refers to credentials, holds none" \
	grep -q 'community_env: SNMP_COMMUNITY' "$SCRATCH/imported.yaml"
sed "s/community_env: SNMP_COMMUNITY}/community_env: SNMP_COMMUNITY, port: $LAB_SNMPSIM_PORT}/; s/^  ssh: .*/  ssh: false/" \
	"$SCRATCH/imported.yaml" >"$SCRATCH/lab.yaml"
SNMP_COMMUNITY="$COMM" "$SWINSPECT" collect -q -i "$SCRATCH/lab.yaml" -o "$SCRATCH/out1"
rc=$?
check "imported inventory inspects the lab (exit $rc)" [ "$rc" -eq 0 ]
check "per-device site from the CSV in the facts" \
	[ "$(json_get "$SCRATCH/out1/devices/sw-a/facts.json" "d['device']['site']")" = "Jinan, DC1" ]

printf 'name,address\nbad"name,127.0.0.1\n' >"$SCRATCH/bad.csv"
"$SWINSPECT" inventory import "$SCRATCH/bad.csv" >/dev/null 2>"$SCRATCH/bad.err"
rc=$?
check "a broken CSV: exit 65 (got $rc)" [ "$rc" -eq 65 ]
check "... with line:column" grep -q "bad.csv:2:4: quote inside an unquoted field" "$SCRATCH/bad.err"

cat >"$SCRATCH/groups.yaml" <<YAML
site: Lab
defaults:
  snmp: {community_env: SWI_COMM, port: $LAB_SNMPSIM_PORT, timeout_ms: 800, retries: 0}
  ssh: false
groups:
  closed: {snmp: {port: $LAB_CLOSED_PORT}}
include: [customer.csv]
devices:
  - {name: rng, addresses: 127.0.0.1/32}
  - {name: blk, addresses: 127.0.0.1-2}
  - {name: shut, address: 127.0.0.1, group: closed}
YAML
SWI_COMM="$COMM" "$SWINSPECT" collect -q -i "$SCRATCH/groups.yaml" -o "$SCRATCH/out2"
rc=$?
check "groups, a range and an included CSV: exit 2, one closed (got $rc)" [ "$rc" -eq 2 ]
check "six devices: a /32, a range of 2, 2 from the CSV, 1 in a group" \
	[ "$(json_get "$SCRATCH/out2/inspection.json" "len(d['devices'])")" = 6 ]
check "block device named NAME-ADDRESS, inspected" \
	[ "$(json_get "$SCRATCH/out2/devices/rng-127.0.0.1/facts.json" "d['sources']['snmp']['status']")" = ok ]
check "range device, nothing there: timeout" \
	[ "$(json_get "$SCRATCH/out2/devices/blk-127.0.0.2/facts.json" "d['sources']['snmp']['status']")" = timeout ]
check "group setting applied (closed port: timeout)" \
	[ "$(json_get "$SCRATCH/out2/devices/shut/facts.json" "d['sources']['snmp']['status']")" = timeout ]

# -- politeness: min_interval_ms spaces the requests to a device ------------
cat >"$SCRATCH/paced.yaml" <<YAML
defaults:
  snmp: {community_env: SWI_COMM, port: $LAB_SNMPSIM_PORT, min_interval_ms: 250}
  ssh: false
devices:
  - {name: paced, address: 127.0.0.1}
YAML
t0=$(date +%s)
SWI_COMM="$COMM" "$SWINSPECT" collect -q -i "$SCRATCH/paced.yaml" -o "$SCRATCH/out5"
rc=$?
t1=$(date +%s)
check "paced device inspected (exit $rc)" [ "$rc" -eq 0 ]
check "paced: at least 12 requests 250 ms apart took $((t1 - t0)) s (>= 3)" [ $((t1 - t0)) -ge 3 ]

# -- a secret typed at a terminal --------------------------------------------
cat >"$SCRATCH/prompt.yaml" <<YAML
defaults:
  snmp: {community_prompt: true, port: $LAB_SNMPSIM_PORT}
  ssh: false
devices:
  - {name: p1, address: 127.0.0.1}
  - {name: p2, address: 127.0.0.1, snmp: {community_prompt: true}}
YAML
"$PYTHON3" - "$SWINSPECT" "$SCRATCH/prompt.yaml" "$SCRATCH/out3" "$COMM" "$SCRATCH/tty.out" <<'PY'
import os, pty, sys, time
exe, inv, out, secret, log = sys.argv[1:6]
pid, fd = pty.fork()
if pid == 0:
    os.execv(exe, [exe, "collect", "-q", "-i", inv, "-o", out])
data, sent = b"", 0
while True:
    try:
        chunk = os.read(fd, 4096)
    except OSError:
        break
    if not chunk:
        break
    data += chunk
    while data.count(b"SNMP community (") > sent:
        sent += 1
        time.sleep(0.2)
        os.write(fd, secret.encode() + b"\n")
_, st = os.waitpid(pid, 0)
open(log, "wb").write(data)
sys.exit(os.waitstatus_to_exitcode(st))
PY
rc=$?
check "prompted community: both devices ok (exit $rc)" [ "$rc" -eq 0 ]
check "asked once for two devices" [ "$(grep -c 'SNMP community (' "$SCRATCH/tty.out")" -eq 1 ]
check "the answer is not echoed" sh -c "! grep -q '$COMM' '$SCRATCH/tty.out'"
check "no secret in the facts" sh -c "! grep -rq '$COMM' '$SCRATCH/out3/devices/p1/facts.json'"
"$SWINSPECT" collect -q -i "$SCRATCH/prompt.yaml" -o "$SCRATCH/out4" </dev/null >/dev/null 2>"$SCRATCH/notty.err" &
wait $!
rc=$?
# setsid-less runs under make have no controlling terminal; a developer's
# terminal would be asked: only check when there is none
if ! (: </dev/tty) 2>/dev/null; then
	check "without a terminal: refused, exit 65 (got $rc)" [ "$rc" -eq 65 ]
	check "... saying so, located" grep -q "prompt.yaml:2:[0-9]*: SNMP community: asking for it needs a terminal" "$SCRATCH/notty.err"
fi
finish
