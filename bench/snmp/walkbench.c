/* walkbench - walks subtrees with swinspect's SNMP client, for
 * bench/snmp/run.sh to compare with snmpbulkwalk on the same subtrees.
 *
 *   walkbench PORT LIST
 *
 * LIST has one "COMMUNITY OID" per line; lines of the same community are
 * one device, walked over one session (v2c, 127.0.0.1:PORT), one subtree
 * after another, devices one after another -- as the snmpbulkwalk loop of
 * run.sh does.  Prints the number of values read. */
#include "config.h"
#include "collectors/snmp.h"
#include "error.h"
#include "target.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct snmp_client *open_dev(const char *community, int port)
{
	struct target t;
	struct si_error err;
	enum src_status st;
	struct snmp_client *c;

	memset(&t, 0, sizeof(t));
	t.name = (char *)"bench";
	t.address = (char *)"127.0.0.1";
	t.snmp.enabled = true;
	t.snmp.version = TARGET_SNMP_V2C;
	t.snmp.port = port;
	t.snmp.timeout_ms = 5000;
	t.snmp.retries = 1;
	t.snmp.community.value = (char *)community;
	c = snmp_client_open(&t, &st, &err);
	if (!c)
		fprintf(stderr, "walkbench: %s: %s\n", community, err.msg);
	return c;
}

int main(int argc, char **argv)
{
	char line[1024], cur[512] = "";
	struct snmp_client *c = NULL;
	size_t values = 0, walks = 0;
	FILE *f;
	int port;

	if (argc != 3) {
		fprintf(stderr, "usage: walkbench PORT LIST\n");
		return 64;
	}
	/* NOLINTNEXTLINE(cert-err34-c): a bench's own argument */
	port = atoi(argv[1]);
	f = fopen(argv[2], "r");
	if (!f) {
		perror(argv[2]);
		return 66;
	}
	while (fgets(line, sizeof(line), f)) {
		char comm[512], oid[512];
		struct snmp_vblist l = {0};
		enum snmp_walk_end end;
		struct si_error err;

		if (sscanf(line, "%511s %511s", comm, oid) != 2)
			continue;
		if (strcmp(comm, cur) != 0) {
			snmp_client_close(c);
			c = open_dev(comm, port);
			snprintf(cur, sizeof(cur), "%s", comm);
		}
		if (!c)
			continue;
		if (snmp_client_walk(c, oid, NULL, &l, &end, &err) != SRC_OK)
			fprintf(stderr, "walkbench: %s %s: %s\n", comm, oid,
				err.msg);
		values += l.n;
		walks++;
		snmp_vblist_free(&l);
	}
	snmp_client_close(c);
	fclose(f);
	printf("%zu walks, %zu values\n", walks, values);
	return 0;
}
