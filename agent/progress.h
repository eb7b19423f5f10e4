/* progress.h - what a run shows while devices are being inspected.
 *
 * On a terminal (stderr is a TTY, TERM is not "dumb", not -q) one live
 * line, redrawn in place every second and at each device: done/total,
 * failures, elapsed time, an estimate of the time left; a failed device
 * also gets a line of its own above it.  Elsewhere (a pipe, a log file, a
 * timer) one plain line per device.  With -q, nothing.  Log messages
 * printed meanwhile clear the live line first (log_set_progress_hook).
 * Thread-safe; never logs (the logger calls into it).
 */
#ifndef SWI_PROGRESS_H
#define SWI_PROGRESS_H

#include <stddef.h>

#include "model.h"

enum progress_mode { PROGRESS_QUIET, PROGRESS_PLAIN, PROGRESS_TTY };

struct progress;

/* The mode for this process: the log level (-q) and whether stderr is a
 * terminal.  SWINSPECT_PROGRESS=tty|plain|quiet overrides (for tests). */
enum progress_mode progress_mode_auto(void);
/* NULL on no memory (the run goes on without a display). */
struct progress *progress_start(size_t total, enum progress_mode mode);
/* One device finished (or was abandoned) with this status. */
void progress_device(struct progress *p, const char *name,
		     const char *address, enum src_status st);
/* Erases the live line and frees p; returns the elapsed seconds. */
double progress_stop(struct progress *p);
/* "1h02m", "3m05s", "12s". */
char *progress_duration(double s, char *buf, size_t n);

#endif
