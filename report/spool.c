/* spool.c - device objects kept on disk while the report is written
 * (report_int.h).
 *
 * `swinspect report` keeps in memory only a digest of each device (what
 * the document-wide sections read: name, identity, status, collection,
 * summary, findings counts, health, software); the whole device object is
 * written, compact, to an unlinked temporary file in OUT/ as soon as it is
 * built, and read back one device at a time when report.json and the
 * device pages are written.  The memory of the report then grows by a
 * digest per device, not by the device's environment, hardware, alarms
 * and configuration.  The checks not evaluated are spooled too, each
 * leaving in memory only its device's name (for the index of the device
 * pages). */
#include "config.h"
#include "report_int.h"
#include "error.h"
#include "fsutil.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The members that only the device's own page reads. */
static const char *const heavy[] = {"environment", "hardware", "config",
				    "alarms", "log_counts", NULL};

struct entry {
	const cJSON *dev;
	off_t off;
	size_t len;
};

static struct {
	bool open;
	int fd;
	char name[PATH_MAX];	/* for messages: OUT/report.spool */
	struct entry *v;
	size_t n, cap;
	bool sorted;
	off_t end;
	int werrno;		/* a write or read failed (errno) */
	bool nomem;
} sp = {.fd = -1};

int report_spool_open(const char *out, struct si_error *err)
{
	char tmp[PATH_MAX];

	report_spool_close();
	if (snprintf(sp.name, sizeof(sp.name), "%s/report.spool", out) >=
		    (int)sizeof(sp.name) ||
	    snprintf(tmp, sizeof(tmp), "%s.XXXXXX", sp.name) >=
		    (int)sizeof(tmp)) {
		si_error_set(err, out, 0, 0, "cannot write: %s",
			     strerror(ENAMETOOLONG));
		err->kind = SI_ERR_WRITE;
		return -1;
	}
	sp.fd = mkstemp(tmp);	/* 0600, and unlinked at once */
	if (sp.fd < 0) {
		si_error_set(err, sp.name, 0, 0, "cannot write: %s",
			     strerror(errno));
		err->kind = SI_ERR_WRITE;
		return -1;
	}
	unlink(tmp);
	sp.open = true;
	return 0;
}

void report_spool_close(void)
{
	if (sp.fd >= 0)
		close(sp.fd);
	free(sp.v);
	memset(&sp, 0, sizeof(sp));
	sp.fd = -1;
}

int report_spool_error(struct si_error *err)
{
	if (sp.werrno) {
		si_error_set(err, sp.name, 0, 0, "cannot write: %s",
			     strerror(sp.werrno));
		err->kind = SI_ERR_WRITE;
		return -1;
	}
	if (sp.nomem)
		return si_error_set(err, sp.name, 0, 0, "cannot build the "
				    "report: out of memory");
	return 0;
}

static int write_all(const char *s, size_t len)
{
	while (len) {
		ssize_t n = pwrite(sp.fd, s, len, sp.end);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			sp.werrno = n < 0 ? errno : EIO;
			return -1;
		}
		s += n;
		len -= (size_t)n;
		sp.end += n;
	}
	return 0;
}

static void spool_put(cJSON *o, const char *keep);

void report_spool_put(cJSON *dev)
{
	spool_put(dev, NULL);
}

void report_spool_put_stub(cJSON *o, const char *keep)
{
	spool_put(o, keep);
}

/* o written to the spool, then its heavy members (keep == NULL) or all
 * but keep dropped. */
static void spool_put(cJSON *dev, const char *keep)
{
	cJSON *c, *next;

	char *text;
	size_t len;
	off_t off = sp.end;

	if (!sp.open || sp.werrno || sp.nomem || !dev)
		return;
	if (sp.n == sp.cap) {
		size_t nc = sp.cap ? sp.cap * 2 : 256;
		struct entry *nv = realloc(sp.v, nc * sizeof(*nv));

		if (!nv) {
			sp.nomem = true;
			return;
		}
		sp.v = nv;
		sp.cap = nc;
	}
	/* as the whole document would be: rj_repair_utf8() is idempotent */
	rj_repair_utf8(dev);
	if (!(text = cJSON_PrintUnformatted(dev))) {
		sp.nomem = true;
		return;
	}
	len = strlen(text);
	if (write_all(text, len) < 0) {
		cJSON_free(text);
		return;
	}
	cJSON_free(text);
	sp.v[sp.n++] = (struct entry){dev, off, len};
	sp.sorted = false;
	if (!keep) {
		for (int i = 0; heavy[i]; i++)
			cJSON_DeleteItemFromObjectCaseSensitive(dev, heavy[i]);
		return;
	}
	for (c = dev->child; c; c = next) {
		next = c->next;
		if (!c->string || strcmp(c->string, keep) != 0)
			cJSON_Delete(cJSON_DetachItemViaPointer(dev, c));
	}
}

static int cmp_entry(const void *a, const void *b)
{
	const cJSON *x = ((const struct entry *)a)->dev;
	const cJSON *y = ((const struct entry *)b)->dev;

	return x < y ? -1 : x > y;
}

const cJSON *report_spool_get(const cJSON *dev, cJSON **own)
{
	struct entry key = {dev, 0, 0}, *e;
	char *buf;
	size_t got = 0;

	*own = NULL;
	if (!sp.open || !sp.n)
		return dev;
	if (!sp.sorted) {
		qsort(sp.v, sp.n, sizeof(*sp.v), cmp_entry);
		sp.sorted = true;
	}
	e = bsearch(&key, sp.v, sp.n, sizeof(*sp.v), cmp_entry);
	if (!e)
		return dev;
	if (!(buf = malloc(e->len + 1))) {
		sp.nomem = true;
		return NULL;
	}
	while (got < e->len) {
		ssize_t n = pread(sp.fd, buf + got, e->len - got,
				  e->off + (off_t)got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			sp.werrno = n < 0 ? errno : EIO;
			free(buf);
			return NULL;
		}
		got += (size_t)n;
	}
	buf[got] = '\0';
	*own = cJSON_ParseWithLength(buf, got);
	free(buf);
	if (!*own) {
		sp.nomem = true;	/* the text was printed by cJSON */
		return NULL;
	}
	return *own;
}
