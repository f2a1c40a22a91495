/*
 * auth.fcgi: the trusted devices of the signed-in user, listed and
 * revoked beside the sessions.
 */
#include <stdlib.h>

#include <json-c/json.h>

#include "app.h"
#include "audit.h"
#include "auth.h"
#include "db.h"
#include "devices.h"
#include "http.h"
#include "reply.h"
#include "result.h"

/*
 * GET /api/v1/auth/devices (bearer): 200 with the user's trusted
 * devices [{id, created_at, last_used_at, expires_at, ip, user_agent}].
 */
void
handle_devices(struct app *app, struct request *req, struct reply *r)
{
	struct device_row	*rows;
	struct json_object	*arr;
	size_t			 n;

	(void)req;
	if ((rows = calloc(DEVICES_LIST_MAX, sizeof(*rows))) == NULL) {
		app_internal(app, r, "devices: out of memory");
		return;
	}
	if (devices_list(app->db, app->who.user_id, rows, &n) == -1) {
		free(rows);
		app_db_failed(app, r, "devices");
		return;
	}
	arr = result_devices(rows, n);
	free(rows);
	if (arr == NULL) {
		app_internal(app, r, "devices: out of memory");
		return;
	}
	reply_ok(r, 200, MSG_NONE, arr);
}

/*
 * DELETE /api/v1/auth/devices/{id} (bearer): revoke one of the user's
 * trusted devices: it asks for the second factor again.  200 "Device
 * revoked"; 404 not_found for an unknown id, one that is not a number
 * or another user's device, all the same answer.
 */
void
handle_device_delete(struct app *app, struct request *req, struct reply *r)
{
	long long	 id, n;

	if ((id = route_param_id(&app->params, "id")) <= 0) {
		reply_error(r, RC_NOT_FOUND, NULL);
		return;
	}
	if (db_begin(app->db) == -1 ||
	    (n = devices_revoke(app->db, id, app->who.user_id)) == -1 ||
	    (n > 0 && audit_add(app->db, app->who.user_id, "device_revoked",
	    req->addr, req->user_agent) == -1) ||
	    db_commit(app->db) == -1) {
		app_db_failed(app, r, "device delete");
		return;
	}
	if (n == 0) {
		reply_error(r, RC_NOT_FOUND, NULL);
		return;
	}
	reply_ok(r, 200, MSG_DEVICE_REVOKED, NULL);
}
