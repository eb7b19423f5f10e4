#!/usr/bin/python3
"""rx-compat.py - the Python-regex translator against Python's own re.

usage: rx-compat.py RX_COMPAT_PROGRAM [COUNT [SEED]]

Generates COUNT random patterns (plus a fixed list of tricky ones) from
the syntax TextFSM templates use, and for each checks that the program
(tests/textfsm/rx-compat.c) accepts exactly the patterns re.compile()
accepts, and that re.match() and the program agree on every subject: match
or not, and the span of every group.  Exit 0 when all agree, 1 otherwise,
77 when the program is missing.
"""
import json
import os
import random
import re
import subprocess
import sys
import warnings

warnings.simplefilter('ignore')

FIXED = [
    r'', r'a', r'^a$', r'\Z', r'a\Z', r'$', r'a$', r'\b', r'\B', r'a\B',
    r'\Ba', r'(?i)A', r'^(?i)a', r'a|(?i)b', r'(?x) a b # c', r'(?x)[ ]a',
    r'(?a)\w+', r'(?a:\w+)\w', r'\s+', r'\S+', r'[\s]', r'[^\s]', r'[\S]',
    r'[^\S]', r'x{,3}', r'x{,}', r'x{2,}', r'x{}', r'x{a}', r'x{1,2,3}',
    r'{3}', r'a{3,2}', r'a**', r'a*??', r'a*+', r'a++b', r'(?>a+)b',
    r'(?P<n>a)(?P=n)', r'(a)\1', r'\1(a)', r'(a\1)', r'(?P<n>a)(?P<n>b)',
    r'(?<=a|bc)x', r'(?<=ab|cd)x', r'(?<=(a|b))x', r'(?<!a)b', r'(?=a)*',
    r'\b*', r'(?:^)*', r'[[:alpha:]]', r'[]a]', r'[^]a]', r'[a-]',
    r'[\d-z]', r'[z-a]', r'\e', r'\Q', r'\N{EM DASH}', r'\u00e9',
    r'\U0001F600', r'\x4', r'\x41', r'\101', r'\08', r'\400', r'\8',
    r'[\8]', r'[\Z]', r'[\b]', r'(?L)a', r'(?au)a', r'(?t)a', r'(?<n>a)',
    r'(?P<1>a)', r'(?P<a-b>a)', r'(?P<' + 'n' * 40 + r'>a)', r'(a)(?(1)a|b)',
    r'(a)?(?(1)a|b)', r'(?(1)a|b)', r'(a)(?(1)a|b|c)', r'(?#comment)a',
    r'a(?#c)*', r'(', r')', r'[a', r'\\', '\\', r'(?i:a)b', r'(?-i:a)',
    r'(?s:.)', r'(?m:^a$)', r'.', r'\.', r'\-', r'\ ', r'\#', r'a\'',
    r'(?P=x)', r'(?P', r'(?', r'(?<', r'(?<=', r'(?P<x', r'\w+\s+\d+',
    r'^\s*#', r'(?P<match>.*)(\s->(?P<action>.*))', r'\S+(?:\s+\S+)*',
    r'(?:a|b)+', r'(?:(a)|b)+', r'(a|ab)(c|bcd)(d*)', r'^(.*?)\s+(\S+)$$',
    r'a{65536}', r'a{2}{3}', r'(?i)\w+É', r'[é-ü]+', r'\d+\.\d+',
    r'(?i)s', r'(?i)k', r'(?i)i', r'(?i)ß', r'(?i)[a-z]+', r'(?i)[^k]',
    r'(?i)[^s]', r'(?i)I', r'(?i)ſ', r'(?i)\u212a', r'(?i)\w', r'\d',
    r'(?a)\d', r'(?a)\s', r'(?a)\S', r'(?a)[\S]', r'(?a)(?i)k', r'\s\S',
]

ALPHA = 'ab1 _-.:/é\tAÉ\x1c\x85\xa0\u2003ſ\u212aßİı٣k'

# Python accepts these and the engine, by design, does not (doc/textfsm.md).
KNOWN = {r'\N{EM DASH}', r'(?t)a', r'a{65536}', r'(?a)(?i)k'}

BROKEN = ['(?', r'\e', r'\8', '(?<x>a)', '(?P<a', '[z-a]', r'\x4', '(?i)',
          '(?P=zz)', '*', '(', ')', '[', r'\p{L}', '(?|a)', '(?R)', r'\g<1>',
          '(?P>n1)', r'\k<n1>', '(*FAIL)', r'\Q', '(?C)', "(?'n'a)"]


def rand_atom(r, depth):
    k = r.random()
    if k < 0.01:
        return r.choice(BROKEN)
    if depth > 3 or k < 0.35:
        return r.choice([
            'a', 'b', '1', ' ', '_', '-', ':', 'é', 'A', '.', '^', '$',
            r'\d', r'\D', r'\w', r'\W', r'\s', r'\S', r'\b', r'\B', r'\A',
            r'\Z', r'\.', r'\-', r'\\', r'\t', r'\x41', r'\u00e9', r'\101',
            r'\0', '[abc]', '[^a-c]', r'[\d\s]', '[a-]', '[]a]', '[^]a]',
            r'[\w.-]', '[é-ü]', r'[\S]', r'[^\s1]', '{', '}', ']', '#',
            'i', 'I', 'ı', '[h-j]', '[^i]',
        ])
    inner = rand_seq(r, depth + 1)
    if r.random() < 0.25:
        inner = inner + '|' + rand_seq(r, depth + 1)
    return r.choice([
        '(%s)', '(?:%s)', '(?P<n%d>%%s)' % r.randint(1, 3), '(?=%s)',
        '(?!%s)', '(?>%s)', '(?i:%s)', '(?-i:%s)', '(?a:%s)', '(?s:%s)',
        '(?<=a)%s', '(?<!b)%s', '%s(?P=n1)', '%s\\1', '(?(1)%s|b)',
        '(?#c)%s', '(?x:%s)',
    ]) % inner


def rand_quant(r):
    # No possessive quantifiers here: CPython 3.11.2 mis-handles them on
    # groups (re.match(r'(?i:[^a-c]{2})*+', ' \t a') spans 3 characters);
    # the fixed list keeps the simple forms.
    return r.choice(['', '', '', '*', '+', '?', '{2}', '{1,3}', '{,2}',
                     '{2,}', '{,}', '*?', '+?', '??', '{1,2}?'])


def rand_seq(r, depth=0):
    return ''.join(rand_atom(r, depth) + rand_quant(r)
                   for _ in range(r.randint(1, 4)))


def subjects(r, pattern):
    subs = ['', 'a', 'ab', 'aab1', 'A É', 'é_1', 'a-b:c', ' \t a', 's', 'S',
            'ſ', 'k', 'K', '\u212a', 'i', 'I', 'İ', 'ı', 'ß', 'ẞ', '٣',
            '\x1c', '\x85', '\xa0', '\u2003', '\u200b']
    for _ in range(6):
        subs.append(''.join(r.choice(ALPHA) for _ in range(r.randint(0, 8))))
    lit = re.sub(r'[^a-zé1 _:-]', '', pattern)[:10]
    if lit:
        subs.append(lit)
    return subs


def py_result(pattern, subs):
    try:
        rx = re.compile(pattern)
    except re.error as e:
        return {'ok': False, 'why': str(e)}
    except (OverflowError, RecursionError, ValueError):
        return None     # the reference would crash: not compared
    out = []
    for s in subs:
        m = rx.match(s)
        if not m:
            out.append(None)
            continue
        spans = []
        for g in range(rx.groups + 1):
            spans.extend(m.span(g))
        out.append(spans)
    return {'ok': True, 'groups': rx.groups, 'm': out}


def known(p):
    """Disagreements documented in doc/textfsm.md, not counted."""
    if p in KNOWN:
        return True
    # ASCII-only case folding ((?a) with (?i)) is not reproduced.
    if '(?a' in p and '(?i' in p:
        return True
    # CPython 3.11.2 mis-handles possessive repeats of groups.
    return re.search(r'(\*|\+|\?|\})\+', p.replace('\\\\', '')) is not None


def main(argv):
    if len(argv) < 2 or not os.access(argv[1], os.X_OK):
        print('rx-compat: program missing, skipped')
        return 77
    msgs = '--messages' in argv
    argv = [a for a in argv if a != '--messages']
    count = int(argv[2]) if len(argv) > 2 else 3000
    seed = int(argv[3]) if len(argv) > 3 else 4
    r = random.Random(seed)
    pats = FIXED + [rand_seq(r) for _ in range(count)]
    jobs = []
    for p in pats:
        subs = subjects(r, p)
        exp = py_result(p, subs)
        if exp is not None:
            jobs.append((p, subs, exp))
    data = ''.join(json.dumps([p, s]) + '\n' for p, s, _ in jobs)
    res = subprocess.run([argv[1]], input=data.encode(), capture_output=True,
                         check=True).stdout.decode().splitlines()
    bad = 0
    for (p, subs, exp), line in zip(jobs, res):
        got = json.loads(line)
        if known(p):
            continue
        if got.get('ok') != exp['ok']:
            bad += 1
            print('ACCEPT  %r: python %s, engine %s %s' % (
                p, exp['ok'], got.get('ok'), got.get('why', '')))
            continue
        if not exp['ok']:
            # (messages are compared on their first 200 characters: the
            # engine shortens a huge group name in its message)
            if msgs and (got.get('why') or '')[:200] != exp['why'][:200]:
                bad += 1
                print('MESSAGE %r: python %r, engine %r' % (
                    p, exp['why'], got.get('why')))
            continue
        for s, e, g in zip(subs, exp['m'], got['m']):
            if e != g:
                bad += 1
                print('MATCH   %r on %r: python %s, engine %s' % (p, s, e, g))
                break
    print('rx-compat: %d patterns, %d disagree' % (len(jobs), bad))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
