/* inventory.c - see inventory.h */
#include "config.h"
#include "inventory.h"
#include "error.h"
#include "fsutil.h"
#include "log.h"
#include "inventory_csv.h"
#include "ynode.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#define SECRET_FILE_MAX 4096
#define SECRET_PROMPT_MAX 1024
#define INCLUDE_DEPTH_MAX 16

struct group {
	char *name;
	const char *file;	/* where it is defined (a struct src's) */
	int line;
	char *profile;
	char *site;
	struct target_snmp snmp;
	struct target_ssh ssh;
};

/* A file of the inventory: the main one and each include. */
struct src {
	char *file;
	struct ydoc *doc;	/* YAML */
	struct inv_csv *csv;	/* or CSV */
};

/* A secret typed at the terminal, asked once per label. */
struct prompted {
	char *label;
	char *value;
	struct prompted *next;
};

struct ctx {
	const char *file;	/* the file being read, for messages */
	struct si_diags *diags;
	size_t nerrors;
	size_t nwarnings;
	struct inventory *inv;
	size_t cap;		/* of inv->devices */
	struct target_snmp dsnmp;	/* defaults */
	struct target_ssh dssh;
	struct group *groups;
	size_t ngroups;
	struct src *srcs;
	size_t nsrcs;
	char *stack[INCLUDE_DEPTH_MAX];	/* real paths being read */
	size_t depth;
	struct prompted *prompts;
	struct devloc *locs;	/* where each device is declared */
};

struct devloc {
	const char *file;
	int line, col;
};

static void bad(struct ctx *c, const struct ynode *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void bad(struct ctx *c, const struct ynode *n, const char *fmt, ...)
{
	struct si_error e;
	va_list ap;

	si_error_clear(&e);
	snprintf(e.file, sizeof(e.file), "%s", c->file);
	e.line = n ? n->line : 0;
	e.col = n ? n->col : 0;
	va_start(ap, fmt);
	vsnprintf(e.msg, sizeof(e.msg), fmt, ap);
	va_end(ap);
	si_diags_add(c->diags, &e);
	c->nerrors++;
}

/* A copy that could not be made: the load fails, saying so where. */
static void nomem(struct ctx *c, const struct ynode *n)
{
	bad(c, n, "out of memory");
}

/* Every key of map must be in allowed (NULL-terminated). */
static void check_keys(struct ctx *c, const struct ynode *map,
		       const char *const *allowed, const char *what)
{
	for (size_t i = 0; map && i < map->n; i++) {
		const struct ynode *k = map->pairs[i].key;
		bool ok = false;

		for (const char *const *a = allowed; *a && !ok; a++)
			ok = strcmp(*a, k->str) == 0;
		if (!ok)
			bad(c, k, "unknown key '%s' in %s", k->str, what);
	}
}

static bool want_map(struct ctx *c, const struct ynode *n, const char *what)
{
	if (n && n->kind != YN_MAP) {
		bad(c, n, "%s must be a map, not %s", what,
		    ynode_kind_name(n->kind));
		return false;
	}
	return n != NULL;
}

/* A string field: replaces *dst when present. */
static void get_str(struct ctx *c, const struct ynode *map, const char *key,
		    char **dst)
{
	const struct ynode *n = ynode_get(map, key);

	if (!n)
		return;
	if (n->kind != YN_SCALAR || ynode_is_null(n)) {
		bad(c, n, "'%s' must be a text value", key);
		return;
	}
	free(*dst);
	*dst = strdup(n->str);
	if (!*dst)
		nomem(c, n);
}

static void get_int(struct ctx *c, const struct ynode *map, const char *key,
		    int *dst, long long lo, long long hi)
{
	const struct ynode *n = ynode_get(map, key);
	long long v;

	if (!n)
		return;
	if (ynode_int(n, &v) < 0 || v < lo || v > hi) {
		bad(c, n, "'%s' must be a whole number from %lld to %lld", key,
		    lo, hi);
		return;
	}
	*dst = (int)v;
}

static void get_bool(struct ctx *c, const struct ynode *map, const char *key,
		     bool *dst)
{
	const struct ynode *n = ynode_get(map, key);

	if (n && ynode_bool(n, dst) < 0)
		bad(c, n, "'%s' must be true or false", key);
}

static void secret_free(struct secret *s)
{
	if (s->value) {
		explicit_bzero(s->value, strlen(s->value));
		free(s->value);
	}
	free(s->origin);
	s->value = s->origin = NULL;
}

/* value: taken (NULL when its copy failed: out of memory, said at n). */
static void secret_set(struct ctx *c, const struct ynode *n,
		       struct secret *s, char *value, const char *origin)
{
	secret_free(s);
	s->value = value;
	s->origin = strdup(origin);
	if (!s->value || !s->origin)
		nomem(c, n);
}

static char *read_secret_file(struct ctx *c, const struct ynode *n)
{
	struct si_error err;
	struct stat st;
	char *data;
	size_t len;

	if (stat(n->str, &st) < 0) {
		bad(c, n, "cannot read secret file '%s': %s", n->str,
		    strerror(errno));
		return NULL;
	}
	if (st.st_mode & 077) {
		bad(c, n, "secret file '%s' is readable by others (mode %03o);"
		    " chmod 600 it", n->str, (unsigned)(st.st_mode & 0777));
		return NULL;
	}
	if (fs_read_file(n->str, SECRET_FILE_MAX, &data, &len, &err) < 0) {
		bad(c, n, "cannot read secret file '%s': %s", n->str, err.msg);
		return NULL;
	}
	while (len > 0 && (data[len - 1] == '\n' || data[len - 1] == '\r'))
		data[--len] = '\0';
	return data;
}

/* Reads one line from the terminal with echo off.  NULL (with an error
 * at `at`) when there is no terminal: an unattended run cannot answer. */
static char *ask_tty(struct ctx *c, const struct ynode *at, const char *label)
{
	const char *dev = getenv("SWINSPECT_TTY");	/* tests */
	int fd = open(dev ? dev : "/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	struct termios old, quiet;
	char buf[SECRET_PROMPT_MAX], ch;
	size_t n = 0;

	if (fd < 0 || !isatty(fd) || tcgetattr(fd, &old) < 0) {
		if (fd >= 0)
			close(fd);
		bad(c, at, "%s: asking for it needs a terminal and there is "
		    "none (unattended runs use a *_env or *_file reference)",
		    label);
		return NULL;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	quiet.c_lflag |= ECHONL;
	tcsetattr(fd, TCSAFLUSH, &quiet);
	dprintf(fd, "swinspect: %s (%s:%d): ", label, c->file, at->line);
	while (read(fd, &ch, 1) == 1 && ch != '\n')
		if (n < sizeof(buf) - 1)
			buf[n++] = ch;
	tcsetattr(fd, TCSAFLUSH, &old);
	close(fd);
	buf[n] = '\0';
	if (n == 0) {
		bad(c, at, "%s: nothing was typed", label);
		return NULL;
	}
	{
		char *v = strdup(buf);

		explicit_bzero(buf, sizeof(buf));
		if (!v)
			nomem(c, at);
		return v;
	}
}

static char *dup_secret(struct ctx *c, const struct ynode *n, const char *v)
{
	char *d = strdup(v);

	if (!d)
		nomem(c, n);
	return d;
}

/* key_prompt: true (the label is `what`) or a text (the label): asked
 * once per label for the whole inventory. */
static char *prompt_secret(struct ctx *c, const struct ynode *n,
			   const char *what, char *origin, size_t on)
{
	const char *label = what;
	struct prompted *p;
	bool b;

	if (ynode_bool(n, &b) == 0) {
		if (!b)
			return NULL;
	} else if (ynode_str(n) && *n->str) {
		label = n->str;
	} else {
		bad(c, n, "a *_prompt key is true or the text of the question");
		return NULL;
	}
	snprintf(origin, on, "typed at the terminal (%s)", label);
	for (p = c->prompts; p; p = p->next)
		if (strcmp(p->label, label) == 0)
			return dup_secret(c, n, p->value);
	p = calloc(1, sizeof(*p));
	if (!p) {
		nomem(c, n);
		return NULL;
	}
	if (!(p->value = ask_tty(c, n, label))) {
		free(p);
		return NULL;
	}
	p->label = strdup(label);
	if (!p->label) {
		explicit_bzero(p->value, strlen(p->value));
		free(p->value);
		free(p);
		nomem(c, n);
		return NULL;
	}
	p->next = c->prompts;
	c->prompts = p;
	return dup_secret(c, n, p->value);
}

static void prompts_free(struct ctx *c)
{
	while (c->prompts) {
		struct prompted *p = c->prompts;

		c->prompts = p->next;
		explicit_bzero(p->value, strlen(p->value));
		free(p->value);
		free(p->label);
		free(p);
	}
}

/* key, key_env, key_file, key_prompt: at most one of them. */
static void get_secret(struct ctx *c, const struct ynode *map,
		       const char *key, const char *what, struct secret *dst)
{
	char kenv[64], kfile[64], kprompt[64], origin[600];
	const struct ynode *lit, *env, *file, *prompt;

	snprintf(kenv, sizeof(kenv), "%s_env", key);
	snprintf(kfile, sizeof(kfile), "%s_file", key);
	snprintf(kprompt, sizeof(kprompt), "%s_prompt", key);
	lit = ynode_get(map, key);
	env = ynode_get(map, kenv);
	file = ynode_get(map, kfile);
	prompt = ynode_get(map, kprompt);
	if (!!lit + !!env + !!file + !!prompt > 1) {
		bad(c, lit ? lit : env ? env : file, "give only one of '%s', "
		    "'%s', '%s', '%s'", key, kenv, kfile, kprompt);
		return;
	}
	if (prompt) {
		char *v = prompt_secret(c, prompt, what, origin,
					sizeof(origin));

		if (v)
			secret_set(c, prompt, dst, v, origin);
		return;
	}
	if (lit) {
		if (lit->kind != YN_SCALAR || ynode_is_null(lit)) {
			bad(c, lit, "'%s' must be a text value", key);
			return;
		}
		snprintf(origin, sizeof(origin), "literal at %s:%d:%d", c->file,
			 lit->line, lit->col);
		log_warn("inventory",
			 "%s:%d:%d: literal secret '%s' in the inventory; "
			 "prefer '%s' or '%s'", c->file, lit->line, lit->col,
			 key, kenv, kfile);
		c->nwarnings++;
		secret_set(c, lit, dst, strdup(lit->str), origin);
	} else if (env) {
		const char *v = ynode_str(env) ? getenv(env->str) : NULL;

		if (!ynode_str(env)) {
			bad(c, env, "'%s' must name an environment variable",
			    kenv);
			return;
		}
		if (!v) {
			bad(c, env, "environment variable '%s' (%s) is not set",
			    env->str, kenv);
			return;
		}
		snprintf(origin, sizeof(origin), "env %s", env->str);
		secret_set(c, env, dst, strdup(v), origin);
	} else if (file) {
		char *v;

		if (!ynode_str(file)) {
			bad(c, file, "'%s' must name a file", kfile);
			return;
		}
		v = read_secret_file(c, file);
		if (!v)
			return;
		snprintf(origin, sizeof(origin), "file %s", file->str);
		secret_set(c, file, dst, v, origin);
	}
}

/* A copy of s (NULL stays NULL); *fail set when memory runs out. */
static char *dup_or_null(const char *s, bool *fail)
{
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		*fail = true;
	return d;
}

static void secret_copy(struct secret *dst, const struct secret *src,
			bool *fail)
{
	dst->value = dup_or_null(src->value, fail);
	dst->origin = dup_or_null(src->origin, fail);
}

static const char *const snmp_keys[] = {
	"version", "port", "timeout_ms", "retries", "community",
	"community_env", "community_file", "community_prompt", "username", "context", "auth",
	"priv", "rate_interval_s", "min_interval_ms", NULL,
};
static const char *const v3_auth_keys[] = {
	"protocol", "password", "password_env", "password_file",
	"password_prompt", NULL,
};
static const char *const auth_protos[] = {"md5", "sha", "sha224", "sha256",
					  "sha384", "sha512", NULL};
static const char *const priv_protos[] = {"des", "aes", "aes128", "aes192",
					  "aes256", NULL};

static void get_proto(struct ctx *c, const struct ynode *m,
		      const char *const *allowed, char **dst)
{
	const struct ynode *n = ynode_get(m, "protocol");
	bool ok = false;

	if (!n)
		return;
	for (const char *const *a = allowed; ynode_str(n) && *a; a++)
		ok = ok || strcmp(*a, n->str) == 0;
	if (!ok) {
		bad(c, n, "unknown protocol '%s'", ynode_str(n) ? n->str : "");
		return;
	}
	free(*dst);
	*dst = strdup(n->str);
	if (!*dst)
		nomem(c, n);
}

static void parse_snmp_version(struct ctx *c, const struct ynode *m,
			       struct target_snmp *s)
{
	const struct ynode *n = ynode_get(m, "version");
	const char *v = ynode_str(n);

	if (!n)
		return;
	if (v && strcmp(v, "1") == 0)
		s->version = TARGET_SNMP_V1;
	else if (v && (strcmp(v, "2c") == 0 || strcmp(v, "2") == 0))
		s->version = TARGET_SNMP_V2C;
	else if (v && strcmp(v, "3") == 0)
		s->version = TARGET_SNMP_V3;
	else
		bad(c, n, "SNMP version must be 1, 2c or 3");
}

static void parse_snmp(struct ctx *c, const struct ynode *m,
		       struct target_snmp *s)
{
	const struct ynode *auth, *priv;

	check_keys(c, m, snmp_keys, "snmp");
	parse_snmp_version(c, m, s);
	get_int(c, m, "port", &s->port, 1, 65535);
	get_int(c, m, "timeout_ms", &s->timeout_ms, 10, 600000);
	get_int(c, m, "retries", &s->retries, 0, 20);
	get_int(c, m, "rate_interval_s", &s->rate_interval_s, 0, 300);
	get_int(c, m, "min_interval_ms", &s->min_interval_ms, 0, 60000);
	get_secret(c, m, "community", "SNMP community", &s->community);
	get_str(c, m, "username", &s->username);
	get_str(c, m, "context", &s->context);
	auth = ynode_get(m, "auth");
	if (want_map(c, auth, "snmp auth")) {
		check_keys(c, auth, v3_auth_keys, "snmp auth");
		get_proto(c, auth, auth_protos, &s->auth_proto);
		get_secret(c, auth, "password", "SNMPv3 authentication password",
			   &s->auth_pass);
	}
	priv = ynode_get(m, "priv");
	if (want_map(c, priv, "snmp priv")) {
		check_keys(c, priv, v3_auth_keys, "snmp priv");
		get_proto(c, priv, priv_protos, &s->priv_proto);
		get_secret(c, priv, "password", "SNMPv3 privacy password",
			   &s->priv_pass);
	}
}

static const char *const ssh_keys[] = {
	"port", "timeout_ms", "username", "password", "password_env",
	"password_file", "password_prompt", "key_file", "known_hosts",
	"accept_new_host_key", "use_agent", "legacy_algorithms",
	"enable_password", "enable_password_env", "enable_password_file",
	"enable_password_prompt", "command_timeout_ms",
	"max_output_bytes", "max_pages", "channel", "jump_host", NULL,
};
static const char *const jump_keys[] = {
	"address", "port", "username", "password", "password_env",
	"password_file", "password_prompt", "key_file", "use_agent", NULL,
};

static char *expand_home(const char *p)
{
	const char *home = getenv("HOME");

	if (p[0] == '~' && p[1] == '/' && home)
		return fs_join(home, p + 2);
	return strdup(p);
}

/* legacy_algorithms: true (all), false, or a list of algorithm names
 * (checked by the ssh collector) -> NULL, "all" or "a,b,c". */
static void parse_legacy(struct ctx *c, const struct ynode *m,
			 struct target_ssh *s)
{
	const struct ynode *n = ynode_get(m, "legacy_algorithms");
	char buf[1024] = "";
	bool b;

	if (!n)
		return;
	free(s->legacy_algorithms);
	s->legacy_algorithms = NULL;
	if (ynode_bool(n, &b) == 0) {
		s->legacy_algorithms = b ? strdup("all") : NULL;
		if (b && !s->legacy_algorithms)
			nomem(c, n);
		return;
	}
	for (size_t i = 0; n->kind == YN_SEQ && i < n->n; i++) {
		const char *w = ynode_str(n->items[i]);
		size_t l = strlen(buf);

		if (!w || !*w || strchr(w, ',')) {
			bad(c, n->items[i], "each legacy algorithm must be one "
			    "name");
			return;
		}
		snprintf(buf + l, sizeof(buf) - l, "%s%s", l ? "," : "", w);
	}
	if (n->kind != YN_SEQ || !buf[0]) {
		bad(c, n, "'legacy_algorithms' must be true, false or a list "
		    "of algorithm names");
		return;
	}
	s->legacy_algorithms = strdup(buf);
	if (!s->legacy_algorithms)
		nomem(c, n);
}

static void parse_jump(struct ctx *c, const struct ynode *m,
		       struct target_ssh_jump *j)
{
	const struct ynode *n = ynode_get(m, "jump_host");

	if (!n || !want_map(c, n, "ssh jump_host"))
		return;
	check_keys(c, n, jump_keys, "ssh jump_host");
	get_str(c, n, "address", &j->address);
	get_int(c, n, "port", &j->port, 1, 65535);
	get_str(c, n, "username", &j->username);
	get_secret(c, n, "password", "SSH jump host password",
		   &j->password);
	get_str(c, n, "key_file", &j->key_file);
	get_bool(c, n, "use_agent", &j->use_agent);
	if (!j->address)
		bad(c, n, "a jump_host needs an 'address'");
}

static void parse_ssh(struct ctx *c, const struct ynode *m, struct target_ssh *s)
{
	char *kh = NULL;

	check_keys(c, m, ssh_keys, "ssh");
	get_int(c, m, "port", &s->port, 1, 65535);
	get_int(c, m, "timeout_ms", &s->timeout_ms, 10, 3600000);
	get_str(c, m, "username", &s->username);
	get_secret(c, m, "password", "SSH password", &s->password);
	get_str(c, m, "key_file", &s->key_file);
	get_str(c, m, "known_hosts", &kh);
	if (kh) {
		free(s->known_hosts);
		s->known_hosts = expand_home(kh);
		free(kh);
		if (!s->known_hosts)
			nomem(c, ynode_get(m, "known_hosts"));
	}
	get_bool(c, m, "accept_new_host_key", &s->accept_new_host_key);
	get_bool(c, m, "use_agent", &s->use_agent);
	parse_legacy(c, m, s);
	get_secret(c, m, "enable_password", "SSH enable password",
		   &s->enable_password);
	get_int(c, m, "command_timeout_ms", &s->command_timeout_ms, 100,
		86400000);
	get_int(c, m, "max_output_bytes", &s->max_output_bytes, 1024,
		1073741824);
	get_int(c, m, "max_pages", &s->max_pages, 1, 10000000);
	get_str(c, m, "channel", &s->channel);
	if (s->channel && strcmp(s->channel, "shell") != 0 &&
	    strcmp(s->channel, "exec") != 0)
		bad(c, ynode_get(m, "channel"), "'channel' must be shell or "
		    "exec");
	parse_jump(c, m, &s->jump);
}

static void snmp_free(struct target_snmp *s)
{
	secret_free(&s->community);
	secret_free(&s->auth_pass);
	secret_free(&s->priv_pass);
	free(s->username);
	free(s->context);
	free(s->auth_proto);
	free(s->priv_proto);
}

static void ssh_free(struct target_ssh *s)
{
	secret_free(&s->password);
	free(s->username);
	free(s->key_file);
	free(s->known_hosts);
	free(s->legacy_algorithms);
	secret_free(&s->enable_password);
	free(s->channel);
	free(s->jump.address);
	free(s->jump.username);
	secret_free(&s->jump.password);
	free(s->jump.key_file);
}

/* The copies set *fail when memory runs out (what they did copy is
 * freed with the copy). */
static void snmp_copy(struct target_snmp *d, const struct target_snmp *s,
		      bool *fail)
{
	*d = *s;
	secret_copy(&d->community, &s->community, fail);
	secret_copy(&d->auth_pass, &s->auth_pass, fail);
	secret_copy(&d->priv_pass, &s->priv_pass, fail);
	d->username = dup_or_null(s->username, fail);
	d->context = dup_or_null(s->context, fail);
	d->auth_proto = dup_or_null(s->auth_proto, fail);
	d->priv_proto = dup_or_null(s->priv_proto, fail);
}

static void ssh_copy(struct target_ssh *d, const struct target_ssh *s,
		     bool *fail)
{
	*d = *s;
	secret_copy(&d->password, &s->password, fail);
	d->username = dup_or_null(s->username, fail);
	d->key_file = dup_or_null(s->key_file, fail);
	d->known_hosts = dup_or_null(s->known_hosts, fail);
	d->legacy_algorithms = dup_or_null(s->legacy_algorithms, fail);
	secret_copy(&d->enable_password, &s->enable_password, fail);
	d->channel = dup_or_null(s->channel, fail);
	d->jump.address = dup_or_null(s->jump.address, fail);
	d->jump.username = dup_or_null(s->jump.username, fail);
	secret_copy(&d->jump.password, &s->jump.password, fail);
	d->jump.key_file = dup_or_null(s->jump.key_file, fail);
}

static void snmp_defaults(struct target_snmp *s)
{
	memset(s, 0, sizeof(*s));
	s->version = TARGET_SNMP_V2C;
	s->port = 161;
	s->timeout_ms = 2000;
	s->retries = 2;
	s->rate_interval_s = 5;
}

static void ssh_defaults(struct target_ssh *s)
{
	memset(s, 0, sizeof(*s));
	s->port = 22;
	s->timeout_ms = 30000;
	s->command_timeout_ms = 300000;
	s->max_output_bytes = 16 << 20;
	s->max_pages = 5000;
	s->jump.port = 22;
}

/* `snmp: false` turns the collector off; a map configures and enables it. */
static void collector_section(struct ctx *c, const struct ynode *n,
			      bool *enabled, const char *what,
			      const struct ynode **map)
{
	bool b;

	*map = NULL;
	if (!n)
		return;
	if (ynode_bool(n, &b) == 0) {
		*enabled = b;
		return;
	}
	if (want_map(c, n, what)) {
		*enabled = true;
		*map = n;
	}
}

static void check_snmp_complete(struct ctx *c, const struct ynode *at,
				const struct target *d)
{
	const struct target_snmp *s = &d->snmp;

	if (!s->enabled)
		return;
	if (s->version != TARGET_SNMP_V3 && !s->community.value)
		bad(c, at, "device '%s': SNMP v%s needs a community "
		    "(community_env, community_file or community)", d->name,
		    s->version == TARGET_SNMP_V1 ? "1" : "2c");
	if (s->version == TARGET_SNMP_V3 && !s->username)
		bad(c, at, "device '%s': SNMPv3 needs a username", d->name);
	if (s->version == TARGET_SNMP_V3 && s->priv_proto && !s->auth_proto)
		bad(c, at, "device '%s': SNMPv3 privacy needs authentication",
		    d->name);
	if ((s->auth_proto && !s->auth_pass.value) ||
	    (s->priv_proto && !s->priv_pass.value))
		bad(c, at, "device '%s': SNMPv3 protocol given without its "
		    "password", d->name);
}

bool inventory_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64 || s[0] == '.' || s[0] == '-')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._-", *s))
			return false;
	return true;
}

/* ---- groups ------------------------------------------------------------- */

static const char *const group_keys[] = {
	"profile", "site", "snmp", "ssh", NULL,
};

static const struct group *group_find(const struct ctx *c, const char *name)
{
	for (size_t i = 0; i < c->ngroups; i++)
		if (strcmp(c->groups[i].name, name) == 0)
			return &c->groups[i];
	return NULL;
}

/* groups: {NAME: {profile, site, snmp, ssh}}: settings over `defaults`. */
static void parse_groups(struct ctx *c, const struct ynode *m)
{
	struct group *nv;
	bool fail = false;

	if (!m || !want_map(c, m, "groups"))
		return;
	nv = realloc(c->groups, (c->ngroups + m->n) * sizeof(*nv));
	if (!nv) {
		bad(c, m, "out of memory");
		return;
	}
	c->groups = nv;
	for (size_t i = 0; i < m->n; i++) {
		const struct ynode *k = m->pairs[i].key, *v = m->pairs[i].value;
		const struct group *dup = group_find(c, k->str);
		struct group *g;
		const struct ynode *sec;

		if (dup) {
			bad(c, k, "group '%s' is defined twice (first at "
			    "%s:%d)", k->str, dup->file, dup->line);
			continue;
		}
		if (!ynode_is_null(v) && !want_map(c, v, "a group"))
			continue;
		g = &c->groups[c->ngroups];
		memset(g, 0, sizeof(*g));
		g->name = strdup(k->str);
		if (!g->name) {
			nomem(c, k);
			continue;
		}
		c->ngroups++;
		g->file = c->file;
		g->line = k->line;
		snmp_copy(&g->snmp, &c->dsnmp, &fail);
		ssh_copy(&g->ssh, &c->dssh, &fail);
		if (fail) {
			nomem(c, k);
			fail = false;
		}
		if (v->kind != YN_MAP)
			continue;
		check_keys(c, v, group_keys, "a group");
		get_str(c, v, "profile", &g->profile);
		get_str(c, v, "site", &g->site);
		collector_section(c, ynode_get(v, "snmp"), &g->snmp.enabled,
				  "snmp", &sec);
		if (sec)
			parse_snmp(c, sec, &g->snmp);
		collector_section(c, ynode_get(v, "ssh"), &g->ssh.enabled,
				  "ssh", &sec);
		if (sec)
			parse_ssh(c, sec, &g->ssh);
	}
}

static void groups_free(struct ctx *c)
{
	for (size_t i = 0; i < c->ngroups; i++) {
		free(c->groups[i].name);
		free(c->groups[i].profile);
		free(c->groups[i].site);
		snmp_free(&c->groups[i].snmp);
		ssh_free(&c->groups[i].ssh);
	}
	free(c->groups);
}

/* ---- address blocks ----------------------------------------------------- */

static int ipv4(const char *s, uint32_t *out)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return -1;
	*out = ntohl(a.s_addr);
	return 0;
}

/* "A-B" (B an address or the last number of A's), or "A/len" (network and
 * broadcast addresses left out up to /30).  Returns 0, or -1 with why. */
int inventory_block(const char *s, uint32_t *first, uint32_t *count,
		    char *why, size_t n)
{
	char a[64], *sep;
	uint32_t lo, hi;
	long len;

	snprintf(a, sizeof(a), "%s", s);
	if ((sep = strchr(a, '/'))) {
		char *end;

		*sep++ = '\0';
		len = strtol(sep, &end, 10);
		if (ipv4(a, &lo) < 0 || *end || end == sep || len < 0 ||
		    len > 32) {
			snprintf(why, n, "'%s' is not an IPv4 CIDR block like "
				 "10.0.0.0/24", s);
			return -1;
		}
		lo &= len ? ~0u << (32 - len) : 0;
		hi = lo | (len ? ~(~0u << (32 - len)) : ~0u);
		if (len <= 30) {
			lo++;
			hi--;
		}
	} else if ((sep = strchr(a, '-'))) {
		*sep++ = '\0';
		if (ipv4(a, &lo) < 0) {
			snprintf(why, n, "'%s' is not an IPv4 address", a);
			return -1;
		}
		if (strchr(sep, '.')) {
			if (ipv4(sep, &hi) < 0) {
				snprintf(why, n, "'%s' is not an IPv4 address",
					 sep);
				return -1;
			}
		} else {
			char *end;
			long last = strtol(sep, &end, 10);

			if (*end || end == sep || last < 0 || last > 255) {
				snprintf(why, n, "'%s' is neither an address "
					 "nor a number from 0 to 255", sep);
				return -1;
			}
			hi = (lo & ~0xffu) | (uint32_t)last;
		}
		if (hi < lo) {
			snprintf(why, n, "the range '%s' ends before it starts",
				 s);
			return -1;
		}
	} else {
		snprintf(why, n, "'%s' is neither a range (10.0.0.1-10.0.0.20) "
			 "nor a CIDR block (10.0.0.0/28)", s);
		return -1;
	}
	if ((uint64_t)hi - lo + 1 > INVENTORY_BLOCK_MAX) {
		snprintf(why, n, "'%s' holds %llu addresses, more than %u: "
			 "split it into smaller blocks", s,
			 /* NOLINTNEXTLINE(bugprone-misplaced-widening-cast): for %llu */
			 (unsigned long long)((uint64_t)hi - lo + 1),
			 INVENTORY_BLOCK_MAX);
		return -1;
	}
	*first = lo;
	*count = hi - lo + 1;
	return 0;
}

/* ---- devices ------------------------------------------------------------ */

static const char *const device_keys[] = {
	"name", "address", "addresses", "profile", "group", "site", "snmp",
	"ssh", NULL,
};

/* A new device declared at line:col of the current file. */
static struct target *new_device(struct ctx *c, int line, int col)
{
	struct inventory *inv = c->inv;

	if (inv->ndevices == c->cap) {
		size_t nc = c->cap ? c->cap * 2 : 64;
		struct target *nv = realloc(inv->devices, nc * sizeof(*nv));
		struct devloc *nl;

		if (nv)
			inv->devices = nv;
		nl = nv ? realloc(c->locs, nc * sizeof(*nl)) : NULL;
		if (!nl) {
			bad(c, NULL, "out of memory");
			return NULL;
		}
		c->locs = nl;
		c->cap = nc;
	}
	c->locs[inv->ndevices] = (struct devloc){c->file, line, col};
	memset(&inv->devices[inv->ndevices], 0, sizeof(*inv->devices));
	return &inv->devices[inv->ndevices++];
}

static void device_free(struct target *d)
{
	free(d->name);
	free(d->address);
	free(d->profile);
	free(d->site);
	snmp_free(&d->snmp);
	ssh_free(&d->ssh);
}

static void device_copy(struct target *d, const struct target *s,
			bool *fail)
{
	*d = *s;
	d->name = dup_or_null(s->name, fail);
	d->address = dup_or_null(s->address, fail);
	d->profile = dup_or_null(s->profile, fail);
	d->site = dup_or_null(s->site, fail);
	snmp_copy(&d->snmp, &s->snmp, fail);
	ssh_copy(&d->ssh, &s->ssh, fail);
}

/* The settings a device starts from: its group's, else the defaults. */
static void device_base(struct ctx *c, const struct ynode *m,
			struct target *d)
{
	const struct ynode *gn = ynode_get(m, "group");
	const struct group *g = NULL;
	bool fail = false;

	if (gn && !ynode_str(gn))
		bad(c, gn, "'group' must name a group");
	else if (gn && !(g = group_find(c, gn->str)))
		bad(c, gn, "no group named '%s' (groups: are defined under "
		    "'groups:')", gn->str);
	snmp_copy(&d->snmp, g ? &g->snmp : &c->dsnmp, &fail);
	ssh_copy(&d->ssh, g ? &g->ssh : &c->dssh, &fail);
	d->profile = g ? dup_or_null(g->profile, &fail) : NULL;
	d->site = g ? dup_or_null(g->site, &fail) : NULL;
	if (fail)
		nomem(c, m);
}

static void check_device(struct ctx *c, const struct ynode *at,
			 const struct target *d)
{
	if (d->name && d->address)
		check_snmp_complete(c, at, d);
	if (d->name && !d->snmp.enabled && !d->ssh.enabled)
		bad(c, at, "device '%s' has neither SNMP nor SSH enabled",
		    d->name);
}

/* `addresses:` a range or block: one device per address, named
 * NAME-ADDRESS (or ADDRESS without a name). */
static void expand_block(struct ctx *c, const struct ynode *m,
			 const struct ynode *an, const struct target *tpl)
{
	char why[256], addr[INET_ADDRSTRLEN], name[128];
	uint32_t first, count;
	bool fail = false;

	if (!ynode_str(an) ||
	    inventory_block(an->str, &first, &count, why, sizeof(why)) < 0) {
		bad(c, an, "%s", ynode_str(an) ? why : "'addresses' must be "
		    "a range or a CIDR block");
		return;
	}
	for (uint32_t i = 0; i < count; i++) {
		const struct ynode *at = ynode_get(m, "name") ? ynode_get(m, "name") : an;
		struct in_addr a = {.s_addr = htonl(first + i)};
		struct target *d = new_device(c, at->line, at->col);

		if (!d)
			return;
		inet_ntop(AF_INET, &a, addr, sizeof(addr));
		if (tpl->name)
			snprintf(name, sizeof(name), "%s-%s", tpl->name, addr);
		else
			snprintf(name, sizeof(name), "%s", addr);
		device_copy(d, tpl, &fail);
		free(d->name);
		d->name = dup_or_null(name, &fail);
		d->address = dup_or_null(addr, &fail);
		if (fail) {
			nomem(c, an);
			return;
		}
		if (!inventory_name_ok(name))
			bad(c, ynode_get(m, "name"), "generated device name "
			    "'%s' is not valid (at most 64 letters, digits, "
			    "'.', '_', '-')", name);
	}
}

static void parse_device(struct ctx *c, const struct ynode *m)
{
	const struct ynode *sec, *name = ynode_get(m, "name");
	const struct ynode *addrs = ynode_get(m, "addresses");
	struct target tpl, *d;

	memset(&tpl, 0, sizeof(tpl));
	tpl.line = m->line;
	tpl.col = m->col;
	check_keys(c, m, device_keys, "device");
	device_base(c, m, &tpl);
	get_str(c, m, "name", &tpl.name);
	get_str(c, m, "address", &tpl.address);
	get_str(c, m, "profile", &tpl.profile);
	get_str(c, m, "site", &tpl.site);
	collector_section(c, ynode_get(m, "snmp"), &tpl.snmp.enabled, "snmp",
			  &sec);
	if (sec)
		parse_snmp(c, sec, &tpl.snmp);
	collector_section(c, ynode_get(m, "ssh"), &tpl.ssh.enabled, "ssh",
			  &sec);
	if (sec)
		parse_ssh(c, sec, &tpl.ssh);
	if (addrs && tpl.address) {
		bad(c, addrs, "give 'address' or 'addresses', not both");
	} else if (addrs) {
		size_t first = c->inv->ndevices;

		expand_block(c, m, addrs, &tpl);
		if (c->inv->ndevices > first)
			check_device(c, m, &c->inv->devices[first]);
		device_free(&tpl);
		return;
	}
	if (!tpl.name)
		bad(c, m, "device without a 'name'");
	else if (!inventory_name_ok(tpl.name))
		bad(c, name, "device name '%s' may hold only letters, digits, "
		    "'.', '_' and '-' (at most 64, not starting with '.' or "
		    "'-')", tpl.name);
	if (!tpl.address)
		bad(c, m, "device '%s' has no 'address'",
		    tpl.name ? tpl.name : "?");
	check_device(c, m, &tpl);
	d = new_device(c, name ? name->line : m->line,
		       name ? name->col : m->col);
	if (d)
		*d = tpl;
	else
		device_free(&tpl);
}

static void parse_devices(struct ctx *c, const struct ynode *list)
{
	if (!list)
		return;
	if (list->kind != YN_SEQ) {
		bad(c, list, "'devices' must be a list");
		return;
	}
	for (size_t i = 0; i < list->n; i++) {
		if (list->items[i]->kind != YN_MAP) {
			bad(c, list->items[i], "each device must be a map");
			continue;
		}
		parse_device(c, list->items[i]);
	}
}

/* A CSV file of devices: each row over the defaults or its group. */
static void csv_devices(struct ctx *c, const struct inv_csv *csv)
{
	for (size_t i = 0; i < csv->n; i++) {
		const struct inv_csv_row *r = &csv->rows[i];
		const struct group *g = NULL;
		struct target *d;
		bool fail = false;

		if (r->v[CSV_GROUP] && *r->v[CSV_GROUP] &&
		    !(g = group_find(c, r->v[CSV_GROUP]))) {
			si_diags_addf(c->diags, c->file, r->line,
				      r->col[CSV_GROUP], "no group named '%s'",
				      r->v[CSV_GROUP]);
			c->nerrors++;
		}
		if (!inventory_name_ok(r->v[CSV_NAME])) {
			si_diags_addf(c->diags, c->file, r->line,
				      r->col[CSV_NAME], "device name '%s' may "
				      "hold only letters, digits, '.', '_' and "
				      "'-' (at most 64)", r->v[CSV_NAME]);
			c->nerrors++;
		}
		d = new_device(c, r->line, r->col[CSV_NAME]);
		if (!d)
			return;
		d->name = dup_or_null(r->v[CSV_NAME], &fail);
		d->address = dup_or_null(r->v[CSV_ADDRESS], &fail);
		d->line = r->line;
		d->col = 1;
		snmp_copy(&d->snmp, g ? &g->snmp : &c->dsnmp, &fail);
		ssh_copy(&d->ssh, g ? &g->ssh : &c->dssh, &fail);
		d->profile = dup_or_null(r->v[CSV_PROFILE] &&
					 *r->v[CSV_PROFILE]
					 ? r->v[CSV_PROFILE]
					 : g ? g->profile : NULL, &fail);
		d->site = dup_or_null(r->v[CSV_SITE] && *r->v[CSV_SITE]
				      ? r->v[CSV_SITE]
				      : g ? g->site : NULL, &fail);
		if (fail) {
			si_diags_addf(c->diags, c->file, r->line, 1,
				      "out of memory");
			c->nerrors++;
			return;
		}
	}
}

static int cmp_dev_name(const void *a, const void *b)
{
	const struct target *x = *(const struct target *const *)a;
	const struct target *y = *(const struct target *const *)b;
	int d = strcmp(x->name, y->name);

	return d ? d : x < y ? -1 : x > y;
}

/* Names are unique across the inventory, its includes and its blocks;
 * each repeat is reported where it is, pointing at the first. */
static void check_duplicates(struct ctx *c)
{
	struct inventory *inv = c->inv;
	const struct target **v = calloc(inv->ndevices + 1, sizeof(*v));
	size_t n = 0, first = 0;

	if (!v) {
		nomem(c, NULL);
		return;
	}
	for (size_t i = 0; i < inv->ndevices; i++)
		if (inv->devices[i].name)
			v[n++] = &inv->devices[i];
	qsort(v, n, sizeof(*v), cmp_dev_name);
	for (size_t i = 1; i < n; i++) {
		const struct devloc *a, *b;

		if (strcmp(v[first]->name, v[i]->name) != 0) {
			first = i;
			continue;
		}
		a = &c->locs[v[first] - inv->devices];
		b = &c->locs[v[i] - inv->devices];
		if (strcmp(a->file, b->file) == 0)
			si_diags_addf(c->diags, b->file, b->line, b->col,
				      "duplicate device name '%s' (first at "
				      "line %d)", v[i]->name, a->line);
		else
			si_diags_addf(c->diags, b->file, b->line, b->col,
				      "duplicate device name '%s' (first at "
				      "%s:%d)", v[i]->name, a->file, a->line);
		c->nerrors++;
	}
	free(v);
}

/* ---- files and includes ------------------------------------------------- */

static const char *const top_keys[] = {
	"customer", "site", "period", "engineer", "service_level",
	"defaults", "groups", "devices", "include", "waivers", NULL,
};
static const char *const included_keys[] = {
	"groups", "devices", "include", NULL,
};
static const char *const defaults_keys[] = {"snmp", "ssh", NULL};

static void parse_defaults(struct ctx *c, const struct ynode *def)
{
	const struct ynode *sec;

	if (!want_map(c, def, "defaults"))
		return;
	check_keys(c, def, defaults_keys, "defaults");
	collector_section(c, ynode_get(def, "snmp"), &c->dsnmp.enabled,
			  "defaults.snmp", &sec);
	if (sec)
		parse_snmp(c, sec, &c->dsnmp);
	collector_section(c, ynode_get(def, "ssh"), &c->dssh.enabled,
			  "defaults.ssh", &sec);
	if (sec)
		parse_ssh(c, sec, &c->dssh);
}

static void parse_period(struct ctx *c, const struct ynode *root,
			 struct inventory *inv)
{
	const struct ynode *n = ynode_get(root, "period");
	const char *p = inv->period;
	bool ok;

	if (!p)
		return;
	/* 2026 (annual), 2026-Q1..Q4 (quarterly), or 2026-H1/H2, 2026-MM. */
	ok = strlen(p) >= 4 && isdigit((unsigned char)p[0]) &&
	     isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
	     isdigit((unsigned char)p[3]) &&
	     (p[4] == '\0' ||
	      (p[4] == '-' && ((p[5] == 'Q' && p[6] >= '1' && p[6] <= '4') ||
			       (p[5] == 'H' && (p[6] == '1' || p[6] == '2')) ||
			       (isdigit((unsigned char)p[5]) &&
				isdigit((unsigned char)p[6]))) &&
	       p[7] == '\0'));
	if (!ok)
		bad(c, n, "period '%s' must look like 2026 (annual), 2026-Q4 "
		    "(quarterly), 2026-H2 or 2026-11", p);
}

static bool is_csv(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && strcasecmp(path + n - 4, ".csv") == 0;
}

/* The file an include names, relative to the including file's folder. */
static char *include_path(const char *from, const char *name)
{
	char *dir, *slash, *p;

	if (name[0] == '/')
		return strdup(name);
	if (name[0] == '~' && name[1] == '/')
		return expand_home(name);
	dir = strdup(from);
	if (!dir)
		return NULL;
	slash = strrchr(dir, '/');
	if (!slash) {
		free(dir);
		return strdup(name);
	}
	*slash = '\0';
	p = fs_join(dir[0] ? dir : "/", name);
	free(dir);
	return p;
}

static void load_file(struct ctx *c, const char *path, bool top,
		      const struct ynode *at, const char *from);

static void load_includes(struct ctx *c, const struct ynode *n)
{
	const char *from = c->file;

	if (!n)
		return;
	if (ynode_str(n)) {
		char *p = include_path(from, n->str);

		if (p)
			load_file(c, p, false, n, from);
		else
			nomem(c, n);
		free(p);
		c->file = from;
		return;
	}
	if (n->kind != YN_SEQ) {
		bad(c, n, "'include' must be a file name or a list of them");
		return;
	}
	for (size_t i = 0; i < n->n; i++) {
		char *p = ynode_str(n->items[i])
				  ? include_path(from, n->items[i]->str)
				  : NULL;

		if (!ynode_str(n->items[i]))
			bad(c, n->items[i], "each include must be a file name");
		else if (!p)
			nomem(c, n->items[i]);
		else
			load_file(c, p, false, n->items[i], from);
		free(p);
		c->file = from;
	}
}

/* Keeps a loaded file for the two passes (groups, then devices). */
static struct src *add_src(struct ctx *c, const char *path)
{
	struct src *nv = realloc(c->srcs, (c->nsrcs + 1) * sizeof(*nv));

	if (!nv)
		return NULL;
	c->srcs = nv;
	memset(&nv[c->nsrcs], 0, sizeof(*nv));
	nv[c->nsrcs].file = strdup(path);
	if (!nv[c->nsrcs].file)
		return NULL;
	return &nv[c->nsrcs++];
}

static bool in_stack(struct ctx *c, const char *real, const struct ynode *at,
		     const char *from)
{
	char chain[1024] = "";

	for (size_t i = 0; i < c->depth; i++)
		if (strcmp(c->stack[i], real) == 0) {
			for (size_t j = i; j < c->depth; j++) {
				size_t l = strlen(chain);

				snprintf(chain + l, sizeof(chain) - l, "%s -> ",
					 c->stack[j]);
			}
			c->file = from;
			bad(c, at, "include cycle: %s%s", chain, real);
			return true;
		}
	return false;
}

static void load_yaml(struct ctx *c, struct src *s, bool top)
{
	const struct ynode *root = s->doc->root;

	c->file = s->file;
	if (!root || root->kind != YN_MAP) {
		bad(c, root, top ? "the inventory must be a map with a "
				   "'devices' list"
				 : "an included file must be a map with "
				   "'groups', 'devices' or 'include'");
		return;
	}
	check_keys(c, root, top ? top_keys : included_keys,
		   top ? "the inventory" : "an included file");
	if (top) {
		struct inventory *inv = c->inv;

		get_str(c, root, "customer", &inv->customer);
		get_str(c, root, "site", &inv->site);
		get_str(c, root, "period", &inv->period);
		get_str(c, root, "engineer", &inv->engineer);
		get_str(c, root, "service_level", &inv->service_level);
		parse_period(c, root, inv);
		parse_defaults(c, ynode_get(root, "defaults"));
	}
	load_includes(c, ynode_get(root, "include"));
}

static void load_file(struct ctx *c, const char *path, bool top,
		      const struct ynode *at, const char *from)
{
	struct si_error err;
	char *real = realpath(path, NULL);
	struct src *s;

	if (!real) {
		c->file = from;
		bad(c, at, "cannot read '%s': %s", path, strerror(errno));
		return;
	}
	if (in_stack(c, real, at, from) || c->depth == INCLUDE_DEPTH_MAX) {
		if (c->depth == INCLUDE_DEPTH_MAX)
			bad(c, at, "includes nested deeper than %d",
			    INCLUDE_DEPTH_MAX);
		free(real);
		return;
	}
	s = add_src(c, path);
	if (!s) {
		c->file = from;
		bad(c, at, "%s: out of memory", path);
		free(real);
		return;
	}
	if (is_csv(path)) {
		s->csv = calloc(1, sizeof(*s->csv));
		if (!s->csv) {
			c->file = from;
			bad(c, at, "%s: out of memory", path);
		} else if (inv_csv_load(path, s->csv, c->diags) < 0) {
			c->nerrors++;
		}
		free(real);
		return;
	}
	s->doc = ydoc_load_file(path, &err);
	if (!s->doc) {
		si_diags_add(c->diags, &err);
		c->nerrors++;
		free(real);
		return;
	}
	c->stack[c->depth++] = real;
	load_yaml(c, s, top);
	free(c->stack[--c->depth]);
}

static void srcs_free(struct ctx *c)
{
	for (size_t i = 0; i < c->nsrcs; i++) {
		ydoc_free(c->srcs[i].doc);
		if (c->srcs[i].csv)
			inv_csv_free(c->srcs[i].csv);
		free(c->srcs[i].csv);
		free(c->srcs[i].file);
	}
	free(c->srcs);
}

/* A CSV used directly as the inventory: SNMP v2c with the community in
 * $SNMP_COMMUNITY; SSH when $SSH_USERNAME is set (password in
 * $SSH_PASSWORD, or the keys of ssh-agent). */
static void csv_defaults(struct ctx *c)
{
	const char *comm = getenv("SNMP_COMMUNITY");
	const char *user = getenv("SSH_USERNAME");
	const char *pass = getenv("SSH_PASSWORD");

	c->dsnmp.enabled = comm != NULL;
	if (comm)
		secret_set(c, NULL, &c->dsnmp.community, strdup(comm),
			   "env SNMP_COMMUNITY");
	c->dssh.enabled = user != NULL;
	if (user) {
		c->dssh.username = strdup(user);
		c->dssh.use_agent = pass == NULL;
		if (!c->dssh.username)
			nomem(c, NULL);
	}
	if (user && pass)
		secret_set(c, NULL, &c->dssh.password, strdup(pass),
			   "env SSH_PASSWORD");
	if (!comm && !user)
		bad(c, NULL, "a CSV inventory takes its credentials from "
		    "SNMP_COMMUNITY (and SSH_USERNAME, SSH_PASSWORD): none is "
		    "set (or include the CSV from a YAML inventory)");
}

/* Pass 1, groups of every file; pass 2, devices in file order. */
static void parse_all(struct ctx *c)
{
	const struct ynode *w;

	for (size_t i = 0; i < c->nsrcs; i++) {
		c->file = c->srcs[i].file;
		if (c->srcs[i].doc && c->srcs[i].doc->root)
			parse_groups(c, ynode_get(c->srcs[i].doc->root,
						  "groups"));
	}
	for (size_t i = 0; i < c->nsrcs; i++) {
		c->file = c->srcs[i].file;
		if (c->srcs[i].csv)
			csv_devices(c, c->srcs[i].csv);
		else if (c->srcs[i].doc && c->srcs[i].doc->root)
			parse_devices(c, ynode_get(c->srcs[i].doc->root,
						   "devices"));
	}
	c->file = c->inv->file;
	if (c->nsrcs && c->srcs[0].doc && c->srcs[0].doc->root) {
		w = ynode_get(c->srcs[0].doc->root, "waivers");
		if (w && w->kind != YN_SEQ)
			bad(c, w, "'waivers' must be a list");
		else if (w && !(c->inv->waivers = ynode_to_json(w)))
			nomem(c, w);
	}
	if (c->inv->ndevices == 0 && c->nerrors == 0 && c->nsrcs)
		bad(c, NULL, "no devices: list them under 'devices' (or in an "
		    "included file)");
	check_duplicates(c);
}

struct inventory *inventory_load(const char *path, struct si_diags *diags)
{
	struct ctx c = {.file = path, .diags = diags};
	struct inventory *inv = calloc(1, sizeof(*inv));

	if (!inv || !(inv->file = strdup(path))) {
		free(inv);
		si_diags_addf(diags, path, 0, 0, "out of memory");
		return NULL;
	}
	c.inv = inv;
	snmp_defaults(&c.dsnmp);
	ssh_defaults(&c.dssh);
	if (is_csv(path)) {
		csv_defaults(&c);
		load_file(&c, path, false, NULL, path);
	} else {
		load_file(&c, path, true, NULL, path);
	}
	parse_all(&c);
	free(c.locs);
	inv->nwarnings = c.nwarnings;
	groups_free(&c);
	srcs_free(&c);
	snmp_free(&c.dsnmp);
	ssh_free(&c.dssh);
	prompts_free(&c);
	if (c.nerrors) {
		inventory_free(inv);
		return NULL;
	}
	return inv;
}

void inventory_free(struct inventory *inv)
{
	if (!inv)
		return;
	for (size_t i = 0; i < inv->ndevices; i++) {
		struct target *d = &inv->devices[i];

		device_free(d);
	}
	free(inv->devices);
	free(inv->file);
	free(inv->customer);
	free(inv->site);
	free(inv->period);
	free(inv->engineer);
	free(inv->service_level);
	cJSON_Delete(inv->waivers);
	free(inv);
}

const struct target *inventory_find(const struct inventory *inv,
					const char *name)
{
	for (size_t i = 0; i < inv->ndevices; i++)
		if (strcmp(inv->devices[i].name, name) == 0)
			return &inv->devices[i];
	return NULL;
}

cJSON *inventory_metadata(const struct inventory *inv)
{
	cJSON *m = cJSON_CreateObject();

	if (!m)
		return NULL;
	if (inv->customer)
		cJSON_AddStringToObject(m, "customer", inv->customer);
	if (inv->site)
		cJSON_AddStringToObject(m, "site", inv->site);
	if (inv->period)
		cJSON_AddStringToObject(m, "period", inv->period);
	if (inv->engineer)
		cJSON_AddStringToObject(m, "engineer", inv->engineer);
	if (inv->service_level)
		cJSON_AddStringToObject(m, "service_level",
					inv->service_level);
	if (inv->waivers)
		cJSON_AddItemToObject(m, "waivers",
				      cJSON_Duplicate(inv->waivers, 1));
	return m;
}

int inventory_load_snmp(const char *path, struct target_snmp *s,
			struct si_diags *diags)
{
	static const char *const snmp_file_keys[] = {"snmp", NULL};
	struct ctx c = {.file = path, .diags = diags};
	struct si_error err;
	struct ydoc *doc;
	const struct ynode *m = NULL;

	snmp_defaults(s);
	s->enabled = true;
	if (!path)
		return 0;
	doc = ydoc_load_file(path, &err);
	if (!doc) {
		si_diags_add(diags, &err);
		return -1;
	}
	if (!doc->root || doc->root->kind != YN_MAP)
		bad(&c, doc->root, "expected a map with an 'snmp:' map");
	else if (!(m = ynode_get(doc->root, "snmp")))
		bad(&c, doc->root, "no 'snmp:' map");
	else
		check_keys(&c, doc->root, snmp_file_keys, "the local SNMP file");
	if (m && want_map(&c, m, "snmp"))
		parse_snmp(&c, m, s);
	s->enabled = true;
	if (s->version == TARGET_SNMP_V3 && !s->username)
		bad(&c, m, "SNMPv3 needs a username");
	if ((s->auth_proto && !s->auth_pass.value) ||
	    (s->priv_proto && !s->priv_pass.value))
		bad(&c, m, "SNMPv3 protocol given without its password");
	prompts_free(&c);
	ydoc_free(doc);
	if (c.nerrors) {
		snmp_free(s);
		memset(s, 0, sizeof(*s));
		return -1;
	}
	return 0;
}
