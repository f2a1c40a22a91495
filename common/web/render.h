/*
 * render: the one place that turns a reply into HTTP bytes: status
 * line, the fixed security headers (Cache-Control: no-store,
 * X-Content-Type-Options: nosniff), CORS for configured origins, the
 * reply's own headers, and the API.md envelope as the body.
 */
#ifndef FCAUTH_RENDER_H
#define FCAUTH_RENDER_H

#include <stddef.h>

struct config;
struct dialect;
struct reply;
struct request;

/* Where rendered bytes go: a FastCGI stream, stdout, or a buffer. */
struct render_sink {
	int	(*write)(void *arg, const char *buf, size_t len); /* 0 or -1 */
	void	*arg;
};

/*
 * Write "r" for "req" (may be NULL when the request could not be read)
 * to "sink".  A request id in "req" is given in internal_error replies.
 * "head" omits the body (HEAD requests).  Returns 0 or -1 on a write
 * error.
 */
int	 render_reply(const struct reply *r, const struct request *req,
	    const struct config *cfg, const struct render_sink *sink);

/*
 * render_reply for a request that took a route of dialect "d" (NULL:
 * render_reply itself) for its operation "dop" (enum dialect_op): the
 * canonical envelope is built as for render_reply, then the dialect's
 * reply line for it (dialect_success, or dialect_failure by its code)
 * renders the body, with the line's status unless that is '*'.  When
 * the dialect has no line for it, the canonical body goes out.
 */
int	 render_reply_dialect(const struct reply *r,
	    const struct request *req, const struct config *cfg,
	    const struct dialect *d, int dop, const struct render_sink *sink);

/*
 * Whether "origin" (the request's Origin header) may have CORS headers
 * by "allowed", the [http] cors_origins comma list: 2 when it is named
 * exactly, 1 when the list holds "*" (any origin, but never with
 * credentials), 0 when not allowed or either is empty.
 */
int	 render_origin_allowed(const char *origin, const char *allowed);

/* The envelope of "r" as a newly allocated JSON string, or NULL. */
char	*render_envelope(const struct reply *r, const struct request *req);

#endif /* FCAUTH_RENDER_H */
