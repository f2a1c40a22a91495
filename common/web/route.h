/*
 * route: a program's operations matched to requests.  A program lists
 * {op, handler}; route_build joins that list with the path table
 * (paths.h) into a match table once at start, and route_match finds a
 * request's row in it.  A pattern is a literal path with "{name}"
 * segments that match one non-empty path segment.
 */
#ifndef FCAUTH_ROUTE_H
#define FCAUTH_ROUTE_H

#include <stddef.h>
#include <stdio.h>

#include "ops.h"
#include "paths.h"

#define ROUTE_PARAMS_MAX	4
#define ROUTE_PARAM_LEN		256	/* longest segment we capture */

struct app;
struct dialect;
struct dialect_route;
struct request;
struct reply;

/* A program's table: each operation it serves, with its handler. */
struct route {
	enum op		  op;
	void		(*handler)(struct app *, struct request *,
			    struct reply *);
};

/*
 * One row of the match table: an operation's path (paths.h) with the
 * handler the program gave it; built once at start by route_build.
 */
struct route_rule {
	unsigned	  methods;	/* HTTP_M(HTTP_GET) | ... */
	const char	 *pattern;	/* "/api/v1/auth/verify/{token}" */
	enum path_guard	  guard;
	enum op		  op;
	void		(*handler)(struct app *, struct request *,
			    struct reply *);
	const struct dialect_route *dialect;	/* the dialect's route
					   this row is, or NULL: canonical */
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
 * Fill "out" (room for "outsz" rows) with the match table of the "n"
 * operations of "list", their methods, patterns and guards from "tbl"
 * (the path table, OP__MAX rows), operations without a pattern left
 * out.  Patterns without "{name}" segments come first, so that
 * "/verify/status" is never taken for "/verify/{token}"; otherwise the
 * order of "list" stands.  Returns the number of rows, or -1 with a
 * message in "err" when an operation is out of range or listed twice,
 * there is no room, or a row could never match because an earlier one
 * takes all its paths (same methods, a pattern that matches it).
 */
int		 route_build(const struct path *tbl, const struct route *list,
		    size_t n, struct route_rule *out, size_t outsz,
		    char *err, size_t errsz);

/*
 * Fill "out" with the match table of the routes of dialect "d"
 * (fcauth-dialect(5)) whose operations "list" serves, each with its
 * handler and the guard of its operation in "tbl", and "dialect"
 * pointing at its route: the program's dialect rows, to go before its
 * canonical ones (route_build), so that a dialect path equal to a
 * canonical one wins.  As in route_build, patterns without "{name}"
 * segments come first.  A pattern's trailing slash ("/login/") is
 * matched as a request's is: one may be there or not.  Returns the
 * number of rows (0 for "d" NULL), or -1 with a message in "err" when
 * there is no room or one row hides another.
 */
int		 route_build_dialect(const struct dialect *d,
		    const struct path *tbl, const struct route *list,
		    size_t n, struct route_rule *out, size_t outsz,
		    char *err, size_t errsz);

/*
 * Find the rule for "method" (enum http_method) and "path".
 * Returns the index of the match and fills "params".  Returns -1 if no
 * pattern matches the path (404), or -2 if patterns match but none for
 * this method (405) with the methods that would match or'ed into
 * "*allowed".  A segment over ROUTE_PARAM_LEN never matches a parameter.
 */
int		 route_match(const struct route_rule *tbl, size_t n, int method,
		    const char *path, struct route_params *params,
		    unsigned *allowed);

/* Value of parameter "name", or NULL. */
const char	*route_param(const struct route_params *params, const char *name);

/*
 * Parameter "name" as a row id: 1 to 18 decimal digits, nothing else.
 * The id, or 0 when absent or not one (no row has id 0).
 */
long long	 route_param_id(const struct route_params *params,
		    const char *name);

/* Write "GET, POST" for the bits of "allowed" into "out". */
void		 route_allow_header(unsigned allowed, char *out, size_t outsz);

/*
 * Print the "n" rows of "tbl" to "fp", one "METHOD PATTERN" line per
 * method of a row ("GET /api/v1/profile", then "HEAD /api/v1/profile"),
 * in the table's order: what --routes shows, and what the route-drift
 * test compares with docs/openapi.yaml.  0, or -1 on a write error.
 */
int		 route_print(FILE *fp, const struct route_rule *tbl, size_t n);

#endif /* FCAUTH_ROUTE_H */
