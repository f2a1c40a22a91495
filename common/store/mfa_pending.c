/*
 * mfa_pending: pending sign-ins.  Every statement about the
 * mfa_pending table is in mfa_pending_sql.
 */
#include <string.h>

#include "db.h"
#include "mfa_pending.h"

enum mfa_pending_stmt {
	MFA_PENDING_CREATE,
	MFA_PENDING_LOCK,
	MFA_PENDING_TRY,
	MFA_PENDING_USE,
	MFA_PENDING_PURGE,
	MFA_PENDING__MAX
};

static const char *const mfa_pending_sql[MFA_PENDING__MAX] = {
	"INSERT INTO mfa_pending (digest, user_id, remember, created_at, "
	    "expires_at) VALUES (?, ?, ?, UTC_TIMESTAMP(), "
	    "UTC_TIMESTAMP() + INTERVAL ? SECOND)", /* MFA_PENDING_CREATE */
	"SELECT id, user_id, remember, tries, used_at IS NOT NULL, "
	    "expires_at <= UTC_TIMESTAMP() FROM mfa_pending "
	    "WHERE digest = ? FOR UPDATE", /* MFA_PENDING_LOCK */
	"UPDATE mfa_pending SET tries = tries + 1 "
	    "WHERE id = ?", /* MFA_PENDING_TRY */
	"UPDATE mfa_pending SET used_at = UTC_TIMESTAMP() "
	    "WHERE id = ? AND used_at IS NULL", /* MFA_PENDING_USE */
	"DELETE FROM mfa_pending "
	    "WHERE expires_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND "
	    "OR used_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND"
	    DB_PURGE_LIMIT, /* MFA_PENDING_PURGE */
};

int
mfa_pending_create(struct db *db, int64_t user_id,
    const unsigned char digest[TOKEN_DIGEST], int remember, unsigned ttl)
{
	struct db_val	 args[] = {
		DBV_BLOB(digest, TOKEN_DIGEST), DBV_INT(user_id),
		DBV_INT(remember != 0), DBV_INT(ttl),
	};

	return db_exec(db, mfa_pending_sql[MFA_PENDING_CREATE], args, 4) ==
	    -1 ? -1 : 0;
}

int
mfa_pending_lock(struct db *db, const unsigned char digest[TOKEN_DIGEST],
    struct mfa_pending *p)
{
	long long	 id = 0, uid = 0, remember = 0, tries = 0;
	long long	 used = 0, expired = 0;
	struct db_val	 arg = DBV_BLOB(digest, TOKEN_DIGEST);
	struct db_col	 cols[] = {
		DBC_INT(&id), DBC_INT(&uid), DBC_INT(&remember),
		DBC_INT(&tries), DBC_INT(&used), DBC_INT(&expired),
	};
	int		 rc;

	memset(p, 0, sizeof(*p));
	rc = db_row(db, mfa_pending_sql[MFA_PENDING_LOCK], &arg, 1, cols,
	    sizeof(cols) / sizeof(cols[0]));
	if (rc != 1)
		return rc;
	p->id = id;
	p->user_id = uid;
	p->remember = remember != 0;
	p->tries = tries < 0 ? 0 : (unsigned)tries;
	p->used = used != 0;
	p->expired = expired != 0;
	return 1;
}

/* Run statement "stmt" of one id.  0 or -1. */
static int
mfa_pending_by_id(struct db *db, enum mfa_pending_stmt stmt, int64_t id)
{
	struct db_val	 arg = DBV_INT(id);

	return db_exec(db, mfa_pending_sql[stmt], &arg, 1) == -1 ? -1 : 0;
}

int
mfa_pending_try(struct db *db, int64_t id)
{
	return mfa_pending_by_id(db, MFA_PENDING_TRY, id);
}

int
mfa_pending_use(struct db *db, int64_t id)
{
	return mfa_pending_by_id(db, MFA_PENDING_USE, id);
}

long long
mfa_pending_purge(struct db *db, const struct config *cfg, unsigned grace)
{
	struct db_val	 args[] = { DBV_INT(grace), DBV_INT(grace) };

	(void)cfg;	/* a row's own times say when it is over */
	return db_purge(db, mfa_pending_sql[MFA_PENDING_PURGE], args, 2);
}
