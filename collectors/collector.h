/* collector.h - the collectors, registered in one static table.
 *
 * A collector reads one device through one channel (SNMP, SSH, the local
 * host) and adds what it learns to the device's facts document, recording
 * its outcome in facts.sources.<name>.  It never stops the run: every
 * failure becomes a source status.  Collectors know only struct target
 * (common/target.h), never the inventory or the rules.
 */
#ifndef SWI_COLLECTOR_H
#define SWI_COLLECTOR_H

#include <signal.h>
#include <stdbool.h>

#include <cjson/cJSON.h>

#include "model.h"
#include "target.h"

struct collect_job {
	const struct target *target;
	cJSON *facts;		/* the document being built (not owned) */
	const char *raw_dir;	/* OUT/devices/<name>/raw, or NULL */
	long deadline_ms;	/* monotonic ms when time is up; 0: none */
	volatile sig_atomic_t *cancel;	/* set by the agent on SIGINT */
};

struct collector {
	const char *name;
	bool (*wanted)(const struct target *t);
	enum src_status (*collect)(struct collect_job *job);
};

/* NULL-terminated table of every collector built in. */
extern const struct collector *const collectors_table[];

const struct collector *collector_find(const char *name);

/* Runs every wanted collector over t and returns a new facts document
 * (NULL only on no memory).  *worst gets the worst source status. */
cJSON *collect_device(const struct target *t, const char *site,
		      const char *raw_dir, long deadline_ms,
		      volatile sig_atomic_t *cancel, enum src_status *worst);

/* Monotonic milliseconds, for deadlines. */
long collect_now_ms(void);

#endif
