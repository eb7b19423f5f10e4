/* probe.c - `swinspect probe HOST`: before a site visit, what answers at
 * one address: TCP to the SSH port (and its banner), SNMP identity with
 * the given credentials, an SSH login when the inventory gives one, and
 * which vendor profile the identity matches.  Nothing is written; no
 * secret is printed (only where it came from). */
#include "config.h"
#include "probe.h"
#include "collectors/profile.h"
#include "collectors/snmp.h"
#include "collectors/ssh_transport.h"
#include "error.h"
#include "inventory.h"
#include "model.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define PROBE_TCP_MS 3000

static const char probe_usage[] =
	"usage: swinspect probe HOST [--snmp-community-env VAR] [--snmp-port N]\n"
	"                            [--ssh-port N] [--timeout-ms N]\n"
	"       swinspect probe --inventory FILE --device NAME\n";

/* Connects within ms; reads the server's first line (the SSH banner). */
static const char *tcp_probe(const char *host, int port, int ms, char *banner,
			     size_t n)
{
	struct addrinfo hints = {.ai_socktype = SOCK_STREAM}, *ai = NULL;
	char ps[16];
	const char *res = "no answer";
	int fd = -1;

	banner[0] = '\0';
	snprintf(ps, sizeof(ps), "%d", port);
	if (getaddrinfo(host, ps, &hints, &ai) != 0 || !ai)
		return "name not resolved";
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    0);
	if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) < 0 &&
	    errno == EINPROGRESS) {
		struct pollfd p = {.fd = fd, .events = POLLOUT};
		int e = 0;
		socklen_t el = sizeof(e);

		if (poll(&p, 1, ms) == 1) {
			getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el);
			res = e == 0 ? "open" : e == ECONNREFUSED ? "refused"
								  : strerror(e);
		}
	} else if (fd >= 0) {
		res = errno == ECONNREFUSED ? "refused" : strerror(errno);
		if (errno == 0)
			res = "open";
	}
	if (strcmp(res, "open") == 0) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		ssize_t r = poll(&p, 1, ms) == 1 ? read(fd, banner, n - 1) : 0;

		banner[r > 0 ? r : 0] = '\0';
		banner[strcspn(banner, "\r\n")] = '\0';
		for (char *c = banner; *c; c++)
			if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e)
				*c = '?';
	}
	if (fd >= 0)
		close(fd);
	freeaddrinfo(ai);
	return res;
}

#if WITH_SNMP
static void first_line(const char *s, char *out, size_t n)
{
	snprintf(out, n, "%s", s ? s : "");
	out[strcspn(out, "\r\n")] = '\0';
}
#endif

/* SNMP identity; fills oid and descr.  Returns the source status. */
static enum src_status snmp_probe(const struct target *t, char *oid,
				  size_t on, char *descr, size_t dn)
{
#if !WITH_SNMP
	(void)t;
	(void)oid;
	(void)on;
	(void)descr;
	(void)dn;
	printf("  snmp: not in this build (--enable-onbox)\n");
	return SRC_SKIPPED;
#else
	static const char *const oids[] = {"1.3.6.1.2.1.1.2.0",
					   "1.3.6.1.2.1.1.1.0",
					   "1.3.6.1.2.1.1.5.0"};
	struct snmp_vblist l = {0};
	struct si_error err;
	enum src_status st = SRC_ERROR;
	struct snmp_client *c = snmp_client_open(t, &st, &err);

	printf("  snmp v%s %s:%d (community or user: %s): ",
	       t->snmp.version == TARGET_SNMP_V3 ? "3"
	       : t->snmp.version == TARGET_SNMP_V1 ? "1" : "2c",
	       t->address, t->snmp.port,
	       t->snmp.version == TARGET_SNMP_V3 ? t->snmp.username
	       : t->snmp.community.origin ? t->snmp.community.origin : "none");
	if (c)
		st = snmp_client_get(c, oids, 3, &l, &err);
	printf("%s%s%s\n", src_status_name(st), st == SRC_OK ? "" : ": ",
	       st == SRC_OK ? "" : err.msg);
	if (st == SRC_OK && l.n == 3) {
		snprintf(oid, on, "%s", l.v[0].type == SV_OID ? l.v[0].s : "");
		first_line(l.v[1].type == SV_STR ? l.v[1].s : "", descr, dn);
		printf("    sysObjectID %s\n    sysDescr    %s\n    sysName     %s\n",
		       oid[0] ? oid : "(none)", descr,
		       l.v[2].type == SV_STR ? l.v[2].s : "(none)");
	}
	snmp_vblist_free(&l);
	if (c)
		snmp_client_close(c);
	return st;
#endif
}

static enum src_status ssh_probe(const struct target *t)
{
#if !WITH_SSH
	(void)t;
	printf("  ssh: not in this build (--enable-onbox)\n");
	return SRC_SKIPPED;
#else
	const struct target_ssh *s = &t->ssh;
	struct sshtr_opts o = {
		.dev = {t->address, s->port, s->username, s->password.value,
			s->key_file, s->use_agent},
		.known_hosts = s->known_hosts,
		.accept_new = false,
		.legacy = s->legacy_algorithms,
		.connect_ms = s->timeout_ms,
		.term_width = 200, .term_height = 50,
	};
	struct sshtr *tr = NULL;
	struct si_error err;
	enum src_status st;

	si_error_clear(&err);
	st = sshtr_open(&o, &tr, &err);
	printf("  ssh login as %s: %s%s%s\n", s->username ? s->username : "?",
	       src_status_name(st), st == SRC_OK ? "" : ": ",
	       st == SRC_OK ? "" : err.msg);
	if (tr)
		sshtr_close(tr);
	return st;
#endif
}

static void profile_line(const char *oid, const char *descr)
{
	struct si_error err;
	const struct profiles *ps = profiles_default(&err);
	const struct profile *p;

	if (!ps) {
		printf("  profile: (the profiles could not be loaded: %s)\n",
		       err.msg);
		return;
	}
	p = profiles_match_snmp(ps, oid[0] ? oid : NULL,
				descr[0] ? descr : NULL);
	if (p)
		printf("  profile: %s (vendor %s)\n", profile_name(p),
		       profile_vendor(p) ? profile_vendor(p) : "?");
	else
		printf("  profile: none matches this identity (profile: auto "
		       "would inspect it over SNMP only)\n");
}

struct probe_args {
	const char *inventory, *device, *comm_env;
	int snmp_port, ssh_port, timeout_ms;
};

static int probe_target(const struct target *t)
{
	char banner[256], oid[256] = "", descr[512] = "";
	const char *tcp;
	int rc = EXIT_OK;

	printf("probe %s%s%s\n", t->name, strcmp(t->name, t->address) ? " " : "",
	       strcmp(t->name, t->address) ? t->address : "");
	tcp = tcp_probe(t->address, t->ssh.port, PROBE_TCP_MS, banner,
			sizeof(banner));
	printf("  tcp %d (ssh): %s%s%s%s\n", t->ssh.port, tcp,
	       banner[0] ? " (" : "", banner, banner[0] ? ")" : "");
	if (strcmp(tcp, "open") != 0 && t->ssh.enabled)
		rc = EXIT_NOT_REACHED;
	if (t->snmp.enabled) {
		if (src_status_unreached(snmp_probe(t, oid, sizeof(oid), descr,
						    sizeof(descr))))
			rc = EXIT_NOT_REACHED;
	} else {
		printf("  snmp: not tried (no SNMP settings)\n");
	}
	if (t->ssh.enabled && t->ssh.username && strcmp(tcp, "open") == 0) {
		if (src_status_unreached(ssh_probe(t)))
			rc = EXIT_NOT_REACHED;
	} else {
		printf("  ssh login: not tried (%s)\n", t->ssh.enabled &&
		       t->ssh.username ? "port not open"
				       : "no SSH settings: use --inventory");
	}
	if (oid[0] || descr[0])
		profile_line(oid, descr);
	else
		printf("  profile: unknown (no SNMP identity)\n");
	return rc;
}

/* A whole decimal number in [0, max]; -1 for anything else ("", "16x"). */
static int num_arg(const char *s, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end || errno || v < 0 || v > max)
		return -1;
	return (int)v;
}

static int parse_probe_args(int argc, char **argv, struct probe_args *a,
			    const char **host)
{
	static const struct option opts[] = {
		{"inventory", required_argument, NULL, 'i'},
		{"device", required_argument, NULL, 'd'},
		{"snmp-community-env", required_argument, NULL, 'c'},
		{"snmp-port", required_argument, NULL, 's'},
		{"ssh-port", required_argument, NULL, 'p'},
		{"timeout-ms", required_argument, NULL, 't'},
		{NULL, 0, NULL, 0},
	};
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "i:", opts, NULL)) != -1) {
		switch (ch) {
		case 'i': a->inventory = optarg; break;
		case 'd': a->device = optarg; break;
		case 'c': a->comm_env = optarg; break;
		case 's': a->snmp_port = num_arg(optarg, 65535); break;
		case 'p': a->ssh_port = num_arg(optarg, 65535); break;
		case 't': a->timeout_ms = num_arg(optarg, INT_MAX); break;
		default: return -1;
		}
	}
	*host = optind < argc ? argv[optind++] : NULL;
	if (optind < argc || (a->inventory && !a->device) ||
	    (!a->inventory && !*host) || a->snmp_port < 0 ||
	    a->snmp_port > 65535 || a->ssh_port < 0 || a->ssh_port > 65535 ||
	    a->timeout_ms < 0)
		return -1;
	return 0;
}

int probe_main(int argc, char **argv)
{
	struct probe_args a = {.snmp_port = 161, .ssh_port = 22,
			       .timeout_ms = 2000};
	struct target t = {0};
	const char *host;
	char *comm, origin[300];

	if (parse_probe_args(argc, argv, &a, &host) < 0) {
		fputs(probe_usage, stderr);
		return EXIT_USAGE;
	}
	if (a.inventory) {
		struct si_diags d = {0};
		struct inventory *inv = inventory_load(a.inventory, &d);
		const struct target *dt = inv ? inventory_find(inv, a.device)
					      : NULL;
		char buf[2048];
		int rc;

		for (size_t i = 0; i < d.n; i++)
			fprintf(stderr, "%s\n", si_error_str(&d.v[i], buf,
							     sizeof(buf)));
		si_diags_free(&d);
		if (inv && !dt)
			fprintf(stderr, "swinspect: no device '%s' in %s\n",
				a.device, a.inventory);
		rc = dt ? probe_target(dt) : EXIT_DATAERR;
		inventory_free(inv);
		return rc;
	}
	comm = a.comm_env ? getenv(a.comm_env) : NULL;
	if (a.comm_env && !comm) {
		fprintf(stderr, "swinspect: environment variable '%s' is not "
			"set\n", a.comm_env);
		return EXIT_USAGE;
	}
	t.name = t.address = (char *)host;
	t.snmp.enabled = comm != NULL;
	t.snmp.version = TARGET_SNMP_V2C;
	t.snmp.port = a.snmp_port;
	t.snmp.timeout_ms = a.timeout_ms;
	t.snmp.retries = 1;
	t.snmp.community.value = comm;
	snprintf(origin, sizeof(origin), "env %s", a.comm_env ? a.comm_env : "");
	t.snmp.community.origin = origin;
	t.ssh.port = a.ssh_port;
	return probe_target(&t);
}
