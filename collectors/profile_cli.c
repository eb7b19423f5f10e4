/* profile_cli.c - `swinspect parse --profile NAME --command CMD FILE`,
 * `swinspect profiles list` and `swinspect profiles lint [DIR...]`
 * (doc/profiles.md).  Exit statuses as common/model.h says. */
#include "config.h"
#include "profile_int.h"
#include "datadir.h"
#include "error.h"
#include "facts.h"
#include "fsutil.h"
#include "model.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PARSE_MAX_INPUT (64u << 20)
#define MAX_DIRS 32

static void print_diags(const struct si_diags *d)
{
	char buf[SI_ERROR_MSG_MAX + SI_ERROR_FILE_MAX + 32];

	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "%s\n", si_error_str(&d->v[i], buf, sizeof(buf)));
}

/* The facts one output gives, as JSON on stdout. */
static int parse_one(const struct profile *p, const char *cmd,
		     const char *file)
{
	struct profile_output o = {.command = cmd};
	struct si_diags d = {0};
	struct si_error err;
	cJSON *facts;
	char *text = NULL, *json;
	size_t len = 0;
	int rc;

	si_error_clear(&err);
	if (fs_read_file(strcmp(file, "-") == 0 ? "/dev/stdin" : file,
			 PARSE_MAX_INPUT, &text, &len, &err) < 0) {
		fprintf(stderr, "swinspect: %s: %s\n", file, err.msg);
		return 66;
	}
	o.text = text;
	o.len = len;
	facts = cJSON_CreateObject();
	rc = facts ? profile_apply(p, &o, 1, "ssh", facts, &d) : -1;
	print_diags(&d);
	if (rc < 0) {
		fprintf(stderr, "swinspect: out of memory\n");
		rc = EXIT_SOFTWARE;
	} else {
		json = cJSON_Print(facts);
		if (json)
			printf("%s\n", json);
		free(json);
		rc = d.n ? EXIT_DATAERR : EXIT_OK;
	}
	si_diags_free(&d);
	cJSON_Delete(facts);
	free(text);
	return rc;
}

int profile_parse_cli(int argc, char **argv)
{
	static const struct option opts[] = {
		{"profile", required_argument, NULL, 'p'},
		{"command", required_argument, NULL, 'c'},
		{NULL, 0, NULL, 0},
	};
	const char *name = NULL, *cmd = NULL;
	const struct profiles *ps;
	const struct profile *p;
	struct si_error err;
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "p:c:", opts, NULL)) != -1) {
		if (ch == 'p')
			name = optarg;
		else if (ch == 'c')
			cmd = optarg;
		else
			return EXIT_USAGE;
	}
	if (!name || !cmd || optind + 1 != argc) {
		fprintf(stderr, "Usage: swinspect parse --profile NAME "
			"--command CMD FILE\n");
		return EXIT_USAGE;
	}
	si_error_clear(&err);
	if (!(ps = profiles_default(&err))) {
		fprintf(stderr, "swinspect: %s\n", err.msg);
		return EXIT_DATAERR;
	}
	if (!(p = profiles_find(ps, name))) {
		fprintf(stderr, "swinspect: no profile '%s' (see 'swinspect "
			"profiles list')\n", name);
		return EXIT_DATAERR;
	}
	if (!profile_command_find(p, cmd)) {
		fprintf(stderr, "swinspect: profile '%s' has no command "
			"'%s'\n", name, cmd);
		return EXIT_DATAERR;
	}
	if (!profile_command_find(p, cmd)->has_template)
		fprintf(stderr, "swinspect: '%s' has no template in profile "
			"'%s': it gives no facts\n", cmd, name);
	return parse_one(p, cmd, argv[optind]);
}

static int list(void)
{
	struct si_error err;
	const struct profiles *ps;

	si_error_clear(&err);
	if (!(ps = profiles_default(&err))) {
		fprintf(stderr, "swinspect: %s\n", err.msg);
		return EXIT_DATAERR;
	}
	for (size_t i = 0; i < ps->n; i++) {
		const struct profile *p = ps->v[i];

		printf("%-20s %-8s %-8s %4d %2zu commands  %s\n", p->name,
		       p->vendor, p->family, p->priority, p->ncmds,
		       p->description ? p->description : "");
	}
	return EXIT_OK;
}

/* The templates of DIR: DIR/../templates when it exists. */
static char *sibling_templates(const char *dir)
{
	char *t = fs_join(dir, "../templates");

	if (t && fs_is_dir(t))
		return t;
	free(t);
	return NULL;
}

static int lint(int argc, char **argv)
{
	const char *dirs[MAX_DIRS + 1] = {0}, *tdirs[2 * MAX_DIRS + 2] = {0};
	char *own[MAX_DIRS + 1] = {0}, *builtin = NULL;
	struct si_diags d = {0};
	struct profiles *ps;
	size_t nd = 0, nt = 0;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-t") == 0 && i + 1 < argc) {
			if (nt < MAX_DIRS)
				tdirs[nt++] = argv[++i];
			continue;
		}
		if (nd == MAX_DIRS) {
			fprintf(stderr, "swinspect: too many directories\n");
			return EXIT_USAGE;
		}
		dirs[nd] = argv[i];
		if ((own[nd] = sibling_templates(argv[i])))
			tdirs[nt++] = own[nd];
		nd++;
	}
	if (nd == 0)
		dirs[nd++] = builtin = datadir_path("collectors/profiles");
	tdirs[nt++] = own[MAX_DIRS] = datadir_path("collectors/templates");
	ps = profiles_load(dirs, tdirs, &d);
	print_diags(&d);
	if (!ps) {
		rc = EXIT_SOFTWARE;
	} else {
		fprintf(stderr, "%zu profiles OK, %zu mistakes\n", ps->n, d.n);
		rc = d.n ? EXIT_DATAERR : EXIT_OK;
	}
	profiles_free(ps);
	si_diags_free(&d);
	for (size_t i = 0; i <= MAX_DIRS; i++)
		free(own[i]);
	free(builtin);
	return rc;
}

int profiles_cli(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	if (sub && strcmp(sub, "list") == 0 && argc == 2)
		return list();
	if (sub && strcmp(sub, "lint") == 0)
		return lint(argc - 1, argv + 1);
	fprintf(stderr, "Usage: swinspect profiles list\n"
		"       swinspect profiles lint [-t TEMPLATE_DIR] [DIR...]\n");
	return EXIT_USAGE;
}
