#!/usr/bin/python3
"""Generate the lab's own SNMP recordings (tests/lab/snmprec/*.snmprec).

The recordings are invented devices whose OID layout and value formats follow
public MIB definitions and what real devices of each family answer.  Serial
numbers, host names, addresses and counters are made up.  Each device is
described once here, so that the ENTITY-MIB rows, the vendor tables, the
interface counters and the CLI outputs in tests/lab/cli/ stay consistent.

Usage: snmprec-gen.py [--check] [OUTDIR]
  OUTDIR defaults to the snmprec/ folder next to this script.
  --check compares instead of writing (exit 1 when a file differs).

Standard library only; run with /usr/bin/python3.
"""

import os
import sys

# ---------------------------------------------------------------------------
# snmprec writer
# ---------------------------------------------------------------------------

# snmpsim type tags
INT, STR, OID, IPADDR, C32, G32, TT, C64 = "2", "4", "6", "64", "65", "66", "67", "70"

ENT = "1.3.6.1.2.1.47.1.1.1.1"          # ENTITY-MIB entPhysicalEntry
ENTSENS = "1.3.6.1.2.1.99.1.1.1"        # ENTITY-SENSOR-MIB entPhySensorEntry
IFT = "1.3.6.1.2.1.2.2.1"               # IF-MIB ifEntry
IFX = "1.3.6.1.2.1.31.1.1.1"            # IF-MIB ifXEntry
DOT3 = "1.3.6.1.2.1.10.7.2.1"           # EtherLike-MIB dot3StatsEntry
HR = "1.3.6.1.2.1.25"                   # HOST-RESOURCES-MIB

# entPhysicalClass
C_OTHER, C_CHASSIS, C_BACKPLANE, C_CONTAINER, C_PSU, C_FAN, C_SENSOR, C_MODULE, \
    C_PORT, C_STACK, C_CPU = 1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12

# entPhySensorType / scale
S_OTHER, S_VDC, S_AMP, S_WATT, S_CELSIUS, S_RPM, S_DBM = 1, 4, 5, 6, 8, 10, 14
SC_MILLI, SC_MICRO, SC_UNITS = 8, 7, 9


def _printable(s):
    return all(32 <= ord(c) < 127 for c in s) and "|" not in s


class Rec:
    """An snmpsim data file under construction."""

    def __init__(self, name):
        self.name = name
        self.rows = {}

    def add(self, oid, typ, value):
        oid = oid.strip(".")
        if oid in self.rows:
            raise ValueError(f"{self.name}: duplicate OID {oid}")
        self.rows[oid] = (typ, value)

    def s(self, oid, text):
        """OCTET STRING; hex-encoded (4x) when not plain printable ASCII."""
        if _printable(text):
            self.add(oid, STR, text)
        else:
            self.add(oid, STR + "x", text.encode("utf-8").hex())

    def hexs(self, oid, hexstr):
        self.add(oid, STR + "x", hexstr.replace(":", "").lower())

    def i(self, oid, v):
        self.add(oid, INT, str(int(v)))

    def render(self):
        def key(o):
            return tuple(int(p) for p in o.split("."))
        out = []
        for oid in sorted(self.rows, key=key):
            typ, value = self.rows[oid]
            out.append(f"{oid}|{typ}|{value}\n")
        return "".join(out)

    # -- common groups --------------------------------------------------

    def system(self, descr, objid, uptime_cs, contact, name, location, services=6):
        self.s("1.3.6.1.2.1.1.1.0", descr)
        self.add("1.3.6.1.2.1.1.2.0", OID, objid)
        self.add("1.3.6.1.2.1.1.3.0", TT, str(uptime_cs))
        self.s("1.3.6.1.2.1.1.4.0", contact)
        self.s("1.3.6.1.2.1.1.5.0", name)
        self.s("1.3.6.1.2.1.1.6.0", location)
        self.i("1.3.6.1.2.1.1.7.0", services)

    def entity(self, idx, descr, cls, parent, relpos, name, *, vtype="0.0",
               hw="", fw="", sw="", serial="", mfg="", model="", alias="",
               asset="", fru=False):
        cols = [
            (2, STR, descr), (3, OID, vtype), (4, INT, parent), (5, INT, cls),
            (6, INT, relpos), (7, STR, name), (8, STR, hw), (9, STR, fw),
            (10, STR, sw), (11, STR, serial), (12, STR, mfg), (13, STR, model),
            (14, STR, alias), (15, STR, asset), (16, INT, 1 if fru else 2),
        ]
        for col, typ, val in cols:
            oid = f"{ENT}.{col}.{idx}"
            if typ == STR:
                self.s(oid, val)
            else:
                self.add(oid, typ, str(val))

    def entity_sensor(self, idx, stype, scale, precision, value, status=1, units=""):
        self.i(f"{ENTSENS}.1.{idx}", stype)
        self.i(f"{ENTSENS}.2.{idx}", scale)
        self.i(f"{ENTSENS}.3.{idx}", precision)
        self.i(f"{ENTSENS}.4.{idx}", value)
        self.i(f"{ENTSENS}.5.{idx}", status)
        self.s(f"{ENTSENS}.6.{idx}", units)

    def interfaces(self, ifs, uptime_cs):
        """ifs: list of dicts (index, descr, name, type, speed_mbps, mac, admin,
        oper, last_change, in_octets, out_octets, in_pkts, out_pkts, errors...)"""
        self.i("1.3.6.1.2.1.2.1.0", len(ifs))
        for f in ifs:
            x = f["index"]
            speed = f.get("speed", 0)
            in_oct, out_oct = f.get("in_octets", 0), f.get("out_octets", 0)
            in_uc, out_uc = f.get("in_ucast", in_oct // 700), f.get("out_ucast", out_oct // 700)
            in_mc, out_mc = f.get("in_mcast", in_uc // 90), f.get("out_mcast", out_uc // 60)
            in_bc, out_bc = f.get("in_bcast", in_uc // 300), f.get("out_bcast", out_uc // 250)
            last = f.get("last_change", 0)
            assert last <= uptime_cs, (self.name, f["descr"])
            m32 = 2 ** 32
            self.i(f"{IFT}.1.{x}", x)
            self.s(f"{IFT}.2.{x}", f["descr"])
            self.i(f"{IFT}.3.{x}", f.get("type", 6))
            self.i(f"{IFT}.4.{x}", f.get("mtu", 1500))
            self.add(f"{IFT}.5.{x}", G32, str(min(speed * 1000000, m32 - 1)))
            self.hexs(f"{IFT}.6.{x}", f.get("mac", ""))
            self.i(f"{IFT}.7.{x}", f.get("admin", 1))
            self.i(f"{IFT}.8.{x}", f.get("oper", 1))
            self.add(f"{IFT}.9.{x}", TT, str(last))
            self.add(f"{IFT}.10.{x}", C32, str(in_oct % m32))
            self.add(f"{IFT}.11.{x}", C32, str(in_uc % m32))
            self.add(f"{IFT}.12.{x}", C32, str((in_mc + in_bc) % m32))
            self.add(f"{IFT}.13.{x}", C32, str(f.get("in_discards", 0)))
            self.add(f"{IFT}.14.{x}", C32, str(f.get("in_errors", 0)))
            self.add(f"{IFT}.15.{x}", C32, str(f.get("in_unknown", 0)))
            self.add(f"{IFT}.16.{x}", C32, str(out_oct % m32))
            self.add(f"{IFT}.17.{x}", C32, str(out_uc % m32))
            self.add(f"{IFT}.18.{x}", C32, str((out_mc + out_bc) % m32))
            self.add(f"{IFT}.19.{x}", C32, str(f.get("out_discards", 0)))
            self.add(f"{IFT}.20.{x}", C32, str(f.get("out_errors", 0)))
            # ifXTable
            self.s(f"{IFX}.1.{x}", f.get("name", f["descr"]))
            self.add(f"{IFX}.2.{x}", C32, str(in_mc % m32))
            self.add(f"{IFX}.3.{x}", C32, str(in_bc % m32))
            self.add(f"{IFX}.4.{x}", C32, str(out_mc % m32))
            self.add(f"{IFX}.5.{x}", C32, str(out_bc % m32))
            self.add(f"{IFX}.6.{x}", C64, str(in_oct))
            self.add(f"{IFX}.7.{x}", C64, str(in_uc))
            self.add(f"{IFX}.8.{x}", C64, str(in_mc))
            self.add(f"{IFX}.9.{x}", C64, str(in_bc))
            self.add(f"{IFX}.10.{x}", C64, str(out_oct))
            self.add(f"{IFX}.11.{x}", C64, str(out_uc))
            self.add(f"{IFX}.12.{x}", C64, str(out_mc))
            self.add(f"{IFX}.13.{x}", C64, str(out_bc))
            self.i(f"{IFX}.14.{x}", 1 if f.get("type", 6) == 6 else 2)
            self.add(f"{IFX}.15.{x}", G32, str(speed))
            self.i(f"{IFX}.16.{x}", 2)
            self.i(f"{IFX}.17.{x}", 1 if f.get("type", 6) == 6 else 2)
            self.s(f"{IFX}.18.{x}", f.get("alias", ""))
            self.add(f"{IFX}.19.{x}", TT, "0")
            # EtherLike-MIB for physical Ethernet ports
            if f.get("type", 6) == 6 and not f.get("no_dot3"):
                self.i(f"{DOT3}.1.{x}", x)
                self.add(f"{DOT3}.2.{x}", C32, str(f.get("align", 0)))
                self.add(f"{DOT3}.3.{x}", C32, str(f.get("fcs", 0)))
                self.add(f"{DOT3}.4.{x}", C32, "0")
                self.add(f"{DOT3}.5.{x}", C32, "0")
                self.add(f"{DOT3}.7.{x}", C32, "0")
                self.add(f"{DOT3}.8.{x}", C32, str(f.get("late_coll", 0)))
                self.add(f"{DOT3}.9.{x}", C32, "0")
                self.add(f"{DOT3}.10.{x}", C32, "0")
                self.add(f"{DOT3}.13.{x}", C32, str(f.get("too_long", 0)))
                self.add(f"{DOT3}.16.{x}", C32, "0")
                self.i(f"{DOT3}.19.{x}", f.get("duplex", 3 if f.get("oper", 1) == 1 else 1))

    def hr_storage(self, rows, mem_kb=None):
        """rows: (index, type-leaf, descr, unit, size, used); hrStorageTypes leaf."""
        if mem_kb is not None:
            self.i(f"{HR}.2.2.0", mem_kb)
        for idx, tleaf, descr, unit, size, used in rows:
            base = f"{HR}.2.3.1"
            self.i(f"{base}.1.{idx}", idx)
            self.add(f"{base}.2.{idx}", OID, f"1.3.6.1.2.1.25.2.1.{tleaf}")
            self.s(f"{base}.3.{idx}", descr)
            self.i(f"{base}.4.{idx}", unit)
            self.i(f"{base}.5.{idx}", size)
            self.i(f"{base}.6.{idx}", used)
            self.add(f"{base}.7.{idx}", C32, "0")

    def hr_processors(self, loads, first=196608):
        for n, load in enumerate(loads):
            idx = first + n
            self.i(f"{HR}.3.2.1.1.{idx}", idx)
            self.add(f"{HR}.3.2.1.2.{idx}", OID, "1.3.6.1.2.1.25.3.1.3")
            self.s(f"{HR}.3.2.1.3.{idx}", f"CPU {n}")
            self.i(f"{HR}.3.2.1.5.{idx}", 2)
            self.add(f"{HR}.3.3.1.1.{idx}", OID, "0.0")
            self.i(f"{HR}.3.3.1.2.{idx}", load)

    def hr_system(self, uptime_cs, nusers=1, nprocs=180):
        self.add(f"{HR}.1.1.0", TT, str(uptime_cs))
        self.add(f"{HR}.1.5.0", G32, str(nusers))
        self.add(f"{HR}.1.6.0", G32, str(nprocs))


def mac(base, n):
    """base 'A46C2A5E1080' + n -> hex string"""
    return f"{int(base, 16) + n:012X}"


def uptime_cs(days, hours=0, minutes=0, seconds=0):
    return ((days * 24 + hours) * 60 + minutes) * 60 * 100 + seconds * 100


# ---------------------------------------------------------------------------
# Cisco IOS: Catalyst 2960-X (CISCO-ENVMON, CISCO-PROCESS, CISCO-MEMORY-POOL,
# CISCO-ENTITY-SENSOR for the SFP+ DOM, CISCO-CONFIG-MAN)
# ---------------------------------------------------------------------------

C2960X = {
    "hostname": "acc-2960x-01",
    "model": "WS-C2960X-48FPD-L",
    "serial": "FOC2231W0QZ",
    "psu_serial": "DCB2229G1XN",
    "sfp_serial": "AVD2210K3MP",
    "base_mac": "A46C2A5E1080",
    "uptime": uptime_cs(87, 4, 16, 21),
}


def cisco_ios_c2960x(upgraded=False):
    """The base device, or (upgraded=True) the same switch after an upgrade
    to a newer IOS: rebooted three days ago, configuration saved, counters
    restarted at the reload."""
    d = C2960X
    if upgraded:
        r = Rec("cisco-ios-c2960x-upgraded")
        version, compiled, year, fc = "15.2(7)E9", "Tue 27-Jun-23 14:18", 2023, "fc4"
        up = uptime_cs(3, 2, 41, 7)
    else:
        r = Rec("cisco-ios-c2960x")
        version, compiled, year, fc = "15.2(7)E4", "Tue 23-Mar-21 05:52", 2021, "fc2"
        up = d["uptime"]
    scale = up / d["uptime"]  # traffic counters grow with the uptime
    descr = (f"Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), Version {version}, "
             f"RELEASE SOFTWARE ({fc})\r\nTechnical Support: http://www.cisco.com/techsupport\r\n"
             f"Copyright (c) 1986-{year} by Cisco Systems, Inc.\r\nCompiled {compiled} by prod_rel_team")
    r.system(descr, "1.3.6.1.4.1.9.1.1208", up, "noc@example.net", d["hostname"],
             "Lab DC1, Hall 2, Row C, Rack 07")
    # ENTITY-MIB: stack -> chassis -> containers / PSU / fan / sensor / ports
    r.entity(1, "Catalyst C29xx Switch Stack", C_STACK, 0, -1, "C29xx Stacking",
             vtype="1.3.6.1.4.1.9.12.3.1.11.11")
    r.entity(1001, d["model"], C_CHASSIS, 1, 0, "1", vtype="1.3.6.1.4.1.9.12.3.1.3.1208",
             hw="V05", fw="15.2(7r)E1", sw=version, serial=d["serial"], mfg="Cisco Systems Inc.",
             model=d["model"], fru=True)
    r.entity(1002, f"Switch 1 - {d['model']} - Fixed Module 0", C_MODULE, 1001, 1,
             f"Switch 1 - {d['model']} - Fixed Module 0", vtype="1.3.6.1.4.1.9.12.3.1.9.23.73")
    r.entity(1003, "Fan Container", C_CONTAINER, 1001, 2, "Fan Container",
             vtype="1.3.6.1.4.1.9.12.3.1.5.0")
    r.entity(1004, "Power Supply Container", C_CONTAINER, 1001, 3, "Power Supply Container",
             vtype="1.3.6.1.4.1.9.12.3.1.5.0")
    r.entity(1005, "RPS Container", C_CONTAINER, 1001, 4, "RPS Container",
             vtype="1.3.6.1.4.1.9.12.3.1.5.176")
    r.entity(1006, f"Switch 1 - {d['model']} - Power Supply A", C_PSU, 1004, 1,
             f"Switch 1 - {d['model']} - Power Supply A", vtype="1.3.6.1.4.1.9.12.3.1.6.356",
             serial=d["psu_serial"])
    r.entity(1007, f"Switch 1 - {d['model']} - Fan 1", C_FAN, 1003, 1,
             f"Switch 1 - {d['model']} - Fan 1", vtype="1.3.6.1.4.1.9.12.3.1.7.198")
    r.entity(1008, f"Switch 1 - {d['model']} - Sensor 0", C_SENSOR, 1001, 5,
             f"Switch 1 - {d['model']} - Sensor 0", vtype="1.3.6.1.4.1.9.12.3.1.8.31")
    ports = [(1010, "GigabitEthernet1/0/1", 10101), (1011, "GigabitEthernet1/0/2", 10102),
             (1012, "GigabitEthernet1/0/3", 10103), (1057, "GigabitEthernet1/0/48", 10148)]
    for pos, (idx, name, _ifx) in enumerate(ports, 1):
        r.entity(idx, name, C_PORT, 1002, pos, name, vtype="1.3.6.1.4.1.9.12.3.1.10.150")
    r.entity(1058, "TenGigabitEthernet Container", C_CONTAINER, 1002, 49,
             "TenGigabitEthernet Container", vtype="1.3.6.1.4.1.9.12.3.1.5.115")
    r.entity(1059, "TenGigabitEthernet Container", C_CONTAINER, 1002, 50,
             "TenGigabitEthernet Container", vtype="1.3.6.1.4.1.9.12.3.1.5.115")
    r.entity(1060, "SFP-10GBase-SR", C_PORT, 1058, 1, "TenGigabitEthernet1/0/1",
             vtype="1.3.6.1.4.1.9.12.3.1.10.264", hw="V03", serial=d["sfp_serial"],
             mfg="CISCO-AVAGO", model="SFP-10G-SR", fru=True)
    dom = [(1061, "Module Temperature Sensor", 8, 9, 1, 312),
           (1062, "Supply Voltage Sensor", 4, 9, 2, 329),
           (1063, "Bias Current Sensor", 5, 8, 1, 66),
           (1064, "Transmit Power Sensor", 14, 9, 1, -24),
           (1065, "Receive Power Sensor", 14, 9, 1, -31)]
    for pos, (idx, what, *_rest) in enumerate(dom, 1):
        r.entity(idx, f"TenGigabitEthernet1/0/1 {what}", C_SENSOR, 1060, pos,
                 f"Te1/0/1 {what}", vtype="1.3.6.1.4.1.9.12.3.1.8.50")
    # CISCO-ENTITY-SENSOR-MIB (type, scale, precision, value, status) + thresholds
    cs = "1.3.6.1.4.1.9.9.91.1.1.1.1"
    thresholds = {
        1061: [(10, 4, 700), (20, 4, 750), (10, 2, 0), (20, 2, -50)],
        1062: [(10, 4, 360), (20, 4, 370), (10, 2, 300), (20, 2, 290)],
        1063: [(10, 4, 110), (20, 4, 120), (10, 2, 20), (20, 2, 10)],
        1064: [(10, 4, 0), (20, 4, 10), (10, 2, -76), (20, 2, -82)],
        1065: [(10, 4, 0), (20, 4, 10), (10, 2, -110), (20, 2, -140)],
    }
    for idx, _what, stype, scale, prec, value in dom:
        r.i(f"{cs}.1.{idx}", stype)
        r.i(f"{cs}.2.{idx}", scale)
        r.i(f"{cs}.3.{idx}", prec)
        r.i(f"{cs}.4.{idx}", value)
        r.i(f"{cs}.5.{idx}", 1)
        for n, (sev, rel, val) in enumerate(thresholds[idx], 1):
            r.i(f"1.3.6.1.4.1.9.9.91.1.2.1.1.2.{idx}.{n}", sev)
            r.i(f"1.3.6.1.4.1.9.9.91.1.2.1.1.3.{idx}.{n}", rel)
            r.i(f"1.3.6.1.4.1.9.9.91.1.2.1.1.4.{idx}.{n}", val)
            r.i(f"1.3.6.1.4.1.9.9.91.1.2.1.1.5.{idx}.{n}", 2)
    # CISCO-ENVMON-MIB: temperature, fan, supply (1 normal ... 5 notPresent)
    env = "1.3.6.1.4.1.9.9.13.1"
    r.s(f"{env}.3.1.2.1008", "SW#1, Sensor#1, GREEN ")
    r.add(f"{env}.3.1.3.1008", G32, "34")
    r.i(f"{env}.3.1.4.1008", 54)
    r.i(f"{env}.3.1.5.1008", 0)
    r.i(f"{env}.3.1.6.1008", 1)
    r.s(f"{env}.4.1.2.1007", "Switch#1, Fan#1")
    r.i(f"{env}.4.1.3.1007", 1)
    r.s(f"{env}.5.1.2.1006", "Sw1, PSA Normal, RPS NotExist")
    r.i(f"{env}.5.1.3.1006", 1)
    r.i(f"{env}.5.1.4.1006", 2)
    # CISCO-PROCESS-MIB cpmCPUTotalTable (1min/5min "Rev" columns .7/.8)
    cpu = "1.3.6.1.4.1.9.9.109.1.1.1.1"
    for col, val in ((2, 1001), (3, 9), (4, 8), (5, 7), (6, 9), (7, 8), (8, 7)):
        r.add(f"{cpu}.{col}.1", INT if col == 2 else G32, str(val))
    r.add(f"{cpu}.12.1", G32, "211304")
    r.add(f"{cpu}.13.1", G32, "312840")
    # CISCO-MEMORY-POOL-MIB: Processor and I/O pools (used .5, free .6, largest free .7)
    mp = "1.3.6.1.4.1.9.9.48.1.1.1"
    for idx, name, used, free, largest in ((1, "Processor", 121735472, 229624592, 214012832),
                                           (2, "I/O", 18312784, 15241648, 15200172)):
        r.s(f"{mp}.2.{idx}", name)
        r.i(f"{mp}.3.{idx}", 0)
        r.i(f"{mp}.4.{idx}", 1)
        r.add(f"{mp}.5.{idx}", G32, str(used))
        r.add(f"{mp}.6.{idx}", G32, str(free))
        r.add(f"{mp}.7.{idx}", G32, str(largest))
    # CISCO-CONFIG-MAN-MIB ccmHistoryRunningLastChanged .1, RunningLastSaved .2,
    # StartupLastChanged .3.  Base device: the running configuration changed
    # (Dec 4 15:19:02) after it was last saved (15:02:20), as its CLI shows.
    # Upgraded device: saved after the last change.
    if upgraded:
        changes = (up - 1200000, up - 1190000, up - 1190000)
    else:
        changes = (up - 17009000, up - 17109200, up - 17109200)
    for col, value in zip((1, 2, 3), changes):
        r.add(f"1.3.6.1.4.1.9.9.43.1.1.{col}.0", TT, str(value))
    # IF-MIB
    b = d["base_mac"]
    ifs = [
        dict(index=1, descr="Vlan1", name="Vl1", type=53, speed=1000, mac=mac(b, 0x40),
             last_change=5400, in_octets=4311287, out_octets=1822634, alias="mgmt"),
        dict(index=10101, descr="GigabitEthernet1/0/1", name="Gi1/0/1", speed=1000, mac=mac(b, 1),
             last_change=6012, in_octets=918273645512, out_octets=2203948817734,
             alias="AP-3F-EAST-01"),
        dict(index=10102, descr="GigabitEthernet1/0/2", name="Gi1/0/2", speed=100, mac=mac(b, 2),
             last_change=up - (2590000 if not upgraded else 1000000), in_octets=77129834411, out_octets=90128733451,
             in_errors=1893, fcs=1841, align=52, duplex=2, alias="PRINTER-3F-02"),
        dict(index=10103, descr="GigabitEthernet1/0/3", name="Gi1/0/3", speed=10, mac=mac(b, 3),
             oper=2, last_change=6101, alias=""),
        dict(index=10148, descr="GigabitEthernet1/0/48", name="Gi1/0/48", speed=1000,
             mac=mac(b, 48), admin=2, oper=2, last_change=5980, alias="unused"),
        dict(index=10149, descr="TenGigabitEthernet1/0/1", name="Te1/0/1", speed=10000,
             mac=mac(b, 49), last_change=6230, in_octets=48211930226381,
             out_octets=21199385722094, in_discards=12, out_discards=4407, alias="UPLINK-DIST-01"),
        dict(index=10150, descr="TenGigabitEthernet1/0/2", name="Te1/0/2", speed=10000,
             mac=mac(b, 50), oper=2, last_change=6231, alias="UPLINK-DIST-02"),
        dict(index=14501, descr="FastEthernet0", name="Fa0", speed=10, mac=mac(b, 0x41),
             admin=2, oper=2, last_change=5300, alias=""),
    ]
    for f in ifs:
        for key in ("in_octets", "out_octets", "in_errors", "fcs", "align", "in_discards",
                    "out_discards"):
            if key in f:
                f[key] = int(f[key] * scale)
        if upgraded:  # interfaces came up during the boot
            f["last_change"] = min(f["last_change"], up)
    r.interfaces(ifs, up)
    return r


# ---------------------------------------------------------------------------
# Cisco NX-OS: Nexus 93180YC-EX (CISCO-ENTITY-SENSOR, CISCO-ENTITY-FRU-CONTROL,
# CISCO-PROCESS, CISCO-ENHANCED-MEMPOOL)
# ---------------------------------------------------------------------------

def nxos_like(r, *, model, chassis_descr, serial, sw, psus, fans, sensors, ports,
              mod_descr, cpu, mem_used, mem_free, vtype_root="1.3.6.1.4.1.9.12.3.1"):
    """Common NX-OS style entity layout (also used by the Inspur CN model)."""
    r.entity(10, "Fabric Stack Root", C_STACK, 0, -1, "Fabric Stack Root",
             vtype=f"{vtype_root}.5.206", hw="V01")
    r.entity(149, chassis_descr, C_CHASSIS, 10, 1, chassis_descr, vtype=f"{vtype_root}.3.1812",
             hw="V02", serial=serial, mfg=r.mfg, model=model, fru=False)
    r.entity(214, "LinecardSlot-1", C_CONTAINER, 149, 1, "LinecardSlot-1",
             vtype=f"{vtype_root}.5.217")
    r.entity(22, mod_descr, C_MODULE, 214, 1, f"Module-1 {mod_descr}", vtype=f"{vtype_root}.9.85.5",
             hw="V02", fw=sw, sw=sw, serial=serial, mfg=r.mfg, model=model, fru=True)
    r.entity(598, "module-1 processor-1", C_CPU, 22, 1, "module-1 processor-1",
             vtype=f"{vtype_root}.9.5.82")
    for n, p in enumerate(psus, 1):
        bay = 277 + n
        r.entity(bay, f"PowerSupplyBay-{n}", C_CONTAINER, 149, 1 + n, f"PowerSupplyBay-{n}",
                 vtype=f"{vtype_root}.5.218")
        if p is None:
            continue
        idx = 469 + n
        r.entity(idx, f"{p['model']}-{n}", C_PSU, bay, 1, f"PowerSupply-{n}",
                 vtype=f"{vtype_root}.6.325", hw=p["hw"], serial=p["serial"], mfg=r.mfg,
                 model=p["model"], fru=True)
    for n, f in enumerate(fans, 1):
        bay = 341 + n
        idx = 533 + n
        r.entity(bay, f"FanBay-{n}", C_CONTAINER, 149, 10 + n, f"FanBay-{n}",
                 vtype=f"{vtype_root}.5.219")
        r.entity(idx, f"Fan Module-{n}", C_FAN, bay, 1, f"Fan Module-{n}",
                 vtype=f"{vtype_root}.7.148", hw="V01", mfg=r.mfg, model=f["model"], fru=True)
    for n, (idx, name, *_rest) in enumerate(sensors, 1):
        r.entity(idx, f"module-1 {name}", C_SENSOR, 22, n, f"module-1 {name}",
                 vtype=f"{vtype_root}.8.1")
    for n, (idx, name, *_rest) in enumerate(ports, 1):
        r.entity(idx, f"Linecard-1 Port-{name.split('/')[-1]}", C_PORT, 22, n, name,
                 vtype=f"{vtype_root}.10.203")
    # CISCO-ENTITY-SENSOR-MIB temperatures with minor/major thresholds
    cs = "1.3.6.1.4.1.9.9.91.1"
    for idx, _name, value, minor, major in sensors:
        r.i(f"{cs}.1.1.1.1.{idx}", 8)
        r.i(f"{cs}.1.1.1.2.{idx}", 9)
        r.i(f"{cs}.1.1.1.3.{idx}", 0)
        r.i(f"{cs}.1.1.1.4.{idx}", value)
        r.i(f"{cs}.1.1.1.5.{idx}", 1)
        for n, (sev, val) in enumerate(((10, minor), (20, major)), 1):
            r.i(f"{cs}.2.1.1.2.{idx}.{n}", sev)
            r.i(f"{cs}.2.1.1.3.{idx}.{n}", 4)
            r.i(f"{cs}.2.1.1.4.{idx}.{n}", val)
            r.i(f"{cs}.2.1.1.5.{idx}.{n}", 2)
    # CISCO-ENTITY-FRU-CONTROL-MIB: power (2 on, 8 failed...), fans (2 up, 3 down)
    fru = "1.3.6.1.4.1.9.9.117.1"
    for n, p in enumerate(psus, 1):
        if p is None:
            continue
        idx = 469 + n
        r.i(f"{fru}.1.2.1.1.{idx}", 1)
        r.i(f"{fru}.1.2.1.2.{idx}", p.get("oper", 2))
        r.i(f"{fru}.1.2.1.3.{idx}", p["capacity"])
    for n, f in enumerate(fans, 1):
        r.i(f"{fru}.4.1.1.1.{533 + n}", f.get("oper", 2))
    # CISCO-PROCESS-MIB (index 1, physical index = module 22)
    pm = "1.3.6.1.4.1.9.9.109.1.1.1.1"
    r.i(f"{pm}.2.1", 22)
    for col, val in zip((6, 7, 8), cpu):
        r.add(f"{pm}.{col}.1", G32, str(val))
    r.add(f"{pm}.12.1", G32, str(mem_used // 1024))
    r.add(f"{pm}.13.1", G32, str(mem_free // 1024))
    # CISCO-ENHANCED-MEMPOOL-MIB (physical 22, pool 1)
    em = "1.3.6.1.4.1.9.9.221.1.1.1.1"
    r.i(f"{em}.2.22.1", 2)
    r.s(f"{em}.3.22.1", "Processor")
    r.i(f"{em}.5.22.1", 0)
    r.i(f"{em}.6.22.1", 1)
    r.add(f"{em}.7.22.1", G32, str(min(mem_used, 2 ** 32 - 1)))
    r.add(f"{em}.8.22.1", G32, str(min(mem_free, 2 ** 32 - 1)))
    r.add(f"{em}.18.22.1", C64, str(mem_used))
    r.add(f"{em}.20.22.1", C64, str(mem_free))


def nxos_ifindex(port):
    """NX-OS ifIndex of Ethernet1/<port>."""
    return 0x1A000000 + (port - 1) * 4096


def cisco_nxos_n9k():
    r = Rec("cisco-nxos-n9k")
    r.mfg = "Cisco Systems, Inc."
    up = uptime_cs(143, 9, 2, 40)
    descr = ("Cisco NX-OS(tm) nxos.9.3.8.bin, Software (nxos), Version 9.3(8), RELEASE SOFTWARE "
             "Copyright (c) 2002-2021 by Cisco Systems, Inc. Compiled 8/31/2021 12:00:00")
    r.system(descr, "1.3.6.1.4.1.9.12.3.1.3.1812", up, "dc-netops@example.net", "leaf-n9k-101",
             "Lab DC1, Hall 1, Row A, Rack 03")
    sensors = [(21590, "FRONT", 27, 70, 80), (21591, "BACK", 33, 42, 70),
               (21592, "CPU", 41, 80, 90), (21593, "LEAF-ASIC", 52, 90, 110)]
    ports = [(5206, "Ethernet1/1"), (5207, "Ethernet1/2"), (5253, "Ethernet1/48"),
             (5254, "Ethernet1/49")]
    nxos_like(r, model="N9K-C93180YC-EX", chassis_descr="Nexus9000 C93180YC-EX chassis",
              serial="FDO22091QWE", sw="9.3(8)",
              psus=[dict(model="NXA-PAC-650W-PE", hw="V01", serial="LIT22083AAB", capacity=5416),
                    dict(model="NXA-PAC-650W-PE", hw="V01", serial="LIT22083AAC", capacity=5416)],
              fans=[dict(model="NXA-FAN-30CFM-B")] * 4, sensors=sensors,
              ports=[(i, n) for i, n in ports], mod_descr="48x10/25G + 6x40/100G Ethernet Module",
              cpu=(14, 11, 9), mem_used=6102335488, mem_free=18384150528)
    b = "00A6CA7F3B00"
    ifs = [
        dict(index=83886080, descr="mgmt0", speed=1000, mac=mac(b, 0), last_change=4100,
             in_octets=2339482233, out_octets=1882741120, alias="oob-mgmt", no_dot3=True),
        dict(index=nxos_ifindex(1), descr="Ethernet1/1", speed=25000, mac=mac(b, 8),
             last_change=5210, in_octets=381029384712233, out_octets=298374611029338,
             alias="esx-r03-01 vmnic2", mtu=9216),
        dict(index=nxos_ifindex(2), descr="Ethernet1/2", speed=25000, mac=mac(b, 9),
             last_change=5211, in_octets=291029338472011, out_octets=400182738847111,
             alias="esx-r03-02 vmnic2", mtu=9216, in_discards=381),
        dict(index=nxos_ifindex(48), descr="Ethernet1/48", speed=25000, mac=mac(b, 55), oper=2,
             last_change=5215, alias="", mtu=9216),
        dict(index=nxos_ifindex(49), descr="Ethernet1/49", speed=100000, mac=mac(b, 56),
             last_change=5300, in_octets=922837462001932, out_octets=883746512233091,
             alias="spine-01 Eth1/1", mtu=9216),
        dict(index=369098752, descr="port-channel1", type=161, speed=50000, mac=mac(b, 8),
             last_change=5320, in_octets=672058723184244, out_octets=698557349876449,
             alias="vpc peer-link", mtu=9216),
        dict(index=151060481, descr="Vlan1", type=53, speed=1000, mac=mac(b, 0x20), admin=2,
             oper=2, last_change=4000, alias=""),
    ]
    r.interfaces(ifs, up)
    return r


# ---------------------------------------------------------------------------
# Inspur CN8696 (CN series, NX-OS-derived INOS): enterprise 48512 sysObjectID,
# Cisco-style health MIBs as the NX-OS heritage suggests.
# ---------------------------------------------------------------------------

CN8696 = {
    "hostname": "cn8696-leaf-01",
    "model": "CN8696Q",
    "serial": "INS2135A0K7",
    "version": "9.2(2)",
    "uptime": uptime_cs(61, 7, 44, 9),
    "psu": [dict(model="CN-PAC-1100W", hw="V01", serial="PSI2131B0931", capacity=9166),
            dict(model="CN-PAC-1100W", hw="V01", serial="PSI2131B0944", capacity=9166)],
    "fan_model": "CN-FAN-6K",
    "sensors": [(21590, "FRONT", 26, 70, 80), (21591, "BACK", 35, 60, 70),
                (21592, "CPU", 44, 85, 95), (21593, "ASIC", 58, 100, 110)],
    "cpu": (7, 6, 6),
    "mem_total": 16238620672,
    "mem_used": 5402832896,
}


def inspur_cn8696():
    d = CN8696
    r = Rec("inspur-cn8696")
    r.mfg = "Inspur"
    up = d["uptime"]
    descr = (f"ICNT NOS-CN(tm) inos, Software (inos-cn), Version {d['version']}, RELEASE SOFTWARE "
             "Copyright (c) 2017-2020 by Inspur-Cisco Networking Technology Co.,Ltd. "
             "Compiled 4/28/2020 18:00:00")
    r.system(descr, "1.3.6.1.4.1.48512.1.3.8696", up, "noc@example.net", d["hostname"],
             "Lab DC2, Room 301, Rack B05")
    sensors = d["sensors"]
    ports = [(5206, "Ethernet1/1"), (5207, "Ethernet1/2"), (5301, "Ethernet1/96"),
             (5302, "Ethernet1/97")]
    nxos_like(r, model=d["model"], chassis_descr="Inspur CN8696Q Chassis", serial=d["serial"],
              sw=d["version"], psus=d["psu"], fans=[dict(model=d["fan_model"])] * 4,
              sensors=sensors, ports=ports,
              mod_descr="96x10/25G + 8x100G Ethernet Module", cpu=d["cpu"],
              mem_used=d["mem_used"], mem_free=d["mem_total"] - d["mem_used"],
              vtype_root="1.3.6.1.4.1.48512.12.3.1")
    b = "6C92BF4A2200"
    ifs = [
        dict(index=83886080, descr="mgmt0", speed=1000, mac=mac(b, 0), last_change=3900,
             in_octets=1203948812, out_octets=883741002, alias="oob", no_dot3=True),
        dict(index=nxos_ifindex(1), descr="Ethernet1/1", speed=25000, mac=mac(b, 8),
             last_change=4711, in_octets=120394881723341, out_octets=99388172637722,
             alias="srv-r05-01 eth0", mtu=9216),
        dict(index=nxos_ifindex(2), descr="Ethernet1/2", speed=25000, mac=mac(b, 9),
             last_change=up - 90000, in_octets=2039488172331, out_octets=1928374655512,
             alias="srv-r05-02 eth0", mtu=9216, in_errors=214, fcs=214),
        dict(index=nxos_ifindex(96), descr="Ethernet1/96", speed=25000, mac=mac(b, 103),
             admin=2, oper=2, last_change=4020, alias="", mtu=9216),
        dict(index=nxos_ifindex(97), descr="Ethernet1/97", speed=100000, mac=mac(b, 104),
             last_change=4800, in_octets=552039487712338, out_octets=493827162533091,
             alias="spine-02 Eth1/5", mtu=9216),
    ]
    r.interfaces(ifs, up)
    return r


# ---------------------------------------------------------------------------
# Huawei VRP: S5720-56C-EI (HUAWEI-ENTITY-EXTENT-MIB hwEntityStateTable,
# hwFanStatusTable, hwPwrStatusTable); PSU slot 2 empty.
# ---------------------------------------------------------------------------

def huawei_vrp_s5720(fan_failed=False):
    name = "huawei-vrp-s5720-fanfail" if fan_failed else "huawei-vrp-s5720"
    r = Rec(name)
    up = uptime_cs(212, 15, 31, 2)
    model = "S5720-56C-EI-AC"
    descr = ("S5720-56C-EI-AC\nHuawei Versatile Routing Platform Software \r\n"
             " VRP (R) software,Version 5.170 (S5720 V200R011C10SPC600) \r\n"
             " Copyright (C) 2000-2018 HUAWEI TECH Co., Ltd.")
    r.system(descr, "1.3.6.1.4.1.2011.2.23.273", up, "R&D Beijing, Huawei Technologies co.,Ltd.",
             "AGG-S5720-01", "Lab DC1, Hall 2, Row D, Rack 01")
    sw = "Version 5.170 V200R011C10SPC600"
    serial = "2102350DLS10K8000417"
    H = "1.3.6.1.4.1.2011"
    r.entity(67108867, "HUAWEI S5720 Routing Switch", C_CHASSIS, 0, -1,
             "HUAWEI S5720 Routing Switch", vtype=f"{H}.20021210.11.536897", serial=serial,
             mfg="Huawei", sw=sw)
    r.entity(67108869, "Board slot", C_CONTAINER, 67108867, 0, "Board slot 0")
    r.entity(67108873, "", C_MODULE, 67108869, 1, "MPU Board 0",
             vtype=f"{H}.20021210.12.537094", hw="VER.B", fw="020a.0001", sw=sw,
             serial=serial, mfg="Huawei", model=model, fru=True)
    r.entity(67190796, "Card slot", C_CONTAINER, 67108873, 5, "Card slot 0/PWR1")
    r.entity(67190797, "", C_PSU, 67190796, 1, "POWER Card 0/PWR1",
             vtype=f"{H}.20021210.13.536702", hw="VER A", serial="2102310JGN10K6012233",
             mfg="Huawei", model="PAC150S12-R", fru=True)
    r.entity(67207180, "Card slot", C_CONTAINER, 67108873, 6, "Card slot 0/PWR2")
    r.entity(67223564, "Card slot", C_CONTAINER, 67108873, 7, "Card slot 0/FAN1")
    r.entity(67223565, "", C_FAN, 67223564, 1, "FAN Card 0/FAN1",
             vtype=f"{H}.20021210.13.536711", hw="VER A", serial="2102120780P0K6000122",
             mfg="Huawei", model="FAN-023A-B", fru=True)
    ports = [(67436622, "GigabitEthernet0/0/1"), (67436686, "GigabitEthernet0/0/2"),
             (67439630, "GigabitEthernet0/0/48"), (67469390, "XGigabitEthernet0/0/1"),
             (67469454, "XGigabitEthernet0/0/2")]
    for n, (idx, pname) in enumerate(ports, 1):
        r.entity(idx, "Port", C_PORT, 67108873, n, pname)
    # hwEntityStateTable: admin .1 (unlocked 4), oper .2 (enabled 3), standby .3,
    # alarm light .4, CPU .5/.6, memory .7/.8, mem size .9, uptime .10,
    # temperature .11, temperature threshold .12, voltage .13/.14/.15, low temp .16
    st = f"{H}.5.25.31.1.1.1.1"
    board = dict(cpu=11, cpu_thr=95, mem=41, mem_thr=95, memsize=1073741824,
                 temp=44, temp_thr=68, volt=0, temp_low=0)
    states = {
        67108867: dict(oper=3),
        67108873: dict(oper=3, **board),
        67190797: dict(oper=3),
        67223565: dict(oper=2 if fan_failed else 3),
    }
    for idx, s in states.items():
        r.i(f"{st}.1.{idx}", 4)
        r.i(f"{st}.2.{idx}", s.get("oper", 3))
        r.i(f"{st}.3.{idx}", 1)
        r.s(f"{st}.4.{idx}", "")
        r.i(f"{st}.5.{idx}", s.get("cpu", 0))
        r.i(f"{st}.6.{idx}", s.get("cpu_thr", 0))
        r.i(f"{st}.7.{idx}", s.get("mem", 0))
        r.i(f"{st}.8.{idx}", s.get("mem_thr", 0))
        r.i(f"{st}.9.{idx}", s.get("memsize", 0))
        r.i(f"{st}.10.{idx}", up // 100 if idx == 67108873 else 0)
        r.i(f"{st}.11.{idx}", s.get("temp", 0))
        r.i(f"{st}.12.{idx}", s.get("temp_thr", 0))
        r.i(f"{st}.13.{idx}", s.get("volt", 0))
        r.i(f"{st}.14.{idx}", 0)
        r.i(f"{st}.15.{idx}", 0)
        r.i(f"{st}.16.{idx}", s.get("temp_low", 0))
    # hwFanStatusTable (index slot.sn): reg .3, mode .4, speed % .5,
    # present .6 (1 present, 2 absent), state .7 (1 normal, 2 abnormal), descr .8
    fan = f"{H}.5.25.31.1.1.10.1"
    for sn in (0, 1):
        failed = fan_failed and sn == 1
        r.i(f"{fan}.1.0.{sn}", 0)
        r.i(f"{fan}.2.0.{sn}", sn)
        r.i(f"{fan}.3.0.{sn}", 1)
        r.i(f"{fan}.4.0.{sn}", 1)
        r.i(f"{fan}.5.0.{sn}", 0 if failed else (38 if sn == 0 else 40))
        r.i(f"{fan}.6.0.{sn}", 1)
        r.i(f"{fan}.7.0.{sn}", 2 if failed else 1)
        r.s(f"{fan}.8.0.{sn}", f"FAN1 fan{sn + 1}")
    # hwPwrStatusTable (index slot.sn): reg .3, mode .4 (3 ac), present .5,
    # state .6 (1 supply, 2 notSupply, 3 sleep, 4 unknown), current mA .7,
    # voltage mV .8, descr .9; PWR2 slot is empty.
    pwr = f"{H}.5.25.31.1.1.18.1"
    for sn, present in ((1, True), (2, False)):
        r.i(f"{pwr}.1.0.{sn}", 0)
        r.i(f"{pwr}.2.0.{sn}", sn)
        r.i(f"{pwr}.3.0.{sn}", 1 if present else 2)
        r.i(f"{pwr}.4.0.{sn}", 3 if present else 1)
        r.i(f"{pwr}.5.0.{sn}", 1 if present else 2)
        r.i(f"{pwr}.6.0.{sn}", 1 if present else 4)
        r.i(f"{pwr}.7.0.{sn}", 5180 if present else 0)
        r.i(f"{pwr}.8.0.{sn}", 12060 if present else 0)
        r.s(f"{pwr}.9.0.{sn}", f"PWR{sn}")
    b = "F4DE4C7A3500"
    ifs = [
        dict(index=1, descr="InLoopBack0", type=24, mtu=1500, speed=0, last_change=0,
             alias="HUAWEI, Quidway Series, InLoopBack0 Interface"),
        dict(index=2, descr="NULL0", type=1, speed=0, last_change=0,
             alias="HUAWEI, Quidway Series, NULL0 Interface"),
        dict(index=4, descr="MEth0/0/1", speed=100, mac=mac(b, 1), oper=2, last_change=2100,
             alias="HUAWEI, Quidway Series, MEth0/0/1 Interface", no_dot3=True),
        dict(index=5, descr="Vlanif1", type=136, speed=1000, mac=mac(b, 0), last_change=2300,
             in_octets=5512398, out_octets=3318722, alias="HUAWEI, Quidway Series, Vlanif1 Interface"),
        dict(index=6, descr="GigabitEthernet0/0/1", speed=1000, mac=mac(b, 2), last_change=2510,
             in_octets=551203948812, out_octets=1822398471623, alias="to-ACC-3F-01"),
        dict(index=7, descr="GigabitEthernet0/0/2", speed=1000, mac=mac(b, 3), last_change=2511,
             in_octets=33129847712, out_octets=81234871123, out_discards=18233,
             alias="to-ACC-3F-02"),
        dict(index=53, descr="GigabitEthernet0/0/48", speed=1000, mac=mac(b, 49), oper=2,
             last_change=2600, alias=""),
        dict(index=54, descr="XGigabitEthernet0/0/1", speed=10000, mac=mac(b, 50),
             last_change=2705, in_octets=9120394871123, out_octets=7718273645512,
             alias="uplink-core-01"),
        dict(index=55, descr="XGigabitEthernet0/0/2", speed=10000, mac=mac(b, 51),
             last_change=2706, in_octets=8102938471122, out_octets=7012938475511,
             alias="uplink-core-02"),
    ]
    r.interfaces(ifs, up)
    return r


# ---------------------------------------------------------------------------
# H3C Comware 7: S6850-56HF (HH3C-ENTITY-EXT-MIB, HH3C-LSW-DEV-ADM-MIB)
# ---------------------------------------------------------------------------

def h3c_comware_s6850():
    r = Rec("h3c-comware-s6850")
    up = uptime_cs(33, 2, 5, 57)
    descr = ("H3C Comware Platform Software, Software Version 7.1.070, Release 6710\r\n"
             "H3C S6850-56HF\r\nCopyright (c) 2004-2022 New H3C Technologies Co., Ltd. "
             "All rights reserved.")
    r.system(descr, "1.3.6.1.4.1.25506.1.1743", up, "New H3C Technologies Co., Ltd.",
             "DC2-S6850-LEAF-03", "Lab DC2, Room 302, Rack C11")
    serial = "210235A2SNH213000082"
    swrev = "7.1.070, Release 6710"
    r.entity(1, "H3C S6850-56HF", C_CHASSIS, 0, -1, "Chassis", vtype="1.3.6.1.4.1.25506.3.1.3.1",
             hw="VER.A", fw="1.07", sw=swrev, serial=serial, mfg="H3C", model="LS-6850-56HF",
             fru=False)
    r.entity(2, "H3C S6850-56HF", C_MODULE, 1, 1, "Board 1",
             vtype="1.3.6.1.4.1.25506.3.1.9.4.1743", hw="VER.A", fw="1.07", sw=swrev,
             serial=serial, mfg="H3C", model="LS-6850-56HF", fru=True)
    for n, present in ((1, True), (2, True)):
        r.entity(10 + n, "CONTAINER LEVEL1", C_CONTAINER, 1, 1 + n, f"PowerSupply slot {n}")
        if present:
            r.entity(20 + n, "PSU", C_PSU, 10 + n, 1, f"PSU {n}",
                     vtype="1.3.6.1.4.1.25506.3.1.6.2", hw="VER.A",
                     serial=f"210231AGQ2H21400{60 + n:04d}", mfg="H3C", model="PSR450-12A",
                     fru=True)
    for n in range(1, 5):
        r.entity(30 + n, "CONTAINER LEVEL1", C_CONTAINER, 1, 3 + n, f"Fan slot {n}")
        r.entity(40 + n, "FAN", C_FAN, 30 + n, 1, f"Fan {n}",
                 vtype="1.3.6.1.4.1.25506.3.1.7.1", hw="VER.A", mfg="H3C",
                 model="FAN-40B-1-A", fru=True)
    sensors = [(51, "hotspot 1", 39, 70, 80), (52, "hotspot 2", 47, 85, 95),
               (53, "inflow 1", 28, 55, 65)]
    for n, (idx, sname, *_rest) in enumerate(sensors, 1):
        r.entity(idx, "SENSOR", C_SENSOR, 2, n, f"{sname}",
                 vtype="1.3.6.1.4.1.25506.3.1.8.1")
    ports = [(60, "Twenty-FiveGigE1/0/1"), (61, "Twenty-FiveGigE1/0/2"),
             (107, "Twenty-FiveGigE1/0/48"), (108, "HundredGigE1/0/49")]
    for n, (idx, pname) in enumerate(ports, 1):
        r.entity(idx, pname, C_PORT, 2, n, pname, vtype="1.3.6.1.4.1.25506.3.1.10.1")
    # hh3cEntityExtStateTable: admin .2 (unlocked 4 / notSupported 1), oper .3
    # (enabled 3), CPU .6/.7, mem .8/.9, mem size .10, temp .12 warning .13
    # critical .17, error status .19 (2 normal), avg CPU/mem .26/.27; 65535 = n/a
    ex = "1.3.6.1.4.1.25506.2.6.1.1.1.1"
    NA = 65535
    rows = {2: dict(cpu=9, cpu_thr=80, mem=46, mem_thr=85, memsize=8589934592, temp=NA,
                    thr=NA, crit=NA, err=2, cpu_avg=8, mem_avg=46)}
    for n in (1, 2):
        rows[20 + n] = dict(err=2)
    for n in range(1, 5):
        rows[40 + n] = dict(err=2)
    for idx, _sname, temp, warn, crit in sensors:
        rows[idx] = dict(temp=temp, thr=warn, crit=crit, err=2)
    for idx in sorted(rows):
        v = rows[idx]
        r.i(f"{ex}.2.{idx}", 4 if idx == 2 else 1)
        r.i(f"{ex}.3.{idx}", 3 if idx == 2 else 1)
        r.i(f"{ex}.6.{idx}", v.get("cpu", 0))
        r.i(f"{ex}.7.{idx}", v.get("cpu_thr", 0))
        r.i(f"{ex}.8.{idx}", v.get("mem", 0))
        r.i(f"{ex}.9.{idx}", v.get("mem_thr", 0))
        r.add(f"{ex}.10.{idx}", G32, str(min(v.get("memsize", 0), 2 ** 32 - 1)))
        r.i(f"{ex}.12.{idx}", v.get("temp", NA))
        r.i(f"{ex}.13.{idx}", v.get("thr", NA))
        r.i(f"{ex}.17.{idx}", v.get("crit", NA))
        r.i(f"{ex}.19.{idx}", v.get("err", 2))
        r.i(f"{ex}.26.{idx}", v.get("cpu_avg", 0))
        r.i(f"{ex}.27.{idx}", v.get("mem_avg", 0))
    # HH3C-LSW-DEV-ADM-MIB fans / power: status 1 active, 2 deactive, 3 notInstall
    for n in range(1, 5):
        r.i(f"1.3.6.1.4.1.25506.8.35.9.1.1.1.1.{n}", n)
        r.i(f"1.3.6.1.4.1.25506.8.35.9.1.1.1.2.{n}", 1)
    for n in (1, 2):
        r.i(f"1.3.6.1.4.1.25506.8.35.9.1.2.1.1.{n}", n)
        r.i(f"1.3.6.1.4.1.25506.8.35.9.1.2.1.2.{n}", 1)
    b = "5CA721C61300"
    ifs = [
        dict(index=1, descr="M-GigabitEthernet0/0/0", speed=1000, mac=mac(b, 1),
             last_change=1800, in_octets=928374123, out_octets=551203341,
             alias="M-GigabitEthernet0/0/0 Interface"),
        dict(index=2, descr="Twenty-FiveGigE1/0/1", speed=25000, mac=mac(b, 2),
             last_change=2201, in_octets=48201938475512, out_octets=39182736455123,
             alias="Twenty-FiveGigE1/0/1 Interface", mtu=9000),
        dict(index=3, descr="Twenty-FiveGigE1/0/2", speed=25000, mac=mac(b, 3),
             last_change=2202, in_octets=37182938475519, out_octets=45512039847712,
             alias="Twenty-FiveGigE1/0/2 Interface", mtu=9000),
        dict(index=49, descr="Twenty-FiveGigE1/0/48", speed=25000, mac=mac(b, 49), oper=2,
             last_change=2300, alias="Twenty-FiveGigE1/0/48 Interface"),
        dict(index=50, descr="HundredGigE1/0/49", speed=100000, mac=mac(b, 50),
             last_change=2400, in_octets=120394857712233, out_octets=99283746551234,
             alias="to-SPINE-01", mtu=9000),
        dict(index=641, descr="Vlan-interface1", type=136, speed=1000, mac=mac(b, 0),
             oper=2, last_change=1900, alias="Vlan-interface1 Interface"),
    ]
    r.interfaces(ifs, up)
    return r


# ---------------------------------------------------------------------------
# Juniper Junos: EX4300-48T (JUNIPER-MIB jnxBoxAnatomy: jnxContentsTable,
# jnxOperatingTable; ENTITY-MIB; HOST-RESOURCES storage)
# ---------------------------------------------------------------------------

def juniper_ex4300():
    r = Rec("juniper-ex4300")
    up = uptime_cs(401, 18, 9, 30)
    descr = ("Juniper Networks, Inc. ex4300-48t Ethernet Switch, kernel JUNOS 18.4R2-S4.2, "
             "Build date: 2020-03-12 08:53:04 UTC Copyright (c) 1996-2020 Juniper Networks, Inc.")
    r.system(descr, "1.3.6.1.4.1.2636.1.1.1.2.63", up, "noc@example.net", "ex4300-dist-02",
             "Lab DC1, Hall 1, Row B, Rack 09", services=4)
    J = "1.3.6.1.4.1.2636.3.1"
    serial = "PE3718AF0456"
    r.add(f"{J}.1.0", OID, "1.3.6.1.4.1.2636.1.1.2.2.63")
    r.s(f"{J}.2.0", "Juniper EX4300-48T Switch")
    r.s(f"{J}.3.0", serial)
    r.s(f"{J}.4.0", "REV 07")
    # (container, L1, L2, L3, descr, serial, part, revision, state, temp, cpu, buffer,
    #  dram bytes, mem MB)
    comps = [
        (1, 1, 0, 0, "", "", "", "", 2, 0, 0, 0, 0, 0),
        (2, 1, 1, 0, "Power Supply 0 @ 0/0/*", "1EDV7410315", "740-046873", "REV 03",
         2, 0, 0, 0, 0, 0),
        (2, 1, 2, 0, "Power Supply 1 @ 0/1/*", "1EDV7410388", "740-046873", "REV 03",
         2, 0, 0, 0, 0, 0),
        (4, 1, 1, 0, "Fan Tray 0 @ 0/0/*", "", "", "", 2, 0, 0, 0, 0, 0),
        (4, 1, 2, 0, "Fan Tray 1 @ 0/1/*", "", "", "", 2, 0, 0, 0, 0, 0),
        (7, 1, 0, 0, "FPC: EX4300-48T @ 0/*/*", serial, "650-044930", "REV 07",
         2, 41, 12, 27, 2147483648, 2048),
        (8, 1, 1, 0, "PIC: 48x 10/100/1000 Base-T @ 0/0/*", "", "BUILTIN", "",
         2, 0, 0, 0, 0, 0),
        (8, 1, 2, 0, "PIC: 4x 40GE QSFP+ @ 0/1/*", "", "BUILTIN", "", 2, 0, 0, 0, 0, 0),
        (8, 1, 3, 0, "PIC: 4x 10GE SFP+ @ 0/2/*", "", "611-063980", "REV 05",
         2, 0, 0, 0, 0, 0),
        (9, 1, 0, 0, "Routing Engine 0", serial, "BUILTIN", "", 2, 39, 12, 27,
         2147483648, 2048),
    ]
    for c, l1, l2, l3, dsc, ser, part, rev, state, temp, cpu, buf, dram, mem in comps:
        ix = f"{c}.{l1}.{l2}.{l3}"
        # jnxContentsTable .3.1.8.1: type .5, descr .6, serial .7, revision .8, part .10
        r.add(f"{J}.8.1.1.{ix}", INT, str(c))
        r.s(f"{J}.8.1.6.{ix}", dsc)
        r.s(f"{J}.8.1.7.{ix}", ser)
        r.s(f"{J}.8.1.8.{ix}", rev)
        r.s(f"{J}.8.1.10.{ix}", part)
        # jnxOperatingTable .3.1.13.1: descr .5, state .6 (2 running, 5 runningAtFullSpeed,
        # 6 down), temp .7, cpu .8, ISR .9, DRAM .10, buffer .11, heap .12,
        # uptime .13, last restart .14, memory MB .15
        r.s(f"{J}.13.1.5.{ix}", dsc)
        r.i(f"{J}.13.1.6.{ix}", state)
        r.add(f"{J}.13.1.7.{ix}", G32, str(temp))
        r.add(f"{J}.13.1.8.{ix}", G32, str(cpu))
        r.add(f"{J}.13.1.9.{ix}", G32, "0")
        r.i(f"{J}.13.1.10.{ix}", dram)
        r.add(f"{J}.13.1.11.{ix}", G32, str(buf))
        r.add(f"{J}.13.1.12.{ix}", G32, "0")
        r.add(f"{J}.13.1.13.{ix}", TT, str(up - 2000))
        r.add(f"{J}.13.1.14.{ix}", TT, "0")
        r.i(f"{J}.13.1.15.{ix}", mem)
    # ENTITY-MIB (Junos 18 layout: one row per FRU)
    r.entity(1, "Juniper EX4300-48T Switch", C_CHASSIS, 0, -1, "Juniper EX4300-48T Switch",
             vtype="1.3.6.1.4.1.2636.1.1.2.2.63", hw="REV 07", sw="18.4R2-S4.2",
             serial=serial, mfg="Juniper Networks", model="EX4300-48T")
    r.entity(2, "Power Supply @ 0/0/*", C_PSU, 1, 1, "Power Supply 0",
             serial="1EDV7410315", mfg="Juniper Networks", model="JPSU-350-AC-AFO", fru=True)
    r.entity(3, "Power Supply @ 0/1/*", C_PSU, 1, 2, "Power Supply 1",
             serial="1EDV7410388", mfg="Juniper Networks", model="JPSU-350-AC-AFO", fru=True)
    r.entity(20, "Fan Tray @ 0/0/*", C_FAN, 1, 3, "Fan Tray 0", mfg="Juniper Networks",
             fru=True)
    r.entity(21, "Fan Tray @ 0/1/*", C_FAN, 1, 4, "Fan Tray 1", mfg="Juniper Networks",
             fru=True)
    r.entity(120, "FPC: EX4300-48T @ 0/*/*", C_MODULE, 1, 5, "FPC 0", hw="REV 07",
             serial=serial, mfg="Juniper Networks", model="EX4300-48T", fru=True)
    r.entity(190, "PIC: 48x 10/100/1000 Base-T @ 0/0/*", C_MODULE, 120, 1, "PIC 0",
             mfg="Juniper Networks")
    r.entity(192, "PIC: 4x 10GE SFP+ @ 0/2/*", C_MODULE, 120, 3, "PIC 2",
             hw="REV 05", mfg="Juniper Networks", model="EX-UM-4X4SFP", fru=True)
    r.entity(300, "Routing Engine 0", C_CPU, 120, 6, "Routing Engine 0",
             mfg="Juniper Networks")
    r.entity(400, "FPC 0 CPU temperature sensor", C_SENSOR, 120, 7, "FPC 0 CPU")
    # HOST-RESOURCES storage (Junos answers hrStorageTable)
    r.hr_system(up, nusers=0, nprocs=212)
    r.hr_storage([
        (1, 4, "/dev/gpt/junos: root file system, mounted on: /.mount", 2048, 1001876, 681203),
        (2, 4, "/dev/md0.uzip, mounted on: /.mount/packages/mnt/jbase", 2048, 19264, 19264),
        (3, 4, "tmpfs, mounted on: /.mount/tmp", 4096, 262144, 1533),
        (4, 2, "RAM", 1024, 2097152, 1212416),
    ], mem_kb=2097152)
    b = "88E0F3A1B200"
    ifs = [
        dict(index=34, descr="me0", speed=1000, mac=mac(b, 0), last_change=4000,
             in_octets=8812376611, out_octets=3312398876, alias="oob", no_dot3=True),
        dict(index=513, descr="ge-0/0/0", speed=1000, mac=mac(b, 1), last_change=4512,
             in_octets=772301928374, out_octets=1109283746551, alias="ap-2f-01"),
        dict(index=514, descr="ge-0/0/1", speed=1000, mac=mac(b, 2), last_change=4513,
             in_octets=198273645512, out_octets=288374655123, alias="cam-2f-07",
             in_errors=77, fcs=77),
        dict(index=560, descr="ge-0/0/47", speed=1000, mac=mac(b, 48), oper=2,
             last_change=4600, alias=""),
        dict(index=600, descr="xe-0/2/0", speed=10000, mac=mac(b, 60), last_change=4800,
             in_octets=12039485771234, out_octets=9928374655109, alias="uplink-core-a"),
        dict(index=601, descr="xe-0/2/1", speed=10000, mac=mac(b, 61), last_change=4801,
             in_octets=11029384775612, out_octets=9102938477712, alias="uplink-core-b"),
        dict(index=620, descr="ae0", type=161, speed=20000, mac=mac(b, 62), last_change=4900,
             in_octets=23068870546846, out_octets=19031313132821, alias="core LAG"),
    ]
    r.interfaces(ifs, up)
    return r


# ---------------------------------------------------------------------------
# Arista EOS: DCS-7050SX3-48YC8 (ENTITY-SENSOR, ARISTA-ENTITY-SENSOR thresholds,
# HOST-RESOURCES)
# ---------------------------------------------------------------------------

def arista_eos_7050():
    r = Rec("arista-eos-7050")
    up = uptime_cs(74, 22, 48, 13)
    model = "DCS-7050SX3-48YC8"
    descr = f"Arista Networks EOS version 4.26.4M running on an Arista Networks {model}"
    r.system(descr, "1.3.6.1.4.1.30065.1.3011.7050.3282.48", up, "noc@example.net",
             "arista-leaf-07", "Lab DC2, Room 301, Rack A02", services=14)
    serial = "JPE21043317"
    r.entity(1, "48x25GbE (SFP28) & 8x100GbE (QSFP100) Switch", C_CHASSIS, 0, -1, "",
             hw="11.02", fw="Aboot-norcal10-10.1.7-22180117", sw="4.26.4M", serial=serial,
             mfg="Arista Networks", model=model)
    # sensors: (index, descr, type, scale, precision, value, lowCrit, lowWarn, highWarn, highCrit)
    sensors = [
        (100006001, "Cpu temp sensor", S_CELSIUS, 9, 1, 512, None, None, 950, 1050),
        (100006002, "Switch chip temp sensor", S_CELSIUS, 9, 1, 634, None, None, 1050, 1150),
        (100006003, "Front-panel temp sensor", S_CELSIUS, 9, 1, 287, None, None, 650, 750),
        (100006101, "Rail 1 12V", S_VDC, 9, 3, 12042, 10800, 11400, 12600, 13200),
        (100601111, "Fan Tray 1 Fan 1 Sensor 1", S_RPM, 9, 0, 8211, None, None, None, None),
        (100602111, "Fan Tray 2 Fan 1 Sensor 1", S_RPM, 9, 0, 8198, None, None, None, None),
        (100603111, "Fan Tray 3 Fan 1 Sensor 1", S_RPM, 9, 0, 8240, None, None, None, None),
        (100604111, "Fan Tray 4 Fan 1 Sensor 1", S_RPM, 9, 0, 8175, None, None, None, None),
        (100711101, "PowerSupply1 hotspot sensor", S_CELSIUS, 9, 1, 402, None, None, 950, 1080),
        (100711111, "PowerSupply1 output power", S_WATT, 9, 1, 1862, None, None, None, None),
        (100721101, "PowerSupply2 hotspot sensor", S_CELSIUS, 9, 1, 396, None, None, 950, 1080),
        (100721111, "PowerSupply2 output power", S_WATT, 9, 1, 1790, None, None, None, None),
    ]
    for n in range(1, 5):
        base = 100600000 + n * 1000
        r.entity(base, f"Fan Tray Slot {n}", C_CONTAINER, 1, 100 + n, "")
        r.entity(base + 100, f"Fan Tray {n}", C_FAN, base, 1, "", hw="", serial="",
                 mfg="Arista Networks", model="FAN-7000H-F", fru=True)
        r.entity(base + 110, f"Fan Tray {n} Fan 1", C_FAN, base + 100, 1, "")
    for n in (1, 2):
        base = 100700000 + n * 10000
        r.entity(base, f"Power Supply Slot {n}", C_CONTAINER, 1, 200 + n, "")
        r.entity(base + 1000, f"PowerSupply{n}", C_PSU, base, 1, "", hw="02.00",
                 serial=f"EAB2103{n}4471", mfg="Arista Networks", model="PWR-511-AC-RED",
                 fru=True)
    for idx, dsc, *_rest in sensors:
        if idx >= 100711000:
            parent = 100700000 + (idx // 10000 % 10) * 10000 + 1000
        elif idx >= 100600000:
            parent = idx - 1
        else:
            parent = 1
        r.entity(idx, dsc, C_SENSOR, parent, idx % 1000, "")
    for idx, dsc, stype, scale, prec, val, lc, lw, hw_, hc in sensors:
        r.entity_sensor(idx, stype, scale, prec, val)
        at = "1.3.6.1.4.1.30065.3.12.1.1.1"
        none = -1000000000
        r.i(f"{at}.1.{idx}", none if lc is None else lc)
        r.i(f"{at}.2.{idx}", none if lw is None else lw)
        r.i(f"{at}.3.{idx}", none if hw_ is None else hw_)
        r.i(f"{at}.4.{idx}", none if hc is None else hc)
        r.s(f"{at}.5.{idx}", f"Sensor value {val} is within bounds")
    ports = [(100100001, "Ethernet1"), (100100002, "Ethernet2"), (100100048, "Ethernet48"),
             (100100049, "Ethernet49/1")]
    for n, (idx, pname) in enumerate(ports, 1):
        r.entity(idx, pname, C_PORT, 1, 300 + n, pname)
    # HOST-RESOURCES
    r.hr_system(up, nusers=1, nprocs=402)
    r.hr_storage([
        (1, 2, "RAM", 1024, 16319824, 5981224),
        (2, 2, "RAM (Buffers)", 1024, 16319824, 412380),
        (3, 2, "RAM (Cache)", 1024, 16319824, 3120044),
        (4, 9, "Flash", 4096, 933222, 441231),
        (5, 3, "Tmp", 4096, 16384, 31),
    ], mem_kb=16319824)
    r.hr_processors([9, 7, 8, 6])
    b = "444CA8E60000"
    ifs = [
        dict(index=1, descr="Ethernet1", speed=25000, mac=mac(b, 1), last_change=3300,
             in_octets=192837465512038, out_octets=221039484771265, alias="srv-a02-01 nic1",
             mtu=9214),
        dict(index=2, descr="Ethernet2", speed=25000, mac=mac(b, 2), last_change=3301,
             in_octets=120394857761234, out_octets=92837465510923, alias="srv-a02-02 nic1",
             mtu=9214),
        dict(index=48, descr="Ethernet48", speed=25000, mac=mac(b, 48), admin=2, oper=2,
             last_change=3000, alias="", mtu=9214),
        dict(index=49001, descr="Ethernet49/1", speed=100000, mac=mac(b, 49), last_change=3400,
             in_octets=883746510293847, out_octets=910293847561234, alias="spine-02 Ethernet3/1",
             mtu=9214, in_discards=1209),
        dict(index=999001, descr="Management1", speed=1000, mac=mac(b, 0x99), last_change=2800,
             in_octets=3312938476, out_octets=1203948871, alias="oob"),
    ]
    r.interfaces(ifs, up)
    return r


# ---------------------------------------------------------------------------
# Inspur S5350 (Centec-based S series): standard MIBs only.
# ---------------------------------------------------------------------------

def inspur_s5350():
    r = Rec("inspur-s5350")
    up = uptime_cs(19, 3, 12, 44)
    model = "S5350-48T4X"
    descr = (f"Inspur Networks {model} Switch, Software Version 6.2.27.R1.07, "
             "Copyright (C) 2021 Inspur. All rights reserved.")
    r.system(descr, "1.3.6.1.4.1.48512.1.2.5350", up, "noc@example.net", "s5350-acc-11",
             "Lab DC2, Room 105, Rack F01")
    serial = "INS5350210901273"
    r.entity(1, f"Inspur {model} Chassis", C_CHASSIS, 0, -1, "Chassis", hw="1.0",
             fw="1.2.6", sw="6.2.27.R1.07", serial=serial, mfg="Inspur", model=model)
    r.entity(2, "Power Supply Slot 1", C_CONTAINER, 1, 1, "PSU Slot 1")
    r.entity(3, "Power Supply Slot 2", C_CONTAINER, 1, 2, "PSU Slot 2")
    r.entity(4, "AC 150W Power Supply", C_PSU, 2, 1, "PSU1", hw="A", serial="PS5350A0012231",
             mfg="Inspur", model="PSU-150W-AC", fru=True)
    r.entity(5, "AC 150W Power Supply", C_PSU, 3, 1, "PSU2", hw="A", serial="PS5350A0012244",
             mfg="Inspur", model="PSU-150W-AC", fru=True)
    r.entity(6, "Fan Tray", C_FAN, 1, 3, "FanTray1", mfg="Inspur", fru=True)
    r.entity(7, "Fan 1", C_FAN, 6, 1, "Fan1")
    r.entity(8, "Fan 2", C_FAN, 6, 2, "Fan2")
    sensors = [(20, "Temperature Sensor 1 (CPU)", S_CELSIUS, 9, 0, 47),
               (21, "Temperature Sensor 2 (Inlet)", S_CELSIUS, 9, 0, 31),
               (22, "Fan 1 speed", S_RPM, 9, 0, 6120),
               (23, "Fan 2 speed", S_RPM, 9, 0, 6090),
               (24, "PSU1 output voltage", S_VDC, 8, 0, 12030),
               (25, "PSU2 output voltage", S_VDC, 8, 0, 11980)]
    parents = {20: 1, 21: 1, 22: 7, 23: 8, 24: 4, 25: 5}
    for n, (idx, dsc, stype, scale, prec, val) in enumerate(sensors, 1):
        r.entity(idx, dsc, C_SENSOR, parents[idx], n, dsc)
        r.entity_sensor(idx, stype, scale, prec, val)
    ports = [(101, "eth-0-1"), (102, "eth-0-2"), (148, "eth-0-48"), (149, "eth-0-49")]
    for n, (idx, pname) in enumerate(ports, 1):
        r.entity(idx, pname, C_PORT, 1, 10 + n, pname)
    r.hr_system(up, nusers=0, nprocs=97)
    r.hr_storage([
        (1, 2, "Physical memory", 1024, 2052332, 1031256),
        (2, 9, "Flash (boot)", 4096, 233472, 91208),
    ], mem_kb=2052332)
    r.hr_processors([13])
    b = "D0C5F3881A00"
    ifs = [
        dict(index=1, descr="eth-0-1", speed=1000, mac=mac(b, 1), last_change=1200,
             in_octets=91283746551, out_octets=192837465512, alias="pc-105-01"),
        dict(index=2, descr="eth-0-2", speed=1000, mac=mac(b, 2), last_change=up - 12000,
             in_octets=1203948812, out_octets=2938471123, alias="pc-105-02"),
        dict(index=48, descr="eth-0-48", speed=1000, mac=mac(b, 48), oper=2, last_change=1250,
             alias=""),
        dict(index=49, descr="eth-0-49", speed=10000, mac=mac(b, 49), last_change=1300,
             in_octets=4029384771234, out_octets=2910293847712, alias="uplink"),
        dict(index=1025, descr="vlan1", type=136, speed=1000, mac=mac(b, 0), last_change=1100,
             in_octets=5512031, out_octets=3341223, alias=""),
    ]
    r.interfaces(ifs, up)
    return r


# ---------------------------------------------------------------------------
# SONiC on Edgecore AS7326-56X (sonic-snmpagent layout: ENTITY-MIB with
# ENTITY-SENSOR rows for thermals, fans, PSUs, transceiver DOM; HOST-RESOURCES)
# ---------------------------------------------------------------------------

def sonic_as7326():
    r = Rec("sonic-as7326")
    up = uptime_cs(45, 11, 27, 50)
    descr = ("SONiC Software Version: SONiC.202205.345210-4b8d1a7e9 - HwSku: Accton-AS7326-56X "
             "- Distribution: Debian 11.6 - Kernel: 5.10.0-18-2-amd64")
    r.system(descr, "1.3.6.1.4.1.8072.3.2.10", up, "noc@example.net", "sonic-leaf-12",
             "Lab DC2, Room 302, Rack D04", services=72)
    serial = "EC2045001234"
    r.entity(1, "chassis 1", C_CHASSIS, 0, -1, "chassis 1", serial=serial,
             model="7326-56X-O-AC-F", mfg="Accton")
    r.entity(200000000, "MGMT", C_MODULE, 1, 1, "MGMT")
    thermals = [(200990110, "Temp sensor 1", 31000), (200990210, "Temp sensor 2", 36500),
                (200990310, "Temp sensor 3", 29000), (200990510, "CPU Package Temp", 44000)]
    for n, (idx, nm, val) in enumerate(thermals, 1):
        r.entity(idx, nm, C_SENSOR, 200000000, n, nm)
        r.entity_sensor(idx, S_CELSIUS, SC_UNITS, 3, val)
    for t in range(1, 4):
        tray = 500000000 + t * 1000000
        r.entity(tray, f"FanTray{t}", C_CONTAINER, 1, 10 + t, f"FanTray{t}")
        for side, off in (("F", 20100), ("R", 20200)):
            fan = tray + off
            r.entity(fan, f"FAN-{t}{side}", C_FAN, tray, 1 if side == "F" else 2, f"FAN-{t}{side}")
            r.entity(fan + 20, f"Tachometers for FAN-{t}{side}", C_SENSOR, fan, 1,
                     f"Tachometers for FAN-{t}{side}")
            r.entity_sensor(fan + 20, S_OTHER, SC_UNITS, 0, 40 + t if side == "F" else 38 + t)
    for p in (1, 2):
        psu = 600000000 + p * 1000000
        r.entity(psu, f"PSU {p}", C_PSU, 1, 20 + p, f"PSU {p}", serial=f"FSF04620{p}0913",
                 model="FSF045-611G", fru=True)
        fan = psu + 20000 + p * 100
        r.entity(fan, f"PSU-{p} FAN-1", C_FAN, psu, 1, f"PSU-{p} FAN-1")
        r.entity(fan + 20, f"Tachometers for PSU-{p} FAN-1", C_SENSOR, fan, 1,
                 f"Tachometers for PSU-{p} FAN-1")
        r.entity_sensor(fan + 20, S_OTHER, SC_UNITS, 0, 35)
        for off, what, stype, val in ((240010, "Temperature", S_CELSIUS, 33000),
                                      (240030, "Power", S_WATT, 118000 if p == 1 else 112000),
                                      (240040, "Current", S_AMP, 9850 if p == 1 else 9300),
                                      (240050, "Voltage", S_VDC, 12031)):
            r.entity(psu + off, f"{what} for PSU {p}", C_SENSOR, psu, off // 10 % 10,
                     f"{what} for PSU {p}")
            r.entity_sensor(psu + off, stype, SC_UNITS, 3, val)
    # one transceiver with DOM (Ethernet0)
    xcvr = 1000000100
    r.entity(xcvr, "SFP/SFP+/SFP28 for Ethernet0", C_PORT, 1, 100, "Ethernet0",
             hw="A", serial="FNS2047Q0J1", mfg="FINISAR CORP.", model="FTLF8536P4BCL",
             fru=True)
    for off, what, stype, prec, val in ((1, "DOM Temperature Sensor", S_CELSIUS, 4, 342500),
                                        (2, "DOM Voltage Sensor", S_VDC, 4, 33021),
                                        (11, "DOM RX Power Sensor for Lane 1", S_DBM, 4, -21531),
                                        (21, "DOM TX Bias Sensor for Lane 1", S_AMP, 4, 71200),
                                        (31, "DOM TX Power Sensor for Lane 1", S_DBM, 4, -11744)):
        r.entity(xcvr + off, f"{what} for Ethernet0", C_SENSOR, xcvr, off, f"{what} for Ethernet0")
        scale = SC_MILLI if stype == S_AMP else SC_UNITS
        r.entity_sensor(xcvr + off, stype, scale, prec, val)
    r.hr_system(up, nusers=0, nprocs=311)
    r.hr_storage([
        (1, 2, "Physical memory", 1024, 8058012, 3920341),
        (3, 3, "Virtual memory", 1024, 8058012, 3920341),
        (6, 1, "Memory buffers", 1024, 8058012, 201833),
        (7, 1, "Cached memory", 1024, 2931287, 2931287),
        (31, 4, "/", 4096, 7499362, 2098334),
        (36, 4, "/host", 4096, 7499362, 2098334),
    ], mem_kb=8058012)
    r.hr_processors([6, 5, 9, 4])
    b = "80A235C91000"
    ifs = [
        dict(index=1, descr="Ethernet0", speed=25000, mac=mac(b, 0), last_change=2100,
             in_octets=301928374651928, out_octets=288172635540123, alias="Servers0:eth0",
             mtu=9100),
        dict(index=2, descr="Ethernet1", speed=25000, mac=mac(b, 0), last_change=2101,
             in_octets=210293847712001, out_octets=199283746551234, alias="Servers1:eth0",
             mtu=9100),
        dict(index=48, descr="Ethernet47", speed=25000, mac=mac(b, 0), admin=2, oper=2, last_change=2150,
             alias="", mtu=9100),
        dict(index=49, descr="Ethernet48", speed=100000, mac=mac(b, 0), last_change=2200,
             in_octets=993847561029384, out_octets=881029384756123, alias="ARISTA01T2:Ethernet1",
             mtu=9100),
        dict(index=10000, descr="eth0", speed=1000, mac=mac(b, 0x77), last_change=1800,
             in_octets=4401928374, out_octets=1203948812, alias="", no_dot3=True),
    ]
    r.interfaces(ifs, up)
    return r


# ---------------------------------------------------------------------------

DEVICES = [
    cisco_ios_c2960x,
    lambda: cisco_ios_c2960x(upgraded=True),
    cisco_nxos_n9k,
    lambda: huawei_vrp_s5720(),
    lambda: huawei_vrp_s5720(fan_failed=True),
    h3c_comware_s6850,
    juniper_ex4300,
    arista_eos_7050,
    inspur_cn8696,
    inspur_s5350,
    sonic_as7326,
]


def main(argv):
    check = "--check" in argv
    args = [a for a in argv if a != "--check"]
    outdir = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                               "snmprec")
    bad = 0
    for make in DEVICES:
        rec = make()
        path = os.path.join(outdir, rec.name + ".snmprec")
        text = rec.render()
        if check:
            try:
                with open(path, encoding="ascii") as fh:
                    same = fh.read() == text
            except OSError:
                same = False
            if not same:
                print(f"differs: {path}", file=sys.stderr)
                bad = 1
        else:
            os.makedirs(outdir, exist_ok=True)
            with open(path, "w", encoding="ascii") as fh:
                fh.write(text)
            print(f"wrote {path} ({len(rec.rows)} values)")
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
