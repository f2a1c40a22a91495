/*
 * revocations: the feed of ended sessions.  Every statement about the
 * revocations table is in revocations_sql.
 */
#include <string.h>

#include "config.h"
#include "db.h"
#include "revocations.h"

enum revocations_stmt {
	REVOCATIONS_APPEND,
	REVOCATIONS_READ,
	REVOCATIONS_PURGE,
	REVOCATIONS__MAX
};

static const char *const revocations_sql[REVOCATIONS__MAX] = {
	"INSERT INTO revocations (scope, user_id, session_id, reason, "
	    "revoked_at) VALUES (?, ?, ?, ?, UTC_TIMESTAMP(6))",
	    /* REVOCATIONS_APPEND */
	/*
	 * A range of the revoked_at index.  TIMESTAMPDIFF from the epoch
	 * reads the stored UTC time as it is, whatever the connection's
	 * time zone (UNIX_TIMESTAMP would convert it).
	 */
	"SELECT seq, scope = 'user', user_id, session_id, reason, "
	    "TIMESTAMPDIFF(MICROSECOND, TIMESTAMP '1970-01-01 00:00:00', "
	    "revoked_at), "
	    "TIMESTAMPDIFF(MICROSECOND, TIMESTAMP '1970-01-01 00:00:00', "
	    "UTC_TIMESTAMP(6)) FROM revocations WHERE revoked_at >= GREATEST("
	    "TIMESTAMP '1970-01-01 00:00:00' + INTERVAL ? MICROSECOND, "
	    "UTC_TIMESTAMP(6) - INTERVAL ? SECOND) "
	    "ORDER BY seq", /* REVOCATIONS_READ */
	"DELETE FROM revocations "
	    "WHERE revoked_at < UTC_TIMESTAMP(6) - INTERVAL ? SECOND"
	    DB_PURGE_LIMIT, /* REVOCATIONS_PURGE */
};

static int
revocations_append(struct db *db, const char *scope, int64_t user_id,
    int64_t sid, const char *reason)
{
	struct db_val	 args[] = {
		DBV_STR(scope), DBV_INT(user_id), DBV_INT(sid),
		DBV_STR(reason),
	};

	return db_exec(db, revocations_sql[REVOCATIONS_APPEND], args, 4) ==
	    -1 ? -1 : 0;
}

int
revocations_session(struct db *db, int64_t user_id, int64_t sid,
    const char *reason)
{
	return revocations_append(db, "session", user_id, sid, reason);
}

int
revocations_user(struct db *db, int64_t user_id, int64_t except,
    const char *reason)
{
	return revocations_append(db, "user", user_id, except, reason);
}

int
revocations_read(struct db *db, int64_t since_us, unsigned window,
    void (*fn)(void *, const struct revocation *), void *arg)
{
	struct revocation	 r;
	long long		 seq = 0, user = 0, uid = 0, sid = 0, at = 0;
	long long		 now = 0;
	struct db_val		 args[] = {
		DBV_INT(since_us < 0 ? 0 : since_us), DBV_INT(window),
	};
	struct db_col		 cols[] = {
		DBC_INT(&seq), DBC_INT(&user), DBC_INT(&uid), DBC_INT(&sid),
		DBC_STR(r.reason), DBC_INT(&at), DBC_INT(&now),
	};
	int			 rc;

	memset(&r, 0, sizeof(r));
	if (db_query(db, revocations_sql[REVOCATIONS_READ], args, 2, cols,
	    sizeof(cols) / sizeof(cols[0])) == -1)
		return -1;
	while ((rc = db_fetch(db)) == 1) {
		r.seq = seq;
		r.user = user != 0;
		r.user_id = uid;
		r.session_id = sid;
		r.at_us = at;
		r.read_us = now;
		fn(arg, &r);
	}
	db_done(db);
	return rc == -1 ? -1 : 0;
}

long long
revocations_purge(struct db *db, const struct config *cfg, unsigned grace)
{
	struct db_val	 arg = DBV_INT((long long)cfg->access_ttl +
	    cfg->token_leeway);

	(void)grace;	/* a row outlives no token it refuses */
	return db_purge(db, revocations_sql[REVOCATIONS_PURGE], &arg, 1);
}
