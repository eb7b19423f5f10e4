/* local_collect.c - the local collector's entry point and the file helpers
 * its parts share (see local.h, local_int.h). */
#include "config.h"
#include "local_int.h"
#include "error.h"
#include "facts.h"
#include "fsutil.h"
#include "log.h"
#include "merge.h"
#include "text.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define RAW_MAX (8u << 20)
#define DEFAULT_SAMPLE_MS 1000

static void full_path(const struct local_ctx *c, const char *path, char *buf,
		      size_t n)
{
	if (c->live)
		snprintf(buf, n, "%s", path);
	else
		snprintf(buf, n, "%s%s", c->root, path);
}

char *local_read(struct local_ctx *c, const char *path, size_t max, int *err)
{
	char full[PATH_MAX];
	struct sbuf b;
	char chunk[4096];
	int fd;

	full_path(c, path, full, sizeof(full));
	fd = open(full, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = errno;
		return NULL;
	}
	sbuf_init(&b, max);
	for (;;) {
		ssize_t got = read(fd, chunk, sizeof(chunk));

		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			*err = errno;
			close(fd);
			sbuf_free(&b);
			return NULL;
		}
		if (got == 0)
			break;
		if (sbuf_add(&b, chunk, (size_t)got) < 0) {
			*err = b.nomem ? ENOMEM : EFBIG;
			close(fd);
			sbuf_free(&b);
			return NULL;
		}
	}
	close(fd);
	*err = 0;
	return sbuf_steal(&b);
}

void local_fail(struct local_ctx *c, const char *what, const char *why)
{
	cJSON *f = cJSON_CreateObject();

	if (!f)
		return;
	cJSON_AddStringToObject(f, "what", what);
	cJSON_AddStringToObject(f, "status", "error");
	cJSON_AddStringToObject(f, "error", why);
	cJSON_AddItemToArray(c->failed, f);
	log_debug("local", "%s: %s", what, why);
}

void local_absent(struct local_ctx *c, const char *what)
{
	cJSON_AddItemToArray(c->absent, cJSON_CreateString(what));
}

const char *local_src(char *buf, size_t n, const char *path)
{
	snprintf(buf, n, "local:%s", path);
	return buf;
}

static int attr(struct local_ctx *c, const char *path, char *buf, size_t n,
		bool quiet)
{
	int err;
	char *s = local_read(c, path, LOCAL_ATTR_MAX, &err), *clean;
	size_t len;

	if (!s) {
		if (err != ENOENT) {
			sbuf_addf(&c->raw, "%s: error: %s\n", path,
				  strerror(err));
			if (!quiet)
				local_fail(c, path, strerror(err));
		}
		return -err;
	}
	clean = text_clean(s, strlen(s));
	free(s);
	if (!clean)
		return -ENOMEM;
	len = strlen(clean);
	while (len && isspace((unsigned char)clean[len - 1]))
		clean[--len] = '\0';
	snprintf(buf, n, "%s", clean);
	sbuf_addf(&c->raw, "%s: %s\n", path, clean);
	free(clean);
	return 0;
}

int local_attr(struct local_ctx *c, const char *path, char *buf, size_t n)
{
	return attr(c, path, buf, n, false);
}

int local_attr_opt(struct local_ctx *c, const char *path, char *buf,
		   size_t n)
{
	return attr(c, path, buf, n, true);
}

int local_attr_ll(struct local_ctx *c, const char *path, long long *v)
{
	char buf[64], *end;
	int rc = local_attr(c, path, buf, sizeof(buf));

	if (rc < 0)
		return rc;
	errno = 0;
	*v = strtoll(buf, &end, 10);
	if (end == buf || *end || errno) {
		local_fail(c, path, "not a number");
		return -EINVAL;
	}
	return 0;
}

/* Natural order: "hwmon2" < "hwmon10", "temp2" < "temp10". */
static int natcmp(const void *pa, const void *pb)
{
	const char *a = *(char *const *)pa, *b = *(char *const *)pb;

	while (*a && *b) {
		if (isdigit((unsigned char)*a) && isdigit((unsigned char)*b)) {
			unsigned long long x = strtoull(a, (char **)&a, 10);
			unsigned long long y = strtoull(b, (char **)&b, 10);

			if (x != y)
				return x < y ? -1 : 1;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

void local_free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

char **local_list_dir(struct local_ctx *c, const char *path, size_t *n,
		      int *err)
{
	char full[PATH_MAX];
	DIR *d;
	struct dirent *e;
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	full_path(c, path, full, sizeof(full));
	d = opendir(full);
	if (!d) {
		*err = errno;
		return NULL;
	}
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (*n == cap) {
			size_t ncap = cap ? cap * 2 : 32;
			char **nv = realloc(v, ncap * sizeof(*v));

			if (!nv)
				break;
			v = nv;
			cap = ncap;
		}
		if (!(v[*n] = strdup(e->d_name)))
			break;
		(*n)++;
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof(*v), natcmp);
	*err = 0;
	if (!v)
		v = calloc(1, sizeof(*v));	/* an empty list, not a failure */
	return v;
}

int local_link_name(struct local_ctx *c, const char *path, char *buf,
		    size_t n)
{
	char full[PATH_MAX], target[PATH_MAX];
	ssize_t len;
	const char *slash;

	full_path(c, path, full, sizeof(full));
	len = readlink(full, target, sizeof(target) - 1);
	if (len <= 0)
		return -1;
	target[len] = '\0';
	while (len > 1 && target[len - 1] == '/')
		target[--len] = '\0';
	slash = strrchr(target, '/');
	snprintf(buf, n, "%s", slash ? slash + 1 : target);
	return 0;
}

int local_hostname(const char *root, char *buf, size_t n)
{
	struct local_ctx c = {.root = root,
			      .live = !root || strcmp(root, "/") == 0};
	const char *paths[] = {"/proc/sys/kernel/hostname", "/etc/hostname"};

	sbuf_init(&c.raw, 0);
	for (size_t i = 0; i < 2; i++) {
		int err;
		char *s = local_read(&c, paths[i], LOCAL_ATTR_MAX, &err);
		size_t len;

		if (!s)
			continue;
		len = strcspn(s, "\r\n");
		s[len] = '\0';
		if (len && s[0] != '.' && !strchr(s, '/')) {
			snprintf(buf, n, "%s", s);
			free(s);
			return 0;
		}
		free(s);
	}
	return -1;
}

static bool local_wanted(const struct target *t)
{
	return t->local.enabled;
}

static void write_raw(struct local_ctx *c, const char *raw_dir)
{
	struct si_error err;
	char *file;

	if (!raw_dir || fs_mkdirs(raw_dir, FS_DIR_MODE, &err) < 0)
		return;
	file = fs_join(raw_dir, "local.txt");
	if (file && fs_write_atomic(file, c->raw.s ? c->raw.s : "",
				    c->raw.len, &err) < 0)
		log_warn("local", "%s", err.msg);
	free(file);
}

/* What this host's files say, into the document the other collectors (the
 * local SNMP agent, the NOS's CLI) already filled, through the merge rules
 * (doc/local.md: "one view of each object").  Their temperature, fan and
 * PSU lists are the NOS's own view of the same hardware: a kernel sensor
 * that maps to none of their entries is not listed twice under another
 * name.  Voltages stay (the NOS lists only its supplies' outputs).
 * The kernel's counters of an interface the NOS lists count only the
 * CPU's traffic on a switch ASIC, so the NOS's are used. */
static void merge_into(struct local_ctx *c, cJSON *facts)
{
	static const char *const lists[] = {
		"environment.temperatures", "environment.fans",
		"environment.power_supplies", NULL,
	};
	static const char *const counters[] = {"interfaces", NULL};
	struct merge_doc_opts o = {lists, counters, true, c->absent};

	if (merge_document(facts, c->facts, &o) < 0)
		log_error("local", "out of memory merging the local facts");
}

static void run_parts(struct local_ctx *c)
{
	struct local_samples *s = local_sample_first(c);

	local_collect_system(c);
	local_collect_hwmon(c);
	local_collect_thermal(c);
	local_collect_power_supply(c);
	local_collect_memory(c);
	local_collect_storage(c);
	if (s && !(c->cancel && *c->cancel))
		local_sample_second(c, s);
	local_collect_cpu(c, s);
	local_collect_interfaces(c, s);
	local_samples_free(s);
}

static enum src_status local_collect(struct collect_job *job)
{
	const struct target *t = job->target;
	struct local_ctx c = {
		.root = t->local.root ? t->local.root : "/",
		.sample_ms = t->local.sample_ms > 0 ? t->local.sample_ms
						    : DEFAULT_SAMPLE_MS,
		.cancel = job->cancel,
	};
	long start = collect_now_ms();
	enum src_status st;
	cJSON *src;

	c.live = strcmp(c.root, "/") == 0;
	c.failed = cJSON_CreateArray();
	c.absent = cJSON_CreateArray();
	c.facts = cJSON_CreateObject();
	sbuf_init(&c.raw, RAW_MAX);
	sbuf_addf(&c.raw, "# swinspect local collector, root %s\n", c.root);
	if (c.failed && c.absent && c.facts) {
		run_parts(&c);
		merge_into(&c, job->facts);
	}
	cJSON_Delete(c.facts);
	st = cJSON_GetArraySize(c.failed) ? SRC_PARTIAL : SRC_OK;
	if (c.cancel && *c.cancel)
		st = SRC_NOT_INSPECTED;
	src = facts_source(job->facts, "local", st,
			   st == SRC_PARTIAL ? "some files could not be read"
			   : st == SRC_NOT_INSPECTED ? "interrupted" : NULL,
			   collect_now_ms() - start);
	if (src && cJSON_GetArraySize(c.failed))
		cJSON_AddItemToObject(src, "failed", c.failed);
	else
		cJSON_Delete(c.failed);
	if (src && cJSON_GetArraySize(c.absent))
		cJSON_AddItemToObject(src, "absent", c.absent);
	else
		cJSON_Delete(c.absent);
	write_raw(&c, job->raw_dir);
	sbuf_free(&c.raw);
	return st;
}

const struct collector local_collector = {
	.name = "local",
	.wanted = local_wanted,
	.collect = local_collect,
};
