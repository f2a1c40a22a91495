/*
 * outkey: the table of output keys.  See outkey.h.
 */
#include "outkey.h"

static const char *const outkeys[KEY__MAX] = {
	"access_token", /* KEY_ACCESS_TOKEN */
	"alg", /* KEY_ALG */
	"allowCredentials", /* KEY_ALLOW_CREDENTIALS */
	"at", /* KEY_AT */
	"attempts_left", /* KEY_ATTEMPTS_LEFT */
	"attestation", /* KEY_ATTESTATION */
	"authenticatorSelection", /* KEY_AUTHENTICATOR_SELECTION */
	"backed_up", /* KEY_BACKED_UP */
	"bio", /* KEY_BIO */
	"birthday", /* KEY_BIRTHDAY */
	"challenge", /* KEY_CHALLENGE */
	"contacts", /* KEY_CONTACTS */
	"created_at", /* KEY_CREATED_AT */
	"current", /* KEY_CURRENT */
	"device_expires_in", /* KEY_DEVICE_EXPIRES_IN */
	"device_token", /* KEY_DEVICE_TOKEN */
	"displayName", /* KEY_DISPLAY_NAME */
	"email", /* KEY_EMAIL */
	"email_masked", /* KEY_EMAIL_MASKED */
	"email_verified", /* KEY_EMAIL_VERIFIED */
	"event", /* KEY_EVENT */
	"events", /* KEY_EVENTS */
	"excludeCredentials", /* KEY_EXCLUDE_CREDENTIALS */
	"expires_at", /* KEY_EXPIRES_AT */
	"expires_in", /* KEY_EXPIRES_IN */
	"factors", /* KEY_FACTORS */
	"full_name", /* KEY_FULL_NAME */
	"id", /* KEY_ID */
	"ip", /* KEY_IP */
	"last_login_date", /* KEY_LAST_LOGIN_DATE */
	"last_request_date", /* KEY_LAST_REQUEST_DATE */
	"last_used_at", /* KEY_LAST_USED_AT */
	"mfa", /* KEY_MFA */
	"mfa_token", /* KEY_MFA_TOKEN */
	"name", /* KEY_NAME */
	"otpauth_uri", /* KEY_OTPAUTH_URI */
	"passkey", /* KEY_PASSKEY */
	"passkeys", /* KEY_PASSKEYS */
	"phone", /* KEY_PHONE */
	"profile_picture", /* KEY_PROFILE_PICTURE */
	"pubKeyCredParams", /* KEY_PUB_KEY_CRED_PARAMS */
	"qr_svg", /* KEY_QR_SVG */
	"recovery_codes", /* KEY_RECOVERY_CODES */
	"recovery_codes_left", /* KEY_RECOVERY_CODES_LEFT */
	"refresh_expires_in", /* KEY_REFRESH_EXPIRES_IN */
	"refresh_token", /* KEY_REFRESH_TOKEN */
	"resend_after", /* KEY_RESEND_AFTER */
	"residentKey", /* KEY_RESIDENT_KEY */
	"role", /* KEY_ROLE */
	"rp", /* KEY_RP */
	"rpId", /* KEY_RP_ID */
	"secret", /* KEY_SECRET */
	"status", /* KEY_STATUS */
	"timeout", /* KEY_TIMEOUT */
	"token_type", /* KEY_TOKEN_TYPE */
	"totp", /* KEY_TOTP */
	"transports", /* KEY_TRANSPORTS */
	"type", /* KEY_TYPE */
	"updated_at", /* KEY_UPDATED_AT */
	"user", /* KEY_USER */
	"user_agent", /* KEY_USER_AGENT */
	"user_id", /* KEY_USER_ID */
	"username", /* KEY_USERNAME */
	"userVerification", /* KEY_USER_VERIFICATION */
	"verification_id", /* KEY_VERIFICATION_ID */
};

const char *
outkey_name(enum outkey k)
{
	return (unsigned)k < KEY__MAX ? outkeys[k] : "";
}
