/*
 * db_tx: transactions, plain SQL text (migrations) and batched purges.
 * A transaction never reconnects: once its connection is lost every
 * statement fails until db_rollback or db_commit ends it.
 */
#include <stdio.h>
#include <string.h>

#include <mysql.h>
#include <errmsg.h>

#include "db_private.h"

int
db_tx_lost(struct db *db)
{
	if (!db->in_tx || db->my != NULL)
		return 0;
	db->err = DB_DOWN;
	snprintf(db->errmsg, sizeof(db->errmsg),
	    "connection lost in transaction");
	return 1;
}

/* Plain text statement on the connection; 0 or -1. */
static int
db_text(struct db *db, const char *sql)
{
	MYSQL_RES	*res;
	long long	 t0;

	db_done(db);
	if (db_tx_lost(db))
		return -1;
	if (db_connect(db) == -1)
		return -1;
	t0 = db_now_ms();
	if (mysql_real_query(db->my, sql, strlen(sql)) != 0) {
		db_set_error(db, mysql_errno(db->my), mysql_error(db->my));
		db_note_timeout(db, t0);
		return -1;
	}
	if ((res = mysql_store_result(db->my)) != NULL)
		mysql_free_result(res);
	return 0;
}

int
db_begin(struct db *db)
{
	db->in_tx = 0;
	db->commit_unknown = 0;
	if (db_text(db, "START TRANSACTION") == -1)
		return -1;
	db->in_tx = 1;
	return 0;
}

int
db_commit(struct db *db)
{
	int	 rc;

	if (db->my == NULL) {
		db->in_tx = 0;
		if (db->err == DB_OK)
			db_set_error(db, CR_SERVER_LOST, "connection lost in transaction");
		return -1;
	}
	rc = db_text(db, "COMMIT");
	db->in_tx = 0;
	/* sent, and no answer: it may have happened or not */
	if (rc == -1 && db->err == DB_DOWN)
		db->commit_unknown = 1;
	return rc;
}

int
db_commit_unknown(const struct db *db)
{
	return db->commit_unknown;
}

void
db_rollback(struct db *db)
{
	enum db_error	 keep = db->err;
	char		 msg[sizeof(db->errmsg)];

	if (db->my == NULL || !db->in_tx) {
		db->in_tx = 0;
		return;
	}
	memcpy(msg, db->errmsg, sizeof(msg));
	db_done(db);
	if (mysql_rollback(db->my) != 0)
		db_set_error(db, mysql_errno(db->my), mysql_error(db->my));
	db->in_tx = 0;
	/* the caller wants the error that made it roll back */
	if (keep != DB_OK) {
		db->err = keep;
		memcpy(db->errmsg, msg, sizeof(msg));
	}
}

int
db_exec_text(struct db *db, const char *sql)
{
	return db_text(db, sql);
}

long long
db_purge(struct db *db, const char *sql, const struct db_val *args,
    size_t nargs)
{
	long long	 n, total = 0;

	do {
		if ((n = db_exec(db, sql, args, nargs)) == -1)
			return -1;
		total += n;
	} while (n >= DB_PURGE_BATCH);
	return total;
}
