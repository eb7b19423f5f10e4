/* profile_int.h - the loaded form of vendor profiles, shared by the loader
 * (profile_load.c), the value language (profile_eval.c), recognition
 * (profile_match.c) and profile_apply (profile_apply.c).  Not for other
 * modules: they use profile.h.
 *
 * Everything here is owned by struct profiles and read-only once loaded.
 */
#ifndef SWI_PROFILE_INT_H
#define SWI_PROFILE_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "fact_targets.h"
#include "profile.h"

struct textfsm;
struct textfsm_lib;

/* ---- values (doc/profiles.md: Values) ----------------------------------- */

enum ppick { PK_FIRST, PK_LAST, PK_JOIN, PK_COUNT, PK_SUM, PK_MIN, PK_MAX,
	     PK_ALL };

enum ptransform { PT_NONE, PT_TRIM, PT_LOWER, PT_UPPER, PT_NUMBER,
		  PT_DURATION, PT_SIZE, PT_BOOL, PT_PRESENT, PT_DATE };

struct pnum {
	bool set;
	double k;
	char *ref;	/* a Value name instead of k */
};

struct plit {
	enum { PL_STR, PL_NUM, PL_BOOL } kind;
	char *str;	/* PL_STR; also the text of the others */
	double num;
	bool b;
};

struct pvalue {
	int line, col;
	char *ref;		/* Value name, or NULL */
	char *tmpl;		/* "{A}/{B}", or NULL */
	bool has_const;
	struct plit cval;
	enum ppick pick;
	char *sep;		/* PK_JOIN */
	char **none;
	size_t nnone;
	pcre2_code *capture;
	enum ptransform tf;
	/* enum: keys lower-cased, trimmed */
	char **en_keys;
	char **en_words;
	size_t nen;
	char *en_default;
	/* classify */
	pcre2_code **cl_re;
	char **cl_words;
	size_t ncl;
	bool has_unit;
	enum unit_dim unit_dim;
	double unit_factor, unit_offset;
	bool unit_power;
	struct pnum scale, divide, plus, minus;
	bool has_min, has_max;
	double min, max;
};

/* One field: alternatives, the first that yields something wins. */
struct pfield {
	const struct field_def *def;
	struct pvalue *alts;
	size_t nalts;
};

enum pcond_op { PC_EQ, PC_NE, PC_MATCH, PC_NOT_MATCH, PC_PRESENT, PC_ABSENT,
		PC_GT, PC_GE, PC_LT, PC_LE, PC_ANY };

struct pcond {
	enum pcond_op op;
	char *ref;
	char **texts;		/* PC_EQ / PC_NE: any of */
	size_t ntexts;
	double num;
	pcre2_code *re;
	struct pcond *sub;	/* PC_ANY */
	size_t nsub;
};

enum precords { PR_DEFAULT, PR_EACH, PR_FIRST, PR_LAST, PR_ALL };

struct pemit {
	int line, col;
	const struct target_def *target;
	struct pcond *when;
	size_t nwhen;
	struct pfield *fields;
	size_t nfields;
	enum precords records;
	const char *merge_on;	/* a field name, or NULL */
};

struct pcommand {
	struct profile_command pub;
	char **alts;		/* owned; pub.alternatives points here */
	char *template_name;
	const struct textfsm *tpl;	/* borrowed from the set's library */
	struct pemit *emits;
	size_t nemits;
};

/* compare: a boolean field that says whether two commands' outputs are
 * the same once the lines matching `ignore` are dropped and every line's
 * trailing white space (doc/profiles.md: Comparing two outputs). */
struct pcompare {
	int line, col;
	char *cmd[2];
	pcre2_code **ignore;	/* nignore of them */
	size_t nignore;
	const struct target_def *target;	/* an object target */
	const struct field_def *field;		/* FK_BOOL */
};

/* The lists whose entries merge_positions() pairs by slot and bay. */
enum { PNUM_FANS, PNUM_PSUS, PNUM_TEMPS, PNUM_LISTS };

struct profile {
	char *file;
	char *name, *vendor, *family, *description, *status;
	int priority;
	/* recognise.snmp */
	char **oids;
	size_t noids;
	pcre2_code **descr, **not_descr;
	size_t ndescr, nnot_descr;
	/* recognise.cli */
	bool has_cli;
	enum prompt_shape prompt;
	pcre2_code **match, **not_match;
	size_t nmatch, nnot_match;
	/* session */
	char *version_command;
	char **paging, **width, **exit, **errors;	/* NULL-terminated */
	pcre2_code **errors_re;
	size_t nerrors;
	bool enable;
	struct pcommand *cmds;
	size_t ncmds;
	struct pcompare *cmps;
	size_t ncmps;
	/* numbering: where each source starts counting bays, per list
	 * (PNUM_*): [0] the CLI, [1] SNMP; both 0 unless the profile says */
	int numbering[PNUM_LISTS][2];
};

struct profiles {
	struct profile **v;	/* by priority, highest first */
	size_t n;
	struct textfsm_lib *lib;
};

void profile_free(struct profile *p);

/* ---- evaluation (profile_eval.c) ---------------------------------------- */

enum pv_kind { PV_NONE, PV_STR, PV_NUM, PV_BOOL, PV_LIST };

/* A value computed for one record; str and list are owned. */
struct pv {
	enum pv_kind k;
	char *s;
	double n;
	bool b;
	cJSON *list;	/* PV_LIST: strings or numbers */
};

void pv_clear(struct pv *v);
/* Evaluates one field (its alternatives) on a record (a JSON object of
 * the template's Values) into a value of the field's kind; PV_NONE when
 * nothing fits. */
void pfield_eval(const struct pfield *f, const cJSON *rec, struct pv *out);
void pvalue_eval(const struct pvalue *v, const struct field_def *def,
		 const cJSON *rec, struct pv *out);
bool pconds_hold(const struct pcond *c, size_t n, const cJSON *rec);

/* Are two outputs the same once the lines matching one of ignore[] are
 * dropped and trailing white space (spaces, tabs, CR) is trimmed from
 * every line?  A missing last newline does not count.  1 the same, 0
 * different, -1 no memory. */
int outputs_equal(const char *a, size_t alen, const char *b, size_t blen,
		  pcre2_code *const *ignore, size_t nignore);

/* Text helpers, exposed for the unit tests.  0 on success. */
int prose_duration(const char *s, double *seconds);
int prose_size(const char *s, double *bytes);
int prose_number(const char *s, double *out);	/* leading number */
int prose_bool(const char *s, bool *out);
/* A calendar date to "YYYY-MM-DD"; 0 on success. */
int prose_date(const char *s, char out[11]);
/* s is an RFC 3339 date or date-time. */
bool rfc3339_date(const char *s);
/* "aa:bb:cc:dd:ee:ff" from the usual MAC spellings; 0 on success. */
int mac_normalise(const char *s, char out[18]);

pcre2_code *prx_compile(const char *re, uint32_t flags, char *why,
			size_t n);
bool prx_find(const pcre2_code *re, const char *s);

#endif
