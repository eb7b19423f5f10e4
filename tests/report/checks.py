#!/usr/bin/python3
"""Checks of the report's outputs, used by the tests/report/*.sh tests.

usage: checks.py CHECK ARGS...

Each check prints "ok: ..." or "FAIL: ..." lines and exits 1 if any failed.
Run with Debian's /usr/bin/python3 (standard library only).
"""
import csv
import io
import json
import re
import sys
from html.parser import HTMLParser

failures = 0


def ok(cond, what):
    global failures
    if cond:
        print("ok: %s" % what)
    else:
        failures += 1
        print("FAIL: %s" % what)
    return cond


def load(path):
    with open(path, "rb") as f:
        raw = f.read()
    return json.loads(raw.decode("utf-8"))  # strict: must be UTF-8


# ---- the HTML page -------------------------------------------------------------

SAFE_TAGS = {"html", "head", "meta", "title", "style", "body", "nav", "a", "section", "div", "h1", "h2", "h3",
             "h4", "p", "b", "i", "small", "span", "table", "caption", "thead", "tbody", "tr", "th", "td", "ul",
             "ol", "li", "dl", "dt", "dd", "code", "br", "svg", "rect", "text", "polyline", "circle", "title",
             "img", "figure", "figcaption"}
# the only fetch-free source the CSP allows: a site photo as a data: URI
DATA_IMAGE = re.compile(r"^data:image/(jpeg|png);base64,[A-Za-z0-9+/=]*$")


class Page(HTMLParser):
    """Collects tags, attributes and text; notes anything active."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = {}
        self.active = []
        self.text = []
        self.styles = []
        self.in_style = False
        self.ids = set()
        self.links = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag not in SAFE_TAGS:
            self.active.append("element <%s>" % tag)
        for k, v in attrs:
            if k.startswith("on"):
                self.active.append("attribute %s on <%s>" % (k, tag))
            if k == "src" and tag == "img" and DATA_IMAGE.match(v or ""):
                self.images = getattr(self, "images", 0) + 1
            elif k in ("src", "srcset", "action", "formaction", "background", "poster", "data"):
                self.active.append("attribute %s on <%s>" % (k, tag))
            if k == "href":
                self.links.append(v or "")
                if not (v or "").startswith("#"):
                    self.active.append("link %r" % v)
            if k == "id":
                self.ids.add(v)
            if k == "style" and v and re.search(r"url\(|expression|@import|javascript", v, re.I):
                self.active.append("style attribute %r" % v)
            if k == "xmlns" and v != "http://www.w3.org/2000/svg":
                self.active.append("namespace %r" % v)
        if tag == "style":
            self.in_style = True
        if tag == "meta":
            d = dict(attrs)
            if d.get("http-equiv", "").lower() == "refresh":
                self.active.append("meta refresh")

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.styles.append(data)
        else:
            self.text.append(data)


def parse_page(path):
    with open(path, "rb") as f:
        raw = f.read()
    page = Page()
    page.feed(raw.decode("utf-8"))
    page.raw = raw.decode("utf-8")
    page.alltext = "".join(page.text)
    return page


def check_page_safe(path):
    """Self-contained, no script, no fetch, no active content."""
    p = parse_page(path)
    ok(not p.active, "%s: no script, event handler, link out or fetch (%s)" % (path, "; ".join(p.active[:5])))
    ok(p.tags.get("style", 0) == 1, "%s: exactly one style sheet" % path)
    css = "".join(p.styles)
    ok(not re.search(r"url\(|@import|expression\(", css, re.I), "%s: the style sheet fetches nothing" % path)
    ok("Content-Security-Policy" in p.raw and "default-src 'none'" in p.raw, "%s: a CSP forbids every fetch" % path)
    for link in p.links:
        if link.startswith("#") and link[1:] not in p.ids:
            ok(False, "%s: link %s has a target" % (path, link))
            break
    return p


# ---- checks ---------------------------------------------------------------------

def page(html):
    """One page: self-contained, no active content (data: images only)."""
    check_page_safe(html)
    ok(True, "%s: safe page" % html)


def site(report, html, html_zh):
    """The 5-device site: content of report.json and of both pages."""
    d = load(report)
    s = d["summary"]
    ok(s["devices"] == 5 and s["inspected"] == 4 and s["not_reached"] == 1, "5 devices, 4 inspected, 1 not reached")
    ok(s["findings_by_severity"] == {"critical": 2, "major": 4, "minor": 4, "info": 1}, "findings by severity")
    ok(s["findings_waived"] == 1 and s["not_evaluated"] == 4, "1 waived, 4 not evaluated")
    ok(all(s["findings_by_category"][c] > 0 for c in s["findings_by_category"]), "every category has a finding")
    ok(s["verdict"] == "critical", "the verdict is critical")
    names = [x["name"] for x in d["devices"]]
    ok(names == ["acc-sw01", "core-sw01", "edge-sw01", "agg-sw01", "dc-sw01"], "devices at risk first: %s" % names)
    dev = {x["name"]: x for x in d["devices"]}
    e = dev["edge-sw01"]
    ok(not e["reached"] and e["health"] == "not_reached" and "auth_failed" in e["status_reason"]
       and "timeout" in e["status_reason"], "the unreached device says why (both collectors)")
    ok(dev["agg-sw01"]["status"] == "partial" and "display transceiver" in dev["agg-sw01"]["status_reason"],
       "a partial collection names what failed")
    sw = dev["agg-sw01"]["software"]
    ok(sw["running"] == "7.1.070 Release 6710" and sw["recommended"] == "7.1.070 Release 6728"
       and sw["status"] == "upgrade_advised" and sw["known_issues"] == 1 and sw["basis"] == "findings"
       and sw["issues"] == ["H3C-LLDP-2025-031"],
       "software compliance from the findings' evidence")
    sw = dev["acc-sw01"]["software"]
    ok(sw["status"] == "recommended" and sw["basis"] == "table", "software compliance from the version table")
    ok(dev["dc-sw01"]["software"]["status"] == "unknown", "no recommendation: status unknown")
    ok(dev["edge-sw01"]["software"]["status"] == "not_collected", "not reached: software not collected")
    inv = d["hardware_inventory"]
    serials = [r.get("serial") for r in inv]
    ok(len(serials) == len(set(serials)), "the inventory lists each serial once")
    ok(any(r["kind"] == "transceiver" and r.get("serial") == "HA10110812345" for r in inv), "transceivers are in the inventory")
    ok(any(r["kind"] == "psu" and r.get("serial") == "2102312CWA10H8001234" for r in inv), "power supplies are in the inventory")
    waived = [f for f in d["findings"] if f["state"] == "waived"]
    ok(len(waived) == 1 and waived[0]["waiver"]["by"] == "Li Na (customer)", "the waived finding keeps its waiver")
    ok(d["inspection"]["period"] == "2026-Q4" and d["inspection"]["engineer"] == "Zhang Wei"
       and len(d["inspection"]["rule_packs"]) == 6, "inspection metadata and rule packs")
    for path, lang in ((html, "en"), (html_zh, "zh-CN")):
        p = check_page_safe(path)
        ok(('lang="%s"' % lang) in p.raw, "%s: lang=%s" % (path, lang))
        for n in names:
            ok(n in p.alltext, "%s names %s" % (path, n))
        ok("FOC2231X0AB" in p.alltext and "2102359495DMHB000123" in p.alltext, "%s shows serial numbers" % path)
        ok("<svg" in p.raw, "%s has inline SVG charts" % path)
        ok(len(re.findall(r'class="device[ "]', p.raw)) == 5, "%s has one page per device" % path)
        ok(re.search(r"@page\{@top-left\{content:", p.raw) is not None, "%s has running headers" % path)
    zh = parse_page(html_zh).alltext
    ok("网络交换机巡检报告" in zh and "风扇故障" in zh and "更换风扇模块" in zh, "the zh-CN page uses the rules' zh-CN texts")
    for en_word in ("Executive summary", "Findings overview", "Devices in detail", "Hardware inventory",
                    "Collection log", "What was seen", "Advice", "Serial number", "Not reached"):
        ok(en_word not in zh, "the zh-CN page has no English label %r" % en_word)
    en = parse_page(html).alltext
    ok("Fan failed" in en and "风扇故障" not in en, "the English page uses the English texts")


def csvs(findings_csv, inventory_csv, report):
    d = load(report)
    for path in (findings_csv, inventory_csv):
        with open(path, "rb") as f:
            raw = f.read()
        ok(raw.startswith(b"\xef\xbb\xbf"), "%s starts with a UTF-8 byte-order mark" % path)
        ok(b"\r\n" in raw, "%s has CRLF line ends" % path)
    with open(findings_csv, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    ok(len(rows) == len(d["findings"]), "findings CSV: one row per finding (%d)" % len(rows))
    with open(inventory_csv, encoding="utf-8-sig", newline="") as f:
        rows2 = list(csv.DictReader(f))
    ok(len(rows2) == len(d["hardware_inventory"]), "inventory CSV: one row per part (%d)" % len(rows2))
    ok(all(r["device"] for r in rows2), "inventory CSV: every row names its device")
    return rows, rows2


def compare(report, expect_prev_period):
    """The site against its previous inspection (tests/report/previous)."""
    d = load(report)
    c = d.get("comparison")
    if not ok(c is not None, "report.json has a comparison"):
        return
    ok(c["previous"]["period"] == expect_prev_period, "compared with %s" % expect_prev_period)
    ch = {(f["change"], f["device"], f["rule"]) for f in c["findings"]}
    ok(("new", "core-sw01", "ENV-FAN-FAILED") in ch, "the failed fan is new")
    ok(("resolved", "acc-sw01", "SW-BELOW-RECOMMENDED") in ch, "the old version's finding is resolved")
    ok(("resolved", "acc-sw01", "SW-KNOWN-ISSUE") in ch, "the known issue is resolved by the upgrade")
    ok(("persisting", "acc-sw01", "SEC-SNMP-DEFAULT-COMMUNITY") in ch, "the default community persists")
    ok(("unverified", "edge-sw01", "CFG-NTP-UNSYNC") in ch, "a finding of a device not reached now is unverified, not resolved")
    ok(("unverified", "acc-sw02", "SW-BELOW-RECOMMENDED") in ch, "a finding of a device gone is unverified")
    ok(c["counts"] == {"new": 5, "resolved": 2, "persisting": 7, "unverified": 2}, "counts %s" % c["counts"])
    sev = [f for f in c["findings"] if f["rule"] == "SW-BELOW-RECOMMENDED" and f["device"] == "agg-sw01"]
    ok(sev and sev[0].get("previous_severity") == "minor", "a severity change is shown")
    ok({"device": "acc-sw01", "from": "15.2(7)E4", "to": "15.2(7)E9"} in c["versions"], "the version change of acc-sw01")
    ok(c["devices_added"] == ["dc-sw01"] and c["devices_gone"] == ["acc-sw02"], "devices added and gone")
    ok(any(p["serial"] == "2102312CWA10K2004321" for p in c["parts_added"])
       and any(p["serial"] == "2102312CWA10H8001240" for p in c["parts_removed"]), "the replaced power supply")
    ok({"device": "edge-sw01", "from": "ok", "to": "timeout"} in c["status_changes"], "edge-sw01 is no longer reached")
    t = {(x["device"], x["metric"]): x for x in c["trends"]}
    x = t.get(("agg-sw01", "temperature_max_c"))
    ok(x and x["previous"] == 66 and x["current"] == 72 and x["delta"] == 6, "temperature trend of agg-sw01")
    x = t.get(("agg-sw01", "cpu_load_pct"))
    ok(x and x["previous"] == 22 and x["current"] == 41, "CPU trend of agg-sw01")
    x = t.get(("core-sw01", "memory_used_pct"))
    ok(x and x["previous"] == 58 and x["current"] == 61, "memory trend of core-sw01")
    marks = {(f["device"], f["rule"]): f.get("change") for f in d["findings"]}
    ok(marks[("core-sw01", "ENV-FAN-FAILED")] == "new" and marks[("acc-sw01", "CFG-NTP-UNSYNC")] == "persisting",
       "findings carry their change")


def compare_html(html):
    p = check_page_safe(html)
    t = p.alltext
    for s in ("Changes since the previous inspection", "New findings", "Resolved findings", "Software version changes",
              "15.2(7)E4", "15.2(7)E9", "Devices added", "Devices no longer inspected", "Trends", "acc-sw02"):
        ok(s in t, "the comparison section shows %r" % s)
    ok(p.raw.count("<polyline") >= 9, "trend sparklines are drawn")


def history(report, points):
    points = int(points)
    d = load(report)
    t = [x for x in d["comparison"]["trends"] if x["device"] == "agg-sw01" and x["metric"] == "temperature_max_c"]
    ok(t and len(t[0]["points"]) == points, "the trend carries %d points of history" % points)
    return d


HOSTILE = [
    "<script>alert('x')</script>",
    "\"><img src=x onerror=alert(1)>",
    "</style><script>alert('style')</script>",
    "ACME </title><script>alert('title')</script>",
    "<iframe src=\"javascript:alert(1)\">",
    "<a href=\"javascript:alert(1)\">click</a>",
    "sw-\"'<b onmouseover=alert(1)>&amp;<i>x",
    "1.0'; DROP TABLE x; -- {{7*7}} ${7*7}",
]


def hostile(report, html, findings_csv, inventory_csv):
    """Hostile strings from devices: inert and readable; JSON valid."""
    d = load(report)  # strict UTF-8 JSON
    ok(True, "report.json is valid UTF-8 JSON")
    raw_json = open(report, encoding="utf-8").read()
    ok("\ufffd" in raw_json or "\\ufffd" in raw_json.lower(), "invalid UTF-8 became U+FFFD in report.json")
    ok("s3cr3t" not in raw_json and "hunter2" not in raw_json, "no secret from evidence in report.json")
    ev = [e for f in d["findings"] for e in f["evidence"] if e.get("path") == "config.snmp.communities[0].name"]
    ok(ev and ev[0]["value"].startswith("<redacted"), "a community in evidence is redacted")
    ok(d["summary"]["findings_malformed"] == 3, "malformed findings are left out and counted")
    names = {x["name"]: x for x in d["devices"]}
    ok("broken-json" in names and "unreadable" in names["broken-json"].get("status_reason", ""),
       "an unreadable facts.json is reported on its device")
    ok("never-collected" in names and names["never-collected"]["status"] == "not_inspected",
       "a device named only in inspection.json is listed as not inspected")
    ok(not any(".." in n for n in names), "no device name escapes OUT/devices")
    p = check_page_safe(html)
    t = p.alltext
    for s in HOSTILE:
        ok(s in t, "readable as text: %r" % s[:40])
        ok(s not in p.raw or s.replace("<", "") == s, "not raw in the HTML: %r" % s[:40])
    ok("[U+202E]" in t, "a bidi override is shown, not applied")
    ok("[U+001B]" in t, "an escape character is shown, not passed")
    ok("\ufffd" in t, "invalid UTF-8 is shown as U+FFFD")
    ok("s3cr3t" not in p.raw and "hunter2" not in p.raw, "no secret in the HTML")
    ok(re.search(r"body\{display:none\}", "".join(p.styles)) is None, "the site name cannot end the style sheet")
    for path in (findings_csv, inventory_csv):
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.reader(f):
                for cell in row:
                    if cell and cell[0] in "=+-@\t\r":
                        ok(False, "%s: a cell a spreadsheet would run: %r" % (path, cell[:30]))
                        break
        ok("s3cr3t" not in open(path, encoding="utf-8-sig").read(), "%s: no secret" % path)
    ok(True, "CSV cells are neutralised")


def scale(report, html, n, seconds, limit):
    n = int(n)
    d = load(report)
    ok(d["summary"]["devices"] == n, "%d devices in the report" % n)
    ok(float(seconds) < float(limit), "generated in %.2f s (limit %s s)" % (float(seconds), limit))
    raw = open(html, encoding="utf-8").read()
    ok(raw.index('id="summary"') < raw.index('id="devices"'), "the summary comes before the device pages")
    ok(raw.count('class="device') == n, "one section per device")
    ok(len(set(re.findall(r'id="(dev-\d+)"', raw))) == n, "every device section has its own anchor")


def lab(old, new, old_findings, new_findings, fan_device, upgraded_device):
    """Two inspections of the lab: fan failing and version upgraded in between."""
    o, d = load(old), load(new)
    c = d["comparison"]
    key = lambda f: (f["rule"], f["device"], f.get("object", ""))
    of = {key(f) for f in load(old_findings)["findings"]}
    nf = {key(f) for f in load(new_findings)["findings"]}
    got = {x["change"]: set() for x in c["findings"]}
    for x in c["findings"]:
        got.setdefault(x["change"], set()).add(key(x))
    ok(got.get("new", set()) == nf - of, "new = now but not before (%d)" % len(nf - of))
    ok(got.get("persisting", set()) == nf & of, "persisting = both (%d)" % len(nf & of))
    gone = of - nf
    ok(got.get("resolved", set()) | got.get("unverified", set()) == gone, "resolved or unverified = before only (%d)" % len(gone))
    ok(any(k[1] == fan_device and "FAN" in k[0].upper() for k in got.get("new", set())),
       "a new fan finding on %s" % fan_device)
    ok(any(k[1] == upgraded_device for k in got.get("resolved", set())), "a resolved finding on %s" % upgraded_device)
    ok(any(v["device"] == upgraded_device for v in c["versions"]), "the version change of %s" % upgraded_device)


def words(srcdir):
    """Every label of the page exists in both languages, once."""
    import glob
    src = open(srcdir + "/report/html_words.c", encoding="utf-8").read()
    body = src[src.index("static const struct word words[]"):src.index("#define NWORDS")]
    # entries: {"key", "en" "en...", "zh" ...}; C string concatenation joined
    entries = re.findall(r'\{("(?:[^"\\]|\\.)*")((?:\s*,\s*(?:"(?:[^"\\]|\\.)*"\s*)+){2})\}', body)
    keys = [json.loads(k) for k, _ in entries]
    dup = sorted({k for k in keys if keys.count(k) > 1})
    ok(not dup, "no label is defined twice (%s)" % dup)
    empty = []
    for k, rest in entries:
        parts = [p for p in re.split(r'"\s*,\s*"', rest.strip().lstrip(",").strip())]
        if any(p.strip().strip('"') == "" for p in parts):
            empty.append(json.loads(k))
    ok(not empty, "every label has both texts (%s)" % empty)
    used = set()
    for f in glob.glob(srcdir + "/report/html*.c"):
        t = open(f, encoding="utf-8").read()
        used |= set(re.findall(r'\bT\(&?p, "([^"]+)"\)', t))
        used |= set(re.findall(r'\bsay\(&?p, "([^"]+)"', t))
        used |= set(re.findall(r'section_open\(p, "[^"]+", "([^"]+)"', t))
        for blk in re.findall(r'static const char \*const \w*cols\[\] = \{(.*?)\};', t, re.S):
            used |= set(re.findall(r'"([^"]+)"', blk))
    missing = sorted(u for u in used if u not in keys)
    ok(not missing, "every label the page uses is defined (%s)" % missing)
    ok(len(keys) > 200, "%d labels in en and zh-CN" % len(keys))


def main(argv):
    fn = globals().get(argv[1]) if len(argv) > 1 else None
    if not callable(fn):
        print(__doc__)
        return 2
    fn(*argv[2:])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
