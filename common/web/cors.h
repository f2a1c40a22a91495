/*
 * cors: the CORS preflight (OPTIONS on a path that exists).  Which
 * origins get CORS headers at all is render_origin_allowed's decision,
 * made where the headers are written (render.c).
 */
#ifndef FCAUTH_CORS_H
#define FCAUTH_CORS_H

struct reply;

/*
 * Answer a preflight for a path whose rules take the methods of
 * "allowed" (HTTP_M bits): 204 with Allow, and the methods as
 * r->cors_methods, which render writes as Access-Control-Allow-Methods
 * (with -Headers and -Max-Age) for an allowed origin only.
 */
void	 cors_preflight(struct reply *r, unsigned allowed);

#endif /* FCAUTH_CORS_H */
