/* fuzz_rules.c - the rule loader (rules/loader.c, lint.c, tables.c) and,
 * for a pack that loads, the evaluator and the pack's own tests.
 *
 * Input: one rule pack or software table (YAML), loaded the way `swinspect
 * check --rules FILE` loads it, with a data directory that holds one
 * built-in table (Cisco's) instead of all of them: loading every table
 * each time would take most of the run (the tables are seeds).  A pack that
 * loads is evaluated over three facts documents of tests/schema/ and its
 * `tests:` are run, as `swinspect rules test` does. */
#include "config.h"
#include "error.h"
#include "fuzz.h"
#include "jsonio.h"
#include "rules.h"
#include "ruleset.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const fact_files[] = {"cisco-full.json",
					 "huawei-full.json", "minimal.json"};
#define NFACTS (sizeof(fact_files) / sizeof(fact_files[0]))
static cJSON *facts[NFACTS], *waivers;
static FILE *devnull;

/* DIR/data: common -> the source's, rules/tables/cisco.yaml -> the
 * source's. */
static void private_datadir(void)
{
	char d[700], p[800];

	snprintf(d, sizeof(d), "%s/data", fuzz_dir());
	snprintf(p, sizeof(p), "%s/rules", d);
	if (mkdir(d, 0700) < 0 || mkdir(p, 0700) < 0)
		abort();
	snprintf(p, sizeof(p), "%s/rules/tables", d);
	if (mkdir(p, 0700) < 0)
		abort();
	snprintf(p, sizeof(p), "%s/rules/tables/cisco.yaml", d);
	if (symlink(ABS_TOP_SRCDIR "/rules/tables/cisco.yaml", p) < 0)
		abort();
	snprintf(p, sizeof(p), "%s/common", d);
	if (symlink(ABS_TOP_SRCDIR "/common", p) < 0)
		abort();
	setenv("SWINSPECT_DATADIR", d, 1);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct si_error err;
	char path[1024];

	fuzz_setup();
	private_datadir();
	for (size_t i = 0; i < NFACTS; i++) {
		snprintf(path, sizeof(path), "%s/tests/schema/facts/valid/%s",
			 ABS_TOP_SRCDIR, fact_files[i]);
		facts[i] = json_read_file(path, 1u << 24, &err);
		if (!facts[i]) {
			fprintf(stderr, "fuzz_rules: %s\n", err.msg);
			abort();
		}
	}
	waivers = cJSON_Parse("[{\"rule\": \"X-1\", \"device\": \"*\", "
			      "\"until\": \"2027-01-01\", \"reason\": \"r\"}]");
	devnull = fopen("/dev/null", "w");
	if (!waivers || !devnull)
		abort();
	return 0;
}

static void evaluate(const struct rule_set *rs)
{
	struct rule_test_result res = {0};
	struct si_error err;

	for (size_t i = 0; i < NFACTS; i++) {
		cJSON *f = cJSON_CreateArray(), *ne = cJSON_CreateArray();

		rules_eval(rs, facts[i], waivers, "2026-11-28", f, ne, &err);
		cJSON_Delete(rules_software(rs, facts[i], "2026-11-28"));
		cJSON_Delete(f);
		cJSON_Delete(ne);
	}
	cJSON_Delete(rules_packs_summary(rs));
	cJSON_Delete(rules_tables_summary(rs));
	cJSON_Delete(rules_catalog(rs));
	ruleset_run_tests(rs, true, devnull, &res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file("pack.yaml", data, size);
	struct si_diags d = {0};
	struct rule_set *rs = rules_load(&path, 1, &d);
	char buf[2048];

	for (size_t i = 0; i < d.n; i++)
		si_error_str(&d.v[i], buf, sizeof(buf));
	if (rs)
		evaluate(rs);
	rules_free(rs);
	si_diags_free(&d);
	return 0;
}
