/*
 * reply: what a handler answers, before rendering.  Handlers fill a
 * reply; only render.c writes bytes.  The codes are API.md's table.
 */
#ifndef FCAUTH_REPLY_H
#define FCAUTH_REPLY_H

#include <stddef.h>

struct json_object;

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
	RC_RATE_LIMITED,		/* rate_limited 429 */
	RC_INTERNAL_ERROR,		/* internal_error 500 */
	RC_SERVICE_UNAVAILABLE,		/* service_unavailable 503 */
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

struct reply {
	int		 status;	/* HTTP status */
	enum reply_code	 code;
	char		*message;	/* owned */
	struct json_object *data;	/* owned; NULL renders as null */
	char		*data_text;	/* owned; data as JSON text already
					   (reply_ok_text), instead of "data" */
	struct json_object *errors;	/* owned; field errors or NULL */
	size_t		 errors_dropped;	/* field errors past
					   REPLY_ERRORS_MAX, not listed */
	char		*headers[REPLY_HEADERS_MAX];	/* owned "Name: value" */
	size_t		 nheaders;
	char		*html;		/* owned; if set, rendered instead of JSON */
	char		*location;	/* owned; a redirect target (303) */
	int		 raw_json;	/* data is the whole body (jwks.json) */
	int		 bodyless;	/* status and headers only (authorizer) */
	char		 cors_methods[128];	/* a CORS preflight's methods
					   ("GET, POST") or "": render writes
					   them for an allowed origin only */
	struct reply_who	 who;	/* render writes it as headers */
};

/* Start an empty reply: 200 ok, no data. */
void		 reply_init(struct reply *r);

/* Release everything the reply owns and reinitialise it. */
void		 reply_free(struct reply *r);

/*
 * Success with "status" (200 or 201), "message" (copied) and "data"
 * (ownership passes to the reply; NULL for null).  Returns 0 or -1 on
 * out of memory (then the reply is an internal_error).
 */
int		 reply_ok(struct reply *r, int status, const char *message,
		    struct json_object *data);

/*
 * reply_ok with "data" as JSON text already ("text" is taken, even on
 * failure; NULL means out of memory: the reply is an internal_error).
 */
int		 reply_ok_text(struct reply *r, int status, const char *message,
		    char *text);

/*
 * Failure "code" with its status from the table and "message" (copied;
 * NULL = the code's default message).  Drops any data set before.
 */
void		 reply_error(struct reply *r, enum reply_code code,
		    const char *message);

/*
 * Add a field error for "param" ("body" location) and turn the reply
 * into validation_failed.  "value" (may be NULL) is echoed back unless
 * the field is secret (password, token, code, ...).  The first error
 * for a param wins.  Past REPLY_ERRORS_MAX params the error is only
 * counted in r->errors_dropped, so that a reply never grows with the
 * input.  Returns 0 or -1 on out of memory.
 */
int		 reply_field_error(struct reply *r, const char *param,
		    const char *msg, const char *value);

/* Whether the reply already holds field errors: 1 or 0. */
int		 reply_has_errors(const struct reply *r);

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

/* The wire name ("token_expired") and default status of a code. */
const char	*reply_code_name(enum reply_code code);
int		 reply_code_status(enum reply_code code);
const char	*reply_code_message(enum reply_code code);

#endif /* FCAUTH_REPLY_H */
