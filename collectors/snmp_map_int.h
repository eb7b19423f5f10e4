/* snmp_map_int.h - the loaded form of MIB maps, shared by the loader
 * (snmp_map_load.c), the target catalogue (snmp_map_targets.c) and the
 * engine (snmp_map_run.c).  Not for other modules: they use snmp_map.h.
 *
 * Everything here is owned by struct snmp_maps and read-only once loaded.
 */
#ifndef SWI_SNMP_MAP_INT_H
#define SWI_SNMP_MAP_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "snmp_map.h"

#define MAP_MAX_OID 64
#define MAP_MAX_JOINS 16

#include "fact_targets.h"

/* ---- the loaded maps --------------------------------------------------- */

struct mtable;
struct mmap;

enum ref_kind {
	REF_NONE,
	REF_COL,	/* a column of the row, or of a joined row */
	REF_INDEX,	/* the whole index, as text */
	REF_IDX,	/* one component of the index */
	REF_UPTIME,	/* sysUpTime in seconds */
};

struct mref {
	enum ref_kind kind;
	int join;	/* -1: the row itself; else a join slot */
	int col;	/* REF_COL: column slot in the table */
	int part;	/* REF_IDX: component (negative: from the end) */
	const struct mtable *table;	/* table of the row the ref reads */
};

struct mlit {
	bool is_num;
	double num;
	char *str;
};

enum cond_op {
	C_IN, C_NOT_IN, C_MATCH, C_NOT_MATCH, C_PRESENT, C_ABSENT, C_ANY,
	C_GT, C_GE, C_LT, C_LE,
};

struct mcond {
	enum cond_op op;
	struct mref ref;
	struct mlit *lits;
	size_t nlits;
	pcre2_code *re;
	struct mcond *sub;	/* C_ANY */
	size_t nsub;
};

struct menum {
	char *name;
	struct mlit *keys;
	char **words;
	size_t n;
	char *deflt;	/* word for values not listed, or NULL (absent) */
};

enum transform {
	TF_NONE,
	TF_MAC,		/* 6 bytes -> aa:bb:cc:dd:ee:ff */
	TF_HEX,		/* bytes -> hex text */
	TF_SINCE_UPTIME,	/* TimeTicks stamp -> seconds before now */
	TF_NUMBER,	/* leading number of a text ("37C", " 12.5 V") */
	TF_LAST_ARC,	/* OID text -> its last component */
	TF_BITS,	/* BITS -> numbers of the bits set, as "1,4" */
	TF_TRIM_NUL,	/* strip trailing NULs and blanks */
};

struct mvalue;

/* An operand of times/plus/minus/divide/precision: a constant, a ref, or
 * a whole value (a map: where/pick over a many-join, its own conversion). */
struct mnum {
	bool set;
	bool is_ref;
	double k;
	struct mref ref;
	struct mvalue *val;
};

/* How raw values become a field's value; set on a column (its default)
 * and overridable per field. */
struct mconv {
	double scale;
	bool has_scale;
	struct mnum precision;	/* divide by 10^precision */
	struct mref escale;	/* ENTITY-SENSOR scale enum column */
	bool has_escale;
	struct mnum times, plus, minus, divide;
	bool has_unit;
	enum unit_dim unit_dim;
	double unit_factor;
	bool unit_power;	/* a power unit, convertible to dBm */
	char *unit_name;
	struct mlit *sent;	/* sentinels: raw values meaning "none" */
	size_t nsent;
	bool has_min, has_max;
	double min, max;
	const struct menum *en;
	enum transform tf;
	pcre2_code *capture;	/* text: keep group 1 of this regex */
};

enum value_kind { MV_REF, MV_TEMPLATE, MV_CONST };
enum pick { PICK_FIRST, PICK_MIN, PICK_MAX, PICK_SUM };

struct mvalue {
	enum value_kind kind;
	struct mref ref;
	/* template: lits[0] refs[0] lits[1] ... refs[n-1] lits[n] */
	char **tlits;
	struct mref *trefs;
	size_t ntrefs;
	struct mlit cval;
	struct mconv conv;
	/* a value read from the rows of a many-join */
	struct mcond *where;
	size_t nwhere;
	enum pick pick;
	int rate_of;	/* field slot whose counter this is the rate of */
	int line, col;
};

struct mfield {
	const struct field_def *def;
	struct mvalue *alts;
	size_t nalts;
};

enum agg { AGG_FIRST, AGG_AVG, AGG_MAX, AGG_SUM };

struct memit {
	const struct target_def *target;
	struct mcond *when;
	size_t nwhen;
	struct mfield *fields;
	size_t nfields;
	struct mfield *key;	/* rows with the same key make one entry */
	bool merge;		/* update entries (by entity) only */
	enum agg agg;
	const struct mtable *table;
	const struct mmap *map;
	int line;
};

struct mjoin {
	char *alias;
	const struct mtable *table;
	struct mvalue on;	/* the key into table; MV_REF or template */
	bool many;		/* rows whose index starts with the key */
};

struct mcol {
	char *name;
	uint32_t sub;
	struct mconv conv;
};

struct mtable {
	char *id;
	char *mib;	/* the MIB that defines it (for messages) */
	char oidtext[MAP_MAX_OID * 11];
	uint32_t oid[MAP_MAX_OID];
	size_t oidlen;
	bool scalar;	/* columns are scalars: <oid>.<col>.0 */
	struct mcol *cols;
	size_t ncols;
	struct mjoin *joins;
	size_t njoins;
	struct memit *emits;
	size_t nemits;
	const struct mmap *map;
	size_t slot;	/* position in snmp_maps.tables */
	int line;
};

struct mmap {
	size_t idx;	/* position in snmp_maps.maps; SIZE_MAX: left out */
	char *name;
	char *file;
	char *mib;
	int priority;
	char **vendors;
	size_t nvendors;
	char **families;
	size_t nfamilies;
	char **oids;
	size_t noids;
	struct menum **enums;
	size_t nenums;
	struct mtable **tables;
	size_t ntables;
	struct mtable **ext;	/* other maps' tables this map adds emits to */
	size_t next;
	bool bad;
};

struct snmp_maps {
	struct mmap **all;	/* every map read, for freeing */
	size_t nall;
	struct mmap **maps;	/* the maps in use (no mistakes) */
	size_t nmaps;
	struct mtable **tables;	/* every table, for lookups by id */
	size_t ntables;
	size_t nomem;	/* maps left out for want of memory */
};

const struct mtable *maps_table(const struct snmp_maps *m, const char *id);
int mtable_col(const struct mtable *t, const char *name);

/* ---- a run over one device (snmp_map_run.c, snmp_map_eval.c) ------------ */

struct trow {
	const uint32_t *idx;	/* index components (inside a varbind OID) */
	size_t idxlen;
	char *itext;		/* index as dotted text */
	const struct snmp_vb **cells;	/* by column slot; NULL: none */
};

enum tstate { TS_UNUSED, TS_WANTED, TS_OK, TS_ABSENT, TS_FAILED };

struct tdata {
	const struct mtable *t;
	enum tstate state;
	bool *colneed;		/* by column slot */
	struct snmp_vblist *lists;	/* by column slot */
	struct trow *rows;	/* sorted by index */
	size_t nrows;
	size_t *hash;		/* row position + 1; 0 = empty */
	size_t hcap;
	double walked_ms;	/* monotonic ms when the walk started */
	enum src_status fstatus;
	char *error;		/* why it failed */
	bool capped;		/* a bound stopped the walk */
};

struct rate_pending {
	cJSON *obj;
	const char *field;	/* the rate field */
	const char *counter;	/* the counter field it is the rate of */
	size_t tslot;
	int col;
	char *itext;
	uint64_t first;
	bool c64;
};

struct snmp_map_run {
	const struct snmp_maps *m;
	const struct snmp_agent *a;
	struct snmp_map_device dev;
	bool *map_on;		/* by map position */
	struct tdata *td;	/* by table slot */
	int timeouts;
	struct rate_pending *rates;
	size_t nrates, caprates;
};

double map_now_ms(void);
/* Does the map of this emit apply to the device? */
bool map_emit_on(const struct snmp_map_run *r, const struct memit *e);
/* Walks the columns of one table into td (rows built). */
void map_walk_table(struct snmp_map_run *r, struct tdata *td);
/* Row whose index text is itext, or NULL. */
const struct trow *tdata_row(const struct tdata *td, const char *itext);
/* First row whose index starts with the components of key, and the end of
 * the run of such rows. */
size_t tdata_prefix(const struct tdata *td, const uint32_t *key, size_t klen,
		    size_t *end);
/* Appends "snmp:OID" of vb to buf. */
void vb_src(const struct snmp_vb *vb, char *buf, size_t n);
/* Walks the given columns of td's table again (rates), into lists. */
enum src_status map_rewalk(struct snmp_map_run *r, const struct tdata *td,
			   const bool *cols, struct snmp_vblist *lists);

#endif
