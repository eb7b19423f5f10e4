/* report.c - see report.h */
#include "config.h"
#include "report.h"
#include "error.h"
#include "fsutil.h"
#include "html.h"
#include "jsonio.h"
#include "log.h"
#include "model.h"
#include "sbuf.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DOC_MAX (256u << 20)
#define HTML_MAX (512u << 20)

static char *join2(const char *a, const char *b)
{
	return fs_join(a, b);
}

static cJSON *read_opt(const char *out, const char *name, bool required,
		       struct si_error *err, int *bad)
{
	char *file = join2(out, name);
	cJSON *doc = NULL;

	if (!file)
		return NULL;
	if (fs_exists(file) || required) {
		doc = json_read_file(file, DOC_MAX, err);
		if (!doc)
			*bad = 1;
	}
	free(file);
	return doc;
}

static const cJSON *get(const cJSON *o, const char *k)
{
	return cJSON_GetObjectItemCaseSensitive(o, k);
}

static const char *gets(const cJSON *o, const char *k)
{
	return cJSON_GetStringValue(get(o, k));
}

static void copy_str(cJSON *dst, const char *key, const cJSON *src,
		     const char *skey)
{
	const char *s = gets(src, skey);

	if (s)
		cJSON_AddStringToObject(dst, key, s);
}

static void copy_item(cJSON *dst, const char *key, const cJSON *src,
		      const char *skey)
{
	const cJSON *v = get(src, skey);

	if (v)
		cJSON_AddItemToObject(dst, key, cJSON_Duplicate(v, 1));
}

static cJSON *inspection_meta(const cJSON *insp)
{
	static const char *const keys[] = {
		"customer", "site", "period", "engineer", "service_level",
		"started_at", "finished_at", NULL,
	};
	cJSON *m = cJSON_CreateObject();

	for (size_t i = 0; insp && keys[i]; i++)
		copy_str(m, keys[i], insp, keys[i]);
	if (insp)
		copy_item(m, "incomplete", insp, "incomplete");
	else
		cJSON_AddBoolToObject(m, "incomplete", 0);
	cJSON_AddBoolToObject(m, "metadata_present", insp != NULL);
	return m;
}

/* The worst source status of a facts document. */
static const char *device_status(const cJSON *facts)
{
	const cJSON *s;
	const char *worst = "ok";

	cJSON_ArrayForEach(s, get(facts, "sources")) {
		const char *st = gets(s, "status");
		int code = st ? src_status_parse(st) : SRC_ERROR;

		if (code < 0)
			code = SRC_ERROR;
		if (src_status_unreached((enum src_status)code))
			return st ? st : "error";
		if (code == SRC_PARTIAL)
			worst = "partial";
	}
	return worst;
}

static cJSON *identity_of(const cJSON *facts)
{
	const cJSON *sys = get(facts, "system"), *os = get(sys, "os");
	cJSON *id = cJSON_CreateObject();

	copy_str(id, "hostname", sys, "hostname");
	copy_str(id, "vendor", sys, "vendor");
	copy_str(id, "model", sys, "model");
	copy_str(id, "serial", sys, "serial");
	copy_str(id, "os_family", os, "family");
	copy_str(id, "os_version", os, "version");
	copy_item(id, "uptime_s", sys, "uptime_s");
	copy_str(id, "description", sys, "description");
	return id;
}

/* Counts of what was collected, so the reader sees how much was looked at. */
static cJSON *facts_summary(const cJSON *facts)
{
	static const char *const lists[][2] = {
		{"environment", "temperatures"}, {"environment", "fans"},
		{"environment", "power_supplies"}, {"hardware", "modules"},
		{"hardware", "transceivers"}, {"hardware", "storage"},
	};
	cJSON *s = cJSON_CreateObject();

	for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
		cJSON_AddNumberToObject(s, lists[i][1],
					cJSON_GetArraySize(get(
						get(facts, lists[i][0]),
						lists[i][1])));
	cJSON_AddNumberToObject(s, "interfaces",
				cJSON_GetArraySize(get(facts, "interfaces")));
	copy_item(s, "cpu", get(facts, "environment"), "cpu");
	copy_item(s, "memory", get(facts, "environment"), "memory");
	return s;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **list_devices(const char *out, size_t *n)
{
	char *dir = join2(out, "devices");
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;
	char **v = NULL;

	*n = 0;
	while (d && (e = readdir(d))) {
		char **nv;

		if (e->d_name[0] == '.')
			continue;
		nv = realloc(v, (*n + 1) * sizeof(*v));
		if (!nv)
			break;
		v = nv;
		v[(*n)++] = strdup(e->d_name);
	}
	if (d)
		closedir(d);
	free(dir);
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_names);
	return v;
}

/* Worst open severity among a device's findings: its health. */
static const char *device_health(const cJSON *findings, const char *name,
				 const char *status)
{
	int best = 99;
	const cJSON *f;

	cJSON_ArrayForEach(f, findings) {
		const char *dev = gets(f, "device"), *st = gets(f, "state");
		const char *sev = gets(f, "severity");

		if (!dev || strcmp(dev, name) != 0 || !sev ||
		    (st && strcmp(st, "waived") == 0))
			continue;
		if (severity_rank(sev) >= 0 && severity_rank(sev) < best)
			best = severity_rank(sev);
	}
	if (best < 99 && best < 3)
		return severities[best];
	if (strcmp(status, "ok") != 0 && strcmp(status, "partial") != 0)
		return "not_reached";
	return "ok";
}

static void add_inventory_rows(cJSON *inv, const char *name,
			       const cJSON *facts)
{
	const cJSON *m;

	cJSON_ArrayForEach(m, get(get(facts, "hardware"), "modules")) {
		cJSON *row;

		if (!gets(m, "serial") && !gets(m, "model"))
			continue;
		row = cJSON_CreateObject();
		cJSON_AddStringToObject(row, "device", name);
		copy_str(row, "name", m, "name");
		copy_str(row, "class", m, "class");
		copy_str(row, "model", m, "model");
		copy_str(row, "serial", m, "serial");
		copy_str(row, "hw_rev", m, "hw_rev");
		cJSON_AddItemToArray(inv, row);
	}
}

static int add_device(cJSON *rep, const char *out, const char *name,
		      const cJSON *findings, struct si_error *err)
{
	char *dir = join2(out, "devices"), *ddir = join2(dir, name);
	char *file = join2(ddir, "facts.json");
	cJSON *facts = json_read_file(file, DOC_MAX, err), *d;
	const char *status;

	free(dir);
	free(ddir);
	free(file);
	if (!facts)
		return -1;
	status = device_status(facts);
	d = cJSON_CreateObject();
	cJSON_AddStringToObject(d, "name", name);
	copy_str(d, "address", get(facts, "device"), "address");
	copy_str(d, "collected_at", facts, "collected_at");
	cJSON_AddStringToObject(d, "status", status);
	cJSON_AddStringToObject(d, "health",
				device_health(findings, name, status));
	copy_item(d, "sources", facts, "sources");
	cJSON_AddItemToObject(d, "identity", identity_of(facts));
	cJSON_AddItemToObject(d, "facts_summary", facts_summary(facts));
	copy_item(d, "environment", facts, "environment");
	cJSON_AddItemToArray(cJSON_GetObjectItem(rep, "devices"), d);
	add_inventory_rows(cJSON_GetObjectItem(rep, "hardware_inventory"),
			   name, facts);
	cJSON_Delete(facts);
	return 0;
}

static int health_rank(const char *h)
{
	static const char *const order[] = {"critical", "not_reached", "major",
					    "minor", "ok", NULL};

	for (int i = 0; order[i]; i++)
		if (strcmp(order[i], h) == 0)
			return i;
	return 9;
}

static int cmp_devices(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	int d = health_rank(gets(x, "health")) - health_rank(gets(y, "health"));

	return d ? d : strcmp(gets(x, "name"), gets(y, "name"));
}

/* Devices at risk first, then by name. */
static void sort_devices(cJSON *devs)
{
	int n = cJSON_GetArraySize(devs);
	cJSON **v = calloc((size_t)(n ? n : 1), sizeof(*v));

	if (!v)
		return;
	for (int i = 0; i < n; i++)
		v[i] = cJSON_DetachItemFromArray(devs, 0);
	qsort(v, (size_t)n, sizeof(*v), cmp_devices);
	for (int i = 0; i < n; i++)
		cJSON_AddItemToArray(devs, v[i]);
	free(v);
}

static cJSON *summary(const cJSON *devs, const cJSON *findings,
		      const cJSON *ne)
{
	cJSON *s = cJSON_CreateObject(), *bysev, *bycat;
	int reached = 0, total = cJSON_GetArraySize(devs), waived = 0;
	const cJSON *d, *f;

	cJSON_ArrayForEach(d, devs) {
		const char *st = gets(d, "status");

		reached += strcmp(st, "ok") == 0 || strcmp(st, "partial") == 0;
	}
	cJSON_AddNumberToObject(s, "devices", total);
	cJSON_AddNumberToObject(s, "inspected", reached);
	cJSON_AddNumberToObject(s, "not_reached", total - reached);
	bysev = cJSON_AddObjectToObject(s, "findings_by_severity");
	for (int i = 0; severities[i]; i++)
		cJSON_AddNumberToObject(bysev, severities[i], 0);
	bycat = cJSON_AddObjectToObject(s, "findings_by_category");
	for (int i = 0; categories[i]; i++)
		cJSON_AddNumberToObject(bycat, categories[i], 0);
	cJSON_ArrayForEach(f, findings) {
		const char *sev = gets(f, "severity"), *cat = gets(f, "category");
		const char *st = gets(f, "state");
		cJSON *n;

		if (st && strcmp(st, "waived") == 0) {
			waived++;
			continue;
		}
		if (sev && (n = cJSON_GetObjectItem(bysev, sev)))
			cJSON_SetNumberValue(n, n->valuedouble + 1);
		if (cat && (n = cJSON_GetObjectItem(bycat, cat)))
			cJSON_SetNumberValue(n, n->valuedouble + 1);
	}
	cJSON_AddNumberToObject(s, "findings_waived", waived);
	cJSON_AddNumberToObject(s, "not_evaluated", cJSON_GetArraySize(ne));
	return s;
}

cJSON *report_build(const char *out, struct si_error *err, int *rc)
{
	int bad = 0;
	cJSON *insp = read_opt(out, "inspection.json", false, err, &bad);
	cJSON *fnd = bad ? NULL : read_opt(out, "findings.json", true, err,
					   &bad);
	cJSON *rep, *devs;
	size_t n;
	char **names, now[32];
	time_t t = time(NULL);
	struct tm tm;

	*rc = REPORT_EBADINPUT;
	if (bad) {
		if (!fnd && !err->line)
			si_error_prefix(err, "run 'swinspect check' first");
		cJSON_Delete(insp);
		return NULL;
	}
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	rep = cJSON_CreateObject();
	cJSON_AddStringToObject(rep, "schema", REPORT_SCHEMA_ID);
	cJSON_AddStringToObject(rep, "generator", PACKAGE_STRING);
	cJSON_AddStringToObject(rep, "generated_at", now);
	cJSON_AddItemToObject(rep, "inspection", inspection_meta(insp));
	devs = cJSON_AddArrayToObject(rep, "devices");
	cJSON_AddArrayToObject(rep, "hardware_inventory");
	names = list_devices(out, &n);
	for (size_t i = 0; i < n && !bad; i++)
		bad = add_device(rep, out, names[i], get(fnd, "findings"),
				 err) < 0;
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	sort_devices(devs);
	cJSON_AddItemToObject(rep, "summary",
			      summary(devs, get(fnd, "findings"),
				      get(fnd, "not_evaluated")));
	copy_item(rep, "findings", fnd, "findings");
	copy_item(rep, "not_evaluated", fnd, "not_evaluated");
	copy_item(rep, "packs", fnd, "packs");
	copy_item(rep, "rules", fnd, "rules");
	cJSON_Delete(insp);
	cJSON_Delete(fnd);
	if (bad) {
		cJSON_Delete(rep);
		return NULL;
	}
	*rc = 0;
	return rep;
}

static int write_html(const cJSON *rep, const char *out, const char *lang,
		      const char *name, struct si_error *err)
{
	struct sbuf b;
	char *file = join2(out, name);
	int rc;

	sbuf_init(&b, HTML_MAX);
	rc = html_render(rep, lang, &b);
	if (rc < 0 || b.truncated)
		rc = si_error_set(err, file, 0, 0, "cannot render the report "
				  "(out of memory or too large)");
	else
		rc = fs_write_atomic(file, sbuf_str(&b), b.len, err);
	sbuf_free(&b);
	free(file);
	return rc;
}

int report_write(const struct report_opts *o, struct si_error *err)
{
	int rc;
	cJSON *rep = report_build(o->out, err, &rc);
	char *file;
	const char *second = NULL;
	char first[16];

	if (!rep)
		return rc;
	snprintf(first, sizeof(first), "%s", o->lang ? o->lang : "en");
	if (strchr(first, ',')) {
		second = strchr(o->lang, ',') + 1;
		*strchr(first, ',') = '\0';
	}
	file = join2(o->out, "report.json");
	rc = json_write_file(file, rep, err);
	free(file);
	if (rc == 0)
		rc = write_html(rep, o->out, first, "report.html", err);
	if (rc == 0 && second) {
		char name[64];

		snprintf(name, sizeof(name), "report.%s.html", second);
		rc = write_html(rep, o->out, second, name, err);
	}
	cJSON_Delete(rep);
	return rc;
}
