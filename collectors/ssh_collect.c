/* ssh_collect.c - see ssh_collect.h
 *
 * One struct run per device.  The device's profile (profile.h) is the
 * inventory's `profile:`, else the one the SNMP identity already in the
 * facts names, else the one whose version output fits the first prompt's
 * shape; its session set-up, commands and alternatives are run, and the
 * outputs go through profile_apply() into the facts at the end (kept in
 * memory unredacted only until then; stored redacted as they arrive).  A failure that kills the session (stall,
 * drop, endless pager, flood) becomes the source status, with the commands
 * not run listed in failed[]; a command the device refuses or that stalls
 * but lets the prompt come back is one failed[] entry, and the status is
 * partial.  Whatever the device said is stored, redacted, before the next
 * command runs, so a later failure loses nothing already received.
 */
#include "config.h"
#include "ssh_collect.h"
#include "datadir.h"
#include "error.h"
#include "facts.h"
#include "fsutil.h"
#include "jsonio.h"
#include "log.h"
#include "redact_config.h"
#include "profile.h"
#include "ssh_cli.h"
#include "ssh_transport.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEVICE_MS_DEFAULT (30L * 60 * 1000)	/* when the agent sets none */
#define MAX_VERSION_TRIES 3	/* version commands tried to recognise */
#define MAX_PAGING 6		/* paging commands tried before that */

struct run {
	const struct collect_job *job;
	const struct target *t;
	const struct profiles *ps;
	struct sshtr *tr;
	struct sshcli *cli;
	long start, deadline;
	cJSON *failed, *absent, *index, *files;
	const struct profile *prof;	/* recognised, or NULL */
	const char *how;		/* how it was recognised */
	enum prompt_shape shape;
	struct profile_output *outs;	/* outputs for profile_apply */
	size_t nouts, capouts;
	enum src_status fatal;		/* SRC_OK while the session lives */
	char fatal_msg[SI_ERROR_MSG_MAX];
	size_t done, total;
	bool exec;
	char *version_out;		/* the probe's version output */
	size_t version_len;
	char version_cmd[128];
	struct sshcli_cmd_stats version_cs;
};

static bool ssh_wanted(const struct target *t)
{
	return t->ssh.enabled;
}

/* ---- raw evidence --------------------------------------------------------- */

/* Writes text, redacted, as raw/<name>; returns the file name used (in
 * r->files, so repeated commands get -2, -3 ...), or NULL. */
static const char *store_raw(struct run *r, const char *cmd, const char *text,
			     size_t len)
{
	return cli_raw_store(r->job->raw_dir, r->files, "ssh", r->t->name,
			     cmd, text, len);
}

/* One command's outcome: stored, indexed, judged. */
static void record(struct run *r, const char *cmd, enum src_status st,
		   const char *msg, const char *out, size_t len,
		   const struct sshcli_cmd_stats *cs)
{
	cJSON *e = cJSON_CreateObject();
	const char *file = out ? store_raw(r, cmd, out, len) : NULL;
	char line[256];

	cJSON_AddStringToObject(e, "command", cmd);
	if (file)
		cJSON_AddStringToObject(e, "file", file);
	if (st == SRC_OK && out && profile_refused(r->prof, out, line,
						   sizeof(line))) {
		char why[400];

		snprintf(why, sizeof(why), "the device refused it: %s", line);
		cli_add_failed(r->failed, cmd, SRC_ERROR, why);
		cJSON_AddStringToObject(e, "status", "error");
	} else {
		cJSON_AddStringToObject(e, "status", src_status_name(st));
		if (st != SRC_OK)
			cli_add_failed(r->failed, cmd, st, msg);
	}
	if (cs) {
		cJSON_AddNumberToObject(e, "elapsed_ms", (double)cs->elapsed_ms);
		cJSON_AddNumberToObject(e, "bytes", (double)len);
		cJSON_AddNumberToObject(e, "pages", cs->pages);
	}
	cJSON_AddItemToArray(r->index, e);
	r->done++;
}

/* A refusal an alternative (or `optional`) makes harmless: stored and
 * indexed, not failed. */
static void record_refused(struct run *r, const char *cmd, const char *out,
			   size_t len, const struct sshcli_cmd_stats *cs)
{
	cJSON *e = cJSON_CreateObject();
	const char *file = out ? store_raw(r, cmd, out, len) : NULL;

	cJSON_AddStringToObject(e, "command", cmd);
	if (file)
		cJSON_AddStringToObject(e, "file", file);
	cJSON_AddStringToObject(e, "status", "refused");
	cJSON_AddNumberToObject(e, "elapsed_ms", (double)cs->elapsed_ms);
	cJSON_AddItemToArray(r->index, e);
}

/* ---- running commands ------------------------------------------------------ */

static bool out_of_time(struct run *r, const char *cmd)
{
	if (collect_now_ms() < r->deadline)
		return false;
	r->fatal = SRC_TIMEOUT;
	snprintf(r->fatal_msg, sizeof(r->fatal_msg), "the time allowed for "
		 "the device ran out before '%s'", cmd);
	return true;
}

/* Runs cmd through the shell or an exec channel; the output (caller
 * frees) in *out.  timeout_ms: the command's own (0: the session's).  A
 * session-ending failure sets r->fatal. */
static enum src_status run_cmd(struct run *r, const char *cmd, long timeout_ms,
			       char **out, size_t *len,
			       struct sshcli_cmd_stats *cs,
			       struct si_error *err)
{
	enum src_status st;

	memset(cs, 0, sizeof(*cs));
	*out = NULL;
	*len = 0;
	si_error_clear(err);
	if (r->job->cancel && *r->job->cancel) {
		r->fatal = SRC_NOT_INSPECTED;
		snprintf(r->fatal_msg, sizeof(r->fatal_msg), "interrupted "
			 "before '%s'", cmd);
		return SRC_NOT_INSPECTED;
	}
	if (out_of_time(r, cmd))
		return SRC_TIMEOUT;
	if (r->exec) {
		long t0 = collect_now_ms();
		long dl = t0 + (timeout_ms > 0 ? timeout_ms
					       : r->t->ssh.command_timeout_ms);
		char *raw = NULL;
		size_t rlen = 0;
		int xs;

		if (dl > r->deadline)
			dl = r->deadline;
		st = sshtr_exec(r->tr, cmd, r->t->ssh.timeout_ms, dl,
				(size_t)r->t->ssh.max_output_bytes, &raw, &rlen,
				&xs, err);
		*out = raw ? sshcli_clean(raw, rlen, len) : NULL;
		free(raw);
		cs->elapsed_ms = collect_now_ms() - t0;
		if (st == SRC_OK && xs > 0 && *out &&
		    !profile_refused(r->prof, *out, NULL, 0))
			log_debug("ssh", "%s: '%s' exited with %d", r->t->name,
				  cmd, xs);
		/* an exec channel failing does not end the session, unless
		 * the connection itself is gone */
		if (st == SRC_CLOSED || st == SRC_PROTOCOL_ERROR)
			r->fatal = st;
	} else {
		long old = timeout_ms > 0
				   ? sshcli_set_command_ms(r->cli, timeout_ms)
				   : 0;

		st = sshcli_run(r->cli, cmd, out, len, cs, err);
		if (timeout_ms > 0)
			sshcli_set_command_ms(r->cli, old);
		if (st != SRC_OK && !sshcli_alive(r->cli))
			r->fatal = st;
	}
	if (r->fatal != SRC_OK)
		snprintf(r->fatal_msg, sizeof(r->fatal_msg), "'%s': %s", cmd,
			 err->msg);
	return st;
}

/* Keeps an accepted output for profile_apply (takes out). */
static void keep_output(struct run *r, const char *cmd, char *out, size_t len)
{
	if (r->nouts == r->capouts) {
		size_t cap = r->capouts ? 2 * r->capouts : 16;
		struct profile_output *n = realloc(r->outs, cap * sizeof(*n));

		if (!n) {
			free(out);
			return;
		}
		r->outs = n;
		r->capouts = cap;
	}
	r->outs[r->nouts].command = strdup(cmd);
	r->outs[r->nouts].text = out;
	r->outs[r->nouts].len = len;
	if (!r->outs[r->nouts].command)
		free(out);
	else
		r->nouts++;
}

static void free_outputs(struct run *r)
{
	for (size_t i = 0; i < r->nouts; i++) {
		free((char *)r->outs[i].command);
		free((char *)r->outs[i].text);
	}
	free(r->outs);
	r->outs = NULL;
	r->nouts = r->capouts = 0;
}

/* Paging off (or width set): the first of cmds the device accepts;
 * NULL if none. */
static const char *first_accepted(struct run *r, const char *const *cmds)
{
	for (size_t i = 0; cmds && cmds[i]; i++) {
		struct sshcli_cmd_stats cs;
		struct si_error err;
		char *out;
		size_t len;
		enum src_status st = run_cmd(r, cmds[i], 0, &out, &len, &cs,
					     &err);
		bool ok = st == SRC_OK && out &&
			  !profile_refused(r->prof, out, NULL, 0);

		free(out);
		if (r->fatal != SRC_OK)
			return NULL;
		if (ok)
			return cmds[i];
	}
	return NULL;
}

/* ---- recognition ------------------------------------------------------------ */

static bool in_list(const char *const *v, const char *s)
{
	for (size_t i = 0; v && s && v[i]; i++)
		if (strcmp(v[i], s) == 0)
			return true;
	return false;
}


/* The inventory's profile, else the SNMP identity's. */
static void recognise_early(struct run *r)
{
	const char *want = r->t->profile;
	const char *oid, *descr;

	if (want && *want && strcmp(want, "auto") != 0) {
		r->prof = profiles_find(r->ps, want);
		r->how = "the inventory";
		return;
	}
	oid = facts_get_str(r->job->facts, "system.sys_object_id");
	descr = facts_get_str(r->job->facts, "system.description");
	if ((oid || descr) &&
	    (r->prof = profiles_match_snmp(r->ps, oid, descr)))
		r->how = "the SNMP identity";
}

/* The paging commands of the profiles that fit the prompt, distinct, in
 * priority order: sent before the version command is. */
static void paging_candidates(struct run *r, const char **cmds, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < profiles_count(r->ps) && n < max; i++) {
		const struct profile *p = profiles_at(r->ps, i);
		const char *const *pg = profile_paging(p);

		if (!profile_fits_prompt(p, r->shape))
			continue;
		for (size_t k = 0; pg[k] && n < max; k++)
			if (!in_list(cmds, pg[k])) {
				cmds[n++] = pg[k];
				cmds[n] = NULL;
			}
	}
	cmds[n] = NULL;
}

/* The version outputs name the profile: up to MAX_VERSION_TRIES distinct
 * version commands of the profiles fitting the prompt, in priority order.
 * The last output read is kept (stored even when nothing fits). */
static void recognise_cli(struct run *r)
{
	const char *cmds[MAX_VERSION_TRIES];
	size_t n = profiles_version_commands(r->ps, r->shape, cmds,
					     MAX_VERSION_TRIES);

	for (size_t i = 0; i < n && r->fatal == SRC_OK; i++) {
		struct sshcli_cmd_stats cs;
		struct si_error err;
		char *out;
		size_t len;
		enum src_status st = run_cmd(r, cmds[i], 0, &out, &len, &cs,
					     &err);

		if (st != SRC_OK || !out || profile_refused(NULL, out, NULL,
							    0)) {
			if (r->fatal == SRC_OK && out && !r->version_out) {
				r->version_out = out;
				r->version_len = len;
				snprintf(r->version_cmd, sizeof(r->version_cmd),
					 "%s", cmds[i]);
			} else {
				free(out);
			}
			continue;
		}
		free(r->version_out);
		r->version_out = out;
		r->version_len = len;
		r->version_cs = cs;
		snprintf(r->version_cmd, sizeof(r->version_cmd), "%s", cmds[i]);
		if ((r->prof = profiles_match_cli(r->ps, r->shape, cmds[i],
						  out))) {
			r->how = "its version output";
			return;
		}
	}
}

/* ---- the shell ------------------------------------------------------------- */

static void open_cli(struct run *r, struct si_error *err)
{
	struct sshcli_opts o;
	enum src_status st = sshtr_shell(r->tr, err);

	if (st == SRC_OK) {
		sshcli_opts_default(&o);
		o.idle_ms = r->t->ssh.timeout_ms;
		o.start_ms = r->t->ssh.timeout_ms;
		o.command_ms = r->t->ssh.command_timeout_ms;
		o.deadline_ms = r->deadline;
		o.max_output = (size_t)r->t->ssh.max_output_bytes;
		o.max_pages = (unsigned)r->t->ssh.max_pages;
		o.cancel = r->job->cancel;
		r->cli = sshcli_new(&sshtr_io, r->tr, &o);
		if (!r->cli) {
			si_error_set(err, NULL, 0, 0, "out of memory");
			st = SRC_ERROR;
		} else {
			st = sshcli_start(r->cli, err);
		}
	}
	if (st != SRC_OK) {
		r->fatal = st;
		snprintf(r->fatal_msg, sizeof(r->fatal_msg), "%s", err->msg);
	}
}

/* Privileged mode when the profile wants it and the prompt is '>'. */
static void maybe_enable(struct run *r)
{
	const char *p = sshcli_prompt(r->cli);
	struct si_error err;
	enum src_status st;

	if (!profile_enable(r->prof) || !*p || p[strlen(p) - 1] != '>')
		return;
	st = sshcli_enable(r->cli, r->t->ssh.enable_password.value, &err);
	if (st == SRC_OK)
		return;
	if (!sshcli_alive(r->cli)) {
		r->fatal = st;
		snprintf(r->fatal_msg, sizeof(r->fatal_msg), "enable: %s",
			 err.msg);
		return;
	}
	cli_add_failed(r->failed, "enable", st, err.msg);
}

static void collect_shell(struct run *r, struct si_error *err)
{
	const char *paging = NULL, *cands[MAX_PAGING + 1] = {NULL};

	open_cli(r, err);
	if (r->fatal != SRC_OK)
		return;
	r->shape = prompt_shape_of(sshcli_prompt(r->cli));
	log_debug("ssh", "%s: prompt '%s'", r->t->name, sshcli_prompt(r->cli));
	if (*sshcli_banner(r->cli)) {
		char *b = NULL;

		if (asprintf(&b, "%s\n", sshcli_banner(r->cli)) > 0)
			store_raw(r, "banner", b, strlen(b));
		free(b);
	}
	if (r->prof) {
		paging = first_accepted(r, profile_paging(r->prof));
	} else {
		paging_candidates(r, cands, MAX_PAGING);
		paging = first_accepted(r, cands);
		if (r->fatal == SRC_OK)
			recognise_cli(r);
	}
	if (r->fatal != SRC_OK || !r->prof)
		return;
	maybe_enable(r);
	/* the profile's own paging, when the one that took is not its */
	if (r->fatal == SRC_OK && !in_list(profile_paging(r->prof), paging))
		first_accepted(r, profile_paging(r->prof));
	if (r->fatal == SRC_OK)
		first_accepted(r, profile_width(r->prof));
}

static void collect_exec(struct run *r)
{
	r->shape = PROMPT_ANY;
	if (!r->prof)
		recognise_cli(r);
}

/* One command of the profile: the command, else its alternatives in turn
 * while the device refuses; an optional command refused throughout is
 * absent, not failed. */
static void profile_command(struct run *r, const struct profile_command *pc)
{
	const char *tries[34];
	size_t nt = 0;

	tries[nt++] = pc->command;
	for (size_t i = 0; pc->alternatives[i] && nt < 33; i++)
		tries[nt++] = pc->alternatives[i];
	for (size_t i = 0; i < nt; i++) {
		struct sshcli_cmd_stats cs;
		struct si_error err;
		char *out = NULL;
		size_t len = 0;
		enum src_status st;
		bool last = i + 1 == nt, refused;

		if (r->version_out && strcmp(tries[i], r->version_cmd) == 0) {
			out = r->version_out;
			len = r->version_len;
			cs = r->version_cs;
			r->version_out = NULL;
			st = SRC_OK;
			si_error_clear(&err);
		} else {
			st = run_cmd(r, tries[i], pc->timeout_ms, &out, &len,
				     &cs, &err);
		}
		if (st == SRC_NOT_INSPECTED || (r->fatal == SRC_TIMEOUT &&
						!out)) {
			free(out);
			cli_add_failed(r->failed, pc->command, SRC_NOT_INSPECTED,
				       r->fatal_msg);
			return;
		}
		refused = st == SRC_OK && out &&
			  profile_refused(r->prof, out, NULL, 0);
		log_debug("ssh", "%s: '%s': %s%s (%zu bytes, %ld ms, %u pages)",
			  r->t->name, tries[i], src_status_name(st),
			  refused ? ", refused" : "", len, cs.elapsed_ms,
			  cs.pages);
		if (refused && !last && r->fatal == SRC_OK) {
			record_refused(r, tries[i], out, len, &cs);
			free(out);
			continue;
		}
		if (refused && pc->optional) {
			record_refused(r, tries[i], out, len, &cs);
			free(out);
			char why[300];

			snprintf(why, sizeof(why), "%s: not supported by this "
				 "device", pc->command);
			cJSON_AddItemToArray(r->absent, cJSON_CreateString(why));
			return;
		}
		record(r, tries[i], st, err.msg, out, len, &cs);
		if (st == SRC_OK && !refused && out && pc->applied)
			keep_output(r, tries[i], out, len);
		else
			free(out);
		return;
	}
}

/* The profile's commands, in order; the version output already read is
 * reused. */
static void run_profile(struct run *r)
{
	r->total = profile_command_count(r->prof);
	for (size_t i = 0; i < r->total; i++) {
		const struct profile_command *pc = profile_command_at(r->prof,
								      i);

		if (r->fatal != SRC_OK) {
			cli_add_failed(r->failed, pc->command, SRC_NOT_INSPECTED,
				       "not run: the session ended before it");
			continue;
		}
		profile_command(r, pc);
	}
}

/* The outputs into facts. */
static void apply_profile(struct run *r)
{
	cli_apply_profile(r->prof, r->outs, r->nouts, "ssh", r->t->name,
			  r->job->facts);
}

/* ---- facts ------------------------------------------------------------------ */

static void write_index(struct run *r)
{
	char *path;
	struct si_error err;
	cJSON *doc;

	if (!r->job->raw_dir || (!r->cli && cJSON_GetArraySize(r->index) == 0))
		return;
	doc = cJSON_CreateObject();
	cJSON_AddStringToObject(doc, "schema", "swinspect.ssh-raw/1");
	if (r->cli)
		cJSON_AddStringToObject(doc, "prompt", sshcli_prompt(r->cli));
	cJSON_AddStringToObject(doc, "profile", r->prof ? profile_name(r->prof)
							 : "unknown");
	cJSON_AddStringToObject(doc, "channel", r->exec ? "exec" : "shell");
	cJSON_AddItemToObject(doc, "commands", r->index);
	r->index = NULL;
	path = fs_join(r->job->raw_dir, "ssh.json");
	if (path && (fs_mkdirs(r->job->raw_dir, FS_DIR_MODE, &err) < 0 ||
		     json_write_file(path, doc, &err) < 0))
		log_error("ssh", "%s: %s", r->t->name, err.msg);
	free(path);
	cJSON_Delete(doc);
}

static void transport_facts(struct run *r, cJSON *src)
{
	cJSON *tr = cJSON_AddObjectToObject(src, "transport");
	cJSON *list = cJSON_AddArrayToObject(tr, "legacy_algorithms");
	const char *const *names;
	size_t n = r->tr ? sshtr_legacy_used(r->tr, &names) : 0;

	cJSON_AddNumberToObject(tr, "port", r->t->ssh.port);
	for (size_t i = 0; i < n; i++)
		cJSON_AddItemToArray(list, cJSON_CreateString(names[i]));
}

/* "2 of 6 commands failed: show x (error: ...); enable (auth_failed: ...)" */
static void partial_msg(const struct run *r, int nfailed, char *buf, size_t n)
{
	const cJSON *f;
	size_t len;
	int shown = 0;

	snprintf(buf, n, "%d of %zu commands failed:", nfailed,
		 r->total ? r->total : (size_t)nfailed);
	cJSON_ArrayForEach(f, r->failed) {
		const char *err = cJSON_GetStringValue(
			cJSON_GetObjectItem(f, "error"));

		len = strlen(buf);
		if (shown++ == 3) {
			snprintf(buf + len, n - len, " ...");
			break;
		}
		snprintf(buf + len, n - len, "%s %s (%s%s%.120s)",
			 shown > 1 ? ";" : "",
			 cJSON_GetStringValue(cJSON_GetObjectItem(f, "what")),
			 cJSON_GetStringValue(cJSON_GetObjectItem(f, "status")),
			 err ? ": " : "", err ? err : "");
	}
}

static enum src_status finish(struct run *r, enum src_status st,
			      const char *msg)
{
	char buf[SI_ERROR_MSG_MAX];
	int nfailed = cJSON_GetArraySize(r->failed);
	cJSON *src;

	if (st == SRC_OK && nfailed > 0) {
		st = SRC_PARTIAL;
		partial_msg(r, nfailed, buf, sizeof(buf));
		msg = buf;
	}
	src = facts_source(r->job->facts, "ssh", st, st == SRC_OK ? NULL : msg,
			   collect_now_ms() - r->start);
	if (!src)
		return SRC_ERROR;
	if (r->prof || r->fatal == SRC_OK)
		facts_set_str(src, "profile", r->prof ? profile_name(r->prof)
						      : "unknown", NULL);
	if (nfailed > 0) {
		cJSON_AddItemToObject(src, "failed", r->failed);
		r->failed = NULL;
	}
	if (cJSON_GetArraySize(r->absent) > 0) {
		cJSON_AddItemToObject(src, "absent", r->absent);
		r->absent = NULL;
	}
	if (r->tr)
		transport_facts(r, src);
	write_index(r);
	if (st == SRC_OK || st == SRC_PARTIAL)
		log_info("ssh", "%s: %s, %zu commands, %ld ms", r->t->name,
			 src_status_name(st), r->done,
			 collect_now_ms() - r->start);
	else
		log_warn("ssh", "%s: %s: %s", r->t->name, src_status_name(st),
			 msg ? msg : "");
	return st;
}

/* ---- the collector ------------------------------------------------------------ */

static enum src_status preflight(struct run *r, struct si_error *err)
{
	const struct target_ssh *s = &r->t->ssh;

	if (!s->username)
		return si_error_set(err, NULL, 0, 0, "no ssh username "
				    "configured"), SRC_SKIPPED;
	if (!s->password.value && !s->key_file && !s->use_agent)
		return si_error_set(err, NULL, 0, 0, "no ssh credentials "
				    "configured (password, key_file or "
				    "use_agent)"), SRC_SKIPPED;
	if (!(r->ps = profiles_default(err)))
		return SRC_ERROR;
	recognise_early(r);
	if (!r->prof && r->how)
		return si_error_set(err, NULL, 0, 0, "no profile '%s' (see "
				    "'swinspect profiles list')",
				    r->t->profile), SRC_ERROR;
	if (r->prof)
		log_debug("ssh", "%s: profile %s, from %s", r->t->name,
			  profile_name(r->prof), r->how);
	return SRC_OK;
}

static void fill_opts(const struct run *r, struct sshtr_opts *o,
		      struct sshtr_hop *jump)
{
	const struct target_ssh *s = &r->t->ssh;

	memset(o, 0, sizeof(*o));
	o->dev = (struct sshtr_hop){r->t->address, s->port, s->username,
				    s->password.value, s->key_file,
				    s->use_agent};
	if (s->jump.address) {
		/* a jump host given no credentials of its own uses the
		 * device's */
		bool own = s->jump.password.value || s->jump.key_file ||
			   s->jump.use_agent;

		*jump = (struct sshtr_hop){
			s->jump.address, s->jump.port,
			s->jump.username ? s->jump.username : s->username,
			own ? s->jump.password.value : s->password.value,
			own ? s->jump.key_file : s->key_file,
			own ? s->jump.use_agent : s->use_agent};
		o->jump = jump;
	}
	o->known_hosts = s->known_hosts;
	o->accept_new = s->accept_new_host_key;
	o->legacy = s->legacy_algorithms;
	o->connect_ms = s->timeout_ms;
	o->deadline_ms = r->deadline;
}

static enum src_status ssh_collect(struct collect_job *job)
{
	struct run r = {.job = job, .t = job->target, .fatal = SRC_OK};
	struct sshtr_opts o;
	struct sshtr_hop jump;
	struct si_error err;
	enum src_status st;

	si_error_clear(&err);
	r.start = collect_now_ms();
	r.deadline = r.start + DEVICE_MS_DEFAULT;
	if (job->deadline_ms > 0 && job->deadline_ms < r.deadline)
		r.deadline = job->deadline_ms;
	r.failed = cJSON_CreateArray();
	r.absent = cJSON_CreateArray();
	r.index = cJSON_CreateArray();
	r.files = cJSON_CreateArray();
	r.exec = r.t->ssh.channel && strcmp(r.t->ssh.channel, "exec") == 0;
	st = preflight(&r, &err);
	if (st == SRC_OK) {
		fill_opts(&r, &o, &jump);
		st = sshtr_open(&o, &r.tr, &err);
	}
	if (st != SRC_OK) {
		st = finish(&r, st, err.msg);
		goto out;
	}
	if (r.exec)
		collect_exec(&r);
	else
		collect_shell(&r, &err);
	if (r.prof) {
		run_profile(&r);
	} else if (r.fatal == SRC_OK) {
		/* unknown profile: keep what the probe read */
		if (r.version_out)
			record(&r, r.version_cmd, SRC_OK, NULL, r.version_out,
			       r.version_len, NULL);
		cJSON_AddItemToArray(r.absent, cJSON_CreateString(
			"profile: unknown: no profile recognises this device "
			"(its version output fits none); no facts from the "
			"CLI"));
	}
	if (r.cli)
		sshcli_exit(r.cli, r.prof && profile_exit(r.prof)[0]
					   ? profile_exit(r.prof)
					   : (const char *const[]){"exit", NULL});
	if (r.prof)
		apply_profile(&r);
	st = finish(&r, r.fatal, r.fatal_msg);
out:
	sshcli_free(r.cli);
	sshtr_close(r.tr);
	free_outputs(&r);
	free(r.version_out);
	cJSON_Delete(r.failed);
	cJSON_Delete(r.absent);
	cJSON_Delete(r.index);
	cJSON_Delete(r.files);
	return st;
}

const struct collector ssh_collector = {
	.name = "ssh",
	.wanted = ssh_wanted,
	.collect = ssh_collect,
};
