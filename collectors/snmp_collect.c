/* snmp_collect.c - see snmp_collect.h */
#include "config.h"
#include "snmp_collect.h"
#include "error.h"
#include "facts.h"
#include "log.h"
#include "snmp.h"
#include "snmp_identity.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OID_SYSTEM "1.3.6.1.2.1.1"
#define OID_ENT_PHYS "1.3.6.1.2.1.47.1.1.1.1"

/* ENTITY-MIB entPhysicalTable columns read for the inventory. */
enum ent_col {
	ENT_DESCR = 2,
	ENT_CONTAINED_IN = 4,
	ENT_CLASS = 5,
	ENT_NAME = 7,
	ENT_HW_REV = 8,
	ENT_FW_REV = 9,
	ENT_SW_REV = 10,
	ENT_SERIAL = 11,
	ENT_MFG = 12,
	ENT_MODEL = 13,
};

static const int ent_cols[] = {ENT_DESCR, ENT_CONTAINED_IN, ENT_CLASS,
			       ENT_NAME, ENT_HW_REV, ENT_FW_REV, ENT_SW_REV,
			       ENT_SERIAL, ENT_MODEL};
#define NCOLS (sizeof(ent_cols) / sizeof(ent_cols[0]))

struct ent_row {
	unsigned long index;
	long cls;
	unsigned long parent;
	char *col[14];	/* text columns by column number */
};

struct snmp_run {
	struct collect_job *job;
	struct snmp_client *client;
	cJSON *source;	/* facts.sources.snmp */
	cJSON *failed;	/* its "failed" list, created on demand */
	enum src_status worst_table;
};

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

/* A table the device has but could not be read: the source is partial. */
static void table_failed(struct snmp_run *r, const char *what,
			 enum src_status st, const struct si_error *err)
{
	cJSON *f;

	if (!r->failed)
		r->failed = cJSON_AddArrayToObject(r->source, "failed");
	f = cJSON_CreateObject();
	cJSON_AddStringToObject(f, "what", what);
	cJSON_AddStringToObject(f, "status", src_status_name(st));
	cJSON_AddStringToObject(f, "error", err->msg);
	cJSON_AddItemToArray(r->failed, f);
	r->worst_table = SRC_PARTIAL;
	log_info("snmp", "%s: %s: %s", r->job->target->name, what, err->msg);
}

static void absent(struct snmp_run *r, const char *what)
{
	cJSON *a = cJSON_GetObjectItemCaseSensitive(r->source, "absent");

	if (!a)
		a = cJSON_AddArrayToObject(r->source, "absent");
	cJSON_AddItemToArray(a, cJSON_CreateString(what));
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

/* GET the system group; its failure is the device's failure. */
static enum src_status read_system(struct snmp_run *r, struct sys_vals *sv,
				   struct si_error *err)
{
	static const char *const oids[] = {
		OID_SYSTEM ".1.0", OID_SYSTEM ".2.0", OID_SYSTEM ".3.0",
		OID_SYSTEM ".4.0", OID_SYSTEM ".5.0", OID_SYSTEM ".6.0",
	};
	struct snmp_vblist l = {0};
	enum src_status st = snmp_client_get(r->client, oids, 6, &l, err);

	for (size_t i = 0; st == SRC_OK && i < l.n; i++) {
		const struct snmp_vb *vb = &l.v[i];
		unsigned col = vb->oid_len == 9 ? vb->oid[7] : 0;

		if (vb->type == SV_ABSENT || col < 1 || col > 6)
			continue;
		src_of(vb, sv->src[col - 1], sizeof(sv->src[0]));
		switch (col) {
		case 1: sv->descr = vb_text(vb); break;
		case 2: sv->object_id = vb_text(vb); break;
		case 3:
			sv->uptime_s = (double)vb->u / 100.0;
			sv->have_uptime = vb->type == SV_UINT;
			break;
		case 4: sv->contact = vb_text(vb); break;
		case 5: sv->name = vb_text(vb); break;
		case 6: sv->location = vb_text(vb); break;
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

static struct ent_row *row_get(struct ent_row **rows, size_t *n,
			       unsigned long index)
{
	struct ent_row *nr;

	for (size_t i = 0; i < *n; i++)
		if ((*rows)[i].index == index)
			return &(*rows)[i];
	nr = realloc(*rows, (*n + 1) * sizeof(**rows));
	if (!nr)
		return NULL;
	*rows = nr;
	memset(&nr[*n], 0, sizeof(nr[*n]));
	nr[*n].index = index;
	return &nr[(*n)++];
}

static void rows_free(struct ent_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (size_t c = 0; c < 14; c++)
			free(rows[i].col[c]);
	free(rows);
}

/* Walks the ENTITY-MIB columns we use into rows (ordered as walked). */
static int read_entities(struct snmp_run *r, struct ent_row **rows,
			 size_t *nrows)
{
	for (size_t c = 0; c < NCOLS; c++) {
		char root[64], idx[64];
		uint32_t prefix[16];
		struct snmp_vblist l = {0};
		struct si_error err;
		enum snmp_walk_end end;
		enum src_status st;
		int plen;

		snprintf(root, sizeof(root), OID_ENT_PHYS ".%d", ent_cols[c]);
		plen = snmp_oid_parse(root, prefix, 16);
		st = snmp_client_walk(r->client, root, NULL, &l, &end, &err);
		if (st != SRC_OK) {
			table_failed(r, root, st, &err);
			snmp_vblist_free(&l);
			if (st == SRC_TIMEOUT)
				return -1;	/* the agent has gone quiet */
			continue;
		}
		for (size_t i = 0; i < l.n; i++) {
			struct ent_row *row;

			if (!snmp_vb_index(&l.v[i], prefix, (size_t)plen, idx,
					   sizeof(idx)) ||
			    strchr(idx, '.'))
				continue;
			row = row_get(rows, nrows, strtoul(idx, NULL, 10));
			if (!row)
				break;
			if (ent_cols[c] == ENT_CLASS)
				row->cls = (long)l.v[i].i;
			else if (ent_cols[c] == ENT_CONTAINED_IN)
				row->parent = (unsigned long)l.v[i].i;
			else if (!row->col[ent_cols[c]])
				row->col[ent_cols[c]] = vb_text(&l.v[i]);
		}
		snmp_vblist_free(&l);
	}
	return 0;
}

static const char *class_name(long cls)
{
	switch (cls) {
	case 3: return "chassis";
	case 6: return "psu";
	case 7: return "fan";
	case 9: return "module";
	case 11: return "stack_member";
	default: return NULL;
	}
}

static bool nonempty(const char *s)
{
	return s && *s;
}

static void ent_src(char *buf, size_t n, int col, unsigned long index)
{
	snprintf(buf, n, "snmp:" OID_ENT_PHYS ".%d.%lu", col, index);
}

static void add_module(cJSON *facts, const struct ent_row *row)
{
	static const struct {
		int col;
		const char *key;
	} map[] = {
		{ENT_DESCR, "description"}, {ENT_MODEL, "model"},
		{ENT_SERIAL, "serial"}, {ENT_HW_REV, "hw_rev"},
		{ENT_FW_REV, "fw_rev"}, {ENT_SW_REV, "sw_rev"},
	};
	const char *cls = class_name(row->cls);
	cJSON *m;
	char src[128];

	if (!cls)
		return;
	m = facts_list_add(facts, "hardware.modules");
	if (!m)
		return;
	if (nonempty(row->col[ENT_NAME])) {
		ent_src(src, sizeof(src), ENT_NAME, row->index);
		facts_set_str(m, "name", row->col[ENT_NAME], src);
	} else if (nonempty(row->col[ENT_DESCR])) {
		ent_src(src, sizeof(src), ENT_DESCR, row->index);
		facts_set_str(m, "name", row->col[ENT_DESCR], src);
	} else {
		snprintf(src, sizeof(src), "entity %lu", row->index);
		facts_set_str(m, "name", src, NULL);
	}
	ent_src(src, sizeof(src), ENT_CLASS, row->index);
	facts_set_str(m, "class", cls, src);
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (!nonempty(row->col[map[i].col]))
			continue;
		ent_src(src, sizeof(src), map[i].col, row->index);
		facts_set_str(m, map[i].key, row->col[map[i].col], src);
	}
	facts_set_num(m, "entity", (double)row->index, NULL);
}

/* The first chassis row; else the first row with a serial number. */
static const struct ent_row *chassis_of(const struct ent_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (rows[i].cls == 3)
			return &rows[i];
	return NULL;
}

/* The software revision the entity table reports, for devices (Huawei,
 * Cisco SB) whose sysDescr lacks the version. */
static const struct ent_row *sw_rev_row(const struct ent_row *rows, size_t n,
					const struct ent_row *chassis)
{
	if (chassis && nonempty(chassis->col[ENT_SW_REV]))
		return chassis;
	for (size_t i = 0; i < n; i++)
		if ((rows[i].cls == 9 || rows[i].cls == 3) &&
		    nonempty(rows[i].col[ENT_SW_REV]))
			return &rows[i];
	return NULL;
}

static void put_identity(cJSON *facts, const struct sys_vals *sv,
			 const struct snmp_identity *id,
			 const struct ent_row *rows, size_t n)
{
	cJSON *sys = facts_obj(facts, "system"), *os;
	const struct ent_row *ch = chassis_of(rows, n), *sw;
	char src[128];

	facts_set_str(sys, "hostname", sv->name, sv->src[4]);
	facts_set_str(sys, "description", sv->descr, sv->src[0]);
	facts_set_str(sys, "sys_object_id", sv->object_id, sv->src[1]);
	facts_set_str(sys, "contact", sv->contact, sv->src[3]);
	facts_set_str(sys, "location", sv->location, sv->src[5]);
	if (sv->have_uptime)
		facts_set_num(sys, "uptime_s", sv->uptime_s, sv->src[2]);
	facts_set_str(sys, "vendor", id->vendor,
		      id->vendor ? sv->src[1] : NULL);
	/* The model the OS names in sysDescr wins over ENTITY-MIB's, which
	 * is often an orderable part number (H3C "LS-6850-56HF") or, in
	 * mixed captures, another unit. */
	if (id->model) {
		facts_set_str(sys, "model", id->model, sv->src[0]);
	} else if (ch && nonempty(ch->col[ENT_MODEL])) {
		ent_src(src, sizeof(src), ENT_MODEL, ch->index);
		facts_set_str(sys, "model", ch->col[ENT_MODEL], src);
	} else if (ch && nonempty(ch->col[ENT_DESCR])) {
		ent_src(src, sizeof(src), ENT_DESCR, ch->index);
		facts_set_str(sys, "model", ch->col[ENT_DESCR], src);
	}
	if (ch && nonempty(ch->col[ENT_SERIAL])) {
		ent_src(src, sizeof(src), ENT_SERIAL, ch->index);
		facts_set_str(sys, "serial", ch->col[ENT_SERIAL], src);
	}
	os = facts_obj(facts, "system.os");
	facts_set_str(os, "family", id->family, id->family ? sv->src[0] : NULL);
	if (id->version) {
		facts_set_str(os, "version", id->version, sv->src[0]);
	} else if ((sw = sw_rev_row(rows, n, ch))) {
		ent_src(src, sizeof(src), ENT_SW_REV, sw->index);
		facts_set_str(os, "version", sw->col[ENT_SW_REV], src);
	}
	if (cJSON_GetArraySize(os) == 0)
		cJSON_DeleteItemFromObjectCaseSensitive(sys, "os");
}

static enum src_status snmp_collect(struct collect_job *job)
{
	struct snmp_run r = {.job = job, .worst_table = SRC_OK};
	struct sys_vals sv = {0};
	struct snmp_identity id = {0};
	struct ent_row *rows = NULL;
	size_t nrows = 0;
	struct si_error err;
	enum src_status st;
	long t0 = collect_now_ms();

	si_error_clear(&err);
	r.client = snmp_client_open(job->target, &st, &err);
	if (!r.client) {
		facts_source(job->facts, "snmp", st, err.msg, 0);
		return st;
	}
	r.source = facts_source(job->facts, "snmp", SRC_OK, NULL, -1);
	st = read_system(&r, &sv, &err);
	if (st == SRC_OK) {
		if (read_entities(&r, &rows, &nrows) == 0 && nrows == 0)
			absent(&r, "ENTITY-MIB entPhysicalTable: no rows");
		if (snmp_identify(sv.descr, sv.object_id, &id, &err) < 0)
			log_error("snmp", "identity rules: %s", err.msg);
		put_identity(job->facts, &sv, &id, rows, nrows);
		for (size_t i = 0; i < nrows; i++)
			add_module(job->facts, &rows[i]);
		st = r.worst_table;
	}
	facts_source(job->facts, "snmp", st, st == SRC_OK || st == SRC_PARTIAL ?
		     NULL : err.msg, collect_now_ms() - t0);
	rows_free(rows, nrows);
	snmp_identity_free(&id);
	sys_vals_free(&sv);
	snmp_client_close(r.client);
	return st;
}

const struct collector snmp_collector = {
	.name = "snmp",
	.wanted = snmp_wanted,
	.collect = snmp_collect,
};
