/* Unit tests of the local collector's parsers: os-release and friends,
 * meminfo, /proc/stat deltas, hwmon attribute statuses; and of the local
 * CLI runner (local_cli.h): words, PATH lookup, exit, timeout with its
 * process group, output cap, a program that is not there. */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "collectors/local.h"
#include "collectors/local_cli.h"

#include <limits.h>
#include <stdio.h>
#include <signal.h>
#include <unistd.h>

START_TEST(os_release_quoting)
{
	const char *t =
		"# comment\n"
		"NAME=\"Debian GNU/Linux\"\n"
		"VERSION_ID=\"12\"\n"
		"ID=debian\n"
		"PRETTY_NAME='SONiC \"quoted\" build'\n"
		"VARIANT=\"say \\\"hi\\\" \\$HOME\"\n"
		"BARE=word # trailing comment\n"
		"export EXPORTED=yes\n"
		"IDX=not-this\n";
	char *v;

	v = local_kv_get(t, "NAME");
	ck_assert_str_eq(v, "Debian GNU/Linux");
	free(v);
	v = local_kv_get(t, "ID");
	ck_assert_str_eq(v, "debian");	/* not IDX */
	free(v);
	v = local_kv_get(t, "PRETTY_NAME");
	ck_assert_str_eq(v, "SONiC \"quoted\" build");
	free(v);
	v = local_kv_get(t, "VARIANT");
	ck_assert_str_eq(v, "say \"hi\" $HOME");
	free(v);
	v = local_kv_get(t, "BARE");
	ck_assert_str_eq(v, "word");
	free(v);
	v = local_kv_get(t, "EXPORTED");
	ck_assert_str_eq(v, "yes");
	free(v);
	ck_assert_ptr_null(local_kv_get(t, "VERSION"));
	ck_assert_ptr_null(local_kv_get("", "ID"));
}
END_TEST

START_TEST(lsb_and_machine_conf)
{
	char *v = local_kv_get("DISTRIB_ID=\"Cumulus Linux\"\n"
			       "DISTRIB_RELEASE=4.4.5\n", "DISTRIB_RELEASE");

	ck_assert_str_eq(v, "4.4.5");
	free(v);
	v = local_kv_get("onie_machine=accton_as7326_56x\n"
			 "onie_platform=x86_64-accton_as7326_56x-r0", "onie_platform");
	ck_assert_str_eq(v, "x86_64-accton_as7326_56x-r0");
	free(v);
}
END_TEST

START_TEST(sonic_version_yaml)
{
	const char *t = "build_version: '202311.3-0a1b2c3d'\n"
			"debian_version: \"11.9\"\n"
			"asic_type: broadcom\n"
			"empty: ''\n";
	char *v = local_yaml_get(t, "build_version");

	ck_assert_str_eq(v, "202311.3-0a1b2c3d");
	free(v);
	v = local_yaml_get(t, "debian_version");
	ck_assert_str_eq(v, "11.9");
	free(v);
	v = local_yaml_get(t, "asic_type");
	ck_assert_str_eq(v, "broadcom");
	free(v);
	ck_assert_ptr_null(local_yaml_get(t, "empty"));
	ck_assert_ptr_null(local_yaml_get(t, "asic"));
}
END_TEST

START_TEST(meminfo_kb_to_bytes)
{
	struct local_meminfo m;

	ck_assert_int_eq(local_parse_meminfo("MemTotal:       16303644 kB\n"
					     "MemFree:         5012312 kB\n"
					     "MemAvailable:    9783108 kB\n"
					     "Buffers:          302124 kB\n", &m), 0);
	ck_assert(m.total == 16303644ULL * 1024);
	ck_assert(m.available == 9783108ULL * 1024);
	ck_assert(m.has_buffers && !m.has_cached);
	/* An old kernel: no MemAvailable. */
	ck_assert_int_eq(local_parse_meminfo("MemTotal: 1000 kB\nMemFree: 10 kB\n",
					     &m), 0);
	ck_assert(!m.has_available && m.free == 10240);
	ck_assert_int_eq(local_parse_meminfo("MemFree: 10 kB\n", &m), -1);
}
END_TEST

START_TEST(stat_deltas)
{
	static struct local_stat a, b;

	ck_assert_int_eq(local_parse_stat(
		"cpu  100 0 100 700 100 0 0 0 50 0\n"
		"cpu0 50 0 50 350 50 0 0 0 25 0\n"
		"cpu1 50 0 50 350 50 0 0 0 25 0\n"
		"intr 1 2 3\n", &a), 0);
	ck_assert_int_eq(a.ncpu, 2);
	ck_assert_int_eq(a.cpu_id[1], 1);
	/* guest time is already in user: left out of the total */
	ck_assert(a.all.total == 1000 && a.all.busy == 200);
	ck_assert_int_eq(local_parse_stat(
		"cpu  400 0 100 1200 100 0 0 0 50 0\n"
		"cpu0 350 0 50 350 50 0 0 0 25 0\n"
		"cpu1 50 0 50 850 50 0 0 0 25 0\n", &b), 0);
	ck_assert(local_cpu_load(&a.all, &b.all) == 37.5);	/* 300/800 */
	ck_assert(local_cpu_load(&a.cpu[0], &b.cpu[0]) == 100.0);
	ck_assert(local_cpu_load(&a.cpu[1], &b.cpu[1]) == 0.0);
	/* the same sample twice, or a counter going back: no load */
	ck_assert(local_cpu_load(&a.all, &a.all) < 0);
	ck_assert(local_cpu_load(&b.all, &a.all) < 0);
	ck_assert_int_eq(local_parse_stat("intr 1\n", &a), -1);
	/* old kernels: four fields only */
	ck_assert_int_eq(local_parse_stat("cpu 1 2 3 4\n", &a), 0);
	ck_assert(a.all.total == 10 && a.all.busy == 6);
}
END_TEST

static struct local_hw_chan chan(enum local_hw_kind k, long long input)
{
	struct local_hw_chan c;

	local_hw_chan_init(&c, k, 1);
	c.input.has = true;
	c.input.v = input;
	return c;
}

START_TEST(hwmon_temp_statuses)
{
	struct local_hw_chan c = chan(HW_TEMP, 45000);

	ck_assert_ptr_null(local_hw_status(&c));	/* nothing to judge by */
	c.max.has = true;
	c.max.v = 80000;
	ck_assert_str_eq(local_hw_status(&c), "ok");
	c.input.v = 80000;	/* at max, no alarm file: compared */
	ck_assert_str_eq(local_hw_status(&c), "warning");
	c.max_alarm = 0;	/* the chip's own alarm wins (hysteresis) */
	ck_assert_str_eq(local_hw_status(&c), "ok");
	c.max_alarm = 1;
	ck_assert_str_eq(local_hw_status(&c), "warning");
	c.crit.has = true;
	c.crit.v = 79000;	/* over crit, no crit_alarm file */
	ck_assert_str_eq(local_hw_status(&c), "failed");
	c.crit_alarm = 0;
	ck_assert_str_eq(local_hw_status(&c), "warning");
	c.crit_alarm = 1;
	ck_assert_str_eq(local_hw_status(&c), "failed");

	c = chan(HW_TEMP, 30000);
	c.fault = 1;	/* open diode */
	ck_assert_str_eq(local_hw_status(&c), "failed");
	c.fault = 0;
	ck_assert_str_eq(local_hw_status(&c), "ok");

	c = chan(HW_TEMP, 0);
	c.input.has = false;
	c.input_unreadable = true;
	c.max.has = true;
	c.max.v = 80000;
	ck_assert_str_eq(local_hw_status(&c), "unknown");
	c.disabled = true;
	ck_assert_ptr_null(local_hw_status(&c));
}
END_TEST

START_TEST(hwmon_fan_statuses)
{
	struct local_hw_chan c = chan(HW_FAN, 0);

	ck_assert_ptr_null(local_hw_status(&c));	/* 0 rpm says nothing */
	c.min.has = true;
	c.min.v = 1200;
	ck_assert_str_eq(local_hw_status(&c), "failed");	/* stopped */
	c.input.v = 900;
	ck_assert_str_eq(local_hw_status(&c), "warning");	/* slow */
	c.input.v = 5000;
	ck_assert_str_eq(local_hw_status(&c), "ok");
	c.alarm = 1;
	ck_assert_str_eq(local_hw_status(&c), "warning");
	c.input.v = 0;
	ck_assert_str_eq(local_hw_status(&c), "failed");
	c = chan(HW_FAN, 9000);
	c.fault = 0;
	ck_assert_str_eq(local_hw_status(&c), "ok");
	c.fault = 1;
	ck_assert_str_eq(local_hw_status(&c), "failed");
}
END_TEST

START_TEST(hwmon_voltage_statuses)
{
	struct local_hw_chan c = chan(HW_IN, 1032);

	c.min.has = c.max.has = true;
	c.min.v = 1100;
	c.max.v = 1400;
	ck_assert_str_eq(local_hw_status(&c), "warning");	/* under min */
	c.alarm = 0;	/* generic alarm file covers min and max */
	ck_assert_str_eq(local_hw_status(&c), "ok");
	c.alarm = 1;
	ck_assert_str_eq(local_hw_status(&c), "warning");
	c.lcrit_alarm = 1;
	ck_assert_str_eq(local_hw_status(&c), "failed");
	c = chan(HW_IN, 500);
	c.lcrit.has = true;
	c.lcrit.v = 600;
	ck_assert_str_eq(local_hw_status(&c), "failed");
}
END_TEST

START_TEST(cli_words)
{
	char **v;

	ck_assert_int_eq(local_cli_split("show  platform\tfan", &v), 3);
	ck_assert_str_eq(v[0], "show");
	ck_assert_str_eq(v[2], "fan");
	ck_assert_ptr_null(v[3]);
	local_cli_free_argv(v);
	ck_assert_int_eq(local_cli_split("show interfaces transceiver eeprom --dom", &v), 5);
	ck_assert_str_eq(v[4], "--dom");
	local_cli_free_argv(v);
	/* shell syntax is refused, never interpreted */
	ck_assert_int_eq(local_cli_split("show version | grep x", &v), -1);
	ck_assert_int_eq(local_cli_split("show version; reboot", &v), -1);
	ck_assert_int_eq(local_cli_split("show $(id)", &v), -1);
	ck_assert_int_eq(local_cli_split("show 'a b'", &v), -1);
	ck_assert_int_eq(local_cli_split("show\nreboot", &v), -1);
	ck_assert_int_eq(local_cli_split("   ", &v), -1);
	ck_assert_ptr_null(v);
}
END_TEST

START_TEST(cli_which)
{
	char buf[PATH_MAX];

	ck_assert_int_eq(local_cli_which("sh", "/nonexistent:/bin:/usr/bin", buf, sizeof(buf)), 0);
	ck_assert_int_eq(strcmp(buf + strlen(buf) - 3, "/sh"), 0);
	ck_assert_int_eq(local_cli_which("no-such-program-x", "/bin:/usr/bin", buf, sizeof(buf)), -1);
	/* an empty PATH entry is not the current folder */
	ck_assert_int_eq(local_cli_which("sh", "", buf, sizeof(buf)), -1);
}
END_TEST

static void run_sh(const char *script, long ms, size_t max, struct lcli_result *r)
{
	char *argv[] = {(char *)"/bin/sh", (char *)"-c", (char *)script, NULL};

	local_cli_exec(argv, ms, max, 1024, NULL, r);
}

START_TEST(cli_exec_outcomes)
{
	struct lcli_result r;
	char *missing[] = {(char *)"/nonexistent/show", (char *)"version", NULL};

	run_sh("echo out; echo err >&2; exit 3", 5000, 1 << 20, &r);
	ck_assert_int_eq(r.end, LCLI_EXITED);
	ck_assert_int_eq(r.exit_code, 3);
	ck_assert_str_eq(r.out, "out\n");
	ck_assert_str_eq(r.err, "err\n");
	local_cli_result_free(&r);

	/* stdin is /dev/null: a command waiting for input ends at once */
	run_sh("cat; echo done", 5000, 1 << 20, &r);
	ck_assert_int_eq(r.end, LCLI_EXITED);
	ck_assert_str_eq(r.out, "done\n");
	local_cli_result_free(&r);

	/* a hang: killed at the limit, with the helper it started */
	run_sh("sleep 6023 & echo $! ; wait", 300, 1 << 20, &r);
	ck_assert_int_eq(r.end, LCLI_TIMEOUT);
	ck_assert_int_lt(r.elapsed_ms, 3000);
	{
		int helper = (int)strtol(r.out, NULL, 10);

		ck_assert_int_gt(helper, 1);
		char path[64], st[512] = "";
		FILE *f;

		usleep(100000);
		/* gone, or a zombie waiting for whoever reaps orphans */
		snprintf(path, sizeof(path), "/proc/%d/stat", helper);
		if ((f = fopen(path, "r"))) {
			if (!fgets(st, sizeof(st), f))
				st[0] = '\0';
			fclose(f);
		}
		ck_assert_msg(!st[0] || strstr(st, ") Z "), "helper alive: %s", st);
	}
	local_cli_result_free(&r);

	/* output without end: cut at the cap, killed */
	run_sh("yes swinspect", 5000, 4096, &r);
	ck_assert_int_eq(r.end, LCLI_TOO_BIG);
	ck_assert_uint_eq(r.len, 4096);
	local_cli_result_free(&r);

	run_sh("kill -TERM $$", 5000, 1 << 20, &r);
	ck_assert_int_eq(r.end, LCLI_SIGNALLED);
	ck_assert_int_eq(r.signo, SIGTERM);
	local_cli_result_free(&r);

	local_cli_exec(missing, 5000, 1 << 20, 1024, NULL, &r);
	ck_assert_int_eq(r.end, LCLI_NOT_FOUND);
	local_cli_result_free(&r);
}
END_TEST


static Suite *local_suite(void)
{
	Suite *s = suite_create("local");
	TCase *tc = tcase_create("parsers");

	tcase_add_test(tc, os_release_quoting);
	tcase_add_test(tc, lsb_and_machine_conf);
	tcase_add_test(tc, sonic_version_yaml);
	tcase_add_test(tc, meminfo_kb_to_bytes);
	tcase_add_test(tc, stat_deltas);
	tcase_add_test(tc, hwmon_temp_statuses);
	tcase_add_test(tc, hwmon_fan_statuses);
	tcase_add_test(tc, hwmon_voltage_statuses);
	tcase_add_test(tc, cli_words);
	tcase_add_test(tc, cli_which);
	tcase_add_test(tc, cli_exec_outcomes);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(local_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
