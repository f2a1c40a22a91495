/*
 * throttle: attempt counters.  Every statement about the throttle table
 * is in throttle_sql.  Counting is one upsert, so concurrent requests
 * of many processes count correctly without a read-modify-write race.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "db.h"
#include "throttle.h"
#include "token.h"

#define THROTTLE_BUCKET	64	/* "rule:" + 40 hex digits of the key's digest */
#define ADDR_KEY	(INET6_ADDRSTRLEN + 8)	/* an address as counted */
#define THROTTLE_PURGE_AGE	86400	/* s: see throttle_purge */

enum throttle_stmt {
	THROTTLE_GET,
	THROTTLE_GET_LOGIN,
	THROTTLE_HIT,
	THROTTLE_BLOCK,
	THROTTLE_RESET,
	THROTTLE_PURGE,
	THROTTLE__STMTS
};

/* A bucket's state: hits, seconds into its window, seconds blocked. */
#define THROTTLE_STATE \
	"hits, UNIX_TIMESTAMP(UTC_TIMESTAMP()) - " \
	"UNIX_TIMESTAMP(window_start), COALESCE(UNIX_TIMESTAMP(" \
	"blocked_until) - UNIX_TIMESTAMP(UTC_TIMESTAMP()), 0) "

static const char *const throttle_sql[THROTTLE__STMTS] = {
	"SELECT " THROTTLE_STATE
	    "FROM throttle WHERE bucket = ?", /* THROTTLE_GET */
	/* the three login buckets in one round trip */
	"SELECT bucket, " THROTTLE_STATE
	    "FROM throttle WHERE bucket IN (?, ?, ?)", /* THROTTLE_GET_LOGIN */
	/* MariaDB applies the assignments in order: hits sees the old
	 * window_start */
	"INSERT INTO throttle (bucket, hits, window_start) "
	    "VALUES (?, 1, UTC_TIMESTAMP()) ON DUPLICATE KEY UPDATE "
	    "hits = IF(window_start <= UTC_TIMESTAMP() - INTERVAL ? SECOND, "
	    "1, hits + 1), "
	    "window_start = IF(window_start <= UTC_TIMESTAMP() - "
	    "INTERVAL ? SECOND, UTC_TIMESTAMP(), window_start)", /* THROTTLE_HIT */
	"UPDATE throttle SET blocked_until = UTC_TIMESTAMP() + "
	    "INTERVAL ? SECOND WHERE bucket = ?", /* THROTTLE_BLOCK */
	"DELETE FROM throttle WHERE bucket = ?", /* THROTTLE_RESET */
	/* one rule's buckets ("name:..."), a range of the primary key */
	"DELETE FROM throttle WHERE bucket LIKE ? "
	    "AND window_start <= UTC_TIMESTAMP() - INTERVAL ? SECOND "
	    "AND (blocked_until IS NULL OR blocked_until <= UTC_TIMESTAMP())"
	    DB_PURGE_LIMIT, /* THROTTLE_PURGE */
};

static const char *const throttle_names[THROTTLE__MAX] = {
	"login-pair", /* THROTTLE_LOGIN_PAIR */
	"login-account", /* THROTTLE_LOGIN_ACCOUNT */
	"login-addr", /* THROTTLE_LOGIN_ADDR */
	"register", /* THROTTLE_REGISTER */
	"verify", /* THROTTLE_VERIFY */
	"forgot", /* THROTTLE_FORGOT */
	"code", /* THROTTLE_CODE */
	"passkey-options", /* THROTTLE_PASSKEY_OPTIONS */
};

void
throttle_limit(const struct config *cfg, enum throttle_rule rule,
    struct throttle_limit *l)
{
	memset(l, 0, sizeof(*l));
	switch (rule) {
	case THROTTLE_LOGIN_PAIR:
		l->max = cfg->login_pair_max;
		l->window = cfg->login_pair_window;
		l->block = cfg->login_backoff_base;
		l->block_max = cfg->login_backoff_max;
		l->doubling = 1;
		break;
	case THROTTLE_LOGIN_ACCOUNT:
		/* consecutive: the window is as long as a counter can live */
		l->max = cfg->login_account_max;
		l->window = 365u * 86400u;
		l->block = cfg->login_account_lock;
		l->block_max = cfg->login_account_lock;
		break;
	case THROTTLE_LOGIN_ADDR:
		l->max = cfg->login_addr_max;
		l->window = cfg->login_addr_window;
		break;
	case THROTTLE_REGISTER:
		l->max = cfg->register_addr_max;
		l->window = 3600;
		break;
	case THROTTLE_VERIFY:
		l->max = cfg->verify_addr_max;
		l->window = 3600;
		break;
	case THROTTLE_CODE:
		l->max = cfg->code_account_max;
		l->window = cfg->code_account_window;
		break;
	case THROTTLE_PASSKEY_OPTIONS:
		l->max = cfg->passkey_options_addr_max;
		l->window = 3600;
		break;
	case THROTTLE_FORGOT:
	case THROTTLE__MAX:
		l->max = cfg->forgot_addr_max;
		l->window = 3600;
		break;
	}
}

unsigned
throttle_block_for(const struct throttle_limit *l, unsigned hits)
{
	unsigned	 secs, n;

	if (l->max == 0 || hits < l->max || l->block == 0)
		return 0;
	if (!l->doubling)
		return l->block;
	secs = l->block;
	for (n = l->max; n < hits && secs < l->block_max; n++)
		secs *= 2;
	return secs < l->block_max ? secs : l->block_max;
}

/* The bucket of "key" under "rule": the rule's name and a digest. */
static void
throttle_bucket(enum throttle_rule rule, const char *key, char *out)
{
	unsigned char	 d[TOKEN_DIGEST];
	size_t		 i, n;

	token_digest(key, strlen(key), d);
	n = (size_t)snprintf(out, THROTTLE_BUCKET, "%s:", throttle_names[rule]);
	for (i = 0; i < 20 && n + 2 < THROTTLE_BUCKET; i++, n += 2)
		snprintf(out + n, 3, "%02x", d[i]);
}

/*
 * The wait a bucket's row imposes under limits "l": its block, or for
 * a count-per-window rule that is full, the rest of the window.
 */
static long
throttle_wait(const struct throttle_limit *l, long long hits, long long age,
    long long blocked)
{
	if (blocked > 0)
		return (long)blocked;
	if (l->block == 0 && hits >= l->max && age < l->window)
		return (long)(l->window - age);
	return 0;
}

/* A bucket's state as THROTTLE_STATE reads it. */
struct throttle_state {
	long long	 hits;
	long long	 age;		/* seconds into its window */
	long long	 blocked;	/* seconds blocked */
};

/*
 * The state of "bucket" into "st" (all 0 when it has no row): 1 a row,
 * 0 none, -1 error.
 */
static int
throttle_get(struct db *db, const char *bucket, struct throttle_state *st)
{
	struct db_val	 arg = DBV_STR(bucket);
	struct db_col	 cols[] = {
		DBC_INT(&st->hits), DBC_INT(&st->age), DBC_INT(&st->blocked),
	};

	memset(st, 0, sizeof(*st));
	return db_row(db, throttle_sql[THROTTLE_GET], &arg, 1, cols, 3);
}

long
throttle_check(struct db *db, const struct config *cfg,
    enum throttle_rule rule, const char *key)
{
	struct throttle_limit	 l;
	struct throttle_state	 st;
	char			 bucket[THROTTLE_BUCKET];
	int			 rc;

	throttle_limit(cfg, rule, &l);
	throttle_bucket(rule, key, bucket);
	if ((rc = throttle_get(db, bucket, &st)) != 1)
		return rc;
	return throttle_wait(&l, st.hits, st.age, st.blocked);
}

long
throttle_hit(struct db *db, const struct config *cfg,
    enum throttle_rule rule, const char *key)
{
	struct throttle_limit	 l;
	struct throttle_state	 st;
	char			 bucket[THROTTLE_BUCKET];
	unsigned		 block;
	struct db_val		 args[3];

	throttle_limit(cfg, rule, &l);
	throttle_bucket(rule, key, bucket);
	args[0] = DBV_STR(bucket);
	args[1] = DBV_INT(l.window);
	args[2] = DBV_INT(l.window);
	if (db_exec(db, throttle_sql[THROTTLE_HIT], args, 3) == -1 ||
	    throttle_get(db, bucket, &st) != 1)
		return -1;
	if ((block = throttle_block_for(&l, (unsigned)st.hits)) > 0) {
		args[0] = DBV_INT(block);
		args[1] = DBV_STR(bucket);
		if (db_exec(db, throttle_sql[THROTTLE_BLOCK], args, 2) == -1)
			return -1;
		return (long)block;
	}
	if (l.block == 0 && st.hits >= l.max)
		return (long)(l.window - st.age > 0 ? l.window - st.age : 1);
	return 0;
}

int
throttle_reset(struct db *db, enum throttle_rule rule, const char *key)
{
	char		 bucket[THROTTLE_BUCKET];
	struct db_val	 arg;

	throttle_bucket(rule, key, bucket);
	arg = DBV_STR(bucket);
	return db_exec(db, throttle_sql[THROTTLE_RESET], &arg, 1) == -1 ? -1 : 0;
}

long long
throttle_purge(struct db *db, const struct config *cfg, unsigned grace)
{
	struct throttle_limit	 l;
	struct db_val		 args[2];
	char			 prefix[32];
	long long		 n, total = 0;
	int			 rule;

	for (rule = 0; rule < THROTTLE__MAX; rule++) {
		throttle_limit(cfg, (enum throttle_rule)rule, &l);
		snprintf(prefix, sizeof(prefix), "%s:%%", throttle_names[rule]);
		args[0] = DBV_STR(prefix);
		args[1] = DBV_INT((long long)grace + (l.window >
		    THROTTLE_PURGE_AGE ? l.window : THROTTLE_PURGE_AGE));
		if ((n = db_purge(db, throttle_sql[THROTTLE_PURGE], args,
		    2)) == -1)
			return -1;
		total += n;
	}
	return total;
}

void
throttle_login_key(int64_t user_id, const char *login, char *out)
{
	if (user_id > 0)
		snprintf(out, THROTTLE_KEY_MAX, "user:%lld",
		    (long long)user_id);
	else
		snprintf(out, THROTTLE_KEY_MAX, "login:%s", login);
}

/*
 * The name a client address is counted under, into "out" (at least
 * INET6_ADDRSTRLEN + 4): an IPv6 address as its /64, since one
 * subscriber gets a whole /64 and could otherwise count afresh from
 * each of its 2^64 addresses; anything else as it is.
 */
static void
throttle_addr(const char *addr, char *out, size_t outsz)
{
	struct in6_addr	 a;
	char		 txt[INET6_ADDRSTRLEN];

	if (inet_pton(AF_INET6, addr, &a) != 1 ||
	    IN6_IS_ADDR_V4MAPPED(&a)) {
		snprintf(out, outsz, "%s", addr);
		return;
	}
	memset(a.s6_addr + 8, 0, 8);
	if (inet_ntop(AF_INET6, &a, txt, sizeof(txt)) == NULL) {
		snprintf(out, outsz, "%s", addr);
		return;
	}
	snprintf(out, outsz, "%s/64", txt);
}

/*
 * The (account, address) key, both with a separator no name has; and
 * the address's own key into "akey" (ADDR_KEY bytes).
 */
static void
throttle_pair_key(const char *login, const char *addr, char *out,
    size_t outsz, char *akey)
{
	throttle_addr(addr, akey, ADDR_KEY);
	snprintf(out, outsz, "%s\n%s", login, akey);
}

long
throttle_login_check(struct db *db, const struct config *cfg,
    const char *login, const char *addr, int *counted)
{
	static const enum throttle_rule rules[3] = {
		THROTTLE_LOGIN_PAIR, THROTTLE_LOGIN_ACCOUNT, THROTTLE_LOGIN_ADDR,
	};
	char			 pair[512], buckets[3][THROTTLE_BUCKET];
	char			 bucket[THROTTLE_BUCKET] = "", akey[ADDR_KEY];
	const char		*keys[3] = { pair, login, akey };
	struct throttle_limit	 l;
	long long		 hits = 0, age = 0, blocked = 0;
	struct db_val		 args[3];
	struct db_col		 cols[] = {
		DBC_STR(bucket), DBC_INT(&hits), DBC_INT(&age),
		DBC_INT(&blocked),
	};
	long			 wait = 0, w;
	size_t			 i;
	int			 rc;

	if (counted != NULL)
		*counted = 0;
	throttle_pair_key(login, addr, pair, sizeof(pair), akey);
	for (i = 0; i < 3; i++) {
		throttle_bucket(rules[i], keys[i], buckets[i]);
		args[i] = DBV_STR(buckets[i]);
	}
	if (db_query(db, throttle_sql[THROTTLE_GET_LOGIN], args, 3, cols,
	    4) == -1)
		return -1;
	while ((rc = db_fetch(db)) == 1)
		for (i = 0; i < 3; i++) {
			if (strcmp(bucket, buckets[i]) != 0)
				continue;
			if (rules[i] != THROTTLE_LOGIN_ADDR && counted != NULL)
				*counted = 1;
			throttle_limit(cfg, rules[i], &l);
			if ((w = throttle_wait(&l, hits, age, blocked)) > wait)
				wait = w;
		}
	db_done(db);
	return rc == -1 ? -1 : wait;
}

int
throttle_login_failed(struct db *db, const struct config *cfg,
    const char *login, const char *addr)
{
	char	 pair[512], akey[ADDR_KEY];

	throttle_pair_key(login, addr, pair, sizeof(pair), akey);
	if (throttle_hit(db, cfg, THROTTLE_LOGIN_PAIR, pair) == -1 ||
	    throttle_hit(db, cfg, THROTTLE_LOGIN_ACCOUNT, login) == -1 ||
	    throttle_hit(db, cfg, THROTTLE_LOGIN_ADDR, akey) == -1)
		return -1;
	return 0;
}

int
throttle_login_ok(struct db *db, const char *login, const char *addr)
{
	char	 pair[512], akey[ADDR_KEY];

	throttle_pair_key(login, addr, pair, sizeof(pair), akey);
	if (throttle_reset(db, THROTTLE_LOGIN_PAIR, pair) == -1 ||
	    throttle_reset(db, THROTTLE_LOGIN_ACCOUNT, login) == -1)
		return -1;
	return 0;
}

long
throttle_take(struct db *db, const struct config *cfg,
    enum throttle_rule rule, const char *addr)
{
	char	 akey[ADDR_KEY];
	long	 wait;

	throttle_addr(addr, akey, sizeof(akey));
	if ((wait = throttle_check(db, cfg, rule, akey)) != 0)
		return wait;
	return throttle_hit(db, cfg, rule, akey) == -1 ? -1 : 0;
}
