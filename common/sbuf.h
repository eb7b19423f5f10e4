/* sbuf.h - growable string buffers with a hard cap.
 *
 * The buffer owns its memory; sbuf_steal() hands it to the caller.  The
 * text is always NUL-terminated.  An append past `max` keeps what fits,
 * sets `truncated` and returns -1: device output can never grow memory
 * without bound.
 */
#ifndef SWI_SBUF_H
#define SWI_SBUF_H

#include <stdbool.h>
#include <stddef.h>

struct sbuf {
	char *s;
	size_t len;
	size_t cap;
	size_t max;	/* bytes of text allowed, excluding the NUL */
	bool truncated;
	bool nomem;
};

#define SBUF_UNLIMITED ((size_t)-1 / 2)

void sbuf_init(struct sbuf *b, size_t max);
int sbuf_add(struct sbuf *b, const void *data, size_t len);
int sbuf_adds(struct sbuf *b, const char *s);
int sbuf_addc(struct sbuf *b, char c);
int sbuf_addf(struct sbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The text so far ("" for an empty buffer, never NULL). */
const char *sbuf_str(const struct sbuf *b);
void sbuf_reset(struct sbuf *b);
void sbuf_free(struct sbuf *b);
/* Returns the text (caller frees) and leaves b empty; NULL on no memory
 * (a text incomplete because an append ran out of memory: freed too). */
char *sbuf_steal(struct sbuf *b);

#endif
