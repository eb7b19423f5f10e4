/* report.h - the inspection report: OUT/report.json and OUT/report.html.
 *
 * The report reads files, not switches: OUT/inspection.json (optional),
 * OUT/devices/<name>/facts.json and OUT/findings.json.  It builds one JSON
 * document (schema "swinspect.report/1") and renders the HTML from that
 * document alone, so both always say the same.  Both files are written
 * atomically.  Documents returned belong to the caller.
 */
#ifndef SWI_REPORT_H
#define SWI_REPORT_H

#include <cjson/cJSON.h>

struct si_error;

#define REPORT_SCHEMA_ID "swinspect.report/1"
#define REPORT_EBADINPUT (-2)	/* missing or malformed input files */

struct report_opts {
	const char *out;
	const char *previous;	/* previous report.json, or NULL */
	const char *lang;	/* "en", "zh-CN" or "en,zh-CN" */
};

/* Builds and writes report.json and report.html (and report.zh-CN.html
 * for "en,zh-CN").  0 on success, -1 on a write or internal failure,
 * REPORT_EBADINPUT when the inputs are missing or malformed. */
int report_write(const struct report_opts *o, struct si_error *err);
/* The report document alone (for tests). */
cJSON *report_build(const char *out, struct si_error *err, int *rc);

#endif
