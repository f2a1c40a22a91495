/*
 * http_addr: the client address, REMOTE_ADDR or, behind a trusted
 * proxy, the right-most untrusted X-Forwarded-For entry.
 */
#include <arpa/inet.h>

#include <string.h>

#include "http.h"
#include "list.h"
#include "text.h"

/* Whether the "len" bytes at "addr" are in comma list "trusted". */
static int
is_trusted(const char *addr, size_t len, const char *trusted)
{
	return list_has(trusted, addr, len);
}

/*
 * Copy the X-Forwarded-For entry between "p" and "end", trimmed, into
 * "buf".  0 if it is an IPv4 or IPv6 address, else -1.
 */
static int
xff_entry(const char *p, const char *end, char *buf, size_t bufsz)
{
	unsigned char	 bin[16];
	size_t		 n;

	p += strspn(p, " \t");
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end <= p || (n = (size_t)(end - p)) >= bufsz)
		return -1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, bin) == 1 ||
	    inet_pton(AF_INET6, buf, bin) == 1)
		return 0;
	return -1;
}

/*
 * REMOTE_ADDR, unless it is a trusted proxy: then X-Forwarded-For from
 * the right, skipping trusted proxies, gives the first untrusted entry.
 * A malformed entry, or a list of nothing but proxies, leaves
 * REMOTE_ADDR.
 */
void
http_client_addr(const char *remote, const char *forwarded,
    const char *trusted, char *out, size_t outsz)
{
	char		 entry[64];
	const char	*start, *end;

	if (out == NULL || outsz == 0)
		return;
	if (remote == NULL)
		remote = "";
	text_copy(out, outsz, remote);
	if (forwarded == NULL || trusted == NULL ||
	    !is_trusted(remote, strlen(remote), trusted))
		return;
	for (end = forwarded + strlen(forwarded); end > forwarded;
	    end = start - 1) {
		for (start = end; start > forwarded && start[-1] != ','; )
			start--;
		if (xff_entry(start, end, entry, sizeof(entry)) == -1)
			return;
		if (!is_trusted(entry, strlen(entry), trusted)) {
			if (strlen(entry) < outsz)
				memcpy(out, entry, strlen(entry) + 1);
			return;
		}
		if (start == forwarded)
			return;
	}
}
