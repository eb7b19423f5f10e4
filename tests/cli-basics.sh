#!/bin/sh
# The command line without the lab: help, version, usage errors, and a
# malformed inventory (located error, exit 65, nothing written).
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
scratch

out=$("$SWINSPECT" --version)
check "--version prints the package version" [ "$out" = "swinspect 0.1.0" ]
"$SWINSPECT" --help >"$SCRATCH/help" 2>&1
check "--help exits 0" [ $? -eq 0 ]
check "--help names the run command" grep -q 'run -i INVENTORY -o OUT' "$SCRATCH/help"
"$SWINSPECT" frobnicate >/dev/null 2>&1
check "an unknown command exits 64" [ $? -eq 64 ]
"$SWINSPECT" run -o "$SCRATCH/x" >/dev/null 2>&1
check "run without an inventory exits 64" [ $? -eq 64 ]
"$SWINSPECT" run -i x -o y --jobs zero >/dev/null 2>&1
check "a bad --jobs exits 64" [ $? -eq 64 ]

cat >"$SCRATCH/bad.yaml" <<'YAML'
customer: Test
devices:
  - name: core-1
    address: 127.0.0.1
    snmp: {version: 2c, community: x
  - name: core-2
YAML
"$SWINSPECT" run -i "$SCRATCH/bad.yaml" -o "$SCRATCH/out" 2>"$SCRATCH/err"
rc=$?
check "a malformed inventory exits 65" [ "$rc" -eq 65 ]
check "the error names file:line:column" \
	grep -Eq "^$SCRATCH/bad.yaml:[0-9]+:[0-9]+: " "$SCRATCH/err"
check "no report is written for a malformed inventory" \
	[ ! -e "$SCRATCH/out/report.json" ] && [ ! -e "$SCRATCH/out/report.html" ]

cat >"$SCRATCH/mistakes.yaml" <<'YAML'
customer: Test
colour: blue
devices:
  - name: core-1
    adress: 127.0.0.1
    snmp: {version: 5, community: x}
YAML
"$SWINSPECT" collect -i "$SCRATCH/mistakes.yaml" -o "$SCRATCH/out2" 2>"$SCRATCH/err2"
check "an inventory with mistakes exits 65" [ $? -eq 65 ]
check "every mistake is reported in one run (3 located lines)" \
	[ "$(grep -Ec "^$SCRATCH/mistakes.yaml:[0-9]+:[0-9]+: " "$SCRATCH/err2")" -ge 3 ]
check "nothing is collected from a bad inventory" [ ! -e "$SCRATCH/out2" ]

"$SWINSPECT" check "$SCRATCH/empty-out" >/dev/null 2>&1
check "check over a folder with no facts exits 65" [ $? -eq 65 ]

finish
