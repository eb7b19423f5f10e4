#!/bin/sh
# Scheduled runs' archive: ARCHIVE/<site>/<period>/ per run, each report
# compared with the newest earlier period of the same site (another site's
# reports are not), --keep N removes the oldest periods.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
lab_start
A="$SCRATCH/archive"
set -- $LAB_SNMPSIM_OWN_COMMUNITIES
export SWI_COMM="$1"
inv() { # SITE PERIOD
	cat >"$SCRATCH/inv.yaml" <<YAML
customer: Archive Test
site: $1
period: $2
defaults:
  snmp: {community_env: SWI_COMM, port: $LAB_SNMPSIM_PORT}
  ssh: false
devices:
  - {name: sw1, address: 127.0.0.1}
YAML
}
run() { # SITE PERIOD
	inv "$1" "$2"
	"$SWINSPECT" run -q -i "$SCRATCH/inv.yaml" -o "$SCRATCH/out-$2" \
		--archive-tree "$A" --keep 2 >"$SCRATCH/stdout-$2"
}
run "Jinan DC1" 2026-Q3
check "first run: exit 0" [ $? -eq 0 ]
check "stored in ARCHIVE/<site>/<period>/" [ -s "$A/Jinan-DC1/2026-Q3/report.json" ]
check "with report.html, findings and inspection" \
	[ -s "$A/Jinan-DC1/2026-Q3/report.html" -a -s "$A/Jinan-DC1/2026-Q3/findings.json" -a -s "$A/Jinan-DC1/2026-Q3/inspection.json" ]
check "first run: no comparison" \
	[ "$(json_get "$A/Jinan-DC1/2026-Q3/report.json" "'comparison' in d")" = False ]
check "archive folders 0700" [ "$(stat -c %a "$A/Jinan-DC1/2026-Q3")" = 700 ]
run "Other Site" 2026-Q4
run "Jinan DC1" 2026-Q4
check "second period compared with the first of the same site" \
	[ "$(json_get "$A/Jinan-DC1/2026-Q4/report.json" "d['comparison']['previous']['period']")" = 2026-Q3 ]
check "stdout names the previous report" grep -q "compared with: $A/Jinan-DC1/2026-Q3/report.json" "$SCRATCH/stdout-2026-Q4"
check "another site's first report compares with nothing" \
	[ "$(json_get "$A/Other-Site/2026-Q4/report.json" "'comparison' in d")" = False ]
run "Jinan DC1" 2027-Q1
check "third period compared with the second" \
	[ "$(json_get "$A/Jinan-DC1/2027-Q1/report.json" "d['comparison']['previous']['period']")" = 2026-Q4 ]
check "--keep 2: the oldest period removed" [ ! -e "$A/Jinan-DC1/2026-Q3" ]
check "--keep 2: the newest two kept" [ -d "$A/Jinan-DC1/2026-Q4" -a -d "$A/Jinan-DC1/2027-Q1" ]
run "Jinan DC1" 2027-Q1
check "re-running a period compares with the one before, not itself" \
	[ "$(json_get "$A/Jinan-DC1/2027-Q1/report.json" "d['comparison']['previous']['period']")" = 2026-Q4 ]
finish
