/* snmp_collect.c - see snmp_collect.h */
#include "config.h"
#include "snmp_collect.h"
#include "error.h"
#include "facts.h"
#include "log.h"
#include "snmp.h"
#include "snmp_identity.h"
#include "snmp_map.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OID_SYSTEM "1.3.6.1.2.1.1"
#define ENT_TABLE "entPhysicalTable"	/* as collectors/snmp/maps/ names it */

static bool snmp_wanted(const struct target *t)
{
	return t->snmp.enabled;
}

static char *vb_text(const struct snmp_vb *vb)
{
	char buf[32];

	switch (vb->type) {
	case SV_STR:
	case SV_OID:
	case SV_IPADDR:
		return text_clean(vb->s, vb->slen);
	case SV_INT:
		snprintf(buf, sizeof(buf), "%lld", (long long)vb->i);
		return strdup(buf);
	case SV_UINT:
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)vb->u);
		return strdup(buf);
	default:
		return NULL;
	}
}

static void src_of(const struct snmp_vb *vb, char *buf, size_t n)
{
	char oid[512];

	snprintf(buf, n, "snmp:%s",
		 snmp_oid_format(vb->oid, vb->oid_len, oid, sizeof(oid)));
}

struct sys_vals {
	char *descr;
	char *object_id;
	char *name;
	char *contact;
	char *location;
	double uptime_s;
	bool have_uptime;
	char src[6][300];
};

static void sys_vals_free(struct sys_vals *s)
{
	free(s->descr);
	free(s->object_id);
	free(s->name);
	free(s->contact);
	free(s->location);
}

static void replace_text(char **dst, const struct snmp_vb *vb)
{
	free(*dst);
	*dst = vb_text(vb);
}

/* GET the system group; its failure is the device's failure. */
static enum src_status read_system(const struct snmp_agent *a,
				   struct sys_vals *sv, struct si_error *err)
{
	static const char *const oids[] = {
		OID_SYSTEM ".1.0", OID_SYSTEM ".2.0", OID_SYSTEM ".3.0",
		OID_SYSTEM ".4.0", OID_SYSTEM ".5.0", OID_SYSTEM ".6.0",
	};
	struct snmp_vblist l = {0};
	enum src_status st = a->get(a->ctx, oids, 6, &l, err);

	for (size_t i = 0; st == SRC_OK && i < l.n; i++) {
		const struct snmp_vb *vb = &l.v[i];
		unsigned col = vb->oid_len == 9 ? vb->oid[7] : 0;

		if (vb->type == SV_ABSENT || col < 1 || col > 6)
			continue;
		src_of(vb, sv->src[col - 1], sizeof(sv->src[0]));
		/* an agent may answer an object twice: the last one counts,
		 * as its src says */
		switch (col) {
		case 1: replace_text(&sv->descr, vb); break;
		case 2: replace_text(&sv->object_id, vb); break;
		case 3:
			sv->uptime_s = (double)vb->u / 100.0;
			sv->have_uptime = vb->type == SV_UINT;
			break;
		case 4: replace_text(&sv->contact, vb); break;
		case 5: replace_text(&sv->name, vb); break;
		case 6: replace_text(&sv->location, vb); break;
		}
	}
	snmp_vblist_free(&l);
	if (st == SRC_OK && !sv->descr && !sv->object_id) {
		si_error_set(err, NULL, 0, 0, "the agent answers but has no "
			     "system group (sysDescr, sysObjectID)");
		st = SRC_PROTOCOL_ERROR;
	}
	return st;
}

static bool nonempty(const char *s)
{
	return s && *s;
}

static long long ent_class(const struct snmp_map_run *run, size_t i)
{
	long long cls;

	return snmp_map_run_int(run, ENT_TABLE, i, "class", &cls) ? cls : 0;
}

static bool ent_has(const struct snmp_map_run *run, size_t i, const char *col)
{
	char *v = snmp_map_run_text(run, ENT_TABLE, i, col, NULL, 0);
	bool ok = nonempty(v);

	free(v);
	return ok;
}

/* The entPhysicalTable row that stands for the device: the first chassis
 * with a model name, else the first chassis, else (partial walks without
 * entPhysicalClass, stacks without a chassis row) the first chassis,
 * module or stack row with a model name, else the first stack row, else
 * the first row.  -1 when there is no table. */
static long identity_row(const struct snmp_map_run *run)
{
	size_t n = run ? snmp_map_run_rows(run, ENT_TABLE) : 0;
	long first3 = -1, model_any = -1, first11 = -1;

	for (size_t i = 0; i < n; i++) {
		long long cls = ent_class(run, i);
		bool model = ent_has(run, i, "model");

		if (cls == 3 && model)
			return (long)i;
		if (cls == 3 && first3 < 0)
			first3 = (long)i;
		if (cls == 11 && first11 < 0)
			first11 = (long)i;
		if (model && model_any < 0 &&
		    (cls == 0 || cls == 3 || cls == 9 || cls == 11))
			model_any = (long)i;
	}
	if (first3 >= 0)
		return first3;
	if (model_any >= 0)
		return model_any;
	if (first11 >= 0)
		return first11;
	return n ? 0 : -1;
}

/* Sets key from entPhysicalTable row i, column col, when it has text. */
static bool set_from_ent(cJSON *obj, const char *key,
			 const struct snmp_map_run *run, long i,
			 const char *col)
{
	char src[300];
	char *v;
	bool ok;

	if (i < 0 || cJSON_GetObjectItemCaseSensitive(obj, key))
		return cJSON_GetObjectItemCaseSensitive(obj, key) != NULL;
	v = snmp_map_run_text(run, ENT_TABLE, (size_t)i, col, src,
			      sizeof(src));
	ok = nonempty(v);
	if (ok)
		facts_set_str(obj, key, v, src);
	free(v);
	return ok;
}

/* The software revision of the identity row, else of the first module or
 * chassis that has one (Huawei, Cisco SB keep the version only there). */
static void version_from_ent(cJSON *os, const struct snmp_map_run *run,
			     long row)
{
	size_t n = snmp_map_run_rows(run, ENT_TABLE);

	if (set_from_ent(os, "version", run, row, "sw_rev"))
		return;
	for (size_t i = 0; i < n; i++) {
		long long cls = ent_class(run, i);

		if ((cls == 3 || cls == 9 || cls == 11) &&
		    set_from_ent(os, "version", run, (long)i, "sw_rev"))
			return;
	}
}

/* What sysDescr and sysObjectID say: the identity rules' work. */
static void put_identity(cJSON *facts, const struct sys_vals *sv,
			 const struct snmp_identity *id)
{
	cJSON *sys = facts_obj(facts, "system"), *os;

	facts_set_str(sys, "hostname", sv->name, sv->src[4]);
	facts_set_str(sys, "description", sv->descr, sv->src[0]);
	facts_set_str(sys, "sys_object_id", sv->object_id, sv->src[1]);
	facts_set_str(sys, "contact", sv->contact, sv->src[3]);
	facts_set_str(sys, "location", sv->location, sv->src[5]);
	if (sv->have_uptime)
		facts_set_num(sys, "uptime_s", sv->uptime_s, sv->src[2]);
	facts_set_str(sys, "vendor", id->vendor,
		      id->vendor ? sv->src[1] : NULL);
	facts_set_str(sys, "model", id->model, sv->src[0]);
	os = facts_obj(facts, "system.os");
	facts_set_str(os, "family", id->family, id->family ? sv->src[0] : NULL);
	facts_set_str(os, "version", id->version, sv->src[0]);
}

/* What is still unknown after sysDescr and the vendor MIB maps, from the
 * ENTITY-MIB row that stands for the device: the model the OS names in
 * sysDescr wins over ENTITY-MIB's, which is often an orderable part number
 * (H3C "LS-6850-56HF") or, in mixed captures, another unit. */
static void put_identity_entity(cJSON *facts, const struct snmp_map_run *run)
{
	cJSON *sys = facts_obj(facts, "system");
	long row = run ? identity_row(run) : -1;

	if (row < 0)
		return;
	if (!set_from_ent(sys, "model", run, row, "model"))
		set_from_ent(sys, "model", run, row, "descr");
	set_from_ent(sys, "serial", run, row, "serial");
	version_from_ent(facts_obj(facts, "system.os"), run, row);
}

/* Drops system.os when nothing filled it. */
static void tidy_identity(cJSON *facts)
{
	cJSON *sys = (cJSON *)facts_get(facts, "system");
	cJSON *os = cJSON_GetObjectItemCaseSensitive(sys, "os");

	if (os && cJSON_GetArraySize(os) == 0)
		cJSON_DeleteItemFromObjectCaseSensitive(sys, "os");
}

enum src_status snmp_collect_from(const struct snmp_agent *a, cJSON *facts,
				  const struct snmp_collect_opts *o)
{
	struct sys_vals sv = {0};
	struct snmp_identity id = {0};
	struct snmp_map_run *run = NULL;
	const struct snmp_maps *maps;
	struct si_error err;
	cJSON *source = facts_source(facts, "snmp", SRC_OK, NULL, -1);
	enum src_status st;

	si_error_clear(&err);
	st = read_system(a, &sv, &err);
	if (st != SRC_OK) {
		facts_source(facts, "snmp", st, err.msg, -1);
		sys_vals_free(&sv);
		return st;
	}
	if (snmp_identify(sv.descr, sv.object_id, &id, &err) < 0)
		log_error("snmp", "identity rules: %s", err.msg);
	maps = snmp_maps_default(&err);
	if (maps) {
		struct snmp_map_device dev = {
			.name = o->name, .vendor = id.vendor,
			.family = id.family, .object_id = sv.object_id,
			.uptime_s = sv.uptime_s, .have_uptime = sv.have_uptime,
			.deadline_ms = o->deadline_ms, .cancel = o->cancel,
			.rate_interval_s = o->rate_interval_s,
		};

		run = snmp_map_run_walk(maps, a, &dev);
	}
	put_identity(facts, &sv, &id);
	if (run) {
		snmp_map_run_emit(run, facts);
		put_identity_entity(facts, run);
		st = snmp_map_run_report(run, source);
	} else {
		cJSON *failed = cJSON_AddArrayToObject(source, "failed");
		cJSON *f = cJSON_CreateObject();

		cJSON_AddStringToObject(f, "what", "MIB maps");
		cJSON_AddStringToObject(f, "status", "error");
		cJSON_AddStringToObject(f, "error", maps ? "out of memory"
							 : err.msg);
		cJSON_AddItemToArray(failed, f);
		st = SRC_PARTIAL;
	}
	tidy_identity(facts);
	facts_source(facts, "snmp", st, NULL, -1);
	snmp_map_run_free(run);
	snmp_identity_free(&id);
	sys_vals_free(&sv);
	return st;
}

static enum src_status snmp_collect(struct collect_job *job)
{
	const struct target *t = job->target;
	struct snmp_collect_opts o = {
		.name = t->name,
		.rate_interval_s = t->snmp.rate_interval_s,
		.deadline_ms = job->deadline_ms,
		.cancel = job->cancel,
	};
	struct snmp_agent a;
	struct snmp_client *c;
	struct si_error err;
	enum src_status st;
	long t0 = collect_now_ms();
	cJSON *source, *tr;

	si_error_clear(&err);
	c = snmp_client_open(t, &st, &err);
	if (!c) {
		facts_source(job->facts, "snmp", st, err.msg, 0);
		return st;
	}
	snmp_agent_of_client(&a, c);
	st = snmp_collect_from(&a, job->facts, &o);
	source = (cJSON *)facts_get(job->facts, "sources.snmp");
	cJSON_AddNumberToObject(source, "elapsed_ms",
				(double)(collect_now_ms() - t0));
	tr = cJSON_AddObjectToObject(source, "transport");
	cJSON_AddStringToObject(tr, "version", snmp_client_version(c));
	cJSON_AddNumberToObject(tr, "port", t->snmp.port);
	snmp_client_close(c);
	return st;
}

const struct collector snmp_collector = {
	.name = "snmp",
	.wanted = snmp_wanted,
	.collect = snmp_collect,
};
