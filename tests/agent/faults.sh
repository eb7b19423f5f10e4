#!/bin/sh
# Output faults, as root meets them (chmod does not stop root), each on a
# real file system inside `unshare -m` (skipped, 77, where that is not
# allowed): a tiny tmpfs that fills during collect and run, one that fills
# during check and one that fills half-way through the report's files, and
# a read-only tmpfs under collect, check, report and run.  Each gives an
# error naming the path and the reason, exit 73 (the output could not be
# written), no half-written file and no temporary left behind; a previous
# findings.json or report stays as it was.  A device whose facts did not
# fit is `error` and the run goes on.  Then a previous report that cannot
# be read: exit 65, naming it, and nothing written.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
unshare -m true 2>/dev/null || skip "unshare -m is not allowed here"
lab_start
export SWI_COMM="${LAB_SNMPSIM_OWN_COMMUNITIES%% *}"
export SWINSPECT_PROGRESS=plain
cat >"$SCRATCH/inv.yaml" <<YAML
defaults: {snmp: {community_env: SWI_COMM, port: $LAB_SNMPSIM_PORT}, ssh: false}
devices:
  - {name: a, address: 127.0.0.1}
  - {name: b, address: 127.0.0.1}
YAML
INV=$SCRATCH/inv.yaml

# no temporary, no JSON that does not parse, no HTML without its end
whole() { # DIR
	t=$(find "$1" -name '*.tmp.*' | head -1)
	[ -z "$t" ] || { echo "left behind: $t"; return 1; }
	for j in $(find "$1" -name '*.json'); do
		"$PYTHON3" -c 'import json,sys; json.load(open(sys.argv[1]))' "$j" ||
			{ echo "half-written: $j"; return 1; }
	done
	for h in $(find "$1" -name '*.html'); do
		tail -c 20 "$h" | grep -q '</html>' || { echo "half-written: $h"; return 1; }
	done
}
# inside a private mount namespace: SETUP commands, then swinspect ARGS
in_ns() { # NAME SETUP ARGS...
	name=$1 setup=$2
	shift 2
	unshare -m sh -c "$setup && \"\$0\" \"\$@\"; rc=\$?; $KEEP exit \$rc" \
		"$SWINSPECT" "$@" >"$SCRATCH/$name.out" 2>&1
	rc=$?
	sed "s/^/  [$name] /" "$SCRATCH/$name.out"
}
KEEP=
mnt() { mkdir -p "$SCRATCH/$1"; echo "mount -t tmpfs -o size=$2 tmpfs '$SCRATCH/$1'"; }

# a good run, the bundle the other cases start from
"$SWINSPECT" run -j 1 -i "$INV" -o "$SCRATCH/good" --lang en,zh-CN >"$SCRATCH/good.out" 2>&1
check "the reference run works (exit 0, got $?)" [ -s "$SCRATCH/good/report.json" ]

# 1. a tiny tmpfs: 48 KB under collect (the second device's facts do not
# fit), 64 KB under run (inspection.json does not)
for cmd in collect run; do
	KEEP="cp -a '$SCRATCH/t-$cmd/.' '$SCRATCH/t-$cmd.copy';"
	mkdir -p "$SCRATCH/t-$cmd.copy"
	size=48k
	[ $cmd = run ] && size=64k
	in_ns "tiny-$cmd" "$(mnt "t-$cmd" $size)" $cmd -j 1 -i "$INV" -o "$SCRATCH/t-$cmd/out"
	check "tiny tmpfs, $cmd: exit 73 (got $rc)" [ "$rc" -eq 73 ]
	check "... naming the file and the reason" \
		grep -q "$SCRATCH/t-$cmd/out/[^ ]*: cannot write: No space left on device" "$SCRATCH/tiny-$cmd.out"
	check "... nothing half-written, no temporary" whole "$SCRATCH/t-$cmd.copy"
done
check "collect: the device that did not fit is error, the other ok" \
	grep -q '\[2/2\] b (127.0.0.1): error' "$SCRATCH/tiny-collect.out"
check "collect: ... with its facts file and the reason" \
	grep -q "\[collect\] b: .*t-collect/out/devices/b.*No space left on device" "$SCRATCH/tiny-collect.out"
check "collect: the run went on to the summary" grep -q 'inspected 2 device(s)' "$SCRATCH/tiny-collect.out"
KEEP=

# 2. full during check: an old findings.json stays whole
prep() { # DIR EXTRA_KB: a tmpfs holding the good bundle with EXTRA_KB free
	echo "$(mnt "$1" 16m) && cp -a '$SCRATCH/good' '$SCRATCH/$1/out' &&
	u=\$(df -k --output=used '$SCRATCH/$1' | tail -1) &&
	mount -o remount,size=\$((u + $2))k '$SCRATCH/$1'"
}
cp "$SCRATCH/good/findings.json" "$SCRATCH/findings.before"
KEEP="cp -a '$SCRATCH/fc/out/.' '$SCRATCH/fc.copy';"
mkdir -p "$SCRATCH/fc.copy"
in_ns full-check "$(prep fc 4)" check "$SCRATCH/fc/out"
check "full during check: exit 73 (got $rc)" [ "$rc" -eq 73 ]
check "... naming findings.json and the reason" \
	grep -q "$SCRATCH/fc/out/findings.json: cannot write: No space left on device" "$SCRATCH/full-check.out"
check "... the previous findings.json is untouched" cmp -s "$SCRATCH/findings.before" "$SCRATCH/fc.copy/findings.json"
check "... no temporary" whole "$SCRATCH/fc.copy"

# 3. full half-way through the report: room for the English HTML, not the
# rest; the previous report's files all stay as they were (all or none)
html_kb=$(( $(wc -c <"$SCRATCH/good/report.html") / 1024 + 8 ))
KEEP="cp -a '$SCRATCH/fr/out/.' '$SCRATCH/fr.copy';"
mkdir -p "$SCRATCH/fr.copy"
in_ns full-report "$(prep fr $html_kb)" report "$SCRATCH/fr/out" --lang en,zh-CN
check "full during the report: exit 73 (got $rc)" [ "$rc" -eq 73 ]
check "... naming the file and the reason" \
	grep -q "$SCRATCH/fr/out/report[^ ]*: cannot write: No space left on device" "$SCRATCH/full-report.out"
same=0
for f in report.json report.html report.zh-CN.html report-findings.csv report-inventory.csv; do
	cmp -s "$SCRATCH/good/$f" "$SCRATCH/fr.copy/$f" || { echo "changed: $f"; same=1; }
done
check "... the previous report's files are all as they were" [ "$same" -eq 0 ]
check "... no temporary" whole "$SCRATCH/fr.copy"
KEEP=

# 4. a read-only tmpfs under each command
ro="$(mnt ro 16m) && cp -a '$SCRATCH/good' '$SCRATCH/ro/out' && rm '$SCRATCH/ro/out/'report* && mount -o remount,ro '$SCRATCH/ro'"
for cmd in collect run; do
	in_ns "ro-$cmd" "$ro" $cmd -i "$INV" -o "$SCRATCH/ro/new"
	check "read-only, $cmd: exit 73 (got $rc)" [ "$rc" -eq 73 ]
	check "... naming the folder and the reason" \
		grep -q "$SCRATCH/ro/new: cannot create folder: Read-only file system" "$SCRATCH/ro-$cmd.out"
	check "... before any device is collected" sh -c "! grep -q '\[1/2\]' '$SCRATCH/ro-$cmd.out'"
done
in_ns ro-check "$ro" check "$SCRATCH/ro/out"
check "read-only, check: exit 73 (got $rc)" [ "$rc" -eq 73 ]
check "... naming findings.json and the reason" \
	grep -q "$SCRATCH/ro/out/findings.json: cannot write: Read-only file system" "$SCRATCH/ro-check.out"
in_ns ro-report "$ro" report "$SCRATCH/ro/out"
check "read-only, report: exit 73 (got $rc)" [ "$rc" -eq 73 ]
check "... naming the file and the reason" \
	grep -q "$SCRATCH/ro/out/report[^ ]*: cannot write: Read-only file system" "$SCRATCH/ro-report.out"
check "... and no 'report:' line claiming success" sh -c "! grep -q '^report:' '$SCRATCH/ro-report.out'"

# 5. a previous report that cannot be read: missing, a folder, cut short
cp -R "$SCRATCH/good" "$SCRATCH/p"
rm -f "$SCRATCH/p"/report*
head -c 300 "$SCRATCH/good/report.json" >"$SCRATCH/cut.json"
for prev in "$SCRATCH/missing.json" "$SCRATCH/good" "$SCRATCH/cut.json"; do
	"$SWINSPECT" report "$SCRATCH/p" --previous "$prev" >"$SCRATCH/prev.out" 2>&1
	rc=$?
	sed 's/^/  [previous] /' "$SCRATCH/prev.out"
	check "unreadable previous report $(basename "$prev"): exit 65 (got $rc)" [ "$rc" -eq 65 ]
	check "... naming it" grep -q "$prev" "$SCRATCH/prev.out"
	check "... and no report written" sh -c "! ls '$SCRATCH/p'/report* 2>/dev/null"
done
finish
