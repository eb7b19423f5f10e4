/* expr_int.h - what expr.c, expr_eval.c and expr_func.c share; not for
 * other modules (they use expr.h). */
#ifndef SWI_RULES_EXPR_INT_H
#define SWI_RULES_EXPR_INT_H

#include "expr.h"

#define XF_PATH0 1u	/* the first argument is a path, not read (exists) */
#define XF_ITER 2u	/* the second argument is evaluated per element */

struct xfunc {
	const char *name;
	int min, max;
	unsigned flags;
	int scheme_arg;	/* index of an optional version-scheme argument */
	int (*fn)(struct xctx *c, const struct xnode *call, struct xval *out);
};

const struct xfunc *xfunc_find(const char *name);
/* The function whose name is closest to name (a typo), or NULL. */
const char *xfunc_near(const char *name);
const char *tmpl_text(const struct xtmpl *t, size_t i);

/* Evaluator pieces the functions use. */
int x_fail(struct xctx *c, const struct xnode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Evaluates a path; record: keep it as evidence. */
int x_path(struct xctx *c, const struct xnode *n, bool record,
	   struct xval *out);
/* Evaluates each element of a list (a JSON array) with `cond` in a scope
 * whose item is the element; calls step for each result. */
/* exists(path): never missing. */
int x_exists(struct xctx *c, const struct xnode *n, struct xval *out);
typedef int (*x_step_fn)(struct xctx *c, const struct xval *v, void *ud);
int x_each(struct xctx *c, const struct xnode *list_node, const cJSON *list,
	   const struct xnode *cond, int keep, x_step_fn step, void *ud);
/* keep: which element results leave their reads as evidence. */
#define X_KEEP_TRUE 1
#define X_KEEP_ALL 2
void *x_alloc(struct xctx *c, size_t n);
const char *x_kind_name(enum xkind k);
int x_version_scheme(struct xctx *c, const struct xnode *call);

#endif
