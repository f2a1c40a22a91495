/*
 * verification.fcgi: POST /verify/resend, by verification id or by
 * address, without telling whether an address is registered.
 */
#include <sodium.h>

#include "app.h"
#include "db.h"
#include "http.h"
#include "input.h"
#include "mail.h"
#include "msg.h"
#include "reply.h"
#include "result.h"
#include "throttle.h"
#include "validate.h"
#include "verification.h"
#include "verifications.h"

/* 200/201 {verification_id, expires_in, resend_after}. */
static void
reply_sent(struct app *app, struct reply *r, const struct verif_secrets *sec)
{
	struct json_object	*d;

	if ((d = result_object()) == NULL ||
	    result_str(d, KEY_VERIFICATION_ID, sec->public_id) == -1 ||
	    result_int(d, KEY_EXPIRES_IN, app->cfg.code_ttl) == -1 ||
	    result_int(d, KEY_RESEND_AFTER, app->cfg.resend_cooldown) == -1) {
		result_drop(d);
		app_internal(app, r, "resend: out of memory");
		return;
	}
	reply_ok(r, 200, MSG_CODE_SENT, d);
}

/* ------------------------------------------------------------------ */
/* POST /verify/resend                                                */
/* ------------------------------------------------------------------ */

/*
 * Seconds until "user_id" may get another "purpose" mail (0: now),
 * from its newest verification.  -1 on a database error.
 */
static long long
resend_wait(struct app *app, int64_t user_id, enum verif_purpose purpose)
{
	struct verif	 latest;
	int		 rc;

	if ((rc = verif_latest(app->db, user_id, purpose, &latest)) != 1)
		return rc;	/* -1 error, 0 none: no wait */
	if (latest.age < 0)
		latest.age = 0;
	if (latest.age >= (long long)app->cfg.resend_cooldown)
		return 0;
	return (long long)app->cfg.resend_cooldown - latest.age;
}

/*
 * Whether "v" may be resent, inside the open transaction: only the
 * newest open verification of its account and purpose (not one that
 * was used, has expired or was replaced, retired by a password reset
 * and the like), and only while it still means something: a
 * confirmation while the account is pending and at the address it was
 * sent to, an email change while the account is active.  1 yes; 0 no
 * (rolled back, 410 set); -1 database error.
 */
static int
resend_allowed(struct app *app, struct reply *r, const struct verif *v)
{
	struct user	 u;
	int		 rc;

	if (!v->consumed && !v->expired && v->expires_in > 0) {
		if ((rc = verif_is_latest(app->db, v)) != 1)
			goto no;
		if ((rc = users_by_id(app->db, v->user_id, &u)) != 1)
			goto no;
		rc = v->purpose == VERIF_CONFIRM ?
		    strcmp(u.status, "pending") == 0 &&
		    strcmp(u.email, v->email) == 0 :
		    strcmp(u.status, "active") == 0;
		if (rc)
			return 1;
	}
	rc = 0;
no:
	if (rc == -1)
		return -1;
	db_rollback(app->db);
	reply_gone(r, v);
	return 0;
}

/*
 * Resend by verification id: 200 {verification_id, expires_in,
 * resend_after} with a new code and link (the old ones die); 404;
 * 410 when it cannot be resent (see resend_allowed); 429 rate_limited
 * with Retry-After inside the cooldown.
 */
static void
resend_by_id(struct app *app, struct request *req, struct reply *r,
    const char *id)
{
	struct verif		 v;
	struct verif_secrets	 sec;
	long long		 wait;
	int			 rc;

	(void)req;
	if (db_begin(app->db) == -1 ||
	    (rc = verif_by_public(app->db, id, 1, &v)) == -1)
		goto dberr;
	if (rc == 0 || (v.purpose != VERIF_CONFIRM &&
	    v.purpose != VERIF_EMAIL_CHANGE)) {
		db_rollback(app->db);
		reply_error(r, RC_NOT_FOUND,
		    msg_text(MSG_UNKNOWN_VERIFICATION));
		return;
	}
	if ((rc = resend_allowed(app, r, &v)) != 1) {
		if (rc == -1)
			goto dberr;
		return;
	}
	if ((wait = resend_wait(app, v.user_id, v.purpose)) == -1)
		goto dberr;
	if (wait > 0) {
		db_rollback(app->db);
		reply_retry(r, RC_RATE_LIMITED, (unsigned)wait);
		return;
	}
	if (verif_create(app->db, v.user_id, v.purpose, v.email,
	    app->cfg.code_digits, app->cfg.code_ttl, &sec) == -1 ||
	    mail_verification(app->db, &app->cfg, app->verify_link,
	    v.user_id, v.email, v.purpose, &sec) == -1 ||
	    db_commit(app->db) == -1) {
		sodium_memzero(&sec, sizeof(sec));
		goto dberr;
	}
	reply_sent(app, r, &sec);
	sodium_memzero(&sec, sizeof(sec));
	return;
dberr:
	app_db_failed(app, r, "resend");
}

/*
 * Resend by address: the same 200 whether the address is unknown,
 * already verified, pending or inside the cooldown; a mail is queued
 * only for a pending account outside the cooldown.
 */
static void
resend_by_email(struct app *app, struct request *req, struct reply *r,
    const char *email)
{
	struct user		 u;
	struct verif_secrets	 sec;
	long long		 wait = 1;
	int			 found;

	(void)req;
	memset(&sec, 0, sizeof(sec));
	if (db_begin(app->db) == -1 ||
	    (found = users_by_login(app->db, email, &u)) == -1)
		goto dberr;
	if (found && strcmp(u.status, "pending") == 0 &&
	    (wait = resend_wait(app, u.id, VERIF_CONFIRM)) == -1)
		goto dberr;
	if (found && strcmp(u.status, "pending") == 0 && wait == 0 &&
	    (verif_create(app->db, u.id, VERIF_CONFIRM, u.email,
	    app->cfg.code_digits, app->cfg.code_ttl, &sec) == -1 ||
	    mail_verification(app->db, &app->cfg, app->verify_link,
	    u.id, u.email, VERIF_CONFIRM, &sec) == -1))
		goto dberr;
	sodium_memzero(&sec, sizeof(sec));
	if (db_commit(app->db) == -1)
		goto dberr;
	reply_ok(r, 200, MSG_RESEND_ANY, NULL);
	return;
dberr:
	sodium_memzero(&sec, sizeof(sec));
	app_db_failed(app, r, "resend");
}

/*
 * POST /api/v1/auth/verify/resend: {verification_id} or {email}; see
 * resend_by_id and resend_by_email.  400 validation_failed when
 * neither is given or one is not a string (or not an address).
 */
void
handle_resend(struct app *app, struct request *req, struct reply *r)
{
	struct input_errors	 e;
	const char		*id = NULL, *email = NULL, *why;
	char			 norm[EMAIL_MAX + 1];
	int			 st;

	input_errors_init(&e);
	if ((st = input_string(req->fields, FIELD_VERIFICATION_ID, 0, &e,
	    &id)) == -1)
		goto bad;
	if (st == 1) {
		if (verification_throttle(app, req, r, THROTTLE_FORGOT) == 1)
			resend_by_id(app, req, r, id);
		return;
	}
	if ((st = input_string(req->fields, FIELD_EMAIL, 0, &e, &email)) == -1)
		goto bad;
	if (st == 0) {
		input_error(&e, FIELD_VERIFICATION_ID,
		    msg_text(MSG_ID_OR_EMAIL_REQUIRED), NULL);
		goto bad;
	}
	if ((why = validate_email(email, norm, sizeof(norm))) != NULL) {
		input_error(&e, FIELD_EMAIL, why, email);
		goto bad;
	}
	if (verification_throttle(app, req, r, THROTTLE_FORGOT) == 1)
		resend_by_email(app, req, r, norm);
	return;
bad:
	reply_input_errors(r, &e);
}
