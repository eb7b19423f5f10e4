/* fact_targets.h - the facts a data-driven collector may write: targets
 * (environment.fans, system, config, ...), their fields with each field's
 * kind and unit dimension, and the units a reading may be given in.
 *
 * One table mirroring common/schema/facts.schema.json, shared by the SNMP
 * MIB maps (snmp_map_load.c) and the vendor profiles (profile_load.c): a
 * map or a profile naming a target or field not listed for its user is
 * refused when it loads, so neither collector ever emits an undeclared
 * field.  Everything here is static and read-only.
 */
#ifndef SWI_FACT_TARGETS_H
#define SWI_FACT_TARGETS_H

#include <stdbool.h>

/* Who may write a target or a field. */
#define TU_SNMP 0x1u
#define TU_CLI 0x2u
#define TU_ALL (TU_SNMP | TU_CLI)

enum unit_dim {
	DIM_NONE,
	DIM_TEMP,	/* degrees Celsius */
	DIM_VOLT,	/* volts */
	DIM_MA,		/* milliamperes */
	DIM_WATT,	/* watts */
	DIM_DBM,	/* dBm */
	DIM_BYTES,
	DIM_PCT,
	DIM_RPM,
	DIM_SEC,
	DIM_BPS,	/* bits per second */
};

enum field_kind {
	FK_STR,		/* text */
	FK_NUM,		/* any number */
	FK_NNUM,	/* number >= 0 */
	FK_PCT,		/* 0..100 */
	FK_COUNT,	/* integer >= 0 (counters, bytes) */
	FK_ENTITY,	/* entPhysicalIndex: 1..2^31-1 */
	FK_STATUS,	/* component status word */
	FK_WORD,	/* one of def->words */
	FK_BOOL,
	FK_MAC,		/* aa:bb:cc:dd:ee:ff */
	FK_DOM,		/* number, or a list of numbers (lanes) */
	FK_STRLIST,	/* list of texts (config.ntp_servers) */
	FK_WORDLIST,	/* list of def->words (config.snmp.versions) */
	FK_ID,		/* integer >= 0 or text (stack member ids) */
	FK_DATE,	/* RFC 3339 date or date-time */
	FK_REDACTED,	/* a secret: written as the redaction marker only */
};

struct field_def {
	const char *name;
	enum field_kind kind;
	enum unit_dim dim;
	const char *const *words;	/* FK_WORD, FK_WORDLIST */
	unsigned users;			/* TU_*; 0 means TU_ALL */
};

enum target_kind {
	TK_LIST,	/* a list of objects (fans, interfaces, ...) */
	TK_UNITS,	/* cpu / memory: per_unit entries + device-level */
	TK_OBJECT,	/* one object (config) */
	TK_SYSTEM,	/* system.*: fills what identity left empty */
};

enum precision {
	PREC_READING,	/* both gave it: more significant digits, then SNMP */
	PREC_SNMP,	/* counters, rates, speeds, indexes */
	PREC_CLI,	/* configuration */
};

struct target_def {
	const char *path;	/* "environment.fans" */
	enum target_kind kind;
	const char *required;	/* field every entry needs, or NULL */
	bool dedup;		/* same sensor from two maps: keep one */
	const struct field_def *fields;	/* NULL-name terminated */
	unsigned users;		/* TU_*; 0 means TU_ALL */
};

/* The target at path for a user (TU_SNMP or TU_CLI), or NULL. */
const struct target_def *target_find(const char *path, unsigned user);
const struct field_def *target_field(const struct target_def *t,
				     const char *name, unsigned user);
/* Where a field's values rank when two sources gave it (doc/profiles.md). */
enum precision target_precision(const struct target_def *t,
				const struct field_def *f);
/* Unit by name ("mV", "uW", ...): its dimension and factor to the
 * dimension's base unit; *power set for power units usable as dBm.  Units
 * with an offset (F) are found by unit_lookup only. */
bool unit_find(const char *name, enum unit_dim *dim, double *factor,
	       bool *power);
/* The same with the offset added after the factor (F: 5/9, -32*5/9). */
bool unit_lookup(const char *name, enum unit_dim *dim, double *factor,
		 double *offset, bool *power);
const char *unit_dim_name(enum unit_dim d);

#endif
