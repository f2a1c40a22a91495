/*
 * auth.fcgi: POST|GET /logout: one session, or all of the account's
 * with a live proof.
 */
#include <sodium.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "guard.h"
#include "http.h"
#include "input.h"
#include "reply.h"
#include "result.h"
#include "sessions.h"
#include "validate.h"
#include "verifications.h"

/* The sessions a logout request names, and whose they are. */
struct logout_target {
	int64_t		 bearer_sid;	/* 0: no usable bearer token */
	int64_t		 bearer_uid;
	int64_t		 refresh_sid;	/* 0: no usable refresh token */
	int64_t		 refresh_uid;
	int64_t		 live_uid;	/* 0: no credential that is still live */
};

/*
 * Which session the bearer token names.  Logout accepts an access
 * token whose exp has passed (up to the longest session lifetime):
 * its signature, kid, issuer and type still have to be right, and all
 * it can do is end sessions of its own user.  With "want_live" ("log
 * out everywhere"), only a token that the guard would still accept
 * (unexpired, session live) makes t->live_uid its user: the proof that
 * needs.  0, or -1 on a database error.
 */
static int
logout_bearer(struct app *app, const struct request *req, int want_live,
    struct logout_target *t)
{
	const char		*bearer;
	struct jwt_claims	 c;
	enum guard_verdict	 v;
	unsigned		 leeway;

	if ((bearer = http_bearer(req)) == NULL)
		return 0;
	/* the guard's read is for "all" only: a plain logout needs none */
	if (want_live) {
		v = guard_check_token(app, bearer, &app->who);
		if (v == GUARD_DB_ERROR)
			return -1;
		if (v == GUARD_PASS)
			t->live_uid = app->who.user_id;
	}
	leeway = app->cfg.refresh_ttl_remember > app->cfg.refresh_ttl ?
	    app->cfg.refresh_ttl_remember : app->cfg.refresh_ttl;
	if (leeway < app->cfg.token_leeway)
		leeway = app->cfg.token_leeway;
	if (jwt_verify(&app->ring, bearer, app->cfg.token_issuer, "access",
	    (int64_t)app->now, leeway, &c) != JWT_OK)
		return 0;
	t->bearer_sid = c.sid;
	t->bearer_uid = c.sub;
	return 0;
}

/*
 * Which session the refresh token "tok" names (current or retired),
 * inside the open transaction.  0 or -1 on a database error.
 */
static int
logout_refresh(struct app *app, const char *tok, struct logout_target *t)
{
	unsigned char	 digest[TOKEN_DIGEST];
	struct session	 s;
	int		 rc;

	if (tok == NULL || !token_wellformed(tok))
		return 0;
	token_digest(tok, strlen(tok), digest);
	if ((rc = sessions_lock_current(app->db, digest, &s)) == -1)
		return -1;
	if (rc == 1) {
		t->refresh_sid = s.id;
		t->refresh_uid = s.user_id;
		if (!s.revoked && !s.expired && t->live_uid == 0)
			t->live_uid = s.user_id;
		return 0;
	}
	return sessions_find_retired(app->db, digest, &t->refresh_sid,
	    &t->refresh_uid) == -1 ? -1 : 0;
}

/*
 * Whether a logout request carries a credential: a bearer token, a
 * refresh token ("tok", from the body or the cookie) or the access
 * cookie.  One that carries none names no session of this browser and
 * has no cookie to clear.  1 or 0.
 */
static int
logout_carried(struct app *app, const struct request *req, const char *tok)
{
	char	*ck = NULL;
	int	 rc;

	if (tok != NULL || http_bearer(req) != NULL)
		return 1;
	if ((rc = http_cookie_get(req, app->cfg.access_cookie_name,
	    &ck)) == 1) {
		sodium_memzero(ck, strlen(ck));
		free(ck);
	}
	return rc == 1;
}

/*
 * POST|GET /api/v1/auth/logout: the bearer token and/or
 * {refresh_token} or the cookie; {"all": true} ends every session of
 * the user.  200 "Logged out", also when the session was already
 * ended or nothing names one (idempotent; in cookie mode the cookies
 * are cleared, unless the request carried no credential at all).
 * "all" needs a live credential of the user (an unexpired access
 * token of a live session, or the current refresh token of one): else
 * 401 token_missing (none sent) or token_invalid, and nothing is
 * revoked.  It also ends every open verification of the account
 * (email change, reset).  400
 * validation_failed for fields of the wrong type.
 */
void
handle_logout(struct app *app, struct request *req, struct reply *r)
{
	struct logout_target	 t;
	struct input_errors	 e;
	char			*tok = NULL;
	int64_t			 uid;
	long long		 n = 0, k;
	int			 all = 0, from_cookie = 0, rc;

	memset(&t, 0, sizeof(t));
	input_errors_init(&e);
	if (input_bool(req->fields, FIELD_ALL, &e, &all) == -1)
		reply_input_errors(r, &e);
	rc = refresh_token_read(app, req, r, &tok, &from_cookie);
	if (rc == -1 || reply_has_errors(r))
		goto out;
	if (logout_bearer(app, req, all, &t) == -1)
		goto dbfail;
	if (db_begin(app->db) == -1 || logout_refresh(app, tok, &t) == -1)
		goto dbfail;
	uid = all ? t.live_uid : t.bearer_uid != 0 ? t.bearer_uid :
	    t.refresh_uid;
	if (all && uid == 0) {
		db_rollback(app->db);
		reply_error(r, tok == NULL && http_bearer(req) == NULL ?
		    RC_TOKEN_MISSING : RC_TOKEN_INVALID, NULL);
		goto out;
	}
	if (t.bearer_sid != 0) {
		if ((k = sessions_revoke(app->db, t.bearer_sid, t.bearer_uid,
		    "logout")) == -1)
			goto dbfail;
		n += k;
	}
	if (t.refresh_sid != 0) {
		if ((k = sessions_revoke(app->db, t.refresh_sid,
		    t.refresh_uid, "logout")) == -1)
			goto dbfail;
		n += k;
	}
	if (all) {
		if ((k = sessions_revoke_all(app->db, uid, "logout_all")) == -1 ||
		    verif_retire_all(app->db, uid) == -1)
			goto dbfail;
		n += k;
	}
	if (n > 0 && audit_add(app->db, uid, all ? "logout_all" : "logout",
	    req->addr, req->user_agent) == -1)
		goto dbfail;
	if (t.refresh_uid != 0 && t.refresh_uid != uid && n > 0 &&
	    audit_add(app->db, t.refresh_uid, "logout", req->addr,
	    req->user_agent) == -1)
		goto dbfail;
	if (db_commit(app->db) == -1)
		goto dbfail;
	reply_ok(r, 200, MSG_LOGGED_OUT, NULL);
	if (logout_carried(app, req, tok))
		result_signout(r, app_cookie_mode(app));
	goto out;
dbfail:
	app_db_failed(app, r, "logout");
out:
	refresh_token_free(tok);
}
