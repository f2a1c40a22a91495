/*
 * paths: the wire of every operation: which methods and which path
 * reach it, and which guard stands in front of it.  This is the one
 * place that names the API's paths; the programs name only operations
 * (ops.h), the session cookie's Path and the mail links are derived
 * from here, so swapping this table moves the whole API.
 */
#ifndef FCAUTH_PATHS_H
#define FCAUTH_PATHS_H

#include "ops.h"

/* Who may pass, before the handler runs. */
enum path_guard {
	PATH_PUBLIC,		/* no token needed */
	PATH_BEARER,		/* valid access token + live session */
	PATH_COOKIES,		/* no token needed, but sets or clears the
				   session cookies: in cookie mode only
				   from the site itself (guard_check_site) */
};

/*
 * How one operation is reached.  A pattern is a literal path with
 * "{name}" segments that match one non-empty path segment; NULL for an
 * operation no path reaches (OP_AUTHORIZE: the server's Authorizer
 * role, whatever the path; OP_ACTIVATE: only a dialect's route).
 */
struct path {
	unsigned	 methods;	/* HTTP_M(HTTP_GET) | ... */
	const char	*pattern;	/* "/api/v1/auth/verify/{token}" */
	enum path_guard	 guard;
};

/* The path table, indexed by enum op. */
extern const struct path paths[OP__MAX];

/*
 * The literal start of the pattern of "op", up to its first "{name}"
 * segment ("/api/v1/auth/verify/" for OP_VERIFY_LINK; the whole
 * pattern when it has none), borrowed from the table, with its length
 * in "*len" (print it with "%.*s").  "" for an operation without one.
 */
const char	*paths_prefix(enum op op, int *len);

/*
 * The Path of the session cookies: the whole segments that the refresh
 * and logout paths share ("/api/v1/auth"), so that the browser sends
 * the refresh cookie to both.  Borrowed, with its length in "*len".
 */
const char	*paths_cookie(int *len);

#endif /* FCAUTH_PATHS_H */
