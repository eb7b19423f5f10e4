/* site.c - the report's site section (report_int.h) from OUT/site.json,
 * written by `swinspect ... --site` (agent/site.c, doc/site.md): the
 * checklist's answers with their questions and criteria, the engineer,
 * the customer's acknowledgement, the photos (JPEG/PNG, checked by their
 * first bytes, embedded as data: URIs up to a total size cap), and the
 * answers of the previous inspection next to this one's.  Like every
 * input, site.json is not trusted: each value is copied only when it has
 * its type. */
#include "config.h"
#include "report.h"
#include "report_int.h"
#include "error.h"
#include "fsutil.h"
#include "jsonio.h"
#include "log.h"
#include "sbuf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PHOTO_CAP_DEFAULT_MB 8
#define PHOTO_FILE_MAX (64u << 20)

static const char *const item_types[] = {"number", "yesno", "choice", "text",
					 "photo", "derived", NULL};

static void copy_text(cJSON *dst, const char *key, const cJSON *src)
{
	cJSON *t = rj_text(rj_get(src, key));

	if (t)
		json_add(dst, key, t);
}

static bool is_date(const char *s)
{
	if (!s || strlen(s) != 10)
		return false;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

static void copy_date(cJSON *dst, const char *key, const cJSON *src)
{
	if (is_date(rj_str(src, key)))
		rj_copy_str(dst, key, src, key);
}

static void copy_answer(cJSON *dst, const char *key, const cJSON *v)
{
	/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): Is*(NULL) is false */
	if (cJSON_IsBool(v) || (cJSON_IsString(v) && v->valuestring[0]))
		json_add(dst, key, cJSON_Duplicate(v, 0));
	/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): Is*(NULL) is false */
	else if (cJSON_IsNumber(v) && v->valuedouble == v->valuedouble &&
		 v->valuedouble < 1e15 && v->valuedouble > -1e15)
		cJSON_AddNumberToObject(dst, key, v->valuedouble);
}

/* ---- photos -------------------------------------------------------------- */

static const char *media_type(const unsigned char *d, size_t n)
{
	static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n',
					     0x1a, '\n'};

	if (n >= 3 && d[0] == 0xff && d[1] == 0xd8 && d[2] == 0xff)
		return "image/jpeg";
	if (n >= 8 && memcmp(d, png, 8) == 0)
		return "image/png";
	return NULL;
}

static void base64(struct sbuf *b, const unsigned char *d, size_t n)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
				  "qrstuvwxyz0123456789+/";

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)d[i] << 16;
		char q[4];

		if (i + 1 < n)
			v |= (unsigned)d[i + 1] << 8;
		if (i + 2 < n)
			v |= d[i + 2];
		q[0] = tab[v >> 18 & 63];
		q[1] = tab[v >> 12 & 63];
		q[2] = i + 1 < n ? tab[v >> 6 & 63] : '=';
		q[3] = i + 2 < n ? tab[v & 63] : '=';
		sbuf_add(b, q, 4);
	}
}

struct photos {
	size_t cap, used;
	int count, embedded, omitted_cap, unreadable;
};

static cJSON *photo(const cJSON *src, const char *item, struct photos *ph)
{
	cJSON *o = cJSON_CreateObject();
	const char *path = rj_str(src, "path"), *mt;
	struct si_error err;
	struct sbuf b;
	char *data = NULL;
	size_t len = 0;

	cJSON_AddStringToObject(o, "item", item);
	rj_copy_str(o, "file", src, "file");
	if (!rj_str(o, "file"))
		cJSON_AddStringToObject(o, "file", "?");
	rj_copy_str(o, "caption", src, "caption");
	ph->count++;
	if (!path || fs_read_file(path, PHOTO_FILE_MAX, &data, &len, &err) < 0 ||
	    !(mt = media_type((unsigned char *)data, len))) {
		/* out of memory is not "the file cannot be read" */
		if (path && !data && (strstr(err.msg, "out of memory") ||
				      strstr(err.msg, strerror(ENOMEM))))
			json_nomem_note();
		cJSON_AddStringToObject(o, "omitted", data ? "not a JPEG or PNG"
					" file" : "the file cannot be read");
		ph->unreadable++;
		free(data);
		return o;
	}
	cJSON_AddStringToObject(o, "media_type", mt);
	cJSON_AddNumberToObject(o, "bytes", (double)len);
	if (ph->used + len > ph->cap) {
		cJSON_AddStringToObject(o, "omitted", "over the photo size cap");
		ph->omitted_cap++;
		free(data);
		return o;
	}
	sbuf_init(&b, SBUF_UNLIMITED);
	sbuf_addf(&b, "data:%s;base64,", mt);
	base64(&b, (unsigned char *)data, len);
	if (!b.nomem) {
		cJSON_AddStringToObject(o, "data", sbuf_str(&b));
		ph->used += len;
		ph->embedded++;
	} else {
		json_nomem_note();	/* the photo would be missing */
	}
	sbuf_free(&b);
	free(data);
	return o;
}

static void photos_summary(cJSON *site, const struct photos *ph)
{
	cJSON *s = cJSON_AddObjectToObject(site, "photos");
	char msg[600];

	cJSON_AddNumberToObject(s, "count", ph->count);
	cJSON_AddNumberToObject(s, "embedded", ph->embedded);
	cJSON_AddNumberToObject(s, "bytes_embedded", (double)ph->used);
	cJSON_AddNumberToObject(s, "cap_bytes", (double)ph->cap);
	cJSON_AddNumberToObject(s, "omitted", ph->omitted_cap + ph->unreadable);
	if (ph->omitted_cap) {
		snprintf(msg, sizeof(msg), "%d of %d photo(s) were left out: "
			 "together the photos exceed the %zu MB cap on the "
			 "report's size; resize them, choose fewer, or raise "
			 "the cap with --photo-cap MB", ph->omitted_cap,
			 ph->count, ph->cap >> 20);
		cJSON_AddStringToObject(s, "message", msg);
		log_warn("report", "site photos: %s", msg);
	} else if (ph->unreadable) {
		snprintf(msg, sizeof(msg), "%d photo(s) could not be read or "
			 "are not JPEG/PNG files: left out", ph->unreadable);
		cJSON_AddStringToObject(s, "message", msg);
		log_warn("report", "site photos: %s", msg);
	}
}

/* ---- items --------------------------------------------------------------- */

static cJSON *item(const cJSON *src, struct photos *ph)
{
	cJSON *o;
	const char *id = rj_str(src, "id"), *type = rj_str(src, "type");
	const cJSON *p;

	if (!id || !type || !rj_in(item_types, type) ||
	    !rj_text_in(rj_get(src, "question"), "en"))
		return NULL;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "id", id);
	cJSON_AddStringToObject(o, "type", type);
	copy_text(o, "section", src);
	copy_text(o, "question", src);
	copy_text(o, "criterion", src);
	rj_copy_str(o, "unit", src, "unit");
	cJSON_AddBoolToObject(o, "required", cJSON_IsTrue(rj_get(src,
								 "required")));
	copy_answer(o, "answer", rj_get(src, "answer"));
	copy_text(o, "answer_label", src);
	rj_copy_str(o, "note", src, "note");
	if (strcmp(type, "photo") == 0) {
		cJSON *list = cJSON_AddArrayToObject(o, "photos");

		cJSON_ArrayForEach(p, rj_arr(src, "photos"))
			json_add(list, NULL, photo(p, id, ph));
		cJSON_DeleteItemFromObjectCaseSensitive(o, "answer");
		if (cJSON_GetArraySize(list) > 0)
			cJSON_AddNumberToObject(o, "answer",
						cJSON_GetArraySize(list));
	}
	return o;
}

static cJSON *checklist(const cJSON *src)
{
	cJSON *c = cJSON_CreateObject(), *srcs;
	const cJSON *s;

	rj_copy_str(c, "name", src, "name");
	if (!rj_str(c, "name"))
		cJSON_AddStringToObject(c, "name", "?");
	rj_copy_str(c, "version", src, "version");
	copy_text(c, "title", src);
	srcs = cJSON_AddArrayToObject(c, "sources");
	cJSON_ArrayForEach(s, rj_arr(src, "sources"))
		if (cJSON_IsString(s) && s->valuestring[0])
			json_add(srcs, NULL,
				 cJSON_CreateString(s->valuestring));
	return c;
}

void report_site(cJSON *rep, const char *out, int cap_mb)
{
	char *file = fs_join(out, "site.json");
	struct photos ph = {0};
	struct si_error err;
	cJSON *src = NULL, *site, *items, *ack;
	const cJSON *it;
	char msg[1400];

	if (!file || !fs_exists(file)) {
		free(file);
		return;
	}
	src = json_read_file(file, REPORT_DOC_MAX, &err);
	if (!cJSON_IsObject(src) || !rj_arr(src, "items")) {
		log_warn("report", "%s", src ? "site.json is not a site "
			 "document: no site section" :
			 si_error_str(&err, msg, sizeof(msg)));
		cJSON_Delete(src);
		free(file);
		return;
	}
	rj_repair_utf8(src);
	ph.cap = (size_t)(cap_mb > 0 ? cap_mb : PHOTO_CAP_DEFAULT_MB) << 20;
	site = cJSON_AddObjectToObject(rep, "site");
	json_add(site, "checklist",
		 checklist(rj_obj(src, "checklist")));
	rj_copy_str(site, "site", src, "site");
	rj_copy_str(site, "engineer", src, "engineer");
	copy_date(site, "date", src);
	if (rj_obj(src, "acknowledgement")) {
		ack = cJSON_AddObjectToObject(site, "acknowledgement");
		rj_copy_str(ack, "name", rj_obj(src, "acknowledgement"), "name");
		copy_date(ack, "date", rj_obj(src, "acknowledgement"));
	}
	items = cJSON_AddArrayToObject(site, "items");
	cJSON_ArrayForEach(it, rj_arr(src, "items")) {
		cJSON *o = item(it, &ph);

		if (o)
			json_add(items, NULL, o);
	}
	photos_summary(site, &ph);
	cJSON_Delete(src);
	free(file);
}

/* ---- the previous inspection --------------------------------------------- */

static bool same_answer(const cJSON *a, const cJSON *b)
{
	if (cJSON_IsNumber(a) && cJSON_IsNumber(b))
		return a->valuedouble == b->valuedouble;
	return cJSON_Compare(a, b, true);
}

void report_site_compare(cJSON *rep, const cJSON *prev)
{
	cJSON *site = cJSON_GetObjectItemCaseSensitive(rep, "site"), *it;
	const cJSON *ps = rj_obj(prev, "site"), *p;
	cJSON *pv;

	if (!site || !ps)
		return;
	pv = cJSON_AddObjectToObject(site, "previous");
	copy_date(pv, "date", ps);
	rj_copy_str(pv, "engineer", ps, "engineer");
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(site, "items")) {
		const char *id = rj_str(it, "id");
		const cJSON *was = NULL, *now = rj_get(it, "answer");

		if (strcmp(rj_str(it, "type"), "photo") == 0)
			continue;	/* photos are this visit's own */
		cJSON_ArrayForEach(p, rj_arr(ps, "items"))
			if (rj_str(p, "id") && strcmp(rj_str(p, "id"), id) == 0)
				was = rj_get(p, "answer");
		copy_answer(it, "previous", was);
		was = rj_get(it, "previous");
		if (!was && !now)
			continue;
		cJSON_AddStringToObject(it, "change", !was ? "new"
					: !now ? "unanswered"
					: same_answer(was, now) ? "same"
								: "changed");
	}
}
