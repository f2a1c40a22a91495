/*
 * db_stmt: running statements.  Statements are prepared the first time
 * they run and kept in a small open-addressing table keyed by the
 * address of their SQL text; each data module keeps its SQL in a static
 * array, so the address is stable and the lookup is a few pointer
 * compares.  Parameters are bound from struct db_val.
 */
#include <stdint.h>
#include <string.h>

#include <mysql.h>
#include <errmsg.h>

#include "db_private.h"
#include "log.h"

static size_t
db_slot_of(const char *sql)
{
	uintptr_t	 h = (uintptr_t)sql;

	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15ull;
	return (size_t)(h >> 32) & (DB_CACHE - 1);
}

/* The prepared statement for "sql", preparing it if needed; NULL on error. */
static MYSQL_STMT *
db_stmt(struct db *db, const char *sql)
{
	size_t		 i, n;
	MYSQL_STMT	*stmt;

	if (db_connect(db) == -1)
		return NULL;
	for (i = db_slot_of(sql), n = 0; n < DB_CACHE;
	    i = (i + 1) & (DB_CACHE - 1), n++) {
		if (db->cache[i].sql == sql)
			return db->cache[i].stmt;
		if (db->cache[i].sql == NULL)
			break;
	}
	if (n == DB_CACHE) {
		db_set_error(db, CR_OUT_OF_MEMORY, "statement cache full");
		return NULL;
	}
	if ((stmt = mysql_stmt_init(db->my)) == NULL) {
		db_set_error(db, mysql_errno(db->my), mysql_error(db->my));
		return NULL;
	}
	if (mysql_stmt_prepare(stmt, sql, strlen(sql)) != 0) {
		db_stmt_error(db, stmt);
		log_err("cannot prepare statement: %s", db->errmsg);
		mysql_stmt_close(stmt);
		return NULL;
	}
	db->cache[i].sql = sql;
	db->cache[i].stmt = stmt;
	return stmt;
}

static int
db_bind_args(struct db *db, MYSQL_STMT *stmt, const struct db_val *args,
    size_t nargs, MYSQL_BIND *b, long long *ints, unsigned long *lens)
{
	size_t	 i;

	if (nargs > DB_ARGS_MAX || nargs != mysql_stmt_param_count(stmt)) {
		db_set_error(db, CR_UNKNOWN_ERROR, "wrong number of parameters");
		return -1;
	}
	memset(b, 0, nargs * sizeof(*b));
	for (i = 0; i < nargs; i++) {
		switch (args[i].type) {
		case DB_NULL:
			b[i].buffer_type = MYSQL_TYPE_NULL;
			break;
		case DB_INT:
			ints[i] = args[i].i;
			b[i].buffer_type = MYSQL_TYPE_LONGLONG;
			b[i].buffer = &ints[i];
			break;
		case DB_STR:
		case DB_BLOB:
			lens[i] = args[i].len;
			b[i].buffer_type = args[i].type == DB_STR ?
			    MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
			b[i].buffer = (void *)(uintptr_t)args[i].p;
			b[i].buffer_length = args[i].len;
			b[i].length = &lens[i];
			break;
		case DB_TIME:
			db_set_error(db, CR_UNKNOWN_ERROR,
			    "a time parameter (pass it as text)");
			return -1;
		}
	}
	if (nargs > 0 && mysql_stmt_bind_param(stmt, b) != 0) {
		db_stmt_error(db, stmt);
		return -1;
	}
	return 0;
}

/*
 * Prepare (or find) and execute "sql" with "args".  Outside a
 * transaction a connection found lost is re-established and the
 * statement run once more, unless the server is unreachable (a failed
 * connection attempt or a timeout: see db_unreachable).  Returns the
 * statement, or NULL with the error set.
 */
MYSQL_STMT *
db_run(struct db *db, const char *sql, const struct db_val *args,
    size_t nargs)
{
	MYSQL_BIND	 b[DB_ARGS_MAX];
	long long	 ints[DB_ARGS_MAX];
	unsigned long	 lens[DB_ARGS_MAX];
	MYSQL_STMT	*stmt;
	long long	 t0;
	int		 attempt, was_tx;

	db_done(db);
	for (attempt = 0; attempt < 2; attempt++) {
		t0 = db_now_ms();
		was_tx = db->in_tx;
		if (db_tx_lost(db))
			return NULL;
		db->err = DB_OK;
		if ((stmt = db_stmt(db, sql)) != NULL &&
		    db_bind_args(db, stmt, args, nargs, b, ints, lens) == 0) {
			if (mysql_stmt_execute(stmt) == 0)
				return stmt;
			db_stmt_error(db, stmt);
		}
		db_note_timeout(db, t0);
		if (db->err != DB_DOWN || was_tx || db->unreachable)
			break;
	}
	return NULL;
}

long long
db_exec(struct db *db, const char *sql, const struct db_val *args,
    size_t nargs)
{
	MYSQL_STMT	*stmt;
	my_ulonglong	 n;

	if ((stmt = db_run(db, sql, args, nargs)) == NULL)
		return -1;
	n = mysql_stmt_affected_rows(stmt);
	db->insert_id = (long long)mysql_stmt_insert_id(stmt);
	return n == (my_ulonglong)-1 ? 0 : (long long)n;
}

long long
db_insert_id(const struct db *db)
{
	return db->insert_id;
}
