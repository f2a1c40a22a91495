/*
 * verification.fcgi: GET /verify/{token}, the link of a mail: a JSON
 * answer, a redirect, or a small HTML page for a browser.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "http.h"
#include "reply.h"
#include "throttle.h"
#include "url.h"
#include "verification.h"

/*
 * GET /api/v1/auth/verify/{token}: the link in the mail.  With
 * [verification] redirect_url, 303 there with ?status=verified,
 * expired or invalid; otherwise 200 {email, status}, 404 or 410 (or
 * errors such as 409), as JSON or, for a browser asking for text/html,
 * as a small page with the same status.  Does not sign in.
 */
void
handle_link(struct app *app, struct request *req, struct reply *r)
{
	static const char *const names[] = { "verified", "expired", "invalid" };
	static const enum page pages[] = {
		PAGE_LINK_VERIFIED, PAGE_LINK_EXPIRED, PAGE_LINK_INVALID,
	};
	const char	*token = route_param(&app->params, "token");
	const char	*redirect = app->cfg.verify_redirect;
	enum outcome	 out;
	char		*loc;

	if (verification_throttle(app, req, r, THROTTLE_VERIFY) != 1)
		return;
	out = verify_run(app, req, r, NULL, NULL, token != NULL ? token : "",
	    0, 0);
	if (out == OUT_ERROR)
		return;
	if (redirect[0] != '\0') {
		if (asprintf(&loc, "%s%sstatus=%s", redirect,
		    url_joiner(redirect), names[out]) < 0) {
			app_internal(app, r, "verify link: out of memory");
			return;
		}
		reply_free(r);
		reply_ok(r, 303, MSG_SEE_CONFIRMATION, NULL);
		r->location = loc;
		return;
	}
	/* the renderer writes the page, with the configured site name */
	if (http_wants_html(req))
		r->page = pages[out];
}
