/* expr_func.c - the functions of the condition language (doc/rules.md
 * lists them).  Each evaluates its own arguments, so that iterating
 * functions can give their second argument a new scope and exists() can
 * look at a path without reading it. */
#include "config.h"
#include "expr.h"
#include "expr_int.h"
#include "sbuf.h"
#include "version.h"

#include <ctype.h>
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static void set_num(struct xval *out, double n)
{
	memset(out, 0, sizeof(*out));
	out->k = XV_NUM;
	out->n = n;
}

static void set_bool(struct xval *out, bool b)
{
	memset(out, 0, sizeof(*out));
	out->k = XV_BOOL;
	out->b = b;
}

static void set_str(struct xval *out, const char *s)
{
	memset(out, 0, sizeof(*out));
	out->k = s ? XV_STR : XV_MISSING;
	out->s = s;
}

/* Evaluates the first n arguments; returns 1 when one is missing. */
static int args(struct xctx *c, const struct xnode *call, int n,
		struct xval *v)
{
	int missing = 0;

	for (int i = 0; i < n; i++)
		memset(&v[i], 0, sizeof(v[i]));
	for (int i = 0; i < n && i < call->nargs; i++) {
		if (expr_eval(c, call->args[i], &v[i]) < 0)
			return -1;
		missing |= v[i].k == XV_MISSING;
	}
	return missing;
}

static int want(struct xctx *c, const struct xnode *n, const struct xval *v,
		enum xkind k)
{
	if (v->k == k || (k == XV_STR && v->k == XV_VER))
		return 0;
	return x_fail(c, n, "expected a %s, got a %s", x_kind_name(k),
		      x_kind_name(v->k));
}

int x_version_scheme(struct xctx *c, const struct xnode *call)
{
	return call->scheme >= 0 ? call->scheme : c->scheme;
}

static int f_exists(struct xctx *c, const struct xnode *call, struct xval *o)
{
	return x_exists(c, call->args[0], o);
}

static int f_len(struct xctx *c, const struct xnode *call, struct xval *o)
{
	struct xval v;
	int rc = args(c, call, 1, &v);

	if (rc)
		return rc < 0 ? -1 : (memset(o, 0, sizeof(*o)), 0);
	if (v.k == XV_STR)
		set_num(o, (double)strlen(v.s));
	else if (v.k == XV_JSON)
		set_num(o, cJSON_GetArraySize(v.j));
	else
		return x_fail(c, call, "len() needs a list, an object or a "
			      "string, got a %s", x_kind_name(v.k));
	return 0;
}

/* The list argument of an iterating function; 1 when it is missing. */
static int list_arg(struct xctx *c, const struct xnode *call, struct xval *v)
{
	const struct xnode *a = call->args[0];

	if ((a->op == XO_PATH ? x_path(c, a, false, v) : expr_eval(c, a, v)) <
	    0)
		return -1;
	if (v->k == XV_MISSING)
		return 1;
	if (v->k != XV_JSON || !cJSON_IsArray(v->j))
		return x_fail(c, a, "%s() needs a list, got a %s",
			      xfunc_name(call->fn), x_kind_name(v->k));
	return 0;
}

struct tally {
	int t, f, m;	/* true, false, missing results */
	double sum;
	bool err;
	const struct xnode *call;
};

static int tally_bool(struct xctx *c, const struct xval *v, void *ud)
{
	struct tally *t = ud;

	if (v->k == XV_MISSING)
		t->m++;
	else if (v->k == XV_BOOL)
		v->b ? t->t++ : t->f++;
	else
		return x_fail(c, t->call->args[1], "%s() needs a condition "
			      "(true or false), got a %s",
			      xfunc_name(t->call->fn), x_kind_name(v->k));
	return 0;
}

static int tally_num(struct xctx *c, const struct xval *v, void *ud)
{
	struct tally *t = ud;

	if (v->k == XV_MISSING)
		t->m++;
	else if (v->k == XV_NUM)
		t->sum += v->n;
	else
		return x_fail(c, t->call, "sum() adds numbers, got a %s",
			      x_kind_name(v->k));
	return 0;
}

static int iterate(struct xctx *c, const struct xnode *call,
		   struct tally *t, int keep, x_step_fn step, struct xval *o)
{
	struct xval list;
	int rc = list_arg(c, call, &list);

	memset(t, 0, sizeof(*t));
	t->call = call;
	memset(o, 0, sizeof(*o));
	if (rc)
		return rc;	/* 1: missing, o is XV_MISSING */
	if (call->nargs < 2) {
		const cJSON *e;

		cJSON_ArrayForEach(e, list.j) {
			struct xval v = {.k = XV_MISSING};

			if (cJSON_IsNumber(e))
				v = (struct xval){.k = XV_NUM,
						  .n = e->valuedouble};
			else if (cJSON_IsBool(e))
				v = (struct xval){.k = XV_BOOL,
						  .b = cJSON_IsTrue(e)};
			if (step(c, &v, t) < 0)
				return -1;
		}
		return 0;
	}
	return x_each(c, call->args[0], list.j, call->args[1], keep, step, t);
}

static int f_any(struct xctx *c, const struct xnode *call, struct xval *o)
{
	struct tally t;
	int rc = iterate(c, call, &t, X_KEEP_TRUE, tally_bool, o);

	if (rc)
		return rc < 0 ? -1 : 0;
	if (t.t)
		set_bool(o, true);
	else if (!t.m)
		set_bool(o, false);
	return 0;
}

static int f_all(struct xctx *c, const struct xnode *call, struct xval *o)
{
	struct tally t;
	int rc = iterate(c, call, &t, X_KEEP_ALL, tally_bool, o);

	if (rc)
		return rc < 0 ? -1 : 0;
	if (t.f)
		set_bool(o, false);
	else if (!t.m)
		set_bool(o, true);
	return 0;
}

static int f_count(struct xctx *c, const struct xnode *call, struct xval *o)
{
	struct tally t;
	struct xval list;
	int rc;

	if (call->nargs == 1) {
		if ((rc = list_arg(c, call, &list)) != 0) {
			memset(o, 0, sizeof(*o));
			return rc < 0 ? -1 : 0;
		}
		set_num(o, cJSON_GetArraySize(list.j));
		return 0;
	}
	rc = iterate(c, call, &t, X_KEEP_TRUE, tally_bool, o);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (!t.m)
		set_num(o, t.t);
	return 0;
}

static int f_sum(struct xctx *c, const struct xnode *call, struct xval *o)
{
	struct tally t;
	int rc = iterate(c, call, &t, X_KEEP_ALL, tally_num, o);

	if (rc)
		return rc < 0 ? -1 : 0;
	if (!t.m)
		set_num(o, t.sum);
	return 0;
}

/* min / max of one number, a list of numbers (optic lanes) or two. */
static int extreme(struct xctx *c, const struct xnode *call, struct xval *o,
		   int sign)
{
	struct xval v[2];
	int rc = args(c, call, call->nargs, v);
	double best = 0;
	int n = 0;

	memset(o, 0, sizeof(*o));
	if (rc)
		return rc < 0 ? -1 : 0;
	for (int i = 0; i < call->nargs; i++) {
		const cJSON *e;

		if (v[i].k == XV_NUM) {
			best = n++ && sign * (best - v[i].n) >= 0 ? best : v[i].n;
			continue;
		}
		if (v[i].k != XV_JSON || !cJSON_IsArray(v[i].j))
			return x_fail(c, call, "%s() needs numbers, got a %s",
				      xfunc_name(call->fn),
				      x_kind_name(v[i].k));
		cJSON_ArrayForEach(e, v[i].j) {
			if (!cJSON_IsNumber(e))
				return x_fail(c, call, "%s() needs numbers",
					      xfunc_name(call->fn));
			best = n++ && sign * (best - e->valuedouble) >= 0 ?
				       best :
				       e->valuedouble;
		}
	}
	if (n)
		set_num(o, best);
	return 0;
}

static int f_min(struct xctx *c, const struct xnode *call, struct xval *o)
{
	return extreme(c, call, o, -1);
}

static int f_max(struct xctx *c, const struct xnode *call, struct xval *o)
{
	return extreme(c, call, o, 1);
}

static int f_case(struct xctx *c, const struct xnode *call, struct xval *o)
{
	struct xval v;
	int rc = args(c, call, 1, &v);
	char *s;
	bool up = call->str[0] == 'u';

	memset(o, 0, sizeof(*o));
	if (rc)
		return rc < 0 ? -1 : 0;
	if (want(c, call->args[0], &v, XV_STR) < 0)
		return -1;
	if (!(s = xctx_strdup(c, v.s, strlen(v.s))))
		return x_fail(c, call, "out of memory");
	for (char *p = s; *p; p++)
		*p = (char)(up ? toupper((unsigned char)*p) :
				 tolower((unsigned char)*p));
	set_str(o, s);
	return 0;
}

static int f_strtest(struct xctx *c, const struct xnode *call, struct xval *o)
{
	struct xval v[2];
	int rc = args(c, call, 2, v);
	const char *f = call->str;
	size_t la, lb;

	memset(o, 0, sizeof(*o));
	if (rc)
		return rc < 0 ? -1 : 0;
	if (f[0] == 'c' && v[0].k == XV_JSON && cJSON_IsArray(v[0].j)) {
		const cJSON *e;
		bool found = false;

		if (want(c, call->args[1], &v[1], XV_STR) < 0)
			return -1;
		cJSON_ArrayForEach(e, v[0].j)
			found |= cJSON_IsString(e) &&
				 strcmp(e->valuestring, v[1].s) == 0;
		set_bool(o, found);
		return 0;
	}
	if (want(c, call->args[0], &v[0], XV_STR) < 0 ||
	    want(c, call->args[1], &v[1], XV_STR) < 0)
		return -1;
	la = strlen(v[0].s);
	lb = strlen(v[1].s);
	if (f[0] == 'c')
		set_bool(o, strstr(v[0].s, v[1].s) != NULL);
	else if (f[0] == 's')
		set_bool(o, la >= lb && strncmp(v[0].s, v[1].s, lb) == 0);
	else if (f[0] == 'e')
		set_bool(o, la >= lb && strcmp(v[0].s + la - lb, v[1].s) == 0);
	else
		set_bool(o, fnmatch(v[1].s, v[0].s, FNM_CASEFOLD) == 0);
	return 0;
}

static int f_round(struct xctx *c, const struct xnode *call, struct xval *o)
{
	struct xval v[2] = {{0}, {.k = XV_NUM, .n = 0}};
	int rc = args(c, call, call->nargs, v);
	double m;

	memset(o, 0, sizeof(*o));
	if (rc)
		return rc < 0 ? -1 : 0;
	if (want(c, call->args[0], &v[0], XV_NUM) < 0 ||
	    (call->nargs > 1 && want(c, call->args[1], &v[1], XV_NUM) < 0))
		return -1;
	if (v[1].n < 0 || v[1].n > 6)
		return x_fail(c, call, "round() keeps 0 to 6 decimals");
	m = pow(10, floor(v[1].n));
	set_num(o, round(v[0].n * m) / m);
	return 0;
}

static int f_abs(struct xctx *c, const struct xnode *call, struct xval *o)
{
	struct xval v;
	int rc = args(c, call, 1, &v);

	memset(o, 0, sizeof(*o));
	if (rc)
		return rc < 0 ? -1 : 0;
	if (want(c, call->args[0], &v, XV_NUM) < 0)
		return -1;
	set_num(o, fabs(v.n));
	return 0;
}

static int f_str(struct xctx *c, const struct xnode *call, struct xval *o)
{
	struct xval v;
	int rc = args(c, call, 1, &v);
	struct sbuf b;

	memset(o, 0, sizeof(*o));
	if (rc)
		return rc < 0 ? -1 : 0;
	sbuf_init(&b, 65536);
	xval_format(&v, &b);
	if (b.nomem)
		c->nomem = true;
	set_str(o, xctx_strdup(c, sbuf_str(&b), b.len));
	sbuf_free(&b);
	return o->s ? 0 : x_fail(c, call, "out of memory");
}

static int f_version(struct xctx *c, const struct xnode *call, struct xval *o)
{
	struct xval v;
	int rc = args(c, call, 1, &v);
	struct ver parsed;
	char why[200];

	memset(o, 0, sizeof(*o));
	if (rc)
		return rc < 0 ? -1 : 0;
	if (want(c, call->args[0], &v, XV_STR) < 0)
		return -1;
	o->k = XV_VER;
	o->s = v.s;
	o->scheme = x_version_scheme(c, call);
	if (ver_parse(v.s, (enum ver_scheme)o->scheme, &parsed, why,
		      sizeof(why)) < 0)
		return x_fail(c, call->args[0], "%s", why);
	return 0;
}

static int f_vcmp(struct xctx *c, const struct xnode *call, struct xval *o)
{
	struct xval v[2];
	int rc = args(c, call, 2, v), cmp;
	char why[200];
	const char *f = call->str + 8;	/* after "version_" */

	memset(o, 0, sizeof(*o));
	if (rc)
		return rc < 0 ? -1 : 0;
	if (want(c, call->args[0], &v[0], XV_STR) < 0 ||
	    want(c, call->args[1], &v[1], XV_STR) < 0)
		return -1;
	if (ver_compare_str(v[0].s, v[1].s,
			    (enum ver_scheme)x_version_scheme(c, call), &cmp,
			    why, sizeof(why)) < 0)
		return x_fail(c, call, "cannot compare versions \"%s\" and "
			      "\"%s\": %s", v[0].s, v[1].s, why);
	if (strcmp(f, "cmp") == 0)
		set_num(o, cmp < 0 ? -1 : cmp > 0);
	else
		set_bool(o, f[0] == 'l' ? (f[1] == 't' ? cmp < 0 : cmp <= 0) :
			    f[0] == 'g' ? (f[1] == 't' ? cmp > 0 : cmp >= 0) :
					  cmp == 0);
	return 0;
}

static int f_vin(struct xctx *c, const struct xnode *call, struct xval *o)
{
	struct xval v[2];
	int rc = args(c, call, 2, v);
	enum ver_scheme s = (enum ver_scheme)x_version_scheme(c, call);
	struct ver ver;
	struct ver_range r;
	char why[200];
	bool in;

	memset(o, 0, sizeof(*o));
	if (rc)
		return rc < 0 ? -1 : 0;
	if (want(c, call->args[0], &v[0], XV_STR) < 0 ||
	    want(c, call->args[1], &v[1], XV_STR) < 0)
		return -1;
	if (s == VER_AUTO)
		s = ver_detect(v[0].s);
	if (ver_parse(v[0].s, s, &ver, why, sizeof(why)) < 0)
		return x_fail(c, call->args[0], "%s", why);
	if (ver_range_parse(v[1].s, s, &r, NULL, why, sizeof(why)) < 0)
		return x_fail(c, call->args[1], "bad version range \"%s\": %s",
			      v[1].s, why);
	if (ver_range_match(&ver, &r, &in, why, sizeof(why)) < 0)
		return x_fail(c, call, "cannot compare \"%s\" with \"%s\": %s",
			      v[0].s, v[1].s, why);
	set_bool(o, in);
	return 0;
}

static int f_days(struct xctx *c, const struct xnode *call, struct xval *o)
{
	struct xval v;
	int rc = args(c, call, 1, &v);
	long d;

	memset(o, 0, sizeof(*o));
	if (rc)
		return rc < 0 ? -1 : 0;
	if (want(c, call->args[0], &v, XV_STR) < 0)
		return -1;
	if ((d = x_days(v.s)) < 0)
		return x_fail(c, call->args[0], "\"%s\" is not a date "
			      "(YYYY-MM-DD)", v.s);
	if (c->today < 0)
		return x_fail(c, call, "today's date is not known");
	set_num(o, (double)(call->str[5] == 'u' ? d - c->today :
						  c->today - d));
	return 0;
}

static int f_human(struct xctx *c, const struct xnode *call, struct xval *o)
{
	static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB",
					    "PiB"};
	struct xval v;
	int rc = args(c, call, 1, &v), i = 0;
	char buf[64];
	double x;

	memset(o, 0, sizeof(*o));
	if (rc)
		return rc < 0 ? -1 : 0;
	if (want(c, call->args[0], &v, XV_NUM) < 0)
		return -1;
	x = v.n;
	if (call->str[6] == 'b') {
		while (fabs(x) >= 1024 && i < 5) {
			x /= 1024;
			i++;
		}
		snprintf(buf, sizeof(buf), i ? "%.1f %s" : "%.0f %s", x,
			 units[i]);
	} else {
		long long s = (long long)x;

		if (s >= 86400)
			snprintf(buf, sizeof(buf), "%lldd %lldh", s / 86400,
				 s % 86400 / 3600);
		else if (s >= 3600)
			snprintf(buf, sizeof(buf), "%lldh %lldm", s / 3600,
				 s % 3600 / 60);
		else
			snprintf(buf, sizeof(buf), "%lldm %llds", s / 60,
				 s % 60);
	}
	set_str(o, xctx_strdup(c, buf, strlen(buf)));
	return o->s ? 0 : x_fail(c, call, "out of memory");
}

/* index(): the position of the current item in its list (0-based). */
static int f_index(struct xctx *c, const struct xnode *call, struct xval *o)
{
	memset(o, 0, sizeof(*o));
	if (!c->scope || c->scope->index < 0 || !c->scope->list_path)
		return x_fail(c, call, "index() used outside a list");
	set_num(o, c->scope->index);
	return 0;
}

static const struct xfunc funcs[] = {
	{"exists", 1, 1, XF_PATH0, -1, f_exists},
	{"len", 1, 1, 0, -1, f_len},
	{"count", 1, 2, XF_ITER, -1, f_count},
	{"any", 2, 2, XF_ITER, -1, f_any},
	{"all", 2, 2, XF_ITER, -1, f_all},
	{"sum", 1, 2, XF_ITER, -1, f_sum},
	{"min", 1, 2, 0, -1, f_min},
	{"max", 1, 2, 0, -1, f_max},
	{"lower", 1, 1, 0, -1, f_case},
	{"upper", 1, 1, 0, -1, f_case},
	{"contains", 2, 2, 0, -1, f_strtest},
	{"startswith", 2, 2, 0, -1, f_strtest},
	{"endswith", 2, 2, 0, -1, f_strtest},
	{"glob", 2, 2, 0, -1, f_strtest},
	{"round", 1, 2, 0, -1, f_round},
	{"abs", 1, 1, 0, -1, f_abs},
	{"str", 1, 1, 0, -1, f_str},
	{"version", 1, 2, 0, 1, f_version},
	{"version_cmp", 2, 3, 0, 2, f_vcmp},
	{"version_lt", 2, 3, 0, 2, f_vcmp},
	{"version_le", 2, 3, 0, 2, f_vcmp},
	{"version_gt", 2, 3, 0, 2, f_vcmp},
	{"version_ge", 2, 3, 0, 2, f_vcmp},
	{"version_eq", 2, 3, 0, 2, f_vcmp},
	{"version_in", 2, 3, 0, 2, f_vin},
	{"days_until", 1, 1, 0, -1, f_days},
	{"days_since", 1, 1, 0, -1, f_days},
	{"human_bytes", 1, 1, 0, -1, f_human},
	{"human_duration", 1, 1, 0, -1, f_human},
	{"index", 0, 0, 0, -1, f_index},
};

const struct xfunc *xfunc_find(const char *name)
{
	for (size_t i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++)
		if (strcmp(funcs[i].name, name) == 0)
			return &funcs[i];
	return NULL;
}

/* Levenshtein distance, for "did you mean" (names are short). */
static size_t distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), prev[32], cur[32];

	if (la >= 31 || lb >= 31)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		prev[j] = j;
	for (size_t i = 1; i <= la; i++) {
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t d = prev[j - 1] + (a[i - 1] != b[j - 1]);

			d = prev[j] + 1 < d ? prev[j] + 1 : d;
			cur[j] = cur[j - 1] + 1 < d ? cur[j - 1] + 1 : d;
		}
		memcpy(prev, cur, (lb + 1) * sizeof(cur[0]));
	}
	return prev[lb];
}

const char *xfunc_near(const char *name)
{
	const char *best = NULL;
	size_t bestd = 3;

	for (size_t i = 0; i < sizeof(funcs) / sizeof(funcs[0]); i++) {
		size_t d = distance(name, funcs[i].name);

		if (d < bestd) {
			bestd = d;
			best = funcs[i].name;
		}
	}
	return best;
}

const char *xfunc_name(const struct xfunc *f)
{
	return f->name;
}

bool xfunc_iterates(const struct xfunc *f)
{
	return f->flags & XF_ITER;
}

bool xfunc_takes_path(const struct xfunc *f)
{
	return f->flags & XF_PATH0;
}

const char *xfunc_list(void)
{
	return "exists, len, count, any, all, sum, min, max, lower, upper, "
	       "contains, startswith, endswith, glob, round, abs, str, "
	       "version, version_cmp, version_lt, version_le, version_gt, "
	       "version_ge, version_eq, version_in, days_until, days_since, "
	       "human_bytes, human_duration, index";
}
