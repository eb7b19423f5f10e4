/* ruletest.c - `swinspect rules test`: every rule's embedded tests.
 * A rule passes its coverage check when one test expects it to fire and
 * one expects it to stay quiet (no finding, nothing not evaluated). */
#include "config.h"
#include "ruleset.h"
#include "sbuf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEST_TODAY "2026-01-01"

static const char *str_of(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : "";
}

static const char *msg_en(const cJSON *f)
{
	return str_of(cJSON_GetObjectItemCaseSensitive(f, "message"), "en");
}

/* What happened, for a failure line. */
static void describe(const cJSON *fs, const cJSON *ne, struct sbuf *b)
{
	const cJSON *f;
	int i = 0;

	cJSON_ArrayForEach(f, fs)
		if (i++ < 3)
			sbuf_addf(b, "; finding %s: %s", str_of(f, "object"),
				  msg_en(f));
	i = 0;
	cJSON_ArrayForEach(f, ne) {
		const cJSON *m;

		if (i++ >= 3)
			break;
		sbuf_addf(b, "; not evaluated %s: %s", str_of(f, "object"),
			  str_of(f, "reason"));
		cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(
					      f, "missing"))
			sbuf_addf(b, " [%s]", m->valuestring);
	}
}

static bool any_field(const cJSON *list, const char *key, const char *want)
{
	const cJSON *f;

	cJSON_ArrayForEach(f, list)
		if (strcmp(str_of(f, key), want) == 0)
			return true;
	return false;
}

static bool all_field(const cJSON *list, const char *key, const char *want)
{
	const cJSON *f;

	cJSON_ArrayForEach(f, list)
		if (strcmp(str_of(f, key), want) != 0)
			return false;
	return true;
}

static bool in_sublists(const cJSON *list, const char *sub, const char *key,
			const char *want)
{
	const cJSON *f, *e;

	cJSON_ArrayForEach(f, list)
		cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(f, sub)) {
			const char *v = key ? str_of(e, key) :
				 cJSON_IsString(e) ? e->valuestring : "";

			if (strcmp(v, want) == 0)
				return true;
		}
	return false;
}

static bool message_has(const cJSON *fs, const char *want)
{
	const cJSON *f;

	cJSON_ArrayForEach(f, fs)
		if (strstr(msg_en(f), want))
			return true;
	return false;
}

/* 0 when the results meet the test's expectations, else -1 with why. */
static int check(const struct rule_test *t, const cJSON *fs, const cJSON *ne,
		 struct sbuf *why)
{
	int nf = cJSON_GetArraySize(fs), nn = cJSON_GetArraySize(ne);

	if (t->findings >= 0 && nf != t->findings)
		sbuf_addf(why, "expected %d finding%s, got %d", t->findings,
			  t->findings == 1 ? "" : "s", nf);
	else if (t->not_evaluated == -2 && nn == 0)
		sbuf_adds(why, "expected the rule not to be evaluated, but it "
			  "was");
	else if (t->not_evaluated >= 0 && nn != t->not_evaluated)
		sbuf_addf(why, "expected %d not evaluated, got %d",
			  t->not_evaluated, nn);
	for (size_t i = 0; !why->len && i < t->nobjects; i++)
		if (!any_field(fs, "object", t->objects[i]))
			sbuf_addf(why, "no finding for object '%s'",
				  t->objects[i]);
	for (size_t i = 0; !why->len && i < t->nmissing; i++)
		if (!in_sublists(ne, "missing", NULL, t->missing[i]))
			sbuf_addf(why, "'%s' not listed as missing",
				  t->missing[i]);
	for (size_t i = 0; !why->len && i < t->nevidence; i++)
		if (!in_sublists(fs, "evidence", "path", t->evidence[i]))
			sbuf_addf(why, "'%s' not in the evidence",
				  t->evidence[i]);
	if (!why->len && t->state && !all_field(fs, "state", t->state))
		sbuf_addf(why, "expected state %s", t->state);
	if (!why->len && t->severity && !all_field(fs, "severity", t->severity))
		sbuf_addf(why, "expected severity %s", t->severity);
	if (!why->len && t->message && !message_has(fs, t->message))
		sbuf_addf(why, "no message contains \"%s\"", t->message);
	if (!why->len)
		return 0;
	describe(fs, ne, why);
	return -1;
}

static void run_test(const struct rule_set *rs, const struct rule *r,
		     size_t i, bool verbose, FILE *out,
		     struct rule_test_result *res)
{
	const struct rule_test *t = &r->tests[i];
	struct rule_eval_opts o = {.waivers = t->waivers, .sw = t->sw,
				   .today = t->today ? t->today : TEST_TODAY};
	cJSON *fs = cJSON_CreateArray(), *ne = cJSON_CreateArray();
	char err[300] = "";
	struct sbuf why;

	sbuf_init(&why, 4096);
	if (!t->facts || rule_eval_one(rs, r, t->facts, &o, fs, ne, err,
				       sizeof(err)) < 0)
		sbuf_addf(&why, "cannot run: %s", err[0] ? err : "no facts");
	else
		check(t, fs, ne, &why);
	if (why.len) {
		fprintf(out, "%s:%d: %s test %zu%s%s%s: %s\n", r->file, t->line,
			r->id, i + 1, t->name ? " (" : "",
			t->name ? t->name : "", t->name ? ")" : "",
			sbuf_str(&why));
		res->failed++;
	} else {
		if (verbose)
			fprintf(out, "%s:%d: %s test %zu: ok\n", r->file,
				t->line, r->id, i + 1);
		res->passed++;
	}
	sbuf_free(&why);
	cJSON_Delete(fs);
	cJSON_Delete(ne);
}

void ruleset_run_tests(const struct rule_set *rs, bool verbose, FILE *out,
		       struct rule_test_result *res)
{
	res->passed = res->failed = 0;
	for (size_t k = 0; k < rs->nrules; k++) {
		const struct rule *r = rs->rules[k];
		bool fires = false, quiet = false;

		for (size_t i = 0; i < r->ntests; i++) {
			const struct rule_test *t = &r->tests[i];

			run_test(rs, r, i, verbose, out, res);
			fires |= t->findings >= 1;
			quiet |= t->findings == 0 && t->not_evaluated == 0;
		}
		if (!fires) {
			fprintf(out, "%s:%d: %s: no test that fires (one must "
				"expect a finding)\n", r->file, r->line, r->id);
			res->failed++;
		}
		if (!quiet) {
			fprintf(out, "%s:%d: %s: no test that does not fire "
				"(one must expect: 0)\n", r->file, r->line,
				r->id);
			res->failed++;
		}
	}
}
