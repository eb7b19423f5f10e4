#!/bin/sh
# Hostile strings from devices (tests/report/hostile): markup, script,
# quotes, CSS breakers, CSV formulas, control characters, bidi overrides,
# invalid UTF-8, a leaked secret in evidence, malformed facts and
# findings.  The HTML shows them inert and readable, report.json is valid
# UTF-8 JSON that validates against the schema, the CSV cells cannot run.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/report/lib-report.sh"
scratch
hostile_bundle out

"$SWINSPECT" report "$SCRATCH/out" --lang en,zh-CN >/dev/null 2>"$SCRATCH/stderr"
rc=$?
check "report over hostile input exits 0 (got $rc)" [ "$rc" -eq 0 ]
check "the malformed inputs are named on stderr" grep -q "broken-json" "$SCRATCH/stderr"
validate_report "$SCRATCH/out/report.json" >/dev/null
check "report.json validates against the schema" [ $? -eq 0 ]
run_checks hostile "$SCRATCH/out/report.json" "$SCRATCH/out/report.html" \
	"$SCRATCH/out/report-findings.csv" "$SCRATCH/out/report-inventory.csv"
run_checks check_page_safe "$SCRATCH/out/report.zh-CN.html"

# a hostile previous report: compared with, never trusted
hostile_bundle again
"$SWINSPECT" report "$SCRATCH/again" --previous "$SCRATCH/out/report.json" >/dev/null 2>&1
check "a hostile previous report is compared with (exit 0)" [ $? -eq 0 ]
validate_report "$SCRATCH/again/report.json" >/dev/null
check "... and the result validates" [ $? -eq 0 ]
run_checks check_page_safe "$SCRATCH/again/report.html"

# a previous report with the right schema name and garbage inside
"$PYTHON3" - "$SCRATCH/out/report.json" "$SCRATCH/garbage.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["findings"] += [{"rule": "<x>", "device": "sw-0", "severity": "<script>", "category": 7, "object": None},
                  {"rule": 5}, "str", None]
d["devices"] += ["not a device", {"name": "ghost", "reached": "yes", "status": "<b>", "identity": {"os_version": 1}},
                 {"name": "sw-\"'<b onmouseover=alert(1)>&amp;<i>x", "reached": True, "status": "ok",
                  "identity": {"os_version": "<old>"}, "summary": {"cpu_load_pct": "high"}}]
d["hardware_inventory"] = [{"device": "ghost", "serial": "<s>", "kind": "<k>"}, 3]
d["comparison"] = {"trends": [{"device": "ghost", "metric": "cpu_load_pct",
                               "points": [{"at": "<script>", "value": 1}, {"at": "2026-01-01T00:00:00Z", "value": "x"}, 5]}]}
d["inspection"] = {"started_at": "yesterday", "period": ["x"]}
json.dump(d, open(sys.argv[2], "w"))
PY
hostile_bundle third
"$SWINSPECT" report "$SCRATCH/third" --previous "$SCRATCH/garbage.json" >/dev/null 2>&1
check "a previous report full of garbage is survived (exit 0)" [ $? -eq 0 ]
validate_report "$SCRATCH/third/report.json" >/dev/null
check "... and the result validates" [ $? -eq 0 ]
run_checks check_page_safe "$SCRATCH/third/report.html"

finish
