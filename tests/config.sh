#!/bin/sh
# The configuration file: template directories reach `swinspect parse`,
# threshold overrides reach the rule packs, and mistakes are located.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
scratch
export HOME="$SCRATCH/home"	# no user configuration file of the machine's
mkdir -p "$HOME" "$SCRATCH/tpl"

cat >"$SCRATCH/tpl/my_uptime.textfsm" <<'T'
Value HOST (\S+)
Value DAYS (\d+)

Start
  ^${HOST} uptime is ${DAYS} days -> Record
T
printf 'core-1 uptime is 12 days\n' >"$SCRATCH/out.txt"
cat >"$SCRATCH/config.yaml" <<'Y'
templates: [tpl]
jobs: 4
thresholds:
  generic-environment: {cpu_minor_pct: 70}
Y
"$SWINSPECT" parse --config "$SCRATCH/config.yaml" my_uptime.textfsm \
	"$SCRATCH/out.txt" >"$SCRATCH/records.json"
check "parse finds a template in the configuration's folder" \
	[ "$(json_get "$SCRATCH/records.json" "d == [{'HOST': 'core-1', 'DAYS': '12'}]")" = True ]
"$SWINSPECT" parse my_uptime.textfsm "$SCRATCH/out.txt" >/dev/null 2>&1
check "without the configuration the template is not found (exit 66)" [ $? -eq 66 ]

# A facts bundle with a CPU at 75 %: minor under a 70 % threshold only.
mkdir -p "$SCRATCH/out/devices/sw1"
cat >"$SCRATCH/out/devices/sw1/facts.json" <<'J'
{"schema": "swinspect.facts/1", "device": {"name": "sw1"},
 "collected_at": "2026-11-28T10:00:00Z", "sources": {"snmp": {"status": "ok"}},
 "environment": {"cpu": {"load_pct": 75}}}
J
"$SWINSPECT" check "$SCRATCH/out" 2>/dev/null
n_default=$(json_get "$SCRATCH/out/findings.json" "len([f for f in d['findings'] if f['rule'].startswith('ENV-CPU')])")
"$SWINSPECT" check --config "$SCRATCH/config.yaml" "$SCRATCH/out" 2>/dev/null
n_site=$(json_get "$SCRATCH/out/findings.json" "len([f for f in d['findings'] if f['rule'].startswith('ENV-CPU')])")
check "75 % CPU is no finding at the default threshold ($n_default)" [ "$n_default" -eq 0 ]
check "75 % CPU is a finding under the site's 70 % threshold ($n_site)" [ "$n_site" -ge 1 ]

cat >"$SCRATCH/bad.yaml" <<'Y'
templates: tpl
jobz: 4
thresholds:
  generic-environment: {cpu_minr_pct: 70}
Y
"$SWINSPECT" check --config "$SCRATCH/bad.yaml" "$SCRATCH/out" 2>"$SCRATCH/err"
check "a configuration with an unknown key exits 65" [ $? -eq 65 ]
check "the unknown key is located" grep -q "bad.yaml:2:1: unknown key 'jobz'" "$SCRATCH/err"
sed -i '/jobz/d' "$SCRATCH/bad.yaml"
"$SWINSPECT" check --config "$SCRATCH/bad.yaml" "$SCRATCH/out" 2>"$SCRATCH/err"
check "a misspelt threshold exits 65" [ $? -eq 65 ]
check "the misspelt threshold is located" \
	grep -q "bad.yaml:3:25: no rule pack named generic-environment declares the threshold 'cpu_minr_pct'" "$SCRATCH/err"

finish
