/* bench_rules.c - how long the built-in rule packs take over 10,000
 * devices' facts that are already in memory.
 *
 * Three phases, timed apart with CLOCK_MONOTONIC:
 *   load  rules_load() of the built-in packs and tables (parse, lint,
 *         compile every expression);
 *   gen   building N varied facts documents in memory, each printed and
 *         parsed back as check reads facts.json (not the rules' cost,
 *         reported for scale only);
 *   eval  rules_eval_text() over every document, keeping every finding
 *         and not-evaluated entry as JSON text in memory (what `swinspect
 *         check` streams into findings.json); with -c, rules_eval() into
 *         cJSON arrays instead (the tree API, all kept).
 * eval_cpu_ms is the process's CPU time (user + system) during eval: on a
 * shared, loaded machine it shows the cost the wall clock hides.
 * Memory: getrusage(RUSAGE_SELF) maximum resident set size after each
 * phase.  The documents vary the vendor (seven OS families), model,
 * version, interface count (24 to 96), optics, faults and configuration,
 * with a fixed seed so that runs are comparable.
 *
 * Usage: bench_rules [-n DEVICES] [-s SEED] [-p PACKDIR] [-c] [-d]
 *                    [-j THREADS] [-o FILE]
 *   -c: the cJSON tree API (rules_eval) instead of the text one
 *   -d: drop each device's output after counting it (as check does once
 *       the device's text is written to disk)
 *   -j: evaluate with THREADS threads (devices split evenly)
 *   -o: write {findings, not_evaluated} as JSON to FILE after the timing
 *       (to compare two builds' output)
 * Output: one line of key=value pairs (bench/rules/run.sh reads it).
 */
#include "config.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "error.h"
#include "facts.h"
#include "rules/rules.h"

static uint64_t rng_state;

static uint32_t rnd(void)
{
	/* xorshift64*: deterministic, fast, good enough for test data */
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * 2685821657736338717ULL) >> 32);
}

static int pick(int n)
{
	return (int)(rnd() % (uint32_t)n);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3;
}

static long max_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

struct kind {
	const char *vendor, *family, *model, *const versions[3], *ifprefix;
};

static const struct kind kinds[] = {
	{"cisco", "ios", "WS-C2960X-48FPD-L", {"15.2(7)E4", "15.2(7)E9", "15.2(7)E10"}, "GigabitEthernet1/0/"},
	{"cisco", "ios-xe", "C9300-48P", {"17.6.4", "17.9.3", "17.12.4"}, "GigabitEthernet1/0/"},
	{"cisco", "nx-os", "N9K-C93180YC-FX", {"9.3(8)", "9.3(13)", "10.4(4)M"}, "Ethernet1/"},
	{"huawei", "vrp", "S5720-56C-EI-AC", {"V200R011C10SPC600", "V200R019C10SPC500", "V200R019C10"}, "GigabitEthernet0/0/"},
	{"h3c", "comware", "S6850-56HF", {"7.1.070, Release 6710", "7.1.070, Release 6616P01", "7.1.070, Release 6728"}, "Ten-GigabitEthernet1/0/"},
	{"juniper", "junos", "ex4300-48t", {"18.4R2-S4.2", "21.4R3-S5", "22.4R3"}, "ge-0/0/"},
	{"arista", "eos", "DCS-7050SX3-48YC8", {"4.26.4M", "4.28.3M", "4.32.1F"}, "Ethernet"},
	{"inspur", "inos-cn", "CN8696Q", {"9.2(2)", "9.3(10)", "9.2.3"}, "Ethernet1/"},
};

#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static const char *const fan_status[] = {"ok", "ok", "ok", "ok", "ok",
					 "ok", "failed", "absent", "warning"};
static const char *const psu_status[] = {"ok", "ok", "ok", "ok", "absent",
					 "unpowered", "failed"};

static void add_system(cJSON *f, const struct kind *k, int i)
{
	cJSON *sys = facts_obj(f, "system"), *os = facts_obj(f, "system.os");
	char buf[64];

	facts_set_str(sys, "vendor", k->vendor, "snmp:1.3.6.1.2.1.1.2.0");
	facts_set_str(sys, "model", k->model,
		      "snmp:1.3.6.1.2.1.47.1.1.1.1.13.1");
	snprintf(buf, sizeof(buf), "SN%08d", i);
	facts_set_str(sys, "serial", buf, "snmp:1.3.6.1.2.1.47.1.1.1.1.11.1");
	facts_set_num(sys, "uptime_s", 3600.0 * (1 + pick(24 * 800)),
		      "snmp:1.3.6.1.2.1.1.3.0");
	facts_set_str(os, "family", k->family, NULL);
	facts_set_str(os, "version", k->versions[pick(3)],
		      "snmp:1.3.6.1.2.1.1.1.0");
}

static void add_environment(cJSON *f)
{
	char name[32], src[80];
	int nfan = 2 + pick(5), npsu = 1 + pick(2), ntemp = 2 + pick(6);
	cJSON *cpu = facts_obj(f, "environment.cpu");
	cJSON *mem = facts_obj(f, "environment.memory");

	for (int i = 0; i < nfan; i++) {
		cJSON *o = facts_list_add(f, "environment.fans");

		snprintf(name, sizeof(name), "Fan %d", i + 1);
		snprintf(src, sizeof(src), "snmp:1.3.6.1.4.1.9.9.13.1.4.1.3.%d",
			 i + 1);
		facts_set_str(o, "name", name, NULL);
		facts_set_str(o, "status", fan_status[pick(9)], src);
		facts_set_num(o, "rpm", 3000 + pick(9000), src);
	}
	for (int i = 0; i < npsu; i++) {
		cJSON *o = facts_list_add(f, "environment.power_supplies");

		snprintf(name, sizeof(name), "PSU %d", i + 1);
		facts_set_str(o, "name", name, NULL);
		facts_set_str(o, "status", psu_status[pick(7)],
			      "ssh:show environment power");
	}
	for (int i = 0; i < ntemp; i++) {
		cJSON *o = facts_list_add(f, "environment.temperatures");

		snprintf(name, sizeof(name), "Sensor %d", i + 1);
		facts_set_str(o, "name", name, NULL);
		facts_set_num(o, "celsius", 25 + pick(60), "snmp:1.3.6.1.2.1.99");
		if (pick(4))
			facts_set_num(o, "high", 75, "snmp:1.3.6.1.2.1.99");
		if (pick(2))
			facts_set_num(o, "critical", 90, "snmp:1.3.6.1.2.1.99");
	}
	facts_set_num(cpu, "load_pct", pick(100), "snmp:1.3.6.1.2.1.25.3.3.1.2");
	facts_set_num(mem, "used_pct", 20 + pick(80), "derived:used/total");
}

static void add_hardware(cJSON *f, const struct kind *k, int nif)
{
	char name[64];
	cJSON *st = facts_list_add(f, "hardware.storage");
	int noptic = 2 + pick(8);

	facts_set_str(st, "name", "flash:", NULL);
	facts_set_num(st, "total_bytes", 4e9, "snmp:1.3.6.1.2.1.25.2.3.1.5.1");
	facts_set_num(st, "used_bytes", 1e9 + pick(3000) * 1e6,
		      "snmp:1.3.6.1.2.1.25.2.3.1.6.1");
	for (int i = 0; i < 2; i++) {
		cJSON *m = facts_list_add(f, "hardware.modules");

		snprintf(name, sizeof(name), "Module %d", i + 1);
		facts_set_str(m, "name", name, NULL);
		facts_set_str(m, "class", i ? "module" : "chassis", NULL);
		facts_set_str(m, "status", pick(20) ? "ok" : "failed",
			      "snmp:1.3.6.1.2.1.131.1.1.1.3");
	}
	for (int i = 0; i < noptic && i < nif; i++) {
		cJSON *t = facts_list_add(f, "hardware.transceivers");

		snprintf(name, sizeof(name), "%s%d", k->ifprefix, nif - i);
		facts_set_str(t, "port", name, NULL);
		facts_set_num(t, "rx_dbm", -2.0 - pick(220) / 10.0,
			      "ssh:show interfaces transceiver detail");
		facts_set_num(t, "tx_dbm", -1.0 - pick(40) / 10.0, NULL);
		facts_set_num(t, "temp_c", 30 + pick(50), NULL);
		facts_set_num(t, "rx_dbm_low_alarm", -20, NULL);
		facts_set_num(t, "rx_dbm_high_alarm", 1, NULL);
		facts_set_num(t, "rx_dbm_low_warn", -18, NULL);
		facts_set_num(t, "rx_dbm_high_warn", 0, NULL);
		facts_set_num(t, "tx_dbm_low_alarm", -8, NULL);
		facts_set_num(t, "tx_dbm_high_alarm", 2, NULL);
		facts_set_num(t, "temp_c_high_alarm", 75, NULL);
		facts_set_num(t, "temp_c_low_alarm", -5, NULL);
	}
}

static void add_interfaces(cJSON *f, const struct kind *k, int nif)
{
	char name[64], src[80];
	bool rates = pick(2);

	for (int i = 0; i < nif; i++) {
		cJSON *o = facts_list_add(f, "interfaces");
		bool up = pick(3) != 0;

		snprintf(name, sizeof(name), "%s%d", k->ifprefix, i + 1);
		snprintf(src, sizeof(src), "snmp:1.3.6.1.2.1.2.2.1.%d", i + 1);
		facts_set_str(o, "name", name, NULL);
		facts_set_str(o, "type", "ethernetCsmacd", NULL);
		facts_set_str(o, "admin", pick(10) ? "up" : "down", src);
		facts_set_str(o, "oper", up ? "up" : "down", src);
		facts_set_str(o, "duplex", pick(200) ? "full" : "half", NULL);
		facts_set_num(o, "speed_bps", 1e9, src);
		facts_set_num(o, "in_errors", pick(50) ? 0 : pick(100000), src);
		facts_set_num(o, "crc", pick(30) ? 0 : pick(100000), src);
		facts_set_num(o, "last_change_s", pick(10000000), src);
		facts_set_bool(o, "err_disabled", pick(300) == 0, NULL);
		if (rates) {
			facts_set_num(o, "interval_s", 60, NULL);
			facts_set_num(o, "in_error_rate", pick(40) ? 0 : pick(50), NULL);
			facts_set_num(o, "out_error_rate", 0, NULL);
			facts_set_num(o, "in_discard_rate", 0, NULL);
			facts_set_num(o, "out_discard_rate", pick(100) ? 0 : 500, NULL);
		}
	}
}

static void add_config(cJSON *f)
{
	cJSON *c = facts_obj(f, "config"), *snmp = facts_obj(f, "config.snmp");
	cJSON *ntp, *versions, *comm, *one;
	bool def = pick(5) == 0;

	facts_set_bool(c, "saved", pick(4) != 0, "ssh:show archive");
	facts_set_bool(c, "telnet_enabled", pick(4) == 0, "ssh:show run");
	facts_set_bool(c, "http_enabled", pick(3) == 0, "ssh:show run");
	facts_set_bool(c, "ntp_synchronized", pick(5) != 0, "ssh:show ntp");
	facts_set_bool(c, "aaa", pick(2), "ssh:show run");
	facts_set_bool(c, "banner", pick(2), "ssh:show run");
	facts_set_num(c, "exec_timeout_s", pick(3) ? 600 : 0, "ssh:show run");
	ntp = cJSON_AddArrayToObject(c, "ntp_servers");
	if (pick(6))
		cJSON_AddItemToArray(ntp, cJSON_CreateString("10.0.0.5"));
	cJSON_AddArrayToObject(c, "syslog_servers");
	versions = cJSON_AddArrayToObject(snmp, "versions");
	cJSON_AddItemToArray(versions, cJSON_CreateString(pick(2) ? "2c" : "3"));
	comm = cJSON_AddArrayToObject(snmp, "communities");
	one = cJSON_CreateObject();
	cJSON_AddStringToObject(one, "name", def ? "<redacted: well-known default>" :
				"<redacted>");
	cJSON_AddBoolToObject(one, "default", def);
	cJSON_AddBoolToObject(one, "rw", pick(10) == 0);
	cJSON_AddItemToArray(comm, one);
}

static void add_logs(cJSON *f)
{
	cJSON *bs = facts_obj(f, "logs.by_severity");
	cJSON *alarms = facts_list(f, "alarms");

	facts_set_num(bs, "critical", pick(5) ? 0 : pick(5), NULL);
	facts_set_num(bs, "error", pick(200), NULL);
	if (!pick(10)) {
		cJSON *a = cJSON_CreateObject();

		cJSON_AddStringToObject(a, "id", "0x8125002");
		cJSON_AddStringToObject(a, "severity", "major");
		cJSON_AddStringToObject(a, "text", "The fan module failed.");
		cJSON_AddItemToArray(alarms, a);
	}
}

static cJSON *make_device(int i)
{
	const struct kind *k = &kinds[pick(NKINDS)];
	char name[32];
	int nif = 24 + pick(73);
	cJSON *f;

	snprintf(name, sizeof(name), "sw-%05d", i);
	f = facts_new(name, "127.0.0.1", "bench");
	add_system(f, k, i);
	add_environment(f);
	add_hardware(f, k, nif);
	add_interfaces(f, k, nif);
	add_config(f);
	add_logs(f);
	return f;
}

struct opts {
	bool tree, discard;
	int nthreads, repeat;
	const char *dump;
};

/* One thread's share of the devices and its output. */
struct job {
	const struct rule_set *rs;
	const struct opts *o;
	cJSON **facts;
	int from, to;
	cJSON *findings, *ne;	/* -c */
	struct rules_text text;
	long nf, nn;
	int rc;
};

static int eval_one(struct job *j, const cJSON *facts)
{
	struct si_error err;

	if (j->o->tree) {
		if (rules_eval(j->rs, facts, NULL, "2026-11-28", j->findings,
			       j->ne, &err) < 0)
			goto fail;
		if (j->o->discard) {	/* count, then drop the output */
			j->nf += cJSON_GetArraySize(j->findings);
			j->nn += cJSON_GetArraySize(j->ne);
			cJSON_Delete(j->findings);
			cJSON_Delete(j->ne);
			j->findings = cJSON_CreateArray();
			j->ne = cJSON_CreateArray();
		}
		return 0;
	}
	if (rules_eval_text(j->rs, facts, NULL, "2026-11-28", &j->text,
			    &err) < 0)
		goto fail;
	if (j->o->discard)
		rules_text_clear(&j->text);
	return 0;
fail:
	fprintf(stderr, "eval: %s\n", err.msg);
	return -1;
}

static void *run_job(void *arg)
{
	struct job *j = arg;

	for (int r = 0; r < j->o->repeat; r++)	/* -r: profiling */
		for (int i = j->from; i < j->to; i++)
			if (eval_one(j, j->facts[i]) < 0)
				j->rc = -1;
	if (j->o->tree) {
		j->nf += cJSON_GetArraySize(j->findings);
		j->nn += cJSON_GetArraySize(j->ne);
	} else {
		j->nf = (long)j->text.nfindings;
		j->nn = (long)j->text.nnot_evaluated;
	}
	return NULL;
}

static cJSON *text_array(const struct sbuf *b)
{
	char *t = malloc(b->len + 2);
	cJSON *a;

	if (!t)
		return NULL;
	t[0] = '[';
	if (b->len)
		memcpy(t + 1, b->s + 1, b->len - 1);
	t[b->len ? b->len : 1] = ']';
	t[b->len ? b->len + 1 : 2] = '\0';
	a = cJSON_Parse(t);
	free(t);
	return a;
}

/* -o: the whole output as one JSON document, whichever API made it. */
static int dump(const char *file, struct job *jobs, int nthreads, bool tree)
{
	cJSON *doc = cJSON_CreateObject();
	cJSON *f = cJSON_AddArrayToObject(doc, "findings");
	cJSON *n = cJSON_AddArrayToObject(doc, "not_evaluated");
	FILE *out = fopen(file, "w");
	char *text;

	for (int t = 0; t < nthreads; t++) {
		cJSON *a = tree ? jobs[t].findings : text_array(&jobs[t].text.findings);
		cJSON *b = tree ? jobs[t].ne : text_array(&jobs[t].text.not_evaluated);
		cJSON *it;

		while (a && (it = cJSON_DetachItemFromArray(a, 0)))
			cJSON_AddItemToArray(f, it);
		while (b && (it = cJSON_DetachItemFromArray(b, 0)))
			cJSON_AddItemToArray(n, it);
		if (!tree) {
			cJSON_Delete(a);
			cJSON_Delete(b);
		}
	}
	text = cJSON_Print(doc);
	if (!out || !text || fputs(text, out) < 0 || fclose(out) != 0) {
		fprintf(stderr, "%s: cannot write\n", file);
		return -1;
	}
	free(text);
	cJSON_Delete(doc);
	return 0;
}

/* Devices split evenly among threads (rules_eval is reentrant; the rule
 * set is shared read-only), each with its own output. */
static int eval_all(const struct rule_set *rs, cJSON **facts, int n,
		    const struct opts *o, long *nf, long *nn, double *ms,
		    double *cpu, long *rss)
{
	pthread_t tid[64];
	struct job jobs[64];
	double t0 = now_ms(), c0 = cpu_ms();
	int rc = 0;

	for (int t = 0; t < o->nthreads; t++) {
		jobs[t] = (struct job){.rs = rs, .o = o, .facts = facts,
				       .from = n * t / o->nthreads,
				       .to = n * (t + 1) / o->nthreads};
		jobs[t].findings = cJSON_CreateArray();
		jobs[t].ne = cJSON_CreateArray();
		rules_text_init(&jobs[t].text);
		if (o->nthreads == 1)
			run_job(&jobs[t]);
		else
			pthread_create(&tid[t], NULL, run_job, &jobs[t]);
	}
	for (int t = 0; t < o->nthreads; t++) {
		if (o->nthreads > 1)
			pthread_join(tid[t], NULL);
		*nf += jobs[t].nf;
		*nn += jobs[t].nn;
		rc |= jobs[t].rc;
	}
	*ms = now_ms() - t0;
	*cpu = cpu_ms() - c0;
	*rss = max_rss_kb();
	if (o->dump && !o->discard && dump(o->dump, jobs, o->nthreads, o->tree))
		rc = -1;
	for (int t = 0; t < o->nthreads; t++) {
		cJSON_Delete(jobs[t].findings);
		cJSON_Delete(jobs[t].ne);
		rules_text_free(&jobs[t].text);
	}
	return rc;
}

int main(int argc, char **argv)
{
	int n = 10000;
	struct opts o = {.nthreads = 1, .repeat = 1};
	const char *packdir = NULL;
	char *builtin = NULL;
	struct si_diags d = {0};
	struct rule_set *rs;
	cJSON **facts;
	double t0, t_load, t_gen, t_eval, c_eval;
	long rss_load, rss_gen, rss_eval;
	long nf = 0, nn = 0;

	rng_state = 0x9E3779B97F4A7C15ULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			/* NOLINTNEXTLINE(cert-err34-c): a bench's own option */
			n = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-s") && i + 1 < argc)
			rng_state ^= strtoull(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "-p") && i + 1 < argc)
			packdir = argv[++i];
		else if (!strcmp(argv[i], "-c"))
			o.tree = true;
		else if (!strcmp(argv[i], "-d"))
			o.discard = true;
		else if (!strcmp(argv[i], "-j") && i + 1 < argc)
			/* NOLINTNEXTLINE(cert-err34-c): a bench's own option */
			o.nthreads = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-r") && i + 1 < argc)
			/* NOLINTNEXTLINE(cert-err34-c): a bench's own option */
			o.repeat = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-o") && i + 1 < argc)
			o.dump = argv[++i];
		else {
			fprintf(stderr, "usage: bench_rules [-n DEVICES] [-s "
				"SEED] [-p PACKDIR] [-c] [-d] [-j THREADS] "
				"[-o FILE]\n");
			return 64;
		}
	}
	if (o.nthreads < 1 || o.nthreads > 64)
		o.nthreads = 1;
	if (o.repeat < 1)
		o.repeat = 1;
	if (!packdir)
		packdir = builtin = rules_builtin_dir();
	t0 = now_ms();
	rs = rules_load(&packdir, 1, &d);
	t_load = now_ms() - t0;
	rss_load = max_rss_kb();
	if (!rs) {
		char buf[2048];

		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "%s\n", si_error_str(&d.v[i], buf,
							     sizeof(buf)));
		return 65;
	}
	facts = calloc((size_t)n, sizeof(*facts));
	if (!facts)
		return 70;
	t0 = now_ms();
	for (int i = 0; i < n; i++) {
		/* Built, then printed and parsed back: in memory as `swinspect
		 * check` holds them after reading facts.json, not as the
		 * builder's many replacements left the heap. */
		cJSON *built = make_device(i);
		char *text = cJSON_PrintUnformatted(built);

		cJSON_Delete(built);
		facts[i] = text ? cJSON_Parse(text) : NULL;
		free(text);
		if (!facts[i])
			/* NOLINTNEXTLINE(clang-analyzer-unix.Malloc): exits */
			return 70;
	}
	t_gen = now_ms() - t0;
	rss_gen = max_rss_kb();
	if (eval_all(rs, facts, n, &o, &nf, &nn, &t_eval, &c_eval,
		     &rss_eval) < 0)
		return 70;
	printf("api=%s threads=%d devices=%d rules=%zu findings=%ld "
	       "not_evaluated=%ld load_ms=%.1f gen_ms=%.1f eval_ms=%.1f "
	       "eval_cpu_ms=%.1f eval_us_per_device=%.1f "
	       "rss_after_load_mb=%.1f rss_after_gen_mb=%.1f "
	       "rss_after_eval_mb=%.1f\n",
	       o.tree ? "tree" : "text", o.nthreads, n, rules_count(rs), nf,
	       nn, t_load, t_gen, t_eval, c_eval, t_eval * 1000.0 / n,
	       rss_load / 1024.0, rss_gen / 1024.0, rss_eval / 1024.0);
	for (int i = 0; i < n; i++)
		cJSON_Delete(facts[i]);
	free(facts);
	rules_free(rs);
	si_diags_free(&d);
	free(builtin);
	return 0;
}
