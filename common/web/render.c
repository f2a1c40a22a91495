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
#include "http.h"
#include "jsonw.h"
#include "list.h"
#include "render.h"
#include "reply.h"

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
	{ 409, "Conflict" },
	{ 410, "Gone" },
	{ 413, "Payload Too Large" },
	{ 415, "Unsupported Media Type" },
	{ 429, "Too Many Requests" },
	{ 500, "Internal Server Error" },
	{ 503, "Service Unavailable" },
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
	jsonw_bool(&w, "success", r->code == RC_OK);
	jsonw_str(&w, "code", reply_code_name(r->code));
	jsonw_str(&w, "message", msg);
	jsonw_raw(&w, "data", r->data_text != NULL ? r->data_text :
	    render_json(r->data));
	if (r->errors != NULL)
		jsonw_raw(&w, "errors", render_json(r->errors));
	if (r->errors != NULL && r->errors_dropped > 0)
		jsonw_int(&w, "errors_truncated", (int64_t)r->errors_dropped);
	if (r->code == RC_INTERNAL_ERROR && req != NULL)
		jsonw_str(&w, "request_id", req->reqid);
	jsonw_end(&w);
	return jsonw_finish(&w);
}

static int
render_put(const struct render_sink *sink, const char *s)
{
	return sink->write(sink->arg, s, strlen(s));
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
 * on.
 */
static int
render_who(const struct reply *r, const struct render_sink *sink)
{
	const struct reply_who	*w = &r->who;
	char			 line[1024];

	if (w->as == REPLY_WHO_VARIABLES)
		snprintf(line, sizeof(line),
		    "Variable-FCAUTH_USER_ID: %lld\r\n"
		    "Variable-FCAUTH_EMAIL: %s\r\n"
		    "Variable-FCAUTH_ROLE: %s\r\n"
		    "Variable-REMOTE_USER: %s\r\n",
		    w->user_id, w->email, w->role, w->email);
	else if (w->as == REPLY_WHO_HEADERS)
		snprintf(line, sizeof(line),
		    "X-Fcauth-User: %s\r\n"
		    "X-Fcauth-User-Id: %lld\r\n"
		    "X-Fcauth-Email: %s\r\n"
		    "X-Fcauth-Role: %s\r\n",
		    w->email, w->user_id, w->email, w->role);
	else
		return 0;
	return render_put(sink, line);
}

static int
render_headers(const struct reply *r, const struct request *req,
    const struct config *cfg, const struct render_sink *sink,
    const char *ctype, size_t bodylen)
{
	char	 line[2048];
	size_t	 i;
	int	 cors;

	snprintf(line, sizeof(line), "Status: %d %s\r\n", r->status,
	    render_status_text(r->status));
	if (render_put(sink, line) == -1)
		return -1;
	if (ctype != NULL) {
		snprintf(line, sizeof(line), "Content-Type: %s\r\n"
		    "Content-Length: %zu\r\n", ctype, bodylen);
		if (render_put(sink, line) == -1)
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
	return render_put(sink, "\r\n");
}

int
render_reply(const struct reply *r, const struct request *req,
    const struct config *cfg, const struct render_sink *sink)
{
	char		*body = NULL;
	const char	*ctype = "application/json; charset=utf-8";
	int		 head = req != NULL && req->method == HTTP_HEAD;
	int		 rc = -1;

	/*
	 * An authorizer's 200 has no body: lighttpd drops it, but
	 * Apache's mod_fcgid would have to, and a Content-Length with
	 * no body is a lie to whoever reads it.
	 */
	if (r->status == 204 || r->bodyless) {
		return render_headers(r, req, cfg, sink, NULL, 0);
	} else if (r->html != NULL) {
		ctype = "text/html; charset=utf-8";
		body = strdup(r->html);
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
	if (render_headers(r, req, cfg, sink, ctype, strlen(body)) == -1)
		goto out;
	if (!head && render_put(sink, body) == -1)
		goto out;
	rc = 0;
out:
	free(body);
	return rc;
}
