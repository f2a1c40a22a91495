/*
 * outbox: the mail_outbox table, the queue between the handlers that
 * write mail (mail_enqueue, in their own transaction) and fcauthctl
 * mail-worker that delivers it.  All SQL about queued mail lives here;
 * rendering is mail.c's, delivery and the retry policy the worker's.
 */
#ifndef FCAUTH_OUTBOX_H
#define FCAUTH_OUTBOX_H

#include <stdint.h>

struct db;

#define OUTBOX_BODY_MAX		(1024 * 1024)	/* longest body read back */

/* One message as the worker reads it. */
struct outbox_msg {
	long long	 id;
	long long	 attempts;	/* tries counted when it was read */
	char		 to[256];
	char		 subject[1024];
	char		*body;		/* caller's, OUTBOX_BODY_MAX + 1 bytes */
};

/*
 * Queue a message for "to" (and "user_id", 0 for none), due now, in
 * the caller's transaction.  0 or -1.
 */
int	 outbox_insert(struct db *db, int64_t user_id, const char *to,
	    const char *subject, const char *body);

/*
 * Find and lock the oldest queued message that is due, skipping rows
 * another worker holds (FOR UPDATE SKIP LOCKED, in the caller's
 * transaction), into "m" (whose body buffer the caller provides).
 * 1 found, 0 none due, -1 error.
 */
int	 outbox_next_due(struct db *db, struct outbox_msg *m);

/*
 * Lease message "id" for "secs" seconds: count one more attempt and
 * make it due again only when the lease runs out.  0 or -1.
 */
int	 outbox_lease(struct db *db, long long id, unsigned secs);

/* Message "id" was delivered.  0 or -1. */
int	 outbox_sent(struct db *db, long long id);

/* Try "id" again in "secs" seconds, noting "err".  0 or -1. */
int	 outbox_retry(struct db *db, long long id, long long secs,
	    const char *err);

/* Give up on "id", noting "err".  0 or -1. */
int	 outbox_failed(struct db *db, long long id, const char *err);

#endif /* FCAUTH_OUTBOX_H */
