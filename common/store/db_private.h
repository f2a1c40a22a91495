/*
 * db_private: what the pieces of the db module share and nobody else
 * sees: the handle itself and the helpers one piece offers the others.
 * db.c holds the connection, its errors and its health; db_stmt.c the
 * prepared-statement cache and parameter binding; db_result.c result
 * columns and rows; db_tx.c transactions, plain text and purges.
 */
#ifndef FCAUTH_DB_PRIVATE_H
#define FCAUTH_DB_PRIVATE_H

#include <time.h>

#include <mysql.h>

#include "db.h"

#define DB_CACHE	256	/* statement slots; a power of two */
#define DB_ARGS_MAX	24	/* parameters of one statement */
#define DB_COLS_MAX	32	/* result columns of one statement */

struct db_slot {
	const char	*sql;	/* key: the caller's static SQL text */
	MYSQL_STMT	*stmt;
};

struct db {
	const struct config *cfg;
	MYSQL		*my;		/* NULL when not connected */
	struct db_slot	 cache[DB_CACHE];
	int		 in_tx;
	int		 commit_unknown;	/* see db_commit_unknown() */

	/* the open query, if any */
	MYSQL_STMT	*open;
	struct db_col	*cols;
	size_t		 ncols;
	MYSQL_BIND	 out[DB_COLS_MAX];
	unsigned long	 outlen[DB_COLS_MAX];
	my_bool		 outnull[DB_COLS_MAX];
	MYSQL_TIME	 outtime[DB_COLS_MAX];	/* DB_TIME columns */

	long long	 insert_id;
	int		 unreachable;	/* see db_unreachable() */
	size_t		 host_next;	/* item of the host list tried first */
	enum db_error	 err;
	char		 errmsg[256];
};

/*
 * Set the error from a server or client error number and its text (db.c).
 * A DB_DOWN error drops the connection and every statement.
 */
void		 db_set_error(struct db *db, unsigned int no, const char *msg);

/* db_set_error from the last error of "stmt" (db.c). */
void		 db_stmt_error(struct db *db, MYSQL_STMT *stmt);

/*
 * After a call that began at "t0" (db_now_ms) lost the connection, mark
 * the server unreachable if the call waited out a timeout (db.c).
 */
void		 db_note_timeout(struct db *db, long long t0);

/*
 * Whether the open transaction has lost its connection (db_tx.c): then
 * the error is set to DB_DOWN and nothing may run until the transaction
 * ends, as a new connection would run it outside the transaction.  1
 * or 0.
 */
int		 db_tx_lost(struct db *db);

/*
 * Prepare (or find) and execute "sql" with "args", reconnecting once
 * outside a transaction (db_stmt.c).  The statement, or NULL with the
 * error set.
 */
MYSQL_STMT	*db_run(struct db *db, const char *sql,
		    const struct db_val *args, size_t nargs);

/* Milliseconds on the monotonic clock. */
static inline long long
db_now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#endif /* FCAUTH_DB_PRIVATE_H */
