/* model.h - the vocabularies every stage shares: exit statuses, source and
 * component statuses, severities, categories.  See DESIGN.md "Contracts"
 * and doc/facts.md. */
#ifndef SWI_MODEL_H
#define SWI_MODEL_H

#include <stdbool.h>

/* Exit statuses (highest wins when several apply). */
enum si_exit {
	EXIT_OK = 0,
	EXIT_FINDINGS = 1,	/* findings at or above --fail-on */
	EXIT_NOT_REACHED = 2,	/* some device not reached / not inspected */
	EXIT_INTERRUPTED = 3,	/* SIGINT/SIGTERM: report marked incomplete */
	EXIT_USAGE = 64,
	EXIT_DATAERR = 65,	/* bad inventory, rules, site file */
	EXIT_SOFTWARE = 70,	/* internal error */
	EXIT_CANTCREAT = 73,	/* an output could not be written (disk
				 * full, read-only, no room for the temp) */
};

static inline int exit_max(int a, int b)
{
	return a > b ? a : b;
}

/* Source status: what one collector achieved for one device. */
enum src_status {
	SRC_OK,
	SRC_TIMEOUT,
	SRC_UNREACHABLE,
	SRC_AUTH_FAILED,
	SRC_HOST_KEY_UNKNOWN,
	SRC_HOST_KEY_MISMATCH,
	SRC_PROTOCOL_ERROR,
	SRC_CLOSED,
	SRC_PARTIAL,
	SRC_SKIPPED,
	SRC_NOT_INSPECTED,
	SRC_ERROR,
	SRC__COUNT
};

const char *src_status_name(enum src_status s);
/* -1 when the word is not a source status. */
int src_status_parse(const char *word);
/* A status that means the device was not (fully) reached: exit 2. */
bool src_status_unreached(enum src_status s);

/* Component status of fans, PSUs, modules, sensors. */
extern const char *const component_statuses[];	/* NULL-terminated */
bool component_status_valid(const char *word);

extern const char *const severities[];	/* critical major minor info */
/* 0 = critical ... 3 = info; -1 unknown. */
int severity_rank(const char *word);
extern const char *const categories[];	/* NULL-terminated */
bool category_valid(const char *word);

#endif
