/* expr.c - lexer, parser and templates of the condition language; the
 * evaluator is in expr_eval.c, the functions in expr_func.c.
 *
 * Grammar (lowest precedence first):
 *   or    := and (("or" | "||") and)*
 *   and   := not (("and" | "&&") not)*
 *   not   := ("not" | "!") not | cmp
 *   cmp   := coal (("==" | "!=" | "<" | "<=" | ">" | ">=" | "=~" | "!~"
 *                  | "in" | "not in") coal)?
 *   coal  := add ("??" add)*
 *   add   := mul (("+" | "-") mul)*
 *   mul   := unary (("*" | "/" | "%") unary)*
 *   unary := "-" unary | primary
 *   primary := NUMBER | STRING | "true" | "false" | "(" or ")"
 *            | "[" (or ("," or)*)? "]" | NAME "(" args ")" | path
 *   path  := ("$" | "@" | "^" | NAME) ("." NAME | "[" INTEGER "]")*
 */
#include "config.h"
#include "expr.h"
#include "expr_int.h"
#include "version.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <limits.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum tok {
	T_END, T_NUM, T_STR, T_NAME, T_DOLLAR, T_AT, T_CARET,
	T_LP, T_RP, T_LB, T_RB, T_COMMA, T_DOT,
	T_EQ, T_NE, T_LT, T_LE, T_GT, T_GE, T_MATCH, T_NMATCH,
	T_PLUS, T_MINUS, T_STAR, T_SLASH, T_PCT, T_QQ,
	T_AND, T_OR, T_NOT, T_IN, T_TRUE, T_FALSE,
};

struct parser {
	const char *s;
	size_t p;		/* next byte to lex */
	enum tok t;		/* current token */
	size_t tpos, tlen;
	double num;
	char *str;		/* T_STR (unescaped) and T_NAME text */
	const struct xnames *names;
	struct xerr *err;
	bool failed;
	int depth;
};

#define MAX_DEPTH 100

static int perr(struct parser *ps, size_t pos, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int perr(struct parser *ps, size_t pos, const char *fmt, ...)
{
	va_list ap;

	if (ps->failed)
		return -1;
	ps->failed = true;
	ps->err->pos = pos;
	va_start(ap, fmt);
	vsnprintf(ps->err->msg, sizeof(ps->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- lexer ---------------------------------------------------------- */

static int lex_string(struct parser *ps)
{
	char q = ps->s[ps->p++];
	size_t cap = 16, n = 0;
	char *out = malloc(cap);

	if (!out)
		return perr(ps, ps->tpos, "out of memory");
	for (;;) {
		char c = ps->s[ps->p];

		if (c == '\0') {
			free(out);
			return perr(ps, ps->tpos, "unterminated string");
		}
		ps->p++;
		if (c == q)
			break;
		if (c == '\\') {
			char e = ps->s[ps->p];

			if (e == '\0')
				continue;
			ps->p++;
			c = e == 'n' ? '\n' : e == 't' ? '\t' : e;
		}
		if (n + 2 > cap) {
			char *o = realloc(out, cap *= 2);

			if (!o) {
				free(out);
				return perr(ps, ps->tpos, "out of memory");
			}
			out = o;
		}
		out[n++] = c;
	}
	out[n] = '\0';
	ps->str = out;
	ps->t = T_STR;
	return 0;
}

static const struct {
	const char *word;
	enum tok t;
} keywords[] = {
	{"and", T_AND}, {"or", T_OR},	   {"not", T_NOT},
	{"in", T_IN},	{"true", T_TRUE}, {"false", T_FALSE},
};

static int lex_name(struct parser *ps)
{
	size_t start = ps->p;

	while (isalnum((unsigned char)ps->s[ps->p]) || ps->s[ps->p] == '_')
		ps->p++;
	ps->tlen = ps->p - start;
	for (size_t i = 0; i < sizeof(keywords) / sizeof(keywords[0]); i++)
		if (strlen(keywords[i].word) == ps->tlen &&
		    memcmp(keywords[i].word, ps->s + start, ps->tlen) == 0) {
			ps->t = keywords[i].t;
			return 0;
		}
	ps->str = strndup(ps->s + start, ps->tlen);
	if (!ps->str)
		return perr(ps, start, "out of memory");
	ps->t = T_NAME;
	return 0;
}

static int lex_number(struct parser *ps)
{
	char *end;

	ps->num = strtod(ps->s + ps->p, &end);
	if (isalpha((unsigned char)*end) || *end == '_')
		return perr(ps, ps->tpos, "bad number");
	ps->p = (size_t)(end - ps->s);
	ps->t = T_NUM;
	return 0;
}

static const struct {
	const char *text;
	enum tok t;
} puncts[] = {
	{"==", T_EQ},	 {"!=", T_NE},	   {"<=", T_LE},    {">=", T_GE},
	{"=~", T_MATCH}, {"!~", T_NMATCH}, {"??", T_QQ},    {"&&", T_AND},
	{"||", T_OR},	 {"<", T_LT},	   {">", T_GT},	    {"!", T_NOT},
	{"(", T_LP},	 {")", T_RP},	   {"[", T_LB},	    {"]", T_RB},
	{",", T_COMMA},	 {".", T_DOT},	   {"+", T_PLUS},   {"-", T_MINUS},
	{"*", T_STAR},	 {"/", T_SLASH},   {"%", T_PCT},    {"$", T_DOLLAR},
	{"@", T_AT},	 {"^", T_CARET},
};

static int lex(struct parser *ps)
{
	const char *s = ps->s;

	free(ps->str);
	ps->str = NULL;
	while (isspace((unsigned char)s[ps->p]))
		ps->p++;
	ps->tpos = ps->p;
	ps->tlen = 1;
	if (!s[ps->p]) {
		ps->t = T_END;
		ps->tlen = 0;
		return 0;
	}
	if (s[ps->p] == '"' || s[ps->p] == '\'') {
		int rc = lex_string(ps);

		ps->tlen = ps->p - ps->tpos;
		return rc;
	}
	if (isalpha((unsigned char)s[ps->p]) || s[ps->p] == '_')
		return lex_name(ps);
	if (isdigit((unsigned char)s[ps->p]) ||
	    (s[ps->p] == '.' && isdigit((unsigned char)s[ps->p + 1])))
		return lex_number(ps);
	for (size_t i = 0; i < sizeof(puncts) / sizeof(puncts[0]); i++) {
		size_t n = strlen(puncts[i].text);

		if (strncmp(s + ps->p, puncts[i].text, n) == 0) {
			ps->t = puncts[i].t;
			ps->tlen = n;
			ps->p += n;
			return 0;
		}
	}
	if (s[ps->p] == '=')
		return perr(ps, ps->p, "'=' is not an operator; use '==' to "
			    "compare");
	if (s[ps->p] == '&' || s[ps->p] == '|')
		return perr(ps, ps->p, "'%c' is not an operator; use '%c%c', "
			    "'and' or 'or'", s[ps->p], s[ps->p], s[ps->p]);
	return perr(ps, ps->p, "unexpected character '%c'", s[ps->p]);
}

/* ---- nodes ---------------------------------------------------------- */

static struct xnode *node(struct parser *ps, enum xop op, size_t pos)
{
	struct xnode *n = calloc(1, sizeof(*n));

	if (!n) {
		perr(ps, pos, "out of memory");
		return NULL;
	}
	n->op = op;
	n->pos = pos;
	n->scheme = -1;
	n->let = -1;
	return n;
}

void expr_free(struct xnode *n)
{
	if (!n)
		return;
	expr_free(n->a);
	expr_free(n->b);
	for (int i = 0; i < n->nargs; i++)
		expr_free(n->args[i]);
	free(n->args);
	for (int i = 0; i < n->nsegs; i++)
		free(n->segs[i].name);
	free(n->segs);
	free(n->str);
	if (n->re)
		pcre2_code_free(n->re);
	free(n);
}

static void set_end(struct parser *ps, struct xnode *n)
{
	size_t end = ps->tpos;	/* start of the token after the node */

	while (end > n->pos && isspace((unsigned char)ps->s[end - 1]))
		end--;
	n->len = end > n->pos ? end - n->pos : 1;
}

static const char *tok_text(struct parser *ps, char *buf, size_t n)
{
	if (ps->t == T_END)
		return "the end of the expression";
	snprintf(buf, n, "'%.*s'", (int)(ps->tlen > 40 ? 40 : ps->tlen),
		 ps->s + ps->tpos);
	return buf;
}

static int expect(struct parser *ps, enum tok t, const char *what)
{
	char buf[64];

	if (ps->t != t)
		return perr(ps, ps->tpos, "expected %s, found %s", what,
			    tok_text(ps, buf, sizeof(buf)));
	return lex(ps);
}

static struct xnode *parse_or(struct parser *ps);

/* ---- paths ---------------------------------------------------------- */

static int add_seg(struct parser *ps, struct xnode *n, const char *name,
		   long index)
{
	struct xseg *s = realloc(n->segs, (size_t)(n->nsegs + 1) * sizeof(*s));

	if (!s)
		return perr(ps, n->pos, "out of memory");
	n->segs = s;
	s[n->nsegs].index = index;
	s[n->nsegs].name = name ? strdup(name) : NULL;
	s[n->nsegs].hash = name ? xkey_hash(name) : 0;
	if (name && !s[n->nsegs].name)
		return perr(ps, n->pos, "out of memory");
	xseg_key_words(&s[n->nsegs]);
	n->nsegs++;
	return 0;
}

static int path_text(struct parser *ps, struct xnode *n)
{
	size_t cap = 16, len = 0;
	char *t = malloc(cap);

	if (!t)
		return perr(ps, n->pos, "out of memory");
	t[0] = '\0';
	if (n->root == XR_SW || n->root == XR_PARAMS) {
		len = (size_t)snprintf(t, cap, "%s",
				       n->root == XR_SW ? "sw" : "params");
	}
	for (int i = 0; i < n->nsegs; i++) {
		const struct xseg *s = &n->segs[i];
		size_t need = (s->name ? strlen(s->name) : 24) + 4;

		if (len + need >= cap) {
			char *nt = realloc(t, cap = (len + need) * 2);

			if (!nt) {
				free(t);
				return perr(ps, n->pos, "out of memory");
			}
			t = nt;
		}
		if (s->name)
			len += (size_t)snprintf(t + len, cap - len, "%s%s",
						len ? "." : "", s->name);
		else
			len += (size_t)snprintf(t + len, cap - len, "[%ld]",
						s->index);
	}
	n->str = t;
	return 0;
}

static int path_tail(struct parser *ps, struct xnode *n)
{
	for (;;) {
		if (ps->t == T_DOT) {
			if (lex(ps) < 0)
				return -1;
			if (ps->t != T_NAME)
				return perr(ps, ps->tpos, "expected a field "
					    "name after '.'");
			if (add_seg(ps, n, ps->str, -1) < 0 || lex(ps) < 0)
				return -1;
		} else if (ps->t == T_LB) {
			if (lex(ps) < 0)
				return -1;
			/* range first: casting 1e400 (inf) to long is
			 * undefined */
			if (ps->t != T_NUM || !(ps->num >= 0 &&
						ps->num <= INT_MAX) ||
			    ps->num != (double)(long)ps->num)
				return perr(ps, ps->tpos, "expected a list "
					    "index (0, 1, ...)");
			if (add_seg(ps, n, NULL, (long)ps->num) < 0 ||
			    lex(ps) < 0 || expect(ps, T_RB, "']'") < 0)
				return -1;
		} else
			return path_text(ps, n);
	}
}

static int find_let(const struct xnames *names, const char *name)
{
	for (size_t i = 0; names && i < names->nlets; i++)
		if (strcmp(names->lets[i], name) == 0)
			return (int)i;
	return -1;
}

static struct xnode *parse_path(struct parser *ps)
{
	struct xnode *n = node(ps, XO_PATH, ps->tpos);

	if (!n)
		return NULL;
	if (ps->t == T_NAME) {
		n->let = find_let(ps->names, ps->str);
		if (n->let >= 0)
			n->root = XR_LET;
		else if (strcmp(ps->str, "sw") == 0)
			n->root = XR_SW;
		else if (strcmp(ps->str, "params") == 0)
			n->root = XR_PARAMS;
		else if (add_seg(ps, n, ps->str, -1) < 0)
			goto fail;
	} else
		n->root = ps->t == T_DOLLAR ? XR_DOC :
			  ps->t == T_AT	    ? XR_CUR :
					      XR_UP;
	if (n->root == XR_LET) {
		n->str = strdup(ps->str);
		if (!n->str || lex(ps) < 0)
			goto fail;
		if (ps->t == T_DOT || ps->t == T_LB) {
			perr(ps, ps->tpos, "'%s' is a let value, not an "
			     "object", n->str);
			goto fail;
		}
		set_end(ps, n);
		return n;
	}
	if (lex(ps) < 0 || path_tail(ps, n) < 0)
		goto fail;
	set_end(ps, n);
	return n;
fail:
	expr_free(n);
	return NULL;
}

/* ---- calls ---------------------------------------------------------- */

static int check_call(struct parser *ps, struct xnode *n)
{
	const struct xfunc *f = n->fn;

	if (n->nargs < f->min || n->nargs > f->max) {
		if (f->min == f->max)
			return perr(ps, n->pos, "%s() takes %d argument%s, "
				    "not %d", f->name, f->min,
				    f->min == 1 ? "" : "s", n->nargs);
		return perr(ps, n->pos, "%s() takes %d to %d arguments, "
			    "not %d", f->name, f->min, f->max, n->nargs);
	}
	if ((f->flags & XF_PATH0) && n->nargs > 0 &&
	    n->args[0]->op != XO_PATH)
		return perr(ps, n->args[0]->pos, "%s() needs a fact path, "
			    "such as %s(config.ntp_servers)", f->name,
			    f->name);
	if (f->scheme_arg >= 0 && n->nargs > f->scheme_arg) {
		const struct xnode *a = n->args[f->scheme_arg];

		if (a->op != XO_STR)
			return perr(ps, a->pos, "the version scheme must be "
				    "a string such as \"vrp\"");
		n->scheme = ver_scheme_parse(a->str);
		if (n->scheme < 0)
			return perr(ps, a->pos, "unknown version scheme "
				    "\"%s\" (one of %s)", a->str,
				    ver_scheme_list());
	}
	return 0;
}

static int add_arg(struct parser *ps, struct xnode *n, struct xnode *a)
{
	struct xnode **v = realloc(n->args, (size_t)(n->nargs + 1) *
						    sizeof(*v));

	if (!v) {
		expr_free(a);
		return perr(ps, n->pos, "out of memory");
	}
	n->args = v;
	n->args[n->nargs++] = a;
	return 0;
}

/* Arguments or list items up to `close`. */
static int parse_items(struct parser *ps, struct xnode *n, enum tok close,
		       const char *what)
{
	if (ps->t == close)
		return lex(ps);
	for (;;) {
		struct xnode *a = parse_or(ps);

		if (!a || add_arg(ps, n, a) < 0)
			return -1;
		if (ps->t == T_COMMA) {
			if (lex(ps) < 0)
				return -1;
			continue;
		}
		return expect(ps, close, what);
	}
}

static struct xnode *parse_call(struct parser *ps)
{
	struct xnode *n = node(ps, XO_CALL, ps->tpos);

	if (!n)
		return NULL;
	n->fn = xfunc_find(ps->str);
	if (!n->fn) {
		const char *near = xfunc_near(ps->str);

		if (near)
			perr(ps, ps->tpos, "unknown function '%s' (did you "
			     "mean '%s'?)", ps->str, near);
		else
			perr(ps, ps->tpos, "unknown function '%s' (see "
			     "doc/rules.md, Functions)", ps->str);
		goto fail;
	}
	n->str = strdup(ps->str);
	if (!n->str || lex(ps) < 0 || lex(ps) < 0 ||
	    parse_items(ps, n, T_RP, "',' or ')'") < 0 ||
	    check_call(ps, n) < 0)
		goto fail;
	set_end(ps, n);
	return n;
fail:
	expr_free(n);
	return NULL;
}

/* ---- primaries and operators ------------------------------------------ */

static struct xnode *parse_literal(struct parser *ps)
{
	struct xnode *n = node(ps, XO_NUM, ps->tpos);

	if (!n)
		return NULL;
	if (ps->t == T_NUM) {
		n->num = ps->num;
	} else if (ps->t == T_STR) {
		n->op = XO_STR;
		n->str = ps->str;
		ps->str = NULL;
	} else {
		n->op = XO_BOOL;
		n->bval = ps->t == T_TRUE;
	}
	n->len = ps->tlen;
	if (lex(ps) < 0) {
		expr_free(n);
		return NULL;
	}
	return n;
}

static struct xnode *parse_group(struct parser *ps)
{
	struct xnode *n;

	if (lex(ps) < 0 || !(n = parse_or(ps)))
		return NULL;
	if (expect(ps, T_RP, "')'") < 0) {
		expr_free(n);
		return NULL;
	}
	return n;
}

static struct xnode *parse_list(struct parser *ps)
{
	struct xnode *n = node(ps, XO_LIST, ps->tpos);

	if (!n || lex(ps) < 0 || parse_items(ps, n, T_RB, "',' or ']'") < 0) {
		expr_free(n);
		return NULL;
	}
	set_end(ps, n);
	return n;
}

static bool next_is_lp(struct parser *ps)
{
	size_t p = ps->p;

	while (isspace((unsigned char)ps->s[p]))
		p++;
	return ps->s[p] == '(';
}

static struct xnode *parse_primary(struct parser *ps)
{
	char buf[64];

	switch (ps->t) {
	case T_NUM:
	case T_STR:
	case T_TRUE:
	case T_FALSE:
		return parse_literal(ps);
	case T_LP:
		return parse_group(ps);
	case T_LB:
		return parse_list(ps);
	case T_NAME:
		if (next_is_lp(ps))
			return parse_call(ps);
		return parse_path(ps);
	case T_DOLLAR:
	case T_AT:
	case T_CARET:
		return parse_path(ps);
	default:
		perr(ps, ps->tpos, "expected a value, found %s",
		     tok_text(ps, buf, sizeof(buf)));
		return NULL;
	}
}

static struct xnode *binary(struct parser *ps, enum xop op, size_t pos,
			    struct xnode *a, struct xnode *b)
{
	struct xnode *n;

	if (!b) {
		expr_free(a);
		return NULL;
	}
	n = node(ps, op, pos);
	if (!n) {
		expr_free(a);
		expr_free(b);
		return NULL;
	}
	n->a = a;
	n->b = b;
	n->pos = a->pos;
	n->len = b->pos + b->len > a->pos ? b->pos + b->len - a->pos : 1;
	return n;
}

typedef struct xnode *parse_fn(struct parser *ps);

/* A prefix operator (`-x`, `not x`): its operand is parsed at the same
 * level (so prefixes nest, within MAX_DEPTH), else the next level down. */
static struct xnode *parse_prefix(struct parser *ps, enum tok tok,
				  enum xop op, parse_fn *self, parse_fn *next)
{
	size_t pos = ps->tpos;
	struct xnode *n, *a;

	if (ps->t != tok)
		return next(ps);
	if (++ps->depth > MAX_DEPTH) {
		perr(ps, pos, "expression nested too deeply");
		return NULL;
	}
	if (lex(ps) < 0 || !(a = self(ps)))
		return NULL;
	ps->depth--;
	if (!(n = node(ps, op, pos))) {
		expr_free(a);
		return NULL;
	}
	n->a = a;
	n->len = a->pos + a->len - pos;
	return n;
}

static struct xnode *parse_unary(struct parser *ps)
{
	return parse_prefix(ps, T_MINUS, XO_NEG, parse_unary, parse_primary);
}

static struct xnode *parse_mul(struct parser *ps)
{
	struct xnode *n = parse_unary(ps);

	while (n && (ps->t == T_STAR || ps->t == T_SLASH || ps->t == T_PCT)) {
		enum xop op = ps->t == T_STAR	 ? XO_MUL :
			      ps->t == T_SLASH ? XO_DIV :
						   XO_MOD;
		size_t pos = ps->tpos;

		if (lex(ps) < 0) {
			expr_free(n);
			return NULL;
		}
		n = binary(ps, op, pos, n, parse_unary(ps));
	}
	return n;
}

static struct xnode *parse_add(struct parser *ps)
{
	struct xnode *n = parse_mul(ps);

	while (n && (ps->t == T_PLUS || ps->t == T_MINUS)) {
		enum xop op = ps->t == T_PLUS ? XO_ADD : XO_SUB;
		size_t pos = ps->tpos;

		if (lex(ps) < 0) {
			expr_free(n);
			return NULL;
		}
		n = binary(ps, op, pos, n, parse_mul(ps));
	}
	return n;
}

static struct xnode *parse_coal(struct parser *ps)
{
	struct xnode *n = parse_add(ps);

	while (n && ps->t == T_QQ) {
		size_t pos = ps->tpos;

		if (lex(ps) < 0) {
			expr_free(n);
			return NULL;
		}
		n = binary(ps, XO_COALESCE, pos, n, parse_add(ps));
	}
	return n;
}

static int compile_re(struct parser *ps, struct xnode *n)
{
	const struct xnode *r = n->b;
	int code;
	PCRE2_SIZE off;
	char msg[160];

	if (r->op != XO_STR)
		return perr(ps, r->pos, "the right side of '%s' must be a "
			    "string literal (a regular expression)",
			    n->op == XO_MATCH ? "=~" : "!~");
	n->re = pcre2_compile((PCRE2_SPTR)r->str, PCRE2_ZERO_TERMINATED,
			      PCRE2_UTF, &code, &off, NULL);
	if (!n->re) {
		pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, sizeof(msg));
		return perr(ps, r->pos + 1 + off,
			    "bad regular expression: %s", msg);
	}
	return 0;
}

static bool cmp_op(enum tok t, enum xop *op)
{
	static const struct {
		enum tok t;
		enum xop op;
	} map[] = {
		{T_EQ, XO_EQ}, {T_NE, XO_NE}, {T_LT, XO_LT},	   {T_LE, XO_LE},
		{T_GT, XO_GT}, {T_GE, XO_GE}, {T_MATCH, XO_MATCH}, {T_NMATCH, XO_NMATCH},
		{T_IN, XO_IN},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].t == t) {
			*op = map[i].op;
			return true;
		}
	return false;
}

static struct xnode *parse_cmp(struct parser *ps)
{
	struct xnode *n = parse_coal(ps);
	enum xop op;
	size_t pos = ps->tpos;

	if (!n)
		return NULL;
	if (ps->t == T_NOT) {	/* "not in" */
		if (lex(ps) < 0 || (ps->t != T_IN &&
				    perr(ps, ps->tpos, "expected 'in' after "
					 "'not'") < 0)) {
			expr_free(n);
			return NULL;
		}
		op = XO_NIN;
	} else if (!cmp_op(ps->t, &op))
		return n;
	if (lex(ps) < 0) {
		expr_free(n);
		return NULL;
	}
	n = binary(ps, op, pos, n, parse_coal(ps));
	if (n && (op == XO_MATCH || op == XO_NMATCH) && compile_re(ps, n) < 0) {
		expr_free(n);
		return NULL;
	}
	if (n && cmp_op(ps->t, &op)) {
		perr(ps, ps->tpos, "comparisons do not chain; use 'and'");
		expr_free(n);
		return NULL;
	}
	return n;
}

static struct xnode *parse_not(struct parser *ps)
{
	return parse_prefix(ps, T_NOT, XO_NOT, parse_not, parse_cmp);
}

static struct xnode *parse_and(struct parser *ps)
{
	struct xnode *n = parse_not(ps);

	while (n && ps->t == T_AND) {
		size_t pos = ps->tpos;

		if (lex(ps) < 0) {
			expr_free(n);
			return NULL;
		}
		n = binary(ps, XO_AND, pos, n, parse_not(ps));
	}
	return n;
}

static struct xnode *parse_or(struct parser *ps)
{
	struct xnode *n;

	if (++ps->depth > MAX_DEPTH) {
		perr(ps, ps->tpos, "expression nested too deeply");
		return NULL;
	}
	n = parse_and(ps);
	while (n && ps->t == T_OR) {
		size_t pos = ps->tpos;

		if (lex(ps) < 0) {
			expr_free(n);
			return NULL;
		}
		n = binary(ps, XO_OR, pos, n, parse_and(ps));
	}
	ps->depth--;
	return n;
}

struct xnode *expr_parse(const char *text, const struct xnames *names,
			 struct xerr *err)
{
	struct parser ps = {.s = text, .names = names, .err = err};
	struct xnode *n = NULL;
	char buf[64];

	err->pos = 0;
	err->msg[0] = '\0';
	if (lex(&ps) == 0) {
		if (ps.t == T_END)
			perr(&ps, 0, "empty expression");
		else
			n = parse_or(&ps);
	}
	if (n && ps.t != T_END) {
		perr(&ps, ps.tpos, "unexpected %s",
		     tok_text(&ps, buf, sizeof(buf)));
		expr_free(n);
		n = NULL;
	}
	free(ps.str);
	return n;
}

/* ---- templates ------------------------------------------------------- */

struct tpart {
	char *text;		/* literal text, or NULL */
	struct xnode *expr;
};

struct xtmpl {
	struct tpart *v;
	size_t n;
};

void tmpl_free(struct xtmpl *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].text);
		expr_free(t->v[i].expr);
	}
	free(t->v);
	free(t);
}

static int tmpl_add(struct xtmpl *t, char *text, struct xnode *e)
{
	struct tpart *v = realloc(t->v, (t->n + 1) * sizeof(*v));

	if (!v) {
		free(text);
		expr_free(e);
		return -1;
	}
	t->v = v;
	t->v[t->n].text = text;
	t->v[t->n++].expr = e;
	return 0;
}

/* Length of a placeholder's expression: up to the '}' outside quotes. */
static size_t placeholder_len(const char *s)
{
	char q = 0;
	size_t i;

	for (i = 0; s[i]; i++) {
		if (q) {
			if (s[i] == '\\' && s[i + 1])
				i++;
			else if (s[i] == q)
				q = 0;
		} else if (s[i] == '"' || s[i] == '\'')
			q = s[i];
		else if (s[i] == '}')
			return i;
	}
	return (size_t)-1;
}

/* Positions of a placeholder's nodes count from the template's start. */
static void shift(struct xnode *n, size_t by)
{
	if (!n)
		return;
	n->pos += by;
	shift(n->a, by);
	shift(n->b, by);
	for (int i = 0; i < n->nargs; i++)
		shift(n->args[i], by);
}

static int tmpl_placeholder(struct xtmpl *t, const char *text, size_t *i,
			    const struct xnames *names, struct xerr *err)
{
	size_t len = placeholder_len(text + *i + 1);
	char *src;
	struct xnode *e;

	if (len == (size_t)-1) {
		err->pos = *i;
		snprintf(err->msg, sizeof(err->msg), "unclosed '{' in the "
			 "message (write '{{' for a brace)");
		return -1;
	}
	src = strndup(text + *i + 1, len);
	if (!src)
		return -1;
	e = expr_parse(src, names, err);
	free(src);
	if (!e) {
		err->pos += *i + 1;
		return -1;
	}
	shift(e, *i + 1);
	*i += len + 2;
	return tmpl_add(t, NULL, e);
}

struct xtmpl *tmpl_parse(const char *text, const struct xnames *names,
			 struct xerr *err)
{
	struct xtmpl *t = calloc(1, sizeof(*t));
	size_t i = 0;

	if (!t)
		return NULL;
	err->msg[0] = '\0';
	while (text[i]) {
		size_t start = i;
		char *lit;
		size_t n = 0;

		lit = malloc(strlen(text + i) + 1);
		if (!lit)
			goto fail;
		while (text[i] && !(text[i] == '{' && text[i + 1] != '{')) {
			if ((text[i] == '{' || text[i] == '}') &&
			    text[i + 1] == text[i])
				i++;
			lit[n++] = text[i++];
		}
		lit[n] = '\0';
		if (i > start ? tmpl_add(t, lit, NULL) < 0 : (free(lit), 0))
			goto fail;
		if (text[i] == '{' &&
		    tmpl_placeholder(t, text, &i, names, err) < 0)
			goto fail;
	}
	return t;
fail:
	if (!err->msg[0])
		snprintf(err->msg, sizeof(err->msg), "out of memory");
	tmpl_free(t);
	return NULL;
}

const char *tmpl_static(const struct xtmpl *t)
{
	if (!t || t->n == 0)
		return "";
	return t->n == 1 && !t->v[0].expr ? t->v[0].text : NULL;
}

size_t tmpl_nparts(const struct xtmpl *t)
{
	return t ? t->n : 0;
}

const struct xnode *tmpl_part(const struct xtmpl *t, size_t i)
{
	return t->v[i].expr;
}

const char *tmpl_text(const struct xtmpl *t, size_t i)
{
	return t->v[i].text;
}
