/* fuzz_expr.c - the rule condition language (rules/expr*.c): parsing,
 * evaluation over a facts document, and message templates.
 *
 * Input: an expression (also parsed as a message template), optionally
 * followed by FUZZ_SEP and a facts document (JSON) to evaluate it over;
 * without one, tests/schema/facts/valid/cisco-full.json is used.  The
 * expression is evaluated at the document and for each element of the
 * lists rules usually walk, as a for_each does. */
#include "config.h"
#include "expr.h"
#include "fuzz.h"
#include "jsonio.h"
#include "error.h"
#include "sbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cJSON *facts, *params, *sw;
static struct xnode *let_expr;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct si_error err;
	struct xerr xe;

	fuzz_setup();
	facts = json_read_file(ABS_TOP_SRCDIR
			       "/tests/schema/facts/valid/cisco-full.json",
			       1u << 24, &err);
	if (!facts) {
		fprintf(stderr, "fuzz_expr: %s\n", err.msg);
		abort();
	}
	params = cJSON_Parse("{\"cpu_high\": 80, \"name\": \"x\"}");
	sw = cJSON_Parse("{\"recommended\": \"15.2(7)E8\", \"eol\": "
			 "\"2026-01-31\", \"known_issues\": []}");
	let_expr = expr_parse("params.cpu_high + 5", NULL, &xe);
	if (!params || !sw || !let_expr)
		abort();
	return 0;
}

static const cJSON *get_sw(void *ud)
{
	return ud;
}

static void eval_in(struct xctx *c, const struct xnode *n,
		    const struct xtmpl *t, const struct xscope *sc,
		    struct sbuf *out)
{
	struct xval v;

	xctx_reset_item(c);
	c->scope = sc;
	if (n && expr_eval(c, n, &v) == 0) {
		cJSON *j = xval_json(&v);

		xval_format(&v, out);
		cJSON_Delete(j);
		for (size_t i = 0; i < c->nmissing; i++)
			xctx_missing(c, i);
		for (size_t i = 0; i < c->nreads; i++)
			xread_path(&c->reads[i], out);
	}
	xctx_reset_item(c);
	if (n)
		expr_cond(c, n);
	if (t)
		tmpl_render(c, t, out);
}

static void eval_lists(struct xctx *c, const cJSON *root,
		       const struct xnode *n, const struct xtmpl *t,
		       struct sbuf *out)
{
	static const char *const lists[][2] = {
		{"environment", "fans"}, {"environment", "temperatures"},
		{"hardware", "modules"}, {NULL, "interfaces"},
	};

	for (size_t k = 0; k < sizeof(lists) / sizeof(lists[0]); k++) {
		const cJSON *holder = lists[k][0] ?
			cJSON_GetObjectItemCaseSensitive(root, lists[k][0]) :
			root;
		const cJSON *list = cJSON_GetObjectItemCaseSensitive(
			holder, lists[k][1]);
		char path[64];
		const cJSON *el;
		int i = 0;

		if (!cJSON_IsArray(list))
			continue;
		snprintf(path, sizeof(path), "%s%s%s",
			 lists[k][0] ? lists[k][0] : "",
			 lists[k][0] ? "." : "", lists[k][1]);
		cJSON_ArrayForEach(el, list) {
			struct xscope sc = {.absolute = true, .list_path = path,
					    .item = el, .index = i,
					    .list_holder = holder,
					    .list_key = lists[k][1]};

			if (i++ == 4)
				break;
			eval_in(c, n, t, &sc, out);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const let_names[] = {"limit"};
	const struct xnames names = {.lets = let_names, .nlets = 1};
	const struct xlet lets[] = {{"limit", NULL, "params.cpu_high + 5"}};
	const uint8_t *a, *b;
	size_t alen, blen;
	char *text;
	cJSON *doc = NULL;
	struct xnode *n;
	struct xtmpl *t;
	struct xerr xe;
	struct xctx c;
	struct sbuf out;
	struct xlet l = lets[0];

	fuzz_split(data, size, &a, &alen, &b, &blen);
	text = fuzz_strndup(a, alen);
	if (blen)
		doc = cJSON_ParseWithLength((const char *)b, blen);
	n = expr_parse(text, &names, &xe);
	if (!n && xe.pos > alen)
		abort();	/* the caret must point inside the text */
	t = tmpl_parse(text, &names, &xe);
	l.expr = let_expr;
	sbuf_init(&out, 1u << 20);
	xctx_init(&c);
	c.root = doc ? doc : facts;
	c.lets = &l;
	c.nlets = 1;
	c.today = x_days("2026-11-28");
	c.params = params;
	c.sw = get_sw;
	c.ud = sw;
	if (n || t) {
		eval_in(&c, n, t, NULL, &out);
		eval_lists(&c, c.root, n, t, &out);
	}
	xctx_free(&c);
	sbuf_free(&out);
	expr_free(n);
	tmpl_free(t);
	cJSON_Delete(doc);
	free(text);
	return 0;
}
