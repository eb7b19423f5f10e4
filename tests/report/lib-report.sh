# tests/report/lib-report.sh - helpers of the report tests (sourced after
# tests/lib.sh).  SWINSPECT_BIN overrides the program under test (e.g. a
# build with sanitizers); REPORT_SCHEMA is the report's JSON Schema.
[ -n "${SWINSPECT_BIN:-}" ] && SWINSPECT=$SWINSPECT_BIN
REPORT_SCHEMA="$top_srcdir/report/schema/report.schema.json"
CHECKS="$top_srcdir/tests/report/checks.py"
FIXTURES="$top_srcdir/tests/report"
ARTIFACTS="$top_builddir/tests/out"

[ -x "$SWINSPECT" ] || skip "$SWINSPECT is not built"

# A fixture bundle copied to a scratch folder (the source tree may be
# read-only, and `report` writes into OUT).
bundle() {
	[ -n "${SCRATCH:-}" ] || scratch
	rm -rf "$SCRATCH/$2"
	cp -R "$FIXTURES/$1" "$SCRATCH/$2"
	chmod -R u+w "$SCRATCH/$2"
}

# Validates report.json files against the report schema (77 when the
# jsonschema module is missing, like schema-check.py).
validate_report() {
	"$PYTHON3" "$SCHEMA_CHECK" -q --glob report.json "$REPORT_SCHEMA" "$@"
}

# run_checks NAME ARGS...: runs a check of checks.py, counting its lines.
run_checks() {
	out=$("$PYTHON3" "$CHECKS" "$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	checks=$((checks + $(printf '%s\n' "$out" | grep -c '^ok: ')))
	n=$(printf '%s\n' "$out" | grep -c '^FAIL: ')
	checks=$((checks + n))
	failures=$((failures + n))
	if [ "$rc" -ne 0 ] && [ "$n" -eq 0 ]; then
		fail "checks.py $1 exited $rc"
	fi
}

mode_of() {
	stat -c %a "$1"
}

# hostile_bundle NAME: the hostile fixture copied to $SCRATCH/NAME, each
# device folder renamed to its facts' device.name, so that the names the
# report reads from the file system are hostile too (the tree keeps safe
# folder names for make dist and other systems' checkouts).
hostile_bundle() {
	bundle hostile "$1"
	"$PYTHON3" - "$SCRATCH/$1/devices" <<'PY'
import json, os, sys
root = sys.argv[1]
for d in sorted(os.listdir(root)):
    try:
        with open(os.path.join(root, d, "facts.json"), "rb") as f:
            name = json.loads(f.read().decode("utf-8", "surrogateescape"))["device"]["name"]
    except (ValueError, KeyError, TypeError):
        continue
    if name and "/" not in name and not name.startswith(".") and name != d:
        os.rename(os.path.join(root, d), os.path.join(root, name))
PY
}
