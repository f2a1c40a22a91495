/*
 * auth.fcgi: login, refresh (rotation with reuse detection), logout,
 * the session list and the public keys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <sodium.h>

#include "app.h"
#include "audit.h"
#include "db.h"
#include "guard.h"
#include "http.h"
#include "jsonkey.h"
#include "log.h"
#include "login.h"
#include "passwd.h"
#include "passwd_kinds.h"
#include "reply.h"
#include "sessions.h"
#include "throttle.h"
#include "token.h"
#include "users.h"
#include "validate.h"
#include "verifications.h"

static void	 handle_login(struct app *, struct request *, struct reply *);
static void	 handle_refresh(struct app *, struct request *, struct reply *);
static void	 handle_logout(struct app *, struct request *, struct reply *);
static void	 handle_sessions(struct app *, struct request *,
		    struct reply *);
static void	 handle_session_delete(struct app *, struct request *,
		    struct reply *);
static void	 handle_jwks(struct app *, struct request *, struct reply *);
static void	 handle_check(struct app *, struct request *, struct reply *);
static void	 handle_authorize(struct app *, struct request *,
		    struct reply *);

enum route_id {
	ROUTE_LOGIN,
	ROUTE_REFRESH,
	ROUTE_LOGOUT,
	ROUTE_SESSIONS,
	ROUTE_SESSION_DELETE,
	ROUTE_JWKS,
	ROUTE_CHECK,
	ROUTE__MAX
};

static const struct route routes[ROUTE__MAX] = {
	{ HTTP_M(HTTP_POST), "/api/v1/auth/login", ROUTE_COOKIES,
	    handle_login }, /* ROUTE_LOGIN */
	{ HTTP_M(HTTP_POST) | HTTP_M(HTTP_GET), "/api/v1/auth/refresh",
	    ROUTE_COOKIES, handle_refresh }, /* ROUTE_REFRESH */
	{ HTTP_M(HTTP_POST) | HTTP_M(HTTP_GET), "/api/v1/auth/logout",
	    ROUTE_COOKIES, handle_logout }, /* ROUTE_LOGOUT */
	{ HTTP_M(HTTP_GET) | HTTP_M(HTTP_HEAD), "/api/v1/auth/sessions",
	    ROUTE_BEARER, handle_sessions }, /* ROUTE_SESSIONS */
	{ HTTP_M(HTTP_DELETE), "/api/v1/auth/sessions/{id}", ROUTE_BEARER,
	    handle_session_delete }, /* ROUTE_SESSION_DELETE */
	{ HTTP_M(HTTP_GET) | HTTP_M(HTTP_HEAD), "/api/v1/auth/jwks.json",
	    ROUTE_PUBLIC, handle_jwks }, /* ROUTE_JWKS */
	{ HTTP_M(HTTP_GET) | HTTP_M(HTTP_HEAD), "/api/v1/auth/check",
	    ROUTE_PUBLIC, handle_check }, /* ROUTE_CHECK */
};

/* Longest refresh_token field we look at; ours are TOKEN_STRLEN. */
#define REFRESH_FIELD_MAX	1024

static const char *const password_aliases[] = { "pwd", NULL };

/* What a login request asks for. */
struct credentials {
	char		 login[EMAIL_MAX + 1];	/* canonical: lower-cased */
	char		 key[THROTTLE_KEY_MAX];	/* the throttle's name */
	const char	*password;
	int		 remember;
	int		 counted;	/* has throttle counters to clear */
};

/*
 * The canonical form of the account name "v" given in field "field"
 * into "out": an address (email, or any name with an '@') as
 * validate_email makes it, else a username of the shape registration
 * allows, lower-cased.  What registration would refuse is a field
 * error, not a lookup: spellings the database collation would match
 * (accents, full-width letters, trailing blanks) never reach it.
 * 0, or -1 with the error in "r".
 */
static int
credentials_name(struct reply *r, const char *field, const char *v,
    char *out, size_t outsz)
{
	const char	*why;
	size_t		 i;

	if (strcmp(field, "email") == 0 || strchr(v, '@') != NULL)
		why = validate_email(v, out, outsz);
	else if ((why = validate_username(v, "")) == NULL) {
		for (i = 0; v[i] != '\0' && i + 1 < outsz; i++)
			out[i] = v[i] >= 'A' && v[i] <= 'Z' ?
			    (char)(v[i] + ('a' - 'A')) : v[i];
		out[i] = '\0';
	}
	if (why == NULL)
		return 0;
	reply_field_error(r, field, why, v);
	return -1;
}

/*
 * Read the account name from "login", "email" or "username" (the first
 * present), the password and "remember".  0 good, -1 errors in "r".
 */
static int
credentials_read(struct request *req, struct reply *r, struct credentials *c)
{
	static const char *const names[] = { "login", "email", "username" };
	const char	*v = NULL;
	size_t		 i;
	int		 rc = 0, st = 0;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < 3 && st == 0; i++)
		st = input_string(req->fields, r, names[i], NULL,
		    i == 2 ? "Username" : i == 1 ? "Email" : "Login", 0,
		    EMAIL_MAX, &v);
	if (st == 0)
		reply_field_error(r, "email", "Email or username is required",
		    NULL);
	if (st != 1 || credentials_name(r, names[i - 1], v, c->login,
	    sizeof(c->login)) == -1)
		rc = -1;
	if (input_string(req->fields, r, "password", password_aliases,
	    "Password", 1, PASSWD_MAX, &c->password) != 1)
		rc = -1;
	if (input_bool(req->fields, r, "remember", "Remember",
	    &c->remember) == -1)
		rc = -1;
	return rc;
}

/*
 * Check the password.  An unknown account spends the same hashing time
 * and gets the same answer as a wrong password.  The account is found
 * first, so that its counters are the account's whatever spelling
 * found it; a blocked guess then costs no hash.  Notes in c->counted
 * whether a success has throttle counters to clear.  1 good, 0 wrong,
 * -1 database error (reply set).
 */
static int
credentials_check(struct app *app, struct request *req, struct reply *r,
    struct credentials *c, struct user *u)
{
	long	 wait;
	int	 found, ok = 0;

	if ((found = users_by_login(app->db, c->login, u)) == -1) {
		app_db_failed(app, r, "login");
		return -1;
	}
	throttle_login_key(found ? u->id : 0, c->login, c->key);
	if ((wait = throttle_login_check(app->db, &app->cfg, c->key,
	    req->addr, &c->counted)) == -1) {
		app_db_failed(app, r, "login");
		return -1;
	}
	if (wait > 0) {
		reply_retry(r, RC_RATE_LIMITED, (unsigned)wait);
		return 0;
	}
	ok = passwd_kinds_verify(app->db, &app->cfg, c->password,
	    found ? u->password_hash : NULL) == 1;
	if (ok)
		return 1;
	if (throttle_login_failed(app->db, &app->cfg, c->key, req->addr) == -1 ||
	    audit_add(app->db, found ? u->id : 0, "login_failed", req->addr,
	    req->user_agent) == -1) {
		app_db_failed(app, r, "login");
		return -1;
	}
	reply_error(r, RC_INVALID_CREDENTIALS, NULL);
	return 0;
}

/* Rehash a password stored with an older method or cost.  0 or -1. */
static int
login_upgrade_hash(struct app *app, const struct user *u, const char *pw)
{
	char	 hash[PASSWD_HASH_MAX];
	int	 rc;

	if (!passwd_needs_rehash(u->password_hash))
		return 0;
	if (passwd_hash(pw, hash, sizeof(hash)) == -1)
		return 0;	/* keep the old hash; the login still counts */
	rc = users_set_password(app->db, u->id, hash);
	sodium_memzero(hash, sizeof(hash));
	if (rc == 0)
		log_info("user %lld: password hash upgraded", (long long)u->id);
	return rc;
}

/*
 * POST /api/v1/auth/login: 200 with the login payload; 400
 * validation_failed; 401 invalid_credentials; 403 email_not_verified
 * or account_disabled (only after a correct password).
 */
static void
handle_login(struct app *app, struct request *req, struct reply *r)
{
	struct credentials	 c;
	struct user		 u;
	struct json_object	*payload = NULL;

	if (credentials_read(req, r, &c) == -1)
		return;
	if (credentials_check(app, req, r, &c, &u) != 1)
		return;
	if (strcmp(u.status, "disabled") == 0) {
		reply_error(r, RC_ACCOUNT_DISABLED, NULL);
		return;
	}
	if (strcmp(u.status, "pending") == 0) {
		reply_error(r, RC_EMAIL_NOT_VERIFIED, NULL);
		return;
	}
	if (db_begin(app->db) == -1 ||
	    (c.counted && throttle_login_ok(app->db, c.key, req->addr) == -1) ||
	    login_upgrade_hash(app, &u, c.password) == -1 ||
	    login_issue(app, req, r, &u, c.remember, "login", &payload) == -1 ||
	    db_commit(app->db) == -1) {
		json_object_put(payload);
		app_db_failed(app, r, "login");
		return;
	}
	reply_ok(r, 200, "Logged in", payload);
}

/*
 * The refresh token of a request: the "refresh_token" body field, else
 * (in cookie mode) the refresh cookie.  Returns 1 with a new string in
 * "*out" (the caller frees it) and "*from_cookie" set, 0 when there is
 * none, -1 with the reply set (a field of the wrong type, or out of
 * memory).
 */
static int
refresh_token_read(struct app *app, struct request *req, struct reply *r,
    char **out, int *from_cookie)
{
	const char	*v = NULL;
	int		 rc;

	*out = NULL;
	*from_cookie = 0;
	rc = input_string(req->fields, r, "refresh_token", NULL,
	    "Refresh token", 0, REFRESH_FIELD_MAX, &v);
	if (rc == -1)
		return -1;
	if (rc == 1 && v[0] != '\0') {
		if ((*out = strdup(v)) == NULL) {
			app_internal(app, r, "refresh: out of memory");
			return -1;
		}
		return 1;
	}
	if (!app->cfg.cookie_mode)
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
static void
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
		login_cookie(app, r, "", 0);
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
static void
handle_refresh(struct app *app, struct request *req, struct reply *r)
{
	char			*tok = NULL;
	char			 fresh[TOKEN_STRLEN + 1];
	unsigned char		 old[TOKEN_DIGEST], nd[TOKEN_DIGEST];
	struct session		 s;
	struct user		 u;
	struct json_object	*payload = NULL;
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
	    login_tokens(app, r, &u, s.id, fresh, ttl, &payload) == -1 ||
	    db_commit(app->db) == -1) {
		json_object_put(payload);
		/* no Set-Cookie of a token that was never stored */
		reply_free(r);
		app_db_failed(app, r, "refresh");
		goto out;
	}
	reply_ok(r, 200, "Token refreshed", payload);
out:
	sodium_memzero(fresh, sizeof(fresh));
	refresh_token_free(tok);
}

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
	struct reply		 scratch;
	unsigned		 leeway;
	int			 rc;

	if ((bearer = http_bearer(req)) == NULL)
		return 0;
	/* the guard's read is for "all" only: a plain logout needs none */
	if (want_live) {
		memset(&scratch, 0, sizeof(scratch));
		rc = guard_check_token(app, bearer, &scratch);
		reply_free(&scratch);
		if (rc == -1)
			return -1;
		if (rc == 1)
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
static void
handle_logout(struct app *app, struct request *req, struct reply *r)
{
	struct logout_target	 t;
	char			*tok = NULL;
	int64_t			 uid;
	long long		 n = 0, k;
	int			 all = 0, from_cookie = 0, rc;

	memset(&t, 0, sizeof(t));
	if (field_bool(req->fields, "all", &all) == FIELD_BAD_TYPE)
		reply_field_error(r, "all", "All must be a boolean", NULL);
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
	reply_ok(r, 200, "Logged out", NULL);
	if (logout_carried(app, req, tok))
		login_cookie(app, r, "", 0);
	goto out;
dbfail:
	app_db_failed(app, r, "logout");
out:
	refresh_token_free(tok);
}

/*
 * GET /api/v1/auth/sessions (bearer): 200 with the user's live
 * sessions [{id, created_at, last_used_at, ip, user_agent, current}],
 * the one of this token flagged current.
 */
static void
handle_sessions(struct app *app, struct request *req, struct reply *r)
{
	struct json_object	*arr;

	(void)req;
	if (sessions_list(app->db, app->who.user_id, app->who.session_id,
	    &arr) == -1) {
		app_db_failed(app, r, "sessions");
		return;
	}
	reply_ok(r, 200, NULL, arr);
}

/*
 * DELETE /api/v1/auth/sessions/{id} (bearer): revoke one of the user's
 * own sessions (this one too: that is a logout).  200 "Session
 * revoked"; 404 not_found for an unknown id, an id that is not a
 * number, another user's session or one already revoked -- all the
 * same answer, so ids of others cannot be probed.
 */
static void
handle_session_delete(struct app *app, struct request *req,
    struct reply *r)
{
	const char	*p = route_param(&app->params, "id");
	long long	 id = 0, n;
	size_t		 i;

	for (i = 0; p != NULL && p[i] != '\0' && i < 18; i++) {
		if (p[i] < '0' || p[i] > '9')
			break;
		id = id * 10 + (p[i] - '0');
	}
	if (p == NULL || i == 0 || p[i] != '\0' || id <= 0) {
		reply_error(r, RC_NOT_FOUND, NULL);
		return;
	}
	if (db_begin(app->db) == -1 ||
	    (n = sessions_revoke(app->db, id, app->who.user_id,
	    "deleted")) == -1 ||
	    (n > 0 && audit_add(app->db, app->who.user_id, "session_revoked",
	    req->addr, req->user_agent) == -1) ||
	    db_commit(app->db) == -1) {
		app_db_failed(app, r, "session delete");
		return;
	}
	if (n == 0) {
		reply_error(r, RC_NOT_FOUND, NULL);
		return;
	}
	reply_ok(r, 200, "Session revoked", NULL);
}

/* GET /api/v1/auth/jwks.json: the public keys, {"keys": []} for HS256. */
static void
handle_jwks(struct app *app, struct request *req, struct reply *r)
{
	char			*doc;
	struct json_object	*o;

	(void)req;
	if ((doc = jwt_jwks(&app->ring)) == NULL ||
	    (o = json_tokener_parse(doc)) == NULL) {
		free(doc);
		app_internal(app, r, "jwks: out of memory");
		return;
	}
	free(doc);
	reply_ok(r, 200, NULL, o);
	r->raw_json = 1;
}

/* Longest role list we take from the server or the query. */
#define ROLE_LIST_MAX	256

/* Whether "role" is one of the comma list "want": 1 or 0. */
static int
authz_role_in(const char *role, const char *want)
{
	size_t		 rlen = strlen(role), len;
	const char	*p, *end;

	for (p = want; *p != '\0'; p = *end == ',' ? end + 1 : end) {
		while (*p == ' ')
			p++;
		end = p + strcspn(p, ",");
		len = (size_t)(end - p);
		while (len > 0 && p[len - 1] == ' ')
			len--;
		if (len > 0 && len == rlen && memcmp(p, role, len) == 0)
			return 1;
	}
	return 0;
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
	int		 rc;

	if (token == NULL &&
	    http_cookie_get(req, app->cfg.access_cookie_name, &cookie) == 1)
		token = cookie;
	rc = guard_check_token(app, token, r);
	if (cookie != NULL) {
		sodium_memzero(cookie, strlen(cookie));
		free(cookie);
	}
	if (rc != 1)
		return rc;
	/* a ?role= that does not decode asks for a role nobody has */
	if (want[0] == '\0' && query &&
	    (rc = http_query_get(req, "role", &q)) != 0)
		want = rc == 1 ? q : "\001";
	rc = 1;
	if (strlen(want) > ROLE_LIST_MAX ||
	    (want[0] != '\0' && !authz_role_in(app->who.role, want))) {
		reply_error(r, RC_FORBIDDEN, "Your account lacks the role "
		    "this page needs");
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
static void
handle_check(struct app *app, struct request *req, struct reply *r)
{
	struct json_object	*o;

	if (authz_judge(app, req, r, 1) != 1)
		return;
	if ((o = json_object_new_object()) == NULL) {
		app_internal(app, r, "check: out of memory");
		return;
	}
	JSON_ADD(o, "user_id", json_object_new_int64(app->who.user_id));
	JSON_ADD(o, "email", json_object_new_string(app->who.email));
	JSON_ADD(o, "role", json_object_new_string(app->who.role));
	reply_ok(r, 200, "Signed in", o);
	if (reply_header(r, "X-Fcauth-User", "%s", app->who.email) == -1 ||
	    reply_header(r, "X-Fcauth-User-Id", "%lld",
	    (long long)app->who.user_id) == -1 ||
	    reply_header(r, "X-Fcauth-Email", "%s", app->who.email) == -1 ||
	    reply_header(r, "X-Fcauth-Role", "%s", app->who.role) == -1)
		app_internal(app, r, "check: headers");
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
	o = loc + sprintf(loc, "%s%snext=", url,
	    strchr(url, '?') != NULL ? "&" : "?");
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
static void
handle_authorize(struct app *app, struct request *req, struct reply *r)
{
	int	 rc;

	if ((rc = authz_judge(app, req, r, 0)) == 0)
		authz_redirect(app, req, r);
	if (rc != 1)
		return;
	reply_ok(r, 200, NULL, NULL);
	if (reply_header(r, "Variable-FCAUTH_USER_ID", "%lld",
	    (long long)app->who.user_id) == -1 ||
	    reply_header(r, "Variable-FCAUTH_EMAIL", "%s",
	    app->who.email) == -1 ||
	    reply_header(r, "Variable-FCAUTH_ROLE", "%s", app->who.role) == -1 ||
	    reply_header(r, "Variable-REMOTE_USER", "%s", app->who.email) == -1)
		app_internal(app, r, "authorizer: headers");
	else
		r->bodyless = 1;
}

int
main(int argc, char *argv[])
{
	app_set_authorizer(handle_authorize);
	return app_main(argc, argv, "auth", routes, ROUTE__MAX);
}
