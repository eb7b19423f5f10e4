/* html.c - see html.h and html_int.h: escaping, the page and its first
 * sections (cover, executive summary, findings overview, device index). */
#include "config.h"
#include "html.h"
#include "html_int.h"
#include "report_int.h"
#include "model.h"
#include "sbuf.h"
#include "text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AT_RISK_MAX 100	/* rows of the "devices at risk" table */
#define KEY_FINDINGS_MAX 25

/* ---- escaping ------------------------------------------------------------ */

/* Code points that are valid but would be invisible or would reorder the
 * text around them (bidirectional overrides: "Trojan Source"): shown as
 * [U+XXXX] instead. */
static bool invisible(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0xad ||
	       (cp >= 0x200b && cp <= 0x200f) ||
	       (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2060 && cp <= 0x2069) || cp == 0xfeff;
}

static unsigned decode(const unsigned char *s, size_t n)
{
	unsigned cp = n == 1 ? s[0] : n == 2 ? s[0] & 0x1fu
				  : n == 3 ? s[0] & 0x0fu : s[0] & 0x07u;

	for (size_t i = 1; i < n; i++)
		cp = (cp << 6) | (s[i] & 0x3fu);
	return cp;
}

/* Control characters other than newline and tab are shown as [U+XXXX]
 * (a terminal escape sequence stays readable and does nothing); carriage
 * returns are dropped. */
static void esc_control(struct sbuf *b, unsigned char c)
{
	if (c == '\n' || c == '\t')
		sbuf_addc(b, (char)c);
	else if (c != '\r')
		sbuf_addf(b, "[U+%04X]", c);
}

void html_escape(struct sbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = s ? strlen(s) : 0, i = 0, run = 0;

	if (!s)
		return;	/* an absent value: nothing (NULL + 0 is undefined) */
	while (i < len) {
		size_t n = text_utf8_len(p + i, len - i);
		unsigned char c = p[i];
		const char *rep = NULL;

		if (n == 1 && (c < 0x20 || c == 0x7f || strchr("&<>\"'", c))) {
			rep = c == '&' ? "&amp;" : c == '<' ? "&lt;"
			      : c == '>' ? "&gt;" : c == '"' ? "&quot;"
			      : c == '\'' ? "&#39;" : NULL;
		} else if (n > 1 && !invisible(decode(p + i, n))) {
			i += n;		/* ordinary text: copied in runs */
			continue;
		} else if (n == 1) {
			i++;
			continue;
		}
		sbuf_add(b, p + run, i - run);
		if (rep)
			sbuf_adds(b, rep);
		else if (n == 0)
			sbuf_adds(b, "\xef\xbf\xbd");
		else if (n == 1)
			esc_control(b, c);
		else
			sbuf_addf(b, "[U+%04X]", decode(p + i, n));
		i += n ? n : 1;
		run = i;
	}
	sbuf_add(b, p + run, i - run);
}

void esc(struct page *p, const char *s)
{
	html_escape(p->b, s);
}

void esc_or_dash(struct page *p, const char *s)
{
	if (s && *s)
		html_escape(p->b, s);
	else
		sbuf_adds(p->b, "&mdash;");
}

void out(struct page *p, const char *s)
{
	sbuf_adds(p->b, s);
}

void outf(struct page *p, const char *fmt, ...)
{
	char small[512], *big;
	va_list ap, ap2;
	int n;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n >= 0 && (size_t)n < sizeof(small)) {
		sbuf_add(p->b, small, (size_t)n);
	} else if (n > 0 && (big = malloc((size_t)n + 1))) {
		vsnprintf(big, (size_t)n + 1, fmt, ap2);
		sbuf_add(p->b, big, (size_t)n);
		free(big);
	} else {
		p->b->nomem = true;
	}
	va_end(ap2);
}

/* ---- small helpers -------------------------------------------------------- */

static double jnum(const cJSON *o, const char *k)
{
	double v = 0;

	rj_num(o, k, &v);
	return v;
}

void numv(struct page *p, double v, int decimals, const char *unit)
{
	char buf[64];
	int len;

	if (!isfinite(v)) {
		out(p, "&mdash;");
		return;
	}
	len = snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	if (decimals > 0 && len > 0 && len < (int)sizeof(buf)) {
		while (len > 0 && buf[len - 1] == '0')
			buf[--len] = '\0';
		if (len > 0 && buf[len - 1] == '.')
			buf[--len] = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
	out(p, buf);
	out(p, unit);
}

void num(struct page *p, const cJSON *o, const char *key, int decimals,
	 const char *unit)
{
	const cJSON *n = rj_get(o, key);

	if (cJSON_IsNumber(n))
		numv(p, n->valuedouble, decimals, unit);
	else
		out(p, "&mdash;");
}

void when(struct page *p, const char *iso)
{
	int y, mo, d, h, mi;

	if (iso && strlen(iso) >= 20 && iso[strlen(iso) - 1] == 'Z' &&
	    /* NOLINTNEXTLINE(cert-err34-c): widths bound it, no overflow */
	    sscanf(iso, "%4d-%2d-%2dT%2d:%2d", &y, &mo, &d, &h, &mi) == 5) {
		outf(p, "%04d-%02d-%02d %02d:%02d UTC", y, mo, d, h, mi);
		return;
	}
	esc_or_dash(p, iso);
}

void td(struct page *p, const char *s)
{
	out(p, "<td>");
	esc_or_dash(p, s);
	out(p, "</td>");
}

void td_open(struct page *p, const char *cls)
{
	if (cls)
		outf(p, "<td class=\"%s\">", cls);
	else
		out(p, "<td>");
}

void th_row(struct page *p, const char *const *keys)
{
	out(p, "<thead><tr>");
	for (; *keys; keys++)
		outf(p, "<th>%s</th>", T(p, *keys));
	out(p, "</tr></thead>");
}

void badge(struct page *p, const char *prefix, const char *w)
{
	/* the class is a word of ours or "other": never device text */
	const char *cls = word_known(prefix, w) ? w : "other";

	outf(p, "<span class=\"badge %s-%s\">", prefix, cls);
	word(p, prefix, w);
	out(p, "</span>");
}

void section_open(struct page *p, const char *id, const char *title_key,
		  const char *cls)
{
	outf(p, "<section id=\"%s\"%s%s%s><h2>%s</h2>", id,
	     cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "",
	     T(p, title_key));
}

/* ---- device look-ups ----------------------------------------------------- */

static int cmp_entry(const void *a, const void *b)
{
	const struct dev_entry *x = a, *y = b;
	int d = strcmp(x->key, y->key);

	return d ? d : x->pos < y->pos ? -1 : x->pos > y->pos;
}

static void index_build(struct dev_index *ix, const cJSON *list,
			const char *key)
{
	const cJSON *x;
	size_t pos = 0;

	ix->n = 0;
	ix->v = calloc((size_t)cJSON_GetArraySize(list) + 1, sizeof(*ix->v));
	if (!ix->v)
		return;
	cJSON_ArrayForEach(x, list) {
		if (rj_str(x, key)) {
			ix->v[ix->n].item = x;
			ix->v[ix->n].key = rj_str(x, key);
			ix->v[ix->n++].pos = pos;
		}
		pos++;
	}
	qsort(ix->v, ix->n, sizeof(*ix->v), cmp_entry);
}

const struct dev_entry *index_find(const struct dev_index *ix,
				   const char *name, size_t *count)
{
	size_t lo = 0, hi = ix->n, end;

	*count = 0;
	if (!ix->v || !name)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix->v[mid].key, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < ix->n && strcmp(ix->v[end].key, name) == 0;)
		end++;
	*count = end - lo;
	return ix->v + lo;
}

void dev_link(struct page *p, const char *name)
{
	size_t n;
	const struct dev_entry *d = index_find(&p->anchors, name, &n);

	if (n) {
		outf(p, "<a class=\"dev\" href=\"#dev-%zu\">", d[0].pos);
		esc(p, name);
		out(p, "</a>");
	} else {
		esc_or_dash(p, name);
	}
}

/* ---- the style sheet ------------------------------------------------------ */

static const char css[] =
	"@page{size:A4;margin:20mm 14mm 18mm 14mm}"
	":root{--ink:#1c2733;--muted:#5b6775;--line:#cfd7e0;--head:#eef2f6;"
	"--brand:#123c69;--crit:#b3261e;--maj:#c8590a;--min:#9c7a00;"
	"--info:#3f6f9f;--ok:#2e7d32;--nr:#6b6b6b}"
	"*{box-sizing:border-box}"
	"html{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
	"body{font-family:'Segoe UI','Helvetica Neue',Arial,'Liberation Sans',"
	"'Noto Sans CJK SC','Microsoft YaHei','PingFang SC',sans-serif;"
	"color:var(--ink);margin:0 auto;max-width:1120px;padding:0 28px 40px;"
	"font-size:14px;line-height:1.5;background:#fff}"
	":lang(zh-CN) body,body:lang(zh-CN){font-family:'Noto Sans CJK SC',"
	"'PingFang SC','Microsoft YaHei','Source Han Sans SC',"
	"'WenQuanYi Zen Hei',sans-serif}"
	"h1{font-size:30px;line-height:1.2;margin:0 0 8px;color:var(--brand)}"
	"h2{font-size:21px;color:var(--brand);border-bottom:2px solid "
	"var(--brand);padding-bottom:4px;margin:36px 0 12px}"
	"h3{font-size:16px;margin:22px 0 8px;color:var(--brand)}"
	"h4{font-size:14px;margin:14px 0 6px}"
	"a{color:var(--brand)}a.dev{white-space:nowrap}"
	"p{margin:6px 0}"
	"table{border-collapse:collapse;width:100%;margin:6px 0 16px;"
	"font-size:13px}"
	"th,td{border:1px solid var(--line);padding:4px 7px;text-align:left;"
	"vertical-align:top}"
	"th{background:var(--head);font-weight:600}"
	"td{overflow-wrap:anywhere}"
	"caption{text-align:left;font-weight:600;padding:4px 0;"
	"color:var(--brand)}"
	"td.n,th.n{text-align:right;white-space:nowrap}"
	"td.nw{white-space:nowrap}"
	".photos{display:flex;flex-wrap:wrap;gap:12px}"
	".photos figure{margin:0;flex:0 1 300px;break-inside:avoid}"
	".photos img{max-width:100%;height:auto;border:1px solid var(--line)}"
	".photos figcaption{font-size:12px}"
	".nophoto{border:1px dashed var(--line);padding:20px;color:var(--muted)}"
	".sign{display:flex;gap:60px;margin-top:30px;break-inside:avoid}"
	"code,.mono{font-family:'DejaVu Sans Mono','Liberation Mono',"
	"'Noto Sans Mono CJK SC',monospace;font-size:12px}"
	"nav.bar{position:sticky;top:0;background:#fff;border-bottom:1px solid "
	"var(--line);padding:8px 0;margin-bottom:8px;z-index:1;font-size:13px}"
	"nav.bar a{margin-right:14px;text-decoration:none;font-weight:600}"
	/* cover */
	".cover{display:flex;flex-direction:column;padding-top:24px}"
	".cover .brand{letter-spacing:.2em;text-transform:uppercase;"
	"color:var(--muted);font-size:12px;border-top:6px solid var(--brand);"
	"padding-top:14px}"
	".cover .who{font-size:20px;margin:4px 0 2px}"
	".cover .period{font-size:16px;color:var(--muted);margin-bottom:18px}"
	".cover table.meta{max-width:640px}"
	".cover .contents{margin-top:24px;columns:2;font-size:13px}"
	".cover .contents ol{margin:4px 0;padding-left:20px}"
	".conf{font-size:11px;color:var(--muted);border-top:1px solid "
	"var(--line);padding-top:6px;margin-top:18px}"
	"table.meta td:first-child{width:210px;font-weight:600;"
	"background:var(--head)}"
	".cols table.meta td:first-child{width:38%}"
	".verdict{border-left:6px solid var(--ok);background:#f3f8f3;"
	"padding:10px 14px;margin:14px 0;font-size:15px}"
	".verdict.v-critical{border-color:var(--crit);background:#fbeceb}"
	".verdict.v-major{border-color:var(--maj);background:#fdf1e7}"
	".verdict.v-minor{border-color:var(--min);background:#fbf6e3}"
	".warn{background:#fff4e5;border:1px solid var(--maj);padding:8px "
	"12px;margin:10px 0}"
	".note{color:var(--muted);font-size:12px}"
	/* tiles and charts */
	".tiles{display:flex;gap:10px;flex-wrap:wrap;margin:12px 0}"
	".tile{border:1px solid var(--line);border-top:4px solid var(--brand);"
	"border-radius:4px;padding:8px 14px;min-width:104px;font-size:12px;"
	"color:var(--muted)}"
	".tile b{display:block;font-size:24px;color:var(--ink)}"
	".tile.t-critical{border-top-color:var(--crit)}"
	".tile.t-major{border-top-color:var(--maj)}"
	".tile.t-minor{border-top-color:var(--min)}"
	".tile.t-info{border-top-color:var(--info)}"
	".tile.t-nr{border-top-color:var(--nr)}"
	".tile.t-ok{border-top-color:var(--ok)}"
	"td.dev{min-width:7.5em}"
	".charts{display:flex;flex-wrap:wrap;gap:18px;margin:8px 0}"
	".chart{flex:1 1 320px;border:1px solid var(--line);border-radius:4px;"
	"padding:8px 10px}"
	".chart h4{margin:0 0 6px}"
	"svg text{font-family:inherit;font-size:12px;fill:var(--ink)}"
	/* badges: severity, health, statuses */
	".badge{display:inline-block;border-radius:3px;padding:0 6px;"
	"font-size:12px;font-weight:600;color:#fff;background:var(--nr);"
	"white-space:nowrap;line-height:1.6}"
	".sev-critical,.health-critical,.level-critical,.comp-failed,"
	".sw-end_of_support{background:var(--crit)}"
	".sev-major,.health-major,.sw-upgrade_advised{background:var(--maj)}"
	".sev-minor,.health-minor,.level-warning,.comp-warning{background:"
	"var(--min)}"
	".sev-info{background:var(--info)}"
	".health-ok,.level-ok,.comp-ok,.sw-recommended,.sw-acceptable,"
	".src-ok,.change-resolved{background:var(--ok)}"
	".change-new{background:var(--brand)}.change-persisting{background:"
	"#8a96a3}.change-unverified{background:var(--nr)}"
	".src-partial{background:var(--min)}"
	".src-skipped,.comp-absent,.comp-unknown,.sw-unknown,"
	".sw-not_collected,.state-waived{background:#8a96a3}"
	".src-timeout,.src-unreachable,.src-auth_failed,.src-host_key_unknown,"
	".src-host_key_mismatch,.src-protocol_error,.src-closed,"
	".src-not_inspected,.src-error,.health-not_reached{background:"
	"var(--nr)}"
	/* findings */
	".finding{border:1px solid var(--line);border-left:6px solid "
	"var(--info);border-radius:3px;padding:6px 12px;margin:10px 0;"
	"break-inside:avoid}"
	".finding.f-critical{border-left-color:var(--crit)}"
	".finding.f-major{border-left-color:var(--maj)}"
	".finding.f-minor{border-left-color:var(--min)}"
	".finding.f-waived{opacity:.75;border-style:dashed}"
	".finding .ft{font-weight:600;font-size:15px}"
	".finding .rule{color:var(--muted);font-size:12px}"
	".finding dl{display:grid;grid-template-columns:130px 1fr;gap:2px "
	"10px;margin:6px 0}"
	".finding dt{font-weight:600;color:var(--muted)}"
	".finding dd{margin:0;overflow-wrap:anywhere}"
	".finding ul{margin:0;padding-left:18px}"
	".pre{white-space:pre-wrap}"
	/* device pages */
	".device{break-before:page}.device.first{break-before:auto}"
	".device h2 .badge{font-size:13px;vertical-align:middle}"
	".devsub{color:var(--muted);margin-top:-6px}"
	".cols{display:flex;gap:18px;flex-wrap:wrap}"
	".cols>*{flex:1 1 330px}"
	".status-box{border:1px solid var(--line);border-radius:4px;padding:"
	"8px 12px;margin:6px 0 16px}"
	".gauge{display:inline-block;position:relative;width:120px;height:"
	"10px;background:#e6ebf0;border-radius:2px;vertical-align:middle;"
	"margin-right:6px}"
	".gauge i{position:absolute;left:0;top:0;bottom:0;background:var(--ok);"
	"border-radius:2px}"
	".gauge i.g-warning{background:var(--min)}"
	".gauge i.g-critical{background:var(--crit)}"
	".gauge b{position:absolute;top:-3px;bottom:-3px;width:2px}"
	".gauge b.m-w{background:var(--maj)}.gauge b.m-c{background:var(--crit)}"
	".bad{color:var(--crit);font-weight:600}"
	".top{font-size:12px}"
	"@media print{body{max-width:none;padding:0;font-size:10pt}"
	"nav.bar,.top{display:none}a{color:inherit;text-decoration:none}"
	"h2,h3,h4,caption{break-after:avoid}tr,.tile,.chart{break-inside:avoid}"
	"thead{display:table-header-group}"
	".cover{min-height:245mm;break-after:page}"
	".cover .contents{margin-top:auto}"
	".tile{min-width:0;flex:1 1 0;padding:5px 8px}.tile b{font-size:18px}"
	".cols>*{flex:1 1 260px}"
	"section.major{break-before:page}"
	"table{font-size:9pt}}";

/* A CSS string literal: everything but plain letters, digits and spaces
 * as a hex escape, so nothing can end the string or the style sheet. */
static void css_string(struct page *p, const char *s)
{
	out(p, "\"");
	for (const unsigned char *c = (const unsigned char *)(s ? s : "");
	     *c; c++) {
		/* as is: letters, digits, space, and UTF-8 (valid: repaired) */
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || *c == ' ' || *c >= 0x80)
			outf(p, "%c", *c);
		else if (*c >= 0x20)
			outf(p, "\\%x ", *c);
	}
	out(p, "\"");
}

/* Running headers and page numbers (CSS paged media margin boxes). */
#define MARGIN_BOX "font:8pt 'Liberation Sans',Arial,'Noto Sans CJK SC'," \
	"'Microsoft YaHei',sans-serif;color:#5b6775"

static void page_rules(struct page *p)
{
	const cJSON *m = rj_get(p->rep, "inspection");
	struct sbuf left, right;

	sbuf_init(&left, 400);
	sbuf_init(&right, 400);
	sbuf_addf(&left, "%s", rj_str(m, "customer") ? rj_str(m, "customer") : "");
	if (rj_str(m, "site"))
		sbuf_addf(&left, "%s%s", left.len ? " \xc2\xb7 " : "",
			  rj_str(m, "site"));
	sbuf_addf(&right, "%s%s%s", T(p, "short_title"),
		  rj_str(m, "period") ? " \xc2\xb7 " : "",
		  rj_str(m, "period") ? rj_str(m, "period") : "");
	out(p, "@page{@top-left{content:");
	css_string(p, sbuf_str(&left));
	out(p, ";" MARGIN_BOX "}@top-right{content:");
	css_string(p, sbuf_str(&right));
	out(p, ";" MARGIN_BOX "}@bottom-left{content:");
	css_string(p, rj_str(p->rep, "generator"));
	out(p, ";" MARGIN_BOX "}@bottom-right{content:counter(page)"
	    " \" / \" counter(pages);" MARGIN_BOX "}}"
	    "@page:first{@top-left{content:none}@top-right{content:none}}");
	if (left.nomem || right.nomem)	/* a header left incomplete */
		p->b->nomem = true;
	sbuf_free(&left);
	sbuf_free(&right);
}

/* ---- cover ------------------------------------------------------------------ */

static void meta_row(struct page *p, const char *key, const char *val,
		     bool time)
{
	if (!val)
		return;
	outf(p, "<tr><td>%s</td><td>", T(p, key));
	if (time)
		when(p, val);
	else
		esc(p, val);
	out(p, "</td></tr>");
}

static void packs_cell(struct page *p, const cJSON *m)
{
	const cJSON *x;
	bool first = true;

	if (!cJSON_GetArraySize(rj_get(m, "rule_packs")))
		return;
	outf(p, "<tr><td>%s</td><td>", T(p, "rule_packs"));
	cJSON_ArrayForEach(x, rj_get(m, "rule_packs")) {
		if (!first)
			out(p, ", ");
		first = false;
		esc(p, rj_str(x, "pack"));
		if (rj_str(x, "version")) {
			out(p, " ");
			esc(p, rj_str(x, "version"));
		}
	}
	out(p, "</td></tr>");
}

static void verdict(struct page *p)
{
	const char *v = rj_str(rj_get(p->rep, "summary"), "verdict");
	char key[32];

	if (!word_known("sev", v) && !(v && strcmp(v, "ok") == 0))
		v = "ok";
	snprintf(key, sizeof(key), "verdict.%s", v);
	outf(p, "<div class=\"verdict v-%s\"><b>%s:</b> %s</div>", v,
	     T(p, "overall"), T(p, key));
}

static void contents(struct page *p)
{
	static const char *const items[][2] = {
		{"summary", "summary"}, {"changes", "changes"},
		{"findings", "findings_overview"}, {"index", "device_index"},
		{"devices", "device_pages"}, {"software", "software"},
		{"inventory", "inventory"}, {"log", "collection_log"},
		{"site", "site_section"}, {"appendix", "appendix"},
	};

	outf(p, "<div class=\"contents\"><b>%s</b><ol style=\"list-style:"
	     "none;padding:0\">", T(p, "contents"));
	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++)
		if (strcmp(items[i][0], "site") != 0 || rj_obj(p->rep, "site"))
			outf(p, "<li><a href=\"#%s\">%s</a></li>",
			     items[i][0], T(p, items[i][1]));
	out(p, "</ol></div>");
}

static void cover(struct page *p)
{
	const cJSON *m = rj_get(p->rep, "inspection");

	out(p, "<section class=\"cover\" id=\"cover\"><div class=\"brand\">");
	esc(p, rj_str(p->rep, "generator"));
	outf(p, "</div><h1>%s</h1>", T(p, "title"));
	if (rj_str(m, "customer") || rj_str(m, "site")) {
		out(p, "<div class=\"who\">");
		esc(p, rj_str(m, "customer"));
		if (rj_str(m, "customer") && rj_str(m, "site"))
			out(p, " &middot; ");
		esc(p, rj_str(m, "site"));
		out(p, "</div>");
	}
	out(p, "<div class=\"period\">");
	esc(p, rj_str(m, "period"));
	out(p, "</div>");
	if (!cJSON_IsTrue(rj_get(m, "metadata_present")))
		outf(p, "<p class=\"warn\">%s</p>", T(p, "no_metadata"));
	if (cJSON_IsTrue(rj_get(m, "incomplete")))
		outf(p, "<p class=\"warn\">%s</p>", T(p, "incomplete"));
	out(p, "<table class=\"meta\">");
	meta_row(p, "customer", rj_str(m, "customer"), false);
	meta_row(p, "site", rj_str(m, "site"), false);
	meta_row(p, "period", rj_str(m, "period"), false);
	meta_row(p, "engineer", rj_str(m, "engineer"), false);
	if (word_known("svc", rj_str(m, "service_level"))) {
		outf(p, "<tr><td>%s</td><td>", T(p, "service_level"));
		word(p, "svc", rj_str(m, "service_level"));
		out(p, "</td></tr>");
	} else {
		meta_row(p, "service_level", rj_str(m, "service_level"), false);
	}
	meta_row(p, "started", rj_str(m, "started_at"), true);
	meta_row(p, "finished", rj_str(m, "finished_at"), true);
	outf(p, "<tr><td>%s</td><td>", T(p, "devices_total"));
	num(p, rj_get(p->rep, "summary"), "devices", 0, "");
	out(p, "</td></tr>");
	meta_row(p, "software_versions", rj_str(p->rep, "generator"), false);
	packs_cell(p, m);
	meta_row(p, "generated", rj_str(p->rep, "generated_at"), true);
	out(p, "</table>");
	verdict(p);
	contents(p);
	outf(p, "<p class=\"conf\">%s</p></section>", T(p, "confidential"));
}

/* ---- executive summary ---------------------------------------------------- */

static void tile(struct page *p, const char *cls, const char *label,
		 double v)
{
	outf(p, "<div class=\"tile%s%s\"><b>", cls ? " t-" : "", cls ? cls : "");
	numv(p, v, 0, "");
	outf(p, "</b>%s</div>", label);
}

static void summary_text(struct page *p, const cJSON *s)
{
	const cJSON *sev = rj_get(s, "findings_by_severity");
	const cJSON *cnt = rj_get(rj_get(p->rep, "comparison"), "counts");

	out(p, "<p>");
	say(p, "sum_devices", jnum(s, "devices"), jnum(s, "inspected"),
	    jnum(s, "not_reached"));
	if (jnum(s, "incomplete") > 0) {
		out(p, " ");
		say(p, "sum_incomplete", jnum(s, "incomplete"), 0, 0);
	}
	out(p, " ");
	say(p, "sum_findings", jnum(s, "findings_open"), jnum(sev, "critical"),
	    jnum(sev, "major"));
	if (jnum(s, "findings_waived") > 0) {
		out(p, " ");
		say(p, "sum_waived", jnum(s, "findings_waived"), 0, 0);
	}
	if (jnum(s, "not_evaluated") > 0) {
		out(p, " ");
		say(p, "sum_not_eval", jnum(s, "not_evaluated"), 0, 0);
	}
	out(p, "</p>");
	if (cnt) {
		out(p, "<p>");
		say(p, "sum_changes", jnum(cnt, "new"), jnum(cnt, "resolved"),
		    jnum(cnt, "persisting"));
		out(p, "</p>");
	}
}

static void tiles(struct page *p, const cJSON *s)
{
	const cJSON *sev = rj_get(s, "findings_by_severity");
	char key[32];

	out(p, "<div class=\"tiles\">");
	tile(p, NULL, T(p, "devices"), jnum(s, "devices"));
	tile(p, NULL, T(p, "inspected"), jnum(s, "inspected"));
	tile(p, "nr", T(p, "not_reached"), jnum(s, "not_reached"));
	for (int i = 0; severities[i]; i++) {
		snprintf(key, sizeof(key), "sev.%s", severities[i]);
		tile(p, severities[i], T(p, key), jnum(sev, severities[i]));
	}
	out(p, "</div>");
}

/* The worst open finding of a device (findings are sorted by severity). */
static const cJSON *worst_finding(struct page *p, const char *name)
{
	size_t n;
	const struct dev_entry *v = index_find(&p->findings, name, &n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(rj_str(v[i].item, "state"), "open") == 0)
			return v[i].item;
	return NULL;
}

static void counts_cell(struct page *p, const cJSON *d)
{
	const cJSON *f = rj_get(d, "findings");

	out(p, "<td class=\"n\">");
	for (int i = 0; severities[i]; i++)
		outf(p, "%s%.0f", i ? "/" : "", jnum(f, severities[i]));
	out(p, "</td>");
}

static void at_risk(struct page *p)
{
	static const char *const cols[] = {"device", "model", "version",
					   "health", "counts", "main_issue",
					   NULL};
	const cJSON *d;
	int shown = 0, more = 0;

	outf(p, "<h3>%s</h3>", T(p, "at_risk"));
	cJSON_ArrayForEach(d, rj_get(p->rep, "devices")) {
		const char *h = rj_str(d, "health");
		const cJSON *f;

		if (!h || strcmp(h, "ok") == 0)
			continue;
		if (shown == AT_RISK_MAX) {
			more++;
			continue;
		}
		if (shown++ == 0) {
			out(p, "<table>");
			th_row(p, cols);
		}
		out(p, "<tr><td>");
		dev_link(p, rj_str(d, "name"));
		out(p, "</td>");
		td(p, rj_str(rj_get(d, "identity"), "model"));
		td(p, rj_str(rj_get(d, "identity"), "os_version"));
		out(p, "<td>");
		badge(p, "health", h);
		out(p, "</td>");
		counts_cell(p, d);
		out(p, "<td>");
		if ((f = worst_finding(p, rj_str(d, "name"))))
			esc(p, rj_text_in(rj_get(f, "title"), p->lang));
		else
			esc(p, rj_str(d, "status_reason"));
		out(p, "</td></tr>");
	}
	if (shown)
		out(p, "</table>");
	else
		outf(p, "<p>%s</p>", T(p, "at_risk_none"));
	if (more) {
		out(p, "<p class=\"note\">");
		say(p, "at_risk_more", more, 0, 0);
		out(p, "</p>");
	}
}

static void findings_table(struct page *p, int limit, bool major_only)
{
	static const char *const cols[] = {"severity", "device", "category",
					   "title_col", "object", NULL};
	const cJSON *f;
	int shown = 0, more = 0;

	cJSON_ArrayForEach(f, rj_get(p->rep, "findings")) {
		const char *sev = rj_str(f, "severity");

		if (strcmp(rj_str(f, "state"), "open") != 0 ||
		    (major_only && severity_rank(sev) > 1))
			continue;
		if (limit && shown == limit) {
			more++;
			continue;
		}
		if (shown++ == 0) {
			out(p, "<table>");
			th_row(p, cols);
		}
		out(p, "<tr><td>");
		badge(p, "sev", sev);
		if (rj_str(f, "change") && strcmp(rj_str(f, "change"), "new") == 0) {
			out(p, " ");
			badge(p, "change", "new");
		}
		out(p, "</td><td>");
		dev_link(p, rj_str(f, "device"));
		out(p, "</td><td>");
		word(p, "cat", rj_str(f, "category"));
		out(p, "</td>");
		td(p, rj_text_in(rj_get(f, "title"), p->lang));
		td(p, rj_str(f, "object"));
		out(p, "</tr>");
	}
	if (shown)
		out(p, "</table>");
	else
		outf(p, "<p>%s</p>", T(p, "no_open_findings"));
	if (more) {
		out(p, "<p class=\"note\">");
		say(p, "key_more", more, 0, 0);
		out(p, "</p>");
	}
}

static void exec_summary(struct page *p)
{
	const cJSON *s = rj_get(p->rep, "summary");

	section_open(p, "summary", "summary", "major");
	summary_text(p, s);
	tiles(p, s);
	out(p, "<div class=\"charts\"><div class=\"chart\">");
	outf(p, "<h4>%s</h4>", T(p, "chart_severity"));
	svg_severity_bars(p, rj_get(s, "findings_by_severity"));
	outf(p, "</div><div class=\"chart\"><h4>%s</h4>",
	     T(p, "chart_category"));
	svg_category_bars(p, rj_get(s, "findings_matrix"));
	outf(p, "</div></div><div class=\"chart\"><h4>%s</h4>",
	     T(p, "chart_health"));
	svg_health_bar(p, rj_get(s, "health"));
	out(p, "</div>");
	at_risk(p);
	outf(p, "<h3>%s</h3>", T(p, "key_findings"));
	findings_table(p, KEY_FINDINGS_MAX, true);
	out(p, "</section>");
}

static void findings_overview(struct page *p)
{
	section_open(p, "findings", "findings_overview", "major");
	findings_table(p, 0, false);
	out(p, "</section>");
}

static void device_index(struct page *p)
{
	static const char *const cols[] = {"device", "address", "vendor",
					   "model", "version", "collection",
					   "health", "counts", NULL};
	const cJSON *d;

	section_open(p, "index", "device_index", "major");
	out(p, "<table>");
	th_row(p, cols);
	out(p, "<tbody>");
	cJSON_ArrayForEach(d, rj_get(p->rep, "devices")) {
		const cJSON *id = rj_get(d, "identity");

		out(p, "<tr><td>");
		dev_link(p, rj_str(d, "name"));
		out(p, "</td>");
		td(p, rj_str(d, "address"));
		td(p, rj_str(id, "vendor"));
		td(p, rj_str(id, "model"));
		td(p, rj_str(id, "os_version"));
		out(p, "<td>");
		badge(p, "src", rj_str(d, "status"));
		out(p, "</td><td>");
		badge(p, "health", rj_str(d, "health"));
		out(p, "</td>");
		counts_cell(p, d);
		out(p, "</tr>");
	}
	out(p, "</tbody></table></section>");
}

/* ---- the page --------------------------------------------------------------- */

static void nav(struct page *p)
{
	static const char *const items[][2] = {
		{"summary", "nav_summary"}, {"changes", "nav_changes"},
		{"findings", "nav_findings"}, {"index", "nav_devices"},
		{"software", "nav_software"}, {"inventory", "nav_hardware"},
		{"log", "nav_log"}, {"site", "nav_site"},
		{"appendix", "nav_appendix"},
	};

	out(p, "<nav class=\"bar\">");
	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++)
		if (strcmp(items[i][0], "site") != 0 || rj_obj(p->rep, "site"))
			outf(p, "<a href=\"#%s\">%s</a>", items[i][0],
			     T(p, items[i][1]));
	out(p, "</nav>");
}

static void head(struct page *p)
{
	const cJSON *m = rj_get(p->rep, "inspection");

	outf(p, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8"
	     "\"><meta name=\"viewport\" content=\"width=device-width, "
	     "initial-scale=1\"><meta http-equiv=\"Content-Security-Policy\" "
	     "content=\"default-src 'none'; style-src 'unsafe-inline'; "
	     "img-src data:\"><meta name=\"referrer\" content=\"no-referrer\">"
	     "<meta name=\"generator\" content=\"", p->zh ? "zh-CN" : "en");
	esc(p, rj_str(p->rep, "generator"));
	outf(p, "\"><title>%s", T(p, "short_title"));
	if (rj_str(m, "customer")) {
		out(p, " &mdash; ");
		esc(p, rj_str(m, "customer"));
	}
	if (rj_str(m, "period")) {
		out(p, " &middot; ");
		esc(p, rj_str(m, "period"));
	}
	outf(p, "</title><style>%s", css);
	page_rules(p);
	out(p, "</style></head><body>\n");
}

int html_render(const cJSON *rep, const char *lang, struct sbuf *b)
{
	struct page p = {
		.b = b, .lang = strcmp(lang, "zh-CN") == 0 ? "zh-CN" : "en",
		.zh = strcmp(lang, "zh-CN") == 0, .rep = rep,
	};

	index_build(&p.findings, rj_get(rep, "findings"), "device");
	index_build(&p.not_eval, rj_get(rep, "not_evaluated"), "device");
	index_build(&p.trends, rj_get(rj_get(rep, "comparison"), "trends"),
		    "device");
	index_build(&p.anchors, rj_get(rep, "devices"), "name");
	/* an index that could not be allocated would leave findings out */
	if (!p.findings.v || !p.not_eval.v || !p.trends.v || !p.anchors.v)
		b->nomem = true;
	head(&p);
	nav(&p);
	cover(&p);
	exec_summary(&p);
	comparison_section(&p);
	findings_overview(&p);
	device_index(&p);
	device_pages(&p);
	software_section(&p);
	inventory_section(&p);
	collection_section(&p);
	site_section(&p);
	appendix_section(&p);
	outf(&p, "<p class=\"note\">%s &middot; ", T(&p, "footer"));
	esc(&p, rj_str(rep, "generator"));
	out(&p, "</p></body></html>\n");
	free(p.findings.v);
	free(p.not_eval.v);
	free(p.trends.v);
	free(p.anchors.v);
	return b->nomem ? -1 : 0;
}
