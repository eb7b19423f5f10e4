/* jutil.c - typed, defensive access to input documents (report_int.h). */
#include "config.h"
#include "report_int.h"
#include "sbuf.h"
#include "jsonio.h"
#include "text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const cJSON *rj_get(const cJSON *o, const char *k)
{
	return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, k)
				 : NULL;
}

const char *rj_str(const cJSON *o, const char *k)
{
	const char *s = cJSON_GetStringValue(rj_get(o, k));

	return s && *s ? s : NULL;
}

bool rj_num(const cJSON *o, const char *k, double *v)
{
	const cJSON *n = rj_get(o, k);

	if (!cJSON_IsNumber(n) || !isfinite(n->valuedouble))
		return false;
	*v = n->valuedouble;
	return true;
}

const cJSON *rj_arr(const cJSON *o, const char *k)
{
	const cJSON *a = rj_get(o, k);

	return cJSON_IsArray(a) ? a : NULL;
}

const cJSON *rj_obj(const cJSON *o, const char *k)
{
	const cJSON *a = rj_get(o, k);

	return cJSON_IsObject(a) ? a : NULL;
}

void rj_copy_str(cJSON *dst, const char *key, const cJSON *src,
		 const char *skey)
{
	const char *s = rj_str(src, skey);

	if (s)
		cJSON_AddStringToObject(dst, key, s);
}

void rj_copy_num(cJSON *dst, const char *key, const cJSON *src,
		 const char *skey, double min, double max)
{
	double v;

	if (rj_num(src, skey, &v) && v >= min && v <= max)
		cJSON_AddNumberToObject(dst, key, v);
}

void rj_copy_int(cJSON *dst, const char *key, const cJSON *src,
		 const char *skey, double min, double max)
{
	double v;

	if (rj_num(src, skey, &v) && v >= min && v <= max)
		cJSON_AddNumberToObject(dst, key, floor(v));
}

void rj_copy_bool(cJSON *dst, const char *key, const cJSON *src,
		  const char *skey)
{
	const cJSON *b = rj_get(src, skey);

	if (cJSON_IsBool(b))
		cJSON_AddBoolToObject(dst, key, cJSON_IsTrue(b));
}

bool rj_in(const char *const *words, const char *w)
{
	for (; w && *words; words++)
		if (strcmp(*words, w) == 0)
			return true;
	return false;
}

void rj_copy_enum(cJSON *dst, const char *key, const cJSON *src,
		  const char *skey, const char *const *words)
{
	const char *s = rj_str(src, skey);

	if (rj_in(words, s))
		cJSON_AddStringToObject(dst, key, s);
}

static bool digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool rj_is_time(const char *s)
{
	size_t len = s ? strlen(s) : 0;
	const char *z;

	if (len < 20 || !digits(s, 4) || s[4] != '-' || !digits(s + 5, 2) ||
	    s[7] != '-' || !digits(s + 8, 2) || (s[10] != 'T' && s[10] != 't') ||
	    !digits(s + 11, 2) || s[13] != ':' || !digits(s + 14, 2) ||
	    s[16] != ':' || !digits(s + 17, 2))
		return false;
	z = s + 19;
	if (*z == '.') {
		z++;
		if (!digits(z, 1))
			return false;
		while (*z >= '0' && *z <= '9')
			z++;
	}
	if ((*z == 'Z' || *z == 'z') && z[1] == '\0')
		return true;
	return (*z == '+' || *z == '-') && strlen(z) == 6 && digits(z + 1, 2) &&
	       z[3] == ':' && digits(z + 4, 2);
}

void rj_copy_time(cJSON *dst, const char *key, const cJSON *src,
		  const char *skey)
{
	const char *s = rj_str(src, skey);

	if (rj_is_time(s))
		cJSON_AddStringToObject(dst, key, s);
}

cJSON *rj_text(const cJSON *v)
{
	cJSON *t;

	if (cJSON_IsString(v) && v->valuestring[0]) {
		t = cJSON_CreateObject();
		cJSON_AddStringToObject(t, "en", v->valuestring);
		return t;
	}
	if (!rj_str(v, "en") && !rj_str(v, "zh-CN"))
		return NULL;
	t = cJSON_CreateObject();
	/* en is required in the report: a text given only in Chinese is
	 * still shown in the English report rather than lost */
	cJSON_AddStringToObject(t, "en", rj_str(v, "en") ? rj_str(v, "en")
							 : rj_str(v, "zh-CN"));
	rj_copy_str(t, "zh-CN", v, "zh-CN");
	return t;
}

const char *rj_text_in(const cJSON *v, const char *lang)
{
	const char *s;

	if (cJSON_IsString(v))
		return v->valuestring;
	s = rj_str(v, lang);
	return s ? s : rj_str(v, "en");
}

/* Valid UTF-8 as text_utf8_len() defines it (NULs cannot occur in C
 * strings; control characters are left to the JSON writer to escape). */
static bool utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);

	for (size_t i = 0; i < len;) {
		size_t n = text_utf8_len(p + i, len - i);

		if (n == 0)
			return false;
		i += n;
	}
	return true;
}

static char *utf8_repair(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s);
	struct sbuf b;
	char *fixed;

	sbuf_init(&b, SBUF_UNLIMITED);
	for (size_t i = 0; i < len;) {
		size_t n = text_utf8_len(p + i, len - i);

		if (n == 0) {
			sbuf_adds(&b, "\xef\xbf\xbd");
			i++;
		} else {
			sbuf_add(&b, p + i, n);
			i += n;
		}
	}
	if (!(fixed = sbuf_steal(&b)))
		json_nomem_note();	/* a text left unrepaired or dropped */
	return fixed;
}

static size_t repair_item(cJSON *it)
{
	size_t n = 0;
	char *fixed;

	if (it->string && !utf8_valid(it->string) &&
	    (fixed = utf8_repair(it->string))) {
		/* keys are owned by the item unless marked constant */
		if (!(it->type & cJSON_StringIsConst))
			cJSON_free(it->string);
		it->type &= ~cJSON_StringIsConst;
		it->string = fixed;
		n++;
	}
	if (cJSON_IsString(it) && it->valuestring &&
	    !utf8_valid(it->valuestring) &&
	    (fixed = utf8_repair(it->valuestring))) {
		cJSON_free(it->valuestring);
		it->valuestring = fixed;
		n++;
	}
	return n;
}

size_t rj_repair_utf8(cJSON *doc)
{
	size_t n = 0;

	if (!doc)
		return 0;
	n += repair_item(doc);
	for (cJSON *c = doc->child; c; c = c->next)
		n += rj_repair_utf8(c);
	return n;
}

void rj_set_str(cJSON *obj, const char *key, const char *val)
{
	cJSON_DeleteItemFromObjectCaseSensitive(obj, key);
	cJSON_AddStringToObject(obj, key, val);
}

char *rj_utf8_dup(const char *s)
{
	return utf8_repair(s);
}

char *rj_identity(const cJSON *f)
{
	const char *rule = rj_str(f, "rule"), *dev = rj_str(f, "device");
	const char *obj = cJSON_GetStringValue(rj_get(f, "object"));
	struct sbuf b;
	char *id;

	if (!rule || !dev)
		return NULL;
	sbuf_init(&b, SBUF_UNLIMITED);
	sbuf_addf(&b, "%s\x1f%s\x1f%s", rule, dev, obj ? obj : "");
	if (!(id = sbuf_steal(&b)))
		json_nomem_note();
	return id;
}

bool rj_secret_path(const char *path)
{
	static const char *const words[] = {
		"communit", "password", "passwd", "secret", "psk",
		"private_key", "auth_key", "priv_key", "token", NULL,
	};

	for (size_t i = 0; path && words[i]; i++)
		if (strstr(path, words[i]))
			return true;
	return false;
}
