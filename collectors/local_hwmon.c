/* local_hwmon.c - sensors: /sys/class/hwmon, /sys/class/thermal and
 * /sys/class/power_supply, read as the kernel's ABI documents them
 * (Documentation/hwmon/sysfs-interface.rst,
 * Documentation/ABI/testing/sysfs-class-thermal and
 * sysfs-class-power).  Statuses come from the kernel's own alarm and fault
 * files first, then from the thresholds it exposes; never from guesses. */
#include "config.h"
#include "local_int.h"
#include "facts.h"
#include "log.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HWMON_DIR "/sys/class/hwmon"
#define THERMAL_DIR "/sys/class/thermal"
#define PSU_DIR "/sys/class/power_supply"
#define MAX_CHANS 512
#define MAX_TRIPS 32
/* Thresholds at or below absolute zero are drivers' "not set". */
#define ABS_ZERO_MILLI (-273150LL)

static const char *const kind_prefix[] = {
	[HW_TEMP] = "temp", [HW_FAN] = "fan", [HW_IN] = "in",
	[HW_CURR] = "curr", [HW_POWER] = "power",
};

void local_hw_chan_init(struct local_hw_chan *c, enum local_hw_kind kind,
			int index)
{
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->index = index;
	c->alarm = c->min_alarm = c->max_alarm = c->lcrit_alarm = -1;
	c->crit_alarm = c->emergency_alarm = c->fault = -1;
}

static const char *fan_status(const struct local_hw_chan *c)
{
	bool judged = c->fault >= 0 || c->alarm >= 0 || c->min_alarm >= 0 ||
		      c->max_alarm >= 0;
	bool stopped = c->input.has && c->input.v == 0;

	if (c->fault == 1)
		return "failed";
	if (c->alarm == 1 || c->min_alarm == 1)
		return stopped ? "failed" : "warning";
	if (c->max_alarm == 1)
		return "warning";
	if (c->alarm < 0 && c->min_alarm < 0 && c->min.has && c->min.v > 0 &&
	    c->input.has) {
		judged = true;
		if (c->input.v < c->min.v)
			return stopped ? "failed" : "warning";
	}
	if (c->input_unreadable)
		return "unknown";
	return judged ? "ok" : NULL;
}

/* temp, in, curr, power: the critical pair (crit/lcrit/emergency) fails
 * the component, the warning pair (max/min) warns.  A threshold is
 * compared with the reading only where the chip has no alarm file that
 * covers it (its own, or the channel's generic *_alarm for min/max). */
static const char *level_status(const struct local_hw_chan *c)
{
	bool judged = c->fault >= 0 || c->alarm >= 0 || c->min_alarm >= 0 ||
		      c->max_alarm >= 0 || c->crit_alarm >= 0 ||
		      c->lcrit_alarm >= 0 || c->emergency_alarm >= 0;
	bool in = c->input.has;
	long long v = c->input.v;
	bool crit = false, warn = false;

	if (c->fault == 1)
		return "failed";
	crit = c->crit_alarm == 1 || c->lcrit_alarm == 1 ||
	       c->emergency_alarm == 1;
	warn = c->alarm == 1 || c->min_alarm == 1 || c->max_alarm == 1;
	if (in && c->crit.has && c->crit_alarm < 0) {
		judged = true;
		crit |= v >= c->crit.v;
	}
	if (in && c->emergency.has && c->emergency_alarm < 0) {
		judged = true;
		crit |= v >= c->emergency.v;
	}
	if (in && c->lcrit.has && c->lcrit_alarm < 0) {
		judged = true;
		crit |= v <= c->lcrit.v;
	}
	if (in && c->max.has && c->max_alarm < 0 && c->alarm < 0) {
		judged = true;
		warn |= v >= c->max.v;
	}
	if (in && c->min.has && c->min_alarm < 0 && c->alarm < 0) {
		judged = true;
		warn |= v <= c->min.v;
	}
	if (crit)
		return "failed";
	if (warn)
		return "warning";
	if (c->input_unreadable)
		return "unknown";
	return judged ? "ok" : NULL;
}

const char *local_hw_status(const struct local_hw_chan *c)
{
	if (c->disabled)
		return NULL;
	return c->kind == HW_FAN ? fan_status(c) : level_status(c);
}

/* ---- reading one chip ---------------------------------------------------- */

struct chip {
	char dir[256];		/* where the attributes are */
	char id[160];		/* name, "-<device>" when the name repeats */
	char name[64];
	struct local_hw_chan *ch;
	size_t nch;
};

static int kind_of(const char *file, int *index, const char **rest)
{
	for (int k = HW_TEMP; k <= HW_POWER; k++) {
		size_t l = strlen(kind_prefix[k]);
		char *end;
		long idx;

		if (strncmp(file, kind_prefix[k], l) != 0 ||
		    file[l] < '0' || file[l] > '9')
			continue;
		idx = strtol(file + l, &end, 10);
		if (*end != '_' || idx < 0 || idx > 100000)
			continue;
		*index = (int)idx;
		*rest = end + 1;
		return k;
	}
	return -1;
}

static void read_val(struct local_ctx *c, const struct chip *chip,
		     const char *attr, struct local_hw_val *v,
		     bool *unreadable)
{
	char path[512];
	int rc;

	snprintf(path, sizeof(path), "%s/%s", chip->dir, attr);
	rc = local_attr_ll(c, path, &v->v);
	v->has = rc == 0;
	if (rc < 0 && rc != -ENOENT && unreadable)
		*unreadable = true;
}

static void read_flag(struct local_ctx *c, const struct chip *chip,
		      const char *attr, int *flag)
{
	struct local_hw_val v;

	read_val(c, chip, attr, &v, NULL);
	*flag = v.has ? (v.v != 0) : -1;
}

static void read_chan(struct local_ctx *c, const struct chip *chip,
		      struct local_hw_chan *h)
{
	static const char *const vals[] = {"min", "max", "lcrit", "crit",
					   "emergency"};
	static const char *const flags[] = {"alarm", "min_alarm",
		"max_alarm", "lcrit_alarm", "crit_alarm", "emergency_alarm",
		"fault"};
	struct local_hw_val *vp[] = {&h->min, &h->max, &h->lcrit, &h->crit,
				     &h->emergency};
	int *fp[] = {&h->alarm, &h->min_alarm, &h->max_alarm,
		     &h->lcrit_alarm, &h->crit_alarm, &h->emergency_alarm,
		     &h->fault};
	const char *p = kind_prefix[h->kind];
	char attr[96], path[512];
	struct local_hw_val en;

	snprintf(attr, sizeof(attr), "%s%d_enable", p, h->index);
	read_val(c, chip, attr, &en, NULL);
	h->disabled = en.has && en.v == 0;
	snprintf(attr, sizeof(attr), "%s%d_input", p, h->index);
	read_val(c, chip, attr, &h->input, &h->input_unreadable);
	if (!h->input.has && !h->input_unreadable && h->kind == HW_POWER) {
		snprintf(attr, sizeof(attr), "%s%d_average", p, h->index);
		read_val(c, chip, attr, &h->input, &h->input_unreadable);
	}
	for (size_t i = 0; i < 5; i++) {
		snprintf(attr, sizeof(attr), "%s%d_%s", p, h->index, vals[i]);
		read_val(c, chip, attr, vp[i], NULL);
		if (h->kind == HW_TEMP && vp[i]->has &&
		    vp[i]->v <= ABS_ZERO_MILLI)
			vp[i]->has = false;
	}
	for (size_t i = 0; i < 7; i++) {
		snprintf(attr, sizeof(attr), "%s%d_%s", p, h->index, flags[i]);
		read_flag(c, chip, attr, fp[i]);
	}
	snprintf(path, sizeof(path), "%s/%s%d_label", chip->dir, p, h->index);
	if (local_attr(c, path, h->label, sizeof(h->label)) < 0)
		h->label[0] = '\0';
}

static int chan_cmp(const void *a, const void *b)
{
	const struct local_hw_chan *x = a, *y = b;

	if (x->kind != y->kind)
		return (int)x->kind - (int)y->kind;
	return x->index - y->index;
}

/* The channels a chip's attribute files name, each read. */
static int read_chip(struct local_ctx *c, struct chip *chip)
{
	size_t n;
	int err;
	char **files = local_list_dir(c, chip->dir, &n, &err);

	if (!files)
		return -1;
	chip->ch = calloc(MAX_CHANS, sizeof(*chip->ch));
	for (size_t i = 0; chip->ch && i < n; i++) {
		const char *rest;
		int idx, k = kind_of(files[i], &idx, &rest);
		bool seen = false;

		if (k < 0)
			continue;
		for (size_t j = 0; j < chip->nch && !seen; j++)
			seen = chip->ch[j].kind == (enum local_hw_kind)k &&
			       chip->ch[j].index == idx;
		if (seen || chip->nch == MAX_CHANS)
			continue;
		local_hw_chan_init(&chip->ch[chip->nch++], k, idx);
	}
	local_free_list(files, n);
	if (!chip->ch)
		return -1;
	qsort(chip->ch, chip->nch, sizeof(*chip->ch), chan_cmp);
	for (size_t j = 0; j < chip->nch; j++)
		read_chan(c, chip, &chip->ch[j]);
	return 0;
}

/* ---- facts --------------------------------------------------------------- */

static void chan_name(const struct chip *chip, const struct local_hw_chan *h,
		      char *buf, size_t n)
{
	if (h->label[0])
		snprintf(buf, n, "%s %s", chip->id, h->label);
	else
		snprintf(buf, n, "%s %s%d", chip->id, kind_prefix[h->kind],
			 h->index);
}

/* The kernel's label alone ("Core 0"), for matching the NOS's own name of
 * the sensor when it uses the same (merge.h: "_alias", never written). */
static void set_alias(cJSON *o, const struct local_hw_chan *h)
{
	if (o && h->label[0])
		cJSON_AddStringToObject(o, "_alias", h->label);
}

static void set_scaled(cJSON *o, const char *key, const struct chip *chip,
		       const struct local_hw_chan *h, const char *attr,
		       long long v, double scale)
{
	char path[512], src[600];

	snprintf(path, sizeof(path), "%s/%s%d_%s", chip->dir,
		 kind_prefix[h->kind], h->index, attr);
	facts_set_num(o, key, (double)v / scale,
		      local_src(src, sizeof(src), path));
}

static void set_status(cJSON *o, const struct chip *chip,
		       const struct local_hw_chan *h)
{
	const char *st = local_hw_status(h);
	char path[512], src[600];

	if (!st)
		return;
	snprintf(path, sizeof(path), "%s/%s%d_*", chip->dir,
		 kind_prefix[h->kind], h->index);
	facts_set_str(o, "status", st, local_src(src, sizeof(src), path));
}

static void add_temp(struct local_ctx *c, const struct chip *chip,
		     const struct local_hw_chan *h)
{
	cJSON *o = facts_list_add(c->facts, "environment.temperatures");
	char name[256];

	chan_name(chip, h, name, sizeof(name));
	facts_set_str(o, "name", name, NULL);
	set_alias(o, h);
	if (h->input.has && h->fault != 1)
		set_scaled(o, "celsius", chip, h, "input", h->input.v, 1000);
	if (h->max.has)
		set_scaled(o, "high", chip, h, "max", h->max.v, 1000);
	if (h->crit.has)
		set_scaled(o, "critical", chip, h, "crit", h->crit.v, 1000);
	else if (h->emergency.has)
		set_scaled(o, "critical", chip, h, "emergency",
			   h->emergency.v, 1000);
	if (h->min.has)
		set_scaled(o, "low", chip, h, "min", h->min.v, 1000);
	set_status(o, chip, h);
}

static void add_fan(struct local_ctx *c, const struct chip *chip,
		    const struct local_hw_chan *h)
{
	cJSON *o = facts_list_add(c->facts, "environment.fans");
	char name[256];

	chan_name(chip, h, name, sizeof(name));
	facts_set_str(o, "name", name, NULL);
	set_alias(o, h);
	if (h->input.has && h->input.v >= 0 && h->fault != 1)
		set_scaled(o, "rpm", chip, h, "input", h->input.v, 1);
	set_status(o, chip, h);
}

static void add_voltage(struct local_ctx *c, const struct chip *chip,
			const struct local_hw_chan *h)
{
	cJSON *o = facts_list_add(c->facts, "environment.voltages");
	char name[256];

	chan_name(chip, h, name, sizeof(name));
	facts_set_str(o, "name", name, NULL);
	set_alias(o, h);
	if (h->input.has && h->fault != 1)
		set_scaled(o, "volts", chip, h, "input", h->input.v, 1000);
	if (h->min.has)
		set_scaled(o, "low", chip, h, "min", h->min.v, 1000);
	else if (h->lcrit.has)
		set_scaled(o, "low", chip, h, "lcrit", h->lcrit.v, 1000);
	if (h->max.has)
		set_scaled(o, "high", chip, h, "max", h->max.v, 1000);
	else if (h->crit.has)
		set_scaled(o, "high", chip, h, "crit", h->crit.v, 1000);
	set_status(o, chip, h);
}

static const struct local_hw_chan *find_label(const struct chip *chip,
					      enum local_hw_kind k,
					      const char *prefix)
{
	for (size_t i = 0; i < chip->nch; i++)
		if (chip->ch[i].kind == k && !chip->ch[i].disabled &&
		    strncmp(chip->ch[i].label, prefix, strlen(prefix)) == 0)
			return &chip->ch[i];
	return NULL;
}

/* A PMBus power supply (Documentation/hwmon/pmbus-core.rst labels: vin,
 * pin, pout1, ...) with a fan of its own, or a driver whose name says
 * "psu"; voltage regulators speak PMBus too but have no fan. */
static bool chip_is_psu(const struct chip *chip)
{
	bool pmbus_power = find_label(chip, HW_POWER, "pout") ||
			   find_label(chip, HW_POWER, "pin");
	bool fan = false;

	for (size_t i = 0; i < chip->nch; i++)
		fan |= chip->ch[i].kind == HW_FAN;
	return pmbus_power && (fan || strstr(chip->name, "psu"));
}

static int rank(const char *st)
{
	if (!st)
		return -1;
	if (strcmp(st, "failed") == 0)
		return 3;
	if (strcmp(st, "warning") == 0)
		return 2;
	if (strcmp(st, "unknown") == 0)
		return 1;
	return 0;
}

static void add_psu(struct local_ctx *c, const struct chip *chip)
{
	cJSON *o = facts_list_add(c->facts, "environment.power_supplies");
	const struct local_hw_chan *vin = find_label(chip, HW_IN, "vin");
	const struct local_hw_chan *pout = find_label(chip, HW_POWER, "pout");
	const char *worst = NULL;
	char path[512], src[600];

	facts_set_str(o, "name", chip->id, NULL);
	if (pout && pout->input.has)
		set_scaled(o, "watts", chip, pout, "input", pout->input.v,
			   1e6);
	if (vin && vin->input.has)
		set_scaled(o, "input_volts", chip, vin, "input", vin->input.v,
			   1000);
	for (size_t i = 0; i < chip->nch; i++) {
		const char *st = local_hw_status(&chip->ch[i]);

		if (rank(st) > rank(worst))
			worst = st;
	}
	/* No input power is redundancy lost, not a broken supply. */
	if (vin && vin->input.has && vin->input.v < 1000)
		worst = "unpowered";
	snprintf(path, sizeof(path), "%s/*", chip->dir);
	if (worst)
		facts_set_str(o, "status", worst,
			      local_src(src, sizeof(src), path));
}

static void chip_facts(struct local_ctx *c, const struct chip *chip)
{
	for (size_t i = 0; i < chip->nch; i++) {
		const struct local_hw_chan *h = &chip->ch[i];

		if (h->disabled)
			continue;
		switch (h->kind) {
		case HW_TEMP: add_temp(c, chip, h); break;
		case HW_FAN: add_fan(c, chip, h); break;
		case HW_IN: add_voltage(c, chip, h); break;
		default: break;	/* curr, power: evidence only, or the PSU */
		}
	}
	if (chip_is_psu(chip))
		add_psu(c, chip);
}

/* Where a chip's attributes are: hwmonN/ itself, or hwmonN/device/ for
 * drivers from before the hwmon class held them. */
static void locate_chip(struct local_ctx *c, const char *entry,
			struct chip *chip)
{
	char path[512], link[128];

	snprintf(chip->dir, sizeof(chip->dir), HWMON_DIR "/%s", entry);
	snprintf(path, sizeof(path), "%s/name", chip->dir);
	if (local_attr(c, path, chip->name, sizeof(chip->name)) < 0) {
		snprintf(path, sizeof(path), HWMON_DIR "/%s/device/name",
			 entry);
		if (local_attr(c, path, chip->name, sizeof(chip->name)) == 0)
			snprintf(chip->dir, sizeof(chip->dir),
				 HWMON_DIR "/%s/device", entry);
		else
			snprintf(chip->name, sizeof(chip->name), "%s", entry);
	}
	snprintf(chip->id, sizeof(chip->id), "%s", chip->name);
	snprintf(path, sizeof(path), HWMON_DIR "/%s/device", entry);
	if (local_link_name(c, path, link, sizeof(link)) == 0)
		snprintf(chip->id + strlen(chip->id),
			 sizeof(chip->id) - strlen(chip->id), " (%s)", link);
	else
		snprintf(chip->id + strlen(chip->id),
			 sizeof(chip->id) - strlen(chip->id), " (%s)", entry);
}

/* A chip's id is its name, with the device (or hwmonN) added only when
 * several chips share the name. */
static void drop_unneeded_suffixes(struct chip *chips, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool dup = false;

		for (size_t j = 0; j < n && !dup; j++)
			dup = j != i && strcmp(chips[i].name, chips[j].name) == 0;
		if (!dup)
			snprintf(chips[i].id, sizeof(chips[i].id), "%s",
				 chips[i].name);
	}
}

void local_collect_hwmon(struct local_ctx *c)
{
	size_t n;
	int err;
	char **ent = local_list_dir(c, HWMON_DIR, &n, &err);
	struct chip *chips;

	if (!ent) {
		if (err == ENOENT)
			local_absent(c, "hwmon: no " HWMON_DIR
				     " (no sensor driver loaded)");
		else
			local_fail(c, HWMON_DIR, strerror(err));
		return;
	}
	if (n == 0)
		local_absent(c, "hwmon: " HWMON_DIR " is empty");
	chips = calloc(n ? n : 1, sizeof(*chips));
	for (size_t i = 0; chips && i < n; i++)
		locate_chip(c, ent[i], &chips[i]);
	if (chips)
		drop_unneeded_suffixes(chips, n);
	for (size_t i = 0; chips && i < n; i++) {
		if (read_chip(c, &chips[i]) == 0)
			chip_facts(c, &chips[i]);
		free(chips[i].ch);
	}
	free(chips);
	local_free_list(ent, n);
}

/* ---- thermal zones ------------------------------------------------------- */

struct trip {
	long long temp;
	bool has;
	char path[256];
};

static void keep_lowest(struct trip *t, long long v, const char *path)
{
	if (!t->has || v < t->temp) {
		t->has = true;
		t->temp = v;
		snprintf(t->path, sizeof(t->path), "%s", path);
	}
}

static void zone_trips(struct local_ctx *c, const char *zdir,
		       struct trip *hot, struct trip *passive,
		       struct trip *crit)
{
	for (int i = 0; i < MAX_TRIPS; i++) {
		char tpath[512], vpath[512], type[32];
		long long v;

		snprintf(tpath, sizeof(tpath), "%s/trip_point_%d_type", zdir, i);
		snprintf(vpath, sizeof(vpath), "%s/trip_point_%d_temp", zdir, i);
		if (local_attr(c, tpath, type, sizeof(type)) < 0)
			break;
		/* 0 is an unprogrammed trip (x86_pkg_temp leaves them so). */
		if (local_attr_ll(c, vpath, &v) < 0 || v <= 0)
			continue;
		if (strcmp(type, "critical") == 0)
			keep_lowest(crit, v, vpath);
		else if (strcmp(type, "hot") == 0)
			keep_lowest(hot, v, vpath);
		else if (strcmp(type, "passive") == 0)
			keep_lowest(passive, v, vpath);
	}
}

static void add_zone(struct local_ctx *c, const char *zone, const char *name)
{
	char zdir[256], path[512], src[600];
	struct trip hot = {0}, passive = {0}, crit = {0}, *high;
	long long t;
	int rc;
	cJSON *o = facts_list_add(c->facts, "environment.temperatures");

	snprintf(zdir, sizeof(zdir), THERMAL_DIR "/%s", zone);
	facts_set_str(o, "name", name, NULL);
	snprintf(path, sizeof(path), "%s/temp", zdir);
	rc = local_attr_ll(c, path, &t);
	if (rc == 0)
		facts_set_num(o, "celsius", (double)t / 1000,
			      local_src(src, sizeof(src), path));
	zone_trips(c, zdir, &hot, &passive, &crit);
	high = hot.has ? &hot : passive.has ? &passive : NULL;
	if (high)
		facts_set_num(o, "high", (double)high->temp / 1000,
			      local_src(src, sizeof(src), high->path));
	if (crit.has)
		facts_set_num(o, "critical", (double)crit.temp / 1000,
			      local_src(src, sizeof(src), crit.path));
	snprintf(path, sizeof(path), "%s/trip_point_*", zdir);
	local_src(src, sizeof(src), path);
	if (rc < 0 && rc != -ENOENT)
		facts_set_str(o, "status", "unknown", src);
	else if (rc == 0 && crit.has && t >= crit.temp)
		facts_set_str(o, "status", "failed", src);
	else if (rc == 0 && high && t >= high->temp)
		facts_set_str(o, "status", "warning", src);
	else if (rc == 0 && (high || crit.has))
		facts_set_str(o, "status", "ok", src);
}

void local_collect_thermal(struct local_ctx *c)
{
	size_t n, nz = 0;
	int err;
	char **ent = local_list_dir(c, THERMAL_DIR, &n, &err);
	char (*types)[64];

	if (!ent) {
		if (err != ENOENT)
			local_fail(c, THERMAL_DIR, strerror(err));
		return;
	}
	types = calloc(n ? n : 1, sizeof(*types));
	for (size_t i = 0; types && i < n; i++) {
		char path[512];

		if (strncmp(ent[i], "thermal_zone", 12) != 0)
			continue;
		nz++;
		snprintf(path, sizeof(path), THERMAL_DIR "/%s/type", ent[i]);
		if (local_attr(c, path, types[i], sizeof(types[i])) < 0)
			snprintf(types[i], sizeof(types[i]), "%s", ent[i]);
	}
	for (size_t i = 0; types && i < n; i++) {
		char name[160];
		bool dup = false;

		if (strncmp(ent[i], "thermal_zone", 12) != 0)
			continue;
		for (size_t j = 0; j < n && !dup; j++)
			dup = j != i && strcmp(types[i], types[j]) == 0;
		if (dup)
			snprintf(name, sizeof(name), "%s (%s)", types[i], ent[i]);
		else
			snprintf(name, sizeof(name), "%s", types[i]);
		add_zone(c, ent[i], name);
	}
	if (nz == 0)
		local_absent(c, "thermal: no thermal zone in " THERMAL_DIR);
	free(types);
	local_free_list(ent, n);
}

/* ---- power_supply class -------------------------------------------------- */

static const char *psu_health(const char *h)
{
	static const char *const warn[] = {"Overheat", "Over voltage", "Cold",
		"Warm", "Cool", "Hot", "Over current", NULL};

	if (strcmp(h, "Good") == 0)
		return "ok";
	if (strcmp(h, "Unknown") == 0)
		return "unknown";
	for (size_t i = 0; warn[i]; i++)
		if (strcmp(h, warn[i]) == 0)
			return "warning";
	return "failed";	/* Dead, Unspecified failure, ... */
}

static void add_supply(struct local_ctx *c, const char *dir, const char *name)
{
	cJSON *o = facts_list_add(c->facts, "environment.power_supplies");
	char path[512], src[600], buf[128];
	long long v;
	const char *st = NULL, *st_path = NULL;
	char hpath[512], ppath[512], opath[512];

	facts_set_str(o, "name", name, NULL);
	snprintf(path, sizeof(path), "%s/model_name", dir);
	if (local_attr(c, path, buf, sizeof(buf)) == 0 && buf[0])
		facts_set_str(o, "model", buf, local_src(src, sizeof(src), path));
	snprintf(path, sizeof(path), "%s/serial_number", dir);
	if (local_attr(c, path, buf, sizeof(buf)) == 0 && buf[0])
		facts_set_str(o, "serial", buf, local_src(src, sizeof(src), path));
	snprintf(path, sizeof(path), "%s/power_now", dir);
	if (local_attr_ll(c, path, &v) == 0 && v >= 0)
		facts_set_num(o, "watts", (double)v / 1e6,
			      local_src(src, sizeof(src), path));
	snprintf(hpath, sizeof(hpath), "%s/health", dir);
	snprintf(ppath, sizeof(ppath), "%s/present", dir);
	snprintf(opath, sizeof(opath), "%s/online", dir);
	if (local_attr_ll(c, ppath, &v) == 0 && v == 0) {
		st = "absent";
		st_path = ppath;
	} else if (local_attr_ll(c, opath, &v) == 0) {
		st = v == 0 ? "unpowered" : "ok";
		st_path = opath;
	}
	if ((!st || strcmp(st, "ok") == 0) &&
	    local_attr(c, hpath, buf, sizeof(buf)) == 0 && buf[0]) {
		st = psu_health(buf);
		st_path = hpath;
	}
	if (st)
		facts_set_str(o, "status", st,
			      local_src(src, sizeof(src), st_path));
}

void local_collect_power_supply(struct local_ctx *c)
{
	size_t n;
	int err;
	char **ent = local_list_dir(c, PSU_DIR, &n, &err);

	if (!ent) {
		if (err != ENOENT)
			local_fail(c, PSU_DIR, strerror(err));
		return;
	}
	for (size_t i = 0; i < n; i++) {
		char dir[256], path[512], type[32];

		snprintf(dir, sizeof(dir), PSU_DIR "/%s", ent[i]);
		snprintf(path, sizeof(path), "%s/type", dir);
		if (local_attr(c, path, type, sizeof(type)) < 0)
			continue;
		/* Batteries and USB ports are not the switch's supplies. */
		if (strcmp(type, "Mains") == 0 || strcmp(type, "UPS") == 0)
			add_supply(c, dir, ent[i]);
	}
	local_free_list(ent, n);
}
