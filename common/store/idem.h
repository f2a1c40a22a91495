/*
 * idem: the idempotency table (sql/007_idempotency.sql): the sealed
 * first reply of a state-changing request, found again by its
 * operation, owner and key digest.  All SQL about it lives here.
 */
#ifndef FCAUTH_IDEM_H
#define FCAUTH_IDEM_H

#include <stddef.h>
#include <stdint.h>

struct config;
struct db;

#define IDEM_HASH	32		/* BLAKE2b-256 digests */
#define IDEM_REPLY_MAX	(64 * 1024)	/* sealed reply, at most */
#define IDEM_TTL	86400		/* s: how long a key is kept */

/* A stored reply. */
struct idem_row {
	unsigned char	 body_hash[IDEM_HASH];
	unsigned char	 reply[IDEM_REPLY_MAX];
	size_t		 replylen;
};

/*
 * The row of operation "op", owner "owner" (0: none) and key digest
 * "key_hash", younger than IDEM_TTL, into "*out": 1 found, 0 none, -1
 * error.
 */
int		 idem_find(struct db *db, const char *op, int64_t owner,
		    const unsigned char *key_hash, struct idem_row *out);

/*
 * Add the row (in the caller's transaction), in the place of one with
 * the same op, owner and key past IDEM_TTL.  1 added, 0 a live row
 * with them exists already (a concurrent request with the same key
 * committed first), -1 error.
 */
int		 idem_put(struct db *db, const char *op, int64_t owner,
		    const unsigned char *key_hash,
		    const unsigned char *body_hash,
		    const unsigned char *reply, size_t replylen);

/* fcauthctl purge: delete the rows older than IDEM_TTL + "grace".
 * The number removed, or -1. */
long long	 idem_purge(struct db *db, const struct config *cfg,
		    unsigned grace);

#endif /* FCAUTH_IDEM_H */
