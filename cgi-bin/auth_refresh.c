/*
 * auth.fcgi: POST|GET /refresh: refresh token rotation with reuse
 * detection.
 */
#include <sodium.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "http.h"
#include "input.h"
#include "log.h"
#include "login.h"
#include "reply.h"
#include "result.h"
#include "sessions.h"
#include "validate.h"

/*
 * The refresh token of a request: the "refresh_token" body field, else
 * (in cookie mode) the refresh cookie.  Returns 1 with a new string in
 * "*out" (the caller frees it) and "*from_cookie" set, 0 when there is
 * none, -1 with the reply set (a field of the wrong type, or out of
 * memory).
 */
int
refresh_token_read(struct app *app, struct request *req, struct reply *r,
    char **out, int *from_cookie)
{
	struct input_errors	 e;
	const char		*v = NULL;
	int			 rc;

	*out = NULL;
	*from_cookie = 0;
	input_errors_init(&e);
	rc = input_string(req->fields, FIELD_REFRESH_TOKEN, 0, &e, &v);
	if (rc == -1) {
		reply_input_errors(r, &e);
		return -1;
	}
	if (rc == 1 && v[0] != '\0') {
		if ((*out = strdup(v)) == NULL) {
			app_internal(app, r, "refresh: out of memory");
			return -1;
		}
		return 1;
	}
	if (!app_cookie_mode(app))
		return 0;
	rc = http_cookie_get(req, app->cfg.refresh_cookie_name, out);
	if (rc == 1 && (*out)[0] == '\0') {
		free(*out);
		*out = NULL;
		rc = 0;
	}
	if (rc == 1)
		*from_cookie = 1;
	/* a Cookie header we cannot read counts as no cookie */
	return rc == 1 ? 1 : 0;
}

/* Free a refresh token string after wiping it.  NULL does nothing. */
void
refresh_token_free(char *tok)
{
	if (tok == NULL)
		return;
	sodium_memzero(tok, strlen(tok));
	free(tok);
}

/*
 * Refuse a refresh with "code"; a refused cookie is cleared so the
 * browser stops sending it.
 */
static void
refresh_refuse(struct app *app, struct reply *r, enum reply_code code,
    int from_cookie)
{
	reply_error(r, code, NULL);
	if (from_cookie)
		result_signout(r, app_cookie_mode(app));
}

/*
 * A token that is not the current one of any session, inside the open
 * transaction.  If it is a retired token, this is reuse (RFC 9700
 * §4.14.2): its whole session is revoked, the event audited and the
 * answer is token_reused; else token_invalid.  That holds for a
 * concurrent duplicate too: the second of two refreshes with one token
 * waits on the row lock, then finds the token retired and revokes the
 * session, so neither client keeps it (the strict choice; a client
 * must not send one refresh token twice).
 */
static void
refresh_not_current(struct app *app, struct request *req, struct reply *r,
    const unsigned char digest[TOKEN_DIGEST], int from_cookie)
{
	int64_t		 sid, uid;
	int		 rc;

	if ((rc = sessions_find_retired(app->db, digest, &sid, &uid)) == -1) {
		app_db_failed(app, r, "refresh");
		return;
	}
	if (rc == 0) {
		db_rollback(app->db);
		refresh_refuse(app, r, RC_TOKEN_INVALID, from_cookie);
		return;
	}
	if (sessions_revoke(app->db, sid, uid, "reused") == -1 ||
	    audit_add(app->db, uid, "refresh_reused", req->addr,
	    req->user_agent) == -1 ||
	    db_commit(app->db) == -1) {
		app_db_failed(app, r, "refresh");
		return;
	}
	log_warn("session %lld: retired refresh token used again; "
	    "session revoked", (long long)sid);
	refresh_refuse(app, r, RC_TOKEN_REUSED, from_cookie);
}

/*
 * POST|GET /api/v1/auth/refresh: {refresh_token} or the cookie.  200
 * with the login payload (a new access token and a new refresh token;
 * the old one is retired); 401 token_missing, token_invalid (unknown
 * token, revoked session), token_expired (idle or absolute expiry),
 * token_reused (a retired token: the session is revoked); 403
 * account_disabled or email_not_verified.  One transaction, with the
 * session row locked, so of two refreshes with one token only one can
 * rotate it.
 */
void
handle_refresh(struct app *app, struct request *req, struct reply *r)
{
	char			*tok = NULL;
	char			 fresh[TOKEN_STRLEN + 1];
	unsigned char		 old[TOKEN_DIGEST], nd[TOKEN_DIGEST];
	struct session		 s;
	struct user		 u;
	struct login_result	 lr;
	const struct login_ctx	 lc = LOGIN_CTX(app, req);
	unsigned		 ttl;
	int			 rc, from_cookie;

	memset(fresh, 0, sizeof(fresh));
	if ((rc = refresh_token_read(app, req, r, &tok, &from_cookie)) != 1) {
		if (rc == 0)
			reply_error(r, RC_TOKEN_MISSING, NULL);
		return;
	}
	if (!token_wellformed(tok)) {
		refresh_refuse(app, r, RC_TOKEN_INVALID, from_cookie);
		goto out;
	}
	token_digest(tok, strlen(tok), old);
	if (db_begin(app->db) == -1 ||
	    (rc = sessions_lock_current(app->db, old, &s)) == -1) {
		app_db_failed(app, r, "refresh");
		goto out;
	}
	if (rc == 0) {
		refresh_not_current(app, req, r, old, from_cookie);
		goto out;
	}
	if (s.revoked || s.expired) {
		db_rollback(app->db);
		refresh_refuse(app, r, s.revoked ? RC_TOKEN_INVALID :
		    RC_TOKEN_EXPIRED, from_cookie);
		goto out;
	}
	if ((rc = users_by_id(app->db, s.user_id, &u)) == -1) {
		app_db_failed(app, r, "refresh");
		goto out;
	}
	if (rc == 0 || strcmp(u.status, "active") != 0) {
		db_rollback(app->db);
		refresh_refuse(app, r, rc == 0 ? RC_TOKEN_INVALID :
		    strcmp(u.status, "pending") == 0 ? RC_EMAIL_NOT_VERIFIED :
		    RC_ACCOUNT_DISABLED, from_cookie);
		goto out;
	}
	ttl = s.remember ? app->cfg.refresh_ttl_remember :
	    app->cfg.refresh_ttl;
	if (s.absolute_left < (long long)ttl)
		ttl = s.absolute_left > 0 ? (unsigned)s.absolute_left : 1;
	token_new(fresh);
	token_digest(fresh, TOKEN_STRLEN, nd);
	if (sessions_rotate(app->db, s.id, old, nd, ttl) == -1 ||
	    login_tokens(&lc, &u, s.id, fresh, ttl, &lr) == -1 ||
	    db_commit(app->db) == -1) {
		/* no Set-Cookie of a token that was never stored */
		reply_free(r);
		app_db_failed(app, r, "refresh");
		goto out;
	}
	result_login(r, 200, MSG_TOKEN_REFRESHED, &lr);
out:
	login_result_wipe(&lr);
	sodium_memzero(fresh, sizeof(fresh));
	refresh_token_free(tok);
}
