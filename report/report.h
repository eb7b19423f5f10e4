/* report.h - the inspection report: what the customer receives.
 *
 * The report reads files, not switches: OUT/inspection.json (optional),
 * OUT/devices/<name>/facts.json and OUT/findings.json, and optionally a
 * previous report.json, and OUT/site.json (the site checklist's answers,
 * doc/site.md) when there is one.  It builds one JSON document (schema
 * "swinspect.report/1", report/schema/report.schema.json, doc/report.md)
 * and renders everything else from that document alone, so all outputs
 * always say the same:
 *   OUT/report.json            the document
 *   OUT/report.html            self-contained HTML (first --lang)
 *   OUT/report.<lang>.html     the second language, for "en,zh-CN"
 *   OUT/report-findings.csv    findings, one row each
 *   OUT/report-inventory.csv   hardware inventory (serial numbers)
 * Files are rendered in memory and written atomically (fsutil.h), the
 * JSON last.  Documents returned belong to the caller.
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
	const char *lang;	/* "en", "zh-CN", "en,zh-CN" or "zh-CN,en" */
	/* An archive folder, or NULL.  Without `previous`, the newest
	 * earlier report of the same customer and site found there
	 * (DIR/<x>.json or DIR/<x>/report.json) is the one compared with;
	 * the new report is then stored there too, as
	 * <started>-<period>.report.json. */
	const char *archive;
	/* Site photos embedded in the report, in total (MB); 0: 8 MB. */
	int photo_cap_mb;
};

/* Builds and writes the report files.  0 on success, -1 on a write or
 * internal failure, REPORT_EBADINPUT when the inputs (or the previous
 * report) are missing or malformed. */
int report_write(const struct report_opts *o, struct si_error *err);
/* The report document of OUT alone, without a comparison (for tests). */
cJSON *report_build(const char *out, struct si_error *err, int *rc);
/* The report document with the comparison report_write() would add. */
cJSON *report_document(const struct report_opts *o, struct si_error *err,
		       int *rc);

#endif
