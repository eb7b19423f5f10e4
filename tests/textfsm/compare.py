#!/usr/bin/python3
"""compare.py - judges diff-test.sh's runs; one line per failure, then totals.

usage: compare.py JOBLIST [PASSED FAILED]

Each JOBLIST line: NAME<TAB>ENGINE_PREFIX<TAB>REF_PREFIX<TAB>EXPECTED
  ENGINE_PREFIX.{out,err,rc}  what the engine (swinspect parse) did
  REF_PREFIX.{out,err,rc}     what the reference did, or "-" (not run)
  EXPECTED                    expected.json or expected.err, or "-"

Rules.  Exit statuses must be equal.  Records are compared as JSON values.
A template error must name the same line as the reference when the
reference names one, and the reference's message (without its final '.')
must start the engine's (the engine may add why a regex is invalid).  An
Error action's message must be identical.  expected.err is compared as text.
With neither an expectation nor the reference, the run must exit 0.
PASSED and FAILED add checks the caller made itself.  Prints "N passed,
N failed"; exit 0 or 1.
"""
import json
import re
import sys

LOC = re.compile(r'^(?P<file>[^\n]*?)(?::(?P<line>\d+))?: (?P<msg>.*)$', re.S)


def load(prefix):
    def rd(ext):
        with open(prefix + ext, encoding='utf-8', errors='replace') as f:
            return f.read()
    return int(rd('.rc').strip() or '-1'), rd('.out'), rd('.err')


def same_records(a, b):
    try:
        return json.loads(a) == json.loads(b)
    except ValueError as e:
        return 'bad JSON: %s' % e


def judge_ref(eng, ref):
    erc, eout, eerr = eng
    rrc, rout, rerr = ref
    if rrc == 70:
        return 'the reference crashed: %s' % rerr.strip().splitlines()[-1:]
    if erc != rrc:
        return 'exit %d, reference exit %d (%s | %s)' % (
            erc, rrc, eerr.strip(), rerr.strip())
    if erc == 0:
        ok = same_records(eout, rout)
        return None if ok is True else (ok or 'records differ')
    if erc != 65:
        return None
    m, r = LOC.match(eerr.strip()), LOC.match(rerr.strip())
    if not m or not r:
        return 'unparsable error: %r | %r' % (eerr, rerr)
    if m.group('file') != r.group('file'):
        return 'error names %s, reference %s' % (m.group('file'),
                                                 r.group('file'))
    if r.group('line') and m.group('line') != r.group('line'):
        return 'error at line %s, reference at line %s (%s | %s)' % (
            m.group('line'), r.group('line'), eerr.strip(), rerr.strip())
    if not m.group('msg').startswith(r.group('msg').rstrip('.')):
        return 'message differs: %r | %r' % (m.group('msg'), r.group('msg'))
    return None


def judge_expected(eng, path):
    erc, eout, eerr = eng
    with open(path, encoding='utf-8', errors='replace') as f:
        want = f.read()
    if path.endswith('.json'):
        if erc != 0:
            return 'exit %d (%s), expected records' % (erc, eerr.strip())
        ok = same_records(eout, want)
        return None if ok is True else (ok or 'records differ from %s' % path)
    if erc != 65 or eerr != want:
        return 'exit %d %r, expected 65 %r' % (erc, eerr, want)
    return None


def main(argv):
    passed = failed = 0
    if len(argv) == 4:
        passed, failed = int(argv[2]), int(argv[3])
    with open(argv[1], encoding='utf-8') as jobs:
        for job in jobs:
            name, eprefix, rprefix, expected = job.rstrip('\n').split('\t')
            eng = load(eprefix)
            why = []
            if expected == '-' and rprefix == '-' and eng[0] != 0:
                why.append('exit %d: %s' % (eng[0], eng[2].strip()))
            if expected != '-':
                w = judge_expected(eng, expected)
                if w:
                    why.append('expected: ' + w)
            if rprefix != '-':
                w = judge_ref(eng, load(rprefix))
                if w:
                    why.append('reference: ' + w)
            if why:
                failed += 1
                print('FAIL %s: %s' % (name, '; '.join(why)))
            else:
                passed += 1
    print('%d passed, %d failed' % (passed, failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
