/* redact_config.c - see redact_config.h
 *
 * Each rule is a PCRE2 pattern (byte mode, so invalid UTF-8 from a device
 * cannot make matching fail) applied to every line; every capturing group
 * that took part in a match is a secret and is replaced.  A rule may carry
 * a guard (the line must match it) and a veto (the line must not).  Rules
 * run in order on the line as the earlier ones left it, and a value that is
 * already "<redacted...>" is left alone, so the specific rules go first and
 * the generic "password <type> <value>" rule last.
 */
#include "config.h"
#include "redact_config.h"
#include "redact.h"
#include "sbuf.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* A value: quoted (the inside is the secret) or one word. */
#define V "(?|\"([^\"]*)\"|(\\S+))"
/* Junos: a word ends at ';'. */
#define VJ "(?|\"([^\"]*)\"|([^\\s\";]+))"
/* The rest of the line (clear-text passwords may hold spaces). */
#define REST "(?|\"([^\"]*)\"|(\\S(?:.*\\S)?))\\s*$"
#define LEAD "^\\s*(?:no\\s+|undo\\s+)?"
/* Junos top-level statements, so "set" of other CLIs is not taken. */
#define JUNOS_TOP "(?:system|snmp|protocols|security|interfaces|" \
	"routing-options|groups|access|services|policy-options|firewall|" \
	"chassis|routing-instances|logical-systems|vlans|switch-options|" \
	"forwarding-options|class-of-service|event-options|applications|" \
	"bridge-domains|ethernet-switching-options|poe|virtual-chassis)"
#define TYPE_DIGIT "(?:[0-9]\\s+)?"

struct rule {
	const char *name;
	const char *pattern;
	bool caseless;
	bool community;		/* a well-known default shows as such */
	const char *guard;	/* the line must match this, if set */
	const char *veto;	/* the line must not match this, if set */
	pcre2_code *re, *guard_re, *veto_re;
};

static struct rule rules[] = {
	/* Hashes in crypt(3) form wherever they stand: Cisco types 5/8/9,
	 * Linux $6$, Junos $9$, Comware $c$ / $h$ / $p$. */
	{"crypt hash",
	 "(?<![\\w$])(\\$(?:1|2[aby]?|5|6|8|9|y|sha512|[chp]\\$\\d+)\\$"
	 "[^\\s\"';,]+)", false, false, NULL, NULL, NULL, NULL, NULL},
	/* Huawei VRP cipher text. */
	{"vrp cipher text",
	 "(%\\^%#.+?%\\^%#|%\\$%\\$.+?%\\$%\\$|%@%@.+?%@%@|%#%#.+?%#%#)",
	 false, false, NULL, NULL, NULL, NULL, NULL},
	/* Junos marks every secret of `show configuration`. */
	{"junos secret-data", "\"([^\"]*)\"", false, false,
	 "##\\s*SECRET-DATA", NULL, NULL, NULL, NULL},
	{"junos set secret",
	 "^\\s*set\\s+" JUNOS_TOP "\\b.*?\\b(?:encrypted-password|"
	 "authentication-key|secret|simple-password|ascii-text|hexadecimal|"
	 "plain-text-password-value|password)\\s+" VJ, true, false, NULL, NULL, NULL, NULL, NULL},
	{"junos set snmp community", "^\\s*set\\s+snmp\\s+community\\s+" VJ,
	 true, true, NULL, NULL, NULL, NULL, NULL},
	{"junos snmp community", "^\\s*community\\s+" VJ "\\s*[{;]", true,
	 true, NULL, NULL, NULL, NULL, NULL},
	/* Cisco IOS / NX-OS / Arista / Inspur / ProCurve SNMP. */
	{"snmp-server community",
	 LEAD "snmp-server\\s+community\\s+" V, true, true, NULL, NULL, NULL,
	 NULL, NULL},
	{"snmp-server host",
	 LEAD "snmp-server\\s+host\\s+\\S+(?:\\s+(?:informs|traps))?"
	 "(?:\\s+version\\s+(?:1|2c|3(?:\\s+(?:auth|noauth|priv))?))?\\s+"
	 "(?!version\\b|informs\\b|traps\\b)" V, true, true, NULL, NULL, NULL,
	 NULL, NULL},
	{"snmp-server user auth",
	 LEAD "snmp-server\\s+user\\s.*?\\bauth\\s+(?:md5|sha\\S*)\\s+" V,
	 true, false, NULL, NULL, NULL, NULL, NULL},
	{"snmp-server user priv",
	 LEAD "snmp-server\\s+user\\s.*?\\bpriv\\s+(?:(?:des56|3des|des|"
	 "aes-?\\d*)\\s+(?:(?:128|192|256)\\s+)?)?(?!localizedkey\\b)" V,
	 true, false, NULL, NULL, NULL, NULL, NULL},
	{"show snmp community", "^\\s*Community\\s+name\\s*:\\s*(\\S+)", true,
	 true, NULL, NULL, NULL, NULL, NULL},
	/* Huawei / H3C SNMP. */
	{"snmp-agent community",
	 LEAD "snmp-agent\\s+community\\s+(?:(?:read|write|read-write)\\s+)?"
	 "(?:(?:cipher|simple)\\s+)?(?!complexity-check\\b)" V, true, true,
	 NULL, NULL, NULL, NULL, NULL},
	/* Huawei / H3C SNMPv3 users: Comware writes the keyword first
	 * ("simple authentication-mode sha PASS privacy-mode aes128 PASS"),
	 * VRP after the algorithm ("authentication-mode sha cipher PASS"). */
	{"snmp-agent usm-user auth",
	 LEAD "snmp-agent\\s+usm-user\\s.*?\\bauthentication-mode\\s+\\S+\\s+"
	 "(?:(?:cipher|simple)\\s+)?" V, true, false, NULL, NULL, NULL, NULL,
	 NULL},
	{"snmp-agent usm-user priv",
	 LEAD "snmp-agent\\s+usm-user\\s.*?\\bprivacy-mode\\s+\\S+\\s+"
	 "(?:(?:cipher|simple)\\s+)?" V, true, false, NULL, NULL, NULL, NULL,
	 NULL},
	/* Huawei / H3C: cipher, irreversible-cipher, simple, plain (always
	 * lower case in configurations; case-sensitive to spare prose). */
	{"vrp comware keyword",
	 "(?<![\\w-])(?:cipher|irreversible-cipher|simple|plain)\\s+"
	 "(?:(?:plain|cipher)\\s+)?(?!(?:authentication|privacy)-mode\\b)" V,
	 false, false, NULL, NULL, NULL, NULL, NULL},
	/* TACACS+ / RADIUS keys. */
	{"aaa server key",
	 LEAD "(?:tacacs-server|radius-server|tacacs|radius)\\b.*?\\bkey\\s+"
	 "(?:(?:authentication|accounting|authorization)\\s+)?"
	 "(?:(?:[0-9]|cipher|simple)\\s+)?" REST, true, false, NULL, NULL, NULL,
	 NULL, NULL},
	{"key line",
	 LEAD "(?:key|server-key|shared-secret|secret-key|tacacs-key|"
	 "radius-key)\\s+(?:(?:authentication|accounting|authorization)\\s+)?"
	 "(?:(?:[0-9]|cipher|simple)\\s+)?" REST, true, false, NULL,
	 "^\\s*(?:no\\s+)?key\\s+(?:chain|config-key\\b|\\d+\\s*$)", NULL,
	 NULL, NULL},
	{"key-string", "\\bkey-string\\s+" TYPE_DIGIT REST, true, false, NULL,
	 NULL, NULL, NULL, NULL},
	{"authentication-key",
	 "\\bauthentication-key\\s+(?:\\d+\\s+)?(?:(?:md5|sha1|sha256|"
	 "hmac-sha\\S*|cipher|simple|plain)\\s+)?" TYPE_DIGIT V, true, false,
	 NULL, NULL, NULL, NULL, NULL},
	{"message-digest-key",
	 "\\bmessage-digest-key\\s+\\d+\\s+md5\\s+" TYPE_DIGIT V, true, false,
	 NULL, NULL, NULL, NULL, NULL},
	{"isakmp key", "\\bisakmp\\s+key\\s+" TYPE_DIGIT V, true, false, NULL,
	 NULL, NULL, NULL, NULL},
	{"pre-shared-key",
	 "\\bpre-?shared-key\\s+(?:(?:local|remote)\\s+)?"
	 "(?:address\\s+\\S+\\s+(?:(?!key\\b)\\S+\\s+)?)?(?:key\\s+)?"
	 "(?:(?:[0-9]|ascii-text|"
	 "hexadecimal|cipher|simple|ascii|hex)\\s+)?" V, true, false, NULL,
	 NULL, NULL, NULL, NULL},
	{"pre-shared-key key", "\\bpre-?shared-key\\b.*?\\bkey\\s+"
	 "(?:(?:[0-9]|cipher|simple|ascii-text|hexadecimal)\\s+)?" V, true, false, NULL, NULL, NULL, NULL, NULL},
	{"wpa psk", "\\b(?:wpa-psk|psk)\\s+(?:(?:ascii|hex)\\s+)?" TYPE_DIGIT V,
	 true, false, NULL, NULL, NULL, NULL, NULL},
	{"password-encrypt", "\\bpassword-encrypt\\s+" REST, true, false, NULL,
	 NULL, NULL, NULL, NULL},
	/* Arista TerminAttr's CloudVision key on its command line. */
	{"cvauth key", "-cvauth=key,([^\\s,]+)", false, false, NULL, NULL,
	 NULL, NULL, NULL},
	/* JSON (SONiC config_db): keys that name a secret. */
	{"json secret",
	 "\"[^\"]*(?:pass(?:word|key|phrase)?|secret|_key|psk)[^\"]*\"\\s*:"
	 "\\s*\"([^\"]*)\"", true, false, NULL, NULL, NULL, NULL, NULL},
	{"json key", "\"key\"\\s*:\\s*\"([^\"]*)\"", true, false, NULL, NULL,
	 NULL, NULL, NULL},
	/* password / secret [level N | role R | privilege N] [type] value:
	 * a hashed type takes one word, clear text the rest of the line. */
	{"password",
	 "(?<![\\w-])(?:password|passwd|secret|passphrase)\\s+"
	 "(?!(?:encryption|policy|history|min(?:imum)?-length|expir\\w*|"
	 "complexity\\w*|reuse\\w*|lifetime|hash-algorithm|strength\\w*|"
	 "aging|recovery)\\b|\\{)"
	 "(?:(?:level|role|privilege)\\s+\\S+\\s+)*"
	 "(?:(?:[3-9]|sha512|sha256|sha1|md5|encrypted|cipher|"
	 "irreversible-cipher|hash)\\s+" V "|(?:(?:0|simple|plain(?:text)?|"
	 "clear|unencrypted|ascii)\\s+)?" REST ")",
	 true, false, NULL, "authentication-order|^\\s*set\\s|##\\s*SECRET-DATA",
	 NULL, NULL, NULL},
};

#define NRULES (sizeof(rules) / sizeof(rules[0]))

static pthread_once_t rules_once = PTHREAD_ONCE_INIT;
static bool rules_ok;

static pcre2_code *compile(const char *pat, bool caseless)
{
	int errcode;
	PCRE2_SIZE erroff;

	return pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
			     caseless ? PCRE2_CASELESS : 0, &errcode, &erroff,
			     NULL);
}

static void compile_rules(void)
{
	rules_ok = true;
	for (size_t i = 0; i < NRULES; i++) {
		struct rule *r = &rules[i];

		r->re = compile(r->pattern, r->caseless);
		if (r->guard)
			r->guard_re = compile(r->guard, false);
		if (r->veto)
			r->veto_re = compile(r->veto, true);
		if (!r->re || (r->guard && !r->guard_re) ||
		    (r->veto && !r->veto_re))
			rules_ok = false;
	}
}

static bool line_matches(pcre2_code *re, const char *s, size_t len,
			 pcre2_match_data *md)
{
	return pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL) >= 0;
}

static bool is_redacted(const char *s, size_t len)
{
	if (len > 0 && *s == '"') {
		s++;
		len--;
	}
	return len >= 9 && memcmp(s, "<redacted", 9) == 0;
}

static const char *replacement(const struct rule *r, const char *s,
			       size_t len)
{
	char word[64];

	if (!r->community || len >= sizeof(word))
		return REDACTED;
	memcpy(word, s, len);
	word[len] = '\0';
	return redact_secret(word);
}

/* Applies one rule to line (len bytes) into out; returns replacements. */
static size_t apply_rule(const struct rule *r, const char *line, size_t len,
			 struct sbuf *out, pcre2_match_data *md)
{
	size_t done = 0, n = 0, off = 0;

	while (off <= len) {
		PCRE2_SIZE *ov;
		int rc = pcre2_match(r->re, (PCRE2_SPTR)line, len, off, 0, md,
				     NULL);

		if (rc < 0)
			break;
		ov = pcre2_get_ovector_pointer(md);
		for (int g = 1; g < rc; g++) {
			size_t a = ov[2 * g], b = ov[2 * g + 1];

			if (a == PCRE2_UNSET || b <= a || a < done ||
			    is_redacted(line + a, b - a))
				continue;
			sbuf_add(out, line + done, a - done);
			sbuf_adds(out, replacement(r, line + a, b - a));
			done = b;
			n++;
		}
		off = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
	sbuf_add(out, line + done, len - done);
	return n;
}

/* SONiC's "SNMP_COMMUNITY": {"name": {...}, ...}: the names are the
 * secrets, possibly over several lines. */
struct json_state {
	bool active;
	int depth;
};

static size_t json_communities(struct json_state *st, char *line, size_t len)
{
	static const char key[] = "\"SNMP_COMMUNITY\"";
	size_t i = 0, n = 0;
	char *k;

	if (!st->active) {
		k = memmem(line, len, key, sizeof(key) - 1);
		if (!k)
			return 0;
		i = (size_t)(k - line) + sizeof(key) - 1;
		while (i < len && (line[i] == ' ' || line[i] == ':'))
			i++;
		if (i >= len || line[i] != '{')
			return 0;
		st->active = true;
		st->depth = 0;
	}
	for (; i < len && st->active; i++) {
		if (line[i] == '{') {
			st->depth++;
		} else if (line[i] == '}') {
			if (--st->depth <= 0)
				st->active = false;
		} else if (line[i] == '"') {
			size_t j = i + 1, e;

			while (j < len && line[j] != '"')
				j++;
			e = j + 1;
			while (e < len && line[e] == ' ')
				e++;
			if (st->depth == 1 && e < len && line[e] == ':' &&
			    j > i + 1) {
				/* overwrite in place with marks (\x02 for a
				 * well-known default), replaced on output */
				char word[64];
				size_t wl = j - i - 1;
				int mark = 1;

				if (wl < sizeof(word)) {
					memcpy(word, line + i + 1, wl);
					word[wl] = '\0';
					if (redact_is_default_community(word))
						mark = 2;
				}
				memset(line + i + 1, mark, wl);
				n++;
			}
			i = j;
		}
	}
	return n;
}

/* Emits line with runs of marks (community names) replaced. */
static void emit_marked(struct sbuf *out, const char *line, size_t len)
{
	for (size_t i = 0; i < len;) {
		char m = line[i];

		if (m == '\x01' || m == '\x02') {
			while (i < len && line[i] == m)
				i++;
			sbuf_adds(out, m == '\x02' ? REDACTED_DEFAULT : REDACTED);
		} else {
			sbuf_addc(out, line[i++]);
		}
	}
}

struct redactor {
	struct sbuf a, b;	/* the line between rules */
	pcre2_match_data *md;
	struct json_state json;
	bool in_key;		/* inside a PEM private key block */
	size_t count;
};

static void redact_line(struct redactor *z, const char *line, size_t len,
			struct sbuf *out)
{
	size_t cr = len > 0 && line[len - 1] == '\r';

	len -= cr;
	if (z->in_key) {
		if (len >= 5 && memcmp(line, "-----", 5) == 0 &&
		    memmem(line, len, "END", 3)) {
			z->in_key = false;
			sbuf_add(out, line, len);
		} else if (len > 0) {
			sbuf_adds(out, REDACTED);
			z->count++;
		}
		sbuf_add(out, "\r", cr);
		return;
	}
	if (memmem(line, len, "-----BEGIN ", 11) &&
	    memmem(line, len, "PRIVATE KEY-----", 16))
		z->in_key = true;
	sbuf_reset(&z->a);
	sbuf_add(&z->a, line, len);
	for (size_t i = 0; i < NRULES; i++) {
		const struct rule *r = &rules[i];
		struct sbuf tmp;

		if (r->guard_re &&
		    !line_matches(r->guard_re, z->a.s, z->a.len, z->md))
			continue;
		if (r->veto_re &&
		    line_matches(r->veto_re, z->a.s, z->a.len, z->md))
			continue;
		sbuf_reset(&z->b);
		z->count += apply_rule(r, z->a.s ? z->a.s : "", z->a.len,
				       &z->b, z->md);
		tmp = z->a;
		z->a = z->b;
		z->b = tmp;
	}
	if (!z->a.s)	/* no memory: the caller sees nomem */
		return;
	z->count += json_communities(&z->json, z->a.s, z->a.len);
	emit_marked(out, z->a.s, z->a.len);
	sbuf_add(out, "\r", cr);
}

char *redact_config(const char *text, size_t len, size_t *out_len,
		    size_t *count)
{
	struct redactor z = {0};
	struct sbuf out;
	char *res = NULL;

	pthread_once(&rules_once, compile_rules);
	if (!rules_ok)
		return NULL;
	z.md = pcre2_match_data_create(16, NULL);
	if (!z.md)
		return NULL;
	sbuf_init(&z.a, SBUF_UNLIMITED);
	sbuf_init(&z.b, SBUF_UNLIMITED);
	sbuf_init(&out, SBUF_UNLIMITED);
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len;

		redact_line(&z, text + pos, end - pos, &out);
		if (nl)
			sbuf_addc(&out, '\n');
		pos = end + (nl ? 1 : 0);
	}
	if (!out.nomem && !z.a.nomem && !z.b.nomem) {
		if (out_len)
			*out_len = out.len;
		if (count)
			*count = z.count;
		res = sbuf_steal(&out);
	}
	sbuf_free(&out);
	sbuf_free(&z.a);
	sbuf_free(&z.b);
	pcre2_match_data_free(z.md);
	return res;
}
