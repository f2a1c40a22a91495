/*
 * login: what every successful sign-in does, whichever endpoint it
 * comes from (login, registration without verification, verify): a new
 * session with a fresh refresh token, a signed access token, the last
 * login time, an audit event, and the payload of API.md.
 */
#ifndef FCAUTH_LOGIN_H
#define FCAUTH_LOGIN_H

#include <stdint.h>

struct app;
struct request;
struct reply;
struct user;
struct json_object;

/*
 * Sign "u" in, inside the caller's transaction.  On success returns 0
 * and a new payload object {access_token, token_type, expires_in,
 * refresh_token, refresh_expires_in, user} in "*payload" (the caller
 * owns it), and adds the refresh cookie to "r" in cookie mode.
 * Returns -1 on a database or signing error (the reply is not touched;
 * the caller answers with app_db_failed or app_internal).
 */
int	 login_issue(struct app *app, const struct request *req,
	    struct reply *r, const struct user *u, int remember,
	    const char *event, struct json_object **payload);

/*
 * The sign-in payload for session "sid" of "u" whose refresh token is
 * "refresh", valid "ttl" seconds: a new access token, and in cookie
 * mode the refresh cookie added to "r".  Shared by login_issue and
 * refresh.  0 with the new object in "*payload" (the caller owns it),
 * or -1 on a signing error or out of memory.
 */
int	 login_tokens(struct app *app, struct reply *r, const struct user *u,
	    int64_t sid, const char *refresh, unsigned ttl,
	    struct json_object **payload);

/*
 * In cookie mode add the refresh cookie "refresh" with Max-Age "ttl"
 * to "r" (HttpOnly, SameSite=Strict, Path paths_cookie, Secure unless
 * configured off); refresh "" and ttl 0 clear it and the access cookie
 * (login_tokens sets that one: HttpOnly, SameSite=Lax, [http]
 * access_cookie_name and access_cookie_path, Max-Age the access
 * token's lifetime).  Outside cookie mode does nothing.  0, or -1 if
 * the reply has no room.
 */
int	 login_cookie(struct app *app, struct reply *r, const char *refresh,
	    unsigned ttl);

#endif /* FCAUTH_LOGIN_H */
