#!/bin/sh
# The SSH transport against the lab's real sshd: host-key verification
# (unknown, accepted and recorded, changed), password, public-key and
# ssh-agent log-in, a wrong password, legacy algorithms (refused, then
# allowed per device and named in the facts), a jump host, the exec
# channel, privileged mode, a closed port.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
lab_start
[ -n "${LAB_SSHD_PORT_LEGACY:-}" ] || skip "this lab has no legacy sshd"
export LAB_SSH_PASSWORD LAB_SSH_ENABLE_PASSWORD
OUT="$SCRATCH/out"
DEV="$top_srcdir/tests/lab/cli/$LAB_SSHD_DEVICE"
KEYDIR="$LAB_DIR/ssh"

get() { json_get "$OUT/devices/$1/facts.json" "$2" 2>/dev/null; }
status() { get "$1" "d['sources']['ssh']['status']"; }
error() { get "$1" "d['sources']['ssh'].get('error','')"; }
expect() { # NAME STATUS WORDS...
	name=$1 want=$2
	shift 2
	got=$(status "$name")
	msg=$(error "$name")
	ok=1
	[ "$got" = "$want" ] || ok=0
	for w in "$@"; do
		case $msg in *"$w"*) ;; *) ok=0 ;; esac
	done
	if [ $ok = 1 ]; then ok "$name: $got${msg:+: $msg}"; else
		fail "$name: got '$got' ($msg), want '$want' with: $*"; fi
}
# run INVENTORY-BODY: a fresh OUT, devices after the common defaults
run() {
	rm -rf "$OUT"
	{
		cat <<YAML
defaults:
  snmp: false
  ssh: {username: $LAB_SSH_USER, known_hosts: $LAB_KNOWN_HOSTS, timeout_ms: 5000}
devices:
YAML
		cat
	} >"$SCRATCH/inv.yaml"
	timeout 120 "$SWINSPECT" collect -i "$SCRATCH/inv.yaml" -o "$OUT" -j 4 \
		>"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
	rc=$?
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
		echo "collect exited with $rc:"
		cat "$SCRATCH/stderr"
	fi
}
fp() { ssh-keygen -lf "$1" | awk '{print $2}'; }
K="key_file: $LAB_SSH_KEY"
P=$LAB_SSHD_PORT

# ---- host keys ---------------------------------------------------------------
: >"$SCRATCH/empty_known_hosts"
ED_FP=$(fp "$KEYDIR/ssh_host_ed25519_key.pub")
# another key in place of the device's ed25519 one
ssh-keygen -q -t ed25519 -N '' -f "$SCRATCH/other" -C other
grep -v "^\[127.0.0.1\]:$P ssh-ed25519 " "$LAB_KNOWN_HOSTS" >"$SCRATCH/changed_known_hosts"
printf '[127.0.0.1]:%s %s\n' "$P" "$(cut -d' ' -f1,2 "$SCRATCH/other.pub")" >>"$SCRATCH/changed_known_hosts"
OTHER_FP=$(fp "$SCRATCH/other.pub")
run <<YAML
  - {name: unknown, address: 127.0.0.1, ssh: {port: $P, $K, known_hosts: $SCRATCH/empty_known_hosts}}
  - {name: accept-new, address: 127.0.0.1, ssh: {port: $P, $K, known_hosts: $SCRATCH/new_known_hosts, accept_new_host_key: true}}
  - {name: changed, address: 127.0.0.1, ssh: {port: $P, $K, known_hosts: $SCRATCH/changed_known_hosts}}
  - {name: changed-accept-new, address: 127.0.0.1, ssh: {port: $P, $K, known_hosts: $SCRATCH/changed_known_hosts, accept_new_host_key: true}}
YAML
expect unknown host_key_unknown "is not in $SCRATCH/empty_known_hosts" "$ED_FP" accept_new_host_key
check "unknown: nothing was collected" [ ! -e "$OUT/devices/unknown/raw" ]
expect accept-new ok
check "accept-new: the key is recorded in the known_hosts file" \
	grep -q "^\[127.0.0.1\]:$P ssh-ed25519 " "$SCRATCH/new_known_hosts"
expect changed host_key_mismatch "$ED_FP" "$OTHER_FP" "ssh-keygen -R"
expect changed-accept-new host_key_mismatch "$ED_FP" "$OTHER_FP"
run <<YAML
  - {name: recorded, address: 127.0.0.1, ssh: {port: $P, $K, known_hosts: $SCRATCH/new_known_hosts}}
YAML
expect recorded ok

# ---- log-in --------------------------------------------------------------------
export SWI_WRONG_PASSWORD="not-the-password-4f2"
eval "$(ssh-agent -s)" >/dev/null
AGENT=$SSH_AGENT_PID
ssh-add -q "$LAB_SSH_KEY" 2>/dev/null
{
	echo "  - {name: key, address: 127.0.0.1, ssh: {port: $P, $K}}"
	echo "  - {name: agent, address: 127.0.0.1, ssh: {port: $P, use_agent: true}}"
	echo "  - {name: no-credentials, address: 127.0.0.1, ssh: {port: $P}}"
	echo "  - {name: closed-port, address: 127.0.0.1, ssh: {port: $LAB_CLOSED_PORT, $K}}"
	if [ -n "$LAB_SSH_PASSWORD" ]; then
		echo "  - {name: password, address: 127.0.0.1, ssh: {port: $P, password_env: LAB_SSH_PASSWORD}}"
		echo "  - {name: wrong-password, address: 127.0.0.1, ssh: {port: $P, password_env: SWI_WRONG_PASSWORD}}"
	fi
} | run
kill "$AGENT" 2>/dev/null
unset SSH_AUTH_SOCK SSH_AGENT_PID
expect key ok
check "key: a modern device needs no legacy algorithm (an empty list)" \
	[ "$(get key "len(d['sources']['ssh']['transport']['legacy_algorithms'])")" = 0 ]
expect agent ok
expect no-credentials skipped "no ssh credentials"
expect closed-port unreachable "refused"
if [ -n "$LAB_SSH_PASSWORD" ]; then
	expect password ok
	expect wrong-password auth_failed "refused the log-in of '$LAB_SSH_USER'" "tried: password"
else
	echo "NOTE: password log-in not tested (the lab has no password user without root)"
fi

# ---- legacy algorithms ---------------------------------------------------------
L=$LAB_SSHD_PORT_LEGACY
run <<YAML
  - {name: legacy-refused, address: 127.0.0.1, ssh: {port: $L, $K}}
  - {name: legacy-allowed, address: 127.0.0.1, ssh: {port: $L, $K, legacy_algorithms: true}}
  - {name: legacy-kex-only, address: 127.0.0.1, ssh: {port: $L, $K, legacy_algorithms: [diffie-hellman-group14-sha1]}}
  - {name: legacy-listed, address: 127.0.0.1, ssh: {port: $L, $K, legacy_algorithms: [diffie-hellman-group14-sha1, ssh-rsa, aes128-cbc]}}
  - {name: legacy-unknown-name, address: 127.0.0.1, ssh: {port: $L, $K, legacy_algorithms: [rot13-cbc]}}
YAML
expect legacy-refused protocol_error "key exchange" diffie-hellman-group14-sha1 "legacy_algorithms"
expect legacy-allowed ok
legacy=$(get legacy-allowed "' '.join(d['sources']['ssh']['transport']['legacy_algorithms'])")
case " $legacy " in
*" diffie-hellman-group14-sha1 "*" ssh-rsa "* | *" ssh-rsa "*" diffie-hellman-group14-sha1 "*)
	ok "legacy-allowed: the facts name the legacy algorithms ($legacy)" ;;
*) fail "legacy-allowed: transport.legacy_algorithms is '$legacy'" ;;
esac
expect legacy-kex-only protocol_error "host key" ssh-rsa
expect legacy-listed ok
legacy=$(get legacy-listed "' '.join(sorted(d['sources']['ssh']['transport']['legacy_algorithms']))")
check "legacy-listed: exactly the three allowed ($legacy)" \
	[ "$legacy" = "aes128-cbc diffie-hellman-group14-sha1 ssh-rsa" ]
expect legacy-unknown-name error "unknown legacy algorithm 'rot13-cbc'"

# ---- jump host, exec channel, privileged mode --------------------------------
B=$LAB_SSHD_PORT_BASTION
E=$LAB_SSHD_PORT_INSPUR_CN8696
run <<YAML
  - {name: via-jump, address: 127.0.0.1, ssh: {port: $E, $K, jump_host: {address: 127.0.0.1, port: $B}}}
  - {name: jump-refuses, address: 127.0.0.1, ssh: {port: $E, $K, jump_host: {address: 127.0.0.1, port: $P}}}
  - {name: exec, address: 127.0.0.1, ssh: {port: $P, $K, channel: exec}}
  - {name: enable, address: 127.0.0.1, ssh: {port: $LAB_SSHD_PORT_USER_MODE, $K, enable_password_env: LAB_SSH_ENABLE_PASSWORD}}
  - {name: enable-wrong, address: 127.0.0.1, ssh: {port: $LAB_SSHD_PORT_USER_MODE, $K, enable_password_env: SWI_WRONG_PASSWORD}}
  - {name: enable-none, address: 127.0.0.1, ssh: {port: $LAB_SSHD_PORT_USER_MODE, $K}}
YAML
expect via-jump ok
check "via-jump: the device behind the jump host is the Inspur CN" \
	[ "$(get via-jump "d['sources']['ssh']['profile']")" = inspur-cn ]
expect jump-refuses unreachable "jump host 127.0.0.1 could not reach"
expect exec ok
for f in show_version show_inventory show_environment_all; do
	cmp -s "$OUT/devices/exec/raw/$f.txt" "$DEV/$f.txt" || fail "exec: raw/$f.txt differs"
done
ok "exec: outputs equal the device's"
expect enable ok
check "enable: the session ended privileged" \
	[ "$(json_get "$OUT/devices/enable/raw/ssh.json" "d['prompt']")" = "acc-2960x-01#" ]
expect enable-wrong partial
check "enable-wrong: failed[] says the enable password was refused" \
	[ "$(get enable-wrong "[f['status'] for f in d['sources']['ssh']['failed'] if f['what']=='enable'][0]")" = auth_failed ]
expect enable-none partial
check "enable-none: show running-config is refused in user mode" \
	grep -q "show running-config" "$OUT/devices/enable-none/facts.json"
leaks=0
for s in "$LAB_SSH_ENABLE_PASSWORD" "$SWI_WRONG_PASSWORD"; do
	grep -rqF -- "$s" "$OUT" "$SCRATCH/stdout" "$SCRATCH/stderr" && leaks=$((leaks + 1))
done
check "no password appears in any output or log" [ "$leaks" -eq 0 ]

finish
