/* local_proc.c - identity, uptime, memory, storage and CPU of the host:
 * /etc/os-release, the NOS's own version files (SONiC sonic_version.yml,
 * Cumulus lsb-release), ONIE machine.conf and DMI for the hardware,
 * /proc/uptime, /proc/meminfo, /proc/mounts with statvfs(3), /proc/stat
 * sampled twice. */
#include "config.h"
#include "local_int.h"
#include "collector.h"
#include "facts.h"
#include "log.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <time.h>

#define OS_RELEASE "/etc/os-release"
#define SONIC_VERSION "/etc/sonic/sonic_version.yml"
#define LSB_RELEASE "/etc/lsb-release"
#define DF_RECORD "/df.out"
#define STAT_LATER "/proc/stat.later"

static char *read_text(struct local_ctx *c, const char *path)
{
	int err;
	char *s = local_read(c, path, LOCAL_FILE_MAX, &err);

	if (!s && err != ENOENT)
		local_fail(c, path, strerror(err));
	if (s)
		sbuf_addf(&c->raw, "== %s\n%s%s", path, s,
			  s[0] && s[strlen(s) - 1] != '\n' ? "\n" : "");
	return s;
}

static double round1(double v)
{
	return round(v * 10) / 10;
}

/* ---- identity ------------------------------------------------------------ */

/* The maker's one-word name from a vendor string ("Accton Technology
 * Corp." -> edgecore, "Dell Inc." -> dell). */
static void vendor_word(const char *in, char *out, size_t n)
{
	static const char *const map[][2] = {
		{"accton", "edgecore"}, {"edge", "edgecore"},
		{"mellanox", "nvidia"}, {"force10", "dell"},
		{"hewlett", "hpe"}, {"hp", "hpe"},
	};
	size_t i = 0;

	while (*in && !isalnum((unsigned char)*in))
		in++;
	while (i + 1 < n && isalnum((unsigned char)in[i])) {
		out[i] = (char)tolower((unsigned char)in[i]);
		i++;
	}
	out[i] = '\0';
	for (size_t k = 0; k < sizeof(map) / sizeof(map[0]); k++)
		if (strcmp(out, map[k][0]) == 0)
			snprintf(out, n, "%s", map[k][1]);
	if (!isalpha((unsigned char)out[0]))
		out[0] = '\0';
}

static bool usable_dmi(const char *s)
{
	return s[0] && !strstr(s, "To be filled") &&
	       strcmp(s, "Default string") != 0 &&
	       strcmp(s, "Not Specified") != 0;
}

/* onie_platform "x86_64-accton_as7326_56x-r0": <arch>-<vendor>_<machine>-r<rev>. */
static void hardware_onie(struct local_ctx *c, cJSON *sys)
{
	const char *paths[] = {"/host/machine.conf", "/etc/machine.conf"};

	for (size_t i = 0; i < 2; i++) {
		char *t = read_text(c, paths[i]), *plat, src[300];
		char *p, *us, *rev, vendor[32];

		if (!t)
			continue;
		plat = local_kv_get(t, "onie_platform");
		free(t);
		if (!plat)
			continue;
		p = strchr(plat, '-');
		p = p ? p + 1 : plat;
		rev = strrchr(p, '-');
		if (rev && rev[1] == 'r' && isdigit((unsigned char)rev[2]))
			*rev = '\0';
		us = strchr(p, '_');
		local_src(src, sizeof(src), paths[i]);
		if (us) {
			*us = '\0';
			vendor_word(p, vendor, sizeof(vendor));
			if (vendor[0] && !cJSON_GetObjectItem(sys, "vendor"))
				facts_set_str(sys, "vendor", vendor, src);
			if (us[1] && !cJSON_GetObjectItem(sys, "model"))
				facts_set_str(sys, "model", us + 1, src);
		}
		free(plat);
		return;
	}
}

static void hardware_dmi(struct local_ctx *c, cJSON *sys)
{
	static const char *const f[][2] = {
		{"/sys/class/dmi/id/sys_vendor", "vendor"},
		{"/sys/class/dmi/id/product_name", "model"},
		{"/sys/class/dmi/id/product_serial", "serial"},
	};
	char buf[128], src[300], vendor[32];

	for (size_t i = 0; i < 3; i++) {
		if (local_attr_opt(c, f[i][0], buf, sizeof(buf)) < 0 ||
		    !usable_dmi(buf) || cJSON_GetObjectItem(sys, f[i][1]))
			continue;
		local_src(src, sizeof(src), f[i][0]);
		if (i == 0) {
			vendor_word(buf, vendor, sizeof(vendor));
			if (vendor[0])
				facts_set_str(sys, "vendor", vendor, src);
		} else {
			facts_set_str(sys, f[i][1], buf, src);
		}
	}
}

static bool family_token(const char *s)
{
	if (!s || !islower((unsigned char)s[0]))
		return false;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) &&
		    *s != '.' && *s != '_' && *s != '-')
			return false;
	return true;
}

static bool os_sonic(struct local_ctx *c, cJSON *sys, cJSON *os)
{
	char *t = read_text(c, SONIC_VERSION), *v, *deb, *kern, src[300];
	char desc[512];

	if (!t)
		return false;
	v = local_yaml_get(t, "build_version");
	deb = local_yaml_get(t, "debian_version");
	kern = local_yaml_get(t, "kernel_version");
	free(t);
	local_src(src, sizeof(src), SONIC_VERSION);
	facts_set_str(os, "family", "sonic", src);
	if (v) {
		facts_set_str(os, "version", v, src);
		snprintf(desc, sizeof(desc), "SONiC Software Version: SONiC.%s"
			 "%s%s%s%s", v, deb ? ", Distribution: Debian " : "",
			 deb ? deb : "", kern ? ", Kernel: " : "",
			 kern ? kern : "");
		facts_set_str(sys, "description", desc, src);
	}
	free(v);
	free(deb);
	free(kern);
	return true;
}

static bool os_lsb_cumulus(struct local_ctx *c, cJSON *sys, cJSON *os)
{
	char *t = read_text(c, LSB_RELEASE), *id = NULL, *rel = NULL;
	char *desc = NULL, src[300];
	bool hit = false;

	if (!t)
		return false;
	id = local_kv_get(t, "DISTRIB_ID");
	if (id && strncmp(id, "Cumulus", 7) == 0) {
		hit = true;
		rel = local_kv_get(t, "DISTRIB_RELEASE");
		desc = local_kv_get(t, "DISTRIB_DESCRIPTION");
		local_src(src, sizeof(src), LSB_RELEASE);
		facts_set_str(os, "family", "cumulus", src);
		facts_set_str(os, "version", rel, src);
		facts_set_str(sys, "description", desc, src);
	}
	free(t);
	free(id);
	free(rel);
	free(desc);
	return hit;
}

static void os_release(struct local_ctx *c, cJSON *sys, cJSON *os,
		       bool have_family)
{
	char *t = read_text(c, OS_RELEASE), *id, *ver, *pretty, src[300];

	if (!t)
		t = read_text(c, "/usr/lib/os-release");
	if (!t) {
		local_absent(c, "os: no /etc/os-release");
		return;
	}
	id = local_kv_get(t, "ID");
	ver = local_kv_get(t, "VERSION_ID");
	pretty = local_kv_get(t, "PRETTY_NAME");
	free(t);
	local_src(src, sizeof(src), OS_RELEASE);
	if (!have_family && id && strncmp(id, "cumulus", 7) == 0) {
		facts_set_str(os, "family", "cumulus", src);
		facts_set_str(os, "version", ver, src);
	} else if (!have_family && family_token(id)) {
		facts_set_str(os, "family", id, src);
		if (ver && ver[0])
			facts_set_str(os, "version", ver, src);
	}
	if (pretty && pretty[0] && !cJSON_GetObjectItem(sys, "description"))
		facts_set_str(sys, "description", pretty, src);
	free(id);
	free(ver);
	free(pretty);
}

static void uptime(struct local_ctx *c, cJSON *sys)
{
	char *t = read_text(c, "/proc/uptime"), *e, src[300];
	double up;

	if (!t)
		return;
	up = strtod(t, &e);
	if (e != t && up >= 0)
		facts_set_num(sys, "uptime_s", floor(up),
			      local_src(src, sizeof(src), "/proc/uptime"));
	free(t);
}

void local_collect_system(struct local_ctx *c)
{
	cJSON *sys = facts_obj(c->facts, "system");
	cJSON *os = facts_obj(c->facts, "system.os");
	char host[256], src[300];
	bool fam;

	if (!sys || !os)
		return;
	if (local_attr(c, "/proc/sys/kernel/hostname", host, sizeof(host)) == 0
	    && host[0])
		facts_set_str(sys, "hostname", host,
			      local_src(src, sizeof(src),
					"/proc/sys/kernel/hostname"));
	else if (local_attr(c, "/etc/hostname", host, sizeof(host)) == 0 &&
		 host[0])
		facts_set_str(sys, "hostname", host,
			      local_src(src, sizeof(src), "/etc/hostname"));
	fam = os_sonic(c, sys, os) || os_lsb_cumulus(c, sys, os);
	os_release(c, sys, os, fam);
	hardware_dmi(c, sys);
	hardware_onie(c, sys);
	uptime(c, sys);
	if (!cJSON_GetArraySize(os))
		cJSON_DeleteItemFromObject(sys, "os");
}

/* ---- memory -------------------------------------------------------------- */

void local_collect_memory(struct local_ctx *c)
{
	char *t = read_text(c, "/proc/meminfo"), src[300];
	struct local_meminfo m;
	unsigned long long avail;
	cJSON *mem;

	if (!t)
		return;
	if (local_parse_meminfo(t, &m) < 0 || m.total == 0) {
		local_fail(c, "/proc/meminfo", "no MemTotal line");
		free(t);
		return;
	}
	free(t);
	mem = facts_obj(c->facts, "environment.memory");
	local_src(src, sizeof(src), "/proc/meminfo");
	facts_set_num(mem, "total_bytes", (double)m.total, src);
	if (m.has_available) {
		avail = m.available;
		facts_set_num(mem, "free_bytes", (double)avail,
			      "local:/proc/meminfo MemAvailable");
	} else {
		/* Before Linux 3.14: what free(1) then called free. */
		avail = m.free + m.buffers + m.cached;
		facts_set_num(mem, "free_bytes", (double)avail,
			      "derived:MemFree+Buffers+Cached");
	}
	if (avail > m.total)
		avail = m.total;
	facts_set_num(mem, "used_bytes", (double)(m.total - avail),
		      "derived:total_bytes-free_bytes");
	facts_set_num(mem, "used_pct",
		      round1(100.0 * (double)(m.total - avail) /
			     (double)m.total),
		      "derived:used_bytes/total_bytes");
}

/* ---- storage ------------------------------------------------------------- */

/* File systems with no block device behind them (proc, sysfs, tmpfs,
 * overlay, ...: "nodev" in /proc/filesystems) and read-only images
 * (always full by design) are not storage. */
static bool pseudo_fs(const char *type, const char *filesystems)
{
	static const char *const images[] = {"squashfs", "iso9660", "erofs",
		"cramfs", "romfs", "udf", NULL};
	static const char *const nodev[] = {"proc", "sysfs", "tmpfs",
		"devtmpfs", "devpts", "cgroup", "cgroup2", "overlay",
		"securityfs", "debugfs", "tracefs", "pstore", "bpf", "mqueue",
		"hugetlbfs", "configfs", "fusectl", "autofs", "binfmt_misc",
		"rpc_pipefs", "nsfs", "ramfs", "efivarfs", "selinuxfs", "fuse",
		NULL};
	char pat[80];

	for (size_t i = 0; images[i]; i++)
		if (strcmp(type, images[i]) == 0)
			return true;
	for (size_t i = 0; nodev[i]; i++)
		if (strcmp(type, nodev[i]) == 0)
			return true;
	snprintf(pat, sizeof(pat), "nodev\t%s\n", type);
	return filesystems && strstr(filesystems, pat);
}

/* /proc/mounts escapes blanks as \040 (and \011, \012, \134). */
static void unescape(char *s)
{
	char *o = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*o++ = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 +
				      (s[3] - '0'));
			s += 3;
		} else {
			*o++ = *s;
		}
	}
	*o = '\0';
}

static void add_storage(struct local_ctx *c, const char *mnt,
			unsigned long long total, unsigned long long used,
			unsigned long long avail, const char *src)
{
	cJSON *o = facts_list_add(c->facts, "hardware.storage");

	facts_set_str(o, "name", mnt, NULL);
	facts_set_num(o, "total_bytes", (double)total, src);
	facts_set_num(o, "used_bytes", (double)used, src);
	facts_set_num(o, "free_bytes", (double)avail, src);
	if (used + avail > 0)
		facts_set_num(o, "used_pct",
			      round1(100.0 * (double)used /
				     (double)(used + avail)),
			      "derived:used_bytes/(used_bytes+free_bytes)");
}

static void measure_live(struct local_ctx *c, const char *mnt)
{
	struct statvfs v;
	char src[600], what[600];

	if (statvfs(mnt, &v) < 0) {
		snprintf(what, sizeof(what), "statvfs(%s)", mnt);
		local_fail(c, what, strerror(errno));
		return;
	}
	if (v.f_blocks == 0)
		return;
	snprintf(src, sizeof(src), "local:statvfs(%s)", mnt);
	add_storage(c, mnt, (unsigned long long)v.f_blocks * v.f_frsize,
		    (unsigned long long)(v.f_blocks - v.f_bfree) * v.f_frsize,
		    (unsigned long long)v.f_bavail * v.f_frsize, src);
}

/* A recorded tree cannot be statvfs'd: its df.out (`df -P -B1` on the
 * recorded host) gives the figures. */
static void measure_recorded(struct local_ctx *c, const char *df,
			     const char *mnt)
{
	const char *line = df;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char buf[1024], fsname[256];
		unsigned long long total, used, avail;
		int pos = 0;

		if (len < sizeof(buf)) {
			memcpy(buf, line, len);
			buf[len] = '\0';
			/* NOLINTNEXTLINE(cert-err34-c): df's own numbers; == 4 rejects others */
			if (sscanf(buf, "%255s %llu %llu %llu %*s %n", fsname,
				   &total, &used, &avail, &pos) == 4 && pos &&
			    strcmp(buf + pos, mnt) == 0) {
				add_storage(c, mnt, total, used, avail,
					    "local:" DF_RECORD);
				return;
			}
		}
		line = end ? end + 1 : NULL;
	}
}

static bool seen_before(char **devs, size_t n, const char *dev)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(devs[i], dev) == 0)
			return true;
	return false;
}

void local_collect_storage(struct local_ctx *c)
{
	char *mounts = read_text(c, "/proc/mounts"), *fs, *df = NULL;
	char *line, *save = NULL, *devs[256];
	size_t ndev = 0;
	int err;

	if (!mounts)
		return;
	if (!c->live) {
		df = local_read(c, DF_RECORD, LOCAL_FILE_MAX, &err);
		if (!df) {
			local_absent(c, "storage: a recorded tree cannot be "
				     "measured with statvfs and has no "
				     DF_RECORD " (df -P -B1)");
			free(mounts);
			return;
		}
		sbuf_addf(&c->raw, "== %s\n%s", DF_RECORD, df);
	}
	fs = local_read(c, "/proc/filesystems", LOCAL_FILE_MAX, &err);
	facts_list(c->facts, "hardware.storage");
	for (line = strtok_r(mounts, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char dev[512], mnt[1024], type[64];

		if (sscanf(line, "%511s %1023s %63s", dev, mnt, type) != 3 ||
		    pseudo_fs(type, fs))
			continue;
		unescape(mnt);
		if (seen_before(devs, ndev, dev) || ndev == 256 ||
		    !(devs[ndev] = strdup(dev)))
			continue;	/* a bind mount of one already listed */
		ndev++;
		if (c->live)
			measure_live(c, mnt);
		else
			measure_recorded(c, df, mnt);
	}
	for (size_t i = 0; i < ndev; i++)
		free(devs[i]);
	free(fs);
	free(df);
	free(mounts);
}

/* ---- CPU ----------------------------------------------------------------- */

struct local_samples {
	struct local_stat a, b;
	bool has_a, has_b;
	long t0_ms, t1_ms;
	char *net_first;	/* interface counters at the first sample */
};

static bool read_stat(struct local_ctx *c, const char *path,
		      struct local_stat *s)
{
	int err;
	char *t = local_read(c, path, LOCAL_FILE_MAX, &err);
	bool ok;

	if (!t) {
		if (err != ENOENT)
			local_fail(c, path, strerror(err));
		return false;
	}
	ok = local_parse_stat(t, s) == 0;
	if (!ok)
		local_fail(c, path, "no \"cpu\" line");
	sbuf_addf(&c->raw, "== %s\n%s", path, t);
	free(t);
	return ok;
}

struct local_samples *local_sample_first(struct local_ctx *c)
{
	struct local_samples *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->has_a = read_stat(c, "/proc/stat", &s->a);
	s->net_first = local_net_counters(c);
	s->t0_ms = collect_now_ms();
	return s;
}

void local_sample_second(struct local_ctx *c, struct local_samples *s)
{
	if (c->live) {
		long left = c->sample_ms - (collect_now_ms() - s->t0_ms);
		struct timespec ts = {left / 1000, (left % 1000) * 1000000L};

		if (left > 0)
			while (nanosleep(&ts, &ts) < 0 && errno == EINTR &&
			       !(c->cancel && *c->cancel))
				;
		s->has_b = read_stat(c, "/proc/stat", &s->b);
	} else {
		s->has_b = read_stat(c, STAT_LATER, &s->b);
	}
	s->t1_ms = collect_now_ms();
}

void local_samples_free(struct local_samples *s)
{
	if (s)
		free(s->net_first);
	free(s);
}

const char *local_samples_net(const struct local_samples *s, double *secs)
{
	if (!s || !s->has_b || !s->net_first || s->t1_ms <= s->t0_ms)
		return NULL;
	*secs = (double)(s->t1_ms - s->t0_ms) / 1000.0;
	return s->net_first;
}

void local_collect_cpu(struct local_ctx *c, struct local_samples *s)
{
	cJSON *cpu, *units;
	double load;

	if (!s || !s->has_a)
		return;
	if (!s->has_b) {
		if (!c->live)
			local_absent(c, "cpu: the recorded tree holds one "
				     "sample of /proc/stat (no "
				     STAT_LATER ")");
		return;
	}
	load = local_cpu_load(&s->a.all, &s->b.all);
	if (load < 0) {
		local_absent(c, "cpu: /proc/stat did not advance between "
			     "the two samples");
		return;
	}
	cpu = facts_obj(c->facts, "environment.cpu");
	facts_set_num(cpu, "load_pct", round1(load), "local:/proc/stat");
	units = facts_list(c->facts, "environment.cpu.per_unit");
	for (int i = 0; i < s->a.ncpu; i++)
		for (int j = 0; j < s->b.ncpu; j++) {
			cJSON *u;
			char name[32];

			if (s->a.cpu_id[i] != s->b.cpu_id[j])
				continue;
			load = local_cpu_load(&s->a.cpu[i], &s->b.cpu[j]);
			if (load < 0)
				break;
			u = cJSON_CreateObject();
			snprintf(name, sizeof(name), "cpu%d", s->a.cpu_id[i]);
			facts_set_str(u, "name", name, NULL);
			facts_set_num(u, "load_pct", round1(load),
				      "local:/proc/stat");
			cJSON_AddItemToArray(units, u);
			break;
		}
}
