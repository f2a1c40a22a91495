/*
 * idem: the idempotency table.  See idem.h.
 */
#include <string.h>

#include "db.h"
#include "idem.h"

enum idem_stmt {
	IDEM_FIND,
	IDEM_PUT,
	IDEM_DROP_OLD,
	IDEM_PURGE,
	IDEM__STMTS
};

static const char *const idem_sql[IDEM__STMTS] = {
	"SELECT body_hash, reply FROM idempotency "
	    "WHERE op = ? AND owner = ? AND key_hash = ? AND created_at > "
	    "UTC_TIMESTAMP() - INTERVAL " DB_QUOTE(IDEM_TTL) " SECOND",
	    /* IDEM_FIND */
	"INSERT INTO idempotency (op, owner, key_hash, body_hash, reply, "
	    "created_at) VALUES (?, ?, ?, ?, ?, UTC_TIMESTAMP())", /* IDEM_PUT */
	"DELETE FROM idempotency WHERE op = ? AND owner = ? AND key_hash = ? "
	    "AND created_at <= UTC_TIMESTAMP() - INTERVAL " DB_QUOTE(IDEM_TTL)
	    " SECOND", /* IDEM_DROP_OLD */
	"DELETE FROM idempotency WHERE created_at < UTC_TIMESTAMP() - "
	    "INTERVAL ? SECOND" DB_PURGE_LIMIT, /* IDEM_PURGE */
};

int
idem_find(struct db *db, const char *op, int64_t owner,
    const unsigned char *key_hash, struct idem_row *out)
{
	struct db_val	 args[] = {
		DBV_STR(op), DBV_INT(owner), DBV_BLOB(key_hash, IDEM_HASH),
	};
	size_t		 hlen = 0;
	struct db_col	 cols[] = {
		DBC_BLOB(out->body_hash, &hlen),
		DBC_BLOB(out->reply, &out->replylen),
	};
	int		 rc;

	out->replylen = 0;
	rc = db_row(db, idem_sql[IDEM_FIND], args, 3, cols, 2);
	if (rc == 1 && hlen != IDEM_HASH)
		return 0;	/* not a row this program wrote */
	return rc;
}

int
idem_put(struct db *db, const char *op, int64_t owner,
    const unsigned char *key_hash, const unsigned char *body_hash,
    const unsigned char *reply, size_t replylen)
{
	struct db_val	 args[] = {
		DBV_STR(op), DBV_INT(owner), DBV_BLOB(key_hash, IDEM_HASH),
		DBV_BLOB(body_hash, IDEM_HASH), DBV_BLOB(reply, replylen),
	};
	long long	 n;
	int		 again;

	for (again = 0; again < 2; again++) {
		if (db_exec(db, idem_sql[IDEM_PUT], args, 5) != -1)
			return 1;
		if (db_error(db) != DB_DUPLICATE)
			return -1;
		db_clear_error(db);
		/* a key past its day that purge has not removed yet is
		 * free again: drop it and insert once more */
		if ((n = db_exec(db, idem_sql[IDEM_DROP_OLD], args, 3)) == -1)
			return -1;
		if (n == 0)
			break;
	}
	return 0;
}

long long
idem_purge(struct db *db, const struct config *cfg, unsigned grace)
{
	struct db_val	 arg = DBV_INT((long long)grace + IDEM_TTL);

	(void)cfg;
	return db_purge(db, idem_sql[IDEM_PURGE], &arg, 1);
}
