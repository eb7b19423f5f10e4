/* import.h - `swinspect import`: a bundle from CLI outputs a customer hands
 * over, with no network (doc/import.md).
 *
 * The inputs are split by collectors/cli_log.c into devices and commands;
 * each device's profile is recognised from its version output and prompt
 * (or named with --profile), its outputs become facts through the profile
 * engine (profile_apply, source "import"), and the bundle is written as
 * `swinspect collect` writes it: OUT/inspection.json,
 * OUT/devices/<name>/facts.json and raw/<command>.txt (redacted), so that
 * `check` and `report` work on it.  Nothing is written when an input
 * cannot be read or split; each device folder is staged and renamed into
 * place whole.
 */
#ifndef SWI_IMPORT_H
#define SWI_IMPORT_H

#include <stddef.h>

struct import_opts {
	const char *out;
	const char *profile;	/* --profile: every device is this one */
	const char *name;	/* --name: the device's name (one device) */
	const char *site;	/* --site: device.site and inspection.site */
	const char *const *inputs;	/* files and folders */
	size_t ninputs;
};

/* Returns an exit status (common/model.h): 0 every device recognised,
 * 2 some device not recognised (kept, without facts), 64 usage, 65 an
 * input unreadable or holding no command, 70 internal error. */
int import_run(const struct import_opts *o);

/* `swinspect import ARGS...` (argv[0] is "import"): options, then
 * import_run(). */
int import_cli(int argc, char **argv);

#endif
