#!/bin/sh
# Two inspections of the lab, with a fan failing and a software upgrade in
# between: the Huawei S5720 first served from its normal recording, then
# from the one where FAN 2 failed; the Cisco C2960-X first on 15.2(7)E4,
# then upgraded to 15.2(7)E9.  The second report, compared with the first
# (--previous), must show the new fan finding, a finding resolved by the
# upgrade and the version change; new / persisting / resolved must be
# exactly the set differences of the two findings.json (by identity).
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/report/lib-report.sh"
lab_start

# inventory PERIOD HUAWEI-RECORDING CISCO-RECORDING: device names stay, the
# recordings (snmpsim communities) change between the inspections.
inventory() {
	cat <<YAML
customer: Lab Bank
site: Loopback DC
period: $1
engineer: Test Engineer
service_level: gold
defaults:
  snmp: {version: 2c, port: $LAB_SNMPSIM_PORT, timeout_ms: 2000, retries: 1}
  ssh: false
devices:
  - name: core-huawei
    address: 127.0.0.1
    snmp: {community_env: SWI_HUAWEI}
  - name: acc-cisco
    address: 127.0.0.1
    snmp: {community_env: SWI_CISCO}
YAML
}

inspect() {
	inventory "$1" >"$SCRATCH/inv-$1.yaml"
	SWI_HUAWEI=$2 SWI_CISCO=$3 "$SWINSPECT" run -i "$SCRATCH/inv-$1.yaml" \
		-o "$SCRATCH/$1" $4 >"$SCRATCH/$1.stdout" 2>"$SCRATCH/$1.stderr"
	rc=$?
	check "$1: run exits 0 or 1 (findings), got $rc" [ "$rc" -le 1 ]
	check "$1: report.json is written" [ -s "$SCRATCH/$1/report.json" ]
}

inspect 2026-Q3 huawei-vrp-s5720 cisco-ios-c2960x
inspect 2026-Q4 huawei-vrp-s5720-fanfail cisco-ios-c2960x-upgraded \
	"--previous $SCRATCH/2026-Q3/report.json --lang en,zh-CN"
validate_report "$SCRATCH/2026-Q3/report.json" "$SCRATCH/2026-Q4/report.json" >/dev/null
check "both reports validate against the schema" [ $? -eq 0 ]
check "the fan is failed in the second inspection's facts" \
	grep -q '"failed"' "$SCRATCH/2026-Q4/devices/core-huawei/facts.json"
run_checks lab "$SCRATCH/2026-Q3/report.json" "$SCRATCH/2026-Q4/report.json" \
	"$SCRATCH/2026-Q3/findings.json" "$SCRATCH/2026-Q4/findings.json" core-huawei acc-cisco
check "the HTML shows the version change" grep -qF '15.2(7)E9' "$SCRATCH/2026-Q4/report.html"
check "the HTML lists new findings" grep -q 'New findings' "$SCRATCH/2026-Q4/report.html"
check "the HTML lists resolved findings" grep -q 'Resolved findings' "$SCRATCH/2026-Q4/report.html"
check "the zh-CN HTML shows the comparison" grep -q '已解决的问题' "$SCRATCH/2026-Q4/report.zh-CN.html"
run_checks check_page_safe "$SCRATCH/2026-Q4/report.html"
[ -n "${KEEP:-}" ] && cp -R "$SCRATCH" "$KEEP"
finish
