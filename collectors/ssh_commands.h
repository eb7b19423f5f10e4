/* ssh_commands.h - which commands the ssh collector runs on which family
 * (collectors/ssh/commands.yaml), until vendor profiles replace it.
 *
 * A catalogue is loaded from YAML (errors carry file:line:column) and is
 * read-only afterwards, so one catalogue may serve several threads.  The
 * caller frees it with sshcmd_free(); everything returned points into it.
 */
#ifndef SWI_SSH_COMMANDS_H
#define SWI_SSH_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

enum sshcmd_shape { SHAPE_ANGLE, SHAPE_HASH, SHAPE__N };

struct sshcmd_family {
	char *name;
	enum sshcmd_shape shape;
	char *paging;		/* NULL: none */
	bool enable;
	char **exit;		/* NULL-terminated */
	char **commands;	/* NULL-terminated */
	size_t ncommands;
	void **match;		/* compiled patterns, NULL-terminated */
};

struct sshcmd_probe {
	char **paging;		/* NULL-terminated */
	char *version;
};

struct sshcmd_catalogue {
	struct sshcmd_family *families;
	size_t nfamilies;
	struct sshcmd_probe probe[SHAPE__N];
	void **errors;		/* compiled patterns, NULL-terminated */
};

struct sshcmd_catalogue *sshcmd_load(const char *path, struct si_error *err);
void sshcmd_free(struct sshcmd_catalogue *c);

/* The shape of a prompt: "<sw>" / "[sw]" angle, anything else hash. */
enum sshcmd_shape sshcmd_shape_of(const char *prompt);
/* The first family of that shape whose patterns match the version output;
 * NULL when none does. */
const struct sshcmd_family *sshcmd_detect(const struct sshcmd_catalogue *c,
					  enum sshcmd_shape shape,
					  const char *version_output);
/* Does the output (its first lines) say the device refused the command?
 * line gets the offending line (trimmed) when it does. */
bool sshcmd_is_error(const struct sshcmd_catalogue *c, const char *output,
		     char *line, size_t n);

#endif
