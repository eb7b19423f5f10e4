/* local.h - the on-box collector: the host swinspect runs on.
 *
 * Reads the kernel's own interfaces under a configurable root (the live
 * system is root "/"; tests point it at recorded trees): hwmon sensors,
 * thermal zones and power supplies from /sys/class, CPU, memory, uptime and
 * mounts from /proc, interfaces from /sys/class/net, the OS identity from
 * /etc (os-release, SONiC's sonic_version.yml, lsb-release) and ONIE's
 * machine.conf.  Every value's src is "local:<path>".  See doc/local.md.
 *
 * The pure parsers are declared here for the unit tests; strings they
 * return are owned by the caller.
 */
#ifndef SWI_LOCAL_H
#define SWI_LOCAL_H

#include <stdbool.h>
#include <stddef.h>

#include "collector.h"

extern const struct collector local_collector;

/* The host name under root: proc/sys/kernel/hostname, then etc/hostname.
 * Returns 0 and fills buf, or -1. */
int local_hostname(const char *root, char *buf, size_t n);

/* ---- parsers (pure; exposed for tests) ---------------------------------- */

/* Value of KEY in a shell-style KEY=value file (os-release, lsb-release,
 * machine.conf): quotes and backslash escapes undone.  NULL when absent. */
char *local_kv_get(const char *text, const char *key);
/* Value of a top-level "key: value" in a flat YAML file such as SONiC's
 * sonic_version.yml, quotes undone.  NULL when absent or empty. */
char *local_yaml_get(const char *text, const char *key);

struct local_meminfo {
	unsigned long long total, free, available, buffers, cached;
	bool has_total, has_free, has_available, has_buffers, has_cached;
};
/* Fills m from /proc/meminfo text (kB converted to bytes); -1 when
 * MemTotal is missing. */
int local_parse_meminfo(const char *text, struct local_meminfo *m);

#define LOCAL_MAX_CPUS 1024
struct local_cpu_times {
	unsigned long long busy, total;
};
struct local_stat {
	struct local_cpu_times all;
	struct local_cpu_times cpu[LOCAL_MAX_CPUS];
	int ncpu;		/* per-CPU lines read (cpu0..) */
	int cpu_id[LOCAL_MAX_CPUS];
};
/* Parses the "cpu" lines of /proc/stat; -1 when there is no "cpu " line. */
int local_parse_stat(const char *text, struct local_stat *s);
/* Percentage of busy time between two samples; -1 when the total did not
 * advance (same sample twice) or went backwards. */
double local_cpu_load(const struct local_cpu_times *a,
		      const struct local_cpu_times *b);

/* One hwmon channel (temp1, fan2, in0, curr1, power1) as its attribute
 * files say; values in the kernel's units (milli-degrees, RPM, millivolts,
 * milliamperes, microwatts).  An alarm/fault of -1: no such file. */
enum local_hw_kind { HW_TEMP, HW_FAN, HW_IN, HW_CURR, HW_POWER };
struct local_hw_val {
	bool has;
	long long v;
};
struct local_hw_chan {
	enum local_hw_kind kind;
	int index;
	char label[64];
	struct local_hw_val input, min, max, lcrit, crit, emergency;
	int alarm, min_alarm, max_alarm, lcrit_alarm, crit_alarm,
		emergency_alarm, fault;
	bool input_unreadable;	/* the file is there, reading it failed */
	bool disabled;		/* *_enable reads 0 */
};
void local_hw_chan_init(struct local_hw_chan *c, enum local_hw_kind kind,
			int index);
/* The channel's component status from the kernel's alarm and fault files,
 * else from its thresholds; NULL when nothing says (no alarm, fault or
 * threshold to judge by). */
const char *local_hw_status(const struct local_hw_chan *c);

#endif
