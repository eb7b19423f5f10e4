/* log.c - see log.h */
#include "config.h"
#include "log.h"

#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static enum log_level log_level = LOG_LVL_WARN;
static char log_subsys[256];
static FILE *log_file;
static enum log_level log_file_level = LOG_LVL_INFO;
static void (*log_clear)(void);
static void (*log_redraw)(void);

static const char *const level_names[] = {"error", "warning", "info",
					  "debug"};

void log_setup(enum log_level level, const char *subsys)
{
	pthread_mutex_lock(&log_lock);
	log_level = level;
	snprintf(log_subsys, sizeof(log_subsys), "%s", subsys ? subsys : "");
	pthread_mutex_unlock(&log_lock);
}

void log_set_file(FILE *f, enum log_level file_level)
{
	pthread_mutex_lock(&log_lock);
	log_file = f;
	log_file_level = file_level;
	pthread_mutex_unlock(&log_lock);
}

enum log_level log_get_level(void)
{
	return log_level;
}

void log_set_progress_hook(void (*clear)(void), void (*redraw)(void))
{
	pthread_mutex_lock(&log_lock);
	log_clear = clear;
	log_redraw = redraw;
	pthread_mutex_unlock(&log_lock);
}

/* Is sub one of the comma-separated tokens of the filter? */
static bool subsys_shown(const char *sub)
{
	size_t n = strlen(sub);
	const char *p = log_subsys;

	if (!log_subsys[0])
		return true;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (len == n && strncmp(p, sub, n) == 0)
			return true;
		if (!end)
			break;
		p = end + 1;
	}
	return false;
}

static void log_vmsg(enum log_level lvl, const char *sub, const char *fmt,
		     va_list ap) __attribute__((format(printf, 3, 0)));
static void log_vmsg(enum log_level lvl, const char *sub, const char *fmt,
		     va_list ap)
{
	char msg[2048];
	bool to_err, to_file;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	pthread_mutex_lock(&log_lock);
	to_err = lvl <= log_level &&
		 (lvl == LOG_LVL_ERROR || subsys_shown(sub));
	to_file = log_file && lvl <= log_file_level;
	if (to_err) {
		if (log_clear)
			log_clear();
		fprintf(stderr, "swinspect: %s: [%s] %s\n", level_names[lvl],
			sub, msg);
		if (log_redraw)
			log_redraw();
	}
	if (to_file) {
		char ts[32];
		time_t now = time(NULL);
		struct tm tm;

		gmtime_r(&now, &tm);
		strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
		fprintf(log_file, "%s %s [%s] %s\n", ts, level_names[lvl], sub,
			msg);
		fflush(log_file);
	}
	pthread_mutex_unlock(&log_lock);
}

void log_msg(enum log_level lvl, const char *subsys, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_vmsg(lvl, subsys, fmt, ap);
	va_end(ap);
}

void log_complain(struct log_complaint *c, enum log_level lvl,
		  const char *subsys, const char *fmt, ...)
{
	va_list ap;

	if (c->failing)
		return;
	c->failing = true;
	va_start(ap, fmt);
	log_vmsg(lvl, subsys, fmt, ap);
	va_end(ap);
}

void log_recovered(struct log_complaint *c, const char *subsys,
		   const char *fmt, ...)
{
	va_list ap;

	if (!c->failing)
		return;
	c->failing = false;
	va_start(ap, fmt);
	log_vmsg(LOG_LVL_INFO, subsys, fmt, ap);
	va_end(ap);
}
