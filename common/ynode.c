/* ynode.c - see ynode.h */
#include "config.h"
#include "ynode.h"
#include "error.h"
#include "fsutil.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#define YDOC_MAX_DEPTH 64
#define YDOC_MAX_NODES 1000000
#define YDOC_MAX_FILE (64u << 20)
#define YJSON_MAX_NODES 1000000

struct anchor {
	char *name;
	struct ynode *node;
};

struct loader {
	struct ydoc *doc;
	yaml_parser_t parser;
	struct anchor *anchors;
	size_t nanchors;
	struct si_error *err;
};

static struct ynode *node_new(struct loader *ld, enum ynode_kind kind,
			      const yaml_mark_t *m)
{
	struct ydoc *d = ld->doc;
	struct ynode *n;

	if (d->nall >= YDOC_MAX_NODES) {
		si_error_set(ld->err, d->file, (int)m->line + 1,
			     (int)m->column + 1, "document has too many nodes");
		return NULL;
	}
	if (d->nall == d->capall) {
		size_t cap = d->capall ? d->capall * 2 : 64;
		struct ynode **all = realloc(d->all, cap * sizeof(*all));

		if (!all)
			goto nomem;
		d->all = all;
		d->capall = cap;
	}
	n = calloc(1, sizeof(*n));
	if (!n)
		goto nomem;
	n->kind = kind;
	n->line = (int)m->line + 1;
	n->col = (int)m->column + 1;
	d->all[d->nall++] = n;
	return n;
nomem:
	si_error_set(ld->err, d->file, 0, 0, "out of memory");
	return NULL;
}

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *nv;
	size_t ncap;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 4;
	nv = realloc(*v, ncap * size);
	if (!nv)
		return -1;
	*v = nv;
	*cap = ncap;
	return 0;
}

/* 0, or -1 with "out of memory" in ld->err. */
static int set_anchor(struct loader *ld, const yaml_char_t *name,
		      struct ynode *n)
{
	size_t cap = ld->nanchors;	/* grow exactly: anchors are few */
	struct anchor *a;

	if (!name)
		return 0;
	a = realloc(ld->anchors, (cap + 1) * sizeof(*a));
	if (!a)
		goto nomem;
	ld->anchors = a;
	a[ld->nanchors].name = strdup((const char *)name);
	if (!a[ld->nanchors].name)
		goto nomem;
	a[ld->nanchors++].node = n;
	return 0;
nomem:
	si_error_set(ld->err, ld->doc->file, 0, 0, "out of memory");
	return -1;
}

static struct ynode *find_anchor(struct loader *ld, const char *name)
{
	/* The latest definition wins, as YAML says. */
	for (size_t i = ld->nanchors; i-- > 0;)
		if (strcmp(ld->anchors[i].name, name) == 0)
			return ld->anchors[i].node;
	return NULL;
}

static int parse_error(struct loader *ld)
{
	yaml_parser_t *p = &ld->parser;
	const yaml_mark_t *m = &p->problem_mark;

	if (p->error == YAML_MEMORY_ERROR)
		return si_error_set(ld->err, ld->doc->file, 0, 0,
				    "out of memory");
	if (p->context)
		return si_error_set(ld->err, ld->doc->file, (int)m->line + 1,
				    (int)m->column + 1, "%s %s", p->problem,
				    p->context);
	return si_error_set(ld->err, ld->doc->file, (int)m->line + 1,
			    (int)m->column + 1, "%s",
			    p->problem ? p->problem : "invalid YAML");
}

static struct ynode *parse_node(struct loader *ld, yaml_event_t *ev,
				int depth);

static int next_event(struct loader *ld, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&ld->parser, ev))
		return parse_error(ld);
	return 0;
}

static int seq_add(struct loader *ld, struct ynode *seq, struct ynode *item)
{
	if (grow((void **)&seq->items, &seq->cap, seq->n, sizeof(item)) < 0)
		return si_error_set(ld->err, ld->doc->file, 0, 0,
				    "out of memory");
	seq->items[seq->n++] = item;
	return 0;
}

static bool map_has(const struct ynode *map, const char *key)
{
	return ynode_get(map, key) != NULL;
}

static int map_put(struct loader *ld, struct ynode *map, struct ynode *key,
		   struct ynode *value)
{
	if (grow((void **)&map->pairs, &map->cap, map->n,
		 sizeof(struct ypair)) < 0)
		return si_error_set(ld->err, ld->doc->file, 0, 0,
				    "out of memory");
	map->pairs[map->n].key = key;
	map->pairs[map->n++].value = value;
	return 0;
}

/* `<<: *x` or `<<: [*x, *y]`: copy keys the map does not set itself.
 * Applied after the map is complete, so explicit keys win wherever they
 * stand. */
static int merge_from(struct loader *ld, struct ynode *map,
		      const struct ynode *src, const struct ynode *at)
{
	if (src->kind == YN_SEQ) {
		for (size_t i = 0; i < src->n; i++)
			if (merge_from(ld, map, src->items[i], at) < 0)
				return -1;
		return 0;
	}
	if (src->kind != YN_MAP)
		return si_error_set(ld->err, ld->doc->file, at->line, at->col,
				    "merge key '<<' needs a mapping or a list "
				    "of mappings");
	for (size_t i = 0; i < src->n; i++) {
		const struct ypair *p = &src->pairs[i];

		if (p->key->kind == YN_SCALAR && !map_has(map, p->key->str) &&
		    map_put(ld, map, p->key, p->value) < 0)
			return -1;
	}
	return 0;
}

static int parse_map_body(struct loader *ld, struct ynode *map, int depth)
{
	struct ynode *merges[16];
	size_t nmerges = 0;
	yaml_event_t ev;

	for (;;) {
		struct ynode *key, *value;

		if (next_event(ld, &ev) < 0)
			return -1;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		key = parse_node(ld, &ev, depth + 1);
		if (!key)
			return -1;
		if (key->kind != YN_SCALAR)
			return si_error_set(ld->err, ld->doc->file, key->line,
					    key->col,
					    "only scalar keys are supported");
		if (next_event(ld, &ev) < 0)
			return -1;
		value = parse_node(ld, &ev, depth + 1);
		if (!value)
			return -1;
		if (key->plain && strcmp(key->str, "<<") == 0) {
			if (nmerges == sizeof(merges) / sizeof(merges[0]))
				return si_error_set(ld->err, ld->doc->file,
						    key->line, key->col,
						    "too many merge keys");
			merges[nmerges++] = value;
			continue;
		}
		if (map_has(map, key->str))
			return si_error_set(ld->err, ld->doc->file, key->line,
					    key->col, "duplicate key '%s'",
					    key->str);
		if (map_put(ld, map, key, value) < 0)
			return -1;
	}
	for (size_t i = 0; i < nmerges; i++)
		if (merge_from(ld, map, merges[i], merges[i]) < 0)
			return -1;
	return 0;
}

static int parse_seq_body(struct loader *ld, struct ynode *seq, int depth)
{
	yaml_event_t ev;

	for (;;) {
		struct ynode *item;

		if (next_event(ld, &ev) < 0)
			return -1;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return 0;
		}
		item = parse_node(ld, &ev, depth + 1);
		if (!item || seq_add(ld, seq, item) < 0)
			return -1;
	}
}

static struct ynode *parse_scalar(struct loader *ld, yaml_event_t *ev)
{
	struct ynode *n = node_new(ld, YN_SCALAR, &ev->start_mark);

	if (!n)
		return NULL;
	n->len = ev->data.scalar.length;
	n->str = malloc(n->len + 1);
	if (!n->str) {
		si_error_set(ld->err, ld->doc->file, 0, 0, "out of memory");
		return NULL;
	}
	memcpy(n->str, ev->data.scalar.value, n->len);
	n->str[n->len] = '\0';
	n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		   !ev->data.scalar.tag;
	if (set_anchor(ld, ev->data.scalar.anchor, n) < 0)
		return NULL;
	return n;
}

/* Takes ownership of *ev (deletes it). */
static struct ynode *parse_node(struct loader *ld, yaml_event_t *ev,
				int depth)
{
	struct ynode *n = NULL;
	const yaml_mark_t *m = &ev->start_mark;

	if (depth > YDOC_MAX_DEPTH) {
		si_error_set(ld->err, ld->doc->file, (int)m->line + 1,
			     (int)m->column + 1, "nesting deeper than %d levels",
			     YDOC_MAX_DEPTH);
		yaml_event_delete(ev);
		return NULL;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		n = parse_scalar(ld, ev);
		break;
	case YAML_ALIAS_EVENT:
		n = find_anchor(ld, (const char *)ev->data.alias.anchor);
		if (!n)
			si_error_set(ld->err, ld->doc->file, (int)m->line + 1,
				     (int)m->column + 1, "unknown alias '*%s'",
				     (const char *)ev->data.alias.anchor);
		break;
	case YAML_SEQUENCE_START_EVENT:
		n = node_new(ld, YN_SEQ, m);
		if (n && set_anchor(ld, ev->data.sequence_start.anchor, n) < 0)
			n = NULL;
		if (n && parse_seq_body(ld, n, depth) < 0)
			n = NULL;
		break;
	case YAML_MAPPING_START_EVENT:
		n = node_new(ld, YN_MAP, m);
		if (n && set_anchor(ld, ev->data.mapping_start.anchor, n) < 0)
			n = NULL;
		if (n && parse_map_body(ld, n, depth) < 0)
			n = NULL;
		break;
	default:
		si_error_set(ld->err, ld->doc->file, (int)m->line + 1,
			     (int)m->column + 1, "unexpected YAML event");
		break;
	}
	yaml_event_delete(ev);
	return n;
}

static int load_events(struct loader *ld)
{
	yaml_event_t ev;

	/* STREAM-START, then DOCUMENT-START or STREAM-END (empty input). */
	for (;;) {
		if (next_event(ld, &ev) < 0)
			return -1;
		yaml_event_type_t t = ev.type;

		yaml_event_delete(&ev);
		if (t == YAML_STREAM_END_EVENT)
			return 0;
		if (t == YAML_DOCUMENT_START_EVENT)
			break;
	}
	if (next_event(ld, &ev) < 0)
		return -1;
	ld->doc->root = parse_node(ld, &ev, 0);
	return ld->doc->root ? 0 : -1;
}

static struct ydoc *load(const char *name, const unsigned char *text,
			 size_t len, struct si_error *err)
{
	struct loader ld = {.err = err};
	int rc;

	ld.doc = calloc(1, sizeof(*ld.doc));
	if (!ld.doc || !(ld.doc->file = strdup(name))) {
		free(ld.doc);
		si_error_set(err, name, 0, 0, "out of memory");
		return NULL;
	}
	if (!yaml_parser_initialize(&ld.parser)) {
		ydoc_free(ld.doc);
		si_error_set(err, name, 0, 0, "out of memory");
		return NULL;
	}
	yaml_parser_set_input_string(&ld.parser, text, len);
	rc = load_events(&ld);
	yaml_parser_delete(&ld.parser);
	for (size_t i = 0; i < ld.nanchors; i++)
		free(ld.anchors[i].name);
	free(ld.anchors);
	if (rc < 0) {
		ydoc_free(ld.doc);
		return NULL;
	}
	return ld.doc;
}

struct ydoc *ydoc_load_string(const char *name, const char *text, size_t len,
			      struct si_error *err)
{
	return load(name, (const unsigned char *)text, len, err);
}

struct ydoc *ydoc_load_file(const char *path, struct si_error *err)
{
	struct ydoc *d;
	char *text;
	size_t len;

	if (fs_read_file(path, YDOC_MAX_FILE, &text, &len, err) < 0)
		return NULL;
	d = load(path, (const unsigned char *)text, len, err);
	free(text);
	return d;
}

void ydoc_free(struct ydoc *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->nall; i++) {
		struct ynode *n = d->all[i];

		free(n->str);
		free(n->items);
		free(n->pairs);
		free(n);
	}
	free(d->all);
	free(d->file);
	free(d);
}

const struct ynode *ynode_get(const struct ynode *map, const char *key)
{
	if (!map || map->kind != YN_MAP)
		return NULL;
	for (size_t i = 0; i < map->n; i++)
		if (strcmp(map->pairs[i].key->str, key) == 0)
			return map->pairs[i].value;
	return NULL;
}

const char *ynode_str(const struct ynode *n)
{
	return n && n->kind == YN_SCALAR ? n->str : NULL;
}

bool ynode_is_null(const struct ynode *n)
{
	return n && n->kind == YN_SCALAR && n->plain &&
	       (n->len == 0 || strcmp(n->str, "~") == 0 ||
		strcasecmp(n->str, "null") == 0);
}

int ynode_int(const struct ynode *n, long long *out)
{
	char *end;
	long long v;

	if (!n || n->kind != YN_SCALAR || !n->plain || n->len == 0)
		return -1;
	errno = 0;
	v = strtoll(n->str, &end, 0);
	if (errno || *end)
		return -1;
	*out = v;
	return 0;
}

int ynode_number(const struct ynode *n, double *out)
{
	char *end;
	double v;

	if (!n || n->kind != YN_SCALAR || !n->plain || n->len == 0)
		return -1;
	errno = 0;
	v = strtod(n->str, &end);
	if (errno || *end || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

int ynode_bool(const struct ynode *n, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on"};
	static const char *const no[] = {"false", "no", "off"};

	if (!n || n->kind != YN_SCALAR || !n->plain)
		return -1;
	for (size_t i = 0; i < 3; i++) {
		if (strcasecmp(n->str, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(n->str, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

const char *ynode_kind_name(enum ynode_kind k)
{
	return k == YN_SCALAR ? "a scalar" : k == YN_SEQ ? "a list" : "a map";
}

static cJSON *scalar_to_json(const struct ynode *n)
{
	double d;
	bool b;

	if (!n->plain)
		return cJSON_CreateString(n->str);
	if (ynode_is_null(n))
		return cJSON_CreateNull();
	if (ynode_bool(n, &b) == 0)
		return cJSON_CreateBool(b);
	if (ynode_number(n, &d) == 0 && strcasecmp(n->str, "nan") != 0 &&
	    strcasecmp(n->str, "inf") != 0 && strncmp(n->str, "0x", 2) != 0)
		return cJSON_CreateNumber(d);
	return cJSON_CreateString(n->str);
}

static cJSON *to_json(const struct ynode *n, size_t *budget)
{
	cJSON *j = NULL;

	if (*budget == 0)
		return NULL;
	(*budget)--;
	if (n->kind == YN_SCALAR)
		return scalar_to_json(n);
	j = n->kind == YN_SEQ ? cJSON_CreateArray() : cJSON_CreateObject();
	if (!j)
		return NULL;
	for (size_t i = 0; i < n->n; i++) {
		cJSON *c;

		if (n->kind == YN_SEQ) {
			c = to_json(n->items[i], budget);
			if (!c || !cJSON_AddItemToArray(j, c))
				goto fail;
		} else {
			c = to_json(n->pairs[i].value, budget);
			if (!c ||
			    !cJSON_AddItemToObject(j, n->pairs[i].key->str, c))
				goto fail;
		}
		continue;
fail:
		cJSON_Delete(c);
		cJSON_Delete(j);
		return NULL;
	}
	return j;
}

cJSON *ynode_to_json(const struct ynode *n)
{
	size_t budget = YJSON_MAX_NODES;

	return n ? to_json(n, &budget) : cJSON_CreateNull();
}
