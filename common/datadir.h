/* datadir.h - where rule packs, profiles, templates and MIB maps live.
 *
 * In order: $SWINSPECT_DATADIR; the source tree, when the running program
 * is the one in the build tree (so ./swinspect works without installing);
 * else $(pkgdatadir).  Sub-paths are the same in all three
 * ("rules/packs", "common/schema", ...). */
#ifndef SWI_DATADIR_H
#define SWI_DATADIR_H

/* The data root; a static string, valid for the whole run. */
const char *datadir(void);
/* datadir()/rel, caller frees; NULL on no memory. */
char *datadir_path(const char *rel);

#endif
