/* fuzz_previous.c - the previous-report reader (`swinspect report
 * --previous FILE`: report/report.c reads it, report/compare.c compares,
 * report/site.c carries the site answers over) and the pages that show
 * the comparison (HTML in both languages, CSV).
 *
 * Input: a previous report.json.  The current inspection is the bundle
 * tests/report/site (read only). */
#include "config.h"
#include "error.h"
#include "fuzz.h"
#include "html.h"
#include "report.h"
#include "report_int.h"
#include "sbuf.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *prev = fuzz_file("previous.json", data, size);
	struct report_opts o = {.out = ABS_TOP_SRCDIR "/tests/report/site",
				.previous = prev, .lang = "en"};
	struct si_error err;
	struct sbuf b;
	int rc;
	cJSON *rep = report_document(&o, &err, &rc);

	if (!rep) {
		if (rc != REPORT_EBADINPUT)
			abort();	/* only the input may be wrong */
		return 0;
	}
	sbuf_init(&b, SBUF_UNLIMITED);
	html_render(rep, "en", &b);
	sbuf_reset(&b);
	html_render(rep, "zh-CN", &b);
	sbuf_reset(&b);
	report_csv_findings(rep, "en", &b);
	sbuf_reset(&b);
	report_csv_inventory(rep, &b);
	sbuf_free(&b);
	cJSON_Delete(rep);
	return 0;
}
