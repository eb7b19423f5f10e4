#!/bin/sh
# SNMP sessions against a real Net-SNMP snmpd of our own (loopback, free
# port, its own config and persistent folder): SNMPv3 authPriv with
# SHA/AES, SHA-256/AES-256 and MD5/DES, a wrong v3 password (auth_failed,
# also when a session with the right one to the same agent runs at the same
# time), an unknown v3 user, a wrong community (timeout, said so), SNMPv1,
# IPv6 (::1) and a DNS name (localhost).  The outcome must be clear in the
# facts and in report.json, and no secret may be written anywhere.
. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/lib.sh"

command -v snmpd >/dev/null 2>&1 || [ -x /usr/sbin/snmpd ] ||
	skip "snmpd is missing (Debian: apt-get install snmpd)"
SNMPD=$(command -v snmpd 2>/dev/null || echo /usr/sbin/snmpd)
[ -x "$SWINSPECT" ] || { echo "FAIL: $SWINSPECT is not built"; exit 99; }
scratch
PID=
stop_snmpd() {
	if [ -n "$PID" ]; then
		kill "$PID" 2>/dev/null
		wait "$PID" 2>/dev/null
		PID=
	fi
}
trap 'stop_snmpd; cleanup' EXIT
trap 'stop_snmpd; cleanup; exit 130' INT TERM

PORT=$("$PYTHON3" -c 'import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
V6=
if "$PYTHON3" -c "import socket,sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.bind(('::1', $PORT))" 2>/dev/null; then
	V6=",udp6:[::1]:$PORT"
fi

# Passwords made up for this run only.
COMM="c$$x$(date +%s)"
export SWI_A1="auth-sha-$$-pass" SWI_P1="priv-aes-$$-pass"
export SWI_A2="auth-256-$$-pass" SWI_P2="priv-256-$$-pass"
export SWI_A3="auth-md5-$$-pass" SWI_P3="priv-des-$$-pass"
export SWI_WRONG="not-the-$$-password" SWI_COMM="$COMM" SWI_WRONGC="nope-$$"

mkdir -p "$SCRATCH/persist"
chmod 700 "$SCRATCH/persist"
cat >"$SCRATCH/snmpd.conf" <<EOF
agentAddress udp:127.0.0.1:$PORT$V6
rocommunity $COMM 127.0.0.1
rocommunity6 $COMM ::1
createUser swisha SHA "$SWI_A1" AES "$SWI_P1"
createUser swi256 SHA-256 "$SWI_A2" AES-256 "$SWI_P2"
createUser swimd5 MD5 "$SWI_A3" DES "$SWI_P3"
rouser swisha priv
rouser swi256 priv
rouser swimd5 priv
EOF
"$SNMPD" -f -Lo -C -c "$SCRATCH/snmpd.conf" -p "$SCRATCH/snmpd.pid" -m '' \
	--persistentDir="$SCRATCH/persist" -I -smux,mteTrigger,mteTriggerConf \
	>"$SCRATCH/snmpd.log" 2>&1 &
PID=$!
i=0
until snmpget -m '' -v2c -c "$COMM" -t 1 -r 0 "127.0.0.1:$PORT" \
	1.3.6.1.2.1.1.5.0 >/dev/null 2>&1; do
	i=$((i + 1))
	if [ "$i" -ge 30 ] || ! kill -0 "$PID" 2>/dev/null; then
		cat "$SCRATCH/snmpd.log"
		echo "FAIL: snmpd did not start"
		exit 99
	fi
	sleep 1
done
HAS256=yes
snmpget -m '' -v3 -l authPriv -u swi256 -a SHA-256 -A "$SWI_A2" -x AES-256 \
	-X "$SWI_P2" "127.0.0.1:$PORT" 1.3.6.1.2.1.1.5.0 >/dev/null 2>&1 || HAS256=

INV="$SCRATCH/inventory.yaml"
{
	cat <<EOF
defaults:
  ssh: false
  snmp: {port: $PORT, timeout_ms: 800, retries: 0, rate_interval_s: 1}
devices:
  - name: v3-sha-aes
    address: 127.0.0.1
    snmp: {version: 3, username: swisha, auth: {protocol: sha, password_env: SWI_A1}, priv: {protocol: aes, password_env: SWI_P1}}
  - name: v3-wrong-password
    address: 127.0.0.1
    snmp: {version: 3, username: swisha, auth: {protocol: sha, password_env: SWI_WRONG}, priv: {protocol: aes, password_env: SWI_P1}}
  - name: v3-md5-des
    address: 127.0.0.1
    snmp: {version: 3, username: swimd5, auth: {protocol: md5, password_env: SWI_A3}, priv: {protocol: des, password_env: SWI_P3}}
  - name: v3-unknown-user
    address: 127.0.0.1
    snmp: {version: 3, username: nosuchuser, auth: {protocol: sha, password_env: SWI_A1}, priv: {protocol: aes, password_env: SWI_P1}}
  - name: v2c-wrong-community
    address: 127.0.0.1
    snmp: {community_env: SWI_WRONGC}
  - name: v1
    address: 127.0.0.1
    snmp: {version: 1, community_env: SWI_COMM}
  - name: dns-name
    address: localhost
    snmp: {community_env: SWI_COMM}
EOF
	[ -n "$HAS256" ] && cat <<EOF
  - name: v3-sha256-aes256
    address: 127.0.0.1
    snmp: {version: 3, username: swi256, auth: {protocol: sha256, password_env: SWI_A2}, priv: {protocol: aes256, password_env: SWI_P2}}
EOF
	[ -n "$V6" ] && cat <<EOF
  - name: ipv6
    address: "::1"
    snmp: {community_env: SWI_COMM}
EOF
} >"$INV"

OUT="$SCRATCH/out"
timeout 300 "$SWINSPECT" collect -i "$INV" -o "$OUT" >"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
rc=$?
check "collect exits 2: some devices not reached (got $rc)" [ "$rc" -eq 2 ]
if grep -E 'AddressSanitizer|LeakSanitizer|runtime error:' "$SCRATCH/stderr" >/dev/null; then
	fail "sanitizer report"
	sed -n '1,40p' "$SCRATCH/stderr"
fi
status() { json_get "$OUT/devices/$1/facts.json" "d['sources']['snmp']['status']"; }
error() { json_get "$OUT/devices/$1/facts.json" "d['sources']['snmp'].get('error','')"; }
for d in v3-sha-aes v3-md5-des v1 dns-name ${HAS256:+v3-sha256-aes256} ${V6:+ipv6}; do
	check "$d: ok (got $(status $d))" [ "$(status $d)" = ok ]
	check "$d: interfaces collected" [ "$(json_get "$OUT/devices/$d/facts.json" "len(d.get('interfaces', []))")" -gt 0 ]
done
check "wrong v3 password: auth_failed (got $(status v3-wrong-password))" \
	[ "$(status v3-wrong-password)" = auth_failed ]
check "unknown v3 user: auth_failed (got $(status v3-unknown-user))" \
	[ "$(status v3-unknown-user)" = auth_failed ]
check "wrong community: timeout (got $(status v2c-wrong-community))" \
	[ "$(status v2c-wrong-community)" = timeout ]
case $(error v2c-wrong-community) in
*"wrong community"*) ok "the timeout says a wrong community looks the same" ;;
*) fail "timeout error: $(error v2c-wrong-community)" ;;
esac
check "v3 transport recorded" [ "$(json_get "$OUT/devices/v3-sha-aes/facts.json" "d['sources']['snmp']['transport']['version']")" = 3 ]
check "interface rates from two samples" \
	[ "$(json_get "$OUT/devices/v1/facts.json" "sum(1 for i in d['interfaces'] if 'in_error_rate' in i and i.get('interval_s', 0) > 0)")" -gt 0 ]
validate_facts "$OUT" >"$SCRATCH/schema.log" 2>&1
check "facts valid against the schema" [ $? -eq 0 ]

"$SWINSPECT" check "$OUT" >/dev/null 2>&1
"$SWINSPECT" report "$OUT" >/dev/null 2>&1
if [ -s "$OUT/report.json" ]; then
	for d in v3-wrong-password:auth_failed v2c-wrong-community:timeout; do
		name=${d%%:*}
		want=${d#*:}
		got=$(json_get "$OUT/report.json" "[x['status'] for x in d['devices'] if x['name'] == '$name'][0]")
		check "report.json: $name $want (got $got)" [ "$got" = "$want" ]
	done
	check "report.html names auth_failed" grep -q 'auth_failed' "$OUT/report.html"
else
	fail "swinspect check / report wrote no report.json"
fi

# No password or community in any output.
leak=
for secret in "$SWI_A1" "$SWI_P1" "$SWI_A2" "$SWI_P2" "$SWI_A3" "$SWI_P3" "$SWI_WRONG" "$COMM"; do
	if grep -rqF -- "$secret" "$OUT" "$SCRATCH/stdout" "$SCRATCH/stderr"; then
		leak=1
	fi
done
check "no secret in the output or the logs" [ -z "$leak" ]
stop_snmpd
finish
