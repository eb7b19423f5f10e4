/* fuzz_snmp.c - the SNMP collector over a hostile agent: the client's
 * handling of answers (collectors/snmp.c: GET, GETNEXT/GETBULK walks,
 * tooBig and noSuchName, loop and bound detection, every value type) and,
 * behind it, the identity step and the MIB maps (snmp_collect.c,
 * snmp_map_*.c), through snmp_client_scripted().
 *
 * Two kinds of input:
 * - text starting with "1." is an snmpsim recording (.snmprec) served by
 *   collectors/snmp_rec.c: realistic tables for the maps (the seeds are
 *   the lab's recordings);
 * - anything else is a script of answers.  Byte 0: bit 0 SNMPv1.  Then per
 *   request: a control byte (0xff no answer, 0xfe a PDU that is not a
 *   response, 0xf0-0xfd an error status and index), the number of
 *   varbinds, and for each an OID move relative to the column's last OID
 *   (next, same, backwards, out of the subtree, anywhere), a type among
 *   those Net-SNMP's decoder lets through, and its value.  When the script
 *   runs out, every request is answered endOfMibView. */
#include "config.h"
/* Net-SNMP's public config header defines PACKAGE_* too. */
#undef PACKAGE_BUGREPORT
#undef PACKAGE_NAME
#undef PACKAGE_STRING
#undef PACKAGE_TARNAME
#undef PACKAGE_URL
#undef PACKAGE_VERSION
#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "facts.h"
#include "fuzz.h"
#include "error.h"
#include "snmp.h"
#include "snmp_collect.h"
#include "snmp_map.h"
#include "snmp_rec.h"

#include <stdlib.h>
#include <string.h>

#define MAX_VBS 256
#define MAX_REQ_VARS 64

struct script {
	const uint8_t *p;
	size_t n;
};

static unsigned get8(struct script *s)
{
	if (!s->n)
		return 0;
	s->n--;
	return *s->p++;
}

static uint64_t get64(struct script *s)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | get8(s);
	return v;
}

static uint32_t get_subid(struct script *s)
{
	unsigned b = get8(s);

	if (b < 0xf0)
		return b;
	return (uint32_t)get64(s);	/* big ones, up to 2^32 - 1 */
}

/* Enterprise prefixes identity.yaml knows, and a few standard roots. */
static const oid known[][10] = {
	{1, 3, 6, 1, 4, 1, 9, 1}, {1, 3, 6, 1, 4, 1, 2011, 2},
	{1, 3, 6, 1, 4, 1, 25506, 1}, {1, 3, 6, 1, 4, 1, 2636, 1, 1, 1},
	{1, 3, 6, 1, 4, 1, 30065, 1}, {1, 3, 6, 1, 4, 1, 48512},
	{1, 3, 6, 1, 4, 1, 11, 2}, {1, 3, 6, 1, 4, 1, 674, 10895},
	{1, 3, 6, 1, 4, 1, 6027, 1}, {1, 3, 6, 1, 4, 1, 259, 10},
	{1, 3, 6, 1, 4, 1, 52642, 2}, {1, 3, 6, 1, 2, 1, 25, 2, 1},
};
static const size_t known_len[] = {8, 8, 8, 10, 8, 7, 8, 8, 8, 8, 8, 9};

static const u_char types[] = {
	ASN_INTEGER, ASN_OCTET_STR, ASN_OBJECT_ID, ASN_NULL, ASN_IPADDRESS,
	ASN_COUNTER, ASN_GAUGE, ASN_TIMETICKS, ASN_OPAQUE, ASN_COUNTER64,
	ASN_UINTEGER, ASN_NSAP, ASN_BIT_STR, SNMP_NOSUCHOBJECT,
	SNMP_NOSUCHINSTANCE, SNMP_ENDOFMIBVIEW,
};

/* A value of whatever length: as Net-SNMP's decoder leaves it. */
static void set_bytes(netsnmp_variable_list *v, const void *b, size_t len)
{
	v->val_len = len;
	if (len <= sizeof(v->buf)) {
		v->val.string = v->buf;
	} else if (!(v->val.string = malloc(len))) {
		abort();
	}
	if (len)
		memcpy(v->val.string, b, len);
}

static void set_value(netsnmp_variable_list *v, struct script *s)
{
	v->type = types[get8(s) % sizeof(types)];
	switch (v->type) {
	case ASN_INTEGER:
	case ASN_COUNTER:
	case ASN_GAUGE:
	case ASN_TIMETICKS:
	case ASN_UINTEGER: {
		long x = (long)get64(s);

		set_bytes(v, &x, sizeof(x));
		break;
	}
	case ASN_COUNTER64: {
		struct counter64 c = {.high = (u_long)(uint32_t)get64(s),
				      .low = (u_long)(uint32_t)get64(s)};

		set_bytes(v, &c, sizeof(c));
		break;
	}
	case ASN_OBJECT_ID: {
		oid o[MAX_OID_LEN];
		unsigned mode = get8(s);
		size_t n = 0;

		if (mode < 0xc0) {	/* a known prefix and a suffix */
			size_t k = mode % (sizeof(known) / sizeof(known[0]));

			memcpy(o, known[k], known_len[k] * sizeof(oid));
			n = known_len[k];
		}
		for (size_t i = 0, m = get8(s) % 129; i < m && n < MAX_OID_LEN;
		     i++)
			o[n++] = get_subid(s);
		set_bytes(v, o, n * sizeof(oid));
		break;
	}
	case ASN_NULL:
	case SNMP_NOSUCHOBJECT:
	case SNMP_NOSUCHINSTANCE:
	case SNMP_ENDOFMIBVIEW:
		v->val_len = 0;
		v->val.string = NULL;
		break;
	default: {	/* strings: octets, IpAddress, Opaque, NSAP, BITS */
		size_t len = get8(s);

		if (len >= 0xf0)
			len = (len - 0xf0) << 8 | get8(s);
		if (len > s->n)
			len = s->n;
		set_bytes(v, s->p, len);
		s->p += len;
		s->n -= len;
	}
	}
}

/* The varbind's OID, moved from the column's last one. */
static size_t next_oid(struct script *s, const oid *last, size_t len,
		       size_t rootlen, oid *o)
{
	unsigned mode = get8(s) % 8;

	memcpy(o, last, len * sizeof(oid));
	switch (mode) {
	case 0:
	case 1:
	case 2:	/* onwards: a first row under the root, or the next one */
		if (len <= rootlen || mode == 2) {
			for (size_t i = 0, m = 1 + get8(s) % 3;
			     i < m && len < MAX_OID_LEN; i++)
				o[len++] = get_subid(s);
		} else {
			o[len - 1] += 1 + get8(s) % 4;
		}
		break;
	case 3:	/* the same OID again */
		break;
	case 4:	/* backwards */
		if (len && o[len - 1])
			o[len - 1]--;
		else if (len)
			len--;
		break;
	case 5:	/* the next column, or out of the subtree */
	case 6: {
		size_t at = rootlen ? rootlen - 1 - (mode == 6 && rootlen > 1)
				    : 0;

		if (at < len) {
			o[at]++;
			len = at + 1 + get8(s) % 3;
			for (size_t i = at + 1; i < len; i++)
				o[i] = get_subid(s);
		}
		break;
	}
	default:	/* anywhere */
		len = get8(s) % (MAX_OID_LEN + 1);
		for (size_t i = 0; i < len; i++)
			o[i] = get_subid(s);
	}
	return len;
}

static void add_var(netsnmp_pdu *pdu, netsnmp_variable_list **tail,
		    const oid *o, size_t len, struct script *s)
{
	netsnmp_variable_list *v = calloc(1, sizeof(*v));

	if (!v || snmp_set_var_objid(v, o, len))
		abort();
	if (s)
		set_value(v, s);
	else
		v->type = SNMP_ENDOFMIBVIEW;
	if (*tail)
		(*tail)->next_variable = v;
	else
		pdu->variables = v;
	*tail = v;
}

/* As the decoder leaves a PDU: no error (the library's default is -1). */
static netsnmp_pdu *response(int command, const netsnmp_pdu *req)
{
	netsnmp_pdu *resp = snmp_pdu_create(command);

	if (!resp)
		abort();
	resp->reqid = req->reqid;
	resp->errstat = SNMP_ERR_NOERROR;
	resp->errindex = 0;
	return resp;
}

static struct snmp_pdu *answer(void *ctx, const struct snmp_pdu *req)
{
	struct script *s = ctx;
	netsnmp_pdu *resp;
	netsnmp_variable_list *tail = NULL;
	const netsnmp_variable_list *rv;
	oid last[MAX_REQ_VARS][MAX_OID_LEN];
	size_t lastlen[MAX_REQ_VARS], rootlen[MAX_REQ_VARS], nreq = 0;
	unsigned ctl, count;
	size_t want;

	for (rv = req->variables; rv && nreq < MAX_REQ_VARS;
	     rv = rv->next_variable, nreq++) {
		memcpy(last[nreq], rv->name, rv->name_length * sizeof(oid));
		lastlen[nreq] = rootlen[nreq] = rv->name_length;
	}
	if (!s->n) {	/* the script is over: the end of the MIB view */
		resp = response(SNMP_MSG_RESPONSE, req);
		for (size_t i = 0; i < nreq; i++)
			add_var(resp, &tail, last[i], lastlen[i], NULL);
		return resp;
	}
	ctl = get8(s);
	if (ctl == 0xff)
		return NULL;
	resp = response(ctl == 0xfe ? SNMP_MSG_REPORT : SNMP_MSG_RESPONSE,
			req);
	if (ctl >= 0xf0 && ctl < 0xfe) {
		long ix = get8(s);

		resp->errstat = ctl & 0x7;
		resp->errindex = ix < 0x80 ? ix : ix - 256;	/* -128..127 */
	}
	want = req->command == SNMP_MSG_GETBULK && req->max_repetitions > 0 ?
		       nreq * (size_t)req->max_repetitions : nreq;
	count = get8(s);
	count = count < 0xc0 ? want : count - 0xc0;
	if (count > MAX_VBS)
		count = MAX_VBS;
	for (unsigned i = 0; i < count && nreq; i++) {
		size_t k = i % nreq;
		oid o[MAX_OID_LEN];
		size_t len = next_oid(s, last[k], lastlen[k], rootlen[k], o);

		add_var(resp, &tail, o, len, s);
		memcpy(last[k], o, len * sizeof(oid));
		lastlen[k] = len;
	}
	return resp;
}

static void collect(const struct snmp_agent *a)
{
	cJSON *facts = facts_new("fuzz", "127.0.0.1", NULL);
	struct snmp_collect_opts o = {.name = "fuzz"};
	char *text;

	if (!facts)
		abort();
	snmp_collect_from(a, facts, &o);
	text = cJSON_PrintUnformatted(facts);
	free(text);
	cJSON_Delete(facts);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct si_error err;

	fuzz_setup();
	if (!snmp_maps_default(&err))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct snmp_agent a;

	if (size >= 2 && data[0] == '1' && data[1] == '.') {
		struct si_error err;
		struct snmp_rec *r = snmp_rec_parse("fuzz.snmprec",
						    (const char *)data, size,
						    &err);

		if (r) {
			snmp_rec_agent(&a, r);
			collect(&a);
			snmp_rec_free(r);
		}
	} else if (size) {
		struct script s = {data + 1, size - 1};
		struct snmp_client *c = snmp_client_scripted(data[0] & 1,
							     answer, &s);

		if (!c)
			abort();
		snmp_agent_of_client(&a, c);
		collect(&a);
		snmp_client_close(c);
	}
	return 0;
}
