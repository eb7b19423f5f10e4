/* profile_match.c - the built-in profile set, recognition (doc/profiles.md:
 * Recognition) and what a profile says. */
#include "config.h"
#include "profile_int.h"
#include "datadir.h"
#include "error.h"
#include "fsutil.h"
#include "log.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_EXTRA_DIRS 32

/* ---- the default set ----------------------------------------------------- */

static pthread_mutex_t default_lock = PTHREAD_MUTEX_INITIALIZER;
static struct profiles *default_set;
static char *extra_profiles[MAX_EXTRA_DIRS + 1];
static char *extra_templates[MAX_EXTRA_DIRS + 1];

static void copy_dirs(char **to, const char *const *from)
{
	size_t n = 0;

	for (size_t i = 0; to[i]; i++) {
		free(to[i]);
		to[i] = NULL;
	}
	for (size_t i = 0; from && from[i] && n < MAX_EXTRA_DIRS; i++)
		if ((to[n] = strdup(from[i])))
			n++;
}

void profiles_set_extra_dirs(const char *const *profile_dirs,
			     const char *const *template_dirs)
{
	pthread_mutex_lock(&default_lock);
	copy_dirs(extra_profiles, profile_dirs);
	copy_dirs(extra_templates, template_dirs);
	pthread_mutex_unlock(&default_lock);
}

static struct profiles *load_default(struct si_error *err)
{
	const char *pd[MAX_EXTRA_DIRS + 2] = {0}, *td[MAX_EXTRA_DIRS + 2] = {0};
	char *bp = datadir_path("collectors/profiles");
	char *bt = datadir_path("collectors/templates");
	struct si_diags d = {0};
	struct profiles *ps = NULL;
	size_t n = 0;
	char buf[SI_ERROR_MSG_MAX + SI_ERROR_FILE_MAX + 32];

	if (!bp || !bt) {
		si_error_set(err, NULL, 0, 0, "out of memory");
		goto out;
	}
	pd[n++] = bp;
	for (size_t i = 0; extra_profiles[i]; i++)
		pd[n++] = extra_profiles[i];
	n = 0;
	for (size_t i = 0; extra_templates[i]; i++)
		td[n++] = extra_templates[i];
	td[n++] = bt;
	ps = profiles_load(pd, td, &d);
	for (size_t i = 0; i < d.n; i++)
		log_warn("profile", "%s", si_error_str(&d.v[i], buf,
						       sizeof(buf)));
	if (!ps) {
		si_error_set(err, NULL, 0, 0, "cannot load the profiles: %s",
			     d.n ? d.v[0].msg : "out of memory");
	} else if (ps->n == 0) {
		si_error_set(err, bp, 0, 0, "no profile could be loaded "
			     "(%zu mistakes)", d.n);
		profiles_free(ps);
		ps = NULL;
	}
	si_diags_free(&d);
out:
	free(bp);
	free(bt);
	return ps;
}

struct profiles *profiles_load_one(const char *name, struct si_error *err)
{
	const char *pd[MAX_EXTRA_DIRS + 2] = {0}, *td[MAX_EXTRA_DIRS + 2] = {0};
	char *files[MAX_EXTRA_DIRS + 2] = {0}, file[256];
	char *bp = datadir_path("collectors/profiles");
	char *bt = datadir_path("collectors/templates");
	struct si_diags d = {0};
	struct profiles *ps = NULL;
	size_t n = 0, nt = 0;
	char buf[SI_ERROR_MSG_MAX + SI_ERROR_FILE_MAX + 32];

	snprintf(file, sizeof(file), "%s.yaml", name);
	pthread_mutex_lock(&default_lock);
	if (bp && (files[n] = fs_join(bp, file)) && fs_exists(files[n]))
		pd[n] = files[n], n++;
	for (size_t i = 0; extra_profiles[i]; i++) {
		free(files[n]);
		if ((files[n] = fs_join(extra_profiles[i], file)) &&
		    fs_exists(files[n]))
			pd[n] = files[n], n++;
	}
	for (size_t i = 0; extra_templates[i]; i++)
		td[nt++] = extra_templates[i];
	if (bt)
		td[nt++] = bt;
	if (n)
		ps = profiles_load(pd, td, &d);
	pthread_mutex_unlock(&default_lock);
	for (size_t i = 0; i < d.n; i++)
		log_warn("profile", "%s", si_error_str(&d.v[i], buf,
						       sizeof(buf)));
	if (ps && !profiles_find(ps, name)) {
		profiles_free(ps);
		ps = NULL;
	}
	if (!ps)
		si_error_set(err, NULL, 0, 0, "no profile '%s'%s", name,
			     n ? " (it has mistakes)" : "");
	si_diags_free(&d);
	for (size_t i = 0; i < sizeof(files) / sizeof(*files); i++)
		free(files[i]);
	free(bp);
	free(bt);
	return ps;
}

const struct profiles *profiles_default(struct si_error *err)
{
	const struct profiles *ps;

	pthread_mutex_lock(&default_lock);
	if (!default_set)
		default_set = load_default(err);
	ps = default_set;
	pthread_mutex_unlock(&default_lock);
	return ps;
}

/* ---- the set --------------------------------------------------------------- */

size_t profiles_count(const struct profiles *ps)
{
	return ps ? ps->n : 0;
}

const struct profile *profiles_at(const struct profiles *ps, size_t i)
{
	return ps && i < ps->n ? ps->v[i] : NULL;
}

const struct profile *profiles_find(const struct profiles *ps,
				    const char *name)
{
	for (size_t i = 0; ps && name && i < ps->n; i++)
		if (strcmp(ps->v[i]->name, name) == 0)
			return ps->v[i];
	return NULL;
}

/* ---- recognition ------------------------------------------------------------ */

static bool oid_prefix(const char *oid, const char *prefix)
{
	size_t n = strlen(prefix);

	if (*oid == '.')
		oid++;
	if (strncmp(oid, prefix, n) != 0)
		return false;
	return prefix[n - 1] == '.' || oid[n] == '\0' || oid[n] == '.';
}

static bool any_rx(pcre2_code *const *v, size_t n, const char *s)
{
	for (size_t i = 0; s && i < n; i++)
		if (prx_find(v[i], s))
			return true;
	return false;
}

const struct profile *profiles_match_snmp(const struct profiles *ps,
					  const char *sys_object_id,
					  const char *sys_descr)
{
	for (size_t i = 0; ps && i < ps->n; i++) {
		const struct profile *p = ps->v[i];
		bool hit = false;

		for (size_t k = 0; sys_object_id && k < p->noids && !hit; k++)
			hit = oid_prefix(sys_object_id, p->oids[k]);
		if (!hit)
			hit = any_rx(p->descr, p->ndescr, sys_descr);
		if (hit && !any_rx(p->not_descr, p->nnot_descr, sys_descr))
			return p;
	}
	return NULL;
}

/* "<sw>", "[sw]", "[~sw]", "<sw-1>"; "user@host>" / "user@host#" (Junos);
 * "user@host:~$", "host$" (a shell); "host#", "host>" (IOS-like). */
enum prompt_shape prompt_shape_of(const char *prompt)
{
	size_t n;
	char last;

	if (!prompt)
		return PROMPT_ANY;
	while (*prompt == ' ' || *prompt == '\r' || *prompt == '\n')
		prompt++;
	n = strlen(prompt);
	while (n && prompt[n - 1] == ' ')
		n--;
	if (n == 0)
		return PROMPT_ANY;
	last = prompt[n - 1];
	if ((prompt[0] == '<' && last == '>') ||
	    (prompt[0] == '[' && last == ']'))
		return PROMPT_ANGLE;
	if (last == '$' || (memchr(prompt, ':', n) && last == '#' &&
			    memchr(prompt, '@', n)))
		return PROMPT_SHELL;
	if ((last == '>' || last == '#' || last == '%') &&
	    memchr(prompt, '@', n))
		return PROMPT_JUNOS;
	if (last == '#' || last == '>')
		return PROMPT_HASH;
	return PROMPT_ANY;
}

bool profile_fits_prompt(const struct profile *p, enum prompt_shape shape)
{
	return p->has_cli && (p->prompt == PROMPT_ANY || shape == PROMPT_ANY ||
			      p->prompt == shape);
}

size_t profiles_version_commands(const struct profiles *ps,
				 enum prompt_shape shape, const char **cmds,
				 size_t max)
{
	size_t n = 0;

	for (size_t i = 0; ps && i < ps->n && n < max; i++) {
		const struct profile *p = ps->v[i];
		bool seen = false;

		if (!profile_fits_prompt(p, shape) || !p->version_command)
			continue;
		for (size_t k = 0; k < n && !seen; k++)
			seen = strcmp(cmds[k], p->version_command) == 0;
		if (!seen)
			cmds[n++] = p->version_command;
	}
	return n;
}

const struct profile *profiles_match_cli(const struct profiles *ps,
					 enum prompt_shape shape,
					 const char *command,
					 const char *output)
{
	for (size_t i = 0; ps && output && i < ps->n; i++) {
		const struct profile *p = ps->v[i];

		if (!profile_fits_prompt(p, shape))
			continue;
		if (command && strcasecmp(command, p->version_command) != 0)
			continue;
		if (any_rx(p->match, p->nmatch, output) &&
		    !any_rx(p->not_match, p->nnot_match, output))
			return p;
	}
	return NULL;
}

/* ---- what a profile says --------------------------------------------------- */

const char *profile_name(const struct profile *p) { return p->name; }
const char *profile_vendor(const struct profile *p) { return p->vendor; }
const char *profile_family(const struct profile *p) { return p->family; }

const char *profile_version_command(const struct profile *p)
{
	return p->version_command;
}

static const char *const empty[] = {NULL};

const char *const *profile_paging(const struct profile *p)
{
	return p->paging ? (const char *const *)p->paging : empty;
}

const char *const *profile_width(const struct profile *p)
{
	return p->width ? (const char *const *)p->width : empty;
}

const char *const *profile_exit(const struct profile *p)
{
	return p->exit ? (const char *const *)p->exit : empty;
}

const char *const *profile_errors(const struct profile *p)
{
	return p->errors ? (const char *const *)p->errors : empty;
}

bool profile_enable(const struct profile *p)
{
	return p->enable;
}

size_t profile_command_count(const struct profile *p)
{
	return p->ncmds;
}

const struct profile_command *profile_command_at(const struct profile *p,
						 size_t i)
{
	return i < p->ncmds ? &p->cmds[i].pub : NULL;
}

const struct profile_command *profile_command_find(const struct profile *p,
						   const char *command)
{
	for (size_t i = 0; command && i < p->ncmds; i++) {
		const struct pcommand *c = &p->cmds[i];

		if (strcmp(c->pub.command, command) == 0)
			return &c->pub;
		for (size_t k = 0; c->alts && c->alts[k]; k++)
			if (strcmp(c->alts[k], command) == 0)
				return &c->pub;
	}
	return NULL;
}

/* ---- refusals ------------------------------------------------------------------ */

#define ERROR_LINES 6	/* refusals show in the first lines */

/* Every vendor's ways of refusing a command (case-insensitive); a
 * profile's own `errors` come first. */
static const char *const builtin_errors[] = {
	"^\\s*% ?(Invalid|Unknown|Incomplete|Ambiguous|Unrecognized|Bad|"
	"Unrecognised)\\b",
	"^\\s*Error: ?(Unrecognized|Incomplete|Ambiguous|Wrong parameter|"
	"Too many|Unknown)",
	"^\\s*(syntax error|unknown command|invalid command)",
	"command not found",
	"^\\s*\\^\\s*$",
	NULL,
};

static pthread_once_t builtin_once = PTHREAD_ONCE_INIT;
static pcre2_code *builtin_re[sizeof(builtin_errors) / sizeof(char *)];

static void builtin_compile(void)
{
	for (size_t i = 0; builtin_errors[i]; i++) {
		int ec;
		PCRE2_SIZE off;

		builtin_re[i] = pcre2_compile((PCRE2_SPTR)builtin_errors[i],
					      PCRE2_ZERO_TERMINATED,
					      PCRE2_CASELESS | PCRE2_MULTILINE,
					      &ec, &off, NULL);
	}
}

/* Does re match within the first len bytes?  line gets the line. */
static bool refusal(const pcre2_code *re, const char *out, size_t len,
		    char *line, size_t n)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	PCRE2_SIZE *ov;
	size_t a, b;
	int rc;

	if (!md || !re) {
		pcre2_match_data_free(md);
		return false;
	}
	rc = pcre2_match(re, (PCRE2_SPTR)out, len, 0, 0, md, NULL);
	if (rc >= 0 && line) {
		ov = pcre2_get_ovector_pointer(md);
		a = b = ov[0];
		while (a > 0 && out[a - 1] != '\n')
			a--;
		while (b < len && out[b] != '\n')
			b++;
		while (a < b && (out[a] == ' ' || out[a] == '^'))
			a++;
		snprintf(line, n, "%.*s", (int)(b - a), out + a);
		/* a lone caret is only half the message: say the next line */
		if (line[0] == '\0') {
			const char *nl = strchr(out, '\n');

			snprintf(line, n, "%.*s",
				 nl ? (int)strcspn(nl + 1, "\r\n") : 0,
				 nl ? nl + 1 : "");
		}
	}
	pcre2_match_data_free(md);
	return rc >= 0;
}

bool profile_refused(const struct profile *p, const char *out, char *line,
		     size_t n)
{
	size_t len = 0;
	int lines = 0;

	if (!out)
		return false;
	while (out[len] && lines < ERROR_LINES) {
		if (out[len] == '\n')
			lines++;
		len++;
	}
	pthread_once(&builtin_once, builtin_compile);
	for (size_t i = 0; p && i < p->nerrors; i++)
		if (refusal(p->errors_re[i], out, len, line, n))
			return true;
	for (size_t i = 0; builtin_errors[i]; i++)
		if (refusal(builtin_re[i], out, len, line, n))
			return true;
	return false;
}
