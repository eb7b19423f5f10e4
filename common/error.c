/* error.c - see error.h */
#include "config.h"
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void si_error_clear(struct si_error *e)
{
	if (e)
		memset(e, 0, sizeof(*e));
}

static void error_vset(struct si_error *e, const char *file, int line,
		       int col, const char *fmt, va_list ap)
	__attribute__((format(printf, 5, 0)));
static void error_vset(struct si_error *e, const char *file, int line,
		       int col, const char *fmt, va_list ap)
{
	snprintf(e->file, sizeof(e->file), "%s", file ? file : "");
	e->line = line;
	e->col = col;
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	e->kind = SI_ERR_OTHER;
}

int si_error_set(struct si_error *e, const char *file, int line, int col,
		 const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	va_start(ap, fmt);
	error_vset(e, file, line, col, fmt, ap);
	va_end(ap);
	return -1;
}

void si_error_prefix(struct si_error *e, const char *fmt, ...)
{
	char pre[SI_ERROR_MSG_MAX], old[SI_ERROR_MSG_MAX];
	va_list ap;

	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	snprintf(e->msg, sizeof(e->msg), "%s: %s", pre, old);
}

const char *si_error_str(const struct si_error *e, char *buf, size_t n)
{
	if (!e->file[0])
		snprintf(buf, n, "%s", e->msg);
	else if (e->line <= 0)
		snprintf(buf, n, "%s: %s", e->file, e->msg);
	else if (e->col <= 0)
		snprintf(buf, n, "%s:%d: %s", e->file, e->line, e->msg);
	else
		snprintf(buf, n, "%s:%d:%d: %s", e->file, e->line, e->col,
			 e->msg);
	return buf;
}

int si_diags_add(struct si_diags *d, const struct si_error *e)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		struct si_error *v = realloc(d->v, cap * sizeof(*v));

		if (!v) {
			d->lost++;
			return -1;
		}
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n++] = *e;
	return 0;
}

int si_diags_addf(struct si_diags *d, const char *file, int line, int col,
		  const char *fmt, ...)
{
	struct si_error e;
	va_list ap;

	va_start(ap, fmt);
	error_vset(&e, file, line, col, fmt, ap);
	va_end(ap);
	return si_diags_add(d, &e);
}

void si_diags_print(const struct si_diags *d, FILE *f)
{
	char buf[2048];

	for (size_t i = 0; i < d->n; i++)
		fprintf(f, "%s\n", si_error_str(&d->v[i], buf, sizeof(buf)));
	if (d->lost)
		fprintf(f, "swinspect: out of memory (%zu message(s) lost)\n",
			d->lost);
}

void si_diags_free(struct si_diags *d)
{
	free(d->v);
	memset(d, 0, sizeof(*d));
}
