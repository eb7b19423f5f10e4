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

/* src without any earlier "(also ...)" note. */
static void src_base(const char *src, char *buf, size_t n)
{
	const char *also = src ? strstr(src, " (also ") : NULL;

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
	char oc[32], nc[32], note[1024], ob[512], nb[512], txt[128];
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
		snprintf(note, sizeof(note), "%s (also %s: %s)", nb, ob, txt);
		if (!cJSON_ReplaceItemInObjectCaseSensitive(obj, key, val)) {
			cJSON_Delete(val);
			return MERGE_NOMEM;
		}
	} else {
		value_text(val, txt, sizeof(txt));
		snprintf(note, sizeof(note), "%s (also %s: %s)", ob, nb, txt);
		cJSON_Delete(val);
	}
	if (set_src(obj, key, note) < 0)
		return MERGE_NOMEM;
	return win ? MERGE_WRITTEN : MERGE_KEPT;
}
