/* html_tables.c - the report-wide tables (html_int.h): comparison with
 * the previous inspection, software compliance, hardware inventory,
 * collection log and the appendix. */
#include "config.h"
#include "html_int.h"
#include "model.h"
#include "report_int.h"
#include "sbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRENDS_SHOWN 30	/* the largest changes, in the comparison */

/* ---- comparison ------------------------------------------------------------- */

static void change_table(struct page *p, const cJSON *list,
			 const char *change, const char *title_key)
{
	static const char *const cols[] = {"severity", "device", "category",
					   "title_col", "object", NULL};
	const cJSON *f;
	int n = 0;

	cJSON_ArrayForEach(f, list) {
		if (strcmp(rj_str(f, "change"), change) != 0)
			continue;
		if (n++ == 0) {
			outf(p, "<h3>%s</h3><table>", T(p, title_key));
			th_row(p, cols);
		}
		out(p, "<tr><td>");
		badge(p, "sev", rj_str(f, "severity"));
		if (rj_str(f, "previous_severity")) {
			outf(p, " <small class=\"note\">%s ", T(p, "was"));
			word(p, "sev", rj_str(f, "previous_severity"));
			out(p, "</small>");
		}
		out(p, "</td><td>");
		dev_link(p, rj_str(f, "device"));
		out(p, "</td><td>");
		word(p, "cat", rj_str(f, "category"));
		out(p, "</td><td>");
		esc_or_dash(p, rj_text_in(rj_get(f, "title"), p->lang));
		out(p, " <span class=\"note\">[");
		esc(p, rj_str(f, "rule"));
		out(p, "]</span></td>");
		td(p, rj_str(f, "object"));
		out(p, "</tr>");
	}
	if (n)
		out(p, "</table>");
	else if (strcmp(change, "unverified") != 0)
		outf(p, "<h3>%s</h3><p>%s</p>", T(p, title_key), T(p, "none"));
}

static void versions(struct page *p, const cJSON *cmp)
{
	static const char *const cols[] = {"device", "from", "to", NULL};
	const cJSON *v;

	outf(p, "<h3>%s</h3>", T(p, "version_changes"));
	if (!cJSON_GetArraySize(rj_get(cmp, "versions"))) {
		outf(p, "<p>%s</p>", T(p, "none"));
		return;
	}
	out(p, "<table>");
	th_row(p, cols);
	cJSON_ArrayForEach(v, rj_get(cmp, "versions")) {
		out(p, "<tr><td>");
		dev_link(p, rj_str(v, "device"));
		out(p, "</td><td>");
		esc(p, rj_str(v, "from"));
		if (rj_str(v, "from_patch")) {
			out(p, " ");
			esc(p, rj_str(v, "from_patch"));
		}
		out(p, "</td><td><b>");
		esc(p, rj_str(v, "to"));
		if (rj_str(v, "to_patch")) {
			out(p, " ");
			esc(p, rj_str(v, "to_patch"));
		}
		out(p, "</b></td></tr>");
	}
	out(p, "</table>");
}

static void name_list(struct page *p, const cJSON *list, const char *key)
{
	const cJSON *x;

	if (!cJSON_GetArraySize(list))
		return;
	outf(p, "<h3>%s</h3><p>", T(p, key));
	cJSON_ArrayForEach(x, list) {
		dev_link(p, cJSON_GetStringValue(x));
		if (x->next)
			out(p, ", ");
	}
	out(p, "</p>");
}

static void parts(struct page *p, const cJSON *list, const char *key)
{
	static const char *const cols[] = {"device", "kind", "name", "model",
					   "serial", NULL};
	const cJSON *x;

	if (!cJSON_GetArraySize(list))
		return;
	outf(p, "<h3>%s</h3><table>", T(p, key));
	th_row(p, cols);
	cJSON_ArrayForEach(x, list) {
		out(p, "<tr><td>");
		dev_link(p, rj_str(x, "device"));
		out(p, "</td><td>");
		word(p, "kind", rj_str(x, "kind"));
		out(p, "</td>");
		td(p, rj_str(x, "name"));
		td(p, rj_str(x, "model"));
		td(p, rj_str(x, "serial"));
		out(p, "</tr>");
	}
	out(p, "</table>");
}

static void pair_table(struct page *p, const cJSON *list, const char *key,
		       const char *prefix)
{
	static const char *const cols[] = {"device", "from", "to", NULL};
	const cJSON *x;

	if (!cJSON_GetArraySize(list))
		return;
	outf(p, "<h3>%s</h3><table>", T(p, key));
	th_row(p, cols);
	cJSON_ArrayForEach(x, list) {
		out(p, "<tr><td>");
		dev_link(p, rj_str(x, "device"));
		if (rj_str(x, "field")) {
			out(p, " <small class=\"note\">");
			word(p, "field", rj_str(x, "field"));
			out(p, "</small>");
		}
		out(p, "</td><td>");
		if (prefix)
			word(p, prefix, rj_str(x, "from"));
		else
			esc(p, rj_str(x, "from"));
		out(p, "</td><td>");
		if (prefix)
			word(p, prefix, rj_str(x, "to"));
		else
			esc(p, rj_str(x, "to"));
		out(p, "</td></tr>");
	}
	out(p, "</table>");
}

static int cmp_delta(const void *a, const void *b)
{
	double x = 0, y = 0;

	rj_num(*(const cJSON *const *)a, "delta", &x);
	rj_num(*(const cJSON *const *)b, "delta", &y);
	return fabs(y) > fabs(x) ? 1 : fabs(y) < fabs(x) ? -1 : 0;
}

static const char *unit_of(const char *metric)
{
	return strcmp(metric, "temperature_max_c") == 0 ? " &deg;C" : " %";
}

static void trends(struct page *p, const cJSON *list)
{
	static const char *const cols[] = {"device", "metric", "previous_value",
					   "current_value", "delta", "history",
					   NULL};
	int n = cJSON_GetArraySize(list), k = 0;
	const cJSON **v = calloc((size_t)n + 1, sizeof(*v)), *t;

	if (!v || !n) {
		if (!v)
			p->b->nomem = true;	/* the trends left out */
		free(v);
		return;
	}
	cJSON_ArrayForEach(t, list)
		v[k++] = t;
	qsort(v, (size_t)n, sizeof(*v), cmp_delta);
	outf(p, "<h3>%s</h3><p class=\"note\">%s</p><table>", T(p, "trends"),
	     T(p, "trends_note"));
	th_row(p, cols);
	for (int i = 0; i < n && i < TRENDS_SHOWN; i++) {
		const char *m = rj_str(v[i], "metric");
		double d = 0;

		rj_num(v[i], "delta", &d);
		out(p, "<tr><td>");
		dev_link(p, rj_str(v[i], "device"));
		out(p, "</td><td>");
		word(p, "metric", m);
		out(p, "</td><td class=\"n\">");
		num(p, v[i], "previous", 1, unit_of(m));
		out(p, "</td><td class=\"n\">");
		num(p, v[i], "current", 1, unit_of(m));
		outf(p, "</td><td class=\"n\">%s", d > 0 ? "+" : "");
		numv(p, d, 1, unit_of(m));
		out(p, "</td><td>");
		svg_sparkline(p, rj_get(v[i], "points"),
			      strcmp(m, "temperature_max_c") == 0 ? " \xc2\xb0""C"
								   : " %");
		out(p, "</td></tr>");
	}
	out(p, "</table>");
	free(v);
}

static void previous_box(struct page *p, const cJSON *prev)
{
	out(p, "<table class=\"meta\">");
	outf(p, "<tr><td>%s</td><td>", T(p, "previous"));
	esc_or_dash(p, rj_str(prev, "period"));
	out(p, " &middot; ");
	when(p, rj_str(prev, "started_at") ? rj_str(prev, "started_at")
					   : rj_str(prev, "generated_at"));
	outf(p, "</td></tr><tr><td>%s</td><td><code>", T(p, "prev_file"));
	esc_or_dash(p, rj_str(prev, "file"));
	out(p, "</code></td></tr></table>");
}

void comparison_section(struct page *p)
{
	const cJSON *cmp = rj_get(p->rep, "comparison"), *c;
	static const char *const changes[] = {"new", "resolved", "unverified",
					      "persisting", NULL};
	static const char *const tcls[] = {"critical", "ok", "nr", "major"};
	char key[32];

	section_open(p, "changes", "changes", "major");
	if (!cmp) {
		outf(p, "<p>%s</p></section>", T(p, "no_previous"));
		return;
	}
	previous_box(p, rj_get(cmp, "previous"));
	c = rj_get(cmp, "counts");
	out(p, "<div class=\"tiles\">");
	for (int i = 0; changes[i]; i++) {
		snprintf(key, sizeof(key), "change.%s", changes[i]);
		outf(p, "<div class=\"tile t-%s\"><b>", tcls[i]);
		num(p, c, changes[i], 0, "");
		outf(p, "</b>%s</div>", T(p, key));
	}
	out(p, "</div>");
	change_table(p, rj_get(cmp, "findings"), "new", "new_findings");
	change_table(p, rj_get(cmp, "findings"), "resolved",
		     "resolved_findings");
	change_table(p, rj_get(cmp, "findings"), "unverified",
		     "unverified_findings");
	versions(p, cmp);
	pair_table(p, rj_get(cmp, "identity_changes"), "identity_changes",
		   NULL);
	parts(p, rj_get(cmp, "parts_added"), "parts_added");
	parts(p, rj_get(cmp, "parts_removed"), "parts_removed");
	name_list(p, rj_get(cmp, "devices_added"), "devices_added");
	name_list(p, rj_get(cmp, "devices_gone"), "devices_gone");
	pair_table(p, rj_get(cmp, "status_changes"), "status_changes", "src");
	trends(p, rj_get(cmp, "trends"));
	change_table(p, rj_get(cmp, "findings"), "persisting",
		     "persisting_findings");
	out(p, "</section>");
}

/* ---- software compliance ------------------------------------------------------ */

static int cmp_sw(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	const char *keys[] = {"vendor", "model"};

	for (int i = 0; i < 2; i++) {
		const char *s = rj_str(rj_get(x, "identity"), keys[i]);
		const char *t = rj_str(rj_get(y, "identity"), keys[i]);
		int d = strcmp(s ? s : "\x7f", t ? t : "\x7f");

		if (d)
			return d;
	}
	return strcmp(rj_str(x, "name"), rj_str(y, "name"));
}

static void software_row(struct page *p, const cJSON *d)
{
	const cJSON *sw = rj_get(d, "software"), *id = rj_get(d, "identity");

	out(p, "<tr><td>");
	dev_link(p, rj_str(d, "name"));
	out(p, "</td>");
	td(p, rj_str(id, "vendor"));
	td(p, rj_str(id, "model"));
	out(p, "<td>");
	esc_or_dash(p, rj_str(sw, "running"));
	if (rj_str(sw, "patch")) {
		out(p, " ");
		esc(p, rj_str(sw, "patch"));
	}
	out(p, "</td>");
	td(p, rj_str(sw, "recommended"));
	out(p, "<td>");
	badge(p, "sw", rj_str(sw, "status"));
	out(p, "</td><td>");
	num(p, sw, "known_issues", 0, "");
	issue_list(p, sw);
	out(p, "</td>");
	td(p, rj_str(sw, "end_of_support"));
	out(p, "</tr>");
}

void software_section(struct page *p)
{
	static const char *const cols[] = {"device", "vendor", "model",
					   "running", "recommended",
					   "compliance", "known_issues",
					   "end_of_support", NULL};
	const cJSON *devs = rj_get(p->rep, "devices"), *d;
	int n = cJSON_GetArraySize(devs), k = 0, rec = 0, up = 0, unk = 0;
	const cJSON **v = calloc((size_t)n + 1, sizeof(*v));

	if (!v)		/* not a page without its software table */
		p->b->nomem = true;
	section_open(p, "software", "software", "major");
	cJSON_ArrayForEach(d, devs) {
		const char *st = rj_str(rj_get(d, "software"), "status");

		if (!st || strcmp(st, "not_collected") == 0)
			continue;
		rec += strcmp(st, "recommended") == 0 ||
		       strcmp(st, "acceptable") == 0;
		up += strcmp(st, "upgrade_advised") == 0 ||
		      strcmp(st, "end_of_support") == 0;
		unk += strcmp(st, "unknown") == 0;
		if (v)
			v[k++] = d;
	}
	out(p, "<p>");
	say(p, "software_sum", rec, up, unk);
	out(p, "</p>");
	if (v && k) {
		qsort(v, (size_t)k, sizeof(*v), cmp_sw);
		out(p, "<table>");
		th_row(p, cols);
		for (int i = 0; i < k; i++)
			software_row(p, v[i]);
		out(p, "</table>");
	}
	free(v);
	out(p, "</section>");
}

/* ---- hardware inventory ------------------------------------------------------- */

void inventory_section(struct page *p)
{
	static const char *const cols[] = {"device", "kind", "name", "model",
					   "serial", "hw_rev", NULL};
	const cJSON *r;
	const char *last = NULL;

	section_open(p, "inventory", "inventory", "major");
	outf(p, "<p class=\"note\">%s</p><table>", T(p, "inventory_note"));
	th_row(p, cols);
	cJSON_ArrayForEach(r, rj_get(p->rep, "hardware_inventory")) {
		const char *dev = rj_str(r, "device");

		out(p, "<tr><td>");
		/* the device name once per group keeps long tables readable */
		if (!last || strcmp(last, dev) != 0)
			dev_link(p, dev);
		last = dev;
		out(p, "</td><td>");
		word(p, "kind", rj_str(r, "kind"));
		out(p, "</td>");
		td(p, rj_str(r, "name"));
		out(p, "<td>");
		if (rj_str(r, "vendor")) {
			esc(p, rj_str(r, "vendor"));
			out(p, " ");
		}
		esc_or_dash(p, rj_str(r, "model"));
		out(p, "</td><td class=\"mono\">");
		esc_or_dash(p, rj_str(r, "serial"));
		out(p, "</td>");
		td(p, rj_str(r, "hw_rev"));
		out(p, "</tr>");
	}
	out(p, "</table></section>");
}

/* ---- collection log ------------------------------------------------------------- */

static void failures(struct page *p, const cJSON *c)
{
	const cJSON *f;

	if (cJSON_GetArraySize(rj_get(c, "failed"))) {
		outf(p, "%s<b>%s:</b> ", rj_str(c, "error") ? "<br>" : "",
		     T(p, "failed_parts"));
		cJSON_ArrayForEach(f, rj_get(c, "failed")) {
			esc(p, rj_str(f, "what"));
			out(p, " (");
			word(p, "src", rj_str(f, "status"));
			if (rj_str(f, "error")) {
				out(p, ": ");
				esc(p, rj_str(f, "error"));
			}
			out(p, f->next ? "); " : ")");
		}
	}
	if (cJSON_GetArraySize(rj_get(c, "absent"))) {
		outf(p, "%s<span class=\"note\">%s: ",
		     rj_str(c, "error") || rj_get(c, "failed") ? "<br>" : "",
		     T(p, "absent_parts"));
		cJSON_ArrayForEach(f, rj_get(c, "absent")) {
			esc(p, cJSON_GetStringValue(f));
			if (f->next)
				out(p, "; ");
		}
		out(p, "</span>");
	}
}

void collection_section(struct page *p)
{
	static const char *const cols[] = {"device", "collector", "status",
					   "elapsed", "profile", "detail", NULL};
	const cJSON *d, *c;

	section_open(p, "log", "collection_log", "major");
	out(p, "<table>");
	th_row(p, cols);
	cJSON_ArrayForEach(d, rj_get(p->rep, "devices")) {
		bool first = true;

		cJSON_ArrayForEach(c, rj_get(d, "collection")) {
			out(p, "<tr><td>");
			if (first)
				dev_link(p, rj_str(d, "name"));
			first = false;
			out(p, "</td><td>");
			word(p, "collector", rj_str(c, "collector"));
			out(p, "</td><td>");
			badge(p, "src", rj_str(c, "status"));
			out(p, "</td><td class=\"n\">");
			num(p, c, "elapsed_ms", 0, " ms");
			out(p, "</td>");
			td(p, rj_str(c, "profile"));
			out(p, "<td class=\"pre\">");
			esc(p, rj_str(c, "error"));
			failures(p, c);
			out(p, "</td></tr>");
		}
		if (first) {
			out(p, "<tr><td>");
			dev_link(p, rj_str(d, "name"));
			out(p, "</td><td></td><td>");
			badge(p, "src", rj_str(d, "status"));
			out(p, "</td><td></td><td></td>");
			td(p, rj_str(d, "status_reason"));
			out(p, "</tr>");
		}
	}
	out(p, "</table></section>");
}

/* ---- appendix --------------------------------------------------------------------- */

static void software_tables(struct page *p)
{
	static const char *const cols[] = {"table", "vendor", "as_of",
					   "verified", NULL};
	const cJSON *t, *list = rj_get(rj_get(p->rep, "inspection"),
				       "software_tables");

	if (!cJSON_GetArraySize(list))
		return;
	outf(p, "<table><caption>%s</caption>", T(p, "app_tables"));
	th_row(p, cols);
	cJSON_ArrayForEach(t, list) {
		const cJSON *v = rj_get(t, "verified");

		out(p, "<tr>");
		td(p, rj_str(t, "table"));
		td(p, rj_str(t, "vendor"));
		td(p, rj_str(t, "as_of"));
		outf(p, "<td%s>%s</td></tr>", cJSON_IsTrue(v) ? ""
		     : " class=\"bad\"", cJSON_IsBool(v) ?
		     T(p, cJSON_IsTrue(v) ? "yes" : "no") : "&mdash;");
	}
	out(p, "</table>");
}

static void rules_table(struct page *p)
{
	static const char *const pcols[] = {"pack", "version", "total", NULL};
	static const char *const cols[] = {"rule", "pack", "severity",
					   "category", "title_col", NULL};
	const cJSON *r;

	outf(p, "<h3>%s</h3>", T(p, "app_rules"));
	if (cJSON_GetArraySize(rj_get(rj_get(p->rep, "inspection"),
				      "rule_packs"))) {
		outf(p, "<table><caption>%s</caption>", T(p, "app_packs"));
		th_row(p, pcols);
		cJSON_ArrayForEach(r, rj_get(rj_get(p->rep, "inspection"),
					     "rule_packs")) {
			out(p, "<tr>");
			td(p, rj_str(r, "pack"));
			td(p, rj_str(r, "version"));
			out(p, "<td class=\"n\">");
			num(p, r, "rules", 0, "");
			out(p, "</td></tr>");
		}
		out(p, "</table>");
	}
	software_tables(p);
	if (!cJSON_GetArraySize(rj_get(p->rep, "rules")))
		return;
	out(p, "<table>");
	th_row(p, cols);
	cJSON_ArrayForEach(r, rj_get(p->rep, "rules")) {
		out(p, "<tr><td class=\"mono\">");
		esc(p, rj_str(r, "id"));
		out(p, "</td>");
		td(p, rj_str(r, "pack"));
		out(p, "<td>");
		if (rj_str(r, "severity"))
			badge(p, "sev", rj_str(r, "severity"));
		out(p, "</td><td>");
		word(p, "cat", rj_str(r, "category"));
		out(p, "</td>");
		td(p, rj_text_in(rj_get(r, "title"), p->lang));
		out(p, "</tr>");
	}
	out(p, "</table>");
}

static void not_evaluated_table(struct page *p)
{
	static const char *const cols[] = {"device", "rule", "object",
					   "missing", "reason", NULL};
	const cJSON *e, *x, *m;

	outf(p, "<h3>%s</h3>", T(p, "app_not_eval"));
	if (!cJSON_GetArraySize(rj_get(p->rep, "not_evaluated"))) {
		outf(p, "<p>%s</p>", T(p, "none"));
		return;
	}
	outf(p, "<p class=\"note\">%s</p><table>", T(p, "gl_not_eval"));
	th_row(p, cols);
	cJSON_ArrayForEach(e, rj_get(p->rep, "not_evaluated")) {
		cJSON *own;

		/* the whole check, read back from the spool (spool.c) */
		if (!(x = report_spool_get(e, &own))) {
			p->b->nomem = true;
			break;
		}
		out(p, "<tr><td>");
		dev_link(p, rj_str(x, "device"));
		out(p, "</td>");
		td(p, rj_str(x, "rule"));
		ne_objects(p, x);
		out(p, "<td><code>");
		cJSON_ArrayForEach(m, rj_get(x, "missing")) {
			esc(p, cJSON_GetStringValue(m));
			if (m->next)
				out(p, ", ");
		}
		out(p, "</code></td>");
		td(p, rj_str(x, "reason"));
		out(p, "</tr>");
		cJSON_Delete(own);
	}
	out(p, "</table>");
}

static void waived_table(struct page *p)
{
	const cJSON *f;
	int n = 0;

	outf(p, "<h3>%s</h3>", T(p, "app_waived"));
	cJSON_ArrayForEach(f, rj_get(p->rep, "findings"))
		if (strcmp(rj_str(f, "state"), "waived") == 0) {
			finding_block(p, f, true);
			n++;
		}
	if (!n)
		outf(p, "<p>%s</p>", T(p, "none"));
}

static void glossary(struct page *p)
{
	static const char *const items[][2] = {
		{"sev", "critical"}, {"sev", "major"}, {"sev", "minor"},
		{"sev", "info"}, {"health", "not_reached"},
	};
	char key[32];

	outf(p, "<h3>%s</h3><table class=\"meta\">", T(p, "app_glossary"));
	for (size_t i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		out(p, "<tr><td>");
		badge(p, items[i][0], items[i][1]);
		snprintf(key, sizeof(key), "gl_%s", items[i][1]);
		outf(p, "</td><td>%s</td></tr>", T(p, key));
	}
	outf(p, "</table><p>%s</p><p>%s</p>", T(p, "gl_identity"),
	     T(p, "gl_not_eval"));
}

void appendix_section(struct page *p)
{
	section_open(p, "appendix", "appendix", "major");
	rules_table(p);
	not_evaluated_table(p);
	waived_table(p);
	glossary(p);
	out(p, "</section>");
}
