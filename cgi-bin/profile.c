/*
 * profile.fcgi: the signed-in user's own account.  Every route needs a
 * bearer token (app->who); the account is always the token's, never
 * one named in the request.
 *
 * Changes that need proof of the password (password, email, deletion)
 * check it again here, whatever the token says (ASVS 6.2.3, 7.5.1).
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>
#include <sodium.h>

#include "app.h"
#include "audit.h"
#include "db.h"
#include "fields.h"
#include "http.h"
#include "input.h"
#include "log.h"
#include "mail.h"
#include "msg.h"
#include "passwd.h"
#include "profile.h"
#include "reply.h"
#include "result.h"
#include "sessions.h"
#include "throttle.h"
#include "users.h"
#include "validate.h"
#include "verifications.h"

static void	 handle_get(struct app *, struct request *, struct reply *);
static void	 handle_patch(struct app *, struct request *, struct reply *);
static void	 handle_delete(struct app *, struct request *, struct reply *);
static void	 handle_password(struct app *, struct request *, struct reply *);
static void	 handle_email(struct app *, struct request *, struct reply *);

/* What profile.fcgi serves; the paths are in common/web/paths.c. */
static const struct route routes[] = {
	{ OP_PROFILE_GET, handle_get },
	{ OP_PROFILE_PATCH, handle_patch },
	{ OP_PROFILE_DELETE, handle_delete },
	{ OP_PROFILE_PASSWORD, handle_password },
	{ OP_PROFILE_EMAIL, handle_email },
	{ OP_MFA_TOTP_START, handle_mfa_start },
	{ OP_MFA_TOTP_CONFIRM, handle_mfa_confirm },
	{ OP_MFA_TOTP_DELETE, handle_mfa_delete },
	{ OP_MFA_RECOVERY, handle_mfa_recovery },
	{ OP_PASSKEY_REGISTER_OPTIONS, handle_passkey_register_options },
	{ OP_PASSKEY_REGISTER, handle_passkey_register },
	{ OP_PASSKEYS, handle_passkeys },
	{ OP_PASSKEY_RENAME, handle_passkey_rename },
	{ OP_PASSKEY_DELETE, handle_passkey_delete },
};

/* PATCH copies profile fields into users_update_profile's columns. */
_Static_assert(PF__MAX == USER_UPDATE_FIELDS && PF_USERNAME == 0 &&
    PF_CONTACTS == USER_UPDATE_FIELDS - 1, "profile fields and columns");

/*
 * Load the signed-in account into "u": as the guard read it in this
 * request's one query, or (with "reread", after a change) from the
 * database.  1 found; 0 gone (404 set); -1 database error (reply set).
 */
static int
profile_load(struct app *app, struct reply *r, struct user *u, int reread)
{
	int	 rc;

	if (!reread) {
		*u = app->who.user;
		return 1;
	}
	if ((rc = users_by_id(app->db, app->who.user_id, u)) == -1)
		app_db_failed(app, r, "profile");
	else if (rc == 0)
		reply_error(r, RC_NOT_FOUND, NULL);
	return rc;
}

/*
 * Check "pw" against the account's hash, under the login throttle of
 * the account and the client's address.  1 good; 0 wrong (401
 * invalid_credentials set, "event" audited when not NULL) or throttled
 * (429); -1 database error (reply set).
 */
static int
profile_password_ok(struct app *app, struct request *req, struct reply *r,
    const struct user *u, const char *pw, const char *event)
{
	char	 key[THROTTLE_KEY_MAX];
	long	 wait;

	/* a guess here counts like a failed login: same counters */
	throttle_login_key(u->id, u->email, key);
	if ((wait = throttle_login_check(app->db, &app->cfg, key,
	    req->addr, NULL)) == -1) {
		app_db_failed(app, r, "profile");
		return -1;
	}
	if (wait > 0) {
		reply_retry(r, RC_RATE_LIMITED, (unsigned)wait);
		return 0;
	}
	if (passwd_verify(pw, u->password_hash) == 1)
		return 1;
	if (profile_guess_failed(app, req, r, u, event) == -1)
		return -1;
	reply_error(r, RC_INVALID_CREDENTIALS, NULL);
	return 0;
}

int
profile_guess_failed(struct app *app, struct request *req, struct reply *r,
    const struct user *u, const char *event)
{
	char	 key[THROTTLE_KEY_MAX];

	throttle_login_key(u->id, u->email, key);
	if (throttle_login_failed(app->db, &app->cfg, key,
	    req->addr) == -1 || (event != NULL &&
	    audit_add(app->db, u->id, event, req->addr, req->user_agent) == -1)) {
		app_db_failed(app, r, "profile");
		return -1;
	}
	return 0;
}

/* See profile.h. */
int
profile_reauth(struct app *app, struct request *req, struct reply *r,
    const struct input_errors *e, struct user *u, const char *pw,
    const char *event)
{
	int	 rc;

	if (input_errors_any(e)) {
		reply_input_errors(r, e);
		return 0;
	}
	if ((rc = profile_load(app, r, u, 0)) != 1)
		return rc;
	return profile_password_ok(app, req, r, u, pw, event);
}

/*
 * Answer 200 with the signed-in account's user object, written by the
 * renderer straight from the struct (GET /profile is the hot path: the
 * guard's copy is referred to, not copied, and no json-c objects are
 * built to be printed).
 */
static void
answer_user(struct app *app, struct reply *r, enum msg m, int reread)
{
	struct user	 fresh;

	if (reread && profile_load(app, r, &fresh, 1) != 1)
		return;
	if (reply_ok(r, 200, m, NULL) == -1) {
		log_err("profile: out of memory");
		return;
	}
	if (!reread)
		reply_user_ref(r, &app->who.user);	/* no 11 KiB copy */
	else if (reply_user(r, &fresh) == -1)
		log_err("profile: out of memory");
}

/* GET /api/v1/profile: 200 with the user object of API.md. */
static void
handle_get(struct app *app, struct request *req, struct reply *r)
{
	(void)req;
	answer_user(app, r, MSG_NONE, 0);
}

/*
 * PATCH /api/v1/profile: 200 with the updated user object; 400
 * validation_failed (then nothing at all changed; email, password,
 * role, id and every unknown field are errors); 409 username_taken.
 */
static void
handle_patch(struct app *app, struct request *req, struct reply *r)
{
	struct profile_input	 in;
	struct input_errors	 e;
	struct user_update	 up;
	int			 f, any = 0, bad = 0, rc;

	/* both checks run, so every field error is reported at once */
	input_errors_init(&e);
	if (fields_allowlist(req->fields, NULL, 0, 1, &e) == -1)
		bad = 1;
	if (fields_profile(req->fields, &app->cfg, app->now, &e, &in) == -1)
		bad = 1;
	if (app->cfg.username_required &&
	    in.given[PF_USERNAME] == FIELD_CLEARED) {
		input_error(&e, FIELD_USERNAME, msg_text(MSG_USERNAME_REQUIRED), NULL);
		bad = 1;
	}
	if (bad) {
		reply_input_errors(r, &e);
		return;
	}

	memset(&up, 0, sizeof(up));
	for (f = 0; f < PF__MAX && f < USER_UPDATE_FIELDS; f++) {
		if (in.given[f] == FIELD_NOT_GIVEN)
			continue;
		up.set[f] = 1;
		up.value[f] = in.given[f] == FIELD_GIVEN ? in.value[f] : NULL;
		any = 1;
	}
	if (!any) {
		answer_user(app, r, MSG_NOTHING_TO_CHANGE, 0);
		return;
	}
	if ((rc = users_update_profile(app->db, app->who.user_id, &up)) == -1) {
		app_db_failed(app, r, "profile update");
		return;
	}
	if (rc == 0) {
		reply_error(r, RC_USERNAME_TAKEN, NULL);
		return;
	}
	answer_user(app, r, MSG_PROFILE_UPDATED, 1);
}

/*
 * POST /api/v1/profile/password {current_password, new_password}: 200;
 * every other session of the account is revoked, this one kept, every
 * open verification (email change, reset) ends, and a notice is
 * mailed.  400 validation_failed; 401 invalid_credentials for
 * a wrong current password (audited as password_change_failed).
 */
static void
handle_password(struct app *app, struct request *req, struct reply *r)
{
	struct user		 u;
	struct input_errors	 e;
	const char		*cur = NULL, *pw = NULL, *why;
	char			 hash[PASSWD_HASH_MAX];

	input_errors_init(&e);
	(void)input_string(req->fields, FIELD_CURRENT_PASSWORD, 1, &e, &cur);
	(void)input_string(req->fields, FIELD_NEW_PASSWORD, 1, &e, &pw);
	if (profile_reauth(app, req, r, &e, &u, cur,
	    "password_change_failed") != 1)
		return;
	if ((why = validate_password(pw, app->cfg.password_min, u.email,
	    u.username[0] != '\0' ? u.username : NULL)) != NULL) {
		reply_input_error(r, FIELD_NEW_PASSWORD, why, NULL);
		return;
	}
	if (passwd_hash(pw, hash, sizeof(hash)) == -1) {
		app_internal(app, r, "password change: cannot hash");
		return;
	}
	if (db_begin(app->db) == -1 ||
	    users_set_password(app->db, u.id, hash) == -1 ||
	    verif_retire_all(app->db, u.id) == -1 ||
	    sessions_revoke_except(app->db, u.id, app->who.session_id,
	    "password_change") == -1 ||
	    mail_enqueue(app->db, &app->cfg, u.id, u.email,
	    MAIL_PASSWORD_CHANGED, NULL, 0) == -1 ||
	    audit_add(app->db, u.id, "password_change", req->addr,
	    req->user_agent) == -1 ||
	    db_commit(app->db) == -1) {
		sodium_memzero(hash, sizeof(hash));
		app_db_failed(app, r, "password change");
		return;
	}
	sodium_memzero(hash, sizeof(hash));
	reply_ok(r, 200, MSG_PASSWORD_CHANGED, NULL);
}

/*
 * Queue the code and link for the new address and the notice for the
 * old one, in the caller's transaction.  The link is built from the
 * configured base URL, never from the request.  0 or -1.
 */
static int
email_mail(struct app *app, const struct user *u, const char *new_email,
    const struct verif_secrets *sec)
{
	struct mail_var	 notice = { "new_email", new_email };

	if (mail_verification(app->db, &app->cfg, app->verify_link, u->id,
	    new_email, VERIF_EMAIL_CHANGE, sec) == -1)
		return -1;
	return mail_enqueue(app->db, &app->cfg, u->id, u->email,
	    MAIL_EMAIL_CHANGED, &notice, 1);
}

/*
 * POST /api/v1/profile/email {new_email, password}: 200
 * {verification_id, expires_in}; the address changes only once the
 * code or link is verified (verification.fcgi), and only if it is
 * still free then.  Every other open verification of the account
 * (an earlier email change, a reset) ends.  400 validation_failed
 * (also for the current address); 401 invalid_credentials; 409
 * email_taken.
 */
static void
handle_email(struct app *app, struct request *req, struct reply *r)
{
	struct user		 u;
	struct verif_secrets	 sec;
	struct input_errors	 e;
	struct json_object	*d;
	const char		*email = NULL, *pw = NULL, *why;
	char			 norm[EMAIL_MAX + 1];
	int			 taken;

	input_errors_init(&e);
	if (input_string(req->fields, FIELD_NEW_EMAIL, 1, &e, &email) == 1 &&
	    (why = validate_email_new(email, app->cfg.email_allow_percent,
	    norm, sizeof(norm))) != NULL)
		input_error(&e, FIELD_NEW_EMAIL, why, email);
	(void)input_string(req->fields, FIELD_PASSWORD, 1, &e, &pw);
	if (profile_reauth(app, req, r, &e, &u, pw,
	    "email_change_failed") != 1)
		return;
	if (strcmp(norm, u.email) == 0) {
		reply_input_error(r, FIELD_NEW_EMAIL,
		    msg_text(MSG_SAME_EMAIL), email);
		return;
	}
	if ((taken = users_taken(app->db, norm, NULL, u.id)) == -1) {
		app_db_failed(app, r, "email change");
		return;
	}
	if (taken == USERS_EMAIL_TAKEN) {
		reply_error(r, RC_EMAIL_TAKEN, NULL);
		return;
	}
	if (db_begin(app->db) == -1 ||
	    verif_retire_all(app->db, u.id) == -1 ||
	    verif_create(app->db, u.id, VERIF_EMAIL_CHANGE, norm,
	    app->cfg.code_digits, app->cfg.code_ttl, &sec) == -1 ||
	    email_mail(app, &u, norm, &sec) == -1 ||
	    audit_add(app->db, u.id, "email_change_request", req->addr,
	    req->user_agent) == -1) {
		sodium_memzero(&sec, sizeof(sec));
		app_db_failed(app, r, "email change");
		return;
	}
	/* the reply first: it is stored with the commit (once.h) */
	if ((d = result_object()) == NULL ||
	    result_str(d, KEY_VERIFICATION_ID, sec.public_id) == -1 ||
	    result_int(d, KEY_EXPIRES_IN, app->cfg.code_ttl) == -1) {
		result_drop(d);
		sodium_memzero(&sec, sizeof(sec));
		app_internal(app, r, "email change: out of memory");
		return;
	}
	sodium_memzero(&sec, sizeof(sec));
	reply_ok(r, 200, MSG_CODE_SENT_NEW_ADDRESS, d);
	if (app_commit(app, req, r) == -1) {
		reply_free(r);
		app_db_failed(app, r, "email change");
	}
}

/*
 * DELETE /api/v1/profile {password}: 200; in one transaction the
 * account goes with its sessions, verifications and queued mail, and
 * its audit rows keep only their event and time.  400
 * validation_failed; 401 invalid_credentials.
 */
static void
handle_delete(struct app *app, struct request *req, struct reply *r)
{
	struct user		 u;
	struct input_errors	 e;
	const char		*pw = NULL;

	input_errors_init(&e);
	(void)input_string(req->fields, FIELD_PASSWORD, 1, &e, &pw);
	if (profile_reauth(app, req, r, &e, &u, pw,
	    "account_delete_failed") != 1)
		return;
	if (db_begin(app->db) == -1 ||
	    audit_forget_user(app->db, u.id) == -1 ||
	    users_delete(app->db, u.id) == -1 ||
	    audit_add(app->db, 0, "account_deleted", NULL, NULL) == -1) {
		app_db_failed(app, r, "account deletion");
		return;
	}
	reply_ok(r, 200, MSG_ACCOUNT_DELETED, NULL);
	if (app_commit(app, req, r) == -1) {
		reply_free(r);
		app_db_failed(app, r, "account deletion");
		return;
	}
	log_info("user %lld: account deleted", (long long)u.id);
}

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "profile", routes,
	    sizeof(routes) / sizeof(routes[0]));
}
