/* Unit tests of the site checklist (agent/site.c): the built-in checklist,
 * every mistake of a checklist or an answers file reported with its
 * file:line:column in one run, typed answers, photos by their first bytes,
 * the dew point, and writing then reading hostile texts back. */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent/site.h"
#include "error.h"
#include "log.h"

static char tmpdir[64];

static const char *srcdir(void)
{
	const char *s = getenv("top_srcdir");

	return s && *s ? s : ABS_TOP_SRCDIR;
}

static char *write_tmp(const char *name, const void *data, size_t n)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, n, f), n);
	fclose(f);
	return path;
}

static char *write_text(const char *name, const char *text)
{
	return write_tmp(name, text, strlen(text));
}

static void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/swi-site-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	setenv("SWINSPECT_DATADIR", srcdir(), 0);
	log_setup(LOG_LVL_ERROR, NULL);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	/* NOLINTNEXTLINE(cert-env33-c): removes the test's own mkdtemp folder */
	ck_assert_int_eq(system(cmd), 0);
}

static struct checklist *builtin(void)
{
	struct si_diags d = {0};
	char *path = checklist_builtin_path(NULL);
	struct checklist *cl = checklist_load(path, &d);

	ck_assert_msg(cl, "built-in checklist: %s", d.n ? d.v[0].msg : "?");
	si_diags_free(&d);
	free(path);
	return cl;
}

/* "line:col: message" of every diagnostic, one per line. */
static char *diags_text(const struct si_diags *d)
{
	static char buf[8192];
	size_t n = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < d->n && n < sizeof(buf) - 600; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%d:%d: %s\n",
				      d->v[i].line, d->v[i].col, d->v[i].msg);
	return buf;
}

START_TEST(builtin_checklist_loads)
{
	struct checklist *cl = builtin();
	bool temp = false, rh = false;

	ck_assert_str_eq(cl->name, "default");
	ck_assert_uint_ge(cl->nitems, 15);
	for (size_t i = 0; i < cl->nitems; i++) {
		ck_assert_ptr_nonnull(cl->items[i].question.en);
		ck_assert_ptr_nonnull(cl->items[i].question.zh);
		if (strcmp(cl->items[i].id, "room_temp_c") == 0)
			temp = cl->items[i].required &&
			       cl->items[i].type == ST_NUMBER;
		if (strcmp(cl->items[i].id, "room_rh_pct") == 0)
			rh = cl->items[i].has_max && cl->items[i].max == 100;
	}
	ck_assert(temp && rh);
	ck_assert_uint_eq(cl->nderived, 1);
	checklist_free(cl);
}
END_TEST

START_TEST(checklist_mistakes_located)
{
	static const char text[] =
		"checklist: my-room\n"			/* 1 */
		"version: \"1\"\n"			/* 2 */
		"title: {en: Room, zh-CN: 机房}\n"	/* 3 */
		"items:\n"				/* 4 */
		"  - id: temp\n"			/* 5 */
		"    question: {en: Temperature}\n"	/* 6: no zh-CN */
		"    type: numbr\n"			/* 7: unknown type */
		"  - id: temp\n"			/* 8: duplicate */
		"    question: {en: T, zh-CN: 温度}\n"
		"    type: choice\n"			/* 10: no options */
		"  - id: ok_one\n"			/* 11 */
		"    question: {en: Q, zh-CN: 问}\n"
		"    type: yesno\n"
		"    unit: C\n"				/* 14: unit on yesno */
		"    requird: true\n";			/* 15: unknown key */
	struct si_diags d = {0};
	struct checklist *cl = checklist_load(write_text("cl.yaml", text), &d);
	const char *all = diags_text(&d);

	ck_assert_ptr_null(cl);
	ck_assert_msg(strstr(all, "6:15: an item question needs 'zh-CN'"), "%s", all);
	ck_assert_msg(strstr(all, "7:11: unknown type 'numbr'"), "%s", all);
	ck_assert_msg(strstr(all, "8:9: item id 'temp' is used twice"), "%s", all);
	ck_assert_msg(strstr(all, "a choice item needs 'options'"), "%s", all);
	ck_assert_msg(strstr(all, "14:5: 'unit' is only for items of type number"), "%s", all);
	ck_assert_msg(strstr(all, "15:5: unknown key 'requird' in an item; did you mean 'required'?"), "%s", all);
	ck_assert_uint_eq(d.n, 6);
	si_diags_free(&d);
}
END_TEST

START_TEST(answers_mistakes_located)
{
	static const char text[] =
		"engineer: Zhang Wei\n"			/* 1 */
		"date: 2026-02-30\n"			/* 2: no such day */
		"acknowledgement: {name: Li Na, date: 28/11/2026}\n" /* 3 */
		"answers:\n"				/* 4 */
		"  room_temp: 24\n"			/* 5: unknown id */
		"  room_rh_pct: \"45\"\n"		/* 6: quoted number */
		"  dust: filthy\n"			/* 7: not a choice */
		"  ups_present: maybe\n"		/* 8: not yes/no */
		"  ups_runtime_min: 5000\n"		/* 9: out of range */
		"  photos: [missing.jpg]\n";		/* 10: no such file */
	struct checklist *cl = builtin();
	struct si_diags d = {0};
	struct site_doc *s = site_load(write_text("site.yaml", text), cl,
				       true, &d);
	const char *all = diags_text(&d);

	ck_assert_ptr_null(s);
	ck_assert_msg(strstr(all, "2:7: 'date' must be a date YYYY-MM-DD, not '2026-02-30'"), "%s", all);
	ck_assert_msg(strstr(all, "3:38: 'date' must be a date"), "%s", all);
	ck_assert_msg(strstr(all, "5:3: 'room_temp' is not an item of checklist 'default'; did you mean 'room_class'?") ||
		      strstr(all, "5:3: 'room_temp' is not an item of checklist 'default'; did you mean 'room_temp_c'?"), "%s", all);
	ck_assert_msg(strstr(all, "6:16: 'room_rh_pct' takes a number (without quotes)"), "%s", all);
	ck_assert_msg(strstr(all, "7:9: dust: 'filthy' is not one of the choices (clean, light, heavy)"), "%s", all);
	ck_assert_msg(strstr(all, "8:16: ups_present: 'maybe' is not yes or no"), "%s", all);
	ck_assert_msg(strstr(all, "9:20: ups_runtime_min: 5000 min is outside the plausible range 0..1440 min"), "%s", all);
	ck_assert_msg(strstr(all, "10:12: photo '") && strstr(all, "missing.jpg': No such file"), "%s", all);
	/* incomplete: the required temperature is not answered (4:1: answers) */
	ck_assert_msg(strstr(all, "4:1: required item 'room_temp_c'"), "%s", all);
	si_diags_free(&d);
	checklist_free(cl);
}
END_TEST

START_TEST(incomplete_file_located)
{
	struct checklist *cl = builtin();
	struct si_diags d = {0};
	struct site_doc *s = site_load(write_text("s.yaml", "site: X\n"), cl,
				       true, &d);
	const char *all = diags_text(&d);

	ck_assert_ptr_null(s);
	ck_assert_msg(strstr(all, "engineer's name is missing"), "%s", all);
	ck_assert_msg(strstr(all, "required item 'ups_present'"), "%s", all);
	si_diags_free(&d);
	/* the same without `complete`: a partial file is fine as defaults */
	s = site_load(write_text("s.yaml", "site: X\n"), cl, false, &d);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(d.n, 0);
	site_free(s);
	checklist_free(cl);
}
END_TEST

static const struct site_item *item(const struct checklist *cl, const char *id)
{
	for (size_t i = 0; i < cl->nitems; i++)
		if (strcmp(cl->items[i].id, id) == 0)
			return &cl->items[i];
	ck_abort_msg("no item %s", id);
	return NULL;
}

START_TEST(typed_answers)
{
	struct checklist *cl = builtin();
	struct site_answer a;
	char why[700];

	memset(&a, 0, sizeof(a));
	ck_assert_int_eq(site_parse_answer(item(cl, "room_temp_c"), "24,5 °C", &a, why, sizeof(why)), 0);
	ck_assert(a.set && fabs(a.num - 24.5) < 1e-9);
	ck_assert_int_eq(site_parse_answer(item(cl, "room_temp_c"), "31C", &a, why, sizeof(why)), 0);
	ck_assert(fabs(a.num - 31) < 1e-9);
	ck_assert_int_eq(site_parse_answer(item(cl, "room_temp_c"), "310", &a, why, sizeof(why)), -1);
	ck_assert_msg(strstr(why, "outside the plausible range -20..60"), "%s", why);
	ck_assert(fabs(a.num - 31) < 1e-9);	/* a refused answer keeps the old one */
	ck_assert_int_eq(site_parse_answer(item(cl, "room_rh_pct"), "45 kg", &a, why, sizeof(why)), -1);
	ck_assert_msg(strstr(why, "is not a number of %"), "%s", why);
	ck_assert_int_eq(site_parse_answer(item(cl, "ups_present"), "是", &a, why, sizeof(why)), 0);
	ck_assert(a.yes);
	ck_assert_int_eq(site_parse_answer(item(cl, "ups_present"), "N", &a, why, sizeof(why)), 0);
	ck_assert(!a.yes);
	ck_assert_int_eq(site_parse_answer(item(cl, "labels"), "2", &a, why, sizeof(why)), 0);
	ck_assert_str_eq(a.str, "partial");
	ck_assert_int_eq(site_parse_answer(item(cl, "labels"), "4", &a, why, sizeof(why)), -1);
	site_answer_clear(&a);
	checklist_free(cl);
}
END_TEST

START_TEST(photos_by_magic)
{
	static const unsigned char png[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
	static const unsigned char jpg[] = {0xff, 0xd8, 0xff, 0xe0, 0, 0};
	char why[700];
	const char *mt;

	mt = site_photo_check(write_tmp("a.png", png, sizeof(png)), why, sizeof(why));
	ck_assert_str_eq(mt, "image/png");
	/* named .png, but a JPEG: the bytes decide */
	mt = site_photo_check(write_tmp("b.png", jpg, sizeof(jpg)), why, sizeof(why));
	ck_assert_str_eq(mt, "image/jpeg");
	mt = site_photo_check(write_text("c.jpg", "<svg onload=alert(1)>"), why, sizeof(why));
	ck_assert_ptr_null(mt);
	ck_assert_msg(strstr(why, "neither a JPEG nor a PNG"), "%s", why);
	ck_assert_ptr_null(site_photo_check(tmpdir, why, sizeof(why)));
	ck_assert_msg(strstr(why, "not a regular file"), "%s", why);
}
END_TEST

START_TEST(facts_and_dew_point)
{
	static const char text[] =
		"engineer: E\ndate: 2026-11-28\nanswers:\n"
		"  room_temp_c: 31\n  room_rh_pct: 72\n  ups_present: no\n";
	struct checklist *cl = builtin();
	struct si_diags d = {0};
	struct site_doc *s = site_load(write_text("f.yaml", text), cl, true, &d);
	cJSON *f, *site;

	ck_assert_msg(s, "%s", diags_text(&d));
	f = site_facts(cl, s);
	site = cJSON_GetObjectItem(f, "site");
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(f, "device"), "name")->valuestring, SITE_DEVICE);
	ck_assert(fabs(cJSON_GetObjectItem(site, "room_dew_point_c")->valuedouble - 25.4) < 0.05);
	ck_assert(cJSON_IsFalse(cJSON_GetObjectItem(site, "ups_present")));
	ck_assert_str_eq(cJSON_GetObjectItem(cJSON_GetObjectItem(site, "src"), "room_temp_c")->valuestring,
			 "site:f.yaml:4:16");
	ck_assert_ptr_null(cJSON_GetObjectItem(site, "dust"));	/* unanswered: absent */
	cJSON_Delete(f);
	site_free(s);
	checklist_free(cl);
}
END_TEST

START_TEST(write_then_read_hostile)
{
	static const char nasty[] = "a \"quoted\" \\ back\nslash\ttab \x01 "
				    "<script>alert(1)</script> # not a comment: {x}";
	struct checklist *cl = builtin();
	struct site_doc *s = site_new(cl), *back;
	struct si_diags d = {0};
	struct si_error err;
	char why[700], path[300];
	size_t notes = 0;

	s->engineer = strdup(nasty);
	s->date = strdup("2026-11-28");
	s->site = strdup("机房 A");
	for (size_t i = 0; i < cl->nitems; i++) {
		if (strcmp(cl->items[i].id, "notes") == 0) {
			notes = i;
			ck_assert_int_eq(site_parse_answer(&cl->items[i], nasty, &s->ans[i], why, sizeof(why)), 0);
		} else if (strcmp(cl->items[i].id, "room_temp_c") == 0) {
			site_parse_answer(&cl->items[i], "22.25", &s->ans[i], why, sizeof(why));
		} else if (strcmp(cl->items[i].id, "room_rh_pct") == 0 ||
			   strcmp(cl->items[i].id, "ups_present") == 0) {
			site_parse_answer(&cl->items[i], cl->items[i].type == ST_YESNO ? "y" : "40",
					  &s->ans[i], why, sizeof(why));
		}
	}
	snprintf(path, sizeof(path), "%s/out.yaml", tmpdir);
	ck_assert_int_eq(site_write(path, cl, s, &err), 0);
	back = site_load(path, cl, true, &d);
	ck_assert_msg(back, "%s", diags_text(&d));
	ck_assert_str_eq(back->engineer, nasty);
	ck_assert_str_eq(back->ans[notes].str, nasty);
	ck_assert_str_eq(back->site, "机房 A");
	site_free(back);
	site_free(s);
	checklist_free(cl);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("site");
	TCase *tc = tcase_create("checklist");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, builtin_checklist_loads);
	tcase_add_test(tc, checklist_mistakes_located);
	tcase_add_test(tc, answers_mistakes_located);
	tcase_add_test(tc, incomplete_file_located);
	tcase_add_test(tc, typed_answers);
	tcase_add_test(tc, photos_by_magic);
	tcase_add_test(tc, facts_and_dew_point);
	tcase_add_test(tc, write_then_read_hostile);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
