/* tables.h - recommended-version and known-issue tables (rules/tables/).
 *
 * A table, per vendor, lists model families (matched by OS family and
 * model globs) with their recommended stable release, minimum release,
 * end-of-sale and end-of-support dates, and known issues with the version
 * ranges they affect and the releases that fix them.  Every table carries
 * as_of, its sources and whether its entries were verified against them.
 * For one device, swt_lookup() gives the `sw` object rules read:
 *   {table, family, vendor, scheme, as_of, verified, running, recommended,
 *    minimum, end_of_sale, end_of_support, notes, sources[],
 *    known_issues[] (those affecting the running version: id, severity,
 *    summary_en, summary_zh, affected[], fixed_in[], url, uptime_days,
 *    fixed_by_recommended), issues_fixed_by_recommended, train,
 *    train_end_of_maintenance, train_end_of_support (the release train the
 *    running version belongs to, with its own lifecycle dates), src}
 * Ownership: the set owns its tables; swt_lookup's result belongs to the
 * caller.
 */
#ifndef SWI_RULES_TABLES_H
#define SWI_RULES_TABLES_H

#include <stddef.h>

#include <cjson/cJSON.h>

struct lint;
struct ynode;
struct sw_tables;

struct sw_tables *swt_new(void);
void swt_free(struct sw_tables *t);
/* Adds one table document (errors counted in l); -1 on no memory. */
int swt_load(struct sw_tables *t, struct lint *l, const struct ynode *root);
size_t swt_count(const struct sw_tables *t);
/* The `sw` object for a device; NULL with the reason in why when no table
 * covers its vendor and model. */
cJSON *swt_lookup(const struct sw_tables *t, const cJSON *facts, char *why,
		  size_t whylen);
/* The device's row of findings.json's `software` section: {device,
 * running?, table?, family?, as_of?, verified?, recommended?, minimum?,
 * end_of_sale?, end_of_support?, train?, train_end_of_maintenance?,
 * train_end_of_support?, notes?, known_issues: [ids affecting the running
 * version], issues_fixed_by_recommended?, status (recommended | acceptable
 * | upgrade_advised | end_of_support | unknown | not_collected), reason,
 * sources: [{id, title, url}]}.  today: days since 1970 (< 0: unknown). */
cJSON *swt_software(const struct sw_tables *t, const cJSON *facts,
		    long today);
/* [{table, vendor, as_of, verified, file, families, known_issues,
 *   sources: [{id, title, url}]}] */
cJSON *swt_summary(const struct sw_tables *t);

#endif
