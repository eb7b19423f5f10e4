/* device.c - one facts document -> one device object of report.json.
 *
 * Only what the report shows is copied, field by field and type-checked,
 * into shapes declared in report/schema/report.schema.json; provenance
 * ("src") stays in facts.json, and configuration is summarised, never
 * copied (it is where secrets would live). */
#include "config.h"
#include "report_int.h"
#include "model.h"
#include "sbuf.h"
#include "jsonio.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define BIG 1e15	/* bounds for counts and sizes: any sane value */
#define TEMP_MIN (-273.0)
#define TEMP_MAX 10000.0

static const char *const module_classes[] = {
	"chassis", "module", "stack_member", "supervisor", "psu", "fan",
	"port", "sensor", "container", "other", NULL,
};
static const char *const roles[] = {"active", "standby", "member", "none",
				    NULL};
static const char *const alarm_sevs[] = {"critical", "major", "minor",
					 "warning", "indeterminate", NULL};
static const char *const syslog_sevs[] = {
	"emergency", "alert", "critical", "error", "warning", "notice",
	"informational", "debug", NULL,
};

/* ---- collection status ------------------------------------------------ */

static cJSON *collection_entry(const char *collector, const cJSON *s)
{
	cJSON *e = cJSON_CreateObject(), *fl;
	const cJSON *x;
	const char *status = rj_str(s, "status");

	if (!e)
		return NULL;
	cJSON_AddStringToObject(e, "collector", collector);
	cJSON_AddStringToObject(e, "status",
				status && src_status_parse(status) >= 0
					? status : "error");
	rj_copy_str(e, "error", s, "error");
	rj_copy_int(e, "elapsed_ms", s, "elapsed_ms", 0, BIG);
	rj_copy_str(e, "profile", s, "profile");
	if (rj_arr(s, "failed")) {
		fl = cJSON_AddArrayToObject(e, "failed");
		cJSON_ArrayForEach(x, rj_arr(s, "failed")) {
			cJSON *f;

			if (!rj_str(x, "what"))
				continue;
			f = cJSON_CreateObject();
			rj_copy_str(f, "what", x, "what");
			status = rj_str(x, "status");
			cJSON_AddStringToObject(f, "status",
						status && src_status_parse(status) >= 0
							? status : "error");
			rj_copy_str(f, "error", x, "error");
			json_add(fl, NULL, f);
		}
	}
	if (rj_arr(s, "absent")) {
		fl = cJSON_AddArrayToObject(e, "absent");
		cJSON_ArrayForEach(x, rj_arr(s, "absent"))
			if (cJSON_IsString(x) && x->valuestring[0])
				json_add(fl, NULL, cJSON_CreateString(
						     x->valuestring));
	}
	return e;
}

/* "ssh (partial): display fan (timeout); snmp (timeout): no answer" */
static void add_reason(struct sbuf *r, const cJSON *e)
{
	const char *st = rj_str(e, "status"), *why = rj_str(e, "error");
	const cJSON *f;

	/* an entry without its status or collector (out of memory): the
	 * document has a hole already (json_nomem()) */
	if (!st || !rj_str(e, "collector") || strcmp(st, "ok") == 0 ||
	    strcmp(st, "skipped") == 0)
		return;
	sbuf_addf(r, "%s%s (%s)", r->len ? "; " : "", rj_str(e, "collector"),
		  st);
	if (why)
		sbuf_addf(r, ": %s", why);
	cJSON_ArrayForEach(f, rj_arr(e, "failed"))
		sbuf_addf(r, "%s%s (%s)", f == rj_arr(e, "failed")->child
					    ? (why ? " - " : ": ") : ", ",
			  rj_str(f, "what"), rj_str(f, "status"));
}

/* status: the worst source status (an unreached one wins over partial,
 * partial over ok, ok over skipped); reached: some collector got data;
 * status_reason: what went wrong, in the collectors' words. */
static void add_collection(cJSON *d, const cJSON *sources)
{
	cJSON *col = cJSON_AddArrayToObject(d, "collection");
	const char *status = NULL;
	const cJSON *s;
	bool reached = false, any = false, partial = false;
	struct sbuf reason;

	sbuf_init(&reason, 4000);
	cJSON_ArrayForEach(s, sources) {
		cJSON *e;
		int code;

		if (!cJSON_IsObject(s) || !s->string || !s->string[0])
			continue;
		e = collection_entry(s->string, s);
		if (json_add(col, NULL, e) < 0 || !rj_str(e, "status"))
			continue;	/* out of memory: json_nomem() */
		code = src_status_parse(rj_str(e, "status"));
		any = true;
		reached |= code == SRC_OK || code == SRC_PARTIAL;
		partial |= code == SRC_PARTIAL;
		if (src_status_unreached((enum src_status)code) && !status)
			status = rj_str(e, "status");
		add_reason(&reason, e);
	}
	if (!status)
		status = partial ? "partial" : reached ? "ok"
				   : any ? "skipped" : "error";
	cJSON_AddStringToObject(d, "status", status);
	cJSON_AddBoolToObject(d, "reached", reached);
	if (reason.len)
		cJSON_AddStringToObject(d, "status_reason", sbuf_str(&reason));
	else if (!any)
		cJSON_AddStringToObject(d, "status_reason",
					"no collector result recorded");
	if (reason.nomem)
		json_nomem_note();
	sbuf_free(&reason);
}

/* ---- identity, environment ------------------------------------------- */

static cJSON *identity(const cJSON *sys)
{
	const cJSON *os = rj_obj(sys, "os");
	cJSON *id = cJSON_CreateObject();

	rj_copy_str(id, "hostname", sys, "hostname");
	rj_copy_str(id, "vendor", sys, "vendor");
	rj_copy_str(id, "model", sys, "model");
	rj_copy_str(id, "serial", sys, "serial");
	rj_copy_str(id, "os_family", os, "family");
	rj_copy_str(id, "os_version", os, "version");
	rj_copy_str(id, "os_patch", os, "patch");
	rj_copy_num(id, "uptime_s", sys, "uptime_s", 0, BIG);
	rj_copy_str(id, "description", sys, "description");
	rj_copy_str(id, "location", sys, "location");
	rj_copy_str(id, "contact", sys, "contact");
	return id;
}

static const char *temp_level(const cJSON *t)
{
	double c, hi, crit;

	if (!rj_num(t, "celsius", &c))
		return NULL;
	if (rj_num(t, "critical", &crit) && c >= crit)
		return "critical";
	if (rj_num(t, "high", &hi) && c >= hi)
		return "warning";
	if (rj_num(t, "high", &hi) || rj_num(t, "critical", &crit))
		return "ok";
	return NULL;
}

static void add_temps(cJSON *env, const cJSON *src, double *max)
{
	cJSON *list = cJSON_AddArrayToObject(env, "temperatures");
	const cJSON *t;

	cJSON_ArrayForEach(t, src) {
		cJSON *o;
		double c;

		if (!rj_str(t, "name"))
			continue;
		o = cJSON_CreateObject();
		rj_copy_str(o, "name", t, "name");
		rj_copy_num(o, "celsius", t, "celsius", TEMP_MIN, TEMP_MAX);
		rj_copy_num(o, "high", t, "high", TEMP_MIN, TEMP_MAX);
		rj_copy_num(o, "critical", t, "critical", TEMP_MIN, TEMP_MAX);
		rj_copy_num(o, "low", t, "low", TEMP_MIN, TEMP_MAX);
		rj_copy_enum(o, "status", t, "status", component_statuses);
		if (temp_level(o))
			cJSON_AddStringToObject(o, "level", temp_level(o));
		if (rj_num(o, "celsius", &c) && c > *max)
			*max = c;
		json_add(list, NULL, o);
	}
}

static int add_components(cJSON *env, const char *key, const cJSON *src,
			  bool psu)
{
	cJSON *list = cJSON_AddArrayToObject(env, key);
	const cJSON *t;
	int failed = 0;

	cJSON_ArrayForEach(t, src) {
		cJSON *o;
		const char *st;

		if (!rj_str(t, "name"))
			continue;
		o = cJSON_CreateObject();
		rj_copy_str(o, "name", t, "name");
		rj_copy_enum(o, "status", t, "status", component_statuses);
		if (psu) {
			rj_copy_str(o, "model", t, "model");
			rj_copy_str(o, "serial", t, "serial");
			rj_copy_num(o, "watts", t, "watts", 0, BIG);
			rj_copy_num(o, "capacity_watts", t, "capacity_watts", 0,
				    BIG);
			rj_copy_num(o, "input_volts", t, "input_volts", 0, BIG);
		} else {
			rj_copy_num(o, "rpm", t, "rpm", 0, BIG);
			rj_copy_num(o, "speed_pct", t, "speed_pct", 0, 100);
		}
		st = rj_str(o, "status");
		failed += st && strcmp(st, "failed") == 0;
		json_add(list, NULL, o);
	}
	return failed;
}

static void add_voltages(cJSON *env, const cJSON *src)
{
	cJSON *list = cJSON_AddArrayToObject(env, "voltages");
	const cJSON *t;

	cJSON_ArrayForEach(t, src) {
		cJSON *o;

		if (!rj_str(t, "name"))
			continue;
		o = cJSON_CreateObject();
		rj_copy_str(o, "name", t, "name");
		rj_copy_num(o, "volts", t, "volts", -BIG, BIG);
		rj_copy_num(o, "low", t, "low", -BIG, BIG);
		rj_copy_num(o, "high", t, "high", -BIG, BIG);
		rj_copy_enum(o, "status", t, "status", component_statuses);
		json_add(list, NULL, o);
	}
}

static cJSON *load(const cJSON *src, bool mem)
{
	static const char *const cpu_keys[] = {
		"load_pct", "load_5s_pct", "load_1min_pct", "load_5min_pct",
		NULL,
	};
	cJSON *o = cJSON_CreateObject(), *units;
	const cJSON *u;

	if (mem) {
		rj_copy_num(o, "used_pct", src, "used_pct", 0, 100);
		rj_copy_int(o, "total_bytes", src, "total_bytes", 0, DBL_MAX);
		rj_copy_int(o, "used_bytes", src, "used_bytes", 0, DBL_MAX);
	} else {
		for (int i = 0; cpu_keys[i]; i++)
			rj_copy_num(o, cpu_keys[i], src, cpu_keys[i], 0, 100);
	}
	if (rj_arr(src, "per_unit")) {
		units = cJSON_AddArrayToObject(o, "per_unit");
		cJSON_ArrayForEach(u, rj_arr(src, "per_unit")) {
			cJSON *x;

			if (!rj_str(u, "name"))
				continue;
			x = cJSON_CreateObject();
			rj_copy_str(x, "name", u, "name");
			rj_copy_num(x, mem ? "used_pct" : "load_pct", u,
				    mem ? "used_pct" : "load_pct", 0, 100);
			json_add(units, NULL, x);
		}
	}
	return o;
}

/* environment -> device.environment; the summary figures on the way. */
static void add_environment(cJSON *d, cJSON *sum, const cJSON *env)
{
	cJSON *e;
	double tmax = -DBL_MAX, v;

	if (!env)
		return;
	e = cJSON_AddObjectToObject(d, "environment");
	if (rj_arr(env, "temperatures"))
		add_temps(e, rj_arr(env, "temperatures"), &tmax);
	if (rj_arr(env, "fans"))
		cJSON_AddNumberToObject(sum, "fans_failed",
					add_components(e, "fans",
						       rj_arr(env, "fans"),
						       false));
	if (rj_arr(env, "power_supplies"))
		cJSON_AddNumberToObject(
			sum, "power_supplies_failed",
			add_components(e, "power_supplies",
				       rj_arr(env, "power_supplies"), true));
	if (rj_arr(env, "voltages"))
		add_voltages(e, rj_arr(env, "voltages"));
	if (rj_obj(env, "cpu"))
		json_add(e, "cpu", load(rj_obj(env, "cpu"), false));
	if (rj_obj(env, "memory"))
		json_add(e, "memory",
			 load(rj_obj(env, "memory"), true));
	if (tmax > -DBL_MAX)
		cJSON_AddNumberToObject(sum, "temperature_max_c", tmax);
	if (rj_num(rj_get(e, "cpu"), "load_pct", &v))
		cJSON_AddNumberToObject(sum, "cpu_load_pct", v);
	if (rj_num(rj_get(e, "memory"), "used_pct", &v))
		cJSON_AddNumberToObject(sum, "memory_used_pct", v);
}

/* ---- hardware ---------------------------------------------------------- */

static cJSON *module(const cJSON *m)
{
	static const char *const strs[] = {"name", "description", "model",
					   "serial", "hw_rev", "fw_rev",
					   "sw_rev", "parent", NULL};
	cJSON *o = cJSON_CreateObject();

	for (int i = 0; strs[i]; i++)
		rj_copy_str(o, strs[i], m, strs[i]);
	rj_copy_enum(o, "class", m, "class", module_classes);
	rj_copy_enum(o, "status", m, "status", component_statuses);
	rj_copy_enum(o, "role", m, "role", roles);
	return o;
}

/* A DOM reading: a number or a list of numbers (per lane). */
static void copy_dom(cJSON *o, const char *key, const cJSON *src)
{
	const cJSON *v = rj_get(src, key), *x;
	double n;
	cJSON *list;

	if (rj_num(src, key, &n)) {
		cJSON_AddNumberToObject(o, key, n);
		return;
	}
	if (!cJSON_IsArray(v) || !v->child)
		return;
	cJSON_ArrayForEach(x, v)
		if (!cJSON_IsNumber(x) || !isfinite(x->valuedouble))
			return;
	list = cJSON_AddArrayToObject(o, key);
	cJSON_ArrayForEach(x, v)
		json_add(list, NULL, cJSON_CreateNumber(x->valuedouble));
}

static cJSON *transceiver(const cJSON *t)
{
	static const char *const strs[] = {"port", "type", "vendor", "part",
					   "serial", NULL};
	static const char *const dom[] = {"temp_c", "volts", "bias_ma",
					  "tx_dbm", "rx_dbm", NULL};
	static const char *const thr[] = {"high_alarm", "low_alarm",
					  "high_warn", "low_warn", NULL};
	cJSON *o = cJSON_CreateObject();
	char key[64];

	for (int i = 0; strs[i]; i++)
		rj_copy_str(o, strs[i], t, strs[i]);
	for (int i = 0; dom[i]; i++) {
		copy_dom(o, dom[i], t);
		for (int j = 0; thr[j]; j++) {
			snprintf(key, sizeof(key), "%s_%s", dom[i], thr[j]);
			rj_copy_num(o, key, t, key, -BIG, BIG);
		}
	}
	rj_copy_enum(o, "status", t, "status", component_statuses);
	return o;
}

static cJSON *storage(const cJSON *s)
{
	cJSON *o = cJSON_CreateObject();

	rj_copy_str(o, "name", s, "name");
	rj_copy_int(o, "total_bytes", s, "total_bytes", 0, DBL_MAX);
	rj_copy_int(o, "used_bytes", s, "used_bytes", 0, DBL_MAX);
	rj_copy_int(o, "free_bytes", s, "free_bytes", 0, DBL_MAX);
	rj_copy_num(o, "used_pct", s, "used_pct", 0, 100);
	return o;
}

static cJSON *stack_member(const cJSON *m)
{
	const cJSON *id = rj_get(m, "id");
	cJSON *o = cJSON_CreateObject();
	char buf[64];

	if (cJSON_IsNumber(id) && isfinite(id->valuedouble)) {
		snprintf(buf, sizeof(buf), "%.0f", id->valuedouble);
		cJSON_AddStringToObject(o, "id", buf);
	} else {
		rj_copy_str(o, "id", m, "id");
	}
	rj_copy_enum(o, "role", m, "role", roles);
	rj_copy_str(o, "model", m, "model");
	rj_copy_str(o, "serial", m, "serial");
	rj_copy_enum(o, "status", m, "status", component_statuses);
	return o;
}

typedef cJSON *(*norm_fn)(const cJSON *);

static int add_list(cJSON *dst, const char *key, const cJSON *src,
		    const char *required, norm_fn fn)
{
	cJSON *list;
	const cJSON *x;
	int n = 0;

	if (!src)
		return 0;
	list = cJSON_AddArrayToObject(dst, key);
	cJSON_ArrayForEach(x, src) {
		if (!rj_str(x, required) &&
		    !(strcmp(required, "id") == 0 && cJSON_IsNumber(rj_get(x, "id"))))
			continue;
		json_add(list, NULL, fn(x));
		n++;
	}
	return n;
}

static void add_hardware(cJSON *d, cJSON *sum, const cJSON *facts)
{
	const cJSON *hw = rj_obj(facts, "hardware");
	cJSON *h = cJSON_AddObjectToObject(d, "hardware");

	cJSON_AddNumberToObject(sum, "modules",
				add_list(h, "modules", rj_arr(hw, "modules"),
					 "name", module));
	cJSON_AddNumberToObject(sum, "transceivers",
				add_list(h, "transceivers",
					 rj_arr(hw, "transceivers"), "port",
					 transceiver));
	add_list(h, "storage", rj_arr(hw, "storage"), "name", storage);
	add_list(h, "stack_members",
		 rj_arr(rj_obj(facts, "stack"), "members"), "id",
		 stack_member);
}

/* ---- interfaces, alarms, logs, configuration ----------------------------- */

static void add_interfaces(cJSON *sum, const cJSON *ifs)
{
	int total = 0, up = 0, down = 0, errors = 0, errdis = 0;
	const cJSON *i;

	if (!ifs)
		return;
	cJSON_ArrayForEach(i, ifs) {
		const char *admin = rj_str(i, "admin"), *oper = rj_str(i, "oper");
		double e = 0, c = 0;

		total++;
		up += oper && strcmp(oper, "up") == 0;
		down += admin && strcmp(admin, "up") == 0 && oper &&
			strcmp(oper, "up") != 0;
		rj_num(i, "in_errors", &e);
		rj_num(i, "crc", &c);
		errors += e > 0 || c > 0;
		errdis += cJSON_IsTrue(rj_get(i, "err_disabled"));
	}
	cJSON_AddNumberToObject(sum, "interfaces", total);
	cJSON_AddNumberToObject(sum, "interfaces_up", up);
	cJSON_AddNumberToObject(sum, "interfaces_down", down);
	cJSON_AddNumberToObject(sum, "interfaces_with_errors", errors);
	cJSON_AddNumberToObject(sum, "interfaces_err_disabled", errdis);
}

static void add_alarms(cJSON *d, const cJSON *facts)
{
	const cJSON *a, *src = rj_arr(facts, "alarms");
	cJSON *list;

	if (!src)
		return;
	list = cJSON_AddArrayToObject(d, "alarms");
	cJSON_ArrayForEach(a, src) {
		cJSON *o;

		if (!rj_str(a, "text"))
			continue;
		o = cJSON_CreateObject();
		rj_copy_str(o, "text", a, "text");
		rj_copy_str(o, "id", a, "id");
		rj_copy_enum(o, "severity", a, "severity", alarm_sevs);
		rj_copy_str(o, "time", a, "time");
		rj_copy_str(o, "object", a, "object");
		json_add(list, NULL, o);
	}
}

static void add_logs(cJSON *d, const cJSON *facts)
{
	const cJSON *by = rj_obj(rj_obj(facts, "logs"), "by_severity");
	cJSON *o;

	if (!by)
		return;
	o = cJSON_AddObjectToObject(d, "log_counts");
	for (int i = 0; syslog_sevs[i]; i++)
		rj_copy_int(o, syslog_sevs[i], by, syslog_sevs[i], 0, BIG);
}

static void count_list(cJSON *o, const char *key, const cJSON *src,
		       const char *skey)
{
	if (rj_arr(src, skey))
		cJSON_AddNumberToObject(o, key,
					cJSON_GetArraySize(rj_arr(src, skey)));
}

/* Configuration hygiene as yes/no and counts: never a value that could
 * be a secret. */
static void add_config(cJSON *d, const cJSON *facts)
{
	static const char *const flags[] = {
		"saved", "telnet_enabled", "http_enabled", "https_enabled",
		"ssh_enabled", "ntp_synchronized", "aaa", "banner", NULL,
	};
	static const char *const versions[] = {"1", "2c", "3", NULL};
	const cJSON *c = rj_obj(facts, "config"), *v;
	cJSON *o, *vl;

	if (!c)
		return;
	o = cJSON_AddObjectToObject(d, "config");
	for (int i = 0; flags[i]; i++)
		rj_copy_bool(o, flags[i], c, flags[i]);
	count_list(o, "ntp_servers", c, "ntp_servers");
	count_list(o, "syslog_servers", c, "syslog_servers");
	rj_copy_num(o, "exec_timeout_s", c, "exec_timeout_s", 0, BIG);
	if (rj_arr(rj_obj(c, "snmp"), "versions")) {
		vl = cJSON_AddArrayToObject(o, "snmp_versions");
		cJSON_ArrayForEach(v, rj_arr(rj_obj(c, "snmp"), "versions"))
			if (rj_in(versions, cJSON_GetStringValue(v)))
				json_add(vl, NULL,
					 cJSON_CreateString(v->valuestring));
	}
	count_list(o, "snmp_communities", rj_obj(c, "snmp"), "communities");
}

/* ---- the device --------------------------------------------------------- */

static void counts(cJSON *sum, const cJSON *env)
{
	static const char *const lists[] = {"temperatures", "fans",
					    "power_supplies", "voltages", NULL};

	for (int i = 0; lists[i]; i++)
		if (rj_arr(env, lists[i]))
			cJSON_AddNumberToObject(
				sum, lists[i],
				cJSON_GetArraySize(rj_arr(env, lists[i])));
}

cJSON *report_device(const char *name, const cJSON *facts,
		     const cJSON *insp_device)
{
	cJSON *d = cJSON_CreateObject(), *sum;
	const cJSON *dev = rj_obj(facts, "device");

	/* out of memory: NULL, or the object without some keys (cJSON's
	 * failures are remembered: json_nomem()); never one without its
	 * name, which the device list is sorted and indexed by */
	if (!cJSON_AddStringToObject(d, "name", name)) {
		cJSON_Delete(d);
		return NULL;
	}
	if (rj_str(dev, "address"))
		rj_copy_str(d, "address", dev, "address");
	else
		rj_copy_str(d, "address", insp_device, "address");
	rj_copy_str(d, "site", dev, "site");
	rj_copy_time(d, "collected_at", facts, "collected_at");
	if (facts) {
		add_collection(d, rj_obj(facts, "sources"));
	} else {
		add_collection(d, rj_obj(insp_device, "sources"));
		if (cJSON_IsTrue(rj_get(d, "reached"))) {
			json_replace(d, "status",
				     cJSON_CreateString("error"));
			json_replace(d, "reached",
				     cJSON_CreateBool(0));
		}
		cJSON_DeleteItemFromObject(d, "status_reason");
		cJSON_AddStringToObject(d, "status_reason",
					"no facts.json was written for this "
					"device");
	}
	json_add(d, "identity",
		 identity(rj_obj(facts, "system")));
	sum = cJSON_AddObjectToObject(d, "summary");
	add_environment(d, sum, rj_obj(facts, "environment"));
	counts(sum, rj_get(d, "environment"));
	if (facts)
		add_hardware(d, sum, facts);
	add_interfaces(sum, rj_arr(facts, "interfaces"));
	add_alarms(d, facts);
	if (rj_get(d, "alarms"))
		cJSON_AddNumberToObject(sum, "alarms",
					cJSON_GetArraySize(rj_get(d, "alarms")));
	add_logs(d, facts);
	add_config(d, facts);
	return d;
}
