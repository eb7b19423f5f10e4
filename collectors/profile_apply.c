/* profile_apply.c - outputs to facts: each output is parsed with its
 * command's template, the emit blocks turn the records into fields, and
 * merge.c writes them into the facts next to what another collector (SNMP)
 * already wrote (doc/profiles.md). */
#include "config.h"
#include "profile_int.h"
#include "error.h"
#include "facts.h"
#include "log.h"
#include "merge.h"
#include "textfsm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct actx {
	const struct profile *p;
	const char *source;
	cJSON *facts;
	char src[600];
	int written;
	bool nomem;
};

static cJSON *pv_json(struct pv *v)
{
	cJSON *j = NULL;

	switch (v->k) {
	case PV_STR: j = cJSON_CreateString(v->s); break;
	case PV_NUM: j = cJSON_CreateNumber(v->n); break;
	case PV_BOOL: j = cJSON_CreateBool(v->b); break;
	case PV_LIST: j = v->list; v->list = NULL; break;
	default: break;
	}
	return j;
}

static bool well_known(const char *community)
{
	static const char *const words[] = {"public", "private", "community",
					    "snmp", "admin", NULL};

	for (size_t i = 0; words[i]; i++)
		if (strcasecmp(community, words[i]) == 0)
			return true;
	return false;
}

/* Writes one computed field into obj. */
static void put(struct actx *a, cJSON *obj, const struct target_def *t,
		const struct field_def *f, struct pv *v)
{
	cJSON *j;
	enum merge_result r;

	if (f->kind == FK_REDACTED && v->k == PV_STR) {
		bool wk = well_known(v->s);

		free(v->s);
		v->s = strdup(wk ? "<redacted: well-known default>"
				 : "<redacted>");
		if (!cJSON_GetObjectItemCaseSensitive(obj, "default"))
			merge_field(obj, "default", cJSON_CreateBool(wk),
				    a->src, PREC_CLI, false);
		if (!v->s) {
			a->nomem = true;
			return;
		}
	}
	j = pv_json(v);
	if (!j) {
		a->nomem = true;
		return;
	}
	r = merge_field(obj, f->name, j, a->src, target_precision(t, f),
			f->kind == FK_STRLIST || f->kind == FK_WORDLIST);
	if (r == MERGE_NOMEM)
		a->nomem = true;
	else if (r != MERGE_SAME)
		a->written++;
}

/* The object a system field goes to: system, or system.os. */
static cJSON *system_obj(struct actx *a, const char *field)
{
	bool os = strcmp(field, "version") == 0 ||
		  strcmp(field, "patch") == 0 || strcmp(field, "family") == 0;

	return facts_obj(a->facts, os ? "system.os" : "system");
}

/* An object target: one record (first / last passing `when`), or every
 * record in turn (all: later ones fill what is still empty). */
static void apply_object(struct actx *a, const struct pemit *e,
			 const cJSON *recs)
{
	int n = cJSON_GetArraySize(recs);
	enum precords mode = e->records == PR_DEFAULT ? PR_FIRST : e->records;

	for (int k = 0; k < n; k++) {
		int i = mode == PR_LAST ? n - 1 - k : k;
		const cJSON *rec = cJSON_GetArrayItem(recs, i);

		if (!pconds_hold(e->when, e->nwhen, rec))
			continue;
		for (size_t f = 0; f < e->nfields; f++) {
			struct pv v;
			cJSON *obj;

			pfield_eval(&e->fields[f], rec, &v);
			if (v.k == PV_NONE)
				continue;
			obj = e->target->kind == TK_SYSTEM
				      ? system_obj(a, e->fields[f].def->name)
				      : facts_obj(a->facts, e->target->path);
			if (!obj)
				a->nomem = true;
			else
				put(a, obj, e->target, e->fields[f].def, &v);
			pv_clear(&v);
		}
		if (mode != PR_ALL)
			break;
	}
}

static bool appends_always(const struct target_def *t)
{
	return strcmp(t->path, "logs.recent") == 0 ||
	       strcmp(t->path, "config.snmp.communities") == 0;
}

/* A list target: one entry per record (or the first / last), merged with
 * the entry of the same object already there. */
/* The one entry another source wrote, when the list holds exactly one
 * and nothing of ours: a device-level singleton (one fan tray, one
 * sensor) both sources name their own way. */
static cJSON *only_other(const cJSON *list, const char *source)
{
	cJSON *e, *found = NULL;
	char col[32];
	int n = 0;

	cJSON_ArrayForEach(e, list) {
		const cJSON *src = cJSON_GetObjectItemCaseSensitive(e, "src");
		const cJSON *any = src ? src->child : NULL;

		n++;
		if (!cJSON_IsString(any) ||
		    /* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): IsString(NULL) is false */
		    strcmp(merge_src_collector(any->valuestring, col,
					       sizeof(col)), source) == 0)
			return NULL;
		found = e;
	}
	return n == 1 ? found : NULL;
}

static void apply_entry(struct actx *a, const struct pemit *e,
			const cJSON *rec, bool single, struct merge_index *ix)
{
	const char *keyf = e->merge_on ? e->merge_on : e->target->required;
	struct pv *vals = calloc(e->nfields, sizeof(*vals));
	const struct pv *key = NULL, *ent = NULL;
	cJSON *list, *obj = NULL;
	bool added = false;
	char kb[512];

	if (!vals) {
		a->nomem = true;
		return;
	}
	for (size_t f = 0; f < e->nfields; f++) {
		pfield_eval(&e->fields[f], rec, &vals[f]);
		if (strcmp(e->fields[f].def->name, keyf) == 0)
			key = &vals[f];
		if (strcmp(e->fields[f].def->name, "entity") == 0 ||
		    strcmp(e->fields[f].def->name, "index") == 0)
			ent = &vals[f];
	}
	if (!key || key->k == PV_NONE)
		goto out;	/* every entry needs its name */
	list = facts_list(a->facts, e->target->path);
	if (!list) {
		a->nomem = true;
		goto out;
	}
	if (key->k == PV_NUM)
		snprintf(kb, sizeof(kb), "%.15g", key->n);
	else
		snprintf(kb, sizeof(kb), "%s", key->k == PV_STR ? key->s : "");
	if (!appends_always(e->target)) {
		obj = merge_index_find(ix, kb,
				       ent && ent->k == PV_NUM ? ent->n : 0);
		if (!obj && single && !e->merge_on)
			obj = only_other(list, a->source);
	}
	if (!obj) {
		if (!(obj = facts_list_add(a->facts, e->target->path))) {
			a->nomem = true;
			goto out;
		}
		added = true;
	}
	for (size_t f = 0; f < e->nfields; f++)
		if (vals[f].k != PV_NONE)
			put(a, obj, e->target, e->fields[f].def, &vals[f]);
	if (added && !appends_always(e->target) &&
	    merge_index_add(ix, obj) < 0)
		a->nomem = true;
out:
	for (size_t f = 0; f < e->nfields; f++)
		pv_clear(&vals[f]);
	free(vals);
}

static void apply_list(struct actx *a, const struct pemit *e,
		       const cJSON *recs)
{
	int n = cJSON_GetArraySize(recs), passing = 0;
	enum precords mode = e->records == PR_DEFAULT ? PR_EACH : e->records;
	const char *keyf = e->merge_on ? e->merge_on : e->target->required;
	struct merge_index *ix;
	const cJSON *rec;
	/* not created here: a list nothing is added to stays absent */
	const cJSON *list = facts_get(a->facts, e->target->path);

	ix = merge_index_new(list, keyf,
			     strcmp(e->target->path, "interfaces") == 0 ||
				     strcmp(keyf, "port") == 0);
	if (!ix) {
		a->nomem = true;
		return;
	}
	cJSON_ArrayForEach(rec, recs)
		passing += pconds_hold(e->when, e->nwhen, rec);
	for (int k = 0; k < n; k++) {
		int i = mode == PR_LAST ? n - 1 - k : k;

		rec = cJSON_GetArrayItem(recs, i);
		if (!pconds_hold(e->when, e->nwhen, rec))
			continue;
		apply_entry(a, e, rec, passing == 1 || mode != PR_EACH, ix);
		if (mode != PR_EACH)
			break;
	}
	merge_index_free(ix);
}

static bool expects_records(const struct pcommand *pc)
{
	for (size_t i = 0; i < pc->nemits; i++)
		if (pc->emits[i].target->kind != TK_LIST)
			return true;
	return false;
}

static void apply_output(struct actx *a, const struct pcommand *pc,
			 const struct profile_output *o, const char *source,
			 struct si_diags *diags)
{
	struct textfsm_result *res = NULL;
	struct si_error err;
	cJSON *recs;
	int rc;

	si_error_clear(&err);
	rc = textfsm_parse(pc->tpl, o->text, o->len, o->command, NULL, &res,
			   &err);
	if (rc == TEXTFSM_ENOMEM) {
		a->nomem = true;
		return;
	}
	if (rc != 0) {
		char buf[SI_ERROR_MSG_MAX + SI_ERROR_FILE_MAX + 32];

		si_diags_addf(diags, NULL, 0, 0, "'%s' (template %s): %s",
			      o->command, pc->template_name,
			      si_error_str(&err, buf, sizeof(buf)));
		return;
	}
	recs = textfsm_result_to_cjson(res);
	textfsm_result_free(res);
	if (!recs) {
		a->nomem = true;
		return;
	}
	if (cJSON_GetArraySize(recs) == 0 && expects_records(pc))
		si_diags_addf(diags, NULL, 0, 0, "'%s': the output gives no "
			      "records (template %s)", o->command,
			      pc->template_name);
	snprintf(a->src, sizeof(a->src), "%s:%s", source, o->command);
	for (size_t i = 0; i < pc->nemits; i++) {
		const struct pemit *e = &pc->emits[i];

		if (e->target->kind == TK_LIST)
			apply_list(a, e, recs);
		else
			apply_object(a, e, recs);
	}
	cJSON_Delete(recs);
}

/* ---- comparing two outputs ------------------------------------------------ */

struct lines {
	const char *s;
	size_t len, pos;
	pcre2_code *const *ignore;
	size_t nignore;
	pcre2_match_data *md;
};

/* The next line that is not ignored, trailing white space trimmed: its
 * start and length; false at the end. */
static bool next_line(struct lines *l, const char **line, size_t *n)
{
	while (l->pos < l->len) {
		const char *b = l->s + l->pos;
		const char *nl = memchr(b, '\n', l->len - l->pos);
		size_t k = nl ? (size_t)(nl - b) : l->len - l->pos;
		bool drop = false;

		l->pos += k + (nl ? 1 : 0);
		while (k > 0 && (b[k - 1] == ' ' || b[k - 1] == '\t' ||
				 b[k - 1] == '\r'))
			k--;
		for (size_t i = 0; i < l->nignore && !drop; i++)
			drop = pcre2_match(l->ignore[i], (PCRE2_SPTR)b, k, 0, 0,
					   l->md, NULL) >= 0;
		if (drop)
			continue;
		*line = b;
		*n = k;
		return true;
	}
	return false;
}

int outputs_equal(const char *a, size_t alen, const char *b, size_t blen,
		  pcre2_code *const *ignore, size_t nignore)
{
	struct lines la = {a, alen, 0, ignore, nignore, NULL};
	struct lines lb = {b, blen, 0, ignore, nignore, NULL};
	int same = 1;

	/* one ovector pair is enough: only whether a line matches counts */
	la.md = pcre2_match_data_create(1, NULL);
	lb.md = la.md;
	if (!la.md)
		return -1;
	for (;;) {
		const char *x, *y;
		size_t nx, ny;
		bool hx = next_line(&la, &x, &nx), hy = next_line(&lb, &y, &ny);

		if (!hx || !hy) {
			same = hx == hy;
			break;
		}
		if (nx != ny || memcmp(x, y, nx) != 0) {
			same = 0;
			break;
		}
	}
	pcre2_match_data_free(la.md);
	return same;
}

/* The output of a command (as run: itself or an alternative), or NULL. */
static const struct profile_output *output_of(
	const struct profile *p, const struct profile_output *outs, size_t n,
	const char *cmd)
{
	const struct profile_command *want = profile_command_find(p, cmd);

	for (size_t i = 0; want && i < n; i++)
		if (outs[i].text && (strcmp(outs[i].command, cmd) == 0 ||
				     profile_command_find(p, outs[i].command) ==
					     want))
			return &outs[i];
	return NULL;
}

/* Each `compare` whose two outputs are both there: the field is true
 * when they are the same.  After the templates' facts: a value this
 * source already wrote stays (merge_field). */
static void compares(struct actx *a, const struct profile_output *outs,
		     size_t n)
{
	for (size_t i = 0; i < a->p->ncmps && !a->nomem; i++) {
		const struct pcompare *k = &a->p->cmps[i];
		const struct profile_output *x, *y;
		struct pv v = {.k = PV_BOOL};
		cJSON *obj;
		int same;

		x = output_of(a->p, outs, n, k->cmd[0]);
		y = output_of(a->p, outs, n, k->cmd[1]);
		if (!x || !y)
			continue;	/* one is missing: nothing is known */
		same = outputs_equal(x->text, x->len, y->text, y->len,
				     k->ignore, k->nignore);
		if (same < 0) {
			a->nomem = true;
			break;
		}
		v.b = same == 1;
		snprintf(a->src, sizeof(a->src), "%s:%s vs %s", a->source,
			 x->command, y->command);
		if (!(obj = facts_obj(a->facts, k->target->path))) {
			a->nomem = true;
			break;
		}
		put(a, obj, k->target, k->field, &v);
		log_debug("profile", "%s: '%s' and '%s' %s", a->p->name,
			  x->command, y->command, v.b ? "are the same" :
			  "differ");
	}
}

/* Entries each source names its own way, paired by slot and bay (the
 * profile's numbering says where each side counts from). */
static void positions(struct actx *a)
{
	static const char *const paths[PNUM_LISTS] = {
		[PNUM_FANS] = "environment.fans",
		[PNUM_PSUS] = "environment.power_supplies",
		[PNUM_TEMPS] = "environment.temperatures",
	};

	for (int k = 0; k < PNUM_LISTS && !a->nomem; k++) {
		cJSON *list = (cJSON *)facts_get(a->facts, paths[k]);
		int n;

		if (!list)
			continue;
		n = merge_positions(list, paths[k], a->source,
				    a->p->numbering[k][0],
				    a->p->numbering[k][1]);
		if (n < 0)
			a->nomem = true;
		else if (n > 0)
			log_debug("profile", "%s: %d %s paired by position",
				  a->p->name, n, paths[k]);
	}
}

/* system.vendor and system.os.family from the profile, where nothing
 * said them yet. */
static void identity(struct actx *a, const char *source)
{
	cJSON *sys = facts_obj(a->facts, "system");
	cJSON *os = facts_obj(a->facts, "system.os");

	if (!sys || !os) {
		a->nomem = true;
		return;
	}
	snprintf(a->src, sizeof(a->src), "%s:profile %s", source, a->p->name);
	if (!cJSON_GetObjectItemCaseSensitive(sys, "vendor"))
		facts_set_str(sys, "vendor", a->p->vendor, a->src);
	if (!cJSON_GetObjectItemCaseSensitive(os, "family"))
		facts_set_str(os, "family", a->p->family, a->src);
}

int profile_apply(const struct profile *p, const struct profile_output *outs,
		  size_t n, const char *source, cJSON *facts,
		  struct si_diags *diags)
{
	struct actx a = {.p = p, .facts = facts, .source = source};

	for (size_t i = 0; i < n && !a.nomem; i++) {
		const struct profile_command *c = profile_command_find(
			p, outs[i].command);
		const struct pcommand *pc = (const struct pcommand *)c;

		if (!pc || !pc->tpl || !outs[i].text)
			continue;
		apply_output(&a, pc, &outs[i], source, diags);
	}
	if (!a.nomem)
		compares(&a, outs, n);
	if (!a.nomem)
		positions(&a);
	if (!a.nomem)
		identity(&a, source);
	if (a.nomem)
		return -1;
	log_debug("profile", "%s: %d fields from %zu outputs", p->name,
		  a.written, n);
	return a.written;
}
