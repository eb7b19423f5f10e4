/* rx-compat.c - checks the Python-regex translator against Python's re.
 *
 * Reads JSON lines [pattern, [subject, ...]] on stdin and prints, per line,
 * {"ok": true|false, "m": [null | [start, end, g1start, g1end, ...], ...]}
 * with offsets in code points, as rx-compat.py does with Python's re.match.
 * It includes the engine's source to reach its internal translator. */
/* NOLINTNEXTLINE(bugprone-suspicious-include): on purpose, see above */
#include "collectors/textfsm.c"

#include <cjson/cJSON.h>

static size_t cp_offset(const char *s, size_t byte)
{
	return u8_count(s, byte);
}

static void one(const char *line)
{
	cJSON *in = cJSON_Parse(line), *subs, *s, *out, *arr;
	const char *pat;
	struct pyre re;
	char why[300];
	pcre2_match_data *md;
	char *txt;

	if (!in || !cJSON_IsArray(in)) {
		puts("{\"ok\": null}");
		cJSON_Delete(in);
		return;
	}
	pat = cJSON_GetArrayItem(in, 0)->valuestring;
	subs = cJSON_GetArrayItem(in, 1);
	out = cJSON_CreateObject();
	if (pyre_compile(&re, pat, strlen(pat), why, sizeof(why))) {
		cJSON_AddBoolToObject(out, "ok", 0);
		cJSON_AddStringToObject(out, "why", why);
	} else {
		cJSON_AddBoolToObject(out, "ok", 1);
		cJSON_AddNumberToObject(out, "groups", re.groups);
		arr = cJSON_AddArrayToObject(out, "m");
		md = pcre2_match_data_create(re.groups + 1, NULL);
		cJSON_ArrayForEach(s, subs) {
			const char *sub = s->valuestring;
			int rc = pyre_exec(&re, sub, strlen(sub), md, NULL);
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			cJSON *m;
			uint32_t g;

			if (rc == PCRE2_ERROR_NOMATCH) {
				cJSON_AddItemToArray(arr, cJSON_CreateNull());
				continue;
			}
			if (rc < 0) {
				cJSON_AddItemToArray(arr, cJSON_CreateString("error"));
				continue;
			}
			m = cJSON_CreateArray();
			for (g = 0; g <= re.groups; g++) {
				if ((int)g >= rc || ov[2 * g] == PCRE2_UNSET) {
					cJSON_AddItemToArray(m, cJSON_CreateNumber(-1));
					cJSON_AddItemToArray(m, cJSON_CreateNumber(-1));
					continue;
				}
				cJSON_AddItemToArray(m, cJSON_CreateNumber(
					(double)cp_offset(sub, ov[2 * g])));
				cJSON_AddItemToArray(m, cJSON_CreateNumber(
					(double)cp_offset(sub, ov[2 * g + 1])));
			}
			cJSON_AddItemToArray(arr, m);
		}
		pcre2_match_data_free(md);
		pyre_free(&re);
	}
	txt = cJSON_PrintUnformatted(out);
	puts(txt);
	free(txt);
	cJSON_Delete(out);
	cJSON_Delete(in);
}

int main(void)
{
	char *line = NULL;
	size_t cap = 0;

	pthread_once(&P_once, P_init);
	while (getline(&line, &cap, stdin) > 0)
		one(line);
	free(line);
	return 0;
}
