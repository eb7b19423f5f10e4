/* fuzz_version.c - the vendor-aware version comparator (rules/version.c).
 *
 * Input: lines "A\nB\nRANGE\nVENDOR\nFAMILY" (missing lines are empty).
 * Each scheme parses A and B and compares them; a comparison must be
 * reflexive and antisymmetric (a sort or a range test would otherwise
 * depend on the order of its operands), so a violation aborts. */
#include "config.h"
#include "fuzz.h"
#include "version.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NLINES 5

static int sign(int c)
{
	return (c > 0) - (c < 0);
}

static void check_pair(const char *a, const char *b, enum ver_scheme s)
{
	struct ver va, vb;
	char why[200];
	int ab, ba, aa;

	if (ver_parse(a, s, &va, why, sizeof(why)) < 0)
		return;
	if (ver_compare(&va, &va, &aa, why, sizeof(why)) == 0 && aa != 0) {
		fprintf(stderr, "'%s' (%s) is not equal to itself\n", a,
			ver_scheme_name(s));
		abort();
	}
	if (ver_parse(b, s == VER_AUTO ? va.scheme : s, &vb, why,
		      sizeof(why)) < 0)
		return;
	if (ver_compare(&va, &vb, &ab, why, sizeof(why)) < 0 ||
	    ver_compare(&vb, &va, &ba, why, sizeof(why)) < 0)
		return;
	if (sign(ab) != -sign(ba)) {
		fprintf(stderr, "'%s' vs '%s' (%s): %d one way, %d the other\n",
			a, b, ver_scheme_name(s), ab, ba);
		abort();
	}
}

static void check_range(const char *v, const char *range, enum ver_scheme s)
{
	struct ver_range r;
	struct ver ver;
	char why[200];
	size_t off = 0;
	bool in;

	if (ver_range_parse(range, s, &r, &off, why, sizeof(why)) < 0) {
		if (off > strlen(range))
			abort();	/* the caret must point inside */
		return;
	}
	if (ver_parse(v, s, &ver, why, sizeof(why)) == 0)
		ver_range_match(&ver, &r, &in, why, sizeof(why));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_strndup(data, size), *line[NLINES], *p = text;
	int cmp;
	char why[200];

	for (int i = 0; i < NLINES; i++) {
		line[i] = p;
		p = p ? strchr(p, '\n') : NULL;
		if (p)
			*p++ = '\0';
		if (!line[i])
			line[i] = (char *)"";
	}
	ver_detect(line[0]);
	ver_scheme_for(line[3], line[4]);
	ver_scheme_parse(line[3]);
	for (int s = 0; s < VER__COUNT; s++) {
		check_pair(line[0], line[1], (enum ver_scheme)s);
		check_range(line[0], line[2], (enum ver_scheme)s);
		ver_compare_str(line[0], line[1], (enum ver_scheme)s, &cmp, why,
				sizeof(why));
	}
	free(text);
	return 0;
}
