#!/usr/bin/python3
"""seeds.py - seed corpora for the fuzz targets, from the project's own
fixtures (doc/fuzzing.md).  Run at build time by `make fuzz-smoke` /
`make fuzz-long` (nothing generated is checked in).

    seeds.py SRCDIR OUTDIR [SWINSPECT]

Writes OUTDIR/<target>/<name> for every target.  SWINSPECT (the built
program) makes the previous-report seeds; without it they are skipped.
"""
import glob
import hashlib
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

SEP = b"\n\x00\n"   # fuzz.h FUZZ_SEP
MAX = 256 * 1024    # larger fixtures are cut (libFuzzer's -max_len cuts too)


def read(path):
    with open(path, "rb") as f:
        return f.read(MAX)


class Out:
    def __init__(self, root):
        self.root = root
        self.count = {}

    def add(self, target, data, name=None):
        d = os.path.join(self.root, target)
        os.makedirs(d, exist_ok=True)
        if isinstance(data, str):
            data = data.encode()
        name = name or hashlib.sha1(data).hexdigest()[:16]
        name = re.sub(r"[^A-Za-z0-9._-]", "_", name)
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
        self.count[target] = self.count.get(target, 0) + 1


def code_blocks(path, lang):
    text = open(path, encoding="utf-8").read()
    return re.findall(r"```" + lang + r"\n(.*?)```", text, re.S)


def version(src, out):
    for line in open(os.path.join(src, "tests/rules/version-order.txt")):
        parts = [p.strip() for p in line.split("|")]
        if line.startswith("#") or len(parts) != 4:
            continue
        scheme, a, op, b = parts
        vendor = {"cisco": "cisco", "vrp": "huawei", "comware": "h3c",
                  "junos": "juniper", "eos": "arista"}.get(scheme, "")
        out.add("version", f"{a}\n{b}\n>= {a}, < {b}\n{vendor}\n{scheme}")


def expr(src, out):
    rx = re.compile(r"^\s*-?\s*(when|for_each|object|message|requires|"
                    r"[a-z_]+:\s*\{?\s*expr)\s*:\s*(.+)$")
    for f in sorted(glob.glob(os.path.join(src, "rules/packs/*.yaml")) +
                    glob.glob(os.path.join(src, "tests/rules/fixtures/*.yaml"))):
        for line in open(f, encoding="utf-8"):
            m = rx.match(line)
            if m:
                v = m.group(2).strip()
                if len(v) > 1 and v[0] == v[-1] and v[0] in "\"'":
                    v = v[1:-1]
                out.add("expr", v)


def textfsm(src, out):
    for case in sorted(glob.glob(os.path.join(src, "tests/textfsm/cases/*/"))):
        t = os.path.join(case, "template.textfsm")
        i = os.path.join(case, "input.txt")
        if os.path.exists(t) and os.path.exists(i):
            out.add("textfsm", read(t) + SEP + read(i))
    for d in sorted(glob.glob(os.path.join(src, "tests/textfsm/samples/*/"))):
        name = os.path.basename(d.rstrip("/"))
        t = os.path.join(src, "collectors/templates", name + ".textfsm")
        for i in sorted(glob.glob(os.path.join(d, "*.txt"))):
            if os.path.exists(t):
                out.add("textfsm", read(t) + SEP + read(i))


def lab_outputs(src):
    """(device folder, command, text) of the lab's recorded CLI outputs."""
    for f in sorted(glob.glob(os.path.join(src, "tests/lab/cli/*/*.txt"))):
        base = os.path.basename(f)[:-4]
        if base == "banner":
            continue
        yield os.path.basename(os.path.dirname(f)), base.replace("_", " "), read(f)


def profile(src, out):
    by_dev = {}
    for dev, cmd, text in lab_outputs(src):
        out.add("profile", cmd.encode() + b"\n" + text[:32768])
        by_dev.setdefault(dev, []).append((cmd, text))
    for dev, items in by_dev.items():
        # the version and environment outputs together, as one device's
        small = [c.encode() + b"\n" + t for c, t in items
                 if re.search(r"version|env|fan|power|temperature|device|"
                              r"inventory|cpu|memory", c)][:8]
        out.add("profile", SEP.join(small)[:65536], dev)


def imports(src, out):
    for f in sorted(glob.glob(os.path.join(src, "tests/import/data/*")) +
                    glob.glob(os.path.join(src, "tests/import/data/*/*/*"))):
        if os.path.isfile(f):
            out.add("import", read(f))
    by_dev = {}
    for dev, cmd, text in lab_outputs(src):
        by_dev.setdefault(dev, []).append((cmd, text))
    for dev, items in by_dev.items():
        # a terminal capture: prompt, command, output
        prompt = "<%s>" % dev if "huawei" in dev or "h3c" in dev else dev + "#"
        log = b"".join(f"{prompt}{c}\n".encode() + t[:8192] for c, t in items[:6])
        out.add("import", log + prompt.encode() + b"\n", dev + ".log")


def heredocs(src, word):
    """Here-documents of the shell tests that hold word (YAML written by
    the tests themselves)."""
    rx = re.compile(r"<<-?\s*'?(\w+)'?[^\n]*\n(.*?)\n\s*\1\n", re.S)
    for f in sorted(glob.glob(os.path.join(src, "tests/**/*.sh"), recursive=True)):
        for m in rx.finditer(open(f, encoding="utf-8", errors="replace").read()):
            if word in m.group(2):
                yield m.group(2) + "\n"


def inventory(src, out):
    for b in code_blocks(os.path.join(src, "doc/inventory.md"), "yaml"):
        out.add("inventory", b)
    for b in heredocs(src, "devices:"):
        out.add("inventory", b)
    out.add("inventory", "name,address,profile,group,site\n"
            "core-1,10.0.0.1,cisco-ios,core,DC1\n"
            "\"acc, 2\",10.0.0.2-10.0.0.9,,access,\n")
    out.add("inventory", "devices:\n  - name: a\n    address: 127.0.0.1\n"
            "include: [inventory.csv]\n")
    out.add("inventory", "Name;IP\nsw1;192.0.2.1\nsw2;2001:db8::1\n")


def rules(src, out):
    for f in sorted(glob.glob(os.path.join(src, "rules/packs/*.yaml")) +
                    glob.glob(os.path.join(src, "rules/tables/*.yaml")) +
                    glob.glob(os.path.join(src, "tests/rules/fixtures/*.yaml")) +
                    glob.glob(os.path.join(src, "tests/rules/*.yaml")) +
                    glob.glob(os.path.join(src, "site/checklists/*.yaml"))):
        out.add("rules", read(f), os.path.basename(f))
    for b in code_blocks(os.path.join(src, "doc/rules.md"), "yaml"):
        out.add("rules", b)
    for b in heredocs(src, "pack:"):
        out.add("rules", b)


def profile_load(src, out):
    for f in sorted(glob.glob(os.path.join(src, "collectors/profiles/*.yaml")) +
                    glob.glob(os.path.join(src, "tests/profiles/data/*/*.yaml"))):
        out.add("profile_load", read(f), os.path.basename(f))


def site(src, out):
    cl = read(os.path.join(src, "site/checklists/default.yaml"))
    for f in sorted(glob.glob(os.path.join(src, "tests/site/*.yaml"))):
        out.add("site", cl + SEP + read(f), os.path.basename(f))
    for b in code_blocks(os.path.join(src, "doc/site.md"), "yaml"):
        out.add("site", b.encode() + SEP)


def previous(src, out, swinspect):
    if not swinspect or not os.access(swinspect, os.X_OK):
        return
    with tempfile.TemporaryDirectory() as tmp:
        for b in ("previous", "site", "hostile"):
            d = os.path.join(tmp, b)
            shutil.copytree(os.path.join(src, "tests/report", b), d)
            env = dict(os.environ, SWINSPECT_DATADIR=src,
                       ASAN_OPTIONS="detect_leaks=0")
            subprocess.run([swinspect, "report", d], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            r = os.path.join(d, "report.json")
            if os.path.exists(r):
                out.add("previous", read(r), b + ".json")


# fuzz_snmp.c scripts: answers that follow the requests onwards
def snmp_script(v1, sysdescr, known, rows, seed):
    b = bytearray([1 if v1 else 0])
    # the system group GET: six varbinds, each "the same OID" with a value
    b += bytes([0x00, 0x00])
    for col in range(6):
        b += bytes([3])                         # same OID as asked
        if col == 0:
            d = sysdescr.encode()
            b += bytes([1, len(d)]) + d         # OCTET STRING
        elif col == 1:
            b += bytes([2, known, 1, 1 + seed % 50])   # OID: prefix + 1 sub-id
        elif col == 2:
            b += bytes([7]) + struct.pack(">q", 123456 + seed)   # TimeTicks
        else:
            d = b"lab-%d" % col
            b += bytes([1, len(d)]) + d
    # then walks: rows onwards with integers, strings and gauges
    for r in range(rows):
        b += bytes([0x00, 0xc0 + 4])            # four varbinds
        for k in range(4):
            # onwards: a first row (one sub-id), then the next one (+1)
            b += bytes([0, 0, 1 + k]) if r == 0 else bytes([1, 0])
            t = (0, 1, 6, 9)[(r + k) % 4]
            if t == 1:
                d = b"Fan %d" % r
                b += bytes([1, len(d)]) + d
            else:
                b += bytes([t]) + struct.pack(">q", (r * 7 + k) % 100)
    return bytes(b)


def snmp(src, out):
    for f in sorted(glob.glob(os.path.join(src, "tests/lab/snmprec/*.snmprec"))):
        out.add("snmp", read(f)[:65536], os.path.basename(f))
    descrs = [(0, "Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M), "
                  "Version 15.2(7)E3, RELEASE SOFTWARE (fc3)"),
              (1, "Huawei Versatile Routing Platform Software VRP (R) software, "
                  "Version 5.170 (S5720 V200R011C10SPC600)"),
              (2, "H3C Comware Platform Software, Software Version 7.1.070, "
                  "Release 6616P01"),
              (3, "Juniper Networks, Inc. ex4300-48t Ethernet Switch, kernel "
                  "JUNOS 20.4R3-S2.6"),
              (4, "Arista Networks EOS version 4.28.3M running on an Arista "
                  "DCS-7050SX3-48YC8"),
              (5, "ICNT NOS-CN(tm) inos, Software (inos-cn), Version 9.2(2)")]
    for i, (known, d) in enumerate(descrs):
        out.add("snmp", snmp_script(False, d, known, 24, i), "script-v2c-%d" % i)
        out.add("snmp", snmp_script(True, d, known, 8, i), "script-v1-%d" % i)


def main():
    src, dst = sys.argv[1], sys.argv[2]
    swinspect = sys.argv[3] if len(sys.argv) > 3 else None
    shutil.rmtree(dst, ignore_errors=True)
    out = Out(dst)
    for fn in (version, expr, textfsm, profile, imports, inventory, rules,
               profile_load, site, snmp):
        fn(src, out)
    previous(src, out, swinspect)
    print("fuzz seeds: " + ", ".join("%s %d" % kv for kv in sorted(out.count.items())))


if __name__ == "__main__":
    main()
