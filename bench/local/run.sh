#!/bin/sh
# bench/local/run.sh - the on-box footprint: binary size, peak RSS and CPU
# time of one local inspection.
#
# Runs RUNS times (default 7), each under /usr/bin/time -v:
#   collect  swinspect collect --local -o OUT      (the local collector alone)
#   run      swinspect run --local -o OUT          (collect, check, report)
#   tree     swinspect run --local --root TREE -o OUT over the sonic-as7326
#            fixture tree (nine hwmon chips, 7 interfaces)
#   sonic    swinspect collect --local --root TREE with SONiC's `show` on
#            PATH (the lab's emulator): the local CLI through the sonic
#            profile too; swinspect's own RSS and CPU from run.log (its
#            getrusage), the commands' CPU apart
# and prints for each the median and the spread (min - max) of peak RSS
# (MB) and CPU time (user + system, s), with swinspect's own CPU only: the
# 1 s between the two /proc/stat samples is a sleep, not CPU.  Also prints
# the binary's size, stripped size and its shared libraries.  Targets
# (issue 11): peak RSS under 10 MB, under 1 CPU-second.  Exit 1 when a
# median misses a target.
#
# usage: make bench-local   (from an --enable-onbox build for the on-box figures)
# Environment: SWINSPECT (default $top_builddir/swinspect), RUNS.
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
SWINSPECT=${SWINSPECT:-$top_builddir/swinspect}
RUNS=${RUNS:-7}
export SWINSPECT_DATADIR="${SWINSPECT_DATADIR:-$top_srcdir}"
[ -x "$SWINSPECT" ] || { echo "bench-local: no $SWINSPECT (build it, or set SWINSPECT)"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench-local: /usr/bin/time is missing (apt-get install time)"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/swinspect-bench-local.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
sh "$top_srcdir/tests/local/mktree.sh" sonic-as7326 "$tmp/tree"

strip -o "$tmp/stripped" "$SWINSPECT" 2>/dev/null || cp "$SWINSPECT" "$tmp/stripped"
echo "binary: $SWINSPECT"
echo "  size $(wc -c <"$SWINSPECT") bytes, stripped $(wc -c <"$tmp/stripped") bytes"
echo "  libraries: $(ldd "$SWINSPECT" 2>/dev/null | awk '/=>/ {print $1}' | tr '\n' ' ')"
"$SWINSPECT" --version

# median and min-max of a column of numbers
stats() {
	sort -n | awk '{v[NR] = $1} END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
		printf "median %.3f (spread %.3f - %.3f, %d runs)", m, v[1], v[NR], NR }'
}

bad=0
bench() {
	label=$1
	shift
	: >"$tmp/rss"
	: >"$tmp/cpu"
	i=0
	while [ $i -lt "$RUNS" ]; do
		rm -rf "$tmp/out"
		/usr/bin/time -v "$SWINSPECT" "$@" -o "$tmp/out" \
			>/dev/null 2>"$tmp/time"
		rc=$?
		if [ $rc -gt 2 ] || [ ! -s "$tmp/out/inspection.json" ]; then
			echo "bench-local: '$*' failed (exit $rc):"
			cat "$tmp/time"
			exit 1
		fi
		awk -F': ' '/Maximum resident set size/ {printf "%.3f\n", $2 / 1024}' \
			"$tmp/time" >>"$tmp/rss"
		awk -F': ' '/User time/ {u = $2} /System time/ {s = $2}
			END {printf "%.3f\n", u + s}' "$tmp/time" >>"$tmp/cpu"
		i=$((i + 1))
	done
	rss=$(stats <"$tmp/rss")
	cpu=$(stats <"$tmp/cpu")
	printf '%-8s peak RSS MB: %s\n%-8s CPU s:       %s\n' "$label" "$rss" "" "$cpu"
	m=$(echo "$rss" | awk '{print $2}')
	c=$(echo "$cpu" | awk '{print $2}')
	awk -v m="$m" -v c="$c" 'BEGIN {exit !(m < 10 && c < 1)}' || {
		echo "         MISSES the target (RSS < 10 MB, CPU < 1 s)"
		bad=1
	}
}
bench collect collect --local
bench run run --local
bench tree run --local --root "$tmp/tree"

# sonic: collect --local on a SONiC box (tests/local/sonic-box.sh: the
# sonic-as7326 tree with a `show` on PATH answering as the lab's SONiC
# switch, 14 commands through the sonic profile, merged with the kernel's
# view).  /usr/bin/time would add the commands' own CPU and memory (Python,
# here); swinspect's own figures are its getrusage(RUSAGE_SELF), which
# run.log records ("own use: ...").
fail() { echo "bench-local: $*"; exit 1; }
PYTHON3=${PYTHON3:-/usr/bin/python3}
. "$top_srcdir/tests/local/sonic-box.sh"
mkdir -p "$tmp/box"
sonic_box "$tmp/box"
: >"$tmp/rss"
: >"$tmp/cpu"
: >"$tmp/kids"
i=0
while [ $i -lt "$RUNS" ]; do
	rm -rf "$tmp/out"
	PATH="$tmp/box/bin:$PATH" "$SWINSPECT" collect --local --root "$tmp/box/tree" \
		-o "$tmp/out" >/dev/null 2>&1
	line=$(grep -o 'own use: .*' "$tmp/out/run.log" 2>/dev/null)
	[ -n "$line" ] && [ -s "$(echo "$tmp/out/devices/"*/raw/show_platform_psustatus.txt)" ] ||
		fail "the SONiC box run failed: $(tail -3 "$tmp/out/run.log" 2>/dev/null)"
	echo "$line" | sed 's/.*peak RSS \([0-9.]*\) MB.*/\1/' >>"$tmp/rss"
	echo "$line" | sed 's/.*, CPU \([0-9.]*\) s (user.*/\1/' >>"$tmp/cpu"
	echo "$line" | sed 's/.*commands it ran: CPU \([0-9.]*\) s.*/\1/' >>"$tmp/kids"
	i=$((i + 1))
done
printf '%-8s peak RSS MB: %s\n%-8s CPU s:       %s\n%-8s (the commands it ran, CPU s: %s)\n' sonic \
	"$(stats <"$tmp/rss")" "" "$(stats <"$tmp/cpu")" "" "$(stats <"$tmp/kids")"
awk -v m="$(stats <"$tmp/rss" | awk '{print $2}')" -v c="$(stats <"$tmp/cpu" | awk '{print $2}')" \
	'BEGIN {exit !(m < 10 && c < 1)}' || {
	echo "         MISSES the target (RSS < 10 MB, CPU < 1 s)"
	bad=1
}
exit $bad
