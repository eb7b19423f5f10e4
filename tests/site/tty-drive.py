#!/usr/bin/python3
"""Drives a program through a pseudo-terminal, as a person at a terminal.

Usage: tty-drive.py SCRIPT TRANSCRIPT -- PROGRAM ARGS...

SCRIPT has one step per line:
    expect TEXT      wait (10 s at most) until TEXT has appeared on the
                     terminal since the previous expect; fail otherwise
    send TEXT        type TEXT and Enter (TEXT may be empty)
    eof              type Ctrl-D
Lines starting with # are comments.  The whole terminal output is written
to TRANSCRIPT.  Exit status: the program's, or 99 when an expect failed.
"""
import os
import pty
import select
import sys
import time


def main(argv):
    script, transcript = argv[1], argv[2]
    cmd = argv[argv.index("--") + 1:]
    steps = []
    with open(script, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            word, _, rest = line.partition(" ")
            steps.append((word, rest))
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "dumb"
        os.execvp(cmd[0], cmd)
    seen = b""
    mark = 0
    status = 0

    def read_some(timeout):
        nonlocal seen
        r, _, _ = select.select([fd], [], [], timeout)
        if not r:
            return True
        try:
            data = os.read(fd, 4096)
        except OSError:
            return False
        if not data:
            return False
        seen += data
        return True

    for word, rest in steps:
        if word == "expect":
            want = rest.encode("utf-8")
            deadline = time.time() + 10
            alive = True
            while want not in seen[mark:] and time.time() < deadline and alive:
                alive = read_some(0.2)
            if want not in seen[mark:]:
                sys.stderr.write("tty-drive: never saw %r\n" % rest)
                status = 99
                break
            mark = seen.index(want, mark) + len(want)
        elif word == "send":
            os.write(fd, rest.encode("utf-8") + b"\r")
        elif word == "eof":
            os.write(fd, b"\x04")
        else:
            sys.stderr.write("tty-drive: unknown step %r\n" % word)
            status = 99
            break
    deadline = time.time() + 10
    while time.time() < deadline and read_some(0.2):
        pass
    if status == 99:
        os.kill(pid, 9)
    _, st = os.waitpid(pid, 0)
    with open(transcript, "wb") as f:
        f.write(seen)
    if status == 99:
        return 99
    return os.waitstatus_to_exitcode(st)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
