/* local_int.h - what the parts of the local collector share (not for
 * other modules).
 *
 * struct local_ctx holds the root, the facts being built, the evidence
 * log (every file read and what it said, written to raw/local.txt) and the
 * list of reads that failed.  Paths given to the helpers are absolute as
 * on the live system ("/proc/stat"); they are read under the root.
 */
#ifndef SWI_LOCAL_INT_H
#define SWI_LOCAL_INT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "local.h"
#include "sbuf.h"

#define LOCAL_ATTR_MAX 4096		/* one sysfs attribute */
#define LOCAL_FILE_MAX (4u << 20)	/* one /proc or /etc file */

struct local_ctx {
	const char *root;	/* "/" for the live system */
	bool live;		/* root is "/": statvfs and sampling work */
	int sample_ms;		/* between the two CPU/counter samples */
	cJSON *facts;
	cJSON *failed;		/* sources.local.failed, built as we go */
	cJSON *absent;		/* sources.local.absent */
	struct sbuf raw;	/* evidence */
	volatile sig_atomic_t *cancel;
};

/* Reads a whole file under the root (NUL-terminated; trailing newline
 * kept).  Returns the text, or NULL with *err set to the errno: ENOENT
 * means "not there", anything else "there but unreadable". */
char *local_read(struct local_ctx *c, const char *path, size_t max,
		 int *err);
/* A one-line sysfs attribute, trailing white space removed, into buf.
 * 0 when read; -ENOENT when absent; another -errno when unreadable
 * (recorded in sources.local.failed). */
int local_attr(struct local_ctx *c, const char *path, char *buf, size_t n);
/* The same, for attributes the kernel refuses in normal operation (the
 * speed of a link that is down: EINVAL): a failure is not recorded. */
int local_attr_opt(struct local_ctx *c, const char *path, char *buf,
		   size_t n);
/* local_attr(), parsed as a decimal integer (-EINVAL when not a number). */
int local_attr_ll(struct local_ctx *c, const char *path, long long *v);
/* Records a read that failed (what = the path) in sources.local.failed. */
void local_fail(struct local_ctx *c, const char *what, const char *why);
/* Records something this host does not have, in sources.local.absent. */
void local_absent(struct local_ctx *c, const char *what);
/* "local:<path>" into buf. */
const char *local_src(char *buf, size_t n, const char *path);
/* Names of a directory's entries (sorted, natural order so hwmon2 comes
 * before hwmon10), without . and ..; NULL with *err on failure. */
char **local_list_dir(struct local_ctx *c, const char *path, size_t *n,
		      int *err);
void local_free_list(char **v, size_t n);
/* The last component of the target of the symlink at path (sysfs
 * "device" links: "2-004a", "coretemp.0"), or -1. */
int local_link_name(struct local_ctx *c, const char *path, char *buf,
		    size_t n);

/* The parts, each adding what it finds to c->facts. */
void local_collect_hwmon(struct local_ctx *c);
void local_collect_thermal(struct local_ctx *c);
void local_collect_power_supply(struct local_ctx *c);
void local_collect_system(struct local_ctx *c);
void local_collect_memory(struct local_ctx *c);
void local_collect_storage(struct local_ctx *c);
/* CPU and interface counters are sampled together: first, wait, second. */
struct local_samples;
struct local_samples *local_sample_first(struct local_ctx *c);
void local_sample_second(struct local_ctx *c, struct local_samples *s);
void local_collect_interfaces(struct local_ctx *c, struct local_samples *s);
void local_collect_cpu(struct local_ctx *c, struct local_samples *s);
void local_samples_free(struct local_samples *s);
/* Error and discard counters of every interface, one line each
 * ("name in_errors out_errors in_discards out_discards"), for rates; NULL
 * under a recorded tree (one sample only). */
char *local_net_counters(struct local_ctx *c);
/* The first sample's counters and the seconds between the samples, or
 * NULL when there is no second sample. */
const char *local_samples_net(const struct local_samples *s, double *secs);

#endif
