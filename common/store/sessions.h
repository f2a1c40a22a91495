/*
 * sessions: one row per login, the family of its rotating refresh
 * tokens.  All SQL about sessions lives here.
 */
#ifndef FCAUTH_SESSIONS_H
#define FCAUTH_SESSIONS_H

#include <stddef.h>
#include <stdint.h>

#include "token.h"

struct config;
struct db;
struct user;

/* A session as refresh sees it. */
struct session {
	int64_t		 id;
	int64_t		 user_id;
	int		 remember;
	int		 revoked;	/* revoked_at is set */
	int		 expired;	/* idle or absolute expiry passed */
	long long	 absolute_left;	/* seconds to the absolute expiry */
};

/*
 * The session columns the guard reads with the session's account, as
 * seconds since the epoch: the times are compared by the guard, against
 * the request's clock.
 */
struct session_live {
	int		 revoked;	/* revoked_at is set */
	long long	 expires_at;	/* idle expiry */
	long long	 absolute_expires_at;
	long long	 last_used_at;
	long long	 last_request_at;	/* the account's */
};

/*
 * Session "sid" and its account, in one primary-key join: the one query
 * of every authenticated request.  1 found, with "s" and every column
 * of "u" filled (u->last_request_at formatted, its seconds in
 * s->last_request_at); 0 no such session, -1 error.  "s" is cleared on
 * entry and "u" only has its id and verified flag cleared (the rest is
 * left alone unless found), so the guard does not clear the whole
 * account for every request.
 */
int	 sessions_with_user(struct db *db, int64_t sid,
	    struct session_live *s, struct user *u);

/*
 * Record activity now: the account's last_request_at and the session's
 * last_used_at, for session "sid" of "user_id", in one statement.  0 or
 * -1.
 */
int	 sessions_touch(struct db *db, int64_t sid, int64_t user_id);

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
 * Revoke every live session of "user_id" except "except" (0: all of
 * them), recording "reason" ("password_change", "disabled").  Their
 * access tokens stop working at the next request.  Every trusted device
 * of the account is revoked with them (devices_revoke_all), the
 * current one too.  The number of sessions revoked,
 * or -1.
 */
long long sessions_revoke_except(struct db *db, int64_t user_id,
	    int64_t except, const char *reason);

/*
 * Find and lock (SELECT ... FOR UPDATE, inside the caller's
 * transaction) the session whose current refresh token has "digest".
 * A concurrent refresh of the same token waits here until the first
 * one commits, and then no longer finds it.  1 found, 0 not, -1 error.
 */
int	 sessions_lock_current(struct db *db,
	    const unsigned char digest[TOKEN_DIGEST], struct session *s);

/*
 * Find (and lock) the retired refresh token "digest": 1 with its
 * session in "*sid" and the session's user in "*user_id", 0 if it was
 * never a retired token, -1 error.
 */
int	 sessions_find_retired(struct db *db,
	    const unsigned char digest[TOKEN_DIGEST], int64_t *sid,
	    int64_t *user_id);

/*
 * Rotate session "sid" (locked by sessions_lock_current): its current
 * token "old" is retired and "new" takes its place; the idle expiry
 * moves to "ttl" seconds from now, never past the absolute expiry.
 * 0 or -1.
 */
int	 sessions_rotate(struct db *db, int64_t sid,
	    const unsigned char old[TOKEN_DIGEST],
	    const unsigned char new[TOKEN_DIGEST], unsigned ttl);

/*
 * Revoke session "sid" if it belongs to "user_id" and is not revoked
 * yet, noting "reason" (logout, reused, deleted, ...).  Returns the
 * number of sessions revoked (0 or 1), or -1.
 */
long long sessions_revoke(struct db *db, int64_t sid, int64_t user_id,
	    const char *reason);

/* Revoke every unrevoked session and every trusted device of
 * "user_id".  The number of sessions, or -1. */
long long sessions_revoke_all(struct db *db, int64_t user_id,
	    const char *reason);

/* One live session, as the session list shows it. */
struct session_row {
	int64_t		 id;
	char		 created_at[32];
	char		 last_used_at[32];
	char		 ip[65];
	char		 user_agent[256];
	int		 current;	/* the session asking */
};

/*
 * The live sessions of "user_id" (not revoked, not expired), most
 * recently used first, into "rows" (room for SESSIONS_LIST_MAX), with
 * "current" set for "current_sid".  0 with their number in "*n", or -1.
 */
#define SESSIONS_LIST_MAX	100
int	 sessions_list(struct db *db, int64_t user_id, int64_t current_sid,
	    struct session_row *rows, size_t *n);

/*
 * Delete the sessions whose idle or absolute expiry passed, or that
 * were revoked, more than "grace" seconds ago; their retired tokens go
 * with them (ON DELETE CASCADE).  In batches (db_purge).  The number
 * removed, or -1.
 */
long long sessions_purge(struct db *db, const struct config *cfg,
	    unsigned grace);

#endif /* FCAUTH_SESSIONS_H */
