/* error.h - errors that say where they come from.
 *
 * Functions return 0 (or a pointer) on success and a negative value (or
 * NULL) on failure, after filling a caller-owned struct si_error.  Input
 * errors carry file, line and column (1-based; 0 when unknown) so every
 * message can point at the text that caused it.  A list of errors
 * (struct si_diags) lets a loader go on and report every mistake at once.
 */
#ifndef SWI_ERROR_H
#define SWI_ERROR_H

#include <stddef.h>
#include <stdio.h>

#define SI_ERROR_MSG_MAX 1024
#define SI_ERROR_FILE_MAX 512

/* What kind of failure, where the caller's answer depends on it (the
 * exit status: an output that could not be written is 73, not 70). */
enum si_error_kind {
	SI_ERR_OTHER = 0,
	SI_ERR_WRITE,	/* an output file or folder could not be written */
};

struct si_error {
	char file[SI_ERROR_FILE_MAX];
	int line;
	int col;
	char msg[SI_ERROR_MSG_MAX];
	enum si_error_kind kind;	/* si_error_set() resets it */
};

void si_error_clear(struct si_error *e);
/* Sets e (if not NULL); file may be NULL.  Always returns -1. */
int si_error_set(struct si_error *e, const char *file, int line, int col,
		 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Prepends context to the message: "context: old message". */
void si_error_prefix(struct si_error *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* "file:line:column: message", "file:line: message", "file: message" or
 * "message", whichever the location allows.  Returns buf. */
const char *si_error_str(const struct si_error *e, char *buf, size_t n);

struct si_diags {
	struct si_error *v;
	size_t n;
	size_t cap;
	size_t lost;	/* messages that could not be kept (no memory) */
};

/* Appends a copy of e; returns -1 on allocation failure (counted in
 * lost: a caller that finds no message says "out of memory"). */
int si_diags_add(struct si_diags *d, const struct si_error *e);
int si_diags_addf(struct si_diags *d, const char *file, int line, int col,
		  const char *fmt, ...) __attribute__((format(printf, 5, 6)));
void si_diags_free(struct si_diags *d);
/* Prints each as si_error_str() does, one a line, then "out of memory"
 * when some were lost. */
void si_diags_print(const struct si_diags *d, FILE *f);

#endif
