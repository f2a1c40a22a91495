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

#include <stddef.h>
#include <stdint.h>

struct db;

/* Record "event" for "user_id" (0 = no account).  0 or -1. */
int	 audit_add(struct db *db, int64_t user_id, const char *event,
	    const char *ip, const char *user_agent);

/* One event of the audit trail. */
struct audit_row {
	int64_t		 id;
	char		 event[33];
	char		 at[24];
	char		 ip[65];
	char		 user_agent[256];
	int		 ip_null;	/* the address is not known */
	int		 user_agent_null;
};

/*
 * The events of "user_id" with an id below "before" (0: from the
 * newest), newest first, at most "limit", into "rows" (room for
 * "limit").  0 with their number in "*n", or -1 (database error).
 */
int	 audit_list(struct db *db, int64_t user_id, int64_t before,
	    unsigned limit, struct audit_row *rows, size_t *n);

/*
 * Forget where "user_id"'s events came from: clear their ip and
 * user_agent (account deletion; the event and time stay).  0 or -1.
 */
int	 audit_forget_user(struct db *db, int64_t user_id);

#endif /* FCAUTH_AUDIT_H */
