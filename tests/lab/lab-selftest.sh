#!/bin/bash
# lab-selftest.sh - smoke test of the swinspect lab (tests/lab/lab).
#
# Starts a lab in its own state directory, checks every server with the
# standard clients (Net-SNMP's snmpget, OpenSSH's ssh), stops it and checks
# that nothing is left running.  Exit 0: pass, 1: fail, 77: a required
# program is missing (automake's "skipped").  Set SWINSPECT_LAB_DIR to use a
# given state directory; it is removed afterwards only if this script made it.

# "cond && pass ... || fail ..." is safe below: pass always returns 0.
# shellcheck disable=SC2015

set -uo pipefail
export LC_ALL=C

SRC=$(cd "$(dirname "$0")" && pwd -P)
LAB=$SRC/lab
PY=/usr/bin/python3

failures=0
pass() { printf 'PASS: %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*"; failures=$((failures + 1)); }
skip() { printf 'SKIP: %s\n' "$*"; exit 77; }

for p in snmpget snmpsimd snmpd ssh ssh-keygen flock setsid "$PY" /usr/sbin/sshd; do
    case $p in
        /*) [ -x "$p" ] || skip "$p is missing" ;;
        *) command -v "$p" >/dev/null 2>&1 || skip "$p is missing (apt-get install snmp snmpd snmpsim openssh-server openssh-client)" ;;
    esac
done

made_dir=""
if [ -z "${SWINSPECT_LAB_DIR:-}" ]; then
    SWINSPECT_LAB_DIR=$(mktemp -d /tmp/swinspect-selftest.XXXXXX) || { echo "FAIL: mktemp"; exit 1; }
    chmod 0755 "$SWINSPECT_LAB_DIR"
    made_dir=$SWINSPECT_LAB_DIR
fi
export SWINSPECT_LAB_DIR
WORK=$(mktemp -d /tmp/swinspect-selftest-work.XXXXXX) || exit 1

# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
    "$LAB" stop >/dev/null 2>&1 || true
    [ -n "$made_dir" ] && rm -rf "$made_dir"
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

echo "lab directory: $SWINSPECT_LAB_DIR"

# the recordings are what their generator writes
if "$PY" "$SRC/snmprec-gen.py" --check >"$WORK/gen.out" 2>&1; then
    pass "snmprec/ files match snmprec-gen.py"
else
    fail "snmprec/ files differ from snmprec-gen.py: $(cat "$WORK/gen.out")"
fi

# ---- start -----------------------------------------------------------------
t0=$(date +%s%N)
"$LAB" start >"$WORK/start.out" 2>&1
rc=$?
t1=$(date +%s%N)
if [ $rc = 77 ]; then
    cat "$WORK/start.out"
    skip "lab start: a required program is missing"
elif [ $rc != 0 ]; then
    cat "$WORK/start.out"
    fail "lab start exited with $rc"
    exit 1
fi
pass "lab start ($(( (t1 - t0) / 1000000 )) ms)"

envfile=$("$LAB" env) || { fail "lab env"; exit 1; }
[ "$(stat -c %a "$envfile")" = 600 ] && pass "lab.env is mode 0600" || fail "lab.env mode is $(stat -c %a "$envfile")"
set -a
# shellcheck disable=SC1090
. "$envfile"
set +a
for key in LAB_DIR LAB_SNMPSIM_PORT LAB_SNMPD_PORT LAB_SNMPD_COMMUNITY LAB_SNMPD_V3_USER \
    LAB_SNMPD_V3_AUTH_PASS LAB_SNMPD_V3_PRIV_PASS LAB_SSHD_PORT LAB_SSHD_DEVICE LAB_SSH_USER \
    LAB_SSH_PASSWORD LAB_SSH_KEY LAB_KNOWN_HOSTS LAB_CLOSED_PORT LAB_SNMPSIM_COMMUNITIES; do
    if [ -z "${!key:-}" ] && { [ "$key" != LAB_SSH_PASSWORD ] || [ "$(id -u)" = 0 ]; }; then
        fail "lab.env has no $key"
    fi
done
[ "$LAB_DIR" = "$SWINSPECT_LAB_DIR" ] && pass "LAB_DIR is the requested directory" ||
    fail "LAB_DIR=$LAB_DIR, expected $SWINSPECT_LAB_DIR"

# a second start does nothing and keeps the ports
"$LAB" start >"$WORK/start2.out" 2>&1 && grep -q "already running" "$WORK/start2.out" &&
    grep -qx "LAB_SNMPD_PORT=$LAB_SNMPD_PORT" "$envfile" &&
    pass "a second lab start is a no-op" || { cat "$WORK/start2.out"; fail "a second lab start changed the lab"; }

# ---- snmpsim ----------------------------------------------------------------
snmp=(-m '' -t 2 -r 1)
own=0
for rec in "$SRC"/snmprec/*.snmprec; do
    comm=$(basename "$rec" .snmprec)
    want=$(grep '^1\.3\.6\.1\.2\.1\.1\.5\.0|' "$rec" | cut -d'|' -f3)
    got=$(snmpget "${snmp[@]}" -v2c -c "$comm" -Oqv "127.0.0.1:$LAB_SNMPSIM_PORT" 1.3.6.1.2.1.1.5.0 2>&1)
    descr=$(snmpget "${snmp[@]}" -v2c -c "$comm" -Oqv "127.0.0.1:$LAB_SNMPSIM_PORT" 1.3.6.1.2.1.1.1.0 2>&1)
    if [ "$got" = "\"$want\"" ] && [ -n "$descr" ] && ! grep -qi 'timeout\|no such' <<<"$descr"; then
        own=$((own + 1))
    else
        fail "snmpsim community $comm: sysName=$got sysDescr=${descr:0:60}"
    fi
    case " $LAB_SNMPSIM_COMMUNITIES " in *" $comm "*) ;; *) fail "$comm missing from LAB_SNMPSIM_COMMUNITIES" ;; esac
done
[ $own -gt 0 ] && pass "snmpsim answers sysDescr and sysName for all $own own recordings"
shared=$(wc -w <<<"$LAB_SNMPSIM_COMMUNITIES")
if [ "$shared" -gt "$own" ]; then
    first=$(tr ' ' '\n' <<<"$LAB_SNMPSIM_COMMUNITIES" | grep '^lnms-' | head -n1)
    if [ -n "$first" ] && snmpget "${snmp[@]}" -v2c -c "$first" -Oqv "127.0.0.1:$LAB_SNMPSIM_PORT" 1.3.6.1.2.1.1.1.0 >/dev/null 2>&1; then
        pass "snmpsim also serves $((shared - own)) shared recordings (e.g. $first)"
    else
        fail "shared recording $first does not answer"
    fi
fi
walked=$(snmpbulkwalk "${snmp[@]}" -v2c -c huawei-vrp-s5720-fanfail -Oqn "127.0.0.1:$LAB_SNMPSIM_PORT" 1.3.6.1.4.1.2011.5.25.31.1.1.10.1.7 2>&1)
grep -q '\.7\.0\.1 2$' <<<"$walked" && pass "fan-failure variant reports hwEntityFanState abnormal(2)" ||
    fail "fan-failure variant: $walked"

# ---- snmpd ------------------------------------------------------------------
agent=127.0.0.1:$LAB_SNMPD_PORT
out=$(snmpget "${snmp[@]}" -v2c -c "$LAB_SNMPD_COMMUNITY" -Oqv "$agent" 1.3.6.1.2.1.1.5.0 2>&1)
[ "$out" = '"swinspect-lab-snmpd"' ] && pass "snmpd answers v2c" || fail "snmpd v2c: $out"
out=$(snmpbulkwalk "${snmp[@]}" -v2c -c "$LAB_SNMPD_COMMUNITY" -Oqn "$agent" 1.3.6.1.2.1.25.2.3.1.3 2>&1 | head -n 3)
grep -q '25\.2\.3\.1\.3\.' <<<"$out" && pass "snmpd serves HOST-RESOURCES hrStorageTable" || fail "snmpd hrStorage: $out"
v3=(-v3 -l authPriv -u "$LAB_SNMPD_V3_USER" -a SHA -x AES -X "$LAB_SNMPD_V3_PRIV_PASS")
out=$(snmpget "${snmp[@]}" "${v3[@]}" -A "$LAB_SNMPD_V3_AUTH_PASS" -Oqv "$agent" 1.3.6.1.2.1.1.3.0 2>&1)
grep -qiE '^[0-9]+:[0-9]+:|timeticks|^[0-9]' <<<"$out" && ! grep -qi 'fail\|timeout' <<<"$out" &&
    pass "snmpd answers v3 authPriv (SHA/AES)" || fail "snmpd v3 authPriv: $out"
out=$(snmpget "${snmp[@]}" "${v3[@]}" -A "wrong-${LAB_SNMPD_V3_AUTH_PASS}" "$agent" 1.3.6.1.2.1.1.3.0 2>&1)
grep -qi 'authentication failure' <<<"$out" && pass "a wrong v3 password gets an authentication failure" ||
    fail "wrong v3 password: expected 'Authentication failure', got: $out"
out=$(snmpget "${snmp[@]}" -v2c -c "wrong-$LAB_SNMPD_COMMUNITY" "$agent" 1.3.6.1.2.1.1.3.0 2>&1)
grep -qi timeout <<<"$out" && pass "a wrong community gets no answer" || fail "wrong community: $out"

# ---- closed port --------------------------------------------------------------
out=$(snmpget -m '' -t 0.5 -r 0 -v2c -c public "127.0.0.1:$LAB_CLOSED_PORT" 1.3.6.1.2.1.1.3.0 2>&1)
grep -qi timeout <<<"$out" && pass "nothing answers SNMP on LAB_CLOSED_PORT" || fail "closed port (udp): $out"
if (exec 3<>"/dev/tcp/127.0.0.1/$LAB_CLOSED_PORT") 2>/dev/null; then
    fail "something accepts TCP on LAB_CLOSED_PORT $LAB_CLOSED_PORT"
else
    pass "TCP to LAB_CLOSED_PORT is refused"
fi

# ---- sshd + CLI emulator -------------------------------------------------------
sshopts=(-o BatchMode=yes -o StrictHostKeyChecking=yes -o "UserKnownHostsFile=$LAB_KNOWN_HOSTS"
         -o ConnectTimeout=10 -o LogLevel=ERROR -i "$LAB_SSH_KEY")
dev=$SRC/cli/$LAB_SSHD_DEVICE
timeout 30 ssh "${sshopts[@]}" -p "$LAB_SSHD_PORT" "$LAB_SSH_USER@127.0.0.1" 'show version' \
    >"$WORK/version.out" 2>"$WORK/version.err"
rc=$?
if [ $rc = 0 ] && cmp -s "$WORK/version.out" "$dev/show_version.txt"; then
    pass "ssh (key) 'show version' on $LAB_SSHD_DEVICE returns the recorded output"
else
    fail "ssh 'show version' (exit $rc): $(head -c 300 "$WORK/version.err") $(diff "$dev/show_version.txt" "$WORK/version.out" | head -5)"
fi
out=$(timeout 30 ssh "${sshopts[@]}" -p "$LAB_SSHD_PORT" "$LAB_SSH_USER@127.0.0.1" 'show bogus' 2>&1)
rc=$?
[ $rc = 1 ] && grep -q "% Invalid input detected at '^' marker." <<<"$out" &&
    pass "an unknown command gets the vendor's error" || fail "unknown command (exit $rc): $out"

# every further device on its own port
for entry in ${LAB_SSHD_DEVICES:-}; do
    name=${entry%%:*} port=${entry##*:}
    [ "$name" = "$LAB_SSHD_DEVICE" ] && continue
    # Huawei and H3C devices answer `display version`
    vcmd='show version'
    [ -f "$SRC/cli/$name/display_version.txt" ] && vcmd='display version'
    timeout 30 ssh "${sshopts[@]}" -p "$port" "$LAB_SSH_USER@127.0.0.1" "$vcmd" >"$WORK/v2.out" 2>&1
    cmp -s "$WORK/v2.out" "$SRC/cli/$name/$(printf '%s' "$vcmd" | tr ' ' _).txt" &&
        pass "port $port answers as $name" || fail "port $port ($name): $(head -c 200 "$WORK/v2.out")"
done

# interactive session without a pty: banner, prompt, pager, error, exit
host=$(sed -n 's/^hostname: *//p' "$dev/device.yaml")
printf 'show version\n q\nterminal length 0\nshow inventory\nshow nonsense\nexit\n' |
    timeout 30 ssh -T "${sshopts[@]}" -p "$LAB_SSHD_PORT" "$LAB_SSH_USER@127.0.0.1" >"$WORK/session.out" 2>&1
rc=$?
tr -d '\r' <"$WORK/session.out" >"$WORK/session.txt"
if [ $rc = 0 ] && grep -q "^$host#" "$WORK/session.txt" && grep -q -- '--More--' "$WORK/session.txt" &&
    grep -q '^PID: ' "$WORK/session.txt" && grep -q "% Invalid input" "$WORK/session.txt"; then
    pass "interactive session: prompt '$host#', --More-- pager, terminal length 0, errors, exit"
else
    fail "interactive session (exit $rc): $(head -c 400 "$WORK/session.txt")"
fi
# interactive session with a pty (sshd allocates one; an unprivileged sshd
# cannot, so a lab started without root has PermitTTY no)
if [ "$(id -u)" = 0 ]; then
    printf 'terminal length 0\nshow version\nexit\n' |
        timeout 30 ssh -tt "${sshopts[@]}" -p "$LAB_SSHD_PORT" "$LAB_SSH_USER@127.0.0.1" >"$WORK/pty.out" 2>&1
    rc=$?
    grep -q "uptime is" "$WORK/pty.out" && pass "interactive session with a pty" ||
        fail "pty session (exit $rc): $(head -c 300 "$WORK/pty.out")"
else
    echo "NOTE: pty sessions not tested (they need a lab started as root)"
fi
# EOF ends a session (no hang)
if timeout 15 ssh -T "${sshopts[@]}" -p "$LAB_SSHD_PORT" "$LAB_SSH_USER@127.0.0.1" </dev/null >/dev/null 2>&1; then
    pass "EOF ends an interactive session"
else
    fail "a session did not end on EOF"
fi

# password authentication (root labs create a user with a password)
if [ -n "${LAB_SSH_PASSWORD:-}" ]; then
    askpass=$WORK/askpass
    printf '#!/bin/sh\ncat %s/pw\n' "$WORK" >"$askpass"
    chmod 0700 "$askpass"
    pwlogin() {
        (umask 077; printf '%s\n' "$1" >"$WORK/pw")
        SSH_ASKPASS=$askpass SSH_ASKPASS_REQUIRE=force DISPLAY=none timeout 30 setsid -w \
            ssh -o StrictHostKeyChecking=yes -o "UserKnownHostsFile=$LAB_KNOWN_HOSTS" \
            -o PreferredAuthentications=password -o PubkeyAuthentication=no \
            -o NumberOfPasswordPrompts=1 -o LogLevel=ERROR -p "$LAB_SSHD_PORT" \
            "$LAB_SSH_USER@127.0.0.1" 'show clock' </dev/null 2>&1
    }
    out=$(pwlogin "$LAB_SSH_PASSWORD")
    grep -q '[0-9]:[0-9][0-9]:[0-9][0-9]' <<<"$out" && pass "password login works" || fail "password login: $out"
    out=$(pwlogin "not-$LAB_SSH_PASSWORD")
    grep -qi 'permission denied' <<<"$out" && pass "a wrong password is refused" || fail "wrong password: $out"
    rm -f "$WORK/pw"
fi

# a host key that does not match is refused
sed 's/^\(\[127.0.0.1\]:[0-9]*\) \([^ ]*\) .*/\1 \2 AAAAC3NzaC1lZDI1NTE5AAAAIKq2b2lVdHhDFXnNbnFfBeXU2C7sTNGMt3y4mV9ea2Kx/' \
    "$LAB_KNOWN_HOSTS" | grep ed25519 >"$WORK/bad_known_hosts"
out=$(timeout 30 ssh -o BatchMode=yes -o StrictHostKeyChecking=yes -o "UserKnownHostsFile=$WORK/bad_known_hosts" \
    -o HostKeyAlgorithms=ssh-ed25519 -i "$LAB_SSH_KEY" -p "$LAB_SSHD_PORT" "$LAB_SSH_USER@127.0.0.1" 'show clock' 2>&1)
grep -qi 'host key verification failed\|HOST IDENTIFICATION HAS CHANGED' <<<"$out" &&
    pass "a wrong host key is refused" || fail "wrong host key: $out"

# ---- stop --------------------------------------------------------------------
user=$LAB_SSH_USER
t0=$(date +%s%N)
"$LAB" stop >"$WORK/stop.out" 2>&1 && pass "lab stop ($(( ($(date +%s%N) - t0) / 1000000 )) ms)" ||
    { cat "$WORK/stop.out"; fail "lab stop"; }
# (the patterns go through the environment so that awk does not find itself;
# the ssh user is the lab's own only when the lab ran as root)
[ "$(id -u)" = 0 ] || user=""
left=$(ps -e -o pid=,stat=,user=,args= | D="$SWINSPECT_LAB_DIR/" U="$user" awk '
    $2 !~ /^Z/ && (index($0, ENVIRON["D"]) ||
                   (ENVIRON["U"] != "" && ($3 == ENVIRON["U"] || index($0, "sshd: " ENVIRON["U"]))))')
[ -z "$left" ] && pass "no process of the lab is left" || fail "left running after stop: $left"
if [ "$(id -u)" = 0 ]; then
    getent passwd "$user" >/dev/null && fail "user $user still exists" || pass "user $user was removed"
fi
[ ! -e "$SWINSPECT_LAB_DIR/lab.env" ] && pass "lab.env (secrets) removed at stop" || fail "lab.env still there"
"$LAB" stop >/dev/null 2>&1 && pass "a second lab stop succeeds" || fail "a second lab stop failed"
"$LAB" status >/dev/null 2>&1
[ $? = 3 ] && pass "lab status reports stopped (exit 3)" || fail "lab status after stop"

echo
if [ $failures -gt 0 ]; then
    echo "lab-selftest: $failures check(s) failed"
    exit 1
fi
echo "lab-selftest: all checks passed"
exit 0
