#!/usr/bin/python3
"""ref-parse.py - the reference: Debian's python3-textfsm, as `swinspect parse`.

Run it with /usr/bin/python3 (Debian's modules live there).

  ref-parse.py TEMPLATE FILE
      prints the records as JSON, exactly as `swinspect parse` formats them
      (an array of objects keyed by Value names, List values as arrays);
      errors on stderr as file:line: message.  Exit status: 0 ok,
      65 template error or Error action, 66 unreadable file,
      70 the reference itself crashed.
  ref-parse.py --batch
      reads "DIR<TAB>TEMPLATE<TAB>FILE<TAB>OUTPREFIX" lines on stdin and,
      in DIR, writes OUTPREFIX.out, OUTPREFIX.err and OUTPREFIX.rc for each
      (one Python start for a whole test run; OUTPREFIX absolute).
  ref-parse.py --index DIR
      reads "PLATFORM<TAB>COMMAND" lines on stdin and prints, for each, the
      Template cell textfsm.clitable chooses from DIR/index, or "-".

Template errors: the reference puts the line inside its message ("Line: 7.");
it is moved in front (file:7: message) so both engines print the same shape.
An Error action prints INPUT:N: message, N being the input line (1-based, as
str.splitlines() counts them).
"""
import json
import os
import re
import sys
import traceback

import textfsm

LINE_RE = re.compile(r'\s*Line:? (\d+)\.?$')


class CountingFSM(textfsm.TextFSM):
    """Counts input lines so an Error action can say where it fired."""

    def ParseText(self, text, eof=True):
        self.input_line = 0
        return super().ParseText(text, eof)

    def _CheckLine(self, line):
        self.input_line += 1
        return super()._CheckLine(line)


def json_records(header, rows):
    if not rows:
        return '[]\n'
    out = ['[\n']
    for i, row in enumerate(rows):
        fields = ', '.join('%s: %s' % (json.dumps(k, ensure_ascii=False),
                                       json.dumps(v, ensure_ascii=False))
                           for k, v in zip(header, row))
        out.append('  {%s}%s\n' % (fields, ',' if i + 1 < len(rows) else ''))
    out.append(']\n')
    return ''.join(out)


def parse(template, infile):
    """Returns (exit status, stdout text, stderr text)."""
    try:
        tf = open(template, encoding='utf-8', errors='replace')
    except OSError as e:
        return 66, '', '%s: cannot read: %s\n' % (template, e.strerror)
    try:
        with tf:
            try:
                fsm = CountingFSM(tf)
            except textfsm.TextFSMTemplateError as e:
                msg = str(e)
                m = LINE_RE.search(msg)
                if m:
                    return 65, '', '%s:%s: %s\n' % (
                        template, m.group(1), msg[:m.start()])
                return 65, '', '%s: %s\n' % (template, msg)
        try:
            src = sys.stdin.buffer if infile == '-' else open(infile, 'rb')
            with src:
                text = src.read().decode('utf-8', 'replace')
        except OSError as e:
            return 66, '', '%s: cannot read: %s\n' % (infile, e.strerror)
        try:
            rows = fsm.ParseText(text)
        except textfsm.TextFSMError as e:
            return 65, '', '%s:%d: %s\n' % (infile, fsm.input_line, e)
        return 0, json_records(fsm.header, rows), ''
    except Exception:  # the reference crashed: say so, never guess
        return 70, '', 'reference crashed:\n' + traceback.format_exc()


def index_lookups(directory):
    from textfsm import clitable
    table = clitable.CliTable('index', directory)
    for job in sys.stdin:
        platform, command = job.rstrip('\n').split('\t')
        row = table.index.GetRowMatch({'Platform': platform,
                                       'Command': command})
        print(table.index.index[row]['Template'] if row else '-')
    return 0


def main(argv):
    if len(argv) == 3 and argv[1] == '--index':
        return index_lookups(argv[2])
    if len(argv) == 2 and argv[1] == '--batch':
        for job in sys.stdin:
            where, template, infile, prefix = job.rstrip('\n').split('\t')
            os.chdir(where)
            rc, out, err = parse(template, infile)
            for ext, data in (('.out', out), ('.err', err),
                              ('.rc', '%d\n' % rc)):
                with open(prefix + ext, 'w', encoding='utf-8',
                          errors='surrogateescape') as f:
                    f.write(data)
        return 0
    if len(argv) != 3:
        sys.stderr.write('usage: ref-parse.py TEMPLATE FILE | --batch\n')
        return 64
    rc, out, err = parse(argv[1], argv[2])
    sys.stdout.write(out)
    sys.stderr.write(err)
    return rc


if __name__ == '__main__':
    sys.exit(main(sys.argv))
