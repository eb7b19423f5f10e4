#!/bin/sh
# SNMP and SSH together on the lab's Catalyst 2960-X (its SNMP recording
# and its CLI folder describe the same switch): one facts document where
# every object appears once, the CLI's values merged into the SNMP entries
# (interfaces through their abbreviations, singletons, modules by name),
# both sources kept as evidence, and the document schema-valid.  Run
# twice: with the engine tests' own profile named by the inventory, and
# with the shipped profiles recognising the device from its SNMP identity.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
lab_start
DEV=cisco-ios-c2960x
eval "SSH_PORT=\${LAB_SSHD_PORT_$(echo "$DEV" | tr 'a-z-' 'A-Z_')}"
[ -n "$SSH_PORT" ] || { echo "FAIL: no sshd port for $DEV"; exit 1; }
DATA="$(cd "$top_srcdir" && pwd)/tests/profiles/data"
cat >"$SCRATCH/config.yaml" <<YAML
profiles: [$DATA/profiles]
templates: [$DATA/templates]
YAML

collect() { # NAME PROFILE
	cat >"$SCRATCH/inv-$1.yaml" <<YAML
devices:
  - name: $1
    address: 127.0.0.1
    profile: $2
    snmp: {version: 2c, port: $LAB_SNMPSIM_PORT, community_env: SWI_COMM, timeout_ms: 2000, retries: 1}
    ssh: {port: $SSH_PORT, username: $LAB_SSH_USER, key_file: $LAB_SSH_KEY, known_hosts: $LAB_KNOWN_HOSTS, timeout_ms: 10000}
YAML
	SWI_COMM=$DEV timeout 120 "$SWINSPECT" collect --config "$SCRATCH/config.yaml" \
		-i "$SCRATCH/inv-$1.yaml" -o "$SCRATCH/out-$1" >"$SCRATCH/log-$1" 2>&1
	F="$SCRATCH/out-$1/devices/$1/facts.json"
}

# Every list: no two entries the same object (normalised name, entity).
no_duplicates() {
	"$PYTHON3" - "$1" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
ABBR = [("tengigabitethernet", "te"), ("gigabitethernet", "gi"),
        ("fastethernet", "fa"), ("vlan", "vl")]
def norm(n):
    n = re.sub(r"\s+", " ", str(n).strip().lower())
    for full, ab in ABBR:
        if n.startswith(full):
            return ab + n[len(full):]
    return n
bad = 0
def walk(path, lst, key):
    global bad
    seen = {}
    for e in lst:
        for k in (key, "entity", "index"):
            if k in e:
                v = (k, norm(e[k]) if k == key else e[k])
                if v in seen:
                    print("duplicate in %s: %r" % (path, v)); bad += 1
                seen[v] = 1
for path, key in [("environment.fans", "name"), ("environment.temperatures", "name"),
                  ("environment.power_supplies", "name"), ("hardware.modules", "name"),
                  ("hardware.transceivers", "port"), ("interfaces", "name")]:
    cur = d
    for p in path.split("."):
        cur = cur.get(p, {}) if isinstance(cur, dict) else {}
    walk(path, cur or [], key)
sys.exit(1 if bad else 0)
PY
}

collect own test-c2960x
check "own profile: snmp ok" [ "$(json_get "$F" "d['sources']['snmp']['status']")" = ok ]
check "own profile: ssh ok, profile named" \
	[ "$(json_get "$F" "d['sources']['ssh']['status']+'/'+d['sources']['ssh']['profile']")" = ok/test-c2960x ]
check "own profile: the optional command the device refuses is absent, not failed" \
	[ "$(json_get "$F" "any('show no-such-thing' in a for a in d['sources']['ssh'].get('absent',[]))")" = True ]
check "own profile: nothing listed twice" no_duplicates "$F"
check "own profile: 8 interfaces, as SNMP has them" \
	[ "$(json_get "$F" "len(d['interfaces'])")" = 8 ]
check "own profile: Gi1/0/2 has SNMP's counters and the CLI's description as evidence" \
	[ "$(json_get "$F" "[(i['crc'], i['src']['alias']) for i in d['interfaces'] if i['name']=='Gi1/0/2'][0]")" = \
	  "(16569, 'snmp:1.3.6.1.2.1.31.1.1.1.18.10102 (also ssh:show running-config: PRINTER-3F-02)')" ]
check "own profile: Gi1/0/48's shutdown seen by both (admin down)" \
	[ "$(json_get "$F" "[i['admin']+' '+str('ssh:show running-config' in i['src']['admin']) for i in d['interfaces'] if i['name']=='Gi1/0/48'][0]")" = "down True" ]
check "own profile: one fan, SNMP's name, the CLI's as evidence" \
	[ "$(json_get "$F" "[f['name']+'|'+f['src']['name'] for f in d['environment']['fans']]")" = \
	  '["Switch#1, Fan#1|snmp:1.3.6.1.4.1.9.9.13.1.4.1.2.1007 (also ssh:show environment all: Fan)"]' ]
check "own profile: the temperature gets the CLI's warning threshold (SNMP gave none)" \
	[ "$(json_get "$F" "[(t['high'], t['src']['high']) for t in d['environment']['temperatures']]")" = \
	  '[[54, "ssh:show environment all"]]' ]
check "own profile: module 1 merged by name, its serial from both" \
	[ "$(json_get "$F" "[m['src']['serial'] for m in d['hardware']['modules'] if m['name']=='1'][0]")" = \
	  "snmp:1.3.6.1.2.1.47.1.1.1.1.11.1001 (also ssh:show inventory: FOC2231W0QZ)" ]
check "own profile: one transceiver, the CLI's part added" \
	[ "$(json_get "$F" "[(x['part'], x['temp_c']) for x in d['hardware']['transceivers']]")" = \
	  '[["SFP-10G-SR", 31.2]]' ]
check "own profile: uptime from both, the more precise kept" \
	[ "$(json_get "$F" "d['system']['src']['uptime_s'].startswith('snmp:1.3.6.1.2.1.1.3.0 (also ssh:show version: ')")" = True ]
check "own profile: the facts are schema-valid" validate_facts "$SCRATCH/out-own"

collect auto auto
check "shipped profiles: recognised from the SNMP identity" \
	[ "$(json_get "$F" "d['sources']['ssh']['profile']")" = cisco-ios ]
check "shipped profiles: nothing listed twice" no_duplicates "$F"
check "shipped profiles: both sources recorded" \
	[ "$(json_get "$F" "sorted(d['sources'])")" = '["snmp", "ssh"]' ]
check "shipped profiles: the facts are schema-valid" validate_facts "$SCRATCH/out-auto"
grep -i "error\|warning: \[profile" "$SCRATCH/log-own" "$SCRATCH/log-auto" | head -5
finish
