/* textfsm.c - see textfsm.h
 *
 * Sections, in order:
 *   1. text: UTF-8 clean-up as Python decodes, Python's line splitting and
 *      white space;
 *   2. pyre: Python `re` patterns translated to PCRE2 by a port of
 *      CPython 3.11's sre parser (it accepts and rejects what Python does,
 *      and emits unambiguous PCRE2 syntax);
 *   3. template: the reference's template parser, message for message;
 *   4. engine: the state machine, the Value options and the records;
 *   5. output: JSON text and cJSON;
 *   6. libraries: template directories and ntc-templates index files;
 *   7. the `swinspect parse` command.
 * Semantics that look odd (a List that is also Required checks the last
 * string, not the list, unless List comes first) are the reference's, kept
 * on purpose: doc/textfsm.md lists them.
 */
#include "config.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "textfsm.h"
#include "datadir.h"
#include "error.h"
#include "fsutil.h"
#include "sbuf.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TF_MAX_TEMPLATE (4u << 20)	/* bytes of one template file */
#define TF_MAX_INDEX (16u << 20)	/* bytes of one index file */
#define TF_MAX_NAME 48			/* the reference's MAX_NAME_LEN */
#define RX_MAX_DEPTH 200		/* nesting of groups in a regex */
#define RX_WHY 640			/* room for a regex error message */

/* ======================================================================
 * 1. text
 * ==================================================================== */

/* Decodes the code point at s (valid UTF-8 assumed, but never reads past
 * n); *adv gets its length. */
static uint32_t u8_get(const char *s, size_t n, size_t *adv)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c = u[0];
	size_t len = 1, i;

	if (c >= 0xf0)
		len = 4, c &= 0x07;
	else if (c >= 0xe0)
		len = 3, c &= 0x0f;
	else if (c >= 0xc0)
		len = 2, c &= 0x1f;
	if (len > n)
		len = 1;
	for (i = 1; i < len; i++)
		c = (c << 6) | (u[i] & 0x3f);
	*adv = len;
	return c;
}

/* Length of the valid sequence at s[i..n), or 0 with *bad set to the
 * number of bytes one U+FFFD replaces: Python's decoder replaces each
 * maximal invalid subpart (a lead byte and the continuation bytes that
 * still fitted) by one U+FFFD. */
static size_t u8_valid(const unsigned char *s, size_t i, size_t n,
		       size_t *bad)
{
	unsigned c = s[i], lo = 0x80, hi = 0xbf;
	size_t need, j, k;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		need = 1;
	else if (c >= 0xe0 && c <= 0xef)
		need = 2, lo = c == 0xe0 ? 0xa0 : 0x80,
		hi = c == 0xed ? 0x9f : 0xbf;
	else if (c >= 0xf0 && c <= 0xf4)
		need = 3, lo = c == 0xf0 ? 0x90 : 0x80,
		hi = c == 0xf4 ? 0x8f : 0xbf;
	else {
		*bad = 1;
		return 0;
	}
	j = i + 1;
	k = 0;
	if (j < n && s[j] >= lo && s[j] <= hi) {
		j++;
		k++;
		while (k < need && j < n && s[j] >= 0x80 && s[j] <= 0xbf)
			j++, k++;
	}
	if (k == need)
		return need + 1;
	*bad = j - i;
	return 0;
}

/* A NUL-terminated copy of s with invalid UTF-8 replaced by U+FFFD. */
static char *u8_clean(const char *s, size_t n, size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, o = 0, v, bad = 0, need = 0;
	char *out;

	while (i < n) {
		if (u[i] < 0x80) {	/* the usual case: plain ASCII */
			i++;
			need++;
			continue;
		}
		v = u8_valid(u, i, n, &bad);
		need += v ? v : 3;
		i += v ? v : bad;
	}
	out = malloc(need + 1);
	if (!out)
		return NULL;
	if (need == n) {	/* valid as it is */
		memcpy(out, s, n);
		out[n] = '\0';
		*outlen = n;
		return out;
	}
	for (i = 0; i < n;) {
		v = u8_valid(u, i, n, &bad);
		if (v) {
			memcpy(out + o, s + i, v);
			o += v;
			i += v;
		} else {
			memcpy(out + o, "\xef\xbf\xbd", 3);
			o += 3;
			i += bad;
		}
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/* Python's str.isspace(). */
static bool py_space(uint32_t c)
{
	if (c < 0x80)
		return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20);
	return c == 0x85 || c == 0xa0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	       c == 0x202f || c == 0x205f || c == 0x3000;
}

/* str.rstrip(): the length of s[0..n) without trailing white space. */
static size_t py_rstrip(const char *s, size_t n)
{
	size_t i = 0, adv, keep = 0;

	while (i < n) {
		uint32_t c = u8_get(s + i, n - i, &adv);

		i += adv;
		if (!py_space(c))
			keep = i;
	}
	return keep;
}

/* str.lstrip(): how many bytes of leading white space s[0..n) has. */
static size_t py_lskip(const char *s, size_t n)
{
	size_t i = 0, adv;

	while (i < n) {
		uint32_t c = u8_get(s + i, n - i, &adv);

		if (!py_space(c))
			break;
		i += adv;
	}
	return i;
}

/* str.splitlines(): the line starting at *pos, its length in *len, and
 * *pos moved past its terminator.  False at the end of s. */
static bool py_nextline(const char *s, size_t n, size_t *pos,
			const char **line, size_t *len)
{
	const unsigned char *u = (const unsigned char *)s;
	/* cppcheck-suppress duplicateAssignExpression ; cursor, start */
	size_t i = *pos, start = *pos;

	if (i >= n)
		return false;
	for (; i < n; i++) {
		unsigned c = u[i];
		size_t term = 0;

		if (c == '\n' || c == 0x0b || c == 0x0c ||
		    (c >= 0x1c && c <= 0x1e))
			term = 1;
		else if (c == '\r')
			term = (i + 1 < n && u[i + 1] == '\n') ? 2 : 1;
		else if (c == 0xc2 && i + 1 < n && u[i + 1] == 0x85)
			term = 2;
		else if (c == 0xe2 && i + 2 < n && u[i + 1] == 0x80 &&
			 (u[i + 2] == 0xa8 || u[i + 2] == 0xa9))
			term = 3;
		if (term) {
			*line = s + start;
			*len = i - start;
			*pos = i + term;
			return true;
		}
	}
	*line = s + start;
	*len = n - start;
	*pos = n;
	return true;
}

/* A template line as Python's text-mode file iteration gives it: lines end
 * at \n, \r\n or \r. */
static bool file_nextline(const char *s, size_t n, size_t *pos,
			  const char **line, size_t *len)
{
	/* cppcheck-suppress duplicateAssignExpression ; cursor, start */
	size_t i = *pos, start = *pos;

	if (i >= n)
		return false;
	for (; i < n; i++) {
		if (s[i] == '\n' || s[i] == '\r') {
			*line = s + start;
			*len = i - start;
			*pos = i + 1 + (s[i] == '\r' && i + 1 < n &&
					s[i + 1] == '\n');
			return true;
		}
	}
	*line = s + start;
	*len = n - start;
	*pos = n;
	return true;
}

/* Number of code points (len() of a Python str). */
static size_t u8_count(const char *s, size_t n)
{
	size_t i = 0, k = 0, adv;

	while (i < n) {
		u8_get(s + i, n - i, &adv);
		i += adv;
		k++;
	}
	return k;
}

static char *xstrndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* ======================================================================
 * 2. pyre: Python regular expressions on PCRE2
 *
 * The translator walks the pattern exactly as CPython's re/_parser.py
 * does (same checks, same order, same messages) and writes a PCRE2
 * pattern in which every literal but [A-Za-z0-9] is written \x{..}, so no
 * PCRE2-only syntax can slip through.  What differs between the engines
 * is rewritten: \Z is \z; \s is Python's own white-space set; {,n} and
 * {,} are quantifiers; (?a) scopes get ASCII classes; \B fails on an
 * empty subject as Python's does; group names stay on this side (PCRE2
 * sees plain numbered groups), so names of any length work.  Patterns are
 * compiled anchored, since TextFSM calls re.match().
 * ==================================================================== */

#define PY_MAXREPEAT 4294967295ULL
#define W_CAP (1ULL << 62)

#define F_IGNORECASE 0x02u
#define F_LOCALE 0x04u
#define F_MULTILINE 0x08u
#define F_DOTALL 0x10u
#define F_UNICODE 0x20u
#define F_VERBOSE 0x40u
#define F_ASCII 0x100u
#define F_TEMPLATE 0x01u
#define F_TYPE (F_ASCII | F_LOCALE | F_UNICODE)
#define F_GLOBAL F_TEMPLATE

struct pyre {
	pcre2_code *code;
	bool jit;		/* JIT-compiled: pcre2_jit_match() applies */
	uint32_t groups;	/* capturing groups (Python's .groups) */
	char **names;		/* [groups + 1]: name of group i, or NULL */
};

struct width {
	uint64_t lo, hi;
};

struct rx_tok {
	uint32_t c;
	bool esc;	/* a backslash and c */
	bool end;
};

enum rx_kind { K_NONE, K_AT, K_REPEAT, K_OTHER };

struct rx_mode {
	bool verbose;
	bool ascii;
	int icase;	/* -1: as the global flags say, else 0 or 1 */
};

struct rx {
	const char *p;
	size_t n;
	size_t pos;		/* where the token after `next` starts */
	size_t next_at;		/* where `next` starts (Python's tell()) */
	size_t prev_at;		/* where the token before `next` started */
	struct rx_tok next;
	struct sbuf out;
	unsigned flags;		/* global flags */
	uint32_t groups;	/* Python's state.groups (1 + opened) */
	uint32_t cap;
	struct width *gw;
	bool *gclosed;
	char **gname;
	long lookbehind;	/* state.lookbehindgroups; -1: None */
	uint32_t *condrefs;	/* numbered conditions, checked at the end */
	size_t *condpos;
	size_t ncondrefs;
	int depth;
	bool failed;
	char err[600];
	char rbuf[400];		/* for py_repr() */
};

static void rx_fail(struct rx *rx, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void rx_fail(struct rx *rx, size_t at, const char *fmt, ...)
{
	va_list ap;
	size_t len;

	if (rx->failed)
		return;
	rx->failed = true;
	va_start(ap, fmt);
	vsnprintf(rx->err, sizeof(rx->err), fmt, ap);
	va_end(ap);
	len = strlen(rx->err);
	snprintf(rx->err + len, sizeof(rx->err) - len, " at position %zu",
		 u8_count(rx->p, at < rx->n ? at : rx->n));
	rx->next.end = true;
}

/* Python's Tokenizer.__next: one code point, or a backslash and one. */
static void rx_advance(struct rx *rx)
{
	size_t adv;

	rx->prev_at = rx->next_at;
	rx->next_at = rx->pos;
	if (rx->failed || rx->pos >= rx->n) {
		rx->next.end = true;
		return;
	}
	rx->next.end = false;
	rx->next.esc = false;
	rx->next.c = u8_get(rx->p + rx->pos, rx->n - rx->pos, &adv);
	rx->pos += adv;
	if (rx->next.c == '\\') {
		if (rx->pos >= rx->n) {
			rx_fail(rx, rx->n - 1, "bad escape (end of pattern)");
			return;
		}
		rx->next.esc = true;
		rx->next.c = u8_get(rx->p + rx->pos, rx->n - rx->pos, &adv);
		rx->pos += adv;
	}
}

static void rx_seek(struct rx *rx, size_t at)
{
	rx->pos = at;
	rx_advance(rx);
}

static struct rx_tok rx_get(struct rx *rx)
{
	struct rx_tok t = rx->next;

	rx_advance(rx);
	return t;
}

static bool rx_is(const struct rx_tok *t, uint32_t c)
{
	return !t->end && !t->esc && t->c == c;
}

static bool rx_match(struct rx *rx, uint32_t c)
{
	if (rx_is(&rx->next, c)) {
		rx_advance(rx);
		return true;
	}
	return false;
}

static bool is_digit(const struct rx_tok *t)
{
	return !t->end && !t->esc && t->c >= '0' && t->c <= '9';
}

static int hexval(const struct rx_tok *t)
{
	if (t->end || t->esc)
		return -1;
	if (t->c >= '0' && t->c <= '9')
		return (int)(t->c - '0');
	if (t->c >= 'a' && t->c <= 'f')
		return (int)(t->c - 'a' + 10);
	if (t->c >= 'A' && t->c <= 'F')
		return (int)(t->c - 'A' + 10);
	return -1;
}

static bool is_oct(const struct rx_tok *t)
{
	return !t->end && !t->esc && t->c >= '0' && t->c <= '7';
}

static bool is_ascii_letter(uint32_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Tokenizer.getuntil(): the raw text up to terminator (an unescaped
 * token), consumed with it; NULL (and failed) if absent or empty. */
static char *rx_getuntil(struct rx *rx, uint32_t term, const char *what)
{
	size_t start = rx->next_at;

	for (;;) {
		struct rx_tok c = rx->next;
		size_t at = rx->next_at;

		rx_advance(rx);
		if (c.end) {
			if (at == start)
				rx_fail(rx, at, "missing %s", what);
			else
				rx_fail(rx, at - (at - start),
					"missing %c, unterminated name",
					(char)term);
			return NULL;
		}
		if (rx_is(&c, term)) {
			if (at == start) {
				rx_fail(rx, at, "missing %s", what);
				return NULL;
			}
			return xstrndup(rx->p + start, at - start);
		}
	}
}

static bool ident_nonascii_ok(const char *s, size_t n, bool first);

/* Python's repr() of a str, as its error messages quote names. */
static const char *py_repr(const char *s, char *buf, size_t size)
{
	char q = strchr(s, '\'') && !strchr(s, '"') ? '"' : '\'';
	size_t n = strlen(s), i = 0, o = 0, adv;

	if (size < 8)
		return "";
	buf[o++] = q;
	while (i < n && o + 12 < size) {
		uint32_t c = u8_get(s + i, n - i, &adv);

		if (c == '\\' || c == (uint32_t)q)
			o += (size_t)snprintf(buf + o, size - o, "\\%c", (char)c);
		else if (c == '\t' || c == '\n' || c == '\r')
			o += (size_t)snprintf(buf + o, size - o, "\\%c",
					      c == '\t' ? 't' : c == '\n' ? 'n' : 'r');
		else if (c < 0x20 || (c >= 0x7f && c <= 0xa0) || c == 0xad)
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
		else if (py_space(c) && c != ' ')
			o += (size_t)snprintf(buf + o, size - o, "\\u%04x", c);
		else {
			memcpy(buf + o, s + i, adv);
			o += adv;
		}
		i += adv;
	}
	buf[o++] = q;
	buf[o] = '\0';
	return buf;
}

/* str.isidentifier(), exact for ASCII names. */
static bool py_isidentifier(const char *s)
{
	size_t i = 0, n = strlen(s), adv;
	bool first = true;

	if (!n)
		return false;
	while (i < n) {
		uint32_t c = u8_get(s + i, n - i, &adv);

		if (c >= 0x80) {
			if (!ident_nonascii_ok(s + i, adv, first))
				return false;
		} else if (!(is_ascii_letter(c) || c == '_' ||
			     (!first && c >= '0' && c <= '9'))) {
			return false;
		}
		i += adv;
		first = false;
	}
	return true;
}

static bool rx_grow(struct rx *rx)
{
	uint32_t cap = rx->cap ? rx->cap * 2 : 16;
	struct width *gw;
	bool *gc;
	char **gn;

	gw = realloc(rx->gw, cap * sizeof(*gw));
	if (gw)
		rx->gw = gw;
	gc = realloc(rx->gclosed, cap * sizeof(*gc));
	if (gc)
		rx->gclosed = gc;
	gn = realloc(rx->gname, cap * sizeof(*gn));
	if (gn) {
		/* rx_release() frees the names of the groups there are,
		 * even when another array could not grow */
		memset(gn + rx->cap, 0, (cap - rx->cap) * sizeof(*gn));
		rx->gname = gn;
	}
	if (!gw || !gc || !gn)
		return false;
	rx->cap = cap;
	return true;
}

static bool rx_checkgroup(const struct rx *rx, uint32_t gid)
{
	return gid < rx->groups && rx->gclosed[gid];
}

static void rx_checklookbehind(struct rx *rx, uint32_t gid, size_t at)
{
	if (rx->lookbehind < 0)
		return;
	if (!rx_checkgroup(rx, gid))
		rx_fail(rx, at, "cannot refer to an open group");
	else if ((long)gid >= rx->lookbehind)
		rx_fail(rx, at,
			"cannot refer to group defined in the same lookbehind "
			"subpattern");
}

static long rx_lookup_name(const struct rx *rx, const char *name)
{
	uint32_t i;

	for (i = 1; i < rx->groups; i++)
		if (rx->gname[i] && strcmp(rx->gname[i], name) == 0)
			return (long)i;
	return -1;
}

/* ---- output ------------------------------------------------------------ */

static void emit(struct rx *rx, const char *s)
{
	sbuf_adds(&rx->out, s);
}

/* One literal code point, written so PCRE2 reads exactly that. */
static void emit_cp(struct rx *rx, uint32_t c)
{
	if ((c >= '0' && c <= '9') || is_ascii_letter(c))
		sbuf_addc(&rx->out, (char)c);
	else
		sbuf_addf(&rx->out, "\\x{%x}", (unsigned)c);
}

/* Python's IGNORECASE makes i, I, U+0130 and U+0131 one class; PCRE2's
 * case folding does not. */
static bool is_turkish_i(uint32_t c)
{
	return c == 'i' || c == 'I' || c == 0x130 || c == 0x131;
}

static bool rx_icase(const struct rx *rx, struct rx_mode m)
{
	return m.icase < 0 ? (rx->flags & F_IGNORECASE) != 0 : m.icase > 0;
}

#define TURKISH_I "iI\\x{130}\\x{131}"

static void emit_cp(struct rx *rx, uint32_t c);

/* A literal outside a class. */
static void emit_lit(struct rx *rx, struct rx_mode m, uint32_t c)
{
	if (is_turkish_i(c) && rx_icase(rx, m))
		sbuf_adds(&rx->out, "[" TURKISH_I "]");
	else
		emit_cp(rx, c);
}

/* A class item range, minus the surrogates PCRE2 cannot name in UTF mode
 * (they never occur in text, which is valid UTF-8). */
static void emit_range(struct rx *rx, uint32_t lo, uint32_t hi)
{
	if (lo <= 0xdfff && hi >= 0xd800) {
		if (lo < 0xd800)
			emit_range(rx, lo, 0xd7ff);
		if (hi > 0xdfff)
			emit_range(rx, 0xe000, hi);
		return;
	}
	emit_cp(rx, lo);
	if (hi != lo) {
		if (hi > lo + 1)
			sbuf_addc(&rx->out, '-');
		emit_cp(rx, hi);
	}
}

struct crange {
	uint32_t lo, hi;
};

/* Python's \s in str patterns (str.isspace), and in ASCII mode. */
static const struct crange SPACE_U[] = {
	{0x09, 0x0d}, {0x1c, 0x20}, {0x85, 0x85}, {0xa0, 0xa0},
	{0x1680, 0x1680}, {0x2000, 0x200a}, {0x2028, 0x2029},
	{0x202f, 0x202f}, {0x205f, 0x205f}, {0x3000, 0x3000},
};
static const struct crange SPACE_A[] = {{0x09, 0x0d}, {0x20, 0x20}};
static const struct crange DIGIT_A[] = {{'0', '9'}};
static const struct crange WORD_A[] = {
	{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'},
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static void emit_set(struct rx *rx, const struct crange *r, size_t n,
		     bool negate)
{
	uint32_t at = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!negate) {
			emit_range(rx, r[i].lo, r[i].hi);
			continue;
		}
		if (r[i].lo > at)
			emit_range(rx, at, r[i].lo - 1);
		at = r[i].hi + 1;
	}
	if (negate && at <= 0x10ffff)
		emit_range(rx, at, 0x10ffff);
}

/* A category (d D s S w W) as class items, without the brackets. */
static void emit_category_items(struct rx *rx, uint32_t cat, bool ascii)
{
	bool neg = cat == 'D' || cat == 'S' || cat == 'W';

	switch (cat) {
	case 'd':
	case 'D':
		if (ascii)
			emit_set(rx, DIGIT_A, NELEM(DIGIT_A), neg);
		else
			emit(rx, neg ? "\\D" : "\\d");
		break;
	case 'w':
	case 'W':
		if (ascii)
			emit_set(rx, WORD_A, NELEM(WORD_A), neg);
		else
			emit(rx, neg ? "\\W" : "\\w");
		break;
	default:
		if (ascii)
			emit_set(rx, SPACE_A, NELEM(SPACE_A), neg);
		else
			emit_set(rx, SPACE_U, NELEM(SPACE_U), neg);
		break;
	}
}

static void emit_category(struct rx *rx, uint32_t cat, bool ascii)
{
	if (!ascii && (cat == 'd' || cat == 'D' || cat == 'w' || cat == 'W')) {
		emit_category_items(rx, cat, false);
		return;
	}
	emit(rx, "[");
	emit_category_items(rx, cat, ascii);
	emit(rx, "]");
}

#define WORDCLASS_A "[0-9A-Z\\x{5f}a-z]"

static void emit_boundary(struct rx *rx, bool negate, bool ascii)
{
	/* Python's \b and \B never match in an empty subject. */
	if (!ascii) {
		emit(rx, negate ? "(?:(?!\\A\\z)\\B)" : "\\b");
		return;
	}
	if (!negate)
		emit(rx, "(?:(?<=" WORDCLASS_A ")(?!" WORDCLASS_A ")|(?<!"
			 WORDCLASS_A ")(?=" WORDCLASS_A "))");
	else
		emit(rx, "(?:(?!\\A\\z)(?:(?<=" WORDCLASS_A ")(?="
			 WORDCLASS_A ")|(?<!" WORDCLASS_A ")(?!" WORDCLASS_A
			 ")))");
}

/* ---- the parser -------------------------------------------------------- */

static struct width w_add(struct width a, struct width b)
{
	struct width r;

	r.lo = a.lo + b.lo > W_CAP ? W_CAP : a.lo + b.lo;
	r.hi = a.hi + b.hi > W_CAP ? W_CAP : a.hi + b.hi;
	return r;
}

static uint64_t w_mul(uint64_t a, uint64_t b)
{
	if (a && b > W_CAP / a)
		return W_CAP;
	return a * b;
}

/* SubPattern.getwidth()'s final clamp. */
static struct width w_clamp(struct width w)
{
	if (w.lo > PY_MAXREPEAT - 1)
		w.lo = PY_MAXREPEAT - 1;
	if (w.hi > PY_MAXREPEAT)
		w.hi = PY_MAXREPEAT;
	return w;
}

struct rx_seq {
	size_t nitems;
	enum rx_kind last;
	struct width sum;	/* items before the last */
	struct width lastw;
};

static void seq_push(struct rx_seq *q, enum rx_kind k, struct width w)
{
	if (q->nitems)
		q->sum = w_add(q->sum, q->lastw);
	q->nitems++;
	q->last = k;
	q->lastw = w;
}

static struct width seq_width(const struct rx_seq *q)
{
	return w_clamp(q->nitems ? w_add(q->sum, q->lastw) : q->sum);
}

static const struct width W0 = {0, 0}, W1 = {1, 1};

static struct width rx_parse_sub(struct rx *rx, struct rx_mode m,
				 int nested);

/* An escape outside a class (Python's _escape). */
static void rx_escape(struct rx *rx, struct rx_tok t, size_t at,
		      struct rx_mode m, struct rx_seq *q)
{
	bool ascii = m.ascii || (rx->flags & F_ASCII);
	uint32_t c = t.c, v = 0;
	int k, h;

	switch (c) {
	case 'A':
		emit(rx, "\\A");
		seq_push(q, K_AT, W0);
		return;
	case 'Z':
		emit(rx, "\\z");
		seq_push(q, K_AT, W0);
		return;
	case 'b':
	case 'B':
		emit_boundary(rx, c == 'B', ascii);
		seq_push(q, K_AT, W0);
		return;
	case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
		emit_category(rx, c, ascii);
		seq_push(q, K_OTHER, W1);
		return;
	case 'a': v = 7; break;
	case 'f': v = 12; break;
	case 'n': v = 10; break;
	case 'r': v = 13; break;
	case 't': v = 9; break;
	case 'v': v = 11; break;
	case '\\': v = '\\'; break;
	case 'x':
	case 'u':
	case 'U': {
		int want = c == 'x' ? 2 : c == 'u' ? 4 : 8;

		for (k = 0; k < want && (h = hexval(&rx->next)) >= 0; k++) {
			v = v * 16 + (uint32_t)h;
			rx_advance(rx);
		}
		if (k != want) {
			rx_fail(rx, at, "incomplete escape \\%c%.*s", (char)c,
				(int)(rx->next_at - at - 2), rx->p + at + 2);
			return;
		}
		if (v > 0x10ffff) {
			rx_fail(rx, at, "bad escape \\%c%.*s", (char)c,
				(int)(rx->next_at - at - 2), rx->p + at + 2);
			return;
		}
		break;
	}
	case 'N':
		rx_fail(rx, at, "\\N{...} escapes are not supported");
		return;
	case '0':
		for (k = 0; k < 2 && is_oct(&rx->next); k++) {
			v = v * 8 + (rx->next.c - '0');
			rx_advance(rx);
		}
		break;
	default:
		if (c >= '1' && c <= '9') {
			uint32_t grp = c - '0';

			if (is_digit(&rx->next)) {
				uint32_t d2 = rx->next.c - '0';

				rx_advance(rx);
				if (c <= '7' && d2 <= 7 && is_oct(&rx->next)) {
					v = (c - '0') * 64 + d2 * 8 +
					    (rx->next.c - '0');
					rx_advance(rx);
					if (v > 0377) {
						rx_fail(rx, at,
							"octal escape value "
							"%.4s outside of range "
							"0-0o377", rx->p + at);
						return;
					}
					break;
				}
				grp = grp * 10 + d2;
			}
			if (grp < rx->groups) {
				if (!rx_checkgroup(rx, grp)) {
					rx_fail(rx, at,
						"cannot refer to an open group");
					return;
				}
				rx_checklookbehind(rx, grp, at);
				sbuf_addf(&rx->out, "\\g{%u}", grp);
				seq_push(q, K_OTHER, rx->gw[grp]);
				return;
			}
			rx_fail(rx, at + 1, "invalid group reference %u", grp);
			return;
		}
		if (c < 0x80 && is_ascii_letter(c)) {
			rx_fail(rx, at, "bad escape \\%c", (char)c);
			return;
		}
		v = c;
		break;
	}
	if (v >= 0xd800 && v <= 0xdfff)
		emit(rx, "(?:(?!))");	/* a lone surrogate never occurs */
	else
		emit_lit(rx, m, v);
	seq_push(q, K_OTHER, W1);
}

struct citem {
	int kind;	/* 0 literal/range, 1 category */
	uint32_t lo, hi;
};

/* An escape inside a class (Python's _class_escape): *item filled. */
static bool rx_class_escape(struct rx *rx, struct rx_tok t, size_t at,
			    struct citem *item)
{
	uint32_t c = t.c, v = 0;
	int k, h;

	item->kind = 0;
	switch (c) {
	case 'a': v = 7; break;
	case 'b': v = 8; break;
	case 'f': v = 12; break;
	case 'n': v = 10; break;
	case 'r': v = 13; break;
	case 't': v = 9; break;
	case 'v': v = 11; break;
	case '\\': v = '\\'; break;
	case 'd': case 'D': case 's': case 'S': case 'w': case 'W':
		item->kind = 1;
		item->lo = item->hi = c;
		return true;
	case 'x':
	case 'u':
	case 'U': {
		int want = c == 'x' ? 2 : c == 'u' ? 4 : 8;

		for (k = 0; k < want && (h = hexval(&rx->next)) >= 0; k++) {
			v = v * 16 + (uint32_t)h;
			rx_advance(rx);
		}
		if (k != want) {
			rx_fail(rx, at, "incomplete escape \\%c%.*s", (char)c,
				(int)(rx->next_at - at - 2), rx->p + at + 2);
			return false;
		}
		if (v > 0x10ffff) {
			rx_fail(rx, at, "bad escape \\%c%.*s", (char)c,
				(int)(rx->next_at - at - 2), rx->p + at + 2);
			return false;
		}
		break;
	}
	case 'N':
		rx_fail(rx, at, "\\N{...} escapes are not supported");
		return false;
	default:
		if (c >= '0' && c <= '7') {
			v = c - '0';
			for (k = 0; k < 2 && is_oct(&rx->next); k++) {
				v = v * 8 + (rx->next.c - '0');
				rx_advance(rx);
			}
			if (v > 0377) {
				rx_fail(rx, at,
					"octal escape value %.4s outside of "
					"range 0-0o377", rx->p + at);
				return false;
			}
			break;
		}
		if (c < 0x80 && (is_ascii_letter(c) || c == '8' || c == '9')) {
			rx_fail(rx, at, "bad escape \\%c", (char)c);
			return false;
		}
		v = c;
		break;
	}
	item->lo = item->hi = v;
	return true;
}

/* Writes a parsed set: categories as class items, ranges without the
 * surrogates, Python's Turkish i class when case is ignored. */
static void rx_class_emit(struct rx *rx, const struct citem *set, size_t nset,
			  bool negate, struct rx_mode m)
{
	bool ascii = m.ascii || (rx->flags & F_ASCII), any = false;
	bool turk = false;
	size_t mark = rx->out.len, i;

	emit(rx, negate ? "[^" : "[");
	for (i = 0; i < nset; i++) {
		if (set[i].kind) {
			emit_category_items(rx, set[i].lo, ascii);
			any = true;
		} else if (set[i].lo < 0xd800 || set[i].hi > 0xdfff) {
			emit_range(rx, set[i].lo, set[i].hi);
			any = true;
			turk = turk || (set[i].lo <= 'I' && set[i].hi >= 'I') ||
			       (set[i].lo <= 'i' && set[i].hi >= 'i') ||
			       (set[i].lo <= 0x131 && set[i].hi >= 0x130);
		}
	}
	if (turk && rx_icase(rx, m))
		emit(rx, TURKISH_I);
	emit(rx, "]");
	if (!any) {	/* only surrogates: never / always a character */
		rx->out.len = mark;
		rx->out.s[mark] = '\0';
		emit(rx, negate ? "[\\x{0}-\\x{10ffff}]" : "(?:(?!))");
	}
}

static void rx_class(struct rx *rx, size_t here, struct rx_mode m,
		     struct rx_seq *q)
{
	struct citem *set = NULL, *ns;
	size_t nset = 0, cap = 0;
	bool negate;

	negate = rx_match(rx, '^');
	for (;;) {
		struct rx_tok t = rx->next, that;
		size_t at = rx->next_at, at2;
		struct citem c1, c2;

		rx_advance(rx);
		if (t.end) {
			rx_fail(rx, here, "unterminated character set");
			break;
		}
		if (rx_is(&t, ']') && nset)
			break;
		if (t.esc) {
			if (!rx_class_escape(rx, t, at, &c1))
				break;
		} else {
			c1.kind = 0;
			c1.lo = c1.hi = t.c;
		}
		if (nset + 2 > cap) {
			cap = cap ? cap * 2 : 16;
			ns = realloc(set, cap * sizeof(*set));
			if (!ns) {
				rx_fail(rx, here, "out of memory");
				break;
			}
			set = ns;
		}
		if (!rx_match(rx, '-')) {
			set[nset++] = c1;
			continue;
		}
		that = rx->next;
		at2 = rx->next_at;
		rx_advance(rx);
		if (that.end) {
			rx_fail(rx, here, "unterminated character set");
			break;
		}
		if (rx_is(&that, ']')) {
			set[nset++] = c1;
			set[nset].kind = 0;
			set[nset].lo = set[nset].hi = '-';
			nset++;
			break;
		}
		if (that.esc) {
			if (!rx_class_escape(rx, that, at2, &c2))
				break;
		} else {
			c2.kind = 0;
			c2.lo = c2.hi = that.c;
		}
		if (c1.kind || c2.kind || c2.lo < c1.lo) {
			rx_fail(rx, at, "bad character range %.*s",
				(int)(rx->next_at - at), rx->p + at);
			break;
		}
		c1.hi = c2.lo;
		set[nset++] = c1;
	}
	if (!rx->failed) {
		rx_class_emit(rx, set, nset, negate, m);
		seq_push(q, K_OTHER, W1);
	}
	free(set);
}

/* A quantifier after the last item (the REPEAT_CHARS branch). */
static void rx_repeat(struct rx *rx, struct rx_tok t, size_t here,
		      struct rx_seq *q)
{
	uint64_t min = 0, max = PY_MAXREPEAT;
	char qbuf[64];

	if (t.c == '?')
		max = 1, snprintf(qbuf, sizeof(qbuf), "?");
	else if (t.c == '*')
		snprintf(qbuf, sizeof(qbuf), "*");
	else if (t.c == '+')
		min = 1, snprintf(qbuf, sizeof(qbuf), "+");
	else {
		size_t after = rx->next_at;
		uint64_t lo = 0, hi = 0;
		bool has_lo = false, has_hi = false, comma;

		if (rx_is(&rx->next, '}')) {
			emit_cp(rx, '{');
			seq_push(q, K_OTHER, W1);
			return;
		}
		while (is_digit(&rx->next)) {
			lo = w_mul(lo, 10) + (rx->next.c - '0');
			has_lo = true;
			rx_advance(rx);
		}
		comma = rx_match(rx, ',');
		if (comma) {
			while (is_digit(&rx->next)) {
				hi = w_mul(hi, 10) + (rx->next.c - '0');
				has_hi = true;
				rx_advance(rx);
			}
		} else {
			hi = lo;
			has_hi = has_lo;
		}
		if (!rx_match(rx, '}')) {
			emit_cp(rx, '{');
			seq_push(q, K_OTHER, W1);
			rx_seek(rx, after);
			return;
		}
		if (has_lo)
			min = lo;
		if (has_hi)
			max = hi;
		if (min >= PY_MAXREPEAT || (has_hi && max >= PY_MAXREPEAT)) {
			rx_fail(rx, here, "the repetition number is too large");
			return;
		}
		if (has_hi && max < min) {
			rx_fail(rx, here, "min repeat greater than max repeat");
			return;
		}
		if (has_hi)
			snprintf(qbuf, sizeof(qbuf), "{%llu,%llu}",
				 (unsigned long long)min,
				 (unsigned long long)max);
		else
			snprintf(qbuf, sizeof(qbuf), "{%llu,}",
				 (unsigned long long)min);
	}
	if (!q->nitems || q->last == K_AT) {
		rx_fail(rx, here - 1, "nothing to repeat");
		return;
	}
	if (q->last == K_REPEAT) {
		rx_fail(rx, here - 1, "multiple repeat");
		return;
	}
	emit(rx, qbuf);
	if (rx_match(rx, '?'))
		emit(rx, "?");
	else if (rx_match(rx, '+'))
		emit(rx, "+");
	q->lastw.lo = w_mul(q->lastw.lo, min);
	q->lastw.hi = w_mul(q->lastw.hi, max);
	q->last = K_REPEAT;
}

static bool flag_of(const struct rx_tok *t, unsigned *f)
{
	if (t->end || t->esc)
		return false;
	switch (t->c) {
	case 'i': *f = F_IGNORECASE; return true;
	case 'L': *f = F_LOCALE; return true;
	case 'm': *f = F_MULTILINE; return true;
	case 's': *f = F_DOTALL; return true;
	case 'x': *f = F_VERBOSE; return true;
	case 'a': *f = F_ASCII; return true;
	case 't': *f = F_TEMPLATE; return true;
	case 'u': *f = F_UNICODE; return true;
	default: return false;
	}
}

static bool tok_alpha(const struct rx_tok *t)
{
	return !t->end && !t->esc && (is_ascii_letter(t->c) || t->c >= 0xc0);
}

/* Python's _parse_flags.  Returns 1 for global flags, 0 for a scoped
 * group (*add, *del), -1 on error. */
static int rx_flags(struct rx *rx, struct rx_tok ch, unsigned *add,
		    unsigned *del)
{
	unsigned f;

	*add = *del = 0;
	if (!rx_is(&ch, '-')) {
		for (;;) {
			flag_of(&ch, &f);
			if (f == F_LOCALE) {
				rx_fail(rx, rx->next_at,
					"bad inline flags: cannot use 'L' flag "
					"with a str pattern");
				return -1;
			}
			*add |= f;
			if ((f & F_TYPE) && (*add & F_TYPE) != f) {
				rx_fail(rx, rx->next_at,
					"bad inline flags: flags 'a', 'u' and "
					"'L' are incompatible");
				return -1;
			}
			ch = rx_get(rx);
			if (ch.end) {
				rx_fail(rx, rx->next_at, "missing -, : or )");
				return -1;
			}
			if (rx_is(&ch, ')') || rx_is(&ch, '-') ||
			    rx_is(&ch, ':'))
				break;
			if (!flag_of(&ch, &f)) {
				rx_fail(rx, rx->prev_at, tok_alpha(&ch) ?
					"unknown flag" : "missing -, : or )");
				return -1;
			}
		}
	}
	if (rx_is(&ch, ')'))
		return 1;
	if (*add & F_GLOBAL) {
		rx_fail(rx, rx->prev_at,
			"bad inline flags: cannot turn on global flag");
		return -1;
	}
	if (rx_is(&ch, '-')) {
		ch = rx_get(rx);
		if (ch.end) {
			rx_fail(rx, rx->next_at, "missing flag");
			return -1;
		}
		if (!flag_of(&ch, &f)) {
			rx_fail(rx, rx->prev_at, tok_alpha(&ch) ?
				"unknown flag" : "missing flag");
			return -1;
		}
		for (;;) {
			flag_of(&ch, &f);
			if (f & F_TYPE) {
				rx_fail(rx, rx->next_at,
					"bad inline flags: cannot turn off "
					"flags 'a', 'u' and 'L'");
				return -1;
			}
			*del |= f;
			ch = rx_get(rx);
			if (ch.end) {
				rx_fail(rx, rx->next_at, "missing :");
				return -1;
			}
			if (rx_is(&ch, ':'))
				break;
			if (!flag_of(&ch, &f)) {
				rx_fail(rx, rx->prev_at, tok_alpha(&ch) ?
					"unknown flag" : "missing :");
				return -1;
			}
		}
	}
	if (*del & F_GLOBAL) {
		rx_fail(rx, rx->prev_at,
			"bad inline flags: cannot turn off global flag");
		return -1;
	}
	if (*add & *del) {
		rx_fail(rx, rx->prev_at,
			"bad inline flags: flag turned on and off");
		return -1;
	}
	return 0;
}

static void emit_scoped_flags(struct rx *rx, unsigned add, unsigned del)
{
	static const struct {
		unsigned f;
		char c;
	} pf[] = {{F_IGNORECASE, 'i'}, {F_MULTILINE, 'm'}, {F_DOTALL, 's'}};
	size_t i;

	emit(rx, "(?");
	for (i = 0; i < NELEM(pf); i++)
		if (add & pf[i].f)
			sbuf_addc(&rx->out, pf[i].c);
	if (del & (F_IGNORECASE | F_MULTILINE | F_DOTALL)) {
		sbuf_addc(&rx->out, '-');
		for (i = 0; i < NELEM(pf); i++)
			if (del & pf[i].f)
				sbuf_addc(&rx->out, pf[i].c);
	}
	emit(rx, ":");
}

static struct width rx_parse(struct rx *rx, struct rx_mode m, int nested,
			     bool first);

/* (?(id)yes|no) */
static void rx_conditional(struct rx *rx, size_t start, struct rx_mode m,
			   int nested, struct rx_seq *q)
{
	size_t at = rx->next_at;
	char *name = rx_getuntil(rx, ')', "group name");
	long gid;
	struct width yes, no = W0;
	bool has_no;

	if (!name)
		return;
	if (py_isidentifier(name)) {
		gid = rx_lookup_name(rx, name);
		if (gid < 0) {
			rx_fail(rx, at, "unknown group name %s",
				py_repr(name, rx->rbuf, sizeof(rx->rbuf)));
			free(name);
			return;
		}
	} else {
		char *e;
		unsigned long v = strtoul(name, &e, 10);
		uint32_t *nc;
		size_t *np;

		if (*e || name[0] < '0' || name[0] > '9') {
			rx_fail(rx, at, "bad character in group name %s",
				py_repr(name, rx->rbuf, sizeof(rx->rbuf)));
			free(name);
			return;
		}
		if (!v || v >= 1073741823UL) {
			rx_fail(rx, at, v ? "invalid group reference %lu" :
				"bad group number", v);
			free(name);
			return;
		}
		gid = (long)v;
		nc = realloc(rx->condrefs,
			     (rx->ncondrefs + 1) * sizeof(*nc));
		if (nc)
			rx->condrefs = nc;
		np = realloc(rx->condpos,
			     (rx->ncondrefs + 1) * sizeof(*np));
		if (np)
			rx->condpos = np;
		if (nc && np) {
			rx->condpos[rx->ncondrefs] = at;
			rx->condrefs[rx->ncondrefs++] = (uint32_t)v;
		}
	}
	free(name);
	rx_checklookbehind(rx, (uint32_t)gid, at);
	sbuf_addf(&rx->out, "(?(%ld)", gid);
	yes = rx_parse(rx, m, nested + 1, false);
	has_no = rx_match(rx, '|');
	if (has_no) {
		emit(rx, "|");
		no = rx_parse(rx, m, nested + 1, false);
		if (rx_is(&rx->next, '|'))
			rx_fail(rx, rx->next_at, "conditional backref with "
				"more than two branches");
	}
	if (!rx_match(rx, ')'))
		rx_fail(rx, start, "missing ), unterminated subpattern");
	emit(rx, ")");
	if (has_no) {
		yes.lo = yes.lo < no.lo ? yes.lo : no.lo;
		yes.hi = yes.hi > no.hi ? yes.hi : no.hi;
	} else {
		yes.lo = 0;
	}
	seq_push(q, K_OTHER, yes);
}

/* Lookahead or lookbehind; the '(?' and '=', '!' or '<' are consumed. */
static void rx_assert(struct rx *rx, size_t start, uint32_t ch,
		      struct rx_mode m, int nested, struct rx_seq *q)
{
	long saved = -2;
	struct width w;
	bool behind = false;

	if (ch == '<') {
		struct rx_tok c = rx_get(rx);

		if (c.end) {
			rx_fail(rx, rx->next_at, "unexpected end of pattern");
			return;
		}
		if (!rx_is(&c, '=') && !rx_is(&c, '!')) {
			rx_fail(rx, start + 1, "unknown extension ?<%.*s",
				(int)(rx->next_at - start - 3),
				rx->p + start + 3);
			return;
		}
		ch = c.c == '=' ? 'b' : 'B';
		behind = true;
		saved = rx->lookbehind;
		if (saved < 0)
			rx->lookbehind = (long)rx->groups;
	}
	emit(rx, ch == '=' ? "(?=" : ch == '!' ? "(?!" :
		 ch == 'b' ? "(?<=" : "(?<!");
	w = rx_parse_sub(rx, m, nested + 1);
	if (behind && saved < 0)
		rx->lookbehind = -1;
	if (!rx_match(rx, ')')) {
		rx_fail(rx, start, "missing ), unterminated subpattern");
		return;
	}
	emit(rx, ")");
	if (behind && w.lo != w.hi && !rx->failed) {
		/* Python's compiler says this one without a position. */
		rx->failed = true;
		snprintf(rx->err, sizeof(rx->err),
			 "look-behind requires fixed-width pattern");
		rx->next.end = true;
	}
	seq_push(q, K_OTHER, W0);
}

static bool rx_opengroup(struct rx *rx, char *name, size_t at, uint32_t *gid)
{
	long was;

	if (rx->groups >= rx->cap && !rx_grow(rx)) {
		rx_fail(rx, at, "out of memory");
		free(name);
		return false;
	}
	if (rx->groups >= 65535) {
		rx_fail(rx, at, "too many groups");
		free(name);
		return false;
	}
	if (name && (was = rx_lookup_name(rx, name)) >= 0) {
		rx_fail(rx, at,
			"redefinition of group name %s as group %u; was "
			"group %ld", py_repr(name, rx->rbuf, sizeof(rx->rbuf)),
			rx->groups, was);
		free(name);
		return false;
	}
	*gid = rx->groups++;
	rx->gname[*gid] = name;
	rx->gclosed[*gid] = false;
	rx->gw[*gid] = W0;
	return true;
}

/* What a group opening turned out to be (Python's _parse, '(' branch). */
enum grp_kind {
	GRP_DONE,	/* handled whole (comment, assertion, backref...) */
	GRP_GLOBAL,	/* global flags */
	GRP_CAPTURE,
	GRP_PLAIN,	/* non-capturing, maybe with scoped flags */
	GRP_ATOMIC,
};

struct grp {
	char *name;
	size_t name_at;
	unsigned add, del;
};

/* (?P=name): a named backreference. */
static void rx_named_ref(struct rx *rx, size_t at, struct rx_seq *q)
{
	char *name = rx_getuntil(rx, ')', "group name");
	long g;

	if (!name)
		return;
	if (!py_isidentifier(name)) {
		rx_fail(rx, at + 1, "bad character in group name %s",
			py_repr(name, rx->rbuf, sizeof(rx->rbuf)));
	} else if ((g = rx_lookup_name(rx, name)) < 0) {
		rx_fail(rx, at + 1, "unknown group name %s",
			py_repr(name, rx->rbuf, sizeof(rx->rbuf)));
	} else if (!rx_checkgroup(rx, (uint32_t)g)) {
		rx_fail(rx, at + 1, "cannot refer to an open group");
	} else {
		rx_checklookbehind(rx, (uint32_t)g, at);
		sbuf_addf(&rx->out, "\\g{%ld}", g);
		seq_push(q, K_OTHER, rx->gw[g]);
	}
	free(name);
}

/* "(?P" seen: a named group or a named backreference. */
static enum grp_kind rx_group_p(struct rx *rx, size_t start, struct grp *g,
				struct rx_seq *q)
{
	size_t at = rx->next_at;
	struct rx_tok c;

	if (rx_match(rx, '<')) {
		g->name_at = rx->next_at;
		g->name = rx_getuntil(rx, '>', "group name");
		if (!g->name)
			return GRP_DONE;
		if (!py_isidentifier(g->name)) {
			rx_fail(rx, at + 1, "bad character in group name %s",
				py_repr(g->name, rx->rbuf, sizeof(rx->rbuf)));
			free(g->name);
			g->name = NULL;
			return GRP_DONE;
		}
		return GRP_CAPTURE;
	}
	if (rx_match(rx, '=')) {
		rx_named_ref(rx, at, q);
		return GRP_DONE;
	}
	c = rx_get(rx);
	if (c.end)
		rx_fail(rx, rx->next_at, "unexpected end of pattern");
	else
		rx_fail(rx, start + 1, "unknown extension ?P%.*s",
			(int)(rx->next_at - at), rx->p + at);
	return GRP_DONE;
}

/* "(?" seen: an extension. */
static enum grp_kind rx_group_ext(struct rx *rx, size_t start,
				  struct rx_mode m, int nested, bool first,
				  struct grp *g, struct rx_seq *q)
{
	struct rx_tok ch = rx_get(rx);
	unsigned f;
	int kind;

	if (ch.end) {
		rx_fail(rx, rx->next_at, "unexpected end of pattern");
		return GRP_DONE;
	}
	if (rx_is(&ch, 'P'))
		return rx_group_p(rx, start, g, q);
	if (rx_is(&ch, ':'))
		return GRP_PLAIN;
	if (rx_is(&ch, '>'))
		return GRP_ATOMIC;
	if (rx_is(&ch, '#')) {	/* a comment: nothing is emitted */
		while (!rx->next.end) {
			ch = rx_get(rx);
			if (rx_is(&ch, ')'))
				return GRP_DONE;
		}
		rx_fail(rx, start, "missing ), unterminated comment");
		return GRP_DONE;
	}
	if (rx_is(&ch, '=') || rx_is(&ch, '!') || rx_is(&ch, '<')) {
		rx_assert(rx, start, ch.c, m, nested, q);
		return GRP_DONE;
	}
	if (rx_is(&ch, '(')) {
		rx_conditional(rx, start, m, nested, q);
		return GRP_DONE;
	}
	if (!flag_of(&ch, &f) && !rx_is(&ch, '-')) {
		rx_fail(rx, start + 1, "unknown extension ?%.*s",
			(int)(rx->next_at - start - 2), rx->p + start + 2);
		return GRP_DONE;
	}
	kind = rx_flags(rx, ch, &g->add, &g->del);
	if (kind < 0)
		return GRP_DONE;
	if (kind == 0)
		return GRP_PLAIN;
	if (!first || q->nitems) {
		rx_fail(rx, start, "global flags not at the start of the "
			"expression");
		return GRP_DONE;
	}
	rx->flags |= g->add;
	return GRP_GLOBAL;
}

/* '(' seen: a group of any kind.  True when it was a global flag group
 * (the caller re-reads the verbose flag, as Python does). */
static bool rx_group(struct rx *rx, size_t start, struct rx_mode m,
		     int nested, bool first, struct rx_seq *q)
{
	struct grp g = {NULL, start, 0, 0};
	enum grp_kind kind = GRP_CAPTURE;
	struct rx_mode sub = m;
	struct width w;
	uint32_t gid = 0;

	if (rx_match(rx, '?'))
		kind = rx_group_ext(rx, start, m, nested, first, &g, q);
	if (kind == GRP_DONE || kind == GRP_GLOBAL)
		return kind == GRP_GLOBAL;
	if (kind == GRP_CAPTURE && !rx_opengroup(rx, g.name, g.name_at, &gid))
		return false;
	sub.verbose = (m.verbose || (g.add & F_VERBOSE)) &&
		      !(g.del & F_VERBOSE);
	sub.ascii = m.ascii || (g.add & F_ASCII);
	if (g.add & F_IGNORECASE)
		sub.icase = 1;
	else if (g.del & F_IGNORECASE)
		sub.icase = 0;
	if (kind == GRP_CAPTURE)
		emit(rx, "(");
	else if (kind == GRP_ATOMIC)
		emit(rx, "(?>");
	else
		emit_scoped_flags(rx, g.add, g.del);
	w = rx_parse_sub(rx, sub, nested + 1);
	if (!rx_match(rx, ')')) {
		rx_fail(rx, start, "missing ), unterminated subpattern");
		return false;
	}
	emit(rx, ")");
	if (kind == GRP_CAPTURE) {
		rx->gw[gid] = w;
		rx->gclosed[gid] = true;
	}
	seq_push(q, K_OTHER, w);
	return false;
}

static bool is_special(uint32_t c)
{
	return c < 0x80 && strchr(".\\[{()*+?^$|", (int)c) != NULL && c;
}

/* Python's _parse: one alternative. */
static struct width rx_parse(struct rx *rx, struct rx_mode m, int nested,
			     bool first)
{
	struct rx_seq q = {0, K_NONE, {0, 0}, {0, 0}};

	if (++rx->depth > RX_MAX_DEPTH)
		rx_fail(rx, rx->next_at, "too many nested groups");
	while (!rx->failed) {
		struct rx_tok t = rx->next;
		size_t at = rx->next_at;

		if (t.end || rx_is(&t, '|') || rx_is(&t, ')'))
			break;
		rx_advance(rx);
		if (m.verbose && !t.esc) {
			if (t.c == ' ' || (t.c >= '\t' && t.c <= '\r'))
				continue;
			if (t.c == '#') {
				while (!rx->next.end) {
					struct rx_tok c = rx_get(rx);

					if (rx_is(&c, '\n'))
						break;
				}
				continue;
			}
		}
		if (t.esc) {
			rx_escape(rx, t, at, m, &q);
		} else if (!is_special(t.c)) {
			emit_lit(rx, m, t.c);
			seq_push(&q, K_OTHER, W1);
		} else if (t.c == '[') {
			rx_class(rx, at, m, &q);
		} else if (t.c == '*' || t.c == '+' || t.c == '?' ||
			   t.c == '{') {
			rx_repeat(rx, t, rx->next_at, &q);
		} else if (t.c == '.') {
			emit(rx, ".");
			seq_push(&q, K_OTHER, W1);
		} else if (t.c == '(') {
			if (rx_group(rx, at, m, nested, first, &q))
				m.verbose = (rx->flags & F_VERBOSE) != 0;
		} else if (t.c == '^') {
			emit(rx, "^");
			seq_push(&q, K_AT, W0);
		} else if (t.c == '$') {
			emit(rx, "$");
			seq_push(&q, K_AT, W0);
		}
	}
	rx->depth--;
	return seq_width(&q);
}

/* Python's _parse_sub: alternatives. */
static struct width rx_parse_sub(struct rx *rx, struct rx_mode m,
				 int nested)
{
	struct width w = W0, b;
	bool firstalt = true;

	for (;;) {
		b = rx_parse(rx, m, nested + 1, !nested && firstalt);
		if (firstalt) {
			w = b;
		} else {
			w.lo = b.lo < w.lo ? b.lo : w.lo;
			w.hi = b.hi > w.hi ? b.hi : w.hi;
		}
		firstalt = false;
		if (rx->failed || !rx_match(rx, '|'))
			break;
		emit(rx, "|");
		if (!nested)
			m.verbose = (rx->flags & F_VERBOSE) != 0;
	}
	return w_clamp(w);
}

static void rx_free_names(char **names, uint32_t n)
{
	uint32_t i;

	if (!names)
		return;
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

static void pyre_free(struct pyre *re)
{
	if (re->code)
		pcre2_code_free(re->code);
	rx_free_names(re->names, re->groups + 1);
	memset(re, 0, sizeof(*re));
}

/* Translates p[0..n) (the whole of Python's parse()); the PCRE2 text is
 * left in rx->out.  -1 with why filled on error. */
static int rx_translate(struct rx *rx, const char *p, size_t n, char *why,
			size_t whylen)
{
	struct rx_mode m = {false, false, -1};
	size_t i;

	rx->p = p;
	rx->n = n;
	rx->groups = 1;
	rx->lookbehind = -1;
	sbuf_init(&rx->out, 1u << 20);
	if (!rx_grow(rx)) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	rx->gname[0] = NULL;
	rx->gclosed[0] = true;
	rx->gw[0] = W0;
	rx_advance(rx);
	rx_parse_sub(rx, m, 0);
	if (!rx->failed && !rx->next.end)
		rx_fail(rx, rx->next_at, "unbalanced parenthesis");
	for (i = 0; !rx->failed && i < rx->ncondrefs; i++)
		if (rx->condrefs[i] >= rx->groups)
			rx_fail(rx, rx->condpos[i], "invalid group reference %u",
				rx->condrefs[i]);
	if (rx->failed)
		snprintf(why, whylen, "%s", rx->err);
	else if ((rx->flags & F_ASCII) && (rx->flags & F_UNICODE))
		snprintf(why, whylen,
			 "ASCII and UNICODE flags are incompatible");
	else if (rx->flags & F_TEMPLATE)
		snprintf(why, whylen, "the TEMPLATE flag is not supported");
	else if (rx->out.truncated || rx->out.nomem)
		snprintf(why, whylen, "pattern too large");
	else
		return 0;
	return -1;
}

static void rx_release(struct rx *rx)
{
	if (rx->gname)
		rx_free_names(rx->gname, rx->groups);
	free(rx->gw);
	free(rx->gclosed);
	free(rx->condrefs);
	free(rx->condpos);
	sbuf_free(&rx->out);
}

/* Translates and compiles pattern p[0..n).  On error, why gets a Python-
 * style reason and -1 is returned. */
static int pyre_compile(struct pyre *re, const char *p, size_t n, char *why,
			size_t whylen)
{
	struct rx rx;
	pcre2_compile_context *cc = NULL;
	uint32_t opts = PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED |
			PCRE2_NEVER_BACKSLASH_C | PCRE2_NO_UTF_CHECK;
	int ecode, rc = -1;
	PCRE2_SIZE eoff;

	memset(re, 0, sizeof(*re));
	memset(&rx, 0, sizeof(rx));
	if (rx_translate(&rx, p, n, why, whylen))
		goto out;
	if (rx.flags & F_IGNORECASE)
		opts |= PCRE2_CASELESS;
	if (rx.flags & F_MULTILINE)
		opts |= PCRE2_MULTILINE;
	if (rx.flags & F_DOTALL)
		opts |= PCRE2_DOTALL;
	cc = pcre2_compile_context_create(NULL);
	if (!cc) {
		snprintf(why, whylen, "out of memory");
		goto out;
	}
	pcre2_set_newline(cc, PCRE2_NEWLINE_LF);
	re->code = pcre2_compile((PCRE2_SPTR)sbuf_str(&rx.out), rx.out.len,
				 opts, &ecode, &eoff, cc);
	if (!re->code) {
		PCRE2_UCHAR msg[160];

		pcre2_get_error_message(ecode, msg, sizeof(msg));
		snprintf(why, whylen, "not supported by PCRE2: %s", msg);
		goto out;
	}
	re->jit = pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE) == 0;
	re->groups = rx.groups - 1;
	re->names = rx.gname;
	rx.gname = NULL;
	rc = 0;
out:
	rx_release(&rx);
	pcre2_compile_context_free(cc);
	return rc;
}

static int pyre_compile_str(struct pyre *re, const char *p, char *why,
			    size_t whylen)
{
	return pyre_compile(re, p, strlen(p), why, whylen);
}

/* The group number called name, or -1. */
static int pyre_group(const struct pyre *re, const char *name)
{
	uint32_t i;

	for (i = 1; i <= re->groups; i++)
		if (re->names[i] && strcmp(re->names[i], name) == 0)
			return (int)i;
	return -1;
}

/* re.match(): > 0 on a match, PCRE2_ERROR_NOMATCH, or another error. */
static int pyre_exec(const struct pyre *re, const char *s, size_t n,
		     pcre2_match_data *md, pcre2_match_context *mc)
{
	/* The JIT entry skips pcre2_match()'s checks: the subject is valid
	 * UTF-8 already and the options are fixed at compile time. */
	if (re->jit)
		return pcre2_jit_match(re->code, (PCRE2_SPTR)s, n, 0, 0, md,
				       mc);
	return pcre2_match(re->code, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK,
			   md, mc);
}

/* ---- patterns the engine itself uses (compiled once) ------------------ */

static struct {
	struct pyre match_action, action1, action2, action3, comment,
		state_name, word, word_start, ident_start, ident_cont;
	int g_match, g_action, g1_ln, g1_rec, g1_state, g2_rec, g2_state,
		g3_state;
	bool ok;
} P;

static pthread_once_t P_once = PTHREAD_ONCE_INIT;

static void pcre_direct(struct pyre *re, const char *pat)
{
	int ec;
	PCRE2_SIZE eo;

	re->code = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
				 PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED, &ec,
				 &eo, NULL);
}

#define NEWSTATE_RE "(?P<new_state>\\w+|\\\".*\\\")"
#define LINE_OP_RE "(?P<ln_op>Continue|Next|Error)"
#define RECORD_OP_RE "(?P<rec_op>Clear|Clearall|Record|NoRecord)"

static void P_init(void)
{
	char why[RX_WHY];
	bool ok = true;

	/* The reference's own expressions, verbatim (parser.py). */
	ok &= !pyre_compile_str(&P.match_action,
				"(?P<match>.*)(\\s->(?P<action>.*))", why,
				sizeof(why));
	ok &= !pyre_compile_str(&P.action1,
				"\\s+(" LINE_OP_RE "(\\." RECORD_OP_RE
				")?)(\\s+" NEWSTATE_RE ")?$", why, sizeof(why));
	ok &= !pyre_compile_str(&P.action2,
				"\\s+" RECORD_OP_RE "(\\s+" NEWSTATE_RE ")?$",
				why, sizeof(why));
	ok &= !pyre_compile_str(&P.action3, "(\\s+" NEWSTATE_RE ")?$", why,
				sizeof(why));
	ok &= !pyre_compile_str(&P.comment, "^\\s*#", why, sizeof(why));
	ok &= !pyre_compile_str(&P.state_name, "^(\\w+)$", why, sizeof(why));
	ok &= !pyre_compile_str(&P.word, "\\w+", why, sizeof(why));
	/* Unicode identifiers, approximately (XID_Start / XID_Continue). */
	pcre_direct(&P.ident_start, "[\\p{L}\\p{Nl}_]");
	pcre_direct(&P.ident_cont, "[\\p{L}\\p{Nl}\\p{Mn}\\p{Mc}\\p{Nd}\\p{Pc}]");
	if (!ok || !P.ident_start.code || !P.ident_cont.code)
		return;
	P.g_match = pyre_group(&P.match_action, "match");
	P.g_action = pyre_group(&P.match_action, "action");
	P.g1_ln = pyre_group(&P.action1, "ln_op");
	P.g1_rec = pyre_group(&P.action1, "rec_op");
	P.g1_state = pyre_group(&P.action1, "new_state");
	P.g2_rec = pyre_group(&P.action2, "rec_op");
	P.g2_state = pyre_group(&P.action2, "new_state");
	P.g3_state = pyre_group(&P.action3, "new_state");
	P.ok = true;
}

static bool ident_nonascii_ok(const char *s, size_t n, bool first)
{
	const struct pyre *re = first ? &P.ident_start : &P.ident_cont;
	pcre2_match_data *md;
	int rc;

	if (!re->code)
		return true;
	md = pcre2_match_data_create(1, NULL);
	if (!md)
		return false;
	rc = pcre2_match(re->code, (PCRE2_SPTR)s, n, 0, PCRE2_NO_UTF_CHECK,
			 md, NULL);
	pcre2_match_data_free(md);
	return rc > 0;
}

/* ======================================================================
 * 3. template
 * ==================================================================== */

enum { O_FILLDOWN, O_KEY, O_REQUIRED, O_LIST, O_FILLUP, O_COUNT };

static const char *const OPT_NAME[O_COUNT] = {
	"Filldown", "Key", "Required", "List", "Fillup",
};
static const unsigned OPT_BIT[O_COUNT] = {
	TEXTFSM_OPT_FILLDOWN, TEXTFSM_OPT_KEY, TEXTFSM_OPT_REQUIRED,
	TEXTFSM_OPT_LIST, TEXTFSM_OPT_FILLUP,
};

enum { LO_NEXT, LO_CONTINUE, LO_ERROR };
enum { RO_NONE, RO_RECORD, RO_CLEAR, RO_CLEARALL };

#define T_STAY (-1)
#define T_END (-2)
#define T_EOF (-3)

struct tf_value {
	char *name;
	char *regex;		/* as written, "(...)" */
	char *tmpl;		/* what ${name} becomes: "(?P<name>..." */
	uint8_t opt[O_COUNT];	/* options in the order written */
	int nopt;
	unsigned bits;
	struct pyre lre;	/* List only: the regex alone, for nested groups */
	uint32_t *lgid;		/* its named groups, in group order */
	uint32_t nlg;
	int line;
};

struct tf_assign {
	uint32_t gid;
	uint32_t val;
};

struct tf_rule {
	int line;
	struct pyre re;
	struct tf_assign *as;	/* named groups that are Values, in order */
	size_t nas;
	int line_op;
	int rec_op;
	char *new_state;	/* the state, or Error's message; NULL: none */
	int target;		/* state index, T_STAY, T_END or T_EOF */
};

struct tf_state {
	char *name;
	int line;
	struct tf_rule *rules;
	size_t n, cap;
};

struct textfsm {
	char *name;
	struct tf_value *v;
	size_t nv;
	struct tf_state *s;
	size_t ns;
	int start;
	bool has_eof;		/* an (empty) EOF state was declared */
	uint32_t maxgroups;
};

struct tpl_reader {
	const char *text;
	size_t len;
	size_t pos;
	int lineno;
	const char *line;	/* the current line, right-stripped */
	size_t n;
};

static bool tpl_next(struct tpl_reader *r)
{
	if (!file_nextline(r->text, r->len, &r->pos, &r->line, &r->n))
		return false;
	r->lineno++;
	r->n = py_rstrip(r->line, r->n);
	return true;
}

static bool re_matches(const struct pyre *re, const char *s, size_t n,
		       pcre2_match_data *md)
{
	return pyre_exec(re, s, n, md, NULL) > 0;
}

static bool is_comment(const char *s, size_t n, pcre2_match_data *md)
{
	return re_matches(&P.comment, s, n, md);
}

static bool starts_with(const char *s, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(s, prefix, k) == 0;
}

static int tf_error(struct si_error *err, const struct textfsm *t, int line,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int tf_error(struct si_error *err, const struct textfsm *t, int line,
		    const char *fmt, ...)
{
	va_list ap;

	if (err) {
		si_error_set(err, t->name, line, 0, "%s", "");
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
	}
	return TEXTFSM_ETEMPLATE;
}

static int tf_nomem(struct si_error *err, const struct textfsm *t)
{
	si_error_set(err, t->name, 0, 0, "out of memory");
	return TEXTFSM_ENOMEM;
}

static int value_options(struct textfsm *t, struct tf_value *v,
			 const char *s, size_t n, int ln, struct si_error *err)
{
	size_t i = 0;

	for (;;) {
		const char *comma = memchr(s + i, ',', n - i);
		size_t end = comma ? (size_t)(comma - s) : n, k;
		int o = -1, j;

		for (k = 0; k < O_COUNT; k++)
			if (end - i == strlen(OPT_NAME[k]) &&
			    memcmp(s + i, OPT_NAME[k], end - i) == 0)
				o = (int)k;
		for (j = 0; o >= 0 && j < v->nopt; j++)
			if (v->opt[j] == o)
				return tf_error(err, t, ln,
						"Duplicate option \"%s\"",
						OPT_NAME[o]);
		if (o < 0)
			return tf_error(err, t, ln, "Unknown option \"%.*s\"",
					(int)(end - i), s + i);
		v->opt[v->nopt++] = (uint8_t)o;
		v->bits |= OPT_BIT[o];
		if (!comma)
			return 0;
		i = end + 1;
	}
}

static size_t count_char(const char *s, char c)
{
	size_t k = 0;

	for (; *s; s++)
		k += *s == c;
	return k;
}

/* The named groups of a List value's own regex (its dict keys). */
static int value_list_groups(struct tf_value *v)
{
	uint32_t g;

	v->lgid = calloc(v->lre.groups + 1, sizeof(*v->lgid));
	if (!v->lgid)
		return -1;
	for (g = 1; g <= v->lre.groups; g++)
		if (v->lre.names[g])
			v->lgid[v->nlg++] = g;
	return 0;
}

/* TextFSMValue.Parse(): "Value [Options] name (regex)". */
static int parse_value(struct textfsm *t, const char *line, size_t n, int ln,
		       struct si_error *err)
{
	const char *end = line + n, *p1 = line + 6, *sp2, *p2, *sp3, *name,
		   *regex;
	size_t namelen, rlen, i;
	struct tf_value *v, *nv;
	char why[RX_WHY];
	int rc;

	nv = realloc(t->v, (t->nv + 1) * sizeof(*t->v));
	if (!nv)
		return tf_nomem(err, t);
	t->v = nv;
	v = memset(&t->v[t->nv], 0, sizeof(*v));
	v->line = ln;
	sp2 = memchr(p1, ' ', (size_t)(end - p1));
	if (!sp2)
		return tf_error(err, t, ln, "Expect at least 3 tokens on line.");
	p2 = sp2 + 1;
	if (p2 < end && *p2 == '(') {
		name = p1;
		namelen = (size_t)(sp2 - p1);
		regex = p2;
	} else {
		rc = value_options(t, v, p1, (size_t)(sp2 - p1), ln, err);
		if (rc)
			return rc;
		sp3 = memchr(p2, ' ', (size_t)(end - p2));
		name = p2;
		namelen = (size_t)((sp3 ? sp3 : end) - p2);
		regex = sp3 ? sp3 + 1 : end;
	}
	rlen = (size_t)(end - regex);
	t->nv++;	/* owned by t from here on, for textfsm_free() */
	v->name = xstrndup(name, namelen);
	v->regex = xstrndup(regex, rlen);
	if (!v->name || !v->regex)
		return tf_nomem(err, t);
	if (u8_count(name, namelen) > TF_MAX_NAME)
		return tf_error(err, t, ln,
				"Invalid Value name '%s' or name too long.",
				v->name);
	if (rlen < 2 || regex[0] != '(' || regex[rlen - 1] != ')' ||
	    count_char(v->regex, '(') != count_char(v->regex, ')'))
		return tf_error(err, t, ln,
				"Value '%s' must be contained within a '()' "
				"pair.", v->regex);
	v->tmpl = malloc(namelen + rlen + 5);
	if (!v->tmpl)
		return tf_nomem(err, t);
	sprintf(v->tmpl, "(?P<%s>%s", v->name, v->regex + 1);
	if (v->bits & TEXTFSM_OPT_LIST) {
		if (pyre_compile(&v->lre, v->regex, rlen, why, sizeof(why)))
			return tf_error(err, t, ln, "%s", why);
		if (value_list_groups(v))
			return tf_nomem(err, t);
	}
	for (i = 0; i + 1 < t->nv; i++)
		if (strcmp(t->v[i].name, v->name) == 0)
			return tf_error(err, t, ln,
					"Duplicate declarations for Value "
					"'%s'.", v->name);
	return 0;
}

/* _ParseFSMVariables(): the Value block, up to the first blank line. */
static int parse_values(struct textfsm *t, struct tpl_reader *r,
			pcre2_match_data *md, struct si_error *err)
{
	int rc;

	while (tpl_next(r)) {
		if (!r->n)
			return 0;
		if (is_comment(r->line, r->n, md))
			continue;
		if (starts_with(r->line, r->n, "Value ")) {
			rc = parse_value(t, r->line, r->n, r->lineno, err);
			if (rc)
				return rc;
		} else if (!t->nv) {
			return tf_error(err, t, r->lineno,
					"No Value definitions found.");
		} else {
			return tf_error(err, t, r->lineno,
					"Expected blank line after last Value "
					"entry.");
		}
	}
	return 0;
}

static bool is_ident_start(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_ident_char(char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

static const struct tf_value *value_by_name(const struct textfsm *t,
					    const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < t->nv; i++)
		if (strlen(t->v[i].name) == n && memcmp(t->v[i].name, s, n) == 0)
			return &t->v[i];
	return NULL;
}

/* string.Template(s).substitute(value_map): $$, $name and ${name}; any
 * other '$' or an unknown name is an error (NULL, *bad set). */
static char *substitute(const struct textfsm *t, const char *s, size_t n,
			size_t *outlen, bool *bad)
{
	struct sbuf b;
	size_t i = 0;

	*bad = false;
	sbuf_init(&b, SBUF_UNLIMITED);
	while (i < n) {
		const struct tf_value *v;
		size_t j;

		if (s[i] != '$') {
			sbuf_addc(&b, s[i++]);
			continue;
		}
		if (i + 1 < n && s[i + 1] == '$') {
			sbuf_addc(&b, '$');
			i += 2;
			continue;
		}
		if (i + 1 < n && is_ident_start(s[i + 1])) {
			for (j = i + 2; j < n && is_ident_char(s[j]); j++)
				;
			v = value_by_name(t, s + i + 1, j - i - 1);
			i = j;
		} else if (i + 2 < n && s[i + 1] == '{' &&
			   is_ident_start(s[i + 2])) {
			for (j = i + 3; j < n && is_ident_char(s[j]); j++)
				;
			if (j >= n || s[j] != '}') {
				*bad = true;
				break;
			}
			v = value_by_name(t, s + i + 2, j - i - 2);
			i = j + 1;
		} else {
			*bad = true;
			break;
		}
		if (!v) {
			*bad = true;
			break;
		}
		sbuf_adds(&b, v->tmpl);
	}
	if (*bad || b.nomem) {
		sbuf_free(&b);
		return NULL;
	}
	*outlen = b.len;
	return sbuf_steal(&b);
}

static int rule_assignments(struct textfsm *t, struct tf_rule *ru)
{
	uint32_t g;

	ru->as = calloc(ru->re.groups + 1, sizeof(*ru->as));
	if (!ru->as)
		return -1;
	for (g = 1; g <= ru->re.groups; g++) {
		const struct tf_value *v;

		if (!ru->re.names[g])
			continue;
		v = value_by_name(t, ru->re.names[g], strlen(ru->re.names[g]));
		if (v) {
			ru->as[ru->nas].gid = g;
			ru->as[ru->nas++].val = (uint32_t)(v - t->v);
		}
	}
	if (ru->re.groups > t->maxgroups)
		t->maxgroups = ru->re.groups;
	return 0;
}

static bool group_of(pcre2_match_data *md, int rc, int g, const char **s,
		     size_t *n, const char *subject)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

	if (g < 0 || g >= rc || ov[2 * g] == PCRE2_UNSET)
		return false;
	*s = subject + ov[2 * g];
	*n = ov[2 * g + 1] - ov[2 * g];
	return true;
}

static bool same(const char *s, size_t n, const char *word)
{
	return strlen(word) == n && memcmp(s, word, n) == 0;
}

/* The part after "->": operators and new state (TextFSMRule.__init__). */
static int rule_action(struct textfsm *t, struct tf_rule *ru,
		       const char *line, size_t len, const char *a, size_t an,
		       pcre2_match_data *md, struct si_error *err)
{
	const char *ln = NULL, *rec = NULL, *ns = NULL;
	size_t lnn = 0, recn = 0, nsn = 0;
	int rc;

	if ((rc = pyre_exec(&P.action1, a, an, md, NULL)) > 0) {
		group_of(md, rc, P.g1_ln, &ln, &lnn, a);
		group_of(md, rc, P.g1_rec, &rec, &recn, a);
		group_of(md, rc, P.g1_state, &ns, &nsn, a);
	} else if ((rc = pyre_exec(&P.action2, a, an, md, NULL)) > 0) {
		group_of(md, rc, P.g2_rec, &rec, &recn, a);
		group_of(md, rc, P.g2_state, &ns, &nsn, a);
	} else if ((rc = pyre_exec(&P.action3, a, an, md, NULL)) > 0) {
		group_of(md, rc, P.g3_state, &ns, &nsn, a);
	} else {
		return tf_error(err, t, ru->line, "Badly formatted rule '%.*s'.",
				(int)len, line);
	}
	if (lnn)
		ru->line_op = same(ln, lnn, "Continue") ? LO_CONTINUE :
			      same(ln, lnn, "Error") ? LO_ERROR : LO_NEXT;
	if (recn)
		ru->rec_op = same(rec, recn, "Record") ? RO_RECORD :
			     same(rec, recn, "Clear") ? RO_CLEAR :
			     same(rec, recn, "Clearall") ? RO_CLEARALL : RO_NONE;
	if (nsn) {
		ru->new_state = xstrndup(ns, nsn);
		if (!ru->new_state)
			return tf_nomem(err, t);
	}
	if (ru->line_op == LO_CONTINUE && nsn)
		return tf_error(err, t, ru->line,
				"Action '%.*s' with new state %s specified.",
				(int)lnn, ln, ru->new_state);
	if (ru->line_op != LO_ERROR && nsn &&
	    !re_matches(&P.word, ns, nsn, md))
		return tf_error(err, t, ru->line,
				"Alphanumeric characters only in state names.");
	return 0;
}

/* TextFSMRule.__init__(). */
static int parse_rule(struct textfsm *t, struct tf_state *st,
		      const char *line, size_t len, int ln,
		      pcre2_match_data *md, struct si_error *err)
{
	const char *m, *a = NULL;
	size_t mn, an = 0, rn = 0, skip = py_lskip(line, len);
	struct tf_rule *ru;
	char *regex = NULL, why[RX_WHY];
	bool bad;
	int rc;

	line += skip;
	len -= skip;
	m = line;
	mn = len;
	if (st->n == st->cap) {
		size_t cap = st->cap ? st->cap * 2 : 8;
		struct tf_rule *nr = realloc(st->rules, cap * sizeof(*nr));

		if (!nr)
			return tf_nomem(err, t);
		st->rules = nr;
		st->cap = cap;
	}
	ru = memset(&st->rules[st->n++], 0, sizeof(*ru));
	ru->line = ln;
	ru->target = T_STAY;
	if ((rc = pyre_exec(&P.match_action, line, len, md, NULL)) > 0) {
		group_of(md, rc, P.g_match, &m, &mn, line);
		group_of(md, rc, P.g_action, &a, &an, line);
		if (!a)
			a = line + len;
	}
	if (t->nv) {
		regex = substitute(t, m, mn, &rn, &bad);
		if (!regex && bad)
			return tf_error(err, t, ln,
					"Duplicate or invalid variable "
					"substitution: '%.*s'.", (int)mn, m);
	} else {
		regex = xstrndup(m, mn);
		rn = mn;
	}
	if (!regex)
		return tf_nomem(err, t);
	rc = pyre_compile(&ru->re, regex, rn, why, sizeof(why));
	if (rc) {
		rc = tf_error(err, t, ln, "Invalid regular expression: '%s': %s.",
			      regex, why);
		free(regex);
		return rc;
	}
	free(regex);
	if (rule_assignments(t, ru))
		return tf_nomem(err, t);
	if (!a)
		return 0;
	return rule_action(t, ru, line, len, a, an, md, err);
}

static bool reserved_state(const char *s, size_t n)
{
	static const char *const words[] = {
		"Continue", "Next", "Error", "Clear", "Clearall", "Record",
		"NoRecord",
	};
	size_t i;

	for (i = 0; i < NELEM(words); i++)
		if (same(s, n, words[i]))
			return true;
	return false;
}

static int state_index(const struct textfsm *t, const char *name)
{
	size_t i;

	for (i = 0; i < t->ns; i++)
		if (strcmp(t->s[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* _ParseFSMState(): one state; *done when the template ends. */
static int parse_state(struct textfsm *t, struct tpl_reader *r,
		       pcre2_match_data *md, bool *done,
		       struct si_error *err)
{
	struct tf_state *st, *ns;
	int rc;

	*done = true;
	while (tpl_next(r)) {
		if (r->n && !is_comment(r->line, r->n, md)) {
			*done = false;
			break;
		}
	}
	if (*done)
		return 0;
	if (!re_matches(&P.state_name, r->line, r->n, md) ||
	    u8_count(r->line, r->n) > TF_MAX_NAME ||
	    reserved_state(r->line, r->n))
		return tf_error(err, t, r->lineno, "Invalid state name: '%.*s'.",
				(int)r->n, r->line);
	ns = realloc(t->s, (t->ns + 1) * sizeof(*ns));
	if (!ns)
		return tf_nomem(err, t);
	t->s = ns;
	st = memset(&t->s[t->ns], 0, sizeof(*st));
	st->line = r->lineno;
	st->name = xstrndup(r->line, r->n);
	if (!st->name)
		return tf_nomem(err, t);
	if (state_index(t, st->name) >= 0) {
		rc = tf_error(err, t, r->lineno, "Duplicate state name: '%s'.",
			      st->name);
		free(st->name);
		return rc;
	}
	t->ns++;
	while (tpl_next(r)) {
		if (!r->n)
			break;
		if (is_comment(r->line, r->n, md))
			continue;
		if (!starts_with(r->line, r->n, " ^") &&
		    !starts_with(r->line, r->n, "  ^") &&
		    !starts_with(r->line, r->n, "\t^"))
			return tf_error(err, t, r->lineno,
					"Missing white space or carat ('^') "
					"before rule.");
		rc = parse_rule(t, st, r->line, r->n, r->lineno, md, err);
		if (rc)
			return rc;
	}
	return 0;
}

static void state_free(struct tf_state *st)
{
	size_t i;

	for (i = 0; i < st->n; i++) {
		pyre_free(&st->rules[i].re);
		free(st->rules[i].as);
		free(st->rules[i].new_state);
	}
	free(st->rules);
	free(st->name);
}

/* _ValidateFSM(): Start exists, End and EOF are empty, targets exist. */
static int validate(struct textfsm *t, struct si_error *err)
{
	int end = state_index(t, "End"), eof = state_index(t, "EOF");
	size_t i, k;

	t->start = state_index(t, "Start");
	if (t->start < 0)
		return tf_error(err, t, 0, "Missing state 'Start'.");
	if (end >= 0 && t->s[end].n)
		return tf_error(err, t, t->s[end].line,
				"Non-Empty 'End' state.");
	if (eof >= 0 && t->s[eof].n)
		return tf_error(err, t, t->s[eof].line,
				"Non-Empty 'EOF' state.");
	if (end >= 0) {
		state_free(&t->s[end]);
		memmove(&t->s[end], &t->s[end + 1],
			(t->ns - (size_t)end - 1) * sizeof(*t->s));
		t->ns--;
	}
	t->start = state_index(t, "Start");
	t->has_eof = state_index(t, "EOF") >= 0;
	for (i = 0; i < t->ns; i++) {
		for (k = 0; k < t->s[i].n; k++) {
			struct tf_rule *ru = &t->s[i].rules[k];

			if (ru->line_op == LO_ERROR || !ru->new_state)
				continue;
			if (strcmp(ru->new_state, "End") == 0)
				ru->target = T_END;
			else if (strcmp(ru->new_state, "EOF") == 0)
				ru->target = T_EOF;
			else if ((ru->target = state_index(t, ru->new_state)) < 0)
				return tf_error(err, t, ru->line,
						"State '%s' not found, "
						"referenced in state '%s'",
						ru->new_state, t->s[i].name);
		}
	}
	return 0;
}

void textfsm_free(struct textfsm *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nv; i++) {
		free(t->v[i].name);
		free(t->v[i].regex);
		free(t->v[i].tmpl);
		pyre_free(&t->v[i].lre);
		free(t->v[i].lgid);
	}
	for (i = 0; i < t->ns; i++)
		state_free(&t->s[i]);
	free(t->v);
	free(t->s);
	free(t->name);
	free(t);
}

static int compile_text(struct textfsm *t, const char *text, size_t len,
			struct si_error *err)
{
	struct tpl_reader r = {text, len, 0, 0, NULL, 0};
	pcre2_match_data *md = pcre2_match_data_create(32, NULL);
	bool done = false;
	int rc;

	if (!md)
		return tf_nomem(err, t);
	rc = parse_values(t, &r, md, err);
	while (!rc && !done)
		rc = parse_state(t, &r, md, &done, err);
	if (!rc)
		rc = validate(t, err);
	pcre2_match_data_free(md);
	return rc;
}

/* textfsm_compile() with the reason: 0, TEXTFSM_ETEMPLATE or _ENOMEM. */
static int compile_rc(const char *text, size_t len, const char *name,
		      struct textfsm **out, struct si_error *err)
{
	struct textfsm *t;
	char *clean;
	size_t clen;
	int rc;

	*out = NULL;
	pthread_once(&P_once, P_init);
	t = calloc(1, sizeof(*t));
	if (!t || !(t->name = strdup(name ? name : "<template>"))) {
		free(t);
		si_error_set(err, name, 0, 0, "out of memory");
		return TEXTFSM_ENOMEM;
	}
	if (!P.ok) {
		si_error_set(err, name, 0, 0, "internal error: PCRE2 set-up");
		textfsm_free(t);
		return TEXTFSM_ENOMEM;
	}
	clean = u8_clean(text, len, &clen);
	rc = clean ? compile_text(t, clean, clen, err) : tf_nomem(err, t);
	free(clean);
	if (rc) {
		textfsm_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

struct textfsm *textfsm_compile(const char *text, size_t len,
				const char *name, struct si_error *err)
{
	struct textfsm *t;

	compile_rc(text, len, name, &t, err);
	return t;
}

/* textfsm_load() with the reason: 0, TEXTFSM_EIO, _ETEMPLATE or _ENOMEM. */
static int load_rc(const char *path, struct textfsm **out,
		   struct si_error *err)
{
	char *data;
	size_t len;
	int rc;

	*out = NULL;
	if (fs_read_file(path, TF_MAX_TEMPLATE, &data, &len, err))
		return TEXTFSM_EIO;
	rc = compile_rc(data, len, path, out, err);
	free(data);
	return rc;
}

struct textfsm *textfsm_load(const char *path, struct si_error *err)
{
	struct textfsm *t;

	load_rc(path, &t, err);
	return t;
}

const char *textfsm_name(const struct textfsm *t)
{
	return t->name;
}

size_t textfsm_nvalues(const struct textfsm *t)
{
	return t->nv;
}

const char *textfsm_value_name(const struct textfsm *t, size_t i)
{
	return i < t->nv ? t->v[i].name : NULL;
}

unsigned textfsm_value_options(const struct textfsm *t, size_t i)
{
	return i < t->nv ? t->v[i].bits : 0;
}

int textfsm_value_index(const struct textfsm *t, const char *name)
{
	const struct tf_value *v = value_by_name(t, name, strlen(name));

	return v ? (int)(v - t->v) : -1;
}

/* ======================================================================
 * 4. engine
 * ==================================================================== */

void textfsm_limits_default(struct textfsm_limits *lim)
{
	lim->max_input = 64u << 20;
	lim->max_records = 1000000;
	lim->max_output = 256u << 20;
	lim->match_limit = 100000000;
	lim->depth_limit = 100000;
}

/* Items of a list cell.  Every string is a NUL-terminated copy in the
 * result's arena. */
enum { IT_NONE, IT_STR, IT_DICT };

struct tf_kv {
	const char *name;
	const char *s;		/* NULL: the group did not take part */
	size_t len;
};

struct tf_item {
	int kind;
	const char *s;		/* IT_STR */
	size_t len;		/* IT_STR: bytes; IT_DICT: entries */
	const struct tf_kv *kv;	/* IT_DICT */
};

struct tf_cell {
	int kind;		/* enum textfsm_cell */
	const char *s;
	size_t len;		/* bytes, or items of a list */
	const struct tf_item *items;
};

struct achunk {
	struct achunk *next;
	size_t used, cap;
	max_align_t data[];
};

struct textfsm_result {
	char *text;		/* the cleaned input, while parsing */
	size_t textlen;
	char **names;
	size_t nv;
	struct tf_cell *cells;	/* nrec rows of nv cells */
	size_t nrec, caprec;
	struct achunk *arena;
};

static void *arena_alloc(struct achunk **head, size_t n)
{
	struct achunk *c = *head;
	size_t align = sizeof(max_align_t);
	void *p;

	n = (n + align - 1) / align * align;
	if (!c || c->cap - c->used < n) {
		size_t cap = n > (64u << 10) ? n : (64u << 10);

		c = malloc(sizeof(*c) + cap);
		if (!c)
			return NULL;
		c->next = *head;
		c->used = 0;
		c->cap = cap;
		*head = c;
	}
	p = (char *)c->data + c->used;
	c->used += n;
	return p;
}

/* A NUL-terminated copy in the arena: what the records keep. */
static const char *arena_str(struct achunk **head, const char *s, size_t n)
{
	char *c = arena_alloc(head, n + 1);

	if (c) {
		memcpy(c, s, n);
		c[n] = '\0';
	}
	return c;
}

/* The live state of one Value: value.value, Filldown's _myvar, List's
 * _value, as the reference keeps them. */
enum { VK_NONE, VK_STR, VK_LIST };

struct rt_value {
	int kind;
	const char *s;
	size_t len;
	bool fd_set;
	const char *fd_s;
	size_t fd_len;
	struct tf_item *list;
	size_t nlist, caplist;
};

struct run {
	const struct textfsm *t;
	struct textfsm_result *r;
	struct rt_value *rv;
	const char ***dictnames;	/* per List value: its dict keys */
	pcre2_match_data *md;	/* for rules */
	pcre2_match_data *lmd;	/* for List values' nested groups */
	pcre2_match_context *mc;
	pcre2_jit_stack *js;
	struct textfsm_limits lim;
	size_t out_bytes;
	const char *input;
	size_t lineno;
	const char *line;
	size_t linelen;
	struct si_error *err;
	int state;		/* current state index */
	int stop;		/* 0, T_END or T_EOF */
};

static int run_nomem(struct run *R)
{
	si_error_set(R->err, R->input, (int)R->lineno, 0, "out of memory");
	return TEXTFSM_ENOMEM;
}

static int run_account(struct run *R, size_t bytes)
{
	R->out_bytes += bytes;
	if (R->out_bytes > R->lim.max_output) {
		si_error_set(R->err, R->input, (int)R->lineno, 0,
			     "records hold more than %zu bytes of text "
			     "(limit)", R->lim.max_output);
		return TEXTFSM_ELIMIT;
	}
	return 0;
}

static int pcre_failure(struct run *R, int rc, int rule_line)
{
	PCRE2_UCHAR msg[160];

	pcre2_get_error_message(rc, msg, sizeof(msg));
	si_error_set(R->err, R->input, (int)R->lineno, 0,
		     "the regular expression at %s:%d failed on this line: %s",
		     R->t->name, rule_line, (const char *)msg);
	return rc == PCRE2_ERROR_NOMEMORY ? TEXTFSM_ENOMEM : TEXTFSM_ELIMIT;
}

static bool cell_truthy(const struct tf_cell *c)
{
	return c->len > 0;
}

/* Fillup.OnAssignVar(): copy up into earlier records until one has it. */
static int fillup(struct run *R, size_t vi, const char *s, size_t n)
{
	struct textfsm_result *r = R->r;
	size_t k;
	int rc;

	for (k = r->nrec; k-- > 0;) {
		struct tf_cell *c = &r->cells[k * r->nv + vi];

		if (cell_truthy(c))
			break;
		c->kind = TEXTFSM_CELL_STR;
		c->s = arena_str(&r->arena, s, n);
		if (!c->s)
			return run_nomem(R);
		c->len = n;
		c->items = NULL;
		if ((rc = run_account(R, n + 4)))
			return rc;
	}
	return 0;
}

static size_t item_bytes(const struct tf_item *it);

/* List.OnAssignVar(): a string, or a dict of the regex's named groups. */
static int list_append(struct run *R, size_t vi, const char *s, size_t n,
		       bool none)
{
	const struct tf_value *v = &R->t->v[vi];
	struct rt_value *rv = &R->rv[vi];
	struct tf_item it = {none ? IT_NONE : IT_STR, s, n, NULL};
	int rc;

	if (!none && v->lre.groups > 1 && v->nlg) {
		rc = pyre_exec(&v->lre, s, n, R->lmd, R->mc);

		if (rc < 0 && rc != PCRE2_ERROR_NOMATCH)
			return pcre_failure(R, rc, v->line);
		if (rc > 0) {
			struct tf_kv *kv =
				arena_alloc(&R->r->arena, v->nlg * sizeof(*kv));
			uint32_t k;

			if (!kv)
				return run_nomem(R);
			for (k = 0; k < v->nlg; k++) {
				const char *g;
				size_t gn;

				kv[k].name = R->dictnames[vi][k];
				kv[k].s = NULL;
				kv[k].len = 0;
				if (!group_of(R->lmd, rc, (int)v->lgid[k], &g,
					      &gn, s))
					continue;
				kv[k].s = arena_str(&R->r->arena, g, gn);
				kv[k].len = gn;
				if (!kv[k].s)
					return run_nomem(R);
			}
			it.kind = IT_DICT;
			it.kv = kv;
			it.len = v->nlg;
			it.s = NULL;
		}
	}
	if (it.kind == IT_STR && !(it.s = arena_str(&R->r->arena, s, n)))
		return run_nomem(R);
	/* copies made now count against the bound even if never recorded */
	if ((rc = run_account(R, item_bytes(&it))))
		return rc;
	if (rv->nlist == rv->caplist) {
		size_t cap = rv->caplist ? rv->caplist * 2 : 8;
		struct tf_item *nl = realloc(rv->list, cap * sizeof(*nl));

		if (!nl)
			return run_nomem(R);
		rv->list = nl;
		rv->caplist = cap;
	}
	rv->list[rv->nlist++] = it;
	return 0;
}

/* TextFSMValue.AssignVar(): the options' hooks run in the order written. */
static int assign(struct run *R, size_t vi, const char *s, size_t n,
		  bool none)
{
	const struct tf_value *v = &R->t->v[vi];
	struct rt_value *rv = &R->rv[vi];
	int k, rc = 0;

	rv->kind = none ? VK_NONE : VK_STR;
	rv->s = s;
	rv->len = n;
	for (k = 0; k < v->nopt && !rc; k++) {
		switch (v->opt[k]) {
		case O_FILLDOWN:
			rv->fd_set = !none;
			rv->fd_s = s;
			rv->fd_len = n;
			break;
		case O_FILLUP:
			if (!none && n)
				rc = fillup(R, vi, s, n);
			break;
		case O_LIST:
			rc = list_append(R, vi, s, n, none);
			break;
		default:
			break;
		}
	}
	return rc;
}

static void clear_value(struct run *R, size_t vi, bool all)
{
	const struct tf_value *v = &R->t->v[vi];
	struct rt_value *rv = &R->rv[vi];
	int k;

	rv->kind = VK_NONE;
	for (k = 0; k < v->nopt; k++) {
		if (v->opt[k] == O_FILLDOWN) {
			if (all) {
				rv->fd_set = false;
			} else if (rv->fd_set) {
				rv->kind = VK_STR;
				rv->s = rv->fd_s;
				rv->len = rv->fd_len;
			}
		} else if (v->opt[k] == O_LIST) {
			if (all || !(v->bits & TEXTFSM_OPT_FILLDOWN))
				rv->nlist = 0;
		}
	}
}

static void clear_record(struct run *R, bool all)
{
	size_t i;

	for (i = 0; i < R->t->nv; i++)
		clear_value(R, i, all);
}

static bool value_truthy(const struct rt_value *rv)
{
	if (rv->kind == VK_LIST)
		return rv->nlist > 0;
	return rv->kind == VK_STR && rv->len > 0;
}

static size_t item_bytes(const struct tf_item *it)
{
	size_t k, b = 8;

	if (it->kind == IT_STR)
		b += it->len;
	else if (it->kind == IT_DICT)
		for (k = 0; k < it->len; k++)
			b += strlen(it->kv[k].name) + it->kv[k].len + 8;
	return b;
}

static int store_cell(struct run *R, struct tf_cell *c, size_t vi)
{
	struct rt_value *rv = &R->rv[vi];
	struct tf_item *items;
	size_t k, bytes = 4;

	memset(c, 0, sizeof(*c));
	c->kind = TEXTFSM_CELL_STR;
	c->s = "";
	if (rv->kind == VK_STR) {
		c->s = arena_str(&R->r->arena, rv->s, rv->len);
		if (!c->s)
			return run_nomem(R);
		c->len = rv->len;
		bytes += rv->len;
	} else if (rv->kind == VK_LIST) {
		c->kind = TEXTFSM_CELL_LIST;
		c->len = rv->nlist;
		if (rv->nlist) {
			items = arena_alloc(&R->r->arena,
					    rv->nlist * sizeof(*items));
			if (!items)
				return run_nomem(R);
			memcpy(items, rv->list, rv->nlist * sizeof(*items));
			c->items = items;
		}
		for (k = 0; k < rv->nlist; k++)
			bytes += item_bytes(&rv->list[k]);
	}
	return run_account(R, bytes);
}

/* _AppendRecord(). */
static int append_record(struct run *R)
{
	struct textfsm_result *r = R->r;
	size_t i, nv = R->t->nv;
	bool empty = true;
	int k, rc;

	if (!nv)
		return 0;
	for (i = 0; i < nv; i++) {
		const struct tf_value *v = &R->t->v[i];
		struct rt_value *rv = &R->rv[i];

		for (k = 0; k < v->nopt; k++) {
			if (v->opt[k] == O_REQUIRED && !value_truthy(rv)) {
				clear_record(R, false);
				return 0;
			}
			if (v->opt[k] == O_LIST)
				rv->kind = VK_LIST;
		}
		if (value_truthy(rv) || rv->kind == VK_STR)
			empty = false;
	}
	if (empty)
		return 0;
	if (r->nrec >= R->lim.max_records) {
		si_error_set(R->err, R->input, (int)R->lineno, 0,
			     "more than %zu records (limit)",
			     R->lim.max_records);
		return TEXTFSM_ELIMIT;
	}
	if (r->nrec == r->caprec) {
		size_t cap = r->caprec ? r->caprec * 2 : 16;
		struct tf_cell *nc = realloc(r->cells, cap * nv * sizeof(*nc));

		if (!nc)
			return run_nomem(R);
		r->cells = nc;
		r->caprec = cap;
	}
	for (i = 0; i < nv; i++)
		if ((rc = store_cell(R, &r->cells[r->nrec * nv + i], i)))
			return rc;
	r->nrec++;
	clear_record(R, false);
	return 0;
}

static int error_action(struct run *R, const struct tf_rule *ru)
{
	if (ru->new_state)
		si_error_set(R->err, R->input, (int)R->lineno, 0,
			     "Error: %s. Rule Line: %d. Input Line: %.*s.",
			     ru->new_state, ru->line, (int)R->linelen, R->line);
	else
		si_error_set(R->err, R->input, (int)R->lineno, 0,
			     "State Error raised. Rule Line: %d. Input Line: "
			     "%.*s", ru->line, (int)R->linelen, R->line);
	return TEXTFSM_EINPUT;
}

/* _CheckLine(): the first rule of the state that matches acts. */
static int check_line(struct run *R, const char *line, size_t n)
{
	const struct tf_state *st = &R->t->s[R->state];
	size_t k, a;
	int rc;

	R->line = line;
	R->linelen = n;
	for (k = 0; k < st->n; k++) {
		const struct tf_rule *ru = &st->rules[k];

		rc = pyre_exec(&ru->re, line, n, R->md, R->mc);
		if (rc == PCRE2_ERROR_NOMATCH)
			continue;
		if (rc < 0)
			return pcre_failure(R, rc, ru->line);
		for (a = 0; a < ru->nas; a++) {
			const char *s = NULL;
			size_t len = 0;
			bool set = group_of(R->md, rc, (int)ru->as[a].gid, &s,
					    &len, line);
			int arc = assign(R, ru->as[a].val, s, len, !set);

			if (arc)
				return arc;
		}
		rc = 0;
		if (ru->rec_op == RO_RECORD)
			rc = append_record(R);
		else if (ru->rec_op == RO_CLEAR)
			clear_record(R, false);
		else if (ru->rec_op == RO_CLEARALL)
			clear_record(R, true);
		if (rc)
			return rc;
		if (ru->line_op == LO_ERROR)
			return error_action(R, ru);
		if (ru->line_op == LO_CONTINUE)
			continue;
		if (ru->target == T_END || ru->target == T_EOF)
			R->stop = ru->target;
		else if (ru->target >= 0)
			R->state = ru->target;
		return 0;
	}
	return 0;
}

static int run_setup(struct run *R)
{
	const struct textfsm *t = R->t;
	uint32_t maxg = t->maxgroups;
	size_t i, k;

	R->rv = calloc(t->nv ? t->nv : 1, sizeof(*R->rv));
	R->dictnames = calloc(t->nv ? t->nv : 1, sizeof(*R->dictnames));
	R->r->names = calloc(t->nv ? t->nv : 1, sizeof(char *));
	if (!R->rv || !R->dictnames || !R->r->names)
		return -1;
	R->r->nv = t->nv;
	for (i = 0; i < t->nv; i++) {
		const struct tf_value *v = &t->v[i];

		if (!(R->r->names[i] = strdup(v->name)))
			return -1;
		if (v->lre.groups > maxg)
			maxg = v->lre.groups;
		if (!v->nlg)
			continue;
		R->dictnames[i] = arena_alloc(&R->r->arena,
					      v->nlg * sizeof(char *));
		if (!R->dictnames[i])
			return -1;
		for (k = 0; k < v->nlg; k++) {
			const char *nm = v->lre.names[v->lgid[k]];
			char *c = arena_alloc(&R->r->arena, strlen(nm) + 1);

			if (!c)
				return -1;
			R->dictnames[i][k] = strcpy(c, nm);
		}
	}
	R->md = pcre2_match_data_create(t->maxgroups + 1, NULL);
	R->lmd = pcre2_match_data_create(maxg + 1, NULL);
	R->mc = pcre2_match_context_create(NULL);
	R->js = pcre2_jit_stack_create(32u << 10, 8u << 20, NULL);
	if (!R->md || !R->lmd || !R->mc || !R->js)
		return -1;
	pcre2_set_match_limit(R->mc, R->lim.match_limit);
	pcre2_set_depth_limit(R->mc, R->lim.depth_limit);
	pcre2_jit_stack_assign(R->mc, NULL, R->js);
	return 0;
}

static void run_cleanup(struct run *R)
{
	size_t i;

	for (i = 0; R->rv && i < R->t->nv; i++)
		free(R->rv[i].list);
	free(R->rv);
	free(R->dictnames);
	pcre2_match_data_free(R->md);
	pcre2_match_data_free(R->lmd);
	pcre2_match_context_free(R->mc);
	if (R->js)
		pcre2_jit_stack_free(R->js);
}

void textfsm_result_free(struct textfsm_result *r)
{
	size_t i;

	if (!r)
		return;
	while (r->arena) {
		struct achunk *next = r->arena->next;

		free(r->arena);
		r->arena = next;
	}
	for (i = 0; r->names && i < r->nv; i++)
		free(r->names[i]);
	free(r->names);
	free(r->cells);
	free(r->text);
	free(r);
}

/* ParseText(): every line through the machine, then the implicit EOF
 * record unless the machine reached End or the template has an EOF
 * state. */
static int run_lines(struct run *R)
{
	size_t pos = 0, n;
	const char *line;
	int rc;

	while (py_nextline(R->r->text, R->r->textlen, &pos, &line, &n)) {
		R->lineno++;
		if ((rc = check_line(R, line, n)))
			return rc;
		if (R->stop)
			break;
	}
	if (R->stop != T_END && !R->t->has_eof)
		return append_record(R);
	return 0;
}

int textfsm_parse(const struct textfsm *t, const char *text, size_t len,
		  const char *input_name, const struct textfsm_limits *lim,
		  struct textfsm_result **out, struct si_error *err)
{
	struct run R;
	int rc;

	*out = NULL;
	memset(&R, 0, sizeof(R));
	R.t = t;
	R.err = err;
	R.input = input_name ? input_name : "<input>";
	R.state = t->start;
	if (lim)
		R.lim = *lim;
	else
		textfsm_limits_default(&R.lim);
	R.r = calloc(1, sizeof(*R.r));
	if (!R.r)
		return run_nomem(&R);
	R.r->text = u8_clean(text ? text : "", text ? len : 0, &R.r->textlen);
	if (!R.r->text || run_setup(&R)) {
		rc = run_nomem(&R);
	} else {
		rc = run_lines(&R);
	}
	run_cleanup(&R);
	if (rc) {
		textfsm_result_free(R.r);
		return rc;
	}
	free(R.r->text);	/* the records hold copies */
	R.r->text = NULL;
	*out = R.r;
	return 0;
}

int textfsm_parse_file(const struct textfsm *t, const char *path,
		       const struct textfsm_limits *lim,
		       struct textfsm_result **out, struct si_error *err)
{
	struct textfsm_limits dl;
	const char *src = strcmp(path, "-") == 0 ? "/dev/stdin" : path;
	char *data;
	size_t len;
	int rc;

	if (!lim) {
		textfsm_limits_default(&dl);
		lim = &dl;
	}
	*out = NULL;
	if (fs_read_file(src, lim->max_input, &data, &len, err)) {
		snprintf(err->file, sizeof(err->file), "%s", path);
		return TEXTFSM_EIO;
	}
	rc = textfsm_parse(t, data, len, path, lim, out, err);
	free(data);
	return rc;
}

/* ---- result accessors ---------------------------------------------- */

size_t textfsm_result_count(const struct textfsm_result *r)
{
	return r->nrec;
}

size_t textfsm_result_nvalues(const struct textfsm_result *r)
{
	return r->nv;
}

const char *textfsm_result_value_name(const struct textfsm_result *r,
				      size_t col)
{
	return col < r->nv ? r->names[col] : NULL;
}

static const struct tf_cell *cell_at(const struct textfsm_result *r,
				     size_t rec, size_t col)
{
	if (rec >= r->nrec || col >= r->nv)
		return NULL;
	return &r->cells[rec * r->nv + col];
}

enum textfsm_cell textfsm_result_kind(const struct textfsm_result *r,
				      size_t rec, size_t col)
{
	const struct tf_cell *c = cell_at(r, rec, col);

	return c ? (enum textfsm_cell)c->kind : TEXTFSM_CELL_STR;
}

const char *textfsm_result_str(const struct textfsm_result *r, size_t rec,
			       size_t col, size_t *len)
{
	const struct tf_cell *c = cell_at(r, rec, col);

	if (!c || c->kind != TEXTFSM_CELL_STR) {
		if (len)
			*len = 0;
		return "";
	}
	if (len)
		*len = c->len;
	return c->s;
}

/* ======================================================================
 * 5. output
 * ==================================================================== */

/* Where JSON text goes: a bounded sbuf, or a stdio stream. */
struct jout {
	struct sbuf *b;
	FILE *f;
	bool failed;
};

static void jw(struct jout *o, const char *s, size_t n)
{
	if (o->b) {
		if (sbuf_add(o->b, s, n) < 0)
			o->failed = true;
	} else if (n && fwrite(s, 1, n, o->f) != n) {
		o->failed = true;
	}
}

static void jws(struct jout *o, const char *s)
{
	jw(o, s, strlen(s));
}

static void json_str(struct jout *b, const char *s, size_t n)
{
	size_t i, run = 0;

	jw(b, "\"", 1);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char u[8];

		if (c == '"')
			esc = "\\\"";
		else if (c == '\\')
			esc = "\\\\";
		else if (c == '\n')
			esc = "\\n";
		else if (c == '\t')
			esc = "\\t";
		else if (c == '\r')
			esc = "\\r";
		else if (c == '\b')
			esc = "\\b";
		else if (c == '\f')
			esc = "\\f";
		else if (c < 0x20) {
			snprintf(u, sizeof(u), "\\u%04x", c);
			esc = u;
		}
		if (!esc)
			continue;
		jw(b, s + run, i - run);
		jws(b, esc);
		run = i + 1;
	}
	jw(b, s + run, n - run);
	jw(b, "\"", 1);
}

static void json_item(struct jout *b, const struct tf_item *it)
{
	size_t k;

	if (it->kind == IT_NONE) {
		jws(b, "null");
	} else if (it->kind == IT_STR) {
		json_str(b, it->s, it->len);
	} else {
		jw(b, "{", 1);
		for (k = 0; k < it->len; k++) {
			if (k)
				jws(b, ", ");
			json_str(b, it->kv[k].name, strlen(it->kv[k].name));
			jws(b, ": ");
			if (it->kv[k].s)
				json_str(b, it->kv[k].s, it->kv[k].len);
			else
				jws(b, "null");
		}
		jw(b, "}", 1);
	}
}

static int write_json(const struct textfsm_result *r, struct jout *out)
{
	size_t i, j, k;

	if (!r->nrec) {
		jws(out, "[]\n");
		return out->failed ? -1 : 0;
	}
	jws(out, "[\n");
	for (i = 0; i < r->nrec && !out->failed; i++) {
		jws(out, "  {");
		for (j = 0; j < r->nv; j++) {
			const struct tf_cell *c = cell_at(r, i, j);

			if (j)
				jws(out, ", ");
			json_str(out, r->names[j], strlen(r->names[j]));
			jws(out, ": ");
			if (c->kind == TEXTFSM_CELL_STR) {
				json_str(out, c->s, c->len);
				continue;
			}
			jw(out, "[", 1);
			for (k = 0; k < c->len; k++) {
				if (k)
					jws(out, ", ");
				json_item(out, &c->items[k]);
			}
			jw(out, "]", 1);
		}
		jws(out, i + 1 < r->nrec ? "},\n" : "}\n");
	}
	jws(out, "]\n");
	return out->failed ? -1 : 0;
}

int textfsm_result_write_json(const struct textfsm_result *r,
			      struct sbuf *out)
{
	struct jout o = {out, NULL, false};

	return write_json(r, &o);
}

/* A cJSON string (NUL-terminated, so a NUL inside becomes U+FFFD). */
static cJSON *cj_str(const char *s, size_t n)
{
	size_t nul = 0, i, o = 0;
	char *tmp;
	cJSON *j;

	for (i = 0; i < n; i++)
		nul += s[i] == '\0';
	tmp = malloc(n + 2 * nul + 1);
	if (!tmp)
		return NULL;
	for (i = 0; i < n; i++) {
		if (s[i]) {
			tmp[o++] = s[i];
		} else {
			memcpy(tmp + o, "\xef\xbf\xbd", 3);
			o += 3;
		}
	}
	tmp[o] = '\0';
	j = cJSON_CreateString(tmp);
	free(tmp);
	return j;
}

static cJSON *cj_item(const struct tf_item *it)
{
	cJSON *o, *x;
	size_t k;

	if (it->kind == IT_NONE)
		return cJSON_CreateNull();
	if (it->kind == IT_STR)
		return cj_str(it->s, it->len);
	o = cJSON_CreateObject();
	for (k = 0; o && k < it->len; k++) {
		x = it->kv[k].s ? cj_str(it->kv[k].s, it->kv[k].len) :
				  cJSON_CreateNull();
		if (!x || !cJSON_AddItemToObject(o, it->kv[k].name, x)) {
			cJSON_Delete(x);
			cJSON_Delete(o);
			return NULL;
		}
	}
	return o;
}

static cJSON *cj_cell(const struct tf_cell *c)
{
	cJSON *a, *x;
	size_t k;

	if (c->kind == TEXTFSM_CELL_STR)
		return cj_str(c->s, c->len);
	a = cJSON_CreateArray();
	for (k = 0; a && k < c->len; k++) {
		x = cj_item(&c->items[k]);
		if (!x || !cJSON_AddItemToArray(a, x)) {
			cJSON_Delete(x);
			cJSON_Delete(a);
			return NULL;
		}
	}
	return a;
}

cJSON *textfsm_result_to_cjson(const struct textfsm_result *r)
{
	cJSON *arr = cJSON_CreateArray(), *rec, *x;
	size_t i, j;

	for (i = 0; arr && i < r->nrec; i++) {
		rec = cJSON_CreateObject();
		if (!rec || !cJSON_AddItemToArray(arr, rec)) {
			cJSON_Delete(rec);
			goto fail;
		}
		for (j = 0; j < r->nv; j++) {
			x = cj_cell(cell_at(r, i, j));
			if (!x || !cJSON_AddItemToObject(rec, r->names[j], x)) {
				cJSON_Delete(x);
				goto fail;
			}
		}
	}
	return arr;
fail:
	cJSON_Delete(arr);
	return NULL;
}

/* ======================================================================
 * 6. libraries: template directories and index files
 * ==================================================================== */

static bool is_regular(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

char *textfsm_find(const char *const *dirs, size_t n, const char *name)
{
	size_t i, k;

	if (!name || !*name)
		return NULL;
	if (strchr(name, '/'))
		return is_regular(name) ? strdup(name) : NULL;
	for (i = 0; i < n; i++) {
		for (k = 0; k < 2; k++) {
			char *base = k ? malloc(strlen(name) + 9) : NULL, *p;

			if (k && !base)
				return NULL;
			if (base)
				sprintf(base, "%s.textfsm", name);
			p = fs_join(dirs[i], base ? base : name);
			free(base);
			if (p && is_regular(p))
				return p;
			free(p);
		}
	}
	return NULL;
}

struct ix_row {
	char **cell;		/* ncols strings */
	struct pyre *re;	/* ncols: compiled cells (code NULL: none) */
	int line;
};

struct textfsm_index {
	char *path;
	char **header;
	size_t ncols;
	int col_template;
	struct ix_row *rows;
	size_t nrows;
};

static void ix_row_free(struct ix_row *row, size_t ncols)
{
	size_t j;

	for (j = 0; j < ncols; j++) {
		if (row->cell)
			free(row->cell[j]);
		if (row->re)
			pyre_free(&row->re[j]);
	}
	free(row->cell);
	free(row->re);
}

void textfsm_index_free(struct textfsm_index *ix)
{
	size_t i;

	if (!ix)
		return;
	for (i = 0; i < ix->nrows; i++)
		ix_row_free(&ix->rows[i], ix->ncols);
	for (i = 0; ix->header && i < ix->ncols; i++)
		free(ix->header[i]);
	free(ix->header);
	free(ix->rows);
	free(ix->path);
	free(ix);
}

/* Splits s[0..n) at commas, each field str.strip()ped. */
static char **split_fields(const char *s, size_t n, size_t *count)
{
	size_t k = 1, i, f = 0, start = 0;
	char **v;

	for (i = 0; i < n; i++)
		k += s[i] == ',';
	v = calloc(k, sizeof(*v));
	if (!v)
		return NULL;
	for (i = 0; i <= n; i++) {
		if (i < n && s[i] != ',')
			continue;
		{
			const char *p = s + start;
			size_t len = i - start, sk = py_lskip(p, len);

			len = py_rstrip(p + sk, len - sk);
			v[f] = xstrndup(p + sk, len);
			if (!v[f++]) {
				while (f--)
					free(v[f]);
				free(v);
				return NULL;
			}
		}
		start = i + 1;
	}
	*count = k;
	return v;
}

static void free_fields(char **v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++)
		free(v[i]);
	free(v);
}

/* clitable's _Completion: "[[abc]]" becomes "(a(b(c)?)?)?". */
static char *expand_completions(const char *s)
{
	struct sbuf b;
	size_t i = 0, n = strlen(s), j, k, adv;

	sbuf_init(&b, SBUF_UNLIMITED);
	while (i < n) {
		if (s[i] == '[' && i + 1 < n && s[i + 1] == '[') {
			for (j = i + 3; j + 1 < n; j++)
				if (s[j] == ']' && s[j + 1] == ']')
					break;
			if (j + 1 < n) {
				size_t chars = 0;

				for (k = i + 2; k < j; k += adv) {
					u8_get(s + k, j - k, &adv);
					sbuf_addc(&b, '(');
					sbuf_add(&b, s + k, adv);
					chars++;
				}
				while (chars--)
					sbuf_adds(&b, ")?");
				i = j + 2;
				continue;
			}
		}
		sbuf_addc(&b, s[i++]);
	}
	return b.nomem ? (sbuf_free(&b), NULL) : sbuf_steal(&b);
}

static int ix_add_row(struct textfsm_index *ix, char **cell, int line,
		      struct si_error *err)
{
	struct ix_row *nr, *row;
	size_t j;
	char why[RX_WHY];

	nr = realloc(ix->rows, (ix->nrows + 1) * sizeof(*nr));
	if (!nr)
		return si_error_set(err, ix->path, line, 0, "out of memory");
	ix->rows = nr;
	row = &ix->rows[ix->nrows++];
	row->cell = cell;
	row->line = line;
	row->re = calloc(ix->ncols, sizeof(*row->re));
	if (!row->re)
		return si_error_set(err, ix->path, line, 0, "out of memory");
	for (j = 0; j < ix->ncols; j++) {
		char *pat;

		if ((int)j == ix->col_template || !cell[j][0])
			continue;
		pat = strcmp(ix->header[j], "Command") == 0 ?
			      expand_completions(cell[j]) : strdup(cell[j]);
		if (!pat)
			return si_error_set(err, ix->path, line, 0,
					    "out of memory");
		if (pyre_compile_str(&row->re[j], pat, why, sizeof(why))) {
			si_error_set(err, ix->path, line, 0,
				     "invalid regular expression '%s' in "
				     "column %s: %s", cell[j], ix->header[j],
				     why);
			free(pat);
			return -1;
		}
		free(pat);
	}
	return 0;
}

/* texttable's CsvToTable() with a header, as clitable reads an index. */
static int ix_parse(struct textfsm_index *ix, const char *text, size_t len,
		    struct si_error *err)
{
	size_t pos = 0, n, j, k;
	const char *line;
	int lineno = 0;

	while (!ix->header) {
		size_t hl;

		if (!file_nextline(text, len, &pos, &line, &n))
			return si_error_set(err, ix->path, 0, 0,
					    "no header line");
		lineno++;
		hl = memchr(line, '#', n) ? (size_t)((const char *)
			memchr(line, '#', n) - line) : n;
		k = py_lskip(line, hl);
		if (!py_rstrip(line + k, hl - k))
			continue;
		ix->header = split_fields(line + k, py_rstrip(line + k, hl - k),
					  &ix->ncols);
		if (!ix->header)
			return si_error_set(err, ix->path, lineno, 0,
					    "out of memory");
	}
	ix->col_template = -1;
	for (j = 0; j < ix->ncols; j++) {
		for (k = 0; k < j; k++)
			if (strcmp(ix->header[j], ix->header[k]) == 0)
				return si_error_set(err, ix->path, lineno, 0,
						    "Duplicate header entry "
						    "'%s'.", ix->header[j]);
		if (strcmp(ix->header[j], "Template") == 0)
			ix->col_template = (int)j;
	}
	if (ix->col_template < 0)
		return si_error_set(err, ix->path, lineno, 0,
				    "Index file does not have 'Template' "
				    "column.");
	while (file_nextline(text, len, &pos, &line, &n)) {
		char **cell;
		size_t nc;

		lineno++;
		if (n && line[0] == '#')
			continue;
		cell = split_fields(line, n, &nc);
		if (!cell)
			return si_error_set(err, ix->path, lineno, 0,
					    "out of memory");
		if (nc != ix->ncols) {	/* silently dropped, as clitable */
			free_fields(cell, nc);
			continue;
		}
		if (ix_add_row(ix, cell, lineno, err))
			return -1;
	}
	return 0;
}

struct textfsm_index *textfsm_index_load(const char *path,
					 struct si_error *err)
{
	struct textfsm_index *ix;
	char *data, *clean;
	size_t len, clen;

	pthread_once(&P_once, P_init);
	if (fs_read_file(path, TF_MAX_INDEX, &data, &len, err))
		return NULL;
	clean = u8_clean(data, len, &clen);
	free(data);
	ix = calloc(1, sizeof(*ix));
	if (!clean || !ix || !(ix->path = strdup(path))) {
		si_error_set(err, path, 0, 0, "out of memory");
		free(clean);
		textfsm_index_free(ix);
		return NULL;
	}
	if (ix_parse(ix, clean, clen, err)) {
		free(clean);
		textfsm_index_free(ix);
		return NULL;
	}
	free(clean);
	return ix;
}

static bool ix_cell_matches(const struct textfsm_index *ix,
			    const struct ix_row *row, const char *col,
			    const char *value, pcre2_match_data *md)
{
	size_t j;

	if (!value)
		return true;
	for (j = 0; j < ix->ncols; j++) {
		if (strcmp(ix->header[j], col) != 0)
			continue;
		if (!row->re[j].code)
			return true;
		return pyre_exec(&row->re[j], value, strlen(value), md,
				 NULL) > 0;
	}
	return true;	/* attributes missing from the index are skipped */
}

const char *textfsm_index_lookup(const struct textfsm_index *ix,
				 const char *platform, const char *command)
{
	pcre2_match_data *md = pcre2_match_data_create(64, NULL);
	const char *found = NULL;
	char *p = platform ? u8_clean(platform, strlen(platform), &(size_t){0})
			   : NULL;
	char *c = command ? u8_clean(command, strlen(command), &(size_t){0})
			  : NULL;
	size_t i;

	if (md && (p || !platform) && (c || !command)) {
		for (i = 0; !found && i < ix->nrows; i++) {
			const struct ix_row *row = &ix->rows[i];

			if (ix_cell_matches(ix, row, "Command", c, md) &&
			    ix_cell_matches(ix, row, "Platform", p, md))
				found = row->cell[ix->col_template];
		}
	}
	pcre2_match_data_free(md);
	free(p);
	free(c);
	return found;
}

struct lib_entry {
	char *path;
	struct textfsm *t;
};

struct textfsm_lib {
	char **dirs;
	struct textfsm_index **ix;
	size_t n;
	pthread_mutex_t mu;
	struct lib_entry *cache;
	size_t ncache, capcache;
};

void textfsm_lib_free(struct textfsm_lib *lib)
{
	size_t i;

	if (!lib)
		return;
	/* NOLINTBEGIN(clang-analyzer-core.NullDereference): n is 0 until dirs
	 * and ix exist; in textfsm_lib_new the analyser forgets calloc's 0s
	 * at pthread_mutex_init(&lib->mu) and takes n > 0 with dirs NULL. */
	for (i = 0; i < lib->n; i++) {
		free(lib->dirs[i]);
		textfsm_index_free(lib->ix[i]);
	}
	/* NOLINTEND(clang-analyzer-core.NullDereference) */
	for (i = 0; i < lib->ncache; i++) {
		free(lib->cache[i].path);
		textfsm_free(lib->cache[i].t);
	}
	free(lib->cache);
	free(lib->dirs);
	free(lib->ix);
	pthread_mutex_destroy(&lib->mu);
	free(lib);
}

struct textfsm_lib *textfsm_lib_new(const char *const *dirs, size_t n,
				    struct si_error *err)
{
	struct textfsm_lib *lib = calloc(1, sizeof(*lib));
	size_t i;

	if (!lib)
		goto nomem;
	pthread_mutex_init(&lib->mu, NULL);
	lib->dirs = calloc(n ? n : 1, sizeof(*lib->dirs));
	lib->ix = calloc(n ? n : 1, sizeof(*lib->ix));
	if (!lib->dirs || !lib->ix)
		goto nomem;
	for (i = 0; i < n; i++) {
		char *ixp;

		if (!(lib->dirs[lib->n] = strdup(dirs[i])))
			goto nomem;
		lib->n++;
		ixp = fs_join(dirs[i], "index");
		if (!ixp)
			goto nomem;
		if (is_regular(ixp)) {
			lib->ix[i] = textfsm_index_load(ixp, err);
			if (!lib->ix[i]) {
				free(ixp);
				textfsm_lib_free(lib);
				return NULL;
			}
		}
		free(ixp);
	}
	return lib;
nomem:
	si_error_set(err, NULL, 0, 0, "out of memory");
	textfsm_lib_free(lib);
	return NULL;
}

char *textfsm_lib_find(const struct textfsm_lib *lib, const char *name)
{
	return textfsm_find((const char *const *)lib->dirs, lib->n, name);
}

char *textfsm_lib_lookup(const struct textfsm_lib *lib, const char *platform,
			 const char *command)
{
	size_t i;

	for (i = 0; i < lib->n; i++) {
		const char *tpl, *colon;
		char *first, *path;

		if (!lib->ix[i])
			continue;
		tpl = textfsm_index_lookup(lib->ix[i], platform, command);
		if (!tpl)
			continue;
		colon = strchr(tpl, ':');
		first = xstrndup(tpl, colon ? (size_t)(colon - tpl)
					    : strlen(tpl));
		path = first ? fs_join(lib->dirs[i], first) : NULL;
		free(first);
		return path;
	}
	return NULL;
}

const struct textfsm *textfsm_lib_get(struct textfsm_lib *lib,
				      const char *path, struct si_error *err)
{
	struct textfsm *t = NULL;
	size_t i;

	pthread_mutex_lock(&lib->mu);
	for (i = 0; i < lib->ncache; i++) {
		if (strcmp(lib->cache[i].path, path) == 0) {
			t = lib->cache[i].t;
			break;
		}
	}
	if (!t && (t = textfsm_load(path, err)) != NULL) {
		if (lib->ncache == lib->capcache) {
			size_t cap = lib->capcache ? lib->capcache * 2 : 16;
			struct lib_entry *nc =
				realloc(lib->cache, cap * sizeof(*nc));

			if (nc) {
				lib->cache = nc;
				lib->capcache = cap;
			}
		}
		if (lib->ncache < lib->capcache &&
		    (lib->cache[lib->ncache].path = strdup(path)) != NULL) {
			lib->cache[lib->ncache++].t = t;
		} else {
			textfsm_free(t);
			t = NULL;
			si_error_set(err, path, 0, 0, "out of memory");
		}
	}
	pthread_mutex_unlock(&lib->mu);
	return t;
}

/* ======================================================================
 * 7. swinspect parse
 * ==================================================================== */

#define EX_OK 0
#define EX_USAGE 64
#define EX_DATAERR 65
#define EX_NOINPUT 66
#define EX_SOFTWARE 70

static int cli_usage(void)
{
	fputs("usage: swinspect parse [-d DIR]... [--max-records N] "
	      "TEMPLATE FILE\n"
	      "       swinspect parse [-d DIR]... --platform P --command CMD "
	      "FILE\n"
	      "       swinspect parse [-d DIR]... --which (TEMPLATE | --platform "
	      "P --command CMD)\n"
	      "Parses FILE (- for standard input) with a TextFSM template and "
	      "prints the\nrecords as JSON.  A TEMPLATE without '/' is also "
	      "looked up in the template\ndirectories; --platform and "
	      "--command choose it through their index files.\n"
	      "--which prints the template file that would be used.\n",
	      stderr);
	return EX_USAGE;
}

static void cli_error(const struct si_error *e)
{
	char buf[SI_ERROR_MSG_MAX + SI_ERROR_FILE_MAX + 32];

	fprintf(stderr, "%s\n", si_error_str(e, buf, sizeof(buf)));
}

static int rc_to_exit(int rc)
{
	switch (rc) {
	case TEXTFSM_ETEMPLATE:
	case TEXTFSM_EINPUT:
	case TEXTFSM_ELIMIT:
		return EX_DATAERR;
	case TEXTFSM_EIO:
		return EX_NOINPUT;
	default:
		return EX_SOFTWARE;
	}
}

struct cli_opts {
	const char **dirs;
	size_t ndirs;
	const char *platform, *command, *tpl, *input;
	size_t max_records;
	bool which;
};

static int cli_args(int argc, char **argv, struct cli_opts *o)
{
	int i, npos = 0;
	const char *pos[2];

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **val = NULL;
		const char *num = NULL;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)
			return -1;
		if (strcmp(a, "--which") == 0) {
			o->which = true;
			continue;
		}
		if (strcmp(a, "-d") == 0 || strcmp(a, "--dir") == 0) {
			if (++i >= argc)
				return -1;
			o->dirs[o->ndirs++] = argv[i];
			continue;
		}
		if (strcmp(a, "--platform") == 0)
			val = &o->platform;
		else if (strcmp(a, "--command") == 0)
			val = &o->command;
		else if (strcmp(a, "--max-records") == 0)
			val = &num;
		if (val) {
			char *e;

			if (++i >= argc)
				return -1;
			*val = argv[i];
			if (num) {
				o->max_records = strtoul(num, &e, 10);
				if (*e || !o->max_records)
					return -1;
			}
			continue;
		}
		if (strcmp(a, "--") == 0) {
			for (i++; i < argc && npos < 2; i++)
				pos[npos++] = argv[i];
			if (i < argc)
				return -1;
			break;
		}
		if (a[0] == '-' && a[1])
			return -1;
		if (npos == 2)
			return -1;
		pos[npos++] = a;
	}
	if (!o->platform != !o->command)
		return -1;
	if ((o->platform ? npos : npos - 1) != (o->which ? 0 : 1))
		return -1;
	o->tpl = o->platform ? NULL : pos[0];
	o->input = o->which ? NULL : pos[npos - 1];
	return 0;
}

/* The template file: a path, a name in the directories, or the index. */
static char *cli_template(const struct cli_opts *o, struct textfsm_lib *lib)
{
	if (!o->tpl)
		return textfsm_lib_lookup(lib, o->platform, o->command);
	if (strchr(o->tpl, '/') || is_regular(o->tpl))
		return strdup(o->tpl);
	return textfsm_lib_find(lib, o->tpl);
}

static int cli_print(const struct textfsm_result *res)
{
	struct jout o = {NULL, stdout, false};

	if (write_json(res, &o) < 0 || fflush(stdout) != 0) {
		fprintf(stderr, "parse: cannot write the records: %s\n",
			strerror(errno));
		return EX_SOFTWARE;
	}
	return EX_OK;
}

int textfsm_cli_dirs(int argc, char **argv, const char *const *dirs,
		     size_t n)
{
	struct cli_opts o;
	struct textfsm_limits lim;
	struct textfsm_lib *lib = NULL;
	struct textfsm_result *res = NULL;
	struct textfsm *t = NULL;
	struct si_error err;
	char *path = NULL;
	size_t i;
	int rc, ex;

	memset(&o, 0, sizeof(o));
	si_error_clear(&err);
	o.dirs = calloc((size_t)argc + n + 1, sizeof(*o.dirs));
	if (!o.dirs)
		return EX_SOFTWARE;
	if (cli_args(argc, argv, &o)) {
		free(o.dirs);
		return cli_usage();
	}
	for (i = 0; i < n; i++)
		o.dirs[o.ndirs++] = dirs[i];
	textfsm_limits_default(&lim);
	if (o.max_records)
		lim.max_records = o.max_records;
	lib = textfsm_lib_new(o.dirs, o.ndirs, &err);
	if (!lib) {
		cli_error(&err);
		ex = EX_DATAERR;
		goto out;
	}
	path = cli_template(&o, lib);
	if (!path) {
		if (o.tpl)
			fprintf(stderr, "%s: template not found\n", o.tpl);
		else
			fprintf(stderr, "no template for platform '%s', "
				"command '%s'\n", o.platform, o.command);
		ex = EX_NOINPUT;
		goto out;
	}
	if (o.which) {
		printf("%s\n", path);
		ex = fflush(stdout) ? EX_SOFTWARE : EX_OK;
		goto out;
	}
	rc = load_rc(path, &t, &err);
	if (rc) {
		cli_error(&err);
		ex = rc_to_exit(rc);
		goto out;
	}
	rc = textfsm_parse_file(t, o.input, &lim, &res, &err);
	if (rc) {
		cli_error(&err);
		ex = rc_to_exit(rc);
		goto out;
	}
	ex = cli_print(res);
out:
	textfsm_result_free(res);
	textfsm_free(t);
	textfsm_lib_free(lib);
	free(path);
	free(o.dirs);
	return ex;
}

int textfsm_cli(int argc, char **argv)
{
	const char *env = getenv("SWINSPECT_TEMPLATE_PATH");
	char *copy = env ? strdup(env) : NULL, *tok, *save = NULL;
	char *data = datadir_path("collectors/templates");
	const char *dirs[64];
	size_t n = 0;
	int ex;

	for (tok = copy ? strtok_r(copy, ":", &save) : NULL; tok && n < 63;
	     tok = strtok_r(NULL, ":", &save))
		dirs[n++] = tok;
	if (data)
		dirs[n++] = data;
	ex = textfsm_cli_dirs(argc, argv, dirs, n);
	free(copy);
	free(data);
	return ex;
}
