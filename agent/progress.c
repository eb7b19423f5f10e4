/* progress.c - see progress.h */
#include "config.h"
#include "progress.h"
#include "log.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define TICK_MS 1000

struct progress {
	enum progress_mode mode;
	size_t total, done, failed;
	double t0;
	bool shown;		/* the live line is on screen */
	bool stopping;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t ticker;
	bool ticking;
};

/* The one on screen, for the logger's hooks (which take no argument). */
static struct progress *active;

static double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

enum progress_mode progress_mode_auto(void)
{
	const char *force = getenv("SWINSPECT_PROGRESS");
	const char *term = getenv("TERM");

	if (force && strcmp(force, "tty") == 0)
		return PROGRESS_TTY;
	if (force && strcmp(force, "plain") == 0)
		return PROGRESS_PLAIN;
	if ((force && strcmp(force, "quiet") == 0) ||
	    log_get_level() == LOG_LVL_ERROR)
		return PROGRESS_QUIET;
	if (isatty(STDERR_FILENO) && term && strcmp(term, "dumb") != 0)
		return PROGRESS_TTY;
	return PROGRESS_PLAIN;
}

char *progress_duration(double s, char *buf, size_t n)
{
	long t = s < 0 ? 0 : (long)(s + 0.5);

	if (t >= 3600)
		snprintf(buf, n, "%ldh%02ldm", t / 3600, t / 60 % 60);
	else if (t >= 60)
		snprintf(buf, n, "%ldm%02lds", t / 60, t % 60);
	else
		snprintf(buf, n, "%lds", t);
	return buf;
}

static int term_width(void)
{
	struct winsize ws;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	return 80;
}

/* Under p->lock. */
static void draw(struct progress *p)
{
	char line[256], el[32], eta[32];
	double now = mono_s() - p->t0;
	int w = term_width() - 1, n;

	if (p->done > 0 && p->done < p->total)
		progress_duration(now / (double)p->done *
					  (double)(p->total - p->done),
				  eta, sizeof(eta));
	else
		snprintf(eta, sizeof(eta), p->done ? "0s" : "?");
	n = snprintf(line, sizeof(line), "swinspect: %zu/%zu devices, %zu "
		     "failed, %s elapsed, ETA %s", p->done, p->total,
		     p->failed, progress_duration(now, el, sizeof(el)), eta);
	if (n > w && w > 0)
		line[w] = '\0';
	fprintf(stderr, "\r\033[K%s", line);
	fflush(stderr);
	p->shown = true;
}

static void erase(struct progress *p)
{
	if (p->shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		p->shown = false;
	}
}

static void hook_clear(void)
{
	struct progress *p = active;

	if (p) {
		pthread_mutex_lock(&p->lock);
		erase(p);
		pthread_mutex_unlock(&p->lock);
	}
}

static void hook_redraw(void)
{
	struct progress *p = active;

	if (p) {
		pthread_mutex_lock(&p->lock);
		if (!p->stopping)
			draw(p);
		pthread_mutex_unlock(&p->lock);
	}
}

static void *tick(void *arg)
{
	struct progress *p = arg;

	pthread_mutex_lock(&p->lock);
	while (!p->stopping) {
		struct timespec ts;

		draw(p);
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += TICK_MS / 1000;
		pthread_cond_timedwait(&p->cond, &p->lock, &ts);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct progress *progress_start(size_t total, enum progress_mode mode)
{
	struct progress *p = calloc(1, sizeof(*p));
	pthread_condattr_t ca;

	if (!p)
		return NULL;
	p->mode = mode;
	p->total = total;
	p->t0 = mono_s();
	pthread_mutex_init(&p->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&p->cond, &ca);
	pthread_condattr_destroy(&ca);
	if (mode == PROGRESS_TTY) {
		active = p;
		log_set_progress_hook(hook_clear, hook_redraw);
		p->ticking = pthread_create(&p->ticker, NULL, tick, p) == 0;
	}
	return p;
}

void progress_device(struct progress *p, const char *name,
		     const char *address, enum src_status st)
{
	bool bad = src_status_unreached(st);

	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->done++;
	p->failed += bad;
	if (p->mode == PROGRESS_PLAIN) {
		fprintf(stderr, "swinspect: [%zu/%zu] %s (%s): %s\n", p->done,
			p->total, name, address, src_status_name(st));
	} else if (p->mode == PROGRESS_TTY) {
		if (bad) {
			erase(p);
			fprintf(stderr, "swinspect: %s (%s): %s\n", name,
				address, src_status_name(st));
		}
		draw(p);
	}
	pthread_mutex_unlock(&p->lock);
}

double progress_stop(struct progress *p)
{
	double el;

	if (!p)
		return 0;
	pthread_mutex_lock(&p->lock);
	p->stopping = true;
	pthread_cond_signal(&p->cond);
	pthread_mutex_unlock(&p->lock);
	if (p->ticking)
		pthread_join(p->ticker, NULL);
	if (p->mode == PROGRESS_TTY) {
		log_set_progress_hook(NULL, NULL);
		active = NULL;
	}
	erase(p);
	el = mono_s() - p->t0;
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->lock);
	free(p);
	return el;
}
