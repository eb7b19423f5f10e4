/* ssh_cli.c - see ssh_cli.h
 *
 * Everything received for one exchange (a command, the log-in) is kept raw
 * in c->rx.  After each read the last line of rx is cleaned and looked at:
 * the prompt ends the exchange (once the device stays quiet for settle_ms,
 * so that a chunk boundary inside "host#show ..." is not taken for it), a
 * pager is removed from rx and answered with a space, and the erase
 * sequence the device sends after the answer is cut out of rx too, so the
 * cleaned output is the device's text exactly, without pager debris.
 */
#include "config.h"
#include "ssh_cli.h"
#include "collector.h"
#include "log.h"
#include "sbuf.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TAIL_MAX 1024		/* a prompt or pager is never longer */
#define READ_CHUNK 16384
#define SLICE_MS 200		/* how often a wait looks at the cancel flag */
#define WAKE_MS 2000		/* silence before an Enter is sent at log-in */
#define PROMPT_MAX 256

struct sshcli {
	const struct sshcli_io *io;
	void *ctx;
	struct sshcli_opts o;
	struct sbuf rx;
	char prompt[PROMPT_MAX];
	char host[PROMPT_MAX];
	char *banner;
	bool alive;
	bool echo_seen;		/* the device echoes commands */
};

/* ---- patterns ------------------------------------------------------------ */

enum { RX_PROMPT, RX_PAGER, RX_ERASE, RX_CHANGE_PW, RX_ANY_KEY, RX_RETURN,
       RX_LOGIN, RX_PASSWORD, RX_DENIED, RX__N };

static const char *const patterns[RX__N] = {
	/* <host>, [host] / [~host] / [*host], host# / host> / host(cfg)#,
	 * user@host> (Junos), user@host:~$ (SONiC, Linux) */
	"^(?:<[^<>\\s][^<>]{0,120}>|\\[[~*]?[^\\[\\]\\s][^\\[\\]]{0,120}\\]"
	"|[\\w][\\w.:/@+~-]{0,120}(?:\\([\\w.:/+-]{0,60}\\))?[#>%$])$",
	"-{2,}\\s*\\(?\\s*more\\b[^\\r\\n]{0,24}?\\)?\\s*-{2,}"
	"|<-+\\s*more\\s*-+>|press\\s+any\\s+key\\s+to\\s+continue"
	"|press\\s+<?space>?\\s+to\\s+continue",
	"(?:\\x08+|\\r|\\x1b\\[\\d*[DG])(?: +|\\x1b\\[K)"
	"(?:\\x08+|\\r|\\x1b\\[\\d*[DG])?|\\r?\\x1b\\[K",
	"change\\s+(?:it\\s+)?now\\s*\\?\\s*\\[?y/n\\]?\\s*:?$",
	"press\\s+any\\s+key\\s+to\\s+continue",
	"press\\s+return\\s+to\\s+get\\s+started",
	"^(?:username|login|user name)\\s*:$",
	"password\\s*:$",
	"access denied|bad secrets?|authentication failed|incorrect password"
	"|password is wrong|error: password",
};

static pcre2_code *rx[RX__N];
static pthread_once_t rx_once = PTHREAD_ONCE_INIT;
static bool rx_ok;

static void compile_all(void)
{
	rx_ok = true;
	for (int i = 0; i < RX__N; i++) {
		int ec;
		PCRE2_SIZE eo;

		rx[i] = pcre2_compile((PCRE2_SPTR)patterns[i],
				      PCRE2_ZERO_TERMINATED,
				      i == RX_PROMPT || i == RX_ERASE
					      ? 0 : PCRE2_CASELESS,
				      &ec, &eo, NULL);
		if (!rx[i])
			rx_ok = false;
	}
}

/* Match position of pattern i in s, or -1. */
static long rx_find(int i, const char *s, size_t len, size_t *end)
{
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);
	long pos = -1;

	if (!md)
		return -1;
	if (pcre2_match(rx[i], (PCRE2_SPTR)s, len, 0, 0, md, NULL) >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

		pos = (long)ov[0];
		if (end)
			*end = ov[1];
	}
	pcre2_match_data_free(md);
	return pos;
}

/* ---- the terminal --------------------------------------------------------- */

struct term {
	struct sbuf out;
	char *line;
	size_t len, cap, cur;
	bool touched;	/* overwritten or erased: trailing spaces are debris */
	bool nomem;
};

static void term_put(struct term *t, char ch)
{
	if (t->cur >= t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		char *p;

		while (cap <= t->cur)
			cap *= 2;
		p = realloc(t->line, cap);
		if (!p) {
			t->nomem = true;
			return;
		}
		t->line = p;
		t->cap = cap;
	}
	if (t->cur < t->len) {
		t->touched = true;
	} else {
		while (t->len < t->cur)
			t->line[t->len++] = ' ';
		t->len++;
	}
	t->line[t->cur++] = ch;
}

static void term_newline(struct term *t)
{
	size_t n = t->len;

	if (t->touched)
		while (n > 0 && t->line[n - 1] == ' ')
			n--;
	sbuf_add(&t->out, t->line, n);
	sbuf_addc(&t->out, '\n');
	t->len = t->cur = 0;
	t->touched = false;
}

/* ESC sequence at s[0] == 0x1b; returns the bytes it takes. */
static size_t term_escape(struct term *t, const char *s, size_t avail)
{
	size_t i = 2;
	long n = 0;
	bool have_n = false;

	if (avail < 2)
		return avail;
	if (s[1] == ']') {	/* OSC: up to BEL or ESC \ */
		while (i < avail && s[i] != '\a' &&
		       !(s[i] == 0x1b && i + 1 < avail && s[i + 1] == '\\'))
			i++;
		return i < avail ? i + (s[i] == '\a' ? 1 : 2) : avail;
	}
	if (s[1] == '(' || s[1] == ')' || s[1] == '#')
		return avail < 3 ? avail : 3;
	if (s[1] != '[')
		return 2;
	while (i < avail && ((s[i] >= '0' && s[i] <= '9') || s[i] == ';' ||
			     s[i] == '?')) {
		if (s[i] >= '0' && s[i] <= '9' && n < 100000) {
			n = n * 10 + (s[i] - '0');
			have_n = true;
		} else if (s[i] == ';') {
			n = 0;	/* only the last parameter matters here */
			have_n = false;
		}
		i++;
	}
	while (i < avail && s[i] >= 0x20 && s[i] <= 0x2f)
		i++;	/* intermediate bytes */
	if (i >= avail)
		return avail;
	if (!have_n)
		n = s[i] == 'K' ? 0 : 1;
	switch (s[i]) {
	case 'D':
		t->cur -= (size_t)n > t->cur ? t->cur : (size_t)n;
		t->touched = true;
		break;
	case 'C':
		t->cur += (size_t)n;
		break;
	case 'G':
		t->cur = n > 0 ? (size_t)n - 1 : 0;
		t->touched = true;
		break;
	case 'K':
		if (n == 0 && t->cur < t->len)
			t->len = t->cur;
		else if (n == 2)
			t->len = 0;
		t->touched = true;
		break;
	default:
		break;	/* colours, cursor keys, screen: no text */
	}
	return i + 1;
}

char *sshcli_clean(const char *raw, size_t len, size_t *out_len)
{
	struct term t = {0};
	char *res;

	sbuf_init(&t.out, SBUF_UNLIMITED);
	for (size_t i = 0; i < len;) {
		unsigned char ch = (unsigned char)raw[i];

		if (ch == 0x1b) {
			i += term_escape(&t, raw + i, len - i);
			continue;
		}
		i++;
		if (ch == '\n') {
			term_newline(&t);
		} else if (ch == '\r') {
			size_t j = i;

			while (j < len && raw[j] == '\r')
				j++;
			if (j < len && raw[j] == '\n') {
				i = j;	/* CR CR LF: one line end */
			} else {
				if (t.cur > 0)
					t.touched = true;
				t.cur = 0;
			}
		} else if (ch == '\b') {
			if (t.cur > 0)
				t.cur--;
			t.touched = true;
		} else if (ch == '\t' || ch >= 0x20) {
			if (ch != 0x7f)
				term_put(&t, (char)ch);
		}
	}
	if (t.len > 0) {	/* an unfinished last line, without "\n" */
		size_t n = t.len;

		if (t.touched)
			while (n > 0 && t.line[n - 1] == ' ')
				n--;
		sbuf_add(&t.out, t.line, n);
	}
	free(t.line);
	if (t.nomem || t.out.nomem) {
		sbuf_free(&t.out);
		return NULL;
	}
	if (out_len)
		*out_len = t.out.len;
	res = sbuf_steal(&t.out);
	return res;
}

/* ---- prompts ---------------------------------------------------------------- */

static void rtrim(char *s)
{
	size_t n = strlen(s);

	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		s[--n] = '\0';
}

bool sshcli_looks_like_prompt(const char *line)
{
	pthread_once(&rx_once, compile_all);
	return rx_ok && rx_find(RX_PROMPT, line, strlen(line), NULL) >= 0;
}

/* The host part of a prompt: "<HUAWEI>" -> HUAWEI, "[~sw1-vty]" -> sw1-vty,
 * "sw1(config)#" -> sw1, "admin@sonic:~$" -> admin@sonic. */
static void prompt_host(const char *p, char *host, size_t n)
{
	size_t a = 0, b = strlen(p);

	if (b > 0)
		b--;	/* the terminator */
	if (p[0] == '<' || p[0] == '[') {
		a = 1;
		if (p[a] == '~' || p[a] == '*')
			a++;
	} else {
		const char *paren = memchr(p, '(', b);
		const char *colon = memchr(p, ':', b);

		if (paren)
			b = (size_t)(paren - p);
		if (colon && (size_t)(colon - p) < b)
			b = (size_t)(colon - p);
	}
	if (b < a)
		b = a;
	snprintf(host, n, "%.*s", (int)(b - a), p + a);
}

/* The learned prompt, or the same host in another mode: "sw1>" after
 * "sw1#", "[sw1]" after "<sw1>", "sw1(config)#". */
static bool is_my_prompt(const struct sshcli *c, const char *line)
{
	size_t hl = strlen(c->host), ll = strlen(line), a = 0;
	const char *rest;
	char last;

	if (strcmp(line, c->prompt) == 0)
		return true;
	if (hl == 0 || ll < hl + 1 || ll > hl + 80)
		return false;
	if (line[0] == '<' || line[0] == '[') {
		a = 1;
		if (line[a] == '~' || line[a] == '*')
			a++;
	}
	if (strncmp(line + a, c->host, hl) != 0)
		return false;
	last = line[ll - 1];
	if (!strchr(">#]$%", last))
		return false;
	if (a > 0 && last != (line[0] == '<' ? '>' : ']'))
		return false;
	rest = line + a + hl;
	/* what may stand between the host and the terminator */
	if (rest == line + ll - 1)
		return true;
	if (*rest == '(' && line[ll - 2] == ')' &&
	    !memchr(rest, ' ', (size_t)(line + ll - 1 - rest)))
		return true;
	if ((*rest == '-' || *rest == ':') &&
	    !memchr(rest, ' ', (size_t)(line + ll - 1 - rest)))
		return true;
	return false;
}

/* ---- the exchange loop ------------------------------------------------------ */

enum wait_mode { W_START, W_CMD, W_ENABLE };

struct waitst {
	enum wait_mode mode;
	long deadline;		/* this exchange (command_ms or start_ms) */
	bool erase_pending;
	size_t erase_at;
	unsigned pages;
	bool woke;		/* an Enter was sent to wake the device */
	bool saw_password;	/* W_ENABLE: stopped at "Password:" */
	long settle_ms;
};

static long min_pos(long a, long b)
{
	if (a <= 0)
		return b;
	if (b <= 0)
		return a;
	return a < b ? a : b;
}

static int send_str(struct sshcli *c, const char *s, struct si_error *err)
{
	if (c->io->send(c->ctx, s, strlen(s), err) < 0) {
		c->alive = false;
		return -1;
	}
	return 0;
}

/* The cleaned last line of rx (trailing spaces trimmed) and where its raw
 * bytes start. */
static void last_line(const struct sshcli *c, char *buf, size_t n,
		      size_t *raw_start)
{
	const char *s = c->rx.s ? c->rx.s : "";
	size_t len = c->rx.len, start = len;
	char *clean;

	while (start > 0 && s[start - 1] != '\n' && len - start < TAIL_MAX)
		start--;
	*raw_start = start;
	buf[0] = '\0';
	clean = sshcli_clean(s + start, len - start, NULL);
	if (clean) {
		/* an overwrite can leave several lines: keep the last */
		const char *nl = strrchr(clean, '\n');

		snprintf(buf, n, "%s", nl ? nl + 1 : clean);
		free(clean);
	}
	rtrim(buf);
}

/* After a pager answer: cut the device's erase sequence out of rx.
 * Returns true while it may still be arriving. */
static bool cut_erase(struct sshcli *c, struct waitst *w)
{
	pcre2_match_data *md;
	int rc;

	if (!w->erase_pending || c->rx.len <= w->erase_at)
		return w->erase_pending;
	md = pcre2_match_data_create(2, NULL);
	if (!md)
		return false;
	rc = pcre2_match(rx[RX_ERASE], (PCRE2_SPTR)c->rx.s + w->erase_at,
			 c->rx.len - w->erase_at, 0,
			 PCRE2_ANCHORED | PCRE2_PARTIAL_HARD, md, NULL);
	if (rc == PCRE2_ERROR_PARTIAL) {
		pcre2_match_data_free(md);
		return true;
	}
	if (rc >= 0) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		size_t cut = ov[1];

		memmove(c->rx.s + w->erase_at, c->rx.s + w->erase_at + cut,
			c->rx.len - w->erase_at - cut);
		c->rx.len -= cut;
		c->rx.s[c->rx.len] = '\0';
	}
	pcre2_match_data_free(md);
	w->erase_pending = false;
	return false;
}

/* A pager at the end of rx: remove it, answer it. */
static enum src_status answer_pager(struct sshcli *c, struct waitst *w,
				    const char *line, long at,
				    size_t raw_start, struct si_error *err)
{
	char keep[TAIL_MAX];

	/* a device that pages forever answers inside every deadline:
	 * only a count of pages tells it from a long output */
	if (++w->pages > c->o.max_pages) {
		si_error_set(err, NULL, 0, 0, "the pager never ended: %u "
			     "pages answered (the cap, max_pages), %zu bytes, "
			     "and still no prompt", c->o.max_pages, c->rx.len);
		return SRC_PROTOCOL_ERROR;
	}
	/* text before the pager on the same line stays */
	snprintf(keep, sizeof(keep), "%.*s", (int)at, line);
	rtrim(keep);
	c->rx.len = raw_start;
	c->rx.s[raw_start] = '\0';
	sbuf_adds(&c->rx, keep);
	w->erase_pending = true;
	w->erase_at = c->rx.len;
	return send_str(c, " ", err) < 0 ? SRC_CLOSED : SRC_OK;
}

/* Log-in questions before the first prompt. */
static int answer_start(struct sshcli *c, const char *line,
			enum src_status *st, struct si_error *err)
{
	size_t len = strlen(line);
	const char *reply = NULL;

	if (rx_find(RX_CHANGE_PW, line, len, NULL) >= 0)
		reply = "N\n";
	else if (rx_find(RX_ANY_KEY, line, len, NULL) >= 0)
		reply = " ";
	else if (rx_find(RX_RETURN, line, len, NULL) >= 0)
		reply = "\n";
	if (rx_find(RX_LOGIN, line, len, NULL) >= 0 ||
	    (rx_find(RX_PASSWORD, line, len, NULL) >= 0 && !reply)) {
		si_error_set(err, NULL, 0, 0, "the device asks for a second "
			     "log-in inside the session ('%s'); swinspect "
			     "logs in at the SSH level only", line);
		*st = SRC_PROTOCOL_ERROR;
		return 1;
	}
	if (!reply)
		return 0;
	/* end the question's line, so that it is not answered twice */
	sbuf_addc(&c->rx, '\n');
	if (send_str(c, reply, err) < 0) {
		*st = SRC_CLOSED;
		return 1;
	}
	return -1;
}

/* Looks at the tail of rx: 1 = done (prompt), 0 = read on, -1 = status. */
static int inspect_tail(struct sshcli *c, struct waitst *w,
			enum src_status *st, struct si_error *err)
{
	char line[TAIL_MAX + 1];
	size_t raw_start, end;
	long at;
	int r;

	if (cut_erase(c, w))
		return 0;
	last_line(c, line, sizeof(line), &raw_start);
	if (line[0] == '\0')
		return 0;
	if (w->mode == W_START ? sshcli_looks_like_prompt(line)
			       : is_my_prompt(c, line))
		return 1;
	if (w->mode == W_ENABLE && rx_find(RX_PASSWORD, line, strlen(line),
					   NULL) >= 0) {
		w->saw_password = true;
		return 1;
	}
	if (w->mode == W_START) {
		r = answer_start(c, line, st, err);
		if (r > 0)
			return -1;
		if (r < 0)
			return 0;
	}
	at = rx_find(RX_PAGER, line, strlen(line), &end);
	if (at >= 0) {
		*st = answer_pager(c, w, line, at, raw_start, err);
		return *st == SRC_OK ? 0 : -1;
	}
	return 0;
}

static void timeout_msg(struct sshcli *c, struct waitst *w, long now,
			struct si_error *err)
{
	if (c->o.deadline_ms > 0 && now >= c->o.deadline_ms)
		si_error_set(err, NULL, 0, 0, "the time allowed for the whole "
			     "device ran out (%zu bytes of this output "
			     "received)", c->rx.len);
	else if (now >= w->deadline)
		si_error_set(err, NULL, 0, 0, "did not finish within %.1f s "
			     "(%zu bytes received)", (double)(w->mode == W_START
			     ? c->o.start_ms : c->o.command_ms) / 1000.0,
			     c->rx.len);
	else
		si_error_set(err, NULL, 0, 0, "the device stalled: no output "
			     "for %.1f s after %zu bytes", c->o.idle_ms /
			     1000.0, c->rx.len);
}

/* Reads until the exchange ends; returns its status. */
static enum src_status wait_prompt(struct sshcli *c, struct waitst *w,
				   struct si_error *err)
{
	char buf[READ_CHUNK];
	long last = collect_now_ms();
	enum src_status st = SRC_OK;

	for (;;) {
		long now, idle_dl, dl, n;
		int r = inspect_tail(c, w, &st, err);

		if (r < 0)
			return st;
		if (c->rx.len > c->o.max_output && w->pages > 0) {
			si_error_set(err, NULL, 0, 0, "the pager never ended: "
				     "%u pages answered, over the cap of %zu "
				     "bytes, and still no prompt", w->pages,
				     c->o.max_output);
			return SRC_PROTOCOL_ERROR;
		}
		if (c->rx.len > c->o.max_output) {
			si_error_set(err, NULL, 0, 0, "the output passed the "
				     "cap of %zu bytes without a prompt",
				     c->o.max_output);
			return SRC_PROTOCOL_ERROR;
		}
		now = collect_now_ms();
		idle_dl = last + (w->mode == W_START && !w->woke ? WAKE_MS
							       : c->o.idle_ms);
		dl = min_pos(min_pos(idle_dl, w->deadline), c->o.deadline_ms);
		if (r == 1)	/* a prompt: done if the device stays quiet */
			dl = min_pos(now + w->settle_ms, dl);
		if (dl > now + SLICE_MS)
			dl = now + SLICE_MS;
		n = c->io->read(c->ctx, buf, sizeof(buf), dl, err);
		if (n > 0) {
			sbuf_add(&c->rx, buf, (size_t)n);
			if (c->rx.nomem) {
				si_error_set(err, NULL, 0, 0, "out of memory");
				return SRC_ERROR;
			}
			last = collect_now_ms();
			continue;
		}
		if (n == SSHCLI_EOF) {
			si_error_set(err, NULL, 0, 0, "the device closed the "
				     "session after %zu bytes of this output",
				     c->rx.len);
			return SRC_CLOSED;
		}
		if (n < 0)
			return SRC_CLOSED;
		if (r == 1)	/* quiet for settle_ms after the prompt */
			return SRC_OK;
		now = collect_now_ms();
		if (c->o.cancel && *c->o.cancel) {
			si_error_set(err, NULL, 0, 0, "interrupted");
			return SRC_NOT_INSPECTED;
		}
		if (w->mode == W_START && !w->woke && now >= idle_dl) {
			/* some devices print their prompt only after an
			 * Enter */
			w->woke = true;
			last = now;
			if (send_str(c, "\n", err) < 0)
				return SRC_CLOSED;
			continue;
		}
		if (now >= idle_dl || now >= w->deadline ||
		    (c->o.deadline_ms > 0 && now >= c->o.deadline_ms)) {
			timeout_msg(c, w, now, err);
			return SRC_TIMEOUT;
		}
	}
}

/* ---- public --------------------------------------------------------------- */

long sshcli_set_command_ms(struct sshcli *c, long ms)
{
	long old = c->o.command_ms;

	c->o.command_ms = ms;
	return old;
}

void sshcli_opts_default(struct sshcli_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->idle_ms = 30000;
	o->command_ms = 300000;
	o->start_ms = 30000;
	o->max_output = 16u << 20;
	o->max_pages = SSHCLI_MAX_PAGES;
	o->settle_ms = 15;
}

struct sshcli *sshcli_new(const struct sshcli_io *io, void *ctx,
			  const struct sshcli_opts *o)
{
	struct sshcli *c;

	pthread_once(&rx_once, compile_all);
	if (!rx_ok)
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->io = io;
	c->ctx = ctx;
	c->o = *o;
	if (c->o.max_output == 0)
		c->o.max_output = 16u << 20;
	if (c->o.max_pages == 0)
		c->o.max_pages = SSHCLI_MAX_PAGES;
	sbuf_init(&c->rx, c->o.max_output + READ_CHUNK * 2);
	c->alive = true;
	return c;
}

void sshcli_free(struct sshcli *c)
{
	if (!c)
		return;
	sbuf_free(&c->rx);
	free(c->banner);
	free(c);
}

static long exchange_deadline(long ms)
{
	return collect_now_ms() + (ms > 0 ? ms : 300000);
}

enum src_status sshcli_start(struct sshcli *c, struct si_error *err)
{
	/* a longer quiet at log-in: banners come in bursts */
	struct waitst w = {.mode = W_START,
			   .settle_ms = c->o.settle_ms > 50 ? c->o.settle_ms
							   : 50};
	enum src_status st;
	size_t start, clen;
	char line[TAIL_MAX + 1], *clean;

	w.deadline = exchange_deadline(c->o.start_ms);
	sbuf_reset(&c->rx);
	st = wait_prompt(c, &w, err);
	if (st != SRC_OK) {
		if (st == SRC_TIMEOUT && c->rx.len > 0) {
			last_line(c, line, sizeof(line), &start);
			si_error_set(err, NULL, 0, 0, "no prompt recognised "
				     "within %.1f s; the device's last line "
				     "was '%.80s'", c->o.start_ms / 1000.0,
				     line);
			st = SRC_PROTOCOL_ERROR;
		} else if (st == SRC_TIMEOUT) {
			si_error_set(err, NULL, 0, 0, "the device sent nothing "
				     "within %.1f s of opening the shell",
				     c->o.start_ms / 1000.0);
		}
		c->alive = false;
		return st;
	}
	last_line(c, line, sizeof(line), &start);
	snprintf(c->prompt, sizeof(c->prompt), "%s", line);
	prompt_host(c->prompt, c->host, sizeof(c->host));
	clean = sshcli_clean(c->rx.s, start, &clen);
	while (clean && clen > 0 && clean[clen - 1] == '\n')
		clean[--clen] = '\0';
	c->banner = clean;
	/* confirm: an empty line brings the same prompt back */
	sbuf_reset(&c->rx);
	w.mode = W_CMD;
	w.deadline = exchange_deadline(c->o.start_ms);
	if (send_str(c, "\n", err) < 0)
		return SRC_CLOSED;
	st = wait_prompt(c, &w, err);
	if (st == SRC_TIMEOUT) {
		si_error_set(err, NULL, 0, 0, "the prompt '%s' did not come "
			     "back after an empty line", c->prompt);
		st = SRC_PROTOCOL_ERROR;
	}
	if (st != SRC_OK)
		c->alive = false;
	return st;
}

/* Normalised (single spaces, trimmed) copy of s into buf. */
static void squeeze(const char *s, size_t len, char *buf, size_t n)
{
	size_t o = 0;
	bool sp = false;

	for (size_t i = 0; i < len && o + 1 < n; i++) {
		if (s[i] == ' ' || s[i] == '\t') {
			sp = o > 0;
			continue;
		}
		if (sp && o + 2 < n)
			buf[o++] = ' ';
		sp = false;
		buf[o++] = s[i];
	}
	buf[o] = '\0';
}

/* Output of an exchange: clean rx, drop the echo line and the prompt. */
static char *cut_output(struct sshcli *c, const char *cmd, bool done,
			size_t *out_len, bool *echo)
{
	size_t len, first;
	char *text = sshcli_clean(c->rx.s ? c->rx.s : "", c->rx.len, &len);
	char a[512], b[512];
	const char *nl;

	*echo = false;
	if (!text)
		return NULL;
	if (done) {	/* the last line is the prompt */
		char *last = strrchr(text, '\n');

		len = last ? (size_t)(last - text) + 1 : 0;
		text[len] = '\0';
	}
	nl = memchr(text, '\n', len);
	first = nl ? (size_t)(nl - text) : len;
	squeeze(text, first, a, sizeof(a));
	squeeze(cmd, strlen(cmd), b, sizeof(b));
	if (b[0] && strlen(a) >= strlen(b) &&
	    strcmp(a + strlen(a) - strlen(b), b) == 0)
		/* NOLINTNEXTLINE(bugprone-branch-clone): two reasons, one answer */
		*echo = true;
	else if (!c->echo_seen && a[0] == '\0' && nl)
		*echo = true;	/* a device that does not echo: its newline */
	if (*echo) {
		size_t cut = nl ? first + 1 : first;

		memmove(text, text + cut, len - cut + 1);
		len -= cut;
	}
	*out_len = len;
	return text;
}

/* After a stalled command: Ctrl-C (and "q" for a pager), and the prompt
 * must come back within a few seconds.  The session deadline is not
 * extended. */
static bool recover(struct sshcli *c, struct si_error *err)
{
	struct waitst w = {.mode = W_CMD, .settle_ms = 100};
	struct si_error e2;
	long saved_idle = c->o.idle_ms;
	enum src_status s;
	size_t n;

	if (c->o.deadline_ms > 0 && collect_now_ms() >= c->o.deadline_ms)
		return false;
	if (c->o.cancel && *c->o.cancel)
		return false;
	sbuf_reset(&c->rx);
	if (send_str(c, "\x03", &e2) < 0)
		return false;
	c->o.idle_ms = saved_idle < 3000 ? saved_idle : 3000;
	w.deadline = collect_now_ms() + c->o.idle_ms;
	s = wait_prompt(c, &w, &e2);
	c->o.idle_ms = saved_idle;
	if (s != SRC_OK)
		return false;
	n = strlen(err->msg);
	snprintf(err->msg + n, sizeof(err->msg) - n, "; the prompt came back "
		 "after Ctrl-C");
	return true;
}

enum src_status sshcli_run(struct sshcli *c, const char *cmd, char **out,
			   size_t *out_len, struct sshcli_cmd_stats *st,
			   struct si_error *err)
{
	struct waitst w = {.mode = W_CMD, .settle_ms = c->o.settle_ms};
	long t0 = collect_now_ms();
	enum src_status s;
	char line[1024];
	bool echo;

	*out = NULL;
	*out_len = 0;
	si_error_clear(err);
	if (!c->alive) {
		si_error_set(err, NULL, 0, 0, "the session is no longer usable");
		return SRC_CLOSED;
	}
	sbuf_reset(&c->rx);
	w.deadline = exchange_deadline(c->o.command_ms);
	snprintf(line, sizeof(line), "%s\n", cmd);
	if (send_str(c, line, err) < 0)
		return SRC_CLOSED;
	s = wait_prompt(c, &w, err);
	*out = cut_output(c, cmd, s == SRC_OK, out_len, &echo);
	if (echo && s == SRC_OK)
		c->echo_seen = true;
	if (st) {
		st->elapsed_ms = collect_now_ms() - t0;
		st->raw_bytes = c->rx.len;
		st->pages = w.pages;
		st->echo_seen = echo;
	}
	if (s == SRC_TIMEOUT && recover(c, err))
		return s;	/* this command failed, the session lives */
	if (s != SRC_OK)
		c->alive = false;
	return s;
}

/* secret and Enter in one write; the copy is wiped */
static enum src_status send_secret(struct sshcli *c, const char *secret,
				   struct si_error *err)
{
	size_t n = strlen(secret);
	char *line = malloc(n + 2);
	int rc;

	if (!line) {
		si_error_set(err, NULL, 0, 0, "out of memory");
		return SRC_ERROR;
	}
	memcpy(line, secret, n);
	line[n] = '\n';
	line[n + 1] = '\0';
	rc = send_str(c, line, err);
	explicit_bzero(line, n);
	free(line);
	return rc < 0 ? SRC_CLOSED : SRC_OK;
}

enum src_status sshcli_enable(struct sshcli *c, const char *secret,
			      struct si_error *err)
{
	struct waitst w = {.mode = W_ENABLE, .settle_ms = c->o.settle_ms};
	enum src_status s;
	char line[TAIL_MAX + 1];
	size_t start;

	sbuf_reset(&c->rx);
	w.deadline = exchange_deadline(c->o.idle_ms);
	if (send_str(c, "enable\n", err) < 0)
		return SRC_CLOSED;
	s = wait_prompt(c, &w, err);
	if (s != SRC_OK)
		goto dead;
	if (w.saw_password) {
		if (!secret) {
			/* give up on the question; the prompt comes back */
			send_str(c, "\x03\n", err);
			si_error_set(err, NULL, 0, 0, "'enable' asks for a "
				     "password and none is configured "
				     "(enable_password)");
			w.saw_password = false;
			w.mode = W_CMD;
			sbuf_reset(&c->rx);
			s = wait_prompt(c, &w, err);
			return s == SRC_OK ? SRC_AUTH_FAILED : s;
		}
		sbuf_reset(&c->rx);
		w.saw_password = false;
		s = send_secret(c, secret, err);
		if (s == SRC_OK)
			s = wait_prompt(c, &w, err);
		if (s != SRC_OK)
			goto dead;
		if (w.saw_password) {
			send_str(c, "\x03\n", err);
			si_error_set(err, NULL, 0, 0, "the enable password was "
				     "refused");
			w.mode = W_CMD;
			sbuf_reset(&c->rx);
			s = wait_prompt(c, &w, err);
			return s == SRC_OK ? SRC_AUTH_FAILED : s;
		}
	}
	last_line(c, line, sizeof(line), &start);
	if (line[0] && line[strlen(line) - 1] == '#') {
		snprintf(c->prompt, sizeof(c->prompt), "%s", line);
		return SRC_OK;
	}
	si_error_set(err, NULL, 0, 0, "still not privileged after 'enable' "
		     "(prompt '%s')", line);
	return SRC_AUTH_FAILED;
dead:
	c->alive = false;
	return s;
}

void sshcli_exit(struct sshcli *c, const char *const *cmds)
{
	struct si_error err;
	char buf[4096], line[128];
	long dl = collect_now_ms() + 1500;

	if (!c->alive || !cmds || !cmds[0])
		return;
	snprintf(line, sizeof(line), "%s\n", cmds[0]);
	if (c->io->send(c->ctx, line, strlen(line), &err) < 0)
		return;
	/* a device may ask "save configuration? [Y/N]": never answer yes;
	 * it ends when the stream ends or after a moment */
	while (collect_now_ms() < dl) {
		long n = c->io->read(c->ctx, buf, sizeof(buf), dl, &err);

		if (n <= 0)
			break;
	}
	c->alive = false;
}

bool sshcli_alive(const struct sshcli *c)
{
	return c->alive;
}

const char *sshcli_prompt(const struct sshcli *c)
{
	return c->prompt;
}

const char *sshcli_hostname(const struct sshcli *c)
{
	return c->host;
}

const char *sshcli_banner(const struct sshcli *c)
{
	return c->banner ? c->banner : "";
}
