#!/bin/sh
# tests/static/run.sh - the static checks: cppcheck and clang-tidy over every
# C file of the project, with the build's own preprocessor flags.
#
#   run.sh SRCDIR BUILDDIR -- FLAG...
#
# `make static-check` calls it with the flags the build compiles with (DEFS,
# the include paths, AM_CPPFLAGS, the libraries' CFLAGS).  It writes
# BUILDDIR/static/compile_commands.json from them (one entry per file), runs
# cppcheck with tests/static/cppcheck.supp and tests/static/swinspect.cfg,
# then clang-tidy with the top-level .clang-tidy.  Exit 0 when both are
# clean, 1 when either reports something, 2 when a tool is missing.
#
# Environment: STATIC_JOBS (parallel jobs, default 2), STATIC_TOOLS (default
# "cppcheck clang-tidy"), STATIC_FILES (files relative to SRCDIR, default
# every .c outside build trees), CPPCHECK, CLANG_TIDY (the programs).
set -u

[ $# -ge 3 ] && [ "$3" = "--" ] || {
	echo "usage: $0 SRCDIR BUILDDIR -- FLAG..." >&2
	exit 64
}
src=$(cd "$1" && pwd) || exit 2
build=$(cd "$2" && pwd) || exit 2
shift 3
jobs=${STATIC_JOBS:-2}
tools=${STATIC_TOOLS:-cppcheck clang-tidy}
cppcheck=${CPPCHECK:-cppcheck}
tidy=${CLANG_TIDY:-clang-tidy}
out="$build/static"
mkdir -p "$out/tidy" "$out/cppcheck-build"

# Every .c of the project: the top-level folders of the source tree, except
# hidden ones and build trees (a folder with a config.status).
if [ -n "${STATIC_FILES:-}" ]; then
	files=$STATIC_FILES
else
	files=$(cd "$src" && for d in */; do
		d=${d%/}
		[ -f "$d/config.status" ] && continue
		find "$d" -name '*.c' -type f
	done | LC_ALL=C sort)
fi
[ -n "$files" ] || { echo "static: no C files under $src" >&2; exit 2; }
nfiles=$(echo $files | wc -w)

python3 "$src/tests/static/compdb.py" "$out/compile_commands.json" \
	"$src" "$build" $files -- "$@" || exit 2

status=0
now() { date +%s; }

# cppcheck takes the preprocessor flags only: the -D flags given and the
# project's own -I (config.h from the build tree); system headers stay out.
run_cppcheck() {
	command -v "$cppcheck" >/dev/null 2>&1 ||
		{ echo "static: $cppcheck not found (apt-get install cppcheck)" >&2; return 2; }
	n=$#
	for f in "$@"; do
		case "$f" in -D*) set -- "$@" "$f" ;; esac
	done
	shift "$n"
	t0=$(now)
	# shellcheck disable=SC2086
	(cd "$src" && "$cppcheck" -j"$jobs" --quiet --std=c11 \
		--enable=warning,style,performance,portability \
		--inline-suppr --error-exitcode=1 \
		--library=posix --library="$src/tests/static/swinspect.cfg" \
		--suppressions-list="$src/tests/static/cppcheck.supp" \
		--cppcheck-build-dir="$out/cppcheck-build" \
		--template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
		-I. -Icommon -I"$build" "$@" $files) >"$out/cppcheck.log" 2>&1
	rc=$?
	cat "$out/cppcheck.log"
	echo "static: cppcheck: $nfiles files, $(( $(now) - t0 )) s, exit $rc"
	return $rc
}

run_tidy() {
	command -v "$tidy" >/dev/null 2>&1 ||
		{ echo "static: $tidy not found (apt-get install clang-tidy)" >&2; return 2; }
	t0=$(now)
	rm -f "$out"/tidy/*.log
	# One clang-tidy per file, $jobs at a time, each into its own log.
	printf '%s\n' $files | xargs -P "$jobs" -I{} sh -c '
		log="$2/tidy/$(printf "%s" "$3" | tr / _).log"
		"$1" -p "$2" --quiet "$4/$3" >"$log" 2>&1 || echo "exit $?" >>"$log"
	' sh "$tidy" "$out" {} "$src"
	rc=0
	for f in $files; do
		log="$out/tidy/$(printf '%s' "$f" | tr / _).log"
		# clang-tidy's own chatter, not findings
		grep -v -e '^[0-9]* warnings\? generated\.$' \
			-e '^[0-9]* warnings\? and [0-9]* errors\? generated\.$' \
			-e '^[0-9]* errors\? generated\.$' \
			-e '^Error while processing ' "$log"
		# a failed run (its exit status), and any diagnostic at all,
		# even one .clang-tidy did not make an error
		grep -q -e '^exit ' -e ': warning: ' -e ': error: ' "$log" &&
			rc=1
	done
	echo "static: clang-tidy: $nfiles files, $(( $(now) - t0 )) s, exit $rc"
	return $rc
}

for t in $tools; do
	case "$t" in
	cppcheck) run_cppcheck "$@" ;;
	clang-tidy) run_tidy ;;
	*) echo "static: unknown tool $t" >&2; false ;;
	esac
	rc=$?
	[ $rc -gt $status ] && status=$rc
done
[ $status = 0 ] && echo "static: clean"
exit $status
