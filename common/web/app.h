/*
 * app: what every fcauth program shares at run time: the configuration
 * read once at start, the database handle, the signing keys, the match
 * table, and the FastCGI (or plain CGI) loop that hands each request
 * to a handler and renders its reply.  app.c is the program's life
 * (options, setup, the loop and the supervisor); dispatch.c one
 * request (route, guard, handler, the database retry); cors.c the
 * preflight.
 */
#ifndef FCAUTH_APP_H
#define FCAUTH_APP_H

#include <stdint.h>
#include <time.h>

#include "config.h"
#include "dialect.h"
#include "guard.h"
#include "input.h"
#include "jwt.h"
#include "once.h"
#include "ops.h"
#include "route.h"

struct feed;
struct seen;

struct db;
struct jwt_cache;
struct request;
struct reply;

struct app {
	const char		*prog;		/* "auth", "registration", ... */
	struct config		 cfg;
	struct db		*db;
	struct jwt_keyring	 ring;
	struct jwt_cache	*tokens;	/* access tokens seen */
	struct feed		*feed;		/* the revocation feed read */
	struct seen		*seen;		/* sessions to mark used */
	struct dialect		*dialect;	/* [api] dialect, or NULL */
	struct input_names	 names;		/* its input field names */
	struct route_rule	 rules[DIALECT_ROUTES_MAX + OP__MAX];
					/* built at start: the dialect's
					   routes first, then the canonical */
	size_t			 nrules;
	struct route_rule	 authorizer;	/* OP_AUTHORIZE, if served */
	char			 verify_link[1024];	/* base_url and the
					   path of OP_VERIFY_LINK (or the
					   dialect's link verify): the mails'
					   one-click link, less its token */
	char			 reset_link[1024];	/* base_url and the
					   dialect's link reset, less its
					   token, or "": [verification]
					   reset_page */

	/* per request, reset before each */
	time_t			 now;
	enum op			 op;		/* OP__MAX until routed */
	const struct dialect_route *dialect_rule;	/* the dialect's
					   route the request took, or NULL:
					   canonical in and out */
	struct route_params	 params;
	struct principal	 who;		/* valid on PATH_BEARER rules */
	struct once		 once;		/* once.h */
};

/*
 * The whole life of a program: options (--config PATH, --listen ADDR,
 * --processes N, --help; --routes prints the canonical match table and
 * exits), configuration, keys, database handle, then requests until
 * the server stops us.  "routes" lists the "nroutes"
 * operations the program serves with their handlers; their paths come
 * from the path table (paths.h).  OP_AUTHORIZE among them answers
 * FastCGI Authorizer requests (FCGI_ROLE AUTHORIZER, as lighttpd's
 * "mode" => "authorizer" and Apache's FcgidAccessChecker send them),
 * whatever their path; a program without it refuses those with 403.
 * Returns the exit status.
 */
int	 app_main(int argc, char *argv[], const char *prog,
	    const struct route *routes, size_t nroutes);

/*
 * Load the configuration, keys and password method into "app" (for
 * programs and for fcauthctl).  0, or -1 with a message on stderr.
 */
int	 app_setup(struct app *app, const char *prog, const char *cfgpath);

/*
 * Load the dialect [api] dialect of "cfg" names (a name in [api]
 * dialects_dir, or a path when it holds a '/') into "*out": 0 (with
 * NULL when none is configured), or -1 with "FILE:LINE: reason" in
 * "err".  For app_setup and fcauthctl check-config.
 */
int	 app_dialect_load(const struct config *cfg, struct dialect **out,
	    char *err, size_t errsz);

/*
 * Whether this request's access token lives as long as its session
 * (option access_ttl session of the dialect whose route it took): 1
 * or 0.
 */
int	 app_session_ttl(const struct app *app);

/*
 * Whether this request sets and reads the session cookies: [http]
 * cookie_mode, or the dialect whose route it took has "cookie refresh
 * PATH" (the refresh cookie then has that Path).  1 or 0.
 */
int	 app_cookie_mode(const struct app *app);

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

/*
 * Answer a guard's refusal "v" (not GUARD_PASS): 401 token_missing,
 * token_invalid or token_expired, 403 account_disabled,
 * email_not_verified or forbidden (a cross-site request), or what
 * app_db_failed answers for GUARD_DB_ERROR.
 */
void	 app_refused(struct app *app, struct reply *r, enum guard_verdict v);

#endif /* FCAUTH_APP_H */
