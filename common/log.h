/* log.h - levelled logging with a subsystem token.
 *
 * Messages go to stderr (filtered by level and optional subsystem) and, when
 * a log file is set, to it too, at the level chosen for the file.  Thread-
 * safe.  Nothing secret is ever passed to these functions:
 * callers log names of credentials, never their values.
 */
#ifndef SWI_LOG_H
#define SWI_LOG_H

#include <stdbool.h>
#include <stdio.h>

enum log_level {
	LOG_LVL_ERROR = 0,
	LOG_LVL_WARN = 1,
	LOG_LVL_INFO = 2,
	LOG_LVL_DEBUG = 3,
};

/* level: the most verbose level shown on stderr; subsys: NULL for all, or a
 * comma-separated list of subsystem tokens to show (errors always show). */
void log_setup(enum log_level level, const char *subsys);
/* Also write every message at or above file_level to f (not owned). */
void log_set_file(FILE *f, enum log_level file_level);
enum log_level log_get_level(void);
/* While a progress line is on screen, the logger clears it before printing
 * and calls redraw() after. */
void log_set_progress_hook(void (*clear)(void), void (*redraw)(void));

void log_msg(enum log_level lvl, const char *subsys, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define log_error(sub, ...) log_msg(LOG_LVL_ERROR, sub, __VA_ARGS__)
#define log_warn(sub, ...) log_msg(LOG_LVL_WARN, sub, __VA_ARGS__)
#define log_info(sub, ...) log_msg(LOG_LVL_INFO, sub, __VA_ARGS__)
#define log_debug(sub, ...) log_msg(LOG_LVL_DEBUG, sub, __VA_ARGS__)

/* Complain once while something keeps failing, then once on recovery
 * (as collectd's utils_complain does).  Zero-initialise. */
struct log_complaint {
	bool failing;
};

void log_complain(struct log_complaint *c, enum log_level lvl,
		  const char *subsys, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void log_recovered(struct log_complaint *c, const char *subsys,
		   const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif
