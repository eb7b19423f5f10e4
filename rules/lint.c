/* lint.c - see lint.h */
#include "config.h"
#include "lint.h"
#include "error.h"
#include "expr.h"
#include "fschema.h"
#include "sbuf.h"
#include "ynode.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void add(struct lint *l, int line, int col, const char *msg)
{
	si_diags_addf(l->diags, l->file, line, col, "%s", msg);
	l->errors++;
}

void lint_err(struct lint *l, const struct ynode *n, const char *fmt, ...)
{
	char msg[SI_ERROR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	add(l, n ? n->line : 0, n ? n->col : 0, msg);
}

/* Line `line` (1-based) of the file's text. */
static bool get_line(const struct lint *l, int line, const char **s,
		     size_t *len)
{
	const char *p = l->text, *end;

	if (!p || line < 1)
		return false;
	end = p + l->len;
	for (int i = 1; i < line; i++) {
		p = memchr(p, '\n', (size_t)(end - p));
		if (!p)
			return false;
		p++;
	}
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	*s = p;
	*len = (size_t)((nl ? nl : end) - p);
	return true;
}

static bool find_in_line(const char *ln, size_t lnlen, const char *snip,
			 size_t n, size_t *at)
{
	for (size_t i = 0; n && i + n <= lnlen; i++)
		if (memcmp(ln + i, snip, n) == 0) {
			*at = i;
			return true;
		}
	return false;
}

/* The first line from `from` holding snip: sets line and col (of
 * snip + off). */
static bool find_below(const struct lint *l, int from, const char *snip,
		       size_t len, size_t off, int *line, int *col)
{
	const char *ln;
	size_t lnlen, at;

	for (int i = from; i < from + 500; i++) {
		if (!get_line(l, i, &ln, &lnlen))
			return false;
		if (find_in_line(ln, lnlen, snip, len, &at)) {
			*line = i;
			*col = (int)(at + off + 1);
			return true;
		}
	}
	return false;
}

/* Where byte pos of scalar n's text is in the file.  Exact for a scalar
 * on one line; for block and folded scalars, the line holding the text
 * around pos is searched for. */
static void locate(const struct lint *l, const struct ynode *n, size_t pos,
		   int *line, int *col)
{
	const char *ln, *v = n->str;
	size_t lnlen, start = (size_t)(n->col > 0 ? n->col - 1 : 0), s0, len;

	*line = n->line;
	*col = n->col;
	if (!get_line(l, n->line, &ln, &lnlen))
		return;
	if (start < lnlen && (ln[start] == '"' || ln[start] == '\''))
		start++;
	if (start + n->len <= lnlen && memcmp(ln + start, v, n->len) == 0) {
		*col = (int)(start + pos + 1);
		return;
	}
	/* A snippet from pos to the end of its line of text (or, at the end,
	 * the text before pos), searched for in the lines below; folded
	 * scalars joined lines with spaces, so then just the token at pos. */
	s0 = pos;
	len = strcspn(v + pos, "\n");
	if (len == 0) {
		while (s0 > 0 && v[s0 - 1] != '\n' && pos - s0 < 24)
			s0--;
		len = pos - s0;
	}
	if (len > 40)
		len = 40;
	if (find_below(l, n->line, v + s0, len, pos - s0, line, col))
		return;
	len = strcspn(v + pos, " \n");
	if (len && pos == s0)
		find_below(l, n->line, v + pos, len, 0, line, col);
}

void lint_err_in(struct lint *l, const struct ynode *n, size_t pos,
		 const char *fmt, ...)
{
	char msg[SI_ERROR_MSG_MAX];
	struct sbuf b;
	const char *ln;
	size_t lnlen;
	int line, col;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (!n || n->kind != YN_SCALAR) {
		add(l, n ? n->line : 0, n ? n->col : 0, msg);
		return;
	}
	locate(l, n, pos, &line, &col);
	sbuf_init(&b, SI_ERROR_MSG_MAX - 1);
	sbuf_adds(&b, msg);
	if (get_line(l, line, &ln, &lnlen) && lnlen < 400) {
		sbuf_addf(&b, "\n    %.*s\n    ", (int)lnlen, ln);
		for (int i = 0; i < col - 1 && (size_t)i < lnlen; i++)
			sbuf_addc(&b, ln[i] == '\t' ? '\t' : ' ');
		sbuf_addc(&b, '^');
	}
	add(l, line, col, sbuf_str(&b));
	sbuf_free(&b);
}

static size_t edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), prev[64], cur[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t d = prev[j - 1] + (a[i - 1] != b[j - 1]);

			if (prev[j] + 1 < d)
				d = prev[j] + 1;
			if (cur[j - 1] + 1 < d)
				d = cur[j - 1] + 1;
			cur[j] = d;
		}
		memcpy(prev, cur, (lb + 1) * sizeof(cur[0]));
	}
	return prev[lb];
}

void lint_keys(struct lint *l, const struct ynode *map, const char *what,
	       const char *const *allowed)
{
	for (size_t i = 0; map && map->kind == YN_MAP && i < map->n; i++) {
		const char *k = map->pairs[i].key->str, *best = NULL;
		size_t bestd = 3;
		bool ok = false;

		for (const char *const *a = allowed; *a; a++) {
			size_t d = edit_distance(k, *a);

			ok |= d == 0;
			if (d < bestd) {
				bestd = d;
				best = *a;
			}
		}
		if (ok)
			continue;
		if (best)
			lint_err(l, map->pairs[i].key, "unknown key '%s' in %s "
				 "(did you mean '%s'?)", k, what, best);
		else
			lint_err(l, map->pairs[i].key, "unknown key '%s' in %s",
				 k, what);
	}
}

const char *lint_str(struct lint *l, const struct ynode *map,
		     const char *key, bool required, const char *what)
{
	const struct ynode *n = ynode_get(map, key);

	if (!n || ynode_is_null(n)) {
		if (required)
			lint_err(l, map, "%s: missing '%s'", what, key);
		return NULL;
	}
	if (n->kind != YN_SCALAR) {
		lint_err(l, n, "%s: '%s' must be a string, not a %s", what,
			 key, ynode_kind_name(n->kind));
		return NULL;
	}
	return n->str;
}

void lint_strlist_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

int lint_strlist(struct lint *l, const struct ynode *n, char ***out,
		 size_t *nout)
{
	size_t cnt = n->kind == YN_SEQ ? n->n : 1;
	char **v;

	*out = NULL;
	*nout = 0;
	if (n->kind == YN_MAP) {
		lint_err(l, n, "expected a string or a list of strings");
		return -1;
	}
	v = calloc(cnt ? cnt : 1, sizeof(*v));
	if (!v)
		return -1;
	for (size_t i = 0; i < cnt; i++) {
		const struct ynode *e = n->kind == YN_SEQ ? n->items[i] : n;

		if (e->kind != YN_SCALAR) {
			lint_err(l, e, "expected a string, not a %s",
				 ynode_kind_name(e->kind));
			lint_strlist_free(v, i);
			return -1;
		}
		if (!(v[i] = strdup(e->str))) {
			lint_strlist_free(v, i);
			return -1;
		}
	}
	*out = v;
	*nout = cnt;
	return 0;
}

void rtext_free(struct rtext *t)
{
	free(t->en);
	free(t->zh);
	tmpl_free(t->ten);
	tmpl_free(t->tzh);
	memset(t, 0, sizeof(*t));
}

static int one_text(struct lint *l, const struct ynode *n,
		    const struct xnames *names, char **s, struct xtmpl **t)
{
	struct xerr err = {0, "out of memory"};	/* unless the parser says */

	if (!n)
		return -1;
	if (n->kind != YN_SCALAR) {
		lint_err(l, n, "expected a text, not a %s",
			 ynode_kind_name(n->kind));
		return -1;
	}
	*t = tmpl_parse(n->str, names, &err);
	if (!*t) {
		lint_err_in(l, n, err.pos, "%s", err.msg);
		return -1;
	}
	*s = strdup(n->str);
	if (!*s) {
		lint_err(l, n, "out of memory");
		return -1;
	}
	return 0;
}

int lint_text(struct lint *l, const struct ynode *map, const char *key,
	      bool required, const struct xnames *names, struct rtext *out)
{
	static const char *const langs[] = {"en", "zh-CN", NULL};
	const struct ynode *n = ynode_get(map, key);
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!n) {
		if (required)
			lint_err(l, map, "missing '%s' (a text in en and "
				 "zh-CN)", key);
		return required ? -1 : 0;
	}
	if (n->kind != YN_MAP) {
		lint_err(l, n, "'%s' needs both languages: {en: ..., "
			 "zh-CN: ...}", key);
		return -1;
	}
	lint_keys(l, n, key, langs);
	if (!ynode_get(n, "en") || !ynode_get(n, "zh-CN")) {
		lint_err(l, n, "'%s' needs both languages: missing '%s'", key,
			 ynode_get(n, "en") ? "zh-CN" : "en");
		rc = -1;
	}
	if (ynode_get(n, "en") &&
	    one_text(l, ynode_get(n, "en"), names, &out->en, &out->ten) < 0)
		rc = -1;
	if (ynode_get(n, "zh-CN") &&
	    one_text(l, ynode_get(n, "zh-CN"), names, &out->zh, &out->tzh) < 0)
		rc = -1;
	return rc;
}

struct xnode *lint_expr(struct lint *l, const struct ynode *n,
			const struct xnames *names)
{
	struct xerr err = {0, "out of memory"};	/* unless the parser says */
	struct xnode *e;

	if (n->kind != YN_SCALAR) {
		lint_err(l, n, "expected an expression, not a %s",
			 ynode_kind_name(n->kind));
		return NULL;
	}
	e = expr_parse(n->str, names, &err);
	if (!e)
		lint_err_in(l, n, err.pos, "%s", err.msg);
	return e;
}

bool lint_date(struct lint *l, const struct ynode *n, const char *what)
{
	if (n->kind == YN_SCALAR && x_days(n->str) >= 0 && n->len == 10)
		return true;
	lint_err(l, n, "%s must be a date YYYY-MM-DD", what);
	return false;
}

/* ---- fact paths ------------------------------------------------------ */

static const cJSON *walk_segs(struct lint *l, const struct ynode *at,
			      size_t pos, const struct xnode *e,
			      const cJSON *cur, const struct fschema *s,
			      char *text, size_t textlen)
{
	for (int i = 0; cur && i < e->nsegs; i++) {
		const struct xseg *g = &e->segs[i];
		size_t tl = strlen(text);

		if (!g->name) {
			const cJSON *it = fschema_items(s, cur);

			if (!it) {
				lint_err_in(l, at, pos, "fact path '%s': %s is "
					    "not a list", e->str,
					    tl ? text : "the item");
				return NULL;
			}
			snprintf(text + tl, textlen - tl, "[]");
			cur = it;
			continue;
		}
		if (!fschema_is_object(s, cur)) {
			lint_err_in(l, at, pos, "fact path '%s': %s has no "
				    "field '%s'%s", e->str,
				    tl ? text : "the item", g->name,
				    fschema_items(s, cur) ?
					    " (it is a list: use for_each, "
					    "any() or count())" :
					    "");
			return NULL;
		}
		if (!fschema_field(s, cur, g->name)) {
			struct sbuf b;

			sbuf_init(&b, 600);
			fschema_fields(s, cur, &b);
			lint_err_in(l, at, pos, "unknown fact path '%s': '%s' "
				    "is not a field of %s (fields: %s)",
				    e->str, g->name, tl ? text : "the item",
				    sbuf_str(&b));
			sbuf_free(&b);
			return NULL;
		}
		cur = fschema_field(s, cur, g->name);
		snprintf(text + tl, textlen - tl, "%s%s", tl ? "." : "",
			 g->name);
	}
	return cur;
}

static const cJSON *check_path(struct lint *l, const struct ynode *at,
			       size_t base, const struct xnode *e,
			       const struct pscope *scope, char *text,
			       size_t textlen)
{
	const struct fschema *s = l->schema;
	const cJSON *cur;
	size_t pos = base + e->pos;

	text[0] = '\0';
	switch (e->root) {
	case XR_LET:
		return NULL;
	case XR_PARAMS:
		if (e->nsegs != 1 || !e->segs[0].name ||
		    !cJSON_GetObjectItemCaseSensitive(l->params,
						      e->segs[0].name))
			lint_err_in(l, at, pos, "unknown parameter '%s' (the "
				    "pack's params: declares them)", e->str);
		return NULL;
	case XR_SW:
		s = l->sw_schema;
		snprintf(text, textlen, "sw");
		cur = fschema_root(s);
		break;
	case XR_DOC:
		cur = fschema_root(s);
		break;
	case XR_UP:
		if (!scope || !scope->up) {
			lint_err_in(l, at, pos, "'^' used where there is no "
				    "outer item");
			return NULL;
		}
		snprintf(text, textlen, "%s", scope->up->text);
		cur = scope->up->schema;
		break;
	default:
		if (scope)
			snprintf(text, textlen, "%s", scope->text);
		cur = scope ? scope->schema : fschema_root(s);
		break;
	}
	if (!s || !cur)
		return NULL;
	return walk_segs(l, at, pos, e, cur, s, text, textlen);
}

const cJSON *lint_path_schema(struct lint *l, const struct ynode *at,
			      const struct xnode *path,
			      const struct pscope *scope, char *text,
			      size_t textlen)
{
	return check_path(l, at, 0, path, scope, text, textlen);
}

static bool enum_has(const cJSON *en, const char *v)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, en)
		if (cJSON_IsString(e) && strcmp(e->valuestring, v) == 0)
			return true;
	return false;
}

static void enum_check(struct lint *l, const struct ynode *at, size_t base,
		       const cJSON *en, const struct xnode *lit,
		       const char *path)
{
	struct sbuf b;
	const cJSON *e;
	int i = 0;

	if (!en || lit->op != XO_STR || enum_has(en, lit->str))
		return;
	sbuf_init(&b, 600);
	cJSON_ArrayForEach(e, en)
		if (cJSON_IsString(e))
			sbuf_addf(&b, "%s%s", i++ ? ", " : "", e->valuestring);
	lint_err_in(l, at, base + lit->pos, "\"%s\" is never a value of %s "
		    "(values: %s)", lit->str, path, sbuf_str(&b));
	sbuf_free(&b);
}

/* Path operand of a comparison: its schema's enum and text. */
static const cJSON *operand_enum(struct lint *l, const struct ynode *at,
				 size_t base, const struct xnode *e,
				 const struct pscope *scope, char *text,
				 size_t textlen)
{
	const cJSON *sch;
	struct si_diags quiet = {0};
	struct si_diags *saved = l->diags;
	size_t errs = l->errors;

	if (e->op != XO_PATH || !l->schema)
		return NULL;
	l->diags = &quiet;	/* the path itself is reported elsewhere */
	sch = check_path(l, at, base, e, scope, text, textlen);
	l->diags = saved;
	l->errors = errs;
	si_diags_free(&quiet);
	return sch ? fschema_enum(l->schema, sch) : NULL;
}

static void check_compare(struct lint *l, const struct ynode *at,
			  size_t base, const struct xnode *e,
			  const struct pscope *scope)
{
	char text[256];
	const cJSON *en;

	if (e->op == XO_EQ || e->op == XO_NE) {
		if ((en = operand_enum(l, at, base, e->a, scope, text,
				       sizeof(text))))
			enum_check(l, at, base, en, e->b, text);
		else if ((en = operand_enum(l, at, base, e->b, scope, text,
					    sizeof(text))))
			enum_check(l, at, base, en, e->a, text);
	} else if ((e->op == XO_IN || e->op == XO_NIN) &&
		   e->b->op == XO_LIST &&
		   (en = operand_enum(l, at, base, e->a, scope, text,
				      sizeof(text)))) {
		for (int i = 0; i < e->b->nargs; i++)
			enum_check(l, at, base, en, e->b->args[i], text);
	}
}

static void check_iter(struct lint *l, const struct ynode *at, size_t base,
		       const struct xnode *e, const struct pscope *scope)
{
	char text[256];
	const struct xnode *list = e->args[0];
	const cJSON *sch = NULL;
	struct pscope inner = {.up = scope, .text = ""};
	const struct fschema *s = l->schema;	/* sw nodes have no $ref */

	if (list->op == XO_PATH) {
		sch = check_path(l, at, base, list, scope, text, sizeof(text));
		if (sch && !fschema_items(s, sch)) {
			lint_err_in(l, at, base + list->pos, "%s() needs a "
				    "list, and %s is not one", e->str,
				    list->str);
			sch = NULL;
		}
	} else
		lint_paths(l, at, base, list, scope);
	if (sch) {
		size_t tl = strlen(text);

		snprintf(text + tl, sizeof(text) - tl, "[]");
		inner.schema = fschema_items(s, sch);
		inner.text = text;
	}
	if (e->nargs > 1)
		lint_paths(l, at, base, e->args[1], &inner);
}

void lint_paths(struct lint *l, const struct ynode *at, size_t base,
		const struct xnode *e, const struct pscope *scope)
{
	char text[256];

	if (!e)
		return;
	switch (e->op) {
	case XO_PATH:
		check_path(l, at, base, e, scope, text, sizeof(text));
		return;
	case XO_CALL:
		if (xfunc_iterates(e->fn)) {
			check_iter(l, at, base, e, scope);
			return;
		}
		break;
	default:
		check_compare(l, at, base, e, scope);
		break;
	}
	lint_paths(l, at, base, e->a, scope);
	lint_paths(l, at, base, e->b, scope);
	for (int i = 0; i < e->nargs; i++)
		lint_paths(l, at, base, e->args[i], scope);
}

/* ---- facts in tests -------------------------------------------------- */

static void facts_walk(struct lint *l, const struct ynode *n,
		       const cJSON *sch, const char *where)
{
	const struct fschema *s = l->schema;

	if (!sch || !n)
		return;
	if (n->kind == YN_SEQ) {
		const cJSON *it = fschema_items(s, sch);

		if (!it && !fschema_enum(s, sch))
			lint_err(l, n, "%s is not a list in facts documents",
				 where);
		for (size_t i = 0; it && i < n->n; i++)
			facts_walk(l, n->items[i], it, where);
		return;
	}
	if (n->kind != YN_MAP)
		return;
	if (!fschema_is_object(s, sch)) {
		lint_err(l, n, "%s is not an object in facts documents", where);
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		const char *k = n->pairs[i].key->str;
		const cJSON *f = fschema_field(s, sch, k);
		char sub[256];

		snprintf(sub, sizeof(sub), "%s%s%s", where, *where ? "." : "",
			 k);
		if (!f) {
			struct sbuf b;

			sbuf_init(&b, 600);
			fschema_fields(s, sch, &b);
			lint_err(l, n->pairs[i].key, "test facts: '%s' is not "
				 "a field of %s (fields: %s)", k,
				 *where ? where : "the facts document",
				 sbuf_str(&b));
			sbuf_free(&b);
			continue;
		}
		if (strcmp(k, "src") != 0)
			facts_walk(l, n->pairs[i].value, f, sub);
	}
}

void lint_facts(struct lint *l, const struct ynode *facts)
{
	if (l->schema)
		facts_walk(l, facts, fschema_root(l->schema), "");
}

/* ---- the sw object --------------------------------------------------- */

static const char sw_schema_text[] =
	"{\"type\": \"object\", \"properties\": {"
	"\"table\": {\"type\": \"string\"},"
	"\"family\": {\"type\": \"string\"},"
	"\"vendor\": {\"type\": \"string\"},"
	"\"scheme\": {\"type\": \"string\"},"
	"\"as_of\": {\"type\": \"string\"},"
	"\"verified\": {\"type\": \"boolean\"},"
	"\"running\": {\"type\": \"string\"},"
	"\"recommended\": {\"type\": \"string\"},"
	"\"minimum\": {\"type\": \"string\"},"
	"\"end_of_sale\": {\"type\": \"string\"},"
	"\"end_of_support\": {\"type\": \"string\"},"
	"\"notes\": {\"type\": \"string\"},"
	"\"sources\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}},"
	"\"issues_fixed_by_recommended\": {\"type\": \"integer\"},"
	"\"train\": {\"type\": \"string\"},"
	"\"train_end_of_maintenance\": {\"type\": \"string\"},"
	"\"train_end_of_support\": {\"type\": \"string\"},"
	"\"known_issues\": {\"type\": \"array\", \"items\": {"
	"  \"type\": \"object\", \"properties\": {"
	"  \"id\": {\"type\": \"string\"},"
	"  \"severity\": {\"enum\": [\"critical\", \"major\", \"minor\", "
	"\"info\"]},"
	"  \"summary_en\": {\"type\": \"string\"},"
	"  \"summary_zh\": {\"type\": \"string\"},"
	"  \"affected\": {\"type\": \"array\", \"items\": {\"type\": "
	"\"string\"}},"
	"  \"fixed_in\": {\"type\": \"array\", \"items\": {\"type\": "
	"\"string\"}},"
	"  \"uptime_days\": {\"type\": \"number\"},"
	"  \"url\": {\"type\": \"string\"},"
	"  \"fixed_by_recommended\": {\"type\": \"boolean\"},"
	"  \"src\": {\"type\": \"object\"}}}},"
	"\"src\": {\"type\": \"object\"}}}";

struct fschema *lint_sw_schema(void)
{
	return fschema_from_json(cJSON_Parse(sw_schema_text));
}
