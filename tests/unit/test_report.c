/* Unit tests of report/: escaping, CSV cells, typed input access, UTF-8
 * repair, redaction, the comparison by finding identity, trends, the
 * archive, atomic writing and malformed inputs. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "fsutil.h"
#include "jsonio.h"
#include "report/html.h"
#include "report/report.h"
#include "report/report_int.h"
#include "sbuf.h"

static char *escape(const char *s)
{
	struct sbuf b;

	sbuf_init(&b, SBUF_UNLIMITED);
	html_escape(&b, s);
	return sbuf_steal(&b);
}

#define ck_escape(in, want)                                             \
	do {                                                            \
		char *got_ = escape(in);                                \
		ck_assert_str_eq(got_, want);                           \
		free(got_);                                             \
	} while (0)

START_TEST(escape_markup_and_quotes)
{
	ck_escape("<script>alert('x')</script>",
		  "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
	ck_escape("a & \"b\"", "a &amp; &quot;b&quot;");
	ck_escape("plain text 中文", "plain text 中文");
	ck_escape("", "");
	ck_escape(NULL, "");
}
END_TEST

START_TEST(escape_controls_bidi_and_bad_utf8)
{
	/* controls are shown, not passed; newline and tab stay */
	ck_escape("a\x1b[31mb\x07", "a[U+001B][31mb[U+0007]");
	ck_escape("l1\r\nl2\tx\x7f", "l1\nl2\tx[U+007F]");
	/* bidi overrides and zero-width characters are made visible */
	/* NOLINTNEXTLINE(misc-misleading-bidirectional): the case tested */
	ck_escape("abc\xe2\x80\xae" "def", "abc[U+202E]def");
	ck_escape("a\xe2\x80\x8b" "b", "a[U+200B]b");
	/* invalid UTF-8: each bad byte becomes U+FFFD */
	ck_escape("x\xff\xfey", "x\xef\xbf\xbd\xef\xbf\xbdy");
	ck_escape("\xc3(", "\xef\xbf\xbd(");
	ck_escape("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
}
END_TEST

static char *cell(const char *s)
{
	struct sbuf b;

	sbuf_init(&b, SBUF_UNLIMITED);
	report_csv_cell(&b, s);
	return sbuf_steal(&b);
}

#define ck_cell(in, want)                                               \
	do {                                                            \
		char *got_ = cell(in);                                  \
		ck_assert_str_eq(got_, want);                           \
		free(got_);                                             \
	} while (0)

START_TEST(csv_cells_are_quoted_and_inert)
{
	ck_cell("plain", "\"plain\"");
	ck_cell("say \"hi\", ok", "\"say \"\"hi\"\", ok\"");
	ck_cell("=1+1", "\"'=1+1\"");
	ck_cell("+SUM(A1)", "\"'+SUM(A1)\"");
	ck_cell("-2", "\"'-2\"");
	ck_cell("@x", "\"'@x\"");
	/* a control character in front does not hide the formula */
	ck_cell("\x01=cmd", "\"'=cmd\"");
	ck_cell("a\x07" "b\nc", "\"ab\nc\"");
	ck_cell(NULL, "\"\"");
}
END_TEST

START_TEST(typed_access_refuses_wrong_types)
{
	cJSON *o = cJSON_Parse("{\"s\":\"x\",\"e\":\"\",\"n\":5,\"big\":1e999,"
			       "\"a\":[1],\"b\":true,\"t\":\"2026-11-28T10:00:00Z\","
			       "\"t2\":\"2026-11-28 10:00\"}");
	cJSON *dst = cJSON_CreateObject();
	double v;

	ck_assert_str_eq(rj_str(o, "s"), "x");
	ck_assert_ptr_null(rj_str(o, "e"));	/* empty is absent */
	ck_assert_ptr_null(rj_str(o, "n"));
	ck_assert(rj_num(o, "n", &v) && v == 5);
	ck_assert(!rj_num(o, "big", &v));	/* infinity is not a number */
	ck_assert(!rj_num(o, "s", &v));
	ck_assert_ptr_nonnull(rj_arr(o, "a"));
	ck_assert_ptr_null(rj_arr(o, "s"));
	ck_assert_ptr_null(rj_get(rj_get(o, "a"), "x"));
	rj_copy_num(dst, "pct", o, "n", 0, 4);	/* out of range: left out */
	ck_assert_ptr_null(rj_get(dst, "pct"));
	rj_copy_bool(dst, "b", o, "b");
	ck_assert(cJSON_IsTrue(rj_get(dst, "b")));
	ck_assert(rj_is_time(rj_str(o, "t")));
	ck_assert(!rj_is_time(rj_str(o, "t2")));
	ck_assert(rj_is_time("2026-11-28T10:00:00.5+08:00"));
	ck_assert(!rj_is_time("2026-11-28T10:00:00+0800"));
	cJSON_Delete(o);
	cJSON_Delete(dst);
}
END_TEST

START_TEST(texts_and_identity)
{
	cJSON *f = cJSON_Parse("{\"rule\":\"R\",\"device\":\"d\",\"object\":\"o\","
			       "\"title\":{\"zh-CN\":\"中文\"},\"m\":\"plain\"}");
	cJSON *t = rj_text(rj_get(f, "title"));
	char *id = rj_identity(f);

	/* a text only in Chinese still has an en (its fallback) */
	ck_assert_str_eq(rj_str(t, "en"), "中文");
	ck_assert_str_eq(rj_text_in(rj_get(f, "m"), "zh-CN"), "plain");
	ck_assert_str_eq(id, "R\x1f" "d\x1fo");
	free(id);
	cJSON_DeleteItemFromObject(f, "device");
	ck_assert_ptr_null(rj_identity(f));
	cJSON_Delete(t);
	cJSON_Delete(f);
}
END_TEST

START_TEST(utf8_repair_of_values_and_keys)
{
	cJSON *o = cJSON_CreateObject();
	char *text;

	cJSON_AddStringToObject(o, "ok", "中文");
	cJSON_AddStringToObject(o, "bad\xff", "v\xc3(");
	ck_assert_uint_eq(rj_repair_utf8(o), 2);
	text = cJSON_PrintUnformatted(o);
	ck_assert_str_eq(text, "{\"ok\":\"中文\",\"bad\xef\xbf\xbd\":"
			       "\"v\xef\xbf\xbd(\"}");
	cJSON_free(text);
	ck_assert_uint_eq(rj_repair_utf8(o), 0);
	cJSON_Delete(o);
}
END_TEST

START_TEST(secret_paths)
{
	ck_assert(rj_secret_path("config.snmp.communities[0].name"));
	ck_assert(rj_secret_path("aaa.password"));
	ck_assert(rj_secret_path("x.auth_key"));
	ck_assert(!rj_secret_path("system.os.version"));
	ck_assert(!rj_secret_path("config.ssh_enabled"));
	ck_assert(!rj_secret_path(NULL));
}
END_TEST

/* ---- comparison ---------------------------------------------------------- */

static cJSON *doc(const char *json)
{
	cJSON *d = cJSON_Parse(json);

	ck_assert_ptr_nonnull(d);
	return d;
}

static const char *change_of(const cJSON *cmp, const char *rule,
			     const char *dev, const char *obj)
{
	const cJSON *f;

	cJSON_ArrayForEach(f, rj_get(cmp, "findings"))
		if (strcmp(rj_str(f, "rule"), rule) == 0 &&
		    strcmp(rj_str(f, "device"), dev) == 0 &&
		    strcmp(rj_get(f, "object")->valuestring, obj) == 0)
			return rj_str(f, "change");
	return NULL;
}

START_TEST(compare_by_identity)
{
	cJSON *prev = doc(
		"{\"generated_at\":\"2026-08-20T00:00:00Z\","
		"\"inspection\":{\"period\":\"2026-Q3\",\"started_at\":\"2026-08-20T00:00:00Z\"},"
		"\"findings\":["
		"{\"rule\":\"A\",\"device\":\"d1\",\"object\":\"x\",\"severity\":\"minor\",\"category\":\"site\"},"
		"{\"rule\":\"B\",\"device\":\"d1\",\"object\":\"\",\"severity\":\"major\",\"category\":\"site\"},"
		"{\"rule\":\"C\",\"device\":\"d2\",\"object\":\"\",\"severity\":\"major\",\"category\":\"site\"},"
		"{\"rule\":\"D\",\"device\":\"gone\",\"object\":\"\",\"severity\":\"info\",\"category\":\"site\"},"
		"{\"rule\":\"F\",\"device\":\"d1\",\"object\":\"fan\",\"severity\":\"major\",\"category\":\"site\"}],"
		"\"devices\":[{\"name\":\"d1\",\"reached\":true,\"status\":\"ok\",\"identity\":{\"os_version\":\"1.0\"},"
		"\"summary\":{\"cpu_load_pct\":10}},"
		"{\"name\":\"d2\",\"reached\":true,\"status\":\"ok\",\"identity\":{\"os_version\":\"2.0\"}},"
		"{\"name\":\"gone\",\"reached\":true,\"status\":\"ok\",\"identity\":{}}],"
		"\"hardware_inventory\":[{\"device\":\"d1\",\"kind\":\"psu\",\"serial\":\"OLD\"}]}");
	cJSON *rep = doc(
		"{\"generated_at\":\"2026-11-28T00:00:00Z\","
		"\"inspection\":{\"period\":\"2026-Q4\",\"started_at\":\"2026-11-28T00:00:00Z\"},"
		"\"findings\":["
		"{\"rule\":\"A\",\"device\":\"d1\",\"object\":\"x\",\"severity\":\"major\",\"category\":\"site\"},"
		"{\"rule\":\"A\",\"device\":\"d1\",\"object\":\"y\",\"severity\":\"minor\",\"category\":\"site\"},"
		"{\"rule\":\"E\",\"device\":\"new\",\"object\":\"\",\"severity\":\"minor\",\"category\":\"site\"}],"
		"\"not_evaluated\":[{\"rule\":\"F\",\"device\":\"d1\",\"missing\":[\"environment.fans\"]}],"
		"\"devices\":[{\"name\":\"d1\",\"reached\":true,\"status\":\"ok\",\"identity\":{\"os_version\":\"1.1\"},"
		"\"summary\":{\"cpu_load_pct\":30}},"
		"{\"name\":\"d2\",\"reached\":false,\"status\":\"timeout\",\"identity\":{}},"
		"{\"name\":\"new\",\"reached\":true,\"status\":\"ok\",\"identity\":{}}],"
		"\"hardware_inventory\":[{\"device\":\"d1\",\"kind\":\"psu\",\"serial\":\"NEW\"}]}");
	const cJSON *cmp, *f, *t;

	ck_assert_int_eq(report_compare(rep, prev, "previous", "p.json"), 0);
	cmp = rj_get(rep, "comparison");
	ck_assert_str_eq(change_of(cmp, "A", "d1", "x"), "persisting");
	/* the same rule on another object is another finding */
	ck_assert_str_eq(change_of(cmp, "A", "d1", "y"), "new");
	ck_assert_str_eq(change_of(cmp, "B", "d1", ""), "resolved");
	/* not reached now, or gone: nobody looked, so not "resolved" */
	ck_assert_str_eq(change_of(cmp, "C", "d2", ""), "unverified");
	ck_assert_str_eq(change_of(cmp, "D", "gone", ""), "unverified");
	ck_assert_str_eq(change_of(cmp, "E", "new", ""), "new");
	/* reached, but the facts the rule needs are missing now */
	ck_assert_str_eq(change_of(cmp, "F", "d1", "fan"), "unverified");
	ck_assert_int_eq(rj_get(rj_get(cmp, "counts"), "new")->valueint, 2);
	ck_assert_int_eq(rj_get(rj_get(cmp, "counts"), "persisting")->valueint, 1);
	/* the severity change of the persisting finding */
	cJSON_ArrayForEach(f, rj_get(cmp, "findings"))
		if (strcmp(rj_str(f, "change"), "persisting") == 0)
			ck_assert_str_eq(rj_str(f, "previous_severity"), "minor");
	/* the new object of the same rule is a new finding */
	cJSON_ArrayForEach(f, rj_get(rep, "findings"))
		if (strcmp(rj_get(f, "object")->valuestring, "y") == 0)
			ck_assert_str_eq(rj_str(f, "change"), "new");
	f = rj_get(cmp, "versions")->child;
	ck_assert_str_eq(rj_str(f, "from"), "1.0");
	ck_assert_str_eq(rj_str(f, "to"), "1.1");
	ck_assert_str_eq(rj_get(cmp, "devices_added")->child->valuestring, "new");
	ck_assert_str_eq(rj_get(cmp, "devices_gone")->child->valuestring, "gone");
	ck_assert_str_eq(rj_str(rj_get(cmp, "parts_added")->child, "serial"), "NEW");
	ck_assert_str_eq(rj_str(rj_get(cmp, "parts_removed")->child, "serial"), "OLD");
	ck_assert_str_eq(rj_str(rj_get(cmp, "status_changes")->child, "to"), "timeout");
	t = rj_get(cmp, "trends")->child;
	ck_assert_str_eq(rj_str(t, "metric"), "cpu_load_pct");
	ck_assert(rj_get(t, "delta")->valuedouble == 20);
	ck_assert_int_eq(cJSON_GetArraySize(rj_get(t, "points")), 2);
	cJSON_Delete(prev);
	cJSON_Delete(rep);
}
END_TEST

/* Each report carries the previous one's series: at most 8 points. */
START_TEST(trends_accumulate_and_stop_at_eight)
{
	cJSON *prev = NULL, *rep;
	char buf[512];

	for (int q = 0; q < 12; q++) {
		snprintf(buf, sizeof(buf),
			 "{\"generated_at\":\"2026-01-%02dT00:00:00Z\","
			 "\"inspection\":{\"started_at\":\"2026-01-%02dT00:00:00Z\"},"
			 "\"findings\":[],\"hardware_inventory\":[],"
			 "\"devices\":[{\"name\":\"d\",\"reached\":true,"
			 "\"summary\":{\"temperature_max_c\":%d}}]}",
			 q + 1, q + 1, 30 + q);
		rep = doc(buf);
		if (prev) {
			ck_assert_int_eq(report_compare(rep, prev, "previous",
							NULL), 0);
			cJSON_Delete(prev);
		}
		prev = rep;
	}
	ck_assert_int_eq(cJSON_GetArraySize(rj_get(
		rj_get(rj_get(prev, "comparison"), "trends")->child, "points")), 8);
	ck_assert(rj_get(rj_get(rj_get(rj_get(prev, "comparison"), "trends")->child,
				"points")->child, "value")->valuedouble == 34);
	cJSON_Delete(prev);
}
END_TEST

/* ---- files ------------------------------------------------------------------ */

static char tmpdir[64];

static void make_tmp(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_report.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void put(const char *rel, const char *text)
{
	char path[512];
	struct si_error err;
	char *dir, *slash;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, rel);
	dir = strdup(path);
	slash = strrchr(dir, '/');
	*slash = '\0';
	ck_assert_int_eq(fs_mkdirs(dir, 0700, &err), 0);
	free(dir);
	ck_assert_int_eq(fs_write_atomic(path, text, strlen(text), &err), 0);
}

static void rm_tmp(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	/* NOLINTNEXTLINE(cert-env33-c): removes the test's own mkdtemp folder */
	ck_assert_int_eq(system(cmd), 0);
}

static const char minimal_findings[] =
	"{\"schema\":\"swinspect.findings/1\",\"findings\":[],"
	"\"not_evaluated\":[],\"packs\":[],\"rules\":[]}";

static void archived(const char *name, const char *site, const char *at)
{
	char text[512], rel[128];

	snprintf(text, sizeof(text),
		 "{\"schema\":\"swinspect.report/1\",\"generated_at\":\"%s\","
		 "\"inspection\":{\"customer\":\"C\",\"site\":\"%s\","
		 "\"started_at\":\"%s\",\"period\":\"%s\"},"
		 "\"findings\":[],\"devices\":[]}", at, site, at, name);
	snprintf(rel, sizeof(rel), "archive/%s", name);
	put(rel, text);
}

START_TEST(archive_picks_the_newest_earlier_report_of_the_site)
{
	cJSON *rep = doc("{\"generated_at\":\"2026-11-28T00:00:00Z\","
			 "\"inspection\":{\"customer\":\"C\",\"site\":\"S\","
			 "\"started_at\":\"2026-11-28T00:00:00Z\"}}");
	char dir[128], *found;
	struct si_error err;

	make_tmp();
	archived("q2.json", "S", "2026-05-01T00:00:00Z");
	archived("q3.json", "S", "2026-08-01T00:00:00Z");
	archived("other.json", "T", "2026-10-01T00:00:00Z");
	archived("future.json", "S", "2027-02-01T00:00:00Z");
	archived("same.json", "S", "2026-11-28T00:00:00Z");
	put("archive/junk.json", "not json");
	put("archive/q1/report.json", "{\"schema\":\"swinspect.report/1\","
	    "\"generated_at\":\"2026-02-01T00:00:00Z\"}");
	snprintf(dir, sizeof(dir), "%s/archive", tmpdir);
	found = report_archive_find(dir, rep);
	ck_assert_ptr_nonnull(found);
	ck_assert_ptr_nonnull(strstr(found, "q3.json"));
	free(found);
	/* storing names the file after the inspection */
	ck_assert_int_eq(report_archive_store(dir, rep, &err), 0);
	snprintf(dir, sizeof(dir), "%s/archive/20261128T000000Z.report.json",
		 tmpdir);
	ck_assert(fs_exists(dir));
	snprintf(dir, sizeof(dir), "%s/none", tmpdir);
	ck_assert_ptr_null(report_archive_find(dir, rep));
	cJSON_Delete(rep);
	rm_tmp();
}
END_TEST

START_TEST(write_is_whole_and_private)
{
	struct report_opts o = {.lang = "en,zh-CN"};
	struct si_error err;
	char out[128], path[256];
	static const char *const files[] = {
		"report.json", "report.html", "report.zh-CN.html",
		"report-findings.csv", "report-inventory.csv", NULL,
	};
	struct stat st;

	make_tmp();
	put("out/findings.json", minimal_findings);
	put("out/devices/d1/facts.json",
	    "{\"schema\":\"swinspect.facts/1\",\"device\":{\"name\":\"d1\"},"
	    "\"collected_at\":\"2026-11-28T00:00:00Z\","
	    "\"sources\":{\"snmp\":{\"status\":\"ok\"}}}");
	snprintf(out, sizeof(out), "%s/out", tmpdir);
	o.out = out;
	ck_assert_int_eq(report_write(&o, &err), 0);
	for (int i = 0; files[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", out, files[i]);
		ck_assert_int_eq(stat(path, &st), 0);
		ck_assert_int_eq(st.st_mode & 0777, 0600);
	}
	/* an unreadable previous report: nothing is written, the old
	 * files stay */
	snprintf(path, sizeof(path), "%s/report.json", out);
	unlink(path);
	o.previous = "/nonexistent/report.json";
	ck_assert_int_eq(report_write(&o, &err), REPORT_EBADINPUT);
	ck_assert(!fs_exists(path));
	rm_tmp();
}
END_TEST

START_TEST(bad_inputs_are_reported_not_crashed_on)
{
	struct si_error err;
	int rc;
	cJSON *rep;

	make_tmp();
	rep = report_build(tmpdir, &err, &rc);	/* no findings.json */
	ck_assert_ptr_null(rep);
	ck_assert_int_eq(rc, REPORT_EBADINPUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "swinspect check"));
	put("findings.json", "[1,2,3]");
	ck_assert_ptr_null(report_build(tmpdir, &err, &rc));
	ck_assert_int_eq(rc, REPORT_EBADINPUT);
	put("findings.json", "{\"findings\": [\"x\", {\"rule\": 1}, "
	    "{\"rule\":\"R\",\"device\":\"d\",\"severity\":\"minor\","
	    "\"category\":\"site\",\"evidence\":{}}]}");
	put("devices/d/facts.json", "{\"sources\": 5, \"system\": [], "
	    "\"environment\": {\"temperatures\": {}, \"fans\": [1, null]}}");
	put("inspection.json", "{\"devices\": 3, \"started_at\": 7}");
	rep = report_build(tmpdir, &err, &rc);
	ck_assert_ptr_nonnull(rep);
	ck_assert_int_eq(rc, 0);
	ck_assert_int_eq(cJSON_GetArraySize(rj_get(rep, "findings")), 1);
	ck_assert_int_eq(rj_get(rj_get(rep, "summary"), "findings_malformed")
				 ->valueint, 2);
	ck_assert_str_eq(rj_str(rj_get(rep, "devices")->child, "status"),
			 "error");
	cJSON_Delete(rep);
	rm_tmp();
}
END_TEST

static Suite *report_suite(void)
{
	Suite *s = suite_create("report");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, escape_markup_and_quotes);
	tcase_add_test(tc, escape_controls_bidi_and_bad_utf8);
	tcase_add_test(tc, csv_cells_are_quoted_and_inert);
	tcase_add_test(tc, typed_access_refuses_wrong_types);
	tcase_add_test(tc, texts_and_identity);
	tcase_add_test(tc, utf8_repair_of_values_and_keys);
	tcase_add_test(tc, secret_paths);
	tcase_add_test(tc, compare_by_identity);
	tcase_add_test(tc, trends_accumulate_and_stop_at_eight);
	tcase_add_test(tc, archive_picks_the_newest_earlier_report_of_the_site);
	tcase_add_test(tc, write_is_whole_and_private);
	tcase_add_test(tc, bad_inputs_are_reported_not_crashed_on);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(report_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
