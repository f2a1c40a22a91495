/*
 * reply: the answer a handler builds.  The table below is API.md's
 * table of codes; the renderer turns a reply into bytes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "jsonkey.h"
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
	{ "rate_limited", 429, "Too many requests; try again later" }, /* RC_RATE_LIMITED */
	{ "internal_error", 500, "Internal error" }, /* RC_INTERNAL_ERROR */
	{ "service_unavailable", 503, "Service temporarily unavailable" }, /* RC_SERVICE_UNAVAILABLE */
};

/* Fields whose value is never echoed back in a field error. */
static const char *const reply_secret_fields[] = {
	"password", "pwd", "new_password", "new_pwd", "current_password",
	"token", "refresh_token", "code", NULL
};

void
reply_init(struct reply *r)
{
	memset(r, 0, sizeof(*r));
	r->status = 200;
	r->code = RC_OK;
}

void
reply_free(struct reply *r)
{
	size_t	 i;

	free(r->message);
	json_object_put(r->data);
	free(r->data_text);
	json_object_put(r->errors);
	for (i = 0; i < r->nheaders; i++)
		free(r->headers[i]);
	free(r->html);
	free(r->location);
	reply_init(r);
}

/* Set the message, falling back to the code's own when out of memory. */
static void
reply_message(struct reply *r, const char *message)
{
	free(r->message);
	r->message = message != NULL ? strdup(message) : NULL;
}

/* Drop the data of the reply, in either form. */
static void
reply_drop_data(struct reply *r)
{
	json_object_put(r->data);
	r->data = NULL;
	free(r->data_text);
	r->data_text = NULL;
}

int
reply_ok(struct reply *r, int status, const char *message,
    struct json_object *data)
{
	reply_drop_data(r);
	json_object_put(r->errors);
	r->errors = NULL;
	r->errors_dropped = 0;
	r->data = data;
	r->status = status;
	r->code = RC_OK;
	reply_message(r, message);
	if (message != NULL && r->message == NULL) {
		reply_error(r, RC_INTERNAL_ERROR, NULL);
		return -1;
	}
	return 0;
}

int
reply_ok_text(struct reply *r, int status, const char *message, char *text)
{
	if (text == NULL) {
		reply_error(r, RC_INTERNAL_ERROR, NULL);
		return -1;
	}
	if (reply_ok(r, status, message, NULL) == -1) {
		free(text);
		return -1;
	}
	r->data_text = text;
	return 0;
}

void
reply_error(struct reply *r, enum reply_code code, const char *message)
{
	if (code >= RC__MAX)
		code = RC_INTERNAL_ERROR;
	reply_drop_data(r);
	if (code != RC_VALIDATION_FAILED) {
		json_object_put(r->errors);
		r->errors = NULL;
		r->errors_dropped = 0;
	}
	r->code = code;
	r->status = reply_defs[code].status;
	reply_message(r, message);
}

static int
reply_is_secret(const char *param)
{
	size_t	 i;

	for (i = 0; reply_secret_fields[i] != NULL; i++)
		if (strcmp(param, reply_secret_fields[i]) == 0)
			return 1;
	return 0;
}

int
reply_field_error(struct reply *r, const char *param, const char *msg,
    const char *value)
{
	struct json_object	*e = NULL;

	if (r->errors == NULL && (r->errors = json_object_new_object()) == NULL)
		goto err;
	if (r->code != RC_VALIDATION_FAILED)
		reply_error(r, RC_VALIDATION_FAILED, NULL);
	if (json_object_object_get_ex(r->errors, param, NULL))
		return 0;
	if (json_object_object_length(r->errors) >= REPLY_ERRORS_MAX) {
		r->errors_dropped++;
		return 0;
	}
	if ((e = json_object_new_object()) == NULL)
		goto err;
	if (JSON_ADD(e, "msg", json_object_new_string(msg)) ||
	    JSON_ADD(e, "param", json_object_new_string(param)) ||
	    JSON_ADD(e, "location", json_object_new_string("body")))
		goto err;
	if (value != NULL && !reply_is_secret(param) &&
	    JSON_ADD(e, "value", json_object_new_string(value)))
		goto err;
	if (json_object_object_add(r->errors, param, e))
		goto err;
	return 0;
err:
	json_object_put(e);
	reply_error(r, RC_INTERNAL_ERROR, NULL);
	return -1;
}

int
reply_has_errors(const struct reply *r)
{
	return r->errors != NULL && json_object_object_length(r->errors) > 0;
}

int
reply_header(struct reply *r, const char *name, const char *fmt, ...)
{
	char	 value[1024];
	char	*line;
	va_list	 ap;

	if (r->nheaders == REPLY_HEADERS_MAX)
		return -1;
	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	/* a header value never carries a line break */
	if (strpbrk(value, "\r\n") != NULL)
		return -1;
	if (asprintf(&line, "%s: %s", name, value) == -1)
		return -1;
	r->headers[r->nheaders++] = line;
	return 0;
}

void
reply_retry(struct reply *r, enum reply_code code, unsigned secs)
{
	reply_error(r, code, NULL);
	if (reply_header(r, "Retry-After", "%u", secs > 0 ? secs : 1) == -1)
		reply_error(r, RC_INTERNAL_ERROR, NULL);
}

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

int
reply_who(struct reply *r, enum reply_who_as as, long long user_id,
    const char *email, const char *role)
{
	struct reply_who	*w = &r->who;

	w->as = REPLY_WHO_NONE;
	/* a header value never carries a line break */
	if (strpbrk(email, "\r\n") != NULL || strpbrk(role, "\r\n") != NULL ||
	    strlen(email) >= sizeof(w->email) ||
	    strlen(role) >= sizeof(w->role))
		return -1;
	w->user_id = user_id;
	snprintf(w->email, sizeof(w->email), "%s", email);
	snprintf(w->role, sizeof(w->role), "%s", role);
	w->as = as;
	return 0;
}
