#!/bin/sh
# tests/profiles/ntc/storage.sh - the storage parses against real outputs:
# every Arista EOS `dir` output of the shared fixtures with an ntc-templates
# .yml parse goes through `swinspect parse --profile arista-eos --command
# dir`; the file system's total and free bytes must equal the .yml's
# total_size and total_free, and a listing without space information
# ("No space information available") must give no storage entry.  Skips
# (77) without the shared fixtures.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/lib.sh"
FIX=${SWINSPECT_SHARED_FIXTURES:-$top_srcdir/../shared/fixtures}
[ -d "$FIX/cli" ] || [ ! -d "$FIX/fixtures/cli" ] || FIX=$FIX/fixtures
[ -d "$FIX/cli/arista_eos/dir" ] || skip "no shared fixtures at $FIX/cli/arista_eos/dir"
scratch
for yml in "$FIX"/cli/arista_eos/dir/*.yml; do
	raw=${yml%.yml}.raw
	[ -f "$raw" ] || continue
	name=${yml#"$FIX"/cli/}
	if ! "$SWINSPECT" parse --profile arista-eos --command dir "$raw" \
		>"$SCRATCH/facts.json" 2>"$SCRATCH/err"; then
		fail "$name: parse: $(head -c 300 "$SCRATCH/err")"
		continue
	fi
	got=$("$PYTHON3" - "$yml" "$SCRATCH/facts.json" <<'PY'
import json, re, sys
yml = open(sys.argv[1], encoding="utf-8").read()
facts = json.load(open(sys.argv[2], encoding="utf-8"))
st = facts.get("hardware", {}).get("storage", [])
size = re.search(r'total_size:\s*"(\d+)"', yml)
free = re.search(r'total_free:\s*"(\d+)"', yml)
if not size:
    print("same" if not st else f"unexpected storage {st}")
    sys.exit(0)
want = (int(size.group(1)), int(free.group(1)))
got = [(e.get("total_bytes"), e.get("free_bytes")) for e in st]
print("same" if got == [want] else f"{got} != [{want}]")
PY
)
	if [ "$got" = same ]; then ok "$name: total and free bytes as ntc parses them"; else fail "$name: $got"; fi
done
[ "$checks" -ge 3 ] || fail "only $checks EOS dir outputs found"
finish
