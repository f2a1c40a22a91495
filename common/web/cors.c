/*
 * cors: the CORS preflight.  The reply carries the methods as data;
 * render.c writes the Access-Control-* headers, and only for an origin
 * render_origin_allowed admits, so any other origin gets no CORS
 * header at all and the browser refuses the request.
 */
#include "cors.h"
#include "reply.h"
#include "route.h"

void
cors_preflight(struct reply *r, unsigned allowed)
{
	route_allow_header(allowed, r->cors_methods,
	    sizeof(r->cors_methods));
	r->status = 204;
	reply_header(r, "Allow", "%s, OPTIONS", r->cors_methods);
}
