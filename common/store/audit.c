/*
 * audit: the audit trail.  Every statement about audit_log is in
 * audit_sql.
 */
#include <stdint.h>
#include <string.h>

#include <json-c/json.h>

#include "audit.h"
#include "db.h"
#include "jsonkey.h"

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

/* A string member, or null when "isnull". */
static struct json_object *
audit_optional(const char *s, int isnull)
{
	return isnull ? NULL : json_object_new_string(s);
}

int
audit_list(struct db *db, int64_t user_id, int64_t before, unsigned limit,
    struct json_object *events)
{
	long long		 id = 0;
	int			 ipnull = 0, uanull = 0;
	char			 event[33], at[24], ip[65], ua[256];
	struct json_object	*e;
	struct db_val		 args[] = {
		DBV_INT(user_id), DBV_INT(before > 0 ? before : INT64_MAX),
		DBV_INT(limit),
	};
	struct db_col		 cols[] = {
		DBC_INT(&id), DBC_STR(event), DBC_TIME(at),
		DBC_STRN(ip, NULL, &ipnull), DBC_STRN(ua, NULL, &uanull),
	};
	int			 rc;

	if (db_query(db, audit_sql[AUDIT_LIST], args, 3, cols, 5) == -1)
		return -1;
	while ((rc = db_fetch(db)) == 1) {
		if ((e = json_object_new_object()) == NULL) {
			rc = -1;
			break;
		}
		JSON_ADD(e, "id", json_object_new_int64(id));
		JSON_ADD(e, "event", json_object_new_string(event));
		JSON_ADD(e, "at", json_object_new_string(at));
		JSON_ADD(e, "ip", audit_optional(ip, ipnull));
		JSON_ADD(e, "user_agent", audit_optional(ua, uanull));
		json_object_array_add(events, e);
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
