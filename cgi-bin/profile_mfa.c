/*
 * profile_mfa: the signed-in user's second factor.  Starting an
 * enrolment and replacing the recovery codes need the password again;
 * removing the factor needs the password and a current code (or a
 * recovery code), so a stolen access token alone can do none of them.
 * Wrong passwords and codes count under the login throttle.
 */
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "audit.h"
#include "db.h"
#include "http.h"
#include "input.h"
#include "log.h"
#include "mfa.h"
#include "msg.h"
#include "profile.h"
#include "reply.h"
#include "result.h"
#include "sessions.h"
#include "users.h"

/* Whether "s" is all digits (a TOTP code rather than a recovery code). */
static int
all_digits(const char *s)
{

	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* The answer to a verdict other than MFA_OK. */
static void
answer_verdict(struct app *app, struct reply *r, enum mfa_verdict v,
    const char *what)
{

	db_rollback(app->db);
	switch (v) {
	case MFA_WRONG:
	case MFA_REPLAY:
		reply_error(r, RC_INVALID_CODE, msg_text(MSG_MFA_CODE_WRONG));
		break;
	case MFA_NONE:
		reply_error(r, app->who.user.mfa_totp ?
		    RC_MFA_ALREADY_ENABLED : RC_MFA_NOT_ENABLED, NULL);
		break;
	default:
		if (!app->cfg.mfa_has_key)
			reply_error(r, RC_MFA_UNAVAILABLE, NULL);
		else
			app_db_failed(app, r, what);
		break;
	}
}

/* {recovery_codes: [...]} of "c", or NULL (out of memory). */
static struct json_object *
codes_data(const struct mfa_codes *c)
{
	struct json_object	*d, *a;
	size_t			 i;

	if ((d = result_object()) == NULL)
		return NULL;
	if ((a = json_object_new_array()) == NULL ||
	    result_add(d, KEY_RECOVERY_CODES, a) == -1) {
		result_drop(d);
		return NULL;
	}
	for (i = 0; i < MFA_RECOVERY_CODES; i++)
		if (json_object_array_add(a,
		    json_object_new_string(c->code[i])) != 0) {
			result_drop(d);
			return NULL;
		}
	return d;
}

/* Answer 200 "m" with the codes, wiping them. */
static void
answer_codes(struct app *app, struct reply *r, enum msg m,
    struct mfa_codes *c)
{
	struct json_object	*d;

	d = codes_data(c);
	mfa_codes_wipe(c);
	if (d == NULL) {
		app_internal(app, r, "mfa: out of memory");
		return;
	}
	reply_ok(r, 200, m, d);
}

/*
 * POST /api/v1/profile/mfa/totp {password}: 200 {secret, otpauth_uri,
 * qr_svg}, a new unconfirmed secret replacing an earlier unconfirmed
 * one.  400 validation_failed; 401 invalid_credentials; 403
 * mfa_unavailable ([mfa] enabled = no, or no key); 409
 * mfa_already_enabled.
 */
void
handle_mfa_start(struct app *app, struct request *req, struct reply *r)
{
	struct user		 u;
	struct input_errors	 e;
	struct mfa_enrolment	 en;
	struct json_object	*d;
	enum mfa_start		 rc;
	const char		*pw = NULL;

	input_errors_init(&e);
	(void)input_string(req->fields, FIELD_PASSWORD, 1, &e, &pw);
	if (!input_errors_any(&e) && !mfa_available(&app->cfg)) {
		reply_error(r, RC_MFA_UNAVAILABLE, NULL);
		return;
	}
	if (profile_reauth(app, req, r, &e, &u, pw, "mfa_start_failed") != 1)
		return;
	if (u.mfa_totp) {
		reply_error(r, RC_MFA_ALREADY_ENABLED, NULL);
		return;
	}
	if (db_begin(app->db) == -1) {
		app_db_failed(app, r, "mfa start");
		return;
	}
	if ((rc = mfa_start_totp(app->db, &app->cfg, &u, &en)) !=
	    MFA_START_OK || db_commit(app->db) == -1) {
		db_rollback(app->db);
		if (rc == MFA_START_ACTIVE)
			reply_error(r, RC_MFA_ALREADY_ENABLED, NULL);
		else
			app_db_failed(app, r, "mfa start");
		if (rc == MFA_START_OK)
			mfa_enrolment_wipe(&en);
		return;
	}
	if ((d = result_object()) == NULL ||
	    result_str(d, KEY_SECRET, en.secret) == -1 ||
	    result_str(d, KEY_OTPAUTH_URI, en.uri) == -1 ||
	    result_str(d, KEY_QR_SVG, en.qr_svg) == -1) {
		result_drop(d);
		mfa_enrolment_wipe(&en);
		app_internal(app, r, "mfa start: out of memory");
		return;
	}
	mfa_enrolment_wipe(&en);
	reply_ok(r, 200, MSG_MFA_STARTED, d);
}

/* The "code" field: 1 with it in "*code", else 0 with the reply set. */
static int
code_field(struct request *req, struct reply *r, int digits,
    const char **code)
{
	struct input_errors	 e;

	input_errors_init(&e);
	*code = NULL;
	if (input_string(req->fields, FIELD_CODE, 1, &e, code) == 1 &&
	    digits && !all_digits(*code))
		input_error(&e, FIELD_CODE, msg_text(MSG_CODE_DIGITS), NULL);
	if (input_errors_any(&e)) {
		reply_input_errors(r, &e);
		return 0;
	}
	return 1;
}

/*
 * POST /api/v1/profile/mfa/totp/confirm {code}: 200 {recovery_codes}
 * (ten, shown this once); the factor is on from now.  400
 * validation_failed, invalid_code (wrong, or the step was used); 409
 * mfa_not_enabled (nothing started), mfa_already_enabled.
 */
void
handle_mfa_confirm(struct app *app, struct request *req, struct reply *r)
{
	const struct user	*u = &app->who.user;
	struct mfa_codes	 c;
	enum mfa_verdict	 v;
	const char		*code;

	if (!code_field(req, r, 1, &code))
		return;
	if (db_begin(app->db) == -1) {
		app_db_failed(app, r, "mfa confirm");
		return;
	}
	v = mfa_confirm_totp(app->db, &app->cfg, u->id, code, app->now, &c);
	if (v != MFA_OK) {
		answer_verdict(app, r, v, "mfa confirm");
		return;
	}
	if (mfa_notice(app->db, &app->cfg, u, MFA_NOTICE_ENABLED, 0) == -1 ||
	    audit_add(app->db, u->id, "mfa_enabled", req->addr,
	    req->user_agent) == -1 || db_commit(app->db) == -1) {
		mfa_codes_wipe(&c);
		db_rollback(app->db);
		app_db_failed(app, r, "mfa confirm");
		return;
	}
	log_info("user %lld: TOTP factor enabled", (long long)u->id);
	answer_codes(app, r, MSG_MFA_ENABLED, &c);
}

/* The factor's proof for removal: a TOTP code, or a recovery code. */
static enum mfa_verdict
check_code(struct app *app, const struct user *u, const char *code)
{

	if (all_digits(code))
		return mfa_check_totp(app->db, &app->cfg, u->id, code,
		    app->now);
	return mfa_use_recovery(app->db, &app->cfg, u->id, code, NULL);
}

/*
 * DELETE /api/v1/profile/mfa/totp {password, code}: 200; the factor,
 * its recovery codes and (through the sessions) the trusted devices
 * go, and every other session of the account ends.  400
 * validation_failed, invalid_code; 401 invalid_credentials; 409
 * mfa_not_enabled.
 */
void
handle_mfa_delete(struct app *app, struct request *req, struct reply *r)
{
	struct user		 u;
	struct input_errors	 e;
	enum mfa_verdict	 v;
	const char		*pw = NULL, *code = NULL;

	input_errors_init(&e);
	(void)input_string(req->fields, FIELD_PASSWORD, 1, &e, &pw);
	(void)input_string(req->fields, FIELD_CODE, 1, &e, &code);
	if (profile_reauth(app, req, r, &e, &u, pw,
	    "mfa_disable_failed") != 1)
		return;
	if (!u.mfa_totp) {
		reply_error(r, RC_MFA_NOT_ENABLED, NULL);
		return;
	}
	if (db_begin(app->db) == -1) {
		app_db_failed(app, r, "mfa delete");
		return;
	}
	if ((v = check_code(app, &u, code)) != MFA_OK) {
		/* answered (and rolled back) first: the count must stay */
		answer_verdict(app, r, v, "mfa delete");
		if (v == MFA_WRONG || v == MFA_REPLAY)
			(void)profile_guess_failed(app, req, r, &u,
			    "mfa_disable_failed");
		return;
	}
	if (mfa_remove(app->db, u.id) == -1 ||
	    sessions_revoke_except(app->db, u.id, app->who.session_id,
	    "mfa_disabled") == -1 ||
	    mfa_notice(app->db, &app->cfg, &u, MFA_NOTICE_DISABLED, 0) == -1 ||
	    audit_add(app->db, u.id, "mfa_disabled", req->addr,
	    req->user_agent) == -1 || db_commit(app->db) == -1) {
		db_rollback(app->db);
		app_db_failed(app, r, "mfa delete");
		return;
	}
	log_info("user %lld: TOTP factor removed", (long long)u.id);
	reply_ok(r, 200, MSG_MFA_DISABLED, NULL);
}

/*
 * POST /api/v1/profile/mfa/recovery-codes {password}: 200
 * {recovery_codes}, a new set of ten; the old codes stop working.  400
 * validation_failed; 401 invalid_credentials; 409 mfa_not_enabled.
 */
void
handle_mfa_recovery(struct app *app, struct request *req, struct reply *r)
{
	struct user		 u;
	struct input_errors	 e;
	struct mfa_codes	 c;
	enum mfa_verdict	 v;
	const char		*pw = NULL;

	input_errors_init(&e);
	(void)input_string(req->fields, FIELD_PASSWORD, 1, &e, &pw);
	if (profile_reauth(app, req, r, &e, &u, pw,
	    "mfa_recovery_failed") != 1)
		return;
	if (!u.mfa_totp) {
		reply_error(r, RC_MFA_NOT_ENABLED, NULL);
		return;
	}
	if (db_begin(app->db) == -1) {
		app_db_failed(app, r, "mfa recovery codes");
		return;
	}
	if ((v = mfa_new_recovery(app->db, &app->cfg, u.id, &c)) != MFA_OK) {
		answer_verdict(app, r, v, "mfa recovery codes");
		return;
	}
	if (mfa_notice(app->db, &app->cfg, &u, MFA_NOTICE_RECOVERY_NEW,
	    0) == -1 || audit_add(app->db, u.id, "mfa_recovery_new",
	    req->addr, req->user_agent) == -1 || db_commit(app->db) == -1) {
		mfa_codes_wipe(&c);
		db_rollback(app->db);
		app_db_failed(app, r, "mfa recovery codes");
		return;
	}
	answer_codes(app, r, MSG_MFA_RECOVERY_NEW, &c);
}
