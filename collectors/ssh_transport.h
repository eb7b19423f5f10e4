/* ssh_transport.h - the libssh side of the SSH collector.
 *
 * sshtr_open() connects (directly or through a jump host), verifies the
 * host key against a known_hosts file and authenticates; each step is
 * bounded by connect_ms and by the device's deadline, and every outcome is
 * a source status (model.h) with a message that says what to do:
 *
 *   known_hosts result      status
 *   OK                      ok
 *   UNKNOWN / NOT_FOUND     host_key_unknown (nothing is sent to the
 *                           device), or ok with the key recorded when
 *                           accept_new is set
 *   CHANGED / OTHER         host_key_mismatch, always, with the SHA-256
 *                           fingerprints of the offered and the recorded key
 *   ERROR                   error
 *
 * Algorithms: modern ones only, unless the device is allowed legacy ones
 * (legacy = "all" or a comma-separated list of names); then the connection
 * is retried adding, for the negotiation step that failed, exactly the
 * legacy algorithms the device offers, and sshtr_legacy_used() names them.
 *
 * After sshtr_shell(), sshtr_io (ctx: the struct sshtr) is the byte stream
 * of an interactive shell for ssh_cli.h.  sshtr_exec() runs one command on
 * an exec channel instead.  Ownership: struct sshtr owns its libssh
 * objects; the options' strings are borrowed and must outlive it.
 */
#ifndef SWI_SSH_TRANSPORT_H
#define SWI_SSH_TRANSPORT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "model.h"
#include "ssh_cli.h"

struct sshtr_hop {
	const char *host;
	int port;
	const char *user;
	const char *password;	/* may be NULL */
	const char *key_file;	/* may be NULL */
	bool use_agent;
};

struct sshtr_opts {
	struct sshtr_hop dev;
	const struct sshtr_hop *jump;	/* NULL: direct */
	const char *known_hosts;	/* NULL: ~/.ssh/known_hosts */
	bool accept_new;
	const char *legacy;		/* NULL, "all" or "name,name" */
	long connect_ms;		/* each connect / auth step */
	long deadline_ms;		/* the whole device (monotonic); 0 none */
	int term_width, term_height;	/* the pty asked for */
};

struct sshtr;

/* Known legacy algorithm names (NULL-terminated), for validation and the
 * documentation. */
extern const char *const sshtr_legacy_names[];

enum src_status sshtr_open(const struct sshtr_opts *o, struct sshtr **out,
			   struct si_error *err);
/* A pty (when the server allows one) and a shell on a session channel. */
enum src_status sshtr_shell(struct sshtr *t, struct si_error *err);
extern const struct sshcli_io sshtr_io;
/* One command on its own exec channel: stdout and stderr merged into *out
 * (caller frees), at most max bytes, idle_ms of silence and deadline_ms
 * (monotonic) allowed.  *exit_status: the command's, or -1. */
enum src_status sshtr_exec(struct sshtr *t, const char *cmd, long idle_ms,
			   long deadline_ms, size_t max, char **out,
			   size_t *len, int *exit_status,
			   struct si_error *err);
/* Legacy algorithms this connection needed (may be 0). */
size_t sshtr_legacy_used(const struct sshtr *t, const char *const **names);
/* Set when accept_new recorded the device's key: its fingerprint. */
const char *sshtr_recorded_key(const struct sshtr *t);
void sshtr_close(struct sshtr *t);

/* Is each name of a comma-separated list a known legacy algorithm?  The
 * first unknown one goes to err. */
int sshtr_legacy_check(const char *list, struct si_error *err);

#endif
