/* probe.h - `swinspect probe`: a quick look at one address before a site
 * visit (reachability, SNMP identity and credentials, SSH login, matching
 * profile).  Prints to stdout; returns an exit status (model.h): 0 all
 * tried answered, 2 something did not, 64 usage, 65 bad inventory. */
#ifndef SWI_PROBE_H
#define SWI_PROBE_H

int probe_main(int argc, char **argv);

#endif
