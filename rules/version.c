/* version.c - see version.h.  Every parser is pointer-advancing and
 * bounded: a version is at most VER_MAX_PARTS parts of at most 19 digits
 * or VER_WORD_MAX-1 letters; anything longer is refused, not cut. */
#include "config.h"
#include "version.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const scheme_names[VER__COUNT] = {
	[VER_AUTO] = "auto",	 [VER_DOTTED] = "dotted",
	[VER_CISCO] = "cisco",	 [VER_NXOS] = "nxos",
	[VER_VRP] = "vrp",	 [VER_COMWARE] = "comware",
	[VER_JUNOS] = "junos",	 [VER_EOS] = "eos",
};

int ver_scheme_parse(const char *name)
{
	for (int i = 0; i < VER__COUNT; i++)
		if (name && strcmp(name, scheme_names[i]) == 0)
			return i;
	return -1;
}

const char *ver_scheme_name(enum ver_scheme s)
{
	return (unsigned)s < VER__COUNT ? scheme_names[s] : "?";
}

const char *ver_scheme_list(void)
{
	return "auto, dotted, cisco, nxos, vrp, comware, junos, eos";
}

struct name_scheme {
	const char *name;
	enum ver_scheme scheme;
};

static const struct name_scheme family_map[] = {
	{"vrp", VER_VRP},	{"yunshan", VER_VRP},	  {"comware", VER_COMWARE},
	{"ios", VER_CISCO},	{"ios-xe", VER_CISCO},	  {"iosxe", VER_CISCO},
	{"nx-os", VER_NXOS},	{"nxos", VER_NXOS},	  {"inos", VER_NXOS},
	{"inos-cn", VER_NXOS},	{"junos", VER_JUNOS},	  {"junos-evo", VER_JUNOS},
	{"eos", VER_EOS},	{NULL, VER_AUTO},
};

static const struct name_scheme vendor_map[] = {
	{"huawei", VER_VRP},	{"h3c", VER_COMWARE}, {"cisco", VER_CISCO},
	{"juniper", VER_JUNOS}, {"arista", VER_EOS},  {NULL, VER_AUTO},
};

static enum ver_scheme map_find(const struct name_scheme *m, const char *s)
{
	for (; s && m->name; m++)
		if (strcasecmp(m->name, s) == 0)
			return m->scheme;
	return VER_AUTO;
}

enum ver_scheme ver_scheme_for(const char *vendor, const char *family)
{
	enum ver_scheme s = map_find(family_map, family);

	return s != VER_AUTO ? s : map_find(vendor_map, vendor);
}

/* Case-insensitive search for a word in s. */
static const char *find_ci(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; *s; s++)
		if (strncasecmp(s, word, n) == 0)
			return s;
	return NULL;
}

/* "V<digits>R<digit>" starts at s. */
static bool vrp_at(const char *s)
{
	const char *p = s + 1;

	if ((*s != 'V' && *s != 'v') || !isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	return (*p == 'R' || *p == 'r') && isdigit((unsigned char)p[1]);
}

static bool has_vrp_mark(const char *s)
{
	for (; *s; s++)
		if (vrp_at(s))
			return true;
	return false;
}

static bool looks_junos(const char *s)
{
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	if (*p++ != '.' || !isdigit((unsigned char)*p))
		return false;
	while (isdigit((unsigned char)*p))
		p++;
	return strchr("RXBI", *p) && *p && isdigit((unsigned char)p[1]);
}

static bool looks_eos(const char *s)
{
	const char *p = s;
	int dots = 0;

	while (isdigit((unsigned char)*p) || *p == '.')
		dots += *p++ == '.';
	return dots >= 2 && p > s && (*p == 'F' || *p == 'M') &&
	       (p[1] == '\0' || p[1] == '-' || isupper((unsigned char)p[1]));
}

enum ver_scheme ver_detect(const char *s)
{
	if (!s)
		return VER_DOTTED;
	if (has_vrp_mark(s))
		return VER_VRP;
	if (find_ci(s, "release") && strpbrk(s, "0123456789"))
		return VER_COMWARE;
	if (looks_junos(s))
		return VER_JUNOS;
	if (strchr(s, '('))
		return VER_CISCO;
	if (looks_eos(s))
		return VER_EOS;
	return VER_DOTTED;
}

static int fail(char *why, size_t n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;

	if (why && n) {
		va_start(ap, fmt);
		vsnprintf(why, n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* Reads a run of digits into a number part; NULL when too long. */
static const char *read_num(const char *p, struct ver_part *part)
{
	int digits = 0;

	part->word = false;
	part->num = 0;
	part->text[0] = '\0';
	while (isdigit((unsigned char)*p)) {
		if (++digits > 19)
			return NULL;
		part->num = part->num * 10 + (unsigned)(*p++ - '0');
	}
	return p;
}

static const char *read_word(const char *p, struct ver_part *part)
{
	size_t n = 0;

	part->word = true;
	part->num = 0;
	while (isalpha((unsigned char)*p)) {
		if (n + 1 >= sizeof(part->text))
			return NULL;
		part->text[n++] = *p++;
	}
	part->text[n] = '\0';
	return p;
}

static int add_part(struct ver *v, const struct ver_part *part)
{
	if (v->n >= VER_MAX_PARTS)
		return -1;
	v->p[v->n++] = *part;
	return 0;
}

static int add_num(struct ver *v, unsigned long long num)
{
	struct ver_part part = {.word = false, .num = num};

	return add_part(v, &part);
}

static int add_word(struct ver *v, const char *w)
{
	struct ver_part part = {.word = true};

	snprintf(part.text, sizeof(part.text), "%s", w);
	return add_part(v, &part);
}

/* Digits and letters as parts; everything else separates them. */
static int parse_tokens(const char *s, struct ver *v, char *why, size_t n)
{
	const char *p = s;

	while (*p) {
		struct ver_part part;

		if (isdigit((unsigned char)*p))
			p = read_num(p, &part);
		else if (isalpha((unsigned char)*p))
			p = read_word(p, &part);
		else if (isspace((unsigned char)*p) || strchr(".()-_,:/+", *p)) {
			p++;
			continue;
		} else
			return fail(why, n, "unexpected character in \"%s\"", s);
		if (!p || add_part(v, &part) < 0)
			return fail(why, n, "\"%s\" is too long for a version", s);
	}
	for (int i = 0; i < v->n; i++)
		if (!v->p[i].word)
			return 0;
	return fail(why, n, "\"%s\" has no number in it", s);
}

static int expect_num(const char **pp, unsigned long long *out)
{
	struct ver_part part;
	const char *p = *pp;

	if (!isdigit((unsigned char)*p) || !(p = read_num(p, &part)))
		return -1;
	*out = part.num;
	*pp = p;
	return 0;
}

/* V200R019C10SPC500 (SPH after SPC, C, SPC optional), anywhere in s. */
static int parse_vrp(const char *s, struct ver *v, char *why, size_t n)
{
	unsigned long long x;
	const char *p = s;

	while (*p && !vrp_at(p))
		p++;
	if (!*p) {	/* a plain dotted version: compare as such */
		v->scheme = VER_DOTTED;
		return parse_tokens(s, v, why, n);
	}
	p++;
	if (expect_num(&p, &x) < 0 || add_num(v, x) < 0 ||
	    (*p != 'R' && *p != 'r') || (p++, expect_num(&p, &x)) < 0 ||
	    add_num(v, x) < 0)
		return fail(why, n, "\"%s\" is not a VRP version "
			    "(VxxxRxxxCxxSPCxxx)", s);
	if ((*p == 'C' || *p == 'c') && isdigit((unsigned char)p[1])) {
		p++;
		if (expect_num(&p, &x) < 0 || add_num(v, x) < 0)
			return fail(why, n, "bad C part in \"%s\"", s);
	}
	if (strncasecmp(p, "SPC", 3) == 0) {
		p += 3;
		if (v->n < 3)
			add_num(v, 0);
		if (expect_num(&p, &x) < 0 || add_num(v, x) < 0)
			return fail(why, n, "bad SPC part in \"%s\"", s);
	}
	if (strncasecmp(p, "SPH", 3) == 0) {
		p += 3;
		while (v->n < 4)
			add_num(v, 0);
		if (expect_num(&p, &x) < 0 || add_num(v, x) < 0)
			return fail(why, n, "bad SPH part in \"%s\"", s);
	}
	while (*p && (isspace((unsigned char)*p) || *p == ')'))
		p++;
	if (*p)
		return fail(why, n, "unexpected text after the VRP version "
			    "in \"%s\"", s);
	return 0;
}

/* Release 6616P01 -> rel {6616, "P", 1}; release "6616" -> {6616, ""}. */
static int parse_release(const char *p, struct ver *v)
{
	struct ver_part part;

	if ((*p == 'R' || *p == 'r') && isdigit((unsigned char)p[1]))
		p++;
	if (!isdigit((unsigned char)*p) || !(p = read_num(p, &part)))
		return -1;
	v->rel[v->nrel++] = part;
	if (!(p = read_word(p, &part)))
		return -1;
	v->rel[v->nrel++] = part;
	if (isdigit((unsigned char)*p)) {
		if (!(p = read_num(p, &part)))
			return -1;
		v->rel[v->nrel++] = part;
	}
	while (isspace((unsigned char)*p) || *p == ')')
		p++;
	return *p ? -1 : 0;
}

static bool bare_release(const char *s)
{
	const char *p = s + ((*s == 'R' || *s == 'r') ? 1 : 0);
	size_t d = strspn(p, "0123456789");

	return d >= 4 && (p[d] == '\0' || isalpha((unsigned char)p[d]));
}

/* "7.1.070, Release 6616P01", "Release 6616P01", "6616P01", "7.1.070". */
static int parse_comware(const char *s, struct ver *v, char *why, size_t n)
{
	const char *rel = find_ci(s, "release");
	char dotted[64];
	size_t len;

	if (!rel && bare_release(s)) {
		if (parse_release(s, v) < 0)
			return fail(why, n, "bad Comware release \"%s\"", s);
		return 0;
	}
	if (rel) {
		const char *p = rel + 7;

		while (isspace((unsigned char)*p))
			p++;
		if (parse_release(p, v) < 0)
			return fail(why, n, "bad Comware release in \"%s\"", s);
	}
	len = rel ? (size_t)(rel - s) : strlen(s);
	if (len >= sizeof(dotted))
		return fail(why, n, "\"%s\" is too long for a version", s);
	memcpy(dotted, s, len);
	dotted[len] = '\0';
	if (strspn(dotted, " ,") == len)
		return 0;
	return parse_tokens(dotted, v, why, n);
}

/* 21.4R3-S5.3, 15.1X53-D59.4, 23.4R2-S2.1-EVO, 21.4 (a bound). */
static int parse_junos(const char *s, struct ver *v, char *why, size_t n)
{
	static const char types[] = "IBRX";
	unsigned long long x;
	const char *p = s, *t;
	unsigned long long svc = 0, spin = 0;
	bool evo = find_ci(s, "-evo") != NULL;

	if (expect_num(&p, &x) < 0 || add_num(v, x) < 0 || *p++ != '.' ||
	    expect_num(&p, &x) < 0 || add_num(v, x) < 0)
		return fail(why, n, "\"%s\" is not a Junos version "
			    "(like 21.4R3-S5)", s);
	if (!*p)
		return 0;
	if (!(t = strchr(types, *p)) || !*t)
		return fail(why, n, "unknown Junos release type in \"%s\"", s);
	add_word(v, *p == 'X' ? "X" : evo ? "EVO" : "R");
	add_num(v, (unsigned long long)(t - types));
	p++;
	if (expect_num(&p, &x) < 0 || add_num(v, x) < 0)
		return fail(why, n, "missing Junos build number in \"%s\"", s);
	if (*p == '.' && isdigit((unsigned char)p[1])) {
		p++;
		expect_num(&p, &spin);
	}
	if (p[0] == '-' && (p[1] == 'S' || p[1] == 'D')) {
		p += 2;
		if (expect_num(&p, &svc) < 0)
			return fail(why, n, "bad Junos service release in "
				    "\"%s\"", s);
		if (*p == '.' && isdigit((unsigned char)p[1])) {
			p++;
			expect_num(&p, &spin);
		}
	}
	if (*p && strcasecmp(p, "-evo") != 0)
		return fail(why, n, "unexpected text in Junos version \"%s\"",
			    s);
	add_num(v, svc);
	add_num(v, spin);
	return 0;
}

/* 4.28.3M, 4.28.3.1F: numbers padded to six, then the train letter. */
static int parse_eos(const char *s, struct ver *v, char *why, size_t n)
{
	const char *p = s;
	unsigned long long x;
	struct ver_part w = {.word = true};

	while (isdigit((unsigned char)*p)) {
		if (expect_num(&p, &x) < 0 || v->n >= 6 || add_num(v, x) < 0)
			return fail(why, n, "\"%s\" is not an EOS version", s);
		if (*p == '.')
			p++;
	}
	if (v->n == 0)
		return fail(why, n, "\"%s\" is not an EOS version", s);
	while (v->n < 6)
		add_num(v, 0);
	if (!(p = read_word(p, &w)))
		return fail(why, n, "bad EOS train letters in \"%s\"", s);
	add_part(v, &w);
	if (*p && *p != '-')
		return fail(why, n, "unexpected text in EOS version \"%s\"", s);
	return 0;
}

int ver_parse(const char *s, enum ver_scheme scheme, struct ver *out,
	      char *why, size_t whylen)
{
	memset(out, 0, sizeof(*out));
	if (!s)
		return fail(why, whylen, "%sno version", "");
	while (isspace((unsigned char)*s))
		s++;
	if (!*s)
		return fail(why, whylen, "%sempty version", "");
	if (scheme == VER_AUTO)
		scheme = ver_detect(s);
	out->scheme = scheme;
	switch (scheme) {
	case VER_VRP:
		return parse_vrp(s, out, why, whylen);
	case VER_COMWARE:
		return parse_comware(s, out, why, whylen);
	case VER_JUNOS:
		return parse_junos(s, out, why, whylen);
	case VER_EOS:
		return parse_eos(s, out, why, whylen);
	default:
		return parse_tokens(s, out, why, whylen);
	}
}

static bool single_lower(const char *w)
{
	return islower((unsigned char)w[0]) && w[1] == '\0';
}

/* Two words at the same place: 0 with *cmp, or -1 (no order). */
static int cmp_words(enum ver_scheme s, const char *a, const char *b,
		     int *cmp, char *why, size_t n)
{
	if (strcasecmp(a, b) == 0) {
		*cmp = 0;
		return 0;
	}
	if ((s == VER_CISCO || s == VER_NXOS) &&
	    !(single_lower(a) && single_lower(b))) {
		if (why && n)
			snprintf(why, n, "different release trains (%s, %s)",
				 a, b);
		return -1;
	}
	if (s == VER_JUNOS) {
		if (why && n)
			snprintf(why, n, "different Junos release lines "
				 "(%s, %s)", a, b);
		return -1;
	}
	*cmp = strcasecmp(a, b) < 0 ? -1 : 1;
	return 0;
}

static int cmp_part(enum ver_scheme s, const struct ver_part *a,
		    const struct ver_part *b, int *cmp, char *why, size_t n)
{
	if (!a->word && !b->word) {
		*cmp = a->num < b->num ? -1 : a->num > b->num;
		return 0;
	}
	if (a->word && b->word)
		return cmp_words(s, a->text, b->text, cmp, why, n);
	if (s == VER_DOTTED || s == VER_COMWARE) {
		*cmp = a->word ? -1 : 1;	/* 1.0a < 1.0.1 */
		return 0;
	}
	if (why && n)
		snprintf(why, n, "versions of different shapes");
	return -1;
}

static int cmp_seq(enum ver_scheme s, const struct ver_part *a, int na,
		   const struct ver_part *b, int nb, int *cmp, char *why,
		   size_t n)
{
	for (int i = 0; i < na && i < nb; i++) {
		if (cmp_part(s, &a[i], &b[i], cmp, why, n) < 0)
			return -1;
		if (*cmp)
			return 0;
	}
	*cmp = na < nb ? -1 : na > nb;
	return 0;
}

static bool all_numbers(const struct ver *v)
{
	for (int i = 0; i < v->n; i++)
		if (v->p[i].word)
			return false;
	return v->n > 0;
}

/* Which rules apply to a pair; VER_AUTO when they cannot be compared. */
static enum ver_scheme pair_scheme(const struct ver *a, const struct ver *b)
{
	if (a->scheme == b->scheme)
		return a->scheme;
	if ((a->scheme == VER_CISCO && b->scheme == VER_NXOS) ||
	    (a->scheme == VER_NXOS && b->scheme == VER_CISCO))
		return VER_CISCO;
	if (a->scheme == VER_DOTTED && all_numbers(a) &&
	    b->scheme != VER_VRP && b->scheme != VER_COMWARE)
		return b->scheme;
	if (b->scheme == VER_DOTTED && all_numbers(b) &&
	    a->scheme != VER_VRP && a->scheme != VER_COMWARE)
		return a->scheme;
	return VER_AUTO;
}

int ver_compare(const struct ver *a, const struct ver *b, int *cmp,
		char *why, size_t whylen)
{
	enum ver_scheme s = pair_scheme(a, b);

	*cmp = 0;
	if (s == VER_AUTO) {
		if (why && whylen)
			snprintf(why, whylen, "a %s version and a %s version "
				 "cannot be compared", ver_scheme_name(a->scheme),
				 ver_scheme_name(b->scheme));
		return -1;
	}
	if (s == VER_COMWARE && (a->nrel || b->nrel)) {
		if (a->nrel && b->nrel)
			return cmp_seq(s, a->rel, a->nrel, b->rel, b->nrel,
				       cmp, why, whylen);
		if (why && whylen)
			snprintf(why, whylen, "only one of the two Comware "
				 "versions names a Release");
		return -1;
	}
	return cmp_seq(s, a->p, a->n, b->p, b->n, cmp, why, whylen);
}

int ver_compare_str(const char *a, const char *b, enum ver_scheme scheme,
		    int *cmp, char *why, size_t whylen)
{
	struct ver va, vb;

	if (scheme == VER_AUTO) {
		scheme = ver_detect(a);
		if (scheme == VER_DOTTED)
			scheme = ver_detect(b);
	}
	if (ver_parse(a, scheme, &va, why, whylen) < 0 ||
	    ver_parse(b, scheme, &vb, why, whylen) < 0)
		return -1;
	return ver_compare(&va, &vb, cmp, why, whylen);
}

static const char *read_op(const char *p, enum ver_op *op)
{
	static const struct {
		const char *text;
		enum ver_op op;
	} ops[] = {
		{">=", VER_GE}, {"<=", VER_LE}, {"==", VER_EQ}, {"!=", VER_NE},
		{">", VER_GT},	{"<", VER_LT},	{"=", VER_EQ},
	};

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (strncmp(p, ops[i].text, strlen(ops[i].text)) == 0) {
			*op = ops[i].op;
			return p + strlen(ops[i].text);
		}
	*op = VER_EQ;
	return p;
}

/* End of one constraint's version: a comma followed by an operator. */
static const char *constraint_end(const char *p)
{
	for (; *p; p++)
		if (*p == ',') {
			const char *q = p + 1;

			while (isspace((unsigned char)*q))
				q++;
			if (*q && strchr("<>=!", *q))
				return p;
		}
	return p;
}

int ver_range_parse(const char *s, enum ver_scheme scheme,
		    struct ver_range *r, size_t *erroff, char *why,
		    size_t whylen)
{
	const char *p = s;

	memset(r, 0, sizeof(*r));
	for (;;) {
		char text[128];
		const char *end;
		size_t len;

		while (isspace((unsigned char)*p))
			p++;
		if (erroff)
			*erroff = (size_t)(p - s);
		if (r->n == VER_RANGE_MAX)
			return fail(why, whylen, "more than %s constraints",
				    "4");
		p = read_op(p, &r->op[r->n]);
		while (isspace((unsigned char)*p))
			p++;
		if (erroff)
			*erroff = (size_t)(p - s);
		end = constraint_end(p);
		len = (size_t)(end - p);
		while (len && isspace((unsigned char)p[len - 1]))
			len--;
		if (len == 0 || len >= sizeof(text))
			return fail(why, whylen, "%sexpected a version",
				    len ? "too long: " : "");
		memcpy(text, p, len);
		text[len] = '\0';
		if (ver_parse(text, scheme, &r->v[r->n], why, whylen) < 0)
			return -1;
		r->n++;
		if (!*end)
			return 0;
		p = end + 1;
	}
}

int ver_range_match(const struct ver *v, const struct ver_range *r, bool *in,
		    char *why, size_t whylen)
{
	*in = true;
	for (int i = 0; i < r->n; i++) {
		int c;
		bool ok = false;

		if (ver_compare(v, &r->v[i], &c, why, whylen) < 0)
			return -1;
		switch (r->op[i]) {
		case VER_EQ: ok = c == 0; break;
		case VER_NE: ok = c != 0; break;
		case VER_LT: ok = c < 0; break;
		case VER_LE: ok = c <= 0; break;
		case VER_GT: ok = c > 0; break;
		case VER_GE: ok = c >= 0; break;
		}
		if (!ok)
			*in = false;
	}
	return 0;
}
