/* run.h - the stages of an inspection over an output directory OUT:
 * collect (inventory -> OUT/devices/<name>/facts.json, OUT/inspection.json),
 * check (facts + rule packs -> OUT/findings.json) and report
 * (-> OUT/report.json, OUT/report.html).  Each returns an exit status
 * (model.h) and never calls exit(). */
#ifndef SWI_RUN_H
#define SWI_RUN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

struct config;

struct run_opts {
	const char *inventory;
	const char *out;
	const char *const *packs;	/* extra rule packs (files or folders) */
	size_t npacks;
	bool no_builtin_packs;
	const char *previous;	/* previous report.json, or NULL */
	const char *archive;	/* report archive folder, or NULL */
	const char *archive_tree;	/* ARCHIVE/<site>/<period>/, or NULL */
	int keep;		/* periods kept per site there; 0: all */
	const char *lang;	/* "en", "zh-CN" or "en,zh-CN" */
	const char *fail_on;	/* severity, or NULL */
	int jobs;
	int device_timeout_s;
	bool resume;	/* inspect only what OUT lacks or failed (--resume) */
	const struct config *cfg;	/* thresholds; may be NULL */
	const char *site;	/* --site: answers file (agent/site.h), or NULL */
	const char *checklist;	/* --checklist FILE, or NULL */
	int photo_cap_mb;	/* --photo-cap; 0: the default */
	bool local;		/* --local: inspect this host, no inventory */
	const char *root;	/* --root: filesystem root for --local */
	int command_timeout_s;	/* --command-timeout: a local CLI command */
	const char *local_snmp;	/* --local-snmp FILE or "sonic", or NULL */
};

/* Set by the signal handler: start no new device. */
extern volatile sig_atomic_t run_cancel;

int run_collect(const struct run_opts *o);
int run_check(const struct run_opts *o);
int run_report(const struct run_opts *o);
/* collect, check and report in one go. */
int run_all(const struct run_opts *o);

#endif
