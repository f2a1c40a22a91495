/*
 * guard: the bearer-token check in front of every protected route of
 * every program.  A token passes when its signature, algorithm, kid,
 * issuer, type and times are right AND its session is live and its
 * account active, checked in one indexed query, so a logout or a
 * disabled account takes effect at once.
 */
#ifndef FCAUTH_GUARD_H
#define FCAUTH_GUARD_H

struct app;
struct request;
struct reply;

/*
 * Check the request's bearer token.  Returns 1 and fills app->who when
 * it passes; 0 with the reply set to token_missing, token_invalid,
 * token_expired or account_disabled when it does not; -1 with the reply
 * set on a database error.  Keeps last_request_date, written at most
 * once per configured resolution.
 */
int	 guard_check(struct app *app, const struct request *req,
	    struct reply *r);

#endif /* FCAUTH_GUARD_H */
