#!/bin/sh
# Site answers into the report: `report --site` (and `check --site`) over
# the 5-device bundle tests/report/site.  A hot, humid room without a UPS
# gives findings with evidence, impact and advice in both languages; a
# compliant room gives none (and nothing "not evaluated"); report.json
# validates against its schema with the site section; the HTML pages (en,
# zh-CN) show the section, the photos as data: images with their captions,
# and every hostile text escaped; the photo cap leaves photos out with a
# clear message; a malformed answers file is refused with every mistake
# located; a waiver applies to a site finding; the comparison shows the
# previous inspection's answers and the site findings resolved since.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/report/lib-report.sh"
scratch
cd "$SCRATCH" || exit 1
cp "$top_srcdir/tests/site/hot-room.yaml" "$top_srcdir/tests/site/compliant-room.yaml" \
	"$top_srcdir/tests/site/bad-room.yaml" .
chmod u+w ./*.yaml

# photos: a real PNG, a "JPEG" (right first bytes), two big ones for the cap
"$PYTHON3" - <<'PY'
import os, struct, zlib
def ch(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
def png(w, h, rgb):
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + ch(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + ch(b"IDAT", zlib.compress(raw)) + ch(b"IEND", b""))
open("rack.png", "wb").write(png(64, 48, (30, 120, 200)))
open("room.jpg", "wb").write(png(48, 32, (200, 80, 40)))     # a PNG named .jpg: bytes decide
big = lambda n: b"\x89PNG\r\n\x1a\n" + os.urandom(n)
open("big1.png", "wb").write(big(700 * 1024))
open("big2.png", "wb").write(big(700 * 1024))
PY

sites() {	# sites REPORT.json: "rule,state" of every @site finding, sorted
	"$PYTHON3" -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(" ".join(sorted("%s,%s" % (f["rule"], f["state"]) for f in d["findings"] if f["device"] == "@site")))
' "$1"
}

# ---- a hot, humid room without a UPS --------------------------------------------
bundle site hot
"$SWINSPECT" report "$SCRATCH/hot" --site hot-room.yaml --lang en,zh-CN >hot.out 2>hot.err
rc=$?
check "report --site exits 0 (got $rc; $(head -c 300 hot.err))" [ "$rc" -eq 0 ]
check "OUT/site.json is written 0600" [ "$(mode_of "$SCRATCH/hot/site.json")" = 600 ]
validate_report "$SCRATCH/hot/report.json"
check "report.json with a site section validates against the schema" [ $? -eq 0 ]
check "the hot room's findings: temperature, humidity, dew point, no UPS" \
	[ "$(sites "$SCRATCH/hot/report.json")" = "SITE-DEW-POINT-HIGH,open SITE-HUMIDITY-HIGH,open SITE-TEMP-HIGH,open SITE-UPS-ABSENT,open" ]
"$PYTHON3" - "$SCRATCH/hot/report.json" >hot.py.out 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
bad = []
def need(cond, what):
    if not cond:
        bad.append(what)
fs = {f["rule"]: f for f in d["findings"] if f["device"] == "@site"}
t = fs.get("SITE-TEMP-HIGH", {})
need(t.get("category") == "site" and t.get("severity") == "major", "temperature finding is a major site finding")
need("31 °C" in t.get("message", {}).get("en", ""), "message names 31 °C")
for k in ("advice", "impact", "message", "title"):
    for f in fs.values():
        need(f.get(k, {}).get("en") and f.get(k, {}).get("zh-CN"), "%s %s in en and zh-CN" % (f["rule"], k))
ev = {e["path"]: e for e in t.get("evidence", [])}
need(ev.get("site.room_temp_c", {}).get("value") == 31 and
     ev["site.room_temp_c"].get("source", "").startswith("site:hot-room.yaml:"), "evidence with its source line")
dp = fs.get("SITE-DEW-POINT-HIGH", {})
need(any(e.get("source", "").startswith("derived:dew_point") for e in dp.get("evidence", [])), "dew point derived")
s = d.get("site", {})
need(s.get("engineer") == "Zhang Wei" and s.get("acknowledgement") == {"name": "Li Na", "date": "2026-11-29"},
     "engineer and acknowledgement")
items = {i["id"]: i for i in s.get("items", [])}
need(items.get("room_temp_c", {}).get("answer") == 31, "answer 31 in the site section")
need(items.get("room_dew_point_c", {}).get("type") == "derived", "derived dew point listed")
need(items.get("room_class", {}).get("answer_label", {}).get("zh-CN") == "B 级（冗余型）", "choice label")
need("calibrated" in items.get("notes", {}).get("note", ""), "the answer's note")
ph = items.get("photos", {}).get("photos", [])
need(len(ph) == 2 and all(p.get("data", "").startswith("data:image/png;base64,") for p in ph), "2 photos embedded (PNG by bytes)")
need(s.get("photos", {}).get("embedded") == 2 and "message" not in s.get("photos", {}), "no cap message")
need(d["summary"]["findings_by_category"]["site"] == 4, "summary counts 4 site findings")
need(not [n for n in d["not_evaluated"] if n["device"] == "@site" and n["rule"] != "SITE-UPS-RUNTIME"],
     "nothing else not evaluated for the site")
print("\n".join(bad) or "ok")
sys.exit(1 if bad else 0)
PY
check "the report's site section and findings ($(cat hot.py.out))" [ "$(cat hot.py.out)" = ok ]
H="$SCRATCH/hot/report.html"
Z="$SCRATCH/hot/report.zh-CN.html"
check "report.html has the site section" grep -q '9. Site and installation' "$H"
check "report.zh-CN.html has it in Chinese" grep -q '9. 机房环境与安装' "$Z"
check "... with the Chinese advice of the UPS finding" grep -q '为交换机配置 UPS 供电' "$Z"
check "the photos are data: images" [ "$(grep -o '<img alt="[^"]*" src="data:image/png;base64,' "$H" | wc -l)" -eq 2 ]
check "the Chinese caption is shown" grep -q '机房全景' "$H"
check "hostile caption escaped" grep -q 'Rack A1 &lt;img src=x onerror=alert(1)&gt; &amp; &quot;front&quot;' "$H"
check "hostile notes escaped" grep -q '&lt;/td&gt;&lt;script&gt;alert(&#39;site&#39;)&lt;/script&gt; \[U+202E\]gnp.exe' "$H"
check "no raw hostile markup" [ "$(grep -c "<script\|<img src=x\|$(printf '\342\200\256')" "$H")" -eq 0 ]
check "the CSP allows data: images only" grep -q "default-src 'none'; style-src 'unsafe-inline'; img-src data:\"" "$H"
run_checks page "$H"
run_checks page "$Z"
run_checks words "$top_srcdir"

# check --site, then report (the two stages apart) give the same findings
bundle site hot2
"$SWINSPECT" check "$SCRATCH/hot2" --site hot-room.yaml >/dev/null 2>&1
check "check --site exits 0" [ $? -eq 0 ]
"$SWINSPECT" report "$SCRATCH/hot2" >/dev/null 2>&1
check "check --site then report: the same site findings" \
	[ "$(sites "$SCRATCH/hot2/report.json")" = "$(sites "$SCRATCH/hot/report.json")" ]

# ---- a compliant room, compared with the hot one ---------------------------------------
bundle site ok
"$SWINSPECT" report "$SCRATCH/ok" --site compliant-room.yaml --previous "$SCRATCH/hot/report.json" \
	--lang zh-CN,en >ok.out 2>ok.err
check "compliant room: report exits 0" [ $? -eq 0 ]
check "a compliant room yields no site finding" [ -z "$(sites "$SCRATCH/ok/report.json")" ]
check "... and nothing not evaluated for the site" [ "$(json_get "$SCRATCH/ok/report.json" \
	"len([n for n in d['not_evaluated'] if n['device'] == '@site'])")" = 0 ]
validate_report "$SCRATCH/ok/report.json" >/dev/null
check "... report.json validates" [ $? -eq 0 ]
check "... the page says the checklist gave no finding" grep -q 'The site checklist gave no finding.' "$SCRATCH/ok/report.en.html"
check "comparison: the hot room's findings are resolved" [ "$(json_get "$SCRATCH/ok/report.json" \
	"sorted(c['rule'] for c in d['comparison']['findings'] if c['device'] == '@site' and c['change'] == 'resolved')")" = \
	'["SITE-DEW-POINT-HIGH", "SITE-HUMIDITY-HIGH", "SITE-TEMP-HIGH", "SITE-UPS-ABSENT"]' ]
check "comparison: the temperature answer changed from 31 to 23" [ "$(json_get "$SCRATCH/ok/report.json" \
	"[(i['previous'], i['answer'], i['change']) for i in d['site']['items'] if i['id'] == 'room_temp_c'][0]")" = "(31, 23, 'changed')" ]
check "comparison: the previous site check is named" [ "$(json_get "$SCRATCH/ok/report.json" \
	"d['site']['previous']['date']")" = 2026-11-28 ]
check "the page shows the previous answer" grep -q '有变化' "$SCRATCH/ok/report.html"

# ---- waivers apply to site findings ----------------------------------------------------
bundle site waived
"$PYTHON3" - "$SCRATCH/waived/inspection.json" <<'PY'
import json, sys
p = sys.argv[1]
d = json.load(open(p))
d["waivers"] = [{"rule": "SITE-UPS-*", "device": "@site", "reason": "UPS on order", "by": "Li Na", "expires": "2099-12-31"}]
json.dump(d, open(p, "w"))
PY
"$SWINSPECT" report "$SCRATCH/waived" --site hot-room.yaml >/dev/null 2>&1
check "a waiver on @site waives the UPS finding" \
	[ "$(sites "$SCRATCH/waived/report.json")" = "SITE-DEW-POINT-HIGH,open SITE-HUMIDITY-HIGH,open SITE-TEMP-HIGH,open SITE-UPS-ABSENT,waived" ]

# ---- the photo cap --------------------------------------------------------------------
sed 's/file: rack.png/file: big1.png/; s/file: room.jpg/file: big2.png/' hot-room.yaml >big-room.yaml
bundle site cap
"$SWINSPECT" report "$SCRATCH/cap" --site big-room.yaml --photo-cap 1 >cap.out 2>cap.err
check "over the cap: report still exits 0" [ $? -eq 0 ]
check "over the cap: a clear message on stderr ($(cat cap.err))" \
	grep -q '1 of 2 photo(s) were left out: together the photos exceed the 1 MB cap' cap.err
check "... in report.json" [ "$(json_get "$SCRATCH/cap/report.json" \
	"(d['site']['photos']['embedded'], d['site']['photos']['omitted'])")" = "(1, 1)" ]
check "... and on the page" grep -q 'raise the cap with --photo-cap MB' "$SCRATCH/cap/report.html"
check "... where the left-out photo is named" grep -q 'Not embedded: over the photo size cap' "$SCRATCH/cap/report.html"
validate_report "$SCRATCH/cap/report.json" >/dev/null
check "... report.json validates" [ $? -eq 0 ]

# ---- swinspect run --site: answers checked first, then collect, check, report ------
cat >inv.yaml <<'YAML'
customer: Example Bank
site: Jinan DC1
period: 2026-Q4
defaults:
  snmp: {version: 2c, community_env: SWI_SITE_TEST_COMMUNITY, port: 1, timeout_ms: 200, retries: 0}
  ssh: false
devices:
  - name: core-1
    address: 127.0.0.1
YAML
SWI_SITE_TEST_COMMUNITY=x "$SWINSPECT" run -i inv.yaml -o "$SCRATCH/run" --site hot-room.yaml >run.out 2>run.err
rc=$?
check "run --site: exit 2 (the one device is not reached; got $rc)" [ "$rc" -eq 2 ]
check "run --site: the site findings are in report.json" \
	[ "$(sites "$SCRATCH/run/report.json")" = "SITE-DEW-POINT-HIGH,open SITE-HUMIDITY-HIGH,open SITE-TEMP-HIGH,open SITE-UPS-ABSENT,open" ]
check "run --site: and the photos" [ "$(json_get "$SCRATCH/run/report.json" "d['site']['photos']['embedded']")" = 2 ]
validate_report "$SCRATCH/run/report.json" >/dev/null
check "run --site: report.json validates" [ $? -eq 0 ]
SWI_SITE_TEST_COMMUNITY=x "$SWINSPECT" run -i inv.yaml -o "$SCRATCH/runbad" --site bad-room.yaml >/dev/null 2>runbad.err
rc=$?
check "run with a malformed site file: exit 65 (got $rc)" [ "$rc" -eq 65 ]
check "... with its mistakes located" grep -q 'bad-room.yaml:4:16' runbad.err
check "... before collecting anything" [ ! -d "$SCRATCH/runbad/devices" ]

# ---- a vendor's own checklist (configuration file) and its own site rule -------------
mkdir -p vendor
cat >vendor/vx.yaml <<'YAML'
checklist: vendor-x
version: "1"
title: {en: Vendor X room check, zh-CN: X 厂商机房检查}
items:
  - id: inlet_c
    question: {en: Inlet temperature, zh-CN: 进风温度}
    type: number
    unit: "°C"
    required: true
YAML
printf 'checklist: vendor/vx.yaml\n' >cfg.yaml
cat >vx-pack.yaml <<'YAML'
pack: vendor-x-site
version: "1"
rules:
  - id: VX-INLET-HOT
    title: {en: Inlet hot, zh-CN: 进风温度高}
    category: site
    severity: minor
    when: site.inlet_c > 25
    message: {en: "Inlet {site.inlet_c} °C.", zh-CN: "进风 {site.inlet_c} °C。"}
    impact: {en: Heat., zh-CN: 过热。}
    advice: {en: Cool it., zh-CN: 降温。}
    tests:
      - facts: {site: {inlet_c: 30}}
        expect: 1
      - facts: {site: {inlet_c: 20}}
        expect: 0
YAML
printf 'checklist: vendor-x\nengineer: E\ndate: 2026-11-28\nanswers:\n  inlet_c: 29\n' >vx-answers.yaml
bundle site vx
"$SWINSPECT" report "$SCRATCH/vx" --config cfg.yaml --rules vx-pack.yaml --site vx-answers.yaml >vx.out 2>vx.err
check "a checklist named in the configuration file is used ($(head -c 200 vx.err))" [ $? -eq 0 ]
check "... and the vendor's site rule judges its answers" \
	[ "$(json_get "$SCRATCH/vx/report.json" "[f['rule'] for f in d['findings'] if f['device'] == '@site']")" = '["VX-INLET-HOT"]' ]
check "... the section shows the vendor's checklist" [ "$(json_get "$SCRATCH/vx/report.json" "d['site']['checklist']['name']")" = vendor-x ]
"$SWINSPECT" report "$SCRATCH/vx" --site vx-answers.yaml >/dev/null 2>vx2.err
check "the same answers against the built-in checklist are refused (exit 65)" [ $? -eq 65 ]
check "... saying which checklist they belong to" grep -q "answers to checklist 'vendor-x'" vx2.err

# ---- a malformed answers file: every mistake, located; nothing changed --------------
bundle site bad
"$SWINSPECT" check "$SCRATCH/bad" >/dev/null 2>&1
before=$(cksum <"$SCRATCH/bad/findings.json")
"$SWINSPECT" report "$SCRATCH/bad" --site bad-room.yaml >bad.out 2>bad.err
rc=$?
check "malformed site file: exit 65 (got $rc)" [ "$rc" -eq 65 ]
for want in "bad-room.yaml:2:7: 'date' must be a date YYYY-MM-DD" \
	"bad-room.yaml:4:16: 'room_temp_c' takes a number (without quotes)" \
	"bad-room.yaml:5:16: room_rh_pct: 140 % is outside the plausible range 0..100" \
	"bad-room.yaml:6:16: ups_present: 'perhaps' is not yes or no" \
	"bad-room.yaml:7:3: 'dusty' is not an item of checklist 'default'; did you mean 'dust'?"; do
	check "located: $want" grep -qF "$want" bad.err
done
check "findings.json is left as it was" [ "$(cksum <"$SCRATCH/bad/findings.json")" = "$before" ]
check "no site.json is written" [ ! -e "$SCRATCH/bad/site.json" ]
finish
