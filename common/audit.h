/*
 * audit: the audit_log table.  Events are short names: login,
 * login_failed, logout, register, verify, refresh_reused,
 * password_change, password_reset, email_change, ...
 */
#ifndef FCAUTH_AUDIT_H
#define FCAUTH_AUDIT_H

#include <stdint.h>

struct db;

/* Record "event" for "user_id" (0 = no account).  0 or -1. */
int	 audit_add(struct db *db, int64_t user_id, const char *event,
	    const char *ip, const char *user_agent);

#endif /* FCAUTH_AUDIT_H */
