/*
 * libFuzzer target: route_match() (common/web/route.c) on the input as a
 * path, against a table with the patterns of every endpoint of API.md.
 *
 * Input: byte 0 is the method (enum http_method, and a few values past
 * it); the rest, up to a NUL, is the decoded path.
 *
 * Invariants: the answer agrees with a reference matcher written here
 * (segment by segment, one trailing slash dropped, "{name}" taking one
 * non-empty segment of at most ROUTE_PARAM_LEN bytes, the first route
 * of the right method winning); on a match every parameter is a
 * segment of the path of 1..ROUTE_PARAM_LEN bytes without '/', found
 * again by route_param(); -2 comes with the methods that would match
 * and -1 with none; NULL "params" and "allowed" change nothing; and
 * route_allow_header() always terminates its output.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "http.h"
#include "route.h"

#define GET	HTTP_M(HTTP_GET)
#define HEAD	HTTP_M(HTTP_HEAD)
#define POST	HTTP_M(HTTP_POST)
#define PATCH	HTTP_M(HTTP_PATCH)
#define DELETE	HTTP_M(HTTP_DELETE)

/* A rule without an operation or a handler. */
#define R(m, pat, g)	{ (m), (pat), (g), OP__MAX, NULL, NULL }

/* The endpoints of API.md, and the legacy paths it maps. */
static const struct route_rule routes[] = {
	R(POST, "/api/v1/auth/login", PATH_PUBLIC),
	R(POST | GET, "/api/v1/auth/refresh", PATH_PUBLIC),
	R(POST | GET, "/api/v1/auth/logout", PATH_PUBLIC),
	R(GET, "/api/v1/auth/sessions", PATH_BEARER),
	R(DELETE, "/api/v1/auth/sessions/{id}", PATH_BEARER),
	R(GET | HEAD, "/api/v1/auth/jwks.json", PATH_PUBLIC),
	R(POST, "/api/v1/auth/register", PATH_PUBLIC),
	R(POST, "/api/v1/auth/verify", PATH_PUBLIC),
	R(GET, "/api/v1/auth/verify/status", PATH_PUBLIC),
	R(POST, "/api/v1/auth/verify/resend", PATH_PUBLIC),
	R(GET, "/api/v1/auth/verify/{token}", PATH_PUBLIC),
	R(POST, "/api/v1/auth/password/forgot", PATH_PUBLIC),
	R(POST, "/api/v1/auth/password/reset", PATH_PUBLIC),
	R(POST, "/api/v1/auth/password/reset/{token}", PATH_PUBLIC),
	R(GET | PATCH | DELETE, "/api/v1/profile", PATH_BEARER),
	R(POST, "/api/v1/profile/password", PATH_BEARER),
	R(POST, "/api/v1/profile/email", PATH_BEARER),
	R(GET | POST, "/api/v1/users/{id}/activity", PATH_BEARER),
	R(GET, "/api/v1/activity", PATH_BEARER),
	R(POST, "/api/user/{id}/activity", PATH_BEARER),
	R(GET, "/api/confirm_email/{token}", PATH_PUBLIC),
	R(POST, "/api/reset_password/{token}", PATH_PUBLIC),
	R(GET, "/api/{a}/{b}/{c}/{d}", PATH_PUBLIC),
	R(GET, "/", PATH_PUBLIC),
};

#define NROUTES	(sizeof(routes) / sizeof(routes[0]))

/* Whether pattern segment "p" ("n" bytes) is a "{name}". */
static int
is_param(const char *p, size_t n)
{

	return n > 2 && p[0] == '{' && p[n - 1] == '}';
}

/*
 * The reference: whether "pattern" matches the "len" bytes of "path".
 * Both are cut at every '/' and compared piece by piece.
 */
static int
ref_match(const char *pattern, const char *path, size_t len)
{
	const char	*pe = pattern + strlen(pattern), *end = path + len;
	const char	*ps, *ss;
	size_t		 pn, sn;

	if (len == 0 || path[0] != '/' || pattern[0] != '/')
		return 0;
	for (;;) {
		ps = ++pattern;
		ss = ++path;
		pattern += strcspn(pattern, "/");
		while (path < end && *path != '/')
			path++;
		pn = (size_t)(pattern - ps);
		sn = (size_t)(path - ss);
		if (is_param(ps, pn)) {
			if (sn == 0 || sn > ROUTE_PARAM_LEN)
				return 0;
		} else if (pn != sn || memcmp(ps, ss, pn) != 0)
			return 0;
		if (pattern == pe || path == end)
			return pattern == pe && path == end;
	}
}

/* How many "{name}" segments "pattern" has. */
static size_t
nparams(const char *pattern)
{
	size_t	 n = 0, k;

	while (*pattern == '/') {
		pattern++;
		k = strcspn(pattern, "/");
		n += is_param(pattern, k);
		pattern += k;
	}
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct route_params	 params;
	unsigned		 allowed, allowed2, bit, mask = 0;
	char			*path, hdr[64], name[32];
	size_t			 i, len, vlen;
	int			 method, rc, want = -1;

	if (size < 1)
		return 0;
	method = (int)data[0] % (HTTP__MAX + 2) - 1;
	if ((path = malloc(size)) == NULL)
		abort();
	memcpy(path, data + 1, size - 1);
	path[size - 1] = '\0';

	len = strlen(path);
	if (len > 1 && path[len - 1] == '/' && path[len - 2] != '/')
		len--;
	bit = method >= 0 && method < HTTP__MAX ? HTTP_M(method) : 0;
	for (i = 0; i < NROUTES; i++) {
		if (!ref_match(routes[i].pattern, path, len))
			continue;
		if (routes[i].methods & bit) {
			want = (int)i;
			break;
		}
		mask |= routes[i].methods;
		want = -2;
	}

	rc = route_match(routes, NROUTES, method, path, &params, &allowed);
	FUZZ_ASSERT(rc == want);
	FUZZ_ASSERT(route_match(routes, NROUTES, method, path, NULL,
	    NULL) == rc);
	FUZZ_ASSERT(route_match(routes, NROUTES, method, path, NULL,
	    &allowed2) == rc && allowed2 == allowed);
	if (rc >= 0) {
		FUZZ_ASSERT(routes[rc].methods & bit);
		FUZZ_ASSERT(params.n == nparams(routes[rc].pattern));
		for (i = 0; i < params.n; i++) {
			vlen = strlen(params.p[i].value);
			FUZZ_ASSERT(vlen >= 1 && vlen <= ROUTE_PARAM_LEN);
			FUZZ_ASSERT(strchr(params.p[i].value, '/') == NULL);
			FUZZ_ASSERT(strstr(path, params.p[i].value) != NULL);
			/* Names are unique within each pattern above. */
			FUZZ_ASSERT(params.p[i].namelen > 0 &&
			    params.p[i].namelen < sizeof(name));
			memcpy(name, params.p[i].name, params.p[i].namelen);
			name[params.p[i].namelen] = '\0';
			FUZZ_ASSERT(route_param(&params, name) ==
			    params.p[i].value);
		}
		FUZZ_ASSERT(allowed == 0);
	} else if (rc == -2) {
		FUZZ_ASSERT(allowed == mask && allowed != 0);
		FUZZ_ASSERT((allowed & bit) == 0);
		FUZZ_ASSERT(params.n == 0);
	} else {
		FUZZ_ASSERT(rc == -1 && allowed == 0 && params.n == 0);
	}
	FUZZ_ASSERT(route_param(&params, "id") == NULL || rc >= 0);

	route_allow_header(allowed | (unsigned)data[0] << 1, hdr,
	    (size_t)data[0] % sizeof(hdr) + 1);
	FUZZ_ASSERT(memchr(hdr, '\0', (size_t)data[0] % sizeof(hdr) + 1) !=
	    NULL);
	free(path);
	return 0;
}
