/* snmp_map_eval.c - turning walked rows into facts: joins, conditions,
 * values with their conversions, entries keyed and merged, the same sensor
 * seen by two maps kept once, cpu/memory units and their device-level
 * figures, and the second sample of counters for rates. */
#include "config.h"
#include "snmp_map_int.h"
#include "facts.h"
#include "log.h"
#include "text.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define ASN_COUNTER64_TYPE 0x46
#define MAX_TARGETS 16

enum raw_kind { RAW_NONE, RAW_NUM, RAW_STR };

/* A value as read from a row, before conversion. */
struct raw {
	enum raw_kind k;
	double num;
	uint64_t u;
	bool is_u;	/* num is the exact unsigned u */
	bool c64;
	const char *s;
	size_t slen;
	char buf[MAP_MAX_OID * 11 + 8];
	const struct snmp_vb *vb;	/* where it came from, or NULL */
};

/* A field's value, ready to write. */
struct fval {
	enum raw_kind k;
	double num;
	uint64_t u;
	bool exact;
	char *str;
	char src[MAP_MAX_OID * 11 + 40];
};

struct rctx {
	struct snmp_map_run *r;
	const struct mtable *t;
	const struct trow *row;
	const struct trow *jrow[MAP_MAX_JOINS];
	const struct tdata *jtd[MAP_MAX_JOINS];
	size_t mbeg[MAP_MAX_JOINS], mend[MAP_MAX_JOINS];
};

struct oent {
	cJSON *obj;
	const struct memit *emit;
	char *key;
	long long entity;
	bool has_entity;
};

struct otarget {
	const struct target_def *def;
	struct oent *v;
	size_t n, cap;
};

struct out {
	struct otarget t[MAX_TARGETS];
	size_t nt;
	cJSON *facts;
};

/* ---- reading refs ------------------------------------------------------ */

static void raw_of_vb(const struct snmp_vb *vb, struct raw *x)
{
	x->vb = vb;
	switch (vb->type) {
	case SV_INT:
		x->k = RAW_NUM;
		x->num = (double)vb->i;
		break;
	case SV_UINT:
		x->k = RAW_NUM;
		x->num = (double)vb->u;
		x->u = vb->u;
		x->is_u = true;
		x->c64 = vb->asn_type == ASN_COUNTER64_TYPE;
		break;
	case SV_STR:
	case SV_OID:
	case SV_IPADDR:
		x->k = RAW_STR;
		x->s = vb->s;
		x->slen = vb->slen;
		break;
	default:
		x->k = RAW_NONE;
	}
}

static const struct trow *ref_row(const struct rctx *x, const struct mref *r)
{
	return r->join < 0 ? x->row : x->jrow[r->join];
}

static void ref_raw(const struct rctx *x, const struct mref *r, struct raw *o)
{
	const struct trow *row;

	memset(o, 0, sizeof(*o));
	if (r->kind == REF_UPTIME) {
		if (x->r->dev.have_uptime) {
			o->k = RAW_NUM;
			o->num = x->r->dev.uptime_s;
		}
		return;
	}
	row = ref_row(x, r);
	if (!row)
		return;
	switch (r->kind) {
	case REF_INDEX:
		snprintf(o->buf, sizeof(o->buf), "%s", row->itext);
		o->k = RAW_STR;
		o->s = o->buf;
		o->slen = strlen(o->buf);
		break;
	case REF_IDX: {
		long p = r->part < 0 ? (long)row->idxlen + r->part : r->part;

		if (p >= 0 && (size_t)p < row->idxlen) {
			o->k = RAW_NUM;
			o->num = row->idx[p];
			o->u = row->idx[p];
			o->is_u = true;
		}
		break;
	}
	case REF_COL:
		if (row->cells[r->col])
			raw_of_vb(row->cells[r->col], o);
		break;
	default:
		break;
	}
}

/* A conversion operand: a column of the same table as the value it
 * converts is read from the same row as that value, even through a join
 * (a column's scale column, say). */
static void ref_raw_via(const struct rctx *x, const struct mref *r,
			const struct mref *of, struct raw *o)
{
	if (of && r->join < 0 && of->join >= 0 && r->table == of->table) {
		struct mref v = *r;

		v.join = of->join;
		ref_raw(x, &v, o);
		return;
	}
	ref_raw(x, r, o);
}

/* Text of a raw value; for strings, cleaned (caller frees). */
static char *raw_text(const struct raw *x)
{
	char buf[64];

	if (x->k == RAW_STR)
		return text_clean(x->s, x->slen);
	if (x->k != RAW_NUM)
		return NULL;
	if (x->is_u)
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)x->u);
	else if (x->num == floor(x->num) && fabs(x->num) < 1e15)
		snprintf(buf, sizeof(buf), "%lld", (long long)x->num);
	else
		snprintf(buf, sizeof(buf), "%g", x->num);
	return strdup(buf);
}

/* The leading number of a text ("  37C", "12.5 V"); false when none. */
static bool leading_number(const char *s, size_t len, double *out)
{
	char buf[64], *end;
	size_t i = 0, n = 0;

	while (i < len && isspace((unsigned char)s[i]))
		i++;
	while (i < len && n < sizeof(buf) - 1 &&
	       (isdigit((unsigned char)s[i]) || strchr("+-.eE", s[i])))
		buf[n++] = s[i++];
	buf[n] = '\0';
	if (!n)
		return false;
	*out = strtod(buf, &end);
	return end != buf && isfinite(*out);
}

static bool raw_number(const struct raw *x, double *out)
{
	if (x->k == RAW_NUM) {
		*out = x->num;
		return true;
	}
	return x->k == RAW_STR && leading_number(x->s, x->slen, out);
}

static bool lit_eq(const struct mlit *l, const struct raw *x)
{
	char *t;
	bool eq;

	if (l->is_num && x->k == RAW_NUM)
		return fabs(l->num - x->num) < 1e-9;
	t = raw_text(x);
	if (!t)
		return false;
	if (l->is_num) {
		double d;

		eq = leading_number(t, strlen(t), &d) && fabs(d - l->num) < 1e-9
		     && x->k == RAW_NUM;
	} else {
		eq = strcmp(t, l->str) == 0;
	}
	free(t);
	return eq;
}

static bool is_sentinel(const struct mconv *cv, const struct raw *x)
{
	for (size_t i = 0; i < cv->nsent; i++)
		if (lit_eq(&cv->sent[i], x))
			return true;
	return false;
}

/* ---- conditions -------------------------------------------------------- */

static bool re_match(const pcre2_code *re, const char *s)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc;

	if (!md)
		return false;
	rc = pcre2_match(re, (PCRE2_SPTR)s, PCRE2_ZERO_TERMINATED, 0, 0, md,
			 NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

static bool cond_true(const struct rctx *x, const struct mcond *k);

static bool conds_true(const struct rctx *x, const struct mcond *k, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!cond_true(x, &k[i]))
			return false;
	return true;
}

static bool cond_one(const struct rctx *x, const struct mcond *k);
static bool transform(const struct rctx *c, enum transform tf, struct raw *x);

/* A condition on a column of a many-join holds when it holds for one of
 * the joined rows (`absent` when it holds for none). */
static bool cond_true(const struct rctx *x, const struct mcond *k)
{
	int j = k->op == C_ANY ? -1 : k->ref.join;
	struct rctx *c = (struct rctx *)x;
	const struct trow *save;
	bool any = false;

	if (j < 0 || !x->t->joins[j].many || x->jrow[j])
		return cond_one(x, k);
	save = c->jrow[j];
	for (size_t i = x->mbeg[j]; i < x->mend[j] && !any; i++) {
		struct mcond one = *k;

		c->jrow[j] = &x->jtd[j]->rows[i];
		if (k->op == C_ABSENT)
			one.op = C_PRESENT;
		any = cond_one(c, &one);
	}
	c->jrow[j] = save;
	return k->op == C_ABSENT ? !any : any;
}

static bool cond_one(const struct rctx *x, const struct mcond *k)
{
	struct raw v;
	bool present;
	double d;

	if (k->op == C_ANY) {
		for (size_t i = 0; i < k->nsub; i++)
			if (cond_true(x, &k->sub[i]))
				return true;
		return false;
	}
	ref_raw(x, &k->ref, &v);
	/* a condition sees a column as the column defines it: transformed
	 * (bits, mac, number, ...), before scale and enum */
	if (v.k != RAW_NONE && k->ref.kind == REF_COL &&
	    !transform(x, k->ref.table->cols[k->ref.col].conv.tf, &v))
		v.k = RAW_NONE;
	present = v.k != RAW_NONE &&
		  !(k->ref.kind == REF_COL &&
		    is_sentinel(&k->ref.table->cols[k->ref.col].conv, &v));
	switch (k->op) {
	case C_PRESENT:
		return present;
	case C_ABSENT:
		return !present;
	case C_IN:
	case C_NOT_IN: {
		bool in = false;

		if (v.k == RAW_NONE)	/* nothing is not in the list */
			return k->op == C_NOT_IN;
		for (size_t i = 0; i < k->nlits && !in; i++)
			in = lit_eq(&k->lits[i], &v);
		return k->op == C_IN ? in : !in;
	}
	case C_MATCH:
	case C_NOT_MATCH: {
		char *t = raw_text(&v);
		bool m;

		if (!t)
			return k->op == C_NOT_MATCH;
		m = re_match(k->re, t);
		free(t);
		return k->op == C_MATCH ? m : !m;
	}
	default:
		if (!raw_number(&v, &d) || !k->nlits || !k->lits[0].is_num)
			return false;
		switch (k->op) {
		case C_GT: return d > k->lits[0].num;
		case C_GE: return d >= k->lits[0].num;
		case C_LT: return d < k->lits[0].num;
		default: return d <= k->lits[0].num;
		}
	}
}

/* ---- values ------------------------------------------------------------ */

static void hex_text(const struct raw *x, char *buf, size_t n, char sep)
{
	static const char digits[] = "0123456789abcdef";
	size_t off = 0;

	for (size_t i = 0; i < x->slen && off + 4 < n; i++) {
		unsigned char b = (unsigned char)x->s[i];

		if (sep && i)
			buf[off++] = sep;
		buf[off++] = digits[b >> 4];
		buf[off++] = digits[b & 15];
	}
	buf[off] = '\0';
}

static void set_text(struct raw *x, const char *s)
{
	if (s != x->buf)
		snprintf(x->buf, sizeof(x->buf), "%s", s);
	x->k = RAW_STR;
	x->s = x->buf;
	x->slen = strlen(x->buf);
	x->is_u = false;
}

static void set_num(struct raw *x, double d)
{
	x->k = RAW_NUM;
	x->num = d;
	x->is_u = false;
}

/* Applies a transform; false when the value does not fit it. */
static bool transform(const struct rctx *c, enum transform tf, struct raw *x)
{
	char buf[sizeof(x->buf)];
	double d;

	switch (tf) {
	case TF_NONE:
		return true;
	case TF_MAC:
		if (x->k != RAW_STR || x->slen != 6 ||
		    memcmp(x->s, "\0\0\0\0\0\0", 6) == 0)
			return false;	/* none, or all zeroes: no address */
		hex_text(x, buf, sizeof(buf), ':');
		set_text(x, buf);
		return true;
	case TF_HEX:
		if (x->k != RAW_STR || !x->slen)
			return false;
		hex_text(x, buf, sizeof(buf), 0);
		set_text(x, buf);
		return true;
	case TF_SINCE_UPTIME:
		if (x->k != RAW_NUM || !c->r->dev.have_uptime ||
		    x->num / 100.0 > c->r->dev.uptime_s)
			return false;
		set_num(x, c->r->dev.uptime_s - x->num / 100.0);
		return true;
	case TF_NUMBER:
		if (!raw_number(x, &d))
			return false;
		set_num(x, d);
		return true;
	case TF_LAST_ARC: {
		const char *dot;

		if (x->k != RAW_STR || !x->slen)
			return false;
		snprintf(buf, sizeof(buf), "%.*s", (int)x->slen, x->s);
		dot = strrchr(buf, '.');
		if (!leading_number(dot ? dot + 1 : buf, strlen(dot ? dot + 1
								    : buf),
				    &d))
			return false;
		set_num(x, d);
		return true;
	}
	case TF_BITS: {
		size_t off = 0;

		if (x->k != RAW_STR)
			return false;
		buf[0] = '\0';
		for (size_t i = 0; i < x->slen * 8 && off + 8 < sizeof(buf);
		     i++)
			if ((unsigned char)x->s[i / 8] & (0x80 >> (i % 8)))
				off += (size_t)snprintf(buf + off,
							sizeof(buf) - off,
							off ? ",%zu" : "%zu", i);
		set_text(x, buf);
		return true;
	}
	case TF_TRIM_NUL: {
		size_t n = x->slen;

		if (x->k != RAW_STR)
			return true;
		while (n && (x->s[n - 1] == '\0' || x->s[n - 1] == ' '))
			n--;
		x->slen = n;
		return true;
	}
	}
	return false;
}

/* Keeps group 1 (or the whole match) of re in the value's text. */
static bool capture(const pcre2_code *re, struct raw *x)
{
	pcre2_match_data *md;
	char *t = raw_text(x);
	bool ok = false;
	int rc;

	if (!t)
		return false;
	md = pcre2_match_data_create_from_pattern(re, NULL);
	rc = md ? pcre2_match(re, (PCRE2_SPTR)t, PCRE2_ZERO_TERMINATED, 0, 0,
			      md, NULL)
		: -1;
	if (rc > 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		int g = rc > 1 ? 1 : 0;

		if (ov[2 * g] != PCRE2_UNSET && ov[2 * g + 1] > ov[2 * g]) {
			char buf[sizeof(x->buf)];

			snprintf(buf, sizeof(buf), "%.*s",
				 (int)(ov[2 * g + 1] - ov[2 * g]), t + ov[2 * g]);
			set_text(x, buf);
			ok = true;
		}
	}
	pcre2_match_data_free(md);
	free(t);
	return ok;
}

static const char *enum_word(const struct menum *en, const struct raw *x)
{
	for (size_t i = 0; i < en->n; i++)
		if (lit_eq(&en->keys[i], x))
			return en->words[i];
	return en->deflt;
}

static bool value_eval(struct rctx *x, const struct mvalue *v,
		       const struct field_def *f, struct fval *o);

static bool operand(const struct rctx *x, const struct mnum *n,
		    const struct mref *of, double *out)
{
	static const struct field_def any = {"operand", FK_NUM, DIM_NONE,
					     NULL, 0};
	struct raw v;

	if (n->val) {
		struct fval fv;
		bool ok = value_eval((struct rctx *)x, n->val, &any, &fv);

		free(fv.str);
		*out = fv.num;
		return ok && fv.k == RAW_NUM;
	}
	if (!n->is_ref) {
		*out = n->k;
		return true;
	}
	ref_raw_via(x, &n->ref, of, &v);
	return raw_number(&v, out);
}

/* Scale, precision, arithmetic, unit, range: the numeric conversions. */
static bool convert(const struct rctx *x, const struct mconv *cv,
		    const struct mref *of, const struct field_def *f, double *v,
		    bool *exact)
{
	double k;

	if (cv->precision.set) {
		if (!operand(x, &cv->precision, of, &k) || fabs(k) > 30)
			return false;
		*v /= pow(10, k);
		*exact = *exact && k == 0;
	}
	if (cv->has_escale) {
		struct raw s;

		ref_raw_via(x, &cv->escale, of, &s);
		if (s.k != RAW_NUM || s.num < 1 || s.num > 17)
			return false;
		*v *= pow(10, 3 * (s.num - 9));
		*exact = *exact && s.num == 9;
	}
	if (cv->has_scale) {
		*v *= cv->scale;
		*exact = *exact && cv->scale == 1;
	}
	if (cv->times.set) {
		if (!operand(x, &cv->times, of, &k))
			return false;
		*v *= k;
		*exact = false;
	}
	if (cv->divide.set) {
		if (!operand(x, &cv->divide, of, &k) || k == 0)
			return false;
		*v /= k;
		*exact = false;
	}
	if (cv->plus.set) {
		if (!operand(x, &cv->plus, of, &k))
			return false;
		*v += k;
		*exact = false;
	}
	if (cv->minus.set) {
		if (!operand(x, &cv->minus, of, &k))
			return false;
		*v -= k;
		*exact = false;
	}
	if (cv->has_unit) {
		if (f && f->dim == DIM_DBM && cv->unit_power) {
			double mw = *v * cv->unit_factor * 1000.0;

			if (mw <= 0)
				return false;	/* no light: -inf dBm */
			*v = 10.0 * log10(mw);
		} else {
			*v *= cv->unit_factor;
		}
		*exact = *exact && cv->unit_factor == 1;
	}
	if ((cv->has_min && *v < cv->min) || (cv->has_max && *v > cv->max))
		return false;
	return isfinite(*v);
}

static bool numeric_kind(enum field_kind k)
{
	return k == FK_NUM || k == FK_NNUM || k == FK_PCT || k == FK_COUNT ||
	       k == FK_ENTITY || k == FK_DOM;
}

static void row_src(const struct rctx *x, char *buf, size_t n)
{
	buf[0] = '\0';
	for (size_t c = 0; c < x->t->ncols; c++)
		if (x->row->cells[c]) {
			vb_src(x->row->cells[c], buf, n);
			return;
		}
}

/* One plain value (no many-join): raw, sentinels, transform, enum, then
 * numbers converted. */
static bool value_one(const struct rctx *x, const struct mvalue *v,
		      const struct field_def *f, struct fval *o)
{
	struct raw r;
	const char *w;

	memset(o, 0, sizeof(*o));
	ref_raw(x, &v->ref, &r);
	if (r.k == RAW_NONE || is_sentinel(&v->conv, &r) ||
	    !transform(x, v->conv.tf, &r))
		return false;
	if (r.vb)
		vb_src(r.vb, o->src, sizeof(o->src));
	else
		row_src(x, o->src, sizeof(o->src));
	if (v->conv.capture && !capture(v->conv.capture, &r))
		return false;
	if (v->conv.en) {
		if (!(w = enum_word(v->conv.en, &r)))
			return false;
		o->k = RAW_STR;
		o->str = strdup(w);
		return o->str != NULL;
	}
	if (f && numeric_kind(f->kind)) {
		double d;

		o->exact = r.is_u;
		if (!raw_number(&r, &d) ||
		    !convert(x, &v->conv, &v->ref, f, &d, &o->exact))
			return false;
		o->k = RAW_NUM;
		o->num = d;
		o->u = r.u;
		return true;
	}
	o->k = RAW_STR;
	o->str = raw_text(&r);
	return o->str != NULL;
}

static bool value_template(const struct rctx *x, const struct mvalue *v,
			   struct fval *o)
{
	char buf[1024];
	size_t off = 0;

	memset(o, 0, sizeof(*o));
	for (size_t i = 0; i <= v->ntrefs; i++) {
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s",
					v->tlits[i]);
		if (off >= sizeof(buf))
			return false;
		if (i < v->ntrefs) {
			struct raw r;
			char *t;

			ref_raw(x, &v->trefs[i], &r);
			if (r.k == RAW_NONE ||
			    (v->trefs[i].kind == REF_COL &&
			     is_sentinel(&v->trefs[i].table->cols[
					 v->trefs[i].col].conv, &r)))
				return false;
			if (!o->src[0] && r.vb)
				vb_src(r.vb, o->src, sizeof(o->src));
			t = raw_text(&r);
			if (!t || !*t) {
				free(t);
				return false;
			}
			off += (size_t)snprintf(buf + off, sizeof(buf) - off,
						"%s", t);
			free(t);
			if (off >= sizeof(buf))
				return false;
		}
	}
	if (!o->src[0])
		row_src(x, o->src, sizeof(o->src));
	o->k = RAW_STR;
	o->str = strdup(buf);
	return o->str != NULL;
}

/* A value read from the rows of a many-join: where filters, pick chooses. */
static bool value_many(struct rctx *x, const struct mvalue *v,
		       const struct field_def *f, struct fval *o)
{
	int j = v->ref.join;
	const struct trow *save = x->jrow[j];
	bool got = false;

	memset(o, 0, sizeof(*o));
	for (size_t i = x->mbeg[j]; i < x->mend[j]; i++) {
		struct fval c;

		x->jrow[j] = &x->jtd[j]->rows[i];
		if (!conds_true(x, v->where, v->nwhere) ||
		    !value_one(x, v, f, &c))
			continue;
		if (got && v->pick == PICK_SUM && c.k == RAW_NUM &&
		    o->k == RAW_NUM) {
			o->num += c.num;
			o->exact = false;
			free(c.str);
		} else if (!got ||
			   (v->pick == PICK_MIN && c.k == RAW_NUM &&
			    c.num < o->num) ||
			   (v->pick == PICK_MAX && c.k == RAW_NUM &&
			    c.num > o->num)) {
			free(o->str);
			*o = c;
			got = true;
			if (v->pick == PICK_FIRST)
				break;
		} else {
			free(c.str);
		}
	}
	x->jrow[j] = save;
	return got;
}

/* Converted readings to 4 decimals: no 0.30000000000000004 in facts. */
static void round_num(struct fval *o)
{
	if (o->k == RAW_NUM && !o->exact && fabs(o->num) < 1e12)
		o->num = floor(o->num * 10000 + 0.5) / 10000;
}

/* Makes o fit the field's kind; false when it cannot. */
static bool fit_kind(const struct field_def *f, struct fval *o)
{
	double d;

	if (!f)
		return true;
	if (numeric_kind(f->kind) && o->k == RAW_STR) {
		char *end;

		d = strtod(o->str, &end);
		if (end == o->str || *end || !isfinite(d))
			return false;
		free(o->str);
		o->str = NULL;
		o->k = RAW_NUM;
		o->num = d;
	}
	switch (f->kind) {
	case FK_STR:
		if (o->k == RAW_NUM) {
			struct raw r = {.k = RAW_NUM, .num = o->num,
					.u = o->u, .is_u = o->exact};

			o->str = raw_text(&r);
			o->k = RAW_STR;
		}
		return o->str && *o->str;
	case FK_NNUM:
		round_num(o);
		return o->num >= 0;
	case FK_PCT:
		round_num(o);
		return o->num >= 0 && o->num <= 100;
	case FK_COUNT:
		if (o->num < 0)
			return false;
		if (!o->exact)
			o->num = floor(o->num + 0.5);
		return true;
	case FK_ENTITY:
		return o->num >= 1 && o->num <= 2147483647.0 &&
		       o->num == floor(o->num);
	case FK_STATUS:
	case FK_WORD:
		return o->k == RAW_STR;
	case FK_BOOL:
		return o->k == RAW_STR && (strcmp(o->str, "true") == 0 ||
					   strcmp(o->str, "false") == 0);
	case FK_MAC:
		return o->k == RAW_STR && strlen(o->str) == 17;
	default:
		round_num(o);
		return o->k == RAW_NUM;
	}
}

/* A constant's source: the column its `where` tests, else the row. */
static void const_src(const struct rctx *x, const struct mvalue *v, char *buf,
		      size_t n)
{
	if (v->nwhere && v->where[0].op != C_ANY &&
	    v->where[0].ref.kind == REF_COL) {
		const struct trow *row = ref_row(x, &v->where[0].ref);
		const struct snmp_vb *vb =
			row ? row->cells[v->where[0].ref.col] : NULL;

		if (vb) {
			vb_src(vb, buf, n);
			return;
		}
	}
	row_src(x, buf, n);
}

static bool value_eval(struct rctx *x, const struct mvalue *v,
		       const struct field_def *f, struct fval *o)
{
	bool many = v->kind == MV_REF && v->ref.join >= 0 &&
		    x->t->joins[v->ref.join].many;
	bool ok;

	memset(o, 0, sizeof(*o));
	if (!many && !conds_true(x, v->where, v->nwhere))
		return false;
	switch (v->kind) {
	case MV_CONST:
		const_src(x, v, o->src, sizeof(o->src));
		if (v->cval.is_num) {
			o->k = RAW_NUM;
			o->num = v->cval.num;
		} else {
			o->k = RAW_STR;
			o->str = strdup(v->cval.str);
		}
		ok = true;
		break;
	case MV_TEMPLATE:
		ok = value_template(x, v, o);
		if (ok && f && numeric_kind(f->kind)) {
			/* a number built from text: convert it too */
			struct raw r = {.k = RAW_STR, .s = o->str,
					.slen = strlen(o->str)};
			double d;
			bool exact = false;

			ok = raw_number(&r, &d) &&
			     convert(x, &v->conv, NULL, f, &d, &exact);
			free(o->str);
			o->str = NULL;
			o->k = RAW_NUM;
			o->num = d;
		}
		break;
	default:
		ok = many ? value_many(x, v, f, o) : value_one(x, v, f, o);
	}
	if (ok && !fit_kind(f, o))
		ok = false;
	if (!ok) {
		free(o->str);
		o->str = NULL;
	}
	return ok;
}

static bool field_eval(struct rctx *x, const struct mfield *fd,
		       struct fval *o)
{
	for (size_t a = 0; a < fd->nalts; a++)
		if (value_eval(x, &fd->alts[a], fd->def, o))
			return true;
	return false;
}

/* ---- joins ------------------------------------------------------------- */

static void resolve_joins(struct rctx *x)
{
	for (size_t j = 0; j < x->t->njoins; j++) {
		const struct mjoin *jn = &x->t->joins[j];
		const struct tdata *td = &x->r->td[jn->table->slot];
		struct fval key;

		x->jrow[j] = NULL;
		x->jtd[j] = td;
		x->mbeg[j] = x->mend[j] = 0;
		if (td->state != TS_OK && td->state != TS_FAILED)
			continue;
		if (!value_eval(x, &jn->on, NULL, &key))
			continue;
		if (key.k == RAW_NUM) {
			free(key.str);
			struct raw r = {.k = RAW_NUM, .num = key.num,
					.u = (uint64_t)key.num,
					.is_u = key.num >= 0};

			key.str = raw_text(&r);
		}
		if (!key.str)
			continue;
		if (jn->many && !*key.str) {
			x->mbeg[j] = 0;	/* an empty key: every row */
			x->mend[j] = td->nrows;
		} else if (jn->many) {
			uint32_t k[MAP_MAX_OID];
			int len = snmp_oid_parse(key.str, k, MAP_MAX_OID);

			if (len < 0 && strchr(key.str, '.') == NULL) {
				char *end;
				unsigned long v = strtoul(key.str, &end, 10);

				if (!*end) {
					k[0] = (uint32_t)v;
					len = 1;
				}
			}
			if (len > 0)
				x->mbeg[j] = tdata_prefix(td, k, (size_t)len,
							  &x->mend[j]);
		} else {
			x->jrow[j] = tdata_row(td, key.str);
		}
		free(key.str);
	}
}

/* ---- entries ----------------------------------------------------------- */

static struct otarget *otarget_of(struct out *o, const struct target_def *d)
{
	for (size_t i = 0; i < o->nt; i++)
		if (o->t[i].def == d)
			return &o->t[i];
	if (o->nt == MAX_TARGETS)
		return NULL;
	o->t[o->nt].def = d;
	return &o->t[o->nt++];
}

static struct oent *oent_new(struct otarget *ot, const struct memit *e)
{
	if (ot->n == ot->cap) {
		size_t cap = ot->cap ? ot->cap * 2 : 16;
		struct oent *v = realloc(ot->v, cap * sizeof(*v));

		if (!v)
			return NULL;
		ot->v = v;
		ot->cap = cap;
	}
	memset(&ot->v[ot->n], 0, sizeof(ot->v[ot->n]));
	ot->v[ot->n].obj = cJSON_CreateObject();
	ot->v[ot->n].emit = e;
	if (!ot->v[ot->n].obj)
		return NULL;
	return &ot->v[ot->n++];
}

static void put_src(cJSON *obj, const char *key, const char *src)
{
	cJSON *m;

	if (!src || !*src)
		return;
	m = cJSON_GetObjectItemCaseSensitive(obj, "src");
	if (!m)
		m = cJSON_AddObjectToObject(obj, "src");
	cJSON_DeleteItemFromObjectCaseSensitive(m, key);
	cJSON_AddStringToObject(m, key, src);
}

static cJSON *json_of(const struct field_def *f, const struct fval *v)
{
	char buf[32];

	if (v->k == RAW_STR) {
		if (f->kind == FK_BOOL)
			return cJSON_CreateBool(strcmp(v->str, "true") == 0);
		return cJSON_CreateString(v->str);
	}
	if (v->exact && v->u > (1ULL << 53)) {
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v->u);
		return cJSON_CreateRaw(buf);
	}
	return cJSON_CreateNumber(v->num);
}

/* Sets a field: replacing (always), or only when absent (fill); a DOM
 * field set twice becomes a list of lanes. */
static void put_field(cJSON *obj, const struct field_def *f,
		      const struct fval *v, bool fill)
{
	cJSON *old = cJSON_GetObjectItemCaseSensitive(obj, f->name);

	if (old && f->kind == FK_DOM && v->k == RAW_NUM) {
		if (cJSON_IsNumber(old)) {
			cJSON *list = cJSON_CreateArray();

			cJSON_AddItemToArray(list,
					     cJSON_CreateNumber(old->valuedouble));
			cJSON_ReplaceItemInObjectCaseSensitive(obj, f->name,
							       list);
			old = list;
		}
		if (cJSON_IsArray(old))
			cJSON_AddItemToArray(old, cJSON_CreateNumber(v->num));
		return;
	}
	if (old && fill)
		return;
	cJSON_DeleteItemFromObjectCaseSensitive(obj, f->name);
	cJSON_AddItemToObject(obj, f->name, json_of(f, v));
	put_src(obj, f->name, v->src);
}

static struct oent *find_by_entity(struct otarget *ot, long long ent)
{
	for (size_t i = 0; i < ot->n; i++)
		if (ot->v[i].has_entity && ot->v[i].entity == ent)
			return &ot->v[i];
	return NULL;
}

static struct oent *find_by_key(struct otarget *ot, const struct memit *e,
				const char *key)
{
	for (size_t i = 0; i < ot->n; i++)
		if (ot->v[i].key && ot->v[i].emit->map == e->map &&
		    strcmp(ot->v[i].key, key) == 0)
			return &ot->v[i];
	return NULL;
}

static void rate_add(struct snmp_map_run *r, cJSON *obj, const char *field,
		     const char *counter, const struct rctx *x,
		     const struct mref *ref)
{
	const struct trow *row = ref_row(x, ref);
	const struct snmp_vb *vb = row ? row->cells[ref->col] : NULL;
	struct rate_pending *p;

	if (!vb || vb->type != SV_UINT)
		return;
	if (r->nrates == r->caprates) {
		size_t cap = r->caprates ? r->caprates * 2 : 64;
		struct rate_pending *v = realloc(r->rates, cap * sizeof(*v));

		if (!v)
			return;
		r->rates = v;
		r->caprates = cap;
	}
	p = &r->rates[r->nrates];
	p->obj = obj;
	p->field = field;
	p->counter = counter;
	p->tslot = ref->table->slot;
	p->col = ref->col;
	p->itext = strdup(row->itext);
	p->first = vb->u;
	p->c64 = vb->asn_type == ASN_COUNTER64_TYPE;
	if (p->itext)
		r->nrates++;
}

/* Finds or makes the entry a row of e goes to; NULL: none (merge found
 * nothing, no memory).  vals[f] holds a value only where got[f]. */
static struct oent *entry_for(struct rctx *x, struct otarget *ot,
			      const struct memit *e, const struct fval *vals,
			      const bool *got)
{
	struct oent *en = NULL;
	long long ent = 0;
	bool has_ent = false;
	char *key = NULL;

	for (size_t f = 0; f < e->nfields; f++)
		if (e->fields[f].def->kind == FK_ENTITY &&
		    strcmp(e->fields[f].def->name, "entity") == 0 &&
		    got[f] && vals[f].k == RAW_NUM) {
			ent = (long long)vals[f].num;
			has_ent = true;
		}
	if (e->merge)
		return has_ent ? find_by_entity(ot, ent) : NULL;
	if (e->key) {
		struct fval k;

		if (!field_eval(x, e->key, &k))
			return NULL;
		if (k.k == RAW_NUM) {
			struct raw r = {.k = RAW_NUM, .num = k.num};

			key = raw_text(&r);
		} else {
			key = k.str;
		}
		if (!key)
			return NULL;
		en = find_by_key(ot, e, key);
	}
	if (!en) {
		en = oent_new(ot, e);
		if (en) {
			en->key = key;
			key = NULL;
		}
	}
	free(key);
	if (en && has_ent && !en->has_entity) {
		en->entity = ent;
		en->has_entity = true;
	}
	return en;
}

static void emit_row(struct rctx *x, const struct memit *e, struct out *o)
{
	struct fval vals[64];
	bool got[64] = {false};
	struct otarget *ot;
	struct oent *en;

	if (e->nfields > 64 || !conds_true(x, e->when, e->nwhen))
		return;
	for (size_t f = 0; f < e->nfields; f++)
		got[f] = e->fields[f].alts[0].rate_of < 0 &&
			 field_eval(x, &e->fields[f], &vals[f]);
	if (e->target->kind == TK_SYSTEM || e->target->kind == TK_OBJECT) {
		cJSON *obj = e->target->kind == TK_SYSTEM ?
				     facts_obj(o->facts, "system") :
				     facts_obj(o->facts, e->target->path);

		for (size_t f = 0; f < e->nfields; f++) {
			if (!got[f])
				continue;
			if (e->target->kind == TK_SYSTEM &&
			    strcmp(e->fields[f].def->name, "version") == 0) {
				static const struct field_def vf = {
					"version", FK_STR, DIM_NONE, NULL, 0};

				put_field(facts_obj(o->facts, "system.os"),
					  &vf, &vals[f], true);
			} else {
				put_field(obj, e->fields[f].def, &vals[f],
					  true);
			}
			free(vals[f].str);
		}
		return;
	}
	ot = otarget_of(o, e->target);
	en = ot ? entry_for(x, ot, e, vals, got) : NULL;
	for (size_t f = 0; f < e->nfields; f++) {
		const struct mvalue *a0 = &e->fields[f].alts[0];

		if (en && got[f])
			put_field(en->obj, e->fields[f].def, &vals[f],
				  e->merge);
		if (en && a0->rate_of >= 0 && got[a0->rate_of])
			rate_add(x->r, en->obj, e->fields[f].def->name,
				 e->fields[a0->rate_of].def->name, x,
				 &e->fields[a0->rate_of].alts[0].ref);
	}
	for (size_t f = 0; f < e->nfields; f++)
		if (got[f])
			free(vals[f].str);
}

static void emit_pass(struct snmp_map_run *r, struct out *o, bool merges)
{
	for (size_t ti = 0; ti < r->m->ntables; ti++) {
		const struct mtable *t = r->m->tables[ti];
		const struct tdata *td = &r->td[t->slot];
		struct rctx x = {.r = r, .t = t};
		bool any = false;

		for (size_t e = 0; e < t->nemits; e++)
			any = any || (t->emits[e].merge == merges &&
				      map_emit_on(r, &t->emits[e]));
		if (!any || (td->state != TS_OK && td->state != TS_FAILED))
			continue;
		for (size_t i = 0; i < td->nrows; i++) {
			x.row = &td->rows[i];
			resolve_joins(&x);
			for (size_t e = 0; e < t->nemits; e++)
				if (t->emits[e].merge == merges &&
				    map_emit_on(r, &t->emits[e]))
					emit_row(&x, &t->emits[e], o);
		}
	}
}

/* ---- rates ------------------------------------------------------------- */

static void sleep_until(const struct snmp_map_run *r, double when_ms)
{
	for (;;) {
		double now = map_now_ms(), left = when_ms - now;
		struct timespec ts;

		if (left <= 0 || (r->dev.cancel && *r->dev.cancel))
			return;
		if (r->dev.deadline_ms > 0 &&
		    now + 200 > (double)r->dev.deadline_ms)
			return;
		if (left > 100)
			left = 100;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)(left * 1e6);
		nanosleep(&ts, NULL);
	}
}

static const struct snmp_vb *find_vb(const struct snmp_vblist *l,
				     size_t plen, const char *itext)
{
	char buf[MAP_MAX_OID * 11];

	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].oid_len <= plen)
			continue;
		snmp_oid_format(l->v[i].oid + plen, l->v[i].oid_len - plen,
				buf, sizeof(buf));
		if (strcmp(buf, itext) == 0)
			return &l->v[i];
	}
	return NULL;
}

static void rates_table(struct snmp_map_run *r, size_t slot)
{
	const struct tdata *td = &r->td[slot];
	const struct mtable *t = td->t;
	bool *cols = calloc(t->ncols, sizeof(*cols));
	struct snmp_vblist *lists = calloc(t->ncols, sizeof(*lists));
	double t2, dt;
	size_t next[64] = {0};

	if (!cols || !lists)
		goto out;
	for (size_t i = 0; i < r->nrates; i++)
		if (r->rates[i].tslot == slot)
			cols[r->rates[i].col] = true;
	sleep_until(r, td->walked_ms + r->dev.rate_interval_s * 1000.0);
	if ((r->dev.cancel && *r->dev.cancel) ||
	    map_now_ms() - td->walked_ms < r->dev.rate_interval_s * 500.0)
		goto out;	/* no time left for a meaningful interval */
	t2 = map_now_ms();
	if (map_rewalk(r, td, cols, lists) != SRC_OK)
		goto out;
	dt = (t2 - td->walked_ms) / 1000.0;
	for (size_t i = 0; i < r->nrates; i++) {
		const struct rate_pending *p = &r->rates[i];
		const struct snmp_vblist *l = &lists[p->col];
		const struct snmp_vb *vb;
		size_t plen = t->oidlen + 1;
		uint64_t delta;
		char src[160];

		if (p->tslot != slot)
			continue;
		/* rows come back in the same order: try the next first */
		vb = next[p->col % 64] < l->n ? &l->v[next[p->col % 64]] : NULL;
		if (!vb || vb->oid_len <= plen)
			vb = find_vb(l, plen, p->itext);
		else {
			char buf[MAP_MAX_OID * 11];

			snmp_oid_format(vb->oid + plen, vb->oid_len - plen,
					buf, sizeof(buf));
			if (strcmp(buf, p->itext) != 0)
				vb = find_vb(l, plen, p->itext);
		}
		if (!vb || vb->type != SV_UINT)
			continue;
		next[p->col % 64] = (size_t)(vb - l->v) + 1;
		if (vb->u >= p->first)
			delta = vb->u - p->first;
		else if (!p->c64 && p->first <= 0xffffffffULL)
			delta = vb->u + (1ULL << 32) - p->first;
		else
			continue;	/* a 64-bit counter went back: reset */
		cJSON_DeleteItemFromObjectCaseSensitive(p->obj, p->field);
		cJSON_AddNumberToObject(p->obj, p->field, (double)delta / dt);
		snprintf(src, sizeof(src), "derived:%s/interval_s", p->counter);
		put_src(p->obj, p->field, src);
		if (!cJSON_GetObjectItemCaseSensitive(p->obj, "interval_s")) {
			cJSON_AddNumberToObject(p->obj, "interval_s",
						floor(dt * 1000 + 0.5) / 1000);
			put_src(p->obj, "interval_s",
				"derived:time between the two samples");
		}
	}
out:
	for (size_t c = 0; lists && c < t->ncols; c++)
		snmp_vblist_free(&lists[c]);
	free(lists);
	free(cols);
}

static void rates_take(struct snmp_map_run *r)
{
	if (!r->nrates || r->dev.rate_interval_s <= 0)
		return;
	for (size_t s = 0; s < r->m->ntables; s++) {
		bool any = false;

		for (size_t i = 0; i < r->nrates && !any; i++)
			any = r->rates[i].tslot == s;
		if (any)
			rates_table(r, s);
	}
}

/* ---- the same sensor from two maps ------------------------------------- */

static const char *obj_name(const struct otarget *ot, const struct oent *e)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(
		e->obj, ot->def->required ? ot->def->required : "name");

	return cJSON_IsString(n) ? n->valuestring : NULL;
}

static bool same_object(const struct otarget *ot, const struct oent *a,
			const struct oent *b)
{
	const char *na = obj_name(ot, a), *nb = obj_name(ot, b);

	if (a->has_entity && b->has_entity)
		return a->entity == b->entity;
	return na && nb && strcasecmp(na, nb) == 0;
}

/* Copies the fields `into` lacks from `from`, with their sources. */
static void fill_from(cJSON *into, const cJSON *from)
{
	const cJSON *src = cJSON_GetObjectItemCaseSensitive(from, "src");
	const cJSON *it;

	cJSON_ArrayForEach(it, from) {
		const cJSON *s;

		if (strcmp(it->string, "src") == 0 ||
		    cJSON_GetObjectItemCaseSensitive(into, it->string))
			continue;
		cJSON_AddItemToObject(into, it->string,
				      cJSON_Duplicate(it, true));
		s = cJSON_GetObjectItemCaseSensitive(src, it->string);
		if (cJSON_IsString(s))
			put_src(into, it->string, s->valuestring);
	}
}

static void oent_drop(struct otarget *ot, size_t i)
{
	cJSON_Delete(ot->v[i].obj);
	free(ot->v[i].key);
	memmove(&ot->v[i], &ot->v[i + 1], (ot->n - i - 1) * sizeof(*ot->v));
	ot->n--;
}

static void dedup(struct otarget *ot)
{
	for (size_t i = 0; i < ot->n; i++) {
		for (size_t j = i + 1; j < ot->n;) {
			struct oent *a = &ot->v[i], *b = &ot->v[j];

			if (a->emit->map == b->emit->map ||
			    !same_object(ot, a, b)) {
				j++;
				continue;
			}
			if (b->emit->map->priority > a->emit->map->priority) {
				cJSON *t = a->obj;

				a->obj = b->obj;
				b->obj = t;
				a->emit = b->emit;
			}
			fill_from(a->obj, b->obj);
			if (b->has_entity && !a->has_entity) {
				a->entity = b->entity;
				a->has_entity = true;
			}
			oent_drop(ot, j);
		}
	}
}

/* ---- cpu, memory, storage ---------------------------------------------- */

static bool num_field(const cJSON *o, const char *k, double *v)
{
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(o, k);

	if (cJSON_IsNumber(n)) {
		*v = n->valuedouble;
		return true;
	}
	if (cJSON_IsRaw(n)) {
		*v = strtod(n->valuestring, NULL);
		return true;
	}
	return false;
}

static void derive_num(cJSON *o, const char *k, double v, const char *src)
{
	if (cJSON_GetObjectItemCaseSensitive(o, k) || !isfinite(v) || v < 0)
		return;
	cJSON_AddNumberToObject(o, k, v);
	put_src(o, k, src);
}

/* total = used + free, used = total - free, free = total - used, and the
 * percentage, where the device gave the other two. */
static void derive_bytes(cJSON *o)
{
	double t, u, f;
	bool ht = num_field(o, "total_bytes", &t);
	bool hu = num_field(o, "used_bytes", &u);
	bool hf = num_field(o, "free_bytes", &f);

	if (!ht && hu && hf)
		derive_num(o, "total_bytes", t = u + f,
			   "derived:used_bytes+free_bytes"), ht = true;
	if (ht && !hu && hf && t >= f)
		derive_num(o, "used_bytes", u = t - f,
			   "derived:total_bytes-free_bytes"), hu = true;
	if (ht && hu && !hf && t >= u)
		derive_num(o, "free_bytes", t - u,
			   "derived:total_bytes-used_bytes");
	if (ht && hu && t > 0 && u <= t)
		derive_num(o, "used_pct", floor(u / t * 10000 + 0.5) / 100,
			   "derived:used_bytes/total_bytes");
}

static void aggregate(const struct otarget *ot, const struct oent *v,
		      size_t n, enum agg agg, cJSON *into)
{
	for (const struct field_def *f = ot->def->fields; f->name; f++) {
		double acc = 0, x;
		size_t cnt = 0;
		const char *src1 = NULL;
		char src[128];

		if (!numeric_kind(f->kind) || f->kind == FK_ENTITY ||
		    (agg == AGG_SUM && f->kind == FK_PCT))
			continue;	/* a sum of percentages means nothing */
		for (size_t i = 0; i < n; i++) {
			if (!num_field(v[i].obj, f->name, &x))
				continue;
			if (!cnt) {
				const cJSON *s = cJSON_GetObjectItemCaseSensitive(
					cJSON_GetObjectItemCaseSensitive(
						v[i].obj, "src"), f->name);

				src1 = cJSON_IsString(s) ? s->valuestring
							 : NULL;
				acc = x;
			} else if (agg == AGG_MAX) {
				acc = x > acc ? x : acc;
			} else if (agg == AGG_AVG || agg == AGG_SUM) {
				acc += x;
			}
			cnt++;
			if (agg == AGG_FIRST)
				break;
		}
		if (!cnt)
			continue;
		if (agg == AGG_AVG)
			acc = floor(acc / (double)cnt * 100 + 0.5) / 100;
		cJSON_DeleteItemFromObjectCaseSensitive(into, f->name);
		cJSON_AddNumberToObject(into, f->name, acc);
		if (cnt == 1 && src1) {
			put_src(into, f->name, src1);
		} else {
			snprintf(src, sizeof(src), "derived:%s(per_unit[].%s)",
				 agg == AGG_MAX ? "max" : agg == AGG_SUM ? "sum"
					: agg == AGG_AVG ? "avg" : "first",
				 f->name);
			put_src(into, f->name, src);
		}
	}
}

/* cpu / memory: the units of the highest-priority map that gave any. */
static void units_finish(struct otarget *ot, cJSON *facts)
{
	const struct mmap *best = NULL;
	cJSON *obj, *list;
	size_t k = 0;
	bool mem = strcmp(ot->def->path, "environment.memory") == 0;
	enum agg agg = AGG_FIRST;

	for (size_t i = 0; i < ot->n; i++)
		if (!best || ot->v[i].emit->map->priority > best->priority)
			best = ot->v[i].emit->map;
	for (size_t i = 0; i < ot->n; i++) {
		if (ot->v[i].emit->map != best ||
		    !cJSON_GetObjectItemCaseSensitive(ot->v[i].obj, "name")) {
			cJSON_Delete(ot->v[i].obj);
			free(ot->v[i].key);
			continue;
		}
		agg = ot->v[i].emit->agg;
		ot->v[k++] = ot->v[i];
	}
	ot->n = k;
	if (!k)
		return;
	obj = facts_obj(facts, ot->def->path);
	for (size_t i = 0; mem && i < k; i++)
		derive_bytes(ot->v[i].obj);
	aggregate(ot, ot->v, k, agg, obj);
	if (mem)
		derive_bytes(obj);
	list = cJSON_AddArrayToObject(obj, "per_unit");
	for (size_t i = 0; i < k; i++) {
		cJSON_AddItemToArray(list, ot->v[i].obj);
		free(ot->v[i].key);
	}
	ot->n = 0;
}

static void list_finish(struct otarget *ot, cJSON *facts)
{
	cJSON *list = NULL;
	bool storage = strcmp(ot->def->path, "hardware.storage") == 0;

	if (ot->def->dedup)
		dedup(ot);
	for (size_t i = 0; i < ot->n; i++) {
		struct oent *e = &ot->v[i];

		if (ot->def->required &&
		    !cJSON_GetObjectItemCaseSensitive(e->obj,
						      ot->def->required)) {
			cJSON_Delete(e->obj);
		} else {
			if (storage)
				derive_bytes(e->obj);
			if (!list)
				list = facts_list(facts, ot->def->path);
			cJSON_AddItemToArray(list, e->obj);
		}
		free(e->key);
	}
	ot->n = 0;
}

void snmp_map_run_emit(struct snmp_map_run *r, cJSON *facts)
{
	struct out o = {.facts = facts};

	emit_pass(r, &o, false);
	emit_pass(r, &o, true);
	rates_take(r);
	for (size_t i = 0; i < o.nt; i++) {
		if (o.t[i].def->kind == TK_UNITS)
			units_finish(&o.t[i], facts);
		else
			list_finish(&o.t[i], facts);
		free(o.t[i].v);
	}
}
