/* ssh_commands.c - see ssh_commands.h */
#include "config.h"
#include "ssh_commands.h"
#include "ynode.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ERROR_LINES 6	/* refusals show in the first lines */

struct lctx {
	const char *file;
	struct si_error *err;
	int failed;
};

static int bad(struct lctx *c, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(struct lctx *c, const struct ynode *n, const char *fmt, ...)
{
	va_list ap;

	if (!c->failed) {
		si_error_set(c->err, c->file, n ? n->line : 0, n ? n->col : 0,
			     "%s", "");
		va_start(ap, fmt);
		vsnprintf(c->err->msg, sizeof(c->err->msg), fmt, ap);
		va_end(ap);
	}
	c->failed = 1;
	return -1;
}

static void free_strv(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

static void free_rxv(void **v)
{
	for (size_t i = 0; v && v[i]; i++)
		pcre2_code_free(v[i]);
	free(v);
}

/* A scalar or a list of scalars -> NULL-terminated strings. */
static char **strv(struct lctx *c, const struct ynode *n, const char *what)
{
	size_t cnt = !n ? 0 : n->kind == YN_SEQ ? n->n : 1;
	char **v = calloc(cnt + 1, sizeof(*v));

	if (!v)
		return bad(c, n, "out of memory"), NULL;
	for (size_t i = 0; n && i < cnt; i++) {
		const struct ynode *s = n->kind == YN_SEQ ? n->items[i] : n;

		if (!ynode_str(s) || !*s->str) {
			bad(c, s, "%s must be text or a list of texts", what);
			free_strv(v);
			return NULL;
		}
		v[i] = strdup(s->str);
	}
	return v;
}

static void **rxv(struct lctx *c, const struct ynode *n, const char *what,
		  uint32_t flags)
{
	size_t cnt = !n ? 0 : n->kind == YN_SEQ ? n->n : 1;
	void **v = calloc(cnt + 1, sizeof(*v));

	if (!v)
		return bad(c, n, "out of memory"), NULL;
	for (size_t i = 0; n && i < cnt; i++) {
		const struct ynode *s = n->kind == YN_SEQ ? n->items[i] : n;
		int ec;
		PCRE2_SIZE eo;

		if (!ynode_str(s)) {
			bad(c, s, "%s must be a regular expression", what);
			free_rxv(v);
			return NULL;
		}
		v[i] = pcre2_compile((PCRE2_SPTR)s->str, PCRE2_ZERO_TERMINATED,
				     flags, &ec, &eo, NULL);
		if (!v[i]) {
			PCRE2_UCHAR msg[160];

			pcre2_get_error_message(ec, msg, sizeof(msg));
			bad(c, s, "bad regular expression: %s", (char *)msg);
			free_rxv(v);
			return NULL;
		}
	}
	return v;
}

static int shape_of_word(const char *w)
{
	if (w && strcmp(w, "angle") == 0)
		return SHAPE_ANGLE;
	if (w && strcmp(w, "hash") == 0)
		return SHAPE_HASH;
	return -1;
}

static int load_family(struct lctx *c, const struct ynode *m,
		       struct sshcmd_family *f)
{
	static const char *const keys[] = {"name", "prompt", "match", "paging",
					   "enable", "exit", "commands", NULL};
	const struct ynode *n;
	int shape;

	if (m->kind != YN_MAP)
		return bad(c, m, "each family must be a map");
	for (size_t i = 0; i < m->n; i++) {
		bool ok = false;

		for (int k = 0; keys[k]; k++)
			ok = ok || strcmp(keys[k], m->pairs[i].key->str) == 0;
		if (!ok)
			return bad(c, m->pairs[i].key, "unknown key '%s' in a "
				   "family", m->pairs[i].key->str);
	}
	n = ynode_get(m, "name");
	if (!ynode_str(n))
		return bad(c, m, "a family needs a 'name'");
	f->name = strdup(n->str);
	shape = shape_of_word(ynode_str(ynode_get(m, "prompt")));
	if (shape < 0)
		return bad(c, ynode_get(m, "prompt") ? ynode_get(m, "prompt")
			   : m, "'prompt' must be angle or hash");
	f->shape = (enum sshcmd_shape)shape;
	n = ynode_get(m, "paging");
	if (n && !ynode_str(n))
		return bad(c, n, "'paging' must be one command");
	f->paging = n ? strdup(n->str) : NULL;
	n = ynode_get(m, "enable");
	if (n && ynode_bool(n, &f->enable) < 0)
		return bad(c, n, "'enable' must be true or false");
	f->exit = strv(c, ynode_get(m, "exit"), "'exit'");
	f->commands = strv(c, ynode_get(m, "commands"), "'commands'");
	f->match = rxv(c, ynode_get(m, "match"), "'match'", 0);
	if (!f->exit || !f->commands || !f->match)
		return -1;
	while (f->commands[f->ncommands])
		f->ncommands++;
	if (!f->match[0] || !f->ncommands)
		return bad(c, m, "family '%s' needs 'match' and 'commands'",
			   f->name);
	return 0;
}

static int load_probe(struct lctx *c, const struct ynode *probe,
		      struct sshcmd_catalogue *cat)
{
	static const char *const names[SHAPE__N] = {"angle", "hash"};

	for (int s = 0; s < SHAPE__N; s++) {
		const struct ynode *m = ynode_get(probe, names[s]), *v;

		if (!m || m->kind != YN_MAP)
			return bad(c, probe ? probe : NULL, "probe.%s must be a "
				   "map", names[s]);
		v = ynode_get(m, "version");
		if (!ynode_str(v))
			return bad(c, m, "probe.%s needs a 'version' command",
				   names[s]);
		cat->probe[s].version = strdup(v->str);
		cat->probe[s].paging = strv(c, ynode_get(m, "paging"),
					    "'paging'");
		if (!cat->probe[s].paging)
			return -1;
	}
	return 0;
}

struct sshcmd_catalogue *sshcmd_load(const char *path, struct si_error *err)
{
	struct lctx c = {.file = path, .err = err};
	struct sshcmd_catalogue *cat;
	const struct ynode *root, *fams;
	struct ydoc *doc = ydoc_load_file(path, err);

	if (!doc)
		return NULL;
	cat = calloc(1, sizeof(*cat));
	root = doc->root;
	if (!cat || !root || root->kind != YN_MAP) {
		bad(&c, root, "the command catalogue must be a map");
		goto fail;
	}
	cat->errors = rxv(&c, ynode_get(root, "errors"), "'errors'",
			  PCRE2_CASELESS | PCRE2_MULTILINE);
	if (!cat->errors || load_probe(&c, ynode_get(root, "probe"), cat) < 0)
		goto fail;
	fams = ynode_get(root, "families");
	if (!fams || fams->kind != YN_SEQ || fams->n == 0) {
		bad(&c, fams ? fams : root, "'families' must be a non-empty "
		    "list");
		goto fail;
	}
	cat->families = calloc(fams->n, sizeof(*cat->families));
	if (!cat->families)
		goto fail;
	for (size_t i = 0; i < fams->n; i++) {
		cat->nfamilies++;
		if (load_family(&c, fams->items[i], &cat->families[i]) < 0)
			goto fail;
	}
	ydoc_free(doc);
	return cat;
fail:
	if (!c.failed)
		si_error_set(err, path, 0, 0, "out of memory");
	ydoc_free(doc);
	sshcmd_free(cat);
	return NULL;
}

void sshcmd_free(struct sshcmd_catalogue *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nfamilies; i++) {
		struct sshcmd_family *f = &c->families[i];

		free(f->name);
		free(f->paging);
		free_strv(f->exit);
		free_strv(f->commands);
		free_rxv(f->match);
	}
	free(c->families);
	for (int s = 0; s < SHAPE__N; s++) {
		free_strv(c->probe[s].paging);
		free(c->probe[s].version);
	}
	free_rxv(c->errors);
	free(c);
}

enum sshcmd_shape sshcmd_shape_of(const char *prompt)
{
	return prompt[0] == '<' || prompt[0] == '[' ? SHAPE_ANGLE : SHAPE_HASH;
}

static bool matches(void *re, const char *s, size_t len)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	int rc;

	if (!md)
		return false;
	rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

const struct sshcmd_family *sshcmd_detect(const struct sshcmd_catalogue *c,
					  enum sshcmd_shape shape,
					  const char *out)
{
	for (size_t i = 0; out && i < c->nfamilies; i++) {
		const struct sshcmd_family *f = &c->families[i];

		if (f->shape != shape)
			continue;
		for (size_t k = 0; f->match[k]; k++)
			if (matches(f->match[k], out, strlen(out)))
				return f;
	}
	return NULL;
}

bool sshcmd_is_error(const struct sshcmd_catalogue *c, const char *out,
		     char *line, size_t n)
{
	size_t len = 0;
	int lines = 0;

	/* the first ERROR_LINES lines */
	while (out[len] && lines < ERROR_LINES) {
		if (out[len] == '\n')
			lines++;
		len++;
	}
	for (size_t i = 0; c->errors[i]; i++) {
		pcre2_match_data *md = pcre2_match_data_create(1, NULL);
		int rc;

		if (!md)
			return false;
		rc = pcre2_match(c->errors[i], (PCRE2_SPTR)out, len, 0, 0, md,
				 NULL);
		if (rc >= 0 && line) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			size_t a = ov[0], b = ov[0];

			while (a > 0 && out[a - 1] != '\n')
				a--;
			while (b < len && out[b] != '\n')
				b++;
			while (a < b && (out[a] == ' ' || out[a] == '^'))
				a++;
			snprintf(line, n, "%.*s", (int)(b - a), out + a);
		}
		pcre2_match_data_free(md);
		if (rc >= 0) {
			/* a lone caret is only half the message: say the
			 * next line if there is one */
			if (line && line[0] == '\0') {
				const char *nl = strchr(out, '\n');

				snprintf(line, n, "%.*s", nl ? (int)strcspn(nl +
					 1, "\n") : 0, nl ? nl + 1 : "");
			}
			return true;
		}
	}
	return false;
}
