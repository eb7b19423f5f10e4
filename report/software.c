/* software.c - per device: finding counts, health, software compliance.
 *
 * Software compliance says, per device, which version runs, which one the
 * rule packs recommend (when a version table or a finding says so) and how
 * many known issues apply.  Where it comes from, best first:
 *   1. the `software` table of findings.json, when the rules provide one:
 *      [{device, running?, recommended?, minimum?, status?, known_issues?
 *      (a number or a list), end_of_support?, as_of?, verified?}]
 *   2. the device's open software findings: an evidence entry whose path
 *      names "recommended" (sw.recommended of the built-in software
 *      pack) carries the recommended version; one whose path names
 *      "recommended" or "minimum" means the release is below it (upgrade
 *      advised); a rule whose id says END-OF-SUPPORT (not ..._SOON) means
 *      end of support; rules whose id says ISSUE or BUG are known issues
 *      (one finding per issue, the issue in the object);
 *   3. nothing: the running version alone, status "unknown".
 */
#include "config.h"
#include "report_int.h"
#include "model.h"
#include "jsonio.h"

#include <math.h>
#include <string.h>

static const char *const sw_statuses[] = {
	"recommended", "acceptable", "upgrade_advised", "end_of_support",
	"unknown", "not_collected", NULL,
};

static bool is_open(const cJSON *f)
{
	const char *st = rj_str(f, "state");

	return !(st && strcmp(st, "waived") == 0);
}

static bool is_software(const cJSON *f)
{
	const char *c = rj_str(f, "category");

	return c && strcmp(c, "software") == 0;
}

/* The value of the first evidence entry whose path names word. */
static const cJSON *evidence_named(const cJSON *f, const char *word)
{
	const cJSON *e;

	cJSON_ArrayForEach(e, rj_arr(f, "evidence")) {
		const char *path = rj_str(e, "path");

		if (path && strstr(path, word) && rj_get(e, "value"))
			return rj_get(e, "value");
	}
	return NULL;
}

static const char *evidence_recommended(const cJSON *f)
{
	return cJSON_GetStringValue(evidence_named(f, "recommended"));
}

static bool rule_says(const cJSON *f, const char *word)
{
	return strstr(rj_str(f, "rule"), word) != NULL;
}

struct sw_signals {
	const char *recommended;
	int issues;
	bool upgrade, eos;
};

static void add_counts(cJSON *dev, const cJSON *const *v, size_t n)
{
	int by[4] = {0}, waived = 0, worst = 9;
	cJSON *c = cJSON_AddObjectToObject(dev, "findings");
	const char *health;

	for (size_t i = 0; i < n; i++) {
		int r = severity_rank(rj_str(v[i], "severity"));

		if (r < 0)
			continue;
		if (!is_open(v[i])) {
			waived++;
			continue;
		}
		by[r]++;
		if (r < worst)
			worst = r;
	}
	for (int i = 0; severities[i]; i++)
		cJSON_AddNumberToObject(c, severities[i], by[i]);
	cJSON_AddNumberToObject(c, "waived", waived);
	if (worst <= 2)
		health = severities[worst];
	else if (!cJSON_IsTrue(rj_get(dev, "reached")))
		health = "not_reached";
	else
		health = "ok";
	cJSON_AddStringToObject(dev, "health", health);
}

static int known_issues(const cJSON *row, int from_findings)
{
	const cJSON *k = rj_get(row, "known_issues");
	double v;

	if (cJSON_IsArray(k))
		return cJSON_GetArraySize(k);
	if (rj_num(row, "known_issues", &v) && v >= 0 && v < 1e9)
		return (int)floor(v);
	return from_findings;
}

static const char *derive_status(const cJSON *sw, const cJSON *row,
				 const struct sw_signals *sig)
{
	const char *run = rj_str(sw, "running"), *rec = rj_str(sw, "recommended");
	const char *st = rj_str(row, "status");

	if (rj_in(sw_statuses, st))
		return st;
	if (!run)
		return "not_collected";
	if (sig->eos)
		return "end_of_support";
	if (sig->upgrade)
		return "upgrade_advised";
	if (!rec)
		return "unknown";
	return strcmp(run, rec) == 0 ? "recommended" : "acceptable";
}

static void signals(struct sw_signals *sig, const cJSON *f, cJSON *issues)
{
	if (!sig->recommended)
		sig->recommended = evidence_recommended(f);
	if (evidence_named(f, "recommended") || evidence_named(f, "minimum"))
		sig->upgrade = true;
	if (rule_says(f, "END-OF-SUPPORT") && !rule_says(f, "SOON"))
		sig->eos = true;
	if (rule_says(f, "ISSUE") || rule_says(f, "BUG")) {
		sig->issues++;
		if (rj_str(f, "object"))
			json_add(issues, NULL, cJSON_CreateString(
						 rj_str(f, "object")));
	}
}

static void add_software(cJSON *dev, const cJSON *const *v, size_t n,
			 const cJSON *row)
{
	const cJSON *id = rj_obj(dev, "identity"), *x;
	cJSON *sw = cJSON_AddObjectToObject(dev, "software"), *rules, *issues;
	struct sw_signals sig = {.recommended = rj_str(row, "recommended")};
	bool any = false;

	rj_copy_str(sw, "family", id, "os_family");
	if (rj_str(row, "running"))
		rj_copy_str(sw, "running", row, "running");
	else
		rj_copy_str(sw, "running", id, "os_version");
	rj_copy_str(sw, "patch", id, "os_patch");
	rules = cJSON_CreateArray();
	issues = cJSON_CreateArray();
	for (size_t i = 0; i < n; i++) {
		if (!is_software(v[i]) || !is_open(v[i]))
			continue;
		any = true;
		signals(&sig, v[i], issues);
		json_add(rules, NULL, cJSON_CreateString(
					rj_str(v[i], "rule")));
	}
	cJSON_ArrayForEach(x, rj_arr(row, "known_issues"))
		if (cJSON_IsString(x) && x->valuestring[0])
			json_add(issues, NULL, cJSON_CreateString(
						 x->valuestring));
	if (sig.recommended)
		cJSON_AddStringToObject(sw, "recommended", sig.recommended);
	cJSON_AddStringToObject(sw, "status", derive_status(sw, row, &sig));
	cJSON_AddNumberToObject(sw, "known_issues", known_issues(row, sig.issues));
	json_add(sw, "issues", issues);
	rj_copy_str(sw, "end_of_support", row, "end_of_support");
	rj_copy_str(sw, "minimum", row, "minimum");
	rj_copy_str(sw, "as_of", row, "as_of");
	if (cJSON_IsBool(rj_get(row, "verified")))
		cJSON_AddBoolToObject(sw, "verified",
				      cJSON_IsTrue(rj_get(row, "verified")));
	json_add(sw, "rules", rules);
	cJSON_AddStringToObject(sw, "basis", row ? "table"
					     : any ? "findings" : "none");
}

void report_device_findings(cJSON *dev, const cJSON *const *v, size_t n,
			    const cJSON *row)
{
	add_counts(dev, v, n);
	add_software(dev, v, n, row);
}
