/* alloc.c - the allocation hook of the torture driver (tests/torture).
 *
 * malloc, calloc, realloc, free, strdup and strndup are defined here, in
 * the test program itself: the dynamic linker then binds every caller to
 * them, swinspect's code and the libraries alike (libyaml and cJSON call
 * malloc directly, PCRE2 through its default hooks, glibc's own strdup,
 * fopen, opendir ... through the interposable symbol).  Each forwards to
 * the next definition (dlsym RTLD_NEXT): glibc's, or ASan's under
 * --enable-sanitizers, so the sanitizers still see every block.
 *
 * While armed, allocations are counted, the Nth one fails (returns NULL,
 * errno ENOMEM), and every block handed out is remembered (an
 * open-addressing table) until it is freed: what is left when the target
 * has cleaned up is a leak, reported with its allocation number.  Not
 * armed, the hook only forwards.  Single-threaded targets only. */

#include "config.h"
#include "alloc.h"

#include <dlfcn.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void (*real_free)(void *);

/* dlsym may allocate before the pointers are known: a small arena, never
 * freed. */
static _Alignas(16) char boot[8192];
static size_t boot_used;
static int resolving;

static void *boot_alloc(size_t n)
{
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (boot_used + n > sizeof(boot))
		return NULL;
	p = boot + boot_used;
	boot_used += n;
	return p;
}

static int is_boot(const void *p)
{
	return (const char *)p >= boot && (const char *)p < boot + sizeof(boot);
}

static void resolve(void)
{
	if (real_malloc || resolving)
		return;
	resolving = 1;
	real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
	real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
	real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
	real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
	resolving = 0;
}

/* ---- the table of live blocks ---------------------------------------- */

#define SLOTS (1u << 21)
#define TOMB ((void *)1)

struct slot {
	void *p;
	long seq;	/* allocation number */
	size_t size;
};

static struct slot *table;	/* SLOTS entries */
static long nlive;

static size_t hash(const void *p)
{
	uintptr_t x = (uintptr_t)p;

	x ^= x >> 17;
	x *= 0xed5ad4bbu;
	x ^= x >> 11;
	return (size_t)x & (SLOTS - 1);
}

static int armed;
static long count;	/* allocations seen while armed */
static long fail_at;	/* 0: none */
static long failed;	/* allocation number that was failed, 0: none */

static void remember(void *p, size_t size)
{
	size_t h = hash(p);

	if (!table || nlive >= (long)SLOTS - 1)
		return;
	while (table[h].p && table[h].p != TOMB)
		h = (h + 1) & (SLOTS - 1);
	table[h].p = p;
	table[h].seq = count;
	table[h].size = size;
	nlive++;
}

static void forget(void *p)
{
	size_t h = hash(p);

	if (!table || !p)
		return;
	for (size_t probes = 0; table[h].p && probes < SLOTS; probes++) {
		if (table[h].p == p) {
			table[h].p = TOMB;
			nlive--;
			return;
		}
		h = (h + 1) & (SLOTS - 1);
	}
}

/* Counts an allocation; 1 when it is the one to fail. */
static int must_fail(void)
{
	if (!armed)
		return 0;
	count++;
	if (fail_at && count == fail_at) {
		failed = count;
		return 1;
	}
	return 0;
}

/* ---- the interposed functions ---------------------------------------- */

void *malloc(size_t n)
{
	void *p;

	resolve();
	if (!real_malloc)
		return boot_alloc(n);
	if (must_fail()) {
		errno = ENOMEM;
		return NULL;
	}
	p = real_malloc(n);
	if (p && armed)
		remember(p, n);
	return p;
}

void *calloc(size_t n, size_t m)
{
	void *p;

	resolve();
	if (!real_calloc) {
		p = n && m > SIZE_MAX / n ? NULL : boot_alloc(n * m);
		return p;	/* the arena is zeroed */
	}
	if (must_fail()) {
		errno = ENOMEM;
		return NULL;
	}
	p = real_calloc(n, m);
	if (p && armed)
		remember(p, n * m);
	return p;
}

void *realloc(void *old, size_t n)
{
	void *p;

	resolve();
	if (is_boot(old) || !real_realloc) {
		size_t have = old ? (size_t)(boot + sizeof(boot) -
					     (char *)old) : 0;

		p = malloc(n);
		if (p && old)
			memcpy(p, old, n < have ? n : have);
		return p;
	}
	if (old && n == 0) {
		forget(old);
		return real_realloc(old, 0);
	}
	if (must_fail()) {
		errno = ENOMEM;
		return NULL;	/* old stays valid */
	}
	p = real_realloc(old, n);
	if (p) {
		forget(old);
		if (armed)
			remember(p, n);
	}
	return p;
}

void free(void *p)
{
	if (!p || is_boot(p))
		return;
	resolve();
	forget(p);
	real_free(p);
}

char *strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = malloc(n);

	if (p)
		memcpy(p, s, n);
	return p;
}

char *strndup(const char *s, size_t max)
{
	size_t n = strnlen(s, max);
	char *p = malloc(n + 1);

	if (p) {
		memcpy(p, s, n);
		p[n] = '\0';
	}
	return p;
}

/* ---- control ----------------------------------------------------------- */

/* A fresh table in each process (mmap: zero pages, touched only where
 * used, nothing copied from the parent after a fork). */
int alloc_hook_init(void)
{
	void *t;

	resolve();
	t = mmap(NULL, SLOTS * sizeof(*table), PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (t == MAP_FAILED)
		return -1;
	if (table)
		munmap(table, SLOTS * sizeof(*table));
	table = t;
	nlive = 0;
	return 0;
}

void alloc_arm(long nth)
{
	count = 0;
	failed = 0;
	fail_at = nth;
	armed = 1;
}

void alloc_stop_failing(void)
{
	fail_at = 0;
}

void alloc_disarm(void)
{
	armed = 0;
	fail_at = 0;
}

long alloc_count(void)
{
	return count;
}

long alloc_failed(void)
{
	return failed;
}

long alloc_live(void)
{
	return nlive;
}

void alloc_print_live(FILE *f, int max)
{
	for (size_t i = 0; table && i < SLOTS && max > 0; i++)
		if (table[i].p && table[i].p != TOMB) {
			fprintf(f, "  leaked: allocation #%ld, %zu bytes\n",
				table[i].seq, table[i].size);
			max--;
		}
}
