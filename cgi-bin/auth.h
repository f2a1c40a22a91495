/*
 * auth.fcgi's parts: signing in (auth_login.c), refresh rotation with
 * reuse detection (auth_refresh.c), logout (auth_logout.c), the
 * session list and the public keys (auth_sessions.c), the second step
 * of a two-factor sign-in (auth_mfa.c), the trusted devices
 * (auth_devices.c), and the authorizer (authorizer.c); auth.c holds
 * the routes.
 */
#ifndef FCAUTH_CGI_AUTH_H
#define FCAUTH_CGI_AUTH_H

struct app;
struct request;
struct reply;

/* The handlers, one per route, and the FastCGI authorizer. */
void	 handle_login(struct app *, struct request *, struct reply *);
void	 handle_refresh(struct app *, struct request *, struct reply *);
void	 handle_logout(struct app *, struct request *, struct reply *);
void	 handle_sessions(struct app *, struct request *, struct reply *);
void	 handle_session_delete(struct app *, struct request *,
	    struct reply *);
void	 handle_jwks(struct app *, struct request *, struct reply *);
void	 handle_check(struct app *, struct request *, struct reply *);
void	 handle_authorize(struct app *, struct request *, struct reply *);
void	 handle_mfa_verify(struct app *, struct request *, struct reply *);
void	 handle_devices(struct app *, struct request *, struct reply *);
void	 handle_device_delete(struct app *, struct request *,
	    struct reply *);
void	 handle_passkey_login_options(struct app *, struct request *,
	    struct reply *);
void	 handle_passkey_login(struct app *, struct request *,
	    struct reply *);

/*
 * The refresh token of a request (auth_refresh.c): the "refresh_token"
 * body field, else (in cookie mode) the refresh cookie.  1 with a new
 * string in "*out" and "*from_cookie" set, 0 when there is none, -1
 * with the reply set.
 */
int	 refresh_token_read(struct app *app, struct request *req,
	    struct reply *r, char **out, int *from_cookie);

/* Wipe and free a token refresh_token_read returned (NULL is fine). */
void	 refresh_token_free(char *tok);

#endif /* FCAUTH_CGI_AUTH_H */
