/* profile_load.c - reading vendor profiles (doc/profiles.md) from YAML.
 *
 * Every node keeps its position (common/ynode.h), so each mistake is
 * reported as file:line:column; the loader goes on after a mistake to find
 * them all, and a profile with any mistake is left out of the set.
 * Targets and fields are checked against fact_targets.h, templates are
 * compiled through the set's textfsm library, and every Value an emit block
 * names must be one of its template's.
 */
#include "config.h"
#include "profile_int.h"
#include "error.h"
#include "fsutil.h"
#include "log.h"
#include "model.h"
#include "textfsm.h"
#include "ynode.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct lctx {
	const char *file;
	struct si_diags *diags;
	int nerr;
	struct textfsm_lib *lib;
	const struct textfsm *tpl;	/* of the command being read */
	const char *tpl_name;
	jmp_buf *oom;		/* profile_read()'s */
};

/* Out of memory while a profile is read: back to profile_read(), which
 * frees the profile, says "out of memory" and leaves it out, as for any
 * mistake.  So that nothing leaks, every block is hung on the profile
 * (its count raised first: the arrays are zeroed) before the next
 * allocation that may jump; a block held in a local meanwhile is
 * allocated with plain calloc/strdup and checked. */
static _Noreturn void nomem(struct lctx *c)
{
	longjmp(*c->oom, 1);
}

static void *xcalloc(struct lctx *c, size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p)
		nomem(c);
	return p;
}

static char *xstrdup(struct lctx *c, const char *s)
{
	char *p = strdup(s ? s : "");

	if (!p)
		nomem(c);
	return p;
}

static int bad(struct lctx *c, const struct ynode *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(struct lctx *c, const struct ynode *at, const char *fmt, ...)
{
	char msg[SI_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	si_diags_addf(c->diags, c->file, at ? at->line : 0, at ? at->col : 0,
		      "%s", msg);
	c->nerr++;
	return -1;
}

static bool is_map(const struct ynode *n)
{
	return n && n->kind == YN_MAP;
}

static int check_keys(struct lctx *c, const struct ynode *n,
		      const char *const *keys, const char *what)
{
	int rc = 0;

	for (size_t i = 0; i < n->n; i++) {
		const char *k = n->pairs[i].key->str;
		bool ok = false;

		for (const char *const *p = keys; *p && !ok; p++)
			ok = strcmp(*p, k) == 0;
		if (!ok)
			rc = bad(c, n->pairs[i].key, "unknown key '%s' in %s",
				 k, what);
	}
	return rc;
}

/* ---- scalars and lists ------------------------------------------------- */

pcre2_code *prx_compile(const char *re, uint32_t flags, char *why, size_t n)
{
	int ec;
	PCRE2_SIZE off;
	pcre2_code *code = pcre2_compile((PCRE2_SPTR)re, PCRE2_ZERO_TERMINATED,
					 flags, &ec, &off, NULL);

	if (!code) {
		PCRE2_UCHAR buf[256];

		pcre2_get_error_message(ec, buf, sizeof(buf));
		snprintf(why, n, "%s (at offset %zu)", (char *)buf,
			 (size_t)off);
	}
	return code;
}

static const char *scalar(struct lctx *c, const struct ynode *n,
			  const char *what)
{
	if (!n || n->kind != YN_SCALAR || ynode_is_null(n)) {
		bad(c, n, "%s must be a text", what);
		return NULL;
	}
	return n->str;
}

static void strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

/* A text or a list of texts, as a NULL-terminated array (NULL on error). */
static char **strlist(struct lctx *c, const struct ynode *n, const char *what,
		      size_t *count)
{
	size_t cnt = n->kind == YN_SEQ ? n->n : 1;
	char **v = xcalloc(c, cnt + 1, sizeof(*v));
	int rc = 0;

	for (size_t i = 0; i < cnt; i++) {
		const struct ynode *it = n->kind == YN_SEQ ? n->items[i] : n;
		const char *s = scalar(c, it, what);

		if (!s)
			rc = -1;
		v[i] = strdup(s ? s : "");
		if (!v[i]) {	/* v is not hung on the profile yet */
			strv_free(v);
			nomem(c);
		}
	}
	if (count)
		*count = cnt;
	if (rc < 0) {
		for (size_t i = 0; i < cnt; i++)
			free(v[i]);
		free(v);
		return NULL;
	}
	return v;
}

static pcre2_code **regexes(struct lctx *c, const struct ynode *n,
			    uint32_t flags, const char *what, size_t *count)
{
	size_t cnt = n->kind == YN_SEQ ? n->n : 1;
	pcre2_code **v = xcalloc(c, cnt + 1, sizeof(*v));

	*count = 0;
	for (size_t i = 0; i < cnt; i++) {
		const struct ynode *it = n->kind == YN_SEQ ? n->items[i] : n;
		const char *s = scalar(c, it, what);
		char why[300];

		if (!s)
			continue;
		v[*count] = prx_compile(s, flags, why, sizeof(why));
		if (!v[*count])
			bad(c, it, "%s: bad regular expression '%s': %s", what,
			    s, why);
		else
			(*count)++;
	}
	return v;
}

static void rx_free(pcre2_code **v, size_t n)
{
	for (size_t i = 0; v && i < n; i++)
		pcre2_code_free(v[i]);
	free(v);
}

/* ---- values -------------------------------------------------------------- */

/* A Value name of the command's template. */
static int check_ref(struct lctx *c, const struct ynode *at, const char *ref)
{
	if (!c->tpl)
		return 0;	/* reported once, for the template */
	if (textfsm_value_index(c->tpl, ref) < 0)
		return bad(c, at, "template %s has no Value '%s'", c->tpl_name,
			   ref);
	return 0;
}

static int check_placeholders(struct lctx *c, const struct ynode *at,
			      const char *t)
{
	const char *p = t;
	int rc = 0, n = 0;

	while ((p = strchr(p, '{'))) {
		const char *e = strchr(p, '}');
		char name[128];

		if (!e || (size_t)(e - p - 1) >= sizeof(name) || e == p + 1)
			return bad(c, at, "'template': '{' without a Value "
				   "name and '}'");
		snprintf(name, sizeof(name), "%.*s", (int)(e - p - 1), p + 1);
		if (check_ref(c, at, name) < 0)
			rc = -1;
		n++;
		p = e + 1;
	}
	if (n == 0)
		return bad(c, at, "'template' needs at least one {VALUE}");
	return rc;
}

static int num_parse(struct lctx *c, const struct ynode *n, struct pnum *out,
		     const char *key)
{
	double d;

	if (ynode_number(n, &d) == 0) {
		out->set = true;
		out->k = d;
		return 0;
	}
	if (n->kind == YN_SCALAR && !ynode_is_null(n)) {
		out->set = true;
		out->ref = xstrdup(c, n->str);
		return check_ref(c, n, n->str);
	}
	return bad(c, n, "'%s' is a number or a Value name", key);
}

static const char *const pick_names[] = {
	[PK_FIRST] = "first", [PK_LAST] = "last", [PK_JOIN] = "join",
	[PK_COUNT] = "count", [PK_SUM] = "sum", [PK_MIN] = "min",
	[PK_MAX] = "max", [PK_ALL] = "all",
};
static const char *const tf_names[] = {
	[PT_NONE] = "", [PT_TRIM] = "trim", [PT_LOWER] = "lower",
	[PT_UPPER] = "upper", [PT_NUMBER] = "number",
	[PT_DURATION] = "duration", [PT_SIZE] = "size", [PT_BOOL] = "bool",
	[PT_PRESENT] = "present", [PT_DATE] = "date",
};

static int word_of(const char *const *names, size_t n, const char *w)
{
	for (size_t i = 0; w && i < n; i++)
		if (names[i] && *names[i] && strcmp(names[i], w) == 0)
			return (int)i;
	return -1;
}

static void lower_trim(char *s)
{
	size_t a = 0, n = strlen(s);

	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
	while (s[a] == ' ' || s[a] == '\t')
		a++;
	memmove(s, s + a, n - a + 1);
	for (char *p = s; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
}

static int enum_parse(struct lctx *c, const struct ynode *n, struct pvalue *v)
{
	if (!is_map(n))
		return bad(c, n, "'enum' is a map {device text: word, ...}");
	v->en_keys = xcalloc(c, n->n, sizeof(char *));
	v->en_words = xcalloc(c, n->n, sizeof(char *));
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *k = n->pairs[i].key, *w = n->pairs[i].value;

		if (w->kind != YN_SCALAR || ynode_is_null(w))
			return bad(c, w, "enum '%s': the word must be a text",
				   k->str);
		if (strcmp(k->str, "default") == 0) {
			v->en_default = xstrdup(c, w->str);
			continue;
		}
		v->en_keys[v->nen++] = xstrdup(c, k->str);
		lower_trim(v->en_keys[v->nen - 1]);
		v->en_words[v->nen - 1] = xstrdup(c, w->str);
	}
	return 0;
}

static int classify_parse(struct lctx *c, const struct ynode *n,
			  struct pvalue *v)
{
	if (!n || n->kind != YN_SEQ || n->n == 0)
		return bad(c, n, "'classify' is a list of [regex, word]");
	v->cl_re = xcalloc(c, n->n, sizeof(*v->cl_re));
	v->cl_words = xcalloc(c, n->n, sizeof(char *));
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *p = n->items[i];
		char why[300];

		if (p->kind != YN_SEQ || p->n != 2 ||
		    p->items[0]->kind != YN_SCALAR ||
		    p->items[1]->kind != YN_SCALAR)
			return bad(c, p, "'classify' entries are [regex, "
				   "word]");
		v->cl_re[v->ncl] = prx_compile(p->items[0]->str, PCRE2_CASELESS, why,
					       sizeof(why));
		if (!v->cl_re[v->ncl])
			return bad(c, p->items[0], "classify: bad regular "
				   "expression: %s", why);
		v->ncl++;
		v->cl_words[v->ncl - 1] = xstrdup(c, p->items[1]->str);
	}
	return 0;
}

static int lit_parse(struct lctx *c, const struct ynode *n, struct plit *l)
{
	if (n->kind != YN_SCALAR)
		return bad(c, n, "'const' is a word, a number, true or false");
	l->str = xstrdup(c, n->str);
	if (n->plain && ynode_bool(n, &l->b) == 0)
		l->kind = PL_BOOL;
	else if (n->plain && ynode_number(n, &l->num) == 0)
		l->kind = PL_NUM;
	else
		l->kind = PL_STR;
	return 0;
}

static const char *const value_keys[] = {
	"ref", "pick", "sep", "template", "const", "none", "capture",
	"transform", "enum", "classify", "unit", "scale", "divide", "plus",
	"minus", "min", "max", "default", NULL,
};

static int value_opts(struct lctx *c, const struct ynode *n, struct pvalue *v)
{
	const struct ynode *x;
	int rc = 0;
	char why[300];

	if ((x = ynode_get(n, "pick"))) {
		int k = word_of(pick_names, sizeof(pick_names) /
					    sizeof(*pick_names), ynode_str(x));
		if (k < 0)
			rc = bad(c, x, "'pick' is first, last, join, count, "
				 "sum, min, max or all");
		else
			v->pick = (enum ppick)k;
	}
	if ((x = ynode_get(n, "sep")))
		v->sep = xstrdup(c, scalar(c, x, "'sep'"));
	if ((x = ynode_get(n, "none"))) {
		v->none = strlist(c, x, "'none'", &v->nnone);
		for (size_t i = 0; v->none && i < v->nnone; i++)
			lower_trim(v->none[i]);
		if (!v->none)
			rc = -1;
	}
	if ((x = ynode_get(n, "capture"))) {
		const char *s = scalar(c, x, "'capture'");

		if (!s || !(v->capture = prx_compile(s, 0, why,
						     sizeof(why))))
			rc = s ? bad(c, x, "'capture': bad regular expression: "
				     "%s", why) : -1;
	}
	if ((x = ynode_get(n, "transform"))) {
		int k = word_of(tf_names, sizeof(tf_names) / sizeof(*tf_names),
				ynode_str(x));

		if (k < 0)
			rc = bad(c, x, "'transform' is trim, lower, upper, "
				 "number, duration, size, bool, present or "
				 "date");
		else
			v->tf = (enum ptransform)k;
	}
	if ((x = ynode_get(n, "enum")) && enum_parse(c, x, v) < 0)
		rc = -1;
	if ((x = ynode_get(n, "classify")) && classify_parse(c, x, v) < 0)
		rc = -1;
	if (v->nen && v->ncl)
		rc = bad(c, n, "a value has 'enum' or 'classify', not both");
	if ((x = ynode_get(n, "default"))) {
		if (!v->nen || v->en_default)
			rc = bad(c, x, "'default' goes with an 'enum' (once)");
		else if (scalar(c, x, "'default'"))
			v->en_default = xstrdup(c, x->str);
		else
			rc = -1;
	}
	if ((x = ynode_get(n, "unit"))) {
		if (!ynode_str(x) || !unit_lookup(x->str, &v->unit_dim,
						  &v->unit_factor,
						  &v->unit_offset,
						  &v->unit_power))
			rc = bad(c, x, "unknown unit '%s' (see doc/profiles.md)",
				 ynode_str(x) ? x->str : "");
		else
			v->has_unit = true;
	}
	if ((x = ynode_get(n, "scale")) && num_parse(c, x, &v->scale,
						      "scale") < 0)
		rc = -1;
	if ((x = ynode_get(n, "divide")) && num_parse(c, x, &v->divide,
						       "divide") < 0)
		rc = -1;
	if ((x = ynode_get(n, "plus")) && num_parse(c, x, &v->plus, "plus") < 0)
		rc = -1;
	if ((x = ynode_get(n, "minus")) && num_parse(c, x, &v->minus,
						      "minus") < 0)
		rc = -1;
	if ((x = ynode_get(n, "min"))) {
		if (ynode_number(x, &v->min) < 0)
			rc = bad(c, x, "'min' is a number");
		v->has_min = true;
	}
	if ((x = ynode_get(n, "max"))) {
		if (ynode_number(x, &v->max) < 0)
			rc = bad(c, x, "'max' is a number");
		v->has_max = true;
	}
	return rc;
}

static int value_parse(struct lctx *c, const struct ynode *n, struct pvalue *v)
{
	const struct ynode *x;
	int rc = 0, sources = 0;

	v->line = n->line;
	v->col = n->col;
	if (n->kind == YN_SCALAR) {
		if (ynode_is_null(n))
			return bad(c, n, "a value is a Value name or a map");
		v->ref = xstrdup(c, n->str);
		return check_ref(c, n, n->str);
	}
	if (!is_map(n))
		return bad(c, n, "a value is a Value name, a map or a list of "
			   "alternatives");
	if (check_keys(c, n, value_keys, "a value") < 0)
		rc = -1;
	if ((x = ynode_get(n, "ref"))) {
		sources++;
		if (!ynode_str(x))
			rc = bad(c, x, "'ref' names a Value");
		else if (check_ref(c, x, x->str) < 0)
			rc = -1;
		v->ref = xstrdup(c, ynode_str(x));
	}
	if ((x = ynode_get(n, "template"))) {
		sources++;
		if (!ynode_str(x) || check_placeholders(c, x, x->str) < 0)
			rc = -1;
		v->tmpl = xstrdup(c, ynode_str(x));
	}
	if ((x = ynode_get(n, "const"))) {
		sources++;
		if (lit_parse(c, x, &v->cval) < 0)
			rc = -1;
		v->has_const = true;
	}
	if (sources != 1)
		return bad(c, n, "a value has one of 'ref', 'template' or "
			   "'const'");
	if (value_opts(c, n, v) < 0)
		rc = -1;
	return rc;
}

/* ---- checks of a value against its field -------------------------------- */

static bool word_in(const char *const *voc, const char *w)
{
	for (; voc && *voc; voc++)
		if (strcmp(*voc, w) == 0)
			return true;
	return false;
}

static bool is_bool_word(const char *w)
{
	return strcmp(w, "true") == 0 || strcmp(w, "false") == 0;
}

/* Words a value can produce must be the field's. */
static int check_words(struct lctx *c, const struct ynode *at,
		       const struct field_def *f, const struct pvalue *v)
{
	const char *const *voc = f->kind == FK_STATUS ? component_statuses
						      : f->words;
	bool words = f->kind == FK_STATUS || f->kind == FK_WORD ||
		     f->kind == FK_WORDLIST;

	if (f->kind == FK_BOOL) {
		for (size_t i = 0; i < v->nen; i++)
			if (!is_bool_word(v->en_words[i]))
				return bad(c, at, "field '%s': enum word '%s' "
					   "is not true or false", f->name,
					   v->en_words[i]);
		return 0;
	}
	if (!words)
		return 0;
	if (v->has_const)
		return word_in(voc, v->cval.str) ? 0 :
		       bad(c, at, "field '%s': '%s' is not one of its words",
			   f->name, v->cval.str);
	if (!v->nen && !v->ncl)
		return bad(c, at, "field '%s' needs an 'enum', 'classify' or "
			   "'const' giving its words", f->name);
	for (size_t i = 0; i < v->nen; i++)
		if (!word_in(voc, v->en_words[i]))
			return bad(c, at, "field '%s': enum word '%s' is not "
				   "allowed here", f->name, v->en_words[i]);
	for (size_t i = 0; i < v->ncl; i++)
		if (!word_in(voc, v->cl_words[i]))
			return bad(c, at, "field '%s': classify word '%s' is "
				   "not allowed here", f->name,
				   v->cl_words[i]);
	if (v->en_default && !word_in(voc, v->en_default))
		return bad(c, at, "field '%s': enum default '%s' is not "
			   "allowed here", f->name, v->en_default);
	return 0;
}

static int check_unit(struct lctx *c, const struct ynode *at,
		      const struct field_def *f, const struct pvalue *v)
{
	if (!v->has_unit || v->unit_dim == f->dim)
		return 0;
	if (f->dim == DIM_DBM && v->unit_power)
		return 0;
	return bad(c, at, "field '%s' is in %s, not %s", f->name,
		   unit_dim_name(f->dim), unit_dim_name(v->unit_dim));
}

static int field_parse(struct lctx *c, const struct target_def *t,
		       const struct ynode *key, const struct ynode *n,
		       struct pfield *f)
{
	size_t cnt = n->kind == YN_SEQ ? n->n : 1;
	int rc = 0;

	f->def = target_field(t, key->str, TU_CLI);
	if (!f->def)
		return bad(c, key, "%s has no field '%s' (see "
			   "common/schema/facts.schema.json)", t->path,
			   key->str);
	if (cnt == 0)
		return bad(c, n, "field '%s': an empty list of alternatives",
			   key->str);
	f->alts = xcalloc(c, cnt, sizeof(*f->alts));
	f->nalts = cnt;
	for (size_t i = 0; i < cnt; i++) {
		const struct ynode *a = n->kind == YN_SEQ ? n->items[i] : n;

		if (value_parse(c, a, &f->alts[i]) < 0 ||
		    check_words(c, a, f->def, &f->alts[i]) < 0 ||
		    check_unit(c, a, f->def, &f->alts[i]) < 0)
			rc = -1;
	}
	return rc;
}

/* ---- conditions ------------------------------------------------------------ */

static const struct {
	const char *name;
	enum pcond_op op;
} cond_ops[] = {
	{"eq", PC_EQ}, {"in", PC_EQ}, {"ne", PC_NE}, {"not_in", PC_NE},
	{"match", PC_MATCH}, {"not_match", PC_NOT_MATCH},
	{"present", PC_PRESENT}, {"absent", PC_ABSENT}, {"gt", PC_GT},
	{"ge", PC_GE}, {"lt", PC_LT}, {"le", PC_LE},
};

static int cond_parse(struct lctx *c, const struct ynode *n, struct pcond *pc);

static int conds_parse(struct lctx *c, const struct ynode *n,
		       struct pcond **out, size_t *count)
{
	size_t cnt = n->kind == YN_SEQ ? n->n : 1;
	int rc = 0;

	*out = xcalloc(c, cnt, sizeof(**out));
	*count = cnt;
	for (size_t i = 0; i < cnt; i++)
		if (cond_parse(c, n->kind == YN_SEQ ? n->items[i] : n,
			       &(*out)[i]) < 0)
			rc = -1;
	return rc;
}

static int cond_arg(struct lctx *c, const struct ynode *a, struct pcond *pc,
		    const char *opname)
{
	char why[300];
	bool b;

	switch (pc->op) {
	case PC_EQ:
	case PC_NE:
		pc->texts = strlist(c, a, opname, &pc->ntexts);
		if (!pc->texts)
			return -1;
		for (size_t i = 0; i < pc->ntexts; i++)
			lower_trim(pc->texts[i]);
		return 0;
	case PC_MATCH:
	case PC_NOT_MATCH:
		if (!scalar(c, a, opname))
			return -1;
		pc->re = prx_compile(a->str, 0, why, sizeof(why));
		return pc->re ? 0 : bad(c, a, "'%s': bad regular expression: "
					"%s", opname, why);
	case PC_PRESENT:
	case PC_ABSENT:
		if (ynode_bool(a, &b) < 0 || !b)
			return bad(c, a, "'%s' takes true", opname);
		return 0;
	default:
		return ynode_number(a, &pc->num) == 0 ? 0 :
		       bad(c, a, "'%s' takes a number", opname);
	}
}

static int cond_parse(struct lctx *c, const struct ynode *n, struct pcond *pc)
{
	const struct ynode *any = ynode_get(n, "any"), *ref;
	const struct ynode *opk = NULL, *opv = NULL;

	if (!is_map(n))
		return bad(c, n, "a condition is {ref: VALUE, OP: ARG} or "
			   "{any: [...]}");
	if (any) {
		pc->op = PC_ANY;
		if (n->n != 1)
			return bad(c, n, "'any' stands alone in its condition");
		if (any->kind != YN_SEQ)
			return bad(c, any, "'any' takes a list of conditions");
		return conds_parse(c, any, &pc->sub, &pc->nsub);
	}
	ref = ynode_get(n, "ref");
	if (!ynode_str(ref))
		return bad(c, n, "a condition needs 'ref'");
	pc->ref = xstrdup(c, ref->str);
	if (check_ref(c, ref, ref->str) < 0)
		return -1;
	for (size_t i = 0; i < n->n; i++) {
		if (strcmp(n->pairs[i].key->str, "ref") == 0)
			continue;
		if (opk)
			return bad(c, n->pairs[i].key, "a condition has one "
				   "operator");
		opk = n->pairs[i].key;
		opv = n->pairs[i].value;
	}
	if (!opk)
		return bad(c, n, "a condition needs an operator (eq, in, ne, "
			   "not_in, match, not_match, present, absent, gt, "
			   "ge, lt, le)");
	for (size_t i = 0; i < sizeof(cond_ops) / sizeof(*cond_ops); i++)
		if (strcmp(cond_ops[i].name, opk->str) == 0) {
			pc->op = cond_ops[i].op;
			return cond_arg(c, opv, pc, opk->str);
		}
	return bad(c, opk, "unknown condition operator '%s'", opk->str);
}

/* ---- emit blocks --------------------------------------------------------- */

static const char *const emit_keys[] = {
	"to", "when", "fields", "records", "merge_on", NULL,
};

static int records_parse(struct lctx *c, const struct ynode *x,
			 struct pemit *e)
{
	static const char *const names[] = {"", "each", "first", "last",
					    "all"};
	int k = word_of(names, 5, ynode_str(x));

	if (k < 0)
		return bad(c, x, "'records' is each, first, last or all");
	e->records = (enum precords)k;
	if (e->target->kind == TK_LIST && (k == PR_ALL))
		return bad(c, x, "'records: all' is for object targets");
	if (e->target->kind != TK_LIST && k == PR_EACH)
		return bad(c, x, "'records: each' is for list targets");
	return 0;
}

static int emit_parse(struct lctx *c, const struct ynode *n, struct pemit *e)
{
	const struct ynode *x, *fields;
	int rc = 0;

	e->line = n->line;
	e->col = n->col;
	if (!is_map(n))
		return bad(c, n, "an emit block is a map (to, when, fields, "
			   "records, merge_on)");
	if (check_keys(c, n, emit_keys, "an emit block") < 0)
		rc = -1;
	x = ynode_get(n, "to");
	if (!ynode_str(x) || !(e->target = target_find(x->str, TU_CLI)))
		return bad(c, x ? x : n, "'to' names a facts target such as "
			   "environment.fans (see doc/profiles.md)");
	if ((x = ynode_get(n, "when")) && conds_parse(c, x, &e->when,
						      &e->nwhen) < 0)
		rc = -1;
	if ((x = ynode_get(n, "records")) && records_parse(c, x, e) < 0)
		rc = -1;
	fields = ynode_get(n, "fields");
	if (!is_map(fields) || fields->n == 0)
		return bad(c, fields ? fields : n, "an emit block needs "
			   "'fields' (a map of field: value)");
	e->fields = xcalloc(c, fields->n, sizeof(*e->fields));
	for (size_t i = 0; i < fields->n; i++) {
		e->nfields++;
		if (field_parse(c, e->target, fields->pairs[i].key,
				fields->pairs[i].value, &e->fields[i]) < 0)
			rc = -1;
	}
	if ((x = ynode_get(n, "merge_on"))) {
		if (e->target->kind != TK_LIST)
			rc = bad(c, x, "'merge_on' is for list targets");
		else if (!ynode_str(x) ||
			 !target_field(e->target, x->str, TU_CLI))
			rc = bad(c, x, "'merge_on' names a field of %s",
				 e->target->path);
		else
			e->merge_on = target_field(e->target, x->str,
						   TU_CLI)->name;
	}
	if (rc == 0 && e->target->kind == TK_LIST) {
		const char *key = e->merge_on ? e->merge_on
					      : e->target->required;
		bool has = false;

		for (size_t i = 0; i < e->nfields; i++)
			has = has || (e->fields[i].def &&	/* set when rc 0 */
				      strcmp(e->fields[i].def->name, key) == 0);
		if (!has)
			rc = bad(c, n, "every entry of %s needs '%s': the "
				 "emit block gives none", e->target->path,
				 key);
	}
	return rc;
}

/* ---- commands ------------------------------------------------------------ */

static const char *const cmd_keys[] = {
	"command", "template", "timeout_ms", "optional", "alternatives",
	"emit", "secret", NULL,
};

static int template_get(struct lctx *c, const struct ynode *x,
			struct pcommand *pc)
{
	struct si_error err;
	char *path;

	pc->template_name = xstrdup(c, ynode_str(x));
	if (!ynode_str(x))
		return bad(c, x, "'template' names a template file");
	path = textfsm_lib_find(c->lib, x->str);
	if (!path)
		return bad(c, x, "template '%s' not found in the template "
			   "directories", x->str);
	si_error_clear(&err);
	pc->tpl = textfsm_lib_get(c->lib, path, &err);
	free(path);
	if (!pc->tpl) {
		char buf[SI_ERROR_MSG_MAX + SI_ERROR_FILE_MAX + 32];

		return bad(c, x, "template '%s': %s", x->str,
			   si_error_str(&err, buf, sizeof(buf)));
	}
	pc->pub.has_template = true;
	pc->pub.applied = true;
	return 0;
}

static int command_opts(struct lctx *c, const struct ynode *n,
			struct pcommand *pc)
{
	const struct ynode *x;
	long long ms;
	int rc = 0;

	if ((x = ynode_get(n, "timeout_ms"))) {
		if (ynode_int(x, &ms) < 0 || ms < 100 || ms > 3600000)
			rc = bad(c, x, "'timeout_ms' is 100..3600000");
		else
			pc->pub.timeout_ms = (long)ms;
	}
	if ((x = ynode_get(n, "optional")) &&
	    ynode_bool(x, &pc->pub.optional) < 0)
		rc = bad(c, x, "'optional' is true or false");
	if ((x = ynode_get(n, "secret")) && ynode_bool(x, &pc->pub.secret) < 0)
		rc = bad(c, x, "'secret' is true or false");
	if ((x = ynode_get(n, "alternatives"))) {
		pc->alts = strlist(c, x, "'alternatives'", NULL);
		if (!pc->alts)
			rc = -1;
	}
	return rc;
}

static int command_parse(struct lctx *c, const struct ynode *n,
			 struct pcommand *pc)
{
	const struct ynode *x;
	int rc = 0;

	c->tpl = NULL;
	c->tpl_name = NULL;
	if (n->kind == YN_SCALAR && !ynode_is_null(n)) {
		pc->pub.command = xstrdup(c, n->str);
		pc->alts = xcalloc(c, 1, sizeof(char *));
		pc->pub.alternatives = (const char *const *)pc->alts;
		return 0;
	}
	if (!is_map(n))
		return bad(c, n, "a command is a map (command, template, "
			   "emit, ...)");
	if (check_keys(c, n, cmd_keys, "a command") < 0)
		rc = -1;
	x = ynode_get(n, "command");
	pc->pub.command = xstrdup(c, ynode_str(x));
	if (!ynode_str(x) || !*x->str)
		rc = bad(c, x ? x : n, "a command needs 'command'");
	if (command_opts(c, n, pc) < 0)
		rc = -1;
	if (!pc->alts)
		pc->alts = xcalloc(c, 1, sizeof(char *));
	pc->pub.alternatives = (const char *const *)pc->alts;
	if ((x = ynode_get(n, "template"))) {
		if (template_get(c, x, pc) < 0)
			return -1;	/* its refs cannot be checked */
		c->tpl = pc->tpl;
		c->tpl_name = pc->template_name;
	}
	if ((x = ynode_get(n, "emit"))) {
		size_t cnt = x->kind == YN_SEQ ? x->n : 1;

		if (!pc->tpl)
			return bad(c, x, "'emit' needs the command's "
				   "'template'");
		pc->emits = xcalloc(c, cnt, sizeof(*pc->emits));
		for (size_t i = 0; i < cnt; i++) {
			pc->nemits++;
			if (emit_parse(c, x->kind == YN_SEQ ? x->items[i] : x,
				       &pc->emits[i]) < 0)
				rc = -1;
		}
	}
	return rc;
}

/* ---- the profile ------------------------------------------------------------ */

static const char *const prompt_names[] = {
	[PROMPT_ANY] = "any", [PROMPT_HASH] = "hash",
	[PROMPT_ANGLE] = "angle", [PROMPT_JUNOS] = "junos",
	[PROMPT_SHELL] = "shell",
};

static int recognise_parse(struct lctx *c, const struct ynode *n,
			   struct profile *p)
{
	static const char *const keys[] = {"snmp", "cli", NULL};
	static const char *const snmp_keys[] = {"object_id", "description",
						"not_description", NULL};
	static const char *const cli_keys[] = {"prompt", "match", "not_match",
					       NULL};
	const struct ynode *s, *x;
	int rc = 0;

	if (!is_map(n))
		return bad(c, n, "'recognise' is a map (snmp, cli)");
	if (check_keys(c, n, keys, "recognise") < 0)
		rc = -1;
	if ((s = ynode_get(n, "snmp"))) {
		if (!is_map(s))
			return bad(c, s, "'recognise.snmp' is a map "
				   "(object_id, description, not_description)");
		if (check_keys(c, s, snmp_keys, "recognise.snmp") < 0)
			rc = -1;
		if ((x = ynode_get(s, "object_id")) &&
		    !(p->oids = strlist(c, x, "object_id", &p->noids)))
			rc = -1;
		for (size_t i = 0; p->oids && i < p->noids; i++)
			if (p->oids[i][0] == '.' ||
			    strspn(p->oids[i], "0123456789.") !=
				    strlen(p->oids[i]))
				rc = bad(c, x, "object_id '%s': dotted digits "
					 "without a leading dot", p->oids[i]);
		if ((x = ynode_get(s, "description")))
			p->descr = regexes(c, x, PCRE2_MULTILINE, "description",
					   &p->ndescr);
		if ((x = ynode_get(s, "not_description")))
			p->not_descr = regexes(c, x, PCRE2_MULTILINE, "not_description",
					       &p->nnot_descr);
	}
	if ((s = ynode_get(n, "cli"))) {
		if (!is_map(s))
			return bad(c, s, "'recognise.cli' is a map (prompt, "
				   "match, not_match)");
		if (check_keys(c, s, cli_keys, "recognise.cli") < 0)
			rc = -1;
		p->has_cli = true;
		if ((x = ynode_get(s, "prompt"))) {
			int k = word_of(prompt_names, 5, ynode_str(x));

			if (k < 0 && ynode_str(x) && strcmp(x->str, "any") != 0)
				rc = bad(c, x, "'prompt' is any, hash, angle, "
					 "junos or shell");
			p->prompt = k < 0 ? PROMPT_ANY : (enum prompt_shape)k;
		}
		if ((x = ynode_get(s, "match")))
			p->match = regexes(c, x, PCRE2_MULTILINE, "match", &p->nmatch);
		else
			rc = bad(c, s, "'recognise.cli' needs 'match'");
		if ((x = ynode_get(s, "not_match")))
			p->not_match = regexes(c, x, PCRE2_MULTILINE, "not_match",
					       &p->nnot_match);
	}
	return rc;
}

static int session_parse(struct lctx *c, const struct ynode *n,
			 struct profile *p)
{
	static const char *const keys[] = {"version_command", "paging",
					   "width", "enable", "exit", "errors",
					   NULL};
	const struct ynode *x;
	int rc = 0;

	if (!is_map(n))
		return bad(c, n, "'session' is a map (version_command, paging, "
			   "width, enable, exit, errors)");
	if (check_keys(c, n, keys, "session") < 0)
		rc = -1;
	x = ynode_get(n, "version_command");
	if (!ynode_str(x))
		rc = bad(c, x ? x : n, "'session' needs 'version_command'");
	p->version_command = xstrdup(c, ynode_str(x));
	if ((x = ynode_get(n, "paging")) && !(p->paging = strlist(c, x,
							    "paging", NULL)))
		rc = -1;
	if ((x = ynode_get(n, "width")) && !(p->width = strlist(c, x, "width",
								 NULL)))
		rc = -1;
	if ((x = ynode_get(n, "exit")) && !(p->exit = strlist(c, x, "exit",
							       NULL)))
		rc = -1;
	if ((x = ynode_get(n, "enable")) && ynode_bool(x, &p->enable) < 0)
		rc = bad(c, x, "'enable' is true or false");
	if ((x = ynode_get(n, "errors"))) {
		size_t cnt;

		p->errors = strlist(c, x, "errors", &cnt);
		p->errors_re = regexes(c, x, PCRE2_CASELESS | PCRE2_MULTILINE, "errors", &p->nerrors);
		if (!p->errors || p->nerrors != cnt)
			rc = -1;
	}
	return rc;
}

static const char *const top_keys[] = {
	"profile", "vendor", "family", "description", "priority", "status",
	"recognise", "session", "numbering", "commands", "compare", NULL,
};

static const char *const pnum_names[] = {"fans", "power_supplies",
					 "temperatures", NULL};

/* numbering: {fans: {cli: 1, snmp: 0}, ...}: the first bay number each
 * source gives (doc/profiles.md: merging by position). */
static int numbering_parse(struct lctx *c, const struct ynode *n,
			   struct profile *p)
{
	static const char *const src_keys[] = {"cli", "snmp", NULL};
	int rc = 0;

	if (!is_map(n))
		return bad(c, n, "'numbering' is a map (fans, power_supplies, "
			   "temperatures)");
	if (check_keys(c, n, pnum_names, "numbering") < 0)
		rc = -1;
	for (int k = 0; k < PNUM_LISTS; k++) {
		const struct ynode *l = ynode_get(n, pnum_names[k]);

		if (!l)
			continue;
		if (!is_map(l)) {
			rc = bad(c, l, "'numbering.%s' is a map (cli, snmp)",
				 pnum_names[k]);
			continue;
		}
		if (check_keys(c, l, src_keys, "numbering") < 0)
			rc = -1;
		for (int s = 0; s < 2; s++) {
			const struct ynode *x = ynode_get(l, src_keys[s]);
			long long v;

			if (!x)
				continue;
			if (ynode_int(x, &v) < 0 || v < 0 || v > 1)
				rc = bad(c, x, "'numbering.%s.%s' is 0 or 1 "
					 "(the first number it gives)",
					 pnum_names[k], src_keys[s]);
			else
				p->numbering[k][s] = (int)v;
		}
	}
	return rc;
}

/* The command entry of a command text (its own or an alternative). */
static struct pcommand *command_named(struct profile *p, const char *cmd)
{
	for (size_t i = 0; i < p->ncmds; i++) {
		struct pcommand *pc = &p->cmds[i];

		if (pc->pub.command && strcmp(pc->pub.command, cmd) == 0)
			return pc;
		for (size_t k = 0; pc->alts && pc->alts[k]; k++)
			if (strcmp(pc->alts[k], cmd) == 0)
				return pc;
	}
	return NULL;
}

/* compare: [{commands: [A, B], ignore: [RE...], to: config, field:
 * saved}, ...] (doc/profiles.md: Comparing two outputs). */
static int compare_parse(struct lctx *c, const struct ynode *n,
			 struct profile *p)
{
	static const char *const keys[] = {"commands", "ignore", "to",
					   "field", NULL};
	size_t cnt;
	int rc = 0;

	if (n->kind != YN_SEQ || n->n == 0)
		return bad(c, n, "'compare' is a list of {commands, ignore, "
			   "to, field}");
	cnt = n->n;
	p->cmps = xcalloc(c, cnt, sizeof(*p->cmps));
	for (size_t i = 0; i < cnt; i++) {
		const struct ynode *m = n->items[i], *x;
		struct pcompare *k = &p->cmps[i];

		p->ncmps++;
		k->line = m->line;
		k->col = m->col;
		if (!is_map(m)) {
			rc = bad(c, m, "a compare entry is a map (commands, "
				 "ignore, to, field)");
			continue;
		}
		if (check_keys(c, m, keys, "a compare entry") < 0)
			rc = -1;
		x = ynode_get(m, "commands");
		if (!x || x->kind != YN_SEQ || x->n != 2 ||
		    !ynode_str(x->items[0]) || !ynode_str(x->items[1])) {
			rc = bad(c, x ? x : m, "'commands' is a list of the two "
				 "commands whose outputs are compared");
		} else {
			for (int j = 0; j < 2; j++) {
				struct pcommand *pc;

				k->cmd[j] = xstrdup(c, x->items[j]->str);
				pc = command_named(p, k->cmd[j]);
				if (!pc)
					rc = bad(c, x->items[j], "'%s' is not a "
						 "command of the profile",
						 k->cmd[j]);
				else
					pc->pub.applied = true;
			}
			if (k->cmd[0] && k->cmd[1] &&
			    strcmp(k->cmd[0], k->cmd[1]) == 0)
				rc = bad(c, x, "'commands' names the same "
					 "command twice");
		}
		if ((x = ynode_get(m, "ignore"))) {
			size_t want = x->kind == YN_SEQ ? x->n : 1;

			k->ignore = regexes(c, x, 0, "ignore", &k->nignore);
			if (k->nignore != want)
				rc = -1;
		}
		x = ynode_get(m, "to");
		if (!ynode_str(x) || !(k->target = target_find(x->str, TU_CLI)) ||
		    k->target->kind != TK_OBJECT) {
			rc = bad(c, x ? x : m, "'to' names an object target "
				 "such as config");
			continue;
		}
		x = ynode_get(m, "field");
		if (!ynode_str(x) ||
		    !(k->field = target_field(k->target, x->str, TU_CLI)) ||
		    k->field->kind != FK_BOOL)
			rc = bad(c, x ? x : m, "'field' names a boolean field "
				 "of %s (true when the outputs are the same)",
				 k->target->path);
	}
	return rc;
}

static int names_parse(struct lctx *c, const struct ynode *root,
		       struct profile *p)
{
	const struct ynode *x;
	long long prio;
	int rc = 0;

	x = ynode_get(root, "profile");
	p->name = xstrdup(c, ynode_str(x));
	if (!ynode_str(x) || !*x->str ||
	    strspn(x->str, "abcdefghijklmnopqrstuvwxyz0123456789-") !=
		    strlen(x->str))
		rc = bad(c, x ? x : root, "'profile' is a name of a-z, 0-9 "
			 "and '-'");
	x = ynode_get(root, "vendor");
	p->vendor = xstrdup(c, ynode_str(x));
	if (!ynode_str(x) || !*x->str ||
	    strspn(x->str, "abcdefghijklmnopqrstuvwxyz0123456789") !=
		    strlen(x->str))
		rc = bad(c, x ? x : root, "'vendor' is one lower-case word "
			 "(cisco, huawei, ...)");
	x = ynode_get(root, "family");
	p->family = xstrdup(c, ynode_str(x));
	if (!ynode_str(x) || !*x->str)
		rc = bad(c, x ? x : root, "a profile needs 'family'");
	if ((x = ynode_get(root, "description")))
		p->description = xstrdup(c, scalar(c, x, "'description'"));
	if ((x = ynode_get(root, "status")))
		p->status = xstrdup(c, scalar(c, x, "'status'"));
	p->priority = 50;
	if ((x = ynode_get(root, "priority"))) {
		if (ynode_int(x, &prio) < 0 || prio < 0 || prio > 1000)
			rc = bad(c, x, "'priority' is 0..1000");
		else
			p->priority = (int)prio;
	}
	return rc;
}

static struct profile *profile_parse(struct lctx *c, const struct ynode *root,
				     struct profile *p)
{
	const struct ynode *x;
	int before = c->nerr;

	p->file = xstrdup(c, c->file);
	if (!is_map(root)) {
		bad(c, root, "a profile is a map (profile, vendor, family, "
		    "recognise, session, commands)");
		profile_free(p);
		return NULL;
	}
	check_keys(c, root, top_keys, "a profile");
	names_parse(c, root, p);
	if ((x = ynode_get(root, "recognise")))
		recognise_parse(c, x, p);
	else
		bad(c, root, "a profile needs 'recognise'");
	if ((x = ynode_get(root, "session")))
		session_parse(c, x, p);
	else
		bad(c, root, "a profile needs 'session'");
	if ((x = ynode_get(root, "numbering")))
		numbering_parse(c, x, p);
	x = ynode_get(root, "commands");
	if (!x || x->kind != YN_SEQ || x->n == 0) {
		bad(c, x ? x : root, "a profile needs 'commands' (a list)");
	} else {
		p->cmds = xcalloc(c, x->n, sizeof(*p->cmds));
		for (size_t i = 0; i < x->n; i++) {
			p->ncmds++;
			command_parse(c, x->items[i], &p->cmds[i]);
		}
	}
	if ((x = ynode_get(root, "compare")))
		compare_parse(c, x, p);
	if (c->nerr != before) {
		profile_free(p);
		return NULL;
	}
	return p;
}

/* profile_parse() with the way back when memory runs out (nomem()). */
static struct profile *profile_read(struct lctx *c, const struct ynode *root)
{
	jmp_buf jb;
	struct profile *volatile p = calloc(1, sizeof(*p));

	if (!p) {
		bad(c, root, "out of memory");
		return NULL;
	}
	c->oom = &jb;
	if (setjmp(jb)) {
		c->oom = NULL;
		profile_free(p);
		bad(c, root, "out of memory");
		return NULL;
	}
	p = profile_parse(c, root, p);
	c->oom = NULL;
	return p;
}

/* ---- freeing ---------------------------------------------------------------- */

static void value_free(struct pvalue *v)
{
	free(v->ref);
	free(v->tmpl);
	free(v->cval.str);
	free(v->sep);
	for (size_t i = 0; i < v->nnone; i++)
		free(v->none[i]);
	free(v->none);
	pcre2_code_free(v->capture);
	for (size_t i = 0; i < v->nen; i++) {
		free(v->en_keys[i]);
		free(v->en_words[i]);
	}
	free(v->en_keys);
	free(v->en_words);
	free(v->en_default);
	rx_free(v->cl_re, v->ncl);
	for (size_t i = 0; i < v->ncl; i++)
		free(v->cl_words[i]);
	free(v->cl_words);
	free(v->scale.ref);
	free(v->divide.ref);
	free(v->plus.ref);
	free(v->minus.ref);
}

static void conds_free(struct pcond *c, size_t n)
{
	for (size_t i = 0; c && i < n; i++) {
		free(c[i].ref);
		for (size_t j = 0; j < c[i].ntexts; j++)
			free(c[i].texts[j]);
		free(c[i].texts);
		pcre2_code_free(c[i].re);
		conds_free(c[i].sub, c[i].nsub);
	}
	free(c);
}

static void command_free(struct pcommand *pc)
{
	free((char *)pc->pub.command);
	strv_free(pc->alts);
	free(pc->template_name);
	for (size_t i = 0; i < pc->nemits; i++) {
		struct pemit *e = &pc->emits[i];

		conds_free(e->when, e->nwhen);
		for (size_t j = 0; j < e->nfields; j++) {
			for (size_t k = 0; k < e->fields[j].nalts; k++)
				value_free(&e->fields[j].alts[k]);
			free(e->fields[j].alts);
		}
		free(e->fields);
	}
	free(pc->emits);
}

void profile_free(struct profile *p)
{
	if (!p)
		return;
	free(p->file);
	free(p->name);
	free(p->vendor);
	free(p->family);
	free(p->description);
	free(p->status);
	for (size_t i = 0; i < p->noids; i++)
		free(p->oids[i]);
	free(p->oids);
	rx_free(p->descr, p->ndescr);
	rx_free(p->not_descr, p->nnot_descr);
	rx_free(p->match, p->nmatch);
	rx_free(p->not_match, p->nnot_match);
	free(p->version_command);
	strv_free(p->paging);
	strv_free(p->width);
	strv_free(p->exit);
	strv_free(p->errors);
	rx_free(p->errors_re, p->nerrors);
	for (size_t i = 0; i < p->ncmds; i++)
		command_free(&p->cmds[i]);
	free(p->cmds);
	for (size_t i = 0; i < p->ncmps; i++) {
		free(p->cmps[i].cmd[0]);
		free(p->cmps[i].cmd[1]);
		rx_free(p->cmps[i].ignore, p->cmps[i].nignore);
	}
	free(p->cmps);
	free(p);
}

void profiles_free(struct profiles *ps)
{
	if (!ps)
		return;
	for (size_t i = 0; i < ps->n; i++)
		profile_free(ps->v[i]);
	free(ps->v);
	textfsm_lib_free(ps->lib);
	free(ps);
}

/* ---- the set ----------------------------------------------------------------- */

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.yaml files of dir, sorted (a file given instead of a directory is
 * taken alone). */
static char **yaml_files(const char *dir, size_t *n, struct si_diags *diags)
{
	DIR *d;
	struct dirent *de;
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	if (!fs_is_dir(dir)) {
		if (!fs_exists(dir)) {
			si_diags_addf(diags, dir, 0, 0, "no such file or "
				      "directory");
			return NULL;
		}
		v = calloc(2, sizeof(*v));
		if (!v || !(v[0] = strdup(dir)))
			goto nomem;
		*n = 1;
		return v;
	}
	if (!(d = opendir(dir))) {
		si_diags_addf(diags, dir, 0, 0, "cannot read the directory");
		return NULL;
	}
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.' || len < 6 ||
		    strcmp(de->d_name + len - 5, ".yaml") != 0)
			continue;
		if (*n == cap) {
			char **nv = realloc(v, (cap = cap ? 2 * cap : 16) *
						   sizeof(*v));
			if (!nv)
				break;
			v = nv;
		}
		if (!(v[*n] = fs_join(dir, de->d_name)))
			break;
		(*n)++;
	}
	closedir(d);
	if (de)
		goto nomem;
	if (*n)
		qsort(v, *n, sizeof(*v), cmp_name);
	return v;
nomem:
	while (*n)
		free(v[--*n]);
	free(v);
	si_diags_addf(diags, dir, 0, 0, "out of memory");
	return NULL;
}

/* 0, or -1 (p freed) when memory runs out. */
static int set_add(struct profiles *ps, struct profile *p, size_t *cap)
{
	for (size_t i = 0; i < ps->n; i++)
		if (strcmp(ps->v[i]->name, p->name) == 0) {
			log_debug("profile", "%s replaces the profile '%s' of "
				  "%s", p->file, p->name, ps->v[i]->file);
			profile_free(ps->v[i]);
			ps->v[i] = p;
			return 0;
		}
	if (ps->n == *cap) {
		size_t nc = *cap ? 2 * *cap : 16;
		struct profile **nv = realloc(ps->v, nc * sizeof(*nv));

		if (!nv) {
			profile_free(p);
			return -1;
		}
		ps->v = nv;
		*cap = nc;
	}
	ps->v[ps->n++] = p;
	return 0;
}

static void load_file(struct profiles *ps, const char *path,
		      struct si_diags *diags, size_t *cap)
{
	struct si_error err;
	struct ydoc *doc;
	struct lctx c = {.file = path, .diags = diags, .lib = ps->lib};
	struct profile *p;

	si_error_clear(&err);
	doc = ydoc_load_file(path, &err);
	if (!doc) {
		si_diags_add(diags, &err);
		return;
	}
	if (!doc->root) {
		si_diags_addf(diags, path, 0, 0, "empty profile");
	} else if ((p = profile_read(&c, doc->root)) &&
		   set_add(ps, p, cap) < 0) {
		si_diags_addf(diags, path, 0, 0, "out of memory");
	}
	ydoc_free(doc);
}

/* Highest priority first; equal priorities by name, for a stable order. */
static int cmp_prio(const void *a, const void *b)
{
	const struct profile *x = *(struct profile *const *)a;
	const struct profile *y = *(struct profile *const *)b;

	if (x->priority != y->priority)
		return y->priority - x->priority;
	return strcmp(x->name, y->name);
}

struct profiles *profiles_load(const char *const *dirs,
			       const char *const *template_dirs,
			       struct si_diags *diags)
{
	struct profiles *ps = calloc(1, sizeof(*ps));
	struct si_error err;
	size_t ntd = 0, cap = 0;

	if (!ps) {
		si_diags_addf(diags, dirs && dirs[0] ? dirs[0] : "profiles", 0,
			      0, "out of memory");
		return NULL;
	}
	while (template_dirs && template_dirs[ntd])
		ntd++;
	si_error_clear(&err);
	ps->lib = textfsm_lib_new(template_dirs, ntd, &err);
	if (!ps->lib) {
		si_diags_add(diags, &err);
		free(ps);
		return NULL;
	}
	for (size_t d = 0; dirs && dirs[d]; d++) {
		size_t n;
		char **files = yaml_files(dirs[d], &n, diags);

		for (size_t i = 0; i < n; i++) {
			load_file(ps, files[i], diags, &cap);
			free(files[i]);
		}
		free(files);
	}
	if (ps->n)
		qsort(ps->v, ps->n, sizeof(*ps->v), cmp_prio);
	return ps;
}
