/*
 * db: one MariaDB connection per process, with its prepared statements.
 *
 * Statements are prepared the first time they run and kept in a small
 * open-addressing table keyed by the address of their SQL text; each
 * data module keeps its SQL in a static array, so the address is stable
 * and the lookup is a few pointer compares.  When the connection is
 * lost, the connection and every statement are dropped together; a call
 * outside a transaction reconnects and runs once more.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <mysql.h>
#include <errmsg.h>
#include <mysqld_error.h>

#include "config.h"
#include "db.h"
#include "list.h"
#include "log.h"

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
	enum db_error	 err;
	char		 errmsg[256];
};

/*
 * Sort a server or client error number into what the caller can do
 * about it.
 */
static enum db_error
db_classify(unsigned int no)
{
	switch (no) {
	case 0:
		return DB_OK;
	case ER_DUP_ENTRY:
		return DB_DUPLICATE;
	case ER_LOCK_DEADLOCK:
	case ER_LOCK_WAIT_TIMEOUT:
		return DB_RETRY;
	case ER_NO_REFERENCED_ROW_2:
		/* e.g. a login's session for an account deleted meanwhile */
		return DB_GONE;
	case CR_CONNECTION_ERROR:
	case CR_CONN_HOST_ERROR:
	case CR_UNKNOWN_HOST:
	case CR_SERVER_GONE_ERROR:
	case CR_SERVER_LOST:
	case CR_SERVER_LOST_EXTENDED:
	case CR_COMMANDS_OUT_OF_SYNC:
	case ER_SERVER_SHUTDOWN:
	case ER_CONNECTION_KILLED:
	case ER_CON_COUNT_ERROR:
	case 4031:	/* ER_CLIENT_INTERACTION_TIMEOUT */
		return DB_DOWN;
	default:
		return no >= 2000 && no < 3000 ? DB_DOWN : DB_FAILED;
	}
}

static void
db_set_error(struct db *db, unsigned int no, const char *msg)
{
	db->err = db_classify(no);
	snprintf(db->errmsg, sizeof(db->errmsg), "%u: %s", no,
	    msg != NULL ? msg : "unknown error");
	if (db->err == DB_DOWN)
		db_disconnect(db);
}

static void
db_stmt_error(struct db *db, MYSQL_STMT *stmt)
{
	db_set_error(db, mysql_stmt_errno(stmt), mysql_stmt_error(stmt));
}

struct db *
db_open(const struct config *cfg)
{
	struct db	*db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	db->cfg = cfg;
	return db;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	db_disconnect(db);
	free(db);
}

/*
 * Drop the connection first: Connector/C then detaches every statement
 * from it, so closing them sends nothing to a server that may be gone.
 */
void
db_disconnect(struct db *db)
{
	size_t	 i;

	/* in_tx stays set: a COMMIT must not reach a new connection */
	db->open = NULL;
	if (db->my != NULL) {
		mysql_close(db->my);
		db->my = NULL;
	}
	for (i = 0; i < DB_CACHE; i++) {
		if (db->cache[i].stmt != NULL)
			mysql_stmt_close(db->cache[i].stmt);
		db->cache[i].stmt = NULL;
		db->cache[i].sql = NULL;
	}
}

/* Try one host (or the socket).  0 connected, -1 not. */
static int
db_connect_one(struct db *db, const char *host)
{
	const struct config *c = db->cfg;
	const char	*sock = c->db_socket[0] != '\0' ? c->db_socket : NULL;
	unsigned int	 ct = c->db_connect_timeout;
	unsigned int	 rt = c->db_read_timeout;
	unsigned int	 wt = c->db_write_timeout;
	my_bool		 off = 0;
	char		 init[256];

	if ((db->my = mysql_init(NULL)) == NULL) {
		db_set_error(db, CR_OUT_OF_MEMORY, "out of memory");
		return -1;
	}
	mysql_options(db->my, MYSQL_OPT_CONNECT_TIMEOUT, &ct);
	mysql_options(db->my, MYSQL_OPT_READ_TIMEOUT, &rt);
	mysql_options(db->my, MYSQL_OPT_WRITE_TIMEOUT, &wt);
	mysql_options(db->my, MYSQL_OPT_RECONNECT, &off);
	mysql_options(db->my, MYSQL_SET_CHARSET_NAME, "utf8mb4");
	/*
	 * A lock wait must end on the server (ER_LOCK_WAIT_TIMEOUT, which
	 * the dispatcher retries once) before our read timeout gives up
	 * on the connection: one second less, at least one.
	 */
	snprintf(init, sizeof(init), "SET time_zone = '+00:00', "
	    "sql_mode = 'STRICT_ALL_TABLES,NO_ENGINE_SUBSTITUTION,"
	    "NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO', "
	    "innodb_lock_wait_timeout = %u", rt > 1 ? rt - 1 : 1);
	mysql_options(db->my, MYSQL_INIT_COMMAND, init);
	if (mysql_real_connect(db->my, sock != NULL ? "localhost" : host,
	    c->db_user, c->db_password, c->db_name, c->db_port, sock,
	    CLIENT_FOUND_ROWS) == NULL) {
		snprintf(db->errmsg, sizeof(db->errmsg), "%u: %s",
		    mysql_errno(db->my), mysql_error(db->my));
		db->err = db_classify(mysql_errno(db->my)) == DB_FAILED ?
		    DB_FAILED : DB_DOWN;
		mysql_close(db->my);
		db->my = NULL;
		return -1;
	}
	return 0;
}

/*
 * Connect to the socket, or to each host of the comma list in turn
 * (failover).  0 or -1 with the error of the last try.
 */
int
db_connect(struct db *db)
{
	char			 host[256];
	struct list_iter	 it;
	const char		*p;
	size_t			 len;

	if (db->my != NULL)
		return 0;
	db->err = DB_OK;
	if (db->cfg->db_socket[0] != '\0') {
		db->unreachable = db_connect_one(db, NULL) == -1;
		return db->unreachable ? -1 : 0;
	}
	list_start(&it, db->cfg->db_host, strlen(db->cfg->db_host));
	while (list_next(&it, &p, &len)) {
		if (len >= sizeof(host))
			continue;
		memcpy(host, p, len);
		host[len] = '\0';
		if (db_connect_one(db, host) == 0) {
			db->unreachable = 0;
			return 0;
		}
		log_warn("database host %s: %s", host, db->errmsg);
	}
	db->unreachable = 1;
	if (db->err == DB_OK) {
		db->err = DB_FAILED;
		snprintf(db->errmsg, sizeof(db->errmsg), "no database host");
	}
	return -1;
}

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

/* Milliseconds on the monotonic clock. */
static long long
db_now_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * After a call that began at "t0" lost the connection: a connection
 * that merely went stale (the server restarted, or closed it while we
 * were idle) fails at once, while a server that hangs makes us wait
 * out a timeout.  Mark the latter unreachable so that nobody waits out
 * a second timeout on it in the same request.
 */
static void
db_note_timeout(struct db *db, long long t0)
{
	unsigned int	 t = db->cfg->db_read_timeout;

	if (db->cfg->db_write_timeout < t)
		t = db->cfg->db_write_timeout;
	if (db->err == DB_DOWN && t > 0 &&
	    db_now_ms() - t0 >= (long long)t * 1000 - 100)
		db->unreachable = 1;
}

/*
 * Prepare (or find) and execute "sql" with "args".  Outside a
 * transaction a connection found lost is re-established and the
 * statement run once more, unless the server is unreachable (a failed
 * connection attempt or a timeout: see db_unreachable).  Returns the
 * statement, or NULL with the error set.
 */
static MYSQL_STMT *
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
		if (was_tx && db->my == NULL) {
			db->err = DB_DOWN;
			snprintf(db->errmsg, sizeof(db->errmsg),
			    "connection lost in transaction");
			return NULL;
		}
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

long long
db_insert_id(const struct db *db)
{
	return db->insert_id;
}

static int
db_bind_cols(struct db *db, MYSQL_STMT *stmt, struct db_col *cols,
    size_t ncols)
{
	size_t	 i;

	if (ncols > DB_COLS_MAX || ncols != mysql_stmt_field_count(stmt)) {
		db_set_error(db, CR_UNKNOWN_ERROR, "wrong number of columns");
		return -1;
	}
	memset(db->out, 0, sizeof(db->out));
	for (i = 0; i < ncols; i++) {
		db->out[i].length = &db->outlen[i];
		db->out[i].is_null = &db->outnull[i];
		if (cols[i].type == DB_INT) {
			db->out[i].buffer_type = MYSQL_TYPE_LONGLONG;
			db->out[i].buffer = cols[i].i;
		} else if (cols[i].type == DB_TIME) {
			db->out[i].buffer_type = MYSQL_TYPE_DATETIME;
			db->out[i].buffer = &db->outtime[i];
			db->out[i].buffer_length = sizeof(db->outtime[i]);
		} else {
			db->out[i].buffer_type = cols[i].type == DB_STR ?
			    MYSQL_TYPE_STRING : MYSQL_TYPE_BLOB;
			db->out[i].buffer = cols[i].buf;
			db->out[i].buffer_length = cols[i].cap;
		}
	}
	if (mysql_stmt_bind_result(stmt, db->out) != 0) {
		db_stmt_error(db, stmt);
		return -1;
	}
	db->cols = cols;
	db->ncols = ncols;
	return 0;
}

int
db_query(struct db *db, const char *sql, const struct db_val *args,
    size_t nargs, struct db_col *cols, size_t ncols)
{
	MYSQL_STMT	*stmt;

	if ((stmt = db_run(db, sql, args, nargs)) == NULL)
		return -1;
	db->open = stmt;
	if (db_bind_cols(db, stmt, cols, ncols) == -1) {
		db_done(db);
		return -1;
	}
	return 0;
}

/* Days from 1970-01-01 to y-m-d of the proleptic Gregorian calendar. */
static long long
db_days(long long y, unsigned m, unsigned d)
{
	long long	 era;
	unsigned	 yoe, doy;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	return era * 146097 + (long long)(yoe * 365 + yoe / 4 - yoe / 100 +
	    doy) - 719468;
}

/* "v" as "n" decimal digits at "p" (zero-padded, cut on the left). */
static char *
db_digits(char *p, unsigned v, int n)
{
	int	 k;

	for (k = n - 1; k >= 0; k--, v /= 10)
		p[k] = (char)('0' + v % 10);
	return p + n;
}

/*
 * A fetched DB_TIME column into its text and its seconds.  Written by
 * hand rather than by snprintf: the guard's row has nine times, read
 * on every authenticated request.
 */
static int
db_time_finish(struct db *db, const struct db_col *c, const MYSQL_TIME *t,
    int isnull)
{
	char	 text[24], *p = text;

	if (c->i != NULL)
		*c->i = isnull ? 0 : db_days(t->year, t->month, t->day) *
		    86400 + t->hour * 3600 + t->minute * 60 + t->second;
	if (c->buf == NULL)
		return 0;
	if (!isnull) {
		p = db_digits(p, t->year, 4);
		*p++ = '-';
		p = db_digits(p, t->month, 2);
		*p++ = '-';
		p = db_digits(p, t->day, 2);
		if (t->time_type != MYSQL_TIMESTAMP_DATE) {
			*p++ = 'T';
			p = db_digits(p, t->hour, 2);
			*p++ = ':';
			p = db_digits(p, t->minute, 2);
			*p++ = ':';
			p = db_digits(p, t->second, 2);
			*p++ = 'Z';
		}
	}
	if ((size_t)(p - text) >= c->cap) {
		db_set_error(db, CR_UNKNOWN_ERROR, "result column too long");
		return -1;
	}
	memcpy(c->buf, text, (size_t)(p - text));
	((char *)c->buf)[p - text] = '\0';
	if (c->len != NULL)
		*c->len = (size_t)(p - text);
	return 0;
}

/* Fix up one fetched column: NUL-terminate strings, report NULLs. */
static int
db_col_finish(struct db *db, size_t i)
{
	struct db_col	*c = &db->cols[i];
	int		 isnull = db->outnull[i] != 0;

	if (c->is_null != NULL)
		*c->is_null = isnull;
	if (c->type == DB_INT) {
		if (isnull)
			*c->i = 0;
		return 0;
	}
	if (c->type == DB_TIME)
		return db_time_finish(db, c, &db->outtime[i], isnull);
	if (isnull)
		db->outlen[i] = 0;
	if (db->outlen[i] + (c->type == DB_STR) > c->cap) {
		db_set_error(db, CR_UNKNOWN_ERROR, "result column too long");
		return -1;
	}
	if (c->type == DB_STR)
		((char *)c->buf)[db->outlen[i]] = '\0';
	if (c->len != NULL)
		*c->len = db->outlen[i];
	return 0;
}

int
db_fetch(struct db *db)
{
	size_t	 i;
	int	 rc;

	if (db->open == NULL)
		return 0;
	rc = mysql_stmt_fetch(db->open);
	if (rc == MYSQL_NO_DATA)
		return 0;
	if (rc == 1) {
		db_stmt_error(db, db->open);
		return -1;
	}
	/* MYSQL_DATA_TRUNCATED is caught per column below. */
	for (i = 0; i < db->ncols; i++)
		if (db_col_finish(db, i) == -1)
			return -1;
	return 1;
}

void
db_done(struct db *db)
{
	if (db->open != NULL)
		mysql_stmt_free_result(db->open);
	db->open = NULL;
	db->cols = NULL;
	db->ncols = 0;
}

int
db_row(struct db *db, const char *sql, const struct db_val *args,
    size_t nargs, struct db_col *cols, size_t ncols)
{
	int	 rc;

	if (db_query(db, sql, args, nargs, cols, ncols) == -1)
		return -1;
	rc = db_fetch(db);
	db_done(db);
	return rc;
}

/* Plain text statement on the connection; 0 or -1. */
static int
db_text(struct db *db, const char *sql)
{
	MYSQL_RES	*res;
	long long	 t0;

	db_done(db);
	if (db->in_tx && db->my == NULL) {
		db->err = DB_DOWN;
		snprintf(db->errmsg, sizeof(db->errmsg),
		    "connection lost in transaction");
		return -1;
	}
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
	return rc;
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

enum db_error
db_error(const struct db *db)
{
	return db->err;
}

const char *
db_strerror(const struct db *db)
{
	return db->err == DB_OK ? "no error" : db->errmsg;
}

int
db_unreachable(const struct db *db)
{
	return db->unreachable;
}

void
db_clear_error(struct db *db)
{
	db->err = DB_OK;
	db->errmsg[0] = '\0';
}
