/* run.c - see run.h */
#include "config.h"
#include "run.h"
#include "settings.h"
#include "site.h"
#include "collectors/collector.h"
#include "collectors/local.h"
#include "collectors/local_cli.h"
#include "error.h"
#include "facts.h"
#include "fsutil.h"
#include "inventory.h"
#include "jsonio.h"
#include "log.h"
#include "model.h"
#include "progress.h"
#include "collectors/snmp.h"
#include "report/report.h"
#include "rules/rules.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define FACTS_MAX (256u << 20)
#define DEFAULT_JOBS 8

volatile sig_atomic_t run_cancel;

static void iso_now(char *buf, size_t n)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void today(char *buf, size_t n)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(buf, n, "%Y-%m-%d", &tm);
}

static void print_diags(const struct si_diags *d)
{
	si_diags_print(d, stderr);
}

/* The exit status of a failure described by e: 73 when an output could
 * not be written, else 70. */
static int fail_status(const struct si_error *e)
{
	return e->kind == SI_ERR_WRITE ? EXIT_CANTCREAT : EXIT_SOFTWARE;
}

/* A stage that cannot go on. */
static bool fatal(int rc)
{
	return rc == EXIT_DATAERR || rc == EXIT_SOFTWARE ||
	       rc == EXIT_CANTCREAT;
}

/* a/b; NULL when there is no memory for it: each caller says so where
 * it can name what was lost (a device's status, the stage's exit 70). */
static char *path2(const char *a, const char *b)
{
	return fs_join(a, b);
}

/* The message of json_read_file(), fs_read_file() and the YAML loader
 * when they ran out of memory. */
static bool err_nomem(const struct si_error *e)
{
	return strcmp(e->msg, "out of memory") == 0;
}

/*
 * glibc's heap under the collect and check threads.  Each thread takes an
 * arena of its own, up to 8 per processor (16 here for -j 16): what it
 * freed stays mapped there, and after the threads are gone the report (in
 * this thread) cannot reuse it.  Measured (agent/STATUS.md): ~0.5 MB
 * resident per arena after collect, ~8 MB of a 100-device run's peak.
 * So: no more arenas than processors online (collect's threads mostly
 * wait on the network), unless MALLOC_ARENA_MAX or GLIBC_TUNABLES says
 * otherwise, and the free pages of all arenas go back between stages.
 */
static void heap_limit_arenas(void)
{
#ifdef __GLIBC__
	static bool done;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (done || getenv("MALLOC_ARENA_MAX") || getenv("GLIBC_TUNABLES"))
		return;
	done = true;
	mallopt(M_ARENA_MAX, cpus < 1 ? 1 : cpus > 8 ? 8 : (int)cpus);
#endif
}

static void heap_trim(void)
{
#ifdef __GLIBC__
	malloc_trim(0);
#endif
}

/* The heap's arenas (malloc_info's <heap> elements) and the bytes in use
 * in all of them, for run.log; 0 arenas where glibc does not say. */
static void heap_stats(int *arenas, double *in_use_mb)
{
	*arenas = 0;
	*in_use_mb = 0;
#if defined(__GLIBC__) && __GLIBC_PREREQ(2, 33)
	{
		char *xml = NULL, *p;
		size_t len = 0;
		FILE *f = open_memstream(&xml, &len);

		if (f && malloc_info(0, f) == 0 && fflush(f) == 0)
			for (p = xml; p && (p = strstr(p, "<heap nr=")); p++)
				(*arenas)++;
		if (f)
			fclose(f);
		free(xml);
		*in_use_mb = mallinfo2().uordblks / 1048576.0;
	}
#endif
}

/* ---- collect ------------------------------------------------------------ */

struct device_result {
	enum src_status status;
	cJSON *sources;	/* copy of facts.sources, for inspection.json */
};

struct pool {
	const struct inventory *inv;
	const struct run_opts *o;
	char *devdir;
	pthread_mutex_t lock;
	size_t next;
	size_t done;
	struct device_result *res;
	bool *keep;		/* --resume: facts already there and good */
	size_t nkeep;
	struct progress *prog;
	bool write_failed;	/* some device's facts could not be written */
	bool nomem;		/* some device ran out of memory (exit 70) */
};

/* 0; -1 when the facts could not be written (said); -2 when there was no
 * memory for their path (said). */
static int write_facts(const char *devdir, const char *name, cJSON *facts)
{
	char *dir = path2(devdir, name);
	char *file = dir ? path2(dir, "facts.json") : NULL;
	struct si_error err;
	int rc;

	if (!file) {
		log_error("collect", "%s: out of memory: its facts are not "
			  "written", name);
		free(dir);
		return -2;
	}
	rc = fs_mkdirs(dir, FS_DIR_MODE, &err);
	if (rc == 0)
		rc = json_write_file(file, facts, &err);
	if (rc < 0)
		log_error("collect", "%s: %s: %s", name, err.file[0] ? err.file
								  : dir, err.msg);
	free(dir);
	free(file);
	return rc;
}

static void not_inspected(const struct target *t, const char *site,
			  const char *why, cJSON **facts)
{
	*facts = facts_new(t->name, t->address, site);
	for (size_t i = 0; *facts && collectors_table[i]; i++)
		if (t->local.enabled ||
		    (collectors_table[i] != &local_collector &&
		     collectors_table[i] != &local_cli_collector))
			facts_source(*facts, collectors_table[i]->name,
			     collectors_table[i]->wanted(t) ? SRC_NOT_INSPECTED
							    : SRC_SKIPPED,
			     collectors_table[i]->wanted(t)
				     ? why : "turned off for this device", -1);
}

static const char *dev_site(const struct pool *p, const struct target *t)
{
	return t->site ? t->site : p->inv->site;
}

/* Collects t; a device the interrupt caught half-way (some collector
 * abandoned) is not_inspected as a whole, so that --resume takes it again
 * and the report does not show the abandonment as the device's fault. */
static cJSON *collect_or_abandon(struct pool *p, const struct target *t,
				 enum src_status *st)
{
	char *devdir = path2(p->devdir, t->name);
	char *rawdir = devdir ? path2(devdir, "raw") : NULL;
	long deadline = p->o->device_timeout_s > 0 ?
				collect_now_ms() + p->o->device_timeout_s * 1000L
						  : 0;
	cJSON *facts;

	if (!rawdir) {	/* the caller says "out of memory" */
		free(devdir);
		*st = SRC_ERROR;
		return NULL;
	}
	log_info("collect", "%s (%s): collecting", t->name, t->address);
	facts = collect_device(t, dev_site(p, t), rawdir, deadline,
			       &run_cancel, st);
	free(rawdir);
	free(devdir);
	/* Any status short of ok once the interrupt has come may be the
	 * interrupt's doing (an SNMP walk cut short is "partial"): the device
	 * is taken again by --resume rather than reported as the device's. */
	if (facts && run_cancel && *st != SRC_OK && *st != SRC_SKIPPED) {
		cJSON_Delete(facts);
		not_inspected(t, dev_site(p, t), "abandoned: the run was "
			      "interrupted while this device was being "
			      "inspected", &facts);
		*st = SRC_NOT_INSPECTED;
	}
	return facts;
}

static void inspect_one(struct pool *p, size_t i)
{
	const struct target *t = &p->inv->devices[i];
	enum src_status st = SRC_NOT_INSPECTED;
	bool nomem = false, write_failed = false;
	cJSON *facts;
	int rc;

	if (run_cancel)
		not_inspected(t, dev_site(p, t), "the run was interrupted "
			      "before this device's turn", &facts);
	else
		facts = collect_or_abandon(p, t, &st);
	if (!facts) {
		log_error("collect", "%s: out of memory", t->name);
		st = SRC_ERROR;
		nomem = true;
	} else if ((rc = write_facts(p->devdir, t->name, facts)) < 0) {
		st = SRC_ERROR;
		nomem = rc == -2;
		write_failed = rc == -1;
	}
	pthread_mutex_lock(&p->lock);
	p->nomem |= nomem;
	p->write_failed |= write_failed;
	p->res[i].status = st;
	p->res[i].sources = facts ? cJSON_Duplicate(cJSON_GetObjectItem(
						      facts, "sources"), 1)
				  : NULL;
	p->done++;
	pthread_mutex_unlock(&p->lock);
	log_info("collect", "%s (%s): %s", t->name, t->address,
		 src_status_name(st));
	progress_device(p->prog, t->name, t->address, st);
	cJSON_Delete(facts);
}

static void *worker(void *arg)
{
	struct pool *p = arg;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&p->lock);
		i = p->next++;
		pthread_mutex_unlock(&p->lock);
		if (i >= p->inv->ndevices)
			return NULL;
		if (!(p->keep && p->keep[i]))
			inspect_one(p, i);
	}
}

static int run_pool(struct pool *p, int jobs)
{
	pthread_t *th;
	int started = 0;

	if (jobs < 1)
		jobs = DEFAULT_JOBS;
	if ((size_t)jobs > p->inv->ndevices - p->nkeep)
		jobs = (int)(p->inv->ndevices - p->nkeep);
	if (jobs < 1)
		return 0;
	if (jobs == 1 && p->inv->ndevices - p->nkeep == 1) {
		/* one device (run --local): no thread needed (qemu-user) */
		worker(p);
		return 0;
	}
	th = calloc((size_t)jobs, sizeof(*th));
	if (!th)
		return -1;
	for (int i = 0; i < jobs; i++)
		if (pthread_create(&th[i], NULL, worker, p) == 0)
			started++;
	if (started == 0)
		worker(p);	/* no thread could start: do it here */
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	free(th);
	return 0;
}

static cJSON *inspection_doc(const struct inventory *inv,
			     const struct device_result *res,
			     const char *started, const char *finished)
{
	cJSON *doc = inventory_metadata(inv), *devs, *ni = NULL;

	cJSON_AddStringToObject(doc, "schema", "swinspect.inspection/1");
	cJSON_AddStringToObject(doc, "generator", PACKAGE_STRING);
	cJSON_AddStringToObject(doc, "started_at", started);
	if (finished)
		cJSON_AddStringToObject(doc, "finished_at", finished);
	cJSON_AddBoolToObject(doc, "incomplete", finished == NULL ||
						  run_cancel != 0);
	devs = cJSON_AddArrayToObject(doc, "devices");
	if (res)
		ni = cJSON_AddArrayToObject(doc, "not_inspected");
	for (size_t i = 0; i < inv->ndevices; i++) {
		const struct target *t = &inv->devices[i];
		cJSON *d = cJSON_CreateObject();

		cJSON_AddStringToObject(d, "name", t->name);
		cJSON_AddStringToObject(d, "address", t->address);
		if (t->profile)
			cJSON_AddStringToObject(d, "profile", t->profile);
		if (res) {
			cJSON_AddStringToObject(d, "status",
						src_status_name(res[i].status));
			if (res[i].sources)
				cJSON_AddItemToObject(
					d, "sources",
					cJSON_Duplicate(res[i].sources, 1));
			if (res[i].status == SRC_NOT_INSPECTED)
				cJSON_AddItemToArray(
					ni, cJSON_CreateString(t->name));
		}
		cJSON_AddItemToArray(devs, d);
	}
	return doc;
}

/* Returns 0 or an exit status. */
static int write_inspection(const char *out, cJSON *doc)
{
	char *file = path2(out, "inspection.json");
	struct si_error err;
	int rc;

	if (!file) {
		fprintf(stderr, "swinspect: %s/inspection.json: out of "
			"memory\n", out);
		return EXIT_SOFTWARE;
	}
	rc = json_write_file(file, doc, &err);
	if (rc < 0) {
		fprintf(stderr, "swinspect: %s: %s\n", file, err.msg);
		rc = fail_status(&err);
	}
	free(file);
	return rc;
}

static FILE *open_run_log(const char *out)
{
	char *file = path2(out, "run.log");
	FILE *f = NULL;
	int fd;

	if (!file) {
		log_warn("collect", "%s/run.log: out of memory: this run is "
			 "not logged there", out);
		return NULL;
	}
	fd = open(file, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
		  FS_FILE_MODE);
	if (fd >= 0)
		f = fdopen(fd, "a");
	free(file);
	return f;
}

static int collect_exit(const struct inventory *inv,
			const struct device_result *res)
{
	int rc = EXIT_OK;

	for (size_t i = 0; i < inv->ndevices; i++)
		if (src_status_unreached(res[i].status))
			rc = EXIT_NOT_REACHED;
	return run_cancel ? EXIT_INTERRUPTED : rc;
}

#define SUMMARY_LIST_MAX 20	/* failed devices named at the default level */

static void collect_summary(const struct inventory *inv,
			    const struct device_result *res, size_t kept,
			    double elapsed)
{
	size_t count[SRC__COUNT] = {0}, bad = 0, shown = 0;
	size_t max = log_get_level() >= LOG_LVL_INFO ? (size_t)-1
						     : SUMMARY_LIST_MAX;
	char el[32];

	if (log_get_level() == LOG_LVL_ERROR)
		return;
	for (size_t i = 0; i < inv->ndevices; i++) {
		count[res[i].status]++;
		bad += src_status_unreached(res[i].status);
	}
	fprintf(stderr, "swinspect: %s %zu device(s) in %s%s: %zu reached, "
		"%zu not reached or not inspected", run_cancel ? "interrupted"
		" after" : "inspected", inv->ndevices,
		progress_duration(elapsed, el, sizeof(el)),
		kept ? " (resumed)" : "", inv->ndevices - bad, bad);
	for (int s = 0, first = 1; s < SRC__COUNT; s++)
		if (count[s]) {
			fprintf(stderr, "%s%s %zu", first ? " (" : ", ",
				src_status_name((enum src_status)s), count[s]);
			first = 0;
		}
	fputs(inv->ndevices ? ")\n" : "\n", stderr);
	if (kept)
		fprintf(stderr, "swinspect: %zu device(s) kept from the "
			"previous attempt\n", kept);
	for (size_t i = 0; i < inv->ndevices && shown < max; i++) {
		if (!src_status_unreached(res[i].status) ||
		    res[i].status == SRC_NOT_INSPECTED)
			continue;
		fprintf(stderr, "swinspect:   %s (%s): %s\n",
			inv->devices[i].name, inv->devices[i].address,
			src_status_name(res[i].status));
		shown++;
	}
	if (bad - count[SRC_NOT_INSPECTED] > shown)
		fprintf(stderr, "swinspect:   ... and %zu more (-v lists them "
			"all; OUT/inspection.json has each status)\n",
			bad - count[SRC_NOT_INSPECTED] - shown);
	if (count[SRC_NOT_INSPECTED])
		fprintf(stderr, "swinspect: %zu device(s) not inspected: "
			"'swinspect run --resume OUT' takes them up\n",
			count[SRC_NOT_INSPECTED]);
}

/* The worst status among a facts document's sources; -1 when it has
 * none that can be read. */
static int facts_worst(const cJSON *facts)
{
	const cJSON *s;
	int worst = -1;

	cJSON_ArrayForEach(s, cJSON_GetObjectItem(facts, "sources")) {
		int st = src_status_parse(cJSON_GetStringValue(
			cJSON_GetObjectItem(s, "status")));

		if (st < 0)
			return -1;
		if (worst < 0 || src_status_unreached((enum src_status)st) ||
		    (st == SRC_PARTIAL && !src_status_unreached(
						  (enum src_status)worst)))
			worst = st;
	}
	return worst;
}

/* --resume: a device whose facts are in OUT, for the same address, and
 * reached by every collector, is kept (its status and sources too). */
static bool resume_keep(const char *devdir, const struct target *t,
			struct device_result *r)
{
	char *dir = path2(devdir, t->name);
	char *file = dir ? path2(dir, "facts.json") : NULL;
	struct si_error err;
	cJSON *facts = file && fs_exists(file) ? json_read_file(file,
							       FACTS_MAX, &err)
					       : NULL;
	const char *addr = cJSON_GetStringValue(cJSON_GetObjectItem(
		cJSON_GetObjectItem(facts, "device"), "address"));
	int worst = facts_worst(facts);
	bool keep = addr && strcmp(addr, t->address) == 0 && worst >= 0 &&
		    !src_status_unreached((enum src_status)worst);

	if (!file || (!facts && fs_exists(file) && err_nomem(&err)))
		log_warn("collect", "%s: out of memory reading its facts: "
			 "inspected again", t->name);
	if (keep) {
		r->status = (enum src_status)worst;
		r->sources = cJSON_Duplicate(cJSON_GetObjectItem(facts,
								 "sources"), 1);
	}
	cJSON_Delete(facts);
	free(file);
	free(dir);
	return keep;
}

static cJSON *read_inspection(const char *out, bool *nomem);

/* Which devices --resume keeps; the original start time.  0, or the exit
 * status: 65 when OUT holds no earlier inspection, 70 out of memory. */
static int resume_plan(struct pool *p, char *started, size_t n)
{
	bool nomem;
	cJSON *prev = read_inspection(p->o->out, &nomem);
	const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(prev,
							       "started_at"));

	if (nomem)
		return EXIT_SOFTWARE;
	if (!prev) {
		fprintf(stderr, "swinspect: %s/inspection.json: not found: "
			"nothing to resume (run without --resume)\n",
			p->o->out);
		return EXIT_DATAERR;
	}
	if (s)
		snprintf(started, n, "%s", s);
	cJSON_Delete(prev);
	p->keep = calloc(p->inv->ndevices ? p->inv->ndevices : 1,
			 sizeof(*p->keep));
	if (!p->keep) {
		fprintf(stderr, "swinspect: --resume: out of memory\n");
		return EXIT_SOFTWARE;
	}
	for (size_t i = 0; i < p->inv->ndevices; i++) {
		p->keep[i] = resume_keep(p->devdir, &p->inv->devices[i],
					 &p->res[i]);
		p->nkeep += p->keep[i];
	}
	log_info("collect", "resuming: %zu of %zu device(s) already "
		 "inspected", p->nkeep, p->inv->ndevices);
	return 0;
}

static int collect_devices(struct pool *p, const char *started,
			   size_t *kept)
{
	char finished[32];
	cJSON *doc;
	double el;
	int rc;

	p->prog = progress_start(p->inv->ndevices - p->nkeep,
				 progress_mode_auto());
	rc = run_pool(p, p->o->jobs);
	el = progress_stop(p->prog);
	if (rc < 0) {
		fprintf(stderr, "swinspect: collect: out of memory\n");
		return EXIT_SOFTWARE;
	}
	iso_now(finished, sizeof(finished));
	doc = inspection_doc(p->inv, p->res, started, finished);
	rc = write_inspection(p->o->out, doc);
	if (rc == 0)
		rc = collect_exit(p->inv, p->res);
	cJSON_Delete(doc);
	*kept = p->nkeep;
	collect_summary(p->inv, p->res, p->nkeep, el);
	return rc;
}

/* The NOS CLI of this host, if it has one (doc/local.md): SONiC is known
 * by /etc/sonic/sonic_version.yml under the root and its `show` on PATH
 * (the live PATH, also under --root: tests put a recorded CLI there). */
static void local_nos_cli(struct target_local *l)
{
	char path[PATH_MAX], prog[PATH_MAX];

	snprintf(path, sizeof(path), "%s/etc/sonic/sonic_version.yml",
		 strcmp(l->root, "/") == 0 ? "" : l->root);
	if (access(path, F_OK) != 0) {
		l->why_no_cli = "no NOS CLI on this host (no "
				"/etc/sonic/sonic_version.yml)";
		return;
	}
	if (local_cli_which("show", NULL, prog, sizeof(prog)) < 0) {
		l->why_no_cli = "SONiC, but no 'show' on PATH";
		return;
	}
	l->cli_profile = "sonic";
	log_info("collect", "SONiC: its CLI (%s) through the sonic profile",
		 prog);
}

#if WITH_SNMP
/* The community SONiC's snmpd answers to: snmp_rocommunity of
 * /etc/sonic/snmp.yml under the root, read at run time into memory only
 * (its origin, not its value, is what logs may show). */
static int sonic_community(const char *root, struct secret *c)
{
	char path[PATH_MAX], buf[65536], *v;
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/etc/sonic/snmp.yml",
		 strcmp(root, "/") == 0 ? "" : root);
	if (!(f = fopen(path, "re")))
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	v = local_yaml_get(buf, "snmp_rocommunity");
	memset(buf, 0, sizeof(buf));
	if (!v)
		return -1;
	c->value = v;
	c->origin = strdup("SONiC /etc/sonic/snmp.yml snmp_rocommunity");
	return 0;
}

#endif

/* --local-snmp FILE|sonic: the SNMP collector against the agent of this
 * host, 127.0.0.1, with the file's `snmp:` settings (sonic: the defaults);
 * a v1/v2c community the file does not give is SONiC's. */
static int local_snmp(const struct run_opts *o, struct target *t)
{
#if WITH_SNMP
	struct si_diags d = {0};
	bool sonic = strcmp(o->local_snmp, "sonic") == 0;
	const char *root = o->root ? o->root : "/";

	if (inventory_load_snmp(sonic ? NULL : o->local_snmp, &t->snmp,
				&d) < 0) {
		print_diags(&d);
		si_diags_free(&d);
		return -1;
	}
	si_diags_free(&d);
	if (t->snmp.version != TARGET_SNMP_V3 && !t->snmp.community.value &&
	    sonic_community(root, &t->snmp.community) < 0) {
		fprintf(stderr, "swinspect: --local-snmp: no community: give "
			"community_file (or community_env) in the file, or "
			"run on SONiC (/etc/sonic/snmp.yml)\n");
		return -1;
	}
	free(t->address);
	t->address = strdup("127.0.0.1");
	log_info("collect", "the local SNMP agent: 127.0.0.1:%d, community "
		 "from %s", t->snmp.port, t->snmp.community.origin
		 ? t->snmp.community.origin : "the file");
	return t->address ? 0 : -1;
#else
	(void)o;
	(void)t;
	fprintf(stderr, "swinspect: --local-snmp: this swinspect has no SNMP "
		"collector (built with --enable-onbox or --disable-snmp)\n");
	return -1;
#endif
}

/* --local: an inventory of one device, this host (or the recorded tree
 * under --root), named by its host name, with the NOS's CLI (and the
 * local SNMP agent when one is configured) where there is one. */
static struct inventory *local_inventory(const struct run_opts *o)
{
	struct inventory *inv = calloc(1, sizeof(*inv));
	char host[256];

	if (!inv || !(inv->devices = calloc(1, sizeof(*inv->devices)))) {
		free(inv);
		fprintf(stderr, "swinspect: --local: out of memory\n");
		return NULL;
	}
	if (local_hostname(o->root ? o->root : "/", host, sizeof(host)) < 0)
		snprintf(host, sizeof(host), "localhost");
	inv->ndevices = 1;
	inv->devices[0].name = strdup(host);
	inv->devices[0].address = strdup("localhost");
	inv->devices[0].local.enabled = true;
	inv->devices[0].local.root = o->root ? o->root : "/";
	inv->devices[0].local.cli_timeout_ms = o->command_timeout_s * 1000;
	local_nos_cli(&inv->devices[0].local);
	if (o->local_snmp && local_snmp(o, &inv->devices[0]) < 0) {
		inventory_free(inv);
		return NULL;
	}
	if (!inv->devices[0].name || !inv->devices[0].address) {
		inventory_free(inv);
		fprintf(stderr, "swinspect: --local: out of memory\n");
		return NULL;
	}
	return inv;
}

static double tv_s(const struct timeval *tv)
{
	return (double)tv->tv_sec + tv->tv_usec / 1e6;
}

/* swinspect's own footprint, apart from the programs it ran (the NOS's
 * CLI on the box): for run.log and bench/local. */
static void log_own_use(void)
{
	struct rusage self, kids;
	int arenas;
	double in_use;

	if (getrusage(RUSAGE_SELF, &self) < 0 ||
	    getrusage(RUSAGE_CHILDREN, &kids) < 0)
		return;
	heap_stats(&arenas, &in_use);
	log_info("collect", "own use: peak RSS %.2f MB, CPU %.3f s (user "
		 "%.3f, system %.3f); commands it ran: CPU %.3f s; heap: %d "
		 "arena(s), %.2f MB in use",
		 self.ru_maxrss / 1024.0,
		 tv_s(&self.ru_utime) + tv_s(&self.ru_stime),
		 tv_s(&self.ru_utime), tv_s(&self.ru_stime),
		 tv_s(&kids.ru_utime) + tv_s(&kids.ru_stime), arenas, in_use);
}

/* Collects into OUT; *write_failed tells that some device's facts could
 * not be written, *nomem that some device ran out of memory (its status is
 * then `error`; the others go on). */
static int collect_stage(const struct run_opts *o, bool *write_failed,
			 bool *nomem)
{
	struct si_diags diags = {0};
	struct inventory *inv = o->local ? local_inventory(o)
					 : inventory_load(o->inventory, &diags);
	struct pool p = {.o = o, .lock = PTHREAD_MUTEX_INITIALIZER};
	struct si_error err;
	char started[32];
	FILE *runlog = NULL;
	size_t kept = 0;
	cJSON *doc;
	int rc = 0;

	if (!inv) {
		print_diags(&diags);
		si_diags_free(&diags);
		return EXIT_DATAERR;
	}
	si_diags_free(&diags);
	heap_limit_arenas();
#if WITH_SNMP
	snmp_set_cancel_flag(&run_cancel);
#endif
	p.inv = inv;
	p.devdir = path2(o->out, "devices");
	p.res = calloc(inv->ndevices ? inv->ndevices : 1, sizeof(*p.res));
	iso_now(started, sizeof(started));
	if (!p.res || !p.devdir) {
		fprintf(stderr, "swinspect: collect: out of memory\n");
		rc = EXIT_SOFTWARE;
	} else if (o->resume &&
		   (rc = resume_plan(&p, started, sizeof(started))) != 0) {
		;	/* said */
	} else if (fs_mkdirs(p.devdir, FS_DIR_MODE, &err) < 0) {
		fprintf(stderr, "swinspect: %s: %s\n", err.file, err.msg);
		rc = fail_status(&err);
	}
	if (rc == 0) {
		runlog = open_run_log(o->out);
		if (runlog)
			log_set_file(runlog, LOG_LVL_INFO);
		doc = inspection_doc(inv, NULL, started, NULL);
		rc = write_inspection(o->out, doc);
		if (rc == 0)
			rc = collect_devices(&p, started, &kept);
		cJSON_Delete(doc);
	}
	*write_failed = p.write_failed;
	*nomem = p.nomem;
	for (size_t i = 0; p.res && i < inv->ndevices; i++)
		cJSON_Delete(p.res[i].sources);
	free(p.res);
	free(p.keep);
	free(p.devdir);
	inventory_free(inv);
	log_own_use();
	log_set_file(NULL, LOG_LVL_INFO);
	if (runlog)
		fclose(runlog);
	return rc;
}

/* A device that ran out of memory is 70, one whose facts could not be
 * written 73, whatever the rest gave (the highest wins). */
static int collect_rc(int rc, bool write_failed, bool nomem)
{
	if (nomem)
		rc = exit_max(rc, EXIT_SOFTWARE);
	return write_failed ? exit_max(rc, EXIT_CANTCREAT) : rc;
}

int run_collect(const struct run_opts *o)
{
	bool write_failed = false, nomem = false;
	int rc = collect_stage(o, &write_failed, &nomem);

	return collect_rc(rc, write_failed, nomem);
}

/* ---- check -------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_names(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* Appends a copy of name to *v; -1 out of memory. */
static int names_add(char ***v, size_t *n, const char *name)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(**v));

	if (!nv)
		return -1;
	*v = nv;
	if (!(nv[*n] = strdup(name)))
		return -1;
	(*n)++;
	return 0;
}

/* Names of OUT/devices/<name>/ that hold a facts.json, sorted, in *v (n of
 * them); -1 after "out of memory" on stderr (none then). */
static int device_names(const char *out, char ***v, size_t *n)
{
	char *devdir = path2(out, "devices");
	DIR *d = devdir ? opendir(devdir) : NULL;
	struct dirent *e;
	int rc = devdir ? 0 : -1;

	*v = NULL;
	*n = 0;
	while (rc == 0 && d && (e = readdir(d))) {
		char *dir, *file;

		if (e->d_name[0] == '.')
			continue;
		dir = path2(devdir, e->d_name);
		file = dir ? path2(dir, "facts.json") : NULL;
		if (!file || (fs_exists(file) && names_add(v, n, e->d_name) < 0))
			rc = -1;
		free(dir);
		free(file);
	}
	if (d)
		closedir(d);
	if (rc < 0) {
		fprintf(stderr, "swinspect: %s/devices: out of memory\n", out);
		free_names(*v, *n);
		*v = NULL;
		*n = 0;
	} else if (*n) {
		qsort(*v, *n, sizeof(**v), cmp_str);
	}
	free(devdir);
	return rc;
}

/* The configuration file's per-site threshold overrides; a name that no
 * pack declares is a mistake, reported where it was written. */
static int apply_thresholds(struct rule_set *rs, const struct config *cfg)
{
	int rc = 0;

	for (size_t i = 0; cfg && i < cfg->nparams; i++) {
		const struct config_param *p = &cfg->params[i];

		if (rules_set_param(rs, p->pack, p->name, p->value) > 0)
			continue;
		fprintf(stderr, "%s:%d:%d: no rule pack%s%s declares the "
			"threshold '%s'\n", cfg->file, p->line, p->col,
			p->pack ? " named " : "", p->pack ? p->pack : "",
			p->name);
		rc = -1;
	}
	return rc;
}

static struct rule_set *load_packs(const struct run_opts *o)
{
	const char **paths = calloc(o->npacks + 1, sizeof(*paths));
	char *builtin = o->no_builtin_packs ? NULL : rules_builtin_dir();
	struct si_diags diags = {0};
	struct rule_set *rs = NULL;
	size_t n = 0;

	if (!paths)
		return NULL;
	if (builtin)
		paths[n++] = builtin;
	for (size_t i = 0; i < o->npacks; i++)
		paths[n++] = o->packs[i];
	rs = rules_load(paths, n, &diags);
	if (!rs)
		print_diags(&diags);
	else if (apply_thresholds(rs, o->cfg) < 0) {
		rules_free(rs);
		rs = NULL;
	}
	si_diags_free(&diags);
	free(builtin);
	free(paths);
	return rs;
}

/* OUT/inspection.json; NULL when it is not there, or cannot be read
 * (said); *nomem (said too) when that was for want of memory. */
static cJSON *read_inspection(const char *out, bool *nomem)
{
	char *file = path2(out, "inspection.json");
	struct si_error err;
	cJSON *doc = NULL;

	*nomem = !file;
	if (!file) {
		fprintf(stderr, "swinspect: %s/inspection.json: out of "
			"memory\n", out);
	} else if (fs_exists(file)) {
		doc = json_read_file(file, FACTS_MAX, &err);
		if (!doc) {
			char buf[2048];

			fprintf(stderr, "%s\n", si_error_str(&err, buf,
							     sizeof(buf)));
			*nomem = err_nomem(&err);
		}
	}
	free(file);
	return doc;
}

/* Open findings at or above the --fail-on severity. */
static size_t count_at_or_above(const struct rules_doc_stats *st,
				const char *fail_on)
{
	int limit = severity_rank(fail_on);
	size_t n = 0;

	for (int r = 0; r <= limit && r < 4; r++)
		n += st->open[r];
	return n;
}

/* ---- check: devices evaluated by several threads ------------------------ */

/* Each device's facts are read and evaluated by one of `jobs` threads,
 * CHECK_CHUNK devices at a time; the main thread then appends them to
 * findings.json (rules_doc_add) in the devices' order, so the document is
 * byte for byte the one a single thread writes.  The memory is one
 * chunk's facts and output, whatever the number of devices. */
#define CHECK_CHUNK 64

struct check_dev {
	struct rules_text text;
	cJSON *sw;		/* its software row */
	char msg[2048];		/* the error, when rc != EXIT_OK */
	int rc;
};

struct check_chunk {
	const char *out;
	char **names;
	const struct rule_set *rs;
	const cJSON *waivers;
	const char *day;
	size_t from, to;	/* devices [from, to) */
	size_t next;		/* the next to take, under lock */
	pthread_mutex_t lock;
	struct check_dev *dev;	/* [to - from] */
};

static void check_one(struct check_chunk *c, size_t i)
{
	struct check_dev *d = &c->dev[i - c->from];
	char *dir = path2(c->out, "devices");
	char *ddir = dir ? path2(dir, c->names[i]) : NULL;
	char *file = ddir ? path2(ddir, "facts.json") : NULL;
	struct si_error err;
	cJSON *facts = file ? json_read_file(file, FACTS_MAX, &err) : NULL;

	rules_text_clear(&d->text);
	d->text.nfindings = d->text.nnot_evaluated = 0;
	memset(d->text.open, 0, sizeof(d->text.open));
	d->sw = NULL;
	d->rc = EXIT_OK;
	if (!file) {
		snprintf(d->msg, sizeof(d->msg), "swinspect: %s: out of memory",
			 c->names[i]);
		d->rc = EXIT_SOFTWARE;
	} else if (!facts) {
		si_error_str(&err, d->msg, sizeof(d->msg));
		d->rc = err_nomem(&err) ? EXIT_SOFTWARE : EXIT_DATAERR;
	} else if (rules_eval_text(c->rs, facts, c->waivers, c->day, &d->text,
				   &err) < 0) {
		snprintf(d->msg, sizeof(d->msg), "swinspect: %s: %s",
			 c->names[i], err.msg);
		d->rc = EXIT_SOFTWARE;
	} else {
		d->sw = rules_software(c->rs, facts, c->day);
	}
	cJSON_Delete(facts);
	free(file);
	free(ddir);
	free(dir);
}

static void *check_worker(void *arg)
{
	struct check_chunk *c = arg;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&c->lock);
		i = c->next++;
		pthread_mutex_unlock(&c->lock);
		if (i >= c->to)
			return NULL;
		check_one(c, i);
	}
}

/* Evaluates the chunk's devices with up to `jobs` threads (this one
 * included). */
static void check_chunk_run(struct check_chunk *c, int jobs)
{
	pthread_t tid[64];
	int n = 0;

	c->next = c->from;
	while (n < jobs - 1 && n < 64 &&
	       pthread_create(&tid[n], NULL, check_worker, c) == 0)
		n++;
	check_worker(c);
	while (n > 0)
		pthread_join(tid[--n], NULL);
}

/* Threads for check: --jobs (or the configuration's), no more than the
 * processors online. */
static int check_threads(int jobs)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (jobs < 1)
		jobs = DEFAULT_JOBS;
	if (cpus > 0 && jobs > cpus)
		jobs = (int)cpus;
	return jobs > 64 ? 64 : jobs;
}

/* Each device's findings go to findings.json in the devices' order
 * (rules_doc_*): the memory is one chunk's, whatever their number. */
static int eval_devices(const char *out, const struct rule_set *rs,
			const cJSON *waivers, struct rules_doc *doc, int jobs)
{
	char day[16];
	struct check_chunk c = {.out = out, .rs = rs, .waivers = waivers,
				.day = day};
	size_t n;
	int rc = EXIT_OK;

	if (device_names(out, &c.names, &n) < 0)
		return EXIT_SOFTWARE;
	c.dev = calloc(CHECK_CHUNK, sizeof(*c.dev));
	if (n && !c.dev) {
		free_names(c.names, n);
		fprintf(stderr, "swinspect: out of memory\n");
		return EXIT_SOFTWARE;
	}
	for (size_t k = 0; k < CHECK_CHUNK; k++)
		rules_text_init(&c.dev[k].text);
	pthread_mutex_init(&c.lock, NULL);
	today(day, sizeof(day));
	jobs = check_threads(jobs);
	for (c.from = 0; c.from < n && rc != EXIT_SOFTWARE &&
	     rc != EXIT_CANTCREAT; c.from = c.to) {
		c.to = c.from + CHECK_CHUNK < n ? c.from + CHECK_CHUNK : n;
		check_chunk_run(&c, jobs);
		for (size_t i = c.from; i < c.to; i++) {
			struct check_dev *d = &c.dev[i - c.from];
			struct si_error err;

			if (rc == EXIT_SOFTWARE || rc == EXIT_CANTCREAT) {
				;	/* stopped: as the device-by-device loop */
			} else if (d->rc != EXIT_OK) {
				fprintf(stderr, "%s\n", d->msg);
				rc = d->rc;
			} else if (rules_doc_add(doc, &d->text, d->sw,
						 &err) < 0) {
				char buf[2048];

				fprintf(stderr, "swinspect: %s: %s\n",
					c.names[i],
					si_error_str(&err, buf, sizeof(buf)));
				rc = fail_status(&err);
			}
			cJSON_Delete(d->sw);
			d->sw = NULL;
		}
	}
	pthread_mutex_destroy(&c.lock);
	for (size_t k = 0; c.dev && k < CHECK_CHUNK; k++)
		rules_text_free(&c.dev[k].text);
	free(c.dev);
	free_names(c.names, n);
	return rc;
}

/* 1, 0, or -1 out of memory (said). */
static int has_devices(const char *out)
{
	size_t n;
	char **names;

	if (device_names(out, &names, &n) < 0)
		return -1;
	free_names(names, n);
	return n > 0;
}

int run_check(const struct run_opts *o)
{
	struct rule_set *rs;
	struct rules_doc *fd;
	struct rules_doc_stats st = {0};
	cJSON *insp, *head;
	char now[32], *file;
	struct si_error err;
	bool nomem;
	int rc;

	rc = has_devices(o->out);
	if (rc < 0)
		return EXIT_SOFTWARE;
	if (rc == 0) {
		fprintf(stderr, "swinspect: %s: no devices/<name>/facts.json "
			"to check (run 'swinspect collect' first)\n", o->out);
		return EXIT_DATAERR;
	}
	if (o->site && (rc = site_prepare(o->out, o->site, o->checklist)))
		return rc;
	heap_limit_arenas();
	rs = load_packs(o);
	if (!rs)
		return EXIT_DATAERR;
	insp = read_inspection(o->out, &nomem);
	head = cJSON_CreateObject();
	iso_now(now, sizeof(now));
	json_nomem_reset();
	json_add(head, "schema", cJSON_CreateString("swinspect.findings/1"));
	json_add(head, "generator", cJSON_CreateString(PACKAGE_STRING));
	json_add(head, "generated_at", cJSON_CreateString(now));
	json_add(head, "packs", rules_packs_summary(rs));
	json_add(head, "tables", rules_tables_summary(rs));
	json_add(head, "rules", rules_catalog(rs));
	file = path2(o->out, "findings.json");
	if (nomem) {	/* said: the waivers would be lost */
		fd = NULL;
		rc = EXIT_SOFTWARE;
	} else if (!head || json_nomem() || !file) {
		fprintf(stderr, "swinspect: %s/findings.json: out of memory\n",
			o->out);
		fd = NULL;
		rc = EXIT_SOFTWARE;
	} else if (!(fd = rules_doc_open(file, head, &err))) {
		fprintf(stderr, "swinspect: %s: %s\n", err.file, err.msg);
		rc = fail_status(&err);
	} else {
		rc = eval_devices(o->out, rs, cJSON_GetObjectItem(insp,
								  "waivers"), fd,
				  o->jobs);
		if (rc != EXIT_SOFTWARE && rc != EXIT_CANTCREAT) {
			today(now, sizeof(now));
			rc = exit_max(rc, site_eval(o->out, rs,
					  cJSON_GetObjectItem(insp, "waivers"),
					  now, fd));
		}
		if (rc == EXIT_SOFTWARE || rc == EXIT_CANTCREAT)
			rules_doc_abort(fd);
		else if (rules_doc_close(fd, &st, &err) < 0) {
			fprintf(stderr, "swinspect: %s: %s\n", err.file,
				err.msg);
			rc = fail_status(&err);
		}
	}
	if (rc == EXIT_OK && o->fail_on && count_at_or_above(&st, o->fail_on) > 0)
		rc = EXIT_FINDINGS;
	if (log_get_level() > LOG_LVL_ERROR)
		fprintf(stderr, "swinspect: %zu finding(s), %zu rule(s) not "
			"evaluated\n", st.findings, st.not_evaluated);
	free(file);
	cJSON_Delete(head);
	cJSON_Delete(insp);
	rules_free(rs);
	return rc;
}

/* ---- report ------------------------------------------------------------- */

/*
 * The archive tree of scheduled runs: ARCHIVE/<site>/<period>/ holds the
 * report (json, html), findings and inspection of each period.  The report
 * is compared with the newest earlier period of the same site; then the
 * oldest periods beyond --keep are removed.
 */
#define TREE_FILE_MAX (256u << 20)

static void slug(const char *s, char *out, size_t n)
{
	size_t k = 0;

	for (; s && *s && k + 1 < n; s++) {
		unsigned char ch = (unsigned char)*s;
		bool keep = (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') ||
			    (ch >= 'A' && ch <= 'Z') || ch == '_' || ch == '.' ||
			    ch == '-' || ch >= 0x80;	/* UTF-8 names stay */

		if (keep && !(ch == '.' && k == 0))
			out[k++] = (char)ch;
		else if (k && out[k - 1] != '-')
			out[k++] = '-';
	}
	while (k && out[k - 1] == '-')
		k--;
	out[k] = '\0';
	if (!k)
		snprintf(out, n, "default");
}

static void this_quarter(char *buf, size_t n)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	snprintf(buf, n, "%04d-Q%d", tm.tm_year + 1900, tm.tm_mon / 3 + 1);
}

/* Period folders of a site, sorted (2026 < 2026-Q1 < ... < 2027), in *v;
 * -1 after "out of memory" on stderr (none then). */
static int period_dirs(const char *sitedir, char ***v, size_t *n)
{
	DIR *d = opendir(sitedir);
	struct dirent *e;
	int rc = 0;

	*v = NULL;
	*n = 0;
	while (rc == 0 && d && (e = readdir(d))) {
		char *p;

		if (e->d_name[0] == '.')
			continue;
		p = path2(sitedir, e->d_name);
		if (!p || (fs_is_dir(p) && names_add(v, n, e->d_name) < 0))
			rc = -1;
		free(p);
	}
	if (d)
		closedir(d);
	if (rc < 0) {
		fprintf(stderr, "swinspect: archive: %s: out of memory\n",
			sitedir);
		free_names(*v, *n);
		*v = NULL;
		*n = 0;
	} else if (*n) {
		qsort(*v, *n, sizeof(**v), cmp_str);
	}
	return rc;
}

/* The report of the newest period before this one, in *found (NULL when
 * there is none); -1 after "out of memory" on stderr. */
static int tree_previous(const char *sitedir, const char *period,
			 char **found)
{
	size_t n;
	char **v;
	int rc = period_dirs(sitedir, &v, &n);

	*found = NULL;
	for (size_t i = n; rc == 0 && i-- > 0 && !*found;) {
		char *dir, *file;

		if (strcmp(v[i], period) >= 0)
			continue;
		dir = path2(sitedir, v[i]);
		file = dir ? path2(dir, "report.json") : NULL;
		if (!file) {
			fprintf(stderr, "swinspect: archive: %s: out of "
				"memory\n", sitedir);
			rc = -1;
		} else if (fs_exists(file)) {
			*found = file;
		} else {
			free(file);
		}
		free(dir);
	}
	free_names(v, n);
	return rc;
}

static int copy_file(const char *from, const char *to, struct si_error *err)
{
	char *data;
	size_t len;
	int rc = fs_read_file(from, TREE_FILE_MAX, &data, &len, err);

	if (rc == 0) {
		rc = fs_write_atomic(to, data, len, err);
		free(data);
	}
	return rc;
}

static void remove_period(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.') {
			char *f = path2(dir, e->d_name);

			if (!f)
				log_warn("archive", "%s/%s: out of memory: not "
					 "removed", dir, e->d_name);
			else if (unlink(f) < 0)
				log_warn("archive", "%s: %s", f, strerror(errno));
			free(f);
		}
	if (d)
		closedir(d);
	if (rmdir(dir) < 0)
		log_warn("archive", "%s: %s", dir, strerror(errno));
	else
		log_info("archive", "removed %s (--keep)", dir);
}

static int tree_store(const struct run_opts *o, const char *sitedir,
		      const char *period)
{
	static const char *const files[] = {
		"report.json", "report.html", "report.zh-CN.html",
		"findings.json", "inspection.json", NULL,
	};
	char *dir = path2(sitedir, period), **v;
	struct si_error err;
	size_t n;
	int rc;

	if (!dir) {
		fprintf(stderr, "swinspect: archive: %s: out of memory\n",
			sitedir);
		return EXIT_SOFTWARE;
	}
	rc = fs_mkdirs(dir, FS_DIR_MODE, &err);
	for (size_t i = 0; rc == 0 && files[i]; i++) {
		char *from = path2(o->out, files[i]), *to = path2(dir, files[i]);

		if (!from || !to)
			rc = si_error_set(&err, NULL, 0, 0, "out of memory");
		else if (fs_exists(from))
			rc = copy_file(from, to, &err);
		free(from);
		free(to);
	}
	if (rc < 0) {
		fprintf(stderr, "swinspect: archive: %s: %s\n", dir, err.msg);
		rc = fail_status(&err);
	} else {
		printf("archive: %s\n", dir);
	}
	free(dir);
	if (rc != 0 || o->keep <= 0)
		return rc;
	if (period_dirs(sitedir, &v, &n) < 0)
		return EXIT_SOFTWARE;
	for (size_t i = 0; i + (size_t)o->keep < n; i++) {
		char *old = path2(sitedir, v[i]);

		if (!old) {
			fprintf(stderr, "swinspect: archive: %s/%s: out of "
				"memory: not removed (--keep)\n", sitedir, v[i]);
			rc = EXIT_SOFTWARE;
		} else {
			remove_period(old);
		}
		free(old);
	}
	free_names(v, n);
	return rc;
}

int run_report(const struct run_opts *o)
{
	struct report_opts ro = {
		.out = o->out,
		.previous = o->previous,
		.archive = o->archive,
		.lang = o->lang ? o->lang : "en",
		.photo_cap_mb = o->photo_cap_mb,
	};
	char site[200], period[64], *sitedir = NULL, *prev = NULL;
	struct si_error err;
	char buf[2048];
	int rc;

	/* new site answers: their findings first (check does the rest) */
	if (o->site && (rc = run_check(o)) != EXIT_OK && rc != EXIT_FINDINGS)
		return rc;

	if (o->archive_tree) {
		bool nomem;
		cJSON *insp = read_inspection(o->out, &nomem);
		const char *p = cJSON_GetStringValue(cJSON_GetObjectItem(insp,
								       "period"));

		if (nomem)	/* said: the site and period would be lost */
			return cJSON_Delete(insp), EXIT_SOFTWARE;

		slug(cJSON_GetStringValue(cJSON_GetObjectItem(insp, "site")),
		     site, sizeof(site));
		if (p)
			snprintf(period, sizeof(period), "%s", p);
		else
			this_quarter(period, sizeof(period));
		cJSON_Delete(insp);
		sitedir = path2(o->archive_tree, site);
		if (!sitedir) {
			fprintf(stderr, "swinspect: archive: %s/%s: out of "
				"memory\n", o->archive_tree, site);
			return EXIT_SOFTWARE;
		}
		if (!o->previous && !o->archive &&
		    tree_previous(sitedir, period, &prev) < 0) {
			free(sitedir);
			return EXIT_SOFTWARE;
		}
		ro.previous = prev ? prev : ro.previous;
	}
	rc = report_write(&ro, &err);
	if (rc < 0) {
		fprintf(stderr, "swinspect: %s\n", si_error_str(&err, buf,
								sizeof(buf)));
		rc = rc == REPORT_EBADINPUT ? EXIT_DATAERR : fail_status(&err);
	} else {
		printf("report: %s/report.html\nreport: %s/report.json\n",
		       o->out, o->out);
		if (prev)
			printf("compared with: %s\n", prev);
		rc = EXIT_OK;
		if (sitedir)
			rc = tree_store(o, sitedir, period);
	}
	free(prev);
	free(sitedir);
	return rc;
}

int run_all(const struct run_opts *o)
{
	struct run_opts ro = *o;
	bool write_failed = false, nomem = false;
	int rc, rc2;

	/* site answers first: a mistake there costs no collection */
	if (o->site && (rc = site_prepare(o->out, o->site, o->checklist)))
		return rc;
	ro.site = NULL;	/* OUT/site.json now holds them */
	rc = collect_stage(&ro, &write_failed, &nomem);
	if (fatal(rc))
		return rc;
	heap_trim();
	/* a device whose facts did not fit, or that ran out of memory, is
	 * reported as such (error); the run still ends with 73 or 70 */
	rc2 = run_check(&ro);
	if (fatal(rc2))
		return rc2;
	heap_trim();
	rc = exit_max(rc, rc2);
	rc2 = run_report(&ro);
	rc = rc2 != EXIT_OK ? rc2 : rc;
	return collect_rc(rc, write_failed, nomem);
}
