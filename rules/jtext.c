/* jtext.c - see jtext.h */
#include "config.h"
#include "jtext.h"
#include "sbuf.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* sbuf_addc without the call when there is room: this runs for every
 * brace and comma of the output. */
static inline void addc(struct sbuf *b, char c)
{
	if (b->len + 1 < b->cap && b->len < b->max) {
		b->s[b->len++] = c;
		b->s[b->len] = '\0';
	} else {
		sbuf_addc(b, c);
	}
}

/* sbuf_add without the call when there is room. */
static inline void add(struct sbuf *b, const char *s, size_t n)
{
	if (b->len + n < b->cap && b->len + n <= b->max) {
		memcpy(b->s + b->len, s, n);
		b->len += n;
		b->s[b->len] = '\0';
	} else {
		sbuf_add(b, s, n);
	}
}

#define ONES 0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

/* Does any of the 8 bytes need an escape (< 0x20, '"' or '\\')? */
static inline bool word_needs_escape(uint64_t v)
{
	uint64_t q = v ^ (ONES * '"'), s = v ^ (ONES * '\\');

	return (((v - ONES * 0x20) & ~v) | ((q - ONES) & ~q) |
		((s - ONES) & ~s)) & HIGHS;
}

static void escape_byte(struct sbuf *b, unsigned char c)
{
	static const char hex[] = "0123456789abcdef";
	char esc[6] = {'\\', 0};
	size_t n = 2;

	switch (c) {
	case '"': esc[1] = '"'; break;
	case '\\': esc[1] = '\\'; break;
	case '\b': esc[1] = 'b'; break;
	case '\f': esc[1] = 'f'; break;
	case '\n': esc[1] = 'n'; break;
	case '\r': esc[1] = 'r'; break;
	case '\t': esc[1] = 't'; break;
	default:
		/* NOLINTNEXTLINE(bugprone-not-null-terminated-result): not a string */
		memcpy(esc + 1, "u00", 3);
		esc[4] = hex[c >> 4];
		esc[5] = hex[c & 15];
		n = 6;
	}
	add(b, esc, n);
}

void jt_str(struct sbuf *b, const char *s)
{
	size_t len, i = 0, run = 0;

	if (!s) {
		add(b, "null", 4);
		return;
	}
	len = strlen(s);
	addc(b, '"');
	while (i < len) {
		unsigned char c;
		uint64_t w;

		/* eight bytes at a time while none needs an escape */
		if (i + 8 <= len) {
			memcpy(&w, s + i, 8);
			if (!word_needs_escape(w)) {
				i += 8;
				continue;
			}
		}
		c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\') {
			i++;
			continue;
		}
		add(b, s + run, i - run);
		escape_byte(b, c);
		run = ++i;
	}
	add(b, s + run, len - run);
	addc(b, '"');
}

void jt_key(struct sbuf *b, const char *key, int first)
{
	/* keys are the program's own words: nothing to escape */
	if (!first)
		addc(b, ',');
	addc(b, '"');
	add(b, key, strlen(key));
	add(b, "\":", 2);
}

void jt_kv(struct sbuf *b, const char *key, const char *value, int first)
{
	if (!value)
		return;
	jt_key(b, key, first);
	jt_str(b, value);
}

/* As cJSON prints numbers (-0 as 0): integers plainly, others with 15 significant
 * digits unless 17 are needed to read the same value back. */
void jt_num(struct sbuf *b, double d)
{
	char buf[32];
	int n;

	if (!isfinite(d)) {
		add(b, "null", 4);
		return;
	}
	if (d == floor(d) && fabs(d) < 1e15) {
		/* integers without printf: most evidence values are */
		long long v = (long long)d;
		unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v :
					       (unsigned long long)v;
		char *p = buf + sizeof(buf);

		do
			*--p = (char)('0' + u % 10);
		while (u /= 10);
		if (v < 0)
			*--p = '-';
		add(b, p, (size_t)(buf + sizeof(buf) - p));
		return;
	}
	n = snprintf(buf, sizeof(buf), "%1.15g", d);
	if (strtod(buf, NULL) != d)
		n = snprintf(buf, sizeof(buf), "%1.17g", d);
	add(b, buf, (size_t)n);
}

void jt_json(struct sbuf *b, const cJSON *v)
{
	const cJSON *e;
	int first = 1;

	switch (v ? v->type & 0xFF : cJSON_NULL) {
	case cJSON_False:
		add(b, "false", 5);
		break;
	case cJSON_True:
		add(b, "true", 4);
		break;
	case cJSON_Number:
		jt_num(b, v->valuedouble);
		break;
	case cJSON_String:
		jt_str(b, v->valuestring);
		break;
	case cJSON_Raw:
		sbuf_adds(b, v->valuestring ? v->valuestring : "null");
		break;
	case cJSON_Array:
		addc(b, '[');
		cJSON_ArrayForEach(e, v) {
			if (!first)
				addc(b, ',');
			first = 0;
			jt_json(b, e);
		}
		addc(b, ']');
		break;
	case cJSON_Object:
		addc(b, '{');
		cJSON_ArrayForEach(e, v) {
			if (!first)
				addc(b, ',');
			first = 0;
			jt_str(b, e->string ? e->string : "");
			addc(b, ':');
			jt_json(b, e);
		}
		addc(b, '}');
		break;
	default:
		add(b, "null", 4);
	}
}
