#!/bin/sh
# Comparison with the previous inspection: tests/report/previous (2026-Q3)
# then tests/report/site (2026-Q4): findings new / resolved / persisting /
# unverified by identity, version changes, devices added and gone, parts
# replaced, trends (carried over three inspections), in JSON and HTML; the
# previous report found in an archive folder with --archive.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/report/lib-report.sh"
scratch
bundle previous q3
bundle site q4

"$SWINSPECT" report "$SCRATCH/q3" >/dev/null 2>&1
check "the previous inspection is reported" [ $? -eq 0 ]
"$SWINSPECT" report "$SCRATCH/q4" --previous "$SCRATCH/q3/report.json" --lang en,zh-CN \
	>/dev/null 2>"$SCRATCH/err"
check "report --previous exits 0" [ $? -eq 0 ]
validate_report "$SCRATCH/q3/report.json" "$SCRATCH/q4/report.json" >/dev/null
check "both reports validate against the schema" [ $? -eq 0 ]
run_checks compare "$SCRATCH/q4/report.json" 2026-Q3
run_checks compare_html "$SCRATCH/q4/report.html"
check "the zh-CN page shows the comparison" grep -q "与上次巡检的对比" "$SCRATCH/q4/report.zh-CN.html"
check "the zh-CN page names the resolved findings" grep -q "已解决的问题" "$SCRATCH/q4/report.zh-CN.html"

# three inspections: Q2 -> Q3 -> Q4 carries the trend history forward
bundle previous q2
"$PYTHON3" - "$SCRATCH/q2" <<'PY'
import json, os, sys
out = sys.argv[1]
p = os.path.join(out, "inspection.json")
d = json.load(open(p))
d.update(period="2026-Q2", started_at="2026-05-20T02:00:00Z", finished_at="2026-05-20T02:02:30Z")
json.dump(d, open(p, "w"))
p = os.path.join(out, "devices", "agg-sw01", "facts.json")
d = json.load(open(p))
d["collected_at"] = "2026-05-20T02:00:03Z"
d["environment"]["temperatures"][0]["celsius"] = 61
json.dump(d, open(p, "w"))
PY
"$SWINSPECT" report "$SCRATCH/q2" >/dev/null 2>&1
bundle previous q3b
"$SWINSPECT" report "$SCRATCH/q3b" --previous "$SCRATCH/q2/report.json" >/dev/null 2>&1
bundle site q4b
"$SWINSPECT" report "$SCRATCH/q4b" --previous "$SCRATCH/q3b/report.json" >/dev/null 2>&1
check "a chain of three reports is written" [ -s "$SCRATCH/q4b/report.json" ]
run_checks history "$SCRATCH/q4b/report.json" 3
validate_report "$SCRATCH/q4b/report.json" >/dev/null
check "the report with history validates" [ $? -eq 0 ]

# the archive: the newest earlier report of the same customer and site
if "$SWINSPECT" --help 2>&1 | grep -q -- '--archive'; then
	mkdir -p "$SCRATCH/archive/2026-Q2"
	cp "$SCRATCH/q2/report.json" "$SCRATCH/archive/2026-Q2/report.json"
	cp "$SCRATCH/q3/report.json" "$SCRATCH/archive/q3.json"
	"$PYTHON3" -c 'import json,sys; d=json.load(open(sys.argv[1])); d["inspection"]["site"]="Other DC"; d["inspection"]["started_at"]="2026-10-01T00:00:00Z"; json.dump(d,open(sys.argv[2],"w"))' \
		"$SCRATCH/q3/report.json" "$SCRATCH/archive/other-site.json"
	bundle site q4c
	"$SWINSPECT" report "$SCRATCH/q4c" --archive "$SCRATCH/archive" >/dev/null 2>&1
	check "report --archive exits 0" [ $? -eq 0 ]
	check "--archive compares with the newest earlier report of the site (2026-Q3)" \
		[ "$(json_get "$SCRATCH/q4c/report.json" "d['comparison']['previous']['period']")" = 2026-Q3 ]
	check "--archive stores the new report in the archive" \
		[ -n "$(find "$SCRATCH/archive" -name '*2026-Q4.report.json')" ]
	"$SWINSPECT" report "$SCRATCH/q4c" --archive "$SCRATCH/archive" >/dev/null 2>&1
	check "re-reporting the same inspection still compares with Q3, not with itself" \
		[ "$(json_get "$SCRATCH/q4c/report.json" "d['comparison']['previous']['period']")" = 2026-Q3 ]
else
	echo "note: swinspect has no --archive option yet; the archive is covered by tests/unit/test_report"
fi

finish
