/* text.h - making device-controlled text safe to store.
 *
 * Devices send bytes, not text: invalid UTF-8, control characters, NULs.
 * text_clean() returns valid UTF-8 (invalid bytes become U+FFFD), drops
 * control characters other than newline and tab, normalises CR LF, and
 * trims surrounding white space.  The caller frees the result. */
#ifndef SWI_TEXT_H
#define SWI_TEXT_H

#include <stdbool.h>
#include <stddef.h>

char *text_clean(const char *s, size_t len);
/* Length of the valid UTF-8 sequence at s (1..4), or 0 if invalid. */
size_t text_utf8_len(const unsigned char *s, size_t avail);
/* Is the whole buffer printable text (UTF-8, no controls but \r\n\t)? */
bool text_is_printable(const char *s, size_t len);

#endif
