/* site.h - the engineer's site checklist: the questions (a checklist
 * file, site/checklists/default.yaml by default), the answers (OUT/site.yaml,
 * typed in by `swinspect site` or written by hand or another tool), and
 * what the later stages make of them: the site document OUT/site.json,
 * whose `facts` the rules of category `site` judge and whose items the
 * report shows.  Reference: doc/site.md.
 *
 * Every mistake in a checklist or an answers file is reported with
 * file:line:column, all of them in one run.  A struct checklist and a
 * struct site_doc own all their strings; documents returned belong to the
 * caller.
 */
#ifndef SWI_SITE_H
#define SWI_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include <cjson/cJSON.h>

struct si_diags;
struct si_error;
struct rule_set;

#define SITE_SCHEMA_ID "swinspect.site/1"
#define SITE_DEVICE "@site"	/* the `device` of site findings */

enum site_type { ST_NUMBER, ST_YESNO, ST_CHOICE, ST_TEXT, ST_PHOTO };

struct site_text {
	char *en;
	char *zh;
};

struct site_option {
	char *value;
	struct site_text label;
};

struct site_item {
	char *id;
	enum site_type type;
	struct site_text section, question, criterion;
	char *unit;
	double min, max;
	bool has_min, has_max, required;
	struct site_option *opts;
	size_t nopts;
};

/* A value computed from answers (function "dew_point" of a temperature
 * in °C and a relative humidity in %). */
struct site_derived {
	char *id;
	char *fn;
	char *args[2];
	char *unit;
	struct site_text label, criterion;
};

struct checklist {
	char *file;
	char *name;
	char *version;
	struct site_text title;
	char **sources;
	size_t nsources;
	struct site_item *items;
	size_t nitems;
	struct site_derived *derived;
	size_t nderived;
};

struct site_photo {
	char *file;	/* as written */
	char *path;	/* resolved (absolute, or relative to the cwd) */
	char *caption;
};

struct site_answer {
	bool set;
	double num;
	bool yes;
	char *str;	/* choice value or text */
	struct site_photo *photos;
	size_t nphotos;
	char *note;
	int line, col;	/* where the answer was in the file (0: typed) */
};

struct site_doc {
	char *file;
	char *checklist;	/* the checklist's name, as the file says */
	char *site;
	char *engineer;
	char *date;		/* YYYY-MM-DD */
	char *ack_name;		/* the customer's acknowledgement */
	char *ack_date;
	struct site_answer *ans;	/* one per checklist item */
	size_t nans;
};

/* ---- site.c: checklists and answers ------------------------------------ */
/* datadir()/site/checklists/<name>.yaml (caller frees). */
char *checklist_builtin_path(const char *name);
struct checklist *checklist_load(const char *path, struct si_diags *d);
void checklist_free(struct checklist *cl);
const char *site_type_name(enum site_type t);
/* The index of item id in cl->items, or -1. */
int site_item_index(const struct checklist *cl, const char *id);

/* An empty answers document for cl. */
struct site_doc *site_new(const struct checklist *cl);
/* Reads and checks an answers file against cl; NULL when anything is wrong
 * (every mistake in d).  complete: required answers, the engineer and the
 * date must be there. */
struct site_doc *site_load(const char *path, const struct checklist *cl,
			   bool complete, struct si_diags *d);
void site_free(struct site_doc *s);
void site_answer_clear(struct site_answer *a);
/* The checklist name an answers file names (NULL when none; caller frees). */
char *site_checklist_of(const char *path);

/* Parses a typed answer (a number with or without its unit, yes/no/y/n/
 * 是/否, a choice's value or number, a text).  Photos are added with
 * site_photo_check() instead.  0, or -1 with a message in why. */
int site_parse_answer(const struct site_item *it, const char *text,
		      struct site_answer *a, char *why, size_t n);
/* A photo file: exists, regular, at most 64 MB, JPEG or PNG by its first
 * bytes.  Returns the media type, or NULL with a message in why. */
const char *site_photo_check(const char *path, char *why, size_t n);
bool site_date_ok(const char *s);	/* YYYY-MM-DD, a real day */
/* The answer as text ("24.5 °C", "yes", "partial", "2 photo(s)"), in buf. */
const char *site_answer_str(const struct site_item *it,
			    const struct site_answer *a, char *buf, size_t n);
/* The checks of `complete` on a document in memory (located when it came
 * from a file).  Returns the number of problems added to d. */
int site_check_complete(const struct site_doc *s, const struct checklist *cl,
			struct si_diags *d);
int site_write(const char *path, const struct checklist *cl,
	       const struct site_doc *s, struct si_error *err);

/* ---- site_doc.c ----------------------------------------------------------- */
/* The facts document the site rules judge. */
cJSON *site_facts(const struct checklist *cl, const struct site_doc *s);
/* OUT/site.json: checklist, answers with their questions, photos, the
 * engineer, the acknowledgement and `facts`. */
cJSON *site_document(const struct checklist *cl, const struct site_doc *s);

/* ---- the stages ---------------------------------------------------------- */
/* --site FILE of run/check/report: checks the answers and writes
 * OUT/site.json.  checklist: --checklist FILE or NULL (then the one the
 * file names, else the built-in one).  Returns an exit status. */
int site_prepare(const char *out, const char *site_file,
		 const char *checklist);
/* Evaluates the rules over OUT/site.json's facts when there is one. */
struct rules_doc;
int site_eval(const char *out, const struct rule_set *rs,
	      const cJSON *waivers, const char *today, struct rules_doc *fd);

/* `swinspect site` (argv[0] is "site"); returns the exit status. */
int site_main(int argc, char **argv);

#endif
