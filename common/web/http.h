/*
 * http: one HTTP request as the web server hands it to us through CGI
 * parameters and a body stream.  The body is read with a cap, parsed as
 * JSON or application/x-www-form-urlencoded into one JSON object of
 * fields, and checked for valid UTF-8.  Query string, cookies and the
 * client address (trusted-proxy aware) are available too.
 */
#ifndef FCAUTH_HTTP_H
#define FCAUTH_HTTP_H

#include <stddef.h>

#include "utf8.h"

struct json_object;

enum http_method {
	HTTP_GET,
	HTTP_HEAD,
	HTTP_POST,
	HTTP_PUT,
	HTTP_PATCH,
	HTTP_DELETE,
	HTTP_OPTIONS,
	HTTP_OTHER,
	HTTP__MAX
};

#define HTTP_M(m)	(1u << (m))	/* method bit for route tables */

/*
 * Most members a body may have: of all its JSON objects together, or
 * pairs of a form.  No request of the API needs a quarter of this; a
 * body of many unknown keys must not cost one field error each.
 */
#define HTTP_FIELDS_MAX	64

/* Where a request comes from: CGI environment or a FastCGI request. */
struct http_source {
	/* value of a CGI parameter, or NULL; borrowed until the request ends */
	const char	*(*param)(void *arg, const char *name);
	/* read up to "len" body bytes: count, 0 at the end, -1 on error */
	int		 (*read)(void *arg, char *buf, size_t len);
	void		*arg;
};

struct http_limits {
	size_t		 max_body;	/* bytes */
	unsigned	 max_depth;	/* JSON nesting */
	size_t		 max_header;	/* bytes of one header we keep, 8192 */
	const char	*trusted_proxies;	/* comma list, may be NULL */
};

enum http_status {
	HTTP_READ_OK,
	HTTP_READ_TOO_LARGE,	/* 413 payload_too_large */
	HTTP_READ_MALFORMED,	/* 400 malformed_request */
	HTTP_READ_MEDIA,	/* 415 unsupported_media_type */
	HTTP_READ_HEADER,	/* 400: a header over max_header */
	HTTP_READ_NOMEM,	/* 500 */
	HTTP_READ_IO,		/* 400: the body ended early or failed */
	HTTP_READ_FIELDS,	/* 400: more than HTTP_FIELDS_MAX members */
};

struct request {
	enum http_method method;
	char		*method_name;	/* as sent */
	char		*path;		/* percent-decoded path, no query */
	char		*query;		/* raw query string, "" if none */
	char		*content_type;	/* "" if none */
	char		*authorization;	/* "" if none */
	char		*cookies;	/* raw Cookie header, "" if none */
	char		*user_agent;	/* "" if none; cut to 255 bytes */
	char		*accept;	/* "" if none */
	char		*origin;	/* "" if none */
	char		*fetch_site;	/* Sec-Fetch-Site, "" if none */
	char		*idempotency_key; /* Idempotency-Key, "" if none */
	char		*fcgi_role;	/* "RESPONDER" unless the server says */
	char		*require_role;	/* FCAUTH_REQUIRE_ROLE of the server, "" */
	int		 redirect_status; /* REDIRECT_STATUS 400..599: the error
					   the server's error handler asks
					   about (http_redirect_status); 0 */
	char		 addr[64];	/* client address */
	char		 reqid[17];	/* unique hex id for logs and 500s */
	char		*body;		/* NUL-terminated, bodylen bytes */
	size_t		 bodylen;
	struct json_object *fields;	/* body fields; an empty object if none */
	char		*headers;	/* the one block the header strings
					   above (not path and body) live in */
	size_t		 headerslen;
};

/*
 * Read the request line, headers and body from "src" into "req"
 * (cleared on entry), within "lim".  The body is parsed only for
 * POST, PUT, PATCH and DELETE with a non-empty body; JSON must be an
 * object, at most lim->max_depth deep, valid UTF-8 throughout, with no
 * duplicate keys; form bodies become an object of strings.  Either
 * holds at most HTTP_FIELDS_MAX members, counted before a value is
 * decoded or a tree built.  A
 * CONTENT_LENGTH larger than the data never blocks past the stream's
 * end: the read returns HTTP_READ_IO.  Always call http_request_free,
 * whatever this returns.
 */
enum http_status http_request_read(struct request *req,
		    const struct http_source *src, const struct http_limits *lim);

/* Release what the request holds.  NULL does nothing. */
void		 http_request_free(struct request *req);

/*
 * Copy the percent-decoded value of query parameter "name" into a new
 * string in "*out".  Returns 1 found, 0 absent, -1 on error (malformed
 * encoding, NUL byte, invalid UTF-8, out of memory).
 */
int		 http_query_get(const struct request *req, const char *name,
		    char **out);

/*
 * Copy the value of cookie "name" into a new string in "*out".
 * Returns 1 found, 0 absent, -1 on error.
 */
int		 http_cookie_get(const struct request *req, const char *name,
		    char **out);

/*
 * The bearer token of the Authorization header, borrowed from req, or
 * NULL if there is none or the scheme is not Bearer.
 */
const char	*http_bearer(const struct request *req);

/* The client address: REMOTE_ADDR, or for a trusted proxy the
 * right-most untrusted X-Forwarded-For entry.  Writes into "out". */
void		 http_client_addr(const char *remote, const char *forwarded,
		    const char *trusted, char *out, size_t outsz);

/* Whether the client prefers text/html over JSON: 1 or 0. */
int		 http_wants_html(const struct request *req);

/* Percent-decode "in" into a new string; "plus" turns '+' into ' '.
 * Returns NULL for bad escapes, embedded NUL or invalid UTF-8. */
char		*http_unescape(const char *in, size_t len, int plus);

/* Method name to enum. */
enum http_method http_method_parse(const char *name);
const char	*http_method_name(enum http_method m);

#endif /* FCAUTH_HTTP_H */
