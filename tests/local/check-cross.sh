#!/bin/sh
# check-cross.sh - `make check-cross`: builds the on-box swinspect for arm64
# with Debian's cross toolchain and smoke-tests it under qemu-aarch64-static:
# --version, and `collect --local --root` over the sonic-as7326 fixture tree,
# whose facts must equal tests/local/expected/sonic-as7326.json, `run`
# writing the report, and the same tree as a SONiC box with its CLI
# (tests/local/sonic-box.sh) inspected through the sonic profile.  Run by
# hand (not in CI); see doc/local.md "Cross-compiling for arm64".
#
# Needs (Debian 12): dpkg --add-architecture arm64; apt-get update;
# apt-get install gcc-aarch64-linux-gnu qemu-user-static
#   libyaml-dev:arm64 libcjson-dev:arm64 libpcre2-dev:arm64
set -u
: "${top_srcdir:?}" "${top_builddir:?}"
: "${PYTHON3:=/usr/bin/python3}"
HOST=aarch64-linux-gnu
SYSROOT=/usr/$HOST
build="$top_builddir/cross-aarch64"
fails=0
say() { printf '%s\n' "$*"; }
need() {
	command -v "$1" >/dev/null 2>&1 || {
		say "check-cross: '$1' is missing: apt-get install $2"
		exit 1
	}
}
need $HOST-gcc gcc-$HOST
need qemu-aarch64-static qemu-user-static
for pc in yaml-0.1 libcjson libpcre2-8; do
	[ -f /usr/lib/$HOST/pkgconfig/$pc.pc ] || {
		say "check-cross: no arm64 $pc: dpkg --add-architecture arm64 &&" \
			"apt-get update && apt-get install libyaml-dev:arm64" \
			"libcjson-dev:arm64 libpcre2-dev:arm64"
		exit 1
	}
done

mkdir -p "$build"
cd "$build" || exit 1
if [ ! -f Makefile ]; then
	say "== configure --host=$HOST --enable-onbox (in $build)"
	PKG_CONFIG_LIBDIR=/usr/lib/$HOST/pkgconfig:/usr/share/pkgconfig \
		"$top_srcdir/configure" --host=$HOST --enable-onbox \
		--enable-werror >configure.log 2>&1 ||
		{ tail -20 configure.log; exit 1; }
fi
say "== make swinspect"
nice make -j2 swinspect >make.log 2>&1 || { tail -30 make.log; exit 1; }
file swinspect 2>/dev/null | grep -q 'ARM aarch64' ||
	{ say "FAIL: swinspect is not an aarch64 executable"; exit 1; }
say "ok: swinspect is an aarch64 executable ($(wc -c <swinspect) bytes)"

run() { qemu-aarch64-static -L "$SYSROOT" ./swinspect "$@"; }
v=$(run --version)
if [ "$v" = "swinspect $(sed -n 's/^PACKAGE_VERSION = //p' Makefile)" ]; then
	say "ok: --version under qemu: $v"
else
	say "FAIL: --version under qemu printed '$v'"; fails=$((fails + 1))
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/swinspect-cross.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
sh "$top_srcdir/tests/local/mktree.sh" sonic-as7326 "$tmp/tree"
SWINSPECT_DATADIR="$top_srcdir" run collect --local --root "$tmp/tree" \
	-o "$tmp/out" >"$tmp/log" 2>&1
if [ $? -eq 0 ]; then say "ok: collect --local --root under qemu exits 0"
else say "FAIL: collect --local --root under qemu"; cat "$tmp/log"; fails=$((fails + 1)); fi
if "$PYTHON3" "$top_srcdir/tests/local/facts-compare.py" \
	"$top_srcdir/tests/local/expected/sonic-as7326.json" \
	"$tmp/out/devices/sw-leaf-01/facts.json"; then
	say "ok: the arm64 build's facts equal tests/local/expected/sonic-as7326.json"
else
	say "FAIL: the arm64 build's facts differ"; fails=$((fails + 1))
fi
SWINSPECT_DATADIR="$top_srcdir" run run --local --root "$tmp/tree" \
	-o "$tmp/out2" >"$tmp/log2" 2>&1
if [ -s "$tmp/out2/report.html" ] && [ -s "$tmp/out2/report.json" ]; then
	say "ok: run --local --root under qemu writes report.json and report.html"
else
	say "FAIL: run --local under qemu wrote no report"; cat "$tmp/log2"; fails=$((fails + 1))
fi
# a SONiC box (tests/local/sonic-box.sh): the local CLI's fork/exec and
# the profile under qemu too -- where this qemu-user can fork at all (Debian
# 12's 7.2 hangs in fork() of a dynamically linked program here, as in
# thread creation: a tiny probe tells)
printf '#include <unistd.h>\n#include <sys/wait.h>\nint main(void){pid_t p=fork();if(!p)_exit(3);int s;waitpid(p,&s,0);return WEXITSTATUS(s)==3?0:1;}\n' >"$tmp/fork.c"
$HOST-gcc -o "$tmp/fork" "$tmp/fork.c" 2>/dev/null &&
	timeout 10 qemu-aarch64-static -L "$SYSROOT" "$tmp/fork"
if [ $? -ne 0 ]; then
	say "skip: this qemu-user cannot fork a dynamically linked arm64 program (probe hung or failed): the SONiC box with its CLI is not run under qemu"
	say "check-cross: $((4 - fails)) passed, $fails failed"
	exit $((fails > 0))
fi
fail() { say "FAIL: $*"; fails=$((fails + 1)); }
. "$top_srcdir/tests/local/sonic-box.sh"
mkdir -p "$tmp/box"
sonic_box "$tmp/box"
PATH="$tmp/box/bin:$PATH" SWINSPECT_DATADIR="$top_srcdir" run collect --local \
	--root "$tmp/box/tree" -o "$tmp/out3" >"$tmp/log3" 2>&1
got=$("$PYTHON3" -c 'import json,sys
d=json.load(open(sys.argv[1]))
print(d["sources"]["cli"]["status"], ",".join(sorted(p["name"] for p in d["environment"]["power_supplies"])))' \
	"$tmp/out3/devices/$BOX_HOST/facts.json" 2>&1)
if [ "$got" = "ok PSU 1,PSU 2" ]; then
	say "ok: on a SONiC box under qemu, the CLI ran through the sonic profile (PSUs from show platform psustatus)"
else
	say "FAIL: the SONiC box under qemu: $got"; cat "$tmp/log3"; fails=$((fails + 1))
fi
say "check-cross: $((5 - fails)) passed, $fails failed"
[ "$fails" -eq 0 ]
