/*
 * login: what every successful sign-in does, whichever endpoint it
 * comes from (login, registration without verification, verify): a new
 * session with a fresh refresh token, a signed access token, the last
 * login time, an audit event, and the payload of API.md.
 */
#ifndef FCAUTH_LOGIN_H
#define FCAUTH_LOGIN_H

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

#endif /* FCAUTH_LOGIN_H */
