/* rules.h - rule packs: loading, evaluation over facts, and the
 * `swinspect rules` tool.
 *
 * Rules know facts documents (common/facts.h shape) and nothing of devices,
 * collectors or reports.  A struct rule_set owns every pack it loaded;
 * documents returned by the functions below belong to the caller.
 *
 * A finding (appended to the `findings` array by rules_eval) is an object:
 *   rule, pack, severity (critical|major|minor|info), category
 *   (environment|hardware|software|configuration|security|site), device
 *   (facts.device.name), object (what inside the device: "Fan 2", "" for the
 *   device itself), title {en, zh-CN}, message {en, zh-CN}, impact {en,
 *   zh-CN}, advice {en, zh-CN}, evidence [{path, value, source}], references
 *   [strings], state ("open" | "waived") and, when waived, waiver {reason,
 *   by, expires}.  Identity across inspections: rule + device + object.
 *   Evidence entries: {path, value, source?} for a value read;
 *   {path, absent: true} when the rule found the fact absent (exists());
 *   {omitted: N} closing a list cut at 64 entries.  A waiver whose expiry
 *   has passed leaves the finding open, with waiver_expired {...}.
 * A rule that could not be evaluated because a fact is missing is appended
 * to `not_evaluated` as {rule, device, object, missing: [fact paths],
 * reason}: never a finding, never silently ok.
 */
#ifndef SWI_RULES_H
#define SWI_RULES_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "sbuf.h"

struct si_diags;
struct si_error;
struct rule_set;

/* Each path is a pack file or a folder of *.yaml packs.  Every problem in
 * every file goes into diags (file:line:column); NULL if there was any. */
struct rule_set *rules_load(const char *const *paths, size_t npaths,
			    struct si_diags *diags);
void rules_free(struct rule_set *rs);

/* The built-in packs' folder: datadir()/rules/packs (caller frees). */
char *rules_builtin_dir(void);

/* Evaluates every rule over one device's facts.  waivers: the
 * inspection's waivers array ({rule, device, object?, reason, by,
 * expires}) or NULL; today: "YYYY-MM-DD", for waiver expiry and
 * end-of-support dates.  Returns 0, or -1 on an internal error. */
int rules_eval(const struct rule_set *rs, const cJSON *facts,
	       const cJSON *waivers, const char *today, cJSON *findings,
	       cJSON *not_evaluated, struct si_error *err);

/* The same evaluation, written as JSON text instead of cJSON trees (no
 * allocation per finding; what `swinspect check` streams into
 * findings.json).  Each finding and each not-evaluated entry is appended
 * to its buffer as ",{...}": a leading comma, so that buffers join by
 * appending; skip the first byte to get a JSON array's contents.  The
 * counts add up over calls.  rules_eval() is this, parsed back. */
struct rules_text {
	struct sbuf findings, not_evaluated;
	size_t nfindings, nnot_evaluated;
	size_t open[4];	/* open (not waived) findings: critical .. info */
};
void rules_text_init(struct rules_text *t);
/* Empties the buffers (keeps their memory and the counts). */
void rules_text_clear(struct rules_text *t);
void rules_text_free(struct rules_text *t);
int rules_eval_text(const struct rule_set *rs, const cJSON *facts,
		    const cJSON *waivers, const char *today,
		    struct rules_text *out, struct si_error *err);

/* findings.json, streamed as the devices are evaluated (the memory used
 * is one device's output, whatever their number): rules_doc_open() writes
 * head's members (schema, generator, packs ...), each rules_doc_device()
 * evaluates one device and appends its findings, not-evaluated entries
 * and software row (rules_software), rules_doc_close() completes the
 * document and renames it over path (atomically, 0600) and frees d, or
 * rules_doc_abort() leaves nothing.  Errors: file and reason in err. */
struct rules_doc;
struct rules_doc_stats {
	size_t devices, findings, not_evaluated;
	size_t open[4];	/* open findings by severity: critical .. info */
};
struct rules_doc *rules_doc_open(const char *path, const cJSON *head,
				 struct si_error *err);
int rules_doc_device(struct rules_doc *d, const struct rule_set *rs,
		     const cJSON *facts, const cJSON *waivers,
		     const char *today, struct si_error *err);
/* Appends a device evaluated elsewhere (rules_eval_text into t, and its
 * rules_software row, NULL for none): what rules_doc_device() does after
 * evaluating, so that devices can be evaluated by several threads and
 * written in their order. */
int rules_doc_add(struct rules_doc *d, const struct rules_text *t,
		  const cJSON *software, struct si_error *err);
int rules_doc_close(struct rules_doc *d, struct rules_doc_stats *st,
		    struct si_error *err);
void rules_doc_abort(struct rules_doc *d);

/* [{pack, version, rules, as_of?}] for findings.json / report.json. */
cJSON *rules_packs_summary(const struct rule_set *rs);
/* [{id, pack, severity, category, title {en, zh-CN}}] for the report's
 * appendix. */
cJSON *rules_catalog(const struct rule_set *rs);

/* `swinspect rules lint|test|list [PACK...]` (argv[0] is "rules");
 * returns the exit status. */
int rules_cli(int argc, char **argv);

/* Added by rules/ (not part of the first contract): */
/* The built-in recommended-version / known-issue tables' folder:
 * datadir()/rules/tables (caller frees).  rules_load() always loads it,
 * besides the paths it is given. */
char *rules_tables_dir(void);
/* [{table, vendor, as_of, verified, file, families, known_issues,
 *   sources: [{id, title, url}]}] for findings.json / report.json: where
 * the software verdicts come from and how old they are. */
cJSON *rules_tables_summary(const struct rule_set *rs);
size_t rules_count(const struct rule_set *rs);
/* One device's software row (findings.json's `software` section): the
 * running version against its table's recommended and minimum releases,
 * end of sale / support, the known issues affecting it, where the table
 * comes from (as_of, verified, sources) and a status word: recommended |
 * acceptable | upgrade_advised | end_of_support | unknown |
 * not_collected, with the reason.  Always an object (status unknown when
 * no table covers the device); the caller frees it.  today: YYYY-MM-DD. */
cJSON *rules_software(const struct rule_set *rs, const cJSON *facts,
		      const char *today);
/* A per-site threshold override (the configuration file's): sets the
 * numeric parameter `name` (a pack's `params:`) to value in the pack named
 * `pack`, or in every pack that declares it when pack is NULL.  Returns
 * the number of packs changed: 0 when no pack declares it (a typo the
 * caller should report). */
int rules_set_param(struct rule_set *rs, const char *pack, const char *name,
		    double value);

#endif
