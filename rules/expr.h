/* expr.h - the condition language of rule packs (doc/rules.md).
 *
 * An expression is parsed once, when its pack is loaded, into a tree of
 * struct xnode, and evaluated many times against facts.  Evaluation is
 * three-valued: a value is known (boolean, number, string, version, a list
 * or object of the facts document) or XV_MISSING when a fact it needs is
 * absent; `and`, `or` and `not` follow Kleene's logic, so `exists(x) and
 * x > 1` is false, not missing, when x is absent.  Type errors (ordering a
 * number against a string, dividing by zero) are errors, not answers.
 *
 * Ownership: a tree belongs to whoever parsed it (expr_free); values
 * produced during an evaluation point into the facts, into the tree or
 * into the context's arena, and live until xctx_reset_item().  The facts
 * a context reads (root, items, sw, params) must stay unchanged and alive
 * until xctx_free(): the context caches key lookups by object address.
 * Nodes are public so that the linter can walk them; treat them as
 * read-only.
 */
#ifndef SWI_RULES_EXPR_H
#define SWI_RULES_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <cjson/cJSON.h>

struct sbuf;
struct xfunc;

/* ---- trees ---------------------------------------------------------- */

enum xop {
	XO_NUM, XO_STR, XO_BOOL, XO_LIST, XO_PATH, XO_CALL,
	XO_NOT, XO_NEG, XO_AND, XO_OR, XO_COALESCE,
	XO_EQ, XO_NE, XO_LT, XO_LE, XO_GT, XO_GE,
	XO_MATCH, XO_NMATCH, XO_IN, XO_NIN,
	XO_ADD, XO_SUB, XO_MUL, XO_DIV, XO_MOD,
};

/* Where a path starts. */
enum xroot {
	XR_ITEM,	/* a bare name: the current item (for_each / any) */
	XR_CUR,		/* @: the current item itself */
	XR_UP,		/* ^: the item one scope out */
	XR_DOC,		/* $: the whole facts document */
	XR_LET,		/* a `let:` value of the rule */
	XR_SW,		/* sw: the software-table entry for the device */
	XR_PARAMS,	/* params: the pack's parameters */
};

#define XSEG_KEY_WORDS 3

struct xseg {
	char *name;	/* NULL for an index */
	long index;
	unsigned hash;	/* xkey_hash(name), for the lookup cache */
	/* name zero-padded to 24 bytes (all zero when longer): the lookup
	 * cache compares keys as three words, without strcmp/strlen */
	unsigned long long kw[XSEG_KEY_WORDS];
};

/* The hash of an object key (FNV-1a), for the key lookup cache. */
static inline unsigned xkey_hash(const char *s)
{
	unsigned h = 2166136261u;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

/* Sets s->kw from s->name (see struct xseg). */
static inline void xseg_key_words(struct xseg *s)
{
	size_t len = s->name ? strlen(s->name) : sizeof(s->kw);

	memset(s->kw, 0, sizeof(s->kw));
	if (len < sizeof(s->kw))
		memcpy(s->kw, s->name, len);
}

struct xnode {
	enum xop op;
	size_t pos;	/* byte offset in the source text, for carets */
	size_t len;	/* length of the node's text */
	struct xnode *a, *b;
	struct xnode **args;	/* calls and list literals */
	int nargs;
	double num;
	bool bval;
	char *str;	/* string literal; path text ("environment.fans") */
	/* paths */
	enum xroot root;
	struct xseg *segs;
	int nsegs;
	int let;	/* XR_LET: index into the rule's lets */
	/* calls */
	const struct xfunc *fn;
	/* =~ and !~: the compiled pattern (pcre2_code *) */
	void *re;
	int scheme;	/* version functions: literal scheme or -1 */
};

struct xerr {
	size_t pos;
	char msg[256];
};

/* Names the parser resolves: the rule's `let:` names (bare names that
 * match refer to them). */
struct xnames {
	const char *const *lets;
	size_t nlets;
};

/* NULL with err->pos and err->msg on a syntax error, an unknown function,
 * a wrong number of arguments or a bad regular expression. */
struct xnode *expr_parse(const char *text, const struct xnames *names,
			 struct xerr *err);
void expr_free(struct xnode *n);
const char *xfunc_name(const struct xfunc *f);
/* Does the function evaluate its second argument per element of the
 * first (any, all, count, sum)? */
bool xfunc_iterates(const struct xfunc *f);
/* Is the argument a path that is not read as a value (exists)? */
bool xfunc_takes_path(const struct xfunc *f);
/* "exists, len, ..." for documentation and messages. */
const char *xfunc_list(void);

/* Message templates: text with {expression} placeholders; "{{" and "}}"
 * stand for braces. */
struct xtmpl;
struct xtmpl *tmpl_parse(const char *text, const struct xnames *names,
			 struct xerr *err);
void tmpl_free(struct xtmpl *t);
/* The text when it has no placeholder (nothing to render), else NULL. */
const char *tmpl_static(const struct xtmpl *t);
/* Each placeholder's tree, for the linter. */
size_t tmpl_nparts(const struct xtmpl *t);
const struct xnode *tmpl_part(const struct xtmpl *t, size_t i);

/* ---- values and evaluation ------------------------------------------ */

enum xkind { XV_MISSING, XV_BOOL, XV_NUM, XV_STR, XV_JSON, XV_VER };

struct xval {
	enum xkind k;
	bool b;
	double n;
	const char *s;		/* XV_STR, XV_VER */
	const cJSON *j;		/* XV_JSON (an array or object) */
	int scheme;		/* XV_VER: enum ver_scheme */
};

/* The item a for_each or an any() is looking at. */
struct xscope {
	const cJSON *item;
	const struct xscope *up;	/* the scope list_path is relative to */
	const struct xscope *outer;	/* the enclosing item, for '^' */
	bool absolute;		/* list_path starts at the document root */
	const char *list_path;	/* path of the list, relative to up */
	int index;		/* -1: not a list element */
	const cJSON *list_holder;	/* object holding the list (for src) */
	const char *list_key;
};

#define XREAD_SCOPES 4

/* One fact read while evaluating: the evidence of a finding. */
struct xread {
	const char *path;	/* path text, relative to the scope chain */
	bool absolute;
	const cJSON *value;	/* NULL: absent (exists() said so) */
	const cJSON *holder;	/* object holding the value (its src) */
	const char *key;
	/* the scope chain: a pointer while the scope lives (the rule's
	 * item), copied into the arrays below before an any() element's
	 * scope goes away */
	const struct xscope *scope;
	const char *scope_path[XREAD_SCOPES];
	int scope_index[XREAD_SCOPES];
	int nscope;
	const cJSON *list_holder;
	const char *list_key;
	int let;		/* >= 0: the value of let number `let` */
};

/* An absent fact: its path node and scope, or (inside an any() element,
 * whose scope does not outlive it) its full path already written out. */
struct xmiss {
	const struct xnode *node;
	const struct xscope *scope;
	char *text;
};

struct xlet {
	const char *name;
	const struct xnode *expr;
	const char *text;
};

struct xarena_chunk;
struct xidx;
struct xjoin;

struct xctx {
	/* set by the caller */
	const cJSON *root;
	const struct xscope *scope;
	const struct xlet *lets;
	size_t nlets;
	int scheme;		/* default version scheme, enum ver_scheme */
	long today;		/* days since 1970-01-01; < 0: unknown */
	const cJSON *params;
	/* the software-table entry, computed on first use */
	const cJSON *(*sw)(void *ud);
	void *ud;
	/* results of the last evaluation */
	struct xread *reads;
	size_t nreads, capreads;
	size_t dropped;		/* reads beyond XCTX_MAX_READS */
	struct xmiss *missing;	/* absent facts: xctx_missing() */
	size_t nmissing, capmissing;
	char err[512];
	size_t errpos;
	bool erred;
	/* an allocation failed, now or in an earlier item (never cleared):
	 * a read, a missing path or a value may have been left out */
	bool nomem;
	/* private */
	struct xval *letv;
	signed char *lets_state;
	size_t capLets;
	bool record;
	int depth;
	const struct xscope *base_scope;	/* where lets are evaluated */
	struct xarena_chunk *arena;
	void *md;		/* pcre2_match_data */
	struct xidx *idx;	/* cache of key lookups (expr_eval.c) */
	struct xjoin *joins;	/* any(list, key == x ...): per list and key,
				 * each element's key (expr_eval.c) */
	size_t njoins, capjoins;
};

#define XCTX_MAX_READS 64

void xctx_init(struct xctx *c);
void xctx_free(struct xctx *c);
/* Forget the last item's results, lets and arena (keeps capacity). */
int xctx_reset_item(struct xctx *c);

/* 0 with *out (possibly XV_MISSING), or -1 with c->err and c->errpos. */
int expr_eval(struct xctx *c, const struct xnode *n, struct xval *out);
/* A condition: 1 true, 0 false, 2 missing, -1 error (a value that is not
 * a boolean is an error). */
int expr_cond(struct xctx *c, const struct xnode *n);
/* Renders a template; a placeholder that cannot be evaluated shows "?". */
int tmpl_render(struct xctx *c, const struct xtmpl *t, struct sbuf *out);
/* Appends a value as text (numbers without trailing zeros). */
void xval_format(const struct xval *v, struct sbuf *out);
/* A JSON copy of a value (NULL for XV_MISSING). */
cJSON *xval_json(const struct xval *v);
/* The full path of missing fact i ("environment.fans[2].status"), written
 * out on first use; in the arena. */
const char *xctx_missing(struct xctx *c, size_t i);
/* Copies a string into the arena (NULL on no memory). */
char *xctx_strdup(struct xctx *c, const char *s, size_t len);

/* Days since 1970-01-01 of "YYYY-MM-DD" (or the date part of an RFC 3339
 * date-time); -1 when s is not such a date. */
long x_days(const char *s);
/* "the current fact at the scope chain + path" as text: "fans[2].status" */
void xread_path(const struct xread *r, struct sbuf *out);

#endif
