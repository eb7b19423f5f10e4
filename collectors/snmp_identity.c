/* snmp_identity.c - see snmp_identity.h */
#include "config.h"
#include "snmp_identity.h"
#include "datadir.h"
#include "error.h"
#include "ynode.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct id_vendor {
	pcre2_code *match;
	char *vendor;
};

struct id_rule {
	pcre2_code *match;
	struct id_vendor *vendors;
	size_t nvendors;
	char *object_id;
	char *vendor;
	char *family;
	pcre2_code *version;
	pcre2_code *model;
};

struct id_enterprise {
	unsigned long number;
	char *vendor;
};

static struct {
	pthread_mutex_t lock;
	bool loaded;
	struct id_rule *rules;
	size_t nrules;
	struct id_enterprise *ent;
	size_t nent;
} ids = {.lock = PTHREAD_MUTEX_INITIALIZER};

static pcre2_code *compile(const struct ynode *n, const char *file,
			   struct si_error *err)
{
	int code;
	PCRE2_SIZE off;
	pcre2_code *re;
	char msg[256];

	if (!ynode_str(n)) {
		si_error_set(err, file, n->line, n->col, "expected a regex");
		return NULL;
	}
	re = pcre2_compile((PCRE2_SPTR)n->str, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
			   &code, &off, NULL);
	if (!re) {
		pcre2_get_error_message(code, (PCRE2_UCHAR *)msg, sizeof(msg));
		si_error_set(err, file, n->line, n->col + 1 + (int)off,
			     "bad regex: %s", msg);
	}
	return re;
}

static char *opt_str(const struct ynode *m, const char *key)
{
	const char *s = ynode_str(ynode_get(m, key));

	return s ? strdup(s) : NULL;
}

static int load_vendors(const struct ynode *list, const char *file,
			struct id_rule *r, struct si_error *err)
{
	if (!list)
		return 0;
	if (list->kind != YN_SEQ)
		return si_error_set(err, file, list->line, list->col,
				    "'vendors' must be a list");
	r->vendors = calloc(list->n + 1, sizeof(*r->vendors));
	if (!r->vendors)
		return si_error_set(err, file, 0, 0, "out of memory");
	for (size_t i = 0; i < list->n; i++) {
		const struct ynode *m = list->items[i];
		const struct ynode *n = ynode_get(m, "match");
		struct id_vendor *v = &r->vendors[r->nvendors];

		if (!n || !ynode_str(ynode_get(m, "vendor")))
			return si_error_set(err, file, m->line, m->col,
					    "each vendor needs 'match' and "
					    "'vendor'");
		if (!(v->match = compile(n, file, err)))
			return -1;
		v->vendor = strdup(ynode_str(ynode_get(m, "vendor")));
		r->nvendors++;
	}
	return 0;
}

static int load_rule(const struct ynode *m, const char *file,
		     struct id_rule *r, struct si_error *err)
{
	const struct ynode *n;

	memset(r, 0, sizeof(*r));
	if (m->kind != YN_MAP)
		return si_error_set(err, file, m->line, m->col,
				    "each rule must be a map");
	if ((n = ynode_get(m, "match")) && !(r->match = compile(n, file, err)))
		return -1;
	if ((n = ynode_get(m, "version")) &&
	    !(r->version = compile(n, file, err)))
		return -1;
	if ((n = ynode_get(m, "model")) && !(r->model = compile(n, file, err)))
		return -1;
	if (load_vendors(ynode_get(m, "vendors"), file, r, err) < 0)
		return -1;
	r->object_id = opt_str(m, "object_id");
	r->vendor = opt_str(m, "vendor");
	r->family = opt_str(m, "family");
	if (!r->match && !r->object_id)
		return si_error_set(err, file, m->line, m->col,
				    "a rule needs 'match' or 'object_id'");
	return 0;
}

static void rules_free(void)
{
	for (size_t i = 0; i < ids.nrules; i++) {
		struct id_rule *r = &ids.rules[i];

		pcre2_code_free(r->match);
		pcre2_code_free(r->version);
		pcre2_code_free(r->model);
		for (size_t j = 0; j < r->nvendors; j++) {
			pcre2_code_free(r->vendors[j].match);
			free(r->vendors[j].vendor);
		}
		free(r->vendors);
		free(r->object_id);
		free(r->vendor);
		free(r->family);
	}
	for (size_t i = 0; i < ids.nent; i++)
		free(ids.ent[i].vendor);
	free(ids.rules);
	free(ids.ent);
	ids.rules = NULL;
	ids.ent = NULL;
	ids.nrules = ids.nent = 0;
}

static int load_doc(const struct ydoc *d, struct si_error *err)
{
	const struct ynode *ent = ynode_get(d->root, "enterprises");
	const struct ynode *os = ynode_get(d->root, "os");

	if (!os || os->kind != YN_SEQ || !ent || ent->kind != YN_MAP)
		return si_error_set(err, d->file, 1, 1, "needs an 'enterprises' "
				    "map and an 'os' list");
	ids.ent = calloc(ent->n + 1, sizeof(*ids.ent));
	ids.rules = calloc(os->n + 1, sizeof(*ids.rules));
	if (!ids.ent || !ids.rules)
		return si_error_set(err, d->file, 0, 0, "out of memory");
	for (size_t i = 0; i < ent->n; i++) {
		const struct ypair *p = &ent->pairs[i];

		ids.ent[i].number = strtoul(p->key->str, NULL, 10);
		ids.ent[i].vendor = strdup(ynode_str(p->value) ?
						   p->value->str : "");
		ids.nent++;
	}
	for (size_t i = 0; i < os->n; i++) {
		if (load_rule(os->items[i], d->file, &ids.rules[i], err) < 0) {
			ids.nrules = i + 1;
			return -1;
		}
		ids.nrules = i + 1;
	}
	return 0;
}

int snmp_identity_load(const char *path, struct si_error *err)
{
	char *def = NULL;
	struct ydoc *d;
	int rc = -1;

	pthread_mutex_lock(&ids.lock);
	if (!path)
		path = def = datadir_path("collectors/snmp/identity.yaml");
	rules_free();
	ids.loaded = false;
	d = path ? ydoc_load_file(path, err) : NULL;
	if (d) {
		rc = load_doc(d, err);
		if (rc < 0)
			rules_free();
		ids.loaded = rc == 0;
		ydoc_free(d);
	}
	pthread_mutex_unlock(&ids.lock);
	free(def);
	return rc;
}

/* Named group `name` of re in subject, or NULL. */
static char *capture(const pcre2_code *re, const char *subject,
		     const char *name)
{
	pcre2_match_data *md;
	PCRE2_UCHAR *out = NULL;
	PCRE2_SIZE len;
	char *s = NULL;

	if (!re || !subject)
		return NULL;
	md = pcre2_match_data_create_from_pattern(re, NULL);
	if (!md)
		return NULL;
	if (pcre2_match(re, (PCRE2_SPTR)subject, PCRE2_ZERO_TERMINATED, 0, 0,
			md, NULL) >= 0 &&
	    pcre2_substring_get_byname(md, (PCRE2_SPTR)name, &out, &len) == 0) {
		s = strndup((const char *)out, len);
		pcre2_substring_free(out);
	}
	pcre2_match_data_free(md);
	return s;
}

static bool matches(const pcre2_code *re, const char *subject)
{
	pcre2_match_data *md;
	int rc;

	if (!re || !subject)
		return false;
	md = pcre2_match_data_create_from_pattern(re, NULL);
	if (!md)
		return false;
	rc = pcre2_match(re, (PCRE2_SPTR)subject, PCRE2_ZERO_TERMINATED, 0, 0,
			 md, NULL);
	pcre2_match_data_free(md);
	return rc >= 0;
}

/* The enterprise number of 1.3.6.1.4.1.N...; 0 when not under it. */
static unsigned long enterprise_of(const char *oid)
{
	static const char pre[] = "1.3.6.1.4.1.";

	if (!oid)
		return 0;
	if (*oid == '.')
		oid++;
	if (strncmp(oid, pre, sizeof(pre) - 1) != 0)
		return 0;
	return strtoul(oid + sizeof(pre) - 1, NULL, 10);
}

static bool oid_has_prefix(const char *oid, const char *prefix)
{
	size_t n = strlen(prefix);

	if (!oid)
		return false;
	if (*oid == '.')
		oid++;
	return strncmp(oid, prefix, n) == 0 && (oid[n] == '\0' || oid[n] == '.');
}

int snmp_identify(const char *descr, const char *object_id,
		  struct snmp_identity *id, struct si_error *err)
{
	unsigned long ent = enterprise_of(object_id);

	memset(id, 0, sizeof(*id));
	pthread_mutex_lock(&ids.lock);
	if (!ids.loaded) {
		pthread_mutex_unlock(&ids.lock);
		if (snmp_identity_load(NULL, err) < 0)
			return -1;
		pthread_mutex_lock(&ids.lock);
	}
	for (size_t i = 0; i < ids.nrules; i++) {
		const struct id_rule *r = &ids.rules[i];

		if (!matches(r->match, descr) &&
		    !(r->object_id && oid_has_prefix(object_id, r->object_id)))
			continue;
		id->vendor = r->vendor ? strdup(r->vendor) : NULL;
		for (size_t j = 0; !id->vendor && j < r->nvendors; j++)
			if (matches(r->vendors[j].match, descr))
				id->vendor = strdup(r->vendors[j].vendor);
		id->family = r->family ? strdup(r->family) : NULL;
		id->version = capture(r->version, descr, "v");
		id->model = capture(r->model, descr, "m");
		id->version_from = id->version ? "sysDescr" : NULL;
		id->model_from = id->model ? "sysDescr" : NULL;
		break;
	}
	for (size_t i = 0; !id->vendor && ent && i < ids.nent; i++)
		if (ids.ent[i].number == ent)
			id->vendor = strdup(ids.ent[i].vendor);
	pthread_mutex_unlock(&ids.lock);
	return 0;
}

void snmp_identity_free(struct snmp_identity *id)
{
	free(id->vendor);
	free(id->family);
	free(id->version);
	free(id->model);
	memset(id, 0, sizeof(*id));
}
