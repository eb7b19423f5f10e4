/* textfsm.h - TextFSM templates: parsing CLI output into records.
 *
 * A TextFSM-compatible engine.  Its reference is Google's implementation
 * (Debian's python3-textfsm 1.1.0): the same template language, the same
 * template errors, the same records for the same input, down to its
 * handling of empty records, Filldown at EOF and Python's regex syntax
 * (translated to PCRE2 as doc/textfsm.md explains).
 *
 * Ownership, once for the whole API: whatever a textfsm_* function returns
 * belongs to the caller and is released by the matching *_free() (or free()
 * for a char *); it never borrows from the arguments.  The accessors of a
 * result borrow from that result.  A compiled template is read-only once
 * built: any number of threads may parse with it at once.
 *
 * Errors fill a struct si_error (error.h): template mistakes carry the
 * template's file and line, an Error action or a limit carries the input's
 * file and line.  Text is bytes: invalid UTF-8 becomes U+FFFD (as Python's
 * decoder with errors="replace" does), NUL bytes are kept.
 */
#ifndef SWI_TEXTFSM_H
#define SWI_TEXTFSM_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

struct si_error;
struct sbuf;

struct textfsm;		/* a compiled template */
struct textfsm_result;	/* the records one parse produced */

/* Return codes (0 is success). */
enum textfsm_rc {
	TEXTFSM_ETEMPLATE = -1,	/* the template is invalid */
	TEXTFSM_EINPUT = -2,	/* the template's Error action fired */
	TEXTFSM_ELIMIT = -3,	/* a bound below was reached */
	TEXTFSM_EIO = -4,	/* a file could not be read */
	TEXTFSM_ENOMEM = -5,
};

/* Bounds that stop a runaway template or input; generous by default. */
struct textfsm_limits {
	size_t max_input;	/* bytes of input (textfsm_parse_file) */
	size_t max_records;
	size_t max_output;	/* bytes of text held in the records */
	uint32_t match_limit;	/* PCRE2 match limit, per rule and line */
	uint32_t depth_limit;	/* PCRE2 backtracking depth limit */
};

void textfsm_limits_default(struct textfsm_limits *lim);

/* Value options, as bits (textfsm_value_options). */
#define TEXTFSM_OPT_FILLDOWN 0x01u
#define TEXTFSM_OPT_KEY 0x02u
#define TEXTFSM_OPT_REQUIRED 0x04u
#define TEXTFSM_OPT_LIST 0x08u
#define TEXTFSM_OPT_FILLUP 0x10u

/* Compiles the template in text (len bytes); name is used in messages. */
struct textfsm *textfsm_compile(const char *text, size_t len,
				const char *name, struct si_error *err);
/* Reads and compiles a template file (EIO: err says why, no line). */
struct textfsm *textfsm_load(const char *path, struct si_error *err);
void textfsm_free(struct textfsm *t);

const char *textfsm_name(const struct textfsm *t);
size_t textfsm_nvalues(const struct textfsm *t);
const char *textfsm_value_name(const struct textfsm *t, size_t i);
unsigned textfsm_value_options(const struct textfsm *t, size_t i);
/* Index of the Value called name, or -1. */
int textfsm_value_index(const struct textfsm *t, const char *name);

/* Runs the template over text (len bytes; input_name for messages).
 * lim may be NULL for the defaults.  Returns 0 and *out, or an enum
 * textfsm_rc with err filled. */
int textfsm_parse(const struct textfsm *t, const char *text, size_t len,
		  const char *input_name, const struct textfsm_limits *lim,
		  struct textfsm_result **out, struct si_error *err);
/* The same over a file ("-": standard input). */
int textfsm_parse_file(const struct textfsm *t, const char *path,
		       const struct textfsm_limits *lim,
		       struct textfsm_result **out, struct si_error *err);

/* Records: a table of nrecords rows by nvalues columns (template order).
 * A cell holds a string, or a list (List values) whose items are strings,
 * nulls, or objects (a List whose regex has named groups). */
enum textfsm_cell { TEXTFSM_CELL_STR, TEXTFSM_CELL_LIST };

size_t textfsm_result_count(const struct textfsm_result *r);
size_t textfsm_result_nvalues(const struct textfsm_result *r);
const char *textfsm_result_value_name(const struct textfsm_result *r,
				      size_t col);
enum textfsm_cell textfsm_result_kind(const struct textfsm_result *r,
				      size_t rec, size_t col);
/* The string in a cell, NUL-terminated ("" for a list cell); *len (if not
 * NULL) gets its length, which counts any NUL inside the value. */
const char *textfsm_result_str(const struct textfsm_result *r, size_t rec,
			       size_t col, size_t *len);
/* The records as JSON text, exactly what `swinspect parse` prints: an
 * array of objects keyed by Value names in template order. */
int textfsm_result_write_json(const struct textfsm_result *r,
			      struct sbuf *out);
/* The same as a cJSON tree (a NUL inside a value becomes U+FFFD: cJSON
 * strings end at NUL).  NULL on no memory. */
cJSON *textfsm_result_to_cjson(const struct textfsm_result *r);
void textfsm_result_free(struct textfsm_result *r);

/* ---- template libraries --------------------------------------------- */

/* The first dirs[i]/name, then dirs[i]/name.textfsm, that is a regular
 * file (malloc'd path), or NULL.  A name with a '/' is taken as a path. */
char *textfsm_find(const char *const *dirs, size_t n, const char *name);

/* An ntc-templates style index file: comma-separated columns Template,
 * Hostname, Platform, Command (any order, others ignored), '#' comments,
 * Python regexes matched at the start of the attribute, and [[...]]
 * command abbreviations ("sh[[ow]]" accepts "sh", "sho", "show"). */
struct textfsm_index;

struct textfsm_index *textfsm_index_load(const char *path,
					 struct si_error *err);
/* The Template cell of the first row matching platform and command (NULL
 * skips that column), e.g. "cisco_ios_show_version.textfsm" or "a:b"
 * for several templates; NULL if no row matches.  Borrowed from ix. */
const char *textfsm_index_lookup(const struct textfsm_index *ix,
				 const char *platform, const char *command);
void textfsm_index_free(struct textfsm_index *ix);

/* Template directories, searched in order, each with its "index" file if
 * it has one; compiled templates are cached (thread-safe). */
struct textfsm_lib;

struct textfsm_lib *textfsm_lib_new(const char *const *dirs, size_t n,
				    struct si_error *err);
/* Path of a template by file name (as textfsm_find), malloc'd, or NULL. */
char *textfsm_lib_find(const struct textfsm_lib *lib, const char *name);
/* Path of the template for platform + command through the index files
 * (first template of the first matching row, first directory first),
 * malloc'd, or NULL. */
char *textfsm_lib_lookup(const struct textfsm_lib *lib, const char *platform,
			 const char *command);
/* The compiled template at path, compiled once and kept until
 * textfsm_lib_free(); borrowed.  NULL with err on failure. */
const struct textfsm *textfsm_lib_get(struct textfsm_lib *lib,
				      const char *path, struct si_error *err);
void textfsm_lib_free(struct textfsm_lib *lib);

/* ---- command line ------------------------------------------------------ */

/* `swinspect parse`: argv[0] is "parse".  Prints the records as JSON on
 * stdout, errors on stderr as file:line: message.  Returns the exit
 * status: 0, 64 usage, 65 bad template or input rejected by the template,
 * 66 unreadable input or template, 70 internal error.  Templates named
 * without a path are looked up in -d DIRs, then in dirs[0..n). */
int textfsm_cli_dirs(int argc, char **argv, const char *const *dirs,
		     size_t n);
/* The same with the built-in directories only: $SWINSPECT_TEMPLATE_PATH
 * (colon-separated), then the data directory's collectors/templates. */
int textfsm_cli(int argc, char **argv);

#endif
