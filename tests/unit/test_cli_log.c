/* Unit tests of collectors/cli_log.c: splitting what a customer hands over
 * (session logs, separated dumps, one output per file, folders) into
 * device / command / output items, with pager remnants, terminal
 * overwrites, abbreviations, several devices in one log and hostile
 * input.  The texts are written for these tests. */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collectors/cli_log.h"
#include "error.h"
#include "fsutil.h"

static const char *const known[] = {
	"display version", "display fan", "display power", "display cpu-usage",
	"display memory-usage", "display device", "display device manuinfo",
	"show version", "show environment all", "show processes cpu",
	"show running-config", "show chassis environment", NULL,
};

static int split(struct cli_log *log, const char *text, const char *src)
{
	struct si_error err;

	return cli_log_split(log, text, strlen(text), src, known, &err);
}

static const struct cli_item *item(const struct cli_log *log, size_t d,
				   size_t i)
{
	ck_assert_uint_lt(d, log->n);
	ck_assert_uint_lt(i, log->devs[d].n);
	return &log->devs[d].items[i];
}

/* ---- session logs ---------------------------------------------------------- */

START_TEST(angle_session)
{
	struct cli_log log = {0};
	const char *text =
		"login banner, not a command\n"
		"<core-sw-01>display version\n"
		"VRP (R) software, Version 5.170\n"
		"core-sw-01 uptime is 3 weeks\n"
		"<core-sw-01>\n"
		"<core-sw-01>dis  elabel\n"
		"[Slot_3]\n"
		"BoardType=LE0MX\n"
		"[Board Properties]\n"
		"<core-sw-01>system-view\n"
		"[core-sw-01]interface GigabitEthernet0/0/1\n"
		"[core-sw-01-GigabitEthernet0/0/1]display this\n"
		" port link-type trunk\n"
		"[~core-sw-01-GigabitEthernet0/0/1]quit\n";

	ck_assert_int_eq(split(&log, text, "s.log"), 6);
	ck_assert_uint_eq(log.n, 1);
	ck_assert_str_eq(log.devs[0].name, "core-sw-01");
	ck_assert_str_eq(log.devs[0].prompt, "<core-sw-01>");
	ck_assert_int_eq(log.devs[0].kind, CLI_PROMPT_ANGLE);
	ck_assert_str_eq(item(&log, 0, 0)->command, "display version");
	ck_assert_str_eq(item(&log, 0, 0)->output,
			 "VRP (R) software, Version 5.170\n"
			 "core-sw-01 uptime is 3 weeks\n");
	ck_assert_int_eq(item(&log, 0, 0)->line, 2);
	/* "[Slot_3]" is output (a new host name without a command) */
	ck_assert_str_eq(item(&log, 0, 1)->command, "dis elabel");
	ck_assert_str_eq(item(&log, 0, 1)->output,
			 "[Slot_3]\nBoardType=LE0MX\n[Board Properties]\n");
	ck_assert_str_eq(item(&log, 0, 3)->command,
			 "interface GigabitEthernet0/0/1");
	ck_assert_str_eq(item(&log, 0, 4)->output, " port link-type trunk\n");
	ck_assert_str_eq(item(&log, 0, 5)->command, "quit");
	cli_log_free(&log);
}
END_TEST

START_TEST(hash_session_crlf)
{
	struct cli_log log = {0};
	const char *text =
		"\xef\xbb\xbf" "edge-2960>enable\r\n"
		"Password: \r\n"
		"edge-2960#terminal length 0\r\n"
		"edge-2960#  show   version\r\n"
		"Cisco IOS Software, C2960 Software\r\n"
		"\r\n"
		"edge-2960 uptime is 1 week, 2 days\r\n"
		"edge-2960#conf t\r\n"
		"edge-2960(config)#hostname edge-2960\r\n"
		"edge-2960(config)#end\r\n"
		"edge-2960#show env all\r\n"
		"FAN is OK\r\n"
		"edge-2960#";

	ck_assert_int_eq(split(&log, text, "cisco.log"), 7);
	ck_assert_uint_eq(log.n, 1);
	ck_assert_str_eq(log.devs[0].name, "edge-2960");
	ck_assert_str_eq(log.devs[0].prompt, "edge-2960>");
	ck_assert_int_eq(log.devs[0].kind, CLI_PROMPT_HASH);
	ck_assert_str_eq(item(&log, 0, 0)->output, "Password: \n");
	ck_assert_str_eq(item(&log, 0, 2)->command, "show version");
	ck_assert_str_eq(item(&log, 0, 2)->output,
			 "Cisco IOS Software, C2960 Software\n\n"
			 "edge-2960 uptime is 1 week, 2 days\n");
	ck_assert_str_eq(item(&log, 0, 6)->command, "show env all");
	ck_assert_str_eq(item(&log, 0, 6)->output, "FAN is OK\n");
	cli_log_free(&log);
}
END_TEST

START_TEST(junos_and_shell)
{
	struct cli_log log = {0};
	const char *text =
		"ops@mx-edge> show chassis environment | no-more\n"
		"Class Item                           Status     Measurement\n"
		"Temp  PEM 0                          OK         31 degrees C\n"
		"\n"
		"{master:0}\n"
		"ops@mx-edge> exit\n"
		"admin@leaf-7:~$ show platform summary\n"
		"Platform: x86_64-accton_as7326_56x-r0\n"
		"admin@leaf-7:~$ sudo vtysh -c 'show ip bgp summary'\n"
		"% No BGP neighbors found\n"
		"root@leaf-7:/home/admin# uptime\n"
		" 10:00:01 up 12 days\n";

	ck_assert_int_eq(split(&log, text, "mixed.log"), 5);
	ck_assert_uint_eq(log.n, 2);
	ck_assert_str_eq(log.devs[0].name, "mx-edge");
	ck_assert_int_eq(log.devs[0].kind, CLI_PROMPT_JUNOS);
	ck_assert_str_eq(item(&log, 0, 0)->command, "show chassis environment");
	ck_assert_str_eq(item(&log, 0, 0)->output,
			 "Class Item                           Status     "
			 "Measurement\n"
			 "Temp  PEM 0                          OK         31 "
			 "degrees C\n");
	ck_assert_str_eq(log.devs[1].name, "leaf-7");
	ck_assert_int_eq(log.devs[1].kind, CLI_PROMPT_SHELL);
	ck_assert_str_eq(log.devs[1].prompt, "admin@leaf-7:~$");
	ck_assert_uint_eq(log.devs[1].n, 3);
	ck_assert_str_eq(item(&log, 1, 2)->output, " 10:00:01 up 12 days\n");
	cli_log_free(&log);
}
END_TEST

START_TEST(several_devices)
{
	struct cli_log log = {0};
	const char *text =
		"dist-a#show version\n"
		"Cisco IOS XE Software\n"
		"dist-a#ssh -l ops 10.0.0.9\n"
		"Password:\n"
		"<acc-9>display version\n"
		"Huawei Versatile Routing Platform\n"
		"<acc-9>quit\n"
		"dist-a#show env all\n"
		"POWER is OK\n";

	ck_assert_int_eq(split(&log, text, "hop.log"), 5);
	ck_assert_uint_eq(log.n, 2);
	ck_assert_str_eq(log.devs[0].name, "dist-a");
	ck_assert_uint_eq(log.devs[0].n, 3);	/* back to dist-a: joined */
	ck_assert_str_eq(item(&log, 0, 1)->output, "Password:\n");
	ck_assert_str_eq(item(&log, 0, 2)->output, "POWER is OK\n");
	ck_assert_str_eq(log.devs[1].name, "acc-9");
	ck_assert_str_eq(log.devs[1].prompt, "<acc-9>");
	ck_assert_str_eq(item(&log, 1, 0)->output,
			 "Huawei Versatile Routing Platform\n");
	/* a second file of the same host joins it too */
	ck_assert_int_eq(split(&log, "<acc-9>display fan\nFan 1 Normal\n",
			       "more.log"), 1);
	ck_assert_uint_eq(log.n, 2);
	ck_assert_uint_eq(log.devs[1].n, 3);
	ck_assert_str_eq(item(&log, 1, 2)->file, "more.log");
	cli_log_free(&log);
}
END_TEST

/* ---- pagers and terminal overwrites ------------------------------------------ */

START_TEST(pager_remnants)
{
	struct cli_log log = {0};
	const char *text =
		"<sw5>display device\n"
		"Slot 1  Normal\n"
		"  ---- More ----\x1b[16D                \x1b[16DSlot 2  Normal\n"
		"  ---- More ----\x1b[42D                                        "
		"  \x1b[42DSlot 3  Normal\n"
		"<sw5>display power\n"
		"PWR1 Supply\n"
		" --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\bPWR2 "
		"Supply\n"
		"<--- More --->\n"
		"PWR3 Supply\n"
		"  ---- More ----                    PWR4 Supply\n"
		"--More--(42%)\n"
		"PWR5 Supply\n";

	ck_assert_int_eq(split(&log, text, "pager.log"), 2);
	ck_assert_str_eq(item(&log, 0, 0)->output,
			 "Slot 1  Normal\nSlot 2  Normal\nSlot 3  Normal\n");
	ck_assert_str_eq(item(&log, 0, 1)->output,
			 "PWR1 Supply\nPWR2 Supply\nPWR3 Supply\nPWR4 Supply\n"
			 "PWR5 Supply\n");
	cli_log_free(&log);
}
END_TEST

START_TEST(strip_pager_lines)
{
	char a[] = "  ---- More ----", b[] = "<--- More --->",
	     c[] = " More: <space>,  Quit: q or CTRL+Z, One line: <return> ",
	     d[] = "---- Slot 1 ----", e[] = "more text -- not a pager --";

	ck_assert(cli_strip_pager(a));
	ck_assert(cli_strip_pager(b));
	ck_assert(cli_strip_pager(c));
	ck_assert(!cli_strip_pager(d));
	ck_assert_str_eq(d, "---- Slot 1 ----");
	ck_assert(!cli_strip_pager(e));
	ck_assert_str_eq(e, "more text -- not a pager --");
}
END_TEST

/* ---- abbreviations ------------------------------------------------------------ */

START_TEST(abbreviations)
{
	static const char *const k[] = {
		"display version", "display cpu-usage", "display memory-usage",
		"display device", "display device manuinfo",
		"display diagnostic-information", "show version",
		"show environment all", "show interfaces", "show interface",
		"display cpu", "display cpu-usage", NULL,
	};
	size_t n = sizeof(k) / sizeof(k[0]) - 1;

	ck_assert_str_eq(cli_expand("dis ver", k, n), "display version");
	ck_assert_str_eq(cli_expand("DISP   Version", k, n),
			 "display version");
	ck_assert_str_eq(cli_expand("sh ver", k, n), "show version");
	ck_assert_str_eq(cli_expand("sh env all", k, n),
			 "show environment all");
	ck_assert_str_eq(cli_expand("dis mem", k, n), "display memory-usage");
	/* two fit: the one with more words in full wins */
	ck_assert_str_eq(cli_expand("dis cpu", k, n), "display cpu");
	ck_assert_str_eq(cli_expand("disp cpu-u", k, n), "display cpu-usage");
	ck_assert_str_eq(cli_expand("dis device", k, n), "display device");
	ck_assert_str_eq(cli_expand("dis dev manu", k, n),
			 "display device manuinfo");
	/* ambiguous, unknown, or a word too many */
	ck_assert_ptr_null(cli_expand("dis d", k, n));
	ck_assert_ptr_null(cli_expand("show int", k, n));
	ck_assert_ptr_null(cli_expand("dis fan", k, n));
	ck_assert_ptr_null(cli_expand("dis ver det", k, n));
	ck_assert_ptr_null(cli_expand("", k, n));
	ck_assert_ptr_null(cli_expand("display versions", k, n));
	ck_assert(cli_is_command("dis fan", NULL));
	ck_assert(cli_is_command("sh ip int b", NULL));
	ck_assert(!cli_is_command("s version", NULL));
	ck_assert(!cli_is_command("Slot 1", NULL));
	ck_assert(!cli_is_command("", NULL));
	ck_assert(cli_is_command("display memory-usage", k));
}
END_TEST

START_TEST(prompt_shapes)
{
	enum cli_prompt_kind kind;
	char host[64];
	const char *cmd;

	ck_assert(cli_prompt_parse("<HUAWEI>dis ver", &kind, host,
				   sizeof(host), &cmd));
	ck_assert_str_eq(host, "HUAWEI");
	ck_assert_str_eq(cmd, "dis ver");
	ck_assert(cli_prompt_parse("[~HUAWEI-Vlanif10]", &kind, host,
				   sizeof(host), &cmd));
	ck_assert_str_eq(host, "HUAWEI-Vlanif10");
	ck_assert(cli_prompt_parse("sw1(config-if)#exit", &kind, host,
				   sizeof(host), &cmd));
	ck_assert_int_eq(kind, CLI_PROMPT_HASH);
	ck_assert_str_eq(host, "sw1");
	ck_assert_str_eq(cmd, "exit");
	ck_assert(cli_prompt_parse("lab@srx> show version", &kind, host,
				   sizeof(host), &cmd));
	ck_assert_int_eq(kind, CLI_PROMPT_JUNOS);
	ck_assert_str_eq(host, "srx");
	ck_assert(cli_prompt_parse("admin@sonic:~$ show version", &kind, host,
				   sizeof(host), &cmd));
	ck_assert_int_eq(kind, CLI_PROMPT_SHELL);
	ck_assert_str_eq(host, "sonic");
	ck_assert(!cli_prompt_parse(" <HUAWEI>x", &kind, host, sizeof(host),
				    &cmd));
	ck_assert(!cli_prompt_parse("[Board Properties]", &kind, host,
				    sizeof(host), &cmd));
	ck_assert(!cli_prompt_parse("Total: 3", &kind, host, sizeof(host),
				    &cmd));
	ck_assert(!cli_prompt_parse("", &kind, host, sizeof(host), &cmd));
	ck_assert(!cli_prompt_parse("#", &kind, host, sizeof(host), &cmd));
}
END_TEST

/* ---- separated dumps and one output per file ------------------------------- */

START_TEST(separated_inline)
{
	struct cli_log log = {0};
	const char *text =
		"-------------------dis cpu-usage-------------------\n"
		"\n"
		"Slot 1 CPU usage:\n"
		"      9% in last 5 seconds\n"
		"\n"
		"==== display fan ====\n"
		"---- Slot 1 ----\n"
		" Fan 1 State: Normal\n"
		"****show version****\n"
		"Cisco IOS Software\n";

	ck_assert_int_eq(split(&log, text, "/tmp/x/sw-dump.txt"), 3);
	ck_assert_uint_eq(log.n, 1);
	ck_assert_str_eq(log.devs[0].name, "sw-dump");
	ck_assert_int_eq(log.devs[0].kind, CLI_PROMPT_NONE);
	ck_assert_ptr_null(log.devs[0].prompt);
	ck_assert_str_eq(item(&log, 0, 0)->command, "dis cpu-usage");
	ck_assert_str_eq(item(&log, 0, 0)->output,
			 "\nSlot 1 CPU usage:\n      9% in last 5 seconds\n");
	ck_assert_str_eq(item(&log, 0, 1)->command, "display fan");
	ck_assert_str_eq(item(&log, 0, 1)->output,
			 "---- Slot 1 ----\n Fan 1 State: Normal\n");
	ck_assert_str_eq(item(&log, 0, 2)->output, "Cisco IOS Software\n");
	cli_log_free(&log);
}
END_TEST

START_TEST(separated_block)
{
	struct cli_log log = {0};
	const char *text =
		"dis clock\n"
		"2024-03-01 10:00:00\n"
		"------------------------------------------------------------\n"
		"dis power\n"
		"PowerID  State\n"
		"--------------------------\n"
		"PWR1     Supply\n"
		"--------------------------\n"
		"------------------------------------------------------------\n"
		"dis memory-usage\n"
		"Memory Using Percentage Is: 21%\n";

	ck_assert_int_eq(split(&log, text, "diag.diag"), 3);
	ck_assert_str_eq(item(&log, 0, 0)->command, "dis clock");
	ck_assert_str_eq(item(&log, 0, 0)->output, "2024-03-01 10:00:00\n");
	ck_assert_str_eq(item(&log, 0, 1)->output,
			 "PowerID  State\n--------------------------\n"
			 "PWR1     Supply\n--------------------------\n");
	ck_assert_int_eq(item(&log, 0, 2)->line, 10);
	ck_assert_str_eq(item(&log, 0, 2)->output,
			 "Memory Using Percentage Is: 21%\n");
	cli_log_free(&log);
}
END_TEST

START_TEST(one_per_file)
{
	struct cli_log log = {0};

	ck_assert_int_eq(split(&log, "Fan 1 Normal\n", "in/display_fan.log"),
			 1);
	ck_assert_str_eq(log.devs[0].name, "device");
	ck_assert_str_eq(item(&log, 0, 0)->command, "display fan");
	ck_assert_int_eq(item(&log, 0, 0)->line, 0);
	ck_assert_int_eq(split(&log, "hostname x\n",
			       "in/sw9-show_running-config.txt"), 1);
	ck_assert_str_eq(log.devs[1].name, "sw9");
	ck_assert_str_eq(item(&log, 1, 0)->command, "show running-config");
	/* the command on the first line: after a prompt, or bare */
	ck_assert_int_eq(split(&log, "<agg3>display power\nPWR1 Supply\n",
			       "a.txt"), 1);
	ck_assert_str_eq(log.devs[2].name, "agg3");
	ck_assert_int_eq(split(&log, "\nshow version\nCisco IOS Software\n",
			       "b.txt"), 1);
	ck_assert_str_eq(log.devs[0].items[1].command, "show version");
	ck_assert_str_eq(log.devs[0].items[1].output, "Cisco IOS Software\n");
	cli_log_free(&log);
}
END_TEST

START_TEST(folder_is_one_device)
{
	char dir[] = "/tmp/swi-cli-XXXXXX", *sub, *f1, *f2, *f3;
	struct cli_log log = {0};
	struct si_diags d = {0};
	struct si_error err;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	sub = fs_join(dir, "rack4-sw");
	ck_assert_int_eq(fs_mkdirs(sub, 0700, &err), 0);
	f1 = fs_join(sub, "display_version.txt");
	f2 = fs_join(sub, "display_fan.txt");
	f3 = fs_join(sub, "notes.txt");
	ck_assert_int_eq(fs_write_atomic(f1, "VRP\n", 4, &err), 0);
	ck_assert_int_eq(fs_write_atomic(f2, "Fan 1 Normal\n", 13, &err), 0);
	ck_assert_int_eq(cli_log_read(&log, sub, known, &d), 2);
	ck_assert_uint_eq(log.n, 1);
	ck_assert_str_eq(log.devs[0].name, "rack4-sw");
	ck_assert_str_eq(item(&log, 0, 0)->command, "display fan");
	ck_assert_str_eq(item(&log, 0, 1)->command, "display version");
	ck_assert_uint_eq(d.n, 0);
	/* a loose file of one output: named after its folder */
	cli_log_free(&log);
	ck_assert_int_eq(cli_log_read(&log, f2, known, &d), 1);
	ck_assert_str_eq(log.devs[0].name, "rack4-sw");
	cli_log_free(&log);
	/* one unrecognisable file: a located error, and a failure */
	ck_assert_int_eq(fs_write_atomic(f3, "call Bob\n", 9, &err), 0);
	ck_assert_int_eq(cli_log_read(&log, sub, known, &d), -1);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_str_eq(d.v[0].file, f3);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "no command found"));
	si_diags_free(&d);
	cli_log_free(&log);
	ck_assert_int_eq(cli_log_read(&log, "/nonexistent/x.log", known, &d),
			 -1);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "cannot read"));
	si_diags_free(&d);
	cli_log_free(&log);
	unlink(f1);
	unlink(f2);
	unlink(f3);
	rmdir(sub);
	rmdir(dir);
	free(f1);
	free(f2);
	free(f3);
	free(sub);
}
END_TEST

/* ---- hostile input ------------------------------------------------------------ */

START_TEST(empty_and_garbage)
{
	struct cli_log log = {0};
	struct si_error err;
	char junk[4096];
	unsigned s = 7;

	ck_assert_int_eq(cli_log_split(&log, "", 0, "empty.txt", known, &err),
			 0);
	ck_assert_ptr_nonnull(strstr(err.msg, "no command found"));
	ck_assert_str_eq(err.file, "empty.txt");
	ck_assert_int_eq(cli_log_split(&log, "\n\n  \n", 4, "blank.txt",
				       known, &err), 0);
	for (size_t i = 0; i < sizeof(junk); i++) {
		s = s * 1103515245u + 12345u;
		junk[i] = (char)(s >> 16);
	}
	ck_assert_int_eq(cli_log_split(&log, junk, sizeof(junk), "junk.bin",
				       known, &err), 0);
	ck_assert_uint_eq(log.n, 0);
	cli_log_free(&log);
}
END_TEST

START_TEST(nul_bytes)
{
	struct cli_log log = {0};
	struct si_error err;
	static const char text[] = "<s1>dis\0play fan\nFan\0 1 Normal\n\0";

	ck_assert_int_eq(cli_log_split(&log, text, sizeof(text) - 1, "n.log",
				       known, &err), 1);
	ck_assert_str_eq(item(&log, 0, 0)->command, "display fan");
	ck_assert_str_eq(item(&log, 0, 0)->output, "Fan 1 Normal\n");
	cli_log_free(&log);
}
END_TEST

START_TEST(huge_lines)
{
	struct cli_log log = {0};
	struct si_error err;
	size_t big = 8u << 20, len;
	char *text = malloc(big + 64);

	ck_assert_ptr_nonnull(text);
	len = (size_t)sprintf(text, "sw1#show version\n");
	memset(text + len, 'x', big);
	len += big;
	len += (size_t)sprintf(text + len, "\nsw1#show env all\nFAN is OK\n");
	ck_assert_int_eq(cli_log_split(&log, text, len, "big.log", known,
				       &err), 2);
	ck_assert_uint_eq(item(&log, 0, 0)->len, big + 1);
	ck_assert_str_eq(item(&log, 0, 1)->output, "FAN is OK\n");
	cli_log_free(&log);
	/* a prompt-like line of a huge host name is output, not a device */
	memset(text, 'h', big);
	/* NOLINTNEXTLINE(bugprone-not-null-terminated-result): length given */
	memcpy(text + big, "#show version\n", 14);
	ck_assert_int_eq(cli_log_split(&log, text, big + 14, "h.log", known,
				       &err), 0);
	cli_log_free(&log);
	free(text);
}
END_TEST

static Suite *cli_log_suite(void)
{
	Suite *s = suite_create("cli_log");
	TCase *t = tcase_create("sessions");

	tcase_set_timeout(t, 60);
	tcase_add_test(t, angle_session);
	tcase_add_test(t, hash_session_crlf);
	tcase_add_test(t, junos_and_shell);
	tcase_add_test(t, several_devices);
	tcase_add_test(t, pager_remnants);
	tcase_add_test(t, strip_pager_lines);
	tcase_add_test(t, abbreviations);
	tcase_add_test(t, prompt_shapes);
	suite_add_tcase(s, t);
	t = tcase_create("files");
	tcase_set_timeout(t, 60);
	tcase_add_test(t, separated_inline);
	tcase_add_test(t, separated_block);
	tcase_add_test(t, one_per_file);
	tcase_add_test(t, folder_is_one_device);
	tcase_add_test(t, empty_and_garbage);
	tcase_add_test(t, nul_bytes);
	tcase_add_test(t, huge_lines);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(cli_log_suite());
	int failed;

	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
