#!/bin/sh
# `swinspect check -j N` evaluates the devices with several threads and
# still writes findings.json in the devices' order: the document is the
# same, byte for byte but for generated_at, with -j 1, 2 and 8, over 150
# generated devices (three chunks of 64), also when one device's
# facts.json in the middle is broken (exit 65, the same message, the
# other devices' findings kept).  Takes ~5 s.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
scratch
"$PYTHON3" "$top_srcdir/tests/report/gen-site.py" 150 "$SCRATCH/b" >/dev/null
check "150 devices are generated" [ "$(ls "$SCRATCH/b/devices" | wc -l)" -eq 150 ]

# run J TAG: check with -j J, findings.json without generated_at in TAG.json
run() {
	rm -f "$SCRATCH/b/findings.json"
	"$SWINSPECT" check -q -j "$1" "$SCRATCH/b" 2>"$SCRATCH/$2.err"
	echo $? >"$SCRATCH/$2.rc"
	grep -v '^"generated_at":' "$SCRATCH/b/findings.json" >"$SCRATCH/$2.json"
}

for j in 1 2 8; do
	run "$j" "j$j"
done
check "-j 1 exits 0" [ "$(cat "$SCRATCH/j1.rc")" -eq 0 ]
check "-j 1 finds something" grep -q '"rule":' "$SCRATCH/j1.json"
check "-j 2 writes the same findings.json as -j 1" cmp -s "$SCRATCH/j1.json" "$SCRATCH/j2.json"
check "-j 8 writes the same findings.json as -j 1" cmp -s "$SCRATCH/j1.json" "$SCRATCH/j8.json"
check "-j 2 exits 0" [ "$(cat "$SCRATCH/j2.rc")" -eq 0 ]

# A broken facts.json in the second chunk.
bad=$(ls "$SCRATCH/b/devices" | sed -n 70p)
printf '{"device": ' >"$SCRATCH/b/devices/$bad/facts.json"
for j in 1 2; do
	run "$j" "bad$j"
done
check "a broken facts.json: exit 65 with -j 1" [ "$(cat "$SCRATCH/bad1.rc")" -eq 65 ]
check "a broken facts.json: exit 65 with -j 2" [ "$(cat "$SCRATCH/bad2.rc")" -eq 65 ]
check "the broken device is named in the error" grep -q "$bad/facts.json" "$SCRATCH/bad2.err"
check "the same errors with -j 1 and -j 2" cmp -s "$SCRATCH/bad1.err" "$SCRATCH/bad2.err"
check "the same findings.json with -j 1 and -j 2" cmp -s "$SCRATCH/bad1.json" "$SCRATCH/bad2.json"
check "the other devices' findings are kept" [ "$(grep -c '"rule":' "$SCRATCH/bad2.json")" -gt 0 ]
finish
