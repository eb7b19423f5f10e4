/* inventory_csv.h - the device lists customers hand over as CSV.
 *
 * RFC 4180 with what spreadsheets add: an optional UTF-8 byte order mark,
 * CRLF or LF line ends, quoted fields with "" for a quote and line breaks
 * inside quotes, blank lines skipped.  Columns: name, address, profile,
 * group, site, in that order, or in any order under a header row (detected
 * when its first field reads as a column name: name, hostname, address,
 * ip...).  Every mistake is reported as file:line:column into diags.
 *
 * Ownership: a struct inv_csv owns its rows and texts; inv_csv_free().
 */
#ifndef SWI_INVENTORY_CSV_H
#define SWI_INVENTORY_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct si_diags;

enum inv_csv_col { CSV_NAME, CSV_ADDRESS, CSV_PROFILE, CSV_GROUP, CSV_SITE,
		   CSV__COUNT };

struct inv_csv_row {
	char *v[CSV__COUNT];	/* NULL or "" when absent */
	int line;
	int col[CSV__COUNT];	/* where each field starts */
};

struct inv_csv {
	struct inv_csv_row *rows;
	size_t n;
	bool header;
};

#define INV_CSV_MAX_BYTES (64u << 20)

/* Reads path.  Returns 0, or -1 with every error in diags. */
int inv_csv_load(const char *path, struct inv_csv *out,
		 struct si_diags *diags);
/* Same over a buffer; file names the source in messages. */
int inv_csv_parse(const char *file, const char *data, size_t len,
		  struct inv_csv *out, struct si_diags *diags);
void inv_csv_free(struct inv_csv *c);

/* `swinspect inventory import FILE.csv`: writes an inventory YAML (a
 * defaults skeleton with credentials by reference, then the devices) to f.
 * Returns an exit status (model.h). */
int inv_csv_import(const char *path, FILE *f);

#endif
