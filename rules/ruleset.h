/* ruleset.h - the loaded form of rule packs, shared by the loader
 * (loader.c, lint.c), the evaluator (eval.c), the self-tests (ruletest.c)
 * and the command line (cli.c).  Not for use outside rules/: other
 * folders call rules.h.
 *
 * Ownership: a struct rule_set owns its packs, rules, tables and every
 * string and tree below them; rules_free() releases all of it.
 */
#ifndef SWI_RULES_RULESET_H
#define SWI_RULES_RULESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "expr.h"

struct si_diags;
struct ynode;
struct fschema;
struct sw_tables;

/* A text in both languages; each may hold {placeholders}. */
struct rtext {
	char *en, *zh;
	struct xtmpl *ten, *tzh;
};

struct rule_test {
	int line;
	char *name;
	cJSON *facts;
	cJSON *waivers;
	cJSON *sw;		/* replaces the table lookup when set */
	char *today;
	/* expectations; -1: not checked */
	int findings;
	int not_evaluated;
	char **objects;
	size_t nobjects;
	char **missing;
	size_t nmissing;
	char *state;
	char *severity;
	char *message;		/* a substring of message.en */
	char **evidence;	/* paths that must be in the evidence */
	size_t nevidence;
};

struct rule_select {
	char **vendors;
	size_t nvendors;
	char **families;
	size_t nfamilies;
	char **models;		/* globs, case-insensitive */
	size_t nmodels;
	char *version;		/* a range, compared in the device's scheme */
};

struct rule_pack {
	char *name;
	char *version;
	char *as_of;
	char *file;
	char *description;
	cJSON *params;		/* {name: number or string} */
	size_t nrules;
};

struct rule {
	char *id;
	const struct rule_pack *pack;
	char *file;
	int line, col;
	char *severity;
	char *category;
	struct rtext title, message, impact, advice;
	char **refs;
	size_t nrefs;
	struct rule_select sel;
	struct xnode *for_each;
	struct xlet *lets;	/* names, trees and texts owned here */
	size_t nlets;
	struct xnode **requires;
	size_t nrequires;
	struct xnode *when;
	char *when_text;
	struct xtmpl *object;
	char *severity_from;	/* field of the item holding a severity */
	int scheme;		/* enum ver_scheme, or -1: the device's */
	struct rule_test *tests;
	size_t ntests;
	/* Written once by ruleset_plan(), so that findings copy them: the
	 * texts without placeholders as JSON ({"en":...,"zh-CN":...}; NULL
	 * when a text has placeholders: rendered per finding) and the
	 * references ([...]). */
	struct rule_json {
		char *s;
		size_t len;
	} json_title, json_message, json_impact, json_advice, json_refs;
};

/* Rules over the same for_each list, evaluated element by element (each
 * element is read by all of them while it is in the processor's cache);
 * a rule without for_each is a batch of one. */
struct rule_batch {
	const struct rule **rules;
	size_t n;
};

struct rule_set {
	struct rule_pack **packs;
	size_t npacks;
	struct rule **rules;
	size_t nrules;
	struct sw_tables *tables;
	struct rule_batch *batches;	/* the evaluation plan */
	size_t nbatches;
};

/* eval.c: builds rs->batches once all packs are loaded; -1 on no memory. */
int ruleset_plan(struct rule_set *rs);

/* loader.c */
void rule_free(struct rule *r);
void rule_pack_free(struct rule_pack *p);
/* Adds r to rs (taking it); -1 on no memory. */
int ruleset_add_rule(struct rule_set *rs, struct rule *r);
int ruleset_add_pack(struct rule_set *rs, struct rule_pack *p);

/* eval.c: one rule over one device (the unit `rules test` runs). */
struct rule_eval_opts {
	const cJSON *waivers;
	const char *today;
	const cJSON *sw;	/* overrides the table lookup when set */
};

int rule_eval_one(const struct rule_set *rs, const struct rule *r,
		  const cJSON *facts, const struct rule_eval_opts *o,
		  cJSON *findings, cJSON *not_evaluated, char *err,
		  size_t errlen);

/* ruletest.c: runs every rule's tests, printing failures to out. */
struct rule_test_result {
	int passed, failed;
};

void ruleset_run_tests(const struct rule_set *rs, bool verbose, FILE *out,
		       struct rule_test_result *res);

#endif
