/* collector.c - see collector.h */
#include "config.h"
#include "collector.h"
#include "facts.h"
#include "local.h"
#include "local_cli.h"
#include "log.h"
#if WITH_SNMP
#include "snmp_collect.h"
#endif
#if WITH_SSH
#include "ssh_collect.h"
#endif

#include <string.h>
#include <time.h>

const struct collector *const collectors_table[] = {
#if WITH_SNMP
	&snmp_collector,
#endif
#if WITH_SSH
	&ssh_collector,
#endif
	&local_cli_collector,	/* before local: the NOS's view first */
	&local_collector,
	NULL,
};

const struct collector *collector_find(const char *name)
{
	for (size_t i = 0; collectors_table[i]; i++)
		if (strcmp(collectors_table[i]->name, name) == 0)
			return collectors_table[i];
	return NULL;
}

long collect_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long)ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

/* Which outcome is worse, for the device's overall status. */
static int badness(enum src_status s)
{
	switch (s) {
	case SRC_OK:
	case SRC_SKIPPED:
		return 0;
	case SRC_PARTIAL:
		return 1;
	default:
		return 2;
	}
}

cJSON *collect_device(const struct target *t, const char *site,
		      const char *raw_dir, long deadline_ms,
		      volatile sig_atomic_t *cancel, enum src_status *worst)
{
	struct collect_job job = {
		.target = t,
		.raw_dir = raw_dir,
		.deadline_ms = deadline_ms,
		.cancel = cancel,
	};

	*worst = SRC_OK;
	job.facts = facts_new(t->name, t->address, site);
	if (!job.facts)
		return NULL;
	for (size_t i = 0; collectors_table[i]; i++) {
		const struct collector *c = collectors_table[i];
		enum src_status st;

		/* The local collector belongs to --local runs only: a remote
		 * device's facts do not list it. */
		if ((c == &local_collector || c == &local_cli_collector) &&
		    !t->local.enabled)
			continue;
		if (!c->wanted(t)) {
			facts_source(job.facts, c->name, SRC_SKIPPED,
				     "turned off for this device", -1);
			continue;
		}
		if (cancel && *cancel) {
			facts_source(job.facts, c->name, SRC_NOT_INSPECTED,
				     "interrupted before this collector ran",
				     -1);
			st = SRC_NOT_INSPECTED;
		} else {
			st = c->collect(&job);
		}
		log_debug("collect", "%s: %s: %s", t->name, c->name,
			  src_status_name(st));
		if (badness(st) > badness(*worst))
			*worst = st;
	}
	return job.facts;
}
