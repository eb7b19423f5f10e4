/* ssh_transport.c - see ssh_transport.h
 *
 * libssh is used in blocking mode with the session timeout set before each
 * step (ssh_connect, the authentication calls, opening a channel), so no
 * step can outlast connect_ms or the device's deadline.  Its configuration
 * files are not read (SSH_OPTIONS_PROCESS_CONFIG off): what the inventory
 * says is what happens.
 *
 * A jump host is done in-process (libssh 0.10 has no ProxyJump of its
 * own): a direct-tcpip channel on the jump host's session, a socketpair,
 * and a pump thread copying between the two; the device's session runs
 * over the other end of the socketpair (SSH_OPTIONS_FD), so both host keys
 * are verified by the same code.
 */
#include "config.h"
#include "ssh_transport.h"
#include "collector.h"
#include "log.h"
#include "sbuf.h"

#include <errno.h>
#include <libssh/libssh.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* What a modern OpenSSH offers (and libssh 0.10 implements). */
#define MODERN_KEX "curve25519-sha256,curve25519-sha256@libssh.org," \
	"ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521," \
	"diffie-hellman-group18-sha512,diffie-hellman-group16-sha512," \
	"diffie-hellman-group-exchange-sha256,diffie-hellman-group14-sha256"
#define MODERN_HOSTKEYS "ssh-ed25519,ecdsa-sha2-nistp521," \
	"ecdsa-sha2-nistp384,ecdsa-sha2-nistp256,rsa-sha2-512,rsa-sha2-256"
#define MODERN_CIPHERS "chacha20-poly1305@openssh.com," \
	"aes256-gcm@openssh.com,aes128-gcm@openssh.com,aes256-ctr," \
	"aes192-ctr,aes128-ctr"
#define MODERN_MACS "hmac-sha2-256-etm@openssh.com," \
	"hmac-sha2-512-etm@openssh.com,hmac-sha2-256,hmac-sha2-512," \
	"hmac-sha1-etm@openssh.com,hmac-sha1"

enum method { M_KEX, M_HOSTKEY, M_CIPHER, M_MAC, M__N };

static const char *const modern[M__N] = {
	MODERN_KEX, MODERN_HOSTKEYS, MODERN_CIPHERS, MODERN_MACS,
};

/* Legacy algorithms per method, most preferred first. */
static const char *const legacy_of[M__N][6] = {
	{"diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1",
	 "diffie-hellman-group1-sha1", NULL},
	{"ssh-rsa", "ssh-dss", NULL},
	{"aes256-cbc", "aes192-cbc", "aes128-cbc", "3des-cbc", NULL},
	{"hmac-md5", NULL},
};

const char *const sshtr_legacy_names[] = {
	"diffie-hellman-group14-sha1", "diffie-hellman-group-exchange-sha1",
	"diffie-hellman-group1-sha1", "ssh-rsa", "ssh-dss", "aes256-cbc",
	"aes192-cbc", "aes128-cbc", "3des-cbc", "hmac-md5", NULL,
};

#define MAX_LEGACY 16

struct sshtr {
	struct sshtr_opts o;
	ssh_session jump, sess;
	ssh_channel fwd, shell;
	int sv[2];
	pthread_t pump;
	bool pump_running;
	volatile int pump_stop;
	char extra[M__N][256];	/* legacy algorithms added per method */
	const char *legacy_used[MAX_LEGACY];
	size_t nlegacy;
	char recorded[160];
};

static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t known_hosts_lock = PTHREAD_MUTEX_INITIALIZER;

static void lib_init(void)
{
	ssh_init();
}

/* ---- helpers -------------------------------------------------------------- */

static long remaining(const struct sshtr *t, long step_ms)
{
	long now = collect_now_ms(), ms = step_ms > 0 ? step_ms : 30000;

	if (t->o.deadline_ms > 0 && t->o.deadline_ms - now < ms)
		ms = t->o.deadline_ms - now;
	return ms;
}

static void set_timeout(ssh_session s, long ms)
{
	long sec, usec;

	if (ms < 1)
		ms = 1;
	sec = ms / 1000;
	usec = (ms % 1000) * 1000;
	ssh_options_set(s, SSH_OPTIONS_TIMEOUT, &sec);
	ssh_options_set(s, SSH_OPTIONS_TIMEOUT_USEC, &usec);
}

static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; p && *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		while (len > 0 && p[0] == ' ') {
			p++;
			len--;
		}
		if (len == n && strncmp(p, name, n) == 0)
			return true;
		p = e ? e + 1 : NULL;
	}
	return false;
}

static bool legacy_allowed(const struct sshtr *t, const char *name)
{
	if (!t->o.legacy)
		return false;
	return strcmp(t->o.legacy, "all") == 0 || in_list(t->o.legacy, name);
}

int sshtr_legacy_check(const char *list, struct si_error *err)
{
	char name[128];

	if (!list || strcmp(list, "all") == 0)
		return 0;
	for (const char *p = list; *p;) {
		const char *e = strchr(p, ',');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		bool known = false;

		snprintf(name, sizeof(name), "%.*s", (int)len, p);
		for (int i = 0; sshtr_legacy_names[i]; i++)
			known = known || strcmp(name, sshtr_legacy_names[i]) == 0;
		if (!known)
			return si_error_set(err, NULL, 0, 0, "unknown legacy "
					    "algorithm '%s' (known: "
					    "diffie-hellman-group14-sha1, "
					    "diffie-hellman-group-exchange-sha1,"
					    " diffie-hellman-group1-sha1, "
					    "ssh-rsa, ssh-dss, aes256-cbc, "
					    "aes192-cbc, aes128-cbc, 3des-cbc, "
					    "hmac-md5)", name);
		p = e ? e + 1 : p + len;
	}
	return 0;
}

static void note_legacy(struct sshtr *t, const char *name)
{
	for (size_t i = 0; i < t->nlegacy; i++)
		if (strcmp(t->legacy_used[i], name) == 0)
			return;
	for (int i = 0; sshtr_legacy_names[i]; i++)
		if (strcmp(name, sshtr_legacy_names[i]) == 0 &&
		    t->nlegacy < MAX_LEGACY)
			t->legacy_used[t->nlegacy++] = sshtr_legacy_names[i];
}

static char *fingerprint(ssh_key key)
{
	unsigned char *hash = NULL;
	size_t hlen = 0;
	char *fp = NULL;

	if (key && ssh_get_publickey_hash(key, SSH_PUBLICKEY_HASH_SHA256, &hash,
					  &hlen) == 0) {
		fp = ssh_get_fingerprint_hash(SSH_PUBLICKEY_HASH_SHA256, hash,
					      hlen);
		ssh_clean_pubkey_hash(&hash);
	}
	return fp;
}

/* The status of a failed ssh_connect, from libssh's message. */
static enum src_status connect_status(const char *msg)
{
	static const struct {
		const char *word;
		enum src_status st;
	} map[] = {
		{"refused", SRC_UNREACHABLE},
		{"resolve", SRC_UNREACHABLE},
		{"No route", SRC_UNREACHABLE},
		{"unreachable", SRC_UNREACHABLE},
		{"Name or service", SRC_UNREACHABLE},
		{"imeout", SRC_TIMEOUT},
		{"timed out", SRC_TIMEOUT},
		{"no match for method", SRC_PROTOCOL_ERROR},
		{"Protocol mismatch", SRC_PROTOCOL_ERROR},
		{"banner", SRC_PROTOCOL_ERROR},
		{"disconnected", SRC_CLOSED},
		{"closed", SRC_CLOSED},
		{"reset", SRC_CLOSED},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strstr(msg, map[i].word))
			return map[i].st;
	return SRC_ERROR;
}

/* ---- jump host: a forwarded channel behind a socketpair -------------------- */

static int write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

static void *pump_main(void *arg)
{
	struct sshtr *t = arg;
	char buf[16384];
	struct pollfd p[2] = {
		{.fd = t->sv[1], .events = POLLIN},
		{.fd = ssh_get_fd(t->jump), .events = POLLIN},
	};

	while (!t->pump_stop) {
		int n = ssh_channel_read_nonblocking(t->fwd, buf, sizeof(buf),
						     0);

		if (n > 0) {
			if (write_all(t->sv[1], buf, (size_t)n) < 0)
				break;
			continue;
		}
		if (n == SSH_ERROR || ssh_channel_is_eof(t->fwd) ||
		    ssh_channel_is_closed(t->fwd))
			break;
		if (poll(p, 2, 50) < 0 && errno != EINTR)
			break;
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			ssize_t r = read(t->sv[1], buf, sizeof(buf));

			if (r <= 0)
				break;
			if (ssh_channel_write(t->fwd, buf, (uint32_t)r) !=
			    (int)r)
				break;
		}
	}
	shutdown(t->sv[1], SHUT_RDWR);
	return NULL;
}

static void jump_down(struct sshtr *t)
{
	if (t->pump_running) {
		t->pump_stop = 1;
		shutdown(t->sv[1], SHUT_RDWR);
		pthread_join(t->pump, NULL);
		t->pump_running = false;
	}
	if (t->fwd) {
		ssh_channel_close(t->fwd);
		ssh_channel_free(t->fwd);
		t->fwd = NULL;
	}
	if (t->sv[0] >= 0)
		close(t->sv[0]);
	if (t->sv[1] >= 0)
		close(t->sv[1]);
	t->sv[0] = t->sv[1] = -1;
}

static enum src_status verify_host(struct sshtr *t, ssh_session s,
				   const char *host, int port,
				   struct si_error *err);
static enum src_status authenticate(struct sshtr *t, ssh_session s,
				    const struct sshtr_hop *h,
				    struct si_error *err);
static void base_options(struct sshtr *t, ssh_session s,
			 const struct sshtr_hop *h);

static enum src_status jump_open(struct sshtr *t, struct si_error *err)
{
	const struct sshtr_hop *j = t->o.jump;
	enum src_status st;

	t->jump = ssh_new();
	if (!t->jump)
		return si_error_set(err, NULL, 0, 0, "out of memory"), SRC_ERROR;
	base_options(t, t->jump, j);
	ssh_options_set(t->jump, SSH_OPTIONS_KEY_EXCHANGE, MODERN_KEX);
	ssh_options_set(t->jump, SSH_OPTIONS_HOSTKEYS, MODERN_HOSTKEYS);
	set_timeout(t->jump, remaining(t, t->o.connect_ms));
	if (ssh_connect(t->jump) != SSH_OK) {
		st = connect_status(ssh_get_error(t->jump));
		si_error_set(err, NULL, 0, 0, "jump host %s port %d: %s",
			     j->host, j->port, ssh_get_error(t->jump));
		return st;
	}
	st = verify_host(t, t->jump, j->host, j->port, err);
	if (st == SRC_OK)
		st = authenticate(t, t->jump, j, err);
	if (st != SRC_OK)
		si_error_prefix(err, "jump host %s", j->host);
	return st;
}

/* A fresh forwarded channel to the device and the socketpair behind it. */
static enum src_status jump_forward(struct sshtr *t, struct si_error *err)
{
	t->fwd = ssh_channel_new(t->jump);
	if (!t->fwd)
		return si_error_set(err, NULL, 0, 0, "out of memory"), SRC_ERROR;
	set_timeout(t->jump, remaining(t, t->o.connect_ms));
	if (ssh_channel_open_forward(t->fwd, t->o.dev.host, t->o.dev.port,
				     "127.0.0.1", 22) != SSH_OK) {
		si_error_set(err, NULL, 0, 0, "jump host %s could not reach "
			     "%s port %d: %s", t->o.jump->host, t->o.dev.host,
			     t->o.dev.port, ssh_get_error(t->jump));
		return SRC_UNREACHABLE;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, t->sv) < 0)
		return si_error_set(err, NULL, 0, 0, "socketpair: %s",
				    strerror(errno)), SRC_ERROR;
	t->pump_stop = 0;
	if (pthread_create(&t->pump, NULL, pump_main, t) != 0)
		return si_error_set(err, NULL, 0, 0, "cannot start a thread"),
		       SRC_ERROR;
	t->pump_running = true;
	return SRC_OK;
}

/* ---- host keys ------------------------------------------------------------ */

/* The fingerprint known_hosts records for host:port with the same key type
 * as key (libssh's lookup does not hand it out reliably); NULL if none. */
static char *recorded_fingerprint(const char *file, const char *host,
				  int port, ssh_key key)
{
	char name[300], line[8192], *fp = NULL;
	FILE *f;

	if (!file)
		return NULL;
	if (port == 22)
		snprintf(name, sizeof(name), "%s", host);
	else
		snprintf(name, sizeof(name), "[%s]:%d", host, port);
	f = fopen(file, "r");
	if (!f)
		return NULL;
	while (!fp && fgets(line, sizeof(line), f)) {
		struct ssh_knownhosts_entry *e = NULL;

		line[strcspn(line, "\r\n")] = '\0';
		if (ssh_known_hosts_parse_line(name, line, &e) == SSH_OK && e &&
		    e->publickey &&
		    ssh_key_type(e->publickey) == ssh_key_type(key))
			fp = fingerprint(e->publickey);
		SSH_KNOWNHOSTS_ENTRY_FREE(e);
	}
	fclose(f);
	return fp;
}

static enum src_status verify_host(struct sshtr *t, ssh_session s,
				   const char *host, int port,
				   struct si_error *err)
{
	enum ssh_known_hosts_e kh;
	ssh_key key = NULL;
	char *fp = NULL, *old = NULL;
	const char *file = t->o.known_hosts ? t->o.known_hosts
					    : "~/.ssh/known_hosts";
	enum src_status st = SRC_ERROR;

	if (ssh_get_server_publickey(s, &key) != SSH_OK)
		return si_error_set(err, NULL, 0, 0, "no host key: %s",
				    ssh_get_error(s)), SRC_PROTOCOL_ERROR;
	fp = fingerprint(key);
	kh = ssh_session_is_known_server(s);
	switch (kh) {
	case SSH_KNOWN_HOSTS_OK:
		st = SRC_OK;
		break;
	case SSH_KNOWN_HOSTS_CHANGED:
	case SSH_KNOWN_HOSTS_OTHER:
		/* refused, whatever accept_new says */
		old = recorded_fingerprint(t->o.known_hosts, host, port, key);
		si_error_set(err, NULL, 0, 0, "host key of %s port %d does not "
			     "match %s: the device offers %s %s, known_hosts "
			     "has %s; refused (if the device was really "
			     "replaced, remove the old line with ssh-keygen -R "
			     "'[%s]:%d' -f %s)", host, port, file,
			     ssh_key_type_to_char(ssh_key_type(key)),
			     fp ? fp : "?", old ? old : "a key of another type",
			     host, port, file);
		st = SRC_HOST_KEY_MISMATCH;
		break;
	case SSH_KNOWN_HOSTS_UNKNOWN:
	case SSH_KNOWN_HOSTS_NOT_FOUND:
		if (!t->o.accept_new) {
			si_error_set(err, NULL, 0, 0, "host key of %s port %d "
				     "is not in %s (the device offers %s %s); "
				     "verify it and add it, or set "
				     "accept_new_host_key: true for this "
				     "device", host, port, file,
				     ssh_key_type_to_char(ssh_key_type(key)),
				     fp ? fp : "?");
			st = SRC_HOST_KEY_UNKNOWN;
			break;
		}
		pthread_mutex_lock(&known_hosts_lock);
		if (ssh_session_update_known_hosts(s) == SSH_OK) {
			snprintf(t->recorded, sizeof(t->recorded), "%s %s",
				 ssh_key_type_to_char(ssh_key_type(key)),
				 fp ? fp : "?");
			log_warn("ssh", "%s port %d: new host key %s recorded "
				 "in %s (accept_new_host_key)", host, port,
				 t->recorded, file);
			st = SRC_OK;
		} else {
			si_error_set(err, NULL, 0, 0, "cannot record the host "
				     "key of %s in %s: %s", host, file,
				     ssh_get_error(s));
			st = SRC_ERROR;
		}
		pthread_mutex_unlock(&known_hosts_lock);
		break;
	case SSH_KNOWN_HOSTS_ERROR:
	default:
		si_error_set(err, NULL, 0, 0, "cannot check the host key of %s "
			     "against %s: %s", host, file, ssh_get_error(s));
		st = SRC_ERROR;
		break;
	}
	ssh_string_free_char(fp);
	ssh_string_free_char(old);
	ssh_key_free(key);
	return st;
}

/* ---- authentication --------------------------------------------------------- */

static bool auth_ok(int rc)
{
	return rc == SSH_AUTH_SUCCESS;
}

static int try_kbdint(ssh_session s, const char *password)
{
	int rc = ssh_userauth_kbdint(s, NULL, NULL);

	for (int round = 0; rc == SSH_AUTH_INFO && round < 5; round++) {
		int n = ssh_userauth_kbdint_getnprompts(s);

		for (int i = 0; i < n; i++) {
			char echo = 0;
			const char *p = ssh_userauth_kbdint_getprompt(
				s, (unsigned)i, &echo);

			/* a hidden answer is the password; anything else
			 * (a banner question) gets an empty answer */
			if (ssh_userauth_kbdint_setanswer(s, (unsigned)i,
							  !echo || (p &&
							  strcasestr(p,
							  "password"))
							  ? password : "") < 0)
				return SSH_AUTH_ERROR;
		}
		rc = ssh_userauth_kbdint(s, NULL, NULL);
	}
	return rc;
}

static void add_tried(char *buf, size_t n, const char *what)
{
	size_t l = strlen(buf);

	snprintf(buf + l, n - l, "%s%s", l ? ", " : "", what);
}

static enum src_status authenticate(struct sshtr *t, ssh_session s,
				    const struct sshtr_hop *h,
				    struct si_error *err)
{
	char tried[256] = "", allowed[128] = "";
	int methods, rc;

	set_timeout(s, remaining(t, t->o.connect_ms));
	rc = ssh_userauth_none(s, NULL);
	if (auth_ok(rc))
		return SRC_OK;
	if (rc == SSH_AUTH_ERROR)
		goto failed;
	methods = ssh_userauth_list(s, NULL);
	if (h->key_file && (methods & SSH_AUTH_METHOD_PUBLICKEY)) {
		ssh_key key = NULL;

		add_tried(tried, sizeof(tried), "public key");
		if (ssh_pki_import_privkey_file(h->key_file, NULL, NULL, NULL,
						&key) != SSH_OK) {
			si_error_set(err, NULL, 0, 0, "cannot read the private "
				     "key %s (a missing file, a passphrase, or "
				     "an unknown format)", h->key_file);
			return SRC_ERROR;
		}
		rc = ssh_userauth_publickey(s, NULL, key);
		ssh_key_free(key);
		if (auth_ok(rc))
			return SRC_OK;
		if (rc == SSH_AUTH_ERROR)
			goto failed;
	}
	if (h->use_agent && (methods & SSH_AUTH_METHOD_PUBLICKEY)) {
		add_tried(tried, sizeof(tried), "ssh-agent");
		rc = ssh_userauth_agent(s, NULL);
		if (auth_ok(rc))
			return SRC_OK;
		if (rc == SSH_AUTH_ERROR && !getenv("SSH_AUTH_SOCK")) {
			si_error_set(err, NULL, 0, 0, "use_agent is set but "
				     "SSH_AUTH_SOCK is not");
			return SRC_ERROR;
		}
	}
	if (h->password && (methods & SSH_AUTH_METHOD_PASSWORD)) {
		add_tried(tried, sizeof(tried), "password");
		rc = ssh_userauth_password(s, NULL, h->password);
		if (auth_ok(rc))
			return SRC_OK;
		if (rc == SSH_AUTH_ERROR)
			goto failed;
	}
	if (h->password && (methods & SSH_AUTH_METHOD_INTERACTIVE)) {
		add_tried(tried, sizeof(tried), "keyboard-interactive");
		rc = try_kbdint(s, h->password);
		if (auth_ok(rc))
			return SRC_OK;
		if (rc == SSH_AUTH_ERROR)
			goto failed;
	}
	methods = ssh_userauth_list(s, NULL);
	if (methods & SSH_AUTH_METHOD_PUBLICKEY)
		add_tried(allowed, sizeof(allowed), "publickey");
	if (methods & SSH_AUTH_METHOD_PASSWORD)
		add_tried(allowed, sizeof(allowed), "password");
	if (methods & SSH_AUTH_METHOD_INTERACTIVE)
		add_tried(allowed, sizeof(allowed), "keyboard-interactive");
	si_error_set(err, NULL, 0, 0, "%s refused the log-in of '%s' (tried: "
		     "%s; it accepts: %s)", h->host, h->user ? h->user : "?",
		     tried[0] ? tried : "nothing: no password or key "
		     "configured", allowed[0] ? allowed : "none");
	return SRC_AUTH_FAILED;
failed:
	si_error_set(err, NULL, 0, 0, "authentication with %s failed: %s",
		     h->host, ssh_get_error(s));
	return connect_status(ssh_get_error(s)) == SRC_TIMEOUT ? SRC_TIMEOUT
							      : SRC_CLOSED;
}

/* ---- connecting --------------------------------------------------------------- */

static void base_options(struct sshtr *t, ssh_session s,
			 const struct sshtr_hop *h)
{
	int no = 0, yes = 1;

	ssh_options_set(s, SSH_OPTIONS_PROCESS_CONFIG, &no);
	ssh_options_set(s, SSH_OPTIONS_HOST, h->host);
	ssh_options_set(s, SSH_OPTIONS_PORT, &h->port);
	if (h->user)
		ssh_options_set(s, SSH_OPTIONS_USER, h->user);
	if (t->o.known_hosts)
		ssh_options_set(s, SSH_OPTIONS_KNOWNHOSTS, t->o.known_hosts);
	ssh_options_set(s, SSH_OPTIONS_NODELAY, &yes);
	ssh_options_set(s, SSH_OPTIONS_STRICTHOSTKEYCHECK, &yes);
}

static void set_algorithms(struct sshtr *t, ssh_session s)
{
	static const enum ssh_options_e opt[M__N][2] = {
		{SSH_OPTIONS_KEY_EXCHANGE, SSH_OPTIONS_KEY_EXCHANGE},
		{SSH_OPTIONS_HOSTKEYS, SSH_OPTIONS_HOSTKEYS},
		{SSH_OPTIONS_CIPHERS_C_S, SSH_OPTIONS_CIPHERS_S_C},
		{SSH_OPTIONS_HMAC_C_S, SSH_OPTIONS_HMAC_S_C},
	};
	char list[1024];

	for (int m = 0; m < M__N; m++) {
		snprintf(list, sizeof(list), "%s%s%s", modern[m],
			 t->extra[m][0] ? "," : "", t->extra[m]);
		ssh_options_set(s, opt[m][0], list);
		if (opt[m][1] != opt[m][0])
			ssh_options_set(s, opt[m][1], list);
	}
	if (t->extra[M_HOSTKEY][0]) {
		/* a device with an ssh-rsa host key often wants ssh-rsa
		 * signatures from our key too */
		snprintf(list, sizeof(list), "ssh-ed25519,ecdsa-sha2-nistp521,"
			 "ecdsa-sha2-nistp384,ecdsa-sha2-nistp256,rsa-sha2-512,"
			 "rsa-sha2-256,%s", t->extra[M_HOSTKEY]);
		ssh_options_set(s, SSH_OPTIONS_PUBLICKEY_ACCEPTED_TYPES, list);
	}
}

/* libssh: "kex error : no match for method server host key algo: server
 * [ssh-rsa], client [...]".  Which method, and what the server offers. */
static int parse_no_match(const char *msg, char *server, size_t n)
{
	const char *p = strstr(msg, "no match for method"), *a, *b;
	int m;

	if (!p)
		return -1;
	if (strstr(p, "host key"))
		m = M_HOSTKEY;
	else if (strstr(p, "kex"))
		m = M_KEX;
	else if (strstr(p, "encryption"))
		m = M_CIPHER;
	else if (strstr(p, "mac"))
		m = M_MAC;
	else
		return -1;
	a = strstr(p, "server [");
	b = a ? strchr(a + 8, ']') : NULL;
	if (!a || !b)
		return -1;
	snprintf(server, n, "%.*s", (int)(b - a - 8), a + 8);
	return m;
}

static const char *method_words(int m)
{
	static const char *const w[M__N] = {
		"key exchange", "host key", "cipher", "MAC",
	};

	return w[m];
}

/* Drops the protocol markers (ext-info-*, kex-strict-*) from a list. */
static void drop_pseudo(char *list)
{
	char out[512] = "", *save = NULL;

	for (char *p = strtok_r(list, ",", &save); p;
	     p = strtok_r(NULL, ",", &save))
		if (strncmp(p, "ext-info-", 9) != 0 &&
		    strncmp(p, "kex-strict-", 11) != 0)
			add_tried(out, sizeof(out), p);
	/* add_tried separates with ", " */
	strcpy(list, out);
}

/* After a negotiation failure: add what the device offers that we may use;
 * 1 = retry, 0 = give up (err says why). */
static int add_legacy(struct sshtr *t, const char *msg, struct si_error *err)
{
	char server[512], offered[256] = "", blocked[256] = "";
	int m = parse_no_match(msg, server, sizeof(server));

	if (m < 0)
		return 0;
	for (int i = 0; legacy_of[m][i]; i++) {
		const char *a = legacy_of[m][i];

		if (!in_list(server, a) || in_list(t->extra[m], a))
			continue;
		if (legacy_allowed(t, a))
			add_tried(offered, sizeof(offered), a);
		else
			add_tried(blocked, sizeof(blocked), a);
	}
	if (offered[0]) {
		size_t l = strlen(t->extra[m]);

		snprintf(t->extra[m] + l, sizeof(t->extra[m]) - l, "%s%s",
			 l ? "," : "", offered);
		return 1;
	}
	drop_pseudo(server);
	if (blocked[0])
		si_error_set(err, NULL, 0, 0, "no common %s algorithm: the "
			     "device offers only %s; to allow it for this "
			     "device, set legacy_algorithms: [%s] (or true) in "
			     "its ssh settings", method_words(m), server,
			     blocked);
	else
		si_error_set(err, NULL, 0, 0, "no common %s algorithm: the "
			     "device offers %s", method_words(m), server);
	return 0;
}

static void record_negotiated(struct sshtr *t)
{
	const char *names[] = {
		ssh_get_kex_algo(t->sess), ssh_get_cipher_out(t->sess),
		ssh_get_cipher_in(t->sess), ssh_get_hmac_out(t->sess),
		ssh_get_hmac_in(t->sess),
	};
	char list[256], *save = NULL;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i])
			note_legacy(t, names[i]);
	/* the host key algorithm has no getter: it is the one added */
	snprintf(list, sizeof(list), "%s", t->extra[M_HOSTKEY]);
	for (char *p = strtok_r(list, ",", &save); p;
	     p = strtok_r(NULL, ",", &save))
		note_legacy(t, p);
}

static enum src_status connect_dev(struct sshtr *t, struct si_error *err)
{
	for (int attempt = 0; attempt < 6; attempt++) {
		enum src_status st;
		const char *msg;

		if (t->sess) {
			ssh_disconnect(t->sess);
			ssh_free(t->sess);
			t->sess = NULL;
		}
		if (t->jump) {
			jump_down(t);
			st = jump_forward(t, err);
			if (st != SRC_OK)
				return st;
		}
		t->sess = ssh_new();
		if (!t->sess)
			return si_error_set(err, NULL, 0, 0, "out of memory"),
			       SRC_ERROR;
		base_options(t, t->sess, &t->o.dev);
		if (t->jump)
			ssh_options_set(t->sess, SSH_OPTIONS_FD, &t->sv[0]);
		set_algorithms(t, t->sess);
		set_timeout(t->sess, remaining(t, t->o.connect_ms));
		if (remaining(t, t->o.connect_ms) <= 0)
			return si_error_set(err, NULL, 0, 0, "the time allowed "
					    "for the device ran out before "
					    "connecting"), SRC_TIMEOUT;
		if (ssh_connect(t->sess) == SSH_OK) {
			record_negotiated(t);
			return SRC_OK;
		}
		msg = ssh_get_error(t->sess);
		st = connect_status(msg);
		if (st == SRC_PROTOCOL_ERROR && strstr(msg, "no match")) {
			if (add_legacy(t, msg, err))
				continue;
			return SRC_PROTOCOL_ERROR;
		}
		si_error_set(err, NULL, 0, 0, "%s%s port %d: %s",
			     t->jump ? "through the jump host, " : "",
			     t->o.dev.host, t->o.dev.port, msg);
		if (st == SRC_TIMEOUT)
			si_error_set(err, NULL, 0, 0, "no SSH answer from %s "
				     "port %d within %.1f s (%s)", t->o.dev.host,
				     t->o.dev.port, remaining(t, t->o.connect_ms)
				     > 0 ? t->o.connect_ms / 1000.0 : 0.0, msg);
		return st;
	}
	return si_error_set(err, NULL, 0, 0, "algorithm negotiation did not "
			    "converge"), SRC_PROTOCOL_ERROR;
}

enum src_status sshtr_open(const struct sshtr_opts *o, struct sshtr **out,
			   struct si_error *err)
{
	struct sshtr *t;
	enum src_status st;

	pthread_once(&init_once, lib_init);
	*out = NULL;
	if (sshtr_legacy_check(o->legacy, err) < 0)
		return SRC_ERROR;
	t = calloc(1, sizeof(*t));
	if (!t)
		return si_error_set(err, NULL, 0, 0, "out of memory"), SRC_ERROR;
	t->o = *o;
	t->sv[0] = t->sv[1] = -1;
	*out = t;
	if (o->jump) {
		st = jump_open(t, err);
		if (st != SRC_OK)
			return st;
	}
	st = connect_dev(t, err);
	if (st != SRC_OK)
		return st;
	st = verify_host(t, t->sess, o->dev.host, o->dev.port, err);
	if (st != SRC_OK)
		return st;
	return authenticate(t, t->sess, &o->dev, err);
}

/* ---- channels ------------------------------------------------------------------ */

enum src_status sshtr_shell(struct sshtr *t, struct si_error *err)
{
	set_timeout(t->sess, remaining(t, t->o.connect_ms));
	t->shell = ssh_channel_new(t->sess);
	if (!t->shell || ssh_channel_open_session(t->shell) != SSH_OK) {
		si_error_set(err, NULL, 0, 0, "cannot open a session channel: "
			     "%s", ssh_get_error(t->sess));
		return SRC_CLOSED;
	}
	/* a wide terminal, so that no line is wrapped */
	if (ssh_channel_request_pty_size(t->shell, "vt100",
					 t->o.term_width > 0 ? t->o.term_width
							     : 511,
					 t->o.term_height > 0 ? t->o.term_height
							      : 24) != SSH_OK)
		log_debug("ssh", "%s: no pty (%s); going on without one",
			  t->o.dev.host, ssh_get_error(t->sess));
	if (ssh_channel_request_shell(t->shell) != SSH_OK) {
		si_error_set(err, NULL, 0, 0, "the device refused a shell: %s",
			     ssh_get_error(t->sess));
		return SRC_PROTOCOL_ERROR;
	}
	return SRC_OK;
}

static int io_send(void *ctx, const char *data, size_t len,
		   struct si_error *err)
{
	struct sshtr *t = ctx;

	if (!t->shell || ssh_channel_write(t->shell, data, (uint32_t)len) !=
				 (int)len) {
		si_error_set(err, NULL, 0, 0, "sending to the device failed: %s",
			     ssh_get_error(t->sess));
		return -1;
	}
	return 0;
}

/* Reads from ch (stdout, then stderr) until deadline. */
static long chan_read(struct sshtr *t, ssh_channel ch, char *buf, size_t n,
		      long deadline, struct si_error *err)
{
	for (;;) {
		long left = deadline - collect_now_ms();
		int avail;

		for (int e = 0; e < 2; e++) {
			int r = ssh_channel_read_nonblocking(ch, buf,
							     (uint32_t)n, e);

			if (r > 0)
				return r;
			if (r == SSH_ERROR)
				goto error;
		}
		if (ssh_channel_is_eof(ch) || ssh_channel_is_closed(ch))
			return SSHCLI_EOF;
		if (left <= 0)
			return 0;
		avail = ssh_channel_poll_timeout(ch, left > 1000 ? 1000
								: (int)left, 0);
		if (avail == SSH_EOF)
			return SSHCLI_EOF;
		if (avail == SSH_ERROR)
			goto error;
	}
error:
	if (ssh_channel_is_closed(ch) || ssh_channel_is_eof(ch) ||
	    !ssh_is_connected(t->sess))
		return SSHCLI_EOF;
	si_error_set(err, NULL, 0, 0, "reading from the device failed: %s",
		     ssh_get_error(t->sess));
	return -1;
}

static long io_read(void *ctx, char *buf, size_t n, long deadline,
		    struct si_error *err)
{
	struct sshtr *t = ctx;

	return chan_read(t, t->shell, buf, n, deadline, err);
}

const struct sshcli_io sshtr_io = {io_send, io_read};

enum src_status sshtr_exec(struct sshtr *t, const char *cmd, long idle_ms,
			   long deadline_ms, size_t max, char **out,
			   size_t *len, int *exit_status,
			   struct si_error *err)
{
	ssh_channel ch;
	struct sbuf b;
	char buf[16384];
	enum src_status st = SRC_OK;
	long last = collect_now_ms();

	*out = NULL;
	*len = 0;
	*exit_status = -1;
	set_timeout(t->sess, remaining(t, t->o.connect_ms));
	ch = ssh_channel_new(t->sess);
	if (!ch || ssh_channel_open_session(ch) != SSH_OK ||
	    ssh_channel_request_exec(ch, cmd) != SSH_OK) {
		si_error_set(err, NULL, 0, 0, "exec channel refused: %s",
			     ssh_get_error(t->sess));
		ssh_channel_free(ch);
		return SRC_PROTOCOL_ERROR;
	}
	sbuf_init(&b, max);
	for (;;) {
		long now, dl = last + idle_ms, n;

		if (deadline_ms > 0 && deadline_ms < dl)
			dl = deadline_ms;
		n = chan_read(t, ch, buf, sizeof(buf), dl, err);
		if (n > 0) {
			if (sbuf_add(&b, buf, (size_t)n) < 0) {
				si_error_set(err, NULL, 0, 0, "the output passed "
					     "the cap of %zu bytes", max);
				st = SRC_PROTOCOL_ERROR;
				break;
			}
			last = collect_now_ms();
			continue;
		}
		if (n == SSHCLI_EOF)
			break;
		if (n < 0) {
			st = SRC_CLOSED;
			break;
		}
		now = collect_now_ms();
		if (now >= dl) {
			si_error_set(err, NULL, 0, 0, now >= last + idle_ms
				     ? "the device stalled: no output for %.1f "
				     "s after %zu bytes" : "the time allowed ran "
				     "out (%.1f s idle limit, %zu bytes)",
				     idle_ms / 1000.0, b.len);
			st = SRC_TIMEOUT;
			break;
		}
	}
	if (st == SRC_OK)
		*exit_status = ssh_channel_get_exit_status(ch);
	ssh_channel_close(ch);
	ssh_channel_free(ch);
	*len = b.len;
	*out = sbuf_steal(&b);
	sbuf_free(&b);
	return st;
}

size_t sshtr_legacy_used(const struct sshtr *t, const char *const **names)
{
	*names = t->legacy_used;
	return t->nlegacy;
}

const char *sshtr_recorded_key(const struct sshtr *t)
{
	return t->recorded[0] ? t->recorded : NULL;
}

void sshtr_close(struct sshtr *t)
{
	if (!t)
		return;
	if (t->shell) {
		if (t->sess && ssh_is_connected(t->sess)) {
			set_timeout(t->sess, 1000);
			ssh_channel_close(t->shell);
		}
		ssh_channel_free(t->shell);
	}
	if (t->sess) {
		if (ssh_is_connected(t->sess))
			ssh_disconnect(t->sess);
		ssh_free(t->sess);
	}
	jump_down(t);
	if (t->jump) {
		ssh_disconnect(t->jump);
		ssh_free(t->jump);
	}
	free(t);
}
