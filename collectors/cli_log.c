/* cli_log.c - see cli_log.h
 *
 * A file is cleaned (terminal overwrites, pager remnants), cut into lines,
 * then read in the first shape that finds anything: prompts, separators,
 * one command.  A prompt of a hostname not seen yet counts only when a
 * command follows it, so output that happens to look like a prompt
 * ("[Slot_1]" in an electronic label, "<cr>" in help) stays output.
 */
#include "config.h"
#include "cli_log.h"
#include "error.h"
#include "fsutil.h"
#include "log.h"
#include "profile.h"
#include "redact_config.h"
#include "ssh_cli.h"
#include "ssh_collect.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HOST_MAX 128
#define WORDS_MAX 16
#define BLOCK_SEP_MIN 10	/* a line of at least this many dashes */

struct lines {
	char *buf;		/* the cleaned text, '\n' replaced by NULs */
	char **v;
	size_t n;
};

/* ---- small text helpers ------------------------------------------------------ */

static char *xstrndup(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* White space collapsed and trimmed; a trailing "| no-more" dropped (it
 * changes nothing in the output). */
static char *norm_command(const char *s)
{
	size_t n = strlen(s), o = 0;
	char *r = malloc(n + 1);

	if (!r)
		return NULL;
	for (const char *p = s; *p; p++) {
		if (*p == ' ' || *p == '\t') {
			if (o > 0 && r[o - 1] != ' ')
				r[o++] = ' ';
		} else {
			r[o++] = *p;
		}
	}
	while (o > 0 && r[o - 1] == ' ')
		o--;
	r[o] = '\0';
	for (const char *tail = " | no-more"; ; tail = " | nomore") {
		size_t tl = strlen(tail);

		if (o > tl && strcasecmp(r + o - tl, tail) == 0) {
			r[o - tl] = '\0';
			break;
		}
		if (strcmp(tail, " | nomore") == 0)
			break;
	}
	return r;
}

static size_t split_words(const char *s, const char **w, size_t *wl,
			  size_t max)
{
	size_t n = 0;

	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		if (n == max)
			return max + 1;
		w[n] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		wl[n] = (size_t)(s - w[n]);
		n++;
	}
	return n;
}

static bool blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

/* ---- commands ---------------------------------------------------------------- */

const char *cli_expand(const char *cmd, const char *const *known, size_t n)
{
	const char *cw[WORDS_MAX], *kw[WORDS_MAX], *best = NULL;
	size_t cl[WORDS_MAX], kl[WORDS_MAX];
	size_t nc = cmd ? split_words(cmd, cw, cl, WORDS_MAX) : 0;
	int best_score = -1;
	bool tie = false;

	if (nc == 0 || nc > WORDS_MAX || !known)
		return NULL;
	for (size_t i = 0; i < n && known[i]; i++) {
		size_t nk = split_words(known[i], kw, kl, WORDS_MAX);
		int score = 0;
		bool fits = nk == nc;

		for (size_t j = 0; fits && j < nc; j++) {
			fits = cl[j] <= kl[j] &&
			       strncasecmp(cw[j], kw[j], cl[j]) == 0;
			score += fits && cl[j] == kl[j];
		}
		if (!fits || score < best_score)
			continue;
		if (score == best_score) {
			if (strcasecmp(best, known[i]) != 0)
				tie = true;	/* the same command twice is no tie */
			continue;
		}
		best = known[i];
		best_score = score;
		tie = false;
	}
	return tie ? NULL : best;
}

static size_t count_known(const char *const *known)
{
	size_t n = 0;

	while (known && known[n])
		n++;
	return n;
}

/* Verbs a captured command starts with; "show" and "display" also in any
 * abbreviation of two letters or more. */
static const char *const verbs_abbrev[] = {"show", "display", NULL};
static const char *const verbs[] = {
	"dir", "more", "terminal", "screen-length", "enable", "system-view",
	"cat", "sudo", "vtysh", "get", "ls", "uptime", "free", "df", "ping",
	"request", "file", "undo", "user-interface", "sonic-cli", "docker",
	"redis-cli", "lldpctl", "ip", NULL,
};

bool cli_is_command(const char *cmd, const char *const *known)
{
	const char *w[1];
	size_t wl[1], n;

	while (*cmd == ' ' || *cmd == '\t')
		cmd++;
	if (*cmd < 'a' || *cmd > 'z')
		return false;	/* commands are written in lower case */
	n = split_words(cmd, w, wl, 1);
	if (n == 0)
		return false;
	for (size_t i = 0; verbs_abbrev[i]; i++)
		if (wl[0] >= 2 && wl[0] <= strlen(verbs_abbrev[i]) &&
		    strncmp(cmd, verbs_abbrev[i], wl[0]) == 0)
			return true;
	for (size_t i = 0; verbs[i]; i++)
		if (wl[0] == strlen(verbs[i]) &&
		    strncmp(cmd, verbs[i], wl[0]) == 0)
			return true;
	return cli_expand(cmd, known, count_known(known)) != NULL;
}

/* ---- prompts ----------------------------------------------------------------- */

static bool host_char(unsigned char c, bool slash)
{
	return isalnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80 ||
	       (slash && (c == '/' || c == ':'));
}

static bool set_host(char *host, size_t hostn, const char *s, size_t n)
{
	if (n == 0 || n >= hostn || n >= HOST_MAX)
		return false;
	memcpy(host, s, n);
	host[n] = '\0';
	return true;
}

static const char *skip_sp(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

/* <host>cmd, [host]cmd, [~host]cmd, [*host-vlan1]cmd */
static bool parse_bracket(const char *line, char *host, size_t hostn,
			  const char **cmd)
{
	char close = line[0] == '<' ? '>' : ']';
	const char *p = line + 1, *h;

	if (close == ']' && (*p == '~' || *p == '*'))
		p++;
	h = p;
	if (!isalnum((unsigned char)*p) && (unsigned char)*p < 0x80)
		return false;
	while (host_char((unsigned char)*p, close == ']'))
		p++;
	if (*p != close || !set_host(host, hostn, h, (size_t)(p - h)))
		return false;
	*cmd = skip_sp(p + 1);
	return true;
}

/* user@host> cmd (Junos), user@host:~$ cmd (shells) */
static bool parse_at(const char *line, enum cli_prompt_kind *kind,
		     char *host, size_t hostn, const char **cmd)
{
	const char *p = line, *h;

	while (host_char((unsigned char)*p, false))
		p++;
	if (p == line || *p != '@')
		return false;
	h = ++p;
	while (host_char((unsigned char)*p, false))
		p++;
	if (!set_host(host, hostn, h, (size_t)(p - h)))
		return false;
	if (*p == ':') {
		while (*p && *p != '$' && *p != '#' && *p != ' ')
			p++;
		if (*p != '$' && *p != '#')
			return false;
		*kind = CLI_PROMPT_SHELL;
	} else if (*p == '>' || *p == '#' || *p == '%') {
		*kind = CLI_PROMPT_JUNOS;
	} else {
		return false;
	}
	p++;
	if (*p && *p != ' ')
		return false;
	*cmd = skip_sp(p);
	return true;
}

/* host#cmd, host>cmd, host(config-if)#cmd */
static bool parse_hash(const char *line, char *host, size_t hostn,
		       const char **cmd)
{
	const char *p = line;

	if (!isalnum((unsigned char)*p))
		return false;
	while (host_char((unsigned char)*p, true) && *p != ':')
		p++;
	if (!set_host(host, hostn, line, (size_t)(p - line)))
		return false;
	if (*p == '(') {
		const char *q = strchr(p, ')');

		if (!q || q - p > 64)
			return false;
		p = q + 1;
	}
	if (*p != '#' && *p != '>')
		return false;
	*cmd = skip_sp(p + 1);
	return true;
}

bool cli_prompt_parse(const char *line, enum cli_prompt_kind *kind,
		      char *host, size_t hostn, const char **cmd)
{
	if (line[0] == '<' || line[0] == '[') {
		*kind = CLI_PROMPT_ANGLE;
		return parse_bracket(line, host, hostn, cmd);
	}
	if (parse_at(line, kind, host, hostn, cmd))
		return true;
	*kind = CLI_PROMPT_HASH;
	return parse_hash(line, host, hostn, cmd);
}

/* Is a prompt of host `h` the current device's (another mode of it:
 * "[sw1-GigabitEthernet0/0/1]" after "<sw1>")? */
static bool same_host(const char *cur, const char *h)
{
	size_t n = strlen(cur);

	return strcmp(cur, h) == 0 ||
	       (strncmp(cur, h, n) == 0 && h[n] == '-');
}

/* ---- pager remnants ---------------------------------------------------------- */

static const char *const pager_texts[] = {
	"More: <space>,  Quit: q or CTRL+Z, One line: <return>",
	"More: <space>,  Quit: q, One line: <return>",
	"-- More --, next page: Space, next line: Enter, quit: Control-C",
	"Press any key to continue (Q to quit)",
	"--More-- or (q)uit",
	NULL,
};

/* A "More" between dashes (and angle brackets): "---- More ----",
 * "--More--", "<--- More --->", "-- More --"; returns its length at s. */
static size_t more_token(const char *s)
{
	const char *p = s;
	size_t d = 0;

	if (*p == '<')
		p++;
	while (*p == '-')
		p++, d++;
	if (d < 2)
		return 0;
	p = skip_sp(p);
	if (strncasecmp(p, "more", 4) != 0)
		return 0;
	p = skip_sp(p + 4);
	if (*p == '(')	/* "--More--(25%)" after, "-- More (q to quit) --" */
		while (*p && *p != ')')
			p++;
	if (*p == ')')
		p = skip_sp(p + 1);
	for (d = 0; *p == '-'; p++)
		d++;
	if (d < 2)
		return 0;
	if (*p == '>')
		p++;
	if (*p == '(') {
		const char *q = strchr(p, ')');

		if (q && q - p < 8)
			p = q + 1;
	}
	return (size_t)(p - s);
}

bool cli_strip_pager(char *line)
{
	bool found = false;

	for (char *p = line; *p;) {
		size_t k = 0;

		if (*p != '-' && *p != '<' && *p != 'M' && *p != 'P') {
			p++;	/* no pager text starts here */
			continue;
		}
		if (*p == '-' || *p == '<')
			k = more_token(p);
		for (size_t i = 0; !k && pager_texts[i]; i++)
			if (strncmp(p, pager_texts[i], strlen(pager_texts[i]))
			    == 0)
				k = strlen(pager_texts[i]);
		if (!k) {
			p++;
			continue;
		}
		memmove(p, p + k, strlen(p + k) + 1);
		found = true;
	}
	if (!found)
		return false;
	if (blank(line))
		return true;
	/* the pager was erased by spaces before the next line was written
	 * over it: the text stays, its leading blanks from the erase go */
	{
		char *s = line;
		size_t lead = 0;

		while (s[lead] == ' ')
			lead++;
		if (lead >= 8)
			memmove(s, s + lead, strlen(s + lead) + 1);
	}
	return false;
}

/* ---- cleaning ------------------------------------------------------------------ */

static int clean_lines(const char *text, size_t len, struct lines *L)
{
	size_t n = 0, cap = 64, clen;

	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0) {
		text += 3;	/* a UTF-8 byte order mark */
		len -= 3;
	}
	L->buf = sshcli_clean(text, len, &clen);
	L->v = malloc(cap * sizeof(*L->v));
	if (!L->buf || !L->v)
		return -1;
	for (char *p = L->buf; p < L->buf + clen || (p == L->buf && !clen);) {
		char *nl = memchr(p, '\n', (size_t)(L->buf + clen - p));

		if (n == cap) {
			char **nv = realloc(L->v, (cap *= 2) * sizeof(*L->v));

			if (!nv)
				return -1;
			L->v = nv;
		}
		if (nl)
			*nl = '\0';
		/* a BOM inside (logs glued together) is no text either */
		if (strncmp(p, "\xef\xbb\xbf", 3) == 0)
			memmove(p, p + 3, strlen(p + 3) + 1);
		L->v[n++] = cli_strip_pager(p) ? NULL : p;
		if (!nl)
			break;
		p = nl + 1;
	}
	L->n = n;
	return 0;
}

static void lines_free(struct lines *L)
{
	free(L->buf);
	free(L->v);
}

/* Junos prints "{master:0}" (the routing engine) above each prompt: part
 * of the prompt, not of the output before it. */
static bool junos_re_line(const char *l)
{
	size_t n = l ? strlen(l) : 0;

	return n > 4 && l[0] == '{' && l[n - 1] == '}' && strchr(l, ':') &&
	       !strchr(l, ' ');
}

/* Lines [a, b) joined, without trailing blank lines. */
static char *join_lines(const struct lines *L, size_t a, size_t b,
			size_t *len)
{
	size_t total = 0, o = 0;
	char *r;

	while (b > a && (!L->v[b - 1] || blank(L->v[b - 1]) ||
			 junos_re_line(L->v[b - 1])))
		b--;
	for (size_t i = a; i < b; i++)
		total += (L->v[i] ? strlen(L->v[i]) : 0) + 1;
	r = malloc(total + 1);
	if (!r)
		return NULL;
	for (size_t i = a; i < b; i++) {
		if (!L->v[i])
			continue;
		size_t l = strlen(L->v[i]);

		memcpy(r + o, L->v[i], l);
		o += l;
		r[o++] = '\n';
	}
	r[o] = '\0';
	*len = o;
	return r;
}

/* ---- the log ------------------------------------------------------------------ */

static struct cli_device *device_for(struct cli_log *log, const char *name,
				     const char *origin)
{
	struct cli_device *d;

	for (size_t i = 0; i < log->n; i++)
		if (log->devs[i].name && strcmp(log->devs[i].name, name) == 0)
			return &log->devs[i];
	if (log->n == log->cap) {
		size_t cap = log->cap ? log->cap * 2 : 4;
		struct cli_device *nv = realloc(log->devs, cap * sizeof(*nv));

		if (!nv)
			return NULL;
		log->devs = nv;
		log->cap = cap;
	}
	d = &log->devs[log->n];
	memset(d, 0, sizeof(*d));
	d->name = strdup(name);
	d->origin = strdup(origin);
	if (!d->name || !d->origin) {
		free(d->name);
		free(d->origin);
		return NULL;
	}
	log->n++;
	return d;
}

/* Takes command (owned) and the output lines [a, b). */
static int add_item(struct cli_device *d, char *command,
		    const struct lines *L, size_t a, size_t b,
		    const char *file, int line)
{
	struct cli_item *it;

	if (!command)
		return -1;
	if (!isalpha((unsigned char)command[0])) {
		free(command);	/* "!", "#", a bare Enter: nothing run */
		return 0;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct cli_item *nv = realloc(d->items, cap * sizeof(*nv));

		if (!nv) {
			free(command);
			return -1;
		}
		d->items = nv;
		d->cap = cap;
	}
	it = &d->items[d->n];
	it->command = command;
	it->output = join_lines(L, a, b, &it->len);
	it->file = strdup(file);
	it->line = line;
	if (!it->output || !it->file) {
		free(it->output);
		free(it->file);
		free(command);
		return -1;
	}
	d->n++;
	return 1;
}

/* ---- shape 1: session logs ----------------------------------------------------- */

struct session {
	struct cli_log *log;
	const struct lines *L;
	const char *source;
	struct cli_device *dev;
	char *cmd;		/* the open item's command, owned */
	size_t start;		/* its first output line */
	int cmd_line;
	int items;
};

static int session_close(struct session *s, size_t end)
{
	int rc = 0;

	if (s->cmd && s->dev) {
		rc = add_item(s->dev, s->cmd, s->L, s->start, end, s->source,
			      s->cmd_line);
		s->items += rc > 0;
	} else {
		free(s->cmd);
	}
	s->cmd = NULL;
	return rc < 0 ? -1 : 0;
}

static int session_prompt(struct session *s, size_t i, const char *line,
			  enum cli_prompt_kind kind, const char *host,
			  const char *cmd, const char *const *known)
{
	if (!s->dev || !same_host(s->dev->name, host)) {
		if (!cli_is_command(cmd, known))
			return 1;	/* output that looks like a prompt */
		if (session_close(s, i) < 0)
			return -1;
		s->dev = device_for(s->log, host, s->source);
		if (!s->dev)
			return -1;
		if (!s->dev->prompt) {
			s->dev->prompt = xstrndup(line, (size_t)(cmd - line));
			s->dev->kind = kind;
			if (!s->dev->prompt)
				return -1;
			while (s->dev->prompt[0] &&
			       s->dev->prompt[strlen(s->dev->prompt) - 1] == ' ')
				s->dev->prompt[strlen(s->dev->prompt) - 1] = '\0';
		}
	} else if (session_close(s, i) < 0) {
		return -1;
	}
	if (*cmd) {
		s->cmd = norm_command(cmd);
		if (!s->cmd)
			return -1;
		s->start = i + 1;
		s->cmd_line = (int)i + 1;
	}
	return 0;
}

static int split_session(struct cli_log *log, const struct lines *L,
			 const char *source, const char *const *known)
{
	struct session s = {.log = log, .L = L, .source = source};
	char host[HOST_MAX];

	for (size_t i = 0; i < L->n; i++) {
		enum cli_prompt_kind kind;
		const char *cmd;
		int rc;

		if (!L->v[i] || !cli_prompt_parse(L->v[i], &kind, host,
						  sizeof(host), &cmd))
			continue;
		rc = session_prompt(&s, i, L->v[i], kind, host, cmd, known);
		if (rc < 0) {
			free(s.cmd);
			return -1;
		}
	}
	if (session_close(&s, L->n) < 0)
		return -1;
	return s.items;
}

/* ---- shape 2: separated dumps ------------------------------------------------- */

/* "----show version----", "==== show version ====": the command, or NULL. */
static char *sep_inline(const char *line, const char *const *known)
{
	const char *p = skip_sp(line), *a, *e;
	char c = *p;
	size_t run = 0, tail = 0;
	char *cmd;

	if (!strchr("-=*#~", c) || c == '\0')
		return NULL;
	while (*p == c)
		p++, run++;
	if (run < 3)
		return NULL;
	a = p;
	e = p + strlen(p);
	while (e > a && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	while (e > a && e[-1] == c)
		e--, tail++;
	if (tail < 3 || e <= a)
		return NULL;
	cmd = xstrndup(a, (size_t)(e - a));
	if (cmd && !cli_is_command(cmd, known)) {
		free(cmd);
		return NULL;
	}
	a = cmd;
	cmd = cmd ? norm_command(cmd) : NULL;
	free((char *)a);
	return cmd;
}

/* A line of one separator character only (at least BLOCK_SEP_MIN). */
static bool sep_block(const char *line)
{
	size_t n = 0;
	char c;

	if (!line)
		return false;
	line = skip_sp(line);
	c = *line;
	if (c != '-' && c != '=' && c != '*')
		return false;
	while (*line == c)
		line++, n++;
	return n >= BLOCK_SEP_MIN && blank(line);
}

static bool bare_command(const char *line, const char *const *known)
{
	return line && line[0] != ' ' && !blank(line) &&
	       cli_is_command(line, known) && !strchr(line, ':');
}

/* Marks where each command starts (cmdline[i]: the command of line i) and
 * returns how many. */
static size_t find_separators(const struct lines *L, char **cmdline,
			      bool *sepline, const char *const *known)
{
	size_t n = 0, first = 0;

	for (size_t i = 0; i < L->n; i++) {
		if (!L->v[i])
			continue;
		if ((cmdline[i] = sep_inline(L->v[i], known))) {
			sepline[i] = true;
			n++;
		} else if (i + 1 < L->n && sep_block(L->v[i]) &&
			   bare_command(L->v[i + 1], known)) {
			sepline[i] = true;
			cmdline[i + 1] = norm_command(L->v[i + 1]);
			n += cmdline[i + 1] != NULL;
			i++;
		}
	}
	/* a block dump starts with its first command, unannounced */
	while (first < L->n && (!L->v[first] || blank(L->v[first])))
		first++;
	if (n > 0 && first < L->n && !cmdline[first] &&
	    bare_command(L->v[first], known)) {
		cmdline[first] = norm_command(L->v[first]);
		n += cmdline[first] != NULL;
	}
	return n;
}

static int split_separated(struct cli_log *log, const struct lines *L,
			   const char *source, const char *name,
			   const char *const *known)
{
	char **cmdline = calloc(L->n + 1, sizeof(*cmdline));
	bool *sepline = calloc(L->n + 1, sizeof(*sepline));
	struct cli_device *d = NULL;
	int items = 0;

	if (!cmdline || !sepline)
		goto nomem;
	if (find_separators(L, cmdline, sepline, known) == 0)
		goto done;
	d = device_for(log, name, source);
	if (!d)
		goto nomem;
	for (size_t i = 0; i < L->n; i++) {
		size_t end = i + 1;
		int rc;

		if (!cmdline[i])
			continue;
		while (end < L->n && !cmdline[end])
			end++;
		if (end < L->n && end > i + 1 && sepline[end - 1] &&
		    !sepline[end])
			end--;	/* the block separator before the next command */
		rc = add_item(d, cmdline[i], L, i + 1, end, source, (int)i + 1);
		cmdline[i] = NULL;
		if (rc < 0)
			goto nomem;
		items += rc;
	}
done:
	for (size_t i = 0; cmdline && i < L->n; i++)
		free(cmdline[i]);
	free(cmdline);
	free(sepline);
	return items;
nomem:
	items = -1;
	goto done;
}

/* ---- shape 3: one command per file ------------------------------------------- */

/* The command in a file name ("sw1-show_running-config.txt"), and the
 * name before it ("sw1") when there is one. */
static char *command_from_name(const char *source, char *hint, size_t hintn,
			       const char *const *known)
{
	const char *base = strrchr(source, '/');
	char name[256], *dot;

	base = base ? base + 1 : source;
	snprintf(name, sizeof(name), "%s", base);
	dot = strrchr(name, '.');
	if (dot && dot != name && strlen(dot) <= 5)
		*dot = '\0';
	for (char *p = name; *p; p++)
		if (*p == '_' || *p == ' ')
			*p = ' ';
	hint[0] = '\0';
	for (char *p = name; *p; p++) {
		if (p != name && p[-1] != ' ' && p[-1] != '-')
			continue;
		if (!cli_is_command(p, known))
			continue;
		if (p > name + 1) {
			snprintf(hint, hintn, "%.*s", (int)(p - name - 1), name);
			for (char *h = hint; *h; h++)
				if (*h == ' ')
					*h = '_';
		}
		return norm_command(p);
	}
	return NULL;
}

static int split_single(struct cli_log *log, const struct lines *L,
			const char *source, const char *name,
			const char *const *known, struct si_error *err)
{
	char hint[HOST_MAX];
	size_t first = 0;
	char *cmd = NULL;
	struct cli_device *d;
	int line = 0;

	while (first < L->n && (!L->v[first] || blank(L->v[first])))
		first++;
	if (first < L->n && known && !strchr(L->v[first], ':') &&
	    cli_expand(L->v[first], known, count_known(known))) {
		cmd = norm_command(L->v[first]);	/* a bare command line */
		line = (int)first + 1;
		first++;
		hint[0] = '\0';
	} else {
		cmd = command_from_name(source, hint, sizeof(hint), known);
		first = 0;
	}
	if (!cmd) {
		si_error_set(err, source, 0, 0, "no command found: no "
			     "prompt (<HOST>cmd, host#cmd, user@host> cmd), no "
			     "'----command----' separator, and the file name "
			     "names no command (show_version.txt)");
		return 0;
	}
	d = device_for(log, hint[0] ? hint : name, source);
	if (!d) {
		free(cmd);
		return -1;
	}
	return add_item(d, cmd, L, first, L->n, source, line);
}

/* ---- files and folders ----------------------------------------------------- */

/* name: the device of a dump; single: the device of one output per file
 * (both when the file names no host). */
static int split_named(struct cli_log *log, const char *text, size_t len,
		       const char *source, const char *name,
		       const char *single, const char *const *known,
		       struct si_error *err)
{
	struct lines L = {0};
	int rc;

	si_error_clear(err);
	if (clean_lines(text, len, &L) < 0) {
		lines_free(&L);
		return -1;
	}
	rc = split_session(log, &L, source, known);
	if (rc == 0)
		rc = split_separated(log, &L, source, name, known);
	if (rc == 0)
		rc = split_single(log, &L, source, single, known, err);
	lines_free(&L);
	return rc;
}

static void base_name(const char *path, char *buf, size_t n, bool strip_ext)
{
	size_t len = strlen(path);
	const char *b;
	char *dot;

	while (len > 1 && path[len - 1] == '/')
		len--;
	b = path + len;
	while (b > path && b[-1] != '/')
		b--;
	snprintf(buf, n, "%.*s", (int)(path + len - b), b);
	dot = strip_ext ? strrchr(buf, '.') : NULL;
	if (dot && dot != buf)
		*dot = '\0';
	if (!buf[0] || strcmp(buf, ".") == 0 || strcmp(buf, "..") == 0 ||
	    strcmp(buf, "/") == 0)
		snprintf(buf, n, "device");
}

int cli_log_split(struct cli_log *log, const char *text, size_t len,
		  const char *source, const char *const *known,
		  struct si_error *err)
{
	char name[256];

	base_name(source, name, sizeof(name), true);
	return split_named(log, text, len, source, name, "device", known,
			   err);
}

static int read_one(struct cli_log *log, const char *path, const char *name,
		    const char *single, const char *const *known,
		    struct si_diags *diags)
{
	struct si_error err;
	char *text;
	size_t len;
	int rc;

	if (fs_read_file(path, CLI_LOG_FILE_MAX, &text, &len, &err) < 0) {
		si_diags_add(diags, &err);
		return -1;
	}
	rc = split_named(log, text, len, path, name, single, known, &err);
	free(text);
	if (rc == 0)
		si_diags_add(diags, &err);
	else if (rc < 0)
		si_diags_addf(diags, path, 0, 0, "out of memory");
	return rc > 0 ? rc : -1;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int read_folder(struct cli_log *log, const char *path,
		       const char *const *known, struct si_diags *diags)
{
	DIR *dir = opendir(path);
	struct dirent *e;
	char **names = NULL, name[256];
	size_t n = 0;
	int total = 0, bad = 0;

	if (!dir)
		return si_diags_addf(diags, path, 0, 0, "cannot read: %s",
				     strerror(errno));
	base_name(path, name, sizeof(name), false);
	while ((e = readdir(dir))) {
		char **nv;
		char *file;

		if (e->d_name[0] == '.')
			continue;
		file = fs_join(path, e->d_name);
		if (!file || fs_is_dir(file) ||
		    !(nv = realloc(names, (n + 1) * sizeof(*nv)))) {
			free(file);
			continue;
		}
		names = nv;
		names[n++] = file;
	}
	closedir(dir);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		int rc = read_one(log, names[i], name, name, known, diags);

		total += rc > 0 ? rc : 0;
		bad += rc < 0;
		free(names[i]);
	}
	free(names);
	if (n == 0)
		return si_diags_addf(diags, path, 0, 0, "no files in the "
				     "folder");
	return bad ? -1 : total;
}

int cli_log_read(struct cli_log *log, const char *path,
		 const char *const *known, struct si_diags *diags)
{
	char name[256], folder[256], *dir, *real, *slash;

	if (fs_is_dir(path))
		return read_folder(log, path, known, diags);
	/* a loose file: its device is named after the file itself for a
	 * dump, after its folder for one output per file */
	base_name(path, name, sizeof(name), true);
	dir = strdup(path);
	slash = dir ? strrchr(dir, '/') : NULL;
	if (slash)
		*slash = '\0';
	real = dir ? realpath(slash ? (dir[0] ? dir : "/") : ".", NULL) : NULL;
	base_name(real ? real : "device", folder, sizeof(folder), false);
	free(real);
	free(dir);
	return read_one(log, path, name, folder, known, diags);
}

void cli_log_free(struct cli_log *log)
{
	for (size_t i = 0; i < log->n; i++) {
		struct cli_device *d = &log->devs[i];

		for (size_t j = 0; j < d->n; j++) {
			free(d->items[j].command);
			free(d->items[j].output);
			free(d->items[j].file);
		}
		free(d->items);
		free(d->name);
		free(d->prompt);
		free(d->origin);
	}
	free(log->devs);
	memset(log, 0, sizeof(*log));
}

/* ssh_collect.h: here, so that `import` and the local CLI (built without
 * the SSH collector too) name raw outputs the same way. */
void ssh_raw_name(const char *cmd, char *buf, size_t n)
{
	size_t o = 0;

	for (const char *p = cmd; *p && o + 5 < n && o < 100; p++) {
		char ch = *p;

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' ||
		      ch == '_'))
			ch = '_';
		if (o == 0 && ch == '.')
			ch = '_';	/* no hidden files */
		buf[o++] = ch;
	}
	snprintf(buf + o, n - o, ".txt");
}

/* ssh_collect.h: one entry of a collector's failed[] list. */
void cli_add_failed(cJSON *failed, const char *what, enum src_status st,
		    const char *msg)
{
	cJSON *f = cJSON_CreateObject();

	cJSON_AddStringToObject(f, "what", what);
	cJSON_AddStringToObject(f, "status", src_status_name(st));
	if (msg && *msg)
		cJSON_AddStringToObject(f, "error", msg);
	if (!cJSON_AddItemToArray(failed, f))
		cJSON_Delete(f);
}

/* ssh_collect.h: a session's outputs into the facts. */
int cli_apply_profile(const struct profile *p,
		      const struct profile_output *outs, size_t n,
		      const char *source, const char *device, cJSON *facts)
{
	struct si_diags d = {0};
	char buf[SI_ERROR_MSG_MAX + SI_ERROR_FILE_MAX + 32];
	int k;

	if (!n)
		return 0;
	k = profile_apply(p, outs, n, source, facts, &d);
	for (size_t i = 0; i < d.n; i++)
		log_warn(source, "%s: %s", device,
			 si_error_str(&d.v[i], buf, sizeof(buf)));
	if (k < 0)
		log_error(source, "%s: out of memory applying the profile",
			  device);
	else
		log_debug(source, "%s: %d facts from %zu outputs (profile %s)",
			  device, k, n, profile_name(p));
	si_diags_free(&d);
	return k;
}

/* ssh_collect.h: a command's output stored redacted under RAW_DIR. */
const char *cli_raw_store(const char *raw_dir, cJSON *files, const char *subsys,
			  const char *device, const char *cmd, const char *text,
			  size_t len)
{
	char name[128], base[128], *path, *red;
	size_t rlen;
	struct si_error err;
	cJSON *item;
	int k = 1;

	if (!raw_dir)
		return NULL;
	ssh_raw_name(cmd, base, sizeof(base));
	snprintf(name, sizeof(name), "%s", base);
	for (bool clash = true; clash;) {
		clash = false;
		cJSON_ArrayForEach(item, files)
			clash = clash || strcmp(item->valuestring, name) == 0;
		if (clash)
			snprintf(name, sizeof(name), "%.*s-%d.txt",
				 (int)(strlen(base) - 4), base, ++k);
	}
	red = redact_config(text, len, &rlen, NULL);
	path = fs_join(raw_dir, name);
	if (!red || !path || fs_mkdirs(raw_dir, FS_DIR_MODE, &err) < 0 ||
	    fs_write_atomic(path, red, rlen, &err) < 0) {
		log_error(subsys, "%s: cannot store the output of '%s': %s",
			  device, cmd, red && path ? err.msg : "out of memory");
		free(red);
		free(path);
		return NULL;
	}
	free(red);
	free(path);
	item = cJSON_CreateString(name);
	if (!item || !cJSON_AddItemToArray(files, item)) {
		cJSON_Delete(item);
		return NULL;
	}
	return item->valuestring;
}
