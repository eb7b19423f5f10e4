#!/bin/sh
# fsm-fuzz.sh - make check: random templates and inputs through swinspect
# parse and python3-textfsm (tests/textfsm/fsm-fuzz.py).  77 without the
# reference.
here=$(cd "$(dirname "$0")" && pwd)
top_builddir=${top_builddir:-$(cd "$here/../.." && pwd)}
PYTHON3=${PYTHON3:-/usr/bin/python3}
TFSM_PARSE=${TFSM_PARSE:-"$top_builddir/swinspect parse"}
if ! "$PYTHON3" -c 'import textfsm' 2>/dev/null; then
	echo "fsm-fuzz: python3-textfsm missing for $PYTHON3: skipped"
	exit 77
fi
exec "$PYTHON3" "$here/fsm-fuzz.py" "$TFSM_PARSE" "${FSM_FUZZ_COUNT:-300}" \
	"${FSM_FUZZ_SEED:-1}"
