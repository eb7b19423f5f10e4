/* html_int.h - what the html*.c files share; not for other folders.
 *
 *   html.c         escaping, the page, cover, executive summary, device
 *                  index, findings overview
 *   html_words.c   every word of the page in English and Simplified
 *                  Chinese
 *   html_svg.c     charts (inline SVG) and gauges (CSS)
 *   html_device.c  the per-device pages
 *   html_tables.c  comparison, software, inventory, collection log,
 *                  appendix
 * The page is rendered from report.json alone.  Every string that did not
 * come from this program's own word table goes through html_escape() (or
 * css_string() inside the style sheet): device names, everything a device
 * said, the inventory's metadata, rule texts.  Enumerated words of the
 * document (statuses, severities, categories) are looked up in the word
 * table, and an unknown one is escaped and shown as it is.
 */
#ifndef SWI_HTML_INT_H
#define SWI_HTML_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

struct sbuf;

/* Entries of a report list that have a key ("device" or "name"), sorted
 * by key and, within a key, in list order. */
struct dev_entry {
	const cJSON *item;
	const char *key;
	size_t pos;	/* position in the list */
};

struct dev_index {
	struct dev_entry *v;
	size_t n;
};

struct page {
	struct sbuf *b;
	const char *lang;	/* "en" or "zh-CN" */
	bool zh;
	const cJSON *rep;
	struct dev_index findings;	/* all findings, by device */
	struct dev_index not_eval;	/* not_evaluated, by device */
	struct dev_index trends;	/* comparison.trends, by device */
	struct dev_index anchors;	/* devices by name: pos is the anchor */
};

/* ---- html.c --------------------------------------------------------------- */
void esc(struct page *p, const char *s);	/* html_escape into p->b */
void esc_or_dash(struct page *p, const char *s);
void out(struct page *p, const char *s);	/* trusted markup */
void outf(struct page *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A finite number with up to `decimals` decimals (trailing zeros cut),
 * then unit (trusted); a dash when absent. */
void num(struct page *p, const cJSON *o, const char *key, int decimals,
	 const char *unit);
void numv(struct page *p, double v, int decimals, const char *unit);
/* "2026-11-28 10:00 UTC" from an RFC 3339 time (else the text, escaped). */
void when(struct page *p, const char *iso);
void td(struct page *p, const char *s);
void td_open(struct page *p, const char *cls);
void th_row(struct page *p, const char *const *keys);
/* <a href="#dev-N">name</a>, or the plain name for an unknown device. */
void dev_link(struct page *p, const char *name);
/* Severity / health / status badges. */
void badge(struct page *p, const char *prefix, const char *word);
const struct dev_entry *index_find(const struct dev_index *ix,
				   const char *name, size_t *count);
void section_open(struct page *p, const char *id, const char *title_key,
		  const char *cls);

/* ---- html_words.c ---------------------------------------------------------- */
/* The word for key in the page's language; "?" for an unknown key. */
const char *T(const struct page *p, const char *key);
/* The word for prefix.value (e.g. "src", "timeout"), escaped into the
 * page; an unknown value is escaped and shown as it is. */
void word(struct page *p, const char *prefix, const char *value);
bool word_known(const char *prefix, const char *value);
/* A sentence with {1} {2} {3} replaced by numbers. */
void say(struct page *p, const char *key, double a, double b, double c);

/* ---- html_svg.c --------------------------------------------------------------- */
void svg_severity_bars(struct page *p, const cJSON *bysev);
void svg_category_bars(struct page *p, const cJSON *matrix);
void svg_health_bar(struct page *p, const cJSON *health);
/* A sparkline of points[].value (with values in its tooltip). */
void svg_sparkline(struct page *p, const cJSON *points, const char *unit);
/* A horizontal gauge: value on a scale to max, with warning and critical
 * marks (NAN for none); level picks the colour. */
void gauge(struct page *p, double value, double max, double warn,
	   double crit, const char *level);

/* ---- html_device.c ------------------------------------------------------------ */
void device_pages(struct page *p);
void finding_block(struct page *p, const cJSON *f, bool show_device);
/* A <td> with a not-evaluated entry's object(s). */
void ne_objects(struct page *p, const cJSON *x);
/* The known issues of a device's software object, small, in brackets. */
void issue_list(struct page *p, const cJSON *sw);

/* ---- html_tables.c ------------------------------------------------------------ */
void comparison_section(struct page *p);
void software_section(struct page *p);
void inventory_section(struct page *p);
void collection_section(struct page *p);
void appendix_section(struct page *p);

/* ---- html_site.c ---------------------------------------------------------- */
/* The site checklist, its findings and photos (nothing without rep.site). */
void site_section(struct page *p);

#endif
