/* snmp_rec.c - see snmp_rec.h */
#include "config.h"
#include "snmp_rec.h"
#include "error.h"
#include "snmp.h"
#include "snmp_map.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define REC_MAX_OID 128
#define REC_MAX_FILE (256u << 20)

struct rec_ent {
	uint32_t *oid;
	size_t len;
	enum snmp_vtype type;
	unsigned char asn;
	int64_t i;
	uint64_t u;
	char *s;
	size_t slen;
};

struct snmp_rec {
	struct rec_ent *v;
	size_t n;
};

static int oid_cmp(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	size_t n = na < nb ? na : nb;

	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return a[i] < b[i] ? -1 : 1;
	return na < nb ? -1 : na > nb;
}

static int ent_cmp(const void *x, const void *y)
{
	const struct rec_ent *a = x, *b = y;

	return oid_cmp(a->oid, a->len, b->oid, b->len);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Bytes of a value: hex when the type ends in 'x'. */
static char *value_bytes(const char *v, size_t len, int hex, size_t *out)
{
	char *b = malloc(len + 1);
	size_t n = 0;

	if (!b)
		return NULL;
	if (!hex) {
		memcpy(b, v, len);
		n = len;
	} else {
		for (size_t i = 0; i + 1 < len; i += 2) {
			int h = hexval(v[i]), l = hexval(v[i + 1]);

			if (h < 0 || l < 0)
				break;
			b[n++] = (char)(h << 4 | l);
		}
	}
	b[n] = '\0';
	*out = n;
	return b;
}

/* One "OID|TYPE|VALUE" line; 1 when taken, 0 when skipped. */
static int parse_line(const char *line, size_t len, struct rec_ent *e)
{
	const char *bar1 = memchr(line, '|', len), *bar2, *val;
	char oidtext[REC_MAX_OID * 11], tag[16];
	uint32_t oid[REC_MAX_OID];
	size_t vlen, tlen, blen;
	int olen, hex, code;
	char *bytes, *end;

	if (!bar1 || (size_t)(bar1 - line) >= sizeof(oidtext))
		return 0;
	bar2 = memchr(bar1 + 1, '|', len - (size_t)(bar1 + 1 - line));
	if (!bar2 || (size_t)(bar2 - bar1 - 1) >= sizeof(tag))
		return 0;
	memcpy(oidtext, line, (size_t)(bar1 - line));
	oidtext[bar1 - line] = '\0';
	tlen = (size_t)(bar2 - bar1 - 1);
	memcpy(tag, bar1 + 1, tlen);
	tag[tlen] = '\0';
	val = bar2 + 1;
	vlen = len - (size_t)(val - line);
	olen = snmp_oid_parse(oidtext, oid, REC_MAX_OID);
	if (olen < 0)
		return 0;
	hex = tlen && tag[tlen - 1] == 'x';
	code = (int)strtol(tag, &end, 10);
	if (end == tag)
		return 0;
	memset(e, 0, sizeof(*e));
	bytes = value_bytes(val, vlen, hex, &blen);
	if (!bytes)
		return -1;
	switch (code) {
	case 2:
		e->type = SV_INT;
		e->asn = 0x02;
		e->i = strtoll(bytes, NULL, 10);
		break;
	case 4:
	case 68:
		e->type = SV_STR;
		e->asn = (unsigned char)(code == 4 ? 0x04 : 0x44);
		e->s = bytes;
		e->slen = blen;
		bytes = NULL;
		break;
	case 6:
	case 64:
		e->type = code == 6 ? SV_OID : SV_IPADDR;
		e->asn = (unsigned char)(code == 6 ? 0x06 : 0x40);
		e->s = bytes;
		e->slen = blen;
		if (code == 64 && blen == 4) {	/* packed address */
			char buf[20];
			const unsigned char *b = (const unsigned char *)bytes;

			snprintf(buf, sizeof(buf), "%u.%u.%u.%u", b[0], b[1],
				 b[2], b[3]);
			if (hex) {
				free(bytes);
				e->s = strdup(buf);
				e->slen = strlen(buf);
			}
		}
		if (e->s && e->s[0] == '.')
			memmove(e->s, e->s + 1, e->slen--);
		bytes = NULL;
		break;
	case 65:
	case 66:
	case 67:
	case 70:
		e->type = SV_UINT;
		e->asn = (unsigned char)(code == 65 ? 0x41 : code == 66 ? 0x42
					 : code == 67 ? 0x43 : 0x46);
		e->u = strtoull(bytes, NULL, 10);
		if (code != 70)
			e->u &= 0xffffffffULL;
		break;
	default:
		e->type = SV_NULL;
		e->asn = 0x05;
	}
	free(bytes);
	e->oid = malloc((size_t)olen * sizeof(uint32_t));
	if (!e->oid) {
		free(e->s);
		return -1;
	}
	memcpy(e->oid, oid, (size_t)olen * sizeof(uint32_t));
	e->len = (size_t)olen;
	return 1;
}

struct snmp_rec *snmp_rec_parse(const char *name, const char *text,
				size_t len, struct si_error *err)
{
	struct snmp_rec *r = calloc(1, sizeof(*r));
	size_t cap = 0, k = 0;
	const char *p = text, *end = text + len;

	if (!r)
		goto nomem;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		int rc;

		/* cppcheck-suppress knownConditionTrueFalse ; l is 0 on "\n" */
		if (l && p[l - 1] == '\r')
			l--;
		if (r->n == cap) {
			struct rec_ent *v;

			cap = cap ? cap * 2 : 1024;
			v = realloc(r->v, cap * sizeof(*v));
			if (!v)
				goto nomem;
			r->v = v;
		}
		rc = parse_line(p, l, &r->v[r->n]);
		if (rc < 0)
			goto nomem;
		r->n += (size_t)rc;
		p = nl ? nl + 1 : end;
	}
	if (r->n)
		qsort(r->v, r->n, sizeof(*r->v), ent_cmp);
	/* a repeated OID: the first line wins, as snmpsim serves it */
	for (size_t i = 0; i < r->n; i++) {
		if (k && ent_cmp(&r->v[k - 1], &r->v[i]) == 0) {
			free(r->v[i].oid);
			free(r->v[i].s);
			continue;
		}
		r->v[k++] = r->v[i];
	}
	r->n = k;
	return r;
nomem:
	snmp_rec_free(r);
	si_error_set(err, name, 0, 0, "out of memory");
	return NULL;
}

struct snmp_rec *snmp_rec_load(const char *path, struct si_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;
	struct snmp_rec *r;

	if (!f) {
		si_error_set(err, path, 0, 0, "cannot open: %s",
			     strerror(errno));
		return NULL;
	}
	for (;;) {
		size_t got;

		if (n + 65536 > cap) {
			char *nb;

			cap = cap ? cap * 2 : 1 << 20;
			if (cap > REC_MAX_FILE || !(nb = realloc(buf, cap))) {
				free(buf);
				fclose(f);
				si_error_set(err, path, 0, 0, "too large");
				return NULL;
			}
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	r = snmp_rec_parse(path, buf ? buf : "", n, err);
	free(buf);
	return r;
}

void snmp_rec_free(struct snmp_rec *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++) {
		free(r->v[i].oid);
		free(r->v[i].s);
	}
	free(r->v);
	free(r);
}

size_t snmp_rec_count(const struct snmp_rec *r)
{
	return r ? r->n : 0;
}

/* First entry strictly after oid. */
static size_t after(const struct snmp_rec *r, const uint32_t *oid, size_t len)
{
	size_t lo = 0, hi = r->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (oid_cmp(r->v[mid].oid, r->v[mid].len, oid, len) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int push(struct snmp_vblist *l, const struct rec_ent *e)
{
	return snmp_vblist_push(l, e->oid, e->len, e->type, e->asn, e->i,
				e->u, e->s, e->slen);
}

static enum src_status rec_walk(void *ctx, const char *const *roots, size_t n,
				const struct snmp_walk_limits *lim,
				struct snmp_vblist *out,
				enum snmp_walk_end *end, struct si_error *err)
{
	const struct snmp_rec *r = ctx;

	*end = WALK_DONE;
	for (size_t c = 0; c < n; c++) {
		uint32_t root[REC_MAX_OID];
		int len = snmp_oid_parse(roots[c], root, REC_MAX_OID);

		if (len < 0) {
			si_error_set(err, NULL, 0, 0, "bad OID '%s'", roots[c]);
			return SRC_ERROR;
		}
		for (size_t i = after(r, root, (size_t)len); i < r->n; i++) {
			const struct rec_ent *e = &r->v[i];

			if (e->len <= (size_t)len ||
			    memcmp(e->oid, root, (size_t)len * sizeof(*root)) != 0)
				break;
			if (lim && lim->max_rows && out[c].n >= lim->max_rows) {
				*end = WALK_ROWS_CAPPED;
				break;
			}
			if (push(&out[c], e) < 0) {
				si_error_set(err, NULL, 0, 0, "out of memory");
				return SRC_ERROR;
			}
		}
	}
	return SRC_OK;
}

static enum src_status rec_get(void *ctx, const char *const *oids, size_t n,
			       struct snmp_vblist *out, struct si_error *err)
{
	const struct snmp_rec *r = ctx;

	for (size_t c = 0; c < n; c++) {
		uint32_t oid[REC_MAX_OID];
		int len = snmp_oid_parse(oids[c], oid, REC_MAX_OID);
		size_t i;
		int rc;

		if (len < 0) {
			si_error_set(err, NULL, 0, 0, "bad OID '%s'", oids[c]);
			return SRC_ERROR;
		}
		i = after(r, oid, (size_t)len);
		if (i > 0 && oid_cmp(r->v[i - 1].oid, r->v[i - 1].len, oid,
				     (size_t)len) == 0)
			rc = push(out, &r->v[i - 1]);
		else
			rc = snmp_vblist_push(out, oid, (size_t)len, SV_ABSENT,
					      0x80, 0, 0, NULL, 0);
		if (rc < 0) {
			si_error_set(err, NULL, 0, 0, "out of memory");
			return SRC_ERROR;
		}
	}
	return SRC_OK;
}

void snmp_rec_agent(struct snmp_agent *a, struct snmp_rec *r)
{
	a->ctx = r;
	a->walk = rec_walk;
	a->get = rec_get;
	a->peer = "recording";
}
