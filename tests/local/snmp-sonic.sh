#!/bin/sh
# `swinspect run --local --local-snmp FILE` on a SONiC box: the local SNMP
# agent (snmpsim on 127.0.0.1 serving the lab's sonic-as7326 recording, the
# same switch), the NOS's CLI (tests/local/sonic-box.sh) and the kernel's
# files, merged into one facts document.  FILE gives the agent's port only:
# the community is SONiC's snmp_rocommunity, read from the tree's
# /etc/sonic/snmp.yml at run time, and must appear in no output.  Then
# `--local-snmp sonic` with nothing listening: the SNMP source times out and
# the rest of the box is still inspected; a FILE with a mistake is refused
# with its location.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/local/sonic-box.sh"
grep -q '^#define WITH_SNMP 1' "$top_builddir/config.h" ||
	skip "this swinspect has no SNMP collector (--enable-onbox)"
lab_start
sonic_box "$SCRATCH"
tree="$SCRATCH/tree"
community=sonic-as7326		# snmpsim's community: the recording's name
printf 'snmp_rocommunity: %s\nsnmp_location: lab\n' "$community" >"$tree/etc/sonic/snmp.yml"
printf 'snmp: {version: 2c, port: %s, timeout_ms: 2000, retries: 1, rate_interval_s: 0}\n' \
	"$LAB_SNMPSIM_PORT" >"$SCRATCH/snmp.yaml"

out="$SCRATCH/out"
PATH="$SCRATCH/bin:$PATH" "$SWINSPECT" run --local --root "$tree" -o "$out" \
	--local-snmp "$SCRATCH/snmp.yaml" >"$SCRATCH/stdout" 2>"$SCRATCH/stderr"
rc=$?
check "run --local --local-snmp exits 0 (got $rc)" [ "$rc" -eq 0 ]
[ "$rc" -eq 0 ] || cat "$SCRATCH/stderr"
facts="$out/devices/$BOX_HOST/facts.json"
check "facts schema-valid" validate_facts "$facts"
check "the community is in no output, log or evidence" \
	sh -c "! grep -rq '$community' '$out' '$SCRATCH/stdout' '$SCRATCH/stderr'"

"$PYTHON3" - "$facts" <<'PY' >"$SCRATCH/py" 2>&1
import json, sys
f = json.load(open(sys.argv[1]))
fails = 0
def chk(ok, what):
    global fails
    print(("ok: " if ok else "FAIL: ") + what)
    fails += 0 if ok else 1
s = f["sources"]
chk(s["snmp"]["status"] == "ok" and s["cli"]["status"] == "ok" and s["local"]["status"] == "partial",
    "sources: snmp ok, cli ok, local partial (its unreadable sensor): %s" % {k: v["status"] for k, v in s.items()})
chk(f["device"]["address"] == "127.0.0.1", "the device is reached at 127.0.0.1")
env = f["environment"]
for k in ("temperatures", "fans", "power_supplies", "voltages"):
    n = [e["name"] for e in env.get(k, [])]
    chk(len(n) == len(set(n)), "no %s listed twice: %s" % (k, n))
n = [i["name"] for i in f["interfaces"]]
chk(len(n) == len(set(n)), "no interface listed twice")
psu = {e["name"]: e for e in env["power_supplies"]}
chk(sorted(psu) == ["PSU 1", "PSU 2"], "PSUs: the two of the NOS: %s" % sorted(psu))
chk(all("show platform psustatus" in p["src"]["status"] for p in psu.values()), "PSU verdicts from SNMP and show platform psustatus")
fan = {e["name"]: e for e in env["fans"]}
chk(len(fan) == 8 and fan["FAN-2F"]["speed_pct"] == 42 and fan["FAN-2F"]["status"] == "ok", "8 fans, one object each from SNMP and the CLI")
tmp = {e["name"]: e for e in env["temperatures"]}
chk(len(tmp) == 6 and "CPU Package Temp" in tmp and "Temperature for PSU 2" in tmp, "temperatures: the NOS's six: %s" % sorted(tmp))
chk(tmp["Temp sensor 2"]["celsius"] == 36.5 and tmp["Temp sensor 2"]["high"] == 80, "Temp sensor 2: SNMP reading, CLI threshold")
volt = {e["name"] for e in env["voltages"]}
chk({"Voltage for PSU 1", "it8728 in0", "dps460 (10-0058) vin"} <= volt, "voltages: the agent's and the kernel's (different sensors)")
x = {t["port"]: t for t in f["hardware"]["transceivers"]}
e0 = x.get("Ethernet0", {})
chk(e0.get("rx_dbm") == -2.1531 and "cli:" in e0["src"]["rx_dbm"] and e0["src"]["rx_dbm"].startswith("snmp:"),
    "Ethernet0's DOM from SNMP, the CLI's agreeing value noted: %s" % e0.get("src", {}).get("rx_dbm"))
chk(e0.get("rx_dbm_low_alarm") == -13.9794, "its thresholds from the CLI")
ifs = {i["name"]: i for i in f["interfaces"]}
e = ifs["Ethernet0"]
chk(e["in_octets"] == 301928374651928 and e["src"]["in_octets"].startswith("snmp:"), "Ethernet0's octets from the agent (the ASIC's), not the kernel's")
chk(ifs["eth0"]["src"]["admin"].startswith("snmp:"), "eth0 is the agent's eth0 (not Ethernet0)")
chk(f["system"]["location"] == "Lab DC2, Room 302, Rack D04", "location from SNMP")
chk(f["system"]["os"]["version"] == "202205.345210-4b8d1a7e9", "version")
chk(f["config"]["ntp_synchronized"] is True, "NTP from the CLI")
chk(f["hardware"]["storage"] and f["environment"]["memory"]["total_bytes"] > 0, "storage and memory")
sys.exit(1 if fails else 0)
PY
prc=$?
cat "$SCRATCH/py"
checks=$((checks + $(grep -c '^ok: ' "$SCRATCH/py") + $(grep -c '^FAIL: ' "$SCRATCH/py")))
failures=$((failures + $(grep -c '^FAIL: ' "$SCRATCH/py")))
[ "$prc" -le 1 ] || fail "checker crashed (exit $prc)"

# `sonic`: port 161, where nothing answers here; the box is still inspected
out2="$SCRATCH/out2"
"$SWINSPECT" collect --local --root "$tree" -o "$out2" --local-snmp sonic >"$SCRATCH/out2.log" 2>&1
rc=$?
f2="$out2/devices/$BOX_HOST/facts.json"
check "--local-snmp sonic, no agent: exit 2 (not reached), got $rc" [ "$rc" -eq 2 ]
check "... sources.snmp says timeout or unreachable" \
	sh -c "json_get() { \"$PYTHON3\" -c 'import json,sys; print(json.load(open(sys.argv[1]))[\"sources\"][\"snmp\"][\"status\"])' \"\$1\"; }; json_get '$f2' | grep -Eq '^(timeout|unreachable)$'"
check "... and the kernel's view is there" [ "$(json_get "$f2" 'len(d["environment"]["power_supplies"])')" = 2 ]
check "... the community is in no output" sh -c "! grep -rq '$community' '$out2' '$SCRATCH/out2.log'"

printf 'snmp: {version: 2c, port: nine}\n' >"$SCRATCH/bad.yaml"
"$SWINSPECT" collect --local --root "$tree" -o "$SCRATCH/out3" --local-snmp "$SCRATCH/bad.yaml" >"$SCRATCH/bad.log" 2>&1
rc=$?
check "a FILE with a mistake: exit 65 (got $rc)" [ "$rc" -eq 65 ]
check "... located file:line:column" grep -q "bad.yaml:1:[0-9]*: " "$SCRATCH/bad.log"
finish
