/* html.h - the self-contained HTML report, rendered from report.json.
 *
 * One file: inline CSS, no script, no fetch; every string that came from a
 * device or a user is escaped.  Readable without JavaScript; prints to A4. */
#ifndef SWI_HTML_H
#define SWI_HTML_H

#include <cjson/cJSON.h>

struct sbuf;

/* lang: "en" or "zh-CN".  Appends the whole page to out; -1 on no memory. */
int html_render(const cJSON *report, const char *lang, struct sbuf *out);
/* Appends s with &, <, >, " and ' escaped (and invalid UTF-8 replaced). */
void html_escape(struct sbuf *out, const char *s);

#endif
