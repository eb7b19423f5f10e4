/* Unit tests of the inventory loader: defaults, credentials by reference,
 * and every mistake reported with its location in one run. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent/inventory.h"
#include "error.h"
#include "log.h"

static char tmpdir[64];

static char *write_tmp(const char *name, const char *text, mode_t mode)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	chmod(path, mode);
	return path;
}

static void setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/swi-inv-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	log_setup(LOG_LVL_ERROR, NULL);
}

static void teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

START_TEST(loads_defaults_and_references)
{
	static const char text[] =
		"customer: Example Bank\n"
		"site: Jinan DC1\n"
		"period: 2026-Q4\n"
		"defaults:\n"
		"  snmp: {version: 2c, community_env: SWI_TEST_COMM, port: 1161,"
		" timeout_ms: 500, retries: 1}\n"
		"devices:\n"
		"  - name: core-1\n"
		"    address: 127.0.0.1\n"
		"  - name: lab-2\n"
		"    address: ::1\n"
		"    snmp: {version: 3, username: u, auth: {protocol: sha, "
		"password_env: SWI_TEST_A}, priv: {protocol: aes, password: "
		"literalpw}}\n"
		"    ssh: false\n";
	struct si_diags d = {0};
	struct inventory *inv;
	const struct target *t;

	setenv("SWI_TEST_COMM", "c0mm", 1);
	setenv("SWI_TEST_A", "authpass1", 1);
	inv = inventory_load(write_tmp("inv.yaml", text, 0600), &d);
	ck_assert_msg(inv != NULL, "%s", d.n ? d.v[0].msg : "?");
	ck_assert_uint_eq(inv->ndevices, 2);
	ck_assert_str_eq(inv->customer, "Example Bank");
	ck_assert_str_eq(inv->period, "2026-Q4");
	t = inventory_find(inv, "core-1");
	ck_assert(t->snmp.enabled);
	ck_assert_int_eq(t->snmp.port, 1161);
	ck_assert_int_eq(t->snmp.timeout_ms, 500);
	ck_assert_str_eq(t->snmp.community.value, "c0mm");
	ck_assert_str_eq(t->snmp.community.origin, "env SWI_TEST_COMM");
	t = inventory_find(inv, "lab-2");
	ck_assert_int_eq(t->snmp.version, TARGET_SNMP_V3);
	ck_assert_int_eq(t->snmp.port, 1161);	/* from defaults */
	ck_assert_str_eq(t->snmp.auth_pass.value, "authpass1");
	ck_assert_str_eq(t->snmp.priv_proto, "aes");
	ck_assert_msg(strncmp(t->snmp.priv_pass.origin, "literal at ", 11) == 0,
		      "%s", t->snmp.priv_pass.origin);
	ck_assert(!strstr(t->snmp.priv_pass.origin, "literalpw"));
	ck_assert_uint_eq(inv->nwarnings, 1);
	ck_assert(!t->ssh.enabled);
	inventory_free(inv);
	si_diags_free(&d);
}
END_TEST

START_TEST(reports_every_mistake_located)
{
	static const char text[] =
		"site: X\n"
		"perod: 2026\n"				/* 2: unknown key */
		"defaults:\n"
		"  snmp: {version: 4, community: x}\n"	/* 4: bad version */
		"devices:\n"
		"  - name: a\n"
		"    address: 127.0.0.1\n"
		"  - name: a\n"				/* 8: duplicate */
		"    address: 127.0.0.2\n"
		"  - name: b\n"				/* 10: no address */
		"  - name: c\n"
		"    address: 127.0.0.3\n"
		"    snmp: {community_env: SWI_TEST_UNSET_VAR}\n"; /* 13 */
	struct si_diags d = {0};
	char buf[512];
	const char *want[] = {
		"inv.yaml:2:1: unknown key 'perod' in the inventory",
		"inv.yaml:4:19: SNMP version must be 1, 2c or 3",
		"inv.yaml:8:11: duplicate device name 'a' (first at line 6)",
		"inv.yaml:10:5: device 'b' has no 'address'",
		"inv.yaml:13:27: environment variable 'SWI_TEST_UNSET_VAR' "
		"(community_env) is not set",
	};

	unsetenv("SWI_TEST_UNSET_VAR");
	ck_assert_ptr_null(inventory_load(write_tmp("inv.yaml", text, 0600),
					  &d));
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		bool found = false;

		for (size_t j = 0; j < d.n && !found; j++) {
			const char *s = si_error_str(&d.v[j], buf, sizeof(buf));
			const char *base = strrchr(s, '/');

			found = strcmp(base ? base + 1 : s, want[i]) == 0;
		}
		ck_assert_msg(found, "missing diagnostic: %s", want[i]);
	}
	si_diags_free(&d);
}
END_TEST

START_TEST(secret_file_must_be_private)
{
	char inv_text[512];
	char *secret;
	struct si_diags d = {0};
	struct inventory *inv;

	secret = strdup(write_tmp("comm", "fromfile\n", 0644));
	snprintf(inv_text, sizeof(inv_text),
		 "devices:\n  - name: a\n    address: 127.0.0.1\n"
		 "    snmp: {community_file: %s}\n", secret);
	ck_assert_ptr_null(inventory_load(write_tmp("inv.yaml", inv_text,
						    0600), &d));
	ck_assert_msg(strstr(d.v[0].msg, "readable by others") != NULL, "%s",
		      d.v[0].msg);
	si_diags_free(&d);
	chmod(secret, 0600);
	inv = inventory_load(write_tmp("inv.yaml", inv_text, 0600), &d);
	ck_assert_ptr_nonnull(inv);
	ck_assert_str_eq(inv->devices[0].snmp.community.value, "fromfile");
	inventory_free(inv);
	free(secret);
}
END_TEST

START_TEST(syntax_error_is_located)
{
	struct si_diags d = {0};
	char buf[512];

	ck_assert_ptr_null(inventory_load(
		write_tmp("bad.yaml", "devices:\n  - name: a\n   address: x\n",
			  0600), &d));
	ck_assert_uint_eq(d.n, 1);
	si_error_str(&d.v[0], buf, sizeof(buf));
	ck_assert_msg(strstr(buf, "bad.yaml:3:") != NULL, "%s", buf);
	si_diags_free(&d);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("inventory");
	TCase *tc = tcase_create("load");
	SRunner *sr;
	int failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, loads_defaults_and_references);
	tcase_add_test(tc, reports_every_mistake_located);
	tcase_add_test(tc, secret_file_must_be_private);
	tcase_add_test(tc, syntax_error_is_located);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
