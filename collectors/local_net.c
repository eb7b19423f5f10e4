/* local_net.c - interfaces and their counters from /sys/class/net
 * (Documentation/ABI/testing/sysfs-class-net and
 * sysfs-class-net-statistics), in the IF-MIB words the facts use. */
#include "config.h"
#include "local_int.h"
#include "facts.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NET_DIR "/sys/class/net"

static const struct {
	const char *file;
	const char *key;
	const char *rate;	/* per-second key, or NULL */
} counters[] = {
	{"rx_errors", "in_errors", "in_error_rate"},
	{"tx_errors", "out_errors", "out_error_rate"},
	{"rx_dropped", "in_discards", "in_discard_rate"},
	{"tx_dropped", "out_discards", "out_discard_rate"},
	{"rx_crc_errors", "crc", NULL},
	{"rx_frame_errors", "alignment_errors", NULL},
	{"tx_window_errors", "late_collisions", NULL},	/* late collisions */
	{"rx_bytes", "in_octets", NULL},
	{"tx_bytes", "out_octets", NULL},
};
#define NRATES 4

static const char *oper_word(const char *s)
{
	static const char *const map[][2] = {
		{"up", "up"}, {"down", "down"}, {"testing", "testing"},
		{"unknown", "unknown"}, {"dormant", "dormant"},
		{"notpresent", "notPresent"},
		{"lowerlayerdown", "lowerLayerDown"},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(s, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

/* IANAifType from the uevent's DEVTYPE, else the ARPHRD_* type. */
static const char *if_type(struct local_ctx *c, const char *dir, char *src,
			   size_t srcn)
{
	static const struct {
		long arphrd;
		const char *name;
	} arp[] = {
		{1, "ethernetCsmacd"}, {772, "softwareLoopback"},
		{768, "tunnel"}, {769, "tunnel"}, {776, "tunnel"},
		{778, "tunnel"}, {823, "tunnel"}, {32, "infiniband"},
		{512, "ppp"}, {65534, "other"},
	};
	char path[512], buf[LOCAL_ATTR_MAX], *dt;
	long long t;
	int err;
	char *ue;

	snprintf(path, sizeof(path), "%s/uevent", dir);
	ue = local_read(c, path, LOCAL_ATTR_MAX, &err);
	if (ue && (dt = local_kv_get(ue, "DEVTYPE"))) {
		const char *r = strcmp(dt, "bond") == 0 ? "ieee8023adLag"
			: strcmp(dt, "vlan") == 0 ? "l2vlan"
			: strcmp(dt, "bridge") == 0 ? "bridge" : NULL;

		free(dt);
		if (r) {
			local_src(src, srcn, path);
			free(ue);
			return r;
		}
	}
	free(ue);
	snprintf(path, sizeof(path), "%s/type", dir);
	if (local_attr_opt(c, path, buf, sizeof(buf)) < 0)
		return NULL;
	t = strtoll(buf, NULL, 10);
	local_src(src, srcn, path);
	for (size_t i = 0; i < sizeof(arp) / sizeof(arp[0]); i++)
		if (arp[i].arphrd == t)
			return arp[i].name;
	return NULL;
}

static bool is_mac(const char *s)
{
	bool nonzero = false;

	if (strlen(s) != 17)
		return false;
	for (int i = 0; i < 17; i++) {
		if (i % 3 == 2) {
			if (s[i] != ':')
				return false;
		} else if (!((s[i] >= '0' && s[i] <= '9') ||
			     (s[i] >= 'a' && s[i] <= 'f'))) {
			return false;
		} else if (s[i] != '0') {
			nonzero = true;
		}
	}
	return nonzero;
}

static void set_attr_num(struct local_ctx *c, cJSON *o, const char *dir,
			 const char *file, const char *key, double scale)
{
	char path[512], src[600], buf[64], *e;
	long long v;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (local_attr_opt(c, path, buf, sizeof(buf)) < 0)
		return;
	v = strtoll(buf, &e, 10);
	if (e == buf || *e || v <= 0)
		return;	/* speed -1: unknown (no link) */
	facts_set_num(o, key, (double)v * scale,
		      local_src(src, sizeof(src), path));
}

static void states(struct local_ctx *c, cJSON *o, const char *dir)
{
	char path[512], src[600], buf[64], carrier[8];
	const char *w;
	long long flags;
	bool up = false;

	snprintf(path, sizeof(path), "%s/flags", dir);
	if (local_attr(c, path, buf, sizeof(buf)) == 0) {
		flags = strtoll(buf, NULL, 0);
		up = flags & 1;	/* IFF_UP */
		facts_set_str(o, "admin", up ? "up" : "down",
			      local_src(src, sizeof(src), path));
	}
	snprintf(path, sizeof(path), "%s/operstate", dir);
	if (local_attr(c, path, buf, sizeof(buf)) == 0 &&
	    (w = oper_word(buf))) {
		local_src(src, sizeof(src), path);
		/* Drivers without RFC 2863 states (lo, tun) say "unknown";
		 * an interface that is up with a carrier is up. */
		snprintf(path, sizeof(path), "%s/carrier", dir);
		if (strcmp(w, "unknown") == 0 && up &&
		    local_attr_opt(c, path, carrier, sizeof(carrier)) == 0 &&
		    strcmp(carrier, "1") == 0) {
			w = "up";
			local_src(src, sizeof(src), path);
		}
		facts_set_str(o, "oper", w, src);
	}
	snprintf(path, sizeof(path), "%s/duplex", dir);
	if (local_attr_opt(c, path, buf, sizeof(buf)) == 0 &&
	    (strcmp(buf, "full") == 0 || strcmp(buf, "half") == 0 ||
	     strcmp(buf, "unknown") == 0))
		facts_set_str(o, "duplex", buf,
			      local_src(src, sizeof(src), path));
}

static void identity(struct local_ctx *c, cJSON *o, const char *name,
		     const char *dir)
{
	char path[512], src[600], buf[LOCAL_ATTR_MAX];
	const char *type;

	facts_set_str(o, "name", name, NULL);
	set_attr_num(c, o, dir, "ifindex", "index", 1);
	snprintf(path, sizeof(path), "%s/ifalias", dir);
	if (local_attr_opt(c, path, buf, sizeof(buf)) == 0 && buf[0])
		facts_set_str(o, "alias", buf,
			      local_src(src, sizeof(src), path));
	if ((type = if_type(c, dir, src, sizeof(src))))
		facts_set_str(o, "type", type, src);
	set_attr_num(c, o, dir, "mtu", "mtu", 1);
	set_attr_num(c, o, dir, "speed", "speed_bps", 1e6);
	snprintf(path, sizeof(path), "%s/address", dir);
	if (local_attr_opt(c, path, buf, sizeof(buf)) == 0 && is_mac(buf))
		facts_set_str(o, "mac", buf, local_src(src, sizeof(src), path));
}

static int read_counter(struct local_ctx *c, const char *dir,
			const char *file, unsigned long long *v)
{
	char path[512], buf[64], *e;

	snprintf(path, sizeof(path), "%s/statistics/%s", dir, file);
	if (local_attr_opt(c, path, buf, sizeof(buf)) < 0)
		return -1;
	*v = strtoull(buf, &e, 10);
	return e == buf || *e ? -1 : 0;
}

/* The first sample's value of counter k for name, or -1. */
static int first_value(const char *first, const char *name, int k,
		       unsigned long long *v)
{
	size_t nl = strlen(name);
	const char *line = first;

	while (line && *line) {
		if (strncmp(line, name, nl) == 0 && line[nl] == ' ') {
			const char *p = line + nl;

			for (int i = 0; i <= k; i++) {
				char *e;

				*v = strtoull(p, &e, 10);
				if (e == p)
					return -1;
				p = e;
			}
			return 0;
		}
		line = strchr(line, '\n');
		line = line ? line + 1 : NULL;
	}
	return -1;
}

static void stats(struct local_ctx *c, cJSON *o, const char *name,
		  const char *dir, const char *first, double secs)
{
	bool rated = false;

	for (size_t k = 0; k < sizeof(counters) / sizeof(counters[0]); k++) {
		char path[512], src[600];
		unsigned long long v, v0;

		if (read_counter(c, dir, counters[k].file, &v) < 0)
			continue;
		snprintf(path, sizeof(path), "%s/statistics/%s", dir,
			 counters[k].file);
		facts_set_num(o, counters[k].key, (double)v,
			      local_src(src, sizeof(src), path));
		if (!counters[k].rate || !first ||
		    first_value(first, name, (int)k, &v0) < 0 || v < v0)
			continue;	/* reset or wrapped: no rate */
		facts_set_num(o, counters[k].rate, (double)(v - v0) / secs,
			      "derived:counter delta/interval_s");
		rated = true;
	}
	if (rated)
		facts_set_num(o, "interval_s", secs, "derived:sample interval");
}

char *local_net_counters(struct local_ctx *c)
{
	size_t n;
	int err;
	char **ent;
	struct sbuf b;

	if (!c->live)
		return NULL;
	ent = local_list_dir(c, NET_DIR, &n, &err);
	if (!ent)
		return NULL;
	sbuf_init(&b, 1u << 20);
	for (size_t i = 0; i < n; i++) {
		char dir[512];

		snprintf(dir, sizeof(dir), NET_DIR "/%s", ent[i]);
		sbuf_adds(&b, ent[i]);
		for (int k = 0; k < NRATES; k++) {
			unsigned long long v;

			if (read_counter(c, dir, counters[k].file, &v) < 0)
				break;
			sbuf_addf(&b, " %llu", v);
		}
		sbuf_addc(&b, '\n');
	}
	local_free_list(ent, n);
	return sbuf_steal(&b);
}

void local_collect_interfaces(struct local_ctx *c, struct local_samples *s)
{
	size_t n;
	int err;
	char **ent = local_list_dir(c, NET_DIR, &n, &err);
	double secs = 0;
	const char *first = local_samples_net(s, &secs);

	if (!ent) {
		if (err == ENOENT)
			local_absent(c, "interfaces: no " NET_DIR);
		else
			local_fail(c, NET_DIR, strerror(err));
		return;
	}
	facts_list(c->facts, "interfaces");
	for (size_t i = 0; i < n; i++) {
		char dir[512], path[600], buf[32];
		cJSON *o;

		snprintf(dir, sizeof(dir), NET_DIR "/%s", ent[i]);
		snprintf(path, sizeof(path), "%s/ifindex", dir);
		if (local_attr_opt(c, path, buf, sizeof(buf)) < 0)
			continue;	/* bonding_masters and the like */
		o = facts_list_add(c->facts, "interfaces");
		identity(c, o, ent[i], dir);
		states(c, o, dir);
		stats(c, o, ent[i], dir, first, secs);
	}
	local_free_list(ent, n);
}
