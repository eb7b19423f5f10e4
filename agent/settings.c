/* settings.c - see settings.h */
#include "config.h"
#include "settings.h"
#include "error.h"
#include "fsutil.h"
#include "ynode.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cctx {
	const char *file;
	struct si_diags *diags;
	size_t errors;
};

static void cbad(struct cctx *c, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void cbad(struct cctx *c, const struct ynode *n, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	si_diags_addf(c->diags, c->file, n ? n->line : 0, n ? n->col : 0, "%s",
		      msg);
	c->errors++;
}

/* A list of paths (or one path); relative paths are taken from the
 * configuration file's folder. */
static void path_list(struct cctx *c, const struct ynode *n, char ***out,
		      size_t *nout)
{
	const struct ynode *one[1] = {n};
	const struct ynode *const *items = n->kind == YN_SEQ ?
		(const struct ynode *const *)n->items : one;
	size_t count = n->kind == YN_SEQ ? n->n : 1;
	char *dir = strdup(c->file), *slash = strrchr(dir, '/');

	if (slash)
		*slash = '\0';
	*out = calloc(count + 1, sizeof(**out));
	for (size_t i = 0; *out && i < count; i++) {
		const char *s = ynode_str(items[i]);

		if (!s || !*s) {
			cbad(c, items[i], "expected a path");
			continue;
		}
		(*out)[(*nout)++] = s[0] == '/' || !slash ? strdup(s)
							  : fs_join(dir, s);
	}
	free(dir);
}

static void get_count(struct cctx *c, const struct ynode *n, int *out,
		      const char *what)
{
	long long v;

	if (ynode_int(n, &v) < 0 || v < 1 || v > 100000)
		cbad(c, n, "'%s' must be a whole number from 1 to 100000",
		     what);
	else
		*out = (int)v;
}

static void add_param(struct config *cfg, const char *pack,
		      const struct ypair *p, double v)
{
	struct config_param *np = realloc(cfg->params,
					  (cfg->nparams + 1) * sizeof(*np));

	if (!np)
		return;
	cfg->params = np;
	np[cfg->nparams].pack = pack ? strdup(pack) : NULL;
	np[cfg->nparams].name = strdup(p->key->str);
	np[cfg->nparams].value = v;
	np[cfg->nparams].line = p->key->line;
	np[cfg->nparams].col = p->key->col;
	cfg->nparams++;
}

/* thresholds: {PACK or "*": {param: number}} */
static void thresholds(struct cctx *c, const struct ynode *n,
		       struct config *cfg)
{
	if (n->kind != YN_MAP) {
		cbad(c, n, "'thresholds' must map pack names (or \"*\") to "
		     "{parameter: number}");
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		const struct ypair *pk = &n->pairs[i];
		const char *pack = strcmp(pk->key->str, "*") ? pk->key->str
							     : NULL;

		if (pk->value->kind != YN_MAP) {
			cbad(c, pk->value, "thresholds of '%s' must be a map",
			     pk->key->str);
			continue;
		}
		for (size_t j = 0; j < pk->value->n; j++) {
			const struct ypair *p = &pk->value->pairs[j];
			double v;

			if (ynode_number(p->value, &v) < 0)
				cbad(c, p->value, "threshold '%s' must be a "
				     "number", p->key->str);
			else
				add_param(cfg, pack, p, v);
		}
	}
}

/* checklist: the site checklist (agent/site.h) instead of the built-in. */
static void site_checklist(struct cctx *c, const struct ynode *v,
			   struct config *cfg)
{
	char **l = NULL;
	size_t n = 0;

	if (v->kind != YN_SCALAR) {
		cbad(c, v, "'checklist' must be the path of one checklist file");
		return;
	}
	path_list(c, v, &l, &n);
	free(cfg->checklist);
	cfg->checklist = n ? l[0] : NULL;
	free(l);
}

static void parse_root(struct cctx *c, const struct ynode *root,
		       struct config *cfg)
{
	if (!root)
		return;
	if (root->kind != YN_MAP) {
		cbad(c, root, "the configuration must be a map");
		return;
	}
	for (size_t i = 0; i < root->n; i++) {
		const char *k = root->pairs[i].key->str;
		const struct ynode *v = root->pairs[i].value;

		if (strcmp(k, "templates") == 0)
			path_list(c, v, &cfg->templates, &cfg->ntemplates);
		else if (strcmp(k, "rules") == 0)
			path_list(c, v, &cfg->rules, &cfg->nrules);
		else if (strcmp(k, "profiles") == 0)
			path_list(c, v, &cfg->profiles, &cfg->nprofiles);
		else if (strcmp(k, "jobs") == 0)
			get_count(c, v, &cfg->jobs, "jobs");
		else if (strcmp(k, "device_timeout_s") == 0)
			get_count(c, v, &cfg->device_timeout_s,
				  "device_timeout_s");
		else if (strcmp(k, "thresholds") == 0)
			thresholds(c, v, cfg);
		else if (strcmp(k, "checklist") == 0)
			site_checklist(c, v, cfg);
		else
			cbad(c, root->pairs[i].key, "unknown key '%s' (templates, "
			     "rules, profiles, jobs, device_timeout_s, "
			     "thresholds, checklist)", k);
	}
}

static char *default_path(void)
{
	const char *home = getenv("HOME");
	char *p = home ? fs_join(home, ".config/swinspect/config.yaml") : NULL;

	if (p && fs_exists(p))
		return p;
	free(p);
	return fs_exists("/etc/swinspect/config.yaml")
		       ? strdup("/etc/swinspect/config.yaml") : NULL;
}

struct config *config_load(const char *path, struct si_diags *diags)
{
	struct config *cfg = calloc(1, sizeof(*cfg));
	struct si_error err;
	struct ydoc *doc;
	struct cctx c = {.diags = diags};

	if (!cfg)
		return NULL;
	cfg->file = path ? strdup(path) : default_path();
	if (!cfg->file)
		return cfg;	/* no configuration file: defaults */
	c.file = cfg->file;
	doc = ydoc_load_file(cfg->file, &err);
	if (!doc) {
		si_diags_add(diags, &err);
		config_free(cfg);
		return NULL;
	}
	parse_root(&c, doc->root, cfg);
	ydoc_free(doc);
	if (c.errors) {
		config_free(cfg);
		return NULL;
	}
	return cfg;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void config_free(struct config *c)
{
	if (!c)
		return;
	free_list(c->templates, c->ntemplates);
	free_list(c->rules, c->nrules);
	free_list(c->profiles, c->nprofiles);
	for (size_t i = 0; i < c->nparams; i++) {
		free(c->params[i].pack);
		free(c->params[i].name);
	}
	free(c->params);
	free(c->checklist);
	free(c->file);
	free(c);
}
