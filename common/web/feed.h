/*
 * feed: this process's memory of the revocation feed (common/store/
 * revocations.c): the sessions and accounts whose access tokens no
 * longer say the truth, read at most once per [tokens]
 * revocation_poll, so that the authorizer and the check route judge a
 * token without a database round trip.
 */
#ifndef FCAUTH_FEED_H
#define FCAUTH_FEED_H

#include <stdint.h>

struct config;
struct db;
struct feed;

/* What the feed says about one token. */
enum feed_answer {
	FEED_CLEAR,		/* nothing since it was issued */
	FEED_SESSION_ENDED,	/* its session was revoked: refuse it */
	FEED_USER_CHANGED,	/* its account changed (sessions ended,
				   role, email, status) at or after its
				   iat: ask the database */
};

/* An empty feed; NULL on out of memory. */
struct feed	*feed_new(void);

/* Free "f"; NULL does nothing. */
void		 feed_free(struct feed *f);

/*
 * Catch up with the table if the last attempt is at least
 * cfg->revocation_poll ms old (one indexed query), at "now_ms" on a
 * monotonic clock.  0 when the memory is fresh enough to judge by:
 * the last successful read is at most 3 revocation_poll old; -1 when
 * it is not (the database cannot be read): the caller fails closed.
 * Either change of state is logged once.
 */
int		 feed_sync(struct feed *f, struct db *db,
		    const struct config *cfg, int64_t now_ms);

/*
 * What the feed says about a token of session "sid" of account "uid"
 * issued at "iat" (seconds since the epoch).
 */
enum feed_answer feed_lookup(const struct feed *f, int64_t uid, int64_t sid,
		    int64_t iat);

/*
 * Take one row of the table into "f" (what feed_sync does with each it
 * reads; unit tests feed rows without a database).  0, or -1 when
 * there is no memory for it.
 */
struct revocation;
int		 feed_apply(struct feed *f, const struct revocation *r);

/*
 * Where the next catch-up read starts (microseconds since the epoch,
 * 0: the whole window): FEED_MARGIN before the newest row read, or
 * before the database's clock at the latest read that returned rows,
 * whichever is later.
 */
int64_t		 feed_next_since(const struct feed *f);

/* Milliseconds on the monotonic clock, for feed_sync. */
int64_t		 feed_clock_ms(void);

#endif /* FCAUTH_FEED_H */
