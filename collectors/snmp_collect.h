/* snmp_collect.h - the SNMP collector: system group, identity and the
 * ENTITY-MIB inventory into the facts document. */
#ifndef SWI_SNMP_COLLECT_H
#define SWI_SNMP_COLLECT_H

#include "collector.h"

extern const struct collector snmp_collector;

#endif
