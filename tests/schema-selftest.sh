#!/bin/sh
# Self-test of the facts JSON Schema and of tests/schema-check.py.
#
# - the schema is a valid draft 2020-12 schema and keeps its own conventions
#   (every object closed, every src limited to its siblings, every field in doc/facts.md);
# - every document in tests/schema/facts/valid/ passes;
# - every document in tests/schema/facts/invalid/ fails, with each line of its
#   NAME.expect file (fixed strings) in the checker's output;
# - the checker's exit codes: 0 valid, 1 invalid, 2 nothing found, 77 no jsonschema.
#
# Exit 0 all good, 1 a failure, 77 skipped (no /usr/bin/python3 or no jsonschema).
# PYTHON3 (as exported by `make check`) or PYTHON overrides the interpreter
# (default /usr/bin/python3: Debian's, with python3-jsonschema).

here=$(cd "$(dirname "$0")" && pwd) || exit 1
top=$(cd "$here/.." && pwd) || exit 1
PY=${PYTHON3:-${PYTHON:-/usr/bin/python3}}
check="$here/schema-check.py"
schema="$top/common/schema/facts.schema.json"
cases="$here/schema/facts"
doc="$top/doc/facts.md"

if ! [ -x "$PY" ]; then
	echo "SKIP: $PY not found" >&2
	exit 77
fi
if ! "$PY" -c 'import jsonschema' 2>/dev/null; then
	echo "SKIP: jsonschema not importable by $PY (apt-get install python3-jsonschema)" >&2
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/schema-selftest.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

failures=0
ntests=0
pass() { ntests=$((ntests + 1)); echo "ok $ntests - $1"; }
fail() {
	ntests=$((ntests + 1)); failures=$((failures + 1))
	echo "not ok $ntests - $1"
	if [ -s "$tmp/out" ]; then sed 's/^/#   /' "$tmp/out"; fi
}

# run EXPECTED-RC DESCRIPTION ARGS...: run the checker, compare its exit code.
run() {
	want=$1 what=$2
	shift 2
	"$PY" "$check" "$@" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -eq "$want" ]; then
		pass "$what (exit $rc)"
		return 0
	fi
	echo "# expected exit $want, got $rc" >>"$tmp/out"
	fail "$what"
	return 1
}

# --- 1. the schema's own conventions ----------------------------------------------------
"$PY" - "$schema" "$doc" >"$tmp/out" 2>&1 <<'EOF'
import json, re, sys
from jsonschema import Draft202012Validator
schema_path, doc_path = sys.argv[1], sys.argv[2]
schema = json.load(open(schema_path, encoding="utf-8"))
Draft202012Validator.check_schema(schema)
doc = open(doc_path, encoding="utf-8").read()
# words inside `code spans` (`environment.fans[]` documents fans)
documented = set()
for span in re.findall(r"`([^`]+)`", re.sub(r"(?ms)^```.*?^```", "", doc)):
    documented.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", span))
problems = []

def walk(node, where):
    if isinstance(node, dict):
        if node.get("type") == "object" and "additionalProperties" not in node:
            problems.append("%s: object without additionalProperties" % where)
        props = node.get("properties")
        if isinstance(props, dict) and node.get("type") == "object":
            if node.get("additionalProperties") is not False:
                problems.append("%s: additionalProperties is not false" % where)
            src = props.get("src")
            if src is not None:
                want = sorted(["_"] + [k for k in props if k != "src"])
                got = sorted(src.get("propertyNames", {}).get("enum", []))
                if got != want:
                    problems.append("%s: src keys %s, fields %s" % (where, got, want))
            for k in props:
                if k not in documented:
                    problems.append("%s: field %s not documented in doc/facts.md" % (where, k))
        for k, v in node.items():
            walk(v, where + "/" + k)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            walk(v, "%s/%d" % (where, i))

walk(schema, "#")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
EOF
if [ $? -eq 0 ]; then pass "schema conventions"; else fail "schema conventions"; fi

# every field the schema declares is used by at least one valid case, so a field whose
# declared type is wrong cannot hide behind examples that never use it
"$PY" - "$schema" "$cases/valid"/*.json >"$tmp/out" 2>&1 <<'EOF'
import json, sys
schema = json.load(open(sys.argv[1], encoding="utf-8"))

def resolve(node):
    while "$ref" in node:
        target = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
        node = dict(target, **{k: v for k, v in node.items() if k != "$ref"})
    return node

declared = set()

def walk(node, path):
    node = resolve(node)
    for alt in node.get("oneOf", []) + node.get("anyOf", []):
        walk(alt, path)
    if node.get("type") == "array" and "items" in node:
        walk(node["items"], path + "[]")
    for key, sub in node.get("properties", {}).items():
        declared.add(path + "." + key)
        if key != "src":
            walk(sub, path + "." + key)
    extra = node.get("additionalProperties")
    if isinstance(extra, dict) and "properties" not in node:
        walk(extra, path + ".*")    # sources.<collector>

used = set()

def visit(value, path):
    if isinstance(value, dict):
        for key, sub in value.items():
            p = path + (".*" if path == "$.sources" else "." + key)
            used.add(p)
            if key != "src":
                visit(sub, p)
    elif isinstance(value, list):
        for sub in value:
            visit(sub, path + "[]")

walk(schema, "$")
for f in sys.argv[2:]:
    visit(json.load(open(f, encoding="utf-8")), "$")
unused = sorted(declared - used)
for p in unused:
    print("declared but used by no valid case:", p)
sys.exit(1 if unused else 0)
EOF
if [ $? -eq 0 ]; then pass "valid cases use every declared field"; else fail "valid cases use every declared field"; fi

# --- 2. valid documents -----------------------------------------------------------------
nvalid=$(ls "$cases/valid"/*.json 2>/dev/null | wc -l)
if [ "$nvalid" -eq 0 ]; then
	: >"$tmp/out"; fail "no valid cases in $cases/valid"
elif run 0 "valid/ ($nvalid documents)" --glob '*.json' "$schema" "$cases/valid"; then
	grep -qx "$nvalid documents valid" "$tmp/out" ||
		{ fail "valid/: summary line '$nvalid documents valid'"; }
fi

# --- 3. invalid documents, each on its own ----------------------------------------------
ninvalid=0
for f in "$cases/invalid"/*.json; do
	[ -e "$f" ] || continue
	ninvalid=$((ninvalid + 1))
	name=$(basename "$f" .json)
	run 1 "invalid/$name.json rejected" "$schema" "$f" || continue
	if ! [ -f "$cases/invalid/$name.expect" ]; then
		fail "invalid/$name.expect missing"
		continue
	fi
	missing=
	while IFS= read -r line || [ -n "$line" ]; do
		[ -n "$line" ] || continue
		grep -qF -- "$line" "$tmp/out" || missing="$missing
# expected in output: $line"
	done <"$cases/invalid/$name.expect"
	if [ -n "$missing" ]; then
		printf '%s\n' "$missing" >>"$tmp/out"
		fail "invalid/$name.json: expected messages"
	fi
done
if [ "$ninvalid" -eq 0 ]; then : >"$tmp/out"; fail "no invalid cases in $cases/invalid"; fi

# all invalid documents at once: exit 1, none valid
run 1 "invalid/ as a whole" --glob '*.json' "$schema" "$cases/invalid" &&
	{ grep -qx "0 documents valid" "$tmp/out" && grep -qx "$ninvalid documents invalid" "$tmp/out" ||
		fail "invalid/: summary lines"; }

# --- 4. the checker's own behaviour -----------------------------------------------------
mkdir -p "$tmp/bundle/devices/a/raw" "$tmp/bundle/devices/b" "$tmp/empty"
cp "$cases/valid/minimal.json" "$tmp/bundle/devices/a/facts.json"
cp "$cases/valid/cisco-full.json" "$tmp/bundle/devices/b/facts.json"
cp "$cases/invalid/bad-oid.json" "$tmp/bundle/devices/a/raw/not-facts.json"
if run 0 "default --glob finds only facts.json, recursively" "$schema" "$tmp/bundle"; then
	grep -qx "2 documents valid" "$tmp/out" || fail "bundle: '2 documents valid'"
fi
cp "$cases/invalid/bad-oid.json" "$tmp/bundle/devices/b/facts.json"
run 1 "an invalid facts.json in a bundle" "$schema" "$tmp/bundle" &&
	{ grep -qF "devices/b/facts.json: \$.system.sys_object_id" "$tmp/out" ||
		fail "bundle: error names file and JSON path"; }
run 1 "valid and invalid together" "$schema" "$cases/valid/minimal.json" "$cases/invalid/nan.json"
run 2 "no document found" "$schema" "$tmp/empty"
run 2 "a named file that does not exist" "$schema" "$cases/valid/minimal.json" "$tmp/nonexistent.json"
printf '{"type": 12}\n' >"$tmp/bad-schema.json"
run 2 "an invalid schema" "$tmp/bad-schema.json" "$cases/valid/minimal.json"
run 2 "usage error" "$schema"
# -S leaves out site-packages, where Debian's jsonschema lives: the checker must skip.
if ! "$PY" -S -c 'import jsonschema' 2>/dev/null; then
	"$PY" -S "$check" "$schema" "$cases/valid/minimal.json" >"$tmp/out" 2>&1
	rc=$?
	if [ "$rc" -eq 77 ]; then pass "no jsonschema: exit 77"; else
		echo "# got exit $rc" >>"$tmp/out"; fail "no jsonschema: exit 77"; fi
fi

echo "1..$ntests"
if [ "$failures" -ne 0 ]; then
	echo "$failures of $ntests checks failed" >&2
	exit 1
fi
exit 0
