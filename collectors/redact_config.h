/* redact_config.h - secrets out of device configurations and CLI outputs.
 *
 * Everything a device says goes through redact_config() before it is
 * written anywhere (OUT/devices/<name>/raw/, logs, facts): passwords,
 * enable secrets, password hashes, SNMP communities and v3 keys, TACACS+ /
 * RADIUS keys, routing-protocol and NTP keys, pre-shared keys and private
 * key blocks become "<redacted>" (a well-known default community becomes
 * "<redacted: well-known default>", so a later rule can still flag it).
 * Covers Cisco IOS / IOS-XE / NX-OS, Arista EOS, Huawei VRP, H3C / HPE
 * Comware, Juniper Junos (curly and set forms), SONiC (JSON config and FRR),
 * HP ProCurve and Inspur (NX-OS- and IOS-like).  The rules are line based
 * with a little state (private key blocks, SONiC's SNMP_COMMUNITY object),
 * keep every other byte as it was, and err on the side of redacting.
 *
 * Thread-safe; the result is owned by the caller.
 */
#ifndef SWI_REDACT_CONFIG_H
#define SWI_REDACT_CONFIG_H

#include <stddef.h>

/* A redacted copy of text[0..len) (NUL-terminated, *out_len bytes); NULL on
 * no memory.  *count (if not NULL) gets the number of values redacted. */
char *redact_config(const char *text, size_t len, size_t *out_len,
		    size_t *count);

#endif
