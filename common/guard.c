/*
 * guard: bearer tokens.  The claims come from the JWT; whether the
 * session is still live and the account still active comes from the
 * database, in one primary-key join, on every request.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "db.h"
#include "guard.h"
#include "http.h"
#include "log.h"
#include "reply.h"

enum guard_stmt {
	GUARD_SESSION,
	GUARD_TOUCH,
	GUARD__MAX
};

static const char *const guard_sql[GUARD__MAX] = {
	"SELECT u.role, u.email, u.status, s.revoked_at IS NULL, "
	    "UNIX_TIMESTAMP(UTC_TIMESTAMP()) - "
	    "COALESCE(UNIX_TIMESTAMP(u.last_request_at), 0) "
	    "FROM sessions s JOIN users u ON u.id = s.user_id "
	    "WHERE s.id = ? AND s.user_id = ?", /* GUARD_SESSION */
	"UPDATE users u JOIN sessions s ON s.id = ? AND s.user_id = u.id "
	    "SET u.last_request_at = UTC_TIMESTAMP(), "
	    "s.last_used_at = UTC_TIMESTAMP() WHERE u.id = ?", /* GUARD_TOUCH */
};

/* Map a verification failure to its reply. */
static int
guard_reject(struct reply *r, enum jwt_result jr)
{
	reply_error(r, jr == JWT_EXPIRED ? RC_TOKEN_EXPIRED : RC_TOKEN_INVALID,
	    NULL);
	return 0;
}

int
guard_check(struct app *app, const struct request *req, struct reply *r)
{
	const char		*bearer;
	struct jwt_claims	 c;
	enum jwt_result		 jr;
	char			 status[16];
	long long		 live = 0, idle = 0;
	struct db_val		 args[2];
	struct db_col		 cols[] = {
		DBC_STR(app->who.role), DBC_STR(app->who.email),
		DBC_STR(status), DBC_INT(&live), DBC_INT(&idle),
	};
	int			 rc;

	if ((bearer = http_bearer(req)) == NULL) {
		reply_error(r, RC_TOKEN_MISSING, NULL);
		return 0;
	}
	jr = jwt_verify(&app->ring, bearer, app->cfg.token_issuer, "access",
	    (int64_t)app->now, app->cfg.token_leeway, &c);
	if (jr != JWT_OK) {
		log_info("bearer token refused: %s", jwt_strerror(jr));
		return guard_reject(r, jr);
	}
	args[0] = DBV_INT(c.sid);
	args[1] = DBV_INT(c.sub);
	rc = db_row(app->db, guard_sql[GUARD_SESSION], args, 2, cols, 5);
	if (rc == -1) {
		app_db_failed(app, r, "guard");
		return -1;
	}
	if (rc == 0)
		return guard_reject(r, JWT_BAD_CLAIMS);
	/* before "live": disabling also revokes the sessions, and the
	 * holder of a good token should learn why it stopped working */
	if (strcmp(status, "active") != 0) {
		reply_error(r, RC_ACCOUNT_DISABLED, NULL);
		return 0;
	}
	if (!live)
		return guard_reject(r, JWT_BAD_CLAIMS);
	app->who.user_id = c.sub;
	app->who.session_id = c.sid;
	if (idle >= (long long)app->cfg.activity_resolution &&
	    db_exec(app->db, guard_sql[GUARD_TOUCH], args, 2) == -1) {
		app_db_failed(app, r, "guard");
		return -1;
	}
	return 1;
}
