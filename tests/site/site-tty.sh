#!/bin/sh
# `swinspect site` as an engineer uses it, driven through a pseudo-terminal
# (tests/site/tty-drive.py, Python's pty module): wrong answers get a
# message and are asked again, a required question skipped is come back
# to, 'b' goes back, writing is refused while a required answer is
# missing, the review changes an answer, and OUT/site.yaml comes out valid
# (mode 0600, accepted by --answers and by check --site).  Then: the
# previous inspection's answers as defaults, end of input writes nothing,
# and without a terminal the command refuses unless --answers is given.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
[ -x "$SWINSPECT" ] || skip "$SWINSPECT is not built"
[ -x "$PYTHON3" ] || skip "$PYTHON3 not found"
DRIVE="$top_srcdir/tests/site/tty-drive.py"
scratch
cd "$SCRATCH" || exit 1

# a small real PNG (the photo question checks the first bytes)
"$PYTHON3" - <<'PY'
import struct, zlib
def ch(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
raw = b"".join(b"\x00" + bytes([30, 120, 200]) * 32 for _ in range(24))
open("rack.png", "wb").write(b"\x89PNG\r\n\x1a\n" + ch(b"IHDR", struct.pack(">IIBBBBB", 32, 24, 8, 2, 0, 0, 0))
                             + ch(b"IDAT", zlib.compress(raw)) + ch(b"IEND", b""))
PY
printf 'not an image\n' >notes.txt

cat >first.steps <<'STEPS'
expect Engineer's name
send Zhang Wei
expect Site:
send Jinan DC1
expect Date of the inspection
send 2026-13-01
expect is not a date YYYY-MM-DD
send 2026-11-28
expect [1/17]
expect choice 1-4:
send 9
expect '9' is not one of the choices (A, B, C, unknown)
send 2
expect [2/17]
expect number in °C, required:
send hot
expect 'hot' is not a number of °C
send 310
expect outside the plausible range -20..60
send 31 °C
expect [3/17]
send s
expect [4/17]
send b
expect [3/17]
send s
expect [4/17]
send n
expect [5/17]
send 1
expect [6/17]
send y
expect [7/17]
send n
expect [8/17]
send
expect [9/17]
send n
expect [10/17]
send y
expect [11/17]
send y
expect [12/17]
send 1
expect [13/17]
send 3
expect [14/17]
send y
expect [15/17]
send y
expect [16/17]
expect photo file
send notes.txt
expect neither a JPEG nor a PNG
send rack.png
expect caption:
send Rack A1 "front" <b>
expect another photo file
send
expect [17/17]
send <script>alert(1)</script> & fine
expect 2 question(s) skipped
expect Answer the skipped ones now?
send n
expect customer's name
send Li Na
expect date (YYYY-MM-DD)
send 2026-11-29
expect Number to change
send w
expect cannot write yet: required item 'room_rh_pct'
expect Number to change
send 3
expect [3/17]
send 72
expect Number to change
send 2
expect [2/17]
expect [31 °C]
send 30
expect Number to change
send w
expect site: out/site.yaml (16 of 17 answered)
STEPS
"$PYTHON3" "$DRIVE" first.steps first.log -- "$SWINSPECT" site -o out >drive.err 2>&1
rc=$?
check "the questionnaire ran to the end (exit $rc; $(cat drive.err))" [ "$rc" -eq 0 ]
check "out/site.yaml is written" [ -s out/site.yaml ]
check "out/site.yaml is 0600" [ "$(stat -c %a out/site.yaml 2>/dev/null)" = 600 ]
check "no temporary file is left" [ -z "$(find out -name '*.tmp.*')" ]
check "the review's change is kept (30, not 31)" grep -q '^  room_temp_c: 30$' out/site.yaml
check "the answer come back to is there" grep -q '^  room_rh_pct: 72$' out/site.yaml
check "yes/no answers are written as yes/no" grep -q '^  ups_present: no$' out/site.yaml
check "a choice typed by number is written as its value" grep -q '^  labels: "missing"$' out/site.yaml
check "the photo is written with its absolute path" grep -q "file: \"$SCRATCH/rack.png\"" out/site.yaml
check "the caption's quotes are escaped" grep -q 'caption: "Rack A1 \\"front\\" <b>"' out/site.yaml
check "the engineer and the acknowledgement are written" \
	sh -c 'grep -q "^engineer: \"Zhang Wei\"" out/site.yaml && grep -q "name: \"Li Na\"" out/site.yaml'
check "the typed-in mistakes were explained on the terminal" \
	grep -q "'hot' is not a number of °C" first.log

# the file is valid: as an answers file, and for check --site
"$SWINSPECT" site -o again --answers out/site.yaml >answers.out 2>&1
check "site --answers accepts the written file ($(cat answers.out))" [ $? -eq 0 ]
cp -R "$top_srcdir/tests/report/site" bundle
chmod -R u+w bundle
"$SWINSPECT" check bundle --site out/site.yaml >check.out 2>&1
rc=$?
check "check --site accepts it (exit $rc)" [ "$rc" -eq 0 ]
check "... and the hot room without UPS gives site findings" \
	sh -c "\"$PYTHON3\" -c 'import json,sys; f=json.load(open(\"bundle/findings.json\"))[\"findings\"]; r={x[\"rule\"] for x in f if x[\"device\"]==\"@site\"}; sys.exit(0 if {\"SITE-TEMP-HIGH\",\"SITE-UPS-ABSENT\",\"SITE-HUMIDITY-HIGH\",\"SITE-LABELS\"} <= r else 1)'"

# defaults from the previous inspection: Enter keeps every answer; the
# photos and the acknowledgement are this visit's own
cat >second.steps <<'STEPS'
expect Engineer's name [Zhang Wei]
send
expect Site [Jinan DC1]
send
expect Date of the inspection
send 2027-02-27
expect [1/17]
expect [B]
send
expect [2/17]
expect [30 °C]
send
expect [3/17]
send
expect [4/17]
send
expect [5/17]
send
expect [6/17]
send
expect [7/17]
expect [no]
send y
expect [8/17]
send 25
expect [9/17]
send
expect [10/17]
send
expect [11/17]
send
expect [12/17]
send
expect [13/17]
send
expect [14/17]
send
expect [15/17]
send
expect [16/17]
expect photo file (JPEG or PNG; Enter for none)
send
expect [17/17]
send
expect customer's name:
send
expect date (YYYY-MM-DD):
send
expect Number to change
send w
expect site: q1/site.yaml
STEPS
"$PYTHON3" "$DRIVE" second.steps second.log -- "$SWINSPECT" site -o q1 --previous out >drive2.err 2>&1
rc=$?
check "a second inspection with --previous ran (exit $rc; $(cat drive2.err))" [ "$rc" -eq 0 ]
check "... the previous answers were the defaults" grep -q '^  room_rh_pct: 72$' q1/site.yaml
check "... the changed answer is the new one" grep -q '^  ups_present: yes$' q1/site.yaml
check "... the photos were not carried over" [ "$(grep -c 'rack.png' q1/site.yaml)" -eq 0 ]
check "... nor the acknowledgement" [ "$(grep -c 'Li Na' q1/site.yaml)" -eq 0 ]
check "... the date is the new one" grep -q '^date: "2027-02-27"' q1/site.yaml

# defaults from a previous report.json (its site section)
"$SWINSPECT" report bundle >/dev/null 2>&1
cat >third.steps <<'STEPS'
expect Engineer's name [Zhang Wei]
send
expect Site [Jinan DC1]
send
expect Date of the inspection
send
expect [1/17]
expect [B]
send
expect [2/17]
expect [30 °C]
send
expect [3/17]
expect [72 %]
eof
STEPS
"$PYTHON3" "$DRIVE" third.steps third.log -- "$SWINSPECT" site -o q2 --previous bundle/report.json >drive3.err 2>&1
rc=$?
check "--previous report.json: its answers are the defaults (exit $rc; $(cat drive3.err))" [ "$rc" -eq 3 ]

# Ctrl-D: nothing written
printf 'expect Engineer\neof\n' >eof.steps
"$PYTHON3" "$DRIVE" eof.steps eof.log -- "$SWINSPECT" site -o gone >/dev/null 2>&1
rc=$?
check "end of input exits 3 (got $rc)" [ "$rc" -eq 3 ]
check "... and writes no site.yaml" [ ! -e gone/site.yaml ]
check "... and says so" grep -q 'nothing written' eof.log

# no terminal: refused with a clear message, unless --answers is given
"$SWINSPECT" site -o notty </dev/null >notty.out 2>notty.err
rc=$?
check "without a terminal: exit 64 (got $rc)" [ "$rc" -eq 64 ]
check "... saying why and what to do" \
	sh -c "grep -q 'not a terminal' notty.err && grep -q -- '--answers FILE' notty.err"
check "... and writing nothing" [ ! -e notty/site.yaml ]
finish
