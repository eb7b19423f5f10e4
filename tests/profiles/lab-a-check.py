#!/usr/bin/python3
"""Facts assertions of tests/profiles/lab-a.sh: what each emulated device of
tests/lab/cli/ must give through its profile.

usage: lab-a-check.py MODE OUT DEVICE...

MODE is "ssh" (the device inspected over SSH alone) or "both" (SNMP and SSH
together).  Prints one "ok:" or "FAIL:" line per assertion and exits 1 when
any failed, 0 otherwise.  The expected values are the devices' own (the
CLI files and the SNMP recordings of the same name agree on them).
"""

import json
import os
import re
import sys

# name: (profile, version, serial, model, {list: count over SSH}, checks)
# checks: (path, expected) where path is "list[name].field" or "a.b.c"
EXPECT = {
    "cisco-ios-c2960x": ("cisco-ios", "15.2(7)E4", "FOC2231W0QZ", "WS-C2960X-48FPD-L",
                         {"fans": 1, "power_supplies": 1, "temperatures": 1},
                         [("temperatures[System].celsius", 34), ("temperatures[System].high", 54),
                          ("temperatures[System].critical", 64), ("environment.cpu.load_pct", 7),
                          ("environment.cpu.load_1min_pct", 8), ("config.telnet_enabled", True),
                          ("config.http_enabled", True), ("config.ntp_synchronized", True),
                          ("config.ntp_servers", ["192.0.2.123"]), ("config.exec_timeout_s", 1800),
                          ("config.snmp.communities[0].default", True),
                          ("config.snmp.communities[0].rw", False),
                          ("logs.by_severity.error", 3), ("logs.by_severity.warning", 1),
                          ("interfaces[GigabitEthernet1/0/2].crc", 16569),
                          ("interfaces[GigabitEthernet1/0/2].duplex", "half"),
                          ("interfaces[TenGigabitEthernet1/0/2].err_disabled", True),
                          ("interfaces[TenGigabitEthernet1/0/1].out_discards", 39663),
                          ("transceivers[Te1/0/1].rx_dbm", -3.1),
                          ("transceivers[Te1/0/1].rx_dbm_low_alarm", -14.0),
                          ("transceivers[Te1/0/1].bias_ma_high_warn", 11.0),
                          ("stack.members[0].role", "active"), ("stack.members[0].status", "ok"),
                          ("storage[flash:].total_bytes", 122185728),
                          ("storage[flash:].free_bytes", 79446016),
                          # show license (classic): the permanent licence
                          # in use, the evaluation one never activated
                          ("license[lanbase].status", "active"),
                          ("license[lanbase].permanent", True),
                          ("license[lanlite].status", "inactive"),
                          ("license#", 2),
                          # show archive config differences: unsaved
                          ("config.saved", False)]),
    "cisco-nxos-n9k": ("cisco-nxos", "9.3(8)", "FDO22091QWE", "C93180YC-EX",
                       {"fans": 6, "power_supplies": 2, "temperatures": 4},
                       [("temperatures[module-1 BACK].high", 42),
                        ("temperatures[module-1 BACK].critical", 70),
                        ("temperatures[module-1 LEAF-ASIC].celsius", 52),
                        ("power_supplies[PowerSupply-1].capacity_watts", 650),
                        ("environment.memory.total_bytes", 23912584 * 1024),
                        ("config.telnet_enabled", True), ("config.ssh_enabled", True),
                        ("config.syslog_servers", ["192.0.2.60"]),
                        ("config.snmp.communities[1].rw", True),
                        ("logs.by_severity.critical", 2),
                        ("interfaces[Ethernet1/2].in_discards", 381),
                        ("interfaces[Ethernet1/49].speed_bps", 100000000000),
                        ("interfaces[Ethernet1/48].oper", "down"),
                        ("transceivers[Ethernet1/49].serial", "FNS22150JK1"),
                        ("transceivers[Ethernet1/49].rx_dbm", -1.12),
                        ("transceivers[Ethernet1/49].rx_dbm_low_alarm", -13.3),
                        ("transceivers[Ethernet1/49].tx_dbm_high_warn", 2.0),
                        ("storage[bootflash:].free_bytes", 48035893248),
                        ("storage[bootflash:].used_bytes", 5337710592),
                        # show license usage: installed features (one with
                        # an expiry date), one running on its grace period;
                        # the uninstalled unused one is no licence
                        ("license[LAN_ENTERPRISE_SERVICES_PKG].permanent", True),
                        ("license[LAN_ENTERPRISE_SERVICES_PKG].status", "active"),
                        ("license[NETWORK_SERVICES_PKG].expires", "2027-06-30"),
                        ("license[NETWORK_SERVICES_PKG].permanent", None),
                        ("license[VPN_FABRIC].status", "grace"),
                        ("license#", 3)]),
    "arista-eos-7050": ("arista-eos", "4.26.4M", "JPE21043317", "DCS-7050SX3-48YC8",
                        {"fans": 6, "power_supplies": 2, "temperatures": 5},
                        [("temperatures[Cpu temp sensor].celsius", 51.2),
                         ("temperatures[Cpu temp sensor].high", 95),
                         ("temperatures[Cpu temp sensor].critical", 105),
                         ("power_supplies[PowerSupply1].watts", 186.2),
                         ("fans[Fan Tray 1 Fan 1].speed_pct", 41),
                         ("config.telnet_enabled", False), ("config.https_enabled", True),
                         ("config.exec_timeout_s", 900), ("logs.by_severity.warning", 1),
                         ("transceivers[Et49/1].tx_dbm_low_warn", -6.4),
                         ("transceivers[Et49/1].tx_dbm_low_alarm", -10.4),
                         ("interfaces[Ethernet49/1].in_discards", 1209),
                         ("interfaces[Ethernet49/1].speed_bps", 100000000000),
                         ("interfaces[Ethernet48].admin", "down"),
                         ("storage[flash].total_bytes", 3822477312),
                         ("storage[flash].used_bytes", 1807282176),
                         ("license[MACsec].status", "active"),
                         ("license[MACsec].expires", "2027-02-28"),
                         ("license#", 1)]),
    "juniper-ex4300": ("juniper-junos", "18.4R2-S4.2", "PE3718AF0456", "ex4300-48t",
                       {"fans": 4, "power_supplies": 2, "temperatures": 5},
                       [("temperatures[FPC 0 CPU].celsius", 41),
                        ("temperatures[FPC 0 CPU].high", 80),
                        ("temperatures[FPC 0 CPU].critical", 92),
                        ("environment.cpu.load_pct", 12), ("environment.memory.used_pct", 27),
                        ("config.telnet_enabled", False), ("config.ssh_enabled", True),
                        ("config.exec_timeout_s", 600), ("config.ntp_synchronized", True),
                        ("alarms#", 2),
                        ("interfaces[ge-0/0/1].crc", 77), ("interfaces[ge-0/0/1].in_errors", 77),
                        ("interfaces[xe-0/2/0].speed_bps", 10000000000),
                        ("interfaces[ge-0/0/47].oper", "down"),
                        ("transceivers[xe-0/2/0].rx_dbm", -3.46),
                        ("transceivers[xe-0/2/0].tx_dbm_low_warn", -7.30),
                        ("transceivers[xe-0/2/0].temp_c_high_alarm", 75),
                        ("transceivers[xe-0/2/1].rx_dbm", -16.76),
                        ("transceivers[xe-0/2/1].rx_dbm_low_warn", -18.01),
                        ("transceivers[xe-0/2/1].tx_dbm", None),
                        # a four-lane QSFP+ with lane 1 dark: each lane in
                        # its place, the dark one at the DOM floor
                        ("transceivers[et-0/1/0].rx_dbm", [-2.13, -40, -2.41, -1.98]),
                        ("transceivers[et-0/1/0].tx_dbm", [-1.42, -1.34, -1.5, -1.39]),
                        ("transceivers[et-0/1/0].bias_ma", [6.502, 6.611, 6.48, 6.557]),
                        ("transceivers[et-0/1/0].rx_dbm_low_alarm", -16.2),
                        ("transceivers[et-0/1/0].temp_c", 31),
                        # show virtual-chassis: the standalone member 0
                        ("stack.members#", 1), ("stack.members[0].id", 0),
                        ("stack.members[0].role", "active"),
                        ("stack.members[0].status", "ok"),
                        ("stack.members[0].serial", "PE3718AF0456"),
                        ("stack.members[0].priority", 128),
                        # show system storage: the /dev/ and tmpfs file
                        # systems by mount point (devfs, procfs left out),
                        # SNMP's "..., mounted on: X" entries merged into them
                        ("hardware.storage#", 3),
                        ("storage[/.mount].total_bytes", 2040109466),
                        ("storage[/.mount].used_pct", 68),
                        ("storage[/.mount/tmp].used_bytes", 6291456),
                        ("storage[/.mount/packages/mnt/jbase].free_bytes", 0)]),
    "sonic-as7326": ("sonic", "202205.345210-4b8d1a7e9", "EC2045001234", "Accton-AS7326-56X",
                     {"fans": 8, "power_supplies": 2, "temperatures": 4},
                     [("temperatures[Temp sensor 2].celsius", 36.5),
                      ("temperatures[Temp sensor 2].high", 80),
                      ("temperatures[Temp sensor 2].critical", 85),
                      ("power_supplies[PSU 2].serial", "FSF0462020913"),
                      ("fans[FAN-2F].speed_pct", 42), ("config.telnet_enabled", False),
                      ("config.ntp_servers", ["192.0.2.123", "192.0.2.124"]),
                      ("logs.by_severity.error", 1),
                      ("interfaces[Ethernet48].speed_bps", 100000000000),
                      ("interfaces[Ethernet47].admin", "down"),
                      ("interfaces[Ethernet0].in_errors", 0),
                      ("storage[/var/log].used_pct", 17),
                      ("storage[/host].total_bytes", 30717386752),
                      ("hardware.storage#", 3),
                      ("transceivers[Ethernet0].rx_dbm", -2.1531),
                      ("transceivers[Ethernet0].serial", "FNS2047Q0J1"),
                      ("transceivers[Ethernet0].rx_dbm_low_alarm", -13.9794),
                      ("transceivers[Ethernet0].temp_c_high_warn", 70),
                      ("hardware.transceivers#", 1)]),
}

# With SNMP as well: every object once, however the two sources name it
# (counts of the merged document).  IOS: CISCO-ENVMON's "SW#1, Sensor#1"
# is show env's system sensor (slot and bay); EOS: the fan entity holding
# each rpm sensor; Junos: the power supplies by FPC and bay, SNMP's fan
# trays folded into the CLI's fans they hold.  The Junos temperatures are
# the CLI's five plus SNMP's FPC reading ("FPC: EX4300-48T @ 0/*/*"):
# jnxOperatingTemp of the FPC board, which no CLI line names (no source
# says which sensor feeds it), so it stays apart.
BOTH = {
    "cisco-ios-c2960x": {"fans": 1, "power_supplies": 1, "temperatures": 1},
    "cisco-nxos-n9k": {"temperatures": 4, "fans": 6, "power_supplies": 2},
    "arista-eos-7050": {"temperatures": 5, "power_supplies": 2, "fans": 6},
    "sonic-as7326": {"temperatures": 6, "power_supplies": 2, "fans": 8},
    "juniper-ex4300": {"fans": 4, "power_supplies": 2, "temperatures": 6},
}

# With SNMP too, values where the merge keeps SNMP's (doc/profiles.md:
# precedence): CISCO-ENVMON's one threshold fills `critical`; HOST-RESOURCES'
# storage sizes.
BOTH_VALUES = {"cisco-ios-c2960x": {"temperatures[System].critical": 54},
               # hrStorageSize and hrStorageUsed exactly, not df's "1.9G", "6.0M"
               "juniper-ex4300": {"storage[/.mount].total_bytes": 2051842048,
                                  "storage[/.mount/tmp].used_bytes": 6279168}}

# With SNMP too, system.model is SNMP's entPhysicalModelName where the two
# differ (the orderable part number, more precise than show version's).
BOTH_MODEL = {"cisco-nxos-n9k": "N9K-C93180YC-EX"}

LISTS = {"fans": "environment", "power_supplies": "environment",
         "temperatures": "environment", "voltages": "environment",
         "modules": "hardware", "transceivers": "hardware", "storage": "hardware"}

failures = 0


def say(ok, msg):
    global failures
    if not ok:
        failures += 1
    print(("ok: " if ok else "FAIL: ") + msg)


# Interface names as the vendors abbreviate them (Gi1/0/1 = GigabitEthernet1/0/1):
# SNMP's ifName and the CLI may spell one port either way (doc/profiles.md).
IFABBR = {"gigabitethernet": "gi", "ge": "gi", "tengigabitethernet": "te", "xge": "te",
          "ten-gigabitethernet": "te", "fastethernet": "fa", "ethernet": "eth", "et": "eth",
          "hundredgige": "hu", "hundredgigabitethernet": "hu", "fortygigabitethernet": "fo",
          "twentyfivegige": "twe", "port-channel": "po"}


def ifname(name):
    m = re.match(r"^([A-Za-z-]+)\s*(\d[\d/.:]*)$", str(name).strip())
    if not m:
        return str(name).strip().lower()
    pre = m.group(1).lower()
    return IFABBR.get(pre, pre) + m.group(2)


def get(facts, path):
    m = re.match(r"^(\w+)\[(.+?)\]\.(\w+)$", path)
    if m:
        lst, name, field = m.groups()
        if lst in LISTS:
            items = facts.get(LISTS[lst], {}).get(lst, [])
        else:
            items = facts.get(lst, [])
        key = "port" if lst == "transceivers" else "name"
        for it in items:
            if ifname(it.get(key, "")) == ifname(name):
                return it.get(field)
        # merged: SNMP's name kept, the CLI's in the evidence
        for it in items:
            ev = str(it.get("src", {}).get(key, ""))
            if re.search(r"\(also ssh:[^:]*: " + re.escape(name) + r"\)", ev):
                return it.get(field)
        return "<no such entry>"
    if path.endswith("#"):
        cur = facts
        for part in path[:-1].split("."):
            cur = cur.get(part, []) if isinstance(cur, dict) else []
        return len(cur)
    cur = facts
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("["):
            i = int(part[1:-1])
            cur = cur[i] if isinstance(cur, list) and len(cur) > i else None
        else:
            cur = cur.get(part) if isinstance(cur, dict) else None
    return cur


def same(a, b):
    if isinstance(b, float) or isinstance(a, float):
        return isinstance(a, (int, float)) and abs(a - b) < 0.05
    return a == b


def norm(name):
    return " ".join(str(name).lower().split())


def check_device(mode, out, dev):
    path = os.path.join(out, "devices", dev, "facts.json")
    with open(path, encoding="utf-8") as fh:
        facts = json.load(fh)
    profile, version, serial, model, counts, checks = EXPECT[dev]
    src = facts.get("sources", {})
    say(src.get("ssh", {}).get("status") == "ok", f"{dev}: ssh status ok ({src.get('ssh', {}).get('status')}: {src.get('ssh', {}).get('error', '')})")
    say(src.get("ssh", {}).get("profile") == profile, f"{dev}: recognised as {profile}")
    if mode == "both":
        say(src.get("snmp", {}).get("status") == "ok", f"{dev}: snmp status ok")
    system = facts.get("system", {})
    if mode == "both":
        model = BOTH_MODEL.get(dev, model)
    for key, want in (("version", version), ("serial", serial), ("model", model)):
        got = system.get("os", {}).get("version") if key == "version" else system.get(key)
        say(got == want, f"{dev}: system {key} {got!r} == {want!r}")
    env = facts.get("environment", {})
    for lst, n in (counts if mode == "ssh" else BOTH[dev]).items():
        items = env.get(lst, [])
        say(len(items) == n, f"{dev}: {len(items)} {lst} == {n}")
    for lst, where in list(LISTS.items()) + [("interfaces", None), ("license", None),
                                             ("members", "stack")]:
        key = {"transceivers": "port", "members": "id"}.get(lst, "name")
        items = facts.get(lst, []) if where is None else facts.get(where, {}).get(lst, [])
        names = [norm(x.get(key, "")) for x in items]
        dups = sorted({x for x in names if names.count(x) > 1})
        say(not dups, f"{dev}: no {lst} listed twice {dups if dups else ''}")
    for path, want in checks:
        if mode == "both":
            want = BOTH_VALUES.get(dev, {}).get(path, want)
        got = get(facts, path)
        say(same(got, want), f"{dev}: {path} {got!r} == {want!r}")
    if mode == "both":
        # what SSH gave is still there, from SSH, next to what SNMP gave
        ssh_src = json.dumps(facts).count('"ssh:')
        snmp_src = json.dumps(facts).count('"snmp:')
        say(ssh_src > 10 and snmp_src > 10, f"{dev}: values from both sources ({ssh_src} ssh, {snmp_src} snmp)")


def main(argv):
    if len(argv) < 4 or argv[1] not in ("ssh", "both"):
        sys.stderr.write(__doc__)
        return 2
    for dev in argv[3:]:
        check_device(argv[1], argv[2], dev)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
