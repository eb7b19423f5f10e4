/* fuzz_profile_load.c - the vendor profile loader (collectors/
 * profile_load.c) and what the collectors ask a loaded profile:
 * recognition by SNMP identity and by CLI output, refusals, and the
 * mapping of real outputs (tests/profiles/data/outputs) to facts.
 *
 * Input: one profile (YAML), loaded from a folder of its own with the
 * built-in templates, as `swinspect profiles lint DIR` loads it. */
#include "config.h"
#include "error.h"
#include "facts.h"
#include "fsutil.h"
#include "fuzz.h"
#include "profile.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const cmds[] = {"show version", "show environment",
				   "show interfaces", "show running-config"};
#define NOUT (sizeof(cmds) / sizeof(cmds[0]))
static struct profile_output outs[NOUT];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const files[NOUT] = {
		"show_version.txt", "show_environment.txt",
		"show_interfaces.txt", "show_running-config.txt"};
	struct si_error err;

	fuzz_setup();
	for (size_t i = 0; i < NOUT; i++) {
		char path[1024], *text;
		size_t len;

		snprintf(path, sizeof(path),
			 "%s/tests/profiles/data/outputs/%s", ABS_TOP_SRCDIR,
			 files[i]);
		if (fs_read_file(path, 1u << 24, &text, &len, &err) < 0)
			abort();
		outs[i] = (struct profile_output){cmds[i], text, len};
	}
	return 0;
}

static void use(const struct profiles *ps, const struct profile *p)
{
	struct si_diags d = {0};
	cJSON *facts = facts_new("fuzz", "127.0.0.1", NULL);
	const char *v[8];
	char line[256];

	profile_name(p);
	profile_vendor(p);
	profile_family(p);
	profile_version_command(p);
	profile_paging(p);
	profile_width(p);
	profile_exit(p);
	profile_errors(p);
	profile_enable(p);
	for (size_t i = 0; i < profile_command_count(p); i++)
		profile_command_find(p, profile_command_at(p, i)->command);
	for (int s = PROMPT_ANY; s <= PROMPT_SHELL; s++) {
		profile_fits_prompt(p, (enum prompt_shape)s);
		profiles_version_commands(ps, (enum prompt_shape)s, v, 8);
		profiles_match_cli(ps, (enum prompt_shape)s, "show version",
				   outs[0].text);
	}
	for (size_t i = 0; i < NOUT; i++)
		profile_refused(p, outs[i].text, line, sizeof(line));
	profile_apply(p, outs, NOUT, "ssh", facts, &d);
	cJSON_Delete(facts);
	si_diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *tdirs[] = {ABS_TOP_SRCDIR "/collectors/templates",
			       ABS_TOP_SRCDIR "/tests/profiles/data/templates",
			       NULL};
	const char *dirs[] = {fuzz_dir(), NULL};
	struct si_diags d = {0};
	struct profiles *ps;

	fuzz_file("profile.yaml", data, size);
	ps = profiles_load(dirs, tdirs, &d);
	if (ps) {
		profiles_match_snmp(ps, "1.3.6.1.4.1.9.1.1208",
				    "Cisco IOS Software, C2960X Software");
		for (size_t i = 0; i < profiles_count(ps); i++)
			use(ps, profiles_at(ps, i));
		profiles_free(ps);
	}
	si_diags_free(&d);
	return 0;
}
