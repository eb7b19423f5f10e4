/* Unit tests of common/: errors, buffers, YAML positions, facts, files. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "error.h"
#include "facts.h"
#include "fsutil.h"
#include "jsonio.h"
#include "redact.h"
#include "sbuf.h"
#include "text.h"
#include "ynode.h"

START_TEST(error_formats_location)
{
	struct si_error e;
	char buf[256];

	si_error_set(&e, "inv.yaml", 3, 7, "bad %s", "thing");
	ck_assert_str_eq(si_error_str(&e, buf, sizeof(buf)),
			 "inv.yaml:3:7: bad thing");
	si_error_set(&e, "inv.yaml", 3, 0, "x");
	ck_assert_str_eq(si_error_str(&e, buf, sizeof(buf)), "inv.yaml:3: x");
	si_error_set(&e, NULL, 0, 0, "plain");
	ck_assert_str_eq(si_error_str(&e, buf, sizeof(buf)), "plain");
	si_error_prefix(&e, "ctx %d", 1);
	ck_assert_str_eq(e.msg, "ctx 1: plain");
}
END_TEST

START_TEST(sbuf_caps_and_grows)
{
	struct sbuf b;

	sbuf_init(&b, 10);
	ck_assert_int_eq(sbuf_adds(&b, "hello"), 0);
	ck_assert_int_eq(sbuf_addf(&b, "%d", 12345), 0);
	ck_assert_str_eq(sbuf_str(&b), "hello12345");
	ck_assert_int_eq(sbuf_addc(&b, 'x'), -1);
	ck_assert(b.truncated);
	ck_assert_uint_eq(b.len, 10);
	sbuf_free(&b);
	sbuf_init(&b, SBUF_UNLIMITED);
	for (int i = 0; i < 10000; i++)
		sbuf_addf(&b, "%04d", i % 10000);
	ck_assert_uint_eq(b.len, 40000);
	ck_assert(!b.truncated);
	sbuf_free(&b);
	/* an empty buffer hands over an empty, terminated string */
	sbuf_init(&b, 10);
	{
		char *s = sbuf_steal(&b);

		ck_assert_str_eq(s, "");
		free(s);
	}
	ck_assert_ptr_null(b.s);
}
END_TEST

/* A sink: the text reaches the file in chunks, the buffer stays small,
 * max counts every byte, and a write error is kept. */
START_TEST(sbuf_sink_writes_in_chunks)
{
	char tmpl[] = "/tmp/swinspect-sink.XXXXXX", line[16], *got;
	int fd = mkstemp(tmpl), pfd[2];
	struct sbuf b;
	size_t len;
	struct si_error err;

	ck_assert_int_ge(fd, 0);
	sbuf_init_fd(&b, SBUF_UNLIMITED, fd);
	for (int i = 0; i < 40000; i++) {
		snprintf(line, sizeof(line), "%05d\n", i);
		ck_assert_int_eq(sbuf_adds(&b, line), 0);
		ck_assert_uint_le(b.cap, 2 * SBUF_SINK_CHUNK);
	}
	ck_assert_uint_gt(b.flushed, 0);
	ck_assert_int_eq(sbuf_flush(&b), 0);
	ck_assert_uint_eq(b.flushed, 40000 * 6);
	sbuf_free(&b);
	close(fd);
	ck_assert_int_eq(fs_read_file(tmpl, 1 << 20, &got, &len, &err), 0);
	ck_assert_uint_eq(len, 40000 * 6);
	ck_assert(memcmp(got + 6 * 39999, "39999\n", 6) == 0);
	free(got);
	unlink(tmpl);

	/* max counts what was written too */
	fd = open("/dev/null", O_WRONLY);
	sbuf_init_fd(&b, SBUF_SINK_CHUNK + 10, fd);
	for (int i = 0; i < (int)(SBUF_SINK_CHUNK / 8); i++)
		sbuf_adds(&b, "12345678");
	ck_assert_int_eq(sbuf_adds(&b, "0123456789x"), -1);
	ck_assert(b.truncated);
	sbuf_free(&b);
	close(fd);

	/* a write error is sticky: later text is dropped */
	ck_assert_int_eq(pipe(pfd), 0);
	close(pfd[0]);
	signal(SIGPIPE, SIG_IGN);
	sbuf_init_fd(&b, SBUF_UNLIMITED, pfd[1]);
	sbuf_adds(&b, "lost");
	ck_assert_int_eq(sbuf_flush(&b), -1);
	ck_assert_int_eq(b.werrno, EPIPE);
	ck_assert_int_eq(sbuf_adds(&b, "more"), 0);
	ck_assert_int_eq(sbuf_flush(&b), -1);
	sbuf_free(&b);
	close(pfd[1]);
}
END_TEST

START_TEST(yaml_keeps_positions)
{
	static const char text[] =
		"devices:\n"
		"  - name: a\n"
		"    address: \"10.0.0.1\"\n"
		"  - name: b\n";
	struct si_error err;
	struct ydoc *d = ydoc_load_string("t.yaml", text, strlen(text), &err);
	const struct ynode *devs, *addr;

	ck_assert_ptr_nonnull(d);
	devs = ynode_get(d->root, "devices");
	ck_assert_int_eq(devs->kind, YN_SEQ);
	ck_assert_uint_eq(devs->n, 2);
	addr = ynode_get(devs->items[0], "address");
	ck_assert_str_eq(ynode_str(addr), "10.0.0.1");
	ck_assert_int_eq(addr->line, 3);
	ck_assert_int_eq(addr->col, 14);
	ck_assert(!addr->plain);
	ck_assert_int_eq(devs->items[1]->line, 4);
	ck_assert_int_eq(devs->items[1]->col, 5);
	ydoc_free(d);
}
END_TEST

START_TEST(yaml_syntax_error_is_located)
{
	static const char text[] = "a: 1\nb: [1, 2\nc: 3\n";
	struct si_error err;
	char buf[512];

	ck_assert_ptr_null(ydoc_load_string("bad.yaml", text, strlen(text),
					    &err));
	si_error_str(&err, buf, sizeof(buf));
	ck_assert_msg(strncmp(buf, "bad.yaml:", 9) == 0, "got %s", buf);
	ck_assert_int_gt(err.line, 1);
	ck_assert_int_gt(err.col, 0);
}
END_TEST

START_TEST(yaml_duplicate_key_and_merge)
{
	static const char dup[] = "a: 1\nb: 2\na: 3\n";
	static const char merge[] =
		"base: &b {port: 161, retries: 2}\n"
		"dev: {<<: *b, port: 1161}\n";
	struct si_error err;
	struct ydoc *d;
	long long v;

	ck_assert_ptr_null(ydoc_load_string("d.yaml", dup, strlen(dup), &err));
	ck_assert_int_eq(err.line, 3);
	ck_assert_int_eq(err.col, 1);
	ck_assert_str_eq(err.msg, "duplicate key 'a'");
	d = ydoc_load_string("m.yaml", merge, strlen(merge), &err);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(ynode_int(ynode_get(ynode_get(d->root, "dev"), "port"),
				   &v), 0);
	ck_assert_int_eq(v, 1161);
	ck_assert_int_eq(ynode_int(ynode_get(ynode_get(d->root, "dev"),
					     "retries"), &v), 0);
	ck_assert_int_eq(v, 2);
	ydoc_free(d);
}
END_TEST

START_TEST(yaml_to_json_types)
{
	static const char text[] = "{n: 12, f: 1.5, b: yes, s: '12', z: ~, "
				   "l: [a, 2]}";
	struct si_error err;
	struct ydoc *d = ydoc_load_string("j", text, strlen(text), &err);
	cJSON *j = ynode_to_json(d->root);
	char *out = cJSON_PrintUnformatted(j);

	ck_assert_str_eq(out, "{\"n\":12,\"f\":1.5,\"b\":true,\"s\":\"12\","
			      "\"z\":null,\"l\":[\"a\",2]}");
	free(out);
	cJSON_Delete(j);
	ydoc_free(d);
}
END_TEST

START_TEST(yaml_unknown_alias)
{
	static const char text[] = "a: *nope\n";
	struct si_error err;

	ck_assert_ptr_null(ydoc_load_string("a.yaml", text, strlen(text), &err));
	ck_assert_str_eq(err.msg, "unknown alias '*nope'");
	ck_assert_int_eq(err.line, 1);
}
END_TEST

START_TEST(facts_builder_records_sources)
{
	cJSON *f = facts_new("core-1", "127.0.0.1", "DC1");
	cJSON *fan = facts_list_add(f, "environment.fans");

	facts_set_str(fan, "name", "Fan 1", "snmp:1.2.3");
	facts_set_str(fan, "status", "failed", "snmp:1.2.4");
	facts_set_num(facts_obj(f, "environment.cpu"), "load_pct", 12, NULL);
	facts_source(f, "snmp", SRC_TIMEOUT, "no answer", 2000);
	ck_assert_str_eq(facts_get_str(f, "schema"), FACTS_SCHEMA_ID);
	ck_assert_str_eq(facts_get_str(f, "device.name"), "core-1");
	ck_assert_str_eq(facts_get_str(fan, "src.status"), "snmp:1.2.4");
	ck_assert_str_eq(facts_get_str(f, "sources.snmp.status"), "timeout");
	ck_assert_double_eq(
		facts_get(f, "environment.cpu.load_pct")->valuedouble, 12);
	/* updating a source keeps what the collector added to it */
	cJSON_AddArrayToObject((cJSON *)facts_get(f, "sources.snmp"), "absent");
	facts_source(f, "snmp", SRC_OK, NULL, 5);
	ck_assert_ptr_nonnull(facts_get(f, "sources.snmp.absent"));
	ck_assert_ptr_null(facts_get(f, "sources.snmp.error"));
	cJSON_Delete(f);
}
END_TEST

START_TEST(atomic_write_modes_and_no_leftovers)
{
	char dir[] = "/tmp/swi-test-XXXXXX", *sub, *file;
	struct si_error err;
	struct stat st;
	char *data;
	size_t len;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	sub = fs_join(dir, "a/b/c");
	ck_assert_int_eq(fs_mkdirs(sub, FS_DIR_MODE, &err), 0);
	ck_assert_int_eq(stat(sub, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0700);
	file = fs_join(sub, "f.json");
	ck_assert_int_eq(fs_write_atomic(file, "{}\n", 3, &err), 0);
	ck_assert_int_eq(stat(file, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	ck_assert_int_eq(fs_read_file(file, 100, &data, &len, &err), 0);
	ck_assert_str_eq(data, "{}\n");
	free(data);
	ck_assert_int_eq(fs_read_file(file, 2, &data, &len, &err), -1);
	/* writing into a missing folder fails cleanly */
	free(file);
	file = fs_join(dir, "missing/f.json");
	ck_assert_int_eq(fs_write_atomic(file, "x", 1, &err), -1);
	ck_assert_msg(strstr(err.msg, "cannot write") != NULL, "%s", err.msg);
	free(file);
	free(sub);
	{
		char cmd[64];

		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		/* NOLINTNEXTLINE(cert-env33-c): removes the test's own mkdtemp folder */
		ck_assert_int_eq(system(cmd), 0);
	}
}
END_TEST

START_TEST(json_read_locates_syntax_errors)
{
	char path[] = "/tmp/swi-json-XXXXXX";
	int fd = mkstemp(path);
	struct si_error err;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, "{\n  \"a\": 1,\n  oops\n}\n", 21), 21);
	close(fd);
	ck_assert_ptr_null(json_read_file(path, 1000, &err));
	ck_assert_int_eq(err.line, 3);
	ck_assert_str_eq(err.msg, "invalid JSON");
	unlink(path);
}
END_TEST

/* json_add/json_replace take the item in every case (ASan's leak check
 * holds the failing ones to it) and keep the key's place. */
START_TEST(json_add_takes_the_item)
{
	cJSON *o = cJSON_CreateObject(), *a = cJSON_CreateArray();
	char *s;

	ck_assert_int_eq(json_add(o, "x", cJSON_CreateNumber(1)), 0);
	ck_assert_int_eq(json_add(o, "y", cJSON_CreateNumber(2)), 0);
	ck_assert_int_eq(json_add(a, NULL, cJSON_CreateString("v")), 0);
	ck_assert_int_eq(json_add(NULL, "z", cJSON_CreateNumber(3)), -1);
	ck_assert_int_eq(json_add(NULL, NULL, cJSON_CreateNumber(3)), -1);
	ck_assert_int_eq(json_add(o, "z", NULL), -1);
	ck_assert_int_eq(json_replace(o, "x", cJSON_CreateString("one")), 0);
	ck_assert_int_eq(json_replace(o, "nope", cJSON_CreateNumber(4)), -1);
	ck_assert_int_eq(json_add(o, "a", a), 0);
	s = cJSON_PrintUnformatted(o);
	ck_assert_str_eq(s, "{\"x\":\"one\",\"y\":2,\"a\":[\"v\"]}");
	free(s);
	cJSON_Delete(o);
}
END_TEST

START_TEST(text_clean_makes_valid_utf8)
{
	static const char in[] = "  Fan\x01 1 \xff\xfe ok\r\n\xe4\xb8\xad  ";
	char *out = text_clean(in, sizeof(in) - 1);

	ck_assert_str_eq(out, "Fan 1 \xef\xbf\xbd\xef\xbf\xbd ok\n\xe4\xb8\xad");
	ck_assert(text_is_printable(out, strlen(out)));
	ck_assert(!text_is_printable(in, sizeof(in) - 1));
	free(out);
	/* overlong encoding and a lone surrogate are invalid */
	ck_assert_uint_eq(text_utf8_len((const unsigned char *)"\xc0\xaf", 2),
			  0);
	ck_assert_uint_eq(text_utf8_len((const unsigned char *)"\xed\xa0\x80",
					3), 0);
}
END_TEST

START_TEST(redaction_never_shows_the_value)
{
	ck_assert_str_eq(redact_secret("public"), REDACTED_DEFAULT);
	ck_assert_str_eq(redact_secret("s3cr3t-Community"), REDACTED);
	ck_assert(redact_is_default_community("PRIVATE"));
}
END_TEST

static Suite *common_suite(void)
{
	Suite *s = suite_create("common");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, error_formats_location);
	tcase_add_test(tc, sbuf_caps_and_grows);
	tcase_add_test(tc, sbuf_sink_writes_in_chunks);
	tcase_add_test(tc, yaml_keeps_positions);
	tcase_add_test(tc, yaml_syntax_error_is_located);
	tcase_add_test(tc, yaml_duplicate_key_and_merge);
	tcase_add_test(tc, yaml_to_json_types);
	tcase_add_test(tc, yaml_unknown_alias);
	tcase_add_test(tc, facts_builder_records_sources);
	tcase_add_test(tc, atomic_write_modes_and_no_leftovers);
	tcase_add_test(tc, json_read_locates_syntax_errors);
	tcase_add_test(tc, json_add_takes_the_item);
	tcase_add_test(tc, text_clean_makes_valid_utf8);
	tcase_add_test(tc, redaction_never_shows_the_value);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(common_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
