#!/usr/bin/python3
"""Writes a synthetic OUT bundle of N devices for the report's scale test.

usage: gen-site.py [--seed S] [--period P] [--start T] [--shift K] N OUT

Deterministic for a given seed: facts.json per device (valid against
common/schema/facts.schema.json), findings.json in the rules.h format and
inspection.json.  A mix of vendors, about 2 % of the devices not reached,
findings of every severity and category (a few per device, some waived),
and some rules not evaluated.  --shift K changes readings, versions and
findings as a later inspection would (for the comparison at scale).
"""
import argparse
import json
import os
import random
import zlib

VENDORS = [
    ("huawei", "S5735-L48T4X-A1", "vrp", ["V200R021C10SPC600", "V200R022C00SPC500"]),
    ("h3c", "S6520X-54QC-EI", "comware", ["7.1.070 Release 6635", "7.1.070 Release 6728"]),
    ("cisco", "C9300-48P", "ios-xe", ["17.6.5", "17.9.4a"]),
    ("inspur", "CN8696-48X6Q", "inos-cn", ["9.2(2)", "9.3(5)"]),
    ("juniper", "EX4300-48T", "junos", ["21.4R3-S4", "22.4R2"]),
    ("ruijie", "RG-S6250-48XS8CQ", "rgos", ["11.0(5)B9P59", "12.5(1)B0101"]),
]

RULES = [
    ("ENV-FAN-FAILED", "critical", "environment", "Fan failed", "风扇故障"),
    ("ENV-PSU-FAILED", "critical", "environment", "Power supply failed", "电源故障"),
    ("ENV-TEMP-HIGH", "major", "environment", "Temperature above the warning threshold", "温度超过告警阈值"),
    ("HW-STORAGE-FULL", "minor", "hardware", "Flash storage almost full", "Flash 存储空间不足"),
    ("HW-OPTIC-RX-LOW", "major", "hardware", "Optical receive power low", "光模块接收光功率过低"),
    ("SW-VERSION-NOT-RECOMMENDED", "major", "software", "Software version is not the recommended one", "软件版本非推荐版本"),
    ("SW-KNOWN-ISSUE", "minor", "software", "Known defect in the running version", "当前版本存在已知缺陷"),
    ("CFG-NTP-UNSYNC", "minor", "configuration", "Clock not synchronised to NTP", "时钟未与 NTP 同步"),
    ("CFG-NOT-SAVED", "minor", "configuration", "Running configuration not saved", "运行配置未保存"),
    ("SEC-TELNET-ENABLED", "major", "security", "Telnet is enabled", "已启用 Telnet"),
    ("SEC-SNMP-DEFAULT-COMMUNITY", "critical", "security", "SNMP community is a well-known default", "SNMP 团体名为默认值"),
    ("SITE-PSU-SINGLE", "minor", "site", "Only one power supply delivers power", "仅一个电源在供电"),
    ("INFO-UPTIME-LONG", "info", "software", "Device not restarted for more than three years", "设备超过三年未重启"),
]


def text(en, zh):
    return {"en": en, "zh-CN": zh}


def device_facts(i, rnd, shift, at):
    vendor, model, family, versions = VENDORS[i % len(VENDORS)]
    name = "sw-%04d" % i
    reached = (i % 50) != 17
    doc = {"schema": "swinspect.facts/1", "generator": "swinspect 0.1.0",
           "device": {"name": name, "address": "127.%d.%d.%d" % (1 + i // 62500, (i // 250) % 250, 1 + i % 250),
                      "site": "Scale DC"},
           "collected_at": at}
    if not reached:
        doc["sources"] = {"snmp": {"status": "timeout", "elapsed_ms": 4000,
                                   "error": "no answer after 2 tries of 2000 ms"}}
        return doc, None
    upgraded = shift and i % 3 == 0
    version = versions[1] if upgraded or i % 4 == 0 else versions[0]
    doc["sources"] = {"snmp": {"status": "ok", "elapsed_ms": rnd.randint(400, 4000), "profile": vendor}}
    doc["system"] = {"hostname": name.upper(), "vendor": vendor, "model": model,
                     "serial": "%s%08d" % (vendor[:3].upper(), i),
                     "os": {"family": family, "version": version},
                     "uptime_s": rnd.randint(3600, 120000000)}
    temps = [{"name": "Sensor %d" % k, "celsius": round(rnd.uniform(25, 62) + shift * rnd.uniform(-3, 4), 1),
              "high": 70, "critical": 85, "status": "ok"} for k in range(1, 4)]
    fans = [{"name": "Fan %d" % k, "status": "ok", "rpm": rnd.randint(4000, 9000)} for k in range(1, 5)]
    psus = [{"name": "PSU %d" % k, "status": "ok", "model": "PSU-600W",
             "serial": "PSU%06d%d" % (i, k), "watts": rnd.randint(80, 300)} for k in (1, 2)]
    doc["environment"] = {
        "temperatures": temps, "fans": fans, "power_supplies": psus,
        "cpu": {"load_pct": min(100, max(0, rnd.randint(1, 60) + shift * rnd.randint(-5, 10)))},
        "memory": {"used_pct": min(100, max(0, rnd.randint(20, 80) + shift * rnd.randint(-3, 6))),
                   "total_bytes": 4294967296}}
    doc["hardware"] = {
        "modules": [{"name": "Chassis", "class": "chassis", "model": model, "serial": doc["system"]["serial"]}] +
                   [{"name": "Slot %d" % k, "class": "module", "model": "CARD-%d" % k,
                     "serial": "CRD%06d%d" % (i, k), "status": "ok"} for k in range(1, 3)],
        "transceivers": [{"port": "Eth1/%d" % k, "type": "SFP+ 10GBASE-SR", "vendor": "OEM",
                          "part": "SFP-10G-SR", "serial": "OPT%06d%02d" % (i, k),
                          "rx_dbm": round(rnd.uniform(-9, -1), 2), "tx_dbm": round(rnd.uniform(-4, -1), 2),
                          "rx_dbm_low_alarm": -12, "rx_dbm_high_alarm": 2} for k in range(1, 5)],
        "storage": [{"name": "flash:", "total_bytes": 2147483648, "used_pct": rnd.randint(10, 95)}]}
    doc["interfaces"] = [{"name": "Eth1/%d" % k, "admin": "up", "oper": "up" if rnd.random() < 0.8 else "down",
                          "speed_bps": 10000000000, "in_errors": 0, "crc": 0} for k in range(1, 49)]
    doc["config"] = {"saved": rnd.random() < 0.9, "telnet_enabled": rnd.random() < 0.1,
                     "ntp_synchronized": rnd.random() < 0.9, "ssh_enabled": True}
    return doc, version


def findings_for(i, rnd, shift, version):
    out = []
    for rule, sev, cat, en, zh in RULES:
        # a stable subset per device, changed a little by --shift
        h = (i * 7919 + zlib.crc32(rule.encode()) % 1000 + (shift if rule.startswith(("ENV", "CFG")) else 0) * 31) % 100
        if h >= 18:
            continue
        obj = "Fan 2" if rule == "ENV-FAN-FAILED" else ""
        f = {"rule": rule, "pack": "generic", "severity": sev, "category": cat, "device": "sw-%04d" % i,
             "object": obj, "title": text(en, zh),
             "message": text("%s on sw-%04d" % (en, i), "sw-%04d：%s" % (i, zh)),
             "advice": text("See the vendor's guidance.", "参见厂商指导。"),
             "evidence": [{"path": "system.os.version", "value": version, "source": "snmp:1.3.6.1.2.1.1.1.0"}],
             "references": [], "state": "open"}
        if rule == "SW-VERSION-NOT-RECOMMENDED":
            f["evidence"].append({"path": "recommended_version", "value": "latest", "source": "rules:vendor-versions"})
        if rule == "CFG-NOT-SAVED" and i % 5 == 0:
            f["state"] = "waived"
            f["waiver"] = {"reason": "change window", "by": "customer", "expires": "2027-01-31"}
        out.append(f)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--period", default="2026-Q4")
    ap.add_argument("--start", default="2026-11-28T02:00:00Z")
    ap.add_argument("--shift", type=int, default=0)
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    a = ap.parse_args()
    rnd = random.Random(a.seed * 1000 + a.shift)
    findings, ne, devs = [], [], []
    for i in range(a.n):
        doc, version = device_facts(i, rnd, a.shift, a.start)
        d = os.path.join(a.out, "devices", doc["device"]["name"])
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "facts.json"), "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False)
        devs.append({"name": doc["device"]["name"], "address": doc["device"]["address"]})
        if version is None:
            ne.append({"rule": "ENV-FAN-FAILED", "device": doc["device"]["name"], "object": "",
                       "missing": ["environment.fans"], "reason": "device not reached"})
            continue
        findings.extend(findings_for(i, rnd, a.shift, version))
    catalog = [{"id": r, "pack": "generic", "severity": s, "category": c, "title": text(en, zh)}
               for r, s, c, en, zh in RULES]
    with open(os.path.join(a.out, "findings.json"), "w", encoding="utf-8") as f:
        json.dump({"schema": "swinspect.findings/1", "generator": "swinspect 0.1.0", "generated_at": a.start,
                   "packs": [{"pack": "generic", "version": "2026.11", "rules": len(RULES)}],
                   "rules": catalog, "findings": findings, "not_evaluated": ne}, f, ensure_ascii=False)
    with open(os.path.join(a.out, "inspection.json"), "w", encoding="utf-8") as f:
        json.dump({"schema": "swinspect.inspection/1", "generator": "swinspect 0.1.0",
                   "customer": "Scale Test Bank", "site": "Scale DC", "period": a.period,
                   "engineer": "Bench", "service_level": "gold", "started_at": a.start,
                   "finished_at": a.start, "incomplete": False, "devices": devs}, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
