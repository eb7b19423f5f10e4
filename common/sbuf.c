/* sbuf.c - see sbuf.h */
#include "config.h"
#include "sbuf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void sbuf_init(struct sbuf *b, size_t max)
{
	memset(b, 0, sizeof(*b));
	b->max = max;
}

void sbuf_init_fd(struct sbuf *b, size_t max, int fd)
{
	sbuf_init(b, max);
	b->sink = true;
	b->fd = fd;
}

static void sink_write(struct sbuf *b, const char *data, size_t len)
{
	while (len && !b->werrno) {
		ssize_t n = write(b->fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			b->werrno = n < 0 ? errno : EIO;
			break;
		}
		data += n;
		len -= (size_t)n;
		b->flushed += (size_t)n;
	}
}

int sbuf_flush(struct sbuf *b)
{
	if (b->sink && b->len) {
		sink_write(b, b->s, b->len);
		b->len = 0;
		b->s[0] = '\0';
	}
	return b->werrno ? -1 : 0;
}

static int sbuf_reserve(struct sbuf *b, size_t extra)
{
	size_t need = b->len + extra + 1, cap;
	char *s;

	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SBUF_UNLIMITED / 2 ? need : cap * 2;
	s = realloc(b->s, cap);
	if (!s) {
		b->nomem = true;
		return -1;
	}
	b->s = s;
	b->cap = cap;
	b->s[b->len] = '\0';
	return 0;
}

int sbuf_add(struct sbuf *b, const void *data, size_t len)
{
	size_t used = b->flushed + b->len;
	size_t room = b->max > used ? b->max - used : 0;
	int rc = 0;

	if (len > room) {
		len = room;
		b->truncated = true;
		rc = -1;
	}
	if (b->sink && b->len + len > SBUF_SINK_CHUNK) {
		if (sbuf_flush(b) < 0)
			return -1;	/* nothing more reaches the file */
		if (len > SBUF_SINK_CHUNK) {
			sink_write(b, data, len);
			return b->werrno ? -1 : rc;
		}
	}
	if (sbuf_reserve(b, len) < 0)
		return -1;
	if (len)
		memcpy(b->s + b->len, data, len);
	b->len += len;
	b->s[b->len] = '\0';
	return rc;
}

int sbuf_adds(struct sbuf *b, const char *s)
{
	return sbuf_add(b, s, strlen(s));
}

int sbuf_addc(struct sbuf *b, char c)
{
	return sbuf_add(b, &c, 1);
}

int sbuf_addf(struct sbuf *b, const char *fmt, ...)
{
	char small[256], *big;
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n < sizeof(small))
		return sbuf_add(b, small, (size_t)n);
	big = malloc((size_t)n + 1);
	if (!big) {
		b->nomem = true;
		return -1;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	rc = sbuf_add(b, big, (size_t)n);
	free(big);
	return rc;
}

const char *sbuf_str(const struct sbuf *b)
{
	return b->s ? b->s : "";
}

void sbuf_reset(struct sbuf *b)
{
	b->len = 0;
	b->truncated = false;
	if (b->s)
		b->s[0] = '\0';
}

void sbuf_free(struct sbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

char *sbuf_steal(struct sbuf *b)
{
	char *s;

	/* no memory: the text is incomplete; freed here, as callers that
	 * only steal would leak it */
	if (b->nomem || sbuf_reserve(b, 0) < 0) {
		sbuf_free(b);
		return NULL;
	}
	s = b->s;
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}
