/* settings.h - the configuration file: extra rule packs, profile and
 * template directories, default concurrency and timeouts, and per-site
 * threshold overrides.
 *
 * Looked up as --config FILE, else ~/.config/swinspect/config.yaml, else
 * /etc/swinspect/config.yaml; none is fine (an empty configuration).  Every
 * mistake is reported with file:line:column.  The struct owns its strings.
 */
#ifndef SWI_SETTINGS_H
#define SWI_SETTINGS_H

#include <stddef.h>

struct si_diags;

struct config_param {
	char *pack;	/* NULL: every pack that declares it */
	char *name;
	double value;
	int line;
	int col;
};

struct config {
	char *file;	/* NULL when no file was found */
	char **templates;
	size_t ntemplates;
	char **rules;
	size_t nrules;
	char **profiles;
	size_t nprofiles;
	int jobs;		/* 0: not set */
	int device_timeout_s;	/* 0: not set */
	struct config_param *params;
	size_t nparams;
	char *checklist;	/* the site checklist file, or NULL */
};

/* NULL on errors (all of them in diags). */
struct config *config_load(const char *path, struct si_diags *diags);
void config_free(struct config *c);

#endif
