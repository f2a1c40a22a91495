/*
 * db_result: the rows of a query.  Result columns are bound to the
 * caller's struct db_col; after each fetch strings are NUL-terminated,
 * NULLs reported and DATETIME/DATE columns turned into text and
 * seconds.
 */
#include <string.h>

#include <mysql.h>
#include <errmsg.h>

#include "db_private.h"

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
