/*
 * route: method + path pattern tables.  A pattern is a literal path with
 * "{name}" segments that match one non-empty path segment.  The table
 * of each program is an array of struct route indexed by its own enum.
 */
#ifndef FCAUTH_ROUTE_H
#define FCAUTH_ROUTE_H

#include <stddef.h>

#define ROUTE_PARAMS_MAX	4
#define ROUTE_PARAM_LEN		256	/* longest segment we capture */

struct app;
struct request;
struct reply;

enum route_guard {
	ROUTE_PUBLIC,		/* no token needed */
	ROUTE_BEARER,		/* valid access token + live session */
	ROUTE_COOKIES,		/* no token needed, but sets or clears the
				   session cookies: in cookie mode only
				   from the site itself (guard_check_site) */
};

struct route {
	unsigned	  methods;	/* HTTP_M(HTTP_GET) | ... */
	const char	 *pattern;	/* "/api/v1/auth/verify/{token}" */
	enum route_guard  guard;
	void		(*handler)(struct app *, struct request *, struct reply *);
};

struct route_params {
	size_t		 n;
	struct {
		const char	*name;	/* borrowed from the pattern, no braces */
		size_t		 namelen;
		char		 value[ROUTE_PARAM_LEN + 1];
	} p[ROUTE_PARAMS_MAX];
};

/*
 * Find the route for "method" (enum http_method) and "path".
 * Returns the index of the match and fills "params".  Returns -1 if no
 * pattern matches the path (404), or -2 if patterns match but none for
 * this method (405) with the methods that would match or'ed into
 * "*allowed".  A segment over ROUTE_PARAM_LEN never matches a parameter.
 */
int		 route_match(const struct route *tbl, size_t n, int method,
		    const char *path, struct route_params *params,
		    unsigned *allowed);

/* Value of parameter "name", or NULL. */
const char	*route_param(const struct route_params *params, const char *name);

/* Write "GET, POST" for the bits of "allowed" into "out". */
void		 route_allow_header(unsigned allowed, char *out, size_t outsz);

#endif /* FCAUTH_ROUTE_H */
