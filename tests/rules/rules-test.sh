#!/bin/sh
# `swinspect rules lint` accepts the built-in packs and tables, and
# `swinspect rules test` passes every built-in rule's embedded tests (each
# rule needs one test that fires and one that does not).
# Run by `make check`; by hand: top_srcdir=. top_builddir=. sh tests/rules/rules-test.sh
set -u
: "${top_srcdir:=.}" "${top_builddir:=.}"
prog=${SWINSPECT:-$top_builddir/swinspect}
export SWINSPECT_DATADIR=${SWINSPECT_DATADIR:-$top_srcdir}
fail=0
"$prog" rules lint || { echo "FAIL: rules lint"; fail=1; }
out=$("$prog" rules test) ; rc=$?
printf '%s\n' "$out"
last=$(printf '%s\n' "$out" | tail -n 1)
case $last in
*" passed, 0 failed") [ "$rc" = 0 ] || { echo "FAIL: exit $rc"; fail=1; } ;;
*) echo "FAIL: rules test: $last"; fail=1 ;;
esac
# The fixtures of the unit tests carry their own tests too.
"$prog" rules test "$top_srcdir/tests/rules/fixtures/sw" \
	"$top_srcdir/tests/rules/fixtures/waiver-pack.yaml" >/dev/null ||
	{ echo "FAIL: fixtures' tests"; fail=1; }
# A failing test is reported as file:line and counted.
"$prog" rules test "$top_srcdir/tests/rules/fixtures/failing-test.yaml" >"${TMPDIR:-/tmp}/swi-rt.$$" 2>&1
rc=$?
if [ "$rc" != 1 ] || ! grep -q '^.*failing-test.yaml:[0-9]*: T-WRONG test 1: expected 1 finding, got 0' "${TMPDIR:-/tmp}/swi-rt.$$" ||
   ! grep -q '^2 passed, 1 failed$' "${TMPDIR:-/tmp}/swi-rt.$$"; then
	echo "FAIL: a failing test is not reported as expected:"; cat "${TMPDIR:-/tmp}/swi-rt.$$"; fail=1
fi
rm -f "${TMPDIR:-/tmp}/swi-rt.$$"
[ $fail = 0 ] && echo "PASS"
exit $fail
