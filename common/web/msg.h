/*
 * msg: the messages handlers choose for a reply ("Logged in",
 * "Password has been reset", ...) by id, with their text in one table.
 * A code's default message (reply.h) is in the code table instead.
 */
#ifndef FCAUTH_MSG_H
#define FCAUTH_MSG_H

enum msg {
	MSG_NONE,			/* no message: the code's default */
	MSG_LOGGED_IN,			/* Logged in */
	MSG_LOGGED_OUT,			/* Logged out */
	MSG_TOKEN_REFRESHED,		/* Token refreshed */
	MSG_SESSION_REVOKED,		/* Session revoked */
	MSG_SIGNED_IN,			/* Signed in */
	MSG_REGISTERED,			/* Registered */
	MSG_CODE_SENT,			/* Verification code sent to your... */
	MSG_CODE_SENT_NEW_ADDRESS,	/* Verification code sent to the... */
	MSG_RESEND_ANY,			/* If the address is registered a... */
	MSG_EMAIL_VERIFIED,		/* Email verified */
	MSG_EMAIL_CHANGED,		/* Email changed */
	MSG_SEE_CONFIRMATION,		/* See the confirmation page */
	MSG_FORGOT,			/* If the account exists, we sent... */
	MSG_PASSWORD_RESET,		/* Password has been reset */
	MSG_PASSWORD_CHANGED,		/* Password changed */
	MSG_PROFILE_UPDATED,		/* Profile updated */
	MSG_NOTHING_TO_CHANGE,		/* Nothing to change */
	MSG_ACCOUNT_DELETED,		/* Account deleted */
	MSG_ROLE_MISSING,		/* Your account lacks the role th... */
	MSG_UNKNOWN_VERIFICATION,	/* Unknown verification */
	MSG_UNKNOWN_CODE_OR_LINK,	/* Unknown verification code or link */
	MSG_UNKNOWN_RESET_TOKEN,	/* Unknown reset token */
	MSG_CODE_USED,			/* This code or link was already... */
	MSG_CODE_EXPIRED,		/* This code or link has expired;... */
	MSG_TOO_MANY_CODES,		/* Too many wrong codes; request... */
	/* field errors and refusals chosen by handlers and the dispatcher */
	MSG_LOGIN_REQUIRED,	/* Email or username is required */
	MSG_USERNAME_REQUIRED,	/* Username is required */
	MSG_SAME_EMAIL,		/* New email is the current email */
	MSG_ID_OR_EMAIL_REQUIRED,	/* Verification id or email is re... */
	MSG_CODE_DIGITS,		/* Code must be digits */
	MSG_ID_REQUIRED,		/* Id is required */
	MSG_ID_MALFORMED,	/* Id is malformed */
	MSG_LIMIT_RANGE,		/* Limit must be a number from 1 ... */
	MSG_BEFORE_EVENT,	/* Before must be an event id */
	MSG_CROSS_SITE,		/* Cross-site request refused */
	MSG_HEADER_TOO_LONG,	/* A request header is too long */
	MSG_BODY_CUT,		/* The request body ended before ... */
	MSG_TOO_MANY_FIELDS,	/* The request body has too many ... */
	MSG_BAD_URL,		/* The request URL or a header is... */
	/* the second factor's enrolment (profile.fcgi) */
	MSG_MFA_STARTED,	/* Add the key to your authenticator... */
	MSG_MFA_ENABLED,	/* Two-factor sign-in enabled; ... */
	MSG_MFA_DISABLED,	/* Two-factor sign-in disabled */
	MSG_MFA_RECOVERY_NEW,	/* New recovery codes; the old ones... */
	MSG_MFA_CODE_WRONG,	/* The code is wrong or was already... */
	MSG_MFA_CODE_REPLAYED,	/* This code was already used; ... */
	MSG_MFA_CODE_OR_RECOVERY, /* A code or a recovery code is ... */
	MSG_MFA_ONE_OF,		/* Send a code or a recovery code, ... */
	MSG_MFA_DIALECT,	/* This account signs in with a second ... */
	MSG_MFA_ENROL_REQUIRED,	/* Your role requires two-factor ... */
	MSG_MFA_RECOVERY_WRONG,	/* The recovery code is wrong or ... */
	MSG_DEVICE_REVOKED,	/* Device revoked */
	MSG_BAD_IDEMPOTENCY_KEY, /* Idempotency-Key must be ... */
	MSG_PASSKEY_ADDED,	/* Passkey added... */
	MSG_PASSKEY_RENAMED,	/* Passkey renamed... */
	MSG_PASSKEY_DELETED,	/* Passkey deleted... */
	MSG_PASSKEY_NO_UP,	/* The authenticator did not re... */
	MSG_PASSKEY_NO_UV,	/* The authenticator did not ve... */
	MSG_PASSKEY_TYPE,	/* The response is not one of t... */
	MSG_PASSKEY_NAME_LONG,	/* Name must be at most 64 char... */
	MSG_PASSKEY_LOGIN_OR_MFA,	/* Send a login or an mfa_token... */
	MSG_PASSKEY_CREDENTIAL_REQUIRED,	/* The credential (PublicKeyCre... */
	MSG__MAX
};

/* The text of "m", or NULL for MSG_NONE (and an unknown id). */
const char	*msg_text(enum msg m);

#endif /* FCAUTH_MSG_H */
