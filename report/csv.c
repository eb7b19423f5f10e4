/* csv.c - CSV exports of the findings and of the hardware inventory.
 *
 * RFC 4180: comma-separated, CRLF line ends, every cell quoted, quotes
 * doubled.  UTF-8 with a byte-order mark, which spreadsheet programs need
 * to read Chinese text correctly.  A cell that starts with = + - @ or a
 * control character is prefixed with an apostrophe so that a spreadsheet
 * shows it instead of evaluating it: device text is not trusted
 * (OWASP "CSV injection").  Control characters other than tab and newline
 * are dropped. */
#include "config.h"
#include "report_int.h"
#include "sbuf.h"

#include <string.h>

#define BOM "\xef\xbb\xbf"

void report_csv_cell(struct sbuf *b, const char *s)
{
	const char *p = s ? s : "";

	/* the first character a spreadsheet will see decides */
	while (*p && (unsigned char)*p < 0x20 && !strchr("\t\n", *p))
		p++;
	sbuf_addc(b, '"');
	if (*p && strchr("=+-@\t\n", *p))
		sbuf_addc(b, '\'');
	for (; *p; p++) {
		unsigned char c = (unsigned char)*p;

		if (c == '"')
			sbuf_adds(b, "\"\"");
		else if (c >= 0x20 || c == '\n' || c == '\t')
			sbuf_addc(b, *p);
	}
	sbuf_addc(b, '"');
}

static void row(struct sbuf *b, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			sbuf_addc(b, ',');
		report_csv_cell(b, cells[i]);
	}
	sbuf_adds(b, "\r\n");
}

static void header(struct sbuf *b, const char *const *names)
{
	size_t n = 0;

	while (names[n])
		n++;
	sbuf_adds(b, BOM);
	row(b, names, n);
}

int report_csv_findings(const cJSON *rep, const char *lang, struct sbuf *b)
{
	static const char *const cols[] = {
		"severity", "category", "device", "rule", "object", "state",
		"change", "title", "message", "impact", "advice", "waiver_reason",
		"waiver_expires", NULL,
	};
	const cJSON *f;

	header(b, cols);
	cJSON_ArrayForEach(f, rj_arr(rep, "findings")) {
		const cJSON *w = rj_obj(f, "waiver");
		const char *cells[] = {
			rj_str(f, "severity"), rj_str(f, "category"),
			rj_str(f, "device"), rj_str(f, "rule"),
			cJSON_GetStringValue(rj_get(f, "object")),
			rj_str(f, "state"), rj_str(f, "change"),
			rj_text_in(rj_get(f, "title"), lang),
			rj_text_in(rj_get(f, "message"), lang),
			rj_text_in(rj_get(f, "impact"), lang),
			rj_text_in(rj_get(f, "advice"), lang),
			rj_str(w, "reason"), rj_str(w, "expires"),
		};

		row(b, cells, sizeof(cells) / sizeof(cells[0]));
	}
	return b->nomem ? -1 : 0;
}

int report_csv_inventory(const cJSON *rep, struct sbuf *b)
{
	static const char *const cols[] = {
		"device", "kind", "name", "vendor", "model", "serial", "hw_rev",
		"fw_rev", "description", NULL,
	};
	const cJSON *r;

	header(b, cols);
	cJSON_ArrayForEach(r, rj_arr(rep, "hardware_inventory")) {
		const char *cells[9];

		for (int i = 0; i < 9; i++)
			cells[i] = rj_str(r, cols[i]);
		row(b, cells, 9);
	}
	return b->nomem ? -1 : 0;
}
