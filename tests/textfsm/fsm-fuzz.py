#!/usr/bin/python3
"""fsm-fuzz.py - random templates and inputs through both engines.

usage: fsm-fuzz.py PARSE_PROGRAM [COUNT [SEED]]

PARSE_PROGRAM is `swinspect parse` (give "swinspect parse" as one word
list, e.g. "$top_builddir/swinspect parse") or the tfsm-parse driver.
Each round writes a random template (Values with random options, states,
rules with every action and transition, sometimes a deliberate mistake)
and a random input, runs both engines and compares exit status, records,
and the line an error names.  Exit 0 when all agree, 1 otherwise.
"""
import json
import os
import random
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import importlib.util  # noqa: E402
sys.dont_write_bytecode = True

_spec = importlib.util.spec_from_file_location(
    'ref_parse', os.path.join(os.path.dirname(os.path.abspath(__file__)),
                              'ref-parse.py'))
ref = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(ref)

WORDS = ['alpha', 'beta', 'gamma', 'up', 'down', '10', '20', 'x1', '']
OPTIONS = ['Filldown', 'Key', 'Required', 'List', 'Fillup']
REGEXES = [r'(\S+)', r'(\d+)', r'(\w+)', r'(.*)', r'(up|down)', r'(\S*)',
           r'(\S+)', r'(\d+)', r'(\w+)', r'(up|down)', r'(x\d)', r'([a-z]+)',
           r'((?P<word>\w+)\s+(?P<num>\d+))', r'((?P<a>\w)(?P<b>\d)?)']
LINE_OPS = ['', '', 'Next', 'Continue', 'Continue', 'Error']
REC_OPS = ['', 'Record', 'NoRecord', 'Clear', 'Clearall']


def rand_value(r, i):
    opts = r.sample(OPTIONS, r.choice([0, 0, 1, 1, 2, 3]))
    name = 'V%d' % i
    rx = r.choice(REGEXES)
    if opts:
        return 'Value %s %s %s' % (','.join(opts), name, rx)
    return 'Value %s %s' % (name, rx)


def rand_rule(r, nvals, states):
    parts = []
    unused = list(range(nvals))
    r.shuffle(unused)
    for _ in range(r.randint(1, 3)):
        k = r.random()
        if k < 0.5 and unused:
            parts.append('${V%d}' % unused.pop())
            parts.append(r.choice([r'\s+', r'\s*', ' ']))
        elif k < 0.7:
            parts.append(r.choice(['alpha', 'beta', 'up', r'\d+', 'x1']))
        else:
            parts.append(r.choice([r'\s+', ' ', r'\s*', '.*']))
    regex = '^' + ''.join(parts) + r.choice(['', '', '$$', r'\s*$$'])
    ln = r.choice(LINE_OPS)
    rec = r.choice(REC_OPS)
    new = r.choice([''] * 4 + states + ['End', 'EOF'])
    if ln == 'Continue' and r.random() < 0.98:
        new = ''
    if ln == 'Error':
        new = r.choice(['', '"bad input"', 'oops'])
    action = '.'.join(x for x in (ln, rec) if x)
    if ln == '' and rec and r.random() < 0.5:
        action = rec
    tail = ' '.join(x for x in (action, new) if x)
    if ln == 'Error' and r.random() < 0.7:
        return '  ' + regex + r.choice(['x', 'zzz', 'never'])
    return '  ' + regex + (' -> ' + tail if tail else '')


def rand_template(r):
    nvals = r.randint(0, 5)
    lines = [rand_value(r, i) for i in range(nvals)]
    lines.append('')
    states = ['Start'] + ['S%d' % i for i in range(r.randint(0, 2))]
    for st in states:
        lines.append(st)
        if r.random() < 0.3 and nvals:    # a catch-all that records
            lines.append('  ^${V%d} -> Record' % r.randrange(nvals))
        for _ in range(r.randint(1, 5)):
            lines.append(rand_rule(r, nvals, states))
        lines.append('')
    if r.random() < 0.15:
        lines += ['EOF', '']
    if r.random() < 0.1:
        lines += ['End', '']
    if r.random() < 0.08:   # a deliberate mistake somewhere
        i = r.randrange(len(lines))
        lines.insert(i, r.choice([
            'Value', 'Value Foo', 'Value Bogus V9 (x)', 'Value V0 (dup)',
            'Start', '   ^three spaces', 'bad state name', '  ^$undefined',
            '  ^x -> Continue S0', '  ^x -> Next "q"', '  ^(unclosed',
            'Value Filldown,Filldown Z (z)', 'Value Z x)', 'Next',
            '  ^x -> Nowhere', 'Value Z ((?P<q>x)', '  ^x -> Record Foo Bar']))
    return '\n'.join(lines) + '\n'


def rand_input(r):
    out = []
    for _ in range(r.randint(0, 12)):
        out.append(' '.join(r.choice(WORDS) for _ in range(r.randint(0, 4))))
    sep = r.choice(['\n', '\n', '\r\n'])
    return sep.join(out) + r.choice(['', sep])


def line_of(err):
    head = err.split(': ', 1)[0]
    bits = head.rsplit(':', 1)
    return bits[1] if len(bits) == 2 and bits[1].isdigit() else None


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 64
    prog = shlex.split(argv[1])
    count = int(argv[2]) if len(argv) > 2 else 500
    r = random.Random(int(argv[3]) if len(argv) > 3 else 1)
    bad = 0
    stats = {'records': 0, 'empty': 0, 'template error': 0,
             'Error action': 0, 'reference crash': 0}
    with tempfile.TemporaryDirectory() as d:
        tpl = os.path.join(d, 't.textfsm')
        inp = os.path.join(d, 'in.txt')
        for n in range(count):
            with open(tpl, 'w', newline='') as f:
                f.write(rand_template(r))
            with open(inp, 'w', newline='') as f:
                f.write(rand_input(r))
            erc, eout, eerr = ref.parse(tpl, inp)
            p = subprocess.run(prog + [tpl, inp], capture_output=True)
            gout, gerr = p.stdout.decode(), p.stderr.decode()
            ok = p.returncode == erc
            if ok and erc == 0:
                ok = json.loads(gout) == json.loads(eout)
            elif ok and erc == 65 and not eerr.startswith(tpl):
                ok = gerr == eerr       # Error action: the same message
            elif ok and erc == 65:
                ok = line_of(eerr) is None or line_of(eerr) == line_of(gerr)
            if erc == 70:
                stats['reference crash'] += 1
                continue    # the reference crashed: nothing to compare
            if erc == 0:
                stats['records' if eout != '[]\n' else 'empty'] += 1
            elif eerr.startswith(tpl):
                stats['template error'] += 1
            else:
                stats['Error action'] += 1
            if not ok:
                bad += 1
                print('--- round %d: reference %d, engine %d' % (
                    n, erc, p.returncode))
                print(open(tpl).read())
                print('input: %r' % open(inp).read())
                print('reference: %s%s' % (eout, eerr))
                print('engine:    %s%s' % (gout, gerr))
                if bad > 5:
                    break
    print('fsm-fuzz: %d rounds, %d disagree (%s)' % (
        count, bad, ', '.join('%s %d' % kv for kv in stats.items())))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
