/* local_parse.c - the local collector's pure parsers: shell-style KEY=value
 * files (os-release(5), lsb-release, ONIE machine.conf), flat YAML
 * (sonic_version.yml), /proc/meminfo and the cpu lines of /proc/stat
 * (proc(5)).  No I/O here; see local.h. */
#include "config.h"
#include "local.h"

#include <ctype.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* The value after "KEY=" on its line, unquoted as os-release(5) says:
 * "double" (with \", \\, \$, \` escapes), 'single' or bare. */
static char *unquote(const char *v, size_t len)
{
	char *out = malloc(len + 1), *o = out;
	char q = 0;

	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		char ch = v[i];

		if (!q && (ch == '"' || ch == '\'')) {
			q = ch;
		} else if (q && ch == q) {
			q = 0;
		} else if (q != '\'' && ch == '\\' && i + 1 < len) {
			*o++ = v[++i];
		} else if (!q && (ch == '#' || isspace((unsigned char)ch))) {
			break;	/* an unquoted comment or trailing blank */
		} else {
			*o++ = ch;
		}
	}
	*o = '\0';
	return out;
}

char *local_kv_get(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *line = text;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		const char *p = line;

		while (p < line + len && isspace((unsigned char)*p))
			p++;
		if (strncmp(p, "export ", 7) == 0)
			p += 7;
		if ((size_t)(line + len - p) > klen &&
		    strncmp(p, key, klen) == 0 && p[klen] == '=') {
			const char *v = p + klen + 1;

			return unquote(v, (size_t)(line + len - v));
		}
		line = end ? end + 1 : NULL;
	}
	return NULL;
}

char *local_yaml_get(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *line = text;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);

		if (len > klen && strncmp(line, key, klen) == 0 &&
		    line[klen] == ':') {
			const char *v = line + klen + 1, *e = line + len;
			char *out;

			while (v < e && isspace((unsigned char)*v))
				v++;
			while (e > v && isspace((unsigned char)e[-1]))
				e--;
			/* cppcheck-suppress knownConditionTrueFalse ; loses e, v above */
			if (e - v >= 2 && (*v == '\'' || *v == '"') &&
			    e[-1] == *v) {
				v++;
				e--;
			}
			if (e == v)
				return NULL;
			out = strndup(v, (size_t)(e - v));
			return out;
		}
		line = end ? end + 1 : NULL;
	}
	return NULL;
}

int local_parse_meminfo(const char *text, struct local_meminfo *m)
{
	static const struct {
		const char *key;
		size_t off, has;
	} keys[] = {
		{"MemTotal:", offsetof(struct local_meminfo, total),
		 offsetof(struct local_meminfo, has_total)},
		{"MemFree:", offsetof(struct local_meminfo, free),
		 offsetof(struct local_meminfo, has_free)},
		{"MemAvailable:", offsetof(struct local_meminfo, available),
		 offsetof(struct local_meminfo, has_available)},
		{"Buffers:", offsetof(struct local_meminfo, buffers),
		 offsetof(struct local_meminfo, has_buffers)},
		{"Cached:", offsetof(struct local_meminfo, cached),
		 offsetof(struct local_meminfo, has_cached)},
	};
	const char *line = text;

	memset(m, 0, sizeof(*m));
	while (line && *line) {
		const char *end = strchr(line, '\n');

		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
			size_t kl = strlen(keys[i].key);
			char *e;
			unsigned long long v;

			if (strncmp(line, keys[i].key, kl) != 0)
				continue;
			v = strtoull(line + kl, &e, 10);
			if (e == line + kl)
				break;
			while (*e == ' ')
				e++;
			if (strncmp(e, "kB", 2) == 0)
				v *= 1024;
			*(unsigned long long *)((char *)m + keys[i].off) = v;
			*(bool *)((char *)m + keys[i].has) = true;
			break;
		}
		line = end ? end + 1 : NULL;
	}
	return m->has_total ? 0 : -1;
}

/* "cpuN user nice system idle iowait irq softirq steal guest guest_nice":
 * idle and iowait are idle time; guest times are already counted in user
 * and nice, so they are left out of the total. */
static int parse_cpu_line(const char *p, struct local_cpu_times *t)
{
	unsigned long long v[8] = {0};
	int n = 0;

	while (n < 8) {
		char *e;

		while (*p == ' ')
			p++;
		if (*p < '0' || *p > '9')
			break;
		v[n++] = strtoull(p, &e, 10);
		p = e;
	}
	if (n < 4)
		return -1;
	t->total = 0;
	for (int i = 0; i < 8; i++)
		t->total += v[i];
	t->busy = t->total - v[3] - v[4];
	return 0;
}

int local_parse_stat(const char *text, struct local_stat *s)
{
	const char *line = text;
	bool all = false;

	s->ncpu = 0;
	while (line && *line) {
		const char *end = strchr(line, '\n');

		if (strncmp(line, "cpu ", 4) == 0) {
			all = parse_cpu_line(line + 4, &s->all) == 0;
		} else if (strncmp(line, "cpu", 3) == 0 && isdigit(
				   (unsigned char)line[3]) &&
			   s->ncpu < LOCAL_MAX_CPUS) {
			char *e;
			long id = strtol(line + 3, &e, 10);

			if (*e == ' ' &&
			    parse_cpu_line(e, &s->cpu[s->ncpu]) == 0)
				s->cpu_id[s->ncpu++] = (int)id;
		}
		line = end ? end + 1 : NULL;
	}
	return all ? 0 : -1;
}

double local_cpu_load(const struct local_cpu_times *a,
		      const struct local_cpu_times *b)
{
	unsigned long long dt, db;

	if (b->total <= a->total || b->busy < a->busy)
		return -1;
	dt = b->total - a->total;
	db = b->busy - a->busy;
	if (db > dt)
		return -1;
	return 100.0 * (double)db / (double)dt;
}
