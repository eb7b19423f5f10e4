/* merge.h - one facts document from several sources (doc/profiles.md:
 * provenance and merging).
 *
 * A device reached over SNMP and SSH gets one facts document: entries of a
 * list are the same object when their names are equal after normalisation
 * (interfaces also through the vendors' abbreviations) or their entity /
 * index are equal; each field is written once, from the more precise
 * source, and the value not kept stays as evidence in the entry's src as
 * "<kept source> (also <other source>: <value>)".
 *
 * The functions work on the caller's cJSON tree and take ownership of the
 * values they are given.
 */
#ifndef SWI_MERGE_H
#define SWI_MERGE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

#include "fact_targets.h"

/* The name as compared: lower case, blanks collapsed; with interface,
 * the type prefix spelled out ("Gi1/0/1", "GE1/0/1" ->
 * "gigabitethernet1/0/1").  Caller frees; NULL on no memory. */
char *merge_norm_name(const char *name, bool interface);
bool merge_same_name(const char *a, const char *b, bool interface);

/* The entry of list whose key field (name, port, id) equals key after
 * normalisation, or whose entity (or index) equals entity (> 0); NULL. */
cJSON *merge_find(const cJSON *list, const char *keyfield, const char *key,
		  bool interface, double entity);

/* The same lookups through a hash index of a list, for long lists (a
 * chassis with thousands of interfaces): built once, entries added as
 * they are created.  The index borrows the list's entries. */
struct merge_index;

struct merge_index *merge_index_new(const cJSON *list, const char *keyfield,
				    bool interface);
cJSON *merge_index_find(const struct merge_index *ix, const char *key,
			double entity);
/* Indexes an entry (by its key field and entity / index); -1 on no
 * memory. */
int merge_index_add(struct merge_index *ix, cJSON *entry);
void merge_index_free(struct merge_index *ix);

enum merge_result {
	MERGE_NOMEM = -1,
	MERGE_KEPT,	/* the value there stays; val noted as evidence */
	MERGE_SAME,	/* same source already gave it: val dropped */
	MERGE_WRITTEN,	/* val written (new, or it replaced the other) */
};

/* Writes val (taken) as obj[key] with src obj.src[key] = src, deciding
 * against a value another source wrote (prec: the field's precision).
 * append: a list field of the same source gets val's new elements. */
enum merge_result merge_field(cJSON *obj, const char *key, cJSON *val,
			      const char *src, enum precision prec,
			      bool append);

/* Pairs the entries of list (a facts list at path: fans, power supplies,
 * temperatures) that `source` alone wrote with those another source
 * (SNMP) wrote, by where they sit: their `slot` and `position` (bay), each
 * side's bays counted from its base (our_base, their_base: 0 or 1).  Only
 * when both sides list the same set of places: one entry each at a place
 * are one object (ours poured into theirs, evidence kept); one entry on
 * one side and several on the other is a container and its parts (a fan
 * tray and its fans: the parts stay, noting the container, which goes
 * unless its status is worse); otherwise nothing is paired and the
 * entries say so in their src.  The number of pairs, or -1 on no memory. */
int merge_positions(cJSON *list, const char *path, const char *source,
		    int our_base, int their_base);

/* The collector part of a src ("snmp" of "snmp:1.3.6..."), into buf. */
const char *merge_src_collector(const char *src, char *buf, size_t n);

/* ---- a whole document ------------------------------------------------------ */

/* How merge_document treats lists where `into` already holds another
 * source's entries (the NOS's own view of the same hardware). */
struct merge_doc_opts {
	/* Lists (dotted paths) where an entry of `from` that matches none of
	 * the other source's is left out: the other source's list is the
	 * list (NULL-terminated; may be NULL). */
	const char *const *yield_lists;
	/* Lists where, for an entry that matched another source's, the
	 * fields of SNMP precision (counters, rates, speeds, indexes, MACs)
	 * of `from` are not used (NULL-terminated; may be NULL). */
	const char *const *yield_counters;
	/* Names are compared without the vendors' interface abbreviations
	 * (Linux names are exact: "eth0" is not SONiC's "Ethernet0"). */
	bool plain_names;
	/* Gets one line per list where entries were left out (may be
	 * NULL): "<path>: N entries of <collector> not listed (...)". */
	cJSON *notes;
};

/* Merges the facts document `from` (one collector's: values with their
 * src maps) into `into` through merge_field and the list lookups above,
 * object by object and entry by entry, so that nothing is listed twice.
 * An entry of `from` may carry "_alias" (another name it is known by, e.g.
 * a hwmon channel's kernel label); keys starting with '_' are never
 * copied.  Entries are matched by name only (indexes are the collector's
 * own numbering).  Returns 0, or -1 on no memory. */
int merge_document(cJSON *into, const cJSON *from,
		   const struct merge_doc_opts *o);

#endif
