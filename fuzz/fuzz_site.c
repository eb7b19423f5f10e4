/* fuzz_site.c - the site checklist loader and the answers file
 * (agent/site.c, site_doc.c: `swinspect site` and `run --site FILE`).
 *
 * Input: a checklist (YAML), FUZZ_SEP, an answers file (YAML).  A
 * checklist that does not load is replaced by the built-in one, so the
 * answers are read either way; the facts and the site document are built
 * from answers that load. */
#include "config.h"
#include "error.h"
#include "fuzz.h"
#include "site.h"

#include <stdio.h>
#include <stdlib.h>

static struct checklist *builtin;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct si_diags d = {0};
	char *p;

	fuzz_setup();
	p = checklist_builtin_path("default");
	builtin = p ? checklist_load(p, &d) : NULL;
	if (!builtin)
		abort();
	free(p);
	si_diags_free(&d);
	return 0;
}

static void answers(const struct checklist *cl, const uint8_t *b,
		    size_t blen)
{
	struct si_diags d = {0};
	char path[600];
	struct site_doc *s;
	char *name;

	snprintf(path, sizeof(path), "%s",
		 fuzz_file("site.yaml", b, blen));
	name = site_checklist_of(path);
	free(name);
	s = site_load(path, cl, false, &d);
	if (s) {
		char buf[256];

		site_check_complete(s, cl, &d);
		for (size_t i = 0; i < s->nans && i < cl->nitems; i++)
			site_answer_str(&cl->items[i], &s->ans[i], buf,
					sizeof(buf));
		cJSON_Delete(site_facts(cl, s));
		cJSON_Delete(site_document(cl, s));
	}
	site_free(s);
	si_diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *a, *b;
	size_t alen, blen;
	struct si_diags d = {0};
	struct checklist *cl;

	fuzz_split(data, size, &a, &alen, &b, &blen);
	cl = checklist_load(fuzz_file("checklist.yaml", a, alen), &d);
	if (cl) {
		struct site_doc *s = site_new(cl);

		if (s)
			cJSON_Delete(site_facts(cl, s));
		site_free(s);
	}
	answers(cl ? cl : builtin, b, blen);
	checklist_free(cl);
	si_diags_free(&d);
	return 0;
}
