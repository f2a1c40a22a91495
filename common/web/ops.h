/*
 * ops: every operation of every fcauth program, named.  An operation is
 * what a request asks for (log in, verify an address), independent of
 * the method and path that ask for it: those are wire names, kept in
 * the path table (paths.c).  A program lists the operations it serves
 * with their handlers; the names below are stable and go to the logs.
 */
#ifndef FCAUTH_OPS_H
#define FCAUTH_OPS_H

enum op {
	/* auth.fcgi */
	OP_LOGIN,
	OP_REFRESH,
	OP_LOGOUT,
	OP_SESSIONS,
	OP_SESSION_DELETE,
	OP_JWKS,
	OP_CHECK,
	OP_AUTHORIZE,		/* FastCGI Authorizer requests: no path */
	/* registration.fcgi */
	OP_REGISTER,
	/* verification.fcgi */
	OP_VERIFY,
	OP_VERIFY_STATUS,
	OP_RESEND,
	OP_VERIFY_LINK,
	OP_FORGOT,
	OP_RESET,
	OP_RESET_TOKEN,
	/* profile.fcgi */
	OP_PROFILE_GET,
	OP_PROFILE_PATCH,
	OP_PROFILE_DELETE,
	OP_PROFILE_PASSWORD,
	OP_PROFILE_EMAIL,
	/* activity.fcgi */
	OP_ACTIVITY_USER,
	OP_ACTIVITY_OWN,
	/* verification.fcgi, again: last, as in common/wire/dialect.h */
	OP_ACTIVATE,		/* verify without signing in: a dialect's
				   route only (seed003), no canonical path */
	/* profile.fcgi: the second factor's enrolment (issue 16) */
	OP_MFA_TOTP_START,
	OP_MFA_TOTP_CONFIRM,
	OP_MFA_TOTP_DELETE,
	OP_MFA_RECOVERY,
	/* auth.fcgi: the second step of a two-factor sign-in, and the
	   trusted devices beside the sessions */
	OP_MFA_VERIFY,
	OP_DEVICES,
	OP_DEVICE_DELETE,
	/* profile.fcgi: the passkeys of the account (issue 17) */
	OP_PASSKEY_REGISTER_OPTIONS,
	OP_PASSKEY_REGISTER,
	OP_PASSKEYS,
	OP_PASSKEY_RENAME,
	OP_PASSKEY_DELETE,
	/* auth.fcgi: signing in with a passkey */
	OP_PASSKEY_LOGIN_OPTIONS,
	OP_PASSKEY_LOGIN,
	OP__MAX
};

/*
 * The stable name of "op" for logs ("login", "verify_link"), or "-" for
 * a value outside the enum.
 */
const char	*op_name(enum op op);

/*
 * The operation whose stable name is "name", or -1 if none.
 */
int		 op_lookup(const char *name);

/*
 * The program that serves "op", as its binary is called without
 * ".fcgi" ("auth", "verification"), or NULL for a value outside the
 * enum.  The one table of which program owns what: fcauthctl snippet
 * sends each path to it, and tests/unit/check_snippet checks it against
 * the {op, handler} list of every program in cgi-bin/.
 */
const char	*op_program(enum op op);

/* The five programs, in the order of enum op; NULL-terminated. */
extern const char *const op_programs_all[];

#endif /* FCAUTH_OPS_H */
