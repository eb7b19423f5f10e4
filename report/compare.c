/* compare.c - this inspection against the previous one (report_int.h).
 *
 * Findings are matched by identity (rule + device + object, DESIGN.md):
 * new, persisting, resolved.  A previous finding on a device that was not
 * reached this time, or is no longer inspected, or whose rule could not be
 * evaluated on that device this time (its facts are missing), is
 * "unverified", never "resolved": nobody looked.  Devices are matched by name: added, gone,
 * version and chassis changes, parts whose serial appeared or disappeared,
 * collection status changes; trends of the hottest sensor, CPU and memory
 * carry the previous report's own series forward, so each report holds up
 * to REPORT_TREND_POINTS inspections of history without reading the older
 * ones.  Everything is matched through sorted keys: linear-logarithmic in
 * the number of devices and findings. */
#include "config.h"
#include "report.h"
#include "report_int.h"
#include "error.h"
#include "fsutil.h"
#include "jsonio.h"
#include "model.h"
#include "sbuf.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- keyed, sorted views of a list ---------------------------------------- */

struct kv {
	char *key;
	cJSON *item;
};

struct keyed {
	struct kv *v;
	size_t n;
};

typedef char *(*key_fn)(const cJSON *);

static int cmp_kv(const void *a, const void *b)
{
	return strcmp(((const struct kv *)a)->key, ((const struct kv *)b)->key);
}

static void keyed_build(struct keyed *k, const cJSON *list, key_fn fn)
{
	cJSON *x;

	k->n = 0;
	k->v = calloc((size_t)cJSON_GetArraySize(list) + 1, sizeof(*k->v));
	if (!k->v) {
		json_nomem_note();	/* nothing would match: a false change */
		return;
	}
	cJSON_ArrayForEach(x, list) {
		char *key = fn(x);

		if (key) {
			k->v[k->n].key = key;
			k->v[k->n++].item = x;
		}
	}
	qsort(k->v, k->n, sizeof(*k->v), cmp_kv);
}

static cJSON *keyed_find(const struct keyed *k, const char *key)
{
	struct kv probe = {.key = (char *)key}, *hit;

	if (!k->n)
		return NULL;
	hit = bsearch(&probe, k->v, k->n, sizeof(*k->v), cmp_kv);
	return hit ? hit->item : NULL;
}

static void keyed_free(struct keyed *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->v[i].key);
	free(k->v);
}

/* A key that could not be built (out of memory) leaves its item out of
 * the comparison: a hole in the document. */
static char *key_done(char *key)
{
	if (!key)
		json_nomem_note();
	return key;
}

static char *steal_key(struct sbuf *b)
{
	return key_done(sbuf_steal(b));
}

static char *name_key(const cJSON *d)
{
	return rj_str(d, "name") ? key_done(strdup(rj_str(d, "name"))) : NULL;
}

static char *part_key(const cJSON *r)
{
	struct sbuf b;

	if (!rj_str(r, "device") || !rj_str(r, "serial"))
		return NULL;
	sbuf_init(&b, SBUF_UNLIMITED);
	sbuf_addf(&b, "%s\x1f%s", rj_str(r, "device"), rj_str(r, "serial"));
	return steal_key(&b);
}

static char *trend_key(const cJSON *t)
{
	struct sbuf b;

	if (!rj_str(t, "device") || !rj_str(t, "metric"))
		return NULL;
	sbuf_init(&b, SBUF_UNLIMITED);
	sbuf_addf(&b, "%s\x1f%s", rj_str(t, "device"), rj_str(t, "metric"));
	return steal_key(&b);
}

/* ---- findings ------------------------------------------------------------ */

static cJSON *change_entry(const char *change, const cJSON *f,
			   const cJSON *before)
{
	cJSON *o = cJSON_CreateObject();

	cJSON *t = rj_text(rj_get(f, "title"));

	/* f may come from the previous report: checked like any input */
	cJSON_AddStringToObject(o, "change", change);
	rj_copy_str(o, "rule", f, "rule");
	rj_copy_str(o, "device", f, "device");
	cJSON_AddStringToObject(o, "object",
				cJSON_GetStringValue(rj_get(f, "object"))
					? rj_get(f, "object")->valuestring : "");
	rj_copy_enum(o, "severity", f, "severity", severities);
	rj_copy_enum(o, "category", f, "category", categories);
	if (t)
		json_add(o, "title", t);
	if (before && rj_str(before, "severity") && rj_str(f, "severity") &&
	    strcmp(rj_str(before, "severity"), rj_str(f, "severity")) != 0)
		rj_copy_enum(o, "previous_severity", before, "severity",
			     severities);
	return o;
}

/* "rule\x1fdevice" of a finding or of a not-evaluated entry. */
static char *rule_device_key(const cJSON *x)
{
	struct sbuf b;

	if (!rj_str(x, "rule") || !rj_str(x, "device"))
		return NULL;
	sbuf_init(&b, SBUF_UNLIMITED);
	sbuf_addf(&b, "%s\x1f%s", rj_str(x, "rule"), rj_str(x, "device"));
	return steal_key(&b);
}

/* Was the previous finding f looked at again?  Only if its device was
 * reached (for a site finding: the site checklist was answered) and its
 * rule could be evaluated there this time. */
static bool checked_again(const cJSON *f, const cJSON *rep,
			  const struct keyed *cur_devs,
			  const struct keyed *not_eval)
{
	const cJSON *d = keyed_find(cur_devs, rj_str(f, "device"));
	char *k;
	bool missing;

	if (strcmp(rj_str(f, "device"), REPORT_SITE_DEVICE) == 0) {
		if (!rj_obj(rep, "site"))
			return false;
	} else if (!d || !cJSON_IsTrue(rj_get(d, "reached"))) {
		return false;
	}
	k = rule_device_key(f);
	missing = k && keyed_find(not_eval, k);
	free(k);
	return !missing;
}

/* Appends entries to list and counts them; marks rep's findings. */
static void compare_findings(cJSON *cmp, cJSON *list, const cJSON *rep,
			     const cJSON *prev, const struct keyed *cur_devs)
{
	struct keyed cur, old, ne;
	int n_new = 0, n_pers = 0, n_res = 0, n_unv = 0;
	cJSON *counts = cJSON_AddObjectToObject(cmp, "counts");

	keyed_build(&cur, rj_arr(rep, "findings"), rj_identity);
	keyed_build(&old, rj_arr(prev, "findings"), rj_identity);
	keyed_build(&ne, rj_arr(rep, "not_evaluated"), rule_device_key);
	for (size_t i = 0; i < cur.n; i++) {
		cJSON *f = cur.v[i].item, *before = keyed_find(&old, cur.v[i].key);
		const char *ch = before ? "persisting" : "new";

		cJSON_AddStringToObject(f, "change", ch);
		json_add(list, NULL, change_entry(ch, f, before));
		*(before ? &n_pers : &n_new) += 1;
	}
	for (size_t i = 0; i < old.n; i++) {
		const cJSON *f = old.v[i].item;
		bool seen;

		if (keyed_find(&cur, old.v[i].key))
			continue;
		seen = checked_again(f, rep, cur_devs, &ne);
		json_add(list, NULL, change_entry(seen ? "resolved"
						 : "unverified",
					    f, NULL));
		*(seen ? &n_res : &n_unv) += 1;
	}
	cJSON_AddNumberToObject(counts, "new", n_new);
	cJSON_AddNumberToObject(counts, "resolved", n_res);
	cJSON_AddNumberToObject(counts, "persisting", n_pers);
	cJSON_AddNumberToObject(counts, "unverified", n_unv);
	keyed_free(&cur);
	keyed_free(&old);
	keyed_free(&ne);
}

static int sev_rank(const cJSON *f)
{
	const char *s = rj_str(f, "severity");

	return s ? severity_rank(s) : 9;
}

static int change_rank(const char *c)
{
	static const char *const order[] = {"new", "resolved", "unverified",
					    "persisting", NULL};

	for (int i = 0; order[i]; i++)
		if (strcmp(order[i], c) == 0)
			return i;
	return 9;
}

static int cmp_change(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	int d = change_rank(rj_str(x, "change")) - change_rank(rj_str(y, "change"));

	if (!d)
		d = sev_rank(x) - sev_rank(y);
	if (!d)
		d = strcmp(rj_str(x, "device"), rj_str(y, "device"));
	if (!d)
		d = strcmp(rj_str(x, "rule"), rj_str(y, "rule"));
	return d ? d : strcmp(rj_get(x, "object")->valuestring,
			      rj_get(y, "object")->valuestring);
}

static void sort_list(cJSON *list, int (*cmp)(const void *, const void *))
{
	int n;
	cJSON **v;

	/* out of memory already: entries may lack the keys cmp reads, and
	 * the document is refused anyway */
	if (json_nomem())
		return;
	n = cJSON_GetArraySize(list);
	if (!(v = calloc((size_t)n + 1, sizeof(*v)))) {
		json_nomem_note();	/* the order is part of the result */
		return;
	}
	for (int i = 0; i < n; i++)
		v[i] = cJSON_DetachItemFromArray(list, 0);
	qsort(v, (size_t)n, sizeof(*v), cmp);
	for (int i = 0; i < n; i++)
		json_add(list, NULL, v[i]);
	free(v);
}

/* ---- devices --------------------------------------------------------------- */

static bool differs(const char *a, const char *b)
{
	return (a || b) && (!a || !b || strcmp(a, b) != 0);
}

static void version_change(cJSON *list, const cJSON *d, const cJSON *p)
{
	const cJSON *id = rj_obj(d, "identity"), *pid = rj_obj(p, "identity");
	cJSON *o;

	if (!rj_str(id, "os_version") || !rj_str(pid, "os_version"))
		return;
	if (!differs(rj_str(id, "os_version"), rj_str(pid, "os_version")) &&
	    !differs(rj_str(id, "os_patch"), rj_str(pid, "os_patch")))
		return;
	o = cJSON_CreateObject();
	rj_copy_str(o, "device", d, "name");
	rj_copy_str(o, "from", pid, "os_version");
	rj_copy_str(o, "to", id, "os_version");
	rj_copy_str(o, "from_patch", pid, "os_patch");
	rj_copy_str(o, "to_patch", id, "os_patch");
	json_add(list, NULL, o);
}

static void identity_change(cJSON *list, const cJSON *d, const cJSON *p,
			    const char *key)
{
	const char *now = rj_str(rj_obj(d, "identity"), key);
	const char *was = rj_str(rj_obj(p, "identity"), key);
	cJSON *o;

	if (!now || !was || strcmp(now, was) == 0)
		return;
	o = cJSON_CreateObject();
	rj_copy_str(o, "device", d, "name");
	cJSON_AddStringToObject(o, "field", key);
	cJSON_AddStringToObject(o, "from", was);
	cJSON_AddStringToObject(o, "to", now);
	json_add(list, NULL, o);
}

static void status_change(cJSON *list, const cJSON *d, const cJSON *p)
{
	bool now = cJSON_IsTrue(rj_get(d, "reached"));
	bool was = cJSON_IsTrue(rj_get(p, "reached"));
	cJSON *o;

	if (now == was)
		return;
	o = cJSON_CreateObject();
	rj_copy_str(o, "device", d, "name");
	cJSON_AddStringToObject(o, "from", src_status_parse(rj_str(p, "status")
							     ? rj_str(p, "status")
							     : "") >= 0
					   ? rj_str(p, "status") : "error");
	rj_copy_str(o, "to", d, "status");
	json_add(list, NULL, o);
}

static void compare_devices(cJSON *cmp, const cJSON *rep, const cJSON *prev,
			    const struct keyed *cur_devs)
{
	cJSON *added = cJSON_AddArrayToObject(cmp, "devices_added");
	cJSON *gone = cJSON_AddArrayToObject(cmp, "devices_gone");
	cJSON *vers = cJSON_AddArrayToObject(cmp, "versions");
	cJSON *ident = cJSON_AddArrayToObject(cmp, "identity_changes");
	cJSON *stat = cJSON_AddArrayToObject(cmp, "status_changes");
	struct keyed old;

	keyed_build(&old, rj_arr(prev, "devices"), name_key);
	for (size_t i = 0; i < cur_devs->n; i++) {
		const cJSON *d = cur_devs->v[i].item;
		const cJSON *p = keyed_find(&old, cur_devs->v[i].key);

		if (!p) {
			json_add(added, NULL, cJSON_CreateString(
						cur_devs->v[i].key));
			continue;
		}
		version_change(vers, d, p);
		identity_change(ident, d, p, "model");
		identity_change(ident, d, p, "serial");
		status_change(stat, d, p);
	}
	for (size_t i = 0; i < old.n; i++)
		if (!keyed_find(cur_devs, old.v[i].key))
			json_add(gone, NULL, cJSON_CreateString(
					       old.v[i].key));
	keyed_free(&old);
}

static cJSON *part(const cJSON *r)
{
	static const char *const kinds[] = {
		"chassis", "module", "stack_member", "supervisor", "psu", "fan",
		"port", "sensor", "container", "other", "transceiver", NULL,
	};
	cJSON *o = cJSON_CreateObject();

	rj_copy_str(o, "device", r, "device");
	if (rj_in(kinds, rj_str(r, "kind")))
		rj_copy_str(o, "kind", r, "kind");
	else
		cJSON_AddStringToObject(o, "kind", "other");
	rj_copy_str(o, "name", r, "name");
	rj_copy_str(o, "model", r, "model");
	rj_copy_str(o, "serial", r, "serial");
	return o;
}

/* Serial numbers that appeared or disappeared on devices inspected both
 * times: replaced or added parts. */
static void compare_parts(cJSON *cmp, const cJSON *rep, const cJSON *prev,
			  const struct keyed *cur_devs)
{
	cJSON *in = cJSON_AddArrayToObject(cmp, "parts_added");
	cJSON *out = cJSON_AddArrayToObject(cmp, "parts_removed");
	struct keyed cur, old, olddevs;

	keyed_build(&cur, rj_arr(rep, "hardware_inventory"), part_key);
	keyed_build(&old, rj_arr(prev, "hardware_inventory"), part_key);
	keyed_build(&olddevs, rj_arr(prev, "devices"), name_key);
	for (size_t i = 0; i < cur.n; i++) {
		const char *dev = rj_str(cur.v[i].item, "device");
		const cJSON *p = keyed_find(&olddevs, dev);

		if (p && cJSON_IsTrue(rj_get(p, "reached")) &&
		    !keyed_find(&old, cur.v[i].key))
			json_add(in, NULL, part(cur.v[i].item));
	}
	for (size_t i = 0; i < old.n; i++) {
		const char *dev = rj_str(old.v[i].item, "device");
		const cJSON *d = keyed_find(cur_devs, dev);

		if (d && cJSON_IsTrue(rj_get(d, "reached")) &&
		    !keyed_find(&cur, old.v[i].key))
			json_add(out, NULL, part(old.v[i].item));
	}
	keyed_free(&cur);
	keyed_free(&old);
	keyed_free(&olddevs);
}

/* ---- trends ----------------------------------------------------------------- */

static const char *const metrics[] = {"temperature_max_c", "cpu_load_pct",
				      "memory_used_pct", NULL};

static const char *when(const cJSON *r)
{
	const char *s = rj_str(rj_obj(r, "inspection"), "started_at");

	return s ? s : rj_str(r, "generated_at");
}

static cJSON *point_at(const char *at, const char *period, double v)
{
	cJSON *p = cJSON_CreateObject();

	cJSON_AddStringToObject(p, "at", at);
	if (period)
		cJSON_AddStringToObject(p, "period", period);
	cJSON_AddNumberToObject(p, "value", v);
	return p;
}

static cJSON *point(const cJSON *r, double v)
{
	return point_at(when(r), rj_str(rj_obj(r, "inspection"), "period"), v);
}

/* The previous series (or its single value), then the current value. */
static cJSON *series(const cJSON *prev, const cJSON *pdev,
		     const cJSON *ptrend, const char *metric)
{
	cJSON *pts = cJSON_CreateArray();
	const cJSON *x;
	double v;

	if (ptrend) {
		cJSON_ArrayForEach(x, rj_arr(ptrend, "points"))
			if (rj_is_time(rj_str(x, "at")) && rj_num(x, "value", &v))
				json_add(pts, NULL, point_at(
			    rj_str(x, "at"), rj_str(x, "period"), v));
	} else if (rj_num(rj_obj(pdev, "summary"), metric, &v) &&
		   rj_is_time(when(prev))) {
		json_add(pts, NULL, point(prev, v));
	}
	return pts;
}

static void add_trend(cJSON *list, const cJSON *rep, const cJSON *d,
		      const cJSON *prev, const cJSON *pdev,
		      const cJSON *ptrend, const char *metric)
{
	cJSON *t, *pts;
	double now, before;

	if (!rj_num(rj_obj(d, "summary"), metric, &now))
		return;
	pts = series(prev, pdev, ptrend, metric);
	if (!cJSON_GetArraySize(pts)) {
		cJSON_Delete(pts);
		return;
	}
	before = 0;
	rj_num(cJSON_GetArrayItem(pts, cJSON_GetArraySize(pts) - 1), "value",
	       &before);
	json_add(pts, NULL, point(rep, now));
	while (cJSON_GetArraySize(pts) > REPORT_TREND_POINTS)
		cJSON_DeleteItemFromArray(pts, 0);
	t = cJSON_CreateObject();
	rj_copy_str(t, "device", d, "name");
	cJSON_AddStringToObject(t, "metric", metric);
	cJSON_AddNumberToObject(t, "previous", before);
	cJSON_AddNumberToObject(t, "current", now);
	cJSON_AddNumberToObject(t, "delta", now - before);
	json_add(t, "points", pts);
	json_add(list, NULL, t);
}

static void compare_trends(cJSON *cmp, const cJSON *rep, const cJSON *prev)
{
	cJSON *list = cJSON_AddArrayToObject(cmp, "trends");
	struct keyed old, oldt;
	const cJSON *d;
	struct sbuf key;

	keyed_build(&old, rj_arr(prev, "devices"), name_key);
	keyed_build(&oldt, rj_arr(rj_obj(prev, "comparison"), "trends"),
		    trend_key);
	cJSON_ArrayForEach(d, rj_arr(rep, "devices")) {
		const cJSON *p = keyed_find(&old, rj_str(d, "name"));

		if (!p)
			continue;
		for (int m = 0; metrics[m]; m++) {
			sbuf_init(&key, SBUF_UNLIMITED);
			sbuf_addf(&key, "%s\x1f%s", rj_str(d, "name"),
				  metrics[m]);
			if (key.nomem)	/* the previous series not found */
				json_nomem_note();
			add_trend(list, rep, d, prev, p,
				  keyed_find(&oldt, sbuf_str(&key)), metrics[m]);
			sbuf_free(&key);
		}
	}
	keyed_free(&old);
	keyed_free(&oldt);
}

/* ---- the comparison ------------------------------------------------------- */

static cJSON *previous_meta(const cJSON *prev, const char *how,
			    const char *file)
{
	static const char *const keys[] = {"customer", "site", "period",
					   "started_at", "finished_at", NULL};
	const cJSON *m = rj_obj(prev, "inspection");
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "source", how);
	if (file)
		cJSON_AddStringToObject(o, "file", file);
	rj_copy_time(o, "generated_at", prev, "generated_at");
	for (int i = 0; keys[i]; i++)
		if (strstr(keys[i], "_at"))
			rj_copy_time(o, keys[i], m, keys[i]);
		else
			rj_copy_str(o, keys[i], m, keys[i]);
	rj_copy_int(o, "devices", rj_obj(prev, "summary"), "devices", 0, 1e12);
	return o;
}

int report_compare(cJSON *rep, const cJSON *prev, const char *how,
		   const char *file)
{
	cJSON *cmp = cJSON_CreateObject(), *list;
	struct keyed cur_devs;

	if (!cmp)
		return -1;
	keyed_build(&cur_devs, rj_arr(rep, "devices"), name_key);
	json_add(cmp, "previous", previous_meta(prev, how, file));
	list = cJSON_CreateArray();
	compare_findings(cmp, list, rep, prev, &cur_devs);
	sort_list(list, cmp_change);
	json_add(cmp, "findings", list);
	compare_devices(cmp, rep, prev, &cur_devs);
	compare_parts(cmp, rep, prev, &cur_devs);
	compare_trends(cmp, rep, prev);
	keyed_free(&cur_devs);
	cJSON_DeleteItemFromObjectCaseSensitive(rep, "comparison");
	json_add(rep, "comparison", cmp);
	return 0;
}

/* ---- the archive ----------------------------------------------------------- */

static bool same_place(const cJSON *a, const cJSON *b, const char *key)
{
	const char *x = rj_str(rj_obj(a, "inspection"), key);
	const char *y = rj_str(rj_obj(b, "inspection"), key);

	return !x || !y || strcmp(x, y) == 0;
}

/* Is candidate file a usable previous report of rep, newer than *best? */
static bool better(const char *file, const cJSON *rep, char *best_when,
		   size_t n)
{
	struct si_error err;
	cJSON *doc = json_read_file(file, REPORT_DOC_MAX, &err);
	const char *t = doc ? when(doc) : NULL, *mine = when(rep);
	bool ok = t && rj_str(doc, "schema") &&
		  strcmp(rj_str(doc, "schema"), REPORT_SCHEMA_ID) == 0 &&
		  same_place(doc, rep, "customer") &&
		  same_place(doc, rep, "site") &&
		  (!mine || strcmp(t, mine) < 0) &&
		  strcmp(t, best_when) > 0;

	/* a report left out for lack of memory: the wrong one compared */
	if (!doc && strstr(err.msg, "out of memory"))
		json_nomem_note();
	if (ok)
		snprintf(best_when, n, "%s", t);
	cJSON_Delete(doc);
	return ok;
}

static void consider(const char *file, const cJSON *rep, char **best,
		     char *best_when, size_t n)
{
	if (!fs_exists(file) || fs_is_dir(file) ||
	    !better(file, rep, best_when, n))
		return;
	free(*best);
	if (!(*best = strdup(file)))
		json_nomem_note();
}

char *report_archive_find(const char *dir, const cJSON *rep)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *best = NULL, best_when[64] = "";

	while (d && (e = readdir(d))) {
		char *p, *sub;
		size_t len = strlen(e->d_name);

		if (e->d_name[0] == '.')
			continue;
		p = fs_join(dir, e->d_name);
		if (p && fs_is_dir(p)) {
			sub = fs_join(p, "report.json");
			if (sub)
				consider(sub, rep, &best, best_when,
					 sizeof(best_when));
			free(sub);
		} else if (p && len > 5 &&
			   strcmp(e->d_name + len - 5, ".json") == 0) {
			consider(p, rep, &best, best_when, sizeof(best_when));
		}
		free(p);
	}
	if (d)
		closedir(d);
	return best;
}

/* "2026-11-28T10:00:00Z" -> "20261128T100000Z"; other characters of the
 * period kept only when they are safe in a file name. */
static void archive_name(char *buf, size_t n, const cJSON *rep)
{
	const char *t = when(rep), *period = rj_str(rj_obj(rep, "inspection"),
						    "period");
	struct sbuf b;

	sbuf_init(&b, n > 32 ? n - 32 : 0);
	for (const char *p = t ? t : ""; *p; p++)
		if ((*p >= '0' && *p <= '9') || *p == 'T' || *p == 'Z')
			sbuf_addc(&b, *p);
	if (period) {
		sbuf_addc(&b, '-');
		for (const char *p = period; *p && b.len < 60; p++)
			sbuf_addc(&b, (strchr("-_.", *p) ||
				       (*p >= '0' && *p <= '9') ||
				       (*p >= 'A' && *p <= 'Z') ||
				       (*p >= 'a' && *p <= 'z')) ? *p : '_');
	}
	snprintf(buf, n, "%s.report.json", sbuf_str(&b));
	sbuf_free(&b);
}

char *report_archive_file(const char *dir, const cJSON *rep,
			  struct si_error *err)
{
	char name[128], *file;

	if (fs_mkdirs(dir, FS_DIR_MODE, err) < 0)
		return NULL;
	archive_name(name, sizeof(name), rep);
	file = fs_join(dir, name);
	if (!file)
		si_error_set(err, dir, 0, 0, "out of memory");
	return file;
}

int report_archive_store(const char *dir, const cJSON *rep,
			 struct si_error *err)
{
	char *file = report_archive_file(dir, rep, err);
	int rc;

	if (!file)
		return -1;
	rc = json_write_file(file, rep, err);
	free(file);
	return rc;
}
