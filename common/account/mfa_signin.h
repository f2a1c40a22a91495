/*
 * mfa_signin: the sign-in step of an account with a second factor
 * (issue 16).  After a correct password (and only then, so that the
 * factor's presence never shows before the password is right), an
 * account with a factor gets a pending sign-in and its mfa_token
 * instead of a session, unless the request shows a trusted device of
 * the account.  /auth/mfa/verify then checks the code against the
 * factor (mfa.h, branch mfa-core) and signs in with login_issue.
 *
 * Verdicts only: the handlers (cgi-bin/auth_login.c, auth_mfa.c)
 * answer them.
 */
#ifndef FCAUTH_MFA_SIGNIN_H
#define FCAUTH_MFA_SIGNIN_H

#include <stdint.h>
#include <time.h>

#include "mfa.h"
#include "token.h"

struct config;
struct db;
struct user;

/* Wrong codes a pending sign-in takes; the next wrong one kills it. */
#define MFA_SIGNIN_TRIES	5

/*
 * The [mfa] settings the sign-in step reads: the mfa_token's lifetime
 * (token_ttl), a trusted device's (trusted_device_ttl), and whether
 * "role" is one of required_roles (1 or 0).
 */
unsigned mfa_signin_token_ttl(const struct config *cfg);
unsigned mfa_signin_device_ttl(const struct config *cfg);
int	 mfa_signin_role_required(const struct config *cfg, const char *role);

/*
 * Whether the sign-in of "u" (its password right) needs the second
 * factor: the account has one and "device_token" (NULL: none sent) is
 * not a live trusted device of the account.  1 yes, with the factors in
 * "*factors" (MFA_F_* bits); 0 no; -1 database error.
 */
int	 mfa_signin_needed(struct db *db, const struct config *cfg,
	    const struct user *u, const char *device_token,
	    unsigned *factors);

/*
 * Start a pending sign-in of "user_id": its fresh mfa_token into "out"
 * (TOKEN_STRLEN + 1 bytes), stored only as a digest.  0 or -1.
 */
int	 mfa_signin_start(struct db *db, const struct config *cfg,
	    int64_t user_id, int remember, char *out);

/*
 * Check the second factor of "user_id": a TOTP "code", else a
 * "recovery" code (consumed when right; the codes left in "*left").
 * MFA_OK, MFA_WRONG, MFA_REPLAY (a TOTP step used before), MFA_NONE
 * (no such factor any more) or MFA_ERROR.
 */
enum mfa_verdict mfa_signin_check(struct db *db, const struct config *cfg,
	    int64_t user_id, const char *code, const char *recovery,
	    time_t now, int *left);

/*
 * Trust the device of a sign-in of "user_id" from "ip" with
 * "user_agent": its fresh token into "out" (TOKEN_STRLEN + 1 bytes),
 * stored only as a digest; "out" empty when [mfa] trusted_device_ttl
 * is 0 (trusted devices off).  0 or -1.
 */
int	 mfa_signin_trust(struct db *db, const struct config *cfg,
	    int64_t user_id, const char *ip, const char *user_agent,
	    char *out);

#endif /* FCAUTH_MFA_SIGNIN_H */
