/* test_rules.c - unit tests of rules/: version comparison (cases as data in
 * tests/rules/version-order.txt), the expression language (parse errors
 * with their column, three-valued evaluation), tables, waivers, evidence,
 * the built-in packs' own tests, and findings.json (software rows, JSON
 * text, the streamed document). */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "fsutil.h"
#include "rules/expr.h"
#include "rules/jtext.h"
#include "rules/rules.h"
#include "rules/ruleset.h"
#include "rules/version.h"
#include "sbuf.h"

static const char *srcdir(void)
{
	const char *s = getenv("top_srcdir");

	return s && *s ? s : ABS_TOP_SRCDIR;
}

static char *src_path(const char *rel)
{
	char *p;

	ck_assert_int_ge(asprintf(&p, "%s/%s", srcdir(), rel), 0);
	return p;
}

/* ---- versions ----------------------------------------------------------- */

static char *trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n'))
		*--e = '\0';
	return s;
}

static void check_pair(const char *scheme, const char *a, const char *op,
		       const char *b, int line)
{
	int s = ver_scheme_parse(scheme), cmp = 0, rc;
	char why[200] = "";

	ck_assert_msg(s >= 0, "line %d: unknown scheme %s", line, scheme);
	rc = ver_compare_str(a, b, (enum ver_scheme)s, &cmp, why, sizeof(why));
	if (op[0] == '!') {
		ck_assert_msg(rc < 0, "line %d: %s %s %s: expected no order, "
			      "got %d", line, a, op, b, cmp);
		return;
	}
	ck_assert_msg(rc == 0, "line %d: %s vs %s: %s", line, a, b, why);
	if (op[0] == '<')
		ck_assert_msg(cmp < 0, "line %d: expected %s < %s", line, a, b);
	else if (op[0] == '>')
		ck_assert_msg(cmp > 0, "line %d: expected %s > %s", line, a, b);
	else
		ck_assert_msg(cmp == 0, "line %d: expected %s = %s", line, a,
			      b);
}

START_TEST(version_table)
{
	char *path = src_path("tests/rules/version-order.txt");
	FILE *f = fopen(path, "r");
	char line[512];
	int n = 0, lineno = 0;

	ck_assert_msg(f != NULL, "cannot open %s", path);
	while (fgets(line, sizeof(line), f)) {
		char *field[4], *p = line;
		int k = 0;

		lineno++;
		if (*trim(line) == '\0' || *trim(line) == '#')
			continue;
		for (; k < 4; k++) {
			char *bar = strchr(p, '|');

			if (bar)
				*bar = '\0';
			field[k] = trim(p);
			if (!bar)
				break;
			p = bar + 1;
		}
		ck_assert_msg(k == 3, "line %d: expected 4 fields", lineno);
		check_pair(field[0], field[1], field[2], field[3], lineno);
		if (field[2][0] == '<' || field[2][0] == '>')
			check_pair(field[0], field[3],
				   field[2][0] == '<' ? ">" : "<", field[1],
				   lineno);
		n++;
	}
	fclose(f);
	free(path);
	ck_assert_int_ge(n, 80);
}
END_TEST

static const struct {
	const char *scheme, *version, *range;
	int expect;	/* 1 in, 0 out, -1 error */
} ranges[] = {
	{"cisco", "15.2(7)E3", ">= 15.2(4)E, < 15.2(7)E4", 1},
	{"cisco", "15.2(7)E4", ">= 15.2(4)E, < 15.2(7)E4", 0},
	{"cisco", "17.9.4", ">= 17.9.1, < 17.9.4a", 1},
	{"cisco", "17.9.4a", ">= 17.9.1, < 17.9.4a", 0},
	{"vrp", "V200R019C10SPC500", "< V200R019C10SPC600", 1},
	{"vrp", "V200R019C10SPC500", "V200R019C10SPC500", 1},
	{"comware", "7.1.070, Release 6616P01", "< 6728", 1},
	{"comware", "7.1.070, Release 6616P01", "= 7.1.070, Release 6616P01",
	 1},
	{"junos", "21.4R3-S5", ">= 21.4R1, < 21.4R3-S5", 0},
	{"junos", "21.4R3-S4", ">= 21.4R1, < 21.4R3-S5", 1},
	{"eos", "4.28.3M", "!= 4.28.3M", 0},
	{"cisco", "15.2(7)E3", "< 15.2(7)M1", -1},
	{"cisco", "15.2(7)E3", ">= 15.2(4)E, <", -1},
};

START_TEST(version_ranges)
{
	for (size_t i = 0; i < sizeof(ranges) / sizeof(ranges[0]); i++) {
		enum ver_scheme s =
			(enum ver_scheme)ver_scheme_parse(ranges[i].scheme);
		struct ver v;
		struct ver_range r;
		bool in = false;
		int rc;

		ck_assert_int_eq(ver_parse(ranges[i].version, s, &v, NULL, 0),
				 0);
		rc = ver_range_parse(ranges[i].range, s, &r, NULL, NULL, 0);
		if (rc == 0)
			rc = ver_range_match(&v, &r, &in, NULL, 0);
		if (ranges[i].expect < 0)
			ck_assert_msg(rc < 0, "case %zu: expected an error", i);
		else
			ck_assert_msg(rc == 0 && in == (ranges[i].expect == 1),
				      "case %zu: %s in \"%s\"", i,
				      ranges[i].version, ranges[i].range);
	}
}
END_TEST

START_TEST(version_scheme_for_devices)
{
	ck_assert_int_eq(ver_scheme_for("huawei", "vrp"), VER_VRP);
	ck_assert_int_eq(ver_scheme_for("h3c", NULL), VER_COMWARE);
	ck_assert_int_eq(ver_scheme_for("inspur", "inos-cn"), VER_NXOS);
	ck_assert_int_eq(ver_scheme_for("cisco", "ios-xe"), VER_CISCO);
	ck_assert_int_eq(ver_scheme_for("juniper", NULL), VER_JUNOS);
	ck_assert_int_eq(ver_scheme_for("inspur", NULL), VER_AUTO);
	ck_assert_int_eq(ver_detect("V200R019C10SPC500"), VER_VRP);
	ck_assert_int_eq(ver_detect("21.4R3-S5"), VER_JUNOS);
	ck_assert_int_eq(ver_detect("9.3(10)"), VER_CISCO);
	ck_assert_int_eq(ver_detect("4.28.3M"), VER_EOS);
	ck_assert_int_eq(ver_detect("7.1.070, Release 6616P01"), VER_COMWARE);
	ck_assert_int_eq(ver_detect("6.2.27"), VER_DOTTED);
}
END_TEST

/* ---- expressions -------------------------------------------------------- */

static const struct {
	const char *text;
	size_t pos;
	const char *msg;
} parse_errors[] = {
	{"status = \"failed\"", 7, "use '=='"},
	{"status == ", 10, "expected a value"},
	{"exist(status)", 0, "unknown function 'exist'"},
	{"exists(1)", 7, "needs a fact path"},
	{"len(a, b)", 0, "len() takes 1 argument"},
	{"name =~ \"(\"", 10, "bad regular expression"},
	{"a < b < c", 6, "do not chain"},
	{"(a and b", 8, "expected ')'"},
	{"a && & b", 5, "'&' is not an operator"},
	{"\"open", 0, "unterminated string"},
	{"version_lt(a, \"1\", \"vendorx\")", 19, "unknown version scheme"},
	{"a.", 2, "expected a field name"},
	{"x[1.5]", 2, "expected a list index"},
	{"1 2", 2, "unexpected '2'"},
	{"", 0, "empty expression"},
};

START_TEST(expr_parse_errors)
{
	for (size_t i = 0; i < sizeof(parse_errors) / sizeof(parse_errors[0]);
	     i++) {
		struct xerr err;
		struct xnode *n = expr_parse(parse_errors[i].text, NULL, &err);

		ck_assert_msg(n == NULL, "'%s' parsed", parse_errors[i].text);
		ck_assert_msg(strstr(err.msg, parse_errors[i].msg),
			      "'%s': message '%s'", parse_errors[i].text,
			      err.msg);
		ck_assert_msg(err.pos == parse_errors[i].pos,
			      "'%s': error at %zu, expected %zu",
			      parse_errors[i].text, err.pos,
			      parse_errors[i].pos);
	}
}
END_TEST

static const char facts_text[] =
	"{\"device\": {\"name\": \"d1\"},"
	" \"system\": {\"vendor\": \"cisco\", \"os\": {\"family\": \"ios\","
	"   \"version\": \"15.2(7)E3\"}, \"uptime_s\": 86400},"
	" \"environment\": {\"fans\": [{\"name\": \"F1\", \"status\": \"ok\"},"
	"   {\"name\": \"F2\", \"status\": \"failed\", \"rpm\": 0},"
	"   {\"name\": \"F3\"}],"
	"   \"cpu\": {\"load_pct\": 42}},"
	" \"config\": {\"ntp_servers\": [], \"syslog_servers\": [\"10.1.1.1\"],"
	"   \"banner\": false},"
	" \"license\": [{\"name\": \"ipbase\", \"expires\": \"2026-01-31\"}]}";

static const struct {
	const char *expr;
	const char *expect;	/* "true", "false", "missing", "error", or
				 * the formatted value */
} evals[] = {
	{"environment.cpu.load_pct > 40", "true"},
	{"environment.cpu.load_pct * 2 + 1", "85"},
	{"environment.cpu.load_pct / 8", "5.25"},
	{"environment.cpu.load_pct / 0", "error"},
	{"environment.cpu.load_5s_pct > 40", "missing"},
	{"exists(environment.cpu.load_5s_pct)", "false"},
	{"not exists(environment.cpu.load_5s_pct)", "true"},
	{"exists(environment.cpu.load_5s_pct) and "
	 "environment.cpu.load_5s_pct > 40", "false"},
	{"environment.cpu.load_5s_pct > 40 or true", "true"},
	{"environment.cpu.load_5s_pct > 40 and true", "missing"},
	{"environment.cpu.load_5s_pct ?? 7", "7"},
	{"not (environment.cpu.load_5s_pct > 1)", "missing"},
	{"any(environment.fans, status == \"failed\")", "true"},
	{"any(environment.fans, status == \"absent\")", "missing"},
	{"all(environment.fans, exists(name))", "true"},
	{"count(environment.fans, status == \"ok\")", "missing"},
	{"count(environment.fans, exists(status) and status == \"ok\")", "1"},
	{"count(environment.fans)", "3"},
	{"len(config.ntp_servers) == 0", "true"},
	{"\"10.1.1.1\" in config.syslog_servers", "true"},
	{"system.vendor in [\"huawei\", \"cisco\"]", "true"},
	{"system.vendor not in [\"huawei\", \"cisco\"]", "false"},
	{"system.vendor =~ \"^CIS\"", "false"},
	{"system.vendor =~ \"(?i)^CIS\"", "true"},
	{"system.vendor !~ \"^cis\"", "false"},
	{"config.banner == false", "true"},
	{"config.banner == \"no\"", "false"},
	{"config.banner < 1", "error"},
	{"system.vendor > 1", "error"},
	{"version_lt(system.os.version, \"15.2(7)E4\")", "true"},
	{"version(system.os.version) >= \"15.2(7)E3\"", "true"},
	{"version(system.os.version) < \"15.2(4)E10\"", "false"},
	{"version_lt(system.os.version, \"15.2(7)M1\")", "error"},
	{"version_in(system.os.version, \">= 15.2(4)E, < 15.2(7)E4\")",
	 "true"},
	{"version_cmp(\"9.3(10)\", \"9.3(9)\", \"nxos\")", "1"},
	{"days_until($.license[0].expires)", "30"},
	{"days_since(\"2025-12-25\")", "7"},
	{"days_until(\"2026-02-30\")", "error"},
	{"days_until(\"-001-01-01\")", "error"},	/* no sign, */
	{"days_until(\"2026- 1- 1\")", "error"},	/* no spaces */
	{"days_until(\"2026-01-01T00:00\")", "0"},
	{"human_bytes(1610612736)", "1.5 GiB"},
	{"human_duration(system.uptime_s + 3600)", "1d 1h"},
	{"lower(system.os.family) + \"-x\"", "ios-x"},
	{"round(2 / 3, 2)", "0.67"},
	{"min(3, environment.cpu.load_pct)", "3"},
	{"sum(environment.fans, rpm ?? 0)", "0"},
	{"glob(system.os.version, \"15.2(*\")", "true"},
	{"contains(config.syslog_servers, \"10.1.1.1\")", "true"},
	{"startswith(system.vendor, \"ci\") and endswith(system.vendor, "
	 "\"co\")", "true"},
	{"environment.fans[1].name", "F2"},
	{"environment.fans[9].name", "missing"},
	{"environment.fans.name", "error"},
	{"$.device.name", "d1"},
	{"1 == 1 == 1", "error"},
};

static void eval_one(const cJSON *facts, const char *text,
		     const char *expect)
{
	struct xerr err;
	struct xnode *n = expr_parse(text, NULL, &err);
	struct xctx c;
	struct xval v;
	struct sbuf b;
	const char *got;

	if (!n) {
		ck_assert_msg(strcmp(expect, "error") == 0, "'%s': %s", text,
			      err.msg);
		return;
	}
	xctx_init(&c);
	c.root = facts;
	c.today = x_days("2026-01-01");
	ck_assert_int_eq(xctx_reset_item(&c), 0);
	sbuf_init(&b, 4096);
	if (expr_eval(&c, n, &v) < 0)
		got = "error";
	else if (v.k == XV_MISSING)
		got = "missing";
	else {
		xval_format(&v, &b);
		got = sbuf_str(&b);
	}
	ck_assert_msg(strcmp(got, expect) == 0, "'%s': got %s (%s), "
		      "expected %s", text, got, c.err, expect);
	sbuf_free(&b);
	xctx_free(&c);
	expr_free(n);
}

START_TEST(expr_eval_cases)
{
	cJSON *facts = cJSON_Parse(facts_text);

	ck_assert_ptr_nonnull(facts);
	for (size_t i = 0; i < sizeof(evals) / sizeof(evals[0]); i++)
		eval_one(facts, evals[i].expr, evals[i].expect);
	cJSON_Delete(facts);
}
END_TEST

START_TEST(expr_missing_paths_and_evidence)
{
	cJSON *facts = cJSON_Parse(facts_text);
	struct xerr err;
	struct xnode *n = expr_parse("any(environment.fans, status == "
				     "\"failed\" and rpm == 0)", NULL, &err);
	struct xnode *m = expr_parse("count(environment.fans, status == "
				     "\"ok\")", NULL, &err);
	struct xctx c;
	struct sbuf b;

	ck_assert_ptr_nonnull(n);
	ck_assert_ptr_nonnull(m);
	xctx_init(&c);
	c.root = facts;
	xctx_reset_item(&c);
	{
		struct xnode *k = expr_parse("count(environment.fans)", NULL,
					     &err);

		ck_assert_int_eq(expr_cond(&c, k), -1);	/* not a condition */
		ck_assert_ptr_nonnull(strstr(c.err, "expected true or false"));
		expr_free(k);
	}
	c.root = facts;
	xctx_reset_item(&c);
	ck_assert_int_eq(expr_cond(&c, n), 1);
	/* evidence: only the element that matched */
	ck_assert_uint_eq(c.nreads, 2);
	sbuf_init(&b, 256);
	xread_path(&c.reads[0], &b);
	ck_assert_str_eq(sbuf_str(&b), "environment.fans[1].status");
	sbuf_free(&b);
	xctx_reset_item(&c);
	ck_assert_int_eq(expr_cond(&c, m), 2);	/* F3 has no status */
	xctx_reset_item(&c);
	{
		struct xval v;

		ck_assert_int_eq(expr_eval(&c, m, &v), 0);
		ck_assert_int_eq(v.k, XV_MISSING);
		ck_assert_uint_eq(c.nmissing, 1);
		ck_assert_str_eq(xctx_missing(&c, 0), "environment.fans[2].status");
	}
	xctx_free(&c);
	expr_free(n);
	expr_free(m);
	cJSON_Delete(facts);
}
END_TEST

START_TEST(templates)
{
	cJSON *facts = cJSON_Parse(facts_text);
	struct xerr err;
	struct xtmpl *t = tmpl_parse("CPU {environment.cpu.load_pct} %, "
				     "{{literal}}, {nope.x}", NULL, &err);
	struct xtmpl *bad = tmpl_parse("Fan {name", NULL, &err);
	struct xctx c;
	struct sbuf b;

	ck_assert_ptr_nonnull(t);
	ck_assert_ptr_null(bad);
	ck_assert_uint_eq(err.pos, 4);
	bad = tmpl_parse("x {a ==}", NULL, &err);
	ck_assert_ptr_null(bad);
	ck_assert_uint_eq(err.pos, 7);	/* counted from the template */
	xctx_init(&c);
	c.root = facts;
	xctx_reset_item(&c);
	sbuf_init(&b, 256);
	tmpl_render(&c, t, &b);
	ck_assert_str_eq(sbuf_str(&b), "CPU 42 %, {literal}, ?");
	sbuf_free(&b);
	tmpl_free(t);
	xctx_free(&c);
	cJSON_Delete(facts);
}
END_TEST

/* ---- rule sets ---------------------------------------------------------- */

static struct rule_set *load_fixture(const char *rel, struct si_diags *d)
{
	char *p = src_path(rel);
	const char *paths[] = {p};
	struct rule_set *rs = rules_load(paths, 1, d);

	free(p);
	return rs;
}

static cJSON *run(const struct rule_set *rs, const char *facts_json,
		  const char *waivers_json, const char *today, cJSON **ne)
{
	cJSON *facts = cJSON_Parse(facts_json);
	cJSON *w = waivers_json ? cJSON_Parse(waivers_json) : NULL;
	cJSON *f = cJSON_CreateArray();
	struct si_error err;

	*ne = cJSON_CreateArray();
	ck_assert_ptr_nonnull(facts);
	ck_assert_int_eq(rules_eval(rs, facts, w, today, f, *ne, &err), 0);
	cJSON_Delete(facts);
	cJSON_Delete(w);
	return f;
}

static const char *fstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : "";
}

START_TEST(builtin_packs_pass_their_tests)
{
	struct si_diags d = {0};
	char *dir = rules_builtin_dir();
	const char *paths[] = {dir};
	struct rule_set *rs = rules_load(paths, 1, &d);
	struct rule_test_result res;
	char buf[2048];

	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "%s\n", si_error_str(&d.v[i], buf, sizeof(buf)));
	ck_assert_ptr_nonnull(rs);
	ruleset_run_tests(rs, false, stderr, &res);
	ck_assert_int_eq(res.failed, 0);
	ck_assert_int_gt(res.passed, 20);
	rules_free(rs);
	si_diags_free(&d);
	free(dir);
}
END_TEST

START_TEST(waivers)
{
	struct si_diags d = {0};
	struct rule_set *rs = load_fixture("tests/rules/fixtures/waiver-pack.yaml",
					   &d);
	const char *facts = "{\"device\": {\"name\": \"core-1\"}, "
		"\"environment\": {\"fans\": [{\"name\": \"Fan1\", "
		"\"status\": \"failed\"}, {\"name\": \"Fan2\", "
		"\"status\": \"failed\"}]}}";
	cJSON *ne, *f;

	ck_assert_ptr_nonnull(rs);
	f = run(rs, facts, "[{\"rule\": \"T-FAN\", \"device\": \"core-1\", "
		"\"object\": \"Fan1\", \"reason\": \"spare ordered\", "
		"\"by\": \"Li\", \"expires\": \"2026-03-01\"}, "
		"{\"rule\": \"T-*\", \"device\": \"core-*\", "
		"\"object\": \"Fan2\", \"reason\": \"old\", \"by\": \"Li\", "
		"\"expires\": \"2025-12-01\"}]", "2026-01-01", &ne);
	ck_assert_int_eq(cJSON_GetArraySize(f), 2);
	ck_assert_str_eq(fstr(cJSON_GetArrayItem(f, 0), "state"), "waived");
	ck_assert_str_eq(fstr(cJSON_GetObjectItemCaseSensitive(
				      cJSON_GetArrayItem(f, 0), "waiver"),
			      "by"), "Li");
	ck_assert_str_eq(fstr(cJSON_GetArrayItem(f, 1), "state"), "open");
	ck_assert_ptr_nonnull(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetArrayItem(f, 1), "waiver_expired"));
	cJSON_Delete(f);
	cJSON_Delete(ne);
	rules_free(rs);
	si_diags_free(&d);
}
END_TEST

START_TEST(tables_lookup)
{
	struct si_diags d = {0};
	struct rule_set *rs = load_fixture("tests/rules/fixtures/sw",
					   &d);
	const char *facts = "{\"device\": {\"name\": \"a1\"}, \"system\": "
		"{\"vendor\": \"testvendor\", \"model\": \"TV-9000-48\", "
		"\"os\": {\"family\": \"tvos\", \"version\": \"15.2(7)E3\"}}}";
	const char *other = "{\"device\": {\"name\": \"a2\"}, \"system\": "
		"{\"vendor\": \"nobody\", \"model\": \"X\", "
		"\"os\": {\"version\": \"1.0\"}}}";
	cJSON *ne, *f;
	char buf[2048];

	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "%s\n", si_error_str(&d.v[i], buf, sizeof(buf)));
	ck_assert_ptr_nonnull(rs);
	f = run(rs, facts, NULL, "2026-01-01", &ne);
	/* T-SW-OLD, and T-SW-ISSUE for the two issues affecting 15.2(7)E3 */
	ck_assert_int_eq(cJSON_GetArraySize(f), 3);
	ck_assert_int_eq(cJSON_GetArraySize(ne), 0);
	ck_assert_str_eq(fstr(cJSON_GetObjectItemCaseSensitive(
				      cJSON_GetArrayItem(f, 0), "message"), "en"),
			 "running 15.2(7)E3, recommended 15.2(7)E9, 2 known "
			 "issues fixed since");
	ck_assert_str_eq(fstr(cJSON_GetArrayItem(f, 1), "object"), "TV-1");
	ck_assert_str_eq(fstr(cJSON_GetArrayItem(f, 1), "severity"), "critical");
	cJSON_Delete(f);
	cJSON_Delete(ne);
	f = run(rs, other, NULL, "2026-01-01", &ne);
	ck_assert_int_eq(cJSON_GetArraySize(f), 0);
	ck_assert_int_eq(cJSON_GetArraySize(ne), 2);
	ck_assert_ptr_nonnull(strstr(fstr(cJSON_GetArrayItem(ne, 0), "reason"),
				     "no software table covers vendor nobody"));
	cJSON_Delete(f);
	cJSON_Delete(ne);
	rules_free(rs);
	si_diags_free(&d);
}
END_TEST

START_TEST(param_override)
{
	struct si_diags d = {0};
	char *dir = rules_builtin_dir();
	const char *paths[] = {dir};
	struct rule_set *rs = rules_load(paths, 1, &d);
	const char *facts = "{\"device\": {\"name\": \"d\"}, "
		"\"environment\": {\"cpu\": {\"load_pct\": 60}}}";
	cJSON *ne, *f;
	int high = 0;

	ck_assert_ptr_nonnull(rs);
	ck_assert_int_eq(rules_set_param(rs, NULL, "no_such_param", 1), 0);
	ck_assert_int_eq(rules_set_param(rs, "generic-environment",
					 "cpu_major_pct", 50), 1);
	f = run(rs, facts, NULL, "2026-01-01", &ne);
	for (int i = 0; i < cJSON_GetArraySize(f); i++)
		high += !strcmp(fstr(cJSON_GetArrayItem(f, i), "rule"),
				"ENV-CPU-HIGH");
	ck_assert_int_eq(high, 1);
	cJSON_Delete(f);
	cJSON_Delete(ne);
	rules_free(rs);
	si_diags_free(&d);
	free(dir);
}
END_TEST

START_TEST(lint_finds_five_mistakes)
{
	struct si_diags d = {0};
	struct rule_set *rs = load_fixture("tests/rules/lint-five-mistakes.yaml",
					   &d);

	ck_assert_ptr_null(rs);
	ck_assert_uint_eq(d.n, 5);
	for (size_t i = 0; i < d.n; i++)
		ck_assert_int_gt(d.v[i].line, 0);
	si_diags_free(&d);
}
END_TEST

/* ---- findings.json: software rows, JSON text, the streamed document ----- */

static cJSON *sw_row(const struct rule_set *rs, const char *version,
		     const char *vendor, const char *today)
{
	char facts[512];
	cJSON *f, *row;

	snprintf(facts, sizeof(facts), "{\"device\": {\"name\": \"a1\"}, "
		 "\"system\": {\"vendor\": \"%s\", \"model\": \"TV-9000-48\", "
		 "\"os\": {\"family\": \"tvos\"%s%s%s}}}", vendor,
		 version ? ", \"version\": \"" : "", version ? version : "",
		 version ? "\"" : "");
	f = cJSON_Parse(facts);
	ck_assert_ptr_nonnull(f);
	row = rules_software(rs, f, today);
	ck_assert_ptr_nonnull(row);
	ck_assert_str_eq(fstr(row, "device"), "a1");
	cJSON_Delete(f);
	return row;
}

static void issue_ids(const cJSON *row, const char *want)
{
	char got[256] = "";
	const cJSON *k;

	cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(row,
							       "known_issues")) {
		if (got[0])
			strcat(got, ",");
		strncat(got, cJSON_GetStringValue(k), 32);
	}
	ck_assert_str_eq(got, want);
}

START_TEST(software_rows)
{
	struct si_diags d = {0};
	struct rule_set *rs = load_fixture("tests/rules/fixtures/sw", &d);
	const cJSON *src;
	cJSON *row;

	ck_assert_ptr_nonnull(rs);
	/* below the minimum, two issues the recommended release fixes */
	row = sw_row(rs, "15.2(7)E3", "testvendor", "2026-01-01");
	ck_assert_str_eq(fstr(row, "status"), "upgrade_advised");
	ck_assert_str_eq(fstr(row, "reason"),
			 "below the minimum release 15.2(7)E5");
	ck_assert_str_eq(fstr(row, "running"), "15.2(7)E3");
	ck_assert_str_eq(fstr(row, "recommended"), "15.2(7)E9");
	ck_assert_str_eq(fstr(row, "minimum"), "15.2(7)E5");
	ck_assert_str_eq(fstr(row, "end_of_support"), "2030-01-31");
	ck_assert_str_eq(fstr(row, "as_of"), "2026-01-01");
	ck_assert_str_eq(fstr(row, "table"), "test-vendor");
	ck_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(row,
								"verified")));
	issue_ids(row, "TV-1,TV-2");
	ck_assert_int_eq(cJSON_GetObjectItemCaseSensitive(
		row, "issues_fixed_by_recommended")->valueint, 2);
	src = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(row,
								  "sources"), 0);
	ck_assert_str_eq(fstr(src, "id"), "made-up");
	ck_assert_str_eq(fstr(src, "url"), "https://example.invalid/");
	cJSON_Delete(row);
	/* above the minimum, below the recommended: TV-2 is fixed there */
	row = sw_row(rs, "15.2(7)E6", "testvendor", "2026-01-01");
	ck_assert_str_eq(fstr(row, "status"), "upgrade_advised");
	ck_assert_str_eq(fstr(row, "reason"), "1 known issue fixed in the "
			 "recommended release 15.2(7)E9");
	issue_ids(row, "TV-2");
	cJSON_Delete(row);
	/* the recommended release, with an issue it has itself */
	row = sw_row(rs, "15.2(7)E9", "testvendor", "2026-01-01");
	ck_assert_str_eq(fstr(row, "status"), "recommended");
	issue_ids(row, "TV-3");
	cJSON_Delete(row);
	row = sw_row(rs, "15.2(7)E10", "testvendor", "2026-01-01");
	ck_assert_str_eq(fstr(row, "status"), "acceptable");
	cJSON_Delete(row);
	/* past the family's end of support */
	row = sw_row(rs, "15.2(7)E9", "testvendor", "2030-02-01");
	ck_assert_str_eq(fstr(row, "status"), "end_of_support");
	cJSON_Delete(row);
	row = sw_row(rs, NULL, "testvendor", "2026-01-01");
	ck_assert_str_eq(fstr(row, "status"), "not_collected");
	ck_assert_ptr_null(cJSON_GetObjectItemCaseSensitive(row, "running"));
	cJSON_Delete(row);
	row = sw_row(rs, "1.0", "nobody", "2026-01-01");
	ck_assert_str_eq(fstr(row, "status"), "unknown");
	ck_assert_str_eq(fstr(row, "running"), "1.0");
	ck_assert_ptr_nonnull(strstr(fstr(row, "reason"),
				     "no software table covers vendor nobody"));
	cJSON_Delete(row);
	rules_free(rs);
	si_diags_free(&d);
}
END_TEST

/* The built-in tables encode their sources: versions at the edges of the
 * affected ranges of the verified known issues (see the tables' notes). */
static const struct {
	const char *vendor, *family, *model, *version, *issues;
} edge_cases[] = {
	{"cisco", "ios-xe", "C9300-48P", "17.9.4", "CVE-2023-20198"},
	{"cisco", "ios-xe", "C9300-48P", "17.9.4a", ""},
	{"cisco", "ios-xe", "C9300-48P", "17.6.6", "CVE-2023-20198"},
	{"cisco", "ios-xe", "C9300-48P", "17.11.1a", "CVE-2023-20198"},
	{"cisco", "ios-xe", "C9300-48P", "17.12.1a", "CVE-2023-20198"},
	{"cisco", "ios-xe", "C9300-48P", "17.12.4", ""},
	{"cisco", "ios-xe", "WS-C3850-48P", "16.12.10", "CVE-2023-20198"},
	{"juniper", "junos", "ex4300-48t", "20.4R3-S8", "CVE-2023-36844"},
	{"juniper", "junos", "ex4300-48t", "20.4R3-S9", ""},
	{"juniper", "junos", "ex4300-48t", "21.1R3-S4", "CVE-2023-36844"},
	{"juniper", "junos", "ex4300-48t", "21.2R3-S6", "CVE-2023-36844"},
	{"juniper", "junos", "ex4300-48t", "22.1R3-S3", "CVE-2023-36844"},
	{"juniper", "junos", "ex4300-48t", "22.3R2-S2", "CVE-2023-36844"},
	{"juniper", "junos", "ex4300-48t", "22.4R3", ""},
	{"juniper", "junos", "ex4300-48t", "23.2R2", ""},
};

START_TEST(builtin_tables_edges)
{
	struct si_diags d = {0};
	char *dir = rules_builtin_dir();
	const char *paths[] = {dir};
	struct rule_set *rs = rules_load(paths, 1, &d);

	ck_assert_ptr_nonnull(rs);
	for (size_t i = 0; i < sizeof(edge_cases) / sizeof(edge_cases[0]); i++) {
		char facts[512];
		cJSON *f, *row;

		snprintf(facts, sizeof(facts), "{\"device\": {\"name\": \"x\"}, "
			 "\"system\": {\"vendor\": \"%s\", \"model\": \"%s\", "
			 "\"os\": {\"family\": \"%s\", \"version\": \"%s\"}}}",
			 edge_cases[i].vendor, edge_cases[i].model,
			 edge_cases[i].family, edge_cases[i].version);
		f = cJSON_Parse(facts);
		row = rules_software(rs, f, "2026-11-28");
		ck_assert_msg(cJSON_GetObjectItemCaseSensitive(row, "table") != NULL,
			      "%s: no table", edge_cases[i].version);
		issue_ids(row, edge_cases[i].issues);
		cJSON_Delete(row);
		cJSON_Delete(f);
	}
	rules_free(rs);
	si_diags_free(&d);
	free(dir);
}
END_TEST

START_TEST(json_text)
{
	static const char *const strs[] = {
		"", "plain", "a \"quoted\" word", "back\\slash", "tab\there",
		"line\nbreak\r\n", "\x01\x1f control", "12345678\"",
		"1234567\\8", "long text without anything to escape at all",
		"中文 UTF-8 — ok", "\x7f del is not escaped",
	};
	static const double nums[] = {0, -0.0, 1, -5, 0.1, 1e20, -1e-7,
				      4294967296.0, 123456789012345.0,
				      3.141592653589793};
	struct sbuf b;

	for (size_t i = 0; i < sizeof(strs) / sizeof(strs[0]); i++) {
		cJSON *v;

		sbuf_init(&b, SBUF_UNLIMITED);
		jt_str(&b, strs[i]);
		v = cJSON_Parse(sbuf_str(&b));
		ck_assert_msg(cJSON_IsString(v), "not JSON: %s", sbuf_str(&b));
		ck_assert_str_eq(v->valuestring, strs[i]);
		cJSON_Delete(v);
		sbuf_free(&b);
	}
	for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
		cJSON *v;

		sbuf_init(&b, SBUF_UNLIMITED);
		jt_num(&b, nums[i]);
		v = cJSON_Parse(sbuf_str(&b));
		ck_assert_msg(cJSON_IsNumber(v), "not JSON: %s", sbuf_str(&b));
		ck_assert(v->valuedouble == nums[i]);
		cJSON_Delete(v);
		sbuf_free(&b);
	}
	sbuf_init(&b, SBUF_UNLIMITED);
	jt_num(&b, -0.0);
	ck_assert_str_eq(sbuf_str(&b), "0");	/* as cJSON prints it */
	sbuf_free(&b);
}
END_TEST

/* The streamed findings.json holds what rules_eval() gives, device by
 * device, and a software row per device; nothing else is left behind. */
START_TEST(findings_doc)
{
	struct si_diags d = {0};
	struct rule_set *rs = load_fixture("tests/rules/fixtures/sw", &d);
	const char *facts[] = {
		"{\"device\": {\"name\": \"a1\"}, \"system\": {\"vendor\": "
		"\"testvendor\", \"model\": \"TV-9000-48\", \"os\": "
		"{\"version\": \"15.2(7)E3\"}}}",
		"{\"device\": {\"name\": \"a2\"}, \"system\": {\"vendor\": "
		"\"nobody\", \"model\": \"X\", \"os\": {\"version\": \"1.0\"}}}",
	};
	char dir[] = "/tmp/test_rules.XXXXXX", *path, *text = NULL;
	struct rules_doc_stats st;
	struct si_error err;
	struct rules_doc *doc;
	struct rules_text t;
	cJSON *head = cJSON_CreateObject(), *got, *want_f, *want_n;
	struct stat sb;
	size_t len;
	DIR *dh;
	struct dirent *de;
	int files = 0;

	ck_assert_ptr_nonnull(rs);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_ge(asprintf(&path, "%s/findings.json", dir), 0);
	cJSON_AddStringToObject(head, "schema", "swinspect.findings/1");
	doc = rules_doc_open(path, head, &err);
	ck_assert_ptr_nonnull(doc);
	want_f = cJSON_CreateArray();
	want_n = cJSON_CreateArray();
	for (int i = 0; i < 2; i++) {
		cJSON *f = cJSON_Parse(facts[i]);

		ck_assert_int_eq(rules_doc_device(doc, rs, f, NULL,
						  "2026-01-01", &err), 0);
		ck_assert_int_eq(rules_eval(rs, f, NULL, "2026-01-01", want_f,
					    want_n, &err), 0);
		cJSON_Delete(f);
	}
	ck_assert_int_eq(rules_doc_close(doc, &st, &err), 0);
	ck_assert_int_eq(st.devices, 2);
	ck_assert_int_eq(st.findings, 3);
	ck_assert_int_eq(st.not_evaluated, 2);
	ck_assert_int_eq(st.open[0], 1);	/* TV-1 is critical */
	ck_assert_int_eq(fs_read_file(path, 1 << 20, &text, &len, &err), 0);
	got = cJSON_Parse(text);
	ck_assert_ptr_nonnull(got);
	ck_assert_str_eq(fstr(got, "schema"), "swinspect.findings/1");
	ck_assert(cJSON_Compare(cJSON_GetObjectItemCaseSensitive(got,
								 "findings"),
				want_f, true));
	ck_assert(cJSON_Compare(cJSON_GetObjectItemCaseSensitive(
					got, "not_evaluated"), want_n, true));
	ck_assert_int_eq(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
				 got, "software")), 2);
	ck_assert_str_eq(fstr(cJSON_GetArrayItem(
		cJSON_GetObjectItemCaseSensitive(got, "software"), 1),
			      "status"), "unknown");
	ck_assert_int_eq(stat(path, &sb), 0);
	ck_assert_int_eq(sb.st_mode & 0777, 0600);
	dh = opendir(dir);
	while ((de = readdir(dh)))
		files += de->d_name[0] != '.';
	closedir(dh);
	ck_assert_int_eq(files, 1);	/* no temporary file left */
	/* a document abandoned leaves nothing */
	unlink(path);
	doc = rules_doc_open(path, head, &err);
	ck_assert_ptr_nonnull(doc);
	rules_doc_abort(doc);
	ck_assert_int_ne(access(path, F_OK), 0);
	/* a device's text that ran out of memory: "out of memory", not an
	 * output failure (exit 70, not 73: DESIGN.md's statuses) */
	doc = rules_doc_open(path, head, &err);
	ck_assert_ptr_nonnull(doc);
	rules_text_init(&t);
	t.findings.nomem = true;
	ck_assert_int_eq(rules_doc_add(doc, &t, NULL, &err), -1);
	ck_assert_str_eq(err.msg, "out of memory");
	ck_assert_int_eq(err.kind, SI_ERR_OTHER);
	rules_text_free(&t);
	rules_doc_abort(doc);
	ck_assert_int_ne(access(path, F_OK), 0);
	ck_assert_int_eq(rmdir(dir), 0);
	cJSON_Delete(got);
	cJSON_Delete(want_f);
	cJSON_Delete(want_n);
	cJSON_Delete(head);
	free(text);
	free(path);
	rules_free(rs);
	si_diags_free(&d);
}
END_TEST

static Suite *rules_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *v = tcase_create("version");
	TCase *e = tcase_create("expr");
	TCase *r = tcase_create("rules");

	tcase_add_test(v, version_table);
	tcase_add_test(v, version_ranges);
	tcase_add_test(v, version_scheme_for_devices);
	tcase_add_test(e, expr_parse_errors);
	tcase_add_test(e, expr_eval_cases);
	tcase_add_test(e, expr_missing_paths_and_evidence);
	tcase_add_test(e, templates);
	tcase_add_test(r, builtin_packs_pass_their_tests);
	tcase_add_test(r, waivers);
	tcase_add_test(r, tables_lookup);
	tcase_add_test(r, lint_finds_five_mistakes);
	tcase_add_test(r, param_override);
	tcase_add_test(r, software_rows);
	tcase_add_test(r, builtin_tables_edges);
	tcase_add_test(r, json_text);
	tcase_add_test(r, findings_doc);
	tcase_set_timeout(r, 60);
	suite_add_tcase(s, v);
	suite_add_tcase(s, e);
	suite_add_tcase(s, r);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(rules_suite());
	int failed;

	setenv("SWINSPECT_DATADIR", srcdir(), 0);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
