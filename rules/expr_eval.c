/* expr_eval.c - evaluating condition trees over facts (see expr.h).
 * The context keeps every fact read (the evidence) and every fact found
 * missing; values built during an evaluation live in its arena. */
#include "config.h"
#include "expr.h"
#include "expr_int.h"
#include "sbuf.h"
#include "version.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <math.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct xarena_chunk {
	struct xarena_chunk *next;
	size_t used, cap;
	char data[];
};

#define CHUNK_MIN 4096

static void joins_free(struct xctx *c);

void *x_alloc(struct xctx *c, size_t n)
{
	struct xarena_chunk *k = c->arena;

	n = (n + 7) & ~(size_t)7;
	if (!k || k->used + n > k->cap) {
		size_t cap = n > CHUNK_MIN ? n : CHUNK_MIN;

		k = malloc(sizeof(*k) + cap);
		if (!k) {
			c->nomem = true;
			return NULL;
		}
		k->used = 0;
		k->cap = cap;
		k->next = c->arena;
		c->arena = k;
	}
	k->used += n;
	return k->data + k->used - n;
}

char *xctx_strdup(struct xctx *c, const char *s, size_t len)
{
	char *d = x_alloc(c, len + 1);

	if (d) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}

void xctx_init(struct xctx *c)
{
	memset(c, 0, sizeof(*c));
	c->today = -1;
	c->record = true;
}

void xctx_free(struct xctx *c)
{
	while (c->arena) {
		struct xarena_chunk *k = c->arena;

		c->arena = k->next;
		free(k);
	}
	free(c->reads);
	free(c->missing);
	free(c->letv);
	free(c->lets_state);
	if (c->md)
		pcre2_match_data_free(c->md);
	free(c->idx);
	c->idx = NULL;
	joins_free(c);
	c->reads = NULL;
	c->missing = NULL;
	c->letv = NULL;
	c->lets_state = NULL;
	c->md = NULL;
}

int xctx_reset_item(struct xctx *c)
{
	/* Keep the newest chunk, free the rest. */
	if (c->arena) {
		while (c->arena->next) {
			struct xarena_chunk *k = c->arena->next;

			c->arena->next = k->next;
			free(k);
		}
		c->arena->used = 0;
	}
	c->nreads = c->nmissing = c->dropped = 0;
	c->erred = false;
	c->err[0] = '\0';
	c->errpos = 0;
	c->depth = 0;
	c->record = true;
	if (c->nlets > c->capLets) {
		struct xval *v = realloc(c->letv, c->nlets * sizeof(*v));
		signed char *st;

		if (!v)
			return c->nomem = true, -1;
		c->letv = v;
		st = realloc(c->lets_state, c->nlets);
		if (!st)
			return c->nomem = true, -1;
		c->lets_state = st;
		c->capLets = c->nlets;
	}
	if (c->nlets)
		memset(c->lets_state, 0, c->nlets);
	return 0;
}

int x_fail(struct xctx *c, const struct xnode *n, const char *fmt, ...)
{
	va_list ap;

	if (c->erred)
		return -1;
	c->erred = true;
	c->errpos = n ? n->pos : 0;
	va_start(ap, fmt);
	vsnprintf(c->err, sizeof(c->err), fmt, ap);
	va_end(ap);
	return -1;
}

const char *x_kind_name(enum xkind k)
{
	static const char *const names[] = {
		[XV_MISSING] = "missing", [XV_BOOL] = "boolean",
		[XV_NUM] = "number",	  [XV_STR] = "string",
		[XV_JSON] = "list or object", [XV_VER] = "version",
	};

	return names[k];
}

/* ---- paths ---------------------------------------------------------- */

/* An integer as decimal text: paths' indexes and numbers in messages,
 * written for every finding (printf costs ~10 times more). */
static size_t fmt_int(char *buf, long long v)
{
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
				       (unsigned long long)v;
	char tmp[24], *p = tmp + sizeof(tmp);
	size_t n;

	do
		*--p = (char)('0' + u % 10);
	while (u /= 10);
	if (v < 0)
		*--p = '-';
	n = (size_t)(tmp + sizeof(tmp) - p);
	memcpy(buf, p, n);
	buf[n] = '\0';
	return n;
}

static void fmt_long(struct sbuf *out, long long v)
{
	char buf[24];

	sbuf_add(out, buf, fmt_int(buf, v));
}

static void scope_chain(const struct xscope *s, struct xread *r)
{
	const struct xscope *v[XREAD_SCOPES];
	int n = 0;

	for (; s && s->list_path && n < XREAD_SCOPES; s = s->up) {
		v[n++] = s;
		if (s->absolute)
			break;
	}
	r->nscope = n;
	for (int i = 0; i < n; i++) {
		r->scope_path[i] = v[n - 1 - i]->list_path;
		r->scope_index[i] = v[n - 1 - i]->index;
	}
	r->list_holder = n ? v[0]->list_holder : NULL;
	r->list_key = n ? v[0]->list_key : NULL;
}

void xread_path(const struct xread *r, struct sbuf *out)
{
	struct xread tmp;

	if (r->scope) {	/* the chain was not copied: its scope lives */
		tmp = *r;
		scope_chain(r->scope, &tmp);
		r = &tmp;
	}
	for (int i = 0; i < r->nscope; i++) {
		if (i)
			sbuf_addc(out, '.');
		sbuf_adds(out, r->scope_path[i]);
		sbuf_addc(out, '[');
		fmt_long(out, r->scope_index[i]);
		sbuf_addc(out, ']');
	}
	if (r->path && r->path[0]) {
		if (r->nscope)
			sbuf_addc(out, '.');
		sbuf_adds(out, r->path);
	}
}

static const struct xscope *path_scope(const struct xctx *c,
				       const struct xnode *n)
{
	if (n->root == XR_DOC || n->root == XR_SW || n->root == XR_PARAMS)
		return NULL;
	if (n->root == XR_UP)
		return c->scope ? c->scope->outer : NULL;
	return c->scope;
}

static struct xread *new_read(struct xctx *c)
{
	if (!c->record)
		return NULL;
	if (c->nreads >= XCTX_MAX_READS) {
		c->dropped++;
		return NULL;
	}
	if (c->nreads == c->capreads) {
		size_t cap = c->capreads ? c->capreads * 2 : 16;
		struct xread *v = realloc(c->reads, cap * sizeof(*v));

		if (!v) {
			c->nomem = true;
			return NULL;
		}
		c->reads = v;
		c->capreads = cap;
	}
	c->reads[c->nreads].let = -1;
	c->reads[c->nreads].scope = NULL;
	c->reads[c->nreads].nscope = 0;
	c->reads[c->nreads].list_holder = NULL;
	c->reads[c->nreads].list_key = NULL;
	c->reads[c->nreads].value = NULL;
	return &c->reads[c->nreads++];
}

/* cJSON's type tests, inline: they run for every fact read. */
#define J_TYPE(j) ((j)->type & 0xFF)

static void record(struct xctx *c, const struct xnode *n, const cJSON *v,
		   const cJSON *holder, const char *key)
{
	struct xread *r;

	if (v && (J_TYPE(v) == cJSON_Object ||
		  (J_TYPE(v) == cJSON_Array && v->child &&
		   J_TYPE(v->child) == cJSON_Object)))
		return;	/* whole objects are not evidence, their fields are */
	r = new_read(c);
	if (!r)
		return;
	r->path = n->str;
	r->value = v;
	r->holder = holder;
	r->key = key;
	r->scope = path_scope(c, n);
	r->absolute = r->scope == NULL;
}

/* Reads taken in scope sc keep a copy of its chain: sc is about to go. */
static void pin_reads(struct xctx *c, size_t from, const struct xscope *sc)
{
	for (size_t i = from; i < c->nreads; i++) {
		struct xread *r = &c->reads[i];

		if (r->scope == sc) {
			scope_chain(sc, r);
			r->scope = NULL;
		}
	}
}

/* Appends s to buf (at *len, capacity cap), cutting at the capacity. */
static void cat(char *buf, size_t *len, size_t cap, const char *s)
{
	size_t n = strlen(s);

	if (*len + n >= cap)
		n = cap - *len - 1;
	memcpy(buf + *len, s, n);
	*len += n;
	buf[*len] = '\0';
}

/* The full path of a read, without printf: this runs for every absent
 * fact of every item. */
static size_t read_path_buf(const struct xread *r, char *buf, size_t cap)
{
	size_t len = 0, n;
	char idx[32];

	buf[0] = '\0';
	for (int i = 0; i < r->nscope; i++) {
		if (i)
			cat(buf, &len, cap, ".");
		cat(buf, &len, cap, r->scope_path[i]);
		idx[0] = '[';
		n = fmt_int(idx + 1, r->scope_index[i]) + 1;
		idx[n++] = ']';
		idx[n] = '\0';
		cat(buf, &len, cap, idx);
	}
	if (r->path && r->path[0]) {
		if (r->nscope)
			cat(buf, &len, cap, ".");
		cat(buf, &len, cap, r->path);
	}
	return len;
}

static char *missing_text(struct xctx *c, const struct xnode *n,
			  const struct xscope *sc)
{
	struct xread tmp = {.path = n->str};
	char buf[1024];
	size_t len;

	if (sc)
		scope_chain(sc, &tmp);
	len = read_path_buf(&tmp, buf, sizeof(buf));
	return xctx_strdup(c, buf, len);
}

const char *xctx_missing(struct xctx *c, size_t i)
{
	struct xmiss *m = &c->missing[i];

	if (!m->text)
		m->text = missing_text(c, m->node, m->scope);
	return m->text ? m->text : "?";
}

/* Kept as node and scope while the scope lives (the item's); written out
 * now inside an any() element.  Runs for every absent fact of every item:
 * no strings unless needed. */
static void note_missing(struct xctx *c, const struct xnode *n)
{
	const struct xscope *sc = path_scope(c, n);
	bool lazy = !sc || sc == c->base_scope;
	char *text = NULL;

	if (!lazy && !(text = missing_text(c, n, sc)))
		return;
	for (size_t i = 0; i < c->nmissing; i++) {
		const struct xmiss *m = &c->missing[i];

		if (lazy ? (!m->text && m->scope == sc &&
			    (m->node == n || (m->node->root == n->root &&
					      strcmp(m->node->str, n->str) == 0))) :
			   (m->text && strcmp(m->text, text) == 0))
			return;
	}
	if (c->nmissing == c->capmissing) {
		size_t cap = c->capmissing ? c->capmissing * 2 : 8;
		struct xmiss *v = realloc(c->missing, cap * sizeof(*v));

		if (!v) {
			c->nomem = true;
			return;
		}
		c->missing = v;
		c->capmissing = cap;
	}
	c->missing[c->nmissing].node = n;
	c->missing[c->nmissing].scope = sc;
	c->missing[c->nmissing++].text = text;
}

static void json_val(const cJSON *j, struct xval *out)
{
	out->s = NULL;
	out->j = NULL;
	out->b = false;
	out->n = 0;
	if (!j) {
		out->k = XV_MISSING;
		return;
	}
	switch (J_TYPE(j)) {
	case cJSON_True:
	case cJSON_False:
		out->k = XV_BOOL;
		out->b = J_TYPE(j) == cJSON_True;
		break;
	case cJSON_Number:
		out->k = XV_NUM;
		out->n = j->valuedouble;
		break;
	case cJSON_String:
		out->k = XV_STR;
		out->s = j->valuestring;
		break;
	case cJSON_Array:
	case cJSON_Object:
		out->k = XV_JSON;
		out->j = j;
		break;
	default:	/* null, raw, invalid */
		out->k = XV_MISSING;
		break;
	}
}

static int eval_let(struct xctx *c, const struct xnode *n, struct xval *out)
{
	int i = n->let;
	const struct xscope *saved = c->scope;
	struct xread *r;

	memset(out, 0, sizeof(*out));
	if (i < 0 || (size_t)i >= c->nlets || !c->lets_state)
		return x_fail(c, n, "internal error: unknown let value");
	if (c->lets_state[i] == 1)
		return x_fail(c, n, "let value '%s' refers to itself",
			      c->lets[i].name);
	if (c->lets_state[i] == 0) {
		c->lets_state[i] = 1;
		c->scope = c->base_scope;
		if (expr_eval(c, c->lets[i].expr, &c->letv[i]) < 0) {
			c->scope = saved;
			return -1;
		}
		c->scope = saved;
		c->lets_state[i] = 2;
		if (c->letv[i].k != XV_MISSING && (r = new_read(c))) {
			r->path = c->lets[i].name;
			r->let = i;
		}
	}
	*out = c->letv[i];
	return 0;
}

static const cJSON *path_base(struct xctx *c, const struct xnode *n)
{
	switch (n->root) {
	case XR_DOC:
		return c->root;
	case XR_SW:
		return c->sw ? c->sw(c->ud) : NULL;
	case XR_PARAMS:
		return c->params;
	case XR_UP:
		return c->scope && c->scope->outer ? c->scope->outer->item :
						     NULL;
	default:
		return c->scope ? c->scope->item : c->root;
	}
}

/* Key lookups, cached.  An object's keys are a linked list: a lookup
 * walks the member nodes and their key strings, and the rules read the
 * same keys of the same objects (the current item, the root, system,
 * params) many times per item: every rule of a batch, the evidence pass,
 * the message templates.  A direct-mapped cache keyed by (object, key)
 * keeps each walk's answer, absent keys included.  The facts a context
 * reads do not change while it lives (expr.h), so an object's address
 * identifies it. */
#define XIDX_SLOTS 256		/* a power of two */

struct xidx {
	const cJSON *obj;
	const cJSON *member;	/* NULL: absent */
	/* the key, zero-padded (struct xseg's kw): a copy, path trees may
	 * go before the context */
	unsigned long long kw[XSEG_KEY_WORDS];
};

static const cJSON *walk_key(const cJSON *o, const char *k)
{
	/* o is never NULL: every caller tests it is an object first (the
	 * analyser takes get_key's cache test, o == an empty slot's NULL
	 * obj, as a hint that it may be) */
	/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) */
	for (const cJSON *c = o->child; c; c = c->next)
		if (c->string && c->string[0] == k[0] &&
		    strcmp(c->string, k) == 0)
			return c;
	return NULL;
}

static const cJSON *get_key(struct xctx *c, const cJSON *o,
			    const struct xseg *s)
{
	struct xidx *x;
	unsigned i;

	if (!s->kw[0] ||	/* longer than the cache's keys */
	    (!c->idx && !(c->idx = calloc(XIDX_SLOTS, sizeof(*c->idx)))))
		return walk_key(o, s->name);
	i = (unsigned)(((uintptr_t)o >> 4) ^ s->hash) & (XIDX_SLOTS - 1);
	x = &c->idx[i];
	if (x->obj == o && x->kw[0] == s->kw[0] && x->kw[1] == s->kw[1] &&
	    x->kw[2] == s->kw[2])
		return x->member;
	x->obj = o;
	memcpy(x->kw, s->kw, sizeof(x->kw));
	x->member = walk_key(o, s->name);
	return x->member;
}

/* Walks n's segments; holder/key: where the value sits (for its src). */
static int resolve(struct xctx *c, const struct xnode *n, const cJSON **val,
		   const cJSON **holder, const char **key)
{
	const cJSON *cur = path_base(c, n);

	*val = NULL;
	*holder = NULL;
	*key = NULL;
	if (!cur && n->root == XR_UP)
		return x_fail(c, n, "'^' used where there is no outer item");
	for (int i = 0; cur && i < n->nsegs; i++) {
		const struct xseg *s = &n->segs[i];

		if (s->name) {
			if (J_TYPE(cur) != cJSON_Object)
				return x_fail(c, n, "%s: '%s' is applied to "
					      "something that is not an "
					      "object", n->str, s->name);
			*holder = cur;
			*key = s->name;
			cur = get_key(c, cur, s);
		} else {
			if (!cJSON_IsArray(cur))
				return x_fail(c, n, "%s: [%ld] is applied to "
					      "something that is not a list",
					      n->str, s->index);
			cur = s->index < (long)cJSON_GetArraySize(cur) ?
				      cJSON_GetArrayItem(cur, (int)s->index) :
				      NULL;
		}
	}
	*val = cur && J_TYPE(cur) != cJSON_NULL ? cur : NULL;
	return 0;
}

int x_path(struct xctx *c, const struct xnode *n, bool rec, struct xval *out)
{
	const cJSON *v, *holder;
	const char *key;

	if (n->root == XR_LET)
		return eval_let(c, n, out);
	if (resolve(c, n, &v, &holder, &key) < 0)
		return -1;
	json_val(v, out);
	if (!v)
		note_missing(c, n);
	else if (rec && c->record)
		record(c, n, v, holder, key);
	return 0;
}

/* exists(path): never missing; its evidence says present or absent. */
int x_exists(struct xctx *c, const struct xnode *n, struct xval *out)
{
	const cJSON *v, *holder;
	const char *key;

	memset(out, 0, sizeof(*out));
	out->k = XV_BOOL;
	if (n->root == XR_LET) {
		size_t mark = c->nmissing;
		struct xval lv;

		if (eval_let(c, n, &lv) < 0)
			return -1;
		c->nmissing = mark;
		out->b = lv.k != XV_MISSING;
		return 0;
	}
	if (resolve(c, n, &v, &holder, &key) < 0)
		return -1;
	out->b = v != NULL;
	record(c, n, v, holder, key);
	return 0;
}

/* ---- iteration ------------------------------------------------------- */

/* Equality joins.  any($.interfaces, name == ^.port and ...) in a rule
 * over transceivers evaluated the condition on every interface for every
 * transceiver.  When the condition starts with `KEY == X` (KEY a field of
 * the element, X the same for every element: a literal, or a path from
 * '^', '$' or params that is a string), an element whose KEY is a string
 * other than X makes it false with nothing to keep: no read survives
 * (only true elements keep theirs), nothing is missing, no error.  Such
 * elements are skipped (their step still sees false); the others are
 * evaluated as before.  Each element's KEY is looked up once per device,
 * list and key (the facts do not change while the context lives). */
struct xjoin_el {
	const char *s;	/* the element's KEY when a string, else NULL */
	unsigned h;	/* xkey_hash(s) */
};

struct xjoin {
	const cJSON *list;
	unsigned long long kw[XSEG_KEY_WORDS];	/* the key (struct xseg) */
	size_t n;
	struct xjoin_el *el;
};

static bool join_key_path(const struct xnode *n)
{
	return n->op == XO_PATH && n->root == XR_ITEM && n->nsegs == 1 &&
	       n->segs[0].name && n->segs[0].kw[0];
}

static bool join_needle_node(const struct xnode *n)
{
	return n->op == XO_STR ||
	       (n->op == XO_PATH && (n->root == XR_UP || n->root == XR_DOC ||
				     n->root == XR_PARAMS));
}

/* The KEY == X comparison the condition starts with, or NULL. */
static const struct xnode *join_eq(const struct xnode *cond,
				   const struct xnode **key,
				   const struct xnode **needle)
{
	while (cond->op == XO_AND)
		cond = cond->a;		/* evaluated first; false decides */
	if (cond->op != XO_EQ)
		return NULL;
	if (join_key_path(cond->a) && join_needle_node(cond->b)) {
		*key = cond->a;
		*needle = cond->b;
	} else if (join_key_path(cond->b) && join_needle_node(cond->a)) {
		*key = cond->b;
		*needle = cond->a;
	} else {
		return NULL;
	}
	return cond;
}

/* X as the element's condition would read it, without side effects:
 * NULL unless it is a string (then reading it again per element notes
 * nothing missing and fails nowhere). */
static const char *join_needle(struct xctx *c, const struct xnode *n,
			       const struct xscope *el_scope)
{
	const struct xscope *saved = c->scope;
	const cJSON *cur;

	if (n->op == XO_STR)
		return n->str;
	c->scope = el_scope;
	cur = path_base(c, n);
	for (int i = 0; cur && i < n->nsegs; i++) {
		const struct xseg *s = &n->segs[i];

		if (s->name)
			cur = J_TYPE(cur) == cJSON_Object ? get_key(c, cur, s) :
							    NULL;
		else
			cur = cJSON_IsArray(cur) &&
					      s->index < (long)cJSON_GetArraySize(cur) ?
				      cJSON_GetArrayItem(cur, (int)s->index) :
				      NULL;
	}
	c->scope = saved;
	return cur && J_TYPE(cur) == cJSON_String ? cur->valuestring : NULL;
}

/* Each element's KEY, built on first use; NULL on no memory. */
static const struct xjoin *join_of(struct xctx *c, const cJSON *list,
				   const struct xseg *s)
{
	struct xjoin *j;
	const cJSON *el;
	size_t i = 0;

	for (size_t k = 0; k < c->njoins; k++) {
		j = &c->joins[k];
		if (j->list == list && !memcmp(j->kw, s->kw, sizeof(j->kw)))
			return j;
	}
	if (c->njoins == c->capjoins) {
		size_t cap = c->capjoins ? c->capjoins * 2 : 4;
		struct xjoin *v = realloc(c->joins, cap * sizeof(*v));

		if (!v)
			return NULL;
		c->joins = v;
		c->capjoins = cap;
	}
	j = &c->joins[c->njoins];
	j->n = (size_t)cJSON_GetArraySize(list);
	j->el = malloc((j->n ? j->n : 1) * sizeof(*j->el));
	if (!j->el)
		return NULL;
	j->list = list;
	memcpy(j->kw, s->kw, sizeof(j->kw));
	cJSON_ArrayForEach(el, list) {
		const cJSON *v = J_TYPE(el) == cJSON_Object ?
					 walk_key(el, s->name) : NULL;

		j->el[i].s = v && J_TYPE(v) == cJSON_String ? v->valuestring :
							    NULL;
		j->el[i].h = j->el[i].s ? xkey_hash(j->el[i].s) : 0;
		i++;
	}
	c->njoins++;
	return j;
}

static void joins_free(struct xctx *c)
{
	for (size_t k = 0; k < c->njoins; k++)
		free(c->joins[k].el);
	free(c->joins);
	c->joins = NULL;
	c->njoins = c->capjoins = 0;
}

int x_each(struct xctx *c, const struct xnode *list_node, const cJSON *list,
	   const struct xnode *cond, int keep, x_step_fn step, void *ud)
{
	const struct xscope *saved = c->scope;
	const cJSON *holder = NULL, *dummy;
	const char *key = NULL;
	struct xscope sc = {0};
	const cJSON *el;
	int i = 0, rc = 0;
	const struct xnode *jkey, *jneedle;
	const struct xjoin *join = NULL;
	const char *needle = NULL;
	unsigned nh = 0;
	const struct xval no = {.k = XV_BOOL};

	if (list_node->op == XO_PATH && list_node->root != XR_LET)
		resolve(c, list_node, &dummy, &holder, &key);
	sc.up = path_scope(c, list_node);
	sc.outer = saved;
	sc.absolute = sc.up == NULL;
	sc.list_path = list_node->op == XO_PATH ? list_node->str : "(list)";
	sc.list_holder = holder;
	sc.list_key = key;
	if (keep == X_KEEP_TRUE && join_eq(cond, &jkey, &jneedle) &&
	    (needle = join_needle(c, jneedle, &sc)) &&
	    (join = join_of(c, list, &jkey->segs[0])))
		nh = xkey_hash(needle);
	cJSON_ArrayForEach(el, list) {
		size_t mark = c->nreads, dropped = c->dropped;
		struct xval v;

		if (join && (size_t)i < join->n && join->el[i].s &&
		    (join->el[i].h != nh ||
		     strcmp(join->el[i].s, needle) != 0)) {
			i++;	/* KEY is another string: false */
			if ((rc = step(c, &no, ud)) != 0)
				break;
			continue;
		}
		sc.item = el;
		sc.index = i++;
		c->scope = &sc;
		rc = expr_eval(c, cond, &v);
		c->scope = saved;
		if (rc < 0)
			break;
		if (keep == X_KEEP_TRUE && !(v.k == XV_BOOL && v.b)) {
			c->nreads = mark;
			c->dropped = dropped;
		} else
			pin_reads(c, mark, &sc);
		if ((rc = step(c, &v, ud)) != 0)
			break;
	}
	c->scope = saved;
	return rc < 0 ? -1 : 0;
}

/* ---- operators ------------------------------------------------------- */

static int cond_of(struct xctx *c, const struct xnode *n)
{
	struct xval v;

	if (expr_eval(c, n, &v) < 0)
		return -1;
	if (v.k == XV_MISSING)
		return 2;
	if (v.k != XV_BOOL)
		return x_fail(c, n, "expected true or false, got a %s",
			      x_kind_name(v.k));
	return v.b;
}

static void set_bool(struct xval *out, int tri)
{
	memset(out, 0, sizeof(*out));
	out->k = tri == 2 ? XV_MISSING : XV_BOOL;
	out->b = tri == 1;
}

static int eval_logic(struct xctx *c, const struct xnode *n, struct xval *out)
{
	int a, b;
	int stop = n->op == XO_AND ? 0 : 1;	/* the value that decides */

	if (n->op == XO_NOT) {
		if ((a = cond_of(c, n->a)) < 0)
			return -1;
		set_bool(out, a == 2 ? 2 : !a);
		return 0;
	}
	if ((a = cond_of(c, n->a)) < 0)
		return -1;
	if (a == stop) {
		set_bool(out, stop);
		return 0;
	}
	if ((b = cond_of(c, n->b)) < 0)
		return -1;
	set_bool(out, b == stop ? stop : (a == 2 || b == 2) ? 2 : b);
	return 0;
}

static int ver_order(struct xctx *c, const struct xnode *n,
		     const struct xval *a, const struct xval *b, int *cmp)
{
	char why[200];
	int scheme = a->k == XV_VER ? a->scheme : b->scheme;

	if (ver_compare_str(a->s, b->s, (enum ver_scheme)scheme, cmp, why,
			    sizeof(why)) < 0)
		return x_fail(c, n, "cannot compare versions \"%s\" and "
			      "\"%s\": %s", a->s, b->s, why);
	return 0;
}

/* 0 with *cmp; 1 when the kinds differ (equality is then false); -1. */
static int order(struct xctx *c, const struct xnode *n, const struct xval *a,
		 const struct xval *b, int *cmp)
{
	if ((a->k == XV_VER && (b->k == XV_STR || b->k == XV_VER)) ||
	    (b->k == XV_VER && a->k == XV_STR))
		return ver_order(c, n, a, b, cmp);
	if (a->k != b->k)
		return 1;
	switch (a->k) {
	case XV_NUM:
		*cmp = a->n < b->n ? -1 : a->n > b->n;
		return 0;
	case XV_STR:
		*cmp = strcmp(a->s, b->s);
		return 0;
	case XV_BOOL:
		*cmp = (int)a->b - (int)b->b;
		return 0;
	default:
		return 1;
	}
}

static int eval_cmp(struct xctx *c, const struct xnode *n,
		    const struct xval *a, const struct xval *b,
		    struct xval *out)
{
	int cmp = 0, rc = order(c, n, a, b, &cmp);
	bool r = false;

	if (rc < 0)
		return -1;
	if (rc == 1 && n->op != XO_EQ && n->op != XO_NE)
		return x_fail(c, n, "cannot order a %s and a %s",
			      x_kind_name(a->k), x_kind_name(b->k));
	if (rc == 0 && a->k == XV_BOOL && n->op != XO_EQ && n->op != XO_NE)
		return x_fail(c, n, "cannot order booleans");
	switch (n->op) {
	case XO_EQ: r = rc == 0 && cmp == 0; break;
	case XO_NE: r = rc == 1 || cmp != 0; break;
	case XO_LT: r = cmp < 0; break;
	case XO_LE: r = cmp <= 0; break;
	case XO_GT: r = cmp > 0; break;
	default: r = cmp >= 0; break;
	}
	set_bool(out, r);
	return 0;
}

static int eval_match(struct xctx *c, const struct xnode *n,
		      const struct xval *a, struct xval *out)
{
	int rc;

	if (a->k != XV_STR && a->k != XV_VER)
		return x_fail(c, n, "'%s' needs a string on its left, got a "
			      "%s", n->op == XO_MATCH ? "=~" : "!~",
			      x_kind_name(a->k));
	if (!c->md && !(c->md = pcre2_match_data_create(1, NULL)))
		return x_fail(c, n, "out of memory");
	rc = pcre2_match(n->re, (PCRE2_SPTR)a->s, strlen(a->s), 0, 0, c->md,
			 NULL);
	if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
		return x_fail(c, n, "regular expression failed (%d)", rc);
	set_bool(out, (rc >= 0) == (n->op == XO_MATCH));
	return 0;
}

struct in_state {
	const struct xval *needle;
	const struct xnode *n;
	int found;	/* 1 found, 0 not, 2 an element was missing */
};

static int in_one(struct xctx *c, struct in_state *st, const struct xval *e)
{
	int cmp = 0, rc;

	if (e->k == XV_MISSING) {
		if (st->found == 0)
			st->found = 2;
		return 0;
	}
	rc = order(c, st->n, st->needle, e, &cmp);
	if (rc < 0)
		return -1;
	if (rc == 0 && cmp == 0)
		st->found = 1;
	return 0;
}

static int eval_in(struct xctx *c, const struct xnode *n,
		   const struct xval *a, struct xval *out)
{
	struct in_state st = {.needle = a, .n = n};
	struct xval b;

	if (n->b->op == XO_LIST) {
		for (int i = 0; i < n->b->nargs && st.found != 1; i++) {
			if (expr_eval(c, n->b->args[i], &b) < 0 ||
			    in_one(c, &st, &b) < 0)
				return -1;
		}
	} else {
		const cJSON *e;

		if (expr_eval(c, n->b, &b) < 0)
			return -1;
		if (b.k == XV_MISSING) {
			set_bool(out, 2);
			return 0;
		}
		if (b.k == XV_STR && a->k == XV_STR) {
			set_bool(out, (strstr(b.s, a->s) != NULL) ==
					      (n->op == XO_IN));
			return 0;
		}
		if (b.k != XV_JSON || !cJSON_IsArray(b.j))
			return x_fail(c, n, "'in' needs a list on its right, "
				      "got a %s", x_kind_name(b.k));
		cJSON_ArrayForEach(e, b.j) {
			struct xval ev;

			json_val(e, &ev);
			if (in_one(c, &st, &ev) < 0)
				return -1;
		}
	}
	set_bool(out, st.found == 2 ? 2 : (st.found == 1) == (n->op == XO_IN));
	return 0;
}

static int eval_arith(struct xctx *c, const struct xnode *n,
		      const struct xval *a, const struct xval *b,
		      struct xval *out)
{
	memset(out, 0, sizeof(*out));
	if (n->op == XO_ADD && a->k == XV_STR && b->k == XV_STR) {
		size_t la = strlen(a->s), lb = strlen(b->s);
		char *s = x_alloc(c, la + lb + 1);

		if (!s)
			return x_fail(c, n, "out of memory");
		memcpy(s, a->s, la);
		memcpy(s + la, b->s, lb + 1);
		out->k = XV_STR;
		out->s = s;
		return 0;
	}
	if (a->k != XV_NUM || b->k != XV_NUM)
		return x_fail(c, n, "arithmetic needs numbers, got a %s and "
			      "a %s", x_kind_name(a->k), x_kind_name(b->k));
	if ((n->op == XO_DIV || n->op == XO_MOD) && b->n == 0)
		return x_fail(c, n, "division by zero");
	out->k = XV_NUM;
	switch (n->op) {
	case XO_ADD: out->n = a->n + b->n; break;
	case XO_SUB: out->n = a->n - b->n; break;
	case XO_MUL: out->n = a->n * b->n; break;
	case XO_DIV: out->n = a->n / b->n; break;
	default: out->n = fmod(a->n, b->n); break;
	}
	if (!isfinite(out->n))
		return x_fail(c, n, "arithmetic overflow");
	return 0;
}

static int eval_binary(struct xctx *c, const struct xnode *n,
		       struct xval *out)
{
	struct xval a, b;

	if (expr_eval(c, n->a, &a) < 0)
		return -1;
	if (n->op == XO_IN || n->op == XO_NIN) {
		if (a.k == XV_MISSING) {
			set_bool(out, 2);
			return 0;
		}
		return eval_in(c, n, &a, out);
	}
	if (n->op == XO_MATCH || n->op == XO_NMATCH) {
		if (a.k == XV_MISSING) {
			set_bool(out, 2);
			return 0;
		}
		return eval_match(c, n, &a, out);
	}
	if (expr_eval(c, n->b, &b) < 0)
		return -1;
	if (a.k == XV_MISSING || b.k == XV_MISSING) {
		memset(out, 0, sizeof(*out));
		return 0;
	}
	if (n->op >= XO_EQ && n->op <= XO_GE)
		return eval_cmp(c, n, &a, &b, out);
	return eval_arith(c, n, &a, &b, out);
}

static int eval_coalesce(struct xctx *c, const struct xnode *n,
			 struct xval *out)
{
	size_t mark = c->nmissing;

	if (expr_eval(c, n->a, out) < 0)
		return -1;
	if (out->k != XV_MISSING)
		return 0;
	c->nmissing = mark;
	return expr_eval(c, n->b, out);
}

static int eval_node(struct xctx *c, const struct xnode *n, struct xval *out)
{
	memset(out, 0, sizeof(*out));
	switch (n->op) {
	case XO_NUM:
		out->k = XV_NUM;
		out->n = n->num;
		return 0;
	case XO_STR:
		out->k = XV_STR;
		out->s = n->str;
		return 0;
	case XO_BOOL:
		out->k = XV_BOOL;
		out->b = n->bval;
		return 0;
	case XO_LIST:
		return x_fail(c, n, "a list literal can only follow 'in'");
	case XO_PATH:
		return x_path(c, n, true, out);
	case XO_CALL:
		return n->fn->fn(c, n, out);
	case XO_NOT:
	case XO_AND:
	case XO_OR:
		return eval_logic(c, n, out);
	case XO_COALESCE:
		return eval_coalesce(c, n, out);
	case XO_NEG:
		if (expr_eval(c, n->a, out) < 0)
			return -1;
		if (out->k == XV_MISSING)
			return 0;
		if (out->k != XV_NUM)
			return x_fail(c, n, "'-' needs a number, got a %s",
				      x_kind_name(out->k));
		out->n = -out->n;
		return 0;
	default:
		return eval_binary(c, n, out);
	}
}

int expr_eval(struct xctx *c, const struct xnode *n, struct xval *out)
{
	int rc;

	if (c->depth++ == 0)
		c->base_scope = c->scope;
	rc = eval_node(c, n, out);
	c->depth--;
	return rc;
}

int expr_cond(struct xctx *c, const struct xnode *n)
{
	return cond_of(c, n);
}

/* ---- text ------------------------------------------------------------ */

static void format_num(double x, struct sbuf *out)
{
	char buf[64];
	size_t n;

	if (fabs(x) < 1e15 && x == floor(x)) {
		if (x == 0 && signbit(x))
			sbuf_addc(out, '-');	/* "%.0f" writes -0 */
		fmt_long(out, (long long)x);	/* as "%.0f", without printf */
		return;
	}
	snprintf(buf, sizeof(buf), "%.2f", x);
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = '\0';
	sbuf_adds(out, buf);
}

static void format_json(const cJSON *j, struct sbuf *out)
{
	const cJSON *e;
	int i = 0;

	if (!cJSON_IsArray(j)) {
		sbuf_adds(out, "{...}");
		return;
	}
	cJSON_ArrayForEach(e, j) {
		struct xval v;

		if (i++)
			sbuf_adds(out, ", ");
		if (i > 16) {
			sbuf_adds(out, "...");
			break;
		}
		json_val(e, &v);
		xval_format(&v, out);
	}
	if (i == 0)
		sbuf_adds(out, "(none)");
}

void xval_format(const struct xval *v, struct sbuf *out)
{
	switch (v->k) {
	case XV_MISSING:
		sbuf_adds(out, "?");
		break;
	case XV_BOOL:
		sbuf_adds(out, v->b ? "true" : "false");
		break;
	case XV_NUM:
		format_num(v->n, out);
		break;
	case XV_STR:
	case XV_VER:
		sbuf_adds(out, v->s);
		break;
	case XV_JSON:
		format_json(v->j, out);
		break;
	}
}

cJSON *xval_json(const struct xval *v)
{
	switch (v->k) {
	case XV_BOOL:
		return cJSON_CreateBool(v->b);
	case XV_NUM:
		return cJSON_CreateNumber(v->n);
	case XV_STR:
	case XV_VER:
		return cJSON_CreateString(v->s);
	case XV_JSON:
		return cJSON_Duplicate(v->j, true);
	default:
		return NULL;
	}
}

int tmpl_render(struct xctx *c, const struct xtmpl *t, struct sbuf *out)
{
	bool saved = c->record;
	size_t nmissing = c->nmissing;

	c->record = false;
	for (size_t i = 0; i < tmpl_nparts(t); i++) {
		const struct xnode *e = tmpl_part(t, i);
		struct xval v;

		if (!e) {
			sbuf_adds(out, tmpl_text(t, i));
			continue;
		}
		c->depth = 0;
		if (expr_eval(c, e, &v) < 0) {
			c->erred = false;
			v.k = XV_MISSING;
		}
		xval_format(&v, out);
	}
	c->record = saved;
	c->nmissing = nmissing;
	if (out->nomem)
		c->nomem = true;
	return out->nomem ? -1 : 0;
}

/* Days from the civil date (H. Hinnant's algorithm). */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

long x_days(const char *s)
{
	static const unsigned mdays[] = {31, 29, 31, 30, 31, 30,
					 31, 31, 30, 31, 30, 31};
	unsigned y = 0, m, d;

	/* Digits only: sscanf's %u would also take a sign or spaces
	 * ("-001-01-01" as year 4294967295, "2026- 1- 1"). */
	if (!s)
		return -1;
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' :
				       !isdigit((unsigned char)s[i]))
			return -1;
	for (int i = 0; i < 4; i++)
		y = y * 10 + (unsigned)(s[i] - '0');
	m = (unsigned)(s[5] - '0') * 10 + (unsigned)(s[6] - '0');
	d = (unsigned)(s[8] - '0') * 10 + (unsigned)(s[9] - '0');
	if (s[10] && s[10] != 'T' && s[10] != 't' && s[10] != ' ')
		return -1;
	if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
		return -1;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100) || y % 400 == 0))
		return -1;
	return days_from_civil((long)y, m, d);
}
