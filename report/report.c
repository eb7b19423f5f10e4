/* report.c - see report.h: the steps of `swinspect report OUT`.
 *
 * Everything is rendered in memory first; files are written only when all
 * of them rendered, each atomically (fsutil.h).  A failure leaves the
 * previous report files, if any, untouched. */
#include "config.h"
#include "report.h"
#include "report_int.h"
#include "error.h"
#include "fsutil.h"
#include "html.h"
#include "jsonio.h"
#include "log.h"
#include "sbuf.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HTML_MAX (1024u << 20)
#define CSV_MAX (512u << 20)

enum { F_JSON, F_HTML1, F_HTML2, F_CSV_FIND, F_CSV_INV, F_COUNT };

struct rendered {
	char *name[F_COUNT];
	struct sbuf body[F_COUNT];
};

static void rendered_free(struct rendered *r)
{
	for (int i = 0; i < F_COUNT; i++) {
		free(r->name[i]);
		sbuf_free(&r->body[i]);
	}
}

/* ---- the previous report ----------------------------------------------- */

static cJSON *read_report(const char *file, struct si_error *err)
{
	cJSON *doc = json_read_file(file, REPORT_DOC_MAX, err);
	const char *schema = rj_str(doc, "schema");

	if (doc && (!schema || strcmp(schema, REPORT_SCHEMA_ID) != 0)) {
		si_error_set(err, file, 0, 0, "not a swinspect report (schema "
			     "is not \"%s\")", REPORT_SCHEMA_ID);
		cJSON_Delete(doc);
		return NULL;
	}
	rj_repair_utf8(doc);
	return doc;
}

/* --previous FILE, else the newest earlier report in --archive DIR. */
static int add_comparison(cJSON *rep, const struct report_opts *o,
			  struct si_error *err)
{
	char *file = NULL;
	const char *how = "previous";
	cJSON *prev;
	int rc;

	if (o->previous) {
		if (!(file = strdup(o->previous)))
			return si_error_set(err, NULL, 0, 0, "out of memory");
	} else if (o->archive && fs_is_dir(o->archive)) {
		file = report_archive_find(o->archive, rep);
		how = "archive";
		if (!file)
			log_info("report", "%s: no earlier report to compare "
				 "with", o->archive);
	}
	if (!file)
		return 0;
	prev = read_report(file, err);
	if (!prev) {
		free(file);
		return REPORT_EBADINPUT;
	}
	rc = report_compare(rep, prev, how, file);
	report_site_compare(rep, prev);
	cJSON_Delete(prev);
	free(file);
	return rc < 0 ? si_error_set(err, NULL, 0, 0, "out of memory") : 0;
}

/* ---- rendering -------------------------------------------------------------- */

/* "en", "zh-CN", "en,zh-CN" or "zh-CN,en" -> the first and the second. */
static void split_lang(const char *lang, char *first, size_t n,
		       const char **second)
{
	const char *comma;

	snprintf(first, n, "%s", lang && *lang ? lang : "en");
	comma = strchr(first, ',');
	*second = NULL;
	if (comma) {
		first[comma - first] = '\0';
		/* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker): comma came from lang */
		*second = strchr(lang, ',') + 1;
	}
}

static int render_html(struct rendered *r, int slot, const cJSON *rep,
		       const char *lang, const char *name)
{
	sbuf_init(&r->body[slot], HTML_MAX);
	r->name[slot] = strdup(name);
	return html_render(rep, lang, &r->body[slot]) < 0 ? -1 : 0;
}

static int render_all(struct rendered *r, const cJSON *rep, const char *lang)
{
	char first[16], name[64];
	const char *second;
	char *json = cJSON_Print(rep);
	int rc = 0;

	split_lang(lang, first, sizeof(first), &second);
	sbuf_init(&r->body[F_JSON], SBUF_UNLIMITED);
	r->name[F_JSON] = strdup("report.json");
	if (!json)
		return -1;
	sbuf_adds(&r->body[F_JSON], json);
	sbuf_addc(&r->body[F_JSON], '\n');
	cJSON_free(json);
	rc |= render_html(r, F_HTML1, rep, first, "report.html");
	if (second) {
		snprintf(name, sizeof(name), "report.%s.html", second);
		rc |= render_html(r, F_HTML2, rep, second, name);
	}
	sbuf_init(&r->body[F_CSV_FIND], CSV_MAX);
	sbuf_init(&r->body[F_CSV_INV], CSV_MAX);
	r->name[F_CSV_FIND] = strdup("report-findings.csv");
	r->name[F_CSV_INV] = strdup("report-inventory.csv");
	rc |= report_csv_findings(rep, first, &r->body[F_CSV_FIND]);
	rc |= report_csv_inventory(rep, &r->body[F_CSV_INV]);
	for (int i = 0; i < F_COUNT; i++)
		if (r->body[i].nomem || r->body[i].truncated ||
		    (r->body[i].len && !r->name[i]))
			rc = -1;
	return rc ? -1 : 0;
}

static void unlink_temps(char (*tmp)[PATH_MAX], size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (tmp[k][0])
			unlink(tmp[k]);
}

/* All the files or none: each is written to its temporary first, and
 * only when all are there are they renamed, report.json last (a reader
 * that sees the new JSON also finds the HTML and CSV files that go with
 * it).  A full disk leaves the previous report whole. */
static int write_all(const struct rendered *r, const char *out,
		     struct si_error *err)
{
	static const int order[] = {F_HTML1, F_HTML2, F_CSV_FIND, F_CSV_INV,
				    F_JSON};
	enum { N = sizeof(order) / sizeof(order[0]) };
	char tmp[N][PATH_MAX], *file[N] = {NULL};
	int rc = 0;

	memset(tmp, 0, sizeof(tmp));
	for (size_t k = 0; k < N && rc == 0; k++) {
		int i = order[k];

		if (!r->name[i])
			continue;
		file[k] = fs_join(out, r->name[i]);
		if (!file[k])
			rc = si_error_set(err, out, 0, 0, "out of memory");
		else if (fs_write_temp(file[k], sbuf_str(&r->body[i]),
				       r->body[i].len, tmp[k], PATH_MAX,
				       err) < 0) {
			tmp[k][0] = '\0';
			rc = -1;
		}
	}
	for (size_t k = 0; k < N && rc == 0; k++) {
		if (file[k] && fs_commit(tmp[k], file[k], err) < 0)
			rc = -1;
		tmp[k][0] = '\0';
	}
	unlink_temps(tmp, N);
	for (size_t k = 0; k < N; k++)
		free(file[k]);
	return rc;
}

cJSON *report_document(const struct report_opts *o, struct si_error *err,
		       int *rc)
{
	cJSON *rep = report_build(o->out, err, rc);

	if (!rep)
		return NULL;
	report_site(rep, o->out, o->photo_cap_mb);
	/* the comparison reads the document: not one with a hole */
	*rc = json_nomem() ? si_error_set(err, o->out, 0, 0, "cannot build "
					  "the report: out of memory") :
			     add_comparison(rep, o, err);
	if (*rc < 0) {
		cJSON_Delete(rep);
		return NULL;
	}
	/* directory names and anything else that slipped through */
	rj_repair_utf8(rep);
	return rep;
}

int report_write(const struct report_opts *o, struct si_error *err)
{
	struct rendered r;
	int rc;
	cJSON *rep;

	si_error_clear(err);
	json_nomem_reset();
	rep = report_document(o, err, &rc);
	if (!rep)
		return rc;
	memset(&r, 0, sizeof(r));
	if (json_nomem())	/* a hole somewhere in the document */
		rc = si_error_set(err, o->out, 0, 0, "cannot build the report: "
				  "out of memory");
	else if (render_all(&r, rep, o->lang) < 0)
		rc = si_error_set(err, o->out, 0, 0, "cannot render the "
				  "report (out of memory or too large)");
	else
		rc = write_all(&r, o->out, err);
	if (rc == 0 && o->archive)
		rc = report_archive_store(o->archive, rep, err);
	rendered_free(&r);
	cJSON_Delete(rep);
	return rc;
}
