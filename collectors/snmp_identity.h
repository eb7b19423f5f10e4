/* snmp_identity.h - vendor, OS family, version and model of a device from
 * what its SNMP agent says (sysDescr, sysObjectID, ENTITY-MIB chassis).
 *
 * The knowledge is data: collectors/snmp/identity.yaml under the data
 * directory, loaded once per process (thread-safe).  Returned strings are
 * owned by the struct snmp_identity; snmp_identity_free() releases them. */
#ifndef SWI_SNMP_IDENTITY_H
#define SWI_SNMP_IDENTITY_H

struct si_error;

struct snmp_identity {
	char *vendor;
	char *family;
	char *version;
	char *model;
	const char *version_from;	/* "sysDescr" or NULL */
	const char *model_from;
};

/* Loads the identity rules from a file (for tests) or, with NULL, from the
 * data directory.  Called implicitly by snmp_identify(). */
int snmp_identity_load(const char *path, struct si_error *err);
/* descr and object_id may be NULL.  Returns -1 only when the rules cannot
 * be loaded (err says why). */
int snmp_identify(const char *descr, const char *object_id,
		  struct snmp_identity *id, struct si_error *err);
void snmp_identity_free(struct snmp_identity *id);

#endif
