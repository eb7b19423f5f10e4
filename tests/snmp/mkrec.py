#!/usr/bin/python3
"""Write the SNMP collector's own test recordings (tests/snmp/data/*.snmprec).

Invented devices of the families the lab's recordings (tests/lab/snmprec)
do not cover -- Cisco IOS-XE, Huawei YunShan, Aruba CX, HP ProCurve /
ArubaOS-Switch, Dell OS10, Dell OS9 (FTOS), Cumulus Linux -- with the OID
layout and value formats of the public MIBs and of what real devices of each
family answer (sysDescr formats as seen in public recordings).  Serial
numbers, names and counters are made up.  Each device carries faults worth
finding (a failed fan, an absent PSU, a hot sensor) so the tests check the
status vocabulary, not only the happy path.

Usage: mkrec.py [--check] [OUTDIR]   (default: the data/ folder next to it)
Standard library only; run with /usr/bin/python3.
"""

import os
import sys

INT, STR, HEX, OID, C32, G32, TT, C64 = "2", "4", "4x", "6", "65", "66", "67", "70"
ENT = "1.3.6.1.2.1.47.1.1.1.1"
SENS = "1.3.6.1.2.1.99.1.1.1"
IFT = "1.3.6.1.2.1.2.2.1"
IFX = "1.3.6.1.2.1.31.1.1.1"
DOT3 = "1.3.6.1.2.1.10.7.2.1"
HR = "1.3.6.1.2.1.25"


class Rec:
    def __init__(self, name):
        self.name = name
        self.rows = {}

    def add(self, oid, typ, value):
        oid = oid.strip(".")
        assert oid not in self.rows, (self.name, oid)
        self.rows[oid] = (typ, str(value))

    def system(self, descr, objid, uptime=123456789, name=None):
        self.add("1.3.6.1.2.1.1.1.0", STR if "\n" not in descr else HEX,
                 descr if "\n" not in descr else descr.encode().hex())
        self.add("1.3.6.1.2.1.1.2.0", OID, objid)
        self.add("1.3.6.1.2.1.1.3.0", TT, uptime)
        self.add("1.3.6.1.2.1.1.4.0", STR, "noc@example.invalid")
        self.add("1.3.6.1.2.1.1.5.0", STR, name or self.name)
        self.add("1.3.6.1.2.1.1.6.0", STR, "Lab rack 1")

    def entity(self, idx, cls, name, descr="", parent=0, model="", serial="",
               hw="", fw="", sw=""):
        for col, typ, val in ((2, STR, descr or name), (4, INT, parent), (5, INT, cls),
                              (7, STR, name), (8, STR, hw), (9, STR, fw),
                              (10, STR, sw), (11, STR, serial), (12, STR, ""),
                              (13, STR, model)):
            self.add("%s.%d.%d" % (ENT, col, idx), typ, val)

    def sensor(self, idx, typ, scale, prec, value, oper=1):
        for col, val in ((1, typ), (2, scale), (3, prec), (4, value), (5, oper)):
            self.add("%s.%d.%d" % (SENS, col, idx), INT, val)

    def interfaces(self, ports, uptime=123456789):
        """ports: list of (ifIndex, name, speed_mbps, oper, in_errors, crc)."""
        for i, name, mbps, oper, errs, crc in ports:
            self.add("%s.1.%d" % (IFT, i), INT, i)
            self.add("%s.2.%d" % (IFT, i), STR, name)
            self.add("%s.3.%d" % (IFT, i), INT, 6)
            self.add("%s.4.%d" % (IFT, i), INT, 1500)
            self.add("%s.5.%d" % (IFT, i), G32, min(mbps * 1000000, 4294967295))
            self.add("%s.6.%d" % (IFT, i), HEX, "00163e%06x" % i)
            self.add("%s.7.%d" % (IFT, i), INT, 1)
            self.add("%s.8.%d" % (IFT, i), INT, oper)
            self.add("%s.9.%d" % (IFT, i), TT, uptime - 360000)
            for col, val in ((10, 1000 * i), (11, 10 * i), (13, 0), (14, errs),
                             (16, 2000 * i), (17, 20 * i), (19, 1), (20, 0)):
                self.add("%s.%d.%d" % (IFT, col, i), C32, val)
            self.add("%s.1.%d" % (IFX, i), STR, name)
            self.add("%s.6.%d" % (IFX, i), C64, 10 ** 12 + i)
            self.add("%s.10.%d" % (IFX, i), C64, 2 * 10 ** 12 + i)
            self.add("%s.15.%d" % (IFX, i), G32, mbps)
            self.add("%s.18.%d" % (IFX, i), STR, "uplink" if i == 1 else "")
            self.add("%s.3.%d" % (DOT3, i), C32, crc)
            self.add("%s.19.%d" % (DOT3, i), INT, 2 if name.endswith("/9") else 3)

    def text(self):
        def key(oid):
            return [int(x) for x in oid.split(".")]
        return "".join("%s|%s|%s\n" % (o, t, v)
                       for o, (t, v) in sorted(self.rows.items(), key=lambda kv: key(kv[0])))


def cisco_iosxe():
    r = Rec("cisco-iosxe-c9300")
    r.system("Cisco IOS Software [Amsterdam], Catalyst L3 Switch Software "
             "(CAT9K_IOSXE), Version 17.3.4, RELEASE SOFTWARE (fc3)\n"
             "Technical Support: http://www.cisco.com/techsupport\n"
             "Copyright (c) 1986-2021 by Cisco Systems, Inc.",
             "1.3.6.1.4.1.9.1.2494")
    r.entity(1, 11, "c93xx Stack", "c93xx Stack")
    r.entity(1000, 3, "Switch 1", "C9300-48P", 1, "C9300-48P", "FOC2233X0AB", "V02")
    r.entity(1010, 8, "Switch 1 - Inlet Temp Sensor", parent=1000)
    r.entity(1011, 8, "Switch 1 - HotSpot Temp Sensor", parent=1000)
    r.entity(1020, 6, "Switch 1 - Power Supply A", "PWR-C1-715WAC", 1000,
             "PWR-C1-715WAC", "LIT2233AAAA")
    r.entity(1021, 6, "Switch 1 - Power Supply B", "PWR-C1-715WAC", 1000,
             "PWR-C1-715WAC", "LIT2233BBBB")
    r.entity(1030, 10, "GigabitEthernet1/1/1", parent=1000)
    r.entity(1031, 8, "Gi1/1/1 Module Temperature Sensor", parent=1030)
    r.entity(1032, 8, "Gi1/1/1 Receive Power Sensor", parent=1030)
    r.entity(1033, 8, "Gi1/1/1 Transmit Power Sensor", parent=1030)
    cs = "1.3.6.1.4.1.9.9.91.1.1.1.1"
    th = "1.3.6.1.4.1.9.9.91.1.2.1.1"
    for idx, typ, scale, prec, val in ((1010, 8, 9, 0, 31), (1011, 8, 9, 0, 58),
                                        (1031, 8, 9, 1, 342), (1032, 14, 9, 1, -52),
                                        (1033, 14, 9, 1, -48)):
        for col, v in ((1, typ), (2, scale), (3, prec), (4, val), (5, 1)):
            r.add("%s.%d.%d" % (cs, col, idx), INT, v)
    # Inlet: minor 46, major 56, critical 125 (shutdown); HotSpot minor 55
    for idx, n, sev, rel, v in ((1010, 1, 10, 4, 46), (1010, 2, 20, 4, 56),
                                (1010, 3, 30, 4, 125), (1011, 1, 10, 4, 55),
                                (1011, 2, 20, 4, 65), (1011, 3, 30, 4, 125),
                                (1032, 1, 20, 2, -140), (1032, 2, 20, 4, 10)):
        for col, val in ((2, sev), (3, rel), (4, v), (5, 2)):
            r.add("%s.%d.%d.%d" % (th, col, idx, n), INT, val)
    env = "1.3.6.1.4.1.9.9.13.1"
    for idx, name, state in ((1050, "Switch 1 - FAN 1", 1), (1051, "Switch 1 - FAN 2", 3),
                             (1052, "Switch 1 - FAN 3", 1)):
        r.add("%s.4.1.2.%d" % (env, idx), STR, name)
        r.add("%s.4.1.3.%d" % (env, idx), INT, state)
    for idx, name, state in ((1020, "Switch 1 - Power Supply A", 1),
                             (1021, "Switch 1 - Power Supply B", 5)):
        r.add("%s.5.1.2.%d" % (env, idx), STR, name)
        r.add("%s.5.1.3.%d" % (env, idx), INT, state)
    r.add("1.3.6.1.4.1.9.9.117.1.1.2.1.2.1020", INT, 2)
    cpu = "1.3.6.1.4.1.9.9.109.1.1.1.1"
    for col, v in ((2, 1000), (6, 9), (7, 7), (8, 6)):
        r.add("%s.%d.1" % (cpu, col), G32 if col > 2 else INT, v)
    mp = "1.3.6.1.4.1.9.9.221.1.1.1.1"
    for col, typ, v in ((3, STR, "Processor"), (7, G32, 300000000), (8, G32, 500000000),
                        (18, C64, 300000000), (20, C64, 500000000)):
        r.add("%s.%d.1000.1" % (mp, col), typ, v)
    # ENTITY-STATE-MIB: the switch in service and active; PSU A enabled
    # with a minor alarm (bit 4 of entStateAlarm)
    est = "1.3.6.1.2.1.131.1.1.1"
    for idx, oper, alarm, standby in ((1000, 3, "00", 4), (1020, 3, "08", 1)):
        r.add("%s.2.%d" % (est, idx), INT, 4)
        r.add("%s.3.%d" % (est, idx), INT, oper)
        r.add("%s.4.%d" % (est, idx), INT, 3)
        r.add("%s.5.%d" % (est, idx), HEX, alarm)
        r.add("%s.6.%d" % (est, idx), INT, standby)
    r.add("1.3.6.1.4.1.9.9.43.1.1.1.0", TT, 123400000)
    r.add("1.3.6.1.4.1.9.9.43.1.1.3.0", TT, 100000000)
    r.interfaces([(8, "GigabitEthernet1/0/1", 1000, 1, 0, 0),
                  (9, "GigabitEthernet1/0/9", 100, 1, 12, 7),
                  (40, "GigabitEthernet1/1/1", 1000, 2, 0, 0)])
    return r


def huawei_yunshan():
    r = Rec("huawei-yunshan-s6730")
    r.system('Huawei YunShan OS\nVersion 1.22.0.1 (S6700 V600R022C10SPC500) \r\n'
             'Copyright (C) 2021-2023 Huawei Technologies Co., Ltd. \r\n'
             'HUAWEI CloudEngine S6730-H24X6C \r\n', "1.3.6.1.4.1.2011.2.23.1216")
    r.entity(16777216, 3, "CloudEngine S6730-H24X6C", "CloudEngine S6730-H24X6C",
             serial="102456789012")
    r.entity(16842753, 9, "S6730-H24X6C 1", "S6730-H24X6C", 16777216,
             sw="Version 1.22.0.1 V600R022C10SPC500")
    r.entity(16850434, 10, "10GE1/0/1", parent=16842753)
    r.entity(16850435, 10, "10GE1/0/2", parent=16842753)
    st = "1.3.6.1.4.1.2011.5.25.31.1.1.1.1"
    for idx, vals in ((16777216, {2: 3, 5: 0, 6: 0, 7: 0, 8: 0, 11: 0, 12: 0}),
                      (16842753, {2: 3, 5: 23, 6: 80, 7: 47, 8: 95, 9: 4294967295,
                                  11: 71, 12: 70, 19: 4096, 35: 21, 36: 46})):
        for col, v in vals.items():
            r.add("%s.%d.%d" % (st, col, idx), INT, v)
    fan = "1.3.6.1.4.1.2011.5.25.31.1.1.10.1"
    for i, (speed, present, state) in enumerate(((45, 1, 1), (0, 1, 2), (0, 2, 2)), 1):
        for col, v in ((5, speed), (6, present), (7, state)):
            r.add("%s.%d.1.%d" % (fan, col, i), INT, v)
        r.add("%s.8.1.%d" % (fan, i), STR, "slot1,FAN%d" % i)
    pwr = "1.3.6.1.4.1.2011.5.25.31.1.1.18.1"
    for i, (present, state, mv) in enumerate(((1, 1, 12100), (1, 2, 0)), 1):
        for col, v in ((5, present), (6, state), (7, 8000), (8, mv)):
            r.add("%s.%d.1.%d" % (pwr, col, i), INT, v)
        r.add("%s.9.1.%d" % (pwr, i), STR, "slot1,PWR%d" % i)
    opt = "1.3.6.1.4.1.2011.5.25.31.1.1.3.1"
    for idx, (temp, mv, ua, rx, tx) in ((16850434, (37, 3290, 7300, -235, -213)),
                                        (16850435, (-255, -1, -1, -1, -1))):
        for col, v in ((5, temp), (6, mv), (7, ua), (8, rx), (9, tx), (13, -1130),
                       (14, 340), (15, -940), (16, 340)):
            r.add("%s.%d.%d" % (opt, col, idx), INT, v)
        r.add("%s.24.%d" % (opt, idx), STR, "HUAWEI" if temp > 0 else "")
        r.add("%s.4.%d" % (opt, idx), STR, "AB2310200ZZ" if temp > 0 else "")
    r.interfaces([(6, "10GE1/0/1", 10000, 1, 0, 0), (7, "10GE1/0/2", 10000, 2, 0, 0)])
    return r


def aruba_cx():
    r = Rec("aruba-cx-6300")
    r.system("Aruba JL662A 6300M 24SFP+ 4SFP56 Swch FL.10.10.1020",
             "1.3.6.1.4.1.47196.4.1.1.1.373")
    r.entity(1, 3, "1/1", "6300M 24SFP+ 4SFP56 Swch", 0, "JL662A", "SG0ZZZ1234", sw="FL.10.10.1020")
    r.entity(101, 7, "Fan 1/1", parent=1)
    r.entity(102, 7, "Fan 1/2", parent=1)
    r.entity(103, 8, "RPM For Fan 1/1", parent=101)
    r.entity(104, 8, "RPM For Fan 1/2", parent=102)
    r.entity(105, 8, "Temp", parent=1)
    r.sensor(103, 10, 9, 0, 5400)
    r.sensor(104, 10, 9, 0, 0, 3)
    r.sensor(105, 8, 9, 3, 31375)
    ps = "1.3.6.1.4.1.47196.4.1.1.3.11.2.1.1"
    for i, (state, w) in enumerate(((1, 120), (2, 0)), 1):
        r.add("%s.3.1.%d" % (ps, i), STR, "1/%d" % i)
        r.add("%s.5.1.%d" % (ps, i), STR, "JL085A" if state == 1 else "")
        r.add("%s.6.1.%d" % (ps, i), STR, "CN9ZZZ%04d" % i if state == 1 else "")
        r.add("%s.7.1.%d" % (ps, i), INT, w)
        r.add("%s.8.1.%d" % (ps, i), INT, 680 if state == 1 else 0)
        r.add("%s.11.1.%d" % (ps, i), INT, state)
    ts = "1.3.6.1.4.1.47196.4.1.1.3.11.3.1.1"
    for i, (name, state, mc) in enumerate((("1/1-Switch-ASIC-Internal", "normal", 61250),
                                            ("1/1-CPU", "normal", 44000)), 1):
        r.add("%s.5.1.%d" % (ts, i), STR, name)
        r.add("%s.6.1.%d" % (ts, i), STR, state)
        r.add("%s.7.1.%d" % (ts, i), INT, mc)
    r.add("%s.2.1" % (HR + ".3.3.1"), INT, 7)
    r.interfaces([(1, "1/1/1", 10000, 1, 0, 0), (2, "1/1/2", 10000, 2, 0, 0)])
    return r


def procurve():
    r = Rec("hp-procurve-5406")
    r.system("HP J9850A Switch 5406Rzl2, revision KB.16.02.0012, ROM KB.16.01.0006 "
             "(/ws/swbuildm/rel_orlando_qaoff/code/build/bom(swbuildm_rel_orlando_qaoff_rel_orlando))",
             "1.3.6.1.4.1.11.2.3.7.11.160")
    r.entity(1, 3, "5406Rzl2", "HP J9850A Switch 5406Rzl2", 0, "J9850A", "SG00ZZ1234")
    sens = "1.3.6.1.4.1.11.2.14.11.1.2.6.1"
    for i, (obj, status, descr) in enumerate((
            ("1.3.6.1.4.1.11.2.3.7.8.3.2", 4, "Fan Sensor"),
            ("1.3.6.1.4.1.11.2.3.7.8.3.1", 4, "Power Supply 1 Sensor"),
            ("1.3.6.1.4.1.11.2.3.7.8.3.1", 2, "Power Supply 2 Sensor"),
            ("1.3.6.1.4.1.11.2.3.7.8.3.3", 4, "Over-temperature Sensor")), 1):
        r.add("%s.2.%d" % (sens, i), OID, obj)
        r.add("%s.4.%d" % (sens, i), INT, status)
        r.add("%s.7.%d" % (sens, i), STR, descr)
    fan = "1.3.6.1.4.1.11.2.14.11.5.1.54.2.1.1"
    for i, state in enumerate((5, 5, 3, 1), 1):
        r.add("%s.4.%d" % (fan, i), INT, state)
    ps = "1.3.6.1.4.1.11.2.14.11.5.1.55.1.1.1"
    for i, (state, temp) in enumerate(((3, 31), (4, 0)), 1):
        r.add("%s.2.%d" % (ps, i), INT, state)
        r.add("%s.4.%d" % (ps, i), INT, temp)
    r.interfaces([(1, "A1", 1000, 1, 0, 0), (2, "A2", 1000, 2, 0, 0)])
    return r


def dell_os10():
    r = Rec("dell-os10-s5248")
    r.system("Dell EMC Networking OS10 Enterprise.\r\nCopyright (c) 1999-2021 by Dell Inc. "
             "All Rights Reserved.\r\nSystem Description: OS10 Enterprise.\r\n"
             "OS Version: 10.5.2.4.\r\nSystem Type: S5248F-ON\r\n",
             "1.3.6.1.4.1.674.11000.5000.100.2.1.13")
    r.entity(1, 3, "Chassis", "S5248F-ON 48x25GbE SFP28, 4x100GbE QSFP28, 2x200GbE QSFP28-DD",
             0, "S5248F-ON", "CN0ZZZ1234", sw="10.5.2.4")
    ch = "1.3.6.1.4.1.674.11000.5000.100.4.1.1.3.1"
    r.add("%s.11.1" % ch, INT, 39)
    card = "1.3.6.1.4.1.674.11000.5000.100.4.1.1.4.1"
    r.add("%s.5.1.1" % card, INT, 44)
    psu = "1.3.6.1.4.1.674.11000.5000.100.4.1.2.1.1"
    r.add("%s.4.1" % psu, INT, 1)
    r.add("%s.4.2" % psu, INT, 6)
    for i, st in enumerate((1, 1, 2, 1), 1):
        r.add("1.3.6.1.4.1.674.11000.5000.100.4.1.2.2.1.4.%d" % i, INT, 1)
        r.add("1.3.6.1.4.1.674.11000.5000.100.4.1.2.3.1.7.%d" % i, INT, st)
    r.interfaces([(1, "ethernet1/1/1", 25000, 1, 0, 0)])
    return r


def dell_os9():
    r = Rec("dell-ftos-s4048")
    r.system("Dell Networking OS\r\nOperating System Version: 2.0\r\nApplication Software "
             "Version: 9.14(1.0)\r\nSeries: S4048-ON\r\nCopyright (c) 1999-2018 by Dell Inc. "
             "All Rights Reserved.\r\nBuild Time: Mon Jun 25 14:38:21 2018",
             "1.3.6.1.4.1.6027.1.3.20")
    r.entity(2, 3, "S4048-ON", "48x10GbE SFP+, 6x40GbE QSFP+", 0, "S4048-ON", "CN0ZZZ5678")
    r.add("1.3.6.1.4.1.6027.3.26.1.3.4.1.13.1", G32, 47)
    for i, st in enumerate((1, 3), 1):
        r.add("1.3.6.1.4.1.6027.3.26.1.4.6.1.4.2.1.%d" % i, INT, st)
    for i, st in enumerate((1, 1, 2), 1):
        r.add("1.3.6.1.4.1.6027.3.26.1.4.7.1.4.2.1.%d" % i, INT, st)
    xc = "1.3.6.1.4.1.6027.3.11.1.3.1.1"
    for col, v in ((2, "Te 1/1"), (4, "10GBASE-SR"), (5, "DELL"), (6, "WTRD1"),
                   (7, "ZZ12345"), (16, "35.425781"), (17, "3.306900")):
        r.add("%s.%d.2097156" % (xc, col), STR, v)
    r.interfaces([(2097156, "TenGigabitEthernet 1/1", 10000, 1, 0, 0)])
    return r


def cumulus():
    r = Rec("cumulus-as5812")
    r.system("Cumulus Linux 4.3.0 (Linux Kernel 4.19.149-1+cl4.3u1)", "1.3.6.1.4.1.40310")
    r.entity(1, 3, "leaf01.example.invalid",
             "Cumulus Networks x86_64-accton_as5812_54x-r0 AS5812-54X Chassis", 0,
             "FP3ZZ7654321A", "581254X1234567", sw="Cumulus Linux 4.3.0")
    r.entity(100011001, 7, "Fan1", parent=1)
    r.entity(100011002, 7, "Fan2", parent=1)
    r.entity(100000001, 8, "Temp1", parent=1)
    r.sensor(100000001, 8, 9, 1, 425)
    r.sensor(100011001, 10, 9, 0, 9800)
    r.sensor(100011002, 10, 9, 0, 0, 3)
    lm = "1.3.6.1.4.1.2021.13.16"
    r.add("%s.2.1.2.1" % lm, STR, "cpu core temp")
    r.add("%s.2.1.3.1" % lm, G32, 51000)
    proc = HR + ".3.3.1.2"
    for i in range(1, 5):
        r.add("%s.%d" % (proc, 195 + i), INT, 3 + i)
    st = HR + ".2.3.1"
    for i, (typ, descr, units, size, used) in enumerate((
            ("1.3.6.1.2.1.25.2.1.2", "Physical memory", 1024, 8000000, 6000000),
            ("1.3.6.1.2.1.25.2.1.3", "Virtual memory", 1024, 9000000, 6100000),
            ("1.3.6.1.2.1.25.2.1.1", "Memory buffers", 1024, 8000000, 500000),
            ("1.3.6.1.2.1.25.2.1.1", "Cached memory", 1024, 3000000, 3000000),
            ("1.3.6.1.2.1.25.2.1.4", "/", 4096, 3500000, 3400000)), 1):
        r.add("%s.2.%d" % (st, i), OID, typ)
        r.add("%s.3.%d" % (st, i), STR, descr)
        r.add("%s.4.%d" % (st, i), INT, units)
        r.add("%s.5.%d" % (st, i), INT, size)
        r.add("%s.6.%d" % (st, i), INT, used)
    r.interfaces([(3, "swp1", 10000, 1, 0, 0), (4, "swp2", 10000, 1, 5, 5)])
    return r


DEVICES = [cisco_iosxe, huawei_yunshan, aruba_cx, procurve, dell_os10, dell_os9, cumulus]


def main():
    args = sys.argv[1:]
    check = bool(args and args[0] == "--check")
    if check:
        args = args[1:]
    out = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
    os.makedirs(out, exist_ok=True)
    differ = 0
    for make in DEVICES:
        r = make()
        path = os.path.join(out, r.name + ".snmprec")
        text = r.text()
        if check:
            try:
                same = open(path, encoding="utf-8").read() == text
            except OSError:
                same = False
            if not same:
                print("differs: %s" % path)
                differ += 1
        else:
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
