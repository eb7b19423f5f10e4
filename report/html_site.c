/* html_site.c - the page's site section (html_int.h): the site checklist
 * as the engineer answered it (question, answer, criterion, the previous
 * inspection's answer), the site findings, the photos as data: images
 * with their captions, the engineer and the customer's acknowledgement.
 * Everything from site.json is escaped; the only attribute built from the
 * document is an image's data: URI, whose media type is one of two words
 * of our own and whose payload is base64, checked again here. */
#include "config.h"
#include "html_int.h"
#include "report_int.h"
#include "sbuf.h"

#include <stdio.h>
#include <string.h>

/* "data:image/jpeg;base64,..." or "data:image/png;base64,..." only. */
static bool data_uri_ok(const char *s)
{
	static const char *const heads[] = {"data:image/jpeg;base64,",
					    "data:image/png;base64,", NULL};

	if (!s)
		return false;
	for (int i = 0; heads[i]; i++) {
		size_t n = strlen(heads[i]);

		if (strncmp(s, heads[i], n) != 0)
			continue;
		s += n;
		return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrs"
			      "tuvwxyz0123456789+/=") == strlen(s);
	}
	return false;
}

static void answer_cell(struct page *p, const cJSON *it, const char *key,
		bool changed)
{
	const cJSON *v = rj_get(it, key);
	const char *unit = rj_str(it, "unit");

	td_open(p, NULL);
	if (cJSON_IsBool(v)) {
		out(p, T(p, cJSON_IsTrue(v) ? "yes" : "no"));
	} else if (cJSON_IsNumber(v) &&
		   strcmp(rj_str(it, "type"), "photo") == 0) {
		numv(p, v->valuedouble, 0, "");
		outf(p, " %s", T(p, "site_photos_n"));
	} else if (cJSON_IsNumber(v)) {
		numv(p, v->valuedouble, 2, "");
		if (unit) {
			out(p, " ");
			esc(p, unit);
		}
	} else if (cJSON_IsString(v)) {
		const char *label = strcmp(key, "answer") == 0 ?
			rj_text_in(rj_get(it, "answer_label"), p->lang) : NULL;

		esc(p, label ? label : v->valuestring);
	} else {
		out(p, "&ndash;");
	}
	if (strcmp(key, "answer") == 0 && rj_str(it, "note")) {
		out(p, "<br><small>");
		esc(p, rj_str(it, "note"));
		out(p, "</small>");
	}
	if (changed)
		outf(p, " <span class=\"badge change-new\">%s</span>",
		     T(p, "site_changed"));
	out(p, "</td>");
}

static void items_table(struct page *p, const cJSON *site, bool prev)
{
	static const char *const cols[] = {"site_question", "site_answer",
					   "site_criterion", NULL};
	static const char *const pcols[] = {"site_question", "site_answer",
					    "site_criterion", "previous_value",
					    NULL};
	const cJSON *it;
	const char *section = NULL;

	out(p, "<table>");
	th_row(p, prev ? pcols : cols);
	out(p, "<tbody>");
	cJSON_ArrayForEach(it, rj_arr(site, "items")) {
		const char *sec = rj_text_in(rj_get(it, "section"), p->lang);
		const char *ch = rj_str(it, "change");

		if (sec && (!section || strcmp(sec, section) != 0)) {
			outf(p, "<tr><th colspan=\"%d\">", prev ? 4 : 3);
			esc(p, sec);
			out(p, "</th></tr>");
			section = sec;
		}
		out(p, "<tr><td>");
		esc_or_dash(p, rj_text_in(rj_get(it, "question"), p->lang));
		if (cJSON_IsTrue(rj_get(it, "required")) &&
		    !rj_get(it, "answer"))
			outf(p, " <span class=\"bad\">%s</span>",
			     T(p, "site_unanswered"));
		out(p, "</td>");
		answer_cell(p, it, "answer", false);
		td(p, rj_text_in(rj_get(it, "criterion"), p->lang));
		if (prev)
			answer_cell(p, it, "previous",
				    ch && strcmp(ch, "changed") == 0);
		out(p, "</tr>");
	}
	out(p, "</tbody></table>");
}

static void photos(struct page *p, const cJSON *site)
{
	const cJSON *it, *ph, *sum = rj_obj(site, "photos");
	bool any = false;

	if (!sum || !rj_num(sum, "count", &(double){0}) ||
	    !cJSON_GetArraySize(rj_arr(site, "items")))
		return;
	outf(p, "<h3>%s</h3>", T(p, "site_photos"));
	if (rj_str(sum, "message")) {
		out(p, "<p class=\"warn\">");
		esc(p, rj_str(sum, "message"));
		out(p, "</p>");
	}
	out(p, "<div class=\"photos\">");
	cJSON_ArrayForEach(it, rj_arr(site, "items"))
		cJSON_ArrayForEach(ph, rj_arr(it, "photos")) {
			const char *data = rj_str(ph, "data");

			any = true;
			out(p, "<figure>");
			if (data_uri_ok(data)) {
				out(p, "<img alt=\"");
				esc(p, rj_str(ph, "caption") ? rj_str(ph, "caption")
							     : rj_str(ph, "file"));
				out(p, "\" src=\"");
				out(p, data);	/* checked: data:image/...;base64 */
				out(p, "\">");
			} else {
				outf(p, "<div class=\"nophoto\">%s: ",
				     T(p, "site_photo_omitted"));
				esc_or_dash(p, rj_str(ph, "omitted"));
				out(p, "</div>");
			}
			out(p, "<figcaption>");
			esc_or_dash(p, rj_str(ph, "caption"));
			out(p, " <small>(");
			esc(p, rj_str(ph, "file"));
			out(p, ")</small></figcaption></figure>");
		}
	out(p, "</div>");
	if (!any)
		outf(p, "<p>%s</p>", T(p, "none"));
}

static void site_findings(struct page *p)
{
	const cJSON *f;
	int n = 0;

	outf(p, "<h3>%s</h3>", T(p, "site_findings"));
	cJSON_ArrayForEach(f, rj_arr(p->rep, "findings")) {
		const char *cat = rj_str(f, "category");

		if (cat && strcmp(cat, "site") == 0) {
			finding_block(p, f, false);
			n++;
		}
	}
	if (!n)
		outf(p, "<p>%s</p>", T(p, "site_no_findings"));
}

static void meta(struct page *p, const cJSON *site)
{
	const cJSON *c = rj_obj(site, "checklist"), *ack = rj_obj(site,
								    "acknowledgement");
	const cJSON *prev = rj_obj(site, "previous");

	out(p, "<table class=\"meta\"><tbody>");
	outf(p, "<tr><td>%s</td><td>", T(p, "site"));
	esc_or_dash(p, rj_str(site, "site"));
	outf(p, "</td></tr><tr><td>%s</td><td>", T(p, "engineer"));
	esc_or_dash(p, rj_str(site, "engineer"));
	outf(p, "</td></tr><tr><td>%s</td><td>", T(p, "site_date"));
	esc_or_dash(p, rj_str(site, "date"));
	outf(p, "</td></tr><tr><td>%s</td><td>", T(p, "site_checklist"));
	esc_or_dash(p, rj_text_in(rj_get(c, "title"), p->lang));
	out(p, " <small>(");
	esc(p, rj_str(c, "name"));
	out(p, " ");
	esc(p, rj_str(c, "version"));
	out(p, ")</small></td></tr>");
	if (prev) {
		outf(p, "<tr><td>%s</td><td>", T(p, "previous"));
		esc_or_dash(p, rj_str(prev, "date"));
		out(p, " &middot; ");
		esc_or_dash(p, rj_str(prev, "engineer"));
		out(p, "</td></tr>");
	}
	outf(p, "<tr><td>%s</td><td>", T(p, "site_ack"));
	if (rj_str(ack, "name")) {
		esc(p, rj_str(ack, "name"));
		out(p, " &middot; ");
		esc_or_dash(p, rj_str(ack, "date"));
	} else {
		outf(p, "%s", T(p, "site_ack_pending"));
	}
	out(p, "</td></tr></tbody></table>");
}

static void sources(struct page *p, const cJSON *site)
{
	const cJSON *s;

	if (!cJSON_GetArraySize(rj_arr(rj_obj(site, "checklist"), "sources")))
		return;
	outf(p, "<p class=\"note\">%s:</p><ul class=\"note\">",
	     T(p, "site_sources"));
	cJSON_ArrayForEach(s, rj_arr(rj_obj(site, "checklist"), "sources")) {
		out(p, "<li>");
		esc(p, cJSON_GetStringValue(s));
		out(p, "</li>");
	}
	out(p, "</ul>");
}

void site_section(struct page *p)
{
	const cJSON *site = rj_obj(p->rep, "site");

	if (!site)
		return;
	section_open(p, "site", "site_section", "major");
	meta(p, site);
	items_table(p, site, rj_obj(site, "previous") != NULL);
	sources(p, site);
	site_findings(p);
	photos(p, site);
	outf(p, "<div class=\"sign\"><div>%s<br><br>______________________"
	     "</div><div>%s<br><br>______________________</div></div>",
	     T(p, "engineer"), T(p, "site_ack"));
	out(p, "</section>");
}
