/*
 * webauthn_challenges: every statement about the webauthn_challenges
 * table is in wa_sql.
 */
#include <string.h>

#include "db.h"
#include "webauthn_challenges.h"

enum wa_stmt {
	WA_CREATE,
	WA_USE,
	WA_OF,
	WA_PURGE,
	WA__MAX
};

static const char *const wa_sql[WA__MAX] = {
	"INSERT INTO webauthn_challenges (digest, purpose, user_id, "
	    "mfa_pending_id, created_at, expires_at) "
	    "VALUES (?, ?, ?, ?, UTC_TIMESTAMP(), "
	    "UTC_TIMESTAMP() + INTERVAL ? SECOND)", /* WA_CREATE */
	"UPDATE webauthn_challenges SET used_at = UTC_TIMESTAMP() "
	    "WHERE digest = ? AND purpose BETWEEN ? AND ? AND used_at IS NULL "
	    "AND expires_at > UTC_TIMESTAMP()", /* WA_USE */
	"SELECT purpose, user_id, mfa_pending_id FROM webauthn_challenges "
	    "WHERE digest = ?", /* WA_OF */
	"DELETE FROM webauthn_challenges "
	    "WHERE expires_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND"
	    DB_PURGE_LIMIT, /* WA_PURGE */
};

int
wa_challenges_create(struct db *db,
    const unsigned char digest[WA_CHALLENGE_DIGEST], enum wa_purpose purpose,
    int64_t user_id, int64_t pending_id, unsigned ttl)
{
	struct db_val	 args[] = {
		DBV_BLOB(digest, WA_CHALLENGE_DIGEST), DBV_INT(purpose),
		user_id > 0 ? DBV_INT(user_id) : DBV_NULL,
		pending_id > 0 ? DBV_INT(pending_id) : DBV_NULL,
		DBV_INT(ttl),
	};

	return db_exec(db, wa_sql[WA_CREATE], args, 5) == -1 ? -1 : 0;
}

int
wa_challenges_use(struct db *db,
    const unsigned char digest[WA_CHALLENGE_DIGEST], enum wa_purpose lo,
    enum wa_purpose hi, enum wa_purpose *purpose, int64_t *user_id,
    int64_t *pending_id)
{
	struct db_val	 args[] = {
		DBV_BLOB(digest, WA_CHALLENGE_DIGEST), DBV_INT(lo), DBV_INT(hi),
	};
	long long	 n, pu = 0, uid = 0, pid = 0;
	struct db_col	 cols[] = { DBC_INT(&pu), DBC_INT(&uid), DBC_INT(&pid) };
	int		 rc;

	*purpose = lo;
	*user_id = 0;
	*pending_id = 0;
	if ((n = db_exec(db, wa_sql[WA_USE], args, 3)) == -1)
		return -1;
	if (n == 0)
		return 0;
	if ((rc = db_row(db, wa_sql[WA_OF], args, 1, cols, 3)) != 1)
		return rc;
	*purpose = (enum wa_purpose)pu;
	*user_id = uid;
	*pending_id = pid;
	return 1;
}

long long
wa_challenges_purge(struct db *db, const struct config *cfg, unsigned grace)
{
	struct db_val	 arg = DBV_INT(grace);

	(void)cfg;	/* a challenge's own expiry says when it is over */
	return db_purge(db, wa_sql[WA_PURGE], &arg, 1);
}
