#!/usr/bin/python3
"""compdb.py - write a compile_commands.json for the static checks.

Usage: compdb.py OUT SRCDIR BUILDDIR FILE... -- FLAG...

One entry per FILE (relative to SRCDIR), compiled in BUILDDIR with the
build's own preprocessor and dependency flags (what `make static-check`
passes), by clang, as clang-tidy expects.
"""
import json
import os
import sys


def main(argv):
    if len(argv) < 5 or "--" not in argv:
        sys.stderr.write(__doc__)
        return 64
    out, src, build = argv[1:4]
    cut = argv.index("--")
    files, flags = argv[4:cut], argv[cut + 1:]
    src, build = os.path.abspath(src), os.path.abspath(build)
    db = []
    for f in files:
        path = os.path.join(src, f)
        db.append({"directory": build,
                   "file": path,
                   "arguments": ["clang"] + flags + ["-c", path,
                                                     "-o", "/dev/null"]})
    with open(out + ".tmp", "w", encoding="utf-8") as fp:
        json.dump(db, fp, indent=1)
        fp.write("\n")
    os.replace(out + ".tmp", out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
