/*
 * guard: bearer tokens.  The claims come from the JWT; whether the
 * session is still live and the account still active comes from the
 * database, in one primary-key join (sessions_with_user), on every
 * request.  The decision itself (guard_decide) is a pure function of
 * the two.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "guard.h"
#include "http.h"
#include "jwtcache.h"
#include "log.h"
#include "reply.h"
#include "sessions.h"

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
