/* local_cli.h - the `cli` collector: on a box whose network OS has a CLI
 * (SONiC's `show`), the NOS profile's commands (profile.h) run on the box
 * itself as subprocesses: no SSH, no shell.  Each command line is split
 * into words (a command with shell syntax is refused), the program is
 * looked up on PATH and run with fork/exec, stdin from /dev/null, in its
 * own process group, under a time limit (the whole group is killed when it
 * runs out); stdout is captured up to a size cap, stderr up to a smaller
 * one and kept as evidence only.  The outputs go through profile_apply()
 * with the source "cli", exactly as the SSH collector's do, into the facts
 * the other collectors already wrote.  Evidence: raw/<command>.txt
 * (redacted) and raw/cli.json (per command: argv, status, exit status,
 * bytes, time, stderr).  See doc/local.md.
 *
 * Wanted on --local runs only; without a NOS CLI its source is `skipped`
 * with the reason (target_local.why_no_cli).
 */
#ifndef SWI_LOCAL_CLI_H
#define SWI_LOCAL_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "collector.h"

extern const struct collector local_cli_collector;

/* ---- the runner (exposed for tests) ------------------------------------ */

/* Splits a profile command into words (blanks separate them).  A command
 * with shell syntax (quotes, pipes, redirections, variables, globs, ';',
 * '&', '(', ')', '`', '\\', '~' or a control character) is refused: -1.
 * Otherwise the number of words (>= 1), *argv a NULL-terminated vector
 * the caller frees with local_cli_free_argv(). */
int local_cli_split(const char *cmd, char ***argv);
void local_cli_free_argv(char **argv);

/* The program's full path: name itself when it holds a '/', else the
 * first executable regular file `name` in the PATH directories (path may
 * be NULL: getenv("PATH")).  0, or -1 when there is none. */
int local_cli_which(const char *name, const char *path, char *buf, size_t n);

enum lcli_end {
	LCLI_EXITED,	/* exit_code says how */
	LCLI_SIGNALLED,	/* signo */
	LCLI_TIMEOUT,	/* the time limit ran out: the group was killed */
	LCLI_TOO_BIG,	/* stdout over the cap: the group was killed */
	LCLI_NOT_FOUND,	/* the program is not there (exec_errno) */
	LCLI_CANCELLED,	/* the run was interrupted: the group was killed */
	LCLI_ERROR,	/* fork/pipe failed (exec_errno) */
};

struct lcli_result {
	enum lcli_end end;
	int exit_code, signo, exec_errno;
	char *out;	/* stdout (NUL-terminated), caller frees */
	size_t len;
	char *err;	/* stderr, up to its cap */
	size_t errlen;
	long elapsed_ms;
};

/* Runs argv (argv[0] a path, as local_cli_which gives) with the limits;
 * fills r (free with local_cli_result_free).  Never waits past
 * timeout_ms (plus the moment a killed group takes to be reaped). */
void local_cli_exec(char *const argv[], long timeout_ms, size_t max_out,
		    size_t max_err, volatile sig_atomic_t *cancel,
		    struct lcli_result *r);
void local_cli_result_free(struct lcli_result *r);

#endif
