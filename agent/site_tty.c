/* site_tty.c - `swinspect site`: the checklist asked on a terminal, with
 * the last inspection's answers as defaults, each answer checked as it is
 * typed, questions skipped and come back to, a review at the end; or the
 * answers taken from a file (--answers) where there is no terminal.
 * Writes OUT/site.yaml atomically.  See doc/site.md. */
#include "config.h"
#include "site.h"
#include "error.h"
#include "fsutil.h"
#include "jsonio.h"
#include "model.h"
#include "settings.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum step { S_NEXT, S_BACK, S_SKIP, S_REVIEW, S_EOF };

struct tty {
	const struct checklist *cl;
	struct site_doc *s;
	bool *skipped;
	char *line;
	size_t cap;
};

static const char help_text[] =
	"  Enter keeps the [default]; 's' skips the question (you can come\n"
	"  back to it), 'b' goes back, '-' clears the answer, 'r' jumps to the\n"
	"  review, '?' shows this help.  Ctrl-D quits without writing.\n";

/* One line without its end; NULL at the end of input. */
static const char *ask(struct tty *t, const char *prompt)
{
	ssize_t n;

	fputs(prompt, stdout);
	fflush(stdout);
	n = getline(&t->line, &t->cap, stdin);
	if (n < 0)
		return NULL;
	while (n && (t->line[n - 1] == '\n' || t->line[n - 1] == '\r'))
		t->line[--n] = '\0';
	while (*t->line == ' ')
		memmove(t->line, t->line + 1, strlen(t->line));
	return t->line;
}

static bool is_cmd(const char *in, const char *cmd)
{
	return strcmp(in, cmd) == 0;
}

/* A header field: Enter keeps the default; returns false at EOF. */
static bool ask_field(struct tty *t, const char *label, char **field,
		      bool required, bool date)
{
	char prompt[600];

	for (;;) {
		const char *in;
		char *copy;

		snprintf(prompt, sizeof(prompt), "%s%s%s%s: ", label,
			 *field ? " [" : "", *field ? *field : "",
			 *field ? "]" : "");
		if (!(in = ask(t, prompt)))
			return false;
		if (!*in && (*field || !required))
			return true;
		if (!*in) {
			printf("  this is needed\n");
			continue;
		}
		if (date && !site_date_ok(in)) {
			printf("  '%s' is not a date YYYY-MM-DD\n", in);
			continue;
		}
		if (!(copy = strdup(in))) {
			printf("  out of memory: the answer is not kept; give it "
			       "again\n");
			continue;
		}
		free(*field);
		*field = copy;
		return true;
	}
}

static void show_item(struct tty *t, size_t i)
{
	const struct site_item *it = &t->cl->items[i];

	printf("\n[%zu/%zu] %s%s%s\n%s\n%s\n", i + 1, t->cl->nitems,
	       it->section.en ? it->section.en : "",
	       it->section.zh ? " / " : "", it->section.zh ? it->section.zh : "",
	       it->question.en, it->question.zh ? it->question.zh : "");
	if (it->criterion.en)
		printf("  criterion: %s\n", it->criterion.en);
	for (size_t k = 0; k < it->nopts; k++)
		printf("  %zu) %s  %s / %s\n", k + 1, it->opts[k].value,
		       it->opts[k].label.en, it->opts[k].label.zh);
}

static void type_hint(const struct site_item *it, const struct site_answer *a,
		      char *buf, size_t n)
{
	char def[300], hint[100];

	switch (it->type) {
	case ST_NUMBER:
		snprintf(hint, sizeof(hint), "number%s%s", it->unit ? " in " : "",
			 it->unit ? it->unit : "");
		break;
	case ST_YESNO: snprintf(hint, sizeof(hint), "y/n"); break;
	case ST_CHOICE: snprintf(hint, sizeof(hint), "choice 1-%zu", it->nopts);
		break;
	case ST_TEXT: snprintf(hint, sizeof(hint), "text"); break;
	case ST_PHOTO: snprintf(hint, sizeof(hint), "photo file"); break;
	}
	if (a->set)
		snprintf(buf, n, "  %s%s [%s]: ", hint,
			 it->required ? ", required" : "",
			 site_answer_str(it, a, def, sizeof(def)));
	else
		snprintf(buf, n, "  %s%s: ", hint,
			 it->required ? ", required" : "");
}

/* Photos: one file per line, each with a caption; Enter alone ends. */
static enum step ask_photos(struct tty *t, struct site_answer *a)
{
	struct site_answer nw;
	const char *in;
	char why[700];

	memset(&nw, 0, sizeof(nw));
	if (a->set)
		printf("  %zu photo(s) given: Enter keeps them, a file name "
		       "replaces them, '-' clears them\n", a->nphotos);
	for (;;) {
		struct site_photo *np;

		if (!(in = ask(t, nw.nphotos ? "  another photo file (Enter "
			       "when done): " : "  photo file (JPEG or PNG; "
			       "Enter for none): ")))
			return site_answer_clear(&nw), S_EOF;
		if (!*in)
			break;
		if (nw.nphotos == 0 && (is_cmd(in, "s") || is_cmd(in, "b") ||
					is_cmd(in, "r") || is_cmd(in, "-")))
			return site_answer_clear(&nw),
			       is_cmd(in, "s") ? S_SKIP : is_cmd(in, "b") ? S_BACK
			       : is_cmd(in, "r") ? S_REVIEW
			       : (site_answer_clear(a), S_NEXT);
		if (!site_photo_check(in, why, sizeof(why))) {
			printf("  %s\n", why);
			continue;
		}
		np = realloc(nw.photos, (nw.nphotos + 1) * sizeof(*np));
		if (!np) {
			printf("  out of memory: the photo is not added\n");
			continue;
		}
		nw.photos = np;
		memset(&np[nw.nphotos], 0, sizeof(*np));
		np[nw.nphotos].file = strdup(in);
		np[nw.nphotos].path = realpath(in, NULL);
		if (!np[nw.nphotos].path)
			np[nw.nphotos].path = strdup(in);
		if (!np[nw.nphotos].file || !np[nw.nphotos].path) {
			free(np[nw.nphotos].file);
			free(np[nw.nphotos].path);
			printf("  out of memory: the photo is not added\n");
			continue;
		}
		if (!(in = ask(t, "  caption: "))) {
			free(np[nw.nphotos].file);
			free(np[nw.nphotos].path);
			return site_answer_clear(&nw), S_EOF;
		}
		if (*in && !(np[nw.nphotos].caption = strdup(in))) {
			free(np[nw.nphotos].file);
			free(np[nw.nphotos].path);
			printf("  out of memory: the photo and its caption are "
			       "not added\n");
			continue;
		}
		nw.nphotos++;
	}
	if (nw.nphotos) {
		nw.set = true;
		site_answer_clear(a);
		*a = nw;
	} else {
		site_answer_clear(&nw);	/* a photos array, none added */
	}
	return S_NEXT;
}

static enum step ask_item(struct tty *t, size_t i)
{
	const struct site_item *it = &t->cl->items[i];
	struct site_answer *a = &t->s->ans[i];
	char prompt[500], why[700];
	const char *in;

	show_item(t, i);
	if (it->type == ST_PHOTO)
		return ask_photos(t, a);
	for (;;) {
		type_hint(it, a, prompt, sizeof(prompt));
		if (!(in = ask(t, prompt)))
			return S_EOF;
		if (is_cmd(in, "?")) {
			fputs(help_text, stdout);
			continue;
		}
		if (is_cmd(in, "s"))
			return S_SKIP;
		if (is_cmd(in, "b"))
			return S_BACK;
		if (is_cmd(in, "r"))
			return S_REVIEW;
		if (is_cmd(in, "-")) {
			site_answer_clear(a);
			return S_NEXT;
		}
		if (!*in && (a->set || !it->required))
			return a->set ? S_NEXT : S_SKIP;
		if (!*in) {
			printf("  an answer is needed here ('s' to skip it "
			       "for now)\n");
			continue;
		}
		if (site_parse_answer(it, in, a, why, sizeof(why)) == 0)
			return S_NEXT;
		printf("  %s\n", why);
	}
}

/* The questions from..to in order; false at EOF. */
static bool ask_range(struct tty *t, size_t from, bool only_skipped)
{
	size_t i = from;

	while (i < t->cl->nitems) {
		enum step st;

		if (only_skipped && !t->skipped[i]) {
			i++;
			continue;
		}
		st = ask_item(t, i);
		if (st == S_EOF)
			return false;
		if (st == S_REVIEW)
			return true;
		t->skipped[i] = st == S_SKIP;
		if (st == S_BACK)
			i = i ? i - 1 : 0;
		else
			i++;
	}
	return true;
}

static size_t count_skipped(const struct tty *t)
{
	size_t n = 0;

	for (size_t i = 0; i < t->cl->nitems; i++)
		n += t->skipped[i] || (!t->s->ans[i].set &&
				       t->cl->items[i].required);
	return n;
}

static void review_list(struct tty *t)
{
	char buf[400];

	printf("\nReview — %s / %s\n  engineer: %s   site: %s   date: %s\n"
	       "  customer's acknowledgement: %s %s\n", t->cl->title.en,
	       t->cl->title.zh, t->s->engineer ? t->s->engineer : "-",
	       t->s->site ? t->s->site : "-", t->s->date ? t->s->date : "-",
	       t->s->ack_name ? t->s->ack_name : "(none yet)",
	       t->s->ack_date ? t->s->ack_date : "");
	for (size_t i = 0; i < t->cl->nitems; i++) {
		const struct site_item *it = &t->cl->items[i];

		printf("  %2zu. %-60.60s %s%s\n", i + 1, it->question.en,
		       t->s->ans[i].set ? site_answer_str(it, &t->s->ans[i],
							  buf, sizeof(buf))
					: "(not answered)",
		       !t->s->ans[i].set && it->required ? "  [required]" : "");
	}
}

static bool ask_ack(struct tty *t)
{
	printf("\nThe customer's acknowledgement (Enter to leave it for "
	       "later)\n");
	return ask_field(t, "  customer's name", &t->s->ack_name, false,
			 false) &&
	       ask_field(t, "  date (YYYY-MM-DD)", &t->s->ack_date, false,
			 true);
}

/* 1 write, 0 quit, -1 EOF. */
static int review(struct tty *t, const char *file)
{
	for (;;) {
		struct si_diags d = {0};
		char prompt[700];
		const char *in;
		long k;
		char *end;

		review_list(t);
		snprintf(prompt, sizeof(prompt), "Number to change an answer, "
			 "'a' the acknowledgement, 'w' to write %s, 'q' to "
			 "quit without writing: ", file);
		if (!(in = ask(t, prompt)))
			return -1;
		if (is_cmd(in, "q"))
			return 0;
		if (is_cmd(in, "a")) {
			if (!ask_ack(t))
				return -1;
			continue;
		}
		if (is_cmd(in, "w")) {
			if (site_check_complete(t->s, t->cl, &d) == 0)
				return 1;
			for (size_t i = 0; i < d.n; i++)
				printf("  cannot write yet: %s\n", d.v[i].msg);
			si_diags_free(&d);
			continue;
		}
		k = strtol(in, &end, 10);
		if (end == in || *end || k < 1 || (size_t)k > t->cl->nitems) {
			printf("  '%s': give a number 1-%zu, a, w or q\n", in,
			       t->cl->nitems);
			continue;
		}
		if (ask_item(t, (size_t)k - 1) == S_EOF)
			return -1;
	}
}

static char *today_str(void)
{
	char buf[16];
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d", &tm);
	return strdup(buf);
}

/* As review(); -2 out of memory (said). */
static int interview(const struct checklist *cl, struct site_doc *s,
		     const char *file)
{
	struct tty t = {.cl = cl, .s = s};
	int rc = -1;

	t.skipped = calloc(cl->nitems + 1, sizeof(*t.skipped));
	if (!t.skipped) {
		fprintf(stderr, "swinspect site: the list of skipped "
			"questions: out of memory\n");
		return -2;
	}
	printf("swinspect site: %s / %s (checklist %s %s, %zu questions)\n%s",
	       cl->title.en, cl->title.zh, cl->name, cl->version, cl->nitems,
	       help_text);
	if (!s->date)
		s->date = today_str();
	if (ask_field(&t, "Engineer's name", &s->engineer, true, false) &&
	    ask_field(&t, "Site", &s->site, false, false) &&
	    ask_field(&t, "Date of the inspection (YYYY-MM-DD)", &s->date,
		      true, true) &&
	    ask_range(&t, 0, false)) {
		size_t n = count_skipped(&t);
		const char *in = "n";

		if (n) {
			printf("\n%zu question(s) skipped or unanswered.\n", n);
			in = ask(&t, "Answer the skipped ones now? [Y/n]: ");
		}
		if (in && (!*in || *in == 'y' || *in == 'Y'))
			for (size_t i = 0; i < cl->nitems; i++)
				t.skipped[i] |= !s->ans[i].set &&
						cl->items[i].required;
		if (in && (!*in || *in == 'y' || *in == 'Y') &&
		    !ask_range(&t, 0, true))
			in = NULL;
		if (in && ask_ack(&t))
			rc = review(&t, file);
	}
	if (rc < 0)
		printf("\n");
	free(t.skipped);
	free(t.line);
	return rc;
}

/* ---- defaults ------------------------------------------------------------ */

static void default_from_json(const struct checklist *cl, struct site_doc *s,
			      const cJSON *site)
{
	const cJSON *it;
	const char *eng = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(site, "engineer"));
	const char *name = cJSON_GetStringValue(
		cJSON_GetObjectItemCaseSensitive(site, "site"));

	if (eng && !s->engineer)
		s->engineer = strdup(eng);
	if (name && !s->site)
		s->site = strdup(name);
	cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(site, "items")) {
		const char *id = cJSON_GetStringValue(
			cJSON_GetObjectItemCaseSensitive(it, "id"));
		const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, "answer");
		char why[700], text[64];

		for (size_t i = 0; id && v && i < cl->nitems; i++) {
			if (strcmp(cl->items[i].id, id) != 0 || s->ans[i].set)
				continue;
			if (cJSON_IsNumber(v))
				snprintf(text, sizeof(text), "%.10g",
					 v->valuedouble);
			else if (cJSON_IsBool(v))
				snprintf(text, sizeof(text), "%s",
					 cJSON_IsTrue(v) ? "yes" : "no");
			if (cJSON_IsString(v))
				site_parse_answer(&cl->items[i], v->valuestring,
						  &s->ans[i], why, sizeof(why));
			else if (cJSON_IsNumber(v) || cJSON_IsBool(v))
				site_parse_answer(&cl->items[i], text,
						  &s->ans[i], why, sizeof(why));
		}
	}
}

/* Answers of an earlier file or report as defaults; photos and the
 * acknowledgement are this inspection's own and are not carried over. */
static void load_defaults(const struct checklist *cl, struct site_doc *s,
			  const char *from, bool own)
{
	struct si_diags d = {0};
	struct site_doc *p;
	char *file = fs_is_dir(from) ? fs_join(from, "site.yaml")
				     : strdup(from);
	size_t n = file ? strlen(file) : 0;

	if (!file || !fs_exists(file)) {
		if (file && fs_is_dir(from) && !own)
			fprintf(stderr, "swinspect: %s: no site.yaml there; no "
				"defaults taken\n", from);
		free(file);
		return;
	}
	if (n > 5 && strcmp(file + n - 5, ".json") == 0) {
		struct si_error err;
		cJSON *rep = json_read_file(file, 64u << 20, &err);

		default_from_json(cl, s, cJSON_GetObjectItemCaseSensitive(
						 rep, "site"));
		cJSON_Delete(rep);
		free(file);
		return;
	}
	p = site_load(file, cl, false, &d);
	if (!p) {
		fprintf(stderr, "swinspect: %s: not usable as defaults (%zu "
			"problem(s); first: %s)\n", file, d.n,
			d.n ? d.v[0].msg : "?");
	} else {
		for (size_t i = 0; i < cl->nitems; i++) {
			if (s->ans[i].set || (!own && cl->items[i].type ==
						      ST_PHOTO))
				continue;
			s->ans[i] = p->ans[i];
			memset(&p->ans[i], 0, sizeof(p->ans[i]));
		}
#define TAKE(f) do { if (!s->f) { s->f = p->f; p->f = NULL; } } while (0)
		TAKE(engineer);
		TAKE(site);
		if (own) {
			TAKE(date);
			TAKE(ack_name);
			TAKE(ack_date);
		}
#undef TAKE
	}
	si_diags_free(&d);
	site_free(p);
	free(file);
}

/* ---- the command --------------------------------------------------------- */

static const char site_usage[] =
	"Usage: swinspect site -o OUT [--checklist FILE] [--previous OUT_OR_REPORT]\n"
	"                      [--answers FILE]\n"
	"Asks the site checklist on a terminal and writes OUT/site.yaml.\n"
	"  -o, --out DIR        where site.yaml goes\n"
	"      --checklist FILE a checklist instead of the built-in one\n"
	"      --previous P     defaults from the last inspection: its OUT folder,\n"
	"                       its site.yaml or its report.json\n"
	"      --answers FILE   no questions: check FILE and write it as OUT/site.yaml\n"
	"      --config FILE    the configuration file (its 'checklist:')\n"
	"Then: swinspect run|check|report ... --site OUT/site.yaml\n";

struct site_cli {
	const char *out, *checklist, *previous, *answers, *config;
};

static int site_args(struct site_cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{"out", required_argument, NULL, 'o'},
		{"checklist", required_argument, NULL, 'c'},
		{"previous", required_argument, NULL, 'p'},
		{"answers", required_argument, NULL, 'a'},
		{"config", required_argument, NULL, 'C'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int ch;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'o': c->out = optarg; break;
		case 'c': c->checklist = optarg; break;
		case 'p': c->previous = optarg; break;
		case 'a': c->answers = optarg; break;
		case 'C': c->config = optarg; break;
		case 'h': fputs(site_usage, stdout); return EXIT_OK;
		default: fputs(site_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind < argc || !c->out) {
		fprintf(stderr, "swinspect site: %s\n%s", optind < argc
			? "unexpected argument" : "needs -o OUT", site_usage);
		return EXIT_USAGE;
	}
	return -1;
}

static int finish(const char *file, const struct checklist *cl,
		  struct site_doc *s)
{
	struct si_error err;
	size_t n = 0;

	if (site_write(file, cl, s, &err) < 0) {
		fprintf(stderr, "swinspect: %s: %s\n", file, err.msg);
		return EXIT_SOFTWARE;
	}
	for (size_t i = 0; i < cl->nitems; i++)
		n += s->ans[i].set;
	printf("site: %s (%zu of %zu answered)\nnext: swinspect run|check|"
	       "report ... --site %s\n", file, n, cl->nitems, file);
	return EXIT_OK;
}

static int site_run(const struct site_cli *c, const struct checklist *cl,
		    const char *file)
{
	struct si_diags d = {0};
	struct site_doc *s;
	int rc;

	if (c->answers) {
		s = site_load(c->answers, cl, true, &d);
		for (size_t i = 0; i < d.n; i++) {
			char buf[2048];

			fprintf(stderr, "%s\n", si_error_str(&d.v[i], buf,
								 sizeof(buf)));
		}
		si_diags_free(&d);
		rc = s ? finish(file, cl, s) : EXIT_DATAERR;
		site_free(s);
		return rc;
	}
	if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, "swinspect site: standard input is not a "
			"terminal: run it in a terminal to answer the "
			"questions, or give the answers in a file with "
			"--answers FILE (format: doc/site.md)\n");
		return EXIT_USAGE;
	}
	s = site_new(cl);
	if (!s) {
		fprintf(stderr, "swinspect site: out of memory\n");
		return EXIT_SOFTWARE;
	}
	load_defaults(cl, s, file, true);
	if (c->previous)
		load_defaults(cl, s, c->previous, false);
	rc = interview(cl, s, file);
	rc = rc > 0 ? finish(file, cl, s)
	     : rc == 0 ? (printf("nothing written\n"), EXIT_OK)
	     : rc == -2 ? (fprintf(stderr, "swinspect site: nothing "
				   "written\n"), EXIT_SOFTWARE)
		       : (fprintf(stderr, "swinspect site: end of input: "
				  "nothing written\n"), EXIT_INTERRUPTED);
	site_free(s);
	return rc;
}

int site_main(int argc, char **argv)
{
	struct site_cli c = {0};
	struct si_diags d = {0};
	struct checklist *cl;
	struct config *cfg;
	struct si_error err;
	char *clpath, *file;
	int rc = site_args(&c, argc, argv);

	if (rc >= 0)
		return rc;
	cfg = config_load(c.config, &d);
	if (cfg && !c.checklist && cfg->checklist)
		c.checklist = cfg->checklist;
	clpath = c.checklist ? strdup(c.checklist) : checklist_builtin_path(NULL);
	cl = cfg && clpath ? checklist_load(clpath, &d) : NULL;
	if (!cl) {
		for (size_t i = 0; i < d.n; i++) {
			char buf[2048];

			fprintf(stderr, "%s\n", si_error_str(&d.v[i], buf,
								 sizeof(buf)));
		}
		si_diags_free(&d);
		free(clpath);
		config_free(cfg);
		return EXIT_DATAERR;
	}
	if (fs_mkdirs(c.out, FS_DIR_MODE, &err) < 0) {
		fprintf(stderr, "swinspect site: %s\n", err.msg);
		rc = EXIT_SOFTWARE;
	} else if (!(file = fs_join(c.out, "site.yaml"))) {
		rc = EXIT_SOFTWARE;
	} else {
		rc = site_run(&c, cl, file);
		free(file);
	}
	checklist_free(cl);
	free(clpath);
	config_free(cfg);
	return rc;
}
