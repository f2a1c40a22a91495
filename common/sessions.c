/*
 * sessions: logins and their refresh-token families.  Every statement
 * about the sessions tables is in sessions_sql.
 */
#include <string.h>

#include "db.h"
#include "sessions.h"

enum sessions_stmt {
	SESSIONS_CREATE,
	SESSIONS_REVOKE_USER,
	SESSIONS__MAX
};

static const char *const sessions_sql[SESSIONS__MAX] = {
	"INSERT INTO sessions (user_id, refresh_digest, remember, created_at, "
	    "last_used_at, expires_at, absolute_expires_at, ip, user_agent) "
	    "VALUES (?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP(), "
	    "UTC_TIMESTAMP() + INTERVAL ? SECOND, "
	    "UTC_TIMESTAMP() + INTERVAL ? SECOND, ?, ?)", /* SESSIONS_CREATE */
	"UPDATE sessions SET revoked_at = UTC_TIMESTAMP(), revoke_reason = ? "
	    "WHERE user_id = ? AND revoked_at IS NULL", /* SESSIONS_REVOKE_USER */
};

int
sessions_create(struct db *db, int64_t user_id,
    const unsigned char digest[TOKEN_DIGEST], int remember, unsigned ttl,
    unsigned absolute, const char *ip, const char *user_agent, int64_t *sid)
{
	struct db_val	 args[] = {
		DBV_INT(user_id), DBV_BLOB(digest, TOKEN_DIGEST),
		DBV_INT(remember != 0), DBV_INT(ttl), DBV_INT(absolute),
		DBV_STR(ip), DBV_STR(user_agent),
	};

	*sid = 0;
	if (db_exec(db, sessions_sql[SESSIONS_CREATE], args, 7) == -1)
		return -1;
	*sid = db_insert_id(db);
	return 1;
}

long long
sessions_revoke_user(struct db *db, int64_t user_id, const char *reason)
{
	struct db_val	 args[] = { DBV_STR(reason), DBV_INT(user_id) };

	return db_exec(db, sessions_sql[SESSIONS_REVOKE_USER], args, 2);
}
