/*
 * auth.fcgi: POST /mfa/verify, the second step of a two-factor
 * sign-in: the mfa_token of the pending sign-in and a TOTP code or a
 * recovery code, checked against the per-token tries and the account's
 * login throttle, and a session issued (and, when asked, the device
 * trusted).
 */
#include <string.h>

#include <sodium.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "http.h"
#include "input.h"
#include "login.h"
#include "mfa_pending.h"
#include "mfa_signin.h"
#include "msg.h"
#include "reply.h"
#include "result.h"
#include "throttle.h"
#include "users.h"

/* What a verify request sends. */
struct mfa_input {
	const char	*token;
	const char	*code;		/* or NULL */
	const char	*recovery;	/* or NULL */
	int		 remember_device;
};

/* Read the fields: exactly one of code and recovery_code.  0 or -1. */
static int
mfa_input_read(struct request *req, struct input_errors *e,
    struct mfa_input *in)
{
	int	 rc = 0, hc, hr;

	memset(in, 0, sizeof(*in));
	if (input_string(req->fields, FIELD_MFA_TOKEN, 1, e,
	    &in->token) != 1)
		rc = -1;
	if ((hc = input_string(req->fields, FIELD_CODE, 0, e,
	    &in->code)) == -1 ||
	    (hr = input_string(req->fields, FIELD_RECOVERY_CODE, 0, e,
	    &in->recovery)) == -1)
		return -1;
	if (hc == 1 && in->code[0] == '\0')
		hc = 0, in->code = NULL;
	if (hr == 1 && in->recovery[0] == '\0')
		hr = 0, in->recovery = NULL;
	if (hc == 1 && hr == 1) {
		input_error(e, FIELD_CODE, msg_text(MSG_MFA_ONE_OF), NULL);
		rc = -1;
	} else if (hc != 1 && hr != 1) {
		input_error(e, FIELD_CODE, msg_text(MSG_MFA_CODE_OR_RECOVERY),
		    NULL);
		rc = -1;
	}
	if (input_bool(req->fields, FIELD_REMEMBER_DEVICE, e,
	    &in->remember_device) == -1)
		rc = -1;
	return rc;
}

/* 401 mfa_invalid_code with data.attempts_left, "m" its message. */
static void
reply_mfa_wrong(struct reply *r, enum msg m, unsigned left)
{
	struct json_object	*d;

	reply_error(r, RC_MFA_INVALID_CODE, msg_text(m));
	if ((d = result_object()) == NULL)
		return;
	result_int(d, KEY_ATTEMPTS_LEFT, left);
	reply_data(r, d);
}

/*
 * Count a wrong code against pending sign-in "p" and, as a wrong
 * password, under the account's login rules (key "key"), and commit
 * that before the answer goes out.  0 or -1.
 */
static int
mfa_wrong(struct app *app, struct request *req, const struct mfa_pending *p,
    const char *key)
{
	if (mfa_pending_try(app->db, p->id) == -1 ||
	    throttle_login_failed(app->db, &app->cfg, key, req->addr) == -1 ||
	    audit_add(app->db, p->user_id, "mfa_failed", req->addr,
	    req->user_agent) == -1 ||
	    db_commit(app->db) == -1)
		return -1;
	return 0;
}

/*
 * Sign in "u" after a right code, inside the open transaction: the
 * pending sign-in used, the throttle cleared, the session and (with
 * remember_device, unless [mfa] trusted_device_ttl is 0) the trusted
 * device, committed, and the reply set.  A recovery code used is
 * audited and mailed ("left" of them remain).  0, or -1 (a database
 * error, not answered yet).
 */
static int
mfa_sign_in(struct app *app, struct request *req, struct reply *r,
    const struct mfa_pending *p, const struct mfa_input *in,
    const struct user *u, const char *key, int counted, int left)
{
	struct login_result	 lr;
	const struct login_ctx	 lc = LOGIN_CTX(app, req);
	char			 dev[TOKEN_STRLEN + 1];
	int			 rc = -1;

	memset(&lr, 0, sizeof(lr));
	dev[0] = '\0';
	if (mfa_pending_use(app->db, p->id) == -1 ||
	    (counted && throttle_login_ok(app->db, key, req->addr) == -1) ||
	    (in->recovery != NULL && (audit_add(app->db, u->id,
	    "mfa_recovery_used", req->addr, req->user_agent) == -1 ||
	    mfa_notice_recovery_used(app->db, &app->cfg, u, left) == -1)) ||
	    login_issue(&lc, u, p->remember, "login", &lr) == -1 ||
	    (in->remember_device && mfa_signin_trust(app->db, &app->cfg,
	    u->id, req->addr, req->user_agent, dev) == -1) ||
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
 * The pending sign-in of "in", locked, and its account, still allowed
 * to sign in: 1 found; 0 answered (401 mfa_token_invalid, 403, 429;
 * rolled back); -1 database error (not answered).
 */
static int
mfa_pending_find(struct app *app, struct request *req, struct reply *r,
    const struct mfa_input *in, struct mfa_pending *p, struct user *u,
    char *key, int *counted)
{
	unsigned char	 digest[TOKEN_DIGEST];
	long		 wait;
	int		 rc;

	token_digest(in->token, strlen(in->token), digest);
	if ((rc = mfa_pending_lock(app->db, digest, p)) == -1)
		return -1;
	if (rc == 0 || p->used || p->expired ||
	    p->tries >= MFA_SIGNIN_TRIES) {
		db_rollback(app->db);
		reply_error(r, RC_MFA_TOKEN_INVALID, NULL);
		return 0;
	}
	if ((rc = users_by_id(app->db, p->user_id, u)) == -1)
		return -1;
	if (rc == 0 || strcmp(u->status, "active") != 0) {
		db_rollback(app->db);
		if (rc == 1 && strcmp(u->status, "disabled") == 0)
			reply_error(r, RC_ACCOUNT_DISABLED, NULL);
		else
			reply_error(r, RC_MFA_TOKEN_INVALID, NULL);
		return 0;
	}
	throttle_login_key(u->id, u->email, key);
	if ((wait = throttle_login_check(app->db, &app->cfg, key, req->addr,
	    counted)) == -1)
		return -1;
	if (wait > 0) {
		db_rollback(app->db);
		reply_retry(r, RC_RATE_LIMITED, (unsigned)wait);
		return 0;
	}
	return 1;
}

/*
 * POST /api/v1/auth/mfa/verify: 200 with the login payload (and the
 * device token with remember_device); 400 validation_failed; 401
 * mfa_invalid_code with data.attempts_left (a wrong or replayed code),
 * 401 mfa_token_invalid (unknown, expired, used, or dead after five
 * wrong codes); 403 account_disabled, or mfa_unavailable without an
 * [mfa] key; 429 rate_limited.
 */
void
handle_mfa_verify(struct app *app, struct request *req, struct reply *r)
{
	struct mfa_input	 in;
	struct input_errors	 e;
	struct mfa_pending	 p;
	struct user		 u;
	char			 key[THROTTLE_KEY_MAX];
	enum mfa_verdict	 v;
	int			 counted = 0, left, rc;

	input_errors_init(&e);
	if (mfa_input_read(req, &e, &in) == -1) {
		reply_input_errors(r, &e);
		return;
	}
	if (db_begin(app->db) == -1 ||
	    (rc = mfa_pending_find(app, req, r, &in, &p, &u, key,
	    &counted)) == -1)
		goto dberr;
	if (rc == 0)
		return;
	v = mfa_signin_check(app->db, &app->cfg, u.id, in.code, in.recovery,
	    app->now, &left);
	/* no recovery codes left: that code is as wrong as any other */
	if (v == MFA_NONE && in.recovery != NULL && u.mfa_totp)
		v = MFA_WRONG;
	switch (v) {
	case MFA_OK:
		if (mfa_sign_in(app, req, r, &p, &in, &u, key, counted,
		    left) == -1)
			goto dberr;
		return;
	case MFA_WRONG:
	case MFA_REPLAY:
		if (mfa_wrong(app, req, &p, key) == -1)
			goto dberr;
		reply_mfa_wrong(r, v == MFA_REPLAY ? MSG_MFA_CODE_REPLAYED :
		    in.recovery != NULL ? MSG_MFA_RECOVERY_WRONG : MSG_NONE,
		    MFA_SIGNIN_TRIES - p.tries - 1);
		return;
	case MFA_NONE:
		/* the factor went meanwhile (removed, reset): sign in again */
		db_rollback(app->db);
		reply_error(r, RC_MFA_TOKEN_INVALID, NULL);
		return;
	case MFA_ERROR:
		/* no [mfa] key: the factor cannot be checked; fail closed */
		if (!app->cfg.mfa_has_key) {
			db_rollback(app->db);
			reply_error(r, RC_MFA_UNAVAILABLE, NULL);
			return;
		}
		break;
	}
dberr:
	app_db_failed(app, r, "mfa verify");
}
