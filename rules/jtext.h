/* jtext.h - JSON written straight as text into a struct sbuf.
 *
 * The evaluator writes findings and not-evaluated entries as JSON text
 * instead of building cJSON trees: one finding is ~40 small allocations as
 * a tree and none as text, and findings.json is streamed from the text.
 * The output parses to what cJSON would have built (strings escaped as
 * cJSON_Print does: quote, backslash and control characters; UTF-8 kept).
 */
#ifndef SWI_RULES_JTEXT_H
#define SWI_RULES_JTEXT_H

#include <stddef.h>

#include <cjson/cJSON.h>

struct sbuf;

/* "s" escaped (NULL writes null). */
void jt_str(struct sbuf *b, const char *s);
/* "key": (with a comma before it unless first); key is a word of the
 * program, written as it is (no escaping). */
void jt_key(struct sbuf *b, const char *key, int first);
/* "key":"value" with its comma; value NULL: nothing written. */
void jt_kv(struct sbuf *b, const char *key, const char *value, int first);
void jt_num(struct sbuf *b, double d);
/* Any cJSON value (as cJSON_PrintUnformatted would write it). */
void jt_json(struct sbuf *b, const cJSON *v);

#endif
