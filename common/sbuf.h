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
	/* an output sink (sbuf_init_fd): the text goes to fd in chunks */
	bool sink;
	int fd;
	int werrno;	/* the first write error (errno), then text is dropped */
	size_t flushed;	/* bytes already written to fd */
};

#define SBUF_UNLIMITED ((size_t)-1 / 2)

void sbuf_init(struct sbuf *b, size_t max);
/* An output sink: whenever more than SBUF_SINK_CHUNK bytes wait, they are
 * written to fd, so the buffer stays small whatever the size of the text.
 * max counts every byte, written or not.  The first write error is kept in
 * werrno (sticky) and later text is dropped.  sbuf_flush() writes what
 * waits: 0, or -1 once a write failed. */
#define SBUF_SINK_CHUNK (64u << 10)
void sbuf_init_fd(struct sbuf *b, size_t max, int fd);
int sbuf_flush(struct sbuf *b);
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
