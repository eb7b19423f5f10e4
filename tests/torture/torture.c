/* torture.c - allocation-failure torture of the loaders and writers, as
 * curl's torture tests do it.
 *
 * For each target: one run counts its allocations (N) and records what it
 * produces (a digest); then, in a forked child each time, the run again
 * with allocation k failing, for k = 1 .. N (every STEP-th from OFFSET
 * when sampling).  Each child must end normally (no crash, no sanitizer
 * report), with either the error returned with a message, or a result
 * identical to the first run's; it must leave no block allocated (the
 * hook in alloc.c remembers each one) and no file behind: a writer that
 * fails leaves neither its output nor a temporary.
 *
 * Usage: torture [-s STEP | -n MAX] [-o OFFSET] [-r SEED] [-t TARGET] [-v]
 *        SCRATCH
 * -n MAX: at most MAX runs per target, every ceil(N/MAX)-th allocation
 * from a random OFFSET (the seed is printed; -r repeats it).  -t T -k K:
 * only allocation K of target T failing, in this process (for gdb).
 * SCRATCH (tests/torture/torture.sh prepares it) holds inventory.yaml
 * (and what it includes), bundle/ (a collected inspection, where the
 * report is written), out/ (where findings.json is), template.textfsm,
 * output.txt and maps/ (MIB maps).  The rule packs, profiles, templates
 * and checklist are the built-in ones. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "alloc.h"
#include "datadir.h"
#include "error.h"
#include "fsutil.h"
#include "jsonio.h"
#include "sbuf.h"
#include "agent/inventory.h"
#include "agent/site.h"
#include "collectors/profile.h"
#if WITH_SNMP
#include "collectors/snmp_map_int.h"
#endif
#include "collectors/textfsm.h"
#include "report/report.h"
#include "rules/rules.h"
#include "rules/ruleset.h"

static const char *scratch;
static int verbose;
static long max_bad = 20;	/* -x: stop a target after that many */
/* -S: a run that succeeds with a result different from the normal run's
 * (a hole left where an allocation failed, no error) fails the target;
 * without it, such runs are counted and shown, and the exit status is 3
 * when there were some (and nothing worse). */
static int strict;
static char *profile_dir, *template_dir;	/* the built-in ones */

/* ---- digests ------------------------------------------------------------ */

/* FNV-1a; timestamps (2026-11-28T18:00:00Z, and the HTML's
 * 2026-11-28 18:00 UTC) are masked: the writers put the time of writing
 * in (a run in the next minute was "silently incomplete"). */
static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		bool rfc3339 = i + 20 <= n && s[i + 4] == '-' &&
			       s[i + 10] == 'T' && s[i + 13] == ':' &&
			       s[i + 19] == 'Z';
		bool html = i + 20 <= n && s[i + 4] == '-' && s[i + 7] == '-' &&
			    s[i + 10] == ' ' && s[i + 13] == ':' &&
			    memcmp(s + i + 16, " UTC", 4) == 0;

		if (rfc3339 || html) {
			i += 19;
			c = '#';
		}
		h = (h ^ c) * 0x100000001b3ull;
	}
	return h;
}

static uint64_t fnv_str(uint64_t h, const char *s)
{
	return s ? fnv(h, s, strlen(s) + 1) : fnv(h, "\x01", 1);
}

static uint64_t fnv_json(uint64_t h, const cJSON *j)
{
	char *s = cJSON_PrintUnformatted(j);

	h = fnv_str(h, s ? s : "<no memory>");
	free(s);
	return h;
}

static uint64_t fnv_file(uint64_t h, const char *path)
{
	char *data;
	size_t len;

	if (fs_read_file(path, 64u << 20, &data, &len, NULL) < 0)
		return fnv_str(h, "<missing>");
	h = fnv(h, data, len);
	free(data);
	return h;
}

static uint64_t fnv_diags(uint64_t h, const struct si_diags *d)
{
	char buf[2048];

	for (size_t i = 0; i < d->n; i++)
		h = fnv_str(h, si_error_str(&d->v[i], buf, sizeof(buf)));
	return h;
}

/* ---- targets ------------------------------------------------------------ */

/* What one run of a target gives: ok with a digest of the result, or an
 * error with its message. */
struct outcome {
	int ok;
	uint64_t digest;
	char msg[512];
};

struct victim {
	const char *name;
	/* The run; between the call under test and the digest, the driver's
	 * own allocations must not fail: call alloc_stop_failing(). */
	void (*run)(struct outcome *o);
	/* Files left where none should be (a writer's failure); NULL when
	 * the target writes nothing. */
	int (*clean)(char *why, size_t n);
};

static char *in_scratch(const char *rel)
{
	static char buf[4][4096];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", scratch, rel);
	return buf[k];
}

static void diag_msg(struct outcome *o, const struct si_diags *d)
{
	char buf[2048];

	if (d->n)
		snprintf(o->msg, sizeof(o->msg), "%s",
			 si_error_str(&d->v[0], buf, sizeof(buf)));
	else if (d->lost)	/* what si_diags_print() says */
		snprintf(o->msg, sizeof(o->msg), "out of memory");
}

static void err_msg(struct outcome *o, const struct si_error *e)
{
	char buf[2048];

	snprintf(o->msg, sizeof(o->msg), "%s", e->msg[0] ?
		 si_error_str(e, buf, sizeof(buf)) : "");
}

static void run_inventory(struct outcome *o)
{
	struct si_diags d = {0};
	struct inventory *inv = inventory_load(in_scratch("inventory.yaml"),
					       &d);
	uint64_t h = 14695981039346656037ull;

	alloc_stop_failing();
	if (!inv) {
		diag_msg(o, &d);
	} else {
		cJSON *meta = inventory_metadata(inv);

		o->ok = 1;
		h = fnv_json(h, meta);
		cJSON_Delete(meta);
		for (size_t i = 0; i < inv->ndevices; i++) {
			const struct target *t = &inv->devices[i];

			h = fnv_str(h, t->name);
			h = fnv_str(h, t->address);
			h = fnv_str(h, t->profile);
			h = fnv_str(h, t->snmp.community.origin);
			h = fnv_str(h, t->snmp.auth_pass.origin);
			h = fnv_str(h, t->ssh.password.origin);
			h = fnv_str(h, t->ssh.username);
		}
		h = fnv_diags(h, &d);
		o->digest = h;
	}
	inventory_free(inv);
	si_diags_free(&d);
}

static void run_rules(struct outcome *o)
{
	struct si_diags d = {0};
	char *dir = rules_builtin_dir();
	const char *paths[1] = {dir};
	struct rule_set *rs = dir ? rules_load(paths, 1, &d) : NULL;

	alloc_stop_failing();
	if (!dir) {	/* its callers say so */
		snprintf(o->msg, sizeof(o->msg), "out of memory");
	} else if (!rs) {
		diag_msg(o, &d);
	} else {
		cJSON *a = rules_catalog(rs), *b = rules_packs_summary(rs);
		cJSON *c = rules_tables_summary(rs);
		uint64_t h = 14695981039346656037ull;

		o->ok = 1;
		h = fnv_json(h, a);
		h = fnv_json(h, b);
		h = fnv_json(h, c);
		o->digest = fnv_diags(h, &d);
		cJSON_Delete(a);
		cJSON_Delete(b);
		cJSON_Delete(c);
	}
	rules_free(rs);
	free(dir);
	si_diags_free(&d);
}

static void run_profiles(struct outcome *o)
{
	struct si_diags d = {0};
	const char *dirs[] = {profile_dir, NULL};
	const char *tdirs[] = {template_dir, NULL};
	struct profiles *ps = profiles_load(dirs, tdirs, &d);

	alloc_stop_failing();
	if (!ps || d.n) {	/* d.n: a profile left out, an error, said */
		diag_msg(o, &d);
	} else {
		uint64_t h = 14695981039346656037ull;

		o->ok = 1;
		for (size_t i = 0; i < profiles_count(ps); i++) {
			const struct profile *p = profiles_at(ps, i);

			h = fnv_str(h, profile_name(p));
			h = fnv_str(h, profile_vendor(p));
			h = fnv_str(h, profile_version_command(p));
			for (size_t c = 0; c < profile_command_count(p); c++)
				h = fnv(h, "c", 1);
		}
		o->digest = h;
	}
	profiles_free(ps);
	si_diags_free(&d);
}

static void run_textfsm(struct outcome *o)
{
	struct si_error err = {0};
	struct textfsm *t = textfsm_load(in_scratch("template.textfsm"), &err);
	struct textfsm_result *r = NULL;
	struct sbuf b;

	if (!t) {
		alloc_stop_failing();
		err_msg(o, &err);
		return;
	}
	if (textfsm_parse_file(t, in_scratch("output.txt"), NULL, &r,
			       &err) != 0) {
		alloc_stop_failing();
		err_msg(o, &err);
		textfsm_free(t);
		return;
	}
	sbuf_init(&b, SBUF_UNLIMITED);
	if (textfsm_result_write_json(r, &b) < 0 || b.nomem) {
		alloc_stop_failing();
		snprintf(o->msg, sizeof(o->msg), "records: out of memory");
	} else {
		alloc_stop_failing();
		o->ok = 1;
		o->digest = fnv(14695981039346656037ull, b.s, b.len);
	}
	sbuf_free(&b);
	textfsm_result_free(r);
	textfsm_free(t);
}

static void run_checklist(struct outcome *o)
{
	struct si_diags d = {0};
	char *path = checklist_builtin_path("default");
	struct checklist *cl = path ? checklist_load(path, &d) : NULL;

	alloc_stop_failing();
	if (!path) {	/* its callers say so */
		snprintf(o->msg, sizeof(o->msg), "out of memory");
	} else if (!cl) {
		diag_msg(o, &d);
	} else {
		uint64_t h = fnv_str(14695981039346656037ull, cl->name);

		o->ok = 1;
		for (size_t i = 0; i < cl->nitems; i++) {
			h = fnv_str(h, cl->items[i].id);
			h = fnv_str(h, cl->items[i].question.en);
			h = fnv_str(h, cl->items[i].question.zh);
			h = fnv_str(h, cl->items[i].criterion.en);
			h = fnv(h, (const char *)&cl->items[i].nopts,
				sizeof(cl->items[i].nopts));
		}
		h = fnv(h, (const char *)&cl->nderived, sizeof(cl->nderived));
		o->digest = fnv_diags(h, &d);
	}
	checklist_free(cl);
	free(path);
	si_diags_free(&d);
}

#if WITH_SNMP
/* The MIB maps loader (collectors/snmp_map_load.c) over SCRATCH/maps
 * (built-in maps and one written for the constructs they do not use):
 * a map left out (a mistake, or out of memory) is an error, said. */
static uint64_t fnv_value(uint64_t h, const struct mvalue *v)
{
	h = fnv(h, (const char *)&v->kind, sizeof(v->kind));
	h = fnv(h, (const char *)&v->ref.kind, sizeof(v->ref.kind));
	h = fnv_str(h, v->ref.table ? v->ref.table->id : NULL);
	for (size_t i = 0; v->tlits && i <= v->ntrefs; i++)
		h = fnv_str(h, v->tlits[i]);
	h = fnv_str(h, v->cval.str);
	h = fnv(h, (const char *)&v->nwhere, sizeof(v->nwhere));
	h = fnv(h, (const char *)&v->conv.nsent, sizeof(v->conv.nsent));
	h = fnv_str(h, v->conv.en ? v->conv.en->name : NULL);
	return fnv(h, v->conv.capture ? "r" : "-", 1);
}

static void run_snmp_maps(struct outcome *o)
{
	struct si_diags d = {0};
	struct snmp_maps *m = snmp_maps_load_dir(in_scratch("maps"), &d);
	uint64_t h = 14695981039346656037ull;

	alloc_stop_failing();
	if (!m || d.n || d.lost || m->nomem) {
		diag_msg(o, &d);
		snmp_maps_free(m);
		si_diags_free(&d);
		return;
	}
	o->ok = 1;
	for (size_t i = 0; i < m->nmaps; i++) {
		const struct mmap *p = m->maps[i];

		h = fnv_str(h, p->name);
		h = fnv_str(h, p->mib);
		h = fnv(h, (const char *)&p->priority, sizeof(p->priority));
		for (size_t k = 0; k < p->nvendors; k++)
			h = fnv_str(h, p->vendors[k]);
		for (size_t k = 0; k < p->nfamilies; k++)
			h = fnv_str(h, p->families[k]);
		for (size_t k = 0; k < p->noids; k++)
			h = fnv_str(h, p->oids[k]);
		for (size_t k = 0; k < p->nenums; k++) {
			h = fnv_str(h, p->enums[k]->name);
			h = fnv_str(h, p->enums[k]->deflt);
			for (size_t w = 0; w < p->enums[k]->n; w++)
				h = fnv_str(h, p->enums[k]->words[w]);
		}
		for (size_t k = 0; k < p->next; k++)
			h = fnv_str(h, p->ext[k]->id);
	}
	for (size_t i = 0; i < m->ntables; i++) {
		const struct mtable *t = m->tables[i];

		h = fnv_str(h, t->id);
		h = fnv_str(h, t->mib);
		h = fnv_str(h, t->oidtext);
		for (size_t c = 0; c < t->ncols; c++)
			h = fnv_str(h, t->cols[c].name);
		for (size_t j = 0; j < t->njoins; j++) {
			h = fnv_str(h, t->joins[j].alias);
			h = fnv_str(h, t->joins[j].table->id);
			h = fnv_value(h, &t->joins[j].on);
		}
		for (size_t e = 0; e < t->nemits; e++) {
			const struct memit *x = &t->emits[e];

			h = fnv_str(h, x->target->path);
			h = fnv(h, (const char *)&x->nwhen, sizeof(x->nwhen));
			for (size_t k = 0; x->key && k < x->key->nalts; k++)
				h = fnv_value(h, &x->key->alts[k]);
			for (size_t f = 0; f < x->nfields; f++) {
				h = fnv_str(h, x->fields[f].def->name);
				for (size_t a = 0; a < x->fields[f].nalts; a++)
					h = fnv_value(h, &x->fields[f].alts[a]);
			}
		}
	}
	o->digest = h;
	snmp_maps_free(m);
	si_diags_free(&d);
}
#endif

static const char *const report_files[] = {
	"report.json", "report.html", "report.zh-CN.html",
	"report-findings.csv", "report-inventory.csv", NULL,
};

static void run_report(struct outcome *o)
{
	struct report_opts ro = {
		.out = in_scratch("bundle"),
		.lang = "en,zh-CN",
	};
	struct si_error err;
	int rc = report_write(&ro, &err);

	alloc_stop_failing();
	if (rc < 0) {
		err_msg(o, &err);
		return;
	}
	o->ok = 1;
	o->digest = 14695981039346656037ull;
	for (size_t i = 0; report_files[i]; i++) {
		char *f = fs_join(ro.out, report_files[i]);

		o->digest = fnv_file(o->digest, f);
		unlink(f);
		free(f);
	}
}

/* Temporaries (NAME.tmp.XXXXXX) or any of names in dir. */
static int leftovers(const char *dir, const char *const *names, char *why,
		     size_t n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int bad = 0;

	while (d && (e = readdir(d))) {
		int hit = strstr(e->d_name, ".tmp.") != NULL;

		for (size_t i = 0; names[i] && !hit; i++)
			hit = strcmp(e->d_name, names[i]) == 0;
		if (hit && !bad) {
			snprintf(why, n, "left behind: %s/%s", dir, e->d_name);
			bad = 1;
		}
	}
	if (d)
		closedir(d);
	return bad;
}

static int clean_report(char *why, size_t n)
{
	return leftovers(in_scratch("bundle"), report_files, why, n);
}

/* The findings writer: the rule set and the facts are loaded before
 * (not under test), rules_doc_* evaluates and writes. */
static struct rule_set *fw_rules;
static cJSON *fw_facts[64];
static size_t fw_nfacts;
static cJSON *fw_head;

static int findings_setup(void)
{
	struct si_diags d = {0};
	char *dir = rules_builtin_dir();
	const char *paths[1] = {dir};
	char *devdir = fs_join(in_scratch("bundle"), "devices");
	DIR *dd = opendir(devdir);
	struct dirent *e;

	fw_rules = rules_load(paths, 1, &d);
	si_diags_free(&d);
	free(dir);
	while (dd && (e = readdir(dd)) && fw_nfacts < 64) {
		char *sub, *f;

		if (e->d_name[0] == '.')
			continue;
		sub = fs_join(devdir, e->d_name);
		f = fs_join(sub, "facts.json");
		fw_facts[fw_nfacts] = json_read_file(f, 64u << 20, NULL);
		if (fw_facts[fw_nfacts])
			fw_nfacts++;
		free(sub);
		free(f);
	}
	if (dd)
		closedir(dd);
	free(devdir);
	fw_head = cJSON_CreateObject();
	cJSON_AddStringToObject(fw_head, "schema", "swinspect.findings/1");
	cJSON_AddStringToObject(fw_head, "generated_at",
				"2026-11-28T00:00:00Z");
	cJSON_AddItemToObject(fw_head, "rules", rules_catalog(fw_rules));
	return fw_rules && fw_nfacts ? 0 : -1;
}

static void run_findings(struct outcome *o)
{
	char *path = in_scratch("out/findings.json");
	struct si_error err = {0};
	struct rules_doc_stats st;
	struct rules_doc *d = rules_doc_open(path, fw_head, &err);

	for (size_t i = 0; d && i < fw_nfacts; i++)
		if (rules_doc_device(d, fw_rules, fw_facts[i], NULL,
				     "2026-11-28", &err) < 0) {
			rules_doc_abort(d);
			d = NULL;
		}
	if (d && rules_doc_close(d, &st, &err) == 0) {
		alloc_stop_failing();
		o->ok = 1;
		o->digest = fnv_file(14695981039346656037ull, path);
		unlink(path);
		return;
	}
	alloc_stop_failing();
	err_msg(o, &err);
}

static int clean_findings(char *why, size_t n)
{
	static const char *const names[] = {"findings.json", NULL};

	return leftovers(in_scratch("out"), names, why, n);
}

/* `rules test`'s unit: every rule alone over the first device
 * (rule_eval_one()); an evaluation out of memory must be an error, not
 * findings with holes. */
static void run_ruleone(struct outcome *o)
{
	const struct rule_eval_opts opts = {.today = "2026-11-28"};
	cJSON *f = cJSON_CreateArray(), *ne = cJSON_CreateArray();
	char err[512] = "";
	int rc = f && ne ? 0 : -1;

	json_nomem_reset();
	if (rc < 0)
		snprintf(err, sizeof(err), "out of memory");
	for (size_t i = 0; rc == 0 && i < fw_rules->nrules; i++)
		rc = rule_eval_one(fw_rules, fw_rules->rules[i], fw_facts[0],
				   &opts, f, ne, err, sizeof(err));
	alloc_stop_failing();
	if (rc == 0 && !json_nomem()) {
		o->ok = 1;
		o->digest = fnv_json(fnv_json(14695981039346656037ull, f), ne);
	} else {
		snprintf(o->msg, sizeof(o->msg), "%s", rc < 0 ? err : "");
	}
	cJSON_Delete(f);
	cJSON_Delete(ne);
}

static const struct victim targets[] = {
	{"inventory", run_inventory, NULL},
	{"rules", run_rules, NULL},
	{"profiles", run_profiles, NULL},
	{"textfsm", run_textfsm, NULL},
	{"checklist", run_checklist, NULL},
	{"report", run_report, clean_report},
	{"findings", run_findings, clean_findings},
	{"ruleone", run_ruleone, NULL},
#if WITH_SNMP
	{"snmp-maps", run_snmp_maps, NULL},
#endif
	{NULL, NULL, NULL},
};

/* ---- the driver ---------------------------------------------------------- */

/* In the child: the run with allocation k failing; exit 0 when all is
 * well, else 1 after saying why. */
static void child(const struct victim *t, long k, const struct outcome *base)
{
	struct outcome o;
	char why[4200];
	int bad = 0;

	if (alloc_hook_init() < 0)
		_exit(2);
	memset(&o, 0, sizeof(o));
	alloc_arm(k);
	t->run(&o);
	alloc_disarm();
	if (!o.ok && !o.msg[0]) {
		snprintf(why, sizeof(why), "failed without a message");
		bad = 1;
	} else if (alloc_live() > 0) {
		snprintf(why, sizeof(why), "%ld block(s) leaked", alloc_live());
		bad = 1;
	} else if (t->clean && t->clean(why, sizeof(why))) {
		bad = 1;
	} else if (o.ok && o.digest != base->digest) {
		snprintf(why, sizeof(why), "succeeded, but its result differs "
			 "from the normal run's (something silently dropped)");
		bad = strict ? 1 : 3;
	}
	if (bad || verbose)
		fprintf(stderr, "%s: %s allocation %ld failing: %s%s%s\n",
			bad == 3 ? "silent" : bad ? "FAIL" : "ok", t->name, k,
			bad ? why :
			o.ok ? "ok" : "error: ", bad || o.ok ? "" : o.msg, "");
	if (bad && alloc_live() > 0)
		alloc_print_live(stderr, 10);
	if (bad == 1 && !o.ok)
		fprintf(stderr, "  (its message: %s)\n", o.msg);
	fflush(stderr);
	_exit(bad);
}

/* step 0: as many as budget allows (every allocation when N <= budget) */
static int torture(const struct victim *t, long step, long offset,
		   long budget)
{
	struct outcome base;
	long n, tried = 0, bad = 0, silent = 0;

	memset(&base, 0, sizeof(base));
	if (alloc_hook_init() < 0)
		return -1;
	/* once before, not counted: what the code caches for the whole
	 * process (loaded once, never freed) is not a leak */
	t->run(&base);
	memset(&base, 0, sizeof(base));
	alloc_arm(0);
	t->run(&base);
	alloc_disarm();
	n = alloc_count();
	if (!base.ok) {
		printf("FAIL: %s: the normal run fails: %s\n", t->name,
		       base.msg);
		return 1;
	}
	if (alloc_live() > 0) {
		printf("FAIL: %s: the normal run leaks %ld block(s)\n",
		       t->name, alloc_live());
		alloc_print_live(stdout, 10);
		return 1;
	}
	if (step < 1)
		step = budget > 0 && n > budget ? (n + budget - 1) / budget : 1;
	if (step > 1 && offset < 1)
		/* NOLINTNEXTLINE(cert-msc30-c): a sample, repeatable by -r */
		offset = 1 + (long)((unsigned long)rand() % (unsigned long)step);
	for (long k = offset > 0 ? offset : 1; k <= n; k += step) {
		pid_t pid;
		int status;

		fflush(stdout);
		fflush(stderr);
		pid = fork();
		if (pid < 0)
			return -1;
		if (pid == 0)
			child(t, k, &base);
		tried++;
		if (waitpid(pid, &status, 0) < 0)
			return -1;
		if (WIFSIGNALED(status)) {
			printf("FAIL: %s: allocation %ld failing: killed by "
			       "signal %d\n", t->name, k, WTERMSIG(status));
			bad++;
		} else if (WEXITSTATUS(status) == 3) {
			silent++;
		} else if (WEXITSTATUS(status) != 0) {
			if (WEXITSTATUS(status) != 1)
				printf("FAIL: %s: allocation %ld failing: exit "
				       "%d (a sanitizer?)\n", t->name, k,
				       WEXITSTATUS(status));
			bad++;
		}
		if (bad >= max_bad) {
			printf("FAIL: %s: stopping after %ld failures\n",
			       t->name, max_bad);
			break;
		}
	}
	printf("%s: %s: %ld allocations, %ld failed in turn (every %ld from "
	       "%ld), %ld bad, %ld silently incomplete\n", bad ? "FAIL" : "ok",
	       t->name, n, tried, step, offset > 0 ? offset : 1, bad, silent);
	return bad ? 1 : silent ? 3 : 0;
}

/* An option's whole number (>= 0); anything else is a usage error, not 0
 * (-n 0 means every allocation). */
static long opt_num(int c, const char *s)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < 0) {
		fprintf(stderr, "torture: -%c %s: not a whole number\n", c, s);
		exit(64);
	}
	return v;
}

int main(int argc, char **argv)
{
	const char *only = NULL;
	long step = 0, offset = 0, budget = 0, only_k = 0;
	unsigned seed = (unsigned)getpid();
	int c, rc = 0;

	while ((c = getopt(argc, argv, "s:o:t:r:n:k:x:Sv")) != -1) {
		switch (c) {
		case 's': step = opt_num(c, optarg); break;
		case 'n': budget = opt_num(c, optarg); break;
		case 'k': only_k = opt_num(c, optarg); break;
		case 'x': max_bad = opt_num(c, optarg); break;
		case 'S': strict = 1; break;
		case 'o': offset = opt_num(c, optarg); break;
		case 't': only = optarg; break;
		case 'r': seed = (unsigned)opt_num(c, optarg); break;
		case 'v': verbose = 1; break;
		default:
			fprintf(stderr, "usage: torture [-s STEP | -n MAX] "
				"[-o OFFSET] [-r SEED] [-t TARGET] [-v] "
				"SCRATCH\n");
			return 64;
		}
	}
	if (optind + 1 != argc || step < 0)
		return 64;
	scratch = argv[optind];
	srand(seed);
	json_hooks_install();	/* as main() does */
	profile_dir = datadir_path("collectors/profiles");
	template_dir = datadir_path("collectors/templates");
	printf("torture: %s, seed %u (-r %u repeats this run)\n",
	       step ? "every STEP-th allocation" : budget ? "at most -n "
	       "allocations per target, evenly spread" : "every allocation",
	       seed, seed);
	if (findings_setup() < 0) {
		printf("FAIL: cannot set the findings writer up\n");
		return 99;
	}
	for (size_t i = 0; targets[i].name; i++) {
		if (only && strcmp(only, targets[i].name) != 0)
			continue;
		if (only_k) {	/* one run, no fork: for a debugger */
			struct outcome base = {0};

			targets[i].run(&base);
			child(&targets[i], only_k, &base);
		}
		c = torture(&targets[i], step, offset, budget);
		if (c < 0) {
			printf("FAIL: %s: %s\n", targets[i].name,
			       strerror(errno));
			return 99;
		}
		if (c == 1 || rc == 0)
			rc = c;
	}
	return rc;
}
