/* model.c - see model.h */
#include "config.h"
#include "model.h"

#include <string.h>

static const char *const src_names[SRC__COUNT] = {
	[SRC_OK] = "ok",
	[SRC_TIMEOUT] = "timeout",
	[SRC_UNREACHABLE] = "unreachable",
	[SRC_AUTH_FAILED] = "auth_failed",
	[SRC_HOST_KEY_UNKNOWN] = "host_key_unknown",
	[SRC_HOST_KEY_MISMATCH] = "host_key_mismatch",
	[SRC_PROTOCOL_ERROR] = "protocol_error",
	[SRC_CLOSED] = "closed",
	[SRC_PARTIAL] = "partial",
	[SRC_SKIPPED] = "skipped",
	[SRC_NOT_INSPECTED] = "not_inspected",
	[SRC_ERROR] = "error",
};

const char *src_status_name(enum src_status s)
{
	return (unsigned)s < SRC__COUNT ? src_names[s] : "error";
}

int src_status_parse(const char *word)
{
	for (int i = 0; i < SRC__COUNT; i++)
		if (strcmp(word, src_names[i]) == 0)
			return i;
	return -1;
}

bool src_status_unreached(enum src_status s)
{
	return s != SRC_OK && s != SRC_PARTIAL && s != SRC_SKIPPED;
}

const char *const component_statuses[] = {
	"ok", "warning", "failed", "absent", "unpowered", "unknown", NULL,
};

static bool in_list(const char *const *list, const char *word)
{
	for (; *list; list++)
		if (strcmp(*list, word) == 0)
			return true;
	return false;
}

bool component_status_valid(const char *word)
{
	return in_list(component_statuses, word);
}

const char *const severities[] = {"critical", "major", "minor", "info",
				  NULL};

int severity_rank(const char *word)
{
	for (int i = 0; severities[i]; i++)
		if (strcmp(severities[i], word) == 0)
			return i;
	return -1;
}

const char *const categories[] = {
	"environment", "hardware", "software", "configuration", "security",
	"site", NULL,
};

bool category_valid(const char *word)
{
	return in_list(categories, word);
}
