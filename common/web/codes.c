/*
 * codes: the table of reply codes (API.md's table): the wire name, the
 * HTTP status and the default message of every enum reply_code.
 */
#include "reply.h"

struct reply_def {
	const char	*name;
	int		 status;
	const char	*message;
};

static const struct reply_def reply_defs[RC__MAX] = {
	{ "ok", 200, "OK" }, /* RC_OK */
	{ "malformed_request", 400, "The request body could not be read" }, /* RC_MALFORMED_REQUEST */
	{ "validation_failed", 400, "Some fields are invalid" }, /* RC_VALIDATION_FAILED */
	{ "invalid_credentials", 401, "Invalid login or password" }, /* RC_INVALID_CREDENTIALS */
	{ "token_missing", 401, "Authentication token is missing" }, /* RC_TOKEN_MISSING */
	{ "token_invalid", 401, "Authentication token is invalid" }, /* RC_TOKEN_INVALID */
	{ "token_expired", 401, "Authentication token has expired" }, /* RC_TOKEN_EXPIRED */
	{ "token_reused", 401, "Refresh token was already used; the session is revoked" }, /* RC_TOKEN_REUSED */
	{ "email_not_verified", 403, "Email address is not verified" }, /* RC_EMAIL_NOT_VERIFIED */
	{ "account_disabled", 403, "Account is disabled" }, /* RC_ACCOUNT_DISABLED */
	{ "forbidden", 403, "Not allowed" }, /* RC_FORBIDDEN */
	{ "not_found", 404, "Not found" }, /* RC_NOT_FOUND */
	{ "method_not_allowed", 405, "Method not allowed" }, /* RC_METHOD_NOT_ALLOWED */
	{ "email_taken", 409, "Email is already registered" }, /* RC_EMAIL_TAKEN */
	{ "username_taken", 409, "Username is already taken" }, /* RC_USERNAME_TAKEN */
	{ "invalid_code", 400, "Verification code is wrong" }, /* RC_INVALID_CODE */
	{ "verification_expired", 410, "Verification has expired or was already used" }, /* RC_VERIFICATION_EXPIRED */
	{ "payload_too_large", 413, "Request body is too large" }, /* RC_PAYLOAD_TOO_LARGE */
	{ "unsupported_media_type", 415, "Send application/json or application/x-www-form-urlencoded" }, /* RC_UNSUPPORTED_MEDIA_TYPE */
	{ "idempotency_key_reused", 422, "This Idempotency-Key was used with another request" }, /* RC_IDEMPOTENCY_KEY_REUSED */
	{ "rate_limited", 429, "Too many requests; try again later" }, /* RC_RATE_LIMITED */
	{ "internal_error", 500, "Internal error" }, /* RC_INTERNAL_ERROR */
	{ "service_unavailable", 503, "Service temporarily unavailable" }, /* RC_SERVICE_UNAVAILABLE */
	{ "mfa_unavailable", 403, "Two-factor sign-in is not available on this server" }, /* RC_MFA_UNAVAILABLE */
	{ "mfa_already_enabled", 409, "Two-factor sign-in is already on; remove it first" }, /* RC_MFA_ALREADY_ENABLED */
	{ "mfa_not_enabled", 409, "Two-factor sign-in is not set up" }, /* RC_MFA_NOT_ENABLED */
	{ "mfa_required", 200, "Enter the code of your authenticator app" }, /* RC_MFA_REQUIRED */
	{ "mfa_invalid_code", 401, "The code is wrong" }, /* RC_MFA_INVALID_CODE */
	{ "mfa_token_invalid", 401, "The sign-in has expired or was already used; sign in again" }, /* RC_MFA_TOKEN_INVALID */
	{ "passkey_unavailable", 403, "Passkeys are not available on this server" }, /* RC_PASSKEY_UNAVAILABLE */
	{ "passkey_malformed", 400, "The passkey response could not be read" }, /* RC_PASSKEY_MALFORMED */
	{ "passkey_challenge_invalid", 400, "The passkey challenge is unknown, expired or was already used; start again" }, /* RC_PASSKEY_CHALLENGE_INVALID */
	{ "passkey_origin_invalid", 400, "The passkey response comes from an origin this site does not allow" }, /* RC_PASSKEY_ORIGIN_INVALID */
	{ "passkey_rp_invalid", 400, "The passkey response is for another site (relying party)" }, /* RC_PASSKEY_RP_INVALID */
	{ "passkey_flags_invalid", 400, "The authenticator did not confirm the user" }, /* RC_PASSKEY_FLAGS_INVALID */
	{ "passkey_algorithm_unsupported", 400, "The passkey uses an algorithm this server does not support" }, /* RC_PASSKEY_ALGORITHM_UNSUPPORTED */
	{ "passkey_attestation_invalid", 400, "The authenticator's attestation could not be verified" }, /* RC_PASSKEY_ATTESTATION_INVALID */
	{ "passkey_signature_invalid", 401, "The passkey's signature is wrong" }, /* RC_PASSKEY_SIGNATURE_INVALID */
	{ "passkey_counter_regressed", 401, "The passkey's counter went back: the authenticator may have been cloned" }, /* RC_PASSKEY_COUNTER_REGRESSED */
	{ "passkey_unknown", 401, "This passkey is not registered here" }, /* RC_PASSKEY_UNKNOWN */
	{ "passkey_exists", 409, "This passkey is registered already" }, /* RC_PASSKEY_EXISTS */
	{ "passkey_limit", 409, "This account has as many passkeys as it may hold; delete one first" }, /* RC_PASSKEY_LIMIT */
};

const char *
reply_code_name(enum reply_code code)
{
	return code < RC__MAX ? reply_defs[code].name : "internal_error";
}

int
reply_code_status(enum reply_code code)
{
	return code < RC__MAX ? reply_defs[code].status : 500;
}

const char *
reply_code_message(enum reply_code code)
{
	return code < RC__MAX ? reply_defs[code].message : "Internal error";
}
