/*
 * auth.fcgi: POST /login: the credentials read, checked against the
 * throttle and the password, and a session issued.
 */
#include <stdlib.h>

#include <sodium.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "http.h"
#include "input.h"
#include "log.h"
#include "login.h"
#include "mfa_signin.h"
#include "msg.h"
#include "passkey.h"
#include "passwd.h"
#include "passwd_kinds.h"
#include "reply.h"
#include "result.h"
#include "throttle.h"
#include "validate.h"

/* What a login request asks for. */
struct credentials {
	char		 login[EMAIL_MAX + 1];	/* canonical: lower-cased */
	char		 key[THROTTLE_KEY_MAX];	/* the throttle's name */
	const char	*password;
	const char	*device_token;	/* a trusted device's, or NULL */
	int		 remember;
	int		 counted;	/* has throttle counters to clear */
};

/*
 * The canonical form of the account name "v" given in field "f" into
 * "out": an address (email, or any name with an '@') as validate_email
 * makes it, else a username of the shape registration allows,
 * lower-cased.  What registration would refuse is a field error, not a
 * lookup: spellings the database collation would match (accents,
 * full-width letters, trailing blanks) never reach it.  0, or -1 with
 * the error in "e".
 */
static int
credentials_name(struct input_errors *e, enum field f, const char *v,
    char *out, size_t outsz)
{
	const char	*why;
	size_t		 i;

	if (f == FIELD_EMAIL || strchr(v, '@') != NULL)
		why = validate_email(v, out, outsz);
	else if ((why = validate_username(v, "")) == NULL) {
		for (i = 0; v[i] != '\0' && i + 1 < outsz; i++)
			out[i] = v[i] >= 'A' && v[i] <= 'Z' ?
			    (char)(v[i] + ('a' - 'A')) : v[i];
		out[i] = '\0';
	}
	if (why == NULL)
		return 0;
	input_error(e, f, why, v);
	return -1;
}

/*
 * Read the account name from "login", "email" or "username" (the first
 * present; each read to EMAIL_MAX bytes), the password and "remember".
 * 0 good, -1 errors in "e".
 */
static int
credentials_read(struct request *req, struct input_errors *e,
    struct credentials *c)
{
	static const enum field names[] = {
		FIELD_LOGIN, FIELD_EMAIL, FIELD_USERNAME
	};
	const char	*v = NULL;
	size_t		 i;
	int		 rc = 0, st = 0;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < 3 && st == 0; i++)
		st = input_string_max(req->fields, names[i], 0, EMAIL_MAX, e,
		    &v);
	if (st == 0)
		input_error(e, FIELD_EMAIL, msg_text(MSG_LOGIN_REQUIRED),
		    NULL);
	if (st != 1 || credentials_name(e, names[i - 1], v, c->login,
	    sizeof(c->login)) == -1)
		rc = -1;
	if (input_string(req->fields, FIELD_PASSWORD, 1, e,
	    &c->password) != 1)
		rc = -1;
	if (input_bool(req->fields, FIELD_REMEMBER, e, &c->remember) == -1)
		rc = -1;
	if (input_string(req->fields, FIELD_DEVICE_TOKEN, 0, e,
	    &c->device_token) == -1)
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
 * The trusted-device token of the request: the "device_token" field,
 * else (in cookie mode) the device cookie, copied into "*cookie" (free
 * it).  NULL when there is none.
 */
static const char *
login_device_token(struct app *app, struct request *req,
    const struct credentials *c, char **cookie)
{
	*cookie = NULL;
	if (c->device_token != NULL && c->device_token[0] != '\0')
		return c->device_token;
	if (!app_cookie_mode(app) ||
	    http_cookie_get(req, app->cfg.device_cookie_name, cookie) != 1)
		return NULL;
	return *cookie;
}

/*
 * The second factor of account "u", its password right: 0 when it
 * signs in now (no factor, or a trusted device of the account); 1
 * answered with 200 mfa_required and a pending sign-in, no session (on
 * a dialect's route, which cannot ask for a code: the dialect's error
 * with a clear message, never a token); -1 answered with a database
 * error.  The login throttle counters stay until the code is right, so
 * knowing the password buys no fresh tries at the code.
 */
static int
login_second_factor(struct app *app, struct request *req, struct reply *r,
    const struct credentials *c, const struct user *u)
{
	char		 tok[TOKEN_STRLEN + 1], *cookie;
	const char	*dev;
	unsigned	 factors;
	int		 need;

	dev = login_device_token(app, req, c, &cookie);
	need = mfa_signin_needed(app->db, &app->cfg, u, dev, &factors);
	if (cookie != NULL) {
		sodium_memzero(cookie, strlen(cookie));
		free(cookie);
	}
	if (need == -1) {
		app_db_failed(app, r, "login");
		return -1;
	}
	if (need == 0)
		return 0;
	if (app->dialect_rule == NULL)
		passkey_signin_factor(&app->cfg, u, &factors);
	if (app->dialect_rule != NULL) {
		reply_error(r, RC_FORBIDDEN, msg_text(MSG_MFA_DIALECT));
		return 1;
	}
	if (db_begin(app->db) == -1 ||
	    login_upgrade_hash(app, u, c->password) == -1 ||
	    mfa_signin_start(app->db, &app->cfg, u->id, c->remember,
	    tok) == -1 ||
	    db_commit(app->db) == -1) {
		sodium_memzero(tok, sizeof(tok));
		app_db_failed(app, r, "login");
		return -1;
	}
	result_mfa_required(r, tok, factors,
	    mfa_signin_token_ttl(&app->cfg));
	sodium_memzero(tok, sizeof(tok));
	return 1;
}

/*
 * POST /api/v1/auth/login: 200 with the login payload, or 200
 * mfa_required for an account with a second factor; 400
 * validation_failed; 401 invalid_credentials; 403 email_not_verified
 * or account_disabled (only after a correct password).
 */
void
handle_login(struct app *app, struct request *req, struct reply *r)
{
	struct credentials	 c;
	struct input_errors	 e;
	struct user		 u;
	struct login_result	 lr;
	const struct login_ctx	 lc = LOGIN_CTX(app, req);

	input_errors_init(&e);
	if (credentials_read(req, &e, &c) == -1) {
		reply_input_errors(r, &e);
		return;
	}
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
	if (login_second_factor(app, req, r, &c, &u) != 0)
		return;
	if (db_begin(app->db) == -1 ||
	    (c.counted && throttle_login_ok(app->db, c.key, req->addr) == -1) ||
	    login_upgrade_hash(app, &u, c.password) == -1 ||
	    login_issue(&lc, &u, c.remember, "login", &lr) == -1 ||
	    db_commit(app->db) == -1) {
		login_result_wipe(&lr);
		app_db_failed(app, r, "login");
		return;
	}
	result_login(r, 200, MSG_LOGGED_IN, &lr);
	login_result_wipe(&lr);
}
