/*
 * dispatch: one request, from its bytes to its reply's bytes: read it,
 * match it to a rule (404, 405, the CORS preflight), run the rule's
 * guard and handler (once more after a transient database error),
 * render the reply and log it.  The FastCGI loop (app.c) calls it.
 */
#ifndef FCAUTH_DISPATCH_H
#define FCAUTH_DISPATCH_H

struct app;
struct http_source;
struct render_sink;

/* One request from "src", answered on "sink". */
void	 dispatch_request(struct app *app, const struct http_source *src,
	    const struct render_sink *sink);

#endif /* FCAUTH_DISPATCH_H */
