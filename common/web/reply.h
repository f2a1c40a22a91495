/*
 * reply: what a handler answers, before rendering, as C data: a code,
 * a message, typed data (result.h), field errors, cookies and headers.
 * Handlers fill a reply; only render.c writes bytes, and no name of
 * the wire format is in a reply.  The codes are API.md's table, in
 * codes.c; the messages handlers choose are in msg.h.
 */
#ifndef FCAUTH_REPLY_H
#define FCAUTH_REPLY_H

#include <stddef.h>

#include "input.h"
#include "msg.h"
#include "page.h"

struct json_object;
struct user;

enum reply_code {
	RC_OK,				/* ok */
	RC_MALFORMED_REQUEST,		/* malformed_request 400 */
	RC_VALIDATION_FAILED,		/* validation_failed 400 */
	RC_INVALID_CREDENTIALS,		/* invalid_credentials 401 */
	RC_TOKEN_MISSING,		/* token_missing 401 */
	RC_TOKEN_INVALID,		/* token_invalid 401 */
	RC_TOKEN_EXPIRED,		/* token_expired 401 */
	RC_TOKEN_REUSED,		/* token_reused 401 */
	RC_EMAIL_NOT_VERIFIED,		/* email_not_verified 403 */
	RC_ACCOUNT_DISABLED,		/* account_disabled 403 */
	RC_FORBIDDEN,			/* forbidden 403 */
	RC_NOT_FOUND,			/* not_found 404 */
	RC_METHOD_NOT_ALLOWED,		/* method_not_allowed 405 */
	RC_EMAIL_TAKEN,			/* email_taken 409 */
	RC_USERNAME_TAKEN,		/* username_taken 409 */
	RC_INVALID_CODE,		/* invalid_code 400 */
	RC_VERIFICATION_EXPIRED,	/* verification_expired 410 */
	RC_PAYLOAD_TOO_LARGE,		/* payload_too_large 413 */
	RC_UNSUPPORTED_MEDIA_TYPE,	/* unsupported_media_type 415 */
	RC_IDEMPOTENCY_KEY_REUSED,	/* idempotency_key_reused 422 */
	RC_RATE_LIMITED,		/* rate_limited 429 */
	RC_INTERNAL_ERROR,		/* internal_error 500 */
	RC_SERVICE_UNAVAILABLE,		/* service_unavailable 503 */
	RC_MFA_UNAVAILABLE,		/* mfa_unavailable 403 */
	RC_MFA_ALREADY_ENABLED,		/* mfa_already_enabled 409 */
	RC_MFA_NOT_ENABLED,		/* mfa_not_enabled 409 */
	RC_MFA_REQUIRED,		/* mfa_required 200 */
	RC_MFA_INVALID_CODE,		/* mfa_invalid_code 401 */
	RC_MFA_TOKEN_INVALID,		/* mfa_token_invalid 401 */
	RC_PASSKEY_UNAVAILABLE,		/* passkey_unavailable 403 */
	RC_PASSKEY_MALFORMED,		/* passkey_malformed 400 */
	RC_PASSKEY_CHALLENGE_INVALID,	/* passkey_challenge_invalid 400 */
	RC_PASSKEY_ORIGIN_INVALID,	/* passkey_origin_invalid 400 */
	RC_PASSKEY_RP_INVALID,		/* passkey_rp_invalid 400 */
	RC_PASSKEY_FLAGS_INVALID,	/* passkey_flags_invalid 400 */
	RC_PASSKEY_ALGORITHM_UNSUPPORTED,	/* passkey_algorithm_unsupported 400 */
	RC_PASSKEY_ATTESTATION_INVALID,	/* passkey_attestation_invalid 400 */
	RC_PASSKEY_SIGNATURE_INVALID,	/* passkey_signature_invalid 401 */
	RC_PASSKEY_COUNTER_REGRESSED,	/* passkey_counter_regressed 401 */
	RC_PASSKEY_UNKNOWN,		/* passkey_unknown 401 */
	RC_PASSKEY_EXISTS,		/* passkey_exists 409 */
	RC_PASSKEY_LIMIT,		/* passkey_limit 409 */
	RC__MAX
};

/* How render writes the principal of a passing request, if at all. */
enum reply_who_as {
	REPLY_WHO_NONE,
	REPLY_WHO_VARIABLES,	/* Variable-FCAUTH_* (the FastCGI authorizer) */
	REPLY_WHO_HEADERS,	/* X-Fcauth-* (the check route) */
};

/* Who passed, for the web server in front of us. */
struct reply_who {
	enum reply_who_as	 as;
	long long		 user_id;
	char			 email[256];
	char			 role[32];
};

#define REPLY_HEADERS_MAX	8
#define REPLY_ERRORS_MAX	20	/* field errors listed; the rest counted */

/* One field error: which input field, what is wrong, what was sent. */
struct reply_field {
	char		*param;		/* owned; the input field's name */
	char		*msg;		/* owned */
	char		*value;		/* owned; NULL: not echoed */
};

/* The session cookies a reply sets (in cookie mode). */
enum reply_cookie {
	COOKIE_ACCESS,			/* the access token */
	COOKIE_REFRESH,			/* the refresh token */
	COOKIE_DEVICE,			/* a trusted device's token */
	COOKIE__MAX
};

/* A cookie to set, in the order set; value "" and max_age 0 clear it. */
struct reply_setcookie {
	enum reply_cookie kind;
	char		*value;		/* owned */
	unsigned	 max_age;
};

struct reply {
	int		 status;	/* HTTP status */
	enum reply_code	 code;
	char		*message;	/* owned */
	struct json_object *data;	/* owned; built with result.h, keys
					   from outkey.h; NULL renders as
					   null (or as the user below) */
	const struct user *user;	/* the user object: the data itself
					   when "data" is NULL, else the
					   last member of "data" */
	struct user	*user_copy;	/* owned; what "user" points to when
					   the reply holds its own copy */
	struct json_object *hidden;	/* owned; result values (outkey.h
					   keys) that only a dialect's
					   templates see, never written by
					   the canonical encoder: see
					   reply_hidden */
	struct reply_field errors[REPLY_ERRORS_MAX];	/* field errors */
	size_t		 nerrors;
	size_t		 errors_dropped;	/* field errors past
					   REPLY_ERRORS_MAX, not listed */
	struct reply_setcookie cookies[COOKIE__MAX];
	size_t		 ncookies;
	char		*headers[REPLY_HEADERS_MAX];	/* owned "Name: value" */
	size_t		 nheaders;
	enum page	 page;		/* if set, this HTML page is rendered
					   instead of JSON */
	char		*location;	/* owned; a redirect target (303) */
	int		 raw_json;	/* data is the whole body (jwks.json) */
	int		 bodyless;	/* status and headers only (authorizer) */
	char		 cors_methods[128];	/* a CORS preflight's methods
					   ("GET, POST") or "": render writes
					   them for an allowed origin only */
	struct reply_who	 who;	/* render writes it as headers */
	int		 who_data;	/* "who" is the data too (when "data"
					   and "user" are NULL) */
};

/* Start an empty reply: 200 ok, no data. */
void		 reply_init(struct reply *r);

/* Release everything the reply owns and reinitialise it. */
void		 reply_free(struct reply *r);

/*
 * Success with "status" (200, 201 or 303), message "m" (MSG_NONE: the
 * default "OK") and "data" (ownership passes to the reply, even on
 * failure; NULL for null).  Drops any data, user and field errors set
 * before (headers and cookies stay).  Returns 0 or -1 on out of memory
 * (then the reply is an internal_error).
 */
int		 reply_ok(struct reply *r, int status, enum msg m,
		    struct json_object *data);

/*
 * Give the reply "data" (taken; NULL for null) without changing its
 * code: the details of an error (invalid_code's attempts_left).
 */
void		 reply_data(struct reply *r, struct json_object *data);

/*
 * Give the reply values the canonical API does not show but a dialect's
 * templates may ("hidden", taken; NULL for none): resend by address
 * answers the canonical generic 200 with no data, and a dialect (seed
 * 002) shows {email, verification_id, expires_in, resend_after} from
 * here.  The dialect renderer reads r->hidden as if its members were
 * in the data; the canonical encoder never writes them.  Call it after
 * reply_ok: reply_ok, reply_error and reply_data drop it.
 */
void		 reply_hidden(struct reply *r, struct json_object *hidden);

/*
 * Put the user object "u" in the reply (see struct reply): a copy,
 * or with reply_user_ref "u" itself, which must then outlive the
 * rendering (app->who.user does).  0, or -1 on out of memory (the
 * reply is an internal_error).
 */
int		 reply_user(struct reply *r, const struct user *u);
void		 reply_user_ref(struct reply *r, const struct user *u);

/*
 * Set cookie "kind" to "value" (copied) for "max_age" seconds; "" and
 * 0 clear it.  Render writes the Set-Cookie lines, in this order, with
 * the names and attributes of the configuration.  0, or -1 if out of
 * memory or set already.
 */
int		 reply_cookie(struct reply *r, enum reply_cookie kind,
		    const char *value, unsigned max_age);

/*
 * Failure "code" with its status from the table and "message" (copied;
 * NULL = the code's default message).  Drops any data set before.
 */
void		 reply_error(struct reply *r, enum reply_code code,
		    const char *message);

/*
 * Add a field error for input field param (in the body) and turn the
 * reply into validation_failed.  "value" (may be NULL) is echoed back unless
 * the field is secret (password, token, code, ...).  The first error
 * for a param wins.  Past REPLY_ERRORS_MAX params the error is only
 * counted in r->errors_dropped, so that a reply never grows with the
 * input.  Returns 0 or -1 on out of memory.
 */
int		 reply_field_error(struct reply *r, const char *param,
		    const char *msg, const char *value);

/* Whether the reply already holds field errors: 1 or 0. */
int		 reply_has_errors(const struct reply *r);

/* The field error listed for input field param, or NULL. */
const struct reply_field *reply_field_find(const struct reply *r,
		    const char *param);

/* Add a header line "name: value".  0, or -1 if full or out of memory. */
int		 reply_header(struct reply *r, const char *name,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* rate_limited or service_unavailable with a Retry-After of "secs". */
void		 reply_retry(struct reply *r, enum reply_code code, unsigned secs);

/*
 * Have render write who passed ("as": REPLY_WHO_VARIABLES or _HEADERS).
 * 0, or -1 when a value holds a line break or does not fit.
 */
int		 reply_who(struct reply *r, enum reply_who_as as,
		    long long user_id, const char *email, const char *role);

/*
 * Make who passed (set with reply_who) the data as well: {user_id,
 * email, role}, written from the struct with no json-c tree (the check
 * route answers this on every guarded request).  Drops any data set.
 */
void		 reply_who_data(struct reply *r);

/* The wire name ("token_expired"), default status and default message
 * of a code, from the table in codes.c. */
const char	*reply_code_name(enum reply_code code);
int		 reply_code_status(enum reply_code code);
const char	*reply_code_message(enum reply_code code);

/*
 * The field errors a handler's input verdict holds (input.h), in
 * order, as reply_field_error calls: the one place that turns input
 * errors into a reply.  The errors the list only counted are counted
 * here too.  0, or -1 on out of memory (then an internal_error).
 */
int		 reply_input_errors(struct reply *r,
		    const struct input_errors *e);

/* One field error of field "f" (reply_input_errors of a list of one). */
int		 reply_input_error(struct reply *r, enum field f,
		    const char *msg, const char *value);

#endif /* FCAUTH_REPLY_H */
