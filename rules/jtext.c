/* jtext.c - see jtext.h */
#include "config.h"
#include "jtext.h"
#include "sbuf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void jt_str(struct sbuf *b, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	const char *run;

	if (!s) {
		sbuf_add(b, "null", 4);
		return;
	}
	sbuf_addc(b, '"');
	for (run = s; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[7] = {'\\', 0};
		size_t n = 2;

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		sbuf_add(b, run, (size_t)(s - run));
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 15];
			n = 6;
		}
		sbuf_add(b, esc, n);
		run = s + 1;
	}
	sbuf_add(b, run, (size_t)(s - run));
	sbuf_addc(b, '"');
}

void jt_key(struct sbuf *b, const char *key, int first)
{
	if (!first)
		sbuf_addc(b, ',');
	jt_str(b, key);
	sbuf_addc(b, ':');
}

void jt_kv(struct sbuf *b, const char *key, const char *value, int first)
{
	if (!value)
		return;
	jt_key(b, key, first);
	jt_str(b, value);
}

/* As cJSON prints numbers: integers plainly, others with 15 significant
 * digits unless 17 are needed to read the same value back. */
void jt_num(struct sbuf *b, double d)
{
	char buf[32];
	int n;

	if (!isfinite(d)) {
		sbuf_add(b, "null", 4);
		return;
	}
	if (d == floor(d) && fabs(d) < 1e15) {
		n = snprintf(buf, sizeof(buf), "%.0f", d);
	} else {
		n = snprintf(buf, sizeof(buf), "%1.15g", d);
		if (strtod(buf, NULL) != d)
			n = snprintf(buf, sizeof(buf), "%1.17g", d);
	}
	sbuf_add(b, buf, (size_t)n);
}

void jt_json(struct sbuf *b, const cJSON *v)
{
	const cJSON *e;
	int first = 1;

	switch (v ? v->type & 0xFF : cJSON_NULL) {
	case cJSON_False:
		sbuf_add(b, "false", 5);
		break;
	case cJSON_True:
		sbuf_add(b, "true", 4);
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
		sbuf_addc(b, '[');
		cJSON_ArrayForEach(e, v) {
			if (!first)
				sbuf_addc(b, ',');
			first = 0;
			jt_json(b, e);
		}
		sbuf_addc(b, ']');
		break;
	case cJSON_Object:
		sbuf_addc(b, '{');
		cJSON_ArrayForEach(e, v) {
			jt_key(b, e->string ? e->string : "", first);
			first = 0;
			jt_json(b, e);
		}
		sbuf_addc(b, '}');
		break;
	default:
		sbuf_add(b, "null", 4);
	}
}
