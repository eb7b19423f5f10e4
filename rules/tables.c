/* tables.c - see tables.h.  Versions in a table are parsed when it is
 * loaded (lint reports a bad one with a caret); ranges are kept as text and
 * matched against the running version in the family's scheme. */
#include "config.h"
#include "tables.h"
#include "expr.h"
#include "lint.h"
#include "model.h"
#include "version.h"
#include "ynode.h"
#include "jsonio.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct sw_family {
	char *name;
	char **os_families;
	size_t nos;
	char **models;
	size_t nmodels;
	int scheme;
	char *recommended, *minimum, *end_of_sale, *end_of_support, *notes;
	char **sources;
	size_t nsources;
	int verified;		/* -1: as the table says */
};

/* A software release train and its own lifecycle dates. */
struct sw_train {
	char *name;
	char **families;
	size_t nfamilies;
	char *versions;		/* a range */
	char *end_of_maintenance, *end_of_support;
};

struct sw_issue {
	char *id;
	char **families;	/* names; none: every family of the table */
	size_t nfamilies;
	char **affected;	/* ranges (any of them) */
	size_t naffected;
	char **fixed_in;
	size_t nfixed;
	char *severity;
	char *sum_en, *sum_zh;
	char *url;
	double uptime_days;	/* < 0: not an uptime issue */
	int verified;		/* -1: as the table says */
};

struct sw_table {
	char *name, *vendor, *as_of, *notes, *file;
	bool verified;
	cJSON *sources;		/* [{id, title, url}] */
	struct sw_family *fam;
	size_t nfam;
	struct sw_issue *iss;
	size_t niss;
	struct sw_train *trains;
	size_t ntrains;
};

struct sw_tables {
	struct sw_table **v;
	size_t n;
};

static const char *const table_keys[] = {
	"table", "vendor", "as_of", "verified", "notes", "sources",
	"families", "trains", "known_issues", NULL,
};
static const char *const source_keys[] = {"id", "title", "url", "note",
					  NULL};
static const char *const family_keys[] = {
	"family",	  "match",	   "version_scheme", "recommended",
	"minimum",	  "end_of_sale",   "end_of_support", "sources",
	"notes",	  "verified",	   NULL,
};
static const char *const train_keys[] = {
	"train", "families", "versions", "end_of_maintenance",
	"end_of_support", "source", NULL,
};
static const char *const match_keys[] = {"os_family", "model", NULL};
static const char *const issue_keys[] = {
	"id",	    "families", "affected", "fixed_in", "severity",
	"summary", "url",      "uptime_days", "source", "verified", NULL,
};

struct sw_tables *swt_new(void)
{
	return calloc(1, sizeof(struct sw_tables));
}

static void family_free(struct sw_family *f)
{
	free(f->name);
	lint_strlist_free(f->os_families, f->nos);
	lint_strlist_free(f->models, f->nmodels);
	free(f->recommended);
	free(f->minimum);
	free(f->end_of_sale);
	free(f->end_of_support);
	free(f->notes);
	lint_strlist_free(f->sources, f->nsources);
}

static void issue_free(struct sw_issue *i)
{
	free(i->id);
	lint_strlist_free(i->families, i->nfamilies);
	lint_strlist_free(i->affected, i->naffected);
	lint_strlist_free(i->fixed_in, i->nfixed);
	free(i->severity);
	free(i->sum_en);
	free(i->sum_zh);
	free(i->url);
}

static void train_free(struct sw_train *t)
{
	free(t->name);
	lint_strlist_free(t->families, t->nfamilies);
	free(t->versions);
	free(t->end_of_maintenance);
	free(t->end_of_support);
}

static void table_free(struct sw_table *t)
{
	if (!t)
		return;
	free(t->name);
	free(t->vendor);
	free(t->as_of);
	free(t->notes);
	free(t->file);
	cJSON_Delete(t->sources);
	for (size_t i = 0; i < t->nfam; i++)
		family_free(&t->fam[i]);
	free(t->fam);
	for (size_t i = 0; i < t->niss; i++)
		issue_free(&t->iss[i]);
	free(t->iss);
	for (size_t i = 0; i < t->ntrains; i++)
		train_free(&t->trains[i]);
	free(t->trains);
	free(t);
}

void swt_free(struct sw_tables *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		table_free(t->v[i]);
	free(t->v);
	free(t);
}

size_t swt_count(const struct sw_tables *t)
{
	return t ? t->n : 0;
}

static char *sdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* ---- loading ---------------------------------------------------------- */

static void check_version(struct lint *l, const struct ynode *n, int scheme)
{
	struct ver v;
	char why[200];

	if (n && n->kind == YN_SCALAR && !ynode_is_null(n) &&
	    ver_parse(n->str, scheme < 0 ? VER_AUTO : (enum ver_scheme)scheme,
		      &v, why, sizeof(why)) < 0)
		lint_err_in(l, n, 0, "%s", why);
}

static char *opt_date(struct lint *l, const struct ynode *m, const char *key)
{
	const struct ynode *n = ynode_get(m, key);

	if (!n || ynode_is_null(n))
		return NULL;
	return lint_date(l, n, key) ? strdup(n->str) : NULL;
}

static bool source_known(const struct sw_table *t, const char *id)
{
	const cJSON *s;

	cJSON_ArrayForEach(s, t->sources) {
		const cJSON *sid = cJSON_GetObjectItemCaseSensitive(s, "id");

		if (cJSON_IsString(sid) && strcmp(sid->valuestring, id) == 0)
			return true;
	}
	return false;
}

static void parse_match(struct lint *l, const struct ynode *m,
			struct sw_family *f)
{
	const struct ynode *n = ynode_get(m, "match");

	if (!n) {
		lint_err(l, m, "family %s: missing 'match' (os_family and/or "
			 "model globs)", f->name ? f->name : "?");
		return;
	}
	if (n->kind != YN_MAP) {
		lint_err(l, n, "match: expected {os_family: ..., model: ...}");
		return;
	}
	lint_keys(l, n, "match", match_keys);
	if (ynode_get(n, "os_family"))
		lint_strlist(l, ynode_get(n, "os_family"), &f->os_families,
			     &f->nos);
	if (ynode_get(n, "model"))
		lint_strlist(l, ynode_get(n, "model"), &f->models,
			     &f->nmodels);
	if (!f->nos && !f->nmodels)
		lint_err(l, n, "match: give os_family or model");
}

static void parse_family(struct lint *l, const struct ynode *m,
			 struct sw_table *t, struct sw_family *f)
{
	const char *s;

	lint_keys(l, m, "family", family_keys);
	f->name = sdup(lint_str(l, m, "family", true, "family"));
	f->scheme = -1;
	if ((s = lint_str(l, m, "version_scheme", false, "family")) &&
	    (f->scheme = ver_scheme_parse(s)) < 0)
		lint_err(l, ynode_get(m, "version_scheme"), "unknown version "
			 "scheme '%s' (one of %s)", s, ver_scheme_list());
	if (f->scheme < 0)
		f->scheme = ver_scheme_for(t->vendor, NULL);
	parse_match(l, m, f);
	f->recommended = sdup(lint_str(l, m, "recommended", false, f->name));
	f->minimum = sdup(lint_str(l, m, "minimum", false, f->name));
	check_version(l, ynode_get(m, "recommended"), f->scheme);
	check_version(l, ynode_get(m, "minimum"), f->scheme);
	f->end_of_sale = opt_date(l, m, "end_of_sale");
	f->end_of_support = opt_date(l, m, "end_of_support");
	f->notes = sdup(lint_str(l, m, "notes", false, f->name));
	f->verified = -1;
	if (ynode_get(m, "verified")) {
		bool b;

		if (ynode_bool(ynode_get(m, "verified"), &b) < 0)
			lint_err(l, ynode_get(m, "verified"), "verified: true "
				 "or false");
		else
			f->verified = b;
	}
	if (ynode_get(m, "sources") &&
	    lint_strlist(l, ynode_get(m, "sources"), &f->sources,
			 &f->nsources) == 0)
		for (size_t i = 0; i < f->nsources; i++)
			if (!source_known(t, f->sources[i]))
				lint_err(l, ynode_get(m, "sources"), "unknown "
					 "source '%s' (declare it under the "
					 "table's sources)", f->sources[i]);
}

static const struct sw_family *find_family(const struct sw_table *t,
					   const char *name)
{
	for (size_t i = 0; i < t->nfam; i++)
		if (t->fam[i].name && strcmp(t->fam[i].name, name) == 0)
			return &t->fam[i];
	return NULL;
}

static void check_ranges(struct lint *l, const struct ynode *n,
			 const struct sw_table *t, const struct sw_issue *is)
{
	for (size_t i = 0; n && i < is->naffected; i++) {
		const struct ynode *e = n->kind == YN_SEQ ? n->items[i] : n;
		int scheme = is->nfamilies ?
				     (find_family(t, is->families[0]) ?
					      find_family(t, is->families[0])
						      ->scheme :
					      -1) :
			     t->nfam ? t->fam[0].scheme :
				       -1;
		struct ver_range r;
		size_t off = 0;
		char why[200];

		if (ver_range_parse(is->affected[i],
				    scheme < 0 ? VER_AUTO :
						 (enum ver_scheme)scheme,
				    &r, &off, why, sizeof(why)) < 0)
			lint_err_in(l, e, off, "bad version range: %s", why);
	}
}

static void parse_issue_text(struct lint *l, const struct ynode *m,
			     struct sw_issue *is)
{
	const struct ynode *s = ynode_get(m, "summary");

	if (!s || s->kind != YN_MAP || !ynode_get(s, "en") ||
	    !ynode_get(s, "zh-CN")) {
		lint_err(l, s ? s : m, "known issue %s: 'summary' needs {en: "
			 "..., zh-CN: ...}", is->id ? is->id : "?");
		return;
	}
	is->sum_en = sdup(ynode_str(ynode_get(s, "en")));
	is->sum_zh = sdup(ynode_str(ynode_get(s, "zh-CN")));
}

static void parse_issue(struct lint *l, const struct ynode *m,
			struct sw_table *t, struct sw_issue *is)
{
	const struct ynode *n;
	const char *sev;
	double d;

	lint_keys(l, m, "known issue", issue_keys);
	is->id = sdup(lint_str(l, m, "id", true, "known issue"));
	is->uptime_days = -1;
	if ((n = ynode_get(m, "families")) &&
	    lint_strlist(l, n, &is->families, &is->nfamilies) == 0)
		for (size_t i = 0; i < is->nfamilies; i++)
			if (!find_family(t, is->families[i]))
				lint_err(l, n, "known issue %s: no family "
					 "'%s' in this table", is->id,
					 is->families[i]);
	if (!(n = ynode_get(m, "affected")))
		lint_err(l, m, "known issue %s: missing 'affected' (version "
			 "ranges)", is->id ? is->id : "?");
	else if (lint_strlist(l, n, &is->affected, &is->naffected) == 0)
		check_ranges(l, n, t, is);
	if ((n = ynode_get(m, "fixed_in")))
		lint_strlist(l, n, &is->fixed_in, &is->nfixed);
	sev = lint_str(l, m, "severity", true, "known issue");
	if (sev && severity_rank(sev) < 0)
		lint_err(l, ynode_get(m, "severity"), "unknown severity '%s'",
			 sev);
	is->severity = sdup(sev);
	parse_issue_text(l, m, is);
	is->url = sdup(lint_str(l, m, "url", false, "known issue"));
	if ((n = ynode_get(m, "uptime_days"))) {
		if (ynode_number(n, &d) < 0 || d <= 0)
			lint_err(l, n, "uptime_days: expected a number of days");
		else
			is->uptime_days = d;
	}
	if ((n = ynode_get(m, "source")) && n->kind == YN_SCALAR &&
	    !source_known(t, n->str))
		lint_err(l, n, "unknown source '%s'", n->str);
	is->verified = -1;
	if ((n = ynode_get(m, "verified"))) {
		bool b;

		if (ynode_bool(n, &b) < 0)
			lint_err(l, n, "verified: true or false");
		else
			is->verified = b;
	}
}

static void parse_train(struct lint *l, const struct ynode *m,
			struct sw_table *t, struct sw_train *tr)
{
	const struct ynode *n;
	struct ver_range r;
	char why[200];
	size_t off = 0;
	int scheme = t->nfam ? t->fam[0].scheme : -1;

	lint_keys(l, m, "train", train_keys);
	tr->name = sdup(lint_str(l, m, "train", true, "train"));
	if ((n = ynode_get(m, "families")) &&
	    lint_strlist(l, n, &tr->families, &tr->nfamilies) == 0)
		for (size_t i = 0; i < tr->nfamilies; i++) {
			const struct sw_family *f =
				find_family(t, tr->families[i]);

			if (!f)
				lint_err(l, n, "train %s: no family '%s' in "
					 "this table", tr->name ? tr->name : "?",
					 tr->families[i]);
			else if (i == 0)
				scheme = f->scheme;
		}
	tr->versions = sdup(lint_str(l, m, "versions", true, "train"));
	if (tr->versions &&
	    ver_range_parse(tr->versions, scheme < 0 ? VER_AUTO :
			    (enum ver_scheme)scheme, &r, &off, why,
			    sizeof(why)) < 0)
		lint_err_in(l, ynode_get(m, "versions"), off, "bad version "
			    "range: %s", why);
	tr->end_of_maintenance = opt_date(l, m, "end_of_maintenance");
	tr->end_of_support = opt_date(l, m, "end_of_support");
	if ((n = ynode_get(m, "source")) && n->kind == YN_SCALAR &&
	    !source_known(t, n->str))
		lint_err(l, n, "unknown source '%s'", n->str);
}

static void parse_trains(struct lint *l, const struct ynode *root,
			 struct sw_table *t)
{
	const struct ynode *k = ynode_get(root, "trains");

	if (!k || ynode_is_null(k))
		return;
	if (k->kind != YN_SEQ) {
		lint_err(l, k, "table: 'trains' must be a list");
		return;
	}
	t->trains = calloc(k->n ? k->n : 1, sizeof(*t->trains));
	for (size_t i = 0; t->trains && i < k->n; i++) {
		if (k->items[i]->kind != YN_MAP) {
			lint_err(l, k->items[i], "a train is a map");
			continue;
		}
		parse_train(l, k->items[i], t, &t->trains[t->ntrains++]);
	}
}

static void parse_sources(struct lint *l, const struct ynode *root,
			  struct sw_table *t)
{
	const struct ynode *s = ynode_get(root, "sources");

	t->sources = cJSON_CreateArray();
	if (!s || s->kind != YN_SEQ || s->n == 0) {
		lint_err(l, s ? s : root, "table: 'sources' must list where "
			 "its entries come from ({id, title, url})");
		return;
	}
	for (size_t i = 0; i < s->n; i++) {
		const struct ynode *e = s->items[i];

		if (e->kind != YN_MAP) {
			lint_err(l, e, "a source is {id, title, url}");
			continue;
		}
		lint_keys(l, e, "source", source_keys);
		lint_str(l, e, "id", true, "source");
		lint_str(l, e, "title", true, "source");
		cJSON_AddItemToArray(t->sources, ynode_to_json(e));
	}
}

static void parse_lists(struct lint *l, const struct ynode *root,
			struct sw_table *t)
{
	const struct ynode *f = ynode_get(root, "families");
	const struct ynode *k = ynode_get(root, "known_issues");

	if (!f || f->kind != YN_SEQ) {
		lint_err(l, f ? f : root, "table: 'families' must be a list");
	} else if ((t->fam = calloc(f->n ? f->n : 1, sizeof(*t->fam)))) {
		for (size_t i = 0; i < f->n; i++) {
			if (f->items[i]->kind != YN_MAP) {
				lint_err(l, f->items[i], "a family is a map");
				continue;
			}
			parse_family(l, f->items[i], t, &t->fam[t->nfam++]);
		}
	}
	if (!k || ynode_is_null(k))
		return;
	if (k->kind != YN_SEQ) {
		lint_err(l, k, "table: 'known_issues' must be a list");
	} else if ((t->iss = calloc(k->n ? k->n : 1, sizeof(*t->iss)))) {
		for (size_t i = 0; i < k->n; i++) {
			if (k->items[i]->kind != YN_MAP) {
				lint_err(l, k->items[i], "a known issue is a "
					 "map");
				continue;
			}
			parse_issue(l, k->items[i], t, &t->iss[t->niss++]);
		}
	}
}

int swt_load(struct sw_tables *ts, struct lint *l, const struct ynode *root)
{
	struct sw_table *t = calloc(1, sizeof(*t)), **v;
	const struct ynode *n;

	if (!t)
		return -1;
	lint_keys(l, root, "table", table_keys);
	t->file = strdup(l->file);
	t->name = sdup(lint_str(l, root, "table", true, "table"));
	for (size_t i = 0; t->name && i < ts->n; i++)
		if (strcmp(ts->v[i]->name, t->name) == 0)
			lint_err(l, ynode_get(root, "table"), "duplicate table "
				 "'%s' (also in %s)", t->name, ts->v[i]->file);
	t->vendor = sdup(lint_str(l, root, "vendor", true, "table"));
	if ((n = ynode_get(root, "as_of")) == NULL)
		lint_err(l, root, "table: missing 'as_of' (the date its "
			 "entries were checked)");
	else if (lint_date(l, n, "as_of"))
		t->as_of = strdup(n->str);
	if ((n = ynode_get(root, "verified")) && ynode_bool(n, &t->verified))
		lint_err(l, n, "verified: true or false");
	t->notes = sdup(lint_str(l, root, "notes", false, "table"));
	parse_sources(l, root, t);
	parse_lists(l, root, t);
	parse_trains(l, root, t);
	if (!t->name)
		t->name = strdup("?");
	v = realloc(ts->v, (ts->n + 1) * sizeof(*v));
	if (!v) {
		table_free(t);
		return -1;
	}
	ts->v = v;
	ts->v[ts->n++] = t;
	return 0;
}

/* ---- lookup ----------------------------------------------------------- */

static bool in_list_ci(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (s && strcasecmp(v[i], s) == 0)
			return true;
	return false;
}

static bool glob_any(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (s && fnmatch(v[i], s, FNM_CASEFOLD) == 0)
			return true;
	return false;
}

static bool family_matches(const struct sw_family *f, const char *osf,
			   const char *model)
{
	if (f->nos && !in_list_ci(f->os_families, f->nos, osf))
		return false;
	if (f->nmodels && !glob_any(f->models, f->nmodels, model))
		return false;
	return true;
}

static bool in_ranges(const struct ver *v, char **ranges, size_t n,
		      enum ver_scheme s, bool *ok)
{
	*ok = true;
	for (size_t i = 0; i < n; i++) {
		struct ver_range r;
		bool in;

		if (ver_range_parse(ranges[i], s, &r, NULL, NULL, 0) < 0 ||
		    ver_range_match(v, &r, &in, NULL, 0) < 0) {
			*ok = false;
			continue;
		}
		if (in)
			return true;
	}
	return false;
}

static bool issue_for(const struct sw_issue *is, const struct sw_family *f)
{
	return !is->nfamilies || in_list_ci(is->families, is->nfamilies,
					    f->name);
}

static cJSON *strlist_json(char **v, size_t n)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; a && i < n; i++)
		json_add(a, NULL, cJSON_CreateString(v[i]));
	return a;
}

static cJSON *issue_json(const struct sw_table *t, const struct sw_issue *is,
			 bool fixed_by_rec)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "id", is->id ? is->id : "?");
	cJSON_AddStringToObject(o, "severity",
				is->severity ? is->severity : "info");
	if (is->sum_en)
		cJSON_AddStringToObject(o, "summary_en", is->sum_en);
	if (is->sum_zh)
		cJSON_AddStringToObject(o, "summary_zh", is->sum_zh);
	json_add(o, "affected",
		 strlist_json(is->affected, is->naffected));
	json_add(o, "fixed_in",
		 strlist_json(is->fixed_in, is->nfixed));
	if (is->url)
		cJSON_AddStringToObject(o, "url", is->url);
	if (is->uptime_days > 0)
		cJSON_AddNumberToObject(o, "uptime_days", is->uptime_days);
	cJSON_AddBoolToObject(o, "fixed_by_recommended", fixed_by_rec);
	cJSON_AddBoolToObject(o, "verified", is->verified >= 0 ? is->verified :
							   t->verified);
	return o;
}

/* Known issues of the family that affect the running version. */
static void add_issues(cJSON *sw, const struct sw_table *t,
		       const struct sw_family *f, const char *running)
{
	enum ver_scheme s = (enum ver_scheme)f->scheme;
	struct ver run, rec;
	bool have_rec, ok;
	cJSON *list;
	int fixed = 0;

	if (!running || ver_parse(running, s, &run, NULL, 0) < 0)
		return;	/* no known_issues: rules reading them are not
			 * evaluated */
	have_rec = f->recommended &&
		   ver_parse(f->recommended, s, &rec, NULL, 0) == 0;
	list = cJSON_AddArrayToObject(sw, "known_issues");
	for (size_t i = 0; i < t->niss; i++) {
		const struct sw_issue *is = &t->iss[i];
		bool by_rec;

		if (!issue_for(is, f) ||
		    !in_ranges(&run, is->affected, is->naffected, s, &ok))
			continue;
		by_rec = have_rec &&
			 !in_ranges(&rec, is->affected, is->naffected, s, &ok) &&
			 ok;
		fixed += by_rec;
		json_add(list, NULL, issue_json(t, is, by_rec));
	}
	if (have_rec)
		cJSON_AddNumberToObject(sw, "issues_fixed_by_recommended",
					fixed);
}

static void add_str(cJSON *o, const char *k, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, k, v);
}

/* The release train of the running version, with its own dates. */
static void add_train(cJSON *sw, const struct sw_table *t,
		      const struct sw_family *f, const char *running)
{
	enum ver_scheme s = (enum ver_scheme)f->scheme;
	struct ver run;
	bool ok;

	if (!running || ver_parse(running, s, &run, NULL, 0) < 0)
		return;
	for (size_t i = 0; i < t->ntrains; i++) {
		const struct sw_train *tr = &t->trains[i];

		if ((tr->nfamilies && !in_list_ci(tr->families, tr->nfamilies,
						   f->name)) ||
		    !tr->versions || !in_ranges(&run, (char **)&tr->versions, 1,
						s, &ok))
			continue;
		add_str(sw, "train", tr->name);
		add_str(sw, "train_end_of_maintenance",
			tr->end_of_maintenance);
		add_str(sw, "train_end_of_support", tr->end_of_support);
		return;
	}
}

static cJSON *sw_object(const struct sw_table *t, const struct sw_family *f,
			const char *running)
{
	cJSON *sw = cJSON_CreateObject(), *src;
	char buf[300];
	bool verified = f->verified >= 0 ? f->verified : t->verified;

	add_str(sw, "table", t->name);
	add_str(sw, "family", f->name);
	add_str(sw, "vendor", t->vendor);
	add_str(sw, "scheme", ver_scheme_name((enum ver_scheme)f->scheme));
	add_str(sw, "as_of", t->as_of);
	cJSON_AddBoolToObject(sw, "verified", verified);
	add_str(sw, "running", running);
	add_str(sw, "recommended", f->recommended);
	add_str(sw, "minimum", f->minimum);
	add_str(sw, "end_of_sale", f->end_of_sale);
	add_str(sw, "end_of_support", f->end_of_support);
	add_str(sw, "notes", f->notes);
	json_add(sw, "sources",
		 strlist_json(f->sources, f->nsources));
	add_issues(sw, t, f, running);
	add_train(sw, t, f, running);
	snprintf(buf, sizeof(buf), "table:%s (%s, as of %s%s)", t->name,
		 f->name ? f->name : "?", t->as_of ? t->as_of : "?",
		 verified ? "" : ", unverified");
	src = cJSON_AddObjectToObject(sw, "src");
	cJSON_AddStringToObject(src, "_", buf);
	if (running)
		cJSON_AddStringToObject(src, "running", "facts:system.os.version");
	return sw;
}

static const char *get_str(const cJSON *facts, const char *a, const char *b,
			   const char *c)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(facts, a);

	o = cJSON_GetObjectItemCaseSensitive(o, b);
	if (c)
		o = cJSON_GetObjectItemCaseSensitive(o, c);
	return cJSON_IsString(o) ? o->valuestring : NULL;
}

cJSON *swt_lookup(const struct sw_tables *ts, const cJSON *facts, char *why,
		  size_t whylen)
{
	const char *vendor = get_str(facts, "system", "vendor", NULL);
	const char *model = get_str(facts, "system", "model", NULL);
	const char *osf = get_str(facts, "system", "os", "family");
	const char *running = get_str(facts, "system", "os", "version");

	for (size_t i = 0; ts && vendor && i < ts->n; i++) {
		const struct sw_table *t = ts->v[i];

		if (!t->vendor || strcasecmp(t->vendor, vendor) != 0)
			continue;
		for (size_t j = 0; j < t->nfam; j++)
			if (family_matches(&t->fam[j], osf, model))
				return sw_object(t, &t->fam[j], running);
	}
	if (why)
		snprintf(why, whylen, "no software table covers vendor %s, "
			 "OS family %s, model %s", vendor ? vendor : "(unknown)",
			 osf ? osf : "(unknown)", model ? model : "(unknown)");
	return NULL;
}

cJSON *swt_summary(const struct sw_tables *ts)
{
	cJSON *a = cJSON_CreateArray();

	for (size_t i = 0; a && ts && i < ts->n; i++) {
		const struct sw_table *t = ts->v[i];
		cJSON *o = cJSON_CreateObject();

		add_str(o, "table", t->name);
		add_str(o, "vendor", t->vendor);
		add_str(o, "as_of", t->as_of);
		cJSON_AddBoolToObject(o, "verified", t->verified);
		add_str(o, "file", t->file);
		cJSON_AddNumberToObject(o, "families", (double)t->nfam);
		cJSON_AddNumberToObject(o, "known_issues", (double)t->niss);
		cJSON_AddNumberToObject(o, "trains", (double)t->ntrains);
		json_add(o, "sources",
			 cJSON_Duplicate(t->sources, true));
		json_add(a, NULL, o);
	}
	return a;
}

/* ---- the per-device software row (findings.json `software`) ------------ */

static void copy_str(cJSON *to, const char *key, const cJSON *from)
{
	const char *v = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(from, key));

	if (v)
		cJSON_AddStringToObject(to, key, v);
}

/* The family's sources as {id, title, url}: its own ids looked up in the
 * table's list, else the table's list. */
static cJSON *row_sources(const struct sw_tables *ts, const cJSON *sw)
{
	const char *name = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(sw, "table"));
	const cJSON *ids = cJSON_GetObjectItemCaseSensitive(sw, "sources");
	const cJSON *s, *id;

	for (size_t i = 0; name && ts && i < ts->n; i++) {
		const struct sw_table *t = ts->v[i];
		cJSON *out;

		if (strcmp(t->name, name) != 0)
			continue;
		if (cJSON_GetArraySize(ids) == 0)
			return cJSON_Duplicate(t->sources, true);
		out = cJSON_CreateArray();
		cJSON_ArrayForEach(id, ids)
			cJSON_ArrayForEach(s, t->sources)
				if (cJSON_IsString(id) &&
				    strcmp(cJSON_GetStringValue(
					cJSON_GetObjectItemCaseSensitive(s, "id"))
					?: "", id->valuestring) == 0)
					json_add(out, NULL,
						 cJSON_Duplicate(s, true));
		return out;
	}
	return cJSON_CreateArray();
}

/* < 0, 0, > 0, or 2 when a or b is absent or they have no order. */
static int vcmp(const cJSON *sw, const char *a, const char *b)
{
	const char *sn = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(sw, "scheme"));
	int scheme = sn ? ver_scheme_parse(sn) : -1;
	int cmp;

	if (!a || !b || ver_compare_str(a, b, scheme < 0 ? VER_AUTO :
					(enum ver_scheme)scheme, &cmp, NULL,
					0) < 0)
		return 2;
	return cmp < 0 ? -1 : cmp > 0;
}

static bool date_passed(const cJSON *sw, const char *key, long today)
{
	const char *d = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(sw, key));
	long days = d ? x_days(d) : -1;

	return today >= 0 && days >= 0 && days < today;
}

/* The verdict the software pack's rules would reach, as one word, and
 * why (English). */
static const char *row_status(const cJSON *sw, long today, char *why,
			      size_t n)
{
	const char *run = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(sw, "running"));
	const char *rec = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(sw, "recommended"));
	const char *min = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(sw, "minimum"));
	const cJSON *fixed = cJSON_GetObjectItemCaseSensitive(
		sw, "issues_fixed_by_recommended");
	int issues = cJSON_IsNumber(fixed) ? fixed->valueint : 0;
	int c_rec = vcmp(sw, run, rec), c_min = vcmp(sw, run, min);

	if (!run)
		return snprintf(why, n, "the running version was not "
				"collected"), "not_collected";
	if (date_passed(sw, "end_of_support", today) ||
	    date_passed(sw, "train_end_of_support", today))
		return snprintf(why, n, "past its end of support"),
		       "end_of_support";
	if (c_min < 0)
		return snprintf(why, n, "below the minimum release %s", min),
		       "upgrade_advised";
	if (issues > 0)	/* issues the recommended release does not have */
		return snprintf(why, n, "%d known issue%s fixed in the "
				"recommended release %s", issues,
				issues == 1 ? "" : "s", rec), "upgrade_advised";
	if (c_rec < 0)
		return snprintf(why, n, "below the recommended release %s",
				rec), "upgrade_advised";
	if (c_rec == 0)
		return snprintf(why, n, "the recommended release"),
		       "recommended";
	if (c_rec == 1 || (c_rec == 2 && rec && c_min >= 0 && c_min != 2))
		return snprintf(why, n, c_rec == 1 ? "newer than the "
				"recommended release %s" : "on another train "
				"than the recommended release %s, at or "
				"above the minimum", rec), "acceptable";
	if (!rec)
		return snprintf(why, n, "the table gives no recommended "
				"release for this family"), "unknown";
	return snprintf(why, n, "%s and the recommended release %s cannot "
			"be ordered", run, rec), "unknown";
}

cJSON *swt_software(const struct sw_tables *ts, const cJSON *facts,
		    long today)
{
	static const char *const keys[] = {
		"table", "family", "as_of", "running", "recommended",
		"minimum", "end_of_sale", "end_of_support", "train",
		"train_end_of_maintenance", "train_end_of_support", "notes",
		NULL,
	};
	char why[300];
	cJSON *sw = swt_lookup(ts, facts, why, sizeof(why));
	cJSON *row = cJSON_CreateObject(), *ids;
	const char *name = get_str(facts, "device", "name", NULL);
	const cJSON *k;
	const char *st;

	if (name)
		cJSON_AddStringToObject(row, "device", name);
	if (!sw) {
		const char *run = get_str(facts, "system", "os", "version");

		if (run)
			cJSON_AddStringToObject(row, "running", run);
		cJSON_AddStringToObject(row, "status", run ? "unknown" :
							     "not_collected");
		cJSON_AddStringToObject(row, "reason", why);
		return row;
	}
	for (const char *const *key = keys; *key; key++)
		copy_str(row, *key, sw);
	cJSON_AddBoolToObject(row, "verified", cJSON_IsTrue(
		cJSON_GetObjectItemCaseSensitive(sw, "verified")));
	ids = cJSON_AddArrayToObject(row, "known_issues");
	cJSON_ArrayForEach(k, cJSON_GetObjectItemCaseSensitive(sw,
							       "known_issues"))
		json_add(ids, NULL, cJSON_CreateString(cJSON_GetStringValue(
	    cJSON_GetObjectItemCaseSensitive(k, "id")) ?: "?"));
	if ((k = cJSON_GetObjectItemCaseSensitive(sw,
						  "issues_fixed_by_recommended")))
		json_add(row, "issues_fixed_by_recommended",
			 cJSON_Duplicate(k, true));
	st = row_status(sw, today, why, sizeof(why));
	cJSON_AddStringToObject(row, "status", st);
	cJSON_AddStringToObject(row, "reason", why);
	json_add(row, "sources", row_sources(ts, sw));
	cJSON_Delete(sw);
	return row;
}
