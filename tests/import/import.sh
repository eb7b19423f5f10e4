#!/bin/sh
# swinspect import end to end on the project's own inputs (tests/import/data):
# a Huawei session log with abbreviations, a pager and a configuration with
# secrets; a log hopping from an H3C switch to a Cisco one (CRLF); a folder
# of one output per file; a Comware '----command----' dump.  Then check and
# report on the bundle, with no network; facts schema-valid; no secret in
# OUT; located errors and nothing written for bad input.  Values that wait
# on a profile's emit blocks are reported PENDING by expect.py.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
scratch
D="$top_srcdir/tests/import/data"
OUT="$SCRATCH/out"
PROFILES="$top_srcdir/collectors/profiles"

"$SWINSPECT" import -o "$OUT" "$D/vrp-core.log" "$D/hop.log" \
	"$D/folder/ACC-44" "$D/edge.diag" >"$SCRATCH/log" 2>&1
rc=$?
check "import exits 0" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || cat "$SCRATCH/log"
names=$(cd "$OUT/devices" && ls | tr '\n' ' ')
check "five devices, named by prompt, folder and sysname ($names)" \
	[ "$names" = "ACC-31 ACC-44 AGG-07 DC1-CORE-01 EDGE-DIAG-3 " ]
check "no staging folder left" [ -z "$(ls -A "$OUT/devices" | grep '^\.')" ]
check "inspection.json lists the five" [ "$("$PYTHON3" -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(sorted(x["name"] for x in d["devices"])))' "$OUT/inspection.json")" \
	= "ACC-31 ACC-44 AGG-07 DC1-CORE-01 EDGE-DIAG-3" ]

R="$OUT/devices/DC1-CORE-01/raw"
check "'dis cpu' stored as display_cpu-usage.txt" \
	grep -q 'five seconds: 12%' "$R/display_cpu-usage.txt"
check "the pager erase is gone, the line it hid is kept" \
	grep -q '^OS                   10%' "$R/display_cpu-usage.txt"
check "no pager text in raw/" [ -z "$(grep -rl 'More ----' "$OUT/devices")" ]
check "import.json keeps the command as written" "$PYTHON3" -c '
import json, sys
d = json.load(open(sys.argv[1]))
c = [x for x in d["commands"] if x["command"] == "display cpu-usage"]
assert d["prompt"] == "<DC1-CORE-01>" and d["profile"] == "huawei-vrp"
assert c and c[0]["as_written"] == "dis cpu" and c[0]["status"] == "used"
assert c[0]["from"].endswith("vrp-core.log:16"), c[0]["from"]' "$R/import.json"
check "the configuration is stored redacted" \
	grep -q 'snmp-agent community write <redacted' \
	"$R/display_current-configuration.txt"
leaks=""
for s in Zq8 Pr1vateWr1te abcDEFghiJKL SecretHashTail 0822455D0A16544541 \
	Acc31R3adOnly Fo1d3rS3cretHash AdminHashValue F0lderCommunity \
	1511021F0725 DiagCipherSecret D1agRead; do
	grep -rq "$s" "$OUT" && leaks="$leaks $s"
done
check "no secret of the inputs anywhere in OUT ($leaks)" [ -z "$leaks" ]
check "the per-command folder kept its three outputs" \
	[ -f "$OUT/devices/ACC-44/raw/show_running-config.txt" ] && \
	[ -f "$OUT/devices/ACC-44/raw/show_environment_all.txt" ]
check "the telnet hop's Cisco device has its own outputs" \
	grep -q 'FAN is OK' "$OUT/devices/ACC-31/raw/show_environment_all.txt"
check "and the H3C one does not hold them" \
	[ -z "$(grep -rl 'FAN is OK' "$OUT/devices/AGG-07")" ]

"$PYTHON3" "$SCHEMA_CHECK" "$FACTS_SCHEMA" "$OUT" >"$SCRATCH/schema" 2>&1
rc=$?
[ "$rc" -eq 77 ] && skip "python3-jsonschema missing"
check "facts are schema-valid" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || cat "$SCRATCH/schema"
"$PYTHON3" "$top_srcdir/tests/import/expect.py" "$OUT" \
	"$top_srcdir/tests/import/own.json" "$PROFILES" >"$SCRATCH/expect"
rc=$?
cat "$SCRATCH/expect"
check "recognised profiles and the readings the profiles parse" [ "$rc" -eq 0 ]

"$SWINSPECT" check -o "$OUT" >"$SCRATCH/check" 2>&1
check "check works on the import (exit 0)" [ $? -eq 0 ]
check "findings.json written" [ -s "$OUT/findings.json" ]
"$SWINSPECT" report -o "$OUT" >"$SCRATCH/report" 2>&1
check "report works on the import (exit 0)" [ $? -eq 0 ]
check "report.html names an imported device" grep -q 'DC1-CORE-01' "$OUT/report.html"

# --name, --site, and a re-import replacing the device folder whole
touch "$OUT/devices/ACC-44/raw/stale.txt"
"$SWINSPECT" import -o "$OUT" --site "Lab 2" "$D/folder/ACC-44" \
	>/dev/null 2>&1
check "a re-import exits 0" [ $? -eq 0 ]
check "and replaces the device folder (no stale file)" \
	[ ! -e "$OUT/devices/ACC-44/raw/stale.txt" ]
check "--site reaches facts and inspection.json" "$PYTHON3" -c '
import json, sys
f = json.load(open(sys.argv[1] + "/devices/ACC-44/facts.json"))
i = json.load(open(sys.argv[1] + "/inspection.json"))
assert f["device"]["site"] == "Lab 2" and i["site"] == "Lab 2"' "$OUT"
"$SWINSPECT" import -o "$SCRATCH/named" --name "rack 4/sw" "$D/vrp-core.log" \
	>/dev/null 2>&1
check "--name names the device (made a safe folder name)" \
	[ -f "$SCRATCH/named/devices/rack 4_sw/facts.json" ]

# not recognised: kept without facts, exit 2; --profile fixes it
"$SWINSPECT" import -o "$SCRATCH/unk" "$D/display_fan.txt" \
	>/dev/null 2>"$SCRATCH/unk.err"
check "an output without a version output exits 2" [ $? -eq 2 ]
check "it says to name the profile" grep -q -- '--profile' "$SCRATCH/unk.err"
check "its source says profile unknown, status error" "$PYTHON3" -c '
import json, sys, glob
f = json.load(open(glob.glob(sys.argv[1] + "/devices/*/facts.json")[0]))
s = f["sources"]["import"]
assert s["profile"] == "unknown" and s["status"] == "error", s' "$SCRATCH/unk"
"$SWINSPECT" import -o "$SCRATCH/forced" --profile huawei-vrp \
	"$D/display_fan.txt" >/dev/null 2>&1
check "--profile imports it (exit 0)" [ $? -eq 0 ]

# a command the device refused: the source is partial and says where
printf '%s\n' '<SW-R>display version' \
	'Huawei Versatile Routing Platform Software' \
	'VRP (R) software, Version 5.170 (S5720 V200R011C10SPC600)' \
	'<SW-R>display power' '              ^' \
	"Error: Unrecognized command found at '^' position." \
	'<SW-R>quit' >"$SCRATCH/refused.log"
"$SWINSPECT" import -o "$SCRATCH/ref" "$SCRATCH/refused.log" >/dev/null 2>&1
check "a log with a refused command imports (exit 0)" [ $? -eq 0 ]
check "its source is partial, naming the command, file:line and the words" \
	"$PYTHON3" -c '
import json, sys
s = json.load(open(sys.argv[1]))["sources"]["import"]
f = s["failed"][0]
assert s["status"] == "partial" and f["what"] == "display power", s
assert "refused.log:4" in f["error"] and "Unrecognized command" in f["error"], f
' "$SCRATCH/ref/devices/SW-R/facts.json"

# bad input: a located error, exit 65, nothing written
"$SWINSPECT" import -o "$SCRATCH/bad" "$D/vrp-core.log" "$D/notes.txt" \
	>/dev/null 2>"$SCRATCH/bad.err"
check "an unrecognisable file exits 65" [ $? -eq 65 ]
check "the error names the file" grep -q "^$D/notes.txt: no command found" \
	"$SCRATCH/bad.err"
check "nothing is written" [ ! -e "$SCRATCH/bad" ]
"$SWINSPECT" import -o "$SCRATCH/bad" "$SCRATCH/nonexistent.log" \
	>/dev/null 2>"$SCRATCH/bad.err"
check "an unreadable file exits 65" [ $? -eq 65 ]
check "with its name and the reason" \
	grep -q "nonexistent.log: cannot read" "$SCRATCH/bad.err"
"$SWINSPECT" import -o "$SCRATCH/bad" --name x "$D/hop.log" \
	>/dev/null 2>"$SCRATCH/bad.err"
check "--name with two devices exits 64" [ $? -eq 64 ]
check "naming both" grep -q 'AGG-07.*ACC-31' "$SCRATCH/bad.err"
"$SWINSPECT" import -o "$SCRATCH/bad" --profile nope "$D/hop.log" \
	>/dev/null 2>"$SCRATCH/bad.err"
check "an unknown --profile exits 64" [ $? -eq 64 ]
"$SWINSPECT" import "$D/hop.log" >/dev/null 2>&1
check "no -o exits 64" [ $? -eq 64 ]
check "still nothing written" [ ! -e "$SCRATCH/bad" ]
finish
