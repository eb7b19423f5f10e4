/* site_doc.c - see site.h: what the later stages make of the answers:
 * the site facts the rules judge, the site document OUT/site.json the
 * report reads, and the --site helpers of check and report. */
#include "config.h"
#include "site.h"
#include "error.h"
#include "fsutil.h"
#include "jsonio.h"
#include "model.h"
#include "rules/rules.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SITE_JSON_MAX (16u << 20)

static const char *const type_names[] = {"number", "yesno", "choice", "text",
					 "photo", NULL};

/* ---- the site facts and document ----------------------------------------- */

static cJSON *text_json(const struct site_text *t)
{
	cJSON *o;

	if (!t->en)
		return NULL;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "en", t->en);
	if (t->zh)
		cJSON_AddStringToObject(o, "zh-CN", t->zh);
	return o;
}

static void add_text(cJSON *o, const char *k, const struct site_text *t)
{
	cJSON *v = text_json(t);

	if (v)
		cJSON_AddItemToObject(o, k, v);
}

static cJSON *answer_value(const struct site_item *it,
			   const struct site_answer *a)
{
	switch (it->type) {
	case ST_NUMBER: return cJSON_CreateNumber(a->num);
	case ST_YESNO: return cJSON_CreateBool(a->yes);
	case ST_PHOTO: return cJSON_CreateNumber((double)a->nphotos);
	default: return cJSON_CreateString(a->str ? a->str : "");
	}
}

/* Magnus formula, Alduchov & Eskridge (1996) coefficients: good to a few
 * tenths of a degree between -40 and 50 °C. */
static bool dew_point(double t, double rh, double *dp)
{
	const double b = 17.625, c = 243.04;
	double g;

	if (rh <= 0 || rh > 100 || t <= -c)
		return false;
	g = log(rh / 100.0) + b * t / (c + t);
	*dp = round(c * g / (b - g) * 10) / 10;
	return isfinite(*dp);
}

static bool derive(const struct checklist *cl, const struct site_doc *s,
		   const struct site_derived *dv, double *v)
{
	int a = site_item_index(cl, dv->args[0]), b = site_item_index(cl, dv->args[1]);

	if (a < 0 || b < 0 || !s->ans[a].set || !s->ans[b].set)
		return false;
	return dew_point(s->ans[a].num, s->ans[b].num, v);
}

static const char *base_name(const char *p)
{
	const char *s = p ? strrchr(p, '/') : NULL;

	return s ? s + 1 : p ? p : "site.yaml";
}

cJSON *site_facts(const struct checklist *cl, const struct site_doc *s)
{
	cJSON *f = cJSON_CreateObject(), *dev, *src, *site, *srcs;
	char at[32], where[600];

	cJSON_AddStringToObject(f, "schema", "swinspect.facts/1");
	cJSON_AddStringToObject(f, "generator", PACKAGE_STRING);
	dev = cJSON_AddObjectToObject(f, "device");
	cJSON_AddStringToObject(dev, "name", SITE_DEVICE);
	if (s->site)
		cJSON_AddStringToObject(dev, "site", s->site);
	snprintf(at, sizeof(at), "%sT00:00:00Z", s->date ? s->date
							 : "1970-01-01");
	cJSON_AddStringToObject(f, "collected_at", at);
	srcs = cJSON_AddObjectToObject(f, "sources");
	cJSON_AddItemToObject(srcs, "site", src = cJSON_CreateObject());
	cJSON_AddStringToObject(src, "status", "ok");
	site = cJSON_AddObjectToObject(f, "site");
	src = cJSON_CreateObject();
	for (size_t i = 0; i < cl->nitems; i++) {
		const struct site_answer *a = &s->ans[i];

		if (!a->set)
			continue;
		cJSON_AddItemToObject(site, cl->items[i].id,
				      answer_value(&cl->items[i], a));
		if (a->line)
			snprintf(where, sizeof(where), "site:%s:%d:%d",
				 base_name(s->file), a->line, a->col);
		else
			snprintf(where, sizeof(where), "site:%s",
				 base_name(s->file));
		cJSON_AddStringToObject(src, cl->items[i].id, where);
	}
	for (size_t i = 0; i < cl->nderived; i++) {
		double v;

		if (!derive(cl, s, &cl->derived[i], &v))
			continue;
		cJSON_AddNumberToObject(site, cl->derived[i].id, v);
		snprintf(where, sizeof(where), "derived:dew_point(%s, %s)",
			 cl->derived[i].args[0], cl->derived[i].args[1]);
		cJSON_AddStringToObject(src, cl->derived[i].id, where);
	}
	cJSON_AddItemToObject(site, "src", src);
	return f;
}

static cJSON *photos_json(const struct site_answer *a)
{
	cJSON *list = cJSON_CreateArray();

	for (size_t i = 0; i < a->nphotos; i++) {
		cJSON *p = cJSON_CreateObject();
		char *abs = realpath(a->photos[i].path, NULL);

		cJSON_AddStringToObject(p, "file", base_name(a->photos[i].file));
		cJSON_AddStringToObject(p, "path", abs ? abs
						       : a->photos[i].path);
		free(abs);
		if (a->photos[i].caption)
			cJSON_AddStringToObject(p, "caption",
						a->photos[i].caption);
		cJSON_AddItemToArray(list, p);
	}
	return list;
}

static cJSON *item_json(const struct site_item *it,
			const struct site_answer *a)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "id", it->id);
	cJSON_AddStringToObject(o, "type", type_names[it->type]);
	add_text(o, "section", &it->section);
	add_text(o, "question", &it->question);
	add_text(o, "criterion", &it->criterion);
	if (it->unit)
		cJSON_AddStringToObject(o, "unit", it->unit);
	cJSON_AddBoolToObject(o, "required", it->required);
	if (a->set && it->type != ST_PHOTO)
		cJSON_AddItemToObject(o, "answer", answer_value(it, a));
	for (size_t i = 0; a->set && i < it->nopts; i++)
		if (it->type == ST_CHOICE && a->str &&
		    strcmp(a->str, it->opts[i].value) == 0)
			add_text(o, "answer_label", &it->opts[i].label);
	if (a->note)
		cJSON_AddStringToObject(o, "note", a->note);
	if (it->type == ST_PHOTO)
		cJSON_AddItemToObject(o, "photos", photos_json(a));
	return o;
}

cJSON *site_document(const struct checklist *cl, const struct site_doc *s)
{
	cJSON *d = cJSON_CreateObject(), *c, *items, *srcs;
	char *abs = s->file ? realpath(s->file, NULL) : NULL;

	cJSON_AddStringToObject(d, "schema", SITE_SCHEMA_ID);
	cJSON_AddStringToObject(d, "generator", PACKAGE_STRING);
	if (s->file)
		cJSON_AddStringToObject(d, "file", abs ? abs : s->file);
	free(abs);
	c = cJSON_AddObjectToObject(d, "checklist");
	cJSON_AddStringToObject(c, "name", cl->name);
	cJSON_AddStringToObject(c, "version", cl->version);
	add_text(c, "title", &cl->title);
	srcs = cJSON_AddArrayToObject(c, "sources");
	for (size_t i = 0; i < cl->nsources; i++)
		cJSON_AddItemToArray(srcs, cJSON_CreateString(cl->sources[i]));
	if (s->site)
		cJSON_AddStringToObject(d, "site", s->site);
	if (s->engineer)
		cJSON_AddStringToObject(d, "engineer", s->engineer);
	if (s->date)
		cJSON_AddStringToObject(d, "date", s->date);
	if (s->ack_name || s->ack_date) {
		cJSON *a = cJSON_AddObjectToObject(d, "acknowledgement");

		if (s->ack_name)
			cJSON_AddStringToObject(a, "name", s->ack_name);
		if (s->ack_date)
			cJSON_AddStringToObject(a, "date", s->ack_date);
	}
	items = cJSON_AddArrayToObject(d, "items");
	for (size_t i = 0; i < cl->nitems; i++)
		cJSON_AddItemToArray(items, item_json(&cl->items[i],
						      &s->ans[i]));
	for (size_t i = 0; i < cl->nderived; i++) {
		const struct site_derived *dv = &cl->derived[i];
		cJSON *o = cJSON_CreateObject();
		double v;

		cJSON_AddStringToObject(o, "id", dv->id);
		cJSON_AddStringToObject(o, "type", "derived");
		add_text(o, "question", &dv->label);
		add_text(o, "criterion", &dv->criterion);
		if (dv->unit)
			cJSON_AddStringToObject(o, "unit", dv->unit);
		cJSON_AddBoolToObject(o, "required", false);
		if (derive(cl, s, dv, &v))
			cJSON_AddNumberToObject(o, "answer", v);
		cJSON_AddItemToArray(items, o);
	}
	cJSON_AddItemToObject(d, "facts", site_facts(cl, s));
	return d;
}

/* ---- the stages ---------------------------------------------------------- */

static void print_diags(const struct si_diags *d)
{
	char buf[2048];

	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "%s\n", si_error_str(&d->v[i], buf,
							 sizeof(buf)));
}

int site_prepare(const char *out, const char *site_file,
		 const char *checklist)
{
	struct si_diags d = {0};
	char *name = checklist ? NULL : site_checklist_of(site_file);
	char *clpath = checklist ? strdup(checklist)
				 : checklist_builtin_path(name);
	struct checklist *cl = NULL;
	struct site_doc *s = NULL;
	struct si_error err;
	cJSON *doc;
	char *file;
	int rc = EXIT_OK;

	if (name && clpath && !fs_exists(clpath))
		si_diags_addf(&d, site_file, 0, 0, "these are answers to "
			      "checklist '%s', which is not built in: give it "
			      "with --checklist FILE (or 'checklist:' in the "
			      "configuration file)", name);
	else if (clpath)
		cl = checklist_load(clpath, &d);
	if (cl)
		s = site_load(site_file, cl, true, &d);
	if (!s) {
		print_diags(&d);
		fprintf(stderr, "swinspect: %s: the site answers are not "
			"usable (%zu problem(s)); fix them and run again\n",
			site_file, d.n);
		rc = EXIT_DATAERR;
	} else if (fs_mkdirs(out, FS_DIR_MODE, &err) < 0 ||
		   !(file = fs_join(out, "site.json"))) {
		fprintf(stderr, "swinspect: %s: %s\n", out, err.msg);
		rc = EXIT_SOFTWARE;
	} else {
		doc = site_document(cl, s);
		if (json_write_file(file, doc, &err) < 0) {
			fprintf(stderr, "swinspect: %s\n", err.msg);
			rc = EXIT_SOFTWARE;
		}
		cJSON_Delete(doc);
		free(file);
	}
	si_diags_free(&d);
	site_free(s);
	checklist_free(cl);
	free(clpath);
	free(name);
	return rc;
}

int site_eval(const char *out, const struct rule_set *rs,
	      const cJSON *waivers, const char *today, struct rules_doc *fd)
{
	char *file = fs_join(out, "site.json");
	struct si_error err;
	cJSON *doc = NULL;
	const cJSON *facts;
	int rc = EXIT_OK;
	char buf[2048];

	if (!file || !fs_exists(file)) {
		free(file);
		return EXIT_OK;
	}
	doc = json_read_file(file, SITE_JSON_MAX, &err);
	facts = cJSON_GetObjectItemCaseSensitive(doc, "facts");
	if (!cJSON_IsObject(facts) ||
	    !cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(facts, "site"))) {
		if (doc)
			si_error_set(&err, file, 0, 0, "not a site document "
				     "(no facts.site)");
		fprintf(stderr, "%s\n", si_error_str(&err, buf, sizeof(buf)));
		rc = EXIT_DATAERR;
	} else if (rules_doc_device(fd, rs, facts, waivers, today,
				    &err) < 0) {
		fprintf(stderr, "swinspect: site: %s\n", err.msg);
		rc = EXIT_SOFTWARE;
	}
	cJSON_Delete(doc);
	free(file);
	return rc;
}
