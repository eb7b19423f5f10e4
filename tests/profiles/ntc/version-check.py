#!/usr/bin/python3
"""Compares the facts `swinspect parse --profile` gives for one `show
version` output with the ntc-templates .yml parse of the same output.

usage: version-check.py YML FACTS.json VERSION HOSTNAME SERIAL MODEL UPTIME

The last five arguments are the .yml keys (platforms.tsv).  Prints one
line per file and exits 0 when every value the .yml holds agrees, 1 on a
mismatch, 2 on a usage or input error.

Agreement: version, host name and serial equal (trimmed); where the .yml has
a list (stacks), its first element.  An ntc version with a trailing
bracketed note ("14.0(1h) [build 14.0(1h)]", "10.4(5) [Maintenance
Release]") compares without the note.  The model equals, or is a whole word
of the .yml text ("ICX6450-48-HPOE" in "Stackable ICX6450-48-HPOE").  The
uptime prose ("2 years, 31 weeks, 6 days, 9 hours, 55 minutes", "24 day(s)
4 hour(s) 11 minute(s) 1 second(s)", "1 hour and 5 minutes", "161 days, 0
hour, 20 minutes") is converted to seconds here, independently of
swinspect, and must agree to the minute.
"""

import json
import re
import sys

import yaml

UNITS = {"year": 365 * 86400, "week": 7 * 86400, "day": 86400, "hour": 3600,
         "minute": 60, "min": 60, "second": 1, "sec": 1}


def first(v):
    if isinstance(v, list):
        return v[0] if v else ""
    return "" if v is None else str(v)


def prose_seconds(text):
    total, parts = 0, 0
    for num, unit in re.findall(r"(\d+)\s*([A-Za-z]+)", text):
        u = unit.lower().rstrip("s") if unit.lower() not in ("s",) else unit
        u = {"yr": "year", "wk": "week", "hr": "hour", "mins": "min"}.get(u, u)
        if u not in UNITS:
            raise ValueError(f"unknown unit {unit!r} in {text!r}")
        total += int(num) * UNITS[u]
        parts += 1
    clock = re.search(r"(\d+):(\d{2})(?::(\d{2}))?", text)
    if clock:
        total += int(clock.group(1)) * 3600 + int(clock.group(2)) * 60 + int(clock.group(3) or 0)
        parts += 1
    if not parts:
        raise ValueError(f"no duration in {text!r}")
    return total


def expected_uptime(rec, key):
    if "+" in key:
        mult = (86400, 3600, 60, 1)
        total, seen = 0, False
        for k, m in zip(key.split("+"), mult):
            v = first(rec.get(k, ""))
            if v.isdigit():
                total += int(v) * m
                seen = True
        return total if seen else None
    text = first(rec.get(key, ""))
    return prose_seconds(text) if text.strip() else None


def main(argv):
    if len(argv) != 8:
        sys.stderr.write(__doc__)
        return 2
    yml, facts_file, kv, kh, ks, km, ku = argv[1:]
    rec = yaml.safe_load(open(yml, encoding="utf-8"))["parsed_sample"][0]
    with open(facts_file, encoding="utf-8") as fh:
        facts = json.load(fh)
    system = facts.get("system", {})
    got = {"version": system.get("os", {}).get("version", ""),
           "hostname": system.get("hostname", ""),
           "serial": system.get("serial", ""),
           "model": system.get("model", ""),
           "uptime": system.get("uptime_s")}
    bad, said = [], []
    for fact, key in (("version", kv), ("hostname", kh), ("serial", ks), ("model", km)):
        if key == "-":
            continue
        wants = [first(rec.get(k, "")).strip() for k in key.split("|")]
        wants = [re.sub(r"\s+\[[^\]]*\]$", "", w) for w in wants if w]
        if not wants:
            continue
        g = str(got[fact] or "").strip()
        ok = g in wants or (fact == "model" and len(g) >= 3 and any(
            re.search(r"(?<![\w-])" + re.escape(g) + r"(?![\w-])", w, re.I) for w in wants))
        said.append(f"{fact}={g!r}" + ("" if ok else f" (ntc {wants[0]!r})"))
        if not ok:
            bad.append(fact)
    if ku != "-":
        try:
            want = expected_uptime(rec, ku)
        except ValueError as exc:
            print(f"ERROR {yml}: {exc}")
            return 2
        if want is not None:
            g = got["uptime"]
            ok = isinstance(g, (int, float)) and abs(g - want) < 60
            said.append(f"uptime_s={g!r}" + ("" if ok else f" (ntc {want})"))
            if not ok:
                bad.append("uptime")
    name = yml.rsplit("/", 2)[-2] + "/" + yml.rsplit("/", 1)[-1]
    print(("FAIL " if bad else "ok   ") + name + ": " + ", ".join(said))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
