/* import.c - see import.h
 *
 * Three phases, so that bad input writes nothing: read and split every
 * input (any failure stops here), build every device in memory (facts,
 * raw files, index), then write each device into a hidden staging folder
 * renamed over OUT/devices/<name>, and inspection.json last.
 */
#include "config.h"
#include "import.h"
#include "collectors/cli_log.h"
#include "collectors/profile.h"
#include "collectors/redact_config.h"
#include "collectors/ssh_collect.h"
#include "error.h"
#include "facts.h"
#include "fsutil.h"
#include "jsonio.h"
#include "log.h"
#include "model.h"
#include "settings.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define ERROR_LINES 4		/* a refusal is said in the first lines */
#define VERSION_CMDS 8

/* A refusal, whatever the vendor (the profile adds its own). */
static const char *const builtin_errors[] = {
	"^\\s*% ?(Invalid|Incomplete|Ambiguous|Unknown|Unrecognized) "
	"(input|command)",
	"^\\s*Error: ?(Unrecognized command|Wrong parameter|Incomplete "
	"command|Too many parameters|Ambiguous command)",
	"^\\s*(syntax error|unknown command)",
	"^\\s*Invalid (command|input)",
	NULL,
};

struct raw_file {
	char *name;
	char *data;
	size_t len;
};

struct device {
	struct cli_device *src;
	char name[256];
	const struct profile *p;
	enum src_status st;
	cJSON *facts;
	cJSON *index;		/* raw/import.json */
	cJSON *cmds;		/* its "commands" */
	struct raw_file *raw;
	size_t nraw;
};

/* ---- small helpers ------------------------------------------------------------- */

static void iso_now(char *buf, size_t n)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void print_diags(const struct si_diags *d)
{
	char buf[2048];

	for (size_t i = 0; i < d->n; i++)
		fprintf(stderr, "%s\n", si_error_str(&d->v[i], buf,
							 sizeof(buf)));
}

/* Growable NULL-terminated list of borrowed strings. */
struct strv {
	const char **v;
	size_t n, cap;
};

static int strv_add(struct strv *s, const char *x)
{
	if (!x)
		return 0;
	if (s->n + 1 >= s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		const char **nv = realloc(s->v, cap * sizeof(*nv));

		if (!nv)
			return -1;
		s->v = nv;
		s->cap = cap;
	}
	s->v[s->n++] = x;
	s->v[s->n] = NULL;
	return 0;
}

/* Every command a profile knows: its commands, their alternatives and its
 * version command. */
static int known_of(const struct profile *p, struct strv *s)
{
	int rc = strv_add(s, profile_version_command(p));

	for (size_t i = 0; rc == 0 && i < profile_command_count(p); i++) {
		const struct profile_command *c = profile_command_at(p, i);

		rc = strv_add(s, c->command);
		for (size_t j = 0; rc == 0 && c->alternatives &&
				   c->alternatives[j]; j++)
			rc = strv_add(s, c->alternatives[j]);
	}
	return rc;
}

static int known_all(const struct profiles *ps, struct strv *s)
{
	for (size_t i = 0; i < profiles_count(ps); i++)
		if (known_of(profiles_at(ps, i), s) < 0)
			return -1;
	return 0;
}

/* ---- refusals -------------------------------------------------------------------- */

static bool rx_first_lines(const char *rx, const char *out, size_t len,
			   char *line, size_t n)
{
	int ecode;
	PCRE2_SIZE eoff;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)rx, PCRE2_ZERO_TERMINATED,
				       PCRE2_CASELESS | PCRE2_MULTILINE |
				       PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
				       &ecode, &eoff, NULL);
	pcre2_match_data *md = re ? pcre2_match_data_create(1, NULL) : NULL;
	bool hit = false;

	if (md && pcre2_match(re, (PCRE2_SPTR)out, len, 0, 0, md, NULL) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		size_t a = ov[0], b = ov[0];

		while (a > 0 && out[a - 1] != '\n')
			a--;
		while (b < len && out[b] != '\n')
			b++;
		while (a < b && out[a] == ' ')
			a++;
		snprintf(line, n, "%.*s", (int)(b - a), out + a);
		hit = true;
	}
	pcre2_match_data_free(md);
	pcre2_code_free(re);
	return hit;
}

/* Does the output say the device refused the command?  line gets the
 * device's words. */
static bool refused(const struct profile *p, const char *out, char *line,
		    size_t n)
{
	const char *const *errs = p ? profile_errors(p) : NULL;
	size_t len = 0;
	int lines = 0;

	while (out[len] && lines < ERROR_LINES)
		lines += out[len++] == '\n';
	for (size_t i = 0; builtin_errors[i]; i++)
		if (rx_first_lines(builtin_errors[i], out, len, line, n))
			return true;
	for (size_t i = 0; errs && errs[i]; i++)
		if (rx_first_lines(errs[i], out, len, line, n))
			return true;
	return false;
}

/* ---- recognition ---------------------------------------------------------------- */

static const struct profile *recognise(const struct profiles *ps,
				       const struct cli_device *d,
				       char *why, size_t n)
{
	enum prompt_shape shape = d->prompt ? prompt_shape_of(d->prompt)
					    : PROMPT_ANY;
	const char *cmds[VERSION_CMDS];
	size_t nv = profiles_version_commands(ps, shape, cmds, VERSION_CMDS);
	const char *seen = NULL;

	for (size_t i = 0; i < d->n; i++) {
		const char *v = cli_expand(d->items[i].command, cmds, nv);
		const struct profile *p;

		if (!v)
			continue;
		seen = v;
		p = profiles_match_cli(ps, shape, v, d->items[i].output);
		if (p)
			return p;
	}
	if (seen)
		snprintf(why, n, "no profile recognises the '%s' output%s%s; "
			 "name one with --profile", seen,
			 d->prompt ? " after the prompt " : "",
			 d->prompt ? d->prompt : "");
	else
		snprintf(why, n, "no version command (%s%s%s) in the input; "
			 "name the profile with --profile", nv ? cmds[0] : "",
			 nv > 1 ? ", " : "", nv > 1 ? cmds[1] : "");
	return NULL;
}

/* ---- names ------------------------------------------------------------------------- */

/* The hostname in a configuration output ("sysname X", "hostname X",
 * "host-name X;"), for inputs without a prompt. */
static bool config_hostname(const struct cli_device *d, char *buf, size_t n)
{
	static const char *const keys[] = {"sysname ", "hostname ",
					   "host-name ", NULL};

	for (size_t i = 0; i < d->n; i++) {
		const char *c = d->items[i].command;

		if (!strstr(c, "cur") && !strstr(c, "run") && !strstr(c, "conf"))
			continue;
		for (const char *l = d->items[i].output; l && *l;) {
			const char *nl = strchr(l, '\n');
			size_t ll = nl ? (size_t)(nl - l) : strlen(l);

			while (ll && (*l == ' ')) {
				l++;
				ll--;
			}
			for (size_t k = 0; keys[k]; k++) {
				size_t kl = strlen(keys[k]);
				size_t vl;

				if (ll <= kl || strncmp(l, keys[k], kl) != 0)
					continue;
				vl = strcspn(l + kl, " ;\"\n");
				if (vl == 0 || vl >= n)
					continue;
				snprintf(buf, n, "%.*s", (int)vl, l + kl);
				return true;
			}
			l = nl ? nl + 1 : NULL;
		}
	}
	return false;
}

/* A name usable as OUT/devices/<name>: no '/', '\', control characters,
 * no leading '.'. */
static void safe_name(const char *in, char *out, size_t n)
{
	snprintf(out, n, "%s", in && *in ? in : "device");
	for (char *p = out; *p; p++)
		if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20 ||
		    *p == 0x7f)
			*p = '_';
	if (out[0] == '.')
		out[0] = '_';
}

static void name_devices(struct device *devs, size_t n, const char *forced)
{
	for (size_t i = 0; i < n; i++) {
		char host[256];
		const struct cli_device *d = devs[i].src;

		if (forced)
			safe_name(forced, devs[i].name, sizeof(devs[i].name));
		else if (!d->prompt && config_hostname(d, host, sizeof(host)))
			safe_name(host, devs[i].name, sizeof(devs[i].name));
		else
			safe_name(d->name, devs[i].name, sizeof(devs[i].name));
		for (int k = 2; ; k++) {
			bool clash = false;

			for (size_t j = 0; j < i; j++)
				clash |= strcmp(devs[j].name, devs[i].name) == 0;
			if (!clash)
				break;
			snprintf(devs[i].name + strnlen(devs[i].name, 200),
				 sizeof(devs[i].name) - strnlen(devs[i].name,
								 200),
				 "-%d", k);
		}
	}
}

/* ---- building one device ----------------------------------------------------------- */

static int add_raw(struct device *dv, const char *cmd, const char *red,
		   size_t len, char *file, size_t filen)
{
	char base[128];
	struct raw_file *nv;
	int k = 1;

	ssh_raw_name(cmd, base, sizeof(base));
	snprintf(file, filen, "%s", base);
	for (bool clash = true; clash;) {
		clash = false;
		for (size_t i = 0; i < dv->nraw; i++)
			clash |= strcmp(dv->raw[i].name, file) == 0;
		clash |= strcmp(file, "import.json") == 0;
		if (clash)
			snprintf(file, filen, "%.*s-%d.txt",
				 (int)(strlen(base) - 4), base, ++k);
	}
	nv = realloc(dv->raw, (dv->nraw + 1) * sizeof(*nv));
	if (!nv)
		return -1;
	dv->raw = nv;
	nv[dv->nraw].name = strdup(file);
	nv[dv->nraw].data = malloc(len + 1);
	if (!nv[dv->nraw].name || !nv[dv->nraw].data) {
		free(nv[dv->nraw].name);
		free(nv[dv->nraw].data);
		return -1;
	}
	memcpy(nv[dv->nraw].data, red, len + 1);
	nv[dv->nraw].len = len;
	dv->nraw++;
	return 0;
}

static void add_failed(cJSON *failed, const char *what, const char *msg)
{
	cJSON *f = cJSON_CreateObject();

	cJSON_AddStringToObject(f, "what", what);
	cJSON_AddStringToObject(f, "status", src_status_name(SRC_ERROR));
	if (msg && *msg)
		cJSON_AddStringToObject(f, "error", msg);
	cJSON_AddItemToArray(failed, f);
}

struct build {
	struct device *dv;
	struct strv known;
	struct profile_output *outs;
	char **texts;		/* redacted outputs, owned */
	size_t n;
	cJSON *failed, *absent;
};

/* One item: stored, indexed, judged; kept for the facts unless refused
 * (a later output of the same command replaces an earlier one). */
static int build_item(struct build *b, const struct cli_item *it)
{
	const struct profile *p = b->dv->p;
	const char *cmd = p ? cli_expand(it->command, b->known.v, b->known.n)
			    : NULL;
	const struct profile_command *pc = cmd ? profile_command_find(p, cmd)
					       : NULL;
	char file[160], line[256], where[SI_ERROR_FILE_MAX + 16];
	size_t rlen;
	char *red = redact_config(it->output, it->len, &rlen, NULL);
	cJSON *e = cJSON_CreateObject();
	bool bad;

	if (!red || !e) {
		free(red);
		cJSON_Delete(e);
		return -1;
	}
	if (add_raw(b->dv, cmd ? cmd : it->command, red, rlen, file,
		    sizeof(file)) < 0) {
		free(red);
		cJSON_Delete(e);
		return -1;
	}
	bad = refused(p, red, line, sizeof(line));
	snprintf(where, sizeof(where), "%s:%d", it->file, it->line);
	cJSON_AddStringToObject(e, "command", cmd ? cmd : it->command);
	if (cmd && strcmp(cmd, it->command) != 0)
		cJSON_AddStringToObject(e, "as_written", it->command);
	cJSON_AddStringToObject(e, "from", where);
	cJSON_AddStringToObject(e, "file", file);
	cJSON_AddStringToObject(e, "status", bad ? "refused" : cmd ? "used"
				: "stored");
	cJSON_AddItemToArray(b->dv->cmds, e);
	if (bad) {
		char msg[1024];

		snprintf(msg, sizeof(msg), "%.500s: the device refused it: "
			 "%.256s", where, line);
		if (pc && pc->optional)
			cJSON_AddItemToArray(b->absent, cJSON_CreateString(msg));
		else if (cmd)
			add_failed(b->failed, cmd, msg);
		free(red);
		return 0;
	}
	if (!cmd) {
		free(red);
		return 0;
	}
	for (size_t i = 0; i < b->n; i++)
		if (strcmp(b->outs[i].command, cmd) == 0 ||
		    (pc && profile_command_find(p, b->outs[i].command) == pc)) {
			free(b->texts[i]);
			b->texts[i] = red;
			b->outs[i].text = red;
			b->outs[i].len = rlen;
			return 0;
		}
	b->texts[b->n] = red;
	b->outs[b->n++] = (struct profile_output){cmd, red, rlen};
	return 0;
}

/* The profile's commands the input does not hold. */
static void list_missing(struct build *b)
{
	const struct profile *p = b->dv->p;

	for (size_t i = 0; i < profile_command_count(p); i++) {
		const struct profile_command *c = profile_command_at(p, i);
		bool have = false;
		char msg[300];

		for (size_t j = 0; j < b->n && !have; j++)
			have = profile_command_find(p, b->outs[j].command) == c;
		if (have)
			continue;
		snprintf(msg, sizeof(msg), "%s: not in the input", c->command);
		cJSON_AddItemToArray(b->absent, cJSON_CreateString(msg));
	}
}

static void apply_outputs(struct build *b)
{
	struct si_diags diags = {0};
	char buf[2048];
	int rc = profile_apply(b->dv->p, b->outs, b->n, "import",
			       b->dv->facts, &diags);

	if (rc < 0)
		add_failed(b->failed, "profile", "out of memory");
	for (size_t i = 0; i < diags.n; i++)
		add_failed(b->failed, diags.v[i].file[0] ? diags.v[i].file
							  : profile_name(b->dv->p),
			   si_error_str(&diags.v[i], buf, sizeof(buf)));
	si_diags_free(&diags);
}

static int finish_source(struct device *dv, struct build *b,
			 const char *why)
{
	int nfailed = cJSON_GetArraySize(b->failed);
	char msg[SI_ERROR_MSG_MAX];
	cJSON *src;

	if (!dv->p)
		dv->st = SRC_ERROR;
	else
		dv->st = nfailed ? SRC_PARTIAL : SRC_OK;
	if (dv->st == SRC_PARTIAL)
		snprintf(msg, sizeof(msg), "%d of %zu commands failed", nfailed,
			 dv->src->n);
	src = facts_source(dv->facts, "import", dv->st,
			   dv->st == SRC_OK ? NULL : dv->p ? msg : why, -1);
	if (!src)
		return -1;
	facts_set_str(src, "profile", dv->p ? profile_name(dv->p) : "unknown",
		      NULL);
	if (nfailed) {
		cJSON_AddItemToObject(src, "failed", b->failed);
		b->failed = NULL;
	}
	if (cJSON_GetArraySize(b->absent)) {
		cJSON_AddItemToObject(src, "absent", b->absent);
		b->absent = NULL;
	}
	return 0;
}

static int build_device(const struct profiles *ps, struct device *dv,
			const char *forced, const char *site)
{
	struct build b = {.dv = dv};
	char why[512] = "";
	int rc = -1;

	dv->p = forced ? profiles_find(ps, forced)
		       : recognise(ps, dv->src, why, sizeof(why));
	dv->facts = facts_new(dv->name, NULL, site);
	dv->index = cJSON_CreateObject();
	b.failed = cJSON_CreateArray();
	b.absent = cJSON_CreateArray();
	b.outs = calloc(dv->src->n + 1, sizeof(*b.outs));
	b.texts = calloc(dv->src->n + 1, sizeof(*b.texts));
	if (!dv->facts || !dv->index || !b.failed || !b.absent || !b.outs ||
	    !b.texts || (dv->p && known_of(dv->p, &b.known) < 0))
		goto out;
	cJSON_AddStringToObject(dv->index, "schema", "swinspect.import-raw/1");
	if (dv->src->prompt)
		cJSON_AddStringToObject(dv->index, "prompt", dv->src->prompt);
	cJSON_AddStringToObject(dv->index, "origin", dv->src->origin);
	cJSON_AddStringToObject(dv->index, "profile",
				dv->p ? profile_name(dv->p) : "unknown");
	dv->cmds = cJSON_AddArrayToObject(dv->index, "commands");
	if (!dv->cmds)
		goto out;
	for (size_t i = 0; i < dv->src->n; i++)
		if (build_item(&b, &dv->src->items[i]) < 0)
			goto out;
	if (dv->p) {
		list_missing(&b);
		apply_outputs(&b);
	} else {
		log_warn("import", "%s: %s", dv->name, why);
	}
	rc = finish_source(dv, &b, why);
out:
	for (size_t i = 0; b.texts && i < b.n; i++)
		free(b.texts[i]);
	free(b.texts);
	free(b.outs);
	free(b.known.v);
	cJSON_Delete(b.failed);
	cJSON_Delete(b.absent);
	return rc;
}

static void device_free(struct device *dv)
{
	cJSON_Delete(dv->facts);
	cJSON_Delete(dv->index);
	for (size_t i = 0; i < dv->nraw; i++) {
		free(dv->raw[i].name);
		free(dv->raw[i].data);
	}
	free(dv->raw);
}

/* ---- writing -------------------------------------------------------------------------- */

static int rm_entry(const char *path, const struct stat *sb, int flag,
		    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void rm_tree(const char *path)
{
	if (fs_exists(path))
		nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static char *hidden(const char *devdir, const char *name, const char *suffix)
{
	size_t n = strlen(devdir) + strlen(name) + strlen(suffix) + 4;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/.%s%s", devdir, name, suffix);
	return p;
}

static int write_stage(const struct device *dv, const char *stage,
		       struct si_error *err)
{
	char *raw = fs_join(stage, "raw"), *f = NULL;
	int rc = raw ? fs_mkdirs(raw, FS_DIR_MODE, err) : -1;

	for (size_t i = 0; rc == 0 && i < dv->nraw; i++) {
		f = fs_join(raw, dv->raw[i].name);
		rc = f ? fs_write_atomic(f, dv->raw[i].data, dv->raw[i].len,
					 err) : -1;
		free(f);
	}
	if (rc == 0) {
		f = fs_join(raw, "import.json");
		rc = f ? json_write_file(f, dv->index, err) : -1;
		free(f);
	}
	if (rc == 0) {
		f = fs_join(stage, "facts.json");
		rc = f ? json_write_file(f, dv->facts, err) : -1;
		free(f);
	}
	free(raw);
	return rc;
}

/* Staged in OUT/devices/.<name>.import, then renamed over <name>. */
static int write_device(const char *devdir, const struct device *dv,
			struct si_error *err)
{
	char *stage = hidden(devdir, dv->name, ".import");
	char *old = hidden(devdir, dv->name, ".old");
	char *final = fs_join(devdir, dv->name);
	int rc = -1;

	if (!stage || !old || !final) {
		si_error_set(err, devdir, 0, 0, "out of memory");
		goto out;
	}
	rm_tree(stage);
	rm_tree(old);
	if (write_stage(dv, stage, err) < 0)
		goto out;
	if (fs_exists(final) && rename(final, old) < 0) {
		si_error_set(err, final, 0, 0, "cannot replace: %s",
			     strerror(errno));
		err->kind = SI_ERR_WRITE;
		goto out;
	}
	if (rename(stage, final) < 0) {
		si_error_set(err, final, 0, 0, "cannot write: %s",
			     strerror(errno));
		err->kind = SI_ERR_WRITE;
		if (fs_exists(old))
			(void)rename(old, final);	/* best effort */
		goto out;
	}
	rc = 0;
out:
	if (stage)
		rm_tree(stage);
	if (old)
		rm_tree(old);
	free(stage);
	free(old);
	free(final);
	return rc;
}

static cJSON *inspection_doc(const struct device *devs, size_t n,
			     const char *site, const char *started)
{
	cJSON *doc = cJSON_CreateObject(), *list;
	char now[32];

	if (!doc)
		return NULL;
	iso_now(now, sizeof(now));
	if (site)
		cJSON_AddStringToObject(doc, "site", site);
	cJSON_AddStringToObject(doc, "schema", "swinspect.inspection/1");
	cJSON_AddStringToObject(doc, "generator", PACKAGE_STRING);
	cJSON_AddStringToObject(doc, "started_at", started);
	cJSON_AddStringToObject(doc, "finished_at", now);
	cJSON_AddBoolToObject(doc, "incomplete", false);
	list = cJSON_AddArrayToObject(doc, "devices");
	for (size_t i = 0; i < n; i++) {
		cJSON *d = cJSON_CreateObject();

		cJSON_AddStringToObject(d, "name", devs[i].name);
		cJSON_AddStringToObject(d, "status",
					src_status_name(devs[i].st));
		cJSON_AddItemToObject(d, "sources", cJSON_Duplicate(
			cJSON_GetObjectItem(devs[i].facts, "sources"), 1));
		cJSON_AddItemToArray(list, d);
	}
	return doc;
}

/* Returns 0, or the exit status: 73 when the output could not be
 * written, 70 otherwise. */
static int write_bundle(const char *out, const struct device *devs, size_t n,
			const char *site, const char *started)
{
	char *devdir = fs_join(out, "devices"), *file = fs_join(out,
							     "inspection.json");
	struct si_error err;
	char buf[2048];
	cJSON *doc = NULL;
	int rc = devdir && file ? fs_mkdirs(devdir, FS_DIR_MODE, &err) : -1;

	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = write_device(devdir, &devs[i], &err);
	if (rc == 0) {
		doc = inspection_doc(devs, n, site, started);
		rc = doc ? json_write_file(file, doc, &err)
			 : si_error_set(&err, file, 0, 0, "out of memory");
	}
	if (rc < 0) {
		fprintf(stderr, "%s\n", devdir && file ? si_error_str(&err, buf,
				sizeof(buf)) : "swinspect: out of memory");
		rc = devdir && file && err.kind == SI_ERR_WRITE ? EXIT_CANTCREAT
							       : EXIT_SOFTWARE;
	}
	cJSON_Delete(doc);
	free(devdir);
	free(file);
	return rc;
}

/* ---- the command ------------------------------------------------------------------------ */

static int read_inputs(const struct import_opts *o, const struct strv *known,
		       struct cli_log *log)
{
	struct si_diags diags = {0};
	bool bad = false;

	for (size_t i = 0; i < o->ninputs; i++)
		bad |= cli_log_read(log, o->inputs[i], known->v, &diags) < 0;
	print_diags(&diags);
	si_diags_free(&diags);
	if (!bad && log->n == 0) {
		fprintf(stderr, "swinspect: import: no device in the input\n");
		bad = true;
	}
	return bad ? -1 : 0;
}

static int check_opts(const struct import_opts *o, const struct profiles *ps,
		      const struct cli_log *log)
{
	if (o->profile && !profiles_find(ps, o->profile)) {
		fprintf(stderr, "swinspect: import: no profile named '%s'; "
			"known:", o->profile);
		for (size_t i = 0; i < profiles_count(ps); i++)
			fprintf(stderr, " %s", profile_name(profiles_at(ps, i)));
		fprintf(stderr, "\n");
		return EXIT_USAGE;
	}
	if (o->name && log && log->n > 1) {
		fprintf(stderr, "swinspect: import: --name names one device, "
			"but the input holds %zu:", log->n);
		for (size_t i = 0; i < log->n; i++)
			fprintf(stderr, " %s (%s)", log->devs[i].name,
				log->devs[i].origin);
		fprintf(stderr, "\n");
		return EXIT_USAGE;
	}
	return EXIT_OK;
}

static int import_devices(const struct import_opts *o,
			  const struct profiles *ps, struct cli_log *log,
			  const char *started)
{
	struct device *devs = calloc(log->n, sizeof(*devs));
	int rc = EXIT_OK;

	if (!devs)
		return EXIT_SOFTWARE;
	for (size_t i = 0; i < log->n; i++)
		devs[i].src = &log->devs[i];
	name_devices(devs, log->n, o->name);
	for (size_t i = 0; i < log->n && rc == EXIT_OK; i++)
		if (build_device(ps, &devs[i], o->profile, o->site) < 0)
			rc = EXIT_SOFTWARE;
	if (rc == EXIT_OK)
		rc = write_bundle(o->out, devs, log->n, o->site, started);
	for (size_t i = 0; i < log->n; i++) {
		if (rc != EXIT_SOFTWARE && rc != EXIT_CANTCREAT)
			fprintf(stderr, "swinspect: imported %s: %zu "
				"command(s), profile %s, %s\n", devs[i].name,
				devs[i].src->n, devs[i].p ? profile_name(devs[i].p)
							: "unknown",
				src_status_name(devs[i].st));
		if (rc == EXIT_OK && devs[i].st == SRC_ERROR)
			rc = EXIT_NOT_REACHED;
		device_free(&devs[i]);
	}
	free(devs);
	return rc;
}

int import_run(const struct import_opts *o)
{
	struct si_error err;
	const struct profiles *ps = profiles_default(&err);
	struct cli_log log = {0};
	struct strv known = {0};
	char started[32], buf[2048];
	int rc;

	iso_now(started, sizeof(started));
	if (!ps) {
		fprintf(stderr, "%s\n", si_error_str(&err, buf, sizeof(buf)));
		return EXIT_DATAERR;
	}
	rc = check_opts(o, ps, NULL);
	if (rc != EXIT_OK)
		return rc;
	if (known_all(ps, &known) < 0)
		return EXIT_SOFTWARE;
	if (read_inputs(o, &known, &log) < 0)
		rc = EXIT_DATAERR;
	else
		rc = check_opts(o, ps, &log);
	if (rc == EXIT_OK)
		rc = import_devices(o, ps, &log, started);
	cli_log_free(&log);
	free(known.v);
	return rc;
}

/* ---- options ------------------------------------------------------------------------------ */

static const char import_usage[] =
	"Usage: swinspect import -o OUT [--profile NAME] [--name DEVICE]\n"
	"                        [--site SITE] FILE|DIR...\n"
	"Builds OUT (as 'collect' writes it) from session logs, one output per\n"
	"file, or '----command----' separated files; see doc/import.md.\n";

enum { OPT_PROFILE = 256, OPT_NAME, OPT_SITE, OPT_CONFIG };

static const struct option import_opts_long[] = {
	{"out", required_argument, NULL, 'o'},
	{"profile", required_argument, NULL, OPT_PROFILE},
	{"name", required_argument, NULL, OPT_NAME},
	{"site", required_argument, NULL, OPT_SITE},
	{"config", required_argument, NULL, OPT_CONFIG},
	{"quiet", no_argument, NULL, 'q'},
	{"verbose", no_argument, NULL, 'v'},
	{"help", no_argument, NULL, 'h'},
	{NULL, 0, NULL, 0},
};

static int usage(const char *msg, const char *arg)
{
	fprintf(stderr, "swinspect: import: %s%s\n%s", msg, arg ? arg : "",
		import_usage);
	return EXIT_USAGE;
}

struct cfg_dirs {
	struct config *cfg;
	const char **profiles, **templates;	/* NULL-terminated */
};

/* The configuration's profile and template folders, for
 * profiles_default() (which reads them while import_run() runs). */
static int use_config(const char *path, struct cfg_dirs *c)
{
	struct si_diags d = {0};

	c->cfg = config_load(path, &d);
	print_diags(&d);
	si_diags_free(&d);
	if (!c->cfg)
		return -1;
	c->profiles = calloc(c->cfg->nprofiles + 1, sizeof(*c->profiles));
	c->templates = calloc(c->cfg->ntemplates + 1, sizeof(*c->templates));
	if (!c->profiles || !c->templates)
		return -1;
	for (size_t i = 0; i < c->cfg->nprofiles; i++)
		c->profiles[i] = c->cfg->profiles[i];
	for (size_t i = 0; i < c->cfg->ntemplates; i++)
		c->templates[i] = c->cfg->templates[i];
	profiles_set_extra_dirs(c->profiles, c->templates);
	return 0;
}

int import_cli(int argc, char **argv)
{
	struct import_opts o = {0};
	const char *config = NULL;
	struct cfg_dirs cd = {0};
	int ch, verbosity = 0, rc;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:qvh", import_opts_long,
				 NULL)) != -1) {
		switch (ch) {
		case 'o': o.out = optarg; break;
		case OPT_PROFILE: o.profile = optarg; break;
		case OPT_NAME: o.name = optarg; break;
		case OPT_SITE: o.site = optarg; break;
		case OPT_CONFIG: config = optarg; break;
		case 'q': verbosity = -1; break;
		case 'v': verbosity++; break;
		case 'h': fputs(import_usage, stdout); return EXIT_OK;
		default: return usage("bad option", NULL);
		}
	}
	log_setup(verbosity < 0 ? LOG_LVL_ERROR : verbosity == 0 ?
		  LOG_LVL_WARN : verbosity == 1 ? LOG_LVL_INFO
						: LOG_LVL_DEBUG, NULL);
	if (!o.out)
		return usage("needs an output directory (-o OUT)", NULL);
	if (optind >= argc)
		return usage("needs the files or folders to import", NULL);
	if (o.name && !*o.name)
		return usage("--name needs a name", NULL);
	if (o.site && !*o.site)
		return usage("--site needs a name", NULL);
	o.inputs = (const char *const *)argv + optind;
	o.ninputs = (size_t)(argc - optind);
	if (use_config(config, &cd) < 0)
		rc = EXIT_DATAERR;
	else
		rc = import_run(&o);
	free(cd.profiles);
	free(cd.templates);
	if (cd.cfg)
		config_free(cd.cfg);
	return rc;
}
