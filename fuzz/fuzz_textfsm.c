/* fuzz_textfsm.c - the TextFSM engine (collectors/textfsm.c): compiling a
 * template and running it over a CLI output.
 *
 * Input: a template, FUZZ_SEP, the text to parse (the seeds pair each
 * built-in template with the project's sample outputs).  The records are
 * then written out both ways `swinspect parse` and the profiles read them. */
#include "config.h"
#include "error.h"
#include "fuzz.h"
#include "sbuf.h"
#include "textfsm.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *a, *b;
	size_t alen, blen;
	struct si_error err;
	struct textfsm *t;
	struct textfsm_result *r = NULL;
	struct textfsm_limits lim;
	struct sbuf out;

	fuzz_split(data, size, &a, &alen, &b, &blen);
	t = textfsm_compile((const char *)a, alen, "fuzz.textfsm", &err);
	if (!t)
		return 0;
	for (size_t i = 0; i < textfsm_nvalues(t); i++) {
		textfsm_value_index(t, textfsm_value_name(t, i));
		textfsm_value_options(t, i);
	}
	textfsm_limits_default(&lim);
	/* the default bounds are for real outputs of several MB; a fuzz
	 * input is at most a few kB, so tighter ones find the same bugs and
	 * keep a pathological regex from timing out the run */
	lim.match_limit = 100000;
	lim.depth_limit = 10000;
	if (textfsm_parse(t, (const char *)b, blen, "fuzz.txt", &lim, &r,
			  &err) == 0 && r) {
		cJSON *j = textfsm_result_to_cjson(r);

		sbuf_init(&out, SBUF_UNLIMITED);
		textfsm_result_write_json(r, &out);
		for (size_t i = 0; i < textfsm_result_count(r); i++)
			for (size_t k = 0; k < textfsm_result_nvalues(r); k++) {
				size_t len;

				textfsm_result_kind(r, i, k);
				textfsm_result_str(r, i, k, &len);
			}
		sbuf_free(&out);
		cJSON_Delete(j);
	}
	textfsm_result_free(r);
	textfsm_free(t);
	return 0;
}
