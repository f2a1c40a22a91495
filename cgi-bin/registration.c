/*
 * registration.fcgi: POST /api/v1/auth/register.
 *
 * With verification on (the default), the account starts pending with a
 * verification whose code and link are mailed; with it off, the new
 * account is signed in at once.
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
#include "login.h"
#include "mail.h"
#include "msg.h"
#include "passwd.h"
#include "reply.h"
#include "result.h"
#include "throttle.h"
#include "users.h"
#include "validate.h"
#include "verifications.h"

static void	 handle_register(struct app *, struct request *, struct reply *);

/* What registration.fcgi serves; the paths are in common/web/paths.c. */
static const struct route routes[] = {
	{ OP_REGISTER, handle_register },
};

/* The fields a registration may send besides the profile fields. */
static const enum field register_allowed[] = {
	FIELD_EMAIL, FIELD_PASSWORD, FIELD_REMEMBER
};

/* What a registration request asks for, once it passed every rule. */
struct signup {
	char			 email[EMAIL_MAX + 1];
	const char		*password;
	int			 remember;
	struct profile_input	 profile;
};

/*
 * Read and check every field, collecting all field errors at once.
 * The password is read to PASSWD_MAX * 4 bytes, so that a long one is
 * validate_password's to answer.  Returns 0 when the request is good,
 * -1 when "e" holds the errors.
 */
static int
signup_read(struct app *app, struct request *req, struct input_errors *e,
    struct signup *s)
{
	const char	*email = NULL, *why;
	const char	*username;
	int		 rc = 0;

	memset(s, 0, sizeof(*s));
	if (fields_allowlist(req->fields, register_allowed,
	    sizeof(register_allowed) / sizeof(register_allowed[0]), 1,
	    e) == -1)
		rc = -1;
	if (input_string(req->fields, FIELD_EMAIL, 1, e, &email) == 1 &&
	    (why = validate_email_new(email, app->cfg.email_allow_percent,
	    s->email, sizeof(s->email))) != NULL) {
		input_error(e, FIELD_EMAIL, why, email);
		rc = -1;
	} else if (email == NULL)
		rc = -1;
	if (input_string_max(req->fields, FIELD_PASSWORD, 1, PASSWD_MAX * 4,
	    e, &s->password) != 1)
		rc = -1;
	if (fields_profile(req->fields, &app->cfg, app->now, e,
	    &s->profile) == -1)
		rc = -1;
	username = s->profile.given[PF_USERNAME] == FIELD_GIVEN ?
	    s->profile.value[PF_USERNAME] : NULL;
	if (app->cfg.username_required && username == NULL &&
	    !input_errors_any(e)) {
		input_error(e, FIELD_USERNAME, msg_text(MSG_USERNAME_REQUIRED), NULL);
		rc = -1;
	}
	if (s->password != NULL && (why = validate_password(s->password,
	    app->cfg.password_min, email != NULL ? s->email : NULL,
	    username)) != NULL) {
		input_error(e, FIELD_PASSWORD, why, NULL);
		rc = -1;
	}
	if (input_bool(req->fields, FIELD_REMEMBER, e, &s->remember) == -1)
		rc = -1;
	return rc;
}

/* The optional profile value of "f", or NULL. */
static const char *
signup_value(const struct signup *s, enum profile_field f)
{
	return s->profile.given[f] == FIELD_GIVEN ? s->profile.value[f] : NULL;
}

/* 201 for a pending account: where to confirm it. */
static int
reply_pending(struct app *app, struct reply *r, int64_t id,
    const char *email, const struct verif_secrets *sec)
{
	struct json_object	*d;

	if ((d = result_object()) == NULL ||
	    result_int(d, KEY_USER_ID, id) == -1 ||
	    result_str(d, KEY_EMAIL, email) == -1 ||
	    result_str(d, KEY_VERIFICATION_ID, sec->public_id) == -1 ||
	    result_int(d, KEY_EXPIRES_IN, app->cfg.code_ttl) == -1 ||
	    result_int(d, KEY_RESEND_AFTER, app->cfg.resend_cooldown) == -1) {
		result_drop(d);
		return -1;
	}
	return reply_ok(r, 201, MSG_CODE_SENT, d);
}

/*
 * Create the account (and its verification, or its session) in one
 * transaction.  Answers 201, 409 email_taken/username_taken, or an
 * error.
 */
static void
signup_store(struct app *app, struct request *req, struct reply *r,
    const struct signup *s, const char *hash)
{
	struct user_new		 n;
	struct user		 u;
	struct verif_secrets	 sec;
	struct login_result	 lr;
	const struct login_ctx	 lc = LOGIN_CTX(app, req);
	enum users_taken	 taken;
	int64_t			 id;
	int			 rc;

	memset(&n, 0, sizeof(n));
	n.email = s->email;
	n.username = signup_value(s, PF_USERNAME);
	n.password_hash = hash;
	n.status = app->cfg.verification ? "pending" : "active";
	n.full_name = signup_value(s, PF_FULL_NAME);
	n.phone = signup_value(s, PF_PHONE);
	n.birthday = signup_value(s, PF_BIRTHDAY);
	n.bio = signup_value(s, PF_BIO);
	n.profile_picture = signup_value(s, PF_PROFILE_PICTURE);
	n.contacts = signup_value(s, PF_CONTACTS);

	if (db_begin(app->db) == -1 ||
	    (rc = users_insert(app->db, &n, &id, &taken)) == -1)
		goto dberr;
	if (rc == 0) {
		db_rollback(app->db);
		reply_error(r, taken == USERS_USERNAME_TAKEN ?
		    RC_USERNAME_TAKEN : RC_EMAIL_TAKEN, NULL);
		return;
	}
	if (audit_add(app->db, id, "register", req->addr,
	    req->user_agent) == -1)
		goto dberr;
	if (app->cfg.verification) {
		if (verif_create_new(app->db, id, VERIF_CONFIRM, s->email,
		    app->cfg.code_digits, app->cfg.code_ttl, &sec) == -1 ||
		    mail_verification(app->db, &app->cfg,
		    app->verify_link, id, s->email, VERIF_CONFIRM, &sec) == -1)
			goto dberr;
		/* the reply first: it is stored with the commit (once.h) */
		rc = reply_pending(app, r, id, s->email, &sec);
		sodium_memzero(&sec, sizeof(sec));
		if (rc == -1) {
			app_internal(app, r, "register: out of memory");
			return;
		}
		if (app_commit(app, req, r) == -1)
			goto replied;
		return;
	}
	if ((rc = users_by_id(app->db, id, &u)) != 1)
		goto dberr;
	if (login_issue(&lc, &u, s->remember, "login", &lr) == -1) {
		login_result_wipe(&lr);
		goto dberr;
	}
	result_login(r, 201, MSG_REGISTERED, &lr);
	login_result_wipe(&lr);
	if (app_commit(app, req, r) == -1)
		goto replied;
	return;
replied:
	reply_free(r);
dberr:
	app_db_failed(app, r, "register");
}

/*
 * POST /api/v1/auth/register: 201 with the verification (or the login
 * payload), 400 validation_failed, 409 email_taken or username_taken,
 * 429 rate_limited.  Every request counts against the per-address
 * cap before its fields are read, invalid ones too: validation is
 * work an address must not get for free.
 */
static void
handle_register(struct app *app, struct request *req, struct reply *r)
{
	struct signup		 s;
	struct input_errors	 e;
	char			 hash[PASSWD_HASH_MAX];
	long			 wait;

	if ((wait = throttle_take(app->db, &app->cfg, THROTTLE_REGISTER,
	    req->addr)) != 0) {
		if (wait == -1)
			app_db_failed(app, r, "throttle");
		else
			reply_retry(r, RC_RATE_LIMITED, (unsigned)wait);
		return;
	}
	input_errors_init(&e);
	if (signup_read(app, req, &e, &s) == -1) {
		reply_input_errors(r, &e);
		return;
	}
	if (passwd_hash(s.password, hash, sizeof(hash)) == -1) {
		app_internal(app, r, "register: cannot hash the password");
		return;
	}
	signup_store(app, req, r, &s, hash);
	sodium_memzero(hash, sizeof(hash));
}

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "registration", routes,
	    sizeof(routes) / sizeof(routes[0]));
}
