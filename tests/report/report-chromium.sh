#!/bin/sh
# The HTML report in a real browser: headless Chromium renders the site's
# report (with its comparison) in English and Simplified Chinese, and the
# hostile report; any console message (script error, blocked fetch, CSP
# violation) fails the test.  The browser's own DOM must hold no script.
# A report with the site section and its photos (data: images) too.
# Screenshots and A4 PDFs are kept as artifacts in $top_builddir/tests/out/
# (report-en.png, report-zh-CN.png, report-hostile.png, report-*.pdf).
# Skips (77) without chromium or without a CJK font.
. "${top_srcdir:-$(dirname "$0")/../..}/tests/lib.sh"
. "$top_srcdir/tests/report/lib-report.sh"

CHROMIUM=
for c in chromium chromium-browser google-chrome; do
	command -v "$c" >/dev/null 2>&1 && { CHROMIUM=$c; break; }
done
[ -n "$CHROMIUM" ] || skip "chromium is not installed (apt-get install chromium)"
fc-list :lang=zh-cn family 2>/dev/null | grep -q . ||
	skip "no Chinese font (apt-get install fonts-noto-cjk): the zh-CN page would show empty boxes"
scratch
mkdir -p "$ARTIFACTS"

# browser ARGS...: one headless run with the lab notes' flags; stderr is
# the browser's log (console messages included).
browser() {
	timeout 180 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
		--disable-background-networking --no-first-run \
		--disable-component-update --disable-sync --hide-scrollbars \
		--user-data-dir="$SCRATCH/profile" --enable-logging=stderr --v=0 "$@"
}

# console_clean LOG: no console message in a browser log.
console_clean() {
	if grep -a ':CONSOLE' "$1"; then
		return 1
	fi
	return 0
}

# render NAME HTML: screenshot, console check, DOM check, PDF.
render() {
	name=$1
	url="file://$2"
	browser --screenshot="$ARTIFACTS/report-$name.png" --window-size=1280,2400 \
		"$url" >/dev/null 2>"$SCRATCH/$name.log"
	check "$name: chromium rendered a screenshot" [ -s "$ARTIFACTS/report-$name.png" ]
	check "$name: the screenshot is not blank ($(wc -c <"$ARTIFACTS/report-$name.png") bytes)" \
		[ "$(wc -c <"$ARTIFACTS/report-$name.png")" -gt 40000 ]
	check "$name: no console message (errors, blocked fetches, CSP)" console_clean "$SCRATCH/$name.log"
	browser --dump-dom "$url" >"$SCRATCH/$name.dom" 2>"$SCRATCH/$name.dom.log"
	check "$name: the browser's DOM has the report" grep -q 'id="summary"' "$SCRATCH/$name.dom"
	check "$name: the browser's DOM holds no script element" \
		[ "$(grep -ci '<script' "$SCRATCH/$name.dom")" -eq 0 ]
	check "$name: no console message while parsing" console_clean "$SCRATCH/$name.dom.log"
	browser --no-pdf-header-footer --print-to-pdf="$ARTIFACTS/report-$name.pdf" \
		"$url" >/dev/null 2>"$SCRATCH/$name.pdf.log"
	check "$name: prints to PDF" head -c 5 "$ARTIFACTS/report-$name.pdf" | grep -q '%PDF-'
	check "$name: no console message while printing" console_clean "$SCRATCH/$name.pdf.log"
}

# the harness itself: a page with a script error must be caught
cat >"$SCRATCH/selftest.html" <<'HTML'
<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p>x</p>
<script>console.error("swinspect selftest")</script></body></html>
HTML
browser --screenshot="$SCRATCH/selftest.png" --window-size=400,300 \
	"file://$SCRATCH/selftest.html" >/dev/null 2>"$SCRATCH/selftest.log"
check "the harness sees console messages (self-test)" grep -aq 'swinspect selftest' "$SCRATCH/selftest.log"

bundle previous q3
bundle site q4
"$SWINSPECT" report "$SCRATCH/q3" >/dev/null 2>&1
"$SWINSPECT" report "$SCRATCH/q4" --previous "$SCRATCH/q3/report.json" --lang en,zh-CN >/dev/null 2>&1
check "the site's reports are written" [ -s "$SCRATCH/q4/report.zh-CN.html" ]
render en "$SCRATCH/q4/report.html"
render zh-CN "$SCRATCH/q4/report.zh-CN.html"
check "zh-CN: the page is in Chinese" grep -q '巡检概述' "$SCRATCH/zh-CN.dom"

hostile_bundle hostile
"$SWINSPECT" report "$SCRATCH/hostile" >/dev/null 2>&1
render hostile "$SCRATCH/hostile/report.html"
check "hostile: the browser shows the script as text" \
	grep -q "&lt;script&gt;alert('x')&lt;/script&gt;" "$SCRATCH/hostile.dom"

# the site section (tests/site): photos as data: images, which the CSP
# allows (and nothing else): a blocked image would be a console message
bundle site withsite
cp "$top_srcdir/tests/site/hot-room.yaml" "$SCRATCH/"
"$PYTHON3" - "$SCRATCH" <<'PY'
import struct, sys, zlib
def ch(t, d): return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
def png(w, h, rgb):
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))
    return (b"\x89PNG\r\n\x1a\n" + ch(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + ch(b"IDAT", zlib.compress(raw)) + ch(b"IEND", b""))
open(sys.argv[1] + "/rack.png", "wb").write(png(320, 240, (30, 120, 200)))
open(sys.argv[1] + "/room.jpg", "wb").write(png(320, 200, (200, 80, 40)))
PY
"$SWINSPECT" report "$SCRATCH/withsite" --site "$SCRATCH/hot-room.yaml" >/dev/null 2>&1
check "the report with a site section is written" grep -q 'id="site"' "$SCRATCH/withsite/report.html"
render site "$SCRATCH/withsite/report.html"
check "site: the browser's DOM has both photos" \
	[ "$(grep -o '<img alt="[^"]*" src="data:image/png;base64,' "$SCRATCH/site.dom" | wc -l)" -eq 2 ]
check "site: the browser shows the hostile note as text" \
	grep -q "&lt;script&gt;alert('site')&lt;/script&gt;" "$SCRATCH/site.dom"

echo "artifacts: $ARTIFACTS/report-en.png report-zh-CN.png report-hostile.png report-site.png (and .pdf)"
finish
