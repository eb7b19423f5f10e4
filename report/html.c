/* html.c - see html.h */
#include "config.h"
#include "html.h"
#include "model.h"
#include "sbuf.h"
#include "text.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/* ---- words of the page, in both languages -------------------------------- */

struct words {
	const char *key, *en, *zh;
};

static const struct words words[] = {
	{"title", "Switch inspection report", "交换机巡检报告"},
	{"customer", "Customer", "客户"},
	{"site", "Site", "站点"},
	{"period", "Period", "巡检周期"},
	{"engineer", "Engineer", "巡检工程师"},
	{"service_level", "Service level", "服务级别"},
	{"started", "Started", "开始时间"},
	{"finished", "Finished", "结束时间"},
	{"generated", "Generated", "生成时间"},
	{"incomplete", "This inspection is incomplete: it was interrupted, "
	 "and the devices not inspected are listed below.",
	 "本次巡检未完成：巡检被中断，未巡检的设备列于下方。"},
	{"summary", "Executive summary", "巡检概述"},
	{"devices", "Devices", "设备"},
	{"inspected", "Inspected", "已巡检"},
	{"not_reached", "Not reached", "未连通"},
	{"findings", "Findings", "发现的问题"},
	{"not_evaluated", "Rules not evaluated", "未评估的规则"},
	{"waived", "Waived", "已豁免"},
	{"health", "Health per device", "设备健康状况"},
	{"device", "Device", "设备"},
	{"address", "Address", "地址"},
	{"vendor", "Vendor", "厂商"},
	{"model", "Model", "型号"},
	{"serial", "Serial number", "序列号"},
	{"os", "OS", "操作系统"},
	{"version", "Version", "版本"},
	{"hostname", "Host name", "主机名"},
	{"uptime", "Uptime", "运行时间"},
	{"status", "Collection", "采集状态"},
	{"device_pages", "Devices in detail", "设备详情"},
	{"identity", "Identity", "设备信息"},
	{"environment", "Environment", "运行环境"},
	{"temperatures", "Temperatures", "温度"},
	{"fans", "Fans", "风扇"},
	{"psus", "Power supplies", "电源"},
	{"cpu", "CPU load", "CPU 利用率"},
	{"memory", "Memory used", "内存利用率"},
	{"reading", "Reading", "读数"},
	{"warning_thr", "Warning at", "告警阈值"},
	{"critical_thr", "Critical at", "严重阈值"},
	{"no_findings", "No findings.", "未发现问题。"},
	{"severity", "Severity", "严重程度"},
	{"category", "Category", "类别"},
	{"object", "Object", "对象"},
	{"what", "What was seen", "检查结果"},
	{"evidence", "Evidence", "依据"},
	{"impact", "Impact", "影响"},
	{"advice", "Advice", "建议"},
	{"inventory", "Hardware inventory", "硬件清单"},
	{"name", "Name", "名称"},
	{"class", "Class", "类别"},
	{"collection_log", "Collection log", "采集记录"},
	{"source", "Source", "来源"},
	{"error", "Detail", "详情"},
	{"appendix", "Appendix: rules applied", "附录：适用的巡检规则"},
	{"rule", "Rule", "规则"},
	{"pack", "Pack", "规则包"},
	{"critical", "Critical", "严重"},
	{"major", "Major", "重要"},
	{"minor", "Minor", "一般"},
	{"info", "Info", "提示"},
	{"ok", "OK", "正常"},
	{"none", "none", "无"},
	{"not_collected", "not collected", "未采集"},
};

static const char *T(const char *lang, const char *key)
{
	bool zh = strcmp(lang, "zh-CN") == 0;

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strcmp(words[i].key, key) == 0)
			return zh ? words[i].zh : words[i].en;
	return key;
}

/* ---- escaping ------------------------------------------------------------ */

void html_escape(struct sbuf *out, const char *s)
{
	char *clean;

	if (!s)
		return;
	clean = text_clean(s, strlen(s));
	for (const char *p = clean ? clean : ""; *p; p++) {
		switch (*p) {
		case '&': sbuf_adds(out, "&amp;"); break;
		case '<': sbuf_adds(out, "&lt;"); break;
		case '>': sbuf_adds(out, "&gt;"); break;
		case '"': sbuf_adds(out, "&quot;"); break;
		case '\'': sbuf_adds(out, "&#39;"); break;
		default: sbuf_addc(out, *p); break;
		}
	}
	free(clean);
}

static const cJSON *get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

static const char *gets(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(get(o, k));
}

/* A text that may be a plain string or {en, zh-CN}. */
static const char *localized(const cJSON *v, const char *lang)
{
	const char *s;

	if (cJSON_IsString(v))
		return v->valuestring;
	s = gets(v, lang);
	return s ? s : gets(v, "en");
}

static void esc_or_dash(struct sbuf *b, const char *s)
{
	if (s && *s)
		html_escape(b, s);
	else
		sbuf_adds(b, "&mdash;");
}

static void td(struct sbuf *b, const char *s)
{
	sbuf_adds(b, "<td>");
	esc_or_dash(b, s);
	sbuf_adds(b, "</td>");
}

static void th_row(struct sbuf *b, const char *lang, const char *const *keys)
{
	sbuf_adds(b, "<thead><tr>");
	for (; *keys; keys++)
		sbuf_addf(b, "<th>%s</th>", T(lang, *keys));
	sbuf_adds(b, "</tr></thead>");
}

static void num(struct sbuf *b, const cJSON *v, const char *unit)
{
	if (!cJSON_IsNumber(v)) {
		sbuf_adds(b, "&mdash;");
		return;
	}
	if (fabs(v->valuedouble - round(v->valuedouble)) < 1e-9)
		sbuf_addf(b, "%.0f%s", v->valuedouble, unit);
	else
		sbuf_addf(b, "%.1f%s", v->valuedouble, unit);
}

static void uptime(struct sbuf *b, const cJSON *v, const char *lang)
{
	double s;

	if (!cJSON_IsNumber(v)) {
		sbuf_adds(b, "&mdash;");
		return;
	}
	s = v->valuedouble;
	if (strcmp(lang, "zh-CN") == 0)
		sbuf_addf(b, "%.0f 天 %.0f 小时", floor(s / 86400),
			  floor(fmod(s, 86400) / 3600));
	else
		sbuf_addf(b, "%.0f d %.0f h", floor(s / 86400),
			  floor(fmod(s, 86400) / 3600));
}

/* ---- page parts ---------------------------------------------------------- */

static const char css[] =
	"@page{size:A4;margin:16mm 14mm}"
	"body{font-family:'Noto Sans','Noto Sans CJK SC','WenQuanYi Zen Hei',"
	"sans-serif;color:#1d2733;margin:0 auto;max-width:1100px;padding:24px;"
	"font-size:14px;line-height:1.45}"
	"h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;border-bottom:2px "
	"solid #1f4e79;padding-bottom:4px;margin-top:32px}h3{font-size:16px;"
	"margin:20px 0 6px}"
	"table{border-collapse:collapse;width:100%;margin:8px 0 16px}"
	"th,td{border:1px solid #c9d2dc;padding:4px 8px;text-align:left;"
	"vertical-align:top}th{background:#eef2f6}"
	"td{overflow-wrap:anywhere}"
	".cover{border-bottom:4px solid #1f4e79;padding-bottom:12px}"
	".meta td:first-child{width:180px;font-weight:600}"
	".tiles{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}"
	".tile{border:1px solid #c9d2dc;border-radius:6px;padding:10px 16px;"
	"min-width:110px}.tile b{display:block;font-size:24px}"
	".sev{display:inline-block;border-radius:4px;padding:0 6px;color:#fff;"
	"font-size:12px;font-weight:600}"
	".sev-critical{background:#b3261e}.sev-major{background:#d9730d}"
	".sev-minor{background:#b59b00}.sev-info{background:#49729b}"
	".sev-ok{background:#2e7d32}.sev-not_reached{background:#6b6b6b}"
	".warn{background:#fff4e5;border:1px solid #d9730d;padding:8px 12px}"
	".device{page-break-before:always;break-before:page}"
	".finding{border-left:4px solid #c9d2dc;padding:4px 12px;margin:8px 0}"
	"pre{white-space:pre-wrap;margin:0;font-size:12px}"
	"@media print{body{padding:0;max-width:none}a{color:inherit;"
	"text-decoration:none}}";

static void badge(struct sbuf *b, const char *lang, const char *sev)
{
	const char *cls = sev ? sev : "info";

	if (severity_rank(cls) < 0 && strcmp(cls, "ok") != 0 &&
	    strcmp(cls, "not_reached") != 0)
		cls = "info";
	sbuf_addf(b, "<span class=\"sev sev-%s\">%s</span>", cls,
		  T(lang, cls));
}

static void meta_row(struct sbuf *b, const char *lang, const char *key,
		     const char *val)
{
	if (!val)
		return;
	sbuf_addf(b, "<tr><td>%s</td>", T(lang, key));
	td(b, val);
	sbuf_adds(b, "</tr>");
}

static void cover(struct sbuf *b, const cJSON *rep, const char *lang)
{
	const cJSON *m = get(rep, "inspection");

	sbuf_addf(b, "<header class=\"cover\"><h1>%s</h1>", T(lang, "title"));
	if (gets(m, "customer")) {
		sbuf_adds(b, "<div>");
		html_escape(b, gets(m, "customer"));
		if (gets(m, "site")) {
			sbuf_adds(b, " &middot; ");
			html_escape(b, gets(m, "site"));
		}
		sbuf_adds(b, "</div>");
	}
	sbuf_adds(b, "</header><table class=\"meta\">");
	meta_row(b, lang, "customer", gets(m, "customer"));
	meta_row(b, lang, "site", gets(m, "site"));
	meta_row(b, lang, "period", gets(m, "period"));
	meta_row(b, lang, "engineer", gets(m, "engineer"));
	meta_row(b, lang, "service_level", gets(m, "service_level"));
	meta_row(b, lang, "started", gets(m, "started_at"));
	meta_row(b, lang, "finished", gets(m, "finished_at"));
	meta_row(b, lang, "generated", gets(rep, "generated_at"));
	sbuf_adds(b, "</table>");
	if (cJSON_IsTrue(get(m, "incomplete")))
		sbuf_addf(b, "<p class=\"warn\">%s</p>", T(lang, "incomplete"));
}

static void tile(struct sbuf *b, const char *label, const cJSON *v)
{
	sbuf_adds(b, "<div class=\"tile\"><b>");
	num(b, v, "");
	sbuf_addf(b, "</b>%s</div>", label);
}

static void exec_summary(struct sbuf *b, const cJSON *rep, const char *lang)
{
	const cJSON *s = get(rep, "summary"), *sev = get(s, "findings_by_severity");
	const cJSON *d;
	static const char *const cols[] = {"device", "address", "vendor",
					   "model", "version", "status",
					   "health", NULL};

	sbuf_addf(b, "<section><h2>%s</h2><div class=\"tiles\">",
		  T(lang, "summary"));
	tile(b, T(lang, "devices"), get(s, "devices"));
	tile(b, T(lang, "inspected"), get(s, "inspected"));
	tile(b, T(lang, "not_reached"), get(s, "not_reached"));
	for (int i = 0; severities[i]; i++)
		tile(b, T(lang, severities[i]), get(sev, severities[i]));
	tile(b, T(lang, "not_evaluated"), get(s, "not_evaluated"));
	sbuf_addf(b, "</div><h3>%s</h3><table>", T(lang, "health"));
	th_row(b, lang, cols);
	sbuf_adds(b, "<tbody>");
	cJSON_ArrayForEach(d, get(rep, "devices")) {
		const cJSON *id = get(d, "identity");

		sbuf_adds(b, "<tr><td><a href=\"#dev-");
		html_escape(b, gets(d, "name"));
		sbuf_adds(b, "\">");
		html_escape(b, gets(d, "name"));
		sbuf_adds(b, "</a></td>");
		td(b, gets(d, "address"));
		td(b, gets(id, "vendor"));
		td(b, gets(id, "model"));
		td(b, gets(id, "os_version"));
		td(b, gets(d, "status"));
		sbuf_adds(b, "<td>");
		badge(b, lang, gets(d, "health"));
		sbuf_adds(b, "</td></tr>");
	}
	sbuf_adds(b, "</tbody></table></section>");
}

static void identity_table(struct sbuf *b, const cJSON *d, const char *lang)
{
	const cJSON *id = get(d, "identity");

	sbuf_addf(b, "<h3>%s</h3><table class=\"meta\">", T(lang, "identity"));
	meta_row(b, lang, "hostname", gets(id, "hostname"));
	meta_row(b, lang, "address", gets(d, "address"));
	meta_row(b, lang, "vendor", gets(id, "vendor"));
	meta_row(b, lang, "model", gets(id, "model"));
	meta_row(b, lang, "serial", gets(id, "serial"));
	meta_row(b, lang, "os", gets(id, "os_family"));
	meta_row(b, lang, "version", gets(id, "os_version"));
	if (cJSON_IsNumber(get(id, "uptime_s"))) {
		sbuf_addf(b, "<tr><td>%s</td><td>", T(lang, "uptime"));
		uptime(b, get(id, "uptime_s"), lang);
		sbuf_adds(b, "</td></tr>");
	}
	sbuf_addf(b, "<tr><td>%s</td>", T(lang, "status"));
	td(b, gets(d, "status"));
	sbuf_adds(b, "</tr></table>");
}

static void env_tables(struct sbuf *b, const cJSON *d, const char *lang)
{
	const cJSON *env = get(d, "environment"), *t;
	static const char *const tcols[] = {"name", "reading", "warning_thr",
					    "critical_thr", "status", NULL};
	static const char *const fcols[] = {"name", "status", NULL};

	if (!env)
		return;
	sbuf_addf(b, "<h3>%s</h3>", T(lang, "environment"));
	if (cJSON_GetArraySize(get(env, "temperatures"))) {
		sbuf_addf(b, "<table><caption>%s</caption>",
			  T(lang, "temperatures"));
		th_row(b, lang, tcols);
		cJSON_ArrayForEach(t, get(env, "temperatures")) {
			sbuf_adds(b, "<tr>");
			td(b, gets(t, "name"));
			sbuf_adds(b, "<td>");
			num(b, get(t, "celsius"), " &deg;C");
			sbuf_adds(b, "</td><td>");
			num(b, get(t, "high"), " &deg;C");
			sbuf_adds(b, "</td><td>");
			num(b, get(t, "critical"), " &deg;C");
			sbuf_adds(b, "</td>");
			td(b, gets(t, "status"));
			sbuf_adds(b, "</tr>");
		}
		sbuf_adds(b, "</table>");
	}
	for (int k = 0; k < 2; k++) {
		const char *list = k ? "power_supplies" : "fans";

		if (!cJSON_GetArraySize(get(env, list)))
			continue;
		sbuf_addf(b, "<table><caption>%s</caption>",
			  T(lang, k ? "psus" : "fans"));
		th_row(b, lang, fcols);
		cJSON_ArrayForEach(t, get(env, list)) {
			sbuf_adds(b, "<tr>");
			td(b, gets(t, "name"));
			td(b, gets(t, "status"));
			sbuf_adds(b, "</tr>");
		}
		sbuf_adds(b, "</table>");
	}
	if (get(env, "cpu") || get(env, "memory")) {
		sbuf_addf(b, "<table class=\"meta\"><tr><td>%s</td><td>",
			  T(lang, "cpu"));
		num(b, get(get(env, "cpu"), "load_pct"), " %");
		sbuf_addf(b, "</td></tr><tr><td>%s</td><td>", T(lang, "memory"));
		num(b, get(get(env, "memory"), "used_pct"), " %");
		sbuf_adds(b, "</td></tr></table>");
	}
}

static void evidence(struct sbuf *b, const cJSON *f)
{
	const cJSON *e;

	if (!cJSON_GetArraySize(get(f, "evidence")))
		return;
	sbuf_adds(b, "<ul>");
	cJSON_ArrayForEach(e, get(f, "evidence")) {
		const cJSON *v = get(e, "value");
		char *val = v ? cJSON_PrintUnformatted(v) : NULL;

		sbuf_adds(b, "<li><code>");
		html_escape(b, gets(e, "path"));
		sbuf_adds(b, "</code> = <code>");
		html_escape(b, val ? val : "?");
		sbuf_adds(b, "</code>");
		if (gets(e, "source")) {
			sbuf_adds(b, " <small>(");
			html_escape(b, gets(e, "source"));
			sbuf_adds(b, ")</small>");
		}
		sbuf_adds(b, "</li>");
		cJSON_free(val);
	}
	sbuf_adds(b, "</ul>");
}

static void one_finding(struct sbuf *b, const cJSON *f, const char *lang)
{
	const char *state = gets(f, "state");

	sbuf_adds(b, "<div class=\"finding\"><p>");
	badge(b, lang, gets(f, "severity"));
	sbuf_adds(b, " <b>");
	html_escape(b, localized(get(f, "title"), lang));
	sbuf_adds(b, "</b> <small>[");
	html_escape(b, gets(f, "rule"));
	sbuf_adds(b, "]</small>");
	if (state && strcmp(state, "waived") == 0)
		sbuf_addf(b, " <i>(%s)</i>", T(lang, "waived"));
	sbuf_addf(b, "</p><p><b>%s:</b> ", T(lang, "what"));
	html_escape(b, localized(get(f, "message"), lang));
	sbuf_adds(b, "</p>");
	evidence(b, f);
	if (localized(get(f, "impact"), lang)) {
		sbuf_addf(b, "<p><b>%s:</b> ", T(lang, "impact"));
		html_escape(b, localized(get(f, "impact"), lang));
		sbuf_adds(b, "</p>");
	}
	sbuf_addf(b, "<p><b>%s:</b> ", T(lang, "advice"));
	esc_or_dash(b, localized(get(f, "advice"), lang));
	sbuf_adds(b, "</p></div>");
}

static void device_findings(struct sbuf *b, const cJSON *rep,
			    const char *name, const char *lang)
{
	const cJSON *f;
	int n = 0;

	sbuf_addf(b, "<h3>%s</h3>", T(lang, "findings"));
	for (int sev = 0; severities[sev]; sev++)
		cJSON_ArrayForEach(f, get(rep, "findings")) {
			const char *dev = gets(f, "device");
			const char *s = gets(f, "severity");

			if (!dev || strcmp(dev, name) != 0 || !s ||
			    strcmp(s, severities[sev]) != 0)
				continue;
			one_finding(b, f, lang);
			n++;
		}
	if (n == 0)
		sbuf_addf(b, "<p>%s</p>", T(lang, "no_findings"));
}

static void device_pages(struct sbuf *b, const cJSON *rep, const char *lang)
{
	const cJSON *d;

	sbuf_addf(b, "<h2>%s</h2>", T(lang, "device_pages"));
	cJSON_ArrayForEach(d, get(rep, "devices")) {
		sbuf_adds(b, "<section class=\"device\" id=\"dev-");
		html_escape(b, gets(d, "name"));
		sbuf_adds(b, "\"><h2>");
		html_escape(b, gets(d, "name"));
		sbuf_adds(b, " ");
		badge(b, lang, gets(d, "health"));
		sbuf_adds(b, "</h2>");
		identity_table(b, d, lang);
		env_tables(b, d, lang);
		device_findings(b, rep, gets(d, "name"), lang);
		sbuf_adds(b, "</section>");
	}
}

static void inventory(struct sbuf *b, const cJSON *rep, const char *lang)
{
	static const char *const cols[] = {"device", "name", "class", "model",
					   "serial", NULL};
	const cJSON *r;

	sbuf_addf(b, "<section class=\"device\"><h2>%s</h2><table>",
		  T(lang, "inventory"));
	th_row(b, lang, cols);
	cJSON_ArrayForEach(r, get(rep, "hardware_inventory")) {
		sbuf_adds(b, "<tr>");
		td(b, gets(r, "device"));
		td(b, gets(r, "name"));
		td(b, gets(r, "class"));
		td(b, gets(r, "model"));
		td(b, gets(r, "serial"));
		sbuf_adds(b, "</tr>");
	}
	sbuf_adds(b, "</table></section>");
}

static void collection_log(struct sbuf *b, const cJSON *rep, const char *lang)
{
	static const char *const cols[] = {"device", "source", "status",
					   "error", NULL};
	const cJSON *d, *s;

	sbuf_addf(b, "<section><h2>%s</h2><table>", T(lang, "collection_log"));
	th_row(b, lang, cols);
	cJSON_ArrayForEach(d, get(rep, "devices"))
		cJSON_ArrayForEach(s, get(d, "sources")) {
			char ms[32] = "";

			if (cJSON_IsNumber(get(s, "elapsed_ms")))
				snprintf(ms, sizeof(ms), " (%.0f ms)",
					 get(s, "elapsed_ms")->valuedouble);
			sbuf_adds(b, "<tr>");
			td(b, gets(d, "name"));
			td(b, s->string);
			sbuf_adds(b, "<td>");
			esc_or_dash(b, gets(s, "status"));
			sbuf_addf(b, "%s</td>", ms);
			td(b, gets(s, "error"));
			sbuf_adds(b, "</tr>");
		}
	sbuf_adds(b, "</table></section>");
}

static void appendix(struct sbuf *b, const cJSON *rep, const char *lang)
{
	static const char *const cols[] = {"rule", "pack", "severity",
					   "category", "name", NULL};
	const cJSON *r;

	sbuf_addf(b, "<section><h2>%s</h2><table>", T(lang, "appendix"));
	th_row(b, lang, cols);
	cJSON_ArrayForEach(r, get(rep, "rules")) {
		sbuf_adds(b, "<tr>");
		td(b, gets(r, "id"));
		td(b, gets(r, "pack"));
		td(b, gets(r, "severity"));
		td(b, gets(r, "category"));
		td(b, localized(get(r, "title"), lang));
		sbuf_adds(b, "</tr>");
	}
	sbuf_adds(b, "</table></section>");
}

int html_render(const cJSON *rep, const char *lang, struct sbuf *b)
{
	sbuf_addf(b, "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
		  "<meta charset=\"utf-8\">"
		  "<meta name=\"viewport\" content=\"width=device-width\">"
		  "<meta http-equiv=\"Content-Security-Policy\" content=\""
		  "default-src 'none'; style-src 'unsafe-inline'; "
		  "img-src data:\">"
		  "<title>%s</title><style>%s</style></head><body>\n",
		  strcmp(lang, "zh-CN") == 0 ? "zh-CN" : "en",
		  T(lang, "title"), css);
	cover(b, rep, lang);
	exec_summary(b, rep, lang);
	device_pages(b, rep, lang);
	inventory(b, rep, lang);
	collection_log(b, rep, lang);
	appendix(b, rep, lang);
	sbuf_adds(b, "</body></html>\n");
	return b->nomem ? -1 : 0;
}
