/*
 * http: one request from CGI parameters and a body stream.  Every value
 * is copied out of the source, capped, and checked for UTF-8 before a
 * handler sees it.  This file reads the request (the method table, the
 * CGI/FastCGI parameters, the path and the body within its limits); the
 * concerns it calls on live beside it: http_decode.c (percent-decoding),
 * http_media.c (media types), http_json.c (the strict JSON pre-scanner),
 * http_form.c (form, query, cookie and bearer decoding) and http_addr.c
 * (the client address).
 */
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>
#include <sodium.h>

#include "http.h"
#include "http_private.h"

#define HTTP_MAX_HEADER		8192	/* lim->max_header of 0 */
#define HTTP_MAX_BODY		65536	/* lim->max_body of 0 */
#define HTTP_MAX_DEPTH		16	/* lim->max_depth of 0 */
#define HTTP_DEPTH_CAP		1024	/* never recurse deeper than this */
#define HTTP_UA_MAX		255	/* bytes of User-Agent we keep */

static const char *const method_names[HTTP__MAX] = {
	"GET",		/* HTTP_GET */
	"HEAD",		/* HTTP_HEAD */
	"POST",		/* HTTP_POST */
	"PUT",		/* HTTP_PUT */
	"PATCH",	/* HTTP_PATCH */
	"DELETE",	/* HTTP_DELETE */
	"OPTIONS",	/* HTTP_OPTIONS */
	"OTHER",	/* HTTP_OTHER */
};

enum http_method
http_method_parse(const char *name)
{
	int	 m;

	if (name == NULL)
		return HTTP_OTHER;
	for (m = 0; m < HTTP_OTHER; m++)
		if (strcmp(name, method_names[m]) == 0)
			return (enum http_method)m;
	return HTTP_OTHER;
}

const char *
http_method_name(enum http_method m)
{

	if ((int)m < 0 || m >= HTTP__MAX)
		return method_names[HTTP_OTHER];
	return method_names[m];
}

/* Wipe and free a string that may hold a secret.  NULL does nothing. */
void
http_wipe_free(char *s)
{

	if (s == NULL)
		return;
	sodium_memzero(s, strlen(s));
	free(s);
}

/* Parameter "name" of the source, or NULL. */
static const char *
param(const struct http_source *src, const char *name)
{

	if (src == NULL || src->param == NULL)
		return NULL;
	return src->param(src->arg, name);
}

/* The plain header copies of struct request, in the order we read them. */
static const struct {
	const char	*name;
	size_t		 off;
} headers[] = {
	{ "REQUEST_METHOD",	offsetof(struct request, method_name) },
	{ "QUERY_STRING",	offsetof(struct request, query) },
	{ "CONTENT_TYPE",	offsetof(struct request, content_type) },
	{ "HTTP_AUTHORIZATION",	offsetof(struct request, authorization) },
	{ "HTTP_COOKIE",	offsetof(struct request, cookies) },
	{ "HTTP_ACCEPT",	offsetof(struct request, accept) },
	{ "HTTP_ORIGIN",	offsetof(struct request, origin) },
	{ "HTTP_SEC_FETCH_SITE", offsetof(struct request, fetch_site) },
	{ "HTTP_IDEMPOTENCY_KEY", offsetof(struct request, idempotency_key) },
	{ "FCGI_ROLE",		offsetof(struct request, fcgi_role) },
	{ "FCAUTH_REQUIRE_ROLE", offsetof(struct request, require_role) },
};

#define NHEADERS	(sizeof(headers) / sizeof(headers[0]))

/* Where header "i" of the table lives in "req". */
static char **
header_slot(struct request *req, size_t i)
{

	return (char **)(void *)((char *)req + headers[i].off);
}

/*
 * Copy the User-Agent into "s" (room for HTTP_UA_MAX + 1 bytes), cut to
 * HTTP_UA_MAX bytes on a character boundary, with invalid UTF-8 and
 * control characters turned into '?' so that it can be logged and
 * stored as it is.
 */
static void
copy_agent(const struct http_source *src, char *s)
{
	const unsigned char	*p, *end;
	const char		*v;
	uint32_t		 cp;
	size_t			 n, o = 0;

	if ((v = param(src, "HTTP_USER_AGENT")) == NULL)
		v = "";
	p = (const unsigned char *)v;
	end = p + strlen(v);
	while (p < end) {
		n = utf8_decode(p, end, &cp);
		if (n == 0 || utf8_is_control(cp)) {
			if (o + 1 > HTTP_UA_MAX)
				break;
			s[o++] = '?';
			p += n == 0 ? 1 : n;
			continue;
		}
		if (o + n > HTTP_UA_MAX)
			break;
		memcpy(s + o, p, n);
		o += n;
		p += n;
	}
	s[o] = '\0';
}

/*
 * Whether the request is a body-less POST that the web server refused
 * and now asks again: lighttpd (1.4) answers a POST without
 * Content-Length (what "curl -X POST" sends) with 411 before any
 * module sees it, then, with server.error-handler pointing at a
 * program, asks that program with REDIRECT_STATUS 411, the method
 * turned into GET and the original REQUEST_URI.  Only a POST is ever
 * refused that way, and REDIRECT_STATUS is the server's variable, not
 * a header a client can send: 1 or 0.
 */
static int
refused_post(const struct request *req)
{
	return req->redirect_status == 411;
}

/*
 * REDIRECT_STATUS as an error status (400..599), or 0: absent, or what
 * servers set on requests that are no error (nginx's fastcgi_params
 * and Apache's internal redirects say 200).
 */
static int
redirect_status(const struct http_source *src)
{
	const char	*v = param(src, "REDIRECT_STATUS");

	if (v == NULL || strlen(v) != 3 || v[0] < '4' || v[0] > '5' ||
	    v[1] < '0' || v[1] > '9' || v[2] < '0' || v[2] > '9')
		return 0;
	return (v[0] - '0') * 100 + (v[1] - '0') * 10 + (v[2] - '0');
}

/*
 * Copy the headers of the table, the User-Agent and the method (a POST
 * the server refused for want of a length and asks again: a POST,
 * see refused_post) into one block, req->headers: a request reads a
 * dozen of them, and one allocation (and one wipe) does for all.  A
 * value longer than "max" is copied as "" and answers
 * HTTP_READ_HEADER, so that everything else is there for the error
 * reply.
 */
static enum http_status
read_headers(struct request *req, const struct http_source *src, size_t max)
{
	static const char	 responder[] = "RESPONDER", post[] = "POST";
	const char		*v[NHEADERS];
	enum http_status	 st = HTTP_READ_OK;
	size_t			 i, len[NHEADERS], total;
	char			*p;

	total = sizeof(responder) + sizeof(post) + HTTP_UA_MAX + 1;
	for (i = 0; i < NHEADERS; i++) {
		if ((v[i] = param(src, headers[i].name)) == NULL)
			v[i] = "";
		if ((len[i] = strlen(v[i])) > max) {
			v[i] = "";
			len[i] = 0;
			st = HTTP_READ_HEADER;
		}
		total += len[i] + 1;
	}
	if ((p = req->headers = malloc(total)) == NULL)
		return HTTP_READ_NOMEM;
	req->headerslen = total;
	for (i = 0; i < NHEADERS; i++) {
		memcpy(p, v[i], len[i] + 1);
		*header_slot(req, i) = p;
		p += len[i] + 1;
	}
	req->user_agent = p;
	copy_agent(src, p);
	p += HTTP_UA_MAX + 1;
	if (req->fcgi_role[0] == '\0') {
		memcpy(p, responder, sizeof(responder));
		req->fcgi_role = p;
		p += sizeof(responder);
	}
	req->method = http_method_parse(req->method_name);
	req->redirect_status = redirect_status(src);
	if (req->method == HTTP_GET && refused_post(req)) {
		memcpy(p, post, sizeof(post));
		req->method_name = p;
		req->method = HTTP_POST;
	}
	return st;
}

/* The client address from REMOTE_ADDR and X-Forwarded-For. */
static enum http_status
read_addr(struct request *req, const struct http_source *src,
    const struct http_limits *lim)
{
	const char	*remote, *fwd;

	remote = param(src, "REMOTE_ADDR");
	fwd = param(src, "HTTP_X_FORWARDED_FOR");
	if (remote != NULL && strlen(remote) > lim->max_header)
		remote = NULL;
	if (fwd != NULL && strlen(fwd) > lim->max_header) {
		http_client_addr(remote, NULL, NULL, req->addr,
		    sizeof(req->addr));
		return HTTP_READ_HEADER;
	}
	http_client_addr(remote, fwd, lim->trusted_proxies, req->addr,
	    sizeof(req->addr));
	return HTTP_READ_OK;
}

/*
 * The path: REQUEST_URI up to '?', percent-decoded; without it
 * SCRIPT_NAME and PATH_INFO, which the server has decoded already.
 * Either way valid UTF-8 without control characters.
 */
static enum http_status
read_path(struct request *req, const struct http_source *src, size_t max)
{
	const char	*uri, *script, *info;
	size_t		 len;
	int		 rc;

	if ((uri = param(src, "REQUEST_URI")) != NULL) {
		if ((len = strlen(uri)) > max)
			return HTTP_READ_HEADER;
		rc = http_pct_decode(uri, strcspn(uri, "?"), 0, &req->path);
		if (rc != 1)
			return http_pct_status(rc);
	} else {
		if ((script = param(src, "SCRIPT_NAME")) == NULL)
			script = "";
		if ((info = param(src, "PATH_INFO")) == NULL)
			info = "";
		if ((len = strlen(script) + strlen(info)) > max)
			return HTTP_READ_HEADER;
		if ((req->path = malloc(len + 1)) == NULL)
			return HTTP_READ_NOMEM;
		strcpy(req->path, script);
		strcat(req->path, info);
	}
	return http_text_clean(req->path) ? HTTP_READ_OK : HTTP_READ_MALFORMED;
}

/*
 * Read exactly "len" bytes into "buf".  A stream that ends or fails
 * before that answers HTTP_READ_IO; nothing is read past "len".
 */
static enum http_status
read_stream(const struct http_source *src, char *buf, size_t len)
{
	size_t	 got = 0, want;
	int	 n;

	if (src == NULL || src->read == NULL)
		return HTTP_READ_IO;
	while (got < len) {
		want = len - got;
		if (want > INT_MAX)
			want = INT_MAX;
		n = src->read(src->arg, buf + got, want);
		if (n <= 0 || (size_t)n > want)
			return HTTP_READ_IO;
		got += (size_t)n;
	}
	return HTTP_READ_OK;
}

/* Whether requests with method "m" carry a body we read: 1 or 0. */
static int
has_body(enum http_method m)
{

	return m == HTTP_POST || m == HTTP_PUT || m == HTTP_PATCH ||
	    m == HTTP_DELETE;
}

/*
 * Read and parse the body.  Its size and media type are checked before
 * a byte is read; the stream must then deliver exactly CONTENT_LENGTH
 * bytes.  Without a body req->fields is an empty object.
 */
static enum http_status
read_body(struct request *req, const struct http_source *src,
    const struct http_limits *lim)
{
	enum http_status	 st;
	size_t			 len = 0;
	int			 kind = BODY_JSON;

	if (has_body(req->method)) {
		if (http_content_length(param(src, "CONTENT_LENGTH"),
		    &len) == -1)
			return HTTP_READ_MALFORMED;
		if (len > lim->max_body || len > INT_MAX)
			return HTTP_READ_TOO_LARGE;
		if (len > 0 &&
		    (kind = http_media_kind(req->content_type)) == -1)
			return HTTP_READ_MEDIA;
	}
	if ((req->body = malloc(len + 1)) == NULL)
		return HTTP_READ_NOMEM;
	req->body[len] = '\0';
	req->bodylen = len;
	if (len == 0) {
		req->fields = json_object_new_object();
		return req->fields == NULL ? HTTP_READ_NOMEM : HTTP_READ_OK;
	}
	if ((st = read_stream(src, req->body, len)) != HTTP_READ_OK)
		return st;
	return kind == BODY_JSON ? http_json_parse(req, lim->max_depth) :
	    http_form_parse(req);
}

/* "lim" with zeros (or a NULL "lim") replaced by the defaults. */
static void
limits(struct http_limits *out, const struct http_limits *lim)
{

	memset(out, 0, sizeof(*out));
	if (lim != NULL)
		*out = *lim;
	if (out->max_body == 0)
		out->max_body = HTTP_MAX_BODY;
	if (out->max_depth == 0)
		out->max_depth = HTTP_MAX_DEPTH;
	if (out->max_depth > HTTP_DEPTH_CAP)
		out->max_depth = HTTP_DEPTH_CAP;
	if (out->max_header == 0)
		out->max_header = HTTP_MAX_HEADER;
}

/*
 * A request id: unique, not secret (it only ties a reply to its log
 * lines).  A random base drawn once per process, then a counter spread
 * by an odd constant: no getrandom(2) per request.
 */
static void
request_id(char *out, size_t outsz)
{
	static uint64_t	 base, n;
	uint64_t	 v;
	unsigned char	 id[8];
	int		 i;

	if (base == 0)
		randombytes_buf(&base, sizeof(base));
	v = base ^ (++n * UINT64_C(0x9e3779b97f4a7c15));
	for (i = 0; i < 8; i++)
		id[i] = (unsigned char)(v >> (56 - 8 * i));
	sodium_bin2hex(out, outsz, id, sizeof(id));
}

enum http_status
http_request_read(struct request *req, const struct http_source *src,
    const struct http_limits *lim)
{
	struct http_limits	 l;
	enum http_status	 st, rc;

	memset(req, 0, sizeof(*req));
	request_id(req->reqid, sizeof(req->reqid));
	limits(&l, lim);
	if ((st = read_headers(req, src, l.max_header)) == HTTP_READ_NOMEM)
		return st;
	rc = read_addr(req, src, &l);
	if (st == HTTP_READ_OK)
		st = rc;
	if (st != HTTP_READ_OK)
		return st;
	if ((st = read_path(req, src, l.max_header)) != HTTP_READ_OK)
		return st;
	/*
	 * An authorizer gets the headers of the request it judges (a POST
	 * to a protected page keeps its CONTENT_LENGTH) but never its
	 * body: nothing to read.
	 */
	if (strcmp(req->fcgi_role, "RESPONDER") != 0) {
		if ((req->body = strdup("")) == NULL ||
		    (req->fields = json_object_new_object()) == NULL)
			return HTTP_READ_NOMEM;
		return HTTP_READ_OK;
	}
	return read_body(req, src, &l);
}

void
http_request_free(struct request *req)
{
	if (req == NULL)
		return;
	if (req->headers != NULL) {
		sodium_memzero(req->headers, req->headerslen);
		free(req->headers);
	}
	free(req->path);
	if (req->body != NULL) {
		sodium_memzero(req->body, req->bodylen);
		free(req->body);
	}
	json_object_put(req->fields);
	memset(req, 0, sizeof(*req));
}
