/*
 * seen: a set of session ids (open addressing, TOUCH_MAX of them at
 * most) and the list of them in the order noted, written by
 * touch_sessions.
 */
#include <stdlib.h>
#include <string.h>

#include "seen.h"
#include "touch.h"

#define SEEN_SLOTS	(2 * TOUCH_MAX)	/* a power of two, half full */

struct seen {
	int64_t		 slots[SEEN_SLOTS];	/* 0: empty */
	int64_t		 list[TOUCH_MAX];
	size_t		 n;
	time_t		 written;		/* last write, 0 never */
};

struct seen *
seen_new(void)
{
	return calloc(1, sizeof(struct seen));
}

void
seen_free(struct seen *s)
{
	free(s);
}

/* Add "sid"; 1 added, 0 already there. */
static int
seen_add(struct seen *s, int64_t sid)
{
	size_t	 i = (size_t)(((uint64_t)sid * 0x9E3779B97F4A7C15ULL) >> 32) &
	    (SEEN_SLOTS - 1);

	while (s->slots[i] != 0) {
		if (s->slots[i] == sid)
			return 0;
		i = (i + 1) & (SEEN_SLOTS - 1);
	}
	s->slots[i] = sid;
	s->list[s->n++] = sid;
	return 1;
}

int
seen_flush(struct seen *s, struct db *db, time_t now)
{
	if (s->n > 0 && touch_sessions(db, s->list, s->n) == -1)
		return -1;
	memset(s->slots, 0, sizeof(s->slots));
	s->n = 0;
	s->written = now;
	return 0;
}

int
seen_note(struct seen *s, struct db *db, int64_t sid, time_t now,
    unsigned resolution)
{
	if (s->n < TOUCH_MAX)
		(void)seen_add(s, sid);
	if (s->n < TOUCH_MAX && now - s->written < (time_t)resolution)
		return 0;
	return seen_flush(s, db, now);
}
