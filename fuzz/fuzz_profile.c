/* fuzz_profile.c - the built-in profiles' mappings from CLI outputs to
 * facts (collectors/profile_apply.c, profile_eval.c, with the shipped
 * TextFSM templates and their default bounds), recognition by output
 * (profile_match.c) and refusal detection.
 *
 * Input: one or more outputs separated by FUZZ_SEP, each "COMMAND\n"
 * then the text the device printed (the seeds are the lab's recorded
 * outputs).  Every built-in profile that runs one of the commands maps
 * the outputs it knows, as a collection or an import does. */
#include "config.h"
#include "error.h"
#include "facts.h"
#include "fuzz.h"
#include "profile.h"

#include <stdlib.h>
#include <string.h>

#define MAX_OUTS 8

static const struct profiles *ps;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct si_error err;

	fuzz_setup();
	ps = profiles_default(&err);
	if (!ps)
		abort();
	return 0;
}

static void apply(const struct profile *p, struct profile_output *outs,
		  size_t n)
{
	struct profile_output mine[MAX_OUTS];
	struct si_diags d = {0};
	size_t k = 0;
	char line[256];
	cJSON *facts;

	for (size_t i = 0; i < n; i++) {
		profile_refused(p, outs[i].text, line, sizeof(line));
		if (profile_command_find(p, outs[i].command))
			mine[k++] = outs[i];
	}
	if (!k)
		return;
	facts = facts_new("fuzz", "127.0.0.1", NULL);
	profile_apply(p, mine, k, "ssh", facts, &d);
	free(cJSON_PrintUnformatted(facts));
	cJSON_Delete(facts);
	si_diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile_output outs[MAX_OUTS];
	char *text[MAX_OUTS], *cmd[MAX_OUTS];
	size_t n = 0;

	while (n < MAX_OUTS && size) {
		const uint8_t *a, *rest;
		size_t alen, rlen;
		const uint8_t *nl;

		fuzz_split(data, size, &a, &alen, &rest, &rlen);
		nl = memchr(a, '\n', alen);
		cmd[n] = fuzz_strndup(a, nl ? (size_t)(nl - a) : alen);
		text[n] = nl ? fuzz_strndup(nl + 1, alen - (size_t)(nl + 1 - a))
			     : fuzz_strndup(a, 0);
		outs[n] = (struct profile_output){
			cmd[n], text[n],
			nl ? alen - (size_t)(nl + 1 - a) : 0};
		n++;
		if (rest == data + size)
			break;
		data = rest;
		size = rlen;
	}
	for (int s = PROMPT_ANY; s <= PROMPT_SHELL && n; s++)
		profiles_match_cli(ps, (enum prompt_shape)s, outs[0].command,
				   outs[0].text);
	for (size_t i = 0; i < profiles_count(ps); i++)
		apply(profiles_at(ps, i), outs, n);
	for (size_t i = 0; i < n; i++) {
		free(cmd[i]);
		free(text[i]);
	}
	return 0;
}
