/*
 * revocations: the append-only feed of ended sessions (table
 * revocations, sql/004_revocations.sql).  The store functions that end
 * sessions append to it; the guard's in-memory set (common/web/feed.c)
 * reads it.  All SQL about the feed lives here.
 */
#ifndef FCAUTH_REVOCATIONS_H
#define FCAUTH_REVOCATIONS_H

#include <stdint.h>

struct config;
struct db;

#define REVOCATION_REASON_MAX	32

/* One row of the feed. */
struct revocation {
	int64_t		 seq;
	int		 user;		/* 1: every session of user_id but
					   session_id (0: all); 0: session
					   session_id only */
	int64_t		 user_id;
	int64_t		 session_id;
	char		 reason[REVOCATION_REASON_MAX + 1];
	int64_t		 at_us;		/* revoked_at, microseconds since
					   the epoch (UTC) */
	int64_t		 read_us;	/* the database's clock when the
					   row was read, the same unit */
};

/*
 * Append that session "sid" of "user_id" ended, for "reason" (logout,
 * reused, ...).  Inside the caller's transaction, if any.  0 or -1.
 */
int	 revocations_session(struct db *db, int64_t user_id, int64_t sid,
	    const char *reason);

/*
 * Append that every session of "user_id" but "except" (0: none is
 * spared) ended, or that what its access tokens say no longer holds
 * (role, email, status), for "reason".  0 or -1.
 */
int	 revocations_user(struct db *db, int64_t user_id, int64_t except,
	    const char *reason);

/*
 * The rows revoked at or after "since_us" (microseconds since the
 * epoch) and within the last "window" seconds, oldest first, each
 * given to "fn" with "arg".  One indexed range query.  0, or -1 on a
 * database error.
 */
int	 revocations_read(struct db *db, int64_t since_us, unsigned window,
	    void (*fn)(void *, const struct revocation *), void *arg);

/*
 * Delete the rows older than the longest access-token lifetime of
 * "cfg" (access_ttl + leeway), however long "grace" is: no token they
 * could refuse is still valid.  In batches (db_purge).  Count or -1.
 */
long long revocations_purge(struct db *db, const struct config *cfg,
	    unsigned grace);

#endif /* FCAUTH_REVOCATIONS_H */
