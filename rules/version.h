/* version.h - vendor-aware software version comparison.
 *
 * A version string is parsed, according to a numbering scheme, into a
 * short sequence of parts (numbers and words) that compare element by
 * element.  Comparing two versions can fail: different release trains of
 * the same vendor ("15.2(7)E3" and "15.2(7)M1", Junos R and X releases)
 * have no order, and the caller must say so rather than guess.
 *
 * Schemes (doc/rules.md has the full rules):
 *   cisco    IOS / IOS-XE / NX-OS / Inspur INOS: 15.2(7)E3, 12.2(55)SE12,
 *            17.9.4a, 9.3(10), 7.0(3)I7(9), 10.2(5)M
 *   nxos     the same parser, named for documentation
 *   vrp      Huawei VRP / YunShan: V200R019C10SPC500
 *   comware  H3C: 7.1.070, Release 6616P01 (or just 6616P01)
 *   junos    21.4R3-S5, 21.4R3-S5.3, 15.1X53-D59.4
 *   eos      Arista: 4.28.3M, 4.28.3.1F
 *   dotted   anything else: 6.2.27, 6.6.6.R1.23
 *   auto     guess from the text (used when nothing says which)
 * Nothing here allocates; all functions are reentrant.
 */
#ifndef SWI_RULES_VERSION_H
#define SWI_RULES_VERSION_H

#include <stdbool.h>
#include <stddef.h>

enum ver_scheme {
	VER_AUTO,
	VER_DOTTED,
	VER_CISCO,
	VER_NXOS,
	VER_VRP,
	VER_COMWARE,
	VER_JUNOS,
	VER_EOS,
	VER__COUNT
};

#define VER_MAX_PARTS 12
#define VER_WORD_MAX 8

struct ver_part {
	bool word;			/* a word ("E", "SPC") or a number */
	unsigned long long num;
	char text[VER_WORD_MAX];
};

struct ver {
	enum ver_scheme scheme;	/* never VER_AUTO after parsing */
	int n;
	struct ver_part p[VER_MAX_PARTS];
	/* comware: parts of the release ("6616P01") kept apart from the
	 * dotted platform version ("7.1.070") */
	int nrel;
	struct ver_part rel[4];
};

/* -1 when the name is unknown. */
int ver_scheme_parse(const char *name);
const char *ver_scheme_name(enum ver_scheme s);
/* "cisco vrp comware ..." for messages. */
const char *ver_scheme_list(void);
/* The scheme for a device from its facts (system.vendor, os.family);
 * VER_AUTO when neither says. */
enum ver_scheme ver_scheme_for(const char *vendor, const char *family);
/* A guess from the text itself. */
enum ver_scheme ver_detect(const char *s);

/* 0, or -1 with the reason in why when s is not a version of the scheme. */
int ver_parse(const char *s, enum ver_scheme scheme, struct ver *out,
	      char *why, size_t whylen);
/* 0 with *cmp < 0, 0, > 0; -1 with the reason when a and b have no order
 * (different release trains, different shapes). */
int ver_compare(const struct ver *a, const struct ver *b, int *cmp,
		char *why, size_t whylen);
/* Parses both (b with a's scheme when scheme is VER_AUTO) and compares. */
int ver_compare_str(const char *a, const char *b, enum ver_scheme scheme,
		    int *cmp, char *why, size_t whylen);

/* A range: constraints that must all hold, ">= 15.2(4)E, < 15.2(7)E3".
 * A constraint is an operator (>= > <= < == = !=; none means ==) and a
 * version; constraints are separated by a comma followed by an operator,
 * so a version may itself contain ", " (Comware). */
#define VER_RANGE_MAX 4
enum ver_op { VER_EQ, VER_NE, VER_LT, VER_LE, VER_GT, VER_GE };

struct ver_range {
	int n;
	enum ver_op op[VER_RANGE_MAX];
	struct ver v[VER_RANGE_MAX];
};

/* erroff: byte offset of the problem in s (for a caret). */
int ver_range_parse(const char *s, enum ver_scheme scheme,
		    struct ver_range *r, size_t *erroff, char *why,
		    size_t whylen);
/* 0 with *in set; -1 when a constraint cannot be compared. */
int ver_range_match(const struct ver *v, const struct ver_range *r, bool *in,
		    char *why, size_t whylen);

#endif
