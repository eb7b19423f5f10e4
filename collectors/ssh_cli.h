/* ssh_cli.h - an interactive switch CLI over any byte stream.
 *
 * The session logic knows nothing of SSH: it talks to a struct sshcli_io
 * (send, read with a deadline, close), so unit tests feed it recorded byte
 * streams and the collector feeds it a libssh shell channel
 * (ssh_transport.h).  It learns the prompt from the first prompt the
 * device prints, runs one command at a time, answers pagers ("--More--",
 * "---- More ----", ...), removes the echo, backspaces, carriage-return
 * overwrites and ANSI sequences, and returns each command's output whole,
 * or a source status (model.h) that says precisely why not:
 *
 *   timeout         no byte for idle_ms, or a command/session deadline
 *                   passed (the message says which and after how much)
 *   closed          the device closed the session (mid-output or not)
 *   protocol_error  no prompt recognised, a pager that never ends, an
 *                   output over the size cap
 *   not_inspected   the run was cancelled (SIGINT)
 *   error           the transport failed otherwise
 *
 * After any of these but a recovered per-command timeout the session is
 * unusable (sshcli_alive() is false).  Ownership: struct sshcli owns its
 * buffers, not the io context; returned outputs belong to the caller.
 */
#ifndef SWI_SSH_CLI_H
#define SWI_SSH_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "model.h"

#define SSHCLI_EOF (-2)

/* Pagers answered in one output before it is an endless pager: 5,000
 * pages of 24 lines are 120,000 lines, more than any switch's
 * configuration; the pager is only answered where paging cannot be
 * turned off. */
#define SSHCLI_MAX_PAGES 5000u

struct sshcli_io {
	/* Sends len bytes: 0, or -1 with err filled. */
	int (*send)(void *ctx, const char *data, size_t len,
		    struct si_error *err);
	/* Waits until deadline_ms (monotonic, collect_now_ms()) for bytes:
	 * their count (> 0), 0 when the deadline passed, SSHCLI_EOF when
	 * the peer closed the stream, -1 on an error (err filled). */
	long (*read)(void *ctx, char *buf, size_t n, long deadline_ms,
		     struct si_error *err);
};

struct sshcli_opts {
	long idle_ms;		/* silence allowed inside an output */
	long command_ms;	/* time allowed for one command */
	long start_ms;		/* time allowed for the first prompt */
	long deadline_ms;	/* the whole session (monotonic); 0: none */
	size_t max_output;	/* bytes of one command's output */
	unsigned max_pages;	/* pagers answered in one command's output */
	long settle_ms;		/* quiet that confirms a prompt */
	volatile sig_atomic_t *cancel;
};

/* Defaults: idle 30 s, command 300 s, start 30 s, 16 MiB, 5,000 pages,
 * settle 15 ms. */
void sshcli_opts_default(struct sshcli_opts *o);

struct sshcli_cmd_stats {
	long elapsed_ms;
	size_t raw_bytes;	/* bytes received for the command */
	unsigned pages;		/* pager prompts answered */
	bool echo_seen;
};

struct sshcli;

struct sshcli *sshcli_new(const struct sshcli_io *io, void *ctx,
			  const struct sshcli_opts *o);
void sshcli_free(struct sshcli *c);

/* Waits for the first prompt, answering the usual log-in questions
 * (password-change offers, "press any key"); learns it and confirms it
 * with an empty line. */
enum src_status sshcli_start(struct sshcli *c, struct si_error *err);

/* Runs one command.  *out (caller frees) gets its output without the
 * echo and the final prompt, lines ending in "\n"; set even on failure
 * (what arrived so far) unless out of memory.  st may be NULL. */
enum src_status sshcli_run(struct sshcli *c, const char *cmd, char **out,
			   size_t *out_len, struct sshcli_cmd_stats *st,
			   struct si_error *err);

/* Privileged mode: "enable", answering "Password:" with secret (may be
 * NULL).  SRC_OK when the prompt ends in '#' afterwards, SRC_AUTH_FAILED
 * when the password was refused or none was configured. */
enum src_status sshcli_enable(struct sshcli *c, const char *secret,
			      struct si_error *err);

/* Sends the first of cmds (NULL-terminated, e.g. "exit", "quit") and
 * waits briefly for the device to close the stream. */
void sshcli_exit(struct sshcli *c, const char *const *cmds);

bool sshcli_alive(const struct sshcli *c);
/* The time allowed for each following command (a profile's timeout_ms);
 * returns the previous value. */
long sshcli_set_command_ms(struct sshcli *c, long ms);
/* The learned prompt ("acc-2960x-01#", "<HUAWEI>"), the host name part
 * of it, and everything printed before the first prompt. */
const char *sshcli_prompt(const struct sshcli *c);
const char *sshcli_hostname(const struct sshcli *c);
const char *sshcli_banner(const struct sshcli *c);

/* Terminal clean-up of raw device bytes: CR LF to LF, carriage-return
 * and backspace overwrites, ANSI/VT100 sequences, NULs and other control
 * characters (tab kept).  Trailing spaces are removed only from lines that
 * were overwritten.  Returns a new string (caller frees); NULL on no
 * memory. */
char *sshcli_clean(const char *raw, size_t len, size_t *out_len);

/* Is line (already cleaned, trailing space trimmed) a prompt of the
 * shapes switches use?  Exposed for tests. */
bool sshcli_looks_like_prompt(const char *line);

#endif
