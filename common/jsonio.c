/* jsonio.c - see jsonio.h */
#include "config.h"
#include "jsonio.h"
#include "error.h"
#include "fsutil.h"

#include <stdlib.h>
#include <string.h>

static volatile int nomem;	/* set, never cleared, by any thread */

static void *json_malloc(size_t n)
{
	void *p = malloc(n);

	if (!p)
		nomem = 1;
	return p;
}

static void json_free(void *p)
{
	free(p);
}

void json_hooks_install(void)
{
	cJSON_Hooks h = {json_malloc, json_free};

	cJSON_InitHooks(&h);
}

void json_nomem_reset(void)
{
	nomem = 0;
}

int json_nomem(void)
{
	return nomem;
}

void json_nomem_note(void)
{
	nomem = 1;
}

int json_add(cJSON *to, const char *key, cJSON *item)
{
	cJSON_bool ok;

	if (!item)
		return -1;
	ok = key ? cJSON_AddItemToObject(to, key, item) :
		   cJSON_AddItemToArray(to, item);
	if (!ok) {
		cJSON_Delete(item);
		return -1;
	}
	return 0;
}

int json_replace(cJSON *obj, const char *key, cJSON *item)
{
	cJSON *old = cJSON_GetObjectItemCaseSensitive(obj, key);
	size_t n = key ? strlen(key) + 1 : 0;
	char *k;

	if (!item)
		return -1;
	/* cJSON's own replace goes on with a NULL key when it cannot copy
	 * the key, and keeps the item when there is nothing to replace */
	if (!key || !old || !(k = cJSON_malloc(n))) {
		cJSON_Delete(item);
		return -1;
	}
	memcpy(k, key, n);
	if (item->string && !(item->type & cJSON_StringIsConst))
		cJSON_free(item->string);
	item->string = k;
	item->type &= ~cJSON_StringIsConst;
	return cJSON_ReplaceItemViaPointer(obj, old, item) ? 0 : -1;
}

int json_write_file(const char *path, const cJSON *doc, struct si_error *err)
{
	char *text = cJSON_Print(doc);
	size_t len;
	int rc;

	if (!text)
		return si_error_set(err, path, 0, 0, "out of memory");
	len = strlen(text);
	text[len] = '\n';	/* replace the NUL: files end with a newline */
	rc = fs_write_atomic(path, text, len + 1, err);
	free(text);
	return rc;
}

/* Line and column of a byte offset, for syntax errors. */
static void locate(const char *text, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

cJSON *json_read_file(const char *path, size_t max, struct si_error *err)
{
	const char *end = NULL;
	char *text;
	size_t len;
	cJSON *doc;
	int nomem_before;

	if (fs_read_file(path, max, &text, &len, err) < 0)
		return NULL;
	nomem_before = nomem;
	nomem = 0;
	doc = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!doc && nomem) {
		si_error_set(err, path, 0, 0, "out of memory");
	} else if (!doc) {
		int line, col;

		locate(text, end ? (size_t)(end - text) : 0, &line, &col);
		si_error_set(err, path, line, col, "invalid JSON");
	}
	nomem |= nomem_before;
	free(text);
	return doc;
}
