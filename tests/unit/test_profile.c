/* test_profile.c - the vendor-profile engine (doc/profiles.md): loader
 * mistakes with their positions, each value operation and condition, the
 * uptime / size prose of the vendors, recognition, the merge rules
 * (abbreviations, precedence, evidence) and the target table against the
 * facts schema. */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collectors/merge.h"
#include "collectors/profile.h"
#include "collectors/profile_int.h"
#include "error.h"
#include "facts.h"
#include "fsutil.h"

#ifndef ABS_TOP_SRCDIR
#define ABS_TOP_SRCDIR "."
#endif
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---- a profile made of one template and one emit block --------------------- */

struct fixture {
	char dir[64];
	struct profiles *ps;
	struct si_diags d;
};

static void put_file(const char *dir, const char *name, const char *text)
{
	char *path = fs_join(dir, name);
	FILE *f = fopen(path, "w");

	ck_assert_msg(f != NULL, "%s", path);
	fputs(text, f);
	fclose(f);
	free(path);
}

/* Loads a profile "t" whose command "show x" parses with tpl and emits
 * what emit says (YAML lines indented for the emit list). */
static void fx_load(struct fixture *fx, const char *tpl, const char *emit)
{
	char *yaml = NULL;
	const char *dirs[] = {fx->dir, NULL}, *tdirs[] = {fx->dir, NULL};

	memset(&fx->d, 0, sizeof(fx->d));
	snprintf(fx->dir, sizeof(fx->dir), "/tmp/swinspect-tp-XXXXXX");
	ck_assert(mkdtemp(fx->dir) != NULL);
	put_file(fx->dir, "t.textfsm", tpl);
	ck_assert(asprintf(&yaml, "profile: t\nvendor: test\nfamily: t\n"
			   "recognise: {cli: {match: ['x']}}\n"
			   "session: {version_command: show x}\n"
			   "commands:\n  - command: show x\n"
			   "    template: t.textfsm\n    emit:\n%s", emit) > 0);
	put_file(fx->dir, "t.yaml", yaml);
	free(yaml);
	fx->ps = profiles_load(dirs, tdirs, &fx->d);
	ck_assert(fx->ps != NULL);
}

static void fx_free(struct fixture *fx)
{
	char *a = fs_join(fx->dir, "t.yaml"), *b = fs_join(fx->dir,
							   "t.textfsm");

	unlink(a);
	unlink(b);
	rmdir(fx->dir);
	free(a);
	free(b);
	profiles_free(fx->ps);
	si_diags_free(&fx->d);
}

/* Applies the output to facts (a new document when facts is NULL). */
static cJSON *fx_apply(struct fixture *fx, const char *output, cJSON *facts)
{
	struct profile_output o = {"show x", output, strlen(output)};
	const struct profile *p = profiles_find(fx->ps, "t");
	struct si_diags d = {0};

	ck_assert_msg(p != NULL, "profile not loaded: %s",
		      fx->d.n ? fx->d.v[0].msg : "?");
	if (!facts)
		facts = cJSON_CreateObject();
	ck_assert_int_ge(profile_apply(p, &o, 1, "ssh", facts, &d), 0);
	si_diags_free(&d);
	return facts;
}

static char *get_json(const cJSON *facts, const char *path)
{
	const cJSON *v = facts_get(facts, path);

	return v ? cJSON_PrintUnformatted(v) : strdup("(none)");
}

#define ASSERT_JSON(facts, path, want)                                      \
	do {                                                                \
		char *got_ = get_json(facts, path);                         \
		ck_assert_msg(strcmp(got_, want) == 0, "%s: got %s, want %s", \
			      path, got_, want);                            \
		free(got_);                                                 \
	} while (0)

/* ---- loader -------------------------------------------------------------- */

START_TEST(loader_mistakes_located)
{
	struct fixture fx;

	fx_load(&fx, "Value A (\\S+)\nValue List L (\\S+)\n\nStart\n"
		"  ^a ${A} -> Record\n",
		"      - to: environment.fans\n"		/* line 10 */
		"        fields:\n"
		"          name: B\n"				/* 12:17 */
		"          status: {ref: A, enum: {x: broken}}\n"	/* 13 */
		"          rpm: {ref: A, pick: most}\n"		/* 14 */
		"      - to: system\n"
		"        records: each\n"			/* 16:18 */
		"        fields: {model: {ref: A, capture: '('}}\n"	/* 17 */
		"      - to: nowhere\n"				/* 18:15 */
		"        fields: {x: A}\n"
		"      - to: interfaces\n"			/* 20 */
		"        fields: {mtu: A}\n");
	ck_assert_int_eq(profiles_count(fx.ps), 0);	/* left out */
	ck_assert_int_eq(fx.d.n, 7);
	static const struct {
		int line, col;
		const char *msg;
	} want[] = {
		{12, 17, "template t.textfsm has no Value 'B'"},
		{13, 19, "field 'status': enum word 'broken' is not allowed"},
		{14, 31, "'pick' is first, last, join, count, sum, min, max or "
			 "all"},
		{16, 18, "'records: each' is for list targets"},
		{17, 43, "'capture': bad regular expression"},
		{18, 13, "'to' names a facts target"},
		{20, 9, "every entry of interfaces needs 'name'"},
	};
	for (size_t i = 0; i < N(want); i++) {
		ck_assert_msg(fx.d.v[i].line == want[i].line &&
			      fx.d.v[i].col == want[i].col,
			      "%zu: %d:%d %s", i, fx.d.v[i].line,
			      fx.d.v[i].col, fx.d.v[i].msg);
		ck_assert_msg(strstr(fx.d.v[i].msg, want[i].msg) != NULL,
			      "%zu: %s", i, fx.d.v[i].msg);
		ck_assert(strstr(fx.d.v[i].file, "t.yaml") != NULL);
	}
	fx_free(&fx);
}
END_TEST

START_TEST(loader_keeps_good_profiles)
{
	char dir[] = "/tmp/swinspect-tp2-XXXXXX";
	const char *dirs[] = {dir, NULL};
	struct si_diags d = {0};
	struct profiles *ps;
	char *a, *b;

	ck_assert(mkdtemp(dir) != NULL);
	put_file(dir, "a.yaml", "profile: good\nvendor: x\nfamily: y\n"
		 "recognise: {snmp: {object_id: [1.3.6.1.4.1.9.]}}\n"
		 "session: {version_command: show version}\n"
		 "commands: [show version]\n");
	put_file(dir, "b.yaml", "profile: bad\nvendor: X Y\nfamily: y\n"
		 "recognise: {snmp: {object_id: [.1.3]}}\n"
		 "session: {}\ncommands: []\n");
	ps = profiles_load(dirs, NULL, &d);
	ck_assert_int_eq(profiles_count(ps), 1);
	ck_assert_str_eq(profile_name(profiles_at(ps, 0)), "good");
	ck_assert_int_eq(d.n, 4);	/* vendor, object_id, session, commands */
	ck_assert_int_eq(d.v[0].line, 2);
	ck_assert_int_eq(d.v[0].col, 9);
	ck_assert_int_eq(d.v[1].line, 4);
	ck_assert_int_eq(d.v[2].line, 5);
	ck_assert_int_eq(d.v[3].line, 6);
	profiles_free(ps);
	si_diags_free(&d);
	a = fs_join(dir, "a.yaml");
	b = fs_join(dir, "b.yaml");
	unlink(a);
	unlink(b);
	rmdir(dir);
	free(a);
	free(b);
}
END_TEST

/* ---- prose ------------------------------------------------------------------ */

START_TEST(durations_of_vendors)
{
	static const struct {
		const char *text;
		double secs;
	} ok[] = {
		/* Cisco IOS / IOS-XE */
		{"1 year, 2 weeks, 3 days, 4 hours, 5 minutes", 33019500},
		{"12 weeks, 3 days, 4 hours, 16 minutes", 7532160},
		{"2 minutes", 120},
		/* NX-OS, Inspur CN */
		{"61 day(s), 7 hour(s), 44 minute(s), 9 second(s)", 5298249},
		/* Huawei VRP, H3C Comware */
		{"0 week, 1 day, 2 hours, 3 minutes", 93780},
		{"10 weeks, 0 days, 2 hours, 35 minutes", 6057300},
		/* Arista EOS */
		{"2 weeks, 3 days, 4 hours and 5 minutes", 1483500},
		/* Junos */
		{"1w2d 03:04", 788640},
		{"5 days, 23:31", 516660},
		{"123 days, 4:05", 10641900},
		{"1 day, 02:03:04", 93784},
		/* compact forms */
		{"12w3d", 7516800}, {"5d04h", 446400}, {"1d02h", 93600},
		{"3600", 3600},
	};
	static const char *const bad[] = {"", "never", "5 fortnights",
					  "12 parsecs"};

	for (size_t i = 0; i < N(ok); i++) {
		double s = -1;

		ck_assert_msg(prose_duration(ok[i].text, &s) == 0, "%s",
			      ok[i].text);
		ck_assert_msg(s == ok[i].secs, "%s: %.0f, want %.0f",
			      ok[i].text, s, ok[i].secs);
	}
	for (size_t i = 0; i < N(bad); i++) {
		double s;

		ck_assert_msg(prose_duration(bad[i], &s) < 0, "%s", bad[i]);
	}
}
END_TEST

START_TEST(sizes_numbers_words)
{
	static const struct {
		const char *text;
		double bytes;
	} sz[] = {
		{"16384K bytes", 16777216}, {"512 MB", 536870912},
		{"1.5G", 1610612736}, {"2048 kB", 2097152},
		{"1,024 bytes", 1024}, {"123456", 123456}, {"4 GiB", 4294967296.0},
	};
	double v;
	bool b;
	char mac[18];

	for (size_t i = 0; i < N(sz); i++) {
		ck_assert_msg(prose_size(sz[i].text, &v) == 0, "%s", sz[i].text);
		ck_assert_msg(v == sz[i].bytes, "%s: %.0f", sz[i].text, v);
	}
	ck_assert(prose_size("lots", &v) < 0);
	ck_assert(prose_size("12 parsecs", &v) < 0);
	ck_assert(prose_number("37C", &v) == 0 && v == 37);
	ck_assert(prose_number(" 12.5 V", &v) == 0 && v == 12.5);
	ck_assert(prose_number("1,024", &v) == 0 && v == 1024);
	ck_assert(prose_number("-3.1 dBm", &v) == 0 && v == -3.1);
	ck_assert(prose_number("N/A", &v) < 0);
	ck_assert(prose_bool("Enabled", &b) == 0 && b);
	ck_assert(prose_bool(" off ", &b) == 0 && !b);
	ck_assert(prose_bool("maybe", &b) < 0);
	ck_assert(mac_normalise("00AA.BBCC.DD01", mac) == 0);
	ck_assert_str_eq(mac, "00:aa:bb:cc:dd:01");
	ck_assert(mac_normalise("00aa-bbcc-dd02", mac) == 0);
	ck_assert_str_eq(mac, "00:aa:bb:cc:dd:02");
	ck_assert(mac_normalise("00-AA-BB-CC-DD-03", mac) == 0);
	ck_assert_str_eq(mac, "00:aa:bb:cc:dd:03");
	ck_assert(mac_normalise("00aa.bbcc.dd", mac) < 0);
	ck_assert(mac_normalise("not a mac", mac) < 0);
}
END_TEST

/* ---- values ----------------------------------------------------------------- */

static const char TPL[] =
	"Value NAME (\\S+)\n"
	"Value TEXT (.*?)\n"
	"Value NUM (\\S+)\n"
	"Value TOTAL (\\S+)\n"
	"Value List L (\\S+)\n\n"
	"Start\n"
	"  ^item ${NAME} num=${NUM} total=${TOTAL} text=${TEXT}\\s*$$ -> Record\n"
	"  ^list ${L}\n";

/* Licence expiry dates as the vendors print them, to RFC 3339 dates; a
 * text that is no date never reaches a date field. */
START_TEST(dates_of_vendors)
{
	static const struct {
		const char *text, *date;
	} ok[] = {
		{"2019-07-23", "2019-07-23"}, {"2019/7/23", "2019-07-23"},
		{"23 Jul 2019", "2019-07-23"}, {"23-Jul-2019", "2019-07-23"},
		{"Jul 23 2019", "2019-07-23"}, {"July 23, 2019", "2019-07-23"},
		{"Aug 22 18:52:49 2023 UTC", "2023-08-22"},
		{"Sun Sep 01 00:00:00 2024", "2024-09-01"},
		{"2024-02-29 10:00:00", "2024-02-29"},
	};
	static const char *const bad[] = {
		"Never", "Grace 10D 1H", "07/23/2019", "2023-02-29",
		"31 Apr 2020", "Permanent", "", "Marketing 12 2020",
	};
	char d[11];
	struct fixture fx;
	cJSON *f;

	for (size_t i = 0; i < N(ok); i++) {
		ck_assert_msg(prose_date(ok[i].text, d) == 0, "%s", ok[i].text);
		ck_assert_str_eq(d, ok[i].date);
	}
	for (size_t i = 0; i < N(bad); i++)
		ck_assert_msg(prose_date(bad[i], d) < 0, "%s", bad[i]);
	ck_assert(rfc3339_date("2027-06-30"));
	ck_assert(rfc3339_date("2027-06-30T12:00:00Z"));
	ck_assert(rfc3339_date("2027-06-30T12:00:00.5+08:00"));
	ck_assert(!rfc3339_date("30 Jun 2027"));
	ck_assert(!rfc3339_date("2027-06-30 12:00"));

	fx_load(&fx, TPL,
		"      - to: license\n        fields:\n"
		"          name: NAME\n"
		"          expires: [{ref: TEXT, transform: date}, TEXT]\n");
	f = fx_apply(&fx, "item a num=1 total=2 text=12 Mar 2027\n"
		     "item b num=1 total=2 text=Never\n"
		     "item c num=1 total=2 text=2027-01-02\n", NULL);
	ASSERT_JSON(cJSON_GetArrayItem(facts_get(f, "license"), 0), "expires",
		    "\"2027-03-12\"");
	/* "Never" is no date: the raw text does not pass the field either */
	ASSERT_JSON(cJSON_GetArrayItem(facts_get(f, "license"), 1), "expires",
		    "(none)");
	ASSERT_JSON(cJSON_GetArrayItem(facts_get(f, "license"), 2), "expires",
		    "\"2027-01-02\"");
	cJSON_Delete(f);
	fx_free(&fx);
}
END_TEST

START_TEST(value_picks)
{
	struct fixture fx;
	cJSON *f;

	fx_load(&fx, TPL,
		"      - to: config\n        fields:\n"
		"          ntp_servers: {ref: L, pick: all, none: ['-']}\n"
		"          syslog_servers: {ref: L, pick: join, sep: '+'}\n"
		"          exec_timeout_s: {ref: L, pick: sum}\n"
		"      - to: environment.cpu\n        fields:\n"
		"          load_pct: {ref: L, pick: count}\n"
		"          load_5s_pct: {ref: L, pick: min}\n"
		"          load_1min_pct: {ref: L, pick: max}\n"
		"          load_5min_pct: {ref: L, pick: last}\n");
	f = fx_apply(&fx, "list 7\nlist -\nlist 2\nlist 30\n"
		     "item a num=1 total=2 text=x\n", NULL);
	ASSERT_JSON(f, "config.ntp_servers", "[\"7\",\"2\",\"30\"]");
	ASSERT_JSON(f, "config.syslog_servers", "[\"7+-+2+30\"]");
	ASSERT_JSON(f, "config.exec_timeout_s", "39");
	ASSERT_JSON(f, "environment.cpu.load_pct", "4");
	ASSERT_JSON(f, "environment.cpu.load_5s_pct", "2");
	ASSERT_JSON(f, "environment.cpu.load_1min_pct", "30");
	ASSERT_JSON(f, "environment.cpu.load_5min_pct", "30");
	cJSON_Delete(f);
	fx_free(&fx);
}
END_TEST

START_TEST(value_steps)
{
	struct fixture fx;
	cJSON *f;
	const cJSON *fans, *e;

	fx_load(&fx, TPL,
		"      - to: environment.fans\n        fields:\n"
		"          name: {template: 'Fan {NAME}', transform: upper}\n"
		"          status: {ref: TEXT, capture: 'state (\\w+)', "
		"enum: {good: ok, bad: failed}, default: unknown}\n"
		"          rpm: [{ref: NUM, none: ['N/A'], min: 0, max: 30000}, "
		"{const: 0}]\n"
		"          speed_pct: {ref: NUM, divide: TOTAL, scale: 100, "
		"plus: 1, minus: 1}\n");
	f = fx_apply(&fx, "item 1 num=1200 total=4800 text=state good\n"
		     "item 2 num=N/A total=0 text=state odd\n"
		     "item 3 num=99999 total=x text=nothing here\n", NULL);
	fans = facts_get(f, "environment.fans");
	ck_assert_int_eq(cJSON_GetArraySize(fans), 3);
	e = cJSON_GetArrayItem(fans, 0);
	ck_assert_str_eq(cJSON_GetObjectItem(e, "name")->valuestring, "FAN 1");
	ck_assert_str_eq(cJSON_GetObjectItem(e, "status")->valuestring, "ok");
	ck_assert_int_eq(cJSON_GetObjectItem(e, "rpm")->valueint, 1200);
	ck_assert(cJSON_GetObjectItem(e, "speed_pct")->valuedouble == 25);
	e = cJSON_GetArrayItem(fans, 1);
	/* an enum default; N/A gives nothing so the next alternative; a
	 * division by 0 gives nothing, never 0 */
	ck_assert_str_eq(cJSON_GetObjectItem(e, "status")->valuestring,
			 "unknown");
	ck_assert_int_eq(cJSON_GetObjectItem(e, "rpm")->valueint, 0);
	ck_assert(cJSON_GetObjectItem(e, "speed_pct") == NULL);
	e = cJSON_GetArrayItem(fans, 2);
	/* capture misses: no status; max drops 99999 */
	ck_assert(cJSON_GetObjectItem(e, "status") == NULL);
	ck_assert_int_eq(cJSON_GetObjectItem(e, "rpm")->valueint, 0);
	ck_assert(cJSON_GetObjectItem(e, "speed_pct") == NULL);
	cJSON_Delete(f);
	fx_free(&fx);
}
END_TEST

START_TEST(value_arith_rounded)
{
	struct fixture fx;
	cJSON *f;

	/* 100 - 93.8 is 6.200000000000003 in binary floating point: the
	 * fact is 6.2, as the device printed it */
	fx_load(&fx, TPL,
		"      - to: environment.cpu\n        fields:\n"
		"          load_pct: {ref: NUM, scale: -1, plus: 100}\n");
	f = fx_apply(&fx, "item 1 num=93.8 total=1 text=x\n", NULL);
	ASSERT_JSON(f, "environment.cpu.load_pct", "6.2");
	cJSON_Delete(f);
	fx_free(&fx);
}
END_TEST

START_TEST(value_units_and_kinds)
{
	struct fixture fx;
	cJSON *f;
	const cJSON *x;

	fx_load(&fx, TPL,
		"      - to: hardware.transceivers\n        fields:\n"
		"          port: NAME\n"
		"          tx_dbm: {ref: NUM, transform: number, unit: mW}\n"
		"          volts: {ref: TOTAL, transform: number, unit: mV}\n"
		"          temp_c: {ref: TEXT, transform: number, unit: F}\n"
		"          rx_dbm: {ref: L, pick: all}\n"
		"      - to: interfaces\n        fields:\n"
		"          name: NAME\n"
		"          mac: TEXT\n"
		"          mtu: {ref: NUM, transform: number}\n"
		"          speed_bps: {ref: TOTAL, transform: number, "
		"unit: Mbps}\n");
	f = fx_apply(&fx, "list -2.5\nlist -3.25\n"
		     "item Te1/0/1 num=1.0mW total=3300 text=98.6F\n"
		     "item Gi1/0/2 num=abc total=1000 text=00aa.bbcc.dd02\n",
		     NULL);
	x = cJSON_GetArrayItem(facts_get(f, "hardware.transceivers"), 0);
	ck_assert(fabs(cJSON_GetObjectItem(x, "tx_dbm")->valuedouble) < 1e-9);
	ck_assert(fabs(cJSON_GetObjectItem(x, "volts")->valuedouble - 3.3) <
		  1e-9);
	ck_assert(fabs(cJSON_GetObjectItem(x, "temp_c")->valuedouble - 37) <
		  1e-9);
	ASSERT_JSON(x, "rx_dbm", "[-2.5,-3.25]");
	x = cJSON_GetArrayItem(facts_get(f, "interfaces"), 1);
	ASSERT_JSON(x, "mac", "\"00:aa:bb:cc:dd:02\"");
	ASSERT_JSON(x, "mtu", "(none)");	/* "abc" is not a number */
	ASSERT_JSON(x, "speed_bps", "1000000000");
	x = cJSON_GetArrayItem(facts_get(f, "interfaces"), 0);
	ASSERT_JSON(x, "mac", "(none)");	/* "98.6F" is not a MAC */
	ASSERT_JSON(x, "mtu", "1");
	cJSON_Delete(f);
	fx_free(&fx);
}
END_TEST

/* Multi-lane optics: lanes keep their numbers.  A dark lane ("-Inf")
 * of a dBm reading is the DOM's floor, -40 dBm; a lane that gives nothing
 * else makes the list nothing rather than shifting the lanes after it; a
 * one-lane list is its number. */
START_TEST(dom_lanes_keep_their_place)
{
	struct fixture fx;
	cJSON *f;
	const cJSON *x;

	fx_load(&fx, TPL,
		"      - to: hardware.transceivers\n        fields:\n"
		"          port: NAME\n"
		"          rx_dbm: {ref: L, pick: all}\n"
		"          bias_ma: {ref: L, pick: all}\n");
	f = fx_apply(&fx, "list -1.2\nlist -Inf\nlist -1.1\nlist -0.9\n"
		     "item et-0/1/0 num=1 total=2 text=x\n", NULL);
	x = cJSON_GetArrayItem(facts_get(f, "hardware.transceivers"), 0);
	ASSERT_JSON(x, "rx_dbm", "[-1.2,-40,-1.1,-0.9]");
	/* a current has no "dark" reading: the lane is a hole, no list */
	ASSERT_JSON(x, "bias_ma", "(none)");
	cJSON_Delete(f);
	f = fx_apply(&fx, "list -1.2\nlist N/A\nlist -1.1\n"
		     "item et-0/1/1 num=1 total=2 text=x\n", NULL);
	x = cJSON_GetArrayItem(facts_get(f, "hardware.transceivers"), 0);
	ASSERT_JSON(x, "rx_dbm", "(none)");	/* never [-1.2,-1.1] */
	cJSON_Delete(f);
	f = fx_apply(&fx, "list -2.5\nitem xe-0/2/0 num=1 total=2 text=x\n",
		     NULL);
	x = cJSON_GetArrayItem(facts_get(f, "hardware.transceivers"), 0);
	ASSERT_JSON(x, "rx_dbm", "-2.5");
	ASSERT_JSON(x, "bias_ma", "-2.5");
	cJSON_Delete(f);
	f = fx_apply(&fx, "list -Inf\nitem xe-0/2/1 num=1 total=2 text=x\n",
		     NULL);
	x = cJSON_GetArrayItem(facts_get(f, "hardware.transceivers"), 0);
	ASSERT_JSON(x, "rx_dbm", "(none)");
	cJSON_Delete(f);
	fx_free(&fx);
}
END_TEST

/* ---- conditions ------------------------------------------------------------- */

START_TEST(conditions)
{
	static const struct {
		const char *when;
		const char *names;	/* the fans that pass */
	} cases[] = {
		{"{ref: TEXT, eq: ' OK '}", "[\"a\"]"},
		{"{ref: TEXT, in: [ok, failed]}", "[\"a\",\"b\"]"},
		{"{ref: TEXT, ne: ok}", "[\"b\",\"c\",\"d\"]"},
		{"{ref: TEXT, not_in: [ok, failed]}", "[\"c\",\"d\"]"},
		{"{ref: TEXT, match: '^f'}", "[\"b\"]"},
		{"{ref: TEXT, not_match: '^f'}", "[\"a\",\"c\",\"d\"]"},
		{"{ref: TEXT, present: true}", "[\"a\",\"b\",\"c\"]"},
		{"{ref: TEXT, absent: true}", "[\"d\"]"},
		{"{ref: NUM, gt: 10}", "[\"c\"]"},
		{"{ref: NUM, ge: 10}", "[\"b\",\"c\"]"},
		{"{ref: NUM, lt: 10}", "[\"a\"]"},
		{"{ref: NUM, le: 10}", "[\"a\",\"b\"]"},
		{"[{ref: NUM, ge: 6}, {ref: TEXT, present: true}]",
		 "[\"b\",\"c\"]"},
		{"{any: [{ref: NUM, lt: 6}, {ref: TEXT, absent: true}]}",
		 "[\"a\",\"d\"]"},
		{"{ref: L, eq: x}", "(none)"},	/* a missing List value */
		{"{ref: L, not_in: [x]}", "[\"a\",\"b\",\"c\",\"d\"]"},
	};

	for (size_t i = 0; i < N(cases); i++) {
		struct fixture fx;
		char *emit = NULL, *got;
		cJSON *f;

		ck_assert(asprintf(&emit, "      - to: environment.fans\n"
				   "        when: %s\n"
				   "        fields: {name: NAME}\n",
				   cases[i].when) > 0);
		fx_load(&fx, TPL, emit);
		free(emit);
		f = fx_apply(&fx, "item a num=5 total=0 text=ok\n"
			     "item b num=10 total=0 text=failed\n"
			     "item c num=11.5 total=0 text=other\n"
			     "item d num=x total=0 text=\n", NULL);
		{
			cJSON *names = cJSON_CreateArray(), *e;

			cJSON_ArrayForEach(e, facts_get(f, "environment.fans"))
				cJSON_AddItemToArray(names, cJSON_CreateString(
					cJSON_GetObjectItem(e, "name")
						->valuestring));
			got = cJSON_GetArraySize(names)
				      ? cJSON_PrintUnformatted(names)
				      : strdup("(none)");
			cJSON_Delete(names);
		}
		ck_assert_msg(strcmp(got, cases[i].names) == 0,
			      "case %zu %s: %s", i, cases[i].when, got);
		free(got);
		cJSON_Delete(f);
		fx_free(&fx);
	}
}
END_TEST

/* ---- merging ------------------------------------------------------------------ */

START_TEST(interface_abbreviations)
{
	static const char *const same[][2] = {
		{"Gi1/0/1", "GigabitEthernet1/0/1"},
		{"GE1/0/1", "GigabitEthernet 1/0/1"},
		{"Te1/1/1", "TenGigabitEthernet1/1/1"},
		{"XGE1/0/49", "Ten-GigabitEthernet1/0/49"},
		{"XGigabitEthernet0/0/1", "Te0/0/1"},
		{"Eth1/1", "Ethernet1/1"}, {"Et1", "Ethernet1"},
		{"Hu1/0/49", "HundredGigE1/0/49"},
		{"100GE1/0/1", "HundredGigabitEthernet1/0/1"},
		{"Fo1/1/1", "FortyGigabitEthernet1/1/1"},
		{"Po10", "Port-channel10"}, {"Eth-Trunk1", "port-channel1"},
		{"BAGG2", "Bridge-Aggregation2"}, {"Vl1", "Vlan1"},
		{"Vlanif10", "Vlan-interface10"}, {"Fa0", "FastEthernet0"},
		{"Twe1/0/1", "TwentyFiveGigE1/0/1"}, {"Lo0", "Loopback0"},
		{"mgmt0", "Management0"},
	};
	static const char *const different[][2] = {
		{"Gi1/0/1", "Gi1/0/10"}, {"Gi1/0/1", "Te1/0/1"},
		{"Eth1/1", "Ethernet1/1/1"}, {"Fa0", "Fo0"},
		{"Po1", "Vlan1"},
	};

	for (size_t i = 0; i < N(same); i++)
		ck_assert_msg(merge_same_name(same[i][0], same[i][1], true),
			      "%s = %s", same[i][0], same[i][1]);
	for (size_t i = 0; i < N(different); i++)
		ck_assert_msg(!merge_same_name(different[i][0],
					       different[i][1], true),
			      "%s != %s", different[i][0], different[i][1]);
	/* other names: case and blanks only */
	ck_assert(merge_same_name("Fan  Tray 1", "fan tray 1", false));
	ck_assert(!merge_same_name("Gi1/0/1", "GigabitEthernet1/0/1", false));
}
END_TEST

static cJSON *obj_with(const char *key, cJSON *val, const char *src)
{
	cJSON *o = cJSON_CreateObject();

	ck_assert_int_eq(merge_field(o, key, val, src, PREC_READING, false),
			 MERGE_WRITTEN);
	return o;
}

static const char *src_of(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItem(cJSON_GetObjectItem(o, "src"), key)
		->valuestring;
}

START_TEST(precedence_and_evidence)
{
	cJSON *o;

	/* a reading: more significant digits wins, the other is evidence */
	o = obj_with("celsius", cJSON_CreateNumber(34), "snmp:1.3.6.1.9");
	ck_assert_int_eq(merge_field(o, "celsius", cJSON_CreateNumber(34.5),
				     "ssh:show env", PREC_READING, false),
			 MERGE_WRITTEN);
	ck_assert(cJSON_GetObjectItem(o, "celsius")->valuedouble == 34.5);
	ck_assert_str_eq(src_of(o, "celsius"),
			 "ssh:show env (also snmp:1.3.6.1.9: 34)");
	cJSON_Delete(o);
	/* the same digits: SNMP's */
	o = obj_with("celsius", cJSON_CreateNumber(41), "snmp:1.3.6.1.9");
	ck_assert_int_eq(merge_field(o, "celsius", cJSON_CreateNumber(40),
				     "ssh:show env", PREC_READING, false),
			 MERGE_KEPT);
	ck_assert_int_eq(cJSON_GetObjectItem(o, "celsius")->valueint, 41);
	ck_assert_str_eq(src_of(o, "celsius"),
			 "snmp:1.3.6.1.9 (also ssh:show env: 40)");
	cJSON_Delete(o);
	/* counters: SNMP's even when the CLI came first */
	o = obj_with("crc", cJSON_CreateNumber(16), "ssh:show interfaces");
	ck_assert_int_eq(merge_field(o, "crc", cJSON_CreateNumber(16569),
				     "snmp:1.3.6.1.2.1.10.7.2.1.3.2",
				     PREC_SNMP, false), MERGE_WRITTEN);
	ck_assert_int_eq(cJSON_GetObjectItem(o, "crc")->valueint, 16569);
	cJSON_Delete(o);
	/* configuration: the CLI's */
	o = obj_with("running_changed_at", cJSON_CreateNumber(100),
		     "snmp:1.3.6.1.4.1.9.9.43.1.1.1.0");
	ck_assert_int_eq(merge_field(o, "running_changed_at",
				     cJSON_CreateNumber(200), "ssh:show run",
				     PREC_CLI, false), MERGE_WRITTEN);
	ck_assert_int_eq(cJSON_GetObjectItem(o, "running_changed_at")->valueint,
			 200);
	cJSON_Delete(o);
	/* a word: SNMP's, unless it is unknown */
	o = obj_with("status", cJSON_CreateString("unknown"), "snmp:1.3.6.9");
	ck_assert_int_eq(merge_field(o, "status", cJSON_CreateString("ok"),
				     "ssh:show env", PREC_READING, false),
			 MERGE_WRITTEN);
	ck_assert_str_eq(cJSON_GetObjectItem(o, "status")->valuestring, "ok");
	ck_assert_int_eq(merge_field(o, "status", cJSON_CreateString("failed"),
				     "snmp:1.3.6.10", PREC_READING, false),
			 MERGE_WRITTEN);
	ck_assert_str_eq(src_of(o, "status"),
			 "snmp:1.3.6.10 (also ssh:show env: ok)");
	cJSON_Delete(o);
	/* the same source: the first value stays, lists gain new elements */
	o = obj_with("model", cJSON_CreateString("A"), "ssh:show version");
	ck_assert_int_eq(merge_field(o, "model", cJSON_CreateString("B"),
				     "ssh:show inventory", PREC_READING,
				     false), MERGE_SAME);
	ck_assert_str_eq(cJSON_GetObjectItem(o, "model")->valuestring, "A");
	ck_assert_str_eq(src_of(o, "model"), "ssh:show version");
	cJSON_Delete(o);
	o = cJSON_CreateObject();
	merge_field(o, "ntp_servers", cJSON_CreateStringArray(
			    (const char *[]){"a", "b"}, 2), "ssh:x", PREC_CLI,
		    true);
	merge_field(o, "ntp_servers", cJSON_CreateStringArray(
			    (const char *[]){"b", "c"}, 2), "ssh:y", PREC_CLI,
		    true);
	ASSERT_JSON(o, "ntp_servers", "[\"a\",\"b\",\"c\"]");
	cJSON_Delete(o);
}
END_TEST

/* Pairing by slot and bay (merge_positions): bases, a tray and its fans,
 * a tray worse than its fans, places that differ. */
static cJSON *list_of(const char *json)
{
	cJSON *l = cJSON_Parse(json);

	ck_assert_ptr_nonnull(l);
	return l;
}

#define SNMP_FAN(n, s, p, st)                                             \
	"{\"name\":\"" n "\",\"slot\":" #s ",\"position\":" #p             \
	",\"status\":\"" st "\",\"src\":{\"name\":\"snmp:1.3.6." #p        \
	"\",\"slot\":\"snmp:x\",\"position\":\"snmp:x\",\"status\":\"snmp:x\"}}"
#define CLI_FAN(n, s, p, st)                                              \
	"{\"name\":\"" n "\",\"slot\":" #s ",\"position\":" #p             \
	",\"status\":\"" st "\",\"src\":{\"name\":\"ssh:display fan\","    \
	"\"slot\":\"ssh:y\",\"position\":\"ssh:y\",\"status\":\"ssh:y\"}}"

START_TEST(merge_by_position)
{
	cJSON *l;
	char *txt;

	/* SNMP counts from 0, the CLI from 1: two pairs */
	l = list_of("[" SNMP_FAN("FAN1 fan1", 0, 0, "ok") ","
		    SNMP_FAN("FAN1 fan2", 0, 1, "failed") ","
		    CLI_FAN("Slot 0 Fan 1", 0, 1, "ok") ","
		    CLI_FAN("Slot 0 Fan 2", 0, 2, "failed") "]");
	ck_assert_int_eq(merge_positions(l, "environment.fans", "ssh", 1, 0), 2);
	ck_assert_int_eq(cJSON_GetArraySize(l), 2);
	ASSERT_JSON(cJSON_GetArrayItem(l, 1), "name", "\"FAN1 fan2\"");
	ASSERT_JSON(cJSON_GetArrayItem(l, 1), "position", "1");
	ASSERT_JSON(cJSON_GetObjectItem(cJSON_GetArrayItem(l, 1), "src"), "name",
		    "\"snmp:1.3.6.1 (also ssh:display fan: Slot 0 Fan 2)\"");
	cJSON_Delete(l);

	/* the same numbers without the bases: the places differ, nothing
	 * paired, and the CLI's entries say so */
	l = list_of("[" SNMP_FAN("FAN1 fan1", 0, 0, "ok") ","
		    CLI_FAN("Slot 0 Fan 1", 0, 1, "ok") "]");
	ck_assert_int_eq(merge_positions(l, "environment.fans", "ssh", 0, 0), 0);
	ck_assert_int_eq(cJSON_GetArraySize(l), 2);
	txt = cJSON_PrintUnformatted(l);
	ck_assert_ptr_nonnull(strstr(txt, "(not paired with SNMP: the two "
				     "sources' slots and bays differ)"));
	free(txt);
	cJSON_Delete(l);

	/* one tray over SNMP, its two fans in the CLI: the tray folds into
	 * the fans' evidence; a CLI without slots pairs with one-slot SNMP */
	l = list_of("[" SNMP_FAN("Fan Tray 0 @ 0/0/*", 0, 0, "ok") ","
		    "{\"name\":\"Fan Tray 0 Fan 0\",\"position\":0,\"status\":\"ok\","
		    "\"src\":{\"name\":\"ssh:e\",\"position\":\"ssh:e\"}},"
		    "{\"name\":\"Fan Tray 0 Fan 1\",\"position\":0,\"status\":\"warning\","
		    "\"src\":{\"name\":\"ssh:e\",\"position\":\"ssh:e\"}}]");
	ck_assert_int_eq(merge_positions(l, "environment.fans", "ssh", 0, 0), 0);
	ck_assert_int_eq(cJSON_GetArraySize(l), 2);
	ASSERT_JSON(cJSON_GetObjectItem(cJSON_GetArrayItem(l, 1), "src"), "name",
		    "\"ssh:e (also snmp:1.3.6.0: Fan Tray 0 @ 0/0/*, which "
		    "holds it: ok)\"");
	cJSON_Delete(l);

	/* a tray whose src names no field of its name (neither "name" nor
	 * "_"): folded all the same (strlen(NULL) before) */
	l = list_of("[{\"name\":\"Fan Tray 0\",\"slot\":0,\"position\":0,"
		    "\"status\":\"ok\",\"src\":{\"status\":\"snmp:x\"}},"
		    CLI_FAN("FPC 0 Fan Tray 0 Fan 0", 0, 0, "ok") ","
		    CLI_FAN("FPC 0 Fan Tray 0 Fan 1", 0, 0, "ok") "]");
	ck_assert_int_eq(merge_positions(l, "environment.fans", "ssh", 0, 0), 0);
	ck_assert_int_eq(cJSON_GetArraySize(l), 2);
	ASSERT_JSON(cJSON_GetObjectItem(cJSON_GetArrayItem(l, 0), "src"), "name",
		    "\"ssh:display fan (also : Fan Tray 0, which holds it: "
		    "ok)\"");
	cJSON_Delete(l);

	/* a failed tray whose fans the CLI calls ok is kept, and says why */
	l = list_of("[" SNMP_FAN("Fan Tray 0 @ 0/0/*", 0, 0, "failed") ","
		    CLI_FAN("FPC 0 Fan Tray 0 Fan 0", 0, 0, "ok") ","
		    CLI_FAN("FPC 0 Fan Tray 0 Fan 1", 0, 0, "ok") "]");
	merge_positions(l, "environment.fans", "ssh", 0, 0);
	ck_assert_int_eq(cJSON_GetArraySize(l), 3);
	ASSERT_JSON(cJSON_GetObjectItem(cJSON_GetArrayItem(l, 0), "src"), "name",
		    "\"snmp:1.3.6.0 (holds parts the CLI lists apart: kept, its "
		    "status is worse than theirs)\"");
	cJSON_Delete(l);
}
END_TEST

START_TEST(apply_merges_into_snmp)
{
	struct fixture fx;
	cJSON *f = cJSON_Parse(
		"{\"interfaces\": [{\"name\": \"Gi1/0/1\", \"index\": 10101,"
		" \"crc\": 5, \"src\": {\"_\": \"snmp:1.3.6.1.2.1.2.2\"}}],"
		" \"environment\": {\"fans\": [{\"name\": \"Switch#1, Fan#1\","
		" \"status\": \"ok\", \"entity\": 1007,"
		" \"src\": {\"name\": \"snmp:1.3.6.1.4.1.9.9.13.1.4.1.2.1007\","
		" \"status\": \"snmp:1.3.6.1.4.1.9.9.13.1.4.1.3.1007\"}}]}}");
	const cJSON *i;

	fx_load(&fx, TPL,
		"      - to: interfaces\n        when: {ref: NAME, ne: x}\n"
		"        fields:\n"
		"          name: NAME\n          crc: NUM\n"
		"          alias: TEXT\n"
		"      - to: environment.fans\n        when: {ref: NAME, eq: x}\n"
		"        fields: {name: TEXT, status: {const: ok}}\n");
	f = fx_apply(&fx, "item GigabitEthernet1/0/1 num=5 total=0 text=up\n"
		     "item GigabitEthernet1/0/2 num=0 total=0 text=down\n"
		     "item x num=0 total=0 text=FAN\n", f);
	ck_assert_int_eq(cJSON_GetArraySize(facts_get(f, "interfaces")), 2);
	i = cJSON_GetArrayItem(facts_get(f, "interfaces"), 0);
	ASSERT_JSON(i, "name", "\"Gi1/0/1\"");
	ASSERT_JSON(i, "alias", "\"up\"");
	ck_assert_str_eq(src_of(i, "crc"),
			 "snmp:1.3.6.1.2.1.2.2 (also ssh:show x: 5)");
	ck_assert_str_eq(src_of(i, "name"), "snmp:1.3.6.1.2.1.2.2 (also "
			 "ssh:show x: GigabitEthernet1/0/1)");
	/* the one fan each source names its own way is one fan */
	ck_assert_int_eq(cJSON_GetArraySize(facts_get(f, "environment.fans")),
			 1);
	i = cJSON_GetArrayItem(facts_get(f, "environment.fans"), 0);
	ck_assert_str_eq(src_of(i, "name"),
			 "snmp:1.3.6.1.4.1.9.9.13.1.4.1.2.1007 (also ssh:show "
			 "x: FAN)");
	cJSON_Delete(f);
	fx_free(&fx);
}
END_TEST

/* ---- comparing two outputs ------------------------------------------------- */

static bool eq_text(const char *a, const char *b, const char *ignore)
{
	char why[200];
	pcre2_code *re[1] = {NULL};
	int rc;

	if (ignore)
		ck_assert((re[0] = prx_compile(ignore, 0, why, sizeof(why))));
	rc = outputs_equal(a, strlen(a), b, strlen(b), re, ignore ? 1 : 0);
	pcre2_code_free(re[0]);
	ck_assert_int_ge(rc, 0);
	return rc == 1;
}

START_TEST(compare_outputs)
{
	char dir[] = "/tmp/swinspect-tp4-XXXXXX";
	const char *dirs[] = {dir, NULL};
	struct si_diags d = {0};
	struct profiles *ps;
	const struct profile *p;
	const char *cur = "#\n sysname A\n#\nvlan 20\n#\nreturn\n";
	struct profile_output o[3] = {
		{"show x", "item a num=1 total=1 text=t\n", 27},
		{"show cur", cur, strlen(cur)},
		{"show sav", "#\r\n sysname A  \r\n#\n\nvlan 20\n#\nreturn", 0},
	};
	cJSON *f;
	char *files[3];

	/* the line comparison */
	ck_assert(eq_text("a\nb\n", "a\nb", NULL));
	ck_assert(eq_text("a \t\r\nb\n\n", "a\nb\n\n", NULL));
	ck_assert(!eq_text("a\nb\n\n", "a\nb\n", NULL));	/* a blank line counts... */
	ck_assert(eq_text("a\nb\n\n", "a\n\nb\n", "^\\s*$"));	/* ...unless ignored */
	ck_assert(!eq_text(" a\n", "a\n", NULL));		/* indentation counts */
	ck_assert(!eq_text("a\nb\n", "a\nc\n", "^\\s*$"));
	ck_assert(!eq_text("a\nb\n", "a\n", NULL));
	ck_assert(eq_text("! Last change 10:01\na\n", "! Last change 11:07\na\n",
			  "^! Last"));
	ck_assert(eq_text("", "\n\n", "^$"));

	/* a profile's compare: loaded, then applied */
	ck_assert(mkdtemp(dir) != NULL);
	put_file(dir, "t.textfsm", TPL);
	put_file(dir, "t.yaml", "profile: t\nvendor: test\nfamily: t\n"
		 "recognise: {cli: {match: ['x']}}\n"
		 "session: {version_command: show x}\n"
		 "commands:\n"
		 "  - command: show x\n    template: t.textfsm\n"
		 "    emit: [{to: config, fields: {saved: {const: true}}, "
		 "when: {ref: NAME, eq: zzz}}]\n"
		 "  - show cur\n"
		 "  - {command: show sav, alternatives: [show sav2]}\n"
		 "compare:\n"
		 "  - commands: [show cur, show sav]\n"
		 "    ignore: ['^\\s*$']\n"
		 "    to: config\n    field: saved\n");
	put_file(dir, "u.yaml", "profile: u\nvendor: test\nfamily: t\n"
		 "recognise: {cli: {match: ['x']}}\n"
		 "session: {version_command: show x}\n"
		 "commands: [show cur]\n"
		 "compare:\n"
		 "  - commands: [show cur, show nope]\n"	/* 8:26 */
		 "    ignore: ['(']\n"				/* 9:14 */
		 "    to: interfaces\n"				/* 10:9 */
		 "  - {commands: [show cur, show cur], to: config, field: ntp_servers}\n"
		 "  - {commands: show cur, to: config, field: saved, when: 1}\n");
	ps = profiles_load(dirs, dirs, &d);
	ck_assert_msg(profiles_count(ps) == 1, "%s:%d:%d %s",
		      d.n ? d.v[0].file : "", d.n ? d.v[0].line : 0,
		      d.n ? d.v[0].col : 0, d.n ? d.v[0].msg : "");
	p = profiles_find(ps, "t");
	ck_assert(p != NULL);
	ck_assert(profile_command_find(p, "show cur")->applied);
	ck_assert(profile_command_find(p, "show sav2")->applied);
	ck_assert(!profile_command_find(p, "show cur")->has_template);
	{
		static const struct {
			int line, col;
			const char *msg;
		} want[] = {
			{8, 26, "'show nope' is not a command of the profile"},
			{9, 14, "ignore: bad regular expression"},
			{10, 9, "'to' names an object target"},
			{11, 16, "'commands' names the same command twice"},
			{11, 57, "'field' names a boolean field of config"},
			{12, 52, "unknown key 'when'"},
			{12, 16, "'commands' is a list of the two commands"},
		};

		ck_assert_int_eq(d.n, N(want));
		for (size_t i = 0; i < N(want); i++) {
			ck_assert_msg(d.v[i].line == want[i].line &&
				      d.v[i].col == want[i].col &&
				      strstr(d.v[i].msg, want[i].msg),
				      "%zu: %d:%d %s", i, d.v[i].line,
				      d.v[i].col, d.v[i].msg);
		}
	}
	o[2].len = strlen(o[2].text);
	f = cJSON_CreateObject();
	ck_assert_int_ge(profile_apply(p, o, 3, "ssh", f, &d), 1);
	ASSERT_JSON(f, "config.saved", "true");
	ck_assert_str_eq(src_of(cJSON_GetObjectItem(f, "config"), "saved"),
			 "ssh:show cur vs show sav");
	cJSON_Delete(f);
	/* an alternative's output stands for its command; a change counts */
	o[2].command = "show sav2";
	o[2].text = "#\n sysname B\n#\nvlan 20\n#\nreturn\n";
	o[2].len = strlen(o[2].text);
	f = cJSON_CreateObject();
	ck_assert_int_ge(profile_apply(p, o, 3, "ssh", f, &d), 1);
	ASSERT_JSON(f, "config.saved", "false");
	ck_assert_str_eq(src_of(cJSON_GetObjectItem(f, "config"), "saved"),
			 "ssh:show cur vs show sav2");
	cJSON_Delete(f);
	/* one output missing: nothing is said */
	f = cJSON_CreateObject();
	ck_assert_int_ge(profile_apply(p, o, 2, "ssh", f, &d), 0);
	ASSERT_JSON(f, "config.saved", "(none)");
	cJSON_Delete(f);
	profiles_free(ps);
	si_diags_free(&d);
	files[0] = fs_join(dir, "t.yaml");
	files[1] = fs_join(dir, "u.yaml");
	files[2] = fs_join(dir, "t.textfsm");
	for (int i = 0; i < 3; i++) {
		unlink(files[i]);
		free(files[i]);
	}
	rmdir(dir);
}
END_TEST

/* ---- recognition ------------------------------------------------------------ */

START_TEST(recognition)
{
	char dir[] = "/tmp/swinspect-tp3-XXXXXX";
	const char *dirs[] = {dir, NULL};
	struct si_diags d = {0};
	struct profiles *ps;
	const char *cmds[4];
	static const struct {
		const char *prompt;
		enum prompt_shape shape;
	} shapes[] = {
		{"sw1#", PROMPT_HASH}, {"sw1>", PROMPT_HASH},
		{"<HUAWEI>", PROMPT_ANGLE}, {"[~HUAWEI]", PROMPT_ANGLE},
		{"[H3C-vlan10]", PROMPT_ANGLE}, {"ops@ex4300>", PROMPT_JUNOS},
		{"ops@ex4300#", PROMPT_JUNOS}, {"admin@sonic:~$", PROMPT_SHELL},
		{"leaf-1(config)#", PROMPT_HASH},
	};

	for (size_t i = 0; i < N(shapes); i++)
		ck_assert_msg(prompt_shape_of(shapes[i].prompt) ==
			      shapes[i].shape, "%s", shapes[i].prompt);
	ck_assert(mkdtemp(dir) != NULL);
	put_file(dir, "lo.yaml", "profile: lo\nvendor: v\nfamily: f\n"
		 "priority: 10\nrecognise:\n  snmp: {object_id: [1.3.6.1.4.1.9],"
		 " description: ['OS']}\n  cli: {prompt: hash, match: ['OS']}\n"
		 "session: {version_command: show version}\n"
		 "commands: [show version]\n");
	put_file(dir, "hi.yaml", "profile: hi\nvendor: v\nfamily: f\n"
		 "priority: 90\nrecognise:\n  snmp: {object_id: [1.3.6.1.4.1.9.12.],"
		 " description: ['NX-OS'], not_description: ['lab']}\n"
		 "  cli: {prompt: hash, match: ['NX-OS'], not_match: ['lab']}\n"
		 "session: {version_command: show ver}\n"
		 "commands: [show ver]\n");
	put_file(dir, "ang.yaml", "profile: ang\nvendor: v\nfamily: f\n"
		 "recognise:\n  cli: {prompt: angle, match: ['OS']}\n"
		 "session: {version_command: display version}\n"
		 "commands: [display version]\n");
	ps = profiles_load(dirs, NULL, &d);
	ck_assert_msg(d.n == 0, "%s", d.n ? d.v[0].msg : "");
	ck_assert_int_eq(profiles_count(ps), 3);
	ck_assert_str_eq(profile_name(profiles_at(ps, 0)), "hi");
	ck_assert_str_eq(profile_name(profiles_match_snmp(ps,
		"1.3.6.1.4.1.9.12.3.1.3.1812", NULL)), "hi");
	/* 1.3.6.1.4.1.9 is not a prefix of 1.3.6.1.4.1.99 */
	ck_assert(profiles_match_snmp(ps, "1.3.6.1.4.1.99.1", "x") == NULL);
	ck_assert_str_eq(profile_name(profiles_match_snmp(ps, ".1.3.6.1.4.1.9.1.1",
							  NULL)), "lo");
	ck_assert_str_eq(profile_name(profiles_match_snmp(ps, NULL,
		"Cisco NX-OS(tm) lab")), "lo");	/* not_description */
	ck_assert_int_eq(profiles_version_commands(ps, PROMPT_HASH, cmds, 4),
			 2);
	ck_assert_str_eq(cmds[0], "show ver");
	ck_assert_str_eq(cmds[1], "show version");
	ck_assert_int_eq(profiles_version_commands(ps, PROMPT_ANGLE, cmds, 4),
			 1);
	ck_assert_str_eq(profile_name(profiles_match_cli(ps, PROMPT_HASH,
		"show ver", "Cisco NX-OS Software")), "hi");
	ck_assert(profiles_match_cli(ps, PROMPT_HASH, "show ver",
				     "NX-OS lab") == NULL);
	ck_assert(profiles_match_cli(ps, PROMPT_ANGLE, "show version",
				     "OS") == NULL);
	ck_assert_str_eq(profile_name(profiles_match_cli(ps, PROMPT_ANGLE,
		"display version", "OS")), "ang");
	profiles_free(ps);
	si_diags_free(&d);
	for (const char *const *n = (const char *const[]){"lo.yaml", "hi.yaml",
							  "ang.yaml", NULL};
	     *n; n++) {
		char *p = fs_join(dir, *n);

		unlink(p);
		free(p);
	}
	rmdir(dir);
}
END_TEST

/* ---- the target table against the schema ---------------------------------------- */

static const cJSON *deref(const cJSON *schema, const cJSON *n)
{
	const cJSON *ref = cJSON_GetObjectItem(n, "$ref");

	while (cJSON_IsString(ref)) {
		const char *name = strrchr(ref->valuestring, '/') + 1;

		n = cJSON_GetObjectItem(cJSON_GetObjectItem(schema, "$defs"),
					name);
		ref = cJSON_GetObjectItem(n, "$ref");
	}
	return n;
}

/* The object schema a target's fields live in. */
static const cJSON *target_schema(const cJSON *schema, const char *path)
{
	const cJSON *n = schema;
	char buf[128], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = strtok_r(buf, ".", &save); p && n;
	     p = strtok_r(NULL, ".", &save)) {
		n = deref(schema, cJSON_GetObjectItem(
					  cJSON_GetObjectItem(n, "properties"),
					  p));
		if (n && cJSON_GetObjectItem(n, "items"))
			n = deref(schema, cJSON_GetObjectItem(n, "items"));
	}
	return n;
}

START_TEST(targets_match_schema)
{
	char *path = fs_join(ABS_TOP_SRCDIR, "common/schema/facts.schema.json");
	char *text = NULL;
	size_t len;
	struct si_error err;
	cJSON *schema;
	const struct target_def *t;

	ck_assert(fs_read_file(path, 1 << 22, &text, &len, &err) == 0);
	schema = cJSON_Parse(text);
	ck_assert(schema != NULL);
	for (size_t i = 0; (t = target_at(i)); i++) {
		const cJSON *o = target_schema(schema, t->path);

		ck_assert_msg(o != NULL, "%s: not in the schema", t->path);
		for (const struct field_def *f = t->fields; f->name; f++) {
			const cJSON *props = cJSON_GetObjectItem(o,
								 "properties");
			bool unit = t->kind == TK_UNITS &&
				    f->users == TU_SNMP;
			bool os = t->kind == TK_SYSTEM &&
				  (!strcmp(f->name, "version") ||
				   !strcmp(f->name, "patch") ||
				   !strcmp(f->name, "family"));

			if (unit) {
				char up[128];

				snprintf(up, sizeof(up), "%s.per_unit",
					 t->path);
				props = cJSON_GetObjectItem(
					target_schema(schema, up),
					"properties");
			}
			if (os)
				props = cJSON_GetObjectItem(deref(schema,
					cJSON_GetObjectItem(props, "os")),
					"properties");
			ck_assert_msg(cJSON_GetObjectItem(props, f->name) !=
				      NULL, "%s.%s: not in the schema",
				      t->path, f->name);
		}
	}
	cJSON_Delete(schema);
	free(text);
	free(path);
}
END_TEST

static Suite *profile_suite(void)
{
	Suite *s = suite_create("profile");
	TCase *t = tcase_create("engine");

	tcase_add_test(t, loader_mistakes_located);
	tcase_add_test(t, loader_keeps_good_profiles);
	tcase_add_test(t, durations_of_vendors);
	tcase_add_test(t, sizes_numbers_words);
	tcase_add_test(t, dates_of_vendors);
	tcase_add_test(t, value_picks);
	tcase_add_test(t, value_steps);
	tcase_add_test(t, value_arith_rounded);
	tcase_add_test(t, value_units_and_kinds);
	tcase_add_test(t, dom_lanes_keep_their_place);
	tcase_add_test(t, conditions);
	tcase_add_test(t, interface_abbreviations);
	tcase_add_test(t, precedence_and_evidence);
	tcase_add_test(t, merge_by_position);
	tcase_add_test(t, apply_merges_into_snmp);
	tcase_add_test(t, compare_outputs);
	tcase_add_test(t, recognition);
	tcase_add_test(t, targets_match_schema);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	SRunner *r = srunner_create(profile_suite());
	int failed;

	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
