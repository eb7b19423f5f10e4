/* tfsm-parse.c - `swinspect parse` alone: TEMPLATE FILE -> records JSON. */
#include "config.h"
#include "collectors/textfsm.h"

int main(int argc, char **argv)
{
	argv[0] = (char *)"parse";
	return textfsm_cli(argc, argv);
}
