/*
 * hostport: split "host[:port]" (see hostport.h).  Checked once when
 * the configuration is read (config_check.c) and again for each
 * connection attempt (store/db.c), which then needs no copy of the
 * parsed list.
 */
#include <string.h>

#include "hostport.h"

/* The decimal port of the "len" bytes at "s": 1..65535, or 0. */
static unsigned
hostport_port(const char *s, size_t len)
{
	unsigned long	 v = 0;
	size_t		 i;

	if (len == 0 || len > 5)
		return 0;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (unsigned long)(s[i] - '0');
	}
	return v <= 65535 ? (unsigned)v : 0;
}

int
hostport_split(const char *item, size_t len, unsigned defport,
    char *host, size_t size, unsigned *port)
{
	const char	*h = item, *colon;
	size_t		 hlen = len;

	*port = defport;
	if (len > 0 && item[0] == '[') {
		/* [v6] or [v6]:port */
		if ((colon = memchr(item, ']', len)) == NULL)
			return -1;
		h = item + 1;
		hlen = (size_t)(colon - h);
		if (colon + 1 != item + len) {
			if (colon[1] != ':' || (*port = hostport_port(colon + 2,
			    (size_t)(item + len - colon - 2))) == 0)
				return -1;
		}
	} else if ((colon = memchr(item, ':', len)) != NULL &&
	    memchr(colon + 1, ':', (size_t)(item + len - colon - 1)) == NULL) {
		/* one colon: host:port; two or more: a bare IPv6 address */
		hlen = (size_t)(colon - item);
		if ((*port = hostport_port(colon + 1,
		    (size_t)(item + len - colon - 1))) == 0)
			return -1;
	}
	if (hlen == 0 || hlen >= size || memchr(h, '[', hlen) != NULL ||
	    memchr(h, ']', hlen) != NULL)
		return -1;
	memcpy(host, h, hlen);
	host[hlen] = '\0';
	return 0;
}
