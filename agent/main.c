/* main.c - the swinspect command: argument parsing and the subcommands.
 * The only file that knows every subcommand; each does its work in its
 * module and returns an exit status (common/model.h). */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "collectors/profile.h"
#include "collectors/textfsm.h"
#include "inventory_csv.h"
#include "probe.h"
#include "error.h"
#include "import.h"
#include "jsonio.h"
#include "log.h"
#include "model.h"
#include "rules/rules.h"
#include "run.h"
#include "settings.h"
#include "site.h"

#define MAX_PACKS 64

static const char usage_text[] =
	"Usage: swinspect COMMAND [OPTIONS]\n"
	"\n"
	"Inspect switches over SNMP and SSH and write an inspection report.\n"
	"\n"
	"Commands:\n"
	"  run -i INVENTORY -o OUT     collect, check and report in one go\n"
	"  collect -i INVENTORY -o OUT collect facts into OUT/devices/*/facts.json\n"
	"  check OUT                   evaluate the rule packs into OUT/findings.json\n"
	"  report OUT                  write OUT/report.json and OUT/report.html\n"
	"  rules lint|test|list [PACK...]\n"
	"                              check, self-test or list rule packs\n"
	"  probe HOST [--snmp-community-env VAR] | probe --inventory FILE --device NAME\n"
	"                              what answers at one address, which profile\n"
	"  inventory import FILE.csv   print an inventory (YAML) for the devices\n"
	"                              of a CSV (name,address,profile,group,site)\n"
	"  import -o OUT FILE|DIR...   a bundle from saved CLI outputs or session\n"
	"                              logs, no network (see doc/import.md)\n"
	"  site -o OUT                 ask the site checklist on a terminal and\n"
	"                              write OUT/site.yaml (see doc/site.md)\n"
	"  run --local -o OUT          inspect the host swinspect runs on\n"
	"                              (on-box; see doc/local.md)\n"
	"  parse TEMPLATE FILE         parse CLI output with a TextFSM template\n"
	"                              (records as JSON; see doc/textfsm.md)\n"
	"  parse --profile NAME --command CMD FILE\n"
	"                              the facts a vendor profile takes from a\n"
	"                              saved output (JSON; see doc/profiles.md)\n"
	"  profiles list|lint [DIR...] list or check the vendor profiles\n"
	"\n"
	"Options:\n"
	"  -i, --inventory FILE   the inventory (YAML)\n"
	"  -o, --out DIR          the output directory\n"
	"  -r, --rules PACK       an extra rule pack file or folder (repeatable)\n"
	"      --no-builtin-rules use only the packs given with --rules\n"
	"      --previous FILE    a previous report.json to compare with\n"
	"      --archive DIR      without --previous, compare with the newest\n"
	"                         earlier report in DIR; then store this one there\n"
	"      --archive-tree ARCHIVE\n"
	"                         store the report in ARCHIVE/<site>/<period>/,\n"
	"                         compared with the site's previous period\n"
	"      --keep N           with --archive-tree: keep the newest N periods\n"
	"      --lang LANG        en, zh-CN or en,zh-CN (report language)\n"
	"      --site FILE        the site checklist's answers (OUT/site.yaml)\n"
	"      --checklist FILE   the checklist they answer (default: built-in)\n"
	"      --photo-cap MB     site photos embedded in the report, in total\n"
	"                         (default 8)\n"
	"      --fail-on SEV      exit 1 when a finding of severity SEV or worse\n"
	"                         is open (critical, major, minor, info)\n"
	"      --resume OUT       inspect only the devices OUT lacks or that\n"
	"                         failed there, then check and report them all\n"
	"      --local            run/collect: this host, no inventory\n"
	"      --root DIR         with --local: read /proc, /sys and /etc under\n"
	"                         DIR (a recorded tree) instead of /\n"
	"      --command-timeout S\n"
	"                         with --local: seconds allowed to each command\n"
	"                         of the NOS's CLI (default 60)\n"
	"      --local-snmp FILE  with --local: also ask the local SNMP agent\n"
	"                         (FILE: its `snmp:` settings, as in an\n"
	"                         inventory; `sonic`: SONiC's snmp.yml)\n"
	"  -j, --jobs N           devices collected at once (default 8); check:\n"
	"                         threads evaluating, at most one per processor\n"
	"      --device-timeout S seconds allowed per device\n"
	"  -q, --quiet            errors only\n"
	"  -v, --verbose          more detail (twice: debug)\n"
	"      --log-subsys LIST  show only these subsystems (e.g. snmp,collect)\n"
	"      --config FILE      the configuration file (default\n"
	"                         ~/.config/swinspect/config.yaml, then\n"
	"                         /etc/swinspect/config.yaml)\n"
	"  -h, --help             this help\n"
	"  -V, --version          the version\n"
	"\n"
	"Exit status: 0 ok; 1 findings at or above --fail-on; 2 some devices not\n"
	"reached; 3 interrupted; 64 usage; 65 bad input; 70 internal error;\n"
	"73 an output could not be written (disk full, read-only).\n";

/* The first SIGINT/SIGTERM asks the run to stop (no new device, in-flight
 * ones abandoned, then check and report of what is there); the handler is
 * then reset, so a second one ends the process at once. */
static void on_signal(int sig)
{
	static const char msg[] = "\nswinspect: interrupted: finishing the "
				  "report of what was inspected (again to "
				  "quit at once)\n";
	ssize_t n;

	(void)sig;
	run_cancel = 1;
	n = write(STDERR_FILENO, msg, sizeof(msg) - 1);
	(void)n;
}

static void install_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

static int usage_error(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "swinspect: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'swinspect --help'.\n");
	return EXIT_USAGE;
}

enum { OPT_NO_BUILTIN = 256, OPT_PREVIOUS, OPT_LANG, OPT_FAIL_ON,
       OPT_LOG_SUBSYS, OPT_DEVICE_TIMEOUT, OPT_ARCHIVE, OPT_CONFIG,
       OPT_RESUME, OPT_ARCHIVE_TREE, OPT_KEEP,
       OPT_SITE, OPT_CHECKLIST, OPT_PHOTO_CAP,
       OPT_LOCAL, OPT_ROOT, OPT_COMMAND_TIMEOUT, OPT_LOCAL_SNMP };

static const struct option long_opts[] = {
	{"inventory", required_argument, NULL, 'i'},
	{"out", required_argument, NULL, 'o'},
	{"rules", required_argument, NULL, 'r'},
	{"no-builtin-rules", no_argument, NULL, OPT_NO_BUILTIN},
	{"previous", required_argument, NULL, OPT_PREVIOUS},
	{"archive", required_argument, NULL, OPT_ARCHIVE},
	{"config", required_argument, NULL, OPT_CONFIG},
	{"lang", required_argument, NULL, OPT_LANG},
	{"fail-on", required_argument, NULL, OPT_FAIL_ON},
	{"site", required_argument, NULL, OPT_SITE},
	{"checklist", required_argument, NULL, OPT_CHECKLIST},
	{"photo-cap", required_argument, NULL, OPT_PHOTO_CAP},
	{"local", no_argument, NULL, OPT_LOCAL},
	{"root", required_argument, NULL, OPT_ROOT},
	{"command-timeout", required_argument, NULL, OPT_COMMAND_TIMEOUT},
	{"local-snmp", required_argument, NULL, OPT_LOCAL_SNMP},
	{"jobs", required_argument, NULL, 'j'},
	{"device-timeout", required_argument, NULL, OPT_DEVICE_TIMEOUT},
	{"resume", required_argument, NULL, OPT_RESUME},
	{"archive-tree", required_argument, NULL, OPT_ARCHIVE_TREE},
	{"keep", required_argument, NULL, OPT_KEEP},
	{"quiet", no_argument, NULL, 'q'},
	{"verbose", no_argument, NULL, 'v'},
	{"log-subsys", required_argument, NULL, OPT_LOG_SUBSYS},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

struct cli {
	struct run_opts o;
	const char *packs[MAX_PACKS];
	const char *config;
	int verbosity;
	const char *subsys;
};

static bool lang_ok(const char *l)
{
	return strcmp(l, "en") == 0 || strcmp(l, "zh-CN") == 0 ||
	       strcmp(l, "en,zh-CN") == 0 || strcmp(l, "zh-CN,en") == 0;
}

static int positive(const char *s, int *out)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*s == '\0' || *end || v < 1 || v > 100000)
		return -1;
	*out = (int)v;
	return 0;
}

/* Returns -1 to go on, or an exit status. */
static int parse_opt(struct cli *c, int ch)
{
	switch (ch) {
	case 'i': c->o.inventory = optarg; break;
	case 'o':
		if (c->o.resume && strcmp(c->o.out, optarg) != 0)
			return usage_error("--resume %s and -o %s name two "
					   "output directories", c->o.out,
					   optarg);
		c->o.out = optarg;
		break;
	case 'r':
		if (c->o.npacks == MAX_PACKS)
			return usage_error("too many --rules (at most %d)",
					   MAX_PACKS);
		c->packs[c->o.npacks++] = optarg;
		break;
	case OPT_NO_BUILTIN: c->o.no_builtin_packs = true; break;
	case OPT_PREVIOUS: c->o.previous = optarg; break;
	case OPT_ARCHIVE: c->o.archive = optarg; break;
	case OPT_ARCHIVE_TREE: c->o.archive_tree = optarg; break;
	case OPT_KEEP:
		if (positive(optarg, &c->o.keep) < 0)
			return usage_error("--keep needs a positive number, "
					   "not '%s'", optarg);
		break;
	case OPT_CONFIG: c->config = optarg; break;
	case OPT_RESUME:
		if (c->o.out && strcmp(c->o.out, optarg) != 0)
			return usage_error("--resume %s and -o %s name two "
					   "output directories", optarg,
					   c->o.out);
		c->o.out = optarg;
		c->o.resume = true;
		break;
	case OPT_LANG:
		if (!lang_ok(optarg))
			return usage_error("unknown --lang '%s' (en, zh-CN or "
					   "en,zh-CN)", optarg);
		c->o.lang = optarg;
		break;
	case OPT_FAIL_ON:
		if (severity_rank(optarg) < 0)
			return usage_error("unknown severity '%s' (critical, "
					   "major, minor, info)", optarg);
		c->o.fail_on = optarg;
		break;
	case 'j':
		if (positive(optarg, &c->o.jobs) < 0)
			return usage_error("--jobs needs a positive number, "
					   "not '%s'", optarg);
		break;
	case OPT_DEVICE_TIMEOUT:
		if (positive(optarg, &c->o.device_timeout_s) < 0)
			return usage_error("--device-timeout needs seconds, "
					   "not '%s'", optarg);
		break;
	case OPT_SITE: c->o.site = optarg; break;
	case OPT_CHECKLIST: c->o.checklist = optarg; break;
	case OPT_PHOTO_CAP:
		if (positive(optarg, &c->o.photo_cap_mb) < 0)
			return usage_error("--photo-cap needs megabytes, "
					   "not '%s'", optarg);
		break;
	case OPT_LOCAL: c->o.local = true; break;
	case OPT_ROOT: c->o.root = optarg; break;
	case OPT_COMMAND_TIMEOUT:
		if (positive(optarg, &c->o.command_timeout_s) < 0)
			return usage_error("--command-timeout needs seconds, "
					   "not '%s'", optarg);
		break;
	case OPT_LOCAL_SNMP: c->o.local_snmp = optarg; break;
	case 'q': c->verbosity = -1; break;
	case 'v': c->verbosity++; break;
	case OPT_LOG_SUBSYS: c->subsys = optarg; break;
	case 'h': fputs(usage_text, stdout); return EXIT_OK;
	case 'V': printf("%s\n", PACKAGE_STRING); return EXIT_OK;
	default: return usage_error("bad option");
	}
	return -1;
}

static int parse_args(struct cli *c, int argc, char **argv)
{
	int ch, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "i:o:r:j:qvhV", long_opts,
				 NULL)) != -1)
		if ((rc = parse_opt(c, ch)) >= 0)
			return rc;
	c->o.packs = c->packs;
	log_setup(c->verbosity < 0 ? LOG_LVL_ERROR
		  : c->verbosity == 0 ? LOG_LVL_WARN
		  : c->verbosity == 1 ? LOG_LVL_INFO : LOG_LVL_DEBUG,
		  c->subsys);
	return -1;
}

typedef int (*stage_fn)(const struct run_opts *);

struct command {
	const char *name;
	stage_fn fn;
	bool needs_inventory;
};

static const struct command commands[] = {
	{"run", run_all, true},
	{"collect", run_collect, true},
	{"check", run_check, false},
	{"report", run_report, false},
	{NULL, NULL, false},
};

/* --local and --root: for run and collect, instead of an inventory.
 * Returns -1 to go on, or an exit status. */
static int local_opts(const struct command *cmd, struct cli *c)
{
	struct stat st;

	if (!cmd->needs_inventory)
		return usage_error("'%s' takes no --local or --root", cmd->name);
	if (c->o.root && !c->o.local)
		return usage_error("--root goes with --local");
	if ((c->o.command_timeout_s || c->o.local_snmp) && !c->o.local)
		return usage_error("--command-timeout and --local-snmp go "
				   "with --local");
	if (c->o.inventory)
		return usage_error("--local inspects this host: give no -i");
	if (c->o.root && (stat(c->o.root, &st) < 0 || !S_ISDIR(st.st_mode)))
		return usage_error("--root '%s' is not a folder", c->o.root);
	return -1;
}

static int stage_run(const struct command *cmd, struct cli *c, int argc,
		     char **argv)
{
	int rc;

	if (!cmd->needs_inventory && !c->o.out && optind < argc)
		c->o.out = argv[optind++];
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	if (c->o.resume && !cmd->needs_inventory)
		return usage_error("--resume goes with 'run' or 'collect'");
	if ((c->o.local || c->o.root || c->o.command_timeout_s ||
	     c->o.local_snmp) && (rc = local_opts(cmd, c)) >= 0)
		return rc;
	if (cmd->needs_inventory && !c->o.inventory && !c->o.local)
		return usage_error("'%s' needs -i INVENTORY", cmd->name);
	if (!c->o.out)
		return usage_error("'%s' needs an output directory (-o OUT)",
				   cmd->name);
	install_signals();
	return cmd->fn(&c->o);
}

static struct config *load_config(const char *path)
{
	struct si_diags d = {0};
	struct config *cfg = config_load(path, &d);
	char buf[2048];

	for (size_t i = 0; i < d.n; i++)
		fprintf(stderr, "%s\n", si_error_str(&d.v[i], buf, sizeof(buf)));
	si_diags_free(&d);
	return cfg;
}

/* The configuration's profile and template directories, for
 * profiles_default(). */
static void config_profile_dirs(const struct config *cfg)
{
	const char **p = calloc(cfg->nprofiles + 1, sizeof(*p));
	const char **t = calloc(cfg->ntemplates + 1, sizeof(*t));

	if (p && t) {
		for (size_t i = 0; i < cfg->nprofiles; i++)
			p[i] = cfg->profiles[i];
		for (size_t i = 0; i < cfg->ntemplates; i++)
			t[i] = cfg->templates[i];
		profiles_set_extra_dirs(p, t);
	}
	free(p);
	free(t);
}

/* The configuration's packs come after the command line's; its jobs and
 * timeout apply where the command line says nothing. */
static void merge_config(struct cli *c, const struct config *cfg)
{
	for (size_t i = 0; i < cfg->nrules && c->o.npacks < MAX_PACKS; i++)
		c->packs[c->o.npacks++] = cfg->rules[i];
	if (!c->o.jobs)
		c->o.jobs = cfg->jobs;
	if (!c->o.device_timeout_s)
		c->o.device_timeout_s = cfg->device_timeout_s;
	if (!c->o.checklist)
		c->o.checklist = cfg->checklist;
	c->o.cfg = cfg;
	config_profile_dirs(cfg);
}

static int stage_main(const struct command *cmd, int argc, char **argv)
{
	struct cli c;
	struct config *cfg;
	int rc;

	memset(&c, 0, sizeof(c));
	rc = parse_args(&c, argc, argv);
	if (rc >= 0)
		return rc;
	cfg = load_config(c.config);
	if (!cfg)
		return EXIT_DATAERR;
	merge_config(&c, cfg);
	rc = stage_run(cmd, &c, argc, argv);
	config_free(cfg);
	return rc;
}


/* `parse` takes its own options; --config is taken out here and the
 * configuration's template directories are searched after its -d ones. */
static int parse_main(int argc, char **argv)
{
	const char *path = NULL;
	struct config *cfg;
	char **args = calloc((size_t)argc + 1, sizeof(*args));
	int n = 0, rc;
	bool profile = false;

	if (!args)
		return EXIT_SOFTWARE;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			path = argv[++i];
		else
			args[n++] = argv[i];
	}
	cfg = load_config(path);
	if (!cfg) {
		free(args);
		return EXIT_DATAERR;
	}
	config_profile_dirs(cfg);
	for (int i = 1; i < n && !profile; i++)
		profile = strcmp(args[i], "--profile") == 0 ||
			  strncmp(args[i], "--profile=", 10) == 0;
	if (profile)
		rc = profile_parse_cli(n, args);
	else
		rc = textfsm_cli_dirs(n, args,
				      (const char *const *)cfg->templates,
				      cfg->ntemplates);
	config_free(cfg);
	free(args);
	return rc;
}

/* `profiles`: --config is taken out as for parse. */
static int profiles_main(int argc, char **argv)
{
	const char *path = NULL;
	struct config *cfg;
	char **args = calloc((size_t)argc + 1, sizeof(*args));
	int n = 0, rc;

	if (!args)
		return EXIT_SOFTWARE;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			path = argv[++i];
		else
			args[n++] = argv[i];
	}
	cfg = load_config(path);
	if (!cfg) {
		free(args);
		return EXIT_DATAERR;
	}
	config_profile_dirs(cfg);
	rc = profiles_cli(n, args);
	config_free(cfg);
	free(args);
	return rc;
}

/* `inventory import FILE.csv`: the YAML on stdout. */
static int inventory_main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "import") == 0)
		return inv_csv_import(argv[2], stdout);
	return usage_error("usage: swinspect inventory import FILE.csv "
			   "> inventory.yaml");
}

int main(int argc, char **argv)
{
	const char *sub = argc > 1 ? argv[1] : NULL;

	json_hooks_install();
	if (!sub) {
		fputs(usage_text, stderr);
		return EXIT_USAGE;
	}
	if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0 ||
	    strcmp(sub, "help") == 0) {
		fputs(usage_text, stdout);
		return EXIT_OK;
	}
	if (strcmp(sub, "-V") == 0 || strcmp(sub, "--version") == 0 ||
	    strcmp(sub, "version") == 0) {
		printf("%s\n", PACKAGE_STRING);
		return EXIT_OK;
	}
	if (strcmp(sub, "rules") == 0)
		return rules_cli(argc - 1, argv + 1);
	if (strcmp(sub, "site") == 0)
		return site_main(argc - 1, argv + 1);
	if (strcmp(sub, "parse") == 0)
		return parse_main(argc - 1, argv + 1);
	if (strcmp(sub, "probe") == 0)
		return probe_main(argc - 1, argv + 1);
	if (strcmp(sub, "profiles") == 0)
		return profiles_main(argc - 1, argv + 1);
	if (strcmp(sub, "inventory") == 0)
		return inventory_main(argc - 1, argv + 1);
	if (strcmp(sub, "import") == 0)
		return import_cli(argc - 1, argv + 1);
	for (size_t i = 0; commands[i].name; i++)
		if (strcmp(sub, commands[i].name) == 0)
			return stage_main(&commands[i], argc - 1, argv + 1);
	return usage_error("unknown command '%s'", sub);
}
