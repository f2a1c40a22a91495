/*
 * outkey: the output keys, the names under which replies carry their
 * data (API.md).  One table; handlers and result.c name a key by its
 * id, never by a literal, so another API's names are one table away.
 */
#ifndef FCAUTH_OUTKEY_H
#define FCAUTH_OUTKEY_H

enum outkey {
	KEY_ACCESS_TOKEN,		/* access_token */
	KEY_ALG,			/* alg */
	KEY_ALLOW_CREDENTIALS,		/* allowCredentials */
	KEY_AT,				/* at */
	KEY_ATTEMPTS_LEFT,		/* attempts_left */
	KEY_ATTESTATION,		/* attestation */
	KEY_AUTHENTICATOR_SELECTION,	/* authenticatorSelection */
	KEY_BACKED_UP,			/* backed_up */
	KEY_BIO,			/* bio */
	KEY_BIRTHDAY,			/* birthday */
	KEY_CHALLENGE,			/* challenge */
	KEY_CONTACTS,			/* contacts */
	KEY_CREATED_AT,			/* created_at */
	KEY_CURRENT,			/* current */
	KEY_DEVICE_EXPIRES_IN,		/* device_expires_in */
	KEY_DEVICE_TOKEN,		/* device_token */
	KEY_DISPLAY_NAME,		/* displayName */
	KEY_EMAIL,			/* email */
	KEY_EMAIL_MASKED,		/* email_masked */
	KEY_EMAIL_VERIFIED,		/* email_verified */
	KEY_EVENT,			/* event */
	KEY_EVENTS,			/* events */
	KEY_EXCLUDE_CREDENTIALS,	/* excludeCredentials */
	KEY_EXPIRES_AT,			/* expires_at */
	KEY_EXPIRES_IN,			/* expires_in */
	KEY_FACTORS,			/* factors */
	KEY_FULL_NAME,			/* full_name */
	KEY_ID,				/* id */
	KEY_IP,				/* ip */
	KEY_LAST_LOGIN_DATE,		/* last_login_date */
	KEY_LAST_REQUEST_DATE,		/* last_request_date */
	KEY_LAST_USED_AT,		/* last_used_at */
	KEY_MFA,			/* mfa */
	KEY_MFA_TOKEN,			/* mfa_token */
	KEY_NAME,			/* name */
	KEY_OTPAUTH_URI,		/* otpauth_uri */
	KEY_PASSKEY,			/* passkey */
	KEY_PASSKEYS,			/* passkeys */
	KEY_PHONE,			/* phone */
	KEY_PROFILE_PICTURE,		/* profile_picture */
	KEY_PUB_KEY_CRED_PARAMS,	/* pubKeyCredParams */
	KEY_QR_SVG,			/* qr_svg */
	KEY_RECOVERY_CODES,		/* recovery_codes */
	KEY_RECOVERY_CODES_LEFT,	/* recovery_codes_left */
	KEY_REFRESH_EXPIRES_IN,		/* refresh_expires_in */
	KEY_REFRESH_TOKEN,		/* refresh_token */
	KEY_RESEND_AFTER,		/* resend_after */
	KEY_RESIDENT_KEY,		/* residentKey */
	KEY_ROLE,			/* role */
	KEY_RP,				/* rp */
	KEY_RP_ID,			/* rpId */
	KEY_SECRET,			/* secret */
	KEY_STATUS,			/* status */
	KEY_TIMEOUT,			/* timeout */
	KEY_TOKEN_TYPE,			/* token_type */
	KEY_TOTP,			/* totp */
	KEY_TRANSPORTS,			/* transports */
	KEY_TYPE,			/* type */
	KEY_UPDATED_AT,			/* updated_at */
	KEY_USER,			/* user */
	KEY_USER_AGENT,			/* user_agent */
	KEY_USER_ID,			/* user_id */
	KEY_USERNAME,			/* username */
	KEY_USER_VERIFICATION,		/* userVerification */
	KEY_VERIFICATION_ID,		/* verification_id */
	KEY__MAX
};

/* The wire name of "k" ("access_token"); "" for an unknown id. */
const char	*outkey_name(enum outkey k);

#endif /* FCAUTH_OUTKEY_H */
