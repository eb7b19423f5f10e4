/* loader.c - rule packs from YAML: every key checked, every expression
 * parsed once and its fact paths checked against the facts schema; every
 * mistake reported (lint.h) and loading goes on to find the next one. */
#include "config.h"
#include "loader.h"
#include "error.h"
#include "fschema.h"
#include "lint.h"
#include "model.h"
#include "version.h"
#include "ynode.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const pack_keys[] = {
	"pack", "version", "as_of", "description", "params", "rules", NULL,
};
static const char *const rule_keys[] = {
	"id",	   "title",	    "category",	     "severity",   "select",
	"for_each", "object",	    "let",	     "requires",   "when",
	"message", "impact",	    "advice",	     "references", "version_scheme",
	"severity_from", "tests",   NULL,
};
static const char *const select_keys[] = {
	"vendor", "os_family", "model", "version", NULL,
};
static const char *const test_keys[] = {
	"name", "facts", "waivers", "today", "sw", "expect", NULL,
};
static const char *const expect_keys[] = {
	"findings", "not_evaluated", "objects",	 "missing",
	"state",    "severity",	     "message", "evidence", NULL,
};

/* ---- freeing --------------------------------------------------------- */

static void test_free(struct rule_test *t)
{
	free(t->name);
	cJSON_Delete(t->facts);
	cJSON_Delete(t->waivers);
	cJSON_Delete(t->sw);
	free(t->today);
	lint_strlist_free(t->objects, t->nobjects);
	lint_strlist_free(t->missing, t->nmissing);
	lint_strlist_free(t->evidence, t->nevidence);
	free(t->state);
	free(t->severity);
	free(t->message);
}

void rule_free(struct rule *r)
{
	if (!r)
		return;
	free(r->id);
	free(r->file);
	free(r->severity);
	free(r->category);
	rtext_free(&r->title);
	rtext_free(&r->message);
	rtext_free(&r->impact);
	rtext_free(&r->advice);
	free(r->json_title.s);
	free(r->json_message.s);
	free(r->json_impact.s);
	free(r->json_advice.s);
	free(r->json_refs.s);
	lint_strlist_free(r->refs, r->nrefs);
	lint_strlist_free(r->sel.vendors, r->sel.nvendors);
	lint_strlist_free(r->sel.families, r->sel.nfamilies);
	lint_strlist_free(r->sel.models, r->sel.nmodels);
	free(r->sel.version);
	expr_free(r->for_each);
	for (size_t i = 0; i < r->nlets; i++) {
		free((char *)r->lets[i].name);
		free((char *)r->lets[i].text);
		expr_free((struct xnode *)r->lets[i].expr);
	}
	free(r->lets);
	for (size_t i = 0; i < r->nrequires; i++)
		expr_free(r->requires[i]);
	free(r->requires);
	expr_free(r->when);
	free(r->when_text);
	tmpl_free(r->object);
	free(r->severity_from);
	for (size_t i = 0; i < r->ntests; i++)
		test_free(&r->tests[i]);
	free(r->tests);
	free(r);
}

void rule_pack_free(struct rule_pack *p)
{
	if (!p)
		return;
	free(p->name);
	free(p->version);
	free(p->as_of);
	free(p->file);
	free(p->description);
	cJSON_Delete(p->params);
	free(p);
}

static int grow_ptrs(void ***v, size_t n)
{
	void **nv;

	if (n & (n - 1) && n > 4)	/* grow at powers of two */
		return 0;
	nv = realloc(*v, (n < 4 ? 4 : n * 2) * sizeof(void *));
	if (!nv)
		return -1;
	*v = nv;
	return 0;
}

int ruleset_add_rule(struct rule_set *rs, struct rule *r)
{
	if (grow_ptrs((void ***)&rs->rules, rs->nrules) < 0) {
		rule_free(r);
		return -1;
	}
	rs->rules[rs->nrules++] = r;
	return 0;
}

int ruleset_add_pack(struct rule_set *rs, struct rule_pack *p)
{
	if (grow_ptrs((void ***)&rs->packs, rs->npacks) < 0) {
		rule_pack_free(p);
		return -1;
	}
	rs->packs[rs->npacks++] = p;
	return 0;
}

/* ---- small checks ----------------------------------------------------- */

static bool id_valid(const char *s)
{
	bool dash = false;

	if (!isupper((unsigned char)*s))
		return false;
	for (; *s; s++) {
		if (*s == '-') {
			if (dash || !s[1])
				return false;
			dash = true;
		} else if (isupper((unsigned char)*s) ||
			   isdigit((unsigned char)*s))
			dash = false;
		else
			return false;
	}
	return true;
}

static bool name_valid(const char *s)
{
	if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    *s != '-' && *s != '_')
			return false;
	return true;
}

/* A copy of s (NULL stays NULL); out of memory is a located error. */
static char *dup_or_null(struct lint *l, const struct ynode *at,
			 const char *s)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		lint_err(l, at, "out of memory");
	return d;
}

static const struct rule *find_rule(const struct rule_set *rs,
				    const char *id)
{
	for (size_t i = 0; i < rs->nrules; i++)
		if (strcmp(rs->rules[i]->id, id) == 0)
			return rs->rules[i];
	return NULL;
}

static void parse_id(struct lint *l, const struct ynode *m,
		     const struct rule_set *rs, struct rule *r)
{
	const char *id = lint_str(l, m, "id", true, "rule");
	const struct rule *dup;

	r->id = dup_or_null(l, m, id ? id : "?");
	if (!id)
		return;
	if (!id_valid(id))
		lint_err(l, ynode_get(m, "id"), "rule id '%s' must be upper "
			 "case words joined by '-', like ENV-FAN-FAILED", id);
	if ((dup = find_rule(rs, id)))
		lint_err(l, ynode_get(m, "id"), "duplicate rule id '%s' "
			 "(first defined at %s:%d)", id, dup->file, dup->line);
}

static void parse_class(struct lint *l, const struct ynode *m,
			struct rule *r)
{
	const char *sev = lint_str(l, m, "severity", true, r->id);
	const char *cat = lint_str(l, m, "category", true, r->id);

	if (sev && severity_rank(sev) < 0)
		lint_err(l, ynode_get(m, "severity"), "unknown severity '%s' "
			 "(critical, major, minor or info)", sev);
	if (cat && !category_valid(cat))
		lint_err(l, ynode_get(m, "category"), "unknown category '%s' "
			 "(environment, hardware, software, configuration, "
			 "security or site)", cat);
	r->severity = dup_or_null(l, m, sev);
	r->category = dup_or_null(l, m, cat);
}

/* ---- selection ------------------------------------------------------- */

static void parse_select(struct lint *l, const struct ynode *m,
			 struct rule *r)
{
	const struct ynode *s = ynode_get(m, "select"), *n;
	struct rule_select *sel = &r->sel;

	if (!s)
		return;
	if (s->kind != YN_MAP) {
		lint_err(l, s, "select: expected a map of vendor, os_family, "
			 "model, version");
		return;
	}
	lint_keys(l, s, "select", select_keys);
	if ((n = ynode_get(s, "vendor")))
		lint_strlist(l, n, &sel->vendors, &sel->nvendors);
	if ((n = ynode_get(s, "os_family")))
		lint_strlist(l, n, &sel->families, &sel->nfamilies);
	if ((n = ynode_get(s, "model")))
		lint_strlist(l, n, &sel->models, &sel->nmodels);
	if ((n = ynode_get(s, "version"))) {
		struct ver_range range;
		char why[200];
		size_t off = 0;

		if (n->kind != YN_SCALAR) {
			lint_err(l, n, "select.version: expected a range such "
				 "as \">= 15.2(4)E, < 15.2(7)E3\"");
			return;
		}
		if (ver_range_parse(n->str, r->scheme < 0 ? VER_AUTO :
				    (enum ver_scheme)r->scheme, &range, &off,
				    why, sizeof(why)) < 0)
			lint_err_in(l, n, off, "bad version range: %s", why);
		sel->version = dup_or_null(l, n, n->str);
	}
}

/* ---- expressions ------------------------------------------------------ */

static int parse_lets(struct lint *l, const struct ynode *m, struct rule *r,
		      struct xnames *names, const char ***namev)
{
	const struct ynode *lets = ynode_get(m, "let");

	*namev = NULL;
	if (!lets)
		return 0;
	if (lets->kind != YN_MAP || lets->n == 0) {
		lint_err(l, lets, "let: expected a map of name: expression");
		return -1;
	}
	r->lets = calloc(lets->n, sizeof(*r->lets));
	*namev = calloc(lets->n, sizeof(**namev));
	if (!r->lets || !*namev) {
		lint_err(l, lets, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < lets->n; i++) {
		const char *k = lets->pairs[i].key->str;

		if (!isalpha((unsigned char)k[0]) || strspn(k,
		    "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(k) ||
		    !strcmp(k, "sw") || !strcmp(k, "params"))
			lint_err(l, lets->pairs[i].key, "let name '%s' must be "
				 "lower case letters, digits and '_' (and not "
				 "sw or params)", k);
		(*namev)[i] = r->lets[i].name = dup_or_null(l, lets->pairs[i].key,
							    k);
		if (!r->lets[i].name)
			return -1;
		r->nlets++;
	}
	names->lets = *namev;
	names->nlets = r->nlets;
	for (size_t i = 0; i < lets->n; i++) {
		const struct ynode *v = lets->pairs[i].value;

		r->lets[i].expr = lint_expr(l, v, names);
		r->lets[i].text = dup_or_null(l, v, v->kind == YN_SCALAR ?
					      v->str : "");
	}
	return 0;
}

/* for_each: a list path; sets the item scope for the rest of the rule. */
static void parse_for_each(struct lint *l, const struct ynode *m,
			   struct rule *r, struct pscope *scope, char *text,
			   size_t textlen)
{
	const struct ynode *n = ynode_get(m, "for_each");
	const cJSON *sch;

	scope->schema = fschema_root(l->schema);
	scope->text = "";
	scope->up = NULL;
	if (!n)
		return;
	r->for_each = lint_expr(l, n, NULL);
	if (!r->for_each)
		return;
	if (r->for_each->op != XO_PATH || r->for_each->root == XR_LET ||
	    r->for_each->root == XR_PARAMS || r->for_each->root == XR_UP) {
		lint_err_in(l, n, 0, "for_each needs the path of a list, such "
			    "as environment.fans");
		return;
	}
	sch = lint_path_schema(l, n, r->for_each, NULL, text, textlen - 2);
	scope->schema = NULL;	/* unknown unless the schema says */
	if (!sch)
		return;
	scope->schema = fschema_items(l->schema, sch);
	if (!scope->schema) {
		lint_err_in(l, n, 0, "for_each: %s is not a list", text);
		return;
	}
	strcat(text, "[]");
	scope->text = text;
}

static void check_text_paths(struct lint *l, const struct ynode *m,
			     const char *key, const struct rtext *t,
			     const struct pscope *scope)
{
	const struct ynode *n = ynode_get(m, key);

	if (!n || n->kind != YN_MAP)
		return;
	for (size_t i = 0; t->ten && i < tmpl_nparts(t->ten); i++)
		lint_paths(l, ynode_get(n, "en"), 0, tmpl_part(t->ten, i),
			   scope);
	for (size_t i = 0; t->tzh && i < tmpl_nparts(t->tzh); i++)
		lint_paths(l, ynode_get(n, "zh-CN"), 0, tmpl_part(t->tzh, i),
			   scope);
}

static void parse_texts(struct lint *l, const struct ynode *m,
			struct rule *r, const struct xnames *names,
			const struct pscope *scope)
{
	const struct ynode *t = ynode_get(m, "title");

	lint_text(l, m, "title", true, names, &r->title);
	if (r->title.ten && (tmpl_nparts(r->title.ten) > 1 ||
			     (tmpl_nparts(r->title.ten) == 1 &&
			      tmpl_part(r->title.ten, 0))))
		lint_err(l, t, "a title is the fixed name of the check: no "
			 "{placeholders} (put them in the message)");
	lint_text(l, m, "message", true, names, &r->message);
	lint_text(l, m, "impact", true, names, &r->impact);
	lint_text(l, m, "advice", true, names, &r->advice);
	check_text_paths(l, m, "message", &r->message, scope);
	check_text_paths(l, m, "impact", &r->impact, scope);
	check_text_paths(l, m, "advice", &r->advice, scope);
}

static void parse_object(struct lint *l, const struct ynode *m,
			 struct rule *r, const struct xnames *names,
			 const struct pscope *scope)
{
	const struct ynode *n = ynode_get(m, "object");
	struct xerr err = {0, "out of memory"};	/* unless the parser says */

	if (!n)
		return;
	if (n->kind != YN_SCALAR) {
		lint_err(l, n, "object: expected a text such as \"{name}\"");
		return;
	}
	r->object = tmpl_parse(n->str, names, &err);
	if (!r->object) {
		lint_err_in(l, n, err.pos, "%s", err.msg);
		return;
	}
	for (size_t i = 0; i < tmpl_nparts(r->object); i++)
		lint_paths(l, n, 0, tmpl_part(r->object, i), scope);
}

static void parse_requires(struct lint *l, const struct ynode *m,
			   struct rule *r, const struct xnames *names,
			   const struct pscope *scope)
{
	const struct ynode *n = ynode_get(m, "requires");

	if (!n)
		return;
	if (n->kind != YN_SEQ) {
		lint_err(l, n, "requires: expected a list of fact paths");
		return;
	}
	r->requires = calloc(n->n ? n->n : 1, sizeof(*r->requires));
	if (!r->requires) {
		lint_err(l, n, "out of memory");
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		struct xnode *e = lint_expr(l, n->items[i], names);

		if (e && e->op != XO_PATH) {
			lint_err(l, n->items[i], "requires: '%s' is not a fact "
				 "path", n->items[i]->str);
			expr_free(e);
			continue;
		}
		if (!e)
			continue;
		lint_paths(l, n->items[i], 0, e, scope);
		r->requires[r->nrequires++] = e;
	}
}

static void parse_rule_exprs(struct lint *l, const struct ynode *m,
			     struct rule *r)
{
	struct xnames names = {0};
	const char **namev = NULL;
	struct pscope scope;
	char text[256] = "";
	const struct ynode *w = ynode_get(m, "when");

	parse_lets(l, m, r, &names, &namev);
	parse_for_each(l, m, r, &scope, text, sizeof(text));
	for (size_t i = 0; i < r->nlets; i++)
		lint_paths(l, ynode_get(ynode_get(m, "let"), r->lets[i].name),
			   0, r->lets[i].expr, &scope);
	parse_requires(l, m, r, &names, &scope);
	if (!w)
		lint_err(l, m, "rule %s: missing 'when' (the condition)",
			 r->id);
	else if ((r->when = lint_expr(l, w, &names))) {
		r->when_text = dup_or_null(l, w, w->str);
		lint_paths(l, w, 0, r->when, &scope);
	}
	parse_object(l, m, r, &names, &scope);
	parse_texts(l, m, r, &names, &scope);
	if (r->severity_from && scope.schema &&
	    !fschema_field(l->schema, scope.schema, r->severity_from))
		lint_err(l, ynode_get(m, "severity_from"), "severity_from: "
			 "'%s' is not a field of %s", r->severity_from,
			 scope.text[0] ? scope.text : "the facts document");
	free(namev);
}

/* ---- tests ----------------------------------------------------------- */

static void parse_expect_map(struct lint *l, const struct ynode *e,
			     struct rule_test *t)
{
	const struct ynode *n;
	long long v;

	lint_keys(l, e, "expect", expect_keys);
	t->not_evaluated = 0;
	if ((n = ynode_get(e, "findings")) && ynode_int(n, &v) == 0 && v >= 0)
		t->findings = (int)v;
	else if (n)
		lint_err(l, n, "expect.findings: expected a count");
	if ((n = ynode_get(e, "not_evaluated")) && ynode_int(n, &v) == 0 &&
	    v >= 0)
		t->not_evaluated = (int)v;
	else if (n)
		lint_err(l, n, "expect.not_evaluated: expected a count");
	if ((n = ynode_get(e, "objects")))
		lint_strlist(l, n, &t->objects, &t->nobjects);
	if ((n = ynode_get(e, "missing")))
		lint_strlist(l, n, &t->missing, &t->nmissing);
	if ((n = ynode_get(e, "evidence")))
		lint_strlist(l, n, &t->evidence, &t->nevidence);
	t->state = dup_or_null(l, e, lint_str(l, e, "state", false,
					      "expect"));
	t->severity = dup_or_null(l, e, lint_str(l, e, "severity", false,
						 "expect"));
	t->message = dup_or_null(l, e, lint_str(l, e, "message", false,
						"expect"));
	if (t->state && strcmp(t->state, "open") != 0 &&
	    strcmp(t->state, "waived") != 0)
		lint_err(l, ynode_get(e, "state"), "expect.state: open or "
			 "waived");
	if (t->findings < 0)
		t->findings = t->nobjects ? (int)t->nobjects : -1;
	if (t->findings < 0)
		lint_err(l, e, "expect: say how many findings (findings: N)");
}

static void parse_expect(struct lint *l, const struct ynode *tm,
			 struct rule_test *t)
{
	const struct ynode *e = ynode_get(tm, "expect");
	long long v;

	t->findings = t->not_evaluated = -1;
	if (!e) {
		lint_err(l, tm, "test: missing 'expect'");
		return;
	}
	if (e->kind == YN_MAP) {
		parse_expect_map(l, e, t);
	} else if (e->kind == YN_SCALAR && ynode_int(e, &v) == 0 && v >= 0) {
		t->findings = (int)v;
		t->not_evaluated = 0;
	} else if (e->kind == YN_SCALAR && !strcmp(e->str, "not_evaluated")) {
		t->findings = 0;
		t->not_evaluated = -2;	/* at least one */
	} else
		lint_err(l, e, "expect: a number of findings, "
			 "\"not_evaluated\" or a map");
}

static cJSON *test_facts(struct lint *l, const struct ynode *tm)
{
	const struct ynode *f = ynode_get(tm, "facts");
	cJSON *j, *dev;

	if (!f || f->kind != YN_MAP) {
		lint_err(l, f ? f : tm, "test: 'facts' must be a map (a facts "
			 "document, only the parts the rule reads)");
		return NULL;
	}
	lint_facts(l, f);
	j = ynode_to_json(f);
	if (!j)
		return NULL;
	dev = cJSON_GetObjectItemCaseSensitive(j, "device");
	if (!dev)
		dev = cJSON_AddObjectToObject(j, "device");
	if (dev && !cJSON_GetObjectItemCaseSensitive(dev, "name"))
		cJSON_AddStringToObject(dev, "name", "test");
	return j;
}

static void parse_test(struct lint *l, const struct ynode *tm,
		       struct rule_test *t)
{
	const struct ynode *n;

	t->line = tm->line;
	if (tm->kind != YN_MAP) {
		lint_err(l, tm, "a test is a map: {facts: ..., expect: ...}");
		return;
	}
	lint_keys(l, tm, "test", test_keys);
	t->name = dup_or_null(l, tm, lint_str(l, tm, "name", false,
					      "test"));
	t->facts = test_facts(l, tm);
	if ((n = ynode_get(tm, "waivers"))) {
		if (n->kind != YN_SEQ)
			lint_err(l, n, "test: 'waivers' must be a list");
		else
			t->waivers = ynode_to_json(n);
	}
	if ((n = ynode_get(tm, "sw"))) {
		if (n->kind != YN_MAP)
			lint_err(l, n, "test: 'sw' must be a map");
		else
			t->sw = ynode_to_json(n);
	}
	if ((n = ynode_get(tm, "today")) && lint_date(l, n, "today"))
		t->today = dup_or_null(l, n, n->str);
	parse_expect(l, tm, t);
}

static void parse_tests(struct lint *l, const struct ynode *m,
			struct rule *r)
{
	const struct ynode *ts = ynode_get(m, "tests");

	if (!ts) {
		lint_err(l, m, "rule %s: missing 'tests' (at least one that "
			 "fires and one that does not)", r->id);
		return;
	}
	if (ts->kind != YN_SEQ || ts->n == 0) {
		lint_err(l, ts, "tests: expected a list of tests");
		return;
	}
	r->tests = calloc(ts->n, sizeof(*r->tests));
	if (!r->tests) {
		lint_err(l, ts, "out of memory");
		return;
	}
	for (size_t i = 0; i < ts->n; i++)
		parse_test(l, ts->items[i], &r->tests[r->ntests++]);
}

/* ---- rules and packs ---------------------------------------------------- */

static void parse_rule(struct lint *l, const struct ynode *m,
		       struct rule_set *rs, const struct rule_pack *p)
{
	struct rule *r = calloc(1, sizeof(*r));
	const char *s;

	if (!r) {
		lint_err(l, m, "out of memory");
		return;
	}
	r->pack = p;
	r->file = dup_or_null(l, m, l->file);
	r->line = m->line;
	r->col = m->col;
	r->scheme = -1;
	if (m->kind != YN_MAP) {
		lint_err(l, m, "a rule is a map (id, title, when, ...)");
		rule_free(r);
		return;
	}
	lint_keys(l, m, "rule", rule_keys);
	parse_id(l, m, rs, r);
	if (!r->file || !r->id) {	/* said: out of memory */
		rule_free(r);
		return;
	}
	parse_class(l, m, r);
	if ((s = lint_str(l, m, "version_scheme", false, r->id)) &&
	    (r->scheme = ver_scheme_parse(s)) < 0)
		lint_err(l, ynode_get(m, "version_scheme"), "unknown version "
			 "scheme '%s' (one of %s)", s, ver_scheme_list());
	r->severity_from = dup_or_null(l, m, lint_str(l, m, "severity_from",
						      false, r->id));
	parse_select(l, m, r);
	parse_rule_exprs(l, m, r);
	if (ynode_get(m, "references") &&
	    lint_strlist(l, ynode_get(m, "references"), &r->refs,
			 &r->nrefs) < 0)
		r->nrefs = 0;
	parse_tests(l, m, r);
	if (ruleset_add_rule(rs, r) < 0)	/* r freed */
		lint_err(l, m, "out of memory");
}

static struct rule_pack *parse_pack_head(struct lint *l,
					 const struct ynode *root,
					 const struct rule_set *rs)
{
	struct rule_pack *p = calloc(1, sizeof(*p));
	const char *name = lint_str(l, root, "pack", true, "pack");
	const struct ynode *n;

	if (!p)
		return NULL;
	p->file = dup_or_null(l, root, l->file);
	p->name = dup_or_null(l, root, name ? name : "?");
	if (name && !name_valid(name))
		lint_err(l, ynode_get(root, "pack"), "pack name '%s' must be "
			 "lower case letters, digits and '-'", name);
	for (size_t i = 0; name && i < rs->npacks; i++)
		if (strcmp(rs->packs[i]->name, name) == 0)
			lint_err(l, ynode_get(root, "pack"), "duplicate pack "
				 "'%s' (also in %s)", name,
				 rs->packs[i]->file);
	p->version = dup_or_null(l, root, lint_str(l, root, "version", true,
						   "pack"));
	p->description = dup_or_null(l, root, lint_str(l, root, "description",
						       false, "pack"));
	if ((n = ynode_get(root, "as_of")) && lint_date(l, n, "as_of"))
		p->as_of = dup_or_null(l, n, n->str);
	if ((n = ynode_get(root, "params"))) {
		if (n->kind != YN_MAP)
			lint_err(l, n, "params: expected a map of name: value");
		else if (!(p->params = ynode_to_json(n)))
			lint_err(l, n, "out of memory");
	}
	if (!p->params && !(p->params = cJSON_CreateObject()))
		lint_err(l, root, "out of memory");
	if (p->params && name) {	/* evidence names the pack as source */
		char src[300];
		cJSON *o = cJSON_AddObjectToObject(p->params, "src");

		snprintf(src, sizeof(src), "pack:%s (params)", name);
		if (!cJSON_AddStringToObject(o, "_", src))
			lint_err(l, root, "out of memory");
	}
	return p;
}

int loader_pack(struct lint *l, const struct ynode *root,
		struct rule_set *rs)
{
	struct rule_pack *p;
	const struct ynode *rules;
	size_t before = rs->nrules;

	lint_keys(l, root, "pack", pack_keys);
	p = parse_pack_head(l, root, rs);
	if (p && (!p->file || !p->name)) {	/* said: out of memory */
		rule_pack_free(p);
		return -1;
	}
	if (!p || ruleset_add_pack(rs, p) < 0) {
		lint_err(l, root, "out of memory");
		return -1;
	}
	l->params = p->params;
	rules = ynode_get(root, "rules");
	if (!rules || rules->kind != YN_SEQ)
		lint_err(l, rules ? rules : root, "pack: 'rules' must be a "
			 "list of rules");
	for (size_t i = 0; rules && rules->kind == YN_SEQ && i < rules->n; i++)
		parse_rule(l, rules->items[i], rs, p);
	p->nrules = rs->nrules - before;
	l->params = NULL;
	return 0;
}
