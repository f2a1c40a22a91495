/*
 * db: the MariaDB connection of one process.  Statements are prepared
 * on first use and kept (keyed by their SQL text's address, so each
 * data module keeps its SQL in a static enum-indexed array); after a
 * reconnect they are prepared again.  Connect, read and write timeouts
 * come from the configuration.  One statement's result is open at a
 * time: a query is followed by db_fetch calls and db_done.
 */
#ifndef FCAUTH_DB_H
#define FCAUTH_DB_H

#include <stddef.h>
#include <string.h>

struct config;
struct db;

enum db_error {
	DB_OK,
	DB_DOWN,	/* cannot connect, or the connection was lost: 503 */
	DB_DUPLICATE,	/* unique key violation (1062) */
	DB_RETRY,	/* deadlock or lock wait timeout: run it again */
	DB_GONE,	/* a row referred to was deleted meanwhile (1452):
			   run it again, which then finds it gone */
	DB_FAILED,	/* anything else: a bug, 500 */
};

enum db_type {
	DB_NULL,
	DB_INT,		/* long long */
	DB_STR,		/* text; results NUL-terminated */
	DB_BLOB,	/* bytes */
	DB_TIME,	/* results only: a DATETIME or DATE column */
};

/* A statement parameter. */
struct db_val {
	enum db_type	 type;
	long long	 i;
	const void	*p;
	size_t		 len;
};

#define DBV_NULL	((struct db_val){ .type = DB_NULL })
#define DBV_INT(v)	((struct db_val){ .type = DB_INT, .i = (v) })
#define DBV_STR(s)	((struct db_val){ .type = DB_STR, .p = (s), .len = strlen(s) })
#define DBV_OPTSTR(s)	((s) != NULL ? DBV_STR(s) : DBV_NULL)
#define DBV_BLOB(b, n)	((struct db_val){ .type = DB_BLOB, .p = (b), .len = (n) })

/*
 * Where a result column goes.  For DB_STR/DB_BLOB, "buf" holds "cap"
 * bytes.  A DB_TIME column is formatted into "buf" (if not NULL) as
 * API.md writes times, "2024-01-31T12:00:00Z", or "2024-01-31" for a
 * DATE, and its seconds since the epoch (read as UTC) go to "i" (if not
 * NULL): the server only copies the stored value, which is cheaper per
 * statement than DATE_FORMAT or UNIX_TIMESTAMP in the SQL.
 */
struct db_col {
	enum db_type	 type;		/* DB_INT, DB_STR, DB_BLOB, DB_TIME */
	long long	*i;
	void		*buf;
	size_t		 cap;
	size_t		*len;		/* may be NULL */
	int		*is_null;	/* may be NULL; NULL values give 0/"" */
};

#define DBC_INT(p)		((struct db_col){ .type = DB_INT, .i = (p) })
#define DBC_STR(b)		((struct db_col){ .type = DB_STR, .buf = (b), .cap = sizeof(b) })
#define DBC_STRN(b, n, isnull)	((struct db_col){ .type = DB_STR, .buf = (b), .cap = sizeof(b), .len = (n), .is_null = (isnull) })
#define DBC_BLOB(b, n)		((struct db_col){ .type = DB_BLOB, .buf = (b), .cap = sizeof(b), .len = (n) })
#define DBC_TIME(b)		((struct db_col){ .type = DB_TIME, .buf = (b), .cap = sizeof(b) })
#define DBC_EPOCH(p, isnull)	((struct db_col){ .type = DB_TIME, .i = (p), .is_null = (isnull) })

/* A handle for "cfg" (borrowed for the handle's life).  Does not
 * connect yet.  NULL on out of memory. */
struct db	*db_open(const struct config *cfg);

/* Close the connection and free the handle.  NULL does nothing. */
void		 db_close(struct db *db);

/* Connect if not connected.  0, or -1 (DB_DOWN). */
int		 db_connect(struct db *db);

/* Drop the connection and every prepared statement; the next call
 * connects again. */
void		 db_disconnect(struct db *db);

/*
 * Run a statement that returns no rows.  Returns the number of affected
 * rows (>= 0), or -1 with db_error() set.
 */
long long	 db_exec(struct db *db, const char *sql,
		    const struct db_val *args, size_t nargs);

/*
 * Purges delete in batches, so a large backlog never holds locks for
 * long: each purge statement ends in DB_PURGE_LIMIT and is run by
 * db_purge.
 */
#define DB_PURGE_BATCH	1000		/* rows per DELETE */
#define DB_QUOTE_(x)	#x
#define DB_QUOTE(x)	DB_QUOTE_(x)
#define DB_PURGE_LIMIT	" LIMIT " DB_QUOTE(DB_PURGE_BATCH)

/*
 * Run the purge statement "sql" (a DELETE ... DB_PURGE_LIMIT), each run
 * its own transaction, until a run removes fewer than DB_PURGE_BATCH
 * rows.  The number of rows removed, or -1 with db_error() set.
 */
long long	 db_purge(struct db *db, const char *sql,
		    const struct db_val *args, size_t nargs);

/* The AUTO_INCREMENT id of the last insert. */
long long	 db_insert_id(const struct db *db);

/*
 * Run a statement that returns rows, binding each row to "cols" (which
 * must stay valid until db_done).  0 or -1.
 */
int		 db_query(struct db *db, const char *sql,
		    const struct db_val *args, size_t nargs,
		    struct db_col *cols, size_t ncols);

/* The next row into the columns: 1 row, 0 no more, -1 error. */
int		 db_fetch(struct db *db);

/* End the open query.  Harmless when none is open. */
void		 db_done(struct db *db);

/* db_query + db_fetch + db_done: 1 a row, 0 none, -1 error. */
int		 db_row(struct db *db, const char *sql,
		    const struct db_val *args, size_t nargs,
		    struct db_col *cols, size_t ncols);

/* Transactions.  0 or -1.  db_rollback is safe to call any time. */
int		 db_begin(struct db *db);
int		 db_commit(struct db *db);
void		 db_rollback(struct db *db);

/*
 * Whether the last db_commit lost its connection after sending the
 * COMMIT, so that nobody knows whether it happened: a rerun must find
 * out (once.h) rather than do the work again.  Cleared by db_begin.
 */
int		 db_commit_unknown(const struct db *db);

/* Run plain SQL text with no parameters and no rows (migrations). */
int		 db_exec_text(struct db *db, const char *sql);

/* The class of the last error, and its text for logs. */
enum db_error	 db_error(const struct db *db);
const char	*db_strerror(const struct db *db);

/* Clear the last error (before a retry). */
void		 db_clear_error(struct db *db);

/*
 * Whether the server is known not to answer: the last connection
 * attempt failed, or a statement failed only after waiting out the
 * read or write timeout.  Trying again at once would only wait out
 * another timeout, so callers then answer 503 instead of retrying.
 * Cleared by the next successful connection.  1 or 0.
 */
int		 db_unreachable(const struct db *db);

#endif /* FCAUTH_DB_H */
