#!/usr/bin/python3
"""facts-compare.py EXPECTED ACTUAL - compares a facts document with the
expected one, leaving out what changes from run to run (collected_at,
generator, sources.*.elapsed_ms) and the sources of other collectors (the
on-box build has no snmp or ssh entry, the full build lists them as
skipped).  Prints each difference by path; exit 1
when there is one."""
import json
import sys

VOLATILE = ("collected_at", "generator")


def clean(doc):
    for k in VOLATILE:
        doc.pop(k, None)
    srcs = doc.get("sources", {})
    for k in [k for k in srcs if k != "local"]:
        del srcs[k]
    for s in srcs.values():
        s.pop("elapsed_ms", None)
    return doc


def diff(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k not in b:
                out.append("%s.%s: expected %s, missing" % (path, k, json.dumps(a[k])[:80]))
            elif k not in a:
                out.append("%s.%s: not expected, got %s" % (path, k, json.dumps(b[k])[:80]))
            else:
                diff(a[k], b[k], "%s.%s" % (path, k), out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append("%s: expected %d entries, got %d" % (path, len(a), len(b)))
        for i, (x, y) in enumerate(zip(a, b)):
            name = x.get("name", i) if isinstance(x, dict) else i
            diff(x, y, "%s[%s]" % (path, name), out)
    elif a != b or type(a) is bool and type(b) is not bool:
        out.append("%s: expected %s, got %s" % (path, json.dumps(a), json.dumps(b)))


def main():
    exp = clean(json.load(open(sys.argv[1])))
    act = clean(json.load(open(sys.argv[2])))
    out = []
    diff(exp, act, "$", out)
    for line in out:
        print(line)
    return 1 if out else 0


if __name__ == "__main__":
    sys.exit(main())
