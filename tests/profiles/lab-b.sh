#!/bin/sh
# The Huawei, H3C and Inspur vendor profiles end to end against the lab:
# each emulated device (tests/lab/cli/) is inspected through the real sshd
# with `swinspect collect`, SSH only, then SNMP and SSH together where a
# recording of the same name exists (tests/lab/snmprec/).  Checks that the
# profile was recognised from the device's own banner, that the facts
# validate against the facts schema, specific facts of each device (serial,
# environment with the device's thresholds, load, configuration flags,
# patches, alarms, log counts), that no secret of the lab configurations is
# written anywhere, and that with both sources nothing is listed twice.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
"$SWINSPECT" profiles list >/dev/null 2>&1 ||
	skip "this swinspect has no profile engine ('swinspect profiles list')"
lab_start

# name|profile|snmprec community ("-": CLI only)
DEVICES="huawei-vrp-s5720|huawei-vrp|huawei-vrp-s5720
huawei-vrp-s5720-fanfail|huawei-vrp|huawei-vrp-s5720-fanfail
h3c-comware-s6850|h3c-comware|h3c-comware-s6850
inspur-cn8696|inspur-cn|inspur-cn8696
inspur-s5350|inspur-s-centec|inspur-s5350
inspur-s6650|inspur-s-ioslike|-
inspur-s6550|inspur-s-raisecom|-"

# collect NAME MODE(ssh|both) COMMUNITY -> $OUT, the facts in $F
collect() {
	name=$1 mode=$2 comm=$3
	port=$(eval "printf '%s' \"\${$(printf 'LAB_SSHD_PORT_%s' "$(printf '%s' "$name" | tr 'a-z-' 'A-Z_')")}\"")
	OUT="$SCRATCH/out-$name-$mode"
	if [ "$mode" = both ]; then
		snmp="{version: 2c, port: $LAB_SNMPSIM_PORT, community_env: SWI_LAB_COMM, timeout_ms: 2000, retries: 1}"
	else
		snmp=false
	fi
	cat >"$SCRATCH/inv-$name-$mode.yaml" <<YAML
devices:
  - name: $name
    address: 127.0.0.1
    snmp: $snmp
    ssh: {port: $port, username: $LAB_SSH_USER, key_file: $LAB_SSH_KEY, known_hosts: $LAB_KNOWN_HOSTS, timeout_ms: 20000}
YAML
	SWI_LAB_COMM=$comm timeout 180 "$SWINSPECT" collect -i "$SCRATCH/inv-$name-$mode.yaml" \
		-o "$OUT" >"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
	F="$OUT/devices/$name/facts.json"
	if [ ! -s "$F" ]; then
		fail "$name ($mode): no facts.json"
		sed -n '1,20p' "$SCRATCH/stderr"
		return 1
	fi
	return 0
}

# is NAME DESC EXPR EXPECTED: the Python expression EXPR over the facts
# ($F as `d`) equals the Python literal EXPECTED (tuples and lists alike)
is() {
	got=$("$PYTHON3" -W ignore - "$F" "$3" "$4" <<'PY' 2>&1
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
def norm(v):
    return json.dumps(json.loads(json.dumps(v)), sort_keys=True)
try:
    got = eval(sys.argv[2])
except Exception as e:
    print(f"{type(e).__name__}: {e}"); sys.exit(1)
try:
    want = eval(sys.argv[3])
except Exception:
    want = sys.argv[3]
print("same" if norm(got) == norm(want) else repr(got))
PY
)
	if [ "$got" = same ]; then ok "$1: $2"; else fail "$1: $2 (got $got, expected $4)"; fi
}

# The same object must not be listed twice (names compared as the merge
# compares them: case-insensitive, blanks collapsed).
no_duplicates() {
	dups=$("$PYTHON3" - "$F" <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
def norm(s): return re.sub(r"\s+", " ", str(s)).strip().lower()
out = []
env = d.get("environment", {})
for key in ("fans", "power_supplies", "temperatures", "voltages"):
    names = [norm(x.get("name")) for x in env.get(key, [])]
    out += [f"{key}:{n}" for n in set(names) if names.count(n) > 1]
for key, field in (("interfaces", "name"),):
    names = [norm(x.get(field)) for x in d.get(key, [])]
    out += [f"{key}:{n}" for n in set(names) if names.count(n) > 1]
tr = [norm(x.get("port")) for x in d.get("hardware", {}).get("transceivers", [])]
out += [f"transceivers:{n}" for n in set(tr) if tr.count(n) > 1]
print(" ".join(sorted(out)))
PY
)
	check "$1: nothing listed twice${dups:+ ($dups)}" [ -z "$dups" ]
}

# count NAME PATH: the number of entries of a list of $F
count() { json_get "$F" "len($2)" 2>/dev/null; }

common_checks() { # NAME MODE PROFILE
	st=$(json_get "$F" "d['sources']['ssh']['status']" 2>/dev/null)
	check "$1 ($2): the SSH session is collected (status '$st')" [ "$st" = ok ]
	is "$1 ($2)" "recognised as $3" "d['sources']['ssh'].get('profile')" "$3"
	check "$1 ($2): facts validate against the schema" validate_facts "$(dirname "$F")"
	leaked=$(grep -rl 'Lab0nly' "$OUT" 2>/dev/null | head -3)
	check "$1 ($2): no secret of the lab configuration is written${leaked:+ ($leaked)}" [ -z "$leaked" ]
}

huawei_checks() { # NAME MODE FANFAIL
	n="$1 ($2)"
	is "$n" "serial from display esn" "d['system']['serial']" 2102350DLS10K8000417
	is "$n" "host name from the configuration" "d['system']['hostname']" AGG-S5720-01
	is "$n" "release (the CLI's product version or SNMP's)" \
		"d['system']['os']['version'] in ('S5720 V200R011C10SPC600', 'V200R011C10SPC600')" True
	is "$n" "patch" "d['system']['os'].get('patch')" V200R011SPH011
	is "$n" "two power supply bays, PWR2 absent" \
		"sorted((p['name'], p['status']) for p in d['environment']['power_supplies'])" \
		"[('PWR1', 'ok'), ('PWR2', 'absent')]"
	is "$n" "MPU temperature 44 C with its 68 C threshold" \
		"[(t['celsius'], t['high']) for t in d['environment']['temperatures'] if t['name']=='MPU Board 0']" \
		"[(44, 68)]"
	is "$n" "CPU load" "d['environment']['cpu']['load_pct']" 11
	is "$n" "memory used" "d['environment']['memory']['used_pct']" 41
	if [ "$3" = fanfail ]; then
		is "$n" "fan 2 failed" \
			"[f['status'] for f in d['environment']['fans'] if 'Slot 0 Fan 2' in (f['name'], f['src']['name'].split(': ')[-1].rstrip(')'))]" "['failed']"
		is "$n" "the fan alarm is active" \
			"[a['severity'] for a in d['alarms'] if a['id']=='hwFanInvalid']" "['major']"
	else
		is "$n" "fans normal" "sorted(set(f['status'] for f in d['environment']['fans']))" "['ok']"
	fi
	is "$n" "transceiver Rx below its own low warning" \
		"[(t['rx_dbm'], t['rx_dbm_low_warn'], t['rx_dbm_low_alarm']) for t in d['hardware']['transceivers'] if t['port']=='XGigabitEthernet0/0/2']" \
		"[(-15.62, -14.4, -16.4)]"
	is "$n" "telnet off by the release's default, SSH on" \
		"(d['config']['telnet_enabled'], d['config']['ssh_enabled'])" "(False, True)"
	is "$n" "NTP servers" "d['config']['ntp_servers']" '["10.10.0.1", "10.10.0.2"]'
	is "$n" "syslog hosts" "d['config']['syslog_servers']" '["10.10.0.30", "10.10.0.31"]'
	is "$n" "two communities in cipher form, one read-write" \
		"sorted((c['name'], c['rw']) for c in d['config']['snmp']['communities'])" \
		"[('<redacted>', False), ('<redacted>', True)]"
	is "$n" "unsaved changes (compare configuration)" "d['config']['saved']" False
	is "$n" "vty idle-timeout" "d['config']['exec_timeout_s']" 900
	is "$n" "log counts by severity" "d['logs']['by_severity']['error']" 9
	is "$n" "stack member 0 with its serial" \
		"[(m['id'], m['role'], m.get('serial')) for m in d['stack']['members']]" \
		"[(0, 'active', '2102350DLS10K8000417')]"
}

comware_checks() {
	n="$1 ($2)"
	is "$n" "serial from manuinfo" "d['system']['serial']" 210235A2SNH213000082
	is "$n" "host name" "d['system']['hostname']" DC2-S6850-LEAF-03
	is "$n" "version" "d['system']['os']['version']" "7.1.070, Release 6710"
	is "$n" "four fans normal" "sorted((f['name'], f['status']) for f in d['environment']['fans'])" \
		"[('Fan 1', 'ok'), ('Fan 2', 'ok'), ('Fan 3', 'ok'), ('Fan 4', 'ok')]"
	is "$n" "two power supplies" "len(d['environment']['power_supplies'])" 2
	is "$n" "hotspot 2 with warning and alarm limits" \
		"[(t['celsius'], t['high'], t['critical']) for t in d['environment']['temperatures'] if t['name']=='hotspot 2']" \
		"[(47, 85, 95)]"
	is "$n" "memory used" "d['environment']['memory']['used_pct']" 46
	is "$n" "telnet and HTTP configured on" \
		"(d['config']['telnet_enabled'], d['config']['http_enabled'])" "(True, True)"
	is "$n" "well-known community flagged, rw community not" \
		"sorted((c['default'], c['rw']) for c in d['config']['snmp']['communities'])" \
		"[(False, True), (True, False)]"
	is "$n" "NTP unsynchronised" "d['config']['ntp_synchronized']" False
	is "$n" "vty idle-timeout 30 min" "d['config']['exec_timeout_s']" 1800
	is "$n" "duplex and CRC of Twenty-FiveGigE1/0/2" \
		"[(i['duplex'], i['crc']) for i in d['interfaces'] if i['name']=='Twenty-FiveGigE1/0/2']" "[('full', 0)]"
	is "$n" "the active alarm" "len(d['alarms'])" 1
	is "$n" "two optics; Twenty-FiveGigE1/0/2's Rx below its low alarm" \
		"sorted((t['port'], t['rx_dbm'], t['rx_dbm_low_alarm'], t['temp_c_high_alarm']) for t in d['hardware']['transceivers'])" \
		"[('Twenty-FiveGigE1/0/1', -2.14, -13.9, 73), ('Twenty-FiveGigE1/0/2', -15.36, -13.9, 73)]"
	is "$n" "configuration saved (display diff: headers, no hunk)" "d['config']['saved']" True
	is "$n" "saved comes from display diff" \
		"d['config']['src']['saved'].split(' (also')[0]" "ssh:display diff current-configuration startup-configuration"
}

cn_checks() {
	n="$1 ($2)"
	is "$n" "serial" "d['system']['serial']" INS2135A0K7
	is "$n" "version" "d['system']['os']['version']" "9.2(2)"
	is "$n" "host name" "d['system']['hostname']" cn8696-leaf-01
	is "$n" "ASIC temperature with minor/major thresholds" \
		"[(t['celsius'], t['high'], t['critical']) for t in d['environment']['temperatures'] if t['name'].endswith('ASIC')]" \
		"[(58, 100, 110)]"
	is "$n" "two power supplies ok" "sorted(set(p['status'] for p in d['environment']['power_supplies']))" "['ok']"
	is "$n" "telnet feature enabled" "d['config']['telnet_enabled']" True
	is "$n" "NTP servers" "d['config']['ntp_servers']" '["10.20.0.1", "10.20.0.2"]'
	is "$n" "vty exec-timeout" "d['config']['exec_timeout_s']" 900
	# show interface (NX-OS layout): each port once, with SNMP too (the
	# IF-MIB's ifName is the CLI's name)
	is "$n" "five interfaces, each once" "sorted(i['name'] for i in d['interfaces'])" \
		"['Ethernet1/1', 'Ethernet1/2', 'Ethernet1/96', 'Ethernet1/97', 'mgmt0']"
	is "$n" "Ethernet1/2's CRC errors, the CLI's kept or as evidence next to SNMP's" \
		"[(i['crc'], 'ssh:show interface' in i['src']['crc']) for i in d['interfaces'] if i['name']=='Ethernet1/2']" \
		"[(214, True)]"
	is "$n" "Ethernet1/96 administratively down" \
		"[(i['admin'], i['oper']) for i in d['interfaces'] if i['name']=='Ethernet1/96']" "[('down', 'down')]"
	is "$n" "Ethernet1/97 at 100 Gb/s, full duplex" \
		"[(i['speed_bps'], i['duplex']) for i in d['interfaces'] if i['name']=='Ethernet1/97']" \
		"[(100000000000, 'full')]"
}

s5350_checks() {
	n="$1 ($2)"
	is "$n" "serial" "d['system']['serial']" INS5350210901273
	is "$n" "version" "d['system']['os']['version']" 6.2.27.R1.07
	is "$n" "CPU temperature with its alarm limits" \
		"[(t['celsius'], t['high'], t['critical']) for t in d['environment']['temperatures'] if 'CPU' in t['name']]" \
		"[(47, 80, 90)]"
	is "$n" "two fans ok" "sorted(set(f['status'] for f in d['environment']['fans']))" "['ok']"
	is "$n" "memory total" "d['environment']['memory']['total_bytes']" 2101587968
	# show interface (assumed Centec CNOS layout): named as IF-MIB's
	# ifName, so each port once with SNMP too
	is "$n" "four ports (and SNMP's vlan1 with SNMP), each once" \
		"sorted(i['name'] for i in d['interfaces'] if i['name'].startswith('eth-'))" \
		"['eth-0-1', 'eth-0-2', 'eth-0-48', 'eth-0-49']"
	is "$n" "eth-0-48 enabled without link, duplex unknown; eth-0-49 at 10 Gb/s full duplex" \
		"[(i['name'], i['admin'], i['oper'], i.get('duplex')) for i in d['interfaces'] if i['name'] in ('eth-0-48', 'eth-0-49')] + [i['speed_bps'] for i in d['interfaces'] if i['name']=='eth-0-49']" \
		"[('eth-0-48', 'up', 'down', 'unknown'), ('eth-0-49', 'up', 'up', 'full'), 10000000000]"
	is "$n" "eth-0-49's MAC, octets and CRC, the CLI's kept or as evidence" \
		"[(i['mac'], i['in_octets'], i['crc'], 'ssh:show interface' in i['src']['crc']) for i in d['interfaces'] if i['name']=='eth-0-49']" \
		"[('d0:c5:f3:88:1a:31', 4029384771234, 0, True)]"
	if [ "$2" = ssh ]; then
		is "$n" "eth-0-49's description; no speed for eth-0-48 (Speed - auto), no MTU from the frame size" \
			"[i['description'] for i in d['interfaces'] if i['name']=='eth-0-49'] + [(i.get('speed_bps'), i.get('mtu')) for i in d['interfaces'] if i['name']=='eth-0-48']" \
			"['uplink', (None, None)]"
	fi
	is "$n" "configuration saved: only the header differs (show running-config vs show startup-config)" \
		"(d['config']['saved'], d['config']['src']['saved'])" "(True, 'ssh:show running-config vs show startup-config')"
}

s6650_checks() {
	n="$1 ($2)"
	is "$n" "serial" "d['system']['serial']" INS6650A22070019
	is "$n" "inlet temperature with yellow/red thresholds" \
		"sorted((t['name'], t['celsius'], t['high'], t['critical']) for t in d['environment']['temperatures'])" \
		"[('Unit 1 Inlet', 29, 45, 55), ('Unit 2 Inlet', 31, 45, 55)]"
	is "$n" "unit 1 PSU 2 without input" "[p['status'] for p in d['environment']['power_supplies'] if p['name']=='Unit 1 Power 2']" "['unpowered']"
	is "$n" "stack of two with serials" "[(m['id'], m['role'], m['serial']) for m in d['stack']['members']]" \
		"[(1, 'active', 'INS6650A22070019'), (2, 'standby', 'INS6650A22070027')]"
	is "$n" "telnet off, SSH and HTTP on" \
		"(d['config']['telnet_enabled'], d['config']['ssh_enabled'], d['config']['http_enabled'])" "(False, True, True)"
	is "$n" "CPU load (5 min)" "d['environment']['cpu']['load_5min_pct']" 7
	# show interfaces (assumed IOS layout, read by the IOS template)
	is "$n" "three ports, Te1/0/1 with CRC errors and drops" \
		"[(i['name'], i['oper'], i['crc'], i['in_errors'], i['in_discards'], i['out_discards']) for i in d['interfaces']]" \
		"[('TenGigabitEthernet1/0/1', 'up', 57, 57, 12, 340), ('TenGigabitEthernet1/0/2', 'down', 0, 0, 0, 0), ('TenGigabitEthernet2/0/1', 'up', 0, 0, 0, 0)]"
	is "$n" "Te1/0/2 administratively down; Te2/0/1 10 Gb/s full, MTU 9216" \
		"[(i['admin'], i.get('speed_bps'), i['duplex'], i['mtu']) for i in d['interfaces'] if i['name'] != 'TenGigabitEthernet1/0/1']" \
		"[('down', None, 'unknown', 1500), ('up', 10000000000, 'full', 9216)]"
	is "$n" "configuration saved: only the headers differ (show running-config vs show startup-config)" \
		"(d['config']['saved'], d['config']['src']['saved'])" "(True, 'ssh:show running-config vs show startup-config')"
	# show ntp status, show inventory, show interfaces transceiver detail
	# (assumed IOS layouts, read by the IOS templates)
	is "$n" "NTP synchronised (show ntp status)" \
		"(d['config']['ntp_synchronized'], d['config']['src']['ntp_synchronized'])" "(True, 'ssh:show ntp status')"
	is "$n" "stack member 2 with its serial (show inventory)" \
		"[(m['class'], m['model'], m['serial']) for m in d['hardware']['modules'] if m['name']=='Switch 2']" \
		"[('stack_member', 'S6650-48XS6CQ', 'INS6650A22070027')]"
	is "$n" "a power supply's serial (show inventory)" \
		"[(m['class'], m['serial']) for m in d['hardware']['modules'] if m['name']=='Switch 1 - Power Supply 2']" \
		"[('psu', 'INSPSA2207A114')]"
	is "$n" "two optics; Te2/0/1 receives -13.2 dBm, below its -12.0 warning (flag dropped)" \
		"[(t['port'], t['rx_dbm'], t['rx_dbm_low_warn'], t['rx_dbm_low_alarm']) for t in d['hardware']['transceivers']]" \
		"[('Te1/0/1', -4.6, -9.9, -13.9), ('Te2/0/1', -13.2, -12, -14.4)]"
	is "$n" "Te1/0/1's optic temperature and bias" \
		"[(t['temp_c'], t['bias_ma']) for t in d['hardware']['transceivers'] if t['port']=='Te1/0/1']" "[(33.5, 7.1)]"
}

s6550_checks() {
	n="$1 ($2)"
	is "$n" "serial" "d['system']['serial']" INS6550B21110042
	is "$n" "version" "d['system']['os']['version']" 3.60.1
	is "$n" "fan 3 failed" "[f['status'] for f in d['environment']['fans'] if f['name'].endswith('3')]" "['failed']"
	is "$n" "board temperature with its limits" \
		"[(t['celsius'], t['high']) for t in d['environment']['temperatures']][:1]" "[(41, 75)]"
	is "$n" "memory used" "d['environment']['memory']['used_pct']" 38
	is "$n" "the well-known rw community flagged" \
		"sorted((c['default'], c['rw']) for c in d['config']['snmp']['communities'])" "[(False, False), (True, True)]"
	is "$n" "a critical log message" "d['logs']['by_severity']['critical']" 1
	# show interface port + statistics (assumed Raisecom ROS layouts):
	# one entry per port, the counters merged into the table's entry
	is "$n" "five ports, each once, with state, speed and duplex" \
		"[(i['name'], i['admin'], i['oper'], i.get('speed_bps'), i['duplex']) for i in d['interfaces']]" \
		"[('1', 'up', 'up', 10000000000, 'full'), ('2', 'up', 'up', 10000000000, 'full'), ('3', 'up', 'down', None, 'unknown'), ('4', 'down', 'down', None, 'unknown'), ('25', 'up', 'up', 100000000000, 'full')]"
	is "$n" "port 2's CRC and input errors, discards, from the statistics" \
		"[(i['crc'], i['in_errors'], i['in_discards'], i['out_discards'], i['src']['crc']) for i in d['interfaces'] if i['name']=='2']" \
		"[(1284, 1284, 17, 3, 'ssh:show interface port statistics')]"
	is "$n" "a description with blanks kept" \
		"[i['description'] for i in d['interfaces'] if i['name']=='25']" "['core uplink A']"
	is "$n" "configuration unsaved: the startup copy has another logging host (show running-config vs show startup-config)" \
		"(d['config']['saved'], d['config']['src']['saved'])" "(False, 'ssh:show running-config vs show startup-config')"
}

printf '%s\n' "$DEVICES" | while IFS='|' read -r name profile comm; do
	case " $LAB_SSHD_DEVICES " in
	*" $name:"*) ;;
	*) fail "$name: the lab serves no such CLI device"; continue ;;
	esac
	modes=ssh
	[ "$comm" != - ] && modes="ssh both"
	for mode in $modes; do
		collect "$name" "$mode" "$comm" || continue
		common_checks "$name" "$mode" "$profile"
		printf 'info: %s (%s): ssh %s ms, %s commands\n' "$name" "$mode" \
			"$(json_get "$F" "d['sources']['ssh'].get('elapsed_ms')" 2>/dev/null)" \
			"$(json_get "$OUT/devices/$name/raw/ssh.json" "len(d['commands'])" 2>/dev/null)"
		case $name in
		huawei-vrp-s5720) huawei_checks "$name" "$mode" ;;
		huawei-vrp-s5720-fanfail) huawei_checks "$name" "$mode" fanfail ;;
		h3c-comware-s6850) comware_checks "$name" "$mode" ;;
		inspur-cn8696) cn_checks "$name" "$mode" ;;
		inspur-s5350) s5350_checks "$name" "$mode" ;;
		inspur-s6650) s6650_checks "$name" "$mode" ;;
		inspur-s6550) s6550_checks "$name" "$mode" ;;
		esac
		if [ "$mode" = both ]; then
			st=$(json_get "$F" "d['sources']['snmp']['status']" 2>/dev/null)
			check "$name (both): SNMP collected too (status '$st')" [ "$st" = ok ]
			no_duplicates "$name (both)"
			# the SSH-only run's lists are not longer with SNMP added:
			# each object once, however the two sources name it (the
			# Huawei fans by slot and bay, display fan counting from 1
			# and hwEntityFanSn from 0; the S5350's fans by the fan
			# entity holding each speed sensor)
			lists="fans power_supplies temperatures"
			case $name in
			huawei-vrp-*)
				is "$name (both)" "fans paired by slot and bay, display fan's name as evidence" \
					"sorted((f['slot'], f['position'], f['src']['name'].split(' (also ')[1]) for f in d['environment']['fans'])" \
					"[(0, 0, 'ssh:display fan: Slot 0 Fan 1)'), (0, 1, 'ssh:display fan: Slot 0 Fan 2)')]" ;;
			inspur-s5350)
				is "$name (both)" "fans named after the fan entity holding the speed sensor, rpm and percentage together" \
					"sorted((f['name'], f['entity'], f['rpm'], f['speed_pct']) for f in d['environment']['fans'])" \
					"[('Fan1', 7, 6120, 42), ('Fan2', 8, 6090, 42)]" ;;
			esac
			if [ "$name" = huawei-vrp-s5720-fanfail ]; then
				is "$name (both)" "the failed fan is one entry, failed by both sources" \
					"[(f['status'], f['speed_pct']) for f in d['environment']['fans'] if f['position']==1]" "[('failed', 0)]"
			fi
			for l in $lists; do
				both=$(count "$name" "d['environment'].get('$l',[])")
				one=$(json_get "$SCRATCH/out-$name-ssh/devices/$name/facts.json" \
					"len(d['environment'].get('$l',[]))" 2>/dev/null)
				check "$name (both): $l not duplicated ($both with SNMP, $one from SSH)" \
					[ "${both:-x}" = "${one:-y}" ]
			done
		fi
	done
	echo "$checks $failures" >"$SCRATCH/counts"
done
[ -f "$SCRATCH/counts" ] && read -r checks failures <"$SCRATCH/counts"
finish
