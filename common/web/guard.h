/*
 * guard: the bearer-token check in front of every protected route of
 * every program.  A token passes when its signature, algorithm, kid,
 * issuer, type and times are right AND its session is live and its
 * account active, checked in one indexed query, so a logout or a
 * disabled account takes effect at once.
 *
 * A session is live when it is not revoked and neither its idle expiry
 * (expires_at, pushed forward by each refresh) nor its absolute expiry
 * has passed.  So an access token dies with its session even when the
 * token's own exp is later: once the refresh token could no longer be
 * used, the access tokens made from it cannot be either.
 */
#ifndef FCAUTH_GUARD_H
#define FCAUTH_GUARD_H

#include <stdint.h>

#include "jwt.h"
#include "ops.h"
#include "users.h"

struct app;
struct config;
struct request;

/* Who made a request that passed the bearer guard. */
struct principal {
	int64_t		 user_id;
	int64_t		 session_id;
	char		 role[32];
	char		 email[256];
	struct user	 user;		/* the account, read by the guard's
					   one query: handlers need not read
					   it again */
};

/* What the guard decided about one request. */
enum guard_verdict {
	GUARD_PASS,		/* token good, session live, account active */
	GUARD_TOKEN_INVALID,	/* bad token, unknown or revoked session */
	GUARD_TOKEN_EXPIRED,	/* token past exp, or session past expiry */
	GUARD_ACCOUNT_DISABLED,	/* account disabled by an administrator */
	GUARD_NOT_VERIFIED,	/* account still pending verification */
	GUARD_TOKEN_MISSING,	/* no token at all */
	GUARD_CROSS_SITE,	/* a cross-site request may not set cookies */
	GUARD_DB_ERROR,		/* the database failed: db_error() says how */
	GUARD_FEED_STALE,	/* the revocation feed could not be read for
				   3 revocation_poll: fail closed */
	GUARD__MAX
};

/* The session and account row the guard reads for a token's sid. */
struct guard_session {
	int		 found;		/* a session with that sid and sub */
	int		 revoked;	/* revoked_at is set */
	int		 expired;	/* idle or absolute expiry passed */
	char		 status[16];	/* users.status */
	long long	 user_idle;	/* seconds since last_request_at */
	long long	 session_idle;	/* seconds since last_used_at */
};

/*
 * The decision, without a database: "jr" is the result of verifying
 * the token, "s" the row read for it (ignored unless jr is JWT_OK).
 * Pure; unit-tested in tests/unit/check_guard.c.
 */
enum guard_verdict guard_decide(enum jwt_result jr,
		    const struct guard_session *s);

/*
 * Whether a passing request should write the activity times: 1 when
 * the account's last_request_at or the session's last_used_at is at
 * least "resolution" seconds old, else 0.
 */
int		 guard_should_touch(const struct guard_session *s,
		    unsigned resolution);

/*
 * Whether a request may set or clear the session cookies, from its
 * Origin and Sec-Fetch-Site headers ("" when absent): 1 yes, 0 no (a
 * cross-site request: login CSRF, logout CSRF).  An Origin must be the
 * origin of "base_url" ([mail] base_url, the site's public address;
 * never the Host header) or be named in "cors_origins" (a "*" there
 * names nobody).  Without an Origin, Sec-Fetch-Site must be absent,
 * "same-origin" or "none" (typed or bookmarked): "same-site", a
 * sibling host of the registrable domain, is refused, as it may be
 * somebody else's; list it in cors_origins to trust it.  A request
 * with neither header (curl, a native app) passes: it carries no
 * browser's cookies.  Pure; unit-tested in tests/unit/check_guard.c.
 */
int		 guard_same_site(const char *origin, const char *fetch_site,
		    const char *base_url, const char *cors_origins);

/*
 * The guard of PATH_COOKIES routes: in cookie mode, guard_same_site on
 * the request; outside cookie mode no cookie is set, and every request
 * passes.  GUARD_PASS or GUARD_CROSS_SITE.
 */
enum guard_verdict guard_check_site(const struct app *app,
		    const struct request *req);

/*
 * Check the request's bearer token.  GUARD_PASS with "who" filled;
 * else "who" cleared and GUARD_TOKEN_MISSING, _TOKEN_INVALID,
 * _TOKEN_EXPIRED, _ACCOUNT_DISABLED or _NOT_VERIFIED, or GUARD_DB_ERROR
 * when the database failed.  Writes no reply: the caller answers the
 * verdict (app_refused).  Keeps last_request_date, written at most
 * once per configured resolution.
 */
enum guard_verdict guard_check(const struct app *app,
		    const struct request *req, struct principal *who);

/*
 * The same check for an access token found elsewhere (the access
 * cookie of the authorizer): "token" NULL or "" is GUARD_TOKEN_MISSING.
 */
/*
 * The account of the request's bearer token when its signature, issuer,
 * type and times are good, without asking the database (so a deleted
 * account's token still names it), or 0.
 */
int64_t		 guard_subject(const struct app *app, const struct request *req);

enum guard_verdict guard_check_token(const struct app *app,
		    const char *token, struct principal *who);

/*
 * guard_check_token for the authorizer and the check route with
 * [tokens] session_check = feed: the token (from the verified-token
 * cache) and this process's revocation feed decide, without a
 * database round trip; a token the feed says its account changed
 * since is judged by guard_check_token, and GUARD_FEED_STALE when the
 * feed is too old to judge by.  "who" gets the ids, role and email of
 * the token (who->user stays empty).  The session is marked used in
 * seen.c's batch.
 */
enum guard_verdict guard_check_feed(const struct app *app,
		    const char *token, struct principal *who);

/*
 * [mfa] required_roles (guard_mfa.c): whether "who" has a role that
 * needs a second factor and has none yet (1 or 0), and whether "op" is
 * one such a session may use meanwhile: the enrolment, the profile and
 * the session list (1 or 0).
 */
int		 guard_mfa_enrol_pending(const struct config *cfg,
		    const struct principal *who);
int		 guard_mfa_enrol_op(enum op op);

/*
 * Forget a principal (between requests, and when a guard refuses).
 * The account's 11 KiB are not wiped, only marked empty: the guard's
 * one query fills every field before anyone may read them.
 */
void		 guard_forget(struct principal *who);

#endif /* FCAUTH_GUARD_H */
