/*
 * profile.fcgi's parts: the account itself (profile.c, which holds the
 * routes) and the enrolment of the second factor (profile_mfa.c).
 */
#ifndef FCAUTH_CGI_PROFILE_H
#define FCAUTH_CGI_PROFILE_H

struct app;
struct input_errors;
struct reply;
struct request;
struct user;

/*
 * The steps every password-confirmed change starts with: answer the
 * input errors "e" if there are any, load the account into "u", check
 * "pw" (a failure audited as "event").  1 go on; 0 or -1 answered.
 */
int	 profile_reauth(struct app *app, struct request *req, struct reply *r,
	    const struct input_errors *e, struct user *u, const char *pw,
	    const char *event);

/*
 * A wrong second secret (a code) after the right password: counted
 * under the login throttle like a wrong password, "event" audited.
 * 0, or -1 with the reply set.
 */
int	 profile_guess_failed(struct app *app, struct request *req,
	    struct reply *r, const struct user *u, const char *event);

/* The enrolment routes (profile_mfa.c). */
void	 handle_mfa_start(struct app *, struct request *, struct reply *);
void	 handle_mfa_confirm(struct app *, struct request *, struct reply *);
void	 handle_mfa_delete(struct app *, struct request *, struct reply *);
void	 handle_mfa_recovery(struct app *, struct request *, struct reply *);

/* The passkey routes (profile_passkeys.c). */
void	 handle_passkey_register_options(struct app *, struct request *,
	    struct reply *);
void	 handle_passkey_register(struct app *, struct request *,
	    struct reply *);
void	 handle_passkeys(struct app *, struct request *, struct reply *);
void	 handle_passkey_rename(struct app *, struct request *,
	    struct reply *);
void	 handle_passkey_delete(struct app *, struct request *,
	    struct reply *);

#endif /* FCAUTH_CGI_PROFILE_H */
