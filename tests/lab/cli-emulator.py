#!/usr/bin/python3
"""Switch CLI emulator for the swinspect lab (standard library only).

sshd runs it as a ForceCommand:

    /usr/bin/python3 cli-emulator.py --device DIR

DIR holds one file per command (the command with spaces replaced by "_",
plus ".txt", e.g. show_version.txt) and a device.yaml of flat "key: value"
lines:

    hostname: acc-2960x-01
    style: ios            # ios | nxos | huawei | comware | eos | junos | sonic
    page_lines: 24        # lines per screen before the pager stops
    exec_timeout: 600     # idle seconds before the session is closed
    alias.show env all: show environment all

An optional banner.txt is printed before the first prompt.

With SSH_ORIGINAL_COMMAND set (an exec channel), the command's output is
printed as stored (LF line ends) and the program exits: 0 when the command
is known, 1 otherwise.  Otherwise it is an interactive session: a prompt,
one command per line, vendor error messages, a pager ("--More--") that
waits for a key unless paging was turned off ("terminal length 0",
"screen-length 0 temporary", "screen-length disable", Junos "set cli
screen-length 0" or "| no-more" on one command; SONiC's shell has no
pager), and exit/quit/logout to leave.  Prompts: "host#" (ios, nxos,
eos), "<host>" (huawei, comware), "user@host> " (junos), "user@host:~$ "
(sonic; the user is the login name).  Lines end in CRLF, or LF through a pty (the pty adds the CR).
EOF or the idle timeout ends the session; nothing waits forever.

Abbreviations work as on the devices ("sh ver", "disp cur"; not on
SONiC, whose click commands are spelt out); filters "| include RE",
"| exclude RE", "| begin RE" (and "| section RE" for IOS-like styles,
"| match RE", "| except RE", "| no-more" for Junos, "| grep RE" for
SONiC) are applied to the stored output.

The device echoes what is typed, as switches do: through a pty the pty
echoes, without one the emulator writes the line back.

Options for the swinspect SSH tests (one sshd port each):

  --replay FILE        replay a recorded session log (prompt lines
                       "host#cmd" / "<host>cmd" followed by the output):
                       the recording's host name, prompt and outputs, the
                       style's pager; style from --style or the prompt
  --style S            ios | nxos | huawei | comware (with --replay)
  --no-paging-off      refuse "terminal length 0" and the like, so the
                       pager must be answered
  --user-mode          start unprivileged ("host>"); "enable" asks for the
                       password in --enable-secret-file (none: no question)
  --fault MODE         slow (every line 20 ms apart), stall (half the
                       output, then nothing), drop (half the output, then
                       the connection is cut), endless-pager (pages that
                       never end), flood (output that never ends, no
                       pager), no-prompt (text, never a prompt)
  --fault-at CMD       the command the fault hits (stall, drop,
                       endless-pager, flood); default "show running-config",
                       "*" for any command with output
"""

import os
import re
import select
import signal
import sys
import time

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
    "eos": {
        "prompt": "{host}#",
        "invalid": "% Invalid input",
        "ambiguous": "% Ambiguous command",
        "incomplete": "% Incomplete command",
        "more": " --More-- ",
        "more_erase": "\r" + " " * 10 + "\r",
        "filters": ("include", "exclude", "begin", "section", "grep", "no-more"),
    },
    "junos": {
        "prompt": "{user}@{host}> ",
        "invalid": "syntax error, expecting <command>.",
        "ambiguous": "syntax error, expecting <command>.",
        "incomplete": "syntax error, expecting <command>.",
        "more": "---(more)---",
        "more_erase": "\r" + " " * 12 + "\r",
        "filters": ("match", "except", "find", "no-more", "count"),
        "user_prompt": True,
    },
    "sonic": {
        "prompt": "{user}@{host}:~$ ",
        "invalid": 'Error: No such command "{word}".',
        "ambiguous": 'Error: No such command "{word}".',
        "incomplete": 'Usage: {line} [OPTIONS] COMMAND [ARGS]...',
        "unknown_program": "-bash: {word}: command not found",
        "more": None,
        "more_erase": "",
        "filters": ("grep",),
        "shell_pipes": True,
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
    (("set", "cli", "screen-length", "N"), "set_length"),
    (("set", "cli", "screen-width", "N"), "noop"),
    (("set", "cli", "complete-on-space", "off"), "noop"),
    (("enable",), "enable"),
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


def login_name():
    """The user sshd runs us as (the prompt of Junos and SONiC shows it)."""
    for var in ("USER", "LOGNAME"):
        if os.environ.get(var):
            return os.environ[var]
    try:
        import pwd
        return pwd.getpwuid(os.getuid()).pw_name
    except (ImportError, KeyError):
        return "admin"


def normalise(cmd):
    return " ".join(cmd.lower().split())


PROMPT_RE = re.compile(r"^(<[^<>\s][^<>]{0,80}>|\[[^\[\]\s][^\[\]]{0,80}\]|[A-Za-z0-9][A-Za-z0-9_.:/@-]{0,80}#)")


def load_replay(path, style=None):
    """A recorded session: the prompt learned from the first prompt line,
    every "PROMPT command" line followed by the command's output.  Returns
    (conf, texts): texts maps a normalised command to its outputs in the
    order recorded."""
    with open(path, encoding="utf-8", errors="replace") as fh:
        lines = fh.read().lstrip("\ufeff").split("\n")
    prompt = None
    for line in lines:
        m = PROMPT_RE.match(line)
        if m and not line.startswith("[BEGIN]"):
            prompt = m.group(1)
            break
    if prompt is None:
        sys.stderr.write(f"cli-emulator: no prompt in {path}\n")
        sys.exit(2)
    texts, cmd, out = {}, None, []

    def flush():
        if cmd and cmd.strip():
            texts.setdefault(normalise(cmd), []).append(
                "".join(x + "\n" for x in out))

    for line in lines:
        if line.startswith(prompt):
            flush()
            cmd, out = line[len(prompt):], []
        elif cmd is not None:
            out.append(line)
    if out and out[-1] == "":
        out.pop()  # the file's final newline
    flush()
    if prompt.startswith("<") or prompt.startswith("["):
        host = prompt[1:-1]
        guess = "comware" if "/hp_comware/" in path or "H3C" in host else "huawei"
    else:
        host, guess = prompt[:-1], "ios"
    conf = {"hostname": host, "style": style or guess, "page_lines": "24",
            "exec_timeout": "600"}
    return conf, texts


class Emulator:
    def __init__(self, device_dir, opts=None):
        opts = opts or {}
        self.texts = {}
        if opts.get("replay"):
            self.conf, self.texts = load_replay(opts["replay"], opts.get("style"))
            # the recorded "terminal length 0" and the like stay built-ins
            for key in list(self.texts):
                words = key.split()
                if any(len(w) == len(words) and all(
                        p == t or (p == "N" and t.isdigit()) for p, t in zip(w, words))
                       for w, _h in BUILTINS):
                    del self.texts[key]
            self.commands = {k: None for k in self.texts}
            device_dir = os.path.dirname(opts["replay"])
        else:
            self.conf, self.commands = load_device(device_dir)
        self.replay_pos = {}
        self.no_more = False
        self.last_key = None
        self.no_paging_off = opts.get("no_paging_off", False)
        self.fault = opts.get("fault")
        self.fault_at = normalise(opts.get("fault_at") or "show running-config")
        self.privileged = not opts.get("user_mode", False)
        self.enable_secret = None
        if opts.get("enable_secret_file"):
            with open(opts["enable_secret_file"], encoding="utf-8") as fh:
                self.enable_secret = fh.read().strip("\r\n")
        self.line_delay = 0.02 if self.fault == "slow" else 0.0
        self.banner_file = None if opts.get("replay") else os.path.join(device_dir, "banner.txt")
        self.device_dir = device_dir
        self.style = STYLES[self.conf["style"]]
        self.host = self.conf["hostname"]
        self.user = login_name()
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
        p = self.style["prompt"].format(host=self.host, user=self.user)
        if not self.privileged:
            p = p.replace("#", ">")
        return p

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

    def readkey(self, prompt=""):
        """Writes prompt (a pager) and reads one key press.  The pty is
        put in non-canonical mode without echo *before* the prompt goes
        out, so a key the client sends at once is neither echoed nor held
        back waiting for a line end."""
        saved = None
        if self.tty and termios is not None and not self.buf:
            saved = termios.tcgetattr(self.fd_in)
            raw = termios.tcgetattr(self.fd_in)
            raw[3] &= ~(termios.ICANON | termios.ECHO)
            raw[6][termios.VMIN] = 1
            raw[6][termios.VTIME] = 0
            termios.tcsetattr(self.fd_in, termios.TCSANOW, raw)
        try:
            if prompt:
                self.write(prompt)
            if not self.buf:
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
        if self.conf["style"] == "sonic":
            # click names the word it did not know; bash, a program it has not
            words = line.split()
            n = word_index if word_index is not None and word_index < len(words) else 0
            word = words[n] if words else ""
            if n == 0 and word not in ("show", "config", "sudo"):
                return [self.style["unknown_program"].format(word=word)]
            return [self.style[kind].format(line=line.strip(), word=word)]
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
            if name == "no-more":
                continue
            if name == "count":
                lines = [f"Count: {len([ln for ln in lines if ln])} lines"]
                continue
            if name in ("match", "except"):  # Junos: "a|b" alternatives, case-insensitive
                try:
                    rx = re.compile(regex.strip('"'), re.I)
                except re.error:
                    rx = re.compile(re.escape(regex), re.I)
                name = "include" if name == "match" else "exclude"
            if name == "find":
                name = "begin"
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
            if len(names) == 1 and names[0] in ("no-more", "count"):
                filters.append((names[0], ""))
                continue
            if len(names) != 1 or len(words) < 2:
                return line[:cuts[0]], None, pos + 1 + (len(line[pos + 1:]) - len(line[pos + 1:].lstrip()))
            filters.append((names[0], words[1].strip()))
        return line[:cuts[0]], filters, None

    def output_of(self, line):
        """(status, text or error lines, action) for one command line."""
        base, filters, bad_col = self.split_pipes(line)
        kind, value, err, idx = self.resolve(base)
        self.last_key = value if kind == "file" else None
        if err:
            return "error", self.error_lines(line, err, idx), None
        if filters is None:
            return "error", [" " * (len(self.prompt()) + bad_col) + "^",
                             self.style["invalid"]], None
        if kind == "builtin":
            if self.no_paging_off and value in ("set_length", "no_paging"):
                return "error", self.error_lines(line, "invalid", 0), None
            return "builtin", "", (value, base.split())
        if not self.privileged and value in ("show running-config", "show startup-config"):
            return "error", self.error_lines(line, "invalid", 1), None
        text = self.read_text(value)
        self.no_more = any(f[0] == "no-more" for f in filters)
        if filters:
            text = self.run_filters(text.rstrip("\n"), filters) + "\n"
        return "ok", text, None

    def read_text(self, key):
        if key in self.texts:
            outs = self.texts[key]
            n = self.replay_pos.get(key, 0)
            self.replay_pos[key] = n + 1
            return outs[min(n, len(outs) - 1)]
        with open(self.commands[key], encoding="utf-8", errors="replace") as fh:
            return fh.read()

    # -- modes ----------------------------------------------------------

    def exec_command(self, line):
        status, text, _action = self.output_of(line)
        if status == "error":
            self.write("\n".join(text) + "\n")
            return 1
        if self.fault == "no-prompt" or self.fault_hits(self.last_key):
            self.nl = "\n"
            if self.fault == "endless-pager":
                self.fault = "flood"  # no pager on an exec channel
            if self.fault == "no-prompt":
                self.stall()
            self.do_fault(text)
        if self.line_delay:
            self.write_lines(text.rstrip("\n").split("\n"))
            return 0
        self.write(text)
        return 0

    def write_lines(self, lines):
        if not lines:
            return
        if self.line_delay:
            for ln in lines:
                self.write(ln + self.nl)
                time.sleep(self.line_delay)
        else:
            self.write(self.nl.join(lines) + self.nl)

    def page(self, text):
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        if self.page_lines <= 0 or len(lines) < self.page_lines or \
                self.style["more"] is None or self.no_more:
            self.write_lines(lines)
            return
        pos, step = 0, self.page_lines - 1
        while pos < len(lines):
            chunk = lines[pos:pos + step]
            self.write_lines(chunk)
            pos += len(chunk)
            if pos >= len(lines):
                break
            key = self.readkey(self.style["more"])
            self.write(self.style["more_erase"])
            if key in (b" ",):
                step = self.page_lines - 1
            elif key in (b"\r", b"\n"):
                step = 1
                if key == b"\r" and self.buf[:1] == b"\n":
                    self.buf = self.buf[1:]
            else:  # q, Ctrl-C, anything else stops the output
                break

    def read_secret(self):
        saved = None
        if self.tty and termios is not None:
            saved = termios.tcgetattr(self.fd_in)
            quiet = termios.tcgetattr(self.fd_in)
            quiet[3] &= ~termios.ECHO
            termios.tcsetattr(self.fd_in, termios.TCSANOW, quiet)
        try:
            return self.readline()
        finally:
            if saved is not None:
                termios.tcsetattr(self.fd_in, termios.TCSANOW, saved)

    def enable(self):
        if self.privileged:
            return
        if self.enable_secret is not None:
            self.write("Password: ")
            given = self.read_secret()
            self.write(self.nl)
            if given != self.enable_secret:
                self.write("% Access denied" + self.nl)
                return
        self.privileged = True

    def builtin(self, name, words):
        if name == "leave":
            raise SessionEnd("exit")
        if name == "enable":
            self.enable()
            return
        if name == "set_length":
            number = next(int(w) for w in words if w.isdigit())
            self.page_lines = number
        elif name == "no_paging":
            self.page_lines = 0

    # -- faults ---------------------------------------------------------

    def stall(self):
        """Say nothing more; swallow input until the client goes away."""
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd_in], [], [], 5)
            if ready and not os.read(self.fd_in, 4096):
                raise SessionEnd("eof")
        raise SessionEnd("stall over")

    def drop(self):
        """Cut the connection: end the sshd session process that serves
        us (it runs as our user), as a device that reboots or crashes."""
        try:
            with open(f"/proc/{os.getppid()}/cmdline", "rb") as fh:
                parent = fh.read().split(b"\0")[0]
            if parent.startswith(b"sshd"):
                os.kill(os.getppid(), signal.SIGKILL)
        except OSError:
            pass
        os._exit(0)

    def fault_hits(self, key):
        return self.fault in ("stall", "drop", "endless-pager", "flood") and \
            (self.fault_at == "*" or self.fault_at == key)

    def do_fault(self, text):
        lines = text.rstrip("\n").split("\n") or [""]
        if self.fault in ("stall", "drop"):
            self.write(self.nl.join(lines[:max(1, len(lines) // 2)]) + self.nl)
            if self.fault == "stall":
                self.stall()
            self.drop()
        elif self.fault == "endless-pager":
            step, n = max(2, self.page_lines if self.page_lines > 0 else 24) - 1, 0
            while True:
                chunk = [lines[(n + i) % len(lines)] for i in range(step)]
                n += step
                self.write(self.nl.join(chunk) + self.nl)
                self.readkey(self.style["more"])  # any key: it goes on
                self.write(self.style["more_erase"])
        else:  # flood
            while True:
                self.write(self.nl.join(lines) + self.nl)

    def no_prompt(self):
        self.write("System is starting, please wait" + self.nl)
        while True:
            ready, _, _ = select.select([self.fd_in], [], [], 1.0)
            if ready:
                if not os.read(self.fd_in, 4096):
                    raise SessionEnd("eof")
            self.write("." )

    def interactive(self):
        banner = self.banner_file
        if banner and os.path.exists(banner):
            with open(banner, encoding="utf-8", errors="replace") as fh:
                self.write(self.nl.join(fh.read().rstrip("\n").split("\n")) + self.nl)
        self.write(self.nl)
        if self.fault == "no-prompt":
            self.no_prompt()
        while True:
            self.write(self.prompt())
            line = self.readline()
            if not self.tty:
                self.write(line + self.nl)  # the device's own echo
            if not line.strip():
                continue
            status, text, action = self.output_of(line)
            if status == "error":
                self.write(self.nl.join(text) + self.nl)
            elif status == "builtin":
                self.builtin(*action)
            elif self.fault_hits(self.last_key):
                self.do_fault(text)
            else:
                self.page(text)


USAGE = ("usage: cli-emulator.py (--device DIR | --replay FILE [--style S]) "
         "[--no-paging-off] [--user-mode [--enable-secret-file F]] "
         "[--fault slow|stall|drop|endless-pager|flood|no-prompt [--fault-at CMD]]\n")
FAULTS = ("slow", "stall", "drop", "endless-pager", "flood", "no-prompt")


def main(argv):
    device = None
    opts = {}
    valued = {"--device": "device", "--replay": "replay", "--style": "style",
              "--fault": "fault", "--fault-at": "fault_at",
              "--enable-secret-file": "enable_secret_file"}
    flags = {"--no-paging-off": "no_paging_off", "--user-mode": "user_mode"}
    args = list(argv)
    while args:
        arg = args.pop(0)
        name, eq, val = arg.partition("=")
        if name in valued and (eq or args):
            opts[valued[name]] = val if eq else args.pop(0)
        elif arg in flags:
            opts[flags[arg]] = True
        else:
            sys.stderr.write(USAGE)
            return 2
    device = opts.get("device")
    if not device and not opts.get("replay"):
        sys.stderr.write(USAGE)
        return 2
    if opts.get("fault") and opts["fault"] not in FAULTS:
        sys.stderr.write(f"cli-emulator: unknown fault {opts['fault']!r}\n")
        return 2
    if opts.get("style") and opts["style"] not in STYLES:
        sys.stderr.write(f"cli-emulator: unknown style {opts['style']!r}\n")
        return 2
    for sig in (signal.SIGINT, signal.SIGQUIT, signal.SIGTSTP):
        signal.signal(sig, signal.SIG_IGN)
    emu = Emulator(device, opts)
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
