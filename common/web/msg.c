/*
 * msg: the table of messages.  See msg.h.
 */
#include <stddef.h>

#include "http.h"
#include "msg.h"

#define STR(x)		STR_(x)
#define STR_(x)		#x

static const char *const msgs[MSG__MAX] = {
	NULL, /* MSG_NONE */
	"Logged in", /* MSG_LOGGED_IN */
	"Logged out", /* MSG_LOGGED_OUT */
	"Token refreshed", /* MSG_TOKEN_REFRESHED */
	"Session revoked", /* MSG_SESSION_REVOKED */
	"Signed in", /* MSG_SIGNED_IN */
	"Registered", /* MSG_REGISTERED */
	"Verification code sent to your email", /* MSG_CODE_SENT */
	"Verification code sent to the new address",
	    /* MSG_CODE_SENT_NEW_ADDRESS */
	"If the address is registered and not yet "
	    "verified, we sent a new code", /* MSG_RESEND_ANY */
	"Email verified", /* MSG_EMAIL_VERIFIED */
	"Email changed", /* MSG_EMAIL_CHANGED */
	"See the confirmation page", /* MSG_SEE_CONFIRMATION */
	"If the account exists, we sent a reset link", /* MSG_FORGOT */
	"Password has been reset", /* MSG_PASSWORD_RESET */
	"Password changed", /* MSG_PASSWORD_CHANGED */
	"Profile updated", /* MSG_PROFILE_UPDATED */
	"Nothing to change", /* MSG_NOTHING_TO_CHANGE */
	"Account deleted", /* MSG_ACCOUNT_DELETED */
	"Your account lacks the role this page needs", /* MSG_ROLE_MISSING */
	"Unknown verification", /* MSG_UNKNOWN_VERIFICATION */
	"Unknown verification code or link", /* MSG_UNKNOWN_CODE_OR_LINK */
	"Unknown reset token", /* MSG_UNKNOWN_RESET_TOKEN */
	"This code or link was already used", /* MSG_CODE_USED */
	"This code or link has expired; request a new one",
	    /* MSG_CODE_EXPIRED */
	"Too many wrong codes; request a new one", /* MSG_TOO_MANY_CODES */
	"Email or username is required", /* MSG_LOGIN_REQUIRED */
	"Username is required", /* MSG_USERNAME_REQUIRED */
	"New email is the current email", /* MSG_SAME_EMAIL */
	"Verification id or email is required", /* MSG_ID_OR_EMAIL_REQUIRED */
	"Code must be digits", /* MSG_CODE_DIGITS */
	"Id is required", /* MSG_ID_REQUIRED */
	"Id is malformed", /* MSG_ID_MALFORMED */
	"Limit must be a number from 1 to 100", /* MSG_LIMIT_RANGE */
	"Before must be an event id", /* MSG_BEFORE_EVENT */
	"Cross-site request refused", /* MSG_CROSS_SITE */
	"A request header is too long", /* MSG_HEADER_TOO_LONG */
	"The request body ended before its Content-Length", /* MSG_BODY_CUT */
	"The request body has too many fields (at most "
	    STR(HTTP_FIELDS_MAX) ")", /* MSG_TOO_MANY_FIELDS */
	"The request URL or a header is not valid", /* MSG_BAD_URL */
	"Add the key to your authenticator app, then confirm with a code",
	    /* MSG_MFA_STARTED */
	"Two-factor sign-in enabled; keep the recovery codes somewhere safe",
	    /* MSG_MFA_ENABLED */
	"Two-factor sign-in disabled", /* MSG_MFA_DISABLED */
	"New recovery codes; the old ones no longer work",
	    /* MSG_MFA_RECOVERY_NEW */
	"The code is wrong or was already used; enter the current one",
	    /* MSG_MFA_CODE_WRONG */
	"This code was already used; wait for the next one",
	    /* MSG_MFA_CODE_REPLAYED */
	"A code or a recovery code is required", /* MSG_MFA_CODE_OR_RECOVERY */
	"Send a code or a recovery code, not both", /* MSG_MFA_ONE_OF */
	"This account signs in with a second factor, which this API "
	    "cannot ask for; sign in through /api/v1/auth/login and "
	    "/api/v1/auth/mfa/verify", /* MSG_MFA_DIALECT */
	"Your role requires two-factor sign-in; enrol a factor at "
	    "/api/v1/profile/mfa/totp first", /* MSG_MFA_ENROL_REQUIRED */
	"The recovery code is wrong or was already used",
	    /* MSG_MFA_RECOVERY_WRONG */
	"Device revoked", /* MSG_DEVICE_REVOKED */
	"Idempotency-Key must be 1 to 255 printable ASCII characters",
	    /* MSG_BAD_IDEMPOTENCY_KEY */
	"Passkey added",
	    /* MSG_PASSKEY_ADDED */
	"Passkey renamed",
	    /* MSG_PASSKEY_RENAMED */
	"Passkey deleted",
	    /* MSG_PASSKEY_DELETED */
	"The authenticator did not report the user present",
	    /* MSG_PASSKEY_NO_UP */
	"The authenticator did not verify the user (PIN or biometrics), which this site requires",
	    /* MSG_PASSKEY_NO_UV */
	"The response is not one of this ceremony (clientDataJSON type)",
	    /* MSG_PASSKEY_TYPE */
	"Name must be at most 64 characters of UTF-8",
	    /* MSG_PASSKEY_NAME_LONG */
	"Send a login or an mfa_token, not both",
	    /* MSG_PASSKEY_LOGIN_OR_MFA */
	"The credential (PublicKeyCredential.toJSON()) is required",
	    /* MSG_PASSKEY_CREDENTIAL_REQUIRED */
};

const char *
msg_text(enum msg m)
{
	return (unsigned)m < MSG__MAX ? msgs[m] : NULL;
}
