/* recfacts - runs the SNMP collector over recordings, without a network.
 *
 *   recfacts [-r RATE_S] [-v] FILE.snmprec...
 *
 * For each recording, prints the facts document the collector builds (one
 * JSON document per line with -l, else pretty-printed).  The MIB maps come
 * from the data directory (SWINSPECT_DATADIR, else the source tree).  Used
 * by the tests under tests/snmp/ and to try a new MIB map on a walk. */
#include "config.h"
#include "collectors/snmp_collect.h"
#include "collectors/snmp_map.h"
#include "collectors/snmp_rec.h"
#include "error.h"
#include "facts.h"
#include "log.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *base_name(const char *path, char *buf, size_t n)
{
	const char *b = strrchr(path, '/');
	char *dot;

	snprintf(buf, n, "%s", b ? b + 1 : path);
	dot = strstr(buf, ".snmprec");
	if (dot)
		*dot = '\0';
	return buf;
}

int main(int argc, char **argv)
{
	struct snmp_collect_opts o = {0};
	bool lines = false;
	int opt, rc = 0;

	log_setup(LOG_LVL_WARN, NULL);
	while ((opt = getopt(argc, argv, "r:vl")) != -1) {
		switch (opt) {
		case 'r':
			/* NOLINTNEXTLINE(cert-err34-c): the test's own option */
			o.rate_interval_s = atof(optarg);
			break;
		case 'v':
			log_setup(LOG_LVL_DEBUG, "snmp");
			break;
		case 'l':
			lines = true;
			break;
		default:
			fprintf(stderr, "usage: recfacts [-r RATE_S] [-v] [-l] "
				"FILE.snmprec...\n");
			return 64;
		}
	}
	for (int i = optind; i < argc; i++) {
		struct si_error err;
		struct snmp_rec *rec = snmp_rec_load(argv[i], &err);
		struct snmp_agent a;
		char name[256], *text;
		cJSON *facts;

		if (!rec) {
			fprintf(stderr, "recfacts: %s\n", err.msg);
			rc = 1;
			continue;
		}
		snmp_rec_agent(&a, rec);
		o.name = base_name(argv[i], name, sizeof(name));
		facts = facts_new(name, "recording", NULL);
		snmp_collect_from(&a, facts, &o);
		text = lines ? cJSON_PrintUnformatted(facts) : cJSON_Print(facts);
		printf("%s\n", text);
		free(text);
		cJSON_Delete(facts);
		snmp_rec_free(rec);
	}
	return rc;
}
