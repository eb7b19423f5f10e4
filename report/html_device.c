/* html_device.c - one page per device (html_int.h): identity and
 * collection status, findings with evidence and advice, environment
 * readings against their thresholds, software, hardware, interfaces,
 * configuration, alarms and trends. */
#include "config.h"
#include "html_int.h"
#include "model.h"
#include "report_int.h"
#include "sbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double get_or_nan(const cJSON *o, const char *k)
{
	double v;

	return rj_num(o, k, &v) ? v : NAN;
}

static void row_kv(struct page *p, const char *key, const char *val)
{
	if (!val)
		return;
	outf(p, "<tr><td>%s</td><td>", T(p, key));
	esc(p, val);
	out(p, "</td></tr>");
}

static void uptime(struct page *p, const cJSON *id)
{
	double s;

	if (!rj_num(id, "uptime_s", &s))
		return;
	outf(p, "<tr><td>%s</td><td>", T(p, "uptime"));
	say(p, "days_hours", floor(s / 86400), floor(fmod(s, 86400) / 3600), 0);
	out(p, "</td></tr>");
}

static void identity(struct page *p, const cJSON *d)
{
	const cJSON *id = rj_get(d, "identity");

	outf(p, "<div><h3>%s</h3><table class=\"meta\">", T(p, "identity"));
	row_kv(p, "hostname", rj_str(id, "hostname"));
	row_kv(p, "address", rj_str(d, "address"));
	row_kv(p, "vendor", rj_str(id, "vendor"));
	row_kv(p, "model", rj_str(id, "model"));
	row_kv(p, "serial", rj_str(id, "serial"));
	row_kv(p, "os", rj_str(id, "os_family"));
	row_kv(p, "version", rj_str(id, "os_version"));
	row_kv(p, "patch", rj_str(id, "os_patch"));
	uptime(p, id);
	row_kv(p, "location", rj_str(id, "location"));
	if (rj_str(d, "collected_at")) {
		outf(p, "<tr><td>%s</td><td>", T(p, "collected"));
		when(p, rj_str(d, "collected_at"));
		out(p, "</td></tr>");
	}
	row_kv(p, "description", rj_str(id, "description"));
	out(p, "</table></div>");
}

void issue_list(struct page *p, const cJSON *sw)
{
	const cJSON *x;

	if (!cJSON_GetArraySize(rj_get(sw, "issues")))
		return;
	out(p, " <small class=\"note\">(");
	cJSON_ArrayForEach(x, rj_get(sw, "issues")) {
		esc(p, cJSON_GetStringValue(x));
		if (x->next)
			out(p, ", ");
	}
	out(p, ")</small>");
}

static void software_box(struct page *p, const cJSON *sw)
{
	double k;

	if (!sw)
		return;
	outf(p, "<p><b>%s:</b> ", T(p, "software_versions"));
	esc_or_dash(p, rj_str(sw, "running"));
	if (rj_str(sw, "recommended")) {
		outf(p, " &rarr; %s ", T(p, "recommended"));
		esc(p, rj_str(sw, "recommended"));
	}
	out(p, " ");
	badge(p, "sw", rj_str(sw, "status"));
	if (rj_str(sw, "as_of")) {	/* where the verdict comes from */
		outf(p, " <small>(%s ", T(p, "as_of"));
		esc(p, rj_str(sw, "as_of"));
		if (cJSON_IsFalse(rj_get(sw, "verified")))
			outf(p, "; %s", T(p, "table_unverified"));
		out(p, ")</small>");
	}
	if (rj_num(sw, "known_issues", &k) && k > 0) {
		outf(p, " &middot; %s: ", T(p, "known_issues"));
		num(p, sw, "known_issues", 0, "");
		issue_list(p, sw);
	}
	out(p, "</p>");
}

static void status_box(struct page *p, const cJSON *d)
{
	const cJSON *c;
	const char *st = rj_str(d, "status");

	outf(p, "<div><h3>%s</h3><div class=\"status-box\"><p>%s: ",
	     T(p, "collection"), T(p, "collection"));
	badge(p, "src", st);
	outf(p, " &nbsp; %s: ", T(p, "health"));
	badge(p, "health", rj_str(d, "health"));
	out(p, "</p>");
	if (!cJSON_IsTrue(rj_get(d, "reached")))
		outf(p, "<p class=\"bad\">%s</p>", T(p, "dev_not_reached"));
	else if (st && strcmp(st, "ok") != 0)
		outf(p, "<p>%s</p>", T(p, "dev_partial"));
	if (rj_str(d, "status_reason")) {
		out(p, "<p class=\"pre\">");
		esc(p, rj_str(d, "status_reason"));
		out(p, "</p>");
	}
	out(p, "<ul>");
	cJSON_ArrayForEach(c, rj_get(d, "collection")) {
		out(p, "<li>");
		word(p, "collector", rj_str(c, "collector"));
		out(p, ": ");
		word(p, "src", rj_str(c, "status"));
		if (rj_get(c, "elapsed_ms")) {
			out(p, " (");
			num(p, c, "elapsed_ms", 0, " ms)");
		}
		out(p, "</li>");
	}
	out(p, "</ul>");
	software_box(p, rj_get(d, "software"));
	out(p, "</div></div>");
}

/* ---- findings ------------------------------------------------------------ */

static void evidence(struct page *p, const cJSON *f)
{
	const cJSON *e;

	if (!cJSON_GetArraySize(rj_get(f, "evidence")))
		return;
	outf(p, "<dt>%s</dt><dd><ul>", T(p, "evidence"));
	cJSON_ArrayForEach(e, rj_get(f, "evidence")) {
		const cJSON *v = rj_get(e, "value");
		char *text = NULL;

		if (!rj_str(e, "path") && rj_get(e, "omitted")) {
			out(p, "<li>&hellip; ");
			say(p, "omitted", rj_get(e, "omitted")->valuedouble, 0, 0);
			out(p, "</li>");
			continue;
		}
		out(p, "<li><code>");
		esc_or_dash(p, rj_str(e, "path"));
		out(p, "</code>");
		if (cJSON_IsTrue(rj_get(e, "absent")))
			outf(p, " <i>(%s)</i>", T(p, "absent_fact"));
		if (v) {
			text = cJSON_IsString(v) ? NULL : cJSON_PrintUnformatted(v);
			if (!text && !cJSON_IsString(v)) {
				p->b->nomem = true;	/* the value lost */
				break;
			}
			out(p, " = <code class=\"pre\">");
			esc(p, text ? text : v->valuestring);
			out(p, "</code>");
		}
		if (rj_str(e, "source")) {
			out(p, " <small class=\"note\">(");
			esc(p, rj_str(e, "source"));
			out(p, ")</small>");
		}
		out(p, "</li>");
		cJSON_free(text);
	}
	out(p, "</ul></dd>");
}

static void text_row(struct page *p, const char *key, const cJSON *f,
		     const char *field)
{
	const char *s = rj_text_in(rj_get(f, field), p->lang);

	if (!s)
		return;
	outf(p, "<dt>%s</dt><dd class=\"pre\">", T(p, key));
	esc(p, s);
	out(p, "</dd>");
}

static void waiver(struct page *p, const cJSON *f)
{
	const cJSON *w = rj_get(f, "waiver");

	outf(p, "<dt>%s</dt><dd>", T(p, "waived_note"));
	esc_or_dash(p, rj_str(w, "reason"));
	if (rj_str(w, "by")) {
		outf(p, " &mdash; %s: ", T(p, "waived_by"));
		esc(p, rj_str(w, "by"));
	}
	if (rj_str(w, "expires")) {
		outf(p, " &middot; %s: ", T(p, "expires"));
		esc(p, rj_str(w, "expires"));
	}
	out(p, "</dd>");
}

static void waiver_expired(struct page *p, const cJSON *w)
{
	outf(p, "<dt>%s</dt><dd>", T(p, "waiver_expired"));
	esc_or_dash(p, rj_str(w, "reason"));
	if (rj_str(w, "expires")) {
		outf(p, " &middot; %s: ", T(p, "expires"));
		esc(p, rj_str(w, "expires"));
	}
	out(p, "</dd>");
}

static void references(struct page *p, const cJSON *f)
{
	const cJSON *r;

	if (!cJSON_GetArraySize(rj_get(f, "references")))
		return;
	outf(p, "<dt>%s</dt><dd>", T(p, "references"));
	cJSON_ArrayForEach(r, rj_get(f, "references")) {
		/* shown as text, never as a link: a reference is not trusted
		 * enough to be followed with one click */
		esc(p, cJSON_GetStringValue(r));
		if (r->next)
			out(p, "; ");
	}
	out(p, "</dd>");
}

void finding_block(struct page *p, const cJSON *f, bool show_device)
{
	const char *sev = rj_str(f, "severity"), *state = rj_str(f, "state");
	bool waived = state && strcmp(state, "waived") == 0;
	const char *ch = rj_str(f, "change");

	outf(p, "<div class=\"finding f-%s%s\"><div>",
	     word_known("sev", sev) ? sev : "info", waived ? " f-waived" : "");
	badge(p, "sev", sev);
	if (waived) {
		out(p, " ");
		badge(p, "state", "waived");
	}
	if (ch && (strcmp(ch, "new") == 0)) {
		out(p, " ");
		badge(p, "change", ch);
	}
	out(p, " <span class=\"ft\">");
	esc_or_dash(p, rj_text_in(rj_get(f, "title"), p->lang));
	out(p, "</span> <span class=\"rule\">[");
	esc(p, rj_str(f, "rule"));
	out(p, " &middot; ");
	word(p, "cat", rj_str(f, "category"));
	out(p, "]</span></div><dl>");
	if (show_device) {
		outf(p, "<dt>%s</dt><dd>", T(p, "device"));
		dev_link(p, rj_str(f, "device"));
		out(p, "</dd>");
	}
	if (rj_str(f, "object")) {
		outf(p, "<dt>%s</dt><dd>", T(p, "object"));
		esc(p, rj_str(f, "object"));
		out(p, "</dd>");
	}
	text_row(p, "what", f, "message");
	evidence(p, f);
	text_row(p, "impact", f, "impact");
	text_row(p, "advice", f, "advice");
	references(p, f);
	if (waived)
		waiver(p, f);
	else if (rj_get(f, "waiver_expired"))
		waiver_expired(p, rj_get(f, "waiver_expired"));
	out(p, "</dl></div>");
}

static void findings(struct page *p, const char *name)
{
	size_t n;
	const struct dev_entry *v = index_find(&p->findings, name, &n);

	outf(p, "<h3>%s</h3>", T(p, "findings"));
	if (n == 0)
		outf(p, "<p>%s</p>", T(p, "no_findings"));
	/* open ones first (the list is sorted by severity already) */
	for (int waived = 0; waived < 2; waived++)
		for (size_t i = 0; i < n; i++)
			if ((strcmp(rj_str(v[i].item, "state"), "waived") == 0) ==
			    waived)
				finding_block(p, v[i].item, false);
}

/* ---- environment ------------------------------------------------------------ */

static void temps(struct page *p, const cJSON *env)
{
	static const char *const cols[] = {"name", "reading", "warning_thr",
					   "critical_thr", "margin", "against",
					   "status", NULL};
	const cJSON *t;

	if (!cJSON_GetArraySize(rj_get(env, "temperatures")))
		return;
	outf(p, "<table><caption>%s</caption>", T(p, "temperatures"));
	th_row(p, cols);
	cJSON_ArrayForEach(t, rj_get(env, "temperatures")) {
		double c = get_or_nan(t, "celsius"), hi = get_or_nan(t, "high");
		double cr = get_or_nan(t, "critical");
		double top = fmax(fmax(isfinite(cr) ? cr : 0, isfinite(hi) ? hi : 0),
				  isfinite(c) ? c : 0) * 1.15;

		out(p, "<tr>");
		td(p, rj_str(t, "name"));
		out(p, "<td class=\"n\">");
		num(p, t, "celsius", 1, " &deg;C");
		out(p, "</td><td class=\"n\">");
		num(p, t, "high", 1, " &deg;C");
		out(p, "</td><td class=\"n\">");
		num(p, t, "critical", 1, " &deg;C");
		out(p, "</td><td class=\"n\">");
		numv(p, isfinite(hi) ? hi - c : cr - c, 1, " &deg;C");
		out(p, "</td><td class=\"nw\">");
		gauge(p, c, top > 0 ? top : 100, hi, cr, rj_str(t, "level"));
		if (rj_str(t, "level"))
			badge(p, "level", rj_str(t, "level"));
		out(p, "</td><td>");
		if (rj_str(t, "status"))
			badge(p, "comp", rj_str(t, "status"));
		out(p, "</td></tr>");
	}
	out(p, "</table>");
}

static void fans(struct page *p, const cJSON *env)
{
	static const char *const cols[] = {"name", "status", "speed", NULL};
	const cJSON *f;

	if (!cJSON_GetArraySize(rj_get(env, "fans")))
		return;
	outf(p, "<table><caption>%s</caption>", T(p, "fans"));
	th_row(p, cols);
	cJSON_ArrayForEach(f, rj_get(env, "fans")) {
		out(p, "<tr>");
		td(p, rj_str(f, "name"));
		out(p, "<td>");
		badge(p, "comp", rj_str(f, "status"));
		out(p, "</td><td class=\"n\">");
		if (rj_get(f, "rpm"))
			num(p, f, "rpm", 0, " rpm");
		else
			num(p, f, "speed_pct", 0, " %");
		out(p, "</td></tr>");
	}
	out(p, "</table>");
}

static void psus(struct page *p, const cJSON *env)
{
	static const char *const cols[] = {"name", "status", "model", "serial",
					   "power", "capacity", "input", NULL};
	const cJSON *f;

	if (!cJSON_GetArraySize(rj_get(env, "power_supplies")))
		return;
	outf(p, "<table><caption>%s</caption>", T(p, "psus"));
	th_row(p, cols);
	cJSON_ArrayForEach(f, rj_get(env, "power_supplies")) {
		out(p, "<tr>");
		td(p, rj_str(f, "name"));
		out(p, "<td>");
		badge(p, "comp", rj_str(f, "status"));
		out(p, "</td>");
		td(p, rj_str(f, "model"));
		td(p, rj_str(f, "serial"));
		out(p, "<td class=\"n\">");
		num(p, f, "watts", 0, " W");
		out(p, "</td><td class=\"n\">");
		num(p, f, "capacity_watts", 0, " W");
		out(p, "</td><td class=\"n\">");
		num(p, f, "input_volts", 0, " V");
		out(p, "</td></tr>");
	}
	out(p, "</table>");
}

static void voltages(struct page *p, const cJSON *env)
{
	static const char *const cols[] = {"name", "reading", "low_thr",
					   "high_thr", "status", NULL};
	const cJSON *v;

	if (!cJSON_GetArraySize(rj_get(env, "voltages")))
		return;
	outf(p, "<table><caption>%s</caption>", T(p, "voltages"));
	th_row(p, cols);
	cJSON_ArrayForEach(v, rj_get(env, "voltages")) {
		out(p, "<tr>");
		td(p, rj_str(v, "name"));
		out(p, "<td class=\"n\">");
		num(p, v, "volts", 2, " V");
		out(p, "</td><td class=\"n\">");
		num(p, v, "low", 2, " V");
		out(p, "</td><td class=\"n\">");
		num(p, v, "high", 2, " V");
		out(p, "</td><td>");
		if (rj_str(v, "status"))
			badge(p, "comp", rj_str(v, "status"));
		out(p, "</td></tr>");
	}
	out(p, "</table>");
}

static const cJSON *trend_of(struct page *p, const char *dev,
			     const char *metric)
{
	size_t n;
	const struct dev_entry *v = index_find(&p->trends, dev, &n);

	for (size_t i = 0; i < n; i++)
		if (strcmp(rj_str(v[i].item, "metric"), metric) == 0)
			return v[i].item;
	return NULL;
}

static void load_row(struct page *p, const char *dev, const char *key,
		     const cJSON *o, const char *field, const char *metric)
{
	double v;
	const cJSON *t = trend_of(p, dev, metric);

	if (!rj_num(o, field, &v))
		return;
	outf(p, "<tr><td>%s</td><td class=\"nw\">", T(p, key));
	gauge(p, v, 100, NAN, NAN, v >= 90 ? "critical" : v >= 75 ? "warning"
							     : "ok");
	numv(p, v, 1, " %");
	out(p, "</td><td>");
	if (t)
		svg_sparkline(p, rj_get(t, "points"), " %");
	out(p, "</td></tr>");
}

static void loads(struct page *p, const cJSON *d, const cJSON *env)
{
	const cJSON *t = trend_of(p, rj_str(d, "name"), "temperature_max_c");
	static const char *const cols[] = {"metric", "load", "trend_dev", NULL};

	if (!rj_get(env, "cpu") && !rj_get(env, "memory") && !t)
		return;
	out(p, "<table>");
	th_row(p, cols);
	load_row(p, rj_str(d, "name"), "cpu", rj_get(env, "cpu"), "load_pct",
		 "cpu_load_pct");
	load_row(p, rj_str(d, "name"), "memory", rj_get(env, "memory"),
		 "used_pct", "memory_used_pct");
	if (t) {
		outf(p, "<tr><td>%s</td><td>", T(p, "metric.temperature_max_c"));
		num(p, t, "current", 1, " &deg;C");
		out(p, "</td><td>");
		svg_sparkline(p, rj_get(t, "points"), " \xc2\xb0""C");
		out(p, "</td></tr>");
	}
	out(p, "</table>");
}

static void environment(struct page *p, const cJSON *d)
{
	const cJSON *env = rj_get(d, "environment");

	if (!env)
		return;
	outf(p, "<h3>%s</h3>", T(p, "environment"));
	temps(p, env);
	fans(p, env);
	psus(p, env);
	voltages(p, env);
	loads(p, d, env);
}

/* ---- hardware ---------------------------------------------------------------- */

static void modules(struct page *p, const cJSON *hw)
{
	static const char *const cols[] = {"name", "kind", "model", "serial",
					   "hw_rev", "fw_rev", "status", "role",
					   NULL};
	const cJSON *m;

	if (!cJSON_GetArraySize(rj_get(hw, "modules")))
		return;
	outf(p, "<table><caption>%s</caption>", T(p, "modules"));
	th_row(p, cols);
	cJSON_ArrayForEach(m, rj_get(hw, "modules")) {
		out(p, "<tr>");
		td(p, rj_str(m, "name"));
		out(p, "<td>");
		word(p, "kind", rj_str(m, "class"));
		out(p, "</td>");
		td(p, rj_str(m, "model"));
		td(p, rj_str(m, "serial"));
		td(p, rj_str(m, "hw_rev"));
		td(p, rj_str(m, "fw_rev"));
		out(p, "<td>");
		if (rj_str(m, "status"))
			badge(p, "comp", rj_str(m, "status"));
		out(p, "</td><td>");
		word(p, "role", rj_str(m, "role"));
		out(p, "</td></tr>");
	}
	out(p, "</table>");
}

/* A DOM value (number or per-lane list), red when past an alarm
 * threshold, amber past a warning one. */
static void dom(struct page *p, const cJSON *t, const char *key,
		const char *unit)
{
	const cJSON *v = rj_get(t, key), *x;
	char k[64];
	double ha, la, hw, lw;
	const char *cls = NULL;

	snprintf(k, sizeof(k), "%s_high_alarm", key);
	ha = get_or_nan(t, k);
	snprintf(k, sizeof(k), "%s_low_alarm", key);
	la = get_or_nan(t, k);
	snprintf(k, sizeof(k), "%s_high_warn", key);
	hw = get_or_nan(t, k);
	snprintf(k, sizeof(k), "%s_low_warn", key);
	lw = get_or_nan(t, k);
	if (cJSON_IsArray(v))
		cJSON_ArrayForEach(x, v)
			if (cJSON_IsNumber(x) && (x->valuedouble >= ha ||
						  x->valuedouble <= la))
				cls = "bad";
	if (cJSON_IsNumber(v) && (v->valuedouble >= ha || v->valuedouble <= la))
		/* NOLINTNEXTLINE(bugprone-branch-clone): a warning marks it too */
		cls = "bad";
	else if (cJSON_IsNumber(v) && !cls &&
		 (v->valuedouble >= hw || v->valuedouble <= lw))
		cls = "bad";
	outf(p, "<td class=\"n%s\">", cls ? " bad" : "");
	if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(x, v) {
			numv(p, x->valuedouble, 2, "");
			if (x->next)
				out(p, " / ");
		}
		out(p, unit);
	} else {
		num(p, t, key, 2, unit);
	}
	out(p, "</td>");
}

static void transceivers(struct page *p, const cJSON *hw)
{
	static const char *const cols[] = {"port", "type", "vendor", "model",
					   "serial", "temp", "tx", "rx", NULL};
	const cJSON *t;

	if (!cJSON_GetArraySize(rj_get(hw, "transceivers")))
		return;
	outf(p, "<table><caption>%s</caption>", T(p, "transceivers"));
	th_row(p, cols);
	cJSON_ArrayForEach(t, rj_get(hw, "transceivers")) {
		out(p, "<tr>");
		td(p, rj_str(t, "port"));
		td(p, rj_str(t, "type"));
		td(p, rj_str(t, "vendor"));
		td(p, rj_str(t, "part"));
		td(p, rj_str(t, "serial"));
		dom(p, t, "temp_c", " &deg;C");
		dom(p, t, "tx_dbm", " dBm");
		dom(p, t, "rx_dbm", " dBm");
		out(p, "</tr>");
	}
	out(p, "</table>");
}

static void storage(struct page *p, const cJSON *hw)
{
	static const char *const cols[] = {"name", "size", "used", NULL};
	const cJSON *s;

	if (!cJSON_GetArraySize(rj_get(hw, "storage")))
		return;
	outf(p, "<table><caption>%s</caption>", T(p, "storage"));
	th_row(p, cols);
	cJSON_ArrayForEach(s, rj_get(hw, "storage")) {
		double u;

		out(p, "<tr>");
		td(p, rj_str(s, "name"));
		out(p, "<td class=\"n\">");
		if (rj_num(s, "total_bytes", &u))
			numv(p, u / 1048576.0, 1, " MiB");
		else
			out(p, "&mdash;");
		out(p, "</td><td class=\"nw\">");
		if (rj_num(s, "used_pct", &u)) {
			gauge(p, u, 100, 80, 95, u >= 95 ? "critical"
					       : u >= 80 ? "warning" : "ok");
			numv(p, u, 1, " %");
		} else {
			out(p, "&mdash;");
		}
		out(p, "</td></tr>");
	}
	out(p, "</table>");
}

static void stack(struct page *p, const cJSON *hw)
{
	static const char *const cols[] = {"member", "role", "model", "serial",
					   "status", NULL};
	const cJSON *m;

	if (!cJSON_GetArraySize(rj_get(hw, "stack_members")))
		return;
	outf(p, "<table><caption>%s</caption>", T(p, "stack"));
	th_row(p, cols);
	cJSON_ArrayForEach(m, rj_get(hw, "stack_members")) {
		out(p, "<tr>");
		td(p, rj_str(m, "id"));
		out(p, "<td>");
		word(p, "role", rj_str(m, "role"));
		out(p, "</td>");
		td(p, rj_str(m, "model"));
		td(p, rj_str(m, "serial"));
		out(p, "<td>");
		if (rj_str(m, "status"))
			badge(p, "comp", rj_str(m, "status"));
		out(p, "</td></tr>");
	}
	out(p, "</table>");
}

static void hardware(struct page *p, const cJSON *d)
{
	const cJSON *hw = rj_get(d, "hardware");

	if (!cJSON_GetArraySize(rj_get(hw, "modules")) &&
	    !cJSON_GetArraySize(rj_get(hw, "transceivers")) &&
	    !cJSON_GetArraySize(rj_get(hw, "storage")) &&
	    !cJSON_GetArraySize(rj_get(hw, "stack_members")))
		return;
	outf(p, "<h3>%s</h3>", T(p, "hardware"));
	modules(p, hw);
	stack(p, hw);
	transceivers(p, hw);
	storage(p, hw);
}

/* ---- interfaces, configuration, alarms, logs ----------------------------------- */

static void figure(struct page *p, const char *key, const cJSON *o,
		   const char *field, bool bad_if_positive)
{
	double v;

	if (!rj_num(o, field, &v))
		return;
	outf(p, "<tr><td>%s</td><td class=\"n%s\">", T(p, key),
	     bad_if_positive && v > 0 ? " bad" : "");
	numv(p, v, 0, "");
	out(p, "</td></tr>");
}

static void flag(struct page *p, const char *key, const cJSON *o,
		 const char *field, bool bad_value)
{
	const cJSON *b = rj_get(o, field);

	if (!cJSON_IsBool(b))
		return;
	outf(p, "<tr><td>%s</td><td%s>%s</td></tr>", T(p, key),
	     cJSON_IsTrue(b) == bad_value ? " class=\"bad\"" : "",
	     T(p, cJSON_IsTrue(b) ? "yes" : "no"));
}

static void interfaces_config(struct page *p, const cJSON *d)
{
	const cJSON *s = rj_get(d, "summary"), *c = rj_get(d, "config"), *v;

	if (!rj_get(s, "interfaces") && !c)
		return;
	out(p, "<div class=\"cols\">");
	if (rj_get(s, "interfaces")) {
		outf(p, "<div><h3>%s</h3><table class=\"meta\">",
		     T(p, "interfaces"));
		figure(p, "if_total", s, "interfaces", false);
		figure(p, "if_up", s, "interfaces_up", false);
		figure(p, "if_down", s, "interfaces_down", false);
		figure(p, "if_errors", s, "interfaces_with_errors", true);
		figure(p, "if_errdis", s, "interfaces_err_disabled", true);
		out(p, "</table></div>");
	}
	if (c) {
		outf(p, "<div><h3>%s</h3><table class=\"meta\">", T(p, "config"));
		flag(p, "cfg_saved", c, "saved", false);
		flag(p, "cfg_ntp", c, "ntp_synchronized", false);
		figure(p, "cfg_ntp_servers", c, "ntp_servers", false);
		figure(p, "cfg_syslog", c, "syslog_servers", false);
		flag(p, "cfg_aaa", c, "aaa", false);
		flag(p, "cfg_ssh", c, "ssh_enabled", false);
		flag(p, "cfg_telnet", c, "telnet_enabled", true);
		flag(p, "cfg_http", c, "http_enabled", true);
		if (cJSON_GetArraySize(rj_get(c, "snmp_versions"))) {
			outf(p, "<tr><td>%s</td><td>", T(p, "cfg_snmp"));
			cJSON_ArrayForEach(v, rj_get(c, "snmp_versions")) {
				esc(p, cJSON_GetStringValue(v));
				if (v->next)
					out(p, ", ");
			}
			out(p, "</td></tr>");
		}
		out(p, "</table></div>");
	}
	out(p, "</div>");
}

static void alarms(struct page *p, const cJSON *d)
{
	static const char *const cols[] = {"severity", "time", "object", "text",
					   NULL};
	static const char *const logsev[] = {
		"emergency", "alert", "critical", "error", "warning", "notice",
		"informational", "debug", NULL,
	};
	const cJSON *a, *lc = rj_get(d, "log_counts");
	char key[40];

	if (cJSON_GetArraySize(rj_get(d, "alarms"))) {
		outf(p, "<table><caption>%s</caption>", T(p, "alarms"));
		th_row(p, cols);
		cJSON_ArrayForEach(a, rj_get(d, "alarms")) {
			out(p, "<tr><td>");
			word(p, "alarm", rj_str(a, "severity"));
			out(p, "</td>");
			td(p, rj_str(a, "time"));
			td(p, rj_str(a, "object"));
			td(p, rj_str(a, "text"));
			out(p, "</tr>");
		}
		out(p, "</table>");
	}
	if (!lc || !lc->child)
		return;
	outf(p, "<table><caption>%s</caption><tr>", T(p, "logs"));
	for (int i = 0; logsev[i]; i++)
		if (rj_get(lc, logsev[i])) {
			snprintf(key, sizeof(key), "logsev.%s", logsev[i]);
			outf(p, "<th>%s</th>", T(p, key));
		}
	out(p, "</tr><tr>");
	for (int i = 0; logsev[i]; i++)
		if (rj_get(lc, logsev[i])) {
			out(p, "<td class=\"n\">");
			num(p, lc, logsev[i], 0, "");
			out(p, "</td>");
		}
	out(p, "</tr></table>");
}

/* The object, or the objects an entry stands for ("Gi1/0/1, Gi1/0/2 ...
 * (48)"). */
void ne_objects(struct page *p, const cJSON *x)
{
	const cJSON *o;
	int shown = 0;

	out(p, "<td>");
	if (!cJSON_GetArraySize(rj_get(x, "objects"))) {
		esc_or_dash(p, rj_str(x, "object"));
	} else {
		cJSON_ArrayForEach(o, rj_get(x, "objects")) {
			if (shown++ == 8) {
				out(p, " &hellip;");
				break;
			}
			esc(p, cJSON_GetStringValue(o));
			if (o->next)
				out(p, ", ");
		}
	}
	if (rj_get(x, "count")) {
		out(p, " (");
		num(p, x, "count", 0, ")");
	}
	out(p, "</td>");
}

/* Compact: one line per check (the appendix has the full table). */
static void not_evaluated(struct page *p, const char *name)
{
	size_t n;
	const struct dev_entry *v = index_find(&p->not_eval, name, &n);

	if (!n)
		return;
	outf(p, "<h4>%s (%zu)</h4><p class=\"note\">", T(p, "not_evaluated_dev"),
	     n);
	for (size_t i = 0; i < n; i++) {
		cJSON *own;
		const cJSON *x = report_spool_get(v[i].item, &own), *m;

		if (!x) {
			p->b->nomem = true;
			return;
		}
		out(p, "<code>");
		esc(p, rj_str(x, "rule"));
		out(p, "</code>");
		if (rj_str(x, "object")) {
			out(p, " ");
			esc(p, rj_str(x, "object"));
		}
		if (cJSON_GetArraySize(rj_get(x, "missing"))) {
			out(p, " (");
			cJSON_ArrayForEach(m, rj_get(x, "missing")) {
				esc(p, cJSON_GetStringValue(m));
				if (m->next)
					out(p, ", ");
			}
			out(p, ")");
		} else if (rj_str(x, "reason")) {
			out(p, " (");
			esc(p, rj_str(x, "reason"));
			out(p, ")");
		}
		out(p, i + 1 < n ? "; " : "");
		cJSON_Delete(own);
	}
	out(p, "</p>");
}

/* ---- the page of one device ------------------------------------------------------- */

static void device_page(struct page *p, const cJSON *d, size_t pos)
{
	const cJSON *id = rj_get(d, "identity");
	const char *name = rj_str(d, "name");

	outf(p, "<section class=\"device%s\" id=\"dev-%zu\"><h2>",
	     pos ? "" : " first", pos);
	esc(p, name);
	out(p, " ");
	badge(p, "health", rj_str(d, "health"));
	out(p, "</h2><p class=\"devsub\">");
	esc_or_dash(p, rj_str(id, "vendor"));
	out(p, " &middot; ");
	esc_or_dash(p, rj_str(id, "model"));
	out(p, " &middot; ");
	esc_or_dash(p, rj_str(d, "address"));
	outf(p, " <a class=\"top\" href=\"#index\">&uarr; %s</a></p>",
	     T(p, "back_to_index"));
	out(p, "<div class=\"cols\">");
	identity(p, d);
	status_box(p, d);
	out(p, "</div>");
	findings(p, name);
	environment(p, d);
	hardware(p, d);
	interfaces_config(p, d);
	alarms(p, d);
	not_evaluated(p, name);
	out(p, "</section>\n");
}

void device_pages(struct page *p)
{
	const cJSON *d;
	size_t pos = 0;

	/* the first device shares the page of the section's title */
	outf(p, "<section id=\"devices\" class=\"major\"><h2>%s</h2>",
	     T(p, "device_pages"));
	cJSON_ArrayForEach(d, rj_get(p->rep, "devices")) {
		cJSON *own;
		/* the whole device, read back from the spool (spool.c) */
		const cJSON *full = report_spool_get(d, &own);

		if (!full) {
			p->b->nomem = true;
			break;
		}
		device_page(p, full, pos++);
		cJSON_Delete(own);
	}
	out(p, "</section>");
}
