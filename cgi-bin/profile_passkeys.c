/*
 * profile_passkeys: the signed-in user's passkeys (issue 17).  Adding
 * one is a ceremony in two steps: the options (with the password
 * again, so that a stolen access token alone cannot add a way in),
 * then the authenticator's attestation, verified and stored.  The
 * list, a rename and a deletion need the bearer token only; adding
 * and deleting are audited and mailed as notices, renaming audited.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "app.h"
#include "audit.h"
#include "db.h"
#include "http.h"
#include "input.h"
#include "log.h"
#include "msg.h"
#include "passkey.h"
#include "passkeys.h"
#include "profile.h"
#include "reply.h"
#include "result.h"
#include "route.h"
#include "users.h"

/* 1 when passkeys are configured, else 0 with 403 passkey_unavailable. */
static int
passkeys_on(struct app *app, struct reply *r)
{
	if (passkey_available(&app->cfg))
		return 1;
	reply_error(r, RC_PASSKEY_UNAVAILABLE, NULL);
	return 0;
}

/* The credentials of the signed-in user, allocated (free them). */
static struct passkey_row *
passkeys_of(struct app *app, struct reply *r, size_t *n)
{
	struct passkey_row	*rows;

	if ((rows = calloc(PASSKEYS_LIST_MAX, sizeof(*rows))) == NULL) {
		app_internal(app, r, "passkeys: out of memory");
		return NULL;
	}
	if (passkeys_list(app->db, app->who.user_id, rows, n) == -1) {
		free(rows);
		app_db_failed(app, r, "passkeys");
		return NULL;
	}
	return rows;
}

/*
 * POST /api/v1/profile/passkeys/options {password}: 200 with
 * PublicKeyCredentialCreationOptionsJSON (a fresh single-use
 * challenge, the account's passkeys as excludeCredentials).  400
 * validation_failed; 401 invalid_credentials; 403 passkey_unavailable;
 * 409 passkey_limit (PASSKEYS_MAX held: no ceremony to start); 429
 * rate_limited.
 */
void
handle_passkey_register_options(struct app *app, struct request *req,
    struct reply *r)
{
	struct user		 u;
	struct input_errors	 e;
	struct passkey_row	*rows;
	struct json_object	*d;
	unsigned char		 handle[PASSKEYS_HANDLE_LEN];
	unsigned char		 ch[WEBAUTHN_CHALLENGE_LEN];
	const char		*pw = NULL;
	size_t			 n = 0;

	input_errors_init(&e);
	(void)input_string(req->fields, FIELD_PASSWORD, 1, &e, &pw);
	if (!input_errors_any(&e) && !passkeys_on(app, r))
		return;
	if (profile_reauth(app, req, r, &e, &u, pw,
	    "passkey_options_failed") != 1)
		return;
	if ((rows = passkeys_of(app, r, &n)) == NULL)
		return;
	if (n >= PASSKEYS_MAX) {
		free(rows);
		result_passkey_refused(r, PASSKEY_LIMIT);
		return;
	}
	if (passkey_user_handle(app->db, u.id, handle) == -1 ||
	    passkey_challenge_issue(app->db, &app->cfg, WA_PURPOSE_REGISTER,
	    u.id, 0, ch) == -1) {
		free(rows);
		app_db_failed(app, r, "passkey options");
		return;
	}
	d = result_passkey_creation(&app->cfg, &u, handle, ch, rows, n);
	free(rows);
	if (d == NULL) {
		app_internal(app, r, "passkey options: out of memory");
		return;
	}
	reply_ok(r, 200, MSG_NONE, d);
}

/* The optional "name" of a new passkey: 1 good, 0 answered (400). */
static int
passkey_name_field(struct request *req, struct reply *r, enum field f,
    int required, const char **name)
{
	struct input_errors	 e;

	input_errors_init(&e);
	*name = "";
	if (input_string(req->fields, f, required, &e, name) == 1 &&
	    !passkey_name_ok(*name))
		input_error(&e, f, msg_text(MSG_PASSKEY_NAME_LONG), NULL);
	if (*name == NULL)
		*name = "";
	if (input_errors_any(&e)) {
		reply_input_errors(r, &e);
		return 0;
	}
	return 1;
}

/* The row a new passkey "p" (id "id") shows, made at "now". */
static void
passkey_new_row(const struct passkey *p, int64_t id, time_t now,
    struct passkey_row *row)
{
	struct tm	 tm;

	memset(row, 0, sizeof(*row));
	row->id = id;
	memcpy(row->name, p->name, sizeof(row->name));
	memcpy(row->transports, p->transports, sizeof(row->transports));
	row->backed_up = p->backed_up;
	if (gmtime_r(&now, &tm) != NULL)
		(void)strftime(row->created_at, sizeof(row->created_at),
		    "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/*
 * Store "p" for "u" with its audit event and notice.  0 stored, 1 its
 * credential id is taken, 2 the account holds PASSKEYS_MAX already
 * (its count read under the row's lock: two ceremonies started at once
 * add one), -1
 * database error (rolled back).
 */
static int
passkey_store(struct app *app, struct request *req, const struct user *u,
    const struct passkey *p, int64_t *id)
{
	long long	 n;
	int		 rc;

	if (db_begin(app->db) == -1)
		return -1;
	if (passkeys_held_locked(app->db, u->id, &n) == -1) {
		db_rollback(app->db);
		return -1;
	}
	if (n >= PASSKEYS_MAX) {
		db_rollback(app->db);
		return 2;
	}
	if ((rc = passkeys_add(app->db, p, id)) != 0) {
		db_rollback(app->db);
		return rc;
	}
	if (audit_add(app->db, u->id, "passkey_added", req->addr,
	    req->user_agent) == -1 ||
	    passkey_notice(app->db, &app->cfg, u, 1, p->name) == -1 ||
	    db_commit(app->db) == -1) {
		db_rollback(app->db);
		return -1;
	}
	return 0;
}

/*
 * POST /api/v1/profile/passkeys: the attestation response
 * (PublicKeyCredential.toJSON(), and an optional "name" of at most 64
 * characters) to the challenge of the options: 201 {passkey}.  400
 * validation_failed, passkey_malformed, passkey_challenge_invalid,
 * passkey_origin_invalid, passkey_rp_invalid, passkey_flags_invalid,
 * passkey_algorithm_unsupported, passkey_attestation_invalid; 403
 * passkey_unavailable; 409 passkey_exists, passkey_limit.
 */
void
handle_passkey_register(struct app *app, struct request *req,
    struct reply *r)
{
	struct webauthn_response resp;
	struct passkey		*p = NULL;
	struct passkey_row	 row;
	struct json_object	*d;
	unsigned char		 ch[WEBAUTHN_CHALLENGE_LEN];
	const char		*name;
	int64_t			 uid, pid, id = 0;
	enum wa_purpose		 purpose = WA_PURPOSE_REGISTER;
	enum passkey_verdict	 v;
	int			 rc;

	if (!passkeys_on(app, r) ||
	    !passkey_name_field(req, r, FIELD_NAME, 0, &name))
		return;
	memset(&resp, 0, sizeof(resp));
	if ((v = passkey_of_webauthn(webauthn_read(req->fields, 0,
	    &resp))) == PASSKEY_OK) {
		v = passkey_challenge_take(app->db, &resp, &purpose, ch, &uid,
		    &pid);
		/* another account's challenge is as good as none */
		if (v == PASSKEY_OK && uid != app->who.user_id)
			v = PASSKEY_CHALLENGE;
	}
	if (v == PASSKEY_OK && (p = calloc(1, sizeof(*p))) == NULL)
		v = PASSKEY_ERROR;
	if (v == PASSKEY_OK)
		v = passkey_verify_registration(&app->cfg, ch, &resp,
		    app->who.user_id, name, p);
	webauthn_response_free(&resp);
	if (v != PASSKEY_OK) {
		if (v == PASSKEY_ERROR)
			app_db_failed(app, r, "passkey register");
		else
			result_passkey_refused(r, (int)v);
		free(p);
		return;
	}
	rc = passkey_store(app, req, &app->who.user, p, &id);
	if (rc == 0) {
		log_info("user %lld: passkey %lld added",
		    (long long)app->who.user_id, (long long)id);
		passkey_new_row(p, id, app->now, &row);
	}
	free(p);
	if (rc == 1 || rc == 2) {
		result_passkey_refused(r, rc == 1 ? PASSKEY_EXISTS :
		    PASSKEY_LIMIT);
		return;
	}
	if (rc == -1) {
		app_db_failed(app, r, "passkey register");
		return;
	}
	if ((d = result_object()) == NULL ||
	    result_add(d, KEY_PASSKEY, result_passkey_one(&row)) == -1) {
		result_drop(d);
		app_internal(app, r, "passkey register: out of memory");
		return;
	}
	reply_ok(r, 201, MSG_PASSKEY_ADDED, d);
}

/*
 * GET /api/v1/profile/passkeys: 200 {passkeys: [{id, name, created_at,
 * last_used_at, transports, backed_up}]}, newest first.  (Listed even
 * when [webauthn] is off, so that a user can see and delete them.)
 */
void
handle_passkeys(struct app *app, struct request *req, struct reply *r)
{
	struct passkey_row	*rows;
	struct json_object	*d = NULL, *arr;
	size_t			 n = 0;

	(void)req;
	if ((rows = passkeys_of(app, r, &n)) == NULL)
		return;
	if ((arr = result_passkeys(rows, n)) == NULL ||
	    (d = result_object()) == NULL ||
	    result_add(d, KEY_PASSKEYS, arr) == -1) {
		free(rows);
		if (d == NULL)
			json_object_put(arr);
		result_drop(d);
		app_internal(app, r, "passkeys: out of memory");
		return;
	}
	free(rows);
	reply_ok(r, 200, MSG_NONE, d);
}

/* The passkey row "id" of the signed-in user into "row": 1, 0 none. */
static int
passkey_find(struct app *app, struct reply *r, long long id,
    struct passkey_row *row)
{
	struct passkey_row	*rows;
	size_t			 n = 0, i;

	if ((rows = passkeys_of(app, r, &n)) == NULL)
		return -1;
	for (i = 0; i < n && rows[i].id != id; i++)
		;
	if (i < n)
		*row = rows[i];
	free(rows);
	return i < n;
}

/*
 * PATCH /api/v1/profile/passkeys/{id} {name}: 200 {passkey}.  400
 * validation_failed; 404 not_found for an unknown id, one that is not
 * a number or another user's passkey, all the same answer.
 */
void
handle_passkey_rename(struct app *app, struct request *req, struct reply *r)
{
	struct passkey_row	 row;
	struct json_object	*d;
	const char		*name;
	long long		 id, n;
	int			 rc;

	if ((id = route_param_id(&app->params, "id")) <= 0) {
		reply_error(r, RC_NOT_FOUND, NULL);
		return;
	}
	if (!passkey_name_field(req, r, FIELD_NAME, 1, &name))
		return;
	if (db_begin(app->db) == -1 ||
	    (n = passkeys_rename(app->db, id, app->who.user_id, name)) == -1 ||
	    (n > 0 && audit_add(app->db, app->who.user_id, "passkey_renamed",
	    req->addr, req->user_agent) == -1) ||
	    db_commit(app->db) == -1) {
		app_db_failed(app, r, "passkey rename");
		return;
	}
	if (n == 0 || (rc = passkey_find(app, r, id, &row)) == 0) {
		reply_error(r, RC_NOT_FOUND, NULL);
		return;
	}
	if (rc == -1)
		return;
	if ((d = result_object()) == NULL ||
	    result_add(d, KEY_PASSKEY, result_passkey_one(&row)) == -1) {
		result_drop(d);
		app_internal(app, r, "passkey rename: out of memory");
		return;
	}
	reply_ok(r, 200, MSG_PASSKEY_RENAMED, d);
}

/*
 * DELETE /api/v1/profile/passkeys/{id}: 200 "Passkey deleted", mailed
 * as a notice.  404 not_found as for a rename.
 */
void
handle_passkey_delete(struct app *app, struct request *req, struct reply *r)
{
	struct passkey_row	 row;
	long long		 id, n = 0;
	int			 rc;

	if ((id = route_param_id(&app->params, "id")) <= 0) {
		reply_error(r, RC_NOT_FOUND, NULL);
		return;
	}
	if ((rc = passkey_find(app, r, id, &row)) == -1)
		return;
	if (rc == 0) {
		reply_error(r, RC_NOT_FOUND, NULL);
		return;
	}
	if (db_begin(app->db) == -1 ||
	    (n = passkeys_delete(app->db, id, app->who.user_id)) == -1 ||
	    (n > 0 && (audit_add(app->db, app->who.user_id, "passkey_removed",
	    req->addr, req->user_agent) == -1 ||
	    passkey_notice(app->db, &app->cfg, &app->who.user, 0,
	    row.name) == -1)) ||
	    db_commit(app->db) == -1) {
		app_db_failed(app, r, "passkey delete");
		return;
	}
	if (n == 0) {
		reply_error(r, RC_NOT_FOUND, NULL);
		return;
	}
	log_info("user %lld: passkey %lld deleted",
	    (long long)app->who.user_id, id);
	reply_ok(r, 200, MSG_PASSKEY_DELETED, NULL);
}
