/* snmp.h - an SNMP client for inspections: sessions, GETs and bounded walks.
 *
 * Built on Net-SNMP's single-session API (snmp_sess_*), so each device's
 * session is independent and the client is safe to use from several threads,
 * one session per thread.  OIDs are numeric; no MIB file is read at run time
 * and no persistent state is written.
 *
 * Ownership: a struct snmp_vblist owns its varbinds; snmp_vblist_free()
 * releases them.  Errors map onto the source statuses of model.h.
 */
#ifndef SWI_SNMP_H
#define SWI_SNMP_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct si_error;
struct target;
struct snmp_client;

enum snmp_vtype {
	SV_INT,		/* INTEGER */
	SV_UINT,	/* Counter32, Gauge32, TimeTicks, Counter64 */
	SV_STR,		/* OCTET STRING (bytes, NUL-terminated copy) */
	SV_OID,		/* OBJECT IDENTIFIER, as dotted text */
	SV_IPADDR,	/* IpAddress, as dotted text */
	SV_NULL,	/* NULL or an unsupported type */
	SV_ABSENT,	/* noSuchObject / noSuchInstance / endOfMibView */
};

struct snmp_vb {
	uint32_t *oid;
	size_t oid_len;
	enum snmp_vtype type;
	unsigned char asn_type;	/* the wire type, for diagnostics */
	int64_t i;
	uint64_t u;
	char *s;	/* SV_STR, SV_OID, SV_IPADDR */
	size_t slen;
};

struct snmp_vblist {
	struct snmp_vb *v;
	size_t n;
	size_t cap;
	size_t bytes;	/* payload held, for the walk bound */
};

/* Bounds of one walk; zero fields take the defaults (10,000 rows... see
 * snmp.c).  A walk that hits a bound stops and says so. */
struct snmp_walk_limits {
	size_t max_rows;
	size_t max_bytes;
	long max_ms;
};

enum snmp_walk_end {
	WALK_DONE,		/* left the subtree or end of MIB view */
	WALK_ROWS_CAPPED,	/* hit max_rows or max_bytes */
	WALK_TIME_CAPPED,	/* hit max_ms */
	WALK_LOOP,		/* the agent returned a non-increasing OID */
};

/* Opens a session to t (its snmp settings).  Returns NULL with the reason;
 * *status (if not NULL) gets the source status for it. */
struct snmp_client *snmp_client_open(const struct target *t,
				     enum src_status *status,
				     struct si_error *err);
void snmp_client_close(struct snmp_client *c);

/* A client whose requests go to answer() instead of an agent over the
 * network (tests and the fuzz target fuzz/fuzz_snmp.c).  answer gets each
 * request (a Net-SNMP netsnmp_pdu: GET, GETNEXT or GETBULK) and returns the
 * response PDU, which the client frees, or NULL for no answer (a timeout).
 * Everything after the exchange (the checks of the answer, the walks' loop
 * and bound detection, the conversion of every value) is the code a live
 * agent's answers go through.  SNMPv1 (v1) or v2c. */
struct snmp_pdu;	/* netsnmp_pdu */
typedef struct snmp_pdu *(*snmp_answer_fn)(void *ctx,
					   const struct snmp_pdu *request);
struct snmp_client *snmp_client_scripted(bool v1, snmp_answer_fn answer,
					 void *ctx);
/* "2c", "1" or "3". */
const char *snmp_client_version(const struct snmp_client *c);

/* GET of n numeric OIDs (text form).  Absent objects come back as
 * SV_ABSENT.  Returns SRC_OK or the failure status (timeout,
 * auth_failed, protocol_error, error) with err filled. */
enum src_status snmp_client_get(struct snmp_client *c,
				const char *const *oids, size_t n,
				struct snmp_vblist *out,
				struct si_error *err);
/* Walks the subtree under root with GETBULK (GETNEXT for v1), halving
 * max-repetitions on tooBig.  Rows found before a failure are kept. */
enum src_status snmp_client_walk(struct snmp_client *c, const char *root,
				 const struct snmp_walk_limits *lim,
				 struct snmp_vblist *out,
				 enum snmp_walk_end *end,
				 struct si_error *err);

/* Walks n subtrees (the columns of a table) together: each GETBULK carries
 * one varbind per unfinished column.  out[i] (n lists, zero-initialised by
 * the caller) gets the varbinds of roots[i].  The limits bound each column's
 * rows, and the bytes and time of the whole walk. */
enum src_status snmp_client_walk_columns(struct snmp_client *c,
					 const char *const *roots, size_t n,
					 const struct snmp_walk_limits *lim,
					 struct snmp_vblist *out,
					 enum snmp_walk_end *end,
					 struct si_error *err);

/* The flag every wait for an answer looks at (every 200 ms): when it is
 * set, the request is abandoned as an error.  Process-wide; the agent sets
 * it once, before any session opens. */
void snmp_set_cancel_flag(volatile sig_atomic_t *flag);

void snmp_vblist_free(struct snmp_vblist *l);
/* Appends a varbind (copies oid and s); -1 on no memory.  For agents that
 * are not Net-SNMP sessions (recordings in tests). */
int snmp_vblist_push(struct snmp_vblist *l, const uint32_t *oid, size_t len,
		     enum snmp_vtype type, unsigned char asn_type, int64_t i,
		     uint64_t u, const char *s, size_t slen);

/* Text OID to numbers; returns the length, or -1 when not a numeric OID. */
int snmp_oid_parse(const char *text, uint32_t *oid, size_t max);
/* Dotted text of an OID into buf; returns buf. */
char *snmp_oid_format(const uint32_t *oid, size_t len, char *buf,
		      size_t n);
/* If vb's OID is prefix.<index...>, writes the index text ("1" or
 * "1.2") into buf and returns true. */
bool snmp_vb_index(const struct snmp_vb *vb, const uint32_t *prefix,
		   size_t plen, char *buf, size_t n);

#endif
