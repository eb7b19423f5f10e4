#!/bin/sh
# rx-compat.sh - make check: the Python-regex translator against Python's re
# (tests/textfsm/rx-compat.py driving the rx-compat program).  77 when the
# program or /usr/bin/python3 is missing.
here=$(cd "$(dirname "$0")" && pwd)
top_builddir=${top_builddir:-$(cd "$here/../.." && pwd)}
PYTHON3=${PYTHON3:-/usr/bin/python3}
prog=${RX_COMPAT:-$top_builddir/tests/textfsm/rx-compat}
[ -x "$PYTHON3" ] || { echo "rx-compat: $PYTHON3 missing: skipped"; exit 77; }
exec "$PYTHON3" "$here/rx-compat.py" "$prog" "${RX_COMPAT_COUNT:-2000}" \
	"${RX_COMPAT_SEED:-4}" --messages
