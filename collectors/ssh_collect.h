/* ssh_collect.h - the ssh collector: connect (ssh_transport.h), open an
 * interactive CLI (ssh_cli.h) or exec channels, recognise the family from
 * the first prompt and the version banner, run the family's commands
 * (ssh_commands.h), store each output redacted (redact_config.h) under
 * OUT/devices/<name>/raw/, and record sources.ssh in the facts:
 * {status, error, elapsed_ms, profile, failed[], absent[], transport {port,
 * legacy_algorithms}}.  Parsing outputs into facts is the profiles' job.
 *
 * ssh_collector is the entry of the collectors table; it is wanted when
 * the device's ssh section is enabled.
 */
#ifndef SWI_SSH_COLLECT_H
#define SWI_SSH_COLLECT_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "collector.h"

extern const struct collector ssh_collector;

/* The file name a command's output is stored under: "show running-config"
 * -> "show_running-config.txt" (letters, digits, '.', '-', '_' kept, every
 * other byte '_'; at most 100 characters before ".txt"). */
void ssh_raw_name(const char *cmd, char *buf, size_t n);

/* Appends {what, status, error} (error only when MSG is not empty) to
 * FAILED, the sources.<collector>.failed array of the SSH collector and the
 * local CLI.  Out of memory: nothing is added. */
void cli_add_failed(cJSON *failed, const char *what, enum src_status st,
		    const char *msg);

/* The outputs of a CLI session through the profile into FACTS (src
 * "SOURCE:<command>"); each located problem is a warning and no memory an
 * error, logged under the subsystem SOURCE ("ssh", "cli") as "DEVICE: ...".
 * Returns what profile_apply() returns (fields written, -1 on no memory);
 * 0 with nothing to apply. */
struct profile;
struct profile_output;
int cli_apply_profile(const struct profile *p,
		      const struct profile_output *outs, size_t n,
		      const char *source, const char *device, cJSON *facts);

/* TEXT redacted into RAW_DIR/<ssh_raw_name(CMD)> ("-2", "-3" ... when FILES,
 * the names used so far, has it), the name added to FILES; the name, or
 * NULL (no RAW_DIR, or logged under SUBSYS: DEVICE: why). */
const char *cli_raw_store(const char *raw_dir, cJSON *files, const char *subsys,
			  const char *device, const char *cmd, const char *text,
			  size_t len);

#endif
