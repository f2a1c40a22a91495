/*
 * render: the only writer of response bytes.  Every reply gets the same
 * security headers and the same envelope (API.md "Conventions"), so a
 * future dialect changes this file and nothing else.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "config.h"
#include "dialect.h"
#include "http.h"
#include "jsonw.h"
#include "list.h"
#include "page.h"
#include "paths.h"
#include "render.h"
#include "reply.h"
#include "result.h"
#include "text.h"

/*
 * The envelope's keys and a field error's: the only place they are
 * written (API.md "Conventions").
 */
enum render_key {
	RK_SUCCESS,
	RK_CODE,
	RK_MESSAGE,
	RK_DATA,
	RK_ERRORS,
	RK_ERRORS_TRUNCATED,
	RK_REQUEST_ID,
	RK_MSG,
	RK_PARAM,
	RK_LOCATION,
	RK_VALUE,
	RK__MAX
};

static const char *const render_keys[RK__MAX] = {
	"success", /* RK_SUCCESS */
	"code", /* RK_CODE */
	"message", /* RK_MESSAGE */
	"data", /* RK_DATA */
	"errors", /* RK_ERRORS */
	"errors_truncated", /* RK_ERRORS_TRUNCATED */
	"request_id", /* RK_REQUEST_ID */
	"msg", /* RK_MSG */
	"param", /* RK_PARAM */
	"location", /* RK_LOCATION */
	"value", /* RK_VALUE */
};

/* Where a field error points: every input is read from the body. */
#define RENDER_ERROR_LOCATION	"body"

/*
 * The attributes of the session cookies; their names, the access
 * cookie's path, Secure and Domain are configured.  The refresh
 * cookie only goes to the auth endpoints (paths_cookie), or on a
 * dialect's route to its "cookie refresh" path; the trusted-device
 * cookie only to the auth endpoints, where login reads it.
 */
struct render_cookie {
	const char	*samesite;
};

static const struct render_cookie render_cookies[COOKIE__MAX] = {
	{ "Lax" }, /* COOKIE_ACCESS: a link from another site still
		      carries it; a cross-site POST does not */
	{ "Strict" }, /* COOKIE_REFRESH */
	{ "Strict" }, /* COOKIE_DEVICE: the refresh cookie's path */
};

struct status_text {
	int		 status;
	const char	*text;
};

static const struct status_text status_texts[] = {
	{ 200, "OK" },
	{ 201, "Created" },
	{ 204, "No Content" },
	{ 302, "Found" },
	{ 303, "See Other" },
	{ 400, "Bad Request" },
	{ 401, "Unauthorized" },
	{ 403, "Forbidden" },
	{ 404, "Not Found" },
	{ 405, "Method Not Allowed" },
	{ 408, "Request Timeout" },
	{ 409, "Conflict" },
	{ 410, "Gone" },
	{ 411, "Length Required" },
	{ 413, "Payload Too Large" },
	{ 414, "URI Too Long" },
	{ 415, "Unsupported Media Type" },
	{ 429, "Too Many Requests" },
	{ 431, "Request Header Fields Too Large" },
	{ 500, "Internal Server Error" },
	{ 501, "Not Implemented" },
	{ 502, "Bad Gateway" },
	{ 503, "Service Unavailable" },
	{ 504, "Gateway Timeout" },
	{ 505, "HTTP Version Not Supported" },
};

static const char *
render_status_text(int status)
{
	size_t	 i;

	for (i = 0; i < sizeof(status_texts) / sizeof(status_texts[0]); i++)
		if (status_texts[i].status == status)
			return status_texts[i].text;
	return "Unknown";
}

/* See render.h: 2 named, 1 allowed by "*", 0 not allowed. */
int
render_origin_allowed(const char *origin, const char *allowed)
{
	if (origin == NULL || allowed == NULL || *origin == '\0')
		return 0;
	if (list_has(allowed, origin, strlen(origin)))
		return 2;
	return list_has(allowed, "*", 1);
}

/* "o" as compact JSON text, borrowed from "o"; "null" for NULL. */
static const char *
render_json(struct json_object *o)
{
	if (o == NULL)
		return "null";
	return json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
}

/* The field errors of "r": {param: {msg, param, location, value}}. */
static void
render_errors(struct jsonw *w, const struct reply *r)
{
	const struct reply_field	*e;
	size_t				 i;

	jsonw_object(w, render_keys[RK_ERRORS]);
	for (i = 0; i < r->nerrors; i++) {
		e = &r->errors[i];
		jsonw_object(w, e->param);
		jsonw_str(w, render_keys[RK_MSG], e->msg);
		jsonw_str(w, render_keys[RK_PARAM], e->param);
		jsonw_str(w, render_keys[RK_LOCATION], RENDER_ERROR_LOCATION);
		if (e->value != NULL)
			jsonw_str(w, render_keys[RK_VALUE], e->value);
		jsonw_end(w);
	}
	jsonw_end(w);
}

char *
render_envelope(const struct reply *r, const struct request *req)
{
	struct jsonw	 w;
	const char	*msg;

	if (r->raw_json && r->data != NULL)
		return strdup(render_json(r->data));
	msg = r->message != NULL ? r->message : reply_code_message(r->code);
	jsonw_init(&w);
	jsonw_begin(&w);
	jsonw_bool(&w, render_keys[RK_SUCCESS], r->code == RC_OK);
	jsonw_str(&w, render_keys[RK_CODE], reply_code_name(r->code));
	jsonw_str(&w, render_keys[RK_MESSAGE], msg);
	result_write(&w, render_keys[RK_DATA], r);
	if (r->nerrors > 0)
		render_errors(&w, r);
	if (r->nerrors > 0 && r->errors_dropped > 0)
		jsonw_int(&w, render_keys[RK_ERRORS_TRUNCATED],
		    (int64_t)r->errors_dropped);
	if (r->code == RC_INTERNAL_ERROR && req != NULL)
		jsonw_str(&w, render_keys[RK_REQUEST_ID], req->reqid);
	jsonw_end(&w);
	return jsonw_finish(&w);
}

static int
render_put(const struct render_sink *sink, const char *s)
{
	return sink->write(sink->arg, s, strlen(s));
}

/* render_put of each of "parts" up to a NULL: 0, or -1 at the first failure. */
static int
render_parts(const struct render_sink *sink, const char *const *parts)
{
	for (; *parts != NULL; parts++)
		if (render_put(sink, *parts) == -1)
			return -1;
	return 0;
}

/*
 * The Set-Cookie line of "c" into "line": HttpOnly, the SameSite of
 * its kind, Path, Secure (unless configured off) and Domain as
 * configured.
 */
static void
render_setcookie(const struct reply_setcookie *c, const struct config *cfg,
    const struct dialect *d, char *line, size_t linesz)
{
	const char	*name, *path;
	int		 pathlen;

	if (c->kind == COOKIE_ACCESS) {
		name = cfg->access_cookie_name;
		path = cfg->access_cookie_path;
		pathlen = (int)strlen(path);
	} else if (c->kind == COOKIE_DEVICE) {
		name = cfg->device_cookie_name;
		path = paths_cookie(&pathlen);
	} else if (d != NULL && d->refresh_cookie_path != NULL) {
		/* the dialect's "cookie refresh PATH" */
		name = cfg->refresh_cookie_name;
		path = d->refresh_cookie_path;
		pathlen = (int)strlen(path);
	} else {
		name = cfg->refresh_cookie_name;
		path = paths_cookie(&pathlen);
	}
	snprintf(line, linesz, "Set-Cookie: %s=%s; Path=%.*s; Max-Age=%u; "
	    "HttpOnly;%s SameSite=%s%s%s\r\n", name, c->value, pathlen, path,
	    c->max_age, cfg->cookie_secure ? " Secure;" : "",
	    render_cookies[c->kind].samesite,
	    cfg->cookie_domain[0] != '\0' ? "; Domain=" : "",
	    cfg->cookie_domain);
}

/*
 * A CORS preflight's answer (r->cors_methods, set by cors.c), for an
 * origin that may have CORS headers.
 */
static int
render_cors_preflight(const struct reply *r, const struct render_sink *sink)
{
	char	 line[512];

	if (r->cors_methods[0] == '\0')
		return 0;
	snprintf(line, sizeof(line), "Access-Control-Allow-Methods: "
	    "%s, OPTIONS\r\n"
	    "Access-Control-Allow-Headers: Authorization, Content-Type\r\n"
	    "Access-Control-Max-Age: 600\r\n", r->cors_methods);
	return render_put(sink, line);
}

/*
 * Who passed (r->who): for the FastCGI authorizer the Variable-*
 * headers the server puts in the protected program's environment, for
 * the check route the X-Fcauth-* headers nginx's auth_request passes
 * on.  Written piece by piece: this is every guarded page view's path,
 * and reply_who has made sure the values hold no line break.
 */
static int
render_who(const struct reply *r, const struct render_sink *sink)
{
	const struct reply_who	*w = &r->who;
	char			 id[TEXT_INT_MAX];

	text_int(id, w->user_id);
	if (w->as == REPLY_WHO_VARIABLES)
		return render_parts(sink, (const char *const []){
		    "Variable-FCAUTH_USER_ID: ", id,
		    "\r\nVariable-FCAUTH_EMAIL: ", w->email,
		    "\r\nVariable-FCAUTH_ROLE: ", w->role,
		    "\r\nVariable-REMOTE_USER: ", w->email, "\r\n", NULL });
	if (w->as == REPLY_WHO_HEADERS)
		return render_parts(sink, (const char *const []){
		    "X-Fcauth-User: ", w->email,
		    "\r\nX-Fcauth-User-Id: ", id,
		    "\r\nX-Fcauth-Email: ", w->email,
		    "\r\nX-Fcauth-Role: ", w->role, "\r\n", NULL });
	return 0;
}

static int
render_headers(const struct reply *r, int status, const struct request *req,
    const struct config *cfg, const struct dialect *d,
    const struct render_sink *sink, const char *ctype, size_t bodylen)
{
	char	 line[2048], num[TEXT_INT_MAX];
	size_t	 i;
	int	 cors;

	text_int(num, status);
	if (render_parts(sink, (const char *const []){ "Status: ", num, " ",
	    render_status_text(status), "\r\n", NULL }) == -1)
		return -1;
	if (ctype != NULL) {
		text_int(num, (int64_t)bodylen);
		if (render_parts(sink, (const char *const []){
		    "Content-Type: ", ctype, "\r\nContent-Length: ", num,
		    "\r\n", NULL }) == -1)
			return -1;
	}
	if (render_put(sink, "Cache-Control: no-store\r\n"
	    "X-Content-Type-Options: nosniff\r\n") == -1)
		return -1;
	if (r->location != NULL) {
		snprintf(line, sizeof(line), "Location: %s\r\n", r->location);
		if (render_put(sink, line) == -1)
			return -1;
	}
	/*
	 * A named origin is echoed with credentials (cookie mode needs
	 * them); "*" allows any origin but without credentials, since
	 * echoing every origin with credentials would hand the session
	 * to any site.
	 */
	cors = req != NULL && cfg != NULL ?
	    render_origin_allowed(req->origin, cfg->cors_origins) : 0;
	if (cors == 2)
		snprintf(line, sizeof(line),
		    "Access-Control-Allow-Origin: %s\r\n"
		    "Access-Control-Allow-Credentials: true\r\n"
		    "Vary: Origin\r\n", req->origin);
	else if (cors == 1)
		snprintf(line, sizeof(line),
		    "Access-Control-Allow-Origin: *\r\n");
	if (cors != 0 && render_put(sink, line) == -1)
		return -1;
	if (cors != 0 && render_cors_preflight(r, sink) == -1)
		return -1;
	for (i = 0; i < r->nheaders; i++) {
		snprintf(line, sizeof(line), "%s\r\n", r->headers[i]);
		if (render_put(sink, line) == -1)
			return -1;
	}
	if (render_who(r, sink) == -1)
		return -1;
	for (i = 0; cfg != NULL && i < r->ncookies; i++) {
		render_setcookie(&r->cookies[i], cfg, d, line, sizeof(line));
		if (render_put(sink, line) == -1)
			return -1;
	}
	return render_put(sink, "\r\n");
}

/*
 * The reply's hidden values (reply_hidden) into the data of "canon",
 * the parsed canonical envelope, for a dialect's templates only: an
 * object is made for them when the data is null, and a member the data
 * has already wins.  0, or -1 when memory runs out.
 */
static int
render_hidden(const struct reply *r, struct json_object *canon)
{
	struct json_object	*data = NULL;

	if (r->hidden == NULL)
		return 0;
	if (!json_object_object_get_ex(canon, render_keys[RK_DATA], &data) ||
	    !json_object_is_type(data, json_type_object)) {
		if ((data = json_object_new_object()) == NULL ||
		    json_object_object_add(canon, render_keys[RK_DATA],
		    data) != 0) {
			json_object_put(data);
			return -1;
		}
	}
	json_object_object_foreach(r->hidden, k, v) {
		if (json_object_object_get_ex(data, k, NULL))
			continue;
		if (json_object_object_add(data, k, json_object_get(v)) != 0) {
			json_object_put(v);
			return -1;
		}
	}
	return 0;
}

/*
 * The body of "r" in dialect "d" for its operation "dop", newly
 * allocated, with its status in "*status": the canonical envelope
 * through the dialect's reply line for it.  NULL with "*status"
 * untouched when the dialect has none (or memory ran out): then the
 * canonical body goes out.
 */
static char *
render_dialect_body(const struct reply *r, const struct request *req,
    const struct dialect *d, int dop, int *status)
{
	const struct dialect_reply	*rep;
	struct json_object		*canon = NULL, *out = NULL;
	char				*env, *body = NULL;

	if ((env = render_envelope(r, req)) == NULL)
		return NULL;
	canon = json_tokener_parse(env);
	free(env);
	if (!json_object_is_type(canon, json_type_object) ||
	    render_hidden(r, canon) == -1)
		goto out;
	if (r->code == RC_OK)
		rep = dialect_success(d, (enum dialect_op)dop, canon);
	else
		rep = dialect_failure(d, (enum dialect_op)dop,
		    reply_code_name(r->code));
	if (rep == NULL || (out = dialect_render(d, rep, canon)) == NULL)
		goto out;
	if ((body = strdup(render_json(out))) != NULL &&
	    rep->status != DIALECT_ANY)
		*status = rep->status;
out:
	json_object_put(out);
	json_object_put(canon);
	return body;
}

int
render_reply(const struct reply *r, const struct request *req,
    const struct config *cfg, const struct render_sink *sink)
{
	return render_reply_dialect(r, req, cfg, NULL, 0, sink);
}

int
render_reply_dialect(const struct reply *r, const struct request *req,
    const struct config *cfg, const struct dialect *d, int dop,
    const struct render_sink *sink)
{
	char		*body = NULL;
	const char	*ctype = "application/json; charset=utf-8";
	int		 head = req != NULL && req->method == HTTP_HEAD;
	int		 status = r->status;
	int		 rc = -1;

	/*
	 * An authorizer's 200 has no body: lighttpd drops it, but
	 * Apache's mod_fcgid would have to, and a Content-Length with
	 * no body is a lie to whoever reads it.  A dialect's reply line
	 * wins over a page and over 204: the old API has its own body.
	 */
	if (d != NULL && !r->bodyless &&
	    (body = render_dialect_body(r, req, d, dop, &status)) != NULL) {
		/* the dialect's body */
	} else if (r->status == 204 || r->bodyless) {
		return render_headers(r, status, req, cfg, d, sink, NULL, 0);
	} else if (r->page != PAGE_NONE) {
		ctype = "text/html; charset=utf-8";
		body = page_render(r->page, cfg != NULL ? cfg->site_name :
		    NULL);
	} else
		body = render_envelope(r, req);
	if (body == NULL) {
		/* out of memory: a fixed body still tells the client */
		static const char oom[] = "{\"success\":false,"
		    "\"code\":\"internal_error\",\"message\":\"Internal error\","
		    "\"data\":null}";
		return render_put(sink, "Status: 500 Internal Server Error\r\n"
		    "Content-Type: application/json; charset=utf-8\r\n"
		    "Cache-Control: no-store\r\n\r\n") == -1 ? -1 :
		    render_put(sink, oom);
	}
	if (render_headers(r, status, req, cfg, d, sink, ctype,
	    strlen(body)) == -1)
		goto out;
	if (!head && render_put(sink, body) == -1)
		goto out;
	rc = 0;
out:
	free(body);
	return rc;
}
