/*
 * throttle: counters of attempts in the throttle table, one row per
 * bucket (a rule and a key such as an account name or a client
 * address).  API.md's "Throttling" table, every number configurable.
 * Keys are stored as digests: the table names no address or account.
 */
#ifndef FCAUTH_THROTTLE_H
#define FCAUTH_THROTTLE_H

#include <stdint.h>
#include <time.h>

struct config;
struct db;

enum throttle_rule {
	THROTTLE_LOGIN_PAIR,	/* failed logins: one account, one address */
	THROTTLE_LOGIN_ACCOUNT,	/* consecutive failed logins of one account */
	THROTTLE_LOGIN_ADDR,	/* failed logins from one address */
	THROTTLE_REGISTER,	/* registrations from one address */
	THROTTLE_VERIFY,	/* verify attempts from one address */
	THROTTLE_FORGOT,	/* forgot and resend requests from one address */
	THROTTLE_CODE,		/* wrong codes of one account and purpose */
	THROTTLE_PASSKEY_OPTIONS, /* passkey sign-in challenges from one address */
	THROTTLE__MAX
};

/* How a rule limits, from the configuration. */
struct throttle_limit {
	unsigned	 max;		/* hits allowed in a window */
	unsigned	 window;	/* seconds */
	unsigned	 block;		/* first block in seconds; 0 = until the window ends */
	unsigned	 block_max;	/* cap of a doubling block */
	int		 doubling;	/* each hit past max doubles the block */
};

/* The limits of "rule" under "cfg". */
void	 throttle_limit(const struct config *cfg, enum throttle_rule rule,
	    struct throttle_limit *l);

/*
 * Pure decision: seconds to block after a hit that brought the window's
 * count to "hits" (0 = no block).  Doubling rules block from the
 * max-th hit on: block, 2 x block, ... up to block_max.
 */
unsigned throttle_block_for(const struct throttle_limit *l, unsigned hits);

/*
 * Seconds until "rule" allows "key" again (0 = allowed now), or -1 on a
 * database error.
 */
long	 throttle_check(struct db *db, const struct config *cfg,
	    enum throttle_rule rule, const char *key);

/*
 * Count one hit of "key" under "rule" (a failure, or a request for the
 * per-address rules), starting a new window when the old one is over,
 * and block the bucket when the hit crosses the limit.  Returns the
 * seconds the bucket is now blocked for (0 = not blocked), or -1.
 */
long	 throttle_hit(struct db *db, const struct config *cfg,
	    enum throttle_rule rule, const char *key);

/* Forget "key" under "rule" (a successful login).  0 or -1. */
int	 throttle_reset(struct db *db, enum throttle_rule rule, const char *key);

/*
 * Delete the counters that count nothing any more: those whose window
 * (under "cfg", at least a day) began more than that plus "grace"
 * seconds ago and that block nothing now, rule by rule, so that a long
 * window (the account's consecutive failures, a year) is never cut
 * short.  In batches (db_purge).  The number removed, or -1.
 */
long long throttle_purge(struct db *db, const struct config *cfg,
	    unsigned grace);

/* Longest key throttle_login_key writes, with its NUL. */
#define THROTTLE_KEY_MAX	300

/*
 * The login rules' name for an account, into "out" (THROTTLE_KEY_MAX):
 * "user:<id>" for a known account ("user_id" > 0), whatever spelling
 * found it, so that every spelling shares one set of counters; else
 * "login:<login>" for the canonical name typed, so that an unknown
 * account is throttled exactly like a known one.
 */
void	 throttle_login_key(int64_t user_id, const char *login, char *out);

/*
 * The three login rules together, for the account key "login" (see
 * throttle_login_key) from client address "addr".  Client addresses
 * are counted as they are for IPv4 and by their /64 for IPv6 (one
 * client usually holds a whole /64), here and in throttle_take.
 *
 * throttle_login_check: seconds until a login may be tried (0 = now),
 * or -1, in one query; "*counted" (may be NULL) is set to 1 when the
 * account or the pair has a counter, i.e. when throttle_login_ok has
 * something to clear.  throttle_login_failed: count a failure under all three rules;
 * 0 or -1.  throttle_login_ok: a success clears the account's and the
 * pair's counters (not the address's); 0 or -1.
 */
long	 throttle_login_check(struct db *db, const struct config *cfg,
	    const char *login, const char *addr, int *counted);
int	 throttle_login_failed(struct db *db, const struct config *cfg,
	    const char *login, const char *addr);
int	 throttle_login_ok(struct db *db, const char *login, const char *addr);

/*
 * For the per-address request caps (register, verify, forgot): check
 * client address "addr" under "rule" and, when it may go on, count it.
 * A verdict for the handler to answer: 0 the request may go on, the
 * seconds it is blocked for (429 rate_limited with a Retry-After), or
 * -1 on a database error.
 */
long	 throttle_take(struct db *db, const struct config *cfg,
	    enum throttle_rule rule, const char *addr);

#endif /* FCAUTH_THROTTLE_H */
