/* local_cli.c - see local_cli.h
 *
 * The runner forks, puts the child in its own process group (so a command
 * that starts helpers is killed whole), points stdin at /dev/null and
 * execs the program found on PATH beforehand (nothing but dup2, setpgid and
 * execv between fork and exec).  The parent polls stdout and stderr until
 * both close, the time runs out or stdout passes its cap; an exec failure
 * comes back through a close-on-exec pipe.  The collector then runs the
 * profile's commands in order, as the SSH collector does: alternatives
 * while the box refuses, `optional` commands refused throughout listed as
 * absent, each outcome indexed, the accepted outputs given to
 * profile_apply() at the end.
 */
#include "config.h"
#include "local_cli.h"
#include "error.h"
#include "facts.h"
#include "fsutil.h"
#include "jsonio.h"
#include "log.h"
#include "profile.h"
#include "redact_config.h"
#include "sbuf.h"
#include "ssh_collect.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define CLI_TIMEOUT_MS 60000		/* one command, by default */
#define CLI_MAX_OUT (16u << 20)		/* one command's stdout */
#define CLI_MAX_ERR (64u << 10)		/* its stderr (evidence only) */
#define CLI_ERR_KEPT 2048		/* stderr bytes in raw/cli.json */
#define DEVICE_MS_DEFAULT (30L * 60 * 1000)

/* ---- words ---------------------------------------------------------------- */

void local_cli_free_argv(char **argv)
{
	for (size_t i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

int local_cli_split(const char *cmd, char ***argv)
{
	static const char shell[] = "|&;<>()$`\\\"'*?[]{}~#!";
	char **v = NULL;
	int n = 0;

	*argv = NULL;
	for (const char *p = cmd; *p; p++)
		if (strchr(shell, *p) || ((unsigned char)*p < 0x20 &&
					  *p != ' ' && *p != '\t'))
			return -1;
	for (const char *p = cmd; *p;) {
		size_t len;
		char **nv;

		p += strspn(p, " \t");
		len = strcspn(p, " \t");
		if (!len)
			break;
		nv = realloc(v, (size_t)(n + 2) * sizeof(*v));
		if (!nv || !(nv[n] = strndup(p, len))) {
			if (nv)
				v = nv;
			if (v)
				v[n] = NULL;
			local_cli_free_argv(v);
			return -1;
		}
		v = nv;
		v[++n] = NULL;
		p += len;
	}
	if (n == 0) {
		free(v);
		return -1;
	}
	*argv = v;
	return n;
}

int local_cli_which(const char *name, const char *path, char *buf, size_t n)
{
	struct stat st;

	if (!*name)
		return -1;
	if (strchr(name, '/')) {
		snprintf(buf, n, "%s", name);
		return access(buf, X_OK) == 0 ? 0 : -1;
	}
	if (!path)
		path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		size_t len = strcspn(path, ":");

		/* an empty PATH entry (the current folder) is not searched */
		if (len && (size_t)snprintf(buf, n, "%.*s/%s", (int)len, path,
					    name) < n &&
		    stat(buf, &st) == 0 && S_ISREG(st.st_mode) &&
		    access(buf, X_OK) == 0)
			return 0;
		path += len;
		if (*path == ':')
			path++;
	}
	return -1;
}

/* ---- the runner ------------------------------------------------------------- */

static void child(char *const argv[], int out, int err, int x)
{
	sigset_t none;
	int e, null = open("/dev/null", O_RDONLY);

	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	signal(SIGPIPE, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	setpgid(0, 0);
	if (null >= 0 && dup2(null, 0) == 0 && dup2(out, 1) == 1 &&
	    dup2(err, 2) == 2)
		execv(argv[0], argv);
	e = errno;
	if (write(x, &e, sizeof(e)) < 0)
		_exit(126);
	_exit(127);
}

static void kill_group(pid_t pid)
{
	kill(-pid, SIGKILL);
	kill(pid, SIGKILL);
}

/* Reads what is there on fd into b (past max: counted, dropped); closes
 * fd at EOF. */
static void drain(int *fd, struct sbuf *b)
{
	char chunk[8192];
	ssize_t got = read(*fd, chunk, sizeof(chunk));

	if (got > 0) {
		sbuf_add(b, chunk, (size_t)got);
	} else if (got == 0 || (errno != EINTR && errno != EAGAIN)) {
		close(*fd);
		*fd = -1;
	}
}

/* Polls the child's stdout and stderr until both close; the way it ended
 * when it had to be killed, else LCLI_EXITED. */
static enum lcli_end pump(pid_t pid, int *fo, int *fe, long deadline,
			  const volatile sig_atomic_t *cancel, struct sbuf *out,
			  struct sbuf *err)
{
	while (*fo >= 0 || *fe >= 0) {
		struct pollfd pf[2] = {{*fo, POLLIN, 0}, {*fe, POLLIN, 0}};
		long left = deadline - collect_now_ms();

		if (cancel && *cancel)
			return kill_group(pid), LCLI_CANCELLED;
		if (left <= 0)
			return kill_group(pid), LCLI_TIMEOUT;
		if (poll(pf, 2, left > 200 ? 200 : (int)left) < 0 &&
		    errno != EINTR)
			return kill_group(pid), LCLI_ERROR;
		if (*fo >= 0 && pf[0].revents)
			drain(fo, out);
		if (*fe >= 0 && pf[1].revents)
			drain(fe, err);
		if (out->truncated)
			return kill_group(pid), LCLI_TOO_BIG;
	}
	return LCLI_EXITED;
}

/* Waits for the child (it closed its outputs, or was killed); one that
 * lingers past the deadline is killed. */
static int reap(pid_t pid, long deadline, enum lcli_end *end)
{
	int st = 0;

	for (;;) {
		pid_t w = waitpid(pid, &st, *end == LCLI_EXITED ? WNOHANG : 0);

		if (w == pid)
			return st;
		if (w < 0 && errno != EINTR)
			return 0;
		if (w == 0 && collect_now_ms() >= deadline) {
			kill_group(pid);
			*end = LCLI_TIMEOUT;
		} else if (w == 0) {
			usleep(10000);
		}
	}
}

static void close_pair(int p[2])
{
	for (int i = 0; i < 2; i++)
		if (p[i] >= 0)
			close(p[i]);
	p[0] = p[1] = -1;
}

void local_cli_exec(char *const argv[], long timeout_ms, size_t max_out,
		    size_t max_err, volatile sig_atomic_t *cancel,
		    struct lcli_result *r)
{
	int po[2] = {-1, -1}, pe[2] = {-1, -1}, px[2] = {-1, -1}, st, e;
	long t0 = collect_now_ms(), deadline = t0 + timeout_ms;
	struct sbuf out, err;
	pid_t pid = -1;

	memset(r, 0, sizeof(*r));
	sbuf_init(&out, max_out);
	sbuf_init(&err, max_err);
	if (pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0 ||
	    pipe2(px, O_CLOEXEC) < 0 || (pid = fork()) < 0) {
		r->end = LCLI_ERROR;
		r->exec_errno = errno;
		goto out;
	}
	if (pid == 0)
		child(argv, po[1], pe[1], px[1]);
	setpgid(pid, pid);	/* also here: no window before the child's */
	close(po[1]);
	close(pe[1]);
	close(px[1]);
	po[1] = pe[1] = px[1] = -1;
	r->end = pump(pid, &po[0], &pe[0], deadline, cancel, &out, &err);
	st = reap(pid, deadline, &r->end);
	if (read(px[0], &e, sizeof(e)) == (ssize_t)sizeof(e)) {
		r->end = e == ENOENT || e == EACCES || e == ENOTDIR
				 ? LCLI_NOT_FOUND : LCLI_ERROR;
		r->exec_errno = e;
	} else if (r->end == LCLI_EXITED && WIFSIGNALED(st)) {
		r->end = LCLI_SIGNALLED;
		r->signo = WTERMSIG(st);
	} else if (r->end == LCLI_EXITED) {
		r->exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	}
out:
	close_pair(po);
	close_pair(pe);
	close_pair(px);
	r->len = out.len;
	r->out = sbuf_steal(&out);
	r->errlen = err.len;
	r->err = sbuf_steal(&err);
	sbuf_free(&out);
	sbuf_free(&err);
	r->elapsed_ms = collect_now_ms() - t0;
}

void local_cli_result_free(struct lcli_result *r)
{
	free(r->out);
	free(r->err);
	r->out = r->err = NULL;
}

/* ---- the collector ----------------------------------------------------------- */

struct crun {
	const struct collect_job *job;
	const struct target *t;
	const struct profile *prof;
	long start, deadline;
	cJSON *failed, *absent, *index, *files;
	struct profile_output *outs;
	size_t nouts, capouts, ok;
	bool stop;		/* interrupted or out of time */
	char stop_msg[256];
};

static bool cli_wanted(const struct target *t)
{
	return t->local.enabled;
}

/* raw/<command>.txt, redacted; the name used (unique), or NULL. */
static const char *store_raw(struct crun *r, const char *cmd, const char *text,
			     size_t len)
{
	return cli_raw_store(r->job->raw_dir, r->files, "cli", r->t->name,
			     cmd, text, len);
}

/* The first line of stderr, for messages. */
static void first_line(const char *s, char *buf, size_t n)
{
	while (s && (*s == '\n' || *s == '\r'))
		s++;
	snprintf(buf, n, "%.*s", s ? (int)strcspn(s, "\r\n") : 0, s ? s : "");
}

/* One command's index entry in raw/cli.json. */
static cJSON *index_entry(struct crun *r, const char *cmd, char **argv,
			  const struct lcli_result *res, const char *status)
{
	cJSON *e = cJSON_CreateObject(), *a;
	const char *file = res && res->out ? store_raw(r, cmd, res->out,
						       res->len) : NULL;

	cJSON_AddStringToObject(e, "command", cmd);
	a = cJSON_AddArrayToObject(e, "argv");
	for (size_t i = 0; argv && argv[i]; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(argv[i]));
	if (file)
		cJSON_AddStringToObject(e, "file", file);
	cJSON_AddStringToObject(e, "status", status);
	if (res) {
		if (res->end == LCLI_EXITED)
			cJSON_AddNumberToObject(e, "exit_code", res->exit_code);
		if (res->end == LCLI_SIGNALLED)
			cJSON_AddNumberToObject(e, "signal", res->signo);
		cJSON_AddNumberToObject(e, "elapsed_ms",
					(double)res->elapsed_ms);
		cJSON_AddNumberToObject(e, "bytes", (double)res->len);
		if (res->errlen) {
			size_t keep = res->errlen < CLI_ERR_KEPT ? res->errlen
								  : CLI_ERR_KEPT;
			char *red = redact_config(res->err, keep, &keep, NULL);

			cJSON_AddStringToObject(e, "stderr", red ? red : "");
			free(red);
		}
	}
	cJSON_AddItemToArray(r->index, e);
	return e;
}

static void keep_output(struct crun *r, const char *cmd,
			struct lcli_result *res)
{
	if (r->nouts == r->capouts) {
		size_t cap = r->capouts ? 2 * r->capouts : 16;
		struct profile_output *n = realloc(r->outs, cap * sizeof(*n));

		if (!n)
			return;
		r->outs = n;
		r->capouts = cap;
	}
	r->outs[r->nouts].command = strdup(cmd);
	r->outs[r->nouts].text = res->out;
	r->outs[r->nouts].len = res->len;
	if (r->outs[r->nouts].command) {
		res->out = NULL;	/* taken */
		r->nouts++;
	}
}

enum outcome { OC_OK, OC_REFUSED, OC_FAILED, OC_STOP };

/* Why a run that is not a refusal failed, into msg; its status. */
static enum src_status failure(const struct lcli_result *res, long limit,
			       const char *prog, char *msg, size_t n)
{
	char line[200];

	first_line(res->err, line, sizeof(line));
	switch (res->end) {
	case LCLI_TIMEOUT:
		snprintf(msg, n, "no end after %ld ms: killed", limit);
		return SRC_TIMEOUT;
	case LCLI_TOO_BIG:
		snprintf(msg, n, "output over %u bytes: killed", CLI_MAX_OUT);
		return SRC_ERROR;
	case LCLI_NOT_FOUND:
		snprintf(msg, n, "not found: %s: %s", prog,
			 strerror(res->exec_errno));
		return SRC_ERROR;
	case LCLI_SIGNALLED:
		snprintf(msg, n, "killed by signal %d", res->signo);
		return SRC_ERROR;
	case LCLI_ERROR:
		snprintf(msg, n, "cannot run it: %s", strerror(res->exec_errno));
		return SRC_ERROR;
	case LCLI_CANCELLED:
		snprintf(msg, n, "interrupted");
		return SRC_NOT_INSPECTED;
	default:
		snprintf(msg, n, "exited with status %d%s%s", res->exit_code,
			 line[0] ? ": " : "", line);
		return SRC_ERROR;
	}
}

/* Runs one command line; on OC_OK the output is kept for the profile. */
static enum outcome run_one(struct crun *r, const char *cmd, long timeout_ms,
			    bool keep, char *why, size_t nwhy)
{
	struct lcli_result res;
	char **argv, prog[PATH_MAX], line[256];
	enum src_status st;
	long left = r->deadline - collect_now_ms(), limit;
	bool refused;

	if ((r->job->cancel && *r->job->cancel) || left <= 0) {
		r->stop = true;
		snprintf(r->stop_msg, sizeof(r->stop_msg), "not run: %s",
			 left <= 0 ? "the time allowed for the device ran out"
				   : "interrupted");
		return OC_STOP;
	}
	limit = timeout_ms > 0 ? timeout_ms : r->t->local.cli_timeout_ms > 0
			? r->t->local.cli_timeout_ms : CLI_TIMEOUT_MS;
	if (limit > left)
		limit = left;
	if (local_cli_split(cmd, &argv) < 0) {
		snprintf(why, nwhy, "not run: shell syntax in the command");
		index_entry(r, cmd, NULL, NULL, "error");
		cli_add_failed(r->failed, cmd, SRC_ERROR, why);
		return OC_FAILED;
	}
	if (local_cli_which(argv[0], NULL, prog, sizeof(prog)) < 0) {
		snprintf(why, nwhy, "not found: no '%s' on PATH", argv[0]);
		index_entry(r, cmd, argv, NULL, "error");
		cli_add_failed(r->failed, cmd, SRC_ERROR, why);
		local_cli_free_argv(argv);
		return OC_FAILED;
	}
	free(argv[0]);
	if (!(argv[0] = strdup(prog))) {
		for (size_t i = 1; argv[i]; i++)
			free(argv[i]);
		free(argv);
		snprintf(why, nwhy, "out of memory");
		cli_add_failed(r->failed, cmd, SRC_ERROR, why);
		return OC_FAILED;
	}
	local_cli_exec(argv, limit, CLI_MAX_OUT, CLI_MAX_ERR, r->job->cancel,
		       &res);
	refused = res.end == LCLI_EXITED &&
		  (profile_refused(r->prof, res.out, line, sizeof(line)) ||
		   profile_refused(r->prof, res.err, line, sizeof(line)));
	log_debug("cli", "%s: '%s': end %d, exit %d, %zu bytes, %ld ms%s",
		  r->t->name, cmd, (int)res.end, res.exit_code, res.len,
		  res.elapsed_ms, refused ? ", refused" : "");
	if (refused) {
		snprintf(why, nwhy, "the box refused it: %s", line);
		index_entry(r, cmd, argv, &res, "refused");
		local_cli_free_argv(argv);
		local_cli_result_free(&res);
		return OC_REFUSED;
	}
	if (res.end == LCLI_EXITED && res.exit_code == 0) {
		index_entry(r, cmd, argv, &res, "ok");
		if (keep)
			keep_output(r, cmd, &res);
		local_cli_free_argv(argv);
		local_cli_result_free(&res);
		r->ok++;
		return OC_OK;
	}
	st = failure(&res, limit, prog, why, nwhy);
	index_entry(r, cmd, argv, &res, src_status_name(st));
	cli_add_failed(r->failed, cmd, st, why);
	if (st == SRC_NOT_INSPECTED) {
		r->stop = true;
		snprintf(r->stop_msg, sizeof(r->stop_msg), "not run: "
			 "interrupted");
	}
	local_cli_free_argv(argv);
	local_cli_result_free(&res);
	return OC_FAILED;
}

/* On the box only the NOS's own CLI runs ("show ..."): what a profile
 * reads with a shell tool over SSH (df -k) the local collector reads
 * itself from the kernel and the file systems, exactly. */
static bool nos_cli_command(const char *cmd)
{
	return strncmp(cmd, "show", 4) == 0 && (cmd[4] == ' ' || !cmd[4]);
}

/* A profile command: itself, then its alternatives while the box refuses;
 * refused throughout, an optional command is absent, another failed. */
static void profile_command(struct crun *r, const struct profile_command *pc)
{
	const char *tries[34];
	size_t nt = 0;
	char why[400] = "";

	tries[nt++] = pc->command;
	for (size_t i = 0; pc->alternatives[i] && nt < 33; i++)
		tries[nt++] = pc->alternatives[i];
	for (size_t i = 0; i < nt; i++) {
		enum outcome oc = run_one(r, tries[i], pc->timeout_ms,
					  pc->applied, why, sizeof(why));

		if (oc == OC_STOP) {
			cli_add_failed(r->failed, pc->command, SRC_NOT_INSPECTED,
				       r->stop_msg);
			return;
		}
		if (oc != OC_REFUSED)
			return;
	}
	if (pc->optional) {
		char msg[600];

		snprintf(msg, sizeof(msg), "%s: not supported by this box (%s)",
			 pc->command, why);
		cJSON_AddItemToArray(r->absent, cJSON_CreateString(msg));
	} else {
		cli_add_failed(r->failed, pc->command, SRC_ERROR, why);
	}
}

static void apply_outputs(struct crun *r)
{
	if (!r->nouts)
		return;
	cli_apply_profile(r->prof, r->outs, r->nouts, "cli", r->t->name,
			  r->job->facts);
	for (size_t i = 0; i < r->nouts; i++) {
		free((char *)r->outs[i].command);
		free((char *)r->outs[i].text);
	}
	free(r->outs);
	r->outs = NULL;
	r->nouts = 0;
}

static void write_index(struct crun *r)
{
	cJSON *doc;
	char *path;
	struct si_error err;

	if (!r->job->raw_dir)
		return;
	doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "schema", "swinspect.cli-raw/1");
	cJSON_AddStringToObject(doc, "profile", profile_name(r->prof));
	cJSON_AddStringToObject(doc, "channel", "local");
	cJSON_AddItemToObject(doc, "commands", r->index);
	r->index = NULL;
	path = fs_join(r->job->raw_dir, "cli.json");
	if (path && (fs_mkdirs(r->job->raw_dir, FS_DIR_MODE, &err) < 0 ||
		     json_write_file(path, doc, &err) < 0))
		log_error("cli", "%s: %s", r->t->name, err.msg);
	free(path);
	cJSON_Delete(doc);
}

static enum src_status finish(struct crun *r)
{
	int nfailed = cJSON_GetArraySize(r->failed);
	enum src_status st = nfailed == 0 ? SRC_OK
			     : r->ok == 0 ? SRC_ERROR : SRC_PARTIAL;
	char msg[SI_ERROR_MSG_MAX];
	const cJSON *f;
	size_t o;
	cJSON *src;

	snprintf(msg, sizeof(msg), "%d of %zu commands failed:", nfailed,
		 profile_command_count(r->prof));
	cJSON_ArrayForEach(f, r->failed) {
		o = strlen(msg);
		snprintf(msg + o, sizeof(msg) - o, "%s %s (%.160s)",
			 f == r->failed->child ? "" : ";",
			 cJSON_GetStringValue(cJSON_GetObjectItem(f, "what")),
			 cJSON_GetStringValue(cJSON_GetObjectItem(f, "error")));
		if (strlen(msg) > sizeof(msg) - 200)
			break;
	}
	if (r->job->cancel && *r->job->cancel && st != SRC_OK)
		st = SRC_NOT_INSPECTED;
	src = facts_source(r->job->facts, "cli", st, st == SRC_OK ? NULL : msg,
			   collect_now_ms() - r->start);
	if (!src)
		return SRC_ERROR;
	facts_set_str(src, "profile", profile_name(r->prof), NULL);
	if (nfailed) {
		cJSON_AddItemToObject(src, "failed", r->failed);
		r->failed = NULL;
	}
	if (cJSON_GetArraySize(r->absent)) {
		cJSON_AddItemToObject(src, "absent", r->absent);
		r->absent = NULL;
	}
	log_info("cli", "%s: %s, %zu commands (profile %s), %ld ms",
		 r->t->name, src_status_name(st), r->ok, profile_name(r->prof),
		 collect_now_ms() - r->start);
	return st;
}

static enum src_status cli_collect(struct collect_job *job)
{
	struct crun r = {.job = job, .t = job->target};
	struct profiles *ps = NULL;
	struct si_error err;
	enum src_status st;

	r.start = collect_now_ms();
	if (!r.t->local.cli_profile) {
		facts_source(job->facts, "cli", SRC_SKIPPED,
			     r.t->local.why_no_cli ? r.t->local.why_no_cli
						   : "no NOS CLI on this host",
			     -1);
		return SRC_SKIPPED;
	}
	si_error_clear(&err);
	/* only the one profile: on the box, memory counts */
	if (!(ps = profiles_load_one(r.t->local.cli_profile, &err)) ||
	    !(r.prof = profiles_find(ps, r.t->local.cli_profile))) {
		facts_source(job->facts, "cli", SRC_ERROR, err.msg, -1);
		profiles_free(ps);
		return SRC_ERROR;
	}
	r.deadline = r.start + DEVICE_MS_DEFAULT;
	if (job->deadline_ms > 0 && job->deadline_ms < r.deadline)
		r.deadline = job->deadline_ms;
	r.failed = cJSON_CreateArray();
	r.absent = cJSON_CreateArray();
	r.index = cJSON_CreateArray();
	r.files = cJSON_CreateArray();
	for (size_t i = 0; i < profile_command_count(r.prof); i++) {
		const struct profile_command *pc = profile_command_at(r.prof,
								      i);

		if (!nos_cli_command(pc->command))
			log_debug("cli", "%s: %s: read by the local collector, "
				  "not run", r.t->name, pc->command);
		else if (r.stop)
			cli_add_failed(r.failed, pc->command, SRC_NOT_INSPECTED,
				       r.stop_msg);
		else
			profile_command(&r, pc);
	}
	apply_outputs(&r);
	write_index(&r);
	st = finish(&r);
	cJSON_Delete(r.failed);
	cJSON_Delete(r.absent);
	cJSON_Delete(r.index);
	cJSON_Delete(r.files);
	profiles_free(ps);
	return st;
}

const struct collector local_cli_collector = {
	.name = "cli",
	.wanted = cli_wanted,
	.collect = cli_collect,
};
