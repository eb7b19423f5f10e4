/* site.c - see site.h: checklists and answers files, loaded with located
 * errors, and written.  The site facts and document are in site_doc.c,
 * the interactive questionnaire in site_tty.c. */
#include "config.h"
#include "site.h"
#include "datadir.h"
#include "error.h"
#include "fsutil.h"
#include "model.h"
#include "sbuf.h"
#include "ynode.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#define PHOTO_MAX (64u << 20)
#define TEXT_MAX 4000
#define SITE_FILE_MAX (4u << 20)

static const char *const type_names[] = {"number", "yesno", "choice", "text",
					 "photo", NULL};

const char *site_type_name(enum site_type t)
{
	return type_names[t];
}

/* ---- loading helpers ----------------------------------------------------- */

struct ld {
	const char *file;
	struct si_diags *d;
	int errors;
};

static void lerr(struct ld *l, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void lerr(struct ld *l, const struct ynode *n, const char *fmt, ...)
{
	struct si_error e;
	va_list ap;

	si_error_clear(&e);
	snprintf(e.file, sizeof(e.file), "%s", l->file);
	e.line = n ? n->line : 1;
	e.col = n ? n->col : 1;
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
	va_end(ap);
	si_diags_add(l->d, &e);
	l->errors++;
}

static const struct ynode *key_node(const struct ynode *map, const char *key)
{
	for (size_t i = 0; map && map->kind == YN_MAP && i < map->n; i++)
		if (strcmp(ynode_str(map->pairs[i].key) ?: "", key) == 0)
			return map->pairs[i].key;
	return map;
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), prev[65], cur[65];

	if (la > 64 || lb > 64)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t c = prev[j - 1] + (a[i - 1] != b[j - 1]);

			if (prev[j] + 1 < c)
				c = prev[j] + 1;
			if (cur[j - 1] + 1 < c)
				c = cur[j - 1] + 1;
			cur[j] = c;
		}
		memcpy(prev, cur, sizeof(cur));
	}
	return prev[lb];
}

/* Unknown keys of a map, each an error naming the known ones. */
static void check_keys(struct ld *l, const struct ynode *m,
		       const char *const *known, const char *what)
{
	for (size_t i = 0; m && m->kind == YN_MAP && i < m->n; i++) {
		const char *k = ynode_str(m->pairs[i].key) ?: "";
		const char *best = NULL;
		size_t bd = 3;
		struct sbuf list;
		bool ok = false;

		for (size_t j = 0; known[j]; j++) {
			size_t dd = edit_distance(k, known[j]);

			ok |= strcmp(k, known[j]) == 0;
			if (dd < bd) {
				bd = dd;
				best = known[j];
			}
		}
		if (ok)
			continue;
		sbuf_init(&list, 1000);
		for (size_t j = 0; known[j]; j++)
			sbuf_addf(&list, "%s%s", j ? ", " : "", known[j]);
		if (best)
			lerr(l, m->pairs[i].key, "unknown key '%s' in %s; did "
			     "you mean '%s'?", k, what, best);
		else
			lerr(l, m->pairs[i].key, "unknown key '%s' in %s "
			     "(known: %s)", k, what, sbuf_str(&list));
		sbuf_free(&list);
	}
}

/* Out of memory, strdup gives NULL and the loaders below notice it at
 * their end (an error, never a checklist with a hole in it). */
static __thread bool xdup_failed;

static char *xdup(const char *s)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		xdup_failed = true;
	return d;
}

/* At the end of a load: an error when some copy failed. */
static void nomem_check(struct ld *l)
{
	if (xdup_failed)
		lerr(l, NULL, "out of memory");
	xdup_failed = false;
}

/* A non-empty scalar string, else an error (when required or mistyped). */
static char *get_str(struct ld *l, const struct ynode *m, const char *key,
		     bool required, const char *what)
{
	const struct ynode *v = ynode_get(m, key);

	if (!v || ynode_is_null(v)) {
		if (required)
			lerr(l, key_node(m, key), "%s needs '%s'", what, key);
		return NULL;
	}
	if (v->kind != YN_SCALAR || v->len == 0) {
		lerr(l, v, "'%s' must be a non-empty text, not a %s", key,
		     v->kind == YN_SCALAR ? "empty value" :
		     ynode_kind_name(v->kind));
		return NULL;
	}
	if (v->len > TEXT_MAX) {
		lerr(l, v, "'%s' is longer than %d bytes", key, TEXT_MAX);
		return NULL;
	}
	return xdup(v->str);
}

/* {en, zh-CN}: both languages. */
static void get_text(struct ld *l, const struct ynode *m, const char *key,
		     bool required, struct site_text *t, const char *what)
{
	static const char *const keys[] = {"en", "zh-CN", NULL};
	const struct ynode *v = ynode_get(m, key);
	char w[160];

	if (!v || ynode_is_null(v)) {
		if (required)
			lerr(l, key_node(m, key), "%s needs '%s' {en, zh-CN}",
			     what, key);
		return;
	}
	if (v->kind != YN_MAP) {
		lerr(l, v, "'%s' must be {en: ..., zh-CN: ...} (both "
		     "languages)", key);
		return;
	}
	snprintf(w, sizeof(w), "%s %s", what, key);
	check_keys(l, v, keys, w);
	t->en = get_str(l, v, "en", true, w);
	t->zh = get_str(l, v, "zh-CN", true, w);
}

/* s is a first character of first, then up to 63 of rest (each a list
 * of ranges "az09" and single characters after them, "az09_"): the
 * shapes of ids, names and dates, checked without regcomp(), which
 * allocates (and, out of memory, would call a good id bad and leak). */
static bool in_set(char c, const char *set)
{
	for (; set[0] && set[1] && set[0] < set[1]; set += 2)
		if (c >= set[0] && c <= set[1])
			return true;
	return c && strchr(set, c) != NULL;
}

static bool word_ok(const char *s, const char *first, const char *rest)
{
	size_t n = 1;

	if (!in_set(s[0], first))
		return false;
	for (s++; *s; s++, n++)
		if (n == 64 || !in_set(*s, rest))
			return false;
	return true;
}

static bool date_shape(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (i == 4 || i == 7 ? s[i] != '-' : !in_set(s[i], "09"))
			return false;
	return s[10] == '\0';
}

static void text_free(struct site_text *t)
{
	free(t->en);
	free(t->zh);
}

/* ---- checklists ---------------------------------------------------------- */

char *checklist_builtin_path(const char *name)
{
	char rel[160];

	snprintf(rel, sizeof(rel), "site/checklists/%s.yaml",
		 name ? name : "default");
	return datadir_path(rel);
}

int site_item_index(const struct checklist *cl, const char *id)
{
	for (size_t i = 0; i < cl->nitems; i++)
		if (cl->items[i].id && strcmp(cl->items[i].id, id) == 0)
			return (int)i;
	return -1;
}

static bool id_taken(const struct checklist *cl, const char *id, size_t upto)
{
	for (size_t i = 0; i < upto; i++)
		if (cl->items[i].id && strcmp(cl->items[i].id, id) == 0)
			return true;
	for (size_t i = 0; i < cl->nderived; i++)
		if (cl->derived[i].id && strcmp(cl->derived[i].id, id) == 0)
			return true;
	return false;
}

static void load_options(struct ld *l, const struct ynode *m,
			 struct site_item *it)
{
	static const char *const keys[] = {"value", "en", "zh-CN", NULL};
	const struct ynode *o = ynode_get(m, "options");

	if (it->type != ST_CHOICE) {
		if (o)
			lerr(l, key_node(m, "options"), "'options' is only for "
			     "items of type choice");
		return;
	}
	if (!o || o->kind != YN_SEQ || o->n == 0) {
		lerr(l, o ? o : key_node(m, "type"), "a choice item needs "
		     "'options': a list of {value, en, zh-CN}");
		return;
	}
	it->opts = calloc(o->n, sizeof(*it->opts));
	if (!it->opts)
		xdup_failed = true;
	for (size_t i = 0; it->opts && i < o->n; i++) {
		const struct ynode *e = o->items[i];
		struct site_option *op = &it->opts[it->nopts];

		if (e->kind != YN_MAP) {
			lerr(l, e, "an option is {value, en, zh-CN}, not a %s",
			     ynode_kind_name(e->kind));
			continue;
		}
		check_keys(l, e, keys, "an option");
		op->value = get_str(l, e, "value", true, "an option");
		op->label.en = get_str(l, e, "en", true, "an option");
		op->label.zh = get_str(l, e, "zh-CN", true, "an option");
		for (size_t j = 0; op->value && j < it->nopts; j++)
			if (strcmp(it->opts[j].value ?: "", op->value) == 0)
				lerr(l, ynode_get(e, "value"), "option '%s' "
				     "given twice", op->value);
		it->nopts++;
	}
}

static void load_number_keys(struct ld *l, const struct ynode *m,
			     struct site_item *it)
{
	static const char *const nk[] = {"unit", "min", "max"};

	for (int k = 0; k < 3; k++) {
		const struct ynode *v = ynode_get(m, nk[k]);

		if (!v)
			continue;
		if (it->type != ST_NUMBER) {
			lerr(l, key_node(m, nk[k]), "'%s' is only for items "
			     "of type number", nk[k]);
			continue;
		}
		if (k == 0) {
			it->unit = get_str(l, m, "unit", false, "an item");
		} else if (ynode_number(v, k == 1 ? &it->min : &it->max) < 0) {
			lerr(l, v, "'%s' must be a number", nk[k]);
		} else {
			*(k == 1 ? &it->has_min : &it->has_max) = true;
		}
	}
	if (it->has_min && it->has_max && it->min > it->max)
		lerr(l, ynode_get(m, "max"), "'max' (%g) is below 'min' (%g)",
		     it->max, it->min);
}

static void load_item(struct ld *l, struct checklist *cl,
		      const struct ynode *m)
{
	static const char *const keys[] = {
		"id", "section", "question", "type", "unit", "min", "max",
		"options", "required", "criterion", NULL};
	struct site_item *it = &cl->items[cl->nitems];
	const struct ynode *v;
	char *type;
	int t = -1;

	if (m->kind != YN_MAP) {
		lerr(l, m, "an item is a map (id, question, type, ...), not "
		     "a %s", ynode_kind_name(m->kind));
		return;
	}
	check_keys(l, m, keys, "an item");
	it->id = get_str(l, m, "id", true, "an item");
	if (it->id && !word_ok(it->id, "az", "az09_"))
		lerr(l, ynode_get(m, "id"), "item id '%s' must be lower-case "
		     "letters, digits and '_', starting with a letter (it "
		     "becomes the fact site.%s)", it->id, it->id);
	else if (it->id && (id_taken(cl, it->id, cl->nitems) ||
			    strcmp(it->id, "src") == 0))
		lerr(l, ynode_get(m, "id"), "item id '%s' is used twice "
		     "(or reserved)", it->id);
	get_text(l, m, "section", false, &it->section, "an item");
	get_text(l, m, "question", true, &it->question, "an item");
	get_text(l, m, "criterion", false, &it->criterion, "an item");
	type = get_str(l, m, "type", true, "an item");
	for (int i = 0; type && type_names[i]; i++)
		if (strcmp(type, type_names[i]) == 0)
			t = i;
	if (type && t < 0)
		lerr(l, ynode_get(m, "type"), "unknown type '%s' (number, "
		     "yesno, choice, text, photo)", type);
	free(type);
	it->type = t < 0 ? ST_TEXT : (enum site_type)t;
	v = ynode_get(m, "required");
	if (v && ynode_bool(v, &it->required) < 0)
		lerr(l, v, "'required' must be true or false");
	load_number_keys(l, m, it);
	load_options(l, m, it);
	cl->nitems++;
}

static void load_derived(struct ld *l, struct checklist *cl,
			 const struct ynode *list)
{
	static const char *const keys[] = {"id", "function", "args", "unit",
					   "label", "criterion", NULL};

	if (!list)
		return;
	if (list->kind != YN_SEQ) {
		lerr(l, list, "'derived' must be a list");
		return;
	}
	cl->derived = calloc(list->n + 1, sizeof(*cl->derived));
	if (!cl->derived)
		xdup_failed = true;
	for (size_t i = 0; cl->derived && i < list->n; i++) {
		const struct ynode *m = list->items[i], *a;
		struct site_derived *dv = &cl->derived[cl->nderived];

		if (m->kind != YN_MAP) {
			lerr(l, m, "a derived value is a map");
			continue;
		}
		check_keys(l, m, keys, "a derived value");
		dv->id = get_str(l, m, "id", true, "a derived value");
		if (dv->id && (!word_ok(dv->id, "az", "az09_") ||
			       id_taken(cl, dv->id, cl->nitems)))
			lerr(l, ynode_get(m, "id"), "derived id '%s' must be a "
			     "new lower-case id", dv->id);
		dv->fn = get_str(l, m, "function", true, "a derived value");
		if (dv->fn && strcmp(dv->fn, "dew_point") != 0)
			lerr(l, ynode_get(m, "function"), "unknown function "
			     "'%s' (dew_point)", dv->fn);
		dv->unit = get_str(l, m, "unit", false, "a derived value");
		get_text(l, m, "label", true, &dv->label, "a derived value");
		get_text(l, m, "criterion", false, &dv->criterion,
			 "a derived value");
		a = ynode_get(m, "args");
		if (!a || a->kind != YN_SEQ || a->n != 2) {
			lerr(l, a ? a : m, "dew_point needs 'args': [the "
			     "temperature item (°C), the humidity item (%%)]");
		} else {
			for (int k = 0; k < 2; k++) {
				const char *id = ynode_str(a->items[k]);
				int ix = id ? site_item_index(cl, id) : -1;

				/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): ix >= 0: items */
				if (ix < 0 || cl->items[ix].type != ST_NUMBER)
					lerr(l, a->items[k], "'%s' is not a "
					     "number item of this checklist",
					     id ? id : "?");
				dv->args[k] = xdup(id);
			}
		}
		cl->nderived++;
	}
}

static void load_sources(struct ld *l, struct checklist *cl,
			 const struct ynode *s)
{
	if (!s)
		return;
	if (s->kind != YN_SEQ) {
		lerr(l, s, "'sources' must be a list of texts");
		return;
	}
	cl->sources = calloc(s->n + 1, sizeof(*cl->sources));
	if (!cl->sources)
		xdup_failed = true;
	for (size_t i = 0; cl->sources && i < s->n; i++) {
		if (s->items[i]->kind != YN_SCALAR || !s->items[i]->len) {
			lerr(l, s->items[i], "a source is a text");
			continue;
		}
		cl->sources[cl->nsources++] = xdup(s->items[i]->str);
	}
}

static void load_checklist_doc(struct ld *l, struct checklist *cl,
			       const struct ynode *root)
{
	static const char *const keys[] = {"checklist", "version", "title",
					   "description", "sources", "derived",
					   "items", NULL};
	const struct ynode *items = ynode_get(root, "items");

	if (!root || root->kind != YN_MAP) {
		lerr(l, root, "a checklist is a map with 'checklist', "
		     "'version', 'title' and 'items'");
		return;
	}
	check_keys(l, root, keys, "a checklist");
	cl->name = get_str(l, root, "checklist", true, "the checklist");
	if (cl->name && !word_ok(cl->name, "az09", "az09-"))
		lerr(l, ynode_get(root, "checklist"), "checklist name '%s' "
		     "must be lower-case letters, digits and '-'", cl->name);
	cl->version = get_str(l, root, "version", true, "the checklist");
	get_text(l, root, "title", true, &cl->title, "the checklist");
	load_sources(l, cl, ynode_get(root, "sources"));
	if (!items || items->kind != YN_SEQ || items->n == 0) {
		lerr(l, items ? items : key_node(root, "items"), "the "
		     "checklist needs 'items': a non-empty list");
		return;
	}
	cl->items = calloc(items->n, sizeof(*cl->items));
	if (!cl->items)
		xdup_failed = true;
	for (size_t i = 0; cl->items && i < items->n; i++)
		load_item(l, cl, items->items[i]);
	load_derived(l, cl, ynode_get(root, "derived"));
}

struct checklist *checklist_load(const char *path, struct si_diags *d)
{
	struct si_error err;
	struct ydoc *doc = ydoc_load_file(path, &err);
	struct checklist *cl;
	struct ld l = {.file = path, .d = d};

	if (!doc) {
		si_diags_add(d, &err);
		return NULL;
	}
	cl = calloc(1, sizeof(*cl));
	if (!cl) {
		ydoc_free(doc);
		lerr(&l, NULL, "out of memory");
		return NULL;
	}
	xdup_failed = false;
	cl->file = xdup(path);
	load_checklist_doc(&l, cl, doc->root);
	ydoc_free(doc);
	nomem_check(&l);
	if (l.errors) {
		checklist_free(cl);
		return NULL;
	}
	return cl;
}

void checklist_free(struct checklist *cl)
{
	if (!cl)
		return;
	for (size_t i = 0; i < cl->nitems; i++) {
		struct site_item *it = &cl->items[i];

		free(it->id);
		free(it->unit);
		text_free(&it->section);
		text_free(&it->question);
		text_free(&it->criterion);
		for (size_t j = 0; j < it->nopts; j++) {
			free(it->opts[j].value);
			text_free(&it->opts[j].label);
		}
		free(it->opts);
	}
	for (size_t i = 0; i < cl->nderived; i++) {
		struct site_derived *dv = &cl->derived[i];

		free(dv->id);
		free(dv->fn);
		free(dv->args[0]);
		free(dv->args[1]);
		free(dv->unit);
		text_free(&dv->label);
		text_free(&dv->criterion);
	}
	for (size_t i = 0; i < cl->nsources; i++)
		free(cl->sources[i]);
	free(cl->sources);
	free(cl->derived);
	free(cl->items);
	text_free(&cl->title);
	free(cl->name);
	free(cl->version);
	free(cl->file);
	free(cl);
}

/* ---- answers ------------------------------------------------------------- */

void site_answer_clear(struct site_answer *a)
{
	free(a->str);
	for (size_t i = 0; i < a->nphotos; i++) {
		free(a->photos[i].file);
		free(a->photos[i].path);
		free(a->photos[i].caption);
	}
	free(a->photos);
	free(a->note);
	memset(a, 0, sizeof(*a));
}

struct site_doc *site_new(const struct checklist *cl)
{
	struct site_doc *s = calloc(1, sizeof(*s));

	if (!s || !(s->ans = calloc(cl->nitems + 1, sizeof(*s->ans))) ||
	    (cl->name && !(s->checklist = strdup(cl->name)))) {
		if (s)
			free(s->ans);
		free(s);
		return NULL;	/* out of memory */
	}
	s->nans = cl->nitems;
	return s;
}

void site_free(struct site_doc *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nans; i++)
		site_answer_clear(&s->ans[i]);
	free(s->ans);
	free(s->file);
	free(s->checklist);
	free(s->site);
	free(s->engineer);
	free(s->date);
	free(s->ack_name);
	free(s->ack_date);
	free(s);
}

static const char *skip_space(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* The text after a number: empty, or the item's unit (°C also as C or
 * ℃). */
static bool unit_ok(const struct site_item *it, const char *rest)
{
	size_t n;

	rest = skip_space(rest);
	n = strlen(rest);
	while (n && isspace((unsigned char)rest[n - 1]))
		n--;
	if (n == 0)
		return true;
	if (!it->unit)
		return false;
	if (strlen(it->unit) == n && strncasecmp(rest, it->unit, n) == 0)
		return true;
	if (strcmp(it->unit, "°C") == 0)
		return (n == 1 && (*rest == 'C' || *rest == 'c')) ||
		       (n == 3 && strncmp(rest, "\xe2\x84\x83", 3) == 0);
	return false;
}

static int parse_number(const struct site_item *it, const char *text,
			struct site_answer *a, char *why, size_t n)
{
	char buf[64], *end;
	double v;

	snprintf(buf, sizeof(buf), "%s", skip_space(text));
	if (strchr(buf, ',') && !strchr(buf, '.'))
		*strchr(buf, ',') = '.';	/* 24,5 */
	errno = 0;
	v = strtod(buf, &end);
	if (end == buf || errno || !isfinite(v) || !unit_ok(it, end)) {
		snprintf(why, n, "'%s' is not a number%s%s", text,
			 it->unit ? " of " : "", it->unit ? it->unit : "");
		return -1;
	}
	if ((it->has_min && v < it->min) || (it->has_max && v > it->max)) {
		snprintf(why, n, "%g %s is outside the plausible range %g..%g "
			 "%s (check the reading and its unit)", v,
			 it->unit ? it->unit : "", it->min, it->max,
			 it->unit ? it->unit : "");
		return -1;
	}
	a->num = v;
	return 0;
}

static int parse_yesno(const char *text, struct site_answer *a, char *why,
		       size_t n)
{
	static const char *const yes[] = {"y", "yes", "true", "on", "是",
					  "有", NULL};
	static const char *const no[] = {"n", "no", "false", "off", "否",
					 "无", "没有", NULL};

	text = skip_space(text);
	for (int i = 0; yes[i]; i++)
		if (strcasecmp(text, yes[i]) == 0)
			return a->yes = true, 0;
	for (int i = 0; no[i]; i++)
		if (strcasecmp(text, no[i]) == 0)
			return a->yes = false, 0;
	snprintf(why, n, "'%s' is not yes or no (y/n)", text);
	return -1;
}

static int parse_choice(const struct site_item *it, const char *text,
			struct site_answer *a, char *why, size_t n)
{
	char *end;
	long k = strtol(text, &end, 10);
	struct sbuf list;

	text = skip_space(text);
	for (size_t i = 0; i < it->nopts; i++)
		if (strcasecmp(text, it->opts[i].value) == 0) {
			a->str = xdup(it->opts[i].value);
			return 0;
		}
	if (end != text && *skip_space(end) == '\0' && k >= 1 &&
	    (size_t)k <= it->nopts) {
		a->str = xdup(it->opts[k - 1].value);
		return 0;
	}
	sbuf_init(&list, 600);
	for (size_t i = 0; i < it->nopts; i++)
		sbuf_addf(&list, "%s%s", i ? ", " : "", it->opts[i].value);
	snprintf(why, n, "'%s' is not one of the choices (%s)", text,
		 sbuf_str(&list));
	sbuf_free(&list);
	return -1;
}

int site_parse_answer(const struct site_item *it, const char *text,
		      struct site_answer *a, char *why, size_t n)
{
	struct site_answer v;
	int rc = 0;

	memset(&v, 0, sizeof(v));
	switch (it->type) {
	case ST_NUMBER: rc = parse_number(it, text, &v, why, n); break;
	case ST_YESNO: rc = parse_yesno(text, &v, why, n); break;
	case ST_CHOICE: rc = parse_choice(it, text, &v, why, n); break;
	case ST_TEXT:
		if (strlen(text) > TEXT_MAX) {
			snprintf(why, n, "the text is longer than %d bytes",
				 TEXT_MAX);
			rc = -1;
		} else {
			v.str = xdup(text);
		}
		break;
	case ST_PHOTO:
		snprintf(why, n, "a photo item takes files");
		rc = -1;
		break;
	}
	if (rc < 0)
		return -1;
	v.set = true;
	v.note = a->note;
	v.line = a->line;
	v.col = a->col;
	a->note = NULL;
	site_answer_clear(a);
	*a = v;
	return 0;
}

const char *site_photo_check(const char *path, char *why, size_t n)
{
	static const unsigned char png[8] = {0x89, 'P', 'N', 'G', '\r', '\n',
					     0x1a, '\n'};
	unsigned char head[8] = {0};
	struct stat st;
	FILE *f;
	size_t got;

	if (stat(path, &st) < 0) {
		snprintf(why, n, "photo '%s': %s", path, strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(why, n, "photo '%s' is not a regular file", path);
		return NULL;
	}
	if ((unsigned long long)st.st_size > PHOTO_MAX) {
		snprintf(why, n, "photo '%s' is %.1f MB, more than the %u MB "
			 "a photo may have: resize it", path,
			 st.st_size / 1048576.0, PHOTO_MAX >> 20);
		return NULL;
	}
	if (!(f = fopen(path, "rb"))) {
		snprintf(why, n, "photo '%s': %s", path, strerror(errno));
		return NULL;
	}
	got = fread(head, 1, sizeof(head), f);
	fclose(f);
	if (got >= 3 && head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff)
		return "image/jpeg";
	if (got == 8 && memcmp(head, png, 8) == 0)
		return "image/png";
	snprintf(why, n, "photo '%s' is neither a JPEG nor a PNG file (by "
		 "its first bytes)", path);
	return NULL;
}

const char *site_answer_str(const struct site_item *it,
			    const struct site_answer *a, char *buf, size_t n)
{
	if (!a->set)
		snprintf(buf, n, "-");
	else if (it->type == ST_NUMBER)
		snprintf(buf, n, "%g%s%s", a->num, it->unit ? " " : "",
			 it->unit ? it->unit : "");
	else if (it->type == ST_YESNO)
		snprintf(buf, n, "%s", a->yes ? "yes" : "no");
	else if (it->type == ST_PHOTO)
		snprintf(buf, n, "%zu photo(s)", a->nphotos);
	else
		snprintf(buf, n, "%s", a->str ? a->str : "");
	return buf;
}

/* ---- answers files ------------------------------------------------------- */

bool site_date_ok(const char *s)
{
	struct tm tm;
	const char *end;

	if (!s || !date_shape(s))
		return false;
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%d", &tm);
	if (!end || *end)
		return false;
	/* 2026-02-30 reads, but normalises to another day */
	{
		struct tm t2 = tm;
		char back[16];

		t2.tm_isdst = -1;
		if (timegm(&t2) == (time_t)-1)
			return false;
		strftime(back, sizeof(back), "%Y-%m-%d", &t2);
		return strcmp(back, s) == 0;
	}
}

static char *get_date(struct ld *l, const struct ynode *m, const char *key,
		      const char *what)
{
	char *s = get_str(l, m, key, false, what);

	if (s && !site_date_ok(s)) {
		lerr(l, ynode_get(m, key), "'%s' must be a date YYYY-MM-DD, "
		     "not '%s'", key, s);
		free(s);
		return NULL;
	}
	return s;
}

static char *dir_of(const char *path)
{
	char *d = xdup(path), *slash = d ? strrchr(d, '/') : NULL;

	if (!d)
		return NULL;
	if (!slash) {
		free(d);
		return xdup(".");
	}
	if (slash == d)
		slash[1] = '\0';
	else
		*slash = '\0';
	return d;
}

static void load_photo(struct ld *l, const struct ynode *e, const char *base,
		       struct site_answer *a)
{
	static const char *const keys[] = {"file", "caption", NULL};
	struct site_photo *p = &a->photos[a->nphotos];
	const struct ynode *fn = e;
	char why[700];

	if (e->kind == YN_MAP) {
		check_keys(l, e, keys, "a photo");
		fn = ynode_get(e, "file");
		p->caption = get_str(l, e, "caption", false, "a photo");
	}
	if (!fn || fn->kind != YN_SCALAR || !fn->len) {
		lerr(l, fn ? fn : e, "a photo is a file name or {file, "
		     "caption}");
		free(p->caption);
		p->caption = NULL;
		return;
	}
	p->file = xdup(fn->str);
	p->path = fn->str[0] == '/' ? xdup(fn->str) : fs_join(base, fn->str);
	if (!p->file || !p->path ||
	    !site_photo_check(p->path, why, sizeof(why))) {
		lerr(l, fn, "%s", p->file && p->path ? why : "out of memory");
		free(p->file);
		free(p->path);
		free(p->caption);
		memset(p, 0, sizeof(*p));
		return;
	}
	a->nphotos++;
}

static void load_photos(struct ld *l, const struct ynode *v, const char *base,
			struct site_answer *a)
{
	size_t n = v->kind == YN_SEQ ? v->n : 1;

	a->photos = calloc(n + 1, sizeof(*a->photos));
	if (!a->photos) {
		lerr(l, v, "out of memory");
		return;
	}
	if (v->kind == YN_SEQ)
		for (size_t i = 0; i < v->n; i++)
			load_photo(l, v->items[i], base, a);
	else
		load_photo(l, v, base, a);
	a->set = a->nphotos > 0;
}

static void load_answer(struct ld *l, const struct site_item *it,
			const struct ynode *v, const char *base,
			struct site_answer *a)
{
	static const char *const keys[] = {"value", "note", NULL};
	char why[700];

	a->line = v->line;
	a->col = v->col;
	if (v->kind == YN_MAP && it->type != ST_PHOTO) {
		check_keys(l, v, keys, "an answer");
		a->note = get_str(l, v, "note", false, "an answer");
		v = ynode_get(v, "value");
		if (!v)
			return;	/* a note alone: not answered */
	}
	if (ynode_is_null(v))
		return;
	if (it->type == ST_PHOTO) {
		load_photos(l, v, base, a);
		return;
	}
	if (v->kind != YN_SCALAR) {
		lerr(l, v, "'%s' takes a single %s answer, not a %s", it->id,
		     type_names[it->type], ynode_kind_name(v->kind));
		return;
	}
	if (it->type == ST_NUMBER && !v->plain) {
		lerr(l, v, "'%s' takes a number (without quotes), not the "
		     "text \"%s\"", it->id, v->str);
		return;
	}
	if (site_parse_answer(it, v->str, a, why, sizeof(why)) < 0)
		lerr(l, v, "%s: %s", it->id, why);
}

static void load_answers(struct ld *l, const struct checklist *cl,
			 const struct ynode *m, struct site_doc *s)
{
	char *base = dir_of(l->file);

	if (!base) {
		lerr(l, m, "out of memory");
		return;
	}
	if (m && m->kind != YN_MAP) {
		lerr(l, m, "'answers' must be a map: item id: answer");
		m = NULL;
	}
	for (size_t i = 0; m && i < m->n; i++) {
		const char *id = ynode_str(m->pairs[i].key) ?: "";
		int ix = site_item_index(cl, id);
		const char *best = NULL;
		size_t bd = 3;

		if (ix >= 0) {
			load_answer(l, &cl->items[ix], m->pairs[i].value, base,
				    &s->ans[ix]);
			continue;
		}
		for (size_t j = 0; j < cl->nitems; j++)
			if (edit_distance(id, cl->items[j].id) < bd) {
				bd = edit_distance(id, cl->items[j].id);
				best = cl->items[j].id;
			}
		if (best)
			lerr(l, m->pairs[i].key, "'%s' is not an item of "
			     "checklist '%s'; did you mean '%s'?", id,
			     cl->name, best);
		else
			lerr(l, m->pairs[i].key, "'%s' is not an item of "
			     "checklist '%s'", id, cl->name);
	}
	free(base);
}

static void load_ack(struct ld *l, const struct ynode *root,
		     struct site_doc *s)
{
	static const char *const keys[] = {"name", "date", NULL};
	const struct ynode *m = ynode_get(root, "acknowledgement");

	if (!m || ynode_is_null(m))
		return;
	if (m->kind != YN_MAP) {
		lerr(l, m, "'acknowledgement' is {name, date}: the customer "
		     "who acknowledged the report");
		return;
	}
	check_keys(l, m, keys, "the acknowledgement");
	s->ack_name = get_str(l, m, "name", false, "the acknowledgement");
	s->ack_date = get_date(l, m, "date", "the acknowledgement");
}

int site_check_complete(const struct site_doc *s, const struct checklist *cl,
			struct si_diags *d)
{
	struct ld l = {.file = s->file ? s->file : "site.yaml", .d = d};
	struct ynode at = {.line = 1, .col = 1};

	if (!s->engineer)
		lerr(&l, &at, "the engineer's name is missing ('engineer:')");
	if (!s->date)
		lerr(&l, &at, "the date of the inspection is missing "
		     "('date: YYYY-MM-DD')");
	for (size_t i = 0; i < cl->nitems; i++)
		if (cl->items[i].required && !s->ans[i].set)
			lerr(&l, &at, "required item '%s' (%s) is not "
			     "answered", cl->items[i].id,
			     cl->items[i].question.en);
	return l.errors;
}

/* The answers map's position, for "not answered" messages. */
static void place_missing(struct si_diags *d, size_t from,
			  const struct ynode *root)
{
	const struct ynode *k = key_node(root, "answers");

	for (size_t i = from; k && i < d->n; i++)
		if (strstr(d->v[i].msg, "is not answered")) {
			d->v[i].line = k->line;
			d->v[i].col = k->col;
		}
}

static void load_site_doc(struct ld *l, const struct checklist *cl,
			  const struct ynode *root, struct site_doc *s)
{
	static const char *const keys[] = {"schema", "checklist",
					   "checklist_version", "site",
					   "engineer", "date",
					   "acknowledgement", "answers", NULL};
	char *schema, *name;

	if (!root || root->kind != YN_MAP) {
		lerr(l, root, "a site answers file is a map with 'engineer', "
		     "'date' and 'answers' (doc/site.md)");
		return;
	}
	check_keys(l, root, keys, "a site answers file");
	schema = get_str(l, root, "schema", false, "the file");
	if (schema && strcmp(schema, SITE_SCHEMA_ID) != 0)
		lerr(l, ynode_get(root, "schema"), "schema '%s' is not '%s'",
		     schema, SITE_SCHEMA_ID);
	free(schema);
	name = get_str(l, root, "checklist", false, "the file");
	if (name && strcmp(name, cl->name) != 0)
		lerr(l, ynode_get(root, "checklist"), "these are answers to "
		     "checklist '%s', but the checklist loaded is '%s' (%s): "
		     "give the right one with --checklist FILE", name,
		     cl->name, cl->file);
	free(name);
	free(get_str(l, root, "checklist_version", false, "the file"));
	s->site = get_str(l, root, "site", false, "the file");
	s->engineer = get_str(l, root, "engineer", false, "the file");
	s->date = get_date(l, root, "date", "the file");
	load_ack(l, root, s);
	load_answers(l, cl, ynode_get(root, "answers"), s);
}

struct site_doc *site_load(const char *path, const struct checklist *cl,
			   bool complete, struct si_diags *d)
{
	struct si_error err;
	struct ydoc *doc = ydoc_load_file(path, &err);
	struct ld l = {.file = path, .d = d};
	struct site_doc *s;

	if (!doc) {
		si_diags_add(d, &err);
		return NULL;
	}
	s = site_new(cl);
	if (!s) {
		ydoc_free(doc);
		lerr(&l, NULL, "out of memory");
		return NULL;
	}
	xdup_failed = false;
	s->file = xdup(path);
	load_site_doc(&l, cl, doc->root, s);
	if (complete && doc->root && doc->root->kind == YN_MAP) {
		size_t from = d->n;

		l.errors += site_check_complete(s, cl, d);
		place_missing(d, from, doc->root);
	}
	ydoc_free(doc);
	nomem_check(&l);
	if (l.errors) {
		site_free(s);
		return NULL;
	}
	return s;
}

char *site_checklist_of(const char *path)
{
	struct si_error err;
	struct ydoc *doc = ydoc_load_file(path, &err);
	const char *name;
	char *r;

	if (!doc)
		return NULL;
	name = ynode_str(ynode_get(doc->root, "checklist"));
	r = name && word_ok(name, "az09", "az09-") ? xdup(name)
							       : NULL;
	ydoc_free(doc);
	return r;
}

/* ---- writing ------------------------------------------------------------- */

/* A YAML double-quoted scalar: every control character escaped. */
static void yq(struct sbuf *b, const char *s)
{
	sbuf_addc(b, '"');
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			sbuf_addf(b, "\\%c", *p);
		else if (*p == '\n')
			sbuf_adds(b, "\\n");
		else if (*p == '\t')
			sbuf_adds(b, "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			sbuf_addf(b, "\\x%02x", *p);
		else
			sbuf_addc(b, (char)*p);
	}
	sbuf_addc(b, '"');
}

static void write_kv(struct sbuf *b, const char *indent, const char *k,
		     const char *v)
{
	if (!v)
		return;
	sbuf_addf(b, "%s%s: ", indent, k);
	yq(b, v);
	sbuf_addc(b, '\n');
}

static void write_answer(struct sbuf *b, const struct site_item *it,
			 const struct site_answer *a)
{
	if (a->note)
		sbuf_addf(b, "  %s:\n    value: ", it->id);
	else
		sbuf_addf(b, "  %s: ", it->id);
	switch (it->type) {
	case ST_NUMBER: sbuf_addf(b, "%.10g", a->num); break;
	case ST_YESNO: sbuf_adds(b, a->yes ? "yes" : "no"); break;
	case ST_CHOICE:
	case ST_TEXT: yq(b, a->str ? a->str : ""); break;
	case ST_PHOTO:
		for (size_t i = 0; i < a->nphotos; i++) {
			char *abs = realpath(a->photos[i].path, NULL);

			sbuf_adds(b, "\n    - file: ");
			yq(b, abs ? abs : a->photos[i].path);
			free(abs);
			if (a->photos[i].caption) {
				sbuf_adds(b, "\n      caption: ");
				yq(b, a->photos[i].caption);
			}
		}
		break;
	}
	sbuf_addc(b, '\n');
	if (a->note)
		write_kv(b, "    ", "note", a->note);
}

int site_write(const char *path, const struct checklist *cl,
	       const struct site_doc *s, struct si_error *err)
{
	struct sbuf b;
	int rc;

	sbuf_init(&b, SITE_FILE_MAX);
	sbuf_addf(&b, "# Site checklist answers (swinspect site; format: "
		  "doc/site.md).\n# Give it to the report with: swinspect "
		  "run|check|report ... --site FILE\nschema: %s\n",
		  SITE_SCHEMA_ID);
	write_kv(&b, "", "checklist", cl->name);
	write_kv(&b, "", "checklist_version", cl->version);
	write_kv(&b, "", "site", s->site);
	write_kv(&b, "", "engineer", s->engineer);
	write_kv(&b, "", "date", s->date);
	if (s->ack_name || s->ack_date) {
		sbuf_adds(&b, "acknowledgement:\n");
		write_kv(&b, "  ", "name", s->ack_name);
		write_kv(&b, "  ", "date", s->ack_date);
	}
	sbuf_adds(&b, "answers:\n");
	for (size_t i = 0; i < cl->nitems; i++)
		if (s->ans[i].set)
			write_answer(&b, &cl->items[i], &s->ans[i]);
	if (b.truncated || b.nomem) {
		sbuf_free(&b);
		return si_error_set(err, path, 0, 0, "the answers are too "
				    "large to write");
	}
	rc = fs_write_atomic(path, sbuf_str(&b), b.len, err);
	sbuf_free(&b);
	return rc;
}
