/* redact.h - how a secret is shown: never its value.
 *
 * Evidence, facts and reports show a secret as "<redacted>", or for a
 * well-known default (public, private, ...) as
 * "<redacted: well-known default>" so the finding still makes sense. */
#ifndef SWI_REDACT_H
#define SWI_REDACT_H

#include <stdbool.h>

#define REDACTED "<redacted>"
#define REDACTED_DEFAULT "<redacted: well-known default>"

bool redact_is_default_community(const char *value);
/* One of the two constants above; never the value. */
const char *redact_secret(const char *value);

#endif
