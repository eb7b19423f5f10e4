/* snmp_map_targets.c - the facts a MIB map may write, mirroring
 * common/schema/facts.schema.json (a map naming a field not listed here is
 * refused when it loads, so the collector never emits an undeclared field),
 * and the units a column may be given in. */
#include "config.h"
#include "snmp_map_int.h"

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

#define F(n, k, d) {n, k, d, NULL}
#define W(n, w) {n, FK_WORD, DIM_NONE, w}
#define END {NULL, FK_STR, DIM_NONE, NULL}

static const struct field_def f_temp[] = {
	F("name", FK_STR, DIM_NONE), F("celsius", FK_NUM, DIM_TEMP),
	F("high", FK_NUM, DIM_TEMP), F("critical", FK_NUM, DIM_TEMP),
	F("low", FK_NUM, DIM_TEMP), F("status", FK_STATUS, DIM_NONE),
	F("entity", FK_ENTITY, DIM_NONE), END,
};
static const struct field_def f_fan[] = {
	F("name", FK_STR, DIM_NONE), F("status", FK_STATUS, DIM_NONE),
	F("rpm", FK_NNUM, DIM_RPM), F("speed_pct", FK_PCT, DIM_PCT),
	F("entity", FK_ENTITY, DIM_NONE), END,
};
static const struct field_def f_psu[] = {
	F("name", FK_STR, DIM_NONE), F("status", FK_STATUS, DIM_NONE),
	F("model", FK_STR, DIM_NONE), F("serial", FK_STR, DIM_NONE),
	F("watts", FK_NNUM, DIM_WATT), F("capacity_watts", FK_NNUM, DIM_WATT),
	F("input_volts", FK_NNUM, DIM_VOLT), F("entity", FK_ENTITY, DIM_NONE),
	END,
};
static const struct field_def f_volt[] = {
	F("name", FK_STR, DIM_NONE), F("volts", FK_NUM, DIM_VOLT),
	F("low", FK_NUM, DIM_VOLT), F("high", FK_NUM, DIM_VOLT),
	F("status", FK_STATUS, DIM_NONE), F("entity", FK_ENTITY, DIM_NONE),
	END,
};
static const struct field_def f_cpu[] = {
	F("name", FK_STR, DIM_NONE), F("entity", FK_ENTITY, DIM_NONE),
	F("load_pct", FK_PCT, DIM_PCT), F("load_5s_pct", FK_PCT, DIM_PCT),
	F("load_1min_pct", FK_PCT, DIM_PCT),
	F("load_5min_pct", FK_PCT, DIM_PCT), END,
};
static const struct field_def f_mem[] = {
	F("name", FK_STR, DIM_NONE), F("entity", FK_ENTITY, DIM_NONE),
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
	F("speed_bps", FK_COUNT, DIM_NONE), W("duplex", w_duplex),
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
	F("out_discard_rate", FK_NNUM, DIM_NONE), END,
};
static const struct field_def f_config[] = {
	F("running_changed_at", FK_NNUM, DIM_SEC),
	F("saved_changed_at", FK_NNUM, DIM_SEC), END,
};
/* system.*: "version" goes to system.os.version. */
static const struct field_def f_system[] = {
	F("model", FK_STR, DIM_NONE), F("serial", FK_STR, DIM_NONE),
	F("version", FK_STR, DIM_NONE), END,
};

static const struct target_def targets[] = {
	{"environment.temperatures", TK_LIST, "name", true, f_temp},
	{"environment.fans", TK_LIST, "name", true, f_fan},
	{"environment.power_supplies", TK_LIST, "name", true, f_psu},
	{"environment.voltages", TK_LIST, "name", true, f_volt},
	{"environment.cpu", TK_UNITS, "name", false, f_cpu},
	{"environment.memory", TK_UNITS, "name", false, f_mem},
	{"hardware.modules", TK_LIST, "name", false, f_module},
	{"hardware.transceivers", TK_LIST, "port", true, f_xcvr},
	{"hardware.storage", TK_LIST, "name", true, f_storage},
	{"interfaces", TK_LIST, "name", false, f_if},
	{"config", TK_OBJECT, NULL, false, f_config},
	{"system", TK_SYSTEM, NULL, false, f_system},
	{NULL, TK_LIST, NULL, false, NULL},
};

const struct target_def *target_find(const char *path)
{
	for (const struct target_def *t = targets; t->path; t++)
		if (strcmp(t->path, path) == 0)
			return t;
	return NULL;
}

const struct field_def *target_field(const struct target_def *t,
				     const char *name)
{
	for (const struct field_def *f = t->fields; f->name; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

static const struct {
	const char *name;
	enum unit_dim dim;
	double factor;	/* to the dimension's base unit */
	bool power;	/* DIM_WATT unit that may feed a dBm field */
} units[] = {
	{"C", DIM_TEMP, 1, false}, {"dC", DIM_TEMP, 0.1, false}, {"cC", DIM_TEMP, 0.01, false},
	{"mC", DIM_TEMP, 0.001, false},
	{"V", DIM_VOLT, 1, false}, {"dV", DIM_VOLT, 0.1, false}, {"cV", DIM_VOLT, 0.01, false},
	{"mV", DIM_VOLT, 0.001, false}, {"100uV", DIM_VOLT, 0.0001, false},
	{"uV", DIM_VOLT, 1e-6, false},
	{"A", DIM_MA, 1000, false}, {"mA", DIM_MA, 1, false}, {"uA", DIM_MA, 0.001, false},
	{"2uA", DIM_MA, 0.002, false}, {"10uA", DIM_MA, 0.01, false},
	{"W", DIM_WATT, 1, true}, {"dW", DIM_WATT, 0.1, true},
	{"mW", DIM_WATT, 0.001, true}, {"100nW", DIM_WATT, 1e-7, true},
	{"10nW", DIM_WATT, 1e-8, true}, {"uW", DIM_WATT, 1e-6, true},
	{"dBm", DIM_DBM, 1, false}, {"ddBm", DIM_DBM, 0.1, false}, {"cdBm", DIM_DBM, 0.01, false},
	{"mdBm", DIM_DBM, 0.001, false},
	{"B", DIM_BYTES, 1, false}, {"kB", DIM_BYTES, 1000, false}, {"KB", DIM_BYTES, 1024, false},
	{"KiB", DIM_BYTES, 1024, false}, {"MB", DIM_BYTES, 1048576, false},
	{"MiB", DIM_BYTES, 1048576, false}, {"GB", DIM_BYTES, 1073741824.0, false},
	{"%", DIM_PCT, 1, false}, {"d%", DIM_PCT, 0.1, false}, {"c%", DIM_PCT, 0.01, false},
	{"ratio", DIM_PCT, 100, false},
	{"rpm", DIM_RPM, 1, false},
	{"s", DIM_SEC, 1, false}, {"cs", DIM_SEC, 0.01, false}, {"ms", DIM_SEC, 0.001, false},
};

bool unit_find(const char *name, enum unit_dim *dim, double *factor,
	       bool *power)
{
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (strcmp(units[i].name, name) == 0) {
			*dim = units[i].dim;
			*factor = units[i].factor;
			*power = units[i].power;
			return true;
		}
	return false;
}

const char *unit_dim_name(enum unit_dim d)
{
	static const char *const names[] = {
		[DIM_NONE] = "none", [DIM_TEMP] = "temperature",
		[DIM_VOLT] = "voltage", [DIM_MA] = "current",
		[DIM_WATT] = "power", [DIM_DBM] = "dBm", [DIM_BYTES] = "bytes",
		[DIM_PCT] = "percent", [DIM_RPM] = "rpm", [DIM_SEC] = "seconds",
	};

	return names[d];
}
