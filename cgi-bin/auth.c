/*
 * auth.fcgi: login, and (in later steps) refresh, logout, sessions and
 * the public keys.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <sodium.h>

#include "app.h"
#include "audit.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "login.h"
#include "passwd.h"
#include "reply.h"
#include "users.h"
#include "validate.h"

static void	 handle_login(struct app *, struct request *, struct reply *);
static void	 handle_jwks(struct app *, struct request *, struct reply *);

enum route_id {
	ROUTE_LOGIN,
	ROUTE_JWKS,
	ROUTE__MAX
};

static const struct route routes[ROUTE__MAX] = {
	{ HTTP_M(HTTP_POST), "/api/v1/auth/login", ROUTE_PUBLIC,
	    handle_login }, /* ROUTE_LOGIN */
	{ HTTP_M(HTTP_GET) | HTTP_M(HTTP_HEAD), "/api/v1/auth/jwks.json",
	    ROUTE_PUBLIC, handle_jwks }, /* ROUTE_JWKS */
};

static const char *const password_aliases[] = { "pwd", NULL };

/* What a login request asks for. */
struct credentials {
	char		 login[EMAIL_MAX + 1];	/* lower-cased email or username */
	const char	*password;
	int		 remember;
};

/*
 * Read the account name from "login", "email" or "username" (the first
 * present), the password and "remember".  0 good, -1 errors in "r".
 */
static int
credentials_read(struct request *req, struct reply *r, struct credentials *c)
{
	static const char *const names[] = { "login", "email", "username" };
	const char	*v = NULL, *why;
	size_t		 i;
	int		 rc = 0, st = 0, remember = 0;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < 3 && st == 0; i++)
		st = input_string(req->fields, r, names[i], NULL,
		    i == 2 ? "Username" : i == 1 ? "Email" : "Login", 0,
		    EMAIL_MAX, &v);
	if (st == 0)
		reply_field_error(r, "email", "Email or username is required",
		    NULL);
	if (st != 1)
		rc = -1;
	else if (strcmp(names[i - 1], "email") == 0 &&
	    (why = validate_email(v, c->login, sizeof(c->login))) != NULL) {
		reply_field_error(r, "email", why, v);
		rc = -1;
	} else if (strcmp(names[i - 1], "email") != 0) {
		snprintf(c->login, sizeof(c->login), "%s", v);
		/* emails are stored lower-cased; usernames match any case */
		if (strchr(c->login, '@') != NULL)
			for (i = 0; c->login[i] != '\0'; i++)
				if (c->login[i] >= 'A' && c->login[i] <= 'Z')
					c->login[i] += 'a' - 'A';
	}
	if (input_string(req->fields, r, "password", password_aliases,
	    "Password", 1, PASSWD_MAX, &c->password) != 1)
		rc = -1;
	switch (field_bool(req->fields, "remember", &remember)) {
	case FIELD_BAD_TYPE:
		reply_field_error(r, "remember", "Remember must be a boolean",
		    NULL);
		rc = -1;
		break;
	case FIELD_PRESENT:
		c->remember = remember;
		break;
	default:
		break;
	}
	return rc;
}

/*
 * Check the password.  An unknown account spends the same hashing time
 * and gets the same answer as a wrong password.  1 good, 0 wrong,
 * -1 database error (reply set).
 */
static int
credentials_check(struct app *app, struct request *req, struct reply *r,
    const struct credentials *c, struct user *u)
{
	int	 found, ok = 0;

	if ((found = users_by_login(app->db, c->login, u)) == -1) {
		app_db_failed(app, r, "login");
		return -1;
	}
	if (found)
		ok = passwd_verify(c->password, u->password_hash) == 1;
	else
		passwd_dummy_verify(c->password);
	if (ok)
		return 1;
	if (audit_add(app->db, found ? u->id : 0, "login_failed", req->addr,
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
	    login_upgrade_hash(app, &u, c.password) == -1 ||
	    login_issue(app, req, r, &u, c.remember, "login", &payload) == -1 ||
	    db_commit(app->db) == -1) {
		json_object_put(payload);
		app_db_failed(app, r, "login");
		return;
	}
	reply_ok(r, 200, "Logged in", payload);
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

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "auth", routes, ROUTE__MAX);
}
