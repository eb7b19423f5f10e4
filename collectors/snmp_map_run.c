/* snmp_map_run.c - which maps apply to a device, which columns they need,
 * walking them into indexed rows, and what failed or is absent.
 * Evaluation of the rows into facts is in snmp_map_eval.c. */
#include "config.h"
#include "snmp_map_int.h"
#include "error.h"
#include "log.h"
#include "text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DEFAULT_MAX_ROWS 50000	/* per column: big chassis fit */
#define TABLE_MAX_MS 120000	/* one table; the device deadline too */
#define MAX_TIMEOUTS 2		/* tables timing out before giving up */

double map_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* ---- the live agent ---------------------------------------------------- */

static enum src_status live_walk(void *ctx, const char *const *roots,
				 size_t n, const struct snmp_walk_limits *lim,
				 struct snmp_vblist *out,
				 enum snmp_walk_end *end, struct si_error *err)
{
	return snmp_client_walk_columns(ctx, roots, n, lim, out, end, err);
}

static enum src_status live_get(void *ctx, const char *const *oids, size_t n,
				struct snmp_vblist *out, struct si_error *err)
{
	return snmp_client_get(ctx, oids, n, out, err);
}

void snmp_agent_of_client(struct snmp_agent *a, struct snmp_client *c)
{
	a->ctx = c;
	a->walk = live_walk;
	a->get = live_get;
	a->peer = "agent";
}

/* ---- which maps apply -------------------------------------------------- */

static bool in_strs(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; s && i < n; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}

static bool oid_prefix(const char *oid, const char *prefix)
{
	size_t n = strlen(prefix);

	if (!oid)
		return false;
	if (*oid == '.')
		oid++;
	if (*prefix == '.')
		prefix++, n--;
	return strncmp(oid, prefix, n) == 0 && (oid[n] == '\0' || oid[n] == '.');
}

/* A map without `when` applies to every device; with it, to devices whose
 * vendor, family or sysObjectID it names, and to devices whose vendor is
 * not known (better a table too many than a fan missed). */
static bool map_applies(const struct mmap *m, const struct snmp_map_device *d)
{
	if (!m->nvendors && !m->nfamilies && !m->noids)
		return true;
	if (m->nvendors && (!d->vendor || in_strs(m->vendors, m->nvendors,
						   d->vendor)))
		return true;
	if (m->nfamilies && in_strs(m->families, m->nfamilies, d->family))
		return true;
	for (size_t i = 0; i < m->noids; i++)
		if (oid_prefix(d->object_id, m->oids[i]))
			return true;
	return false;
}

/* ---- which columns are needed ------------------------------------------ */

static void need_col(struct snmp_map_run *r, const struct mtable *t, int col)
{
	struct tdata *td = &r->td[t->slot];

	if (td->state == TS_UNUSED)
		td->state = TS_WANTED;
	if (col >= 0)
		td->colneed[col] = true;
}

/* Marking what an emit reads: refs through a join also need the join's
 * key (which may read earlier joins) and the joined table. */
struct need {
	struct snmp_map_run *r;
	const struct mtable *t;	/* the row's table (its joins) */
	bool joined[MAP_MAX_JOINS];
};

static void need_value(struct need *n, const struct mvalue *v);

static void need_ref(struct need *n, const struct mref *ref)
{
	if (ref->join >= 0 && !n->joined[ref->join]) {
		const struct mjoin *j = &n->t->joins[ref->join];

		n->joined[ref->join] = true;
		need_col(n->r, j->table, -1);
		need_value(n, &j->on);
	}
	if (ref->kind == REF_COL)
		need_col(n->r, ref->table, ref->col);
	else if (ref->kind == REF_INDEX || ref->kind == REF_IDX)
		need_col(n->r, ref->table, -1);
}

static void need_conds(struct need *n, const struct mcond *k, size_t cnt);

static void need_num(struct need *n, const struct mnum *x)
{
	if (x->val)
		need_value(n, x->val);
	else if (x->set && x->is_ref)
		need_ref(n, &x->ref);
}

static void need_value(struct need *n, const struct mvalue *v)
{
	const struct mconv *cv = &v->conv;

	if (v->kind == MV_REF) {
		need_ref(n, &v->ref);
		/* the column's own conversion may read sibling columns */
		if (v->ref.kind == REF_COL) {
			const struct mconv *cc =
				&v->ref.table->cols[v->ref.col].conv;

			if (cc->has_escale && cc->escale.table == v->ref.table &&
			    v->ref.join < 0)
				need_ref(n, &cc->escale);
		}
	}
	for (size_t i = 0; i < v->ntrefs; i++)
		need_ref(n, &v->trefs[i]);
	if (cv->has_escale)
		need_ref(n, &cv->escale);
	need_num(n, &cv->precision);
	need_num(n, &cv->times);
	need_num(n, &cv->plus);
	need_num(n, &cv->minus);
	need_num(n, &cv->divide);
	need_conds(n, v->where, v->nwhere);
}

static void need_conds(struct need *n, const struct mcond *k, size_t cnt)
{
	for (size_t i = 0; i < cnt; i++) {
		if (k[i].op == C_ANY)
			need_conds(n, k[i].sub, k[i].nsub);
		else
			need_ref(n, &k[i].ref);
	}
}

bool map_emit_on(const struct snmp_map_run *r, const struct memit *e)
{
	return e->map->idx != SIZE_MAX && r->map_on[e->map->idx];
}

/* The columns the emits of applicable maps read from table t. */
static void need_table(struct snmp_map_run *r, const struct mtable *t)
{
	struct need n = {.r = r, .t = t};

	for (size_t e = 0; e < t->nemits; e++) {
		const struct memit *em = &t->emits[e];

		if (!map_emit_on(r, em))
			continue;
		need_col(r, t, -1);
		need_conds(&n, em->when, em->nwhen);
		for (size_t a = 0; em->key && a < em->key->nalts; a++)
			need_value(&n, &em->key->alts[a]);
		for (size_t f = 0; f < em->nfields; f++)
			for (size_t a = 0; a < em->fields[f].nalts; a++)
				need_value(&n, &em->fields[f].alts[a]);
	}
}

/* ---- rows -------------------------------------------------------------- */

static size_t hash_text(const char *s)
{
	size_t h = 1469598103934665603ULL;

	/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference): rows have itext */
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static int idx_cmp(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t n = na < nb ? na : nb;

	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return na < nb ? -1 : na > nb;
}

static int row_cmp(const void *x, const void *y)
{
	const struct trow *a = x, *b = y;

	return idx_cmp(a->idx, a->idxlen, b->idx, b->idxlen);
}

static int hash_build(struct tdata *td)
{
	size_t cap = 16;

	while (cap < td->nrows * 2 + 1)
		cap *= 2;
	free(td->hash);
	td->hash = calloc(cap, sizeof(*td->hash));
	if (!td->hash)
		return -1;
	td->hcap = cap;
	for (size_t i = 0; i < td->nrows; i++) {
		size_t h = hash_text(td->rows[i].itext) & (cap - 1);

		while (td->hash[h])
			h = (h + 1) & (cap - 1);
		td->hash[h] = i + 1;
	}
	return 0;
}

const struct trow *tdata_row(const struct tdata *td, const char *itext)
{
	size_t h;

	if (!td->hcap)
		return NULL;
	for (h = hash_text(itext) & (td->hcap - 1); td->hash[h];
	     h = (h + 1) & (td->hcap - 1))
		if (strcmp(td->rows[td->hash[h] - 1].itext, itext) == 0)
			return &td->rows[td->hash[h] - 1];
	return NULL;
}

size_t tdata_prefix(const struct tdata *td, const uint32_t *key, size_t klen,
		    size_t *end)
{
	size_t lo = 0, hi = td->nrows, i;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct trow *w = &td->rows[mid];

		if (idx_cmp(w->idx, w->idxlen < klen ? w->idxlen : klen, key,
			    klen) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i < td->nrows; i++) {
		const struct trow *w = &td->rows[i];

		if (w->idxlen <= klen ||
		    idx_cmp(w->idx, klen, key, klen) != 0)
			break;
	}
	*end = i;
	return lo;
}

/* Files the varbinds of every column under rows keyed by index. */
static int rows_build(struct tdata *td)
{
	const struct mtable *t = td->t;
	size_t total = 0;

	for (size_t c = 0; c < t->ncols; c++)
		total += td->lists[c].n;
	td->rows = calloc(total ? total : 1, sizeof(*td->rows));
	if (!td->rows || hash_build(td) < 0)
		return -1;
	/* a temporary hash sized for every varbind */
	for (size_t c = 0; c < t->ncols; c++) {
		for (size_t i = 0; i < td->lists[c].n; i++) {
			const struct snmp_vb *vb = &td->lists[c].v[i];
			size_t plen = t->oidlen + 1;
			char itext[MAP_MAX_OID * 11];
			const struct trow *found;
			struct trow *row;

			if (vb->oid_len <= plen || vb->type == SV_ABSENT)
				continue;
			snmp_oid_format(vb->oid + plen, vb->oid_len - plen,
					itext, sizeof(itext));
			found = tdata_row(td, itext);
			if (found) {
				row = &td->rows[found - td->rows];
			} else {
				row = &td->rows[td->nrows++];
				row->idx = vb->oid + plen;
				row->idxlen = vb->oid_len - plen;
				row->itext = strdup(itext);
				row->cells = calloc(t->ncols,
						    sizeof(*row->cells));
				if (!row->itext || !row->cells)
					return -1;
				if (td->nrows * 2 + 1 > td->hcap &&
				    hash_build(td) < 0)
					return -1;
				else if (td->nrows * 2 + 1 <= td->hcap) {
					size_t h = hash_text(itext) &
						   (td->hcap - 1);

					while (td->hash[h])
						h = (h + 1) & (td->hcap - 1);
					td->hash[h] = td->nrows;
				}
			}
			if (!row->cells[c])
				row->cells[c] = vb;
		}
	}
	qsort(td->rows, td->nrows, sizeof(*td->rows), row_cmp);
	return hash_build(td);
}

/* ---- walking ----------------------------------------------------------- */

static void table_fail(struct tdata *td, enum src_status st, const char *msg)
{
	td->state = TS_FAILED;
	td->fstatus = st;
	free(td->error);
	td->error = strdup(msg);
}

static long time_left_ms(const struct snmp_map_run *r)
{
	long left = TABLE_MAX_MS;

	if (r->dev.deadline_ms > 0) {
		long d = r->dev.deadline_ms - (long)map_now_ms();

		if (d < left)
			left = d;
	}
	return left;
}

static enum src_status walk_scalars(struct snmp_map_run *r, struct tdata *td,
				    struct si_error *err)
{
	const struct mtable *t = td->t;
	char *oids[64];
	int col[64];
	size_t n = 0;
	struct snmp_vblist got = {0};
	enum src_status st;

	for (size_t c = 0; c < t->ncols && n < 64; c++) {
		if (!td->colneed[c])
			continue;
		if (asprintf(&oids[n], "%s.%u.0", t->oidtext, t->cols[c].sub) <
		    0)
			return SRC_ERROR;
		col[n++] = (int)c;
	}
	st = r->a->get(r->a->ctx, (const char *const *)oids, n, &got, err);
	for (size_t i = 0; i < n; i++)
		free(oids[i]);
	if (st != SRC_OK) {
		snmp_vblist_free(&got);
		return st;
	}
	/* one varbind per asked OID, in order (v1 may leave some out) */
	for (size_t i = 0; i < got.n; i++) {
		const struct snmp_vb *vb = &got.v[i];

		if (vb->type == SV_ABSENT || vb->type == SV_NULL)
			continue;	/* noSuchObject: not a value */

		for (size_t k = 0; k < n; k++) {
			const struct mtable *tt = t;

			if (vb->oid_len == tt->oidlen + 2 &&
			    vb->oid[tt->oidlen] == tt->cols[col[k]].sub &&
			    vb->oid[tt->oidlen + 1] == 0 &&
			    memcmp(vb->oid, tt->oid,
				   tt->oidlen * sizeof(uint32_t)) == 0) {
				struct snmp_vblist *l = &td->lists[col[k]];

				l->v = realloc(l->v, (l->n + 1) * sizeof(*l->v));
				if (!l->v)
					return SRC_ERROR;
				l->v[l->n++] = *vb;
				memset(&got.v[i], 0, sizeof(got.v[i]));
				break;
			}
		}
	}
	snmp_vblist_free(&got);
	return SRC_OK;
}

static enum src_status walk_columns(struct snmp_map_run *r, struct tdata *td,
				    const bool *cols, struct snmp_vblist *lists,
				    enum snmp_walk_end *end,
				    struct si_error *err)
{
	const struct mtable *t = td->t;
	char *roots[64];
	size_t slot[64], n = 0;
	struct snmp_vblist *outs;
	struct snmp_walk_limits lim = {
		.max_rows = r->dev.max_rows ? r->dev.max_rows
					    : DEFAULT_MAX_ROWS,
		.max_ms = time_left_ms(r),
	};
	enum src_status st;

	for (size_t c = 0; c < t->ncols && n < 64; c++) {
		if (!cols[c])
			continue;
		if (asprintf(&roots[n], "%s.%u", t->oidtext, t->cols[c].sub) <
		    0)
			return SRC_ERROR;
		slot[n++] = c;
	}
	outs = calloc(n ? n : 1, sizeof(*outs));
	if (!outs)
		return SRC_ERROR;
	st = r->a->walk(r->a->ctx, (const char *const *)roots, n, &lim, outs,
			end, err);
	for (size_t i = 0; i < n; i++) {
		lists[slot[i]] = outs[i];
		free(roots[i]);
	}
	free(outs);
	return st;
}

enum src_status map_rewalk(struct snmp_map_run *r, const struct tdata *td,
			   const bool *cols, struct snmp_vblist *lists)
{
	struct si_error err;
	enum snmp_walk_end end;

	si_error_clear(&err);
	return walk_columns(r, (struct tdata *)td, cols, lists, &end, &err);
}

static const char *end_text(enum snmp_walk_end end)
{
	switch (end) {
	case WALK_ROWS_CAPPED:
		return "stopped at the bound on rows or bytes";
	case WALK_TIME_CAPPED:
		return "stopped at the bound on time";
	case WALK_LOOP:
		return "the agent returned OIDs out of order (a loop)";
	default:
		return NULL;
	}
}

void map_walk_table(struct snmp_map_run *r, struct tdata *td)
{
	struct si_error err;
	enum snmp_walk_end end = WALK_DONE;
	enum src_status st;
	bool any = false;
	size_t rows = 0;

	si_error_clear(&err);
	if (r->dev.cancel && *r->dev.cancel)
		return table_fail(td, SRC_NOT_INSPECTED, "not read: the run "
				  "was interrupted");
	if (time_left_ms(r) <= 0)
		return table_fail(td, SRC_TIMEOUT, "not read: the device's "
				  "time ran out");
	if (r->timeouts >= MAX_TIMEOUTS)
		return table_fail(td, SRC_TIMEOUT, "not read: the agent had "
				  "stopped answering");
	for (size_t c = 0; c < td->t->ncols; c++)
		any = any || td->colneed[c];
	if (!any)
		td->colneed[0] = true;	/* joined for its index only */
	td->walked_ms = map_now_ms();
	st = td->t->scalar ? walk_scalars(r, td, &err)
			   : walk_columns(r, td, td->colneed, td->lists, &end,
					  &err);
	if (st == SRC_TIMEOUT)
		r->timeouts++;
	else if (st == SRC_OK)
		r->timeouts = 0;
	if (rows_build(td) < 0)
		return table_fail(td, SRC_ERROR, "out of memory");
	for (size_t c = 0; c < td->t->ncols; c++)
		rows += td->lists[c].n;
	if (st != SRC_OK) {
		table_fail(td, st, err.msg[0] ? err.msg : "walk failed");
	} else if (end != WALK_DONE) {
		td->capped = true;
		table_fail(td, end == WALK_LOOP ? SRC_PROTOCOL_ERROR
						: SRC_PARTIAL, end_text(end));
	} else {
		td->state = rows ? TS_OK : TS_ABSENT;
	}
	log_debug("snmp", "%s: %s %s (%s): %zu rows, %s", r->dev.name,
		  td->t->mib, td->t->id, td->t->oidtext, td->nrows,
		  td->state == TS_OK ? "ok" :
		  td->state == TS_ABSENT ? "absent" : td->error);
}

/* ---- the run ----------------------------------------------------------- */

struct snmp_map_run *snmp_map_run_walk(const struct snmp_maps *m,
				       const struct snmp_agent *a,
				       const struct snmp_map_device *dev)
{
	struct snmp_map_run *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->m = m;
	r->a = a;
	r->dev = *dev;
	r->map_on = calloc(m->nmaps + 1, sizeof(*r->map_on));
	r->td = calloc(m->ntables + 1, sizeof(*r->td));
	if (!r->map_on || !r->td)
		goto nomem;
	for (size_t i = 0; i < m->ntables; i++) {
		r->td[i].t = m->tables[i];
		r->td[i].colneed = calloc(m->tables[i]->ncols,
					  sizeof(*r->td[i].colneed));
		r->td[i].lists = calloc(m->tables[i]->ncols,
					sizeof(*r->td[i].lists));
		if (!r->td[i].colneed || !r->td[i].lists)
			goto nomem;
	}
	for (size_t i = 0; i < m->nmaps; i++)
		r->map_on[i] = map_applies(m->maps[i], dev);
	for (size_t i = 0; i < m->ntables; i++)
		need_table(r, m->tables[i]);
	for (size_t i = 0; i < m->ntables; i++)
		if (r->td[i].state == TS_WANTED)
			map_walk_table(r, &r->td[i]);
	return r;
nomem:
	snmp_map_run_free(r);
	return NULL;
}

void snmp_map_run_free(struct snmp_map_run *r)
{
	if (!r)
		return;
	for (size_t i = 0; r->td && i < r->m->ntables; i++) {
		struct tdata *td = &r->td[i];

		for (size_t k = 0; k < td->nrows; k++) {
			free(td->rows[k].itext);
			free(td->rows[k].cells);
		}
		free(td->rows);
		free(td->hash);
		for (size_t c = 0; td->lists && c < td->t->ncols; c++)
			snmp_vblist_free(&td->lists[c]);
		free(td->lists);
		free(td->colneed);
		free(td->error);
	}
	for (size_t i = 0; i < r->nrates; i++)
		free(r->rates[i].itext);
	free(r->rates);
	free(r->td);
	free(r->map_on);
	free(r);
}

enum src_status snmp_map_run_report(struct snmp_map_run *r, cJSON *source)
{
	enum src_status st = SRC_OK;
	cJSON *failed = cJSON_GetObjectItemCaseSensitive(source, "failed");
	cJSON *absent = cJSON_GetObjectItemCaseSensitive(source, "absent");

	for (size_t i = 0; i < r->m->ntables; i++) {
		const struct tdata *td = &r->td[i];
		char what[256];

		snprintf(what, sizeof(what), "%s %s", td->t->mib, td->t->id);
		if (td->state == TS_ABSENT) {
			char line[320];

			if (!absent)
				absent = cJSON_AddArrayToObject(source,
								"absent");
			snprintf(line, sizeof(line), "%s: not in this agent",
				 what);
			cJSON_AddItemToArray(absent, cJSON_CreateString(line));
		} else if (td->state == TS_FAILED) {
			cJSON *f = cJSON_CreateObject();

			if (!failed)
				failed = cJSON_AddArrayToObject(source,
								"failed");
			cJSON_AddStringToObject(f, "what", what);
			cJSON_AddStringToObject(f, "status",
						src_status_name(td->fstatus));
			cJSON_AddStringToObject(f, "error", td->error);
			cJSON_AddItemToArray(failed, f);
			st = SRC_PARTIAL;
		}
	}
	return st;
}

/* ---- read access for the identity step --------------------------------- */

static const struct tdata *td_named(const struct snmp_map_run *r,
				    const char *table)
{
	const struct mtable *t = maps_table(r->m, table);

	if (!t || (r->td[t->slot].state != TS_OK &&
		   r->td[t->slot].state != TS_FAILED))
		return NULL;
	return &r->td[t->slot];
}

size_t snmp_map_run_rows(const struct snmp_map_run *r, const char *table)
{
	const struct tdata *td = td_named(r, table);

	return td ? td->nrows : 0;
}

const char *snmp_map_run_index(const struct snmp_map_run *r,
			       const char *table, size_t i)
{
	const struct tdata *td = td_named(r, table);

	return td && i < td->nrows ? td->rows[i].itext : NULL;
}

static const struct snmp_vb *cell(const struct snmp_map_run *r,
				  const char *table, size_t i, const char *col)
{
	const struct tdata *td = td_named(r, table);
	int c;

	if (!td || i >= td->nrows || (c = mtable_col(td->t, col)) < 0)
		return NULL;
	return td->rows[i].cells[c];
}

void vb_src(const struct snmp_vb *vb, char *buf, size_t n)
{
	char oid[MAP_MAX_OID * 11 + 32];

	snprintf(buf, n, "snmp:%s",
		 snmp_oid_format(vb->oid, vb->oid_len, oid, sizeof(oid)));
}

char *snmp_map_run_text(const struct snmp_map_run *r, const char *table,
			size_t i, const char *col, char *src, size_t srclen)
{
	const struct snmp_vb *vb = cell(r, table, i, col);
	char buf[32];

	if (!vb)
		return NULL;
	if (src)
		vb_src(vb, src, srclen);
	switch (vb->type) {
	case SV_STR:
	case SV_OID:
	case SV_IPADDR:
		return text_clean(vb->s, vb->slen);
	case SV_INT:
		snprintf(buf, sizeof(buf), "%lld", (long long)vb->i);
		return strdup(buf);
	case SV_UINT:
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)vb->u);
		return strdup(buf);
	default:
		return NULL;
	}
}

bool snmp_map_run_int(const struct snmp_map_run *r, const char *table,
		      size_t i, const char *col, long long *out)
{
	const struct snmp_vb *vb = cell(r, table, i, col);

	if (!vb)
		return false;
	if (vb->type == SV_INT)
		*out = vb->i;
	else if (vb->type == SV_UINT)
		*out = (long long)vb->u;
	else
		return false;
	return true;
}
