/*
 * result: typed results to JSON with canonical keys.  See result.h.
 * The data object of a reply is a json-c tree (small, built by the
 * handlers); it is written out through jsonw, with the user object
 * written from its struct straight into the same buffer, so that the
 * hot GET /profile builds no objects only to print them.
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "audit.h"
#include "jsonw.h"
#include "login.h"
#include "reply.h"
#include "result.h"
#include "sessions.h"
#include "users.h"

/* The token_type of every sign-in. */
#define RESULT_TOKEN_TYPE	"Bearer"

struct json_object *
result_object(void)
{
	return json_object_new_object();
}

void
result_drop(struct json_object *o)
{
	json_object_put(o);
}

int
result_add(struct json_object *o, enum outkey k, struct json_object *v)
{
	if (o == NULL) {
		json_object_put(v);
		return -1;
	}
	/* the key is the table's: json-c keeps the pointer, no copy */
	if (json_object_object_add_ex(o, outkey_name(k), v,
	    JSON_C_OBJECT_ADD_KEY_IS_NEW | JSON_C_OBJECT_ADD_CONSTANT_KEY)) {
		json_object_put(v);
		return -1;
	}
	return 0;
}

int
result_str(struct json_object *o, enum outkey k, const char *s)
{
	struct json_object	*v = NULL;

	if (s != NULL && (v = json_object_new_string(s)) == NULL)
		return -1;
	return result_add(o, k, v);
}

int
result_optstr(struct json_object *o, enum outkey k, const char *s)
{
	return result_str(o, k, s != NULL && s[0] != '\0' ? s : NULL);
}

int
result_int(struct json_object *o, enum outkey k, int64_t v)
{
	struct json_object	*n;

	if ((n = json_object_new_int64(v)) == NULL)
		return -1;
	return result_add(o, k, n);
}

struct json_object *
result_rows(const void *rows, size_t n, size_t size,
    int (*fill)(struct json_object *, const void *))
{
	struct json_object	*arr, *o;
	size_t			 i;

	if ((arr = json_object_new_array()) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if ((o = json_object_new_object()) == NULL ||
		    json_object_array_add(arr, o) != 0) {
			json_object_put(o);
			goto fail;
		}
		if (fill(o, (const char *)rows + i * size) == -1)
			goto fail;
	}
	return arr;
fail:
	json_object_put(arr);
	return NULL;
}

/* One session: {id, created_at, last_used_at, ip, user_agent, current}. */
static int
result_session(struct json_object *o, const void *row)
{
	const struct session_row	*s = row;

	if (result_int(o, KEY_ID, s->id) == -1 ||
	    result_str(o, KEY_CREATED_AT, s->created_at) == -1 ||
	    result_str(o, KEY_LAST_USED_AT, s->last_used_at) == -1 ||
	    result_str(o, KEY_IP, s->ip) == -1 ||
	    result_str(o, KEY_USER_AGENT, s->user_agent) == -1 ||
	    result_add(o, KEY_CURRENT,
	    json_object_new_boolean(s->current)) == -1)
		return -1;
	return 0;
}

/* One audit event: {id, event, at, ip, user_agent}, null when unknown. */
static int
result_event(struct json_object *o, const void *row)
{
	const struct audit_row	*e = row;

	if (result_int(o, KEY_ID, e->id) == -1 ||
	    result_str(o, KEY_EVENT, e->event) == -1 ||
	    result_str(o, KEY_AT, e->at) == -1 ||
	    result_str(o, KEY_IP, e->ip_null ? NULL : e->ip) == -1 ||
	    result_str(o, KEY_USER_AGENT, e->user_agent_null ? NULL :
	    e->user_agent) == -1)
		return -1;
	return 0;
}

struct json_object *
result_sessions(const struct session_row *rows, size_t n)
{
	return result_rows(rows, n, sizeof(*rows), result_session);
}

struct json_object *
result_events(const struct audit_row *rows, size_t n)
{
	return result_rows(rows, n, sizeof(*rows), result_event);
}

int
result_login(struct reply *r, int status, enum msg m,
    const struct login_result *lr)
{
	struct json_object	*d;

	if ((d = json_object_new_object()) == NULL ||
	    result_str(d, KEY_ACCESS_TOKEN, lr->access_token) == -1 ||
	    result_str(d, KEY_TOKEN_TYPE, RESULT_TOKEN_TYPE) == -1 ||
	    result_int(d, KEY_EXPIRES_IN, lr->expires_in) == -1 ||
	    result_str(d, KEY_REFRESH_TOKEN, lr->refresh_token) == -1 ||
	    result_int(d, KEY_REFRESH_EXPIRES_IN,
	    lr->refresh_expires_in) == -1) {
		json_object_put(d);
		reply_error(r, RC_INTERNAL_ERROR, NULL);
		return -1;
	}
	if (reply_ok(r, status, m, d) == -1 || reply_user(r, &lr->user) == -1)
		return -1;
	/* the refresh cookie first, then the access cookie */
	if (lr->cookies &&
	    (reply_cookie(r, COOKIE_REFRESH, lr->refresh_token,
	    lr->refresh_expires_in) == -1 ||
	    reply_cookie(r, COOKIE_ACCESS, lr->access_token,
	    lr->expires_in) == -1)) {
		reply_error(r, RC_INTERNAL_ERROR, NULL);
		return -1;
	}
	return 0;
}

int
result_signout(struct reply *r, int cookies)
{
	if (!cookies)
		return 0;
	/* clearing the refresh cookie ends the browser session: both go */
	if (reply_cookie(r, COOKIE_ACCESS, "", 0) == -1 ||
	    reply_cookie(r, COOKIE_REFRESH, "", 0) == -1)
		return -1;
	return 0;
}

void
result_write_user(struct jsonw *w, const char *key, const struct user *u)
{
	char	 masked[256];

	users_mask_email(u->email, masked, sizeof(masked));
	jsonw_object(w, key);
	jsonw_int(w, outkey_name(KEY_ID), u->id);
	jsonw_optstr(w, outkey_name(KEY_USERNAME), u->username);
	jsonw_str(w, outkey_name(KEY_EMAIL), u->email);
	jsonw_str(w, outkey_name(KEY_EMAIL_MASKED), masked);
	jsonw_bool(w, outkey_name(KEY_EMAIL_VERIFIED), u->email_verified);
	jsonw_optstr(w, outkey_name(KEY_FULL_NAME), u->full_name);
	jsonw_optstr(w, outkey_name(KEY_PHONE), u->phone);
	jsonw_optstr(w, outkey_name(KEY_BIRTHDAY), u->birthday);
	jsonw_optstr(w, outkey_name(KEY_BIO), u->bio);
	jsonw_optstr(w, outkey_name(KEY_PROFILE_PICTURE), u->profile_picture);
	jsonw_optstr(w, outkey_name(KEY_CONTACTS), u->contacts);
	jsonw_str(w, outkey_name(KEY_ROLE), u->role);
	jsonw_str(w, outkey_name(KEY_STATUS), u->status);
	jsonw_str(w, outkey_name(KEY_CREATED_AT), u->created_at);
	jsonw_str(w, outkey_name(KEY_UPDATED_AT), u->updated_at);
	jsonw_optstr(w, outkey_name(KEY_LAST_LOGIN_DATE), u->last_login_at);
	jsonw_optstr(w, outkey_name(KEY_LAST_REQUEST_DATE),
	    u->last_request_at);
	/* which factors are on, from the same row; never the secret */
	jsonw_object(w, outkey_name(KEY_MFA));
	jsonw_bool(w, outkey_name(KEY_TOTP), u->mfa_totp != 0);
	jsonw_int(w, outkey_name(KEY_RECOVERY_CODES_LEFT),
	    u->mfa_recovery_left);
	jsonw_int(w, outkey_name(KEY_PASSKEYS), u->passkeys);
	jsonw_end(w);
	jsonw_end(w);
}

/*
 * "v" under "key" (NULL: an array element), as json-c prints it
 * (JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE).  Members
 * of "v" other than the user are nested json-c values; "user" is
 * written last into the outermost object.
 */
static void
result_value(struct jsonw *w, const char *key, struct json_object *v,
    const struct user *user)
{
	struct json_object_iterator	 it, end;
	size_t				 i, n;

	switch (json_object_get_type(v)) {
	case json_type_null:
		jsonw_raw(w, key, NULL);
		break;
	case json_type_boolean:
		jsonw_bool(w, key, json_object_get_boolean(v));
		break;
	case json_type_int:
		jsonw_int(w, key, json_object_get_int64(v));
		break;
	case json_type_string:
		jsonw_str(w, key, json_object_get_string(v));
		break;
	case json_type_array:
		jsonw_array(w, key);
		n = json_object_array_length(v);
		for (i = 0; i < n; i++)
			result_value(w, NULL,
			    json_object_array_get_idx(v, i), NULL);
		jsonw_end_array(w);
		break;
	case json_type_object:
		jsonw_object(w, key);
		it = json_object_iter_begin(v);
		end = json_object_iter_end(v);
		for (; !json_object_iter_equal(&it, &end);
		    json_object_iter_next(&it))
			result_value(w, json_object_iter_peek_name(&it),
			    json_object_iter_peek_value(&it), NULL);
		if (user != NULL)
			result_write_user(w, outkey_name(KEY_USER), user);
		jsonw_end(w);
		break;
	default:
		/* doubles: none in a reply; json-c's own text */
		jsonw_raw(w, key, json_object_to_json_string_ext(v,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		break;
	}
}

/* Who passed (reply_who_data): {user_id, email, role}. */
static void
result_write_who(struct jsonw *w, const char *key, const struct reply_who *who)
{
	jsonw_object(w, key);
	jsonw_int(w, outkey_name(KEY_USER_ID), who->user_id);
	jsonw_str(w, outkey_name(KEY_EMAIL), who->email);
	jsonw_str(w, outkey_name(KEY_ROLE), who->role);
	jsonw_end(w);
}

void
result_write(struct jsonw *w, const char *key, const struct reply *r)
{
	if (r->data != NULL)
		result_value(w, key, r->data, r->user);
	else if (r->user != NULL)
		result_write_user(w, key, r->user);
	else if (r->who_data)
		result_write_who(w, key, &r->who);
	else
		jsonw_raw(w, key, NULL);
}
