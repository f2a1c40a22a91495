/*
 * login: what every successful sign-in does, whichever endpoint it
 * comes from (login, registration without verification, verify): a new
 * session with a fresh refresh token, a signed access token, the last
 * login time and an audit event.  The outcome is a struct login_result;
 * the handler puts it in its reply (result_login), and the renderer
 * writes the payload and the cookies.
 */
#ifndef FCAUTH_LOGIN_H
#define FCAUTH_LOGIN_H

#include <stdint.h>
#include <time.h>

#include "jwt.h"
#include "token.h"
#include "users.h"

struct config;
struct db;

/*
 * What a sign-in needs from the program: its database, settings, keys
 * and clock, and the client's address and user agent (may be NULL).
 * Borrowed for the call.
 */
struct login_ctx {
	struct db		*db;
	const struct config	*cfg;
	const struct jwt_keyring *ring;
	time_t			 now;
	const char		*addr;
	const char		*user_agent;
	int			 session_ttl;	/* the access token lives as
					   long as its session, not
					   [tokens] access_ttl */
	int			 cookies;	/* set the session cookies,
					   as in [http] cookie_mode */
};

/* The context of a handler: "app" (struct app) and "req". */
#define LOGIN_CTX(app, req) { (app)->db, &(app)->cfg, &(app)->ring, \
	(app)->now, (req)->addr, (req)->user_agent, app_session_ttl(app), \
	app_cookie_mode(app) }

/* A signed-in session: what the reply carries. */
struct login_result {
	struct user	 user;		/* the account, last login now */
	char		 access_token[JWT_MAX];
	char		 refresh_token[TOKEN_STRLEN + 1];
	unsigned	 expires_in;	/* the access token's lifetime */
	unsigned	 refresh_expires_in;	/* the refresh token's */
	int		 cookies;	/* cookie mode: set both cookies */
};

/*
 * Sign "u" in, inside the caller's transaction: 0 with "*out" filled,
 * or -1 on a database or signing error (the caller answers with
 * app_db_failed or app_internal).  Wipe "*out" with login_result_wipe.
 */
int	 login_issue(const struct login_ctx *c, const struct user *u,
	    int remember, const char *event, struct login_result *out);

/*
 * The result for session "sid" of "u" whose refresh token is
 * "refresh", valid "ttl" seconds: a new access token, valid [tokens]
 * access_ttl seconds, or "ttl" too with c->session_ttl.  Shared by
 * login_issue and refresh.  0, or -1 on a signing error.
 */
int	 login_tokens(const struct login_ctx *c, const struct user *u,
	    int64_t sid, const char *refresh, unsigned ttl,
	    struct login_result *out);

/* Wipe the tokens of "lr". */
void	 login_result_wipe(struct login_result *lr);

#endif /* FCAUTH_LOGIN_H */
