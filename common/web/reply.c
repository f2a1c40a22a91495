/*
 * reply: the answer a handler builds, as C data.  The code table is in
 * codes.c; the renderer turns a reply into bytes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "reply.h"
#include "text.h"
#include "users.h"

void
reply_init(struct reply *r)
{
	memset(r, 0, sizeof(*r));
	r->status = 200;
	r->code = RC_OK;
}

/* Drop the field errors. */
static void
reply_drop_errors(struct reply *r)
{
	size_t	 i;

	for (i = 0; i < r->nerrors; i++) {
		free(r->errors[i].param);
		free(r->errors[i].msg);
		free(r->errors[i].value);
	}
	r->nerrors = 0;
	r->errors_dropped = 0;
}

/* Drop the data of the reply, the user object and hidden values with it. */
static void
reply_drop_data(struct reply *r)
{
	json_object_put(r->data);
	r->data = NULL;
	json_object_put(r->hidden);
	r->hidden = NULL;
	free(r->user_copy);
	r->user_copy = NULL;
	r->user = NULL;
	r->who_data = 0;
}

void
reply_free(struct reply *r)
{
	size_t	 i;

	free(r->message);
	reply_drop_data(r);
	reply_drop_errors(r);
	for (i = 0; i < r->ncookies; i++)
		free(r->cookies[i].value);
	for (i = 0; i < r->nheaders; i++)
		free(r->headers[i]);
	free(r->location);
	reply_init(r);
}

/* Set the message (copied); NULL means the code's own. */
static void
reply_message(struct reply *r, const char *message)
{
	free(r->message);
	r->message = message != NULL ? strdup(message) : NULL;
}

int
reply_ok(struct reply *r, int status, enum msg m, struct json_object *data)
{
	const char	*message = msg_text(m);

	reply_drop_data(r);
	reply_drop_errors(r);
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

void
reply_data(struct reply *r, struct json_object *data)
{
	reply_drop_data(r);
	r->data = data;
}

void
reply_who_data(struct reply *r)
{
	reply_drop_data(r);
	r->who_data = 1;
}

void
reply_hidden(struct reply *r, struct json_object *hidden)
{
	json_object_put(r->hidden);
	r->hidden = hidden;
}

int
reply_user(struct reply *r, const struct user *u)
{
	free(r->user_copy);
	if ((r->user_copy = malloc(sizeof(*r->user_copy))) == NULL) {
		reply_error(r, RC_INTERNAL_ERROR, NULL);
		return -1;
	}
	memcpy(r->user_copy, u, sizeof(*u));
	r->user = r->user_copy;
	return 0;
}

void
reply_user_ref(struct reply *r, const struct user *u)
{
	free(r->user_copy);
	r->user_copy = NULL;
	r->user = u;
}

int
reply_cookie(struct reply *r, enum reply_cookie kind, const char *value,
    unsigned max_age)
{
	struct reply_setcookie	*c;
	size_t			 i;

	for (i = 0; i < r->ncookies; i++)
		if (r->cookies[i].kind == kind)
			return -1;
	if (r->ncookies == COOKIE__MAX || kind >= COOKIE__MAX)
		return -1;
	c = &r->cookies[r->ncookies];
	if ((c->value = strdup(value)) == NULL)
		return -1;
	c->kind = kind;
	c->max_age = max_age;
	r->ncookies++;
	return 0;
}

void
reply_error(struct reply *r, enum reply_code code, const char *message)
{
	if (code >= RC__MAX)
		code = RC_INTERNAL_ERROR;
	reply_drop_data(r);
	if (code != RC_VALIDATION_FAILED)
		reply_drop_errors(r);
	r->code = code;
	r->status = reply_code_status(code);
	reply_message(r, message);
}

int
reply_field_error(struct reply *r, const char *param, const char *msg,
    const char *value)
{
	struct reply_field	*e;

	if (r->code != RC_VALIDATION_FAILED)
		reply_error(r, RC_VALIDATION_FAILED, NULL);
	if (reply_field_find(r, param) != NULL)
		return 0;
	if (r->nerrors >= REPLY_ERRORS_MAX) {
		r->errors_dropped++;
		return 0;
	}
	e = &r->errors[r->nerrors];
	memset(e, 0, sizeof(*e));
	if ((e->param = strdup(param)) == NULL ||
	    (e->msg = strdup(msg)) == NULL)
		goto err;
	if (value != NULL && !input_secret(param) &&
	    (e->value = strdup(value)) == NULL)
		goto err;
	r->nerrors++;
	return 0;
err:
	free(e->param);
	free(e->msg);
	reply_error(r, RC_INTERNAL_ERROR, NULL);
	return -1;
}

int
reply_has_errors(const struct reply *r)
{
	return r->nerrors > 0;
}

const struct reply_field *
reply_field_find(const struct reply *r, const char *param)
{
	size_t	 i;

	for (i = 0; i < r->nerrors; i++)
		if (strcmp(r->errors[i].param, param) == 0)
			return &r->errors[i];
	return NULL;
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
	text_copy(w->email, sizeof(w->email), email);
	text_copy(w->role, sizeof(w->role), role);
	w->as = as;
	return 0;
}

_Static_assert(INPUT_ERRORS_MAX == REPLY_ERRORS_MAX,
    "an input verdict lists what a reply lists");

int
reply_input_errors(struct reply *r, const struct input_errors *e)
{
	size_t	 i;

	for (i = 0; i < e->n; i++)
		if (reply_field_error(r, e->list[i].param, e->list[i].msg,
		    e->list[i].value) == -1)
			return -1;
	r->errors_dropped += e->dropped;
	return 0;
}

int
reply_input_error(struct reply *r, enum field f, const char *msg,
    const char *value)
{
	struct input_errors	 e;

	input_errors_init(&e);
	input_error(&e, f, msg, value);
	return reply_input_errors(r, &e);
}
