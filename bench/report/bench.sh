#!/bin/sh
# bench/report/bench.sh - how long `swinspect report` takes and how big its
# files are, for 100, 1,000 and 5,000 synthetic devices
# (tests/report/gen-site.py), without and with a comparison and a second
# language.  Best of 3 runs, CPU (user+system) and wall seconds.
#
#   bench/report/bench.sh [SWINSPECT] [SIZES...]
#
# Needs /usr/bin/python3 and /usr/bin/time.  Writes nothing outside a
# temporary folder; prints a Markdown table.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
SWI=${1:-$top/swinspect}
[ $# -gt 0 ] && shift
SIZES=${*:-100 1000 5000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/swinspect-bench-report.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

best() {	# best "cpu wall" of 3 runs of the command
	for i in 1 2 3; do
		/usr/bin/time -f '%U %S %e' -o "$tmp/t" "$@" >/dev/null 2>&1
		awk '{printf "%.3f %.3f\n", $1 + $2, $3}' "$tmp/t"
	done | sort -n | head -1
}
mb() { wc -c <"$1" | awk '{printf "%.1f", $1 / 1048576}'; }

echo "| devices | findings | report (CPU / wall s) | + comparison + zh-CN (CPU / wall s) | s CPU per 100 devices | report.json MB | report.html MB |"
echo "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
for n in $SIZES; do
	/usr/bin/python3 "$top/tests/report/gen-site.py" --period 2026-Q3 \
		--start 2026-08-20T02:00:00Z "$n" "$tmp/a$n"
	/usr/bin/python3 "$top/tests/report/gen-site.py" --shift 1 "$n" "$tmp/b$n"
	"$SWI" report "$tmp/a$n" >/dev/null
	one=$(best "$SWI" report "$tmp/b$n")
	two=$(best "$SWI" report "$tmp/b$n" --previous "$tmp/a$n/report.json" --lang en,zh-CN)
	f=$(/usr/bin/python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["findings"]))' "$tmp/b$n/report.json")
	per=$(echo "$two $n" | awk '{printf "%.3f", $1 * 100 / $3}')
	echo "| $n | $f | $(echo "$one" | tr ' ' /) | $(echo "$two" | tr ' ' /) | $per | $(mb "$tmp/b$n/report.json") | $(mb "$tmp/b$n/report.html") |"
	rm -rf "$tmp/a$n" "$tmp/b$n"
done
