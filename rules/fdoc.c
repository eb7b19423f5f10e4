/* fdoc.c - findings.json written as it is evaluated (rules.h, rules_doc_*).
 *
 * The document is {schema, generator, generated_at, packs, tables, rules,
 * findings: [...], not_evaluated: [...], software: [...]}.  Findings go
 * straight to a temporary file in the destination's folder as each device
 * is evaluated; not-evaluated entries to a second, already unlinked,
 * temporary file in the same folder, copied in at the end; software rows
 * (one small object per device) stay in memory.  The memory used is one
 * device's output, whatever the number of devices.  On success the file
 * is synced and renamed over the destination (0600, as fs_write_atomic);
 * on failure nothing is left behind. */
#include "config.h"
#include "rules.h"
#include "error.h"
#include "jsonio.h"
#include "jtext.h"
#include "sbuf.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct rules_doc {
	char *path;
	char tmp[PATH_MAX];
	FILE *f;		/* the document */
	FILE *ne;		/* not-evaluated entries, unlinked */
	struct rules_text text;	/* one device's output */
	struct sbuf software;
	struct rules_doc_stats st;
	int werr;		/* errno of the first failed write */
};

static void put(struct rules_doc *d, const char *s, size_t n, FILE *f)
{
	if (n && !d->werr && fwrite(s, 1, n, f) != n)
		d->werr = errno ? errno : EIO;
}

static void puts_(struct rules_doc *d, const char *s, FILE *f)
{
	put(d, s, strlen(s), f);
}

static FILE *temp_in(const char *path, char *tmp, size_t n)
{
	int fd;
	FILE *f;

	if (snprintf(tmp, n, "%s.tmp.XXXXXX", path) >= (int)n)
		return errno = ENAMETOOLONG, NULL;
	if ((fd = mkstemp(tmp)) < 0)	/* 0600 */
		return NULL;
	if (!(f = fdopen(fd, "w+"))) {
		close(fd);
		unlink(tmp);
	}
	return f;
}

/* "cannot write": an output failure (exit 73); "out of memory" when
 * memory ran out (an internal error, exit 70, as everywhere else). */
static int doc_error(struct si_error *err, const char *path, int errnum)
{
	if (errnum == ENOMEM)
		return si_error_set(err, path, 0, 0, "out of memory");
	si_error_set(err, path, 0, 0, "cannot write: %s", strerror(errnum));
	if (err)
		err->kind = SI_ERR_WRITE;
	return -1;
}

void rules_doc_abort(struct rules_doc *d)
{
	if (!d)
		return;
	if (d->f) {
		fclose(d->f);
		unlink(d->tmp);
	}
	if (d->ne)
		fclose(d->ne);
	rules_text_free(&d->text);
	sbuf_free(&d->software);
	free(d->path);
	free(d);
}

struct rules_doc *rules_doc_open(const char *path, const cJSON *head,
				 struct si_error *err)
{
	struct rules_doc *d = calloc(1, sizeof(*d));
	char netmp[PATH_MAX];
	const cJSON *m;
	struct sbuf b;

	json_nomem_reset();	/* json_nomem(): a finding with a hole */
	if (!d || !(d->path = strdup(path))) {
		free(d);
		return si_error_set(err, path, 0, 0, "out of memory"), NULL;
	}
	rules_text_init(&d->text);
	sbuf_init(&d->software, SBUF_UNLIMITED);
	if (!(d->f = temp_in(path, d->tmp, sizeof(d->tmp))) ||
	    !(d->ne = temp_in(path, netmp, sizeof(netmp)))) {
		doc_error(err, path, errno);
		rules_doc_abort(d);
		return NULL;
	}
	unlink(netmp);
	sbuf_init(&b, SBUF_UNLIMITED);
	sbuf_addc(&b, '{');
	cJSON_ArrayForEach(m, head) {
		sbuf_addc(&b, '\n');
		jt_str(&b, m->string ? m->string : "");
		sbuf_addc(&b, ':');
		jt_json(&b, m);
		sbuf_addc(&b, ',');
	}
	sbuf_adds(&b, "\n\"findings\":[");
	if (b.nomem && !d->werr)
		d->werr = ENOMEM;
	put(d, b.s, b.len, d->f);
	sbuf_free(&b);
	return d;
}

/* Appends a buffer of ",{...}" entries, one per line. */
static void put_entries(struct rules_doc *d, const struct sbuf *b, FILE *f,
			size_t *count)
{
	if (b->len == 0)
		return;
	puts_(d, *count ? ",\n" : "\n", f);
	put(d, b->s + 1, b->len - 1, f);
}

int rules_doc_add(struct rules_doc *d, const struct rules_text *t,
		  const cJSON *software, struct si_error *err)
{
	if ((t->findings.nomem || t->not_evaluated.nomem) && !d->werr)
		d->werr = ENOMEM;
	put_entries(d, &t->findings, d->f, &d->st.findings);
	put_entries(d, &t->not_evaluated, d->ne, &d->st.not_evaluated);
	d->st.findings += t->nfindings;
	d->st.not_evaluated += t->nnot_evaluated;
	for (int i = 0; i < 4; i++)
		d->st.open[i] += t->open[i];
	if (software) {
		sbuf_adds(&d->software, d->software.len ? ",\n" : "\n");
		jt_json(&d->software, software);
	}
	d->st.devices++;
	if (d->werr)
		return doc_error(err, d->path, d->werr);
	return 0;
}

int rules_doc_device(struct rules_doc *d, const struct rule_set *rs,
		     const cJSON *facts, const cJSON *waivers,
		     const char *today, struct si_error *err)
{
	cJSON *row;
	int rc;

	rules_text_clear(&d->text);	/* the counts too: one device's */
	d->text.nfindings = d->text.nnot_evaluated = 0;
	memset(d->text.open, 0, sizeof(d->text.open));
	if (rules_eval_text(rs, facts, waivers, today, &d->text, err) < 0)
		return -1;
	row = rules_software(rs, facts, today);
	rc = rules_doc_add(d, &d->text, row, err);
	cJSON_Delete(row);
	return rc;
}

static void copy_ne(struct rules_doc *d)
{
	char buf[1 << 16];
	size_t n;

	if (fflush(d->ne) != 0 || fseek(d->ne, 0, SEEK_SET) != 0) {
		d->werr = errno ? errno : EIO;
		return;
	}
	while ((n = fread(buf, 1, sizeof(buf), d->ne)) > 0)
		put(d, buf, n, d->f);
	if (ferror(d->ne) && !d->werr)
		d->werr = EIO;
}

int rules_doc_close(struct rules_doc *d, struct rules_doc_stats *st,
		    struct si_error *err)
{
	int rc = 0;

	if (st)
		*st = d->st;
	puts_(d, "\n],\n\"not_evaluated\":[", d->f);
	copy_ne(d);
	puts_(d, "\n],\n\"software\":[", d->f);
	put(d, d->software.s, d->software.len, d->f);
	puts_(d, "\n]\n}\n", d->f);
	if ((d->software.nomem || json_nomem()) && !d->werr)
		d->werr = ENOMEM;
	if (!d->werr && (fflush(d->f) != 0 || fsync(fileno(d->f)) != 0))
		d->werr = errno;
	if (!d->werr) {
		if (fclose(d->f) != 0)
			d->werr = errno;
		d->f = NULL;
		if (!d->werr && rename(d->tmp, d->path) != 0)
			d->werr = errno;
		if (d->werr)
			unlink(d->tmp);
	}
	if (d->werr)
		rc = doc_error(err, d->path, d->werr);
	rules_doc_abort(d);
	return rc;
}
