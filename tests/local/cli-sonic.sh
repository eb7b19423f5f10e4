#!/bin/sh
# `swinspect run --local` on a SONiC box: the NOS's own CLI (`show`) run on
# the box through the sonic profile, merged with what the kernel's files say.
#
# The box (tests/local/sonic-box.sh): the sonic-as7326 fixture tree (hwmon
# sensors with alarms and faults, PMBus supplies, front-panel ports) made
# the lab's SONiC switch, and a `show` on PATH answering as that switch
# does (the lab's CLI emulator).  Here `show platform syseeprom` (optional
# in the profile) and `show interfaces counters` are missing, and `show
# logging` hangs (with a helper process).
#
# Asserted: PSU and fan verdicts, temperatures, transceiver DOM, version,
# NTP and configuration facts from the CLI (src cli:...), voltages and
# storage from the kernel (src local:...), one entry per object (the
# platform's lists kept; hwmon's package sensor merged into the platform's),
# eth0 not taken for Ethernet0, the hang timed out and killed with its
# helper, the missing commands reported (absent / failed), the run going on
# to the report, the evidence (raw/cli.json, raw/<command>.txt,
# raw/local.txt), schema-valid facts; and without `show` on PATH the CLI is
# skipped and the kernel's supplies are listed.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/local/sonic-box.sh"
scratch
SONIC_BOX_HANG=logging sonic_box "$SCRATCH"
tree="$SCRATCH/tree"
host=$BOX_HOST
ver=$BOX_VERSION
rm -f "$SCRATCH/device/show_platform_syseeprom.txt" "$SCRATCH/device/show_interfaces_counters.txt"

out="$SCRATCH/out"
t0=$(date +%s)
PATH="$SCRATCH/bin:$PATH" "$SWINSPECT" run --local --root "$tree" -o "$out" \
	--command-timeout 3 >"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
rc=$?
t1=$(date +%s)
check "run --local on the SONiC box exits 0 (got $rc)" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || cat "$SCRATCH/stderr"
check "the hung command cost its 3 s limit, not more ($((t1 - t0)) s in all)" [ $((t1 - t0)) -lt 25 ]
sleep 0.2
check "the hung command's helper was killed with it" sh -c '! pgrep -f "sleep 601[7]" >/dev/null'
facts="$out/devices/$host/facts.json"
check "facts under devices/$host/" [ -s "$facts" ]
check "report.json and report.html written" [ -s "$out/report.json" -a -s "$out/report.html" ]
check "facts schema-valid" validate_facts "$facts"
raw="$out/devices/$host/raw"
check "evidence: raw/cli.json, raw/local.txt, raw/show_platform_psustatus.txt" \
	[ -s "$raw/cli.json" -a -s "$raw/local.txt" -a -s "$raw/show_platform_psustatus.txt" ]
check "the SNMP community of the configuration stays out of the evidence" \
	sh -c "! grep -rq labro-sonic '$out'"

"$PYTHON3" - "$facts" "$raw/cli.json" "$ver" <<'PY' >"$SCRATCH/py" 2>&1
import json, sys
f = json.load(open(sys.argv[1]))
idx = json.load(open(sys.argv[2]))
ver = sys.argv[3]
fails = 0
def chk(ok, what):
    global fails
    print(("ok: " if ok else "FAIL: ") + what)
    fails += 0 if ok else 1
def names(lst):
    return [e.get("name", e.get("port")) for e in lst]
env = f["environment"]
cli = f["sources"]["cli"]
chk(cli["status"] == "partial" and cli.get("profile") == "sonic", "sources.cli partial, profile sonic: %s" % cli)
failed = {x["what"]: x for x in cli.get("failed", [])}
lg = failed.get("show logging", {})
chk(lg.get("status") == "timeout" and "killed" in lg.get("error", ""), "show logging timed out and killed: %s" % lg)
ic = failed.get("show interfaces counters", {})
chk(ic.get("status") == "error" and "No such command" in ic.get("error", ""), "show interfaces counters missing, reported: %s" % ic)
chk(any("show platform syseeprom: not supported" in a for a in cli.get("absent", [])), "optional show platform syseeprom absent: %s" % cli.get("absent"))
st = {c["command"]: c["status"] for c in idx["commands"]}
chk(st.get("show logging") == "timeout" and st.get("show platform psustatus") == "ok" and st.get("show platform syseeprom") == "refused",
    "raw/cli.json indexes every command with its outcome: %s" % st)
chk(all(c["argv"][0].endswith("/show") for c in idx["commands"]), "argv[0] is the show found on PATH")
for k in ("temperatures", "fans", "power_supplies", "voltages"):
    n = names(env.get(k, []))
    chk(len(n) == len(set(n)), "no %s listed twice: %s" % (k, n))
for k, v in (("interfaces", f["interfaces"]), ("transceivers", f["hardware"]["transceivers"]), ("storage", f["hardware"]["storage"])):
    n = names(v)
    chk(len(n) == len(set(n)), "no %s listed twice" % k)
psu = {e["name"]: e for e in env["power_supplies"]}
chk(sorted(psu) == ["PSU 1", "PSU 2"], "PSUs are STATE_DB's two: %s" % sorted(psu))
chk(all(p["status"] == "ok" and p["src"]["status"] == "cli:show platform psustatus" for p in psu.values()), "PSU verdicts from show platform psustatus")
chk(psu["PSU 2"].get("watts") == 112 and psu["PSU 2"].get("serial") == "FSF0462020913", "PSU 2 watts and serial")
fan = {e["name"]: e for e in env["fans"]}
chk(len(fan) == 8 and fan["FAN-2F"]["speed_pct"] == 42 and all(x["status"] == "ok" for x in fan.values()), "8 fans from show platform fan, verdicts ok")
chk(all(x["src"]["status"] == "cli:show platform fan" for x in fan.values()), "fan verdicts' src is show platform fan")
tmp = {e["name"]: e for e in env["temperatures"]}
chk(sorted(tmp) == ["CPU Package Temp", "Temp sensor 1", "Temp sensor 2", "Temp sensor 3"], "temperatures: the platform's four: %s" % sorted(tmp))
pk = tmp["CPU Package Temp"]
chk(pk["celsius"] == 44 and pk["high"] == 82 and "local:/sys/class/hwmon/hwmon0/temp1_input" in pk["src"]["celsius"],
    "hwmon's labelled package sensor merged into the platform's (src %s)" % pk["src"]["celsius"])
volt = {e["name"]: e for e in env["voltages"]}
chk(volt.get("it8728 in0", {}).get("status") == "warning" and volt.get("dps460 (13-0059) vin", {}).get("status") == "failed",
    "voltages from hwmon (no CLI list): in0 warning, the unpowered supply's vin failed")
chk(all(v["src"]["volts"].startswith("local:/sys/class/hwmon/") for v in volt.values() if "volts" in v), "voltages' src is hwmon")
notes = " ".join(f["sources"]["local"].get("absent", []))
chk("coretemp Core 1 (failed)" in notes and "max31790 fan3 (failed)" in notes and "dps460 (13-0059) (unpowered)" in notes,
    "the kernel's own verdicts of what is not listed are noted in sources.local")
x = {t["port"]: t for t in f["hardware"]["transceivers"]}
e0 = x.get("Ethernet0", {})
chk(e0.get("rx_dbm") == -2.1531 and e0.get("tx_dbm") == -1.1744 and e0.get("bias_ma") == 7.12 and e0.get("temp_c") == 34.25
    and e0.get("volts") == 3.3021 and e0.get("rx_dbm_low_alarm") == -13.9794 and e0.get("vendor") == "FINISAR CORP.",
    "Ethernet0's optic and DOM from show interfaces transceiver eeprom --dom")
chk(sorted(x) == ["Ethernet0"], "empty cages give no transceiver: %s" % sorted(x))
os_ = f["system"]["os"]
chk(os_["version"] == ver and os_["src"]["version"].startswith("cli:show version") and "local:/etc/sonic/sonic_version.yml" in os_["src"]["version"],
    "version %s from show version, sonic_version.yml agreeing" % ver)
chk(f["system"]["serial"] == "EC2045001234", "serial from show version")
cfg = f["config"]
chk(cfg.get("ntp_synchronized") is True and cfg.get("ntp_servers") == ["192.0.2.123", "192.0.2.124"], "NTP from show ntp / running configuration")
chk(cfg.get("telnet_enabled") is False and cfg.get("aaa") is True, "telnet off, AAA on")
chk(all(c["name"].startswith("<redacted") for c in cfg["snmp"]["communities"]), "SNMP community redacted")
ifs = {i["name"]: i for i in f["interfaces"]}
chk("eth0" in ifs and "Ethernet0" in ifs, "eth0 and Ethernet0 both listed (Linux names are exact)")
e = ifs["Ethernet0"]
chk(e["src"]["admin"].startswith("cli:show interfaces status") and e["speed_bps"] == 25000000000, "Ethernet0 from show interfaces status")
chk("crc" not in e and "in_octets" not in e and "index" not in e, "the kernel's CPU-path counters of a listed port are not used")
chk("Ethernet4" in ifs and ifs["Ethernet4"]["src"]["oper"].startswith("local:"), "a port only the kernel has stays, from the kernel")
chk(env["memory"]["total_bytes"] > 0 and f["hardware"]["storage"], "memory and storage present")
sys.exit(1 if fails else 0)
PY
prc=$?
cat "$SCRATCH/py"
checks=$((checks + $(grep -c '^ok: ' "$SCRATCH/py") + $(grep -c '^FAIL: ' "$SCRATCH/py")))
failures=$((failures + $(grep -c '^FAIL: ' "$SCRATCH/py")))
[ "$prc" -le 1 ] || fail "checker crashed (exit $prc)"

# without `show` on PATH: the CLI is skipped, the kernel's view is whole
out2="$SCRATCH/out2"
"$SWINSPECT" collect --local --root "$tree" -o "$out2" >/dev/null 2>&1
f2="$out2/devices/$host/facts.json"
check "no show on PATH: sources.cli skipped, saying why" \
	[ "$(json_get "$f2" 'd["sources"]["cli"]["status"] + "|" + d["sources"]["cli"]["error"]')" = "skipped|SONiC, but no 'show' on PATH" ]
check "no show on PATH: the kernel's PMBus supplies are listed" \
	[ "$(json_get "$f2" 'sorted(p["name"] for p in d["environment"]["power_supplies"])')" = '["dps460 (10-0058)", "dps460 (13-0059)"]' ]
finish
