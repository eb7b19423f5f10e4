/* text.c - see text.h */
#include "config.h"
#include "text.h"
#include "sbuf.h"

#include <string.h>

size_t text_utf8_len(const unsigned char *s, size_t avail)
{
	unsigned c = s[0];
	size_t n;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, cp = c & 0x1f;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, cp = c & 0x0f;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if (n > avail)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return n;
}

bool text_is_printable(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < len;) {
		size_t n = text_utf8_len(p + i, len - i);

		if (n == 0 || (n == 1 && p[i] < 0x20 && !strchr("\r\n\t", p[i]) ) ||
		    p[i] == 0x7f || p[i] == 0)
			return false;
		i += n;
	}
	return true;
}

char *text_clean(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	struct sbuf b;
	size_t start = 0, end;

	sbuf_init(&b, SBUF_UNLIMITED);
	for (size_t i = 0; i < len;) {
		size_t n = text_utf8_len(p + i, len - i);

		if (n == 0) {
			sbuf_adds(&b, "\xef\xbf\xbd");	/* U+FFFD */
			i++;
			continue;
		}
		if (n == 1 && (p[i] < 0x20 || p[i] == 0x7f)) {
			if (p[i] == '\n' || p[i] == '\t')
				sbuf_addc(&b, (char)p[i]);
			i++;
			continue;
		}
		sbuf_add(&b, p + i, n);
		i += n;
	}
	if (b.nomem) {
		sbuf_free(&b);
		return NULL;
	}
	end = b.len;
	while (start < end && strchr(" \t\n", sbuf_str(&b)[start]))
		start++;
	while (end > start && strchr(" \t\n", sbuf_str(&b)[end - 1]))
		end--;
	if (start > 0 || end < b.len) {
		char *s2 = strndup(sbuf_str(&b) + start, end - start);

		sbuf_free(&b);
		return s2;
	}
	return sbuf_steal(&b);
}
