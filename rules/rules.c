/* rules.c - the public face of rules/ (rules.h): loading files and
 * folders, summaries for the report.  Loading checks everything lint
 * checks; a set with any error is not returned. */
#include "config.h"
#include "rules.h"
#include "ruleset.h"
#include "datadir.h"
#include "error.h"
#include "expr.h"
#include "fschema.h"
#include "fsutil.h"
#include "lint.h"
#include "loader.h"
#include "log.h"
#include "tables.h"
#include "ynode.h"
#include "jsonio.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#define RULES_MAX_FILE (16u << 20)

struct load {
	struct rule_set *rs;
	struct si_diags *diags;
	struct fschema *schema;
	struct fschema *sw_schema;
	size_t errors;
};

void rules_free(struct rule_set *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; i < rs->nrules; i++)
		rule_free(rs->rules[i]);
	free(rs->rules);
	for (size_t i = 0; i < rs->npacks; i++)
		rule_pack_free(rs->packs[i]);
	free(rs->packs);
	swt_free(rs->tables);
	for (size_t i = 0; i < rs->nbatches; i++)
		free(rs->batches[i].rules);
	free(rs->batches);
	free(rs);
}

char *rules_builtin_dir(void)
{
	return datadir_path("rules/packs");
}

char *rules_tables_dir(void)
{
	return datadir_path("rules/tables");
}

static void load_doc(struct load *ld, struct lint *l, const struct ynode *root)
{
	if (!root || root->kind != YN_MAP) {
		lint_err(l, root, "expected a rule pack (pack: ...) or a table "
			 "(table: ...)");
	} else if (ynode_get(root, "pack")) {
		loader_pack(l, root, ld->rs);
	} else if (ynode_get(root, "table")) {
		swt_load(ld->rs->tables, l, root);
	} else {
		lint_err(l, root, "neither a rule pack (no 'pack:') nor a "
			 "table (no 'table:')");
	}
}

/* A file's messages in the order of their lines (checks run key by key,
 * a reader reads top to bottom). */
static void sort_diags(struct si_diags *d, size_t from)
{
	for (size_t i = from + 1; i < d->n; i++) {
		struct si_error e = d->v[i];
		size_t j = i;

		while (j > from && (d->v[j - 1].line > e.line ||
				    (d->v[j - 1].line == e.line &&
				     d->v[j - 1].col > e.col))) {
			d->v[j] = d->v[j - 1];
			j--;
		}
		d->v[j] = e;
	}
}

static void load_file(struct load *ld, const char *path)
{
	struct lint l = {.diags = ld->diags, .file = path,
			 .schema = ld->schema, .sw_schema = ld->sw_schema};
	struct si_error err;
	struct ydoc *doc;
	char *text;
	size_t len, from = ld->diags->n;

	if (fs_read_file(path, RULES_MAX_FILE, &text, &len, &err) < 0) {
		si_diags_add(ld->diags, &err);
		ld->errors++;
		return;
	}
	l.text = text;
	l.len = len;
	doc = ydoc_load_string(path, text, len, &err);
	if (!doc) {
		struct ynode at = {.line = err.line, .col = err.col};

		lint_err(&l, err.line ? &at : NULL, "%s", err.msg);
	} else {
		load_doc(ld, &l, doc->root);
		ydoc_free(doc);
	}
	ld->errors += l.errors;
	sort_diags(ld->diags, from);
	free(text);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool yaml_name(const char *n)
{
	size_t len = strlen(n);

	return n[0] != '.' &&
	       ((len > 5 && strcmp(n + len - 5, ".yaml") == 0) ||
		(len > 4 && strcmp(n + len - 4, ".yml") == 0));
}

/* Every *.yaml of a folder, in name order. */
static void load_dir(struct load *ld, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;
	bool nomem = false;

	if (!d) {
		si_diags_addf(ld->diags, dir, 0, 0, "cannot read the folder");
		ld->errors++;
		return;
	}
	while ((de = readdir(d))) {
		char **v;

		if (!yaml_name(de->d_name))
			continue;
		if (!(v = realloc(names, (n + 1) * sizeof(*v))) ||
		    !((names = v)[n] = fs_join(dir, de->d_name))) {
			nomem = true;
			break;
		}
		n++;
	}
	closedir(d);
	if (nomem) {	/* a file left out would go unnoticed */
		si_diags_addf(ld->diags, dir, 0, 0, "out of memory");
		ld->errors++;
	} else if (n) {
		qsort(names, n, sizeof(*names), by_name);
		for (size_t i = 0; i < n; i++)
			load_file(ld, names[i]);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void load_path(struct load *ld, const char *path)
{
	if (fs_is_dir(path))
		load_dir(ld, path);
	else if (fs_exists(path))
		load_file(ld, path);
	else {
		si_diags_addf(ld->diags, path, 0, 0, "no such file or folder");
		ld->errors++;
	}
}

static struct fschema *facts_schema(void)
{
	char *p = datadir_path("common/schema/facts.schema.json");
	struct si_error err;
	struct fschema *s = p ? fschema_load(p, &err) : NULL;
	static bool warned;

	if (!s && !warned) {
		warned = true;
		log_warn("rules", "facts schema not loaded (%s): fact paths in "
			 "rules are not checked", p ? err.msg : "no memory");
	}
	free(p);
	return s;
}

static bool same_dir(const char *a, const char *b)
{
	char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
	bool same = ra && rb && strcmp(ra, rb) == 0;

	free(ra);
	free(rb);
	return same;
}

struct rule_set *rules_load(const char *const *paths, size_t npaths,
			    struct si_diags *diags)
{
	struct load ld = {.diags = diags};
	char *tables = rules_tables_dir();
	bool tables_given = false;

	ld.rs = calloc(1, sizeof(*ld.rs));
	if (!ld.rs || !(ld.rs->tables = swt_new())) {
		free(ld.rs);
		free(tables);
		si_diags_addf(diags, NULL, 0, 0, "out of memory");
		return NULL;
	}
	if (!tables) {
		rules_free(ld.rs);
		si_diags_addf(diags, NULL, 0, 0, "out of memory");
		return NULL;
	}
	ld.schema = facts_schema();
	ld.sw_schema = lint_sw_schema();
	for (size_t i = 0; i < npaths; i++)
		tables_given |= same_dir(paths[i], tables);
	if (!tables_given && fs_is_dir(tables))
		load_dir(&ld, tables);
	for (size_t i = 0; i < npaths; i++)
		load_path(&ld, paths[i]);
	free(tables);
	fschema_free(ld.schema);
	fschema_free(ld.sw_schema);
	if (!ld.errors && ruleset_plan(ld.rs) < 0) {
		si_diags_addf(diags, NULL, 0, 0, "out of memory");
		ld.errors++;
	}
	if (ld.errors) {
		rules_free(ld.rs);
		return NULL;
	}
	return ld.rs;
}

cJSON *rules_packs_summary(const struct rule_set *rs)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; a && rs && i < rs->npacks; i++) {
		const struct rule_pack *p = rs->packs[i];
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "pack", p->name);
		cJSON_AddStringToObject(o, "version",
					p->version ? p->version : "");
		cJSON_AddNumberToObject(o, "rules", (double)p->nrules);
		if (p->as_of)
			cJSON_AddStringToObject(o, "as_of", p->as_of);
		json_add(a, NULL, o);
	}
	return a;
}

cJSON *rules_tables_summary(const struct rule_set *rs)
{
	return swt_summary(rs ? rs->tables : NULL);
}

cJSON *rules_software(const struct rule_set *rs, const cJSON *facts,
		      const char *today)
{
	return swt_software(rs ? rs->tables : NULL, facts,
			    today ? x_days(today) : -1);
}

cJSON *rules_catalog(const struct rule_set *rs)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; a && rs && i < rs->nrules; i++) {
		const struct rule *r = rs->rules[i];
		cJSON *o = cJSON_CreateObject(), *t;

		cJSON_AddStringToObject(o, "id", r->id);
		cJSON_AddStringToObject(o, "pack", r->pack->name);
		cJSON_AddStringToObject(o, "severity", r->severity);
		cJSON_AddStringToObject(o, "category", r->category);
		t = cJSON_AddObjectToObject(o, "title");
		cJSON_AddStringToObject(t, "en", r->title.en ? r->title.en : "");
		cJSON_AddStringToObject(t, "zh-CN",
					r->title.zh ? r->title.zh : "");
		json_add(a, NULL, o);
	}
	return a;
}

size_t rules_count(const struct rule_set *rs)
{
	return rs ? rs->nrules : 0;
}

int rules_set_param(struct rule_set *rs, const char *pack, const char *name,
		    double value)
{
	int changed = 0;

	for (size_t i = 0; rs && name && i < rs->npacks; i++) {
		struct rule_pack *p = rs->packs[i];
		cJSON *old = cJSON_GetObjectItemCaseSensitive(p->params, name);

		if ((pack && strcmp(pack, p->name) != 0) || !cJSON_IsNumber(old))
			continue;
		cJSON_SetNumberValue(old, value);
		changed++;
	}
	return changed;
}
