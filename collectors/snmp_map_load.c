/* snmp_map_load.c - reading MIB maps (YAML) into the form of
 * snmp_map_int.h, with every mistake reported as file:line:column.
 *
 * Two passes over the files: the first reads each map's enums, tables and
 * columns (so that any map may join any table), the second its joins and
 * emit blocks.  A map with a mistake is left out as a whole; the others
 * still load.  Out of memory while a map is read, the map is left out too,
 * with "FILE: out of memory" (nomem(): a longjmp back to map_read(), the
 * only way out of the parse; every block is hung on the map, its count
 * raised, before the next allocation, so the set frees all of it), and
 * the set counts it (snmp_maps.nomem): snmp_maps_default() does not keep
 * such a set. */
#include "config.h"
#include "snmp_map_int.h"
#include "datadir.h"
#include "error.h"
#include "log.h"
#include "model.h"
#include "ynode.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct lctx {
	struct snmp_maps *m;
	struct si_diags *diags;
	struct mmap *map;
	const char *file;
	/* while reading a table's joins and emits */
	struct mtable *table;
	struct memit *emit;
	size_t jbeg;	/* joins visible to refs: [jbeg, jbeg + njoins) */
	size_t njoins;
	jmp_buf *oom;	/* map_read()'s */
};

static int bad(struct lctx *c, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(struct lctx *c, const struct ynode *n, const char *fmt, ...)
{
	char msg[SI_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	si_diags_addf(c->diags, c->file, n ? n->line : 0, n ? n->col : 0, "%s",
		      msg);
	if (c->map)
		c->map->bad = true;
	return -1;
}

static bool is_map(const struct ynode *n)
{
	return n && n->kind == YN_MAP;
}

/* Refuses keys of a map not in allowed. */
static int check_keys(struct lctx *c, const struct ynode *m,
		      const char *const *allowed, const char *what)
{
	int rc = 0;

	for (size_t i = 0; i < m->n; i++) {
		const char *k = m->pairs[i].key->str;
		bool ok = false;

		for (const char *const *a = allowed; *a && !ok; a++)
			ok = strcmp(*a, k) == 0;
		if (!ok)
			rc = bad(c, m->pairs[i].key, "unknown key '%s' in %s",
				 k, what);
	}
	return rc;
}

/* Out of memory while a map is read: back to map_read(). */
static _Noreturn void nomem(struct lctx *c)
{
	longjmp(*c->oom, 1);
}

static char *xstrdup(struct lctx *c, const char *s)
{
	char *d = strdup(s);

	if (!d)
		nomem(c);
	return d;
}

static void *xcalloc(struct lctx *c, size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		nomem(c);
	return p;
}

/* p grown to n elements; out of memory, p stays as it was (its owner
 * still frees it). */
static void *xgrow(struct lctx *c, void *p, size_t n, size_t size)
{
	void *q = realloc(p, (n ? n : 1) * size);

	if (!q)
		nomem(c);
	return q;
}

/* A YAML scalar as a literal: numbers (plain scalars that read as one)
 * become numbers, the rest text. */
static int lit_of(struct lctx *c, const struct ynode *n, struct mlit *l)
{
	double d;

	memset(l, 0, sizeof(*l));
	if (!n || n->kind != YN_SCALAR)
		return bad(c, n, "expected a number or a text");
	if (n->plain && ynode_number(n, &d) == 0) {
		l->is_num = true;
		l->num = d;
		return 0;
	}
	l->str = xstrdup(c, n->str);
	return 0;
}

/* A scalar or a list of scalars as literals. */
static int lits_of(struct lctx *c, const struct ynode *n, struct mlit **out,
		   size_t *nout)
{
	size_t cnt = n && n->kind == YN_SEQ ? n->n : 1;

	*out = xcalloc(c, cnt, sizeof(**out));
	*nout = cnt;
	if (n && n->kind == YN_SEQ) {
		for (size_t i = 0; i < n->n; i++)
			if (lit_of(c, n->items[i], &(*out)[i]) < 0)
				return -1;
		return 0;
	}
	return lit_of(c, n, &(*out)[0]);
}

static int strs_of(struct lctx *c, const struct ynode *n, char ***out,
		   size_t *nout)
{
	size_t cnt = n->kind == YN_SEQ ? n->n : 1;

	*out = xcalloc(c, cnt, sizeof(**out));
	*nout = cnt;
	for (size_t i = 0; i < cnt; i++) {
		const struct ynode *s = n->kind == YN_SEQ ? n->items[i] : n;

		if (!ynode_str(s))
			return bad(c, s, "expected a text");
		(*out)[i] = xstrdup(c, s->str);
	}
	return 0;
}

static pcre2_code *regex_of(struct lctx *c, const struct ynode *n)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *re;
	char msg[256];

	if (!ynode_str(n)) {
		bad(c, n, "expected a regular expression");
		return NULL;
	}
	re = pcre2_compile((PCRE2_SPTR)n->str, PCRE2_ZERO_TERMINATED,
			   PCRE2_UTF, &code, &off, NULL);
	if (!re && code == PCRE2_ERROR_HEAP_FAILED)
		nomem(c);
	if (!re) {
		pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, sizeof(msg));
		bad(c, n, "bad regular expression at offset %zu: %s",
		    (size_t)off, msg);
	}
	return re;
}

/* ---- enums ------------------------------------------------------------- */

static struct menum *enum_find(const struct mmap *map, const char *name)
{
	for (size_t i = 0; i < map->nenums; i++)
		if (strcmp(map->enums[i]->name, name) == 0)
			return map->enums[i];
	return NULL;
}

/* The enum n, hung on the map at c->map->enums[nenums] (room made by the
 * caller) before it is filled; NULL when n is not one. */
static struct menum *enum_parse(struct lctx *c, const char *name,
				const struct ynode *n)
{
	struct menum *e;

	if (!is_map(n)) {
		bad(c, n, "an enum is a map of values to words");
		return NULL;
	}
	e = xcalloc(c, 1, sizeof(*e));
	c->map->enums[c->map->nenums++] = e;
	e->name = xstrdup(c, name);
	e->keys = xcalloc(c, n->n, sizeof(*e->keys));
	e->words = xcalloc(c, n->n, sizeof(*e->words));
	for (size_t i = 0; i < n->n; i++) {
		const struct ypair *p = &n->pairs[i];
		size_t k;

		if (!ynode_str(p->value) || ynode_is_null(p->value)) {
			bad(c, p->value, "enum '%s': expected a word", name);
			continue;
		}
		if (strcmp(p->key->str, "default") == 0) {
			free(e->deflt);
			e->deflt = NULL;
			e->deflt = xstrdup(c, p->value->str);
			continue;
		}
		k = e->n++;
		lit_of(c, p->key, &e->keys[k]);
		e->words[k] = xstrdup(c, p->value->str);
	}
	return e;
}

static int enums_parse(struct lctx *c, const struct ynode *n)
{
	if (!n)
		return 0;
	if (!is_map(n))
		return bad(c, n, "'enums' must be a map");
	c->map->enums = xcalloc(c, n->n, sizeof(*c->map->enums));
	for (size_t i = 0; i < n->n; i++)
		enum_parse(c, n->pairs[i].key->str, n->pairs[i].value);
	return 0;
}

/* The enum a conv uses: a name of the map's enums, or an inline map. */
static const struct menum *enum_ref(struct lctx *c, const struct ynode *n)
{
	struct menum *e;

	if (ynode_str(n)) {
		e = enum_find(c->map, n->str);
		if (!e)
			bad(c, n, "no enum '%s' in this map", n->str);
		return e;
	}
	/* owned by the map like the named ones */
	c->map->enums = xgrow(c, c->map->enums, c->map->nenums + 1,
			      sizeof(*c->map->enums));
	return enum_parse(c, "(inline)", n);
}

/* ---- refs -------------------------------------------------------------- */

int mtable_col(const struct mtable *t, const char *name)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i].name, name) == 0)
			return (int)i;
	return -1;
}

const struct mtable *maps_table(const struct snmp_maps *m, const char *id)
{
	for (size_t i = 0; i < m->ntables; i++)
		if (strcmp(m->tables[i]->id, id) == 0)
			return m->tables[i];
	return NULL;
}

/* "i0", "i-1": index components. */
static bool idx_part(const char *s, int *part)
{
	char *end;
	long v;

	if (s[0] != 'i' || !s[1])
		return false;
	v = strtol(s + 1, &end, 10);
	if (*end || v < -16 || v > 16)
		return false;
	*part = (int)v;
	return true;
}

/* Resolves a name within one row's table: column, index, iN. */
static int ref_in_table(struct lctx *c, const struct ynode *at,
			const struct mtable *t, const char *name,
			struct mref *r)
{
	int part;

	r->table = t;
	if (strcmp(name, "index") == 0) {
		r->kind = REF_INDEX;
		return 0;
	}
	if (idx_part(name, &part)) {
		r->kind = REF_IDX;
		r->part = part;
		return 0;
	}
	r->col = mtable_col(t, name);
	if (r->col < 0)
		return bad(c, at, "table %s has no column '%s'", t->id, name);
	r->kind = REF_COL;
	return 0;
}

/* A ref: "col", "index", "i0", "uptime", "alias.col", "alias.index". */
static int ref_parse(struct lctx *c, const struct ynode *at, const char *s,
		     struct mref *r)
{
	const char *dot = strchr(s, '.');

	memset(r, 0, sizeof(*r));
	r->join = -1;
	if (strcmp(s, "uptime") == 0) {
		r->kind = REF_UPTIME;
		return 0;
	}
	if (!dot)
		return ref_in_table(c, at, c->table, s, r);
	for (size_t j = c->jbeg; j < c->jbeg + c->njoins; j++) {
		const struct mjoin *jn = &c->table->joins[j];

		if (strlen(jn->alias) == (size_t)(dot - s) &&
		    strncmp(jn->alias, s, (size_t)(dot - s)) == 0) {
			r->join = (int)j;
			if (!jn->table)	/* the join's mistake is said */
				return -1;
			return ref_in_table(c, at, jn->table, dot + 1, r);
		}
	}
	return bad(c, at, "'%.*s' is not a join of table %s (joins are "
		   "declared before use)", (int)(dot - s), s, c->table->id);
}

static int ref_of(struct lctx *c, const struct ynode *n, struct mref *r)
{
	if (!ynode_str(n))
		return bad(c, n, "expected a column name");
	return ref_parse(c, n, n->str, r);
}

static int value_parse(struct lctx *c, const struct ynode *n,
		       struct mvalue *v);

static int num_of(struct lctx *c, const struct ynode *n, struct mnum *x)
{
	double d;

	memset(x, 0, sizeof(*x));
	x->set = true;
	if (is_map(n)) {
		x->val = xcalloc(c, 1, sizeof(*x->val));
		return value_parse(c, n, x->val);
	}
	if (n && n->kind == YN_SCALAR && n->plain && ynode_number(n, &d) == 0) {
		x->k = d;
		return 0;
	}
	x->is_ref = true;
	return ref_of(c, n, &x->ref);
}

/* ---- conversions ------------------------------------------------------- */

static const struct {
	const char *name;
	enum transform tf;
} transforms[] = {
	{"mac", TF_MAC}, {"hex", TF_HEX}, {"since_uptime", TF_SINCE_UPTIME},
	{"number", TF_NUMBER}, {"last_arc", TF_LAST_ARC}, {"bits", TF_BITS},
	{"trim", TF_TRIM_NUL},
};

/* Reads the conversion keys of map n over *cv (which holds defaults). */
static int conv_parse(struct lctx *c, const struct ynode *n, struct mconv *cv)
{
	const struct ynode *v;
	int rc = 0;

	if ((v = ynode_get(n, "unit"))) {
		if (!ynode_str(v) || !unit_find(v->str, &cv->unit_dim,
						&cv->unit_factor,
						&cv->unit_power))
			rc = bad(c, v, "unknown unit '%s'",
				 ynode_str(v) ? v->str : "");
		cv->has_unit = true;
	}
	if ((v = ynode_get(n, "scale"))) {
		if (ynode_number(v, &cv->scale) < 0)
			rc = bad(c, v, "'scale' must be a number");
		cv->has_scale = true;
	}
	if ((v = ynode_get(n, "precision")) && num_of(c, v, &cv->precision) < 0)
		rc = -1;
	if ((v = ynode_get(n, "entity_scale"))) {
		if (ref_of(c, v, &cv->escale) < 0)
			rc = -1;
		cv->has_escale = true;
	}
	if ((v = ynode_get(n, "times")) && num_of(c, v, &cv->times) < 0)
		rc = -1;
	if ((v = ynode_get(n, "plus")) && num_of(c, v, &cv->plus) < 0)
		rc = -1;
	if ((v = ynode_get(n, "minus")) && num_of(c, v, &cv->minus) < 0)
		rc = -1;
	if ((v = ynode_get(n, "divide")) && num_of(c, v, &cv->divide) < 0)
		rc = -1;
	if ((v = ynode_get(n, "sentinels")) &&
	    lits_of(c, v, &cv->sent, &cv->nsent) < 0)
		rc = -1;
	if ((v = ynode_get(n, "min"))) {
		if (ynode_number(v, &cv->min) < 0)
			rc = bad(c, v, "'min' must be a number");
		cv->has_min = true;
	}
	if ((v = ynode_get(n, "max"))) {
		if (ynode_number(v, &cv->max) < 0)
			rc = bad(c, v, "'max' must be a number");
		cv->has_max = true;
	}
	if ((v = ynode_get(n, "enum")) && !(cv->en = enum_ref(c, v)))
		rc = -1;
	if ((v = ynode_get(n, "capture"))) {
		cv->capture = regex_of(c, v);
		if (!cv->capture)
			rc = -1;
	}
	if ((v = ynode_get(n, "transform"))) {
		bool ok = false;

		for (size_t i = 0; ynode_str(v) &&
				   i < sizeof(transforms) / sizeof(*transforms);
		     i++)
			if (strcmp(transforms[i].name, v->str) == 0) {
				cv->tf = transforms[i].tf;
				ok = true;
			}
		if (!ok)
			rc = bad(c, v, "unknown transform '%s'",
				 ynode_str(v) ? v->str : "");
	}
	return rc;
}

/* ---- tables and columns (pass 1) --------------------------------------- */

static int oid_of(struct lctx *c, const struct ynode *n, struct mtable *t)
{
	int len;

	if (!ynode_str(n))
		return bad(c, n, "'oid' must be a numeric OID");
	len = snmp_oid_parse(n->str, t->oid, MAP_MAX_OID - 4);
	if (len < 0)
		return bad(c, n, "'%s' is not a numeric OID", n->str);
	t->oidlen = (size_t)len;
	snmp_oid_format(t->oid, t->oidlen, t->oidtext, sizeof(t->oidtext));
	return 0;
}

static const char *const col_keys[] = {
	"oid", "capture", "unit", "scale", "precision", "entity_scale", "times", "plus",
	"minus", "divide", "sentinels", "min", "max", "enum", "transform",
	NULL,
};

static int col_sub(struct lctx *c, const struct ynode *n, uint32_t *sub)
{
	long long v;

	if (ynode_int(n, &v) < 0 || v < 0 || v > 0xffffffffLL)
		return bad(c, n, "a column is given by its OID suffix "
			   "(a number)");
	*sub = (uint32_t)v;
	return 0;
}

static int columns_parse(struct lctx *c, struct mtable *t,
			 const struct ynode *n)
{
	int rc = 0;

	if (!is_map(n) || n->n == 0)
		return bad(c, n, "table %s: 'columns' must be a map of names "
			   "to OID suffixes", t->id);
	t->cols = xcalloc(c, n->n, sizeof(*t->cols));
	for (size_t i = 0; i < n->n; i++) {
		const struct ypair *p = &n->pairs[i];
		const struct ynode *v = p->value;
		int part;

		if (strcmp(p->key->str, "index") == 0 ||
		    strcmp(p->key->str, "uptime") == 0 ||
		    idx_part(p->key->str, &part) || strchr(p->key->str, '.'))
			rc = bad(c, p->key, "'%s' cannot name a column",
				 p->key->str);
		t->cols[i].name = xstrdup(c, p->key->str);
		t->ncols++;
		if (is_map(v)) {
			if (check_keys(c, v, col_keys, "a column") < 0 ||
			    col_sub(c, ynode_get(v, "oid"), &t->cols[i].sub) <
				    0)
				rc = -1;
		} else if (col_sub(c, v, &t->cols[i].sub) < 0) {
			rc = -1;
		}
	}
	/* conversions last: they may name sibling columns */
	c->table = t;
	c->jbeg = c->njoins = 0;
	for (size_t i = 0; i < n->n; i++)
		if (is_map(n->pairs[i].value) &&
		    conv_parse(c, n->pairs[i].value, &t->cols[i].conv) < 0)
			rc = -1;
	return rc;
}

static const char *const table_keys[] = {
	"oid", "mib", "scalar", "columns", "joins", "emit", NULL,
};
static const char *const ext_keys[] = {"extends", "joins", "emit", NULL};

static bool is_extension(const struct ynode *n)
{
	bool b = false;

	return is_map(n) && ynode_get(n, "extends") &&
	       ynode_bool(ynode_get(n, "extends"), &b) == 0 && b;
}

static int table_parse1(struct lctx *c, const char *id, const struct ynode *n)
{
	struct mtable *t;
	bool b = false;

	if (!is_map(n))
		return bad(c, n, "table %s must be a map", id);
	if (is_extension(n))	/* read in pass 2, once every table exists */
		return check_keys(c, n, ext_keys, "a table extension");
	if (check_keys(c, n, table_keys, "a table") < 0)
		return -1;
	if (maps_table(c->m, id))
		return bad(c, n, "table '%s' is already defined by another "
			   "map", id);
	t = xcalloc(c, 1, sizeof(*t));
	t->map = c->map;
	t->line = n->line;
	c->map->tables[c->map->ntables++] = t;
	t->id = xstrdup(c, id);
	t->mib = xstrdup(c, ynode_str(ynode_get(n, "mib")) ?
				 ynode_get(n, "mib")->str : c->map->mib);
	if (ynode_get(n, "scalar") && ynode_bool(ynode_get(n, "scalar"), &b))
		return bad(c, ynode_get(n, "scalar"), "'scalar' is true or "
			   "false");
	t->scalar = b;
	if (oid_of(c, ynode_get(n, "oid"), t) < 0)
		return -1;
	return columns_parse(c, t, ynode_get(n, "columns"));
}

static int when_parse(struct lctx *c, const struct ynode *n)
{
	static const char *const keys[] = {"vendor", "family", "object_id",
					   NULL};
	const struct ynode *v;
	int rc = 0;

	if (!n)
		return 0;
	if (!is_map(n) || check_keys(c, n, keys, "'when'") < 0)
		return bad(c, n, "'when' is a map of vendor, family, "
			   "object_id");
	if ((v = ynode_get(n, "vendor")))
		rc |= strs_of(c, v, &c->map->vendors, &c->map->nvendors);
	if ((v = ynode_get(n, "family")))
		rc |= strs_of(c, v, &c->map->families, &c->map->nfamilies);
	if ((v = ynode_get(n, "object_id")))
		rc |= strs_of(c, v, &c->map->oids, &c->map->noids);
	return rc;
}

static const char *const map_keys[] = {
	"map", "mib", "priority", "when", "enums", "tables", "doc", NULL,
};

static int map_parse1(struct lctx *c, const struct ydoc *d)
{
	const struct ynode *root = d->root, *tables, *v;
	long long prio = 50;

	if (!is_map(root))
		return bad(c, root, "a MIB map is a YAML map");
	check_keys(c, root, map_keys, "a map");
	if (!ynode_str(ynode_get(root, "map")))
		return bad(c, root, "a MIB map needs 'map: NAME'");
	c->map->name = xstrdup(c, ynode_get(root, "map")->str);
	for (size_t i = 0; i < c->m->nall; i++)
		if (c->m->all[i] != c->map && c->m->all[i]->name &&
		    strcmp(c->m->all[i]->name, c->map->name) == 0)
			bad(c, root, "map '%s' is defined twice", c->map->name);
	c->map->mib = xstrdup(c, ynode_str(ynode_get(root, "mib")) ?
				      ynode_get(root, "mib")->str :
				      c->map->name);
	if ((v = ynode_get(root, "priority")) &&
	    (ynode_int(v, &prio) < 0 || prio < 0 || prio > 1000))
		bad(c, v, "'priority' is a number from 0 to 1000");
	c->map->priority = (int)prio;
	when_parse(c, ynode_get(root, "when"));
	enums_parse(c, ynode_get(root, "enums"));
	tables = ynode_get(root, "tables");
	if (!is_map(tables))
		return bad(c, root, "a MIB map needs 'tables'");
	c->map->tables = xcalloc(c, tables->n, sizeof(*c->map->tables));
	c->map->ext = xcalloc(c, tables->n, sizeof(*c->map->ext));
	for (size_t i = 0; i < tables->n; i++)
		table_parse1(c, tables->pairs[i].key->str,
			     tables->pairs[i].value);
	return 0;
}

/* ---- values, conditions, joins, emits (pass 2) ------------------------- */

static int cond_parse(struct lctx *c, const struct ynode *n,
		      struct mcond *k);

static int conds_parse(struct lctx *c, const struct ynode *n,
		       struct mcond **out, size_t *nout)
{
	size_t cnt = n->kind == YN_SEQ ? n->n : 1;
	int rc = 0;

	*out = xcalloc(c, cnt, sizeof(**out));
	*nout = cnt;
	for (size_t i = 0; i < cnt; i++)
		if (cond_parse(c, n->kind == YN_SEQ ? n->items[i] : n,
			       &(*out)[i]) < 0)
			rc = -1;
	return rc;
}

static const struct {
	const char *key;
	enum cond_op op;
} cond_ops[] = {
	{"in", C_IN}, {"eq", C_IN}, {"not_in", C_NOT_IN}, {"ne", C_NOT_IN},
	{"match", C_MATCH}, {"not_match", C_NOT_MATCH},
	{"present", C_PRESENT}, {"absent", C_ABSENT}, {"gt", C_GT},
	{"ge", C_GE}, {"lt", C_LT}, {"le", C_LE},
};

static int cond_parse(struct lctx *c, const struct ynode *n, struct mcond *k)
{
	const struct ynode *opn = NULL;
	bool found = false;

	if (!is_map(n))
		return bad(c, n, "a condition is a map such as "
			   "{ref: type, in: [8]}");
	if (ynode_get(n, "any")) {
		k->op = C_ANY;
		if (n->n != 1)
			return bad(c, n, "'any' stands alone in its map");
		return conds_parse(c, ynode_get(n, "any"), &k->sub, &k->nsub);
	}
	if (n->n != 2 || !ynode_get(n, "ref"))
		return bad(c, n, "a condition has 'ref' and one operator "
			   "(in, not_in, match, not_match, present, absent, "
			   "gt, ge, lt, le)");
	if (ref_of(c, ynode_get(n, "ref"), &k->ref) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(cond_ops) / sizeof(*cond_ops); i++)
		if ((opn = ynode_get(n, cond_ops[i].key))) {
			k->op = cond_ops[i].op;
			found = true;
			break;
		}
	if (!found)
		return bad(c, n, "unknown condition operator");
	switch (k->op) {
	case C_MATCH:
	case C_NOT_MATCH:
		return (k->re = regex_of(c, opn)) ? 0 : -1;
	case C_PRESENT:
	case C_ABSENT: {
		bool b;

		if (ynode_bool(opn, &b) < 0 || !b)
			return bad(c, opn, "write 'present: true' or "
				   "'absent: true'");
		return 0;
	}
	default:
		return lits_of(c, opn, &k->lits, &k->nlits);
	}
}

/* "Fan {i0}/{i1} of {ent.name}" */
static int template_parse(struct lctx *c, const struct ynode *n,
			  struct mvalue *v)
{
	const char *s = ynode_str(n), *p;
	size_t cnt = 0;

	if (!s)
		return bad(c, n, "'template' must be a text");
	for (p = s; (p = strchr(p, '{')); p++)
		cnt++;
	v->kind = MV_TEMPLATE;
	v->tlits = xcalloc(c, cnt + 1, sizeof(*v->tlits));
	v->trefs = xcalloc(c, cnt, sizeof(*v->trefs));
	for (p = s;;) {
		const char *open = strchr(p, '{'), *close;
		char name[128];

		v->tlits[v->ntrefs] = strndup(p, open ? (size_t)(open - p)
						      : strlen(p));
		if (!v->tlits[v->ntrefs])
			nomem(c);
		if (!open)
			break;
		close = strchr(open, '}');
		if (!close || (size_t)(close - open - 1) >= sizeof(name))
			return bad(c, n, "unclosed '{' in template");
		memcpy(name, open + 1, (size_t)(close - open - 1));
		name[close - open - 1] = '\0';
		if (ref_parse(c, n, name, &v->trefs[v->ntrefs]) < 0)
			return -1;
		v->ntrefs++;
		p = close + 1;
	}
	return 0;
}

static const char *const value_keys[] = {
	"ref", "template", "const", "where", "pick", "rate_of", "capture",
	"unit",
	"scale", "precision", "entity_scale", "times", "plus", "minus",
	"divide", "sentinels", "min", "max", "enum", "transform", NULL,
};

/* The default conversion of the column a ref reads. */
static void conv_inherit(const struct mref *r, struct mconv *cv)
{
	if (r->kind == REF_COL)
		*cv = r->table->cols[r->col].conv;
}

static int value_parse(struct lctx *c, const struct ynode *n,
		       struct mvalue *v)
{
	const struct ynode *x;

	memset(v, 0, sizeof(*v));
	v->rate_of = -1;
	v->line = n ? n->line : 0;
	v->col = n ? n->col : 0;
	if (n && n->kind == YN_SCALAR) {
		v->kind = MV_REF;
		if (ref_of(c, n, &v->ref) < 0)
			return -1;
		conv_inherit(&v->ref, &v->conv);
		return 0;
	}
	if (!is_map(n))
		return bad(c, n, "a value is a column name or a map with ref, "
			   "template or const");
	if (check_keys(c, n, value_keys, "a value") < 0)
		return -1;
	if ((x = ynode_get(n, "ref"))) {
		v->kind = MV_REF;
		if (ref_of(c, x, &v->ref) < 0)
			return -1;
		conv_inherit(&v->ref, &v->conv);
	} else if ((x = ynode_get(n, "template"))) {
		if (template_parse(c, x, v) < 0)
			return -1;
	} else if ((x = ynode_get(n, "const"))) {
		v->kind = MV_CONST;
		if (lit_of(c, x, &v->cval) < 0)
			return -1;
	} else {
		return bad(c, n, "a value needs 'ref', 'template' or 'const'");
	}
	if (conv_parse(c, n, &v->conv) < 0)
		return -1;
	if ((x = ynode_get(n, "where")) &&
	    conds_parse(c, x, &v->where, &v->nwhere) < 0)
		return -1;
	if ((x = ynode_get(n, "pick"))) {
		const char *p = ynode_str(x);

		if (p && strcmp(p, "first") == 0)
			v->pick = PICK_FIRST;
		else if (p && strcmp(p, "min") == 0)
			v->pick = PICK_MIN;
		else if (p && strcmp(p, "max") == 0)
			v->pick = PICK_MAX;
		else if (p && strcmp(p, "sum") == 0)
			v->pick = PICK_SUM;
		else
			return bad(c, x, "'pick' is first, min, max or sum");
	}
	return 0;
}

/* Does a value read from a many-join (and so need where/pick)? */
static bool value_uses_many(const struct lctx *c, const struct mvalue *v)
{
	return v->kind == MV_REF && v->ref.join >= 0 &&
	       c->table->joins[v->ref.join].many;
}

static bool word_in(const char *const *words, const char *w)
{
	for (; *words; words++)
		if (strcmp(*words, w) == 0)
			return true;
	return false;
}

/* Status and word fields must produce words of their vocabulary. */
static int check_words(struct lctx *c, const struct ynode *at,
		       const struct field_def *f, const struct mvalue *v)
{
	const char *const *voc = f->kind == FK_STATUS ? component_statuses
						      : f->words;

	if (f->kind != FK_STATUS && f->kind != FK_WORD)
		return 0;
	if (v->kind == MV_CONST)
		return !v->cval.is_num && word_in(voc, v->cval.str) ? 0 :
			bad(c, at, "field '%s': '%s' is not one of its words",
			    f->name, v->cval.str ? v->cval.str : "(number)");
	if (!v->conv.en)
		return bad(c, at, "field '%s' needs an 'enum' giving its words",
			   f->name);
	for (size_t i = 0; i < v->conv.en->n; i++)
		if (!word_in(voc, v->conv.en->words[i]))
			return bad(c, at, "field '%s': enum word '%s' is not "
				   "allowed here", f->name,
				   v->conv.en->words[i]);
	if (v->conv.en->deflt && !word_in(voc, v->conv.en->deflt))
		return bad(c, at, "field '%s': enum default '%s' is not "
			   "allowed here", f->name, v->conv.en->deflt);
	return 0;
}

static int check_unit(struct lctx *c, const struct ynode *at,
		      const struct field_def *f, const struct mvalue *v)
{
	if (!v->conv.has_unit)
		return 0;
	if (v->conv.unit_dim == f->dim)
		return 0;
	if (f->dim == DIM_DBM && v->conv.unit_power)
		return 0;
	return bad(c, at, "field '%s' is in %s, not %s", f->name,
		   unit_dim_name(f->dim), unit_dim_name(v->conv.unit_dim));
}

static int field_parse(struct lctx *c, const struct ynode *key,
		       const struct ynode *n, struct mfield *f)
{
	size_t cnt = n->kind == YN_SEQ ? n->n : 1;
	int rc = 0;

	f->def = target_field(c->emit->target, key->str, TU_SNMP);
	if (!f->def)
		return bad(c, key, "%s has no field '%s' (see "
			   "common/schema/facts.schema.json)",
			   c->emit->target->path, key->str);
	f->alts = xcalloc(c, cnt, sizeof(*f->alts));
	f->nalts = cnt;
	for (size_t i = 0; i < cnt; i++) {
		const struct ynode *a = n->kind == YN_SEQ ? n->items[i] : n;
		struct mvalue *v = &f->alts[i];

		if (value_parse(c, a, v) < 0) {
			rc = -1;
			continue;
		}
		if (value_uses_many(c, v) && !v->nwhere &&
		    v->pick == PICK_FIRST)
			bad(c, a, "a value from a many-join needs 'where' or "
			    "'pick'");
		if (check_words(c, a, f->def, v) < 0 ||
		    check_unit(c, a, f->def, v) < 0)
			rc = -1;
	}
	return rc;
}

static int rate_links(struct lctx *c, const struct ynode *fields)
{
	struct memit *e = c->emit;

	for (size_t i = 0; i < e->nfields; i++) {
		const struct ynode *n = fields->pairs[i].value;
		const struct ynode *r = is_map(n) ? ynode_get(n, "rate_of")
						  : NULL;

		if (!r)
			continue;
		for (size_t j = 0; j < e->nfields; j++)
			if (ynode_str(r) &&
			    strcmp(e->fields[j].def->name, r->str) == 0)
				e->fields[i].alts[0].rate_of = (int)j;
		if (e->fields[i].alts[0].rate_of < 0)
			return bad(c, r, "'rate_of' names a field of this "
				   "emit block");
		if (e->fields[e->fields[i].alts[0].rate_of].alts[0].ref.kind !=
		    REF_COL)
			return bad(c, r, "'rate_of' needs a field read from a "
				   "column");
	}
	return 0;
}

static const char *const emit_keys[] = {
	"to", "when", "key", "merge", "aggregate", "fields", NULL,
};

static int emit_parse(struct lctx *c, const struct ynode *n, struct memit *e)
{
	const struct ynode *x, *fields;
	int rc = 0;

	e->table = c->table;
	e->map = c->map;
	e->line = n->line;
	c->emit = e;
	if (!is_map(n) || check_keys(c, n, emit_keys, "an emit block") < 0)
		return bad(c, n, "an emit block is a map (to, when, key, "
			   "merge, aggregate, fields)");
	if (!ynode_str(ynode_get(n, "to")) ||
	    !(e->target = target_find(ynode_get(n, "to")->str,
					  TU_SNMP)))
		return bad(c, n, "'to' names a facts target such as "
			   "environment.fans (see doc/snmp.md)");
	if ((x = ynode_get(n, "when")) && conds_parse(c, x, &e->when,
						      &e->nwhen) < 0)
		rc = -1;
	if ((x = ynode_get(n, "key"))) {
		size_t cnt = x->kind == YN_SEQ ? x->n : 1;

		e->key = xcalloc(c, 1, sizeof(*e->key));
		e->key->alts = xcalloc(c, cnt, sizeof(*e->key->alts));
		for (size_t i = 0; i < cnt; i++) {
			e->key->nalts++;	/* before it is filled */
			if (value_parse(c, x->kind == YN_SEQ ? x->items[i] : x,
					&e->key->alts[i]) < 0)
				rc = -1;
		}
	}
	if ((x = ynode_get(n, "merge")) && ynode_bool(x, &e->merge) < 0)
		rc = bad(c, x, "'merge' is true or false");
	if ((x = ynode_get(n, "aggregate"))) {
		const char *a = ynode_str(x);

		if (a && strcmp(a, "avg") == 0)
			e->agg = AGG_AVG;
		else if (a && strcmp(a, "max") == 0)
			e->agg = AGG_MAX;
		else if (a && strcmp(a, "sum") == 0)
			e->agg = AGG_SUM;
		else if (a && strcmp(a, "first") == 0)
			e->agg = AGG_FIRST;
		else
			rc = bad(c, x, "'aggregate' is first, avg, max or sum");
	}
	fields = ynode_get(n, "fields");
	if (!is_map(fields))
		return bad(c, n, "an emit block needs 'fields'");
	e->fields = xcalloc(c, fields->n, sizeof(*e->fields));
	for (size_t i = 0; i < fields->n; i++) {
		e->nfields++;	/* before it is filled */
		if (field_parse(c, fields->pairs[i].key, fields->pairs[i].value,
				&e->fields[i]) < 0)
			rc = -1;
	}
	if (rc == 0 && rate_links(c, fields) < 0)
		rc = -1;
	if (e->merge && !target_field(e->target, "entity", TU_SNMP))
		rc = bad(c, n, "'merge' updates entries by entity; %s has none",
			 e->target->path);
	return rc;
}

static int join_parse(struct lctx *c, const char *alias, const struct ynode *n,
		      struct mjoin *j)
{
	const struct ynode *t = ynode_get(n, "table"), *on, *many;
	static const char *const keys[] = {"table", "on", "many", NULL};

	j->alias = xstrdup(c, alias);
	if (!is_map(n) || check_keys(c, n, keys, "a join") < 0)
		return bad(c, n, "a join is {table: ID, on: REF, many: BOOL}");
	if (!ynode_str(t) || !(j->table = maps_table(c->m, t->str)))
		return bad(c, t ? t : n, "join '%s': no table '%s'", alias,
			   /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): ynode_str(NULL) is NULL */
			   ynode_str(t) ? t->str : "");
	if (j->table->map->bad)
		return bad(c, t, "join '%s': table %s belongs to map '%s', "
			   "which has mistakes", alias, t->str,
			   j->table->map->name);
	if ((many = ynode_get(n, "many")) && ynode_bool(many, &j->many) < 0)
		return bad(c, many, "'many' is true or false");
	on = ynode_get(n, "on");
	if (!on)
		return bad(c, n, "join '%s' needs 'on' (index, a column, ...)",
			   alias);
	return value_parse(c, on, &j->on);
}

/* Joins and emits of a table; an extension (another map's table) appends
 * its own, which see only its own joins. */
static int table_parse2(struct lctx *c, struct mtable *t, const struct ynode *n)
{
	const struct ynode *joins = ynode_get(n, "joins");
	const struct ynode *emits = ynode_get(n, "emit");
	int rc = 0;

	c->table = t;
	c->jbeg = t->njoins;
	c->njoins = 0;
	if (joins) {
		if (!is_map(joins) || t->njoins + joins->n > MAP_MAX_JOINS)
			return bad(c, joins, "'joins' is a map; a table has at "
				   "most %d joins", MAP_MAX_JOINS);
		t->joins = xgrow(c, t->joins, t->njoins + joins->n,
				 sizeof(*t->joins));
		for (size_t i = 0; i < joins->n; i++) {
			struct mjoin *j = &t->joins[t->njoins];

			memset(j, 0, sizeof(*j));
			t->njoins++;	/* before it is filled */
			if (join_parse(c, joins->pairs[i].key->str,
				       joins->pairs[i].value, j) < 0)
				rc = -1;
			c->njoins++;	/* seen by the refs of those after */
		}
	}
	if (!emits)
		return rc;
	if (emits->kind != YN_SEQ)
		return bad(c, emits, "'emit' is a list of emit blocks");
	t->emits = xgrow(c, t->emits, t->nemits + emits->n, sizeof(*t->emits));
	for (size_t i = 0; i < emits->n; i++) {
		struct memit *e = &t->emits[t->nemits];

		memset(e, 0, sizeof(*e));
		e->map = c->map;	/* a half-read one is left out too */
		t->nemits++;		/* before it is filled */
		if (emit_parse(c, emits->items[i], e) < 0)
			rc = -1;
	}
	return rc;
}

static void map_parse2(struct lctx *c, const struct ydoc *d)
{
	const struct ynode *tables = ynode_get(d->root, "tables");

	for (size_t i = 0; tables && i < tables->n; i++) {
		const struct ynode *n = tables->pairs[i].value;
		const char *id = tables->pairs[i].key->str;
		struct mtable *t = (struct mtable *)maps_table(c->m, id);

		if (!is_extension(n)) {
			if (t && t->map == c->map)
				table_parse2(c, t, n);
			continue;
		}
		if (!t) {
			bad(c, tables->pairs[i].key, "'extends': no table '%s' "
			    "in the other maps", id);
			continue;
		}
		if (t->map->bad) {	/* its table is left out with it */
			bad(c, tables->pairs[i].key, "'extends': table %s "
			    "belongs to map '%s', which has mistakes", id,
			    t->map->name ? t->map->name : t->map->file);
			continue;
		}
		c->map->ext[c->map->next++] = t;
		table_parse2(c, t, n);
	}
}

/* A map's first or second pass, with the way back when memory runs out
 * (nomem()): the map is left out with "FILE: out of memory"; what it
 * holds is freed with the set. */
static void map_read(struct lctx *c, const struct ydoc *d, int pass)
{
	jmp_buf jb;

	c->oom = &jb;
	if (setjmp(jb) == 0) {
		if (pass == 1)
			map_parse1(c, d);
		else
			map_parse2(c, d);
	} else {
		c->m->nomem++;
		bad(c, NULL, "out of memory");
	}
	c->oom = NULL;
}

/* ---- freeing ----------------------------------------------------------- */

static void lits_free(struct mlit *l, size_t n)
{
	for (size_t i = 0; l && i < n; i++)
		free(l[i].str);
	free(l);
}

static void conds_free(struct mcond *k, size_t n)
{
	for (size_t i = 0; k && i < n; i++) {
		lits_free(k[i].lits, k[i].nlits);
		pcre2_code_free(k[i].re);
		conds_free(k[i].sub, k[i].nsub);
	}
	free(k);
}

/* A value owns its sentinels unless it inherited them from its column. */
static void value_free(struct mvalue *v);

static void num_free(struct mnum *x, const struct mnum *inherited)
{
	if (x->val && (!inherited || x->val != inherited->val)) {
		value_free(x->val);
		free(x->val);
	}
}

static void conv_free(struct mconv *cv, const struct mconv *inherited)
{
	num_free(&cv->precision, inherited ? &inherited->precision : NULL);
	num_free(&cv->times, inherited ? &inherited->times : NULL);
	num_free(&cv->plus, inherited ? &inherited->plus : NULL);
	num_free(&cv->minus, inherited ? &inherited->minus : NULL);
	num_free(&cv->divide, inherited ? &inherited->divide : NULL);
	if (!inherited || cv->sent != inherited->sent)
		lits_free(cv->sent, cv->nsent);
	if (!inherited || cv->capture != inherited->capture)
		pcre2_code_free(cv->capture);
}

static void value_free(struct mvalue *v)
{
	const struct mconv *col = v->kind == MV_REF && v->ref.kind == REF_COL ?
					  &v->ref.table->cols[v->ref.col].conv
					  : NULL;

	for (size_t i = 0; v->tlits && i <= v->ntrefs; i++)
		free(v->tlits[i]);
	free(v->tlits);
	free(v->trefs);
	free(v->cval.str);
	conv_free(&v->conv, col);
	conds_free(v->where, v->nwhere);
}

static void emits_joins_free(struct mtable *t)
{
	for (size_t i = 0; i < t->nemits; i++) {
		struct memit *e = &t->emits[i];

		conds_free(e->when, e->nwhen);
		for (size_t f = 0; f < e->nfields; f++) {
			for (size_t a = 0; a < e->fields[f].nalts; a++)
				value_free(&e->fields[f].alts[a]);
			free(e->fields[f].alts);
		}
		free(e->fields);
		for (size_t a = 0; e->key && a < e->key->nalts; a++)
			value_free(&e->key->alts[a]);
		if (e->key)
			free(e->key->alts);
		free(e->key);
	}
	free(t->emits);
	t->emits = NULL;
	t->nemits = 0;
	for (size_t i = 0; i < t->njoins; i++) {
		free(t->joins[i].alias);
		value_free(&t->joins[i].on);
	}
	free(t->joins);
	t->joins = NULL;
	t->njoins = 0;
}

static void table_free(struct mtable *t)
{
	for (size_t i = 0; i < t->ncols; i++) {
		free(t->cols[i].name);
		conv_free(&t->cols[i].conv, NULL);
	}
	free(t->cols);
	free(t->id);
	free(t->mib);
	free(t);
}

static void map_free(struct mmap *m)
{
	for (size_t i = 0; i < m->ntables; i++)
		if (m->tables[i])
			table_free(m->tables[i]);
	free(m->tables);
	for (size_t i = 0; i < m->nenums; i++) {
		struct menum *e = m->enums[i];

		lits_free(e->keys, e->n);
		for (size_t w = 0; w < e->n; w++)
			free(e->words[w]);
		free(e->words);
		free(e->deflt);
		free(e->name);
		free(e);
	}
	free(m->enums);
	for (size_t i = 0; i < m->nvendors; i++)
		free(m->vendors[i]);
	for (size_t i = 0; i < m->nfamilies; i++)
		free(m->families[i]);
	for (size_t i = 0; i < m->noids; i++)
		free(m->oids[i]);
	free(m->ext);
	free(m->vendors);
	free(m->families);
	free(m->oids);
	free(m->name);
	free(m->mib);
	free(m->file);
	free(m);
}

void snmp_maps_free(struct snmp_maps *m)
{
	if (!m)
		return;
	/* Values point at columns of tables in other maps (to tell inherited
	 * sentinels apart): free every emit and join before any column. */
	for (size_t i = 0; i < m->nall; i++)
		for (size_t t = 0; t < m->all[i]->ntables; t++)
			emits_joins_free(m->all[i]->tables[t]);
	for (size_t i = 0; i < m->nall; i++)
		map_free(m->all[i]);
	free(m->all);
	free(m->maps);
	free(m->tables);
	free(m);
}

size_t snmp_maps_count(const struct snmp_maps *m)
{
	return m ? m->nmaps : 0;
}

/* ---- loading a directory ----------------------------------------------- */

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* The *.yaml files of dir, sorted, in *out: NULL-terminated, caller
 * frees; NULL when the folder cannot be read (said in diags).  -1 out of
 * memory. */
static int yaml_files(const char *dir, struct si_diags *diags, char ***out)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **v = calloc(1, sizeof(*v));
	size_t n = 0;

	*out = NULL;
	if (!d || !v) {
		if (d)
			closedir(d);
		free(v);
		if (d)
			return -1;
		si_diags_addf(diags, dir, 0, 0, "cannot read the MIB map "
			      "folder: %s", strerror(errno));
		return 0;
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char **nv;

		if (len < 6 || strcmp(de->d_name + len - 5, ".yaml") != 0 ||
		    de->d_name[0] == '.')
			continue;
		nv = realloc(v, (n + 2) * sizeof(*v));
		if (!nv || asprintf(&nv[n], "%s/%s", dir, de->d_name) < 0) {
			if (nv) {
				nv[n] = NULL;
				v = nv;
			}
			strv_free(v);
			closedir(d);
			return -1;
		}
		v = nv;
		v[++n] = NULL;
	}
	closedir(d);
	qsort(v, n, sizeof(*v), name_cmp);
	*out = v;
	return 0;
}

/* Leaves maps with mistakes out of the set used (they stay in `all`
 * until the set is freed); -1 out of memory. */
static int drop_bad(struct snmp_maps *m)
{
	size_t k = 0, kt = 0;

	m->maps = calloc(m->nall ? m->nall : 1, sizeof(*m->maps));
	if (!m->maps)
		return -1;
	for (size_t i = 0; i < m->nall; i++) {
		m->all[i]->idx = SIZE_MAX;
		if (m->all[i]->bad) {
			log_warn("snmp", "MIB map %s left out: it has mistakes",
				 m->all[i]->file);
			continue;
		}
		m->all[i]->idx = k;
		m->maps[k++] = m->all[i];
	}
	m->nmaps = k;
	for (size_t i = 0; i < m->ntables; i++)
		if (!m->tables[i]->map->bad)
			m->tables[kt++] = m->tables[i];
	m->ntables = kt;
	for (size_t i = 0; i < m->ntables; i++)
		m->tables[i]->slot = i;
	return 0;
}

/* Pass 1 of file (its document read into *doc): the map is added to
 * m->all and its tables to m->tables.  -1 when the set cannot hold it
 * (out of memory). */
static int load_one(struct snmp_maps *m, struct si_diags *diags,
		    const char *file, struct ydoc **doc, size_t *cap_t)
{
	struct lctx c = {.m = m, .diags = diags, .file = file};
	struct si_error err;

	*doc = ydoc_load_file(file, &err);
	if (!*doc) {
		/* out of memory reading it: the set is not whole either */
		m->nomem += strcmp(err.msg, "out of memory") == 0;
		si_diags_add(diags, &err);
		return 0;
	}
	c.map = calloc(1, sizeof(*c.map));
	if (!c.map || !(c.map->file = strdup(file))) {
		free(c.map);
		ydoc_free(*doc);
		*doc = NULL;
		m->nomem++;
		si_diags_addf(diags, file, 0, 0, "out of memory");
		return 0;
	}
	m->all[m->nall++] = c.map;
	map_read(&c, *doc, 1);
	for (size_t t = 0; t < c.map->ntables; t++) {
		if (!c.map->tables[t]->id)	/* out of memory: half read */
			continue;
		if (m->ntables == *cap_t) {
			size_t cap = *cap_t ? *cap_t * 2 : 64;
			struct mtable **v = realloc(m->tables,
						    cap * sizeof(*v));

			if (!v)
				return -1;
			m->tables = v;
			*cap_t = cap;
		}
		m->tables[m->ntables++] = c.map->tables[t];
	}
	return 0;
}

struct snmp_maps *snmp_maps_load_dir(const char *dir, struct si_diags *diags)
{
	struct snmp_maps *m = calloc(1, sizeof(*m));
	struct ydoc **docs = NULL;
	char **files = NULL;
	size_t nf = 0, cap_t = 0;
	int rc = m ? yaml_files(dir, diags, &files) : -1;

	while (files && files[nf])
		nf++;
	if (rc == 0 && (!(docs = calloc(nf ? nf : 1, sizeof(*docs))) ||
			!(m->all = calloc(nf ? nf : 1, sizeof(*m->all)))))
		rc = -1;
	for (size_t i = 0; rc == 0 && i < nf; i++)
		rc = load_one(m, diags, files[i], &docs[i], &cap_t);
	for (size_t i = 0, mi = 0; rc == 0 && i < nf; i++) {
		struct lctx c = {.m = m, .diags = diags, .file = files[i]};

		if (!docs[i])
			continue;
		c.map = m->all[mi++];
		if (!c.map->bad)
			map_read(&c, docs[i], 2);
	}
	for (size_t i = 0; docs && i < nf; i++)
		ydoc_free(docs[i]);
	free(docs);
	strv_free(files);
	if (rc == 0 && drop_bad(m) < 0)
		rc = -1;
	if (rc < 0) {
		si_diags_addf(diags, dir, 0, 0, "out of memory");
		snmp_maps_free(m);
		return NULL;
	}
	return m;
}

static pthread_mutex_t default_lock = PTHREAD_MUTEX_INITIALIZER;
static struct snmp_maps *default_maps;	/* for the whole run, read-only */

const struct snmp_maps *snmp_maps_default(struct si_error *err)
{
	struct snmp_maps *m;

	pthread_mutex_lock(&default_lock);
	if (!default_maps) {
		char *dir = datadir_path("collectors/snmp/maps");
		struct si_diags diags = {0};
		char buf[2048];

		if (!dir) {
			pthread_mutex_unlock(&default_lock);
			si_error_set(err, NULL, 0, 0, "out of memory");
			return NULL;
		}
		default_maps = snmp_maps_load_dir(dir, &diags);
		for (size_t i = 0; i < diags.n; i++)
			log_error("snmp", "%s",
				  si_error_str(&diags.v[i], buf, sizeof(buf)));
		if (!default_maps || default_maps->nomem || diags.lost) {
			/* a map missing for want of memory would go
			 * unnoticed for the whole run: not kept, the next
			 * device tries again */
			si_error_set(err, NULL, 0, 0, "MIB maps (%s): out of "
				     "memory", dir);
			snmp_maps_free(default_maps);
			default_maps = NULL;
		} else if (default_maps->nall == 0 && diags.n) {
			si_error_set(err, NULL, 0, 0, "no MIB maps in %s: %s",
				     dir, diags.v[0].msg);
			snmp_maps_free(default_maps);
			default_maps = NULL;
		}
		si_diags_free(&diags);
		free(dir);
	}
	m = default_maps;
	pthread_mutex_unlock(&default_lock);
	return m;
}
