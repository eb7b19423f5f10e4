/* inventory.c - see inventory.h */
#include "config.h"
#include "inventory.h"
#include "error.h"
#include "fsutil.h"
#include "log.h"
#include "ynode.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SECRET_FILE_MAX 4096

struct ctx {
	const char *file;
	struct si_diags *diags;
	size_t nerrors;
	size_t nwarnings;
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

static void secret_set(struct secret *s, char *value, const char *origin)
{
	secret_free(s);
	s->value = value;
	s->origin = strdup(origin);
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

/* key, key_env, key_file: at most one of them. */
static void get_secret(struct ctx *c, const struct ynode *map,
		       const char *key, struct secret *dst)
{
	char kenv[64], kfile[64], origin[600];
	const struct ynode *lit, *env, *file;

	snprintf(kenv, sizeof(kenv), "%s_env", key);
	snprintf(kfile, sizeof(kfile), "%s_file", key);
	lit = ynode_get(map, key);
	env = ynode_get(map, kenv);
	file = ynode_get(map, kfile);
	if (!!lit + !!env + !!file > 1) {
		bad(c, lit ? lit : env, "give only one of '%s', '%s', '%s'",
		    key, kenv, kfile);
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
		secret_set(dst, strdup(lit->str), origin);
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
		secret_set(dst, strdup(v), origin);
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
		secret_set(dst, v, origin);
	}
}

static void secret_copy(struct secret *dst, const struct secret *src)
{
	dst->value = src->value ? strdup(src->value) : NULL;
	dst->origin = src->origin ? strdup(src->origin) : NULL;
}

static const char *const snmp_keys[] = {
	"version", "port", "timeout_ms", "retries", "community",
	"community_env", "community_file", "username", "context", "auth",
	"priv", "rate_interval_s", NULL,
};
static const char *const v3_auth_keys[] = {
	"protocol", "password", "password_env", "password_file", NULL,
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
	get_secret(c, m, "community", &s->community);
	get_str(c, m, "username", &s->username);
	get_str(c, m, "context", &s->context);
	auth = ynode_get(m, "auth");
	if (want_map(c, auth, "snmp auth")) {
		check_keys(c, auth, v3_auth_keys, "snmp auth");
		get_proto(c, auth, auth_protos, &s->auth_proto);
		get_secret(c, auth, "password", &s->auth_pass);
	}
	priv = ynode_get(m, "priv");
	if (want_map(c, priv, "snmp priv")) {
		check_keys(c, priv, v3_auth_keys, "snmp priv");
		get_proto(c, priv, priv_protos, &s->priv_proto);
		get_secret(c, priv, "password", &s->priv_pass);
	}
}

static const char *const ssh_keys[] = {
	"port", "timeout_ms", "username", "password", "password_env",
	"password_file", "key_file", "known_hosts", "accept_new_host_key",
	"use_agent", "legacy_algorithms", "enable_password",
	"enable_password_env", "enable_password_file", "command_timeout_ms",
	"max_output_bytes", "channel", "jump_host", NULL,
};
static const char *const jump_keys[] = {
	"address", "port", "username", "password", "password_env",
	"password_file", "key_file", "use_agent", NULL,
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
	get_secret(c, n, "password", &j->password);
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
	get_secret(c, m, "password", &s->password);
	get_str(c, m, "key_file", &s->key_file);
	get_str(c, m, "known_hosts", &kh);
	if (kh) {
		free(s->known_hosts);
		s->known_hosts = expand_home(kh);
		free(kh);
	}
	get_bool(c, m, "accept_new_host_key", &s->accept_new_host_key);
	get_bool(c, m, "use_agent", &s->use_agent);
	parse_legacy(c, m, s);
	get_secret(c, m, "enable_password", &s->enable_password);
	get_int(c, m, "command_timeout_ms", &s->command_timeout_ms, 100,
		86400000);
	get_int(c, m, "max_output_bytes", &s->max_output_bytes, 1024,
		1073741824);
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

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static void snmp_copy(struct target_snmp *d, const struct target_snmp *s)
{
	*d = *s;
	secret_copy(&d->community, &s->community);
	secret_copy(&d->auth_pass, &s->auth_pass);
	secret_copy(&d->priv_pass, &s->priv_pass);
	d->username = dup_or_null(s->username);
	d->context = dup_or_null(s->context);
	d->auth_proto = dup_or_null(s->auth_proto);
	d->priv_proto = dup_or_null(s->priv_proto);
}

static void ssh_copy(struct target_ssh *d, const struct target_ssh *s)
{
	*d = *s;
	secret_copy(&d->password, &s->password);
	d->username = dup_or_null(s->username);
	d->key_file = dup_or_null(s->key_file);
	d->known_hosts = dup_or_null(s->known_hosts);
	d->legacy_algorithms = dup_or_null(s->legacy_algorithms);
	secret_copy(&d->enable_password, &s->enable_password);
	d->channel = dup_or_null(s->channel);
	d->jump.address = dup_or_null(s->jump.address);
	d->jump.username = dup_or_null(s->jump.username);
	secret_copy(&d->jump.password, &s->jump.password);
	d->jump.key_file = dup_or_null(s->jump.key_file);
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

static bool name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 64 || s[0] == '.' || s[0] == '-')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._-", *s))
			return false;
	return true;
}

static const char *const device_keys[] = {
	"name", "address", "profile", "snmp", "ssh", NULL,
};

static void parse_device(struct ctx *c, const struct ynode *m,
			 const struct target_snmp *dsnmp,
			 const struct target_ssh *dssh, struct target *d)
{
	const struct ynode *sec, *name = ynode_get(m, "name");

	d->line = m->line;
	d->col = m->col;
	check_keys(c, m, device_keys, "device");
	get_str(c, m, "name", &d->name);
	get_str(c, m, "address", &d->address);
	get_str(c, m, "profile", &d->profile);
	if (!d->name)
		bad(c, m, "device without a 'name'");
	else if (!name_ok(d->name))
		bad(c, name, "device name '%s' may hold only letters, digits, "
		    "'.', '_' and '-' (at most 64, not starting with '.' or "
		    "'-')", d->name);
	if (!d->address)
		bad(c, m, "device '%s' has no 'address'",
		    d->name ? d->name : "?");
	snmp_copy(&d->snmp, dsnmp);
	ssh_copy(&d->ssh, dssh);
	collector_section(c, ynode_get(m, "snmp"), &d->snmp.enabled, "snmp",
			  &sec);
	if (sec)
		parse_snmp(c, sec, &d->snmp);
	collector_section(c, ynode_get(m, "ssh"), &d->ssh.enabled, "ssh", &sec);
	if (sec)
		parse_ssh(c, sec, &d->ssh);
	if (d->name && d->address)
		check_snmp_complete(c, m, d);
	if (d->name && !d->snmp.enabled && !d->ssh.enabled)
		bad(c, m, "device '%s' has neither SNMP nor SSH enabled",
		    d->name);
}

static void parse_devices(struct ctx *c, const struct ynode *list,
			  const struct target_snmp *dsnmp,
			  const struct target_ssh *dssh, struct inventory *inv)
{
	if (!list) {
		bad(c, NULL, "no 'devices' list");
		return;
	}
	if (list->kind != YN_SEQ) {
		bad(c, list, "'devices' must be a list");
		return;
	}
	inv->devices = calloc(list->n ? list->n : 1, sizeof(*inv->devices));
	if (!inv->devices) {
		bad(c, list, "out of memory");
		return;
	}
	for (size_t i = 0; i < list->n; i++) {
		const struct ynode *m = list->items[i];
		struct target *d = &inv->devices[inv->ndevices];

		if (m->kind != YN_MAP) {
			bad(c, m, "each device must be a map");
			continue;
		}
		inv->ndevices++;
		parse_device(c, m, dsnmp, dssh, d);
		for (size_t j = 0; d->name && j + 1 < inv->ndevices; j++)
			if (inv->devices[j].name &&
			    strcmp(inv->devices[j].name, d->name) == 0)
				bad(c, ynode_get(m, "name"),
				    "duplicate device name '%s' (first at "
				    "line %d)", d->name, inv->devices[j].line);
	}
	if (list->n == 0)
		bad(c, list, "the 'devices' list is empty");
}

static const char *const top_keys[] = {
	"customer", "site", "period", "engineer", "service_level",
	"defaults", "devices", "waivers", NULL,
};
static const char *const defaults_keys[] = {"snmp", "ssh", NULL};

static void parse_defaults(struct ctx *c, const struct ynode *def,
			   struct target_snmp *dsnmp, struct target_ssh *dssh)
{
	const struct ynode *sec;

	if (!want_map(c, def, "defaults"))
		return;
	check_keys(c, def, defaults_keys, "defaults");
	collector_section(c, ynode_get(def, "snmp"), &dsnmp->enabled,
			  "defaults.snmp", &sec);
	if (sec)
		parse_snmp(c, sec, dsnmp);
	collector_section(c, ynode_get(def, "ssh"), &dssh->enabled,
			  "defaults.ssh", &sec);
	if (sec)
		parse_ssh(c, sec, dssh);
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

static void parse_top(struct ctx *c, const struct ynode *root,
		      struct inventory *inv)
{
	struct target_snmp dsnmp;
	struct target_ssh dssh;
	const struct ynode *w;

	snmp_defaults(&dsnmp);
	ssh_defaults(&dssh);
	check_keys(c, root, top_keys, "the inventory");
	get_str(c, root, "customer", &inv->customer);
	get_str(c, root, "site", &inv->site);
	get_str(c, root, "period", &inv->period);
	get_str(c, root, "engineer", &inv->engineer);
	get_str(c, root, "service_level", &inv->service_level);
	parse_period(c, root, inv);
	parse_defaults(c, ynode_get(root, "defaults"), &dsnmp, &dssh);
	parse_devices(c, ynode_get(root, "devices"), &dsnmp, &dssh, inv);
	w = ynode_get(root, "waivers");
	if (w && w->kind != YN_SEQ)
		bad(c, w, "'waivers' must be a list");
	else if (w)
		inv->waivers = ynode_to_json(w);
	snmp_free(&dsnmp);
	ssh_free(&dssh);
}

struct inventory *inventory_load(const char *path, struct si_diags *diags)
{
	struct ctx c = {.file = path, .diags = diags};
	struct si_error err;
	struct inventory *inv;
	struct ydoc *doc = ydoc_load_file(path, &err);

	if (!doc) {
		si_diags_add(diags, &err);
		return NULL;
	}
	inv = calloc(1, sizeof(*inv));
	if (!inv || !(inv->file = strdup(path))) {
		free(inv);
		ydoc_free(doc);
		si_diags_addf(diags, path, 0, 0, "out of memory");
		return NULL;
	}
	if (!doc->root || doc->root->kind != YN_MAP)
		bad(&c, doc->root, "the inventory must be a map with a "
		    "'devices' list");
	else
		parse_top(&c, doc->root, inv);
	ydoc_free(doc);
	inv->nwarnings = c.nwarnings;
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

		free(d->name);
		free(d->address);
		free(d->profile);
		snmp_free(&d->snmp);
		ssh_free(&d->ssh);
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
