/* util.c - see fuzz.h */
#include "config.h"
#include "fuzz.h"
#include "log.h"

#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static int rm_one(const char *path, const struct stat *st, int flag,
		  struct FTW *ftw)
{
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

void fuzz_rm_tree(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void remove_dir(void)
{
	fuzz_rm_tree(dir);
}

void fuzz_setup(void)
{
	const char *base;

	if (dir[0])
		return;
	if (!getenv("SWINSPECT_DATADIR"))
		setenv("SWINSPECT_DATADIR", ABS_TOP_SRCDIR, 1);
	setenv("SWINSPECT_TTY", "/dev/null", 1);	/* no prompt answers */
	unsetenv("SNMP_COMMUNITY");
	unsetenv("SSH_USERNAME");
	unsetenv("SSH_PASSWORD");
	log_setup(getenv("FUZZ_VERBOSE") ? LOG_LVL_DEBUG : LOG_LVL_ERROR,
		  NULL);
	base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(dir, sizeof(dir), "%s/swinspect-fuzz-%ld", base,
		 (long)getpid());
	if (mkdir(dir, 0700) < 0 && access(dir, W_OK) < 0) {
		perror(dir);
		abort();
	}
	if (atexit(remove_dir) != 0) {
		perror("atexit");
		abort();
	}
}

const char *fuzz_dir(void)
{
	fuzz_setup();
	return dir;
}

const char *fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	static char path[512];
	int fd;

	fuzz_setup();
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || (size && write(fd, data, size) != (ssize_t)size)) {
		perror(path);
		abort();
	}
	close(fd);
	return path;
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (!s)
		abort();
	if (size)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

void fuzz_split(const uint8_t *data, size_t size, const uint8_t **a,
		size_t *alen, const uint8_t **b, size_t *blen)
{
	const uint8_t *sep = size >= FUZZ_SEP_LEN ?
		memmem(data, size, FUZZ_SEP, FUZZ_SEP_LEN) : NULL;

	*a = data;
	if (!sep) {
		*alen = size;
		*b = data + size;
		*blen = 0;
		return;
	}
	*alen = (size_t)(sep - data);
	*b = sep + FUZZ_SEP_LEN;
	*blen = size - *alen - FUZZ_SEP_LEN;
}
