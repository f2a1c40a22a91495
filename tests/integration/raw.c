/*
 * raw: HTTP/1.x over a plain socket.  See raw.h.
 */
#include <sys/socket.h>
#include <sys/types.h>

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "client.h"
#include "raw.h"

/* Seconds since "t0" on the monotonic clock. */
static double
elapsed(const struct timespec *t0)
{
	struct timespec	 t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) +
	    (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Host and port of the base URL "http://host:port[/...]".  0 or -1. */
static int
base_host_port(char *host, size_t hostsz, char *port, size_t portsz)
{
	const char	*u = client_base_url(), *h, *colon, *end;

	if (strncmp(u, "http://", 7) != 0)
		return -1;
	h = u + 7;
	end = h + strcspn(h, "/");
	colon = memchr(h, ':', (size_t)(end - h));
	if (colon == NULL) {
		snprintf(port, portsz, "80");
		colon = end;
	} else
		snprintf(port, portsz, "%.*s", (int)(end - colon - 1), colon + 1);
	if ((size_t)(colon - h) >= hostsz)
		return -1;
	snprintf(host, hostsz, "%.*s", (int)(colon - h), h);
	return 0;
}

static int
raw_connect(struct resp *r)
{
	struct addrinfo	 hints, *res = NULL, *ai;
	char		 host[256], port[16];
	int		 fd = -1, rc;

	if (base_host_port(host, sizeof(host), port, sizeof(port)) == -1) {
		snprintf(r->error, sizeof(r->error), "FCAUTH_TEST_URL is not "
		    "http://host:port");
		return -1;
	}
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
		snprintf(r->error, sizeof(r->error), "%s", gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if ((fd = socket(ai->ai_family, ai->ai_socktype,
		    ai->ai_protocol)) == -1)
			continue;
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1)
		snprintf(r->error, sizeof(r->error), "connect: %s",
		    strerror(errno));
	return fd;
}

/* Decode a chunked body in place (best effort: stops at bad input). */
static void
unchunk(struct resp *r)
{
	char		*in = r->body, *out = r->body, *end = r->body + r->bodylen;
	char		*nl;
	unsigned long	 n;

	while (in < end) {
		n = strtoul(in, NULL, 16);
		if ((nl = strstr(in, "\r\n")) == NULL || n == 0 ||
		    n > (unsigned long)(end - nl - 2))
			break;
		memmove(out, nl + 2, n);
		out += n;
		in = nl + 2 + n + 2;
	}
	r->bodylen = (size_t)(out - r->body);
	r->body[r->bodylen] = '\0';
}

/* Split what was read ("all") into status, headers and body. */
static int
parse_reply(struct resp *r, char *all, size_t len)
{
	char		*hend, *line, *eol;
	const char	*te;
	struct json_tokener *tok;

	if (len < 12 || strncmp(all, "HTTP/1.", 7) != 0)
		return 0;	/* no status line: status stays 0 */
	r->status = strtol(all + 9, NULL, 10);
	if ((hend = strstr(all, "\r\n\r\n")) == NULL)
		hend = all + len;
	for (line = strstr(all, "\r\n"); line != NULL && line < hend;
	    line = eol) {
		line += 2;
		if ((eol = strstr(line, "\r\n")) == NULL || eol > hend)
			eol = hend;
		if (eol > line &&
		    resp_add_header(r, line, (size_t)(eol - line)) == -1)
			return -1;
		if (eol == hend)
			break;
	}
	if (hend + 4 <= all + len &&
	    resp_append_body(r, hend + 4, (size_t)(all + len - hend - 4)) == -1)
		return -1;
	if (r->body == NULL && resp_append_body(r, "", 0) == -1)
		return -1;
	if ((te = resp_header(r, "Transfer-Encoding")) != NULL &&
	    strcasecmp(te, "chunked") == 0)
		unchunk(r);
	if (r->bodylen > 0 && (tok = json_tokener_new()) != NULL) {
		r->json = json_tokener_parse_ex(tok, r->body, (int)r->bodylen);
		if (json_tokener_get_error(tok) != json_tokener_success ||
		    json_tokener_get_parse_end(tok) != r->bodylen) {
			json_object_put(r->json);
			r->json = NULL;
		}
		json_tokener_free(tok);
	}
	return 0;
}

int
raw_exchange(const char *req, size_t len, int flags, int timeout_ms,
    struct resp *r, double *seconds)
{
	struct timespec	 t0;
	struct pollfd	 pfd;
	char		 buf[65536];
	char		*all = NULL, *na;
	size_t		 alllen = 0, off = 0;
	ssize_t		 n;
	int		 fd, rc = -1, left;

	memset(r, 0, sizeof(*r));
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((fd = raw_connect(r)) == -1)
		goto out;
	/* The server may answer and close before it has read everything. */
	while (off < len) {
		n = send(fd, req + off, len - off, MSG_NOSIGNAL);
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	if (flags & RAW_SHUT_WR)
		shutdown(fd, SHUT_WR);
	for (;;) {
		left = timeout_ms - (int)(elapsed(&t0) * 1000);
		if (left <= 0) {
			snprintf(r->error, sizeof(r->error), "no end of the "
			    "reply within %d ms", timeout_ms);
			break;
		}
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, left) <= 0)
			continue;
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			/* closed (a reset after an early answer counts too) */
			rc = 0;
			break;
		}
		if ((na = realloc(all, alllen + (size_t)n + 1)) == NULL)
			break;
		all = na;
		memcpy(all + alllen, buf, (size_t)n);
		alllen += (size_t)n;
		all[alllen] = '\0';
	}
	close(fd);
	if (all != NULL && parse_reply(r, all, alllen) == -1) {
		snprintf(r->error, sizeof(r->error), "out of memory");
		rc = -1;
	}
out:
	free(all);
	if (seconds != NULL)
		*seconds = elapsed(&t0);
	return rc;
}
