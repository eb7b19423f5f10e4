#!/bin/sh
# A site of 500 lab devices, run as a new user would (`swinspect run`):
# 465 answering devices (snmpsim, every recording under its community, in
# turn), 20 unreachable (10 over SNMP to a silent port, 10 over SSH to a
# closed TCP port), 10 with wrong credentials (5 SNMPv3 wrong passwords to
# snmpd, 5 SSH logins the server refuses) and 5 misbehaving (the lab's SSH
# fault ports; the endless pager is protocol_error past 5,000 pages, so
# their command timeout stays long enough to reach them).  Every device
# must be in report.json with its precise status, the report valid
# against its schema, exit 2.  Unless SITE500_INTERRUPT=0, the run is first
# interrupted by SIGINT after 150 devices (exit 3, a valid report marked
# incomplete, every device in it) and `run --resume` completes it.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
lab_start
OUT="$SCRATCH/out"
INV="$SCRATCH/site500.yaml"
EXPECT="$SCRATCH/expected.tsv"
REPORT_SCHEMA="$top_srcdir/report/schema/report.schema.json"
"$PYTHON3" -c 'import jsonschema' 2>/dev/null || skip "python3-jsonschema is missing"

# more snmpsimd processes over the lab's recordings (snmpsimd answers one
# request at a time): the devices are spread over them
NSIM=${SITE500_SIMULATORS:-4}
SIMPORTS=""
SIMPIDS=""
trap 'for p in $SIMPIDS; do kill "$p" 2>/dev/null; done; cleanup' EXIT
for n in $(seq 1 "$NSIM"); do
	port=$("$PYTHON3" -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	mkdir -p "$SCRATCH/simcache$n"
	user=""
	if [ "$(id -u)" = 0 ]; then
		chown nobody:nogroup "$SCRATCH/simcache$n"
		user="--process-user=nobody --process-group=nogroup"
	fi
	# shellcheck disable=SC2086
	snmpsimd --data-dir="$LAB_DIR/snmpsim/data" --cache-dir="$SCRATCH/simcache$n" \
		--agent-udpv4-endpoint="127.0.0.1:$port" --v2c-arch --logging-method=null \
		$user </dev/null >"$SCRATCH/snmpsimd$n.log" 2>&1 &
	SIMPIDS="$SIMPIDS $!"
	SIMPORTS="$SIMPORTS $port"
done
first=${LAB_SNMPSIM_COMMUNITIES%% *}
for port in $SIMPORTS; do
	n=0
	until snmpget -v2c -c "$first" -t 1 -r 0 "127.0.0.1:$port" 1.3.6.1.2.1.1.5.0 >/dev/null 2>&1; do
		n=$((n + 1))
		[ "$n" -lt 60 ] || { cat "$SCRATCH"/snmpsimd*.log; echo "FAIL: snmpsimd on $port did not answer"; exit 99; }
	done
done
set -- $SIMPORTS
nsim=$#
SIMPORTS_LIST="$*"
set -- $LAB_SNMPSIM_COMMUNITIES
ncomm=$#
k=0
for c in "$@"; do
	k=$((k + 1))
	export "SWI_C$k=$c"
done
export LAB_SNMPD_V3_PRIV_PASS
export SWI_WRONG="not-the-password-5k"
{
	cat <<YAML
customer: Scale Test
site: Site 500
period: 2026-Q4
defaults:
  snmp: {version: 2c, port: $LAB_SNMPSIM_PORT, timeout_ms: 5000, retries: 2}
  ssh: {username: $LAB_SSH_USER, key_file: $LAB_SSH_KEY, known_hosts: $LAB_KNOWN_HOSTS, timeout_ms: 5000, command_timeout_ms: 8000}
groups:
  answering: {ssh: false}
  silent: {ssh: false, snmp: {port: $LAB_CLOSED_PORT, timeout_ms: 800, retries: 0}}
  closed-ssh: {snmp: false, ssh: {port: $LAB_CLOSED_PORT}}
  faulty: {snmp: false, ssh: {command_timeout_ms: 60000}}
devices:
YAML
	i=0
	while [ "$i" -lt 465 ]; do
		k=$((i % ncomm + 1))
		set -- $SIMPORTS_LIST
		j=$((i % nsim + 1))
		eval "port=\${$j}"
		printf '  - {name: ok-%03d, address: 127.0.0.1, group: answering, snmp: {community_env: SWI_C%d, port: %s}}\n' "$i" "$k" "$port"
		printf 'ok-%03d\tsnmp\tok\n' "$i" >>"$EXPECT"
		i=$((i + 1))
	done
	for i in 1 2 3 4 5 6 7 8 9 10; do
		printf '  - {name: silent-%02d, address: 127.0.0.1, group: silent, snmp: {community_env: SWI_C1}}\n' "$i"
		printf 'silent-%02d\tsnmp\ttimeout\n' "$i" >>"$EXPECT"
		printf '  - {name: refused-%02d, address: 127.0.0.1, group: closed-ssh}\n' "$i"
		printf 'refused-%02d\tssh\tunreachable\n' "$i" >>"$EXPECT"
	done
	for i in 1 2 3 4 5; do
		printf '  - {name: v3-wrong-%d, address: 127.0.0.1, ssh: false, snmp: {version: 3, port: %s, username: %s, auth: {protocol: sha, password_env: SWI_WRONG}, priv: {protocol: aes, password_env: LAB_SNMPD_V3_PRIV_PASS}}}\n' \
			"$i" "$LAB_SNMPD_PORT" "$LAB_SNMPD_V3_USER"
		printf 'v3-wrong-%d\tsnmp\tauth_failed\n' "$i" >>"$EXPECT"
		printf '  - {name: ssh-wrong-%d, address: 127.0.0.1, snmp: false, ssh: {username: no-such-user-%d, port: %s}}\n' \
			"$i" "$i" "$LAB_SSHD_PORT"
		printf 'ssh-wrong-%d\tssh\tauth_failed\n' "$i" >>"$EXPECT"
	done
	for f in STALL:timeout DROP:closed ENDLESS_PAGER:protocol_error FLOOD:protocol_error NO_PROMPT:protocol_error; do
		v=${f%%:*}
		eval "port=\$LAB_SSHD_PORT_FAULT_$v"
		n=$(echo "$v" | tr 'A-Z_' 'a-z-')
		printf '  - {name: fault-%s, address: 127.0.0.1, group: faulty, ssh: {port: %s}}\n' "$n" "$port"
		printf 'fault-%s\tssh\t%s\n' "$n" "${f#*:}" >>"$EXPECT"
	done
} >"$INV"
check "inventory of 500 devices" [ "$(wc -l <"$EXPECT")" -eq 500 ]

JOBS=${SITE500_JOBS:-12}
progress() { grep -c '^swinspect: \[[0-9]*/500\] ' "$1"; }
resumed=0
if [ "${SITE500_INTERRUPT:-1}" = 1 ]; then
	# Ctrl-C part-way (after 150 devices), as a user would, then --resume
	SWINSPECT_PROGRESS=plain /usr/bin/time -f '%e %U %S %M' -o "$SCRATCH/time1" \
		"$SWINSPECT" run -i "$INV" -o "$OUT" -j "$JOBS" >"$SCRATCH/stdout1" 2>"$SCRATCH/stderr1" &
	pid=$!
	n=0
	while [ "$(progress "$SCRATCH/stderr1")" -lt 150 ] && [ "$n" -lt 3000 ] &&
		kill -0 "$pid" 2>/dev/null; do
		sleep 1
		n=$((n + 1))
	done
	done1=$(progress "$SCRATCH/stderr1")
	# $pid is GNU time, which ignores SIGINT while it waits: the signal
	# goes to swinspect itself, as a terminal's Ctrl-C would reach it.
	cpid=$(pgrep -P "$pid" | head -n 1)
	check "swinspect runs under time (pid found)" [ -n "$cpid" ]
	kill -INT "${cpid:-$pid}"
	wait "$pid"
	rc=$?
	check "SIGINT after $done1 devices: exit 3 (got $rc)" [ "$rc" -eq 3 ]
	[ "$rc" -eq 3 ] || tail -20 "$SCRATCH/stderr1"
	check "interrupted: report.json valid against its schema" \
		"$PYTHON3" "$SCHEMA_CHECK" "$REPORT_SCHEMA" "$OUT/report.json"
	check "interrupted: report.json marked incomplete" \
		[ "$(json_get "$OUT/report.json" "d['inspection']['incomplete']")" = True ]
	nni=$(json_get "$OUT/inspection.json" "len(d['not_inspected'])")
	check "interrupted: inspection.json lists $nni devices not_inspected (> 300)" [ "${nni:-0}" -gt 300 ]
	check "interrupted: all 500 devices in report.json, the not_inspected with that status" \
		"$PYTHON3" -c '
import json, sys
i = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2]))
names = {d["name"] for d in r["devices"]}
sys.exit(0 if len(names) == 500 and set(i["not_inspected"]) <= names else 1)' \
		"$OUT/inspection.json" "$OUT/report.json"
	read -r wall1 user1 sys1 maxrss1 <<EOF
$(tail -1 "$SCRATCH/time1")
EOF
	echo "site500 (interrupted): wall ${wall1}s, cpu $(echo "$user1 + $sys1" | bc)s, peak RSS ${maxrss1} KB"
	resumed=1
fi

if [ "$resumed" = 1 ]; then
	set -- --resume "$OUT"
else
	set -- -o "$OUT"
fi
SWINSPECT_PROGRESS=plain /usr/bin/time -f '%e %U %S %M' -o "$SCRATCH/time" \
	"$SWINSPECT" run -i "$INV" "$@" -j "$JOBS" >"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
rc=$?
check "run exits 2: some devices not reached (got $rc)" [ "$rc" -eq 2 ]
[ "$rc" -eq 2 ] || tail -20 "$SCRATCH/stderr"
read -r wall user sys maxrss <<EOF
$(tail -1 "$SCRATCH/time")
EOF
label=
[ "$resumed" = 1 ] && label=" (--resume: the rest)"
echo "site500$label: wall ${wall}s, cpu $(echo "$user + $sys" | bc)s, peak RSS ${maxrss} KB"
check "report.json valid against its schema" \
	"$PYTHON3" "$SCHEMA_CHECK" "$REPORT_SCHEMA" "$OUT/report.json"
if [ "$resumed" = 1 ]; then
	check "resumed: the devices inspected before the SIGINT are kept" \
		grep -q 'kept from the previous' "$SCRATCH/stderr"
else
	check "one plain progress line per device" [ "$(progress "$SCRATCH/stderr")" -eq 500 ]
fi
"$PYTHON3" - "$OUT" "$EXPECT" >"$SCRATCH/statuses" <<'PY'
import json, sys
out, expect = sys.argv[1:3]
rep = json.load(open(out + "/report.json"))
insp = json.load(open(out + "/inspection.json"))
names = {d["name"] for d in rep["devices"]}
facts_status = {}
bad = 0
for line in open(expect):
    name, src, want = line.rstrip("\n").split("\t")
    if name not in names:
        print("missing from report.json:", name); bad += 1; continue
    f = json.load(open(f"{out}/devices/{name}/facts.json"))
    got = f["sources"][src]["status"]
    if got != want:
        print(f"{name}: {src} {got}, expected {want}"); bad += 1
print(f"{len(names)} devices in report.json, {bad} wrong")
print("incomplete:", rep["inspection"]["incomplete"])
sys.exit(1 if bad or len(names) != 500 else 0)
PY
st=$?
cat "$SCRATCH/statuses" | tail -15
check "every device accounted for in report.json with its precise status" [ "$st" -eq 0 ]
check "not incomplete" grep -q 'incomplete: False' "$SCRATCH/statuses"
[ "$resumed" = 1 ] || check "summary counts 35 not reached" \
	grep -q 'inspected 500 device(s) in .*: 465 reached, 35 not reached' "$SCRATCH/stderr"
finish
