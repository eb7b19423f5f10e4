/* inventory_csv.c - see inventory_csv.h */
#include "config.h"
#include "inventory_csv.h"
#include "error.h"
#include "fsutil.h"
#include "inventory.h"
#include "log.h"
#include "model.h"
#include "text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CSV_MAX_FIELDS 256
#define CSV_MAX_FIELD 4096

struct field {
	char *s;
	int line, col;
};

struct reader {
	const char *file, *p, *end;
	int line, col;
	struct si_diags *diags;
	int nerr;
};

static void csv_bad(struct reader *r, int line, int col, const char *msg)
{
	si_diags_addf(r->diags, r->file, line, col, "%s", msg);
	r->nerr++;
}

static void adv(struct reader *r)
{
	if (*r->p == '\n') {
		r->line++;
		r->col = 1;
	} else {
		r->col++;
	}
	r->p++;
}

static bool at_eol(const struct reader *r)
{
	return r->p >= r->end || *r->p == '\n' ||
	       (*r->p == '\r' && (r->p + 1 >= r->end || r->p[1] == '\n'));
}

static void skip_eol(struct reader *r)
{
	if (r->p < r->end && *r->p == '\r')
		adv(r);
	if (r->p < r->end && *r->p == '\n')
		adv(r);
}

static char *trimmed(const char *s, size_t n)
{
	char *o;

	while (n && isspace((unsigned char)*s))
		s++, n--;
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	o = malloc(n + 1);
	if (o) {
		memcpy(o, s, n);
		o[n] = '\0';
	}
	return o;
}

/* The field's text, or NULL after a located "out of memory". */
static char *field_text(struct reader *r, int line, int col, const char *s,
			size_t n)
{
	char *o = trimmed(s, n);

	if (!o)
		csv_bad(r, line, col, "out of memory");
	return o;
}

/* One field from r->p; leaves r->p on the ',' or line end after it. */
static char *read_field(struct reader *r)
{
	int l0 = r->line, c0 = r->col;
	char buf[CSV_MAX_FIELD];
	size_t n = 0;

	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t'))
		adv(r);
	if (r->p < r->end && *r->p == '"') {
		adv(r);
		for (;;) {
			if (r->p >= r->end) {
				csv_bad(r, l0, c0, "quoted field not closed "
					"before the end of the file");
				return NULL;
			}
			if (*r->p == '"') {
				adv(r);
				if (r->p < r->end && *r->p == '"') {
					adv(r);
					if (n < sizeof(buf) - 1)
						buf[n++] = '"';
					continue;
				}
				break;
			}
			if (n < sizeof(buf) - 1)
				buf[n++] = *r->p;
			adv(r);
		}
		while (r->p < r->end && (*r->p == ' ' || *r->p == '\t'))
			adv(r);
		if (!at_eol(r) && *r->p != ',') {
			csv_bad(r, r->line, r->col, "text after the closing "
				"quote of a field (a quote inside a quoted "
				"field is written \"\")");
			while (!at_eol(r) && *r->p != ',')
				adv(r);
		}
		return field_text(r, l0, c0, buf, n);
	}
	while (!at_eol(r) && *r->p != ',') {
		if (*r->p == '"') {
			csv_bad(r, r->line, r->col, "quote inside an unquoted "
				"field (quote the whole field, with \"\" for "
				"each quote)");
		} else if (n < sizeof(buf) - 1) {
			buf[n++] = *r->p;
		}
		adv(r);
	}
	return field_text(r, l0, c0, buf, n);
}

/* One record; *nf fields into f.  Returns false at the end of the data. */
static bool read_record(struct reader *r, struct field *f, size_t *nf)
{
	*nf = 0;
	if (r->p >= r->end)
		return false;
	for (;;) {
		struct field x = {.line = r->line, .col = r->col};

		x.s = read_field(r);
		if (*nf < CSV_MAX_FIELDS)
			f[(*nf)++] = x;
		else
			free(x.s);
		if (r->p < r->end && *r->p == ',') {
			adv(r);
			continue;
		}
		skip_eol(r);
		return true;
	}
}

static const char *const col_names[CSV__COUNT][10] = {
	[CSV_NAME] = {"name", "hostname", "host name", "device",
		      "device name", "switch", "sysname", NULL},
	[CSV_ADDRESS] = {"address", "ip", "ip address", "ipaddress",
			 "mgmt ip", "management ip", "management address",
			 "host", NULL},
	[CSV_PROFILE] = {"profile", "vendor", "platform", "type", "os", NULL},
	[CSV_GROUP] = {"group", "role", NULL},
	[CSV_SITE] = {"site", "location", NULL},
};

static int column_of(const char *h)
{
	for (int c = 0; c < CSV__COUNT; c++)
		for (int i = 0; col_names[c][i]; i++)
			if (strcasecmp(h, col_names[c][i]) == 0)
				return c;
	return -1;
}

/* A header row names the name or the address column somewhere. */
static bool is_header(const struct field *f, size_t nf)
{
	for (size_t i = 0; i < nf; i++) {
		int c = f[i].s ? column_of(f[i].s) : -1;

		if (c == CSV_NAME || c == CSV_ADDRESS)
			return true;
	}
	return false;
}

static void map_header(struct reader *r, const struct field *f, size_t nf,
		       int *idx)
{
	for (int c = 0; c < CSV__COUNT; c++)
		idx[c] = -1;
	for (size_t i = 0; i < nf; i++) {
		int c = f[i].s ? column_of(f[i].s) : -1;

		if (c < 0)
			log_warn("inventory", "%s:%d:%d: column '%s' ignored",
				 r->file, f[i].line, f[i].col,
				 f[i].s ? f[i].s : "");
		else if (idx[c] >= 0)
			csv_bad(r, f[i].line, f[i].col, "a second column for "
				"the same field");
		else
			idx[c] = (int)i;
	}
	if (idx[CSV_NAME] < 0 || idx[CSV_ADDRESS] < 0)
		csv_bad(r, f[0].line, 1, "the header needs a name column and "
			"an address column");
}

static int add_row(struct reader *r, struct inv_csv *out, struct field *f,
		   size_t nf, const int *idx)
{
	struct inv_csv_row *row, *nv;

	nv = realloc(out->rows, (out->n + 1) * sizeof(*nv));
	if (!nv)
		return -1;
	out->rows = nv;
	row = &out->rows[out->n++];
	memset(row, 0, sizeof(*row));
	row->line = f[0].line;
	for (int c = 0; c < CSV__COUNT; c++) {
		if (idx[c] < 0 || (size_t)idx[c] >= nf) {
			row->col[c] = f[nf - 1].col;
			continue;
		}
		row->v[c] = f[idx[c]].s;
		f[idx[c]].s = NULL;
		row->col[c] = f[idx[c]].col;
	}
	if (!row->v[CSV_NAME] || !*row->v[CSV_NAME])
		csv_bad(r, row->line, row->col[CSV_NAME], "no device name");
	if (!row->v[CSV_ADDRESS] || !*row->v[CSV_ADDRESS])
		csv_bad(r, row->line, row->col[CSV_ADDRESS], "no address");
	return 0;
}

static bool blank(const struct field *f, size_t nf)
{
	for (size_t i = 0; i < nf; i++)
		if (f[i].s && *f[i].s)
			return false;
	return true;
}

/* The whole file must be UTF-8 text: a CSV saved as GBK or Latin-1 would
 * otherwise become names and sites the YAML written by the import, the
 * report and libyaml itself refuse.  0, or -1 after a located error. */
static int check_utf8(struct reader *r)
{
	const unsigned char *p = (const unsigned char *)r->p;
	const unsigned char *end = (const unsigned char *)r->end;
	int line = 1, col = 1;

	while (p < end) {
		size_t n = *p ? text_utf8_len(p, (size_t)(end - p)) : 0;

		if (n == 0) {
			char msg[200];

			snprintf(msg, sizeof(msg), "%s (byte 0x%02X): save the "
				 "CSV as UTF-8 (in Excel: \"CSV UTF-8\")",
				 *p ? "not UTF-8 text" : "a NUL byte", *p);
			csv_bad(r, line, col, msg);
			return -1;
		}
		if (*p == '\n') {
			line++;
			col = 1;
		} else {
			col++;
		}
		p += n;
	}
	return 0;
}

int inv_csv_parse(const char *file, const char *data, size_t len,
		  struct inv_csv *out, struct si_diags *diags)
{
	struct reader r = {.file = file, .p = data, .end = data + len,
			   .line = 1, .col = 1, .diags = diags};
	struct field f[CSV_MAX_FIELDS];
	int idx[CSV__COUNT] = {CSV_NAME, CSV_ADDRESS, CSV_PROFILE, CSV_GROUP,
			       CSV_SITE};
	bool first = true;
	size_t nf;

	memset(out, 0, sizeof(*out));
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		r.p += 3;	/* byte order mark */
	if (check_utf8(&r) < 0)
		return -1;
	while (read_record(&r, f, &nf)) {
		if (!blank(f, nf)) {
			if (first && is_header(f, nf)) {
				out->header = true;
				map_header(&r, f, nf, idx);
			} else if (add_row(&r, out, f, nf, idx) < 0) {
				csv_bad(&r, r.line, 1, "out of memory");
			}
			first = false;
		}
		for (size_t i = 0; i < nf; i++)
			free(f[i].s);
	}
	if (out->n == 0 && r.nerr == 0)
		csv_bad(&r, r.line, 1, "no device in the file");
	if (r.nerr) {
		inv_csv_free(out);
		return -1;
	}
	return 0;
}

int inv_csv_load(const char *path, struct inv_csv *out,
		 struct si_diags *diags)
{
	struct si_error err;
	char *data;
	size_t len;
	int rc;

	memset(out, 0, sizeof(*out));
	if (fs_read_file(path, INV_CSV_MAX_BYTES, &data, &len, &err) < 0) {
		si_diags_add(diags, &err);
		return -1;
	}
	rc = inv_csv_parse(path, data, len, out, diags);
	free(data);
	return rc;
}

void inv_csv_free(struct inv_csv *c)
{
	for (size_t i = 0; i < c->n; i++)
		for (int k = 0; k < CSV__COUNT; k++)
			free(c->rows[i].v[k]);
	free(c->rows);
	memset(c, 0, sizeof(*c));
}

/* A double-quoted YAML scalar.  YAML allows no control character in a
 * document, escaped or not: C0, DEL, C1 (U+0080-U+009F) and the
 * non-characters U+FEFF, U+FFFE, U+FFFF are written as escapes (the text
 * is valid UTF-8: check_utf8). */
static void yq(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		if (*p == '"' || *p == '\\') {
			fprintf(f, "\\%c", *p);
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(f, "\\x%02x", *p);
		} else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			fprintf(f, "\\x%02x", p[1]);
			p++;
		} else if (p[0] == 0xef && ((p[1] == 0xbb && p[2] == 0xbf) ||
					    (p[1] == 0xbf && p[2] >= 0xbe))) {
			fprintf(f, "\\u%04X", 0xf000u | (p[1] & 0x3fu) << 6 |
						(p[2] & 0x3fu));
			p += 2;
		} else {
			fputc(*p, f);
		}
	}
	fputc('"', f);
}

int inv_csv_import(const char *path, FILE *f)
{
	struct si_diags d = {0};
	struct inv_csv c;
	char buf[2048];
	static const char *const keys[CSV__COUNT] = {"name", "address",
						     "profile", "group", "site"};

	if (inv_csv_load(path, &c, &d) < 0) {
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "%s\n", si_error_str(&d.v[i], buf,
							     sizeof(buf)));
		si_diags_free(&d);
		return EXIT_DATAERR;
	}
	for (size_t i = 0; i < c.n; i++)
		if (!inventory_name_ok(c.rows[i].v[CSV_NAME]))
			si_diags_addf(&d, path, c.rows[i].line,
				      c.rows[i].col[CSV_NAME], "device name "
				      "'%s' may hold only letters, digits, '.', "
				      "'_' and '-' (at most 64)",
				      c.rows[i].v[CSV_NAME]);
	if (d.n) {
		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "%s\n", si_error_str(&d.v[i], buf,
							     sizeof(buf)));
		si_diags_free(&d);
		inv_csv_free(&c);
		return EXIT_DATAERR;
	}
	fprintf(f, "# Imported by swinspect from %s (%zu devices).\n"
		"# Credentials by reference: set the variables named below, or "
		"use *_file.\n", path, c.n);
	fputs("defaults:\n"
	      "  snmp: {version: 2c, community_env: SNMP_COMMUNITY}\n"
	      "  ssh: {username: inspect, password_env: SSH_PASSWORD}\n", f);
	for (size_t i = 0; i < c.n; i++)
		if (c.rows[i].v[CSV_GROUP] && *c.rows[i].v[CSV_GROUP]) {
			fputs("# Groups named in the file: give each its "
			      "settings (or delete the 'group' keys).\n"
			      "groups:\n", f);
			break;
		}
	for (size_t i = 0; i < c.n; i++) {
		const char *g = c.rows[i].v[CSV_GROUP];
		bool seen = false;

		for (size_t j = 0; g && *g && j < i && !seen; j++)
			seen = c.rows[j].v[CSV_GROUP] &&
			       strcmp(c.rows[j].v[CSV_GROUP], g) == 0;
		if (g && *g && !seen) {
			fputs("  ", f);
			yq(f, g);
			fputs(": {}\n", f);
		}
	}
	fputs("devices:\n", f);
	for (size_t i = 0; i < c.n; i++) {
		const char *sep = "  - {";

		for (int k = 0; k < CSV__COUNT; k++) {
			if (!c.rows[i].v[k] || !*c.rows[i].v[k])
				continue;
			fprintf(f, "%s%s: ", sep, keys[k]);
			yq(f, c.rows[i].v[k]);
			sep = ", ";
		}
		fputs("}\n", f);
	}
	inv_csv_free(&c);
	return EXIT_OK;
}
