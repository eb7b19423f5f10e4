#!/usr/bin/python3
"""Switch CLI emulator for the swinspect lab (standard library only).

sshd runs it as a ForceCommand:

    /usr/bin/python3 cli-emulator.py --device DIR

DIR holds one file per command (the command with spaces replaced by "_",
plus ".txt", e.g. show_version.txt) and a device.yaml of flat "key: value"
lines:

    hostname: acc-2960x-01
    style: ios            # ios | nxos | huawei | comware
    page_lines: 24        # lines per screen before the pager stops
    exec_timeout: 600     # idle seconds before the session is closed
    alias.show env all: show environment all

An optional banner.txt is printed before the first prompt.

With SSH_ORIGINAL_COMMAND set (an exec channel), the command's output is
printed as stored (LF line ends) and the program exits: 0 when the command
is known, 1 otherwise.  Otherwise it is an interactive session: a prompt,
one command per line, vendor error messages, a pager ("--More--") that
waits for a key unless paging was turned off ("terminal length 0",
"screen-length 0 temporary", "screen-length disable"), and exit/quit/logout
to leave.  Lines end in CRLF, or LF through a pty (the pty adds the CR).
EOF or the idle timeout ends the session; nothing waits forever.

Abbreviations work as on the devices ("sh ver", "disp cur"); filters
"| include RE", "| exclude RE", "| begin RE" (and "| section RE" for
IOS-like styles) are applied to the stored output.
"""

import os
import re
import select
import signal
import sys

try:
    import termios
except ImportError:  # pragma: no cover - not on Linux
    termios = None

STYLES = {
    "ios": {
        "prompt": "{host}#",
        "invalid": "% Invalid input detected at '^' marker.",
        "ambiguous": '% Ambiguous command:  "{line}"',
        "incomplete": "% Incomplete command.",
        "more": " --More-- ",
        "more_erase": "\b" * 10 + " " * 10 + "\b" * 10,
        "filters": ("include", "exclude", "begin", "section"),
    },
    "nxos": {
        "prompt": "{host}# ",
        "invalid": "% Invalid command at '^' marker.",
        "ambiguous": "% Ambiguous command at '^' marker.",
        "incomplete": "% Incomplete command at '^' marker.",
        "more": " --More-- ",
        "more_erase": "\r" + " " * 10 + "\r",
        "filters": ("include", "exclude", "begin", "section", "grep", "egrep"),
    },
    "huawei": {
        "prompt": "<{host}>",
        "invalid": "Error: Unrecognized command found at '^' position.",
        "ambiguous": "Error: Ambiguous command found at '^' position.",
        "incomplete": "Error: Incomplete command found at '^' position.",
        "more": "  ---- More ----",
        "more_erase": "\x1b[42D" + " " * 42 + "\x1b[42D",
        "filters": ("include", "exclude", "begin"),
    },
    "comware": {
        "prompt": "<{host}>",
        "invalid": "% Unrecognized command found at '^' position.",
        "ambiguous": "% Ambiguous command found at '^' position.",
        "incomplete": "% Incomplete command found at '^' position.",
        "more": "---- More ----",
        "more_erase": "\x1b[16D" + " " * 16 + "\x1b[16D",
        "filters": ("include", "exclude", "begin"),
    },
}

# Built-in commands: (words, handler name).  "N" matches a number.
BUILTINS = [
    (("terminal", "length", "N"), "set_length"),
    (("terminal", "width", "N"), "noop"),
    (("terminal", "no", "monitor"), "noop"),
    (("terminal", "monitor"), "noop"),
    (("screen-length", "N", "temporary"), "set_length"),
    (("screen-length", "disable"), "no_paging"),
    (("screen-width", "N"), "noop"),
    (("enable",), "noop"),
    (("exit",), "leave"),
    (("quit",), "leave"),
    (("logout",), "leave"),
]


class SessionEnd(Exception):
    """EOF, idle timeout, or the client went away."""


def load_device(path):
    conf = {"hostname": "switch", "style": "ios", "page_lines": "24",
            "exec_timeout": "600"}
    aliases = {}
    try:
        with open(os.path.join(path, "device.yaml"), encoding="utf-8") as fh:
            for raw in fh:
                line = raw.split(" #", 1)[0].strip()
                if not line or line.startswith("#") or ":" not in line:
                    continue
                key, value = line.split(":", 1)
                key, value = key.strip(), value.strip().strip("'\"")
                if key.startswith("alias."):
                    aliases[normalise(key[6:])] = normalise(value)
                else:
                    conf[key] = value
    except OSError as exc:
        sys.stderr.write(f"cli-emulator: cannot read {path}/device.yaml: {exc}\n")
        sys.exit(2)
    if conf["style"] not in STYLES:
        sys.stderr.write(f"cli-emulator: unknown style {conf['style']!r}\n")
        sys.exit(2)
    commands = {}
    for name in os.listdir(path):
        if name.endswith(".txt") and name != "banner.txt":
            commands[normalise(name[:-4].replace("_", " "))] = os.path.join(path, name)
    for alias, target in aliases.items():
        if target in commands:
            commands[alias] = commands[target]
    return conf, commands


def normalise(cmd):
    return " ".join(cmd.lower().split())


class Emulator:
    def __init__(self, device_dir):
        self.conf, self.commands = load_device(device_dir)
        self.device_dir = device_dir
        self.style = STYLES[self.conf["style"]]
        self.host = self.conf["hostname"]
        self.page_lines = int(self.conf.get("page_lines", 24))
        self.timeout = float(self.conf.get("exec_timeout", 600))
        self.fd_in = sys.stdin.fileno()
        self.tty = os.isatty(self.fd_in)
        self.nl = "\n" if self.tty else "\r\n"
        self.buf = b""
        # every known word sequence, for prefix matching
        self.table = [(tuple(c.split()), ("file", c)) for c in self.commands]
        self.table += [(words, ("builtin", h)) for words, h in BUILTINS]

    # -- output ---------------------------------------------------------

    def write(self, text):
        try:
            os.write(sys.stdout.fileno(), text.encode("utf-8", "replace"))
        except OSError as exc:
            raise SessionEnd() from exc

    def prompt(self):
        return self.style["prompt"].format(host=self.host)

    # -- input ----------------------------------------------------------

    def _fill(self):
        ready, _, _ = select.select([self.fd_in], [], [], self.timeout)
        if not ready:
            raise SessionEnd("idle timeout")
        data = os.read(self.fd_in, 4096)
        if not data:
            raise SessionEnd("eof")
        self.buf += data

    def readline(self):
        while True:
            m = re.search(rb"\r\n|\r|\n", self.buf)
            if m:
                line, self.buf = self.buf[:m.start()], self.buf[m.end():]
                return line.decode("utf-8", "replace")
            if len(self.buf) > 65536:
                raise SessionEnd("line too long")
            self._fill()

    def readkey(self):
        """One key press; the pty is switched to non-canonical mode meanwhile."""
        if self.buf:
            key, self.buf = self.buf[:1], self.buf[1:]
            return key
        saved = None
        if self.tty and termios is not None:
            saved = termios.tcgetattr(self.fd_in)
            raw = termios.tcgetattr(self.fd_in)
            raw[3] &= ~(termios.ICANON | termios.ECHO)
            raw[6][termios.VMIN] = 1
            raw[6][termios.VTIME] = 0
            termios.tcsetattr(self.fd_in, termios.TCSANOW, raw)
        try:
            self._fill()
        finally:
            if saved is not None:
                termios.tcsetattr(self.fd_in, termios.TCSANOW, saved)
        key, self.buf = self.buf[:1], self.buf[1:]
        return key

    # -- command resolution ---------------------------------------------

    @staticmethod
    def _word_matches(pattern, token):
        if pattern == "N":
            return token.isdigit()
        return pattern.startswith(token)

    def resolve(self, line):
        """Return (kind, value, error, bad_word_index)."""
        tokens = line.lower().split()
        key = " ".join(tokens)
        if key in self.commands:
            return "file", key, None, None
        for words, action in self.table:
            if tuple(tokens) == words:
                return action[0], action[1], None, None
        full = [(w, a) for w, a in self.table if len(w) == len(tokens)
                and all(self._word_matches(p, t) for p, t in zip(w, tokens))]
        if len(full) == 1:
            words, action = full[0]
            return action[0], action[1] if action[0] == "builtin" else " ".join(words), None, None
        targets = {self.commands[a[1]] if a[0] == "file" else a for _w, a in full}
        if len(full) > 1 and len(targets) == 1:
            words, action = full[0]  # aliases of one another: same output
            return action[0], action[1], None, None
        if len(full) > 1:
            # an exact word wins over a longer one ("show env" vs "show environment")
            exact = [fa for fa in full if all(p == t or p == "N" for p, t in zip(fa[0], tokens))]
            if len(exact) == 1:
                words, action = exact[0]
                return action[0], action[1] if action[0] == "builtin" else " ".join(words), None, None
            return None, None, "ambiguous", len(tokens) - 1
        # find the first word that no known command accepts
        for n in range(len(tokens)):
            ok = any(len(w) > n and all(self._word_matches(p, t)
                                        for p, t in zip(w[:n + 1], tokens[:n + 1]))
                     for w, _a in self.table)
            if not ok:
                return None, None, "invalid", n
        return None, None, "incomplete", len(tokens) - 1

    def error_lines(self, line, kind, word_index):
        lines = []
        # IOS prints no caret for an ambiguous or incomplete command
        if not (self.conf["style"] == "ios" and kind in ("ambiguous", "incomplete")):
            col = len(self.prompt())
            starts = [m.start() for m in re.finditer(r"\S+", line)]
            if word_index is not None and word_index < len(starts):
                col += starts[word_index]
            lines.append(" " * col + "^")
        lines.append(self.style[kind].format(line=line.strip()))
        return lines

    def run_filters(self, text, filters):
        lines = text.split("\n")
        for name, regex in filters:
            try:
                rx = re.compile(regex)
            except re.error:
                rx = re.compile(re.escape(regex))
            if name in ("include", "grep", "egrep"):
                lines = [ln for ln in lines if rx.search(ln)]
            elif name == "exclude":
                lines = [ln for ln in lines if not rx.search(ln)]
            elif name == "begin":
                for i, ln in enumerate(lines):
                    if rx.search(ln):
                        lines = lines[i:]
                        break
                else:
                    lines = []
            elif name == "section":
                out, keep = [], False
                for ln in lines:
                    if not ln.startswith(" "):
                        keep = bool(rx.search(ln))
                    if keep:
                        out.append(ln)
                lines = out
        return "\n".join(lines)

    def split_pipes(self, line):
        """Split "cmd | include a|b | exclude c" into the command and its
        filters.  A "|" starts a filter only where a filter keyword (or an
        abbreviation of one) follows; elsewhere it belongs to the regex.
        Returns (command, [(filter, regex)], column of a bad filter or None)."""
        starts = [m.start() for m in re.finditer(r"\|", line)]
        cuts = []
        for pos in starts:
            words = line[pos + 1:].split(None, 1)
            if words and any(f.startswith(words[0].lower()) for f in self.style["filters"]):
                cuts.append(pos)
        if not cuts:
            if starts:  # a pipe with no known filter after it
                return line[:starts[0]], None, starts[0] + 1
            return line, [], None
        filters = []
        for n, pos in enumerate(cuts):
            end = cuts[n + 1] if n + 1 < len(cuts) else len(line)
            words = line[pos + 1:end].split(None, 1)
            names = [f for f in self.style["filters"] if f.startswith(words[0].lower())]
            if len(names) != 1 or len(words) < 2:
                return line[:cuts[0]], None, pos + 1 + (len(line[pos + 1:]) - len(line[pos + 1:].lstrip()))
            filters.append((names[0], words[1].strip()))
        return line[:cuts[0]], filters, None

    def output_of(self, line):
        """(status, text or error lines, action) for one command line."""
        base, filters, bad_col = self.split_pipes(line)
        kind, value, err, idx = self.resolve(base)
        if err:
            return "error", self.error_lines(line, err, idx), None
        if filters is None:
            return "error", [" " * (len(self.prompt()) + bad_col) + "^",
                             self.style["invalid"]], None
        if kind == "builtin":
            return "builtin", "", (value, base.split())
        with open(self.commands[value], encoding="utf-8", errors="replace") as fh:
            text = fh.read()
        if filters:
            text = self.run_filters(text.rstrip("\n"), filters) + "\n"
        return "ok", text, None

    # -- modes ----------------------------------------------------------

    def exec_command(self, line):
        status, text, _action = self.output_of(line)
        if status == "error":
            self.write("\n".join(text) + "\n")
            return 1
        self.write(text)
        return 0

    def page(self, text):
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if self.page_lines <= 0 or len(lines) < self.page_lines:
            if lines:
                self.write(self.nl.join(lines) + self.nl)
            return
        pos, step = 0, self.page_lines - 1
        while pos < len(lines):
            chunk = lines[pos:pos + step]
            self.write(self.nl.join(chunk) + self.nl)
            pos += len(chunk)
            if pos >= len(lines):
                break
            self.write(self.style["more"])
            key = self.readkey()
            self.write(self.style["more_erase"])
            if key in (b" ",):
                step = self.page_lines - 1
            elif key in (b"\r", b"\n"):
                step = 1
                if key == b"\r" and self.buf[:1] == b"\n":
                    self.buf = self.buf[1:]
            else:  # q, Ctrl-C, anything else stops the output
                break

    def builtin(self, name, words):
        if name == "leave":
            raise SessionEnd("exit")
        if name == "set_length":
            number = next(int(w) for w in words if w.isdigit())
            self.page_lines = number
        elif name == "no_paging":
            self.page_lines = 0

    def interactive(self):
        banner = os.path.join(self.device_dir, "banner.txt")
        if os.path.exists(banner):
            with open(banner, encoding="utf-8", errors="replace") as fh:
                self.write(self.nl.join(fh.read().rstrip("\n").split("\n")) + self.nl)
        self.write(self.nl)
        while True:
            self.write(self.prompt())
            line = self.readline()
            if not self.tty:
                self.write(self.nl)
            if not line.strip():
                continue
            status, text, action = self.output_of(line)
            if status == "error":
                self.write(self.nl.join(text) + self.nl)
            elif status == "builtin":
                self.builtin(*action)
            else:
                self.page(text)


def main(argv):
    device = None
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--device" and args:
            device = args.pop(0)
        elif arg.startswith("--device="):
            device = arg.split("=", 1)[1]
        else:
            sys.stderr.write("usage: cli-emulator.py --device DIR\n")
            return 2
    if not device:
        sys.stderr.write("usage: cli-emulator.py --device DIR\n")
        return 2
    for sig in (signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP):
        signal.signal(sig, signal.SIG_IGN)
    emu = Emulator(device)
    try:
        command = os.environ.get("SSH_ORIGINAL_COMMAND")
        if command is not None:
            return emu.exec_command(command)
        emu.interactive()
    except SessionEnd:
        pass
    except (BrokenPipeError, ConnectionResetError):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
