#!/bin/sh
# The report of a realistic 5-device site (tests/report/site): report.json
# valid against its schema and complete, both languages, CSV exports, file
# modes, atomic writes, a bundle without inspection.json, bad inputs.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/report/lib-report.sh"
scratch
bundle site out

"$SWINSPECT" report "$SCRATCH/out" --lang en,zh-CN >"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
rc=$?
check "report exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "stdout names report.html" grep -q "$SCRATCH/out/report.html" "$SCRATCH/stdout"
for f in report.json report.html report.zh-CN.html report-findings.csv report-inventory.csv; do
	check "OUT/$f is written" [ -s "$SCRATCH/out/$f" ]
	check "OUT/$f is 0600" [ "$(mode_of "$SCRATCH/out/$f")" = 600 ]
done
check "no temporary file is left behind" [ -z "$(find "$SCRATCH/out" -name '*.tmp.*')" ]
check "nothing on stderr" [ ! -s "$SCRATCH/stderr" ]
validate_report "$SCRATCH/out/report.json"
check "report.json validates against report/schema/report.schema.json" [ $? -eq 0 ]
run_checks site "$SCRATCH/out/report.json" "$SCRATCH/out/report.html" "$SCRATCH/out/report.zh-CN.html"
run_checks words "$top_srcdir"
run_checks csvs "$SCRATCH/out/report-findings.csv" "$SCRATCH/out/report-inventory.csv" "$SCRATCH/out/report.json"

# zh-CN first: report.html in Chinese, report.en.html in English
bundle site zh
"$SWINSPECT" report "$SCRATCH/zh" --lang zh-CN,en >/dev/null 2>&1
check "--lang zh-CN,en writes report.html in zh-CN" grep -q '<html lang="zh-CN">' "$SCRATCH/zh/report.html"
check "--lang zh-CN,en writes report.en.html in English" grep -q '<html lang="en">' "$SCRATCH/zh/report.en.html"

# re-running replaces the report whole
"$SWINSPECT" report "$SCRATCH/out" >/dev/null 2>&1
check "a second run succeeds" [ $? -eq 0 ]
validate_report "$SCRATCH/out/report.json" >/dev/null
check "the second report.json validates" [ $? -eq 0 ]

# no inspection.json: the metadata is absent, the report still works
bundle site nometa
rm "$SCRATCH/nometa/inspection.json"
"$SWINSPECT" report "$SCRATCH/nometa" >/dev/null 2>&1
check "a bundle without inspection.json is reported (exit 0)" [ $? -eq 0 ]
check "... and says its metadata is absent" \
	[ "$(json_get "$SCRATCH/nometa/report.json" "d['inspection']['metadata_present']")" = False ]
validate_report "$SCRATCH/nometa/report.json" >/dev/null
check "... and validates" [ $? -eq 0 ]

# no findings.json: exit 65, nothing written
bundle site nofind
rm "$SCRATCH/nofind/findings.json"
"$SWINSPECT" report "$SCRATCH/nofind" >/dev/null 2>"$SCRATCH/err"
check "without findings.json report exits 65" [ $? -eq 65 ]
check "... says to run check first" grep -q "swinspect check" "$SCRATCH/err"
check "... and writes no report" [ ! -e "$SCRATCH/nofind/report.json" ] && [ ! -e "$SCRATCH/nofind/report.html" ]

# a previous report that is not one: exit 65, the old report untouched
cp "$SCRATCH/out/report.json" "$SCRATCH/before.json"
echo '{"schema": "something/else"}' >"$SCRATCH/notareport.json"
"$SWINSPECT" report "$SCRATCH/out" --previous "$SCRATCH/notareport.json" >/dev/null 2>"$SCRATCH/err"
check "--previous with a document that is no report exits 65" [ $? -eq 65 ]
check "... says why" grep -q "not a swinspect report" "$SCRATCH/err"
check "... and leaves the existing report untouched" cmp -s "$SCRATCH/before.json" "$SCRATCH/out/report.json"

finish
