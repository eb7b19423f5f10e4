/* report_int.h - what the files of report/ share; not for other folders.
 *
 * The report is built in steps, each in its own file:
 *   build.c    OUT/ -> the report document (metadata, devices, findings,
 *              summary, inventory)
 *   device.c   one facts.json -> one device object (identity, collection,
 *              environment, hardware, software, summary figures)
 *   compare.c  the comparison with a previous report; archive look-up
 *   csv.c      the CSV exports
 *   jutil.c    typed, defensive cJSON access; UTF-8 repair; finding
 *              identity; secret redaction of evidence
 * and rendered by html*.c (html.h).  Inputs are never trusted: every value
 * copied into the report is checked for its type (a string where a string
 * belongs, a finite number where a number belongs) so that report.json
 * always validates against report/schema/report.schema.json, whatever the
 * facts or findings say.  Documents returned belong to the caller.
 */
#ifndef SWI_REPORT_INT_H
#define SWI_REPORT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

struct sbuf;
struct si_error;

#define REPORT_DOC_MAX (256u << 20)	/* largest input document read */
#define REPORT_TREND_POINTS 8		/* points kept per trend series */

/* ---- jutil.c: typed access (NULL / false when absent or mistyped) ---- */
const cJSON *rj_get(const cJSON *o, const char *k);
/* A non-empty string, else NULL. */
const char *rj_str(const cJSON *o, const char *k);
/* A finite number. */
bool rj_num(const cJSON *o, const char *k, double *v);
/* An array, else NULL (so cJSON_ArrayForEach over it does nothing). */
const cJSON *rj_arr(const cJSON *o, const char *k);
const cJSON *rj_obj(const cJSON *o, const char *k);

/* Copy src[skey] to dst[key] when it has the right type; numbers only
 * when finite and within [min, max]; integers are rounded down. */
void rj_copy_str(cJSON *dst, const char *key, const cJSON *src,
		 const char *skey);
void rj_copy_num(cJSON *dst, const char *key, const cJSON *src,
		 const char *skey, double min, double max);
void rj_copy_int(cJSON *dst, const char *key, const cJSON *src,
		 const char *skey, double min, double max);
void rj_copy_bool(cJSON *dst, const char *key, const cJSON *src,
		  const char *skey);
/* Copies a string only if it is one of the words of a NULL-terminated
 * list. */
void rj_copy_enum(cJSON *dst, const char *key, const cJSON *src,
		  const char *skey, const char *const *words);
bool rj_in(const char *const *words, const char *w);
/* An RFC 3339 date-time with a zone ("2026-11-28T10:00:00Z"). */
bool rj_is_time(const char *s);
/* Copies src[skey] only when it is such a date-time. */
void rj_copy_time(cJSON *dst, const char *key, const cJSON *src,
		  const char *skey);

/* A localised text: a string or {en, zh-CN} -> {en, zh-CN?}; NULL when
 * there is no usable text. */
cJSON *rj_text(const cJSON *v);
/* The text of a localised object in lang (falling back to en). */
const char *rj_text_in(const cJSON *v, const char *lang);

/* Replaces, in the whole tree, every string and key that is not valid
 * UTF-8 (invalid bytes become U+FFFD).  Returns how many were repaired. */
size_t rj_repair_utf8(cJSON *doc);

/* obj[key] = a copy of val, replacing any earlier value. */
void rj_set_str(cJSON *obj, const char *key, const char *val);
/* A copy of s with invalid UTF-8 replaced (caller frees). */
char *rj_utf8_dup(const char *s);

/* "rule\x1fdevice\x1fobject" (caller frees); NULL if rule or device is
 * missing. */
char *rj_identity(const cJSON *finding);

/* An evidence path that names a secret (community, password, key, ...). */
bool rj_secret_path(const char *path);

/* ---- device.c ----------------------------------------------------------- */
/* The device object of report.json from one facts document (NULL facts:
 * a device named in inspection.json whose facts.json is missing). */
cJSON *report_device(const char *name, const cJSON *facts,
		     const cJSON *insp_device);

/* ---- software.c --------------------------------------------------------- */
/* Fills dev.findings (counts), dev.health and dev.software from the
 * device's n findings (v) and its row of the optional software table of
 * findings.json (NULL when there is none). */
void report_device_findings(cJSON *dev, const cJSON *const *v, size_t n,
			    const cJSON *software_row);

/* ---- hwinv.c ------------------------------------------------------------ */
/* Appends the device's rows (chassis, modules, power supplies, stack
 * members, transceivers) to the flat hardware inventory. */
void report_inventory_rows(cJSON *inv, const cJSON *dev);

/* ---- build.c ------------------------------------------------------------ */
/* Health rank for sorting: devices at risk first. */
int report_health_rank(const char *health);

/* ---- compare.c ---------------------------------------------------------- */
/* Adds rep.comparison (and findings[].change) from prev; how says where
 * prev came from ("previous" or "archive"), file its path. */
int report_compare(cJSON *rep, const cJSON *prev, const char *how,
		   const char *file);
/* The newest report.json in dir that is older than rep's inspection
 * (same customer and site when they are known); caller frees the path.
 * NULL when there is none. */
char *report_archive_find(const char *dir, const cJSON *rep);
/* Stores a copy of rep in dir (created 0700) as
 * <started>-<period>.report.json; returns 0 or -1. */
int report_archive_store(const char *dir, const cJSON *rep,
			 struct si_error *err);
/* The file report_archive_store() writes (dir created); caller frees. */
char *report_archive_file(const char *dir, const cJSON *rep,
			  struct si_error *err);

/* ---- site.c ------------------------------------------------------------- */
/* The device name of site findings (agent/site.h SITE_DEVICE). */
#define REPORT_SITE_DEVICE "@site"

/* rep.site from OUT/site.json (nothing when there is none): the answers,
 * the engineer, the acknowledgement, photos embedded up to cap_mb (0: the
 * default) in total. */
void report_site(cJSON *rep, const char *out, int cap_mb);
/* rep.site.previous and items[].previous / change from prev.site. */
void report_site_compare(cJSON *rep, const cJSON *prev);

/* ---- spool.c ------------------------------------------------------------ */
/* While the spool is open (report_write()), report_spool_put() writes each
 * device object built to an unlinked temporary file in OUT/ and drops from
 * it what only its own page reads (environment, hardware, config, alarms,
 * log counts); report_spool_get() gives the whole object back: dev itself
 * when it was not spooled, else a copy read back (*own, the caller
 * deletes it), NULL on an error (report_spool_error() says which). */
int report_spool_open(const char *out, struct si_error *err);
void report_spool_put(cJSON *dev);
/* The same for any object, keeping in memory only its member keep. */
void report_spool_put_stub(cJSON *o, const char *keep);
const cJSON *report_spool_get(const cJSON *dev, cJSON **own);
/* 0, or -1 with err set: a write (kind SI_ERR_WRITE) or allocation failed */
int report_spool_error(struct si_error *err);
void report_spool_close(void);

/* ---- csv.c -------------------------------------------------------------- */
/* The CSV exports (UTF-8 with a byte-order mark, RFC 4180 quoting, cells
 * that a spreadsheet would run as a formula neutralised). */
int report_csv_findings(const cJSON *rep, const char *lang, struct sbuf *b);
int report_csv_inventory(const cJSON *rep, struct sbuf *b);
void report_csv_cell(struct sbuf *b, const char *s);

#endif
