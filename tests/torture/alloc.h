/* alloc.h - the allocation hook of the torture driver (alloc.c): count
 * the allocations of a piece of code, fail the Nth, find what it leaks. */
#ifndef SWI_TORTURE_ALLOC_H
#define SWI_TORTURE_ALLOC_H

#include <stdio.h>

/* Before the first alloc_arm() of a process (again in a forked child: a
 * fresh, empty table); -1 on no memory. */
int alloc_hook_init(void);
/* Counts from zero; the nth allocation fails (0: none). */
void alloc_arm(long nth);
/* Still counting and remembering, no more failures (the driver's own
 * checks after the target returned). */
void alloc_stop_failing(void);
void alloc_disarm(void);
long alloc_count(void);
/* The number of the allocation that was failed, 0 when none was. */
long alloc_failed(void);
/* Blocks allocated while armed and not freed. */
long alloc_live(void);
void alloc_print_live(FILE *f, int max);

#endif
