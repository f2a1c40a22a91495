/*
 * audit: the audit trail.  Every statement about audit_log is in
 * audit_sql.
 */
#include <string.h>

#include "audit.h"
#include "db.h"

enum audit_stmt {
	AUDIT_ADD,
	AUDIT__MAX
};

static const char *const audit_sql[AUDIT__MAX] = {
	"INSERT INTO audit_log (user_id, event, at, ip, user_agent) "
	    "VALUES (?, ?, UTC_TIMESTAMP(), ?, ?)", /* AUDIT_ADD */
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
