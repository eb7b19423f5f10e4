/* fuzz.h - what the libFuzzer targets under fuzz/ share (doc/fuzzing.md).
 *
 * Each target is one file with LLVMFuzzerTestOneInput; it calls the
 * project's own code (libswinspect.la) the way the program does.  Loaders
 * that only take paths are fed through a file in a private directory under
 * /dev/shm (fuzz_file).  Inputs that carry two parts (a template and a
 * text) are split at the first "\n\x00\n" (fuzz_split) so that the seeds
 * stay readable files. */
#ifndef SWI_FUZZ_H
#define SWI_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* Once per process: data from the source tree, logs quiet, no terminal,
 * the private directory made. */
void fuzz_setup(void);
/* The private directory (one per process). */
const char *fuzz_dir(void);
/* Writes data to fuzz_dir()/name and returns the path (static buffer per
 * call site is not needed: the caller copies it if it keeps two). */
const char *fuzz_file(const char *name, const uint8_t *data, size_t size);
/* Removes a folder and what it holds (symbolic links not followed). */
void fuzz_rm_tree(const char *path);
/* A NUL-terminated copy (caller frees). */
char *fuzz_strndup(const uint8_t *data, size_t size);

/* Splits data at the first FUZZ_SEP into a and b (b empty when absent). */
#define FUZZ_SEP "\n\x00\n"
#define FUZZ_SEP_LEN 3
void fuzz_split(const uint8_t *data, size_t size, const uint8_t **a,
		size_t *alen, const uint8_t **b, size_t *blen);

#endif
