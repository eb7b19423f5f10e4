#!/bin/sh
# The profile engine from the command line: `profiles lint` passes on the
# shipped profiles and on the tests' own, and pins every located mistake of
# a broken profile; `profiles list` shows a configured directory's profile;
# `parse --profile` turns saved outputs into the facts doc/profiles.md
# describes (values, units, durations, words, lists, redaction), and
# refuses an unknown profile or command.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
scratch
export HOME="$SCRATCH/home"	# no user configuration file of the machine's
mkdir -p "$HOME"
DATA="$(cd "$top_srcdir" && pwd)/tests/profiles/data"
cat >"$SCRATCH/config.yaml" <<YAML
profiles: [$DATA/profiles]
templates: [$DATA/templates]
YAML

"$SWINSPECT" profiles lint >"$SCRATCH/lint.out" 2>&1
rc=$?
check "the shipped profiles lint clean (exit $rc)" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || cat "$SCRATCH/lint.out"
"$SWINSPECT" profiles lint "$DATA/profiles" >"$SCRATCH/lint.out" 2>&1
check "the tests' profiles lint clean" [ $? -eq 0 ]
check "... and say how many" grep -q '^2 profiles OK, 0 mistakes$' "$SCRATCH/lint.out"

SWI_ABS="$(cd "$(dirname "$SWINSPECT")" && pwd)/swinspect"
(cd "$DATA/.." && "$SWI_ABS" profiles lint data/bad) >"$SCRATCH/bad.out" 2>&1
check "a broken profile: exit 65" [ $? -eq 65 ]
sed -n 's|^data/bad/||p' "$SCRATCH/bad.out" >"$SCRATCH/bad.got"
check "every mistake located, all in one run (lint.expected)" \
	cmp -s "$SCRATCH/bad.got" "$DATA/bad/lint.expected"
cmp -s "$SCRATCH/bad.got" "$DATA/bad/lint.expected" ||
	diff "$DATA/bad/lint.expected" "$SCRATCH/bad.got"
check "the broken profile is left out" grep -q '^0 profiles OK, 9 mistakes$' "$SCRATCH/bad.out"

"$SWINSPECT" profiles list --config "$SCRATCH/config.yaml" >"$SCRATCH/list.out" 2>&1
check "profiles list shows the configured profile first (priority 900)" \
	[ "$(head -n1 "$SCRATCH/list.out" | cut -d' ' -f1)" = test-ios ]

parse() { # COMMAND -> $SCRATCH/facts.json
	f="$DATA/outputs/$(echo "$1" | tr ' ' _).txt"
	"$SWINSPECT" parse --config "$SCRATCH/config.yaml" --profile test-ios \
		--command "$1" "$f" >"$SCRATCH/facts.json" 2>"$SCRATCH/parse.err"
}
val() { json_get "$SCRATCH/facts.json" "$1"; }

parse "show version"
check "parse: exit 0" [ $? -eq 0 ]
check "parse: hostname, version, first model and serial" \
	[ "$(val "[d['system'][k] for k in ('hostname','model','serial')]+[d['system']['os']['version']]")" = \
	  '["lab-sw1", "WS-TEST-48", "FOC1234X0AB", "15.2(7)E3"]' ]
check "parse: '1 year, 2 weeks, 3 days, 4 hours, 5 minutes' is 33019500 s" \
	[ "$(val "d['system']['uptime_s']")" = 33019500 ]
check "parse: 524288K bytes of memory" [ "$(val "d['environment']['memory']['total_bytes']")" = 536870912 ]
check "parse: src names the collector and the command" \
	[ "$(val "d['system']['src']['hostname']")" = "ssh:show version" ]
check "parse: vendor and family from the profile" \
	[ "$(val "d['system']['vendor']+'/'+d['system']['os']['family']+'/'+d['system']['src']['vendor']")" = \
	  "cisco/ios/ssh:profile test-ios" ]

parse "show environment"
check "parse: fans with enum words and 'N/A' as no value" \
	[ "$(val "[(f['name'],f['status'],f.get('rpm')) for f in d['environment']['fans']]")" = \
	  '[["1", "ok", 5200], ["2", "failed", 0], ["3", "absent", null]]' ]
check "parse: Fahrenheit to Celsius, classify" \
	[ "$(val "[(t['celsius'],t['high'],t['status']) for t in d['environment']['temperatures']]")" = \
	  '[[40, 60, "ok"], [55, 60, "warning"]]' ]
check "parse: template names, max drops an impossible reading" \
	[ "$(val "[(p['name'],p['status'],p.get('watts')) for p in d['environment']['power_supplies']]")" = \
	  '[["PSU 1", "ok", 120], ["PSU 2", "unpowered", null]]' ]

"$SWINSPECT" parse --config "$SCRATCH/config.yaml" --profile test-ios --command "show env all" \
	"$DATA/outputs/show_environment.txt" >"$SCRATCH/facts.json" 2>/dev/null
check "parse: an alternative's output goes through its command's template" \
	[ "$(val "len(d['environment']['fans'])")" = 3 ]

parse "show interfaces"
check "parse: interfaces: speed from kbps, MAC normalised, words" \
	[ "$(val "[(i['name'],i['speed_bps'],i['mac'],i['admin'],i['duplex']) for i in d['interfaces']]")" = \
	  '[["GigabitEthernet1/0/1", 1000000000, "00:aa:bb:cc:dd:01", "up", "full"], ["TenGigabitEthernet1/1/1", 10000000000, "00:aa:bb:cc:dd:02", "down", "half"]]' ]

parse "show running-config"
check "parse: lists, present, capture and scale" \
	[ "$(val "[d['config'][k] for k in ('ntp_servers','syslog_servers','telnet_enabled','exec_timeout_s')]")" = \
	  '[["10.0.0.1", "10.0.0.2"], ["10.0.0.9"], true, 900]' ]
check "parse: a community is never written, only its redaction marker" \
	[ "$(val "d['config']['snmp']['communities']")" = \
	  '[{"default": true, "src": {"default": "ssh:show running-config", "name": "ssh:show running-config"}, "name": "<redacted: well-known default>"}]' ]
check "parse: the community's text appears nowhere" [ -z "$(grep -i public "$SCRATCH/facts.json")" ]

"$SWINSPECT" parse --config "$SCRATCH/config.yaml" --profile no-such --command "show version" \
	"$DATA/outputs/show_version.txt" >/dev/null 2>&1
check "parse: an unknown profile is exit 65" [ $? -eq 65 ]
"$SWINSPECT" parse --config "$SCRATCH/config.yaml" --profile test-ios --command "show nothing" \
	"$DATA/outputs/show_version.txt" >/dev/null 2>"$SCRATCH/err"
check "parse: a command the profile does not know is exit 65" [ $? -eq 65 ]
check "... and says so" grep -q "has no command 'show nothing'" "$SCRATCH/err"
"$SWINSPECT" parse --config "$SCRATCH/config.yaml" --profile test-ios --command "show version" \
	"$SCRATCH/nothing.txt" >/dev/null 2>&1
check "parse: an unreadable output is exit 66" [ $? -eq 66 ]
printf 'nothing to see\n' >"$SCRATCH/empty.txt"
"$SWINSPECT" parse --config "$SCRATCH/config.yaml" --profile test-ios --command "show version" \
	"$SCRATCH/empty.txt" >/dev/null 2>"$SCRATCH/err"
check "parse: an output that gives no record where one is expected is exit 65" [ $? -eq 65 ]
check "... with the command named" grep -q "'show version': the output gives no records" "$SCRATCH/err"
finish
