/* profile.h - vendor profiles: recognise a device, set up its CLI session,
 * run its commands and turn their outputs into facts (doc/profiles.md).
 *
 * Ownership: struct profiles is immutable once loaded and may be shared by
 * every thread; profiles_default() loads it once per process.  A profile
 * pointer lives as long as its set.
 *
 * This header is the contract between the profile engine, the SSH
 * collector, `swinspect import` and `swinspect parse --profile`.
 */
#ifndef SWI_PROFILE_H
#define SWI_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

struct si_error;
struct si_diags;
struct profiles;
struct profile;

/* ---- loading ----------------------------------------------------------- */

/* Loads every *.yaml of the directories (in order; a later profile of the
 * same name replaces an earlier one).  Every mistake goes to diags with
 * file:line:column and its profile is left out.  template_dirs: where
 * `template:` files are looked up (NULL-terminated, in order).  NULL only on
 * no memory. */
struct profiles *profiles_load(const char *const *dirs,
			       const char *const *template_dirs,
			       struct si_diags *diags);
/* The built-in profiles plus those of the configuration file, loaded once
 * per process; NULL with err filled when none can be read. */
const struct profiles *profiles_default(struct si_error *err);
/* A set of the one profile `name` (NAME.yaml of the built-in and the
 * configured directories, a later one replacing an earlier one as in the
 * default set), for a caller that knows the family already: the on-box
 * CLI, where every vendor's templates would cost memory the box should
 * keep.  Caller frees; NULL with err filled when there is none. */
struct profiles *profiles_load_one(const char *name, struct si_error *err);
/* Extra directories for profiles_default (configuration file); call before
 * the first profiles_default(). */
void profiles_set_extra_dirs(const char *const *profile_dirs,
			     const char *const *template_dirs);
void profiles_free(struct profiles *ps);

size_t profiles_count(const struct profiles *ps);
const struct profile *profiles_at(const struct profiles *ps, size_t i);
const struct profile *profiles_find(const struct profiles *ps,
				    const char *name);

/* ---- recognition ------------------------------------------------------- */

/* The best profile for an SNMP identity (either may be NULL), or NULL. */
const struct profile *profiles_match_snmp(const struct profiles *ps,
					  const char *sys_object_id,
					  const char *sys_descr);

enum prompt_shape { PROMPT_ANY, PROMPT_HASH, PROMPT_ANGLE, PROMPT_JUNOS,
		    PROMPT_SHELL };
enum prompt_shape prompt_shape_of(const char *prompt);
/* Does the profile's recognise.cli prompt fit a shape (PROMPT_ANY fits
 * all; a profile without recognise.cli fits none)? */
bool profile_fits_prompt(const struct profile *p, enum prompt_shape shape);

/* Candidate version commands for a prompt shape, distinct, in priority
 * order (at most max); returns how many were written. */
size_t profiles_version_commands(const struct profiles *ps,
				 enum prompt_shape shape,
				 const char **cmds, size_t max);
/* The best profile whose recognise.cli fits the prompt shape and the output
 * of `command`, or NULL. */
const struct profile *profiles_match_cli(const struct profiles *ps,
					 enum prompt_shape shape,
					 const char *command,
					 const char *output);

/* ---- what a profile says ---------------------------------------------- */

struct profile_command {
	const char *command;
	const char *const *alternatives;	/* NULL-terminated, may be empty */
	long timeout_ms;			/* 0: the session's */
	bool optional;
	bool secret;
	bool has_template;
	bool applied;	/* its output goes to profile_apply(): a template,
			 * or a `compare` reads it */
};

const char *profile_name(const struct profile *p);
const char *profile_vendor(const struct profile *p);
const char *profile_family(const struct profile *p);
const char *profile_version_command(const struct profile *p);
const char *const *profile_paging(const struct profile *p);	/* NULL-term. */
const char *const *profile_width(const struct profile *p);
const char *const *profile_exit(const struct profile *p);
const char *const *profile_errors(const struct profile *p);	/* PCRE2 */
bool profile_enable(const struct profile *p);
size_t profile_command_count(const struct profile *p);
const struct profile_command *profile_command_at(const struct profile *p,
						 size_t i);
/* The command entry for a command text (its own or an alternative's), or
 * NULL. */
const struct profile_command *profile_command_find(const struct profile *p,
						   const char *command);

/* Does the output (its first lines) say the device refused the command?
 * The profile's `errors` (p may be NULL), then the built-in ones every
 * vendor uses ("% Invalid input", "Error: Unrecognized command", a lone
 * caret, ...).  line (if not NULL) gets the offending line. */
bool profile_refused(const struct profile *p, const char *output, char *line,
		     size_t n);

/* ---- outputs to facts -------------------------------------------------- */

struct profile_output {
	const char *command;	/* as run (may be an alternative) */
	const char *text;	/* the output, without the echo and prompt */
	size_t len;
};

/* Parses each output with its command's template and writes what the emit
 * blocks say into facts, merging with what is there (doc/profiles.md:
 * provenance and merging).  source: "ssh" or "import" (the src prefix).
 * Outputs of commands the profile does not know are ignored.  A template
 * error or an output that parses into nothing where records were expected
 * is added to diags (with the command) and the rest goes on.  Returns the
 * number of fields written, or -1 on no memory. */
int profile_apply(const struct profile *p, const struct profile_output *outs,
		  size_t n, const char *source, cJSON *facts,
		  struct si_diags *diags);

/* ---- command line (profile_cli.c) ---------------------------------- */

/* `swinspect parse --profile NAME --command CMD FILE` (argv[0] "parse"):
 * the facts the output gives, as JSON.  0; 64 usage; 65 unknown profile
 * or command, or a template error; 66 unreadable input. */
int profile_parse_cli(int argc, char **argv);
/* `swinspect profiles list|lint [-t TEMPLATE_DIR] [DIR...]` (argv[0]
 * "profiles"): lint exits 65 when a profile has a mistake. */
int profiles_cli(int argc, char **argv);

#endif
