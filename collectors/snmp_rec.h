/* snmp_rec.h - an SNMP agent made of a recording (snmpsim's .snmprec
 * format: one "OID|TYPE|VALUE" per line), answering GETs and walks from
 * memory.  For unit tests of the MIB maps and the collector without a
 * network, and for replaying a customer's walk.
 *
 * Ownership: snmp_rec_load() returns a recording the caller frees with
 * snmp_rec_free(); snmp_rec_agent() fills a struct snmp_agent that borrows
 * it.  A recording is read-only once loaded and may be shared by threads.
 */
#ifndef SWI_SNMP_REC_H
#define SWI_SNMP_REC_H

#include <stddef.h>

struct si_error;
struct snmp_agent;
struct snmp_rec;

struct snmp_rec *snmp_rec_load(const char *path, struct si_error *err);
/* From text in memory (name for messages). */
struct snmp_rec *snmp_rec_parse(const char *name, const char *text,
				size_t len, struct si_error *err);
void snmp_rec_free(struct snmp_rec *r);
size_t snmp_rec_count(const struct snmp_rec *r);
void snmp_rec_agent(struct snmp_agent *a, struct snmp_rec *r);

#endif
