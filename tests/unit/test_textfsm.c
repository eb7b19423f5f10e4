/* test_textfsm.c - the TextFSM engine's C API (the records themselves are
 * checked against the reference by tests/textfsm/diff-test.sh). */
#include "config.h"

#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collectors/textfsm.h"
#include "error.h"
#include "sbuf.h"

#ifndef ABS_TOP_SRCDIR
#define ABS_TOP_SRCDIR "."
#endif
#define TEMPLATES ABS_TOP_SRCDIR "/collectors/templates"

static struct textfsm *compile(const char *text, struct si_error *err)
{
	si_error_clear(err);
	return textfsm_compile(text, strlen(text), "t.textfsm", err);
}

static const char INTERFACES[] =
	"Value Filldown Device (\\S+)\n"
	"Value Required Interface (\\S+)\n"
	"Value List Vlans (\\d+)\n"
	"Value Key,Fillup Zone (\\w+)\n"
	"\n"
	"Start\n"
	"  ^device ${Device}\n"
	"  ^interface ${Interface} -> Continue.Record\n"
	"  ^\\s+vlan ${Vlans}\n"
	"  ^zone ${Zone}\n"
	"  ^% -> Error \"device error\"\n";

START_TEST(test_values)
{
	struct si_error err;
	struct textfsm *t = compile(INTERFACES, &err);

	ck_assert_ptr_nonnull(t);
	ck_assert_uint_eq(textfsm_nvalues(t), 4);
	ck_assert_str_eq(textfsm_value_name(t, 2), "Vlans");
	ck_assert_uint_eq(textfsm_value_options(t, 0), TEXTFSM_OPT_FILLDOWN);
	ck_assert_uint_eq(textfsm_value_options(t, 3),
			  TEXTFSM_OPT_KEY | TEXTFSM_OPT_FILLUP);
	ck_assert_int_eq(textfsm_value_index(t, "Zone"), 3);
	ck_assert_int_eq(textfsm_value_index(t, "zone"), -1);
	ck_assert_ptr_null(textfsm_value_name(t, 4));
	textfsm_free(t);
}
END_TEST

START_TEST(test_template_errors)
{
	static const struct {
		const char *text;
		int line;
		const char *msg;
	} cases[] = {
		{"Value A (x)\n\nBegin\n  ^x\n", 0, "Missing state 'Start'."},
		{"Value A (x)\n\nStart\n  ^${A} -> Other\n", 4,
		 "State 'Other' not found, referenced in state 'Start'"},
		{"Value A (x)\nValue A (y)\n\nStart\n", 2,
		 "Duplicate declarations for Value 'A'."},
		{"Value Sticky A (x)\n\nStart\n", 1, "Unknown option \"Sticky\""},
		{"Value A (x)\n\nStart\n   ^x\n", 4,
		 "Missing white space or carat ('^') before rule."},
		{"Value A (x)\n\nStart\n  ^${A}(\n", 4,
		 "Invalid regular expression: '^(?P<A>x)(': missing ), "
		 "unterminated subpattern at position 9."},
		{"Value A (x)\n\nStart\n  ^$B\n", 4,
		 "Duplicate or invalid variable substitution: '^$B'."},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct si_error err;
		struct textfsm *t = compile(cases[i].text, &err);

		ck_assert_msg(t == NULL, "case %zu compiled", i);
		ck_assert_str_eq(err.file, "t.textfsm");
		ck_assert_int_eq(err.line, cases[i].line);
		ck_assert_str_eq(err.msg, cases[i].msg);
	}
}
END_TEST

START_TEST(test_records)
{
	static const char input[] =
		"device sw1\r\n"
		"interface Gi0/1\n"
		"  vlan 10\n"
		"  vlan 20\n"
		"interface Gi0/2\n"
		"zone blue\n";
	struct si_error err;
	struct textfsm *t = compile(INTERFACES, &err);
	struct textfsm_result *r = NULL;
	size_t len;

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(textfsm_parse(t, input, sizeof(input) - 1, "in.txt",
				       NULL, &r, &err), 0);
	/* the first Continue.Record has no Interface yet: dropped */
	ck_assert_uint_eq(textfsm_result_count(r), 2);
	ck_assert_uint_eq(textfsm_result_nvalues(r), 4);
	ck_assert_str_eq(textfsm_result_value_name(r, 1), "Interface");
	ck_assert_str_eq(textfsm_result_str(r, 0, 0, &len), "sw1");
	ck_assert_uint_eq(len, 3);
	ck_assert_str_eq(textfsm_result_str(r, 0, 1, NULL), "Gi0/1");
	ck_assert_int_eq(textfsm_result_kind(r, 0, 2), TEXTFSM_CELL_LIST);
	ck_assert_str_eq(textfsm_result_str(r, 0, 2, &len), "");
	/* Fillup reached back into both records */
	ck_assert_str_eq(textfsm_result_str(r, 0, 3, NULL), "blue");
	ck_assert_str_eq(textfsm_result_str(r, 1, 3, NULL), "blue");
	ck_assert_str_eq(textfsm_result_str(r, 5, 0, NULL), "");
	textfsm_result_free(r);
	textfsm_free(t);
}
END_TEST

START_TEST(test_json)
{
	static const char tpl[] =
		"Value Name (.*)\n"
		"Value List Pairs ((?P<k>\\w+)=(?P<v>\\w+)?)\n"
		"\n"
		"Start\n"
		"  ^name ${Name}\n"
		"  ^pair ${Pairs}\n";
	static const char input[] = "name a\"b\x00" "c\tq\npair x=1\n"
				    "pair y=\n";
	struct si_error err;
	struct textfsm *t = compile(tpl, &err);
	struct textfsm_result *r = NULL;
	struct sbuf out;
	cJSON *j;
	char *txt;

	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(textfsm_parse(t, input, sizeof(input) - 1, "in",
				       NULL, &r, &err), 0);
	sbuf_init(&out, SBUF_UNLIMITED);
	ck_assert_int_eq(textfsm_result_write_json(r, &out), 0);
	ck_assert_str_eq(sbuf_str(&out),
			 "[\n  {\"Name\": \"a\\\"b\\u0000c\\tq\", \"Pairs\": "
			 "[{\"k\": \"x\", \"v\": \"1\"}, {\"k\": \"y\", "
			 "\"v\": null}]}\n]\n");
	sbuf_free(&out);
	j = textfsm_result_to_cjson(r);
	ck_assert_ptr_nonnull(j);
	txt = cJSON_PrintUnformatted(j);
	ck_assert_str_eq(txt, "[{\"Name\":\"a\\\"b\xef\xbf\xbd" "c\\tq\","
			      "\"Pairs\":[{\"k\":\"x\",\"v\":\"1\"},"
			      "{\"k\":\"y\",\"v\":null}]}]");
	free(txt);
	cJSON_Delete(j);
	textfsm_result_free(r);
	textfsm_free(t);
}
END_TEST

START_TEST(test_error_action)
{
	struct si_error err;
	struct textfsm *t = compile(INTERFACES, &err);
	struct textfsm_result *r = NULL;
	static const char input[] = "device a\n% Invalid input\n";

	ck_assert_int_eq(textfsm_parse(t, input, sizeof(input) - 1, "in.txt",
				       NULL, &r, &err), TEXTFSM_EINPUT);
	ck_assert_ptr_null(r);
	ck_assert_str_eq(err.file, "in.txt");
	ck_assert_int_eq(err.line, 2);
	ck_assert_str_eq(err.msg, "Error: \"device error\". Rule Line: 11. "
				  "Input Line: % Invalid input.");
	textfsm_free(t);
}
END_TEST

START_TEST(test_limits)
{
	struct si_error err;
	struct textfsm_limits lim;
	struct textfsm_result *r = NULL;
	struct textfsm *t = compile("Value A (\\S+)\n\nStart\n"
				    "  ^${A} -> Record\n", &err);
	struct textfsm *evil = compile("Value A ((\\w+\\s?)+)\n\nStart\n"
				       "  ^${A}$$\n", &err);
	char many[4000], bad[64];
	size_t i;

	for (i = 0; i + 2 <= sizeof(many); i += 2)
		/* NOLINTNEXTLINE(bugprone-not-null-terminated-result): lines */
		memcpy(many + i, "x\n", 2);
	textfsm_limits_default(&lim);
	lim.max_records = 100;
	ck_assert_int_eq(textfsm_parse(t, many, sizeof(many), "many", &lim,
				       &r, &err), TEXTFSM_ELIMIT);
	ck_assert_int_eq(err.line, 101);
	memset(bad, 'a', sizeof(bad));
	bad[sizeof(bad) - 1] = '!';
	ck_assert_int_eq(textfsm_parse(evil, bad, sizeof(bad), "bad", NULL,
				       &r, &err), TEXTFSM_ELIMIT);
	ck_assert_ptr_nonnull(strstr(err.msg, "t.textfsm:4"));
	/* empty input: nothing at all */
	ck_assert_int_eq(textfsm_parse(t, NULL, 0, "empty", NULL, &r, &err),
			 0);
	ck_assert_uint_eq(textfsm_result_count(r), 0);
	textfsm_result_free(r);
	textfsm_free(t);
	textfsm_free(evil);
}
END_TEST

START_TEST(test_load_errors)
{
	struct si_error err;

	si_error_clear(&err);
	ck_assert_ptr_null(textfsm_load("/nonexistent/x.textfsm", &err));
	ck_assert_int_eq(err.line, 0);
	ck_assert_str_eq(err.file, "/nonexistent/x.textfsm");
}
END_TEST

START_TEST(test_library)
{
	const char *dirs[] = {"/nonexistent", TEMPLATES};
	struct si_error err;
	struct textfsm_lib *lib;
	struct textfsm_index *ix;
	const struct textfsm *a, *b;
	char *p;

	p = textfsm_find(dirs, 2, "cisco_ios_show_version");
	ck_assert_str_eq(p, TEMPLATES "/cisco_ios_show_version.textfsm");
	free(p);
	ck_assert_ptr_null(textfsm_find(dirs, 2, "no_such_template"));

	ix = textfsm_index_load(TEMPLATES "/index", &err);
	ck_assert_ptr_nonnull(ix);
	ck_assert_str_eq(textfsm_index_lookup(ix, "huawei", "dis cpu"),
			 "huawei_vrp_display_cpu-usage.textfsm");
	ck_assert_str_eq(textfsm_index_lookup(ix, "cisco_xe", "sh env all"),
			 "cisco_ios_show_environment.textfsm");
	ck_assert_ptr_null(textfsm_index_lookup(ix, "cisco_iosxr", "show ver"));
	textfsm_index_free(ix);

	lib = textfsm_lib_new(dirs, 2, &err);
	ck_assert_ptr_nonnull(lib);
	p = textfsm_lib_lookup(lib, "juniper_junos", "show chassis hardware");
	ck_assert_str_eq(p, TEMPLATES "/juniper_junos_show_chassis_hardware"
				      ".textfsm");
	a = textfsm_lib_get(lib, p, &err);
	b = textfsm_lib_get(lib, p, &err);
	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_eq(a, b);	/* compiled once */
	free(p);
	textfsm_lib_free(lib);
}
END_TEST

struct worker {
	const struct textfsm *t;
	const char *input;
	size_t len;
	size_t records;
	int rc;
};

static void *work(void *arg)
{
	struct worker *w = arg;
	struct si_error err;
	int i;

	for (i = 0; i < 50 && !w->rc; i++) {
		struct textfsm_result *r = NULL;

		w->rc = textfsm_parse(w->t, w->input, w->len, "in", NULL, &r,
				      &err);
		if (!w->rc)
			w->records = textfsm_result_count(r);
		textfsm_result_free(r);
	}
	return NULL;
}

START_TEST(test_threads)
{
	struct si_error err;
	struct textfsm *t = compile(INTERFACES, &err);
	struct sbuf in;
	struct worker w[4];
	pthread_t th[4];
	int i;

	sbuf_init(&in, SBUF_UNLIMITED);
	for (i = 0; i < 500; i++)
		sbuf_addf(&in, "device d%d\ninterface e%d\n  vlan %d\n", i, i,
			  i);
	for (i = 0; i < 4; i++) {
		w[i] = (struct worker){t, in.s, in.len, 0, 0};
		ck_assert_int_eq(pthread_create(&th[i], NULL, work, &w[i]), 0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		ck_assert_int_eq(w[i].rc, 0);
		ck_assert_uint_eq(w[i].records, 500);
	}
	sbuf_free(&in);
	textfsm_free(t);
}
END_TEST

START_TEST(test_cli_usage)
{
	char *argv[] = {(char *)"parse", NULL};
	int saved = dup(2);
	FILE *null = fopen("/dev/null", "w");

	/* usage goes to stderr: keep the test log clean */
	fflush(stderr);
	dup2(fileno(null), 2);
	ck_assert_int_eq(textfsm_cli(1, argv), 64);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	fclose(null);
}
END_TEST

static Suite *textfsm_suite(void)
{
	Suite *s = suite_create("textfsm");
	TCase *tc = tcase_create("api");

	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_template_errors);
	tcase_add_test(tc, test_records);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_error_action);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_load_errors);
	tcase_add_test(tc, test_library);
	tcase_add_test(tc, test_threads);
	tcase_add_test(tc, test_cli_usage);
	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(textfsm_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
