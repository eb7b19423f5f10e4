/* fsutil.c - see fsutil.h */
#include "config.h"
#include "fsutil.h"
#include "error.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A failure to write an output: the caller exits 73, not 70. */
static int write_error(struct si_error *err, const char *path,
		       const char *what, int errnum)
{
	si_error_set(err, path, 0, 0, "%s: %s", what, strerror(errnum));
	if (err)
		err->kind = SI_ERR_WRITE;
	return -1;
}

int fs_mkdirs(const char *path, mode_t mode, struct si_error *err)
{
	char buf[PATH_MAX];
	size_t len = strlen(path);

	if (len == 0 || len >= sizeof(buf))
		return write_error(err, path, "cannot create folder",
				   ENAMETOOLONG);
	memcpy(buf, path, len + 1);
	for (char *p = buf + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;

		*p = '\0';
		if (mkdir(buf, mode) < 0 && errno != EEXIST)
			return write_error(err, buf, "cannot create folder",
					   errno);
		if (!fs_is_dir(buf))
			return write_error(err, buf, "cannot create folder",
					   ENOTDIR);
		*p = c;
		if (c == '\0')
			break;
	}
	return 0;
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int fs_write_temp(const char *path, const void *data, size_t len,
		  char *tmp, size_t tmpsz, struct si_error *err)
{
	int fd, saved;

	if (snprintf(tmp, tmpsz, "%s.tmp.XXXXXX", path) >= (int)tmpsz)
		return write_error(err, path, "cannot write", ENAMETOOLONG);
	fd = mkstemp(tmp);	/* mkstemp creates the file 0600 */
	if (fd < 0)
		return write_error(err, path, "cannot write", errno);
	if (write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		saved = errno;
		close(fd);
		unlink(tmp);
		return write_error(err, path, "cannot write", saved);
	}
	if (close(fd) < 0) {
		saved = errno;
		unlink(tmp);
		return write_error(err, path, "cannot write", saved);
	}
	return 0;
}

int fs_commit(const char *tmp, const char *path, struct si_error *err)
{
	int saved;

	if (rename(tmp, path) == 0)
		return 0;
	saved = errno;
	unlink(tmp);
	return write_error(err, path, "cannot write", saved);
}

int fs_write_atomic(const char *path, const void *data, size_t len,
		    struct si_error *err)
{
	char tmp[PATH_MAX];

	if (fs_write_temp(path, data, len, tmp, sizeof(tmp), err) < 0)
		return -1;
	return fs_commit(tmp, path, err);
}

int fs_read_file(const char *path, size_t max, char **data, size_t *len,
		 struct si_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;

	if (!f)
		return si_error_set(err, path, 0, 0, "cannot read: %s",
				    strerror(errno));
	for (;;) {
		if (cap - n < 4096) {
			size_t ncap = cap ? cap * 2 : 8192;
			char *nb = realloc(buf, ncap + 1);

			if (!nb) {
				free(buf);
				fclose(f);
				return si_error_set(err, path, 0, 0,
						    "out of memory");
			}
			buf = nb;
			cap = ncap;
		}
		size_t got = fread(buf + n, 1, cap - n, f);

		n += got;
		if (n > max) {
			free(buf);
			fclose(f);
			return si_error_set(err, path, 0, 0,
					    "file larger than %zu bytes", max);
		}
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		free(buf);
		fclose(f);
		return si_error_set(err, path, 0, 0, "read error");
	}
	fclose(f);
	buf[n] = '\0';
	*data = buf;
	if (len)
		*len = n;
	return 0;
}

char *fs_join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 2);

	if (!s)
		return NULL;
	/* NOLINTNEXTLINE(bugprone-not-null-terminated-result): b and NUL follow */
	memcpy(s, a, la);
	if (la && a[la - 1] != '/')
		s[la++] = '/';
	memcpy(s + la, b, lb + 1);
	return s;
}

bool fs_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool fs_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}
