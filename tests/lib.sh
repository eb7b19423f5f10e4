# tests/lib.sh - shared helpers of the shell tests (sourced, POSIX sh).
#
# The automake harness exports top_srcdir, top_builddir and PYTHON3.  Each
# test that needs the lab starts its own (its own folder, its own ports) and
# stops it on exit, so tests can run in parallel and leave nothing behind.

: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$(pwd)}"
: "${PYTHON3:=/usr/bin/python3}"
SWINSPECT="$top_builddir/swinspect"
SCHEMA_CHECK="$top_srcdir/tests/schema-check.py"
FACTS_SCHEMA="$top_srcdir/common/schema/facts.schema.json"
export SWINSPECT_DATADIR="${SWINSPECT_DATADIR:-$top_srcdir}"

failures=0
checks=0

fail() {
	failures=$((failures + 1))
	checks=$((checks + 1))
	printf 'FAIL: %s\n' "$*"
}

ok() {
	checks=$((checks + 1))
	printf 'ok: %s\n' "$*"
}

# check DESCRIPTION COMMAND...: runs the command, counts the result.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else fail "$desc"; fi
}

skip() {
	printf 'SKIP: %s\n' "$*"
	exit 77
}

# Ends the test: the plain summary line, and the exit status.
finish() {
	printf '%d passed, %d failed\n' $((checks - failures)) "$failures"
	[ "$failures" -eq 0 ]
	exit $?
}

# A fresh scratch folder, removed on exit.
scratch() {
	SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/swinspect-test.XXXXXX")
	chmod 755 "$SCRATCH"
}

lab_stop() {
	if [ -n "${LAB_STARTED:-}" ]; then
		"$top_srcdir/tests/lab/lab" stop >/dev/null 2>&1 || true
		LAB_STARTED=
	fi
}

cleanup() {
	lab_stop
	[ -n "${SCRATCH:-}" ] && rm -rf "$SCRATCH"
	return 0
}
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM

# Starts a private lab and loads its lab.env; skips when the lab's
# programs are missing.
lab_start() {
	for p in snmpsimd snmpd /usr/sbin/sshd snmpget; do
		command -v "$p" >/dev/null 2>&1 ||
			skip "lab program '$p' is missing (./quickstart installs it)"
	done
	[ -n "${SCRATCH:-}" ] || scratch
	SWINSPECT_LAB_DIR="$SCRATCH/lab"
	export SWINSPECT_LAB_DIR
	"$top_srcdir/tests/lab/lab" start >"$SCRATCH/lab-start.log" 2>&1
	rc=$?
	if [ "$rc" -eq 77 ]; then
		cat "$SCRATCH/lab-start.log"
		skip "the lab cannot run here"
	elif [ "$rc" -ne 0 ]; then
		cat "$SCRATCH/lab-start.log"
		echo "FAIL: the lab did not start"
		exit 99
	fi
	LAB_STARTED=1
	# shellcheck disable=SC1090
	. "$("$top_srcdir/tests/lab/lab" env)"
}

# json_get FILE EXPR: evaluates a Python expression over the document `d`.
json_get() {
	"$PYTHON3" -c 'import json,sys
d=json.load(open(sys.argv[1], encoding="utf-8"))
v=eval(sys.argv[2])
print(v if not isinstance(v,(dict,list)) else json.dumps(v, ensure_ascii=False))' "$1" "$2"
}

# Validates every facts.json under DIR against the facts schema.
validate_facts() {
	"$PYTHON3" "$SCHEMA_CHECK" "$FACTS_SCHEMA" "$1"
}
