/* loader.h - reading rule packs and tables into a struct rule_set.
 * loader_pack() parses one pack document (lint.h reports its mistakes);
 * rules.c reads files and folders and calls it, or swt_load() for a
 * table. */
#ifndef SWI_RULES_LOADER_H
#define SWI_RULES_LOADER_H

#include "ruleset.h"

struct lint;
struct ynode;

/* Adds the pack and its rules to rs; returns -1 only on no memory (errors
 * in the pack are counted in l). */
int loader_pack(struct lint *l, const struct ynode *root,
		struct rule_set *rs);

#endif
