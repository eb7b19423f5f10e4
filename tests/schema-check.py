#!/usr/bin/python3
"""Validate swinspect JSON documents against a JSON Schema (draft 2020-12).

usage: schema-check.py [--glob NAME] SCHEMA FILE_OR_DIR...

Every file named on the command line is validated; every directory is searched
recursively for files whose name matches NAME (a shell pattern, default
facts.json). Each error is printed as `FILE: JSON-PATH: message`.

Documents must be strict JSON: UTF-8, no duplicate keys, no NaN or Infinity.
Prints "N documents valid" (and "M documents invalid") at the end.

Exit status: 0 all documents valid; 1 at least one invalid (or not JSON);
2 no document found, a named path missing, or a usage / schema error;
77 jsonschema is not importable (automake's "skip"). Run it with Debian's
/usr/bin/python3, which has python3-jsonschema.
"""

import argparse
import datetime
import fnmatch
import json
import os
import re
import sys

EXIT_OK, EXIT_INVALID, EXIT_NONE, EXIT_SKIP = 0, 1, 2, 77

try:
    import jsonschema
    from jsonschema import Draft202012Validator, FormatChecker
except ImportError as e:  # pragma: no cover - depends on the host
    print("schema-check: SKIP: jsonschema not importable (%s); "
          "apt-get install python3-jsonschema and run with /usr/bin/python3" % e,
          file=sys.stderr)
    sys.exit(EXIT_SKIP)

# RFC 3339 date-time, checked here when jsonschema's own checker is missing
# (it needs rfc3339-validator, which Debian's python3-jsonschema does not pull in).
_DATE_TIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?"
                        r"([Zz]|[+-](\d{2}):(\d{2}))$", re.ASCII)


def _check_date_time(value):
    if not isinstance(value, str):
        return True
    m = _DATE_TIME.match(value)
    if not m:
        return False
    y, mo, d, h, mi, s = (int(x) for x in m.group(1, 2, 3, 4, 5, 6))
    try:
        datetime.date(y, mo, d)
    except ValueError:
        return False
    if h > 23 or mi > 59 or s > 60:  # 60: leap second
        return False
    if m.group(9) is not None and (int(m.group(9)) > 23 or int(m.group(10)) > 59):
        return False
    return True


def make_format_checker():
    checker = FormatChecker()
    if "date-time" not in checker.checkers:
        checker.checks("date-time")(_check_date_time)
    return checker


class DocError(Exception):
    pass


def _no_duplicates(pairs):
    seen = {}
    for key, value in pairs:
        if key in seen:
            raise DocError("duplicate key %r" % key)
        seen[key] = value
    return seen


def _no_constant(name):
    raise DocError("%s is not JSON" % name)


def load_json(path):
    """Strict JSON: no duplicate keys, no NaN / Infinity, UTF-8."""
    with open(path, "rb") as f:
        raw = f.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise DocError("not UTF-8: %s" % e)
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates,
                          parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        raise DocError("not JSON: line %d column %d: %s" % (e.lineno, e.colno, e.msg))


def json_path(parts):
    out = "$"
    for p in parts:
        if isinstance(p, int):
            out += "[%d]" % p
        elif re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", p):
            out += "." + p
        else:
            out += "[%s]" % json.dumps(p, ensure_ascii=False)
    return out


def describe(error):
    """The message, plus the most relevant sub-error for oneOf/anyOf/if-then."""
    msg = error.message
    if error.context:
        best = jsonschema.exceptions.best_match(error.context)
        if best is not None:
            msg += " (%s: %s)" % (json_path(best.absolute_path), best.message)
    return msg


def find_documents(args, pattern):
    """(documents, number of arguments that do not exist)."""
    docs, missing = [], 0
    for arg in args:
        if os.path.isdir(arg):
            found = []
            for root, dirs, files in os.walk(arg):
                dirs.sort()
                found.extend(os.path.join(root, f) for f in sorted(files)
                             if fnmatch.fnmatchcase(f, pattern))
            docs.extend(found)
        elif os.path.exists(arg):
            docs.append(arg)
        else:
            print("schema-check: %s: no such file or directory" % arg, file=sys.stderr)
            missing += 1
    return docs, missing


def main(argv):
    ap = argparse.ArgumentParser(
        prog="schema-check.py",
        description="Validate JSON documents against a JSON Schema (draft 2020-12).")
    ap.add_argument("--glob", default="facts.json", metavar="NAME",
                    help="file name (shell pattern) to look for in directories "
                         "(default: facts.json)")
    ap.add_argument("-q", "--quiet", action="store_true",
                    help="print only errors and the summary")
    ap.add_argument("schema", help="the JSON Schema file")
    ap.add_argument("paths", nargs="+", metavar="FILE_OR_DIR")
    opts = ap.parse_args(argv)

    try:
        schema = load_json(opts.schema)
        Draft202012Validator.check_schema(schema)
    except (OSError, DocError) as e:
        print("schema-check: %s: %s" % (opts.schema, e), file=sys.stderr)
        return EXIT_NONE
    except jsonschema.exceptions.SchemaError as e:
        print("schema-check: %s: %s: invalid schema: %s"
              % (opts.schema, json_path(e.absolute_path), e.message), file=sys.stderr)
        return EXIT_NONE
    validator = Draft202012Validator(schema, format_checker=make_format_checker())

    docs, missing = find_documents(opts.paths, opts.glob)
    if not docs:
        print("schema-check: no document named %s found in %s"
              % (opts.glob, " ".join(opts.paths)), file=sys.stderr)
        print("0 documents valid")
        return EXIT_NONE

    valid = invalid = 0
    for path in docs:
        try:
            doc = load_json(path)
        except (OSError, DocError) as e:
            print("%s: $: %s" % (path, e))
            invalid += 1
            continue
        errors = sorted(validator.iter_errors(doc),
                        key=lambda e: (list(map(str, e.absolute_path)), e.message))
        for e in errors:
            print("%s: %s: %s" % (path, json_path(e.absolute_path), describe(e)))
        if errors:
            invalid += 1
        else:
            valid += 1
            if not opts.quiet:
                print("%s: valid" % path)
    print("%d documents valid" % valid)
    if invalid:
        print("%d documents invalid" % invalid)
        return EXIT_INVALID
    return EXIT_NONE if missing else EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
