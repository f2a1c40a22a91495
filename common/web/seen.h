/*
 * seen: the sessions this process served in feed mode, whose activity
 * times (the account's last_request_date, the session's last use) are
 * written together at most once per [accounts] activity_resolution,
 * instead of a write per request.
 */
#ifndef FCAUTH_SEEN_H
#define FCAUTH_SEEN_H

#include <stdint.h>
#include <time.h>

struct db;
struct seen;

/* An empty collection; NULL on out of memory. */
struct seen	*seen_new(void);

/* Free "s"; NULL does nothing. */
void		 seen_free(struct seen *s);

/*
 * Note that session "sid" made a request at "now"; then, if the last
 * write is "resolution" seconds old or more (or the collection is
 * full), write what was collected in one statement.  0, or -1 on a
 * database error (what was collected is kept for the next time).
 */
int		 seen_note(struct seen *s, struct db *db, int64_t sid,
		    time_t now, unsigned resolution);

/* Write what was collected now (a process that stops).  0 or -1. */
int		 seen_flush(struct seen *s, struct db *db, time_t now);

#endif /* FCAUTH_SEEN_H */
