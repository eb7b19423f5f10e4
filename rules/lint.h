/* lint.h - located diagnostics for rule packs and tables.
 *
 * Every check reports into a struct si_diags and goes on, so one run finds
 * every mistake in every file (as OpenSMTPD's parser does).  An error
 * inside an expression carries the source line and a caret under the
 * column (as jq does):
 *
 *   packs/x.yaml:12:21: unknown function 'exist' (known: ...)
 *       when: not exist(config.banner)
 *                 ^
 *
 * Fact paths are checked against the facts schema, when it is available.
 */
#ifndef SWI_RULES_LINT_H
#define SWI_RULES_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "ruleset.h"

struct si_diags;
struct ynode;
struct fschema;
struct xnames;

struct lint {
	struct si_diags *diags;
	const char *file;
	const char *text;	/* the file's text, for carets (may be NULL) */
	size_t len;
	const struct fschema *schema;	/* facts schema, or NULL: unchecked */
	const struct fschema *sw_schema;
	const cJSON *params;	/* the current pack's params */
	size_t errors;
};

void lint_err(struct lint *l, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* An error at byte pos of scalar n's text, with the line and a caret. */
void lint_err_in(struct lint *l, const struct ynode *n, size_t pos,
		 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Reports keys of map that are not in allowed (NULL-terminated). */
void lint_keys(struct lint *l, const struct ynode *map, const char *what,
	       const char *const *allowed);
/* A scalar string; NULL (after an error when required) if absent or not
 * a scalar. */
const char *lint_str(struct lint *l, const struct ynode *map,
		     const char *key, bool required, const char *what);
/* A string or a list of strings; 0, or -1 after an error. */
int lint_strlist(struct lint *l, const struct ynode *n, char ***out,
		 size_t *nout);
void lint_strlist_free(char **v, size_t n);
/* {en, zh-CN} with {placeholders}; 0, or -1 after an error. */
int lint_text(struct lint *l, const struct ynode *map, const char *key,
	      bool required, const struct xnames *names, struct rtext *out);
void rtext_free(struct rtext *t);
/* Parses an expression (errors with a caret). */
struct xnode *lint_expr(struct lint *l, const struct ynode *n,
			const struct xnames *names);
/* Is s a date "YYYY-MM-DD"? Reports when not. */
bool lint_date(struct lint *l, const struct ynode *n, const char *what);

/* The schema scope an expression is evaluated in. */
struct pscope {
	const cJSON *schema;	/* NULL: unknown, not checked */
	const char *text;	/* "environment.fans[]", "" for the root */
	const struct pscope *up;
};

/* Checks every fact path in e (and compared enum values); at: the YAML
 * scalar e was parsed from; base: added to node positions (templates). */
void lint_paths(struct lint *l, const struct ynode *at, size_t base,
		const struct xnode *e, const struct pscope *scope);
/* The schema of a path (for for_each); NULL when unknown or unchecked. */
const cJSON *lint_path_schema(struct lint *l, const struct ynode *at,
			      const struct xnode *path,
			      const struct pscope *scope, char *text,
			      size_t textlen);
/* Checks the keys of a test's facts against the schema. */
void lint_facts(struct lint *l, const struct ynode *facts);
/* The schema of the `sw` object (the software-table entry). */
struct fschema *lint_sw_schema(void);

#endif
