/*
 * audit: the audit trail.  Every statement about audit_log is in
 * audit_sql.
 */
#include <stdint.h>
#include <string.h>

#include "audit.h"
#include "db.h"

enum audit_stmt {
	AUDIT_ADD,
	AUDIT_LIST,
	AUDIT_FORGET,
	AUDIT__MAX
};

static const char *const audit_sql[AUDIT__MAX] = {
	"INSERT INTO audit_log (user_id, event, at, ip, user_agent) "
	    "VALUES (?, ?, UTC_TIMESTAMP(), ?, ?)", /* AUDIT_ADD */
	"SELECT id, event, at, ip, user_agent "
	    "FROM audit_log WHERE user_id = ? AND id < ? "
	    "ORDER BY id DESC LIMIT ?", /* AUDIT_LIST */
	"UPDATE audit_log SET ip = NULL, user_agent = NULL "
	    "WHERE user_id = ?", /* AUDIT_FORGET */
};

int
audit_add(struct db *db, int64_t user_id, const char *event,
    const char *ip, const char *user_agent)
{
	struct db_val	 args[] = {
		user_id > 0 ? DBV_INT(user_id) : DBV_NULL, DBV_STR(event),
		DBV_OPTSTR(ip), DBV_OPTSTR(user_agent),
	};

	return db_exec(db, audit_sql[AUDIT_ADD], args, 4) == -1 ? -1 : 0;
}

int
audit_list(struct db *db, int64_t user_id, int64_t before, unsigned limit,
    struct audit_row *rows, size_t *n)
{
	struct audit_row	 e;
	long long		 id = 0;
	struct db_val		 args[] = {
		DBV_INT(user_id), DBV_INT(before > 0 ? before : INT64_MAX),
		DBV_INT(limit),
	};
	struct db_col		 cols[] = {
		DBC_INT(&id), DBC_STR(e.event), DBC_TIME(e.at),
		DBC_STRN(e.ip, NULL, &e.ip_null),
		DBC_STRN(e.user_agent, NULL, &e.user_agent_null),
	};
	int			 rc;

	*n = 0;
	memset(&e, 0, sizeof(e));
	if (db_query(db, audit_sql[AUDIT_LIST], args, 3, cols, 5) == -1)
		return -1;
	while ((rc = db_fetch(db)) == 1) {
		if (*n == limit)
			continue;	/* the LIMIT says it never is */
		e.id = id;
		rows[(*n)++] = e;
	}
	db_done(db);
	return rc == -1 ? -1 : 0;
}

int
audit_forget_user(struct db *db, int64_t user_id)
{
	struct db_val	 arg = DBV_INT(user_id);

	return db_exec(db, audit_sql[AUDIT_FORGET], &arg, 1) == -1 ? -1 : 0;
}
