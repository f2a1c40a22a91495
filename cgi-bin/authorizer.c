/*
 * auth.fcgi: the FastCGI authorizer (lighttpd's mode "authorizer",
 * Apache's FcgidAccessChecker, nginx's auth_request through GET
 * /check): who may see a protected page, with its role list.
 */
#include <string.h>

#include <sodium.h>

#include "app.h"
#include "auth.h"
#include "guard.h"
#include "http.h"
#include "input.h"
#include "list.h"
#include "reply.h"
#include "result.h"
#include "url.h"

/* Longest role list we take from the server or the query. */
#define ROLE_LIST_MAX	256

/* Whether "role" is one of the comma list "want": 1 or 0. */
static int
authz_role_in(const char *role, const char *want)
{
	return list_has(want, role, strlen(role));
}

/*
 * Judge a request for the authorizer and the check route: the access
 * token from "Authorization: Bearer", else the access
 * cookie (read in any mode: only cookie mode sets it, but a site may
 * set it itself), through the same guard as every protected route; then the
 * role the server requires (FCAUTH_REQUIRE_ROLE, a comma list), or on
 * the check route ("query" 1) the "role" query parameter when the
 * server names none.  1 with app->who filled; 0 with the reply set
 * (401 token_*, 403 account_disabled, email_not_verified or forbidden
 * for a missing role); -1 with the reply set on a database error.
 */
static int
authz_judge(struct app *app, struct request *req, struct reply *r,
    int query)
{
	const char	*token = http_bearer(req), *want = req->require_role;
	char		*cookie = NULL, *q = NULL;
	enum guard_verdict v;
	int		 rc;

	if (token == NULL &&
	    http_cookie_get(req, app->cfg.access_cookie_name, &cookie) == 1)
		token = cookie;
	v = strcmp(app->cfg.session_check, "feed") == 0 ?
	    guard_check_feed(app, token, &app->who) :
	    guard_check_token(app, token, &app->who);
	if (cookie != NULL) {
		sodium_memzero(cookie, strlen(cookie));
		free(cookie);
	}
	if (v != GUARD_PASS) {
		app_refused(app, r, v);
		return v == GUARD_DB_ERROR || v == GUARD_FEED_STALE ? -1 : 0;
	}
	/* [mfa] required_roles: no protected page before the factor */
	if (guard_mfa_enrol_pending(&app->cfg, &app->who)) {
		reply_error(r, RC_FORBIDDEN, msg_text(MSG_MFA_ENROL_REQUIRED));
		return 0;
	}
	/* a ?role= that does not decode asks for a role nobody has */
	if (want[0] == '\0' && query &&
	    (rc = http_query_get(req, input_name(FIELD_ROLE), &q)) != 0)
		want = rc == 1 ? q : "\001";
	rc = 1;
	if (strlen(want) > ROLE_LIST_MAX ||
	    (want[0] != '\0' && !authz_role_in(app->who.role, want))) {
		reply_error(r, RC_FORBIDDEN, msg_text(MSG_ROLE_MISSING));
		rc = 0;
	}
	free(q);
	return rc;
}

/*
 * GET /api/v1/auth/check: the responder twin of the authorizer, for
 * nginx's auth_request.  200 with {user_id, email, role} and the
 * headers X-Fcauth-User (the email, as REMOTE_USER), X-Fcauth-User-Id,
 * X-Fcauth-Email and X-Fcauth-Role; else what authz_judge answers
 * (401 or 403: the two statuses auth_request passes on).
 */
void
handle_check(struct app *app, struct request *req, struct reply *r)
{
	if (authz_judge(app, req, r, 1) != 1)
		return;
	/* the same three values as data and as headers */
	if (reply_ok(r, 200, MSG_SIGNED_IN, NULL) == -1)
		return;
	if (reply_who(r, REPLY_WHO_HEADERS, (long long)app->who.user_id,
	    app->who.email, app->who.role) == -1) {
		app_internal(app, r, "check: headers");
		return;
	}
	reply_who_data(r);
}

/*
 * Turn a 401 for a browser into a 302 to [http] login_url with the
 * refused path as "next" (percent-encoded).  Nothing when no login_url
 * is configured or the client does not prefer HTML.
 */
static void
authz_redirect(struct app *app, struct request *req, struct reply *r)
{
	static const char hex[] = "0123456789ABCDEF";
	const char	*url = app->cfg.login_url;
	const unsigned char *p;
	char		*loc, *o;

	if (url[0] == '\0' || r->status != 401 || !http_wants_html(req))
		return;
	if ((loc = malloc(strlen(url) + 7 + 3 * strlen(req->path))) == NULL)
		return;		/* the 401 stands */
	o = loc + sprintf(loc, "%s%snext=", url, url_joiner(url));
	for (p = (const unsigned char *)req->path; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/-._~", *p) != NULL)
			*o++ = (char)*p;
		else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	free(r->location);
	r->location = loc;
	r->status = 302;
}

/*
 * The FastCGI Authorizer (lighttpd "mode" => "authorizer", Apache
 * FcgidAccessChecker), for any path: 200 without a body and with
 * Variable-FCAUTH_USER_ID, Variable-FCAUTH_EMAIL, Variable-FCAUTH_ROLE
 * and Variable-REMOTE_USER (the email), which the server puts in the
 * environment of the protected program; else the refusal of
 * authz_judge (lighttpd passes its status and JSON body on, Apache
 * answers 401 itself), or a 302 to [http] login_url for a browser
 * that is not signed in.
 */
void
handle_authorize(struct app *app, struct request *req, struct reply *r)
{
	int	 rc;

	if ((rc = authz_judge(app, req, r, 0)) == 0)
		authz_redirect(app, req, r);
	if (rc != 1)
		return;
	reply_ok(r, 200, MSG_NONE, NULL);
	if (reply_who(r, REPLY_WHO_VARIABLES, (long long)app->who.user_id,
	    app->who.email, app->who.role) == -1)
		app_internal(app, r, "authorizer: headers");
	else
		r->bodyless = 1;
}
