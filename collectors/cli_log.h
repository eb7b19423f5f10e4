/* cli_log.h - what a customer hands over, split into (device, command,
 * output) items for `swinspect import` (doc/import.md).
 *
 * Three shapes of input are understood, per file:
 *   - session logs: each command after the device's prompt (`<HOST>cmd`,
 *     `[HOST]cmd`, `host#cmd`, `host>cmd`, `user@host> cmd`,
 *     `user@host:~$ cmd`); the hostname of the prompt names the device, and
 *     a new hostname (a hop to another switch) starts another device;
 *   - separated dumps: `----command----`, `==== command ====` lines, or a
 *     line of dashes followed by the command on its own line (the Huawei /
 *     H3C diagnostic dump);
 *   - one output per file: the command from the file name
 *     (`show_version.txt`, `sw1-display_fan.log`) or from a prompt on the
 *     first line.
 * A folder is one device: its files' items together, named after the
 * folder (session logs inside it still name their own devices).
 *
 * Every text goes through the terminal clean-up of the SSH collector
 * (CR LF, backspace and ANSI overwrites, NULs) and loses its pager
 * remnants (`---- More ----`, `--More--`, `<--- More --->`, ...).
 * Commands are kept as written (white space collapsed); cli_expand() maps
 * an abbreviation (`dis ver`, `sh env all`) onto a known command.
 *
 * Pure C, no network, no profile engine.  Everything in a struct cli_log is
 * owned by it and freed by cli_log_free().
 */
#ifndef SWI_CLI_LOG_H
#define SWI_CLI_LOG_H

#include <stdbool.h>
#include <stddef.h>

struct si_error;
struct si_diags;

#define CLI_LOG_FILE_MAX (256u << 20)	/* bytes read from one file */

enum cli_prompt_kind {
	CLI_PROMPT_NONE,	/* no prompt seen (separated or per-command files) */
	CLI_PROMPT_HASH,	/* host#, host>, host(config)# */
	CLI_PROMPT_ANGLE,	/* <host>, [host], [~host-vlan10] */
	CLI_PROMPT_JUNOS,	/* user@host>, user@host# */
	CLI_PROMPT_SHELL,	/* user@host:~$, root@host:/# */
};

struct cli_item {
	char *command;		/* as written, white space collapsed */
	char *output;		/* cleaned, without echo and prompt */
	size_t len;
	char *file;		/* where it was read */
	int line;		/* line of the command there (1-based; 0: file name) */
};

struct cli_device {
	char *name;		/* hostname from the prompt, or NULL */
	char *prompt;		/* the first prompt seen ("<HUAWEI>"), or NULL */
	enum cli_prompt_kind kind;
	char *origin;		/* the file or folder it came from */
	struct cli_item *items;
	size_t n, cap;
};

struct cli_log {
	struct cli_device *devs;
	size_t n, cap;
};

/* Splits one file's text (any bytes, NUL-free or not) and appends its
 * devices to log.  source: the file name, for locations and for a command
 * in the file name.  known: NULL-terminated commands (the profiles'), used
 * to recognise a bare command line; may be NULL.  Items of a hostname
 * already in log join that device.  Returns the number of items found
 * (0: nothing recognisable, err says why), or -1 on no memory. */
int cli_log_split(struct cli_log *log, const char *text, size_t len,
		  const char *source, const char *const *known,
		  struct si_error *err);

/* Reads a file or a folder (its regular files, sorted, not recursing) into
 * log.  Every unreadable or unrecognisable file is one located error in
 * diags.  Returns the number of items found, or -1 when something failed
 * (diags says what). */
int cli_log_read(struct cli_log *log, const char *path,
		 const char *const *known, struct si_diags *diags);

void cli_log_free(struct cli_log *log);

/* The known command an abbreviation stands for: same number of words,
 * each word of cmd a prefix of the known command's word (case-insensitive),
 * and only one known command fitting (when several fit, the one with the
 * most words written in full, if that is unique).  Returns the known
 * entry, or NULL. */
const char *cli_expand(const char *cmd, const char *const *known, size_t n);

/* Does this look like a command (first word a CLI verb: show, display,
 * dir, ... or their abbreviations; or an expansion of a known one)? */
bool cli_is_command(const char *cmd, const char *const *known);

/* Parses a prompt at the start of a cleaned line: the hostname (into host)
 * and where the command starts.  Exposed for tests. */
bool cli_prompt_parse(const char *line, enum cli_prompt_kind *kind,
		      char *host, size_t hostn, const char **cmd);

/* Removes pager remnants from one cleaned line in place; returns true when
 * the line held nothing else (to be dropped). */
bool cli_strip_pager(char *line);

#endif
