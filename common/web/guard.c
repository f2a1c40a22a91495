/*
 * guard: bearer tokens.  The claims come from the JWT; whether the
 * session is still live and the account still active comes from the
 * database, in one primary-key join (sessions_with_user), on every
 * request.  The decision itself (guard_decide) is a pure function of
 * the two.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app.h"
#include "guard.h"
#include "http.h"
#include "jwtcache.h"
#include "log.h"
#include "render.h"
#include "reply.h"
#include "sessions.h"

#define GUARD_MSG_CROSS_SITE	"Cross-site request refused"

/* The reply code of each verdict but GUARD_PASS. */
static const enum reply_code guard_codes[GUARD__MAX] = {
	RC_OK,				/* GUARD_PASS */
	RC_TOKEN_INVALID,		/* GUARD_TOKEN_INVALID */
	RC_TOKEN_EXPIRED,		/* GUARD_TOKEN_EXPIRED */
	RC_ACCOUNT_DISABLED,		/* GUARD_ACCOUNT_DISABLED */
	RC_EMAIL_NOT_VERIFIED,		/* GUARD_NOT_VERIFIED */
};

enum guard_verdict
guard_decide(enum jwt_result jr, const struct guard_session *s)
{
	if (jr == JWT_EXPIRED)
		return GUARD_TOKEN_EXPIRED;
	if (jr != JWT_OK || s == NULL || !s->found)
		return GUARD_TOKEN_INVALID;
	/*
	 * The account before the session: disabling an account also
	 * revokes its sessions, and the holder of a good token should
	 * learn why it stopped working.
	 */
	if (strcmp(s->status, "pending") == 0)
		return GUARD_NOT_VERIFIED;
	if (strcmp(s->status, "active") != 0)
		/* "disabled", and anything the schema may add: fail closed */
		return GUARD_ACCOUNT_DISABLED;
	if (s->revoked)
		return GUARD_TOKEN_INVALID;
	if (s->expired)
		return GUARD_TOKEN_EXPIRED;
	return GUARD_PASS;
}

int
guard_should_touch(const struct guard_session *s, unsigned resolution)
{
	return s->user_idle >= (long long)resolution ||
	    s->session_idle >= (long long)resolution;
}

/*
 * Whether "origin" (scheme://host[:port]) is the origin of "url": the
 * same scheme and authority, both compared without regard to case, the
 * default port of the scheme written or not.  1 or 0.
 */
static int
guard_origin_of(const char *origin, const char *url)
{
	static const struct {
		const char	*scheme;	/* with "://" */
		const char	*port;		/* its default, with ':' */
	} schemes[] = {
		{ "http://", ":80" },
		{ "https://", ":443" },
	};
	const char	*oa, *ua;
	size_t		 i, sl, ol, ul, pl;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		sl = strlen(schemes[i].scheme);
		if (strncasecmp(origin, schemes[i].scheme, sl) == 0 &&
		    strncasecmp(url, schemes[i].scheme, sl) == 0)
			break;
	}
	if (i == sizeof(schemes) / sizeof(schemes[0]))
		return 0;
	oa = origin + sl;
	ua = url + sl;
	ol = strlen(oa);
	ul = strcspn(ua, "/?#");
	pl = strlen(schemes[i].port);
	if (ol > pl && strncmp(oa + ol - pl, schemes[i].port, pl) == 0)
		ol -= pl;
	if (ul > pl && strncmp(ua + ul - pl, schemes[i].port, pl) == 0)
		ul -= pl;
	return ol > 0 && ol == ul && strncasecmp(oa, ua, ol) == 0 &&
	    strcspn(oa, "/?#@") == strlen(oa);
}

int
guard_same_site(const char *origin, const char *fetch_site,
    const char *base_url, const char *cors_origins)
{
	if (origin != NULL && origin[0] != '\0')
		/* "null" (a sandboxed frame, a redirect) is nobody's */
		return guard_origin_of(origin, base_url) ||
		    render_origin_allowed(origin, cors_origins) == 2;
	return fetch_site == NULL || fetch_site[0] == '\0' ||
	    strcmp(fetch_site, "same-origin") == 0 ||
	    strcmp(fetch_site, "none") == 0;
}

int
guard_check_site(const struct app *app, const struct request *req,
    struct reply *r)
{
	if (!app->cfg.cookie_mode || guard_same_site(req->origin,
	    req->fetch_site, app->cfg.base_url, app->cfg.cors_origins))
		return 1;
	log_info("cross-site request refused (Origin \"%.64s\", "
	    "Sec-Fetch-Site \"%.16s\")", req->origin, req->fetch_site);
	reply_error(r, RC_FORBIDDEN, GUARD_MSG_CROSS_SITE);
	return 0;
}

int
guard_check(struct app *app, const struct request *req, struct reply *r)
{
	return guard_check_token(app, http_bearer(req), r);
}

int
guard_check_token(struct app *app, const char *bearer, struct reply *r)
{
	struct jwt_claims	 c;
	enum jwt_result		 jr;
	enum guard_verdict	 v;
	struct guard_session	 s;
	struct session_live	 live;
	struct user		*u = &app->who.user;
	int			 rc;

	memset(&s, 0, sizeof(s));
	if (bearer == NULL || bearer[0] == '\0') {
		reply_error(r, RC_TOKEN_MISSING, NULL);
		return 0;
	}
	jr = jwt_cache_verify(app->tokens, &app->ring, bearer,
	    app->cfg.token_issuer, "access", (int64_t)app->now,
	    app->cfg.token_leeway, &c);
	if (jr == JWT_OK) {
		rc = sessions_with_user(app->db, c.sid, &live, u);
		if (rc == -1) {
			app_db_failed(app, r, "guard");
			return -1;
		}
		/* a session of another account is no session of this token */
		s.found = rc == 1 && u->id == c.sub;
		s.revoked = live.revoked;
		s.expired = live.expires_at <= (long long)app->now ||
		    live.absolute_expires_at <= (long long)app->now;
		s.user_idle = (long long)app->now - live.last_request_at;
		s.session_idle = (long long)app->now - live.last_used_at;
		snprintf(s.status, sizeof(s.status), "%s", u->status);
	} else
		log_info("bearer token refused: %s", jwt_strerror(jr));
	if ((v = guard_decide(jr, &s)) != GUARD_PASS) {
		if (jr == JWT_OK)
			log_info("bearer token refused: session %lld %s",
			    (long long)c.sid, !s.found ? "unknown" :
			    s.revoked ? "revoked" : s.expired ? "expired" :
			    "of an inactive account");
		app_forget_who(app);
		reply_error(r, guard_codes[v], NULL);
		return 0;
	}
	app->who.user_id = c.sub;
	app->who.session_id = c.sid;
	snprintf(app->who.role, sizeof(app->who.role), "%s", u->role);
	snprintf(app->who.email, sizeof(app->who.email), "%s", u->email);
	if (guard_should_touch(&s, app->cfg.activity_resolution)) {
		if (sessions_touch(app->db, c.sid, c.sub) == -1) {
			app_db_failed(app, r, "guard");
			return -1;
		}
		users_time(app->now, u->last_request_at,
		    sizeof(u->last_request_at));
	}
	return 1;
}
