/*
 * app: what every fcauth program shares at run time: the configuration
 * read once at start, the database handle, the signing keys, the route
 * table, and the FastCGI (or plain CGI) loop that hands each request
 * to a handler and renders its reply.
 */
#ifndef FCAUTH_APP_H
#define FCAUTH_APP_H

#include <stdint.h>
#include <time.h>

#include "config.h"
#include "jwt.h"
#include "route.h"
#include "users.h"

struct db;
struct jwt_cache;
struct request;
struct reply;

/* Who made a request that passed the bearer guard. */
struct principal {
	int64_t		 user_id;
	int64_t		 session_id;
	char		 role[32];
	char		 email[256];
	struct user	 user;		/* the account, read by the guard's
					   one query: handlers need not read
					   it again */
};

struct app {
	const char		*prog;		/* "auth", "registration", ... */
	struct config		 cfg;
	struct db		*db;
	struct jwt_keyring	 ring;
	struct jwt_cache	*tokens;	/* access tokens seen */
	const struct route	*routes;
	size_t			 nroutes;

	/* per request, reset before each */
	time_t			 now;
	struct route_params	 params;
	struct principal	 who;		/* valid on ROUTE_BEARER routes */
};

/*
 * The whole life of a program: options (--config PATH, --listen ADDR,
 * --processes N, --help), configuration, keys, database handle, then
 * requests until the server stops us.  Returns the exit status.
 */
int	 app_main(int argc, char *argv[], const char *prog,
	    const struct route *routes, size_t nroutes);

/* Clear app->who between requests (and when a guard refuses). */
void	 app_forget_who(struct app *app);

/*
 * The handler of FastCGI Authorizer requests (FCGI_ROLE AUTHORIZER,
 * as lighttpd's "mode" => "authorizer" and Apache's
 * FcgidAccessChecker send them), whatever their path; call before
 * app_main.  A program without one refuses such requests with 403.
 */
void	 app_set_authorizer(void (*handler)(struct app *, struct request *,
	    struct reply *));

/*
 * Load the configuration, keys and password method into "app" (for
 * programs and for fcauthctl).  0, or -1 with a message on stderr.
 */
int	 app_setup(struct app *app, const char *prog, const char *cfgpath);

/* Release what app_setup made. */
void	 app_teardown(struct app *app);

/*
 * Answer a failed database call: 503 service_unavailable with
 * Retry-After when the database is down or busy (a deadlock or lock
 * wait timeout, once the dispatcher's one retry failed too), else 500
 * internal_error (logged with the request id).  Rolls back an open
 * transaction.
 */
void	 app_db_failed(struct app *app, struct reply *r, const char *what);

/* Answer 500 internal_error and log "what" (no secrets). */
void	 app_internal(struct app *app, struct reply *r, const char *what);

#endif /* FCAUTH_APP_H */
