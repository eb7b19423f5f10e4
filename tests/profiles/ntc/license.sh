#!/bin/sh
# tests/profiles/ntc/license.sh - NX-OS `show license usage` against the
# real outputs of the shared fixtures (both layouts): every feature the
# ntc-templates .yml lists as installed ("Yes") or in use must be a licence
# of `swinspect parse --profile cisco-nxos`, and no other; an installed
# feature whose expiry is "Never" is permanent; one in use without a
# licence is on its grace period.  The Smart Licensing layout (NX-OS 10:
# no "Ins" column) gives each entitlement.  Skips (77) without the shared fixtures.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/lib.sh"
FIX=${SWINSPECT_SHARED_FIXTURES:-$top_srcdir/../shared/fixtures}
[ -d "$FIX/cli" ] || [ ! -d "$FIX/fixtures/cli" ] || FIX=$FIX/fixtures
DIR=$FIX/cli/cisco_nxos/show_license_usage
[ -d "$DIR" ] || skip "no shared fixtures at $DIR"
scratch
n=0
for raw in "$DIR"/*.raw; do
	yml=${raw%.raw}.yml
	[ -f "$yml" ] || continue
	n=$((n + 1))
	name=${raw#"$FIX"/cli/}
	if ! "$SWINSPECT" parse --profile cisco-nxos --command "show license usage" "$raw" \
		>"$SCRATCH/facts.json" 2>"$SCRATCH/err"; then
		fail "$name: parse: $(head -c 300 "$SCRATCH/err")"
		continue
	fi
	got=$("$PYTHON3" - "$yml" "$raw" "$SCRATCH/facts.json" <<'PY'
import json, re, sys
yml = open(sys.argv[1], encoding="utf-8").read()
raw = open(sys.argv[2], encoding="utf-8").read()
lic = {l["name"]: l for l in json.load(open(sys.argv[3], encoding="utf-8")).get("license", [])}
rows = []
for block in yml.split("\n  - ")[1:]:
    f = dict(re.findall(r'(\w+): "([^"]*)"', block))
    rows.append(f)
if rows:
    want = {r["feature"] for r in rows
            if r["installed"] in ("Yes", "") or r["status"].lower() == "in use"}
    if set(lic) != want:
        print(f"licences {sorted(lic)} != {sorted(want)}"); sys.exit(0)
    for r in rows:
        l = lic.get(r["feature"])
        if not l:
            continue
        if r["expiry_date"] == "Never" and l.get("permanent") is not True:
            print(f"{r['feature']}: not permanent"); sys.exit(0)
        if r["installed"] == "No" and r["comments"].startswith("Grace") and l.get("status") != "grace":
            print(f"{r['feature']}: status {l.get('status')} != grace"); sys.exit(0)
        if (r["installed"] == "Yes" or r["status"] == "IN USE") and l.get("status") != "active":
            print(f"{r['feature']}: status {l.get('status')} != active"); sys.exit(0)
else:
    want = re.findall(r"^\((\S+)\):", raw, re.M)
    if sorted(lic) != sorted(want) or not want:
        print(f"licences {sorted(lic)} != {sorted(want)}"); sys.exit(0)
print("same")
PY
)
	if [ "$got" = same ]; then ok "$name: licences as the recording lists them"; else fail "$name: $got"; fi
done
[ "$n" -ge 2 ] || fail "only $n NX-OS show license usage outputs found"
finish
