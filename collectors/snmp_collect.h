/* snmp_collect.h - the SNMP collector: the system group, identity, and
 * everything the MIB maps (collectors/snmp/maps/) turn into facts.
 *
 * snmp_collector is the entry of the collectors table.  snmp_collect_from()
 * is the same collection over any struct snmp_agent (a live session or a
 * recording), for tests and tools.
 */
#ifndef SWI_SNMP_COLLECT_H
#define SWI_SNMP_COLLECT_H

#include <signal.h>

#include <cjson/cJSON.h>

#include "collector.h"

struct snmp_agent;

extern const struct collector snmp_collector;

struct snmp_collect_opts {
	const char *name;	/* device name, for log messages */
	double rate_interval_s;	/* 0: one sample of counters, no rates */
	long deadline_ms;	/* monotonic ms; 0: none */
	volatile sig_atomic_t *cancel;
};

/* Collects through a into facts (facts.sources.snmp included); returns
 * the source status. */
enum src_status snmp_collect_from(const struct snmp_agent *a, cJSON *facts,
				  const struct snmp_collect_opts *o);

#endif
