/*
 * passkeys: the passkeys and webauthn_handles tables, and the count
 * users.passkeys that the user object shows.  Every statement about
 * them is in passkeys_sql.  A deleted credential is gone: the audit log
 * keeps that it was there.
 */
#include <string.h>

#include "db.h"
#include "passkeys.h"

enum passkeys_stmt {
	PASSKEYS_ADD,
	PASSKEYS_LIST,
	PASSKEYS_BY_CRED,
	PASSKEYS_USED,
	PASSKEYS_RENAME,
	PASSKEYS_DELETE,
	PASSKEYS_HANDLE_GET,
	PASSKEYS_HANDLE_CREATE,
	PASSKEYS_HANDLE_USER,
	PASSKEYS_HELD_LOCK,
	PASSKEYS_COUNT_UP,
	PASSKEYS_COUNT_DOWN,
	PASSKEYS__MAX
};

static const char *const passkeys_sql[PASSKEYS__MAX] = {
	"INSERT INTO passkeys (user_id, cred_id, public_key, alg, "
	    "sign_count, transports, backup_eligible, backed_up, aaguid, "
	    "fmt, name, created_at) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
	    "UTC_TIMESTAMP())", /* PASSKEYS_ADD */
	"SELECT id, cred_id, name, transports, backed_up, created_at, "
	    "last_used_at FROM passkeys WHERE user_id = ? "
	    "ORDER BY id DESC "
	    "LIMIT " DB_QUOTE(PASSKEYS_LIST_MAX), /* PASSKEYS_LIST */
	"SELECT id, user_id, cred_id, public_key, alg, sign_count, "
	    "transports, backup_eligible, backed_up, aaguid, fmt, name "
	    "FROM passkeys WHERE cred_id = ? FOR UPDATE", /* PASSKEYS_BY_CRED */
	"UPDATE passkeys SET sign_count = ?, backed_up = ?, "
	    "last_used_at = UTC_TIMESTAMP() WHERE id = ?", /* PASSKEYS_USED */
	"UPDATE passkeys SET name = ? "
	    "WHERE id = ? AND user_id = ?", /* PASSKEYS_RENAME */
	"DELETE FROM passkeys "
	    "WHERE id = ? AND user_id = ?", /* PASSKEYS_DELETE */
	"SELECT handle FROM webauthn_handles "
	    "WHERE user_id = ?", /* PASSKEYS_HANDLE_GET */
	"INSERT INTO webauthn_handles (user_id, handle, created_at) "
	    "VALUES (?, ?, UTC_TIMESTAMP())", /* PASSKEYS_HANDLE_CREATE */
	"SELECT user_id FROM webauthn_handles "
	    "WHERE handle = ?", /* PASSKEYS_HANDLE_USER */
	"SELECT passkeys FROM users "
	    "WHERE id = ? FOR UPDATE", /* PASSKEYS_HELD_LOCK */
	"UPDATE users SET passkeys = passkeys + 1 "
	    "WHERE id = ?", /* PASSKEYS_COUNT_UP */
	"UPDATE users SET passkeys = passkeys - 1 "
	    "WHERE id = ? AND passkeys > 0", /* PASSKEYS_COUNT_DOWN */
};

int
passkeys_add(struct db *db, const struct passkey *p, int64_t *id)
{
	struct db_val	 args[] = {
		DBV_INT(p->user_id), DBV_BLOB(p->cred_id, p->cred_id_len),
		DBV_BLOB(p->pk, p->pk_len), DBV_INT(p->alg),
		DBV_INT(p->sign_count), DBV_STR(p->transports),
		DBV_INT(p->backup_eligible != 0), DBV_INT(p->backed_up != 0),
		DBV_BLOB(p->aaguid, sizeof(p->aaguid)), DBV_STR(p->fmt),
		DBV_STR(p->name),
	};
	struct db_val	 uid = DBV_INT(p->user_id);

	*id = 0;
	if (db_exec(db, passkeys_sql[PASSKEYS_ADD], args,
	    sizeof(args) / sizeof(args[0])) == -1)
		return db_error(db) == DB_DUPLICATE ? 1 : -1;
	*id = db_insert_id(db);
	return db_exec(db, passkeys_sql[PASSKEYS_COUNT_UP], &uid, 1) == -1 ?
	    -1 : 0;
}

int
passkeys_list(struct db *db, int64_t user_id, struct passkey_row *rows,
    size_t *n)
{
	struct passkey_row	 e;
	long long		 id = 0, bu = 0;
	struct db_val		 arg = DBV_INT(user_id);
	struct db_col		 cols[] = {
		DBC_INT(&id), DBC_BLOB(e.cred_id, &e.cred_id_len),
		DBC_STR(e.name), DBC_STR(e.transports), DBC_INT(&bu),
		DBC_TIME(e.created_at), DBC_TIME(e.last_used_at),
	};
	int			 rc;

	*n = 0;
	memset(&e, 0, sizeof(e));
	if (db_query(db, passkeys_sql[PASSKEYS_LIST], &arg, 1, cols,
	    sizeof(cols) / sizeof(cols[0])) == -1)
		return -1;
	while ((rc = db_fetch(db)) == 1) {
		if (*n == PASSKEYS_LIST_MAX)
			continue;	/* the LIMIT says it never is */
		e.id = id;
		e.backed_up = bu != 0;
		rows[(*n)++] = e;
	}
	db_done(db);
	return rc == -1 ? -1 : 0;
}

int
passkeys_held_locked(struct db *db, int64_t user_id, long long *n)
{
	struct db_val	 arg = DBV_INT(user_id);
	struct db_col	 col = DBC_INT(n);

	*n = 0;
	return db_row(db, passkeys_sql[PASSKEYS_HELD_LOCK], &arg, 1, &col,
	    1) == -1 ? -1 : 0;
}

int
passkeys_by_cred(struct db *db, const unsigned char *cred_id, size_t len,
    struct passkey *out)
{
	long long	 id = 0, uid = 0, alg = 0, count = 0, be = 0, bu = 0;
	size_t		 aaguid_len = 0;
	struct db_val	 arg = DBV_BLOB(cred_id, len);
	struct db_col	 cols[] = {
		DBC_INT(&id), DBC_INT(&uid),
		DBC_BLOB(out->cred_id, &out->cred_id_len),
		DBC_BLOB(out->pk, &out->pk_len), DBC_INT(&alg), DBC_INT(&count),
		DBC_STR(out->transports), DBC_INT(&be), DBC_INT(&bu),
		DBC_BLOB(out->aaguid, &aaguid_len), DBC_STR(out->fmt),
		DBC_STR(out->name),
	};
	int		 rc;

	memset(out, 0, sizeof(*out));
	if (len == 0 || len > PASSKEYS_ID_MAX)
		return 0;
	rc = db_row(db, passkeys_sql[PASSKEYS_BY_CRED], &arg, 1, cols,
	    sizeof(cols) / sizeof(cols[0]));
	if (rc != 1)
		return rc;
	out->id = id;
	out->user_id = uid;
	out->alg = (int)alg;
	out->sign_count = (uint32_t)count;
	out->backup_eligible = be != 0;
	out->backed_up = bu != 0;
	return 1;
}

int
passkeys_used(struct db *db, int64_t id, uint32_t sign_count, int backed_up)
{
	struct db_val	 args[] = {
		DBV_INT(sign_count), DBV_INT(backed_up != 0), DBV_INT(id),
	};

	return db_exec(db, passkeys_sql[PASSKEYS_USED], args, 3) == -1 ?
	    -1 : 0;
}

long long
passkeys_rename(struct db *db, int64_t id, int64_t user_id, const char *name)
{
	struct db_val	 args[] = {
		DBV_STR(name), DBV_INT(id), DBV_INT(user_id),
	};

	return db_exec(db, passkeys_sql[PASSKEYS_RENAME], args, 3);
}

long long
passkeys_delete(struct db *db, int64_t id, int64_t user_id)
{
	struct db_val	 args[] = { DBV_INT(id), DBV_INT(user_id) };
	long long	 n;

	if ((n = db_exec(db, passkeys_sql[PASSKEYS_DELETE], args, 2)) <= 0)
		return n;
	return db_exec(db, passkeys_sql[PASSKEYS_COUNT_DOWN], &args[1],
	    1) == -1 ? -1 : n;
}

int
passkeys_handle_get(struct db *db, int64_t user_id,
    unsigned char handle[PASSKEYS_HANDLE_LEN])
{
	unsigned char	 buf[PASSKEYS_HANDLE_LEN];
	size_t		 len = 0;
	struct db_val	 arg = DBV_INT(user_id);
	struct db_col	 col = DBC_BLOB(buf, &len);
	int		 rc;

	rc = db_row(db, passkeys_sql[PASSKEYS_HANDLE_GET], &arg, 1, &col, 1);
	if (rc != 1)
		return rc;
	if (len != PASSKEYS_HANDLE_LEN)
		return -1;
	memcpy(handle, buf, PASSKEYS_HANDLE_LEN);
	return 1;
}

int
passkeys_handle_create(struct db *db, int64_t user_id,
    const unsigned char handle[PASSKEYS_HANDLE_LEN])
{
	struct db_val	 args[] = {
		DBV_INT(user_id), DBV_BLOB(handle, PASSKEYS_HANDLE_LEN),
	};

	if (db_exec(db, passkeys_sql[PASSKEYS_HANDLE_CREATE], args, 2) == -1)
		return db_error(db) == DB_DUPLICATE ? 1 : -1;
	return 0;
}

int
passkeys_handle_user(struct db *db, const unsigned char *handle, size_t len,
    int64_t *user_id)
{
	long long	 uid = 0;
	struct db_val	 arg = DBV_BLOB(handle, len);
	struct db_col	 col = DBC_INT(&uid);
	int		 rc;

	*user_id = 0;
	if (len != PASSKEYS_HANDLE_LEN)
		return 0;
	if ((rc = db_row(db, passkeys_sql[PASSKEYS_HANDLE_USER], &arg, 1,
	    &col, 1)) == 1)
		*user_id = uid;
	return rc;
}
