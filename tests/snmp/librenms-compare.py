#!/usr/bin/python3
"""Compare swinspect's SNMP facts with what LibreNMS decoded from the same
recordings (../shared/fixtures/librenms-expected/<name>.json).

Usage: librenms-compare.py [--min PCT] [--verbose] [--strict] FACTS...
  FACTS: facts.json files, or directories searched for */facts.json (the
  output of `swinspect collect`), or files holding several documents (the
  output of tests/snmp/recfacts).  The device name of each document names
  the recording.

For every LibreNMS sensor of class temperature, fanspeed, and state (when
its description names a fan or a power supply and its state is not a
temperature or voltage state), it looks for the same object in the facts:
first by source OID (the fact's src equals the sensor's OID), then by
name, then by entity index.  Temperatures are searched in
environment.temperatures and hardware.transceivers (LibreNMS counts
transceiver temperatures as temperature sensors); fan speeds in
environment.fans; fan and PSU states in environment.fans and
environment.power_supplies.  Agreement: temperature within 0.5 C, fan
speed within 1 %, state equal under the mapping
    ok = 0, warning = 1, failed = 2, unknown = 3,
    absent = 3 (or LibreNMS's own "absent/empty/not present" state),
    unpowered = 1, 2 or 3 (LibreNMS has no such state).
Every disagreement known and explained is listed in KNOWN below; the
script prints per-recording agreement and totals and exits 1 when any
class is under --min (default 90) percent, or (with --strict) when a
disagreement is not explained in KNOWN.  Exit 77 when the fixtures are
absent.
"""

import glob
import json
import os
import re
import sys

FIX = os.environ.get("SWINSPECT_SHARED_FIXTURES") or os.path.join(
    os.environ.get("top_srcdir", os.path.join(os.path.dirname(__file__), "..", "..")),
    "..", "shared", "fixtures")

STATE_NAMES_FAN_PSU = re.compile(
    r"(?i)\bfans?\b|fan\s*tray|fantray|power\s*supply|\bpsu\b|\bps\s?\d|power unit|\bpwr\d|\bpem\b")
NOT_FAN_PSU_TYPES = re.compile(r"(?i)temperature|voltage|^cefcModule")

# LibreNMS sensors whose disagreement is understood (recording, oid): why.
KNOWN = {
    ("lnms-cumulus_edgecore-as4610-54p", "1.3.6.1.4.1.2021.13.16.3.1.3.1"):
        "the same fan through ENTITY-SENSOR-MIB (Fan1, 5912 rpm) and "
        "LM-SENSORS-MIB (fan1, 6026 rpm), read at different moments; swinspect "
        "keeps one object per fan and prefers ENTITY-SENSOR-MIB",
    ("lnms-iosxe_c9500h-svl", "1.3.6.1.4.1.9.9.13.1.5.1.3.507"):
        "ciscoEnvMonSupplyState shutdown(4): LibreNMS calls it unknown, "
        "swinspect failed (DESIGN.md: Cisco shutdown -> failed); "
        "cefcFRUPowerOperStatus of the same PSU says failed(8) too",
    ("lnms-procurve_2520", "1.3.6.1.4.1.11.2.14.11.1.2.6.1.4.2"):
        "the chassis' summary fan sensor (hpicfSensorTable); where the "
        "switch has hpicfFanTable swinspect reports each fan from it instead "
        "(the six fans are all found and agree)",
    ("lnms-iosxe_c9500h-svl", "1.3.6.1.4.1.9.9.13.1.3.1.3.2039"):
        "the same sensor in CISCO-ENVMON-MIB (33) and CISCO-ENTITY-SENSOR-MIB "
        "(34), read a moment apart; swinspect keeps the CISCO-ENTITY-SENSOR-MIB "
        "reading, which has the device's thresholds",
}


def load_docs(paths):
    docs = {}
    dec = json.JSONDecoder()
    for p in paths:
        files = []
        if os.path.isdir(p):
            files = sorted(glob.glob(os.path.join(p, "**", "facts.json"), recursive=True))
        else:
            files = [p]
        for f in files:
            text = open(f, encoding="utf-8").read()
            i = 0
            while i < len(text):
                while i < len(text) and text[i].isspace():
                    i += 1
                if i >= len(text):
                    break
                d, i = dec.raw_decode(text, i)
                docs[d["device"]["name"]] = d
    return docs


def norm(s):
    return re.sub(r"\s+", " ", (s or "").strip().lower())


def srcs(entry, field):
    s = entry.get("src", {}).get(field)
    return s[5:] if s and s.startswith("snmp:") else None


def nums(v):
    if isinstance(v, list):
        return v
    return [v] if isinstance(v, (int, float)) else []


class Candidates:
    def __init__(self, entries, fields):
        self.entries = entries
        self.fields = fields

    def find(self, sensor):
        oid = sensor["sensor_oid"].lstrip(".")
        for e in self.entries:
            for f in self.fields:
                if srcs(e, f) == oid:
                    return e, f, "oid"
        name = norm(sensor["sensor_descr"])
        for e in self.entries:
            for key in ("name", "port"):
                if name and norm(e.get(key)) == name:
                    return e, None, "name"
        ent = sensor.get("entPhysicalIndex")
        if ent not in (None, "", 0, "0"):
            for e in self.entries:
                if str(e.get("entity")) == str(ent):
                    return e, None, "entity"
        return None, None, None


def generic_of(states, name, value):
    for s in states:
        if s["state_name"] == name and s["state_value"] == value:
            return s["state_generic_value"], s["state_descr"]
    return None, None


def state_agrees(ours, generic, descr):
    if ours is None or generic is None:
        return False
    if ours == "absent":
        return generic == 3 or bool(re.search(r"(?i)absent|empty|not.?present|not.?install|removed",
                                              descr or ""))
    if ours == "unpowered":
        return generic in (1, 2, 3)
    return {"ok": 0, "warning": 1, "failed": 2, "unknown": 3}.get(ours) == generic


def compare(name, exp, facts):
    env = facts.get("environment", {})
    hw = facts.get("hardware", {})
    temps = Candidates(env.get("temperatures", []) + hw.get("transceivers", []),
                       ["celsius", "temp_c"])
    fans = Candidates(env.get("fans", []), ["rpm"])
    states = Candidates(env.get("fans", []) + env.get("power_supplies", []), ["status"])
    sens = exp.get("sensors", {})
    if not isinstance(sens, dict):
        return {}
    disc = sens.get("discovery", {})
    state_idx = disc.get("state_indexes", [])
    res = {"temperature": [0, 0], "fanspeed": [0, 0], "state": [0, 0]}
    notes = []
    for s in disc.get("sensors", []):
        cls = s["sensor_class"]
        if cls == "state":
            if not STATE_NAMES_FAN_PSU.search(s["sensor_descr"] or "") or \
                    NOT_FAN_PSU_TYPES.search(s["sensor_type"] or ""):
                continue
        elif cls not in ("temperature", "fanspeed"):
            continue
        res[cls][1] += 1
        key = (name, s["sensor_oid"].lstrip("."))
        if cls == "temperature":
            e, f, how = temps.find(s)
            vals = nums(e.get(f or "celsius", e.get("temp_c"))) if e else []
            ok = any(abs(v - float(s["sensor_current"])) <= 0.5 for v in vals)
            got = vals
        elif cls == "fanspeed":
            e, f, how = fans.find(s)
            vals = nums(e.get("rpm")) if e else []
            want = float(s["sensor_current"])
            ok = any(abs(v - want) <= max(abs(want) * 0.01, 0.5) for v in vals)
            got = vals
        else:
            e, f, how = states.find(s)
            g, d = generic_of(state_idx, s["state_name"] or s["sensor_type"], int(s["sensor_current"]))
            got = e.get("status") if e else None
            ok = state_agrees(got, g, d)
        if ok:
            res[cls][0] += 1
        else:
            why = KNOWN.get(key)
            notes.append("  %-11s %-40s %s librenms=%s ours=%s (%s)%s" % (
                cls, (s["sensor_descr"] or "")[:40], key[1], s["sensor_current"],
                got if e else "not found", how or "-",
                " -- known: " + why if why else ""))
    return res, notes


def main():
    args = sys.argv[1:]
    minpct = 90.0
    verbose = False
    strict = False
    while args and args[0].startswith("--"):
        if args[0] == "--min":
            minpct = float(args[1])
            args = args[2:]
        elif args[0] == "--verbose":
            verbose = True
            args = args[1:]
        elif args[0] == "--strict":
            strict = True
            args = args[1:]
        else:
            print(__doc__)
            return 64
    expdir = os.path.join(FIX, "librenms-expected")
    if not os.path.isdir(expdir):
        print("SKIP: no LibreNMS expectations at %s (set SWINSPECT_SHARED_FIXTURES)" % expdir)
        return 77
    docs = load_docs(args)
    totals = {"temperature": [0, 0], "fanspeed": [0, 0], "state": [0, 0]}
    missing = []
    unexplained = []
    for f in sorted(glob.glob(os.path.join(expdir, "*.json"))):
        name = os.path.basename(f)[:-5]
        if name not in docs:
            missing.append(name)
            continue
        exp = json.load(open(f, encoding="utf-8"))
        out = compare(name, exp, docs[name])
        if not out:
            continue
        res, notes = out
        unexplained += [n for n in notes if " -- known: " not in n]
        line = "  ".join("%s %d/%d" % (k, v[0], v[1]) for k, v in res.items() if v[1])
        print("%-40s %s" % (name, line or "(no comparable sensors)"))
        if verbose:
            for n in notes:
                print(n)
        for k in totals:
            totals[k][0] += res[k][0]
            totals[k][1] += res[k][1]
    failed = False
    for k, (a, n) in totals.items():
        pct = 100.0 * a / n if n else 100.0
        print("TOTAL %-11s %d/%d = %.1f%%" % (k, a, n, pct))
        if pct < minpct:
            failed = True
    if missing:
        print("no facts for: %s" % " ".join(missing))
        failed = True
    if unexplained:
        print("%d disagreement(s) not explained in KNOWN:" % len(unexplained))
        for n in unexplained:
            print(n)
        failed = failed or strict
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
