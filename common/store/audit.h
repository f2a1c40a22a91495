/*
 * audit: the audit_log table.  Events are short names: login,
 * login_failed, logout, register, verify, refresh_reused,
 * password_change, password_reset, email_change, ...; profile.fcgi adds
 * password_change_failed, email_change_request, email_change_failed,
 * account_delete_failed and account_deleted (with no user), fcauthctl
 * created_by_admin, role_changed, account_disabled, account_enabled and
 * imported (with no address).
 */
#ifndef FCAUTH_AUDIT_H
#define FCAUTH_AUDIT_H

#include <stdint.h>

struct db;
struct json_object;

/* Record "event" for "user_id" (0 = no account).  0 or -1. */
int	 audit_add(struct db *db, int64_t user_id, const char *event,
	    const char *ip, const char *user_agent);

/*
 * Append to the array "events" the events of "user_id" with an id
 * below "before" (0: from the newest), newest first, at most "limit":
 * objects {id, event, at, ip, user_agent} (ip and user_agent null when
 * unknown).  0 or -1 (database error or out of memory; "events" may
 * then hold some of them).
 */
int	 audit_list(struct db *db, int64_t user_id, int64_t before,
	    unsigned limit, struct json_object *events);

/*
 * Forget where "user_id"'s events came from: clear their ip and
 * user_agent (account deletion; the event and time stay).  0 or -1.
 */
int	 audit_forget_user(struct db *db, int64_t user_id);

#endif /* FCAUTH_AUDIT_H */
