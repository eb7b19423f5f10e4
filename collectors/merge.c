/* merge.c - see merge.h */
#include "config.h"
#include "merge.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- names --------------------------------------------------------------- */

/* Interface type prefixes as vendors abbreviate them, lower case without
 * '-' or blanks, to one spelling. */
static const struct {
	const char *abbr;
	const char *full;
} if_types[] = {
	{"gigabitethernet", "gigabitethernet"}, {"gi", "gigabitethernet"},
	{"gig", "gigabitethernet"}, {"gige", "gigabitethernet"},
	{"ge", "gigabitethernet"},
	{"tengigabitethernet", "tengigabitethernet"},
	{"te", "tengigabitethernet"}, {"ten", "tengigabitethernet"},
	{"tengig", "tengigabitethernet"}, {"tengige", "tengigabitethernet"},
	{"xge", "tengigabitethernet"},
	{"xgigabitethernet", "tengigabitethernet"},
	{"10ge", "tengigabitethernet"},
	{"fastethernet", "fastethernet"}, {"fa", "fastethernet"},
	{"fe", "fastethernet"},
	{"ethernet", "ethernet"}, {"eth", "ethernet"}, {"et", "ethernet"},
	{"e", "ethernet"},
	{"twogigabitethernet", "twogigabitethernet"},
	{"tw", "twogigabitethernet"},
	{"fivegigabitethernet", "fivegigabitethernet"},
	{"fi", "fivegigabitethernet"},
	{"twentyfivegige", "twentyfivegige"},
	{"twentyfivegigabitethernet", "twentyfivegige"},
	{"twe", "twentyfivegige"}, {"wge", "twentyfivegige"},
	{"25ge", "twentyfivegige"},
	{"fortygigabitethernet", "fortygigabitethernet"},
	{"fortygige", "fortygigabitethernet"},
	{"fo", "fortygigabitethernet"}, {"fge", "fortygigabitethernet"},
	{"40ge", "fortygigabitethernet"},
	{"hundredgige", "hundredgige"},
	{"hundredgigabitethernet", "hundredgige"},
	{"hu", "hundredgige"}, {"hge", "hundredgige"},
	{"100ge", "hundredgige"},
	{"fourhundredgige", "fourhundredgige"}, {"400ge", "fourhundredgige"},
	{"portchannel", "portchannel"}, {"po", "portchannel"},
	{"ethtrunk", "portchannel"}, {"bridgeaggregation", "portchannel"},
	{"bagg", "portchannel"}, {"ae", "portchannel"},
	{"vlan", "vlan"}, {"vl", "vlan"}, {"vlanif", "vlan"},
	{"vlaninterface", "vlan"},
	{"loopback", "loopback"}, {"lo", "loopback"},
	{"tunnel", "tunnel"}, {"tu", "tunnel"},
	{"mgmt", "management"}, {"management", "management"},
	{"meth", "management"}, {"mgigabitethernet", "management"},
	{"ma", "management"},
};

/* The type prefix of an interface name: letters, '-', '_' and blanks up to
 * the first digit; Huawei's 10GE/25GE/40GE/100GE start with digits. */
static size_t if_prefix(const char *s)
{
	size_t n = 0;

	while (isdigit((unsigned char)s[n]))
		n++;
	if (n && !(s[n] == 'G' || s[n] == 'g'))
		return 0;	/* "1/0/1": no prefix */
	while (s[n] && !isdigit((unsigned char)s[n]))
		n++;
	return n;
}

static const char *if_type(const char *p, size_t n)
{
	char key[48];
	size_t o = 0;

	for (size_t i = 0; i < n && o < sizeof(key) - 1; i++)
		if (isalnum((unsigned char)p[i]))
			key[o++] = (char)tolower((unsigned char)p[i]);
	key[o] = '\0';
	for (size_t i = 0; i < sizeof(if_types) / sizeof(*if_types); i++)
		if (strcmp(if_types[i].abbr, key) == 0)
			return if_types[i].full;
	return NULL;
}

char *merge_norm_name(const char *name, bool interface)
{
	size_t len = strlen(name), o = 0;
	char *out = malloc(len + 64);
	const char *p = name;
	bool space = false;

	if (!out)
		return NULL;
	while (isspace((unsigned char)*p))
		p++;
	if (interface) {
		size_t n = if_prefix(p);
		const char *full = n ? if_type(p, n) : NULL;

		if (full) {
			o = (size_t)snprintf(out, 48, "%s", full);
			p += n;
			while (isspace((unsigned char)*p))
				p++;
		}
	}
	for (; *p; p++) {
		if (isspace((unsigned char)*p)) {
			space = true;
			continue;
		}
		if (space && o)
			out[o++] = ' ';
		space = false;
		out[o++] = (char)tolower((unsigned char)*p);
	}
	out[o] = '\0';
	return out;
}

bool merge_same_name(const char *a, const char *b, bool interface)
{
	char *x = merge_norm_name(a, interface), *y = merge_norm_name(b,
								      interface);
	bool same = x && y && strcmp(x, y) == 0;

	free(x);
	free(y);
	return same;
}

static bool key_text(const cJSON *v, char *buf, size_t n)
{
	if (cJSON_IsString(v)) {
		snprintf(buf, n, "%s", v->valuestring);
		return true;
	}
	if (cJSON_IsNumber(v)) {
		snprintf(buf, n, "%.15g", v->valuedouble);
		return true;
	}
	return false;
}

cJSON *merge_find(const cJSON *list, const char *keyfield, const char *key,
		  bool interface, double entity)
{
	cJSON *e;
	char *want = key ? merge_norm_name(key, interface) : NULL;

	cJSON_ArrayForEach(e, list) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(e, keyfield);
		const cJSON *en = cJSON_GetObjectItemCaseSensitive(e, "entity");
		char buf[512], *have;
		bool same;

		if (!en)
			en = cJSON_GetObjectItemCaseSensitive(e, "index");
		if (entity > 0 && cJSON_IsNumber(en) &&
		    en->valuedouble == entity)
			break;
		if (!want || !key_text(k, buf, sizeof(buf)))
			continue;
		have = merge_norm_name(buf, interface);
		same = have && strcmp(have, want) == 0;
		free(have);
		if (same)
			break;
	}
	free(want);
	return e;
}

/* ---- the index ------------------------------------------------------------ */

struct slot {
	char *key;	/* "n:<normalised name>" or "e:<entity>" */
	cJSON *entry;
};

struct merge_index {
	struct slot *v;
	size_t cap, n;
	const char *keyfield;
	bool interface;
};

static size_t hash(const char *s)
{
	size_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

static struct slot *slot_of(const struct merge_index *ix, const char *key)
{
	size_t i = hash(key) & (ix->cap - 1);

	while (ix->v[i].key && strcmp(ix->v[i].key, key) != 0)
		i = (i + 1) & (ix->cap - 1);
	return &ix->v[i];
}

static int grow(struct merge_index *ix)
{
	struct slot *old = ix->v;
	size_t oc = ix->cap;

	ix->cap = oc ? 2 * oc : 64;
	ix->v = calloc(ix->cap, sizeof(*ix->v));
	if (!ix->v) {
		ix->v = old;
		ix->cap = oc;
		return -1;
	}
	for (size_t i = 0; i < oc; i++)
		if (old[i].key)
			*slot_of(ix, old[i].key) = old[i];
	free(old);
	return 0;
}

/* The first entry put under a key stays (as merge_find finds the first). */
static int put_key(struct merge_index *ix, char *key, cJSON *entry)
{
	struct slot *s;

	if (!key)
		return -1;
	if ((ix->n + 1) * 2 > ix->cap && grow(ix) < 0) {
		free(key);
		return -1;
	}
	s = slot_of(ix, key);
	if (s->key) {
		free(key);
		return 0;
	}
	s->key = key;
	s->entry = entry;
	ix->n++;
	return 0;
}

int merge_index_add(struct merge_index *ix, cJSON *e)
{
	const cJSON *k = cJSON_GetObjectItemCaseSensitive(e, ix->keyfield);
	const cJSON *en = cJSON_GetObjectItemCaseSensitive(e, "entity");
	char buf[600], *norm, *key = NULL;

	if (!en)
		en = cJSON_GetObjectItemCaseSensitive(e, "index");
	if (cJSON_IsNumber(en) && en->valuedouble > 0) {
		if (asprintf(&key, "e:%.15g", en->valuedouble) < 0 ||
		    put_key(ix, key, e) < 0)
			return -1;
	}
	if (!key_text(k, buf, sizeof(buf)))
		return 0;
	norm = merge_norm_name(buf, ix->interface);
	key = NULL;
	if (!norm || asprintf(&key, "n:%s", norm) < 0) {
		free(norm);
		return -1;
	}
	free(norm);
	return put_key(ix, key, e);
}

struct merge_index *merge_index_new(const cJSON *list, const char *keyfield,
				    bool interface)
{
	struct merge_index *ix = calloc(1, sizeof(*ix));
	cJSON *e;

	if (!ix || grow(ix) < 0) {
		free(ix);
		return NULL;
	}
	ix->keyfield = keyfield;
	ix->interface = interface;
	cJSON_ArrayForEach(e, list)
		if (merge_index_add(ix, e) < 0) {
			merge_index_free(ix);
			return NULL;
		}
	return ix;
}

cJSON *merge_index_find(const struct merge_index *ix, const char *key,
			double entity)
{
	char buf[64], *norm, *k = NULL;
	cJSON *hit = NULL;

	if (entity > 0) {
		snprintf(buf, sizeof(buf), "e:%.15g", entity);
		hit = slot_of(ix, buf)->entry;
	}
	if (hit || !key)
		return hit;
	norm = merge_norm_name(key, ix->interface);
	if (norm && asprintf(&k, "n:%s", norm) > 0)
		hit = slot_of(ix, k)->entry;
	free(norm);
	free(k);
	return hit;
}

void merge_index_free(struct merge_index *ix)
{
	if (!ix)
		return;
	for (size_t i = 0; i < ix->cap; i++)
		free(ix->v[i].key);
	free(ix->v);
	free(ix);
}

/* ---- fields ---------------------------------------------------------------- */

const char *merge_src_collector(const char *src, char *buf, size_t n)
{
	const char *c = src ? strchr(src, ':') : NULL;

	snprintf(buf, n, "%.*s", c ? (int)(c - src) : 0, c ? src : "");
	return buf;
}

static const char *src_of(const cJSON *obj, const char *key)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, "src");
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(m, key);

	if (!cJSON_IsString(s))
		s = cJSON_GetObjectItemCaseSensitive(m, "_");
	return cJSON_IsString(s) ? s->valuestring : NULL;
}

static int set_src(cJSON *obj, const char *key, const char *src)
{
	cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, "src");

	if (!m && !(m = cJSON_AddObjectToObject(obj, "src")))
		return -1;
	cJSON_DeleteItemFromObjectCaseSensitive(m, key);
	return cJSON_AddStringToObject(m, key, src) ? 0 : -1;
}

/* Significant digits of a reading as the device gave it. */
static int sig_digits(double v)
{
	char buf[64];
	int n = 0, lead = 1, trail = 0;
	bool dot;

	snprintf(buf, sizeof(buf), "%.10g", fabs(v));
	dot = strchr(buf, '.') != NULL;
	for (const char *p = buf; *p && *p != 'e'; p++) {
		if (!isdigit((unsigned char)*p))
			continue;
		if (lead && *p == '0')
			continue;
		lead = 0;
		n++;
		trail = *p == '0' ? trail + 1 : 0;
	}
	return dot ? n : n - trail;
}

static void value_text(const cJSON *v, char *buf, size_t n)
{
	if (cJSON_IsString(v)) {
		snprintf(buf, n, "%.80s", v->valuestring);
	} else if (cJSON_IsNumber(v)) {
		snprintf(buf, n, "%.15g", v->valuedouble);
	} else if (cJSON_IsBool(v)) {
		snprintf(buf, n, "%s", cJSON_IsTrue(v) ? "true" : "false");
	} else {
		char *s = cJSON_PrintUnformatted(v);

		snprintf(buf, n, "%.80s", s ? s : "?");
		free(s);
	}
}

static bool same_value(const cJSON *a, const cJSON *b)
{
	if (cJSON_IsString(a) && cJSON_IsString(b))
		return strcasecmp(a->valuestring, b->valuestring) == 0;
	return cJSON_Compare(a, b, 1);
}

/* Is the new value (from a source other than SNMP, or SNMP's) the one to
 * keep?  new_is_snmp tells which side SNMP is on. */
static bool new_wins(const cJSON *old, const cJSON *val, enum precision prec,
		     bool new_is_snmp, bool old_is_snmp)
{
	if (prec == PREC_CLI)
		return !new_is_snmp && old_is_snmp;
	if (prec == PREC_SNMP)
		return new_is_snmp && !old_is_snmp;
	if (cJSON_IsNumber(old) && cJSON_IsNumber(val)) {
		int a = sig_digits(old->valuedouble);
		int b = sig_digits(val->valuedouble);

		if (a != b)
			return b > a;
		return new_is_snmp && !old_is_snmp;
	}
	/* a word or text both gave: SNMP's, unless it says nothing */
	if (cJSON_IsString(old) && strcmp(old->valuestring, "unknown") == 0)
		return !(cJSON_IsString(val) &&
			 strcmp(val->valuestring, "unknown") == 0);
	if (cJSON_IsString(val) && strcmp(val->valuestring, "unknown") == 0)
		return false;
	return new_is_snmp && !old_is_snmp;
}

/* src without any earlier "(also ...)" note; "" for no src (an entry
 * whose src has neither "name" nor "_"). */
static void src_base(const char *src, char *buf, size_t n)
{
	const char *also = src ? strstr(src, " (also ") : NULL;

	if (!src)
		src = "";
	snprintf(buf, n, "%.*s", also ? (int)(also - src) : (int)strlen(src),
		 src);
}

static void append_new(cJSON *old, cJSON *val)
{
	cJSON *it;

	while ((it = cJSON_DetachItemFromArray(val, 0))) {
		const cJSON *o;
		bool have = false;

		cJSON_ArrayForEach(o, old)
			have = have || cJSON_Compare(o, it, 1);
		if (have)
			cJSON_Delete(it);
		else
			cJSON_AddItemToArray(old, it);
	}
	cJSON_Delete(val);
}

enum merge_result merge_field(cJSON *obj, const char *key, cJSON *val,
			      const char *src, enum precision prec,
			      bool append)
{
	cJSON *old = cJSON_GetObjectItemCaseSensitive(obj, key);
	const char *osrc = src_of(obj, key);
	char oc[32], nc[32], srcs[1024], ob[512], nb[512], txt[128];
	bool win;

	if (!old) {
		if (!cJSON_AddItemToObject(obj, key, val)) {
			cJSON_Delete(val);
			return MERGE_NOMEM;
		}
		return set_src(obj, key, src) < 0 ? MERGE_NOMEM : MERGE_WRITTEN;
	}
	merge_src_collector(osrc, oc, sizeof(oc));
	merge_src_collector(src, nc, sizeof(nc));
	if (!osrc || strcmp(oc, nc) == 0) {
		if (append && cJSON_IsArray(old) && cJSON_IsArray(val)) {
			append_new(old, val);
			return MERGE_WRITTEN;
		}
		cJSON_Delete(val);
		return MERGE_SAME;
	}
	src_base(osrc, ob, sizeof(ob));
	src_base(src, nb, sizeof(nb));
	win = !same_value(old, val) &&
	      new_wins(old, val, prec, strcmp(nc, "snmp") == 0,
		       strcmp(oc, "snmp") == 0);
	if (win) {
		value_text(old, txt, sizeof(txt));
		snprintf(srcs, sizeof(srcs), "%s (also %s: %s)", nb, ob, txt);
		if (!cJSON_ReplaceItemInObjectCaseSensitive(obj, key, val)) {
			cJSON_Delete(val);
			return MERGE_NOMEM;
		}
	} else {
		value_text(val, txt, sizeof(txt));
		snprintf(srcs, sizeof(srcs), "%s (also %s: %s)", ob, nb, txt);
		cJSON_Delete(val);
	}
	if (set_src(obj, key, srcs) < 0)
		return MERGE_NOMEM;
	return win ? MERGE_WRITTEN : MERGE_KEPT;
}

/* ---- a whole document ------------------------------------------------------ */

struct mdoc {
	const struct merge_doc_opts *o;
	bool nomem;
};

static bool in_paths(const char *const *v, const char *path)
{
	for (size_t i = 0; v && v[i]; i++)
		if (strcmp(v[i], path) == 0)
			return true;
	return false;
}

/* The field's precision, as the SNMP maps and profiles rank it. */
static enum precision prec_of(const char *path, const char *key)
{
	static const unsigned users[] = {TU_CLI, TU_SNMP};

	if (strcmp(path, "system.os") == 0)
		path = "system";
	for (size_t i = 0; i < 2; i++) {
		const struct target_def *t = target_find(path, users[i]);
		const struct field_def *f = t ? target_field(t, key, users[i])
					      : NULL;

		if (f)
			return target_precision(t, f);
	}
	return PREC_READING;
}

static void merge_obj(struct mdoc *m, cJSON *into, const cJSON *from,
		      const char *path);

/* One value (copied) into obj[key] by merge_field; a value without
 * provenance only where nothing is there yet. */
static void put_value(struct mdoc *m, cJSON *obj, const char *key,
		      const cJSON *val, const char *src, enum precision prec)
{
	cJSON *dup = cJSON_Duplicate(val, 1);

	if (dup && !src) {
		if (cJSON_GetObjectItemCaseSensitive(obj, key) ||
		    !cJSON_AddItemToObject(obj, key, dup))
			cJSON_Delete(dup);
	} else if (!dup || merge_field(obj, key, dup, src, prec, false) ==
			   MERGE_NOMEM) {
		m->nomem = true;
	}
}

/* The fields of one entry of `from` into the entry of `into` it matched. */
static void merge_entry(struct mdoc *m, cJSON *into, const cJSON *from,
			const char *path, const char *keyfield, bool counters)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, from) {
		const char *k = it->string;
		const char *src = src_of(from, k);

		if (strcmp(k, "src") == 0 || k[0] == '_' ||
		    strcmp(k, keyfield) == 0)
			continue;
		if (cJSON_IsObject(it) || (cJSON_IsArray(it) &&
					   cJSON_IsObject(it->child))) {
			merge_obj(m, into, it, path);	/* rare: nested */
			continue;
		}
		if (!counters && prec_of(path, k) == PREC_SNMP)
			continue;
		put_value(m, into, k, it, src, prec_of(path, k));
	}
}

/* A copy of an entry without its private keys. */
static cJSON *entry_copy(const cJSON *e)
{
	cJSON *c = cJSON_Duplicate(e, 1), *it = c ? c->child : NULL;

	while (it) {
		cJSON *next = it->next;

		if (it->string && it->string[0] == '_')
			cJSON_Delete(cJSON_DetachItemViaPointer(c, it));
		it = next;
	}
	return c;
}

static void note_left_out(struct mdoc *m, const char *path, int n,
			  const cJSON *from_list, const cJSON *into_list,
			  const char *bad)
{
	char fc[32] = "", ic[32] = "", buf[1024];
	const cJSON *e = from_list ? from_list->child : NULL;
	const cJSON *f = into_list ? into_list->child : NULL;
	const cJSON *s;

	if (!m->o || !m->o->notes || n == 0)
		return;
	s = e ? cJSON_GetObjectItemCaseSensitive(e, "src") : NULL;
	if (s && cJSON_IsString(s->child))
		merge_src_collector(s->child->valuestring, fc, sizeof(fc));
	s = f ? cJSON_GetObjectItemCaseSensitive(f, "src") : NULL;
	if (s && cJSON_IsString(s->child))
		merge_src_collector(s->child->valuestring, ic, sizeof(ic));
	snprintf(buf, sizeof(buf), "%s: %d entr%s of %s not listed: the %s "
		 "list of the same hardware is kept (names differ; the "
		 "readings are in the evidence)%s%s", path, n,
		 n == 1 ? "y" : "ies", fc[0] ? fc : "this source",
		 ic[0] ? ic : "other source's",
		 *bad ? "; not ok among them: " : "", bad);
	cJSON_AddItemToArray(m->o->notes, cJSON_CreateString(buf));
}

static void merge_list(struct mdoc *m, cJSON *parent, const char *key,
		       const cJSON *from, const char *path)
{
	const struct target_def *t = target_find(path, TU_CLI);
	const char *keyf = t && t->required ? t->required : "name";
	bool iface = !(m->o && m->o->plain_names) &&
		     (strcmp(path, "interfaces") == 0 ||
		      strcmp(keyf, "port") == 0);
	cJSON *list = cJSON_GetObjectItemCaseSensitive(parent, key);
	bool other = cJSON_GetArraySize(list) > 0;
	bool yield = other && m->o && in_paths(m->o->yield_lists, path);
	bool counters = !(m->o && in_paths(m->o->yield_counters, path));
	struct merge_index *ix;
	const cJSON *e;
	char bad[400] = "";
	int left = 0;

	if (!list && !(list = cJSON_AddArrayToObject(parent, key))) {
		m->nomem = true;
		return;
	}
	if (!cJSON_IsArray(list) || !(ix = merge_index_new(list, keyf, iface))) {
		m->nomem = !cJSON_IsArray(list) ? m->nomem : true;
		return;
	}
	cJSON_ArrayForEach(e, from) {
		const cJSON *k = cJSON_GetObjectItemCaseSensitive(e, keyf);
		const cJSON *al = cJSON_GetObjectItemCaseSensitive(e, "_alias");
		char kb[512];
		cJSON *hit = NULL, *c;

		if (!key_text(k, kb, sizeof(kb)))
			continue;
		hit = merge_index_find(ix, kb, 0);
		if (!hit && cJSON_IsString(al))
			hit = merge_index_find(ix, al->valuestring, 0);
		if (hit) {
			merge_entry(m, hit, e, path, keyf, counters);
			continue;
		}
		if (yield) {
			const char *st = cJSON_GetStringValue(
				cJSON_GetObjectItemCaseSensitive(e, "status"));
			size_t o = strlen(bad);

			if (st && strcmp(st, "ok") != 0 && o < sizeof(bad) - 2)
				snprintf(bad + o, sizeof(bad) - o, "%s%s (%s)",
					 o ? ", " : "", kb, st);
			left++;
			continue;
		}
		if (!(c = entry_copy(e)) || !cJSON_AddItemToArray(list, c) ||
		    merge_index_add(ix, c) < 0)
			m->nomem = true;
	}
	merge_index_free(ix);
	note_left_out(m, path, left, from, list, bad);
}

static void merge_obj(struct mdoc *m, cJSON *into, const cJSON *from,
		      const char *path)
{
	const cJSON *it;

	cJSON_ArrayForEach(it, from) {
		const char *k = it->string;
		char sub[256];

		if (!k || strcmp(k, "src") == 0 || k[0] == '_')
			continue;
		snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", k);
		if (cJSON_IsObject(it)) {
			cJSON *o = cJSON_GetObjectItemCaseSensitive(into, k);

			if (!o)
				o = cJSON_AddObjectToObject(into, k);
			if (!cJSON_IsObject(o)) {
				m->nomem = m->nomem || !o;
				continue;
			}
			merge_obj(m, o, it, sub);
		} else if (cJSON_IsArray(it) && (!it->child ||
						 cJSON_IsObject(it->child))) {
			merge_list(m, into, k, it, sub);
		} else {
			put_value(m, into, k, it, src_of(from, k),
				  prec_of(path, k));
		}
	}
}

int merge_document(cJSON *into, const cJSON *from,
		   const struct merge_doc_opts *o)
{
	struct mdoc m = {.o = o};

	merge_obj(&m, into, from, "");
	return m.nomem ? -1 : 0;
}

/* ---- pairing by position ------------------------------------------------- */

/* One entry of a list as merge_positions sees it. */
struct bay {
	cJSON *e;
	bool ours;	/* written by the source being merged in alone */
	long slot;	/* -1: not given */
	long pos;	/* normalised to count from 0 */
	int peers;	/* entries of the other side at the same place */
	bool gone;
	bool done;	/* a container kept: noted once */
};

/* Which side an entry is on: 1 ours (every src of `source`), 0 theirs
 * (none), -1 both (already merged: left alone). */
static int side_of(const cJSON *e, const char *source)
{
	const cJSON *m = cJSON_GetObjectItemCaseSensitive(e, "src"), *s;
	int mine = 0, other = 0;
	char col[32];

	cJSON_ArrayForEach(s, m) {
		if (!cJSON_IsString(s))
			continue;
		if (strstr(s->valuestring, " (also "))
			return -1;
		if (strcmp(merge_src_collector(s->valuestring, col,
					       sizeof(col)), source) == 0)
			mine++;
		else
			other++;
	}
	if (mine && other)
		return -1;
	return mine ? 1 : 0;
}

static long num_field(const cJSON *e, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, key);

	return cJSON_IsNumber(v) && v->valuedouble >= 0 ? (long)v->valuedouble
							 : -1;
}

static int status_rank(const cJSON *e)
{
	static const char *const order[] = {"ok", "unknown", "absent",
					    "unpowered", "warning", "failed",
					    NULL};
	const cJSON *s = cJSON_GetObjectItemCaseSensitive(e, "status");

	for (int i = 0; cJSON_IsString(s) && order[i]; i++)
		if (strcmp(s->valuestring, order[i]) == 0)
			return i;
	return 1;
}

/* The one slot every entry of a side gives, -2 when they give several,
 * -1 when none gives one. */
static long only_slot(const struct bay *b, size_t n, bool ours)
{
	long s = -1;

	for (size_t i = 0; i < n; i++) {
		if (b[i].ours != ours || b[i].slot < 0)
			continue;
		if (s >= 0 && s != b[i].slot)
			return -2;
		s = b[i].slot;
	}
	return s;
}

/* Same place: the same bay, in the same slot (a side that gives no slot
 * matches only when the other side's entries all sit in one slot). */
static bool same_place(const struct bay *a, const struct bay *b,
		       long a_only, long b_only)
{
	if (a->pos != b->pos)
		return false;
	if (a->slot >= 0 && b->slot >= 0)
		return a->slot == b->slot;
	if (a->slot < 0 && b->slot < 0)
		return true;
	return a->slot < 0 ? b_only >= 0 : a_only >= 0;
}

/* The distinct places (slot, bay) of each side must be the same set:
 * otherwise the numbering is not understood and nothing is paired. */
static bool same_places(struct bay *b, size_t n, long our_slot,
			long their_slot)
{
	for (size_t i = 0; i < n; i++) {
		b[i].peers = 0;
		for (size_t j = 0; j < n; j++)
			if (b[j].ours != b[i].ours &&
			    same_place(&b[i], &b[j],
				       b[i].ours ? our_slot : their_slot,
				       b[i].ours ? their_slot : our_slot))
				b[i].peers++;
	}
	for (size_t i = 0; i < n; i++)
		if (!b[i].peers)
			return false;
	return true;
}

/* Appends " (what: detail)" to the entry's src of its name. */
static int note(cJSON *e, const char *what, const char *detail)
{
	const char *old = src_of(e, "name");
	char buf[1024];

	snprintf(buf, sizeof(buf), "%s (%s: %s)", old ? old : "", what,
		 detail);
	return set_src(e, "name", buf);
}

static const char *name_of(const cJSON *e)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(e, "name");

	return cJSON_IsString(n) ? n->valuestring : "?";
}

/* Moves every field of `from` into `to` through merge_field. */
static int pour(cJSON *to, cJSON *from, const struct target_def *t)
{
	cJSON *it, *next;

	for (it = from->child; it; it = next) {
		const struct field_def *f;
		const char *src;
		char sb[600], key[64];
		enum merge_result r;

		next = it->next;
		if (!it->string || strcmp(it->string, "src") == 0)
			continue;
		/* cJSON frees the item's own key when it re-keys it */
		snprintf(key, sizeof(key), "%s", it->string);
		f = target_field(t, key, TU_ALL);
		src = src_of(from, key);
		snprintf(sb, sizeof(sb), "%s", src ? src : "?");
		r = merge_field(to, key, cJSON_DetachItemViaPointer(from, it), sb,
				f ? target_precision(t, f) : PREC_READING,
				false);
		if (r == MERGE_NOMEM)
			return -1;
	}
	return 0;
}

/* A container (a fan tray) one side lists and whose parts (its fans) the
 * other lists: each part notes the container as evidence; the container
 * goes, unless its status is worse than all its parts' (kept, noted). */
static int fold(struct bay *c, struct bay *b, size_t n, long cs, long ps)
{
	int worst = -1;
	char base[600];

	for (size_t i = 0; i < n; i++)
		if (b[i].ours != c->ours && same_place(c, &b[i], cs, ps) &&
		    status_rank(b[i].e) > worst)
			worst = status_rank(b[i].e);
	src_base(src_of(c->e, "name"), base, sizeof(base));
	for (size_t i = 0; i < n; i++) {
		const cJSON *st = cJSON_GetObjectItemCaseSensitive(c->e,
								   "status");
		char what[300], also[700];

		if (b[i].ours == c->ours || !same_place(c, &b[i], cs, ps))
			continue;
		snprintf(what, sizeof(what), "%s, which holds it: %s",
			 name_of(c->e),
			 cJSON_IsString(st) ? st->valuestring : "no status");
		snprintf(also, sizeof(also), "also %s", base);
		if (note(b[i].e, also, what) < 0)
			return -1;
	}
	c->done = true;
	if (status_rank(c->e) > worst)
		return note(c->e, c->ours ? "holds parts SNMP lists apart"
					  : "holds parts the CLI lists apart",
			    "kept, its status is worse than theirs") < 0 ? -1
								       : 0;
	c->gone = true;
	return 0;
}

int merge_positions(cJSON *list, const char *path, const char *source,
		    int our_base, int their_base)
{
	const struct target_def *t = target_find(path, TU_CLI);
	size_t n = 0, k = 0;
	struct bay *b;
	long os, ts;
	cJSON *e;
	int rc = 0, paired = 0;

	if (!t || !cJSON_IsArray(list))
		return 0;
	b = calloc((size_t)cJSON_GetArraySize(list) + 1, sizeof(*b));
	if (!b)
		return -1;
	cJSON_ArrayForEach(e, list) {
		int side = side_of(e, source);
		long pos = num_field(e, "position");

		if (side < 0 || pos < 0)
			continue;
		b[n].e = e;
		b[n].ours = side == 1;
		b[n].slot = num_field(e, "slot");
		b[n].pos = pos - (side == 1 ? our_base : their_base);
		k += b[n].ours;
		n++;
	}
	os = only_slot(b, n, true);
	ts = only_slot(b, n, false);
	if (!k || k == n)
		goto out;	/* one side only: nothing to pair */
	if (!same_places(b, n, os, ts)) {
		for (size_t i = 0; i < n && rc == 0; i++)
			if (b[i].ours)
				rc = note(b[i].e, "not paired with SNMP",
					  "the two sources' slots and bays "
					  "differ");
		goto out;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct bay *x = &b[i];

		if (x->gone || !x->ours)
			continue;
		for (size_t j = 0; j < n && rc == 0; j++) {
			struct bay *y = &b[j];

			if (y->ours || y->gone || !same_place(x, y, os, ts))
				continue;
			if (x->peers == 1 && y->peers == 1) {
				rc = pour(y->e, x->e, t);
				x->gone = true;
				paired++;
			} else if (x->peers == 1 && y->peers > 1) {
				/* theirs is one, ours several: it holds them */
				if (!y->done)
					rc = fold(y, b, n, ts, os);
			} else if (x->peers > 1 && y->peers == 1) {
				rc = fold(x, b, n, os, ts);	/* ours holds */
			} else {
				rc = note(x->e, "not paired with SNMP",
					  "several objects of both sources "
					  "share its bay");
			}
			break;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (b[i].gone)
			cJSON_Delete(cJSON_DetachItemViaPointer(list, b[i].e));
out:
	free(b);
	return rc < 0 ? -1 : paired;
}
