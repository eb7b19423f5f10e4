/* html_svg.c - charts as inline SVG, gauges as CSS (html_int.h).
 *
 * Inline SVG needs no script and no fetch, scales on screen and prints
 * sharp.  Labels are words of our own table; the only device-controlled
 * text (in sparkline tooltips) is escaped. */
#include "config.h"
#include "html_int.h"
#include "model.h"
#include "report_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const sev_colour[] = {"#b3261e", "#c8590a", "#9c7a00",
					 "#3f6f9f"};

static double val(const cJSON *o, const char *k)
{
	double v = 0;

	rj_num(o, k, &v);
	return v > 0 ? v : 0;
}

static void svg_open(struct page *p, int w, int h, const char *label_key)
{
	outf(p, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d"
	     "\" width=\"%d\" style=\"max-width:100%%;height:auto\" "
	     "role=\"img\" aria-label=\"%s\">", w, h, w, T(p, label_key));
}

static void label(struct page *p, double x, double y, const char *anchor,
		  const char *text)
{
	outf(p, "<text x=\"%.1f\" y=\"%.1f\"%s%s%s>", x, y,
	     anchor ? " text-anchor=\"" : "", anchor ? anchor : "",
	     anchor ? "\"" : "");
	out(p, text);
	out(p, "</text>");
}

static void count_label(struct page *p, double x, double y, double v)
{
	outf(p, "<text x=\"%.1f\" y=\"%.1f\">%.0f</text>", x, y, v);
}

void svg_severity_bars(struct page *p, const cJSON *bysev)
{
	const int row = 26, lw = 88, bw = 230;
	double max = 1;
	char key[32];

	for (int i = 0; severities[i]; i++)
		max = fmax(max, val(bysev, severities[i]));
	svg_open(p, lw + bw + 40, 4 * row + 4, "chart_severity");
	for (int i = 0; severities[i]; i++) {
		double v = val(bysev, severities[i]), w = v / max * bw;

		snprintf(key, sizeof(key), "sev.%s", severities[i]);
		label(p, 0, i * row + 18, NULL, T(p, key));
		outf(p, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"16\" "
		     "rx=\"2\" fill=\"%s\"/>", lw, i * row + 5, w > 0 ? fmax(w, 2)
		     : 0, sev_colour[i]);
		count_label(p, lw + w + 6, i * row + 18, v);
	}
	out(p, "</svg>");
}

static void legend(struct page *p, int y)
{
	char key[32];

	for (int i = 0; severities[i]; i++) {
		snprintf(key, sizeof(key), "sev.%s", severities[i]);
		outf(p, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" "
		     "fill=\"%s\"/>", i * 84, y, sev_colour[i]);
		label(p, i * 84 + 14, y + 9, NULL, T(p, key));
	}
}

void svg_category_bars(struct page *p, const cJSON *matrix)
{
	const int row = 24, lw = 96, bw = 220;
	double max = 1;
	char key[32];
	int n = 0;

	for (int c = 0; categories[c]; c++, n++) {
		double t = 0;

		for (int s = 0; severities[s]; s++)
			t += val(rj_get(matrix, categories[c]), severities[s]);
		max = fmax(max, t);
	}
	svg_open(p, lw + bw + 40, n * row + 26, "chart_category");
	for (int c = 0; categories[c]; c++) {
		const cJSON *m = rj_get(matrix, categories[c]);
		double x = lw, t = 0;

		snprintf(key, sizeof(key), "cat.%s", categories[c]);
		label(p, 0, c * row + 16, NULL, T(p, key));
		for (int s = 0; severities[s]; s++) {
			double w = val(m, severities[s]) / max * bw;

			if (w > 0)
				outf(p, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
				     "height=\"15\" fill=\"%s\"/>", x,
				     c * row + 4, w, sev_colour[s]);
			x += w;
			t += val(m, severities[s]);
		}
		count_label(p, x + 6, c * row + 16, t);
	}
	legend(p, n * row + 10);
	out(p, "</svg>");
}

void svg_health_bar(struct page *p, const cJSON *health)
{
	static const char *const order[] = {"critical", "major", "minor",
					    "not_reached", "ok"};
	static const char *const colour[] = {"#b3261e", "#c8590a", "#9c7a00",
					     "#6b6b6b", "#2e7d32"};
	const int w = 600;
	double total = 0, x = 0;
	char key[40];

	for (int i = 0; i < 5; i++)
		total += val(health, order[i]);
	svg_open(p, w, 52, "chart_health");
	outf(p, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"20\" "
	     "fill=\"#e6ebf0\"/>", w);
	for (int i = 0; i < 5 && total > 0; i++) {
		double seg = val(health, order[i]) / total * w;

		if (seg > 0)
			outf(p, "<rect x=\"%.1f\" y=\"0\" width=\"%.1f\" "
			     "height=\"20\" fill=\"%s\"/>", x, seg, colour[i]);
		x += seg;
	}
	for (int i = 0; i < 5; i++) {
		snprintf(key, sizeof(key), "health.%s", order[i]);
		outf(p, "<rect x=\"%d\" y=\"32\" width=\"10\" height=\"10\" "
		     "fill=\"%s\"/><text x=\"%d\" y=\"41\">", i * 120,
		     colour[i], i * 120 + 14);
		out(p, T(p, key));
		outf(p, " %.0f</text>", val(health, order[i]));
	}
	out(p, "</svg>");
}

static void tooltip(struct page *p, const cJSON *points, const char *unit)
{
	const cJSON *x;

	out(p, "<title>");
	cJSON_ArrayForEach(x, points) {
		esc(p, rj_str(x, "period") ? rj_str(x, "period")
					   : rj_str(x, "at"));
		out(p, ": ");
		num(p, x, "value", 1, unit);
		if (x->next)
			out(p, "; ");
	}
	out(p, "</title>");
}

void svg_sparkline(struct page *p, const cJSON *points, const char *unit)
{
	const double w = 110, h = 26, pad = 3;
	double lo = INFINITY, hi = -INFINITY, v;
	int n = 0, i = 0;
	const cJSON *x;

	cJSON_ArrayForEach(x, points)
		if (rj_num(x, "value", &v)) {
			lo = fmin(lo, v);
			hi = fmax(hi, v);
			n++;
		}
	if (n == 0)
		return;
	if (hi - lo < 1e-9) {
		lo -= 1;
		hi += 1;
	}
	outf(p, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %.0f "
	     "%.0f\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
	     "style=\"vertical-align:middle\">", w, h, w, h);
	tooltip(p, points, unit);
	out(p, "<polyline fill=\"none\" stroke=\"#123c69\" stroke-width=\"1.5\" "
	    "points=\"");
	cJSON_ArrayForEach(x, points) {
		double px, py;

		if (!rj_num(x, "value", &v))
			continue;
		px = n > 1 ? pad + i * (w - 2 * pad) / (n - 1) : w / 2;
		py = h - pad - (v - lo) / (hi - lo) * (h - 2 * pad);
		outf(p, "%s%.1f,%.1f", i ? " " : "", px, py);
		if (++i == n)
			outf(p, "\"/><circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" "
			     "fill=\"#123c69\"/>", px, py);
	}
	out(p, "</svg>");
}

static double pct(double v, double max)
{
	double x = max > 0 ? v / max * 100 : 0;

	return x < 0 ? 0 : x > 100 ? 100 : x;
}

void gauge(struct page *p, double value, double max, double warn,
	   double crit, const char *level)
{
	const char *cls = level && (strcmp(level, "warning") == 0 ||
				    strcmp(level, "critical") == 0)
				  ? level : "ok";

	if (!isfinite(value) || !(max > 0))
		return;
	outf(p, "<span class=\"gauge\"><i class=\"g-%s\" style=\"width:%.1f%%"
	     "\"></i>", cls, pct(value, max));
	if (isfinite(warn))
		outf(p, "<b class=\"m-w\" style=\"left:%.1f%%\"></b>",
		     pct(warn, max));
	if (isfinite(crit))
		outf(p, "<b class=\"m-c\" style=\"left:%.1f%%\"></b>",
		     pct(crit, max));
	out(p, "</span>");
}
