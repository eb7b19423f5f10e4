#!/bin/sh
# Runs bench_rules 5 times (10,000 devices' facts in memory, the built-in
# packs and tables) and prints, per measure, the median and the spread
# (min..max) of the runs.  Target: eval under 2 seconds.
#
#   sh bench/rules/run.sh [RUNS] [DEVICES] [BENCH OPTIONS...]
#   (options: -c the cJSON tree API instead of the JSON text one, -d drop
#   each device's output after counting it (as `check` does once it is on
#   disk), -j N threads; see bench/rules/bench_rules.c)
# Memory: rss_after_eval_mb is the process's peak resident set size.
#
# Uses $BENCH_RULES, else ./bench/rules/bench_rules of the build tree, else
# compiles it (with -O2) from the sources into a temporary folder.
set -eu
runs=${1:-5}
devices=${2:-10000}
shift 2 2>/dev/null || shift $#
top=$(cd "$(dirname "$0")/../.." && pwd)
builddir=${top_builddir:-$top}
prog=${BENCH_RULES:-$builddir/bench/rules/bench_rules}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
if [ ! -x "$prog" ]; then
	prog=$tmp/bench_rules
	echo "building $prog ..." >&2
	${CC:-cc} -std=gnu11 -O2 -I"$builddir" -I"$top" -I"$top/common" \
		$(pkg-config --cflags libcjson yaml-0.1 libpcre2-8) \
		-DPKGDATADIR='"/nonexistent"' -DABS_TOP_SRCDIR="\"$top\"" \
		-DABS_TOP_BUILDDIR="\"$builddir\"" -pthread \
		"$top/bench/rules/bench_rules.c" "$top"/rules/*.c \
		"$top"/common/error.c "$top"/common/log.c "$top"/common/sbuf.c \
		"$top"/common/fsutil.c "$top"/common/jsonio.c "$top"/common/ynode.c \
		"$top"/common/model.c "$top"/common/facts.c "$top"/common/redact.c \
		"$top"/common/datadir.c "$top"/common/text.c \
		$(pkg-config --libs libcjson yaml-0.1 libpcre2-8) -lpthread -lm \
		-o "$prog"
fi
export SWINSPECT_DATADIR=${SWINSPECT_DATADIR:-$top}
i=0
while [ "$i" -lt "$runs" ]; do
	"$prog" -n "$devices" "$@" >>"$tmp/out"
	i=$((i + 1))
done
head -n 1 "$tmp/out" | tr ' ' '\n' | grep -E '^(api|threads|devices|rules|findings|not_evaluated)=' | tr '\n' ' '
echo
for key in load_ms eval_ms eval_cpu_ms eval_us_per_device gen_ms rss_after_load_mb rss_after_gen_mb rss_after_eval_mb; do
	tr ' ' '\n' <"$tmp/out" | sed -n "s/^$key=//p" | sort -n >"$tmp/v"
	n=$(wc -l <"$tmp/v")
	med=$(sed -n "$(( (n + 1) / 2 ))p" "$tmp/v")
	min=$(head -n 1 "$tmp/v")
	max=$(tail -n 1 "$tmp/v")
	printf '%-22s median %10s   spread %s .. %s   (%s runs)\n' "$key" "$med" "$min" "$max" "$n"
done
