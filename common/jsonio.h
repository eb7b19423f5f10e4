/* jsonio.h - JSON documents to and from files.
 *
 * json_write_file() writes atomically (fsutil.h).  json_read_file() returns
 * a document the caller frees with cJSON_Delete(), or NULL with the reason
 * (and, for a syntax error, the line and column) in err. */
#ifndef SWI_JSONIO_H
#define SWI_JSONIO_H

#include <stddef.h>

#include <cjson/cJSON.h>

struct si_error;

/* cJSON's builders (cJSON_Add*ToObject ...) return NULL on no memory and
 * most callers cannot check each one: json_hooks_install() (once, at the
 * start of main) routes cJSON's allocations through a function that
 * remembers a failure, so that a writer can refuse a document with a hole
 * in it: json_nomem_reset() before building, json_nomem() before writing. */
void json_hooks_install(void);
void json_nomem_reset(void);
int json_nomem(void);
/* An allocation outside cJSON failed while building such a document (a
 * copy, a buffer, a list): the document has a hole too. */
void json_nomem_note(void);

/* cJSON_AddItemToObject (key) or cJSON_AddItemToArray (key NULL), and
 * cJSON_ReplaceItemInObjectCaseSensitive, that take the item in every
 * case: when it cannot be added (no memory for the key, no container, no
 * such key to replace) it is freed, where cJSON leaves it to the caller.
 * 0, or -1 (the document has a hole: json_nomem() says so when memory ran
 * out).  A NULL item is -1 and nothing to free. */
int json_add(cJSON *to, const char *key, cJSON *item);
int json_replace(cJSON *obj, const char *key, cJSON *item);

int json_write_file(const char *path, const cJSON *doc, struct si_error *err);
cJSON *json_read_file(const char *path, size_t max, struct si_error *err);

#endif
