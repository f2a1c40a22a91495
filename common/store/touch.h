/*
 * touch: the activity times of many sessions in one statement, for the
 * guard's feed mode (common/web/seen.c), which collects the sessions a
 * process served and writes them at most once per [accounts]
 * activity_resolution.
 */
#ifndef FCAUTH_TOUCH_H
#define FCAUTH_TOUCH_H

#include <stddef.h>
#include <stdint.h>

struct db;

/* Most sessions one touch_sessions writes. */
#define TOUCH_MAX	4096

/*
 * Set last_used_at of the sessions "sids" (n of them, at most
 * TOUCH_MAX) and last_request_at of their accounts to now, in one
 * statement.  0 or -1.
 */
int	 touch_sessions(struct db *db, const int64_t *sids, size_t n);

#endif /* FCAUTH_TOUCH_H */
