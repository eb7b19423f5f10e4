/* build.c - OUT/ -> the report document (report.h, report_int.h).
 *
 * Reads OUT/inspection.json (optional), OUT/findings.json (required) and
 * every OUT/devices/<name>/facts.json; a device that inspection.json names
 * but that has no facts is listed as not reached, and a facts.json that
 * cannot be read is reported on its device rather than stopping the whole
 * report.  Findings are checked one by one and normalised; a malformed one
 * is left out (and counted) rather than breaking the report. */
#include "config.h"
#include "report.h"
#include "report_int.h"
#include "error.h"
#include "fsutil.h"
#include "jsonio.h"
#include "log.h"
#include "model.h"
#include "redact.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- inputs ------------------------------------------------------------- */

static cJSON *read_doc(const char *out, const char *name, bool required,
		       struct si_error *err, int *bad)
{
	char *file = fs_join(out, name);
	cJSON *doc = NULL;

	if (!file) {
		*bad = 1;
		si_error_set(err, NULL, 0, 0, "out of memory");
		return NULL;
	}
	if (required || fs_exists(file)) {
		doc = json_read_file(file, REPORT_DOC_MAX, err);
		if (!doc)
			*bad = 1;
		else
			rj_repair_utf8(doc);
	}
	free(file);
	return doc;
}

/* An allocation outside cJSON failed while building (json_nomem() sees
 * cJSON's own): the document would lack a device, a finding or a name. */
static bool build_nomem;

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void add_name(char ***v, size_t *n, size_t *cap, const char *name)
{
	if (*n == *cap) {
		size_t nc = *cap ? *cap * 2 : 64;
		char **nv = realloc(*v, nc * sizeof(**v));

		if (!nv) {
			build_nomem = true;
			return;
		}
		*v = nv;
		*cap = nc;
	}
	if (((*v)[*n] = strdup(name)))
		(*n)++;
	else
		build_nomem = true;
}

/* Names of OUT/devices/<name>/ and of inspection.json's devices, sorted,
 * without duplicates. */
static char **device_names(const char *out, const cJSON *insp, size_t *n)
{
	char *dir = fs_join(out, "devices");
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;
	const cJSON *x;
	char **v = NULL;
	size_t cap = 0, k = 0;

	*n = 0;
	if (!dir)
		build_nomem = true;
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			add_name(&v, n, &cap, e->d_name);
	if (d)
		closedir(d);
	free(dir);
	cJSON_ArrayForEach(x, rj_arr(insp, "devices"))
		if (rj_str(x, "name") && !strchr(rj_str(x, "name"), '/') &&
		    rj_str(x, "name")[0] != '.')
			add_name(&v, n, &cap, rj_str(x, "name"));
	if (*n == 0)
		return v;
	qsort(v, *n, sizeof(*v), cmp_str);
	for (size_t i = 0; i < *n; i++) {
		if (k > 0 && strcmp(v[k - 1], v[i]) == 0) {
			free(v[i]);
			continue;
		}
		v[k++] = v[i];
	}
	*n = k;
	return v;
}

static const cJSON *insp_device(const cJSON *insp, const char *name)
{
	const cJSON *x;

	cJSON_ArrayForEach(x, rj_arr(insp, "devices"))
		if (rj_str(x, "name") && strcmp(rj_str(x, "name"), name) == 0)
			return x;
	return NULL;
}

static cJSON *load_device(const char *out, const char *name,
			  const cJSON *insp)
{
	char *dir = fs_join(out, "devices");
	char *ddir = dir ? fs_join(dir, name) : NULL;
	char *file = ddir ? fs_join(ddir, "facts.json") : NULL;
	const cJSON *idev = insp_device(insp, name);
	struct si_error err;
	cJSON *facts = NULL, *dev;
	char msg[1400], *shown;

	si_error_clear(&err);
	if (!file)
		build_nomem = true;
	if (file && fs_exists(file)) {
		facts = json_read_file(file, REPORT_DOC_MAX, &err);
		/* not "facts.json unreadable": the report would go on */
		if (!facts && (strstr(err.msg, "out of memory") ||
			       strstr(err.msg, strerror(ENOMEM))))
			build_nomem = true;
		if (!facts)
			log_warn("report", "%s: %s", name,
				 si_error_str(&err, msg, sizeof(msg)));
	}
	if (facts && !cJSON_IsObject(facts)) {
		cJSON_Delete(facts);
		facts = NULL;
		si_error_set(&err, file, 0, 0, "not a facts document");
	}
	rj_repair_utf8(facts);
	shown = rj_utf8_dup(name);	/* a folder name is bytes, not text */
	if (!shown)
		build_nomem = true;
	dev = report_device(shown ? shown : "?", facts, idev);
	free(shown);
	if (!facts && err.msg[0]) {
		snprintf(msg, sizeof(msg), "facts.json unreadable: %s",
			 err.msg);
		rj_set_str(dev, "status_reason", msg);
	}
	cJSON_Delete(facts);
	free(file);
	free(ddir);
	free(dir);
	return dev;
}

/* ---- findings ------------------------------------------------------------ */

static void redact_walk(cJSON *v, bool secret)
{
	cJSON *c;

	if (cJSON_IsString(v) && secret &&
	    strncmp(v->valuestring, "<redacted", 9) != 0) {
		const char *r = redact_secret(v->valuestring);

		cJSON_SetValuestring(v, r);
	}
	for (c = v ? v->child : NULL; c; c = c->next)
		redact_walk(c, secret || (c->string && rj_secret_path(c->string)));
}

static cJSON *evidence(const cJSON *src)
{
	cJSON *list = cJSON_CreateArray();
	const cJSON *e;

	cJSON_ArrayForEach(e, src) {
		cJSON *o, *v;

		if (!cJSON_IsObject(e) || (!rj_str(e, "path") &&
					    !rj_get(e, "value") &&
					    !rj_get(e, "omitted")))
			continue;
		o = cJSON_CreateObject();
		rj_copy_str(o, "path", e, "path");
		if (rj_get(e, "value")) {
			v = cJSON_Duplicate(rj_get(e, "value"), 1);
			redact_walk(v, rj_secret_path(rj_str(e, "path")));
			json_add(o, "value", v);
		}
		rj_copy_str(o, "source", e, "source");
		rj_copy_bool(o, "absent", e, "absent");
		rj_copy_int(o, "omitted", e, "omitted", 0, 1e9);
		json_add(list, NULL, o);
	}
	return list;
}

static void add_text(cJSON *dst, const char *key, const cJSON *v)
{
	cJSON *t = rj_text(v);

	if (t)
		json_add(dst, key, t);
}

static cJSON *waiver(const cJSON *w)
{
	cJSON *o = cJSON_CreateObject();

	rj_copy_str(o, "reason", w, "reason");
	rj_copy_str(o, "by", w, "by");
	rj_copy_str(o, "expires", w, "expires");
	return o;
}

/* A finding in the report's shape, or NULL when it is unusable. */
static cJSON *finding(const cJSON *f)
{
	const char *state = rj_str(f, "state");
	const cJSON *r;
	cJSON *o, *refs;

	if (!rj_str(f, "rule") || !rj_str(f, "device") ||
	    severity_rank(rj_str(f, "severity") ? rj_str(f, "severity") : "")
		    < 0 ||
	    !category_valid(rj_str(f, "category") ? rj_str(f, "category") : ""))
		return NULL;
	o = cJSON_CreateObject();
	rj_copy_str(o, "rule", f, "rule");
	rj_copy_str(o, "pack", f, "pack");
	rj_copy_str(o, "severity", f, "severity");
	rj_copy_str(o, "category", f, "category");
	rj_copy_str(o, "device", f, "device");
	cJSON_AddStringToObject(o, "object",
				cJSON_IsString(rj_get(f, "object"))
					? rj_get(f, "object")->valuestring : "");
	add_text(o, "title", rj_get(f, "title"));
	add_text(o, "message", rj_get(f, "message"));
	add_text(o, "impact", rj_get(f, "impact"));
	add_text(o, "advice", rj_get(f, "advice"));
	json_add(o, "evidence", evidence(rj_arr(f, "evidence")));
	refs = cJSON_AddArrayToObject(o, "references");
	cJSON_ArrayForEach(r, rj_arr(f, "references"))
		if (cJSON_IsString(r) && r->valuestring[0])
			json_add(refs, NULL, cJSON_CreateString(
					       r->valuestring));
	cJSON_AddStringToObject(o, "state", state && strcmp(state, "waived") == 0
					    ? "waived" : "open");
	if (state && strcmp(state, "waived") == 0 && rj_obj(f, "waiver"))
		json_add(o, "waiver", waiver(rj_obj(f, "waiver")));
	else if (rj_obj(f, "waiver_expired"))
		json_add(o, "waiver_expired",
			 waiver(rj_obj(f, "waiver_expired")));
	return o;
}

/* A member's text, "" when it is missing: an object built out of
 * memory may lack keys (the writer refuses it later: json_nomem()). */
static const char *key_str(const cJSON *o, const char *key)
{
	const char *v = cJSON_GetStringValue(cJSON_GetObjectItem(o, key));

	return v ? v : "";
}

static int cmp_finding(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	int d = severity_rank(key_str(x, "severity")) -
		severity_rank(key_str(y, "severity"));

	if (!d)
		d = strcmp(key_str(x, "device"), key_str(y, "device"));
	if (!d)
		d = strcmp(key_str(x, "rule"), key_str(y, "rule"));
	return d ? d : strcmp(key_str(x, "object"), key_str(y, "object"));
}

static int cmp_by_device(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	int d = strcmp(key_str(x, "device"), key_str(y, "device"));

	return d ? d : cmp_finding(a, b);
}

static cJSON *findings_list(cJSON **v, size_t n, int dropped);

/* Normalised findings sorted by severity, device, rule, object. */
static cJSON *findings(const cJSON *src, int *dropped)
{
	cJSON **v;
	const cJSON *f;
	size_t n = 0, cap = (size_t)cJSON_GetArraySize(src) + 1;

	*dropped = 0;
	if (!(v = calloc(cap, sizeof(*v))))	/* not "all malformed" */
		return NULL;
	cJSON_ArrayForEach(f, src) {
		cJSON *o = finding(f);

		if (o)
			v[n++] = o;
		else
			(*dropped)++;
	}
	return findings_list(v, n, *dropped);
}

/* The list of the n normalised findings v (freed). */
static cJSON *findings_list(cJSON **v, size_t n, int dropped)
{
	cJSON *list = cJSON_CreateArray();

	if (n)		/* v is NULL for an empty list read by pieces */
		qsort(v, n, sizeof(*v), cmp_finding);
	for (size_t i = 0; i < n; i++)
		json_add(list, NULL, v[i]);
	free(v);
	if (dropped)
		log_warn("report", "%d finding(s) in findings.json are "
			 "malformed and left out of the report", dropped);
	return list;
}

/* ---- per-device look-up ---------------------------------------------------- */

struct by_device {
	const cJSON **v;
	size_t n;
};

static int cmp_device_only(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;

	return strcmp(rj_str(x, "device"), rj_str(y, "device"));
}

/* Entries of list that name a device, sorted by cmp (device first). */
static void index_build(struct by_device *ix, const cJSON *list,
			int (*cmp)(const void *, const void *))
{
	const cJSON *f;

	ix->n = 0;
	ix->v = calloc((size_t)cJSON_GetArraySize(list) + 1, sizeof(*ix->v));
	if (!ix->v) {
		build_nomem = true;
		return;
	}
	cJSON_ArrayForEach(f, list)
		if (rj_str(f, "device"))
			ix->v[ix->n++] = f;
	qsort(ix->v, ix->n, sizeof(*ix->v), cmp);
}

/* The first entry of device name and how many follow it. */
static const cJSON *const *index_find(const struct by_device *ix,
				      const char *name, size_t *count)
{
	size_t lo = 0, hi = ix->n, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(rj_str(ix->v[mid], "device"), name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < ix->n &&
		       strcmp(rj_str(ix->v[end], "device"), name) == 0;)
		end++;
	*count = end - lo;
	return ix->v ? ix->v + lo : NULL;
}

/* The device's row of findings.json's software table (the first, if
 * several), looked up in an index of the table: a walk of the table per
 * device was quadratic in the number of devices. */
static const cJSON *software_row(const struct by_device *sx,
				 const cJSON *table, const char *name)
{
	size_t count;
	const cJSON *const *v = index_find(sx, name, &count);
	const cJSON *r;

	if (!v || count == 0)
		return NULL;
	if (count == 1)
		return v[0];
	cJSON_ArrayForEach(r, table)	/* duplicates: the table's first */
		if (rj_str(r, "device") && strcmp(rj_str(r, "device"), name) == 0)
			return r;
	return NULL;
}

static cJSON *not_evaluated_one(const cJSON *x);

/* ---- findings.json, read by pieces ---------------------------------------- */

/* Its two long lists, findings and not_evaluated, are parsed one element
 * at a time and normalised at once: the tree of the whole document (five
 * times its text) is never in memory (issue 9).  Anything unexpected, or
 * that cJSON would refuse, falls back to the whole parse (read_doc()),
 * which gives the located error: the result is the same either way. */
struct pieces {
	bool f_done, ne_done;	/* findings / not_evaluated streamed */
	cJSON **fv;		/* normalised findings */
	size_t fn, fcap;
	int dropped;
	cJSON *ne;		/* normalised checks not evaluated */
	bool nomem;
};

static void pieces_free(struct pieces *pc)
{
	for (size_t i = 0; i < pc->fn; i++)
		cJSON_Delete(pc->fv[i]);
	free(pc->fv);
	cJSON_Delete(pc->ne);
	memset(pc, 0, sizeof(*pc));
}

static size_t skip_ws(const char *s, size_t n, size_t i)
{
	while (i < n && (unsigned char)s[i] <= 32)	/* as cJSON */
		i++;
	return i;
}

/* One past the value that starts at s[i], or 0 when it cannot be one. */
static size_t value_end(const char *s, size_t n, size_t i)
{
	size_t depth = 0;
	bool str = false;

	for (; i < n; i++) {
		char c = s[i];

		if (str) {
			if (c == '\\')
				i++;
			else if (c == '"' && (str = false, depth == 0))
				return i + 1;
			continue;
		}
		if (c == '"') {
			str = true;
		} else if (c == '{' || c == '[') {
			if (++depth > 900)	/* cJSON's nesting limit is 1000 */
				return 0;
		} else if (c == '}' || c == ']') {
			if (depth == 0)
				return i;
			if (--depth == 0)
				return i + 1;
		} else if (depth == 0 && (c == ',' || (unsigned char)c <= 32)) {
			return i;
		}
	}
	return depth || str ? 0 : i;
}

/* The value s[a, b), only if cJSON takes all of it. */
static cJSON *parse_span(const char *s, size_t a, size_t b)
{
	const char *end = NULL;
	cJSON *v;

	if (b <= a)
		return NULL;
	v = cJSON_ParseWithLengthOpts(s + a, b - a, &end, 0);
	if (v && end != s + b) {
		cJSON_Delete(v);
		v = NULL;
	}
	return v;
}

static void piece(struct pieces *pc, bool is_finding, cJSON *el)
{
	cJSON *o;

	rj_repair_utf8(el);
	if (!is_finding) {
		if (rj_str(el, "rule") && json_add(pc->ne, NULL,
						   not_evaluated_one(el)) < 0)
			pc->nomem = true;
		return;
	}
	if (!(o = finding(el))) {
		pc->dropped++;
		return;
	}
	if (pc->fn == pc->fcap) {
		size_t nc = pc->fcap ? pc->fcap * 2 : 256;
		cJSON **nv = realloc(pc->fv, nc * sizeof(*nv));

		if (!nv) {
			cJSON_Delete(o);
			pc->nomem = true;
			return;
		}
		pc->fv = nv;
		pc->fcap = nc;
	}
	pc->fv[pc->fn++] = o;
}

/* The array at s[*i], element by element; false when it is not as
 * expected. */
static bool stream_array(struct pieces *pc, bool is_finding, const char *s,
			 size_t n, size_t *i)
{
	size_t k = skip_ws(s, n, *i + 1), e;

	if (k < n && s[k] == ']') {
		*i = k + 1;
		return true;
	}
	for (;;) {
		cJSON *el;

		if (!(e = value_end(s, n, k)) || !(el = parse_span(s, k, e)))
			return false;
		piece(pc, is_finding, el);
		cJSON_Delete(el);
		k = skip_ws(s, n, e);
		if (k < n && s[k] == ',') {
			k = skip_ws(s, n, k + 1);
			continue;
		}
		if (k < n && s[k] == ']') {
			*i = k + 1;
			return true;
		}
		return false;
	}
}

/* findings.json's other members, its two lists streamed into pc; NULL when
 * the text is not as expected (pc then empty). */
static cJSON *split_findings(const char *s, size_t n, struct pieces *pc)
{
	cJSON *fnd = cJSON_CreateObject();
	size_t i = skip_ws(s, n, 0), e;

	if (!fnd || !(pc->ne = cJSON_CreateArray()) || i >= n || s[i] != '{')
		goto fail;
	i = skip_ws(s, n, i + 1);
	if (i < n && s[i] == '}')
		return fnd;
	for (;;) {
		cJSON *key, *v;
		const char *k;
		bool *done = NULL;

		if (i >= n || s[i] != '"' || !(e = value_end(s, n, i)) ||
		    !(key = parse_span(s, i, e)))
			goto fail;
		k = cJSON_GetStringValue(key);
		i = skip_ws(s, n, e);
		if (!k || i >= n || s[i] != ':') {
			cJSON_Delete(key);
			goto fail;
		}
		i = skip_ws(s, n, i + 1);
		if (strcmp(k, "findings") == 0 && !pc->f_done)
			done = &pc->f_done;
		else if (strcmp(k, "not_evaluated") == 0 && !pc->ne_done)
			done = &pc->ne_done;
		if (done && i < n && s[i] == '[') {
			*done = true;	/* an empty list keeps the key's place */
			v = cJSON_CreateArray();
			if (!stream_array(pc, done == &pc->f_done, s, n, &i)) {
				cJSON_Delete(v);
				cJSON_Delete(key);
				goto fail;
			}
		} else if (!(e = value_end(s, n, i)) ||
			   !(v = parse_span(s, i, e))) {
			cJSON_Delete(key);
			goto fail;
		} else {
			i = e;
		}
		if (!v || !cJSON_AddItemToObject(fnd, k, v)) {
			cJSON_Delete(v);
			cJSON_Delete(key);
			goto fail;
		}
		cJSON_Delete(key);
		i = skip_ws(s, n, i);
		if (i < n && s[i] == ',') {
			i = skip_ws(s, n, i + 1);
			continue;
		}
		if (i < n && s[i] == '}')
			break;
		goto fail;
	}
	if (pc->nomem)
		goto fail;
	rj_repair_utf8(fnd);
	return fnd;
fail:
	cJSON_Delete(fnd);
	pieces_free(pc);
	return NULL;
}

/* OUT/findings.json by pieces, else whole (read_doc()). */
static cJSON *read_findings(const char *out, struct si_error *err, int *bad,
			    struct pieces *pc)
{
	char *file = fs_join(out, "findings.json"), *text = NULL;
	size_t len;
	struct si_error e2;
	cJSON *fnd = NULL;

	si_error_clear(&e2);
	if (file && fs_read_file(file, REPORT_DOC_MAX, &text, &len, &e2) == 0)
		fnd = split_findings(text, len, pc);
	free(text);
	free(file);
	return fnd ? fnd : read_doc(out, "findings.json", true, err, bad);
}

/* ---- devices ------------------------------------------------------------- */

int report_health_rank(const char *h)
{
	static const char *const order[] = {"critical", "not_reached", "major",
					    "minor", "ok", NULL};

	for (int i = 0; h && order[i]; i++)
		if (strcmp(order[i], h) == 0)
			return i;
	return 9;
}

static int cmp_risk(const void *a, const void *b)
{
	const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
	int d = report_health_rank(rj_str(x, "health")) -
		report_health_rank(rj_str(y, "health"));

	return d ? d : strcmp(rj_str(x, "name"), rj_str(y, "name"));
}

/* Devices at risk first, then by name. */
static void sort_devices(cJSON *devs)
{
	int n = cJSON_GetArraySize(devs);
	cJSON **v = calloc((size_t)n + 1, sizeof(*v));

	if (!v) {
		build_nomem = true;	/* the order is part of the report */
		return;
	}
	for (int i = 0; i < n; i++)
		v[i] = cJSON_DetachItemFromArray(devs, 0);
	qsort(v, (size_t)n, sizeof(*v), cmp_risk);
	for (int i = 0; i < n; i++)
		json_add(devs, NULL, v[i]);
	free(v);
}

static void add_devices(cJSON *rep, const char *out, const cJSON *insp,
			const cJSON *fnd)
{
	cJSON *devs = cJSON_AddArrayToObject(rep, "devices");
	cJSON *inv = cJSON_AddArrayToObject(rep, "hardware_inventory");
	const cJSON *table = rj_arr(fnd, "software");
	struct by_device ix, sx;
	size_t n;
	char **names = device_names(out, insp, &n);

	index_build(&ix, rj_get(rep, "findings"), cmp_by_device);
	index_build(&sx, table, cmp_device_only);
	for (size_t i = 0; i < n; i++) {
		cJSON *d = load_device(out, names[i], insp);
		const char *name = rj_str(d, "name");
		size_t count;
		const cJSON *const *v;

		if (!d) {	/* out of memory (report_device()) */
			build_nomem = true;
			free(names[i]);
			continue;
		}
		v = index_find(&ix, name, &count);
		report_device_findings(d, v, count,
				       software_row(&sx, table, name));
		report_inventory_rows(inv, d);
		report_spool_put(d);	/* when report_write() opened it */
		json_add(devs, NULL, d);
		free(names[i]);
	}
	free(names);
	free(ix.v);
	free(sx.v);
	sort_devices(devs);
}

/* ---- the rest of the document --------------------------------------------- */

/* The software tables' summary (rules_tables_summary()), if the rules
 * put one in findings.json: where software verdicts come from. */
static cJSON *tables(const cJSON *src)
{
	cJSON *list = cJSON_CreateArray();
	const cJSON *t;

	cJSON_ArrayForEach(t, src) {
		cJSON *o;
		const cJSON *f;

		if (!rj_str(t, "table"))
			continue;
		o = cJSON_CreateObject();
		rj_copy_str(o, "table", t, "table");
		rj_copy_str(o, "vendor", t, "vendor");
		rj_copy_str(o, "as_of", t, "as_of");
		rj_copy_bool(o, "verified", t, "verified");
		f = rj_get(t, "families");
		if (cJSON_IsArray(f))
			cJSON_AddNumberToObject(o, "families", cJSON_GetArraySize(f));
		else
			rj_copy_int(o, "families", t, "families", 0, 1e9);
		f = rj_get(t, "known_issues");
		if (cJSON_IsArray(f))
			cJSON_AddNumberToObject(o, "known_issues",
						cJSON_GetArraySize(f));
		else
			rj_copy_int(o, "known_issues", t, "known_issues", 0, 1e9);
		json_add(list, NULL, o);
	}
	return list;
}

static cJSON *inspection_meta(const cJSON *insp, const cJSON *fnd)
{
	static const char *const keys[] = {
		"customer", "site", "period", "engineer", "service_level", NULL,
	};
	cJSON *m = cJSON_CreateObject(), *packs;
	const cJSON *p;

	for (size_t i = 0; keys[i]; i++)
		rj_copy_str(m, keys[i], insp, keys[i]);
	rj_copy_time(m, "started_at", insp, "started_at");
	rj_copy_time(m, "finished_at", insp, "finished_at");
	cJSON_AddBoolToObject(m, "incomplete",
			      cJSON_IsTrue(rj_get(insp, "incomplete")));
	cJSON_AddBoolToObject(m, "metadata_present", insp != NULL);
	rj_copy_str(m, "collected_by", insp, "generator");
	rj_copy_str(m, "checked_by", fnd, "generator");
	rj_copy_time(m, "checked_at", fnd, "generated_at");
	packs = cJSON_AddArrayToObject(m, "rule_packs");
	cJSON_ArrayForEach(p, rj_arr(fnd, "packs")) {
		cJSON *o;

		if (!rj_str(p, "pack"))
			continue;
		o = cJSON_CreateObject();
		rj_copy_str(o, "pack", p, "pack");
		if (cJSON_IsNumber(rj_get(p, "version"))) {
			char buf[32];

			snprintf(buf, sizeof(buf), "%g",
				 rj_get(p, "version")->valuedouble);
			cJSON_AddStringToObject(o, "version", buf);
		} else {
			rj_copy_str(o, "version", p, "version");
		}
		rj_copy_int(o, "rules", p, "rules", 0, 1e9);
		rj_copy_str(o, "as_of", p, "as_of");
		json_add(packs, NULL, o);
	}
	if (rj_arr(fnd, "tables"))
		json_add(m, "software_tables",
			 tables(rj_arr(fnd, "tables")));
	return m;
}

static cJSON *not_evaluated_one(const cJSON *x);

static cJSON *not_evaluated(const cJSON *src)
{
	cJSON *list = cJSON_CreateArray();
	const cJSON *x;

	cJSON_ArrayForEach(x, src)
		if (rj_str(x, "rule"))
			json_add(list, NULL, not_evaluated_one(x));
	return list;
}

/* One check not evaluated in the report's shape (x has a rule). */
static cJSON *not_evaluated_one(const cJSON *x)
{
	cJSON *o = cJSON_CreateObject(), *miss;
	const cJSON *m;

	rj_copy_str(o, "rule", x, "rule");
	rj_copy_str(o, "device", x, "device");
	rj_copy_str(o, "object", x, "object");
	if (rj_arr(x, "objects")) {
		cJSON *objs = cJSON_AddArrayToObject(o, "objects");

		cJSON_ArrayForEach(m, rj_arr(x, "objects"))
			if (cJSON_IsString(m) && m->valuestring[0])
				json_add(objs, NULL, cJSON_CreateString(
						       m->valuestring));
	}
	rj_copy_int(o, "count", x, "count", 0, 1e9);
	miss = cJSON_AddArrayToObject(o, "missing");
	cJSON_ArrayForEach(m, rj_arr(x, "missing"))
		if (cJSON_IsString(m) && m->valuestring[0])
			json_add(miss, NULL, cJSON_CreateString(
					       m->valuestring));
	rj_copy_str(o, "reason", x, "reason");
	return o;
}

static cJSON *catalog(const cJSON *src)
{
	cJSON *list = cJSON_CreateArray();
	const cJSON *r;

	cJSON_ArrayForEach(r, src) {
		cJSON *o;

		if (!rj_str(r, "id"))
			continue;
		o = cJSON_CreateObject();
		rj_copy_str(o, "id", r, "id");
		rj_copy_str(o, "pack", r, "pack");
		rj_copy_enum(o, "severity", r, "severity", severities);
		rj_copy_enum(o, "category", r, "category", categories);
		add_text(o, "title", rj_get(r, "title"));
		json_add(list, NULL, o);
	}
	return list;
}

static void bump(cJSON *o, const char *key)
{
	cJSON *n = cJSON_GetObjectItemCaseSensitive(o, key);

	if (n)
		cJSON_SetNumberValue(n, n->valuedouble + 1);
}

static cJSON *zeros(const char *const *keys)
{
	cJSON *o = cJSON_CreateObject();

	for (int i = 0; keys[i]; i++)
		cJSON_AddNumberToObject(o, keys[i], 0);
	return o;
}

static void summary_findings(cJSON *s, const cJSON *findings)
{
	cJSON *bysev = zeros(severities), *bycat = zeros(categories);
	cJSON *matrix = cJSON_CreateObject();
	const cJSON *f;
	int open = 0, waived = 0;

	for (int i = 0; categories[i]; i++)
		json_add(matrix, categories[i], zeros(severities));
	cJSON_ArrayForEach(f, findings) {
		if (strcmp(rj_str(f, "state"), "waived") == 0) {
			waived++;
			continue;
		}
		open++;
		bump(bysev, rj_str(f, "severity"));
		bump(bycat, rj_str(f, "category"));
		bump(cJSON_GetObjectItemCaseSensitive(matrix,
						      rj_str(f, "category")),
		     rj_str(f, "severity"));
	}
	cJSON_AddNumberToObject(s, "findings_open", open);
	cJSON_AddNumberToObject(s, "findings_waived", waived);
	json_add(s, "findings_by_severity", bysev);
	json_add(s, "findings_by_category", bycat);
	json_add(s, "findings_matrix", matrix);
}

static cJSON *summary(const cJSON *rep, int dropped)
{
	static const char *const healths[] = {"critical", "major", "minor",
					      "ok", "not_reached", NULL};
	cJSON *s = cJSON_CreateObject(), *health = zeros(healths);
	int total = 0, reached = 0, incomplete = 0, worst = 3;
	const cJSON *d, *f;

	cJSON_ArrayForEach(d, rj_arr(rep, "devices")) {
		bool r = cJSON_IsTrue(rj_get(d, "reached"));

		total++;
		reached += r;
		incomplete += r && strcmp(rj_str(d, "status"), "ok") != 0;
		bump(health, rj_str(d, "health"));
	}
	cJSON_AddNumberToObject(s, "devices", total);
	cJSON_AddNumberToObject(s, "inspected", reached);
	cJSON_AddNumberToObject(s, "not_reached", total - reached);
	cJSON_AddNumberToObject(s, "incomplete", incomplete);
	json_add(s, "health", health);
	summary_findings(s, rj_arr(rep, "findings"));
	cJSON_ArrayForEach(f, rj_arr(rep, "findings"))
		if (strcmp(rj_str(f, "state"), "open") == 0 &&
		    severity_rank(rj_str(f, "severity")) < worst)
			worst = severity_rank(rj_str(f, "severity"));
	cJSON_AddStringToObject(s, "verdict", worst < 3 ? severities[worst]
							: "ok");
	cJSON_AddNumberToObject(s, "not_evaluated",
				cJSON_GetArraySize(rj_arr(rep, "not_evaluated")));
	cJSON_AddNumberToObject(s, "findings_malformed", dropped);
	return s;
}

static void now_iso(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

cJSON *report_build(const char *out, struct si_error *err, int *rc)
{
	int bad = 0, dropped = 0;
	bool nomem;
	cJSON *insp = read_doc(out, "inspection.json", false, err, &bad);
	struct pieces pc = {0};
	cJSON *fnd = bad ? NULL : read_findings(out, err, &bad, &pc);
	cJSON *rep, *ne;
	char now[32];

	*rc = REPORT_EBADINPUT;
	if (!bad && (!cJSON_IsObject(fnd) || !cJSON_IsArray(rj_get(fnd, "findings")))) {
		char *file = fs_join(out, "findings.json");

		bad = si_error_set(err, file, 0, 0, "not a findings document "
				   "(no findings list)");
		free(file);
	}
	if (bad) {
		if (!fnd && strstr(err->msg, "cannot read"))
			si_error_prefix(err, "run 'swinspect check' first");
		cJSON_Delete(insp);
		cJSON_Delete(fnd);
		pieces_free(&pc);
		return NULL;
	}
	now_iso(now, sizeof(now));
	build_nomem = false;
	if (!(rep = cJSON_CreateObject())) {
		si_error_set(err, out, 0, 0, "cannot build the report: out of "
			     "memory");
		cJSON_Delete(insp);
		cJSON_Delete(fnd);
		pieces_free(&pc);
		*rc = -1;
		return NULL;
	}
	cJSON_AddStringToObject(rep, "schema", REPORT_SCHEMA_ID);
	cJSON_AddStringToObject(rep, "generator", PACKAGE_STRING);
	cJSON_AddStringToObject(rep, "generated_at", now);
	json_add(rep, "inspection", inspection_meta(insp, fnd));
	json_add(rep, "summary", cJSON_CreateObject());
	/* NULL: no memory (not always a cJSON allocation) */
	if (pc.f_done) {	/* read by pieces: the list is ready */
		dropped = pc.dropped;
		nomem = json_add(rep, "findings", findings_list(pc.fv, pc.fn,
								dropped)) < 0;
		pc.fv = NULL;
		pc.fn = 0;
	} else {
		nomem = json_add(rep, "findings", findings(rj_arr(fnd, "findings"),
							   &dropped)) < 0;
	}
	if (pc.ne_done) {
		json_add(rep, "not_evaluated", pc.ne);
		pc.ne = NULL;
	} else {
		json_add(rep, "not_evaluated",
			 not_evaluated(rj_arr(fnd, "not_evaluated")));
	}
	pieces_free(&pc);
	/* the findings are in the report now: findings.json's own lists,
	 * as big again, need not stay while the devices are built */
	cJSON_DeleteItemFromObjectCaseSensitive(fnd, "findings");
	cJSON_DeleteItemFromObjectCaseSensitive(fnd, "not_evaluated");
	cJSON_ArrayForEach(ne, rj_get(rep, "not_evaluated"))
		report_spool_put_stub(ne, "device");	/* report_write() */
	/* Each step reads what the one before built: none goes on from a
	 * document with a hole (a key missing where it is always set). */
	if (!(nomem |= json_nomem()))
		add_devices(rep, out, insp, fnd);
	if (!(nomem |= json_nomem() || build_nomem))
		json_replace(rep, "summary", summary(rep, dropped));
	if (!(nomem |= json_nomem()))
		json_add(rep, "rules", catalog(rj_arr(fnd, "rules")));
	cJSON_Delete(insp);
	cJSON_Delete(fnd);
	if (nomem || json_nomem() || build_nomem) {
		si_error_set(err, out, 0, 0, "cannot build the report: out of "
			     "memory");
		cJSON_Delete(rep);
		*rc = -1;
		return NULL;
	}
	*rc = 0;
	return rep;
}
