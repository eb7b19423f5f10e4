/* report.c - see report.h: the steps of `swinspect report OUT`.
 *
 * The document is built with each device's heavy parts spooled to disk
 * (spool.c); every file is then rendered straight into its temporary file
 * in small chunks (sbuf_init_fd()), so memory does not hold any file's
 * text.  The files are renamed only when all of them are complete,
 * report.json last: a failure leaves the previous report files, if any,
 * untouched. */
#include "config.h"
#include "report.h"
#include "report_int.h"
#include "error.h"
#include "fsutil.h"
#include "html.h"
#include "jsonio.h"
#include "log.h"
#include "sbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define HTML_MAX (1024u << 20)
#define CSV_MAX (512u << 20)


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

/* Text printed by cJSON at depth 0, placed `depth` levels deeper: cJSON
 * indents every line of a formatted value by its depth in tabs (newlines
 * inside strings are escaped), so a tab per level after each newline
 * gives the bytes cJSON_Print() of the whole document would give. */
static int add_indented(struct sbuf *b, const cJSON *v, int depth)
{
	char *text = cJSON_Print(v), *s, *nl;

	if (!text) {
		b->nomem = true;
		return -1;
	}
	for (s = text; (nl = strchr(s, '\n')); s = nl + 1) {
		sbuf_add(b, s, (size_t)(nl - s) + 1);
		for (int i = 0; i < depth; i++)
			sbuf_addc(b, '\t');
	}
	sbuf_adds(b, s);
	cJSON_free(text);
	return 0;
}

/* report.json as cJSON_Print() of the whole document would write it, one
 * member (of the long lists: one element) at a time; each device and check
 * not evaluated is read back whole from the spool. */
static void json_stream(struct sbuf *b, const cJSON *rep)
{
	const cJSON *m, *e;

	sbuf_adds(b, "{\n");
	for (m = rep->child; m && !b->nomem && !b->werrno; m = m->next) {
		bool spooled = strcmp(m->string, "devices") == 0 ||
			       strcmp(m->string, "not_evaluated") == 0;

		sbuf_adds(b, "\t\"");
		sbuf_adds(b, m->string);	/* the document's own keys */
		sbuf_adds(b, "\":\t");
		if (!cJSON_IsArray(m)) {
			add_indented(b, m, 1);
		} else {
			sbuf_addc(b, '[');
			cJSON_ArrayForEach(e, m) {
				cJSON *own = NULL;
				const cJSON *v = spooled ? report_spool_get(e, &own)
							 : e;

				if (!v) {
					b->nomem = true;
					break;
				}
				add_indented(b, v, 2);
				cJSON_Delete(own);
				if (e->next)
					sbuf_adds(b, ", ");
			}
			sbuf_addc(b, ']');
		}
		sbuf_adds(b, m->next ? ",\n" : "\n");
	}
	sbuf_adds(b, "}\n");
}

/* One output file: a temporary beside it, written as it is rendered. */
struct outfile {
	char *path;
	char tmp[PATH_MAX];
	int fd;
	struct sbuf b;
};

static int write_error(struct si_error *err, const char *path, int errnum)
{
	si_error_set(err, path, 0, 0, "cannot write: %s", strerror(errnum));
	err->kind = SI_ERR_WRITE;
	return -1;
}

static int outfile_open(struct outfile *f, const char *out, const char *name,
			size_t max, struct si_error *err)
{
	f->fd = -1;
	f->tmp[0] = '\0';
	if (!(f->path = fs_join(out, name)))
		return si_error_set(err, out, 0, 0, "out of memory");
	if (snprintf(f->tmp, sizeof(f->tmp), "%s.tmp.XXXXXX", f->path) >=
	    (int)sizeof(f->tmp)) {
		f->tmp[0] = '\0';
		return write_error(err, f->path, ENAMETOOLONG);
	}
	f->fd = mkstemp(f->tmp);	/* 0600 */
	if (f->fd < 0) {
		f->tmp[0] = '\0';
		return write_error(err, f->path, errno);
	}
	sbuf_init_fd(&f->b, max, f->fd);
	return 0;
}

/* After rendering: the rest written, synced and closed. */
static int outfile_close(struct outfile *f, struct si_error *err)
{
	int fd = f->fd, rc = 0;

	f->fd = -1;
	if (sbuf_flush(&f->b) < 0)
		rc = write_error(err, f->path, f->b.werrno);
	else if (f->b.nomem || f->b.truncated)
		rc = si_error_set(err, f->path, 0, 0, "cannot render the "
				  "report (out of memory or too large)");
	else if (fsync(fd) < 0)
		rc = write_error(err, f->path, errno);
	if (close(fd) < 0 && rc == 0)
		rc = write_error(err, f->path, errno);
	sbuf_free(&f->b);
	return rc;
}

static void outfile_drop(struct outfile *f)
{
	if (f->fd >= 0) {
		close(f->fd);
		sbuf_free(&f->b);
	}
	if (f->tmp[0])
		unlink(f->tmp);
	free(f->path);
}

enum { F_HTML1, F_HTML2, F_CSV_FIND, F_CSV_INV, F_JSON, F_COUNT };

/* All the files or none: each is rendered straight into its temporary
 * file, and only when all are complete are they renamed, report.json last
 * (a reader that sees the new JSON also finds the HTML and CSV files that
 * go with it).  A full disk leaves the previous report whole. */
static int write_all(const cJSON *rep, const char *out, const char *lang,
		     struct si_error *err)
{
	struct outfile f[F_COUNT];
	char first[16], name[64];
	const char *second;
	int rc = 0, k;

	memset(f, 0, sizeof(f));
	for (k = 0; k < F_COUNT; k++)
		f[k].fd = -1;
	split_lang(lang, first, sizeof(first), &second);
	for (k = 0; k < F_COUNT && rc == 0; k++) {
		int o = 0;

		switch (k) {
		case F_HTML1:
		case F_HTML2:
			if (k == F_HTML2 && !second)
				continue;
			if (k == F_HTML2)
				snprintf(name, sizeof(name), "report.%s.html",
					 second);
			o = outfile_open(&f[k], out, k == F_HTML1 ?
					 "report.html" : name, HTML_MAX, err);
			if (o < 0)
				break;
			html_render(rep, k == F_HTML1 ? first : second,
				    &f[k].b);
			break;
		case F_CSV_FIND:
			o = outfile_open(&f[k], out, "report-findings.csv",
					 CSV_MAX, err);
			if (o == 0)
				report_csv_findings(rep, first, &f[k].b);
			break;
		case F_CSV_INV:
			o = outfile_open(&f[k], out, "report-inventory.csv",
					 CSV_MAX, err);
			if (o == 0)
				report_csv_inventory(rep, &f[k].b);
			break;
		default:
			o = outfile_open(&f[k], out, "report.json",
					 SBUF_UNLIMITED, err);
			if (o == 0)
				json_stream(&f[k].b, rep);
			break;
		}
		/* a file that could not be opened (its name out of
		 * memory too) fails the report: never one file short */
		if (o < 0) {
			rc = -1;
		} else if (f[k].fd >= 0) {
			rc = outfile_close(&f[k], err);
			if (rc == 0)
				rc = report_spool_error(err);
		}
	}
	for (k = 0; k < F_COUNT && rc == 0; k++) {
		if (f[k].tmp[0] && fs_commit(f[k].tmp, f[k].path, err) < 0)
			rc = -1;
		f[k].tmp[0] = '\0';
	}
	for (k = 0; k < F_COUNT; k++)
		outfile_drop(&f[k]);
	return rc;
}

/* The archive's copy of report.json, copied from the file just written. */
static int archive_copy(const char *dir, const cJSON *rep, const char *out,
			struct si_error *err)
{
	char *src = fs_join(out, "report.json");
	char *file = src ? report_archive_file(dir, rep, err) : NULL;
	struct outfile f = {.fd = -1};
	char buf[SBUF_SINK_CHUNK];
	int in = -1, rc = 0;
	ssize_t n;

	if (!src)
		rc = si_error_set(err, out, 0, 0, "out of memory");
	else if (!file)
		rc = -1;
	else if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0)
		rc = si_error_set(err, src, 0, 0, "cannot read: %s",
				  strerror(errno));
	else if (snprintf(f.tmp, sizeof(f.tmp), "%s.tmp.XXXXXX", file) >=
		 (int)sizeof(f.tmp))
		rc = write_error(err, file, ENAMETOOLONG);
	else if ((f.fd = mkstemp(f.tmp)) < 0)
		rc = write_error(err, file, errno);
	if (f.fd < 0)
		f.tmp[0] = '\0';
	if (rc == 0) {
		f.path = file;
		file = NULL;
		sbuf_init_fd(&f.b, SBUF_UNLIMITED, f.fd);
		while ((n = read(in, buf, sizeof(buf))) != 0 && !f.b.werrno) {
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				rc = si_error_set(err, src, 0, 0, "cannot "
						  "read: %s", strerror(errno));
				break;
			}
			sbuf_add(&f.b, buf, (size_t)n);
		}
		if (outfile_close(&f, err) < 0)
			rc = -1;
		if (rc == 0 && fs_commit(f.tmp, f.path, err) < 0)
			rc = -1;
		if (rc == 0)
			f.tmp[0] = '\0';
	}
	if (in >= 0)
		close(in);
	outfile_drop(&f);
	free(file);
	free(src);
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
	int rc;
	cJSON *rep;

	si_error_clear(err);
	json_nomem_reset();
	/* each device's heavy parts wait on disk, not in memory */
	if (report_spool_open(o->out, err) < 0)
		return -1;
	rep = report_document(o, err, &rc);
	if (!rep) {
		report_spool_close();
		return rc;
	}
	if (json_nomem())	/* a hole somewhere in the document */
		rc = si_error_set(err, o->out, 0, 0, "cannot build the report: "
				  "out of memory");
	else if ((rc = report_spool_error(err)) == 0)
		rc = write_all(rep, o->out, o->lang, err);
	if (rc == 0 && o->archive)
		rc = archive_copy(o->archive, rep, o->out, err);
	report_spool_close();
	cJSON_Delete(rep);
	return rc;
}
