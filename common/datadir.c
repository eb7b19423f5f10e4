/* datadir.c - see datadir.h */
#include "config.h"
#include "datadir.h"
#include "fsutil.h"

#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char data_root[PATH_MAX];
static pthread_once_t data_once = PTHREAD_ONCE_INIT;

static void find_root(void)
{
	const char *env = getenv("SWINSPECT_DATADIR");
	char exe[PATH_MAX], builddir[PATH_MAX];
	ssize_t n;

	if (env && *env) {
		snprintf(data_root, sizeof(data_root), "%s", env);
		return;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0 && realpath(ABS_TOP_BUILDDIR, builddir)) {
		char *slash;

		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		/* The program itself, or a test program under tests/. */
		if (strncmp(exe, builddir, strlen(builddir)) == 0 &&
		    (exe[strlen(builddir)] == '\0' ||
		     exe[strlen(builddir)] == '/')) {
			snprintf(data_root, sizeof(data_root), "%s",
				 ABS_TOP_SRCDIR);
			return;
		}
	}
	snprintf(data_root, sizeof(data_root), "%s", PKGDATADIR);
}

const char *datadir(void)
{
	pthread_once(&data_once, find_root);
	return data_root;
}

char *datadir_path(const char *rel)
{
	return fs_join(datadir(), rel);
}
