#!/bin/sh
# End to end against the lab: `swinspect run` over snmpsim devices (the
# project's own recordings), Net-SNMP snmpd over SNMPv3 authPriv, and a
# closed port.  Checks identity, statuses, exit status 2, the facts schema,
# the reports, file modes and that no secret is written anywhere.
. "${top_srcdir:-$(dirname "$0")/..}/tests/lib.sh"
lab_start
OUT="$SCRATCH/out"
INV="$SCRATCH/inventory.yaml"
EXPECT="$top_srcdir/tests/data/lab-identity.tsv"

{
	cat <<YAML
customer: "Lab <Test> & Co"
site: Loopback DC
period: 2026-Q4
engineer: Test Engineer
service_level: gold
defaults:
  snmp: {version: 2c, port: $LAB_SNMPSIM_PORT, timeout_ms: 1500, retries: 1}
devices:
YAML
	i=0
	grep -v '^#' "$EXPECT" | while IFS='	' read -r comm _; do
		i=$((i + 1))
		printf '  - name: %s\n    address: 127.0.0.1\n' "$comm"
		printf '    snmp: {community_env: SWI_COMM_%d}\n' "$i"
	done
	cat <<YAML
  - name: snmpd-v3
    address: 127.0.0.1
    snmp:
      version: 3
      port: $LAB_SNMPD_PORT
      username: $LAB_SNMPD_V3_USER
      auth: {protocol: sha, password_env: LAB_SNMPD_V3_AUTH_PASS}
      priv: {protocol: aes, password_env: LAB_SNMPD_V3_PRIV_PASS}
  - name: snmpd-v3-wrong-password
    address: 127.0.0.1
    snmp:
      version: 3
      port: $LAB_SNMPD_PORT
      username: $LAB_SNMPD_V3_USER
      auth: {protocol: sha, password_env: SWI_WRONG_PASS}
      priv: {protocol: aes, password_env: LAB_SNMPD_V3_PRIV_PASS}
  - name: snmpd-wrong-community
    address: 127.0.0.1
    snmp: {port: $LAB_SNMPD_PORT, community_env: SWI_WRONG_COMM, timeout_ms: 400, retries: 0}
  - name: closed-port
    address: 127.0.0.1
    snmp: {port: $LAB_CLOSED_PORT, community_env: LAB_SNMPD_COMMUNITY, timeout_ms: 400, retries: 0}
YAML
} >"$INV"
i=0
for comm in $(grep -v '^#' "$EXPECT" | cut -f1); do
	i=$((i + 1))
	export "SWI_COMM_$i=$comm"
done
export SWI_WRONG_PASS="not-the-password-9x7"
export SWI_WRONG_COMM="not-the-community-3q"
export LAB_SNMPD_V3_AUTH_PASS LAB_SNMPD_V3_PRIV_PASS LAB_SNMPD_COMMUNITY

"$SWINSPECT" run -i "$INV" -o "$OUT" >"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
rc=$?
check "run exits 2 when some devices are not reached (got $rc)" [ "$rc" -eq 2 ]
if [ "$rc" -ne 2 ]; then echo "--- stderr of the run:"; cat "$SCRATCH/stderr"; fi
for f in inspection.json findings.json report.json report.html run.log; do
	check "OUT/$f is written" [ -s "$OUT/$f" ]
done
check "stdout names report.html" grep -q "$OUT/report.html" "$SCRATCH/stdout"

status() { json_get "$OUT/devices/$1/facts.json" "d['sources']['snmp']['status']"; }
check "closed port: timeout" [ "$(status closed-port)" = timeout ]
check "wrong community: timeout" [ "$(status snmpd-wrong-community)" = timeout ]
check "wrong v3 password: auth_failed" [ "$(status snmpd-v3-wrong-password)" = auth_failed ]
check "snmpd over v3 authPriv: ok" [ "$(status snmpd-v3)" = ok ]
check "snmpd's system description is this machine's" \
	grep -q "$(uname -n)" "$OUT/devices/snmpd-v3/facts.json"

grep -v '^#' "$EXPECT" | while IFS='	' read -r comm vendor model version family; do
	f="$OUT/devices/$comm/facts.json"
	got=$(json_get "$f" "'|'.join([d['sources']['snmp']['status'], d['system'].get('vendor','-'), d['system'].get('model','-'), d['system'].get('os',{}).get('version','-'), d['system'].get('os',{}).get('family','-')])")
	# model and version tokens are compared case-insensitively
	lgot=$(printf '%s' "$got" | tr 'A-Z' 'a-z')
	lmodel=$(printf '%s' "$model" | tr 'A-Z' 'a-z')
	lversion=$(printf '%s' "$version" | tr 'A-Z' 'a-z')
	case "$lgot" in
	"ok|$vendor|"*"$lmodel"*"|"*"$lversion"*"|$family") echo "ok: $comm identity: $got" ;;
	*) echo "FAIL: $comm identity: got '$got', want ok|$vendor|*$model*|*$version*|$family"
	   echo x >>"$SCRATCH/identity-failures" ;;
	esac
done
check "every lab recording's identity is right" [ ! -e "$SCRATCH/identity-failures" ]

validate_facts "$OUT/devices" >"$SCRATCH/schema.log" 2>&1
check "every facts document validates against the facts schema" [ $? -eq 0 ] || cat "$SCRATCH/schema.log"

check "report.json lists every device" \
	[ "$(json_get "$OUT/report.json" "len(d['devices'])")" -eq "$(grep -c '^  - name:' "$INV")" ]
check "report.json counts the unreached devices" \
	[ "$(json_get "$OUT/report.json" "d['summary']['not_reached']")" -eq 3 ]
check "findings.json names the packs applied" \
	[ "$(json_get "$OUT/findings.json" "len(d['packs'])")" -ge 1 ]
check "the rule's result is in the report (findings or not evaluated)" \
	[ "$(json_get "$OUT/report.json" "len(d['findings'])+len(d['not_evaluated'])")" -ge 1 ]
for word in huawei S5720-56C-EI V200R011C10SPC600 inspur CN8696 "9.2(2)" juniper; do
	check "report.html shows '$word'" grep -qF "$word" "$OUT/report.html"
done
check "report.html escapes the customer's markup" grep -qF 'Lab &lt;Test&gt; &amp; Co' "$OUT/report.html"
check "report.html has no script" sh -c "! grep -qi '<script' '$OUT/report.html'"

bad=$(find "$OUT" -type f ! -perm 600 | head -3)
check "every file under OUT is 0600 ($bad)" [ -z "$bad" ]
bad=$(find "$OUT" -type d ! -perm 700 | head -3)
check "every folder under OUT is 0700 ($bad)" [ -z "$bad" ]
leaks=0
for secret in "$LAB_SNMPD_V3_AUTH_PASS" "$LAB_SNMPD_V3_PRIV_PASS" "$LAB_SNMPD_COMMUNITY" \
	"$SWI_WRONG_PASS" "$SWI_WRONG_COMM"; do
	if grep -rqF -- "$secret" "$OUT" "$SCRATCH/stdout" "$SCRATCH/stderr"; then
		leaks=$((leaks + 1))
	fi
done
check "no secret appears in any output or log" [ "$leaks" -eq 0 ]

# The stages run on their own over the same files.
rm "$OUT/report.json" "$OUT/report.html" "$OUT/findings.json"
"$SWINSPECT" check "$OUT" 2>/dev/null
check "check alone writes findings.json" [ -s "$OUT/findings.json" ]
"$SWINSPECT" report "$OUT" --lang en,zh-CN >/dev/null
check "report alone writes report.html and report.zh-CN.html" \
	[ -s "$OUT/report.html" ] && [ -s "$OUT/report.zh-CN.html" ]
check "the zh-CN report is in Chinese" grep -q '巡检' "$OUT/report.zh-CN.html"

finish
