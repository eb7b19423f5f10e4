/* snmp.c - see snmp.h */
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

#include "snmp.h"
#include "error.h"
#include "log.h"
#include "target.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define WALK_MAX_ROWS 100000
#define WALK_MAX_BYTES (64u << 20)
#define WALK_MAX_MS 300000
#define BULK_MAX_REP 32

struct snmp_client {
	void *sp;		/* Net-SNMP single-session handle */
	char *usm_key;		/* v3: "peer user", claimed while open */
	int version;
	const char *version_text;
	char peer[300];
};

static pthread_once_t snmp_once = PTHREAD_ONCE_INIT;

/* Net-SNMP keeps SNMPv3 users in one process-wide list keyed by engine ID
 * and user name, and a session that finds its user there already reuses
 * that entry's keys instead of its own (net-snmp issue #320): two sessions
 * to one agent with one user name but different passwords would both use
 * the first one's keys, so a wrong password could pass as right.  So:
 * sessions for the same peer and user run one at a time (claim), opening a
 * v3 session (where the library discovers the engine and adds the user) is
 * serialised because the list has no lock of its own, and a closing
 * session unlinks its user so the next one derives its own keys.  Unlinked
 * entries are kept, not freed, because another thread may be walking the
 * list through them; they are a few hundred bytes per v3 session. */
struct usm_claim {
	char *key;
	struct usm_claim *next;
};

struct usm_grave {
	struct usmUser *user;
	struct usm_grave *next;
};

static pthread_mutex_t usm_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t usm_cond = PTHREAD_COND_INITIALIZER;
static struct usm_claim *usm_claims;
static struct usm_grave *usm_graves;	/* unlinked users, freed at exit */

static void usm_free_graves(void)
{
	pthread_mutex_lock(&usm_lock);
	while (usm_graves) {
		struct usm_grave *g = usm_graves;

		usm_graves = g->next;
		usm_free_user(g->user);
		free(g);
	}
	pthread_mutex_unlock(&usm_lock);
}

static bool usm_claimed(const char *key)
{
	for (struct usm_claim *c = usm_claims; c; c = c->next)
		if (strcmp(c->key, key) == 0)
			return true;
	return false;
}

/* Waits until no other session of this process uses (peer, user). */
static char *usm_claim(const char *peer, const char *user)
{
	struct usm_claim *c = calloc(1, sizeof(*c));
	size_t n = strlen(peer) + strlen(user) + 2;

	if (!c || !(c->key = malloc(n))) {
		free(c);
		return NULL;
	}
	snprintf(c->key, n, "%s %s", peer, user);
	pthread_mutex_lock(&usm_lock);
	while (usm_claimed(c->key))
		pthread_cond_wait(&usm_cond, &usm_lock);
	c->next = usm_claims;
	usm_claims = c;
	pthread_mutex_unlock(&usm_lock);
	return c->key;
}

static void usm_release(void *sp, const char *key)
{
	netsnmp_session *s = sp ? snmp_sess_session(sp) : NULL;
	struct usm_claim **pc;

	pthread_mutex_lock(&usm_lock);
	if (s && s->securityEngineIDLen && s->securityName) {
		struct usmUser *u = usm_get_user(s->securityEngineID,
						 s->securityEngineIDLen,
						 s->securityName);
		struct usm_grave *g = u ? calloc(1, sizeof(*g)) : NULL;

		if (g) {	/* unlinked now, freed at exit */
			usm_remove_user(u);
			g->user = u;
			g->next = usm_graves;
			usm_graves = g;
		}
	}
	for (pc = &usm_claims; *pc; pc = &(*pc)->next)
		if ((*pc)->key == key) {
			struct usm_claim *c = *pc;

			*pc = c->next;
			free(c->key);
			free(c);
			break;
		}
	pthread_cond_broadcast(&usm_cond);
	pthread_mutex_unlock(&usm_lock);
}

static void snmp_lib_init(void)
{
	/* No configuration files, no MIBs, no persistent state: the
	 * inspection must not depend on, nor change, the machine it runs on. */
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
			       NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
			       NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
			       NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	netsnmp_ds_set_boolean(NETSNMP_DS_LIBRARY_ID,
			       NETSNMP_DS_LIB_DONT_PERSIST_STATE, 1);
	netsnmp_ds_set_int(NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_MIB_WARNINGS,
			   0);
	setenv("MIBS", "", 1);
	setenv("MIBDIRS", "/nonexistent", 1);
	snmp_disable_log();
	init_snmp("swinspect");
	atexit(usm_free_graves);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int snmp_oid_parse(const char *text, uint32_t *oid, size_t max)
{
	const char *p = text;
	size_t n = 0;

	if (*p == '.')
		p++;
	while (*p) {
		unsigned long long v = 0;

		if (*p < '0' || *p > '9' || n == max)
			return -1;
		while (*p >= '0' && *p <= '9') {
			v = v * 10 + (unsigned)(*p++ - '0');
			if (v > 0xffffffffULL)
				return -1;
		}
		oid[n++] = (uint32_t)v;
		if (*p == '.' && p[1])
			p++;
		else if (*p)
			return -1;
	}
	return n >= 2 ? (int)n : -1;
}

char *snmp_oid_format(const uint32_t *oid, size_t len, char *buf, size_t n)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < len && off < n; i++) {
		int w = snprintf(buf + off, n - off, i ? ".%u" : "%u",
				 (unsigned)oid[i]);

		if (w < 0)
			break;
		off += (size_t)w;
	}
	return buf;
}

bool snmp_vb_index(const struct snmp_vb *vb, const uint32_t *prefix,
		   size_t plen, char *buf, size_t n)
{
	if (vb->oid_len <= plen)
		return false;
	for (size_t i = 0; i < plen; i++)
		if (vb->oid[i] != prefix[i])
			return false;
	snmp_oid_format(vb->oid + plen, vb->oid_len - plen, buf, n);
	return true;
}

static char *peer_name(const struct target *t, char *buf, size_t n)
{
	if (strchr(t->address, ':'))
		snprintf(buf, n, "udp6:[%s]:%d", t->address, t->snmp.port);
	else
		snprintf(buf, n, "udp:%s:%d", t->address, t->snmp.port);
	return buf;
}

struct proto_map {
	const char *name;
	const oid *oid;
	size_t len;
};

static int set_v3_auth(netsnmp_session *s, const struct target_snmp *cfg,
		       struct si_error *err)
{
	static const struct proto_map auth[] = {
		{"md5", usmHMACMD5AuthProtocol, OID_LENGTH(usmHMACMD5AuthProtocol)},
		{"sha", usmHMACSHA1AuthProtocol, OID_LENGTH(usmHMACSHA1AuthProtocol)},
		{"sha224", usmHMAC128SHA224AuthProtocol, OID_LENGTH(usmHMAC128SHA224AuthProtocol)},
		{"sha256", usmHMAC192SHA256AuthProtocol, OID_LENGTH(usmHMAC192SHA256AuthProtocol)},
		{"sha384", usmHMAC256SHA384AuthProtocol, OID_LENGTH(usmHMAC256SHA384AuthProtocol)},
		{"sha512", usmHMAC384SHA512AuthProtocol, OID_LENGTH(usmHMAC384SHA512AuthProtocol)},
	};
	const char *pass = cfg->auth_pass.value;

	for (size_t i = 0; i < sizeof(auth) / sizeof(auth[0]); i++) {
		if (strcmp(auth[i].name, cfg->auth_proto) != 0)
			continue;
		s->securityAuthProto = snmp_duplicate_objid(auth[i].oid,
							    auth[i].len);
		s->securityAuthProtoLen = auth[i].len;
		s->securityAuthKeyLen = USM_AUTH_KU_LEN;
		if (strlen(pass) < 8)
			return si_error_set(err, NULL, 0, 0, "SNMPv3 "
					    "authentication password is "
					    "shorter than 8 characters");
		if (generate_Ku(s->securityAuthProto, (u_int)auth[i].len,
				(const u_char *)pass, strlen(pass),
				s->securityAuthKey,
				&s->securityAuthKeyLen) != SNMPERR_SUCCESS)
			return si_error_set(err, NULL, 0, 0, "cannot derive "
					    "the SNMPv3 authentication key");
		return 0;
	}
	return si_error_set(err, NULL, 0, 0, "unsupported SNMPv3 "
			    "authentication protocol '%s'", cfg->auth_proto);
}

static int set_v3_priv(netsnmp_session *s, const struct target_snmp *cfg,
		       struct si_error *err)
{
	const struct proto_map priv[] = {
		{"des", usmDESPrivProtocol, OID_LENGTH(usmDESPrivProtocol)},
		{"aes", usmAESPrivProtocol, OID_LENGTH(usmAESPrivProtocol)},
		{"aes128", usmAESPrivProtocol, OID_LENGTH(usmAESPrivProtocol)},
		{"aes192", usmAES192PrivProtocol, OID_LENGTH(usmAES192PrivProtocol)},
		{"aes256", usmAES256PrivProtocol, OID_LENGTH(usmAES256PrivProtocol)},
	};
	const char *pass = cfg->priv_pass.value;

	for (size_t i = 0; i < sizeof(priv) / sizeof(priv[0]); i++) {
		if (strcmp(priv[i].name, cfg->priv_proto) != 0)
			continue;
		s->securityPrivProto = snmp_duplicate_objid(priv[i].oid,
							    priv[i].len);
		s->securityPrivProtoLen = priv[i].len;
		s->securityPrivKeyLen = USM_PRIV_KU_LEN;
		if (strlen(pass) < 8)
			return si_error_set(err, NULL, 0, 0, "SNMPv3 privacy "
					    "password is shorter than 8 "
					    "characters");
		if (generate_Ku(s->securityAuthProto,
				(u_int)s->securityAuthProtoLen,
				(const u_char *)pass, strlen(pass),
				s->securityPrivKey,
				&s->securityPrivKeyLen) != SNMPERR_SUCCESS)
			return si_error_set(err, NULL, 0, 0, "cannot derive "
					    "the SNMPv3 privacy key");
		return 0;
	}
	return si_error_set(err, NULL, 0, 0, "unsupported SNMPv3 privacy "
			    "protocol '%s'", cfg->priv_proto);
}

static int set_v3(netsnmp_session *s, const struct target_snmp *cfg,
		  struct si_error *err)
{
	s->version = SNMP_VERSION_3;
	s->securityName = strdup(cfg->username);
	s->securityNameLen = strlen(cfg->username);
	s->securityModel = USM_SEC_MODEL_NUMBER;
	if (cfg->context) {
		s->contextName = strdup(cfg->context);
		s->contextNameLen = strlen(cfg->context);
	}
	s->securityLevel = SNMP_SEC_LEVEL_NOAUTH;
	if (cfg->auth_proto) {
		if (set_v3_auth(s, cfg, err) < 0)
			return -1;
		s->securityLevel = SNMP_SEC_LEVEL_AUTHNOPRIV;
	}
	if (cfg->priv_proto) {
		if (set_v3_priv(s, cfg, err) < 0)
			return -1;
		s->securityLevel = SNMP_SEC_LEVEL_AUTHPRIV;
	}
	return 0;
}

/* Frees what set_v3() and the community set in a session template. */
static void session_template_free(netsnmp_session *s)
{
	free(s->securityName);
	free(s->contextName);
	free(s->securityAuthProto);
	free(s->securityPrivProto);
	if (s->community) {
		explicit_bzero(s->community, s->community_len);
		free(s->community);
	}
	explicit_bzero(s->securityAuthKey, sizeof(s->securityAuthKey));
	explicit_bzero(s->securityPrivKey, sizeof(s->securityPrivKey));
}

static enum src_status status_of_liberr(int liberr)
{
	switch (liberr) {
	case SNMPERR_TIMEOUT:
		return SRC_TIMEOUT;
	case SNMPERR_UNKNOWN_USER_NAME:
	case SNMPERR_AUTHENTICATION_FAILURE:
	case SNMPERR_UNSUPPORTED_SEC_LEVEL:
	case SNMPERR_DECRYPTION_ERR:
	case SNMPERR_USM_UNKNOWNSECURITYNAME:
	case SNMPERR_USM_UNSUPPORTEDSECURITYLEVEL:
	case SNMPERR_USM_AUTHENTICATIONFAILURE:
	case SNMPERR_USM_DECRYPTIONERROR:
		return SRC_AUTH_FAILED;
	case SNMPERR_BAD_ADDRESS:
	case SNMPERR_UNKNOWN_ENG_ID:
	case SNMPERR_USM_UNKNOWNENGINEID:
		return SRC_UNREACHABLE;
	case SNMPERR_BAD_PARSE:
	case SNMPERR_BAD_RECVFROM:
	case SNMPERR_ASN_PARSE_ERR:
	case SNMPERR_USM_PARSEERROR:
		return SRC_PROTOCOL_ERROR;
	default:
		return SRC_ERROR;
	}
}

static enum src_status sess_failure(void *sp, const char *what,
				    struct si_error *err)
{
	int liberr = 0, syserr = 0;
	char *msg = NULL;
	enum src_status st;

	snmp_sess_error(sp, &syserr, &liberr, &msg);
	st = status_of_liberr(liberr);
	si_error_set(err, NULL, 0, 0, "%s: %s", what,
		     st == SRC_TIMEOUT ? "no answer (timeout)"
				       : msg ? msg : "SNMP error");
	free(msg);
	return st;
}

struct snmp_client *snmp_client_open(const struct target *t,
				     enum src_status *status,
				     struct si_error *err)
{
	const struct target_snmp *cfg = &t->snmp;
	struct snmp_client *c = calloc(1, sizeof(*c));
	netsnmp_session tmpl;
	enum src_status st = SRC_ERROR;

	if (!c) {
		si_error_set(err, NULL, 0, 0, "out of memory");
		goto fail;
	}
	pthread_once(&snmp_once, snmp_lib_init);
	snmp_sess_init(&tmpl);
	tmpl.peername = peer_name(t, c->peer, sizeof(c->peer));
	tmpl.timeout = (long)cfg->timeout_ms * 1000L;
	tmpl.retries = cfg->retries;
	if (cfg->version == TARGET_SNMP_V3) {
		if (set_v3(&tmpl, cfg, err) < 0) {
			session_template_free(&tmpl);
			goto fail;
		}
		c->version_text = "3";
	} else {
		tmpl.version = cfg->version == TARGET_SNMP_V1 ?
				       SNMP_VERSION_1 : SNMP_VERSION_2c;
		tmpl.community = (u_char *)strdup(cfg->community.value);
		tmpl.community_len = strlen(cfg->community.value);
		c->version_text = cfg->version == TARGET_SNMP_V1 ? "1" : "2c";
	}
	c->version = (int)tmpl.version;
	if (tmpl.version == SNMP_VERSION_3 && !c->usm_key)
		c->usm_key = usm_claim(c->peer, cfg->username);
	if (tmpl.version == SNMP_VERSION_3)
		pthread_mutex_lock(&usm_lock);
	c->sp = snmp_sess_open(&tmpl);
	if (tmpl.version == SNMP_VERSION_3)
		pthread_mutex_unlock(&usm_lock);
	if (!c->sp) {
		int liberr = 0, syserr = 0;
		char *msg = NULL;

		snmp_error(&tmpl, &syserr, &liberr, &msg);
		st = liberr == SNMPERR_BAD_ADDRESS ? SRC_UNREACHABLE
						   : status_of_liberr(liberr);
		si_error_set(err, NULL, 0, 0, "cannot open an SNMP session to "
			     "%s: %s", c->peer, msg ? msg : "unknown error");
		free(msg);
	}
	session_template_free(&tmpl);
	if (c->sp) {
		if (status)
			*status = SRC_OK;
		return c;
	}
fail:
	if (c && c->usm_key)
		usm_release(NULL, c->usm_key);
	free(c);
	if (status)
		*status = st;
	return NULL;
}

void snmp_client_close(struct snmp_client *c)
{
	if (!c)
		return;
	if (c->usm_key)
		usm_release(c->sp, c->usm_key);
	if (c->sp)
		snmp_sess_close(c->sp);
	free(c);
}

const char *snmp_client_version(const struct snmp_client *c)
{
	return c->version_text;
}

static int vb_add(struct snmp_vblist *l, const netsnmp_variable_list *v)
{
	struct snmp_vb *vb;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		struct snmp_vb *nv = realloc(l->v, cap * sizeof(*nv));

		if (!nv)
			return -1;
		l->v = nv;
		l->cap = cap;
	}
	vb = &l->v[l->n];
	memset(vb, 0, sizeof(*vb));
	vb->oid = malloc(v->name_length * sizeof(uint32_t));
	if (!vb->oid)
		return -1;
	for (size_t i = 0; i < v->name_length; i++)
		vb->oid[i] = (uint32_t)v->name[i];
	vb->oid_len = v->name_length;
	vb->asn_type = v->type;
	switch (v->type) {
	case ASN_INTEGER:
		vb->type = SV_INT;
		vb->i = v->val.integer ? *v->val.integer : 0;
		break;
	case ASN_COUNTER:
	case ASN_GAUGE:
	case ASN_TIMETICKS:
	case ASN_UINTEGER:
		vb->type = SV_UINT;
		vb->u = v->val.integer ? (uint64_t)(uint32_t)*v->val.integer
				       : 0;
		break;
	case ASN_COUNTER64:
		vb->type = SV_UINT;
		if (v->val.counter64)
			vb->u = ((uint64_t)v->val.counter64->high << 32) |
				(uint32_t)v->val.counter64->low;
		break;
	case ASN_OCTET_STR:
	case ASN_OPAQUE:
		vb->type = SV_STR;
		vb->slen = v->val_len;
		vb->s = malloc(v->val_len + 1);
		if (!vb->s)
			goto nomem;
		if (v->val_len)
			memcpy(vb->s, v->val.string, v->val_len);
		vb->s[v->val_len] = '\0';
		break;
	case ASN_OBJECT_ID: {
		size_t n = v->val_len / sizeof(oid);
		uint32_t tmp[MAX_OID_LEN];
		char buf[MAX_OID_LEN * 11 + 1];

		for (size_t i = 0; i < n && i < MAX_OID_LEN; i++)
			tmp[i] = (uint32_t)v->val.objid[i];
		snmp_oid_format(tmp, n < MAX_OID_LEN ? n : MAX_OID_LEN, buf,
				sizeof(buf));
		vb->type = SV_OID;
		vb->s = strdup(buf);
		if (!vb->s)
			goto nomem;
		vb->slen = strlen(buf);
		break;
	}
	case ASN_IPADDRESS: {
		char buf[32];
		const u_char *b = v->val.string;

		if (v->val_len == 4)
			snprintf(buf, sizeof(buf), "%u.%u.%u.%u", b[0], b[1],
				 b[2], b[3]);
		else
			snprintf(buf, sizeof(buf), "?");
		vb->type = SV_IPADDR;
		vb->s = strdup(buf);
		if (!vb->s)
			goto nomem;
		vb->slen = strlen(buf);
		break;
	}
	case SNMP_NOSUCHOBJECT:
	case SNMP_NOSUCHINSTANCE:
	case SNMP_ENDOFMIBVIEW:
		vb->type = SV_ABSENT;
		break;
	default:
		vb->type = SV_NULL;
		break;
	}
	l->bytes += vb->oid_len * sizeof(uint32_t) + vb->slen + sizeof(*vb);
	l->n++;
	return 0;
nomem:
	free(vb->oid);
	return -1;
}

void snmp_vblist_free(struct snmp_vblist *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].oid);
		free(l->v[i].s);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

static int pdu_add_oid(netsnmp_pdu *pdu, const uint32_t *o, size_t len)
{
	oid name[MAX_OID_LEN];

	if (len > MAX_OID_LEN)
		return -1;
	for (size_t i = 0; i < len; i++)
		name[i] = o[i];
	return snmp_add_null_var(pdu, name, len) ? 0 : -1;
}

enum src_status snmp_client_get(struct snmp_client *c,
				const char *const *oids, size_t n,
				struct snmp_vblist *out, struct si_error *err)
{
	netsnmp_pdu *pdu = snmp_pdu_create(SNMP_MSG_GET), *resp = NULL;
	enum src_status st = SRC_OK;
	int rc;

	if (!pdu)
		return si_error_set(err, NULL, 0, 0, "out of memory"),
		       SRC_ERROR;
	for (size_t i = 0; i < n; i++) {
		uint32_t o[MAX_OID_LEN];
		int len = snmp_oid_parse(oids[i], o, MAX_OID_LEN);

		if (len < 0 || pdu_add_oid(pdu, o, (size_t)len) < 0) {
			snmp_free_pdu(pdu);
			si_error_set(err, NULL, 0, 0, "bad OID '%s'", oids[i]);
			return SRC_ERROR;
		}
	}
	rc = snmp_sess_synch_response(c->sp, pdu, &resp);
	if (rc != STAT_SUCCESS) {
		st = rc == STAT_TIMEOUT ? SRC_TIMEOUT
					: sess_failure(c->sp, "GET", err);
		if (rc == STAT_TIMEOUT)
			si_error_set(err, NULL, 0, 0, "no answer from %s "
				     "(timeout)", c->peer);
	} else if (resp->errstat == SNMP_ERR_NOSUCHNAME &&
		   c->version == SNMP_VERSION_1) {
		/* v1 has no per-object exceptions: fall back one by one. */
		snmp_free_pdu(resp);
		for (size_t i = 0; i < n && st == SRC_OK; i++) {
			struct snmp_vblist one = {0};

			st = snmp_client_get(c, &oids[i], 1, &one, err);
			if (st == SRC_OK && one.n == 1 && out->n < SIZE_MAX) {
				/* move the single varbind over */
				if (out->n == out->cap) {
					size_t cap = out->cap ? out->cap * 2 : 8;
					struct snmp_vb *v = realloc(
						out->v, cap * sizeof(*v));

					if (!v) {
						snmp_vblist_free(&one);
						return SRC_ERROR;
					}
					out->v = v;
					out->cap = cap;
				}
				out->v[out->n++] = one.v[0];
				free(one.v);
			} else {
				snmp_vblist_free(&one);
			}
		}
		return st;
	} else if (resp->errstat != SNMP_ERR_NOERROR) {
		if (c->version == SNMP_VERSION_1 && n == 1) {
			/* a v1 noSuchName for a single object: absent */
			st = SRC_OK;
		} else {
			si_error_set(err, NULL, 0, 0, "GET: agent error %s",
				     snmp_errstring((int)resp->errstat));
			st = SRC_PROTOCOL_ERROR;
		}
	} else {
		for (netsnmp_variable_list *v = resp->variables; v;
		     v = v->next_variable)
			if (vb_add(out, v) < 0) {
				st = SRC_ERROR;
				si_error_set(err, NULL, 0, 0, "out of memory");
				break;
			}
	}
	if (resp)
		snmp_free_pdu(resp);
	return st;
}

static bool in_subtree(const netsnmp_variable_list *v, const uint32_t *root,
		       size_t rlen)
{
	if (v->name_length <= rlen)
		return false;
	for (size_t i = 0; i < rlen; i++)
		if (v->name[i] != root[i])
			return false;
	return true;
}

/* Compares a varbind's OID with the last one seen (uint32 form). */
static int oid_cmp_vb(const netsnmp_variable_list *v, const uint32_t *o,
		      size_t len)
{
	size_t n = v->name_length < len ? v->name_length : len;

	for (size_t i = 0; i < n; i++)
		if (v->name[i] != o[i])
			return v->name[i] < o[i] ? -1 : 1;
	return v->name_length < len ? -1 : v->name_length > len;
}

struct walk {
	struct snmp_client *c;
	uint32_t root[MAX_OID_LEN];
	size_t rlen;
	uint32_t cur[MAX_OID_LEN];
	size_t clen;
	long maxrep;
	struct snmp_walk_limits lim;
	double start;
};

/* One request; returns 1 to go on, 0 when the walk is over, -1 on failure
 * (st and err set). */
static int walk_step(struct walk *w, struct snmp_vblist *out,
		     enum snmp_walk_end *end, enum src_status *st,
		     struct si_error *err)
{
	bool v1 = w->c->version == SNMP_VERSION_1;
	netsnmp_pdu *pdu = snmp_pdu_create(v1 ? SNMP_MSG_GETNEXT
					       : SNMP_MSG_GETBULK);
	netsnmp_pdu *resp = NULL;
	int rc, more = 1;

	if (!pdu || pdu_add_oid(pdu, w->cur, w->clen) < 0) {
		*st = SRC_ERROR;
		si_error_set(err, NULL, 0, 0, "out of memory");
		if (pdu)
			snmp_free_pdu(pdu);
		return -1;
	}
	if (!v1) {
		pdu->non_repeaters = 0;
		pdu->max_repetitions = w->maxrep;
	}
	rc = snmp_sess_synch_response(w->c->sp, pdu, &resp);
	if (rc != STAT_SUCCESS) {
		*st = rc == STAT_TIMEOUT ? SRC_TIMEOUT
					 : sess_failure(w->c->sp, "walk", err);
		if (rc == STAT_TIMEOUT)
			si_error_set(err, NULL, 0, 0, "no answer from %s "
				     "(timeout)", w->c->peer);
		if (resp)
			snmp_free_pdu(resp);
		return -1;
	}
	if (resp->errstat == SNMP_ERR_TOOBIG && w->maxrep > 1) {
		w->maxrep /= 2;
		snmp_free_pdu(resp);
		return 1;
	}
	if (resp->errstat == SNMP_ERR_NOSUCHNAME) {	/* v1: end of view */
		snmp_free_pdu(resp);
		return 0;
	}
	if (resp->errstat != SNMP_ERR_NOERROR) {
		si_error_set(err, NULL, 0, 0, "walk: agent error %s",
			     snmp_errstring((int)resp->errstat));
		snmp_free_pdu(resp);
		*st = SRC_PROTOCOL_ERROR;
		return -1;
	}
	if (!resp->variables)
		more = 0;
	for (netsnmp_variable_list *v = resp->variables; v && more;
	     v = v->next_variable) {
		if (v->type == SNMP_ENDOFMIBVIEW ||
		    v->type == SNMP_NOSUCHOBJECT ||
		    v->type == SNMP_NOSUCHINSTANCE ||
		    !in_subtree(v, w->root, w->rlen)) {
			more = 0;
			break;
		}
		if (oid_cmp_vb(v, w->cur, w->clen) <= 0 ||
		    v->name_length > MAX_OID_LEN) {
			*end = WALK_LOOP;
			more = 0;
			break;
		}
		if (vb_add(out, v) < 0) {
			*st = SRC_ERROR;
			si_error_set(err, NULL, 0, 0, "out of memory");
			snmp_free_pdu(resp);
			return -1;
		}
		for (size_t i = 0; i < v->name_length; i++)
			w->cur[i] = (uint32_t)v->name[i];
		w->clen = v->name_length;
		if (out->n >= w->lim.max_rows ||
		    out->bytes >= w->lim.max_bytes) {
			*end = WALK_ROWS_CAPPED;
			more = 0;
		}
	}
	snmp_free_pdu(resp);
	if (more && now_ms() - w->start > (double)w->lim.max_ms) {
		*end = WALK_TIME_CAPPED;
		more = 0;
	}
	return more;
}

enum src_status snmp_client_walk(struct snmp_client *c, const char *root,
				 const struct snmp_walk_limits *lim,
				 struct snmp_vblist *out,
				 enum snmp_walk_end *end,
				 struct si_error *err)
{
	struct walk w = {.c = c, .maxrep = BULK_MAX_REP};
	enum src_status st = SRC_OK;
	int len = snmp_oid_parse(root, w.root, MAX_OID_LEN), rc;

	*end = WALK_DONE;
	if (len < 0) {
		si_error_set(err, NULL, 0, 0, "bad OID '%s'", root);
		return SRC_ERROR;
	}
	w.rlen = (size_t)len;
	memcpy(w.cur, w.root, w.rlen * sizeof(uint32_t));
	w.clen = w.rlen;
	w.lim.max_rows = lim && lim->max_rows ? lim->max_rows : WALK_MAX_ROWS;
	w.lim.max_bytes = lim && lim->max_bytes ? lim->max_bytes
						: WALK_MAX_BYTES;
	w.lim.max_ms = lim && lim->max_ms ? lim->max_ms : WALK_MAX_MS;
	w.start = now_ms();
	while ((rc = walk_step(&w, out, end, &st, err)) > 0)
		;
	return rc < 0 ? st : SRC_OK;
}
