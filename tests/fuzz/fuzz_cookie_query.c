/*
 * libFuzzer target: the small parsers of common/web/http*.c that see raw
 * header text: http_query_get, http_cookie_get, http_unescape,
 * http_bearer, http_client_addr and http_wants_html.
 *
 * Input: NUL-separated parts, in order: the query string, the Cookie
 * header (also used as Accept), the Authorization header, REMOTE_ADDR,
 * X-Forwarded-For, the trusted proxies, and a parameter or cookie name
 * to look up besides a few fixed ones.  Missing parts are "".
 *
 * Invariants: every answer is within its documented set; an output
 * string exists exactly when the answer says "found"; a query value is
 * valid UTF-8 no longer than the query; a cookie value is a piece of
 * the header; a bearer token points into the header after "Bearer "
 * and holds only b64token characters; percent-encoding any string and
 * decoding it gives the string back exactly when it is valid UTF-8;
 * and the client address is terminated within its buffer and is
 * either (a prefix of) REMOTE_ADDR or an IP address taken from
 * X-Forwarded-For.
 */
#include <arpa/inet.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "http.h"

#define NPARTS	7

static const char *const names[] = {
	"id", "token", "fcauth_refresh", "a b", "",
};

/* A found value in "*out" exactly when rc is 1. */
static void
check_out(int rc, const char *out)
{

	FUZZ_ASSERT(rc == -1 || rc == 0 || rc == 1);
	FUZZ_ASSERT((rc == 1) == (out != NULL));
}

static void
check_query(const struct request *req, const char *name)
{
	char	*out;
	int	 rc;

	rc = http_query_get(req, name, &out);
	check_out(rc, out);
	if (rc == 1) {
		FUZZ_ASSERT(fuzz_utf8(out, strlen(out)));
		FUZZ_ASSERT(strlen(out) <= strlen(req->query));
	}
	free(out);
}

static void
check_cookie(const struct request *req, const char *name)
{
	char	*out;
	int	 rc;

	rc = http_cookie_get(req, name, &out);
	check_out(rc, out);
	if (rc == 1)
		FUZZ_ASSERT(strstr(req->cookies, out) != NULL);
	free(out);
}

static void
check_bearer(const struct request *req)
{
	const char	*t, *a = req->authorization;

	if ((t = http_bearer(req)) == NULL)
		return;
	FUZZ_ASSERT(t > a + 6 && t < a + strlen(a));
	FUZZ_ASSERT(strncasecmp(a, "bearer ", 7) == 0);
	FUZZ_ASSERT(strspn(a + 6, " ") == (size_t)(t - a - 6));
	FUZZ_ASSERT(strspn(t, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/=") == strlen(t));
	FUZZ_ASSERT(t[0] != '=');
}

/* Decode "s" as it is, and percent-encoded: see the comment on top. */
static void
check_unescape(const char *s, int plus)
{
	static const char	 hex[] = "0123456789abcdef";
	static const char	 upper[] = "0123456789ABCDEF";
	size_t			 i, len = strlen(s), o = 0;
	char			*enc, *dec;

	dec = http_unescape(s, len, plus);
	if (dec != NULL) {
		FUZZ_ASSERT(strlen(dec) <= len);
		FUZZ_ASSERT(fuzz_utf8(dec, strlen(dec)));
		free(dec);
	}
	if ((enc = malloc(len * 3 + 1)) == NULL)
		abort();
	for (i = 0; i < len; i++) {
		unsigned char	 c = (unsigned char)s[i];

		if (plus && c == ' ')
			enc[o++] = '+';
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			enc[o++] = (char)c;
		else {
			enc[o++] = '%';
			/* both cases of hex digits, alternately */
			enc[o++] = (i & 1) ? hex[c >> 4] : upper[c >> 4];
			enc[o++] = hex[c & 15];
		}
	}
	enc[o] = '\0';
	dec = http_unescape(enc, o, plus);
	if (fuzz_utf8(s, len)) {
		FUZZ_ASSERT(dec != NULL);
		FUZZ_ASSERT(strcmp(dec, s) == 0);
	} else
		FUZZ_ASSERT(dec == NULL);
	free(dec);
	free(enc);
}

static void
check_addr(const char *remote, const char *fwd, const char *trusted,
    size_t outsz)
{
	unsigned char	 bin[16];
	char		 out[80];

	memset(out, 'x', sizeof(out));
	http_client_addr(remote, fwd, trusted, out, outsz);
	FUZZ_ASSERT(memchr(out, '\0', outsz) != NULL);
	FUZZ_ASSERT(out[outsz] == 'x');
	if (strncmp(out, remote, strlen(out)) == 0)
		return;
	FUZZ_ASSERT(trusted[0] != '\0');
	FUZZ_ASSERT(strstr(fwd, out) != NULL);
	FUZZ_ASSERT(inet_pton(AF_INET, out, bin) == 1 ||
	    inet_pton(AF_INET6, out, bin) == 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct request	 req;
	const char	*part[NPARTS];
	char		*buf, *p, *end;
	size_t		 i, n;
	int		 h;

	if ((buf = malloc(size + 1)) == NULL)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	end = buf + size;
	for (i = 0, p = buf; i < NPARTS; i++) {
		part[i] = p <= end ? p : "";
		if (p <= end)
			p += strlen(p) + 1;
	}

	memset(&req, 0, sizeof(req));
	req.query = (char *)part[0];
	req.cookies = (char *)part[1];
	req.accept = (char *)part[1];
	req.authorization = (char *)part[2];

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		check_query(&req, names[i]);
		check_cookie(&req, names[i]);
	}
	check_query(&req, part[6]);
	check_cookie(&req, part[6]);
	check_bearer(&req);
	h = http_wants_html(&req);
	FUZZ_ASSERT(h == 0 || h == 1);
	for (i = 0; i < 3; i++) {
		check_unescape(part[i], 0);
		check_unescape(part[i], 1);
	}
	n = size > 0 ? (size_t)data[0] % 79 + 1 : 64;
	check_addr(part[3], part[4], part[5], n);
	check_addr(part[3], part[4], part[5], 64);
	free(buf);
	return 0;
}
