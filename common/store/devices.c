/*
 * devices: trusted devices.  Every statement about the
 * trusted_devices table is in devices_sql.  A revoked device is
 * deleted: nothing about it is kept that the audit log does not hold.
 */
#include <string.h>

#include "db.h"
#include "devices.h"

enum devices_stmt {
	DEVICES_CREATE,
	DEVICES_USE,
	DEVICES_LIST,
	DEVICES_REVOKE,
	DEVICES_REVOKE_ALL,
	DEVICES_PURGE,
	DEVICES__MAX
};

static const char *const devices_sql[DEVICES__MAX] = {
	"INSERT INTO trusted_devices (user_id, digest, created_at, "
	    "expires_at, last_used_at, ip, user_agent) "
	    "VALUES (?, ?, UTC_TIMESTAMP(), "
	    "UTC_TIMESTAMP() + INTERVAL ? SECOND, UTC_TIMESTAMP(), "
	    "?, ?)", /* DEVICES_CREATE */
	"UPDATE trusted_devices SET last_used_at = UTC_TIMESTAMP() "
	    "WHERE digest = ? AND user_id = ? "
	    "AND expires_at > UTC_TIMESTAMP()", /* DEVICES_USE */
	"SELECT id, created_at, last_used_at, expires_at, ip, user_agent "
	    "FROM trusted_devices WHERE user_id = ? "
	    "AND expires_at > UTC_TIMESTAMP() "
	    "ORDER BY last_used_at DESC, id DESC "
	    "LIMIT " DB_QUOTE(DEVICES_LIST_MAX), /* DEVICES_LIST */
	"DELETE FROM trusted_devices "
	    "WHERE id = ? AND user_id = ?", /* DEVICES_REVOKE */
	"DELETE FROM trusted_devices "
	    "WHERE user_id = ?", /* DEVICES_REVOKE_ALL */
	"DELETE FROM trusted_devices "
	    "WHERE expires_at <= UTC_TIMESTAMP() - INTERVAL ? SECOND"
	    DB_PURGE_LIMIT, /* DEVICES_PURGE */
};

int
devices_create(struct db *db, int64_t user_id,
    const unsigned char digest[TOKEN_DIGEST], unsigned ttl, const char *ip,
    const char *user_agent, int64_t *id)
{
	struct db_val	 args[] = {
		DBV_INT(user_id), DBV_BLOB(digest, TOKEN_DIGEST),
		DBV_INT(ttl), DBV_STR(ip != NULL ? ip : ""),
		DBV_STR(user_agent != NULL ? user_agent : ""),
	};

	*id = 0;
	if (db_exec(db, devices_sql[DEVICES_CREATE], args, 5) == -1)
		return -1;
	*id = db_insert_id(db);
	return 0;
}

int
devices_use(struct db *db, int64_t user_id,
    const unsigned char digest[TOKEN_DIGEST])
{
	struct db_val	 args[] = {
		DBV_BLOB(digest, TOKEN_DIGEST), DBV_INT(user_id),
	};
	long long	 n;

	/* the connection counts matched rows (CLIENT_FOUND_ROWS): a
	   second use within the same second still finds the device */
	if ((n = db_exec(db, devices_sql[DEVICES_USE], args, 2)) == -1)
		return -1;
	return n > 0;
}

int
devices_list(struct db *db, int64_t user_id, struct device_row *rows,
    size_t *n)
{
	struct device_row	 e;
	long long		 id = 0;
	struct db_val		 arg = DBV_INT(user_id);
	struct db_col		 cols[] = {
		DBC_INT(&id), DBC_TIME(e.created_at), DBC_TIME(e.last_used_at),
		DBC_TIME(e.expires_at), DBC_STR(e.ip), DBC_STR(e.user_agent),
	};
	int			 rc;

	*n = 0;
	memset(&e, 0, sizeof(e));
	if (db_query(db, devices_sql[DEVICES_LIST], &arg, 1, cols, 6) == -1)
		return -1;
	while ((rc = db_fetch(db)) == 1) {
		if (*n == DEVICES_LIST_MAX)
			continue;	/* the LIMIT says it never is */
		e.id = id;
		rows[(*n)++] = e;
	}
	db_done(db);
	return rc == -1 ? -1 : 0;
}

long long
devices_revoke(struct db *db, int64_t id, int64_t user_id)
{
	struct db_val	 args[] = { DBV_INT(id), DBV_INT(user_id) };

	return db_exec(db, devices_sql[DEVICES_REVOKE], args, 2);
}

long long
devices_revoke_all(struct db *db, int64_t user_id)
{
	struct db_val	 arg = DBV_INT(user_id);

	return db_exec(db, devices_sql[DEVICES_REVOKE_ALL], &arg, 1);
}

long long
devices_purge(struct db *db, const struct config *cfg, unsigned grace)
{
	struct db_val	 arg = DBV_INT(grace);

	(void)cfg;	/* a device's own expiry says when it is over */
	return db_purge(db, devices_sql[DEVICES_PURGE], &arg, 1);
}
