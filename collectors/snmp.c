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
#include <net-snmp/library/large_fd_set.h>

#include "snmp.h"
#include "error.h"
#include "log.h"
#include "target.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define WALK_MAX_ROWS 100000
#define WALK_MAX_BYTES (64u << 20)
#define WALK_MAX_MS 300000
#define BULK_BUDGET 48	/* varbinds asked for per GETBULK */
#define BULK_MAX_COLS 24	/* columns per request */

struct snmp_client {
	void *sp;		/* Net-SNMP single-session handle */
	int version;
	const char *version_text;
	char peer[300];
	struct usm_ref *usm;	/* v3: the agent's user entry we hold */
	bool usm_done;		/* v3: the first exchange settled it */
	char usm_error[200];	/* v3: why the user entry could not be had */
	int min_interval_ms;	/* politeness: pause between requests */
	double last_sent_ms;
	snmp_answer_fn answer;	/* scripted: answers instead of an agent */
	void *answer_ctx;
};

/*
 * SNMPv3 and Net-SNMP's user table.  The library keeps one process-wide
 * list of USM users keyed by (engine ID, user name) and takes the keys of
 * every v3 message from it, not from the session: a second session to the
 * same agent and user would silently use the first one's credentials (a
 * wrong password would "work"), and the list itself is shared by every
 * thread.  So: the list is changed only under usm_lock (write), v3 requests
 * run under it (read); a session's user entry is made from the session's
 * own keys when no other live session uses it, and removed when the last
 * session using it closes (no key material outlives the inspection).
 */
struct usm_ref {
	u_char engine[64];
	size_t engine_len;
	char name[128];
	int refs;
	struct usm_ref *next;
};

static pthread_rwlock_t usm_lock = PTHREAD_RWLOCK_INITIALIZER;
static struct usm_ref *usm_refs;	/* under usm_lock (write) */

static bool same_key(const u_char *a, size_t alen, const u_char *b,
		     size_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

/* Does the user entry carry this session's keys?  The entry holds keys
 * localized to the agent's engine ID: localize the session's and compare
 * (the privacy key on the length both have: AES-192/256 extend it). */
static bool usm_keys_match(netsnmp_session *s, const struct usmUser *u)
{
	u_char kul[SNMP_MAXBUF_SMALL];
	size_t kul_len = sizeof(kul), n;

	if (!u->authKey || !s->securityAuthProto)
		return u->authKeyLen == 0 && s->securityAuthKeyLen == 0;
	if (generate_kul(s->securityAuthProto, (u_int)s->securityAuthProtoLen,
			 s->securityEngineID, s->securityEngineIDLen,
			 s->securityAuthKey, s->securityAuthKeyLen, kul,
			 &kul_len) != SNMPERR_SUCCESS ||
	    !same_key(kul, kul_len, u->authKey, u->authKeyLen))
		return false;
	if (!s->securityPrivProto)
		return u->privKeyLen == 0;
	kul_len = sizeof(kul);
	if (!u->privKey ||
	    generate_kul(s->securityAuthProto, (u_int)s->securityAuthProtoLen,
			 s->securityEngineID, s->securityEngineIDLen,
			 s->securityPrivKey, s->securityPrivKeyLen, kul,
			 &kul_len) != SNMPERR_SUCCESS)
		return false;
	n = kul_len < u->privKeyLen ? kul_len : u->privKeyLen;
	return n > 0 && memcmp(kul, u->privKey, n) == 0;
}

static bool engine_known(struct snmp_client *c)
{
	netsnmp_session *s = snmp_sess_session(c->sp);

	return s && s->securityEngineIDLen > 0 &&
	       s->securityEngineIDLen <= sizeof(((struct usm_ref *)0)->engine)
	       && s->securityName &&
	       strlen(s->securityName) < sizeof(((struct usm_ref *)0)->name);
}

static struct usm_ref *usm_ref_find(netsnmp_session *s)
{
	for (struct usm_ref *r = usm_refs; r; r = r->next)
		if (same_key(r->engine, r->engine_len, s->securityEngineID,
			     s->securityEngineIDLen) &&
		    strcmp(r->name, s->securityName) == 0)
			return r;
	return NULL;
}

/* Once the agent's engine ID is known: makes the library's user entry carry
 * this session's keys.  0: it did already; 1: it does now (made or
 * replaced); -1: a live session holds it with other keys; -2: failure. */
static int usm_settle(struct snmp_client *c)
{
	netsnmp_session *s = snmp_sess_session(c->sp);
	struct usm_ref *r = usm_ref_find(s);
	struct usmUser *u = usm_get_user(s->securityEngineID,
					 s->securityEngineIDLen,
					 s->securityName);

	if (u && usm_keys_match(s, u))
		return 0;
	if (u) {
		if (r && r->refs > 0 && r != c->usm)
			return -1;
		usm_remove_user(u);	/* returns the list, not u */
		usm_free_user(u);
	}
	s->flags &= ~SNMP_FLAGS_USER_CREATED;	/* else it makes none */
	if (usm_create_user_from_session(s) != SNMPERR_SUCCESS) {
		snprintf(c->usm_error, sizeof(c->usm_error), "cannot set up "
			 "SNMPv3 user '%s'", s->securityName);
		return -2;
	}
	return 1;
}

/* Counts this session among the users of its entry. */
static int usm_register(struct snmp_client *c)
{
	netsnmp_session *s = snmp_sess_session(c->sp);
	struct usm_ref *r = usm_ref_find(s);

	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			return -1;
		memcpy(r->engine, s->securityEngineID, s->securityEngineIDLen);
		r->engine_len = s->securityEngineIDLen;
		snprintf(r->name, sizeof(r->name), "%s", s->securityName);
		r->next = usm_refs;
		usm_refs = r;
	}
	r->refs++;
	c->usm = r;
	return 0;
}

/* The last session of a user entry gone: the entry and its keys go too. */
static void usm_release(struct snmp_client *c)
{
	struct usm_ref *r = c->usm, **pp;
	struct usmUser *u;

	if (!r || --r->refs > 0)
		return;
	u = usm_get_user(r->engine, r->engine_len, r->name);
	if (u) {
		usm_remove_user(u);	/* returns the list, not u */
		usm_free_user(u);
	}
	for (pp = &usm_refs; *pp; pp = &(*pp)->next)
		if (*pp == r) {
			*pp = r->next;
			break;
		}
	free(r);
}

#define USM_WAIT_MS 60000	/* for another session's user entry */

/*
 * A request and its answer, like snmp_sess_synch_response(), but the wait
 * looks at the agent's cancel flag every WAIT_SLICE_MS: an interrupted run
 * abandons a device within that bound instead of timeout x retries.  The
 * callback is the library's own synchronous one, restated (it is static in
 * Net-SNMP): a report PDU is an error but for notInTimeWindow (the library
 * resends), an answer is cloned for the caller.
 */
#define WAIT_SLICE_MS 200
#define STAT_CANCELLED (-100)

static volatile sig_atomic_t *cancel_flag;

void snmp_set_cancel_flag(volatile sig_atomic_t *flag)
{
	cancel_flag = flag;
}

struct synch {
	int reqid;
	bool waiting;
	int status;
	netsnmp_pdu *pdu;
};

static int synch_input(int op, netsnmp_session *s, int reqid,
		       netsnmp_pdu *pdu, void *magic)
{
	struct synch *st = magic;

	if (reqid != st->reqid && pdu && pdu->command != SNMP_MSG_REPORT)
		return 0;
	st->waiting = false;
	if (op == NETSNMP_CALLBACK_OP_RECEIVED_MESSAGE && pdu) {
		if (pdu->command == SNMP_MSG_REPORT) {
			int type = snmpv3_get_report_type(pdu);

			if (type == SNMPERR_NOT_IN_TIME_WINDOW)
				st->waiting = true;
			st->status = STAT_ERROR;
			s->s_snmp_errno = type;
		} else if (pdu->command == SNMP_MSG_RESPONSE) {
			st->pdu = snmp_clone_pdu(pdu);
			st->status = st->pdu ? STAT_SUCCESS : STAT_ERROR;
			s->s_snmp_errno = SNMPERR_SUCCESS;
		} else {
			st->status = STAT_ERROR;
			s->s_snmp_errno = SNMPERR_PROTOCOL;
			return 0;
		}
	} else if (op == NETSNMP_CALLBACK_OP_TIMED_OUT) {
		st->status = STAT_TIMEOUT;
		s->s_snmp_errno = SNMPERR_TIMEOUT;
	} else {	/* disconnected, send failed */
		st->status = STAT_ERROR;
		s->s_snmp_errno = SNMPERR_ABORT;
	}
	return 1;
}

static double now_ms(void);

/* One request outstanding per device (this wait is synchronous); the
 * device's min_interval_ms spaces them further, in cancellable slices. */
static void pace(struct snmp_client *c)
{
	double wait;

	while (c->min_interval_ms > 0 && c->last_sent_ms > 0 &&
	       !(cancel_flag && *cancel_flag) &&
	       (wait = c->last_sent_ms + c->min_interval_ms - now_ms()) > 0)
		usleep((useconds_t)(wait > WAIT_SLICE_MS ? WAIT_SLICE_MS
							 : wait) * 1000);
	c->last_sent_ms = now_ms();
}

static int synch_response(struct snmp_client *c, netsnmp_pdu *pdu,
			  netsnmp_pdu **resp)
{
	netsnmp_session *ss = snmp_sess_session(c->sp);
	snmp_callback cb = ss->callback;
	void *magic = ss->callback_magic;
	struct synch st = {.status = STAT_ERROR};
	netsnmp_large_fd_set fds;

	*resp = NULL;
	pace(c);
	ss->callback = synch_input;
	ss->callback_magic = &st;
	netsnmp_large_fd_set_init(&fds, FD_SETSIZE);
	st.reqid = snmp_sess_send(c->sp, pdu);
	if (st.reqid == 0)
		snmp_free_pdu(pdu);
	else
		st.waiting = true;
	while (st.waiting) {
		/* with block 0 on input, the library only lowers tv to its
		 * next retransmission: tv must start at the slice (from 0 the
		 * select never waits and the loop spins) */
		struct timeval slice = {0, WAIT_SLICE_MS * 1000}, tv = slice;
		int nfds = 0, block = 0, n;

		if (cancel_flag && *cancel_flag) {
			/* a late answer is dropped (reqid mismatch) */
			st.status = STAT_CANCELLED;
			ss->s_snmp_errno = SNMPERR_ABORT;
			break;
		}
		NETSNMP_LARGE_FD_ZERO(&fds);
		snmp_sess_select_info2(c->sp, &nfds, &fds, &tv, &block);
		if (block || timercmp(&tv, &slice, >))
			tv = slice;	/* no request pending, or beyond the slice */
		n = netsnmp_large_fd_set_select(nfds, &fds, NULL, NULL, &tv);
		if (n > 0)
			snmp_sess_read2(c->sp, &fds);
		else if (n == 0)
			snmp_sess_timeout(c->sp);
		else if (errno != EINTR) {
			ss->s_snmp_errno = SNMPERR_GENERR;
			st.status = STAT_ERROR;
			break;
		}
	}
	if (st.status == STAT_CANCELLED) {
		snmp_free_pdu(st.pdu);
		st.pdu = NULL;
	}
	*resp = st.pdu;
	ss->callback = cb;
	ss->callback_magic = magic;
	netsnmp_large_fd_set_cleanup(&fds);
	return st.status == STAT_CANCELLED ? STAT_ERROR : st.status;
}

/* The first exchange of a v3 session settles its user entry (see above),
 * under the write lock: the first request discovers the engine ID (the
 * library then makes the entry if there is none); if the entry turns out
 * to hold other keys, it is replaced and the request sent again, or, while
 * another live session uses those keys, the session waits for it. */
static int first_v3_exchange(struct snmp_client *c, netsnmp_pdu *pdu,
			     netsnmp_pdu **resp)
{
	for (int waited = 0;; waited += 100) {
		netsnmp_pdu *copy;
		bool known;
		int rc, st = 0;

		pthread_rwlock_wrlock(&usm_lock);
		known = engine_known(c);
		if (known)
			st = usm_settle(c);
		if (st >= 0) {
			copy = snmp_clone_pdu(pdu);
			*resp = NULL;
			rc = copy ? synch_response(c, copy, resp)
				  : STAT_ERROR;
			if (!known && engine_known(c)) {
				st = usm_settle(c);
				if (st == 1) {	/* sent with another's keys */
					if (*resp)
						snmp_free_pdu(*resp);
					*resp = NULL;
					copy = snmp_clone_pdu(pdu);
					rc = copy ? synch_response(
							    c, copy, resp)
						  : STAT_ERROR;
				}
			}
			if (st >= 0) {
				if (engine_known(c) && usm_register(c) == 0)
					c->usm_done = true;
				pthread_rwlock_unlock(&usm_lock);
				snmp_free_pdu(pdu);
				return rc;
			}
			if (*resp)
				snmp_free_pdu(*resp);
			*resp = NULL;
		}
		pthread_rwlock_unlock(&usm_lock);
		if (st == -2 || waited >= USM_WAIT_MS)
			break;
		usleep(100000);
	}
	if (!c->usm_error[0])
		snprintf(c->usm_error, sizeof(c->usm_error), "another session "
			 "to this agent kept SNMPv3 user '%s' with other "
			 "credentials", snmp_sess_session(c->sp)->securityName);
	snmp_free_pdu(pdu);
	return STAT_ERROR;
}

/* A request/response exchange; v3 ones read the shared user table. */
static int sess_exchange(struct snmp_client *c, netsnmp_pdu *pdu,
			 netsnmp_pdu **resp)
{
	int rc;

	if (c->answer) {
		*resp = c->answer(c->answer_ctx, pdu);
		snmp_free_pdu(pdu);
		if (*resp && (*resp)->command != SNMP_MSG_RESPONSE) {
			snmp_free_pdu(*resp);	/* as synch_input drops it */
			*resp = NULL;
			return STAT_ERROR;
		}
		return *resp ? STAT_SUCCESS : STAT_TIMEOUT;
	}
	if (c->version != SNMP_VERSION_3)
		return synch_response(c, pdu, resp);
	if (!c->usm_done)
		return first_v3_exchange(c, pdu, resp);
	pthread_rwlock_rdlock(&usm_lock);
	rc = synch_response(c, pdu, resp);
	pthread_rwlock_unlock(&usm_lock);
	return rc;
}

static pthread_once_t snmp_once = PTHREAD_ONCE_INIT;

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

/* Net-SNMP transport spec: an IPv6 literal needs udp6 and brackets; a DNS
 * name is tried over IPv4 first, then IPv6 (try = 1). */
static char *peer_name(const struct target *t, int try, char *buf, size_t n)
{
	if (strchr(t->address, ':'))
		snprintf(buf, n, "udp6:[%s]:%d", t->address, t->snmp.port);
	else
		snprintf(buf, n, "%s:%s:%d", try ? "udp6" : "udp", t->address,
			 t->snmp.port);
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

/* Over UDP a wrong community and no agent at all look the same. */
static void timeout_error(const struct snmp_client *c, struct si_error *err)
{
	if (c->version == SNMP_VERSION_3)
		si_error_set(err, NULL, 0, 0, "no answer from %s (timeout)",
			     c->peer);
	else
		si_error_set(err, NULL, 0, 0, "no answer from %s (timeout; "
			     "over SNMPv%s a wrong community looks the same "
			     "as no agent)", c->peer, c->version_text);
}

static enum src_status sess_failure(struct snmp_client *c, const char *what,
				    struct si_error *err)
{
	int liberr = 0, syserr = 0;
	char *msg = NULL;
	enum src_status st;

	if (c->usm_error[0]) {
		si_error_set(err, NULL, 0, 0, "%s: %s", what, c->usm_error);
		return SRC_ERROR;
	}
	if (!c->sp) {	/* scripted: the answer was not a response */
		si_error_set(err, NULL, 0, 0, "%s: not a response PDU", what);
		return SRC_PROTOCOL_ERROR;
	}
	snmp_sess_error(c->sp, &liberr, &syserr, &msg);
	st = status_of_liberr(liberr);
	/* a report PDU (v3 USM) can leave the code 0 with the reason's text */
	if (st == SRC_ERROR && liberr == 0 && msg &&
	    (strstr(msg, "Unknown user name") ||
	     strstr(msg, "Authentication failure") ||
	     strstr(msg, "Decryption error") ||
	     strstr(msg, "Unsupported security level")))
		st = SRC_AUTH_FAILED;
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
	c->min_interval_ms = cfg->min_interval_ms;
	if (c->version == SNMP_VERSION_3)
		pthread_rwlock_wrlock(&usm_lock);
	for (int try = 0; try < 2 && !c->sp; try++) {
		int liberr = 0, syserr = 0;
		char *msg = NULL;

		if (try && strchr(t->address, ':'))
			break;
		tmpl.peername = peer_name(t, try, c->peer, sizeof(c->peer));
		c->sp = snmp_sess_open(&tmpl);
		if (c->sp)
			break;
		snmp_error(&tmpl, &syserr, &liberr, &msg);
		st = liberr == SNMPERR_BAD_ADDRESS ? SRC_UNREACHABLE
						   : status_of_liberr(liberr);
		if (try == 0 || st != SRC_UNREACHABLE)
			si_error_set(err, NULL, 0, 0, "cannot open an SNMP "
				     "session to %s: %s", c->peer,
				     msg ? msg : "unknown error");
		free(msg);
		if (st != SRC_UNREACHABLE)
			break;
	}
	if (c->version == SNMP_VERSION_3)
		pthread_rwlock_unlock(&usm_lock);
	session_template_free(&tmpl);
	if (c->sp) {
		if (status)
			*status = SRC_OK;
		return c;
	}
fail:
	free(c);
	if (status)
		*status = st;
	return NULL;
}

struct snmp_client *snmp_client_scripted(bool v1, snmp_answer_fn answer,
					 void *ctx)
{
	struct snmp_client *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	pthread_once(&snmp_once, snmp_lib_init);
	c->version = v1 ? SNMP_VERSION_1 : SNMP_VERSION_2c;
	c->version_text = v1 ? "1" : "2c";
	snprintf(c->peer, sizeof(c->peer), "scripted agent");
	c->answer = answer;
	c->answer_ctx = ctx;
	return c;
}

void snmp_client_close(struct snmp_client *c)
{
	if (!c)
		return;
	if (c->version == SNMP_VERSION_3)
		pthread_rwlock_wrlock(&usm_lock);
	if (c->sp)
		snmp_sess_close(c->sp);
	usm_release(c);
	if (c->version == SNMP_VERSION_3)
		pthread_rwlock_unlock(&usm_lock);
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

int snmp_vblist_push(struct snmp_vblist *l, const uint32_t *oid, size_t len,
		     enum snmp_vtype type, unsigned char asn_type, int64_t i,
		     uint64_t u, const char *s, size_t slen)
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
	vb->oid = malloc((len ? len : 1) * sizeof(uint32_t));
	if (!vb->oid)
		return -1;
	memcpy(vb->oid, oid, len * sizeof(uint32_t));
	vb->oid_len = len;
	vb->type = type;
	vb->asn_type = asn_type;
	vb->i = i;
	vb->u = u;
	if (s) {
		vb->s = malloc(slen + 1);
		if (!vb->s) {
			free(vb->oid);
			return -1;
		}
		memcpy(vb->s, s, slen);
		vb->s[slen] = '\0';
		vb->slen = slen;
	}
	l->bytes += len * sizeof(uint32_t) + slen + sizeof(*vb);
	l->n++;
	return 0;
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
	rc = sess_exchange(c, pdu, &resp);
	if (rc != STAT_SUCCESS) {
		st = rc == STAT_TIMEOUT ? SRC_TIMEOUT
					: sess_failure(c, "GET", err);
		if (rc == STAT_TIMEOUT)
			timeout_error(c, err);
	} else if (resp->errstat == SNMP_ERR_NOSUCHNAME &&
		   c->version == SNMP_VERSION_1 && n == 1) {
		/* v1 has no per-object exceptions: the object is absent */
		uint32_t o[MAX_OID_LEN];
		int len = snmp_oid_parse(oids[0], o, MAX_OID_LEN);

		if (snmp_vblist_push(out, o, (size_t)len, SV_ABSENT, 0x80, 0, 0,
				     NULL, 0) < 0)
			st = SRC_ERROR;
	} else if (resp->errstat == SNMP_ERR_NOSUCHNAME &&
		   c->version == SNMP_VERSION_1) {
		/* one missing object fails the whole v1 request: ask for
		 * each on its own */
		snmp_free_pdu(resp);
		resp = NULL;
		for (size_t i = 0; i < n && st == SRC_OK; i++)
			st = snmp_client_get(c, &oids[i], 1, out, err);
	} else if (resp->errstat != SNMP_ERR_NOERROR) {
		si_error_set(err, NULL, 0, 0, "GET: agent error %s",
			     snmp_errstring((int)resp->errstat));
		st = SRC_PROTOCOL_ERROR;
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

/* One column (subtree) of a walk. */
struct wcol {
	uint32_t root[MAX_OID_LEN];
	size_t rlen;
	uint32_t cur[MAX_OID_LEN];
	size_t clen;
	bool done;
	struct snmp_vblist *out;
};

/* Several columns walked together: each request carries one varbind per
 * unfinished column (up to maxcols), and asks for budget / columns
 * repetitions, so a table of n columns costs about rows * n / budget
 * round trips whatever its width. */
struct walk {
	struct snmp_client *c;
	struct wcol *cols;
	size_t n;
	long budget;	/* varbinds wanted per response */
	size_t maxcols;	/* columns per request */
	struct snmp_walk_limits lim;
	double start;
	size_t bytes;
	enum snmp_walk_end end;
};

static void walk_end(struct walk *w, enum snmp_walk_end e)
{
	if (w->end == WALK_DONE)
		w->end = e;
}

/* Takes one varbind for column k; false when the column is over. */
static bool take_vb(struct walk *w, struct wcol *k,
		    const netsnmp_variable_list *v, int *oom)
{
	size_t before;

	if (v->type == SNMP_ENDOFMIBVIEW || v->type == SNMP_NOSUCHOBJECT ||
	    v->type == SNMP_NOSUCHINSTANCE || !in_subtree(v, k->root, k->rlen))
		return false;
	if (v->name_length > MAX_OID_LEN ||
	    oid_cmp_vb(v, k->cur, k->clen) <= 0) {
		walk_end(w, WALK_LOOP);
		return false;
	}
	before = k->out->bytes;
	if (vb_add(k->out, v) < 0) {
		*oom = 1;
		return false;
	}
	w->bytes += k->out->bytes - before;
	for (size_t i = 0; i < v->name_length; i++)
		k->cur[i] = (uint32_t)v->name[i];
	k->clen = v->name_length;
	if (k->out->n >= w->lim.max_rows) {
		walk_end(w, WALK_ROWS_CAPPED);
		return false;
	}
	return true;
}

/* Fills act[] with the columns of the next request; returns how many. */
static size_t active_cols(const struct walk *w, size_t *act)
{
	size_t na = 0;

	for (size_t i = 0; i < w->n && na < w->maxcols; i++)
		if (!w->cols[i].done)
			act[na++] = i;
	return na;
}

/* A tooBig answer: fewer repetitions, then fewer columns per request. */
static int walk_too_big(struct walk *w, size_t na, enum src_status *st,
			struct si_error *err)
{
	if (w->budget > (long)na) {
		w->budget /= 2;
		if (w->budget < (long)na)
			w->budget = (long)na;
		return 1;
	}
	if (w->maxcols > 1) {
		w->maxcols = na / 2 ? na / 2 : 1;
		w->budget = (long)w->maxcols;
		return 1;
	}
	*st = SRC_PROTOCOL_ERROR;
	si_error_set(err, NULL, 0, 0, "walk: the agent answers tooBig even "
		     "to a single object");
	return -1;
}

static netsnmp_pdu *walk_request(struct walk *w, const size_t *act,
				 size_t na)
{
	bool v1 = w->c->version == SNMP_VERSION_1;
	netsnmp_pdu *pdu = snmp_pdu_create(v1 ? SNMP_MSG_GETNEXT
					       : SNMP_MSG_GETBULK);

	if (!pdu)
		return NULL;
	for (size_t i = 0; i < na; i++) {
		const struct wcol *k = &w->cols[act[i]];

		if (pdu_add_oid(pdu, k->cur, k->clen) < 0) {
			snmp_free_pdu(pdu);
			return NULL;
		}
	}
	if (!v1) {
		long rep = w->budget / (long)na;

		pdu->non_repeaters = 0;
		pdu->max_repetitions = rep > 0 ? rep : 1;
	}
	return pdu;
}

/* Files the varbinds of one response under their columns. */
static int walk_take(struct walk *w, netsnmp_pdu *resp, const size_t *act,
		     size_t na, enum src_status *st, struct si_error *err)
{
	bool stop[BULK_MAX_COLS];
	size_t k = 0;
	int oom = 0;

	memset(stop, 0, sizeof(stop));
	if (!resp->variables) {
		for (size_t i = 0; i < na; i++)
			w->cols[act[i]].done = true;
		return 0;
	}
	for (netsnmp_variable_list *v = resp->variables; v;
	     v = v->next_variable, k++) {
		size_t slot = k % na;
		struct wcol *col = &w->cols[act[slot]];

		if (stop[slot])
			continue;
		if (!take_vb(w, col, v, &oom)) {
			stop[slot] = true;
			col->done = true;
		}
		if (oom) {
			*st = SRC_ERROR;
			si_error_set(err, NULL, 0, 0, "out of memory");
			return -1;
		}
	}
	if (w->bytes >= w->lim.max_bytes) {
		walk_end(w, WALK_ROWS_CAPPED);
		return 0;
	}
	if (now_ms() - w->start > (double)w->lim.max_ms) {
		walk_end(w, WALK_TIME_CAPPED);
		return 0;
	}
	return 1;
}

/* One request; returns 1 to go on, 0 when the walk is over, -1 on failure
 * (st and err set). */
static int walk_step(struct walk *w, enum src_status *st,
		     struct si_error *err)
{
	size_t act[BULK_MAX_COLS], na = active_cols(w, act);
	netsnmp_pdu *pdu, *resp = NULL;
	int rc;

	if (na == 0)
		return 0;
	pdu = walk_request(w, act, na);
	if (!pdu) {
		*st = SRC_ERROR;
		si_error_set(err, NULL, 0, 0, "out of memory");
		return -1;
	}
	rc = sess_exchange(w->c, pdu, &resp);
	if (rc != STAT_SUCCESS) {
		*st = rc == STAT_TIMEOUT ? SRC_TIMEOUT
					 : sess_failure(w->c, "walk", err);
		if (rc == STAT_TIMEOUT)
			timeout_error(w->c, err);
		if (resp)
			snmp_free_pdu(resp);
		return -1;
	}
	if (resp->errstat == SNMP_ERR_TOOBIG) {
		snmp_free_pdu(resp);
		return walk_too_big(w, na, st, err);
	}
	if (resp->errstat == SNMP_ERR_NOSUCHNAME) {
		/* v1: the column named by errindex is past the end of view */
		long ei = resp->errindex;

		snmp_free_pdu(resp);
		if (ei >= 1 && (size_t)ei <= na)
			w->cols[act[ei - 1]].done = true;
		else
			for (size_t i = 0; i < na; i++)
				w->cols[act[i]].done = true;
		return 1;
	}
	if (resp->errstat != SNMP_ERR_NOERROR) {
		si_error_set(err, NULL, 0, 0, "walk: agent error %s",
			     snmp_errstring((int)resp->errstat));
		snmp_free_pdu(resp);
		*st = SRC_PROTOCOL_ERROR;
		return -1;
	}
	rc = walk_take(w, resp, act, na, st, err);
	snmp_free_pdu(resp);
	return rc;
}

enum src_status snmp_client_walk_columns(struct snmp_client *c,
					 const char *const *roots, size_t n,
					 const struct snmp_walk_limits *lim,
					 struct snmp_vblist *out,
					 enum snmp_walk_end *end,
					 struct si_error *err)
{
	struct walk w = {.c = c, .n = n, .budget = BULK_BUDGET,
			 .maxcols = BULK_MAX_COLS, .end = WALK_DONE};
	enum src_status st = SRC_OK;
	int rc;

	*end = WALK_DONE;
	if (n == 0)
		return SRC_OK;
	w.cols = calloc(n, sizeof(*w.cols));
	if (!w.cols) {
		si_error_set(err, NULL, 0, 0, "out of memory");
		return SRC_ERROR;
	}
	for (size_t i = 0; i < n; i++) {
		int len = snmp_oid_parse(roots[i], w.cols[i].root,
					 MAX_OID_LEN);

		if (len < 0) {
			free(w.cols);
			si_error_set(err, NULL, 0, 0, "bad OID '%s'", roots[i]);
			return SRC_ERROR;
		}
		w.cols[i].rlen = (size_t)len;
		memcpy(w.cols[i].cur, w.cols[i].root,
		       (size_t)len * sizeof(uint32_t));
		w.cols[i].clen = (size_t)len;
		w.cols[i].out = &out[i];
	}
	w.lim.max_rows = lim && lim->max_rows ? lim->max_rows : WALK_MAX_ROWS;
	w.lim.max_bytes = lim && lim->max_bytes ? lim->max_bytes
						: WALK_MAX_BYTES;
	w.lim.max_ms = lim && lim->max_ms ? lim->max_ms : WALK_MAX_MS;
	w.start = now_ms();
	while ((rc = walk_step(&w, &st, err)) > 0)
		;
	free(w.cols);
	*end = w.end;
	return rc < 0 ? st : SRC_OK;
}

enum src_status snmp_client_walk(struct snmp_client *c, const char *root,
				 const struct snmp_walk_limits *lim,
				 struct snmp_vblist *out,
				 enum snmp_walk_end *end,
				 struct si_error *err)
{
	return snmp_client_walk_columns(c, &root, 1, lim, out, end, err);
}
