/* Unit tests of the SNMP collector: OIDs, the recording agent, the MIB-map
 * loader (mistakes located), the engine's conversions, joins, merging and
 * de-duplication, bounds, and the collector over a recording with the
 * real maps.  No network: agents are recordings in memory. */
#include "config.h"
/* Net-SNMP's public config header defines PACKAGE_* too. */
#undef PACKAGE_BUGREPORT
#undef PACKAGE_NAME
#undef PACKAGE_STRING
#undef PACKAGE_TARNAME
#undef PACKAGE_URL
#undef PACKAGE_VERSION
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include <check.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collectors/snmp.h"
#include "collectors/snmp_collect.h"
#include "collectors/snmp_identity.h"
#include "collectors/snmp_map.h"
#include "collectors/snmp_rec.h"
#include "error.h"
#include "facts.h"
#include "log.h"

static char tmpdir[256];

/* A maps folder holding the given files (name, text, name, text, NULL). */
static const char *maps_dir(const char *first, ...)
{
	va_list ap;
	const char *name = first;

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/swi-test-maps-%d-XXXXXX",
		 (int)getpid());
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	va_start(ap, first);
	while (name) {
		const char *text = va_arg(ap, const char *);
		char path[512];
		FILE *f;

		snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
		f = fopen(path, "w");
		ck_assert_ptr_nonnull(f);
		fputs(text, f);
		fclose(f);
		name = va_arg(ap, const char *);
	}
	va_end(ap);
	return tmpdir;
}

static void maps_dir_remove(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	/* NOLINTNEXTLINE(cert-env33-c): removes the test's own mkdtemp folder */
	ck_assert_int_eq(system(cmd), 0);
}

/* Runs maps over a recording (text) into a new facts document. */
static cJSON *run_maps(const struct snmp_maps *m, const char *rec_text,
		       const char *vendor, double rate_s, cJSON **source)
{
	struct si_error err;
	struct snmp_rec *rec = snmp_rec_parse("test", rec_text,
					      strlen(rec_text), &err);
	struct snmp_agent a;
	struct snmp_map_device dev = {
		.name = "t", .vendor = vendor, .rate_interval_s = rate_s,
		.uptime_s = 1000, .have_uptime = true,
	};
	struct snmp_map_run *r;
	cJSON *facts = facts_new("t", NULL, NULL);

	ck_assert_ptr_nonnull(rec);
	snmp_rec_agent(&a, rec);
	r = snmp_map_run_walk(m, &a, &dev);
	ck_assert_ptr_nonnull(r);
	snmp_map_run_emit(r, facts);
	*source = facts_source(facts, "snmp", SRC_OK, NULL, -1);
	facts_source(facts, "snmp", snmp_map_run_report(r, *source), NULL, -1);
	snmp_map_run_free(r);
	snmp_rec_free(rec);
	return facts;
}

/* facts_get() with list positions: "environment.fans.0.rpm". */
static const cJSON *get(const cJSON *doc, const char *path)
{
	char buf[256], *save = NULL, *part;
	const cJSON *cur = doc;

	snprintf(buf, sizeof(buf), "%s", path);
	for (part = strtok_r(buf, ".", &save); part && cur;
	     part = strtok_r(NULL, ".", &save)) {
		if (cJSON_IsArray(cur))
			/* NOLINTNEXTLINE(cert-err34-c): the test's own path */
			cur = cJSON_GetArrayItem(cur, atoi(part));
		else
			cur = cJSON_GetObjectItemCaseSensitive(cur, part);
	}
	return cur;
}

static const char *str_at(const cJSON *facts, const char *path)
{
	const cJSON *n = get(facts, path);

	return cJSON_IsString(n) ? n->valuestring : "(none)";
}

static double num_at(const cJSON *facts, const char *path)
{
	const cJSON *n = get(facts, path);

	ck_assert_msg(cJSON_IsNumber(n), "%s is not a number", path);
	return n->valuedouble;
}

START_TEST(oid_text_round_trip)
{
	uint32_t o[16];
	char buf[128];
	int n = snmp_oid_parse(".1.3.6.1.2.1.1.1.0", o, 16);

	ck_assert_int_eq(n, 9);
	ck_assert_str_eq(snmp_oid_format(o, (size_t)n, buf, sizeof(buf)),
			 "1.3.6.1.2.1.1.1.0");
	ck_assert_int_lt(snmp_oid_parse("1.3.x", o, 16), 0);
	ck_assert_int_lt(snmp_oid_parse("1", o, 16), 0);
	ck_assert_int_lt(snmp_oid_parse("1.3.99999999999", o, 16), 0);
}
END_TEST

START_TEST(recording_parses_types_and_walks)
{
	static const char text[] =
		"1.3.6.1.2.1.1.5.0|4|sw1\n"
		"1.3.6.1.2.1.1.3.0|67|100\n"
		"1.3.6.1.2.1.2.2.1.6.1|4x|001122334455\n"
		"1.3.6.1.2.1.2.2.1.2.1|4|Gi0/1\n"
		"1.3.6.1.2.1.2.2.1.2.2|4|Gi0/2\n"
		"1.3.6.1.2.1.31.1.1.1.6.1|70|18446744073709551615\n"
		"garbage line\n"
		"1.3.6.1.2.1.2.2.1.2.1|4|repeated: first wins\n";
	struct si_error err;
	struct snmp_rec *r = snmp_rec_parse("t", text, sizeof(text) - 1, &err);
	struct snmp_agent a;
	struct snmp_vblist l[2] = {{0}};
	const char *roots[] = {"1.3.6.1.2.1.2.2.1.2", "1.3.6.1.2.1.2.2.1.6"};
	const char *oids[] = {"1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.9.0"};
	struct snmp_vblist g = {0};
	enum snmp_walk_end end;

	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(snmp_rec_count(r), 6);
	snmp_rec_agent(&a, r);
	ck_assert_int_eq(a.walk(a.ctx, roots, 2, NULL, l, &end, &err), SRC_OK);
	ck_assert_uint_eq(l[0].n, 2);
	ck_assert_str_eq(l[0].v[0].s, "Gi0/1");
	ck_assert_uint_eq(l[1].n, 1);
	ck_assert_uint_eq(l[1].v[0].slen, 6);
	ck_assert_int_eq(a.get(a.ctx, oids, 2, &g, &err), SRC_OK);
	ck_assert_uint_eq(g.n, 2);
	ck_assert_int_eq(g.v[0].type, SV_STR);
	ck_assert_int_eq(g.v[1].type, SV_ABSENT);
	snmp_vblist_free(&l[0]);
	snmp_vblist_free(&l[1]);
	snmp_vblist_free(&g);
	snmp_rec_free(r);
}
END_TEST

START_TEST(map_mistakes_are_located)
{
	struct si_diags d = {0};
	struct snmp_maps *m;
	const char *dir = maps_dir(
		"a.yaml",
		"map: a\n"
		"tables:\n"
		"  t1:\n"
		"    oid: 1.3.6.1.4.1.99.1\n"
		"    columns: {x: 1}\n"
		"    emit:\n"
		"      - to: environment.fans\n"
		"        fields:\n"
		"          name: x\n"
		"          colour: x\n",
		"b.yaml",
		"map: b\n"
		"tables:\n"
		"  t2:\n"
		"    oid: 1.3.6.1.4.1.99.2\n"
		"    columns: {s: 1}\n"
		"    emit:\n"
		"      - to: environment.fans\n"
		"        fields:\n"
		"          name: {template: 'fan {i0}'}\n"
		"          status: {ref: s, enum: {1: fine}}\n",
		"c.yaml",
		"map: c\n"
		"tables:\n"
		"  t3:\n"
		"    oid: 1.3.6.1.4.1.99.3\n"
		"    columns: {v: {oid: 1, unit: furlong}}\n",
		"good.yaml",
		"map: good\n"
		"tables:\n"
		"  t4:\n"
		"    oid: 1.3.6.1.4.1.99.4\n"
		"    columns: {v: 1}\n",
		(char *)NULL);

	m = snmp_maps_load_dir(dir, &d);
	ck_assert_ptr_nonnull(m);
	ck_assert_uint_eq(snmp_maps_count(m), 1);	/* only good.yaml */
	ck_assert_uint_eq(d.n, 3);
	/* pass 1 (tables, columns) of every file, then pass 2 (emits) */
	ck_assert_ptr_nonnull(strstr(d.v[0].file, "c.yaml"));
	ck_assert_int_eq(d.v[0].line, 5);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "unknown unit 'furlong'"));
	ck_assert_int_eq(d.v[1].line, 10);
	ck_assert_ptr_nonnull(strstr(d.v[1].msg, "no field 'colour'"));
	ck_assert_int_eq(d.v[2].line, 10);
	ck_assert_ptr_nonnull(strstr(d.v[2].msg, "'fine' is not"));
	snmp_maps_free(m);
	si_diags_free(&d);
	maps_dir_remove();
}
END_TEST

static const char sensor_map[] =
	"map: sensors\n"
	"priority: 40\n"
	"enums:\n"
	"  oper: {1: ok, 2: unknown, 3: failed}\n"
	"tables:\n"
	"  ent:\n"
	"    oid: 1.3.6.1.2.1.47.1.1.1.1\n"
	"    columns: {name: 7}\n"
	"  sens:\n"
	"    oid: 1.3.6.1.2.1.99.1.1.1\n"
	"    columns:\n"
	"      type: 1\n"
	"      scale: 2\n"
	"      precision: 3\n"
	"      value: {oid: 4, entity_scale: scale, precision: precision,\n"
	"              sentinels: [-1000000000]}\n"
	"      oper: 5\n"
	"    joins:\n"
	"      e: {table: ent, on: index}\n"
	"    emit:\n"
	"      - to: environment.temperatures\n"
	"        when: [{ref: type, in: [8]}, {ref: value, present: true}]\n"
	"        fields:\n"
	"          name: [e.name, {template: 'sensor {index}'}]\n"
	"          celsius: value\n"
	"          status: {ref: oper, enum: oper}\n"
	"          entity: i0\n"
	"      - to: environment.fans\n"
	"        when: [{ref: type, in: [10]}]\n"
	"        fields: {name: e.name, rpm: value, entity: i0}\n"
	"      - to: hardware.transceivers\n"
	"        when: [{ref: type, in: [6]}]\n"
	"        key: {ref: e.name, capture: 'for (\\S+)$'}\n"
	"        fields:\n"
	"          port: {ref: e.name, capture: 'for (\\S+)$'}\n"
	"          rx_dbm: {ref: value, unit: W}\n";

static const char vendor_map[] =
	"map: vendor\n"
	"priority: 50\n"
	"when: {vendor: [acme]}\n"
	"tables:\n"
	"  vtemp:\n"
	"    oid: 1.3.6.1.4.1.99.1.1\n"
	"    columns:\n"
	"      t: {oid: 2, unit: dC, sentinels: [0, 65535]}\n"
	"      thr: {oid: 3, unit: dC}\n"
	"    emit:\n"
	"      - to: environment.temperatures\n"
	"        when: [{ref: t, present: true}]\n"
	"        fields: {name: {template: 'sensor {i0}'}, celsius: t,\n"
	"                 high: thr, entity: i0}\n";

static const char sensor_rec[] =
	"1.3.6.1.2.1.47.1.1.1.1.7.10|4|CPU\n"
	"1.3.6.1.2.1.47.1.1.1.1.7.11|4|Fan 1\n"
	"1.3.6.1.2.1.47.1.1.1.1.7.12|4|RX Power Sensor for Ethernet7\n"
	"1.3.6.1.2.1.99.1.1.1.1.10|2|8\n"
	"1.3.6.1.2.1.99.1.1.1.2.10|2|9\n"
	"1.3.6.1.2.1.99.1.1.1.3.10|2|1\n"
	"1.3.6.1.2.1.99.1.1.1.4.10|2|533\n"
	"1.3.6.1.2.1.99.1.1.1.5.10|2|1\n"
	"1.3.6.1.2.1.99.1.1.1.1.11|2|10\n"
	"1.3.6.1.2.1.99.1.1.1.2.11|2|9\n"
	"1.3.6.1.2.1.99.1.1.1.3.11|2|0\n"
	"1.3.6.1.2.1.99.1.1.1.4.11|2|0\n"
	"1.3.6.1.2.1.99.1.1.1.1.12|2|6\n"
	"1.3.6.1.2.1.99.1.1.1.2.12|2|8\n"
	"1.3.6.1.2.1.99.1.1.1.3.12|2|4\n"
	"1.3.6.1.2.1.99.1.1.1.4.12|2|2444\n"
	"1.3.6.1.2.1.99.1.1.1.1.13|2|8\n"
	"1.3.6.1.2.1.99.1.1.1.2.13|2|9\n"
	"1.3.6.1.2.1.99.1.1.1.3.13|2|0\n"
	"1.3.6.1.2.1.99.1.1.1.4.13|2|-1000000000\n"
	"1.3.6.1.4.1.99.1.1.2.10|2|540\n"
	"1.3.6.1.4.1.99.1.1.3.10|2|850\n"
	"1.3.6.1.4.1.99.1.1.2.20|2|65535\n";

START_TEST(engine_scales_joins_and_sentinels)
{
	struct si_diags d = {0};
	struct snmp_maps *m;
	cJSON *facts, *src;
	const cJSON *temps;

	m = snmp_maps_load_dir(maps_dir("s.yaml", sensor_map, (char *)NULL), &d);
	ck_assert_uint_eq(d.n, 0);
	facts = run_maps(m, sensor_rec, "other", 0, &src);
	temps = facts_get(facts, "environment.temperatures");
	/* 53.3 C; the -1000000000 sensor and the vendor map are left out */
	ck_assert_int_eq(cJSON_GetArraySize(temps), 1);
	ck_assert_str_eq(str_at(facts, "environment.temperatures.0.name"),
			 "CPU");
	ck_assert_double_eq_tol(
		num_at(facts, "environment.temperatures.0.celsius"), 53.3, 1e-9);
	ck_assert_str_eq(str_at(facts, "environment.temperatures.0.src.celsius"),
			 "snmp:1.3.6.1.2.1.99.1.1.1.4.10");
	/* a stopped fan is 0 rpm, not "no sensor" */
	ck_assert_double_eq(num_at(facts, "environment.fans.0.rpm"), 0);
	/* 0.2444 mW is -6.12 dBm */
	ck_assert_str_eq(str_at(facts, "hardware.transceivers.0.port"),
			 "Ethernet7");
	ck_assert_double_eq_tol(
		num_at(facts, "hardware.transceivers.0.rx_dbm"), -6.1190, 1e-3);
	ck_assert_str_eq(facts_get_str(facts, "sources.snmp.status"), "ok");
	cJSON_Delete(facts);
	snmp_maps_free(m);
	maps_dir_remove();
}
END_TEST

START_TEST(engine_keeps_one_object_per_sensor)
{
	struct si_diags d = {0};
	struct snmp_maps *m;
	cJSON *facts, *src;

	m = snmp_maps_load_dir(maps_dir("s.yaml", sensor_map, "v.yaml",
					vendor_map, (char *)NULL), &d);
	ck_assert_uint_eq(d.n, 0);
	facts = run_maps(m, sensor_rec, "acme", 0, &src);
	/* entity 10 from both maps: one entry, the vendor's (priority 50)
	 * reading with its threshold, the sensor map's status kept */
	ck_assert_int_eq(cJSON_GetArraySize(facts_get(
				 facts, "environment.temperatures")), 1);
	ck_assert_double_eq_tol(
		num_at(facts, "environment.temperatures.0.celsius"), 54, 1e-9);
	ck_assert_double_eq_tol(
		num_at(facts, "environment.temperatures.0.high"), 85, 1e-9);
	ck_assert_str_eq(str_at(facts, "environment.temperatures.0.status"),
			 "ok");
	ck_assert_str_eq(str_at(facts, "environment.temperatures.0.src.high"),
			 "snmp:1.3.6.1.4.1.99.1.1.3.10");
	cJSON_Delete(facts);
	snmp_maps_free(m);
	maps_dir_remove();
}
END_TEST

START_TEST(engine_units_many_joins_and_aggregates)
{
	static const char map[] =
		"map: mem\n"
		"tables:\n"
		"  st:\n"
		"    oid: 1.3.6.1.2.1.25.2.3.1\n"
		"    columns:\n"
		"      descr: 3\n"
		"      units: 4\n"
		"      size: {oid: 5, times: units, unit: B}\n"
		"      used: {oid: 6, times: units, unit: B}\n"
		"    joins:\n"
		"      all: {table: st, on: {const: ''}, many: true}\n"
		"    emit:\n"
		"      - to: environment.memory\n"
		"        aggregate: sum\n"
		"        when: [{ref: descr, match: '^RAM$'}]\n"
		"        fields:\n"
		"          name: descr\n"
		"          total_bytes: size\n"
		"          used_bytes:\n"
		"            - {ref: used, minus: {ref: all.used, pick: sum,\n"
		"               where: [{ref: all.descr, match: 'Cache'}]}}\n"
		"            - used\n"
		"  cpu:\n"
		"    oid: 1.3.6.1.2.1.25.3.3.1\n"
		"    columns: {load: 2}\n"
		"    emit:\n"
		"      - to: environment.cpu\n"
		"        aggregate: avg\n"
		"        fields: {name: {template: 'CPU {i0}'}, load_pct: load}\n";
	static const char rec[] =
		"1.3.6.1.2.1.25.2.3.1.3.1|4|RAM\n"
		"1.3.6.1.2.1.25.2.3.1.4.1|2|1024\n"
		"1.3.6.1.2.1.25.2.3.1.5.1|2|1000\n"
		"1.3.6.1.2.1.25.2.3.1.6.1|2|900\n"
		"1.3.6.1.2.1.25.2.3.1.3.2|4|RAM (Cache)\n"
		"1.3.6.1.2.1.25.2.3.1.4.2|2|2048\n"
		"1.3.6.1.2.1.25.2.3.1.5.2|2|500\n"
		"1.3.6.1.2.1.25.2.3.1.6.2|2|200\n"
		"1.3.6.1.2.1.25.3.3.1.2.1|2|10\n"
		"1.3.6.1.2.1.25.3.3.1.2.2|2|31\n";
	struct si_diags d = {0};
	struct snmp_maps *m;
	cJSON *facts, *src;

	m = snmp_maps_load_dir(maps_dir("m.yaml", map, (char *)NULL), &d);
	ck_assert_uint_eq(d.n, 0);
	facts = run_maps(m, rec, NULL, 0, &src);
	/* 900 KiB used less 200 * 2 KiB of cache */
	ck_assert_double_eq(num_at(facts, "environment.memory.used_bytes"),
			    (900 - 400) * 1024.0);
	ck_assert_double_eq(num_at(facts, "environment.memory.total_bytes"),
			    1000 * 1024.0);
	ck_assert_double_eq(num_at(facts, "environment.memory.used_pct"), 50);
	ck_assert_double_eq_tol(num_at(facts, "environment.cpu.load_pct"),
				20.5, 1e-9);
	ck_assert_int_eq(cJSON_GetArraySize(facts_get(
				 facts, "environment.cpu.per_unit")), 2);
	cJSON_Delete(facts);
	snmp_maps_free(m);
	maps_dir_remove();
}
END_TEST

START_TEST(bounds_make_the_table_partial)
{
	struct si_diags d = {0};
	struct snmp_maps *m;
	struct snmp_rec *rec;
	struct snmp_agent a;
	struct snmp_map_device dev = {.name = "t", .max_rows = 2};
	struct snmp_map_run *r;
	struct si_error err;
	cJSON *facts = facts_new("t", NULL, NULL), *src;
	char text[4096];
	size_t off = 0;

	for (int i = 1; i <= 5; i++)
		off += (size_t)snprintf(text + off, sizeof(text) - off,
					"1.3.6.1.2.1.47.1.1.1.1.7.%d|4|e%d\n",
					i, i);
	m = snmp_maps_load_dir(maps_dir("s.yaml", sensor_map, (char *)NULL), &d);
	rec = snmp_rec_parse("t", text, off, &err);
	snmp_rec_agent(&a, rec);
	r = snmp_map_run_walk(m, &a, &dev);
	snmp_map_run_emit(r, facts);
	src = facts_source(facts, "snmp", SRC_OK, NULL, -1);
	ck_assert_int_eq(snmp_map_run_report(r, src), SRC_PARTIAL);
	ck_assert_str_eq(str_at(facts, "sources.snmp.failed.0.what"),
			 "sensors ent");
	ck_assert_ptr_nonnull(facts_get(facts, "sources.snmp.absent"));
	snmp_map_run_free(r);
	snmp_rec_free(rec);
	cJSON_Delete(facts);
	snmp_maps_free(m);
	maps_dir_remove();
}
END_TEST

START_TEST(collector_over_a_recording)
{
	static const char rec[] =
		"1.3.6.1.2.1.1.1.0|4|Huawei Versatile Routing Platform "
		"Software\\nVRP (R) software, Version 5.170 (S5720 "
		"V200R011C10SPC600)\n"
		"1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.2011.2.23.419\n"
		"1.3.6.1.2.1.1.3.0|67|123456\n"
		"1.3.6.1.2.1.1.5.0|4|core-1\n"
		"1.3.6.1.2.1.47.1.1.1.1.2.16777216|4|S5720-56C-EI-AC,X,Y\n"
		"1.3.6.1.2.1.47.1.1.1.1.5.16777216|2|3\n"
		"1.3.6.1.2.1.47.1.1.1.1.11.16777216|4|2102350DLS10K8000417\n"
		"1.3.6.1.2.1.47.1.1.1.1.5.67108873|2|9\n"
		"1.3.6.1.2.1.47.1.1.1.1.7.67108873|4|MPU Board 0\n"
		"1.3.6.1.4.1.2011.5.25.31.1.1.1.1.5.67108873|2|11\n"
		"1.3.6.1.4.1.2011.5.25.31.1.1.1.1.6.67108873|2|95\n"
		"1.3.6.1.4.1.2011.5.25.31.1.1.1.1.11.67108873|2|44\n"
		"1.3.6.1.4.1.2011.5.25.31.1.1.1.1.12.67108873|2|68\n"
		"1.3.6.1.4.1.2011.5.25.31.1.1.10.1.5.0.1|2|40\n"
		"1.3.6.1.4.1.2011.5.25.31.1.1.10.1.6.0.1|2|1\n"
		"1.3.6.1.4.1.2011.5.25.31.1.1.10.1.7.0.1|2|2\n";
	struct si_error err;
	struct snmp_rec *r = snmp_rec_parse("t", rec, sizeof(rec) - 1, &err);
	struct snmp_agent a;
	struct snmp_collect_opts o = {.name = "core-1"};
	cJSON *facts = facts_new("core-1", NULL, NULL);

	setenv("SWINSPECT_DATADIR", ABS_TOP_SRCDIR, 1);
	snmp_rec_agent(&a, r);
	ck_assert_int_eq(snmp_collect_from(&a, facts, &o), SRC_OK);
	ck_assert_str_eq(facts_get_str(facts, "system.vendor"), "huawei");
	ck_assert_str_eq(facts_get_str(facts, "system.model"), "S5720-56C-EI-AC");
	ck_assert_str_eq(facts_get_str(facts, "system.os.version"),
			 "V200R011C10SPC600");
	ck_assert_str_eq(facts_get_str(facts, "system.serial"),
			 "2102350DLS10K8000417");
	ck_assert_double_eq(num_at(facts, "environment.temperatures.0.high"),
			    68);
	ck_assert_str_eq(str_at(facts, "environment.fans.0.status"),
			 "failed");
	ck_assert_double_eq(num_at(facts, "environment.cpu.load_pct"), 11);
	cJSON_Delete(facts);
	snmp_rec_free(r);
}
END_TEST

START_TEST(identity_rules)
{
	static const struct {
		const char *descr, *oid, *vendor, *family, *version, *model;
	} cases[] = {
		/* Inspur CN: NX-OS-derived, may answer with Cisco's number */
		{"ICNT NOS-CN(tm) inos, Software (inos-cn), Version 9.2(2)",
		 "1.3.6.1.4.1.9.12.3.1.3.1", "inspur", "inos", "9.2(2)", NULL},
		{"Cisco NX-OS(tm) n9000, Software (n9000-dk9), Version 9.3(8), "
		 "RELEASE SOFTWARE", "1.3.6.1.4.1.9.12.3.1.3.1812", "cisco",
		 "nxos", "9.3(8)", NULL},
		{"Cisco IOS Software [Amsterdam], Catalyst L3 Switch Software "
		 "(CAT9K_IOSXE), Version 17.3.4, RELEASE SOFTWARE (fc3)",
		 "1.3.6.1.4.1.9.1.2494", "cisco", "ios-xe", "17.3.4", NULL},
		{"Aruba JL259A 2930F-24G-4SFP Switch, revision WC.16.10.0012, "
		 "ROM WC.16.01.0008", "1.3.6.1.4.1.11.2.3.7.11.181", "aruba",
		 "procurve", "WC.16.10.0012", "2930F-24G-4SFP"},
		{"Aruba JL721C 8360-12C v2 Switch LL.10.13.1040",
		 "1.3.6.1.4.1.47196.4.1.1.1.424", "aruba", "aos-cx",
		 "LL.10.13.1040", "8360"},
		{"S5720-56C-PWR-EI-AC\nHuawei Versatile Routing Platform", NULL,
		 "huawei", "vrp", NULL, NULL},
		{"ECS4100-28T", "1.3.6.1.4.1.259.10.1.46.104", "edgecore", NULL,
		 NULL, "ECS4100-28T"},
		{"Linux host 5.10.0-21-amd64 #1 SMP", "1.3.6.1.4.1.8072.3.2.10",
		 NULL, "linux", "5.10.0-21-amd64", NULL},
	};
	setenv("SWINSPECT_DATADIR", ABS_TOP_SRCDIR, 1);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct snmp_identity id;
		struct si_error err;

		ck_assert_int_eq(snmp_identify(cases[i].descr, cases[i].oid,
					       &id, &err), 0);
#define SAME(field)                                                      \
	if (cases[i].field)                                              \
		ck_assert_msg(id.field && strcmp(id.field, cases[i].field) == 0, \
			      "case %zu %s: %s", i, #field,                \
			      id.field ? id.field : "(none)");
		SAME(vendor)
		SAME(family)
		SAME(version)
		SAME(model)
#undef SAME
		if (!cases[i].vendor)
			ck_assert_ptr_null(id.vendor);
		snmp_identity_free(&id);
	}
}
END_TEST

/* ---- the client's handling of answers (snmp_client_scripted) ---------- */

/* A scripted agent: ifDescr rows 1 and 2, then row 2 again (a loop); or
 * tooBig to any GETBULK asking for more than 4 repetitions; or silence. */
struct hostile {
	enum { H_LOOP, H_TOOBIG, H_SILENT } mode;
	int requests;
	long max_rep_seen[8];
};

static struct snmp_pdu *hostile_answer(void *ctx,
				       const struct snmp_pdu *req)
{
	struct hostile *h = ctx;
	netsnmp_pdu *resp;
	oid o[MAX_OID_LEN];
	size_t len;
	static const oid row[] = {1, 3, 6, 1, 2, 1, 2, 2, 1, 2};

	if (h->requests < 8)
		h->max_rep_seen[h->requests] = req->max_repetitions;
	h->requests++;
	if (h->mode == H_SILENT)
		return NULL;
	resp = snmp_pdu_create(SNMP_MSG_RESPONSE);
	resp->errstat = SNMP_ERR_NOERROR;	/* the library's default is -1 */
	resp->errindex = 0;
	if (h->mode == H_TOOBIG && req->max_repetitions > 4) {
		resp->errstat = SNMP_ERR_TOOBIG;
		return resp;
	}
	memcpy(o, row, sizeof(row));
	len = sizeof(row) / sizeof(row[0]);
	/* rows 1, 2, then 2 again (LOOP) or end of view (TOOBIG) */
	for (unsigned i = 1; i <= 3; i++) {
		o[len] = i < 3 ? i : 2;
		if (i == 3 && h->mode == H_TOOBIG)
			snmp_pdu_add_variable(resp, o, len + 1,
					      SNMP_ENDOFMIBVIEW, NULL, 0);
		else
			snmp_pdu_add_variable(resp, o, len + 1, ASN_OCTET_STR,
					      "Gi1/0/1", 7);
	}
	return resp;
}

START_TEST(scripted_agent_loop_toobig_silence)
{
	struct hostile h = {.mode = H_LOOP};
	struct snmp_vblist out = {0};
	enum snmp_walk_end end;
	struct si_error err;
	struct snmp_client *c = snmp_client_scripted(false, hostile_answer, &h);

	ck_assert_ptr_nonnull(c);
	/* a non-increasing OID ends the walk as a loop, rows kept */
	ck_assert_int_eq(snmp_client_walk(c, "1.3.6.1.2.1.2.2.1.2", NULL, &out,
					  &end, &err), SRC_OK);
	ck_assert_int_eq(end, WALK_LOOP);
	ck_assert_uint_eq(out.n, 2);
	ck_assert_str_eq(out.v[1].s, "Gi1/0/1");
	ck_assert_int_eq(h.requests, 1);
	snmp_vblist_free(&out);
	snmp_client_close(c);

	/* tooBig: the repetitions are halved until the agent answers */
	h = (struct hostile){.mode = H_TOOBIG};
	c = snmp_client_scripted(false, hostile_answer, &h);
	ck_assert_int_eq(snmp_client_walk(c, "1.3.6.1.2.1.2.2.1.2", NULL, &out,
					  &end, &err), SRC_OK);
	ck_assert_int_eq(end, WALK_DONE);
	ck_assert_uint_eq(out.n, 2);
	ck_assert_int_gt(h.requests, 2);
	ck_assert_int_gt(h.max_rep_seen[0], h.max_rep_seen[1]);
	ck_assert_int_le(h.max_rep_seen[h.requests - 1], 4);
	snmp_vblist_free(&out);
	snmp_client_close(c);

	/* no answer: a timeout, saying that a wrong community looks the same */
	h = (struct hostile){.mode = H_SILENT};
	c = snmp_client_scripted(false, hostile_answer, &h);
	ck_assert_int_eq(snmp_client_walk(c, "1.3.6.1.2.1.2.2.1.2", NULL, &out,
					  &end, &err), SRC_TIMEOUT);
	ck_assert_ptr_nonnull(strstr(err.msg, "community"));
	snmp_vblist_free(&out);
	snmp_client_close(c);
}
END_TEST

static Suite *snmp_suite(void)
{
	Suite *s = suite_create("snmp");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, oid_text_round_trip);
	tcase_add_test(tc, recording_parses_types_and_walks);
	tcase_add_test(tc, map_mistakes_are_located);
	tcase_add_test(tc, engine_scales_joins_and_sentinels);
	tcase_add_test(tc, engine_keeps_one_object_per_sensor);
	tcase_add_test(tc, engine_units_many_joins_and_aggregates);
	tcase_add_test(tc, bounds_make_the_table_partial);
	tcase_add_test(tc, collector_over_a_recording);
	tcase_add_test(tc, identity_rules);
	tcase_add_test(tc, scripted_agent_loop_toobig_silence);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(snmp_suite());
	int failed;

	log_setup(LOG_LVL_ERROR, NULL);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
