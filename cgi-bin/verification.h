/*
 * verification.fcgi's parts: confirming an address (verify.c, by code
 * or by link: verify_link.c), resending codes (resend.c) and the
 * forgotten-password flow (reset.c); verification.c holds the routes.
 */
#ifndef FCAUTH_CGI_VERIFICATION_H
#define FCAUTH_CGI_VERIFICATION_H

#include "throttle.h"

struct app;
struct request;
struct reply;
struct verif;

/* How a verification attempt ended, for the link's redirect and page. */
enum outcome {
	OUT_VERIFIED,		/* 200 */
	OUT_EXPIRED,		/* 410 */
	OUT_INVALID,		/* 404, 400, 403, 409 */
	OUT_ERROR,		/* 5xx, reply set */
};

/* The handlers, one per route. */
void		 handle_verify(struct app *, struct request *, struct reply *);
void		 handle_status(struct app *, struct request *, struct reply *);
void		 handle_link(struct app *, struct request *, struct reply *);
void		 handle_resend(struct app *, struct request *, struct reply *);
void		 handle_forgot(struct app *, struct request *, struct reply *);
void		 handle_reset(struct app *, struct request *, struct reply *);

/*
 * Check and use one verification (verify.c), found by "public_id" +
 * "code" or by link token "link"; see there.
 */
enum outcome	 verify_run(struct app *app, struct request *req,
		    struct reply *r, const char *public_id, const char *code,
		    const char *link, int signin, int remember);

/*
 * Take one request of the client's address under per-address cap
 * "rule" (verify.c): 1 it may go on; 0 answered, 429 rate_limited with
 * a Retry-After or the database failure.
 */
int		 verification_throttle(struct app *app,
		    const struct request *req, struct reply *r,
		    enum throttle_rule rule);

/* 410 for a verification that cannot be used any more. */
void		 reply_gone(struct reply *r, const struct verif *v);

#endif /* FCAUTH_CGI_VERIFICATION_H */
