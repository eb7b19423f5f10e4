#!/usr/bin/python3
"""Check the facts of an import bundle against a list of expectations.

usage: expect.py OUT SPEC.json PROFILE_DIR [KEY]

SPEC is a JSON list of expectations (or an object of such lists, KEY
choosing one):
  {"device": "sw1",                       OUT/devices/<device>/facts.json
   "needs": ["huawei-vrp", "display fan"], optional: the profile and command
                                           whose emit block gives the value
   "at": ["environment.cpu", "environment.cpu.per_unit"],
   "has": {"load_5s_pct": 12},            fields the object (or, for a list,
                                           one of its entries) must hold
   "count": 2}                             optional: entries of the list

A value is a number (equal within 0.011), a text (equal ignoring case;
"~text": contains), or {"any": [v1, v2]}.  An expectation passes when one of
the `at` paths satisfies it.

An expectation with "gap": "why" is a value the logs show that a profile
is known not to give yet: its failure is reported as GAP and does not fail
(its success says the note can go).

An expectation with `needs` whose profile does not yet parse that command
(no entry, or no template/emit: the profile is data still being written) is
reported PENDING and does not fail; once the profile parses it, it is
checked.  Prints one line per expectation; exit 1 when one fails.
"""

import glob
import json
import os
import sys

import yaml


def load_profiles(pdir):
    profiles = {}
    for f in sorted(glob.glob(os.path.join(pdir, "*.yaml"))):
        try:
            doc = yaml.safe_load(open(f, encoding="utf-8"))
        except yaml.YAMLError:
            continue
        if isinstance(doc, dict) and "profile" in doc:
            profiles[doc["profile"]] = doc
    return profiles


def parses(profiles, name, command):
    """Does profile `name` turn `command`'s output into facts?"""
    p = profiles.get(name)
    if not p:
        return False
    for c in p.get("commands") or []:
        if not isinstance(c, dict):
            continue
        names = [c.get("command")] + list(c.get("alternatives") or [])
        if command in names and c.get("template") and c.get("emit"):
            return True
    return False


def resolve(doc, path):
    cur = doc
    for part in path.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return None
        cur = cur[part]
    return cur


def value_ok(got, want):
    if isinstance(want, dict) and "any" in want:
        return any(value_ok(got, w) for w in want["any"])
    if isinstance(want, bool) or want is None:
        return got == want
    if isinstance(want, (int, float)):
        return isinstance(got, (int, float)) and not isinstance(got, bool) \
            and abs(got - want) <= 0.011
    if isinstance(got, str) and isinstance(want, str):
        if want.startswith("~"):
            return want[1:].lower() in got.lower()
        return got.lower() == want.lower()
    return False


def entry_ok(obj, has):
    return isinstance(obj, dict) and all(
        k in obj and value_ok(obj[k], v) for k, v in has.items())


def satisfied(doc, exp):
    for path in exp["at"]:
        node = resolve(doc, path)
        if node is None:
            continue
        if isinstance(node, list):
            if "count" in exp and len(node) != exp["count"]:
                continue
            if not exp.get("has") or any(entry_ok(e, exp["has"])
                                         for e in node):
                return True
        elif entry_ok(node, exp.get("has", {})):
            return True
    return False


def describe(exp):
    what = ", ".join("%s=%s" % (k, json.dumps(v, ensure_ascii=False))
                     for k, v in exp.get("has", {}).items())
    if "count" in exp:
        what += (", " if what else "") + "count=%d" % exp["count"]
    return "%s: %s {%s}" % (exp["device"], " | ".join(exp["at"]), what)


def main():
    if len(sys.argv) not in (4, 5):
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    out, spec, pdir = sys.argv[1:4]
    profiles = load_profiles(pdir)
    exps = json.load(open(spec, encoding="utf-8"))
    if len(sys.argv) == 5:
        exps = exps[sys.argv[4]]
    failed = passed = pending = 0
    docs = {}
    for exp in exps:
        dev = exp["device"]
        if dev not in docs:
            f = os.path.join(out, "devices", dev, "facts.json")
            try:
                docs[dev] = json.load(open(f, encoding="utf-8"))
            except (OSError, ValueError) as e:
                docs[dev] = None
                print("FAIL: %s: %s" % (f, e))
        needs = exp.get("needs")
        if needs and not parses(profiles, needs[0], needs[1]):
            pending += 1
            print("PENDING: %s (waits on profile %s parsing '%s')"
                  % (describe(exp), needs[0], needs[1]))
            continue
        if docs[dev] is not None and satisfied(docs[dev], exp):
            passed += 1
            print("ok: " + describe(exp) +
                  (" (the gap note can go)" if exp.get("gap") else ""))
        elif exp.get("gap"):
            pending += 1
            print("GAP: %s (%s)" % (describe(exp), exp["gap"]))
        else:
            failed += 1
            print("FAIL: " + describe(exp))
    print("expectations: %d passed, %d failed, %d pending"
          % (passed, failed, pending))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
