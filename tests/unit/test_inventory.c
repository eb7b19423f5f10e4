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
#include "agent/inventory_csv.h"
#include "error.h"
#include "log.h"
#include "ynode.h"

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
	/* NOLINTNEXTLINE(cert-env33-c): removes the test's own mkdtemp folder */
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
		/* NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one message */
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


/* Is this exact "file:line:col: message" (file without its folder) in d? */
static bool has_diag(const struct si_diags *d, const char *want)
{
	char buf[1024];

	for (size_t j = 0; j < d->n; j++) {
		const char *s = si_error_str(&d->v[j], buf, sizeof(buf));
		const char *colon = strchr(s, ':');
		const char *base = s;

		/* the file name without its folder */
		for (const char *p = s; colon && p < colon; p++)
			if (*p == '/')
				base = p + 1;
		if (strcmp(base, want) == 0)
			return true;
	}
	return false;
}

static void dump_diags(const struct si_diags *d)
{
	char buf[1024];

	for (size_t j = 0; j < d->n; j++)
		fprintf(stderr, "  diag: %s\n",
			si_error_str(&d->v[j], buf, sizeof(buf)));
}

START_TEST(groups_and_overrides)
{
	static const char text[] =
		"defaults:\n"
		"  snmp: {community_env: SWI_TEST_COMM, timeout_ms: 1500}\n"
		"groups:\n"
		"  access:\n"
		"    profile: cisco-ios\n"
		"    site: Floor 3\n"
		"    snmp: {community_env: SWI_TEST_ACC, retries: 0}\n"
		"    ssh: {username: acc, password_env: SWI_TEST_A}\n"
		"  core: {snmp: {port: 1161}}\n"
		"devices:\n"
		"  - {name: c1, address: 127.0.0.1, group: core}\n"
		"  - {name: a1, address: 127.0.0.2, group: access}\n"
		"  - {name: a2, address: 127.0.0.3, group: access, profile: "
		"huawei-vrp, snmp: {timeout_ms: 900}, ssh: false}\n"
		"  - {name: plain, address: 127.0.0.4}\n";
	struct si_diags d = {0};
	struct inventory *inv;
	const struct target *t;

	setenv("SWI_TEST_COMM", "c0mm", 1);
	setenv("SWI_TEST_ACC", "acc-comm", 1);
	setenv("SWI_TEST_A", "pw", 1);
	inv = inventory_load(write_tmp("inv.yaml", text, 0600), &d);
	if (!inv)
		dump_diags(&d);
	ck_assert_ptr_nonnull(inv);
	ck_assert_uint_eq(inv->ndevices, 4);
	t = inventory_find(inv, "c1");
	ck_assert_int_eq(t->snmp.port, 1161);
	ck_assert_int_eq(t->snmp.timeout_ms, 1500);	/* from defaults */
	ck_assert_str_eq(t->snmp.community.value, "c0mm");
	ck_assert(!t->ssh.enabled);
	t = inventory_find(inv, "a1");
	ck_assert_str_eq(t->snmp.community.value, "acc-comm");
	ck_assert_int_eq(t->snmp.retries, 0);
	ck_assert_int_eq(t->snmp.timeout_ms, 1500);
	ck_assert_str_eq(t->profile, "cisco-ios");
	ck_assert_str_eq(t->site, "Floor 3");
	ck_assert(t->ssh.enabled);
	ck_assert_str_eq(t->ssh.username, "acc");
	t = inventory_find(inv, "a2");	/* device over group */
	ck_assert_str_eq(t->profile, "huawei-vrp");
	ck_assert_int_eq(t->snmp.timeout_ms, 900);
	ck_assert_int_eq(t->snmp.retries, 0);
	ck_assert(!t->ssh.enabled);
	t = inventory_find(inv, "plain");
	ck_assert_ptr_null(t->profile);
	ck_assert_ptr_null(t->site);
	ck_assert_int_eq(t->snmp.retries, 2);
	inventory_free(inv);
	si_diags_free(&d);
}
END_TEST

START_TEST(ranges_and_cidr_blocks)
{
	static const char text[] =
		"defaults: {snmp: {community_env: SWI_TEST_COMM}}\n"
		"devices:\n"
		"  - {name: acc, addresses: 10.0.0.1-10.0.0.20}\n"
		"  - {addresses: 10.0.1.0/29}\n"
		"  - {name: p2p, addresses: 10.0.2.0/31}\n"
		"  - {name: short, addresses: 10.0.3.250-252}\n";
	struct si_diags d = {0};
	struct inventory *inv;
	uint32_t first, count;
	char why[256];

	setenv("SWI_TEST_COMM", "c0mm", 1);
	inv = inventory_load(write_tmp("inv.yaml", text, 0600), &d);
	if (!inv)
		dump_diags(&d);
	ck_assert_ptr_nonnull(inv);
	ck_assert_uint_eq(inv->ndevices, 20 + 6 + 2 + 3);
	ck_assert_str_eq(inv->devices[0].name, "acc-10.0.0.1");
	ck_assert_str_eq(inv->devices[19].address, "10.0.0.20");
	/* /29: .1 to .6, network and broadcast left out */
	ck_assert_str_eq(inv->devices[20].name, "10.0.1.1");
	ck_assert_str_eq(inv->devices[25].name, "10.0.1.6");
	/* /31: both addresses */
	ck_assert_str_eq(inv->devices[26].address, "10.0.2.0");
	ck_assert_str_eq(inv->devices[27].address, "10.0.2.1");
	ck_assert_str_eq(inv->devices[30].name, "short-10.0.3.252");
	ck_assert_str_eq(inv->devices[30].snmp.community.value, "c0mm");
	inventory_free(inv);

	ck_assert_int_eq(inventory_block("10.0.0.0/32", &first, &count, why,
					 sizeof(why)), 0);
	ck_assert_uint_eq(count, 1);
	ck_assert_int_eq(inventory_block("10.0.0.0/20", &first, &count, why,
					 sizeof(why)), 0);
	ck_assert_uint_eq(count, 4094);
	ck_assert_int_eq(inventory_block("10.0.0.0/16", &first, &count, why,
					 sizeof(why)), -1);
	ck_assert_str_eq(why, "'10.0.0.0/16' holds 65534 addresses, more than "
			 "4096: split it into smaller blocks");
	ck_assert_int_eq(inventory_block("10.0.0.9-10.0.0.3", &first, &count,
					 why, sizeof(why)), -1);
	ck_assert_int_eq(inventory_block("10.0.0.1-300", &first, &count, why,
					 sizeof(why)), -1);
	ck_assert_int_eq(inventory_block("fe80::1-fe80::9", &first, &count,
					 why, sizeof(why)), -1);
	ck_assert_int_eq(inventory_block("10.0.0.0/33", &first, &count, why,
					 sizeof(why)), -1);
}
END_TEST

START_TEST(block_errors_located)
{
	static const char text[] =
		"defaults: {snmp: {community_env: SWI_TEST_COMM}}\n"
		"devices:\n"
		"  - {name: big, addresses: 10.0.0.0/8}\n"
		"  - {name: x, address: 10.0.0.1, addresses: 10.0.0.0/30}\n"
		"  - {addresses: 10.0.5.1-3}\n"
		"  - {name: 10.0.5.2, address: 127.0.0.1}\n";
	struct si_diags d = {0};

	setenv("SWI_TEST_COMM", "c0mm", 1);
	ck_assert_ptr_null(inventory_load(write_tmp("inv.yaml", text, 0600),
					  &d));
	dump_diags(&d);
	ck_assert(has_diag(&d, "inv.yaml:3:28: '10.0.0.0/8' holds 16777214 "
			   "addresses, more than 4096: split it into smaller "
			   "blocks"));
	ck_assert(has_diag(&d, "inv.yaml:4:45: give 'address' or 'addresses', "
			   "not both"));
	ck_assert(has_diag(&d, "inv.yaml:6:12: duplicate device name "
			   "'10.0.5.2' (first at line 5)"));
	si_diags_free(&d);
}
END_TEST

START_TEST(includes_relative_cycles_located)
{
	char sub[300], path[300];
	struct si_diags d = {0};
	struct inventory *inv;

	snprintf(sub, sizeof(sub), "%s/branch", tmpdir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	write_tmp("branch/b.yaml",
		  "groups: {edge: {snmp: {port: 2161}}}\n"
		  "devices:\n  - {name: b1, address: 127.0.0.2, group: edge}\n"
		  "include: list.csv\n", 0600);
	write_tmp("branch/list.csv",
		  "name,address,group\nb2,127.0.0.3,edge\n", 0600);
	strcpy(path, write_tmp("main.yaml",
		"defaults: {snmp: {community_env: SWI_TEST_COMM}}\n"
		"include: [branch/b.yaml]\n"
		"devices:\n  - {name: m1, address: 127.0.0.1, group: edge}\n",
		0600));
	setenv("SWI_TEST_COMM", "c0mm", 1);
	inv = inventory_load(path, &d);
	if (!inv)
		dump_diags(&d);
	ck_assert_ptr_nonnull(inv);
	ck_assert_uint_eq(inv->ndevices, 3);
	/* a group defined in an include serves the including file too */
	ck_assert_int_eq(inventory_find(inv, "m1")->snmp.port, 2161);
	ck_assert_int_eq(inventory_find(inv, "b2")->snmp.port, 2161);
	inventory_free(inv);

	/* a cycle, and a mistake inside the included file */
	write_tmp("branch/b.yaml",
		  "devices:\n  - {name: b1, adress: 127.0.0.2}\n"
		  "include: ../main.yaml\n", 0600);
	ck_assert_ptr_null(inventory_load(path, &d));
	dump_diags(&d);
	ck_assert(has_diag(&d, "b.yaml:2:16: unknown key 'adress' in device"));
	{
		bool cyc = false;
		char buf[1024];

		for (size_t j = 0; j < d.n; j++) {
			si_error_str(&d.v[j], buf, sizeof(buf));
			cyc = cyc || (strstr(buf, "b.yaml:3:10: include cycle: ")
				      && strstr(buf, "main.yaml -> "));
		}
		ck_assert(cyc);
	}
	si_diags_free(&d);
	write_tmp("main.yaml", "include: nothere.yaml\n", 0600);
	ck_assert_ptr_null(inventory_load(path, &d));
	ck_assert(has_diag(&d, "main.yaml:1:10: cannot read 'nothere.yaml': "
			   "No such file or directory") ||
		  d.n > 0);
	si_diags_free(&d);
}
END_TEST

START_TEST(csv_import_located)
{
	static const char good[] =
		"\xEF\xBB\xBF" "Hostname,IP Address,Vendor,Site,Notes\r\n"
		"core-1,10.0.0.1,huawei-vrp,\"Jinan, DC1\",\"said \"\"hi\"\"\"\r\n"
		"\r\n"
		"\"acc-2\",10.0.0.2,,DC2,\"two\nlines\"\r\n";
	static const char nohead[] = "sw1,127.0.0.1,cisco-ios\nsw2,127.0.0.2\n";
	static const char broken[] =
		"name,address\n"
		"a,10.0.0.1\n"
		"b,\n"
		"c\"x,10.0.0.3\n"
		"\"d\"e,10.0.0.4\n"
		"\"unterminated,10.0.0.5\n";
	struct inv_csv c;
	struct si_diags d = {0};

	ck_assert_int_eq(inv_csv_parse("h.csv", good, sizeof(good) - 1, &c, &d),
			 0);
	ck_assert(c.header);
	ck_assert_uint_eq(c.n, 2);
	ck_assert_str_eq(c.rows[0].v[CSV_NAME], "core-1");
	ck_assert_str_eq(c.rows[0].v[CSV_SITE], "Jinan, DC1");
	ck_assert_str_eq(c.rows[0].v[CSV_PROFILE], "huawei-vrp");
	ck_assert_str_eq(c.rows[1].v[CSV_NAME], "acc-2");
	ck_assert_int_eq(c.rows[1].line, 4);
	inv_csv_free(&c);

	ck_assert_int_eq(inv_csv_parse("n.csv", nohead, sizeof(nohead) - 1, &c,
				       &d), 0);
	ck_assert(!c.header);
	ck_assert_str_eq(c.rows[1].v[CSV_ADDRESS], "127.0.0.2");
	ck_assert_ptr_null(c.rows[1].v[CSV_PROFILE]);
	inv_csv_free(&c);

	ck_assert_int_eq(inv_csv_parse("b.csv", broken, sizeof(broken) - 1, &c,
				       &d), -1);
	dump_diags(&d);
	ck_assert(has_diag(&d, "b.csv:3:3: no address"));
	ck_assert(has_diag(&d, "b.csv:4:2: quote inside an unquoted field "
			   "(quote the whole field, with \"\" for each quote)"));
	ck_assert(has_diag(&d, "b.csv:5:4: text after the closing quote of a "
			   "field (a quote inside a quoted field is written "
			   "\"\")"));
	ck_assert(has_diag(&d, "b.csv:6:1: quoted field not closed before the "
			   "end of the file"));
	si_diags_free(&d);

	/* saved as GBK (Excel's default on a Chinese Windows): refused where
	 * it starts, not passed on to the YAML the import writes */
	static const char gbk[] = "name,address,site\n"
				  "core-1,10.0.0.1,\xbc\xc3\xc4\xcf\n";
	ck_assert_int_eq(inv_csv_parse("g.csv", gbk, sizeof(gbk) - 1, &c, &d),
			 -1);
	dump_diags(&d);
	ck_assert(has_diag(&d, "g.csv:2:17: not UTF-8 text (byte 0xBC): save "
			   "the CSV as UTF-8 (in Excel: \"CSV UTF-8\")"));
	si_diags_free(&d);
}
END_TEST

/* The YAML the import writes parses back to the same cells, whatever
 * control characters they hold (DEL and C1 are not allowed in YAML even
 * inside quotes). */
START_TEST(csv_import_escapes_controls)
{
	const char *csv = write_tmp("c.csv", "name,address,profile,site\n"
				    "core-1,10.0.0.1,cisco-i\x7fs,\"J\xc2\x80n\t\"\"\\\"\n",
				    0600);
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct si_error err;
	struct ydoc *doc;
	const struct ynode *dev;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(inv_csv_import(csv, f), 0);
	fclose(f);
	doc = ydoc_load_string("import.yaml", text, len, &err);
	if (!doc)
		fprintf(stderr, "%s\n%s", err.msg, text);
	ck_assert_ptr_nonnull(doc);
	dev = ynode_get(doc->root, "devices")->items[0];
	ck_assert_str_eq(ynode_str(ynode_get(dev, "profile")), "cisco-i\x7fs");
	ck_assert_str_eq(ynode_str(ynode_get(dev, "site")), "J\xc2\x80n\t\"\\");
	ydoc_free(doc);
	free(text);
}
END_TEST

START_TEST(csv_as_inventory)
{
	struct si_diags d = {0};
	struct inventory *inv;
	char *path = strdup(write_tmp("sw.csv", "name,address,profile\n"
				      "s1,127.0.0.1,auto\n", 0600));

	unsetenv("SSH_USERNAME");
	unsetenv("SNMP_COMMUNITY");
	ck_assert_ptr_null(inventory_load(path, &d));
	ck_assert_msg(strstr(d.v[0].msg, "SNMP_COMMUNITY") != NULL, "%s",
		      d.v[0].msg);
	si_diags_free(&d);
	setenv("SNMP_COMMUNITY", "csvcomm", 1);
	inv = inventory_load(path, &d);
	ck_assert_ptr_nonnull(inv);
	ck_assert_str_eq(inv->devices[0].snmp.community.value, "csvcomm");
	ck_assert_str_eq(inv->devices[0].profile, "auto");
	ck_assert(!inv->devices[0].ssh.enabled);
	inventory_free(inv);
	unsetenv("SNMP_COMMUNITY");
	free(path);
}
END_TEST

START_TEST(prompt_refused_without_tty)
{
	static const char text[] =
		"defaults: {snmp: {community_prompt: true}}\n"
		"devices:\n  - {name: a, address: 127.0.0.1}\n";
	struct si_diags d = {0};

	setenv("SWINSPECT_TTY", "/dev/null", 1);
	ck_assert_ptr_null(inventory_load(write_tmp("inv.yaml", text, 0600),
					  &d));
	dump_diags(&d);
	ck_assert(has_diag(&d, "inv.yaml:1:37: SNMP community: asking for it "
			   "needs a terminal and there is none (unattended "
			   "runs use a *_env or *_file reference)"));
	unsetenv("SWINSPECT_TTY");
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
	tcase_add_test(tc, groups_and_overrides);
	tcase_add_test(tc, ranges_and_cidr_blocks);
	tcase_add_test(tc, block_errors_located);
	tcase_add_test(tc, includes_relative_cycles_located);
	tcase_add_test(tc, csv_import_located);
	tcase_add_test(tc, csv_import_escapes_controls);
	tcase_add_test(tc, csv_as_inventory);
	tcase_add_test(tc, prompt_refused_without_tty);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
