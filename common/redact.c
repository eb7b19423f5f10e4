/* redact.c - see redact.h */
#include "config.h"
#include "redact.h"

#include <stddef.h>
#include <strings.h>

bool redact_is_default_community(const char *value)
{
	static const char *const defaults[] = {
		"public", "private", "community", "cisco", "admin", "manager",
		"secret", "write", "read", "snmp", NULL,
	};

	if (!value)
		return false;
	for (int i = 0; defaults[i]; i++)
		if (strcasecmp(value, defaults[i]) == 0)
			return true;
	return false;
}

const char *redact_secret(const char *value)
{
	return redact_is_default_community(value) ? REDACTED_DEFAULT
						  : REDACTED;
}
