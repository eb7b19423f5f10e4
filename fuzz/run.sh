#!/bin/sh
# run.sh - runs the fuzz targets (doc/fuzzing.md); called by make.
#
#   run.sh smoke   replay tests/fuzz-regressions, then each target for
#                  FUZZ_SMOKE_SECONDS (default 12): the CI step
#   run.sh long    each target for FUZZ_SECONDS (default 600), FUZZ_PARALLEL
#                  (default 2) at a time, under nice; corpora accumulate in
#                  FUZZ_CORPUS_DIR (default BUILDDIR/corpus)
#   run.sh replay  the regression inputs only
#
# Environment (set by make): FUZZ_SRCDIR, FUZZ_BUILDDIR, FUZZ_TARGETS
# ("fuzz/fuzz_x ...").  FUZZ_ONLY="x y" limits the run to those targets.
# Exit 1 on any crash, leak, timeout or sanitizer report; the input that
# caused it is kept in BUILDDIR/fuzz/artifacts/ and the log's end printed.
# Every target's figures are appended to BUILDDIR/fuzz/stats.tsv.
set -u

mode=${1:-smoke}
src=${FUZZ_SRCDIR:?}
build=${FUZZ_BUILDDIR:?}
corpus_root=${FUZZ_CORPUS_DIR:-$build/corpus}
seeds=$build/fuzz/seeds
logs=$build/fuzz/logs
arts=$build/fuzz/artifacts
stats=$build/fuzz/stats.tsv
mkdir -p "$logs" "$arts"

export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$src/tests/lsan.supp:print_suppressions=0}"
export SWINSPECT_DATADIR="$src"

# Per target: the largest input worth trying, and its dictionary.
max_len() {
	case $1 in
	snmp) echo 65536 ;;
	version) echo 512 ;;
	expr) echo 2048 ;;
	*) echo 16384 ;;
	esac
}
dict() {
	case $1 in
	inventory|rules|profile_load|site) echo "$src/fuzz/yaml.dict" ;;
	expr) echo "$src/fuzz/expr.dict" ;;
	textfsm) echo "$src/fuzz/textfsm.dict" ;;
	previous) echo "$src/fuzz/json.dict" ;;
	*) ;;
	esac
}

names=""
for t in ${FUZZ_TARGETS:?}; do
	n=${t##*/fuzz_}
	if [ -n "${FUZZ_ONLY:-}" ]; then
		case " $FUZZ_ONLY " in *" $n "*) ;; *) continue ;; esac
	fi
	names="$names $n"
done

fail=0

replay() {
	n=$1
	dir=$src/tests/fuzz-regressions/$n
	[ -d "$dir" ] || return 0
	set -- "$dir"/*
	[ -e "$1" ] || return 0
	if ! "$build/fuzz/fuzz_$n" -runs=1 "$@" >"$logs/$n.replay.log" 2>&1; then
		echo "fuzz: $n: a regression input fails again:" >&2
		tail -40 "$logs/$n.replay.log" >&2
		return 1
	fi
	echo "fuzz: $n: $# regression input(s) pass"
}

# fuzz NAME SECONDS: one libFuzzer run; figures to stats.tsv.
fuzz() {
	n=$1 secs=$2
	c=$corpus_root/$n
	log=$logs/$n-$mode.log
	d=$(dict "$n")
	mkdir -p "$c"
	set -- -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-max_len="$(max_len "$n")" -print_final_stats=1 \
		-artifact_prefix="$arts/$n-"
	[ -n "$d" ] && set -- "$@" -dict="$d"
	# smoke (CI): a fixed seed, so a slower machine runs a prefix of the
	# sequence a faster one ran, not new random inputs; long runs explore
	[ "$mode" = smoke ] && set -- "$@" -seed="${FUZZ_SEED:-1}"
	start=$(date +%s)
	nice -n "${FUZZ_NICE:-10}" "$build/fuzz/fuzz_$n" "$@" "$c" "$seeds/$n" \
		>"$log" 2>&1
	rc=$?
	took=$(( $(date +%s) - start ))
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
	last=$(grep -aE '^#[0-9]+' "$log" | tail -1)
	cov=$(echo "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(echo "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	files=$(find "$c" -type f | wc -l)
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
		"$n" "$took" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$files" \
		"$([ $rc -eq 0 ] && echo ok || echo FAIL)" >>"$stats"
	printf 'fuzz: %-13s %4ss %10s execs  cov %-6s ft %-6s corpus %s%s\n' "$n" \
		"$took" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$files" \
		"$([ $rc -eq 0 ] || echo '  FAILED')"
	if [ $rc -ne 0 ]; then
		echo "fuzz: $n failed (exit $rc); log $log; input:" >&2
		ls -t "$arts/$n-"* 2>/dev/null | head -1 >&2
		grep -aE 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -20 >&2
		return 1
	fi
}

[ -f "$stats" ] || printf 'date\ttarget\tseconds\texecs\tcov\tft\tcorpus\tresult\n' >"$stats"
case $mode in
replay)
	for n in $names; do replay "$n" || fail=1; done
	;;
smoke)
	for n in $names; do replay "$n" || fail=1; done
	for n in $names; do
		fuzz "$n" "${FUZZ_SMOKE_SECONDS:-12}" || fail=1
	done
	;;
long)
	# FUZZ_PARALLEL workers, each taking every FUZZ_PARALLEL-th target
	par=${FUZZ_PARALLEL:-2}
	pids=""
	w=0
	while [ $w -lt "$par" ]; do
		(
			i=0 rc=0
			for n in $names; do
				[ $((i % par)) -eq $w ] && { fuzz "$n" "${FUZZ_SECONDS:-600}" || rc=1; }
				i=$((i + 1))
			done
			exit $rc
		) &
		pids="$pids $!"
		w=$((w + 1))
	done
	for p in $pids; do wait "$p" || fail=1; done
	;;
*)
	echo "usage: run.sh smoke|long|replay" >&2
	exit 64
	;;
esac
exit $fail
