/*
 * once: a state-changing request (register, password forgot and reset,
 * email change, account delete) does its work once, however often it
 * is run.  Its transaction stores the reply it is about to give,
 * sealed, under the request's key (the client's Idempotency-Key, else
 * a random one of its own), and commits both together; a rerun finds
 * the row and answers with the stored reply instead of doing the work
 * again.  That covers a COMMIT whose outcome is unknown (the connection
 * died in it: dispatch runs the request again on a new connection) and
 * a client that lost a reply and retries with the same key.
 */
#ifndef FCAUTH_ONCE_H
#define FCAUTH_ONCE_H

#include <stddef.h>
#include <stdint.h>

#include "idem.h"

struct app;
struct reply;
struct request;

#define ONCE_KEY_MAX	255	/* Idempotency-Key, bytes */

/* The state of one request; reset by once_start. */
struct once {
	int		 active;	/* the operation is one of them */
	int		 given;		/* the client sent a key */
	int		 raced;		/* a concurrent request with the
					   key committed first */
	int64_t		 owner;		/* the account (bearer routes), or 0 */
	unsigned char	 key_hash[IDEM_HASH];
	unsigned char	 body_hash[IDEM_HASH];
	unsigned char	 seal[32];	/* sealing key, never stored */
	char		*replay;	/* owned: the stored reply to send
					   as it is, or NULL */
	size_t		 replaylen;
};

/*
 * Set up "app->once" for the request routed to "app->op": 0, or -1
 * with "r" set (a malformed Idempotency-Key: 400).
 */
int	 once_start(struct app *app, const struct request *req,
	    struct reply *r);

/*
 * Before a run of the handler (attempt "attempt", 0 first): look for
 * the stored reply.  0 none (run the handler), 1 answered (the stored
 * reply in app->once.replay, or 422 idempotency_key_reused in "r"),
 * -1 a database error ("r" set).
 */
int	 once_lookup(struct app *app, const struct request *req,
	    struct reply *r, int attempt);

/*
 * After a COMMIT of unknown outcome, a rerun's refusal "r" (409
 * email_taken, say) may be the first run's own work, committed after
 * the rerun looked for its reply: look once more.  Found, the stored
 * reply is the answer (app->once.replay); not found, "r" stands; the
 * look failing, "r" becomes its 503: the outcome is still unknown.
 */
void	 once_recheck(struct app *app, const struct request *req,
	    struct reply *r, int attempt);
/*
 * Commit the handler's transaction with its reply "r" (already built)
 * stored with it.  0 committed, -1 not: the caller answers with
 * app_db_failed (after reply_free), and dispatch runs it again when it
 * may.
 */
int	 app_commit(struct app *app, const struct request *req,
	    struct reply *r);

/* Free what the request held. */
void	 once_end(struct app *app);

#endif /* FCAUTH_ONCE_H */
