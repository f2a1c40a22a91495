/*
 * hostport: one item of the [database] host list, "host", "host:port",
 * "[v6]" or "[v6]:port" (a bare IPv6 address, with two colons or more,
 * is a host without a port), split into a host and a port.
 */
#ifndef FCAUTH_HOSTPORT_H
#define FCAUTH_HOSTPORT_H

#include <stddef.h>

/*
 * Split the "len" bytes at "item" into "host" (NUL-terminated, at most
 * "size" bytes with the NUL) and "*port" ("defport" when the item has
 * none).  0, or -1 for an empty host, a host that does not fit, a port
 * that is not 1..65535 in decimal, or a stray bracket.
 */
int		 hostport_split(const char *item, size_t len,
		    unsigned defport, char *host, size_t size,
		    unsigned *port);

#endif /* FCAUTH_HOSTPORT_H */
