/* facts.h - building the facts document (one per device).
 *
 * A facts document is a cJSON tree in the shape of
 * common/schema/facts.schema.json.  These helpers create intermediate
 * objects on demand and record each value's source in the holding object's
 * "src" map ({"model": "snmp:1.3.6.1.2.1.47.1.1.1.1.13.1"}).  The caller
 * owns the document; returned sub-objects belong to it.
 */
#ifndef SWI_FACTS_H
#define SWI_FACTS_H

#include <cjson/cJSON.h>

#include "model.h"

#define FACTS_SCHEMA_ID "swinspect.facts/1"

cJSON *facts_new(const char *name, const char *address, const char *site);
/* Object at a dotted path ("environment.cpu"), created when missing. */
cJSON *facts_obj(cJSON *facts, const char *path);
/* Array at a dotted path ("environment.fans"), created when missing. */
cJSON *facts_list(cJSON *facts, const char *path);
/* Appends a new object to the list at path and returns it. */
cJSON *facts_list_add(cJSON *facts, const char *path);

/* Set obj[key] (replacing any earlier value) and obj.src[key] = src when
 * src is not NULL.  A NULL val removes nothing and sets nothing. */
void facts_set_str(cJSON *obj, const char *key, const char *val,
		   const char *src);
void facts_set_num(cJSON *obj, const char *key, double val, const char *src);
void facts_set_bool(cJSON *obj, const char *key, int val, const char *src);

/* sources.<collector> = {status, error?, elapsed_ms}, created or updated
 * in place (lists a collector added to it stay); returns the object so the
 * collector can add "failed" or "absent" lists.  elapsed_ms < 0: not set. */
cJSON *facts_source(cJSON *facts, const char *collector,
		    enum src_status status, const char *error,
		    long elapsed_ms);

/* Dotted-path lookup (no creation); NULL when absent. */
const cJSON *facts_get(const cJSON *facts, const char *path);
const char *facts_get_str(const cJSON *facts, const char *path);

#endif
