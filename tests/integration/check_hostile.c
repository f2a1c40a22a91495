/*
 * check_hostile: malformed and hostile requests against the routes of
 * registration.fcgi and auth.fcgi, and against lighttpd in front of
 * them.  Every case of the table asserts the exact status, the
 * envelope's code and its JSON Content-Type (the errors that lighttpd
 * raises while it parses the request come from the dev server's
 * early-NNN.html pages, see scripts/lighttpd-dev.conf.in), and that
 * the answer came within a few seconds.  The requests go over a raw socket, byte
 * for byte, so that nothing is normalised on the way.  A last test
 * checks that the service still registers and logs in afterwards.
 *
 * Environment: FCAUTH_TEST_URL (unset = skip); the server must run
 * with verification off and the default [http] limits (max_body 64 KiB,
 * max_json_depth 16), as scripts/test's main instance does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <json-c/json.h>

#include "client.h"
#include "fixture.h"
#include "raw.h"

#define REGISTER	"/api/v1/auth/register"
#define LOGIN		"/api/v1/auth/login"
#define JWKS		"/api/v1/auth/jwks.json"
#define MFA_TOTP	"/api/v1/profile/mfa/totp"
#define MFA_CONFIRM	"/api/v1/profile/mfa/totp/confirm"
#define MFA_CODES	"/api/v1/profile/mfa/recovery-codes"
#define AUTH		"Authorization: Bearer {BEARER}\r\n"
#define PK_REG		"/api/v1/profile/passkeys"
#define PK_OPTIONS	"/api/v1/auth/passkey/options"
#define PK_LOGIN	"/api/v1/auth/passkey/login"
/* a credential around "resp" members (PublicKeyCredential.toJSON()) */
#define PK_CRED(id, resp) "{\"id\":\"" id "\",\"rawId\":\"" id "\"," \
	"\"type\":\"public-key\",\"response\":{" resp "}}"
#define PK_GET		"\"clientDataJSON\":\"e30\",\"authenticatorData\":" \
	"\"AAAA\",\"signature\":\"AAAA\""

#define JSON		"application/json"
#define FORM		"application/x-www-form-urlencoded"

#define PW		"Tr0ub4dor & 3 horses!"
#define GOOD		"\"email\":\"{EMAIL}\",\"password\":\"" PW "\""

#define ANSWER_MS	5000	/* read timeout of one exchange */
#define ANSWER_MAX_S	3.0	/* every answer comes sooner than this */

/* Expected "code" values that are not envelope codes. */
#define NOT_JSON	NULL		/* no body at all */
#define JWKS_DOC	"(jwks)"	/* the {"keys": [...]} document */

#define HTTP11		0x10	/* HTTP/1.1 with Connection: close */
#define SHUT		RAW_SHUT_WR

/*
 * One malformed request.  "path", "headers" and "body" may hold
 * "$(N*text)" (text repeated N times; text ends at the next ')') and
 * "{EMAIL}" (a fresh address); "headers" may hold "{BEARER}" (the
 * access token of an account made for the case).  "bodylen" non-zero: the body is exactly
 * that many bytes, taken as they are (NUL bytes allowed).  "clen": the
 * Content-Length to send instead of the body's length ("" for none).
 */
struct hcase {
	const char	*name;
	const char	*method;
	const char	*path;
	const char	*ctype;		/* NULL: no Content-Type */
	const char	*headers;	/* extra "Name: value\r\n" lines */
	const char	*body;		/* NULL: no body */
	size_t		 bodylen;
	const char	*clen;
	int		 flags;
	long		 status;	/* 0: closed without a reply */
	const char	*code;
};

#define B(s)	s, sizeof(s) - 1	/* a body with NUL bytes in it */

static const struct hcase cases[] = {
	/* --- body size --- */
	{ "body_over_max_body", "POST", LOGIN, JSON, NULL,
	    "{$(65535* )}", 0, NULL, 0, 413, "payload_too_large" },
	{ "body_exactly_max_body", "POST", LOGIN, JSON, NULL,
	    "{$(65534* )}", 0, NULL, 0, 400, "validation_failed" },
	{ "content_length_over_lighttpd_cap", "POST", LOGIN, JSON, NULL,
	    NULL, 0, "2000000", SHUT, 413, "payload_too_large" },
	{ "content_length_overflows", "POST", REGISTER, JSON, NULL,
	    NULL, 0, "99999999999999999999", SHUT, 400, "malformed_request" },
	{ "content_length_longer_than_body", "POST", LOGIN, JSON, NULL,
	    "{\"email\":1}", 0, "100", SHUT, 0, NOT_JSON },
	{ "content_length_longer_than_body_http11", "POST", REGISTER, JSON,
	    NULL, "{\"email\":1}", 0, "100", SHUT | HTTP11, 0, NOT_JSON },
	{ "content_length_not_a_number", "POST", LOGIN, JSON, NULL,
	    "{}", 0, "abc", 0, 400, "malformed_request" },
	{ "content_length_negative", "POST", LOGIN, JSON, NULL,
	    "{}", 0, "-1", 0, 400, "malformed_request" },
	{ "content_length_and_chunked", "POST", LOGIN, JSON,
	    "Transfer-Encoding: chunked\r\n", "2\r\n{}\r\n0\r\n\r\n", 0, NULL,
	    HTTP11, 400, "malformed_request" },
	{ "chunked_body_wrong_type", "POST", LOGIN, JSON,
	    "Transfer-Encoding: chunked\r\n",
	    "b\r\n{\"email\":1}\r\n0\r\n\r\n", 0, "", HTTP11, 400,
	    "validation_failed" },

	/* --- nesting --- */
	{ "json_depth_17_arrays", "POST", LOGIN, JSON, NULL,
	    "{\"a\":$(16*[)$(16*])}", 0, NULL, 0, 400, "malformed_request" },
	{ "json_depth_16_is_allowed", "POST", REGISTER, JSON, NULL,
	    "{\"a\":$(15*[)$(15*])}", 0, NULL, 0, 400, "validation_failed" },
	{ "json_depth_17_objects", "POST", LOGIN, JSON, NULL,
	    "$(17*{\"a\":)1$(17*})", 0, NULL, 0, 400, "malformed_request" },
	{ "json_depth_10000", "POST", REGISTER, JSON, NULL,
	    "{\"a\":$(10000*[)$(10000*])}", 0, NULL, 0, 400,
	    "malformed_request" },

	/* --- per-field length caps --- */
	{ "register_email_258_bytes", "POST", REGISTER, JSON, NULL,
	    "{\"email\":\"$(60*a)@$(60*b).$(60*c).$(60*d).$(10*e).com\","
	    "\"password\":\"" PW "\"}", 0, NULL, 0, 400, "validation_failed" },
	{ "register_email_local_65_bytes", "POST", REGISTER, JSON, NULL,
	    "{\"email\":\"$(65*f)@example.com\",\"password\":\"" PW "\"}",
	    0, NULL, 0, 400, "validation_failed" },
	{ "register_password_1025_bytes", "POST", REGISTER, JSON, NULL,
	    "{\"email\":\"{EMAIL}\",\"password\":\"$(1000*x)Yz1!Yz1!Yz1!"
	    "Yz1!Yz1!Yz1!Y\"}", 0, NULL, 0, 400, "validation_failed" },
	{ "register_full_name_101_chars", "POST", REGISTER, JSON, NULL,
	    "{" GOOD ",\"full_name\":\"$(101*a)\"}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "register_full_name_101_two_byte_chars", "POST", REGISTER, JSON,
	    NULL, "{" GOOD ",\"full_name\":\"$(101*\xc3\xa9)\"}", 0, NULL, 0,
	    400, "validation_failed" },
	{ "register_bio_1001_chars", "POST", REGISTER, JSON, NULL,
	    "{" GOOD ",\"bio\":\"$(1001*t)\"}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "register_contacts_1001_chars", "POST", REGISTER, JSON, NULL,
	    "{" GOOD ",\"contacts\":\"$(1001*c)\"}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "register_username_33_chars", "POST", REGISTER, JSON, NULL,
	    "{" GOOD ",\"username\":\"$(33*u)\"}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "register_profile_picture_2049_bytes", "POST", REGISTER, JSON, NULL,
	    "{" GOOD ",\"profile_picture\":\"https://x.example/$(2031*p)\"}",
	    0, NULL, 0, 400, "validation_failed" },
	{ "register_phone_40_bytes", "POST", REGISTER, JSON, NULL,
	    "{" GOOD ",\"phone\":\"+$(39*1)\"}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "login_email_1100_bytes", "POST", LOGIN, JSON, NULL,
	    "{\"email\":\"$(1088*a)@example.com\",\"password\":\"x\"}", 0,
	    NULL, 0, 400, "validation_failed" },
	{ "login_password_1025_bytes", "POST", LOGIN, JSON, NULL,
	    "{\"email\":\"{EMAIL}\",\"password\":\"$(1025*p)\"}", 0, NULL, 0,
	    400, "validation_failed" },

	/* --- UTF-8 and escapes --- */
	{ "invalid_utf8_in_string", "POST", LOGIN, JSON, NULL,
	    "{\"email\":\"a\xff@b.example\",\"password\":\"x\"}", 0, NULL, 0,
	    400, "malformed_request" },
	{ "invalid_utf8_in_key", "POST", LOGIN, JSON, NULL,
	    "{\"e\xfemail\":\"a@b.example\",\"password\":\"x\"}", 0, NULL, 0,
	    400, "malformed_request" },
	{ "overlong_utf8_2_bytes", "POST", LOGIN, JSON, NULL,
	    "{\"email\":\"a\xc0\xaf@b.example\",\"password\":\"x\"}", 0, NULL,
	    0, 400, "malformed_request" },
	{ "overlong_utf8_3_bytes", "POST", REGISTER, JSON, NULL,
	    "{" GOOD ",\"full_name\":\"\xe0\x80\xaf\"}", 0, NULL, 0, 400,
	    "malformed_request" },
	{ "utf8_encoded_surrogate", "POST", REGISTER, JSON, NULL,
	    "{" GOOD ",\"full_name\":\"\xed\xa0\x80\"}", 0, NULL, 0, 400,
	    "malformed_request" },
	{ "utf8_above_u10ffff", "POST", LOGIN, JSON, NULL,
	    "{\"email\":\"a\xf4\x90\x80\x80@b.example\",\"password\":\"x\"}",
	    0, NULL, 0, 400, "malformed_request" },
	{ "utf8_truncated_at_end", "POST", LOGIN, JSON, NULL,
	    "{\"email\":\"a@b.example\",\"password\":\"x\xc3", 0, NULL, 0, 400,
	    "malformed_request" },
	{ "escaped_u0000_in_string", "POST", LOGIN, JSON, NULL,
	    "{\"email\":\"a\\u0000@b.example\",\"password\":\"x\"}", 0, NULL,
	    0, 400, "malformed_request" },
	{ "raw_nul_in_string", "POST", LOGIN, JSON, NULL,
	    B("{\"email\":\"a\0@b.example\",\"password\":\"x\"}"), NULL, 0,
	    400, "malformed_request" },
	{ "raw_nul_between_members", "POST", REGISTER, JSON, NULL,
	    B("{\"email\":\"a@b.example\",\0\"password\":\"x\"}"), NULL, 0,
	    400, "malformed_request" },
	{ "lone_high_surrogate_escape", "POST", LOGIN, JSON, NULL,
	    "{\"email\":\"a\\ud800@b.example\",\"password\":\"x\"}", 0, NULL,
	    0, 400, "malformed_request" },
	{ "lone_low_surrogate_escape", "POST", REGISTER, JSON, NULL,
	    "{" GOOD ",\"bio\":\"\\udc00\"}", 0, NULL, 0, 400,
	    "malformed_request" },
	{ "high_surrogate_then_non_surrogate", "POST", REGISTER, JSON, NULL,
	    "{" GOOD ",\"bio\":\"\\ud83d\\u0041\"}", 0, NULL, 0, 400,
	    "malformed_request" },
	{ "raw_control_character_in_string", "POST", LOGIN, JSON, NULL,
	    "{\"email\":\"a\x01@b.example\",\"password\":\"x\"}", 0, NULL, 0,
	    400, "malformed_request" },
	{ "escaped_control_character_in_full_name", "POST", REGISTER, JSON,
	    NULL, "{" GOOD ",\"full_name\":\"a\\u0001b\"}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "byte_order_mark", "POST", LOGIN, JSON, NULL,
	    "\xef\xbb\xbf{}", 0, NULL, 0, 400, "malformed_request" },

	/* --- wrong JSON types --- */
	{ "email_number", "POST", REGISTER, JSON, NULL,
	    "{\"email\":42,\"password\":\"" PW "\"}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "email_array", "POST", REGISTER, JSON, NULL,
	    "{\"email\":[\"a@b.example\"],\"password\":\"" PW "\"}", 0, NULL,
	    0, 400, "validation_failed" },
	{ "email_object", "POST", LOGIN, JSON, NULL,
	    "{\"email\":{\"$ne\":null},\"password\":\"x\"}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "email_true", "POST", REGISTER, JSON, NULL,
	    "{\"email\":true,\"password\":\"" PW "\"}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "email_null", "POST", REGISTER, JSON, NULL,
	    "{\"email\":null,\"password\":\"" PW "\"}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "password_object", "POST", LOGIN, JSON, NULL,
	    "{\"email\":\"{EMAIL}\",\"password\":{\"a\":1}}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "password_number", "POST", REGISTER, JSON, NULL,
	    "{\"email\":\"{EMAIL}\",\"password\":12345678901}", 0, NULL, 0,
	    400, "validation_failed" },
	{ "remember_string", "POST", LOGIN, JSON, NULL,
	    "{\"email\":\"{EMAIL}\",\"password\":\"x\",\"remember\":\"yes\"}",
	    0, NULL, 0, 400, "validation_failed" },
	{ "remember_array", "POST", LOGIN, JSON, NULL,
	    "{\"email\":\"{EMAIL}\",\"password\":\"x\",\"remember\":[true]}",
	    0, NULL, 0, 400, "validation_failed" },
	{ "remember_30_digit_number", "POST", LOGIN, JSON, NULL,
	    "{\"email\":\"{EMAIL}\",\"password\":\"x\",\"remember\":"
	    "123456789012345678901234567890}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "remember_1e999999", "POST", REGISTER, JSON, NULL,
	    "{" GOOD ",\"remember\":1e999999}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "email_1e999999", "POST", REGISTER, JSON, NULL,
	    "{\"email\":1e999999,\"password\":\"" PW "\"}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "full_name_number", "POST", REGISTER, JSON, NULL,
	    "{" GOOD ",\"full_name\":-0.0e-999999}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "unknown_field_role", "POST", REGISTER, JSON, NULL,
	    "{" GOOD ",\"role\":\"admin\"}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "nan_literal", "POST", LOGIN, JSON, NULL,
	    "{\"remember\":NaN}", 0, NULL, 0, 400, "malformed_request" },
	{ "infinity_literal", "POST", LOGIN, JSON, NULL,
	    "{\"remember\":-Infinity}", 0, NULL, 0, 400, "malformed_request" },
	{ "number_with_leading_zero", "POST", LOGIN, JSON, NULL,
	    "{\"remember\":01}", 0, NULL, 0, 400, "malformed_request" },

	/* --- duplicate keys --- */
	{ "duplicate_key", "POST", LOGIN, JSON, NULL,
	    "{\"email\":\"a@b.example\",\"email\":\"c@d.example\","
	    "\"password\":\"x\"}", 0, NULL, 0, 400, "malformed_request" },
	{ "duplicate_key_spelled_with_escape", "POST", REGISTER, JSON, NULL,
	    "{" GOOD ",\"\\u0065mail\":\"c@d.example\"}", 0, NULL, 0, 400,
	    "malformed_request" },
	{ "duplicate_key_nested", "POST", REGISTER, JSON, NULL,
	    "{" GOOD ",\"x\":{\"a\":1,\"a\":2}}", 0, NULL, 0, 400,
	    "malformed_request" },

	/* --- not one JSON object --- */
	{ "top_level_array", "POST", LOGIN, JSON, NULL,
	    "[{\"email\":\"a@b.example\"}]", 0, NULL, 0, 400,
	    "malformed_request" },
	{ "top_level_string", "POST", LOGIN, JSON, NULL,
	    "\"email\"", 0, NULL, 0, 400, "malformed_request" },
	{ "top_level_number", "POST", REGISTER, JSON, NULL,
	    "1", 0, NULL, 0, 400, "malformed_request" },
	{ "top_level_null", "POST", REGISTER, JSON, NULL,
	    "null", 0, NULL, 0, 400, "malformed_request" },
	{ "trailing_garbage", "POST", LOGIN, JSON, NULL,
	    "{} x", 0, NULL, 0, 400, "malformed_request" },
	{ "two_objects", "POST", LOGIN, JSON, NULL,
	    "{}{}", 0, NULL, 0, 400, "malformed_request" },
	{ "truncated_json", "POST", REGISTER, JSON, NULL,
	    "{\"email\":\"a", 0, NULL, 0, 400, "malformed_request" },
	{ "single_quotes", "POST", LOGIN, JSON, NULL,
	    "{'email':'a@b.example'}", 0, NULL, 0, 400, "malformed_request" },
	{ "trailing_comma", "POST", LOGIN, JSON, NULL,
	    "{\"email\":\"a@b.example\",}", 0, NULL, 0, 400,
	    "malformed_request" },
	{ "comment_in_json", "POST", LOGIN, JSON, NULL,
	    "{/* x */}", 0, NULL, 0, 400, "malformed_request" },
	{ "whitespace_only_body", "POST", LOGIN, JSON, NULL,
	    "   ", 0, NULL, 0, 400, "malformed_request" },
	{ "empty_json_body_register", "POST", REGISTER, JSON, NULL,
	    "", 0, NULL, 0, 400, "validation_failed" },
	{ "empty_object_register", "POST", REGISTER, JSON, NULL,
	    "{}", 0, NULL, 0, 400, "validation_failed" },

	/* --- form bodies --- */
	{ "form_bad_escape_zz", "POST", LOGIN, FORM, NULL,
	    "email=%zz&password=x", 0, NULL, 0, 400, "malformed_request" },
	{ "form_escape_00", "POST", LOGIN, FORM, NULL,
	    "email=a%00b&password=x", 0, NULL, 0, 400, "malformed_request" },
	{ "form_lone_percent", "POST", REGISTER, FORM, NULL,
	    "email=a%", 0, NULL, 0, 400, "malformed_request" },
	{ "form_plus_and_ff", "POST", LOGIN, FORM, NULL,
	    "email=a+%ff&password=x", 0, NULL, 0, 400, "malformed_request" },
	{ "form_overlong_utf8", "POST", LOGIN, FORM, NULL,
	    "email=%c0%af&password=x", 0, NULL, 0, 400, "malformed_request" },
	{ "form_duplicate_key", "POST", LOGIN, FORM, NULL,
	    "email=a%40b.example&email=c%40d.example&password=x", 0, NULL, 0,
	    400, "malformed_request" },
	{ "form_empty_key", "POST", REGISTER, FORM, NULL,
	    "=x", 0, NULL, 0, 400, "malformed_request" },
	{ "form_empty_pairs", "POST", LOGIN, FORM, NULL,
	    "&&", 0, NULL, 0, 400, "malformed_request" },
	{ "form_remember_not_boolean", "POST", LOGIN, FORM, NULL,
	    "email=a%40b.example&password=x&remember=maybe", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "form_empty_body_register", "POST", REGISTER, FORM, NULL,
	    "", 0, NULL, 0, 400, "validation_failed" },

	/* --- Content-Type --- */
	{ "no_content_type_with_body", "POST", LOGIN, NULL, NULL,
	    "{}", 0, NULL, 0, 415, "unsupported_media_type" },
	{ "content_type_text_plain", "POST", REGISTER, "text/plain", NULL,
	    "{}", 0, NULL, 0, 415, "unsupported_media_type" },
	{ "content_type_xml", "POST", LOGIN, "application/xml", NULL,
	    "<a/>", 0, NULL, 0, 415, "unsupported_media_type" },
	{ "content_type_multipart", "POST", REGISTER,
	    "multipart/form-data; boundary=x", NULL,
	    "--x\r\n\r\n--x--\r\n", 0, NULL, 0, 415, "unsupported_media_type" },
	{ "content_type_json_latin1", "POST", LOGIN,
	    "application/json; charset=latin1", NULL,
	    "{}", 0, NULL, 0, 415, "unsupported_media_type" },
	{ "content_type_json_prefix", "POST", LOGIN, "application/jsonx",
	    NULL, "{}", 0, NULL, 0, 415, "unsupported_media_type" },

	/* --- the second factor's routes (profile.fcgi, bearer) --- */
	{ "mfa_start_password_array", "POST", MFA_TOTP, JSON, AUTH,
	    "{\"password\":[\"" PW "\"]}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "mfa_start_password_object", "POST", MFA_TOTP, JSON, AUTH,
	    "{\"password\":{\"a\":1}}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "mfa_start_password_5000_bytes", "POST", MFA_TOTP, JSON, AUTH,
	    "{\"password\":\"$(5000*p)\"}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "mfa_start_no_token", "POST", MFA_TOTP, JSON, NULL,
	    "{\"password\":\"" PW "\"}", 0, NULL, 0, 401, "token_missing" },
	{ "mfa_start_token_5000_bytes", "POST", MFA_TOTP, JSON,
	    "Authorization: Bearer $(5000*a)\r\n",
	    "{\"password\":\"" PW "\"}", 0, NULL, 0, 401, "token_invalid" },
	{ "mfa_confirm_code_5000_digits", "POST", MFA_CONFIRM, JSON, AUTH,
	    "{\"code\":\"$(5000*1)\"}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "mfa_confirm_code_array", "POST", MFA_CONFIRM, JSON, AUTH,
	    "{\"code\":[\"123456\"]}", 0, NULL, 0, 400, "validation_failed" },
	{ "mfa_confirm_code_nul", "POST", MFA_CONFIRM, JSON, AUTH,
	    "{\"code\":\"123\\u0000456\"}", 0, NULL, 0, 400,
	    "malformed_request" },
	{ "mfa_confirm_code_letters", "POST", MFA_CONFIRM, JSON, AUTH,
	    "{\"code\":\"12345x\"}", 0, NULL, 0, 400, "validation_failed" },
	{ "mfa_confirm_code_fullwidth_digits", "POST", MFA_CONFIRM, JSON, AUTH,
	    "{\"code\":\"\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\"}", 0,
	    NULL, 0, 400, "validation_failed" },
	{ "mfa_confirm_nothing_started", "POST", MFA_CONFIRM, JSON, AUTH,
	    "{\"code\":\"123456\"}", 0, NULL, 0, 409, "mfa_not_enabled" },
	{ "mfa_confirm_get", "GET", MFA_CONFIRM, NULL, AUTH, NULL, 0, NULL,
	    0, 405, "method_not_allowed" },
	{ "mfa_delete_code_object", "DELETE", MFA_TOTP, JSON, AUTH,
	    "{\"password\":\"" PW "\",\"code\":{\"x\":1}}", 0, NULL, 0,
	    400, "validation_failed" },
	{ "mfa_delete_no_factor", "DELETE", MFA_TOTP, JSON, AUTH,
	    "{\"password\":\"" PW "\",\"code\":\"123456\"}", 0, NULL, 0,
	    409, "mfa_not_enabled" },
	{ "mfa_codes_password_bool", "POST", MFA_CODES, JSON, AUTH,
	    "{\"password\":true}", 0, NULL, 0, 400, "validation_failed" },
	{ "mfa_codes_form_password_twice", "POST", MFA_CODES, FORM, AUTH,
	    "password=a&password=b", 0, NULL, 0, 400, "malformed_request" },

	/* --- passkeys (issue 17) --- */
	{ "passkey_login_json_depth_17", "POST", PK_LOGIN, JSON, NULL,
	    "{\"response\":$(16*[)$(16*])}", 0, NULL, 0, 400,
	    "malformed_request" },
	{ "passkey_login_json_depth_10000", "POST", PK_LOGIN, JSON, NULL,
	    "{\"response\":$(10000*{\"a\":)1$(10000*})}", 0, NULL, 0, 400,
	    "malformed_request" },
	{ "passkey_login_id_65k", "POST", PK_LOGIN, JSON, NULL,
	    "{\"id\":\"$(65600*A)\"}", 0, NULL, 0, 413, "payload_too_large" },
	{ "passkey_login_id_not_base64url", "POST", PK_LOGIN, JSON, NULL,
	    PK_CRED("<script>+/=", PK_GET), 0, NULL, 0, 400,
	    "passkey_malformed" },
	{ "passkey_login_id_nul", "POST", PK_LOGIN, JSON, NULL,
	    PK_CRED("AA\\u0000AA", PK_GET), 0, NULL, 0, 400,
	    "malformed_request" },
	{ "passkey_login_id_400_bytes", "POST", PK_LOGIN, JSON, NULL,
	    PK_CRED("$(400*QUFB)", PK_GET), 0, NULL, 0, 400,
	    "passkey_malformed" },
	{ "passkey_login_response_array", "POST", PK_LOGIN, JSON, NULL,
	    "{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":"
	    "\"public-key\",\"response\":[]}", 0, NULL, 0, 400,
	    "passkey_malformed" },
	{ "passkey_login_client_data_not_json", "POST", PK_LOGIN, JSON, NULL,
	    PK_CRED("AAAA", "\"clientDataJSON\":\"$(300*_w)\","
	    "\"authenticatorData\":\"AAAA\",\"signature\":\"AAAA\""),
	    0, NULL, 0, 400, "passkey_malformed" },
	{ "passkey_login_form", "POST", PK_LOGIN, FORM, NULL,
	    "id=AAAA&rawId=AAAA&type=public-key", 0, NULL, 0, 400,
	    "passkey_malformed" },
	/* attestation objects that are CBOR bombs: 9000 nested arrays,
	   indefinite arrays that never end, a byte string of 2^64 - 1 */
	{ "passkey_register_cbor_nested", "POST", PK_REG, JSON, AUTH,
	    PK_CRED("AAAA", "\"clientDataJSON\":\"e30\","
	    "\"attestationObject\":\"$(3000*gYGB)AA\""), 0, NULL, 0, 400,
	    "passkey_malformed" },
	{ "passkey_register_cbor_indefinite", "POST", PK_REG, JSON, AUTH,
	    PK_CRED("AAAA", "\"clientDataJSON\":\"e30\","
	    "\"attestationObject\":\"$(3000*n5-f)\""), 0, NULL, 0, 400,
	    "passkey_malformed" },
	{ "passkey_register_cbor_huge_length", "POST", PK_REG, JSON, AUTH,
	    PK_CRED("AAAA", "\"clientDataJSON\":\"e30\","
	    "\"attestationObject\":\"oWNmbXRb__________8\""), 0, NULL, 0,
	    400, "passkey_malformed" },
	{ "passkey_register_no_token", "POST", PK_REG, JSON, NULL,
	    "{}", 0, NULL, 0, 401, "token_missing" },
	{ "passkey_options_login_array", "POST", PK_OPTIONS, JSON, NULL,
	    "{\"login\":[\"a@b.example\"]}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "passkey_options_login_5000_bytes", "POST", PK_OPTIONS, JSON, NULL,
	    "{\"login\":\"$(5000*a)\"}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "passkey_options_mfa_token_object", "POST", PK_OPTIONS, JSON, NULL,
	    "{\"mfa_token\":{}}", 0, NULL, 0, 400, "validation_failed" },
	{ "passkey_rename_name_object", "PATCH", PK_REG "/1", JSON, AUTH,
	    "{\"name\":{}}", 0, NULL, 0, 400, "validation_failed" },
	{ "passkey_rename_name_control", "PATCH", PK_REG "/1", JSON, AUTH,
	    "{\"name\":\"a\\u0007b\"}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "passkey_delete_id_huge", "DELETE", PK_REG "/$(300*9)", NULL, AUTH,
	    NULL, 0, NULL, 0, 404, "not_found" },

	/* --- headers --- */
	{ "user_agent_7000_bytes_kept_short", "POST", LOGIN, JSON,
	    "User-Agent: $(7000*a)\r\n", "{}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "user_agent_10k_refused_by_lighttpd", "POST", LOGIN, JSON,
	    "User-Agent: $(10240*a)\r\n", "{}", 0, NULL, 0, 431, "malformed_request" },
	{ "header_64k", "POST", REGISTER, JSON,
	    "X-Big: $(65536*a)\r\n", "{}", 0, NULL, 0, 431, "malformed_request" },
	{ "bearer_5000_bytes_on_login", "POST", LOGIN, JSON,
	    "Authorization: Bearer $(5000*a)\r\n", "{}", 0, NULL, 0, 400,
	    "validation_failed" },
	{ "bearer_5000_bytes_on_jwks", "GET", JWKS, NULL,
	    "Authorization: Bearer $(5000*a)\r\n", NULL, 0, NULL, 0, 200,
	    JWKS_DOC },
	{ "bearer_not_base64_on_jwks", "GET", JWKS, NULL,
	    "Authorization: Bearer \xff\xfe<script>\r\n", NULL, 0, NULL, 0,
	    200, JWKS_DOC },
	{ "header_name_with_space", "POST", LOGIN, JSON,
	    "Bad Name: x\r\n", "{}", 0, NULL, 0, 400, "malformed_request" },
	{ "header_value_with_control", "POST", LOGIN, JSON,
	    "X-A: a\x01" "b\r\n", "{}", 0, NULL, 0, 400, "malformed_request" },
	{ "two_host_headers", "POST", LOGIN, JSON,
	    "Host: evil.example\r\n", "{}", 0, NULL, 0, 400, "malformed_request" },

	/* --- paths --- */
	{ "path_dot_dot", "POST", "/api/v1/auth/../auth/login", JSON, NULL,
	    "{}", 0, NULL, 0, 404, "not_found" },
	{ "path_encoded_dot_dot", "POST", "/api/v1/auth/%2e%2e/login", JSON,
	    NULL, "{}", 0, NULL, 0, 404, "not_found" },
	{ "path_encoded_dot_dot_into_route", "POST",
	    "/api/v1/auth/%2e%2e/auth/login", JSON, NULL, "{}", 0, NULL, 0,
	    404, "not_found" },
	{ "path_double_encoded_dot", "POST", "/api/v1/auth/%252e%252e/login",
	    JSON, NULL, "{}", 0, NULL, 0, 404, "not_found" },
	{ "path_encoded_slash", "POST", "/api/v1/auth/login%2fx", JSON, NULL,
	    "{}", 0, NULL, 0, 404, "not_found" },
	{ "path_double_slash", "POST", "/api/v1/auth//login", JSON, NULL,
	    "{}", 0, NULL, 0, 404, "not_found" },
	{ "path_encoded_nul", "POST", "/api/v1/auth/login%00", JSON, NULL,
	    "{}", 0, NULL, 0, 400, "malformed_request" },
	{ "path_percent_ff", "POST", "/api/v1/auth/login%ff", JSON, NULL,
	    "{}", 0, NULL, 0, 400, "malformed_request" },
	{ "path_overlong_utf8", "POST", "/api/v1/auth/login%c0%af", JSON,
	    NULL, "{}", 0, NULL, 0, 400, "malformed_request" },
	{ "path_bad_escape", "POST", "/api/v1/auth/login%zz", JSON, NULL,
	    "{}", 0, NULL, 0, 400, "malformed_request" },
	{ "path_segment_6000_bytes", "POST", "/api/v1/auth/$(6000*a)", JSON,
	    NULL, "{}", 0, NULL, 0, 404, "not_found" },
	{ "path_segment_10k", "POST", "/api/v1/auth/$(10240*a)", JSON, NULL,
	    "{}", 0, NULL, 0, 431, "malformed_request" },
	{ "path_upper_case", "POST", "/api/v1/auth/LOGIN", JSON, NULL,
	    "{}", 0, NULL, 0, 404, "not_found" },
	{ "path_semicolon_parameter", "POST", "/api/v1/auth/login;x=1", JSON,
	    NULL, "{}", 0, NULL, 0, 404, "not_found" },
	{ "path_not_absolute", "POST", "api/v1/auth/login", JSON, NULL,
	    "{}", 0, NULL, 0, 400, "malformed_request" },

	/* --- methods --- */
	{ "method_trace", "TRACE", LOGIN, NULL, NULL, NULL, 0, NULL, 0, 405,
	    "method_not_allowed" },
	{ "method_propfind", "PROPFIND", REGISTER, NULL, NULL, NULL, 0, NULL,
	    0, 405, "method_not_allowed" },
	{ "method_lower_case_post", "post", LOGIN, JSON, NULL, "{}", 0, NULL,
	    0, 501, "malformed_request" },
	{ "method_made_up", "FROB", REGISTER, JSON, NULL, "{}", 0, NULL, 0,
	    501, "malformed_request" },
	{ "method_head_on_post_route", "HEAD", LOGIN, NULL, NULL, NULL, 0,
	    NULL, 0, 405, NOT_JSON },
	{ "method_get_on_post_route", "GET", REGISTER, NULL, NULL, NULL, 0,
	    NULL, 0, 405, "method_not_allowed" },
	{ "method_put_with_body", "PUT", LOGIN, JSON, NULL, "{}", 0, NULL, 0,
	    405, "method_not_allowed" },
	{ "method_delete_on_jwks", "DELETE", JWKS, NULL, NULL, NULL, 0, NULL,
	    0, 405, "method_not_allowed" },
	{ "method_post_on_jwks", "POST", JWKS, JSON, NULL, "{}", 0, NULL, 0,
	    405, "method_not_allowed" },

	/* --- query strings on POST routes --- */
	{ "query_junk_on_login", "POST", LOGIN "?x=%zz&&=&y", JSON, NULL,
	    "{}", 0, NULL, 0, 400, "validation_failed" },
	{ "query_fields_are_not_body", "POST",
	    REGISTER "?email=a%40b.example&password=x", JSON, NULL, "{}", 0,
	    NULL, 0, 400, "validation_failed" },
	{ "query_encoded_nul", "POST", LOGIN "?x=%00", JSON, NULL, "{}", 0,
	    NULL, 0, 400, "malformed_request" },
	{ "query_6000_bytes", "POST", REGISTER "?q=$(6000*q)", JSON, NULL,
	    "{}", 0, NULL, 0, 400, "validation_failed" },
};

#define NCASES	(sizeof(cases) / sizeof(cases[0]))

/* A growing buffer. */
struct buf {
	char	*p;
	size_t	 len, cap;
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	char	*np;

	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		if ((np = realloc(b->p, b->cap)) == NULL) {
			fprintf(stderr, "out of memory\n");
			exit(1);
		}
		b->p = np;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static void
buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* The access token of an account made for this case (once). */
static const char *
case_bearer(void)
{
	static struct fx_account	 a;

	if (a.access[0] == '\0')
		fx_register(&a, "hostile", PW, 0, NULL);
	return a.access;
}

/* Append "tmpl" with "$(N*text)" and "{EMAIL}" expanded. */
static void
expand(struct buf *b, const char *tmpl)
{
	char		 email[CLIENT_EMAIL_MAX];
	const char	*p = tmpl, *star, *close;
	long		 n;
	char		*end;

	while (*p != '\0') {
		if (strncmp(p, "$(", 2) == 0 &&
		    (n = strtol(p + 2, &end, 10)) > 0 && *end == '*' &&
		    (close = strchr(end, ')')) != NULL) {
			star = end;
			while (n-- > 0)
				buf_add(b, star + 1, (size_t)(close - star - 1));
			p = close + 1;
		} else if (strncmp(p, "{BEARER}", 8) == 0) {
			buf_str(b, case_bearer());
			p += 8;
		} else if (strncmp(p, "{EMAIL}", 7) == 0) {
			buf_str(b, client_unique_email("hostile", email));
			p += 7;
		} else
			buf_add(b, p++, 1);
	}
}

/* The bytes of the request of case "c", in "req". */
static void
build(const struct hcase *c, struct buf *req)
{
	struct buf	 body = { NULL, 0, 0 };
	char		 num[32];

	if (c->bodylen > 0)
		buf_add(&body, c->body, c->bodylen);
	else if (c->body != NULL)
		expand(&body, c->body);
	buf_str(req, c->method);
	buf_str(req, " ");
	expand(req, c->path);
	buf_str(req, c->flags & HTTP11 ? " HTTP/1.1\r\n" : " HTTP/1.0\r\n");
	buf_str(req, "Host: 127.0.0.1\r\n");
	if (c->flags & HTTP11)
		buf_str(req, "Connection: close\r\n");
	if (c->ctype != NULL) {
		buf_str(req, "Content-Type: ");
		buf_str(req, c->ctype);
		buf_str(req, "\r\n");
	}
	if (c->clen != NULL && c->clen[0] != '\0') {
		buf_str(req, "Content-Length: ");
		buf_str(req, c->clen);
		buf_str(req, "\r\n");
	} else if (c->clen == NULL && c->body != NULL) {
		snprintf(num, sizeof(num), "Content-Length: %zu\r\n",
		    body.len);
		buf_str(req, num);
	}
	if (c->headers != NULL)
		expand(req, c->headers);
	buf_str(req, "\r\n");
	if (body.len > 0)
		buf_add(req, body.p, body.len);
	free(body.p);
}

/* The table, one case per iteration. */
START_TEST(test_hostile)
{
	const struct hcase	*c = &cases[_i];
	struct buf		 req = { NULL, 0, 0 };
	struct resp		 r;
	struct json_object	*keys;
	double			 secs;
	int			 rc;

	build(c, &req);
	rc = raw_exchange(req.p, req.len, c->flags & RAW_SHUT_WR, ANSWER_MS,
	    &r, &secs);
	free(req.p);
	ck_assert_msg(rc == 0, "%s: no answer: %s", c->name, r.error);
	ck_assert_msg(secs < ANSWER_MAX_S, "%s: answered after %.2f s",
	    c->name, secs);
	ck_assert_msg(r.status == c->status, "%s: HTTP %ld, expected %ld "
	    "(body: %.200s)", c->name, r.status, c->status,
	    r.body != NULL ? r.body : "");
	/* lighttpd's 501 for a method it does not know is no crash */
	ck_assert_msg(r.status < 500 || r.status == 501, "%s: a 5xx",
	    c->name);
	if (c->code == NOT_JSON) {
		ck_assert_msg(r.json == NULL, "%s: a JSON body (%.200s): "
		    "update the case", c->name, r.body);
	} else if (strcmp(c->code, JWKS_DOC) == 0) {
		ck_assert_msg(r.json != NULL && json_object_object_get_ex(
		    r.json, "keys", &keys) &&
		    json_object_is_type(keys, json_type_array),
		    "%s: not the jwks document: %.200s", c->name, r.body);
	} else {
		ck_assert_msg(r.json != NULL, "%s: not JSON: %.200s", c->name,
		    r.body);
		ck_assert_msg(resp_code(&r) != NULL &&
		    strcmp(resp_code(&r), c->code) == 0,
		    "%s: code %s, expected %s", c->name,
		    resp_code(&r) != NULL ? resp_code(&r) : "(none)", c->code);
		ck_assert_msg(json_object_object_get_ex(r.json, "success",
		    NULL) && json_object_object_get_ex(r.json, "message", NULL),
		    "%s: not the envelope: %.200s", c->name, r.body);
		ck_assert_msg(resp_header(&r, "Content-Type") != NULL &&
		    strncmp(resp_header(&r, "Content-Type"), "application/json",
		    16) == 0, "%s: Content-Type %s", c->name,
		    resp_header(&r, "Content-Type") != NULL ?
		    resp_header(&r, "Content-Type") : "missing");
		if (c->status == 405)
			ck_assert_msg(resp_header(&r, "Allow") != NULL,
			    "%s: 405 without Allow", c->name);
	}
	resp_free(&r);
}
END_TEST

/* HEAD on a POST route: 405 with an Allow header and no body. */
START_TEST(test_head_allow)
{
	static const char	 req[] = "HEAD " LOGIN " HTTP/1.0\r\n"
	    "Host: 127.0.0.1\r\n\r\n";
	struct resp		 r;

	ck_assert_int_eq(raw_exchange(req, sizeof(req) - 1, 0, ANSWER_MS, &r,
	    NULL), 0);
	ck_assert_int_eq(r.status, 405);
	ck_assert_ptr_nonnull(resp_header(&r, "Allow"));
	ck_assert_ptr_nonnull(strstr(resp_header(&r, "Allow"), "POST"));
	ck_assert_uint_eq(r.bodylen, 0);
	resp_free(&r);
}
END_TEST

/* A bad path is not blamed on the body in the message for people. */
START_TEST(test_bad_path_message)
{
	static const char	 req[] = "POST " LOGIN "%zz HTTP/1.0\r\n"
	    "Host: 127.0.0.1\r\nContent-Type: application/json\r\n"
	    "Content-Length: 2\r\n\r\n{}";
	struct resp		 r;
	struct json_object	*m;

	ck_assert_int_eq(raw_exchange(req, sizeof(req) - 1, 0, ANSWER_MS, &r,
	    NULL), 0);
	ck_assert_int_eq(r.status, 400);
	ck_assert_str_eq(resp_code(&r), "malformed_request");
	ck_assert(json_object_object_get_ex(r.json, "message", &m));
	ck_assert_str_eq(json_object_get_string(m),
	    "The request URL or a header is not valid");
	resp_free(&r);
}
END_TEST

/*
 * After everything above, the service still works: a fresh account
 * registers (201) and logs in (200).  A worker that crashed on any of
 * the cases would show here as a 5xx or a missing reply.
 */
START_TEST(test_still_serving)
{
	char		 email[CLIENT_EMAIL_MAX];
	char		 body[512];
	struct resp	 r;

	client_unique_email("hostile-after", email);
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}",
	    email, PW);
	ck_assert_int_eq(client_post_json(REGISTER, body, &r), 0);
	ck_assert_int_eq(r.status, 201);
	resp_free(&r);
	ck_assert_int_eq(client_post_json(LOGIN, body, &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(resp_code(&r), "ok");
	resp_free(&r);
}
END_TEST

static Suite *
hostile_suite(void)
{
	Suite	*s = suite_create("hostile");
	TCase	*tc;

	tc = fx_tcase(s, "table");
	tcase_set_timeout(tc, 30);
	tcase_add_loop_test(tc, test_hostile, 0, (int)NCASES);
	tcase_add_test(tc, test_head_allow);
	tcase_add_test(tc, test_bad_path_message);

	/* a tcase of its own, so that it runs after the whole table */
	tc = fx_tcase(s, "after");
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_still_serving);
	return s;
}

int
main(void)
{
	fx_init("check_hostile");
	return fx_run(srunner_create(hostile_suite()));
}
