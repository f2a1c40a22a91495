/*
 * auth.fcgi: the session list, revoking one session, and the public
 * keys (jwks.json).
 */
#include <stdlib.h>

#include <json-c/json.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "http.h"
#include "reply.h"
#include "result.h"
#include "sessions.h"

/*
 * GET /api/v1/auth/sessions (bearer): 200 with the user's live
 * sessions [{id, created_at, last_used_at, ip, user_agent, current}],
 * the one of this token flagged current.
 */
void
handle_sessions(struct app *app, struct request *req, struct reply *r)
{
	struct session_row	*rows;
	struct json_object	*arr;
	size_t			 n;

	(void)req;
	if ((rows = calloc(SESSIONS_LIST_MAX, sizeof(*rows))) == NULL) {
		app_internal(app, r, "sessions: out of memory");
		return;
	}
	if (sessions_list(app->db, app->who.user_id, app->who.session_id,
	    rows, &n) == -1) {
		free(rows);
		app_db_failed(app, r, "sessions");
		return;
	}
	arr = result_sessions(rows, n);
	free(rows);
	if (arr == NULL) {
		app_internal(app, r, "sessions: out of memory");
		return;
	}
	reply_ok(r, 200, MSG_NONE, arr);
}

/*
 * DELETE /api/v1/auth/sessions/{id} (bearer): revoke one of the user's
 * own sessions (this one too: that is a logout).  200 "Session
 * revoked"; 404 not_found for an unknown id, an id that is not a
 * number, another user's session or one already revoked -- all the
 * same answer, so ids of others cannot be probed.
 */
void
handle_session_delete(struct app *app, struct request *req,
    struct reply *r)
{
	long long	 id, n;

	if ((id = route_param_id(&app->params, "id")) <= 0) {
		reply_error(r, RC_NOT_FOUND, NULL);
		return;
	}
	if (db_begin(app->db) == -1 ||
	    (n = sessions_revoke(app->db, id, app->who.user_id,
	    "deleted")) == -1 ||
	    (n > 0 && audit_add(app->db, app->who.user_id, "session_revoked",
	    req->addr, req->user_agent) == -1) ||
	    db_commit(app->db) == -1) {
		app_db_failed(app, r, "session delete");
		return;
	}
	if (n == 0) {
		reply_error(r, RC_NOT_FOUND, NULL);
		return;
	}
	reply_ok(r, 200, MSG_SESSION_REVOKED, NULL);
}

/* GET /api/v1/auth/jwks.json: the public keys, {"keys": []} for HS256. */
void
handle_jwks(struct app *app, struct request *req, struct reply *r)
{
	char			*doc;
	struct json_object	*o;

	(void)req;
	if ((doc = jwt_jwks(&app->ring)) == NULL ||
	    (o = json_tokener_parse(doc)) == NULL) {
		free(doc);
		app_internal(app, r, "jwks: out of memory");
		return;
	}
	free(doc);
	reply_ok(r, 200, MSG_NONE, o);
	r->raw_json = 1;
}
