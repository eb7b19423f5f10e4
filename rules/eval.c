/* eval.c - rules over one device's facts: selection, for_each, the
 * three-valued condition, findings with their evidence, waivers.
 *
 * Per rule and item the answer is yes (a finding), no (nothing), missing
 * (an entry in not_evaluated listing the absent facts) or error (also in
 * not_evaluated, with the reason): a rule that could not be evaluated is
 * never silently ok, never a finding.  Nothing is allocated per item
 * unless it becomes a finding or a not_evaluated entry. */
#include "config.h"
#include "rules.h"
#include "ruleset.h"
#include "error.h"
#include "expr.h"
#include "jtext.h"
#include "model.h"
#include "redact.h"
#include "sbuf.h"
#include "tables.h"
#include "version.h"
#include "jsonio.h"

#include <fnmatch.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char NOT_COLLECTED[] =
	"facts needed by the rule were not collected";

struct dev {
	const cJSON *facts;
	const char *name;
	const char *vendor, *family, *model, *version;
	int scheme;
	long today;
	const cJSON *waivers;
	const struct sw_tables *tables;
	const cJSON *sw_override;
	cJSON *sw;
	bool sw_done;
	bool site;	/* the site document (agent/site.c), not a device */
	char sw_why[300];
};

/* Items of one for_each rule that could not be evaluated for the same
 * reason are reported once, with the list of their objects. */
struct ne_group {
	char *key;		/* normalised missing paths + reason */
	char *obj;		/* the first item's object */
	char *reason;
	struct sbuf miss;	/* its missing paths, NUL-separated */
	size_t nmiss;
	struct sbuf objects;	/* every item's object, JSON, comma-separated */
	int count;
};

#define NE_GROUPS 8

#define BATCH_MAX 32

struct ne_groups {
	struct ne_group g[NE_GROUPS];
	int n;
};

struct ectx {
	struct dev *dev;
	struct xctx x;
	struct rules_text *out;	/* counts */
	struct sbuf *fo, *no;	/* where findings and not-evaluated go */
	struct sbuf buf;	/* scratch, reused (rendering, keys) */
	struct sbuf obj;	/* the current object's name */
	struct sbuf seen;	/* scratch: evidence paths, missing paths */
	bool grouping;		/* inside a for_each list */
	struct ne_groups *gs;	/* the current rule's groups */
	struct ne_groups own;
	/* a batch's output per rule, reused from batch to batch */
	struct sbuf slot_f[BATCH_MAX], slot_n[BATCH_MAX];
	bool nomem;		/* a group could not be kept: output incomplete */
};

static const char *fstr(const cJSON *facts, const char *a, const char *b,
			const char *c)
{
	const cJSON *o = cJSON_GetObjectItemCaseSensitive(facts, a);

	o = cJSON_GetObjectItemCaseSensitive(o, b);
	if (c)
		o = cJSON_GetObjectItemCaseSensitive(o, c);
	return cJSON_IsString(o) ? o->valuestring : NULL;
}

static void dev_init(struct dev *d, const cJSON *facts, const cJSON *waivers,
		     const char *today, const struct sw_tables *tables,
		     const cJSON *sw_override)
{
	memset(d, 0, sizeof(*d));
	d->facts = facts;
	d->name = fstr(facts, "device", "name", NULL);
	if (!d->name)
		d->name = "";
	d->vendor = fstr(facts, "system", "vendor", NULL);
	d->family = fstr(facts, "system", "os", "family");
	d->model = fstr(facts, "system", "model", NULL);
	d->version = fstr(facts, "system", "os", "version");
	d->scheme = ver_scheme_for(d->vendor, d->family);
	d->site = cJSON_GetObjectItemCaseSensitive(facts, "site") != NULL;
	d->today = today ? x_days(today) : -1;
	d->waivers = waivers;
	d->tables = tables;
	d->sw_override = sw_override;
}

static const cJSON *dev_sw(void *ud)
{
	struct dev *d = ud;

	if (d->sw_override)
		return d->sw_override;
	if (!d->sw_done) {
		d->sw_done = true;
		d->sw = swt_lookup(d->tables, d->facts, d->sw_why,
				   sizeof(d->sw_why));
	}
	return d->sw;
}

/* ---- output entries ----------------------------------------------------- */

/* Entries are written as JSON text (rules/jtext.h), each as ",{...}": a
 * leading comma, so that buffers join by appending.  Nothing is allocated
 * per entry but the buffers' growth. */

/* The static spelling of a severity or category word. */
static const char *lit_of(const char *const *words, const char *w)
{
	for (; w && *words; words++)
		if (strcmp(*words, w) == 0)
			return *words;
	return NULL;
}

/* A text, rendered into e->buf unless it has no placeholder. */
static const char *render(struct ectx *e, const struct xtmpl *t)
{
	const char *s = tmpl_static(t);

	if (s)
		return s;
	sbuf_reset(&e->buf);
	tmpl_render(&e->x, t, &e->buf);
	return sbuf_str(&e->buf);
}

static void add_texts(struct ectx *e, struct sbuf *o, const char *key,
		      const struct rtext *t, const struct rule_json *pre)
{
	jt_key(o, key, 0);
	if (pre->s) {	/* no placeholder: written once, at load */
		sbuf_add(o, pre->s, pre->len);
		return;
	}
	sbuf_addc(o, '{');
	jt_kv(o, "en", render(e, t->ten), 1);
	jt_kv(o, "zh-CN", render(e, t->tzh), 0);
	sbuf_addc(o, '}');
}

/* The item's object name, in e->obj (valid until its next use). */
static const char *object_name(struct ectx *e, const struct rule *r,
			       const struct xscope *sc)
{
	static const char *const keys[] = {"name", "port", "id", NULL};
	struct sbuf *b = &e->obj;

	sbuf_reset(b);
	if (r->object) {
		tmpl_render(&e->x, r->object, b);
	} else if (sc) {
		for (const char *const *k = keys; *k; k++) {
			const cJSON *v =
				cJSON_GetObjectItemCaseSensitive(sc->item, *k);

			if (cJSON_IsString(v)) {
				sbuf_adds(b, v->valuestring);
				break;
			}
			if (cJSON_IsNumber(v)) {
				sbuf_addf(b, "%s %.0f", *k, v->valuedouble);
				break;
			}
		}
		if (b->len == 0)
			sbuf_addf(b, "%s[%d]", sc->list_path, sc->index);
	}
	return sbuf_str(b);
}

static const char *src_in(const cJSON *holder, const char *key)
{
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(holder, "src");
	const cJSON *v = key ? cJSON_GetObjectItemCaseSensitive(src, key) :
			       NULL;

	if (!cJSON_IsString(v))
		v = cJSON_GetObjectItemCaseSensitive(src, "_");
	/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): IsString(NULL) is false */
	return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* A fact's value as evidence: never a secret, long lists cut at 32. */
static void value_text(struct sbuf *o, const cJSON *v, const char *path)
{
	const cJSON *el;
	int i = 0;

	if (cJSON_IsString(v) && strstr(path, "communit") &&
	    strncmp(v->valuestring, "<redacted", 9) != 0) {
		jt_str(o, REDACTED);
		return;
	}
	if (!cJSON_IsArray(v) || cJSON_GetArraySize(v) <= 32) {
		jt_json(o, v);
		return;
	}
	sbuf_addc(o, '[');
	cJSON_ArrayForEach(el, v) {
		if (i == 32)
			break;
		if (i++)
			sbuf_addc(o, ',');
		jt_json(o, el);
	}
	sbuf_addc(o, ']');
}

static void xval_text(struct sbuf *o, const struct xval *v)
{
	switch (v->k) {
	case XV_BOOL:
		sbuf_adds(o, v->b ? "true" : "false");
		break;
	case XV_NUM:
		jt_num(o, v->n);
		break;
	case XV_STR:
	case XV_VER:
		jt_str(o, v->s);
		break;
	case XV_JSON:
		jt_json(o, v->j);
		break;
	default:
		sbuf_adds(o, "null");
	}
}

/* Paths already in the evidence (offsets into e->seen). */
struct seen {
	size_t off[XCTX_MAX_READS + 1];
	size_t n;
};

static bool seen_add(struct ectx *e, struct seen *s, const char *path)
{
	for (size_t i = 0; i < s->n; i++)
		if (strcmp(e->seen.s + s->off[i], path) == 0)
			return false;
	if (s->n < XCTX_MAX_READS + 1) {
		s->off[s->n++] = e->seen.len;
		sbuf_add(&e->seen, path, strlen(path) + 1);
	}
	return true;
}

static void add_read(struct ectx *e, const struct rule *r, struct sbuf *o,
		     const struct xread *rd, struct seen *seen)
{
	struct sbuf *b = &e->buf;
	const char *src = NULL;

	sbuf_reset(b);
	xread_path(rd, b);
	if (!seen_add(e, seen, sbuf_str(b)))
		return;
	if (seen->n > 1)
		sbuf_addc(o, ',');
	sbuf_addc(o, '{');
	jt_kv(o, "path", sbuf_str(b), 1);
	if (rd->let >= 0) {
		if (e->x.letv[rd->let].k != XV_MISSING) {
			jt_key(o, "value", 0);
			xval_text(o, &e->x.letv[rd->let]);
		}
		sbuf_reset(b);
		sbuf_addf(b, "derived:%s", r->lets[rd->let].text);
		jt_key(o, "source", 0);
		jt_str(o, sbuf_str(b));
		sbuf_addc(o, '}');
		return;
	}
	if (!rd->value) {
		sbuf_adds(o, ",\"absent\":true");
	} else {
		jt_key(o, "value", 0);
		value_text(o, rd->value, sbuf_str(b));
	}
	src = src_in(rd->holder, rd->key);
	if (!src && rd->scope && rd->scope->list_holder)
		src = src_in(rd->scope->list_holder, rd->scope->list_key);
	else if (!src && rd->list_holder)
		src = src_in(rd->list_holder, rd->list_key);
	jt_kv(o, "source", src, 0);
	sbuf_addc(o, '}');
}

static void evidence(struct ectx *e, const struct rule *r, struct sbuf *o)
{
	struct seen seen = {.n = 0};

	sbuf_reset(&e->seen);
	sbuf_addc(o, '[');
	for (size_t i = 0; i < e->x.nreads; i++)
		add_read(e, r, o, &e->x.reads[i], &seen);
	if (e->x.dropped) {
		if (seen.n)
			sbuf_addc(o, ',');
		sbuf_adds(o, "{\"omitted\":");
		jt_num(o, (double)e->x.dropped);
		sbuf_addc(o, '}');
	}
	sbuf_addc(o, ']');
}

static bool wmatch(const cJSON *w, const char *key, const char *value,
		   bool absent_matches)
{
	const cJSON *p = cJSON_GetObjectItemCaseSensitive(w, key);

	if (!p)
		return absent_matches;
	return cJSON_IsString(p) && fnmatch(p->valuestring, value, 0) == 0;
}

static bool waiver_expired(const struct ectx *e, const cJSON *w)
{
	const cJSON *exp = cJSON_GetObjectItemCaseSensitive(w, "expires");
	long d = cJSON_IsString(exp) ? x_days(exp->valuestring) : -1;

	return e->dev->today >= 0 && cJSON_IsString(exp) &&
	       (d < 0 || d < e->dev->today);
}

/* The finding's state and waivers: the first matching waiver that has not
 * expired waives it; expired ones before it are listed as
 * waiver_expired (the first of them dropped when one applies).  Returns
 * whether the finding is waived. */
static bool write_state(struct ectx *e, struct sbuf *o, const char *rule,
			const char *object)
{
	const cJSON *w, *valid = NULL;
	bool skip_first = false;

	cJSON_ArrayForEach(w, e->dev->waivers)
		if (wmatch(w, "rule", rule, false) &&
		    wmatch(w, "device", e->dev->name, false) &&
		    wmatch(w, "object", object, true) &&
		    !waiver_expired(e, w)) {
			valid = w;
			break;
		}
	sbuf_adds(o, valid ? ",\"state\":\"waived\"" : ",\"state\":\"open\"");
	skip_first = valid != NULL;
	cJSON_ArrayForEach(w, e->dev->waivers) {
		if (w == valid)
			break;
		if (!wmatch(w, "rule", rule, false) ||
		    !wmatch(w, "device", e->dev->name, false) ||
		    !wmatch(w, "object", object, true))
			continue;
		if (skip_first) {
			skip_first = false;
			continue;
		}
		jt_key(o, "waiver_expired", 0);
		jt_json(o, w);
	}
	if (valid) {
		jt_key(o, "waiver", 0);
		jt_json(o, valid);
	}
	return valid != NULL;
}

static const char *item_severity(const struct rule *r,
				 const struct xscope *sc)
{
	const cJSON *v;

	if (!r->severity_from || !sc)
		return r->severity;
	v = cJSON_GetObjectItemCaseSensitive(sc->item, r->severity_from);
	if (!cJSON_IsString(v))
		return r->severity;
	if (severity_rank(v->valuestring) >= 0)
		return v->valuestring;
	if (strcmp(v->valuestring, "warning") == 0)
		return "minor";		/* alarm words (X.733) */
	if (strcmp(v->valuestring, "indeterminate") == 0)
		return "info";
	return r->severity;
}

static void refs_text(struct sbuf *o, const struct rule *r)
{
	sbuf_addc(o, '[');
	for (size_t i = 0; i < r->nrefs; i++) {
		if (i)
			sbuf_addc(o, ',');
		jt_str(o, r->refs[i]);
	}
	sbuf_addc(o, ']');
}

static void emit_finding(struct ectx *e, const struct rule *r,
			 const struct xscope *sc)
{
	struct sbuf *o = e->fo;
	const char *obj = object_name(e, r, sc);
	const char *sev = lit_of(severities, item_severity(r, sc)) ?: "info";

	sbuf_add(o, ",{", 2);
	jt_kv(o, "rule", r->id, 1);
	jt_kv(o, "pack", r->pack->name, 0);
	jt_kv(o, "severity", sev, 0);
	jt_kv(o, "category", lit_of(categories, r->category) ?: "site", 0);
	jt_kv(o, "device", e->dev->name, 0);
	jt_kv(o, "object", obj, 0);
	add_texts(e, o, "title", &r->title, &r->json_title);
	add_texts(e, o, "message", &r->message, &r->json_message);
	add_texts(e, o, "impact", &r->impact, &r->json_impact);
	add_texts(e, o, "advice", &r->advice, &r->json_advice);
	jt_key(o, "evidence", 0);
	evidence(e, r, o);
	jt_key(o, "references", 0);
	if (r->json_refs.s)
		sbuf_add(o, r->json_refs.s, r->json_refs.len);
	else
		refs_text(o, r);
	if (!write_state(e, o, r->id, obj) && severity_rank(sev) >= 0)
		e->out->open[severity_rank(sev)]++;
	sbuf_addc(o, '}');
	e->out->nfindings++;
}

static bool missing_sw(const struct ectx *e)
{
	for (size_t i = 0; i < e->x.nmissing; i++)
		if (e->x.missing[i].node->root == XR_SW)
			return true;
	return false;
}

/* "interfaces[3].crc" -> "interfaces[].crc", appended to out (at *len,
 * capacity cap, cut when full). */
static void normalise(const char *p, char *out, size_t *len, size_t cap)
{
	while (*p && *len + 3 < cap) {
		if (*p == '[') {
			const char *q = p + 1;

			while (*q >= '0' && *q <= '9')
				q++;
			if (*q == ']' && q > p + 1) {
				out[(*len)++] = '[';
				out[(*len)++] = ']';
				p = q + 1;
				continue;
			}
		}
		out[(*len)++] = *p++;
	}
	out[*len] = '\0';
}

static void key_add(char *key, size_t *len, size_t cap, const char *p)
{
	normalise(p, key, len, cap);
	if (*len + 1 < cap) {
		key[(*len)++] = '\n';
		key[*len] = '\0';
	}
}

/* What makes two items' entries the same: normalised missing paths and
 * the reason. */
static void group_key(const struct ectx *e, const char *miss1,
		      const char *reason, char *key, size_t cap)
{
	size_t len = 0;

	key[0] = '\0';
	if (miss1)
		key_add(key, &len, cap, miss1);
	for (size_t i = 0; i < e->x.nmissing; i++) {
		const struct xmiss *m = &e->x.missing[i];
		char node[40];

		if (m->text) {
			key_add(key, &len, cap, m->text);
			continue;
		}
		/* the same path node in the same rule: the same path but for
		 * the item's index (the node's address, six bits a character
		 * from '0': no NUL, no newline; nothing to normalise) */
		uintptr_t a = (uintptr_t)m->node;
		int k = 0;

		node[k++] = '@';
		do
			node[k++] = (char)('0' + (a & 63));
		while (a >>= 6);
		if (len + (size_t)k + 3 <= cap) {
			memcpy(key + len, node, (size_t)k);
			len += (size_t)k;
		} else {
			for (int j = 0; j < k && len + 3 < cap; j++)	/* key_add's cut */
				key[len++] = node[j];
		}
		if (len + 1 < cap)
			key[len++] = '\n';
		key[len] = '\0';
	}
	if (len + strlen(reason) + 1 < cap)
		strcpy(key + len, reason);
}

static struct ne_group *group_find(struct ectx *e, const char *key)
{
	for (int i = 0; i < e->gs->n; i++)
		if (strcmp(e->gs->g[i].key, key) == 0)
			return &e->gs->g[i];
	return NULL;
}

static void group_object(struct ne_group *g, const char *obj)
{
	if (g->count++)
		sbuf_addc(&g->objects, ',');
	jt_str(&g->objects, obj ? obj : "");
}

/* The missing paths of the current item, NUL-separated into m. */
static size_t missing_list(struct ectx *e, const char *miss1, struct sbuf *m)
{
	size_t n = 0;

	if (miss1) {
		sbuf_add(m, miss1, strlen(miss1) + 1);
		n++;
	}
	for (size_t i = 0; i < e->x.nmissing; i++, n++) {
		const char *p = xctx_missing(&e->x, i);

		sbuf_add(m, p, strlen(p) + 1);
	}
	return n;
}

/* One entry: {rule, device, object, missing, reason[, objects, count]};
 * normalise: the paths with [] for the index (a group of items). */
static void write_ne(struct ectx *e, const struct rule *r, const char *obj,
		     const char *miss, size_t nmiss, const char *reason,
		     const struct ne_group *g)
{
	struct sbuf *o = e->no;

	sbuf_add(o, ",{", 2);
	jt_kv(o, "rule", r->id, 1);
	jt_kv(o, "device", e->dev->name, 0);
	jt_kv(o, "object", g && g->count > 1 ? "" : obj ? obj : "", 0);
	jt_key(o, "missing", 0);
	sbuf_addc(o, '[');
	for (size_t i = 0; i < nmiss; i++, miss += strlen(miss) + 1) {
		char path[1024];
		size_t len = 0;

		if (i)
			sbuf_addc(o, ',');
		if (g && g->count > 1) {
			normalise(miss, path, &len, sizeof(path));
			jt_str(o, path);
		} else
			jt_str(o, miss);
	}
	sbuf_addc(o, ']');
	jt_kv(o, "reason", reason, 0);
	if (g && g->count > 1) {
		sbuf_adds(o, ",\"objects\":[");
		sbuf_add(o, g->objects.s, g->objects.len);
		sbuf_addc(o, ']');
		jt_key(o, "count", 0);
		jt_num(o, g->count);
	}
	sbuf_addc(o, '}');
	e->out->nnot_evaluated++;
}

/* Keeps the item as the first entry of a new group; -1 when there is no
 * room. */
static int group_new(struct ectx *e, const char *key, const char *obj,
		     const char *miss1, const char *reason)
{
	struct ne_group *g;

	if (e->gs->n == NE_GROUPS)
		return -1;
	g = &e->gs->g[e->gs->n];
	memset(g, 0, sizeof(*g));
	if (!(g->key = strdup(key)) || !(g->obj = strdup(obj ? obj : "")) ||
	    !(g->reason = strdup(reason))) {
		free(g->key);
		free(g->obj);
		e->nomem = true;
		return -1;
	}
	e->gs->n++;
	sbuf_init(&g->miss, SBUF_UNLIMITED);
	sbuf_init(&g->objects, SBUF_UNLIMITED);
	g->nmiss = missing_list(e, miss1, &g->miss);
	group_object(g, obj);
	return 0;
}

/* One entry per group: a single item as it is, several items as one entry
 * with object "", objects [...] and the paths with [] for the index. */
static void groups_flush(struct ectx *e, const struct rule *r)
{
	for (int i = 0; i < e->gs->n; i++) {
		struct ne_group *g = &e->gs->g[i];

		write_ne(e, r, g->obj, g->miss.s ? g->miss.s : "", g->nmiss,
			 g->reason, g);
		if (g->miss.nomem || g->objects.nomem)
			e->nomem = true;
		free(g->key);
		free(g->obj);
		free(g->reason);
		sbuf_free(&g->miss);
		sbuf_free(&g->objects);
	}
	e->gs->n = 0;
}

/* Why a software-table value is missing: no table for the device, or a
 * table without that entry. */
static const char *sw_reason(struct ectx *e, char *buf, size_t n)
{
	const cJSON *sw = dev_sw(e->dev);
	const char *field = NULL;

	if (!sw)
		return e->dev->sw_why;
	for (size_t i = 0; !field && i < e->x.nmissing; i++)
		if (e->x.missing[i].node->root == XR_SW)
			field = xctx_missing(&e->x, i) + 3;
	snprintf(buf, n, "the software table %s has no %s for %s%s",
		 cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(sw,
								       "table")) ?: "?",
		 field ? field : "entry",
		 cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(sw,
								       "family")) ?: "?",
		 cJSON_GetObjectItemCaseSensitive(sw, "running") ? "" :
		 " (the running version is not known)");
	return buf;
}

/* reason: NULL for "facts missing"; miss1: a missing path the condition
 * did not see (the device selection's).  Inside a for_each, an item
 * missing what an earlier item missed joins that item's entry. */
static void emit_not_evaluated2(struct ectx *e, const struct rule *r,
				const struct xscope *sc, const char *reason,
				const char *miss1)
{
	char why[400], key[2048];
	struct ne_group *g = NULL;
	const char *obj = NULL;
	size_t nmiss;

	if (!reason && missing_sw(e))
		reason = sw_reason(e, why, sizeof(why));
	if (!reason)
		reason = NOT_COLLECTED;
	if (e->grouping) {
		group_key(e, miss1, reason, key, sizeof(key));
		if ((g = group_find(e, key))) {
			group_object(g, object_name(e, r, sc));
			return;
		}
	}
	if (sc)
		obj = object_name(e, r, sc);
	if (e->grouping && group_new(e, key, obj, miss1, reason) == 0)
		return;
	sbuf_reset(&e->seen);
	nmiss = missing_list(e, miss1, &e->seen);
	write_ne(e, r, obj, e->seen.s ? e->seen.s : "", nmiss, reason, NULL);
}

static void emit_not_evaluated(struct ectx *e, const struct rule *r,
			       const struct xscope *sc, const char *reason)
{
	emit_not_evaluated2(e, r, sc, reason, NULL);
}

static void emit_error(struct ectx *e, const struct rule *r,
		       const struct xscope *sc, const char *what)
{
	char reason[700];

	snprintf(reason, sizeof(reason), "error in %s (column %zu): %s", what,
		 e->x.errpos + 1, e->x.err);
	e->x.nmissing = 0;
	emit_not_evaluated(e, r, sc, reason);
}

/* ---- evaluation --------------------------------------------------------- */

static void eval_item(struct ectx *e, const struct rule *r,
		      const struct xscope *sc)
{
	struct xctx *c = &e->x;
	int rc;

	if (xctx_reset_item(c) < 0)
		return;
	c->scope = sc;
	c->record = false;	/* evidence only for items that fire */
	for (size_t i = 0; i < r->nrequires; i++) {
		struct xval v;

		if (expr_eval(c, r->requires[i], &v) < 0) {
			emit_error(e, r, sc, "requires");
			return;
		}
	}
	if (c->nmissing) {
		emit_not_evaluated(e, r, sc, NULL);
		return;
	}
	c->nreads = c->dropped = 0;
	rc = expr_cond(c, r->when);
	if (rc == 1) {
		/* Again, keeping what it reads: the evidence. */
		xctx_reset_item(c);
		c->scope = sc;
		rc = expr_cond(c, r->when);
	}
	if (rc == 1)
		emit_finding(e, r, sc);
	else if (rc == 2)
		emit_not_evaluated(e, r, sc, NULL);
	else if (rc < 0)
		emit_error(e, r, sc, "when");
}

static bool in_ci(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(v[i], s) == 0)
			return true;
	return false;
}

static bool glob_ci(char **v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (fnmatch(v[i], s, FNM_CASEFOLD) == 0)
			return true;
	return false;
}

/* 1 selected, 0 not, 2 missing (path in *miss), -1 error (in why). */
static int selected(const struct rule *r, const struct dev *d,
		    const char **miss, char *why, size_t whylen)
{
	const struct rule_select *s = &r->sel;
	struct ver_range range;
	struct ver v;
	bool in;
	enum ver_scheme scheme;

	/* site rules judge the site document only, the others devices */
	if (d->site != (r->category && strcmp(r->category, "site") == 0))
		return 0;
	if (s->nvendors && !d->vendor)
		return *miss = "system.vendor", 2;
	if (s->nvendors && !in_ci(s->vendors, s->nvendors, d->vendor))
		return 0;
	if (s->nfamilies && !d->family)
		return *miss = "system.os.family", 2;
	if (s->nfamilies && !in_ci(s->families, s->nfamilies, d->family))
		return 0;
	if (s->nmodels && !d->model)
		return *miss = "system.model", 2;
	if (s->nmodels && !glob_ci(s->models, s->nmodels, d->model))
		return 0;
	if (!s->version)
		return 1;
	if (!d->version)
		return *miss = "system.os.version", 2;
	scheme = r->scheme >= 0 ? (enum ver_scheme)r->scheme :
				  (enum ver_scheme)d->scheme;
	if (scheme == VER_AUTO)
		scheme = ver_detect(d->version);
	if (ver_parse(d->version, scheme, &v, why, whylen) < 0 ||
	    ver_range_parse(s->version, scheme, &range, NULL, why, whylen) < 0 ||
	    ver_range_match(&v, &range, &in, why, whylen) < 0)
		return -1;
	return in;
}

static void eval_select_fail(struct ectx *e, const struct rule *r, int rc,
			     const char *miss, const char *why)
{
	char reason[400];

	xctx_reset_item(&e->x);
	e->x.scope = NULL;
	if (rc == 2)
		snprintf(reason, sizeof(reason), "the rule's device selection "
			 "needs %s", miss);
	else
		snprintf(reason, sizeof(reason), "the rule's version selection "
			 "failed: %s", why);
	emit_not_evaluated2(e, r, NULL, reason, rc == 2 ? miss : NULL);
}

static void eval_list(struct ectx *e, const struct rule *r)
{
	struct xctx *c = &e->x;
	struct xval list;
	struct xscope sc = {.absolute = true, .list_path = r->for_each->str};
	const cJSON *el;
	int i = 0;

	xctx_reset_item(c);
	c->scope = NULL;
	if (expr_eval(c, r->for_each, &list) < 0) {
		emit_error(e, r, NULL, "for_each");
		return;
	}
	if (list.k == XV_MISSING) {
		emit_not_evaluated(e, r, NULL, NULL);
		return;
	}
	if (list.k != XV_JSON || !cJSON_IsArray(list.j)) {
		snprintf(c->err, sizeof(c->err), "%s is a %s, not a list",
			 r->for_each->str, list.k == XV_JSON ? "object" :
			 "single value");
		c->errpos = 0;
		emit_error(e, r, NULL, "for_each");
		return;
	}
	e->grouping = true;
	cJSON_ArrayForEach(el, list.j) {
		sc.item = el;
		sc.index = i++;
		eval_item(e, r, &sc);
	}
	e->grouping = false;
	groups_flush(e, r);
}

static void use_rule(struct ectx *e, const struct rule *r)
{
	e->x.lets = r->lets;
	e->x.nlets = r->nlets;
	e->x.scheme = r->scheme >= 0 ? r->scheme : e->dev->scheme;
	e->x.params = r->pack ? r->pack->params : NULL;
}

static void eval_rule(struct ectx *e, const struct rule *r)
{
	const char *miss = NULL;
	char why[300] = "";
	int rc = selected(r, e->dev, &miss, why, sizeof(why));

	if (rc == 0)
		return;
	use_rule(e, r);
	if (rc != 1) {
		eval_select_fail(e, r, rc, miss, why);
		return;
	}
	if (r->for_each)
		eval_list(e, r);
	else
		eval_item(e, r, NULL);
}

/* ---- batches --------------------------------------------------------- */

struct slot {
	const struct rule *r;
	struct sbuf *f, *n;	/* e->slot_f/slot_n */
	struct ne_groups gs;
};

/* The batch's rules that apply to the device (the others reported). */
static size_t batch_slots(struct ectx *e, const struct rule_batch *b,
			  struct slot *slot)
{
	size_t ns = 0;

	for (size_t k = 0; k < b->n; k++) {
		const struct rule *r = b->rules[k];
		const char *miss = NULL;
		char why[300] = "";
		int rc = selected(r, e->dev, &miss, why, sizeof(why));

		if (rc == 0)
			continue;
		use_rule(e, r);
		if (rc != 1) {
			eval_select_fail(e, r, rc, miss, why);
			continue;
		}
		slot[ns].r = r;
		slot[ns].gs.n = 0;
		slot[ns].f = &e->slot_f[ns];
		slot[ns].n = &e->slot_n[ns];
		sbuf_reset(slot[ns].f);
		sbuf_reset(slot[ns++].n);
	}
	return ns;
}

static void use_slot(struct ectx *e, struct slot *s)
{
	use_rule(e, s->r);
	e->fo = s->f;
	e->no = s->n;
	e->gs = &s->gs;
}

static void eval_elements(struct ectx *e, struct slot *slot, size_t ns,
			  const cJSON *list)
{
	struct xscope sc = {.absolute = true,
			    .list_path = slot[0].r->for_each->str};
	const cJSON *el;
	int i = 0;

	e->grouping = true;
	cJSON_ArrayForEach(el, list) {
		sc.item = el;
		sc.index = i++;
		for (size_t k = 0; k < ns; k++) {
			use_slot(e, &slot[k]);
			eval_item(e, slot[k].r, &sc);
		}
	}
	e->grouping = false;
	for (size_t k = 0; k < ns; k++) {
		use_slot(e, &slot[k]);
		groups_flush(e, slot[k].r);
	}
}

/* Every rule of the batch, element by element; the output in rule order
 * as if each rule had gone through the list alone. */
static void eval_batch(struct ectx *e, const struct rule_batch *b)
{
	struct slot slot[BATCH_MAX];
	struct sbuf *out_f = e->fo, *out_n = e->no;
	struct xval list;
	size_t ns;

	if (b->n == 1) {
		eval_rule(e, b->rules[0]);
		return;
	}
	ns = batch_slots(e, b, slot);
	if (ns == 0)
		return;
	use_rule(e, slot[0].r);
	xctx_reset_item(&e->x);
	e->x.scope = NULL;
	if (expr_eval(&e->x, slot[0].r->for_each, &list) == 0 &&
	    list.k == XV_JSON && cJSON_IsArray(list.j)) {
		eval_elements(e, slot, ns, list.j);
	} else {	/* missing or not a list: each rule says so */
		for (size_t k = 0; k < ns; k++) {
			use_slot(e, &slot[k]);
			eval_list(e, slot[k].r);
		}
	}
	for (size_t k = 0; k < ns; k++) {
		sbuf_add(out_f, slot[k].f->s, slot[k].f->len);
		sbuf_add(out_n, slot[k].n->s, slot[k].n->len);
	}
	e->fo = out_f;
	e->no = out_n;
	e->gs = &e->own;
}

static bool same_list(const struct rule *a, const struct rule *b)
{
	return a->for_each && b->for_each &&
	       a->for_each->root == b->for_each->root &&
	       strcmp(a->for_each->str, b->for_each->str) == 0;
}

/* What never changes in a rule's findings, as JSON text: copied into
 * each finding instead of escaped again (-1 on no memory). */
static int keep_json(struct rule_json *j, struct sbuf *b)
{
	free(j->s);
	j->s = b->nomem ? NULL : strdup(sbuf_str(b));
	j->len = j->s ? b->len : 0;
	sbuf_reset(b);
	return b->nomem || !j->s ? -1 : 0;
}

static int static_text(struct rule_json *j, const struct rtext *t,
		       struct sbuf *b)
{
	const char *en = tmpl_static(t->ten), *zh = tmpl_static(t->tzh);

	if (!en || !zh)
		return 0;	/* placeholders: rendered per finding */
	sbuf_addc(b, '{');
	jt_kv(b, "en", en, 1);
	jt_kv(b, "zh-CN", zh, 0);
	sbuf_addc(b, '}');
	return keep_json(j, b);
}

static int rule_statics(struct rule *r)
{
	struct sbuf b;
	int rc;

	sbuf_init(&b, SBUF_UNLIMITED);
	rc = static_text(&r->json_title, &r->title, &b) |
	     static_text(&r->json_message, &r->message, &b) |
	     static_text(&r->json_impact, &r->impact, &b) |
	     static_text(&r->json_advice, &r->advice, &b);
	refs_text(&b, r);
	rc |= keep_json(&r->json_refs, &b);
	sbuf_free(&b);
	return rc;
}

int ruleset_plan(struct rule_set *rs)
{
	for (size_t i = 0; i < rs->nrules; i++)
		if (rule_statics(rs->rules[i]) < 0)
			return -1;

	bool *done = calloc(rs->nrules ? rs->nrules : 1, sizeof(*done));

	rs->batches = calloc(rs->nrules ? rs->nrules : 1,
			     sizeof(*rs->batches));
	if (!done || !rs->batches) {
		free(done);
		return -1;
	}
	for (size_t i = 0; i < rs->nrules; i++) {
		struct rule_batch *b = &rs->batches[rs->nbatches];

		if (done[i])
			continue;
		b->rules = calloc(BATCH_MAX, sizeof(*b->rules));
		if (!b->rules) {
			free(done);
			return -1;
		}
		rs->nbatches++;
		b->rules[b->n++] = rs->rules[i];
		for (size_t j = i + 1; j < rs->nrules && b->n < BATCH_MAX; j++)
			if (!done[j] && same_list(rs->rules[i], rs->rules[j])) {
				b->rules[b->n++] = rs->rules[j];
				done[j] = true;
			}
	}
	free(done);
	return 0;
}

static void ectx_init(struct ectx *e, struct dev *d, struct rules_text *out)
{
	memset(e, 0, sizeof(*e));
	e->gs = &e->own;
	sbuf_init(&e->buf, 1 << 20);
	sbuf_init(&e->obj, 1 << 20);
	sbuf_init(&e->seen, SBUF_UNLIMITED);
	for (int i = 0; i < BATCH_MAX; i++) {
		sbuf_init(&e->slot_f[i], SBUF_UNLIMITED);
		sbuf_init(&e->slot_n[i], SBUF_UNLIMITED);
	}
	e->dev = d;
	e->out = out;
	e->fo = &out->findings;
	e->no = &out->not_evaluated;
	xctx_init(&e->x);
	e->x.root = d->facts;
	e->x.today = d->today;
	e->x.sw = dev_sw;
	e->x.ud = d;
}

static void ectx_free(struct ectx *e)
{
	xctx_free(&e->x);
	sbuf_free(&e->buf);
	sbuf_free(&e->obj);
	sbuf_free(&e->seen);
	for (int i = 0; i < BATCH_MAX; i++) {
		sbuf_free(&e->slot_f[i]);
		sbuf_free(&e->slot_n[i]);
	}
}

/* Memory ran out somewhere in the evaluation: what was written may miss
 * a finding, a path or an object. */
static bool ectx_nomem(const struct ectx *e)
{
	bool bad = e->nomem || e->x.nomem || e->buf.nomem || e->obj.nomem ||
		   e->seen.nomem;

	for (int i = 0; i < BATCH_MAX; i++)
		bad |= e->slot_f[i].nomem || e->slot_n[i].nomem;
	return bad;
}

void rules_text_init(struct rules_text *t)
{
	memset(t, 0, sizeof(*t));
	sbuf_init(&t->findings, SBUF_UNLIMITED);
	sbuf_init(&t->not_evaluated, SBUF_UNLIMITED);
}

void rules_text_clear(struct rules_text *t)
{
	sbuf_reset(&t->findings);
	sbuf_reset(&t->not_evaluated);
}

void rules_text_free(struct rules_text *t)
{
	sbuf_free(&t->findings);
	sbuf_free(&t->not_evaluated);
}

int rules_eval_text(const struct rule_set *rs, const cJSON *facts,
		    const cJSON *waivers, const char *today,
		    struct rules_text *out, struct si_error *err)
{
	struct dev d;
	struct ectx e;
	int rc = 0;
	bool nomem;

	if (!rs || !cJSON_IsObject(facts) || !out)
		return si_error_set(err, NULL, 0, 0, "rules_eval: bad "
				    "arguments");
	dev_init(&d, facts, waivers, today, rs->tables, NULL);
	ectx_init(&e, &d, out);
	for (size_t i = 0; i < rs->nbatches; i++)
		eval_batch(&e, &rs->batches[i]);
	nomem = ectx_nomem(&e);
	ectx_free(&e);
	cJSON_Delete(d.sw);
	if (nomem || out->findings.nomem || out->not_evaluated.nomem)
		rc = si_error_set(err, NULL, 0, 0, "rules_eval: out of "
				  "memory");
	return rc;
}

/* Moves the entries written as text (",{...},{...}") into a cJSON array. */
static int text_to_array(const struct sbuf *b, cJSON *to)
{
	struct sbuf t;
	cJSON *a, *it;

	if (b->len == 0)
		return 0;
	sbuf_init(&t, SBUF_UNLIMITED);
	sbuf_addc(&t, '[');
	sbuf_add(&t, b->s + 1, b->len - 1);
	sbuf_addc(&t, ']');
	a = t.nomem ? NULL : cJSON_Parse(t.s);
	sbuf_free(&t);
	if (!a)
		return -1;
	while ((it = cJSON_DetachItemFromArray(a, 0)))
		json_add(to, NULL, it);
	cJSON_Delete(a);
	return 0;
}

static int text_to_arrays(struct rules_text *t, cJSON *findings,
			  cJSON *not_evaluated)
{
	int rc = text_to_array(&t->findings, findings) |
		 text_to_array(&t->not_evaluated, not_evaluated);

	rules_text_free(t);
	return rc;
}

int rules_eval(const struct rule_set *rs, const cJSON *facts,
	       const cJSON *waivers, const char *today, cJSON *findings,
	       cJSON *not_evaluated, struct si_error *err)
{
	struct rules_text t;

	if (!cJSON_IsArray(findings) || !cJSON_IsArray(not_evaluated))
		return si_error_set(err, NULL, 0, 0, "rules_eval: bad "
				    "arguments");
	rules_text_init(&t);
	if (rules_eval_text(rs, facts, waivers, today, &t, err) < 0) {
		rules_text_free(&t);
		return -1;
	}
	if (text_to_arrays(&t, findings, not_evaluated) < 0)
		return si_error_set(err, NULL, 0, 0, "rules_eval: cannot "
				    "build the output (out of memory?)");
	return 0;
}

int rule_eval_one(const struct rule_set *rs, const struct rule *r,
		  const cJSON *facts, const struct rule_eval_opts *o,
		  cJSON *findings, cJSON *not_evaluated, char *err,
		  size_t errlen)
{
	struct rules_text t;
	struct dev d;
	struct ectx e;
	bool nomem;
	int json_before = json_nomem();

	if (!cJSON_IsObject(facts)) {
		snprintf(err, errlen, "facts are not an object");
		return -1;
	}
	rules_text_init(&t);
	dev_init(&d, facts, o->waivers, o->today, rs->tables, o->sw);
	ectx_init(&e, &d, &t);
	eval_rule(&e, r);
	/* as rules_eval_text() and the findings writer: findings with holes
	 * (the evaluator's own buffers, or the software table's cJSON
	 * object, json_nomem()) are no result */
	nomem = ectx_nomem(&e) || t.findings.nomem || t.not_evaluated.nomem ||
		(!json_before && json_nomem());
	ectx_free(&e);
	cJSON_Delete(d.sw);
	if (nomem) {
		rules_text_free(&t);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (text_to_arrays(&t, findings, not_evaluated) < 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}
