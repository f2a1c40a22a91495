/*
 * sessions: logins and their refresh-token families.  Every statement
 * about the sessions tables is in sessions_sql.
 */
#include <string.h>

#include "db.h"
#include "devices.h"
#include "revocations.h"
#include "sessions.h"
#include "users.h"

enum sessions_stmt {
	SESSIONS_CREATE,
	SESSIONS_REVOKE_EXCEPT,
	SESSIONS_LOCK_CURRENT,
	SESSIONS_FIND_RETIRED,
	SESSIONS_ROTATE,
	SESSIONS_RETIRE,
	SESSIONS_REVOKE,
	SESSIONS_LIST,
	SESSIONS_WITH_USER,
	SESSIONS_TOUCH,
	SESSIONS_PURGE,
	SESSIONS__MAX
};

static const char *const sessions_sql[SESSIONS__MAX] = {
	"INSERT INTO sessions (user_id, refresh_digest, remember, created_at, "
	    "last_used_at, expires_at, absolute_expires_at, ip, user_agent) "
	    "VALUES (?, ?, ?, UTC_TIMESTAMP(), UTC_TIMESTAMP(), "
	    "UTC_TIMESTAMP() + INTERVAL ? SECOND, "
	    "UTC_TIMESTAMP() + INTERVAL ? SECOND, ?, ?)", /* SESSIONS_CREATE */
	"UPDATE sessions SET revoked_at = UTC_TIMESTAMP(), revoke_reason = ? "
	    "WHERE user_id = ? AND id <> ? AND revoked_at IS NULL", /* SESSIONS_REVOKE_EXCEPT */
	"SELECT id, user_id, remember, revoked_at IS NOT NULL, "
	    "expires_at <= UTC_TIMESTAMP() OR "
	    "absolute_expires_at <= UTC_TIMESTAMP(), "
	    "UNIX_TIMESTAMP(absolute_expires_at) - "
	    "UNIX_TIMESTAMP(UTC_TIMESTAMP()) "
	    "FROM sessions WHERE refresh_digest = ? "
	    "FOR UPDATE", /* SESSIONS_LOCK_CURRENT */
	"SELECT r.session_id, s.user_id FROM session_retired r "
	    "JOIN sessions s ON s.id = r.session_id "
	    "WHERE r.digest = ? FOR UPDATE", /* SESSIONS_FIND_RETIRED */
	"UPDATE sessions SET refresh_digest = ?, "
	    "last_used_at = UTC_TIMESTAMP(), "
	    "expires_at = LEAST(UTC_TIMESTAMP() + INTERVAL ? SECOND, "
	    "absolute_expires_at) WHERE id = ?", /* SESSIONS_ROTATE */
	"INSERT INTO session_retired (digest, session_id, retired_at) "
	    "VALUES (?, ?, UTC_TIMESTAMP())", /* SESSIONS_RETIRE */
	/* the parameters of SESSIONS_REVOKE_EXCEPT: see sessions_revoke_by */
	"UPDATE sessions SET revoked_at = UTC_TIMESTAMP(), revoke_reason = ? "
	    "WHERE user_id = ? AND id = ? "
	    "AND revoked_at IS NULL", /* SESSIONS_REVOKE */
	"SELECT id, created_at, last_used_at, ip, user_agent "
	    "FROM sessions WHERE user_id = ? AND revoked_at IS NULL "
	    "AND expires_at > UTC_TIMESTAMP() "
	    "AND absolute_expires_at > UTC_TIMESTAMP() "
	    "ORDER BY last_used_at DESC, id DESC "
	    "LIMIT " DB_QUOTE(SESSIONS_LIST_MAX), /* SESSIONS_LIST */
	/* plain columns: the guard compares the times, against app->now */
	"SELECT s.revoked_at, s.expires_at, s.absolute_expires_at, "
	    "s.last_used_at, " USERS_COLUMNS("u.") " "
	    "FROM sessions s JOIN users u ON u.id = s.user_id "
	    "WHERE s.id = ?", /* SESSIONS_WITH_USER */
	"UPDATE users u JOIN sessions s ON s.id = ? AND s.user_id = u.id "
	    "SET u.last_request_at = UTC_TIMESTAMP(), "
	    "s.last_used_at = UTC_TIMESTAMP() "
	    "WHERE u.id = ?", /* SESSIONS_TOUCH */
	"DELETE FROM sessions "
	    "WHERE expires_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND "
	    "OR absolute_expires_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND "
	    "OR revoked_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND"
	    DB_PURGE_LIMIT, /* SESSIONS_PURGE */
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

/*
 * Revoke with "stmt", SESSIONS_REVOKE (the session "sid" of "user_id")
 * or SESSIONS_REVOKE_EXCEPT (every other session of "user_id"), which
 * take the same parameters.  What ended is appended to the revocation
 * feed, which the authorizer reads instead of these rows.  The number
 * of sessions revoked, or -1.
 */
static long long
sessions_revoke_by(struct db *db, enum sessions_stmt stmt, int64_t user_id,
    int64_t sid, const char *reason)
{
	struct db_val	 args[] = {
		DBV_STR(reason), DBV_INT(user_id), DBV_INT(sid),
	};
	long long	 n;

	if ((n = db_exec(db, sessions_sql[stmt], args, 3)) <= 0)
		return n;
	if ((stmt == SESSIONS_REVOKE ?
	    revocations_session(db, user_id, sid, reason) :
	    revocations_user(db, user_id, sid, reason)) == -1)
		return -1;
	return n;
}

/*
 * Whatever ends an account's other sessions (a password change or
 * reset, log out everywhere, a factor removed, an administrator) ends
 * its trusted devices too, in the same transaction: a device trusted
 * by whoever knew the old password must not skip the code any more.
 */
long long
sessions_revoke_except(struct db *db, int64_t user_id, int64_t except,
    const char *reason)
{
	long long	 n;

	if ((n = sessions_revoke_by(db, SESSIONS_REVOKE_EXCEPT, user_id,
	    except, reason)) == -1 || devices_revoke_all(db, user_id) == -1)
		return -1;
	return n;
}

int
sessions_lock_current(struct db *db, const unsigned char digest[TOKEN_DIGEST],
    struct session *s)
{
	long long	 id = 0, uid = 0, remember = 0, revoked = 0;
	long long	 expired = 0, left = 0;
	struct db_val	 arg = DBV_BLOB(digest, TOKEN_DIGEST);
	struct db_col	 cols[] = {
		DBC_INT(&id), DBC_INT(&uid), DBC_INT(&remember),
		DBC_INT(&revoked), DBC_INT(&expired), DBC_INT(&left),
	};
	int		 rc;

	memset(s, 0, sizeof(*s));
	rc = db_row(db, sessions_sql[SESSIONS_LOCK_CURRENT], &arg, 1, cols,
	    sizeof(cols) / sizeof(cols[0]));
	if (rc != 1)
		return rc;
	s->id = id;
	s->user_id = uid;
	s->remember = remember != 0;
	s->revoked = revoked != 0;
	s->expired = expired != 0;
	s->absolute_left = left;
	return 1;
}

int
sessions_find_retired(struct db *db, const unsigned char digest[TOKEN_DIGEST],
    int64_t *sid, int64_t *user_id)
{
	long long	 id = 0, uid = 0;
	struct db_val	 arg = DBV_BLOB(digest, TOKEN_DIGEST);
	struct db_col	 cols[] = { DBC_INT(&id), DBC_INT(&uid) };
	int		 rc;

	*sid = *user_id = 0;
	rc = db_row(db, sessions_sql[SESSIONS_FIND_RETIRED], &arg, 1, cols, 2);
	if (rc == 1) {
		*sid = id;
		*user_id = uid;
	}
	return rc;
}

int
sessions_rotate(struct db *db, int64_t sid,
    const unsigned char old[TOKEN_DIGEST],
    const unsigned char new[TOKEN_DIGEST], unsigned ttl)
{
	struct db_val	 up[] = {
		DBV_BLOB(new, TOKEN_DIGEST), DBV_INT(ttl), DBV_INT(sid),
	};
	struct db_val	 ret[] = { DBV_BLOB(old, TOKEN_DIGEST), DBV_INT(sid) };

	if (db_exec(db, sessions_sql[SESSIONS_ROTATE], up, 3) == -1 ||
	    db_exec(db, sessions_sql[SESSIONS_RETIRE], ret, 2) == -1)
		return -1;
	return 0;
}

long long
sessions_revoke(struct db *db, int64_t sid, int64_t user_id,
    const char *reason)
{
	return sessions_revoke_by(db, SESSIONS_REVOKE, user_id, sid, reason);
}

long long
sessions_revoke_all(struct db *db, int64_t user_id, const char *reason)
{
	/* no session has id 0 */
	return sessions_revoke_except(db, user_id, 0, reason);
}

int
sessions_list(struct db *db, int64_t user_id, int64_t current_sid,
    struct session_row *rows, size_t *n)
{
	struct session_row	 e;
	long long		 id = 0;
	struct db_val		 arg = DBV_INT(user_id);
	struct db_col		 cols[] = {
		DBC_INT(&id), DBC_TIME(e.created_at), DBC_TIME(e.last_used_at),
		DBC_STR(e.ip), DBC_STR(e.user_agent),
	};
	int			 rc;

	*n = 0;
	memset(&e, 0, sizeof(e));
	if (db_query(db, sessions_sql[SESSIONS_LIST], &arg, 1, cols, 5) == -1)
		return -1;
	while ((rc = db_fetch(db)) == 1) {
		if (*n == SESSIONS_LIST_MAX)
			continue;	/* the LIMIT says it never is */
		e.id = id;
		e.current = id == current_sid;
		rows[(*n)++] = e;
	}
	db_done(db);
	return rc == -1 ? -1 : 0;
}

int
sessions_with_user(struct db *db, int64_t sid, struct session_live *s,
    struct user *u)
{
	long long	 uid = 0, verified = 0;
	int		 revoked_null = 1, rc;
	struct db_val	 arg = DBV_INT(sid);
	struct db_col	 cols[4 + USERS_NCOLS] = {
		DBC_EPOCH(NULL, &revoked_null),
		DBC_EPOCH(&s->expires_at, NULL),
		DBC_EPOCH(&s->absolute_expires_at, NULL),
		DBC_EPOCH(&s->last_used_at, NULL),
	};
	struct db_col	 ucols[USERS_NCOLS] = USERS_BIND(u, uid, verified);

	memset(s, 0, sizeof(*s));
	u->id = 0;
	u->email_verified = 0;
	memcpy(cols + 4, ucols, sizeof(ucols));
	cols[4 + USERS_COL_LAST_REQUEST].i = &s->last_request_at;
	rc = db_row(db, sessions_sql[SESSIONS_WITH_USER], &arg, 1, cols,
	    sizeof(cols) / sizeof(cols[0]));
	if (rc != 1)
		return rc;
	s->revoked = !revoked_null;
	u->id = uid;
	u->email_verified = verified != 0;
	return 1;
}

int
sessions_touch(struct db *db, int64_t sid, int64_t user_id)
{
	struct db_val	 args[] = { DBV_INT(sid), DBV_INT(user_id) };

	return db_exec(db, sessions_sql[SESSIONS_TOUCH], args, 2) == -1 ?
	    -1 : 0;
}

long long
sessions_purge(struct db *db, const struct config *cfg, unsigned grace)
{
	struct db_val	 args[] = {
		DBV_INT(grace), DBV_INT(grace), DBV_INT(grace),
	};

	(void)cfg;	/* a session's own times say when it is over */
	return db_purge(db, sessions_sql[SESSIONS_PURGE], args, 3);
}
