/*
 * outbox: queued mail.  Every statement about mail_outbox is in
 * outbox_sql.  Nothing is ever deleted: a row ends 'sent' or 'failed'.
 */
#include <stdint.h>

#include "db.h"
#include "outbox.h"

enum outbox_stmt {
	OUTBOX_INSERT,
	OUTBOX_DUE,
	OUTBOX_LEASE,
	OUTBOX_SENT,
	OUTBOX_RETRY,
	OUTBOX_FAILED,
	OUTBOX__MAX
};

static const char *const outbox_sql[OUTBOX__MAX] = {
	"INSERT INTO mail_outbox (user_id, to_addr, subject, body, status, "
	    "attempts, next_attempt_at, created_at) VALUES (?, ?, ?, ?, "
	    "'queued', 0, UTC_TIMESTAMP(), UTC_TIMESTAMP())", /* OUTBOX_INSERT */
	"SELECT id, to_addr, subject, body, attempts FROM mail_outbox "
	    "WHERE status = 'queued' AND next_attempt_at <= UTC_TIMESTAMP() "
	    "ORDER BY next_attempt_at, id LIMIT 1 "
	    "FOR UPDATE SKIP LOCKED", /* OUTBOX_DUE */
	"UPDATE mail_outbox SET attempts = attempts + 1, "
	    "next_attempt_at = UTC_TIMESTAMP() + INTERVAL ? SECOND "
	    "WHERE id = ?", /* OUTBOX_LEASE */
	"UPDATE mail_outbox SET status = 'sent', sent_at = UTC_TIMESTAMP(), "
	    "last_error = NULL WHERE id = ?", /* OUTBOX_SENT */
	"UPDATE mail_outbox SET next_attempt_at = UTC_TIMESTAMP() + "
	    "INTERVAL ? SECOND, last_error = ? WHERE id = ?", /* OUTBOX_RETRY */
	"UPDATE mail_outbox SET status = 'failed', last_error = ? "
	    "WHERE id = ?", /* OUTBOX_FAILED */
};

int
outbox_insert(struct db *db, int64_t user_id, const char *to,
    const char *subject, const char *body)
{
	struct db_val	 args[] = {
		user_id > 0 ? DBV_INT(user_id) : DBV_NULL,
		DBV_STR(to), DBV_STR(subject), DBV_STR(body),
	};

	return db_exec(db, outbox_sql[OUTBOX_INSERT], args, 4) == -1 ? -1 : 0;
}

int
outbox_next_due(struct db *db, struct outbox_msg *m)
{
	struct db_col	 cols[] = {
		DBC_INT(&m->id), DBC_STR(m->to), DBC_STR(m->subject),
		{ .type = DB_STR, .buf = m->body, .cap = OUTBOX_BODY_MAX + 1 },
		DBC_INT(&m->attempts),
	};

	return db_row(db, outbox_sql[OUTBOX_DUE], NULL, 0, cols, 5);
}

int
outbox_lease(struct db *db, long long id, unsigned secs)
{
	struct db_val	 args[] = { DBV_INT(secs), DBV_INT(id) };

	return db_exec(db, outbox_sql[OUTBOX_LEASE], args, 2) == -1 ? -1 : 0;
}

int
outbox_sent(struct db *db, long long id)
{
	struct db_val	 arg = DBV_INT(id);

	return db_exec(db, outbox_sql[OUTBOX_SENT], &arg, 1) == -1 ? -1 : 0;
}

int
outbox_retry(struct db *db, long long id, long long secs, const char *err)
{
	struct db_val	 args[] = { DBV_INT(secs), DBV_STR(err), DBV_INT(id) };

	return db_exec(db, outbox_sql[OUTBOX_RETRY], args, 3) == -1 ? -1 : 0;
}

int
outbox_failed(struct db *db, long long id, const char *err)
{
	struct db_val	 args[] = { DBV_STR(err), DBV_INT(id) };

	return db_exec(db, outbox_sql[OUTBOX_FAILED], args, 2) == -1 ? -1 : 0;
}
