/*
 * verification.fcgi: the forgotten-password flow: POST
 * /password/forgot mails a link, POST /password/reset uses it.
 */
#include <sodium.h>

#include "app.h"
#include "audit.h"
#include "db.h"
#include "http.h"
#include "input.h"
#include "mail.h"
#include "msg.h"
#include "passwd.h"
#include "reply.h"
#include "sessions.h"
#include "throttle.h"
#include "validate.h"
#include "verification.h"
#include "verifications.h"


/* ------------------------------------------------------------------ */
/* mail                                                               */
/* ------------------------------------------------------------------ */

/*
 * The reset mail's variables for link token "token" into "link" and
 * "minutes"; fills "vars" (3).
 */
static void
reset_vars(struct app *app, const char *token, char *link, size_t linksz,
    char *minutes, size_t minsz, struct mail_var *vars)
{
	if (app->reset_link[0] != '\0')	/* the dialect's link reset */
		snprintf(link, linksz, "%s%s", app->reset_link, token);
	else
		snprintf(link, linksz, "%s%s#token=%s", app->cfg.base_url,
		    app->cfg.reset_page, token);
	snprintf(minutes, minsz, "%u", (app->cfg.reset_ttl + 59) / 60);
	vars[0] = (struct mail_var){ "link", link };
	vars[1] = (struct mail_var){ "token", token };
	vars[2] = (struct mail_var){ "minutes", minutes };
}

/* ------------------------------------------------------------------ */
/* password forgot and reset                                          */
/* ------------------------------------------------------------------ */

/*
 * Read {email} or {username} (a username read to EMAIL_MAX bytes, as
 * at login) into "login".  0, or -1 with field errors in "e" (missing
 * both, wrong type, a malformed address).
 */
static int
forgot_read(struct request *req, struct input_errors *e, char *login,
    size_t loginsz)
{
	const char	*v = NULL, *why;
	int		 st;

	if ((st = input_string(req->fields, FIELD_EMAIL, 0, e, &v)) == -1)
		return -1;
	if (st == 1) {
		if ((why = validate_email(v, login, loginsz)) != NULL) {
			input_error(e, FIELD_EMAIL, why, v);
			return -1;
		}
		return 0;
	}
	if ((st = input_string_max(req->fields, FIELD_USERNAME, 0, EMAIL_MAX,
	    e, &v)) == -1)
		return -1;
	if (st == 0) {
		input_error(e, FIELD_EMAIL, msg_text(MSG_LOGIN_REQUIRED),
		    NULL);
		return -1;
	}
	snprintf(login, loginsz, "%s", v);
	return 0;
}

/*
 * POST /api/v1/auth/password/forgot: {email} or {username}.  Always
 * 200 MSG_FORGOT for a well-formed request; 400 validation_failed
 * otherwise.  Both paths do the same work in the same order, so that
 * neither the answer nor its timing tells whether the account exists:
 * one transaction with the account lookup, the token draws and the
 * retiring UPDATE, the mail rendered, an audit row, a commit.  A known
 * account's transaction also inserts the verification and the mail.
 */
void
handle_forgot(struct app *app, struct request *req, struct reply *r)
{
	struct user		 u;
	struct verif_secrets	 sec;
	struct input_errors	 e;
	struct mail_var		 vars[3];
	char			 login[EMAIL_MAX + 1], link[4096], minutes[16];
	int			 found, rc;

	memset(&sec, 0, sizeof(sec));
	input_errors_init(&e);
	if (forgot_read(req, &e, login, sizeof(login)) == -1) {
		reply_input_errors(r, &e);
		return;
	}
	if (verification_throttle(app, req, r, THROTTLE_FORGOT) != 1)
		return;
	if (db_begin(app->db) == -1 ||
	    (found = users_by_login(app->db, login, &u)) == -1)
		goto dberr;
	if (found && strcmp(u.status, "disabled") == 0)
		found = 0;	/* no mail: a disabled account cannot reset */
	if (found) {
		if (verif_create(app->db, u.id, VERIF_RESET, u.email, 0,
		    app->cfg.reset_ttl, &sec) == -1)
			goto dberr;
		reset_vars(app, sec.link, link, sizeof(link), minutes,
		    sizeof(minutes), vars);
		rc = mail_enqueue(app->db, &app->cfg, u.id, u.email,
		    MAIL_RESET, vars, 3);
	} else {
		/*
		 * The same mail row is written and taken back at once: it
		 * costs what the real insert costs, is never visible to the
		 * mail worker, and never commits.
		 */
		if (verif_dummy(app->db, VERIF_RESET) == -1)
			goto dberr;
		token_new(sec.link);
		reset_vars(app, sec.link, link, sizeof(link), minutes,
		    sizeof(minutes), vars);
		if (db_exec_text(app->db, "SAVEPOINT forgot_unknown") == -1)
			goto dberr;
		rc = mail_enqueue(app->db, &app->cfg, 0, login, MAIL_RESET,
		    vars, 3);
		if (rc == 0 && db_exec_text(app->db,
		    "ROLLBACK TO SAVEPOINT forgot_unknown") == -1)
			goto dberr;
	}
	sodium_memzero(link, sizeof(link));
	sodium_memzero(&sec, sizeof(sec));
	if (rc == -1 || audit_add(app->db, found ? u.id : 0,
	    "password_forgot", req->addr, req->user_agent) == -1)
		goto dberr;
	reply_ok(r, 200, MSG_FORGOT, NULL);
	if (app_commit(app, req, r) == 0)
		return;
	reply_free(r);
dberr:
	app_db_failed(app, r, "password forgot");
}

/* What a reset request asks for. */
struct reset_input {
	const char	*token;
	const char	*password;
};

/* Read the token (path or body) and the new password.  0, or -1 with
 * field errors in "e". */
static int
reset_read(struct app *app, struct request *req, struct input_errors *e,
    struct reset_input *in)
{
	int	 rc = 0;

	memset(in, 0, sizeof(*in));
	in->token = route_param(&app->params, "token");
	if (in->token == NULL && input_string(req->fields, FIELD_TOKEN, 1, e,
	    &in->token) != 1)
		rc = -1;
	if (input_string(req->fields, FIELD_NEW_PASSWORD, 1, e,
	    &in->password) != 1)
		rc = -1;
	return rc;
}

/*
 * Find the reset verification of "token" and its account; 1 usable,
 * 0 answered (404, 410, or 403 for a disabled account), -1 database
 * error.  A token mailed to another address than the account's
 * current one is dead (410).
 */
static int
reset_find(struct app *app, struct reply *r, const char *token, int lock,
    struct verif *v, struct user *u)
{
	int	 rc;

	if ((rc = verif_by_link(app->db, token, lock, v)) == -1)
		return -1;
	if (rc == 0 || v->purpose != VERIF_RESET) {
		db_rollback(app->db);
		reply_error(r, RC_NOT_FOUND, msg_text(MSG_UNKNOWN_RESET_TOKEN));
		return 0;
	}
	if (verif_state(v, 1) != VERIF_OPEN) {
		db_rollback(app->db);
		reply_gone(r, v);
		return 0;
	}
	if (users_by_id(app->db, v->user_id, u) != 1)
		return -1;
	if (strcmp(u->status, "disabled") == 0) {
		db_rollback(app->db);
		reply_error(r, RC_ACCOUNT_DISABLED, NULL);
		return 0;
	}
	/* mailed to an address the account no longer has */
	if (strcmp(u->email, v->email) != 0) {
		db_rollback(app->db);
		reply_gone(r, v);
		return 0;
	}
	return 1;
}

/*
 * POST /api/v1/auth/password/reset {token, new_password} and
 * POST /api/v1/auth/password/reset/{token} {new_password}: 200; every
 * session of the account is revoked, the token used, a notice mailed.
 * 400 validation_failed (a bad new password leaves the token usable);
 * 403 account_disabled; 404 not_found; 410 verification_expired (past
 * expiry, used, retired, or mailed to an address the account no
 * longer has).  Every other open verification of the account ends
 * too.
 */
void
handle_reset(struct app *app, struct request *req, struct reply *r)
{
	struct reset_input	 in;
	struct input_errors	 e;
	struct verif		 v;
	struct user		 u;
	char			 hash[PASSWD_HASH_MAX];
	const char		*why;
	int			 rc;

	input_errors_init(&e);
	if (reset_read(app, req, &e, &in) == -1) {
		reply_input_errors(r, &e);
		return;
	}
	/* check and hash outside the transaction: hashing is slow */
	if ((rc = reset_find(app, r, in.token, 0, &v, &u)) != 1) {
		if (rc == -1)
			app_db_failed(app, r, "password reset");
		return;
	}
	if ((why = validate_password(in.password, app->cfg.password_min,
	    u.email, u.username[0] != '\0' ? u.username : NULL)) != NULL) {
		reply_input_error(r, FIELD_NEW_PASSWORD, why, NULL);
		return;
	}
	if (passwd_hash(in.password, hash, sizeof(hash)) == -1) {
		app_internal(app, r, "password reset: cannot hash");
		return;
	}
	if (db_begin(app->db) == -1 ||
	    (rc = reset_find(app, r, in.token, 1, &v, &u)) == -1)
		goto dberr;
	if (rc == 0)
		goto out;
	/* the link reached the address: a pending account is confirmed */
	if (users_set_password(app->db, u.id, hash) == -1 ||
	    (strcmp(u.status, "pending") == 0 &&
	    users_mark_verified(app->db, u.id) == -1) ||
	    verif_consume(app->db, v.id) == -1 ||
	    verif_retire_all(app->db, u.id) == -1 ||
	    sessions_revoke_all(app->db, u.id, "password_reset") == -1 ||
	    mail_enqueue(app->db, &app->cfg, u.id, u.email, MAIL_RESET_DONE,
	    NULL, 0) == -1 ||
	    audit_add(app->db, u.id, "password_reset", req->addr,
	    req->user_agent) == -1)
		goto dberr;
	reply_ok(r, 200, MSG_PASSWORD_RESET, NULL);
	if (app_commit(app, req, r) == 0)
		goto out;
	reply_free(r);
dberr:
	app_db_failed(app, r, "password reset");
out:
	sodium_memzero(hash, sizeof(hash));
}
