/* ynode.h - YAML documents as trees that remember where each node was.
 *
 * Every node keeps the line and column (1-based) of its first character, so
 * inventory, rule and profile loaders can point at the YAML that caused an
 * error.  All nodes belong to their struct ydoc and are freed with it;
 * aliases point at the anchored node (shared, not copied).  Merge keys
 * (`<<: *defaults`) are applied while loading.  Duplicate keys are errors.
 */
#ifndef SWI_YNODE_H
#define SWI_YNODE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

struct si_error;

enum ynode_kind { YN_SCALAR, YN_SEQ, YN_MAP };

struct ynode;

struct ypair {
	struct ynode *key;
	struct ynode *value;
};

struct ynode {
	enum ynode_kind kind;
	int line;
	int col;
	/* scalar */
	char *str;
	size_t len;
	bool plain;	/* unquoted: may be a number, bool or null */
	/* sequence */
	struct ynode **items;
	/* map */
	struct ypair *pairs;
	size_t n;	/* items or pairs */
	size_t cap;
};

struct ydoc {
	char *file;
	struct ynode *root;	/* NULL for an empty document */
	struct ynode **all;	/* every node, for freeing */
	size_t nall;
	size_t capall;
};

/* Loads the first document of a file or string.  Limits: 64 levels of
 * nesting, 1,000,000 nodes.  Errors carry file:line:column. */
struct ydoc *ydoc_load_file(const char *path, struct si_error *err);
struct ydoc *ydoc_load_string(const char *name, const char *text, size_t len,
			      struct si_error *err);
void ydoc_free(struct ydoc *d);

/* Map lookup; NULL when n is not a map or has no such key. */
const struct ynode *ynode_get(const struct ynode *map, const char *key);
/* The scalar's text, or NULL when n is NULL or not a scalar. */
const char *ynode_str(const struct ynode *n);
/* A plain scalar that reads as YAML null (~, null, empty). */
bool ynode_is_null(const struct ynode *n);
/* 0 on success; -1 when n is not an integer / boolean / number. */
int ynode_int(const struct ynode *n, long long *out);
int ynode_bool(const struct ynode *n, bool *out);
int ynode_number(const struct ynode *n, double *out);
const char *ynode_kind_name(enum ynode_kind k);

/* JSON value of a node: plain scalars become null, booleans and numbers
 * where they read so (YAML 1.2 core schema plus yes/no), other scalars
 * strings.  NULL on no memory or when the tree is too large to expand. */
cJSON *ynode_to_json(const struct ynode *n);

#endif
