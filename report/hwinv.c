/* hwinv.c - the flat hardware inventory (serial numbers) of report.json.
 *
 * One row per physical part that has a model or a serial number: the
 * chassis, modules, power supplies, stack members and transceivers.  A
 * part seen twice (a PSU both in ENTITY-MIB and in the power table, the
 * chassis both as system and as module) is listed once, by serial. */
#include "config.h"
#include "report_int.h"
#include "jsonio.h"

#include <stdlib.h>
#include <string.h>

/* Serials already listed for this device (few: a linear scan is fine,
 * and the cap keeps a hostile device from making it quadratic). */
#define SEEN_MAX 4096

struct seen {
	const char *v[SEEN_MAX];
	size_t n;
};

static bool seen_has(const struct seen *s, const char *serial)
{
	for (size_t i = 0; serial && i < s->n; i++)
		if (strcmp(s->v[i], serial) == 0)
			return true;
	return false;
}

static void seen_add(struct seen *s, const char *serial)
{
	if (serial && s->n < SEEN_MAX)
		s->v[s->n++] = serial;
}

static void row(cJSON *inv, struct seen *seen, const char *device,
		const char *kind, const cJSON *src, const char *name_key,
		const char *model_key)
{
	const char *serial = rj_str(src, "serial");
	cJSON *r;

	if (!serial && !rj_str(src, model_key))
		return;
	if (seen_has(seen, serial))
		return;
	seen_add(seen, serial);
	r = cJSON_CreateObject();
	cJSON_AddStringToObject(r, "device", device);
	cJSON_AddStringToObject(r, "kind", kind);
	rj_copy_str(r, "name", src, name_key);
	if (strcmp(kind, "transceiver") == 0)
		rj_copy_str(r, "vendor", src, "vendor");
	rj_copy_str(r, "model", src, model_key);
	rj_copy_str(r, "serial", src, "serial");
	rj_copy_str(r, "hw_rev", src, "hw_rev");
	rj_copy_str(r, "fw_rev", src, "fw_rev");
	rj_copy_str(r, "description", src, "description");
	json_add(inv, NULL, r);
}

void report_inventory_rows(cJSON *inv, const cJSON *dev)
{
	struct seen *seen = calloc(1, sizeof(*seen));
	const char *name = rj_str(dev, "name");
	const cJSON *hw = rj_obj(dev, "hardware"), *x;

	if (!seen) {
		json_nomem_note();	/* the device's rows would be missing */
		return;
	}
	cJSON_ArrayForEach(x, rj_arr(hw, "modules")) {
		const char *cls = rj_str(x, "class");

		row(inv, seen, name, cls ? cls : "other", x, "name", "model");
	}
	row(inv, seen, name, "chassis", rj_obj(dev, "identity"), "hostname",
	    "model");
	cJSON_ArrayForEach(x, rj_arr(rj_obj(dev, "environment"),
				     "power_supplies"))
		row(inv, seen, name, "psu", x, "name", "model");
	cJSON_ArrayForEach(x, rj_arr(hw, "stack_members"))
		row(inv, seen, name, "stack_member", x, "id", "model");
	cJSON_ArrayForEach(x, rj_arr(hw, "transceivers"))
		row(inv, seen, name, "transceiver", x, "port", "part");
	free(seen);
}
