/*
 * sessions: one row per login, the family of its rotating refresh
 * tokens.  All SQL about sessions lives here.
 */
#ifndef FCAUTH_SESSIONS_H
#define FCAUTH_SESSIONS_H

#include <stdint.h>

#include "token.h"

struct db;

/*
 * Start a session for "user_id" whose refresh token has "digest",
 * expiring in "ttl" seconds (idle) and "absolute" seconds at most.
 * 1 with the id in "*sid", or -1.
 */
int	 sessions_create(struct db *db, int64_t user_id,
	    const unsigned char digest[TOKEN_DIGEST], int remember,
	    unsigned ttl, unsigned absolute, const char *ip,
	    const char *user_agent, int64_t *sid);

/*
 * End every live session of "user_id" (password reset), recording
 * "reason" ("password_reset").  The number revoked, or -1.
 */
long long sessions_revoke_user(struct db *db, int64_t user_id,
	    const char *reason);

#endif /* FCAUTH_SESSIONS_H */
