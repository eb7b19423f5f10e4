/* fact_targets.c - see fact_targets.h.  The tables mirror
 * common/schema/facts.schema.json; tests/unit/test_profile.c checks every
 * target and field against the schema file. */
#include "config.h"
#include "fact_targets.h"
#include "model.h"

#include <string.h>

static const char *const w_class[] = {
	"chassis", "module", "stack_member", "supervisor", "psu", "fan",
	"port", "sensor", "container", "other", NULL,
};
static const char *const w_role[] = {"active", "standby", "member", "none",
				     NULL};
static const char *const w_admin[] = {"up", "down", "testing", NULL};
static const char *const w_oper[] = {"up", "down", "testing", "unknown",
				     "dormant", "notPresent",
				     "lowerLayerDown", NULL};
static const char *const w_duplex[] = {"full", "half", "unknown", NULL};

static const char *const w_member_role[] = {"active", "standby", "member",
					    NULL};
static const char *const w_port_status[] = {"up", "down", "unknown", NULL};
static const char *const w_license[] = {"active", "evaluation", "grace",
					"expired", "inactive", "unknown",
					NULL};
static const char *const w_alarm_sev[] = {"critical", "major", "minor",
					  "warning", "indeterminate", NULL};
static const char *const w_severity[] = {"emergency", "alert", "critical",
					 "error", "warning", "notice",
					 "informational", "debug", NULL};
static const char *const w_snmp_versions[] = {"1", "2c", "3", NULL};

#define F(n, k, d) {n, k, d, NULL, 0}
#define C(n, k, d) {n, k, d, NULL, TU_CLI}	/* profiles only */
#define S(n, k, d) {n, k, d, NULL, TU_SNMP}	/* MIB maps only */
#define W(n, w) {n, FK_WORD, DIM_NONE, w, 0}
#define CW(n, w) {n, FK_WORD, DIM_NONE, w, TU_CLI}
#define END {NULL, FK_STR, DIM_NONE, NULL, 0}

/* Where an object sits (slot, bay), as each source numbers it: what pairs
 * the SNMP and CLI entries of one object that the two name differently
 * (merge.c, merge_positions). */
#define POSITION_FIELDS                                                   \
	F("slot", FK_COUNT, DIM_NONE), F("position", FK_COUNT, DIM_NONE)
static const struct field_def f_temp[] = {
	F("name", FK_STR, DIM_NONE), F("celsius", FK_NUM, DIM_TEMP),
	F("high", FK_NUM, DIM_TEMP), F("critical", FK_NUM, DIM_TEMP),
	F("low", FK_NUM, DIM_TEMP), F("status", FK_STATUS, DIM_NONE),
	F("entity", FK_ENTITY, DIM_NONE), POSITION_FIELDS, END,
};
static const struct field_def f_fan[] = {
	F("name", FK_STR, DIM_NONE), F("status", FK_STATUS, DIM_NONE),
	F("rpm", FK_NNUM, DIM_RPM), F("speed_pct", FK_PCT, DIM_PCT),
	F("entity", FK_ENTITY, DIM_NONE), POSITION_FIELDS, END,
};
static const struct field_def f_psu[] = {
	F("name", FK_STR, DIM_NONE), F("status", FK_STATUS, DIM_NONE),
	F("model", FK_STR, DIM_NONE), F("serial", FK_STR, DIM_NONE),
	F("watts", FK_NNUM, DIM_WATT), F("capacity_watts", FK_NNUM, DIM_WATT),
	F("input_volts", FK_NNUM, DIM_VOLT), F("entity", FK_ENTITY, DIM_NONE),
	POSITION_FIELDS, END,
};
static const struct field_def f_volt[] = {
	F("name", FK_STR, DIM_NONE), F("volts", FK_NUM, DIM_VOLT),
	F("low", FK_NUM, DIM_VOLT), F("high", FK_NUM, DIM_VOLT),
	F("status", FK_STATUS, DIM_NONE), F("entity", FK_ENTITY, DIM_NONE),
	END,
};
#define CPU_FIELDS                                                        \
	F("load_pct", FK_PCT, DIM_PCT), F("load_5s_pct", FK_PCT, DIM_PCT),   \
	F("load_1min_pct", FK_PCT, DIM_PCT),                                 \
	F("load_5min_pct", FK_PCT, DIM_PCT)
static const struct field_def f_cpu_unit[] = {
	F("name", FK_STR, DIM_NONE), F("entity", FK_ENTITY, DIM_NONE),
	CPU_FIELDS, END,
};
static const struct field_def f_cpu[] = {
	S("name", FK_STR, DIM_NONE), S("entity", FK_ENTITY, DIM_NONE),
	F("load_pct", FK_PCT, DIM_PCT), F("load_5s_pct", FK_PCT, DIM_PCT),
	F("load_1min_pct", FK_PCT, DIM_PCT),
	F("load_5min_pct", FK_PCT, DIM_PCT), END,
};
#define MEM_FIELDS                                                        \
	F("total_bytes", FK_COUNT, DIM_BYTES),                               \
	F("used_bytes", FK_COUNT, DIM_BYTES),                                \
	F("free_bytes", FK_COUNT, DIM_BYTES), F("used_pct", FK_PCT, DIM_PCT)
static const struct field_def f_mem_unit[] = {
	F("name", FK_STR, DIM_NONE), F("entity", FK_ENTITY, DIM_NONE),
	MEM_FIELDS, END,
};
static const struct field_def f_mem[] = {
	S("name", FK_STR, DIM_NONE), S("entity", FK_ENTITY, DIM_NONE),
	F("total_bytes", FK_COUNT, DIM_BYTES),
	F("used_bytes", FK_COUNT, DIM_BYTES),
	F("free_bytes", FK_COUNT, DIM_BYTES), F("used_pct", FK_PCT, DIM_PCT),
	END,
};
static const struct field_def f_module[] = {
	F("name", FK_STR, DIM_NONE), W("class", w_class),
	F("description", FK_STR, DIM_NONE), F("model", FK_STR, DIM_NONE),
	F("serial", FK_STR, DIM_NONE), F("hw_rev", FK_STR, DIM_NONE),
	F("fw_rev", FK_STR, DIM_NONE), F("sw_rev", FK_STR, DIM_NONE),
	F("status", FK_STATUS, DIM_NONE), W("role", w_role),
	F("parent", FK_STR, DIM_NONE), F("entity", FK_ENTITY, DIM_NONE), END,
};

#define DOMT(base, dim)                                                   \
	F(base "_high_alarm", FK_NUM, dim), F(base "_low_alarm", FK_NUM, dim), \
	F(base "_high_warn", FK_NUM, dim), F(base "_low_warn", FK_NUM, dim)

static const struct field_def f_xcvr[] = {
	F("port", FK_STR, DIM_NONE), F("type", FK_STR, DIM_NONE),
	F("vendor", FK_STR, DIM_NONE), F("part", FK_STR, DIM_NONE),
	F("serial", FK_STR, DIM_NONE), F("temp_c", FK_DOM, DIM_TEMP),
	F("volts", FK_DOM, DIM_VOLT), F("bias_ma", FK_DOM, DIM_MA),
	F("tx_dbm", FK_DOM, DIM_DBM), F("rx_dbm", FK_DOM, DIM_DBM),
	DOMT("temp_c", DIM_TEMP), DOMT("volts", DIM_VOLT),
	DOMT("bias_ma", DIM_MA), DOMT("tx_dbm", DIM_DBM),
	DOMT("rx_dbm", DIM_DBM), F("status", FK_STATUS, DIM_NONE),
	F("entity", FK_ENTITY, DIM_NONE), END,
};
static const struct field_def f_storage[] = {
	F("name", FK_STR, DIM_NONE), F("total_bytes", FK_COUNT, DIM_BYTES),
	F("used_bytes", FK_COUNT, DIM_BYTES),
	F("free_bytes", FK_COUNT, DIM_BYTES), F("used_pct", FK_PCT, DIM_PCT),
	END,
};
static const struct field_def f_if[] = {
	F("name", FK_STR, DIM_NONE), F("index", FK_ENTITY, DIM_NONE),
	F("alias", FK_STR, DIM_NONE), F("description", FK_STR, DIM_NONE),
	F("type", FK_STR, DIM_NONE), W("admin", w_admin), W("oper", w_oper),
	F("speed_bps", FK_COUNT, DIM_BPS), W("duplex", w_duplex),
	F("mtu", FK_COUNT, DIM_NONE), F("mac", FK_MAC, DIM_NONE),
	F("last_change_s", FK_NNUM, DIM_SEC),
	F("in_errors", FK_COUNT, DIM_NONE), F("out_errors", FK_COUNT, DIM_NONE),
	F("in_discards", FK_COUNT, DIM_NONE),
	F("out_discards", FK_COUNT, DIM_NONE), F("crc", FK_COUNT, DIM_NONE),
	F("alignment_errors", FK_COUNT, DIM_NONE),
	F("late_collisions", FK_COUNT, DIM_NONE),
	F("in_octets", FK_COUNT, DIM_NONE), F("out_octets", FK_COUNT, DIM_NONE),
	F("in_ucast_pkts", FK_COUNT, DIM_NONE),
	F("out_ucast_pkts", FK_COUNT, DIM_NONE),
	F("err_disabled", FK_BOOL, DIM_NONE),
	F("in_error_rate", FK_NNUM, DIM_NONE),
	F("out_error_rate", FK_NNUM, DIM_NONE),
	F("in_discard_rate", FK_NNUM, DIM_NONE),
	F("out_discard_rate", FK_NNUM, DIM_NONE),
	C("interval_s", FK_NNUM, DIM_SEC), END,
};
static const struct field_def f_config[] = {
	F("running_changed_at", FK_NNUM, DIM_SEC),
	F("saved_changed_at", FK_NNUM, DIM_SEC),
	C("saved", FK_BOOL, DIM_NONE), C("telnet_enabled", FK_BOOL, DIM_NONE),
	C("http_enabled", FK_BOOL, DIM_NONE),
	C("https_enabled", FK_BOOL, DIM_NONE),
	C("ssh_enabled", FK_BOOL, DIM_NONE),
	C("ntp_servers", FK_STRLIST, DIM_NONE),
	C("ntp_synchronized", FK_BOOL, DIM_NONE),
	C("syslog_servers", FK_STRLIST, DIM_NONE),
	C("aaa", FK_BOOL, DIM_NONE), C("aaa_methods", FK_STRLIST, DIM_NONE),
	C("banner", FK_BOOL, DIM_NONE), C("exec_timeout_s", FK_NNUM, DIM_SEC),
	END,
};
static const struct field_def f_snmp_config[] = {
	{"versions", FK_WORDLIST, DIM_NONE, w_snmp_versions, TU_CLI}, END,
};
/* The community itself never: name is always the redaction marker. */
static const struct field_def f_community[] = {
	C("name", FK_REDACTED, DIM_NONE), C("default", FK_BOOL, DIM_NONE),
	C("rw", FK_BOOL, DIM_NONE), END,
};
/* system.*: "version", "patch" and "family" go to system.os.*. */
static const struct field_def f_system[] = {
	F("model", FK_STR, DIM_NONE), F("serial", FK_STR, DIM_NONE),
	F("version", FK_STR, DIM_NONE), C("hostname", FK_STR, DIM_NONE),
	C("vendor", FK_STR, DIM_NONE), C("patch", FK_STR, DIM_NONE),
	C("family", FK_STR, DIM_NONE), C("uptime_s", FK_NNUM, DIM_SEC),
	C("description", FK_STR, DIM_NONE), C("contact", FK_STR, DIM_NONE),
	C("location", FK_STR, DIM_NONE), END,
};
static const struct field_def f_member[] = {
	C("id", FK_ID, DIM_NONE), CW("role", w_member_role),
	C("model", FK_STR, DIM_NONE), C("serial", FK_STR, DIM_NONE),
	C("status", FK_STATUS, DIM_NONE), C("priority", FK_COUNT, DIM_NONE),
	C("mac", FK_MAC, DIM_NONE), END,
};
static const struct field_def f_stack_port[] = {
	C("member", FK_ID, DIM_NONE), C("name", FK_STR, DIM_NONE),
	CW("status", w_port_status), C("neighbor", FK_STR, DIM_NONE), END,
};
static const struct field_def f_license[] = {
	C("name", FK_STR, DIM_NONE), CW("status", w_license),
	C("expires", FK_DATE, DIM_NONE), C("permanent", FK_BOOL, DIM_NONE),
	END,
};
static const struct field_def f_alarm[] = {
	C("id", FK_STR, DIM_NONE), CW("severity", w_alarm_sev),
	C("text", FK_STR, DIM_NONE), C("time", FK_STR, DIM_NONE),
	C("object", FK_STR, DIM_NONE), END,
};
static const struct field_def f_log[] = {
	C("time", FK_STR, DIM_NONE), CW("severity", w_severity),
	C("text", FK_STR, DIM_NONE), END,
};
static const struct field_def f_by_severity[] = {
	C("emergency", FK_COUNT, DIM_NONE), C("alert", FK_COUNT, DIM_NONE),
	C("critical", FK_COUNT, DIM_NONE), C("error", FK_COUNT, DIM_NONE),
	C("warning", FK_COUNT, DIM_NONE), C("notice", FK_COUNT, DIM_NONE),
	C("informational", FK_COUNT, DIM_NONE), C("debug", FK_COUNT, DIM_NONE),
	END,
};

static const struct target_def targets[] = {
	{"environment.temperatures", TK_LIST, "name", true, f_temp, 0},
	{"environment.fans", TK_LIST, "name", true, f_fan, 0},
	{"environment.power_supplies", TK_LIST, "name", true, f_psu, 0},
	{"environment.voltages", TK_LIST, "name", true, f_volt, 0},
	{"environment.cpu", TK_UNITS, "name", false, f_cpu, 0},
	{"environment.memory", TK_UNITS, "name", false, f_mem, 0},
	{"environment.cpu.per_unit", TK_LIST, "name", false, f_cpu_unit,
	 TU_CLI},
	{"environment.memory.per_unit", TK_LIST, "name", false, f_mem_unit,
	 TU_CLI},
	{"hardware.modules", TK_LIST, "name", false, f_module, 0},
	{"hardware.transceivers", TK_LIST, "port", true, f_xcvr, 0},
	{"hardware.storage", TK_LIST, "name", true, f_storage, 0},
	{"interfaces", TK_LIST, "name", false, f_if, 0},
	{"config", TK_OBJECT, NULL, false, f_config, 0},
	{"config.snmp", TK_OBJECT, NULL, false, f_snmp_config, TU_CLI},
	{"config.snmp.communities", TK_LIST, "name", false, f_community,
	 TU_CLI},
	{"system", TK_SYSTEM, NULL, false, f_system, 0},
	{"stack.members", TK_LIST, "id", false, f_member, TU_CLI},
	{"stack.ports", TK_LIST, "name", false, f_stack_port, TU_CLI},
	{"license", TK_LIST, "name", false, f_license, TU_CLI},
	{"alarms", TK_LIST, "text", false, f_alarm, TU_CLI},
	{"logs.recent", TK_LIST, "text", false, f_log, TU_CLI},
	{"logs.by_severity", TK_OBJECT, NULL, false, f_by_severity, TU_CLI},
	{NULL, TK_LIST, NULL, false, NULL, 0},
};

const struct target_def *target_at(size_t i)
{
	return i < sizeof(targets) / sizeof(*targets) - 1 ? &targets[i] : NULL;
}

static bool for_user(unsigned users, unsigned user)
{
	return (users ? users : TU_ALL) & user;
}

const struct target_def *target_find(const char *path, unsigned user)
{
	for (const struct target_def *t = targets; t->path; t++)
		if (strcmp(t->path, path) == 0)
			return for_user(t->users, user) ? t : NULL;
	return NULL;
}

const struct field_def *target_field(const struct target_def *t,
				     const char *name, unsigned user)
{
	for (const struct field_def *f = t->fields; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return for_user(f->users, user) ? f : NULL;
	return NULL;
}

enum precision target_precision(const struct target_def *t,
				const struct field_def *f)
{
	if (strncmp(t->path, "config", 6) == 0)
		return PREC_CLI;
	if (f->kind == FK_ENTITY || f->kind == FK_MAC)
		return PREC_SNMP;
	/* one numbering per document: SNMP's, the CLI's as evidence */
	if (strcmp(f->name, "slot") == 0 || strcmp(f->name, "position") == 0)
		return PREC_SNMP;
	if (strcmp(t->path, "interfaces") == 0 &&
	    (f->kind == FK_COUNT || f->kind == FK_NNUM))
		return PREC_SNMP;
	return PREC_READING;
}

static const struct {
	const char *name;
	enum unit_dim dim;
	double factor;	/* to the dimension's base unit */
	bool power;	/* DIM_WATT unit that may feed a dBm field */
	double offset;	/* added after the factor */
} units[] = {
	{"C", DIM_TEMP, 1, false, 0}, {"dC", DIM_TEMP, 0.1, false, 0}, {"cC", DIM_TEMP, 0.01, false, 0},
	{"mC", DIM_TEMP, 0.001, false, 0},
	{"V", DIM_VOLT, 1, false, 0}, {"dV", DIM_VOLT, 0.1, false, 0}, {"cV", DIM_VOLT, 0.01, false, 0},
	{"mV", DIM_VOLT, 0.001, false, 0}, {"100uV", DIM_VOLT, 0.0001, false, 0},
	{"uV", DIM_VOLT, 1e-6, false, 0},
	{"A", DIM_MA, 1000, false, 0}, {"mA", DIM_MA, 1, false, 0}, {"uA", DIM_MA, 0.001, false, 0},
	{"2uA", DIM_MA, 0.002, false, 0}, {"10uA", DIM_MA, 0.01, false, 0},
	{"W", DIM_WATT, 1, true, 0}, {"dW", DIM_WATT, 0.1, true, 0},
	{"mW", DIM_WATT, 0.001, true, 0}, {"100nW", DIM_WATT, 1e-7, true, 0},
	{"10nW", DIM_WATT, 1e-8, true, 0}, {"uW", DIM_WATT, 1e-6, true, 0},
	{"dBm", DIM_DBM, 1, false, 0}, {"ddBm", DIM_DBM, 0.1, false, 0}, {"cdBm", DIM_DBM, 0.01, false, 0},
	{"mdBm", DIM_DBM, 0.001, false, 0},
	{"B", DIM_BYTES, 1, false, 0}, {"kB", DIM_BYTES, 1000, false, 0}, {"KB", DIM_BYTES, 1024, false, 0},
	{"KiB", DIM_BYTES, 1024, false, 0}, {"MB", DIM_BYTES, 1048576, false, 0},
	{"MiB", DIM_BYTES, 1048576, false, 0}, {"GB", DIM_BYTES, 1073741824.0, false, 0},
	{"%", DIM_PCT, 1, false, 0}, {"d%", DIM_PCT, 0.1, false, 0}, {"c%", DIM_PCT, 0.01, false, 0},
	{"ratio", DIM_PCT, 100, false, 0},
	{"rpm", DIM_RPM, 1, false, 0},
	{"s", DIM_SEC, 1, false, 0}, {"cs", DIM_SEC, 0.01, false, 0}, {"ms", DIM_SEC, 0.001, false, 0},
	{"min", DIM_SEC, 60, false, 0}, {"h", DIM_SEC, 3600, false, 0},
	{"bps", DIM_BPS, 1, false, 0}, {"kbps", DIM_BPS, 1e3, false, 0},
	{"Kbps", DIM_BPS, 1e3, false, 0}, {"Mbps", DIM_BPS, 1e6, false, 0},
	{"Gbps", DIM_BPS, 1e9, false, 0},
	{"F", DIM_TEMP, 5.0 / 9.0, false, -32.0 * 5.0 / 9.0},
};

bool unit_lookup(const char *name, enum unit_dim *dim, double *factor,
		 double *offset, bool *power)
{
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(units[i].name, name) == 0) {
			*dim = units[i].dim;
			*factor = units[i].factor;
			*offset = units[i].offset;
			*power = units[i].power;
			return true;
		}
	return false;
}

bool unit_find(const char *name, enum unit_dim *dim, double *factor,
	       bool *power)
{
	double offset;

	return unit_lookup(name, dim, factor, &offset, power) && offset == 0;
}

const char *unit_dim_name(enum unit_dim d)
{
	static const char *const names[] = {
		[DIM_NONE] = "none", [DIM_TEMP] = "temperature",
		[DIM_VOLT] = "voltage", [DIM_MA] = "current",
		[DIM_WATT] = "power", [DIM_DBM] = "dBm", [DIM_BYTES] = "bytes",
		[DIM_PCT] = "percent", [DIM_RPM] = "rpm", [DIM_SEC] = "seconds",
		[DIM_BPS] = "bits per second",
	};

	return names[d];
}
