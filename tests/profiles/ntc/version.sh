#!/bin/sh
# tests/profiles/ntc/version.sh - every `show version` / `display version`
# output of the shared fixtures that carries an ntc-templates .yml parse goes
# through `swinspect parse --profile P --command CMD` (the profile of its
# platform folder, platforms.tsv); version, host name, serial, model and
# uptime must agree with the .yml (version-check.py says how).  One line per
# file.  Skips (77) without the shared fixtures.  A profile that does not
# parse the command at all yet (no template) is reported as PENDING, not
# compared.
. "${top_srcdir:-$(dirname "$0")/../../..}/tests/lib.sh"
FIX=${SWINSPECT_SHARED_FIXTURES:-$top_srcdir/../shared/fixtures}
# configured with the folder above the fixtures (--with-shared-fixtures=.../shared)
[ -d "$FIX/cli" ] || [ ! -d "$FIX/fixtures/cli" ] || FIX=$FIX/fixtures
[ -d "$FIX/cli" ] || skip "no shared fixtures at $FIX/cli"
HERE="$top_srcdir/tests/profiles/ntc"
"$SWINSPECT" profiles list >/dev/null 2>&1 ||
	skip "this swinspect has no profile engine ('swinspect profiles list' fails)"
scratch
files=0
pending=0

while IFS='	' read -r folder profile command kv kh ks km ku; do
	case $folder in '#'*|'') continue ;; esac
	dir="$FIX/cli/$folder/$(printf '%s' "$command" | tr ' ' '_')"
	[ -d "$dir" ] || { fail "$folder: no folder $dir"; continue; }
	for yml in "$dir"/*.yml; do
		[ -f "$yml" ] || continue
		raw=${yml%.yml}.raw
		[ -f "$raw" ] || continue
		files=$((files + 1))
		out="$SCRATCH/facts.json"
		if ! "$SWINSPECT" parse --profile "$profile" --command "$command" "$raw" \
			>"$out" 2>"$SCRATCH/err"; then
			fail "${yml#"$FIX"/cli/}: swinspect parse --profile $profile: $(head -c 300 "$SCRATCH/err")"
			continue
		fi
		if grep -q 'has no template' "$SCRATCH/err"; then
			pending=$((pending + 1))
			printf 'PENDING %s: profile %s has no template for "%s" yet\n' \
				"${yml#"$FIX"/cli/}" "$profile" "$command"
			continue
		fi
		if "$PYTHON3" "$HERE/version-check.py" "$yml" "$out" "$kv" "$kh" "$ks" "$km" "$ku"; then
			checks=$((checks + 1))
		else
			failures=$((failures + 1))
			checks=$((checks + 1))
		fi
	done
done <"$HERE/platforms.tsv"

[ "$files" -gt 0 ] || fail "no .yml-parsed version outputs found under $FIX/cli"
printf '%d files, %d pending\n' "$files" "$pending"
finish
