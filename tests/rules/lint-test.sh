#!/bin/sh
# A rule file with five different mistakes gets five located messages in
# one run of `swinspect rules lint`, exactly those of
# lint-five-mistakes.expected, and exit status 65.
# Run by `make check`; by hand: top_srcdir=. top_builddir=. sh tests/rules/lint-test.sh
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
prog=${SWINSPECT:-$top_builddir/swinspect}
out=$(mktemp) || exit 99
trap 'rm -f "$out"' EXIT
cd "$top_srcdir" || exit 99
SWINSPECT_DATADIR=${SWINSPECT_DATADIR:-$(pwd)} \
	"$prog" rules lint tests/rules/lint-five-mistakes.yaml >/dev/null 2>"$out"
rc=$?
if [ "$rc" != 65 ]; then
	echo "FAIL: exit status $rc, expected 65"; cat "$out"; exit 1
fi
if ! diff -u tests/rules/lint-five-mistakes.expected "$out"; then
	echo "FAIL: lint messages differ from lint-five-mistakes.expected"; exit 1
fi
echo "PASS: 5 mistakes, 5 located messages"
