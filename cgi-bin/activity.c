/*
 * activity.fcgi: when an account last signed in and last made a
 * request, and the signed-in user's own audit trail.  Every route
 * needs a bearer token.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "app.h"
#include "audit.h"
#include "db.h"
#include "http.h"
#include "input.h"
#include "msg.h"
#include "reply.h"
#include "result.h"
#include "users.h"

#define EVENTS_DEFAULT	20
#define EVENTS_MAX	100

static void	 handle_user(struct app *, struct request *, struct reply *);
static void	 handle_own(struct app *, struct request *, struct reply *);

/* What activity.fcgi serves; the paths are in common/web/paths.c. */
static const struct route routes[] = {
	{ OP_ACTIVITY_USER, handle_user },
	{ OP_ACTIVITY_OWN, handle_own },
};

/*
 * A positive decimal id of at most 18 digits (no sign, blanks or
 * leading zero) into "*out".  1 good, 0 not an id.
 */
static int
parse_id(const char *s, int64_t *out)
{
	size_t		 n = s != NULL ? strlen(s) : 0;
	int64_t		 v = 0;
	size_t		 i;

	*out = 0;
	if (n == 0 || n > 18 || s[0] == '0')
		return 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

/*
 * GET|POST /api/v1/users/{id}/activity: 200 {user_id, last_login_date,
 * last_request_date} for the account itself or an admin; 403 forbidden
 * for anyone else (whether or not the id exists, so ids cannot be
 * probed); 404 not_found for an id that is not a number, or (for an
 * admin) not an account.
 */
static void
handle_user(struct app *app, struct request *req, struct reply *r)
{
	struct user		 u;
	struct json_object	*d;
	int64_t			 id;
	int			 rc;

	(void)req;
	if (!parse_id(route_param(&app->params, "id"), &id)) {
		reply_error(r, RC_NOT_FOUND, NULL);
		return;
	}
	if (id != app->who.user_id && strcmp(app->who.role, "admin") != 0) {
		reply_error(r, RC_FORBIDDEN, NULL);
		return;
	}
	/* one's own: the guard has read the account already */
	if (id == app->who.user_id) {
		u = app->who.user;
		rc = 1;
	} else if ((rc = users_by_id(app->db, id, &u)) == -1) {
		app_db_failed(app, r, "activity");
		return;
	}
	if (rc == 0) {
		reply_error(r, RC_NOT_FOUND, NULL);
		return;
	}
	if ((d = result_object()) == NULL ||
	    result_int(d, KEY_USER_ID, u.id) == -1 ||
	    result_optstr(d, KEY_LAST_LOGIN_DATE, u.last_login_at) == -1 ||
	    result_optstr(d, KEY_LAST_REQUEST_DATE, u.last_request_at) == -1) {
		result_drop(d);
		app_internal(app, r, "activity: out of memory");
		return;
	}
	reply_ok(r, 200, MSG_NONE, d);
}

/*
 * Query parameter "f" as an integer in [min, max] into "*out" (left
 * alone when absent).  0 good or absent, -1 with field error "msg" in
 * "r" (echoing the value).
 */
static int
query_int(struct request *req, struct reply *r, enum field f,
    const char *msg, int64_t min, int64_t max, int64_t *out)
{
	char	*v = NULL;
	int64_t	 n;
	int	 rc;

	if ((rc = http_query_get(req, input_name(f), &v)) == 0)
		return 0;
	if (rc == 1 && parse_id(v, &n) && n >= min && n <= max) {
		*out = n;
		free(v);
		return 0;
	}
	reply_input_error(r, f, msg, rc == 1 ? v : NULL);
	free(v);
	return -1;
}

/*
 * GET /api/v1/activity?limit=&before=: 200 {last_login_date,
 * last_request_date, events: [{id, event, at, ip, user_agent}]} for the
 * signed-in account, newest first; "limit" 1-100 (default 20),
 * "before" an event id to page on from.  400 validation_failed for a
 * bad limit or before.
 */
static void
handle_own(struct app *app, struct request *req, struct reply *r)
{
	struct user		 u;
	struct audit_row	*rows = NULL;
	struct json_object	*d = NULL, *events;
	int64_t			 limit = EVENTS_DEFAULT, before = 0;
	size_t			 n;
	int			 bad = 0;

	if (query_int(req, r, FIELD_LIMIT, msg_text(MSG_LIMIT_RANGE), 1, EVENTS_MAX, &limit) == -1)
		bad = 1;
	if (query_int(req, r, FIELD_BEFORE, msg_text(MSG_BEFORE_EVENT),
	    1, INT64_MAX, &before) == -1)
		bad = 1;
	if (bad)
		return;
	u = app->who.user;
	if ((rows = calloc((size_t)limit, sizeof(*rows))) == NULL) {
		app_internal(app, r, "activity: out of memory");
		return;
	}
	if (audit_list(app->db, u.id, before, (unsigned)limit, rows,
	    &n) == -1) {
		free(rows);
		app_db_failed(app, r, "activity");
		return;
	}
	events = result_events(rows, n);
	free(rows);
	if (events == NULL || (d = result_object()) == NULL ||
	    result_optstr(d, KEY_LAST_LOGIN_DATE, u.last_login_at) == -1 ||
	    result_optstr(d, KEY_LAST_REQUEST_DATE, u.last_request_at) == -1 ||
	    result_add(d, KEY_EVENTS, events) == -1) {
		if (d == NULL)
			result_drop(events);
		result_drop(d);
		app_internal(app, r, "activity: out of memory");
		return;
	}
	reply_ok(r, 200, MSG_NONE, d);
}

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "activity", routes,
	    sizeof(routes) / sizeof(routes[0]));
}
