/* fsutil.h - files written whole or not at all.
 *
 * Everything swinspect writes under an output directory goes through
 * fs_write_atomic(): a temporary file in the same directory, fsync, rename.
 * A reader never sees half a report, and a failed write (disk full,
 * read-only file system) leaves the previous file, if any, untouched.
 * Files are created 0600 and folders 0700: raw configurations are
 * sensitive.  Returned strings are owned by the caller.
 */
#ifndef SWI_FSUTIL_H
#define SWI_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct si_error;

#define FS_FILE_MODE 0600
#define FS_DIR_MODE 0700

/* mkdir -p with mode for the folders it creates. */
int fs_mkdirs(const char *path, mode_t mode, struct si_error *err);
int fs_write_atomic(const char *path, const void *data, size_t len,
		    struct si_error *err);
/* fs_write_atomic() in two steps, for files that appear together or not
 * at all: each written to a temporary beside it (its name in tmp, at
 * least PATH_MAX bytes), then fs_commit() renames each, or the caller
 * unlinks them all.  Both remove the temporary themselves on failure.
 * A write failure sets err->kind to SI_ERR_WRITE. */
int fs_write_temp(const char *path, const void *data, size_t len,
		  char *tmp, size_t tmpsz, struct si_error *err);
int fs_commit(const char *tmp, const char *path, struct si_error *err);
/* Reads a whole file of at most max bytes (NUL-terminated). */
int fs_read_file(const char *path, size_t max, char **data, size_t *len,
		 struct si_error *err);
/* "a/b" (caller frees); NULL on no memory. */
char *fs_join(const char *a, const char *b);
bool fs_is_dir(const char *path);
bool fs_exists(const char *path);

#endif
