/* snmp_map.h - data-driven MIB maps: which SNMP tables become which facts.
 *
 * A MIB map (a YAML file in collectors/snmp/maps/; format in doc/snmp.md) names
 * tables by their entry OID, the columns it reads with their units, scales,
 * sentinels and enumerations, joins to other tables, and "emit" blocks that
 * turn each row into an entry of a facts list (environment.temperatures,
 * interfaces, ...).  The engine here walks only the columns the maps
 * applying to a device use, evaluates the maps and writes the facts, keeping
 * each value's source OID.
 *
 * Ownership: struct snmp_maps is immutable once loaded and may be shared by
 * every thread; snmp_maps_default() loads it once per process.  A struct
 * snmp_map_run belongs to one device (one thread).
 */
#ifndef SWI_SNMP_MAP_H
#define SWI_SNMP_MAP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "model.h"
#include "snmp.h"

struct si_error;
struct si_diags;
struct snmp_maps;
struct snmp_map_run;

/* What the engine reads from: a live agent (snmp.c) or a recording
 * (snmp_rec.c), behind the same two calls. */
struct snmp_agent {
	void *ctx;
	enum src_status (*walk)(void *ctx, const char *const *roots, size_t n,
				const struct snmp_walk_limits *lim,
				struct snmp_vblist *out,
				enum snmp_walk_end *end, struct si_error *err);
	enum src_status (*get)(void *ctx, const char *const *oids, size_t n,
			       struct snmp_vblist *out, struct si_error *err);
	const char *peer;	/* for messages */
};

/* The live agent behind a client. */
void snmp_agent_of_client(struct snmp_agent *a, struct snmp_client *c);

/* Loads every *.yaml of dir (in name order).  Every mistake is added to
 * diags with file:line:column; maps with mistakes are left out, and so is
 * a map that ran out of memory ("FILE: out of memory", counted in the
 * set: snmp_maps_default() does not keep such a set).  Returns NULL only
 * on no memory ("DIR: out of memory"). */
struct snmp_maps *snmp_maps_load_dir(const char *dir, struct si_diags *diags);
/* The maps under the data directory, loaded once per process; NULL with
 * err filled when the directory cannot be read.  Load mistakes are logged
 * once. */
const struct snmp_maps *snmp_maps_default(struct si_error *err);
void snmp_maps_free(struct snmp_maps *m);
size_t snmp_maps_count(const struct snmp_maps *m);

/* The device a run is for: the maps' `when` filters read these. */
struct snmp_map_device {
	const char *name;	/* for log messages */
	const char *vendor;	/* system.vendor, or NULL when unknown */
	const char *family;	/* system.os.family, or NULL */
	const char *object_id;	/* sysObjectID */
	double uptime_s;	/* sysUpTime, for ifLastChange */
	bool have_uptime;
	long deadline_ms;	/* monotonic ms; 0: none */
	volatile sig_atomic_t *cancel;
	double rate_interval_s;	/* 0: no second sample, no rates */
	size_t max_rows;	/* per column; 0: default */
};

/* Walks what the applicable maps need.  Table failures are recorded in the
 * run (see snmp_map_run_report); the return is NULL only on no memory. */
struct snmp_map_run *snmp_map_run_walk(const struct snmp_maps *m,
				       const struct snmp_agent *a,
				       const struct snmp_map_device *dev);
/* Evaluates the maps into facts (lists, cpu, memory, ...), takes the second
 * sample of counters for rates when asked, and fills system fields the
 * identity step left empty. */
void snmp_map_run_emit(struct snmp_map_run *r, cJSON *facts);
/* Adds the tables that failed to source.failed and those the device lacks
 * to source.absent; returns SRC_PARTIAL when some table failed, else
 * SRC_OK. */
enum src_status snmp_map_run_report(struct snmp_map_run *r, cJSON *source);
void snmp_map_run_free(struct snmp_map_run *r);

/* Read access to a walked table, for the identity step (ENTITY-MIB).
 * col_name is a column name of the map that declares the table. */
size_t snmp_map_run_rows(const struct snmp_map_run *r, const char *table);
/* The column's value in row i as text (NULL when absent; caller frees),
 * and its source ("snmp:OID") into src when not NULL. */
char *snmp_map_run_text(const struct snmp_map_run *r, const char *table,
			size_t i, const char *col, char *src, size_t srclen);
/* The row's index (text) of row i. */
const char *snmp_map_run_index(const struct snmp_map_run *r,
			       const char *table, size_t i);
/* The column's value as an integer; false when absent or not a number. */
bool snmp_map_run_int(const struct snmp_map_run *r, const char *table,
		      size_t i, const char *col, long long *out);

#endif
