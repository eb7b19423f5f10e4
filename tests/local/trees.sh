#!/bin/sh
# The local collector over the fixture trees (tests/local/trees/, built by
# mktree.sh): every fact, status and source equals the tree's expected
# facts (tests/local/expected/<tree>.json, written by hand from the tree's
# files), the document is schema-valid, and the statuses the kernel's alarm
# and fault files set are checked one by one.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
scratch

for tree in sonic-as7326 debian-vm; do
	root="$SCRATCH/$tree"
	sh "$top_srcdir/tests/local/mktree.sh" "$tree" "$root"
	out="$SCRATCH/out-$tree"
	"$SWINSPECT" collect --local --root "$root" -o "$out" \
		>"$SCRATCH/$tree.log" 2>&1
	check "$tree: collect --local --root exits 0" [ $? -eq 0 ]
	facts=$(ls "$out"/devices/*/facts.json 2>/dev/null | head -1)
	check "$tree: one facts.json written" [ -n "$facts" ]
	check "$tree: the facts equal tests/local/expected/$tree.json" \
		"$PYTHON3" "$top_srcdir/tests/local/facts-compare.py" \
		"$top_srcdir/tests/local/expected/$tree.json" "$facts"
	check "$tree: the facts are schema-valid" \
		"$PYTHON3" "$SCHEMA_CHECK" "$FACTS_SCHEMA" "$facts"
	check "$tree: raw/local.txt keeps the evidence" \
		[ -s "$(dirname "$facts")/raw/local.txt" ]
done

# The statuses, one by one (the kernel's files, not our expectations file).
f="$SCRATCH/out-sonic-as7326/devices/sw-leaf-01/facts.json"
q() {
	"$PYTHON3" - "$f" "$@" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
lst, name, key, want = sys.argv[2:6]
obj = d
for p in lst.split("."):
    obj = obj[p]
hit = [o for o in obj if o.get("name") == name]
got = hit[0].get(key, "<absent>") if hit else "<no such entry>"
ok = str(got) == want
print("%s %s.%s = %s (want %s)" % ("ok" if ok else "MISMATCH", name, key, got, want))
sys.exit(0 if ok else 1)
PY
}
check "fan with fault=1 is failed" q environment.fans "max31790 fan3" status failed
check "a faulted fan has no rpm" q environment.fans "max31790 fan3" rpm "<absent>"
check "disabled fan (fan6_enable=0) is left out" q environment.fans "max31790 fan6" status "<no such entry>"
check "stopped fan below fan1_min with fan1_alarm is failed" q environment.fans "it8728 fan1" status failed
check "temp over crit with crit_alarm is failed" q environment.temperatures "coretemp Core 1" status failed
check "lm75 over temp1_max (no alarm file) is warning" q environment.temperatures "lm75 (15-0048) temp1" status warning
check "lm75 names carry the i2c device when the name repeats" q environment.temperatures "lm75 (15-0048) temp1" celsius 78.5
check "temp2_fault=1 is failed" q environment.temperatures "lm90 temp2" status failed
check "a faulted sensor has no reading" q environment.temperatures "lm90 temp2" celsius "<absent>"
check "unreadable temp1_input is unknown" q environment.temperatures "lm75 (17-004a) temp1" status unknown
check "in0 with in0_alarm=1 is warning" q environment.voltages "it8728 in0" status warning
check "a voltage with no threshold has no status" q environment.voltages "it8728 Vbat" status "<absent>"
check "PSU with input power is ok" q environment.power_supplies "dps460 (10-0058)" status ok
check "PSU pout1 in watts" q environment.power_supplies "dps460 (10-0058)" watts 223
check "PSU without input is unpowered" q environment.power_supplies "dps460 (13-0059)" status unpowered
check "thermal zone under its hot trip is ok" q environment.temperatures acpitz status ok
check "thermal zone with unprogrammed trips has no status" q environment.temperatures x86_pkg_temp status "<absent>"
check "storage figures come from the tree's df.out" q hardware.storage /var/log used_pct 93.4
check "squashfs and bind mounts are not storage" q hardware.storage /var/lib/docker name "<no such entry>"
check "interface alias from ifalias" q interfaces Ethernet0 alias "uplink to spine-1 Ethernet48"
check "CRC errors from rx_crc_errors" q interfaces Ethernet0 crc 1532
check "a bond is ieee8023adLag" q interfaces PortChannel0001 type ieee8023adLag
check "bonding_masters is not an interface" q interfaces bonding_masters name "<no such entry>"
check "the unreadable attribute makes the source partial" \
	grep -q '"status":[[:space:]]*"partial"' "$f"

# Without df.out or stat.later, storage and CPU are absent and explained.
root="$SCRATCH/bare"
sh "$top_srcdir/tests/local/mktree.sh" debian-vm "$root"
rm -f "$root/df.out" "$root/proc/stat.later"
"$SWINSPECT" collect --local --root "$root" -o "$SCRATCH/out-bare" >/dev/null 2>&1
fb=$(ls "$SCRATCH"/out-bare/devices/*/facts.json)
check "no df.out: storage is explained in sources.local.absent" \
	grep -q 'storage: a recorded tree cannot be measured' "$fb"
check "no df.out: no storage list" sh -c "! grep -q '\"storage\"' '$fb'"
check "one /proc/stat sample: cpu is explained in sources.local.absent" \
	grep -q 'cpu: the recorded tree holds one sample' "$fb"

# Usage errors.
"$SWINSPECT" collect --root "$root" -o "$SCRATCH/x" >/dev/null 2>&1
check "--root without --local exits 64" [ $? -eq 64 ]
"$SWINSPECT" collect --local --root "$SCRATCH/nonexistent" -o "$SCRATCH/x" >/dev/null 2>&1
check "--root that is not a folder exits 64" [ $? -eq 64 ]
"$SWINSPECT" run --local -i inv.yaml -o "$SCRATCH/x" >/dev/null 2>&1
check "--local with -i exits 64" [ $? -eq 64 ]

finish
