/*
 * verification.fcgi: POST /verify (a code or a link token) and the
 * status of a verification.
 */
#include <stdio.h>
#include <stdlib.h>

#include "app.h"
#include "audit.h"
#include "db.h"
#include "http.h"
#include "input.h"
#include "login.h"
#include "msg.h"
#include "reply.h"
#include "result.h"
#include "throttle.h"
#include "validate.h"
#include "verification.h"
#include "verifications.h"

/* ------------------------------------------------------------------ */
/* replies                                                            */
/* ------------------------------------------------------------------ */

/* 400 invalid_code with data.attempts_left. */
static void
reply_invalid_code(struct reply *r, unsigned left)
{
	struct json_object	*d;

	reply_error(r, RC_INVALID_CODE, NULL);
	if ((d = result_object()) == NULL)
		return;
	result_int(d, KEY_ATTEMPTS_LEFT, left);
	reply_data(r, d);
}

/* 410 for a verification that cannot be used any more. */
void
reply_gone(struct reply *r, const struct verif *v)
{
	reply_error(r, RC_VERIFICATION_EXPIRED, msg_text(v->consumed ?
	    MSG_CODE_USED : MSG_CODE_EXPIRED));
}

/* ------------------------------------------------------------------ */
/* POST /verify and GET /verify/{token}                               */
/* ------------------------------------------------------------------ */

/*
 * Apply a confirmed verification "v" of account "u" inside the open
 * transaction: confirm marks the address verified (and a pending
 * account active); email_change moves the account to the new address
 * if it is still free.  1 done, 0 answered (409 email_taken), -1
 * database error.
 */
static int
verify_apply(struct app *app, struct request *req, struct reply *r,
    const struct verif *v, struct user *u)
{
	int	 rc;

	if (v->purpose == VERIF_EMAIL_CHANGE) {
		if ((rc = users_set_email(app->db, u->id, v->email)) != 1) {
			if (rc == 0) {
				db_rollback(app->db);
				reply_error(r, RC_EMAIL_TAKEN, NULL);
			}
			return rc;
		}
		if (audit_add(app->db, u->id, "email_change", req->addr,
		    req->user_agent) == -1)
			return -1;
	} else if (users_mark_verified(app->db, u->id) == -1)
		return -1;
	if (verif_consume(app->db, v->id) == -1)
		return -1;
	/* a reset mailed to the old address must not outlive the move */
	if (v->purpose == VERIF_EMAIL_CHANGE &&
	    verif_retire_all(app->db, u->id) == -1)
		return -1;
	return users_by_id(app->db, u->id, u) == 1 ? 1 : -1;
}

/* The key of the per-account cap on wrong codes of "v"'s purpose. */
static void
code_cap_key(const struct verif *v, char *out, size_t outsz)
{
	snprintf(out, outsz, "%lld:%s", (long long)v->user_id,
	    verif_purpose_name(v->purpose));
}

/*
 * Whether a code may be tried against "v" at all: the account's wrong
 * codes of this purpose, across every code a resend gave it, are
 * capped ([verification] account_max_failures in its window).  1 yes;
 * 0 no (rolled back, 429 with Retry-After set); -1 database error.
 */
static int
code_cap_ok(struct app *app, struct reply *r, const struct verif *v)
{
	char	 key[64];
	long	 wait;

	code_cap_key(v, key, sizeof(key));
	if ((wait = throttle_check(app->db, &app->cfg, THROTTLE_CODE,
	    key)) <= 0)
		return wait == 0 ? 1 : -1;
	db_rollback(app->db);
	reply_retry(r, RC_RATE_LIMITED, (unsigned)wait);
	return 0;
}

/*
 * Count a wrong code against "v" and the account's cap, and commit
 * that before the answer goes out.  0 or -1.
 */
static int
code_wrong(struct app *app, const struct verif *v)
{
	char	 key[64];

	code_cap_key(v, key, sizeof(key));
	if (verif_add_attempt(app->db, v->id) == -1 ||
	    throttle_hit(app->db, &app->cfg, THROTTLE_CODE, key) == -1 ||
	    db_commit(app->db) == -1)
		return -1;
	return 0;
}

/*
 * Check and use one verification, found by "public_id" + "code" or by
 * link token "link".  With "signin" (POST /verify), a confirmed account
 * is signed in and the reply is the login payload; otherwise (the link
 * opened by a browser, GET) the reply is {email, status}: a link
 * followed by a mail scanner must not make a session.  An email change
 * answers {user} either way.
 */
enum outcome
verify_run(struct app *app, struct request *req, struct reply *r,
    const char *public_id, const char *code, const char *link, int signin,
    int remember)
{
	struct verif		 v;
	struct user		 u;
	struct json_object	*d = NULL;
	struct login_result	 lr;
	const struct login_ctx	 lc = LOGIN_CTX(app, req);
	enum msg		 m;
	unsigned		 max = app->cfg.code_max_attempts;
	int			 rc, signed_in = 0;

	if (db_begin(app->db) == -1)
		goto dberr;
	rc = link != NULL ? verif_by_link(app->db, link, 1, &v) :
	    verif_by_public(app->db, public_id, 1, &v);
	if (rc == -1)
		goto dberr;
	if (rc == 0 || (v.purpose != VERIF_CONFIRM &&
	    v.purpose != VERIF_EMAIL_CHANGE)) {
		db_rollback(app->db);
		reply_error(r, RC_NOT_FOUND,
		    msg_text(MSG_UNKNOWN_CODE_OR_LINK));
		return OUT_INVALID;
	}
	if (verif_state(&v, max) != VERIF_OPEN) {
		db_rollback(app->db);
		reply_gone(r, &v);
		return OUT_EXPIRED;
	}
	if (code != NULL && (rc = code_cap_ok(app, r, &v)) != 1) {
		if (rc == 0)
			return OUT_INVALID;
		goto dberr;
	}
	if (code != NULL && !verif_code_matches(&v, code)) {
		if (code_wrong(app, &v) == -1)
			goto dberr;
		if (v.attempts + 1 >= max) {
			reply_error(r, RC_VERIFICATION_EXPIRED,
			    msg_text(MSG_TOO_MANY_CODES));
			return OUT_EXPIRED;
		}
		reply_invalid_code(r, max - (v.attempts + 1));
		return OUT_INVALID;
	}
	if ((rc = users_by_id(app->db, v.user_id, &u)) != 1)
		goto dberr;
	if (strcmp(u.status, "disabled") == 0) {
		db_rollback(app->db);
		reply_error(r, RC_ACCOUNT_DISABLED, NULL);
		return OUT_INVALID;
	}
	/* a confirmation means something (and signs in) only while pending */
	if (v.purpose == VERIF_CONFIRM && strcmp(u.status, "pending") != 0) {
		db_rollback(app->db);
		reply_error(r, RC_VERIFICATION_EXPIRED,
		    msg_text(MSG_CODE_USED));
		return OUT_EXPIRED;
	}
	if ((rc = verify_apply(app, req, r, &v, &u)) != 1) {
		if (rc == 0)
			return OUT_INVALID;
		goto dberr;
	}
	if (v.purpose == VERIF_EMAIL_CHANGE) {
		/* {user}: the reply's user object is its one member */
		d = result_object();
	} else if (signin) {
		if (login_issue(&lc, &u, remember, "verify", &lr) == -1)
			goto dberr;
		signed_in = 1;
	} else {
		if (audit_add(app->db, u.id, "verify", req->addr,
		    req->user_agent) == -1)
			goto dberr;
		if ((d = result_object()) != NULL &&
		    (result_str(d, KEY_EMAIL, u.email) == -1 ||
		    result_str(d, KEY_STATUS, "verified") == -1)) {
			result_drop(d);
			d = NULL;
		}
	}
	if (!signed_in && d == NULL) {
		db_rollback(app->db);
		app_internal(app, r, "verify: out of memory");
		return OUT_ERROR;
	}
	if (db_commit(app->db) == -1)
		goto dberr;
	m = v.purpose == VERIF_EMAIL_CHANGE ? MSG_EMAIL_CHANGED :
	    MSG_EMAIL_VERIFIED;
	if (signed_in) {
		result_login(r, 200, m, &lr);
		login_result_wipe(&lr);
	} else if (reply_ok(r, 200, m, d) == 0 &&
	    v.purpose == VERIF_EMAIL_CHANGE)
		reply_user(r, &u);
	return OUT_VERIFIED;
dberr:
	result_drop(d);
	if (signed_in)
		login_result_wipe(&lr);
	app_db_failed(app, r, "verify");
	return OUT_ERROR;
}

int
verification_throttle(struct app *app, const struct request *req,
    struct reply *r, enum throttle_rule rule)
{
	long	 wait;

	if ((wait = throttle_take(app->db, &app->cfg, rule, req->addr)) == 0)
		return 1;
	if (wait == -1)
		app_db_failed(app, r, "throttle");
	else
		reply_retry(r, RC_RATE_LIMITED, (unsigned)wait);
	return 0;
}

/* Whether "s" is 1..TOKEN_CODE_MAX decimal digits: 1 or 0. */
static int
code_wellformed(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return i > 0 && i <= TOKEN_CODE_MAX;
}

/*
 * POST /api/v1/auth/verify: {verification_id, code} or {token}.
 * 200 the login payload (email change: {user}); 400 validation_failed
 * or invalid_code with data.attempts_left; 403 account_disabled; 404
 * not_found; 409 email_taken; 410 verification_expired (past expiry,
 * used, or after the last wrong try, which itself answers 410).
 */
void
handle_verify(struct app *app, struct request *req, struct reply *r)
{
	struct input_errors	 e;
	const char		*token = NULL, *id = NULL, *code = NULL;
	int			 st, rc = 0, remember = 0;

	input_errors_init(&e);
	if ((st = input_string(req->fields, FIELD_TOKEN, 0, &e,
	    &token)) == -1)
		rc = -1;
	else if (st == 0) {
		if (input_string(req->fields, FIELD_VERIFICATION_ID, 1, &e,
		    &id) != 1)
			rc = -1;
		if (input_string(req->fields, FIELD_CODE, 1, &e, &code) != 1)
			rc = -1;
		else if (!code_wellformed(code)) {
			input_error(&e, FIELD_CODE, msg_text(MSG_CODE_DIGITS), NULL);
			rc = -1;
		}
	}
	if (st != -1 && input_bool(req->fields, FIELD_REMEMBER, &e,
	    &remember) == -1)
		rc = -1;
	if (rc == -1) {
		reply_input_errors(r, &e);
		return;
	}
	if (verification_throttle(app, req, r, THROTTLE_VERIFY) != 1)
		return;
	(void)verify_run(app, req, r, id, code, token, 1, remember);
}


/* ------------------------------------------------------------------ */
/* GET /verify/status                                                 */
/* ------------------------------------------------------------------ */

/*
 * The verification id of a status request: POST {verification_id}
 * (kept out of access logs), or GET ?id= (the older form, whose id
 * does land in them).  1 with a new string in "*id"; 0 with field
 * errors in "e"; -1 out of memory.
 */
static int
status_id(struct request *req, struct input_errors *e, char **id)
{
	const char	*v = NULL;
	int		 rc;

	*id = NULL;
	if (req->method == HTTP_POST) {
		if (input_string(req->fields, FIELD_VERIFICATION_ID, 1, e,
		    &v) != 1)
			return 0;
		return (*id = strdup(v)) == NULL ? -1 : 1;
	}
	if ((rc = http_query_get(req, input_name(FIELD_ID), id)) != 1) {
		input_error(e, FIELD_ID, rc == 0 ? msg_text(MSG_ID_REQUIRED) :
		    msg_text(MSG_ID_MALFORMED), NULL);
		return 0;
	}
	return 1;
}

/*
 * POST /api/v1/auth/verify/status {verification_id}, or GET
 * /api/v1/auth/verify/status?id=: 200 {email, status: pending,
 * verified or expired, expires_in}; 400 validation_failed; 404
 * not_found.  "expired" covers out of tries and replaced by a resend.
 */
void
handle_status(struct app *app, struct request *req, struct reply *r)
{
	struct verif		 v;
	struct input_errors	 e;
	struct json_object	*d;
	char			*id = NULL;
	const char		*status;
	int			 rc;

	input_errors_init(&e);
	if ((rc = status_id(req, &e, &id)) != 1) {
		if (rc == -1)
			reply_error(r, RC_INTERNAL_ERROR, NULL);
		else
			reply_input_errors(r, &e);
		return;
	}
	rc = verif_by_public(app->db, id, 0, &v);
	free(id);
	if (rc == -1) {
		app_db_failed(app, r, "verify status");
		return;
	}
	if (rc == 0 || (v.purpose != VERIF_CONFIRM &&
	    v.purpose != VERIF_EMAIL_CHANGE)) {
		reply_error(r, RC_NOT_FOUND, msg_text(MSG_UNKNOWN_VERIFICATION));
		return;
	}
	switch (verif_state(&v, app->cfg.code_max_attempts)) {
	case VERIF_USED:
		status = "verified";
		break;
	case VERIF_DEAD:
		status = "expired";
		break;
	default:
		status = "pending";
		break;
	}
	if ((d = result_object()) == NULL ||
	    result_str(d, KEY_EMAIL, v.email) == -1 ||
	    result_str(d, KEY_STATUS, status) == -1 ||
	    result_int(d, KEY_EXPIRES_IN,
	    strcmp(status, "pending") == 0 ? v.expires_in : 0) == -1) {
		result_drop(d);
		app_internal(app, r, "verify status: out of memory");
		return;
	}
	reply_ok(r, 200, MSG_NONE, d);
}
