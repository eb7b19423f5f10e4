/* profile_eval.c - the value language and conditions of emit blocks
 * (doc/profiles.md: Values, Conditions) over one parsed record, and the
 * prose parsers behind `transform` (uptimes, sizes, numbers, booleans,
 * dates).
 *
 * A record is a JSON object: Value name -> text, or -> list of texts for
 * List Values.  Nothing here guesses: text that does not read as what a
 * field needs gives no value, never 0.
 */
#include "config.h"
#include "profile_int.h"
#include "model.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- regular expressions -------------------------------------------------- */

bool prx_find(const pcre2_code *re, const char *s)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc;

	if (!md)
		return false;
	rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

/* Group 1 of the first match (or the whole match), malloc'd; NULL when
 * nothing matches. */
static char *prx_capture(const pcre2_code *re, const char *s)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	PCRE2_SIZE *ov;
	char *out = NULL;
	int rc;

	if (!md)
		return NULL;
	rc = pcre2_match(re, (PCRE2_SPTR)s, strlen(s), 0, 0, md, NULL);
	if (rc > 0) {
		int g = rc > 1 ? 1 : 0;

		ov = pcre2_get_ovector_pointer(md);
		if (ov[2 * g] != PCRE2_UNSET)
			out = strndup(s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
	}
	pcre2_match_data_free(md);
	return out;
}

/* ---- prose ----------------------------------------------------------------- */

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return p;
}

/* A number at p with optional thousands commas ("1,024"); end in *end. */
static int read_number(const char *p, double *out, const char **end)
{
	char buf[64];
	size_t o = 0;
	char *e;

	if (*p == '+' || *p == '-')
		buf[o++] = *p++;
	if (!isdigit((unsigned char)*p) &&
	    !(*p == '.' && isdigit((unsigned char)p[1])))
		return -1;
	while (o < sizeof(buf) - 1 &&
	       (isdigit((unsigned char)*p) || *p == '.' ||
		(*p == ',' && isdigit((unsigned char)p[1]) &&
		 isdigit((unsigned char)p[2]) &&
		 isdigit((unsigned char)p[3]) &&
		 !isdigit((unsigned char)p[4])))) {
		if (*p != ',')
			buf[o++] = *p;
		p++;
	}
	buf[o] = '\0';
	*out = strtod(buf, &e);
	if (*e || !isfinite(*out))
		return -1;
	*end = p;
	return 0;
}

int prose_number(const char *s, double *out)
{
	const char *end;

	return read_number(skip_ws(s), out, &end);
}

/* The whole (trimmed) text is one number. */
static int strict_number(const char *s, double *out)
{
	const char *end;

	if (read_number(skip_ws(s), out, &end) < 0)
		return -1;
	return *skip_ws(end) ? -1 : 0;
}

static const struct {
	const char *word;
	double secs;
} dur_units[] = {
	{"y", 31536000}, {"yr", 31536000}, {"yrs", 31536000},
	{"year", 31536000}, {"years", 31536000},
	{"w", 604800}, {"wk", 604800}, {"wks", 604800}, {"week", 604800},
	{"weeks", 604800},
	{"d", 86400}, {"day", 86400}, {"days", 86400},
	{"h", 3600}, {"hr", 3600}, {"hrs", 3600}, {"hour", 3600},
	{"hours", 3600},
	{"m", 60}, {"min", 60}, {"mins", 60}, {"minute", 60},
	{"minutes", 60},
	{"s", 1}, {"sec", 1}, {"secs", 1}, {"second", 1}, {"seconds", 1},
};

static double dur_unit(const char *w, size_t n)
{
	for (size_t i = 0; i < sizeof(dur_units) / sizeof(*dur_units); i++)
		if (strlen(dur_units[i].word) == n &&
		    strncasecmp(dur_units[i].word, w, n) == 0)
			return dur_units[i].secs;
	return -1;
}

/* "H:MM" or "H:MM:SS" at p (p at the first digit). */
static int clock_part(const char *p, double *secs, const char **end)
{
	long v[3];
	int n = 0;
	char *e;

	while (n < 3) {
		v[n++] = strtol(p, &e, 10);
		if (e == p)
			return -1;
		p = e;
		if (*p != ':' || !isdigit((unsigned char)p[1]))
			break;
		p++;
	}
	if (n < 2)
		return -1;
	*secs = n == 3 ? v[0] * 3600.0 + v[1] * 60.0 + v[2]
		       : v[0] * 3600.0 + v[1] * 60.0;
	*end = p;
	return 0;
}

/* Uptime prose of the usual vendors to seconds: "2 years, 3 weeks, 1 day,
 * 4 hours, 5 minutes" (IOS), "12 day(s), 3 hour(s)" (NX-OS), "0 week, 1
 * day" (VRP, Comware), "2 weeks, 3 days, 4 hours and 5 minutes" (EOS),
 * "1w2d 03:04", "5 days, 23:31" (Junos), "12w3d", "5d04h", "1 day,
 * 02:03:04", a bare number of seconds.  Words that do not follow a number
 * are skipped; a number followed by an unknown unit fails. */
int prose_duration(const char *s, double *seconds)
{
	const char *p = skip_ws(s), *e;
	double total = 0, n;
	int parts = 0;

	if (strict_number(s, &n) == 0 && n >= 0) {
		*seconds = n;
		return 0;
	}
	while (*p) {
		if (!isdigit((unsigned char)*p)) {
			p++;
			continue;
		}
		if (clock_part(p, &n, &e) == 0) {
			total += n;
			parts++;
			p = e;
			continue;
		}
		n = strtod(p, (char **)&e);
		p = skip_ws(e);
		e = p;
		while (isalpha((unsigned char)*e))
			e++;
		double u = dur_unit(p, (size_t)(e - p));

		if (u < 0)
			return -1;
		total += n * u;
		parts++;
		p = e;
		if (strncmp(p, "(s)", 3) == 0)
			p += 3;
	}
	if (!parts)
		return -1;
	*seconds = total;
	return 0;
}

/* A size with its unit to bytes: "16384K bytes", "512 MB", "1.5G",
 * "2048 kB", "1,024 bytes", "123456".  K, M, G, T are powers of 1024, as
 * network devices and /proc/meminfo mean them. */
int prose_size(const char *s, double *bytes)
{
	const char *p = skip_ws(s), *e;
	double n, mult = 1;

	if (read_number(p, &n, &e) < 0 || n < 0)
		return -1;
	p = skip_ws(e);
	switch (toupper((unsigned char)*p)) {
	case 'K': mult = 1024.0; p++; break;
	case 'M': mult = 1048576.0; p++; break;
	case 'G': mult = 1073741824.0; p++; break;
	case 'T': mult = 1099511627776.0; p++; break;
	case 'B': case '\0': break;
	default: return -1;
	}
	if (mult > 1 && (*p == 'i' || *p == 'I'))
		p++;
	p = skip_ws(p);
	if (*p && strncasecmp(p, "b", 1) != 0)
		return -1;
	*bytes = round(n * mult);
	return 0;
}

int prose_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"yes", "true", "enabled", "enable",
					  "on", "up", "y", "1", NULL};
	static const char *const no[] = {"no", "false", "disabled", "disable",
					 "off", "down", "n", "0", NULL};
	char w[32];
	size_t n;

	s = skip_ws(s);
	n = strlen(s);
	while (n && isspace((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || n >= sizeof(w))
		return -1;
	memcpy(w, s, n);
	w[n] = '\0';
	for (size_t i = 0; yes[i]; i++)
		if (strcasecmp(w, yes[i]) == 0)
			return *out = true, 0;
	for (size_t i = 0; no[i]; i++)
		if (strcasecmp(w, no[i]) == 0)
			return *out = false, 0;
	return -1;
}

/* "Jul", "July", "Sept": 1..12; 0 for any other word. */
static int month_of(const char *p, size_t n)
{
	static const char *const months[] = {
		"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"};

	if (n < 3)
		return 0;
	for (int m = 0; m < 12; m++)
		if (n <= strlen(months[m]) && strncasecmp(p, months[m], n) == 0)
			return m + 1;
	return 0;
}

/* The day, month and year tokens of a date in the vendors' spellings. */
static int date_parts(const char *s, int *y, int *mo, int *d)
{
	long num[4];
	int nnum = 0, mon = 0, ylast = -1;
	const char *p = s;

	while (*p && nnum < 4) {
		const char *e = p;

		if (isdigit((unsigned char)*p)) {
			long v = strtol(p, (char **)&e, 10);

			if (*e == ':') {	/* a time of day: skip it */
				while (*e && !isspace((unsigned char)*e))
					e++;
			} else {
				if (e - p == 4)
					ylast = nnum;
				num[nnum++] = v;
			}
		} else if (isalpha((unsigned char)*p)) {
			while (isalpha((unsigned char)*e))
				e++;
			if (!mon)
				mon = month_of(p, (size_t)(e - p));
		} else {
			e = p + 1;
		}
		p = e;
	}
	if (mon) {		/* "23 Jul 2019", "Jul 23 2019", "Jul 23, 2019" */
		if (nnum < 2 || ylast < 0)
			return -1;
		*y = (int)num[ylast];
		*d = (int)num[ylast == 0 ? 1 : 0];
		*mo = mon;
		return 0;
	}
	if (nnum < 3 || ylast != 0)	/* "2019-07-23", "2019/07/23" */
		return -1;
	*y = (int)num[0];
	*mo = (int)num[1];
	*d = (int)num[2];
	return 0;
}

/* A date as devices print it to RFC 3339's full-date: "2019-07-23",
 * "2019/07/23", "2019.07.23", "23 Jul 2019", "23-Jul-2019", "Jul 23
 * 2019", "Jul 23, 2019", "Aug 22 18:52:49 2023 UTC", "2019-07-23
 * 10:00:00".  Day-first and month-first numeric forms (07/23/2019) are
 * ambiguous and refused, as is a day the month does not have. */
int prose_date(const char *s, char out[11])
{
	static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
				    30, 31};
	int y, mo, d;

	if (!s || date_parts(skip_ws(s), &y, &mo, &d) < 0)
		return -1;
	if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > mdays[mo - 1])
		return -1;
	if (mo == 2 && d == 29 && (y % 4 || (y % 100 == 0 && y % 400)))
		return -1;
	snprintf(out, 11, "%04d-%02d-%02d", y, mo, d);
	return 0;
}

static bool digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* RFC 3339 full-date, or date-time with a zone (the schema's two forms). */
bool rfc3339_date(const char *s)
{
	const char *p = s + 10;

	if (strlen(s) < 10 || !digits(s, 4) || s[4] != '-' ||
	    !digits(s + 5, 2) || s[7] != '-' || !digits(s + 8, 2))
		return false;
	if (!*p)
		return true;
	if ((*p != 'T' && *p != 't') || !digits(p + 1, 2) || p[3] != ':' ||
	    !digits(p + 4, 2) || p[6] != ':' || !digits(p + 7, 2))
		return false;
	p += 9;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p == 'Z' || *p == 'z')
		return p[1] == '\0';
	return (*p == '+' || *p == '-') && digits(p + 1, 2) && p[3] == ':' &&
	       digits(p + 4, 2) && p[6] == '\0';
}

/* aa:bb:cc:dd:ee:ff, aa-bb-..., aabb.ccdd.eeff (Cisco), aabb-ccdd-eeff
 * (Huawei, H3C), aabbccddeeff. */
int mac_normalise(const char *s, char out[18])
{
	char hex[13];
	size_t n = 0;

	s = skip_ws(s);
	for (; *s && !isspace((unsigned char)*s); s++) {
		if (isxdigit((unsigned char)*s)) {
			if (n == 12)
				return -1;
			hex[n++] = (char)tolower((unsigned char)*s);
		} else if (*s != ':' && *s != '-' && *s != '.') {
			return -1;
		}
	}
	if (n != 12 || *skip_ws(s))
		return -1;
	snprintf(out, 18, "%.2s:%.2s:%.2s:%.2s:%.2s:%.2s", hex, hex + 2,
		 hex + 4, hex + 6, hex + 8, hex + 10);
	return 0;
}

/* ---- values ----------------------------------------------------------------- */

void pv_clear(struct pv *v)
{
	free(v->s);
	cJSON_Delete(v->list);
	memset(v, 0, sizeof(*v));
}

static void pv_str(struct pv *v, const char *s, size_t n)
{
	pv_clear(v);
	v->s = strndup(s, n);
	v->k = v->s ? PV_STR : PV_NONE;
}

static void pv_num(struct pv *v, double n)
{
	pv_clear(v);
	v->k = PV_NUM;
	v->n = n;
}

static void pv_bool(struct pv *v, bool b)
{
	pv_clear(v);
	v->k = PV_BOOL;
	v->b = b;
}

static char *trimmed(const char *s)
{
	const char *a = skip_ws(s);
	size_t n = strlen(a);

	while (n && isspace((unsigned char)a[n - 1]))
		n--;
	return strndup(a, n);
}

static bool is_none(const struct pvalue *v, const char *s)
{
	char *t = trimmed(s);
	bool none = !t || !*t;

	for (size_t i = 0; !none && i < v->nnone; i++)
		none = strcasecmp(t, v->none[i]) == 0;
	free(t);
	return none;
}

/* A record's Value as text: a list gives its first element. */
static const char *rec_text(const cJSON *rec, const char *ref)
{
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(rec, ref);

	if (cJSON_IsArray(c))
		c = cJSON_GetArrayItem(c, 0);
	return cJSON_IsString(c) ? c->valuestring : NULL;
}

static int rec_number(const cJSON *rec, const struct pnum *pn, double *out)
{
	const char *t;

	if (!pn->ref) {
		*out = pn->k;
		return 0;
	}
	t = rec_text(rec, pn->ref);
	return t ? prose_number(t, out) : -1;
}

/* "{A}/{B}" filled from the record; NULL when a place is empty. */
static char *fill_template(const char *tmpl, const cJSON *rec)
{
	size_t cap = strlen(tmpl) + 64, o = 0;
	char *out = malloc(cap);

	for (const char *p = tmpl; out && *p;) {
		const char *add = p, *e;
		size_t n = 1;
		char name[128];

		if (*p == '{' && (e = strchr(p, '}')) &&
		    (size_t)(e - p) < sizeof(name)) {
			snprintf(name, sizeof(name), "%.*s", (int)(e - p - 1),
				 p + 1);
			add = rec_text(rec, name);
			if (!add || !*skip_ws(add)) {
				free(out);
				return NULL;
			}
			n = strlen(add);
			p = e + 1;
		} else {
			p++;
		}
		if (o + n + 1 > cap) {
			char *nb = realloc(out, cap = 2 * (o + n + 1));

			if (!nb) {
				free(out);
				return NULL;
			}
			out = nb;
		}
		/* cppcheck-suppress nullPointerArithmeticRedundantCheck ; cap 0 */
		memcpy(out + o, add, n);
		o += n;
	}
	if (out)
		out[o] = '\0';
	return out;
}

/* A list Value reduced by pick; lists stay lists for pick: all. */
static void pick_list(const struct pvalue *v, const cJSON *arr, struct pv *out)
{
	int n = cJSON_GetArraySize(arr);
	const cJSON *it;
	double acc = 0, x;
	int cnt = 0;

	switch (v->pick) {
	case PK_FIRST:
	case PK_LAST:
		it = cJSON_GetArrayItem(arr, v->pick == PK_FIRST ? 0 : n - 1);
		if (cJSON_IsString(it))
			pv_str(out, it->valuestring, strlen(it->valuestring));
		return;
	case PK_JOIN: {
		char *s = NULL;
		const char *sep = v->sep ? v->sep : ", ";

		cJSON_ArrayForEach(it, arr) {
			char *ns;

			if (!cJSON_IsString(it) || is_none(v, it->valuestring))
				continue;
			if (asprintf(&ns, "%s%s%s", s ? s : "", s ? sep : "",
				     it->valuestring) < 0)
				break;
			free(s);
			s = ns;
		}
		if (s) {
			pv_str(out, s, strlen(s));
			free(s);
		}
		return;
	}
	case PK_COUNT:
		cJSON_ArrayForEach(it, arr)
			cnt += cJSON_IsString(it) && !is_none(v, it->valuestring);
		pv_num(out, cnt);
		return;
	case PK_ALL:
		pv_clear(out);
		out->k = PV_LIST;
		out->list = cJSON_Duplicate(arr, 1);
		if (!out->list)
			out->k = PV_NONE;
		return;
	default:
		cJSON_ArrayForEach(it, arr) {
			if (!cJSON_IsString(it) || is_none(v, it->valuestring) ||
			    prose_number(it->valuestring, &x) < 0)
				continue;
			if (v->pick == PK_SUM || cnt == 0)
				acc = v->pick == PK_SUM ? acc + x : x;
			else if (v->pick == PK_MIN ? x < acc : x > acc)
				acc = x;
			cnt++;
		}
		if (cnt)
			pv_num(out, acc);
		return;
	}
}

/* The raw material of a value: its ref (picked), template or const. */
static void value_source(const struct pvalue *v, const cJSON *rec,
			 struct pv *out)
{
	const cJSON *c;

	if (v->has_const) {
		if (v->cval.kind == PL_NUM)
			pv_num(out, v->cval.num);
		else if (v->cval.kind == PL_BOOL)
			pv_bool(out, v->cval.b);
		else
			pv_str(out, v->cval.str, strlen(v->cval.str));
		return;
	}
	if (v->tmpl) {
		char *s = fill_template(v->tmpl, rec);

		if (s)
			pv_str(out, s, strlen(s));
		free(s);
		return;
	}
	c = cJSON_GetObjectItemCaseSensitive(rec, v->ref);
	if (cJSON_IsArray(c)) {
		pick_list(v, c, out);
	} else if (cJSON_IsString(c)) {
		if (v->pick == PK_COUNT)
			pv_num(out, is_none(v, c->valuestring) ? 0 : 1);
		else
			pv_str(out, c->valuestring, strlen(c->valuestring));
	}
}

static bool numeric_kind(enum field_kind k)
{
	return k == FK_NUM || k == FK_NNUM || k == FK_PCT || k == FK_COUNT ||
	       k == FK_ENTITY || k == FK_DOM;
}

/* Text steps: none, capture, transform, enum / classify. */
static void text_steps(const struct pvalue *v, struct pv *out)
{
	char *s;
	double d;
	bool b;

	if (v->tf == PT_PRESENT) {
		pv_bool(out, out->k == PV_STR && *skip_ws(out->s));
		return;
	}
	if (out->k != PV_STR)
		return;
	if (is_none(v, out->s)) {
		pv_clear(out);
		return;
	}
	if (v->capture) {
		s = prx_capture(v->capture, out->s);
		pv_clear(out);
		if (!s)
			return;
		out->k = PV_STR;
		out->s = s;
	}
	switch (v->tf) {
	case PT_TRIM:
	case PT_LOWER:
	case PT_UPPER:
		s = trimmed(out->s);
		for (char *p = s; p && *p && v->tf != PT_TRIM; p++)
			*p = (char)(v->tf == PT_LOWER ? tolower((unsigned char)*p)
						      : toupper((unsigned char)*p));
		free(out->s);
		out->s = s;
		out->k = s ? PV_STR : PV_NONE;
		break;
	case PT_NUMBER:
		if (prose_number(out->s, &d) == 0)
			pv_num(out, d);
		else
			pv_clear(out);
		break;
	case PT_DURATION:
		if (prose_duration(out->s, &d) == 0)
			pv_num(out, d);
		else
			pv_clear(out);
		break;
	case PT_SIZE:
		if (prose_size(out->s, &d) == 0)
			pv_num(out, d);
		else
			pv_clear(out);
		break;
	case PT_BOOL:
		if (prose_bool(out->s, &b) == 0)
			pv_bool(out, b);
		else
			pv_clear(out);
		break;
	case PT_DATE: {
		char date[11];

		if (prose_date(out->s, date) == 0)
			pv_str(out, date, 10);
		else
			pv_clear(out);
		break;
	}
	default:
		break;
	}
}

static bool words_step(const struct pvalue *v, struct pv *out)
{
	const char *w = NULL;
	char *t;

	if (!v->nen && !v->ncl)
		return false;
	if (out->k == PV_NUM) {
		char buf[64];

		snprintf(buf, sizeof(buf), "%.15g", out->n);
		pv_str(out, buf, strlen(buf));
	} else if (out->k == PV_BOOL) {
		pv_str(out, out->b ? "true" : "false", out->b ? 4 : 5);
	}
	if (out->k != PV_STR)
		return true;
	t = trimmed(out->s);
	for (size_t i = 0; t && i < v->nen && !w; i++)
		if (strcasecmp(t, v->en_keys[i]) == 0)
			w = v->en_words[i];
	if (v->nen && !w)
		w = v->en_default;
	for (size_t i = 0; t && i < v->ncl && !w; i++)
		if (prx_find(v->cl_re[i], t))
			w = v->cl_words[i];
	free(t);
	if (w)
		pv_str(out, w, strlen(w));
	else
		pv_clear(out);
	return true;
}

/* x to 12 significant digits: arithmetic on readings printed with a few
 * decimals leaves binary noise (100 - 93.8 = 6.200000000000003), which
 * would show in reports and beat an exact reading from another source in
 * the merge's "more digits" rule. */
static double round_sig(double x)
{
	char buf[32];

	if (!isfinite(x) || x == 0)
		return x;
	snprintf(buf, sizeof(buf), "%.12g", x);
	return strtod(buf, NULL);
}

/* Numeric steps: unit, scale, divide, plus, minus, min / max. */
static void num_steps(const struct pvalue *v, const struct field_def *def,
		      const cJSON *rec, struct pv *out)
{
	double x, k;

	if (out->k == PV_STR && strict_number(out->s, &x) == 0)
		pv_num(out, x);
	if (out->k != PV_NUM)
		return;
	x = out->n;
	if (v->has_unit) {
		if (def && def->dim == DIM_DBM && v->unit_power) {
			double mw = x * v->unit_factor * 1000.0;

			if (mw <= 0) {
				pv_clear(out);
				return;
			}
			x = 10.0 * log10(mw);
		} else {
			x = x * v->unit_factor + v->unit_offset;
		}
	}
	if (v->scale.set) {
		if (rec_number(rec, &v->scale, &k) < 0)
			goto none;
		x *= k;
	}
	if (v->divide.set) {
		if (rec_number(rec, &v->divide, &k) < 0 || k == 0)
			goto none;
		x /= k;
	}
	if (v->plus.set) {
		if (rec_number(rec, &v->plus, &k) < 0)
			goto none;
		x += k;
	}
	if (v->minus.set) {
		if (rec_number(rec, &v->minus, &k) < 0)
			goto none;
		x -= k;
	}
	if (v->has_unit || v->scale.set || v->divide.set || v->plus.set ||
	    v->minus.set)
		x = round_sig(x);
	if ((v->has_min && x < v->min) || (v->has_max && x > v->max))
		goto none;
	out->n = x;
	return;
none:
	pv_clear(out);
}

static bool word_ok(const char *const *words, const char *w)
{
	for (; words && *words; words++)
		if (strcmp(*words, w) == 0)
			return true;
	return false;
}

/* The field's kind decides the last step: words in the vocabulary,
 * numbers in range, booleans, MACs, lists. */
static void fit_kind(const struct field_def *def, struct pv *out)
{
	char mac[18];
	bool b;

	if (!def || out->k == PV_NONE)
		return;
	switch (def->kind) {
	case FK_STATUS:
		if (out->k != PV_STR || !component_status_valid(out->s))
			pv_clear(out);
		return;
	case FK_WORD:
		if (out->k != PV_STR || !word_ok(def->words, out->s))
			pv_clear(out);
		return;
	case FK_BOOL:
		if (out->k == PV_STR && prose_bool(out->s, &b) == 0)
			pv_bool(out, b);
		if (out->k != PV_BOOL)
			pv_clear(out);
		return;
	case FK_MAC:
		if (out->k != PV_STR || mac_normalise(out->s, mac) < 0)
			pv_clear(out);
		else
			pv_str(out, mac, 17);
		return;
	case FK_STR:
	case FK_DATE:
	case FK_REDACTED:
		if (out->k == PV_NUM) {
			char buf[64];

			snprintf(buf, sizeof(buf), "%.15g", out->n);
			pv_str(out, buf, strlen(buf));
		}
		if (out->k == PV_STR) {
			char *t = trimmed(out->s);

			free(out->s);
			out->s = t;
			if (!t || !*t ||
			    (def->kind == FK_DATE && !rfc3339_date(t)))
				pv_clear(out);
		} else {
			pv_clear(out);
		}
		return;
	case FK_ID:
		if (out->k == PV_STR) {
			double d;

			if (strict_number(out->s, &d) == 0 && d >= 0 &&
			    d == floor(d))
				pv_num(out, d);
		}
		if (out->k == PV_BOOL || out->k == PV_LIST)
			pv_clear(out);
		return;
	default:
		break;
	}
	if (out->k != PV_NUM) {
		pv_clear(out);
		return;
	}
	switch (def->kind) {
	case FK_NNUM:
		if (out->n < 0)
			pv_clear(out);
		break;
	case FK_PCT:
		if (out->n < 0 || out->n > 100)
			pv_clear(out);
		break;
	case FK_COUNT:
		out->n = round(out->n);
		if (out->n < 0 || out->n > 9007199254740992.0)
			pv_clear(out);
		break;
	case FK_ENTITY:
		if (out->n != floor(out->n) || out->n < 1 ||
		    out->n > 2147483647.0)
			pv_clear(out);
		break;
	default:
		break;
	}
}

/* One element of a list value, through the same steps. */
static void eval_steps(const struct pvalue *v, const struct field_def *def,
		       const cJSON *rec, struct pv *out)
{
	text_steps(v, out);
	if (!words_step(v, out) && (v->has_unit || v->scale.set ||
				    v->divide.set || v->plus.set ||
				    v->minus.set || v->has_min || v->has_max ||
				    (def && numeric_kind(def->kind))))
		num_steps(v, def, rec, out);
}

/* "-inf", "- Inf dBm", "-Infinity": a lane with no light. */
static bool dark_reading(const char *s)
{
	s = skip_ws(s);
	if (*s++ != '-')
		return false;
	return strncasecmp(skip_ws(s), "inf", 3) == 0;
}

/* The least power a DOM reports: SFF-8472 and SFF-8636 count optical
 * power in 0.1 uW steps, so a reading of 0 is below -40 dBm (what IOS
 * prints for a dark lane). */
#define DOM_FLOOR_DBM (-40.0)

/* pick: all, for list fields (FK_STRLIST, FK_WORDLIST, FK_DOM lanes).
 * Lanes keep their numbers: in a DOM list an element that gives nothing
 * makes the whole list nothing (never a shorter, shifted list), a dark
 * lane of a dBm reading is DOM_FLOOR_DBM, and a one-lane optic's list is
 * its one number (a lone dark reading gives nothing, as a single value). */
static void eval_list(const struct pvalue *v, const struct field_def *def,
		      const cJSON *rec, struct pv *out)
{
	cJSON *in = out->list, *res = cJSON_CreateArray(), *it;
	struct field_def elem = *def;
	bool dom = def->kind == FK_DOM, hole = false;
	int n = cJSON_GetArraySize(in);

	out->list = NULL;
	pv_clear(out);
	elem.kind = def->kind == FK_STRLIST ? FK_STR
		    : def->kind == FK_WORDLIST ? FK_WORD : FK_NUM;
	cJSON_ArrayForEach(it, in) {
		struct pv e = {0};

		if (!cJSON_IsString(it)) {
			hole = true;
			continue;
		}
		if (dom && def->dim == DIM_DBM && n > 1 &&
		    dark_reading(it->valuestring)) {
			pv_num(&e, DOM_FLOOR_DBM);
		} else {
			pv_str(&e, it->valuestring, strlen(it->valuestring));
			eval_steps(v, &elem, rec, &e);
			fit_kind(&elem, &e);
		}
		if (e.k == PV_STR)
			cJSON_AddItemToArray(res, cJSON_CreateString(e.s));
		else if (e.k == PV_NUM)
			cJSON_AddItemToArray(res, cJSON_CreateNumber(e.n));
		else
			hole = true;
		pv_clear(&e);
	}
	cJSON_Delete(in);
	if (cJSON_GetArraySize(res) == 0 || (dom && hole)) {
		cJSON_Delete(res);
		return;
	}
	if (dom && cJSON_GetArraySize(res) == 1) {
		pv_num(out, cJSON_GetArrayItem(res, 0)->valuedouble);
		cJSON_Delete(res);
		return;
	}
	out->k = PV_LIST;
	out->list = res;
}

void pvalue_eval(const struct pvalue *v, const struct field_def *def,
		 const cJSON *rec, struct pv *out)
{
	bool list_field = def && (def->kind == FK_STRLIST ||
				  def->kind == FK_WORDLIST ||
				  def->kind == FK_DOM);

	memset(out, 0, sizeof(*out));
	value_source(v, rec, out);
	if (out->k == PV_LIST) {
		if (list_field)
			eval_list(v, def, rec, out);
		else
			pv_clear(out);
		return;
	}
	eval_steps(v, def, rec, out);
	if (def && (def->kind == FK_STRLIST || def->kind == FK_WORDLIST)) {
		/* one element: a list of one */
		struct field_def elem = *def;
		cJSON *l;

		elem.kind = def->kind == FK_STRLIST ? FK_STR : FK_WORD;
		fit_kind(&elem, out);
		if (out->k != PV_STR)
			return;
		l = cJSON_CreateArray();
		cJSON_AddItemToArray(l, cJSON_CreateString(out->s));
		pv_clear(out);
		out->k = PV_LIST;
		out->list = l;
		return;
	}
	fit_kind(def, out);
}

void pfield_eval(const struct pfield *f, const cJSON *rec, struct pv *out)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < f->nalts; i++) {
		pvalue_eval(&f->alts[i], f->def, rec, out);
		if (out->k != PV_NONE)
			return;
	}
}

/* ---- conditions ------------------------------------------------------------- */

static bool text_in(const struct pcond *c, const char *s)
{
	char *t = trimmed(s);
	bool in = false;

	for (size_t i = 0; t && i < c->ntexts && !in; i++)
		in = strcasecmp(t, c->texts[i]) == 0;
	free(t);
	return in;
}

/* Does one text satisfy the condition (ne/not_* are applied by the
 * caller as the negation of eq/match over every element)? */
static bool cond_text(const struct pcond *c, const char *s)
{
	double x;

	if (!*skip_ws(s))
		return false;	/* empty: only the negations hold */
	switch (c->op) {
	case PC_EQ:
	case PC_NE:
		return text_in(c, s);
	case PC_MATCH:
	case PC_NOT_MATCH:
		return prx_find(c->re, s);
	case PC_PRESENT:
	case PC_ABSENT:
		return *skip_ws(s) != '\0';
	default:
		if (prose_number(s, &x) < 0)
			return false;
		return c->op == PC_GT ? x > c->num : c->op == PC_GE ? x >= c->num
		       : c->op == PC_LT ? x < c->num : x <= c->num;
	}
}

static bool cond_holds(const struct pcond *c, const cJSON *rec)
{
	const cJSON *v, *it;
	bool any = false, negated;

	if (c->op == PC_ANY) {
		for (size_t i = 0; i < c->nsub; i++)
			if (cond_holds(&c->sub[i], rec))
				return true;
		return false;
	}
	negated = c->op == PC_NE || c->op == PC_NOT_MATCH ||
		  c->op == PC_ABSENT;
	v = cJSON_GetObjectItemCaseSensitive(rec, c->ref);
	if (cJSON_IsString(v)) {
		any = cond_text(c, v->valuestring);
	} else if (cJSON_IsArray(v)) {
		cJSON_ArrayForEach(it, v)
			if (cJSON_IsString(it) && cond_text(c, it->valuestring))
				any = true;
	}
	return negated ? !any : any;
}

bool pconds_hold(const struct pcond *c, size_t n, const cJSON *rec)
{
	for (size_t i = 0; i < n; i++)
		if (!cond_holds(&c[i], rec))
			return false;
	return true;
}
