/* target.h - one device to inspect and how to reach it.
 *
 * Filled by the inventory loader (agent/), read by the collectors: this is
 * the only thing they know of the inventory.  Secrets are held in struct
 * secret: the value, and where it came from (safe to log).  The owner of a
 * struct target frees it with the inventory.
 */
#ifndef SWI_TARGET_H
#define SWI_TARGET_H

#include <stdbool.h>

struct secret {
	char *value;	/* NULL: not given */
	char *origin;	/* where it came from, safe to log */
};

enum target_snmp_version { TARGET_SNMP_V1 = 1, TARGET_SNMP_V2C = 2, TARGET_SNMP_V3 = 3 };

struct target_snmp {
	bool enabled;
	enum target_snmp_version version;
	int port;
	int timeout_ms;
	int retries;
	int min_interval_ms;	/* pause between two requests (politeness) */
	int rate_interval_s;	/* between the two samples of interface
				 * counters; 0: one sample, no rates */
	struct secret community;
	/* v3 */
	char *username;
	char *context;
	char *auth_proto;	/* md5 sha sha224 sha256 sha384 sha512 */
	struct secret auth_pass;
	char *priv_proto;	/* des aes aes128 aes192 aes256 */
	struct secret priv_pass;
};

/* A jump host (bastion) the SSH connection goes through. */
struct target_ssh_jump {
	char *address;	/* NULL: no jump host */
	int port;
	char *username;
	struct secret password;
	char *key_file;
	bool use_agent;
};

struct target_ssh {
	bool enabled;
	int port;
	int timeout_ms;	/* connect, each log-in step, silence in an output */
	char *username;
	struct secret password;
	char *key_file;
	char *known_hosts;
	bool accept_new_host_key;
	bool use_agent;			/* try the keys of ssh-agent */
	char *legacy_algorithms;	/* NULL, "all" or "name,name,..." */
	struct secret enable_password;	/* for privileged mode */
	int command_timeout_ms;		/* one command, whole */
	int max_output_bytes;		/* one command's output */
	int max_pages;			/* pagers answered in one output */
	char *channel;			/* "shell" (NULL) or "exec" */
	struct target_ssh_jump jump;
};

/* On-box inspection of the host swinspect runs on (collectors/local*.c). */
struct target_local {
	bool enabled;
	const char *root;	/* "/" or a recorded tree (not owned) */
	int sample_ms;		/* between the two CPU / counter samples */
	/* The NOS's CLI run locally through a profile (collectors/
	 * local_cli.c): its name, or NULL with why_no_cli saying why. */
	const char *cli_profile;
	const char *why_no_cli;
	int cli_timeout_ms;	/* one command (0: the default) */
};

struct target {
	char *name;
	char *address;
	char *profile;
	char *site;	/* NULL: the inventory's */
	int line;	/* where the device is declared */
	int col;
	struct target_snmp snmp;
	struct target_ssh ssh;
	struct target_local local;
};

#endif
