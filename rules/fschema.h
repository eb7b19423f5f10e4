/* fschema.h - just enough of the facts JSON Schema
 * (common/schema/facts.schema.json) for the rule linter to tell a fact
 * path that can exist from a typo, and the values an enumerated field can
 * take.  Follows "$ref" (local, "#/$defs/..."), "properties",
 * "additionalProperties", "items" and "oneOf".
 *
 * Ownership: a struct fschema owns its JSON document; the nodes returned
 * below point into it.
 */
#ifndef SWI_RULES_FSCHEMA_H
#define SWI_RULES_FSCHEMA_H

#include <stdbool.h>

#include <cjson/cJSON.h>

struct si_error;
struct sbuf;
struct fschema;

struct fschema *fschema_load(const char *path, struct si_error *err);
/* Takes ownership of doc (also on failure). */
struct fschema *fschema_from_json(cJSON *doc);
void fschema_free(struct fschema *s);

const cJSON *fschema_root(const struct fschema *s);
/* The schema of field key of an object schema; NULL when the object has
 * no such field (or node is not an object schema). */
const cJSON *fschema_field(const struct fschema *s, const cJSON *node,
			   const char *key);
/* The element schema when node can be a list; NULL otherwise. */
const cJSON *fschema_items(const struct fschema *s, const cJSON *node);
bool fschema_is_object(const struct fschema *s, const cJSON *node);
/* Does the object accept any key (a map such as sources)? */
bool fschema_open(const struct fschema *s, const cJSON *node);
/* The allowed values of an enumerated string field, or NULL. */
const cJSON *fschema_enum(const struct fschema *s, const cJSON *node);
/* Appends "name, status, rpm" (the object's fields but src). */
void fschema_fields(const struct fschema *s, const cJSON *node,
		    struct sbuf *out);

#endif
