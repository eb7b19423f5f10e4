/* inventory.h - the customer's switches, as the inventory YAML lists them.
 *
 * inventory_load() reads and checks the whole file, reporting every mistake
 * it finds (file:line:column) into diags before giving up, and resolves
 * credential references (*_env, *_file; a literal works with a warning).
 * The struct inventory owns everything in it; inventory_free() wipes the
 * secrets before freeing them.  Secret values are never logged: only their
 * origin ("env SNMP_COMMUNITY", "file /etc/x", "literal at inv.yaml:9:18").
 */
#ifndef SWI_INVENTORY_H
#define SWI_INVENTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "target.h"

struct si_diags;

struct inventory {
	char *file;
	char *customer;
	char *site;
	char *period;
	char *engineer;
	char *service_level;
	cJSON *waivers;	/* array as written, or NULL */
	struct target *devices;
	size_t ndevices;
	size_t nwarnings;	/* literal secrets and the like */
};

/* Largest address range or CIDR block one `addresses:` entry expands. */
#define INVENTORY_BLOCK_MAX 4096u

/* "10.0.0.1-10.0.0.20", "10.0.0.1-20" or "10.0.0.0/28" (network and
 * broadcast left out up to /30): first address (host order) and count.
 * -1 with the reason in why. */
int inventory_block(const char *s, uint32_t *first, uint32_t *count,
		    char *why, size_t n);

/* A device name: letters, digits, '.', '_', '-', at most 64, not starting
 * with '.' or '-' (it names a folder under OUT/devices). */
bool inventory_name_ok(const char *name);

/* NULL when the file has errors (all of them in diags). */
struct inventory *inventory_load(const char *path, struct si_diags *diags);
void inventory_free(struct inventory *inv);
/* A file holding one `snmp:` map as an inventory's (version, port,
 * community_file / community_env, v3 user and passwords, ...): the
 * settings of the local SNMP agent for `--local-snmp FILE`.  Defaults as
 * an inventory's; enabled (path NULL: the defaults only).  0, or -1 with every mistake in diags (s then
 * empty).  s's strings are freed with the inventory it is put in. */
int inventory_load_snmp(const char *path, struct target_snmp *s,
			struct si_diags *diags);
const struct target *inventory_find(const struct inventory *inv,
					const char *name);
/* The inspection metadata (customer, site, period, engineer,
 * service_level, waivers) as written to OUT/inspection.json. */
cJSON *inventory_metadata(const struct inventory *inv);

#endif
