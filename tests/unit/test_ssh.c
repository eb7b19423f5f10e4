/* Unit tests of the SSH collector's pure logic: the interactive session
 * (collectors/ssh_cli.c) fed recorded byte streams through a fake
 * transport, the terminal clean-up, prompt shapes, configuration
 * redaction (cases as data in tests/ssh/redact/), refusals and family
 * recognition through the shipped vendor profiles (collectors/profiles/). */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "agent/inventory.h"
#include "collectors/collector.h"
#include "error.h"
#include "fsutil.h"
#include "collectors/redact_config.h"
#include "sbuf.h"
#include "collectors/ssh_cli.h"
#include "collectors/ssh_collect.h"
#include "collectors/profile.h"
#include "collectors/ssh_transport.h"

/* ---- a fake transport that plays a script -------------------------------
 * chunks[0] is readable at once; every send releases the next chunk.  Reads
 * hand out at most max_read bytes; an empty queue waits for the deadline
 * (or ends the stream once the script is over and eof is set). */
struct fake {
	const char *const *chunks;
	size_t n, next;
	struct sbuf q;
	size_t qpos, max_read;
	struct sbuf sent;
	bool eof;
	bool repeat_last;	/* an endless device */
};

static int fake_send(void *ctx, const char *data, size_t len,
		     struct si_error *err)
{
	struct fake *f = ctx;

	(void)err;
	sbuf_add(&f->sent, data, len);
	if (f->next < f->n)
		sbuf_adds(&f->q, f->chunks[f->next++]);
	else if (f->repeat_last && f->n)
		sbuf_adds(&f->q, f->chunks[f->n - 1]);
	return 0;
}

static long fake_read(void *ctx, char *buf, size_t n, long deadline,
		      struct si_error *err)
{
	struct fake *f = ctx;
	size_t avail = f->q.len - f->qpos;

	(void)err;
	if (avail == 0) {
		long now = collect_now_ms();

		if (f->eof && f->next >= f->n)
			return SSHCLI_EOF;
		if (deadline > now) {
			struct timespec ts = {(deadline - now) / 1000,
					      ((deadline - now) % 1000) *
						      1000000L};
			nanosleep(&ts, NULL);
		}
		return 0;
	}
	if (n > avail)
		n = avail;
	if (f->max_read && n > f->max_read)
		n = f->max_read;
	memcpy(buf, f->q.s + f->qpos, n);
	f->qpos += n;
	return (long)n;
}

static const struct sshcli_io fake_io = {fake_send, fake_read};

static void fake_init(struct fake *f, const char *const *chunks, size_t n)
{
	memset(f, 0, sizeof(*f));
	f->chunks = chunks;
	f->n = n;
	sbuf_init(&f->q, SBUF_UNLIMITED);
	sbuf_init(&f->sent, SBUF_UNLIMITED);
	sbuf_adds(&f->q, chunks[0]);
	f->next = 1;
}

static void fake_free(struct fake *f)
{
	sbuf_free(&f->q);
	sbuf_free(&f->sent);
}

static struct sshcli *open_cli(struct fake *f, long idle_ms)
{
	struct sshcli_opts o;

	sshcli_opts_default(&o);
	o.idle_ms = idle_ms;
	o.start_ms = 2000;
	o.command_ms = 5000;
	return sshcli_new(&fake_io, f, &o);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Runs cmd and checks status and output. */
static void expect_run(struct sshcli *c, const char *cmd, enum src_status st,
		       const char *want)
{
	struct si_error err;
	char *out;
	size_t len;
	enum src_status got = sshcli_run(c, cmd, &out, &len, NULL, &err);

	ck_assert_msg(got == st, "%s: status %s, want %s (%s)", cmd,
		      src_status_name(got), src_status_name(st), err.msg);
	if (want)
		ck_assert_str_eq(out, want);
	free(out);
}

/* ---- sessions ------------------------------------------------------------- */

static const char *const ios[] = {
	"\r\nUnauthorised access prohibited.\r\n\r\nsw1#",
	"\r\nsw1#",
	"terminal length 0\r\nsw1#",
	"show version\r\nCisco IOS Software, Version 15.2(7)E\r\n"
	"uptime is 1 day  \r\n\r\nsw1#",
};

START_TEST(ios_session)
{
	struct fake f;
	struct si_error err;
	struct sshcli *c;

	fake_init(&f, ios, N(ios));
	c = open_cli(&f, 1000);
	ck_assert_int_eq(sshcli_start(c, &err), SRC_OK);
	ck_assert_str_eq(sshcli_prompt(c), "sw1#");
	ck_assert_str_eq(sshcli_hostname(c), "sw1");
	ck_assert_str_eq(sshcli_banner(c), "\nUnauthorised access prohibited.");
	expect_run(c, "terminal length 0", SRC_OK, "");
	expect_run(c, "show version", SRC_OK,
		   "Cisco IOS Software, Version 15.2(7)E\nuptime is 1 day  \n\n");
	ck_assert(strstr(f.sent.s, "show version\n") != NULL);
	sshcli_free(c);
	fake_free(&f);
}
END_TEST

/* IOS pager with its backspace erase; trailing spaces of real lines kept */
static const char *const ios_pager[] = {
	"sw1#",
	"\r\nsw1#",
	"show run\r\nline 1\r\nline 2  \r\n --More-- ",
	/* NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one screen */
	"\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\bline 3\r\n"
	" --More-- ",
	"\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\bend\r\nsw1#",
};
static const char ios_pager_out[] = "line 1\nline 2  \nline 3\nend\n";

static void pager_case(const char *const *script, size_t n, size_t max_read,
		       const char *cmd, const char *want, unsigned pages)
{
	struct fake f;
	struct si_error err;
	struct sshcli_cmd_stats st;
	struct sshcli *c;
	char *out;
	size_t len;

	fake_init(&f, script, n);
	f.max_read = max_read;
	c = open_cli(&f, 1000);
	ck_assert_int_eq(sshcli_start(c, &err), SRC_OK);
	ck_assert_int_eq(sshcli_run(c, cmd, &out, &len, &st, &err), SRC_OK);
	ck_assert_str_eq(out, want);
	ck_assert_uint_eq(len, strlen(want));
	ck_assert_uint_eq(st.pages, pages);
	free(out);
	sshcli_free(c);
	fake_free(&f);
}

START_TEST(ios_pager_whole)
{
	pager_case(ios_pager, N(ios_pager), 0, "show run", ios_pager_out, 2);
}
END_TEST

START_TEST(ios_pager_byte_by_byte)
{
	pager_case(ios_pager, N(ios_pager), 1, "show run", ios_pager_out, 2);
}
END_TEST

static const char *const vrp_pager[] = {
	"Info: The max number of VTY users is 21.\r\n<HW-Core>",
	"\r\n<HW-Core>",
	"display version\r\nHuawei Versatile Routing Platform Software\r\n"
	"VRP (R) software, Version 5.170\r\n  ---- More ----",
	"\x1b[42D                                          \x1b[42D"
	"HUAWEI S7706 Terabit Routing Switch uptime is 1 week\r\n"
	"\r\n<HW-Core>",
};

START_TEST(vrp_pager_ansi)
{
	pager_case(vrp_pager, N(vrp_pager), 7, "display version",
		   "Huawei Versatile Routing Platform Software\n"
		   "VRP (R) software, Version 5.170\n"
		   "HUAWEI S7706 Terabit Routing Switch uptime is 1 week\n\n",
		   1);
}
END_TEST

/* NX-OS erases with CR, spaces, CR */
static const char *const nxos_pager[] = {
	"leaf1# ",
	"\r\nleaf1# ",
	"show inventory\r\nNAME: \"Chassis\"\r\n --More-- ",
	"\r          \rPID: N9K-C93180YC-EX\r\nleaf1# ",
};

START_TEST(nxos_pager_cr)
{
	pager_case(nxos_pager, N(nxos_pager), 3, "show inventory",
		   "NAME: \"Chassis\"\nPID: N9K-C93180YC-EX\n", 1);
}
END_TEST

/* Comware: "---- More ----" then ESC[16D */
static const char *const comware_pager[] = {
	"<H3C>",
	"\r\n<H3C>",
	"display fan\r\n Fan 1:\r\n---- More ----",
	"\x1b[16D                \x1b[16D State    : Normal\r\n<H3C>",
};

START_TEST(comware_pager_ansi)
{
	pager_case(comware_pager, N(comware_pager), 0, "display fan",
		   " Fan 1:\n State    : Normal\n", 1);
}
END_TEST

/* Colour codes, a backspaced echo, CR CR LF */
static const char *const ansi[] = {
	"\x1b[1;32mswitch>\x1b[0m ",
	"\r\n\x1b[1;32mswitch>\x1b[0m ",
	"shw\b\b\bshow clock\r\r\n\x1b[33m10:00:01\x1b[0m UTC\r\r\n"
	"\x1b[1;32mswitch>\x1b[0m ",
};

START_TEST(ansi_and_backspaces)
{
	struct fake f;
	struct si_error err;
	struct sshcli *c;

	fake_init(&f, ansi, N(ansi));
	c = open_cli(&f, 1000);
	ck_assert_int_eq(sshcli_start(c, &err), SRC_OK);
	ck_assert_str_eq(sshcli_prompt(c), "switch>");
	expect_run(c, "show clock", SRC_OK, "10:00:01 UTC\n");
	sshcli_free(c);
	fake_free(&f);
}
END_TEST

static const char *const stall[] = {
	"sw1#",
	"\r\nsw1#",
	"show logging\r\nline 1\r\nline 2\r\n",
};

START_TEST(stall_times_out)
{
	struct fake f;
	struct si_error err;
	struct sshcli *c;
	char *out;
	size_t len;
	long t0;

	fake_init(&f, stall, N(stall));
	c = open_cli(&f, 300);
	ck_assert_int_eq(sshcli_start(c, &err), SRC_OK);
	t0 = collect_now_ms();
	ck_assert_int_eq(sshcli_run(c, "show logging", &out, &len, NULL, &err),
			 SRC_TIMEOUT);
	ck_assert_msg(collect_now_ms() - t0 < 2000, "waited too long");
	ck_assert_msg(strstr(err.msg, "stalled") != NULL, "%s", err.msg);
	ck_assert_str_eq(out, "line 1\nline 2\n");
	ck_assert(!sshcli_alive(c));
	free(out);
	sshcli_free(c);
	fake_free(&f);
}
END_TEST

static const char *const stall_recovers[] = {
	"sw1#",
	"\r\nsw1#",
	"show tech\r\npart 1\r\n",
	"^C\r\nsw1#",
	"show clock\r\n10:00\r\nsw1#",
};

START_TEST(stall_recovered_by_ctrl_c)
{
	struct fake f;
	struct si_error err;
	struct sshcli *c;

	fake_init(&f, stall_recovers, N(stall_recovers));
	c = open_cli(&f, 300);
	ck_assert_int_eq(sshcli_start(c, &err), SRC_OK);
	expect_run(c, "show tech", SRC_TIMEOUT, "part 1\n");
	ck_assert(sshcli_alive(c));
	ck_assert(strstr(f.sent.s, "\x03") != NULL);
	expect_run(c, "show clock", SRC_OK, "10:00\n");
	sshcli_free(c);
	fake_free(&f);
}
END_TEST

static const char *const drop[] = {
	"sw1#",
	"\r\nsw1#",
	"show running-config\r\nversion 15.2\r\nhostname sw1\r\n",
};

START_TEST(drop_is_closed)
{
	struct fake f;
	struct si_error err;
	struct sshcli *c;
	char *out;
	size_t len;

	fake_init(&f, drop, N(drop));
	f.eof = true;
	c = open_cli(&f, 1000);
	ck_assert_int_eq(sshcli_start(c, &err), SRC_OK);
	ck_assert_int_eq(sshcli_run(c, "show running-config", &out, &len, NULL,
				    &err), SRC_CLOSED);
	ck_assert_msg(strstr(err.msg, "closed the session") != NULL, "%s",
		      err.msg);
	ck_assert_str_eq(out, "version 15.2\nhostname sw1\n");
	free(out);
	sshcli_free(c);
	fake_free(&f);
}
END_TEST

static const char *const endless[] = {
	"sw1#",
	"\r\nsw1#",
	"show log\r\nsame line again and again\r\n --More-- ",
};

/* The page cap: a pager answered past max_pages is an endless pager even
 * while the bytes stay under max_output and no deadline passes. */
START_TEST(endless_pager_page_cap)
{
	struct fake f;
	struct si_error err;
	struct sshcli_opts o;
	struct sshcli *c;
	char *out;
	size_t len;

	fake_init(&f, endless, N(endless));
	f.repeat_last = true;
	sshcli_opts_default(&o);
	o.idle_ms = 1000;
	o.max_pages = 50;
	c = sshcli_new(&fake_io, &f, &o);
	ck_assert_int_eq(sshcli_start(c, &err), SRC_OK);
	ck_assert_int_eq(sshcli_run(c, "show log", &out, &len, NULL, &err),
			 SRC_PROTOCOL_ERROR);
	ck_assert_msg(strstr(err.msg, "the pager never ended: 50 pages "
			     "answered (the cap, max_pages)"), "%s", err.msg);
	free(out);
	sshcli_free(c);
	fake_free(&f);
}
END_TEST

START_TEST(endless_pager_is_protocol_error)
{
	struct fake f;
	struct si_error err;
	struct sshcli_opts o;
	struct sshcli *c;
	char *out;
	size_t len;

	fake_init(&f, endless, N(endless));
	f.repeat_last = true;
	sshcli_opts_default(&o);
	o.idle_ms = 1000;
	o.max_output = 20000;
	c = sshcli_new(&fake_io, &f, &o);
	ck_assert_int_eq(sshcli_start(c, &err), SRC_OK);
	ck_assert_int_eq(sshcli_run(c, "show log", &out, &len, NULL, &err),
			 SRC_PROTOCOL_ERROR);
	ck_assert_msg(strstr(err.msg, "pager never ended") ||
		      strstr(err.msg, "cap"), "%s", err.msg);
	free(out);
	sshcli_free(c);
	fake_free(&f);
}
END_TEST

static const char *const flood[] = {
	"sw1#",
	"\r\nsw1#",
	"show flood\r\n",
	"0123456789012345678901234567890123456789012345678901234567890123\r\n",
};

START_TEST(flood_over_cap)
{
	struct fake f;
	struct si_error err;
	struct sshcli_opts o;
	struct sshcli *c;
	char *out;
	size_t len;

	/* the flood chunk repeats at each send; make it big at once */
	static char big[70000];
	const char *script[] = {"sw1#", "\r\nsw1#", big};

	(void)flood;
	for (size_t i = 0; i + 1 < sizeof(big); i++)
		big[i] = (i % 66 == 64) ? '\r' : (i % 66 == 65) ? '\n' : 'x';
	fake_init(&f, script, 3);
	sshcli_opts_default(&o);
	o.idle_ms = 500;
	o.max_output = 30000;
	c = sshcli_new(&fake_io, &f, &o);
	ck_assert_int_eq(sshcli_start(c, &err), SRC_OK);
	ck_assert_int_eq(sshcli_run(c, "show flood", &out, &len, NULL, &err),
			 SRC_PROTOCOL_ERROR);
	ck_assert_msg(strstr(err.msg, "cap of 30000 bytes") != NULL, "%s",
		      err.msg);
	free(out);
	sshcli_free(c);
	fake_free(&f);
}
END_TEST

static const char *const garbage[] = {
	"Welcome\r\nthis is not a prompt at all ...",
};

START_TEST(no_prompt_is_protocol_error)
{
	struct fake f;
	struct si_error err;
	struct sshcli_opts o;
	struct sshcli *c;

	fake_init(&f, garbage, N(garbage));
	sshcli_opts_default(&o);
	o.start_ms = 600;
	c = sshcli_new(&fake_io, &f, &o);
	ck_assert_int_eq(sshcli_start(c, &err), SRC_PROTOCOL_ERROR);
	ck_assert_msg(strstr(err.msg, "no prompt recognised") != NULL, "%s",
		      err.msg);
	sshcli_free(c);
	fake_free(&f);
}
END_TEST

static const char *const silent[] = {""};

START_TEST(silence_is_timeout)
{
	struct fake f;
	struct si_error err;
	struct sshcli_opts o;
	struct sshcli *c;

	fake_init(&f, silent, N(silent));
	sshcli_opts_default(&o);
	o.start_ms = 500;
	c = sshcli_new(&fake_io, &f, &o);
	ck_assert_int_eq(sshcli_start(c, &err), SRC_TIMEOUT);
	ck_assert_msg(strstr(err.msg, "sent nothing") != NULL, "%s", err.msg);
	sshcli_free(c);
	fake_free(&f);
}
END_TEST

static const char *const change_pw[] = {
	"Info: The password will expire in 5 days.\r\n"
	"The password needs to be changed. Change now? [Y/N]:",
	"\r\n<HW>",
	"\r\n<HW>",
};

START_TEST(login_question_answered_no)
{
	struct fake f;
	struct si_error err;
	struct sshcli *c;

	fake_init(&f, change_pw, N(change_pw));
	c = open_cli(&f, 1000);
	ck_assert_int_eq(sshcli_start(c, &err), SRC_OK);
	ck_assert_str_eq(sshcli_prompt(c), "<HW>");
	ck_assert_str_eq(sshcli_hostname(c), "HW");
	ck_assert(strncmp(f.sent.s, "N\n", 2) == 0);
	sshcli_free(c);
	fake_free(&f);
}
END_TEST

static const char *const enable[] = {
	"sw1>",
	"\r\nsw1>",
	"enable\r\nPassword: ",
	"\r\nsw1#",
	"show clock\r\n10:00\r\nsw1#",
};

START_TEST(enable_mode)
{
	struct fake f;
	struct si_error err;
	struct sshcli *c;

	fake_init(&f, enable, N(enable));
	c = open_cli(&f, 1000);
	ck_assert_int_eq(sshcli_start(c, &err), SRC_OK);
	ck_assert_int_eq(sshcli_enable(c, "s3cret", &err), SRC_OK);
	ck_assert_str_eq(sshcli_prompt(c), "sw1#");
	expect_run(c, "show clock", SRC_OK, "10:00\n");
	ck_assert(strstr(f.sent.s, "s3cret\n") != NULL);
	sshcli_free(c);
	fake_free(&f);
}
END_TEST

/* A device that does not echo still ends the command line */
static const char *const no_echo[] = {
	"sw1#",
	"\r\nsw1#",
	"\r\nline\r\nsw1#",
};

START_TEST(no_echo_device)
{
	struct fake f;
	struct si_error err;
	struct sshcli *c;

	fake_init(&f, no_echo, N(no_echo));
	c = open_cli(&f, 1000);
	ck_assert_int_eq(sshcli_start(c, &err), SRC_OK);
	expect_run(c, "show x", SRC_OK, "line\n");
	sshcli_free(c);
	fake_free(&f);
}
END_TEST

/* ---- pieces -------------------------------------------------------------- */

START_TEST(prompt_shapes)
{
	static const char *const yes[] = {
		"sw1#", "sw1>", "<HUAWEI>", "[~HUAWEI]", "[H3C-vlan10]",
		"leaf-1(config)#", "admin@sonic:~$", "user@mx480>",
		"acc-2960x-01#", "CN8696#", NULL,
	};
	static const char *const no[] = {
		"", "Password:", "Building configuration...", " --More-- ",
		"interface GigabitEthernet1/0/1", "% Invalid input", "#",
		"hostname sw1", NULL,
	};

	for (int i = 0; yes[i]; i++)
		ck_assert_msg(sshcli_looks_like_prompt(yes[i]), "%s", yes[i]);
	for (int i = 0; no[i]; i++)
		ck_assert_msg(!sshcli_looks_like_prompt(no[i]), "%s", no[i]);
}
END_TEST

START_TEST(clean_terminal)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"a\r\nb\r\n", "a\nb\n"},
		{"abc\b\bXY\r\n", "aXY\n"},
		{"abc\rX\r\n", "Xbc\n"},
		{"12345\r   \r\n", "   45\n"},
		{"x\x1b[31mred\x1b[0m\r\n", "xred\n"},
		{"keep  \r\n", "keep  \n"},
		{"abcdef\x1b[3D\x1b[K\r\n", "abc\n"},
		{"t\x1b]0;title\aitle\n", "title\n"},
		{"nul\0s\r\n", "nuls\n"},
		{"a\r\r\nb", "a\nb"},
	};

	for (size_t i = 0; i < N(cases); i++) {
		size_t len;
		size_t inlen = strlen(cases[i].in);
		char *got;

		if (i == 8)
			inlen = 7;	/* "nul\0s\r\n" */
		got = sshcli_clean(cases[i].in, inlen, &len);
		ck_assert_msg(strcmp(got, cases[i].out) == 0,
			      "case %zu: got '%s'", i, got);
		free(got);
	}
}
END_TEST

/* tests/ssh/redact/NAME.conf -> NAME.expected, and no secret survives:
 * every word listed in NAME.secrets (one a line) is gone. */
START_TEST(redaction_cases)
{
	char *dir = fs_join(ABS_TOP_SRCDIR, "tests/ssh/redact");
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	ck_assert_msg(d != NULL, "no %s", dir);
	while ((e = readdir(d))) {
		char path[1024], *in, *want, *got, *secrets;
		size_t inlen, wlen, glen, slen, count;
		struct si_error err;
		size_t nl = strlen(e->d_name);

		if (nl < 6 || strcmp(e->d_name + nl - 5, ".conf") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		ck_assert_int_eq(fs_read_file(path, 1 << 20, &in, &inlen, &err),
				 0);
		snprintf(path + strlen(path) - 5, 16, ".expected");
		ck_assert_msg(fs_read_file(path, 1 << 20, &want, &wlen, &err)
			      == 0, "%s", err.msg);
		got = redact_config(in, inlen, &glen, &count);
		ck_assert_msg(got && glen == wlen && memcmp(got, want, wlen)
			      == 0, "%s differs:\n%s", e->d_name, got);
		snprintf(path + strlen(path) - 9, 16, ".secrets");
		if (fs_read_file(path, 1 << 20, &secrets, &slen, &err) == 0) {
			for (char *sv = NULL, *s = strtok_r(secrets, "\n", &sv); s;
			     s = strtok_r(NULL, "\n", &sv))
				ck_assert_msg(!strstr(got, s),
					      "%s: secret '%s' survives",
					      e->d_name, s);
			free(secrets);
		}
		free(in);
		free(want);
		free(got);
		n++;
	}
	closedir(d);
	free(dir);
	ck_assert_int_ge(n, 5);
}
END_TEST

START_TEST(redaction_keeps_other_text)
{
	static const char text[] = "interface Vlan1\r\n ip address 10.0.0.1\r\n";
	size_t len, count;
	char *got = redact_config(text, strlen(text), &len, &count);

	ck_assert_str_eq(got, text);
	ck_assert_uint_eq(count, 0);
	free(got);
}
END_TEST

/* Random bytes (pagers, escapes, CRs, backspaces among them) never crash
 * the clean-up, and a session over them ends with a status, in time. */
START_TEST(random_streams)
{
	static const char *const pieces[] = {
		"\x1b[", "\x1b]0;", "\r", "\n", "\b", " --More-- ",
		"---- More ----", "\x1b[42D", "sw1#", "<sw1>", "\0", "\x07",
		"\xff\xfe", "abc", "     ", "\x1b[K", "%",
	};
	static char buf[4096];
	const char *script[3] = {"sw1#", "\r\nsw1#", buf};
	unsigned seed = 12345;

	for (int round = 0; round < 200; round++) {
		size_t len = 0, clen;
		char *clean;

		while (len < sizeof(buf) - 32) {
			/* cppcheck-suppress rand_rCalled ; seeded test */
			const char *p = pieces[rand_r(&seed) % N(pieces)];
			size_t pl = strlen(p) ? strlen(p) : 1;

			memcpy(buf + len, p, pl);
			len += pl;
			/* cppcheck-suppress rand_rCalled ; seeded test */
			if (rand_r(&seed) % 50 == 0)
				break;
		}
		clean = sshcli_clean(buf, len, &clen);
		ck_assert(clean != NULL);
		ck_assert_uint_eq(strlen(clean), clen);
		free(clean);
		if (round % 20 == 0) {
			struct fake f;
			struct si_error err;
			struct sshcli *c;
			char *out;
			size_t olen;

			buf[len] = '\0';
			fake_init(&f, script, 3);
			f.eof = true;
			c = open_cli(&f, 200);
			ck_assert_int_eq(sshcli_start(c, &err), SRC_OK);
			(void)sshcli_run(c, "show x", &out, &olen, NULL, &err);
			free(out);
			sshcli_free(c);
			fake_free(&f);
		}
	}
}
END_TEST

/* ---- recognition through the profiles -------------------------------------- */

static struct profiles *load_shipped(void)
{
	char *pd = fs_join(ABS_TOP_SRCDIR, "collectors/profiles");
	char *td = fs_join(ABS_TOP_SRCDIR, "collectors/templates");
	const char *dirs[] = {pd, NULL}, *tdirs[] = {td, NULL};
	struct si_diags d = {0};
	struct profiles *ps = profiles_load(dirs, tdirs, &d);

	ck_assert_msg(ps != NULL && d.n == 0, "%s: %s", pd,
		      d.n ? d.v[0].msg : "no memory");
	si_diags_free(&d);
	free(pd);
	free(td);
	return ps;
}

START_TEST(families_detected)
{
	static const struct {
		const char *prompt, *banner, *family;
	} cases[] = {
		{"sw1#", "Cisco IOS Software, C2960X Software (C2960X-UNIVERSALK9-M)",
		 "cisco-ios"},
		{"sw1#", "Cisco IOS XE Software, Version 17.03.04", "cisco-ios"},
		{"n9k#", "Cisco Nexus Operating System (NX-OS) Software", "cisco-nxos"},
		{"cn#", "ICNT Network Operating System (INOS) Software", "inspur-cn"},
		{"cn#", "ICNT NOS-CN(tm) inos, Software (inos-cn), Version 9.2(2)",
		 "inspur-cn"},
		{"eos>", "Arista DCS-7050SX3-48YC8\nSoftware image version: 4.28",
		 "arista-eos"},
		{"ops@ex4300>", "Model: ex4300-48t\nJunos: 21.4R3-S3.4",
		 "juniper-junos"},
		{"admin@sonic:~$", "SONiC Software Version: SONiC.202205",
		 "sonic"},
		{"<HUAWEI>", "Huawei Versatile Routing Platform Software\nVRP (R) "
		 "software, Version 5.170", "huawei-vrp"},
		{"<H3C>", "H3C Comware Platform Software\nComware Software, "
		 "Version 7.1.070", "h3c-comware"},
		{"<H3C>", "Cisco IOS Software", NULL},	/* shape must fit */
		{"sw1#", "something else entirely", NULL},
	};
	struct profiles *ps = load_shipped();

	for (size_t i = 0; i < N(cases); i++) {
		enum prompt_shape shape = prompt_shape_of(cases[i].prompt);
		const char *cmds[3];
		size_t n = profiles_version_commands(ps, shape, cmds, 3);
		const struct profile *p = NULL;

		ck_assert_msg(n > 0, "case %zu: no version command", i);
		for (size_t k = 0; k < n && !p; k++)
			p = profiles_match_cli(ps, shape, cmds[k],
					       cases[i].banner);
		if (!cases[i].family)
			ck_assert_msg(p == NULL, "case %zu: %s", i,
				      profile_name(p));
		else
			ck_assert_msg(p && strcmp(profile_name(p),
						  cases[i].family) == 0,
				      "case %zu: got %s", i,
				      p ? profile_name(p) : "none");
	}
	profiles_free(ps);
}
END_TEST

START_TEST(refusals_recognised)
{
	struct profiles *ps = load_shipped();
	const struct profile *pios = profiles_find(ps, "cisco-ios");
	char line[256];

	ck_assert(pios != NULL);
	ck_assert(profile_refused(pios, "        ^\n% Invalid input detected at "
				  "'^' marker.\n", line, sizeof(line)));
	ck_assert_str_eq(line, "% Invalid input detected at '^' marker.");
	ck_assert(profile_refused(NULL, "              ^\nError: Unrecognized "
				  "command found at '^' position.\n", NULL, 0));
	ck_assert(profile_refused(NULL, "% Unrecognized command found at '^' "
				  "position.\n", NULL, 0));
	ck_assert(profile_refused(pios, "-bash: show: command not found\n",
				  NULL, 0));
	ck_assert(!profile_refused(pios, "Cisco IOS Software\nuptime is 1 day\n",
				   NULL, 0));
	/* a log line far down is not the command's refusal */
	ck_assert(!profile_refused(pios, "1\n2\n3\n4\n5\n6\n7\n% Invalid input "
				   "(from a log)\n", NULL, 0));
	profiles_free(ps);
}
END_TEST

START_TEST(catalogue_errors_located)
{
	char dir[] = "/tmp/swinspect-prof-XXXXXX";
	static const char bad[] = "profile: a\nvendor: x\nfamily: y\n"
				  "recognise:\n  cli:\n    prompt: hash\n"
				  "    match: ['ok']\n    not_match: ['(']\n"
				  "session: {version_command: show version}\n"
				  "commands: [show version]\n";
	const char *dirs[] = {dir, NULL};
	struct si_diags d = {0};
	struct profiles *ps;
	char *path;
	FILE *f;

	ck_assert(mkdtemp(dir) != NULL);
	path = fs_join(dir, "a.yaml");
	f = fopen(path, "w");
	ck_assert(f != NULL);
	fputs(bad, f);
	fclose(f);
	ps = profiles_load(dirs, NULL, &d);
	ck_assert(ps != NULL);
	ck_assert_int_eq(profiles_count(ps), 0);	/* left out */
	ck_assert_int_eq(d.n, 1);
	ck_assert_int_eq(d.v[0].line, 8);
	ck_assert_msg(strstr(d.v[0].msg, "bad regular expression") != NULL,
		      "%s", d.v[0].msg);
	profiles_free(ps);
	si_diags_free(&d);
	unlink(path);
	rmdir(dir);
	free(path);
}
END_TEST

START_TEST(raw_names)
{
	char buf[128];

	ssh_raw_name("show running-config", buf, sizeof(buf));
	ck_assert_str_eq(buf, "show_running-config.txt");
	ssh_raw_name("display interface | include CRC", buf, sizeof(buf));
	ck_assert_str_eq(buf, "display_interface___include_CRC.txt");
	ssh_raw_name("../../etc/passwd", buf, sizeof(buf));
	ck_assert_str_eq(buf, "_._.._etc_passwd.txt");
	ssh_raw_name("show 核心", buf, sizeof(buf));
	ck_assert(strchr(buf, '/') == NULL);
}
END_TEST

START_TEST(legacy_names_checked)
{
	struct si_error err;

	ck_assert_int_eq(sshtr_legacy_check("all", &err), 0);
	ck_assert_int_eq(sshtr_legacy_check("diffie-hellman-group1-sha1,"
					    "ssh-rsa,aes128-cbc", &err), 0);
	ck_assert_int_lt(sshtr_legacy_check("ssh-rsa,rot13", &err), 0);
	ck_assert_msg(strstr(err.msg, "'rot13'") != NULL, "%s", err.msg);
}
END_TEST

/* ---- the inventory's ssh keys ---------------------------------------------- */

static struct inventory *load_inventory(const char *text, struct si_diags *d)
{
	char path[] = "/tmp/swinspect-inv-XXXXXX";
	int fd = mkstemp(path);
	struct inventory *inv;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, strlen(text)), (int)strlen(text));
	close(fd);
	inv = inventory_load(path, d);
	unlink(path);
	return inv;
}

START_TEST(inventory_ssh_keys)
{
	static const char text[] =
		"defaults:\n"
		"  ssh: {username: u, key_file: /k, legacy_algorithms: true,\n"
		"        command_timeout_ms: 5000, max_output_bytes: 65536}\n"
		"devices:\n"
		"  - name: a\n"
		"    address: 127.0.0.1\n"
		"    ssh:\n"
		"      legacy_algorithms: [ssh-rsa, aes128-cbc]\n"
		"      use_agent: true\n"
		"      channel: exec\n"
		"      enable_password_env: SWI_TEST_ENABLE\n"
		"      jump_host: {address: 127.0.0.2, port: 2222, username: j}\n"
		"  - name: b\n"
		"    address: 127.0.0.1\n";
	struct si_diags d = {0};
	struct inventory *inv;
	const struct target_ssh *a, *b;

	setenv("SWI_TEST_ENABLE", "en-secret", 1);
	inv = load_inventory(text, &d);
	ck_assert_msg(inv != NULL, "%s", d.n ? d.v[0].msg : "?");
	a = &inv->devices[0].ssh;
	b = &inv->devices[1].ssh;
	ck_assert_str_eq(a->legacy_algorithms, "ssh-rsa,aes128-cbc");
	ck_assert_str_eq(b->legacy_algorithms, "all");
	ck_assert(a->use_agent && !b->use_agent);
	ck_assert_str_eq(a->channel, "exec");
	ck_assert(b->channel == NULL);
	ck_assert_str_eq(a->enable_password.value, "en-secret");
	ck_assert_str_eq(a->jump.address, "127.0.0.2");
	ck_assert_int_eq(a->jump.port, 2222);
	ck_assert_str_eq(a->jump.username, "j");
	ck_assert(b->jump.address == NULL);
	ck_assert_int_eq(b->command_timeout_ms, 5000);
	ck_assert_int_eq(b->max_output_bytes, 65536);
	inventory_free(inv);
	si_diags_free(&d);
}
END_TEST

START_TEST(inventory_ssh_mistakes)
{
	static const char text[] =
		"devices:\n"
		"  - name: a\n"
		"    address: 127.0.0.1\n"
		"    ssh:\n"
		"      username: u\n"
		"      legacy_algorithms: 5\n"
		"      channel: telnet\n"
		"      jump_host: {port: 22}\n"
		"      max_output_bytes: 10\n";
	struct si_diags d = {0};
	bool legacy = false, channel = false, jump = false, max = false;

	ck_assert(load_inventory(text, &d) == NULL);
	for (size_t i = 0; i < d.n; i++) {
		legacy = legacy || (d.v[i].line == 6 &&
				    strstr(d.v[i].msg, "legacy_algorithms"));
		channel = channel || (d.v[i].line == 7 &&
				      strstr(d.v[i].msg, "shell or exec"));
		jump = jump || (d.v[i].line == 8 &&
				strstr(d.v[i].msg, "needs an 'address'"));
		max = max || (d.v[i].line == 9 &&
			      strstr(d.v[i].msg, "max_output_bytes"));
	}
	ck_assert(legacy && channel && jump && max);
	si_diags_free(&d);
}
END_TEST

static Suite *ssh_suite(void)
{
	Suite *s = suite_create("ssh");
	TCase *t = tcase_create("session");

	tcase_set_timeout(t, 30);
	tcase_add_test(t, ios_session);
	tcase_add_test(t, ios_pager_whole);
	tcase_add_test(t, ios_pager_byte_by_byte);
	tcase_add_test(t, vrp_pager_ansi);
	tcase_add_test(t, nxos_pager_cr);
	tcase_add_test(t, comware_pager_ansi);
	tcase_add_test(t, ansi_and_backspaces);
	tcase_add_test(t, stall_times_out);
	tcase_add_test(t, stall_recovered_by_ctrl_c);
	tcase_add_test(t, drop_is_closed);
	tcase_add_test(t, endless_pager_is_protocol_error);
	tcase_add_test(t, endless_pager_page_cap);
	tcase_add_test(t, flood_over_cap);
	tcase_add_test(t, no_prompt_is_protocol_error);
	tcase_add_test(t, silence_is_timeout);
	tcase_add_test(t, login_question_answered_no);
	tcase_add_test(t, enable_mode);
	tcase_add_test(t, no_echo_device);
	tcase_add_test(t, random_streams);
	suite_add_tcase(s, t);
	t = tcase_create("pieces");
	tcase_add_test(t, prompt_shapes);
	tcase_add_test(t, clean_terminal);
	tcase_add_test(t, redaction_cases);
	tcase_add_test(t, redaction_keeps_other_text);
	tcase_add_test(t, families_detected);
	tcase_add_test(t, refusals_recognised);
	tcase_add_test(t, catalogue_errors_located);
	tcase_add_test(t, raw_names);
	tcase_add_test(t, legacy_names_checked);
	tcase_add_test(t, inventory_ssh_keys);
	tcase_add_test(t, inventory_ssh_mistakes);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(ssh_suite());
	int failed;

	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
