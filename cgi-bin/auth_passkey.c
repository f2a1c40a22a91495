/*
 * auth.fcgi: signing in with a passkey (issue 17).  The options
 * request issues a challenge: for anyone (a discoverable credential
 * names its account: usernameless), for a login (that account's
 * credentials, or for an unknown login or one without passkeys a
 * stand-in list that is always the same for that login), or for the
 * pending sign-in of an mfa_token (the passkey as the second factor).
 * The login request verifies the assertion against the stored
 * credential and signs in as a password and a code would: the login
 * throttle counts failures, a regressed counter (a cloned
 * authenticator) is refused and audited.
 */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "http.h"
#include "input.h"
#include "log.h"
#include "login.h"
#include "mfa_pending.h"
#include "mfa_signin.h"
#include "msg.h"
#include "passkey.h"
#include "passkeys.h"
#include "reply.h"
#include "result.h"
#include "throttle.h"
#include "token.h"
#include "users.h"
#include "validate.h"

/* What an options request asks for. */
struct pk_options_input {
	const char	*login;		/* or NULL */
	const char	*token;		/* an mfa_token, or NULL */
};

/* Read {} | {login} | {mfa_token}: 0, or -1 with the errors in "e". */
static int
pk_options_read(struct request *req, struct input_errors *e,
    struct pk_options_input *in)
{
	int	 hl, ht;

	memset(in, 0, sizeof(*in));
	if ((hl = input_string_max(req->fields, FIELD_LOGIN, 0, EMAIL_MAX, e,
	    &in->login)) == -1 ||
	    (ht = input_string(req->fields, FIELD_MFA_TOKEN, 0, e,
	    &in->token)) == -1)
		return -1;
	if (hl == 1 && in->login[0] == '\0')
		in->login = NULL;
	if (ht == 1 && in->token[0] == '\0')
		in->token = NULL;
	if (in->login != NULL && in->token != NULL) {
		input_error(e, FIELD_LOGIN, msg_text(MSG_PASSKEY_LOGIN_OR_MFA),
		    NULL);
		return -1;
	}
	return 0;
}

/*
 * The credentials of the account "login" names into "rows", its id
 * into "*uid" (0: none), or the stand-in list: a lookup and a list
 * query either way, so that the time does not tell either.  0 or -1.
 */
static int
pk_login_list(struct app *app, const char *login, struct passkey_row *rows,
    size_t *n, int64_t *uid)
{
	struct user	 u;
	char		 canon[EMAIL_MAX + 1];
	size_t		 i;
	int		 found = 0;

	*uid = 0;
	*n = 0;
	if (strchr(login, '@') != NULL) {
		if (validate_email(login, canon, sizeof(canon)) != NULL)
			canon[0] = '\0';
	} else {
		for (i = 0; login[i] != '\0' && i + 1 < sizeof(canon); i++)
			canon[i] = login[i] >= 'A' && login[i] <= 'Z' ?
			    (char)(login[i] + ('a' - 'A')) : login[i];
		canon[i] = '\0';
		if (validate_username(canon, "") != NULL)
			canon[0] = '\0';
	}
	if (canon[0] != '\0' &&
	    (found = users_by_login(app->db, canon, &u)) == -1)
		return -1;
	if (passkeys_list(app->db, found ? u.id : 0, rows, n) == -1)
		return -1;
	if (found && *n > 0)
		*uid = u.id;
	else
		passkey_fake_list(&app->cfg, canon[0] != '\0' ? canon : login,
		    rows, n);
	return 0;
}

/*
 * The live pending sign-in of mfa_token "token" into "p" (locked when
 * in a transaction): 1; 0 none such (unknown, used, expired, dead);
 * -1 error.
 */
static int
pk_pending(struct app *app, const char *token, struct mfa_pending *p)
{
	unsigned char	 digest[TOKEN_DIGEST];
	int		 rc;

	token_digest(token, strlen(token), digest);
	if ((rc = mfa_pending_lock(app->db, digest, p)) != 1)
		return rc;
	return !p->used && !p->expired && p->tries < MFA_SIGNIN_TRIES;
}

/*
 * POST /api/v1/auth/passkey/options {} | {login} | {mfa_token}: 200
 * with PublicKeyCredentialRequestOptionsJSON.  400 validation_failed;
 * 401 mfa_token_invalid; 403 passkey_unavailable; 429 rate_limited:
 * each anonymous form stores a challenge, so they count against the
 * address; {mfa_token} is bounded by its pending sign-in instead.
 */
void
handle_passkey_login_options(struct app *app, struct request *req,
    struct reply *r)
{
	struct pk_options_input	 in;
	struct input_errors	 e;
	struct mfa_pending	 p;
	struct passkey_row	*rows;
	struct json_object	*d;
	unsigned char		 ch[WEBAUTHN_CHALLENGE_LEN];
	int64_t			 uid = 0, pid = 0;
	size_t			 n = 0;
	long			 wait;
	int			 rc;

	input_errors_init(&e);
	if (pk_options_read(req, &e, &in) == -1) {
		reply_input_errors(r, &e);
		return;
	}
	if (!passkey_available(&app->cfg)) {
		reply_error(r, RC_PASSKEY_UNAVAILABLE, NULL);
		return;
	}
	if (in.token == NULL && (wait = throttle_take(app->db, &app->cfg,
	    THROTTLE_PASSKEY_OPTIONS, req->addr)) != 0) {
		if (wait == -1)
			app_db_failed(app, r, "throttle");
		else
			reply_retry(r, RC_RATE_LIMITED, (unsigned)wait);
		return;
	}
	if ((rows = calloc(PASSKEYS_LIST_MAX, sizeof(*rows))) == NULL) {
		app_internal(app, r, "passkey options: out of memory");
		return;
	}
	rc = 0;
	if (in.login != NULL)
		rc = pk_login_list(app, in.login, rows, &n, &uid);
	else if (in.token != NULL) {
		if ((rc = pk_pending(app, in.token, &p)) == 0) {
			free(rows);
			reply_error(r, RC_MFA_TOKEN_INVALID, NULL);
			return;
		}
		if (rc == 1) {
			uid = p.user_id;
			pid = p.id;
			rc = passkeys_list(app->db, uid, rows, &n);
		}
	}
	/* a challenge for a typed login remembers that it was one */
	if (rc == -1 || passkey_challenge_issue(app->db, &app->cfg,
	    in.login != NULL ? WA_PURPOSE_SIGNIN_NAMED : WA_PURPOSE_SIGNIN,
	    uid, pid, ch) == -1) {
		free(rows);
		app_db_failed(app, r, "passkey options");
		return;
	}
	d = result_passkey_request(&app->cfg, ch, rows, n);
	free(rows);
	if (d == NULL) {
		app_internal(app, r, "passkey options: out of memory");
		return;
	}
	reply_ok(r, 200, MSG_NONE, d);
}

/* What a passkey login request sends besides the credential. */
struct pk_login_input {
	const char	*token;		/* mfa_token, or NULL */
	int		 remember;
	int		 remember_device;
};

static int
pk_login_read(struct request *req, struct input_errors *e,
    struct pk_login_input *in)
{
	int	 rc = 0;

	memset(in, 0, sizeof(*in));
	if (input_string(req->fields, FIELD_MFA_TOKEN, 0, e,
	    &in->token) == -1)
		rc = -1;
	if (in->token != NULL && in->token[0] == '\0')
		in->token = NULL;
	if (input_bool(req->fields, FIELD_REMEMBER, e, &in->remember) == -1 ||
	    input_bool(req->fields, FIELD_REMEMBER_DEVICE, e,
	    &in->remember_device) == -1)
		rc = -1;
	return rc;
}

/* A sign-in in the making: the ceremony's pieces, found in order. */
struct pk_signin {
	struct webauthn_response resp;
	unsigned char	 ch[WEBAUTHN_CHALLENGE_LEN];
	enum wa_purpose	 purpose;	/* the challenge's */
	int64_t		 ch_user;	/* the challenge's account, or 0 */
	int64_t		 ch_pending;	/* its pending sign-in, or 0 */
	struct mfa_pending pending;	/* with an mfa_token */
	struct passkey	 pk;
	struct user	 u;
	char		 key[THROTTLE_KEY_MAX];
	int		 counted;
	uint32_t	 count;
};

/*
 * Count a failed ceremony "v" of the account "s" found (none: under
 * the address only) and commit it before the answer: the throttle,
 * the pending sign-in's tries, the audit event.  0 or -1.
 */
static int
pk_failed(struct app *app, struct request *req, struct pk_signin *s,
    int found, int mfa, enum passkey_verdict v)
{
	if (throttle_login_failed(app->db, &app->cfg, s->key,
	    req->addr) == -1 ||
	    (mfa && mfa_pending_try(app->db, s->pending.id) == -1) ||
	    audit_add(app->db, found ? s->u.id : 0, v == PASSKEY_COUNTER ?
	    "passkey_cloned" : "passkey_failed", req->addr,
	    req->user_agent) == -1 ||
	    db_commit(app->db) == -1)
		return -1;
	if (v == PASSKEY_COUNTER)
		log_warn("user %lld: passkey %lld counter went back: a cloned "
		    "authenticator?", (long long)s->u.id, (long long)s->pk.id);
	return 0;
}

/*
 * An assertion of no credential (for this sign-in): counted and
 * throttled as an unknown login is, under the name of the credential
 * id (a digest of it).  After options
 * for a typed login it answers as a bad signature does, so that the
 * stand-in list of an unknown login and the real list of an account
 * answer alike; else (usernameless, a deleted passkey) passkey_unknown.
 * 0 answered, -1 database error.
 */
static int
pk_unknown(struct app *app, struct request *req, struct reply *r,
    struct pk_signin *s, const struct pk_login_input *in)
{
	enum passkey_verdict	 v;
	unsigned char		 d[crypto_hash_sha256_BYTES];
	char			 name[64];
	long			 wait;

	crypto_hash_sha256(d, s->resp.id, s->resp.id_len);
	memcpy(name, "passkey:", 8);
	if (b64url_encode(d, 16, name + 8, sizeof(name) - 8) < 0)
		return -1;
	throttle_login_key(0, name, s->key);
	if ((wait = throttle_login_check(app->db, &app->cfg, s->key,
	    req->addr, NULL)) == -1)
		return -1;
	if (wait > 0) {
		db_rollback(app->db);
		reply_retry(r, RC_RATE_LIMITED, (unsigned)wait);
		return 0;
	}
	v = s->purpose == WA_PURPOSE_SIGNIN_NAMED ? PASSKEY_SIGNATURE :
	    PASSKEY_UNKNOWN;
	if (pk_failed(app, req, s, 0, in->token != NULL, v) == -1)
		return -1;
	result_passkey_refused(r, (int)v);
	return 0;
}

/*
 * Find the credential of the assertion and its account, inside the
 * open transaction, checking it against the challenge, the pending
 * sign-in and the user handle: 1 found; 0 answered (committed or
 * rolled back); -1 database error (not answered).
 */
static int
pk_find(struct app *app, struct request *req, struct reply *r,
    struct pk_signin *s, const struct pk_login_input *in)
{
	int64_t		 hu;
	long		 wait;
	int		 rc;

	if (in->token != NULL) {
		if ((rc = pk_pending(app, in->token, &s->pending)) == -1)
			return -1;
		if (rc == 0) {
			db_rollback(app->db);
			reply_error(r, RC_MFA_TOKEN_INVALID, NULL);
			return 0;
		}
		if (s->pending.id != s->ch_pending) {
			db_rollback(app->db);
			result_passkey_refused(r, PASSKEY_CHALLENGE);
			return 0;
		}
	}
	if ((rc = passkeys_by_cred(app->db, s->resp.id, s->resp.id_len,
	    &s->pk)) == -1)
		return -1;
	/* another account's credential than the options named, or the
	   user handle's: as unknown as none */
	if (rc == 1 && s->resp.user_handle_len > 0) {
		if ((rc = passkeys_handle_user(app->db, s->resp.user_handle,
		    s->resp.user_handle_len, &hu)) == -1)
			return -1;
		rc = rc == 1 && hu == s->pk.user_id;
	}
	if (rc == 1 && ((s->ch_user > 0 && s->ch_user != s->pk.user_id) ||
	    (in->token != NULL && s->pending.user_id != s->pk.user_id)))
		rc = 0;
	if (rc == 1 && (rc = users_by_id(app->db, s->pk.user_id,
	    &s->u)) == -1)
		return -1;
	if (rc == 0)
		return pk_unknown(app, req, r, s, in);
	throttle_login_key(s->u.id, s->u.email, s->key);
	if ((wait = throttle_login_check(app->db, &app->cfg, s->key,
	    req->addr, &s->counted)) == -1)
		return -1;
	if (wait > 0) {
		db_rollback(app->db);
		reply_retry(r, RC_RATE_LIMITED, (unsigned)wait);
		return 0;
	}
	return 1;
}

/*
 * Sign "s->u" in after a good assertion, inside the open transaction:
 * the credential's counter and last use, the throttle cleared, the
 * pending sign-in used and the device trusted (with an mfa_token),
 * the session, committed, and the reply set.  0, or -1 (database
 * error, not answered).
 */
static int
pk_sign_in(struct app *app, struct request *req, struct reply *r,
    struct pk_signin *s, const struct pk_login_input *in)
{
	struct login_result	 lr;
	const struct login_ctx	 lc = LOGIN_CTX(app, req);
	char			 dev[TOKEN_STRLEN + 1];
	int			 mfa = in->token != NULL, rc = -1;

	memset(&lr, 0, sizeof(lr));
	dev[0] = '\0';
	if (passkeys_used(app->db, s->pk.id, s->count,
	    s->pk.backed_up) == -1 ||
	    (s->counted && throttle_login_ok(app->db, s->key,
	    req->addr) == -1) ||
	    (mfa && mfa_pending_use(app->db, s->pending.id) == -1) ||
	    login_issue(&lc, &s->u, mfa ? s->pending.remember : in->remember,
	    "login_passkey", &lr) == -1 ||
	    (mfa && in->remember_device && mfa_signin_trust(app->db,
	    &app->cfg, s->u.id, req->addr, req->user_agent, dev) == -1) ||
	    db_commit(app->db) == -1)
		goto out;
	rc = 0;
	if (result_login(r, 200, MSG_LOGGED_IN, &lr) == 0 && dev[0] != '\0')
		result_device(r, dev, mfa_signin_device_ttl(&app->cfg),
		    lr.cookies);
out:
	login_result_wipe(&lr);
	sodium_memzero(dev, sizeof(dev));
	return rc;
}

/*
 * The ceremony of "s" up to the verdict on its assertion, inside the
 * open transaction: 1 signed in; 0 answered; -1 database error.
 */
static int
pk_login(struct app *app, struct request *req, struct reply *r,
    struct pk_signin *s, const struct pk_login_input *in)
{
	enum passkey_verdict	 v;
	int			 rc;

	if ((rc = pk_find(app, req, r, s, in)) != 1)
		return rc;
	v = passkey_verify_assertion(&app->cfg, s->ch, &s->resp, &s->pk,
	    &s->count);
	if (v == PASSKEY_ERROR)
		return -1;
	if (v != PASSKEY_OK) {
		if (pk_failed(app, req, s, 1, in->token != NULL, v) == -1)
			return -1;
		result_passkey_refused(r, (int)v);
		return 0;
	}
	/* the account's state shows only to the credential's holder */
	if (strcmp(s->u.status, "active") != 0) {
		db_rollback(app->db);
		reply_error(r, strcmp(s->u.status, "pending") == 0 ?
		    RC_EMAIL_NOT_VERIFIED : RC_ACCOUNT_DISABLED, NULL);
		return 0;
	}
	if (pk_sign_in(app, req, r, s, in) == -1)
		return -1;
	log_info("user %lld: signed in with passkey %lld",
	    (long long)s->u.id, (long long)s->pk.id);
	return 1;
}

/*
 * POST /api/v1/auth/passkey/login: the assertion
 * (PublicKeyCredential.toJSON(), and "remember"; or "mfa_token" and
 * "remember_device" to complete the mfa_required step of a password
 * sign-in): 200 with the login payload.  400 validation_failed,
 * passkey_malformed, passkey_challenge_invalid, passkey_origin_invalid,
 * passkey_rp_invalid, passkey_flags_invalid; 401 passkey_unknown,
 * passkey_signature_invalid, passkey_counter_regressed,
 * mfa_token_invalid; 403 passkey_unavailable, account_disabled,
 * email_not_verified; 429 rate_limited.
 */
void
handle_passkey_login(struct app *app, struct request *req, struct reply *r)
{
	struct pk_login_input	 in;
	struct input_errors	 e;
	struct pk_signin	*s;
	enum passkey_verdict	 v;

	input_errors_init(&e);
	if (pk_login_read(req, &e, &in) == -1) {
		reply_input_errors(r, &e);
		return;
	}
	if (!passkey_available(&app->cfg)) {
		reply_error(r, RC_PASSKEY_UNAVAILABLE, NULL);
		return;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		app_internal(app, r, "passkey login: out of memory");
		return;
	}
	v = passkey_of_webauthn(webauthn_read(req->fields, 1, &s->resp));
	s->purpose = WA_PURPOSE_SIGNIN;
	if (v == PASSKEY_OK)
		v = passkey_challenge_take(app->db, &s->resp, &s->purpose,
		    s->ch, &s->ch_user, &s->ch_pending);
	/* a second factor's challenge completes only its sign-in */
	if (v == PASSKEY_OK && in.token == NULL && s->ch_pending > 0)
		v = PASSKEY_CHALLENGE;
	if (v == PASSKEY_OK) {
		if (db_begin(app->db) == -1 ||
		    pk_login(app, req, r, s, &in) == -1)
			v = PASSKEY_ERROR;
	} else if (v != PASSKEY_ERROR)
		result_passkey_refused(r, (int)v);
	if (v == PASSKEY_ERROR) {
		db_rollback(app->db);
		app_db_failed(app, r, "passkey login");
	}
	webauthn_response_free(&s->resp);
	sodium_memzero(s, sizeof(*s));
	free(s);
}
