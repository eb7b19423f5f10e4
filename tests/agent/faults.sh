#!/bin/sh
# Output faults, as root meets them (chmod does not stop root): a full disk
# (a 48 KB tmpfs) gives the device whose facts do not fit its own `error`
# with the file and the reason, the run goes on and exits 70; a read-only
# output directory (a read-only bind mount) is refused at once, clearly.
# Inside `unshare -m`; skipped (77) where that is not allowed.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
unshare -m true 2>/dev/null || skip "unshare -m is not allowed here"
lab_start
export SWI_COMM="${LAB_SNMPSIM_OWN_COMMUNITIES%% *}"
cat >"$SCRATCH/inv.yaml" <<YAML
defaults: {snmp: {community_env: SWI_COMM, port: $LAB_SNMPSIM_PORT}, ssh: false}
devices:
  - {name: a, address: 127.0.0.1}
  - {name: b, address: 127.0.0.1}
YAML
mkdir -p "$SCRATCH/full" "$SCRATCH/ro"
SWINSPECT_PROGRESS=plain unshare -m sh -c "mount -t tmpfs -o size=48k tmpfs '$SCRATCH/full' &&
	'$SWINSPECT' run -j 1 -i '$SCRATCH/inv.yaml' -o '$SCRATCH/full/out'" >"$SCRATCH/full.out" 2>&1
rc=$?
cat "$SCRATCH/full.out"
check "disk full: exit 70 (got $rc)" [ "$rc" -eq 70 ]
check "the first device's facts were written" grep -q '\[1/2\] a (127.0.0.1): ok' "$SCRATCH/full.out"
check "the device that did not fit: error, with the file and the reason" \
	grep -q "\[collect\] b: .*full/out/devices/b.*No space left on device" "$SCRATCH/full.out"
check "the run went on to the summary" grep -q 'inspected 2 device(s)' "$SCRATCH/full.out"
SWINSPECT_PROGRESS=plain unshare -m sh -c "mount --bind '$SCRATCH/ro' '$SCRATCH/ro' &&
	mount -o remount,bind,ro '$SCRATCH/ro' &&
	'$SWINSPECT' run -i '$SCRATCH/inv.yaml' -o '$SCRATCH/ro/out'" >"$SCRATCH/ro.out" 2>&1
rc=$?
cat "$SCRATCH/ro.out"
check "read-only output directory: exit 70 (got $rc)" [ "$rc" -eq 70 ]
check "... naming the folder and the reason" grep -q "ro/out.*Read-only file system" "$SCRATCH/ro.out"
check "... before any device is collected" sh -c "! grep -q '\[1/2\]' '$SCRATCH/ro.out'"
finish
