#!/bin/sh
# A report over 1,000 devices (tests/report/gen-site.py, two inspections):
# generated within 1 s of CPU per 100 devices (sanitizer builds included;
# an optimised build needs about a tenth of that), report.json valid,
# the summary first and one anchored section per device.  Sizes and times
# are printed for the notes.  REPORT_SCALE_N changes the number of devices.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/report/lib-report.sh"
scratch
N=${REPORT_SCALE_N:-1000}
GEN="$top_srcdir/tests/report/gen-site.py"

"$PYTHON3" "$GEN" --period 2026-Q3 --start 2026-08-20T02:00:00Z "$N" "$SCRATCH/q3"
"$PYTHON3" "$GEN" --shift 1 "$N" "$SCRATCH/q4"
check "two bundles of $N devices are generated" [ -s "$SCRATCH/q4/findings.json" ]

# cpu_seconds CMD...: runs CMD, prints user+system CPU seconds
cpu_seconds() {
	/usr/bin/time -f '%U %S %e' -o "$SCRATCH/time" "$@" >/dev/null 2>"$SCRATCH/err"
	rc=$?
	awk '{printf "%.2f\n", $1 + $2}' "$SCRATCH/time"
	return $rc
}
limit=$(awk -v n="$N" 'BEGIN {printf "%.1f", n / 100}')
[ -x /usr/bin/time ] || skip "/usr/bin/time is missing (apt-get install time)"

t1=$(cpu_seconds "$SWINSPECT" report "$SCRATCH/q3")
check "report of $N devices exits 0" [ $? -eq 0 ]
wall1=$(awk '{print $3}' "$SCRATCH/time")
t2=$(cpu_seconds "$SWINSPECT" report "$SCRATCH/q4" --previous "$SCRATCH/q3/report.json" --lang en,zh-CN)
check "report with comparison and two languages exits 0" [ $? -eq 0 ]
wall2=$(awk '{print $3}' "$SCRATCH/time")
validate_report "$SCRATCH/q4/report.json" >/dev/null
check "the $N-device report.json validates" [ $? -eq 0 ]
run_checks scale "$SCRATCH/q3/report.json" "$SCRATCH/q3/report.html" "$N" "$t1" "$limit"
run_checks scale "$SCRATCH/q4/report.json" "$SCRATCH/q4/report.html" "$N" "$t2" "$limit"

size() { wc -c <"$1" | awk '{printf "%.1f MB", $1 / 1048576}'; }
echo "figures: $N devices; report: ${t1} s CPU (${wall1} s wall);" \
	"with comparison, en + zh-CN: ${t2} s CPU (${wall2} s wall)"
echo "figures: report.json $(size "$SCRATCH/q4/report.json"), report.html $(size "$SCRATCH/q4/report.html")," \
	"report-findings.csv $(size "$SCRATCH/q4/report-findings.csv"), report-inventory.csv $(size "$SCRATCH/q4/report-inventory.csv")"
finish
