/*
 * feed: the revocation feed in memory.  Two open-addressing tables,
 * the revoked sessions and the changed accounts, each key with the
 * time of its newest row; an account's row may spare one session (a
 * password change keeps the session that made it).
 *
 * Catching up reads the rows revoked since FEED_MARGIN_US before the
 * newest one seen, not "seq greater than the last": an insert that
 * commits after a later one (its seq is lower) is still read, if it
 * commits within FEED_MARGIN_US of its revoked_at (the transactions
 * that append are short).  Reading a row twice changes nothing.  Nor
 * need a row be read again once the database's clock at a read is
 * FEED_MARGIN_US past it: every row older than that had committed, so
 * the read saw it; a burst of rows (a mass logout) is read once or
 * twice, not at every poll until a newer row comes.  Rows older than the longest
 * access-token lifetime are dropped at the next rebuild: every token
 * they refuse has expired.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "db.h"
#include "feed.h"
#include "log.h"
#include "revocations.h"

/* How far before the newest row seen a catch-up reads again. */
#define FEED_MARGIN_US	(5 * 1000000LL)
/* How often the tables are rebuilt without the rows past the window. */
#define FEED_PRUNE_MS	(60 * 1000LL)
/* First table size; a power of two. */
#define FEED_MAP_MIN	64
/*
 * How full a table may be: 13/16, so that 100 000 revoked sessions fit
 * in 131 072 slots of 12 bytes (1.5 MiB); a miss, the common lookup,
 * probes a few neighbouring slots of one or two cache lines.
 */
#define FEED_ROOM(cap)	((cap) / 16 * 13)

struct feed_map {
	int64_t		*keys;		/* 0: empty (no id is 0) */
	uint32_t	*at;		/* newest revoked_at, whole seconds
					   since the epoch (until 2106) */
	int64_t		*spare;		/* accounts: the session spared, 0
					   none; NULL for sessions */
	size_t		 cap;		/* power of two, or 0 */
	size_t		 n;
};

struct feed {
	struct feed_map	 sessions;
	struct feed_map	 users;
	int64_t		 newest_us;	/* newest revoked_at read */
	int64_t		 read_us;	/* the database's clock at the
					   latest read that returned rows */
	int64_t		 cutoff_s;	/* rows before it are dropped */
	int64_t		 tried_ms;	/* last read attempt, 0 none */
	int64_t		 ok_ms;		/* last successful read, 0 none */
	int64_t		 pruned_ms;
	int		 stale;		/* failing closed (logged once) */
	int		 failing;	/* the last read failed (logged once) */
	int		 nomem;		/* a row could not be kept */
};

int64_t
feed_clock_ms(void)
{
	struct timespec	 ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct feed *
feed_new(void)
{
	return calloc(1, sizeof(struct feed));
}

static void
feed_map_free(struct feed_map *m)
{
	free(m->keys);
	free(m->at);
	free(m->spare);
	memset(m, 0, sizeof(*m));
}

void
feed_free(struct feed *f)
{
	if (f == NULL)
		return;
	feed_map_free(&f->sessions);
	feed_map_free(&f->users);
	free(f);
}

/* The slot of "key" in "m" (cap > 0): where it is, or the empty one. */
static size_t
feed_slot(const struct feed_map *m, int64_t key)
{
	size_t	 i = (size_t)(((uint64_t)key * 0x9E3779B97F4A7C15ULL) >> 32) &
	    (m->cap - 1);

	while (m->keys[i] != 0 && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	return i;
}

/*
 * Put "key" revoked at "at" (sparing "spare") into "m", keeping the
 * newest time; two rows that spare different sessions spare none.
 */
static void
feed_put(struct feed_map *m, int64_t key, uint32_t at, int64_t spare)
{
	size_t	 i = feed_slot(m, key);

	if (m->keys[i] == 0) {
		m->keys[i] = key;
		m->at[i] = at;
		if (m->spare != NULL)
			m->spare[i] = spare;
		m->n++;
		return;
	}
	if (at > m->at[i])
		m->at[i] = at;
	if (m->spare != NULL && m->spare[i] != spare)
		m->spare[i] = 0;
}

/*
 * Rebuild "m" with room for "want" keys at most 3/4 full, without the
 * keys older than "cutoff".  0, or -1 on out of memory ("m" unchanged).
 */
static int
feed_rebuild(struct feed_map *m, size_t want, int64_t cutoff, int spare)
{
	struct feed_map	 nm;
	size_t		 i;

	memset(&nm, 0, sizeof(nm));
	nm.cap = FEED_MAP_MIN;
	while (FEED_ROOM(nm.cap) < want)
		nm.cap *= 2;
	nm.keys = calloc(nm.cap, sizeof(*nm.keys));
	nm.at = calloc(nm.cap, sizeof(*nm.at));
	if (spare)
		nm.spare = calloc(nm.cap, sizeof(*nm.spare));
	if (nm.keys == NULL || nm.at == NULL || (spare && nm.spare == NULL)) {
		feed_map_free(&nm);
		return -1;
	}
	for (i = 0; i < m->cap; i++)
		if (m->keys[i] != 0 && (int64_t)m->at[i] >= cutoff)
			feed_put(&nm, m->keys[i], m->at[i],
			    spare ? m->spare[i] : 0);
	feed_map_free(m);
	*m = nm;
	return 0;
}

/* Add one key; -1 when there is no memory for it. */
static int
feed_add(struct feed_map *m, int64_t key, uint32_t at, int64_t spare,
    int64_t cutoff, int is_user)
{
	if ((m->n + 1) > FEED_ROOM(m->cap) &&
	    feed_rebuild(m, m->n + 1, cutoff, is_user) == -1)
		return -1;
	feed_put(m, key, at, spare);
	return 0;
}

int
feed_apply(struct feed *f, const struct revocation *r)
{
	if (r->at_us > f->newest_us)
		f->newest_us = r->at_us;
	if (r->read_us > f->read_us)
		f->read_us = r->read_us;
	if (r->user)
		return feed_add(&f->users, r->user_id,
		    (uint32_t)(r->at_us / 1000000), r->session_id,
		    f->cutoff_s, 1);
	return feed_add(&f->sessions, r->session_id,
	    (uint32_t)(r->at_us / 1000000), 0, f->cutoff_s, 0);
}

/* revocations_read's callback: one row into the tables. */
static void
feed_row(void *arg, const struct revocation *r)
{
	struct feed	*f = arg;

	if (feed_apply(f, r) == -1)
		f->nomem = 1;
}

int64_t
feed_next_since(const struct feed *f)
{
	if (f->newest_us == 0)
		return 0;	/* a new process: the whole window */
	return (f->read_us > f->newest_us ? f->read_us : f->newest_us) -
	    FEED_MARGIN_US;
}

/* One catch-up read: 0 or -1. */
static int
feed_read(struct feed *f, struct db *db, const struct config *cfg)
{
	unsigned	 window = cfg->access_ttl + cfg->token_leeway + 1;
	int64_t		 since = feed_next_since(f);

	f->nomem = 0;
	if (revocations_read(db, since, window, feed_row, f) == -1)
		return -1;
	if (f->nomem) {
		/* a row we could not keep: judging without it is unsafe */
		log_err("revocation feed: out of memory");
		return -1;
	}
	/* the window, on the database's clock as the rows have it */
	if (f->newest_us / 1000000 > (int64_t)window)
		f->cutoff_s = f->newest_us / 1000000 - window;
	return 0;
}

/* Drop what is past the window, now and then. */
static void
feed_prune(struct feed *f, int64_t now_ms)
{
	if (now_ms - f->pruned_ms < FEED_PRUNE_MS)
		return;
	f->pruned_ms = now_ms;
	if (f->sessions.cap > 0)
		(void)feed_rebuild(&f->sessions, f->sessions.n, f->cutoff_s,
		    0);
	if (f->users.cap > 0)
		(void)feed_rebuild(&f->users, f->users.n, f->cutoff_s, 1);
}

int
feed_sync(struct feed *f, struct db *db, const struct config *cfg,
    int64_t now_ms)
{
	int64_t	 poll = cfg->revocation_poll;

	if (f->tried_ms == 0 || now_ms - f->tried_ms >= poll) {
		f->tried_ms = now_ms;
		if (feed_read(f, db, cfg) == 0) {
			if (f->failing || f->stale)
				log_warn("revocation feed: read again; "
				    "tokens are judged again");
			f->ok_ms = now_ms;
			f->failing = f->stale = 0;
			feed_prune(f, now_ms);
		} else if (!f->failing) {
			f->failing = 1;
			log_warn("revocation feed: cannot read it: %s",
			    db_strerror(db));
		}
	}
	if (f->ok_ms != 0 && now_ms - f->ok_ms <= 3 * poll)
		return 0;
	if (!f->stale) {
		f->stale = 1;
		log_err("revocation feed: not read for %lld ms (3 x "
		    "revocation_poll): refusing every token (fail closed)",
		    f->ok_ms == 0 ? 0LL : (long long)(now_ms - f->ok_ms));
	}
	return -1;
}

enum feed_answer
feed_lookup(const struct feed *f, int64_t uid, int64_t sid, int64_t iat)
{
	const struct feed_map	*m;
	size_t			 i;

	m = &f->sessions;
	if (m->cap > 0 && m->keys[i = feed_slot(m, sid)] == sid)
		return FEED_SESSION_ENDED;
	m = &f->users;
	/*
	 * iat has whole seconds: a token of the second of the change, or
	 * of the second after it (clocks a little apart), may be older
	 * or newer than the change; the database says which.
	 */
	if (m->cap > 0 && m->keys[i = feed_slot(m, uid)] == uid &&
	    m->spare[i] != sid && iat <= (int64_t)m->at[i] + 1)
		return FEED_USER_CHANGED;
	return FEED_CLEAR;
}
