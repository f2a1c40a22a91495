/*
 * mfa_factors: every statement about the second factor.  The replay
 * refusal is the WHERE of MFA_USE_STEP: two requests with the same
 * code race on one row, and only the first UPDATE changes it.
 */
#include <string.h>

#include "db.h"
#include "mfa_factors.h"

enum mfa_stmt {
	MFA_GET,
	MFA_GET_LOCK,
	MFA_DROP_PENDING,
	MFA_INSERT,
	MFA_USE_STEP,
	MFA_CONFIRM,
	MFA_FLAG_TOTP,
	MFA_CODES_DELETE,
	MFA_CODE_INSERT,
	MFA_FLAG_LEFT,
	MFA_CODE_USE,
	MFA_LEFT_DOWN,
	MFA_FLAGS,
	MFA_DELETE,
	MFA_FLAGS_CLEAR,
	MFA__MAX
};

static const char *const mfa_sql[MFA__MAX] = {
	"SELECT secret_sealed, nonce, confirmed_at IS NOT NULL, "
	    "last_used_step FROM mfa_totp WHERE user_id = ?", /* MFA_GET */
	"SELECT secret_sealed, nonce, confirmed_at IS NOT NULL, "
	    "last_used_step FROM mfa_totp WHERE user_id = ? "
	    "FOR UPDATE", /* MFA_GET_LOCK */
	"DELETE FROM mfa_totp WHERE user_id = ? "
	    "AND confirmed_at IS NULL", /* MFA_DROP_PENDING */
	"INSERT INTO mfa_totp (user_id, secret_sealed, nonce, created_at) "
	    "VALUES (?, ?, ?, UTC_TIMESTAMP())", /* MFA_INSERT */
	"UPDATE mfa_totp SET last_used_step = ? WHERE user_id = ? "
	    "AND confirmed_at IS NOT NULL "
	    "AND last_used_step < ?", /* MFA_USE_STEP */
	"UPDATE mfa_totp SET last_used_step = ?, "
	    "confirmed_at = UTC_TIMESTAMP() WHERE user_id = ? "
	    "AND confirmed_at IS NULL AND last_used_step < ?", /* MFA_CONFIRM */
	"UPDATE users SET mfa_totp = 1 WHERE id = ?", /* MFA_FLAG_TOTP */
	"DELETE FROM mfa_recovery WHERE user_id = ?", /* MFA_CODES_DELETE */
	"INSERT INTO mfa_recovery (user_id, digest, created_at) "
	    "VALUES (?, ?, UTC_TIMESTAMP())", /* MFA_CODE_INSERT */
	"UPDATE users SET mfa_recovery_left = ? WHERE id = ?", /* MFA_FLAG_LEFT */
	"UPDATE mfa_recovery SET used_at = UTC_TIMESTAMP() "
	    "WHERE user_id = ? AND digest = ? "
	    "AND used_at IS NULL", /* MFA_CODE_USE */
	"UPDATE users SET mfa_recovery_left = mfa_recovery_left - 1 "
	    "WHERE id = ? AND mfa_recovery_left > 0", /* MFA_LEFT_DOWN */
	"SELECT mfa_totp, mfa_recovery_left FROM users "
	    "WHERE id = ?", /* MFA_FLAGS */
	"DELETE FROM mfa_totp WHERE user_id = ?", /* MFA_DELETE */
	"UPDATE users SET mfa_totp = 0, mfa_recovery_left = 0 "
	    "WHERE id = ?", /* MFA_FLAGS_CLEAR */
};

int
mfa_store_totp(struct db *db, int64_t user_id, int lock,
    struct mfa_totp_row *row)
{
	struct db_val	 arg = DBV_INT(user_id);
	long long	 confirmed = 0;
	struct db_col	 cols[] = {
		DBC_BLOB(row->sealed, &row->sealed_len),
		DBC_BLOB(row->nonce, &row->nonce_len),
		DBC_INT(&confirmed),
		DBC_INT(&row->last_step),
	};
	int		 rc;

	memset(row, 0, sizeof(*row));
	rc = db_row(db, mfa_sql[lock ? MFA_GET_LOCK : MFA_GET], &arg, 1,
	    cols, sizeof(cols) / sizeof(cols[0]));
	row->confirmed = confirmed != 0;
	return rc;
}

int
mfa_store_pending(struct db *db, int64_t user_id,
    const unsigned char *sealed, size_t len,
    const unsigned char nonce[MFA_NONCE_LEN])
{
	struct mfa_totp_row	 row;
	struct db_val		 arg = DBV_INT(user_id);
	struct db_val		 ins[] = {
		DBV_INT(user_id), DBV_BLOB(sealed, len),
		DBV_BLOB(nonce, MFA_NONCE_LEN),
	};
	int			 rc;

	if ((rc = mfa_store_totp(db, user_id, 1, &row)) == -1)
		return -1;
	if (rc == 1 && row.confirmed)
		return 0;
	if (db_exec(db, mfa_sql[MFA_DROP_PENDING], &arg, 1) == -1 ||
	    db_exec(db, mfa_sql[MFA_INSERT], ins, 3) == -1)
		return -1;
	return 1;
}

int
mfa_store_use_step(struct db *db, int64_t user_id, long long step,
    int confirm)
{
	struct db_val	 args[] = {
		DBV_INT(step), DBV_INT(user_id), DBV_INT(step),
	};
	struct db_val	 arg = DBV_INT(user_id);
	long long	 n;

	n = db_exec(db, mfa_sql[confirm ? MFA_CONFIRM : MFA_USE_STEP],
	    args, 3);
	if (n <= 0)
		return n == 0 ? 0 : -1;
	if (confirm && db_exec(db, mfa_sql[MFA_FLAG_TOTP], &arg, 1) == -1)
		return -1;
	return 1;
}

int
mfa_store_codes(struct db *db, int64_t user_id,
    const unsigned char (*digests)[32], size_t n)
{
	struct db_val	 arg = DBV_INT(user_id);
	struct db_val	 ins[2];
	struct db_val	 left[] = { DBV_INT((long long)n), DBV_INT(user_id) };
	size_t		 i;

	if (db_exec(db, mfa_sql[MFA_CODES_DELETE], &arg, 1) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		ins[0] = DBV_INT(user_id);
		ins[1] = DBV_BLOB(digests[i], 32);
		if (db_exec(db, mfa_sql[MFA_CODE_INSERT], ins, 2) == -1)
			return -1;
	}
	return db_exec(db, mfa_sql[MFA_FLAG_LEFT], left, 2) == -1 ? -1 : 0;
}

int
mfa_store_use_code(struct db *db, int64_t user_id, const unsigned char d[32],
    int *left)
{
	struct db_val	 args[] = { DBV_INT(user_id), DBV_BLOB(d, 32) };
	struct db_val	 arg = DBV_INT(user_id);
	long long	 n;
	int		 totp;

	if ((n = db_exec(db, mfa_sql[MFA_CODE_USE], args, 2)) <= 0)
		return n == 0 ? 0 : -1;
	if (db_exec(db, mfa_sql[MFA_LEFT_DOWN], &arg, 1) == -1 ||
	    mfa_store_flags(db, user_id, &totp, left) == -1)
		return -1;
	return 1;
}

int
mfa_store_flags(struct db *db, int64_t user_id, int *totp, int *left)
{
	struct db_val	 arg = DBV_INT(user_id);
	long long	 t = 0, l = 0;
	struct db_col	 cols[] = { DBC_INT(&t), DBC_INT(&l) };
	int		 rc;

	rc = db_row(db, mfa_sql[MFA_FLAGS], &arg, 1, cols, 2);
	*totp = t != 0;
	*left = (int)l;
	return rc;
}

int
mfa_store_remove(struct db *db, int64_t user_id)
{
	struct db_val	 arg = DBV_INT(user_id);

	if (db_exec(db, mfa_sql[MFA_DELETE], &arg, 1) == -1 ||
	    db_exec(db, mfa_sql[MFA_CODES_DELETE], &arg, 1) == -1 ||
	    db_exec(db, mfa_sql[MFA_FLAGS_CLEAR], &arg, 1) == -1)
		return -1;
	return 0;
}
