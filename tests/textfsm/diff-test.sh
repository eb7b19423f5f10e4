#!/bin/sh
# diff-test.sh - swinspect's TextFSM engine against the reference.
#
# Runs through `swinspect parse` (or $TFSM_PARSE) and through Debian's
# python3-textfsm (tests/textfsm/ref-parse.py under /usr/bin/python3):
#   - every case folder tests/textfsm/cases/<name>/ (template.textfsm,
#     input.txt, and expected.json or expected.err);
#   - every template the project ships (collectors/templates/*.textfsm) over
#     its samples (tests/textfsm/samples/<template>/*.txt, with an optional
#     <sample>.json) and over an empty input;
#   - when the shared fixtures exist ($SWINSPECT_SHARED_FIXTURES, else
#     $top_srcdir/../shared/fixtures), every shipped template over the real
#     outputs of its command: <platform>_<command>.textfsm reads
#     cli/<platform>/<command>/* (the ntc .yml expectations excepted);
#   - the platform/command pairs of index-lookups.txt: `parse --which`
#     must choose the template textfsm.clitable chooses from our index.
# Builds nothing.  Prints "N passed, N failed"; exit 0 pass, 1 fail, 77 skip
# (no reference: then only the expected files are checked, and a pass still
# reports 77).
#
# Environment: TFSM_PARSE (default "$top_builddir/swinspect parse", split on
# blanks), top_srcdir, top_builddir, PYTHON3 (default /usr/bin/python3),
# SWINSPECT_SHARED_FIXTURES.

here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
TFSM_PARSE=${TFSM_PARSE:-"$top_builddir/swinspect parse"}
PYTHON3=${PYTHON3:-/usr/bin/python3}
fixtures=${SWINSPECT_SHARED_FIXTURES:-$top_srcdir/../shared/fixtures}

set -u
if [ ! -x "$PYTHON3" ]; then
	echo "diff-test: $PYTHON3 not found: skipped"
	exit 77
fi
have_ref=yes
if ! "$PYTHON3" -c 'import textfsm' 2>/dev/null; then
	have_ref=no
	echo "diff-test: python3-textfsm missing for $PYTHON3" \
	     "(apt-get install python3-textfsm): expected files only"
fi
set -- $TFSM_PARSE
if [ ! -x "$1" ]; then
	echo "diff-test: $1 not built" >&2
	exit 1
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/tfsm-diff.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT INT TERM
jobs=$work/jobs
refjobs=$work/refjobs
: > "$jobs"
: > "$refjobs"
: > "$work/empty.txt"
n=0

# run NAME DIR TEMPLATE INPUT EXPECTED: the engine now, the reference later.
run() {
	n=$((n + 1))
	p=$work/$n
	(cd "$2" && exec $TFSM_PARSE "$3" "$4") > "$p.e.out" 2> "$p.e.err"
	echo $? > "$p.e.rc"
	ref=-
	if [ $have_ref = yes ]; then
		ref=$p.r
		printf '%s\t%s\t%s\t%s\n' "$2" "$3" "$4" "$ref" >> "$refjobs"
	fi
	printf '%s\t%s\t%s\t%s\n' "$1" "$p.e" "$ref" "$5" >> "$jobs"
}

# 1. case folders
for d in "$here"/cases/*/; do
	d=${d%/}
	exp=-
	[ -f "$d/expected.json" ] && exp=$d/expected.json
	[ -f "$d/expected.err" ] && exp=$d/expected.err
	run "case $(basename "$d")" "$d" template.textfsm input.txt "$exp"
done

# 2. shipped templates over their samples and an empty input
tpldir=$top_srcdir/collectors/templates
for t in "$tpldir"/*.textfsm; do
	[ -f "$t" ] || continue
	b=$(basename "$t" .textfsm)
	run "template $b (empty input)" "$tpldir" "$b.textfsm" \
		"$work/empty.txt" -
	for s in "$here/samples/$b"/*.txt; do
		[ -f "$s" ] || continue
		exp=-
		[ -f "${s%.txt}.json" ] && exp=${s%.txt}.json
		run "template $b sample $(basename "$s")" "$tpldir" \
			"$b.textfsm" "$s" "$exp"
	done
done

# 3. shipped templates over the real outputs in the shared fixtures
if [ -d "$fixtures/cli" ] && [ $have_ref = yes ]; then
	for t in "$tpldir"/*.textfsm; do
		[ -f "$t" ] || continue
		b=$(basename "$t" .textfsm)
		for pd in "$fixtures"/cli/*/; do
			plat=$(basename "$pd")
			case $b in "${plat}_"*) ;; *) continue ;; esac
			cmdd=$pd${b#"${plat}_"}
			[ -d "$cmdd" ] || continue
			for f in "$cmdd"/*; do
				[ -f "$f" ] || continue
				case $f in *.yml|*.yaml|*.json|*.xml) continue ;; esac
				run "fixture $b $(basename "$f")" "$tpldir" \
					"$b.textfsm" "$f" -
			done
		done
	done
elif [ ! -d "$fixtures/cli" ]; then
	echo "diff-test: no shared fixtures at $fixtures: fixture runs skipped"
fi

# 4. index lookups: the template textfsm.clitable chooses from our index
ipass=0
ifail=0
if [ $have_ref = yes ]; then
	grep -v '^#' "$here/index-lookups.txt" > "$work/pairs"
	"$PYTHON3" "$here/ref-parse.py" --index "$tpldir" < "$work/pairs" \
		> "$work/pairs.ref"
	exec 3< "$work/pairs.ref"
	while IFS='	' read -r plat cmd; do
		read -r want <&3
		[ "$want" = - ] && want=
		got=$($TFSM_PARSE -d "$tpldir" --which --platform "$plat" \
			--command "$cmd" 2>/dev/null)
		got=${got##*/}
		if [ "$got" = "$want" ]; then
			ipass=$((ipass + 1))
		else
			echo "FAIL index $plat / $cmd: chose '$got'," \
			     "textfsm.clitable '$want'"
			ifail=$((ifail + 1))
		fi
	done < "$work/pairs"
	exec 3<&-
fi

if [ $have_ref = yes ]; then
	"$PYTHON3" "$here/ref-parse.py" --batch < "$refjobs" || {
		echo "diff-test: the reference script failed" >&2
		exit 1
	}
fi
"$PYTHON3" "$here/compare.py" "$jobs" $ipass $ifail
rc=$?
if [ $rc = 0 ] && [ $have_ref = no ]; then
	exit 77
fi
exit $rc
