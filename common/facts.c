/* facts.c - see facts.h */
#include "config.h"
#include "facts.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

cJSON *facts_new(const char *name, const char *address, const char *site)
{
	cJSON *f = cJSON_CreateObject(), *dev;
	char ts[32];
	time_t now = time(NULL);
	struct tm tm;

	if (!f)
		return NULL;
	gmtime_r(&now, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	cJSON_AddStringToObject(f, "schema", FACTS_SCHEMA_ID);
	cJSON_AddStringToObject(f, "generator", PACKAGE_STRING);
	dev = cJSON_AddObjectToObject(f, "device");
	cJSON_AddStringToObject(dev, "name", name);
	if (address)
		cJSON_AddStringToObject(dev, "address", address);
	if (site)
		cJSON_AddStringToObject(dev, "site", site);
	cJSON_AddStringToObject(f, "collected_at", ts);
	cJSON_AddObjectToObject(f, "sources");
	return f;
}

/* Walks (and creates) the objects of a dotted path; the last component is
 * created with make_last. */
static cJSON *walk(cJSON *root, const char *path, cJSON *(*make_last)(void))
{
	char part[64];
	cJSON *cur = root;

	while (cur && *path) {
		const char *dot = strchr(path, '.');
		size_t len = dot ? (size_t)(dot - path) : strlen(path);
		cJSON *next;

		if (len >= sizeof(part))
			return NULL;
		memcpy(part, path, len);
		part[len] = '\0';
		next = cJSON_GetObjectItemCaseSensitive(cur, part);
		if (!next) {
			next = dot ? cJSON_CreateObject() : make_last();
			if (!next || !cJSON_AddItemToObject(cur, part, next)) {
				cJSON_Delete(next);
				return NULL;
			}
		}
		cur = next;
		path = dot ? dot + 1 : path + len;
	}
	return cur;
}

cJSON *facts_obj(cJSON *facts, const char *path)
{
	cJSON *o = walk(facts, path, cJSON_CreateObject);

	return cJSON_IsObject(o) ? o : NULL;
}

cJSON *facts_list(cJSON *facts, const char *path)
{
	cJSON *a = walk(facts, path, cJSON_CreateArray);

	return cJSON_IsArray(a) ? a : NULL;
}

cJSON *facts_list_add(cJSON *facts, const char *path)
{
	cJSON *a = facts_list(facts, path), *o;

	if (!a || !(o = cJSON_CreateObject()))
		return NULL;
	if (!cJSON_AddItemToArray(a, o)) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static void set_src(cJSON *obj, const char *key, const char *src)
{
	cJSON *m;

	if (!src)
		return;
	m = cJSON_GetObjectItemCaseSensitive(obj, "src");
	if (!m)
		m = cJSON_AddObjectToObject(obj, "src");
	if (!m)
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(m, key);
	cJSON_AddStringToObject(m, key, src);
}

static void set_item(cJSON *obj, const char *key, cJSON *item,
		     const char *src)
{
	if (!obj || !item) {
		cJSON_Delete(item);
		return;
	}
	cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
	if (!cJSON_AddItemToObject(obj, key, item)) {
		cJSON_Delete(item);
		return;
	}
	set_src(obj, key, src);
}

void facts_set_str(cJSON *obj, const char *key, const char *val,
		   const char *src)
{
	if (val)
		set_item(obj, key, cJSON_CreateString(val), src);
}

void facts_set_num(cJSON *obj, const char *key, double val, const char *src)
{
	set_item(obj, key, cJSON_CreateNumber(val), src);
}

void facts_set_bool(cJSON *obj, const char *key, int val, const char *src)
{
	set_item(obj, key, cJSON_CreateBool(val), src);
}

cJSON *facts_source(cJSON *facts, const char *collector,
		    enum src_status status, const char *error,
		    long elapsed_ms)
{
	cJSON *sources = facts_obj(facts, "sources"), *s;

	if (!sources)
		return NULL;
	s = cJSON_GetObjectItemCaseSensitive(sources, collector);
	if (!s)
		s = cJSON_AddObjectToObject(sources, collector);
	if (!s)
		return NULL;
	facts_set_str(s, "status", src_status_name(status), NULL);
	cJSON_DeleteItemFromObjectCaseSensitive(s, "error");
	if (error)
		facts_set_str(s, "error", error, NULL);
	if (elapsed_ms >= 0)
		facts_set_num(s, "elapsed_ms", (double)elapsed_ms, NULL);
	return s;
}

const cJSON *facts_get(const cJSON *facts, const char *path)
{
	char part[64];
	const cJSON *cur = facts;

	while (cur && *path) {
		const char *dot = strchr(path, '.');
		size_t len = dot ? (size_t)(dot - path) : strlen(path);

		if (len >= sizeof(part))
			return NULL;
		memcpy(part, path, len);
		part[len] = '\0';
		cur = cJSON_GetObjectItemCaseSensitive(cur, part);
		path = dot ? dot + 1 : path + len;
	}
	return cur;
}

const char *facts_get_str(const cJSON *facts, const char *path)
{
	const cJSON *v = facts_get(facts, path);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}
