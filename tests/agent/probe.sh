#!/bin/sh
# `swinspect probe`: TCP and banner of the SSH port, SNMP identity with a
# community from the environment, the matching profile; with an inventory
# device, the SSH login too; a silent address: exit 2; no secret printed.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
lab_start
export PC=cisco-ios-c2960x
"$SWINSPECT" probe 127.0.0.1 --snmp-community-env PC --snmp-port "$LAB_SNMPSIM_PORT" \
	--ssh-port "$LAB_SSHD_PORT" >"$SCRATCH/p1" 2>&1
rc=$?
cat "$SCRATCH/p1"
check "probe of a lab device: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "ssh port open, banner shown" grep -q "tcp $LAB_SSHD_PORT (ssh): open (SSH-2.0-" "$SCRATCH/p1"
check "SNMP identity" grep -q 'sysObjectID 1.3.6.1.4.1.9.1.1208' "$SCRATCH/p1"
check "profile matched" grep -q '^  profile: cisco-ios ' "$SCRATCH/p1"
check "the community is not printed" sh -c "! grep -q 'cisco-ios-c2960x' '$SCRATCH/p1'"
cat >"$SCRATCH/inv.yaml" <<YAML
devices:
  - name: sw
    address: 127.0.0.1
    snmp: {community_env: PC, port: $LAB_SNMPSIM_PORT}
    ssh: {port: $LAB_SSHD_PORT, username: $LAB_SSH_USER, key_file: $LAB_SSH_KEY, known_hosts: $LAB_KNOWN_HOSTS}
YAML
"$SWINSPECT" probe --inventory "$SCRATCH/inv.yaml" --device sw >"$SCRATCH/p2" 2>&1
rc=$?
cat "$SCRATCH/p2"
check "probe of an inventory device: exit 0 (got $rc)" [ "$rc" -eq 0 ]
check "ssh login tried and ok" grep -q "ssh login as $LAB_SSH_USER: ok" "$SCRATCH/p2"
"$SWINSPECT" probe 127.0.0.1 --snmp-community-env PC --snmp-port "$LAB_CLOSED_PORT" \
	--ssh-port "$LAB_CLOSED_PORT" --timeout-ms 500 >"$SCRATCH/p3" 2>&1
rc=$?
check "a silent address: exit 2 (got $rc)" [ "$rc" -eq 2 ]
check "... ssh port refused" grep -q 'refused' "$SCRATCH/p3"
check "... snmp timeout" grep -q ': timeout' "$SCRATCH/p3"
"$SWINSPECT" probe >/dev/null 2>&1
check "no host: usage, exit 64" [ $? -eq 64 ]
for bad in "--snmp-port 16x" "--snmp-port ''" "--ssh-port 70000" "--timeout-ms 5s"; do
	# shellcheck disable=SC2086
	eval "\"\$SWINSPECT\" probe 127.0.0.1 $bad" >/dev/null 2>&1
	check "$bad: usage, exit 64" [ $? -eq 64 ]
done
finish
