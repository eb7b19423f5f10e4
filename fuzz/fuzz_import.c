/* fuzz_import.c - the import of session logs (`swinspect import`:
 * collectors/cli_log.c splits, agent/import.c recognises the device, and
 * its profile turns the outputs into facts, written as a bundle).
 *
 * Input: one session log as a customer hands it over (a terminal
 * capture with prompts, or '----command----' separated outputs).  The
 * bundle goes to a folder under the private directory, removed after
 * each input. */
#include "config.h"
#include "cli_log.h"
#include "error.h"
#include "fuzz.h"
#include "import.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	fuzz_setup();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char in[600], out[600];
	const char *inputs[1] = {in};
	struct import_opts o = {.out = out, .inputs = inputs, .ninputs = 1};
	struct cli_log log = {0};
	struct si_error err;
	static const char *const known[] = {"show version", "display version",
					    "show running-config", NULL};

	snprintf(in, sizeof(in), "%s", fuzz_file("session.log", data, size));
	snprintf(out, sizeof(out), "%s/out", fuzz_dir());
	import_run(&o);
	fuzz_rm_tree(out);
	/* the splitter alone, with a short list of known commands */
	cli_log_split(&log, (const char *)data, size, "session.log", known,
		      &err);
	cli_log_free(&log);
	return 0;
}
