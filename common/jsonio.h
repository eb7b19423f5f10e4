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

int json_write_file(const char *path, const cJSON *doc, struct si_error *err);
cJSON *json_read_file(const char *path, size_t max, struct si_error *err);

#endif
