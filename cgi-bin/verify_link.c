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

/* "s" with & < > " ' escaped, newly allocated, or NULL. */
static char *
html_escape(const char *s)
{
	char	*out, *o;

	if ((out = malloc(strlen(s) * 6 + 1)) == NULL)
		return NULL;
	for (o = out; *s != '\0'; s++) {
		switch (*s) {
		case '&': o += sprintf(o, "&amp;"); break;
		case '<': o += sprintf(o, "&lt;"); break;
		case '>': o += sprintf(o, "&gt;"); break;
		case '"': o += sprintf(o, "&quot;"); break;
		case '\'': o += sprintf(o, "&#39;"); break;
		default: *o++ = *s; break;
		}
	}
	*o = '\0';
	return out;
}

/* A small self-contained page saying how the link went.  0 or -1. */
static int
link_page(struct app *app, struct reply *r, enum outcome out)
{
	static const char *const titles[] = {
		"Email verified", "Link expired", "Invalid link",
	};
	static const char *const texts[] = {
		"Your email address is confirmed. You can now sign in.",
		"This link has expired or was already used. Request a new "
		    "code from the sign-in page.",
		"This link is not valid. Check that you copied the whole "
		    "link from the email.",
	};
	char	*site, *page;
	int	 n;

	if ((site = html_escape(app->cfg.site_name)) == NULL)
		return -1;
	n = asprintf(&page, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
	    "<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width\">\n"
	    "<title>%s - %s</title>\n"
	    "<style>body{font-family:sans-serif;max-width:32em;"
	    "margin:4em auto;padding:0 1em;color:#222}"
	    "h1{font-size:1.4em}</style>\n</head>\n<body>\n"
	    "<h1>%s</h1>\n<p>%s</p>\n<p><a href=\"/\">%s</a></p>\n"
	    "</body>\n</html>\n", titles[out], site, titles[out], texts[out],
	    site);
	free(site);
	if (n < 0)
		return -1;
	r->html = page;
	return 0;
}

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
	const char	*token = route_param(&app->params, "token");
	const char	*redirect = app->cfg.verify_redirect;
	enum outcome	 out;
	char		*loc;

	if (throttle_take(app, req->addr, r, THROTTLE_VERIFY) != 1)
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
		reply_ok(r, 303, "See the confirmation page", NULL);
		r->location = loc;
		return;
	}
	if (http_wants_html(req) && link_page(app, r, out) == -1)
		app_internal(app, r, "verify link: out of memory");
}
