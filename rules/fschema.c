/* fschema.c - see fschema.h */
#include "config.h"
#include "fschema.h"
#include "error.h"
#include "jsonio.h"
#include "sbuf.h"

#include <stdlib.h>
#include <string.h>

struct fschema {
	cJSON *doc;
};

#define FSCHEMA_MAX_BYTES (8u << 20)
#define REF_DEPTH 16

struct fschema *fschema_from_json(cJSON *doc)
{
	struct fschema *s;

	if (!doc)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s) {
		cJSON_Delete(doc);
		return NULL;
	}
	s->doc = doc;
	return s;
}

struct fschema *fschema_load(const char *path, struct si_error *err)
{
	cJSON *doc = json_read_file(path, FSCHEMA_MAX_BYTES, err);

	if (!doc)
		return NULL;
	return fschema_from_json(doc);
}

void fschema_free(struct fschema *s)
{
	if (!s)
		return;
	cJSON_Delete(s->doc);
	free(s);
}

const cJSON *fschema_root(const struct fschema *s)
{
	return s ? s->doc : NULL;
}

/* Follows "$ref": "#/$defs/name" (and "#/definitions/name"). */
static const cJSON *deref(const struct fschema *s, const cJSON *n)
{
	for (int i = 0; n && i < REF_DEPTH; i++) {
		const cJSON *ref = cJSON_GetObjectItemCaseSensitive(n, "$ref");
		const char *r;
		const char *slash;
		char group[32];

		if (!cJSON_IsString(ref))
			return n;
		r = ref->valuestring;
		if (strncmp(r, "#/", 2) != 0 || !(slash = strchr(r + 2, '/')) ||
		    (size_t)(slash - r - 2) >= sizeof(group))
			return NULL;
		memcpy(group, r + 2, (size_t)(slash - r - 2));
		group[slash - r - 2] = '\0';
		n = cJSON_GetObjectItemCaseSensitive(
			cJSON_GetObjectItemCaseSensitive(s->doc, group),
			slash + 1);
	}
	return n;
}

static bool type_is(const cJSON *n, const char *type)
{
	const cJSON *t = cJSON_GetObjectItemCaseSensitive(n, "type");
	const cJSON *e;

	if (cJSON_IsString(t))
		return strcmp(t->valuestring, type) == 0;
	cJSON_ArrayForEach(e, t)
		if (cJSON_IsString(e) && strcmp(e->valuestring, type) == 0)
			return true;
	return false;
}

bool fschema_is_object(const struct fschema *s, const cJSON *node)
{
	node = deref(s, node);
	return node && (type_is(node, "object") ||
			cJSON_GetObjectItemCaseSensitive(node, "properties"));
}

bool fschema_open(const struct fschema *s, const cJSON *node)
{
	const cJSON *ap;

	node = deref(s, node);
	ap = cJSON_GetObjectItemCaseSensitive(node, "additionalProperties");
	return cJSON_IsObject(ap) || cJSON_IsTrue(ap);
}

const cJSON *fschema_field(const struct fschema *s, const cJSON *node,
			   const char *key)
{
	const cJSON *props, *f, *ap;

	node = deref(s, node);
	if (!node || !fschema_is_object(s, node))
		return NULL;
	props = cJSON_GetObjectItemCaseSensitive(node, "properties");
	f = cJSON_GetObjectItemCaseSensitive(props, key);
	if (f)
		return deref(s, f) ? f : NULL;
	ap = cJSON_GetObjectItemCaseSensitive(node, "additionalProperties");
	if (cJSON_IsObject(ap))
		return ap;
	return NULL;
}

const cJSON *fschema_items(const struct fschema *s, const cJSON *node)
{
	const cJSON *alt;

	node = deref(s, node);
	if (!node)
		return NULL;
	if (type_is(node, "array"))
		return cJSON_GetObjectItemCaseSensitive(node, "items");
	cJSON_ArrayForEach(alt, cJSON_GetObjectItemCaseSensitive(node, "oneOf")) {
		const cJSON *d = deref(s, alt);

		if (d && type_is(d, "array"))
			return cJSON_GetObjectItemCaseSensitive(d, "items");
	}
	return NULL;
}

const cJSON *fschema_enum(const struct fschema *s, const cJSON *node)
{
	const cJSON *e;

	node = deref(s, node);
	e = cJSON_GetObjectItemCaseSensitive(node, "enum");
	return cJSON_IsArray(e) ? e : NULL;
}

void fschema_fields(const struct fschema *s, const cJSON *node,
		    struct sbuf *out)
{
	const cJSON *p;
	int n = 0;

	node = deref(s, node);
	cJSON_ArrayForEach(p, cJSON_GetObjectItemCaseSensitive(node,
							       "properties")) {
		if (strcmp(p->string, "src") == 0)
			continue;
		sbuf_addf(out, "%s%s", n++ ? ", " : "", p->string);
	}
}
