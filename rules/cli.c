/* cli.c - `swinspect rules lint|test|list|eval`.  Diagnostics go to
 * stderr as file:line:column: message (with the line and a caret for
 * expressions); results to stdout. */
#include "config.h"
#include "rules.h"
#include "ruleset.h"
#include "error.h"
#include "jsonio.h"
#include "model.h"
#include "tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define FACTS_MAX (64u << 20)

struct opts {
	bool verbose, json;
	const char *lang;
	const char *today;
	const char **packs;
	size_t npacks;
	const char **files;	/* eval: facts documents */
	size_t nfiles;
};

static int usage(FILE *f)
{
	fprintf(f,
		"usage: swinspect rules lint [PACK...]\n"
		"       swinspect rules test [-v] [PACK...]\n"
		"       swinspect rules list [--json] [--lang en|zh-CN] "
		"[PACK...]\n"
		"       swinspect rules eval [--today YYYY-MM-DD] [-p PACK]... "
		"FACTS.json...\n"
		"PACK is a pack file or a folder of them (default: the "
		"built-in packs).\n"
		"The built-in software tables are always loaded.\n");
	return f == stdout ? EXIT_OK : EXIT_USAGE;
}

static void print_diags(const struct si_diags *d)
{
	char buf[SI_ERROR_MSG_MAX + SI_ERROR_FILE_MAX + 32];

	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "%s\n", si_error_str(&d->v[i], buf,
						     sizeof(buf)));
}

static struct rule_set *load(const struct opts *o, struct si_diags *d)
{
	struct rule_set *rs;
	char *builtin = NULL;

	if (o->npacks == 0) {
		builtin = rules_builtin_dir();
		rs = rules_load((const char *const *)&builtin, 1, d);
	} else
		rs = rules_load(o->packs, o->npacks, d);
	free(builtin);
	print_diags(d);
	return rs;
}

static int cmd_lint(const struct opts *o)
{
	struct si_diags d = {0};
	struct rule_set *rs = load(o, &d);

	if (!rs) {
		fprintf(stderr, "%zu error%s\n", d.n, d.n == 1 ? "" : "s");
		si_diags_free(&d);
		return EXIT_DATAERR;
	}
	printf("rules OK: %zu pack%s, %zu rule%s, %zu table%s\n", rs->npacks,
	       rs->npacks == 1 ? "" : "s", rs->nrules,
	       rs->nrules == 1 ? "" : "s", swt_count(rs->tables),
	       swt_count(rs->tables) == 1 ? "" : "s");
	rules_free(rs);
	si_diags_free(&d);
	return EXIT_OK;
}

static int cmd_test(const struct opts *o)
{
	struct si_diags d = {0};
	struct rule_set *rs = load(o, &d);
	struct rule_test_result res;

	si_diags_free(&d);
	if (!rs)
		return EXIT_DATAERR;
	ruleset_run_tests(rs, o->verbose, stdout, &res);
	printf("%d passed, %d failed\n", res.passed, res.failed);
	rules_free(rs);
	return res.failed ? EXIT_FINDINGS : EXIT_OK;
}

static int cmd_list(const struct opts *o)
{
	struct si_diags d = {0};
	struct rule_set *rs = load(o, &d);
	bool zh = o->lang && strcmp(o->lang, "zh-CN") == 0;

	si_diags_free(&d);
	if (!rs)
		return EXIT_DATAERR;
	if (o->json) {
		cJSON *c = rules_catalog(rs);
		char *s = cJSON_Print(c);

		printf("%s\n", s ? s : "[]");
		free(s);
		cJSON_Delete(c);
	} else {
		for (size_t i = 0; i < rs->nrules; i++) {
			const struct rule *r = rs->rules[i];

			printf("%-28s %-8s %-13s %-24s %s\n", r->id,
			       r->severity, r->category, r->pack->name,
			       zh ? r->title.zh : r->title.en);
		}
	}
	rules_free(rs);
	return EXIT_OK;
}

static int eval_file(const struct rule_set *rs, const char *path,
		     const char *today, cJSON *all)
{
	struct si_error err;
	cJSON *facts = json_read_file(path, FACTS_MAX, &err);
	cJSON *f = cJSON_CreateArray(), *ne = cJSON_CreateArray(), *o;
	char buf[2048];

	if (!facts) {
		fprintf(stderr, "%s\n", si_error_str(&err, buf, sizeof(buf)));
		cJSON_Delete(f);
		cJSON_Delete(ne);
		return -1;
	}
	if (rules_eval(rs, facts, NULL, today, f, ne, &err) < 0)
		fprintf(stderr, "%s: %s\n", path, err.msg);
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "file", path);
	json_add(o, "findings", f);
	json_add(o, "not_evaluated", ne);
	json_add(all, NULL, o);
	cJSON_Delete(facts);
	return 0;
}

static int cmd_eval(const struct opts *o)
{
	struct si_diags d = {0};
	struct rule_set *rs;
	cJSON *all;
	char today[16], *s;
	int rc = EXIT_OK;

	if (o->nfiles == 0)
		return usage(stderr);
	rs = load(o, &d);
	si_diags_free(&d);
	if (!rs)
		return EXIT_DATAERR;
	if (!o->today) {
		time_t now = time(NULL);
		struct tm tm;

		strftime(today, sizeof(today), "%Y-%m-%d",
			 gmtime_r(&now, &tm));
	}
	all = cJSON_CreateArray();
	for (size_t i = 0; i < o->nfiles; i++)
		if (eval_file(rs, o->files[i], o->today ? o->today : today,
			      all) < 0)
			rc = EXIT_DATAERR;
	s = cJSON_Print(all);
	printf("%s\n", s ? s : "[]");
	free(s);
	cJSON_Delete(all);
	rules_free(rs);
	return rc;
}

static int parse_args(int argc, char **argv, bool eval, struct opts *o)
{
	o->packs = calloc((size_t)argc + 1, sizeof(*o->packs));
	o->files = calloc((size_t)argc + 1, sizeof(*o->files));
	if (!o->packs || !o->files)
		return -1;
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-v") || !strcmp(a, "--verbose"))
			o->verbose = true;
		else if (!strcmp(a, "--json"))
			o->json = true;
		else if (!strcmp(a, "--lang") && i + 1 < argc)
			o->lang = argv[++i];
		else if (!strcmp(a, "--today") && i + 1 < argc)
			o->today = argv[++i];
		else if (!strcmp(a, "-p") && i + 1 < argc)
			o->packs[o->npacks++] = argv[++i];
		else if (a[0] == '-' && a[1])
			return -1;
		else if (eval)
			o->files[o->nfiles++] = a;
		else
			o->packs[o->npacks++] = a;
	}
	return 0;
}

int rules_cli(int argc, char **argv)
{
	struct opts o = {0};
	const char *cmd = argc > 1 ? argv[1] : NULL;
	int rc;

	if (!cmd)
		return usage(stderr);
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") ||
	    !strcmp(cmd, "help"))
		return usage(stdout);
	if (parse_args(argc, argv, !strcmp(cmd, "eval"), &o) < 0) {
		free(o.packs);
		free(o.files);
		return usage(stderr);
	}
	if (!strcmp(cmd, "lint"))
		rc = cmd_lint(&o);
	else if (!strcmp(cmd, "test"))
		rc = cmd_test(&o);
	else if (!strcmp(cmd, "list"))
		rc = cmd_list(&o);
	else if (!strcmp(cmd, "eval"))
		rc = cmd_eval(&o);
	else
		rc = usage(stderr);
	free(o.packs);
	free(o.files);
	return rc;
}
