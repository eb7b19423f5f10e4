#!/bin/sh
# The SSH collector against the lab's fault modes, one device after another
# as a new user would run it: each fault gives its own status and message,
# the run goes on to the next device, nothing outlasts its deadline, the
# outputs that did arrive are stored whole and redacted, and no secret is
# written anywhere.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
lab_start
[ -n "${LAB_SSHD_PORT_FAULT_STALL:-}" ] || skip "this lab has no fault ports"
OUT="$SCRATCH/out"
INV="$SCRATCH/inventory.yaml"
DEV="$top_srcdir/tests/lab/cli/$LAB_SSHD_DEVICE"

dev() { # NAME PORT [more ssh settings]
	printf '  - {name: %s, address: 127.0.0.1, ssh: {port: %s%s}}\n' "$1" "$2" "${3:+, $3}"
}
{
	cat <<YAML
defaults:
  snmp: false
  ssh:
    username: $LAB_SSH_USER
    key_file: $LAB_SSH_KEY
    known_hosts: $LAB_KNOWN_HOSTS
    timeout_ms: 3000
    command_timeout_ms: 30000
    max_output_bytes: 400000
devices:
YAML
	dev healthy "$LAB_SSHD_PORT"
	dev slow "$LAB_SSHD_PORT_FAULT_SLOW"
	dev stall "$LAB_SSHD_PORT_FAULT_STALL"
	dev drop "$LAB_SSHD_PORT_FAULT_DROP"
	dev endless-pager "$LAB_SSHD_PORT_FAULT_ENDLESS_PAGER"
	dev endless-pager-pages "$LAB_SSHD_PORT_FAULT_ENDLESS_PAGER" "max_output_bytes: 16777216"
	dev flood "$LAB_SSHD_PORT_FAULT_FLOOD"
	dev no-prompt "$LAB_SSHD_PORT_FAULT_NO_PROMPT"
	dev paging-stays-on "$LAB_SSHD_PORT_NO_PAGING_OFF"
	dev healthy-last "$LAB_SSHD_PORT"
} >"$INV"

t0=$(date +%s)
timeout 180 "$SWINSPECT" collect -i "$INV" -o "$OUT" -j 1 >"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
rc=$?
t1=$(date +%s)
check "collect exits 2 when devices fail (got $rc)" [ "$rc" -eq 2 ]
check "the whole run took $((t1 - t0)) s (< 120 s)" [ $((t1 - t0)) -lt 120 ]

get() { json_get "$OUT/devices/$1/facts.json" "$2" 2>/dev/null; }
status() { get "$1" "d['sources']['ssh']['status']"; }
error() { get "$1" "d['sources']['ssh'].get('error','')"; }
elapsed() { get "$1" "d['sources']['ssh']['elapsed_ms']"; }

# expect NAME STATUS WORDS...: status, and each word in the error message
expect() {
	name=$1 want=$2
	shift 2
	got=$(status "$name")
	msg=$(error "$name")
	ok=1
	[ "$got" = "$want" ] || ok=0
	for w in "$@"; do
		case $msg in *"$w"*) ;; *) ok=0 ;; esac
	done
	if [ $ok = 1 ]; then
		ok "$name: $got: $msg"
	else
		fail "$name: got '$got' ($msg), want '$want' with: $*"
	fi
}
expect healthy ok
expect slow ok
expect stall timeout "show running-config" "stalled" "3.0 s"
expect drop closed "show running-config" "closed the session"
expect endless-pager protocol_error "show running-config" "pager never ended"
expect endless-pager-pages protocol_error "show running-config" "pager never ended" \
	"5000 pages answered (the cap, max_pages)"
expect flood protocol_error "show running-config" "cap of 400000 bytes"
expect no-prompt protocol_error "no prompt recognised"
expect paging-stays-on ok
expect healthy-last ok

# where it broke, the command is listed as failed and the rest as not run
check "stall: failed[] names show running-config as timeout" \
	[ "$(get stall "[f['status'] for f in d['sources']['ssh']['failed'] if f['what']=='show running-config'][0]")" = timeout ]
check "stall: the outputs before the stall are stored" [ -s "$OUT/devices/stall/raw/show_version.txt" ]
check "drop: the half output received is stored" \
	grep -q '^hostname acc-2960x-01' "$OUT/devices/drop/raw/show_running-config.txt"

# deadlines: idle 3 s, then 3 s for Ctrl-C to bring the prompt back
for d in stall drop endless-pager flood no-prompt; do
	e=$(elapsed "$d")
	check "$d ended within its deadlines (${e} ms < 15000)" [ "${e:-99999}" -lt 15000 ]
done
# 5,000 pages answered one by one: the cap, not a deadline, ends it
e=$(elapsed endless-pager-pages)
check "endless-pager-pages ended by its page cap within the command timeout (${e} ms < 30000)" \
	[ "${e:-99999}" -lt 30000 ]
check "slow output was waited for (> 1000 ms)" [ "$(elapsed slow)" -gt 1000 ]

# whole outputs: paged or not, slow or not, byte for byte the device's
for d in healthy slow paging-stays-on; do
	for f in show_version show_inventory show_environment_all \
		show_processes_cpu_sorted show_processes_memory_sorted; do
		cmp -s "$OUT/devices/$d/raw/$f.txt" "$DEV/$f.txt" ||
			fail "$d: raw/$f.txt differs from the device's output"
	done
	ok "$d: five outputs equal the device's"
done
check "paging-stays-on: the pager was answered" \
	[ "$(json_get "$OUT/devices/paging-stays-on/raw/ssh.json" "sum(c.get('pages',0) for c in d['commands'])")" -gt 0 ]
check "the running configuration is redacted" \
	grep -q '^enable secret 9 <redacted>$' "$OUT/devices/healthy/raw/show_running-config.txt"
check "the community shows as a well-known default" \
	grep -q '^snmp-server community <redacted: well-known default> RO$' "$OUT/devices/healthy/raw/show_running-config.txt"
# all but the redacted lines are the device's
sed 's/<redacted[^>]*>/X/' "$OUT/devices/healthy/raw/show_running-config.txt" >"$SCRATCH/a"
sed -e 's/^\(enable secret 9 \).*/\1X/' -e 's/^\(username netadmin privilege 15 secret 9 \).*/\1X/' \
	-e 's/^\(snmp-server community \)public/\1X/' "$DEV/show_running-config.txt" >"$SCRATCH/b"
check "the running configuration is otherwise whole" cmp -s "$SCRATCH/a" "$SCRATCH/b"

# a whole-device deadline cuts a stall that the idle time would not
cat >"$SCRATCH/inv2.yaml" <<YAML
defaults:
  snmp: false
  ssh: {username: $LAB_SSH_USER, key_file: $LAB_SSH_KEY, known_hosts: $LAB_KNOWN_HOSTS, timeout_ms: 60000}
devices:
  - {name: stall-deadline, address: 127.0.0.1, ssh: {port: $LAB_SSHD_PORT_FAULT_STALL}}
YAML
t0=$(date +%s)
timeout 60 "$SWINSPECT" collect -i "$SCRATCH/inv2.yaml" -o "$SCRATCH/out2" --device-timeout 4 \
	>/dev/null 2>&1
t1=$(date +%s)
check "--device-timeout 4 ends a stalled device in $((t1 - t0)) s (< 10 s)" [ $((t1 - t0)) -lt 10 ]
OUT="$SCRATCH/out2" expect stall-deadline timeout "time allowed for the whole device"

validate_facts "$OUT/devices" >"$SCRATCH/schema.log" 2>&1
check "every facts document validates against the schema" [ $? -eq 0 ] || cat "$SCRATCH/schema.log"
bad=$(find "$OUT" -type f ! -perm 600 | head -3)
check "every file under OUT is 0600 ($bad)" [ -z "$bad" ]
bad=$(find "$OUT" -type d ! -perm 700 | head -3)
check "every folder under OUT is 0700 ($bad)" [ -z "$bad" ]
leaks=0
keyline=$(sed -n 2p "$LAB_SSH_KEY")
for secret in Lab0nlyNotARealHash "$keyline" "$LAB_SSH_PASSWORD"; do
	[ -n "$secret" ] || continue
	if grep -rqF -- "$secret" "$OUT" "$SCRATCH/stdout" "$SCRATCH/stderr"; then
		leaks=$((leaks + 1))
	fi
done
check "no secret appears in any output or log" [ "$leaks" -eq 0 ]
left=$(pgrep -c -f "$LAB_DIR/cli-emulator.py.*--fault")
check "no emulator is left behind once the run is over ($left)" [ "$left" -eq 0 ]

finish
