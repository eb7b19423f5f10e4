/* fuzz_inventory.c - the inventory loader (agent/inventory*.c), YAML and
 * CSV.
 *
 * Each input is loaded twice, as inventory.yaml and as inventory.csv (so
 * a YAML seed may also `include: inventory.csv`), the way `swinspect run
 * -i FILE` loads it.  A CSV that loads is also imported (`swinspect
 * inventory import`): the YAML written must parse back to the same device
 * names, or the quoting let a cell change the document. */
#include "config.h"
#include "error.h"
#include "fuzz.h"
#include "inventory.h"
#include "inventory_csv.h"
#include "ynode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	/* a CSV inventory takes its community from here */
	setenv("SNMP_COMMUNITY", "fuzz-community", 1);
	return 0;
}

static void load(const char *path)
{
	struct si_diags d = {0};
	struct inventory *inv = inventory_load(path, &d);
	char buf[2048];

	for (size_t i = 0; i < d.n; i++)
		si_error_str(&d.v[i], buf, sizeof(buf));
	if (inv) {
		cJSON_Delete(inventory_metadata(inv));
		for (size_t i = 0; i < inv->ndevices; i++)
			if (inventory_find(inv, inv->devices[i].name) == NULL)
				abort();
	}
	inventory_free(inv);
	si_diags_free(&d);
}

/* The import's YAML lists the CSV's devices under their own names. */
static void check_import(const char *path, const struct inv_csv *c)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	struct si_error err;
	struct ydoc *doc;
	const struct ynode *devs;

	for (size_t i = 0; i < c->n; i++)
		if (!inventory_name_ok(c->rows[i].v[CSV_NAME]))
			return;	/* refused with a message: nothing written */
	f = open_memstream(&text, &len);
	if (!f)
		abort();
	if (inv_csv_import(path, f) != 0)
		abort();	/* inv_csv_parse took it, the import must */
	fclose(f);
	doc = ydoc_load_string("import.yaml", text, len, &err);
	if (!doc) {
		fprintf(stderr, "import wrote YAML that does not parse: %s\n%s",
			err.msg, text);
		abort();
	}
	devs = ynode_get(doc->root, "devices");
	if (!devs || devs->kind != YN_SEQ || devs->n != c->n)
		abort();
	for (size_t i = 0; i < c->n; i++) {
		const char *n = ynode_str(ynode_get(devs->items[i], "name"));

		if (!n || strcmp(n, c->rows[i].v[CSV_NAME]) != 0) {
			fprintf(stderr, "row %zu: name '%s' came back as '%s'\n",
				i, c->rows[i].v[CSV_NAME], n ? n : "(none)");
			abort();
		}
	}
	ydoc_free(doc);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct si_diags d = {0};
	struct inv_csv c = {0};
	char path[600];

	snprintf(path, sizeof(path), "%s",
		 fuzz_file("inventory.csv", data, size));
	load(path);
	if (inv_csv_parse(path, (const char *)data, size, &c, &d) == 0)
		check_import(path, &c);
	inv_csv_free(&c);
	si_diags_free(&d);
	load(fuzz_file("inventory.yaml", data, size));
	return 0;
}
