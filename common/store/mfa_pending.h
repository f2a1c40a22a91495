/*
 * mfa_pending: the sign-ins waiting for their second factor, between a
 * correct password and the code (sql/006_mfa_login.sql).  All SQL of
 * the mfa_pending table lives here.
 */
#ifndef FCAUTH_MFA_PENDING_H
#define FCAUTH_MFA_PENDING_H

#include <stdint.h>

#include "token.h"

struct config;
struct db;

/* A pending sign-in as verify sees it. */
struct mfa_pending {
	int64_t		 id;
	int64_t		 user_id;
	int		 remember;	/* the login's "remember" */
	unsigned	 tries;		/* wrong codes so far */
	int		 used;		/* used_at is set */
	int		 expired;	/* expires_at passed */
};

/*
 * Start a pending sign-in of "user_id" whose mfa_token has "digest",
 * valid "ttl" seconds.  0 or -1.
 */
int	 mfa_pending_create(struct db *db, int64_t user_id,
	    const unsigned char digest[TOKEN_DIGEST], int remember,
	    unsigned ttl);

/*
 * Find and lock (FOR UPDATE, inside the caller's transaction) the
 * pending sign-in whose token has "digest": concurrent codes for one
 * token are tried one after the other, so five tries are five.  1
 * found, 0 not, -1 error.
 */
int	 mfa_pending_lock(struct db *db,
	    const unsigned char digest[TOKEN_DIGEST], struct mfa_pending *p);

/* Count a wrong code against "id".  0 or -1. */
int	 mfa_pending_try(struct db *db, int64_t id);

/* Mark "id" used: its token never works again.  0 or -1. */
int	 mfa_pending_use(struct db *db, int64_t id);

/*
 * Delete the pending sign-ins that expired or were used more than
 * "grace" seconds ago.  In batches (db_purge).  The number removed, or
 * -1.
 */
long long mfa_pending_purge(struct db *db, const struct config *cfg,
	    unsigned grace);

#endif /* FCAUTH_MFA_PENDING_H */
