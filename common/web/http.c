/*
 * http: one request from CGI parameters and a body stream.  Every value
 * is copied out of the source, capped, and checked for UTF-8 before a
 * handler sees it.  JSON bodies pass a strict scanner of our own (the
 * grammar of RFC 8259, nesting, \u0000, lone surrogates and the member
 * count used to find duplicate keys) and then json-c, which builds the
 * tree; form bodies are decoded here.
 */
#include <arpa/inet.h>

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>
#include <sodium.h>

#include "http.h"
#include "list.h"

#define HTTP_MAX_HEADER		8192	/* lim->max_header of 0 */
#define HTTP_MAX_BODY		65536	/* lim->max_body of 0 */
#define HTTP_MAX_DEPTH		16	/* lim->max_depth of 0 */
#define HTTP_DEPTH_CAP		1024	/* never recurse deeper than this */
#define HTTP_UA_MAX		255	/* bytes of User-Agent we keep */

enum body_kind {
	BODY_JSON,
	BODY_FORM,
};

/* Where the strict JSON scanner stands. */
struct jscan {
	const unsigned char	*p;
	const unsigned char	*end;
	unsigned		 depth;
	unsigned		 max;
	size_t			 members;	/* object members seen */
	int			 too_many;	/* members > HTTP_FIELDS_MAX */
};

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

static int	js_value(struct jscan *);

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

static int
hexval(unsigned char c)
{

	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Percent-decode "len" bytes at "in" into a new string in "*out".
 * Returns 1, 0 for bad input (bad escape, NUL, invalid UTF-8) or -1 out
 * of memory.  "*out" is NULL unless 1 is returned.
 */
static int
unescape(const char *in, size_t len, int plus, char **out)
{
	char	*s;
	size_t	 i, o = 0;
	int	 hi, lo, c;

	*out = NULL;
	if ((s = malloc(len + 1)) == NULL)
		return -1;
	for (i = 0; i < len; i++) {
		c = (unsigned char)in[i];
		if (c == '%') {
			if (len - i < 3 ||
			    (hi = hexval((unsigned char)in[i + 1])) < 0 ||
			    (lo = hexval((unsigned char)in[i + 2])) < 0)
				goto bad;
			c = hi << 4 | lo;
			i += 2;
		} else if (c == '+' && plus)
			c = ' ';
		if (c == '\0')
			goto bad;
		s[o++] = (char)c;
	}
	s[o] = '\0';
	if (!utf8_valid(s, o))
		goto bad;
	*out = s;
	return 1;
bad:
	free(s);
	return 0;
}

char *
http_unescape(const char *in, size_t len, int plus)
{
	char	*out;

	if (in == NULL)
		return NULL;
	unescape(in, len, plus, &out);
	return out;
}


/* Whether "s" is valid UTF-8 without control characters: 1 or 0. */
static int
text_clean(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	const unsigned char	*end = p + strlen(s);
	uint32_t		 cp;
	size_t			 n;

	while (p < end) {
		if ((n = utf8_decode(p, end, &cp)) == 0 ||
		    utf8_is_control(cp))
			return 0;
		p += n;
	}
	return 1;
}

/* Wipe and free a string that may hold a secret.  NULL does nothing. */
static void
wipe_free(char *s)
{

	if (s == NULL)
		return;
	sodium_memzero(s, strlen(s));
	free(s);
}

/* What unescape() returned, as a read status. */
static enum http_status
unescape_status(int rc)
{

	if (rc == 1)
		return HTTP_READ_OK;
	return rc == 0 ? HTTP_READ_MALFORMED : HTTP_READ_NOMEM;
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
 * Copy parameter "name" into "*out" ("" if absent).  A value longer than
 * "max" is replaced by "" and answers HTTP_READ_HEADER, so that the
 * request stays usable for the error reply.
 */
static enum http_status
copy_param(const struct http_source *src, const char *name, size_t max,
    char **out)
{
	const char		*v;
	enum http_status	 st = HTTP_READ_OK;

	if ((v = param(src, name)) == NULL)
		v = "";
	if (strlen(v) > max) {
		v = "";
		st = HTTP_READ_HEADER;
	}
	if ((*out = strdup(v)) == NULL)
		return HTTP_READ_NOMEM;
	return st;
}

/*
 * Copy the User-Agent into "*out", cut to HTTP_UA_MAX bytes on a
 * character boundary, with invalid UTF-8 and control characters turned
 * into '?' so that it can be logged and stored as it is.  0, or -1 out
 * of memory.
 */
static int
copy_agent(const struct http_source *src, char **out)
{
	const unsigned char	*p, *end;
	const char		*v;
	char			*s;
	uint32_t		 cp;
	size_t			 n, o = 0;

	if ((v = param(src, "HTTP_USER_AGENT")) == NULL)
		v = "";
	if ((s = *out = malloc(HTTP_UA_MAX + 1)) == NULL)
		return -1;
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
	return 0;
}

/*
 * Copy the headers of the table, the User-Agent and the method.  Goes
 * on past an oversized header so that everything else is there for the
 * error reply; the first such header answers HTTP_READ_HEADER.
 */
static enum http_status
read_headers(struct request *req, const struct http_source *src, size_t max)
{
	enum http_status	 st = HTTP_READ_OK, rc;
	size_t			 i;

	for (i = 0; i < NHEADERS; i++) {
		rc = copy_param(src, headers[i].name, max, header_slot(req, i));
		if (rc == HTTP_READ_NOMEM)
			return rc;
		if (st == HTTP_READ_OK)
			st = rc;
	}
	if (copy_agent(src, &req->user_agent) == -1)
		return HTTP_READ_NOMEM;
	if (req->fcgi_role[0] == '\0') {
		free(req->fcgi_role);
		if ((req->fcgi_role = strdup("RESPONDER")) == NULL)
			return HTTP_READ_NOMEM;
	}
	req->method = http_method_parse(req->method_name);
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
		rc = unescape(uri, strcspn(uri, "?"), 0, &req->path);
		if (rc != 1)
			return unescape_status(rc);
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
	return text_clean(req->path) ? HTTP_READ_OK : HTTP_READ_MALFORMED;
}

/*
 * Parse CONTENT_LENGTH "v" into "*len": 0 when absent or empty, and
 * SIZE_MAX when it does not fit.  0, or -1 if it is not a number.
 */
static int
content_length(const char *v, size_t *len)
{
	size_t	 d;

	*len = 0;
	if (v == NULL)
		return 0;
	for (; *v != '\0'; v++) {
		if (*v < '0' || *v > '9')
			return -1;
		d = (size_t)(*v - '0');
		if (*len > (SIZE_MAX - d) / 10)
			*len = SIZE_MAX;
		else
			*len = *len * 10 + d;
	}
	return 0;
}

/* Whether the "n" bytes at "s" are "lit", ignoring ASCII case. */
static int
token_is(const char *s, size_t n, const char *lit)
{

	return strlen(lit) == n && strncasecmp(s, lit, n) == 0;
}

/*
 * Check the media-type parameter at "*pp" (just after its ';') and move
 * past it.  A charset must be UTF-8; other parameters, and a parameter
 * without a value, are ignored.  0, or -1 if it is malformed or names
 * another charset.
 */
static int
media_param(const char **pp)
{
	const char	*p = *pp, *name, *v;
	size_t		 namelen, vlen;

	p += strspn(p, " \t");
	name = p;
	namelen = strcspn(p, "=; \t");
	p += namelen;
	p += strspn(p, " \t");
	if (*p != '=') {
		*pp = p + strcspn(p, ";");
		return 0;
	}
	p++;
	p += strspn(p, " \t");
	if (*p == '"') {
		v = ++p;
		p += vlen = strcspn(p, "\"");
		if (*p++ != '"')
			return -1;
	} else {
		v = p;
		p += vlen = strcspn(p, "; \t");
	}
	p += strspn(p, " \t");
	if (*p != '\0' && *p != ';')
		return -1;
	*pp = p;
	if (token_is(name, namelen, "charset") && !token_is(v, vlen, "utf-8"))
		return -1;
	return 0;
}

/*
 * The body kind Content-Type "ct" announces: BODY_JSON, BODY_FORM, or
 * -1 for another media type or a charset other than UTF-8.
 */
static int
media_kind(const char *ct)
{
	const char	*p = ct, *type;
	size_t		 typelen;
	int		 kind;

	p += strspn(p, " \t");
	type = p;
	p += typelen = strcspn(p, "; \t");
	if (token_is(type, typelen, "application/json"))
		kind = BODY_JSON;
	else if (token_is(type, typelen, "application/x-www-form-urlencoded"))
		kind = BODY_FORM;
	else
		return -1;
	p += strspn(p, " \t");
	while (*p == ';') {
		p++;
		if (media_param(&p) == -1)
			return -1;
	}
	return *p == '\0' ? kind : -1;
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

/* JSON insignificant white space. */
static void
js_ws(struct jscan *s)
{

	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	    *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

/* The four hex digits at "p" into "*v": 0, or -1. */
static int
js_hex4(const unsigned char *p, unsigned *v)
{
	int	 i, h;

	*v = 0;
	for (i = 0; i < 4; i++) {
		if ((h = hexval(p[i])) < 0)
			return -1;
		*v = *v << 4 | (unsigned)h;
	}
	return 0;
}

/*
 * A \u escape at s->p (the backslash).  Refuses \u0000 and surrogates
 * that are not a high-low pair.  0, or -1.
 */
static int
js_escape_u(struct jscan *s)
{
	unsigned	 u, lo;

	if (s->end - s->p < 6 || js_hex4(s->p + 2, &u) == -1)
		return -1;
	s->p += 6;
	if (u == 0 || (u >= 0xdc00 && u <= 0xdfff))
		return -1;
	if (u < 0xd800 || u > 0xdbff)
		return 0;
	if (s->end - s->p < 6 || s->p[0] != '\\' || s->p[1] != 'u' ||
	    js_hex4(s->p + 2, &lo) == -1 || lo < 0xdc00 || lo > 0xdfff)
		return -1;
	s->p += 6;
	return 0;
}

/* A string at s->p (the quote): no raw control characters.  0 or -1. */
static int
js_string(struct jscan *s)
{
	unsigned char	 c;

	for (s->p++; s->p < s->end; ) {
		c = *s->p;
		if (c == '"') {
			s->p++;
			return 0;
		}
		if (c < 0x20)
			return -1;
		if (c != '\\') {
			s->p++;
			continue;
		}
		if (s->end - s->p < 2)
			return -1;
		c = s->p[1];
		if (c == 'u') {
			if (js_escape_u(s) == -1)
				return -1;
		} else if (c != '\0' && strchr("\"\\/bfnrt", c) != NULL)
			s->p += 2;
		else
			return -1;
	}
	return -1;
}

/* Skip decimal digits; how many there were. */
static size_t
js_digits(struct jscan *s)
{
	size_t	 n = 0;

	while (s->p < s->end && *s->p >= '0' && *s->p <= '9')
		s->p++, n++;
	return n;
}

/* A number as RFC 8259 spells it (no NaN, Infinity, "1." or "01"). */
static int
js_number(struct jscan *s)
{

	if (*s->p == '-')
		s->p++;
	if (s->p < s->end && *s->p == '0')
		s->p++;
	else if (js_digits(s) == 0)
		return -1;
	if (s->p < s->end && *s->p == '.') {
		s->p++;
		if (js_digits(s) == 0)
			return -1;
	}
	if (s->p < s->end && (*s->p == 'e' || *s->p == 'E')) {
		s->p++;
		if (s->p < s->end && (*s->p == '+' || *s->p == '-'))
			s->p++;
		if (js_digits(s) == 0)
			return -1;
	}
	return 0;
}

/* true, false or null, in lower case.  0 or -1. */
static int
js_literal(struct jscan *s)
{
	static const char *const lits[] = { "true", "false", "null" };
	size_t			 i, n;

	for (i = 0; i < sizeof(lits) / sizeof(lits[0]); i++) {
		n = strlen(lits[i]);
		if ((size_t)(s->end - s->p) >= n &&
		    memcmp(s->p, lits[i], n) == 0) {
			s->p += n;
			return 0;
		}
	}
	return -1;
}

/*
 * An object or array at s->p, closed by "close"; counts one level of
 * nesting and every object member.  0 or -1.
 */
static int
js_container(struct jscan *s, unsigned char close)
{

	s->p++;
	if (++s->depth > s->max)
		return -1;
	js_ws(s);
	if (s->p < s->end && *s->p == close) {
		s->p++;
		s->depth--;
		return 0;
	}
	for (;;) {
		if (close == '}') {
			if (s->p == s->end || *s->p != '"' ||
			    js_string(s) == -1)
				return -1;
			js_ws(s);
			if (s->p == s->end || *s->p++ != ':')
				return -1;
			/* stop at once: the rest is not worth scanning */
			if (++s->members > HTTP_FIELDS_MAX) {
				s->too_many = 1;
				return -1;
			}
			js_ws(s);
		}
		if (js_value(s) == -1)
			return -1;
		js_ws(s);
		if (s->p == s->end)
			return -1;
		if (*s->p == close) {
			s->p++;
			s->depth--;
			return 0;
		}
		if (*s->p++ != ',')
			return -1;
		js_ws(s);
	}
}

/* Any value at s->p.  0 or -1. */
static int
js_value(struct jscan *s)
{

	if (s->p == s->end)
		return -1;
	switch (*s->p) {
	case '{':
		return js_container(s, '}');
	case '[':
		return js_container(s, ']');
	case '"':
		return js_string(s);
	case '-':
	case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return js_number(s);
	default:
		return js_literal(s);
	}
}

/*
 * A whole document: one object, white space around it, nothing else.
 * 0 or -1.
 */
static int
js_document(struct jscan *s)
{

	js_ws(s);
	if (s->p == s->end || *s->p != '{' || js_value(s) == -1)
		return -1;
	js_ws(s);
	return s->p == s->end ? 0 : -1;
}

static int	jwalk(struct json_object *, size_t *);

/* Members of object "o": keys must be UTF-8, values pass jwalk(). */
static int
jwalk_object(struct json_object *o, size_t *members)
{

	*members += (size_t)json_object_object_length(o);
	json_object_object_foreach(o, key, val) {
		if (!utf8_valid(key, strlen(key)) || jwalk(val, members) == -1)
			return -1;
	}
	return 0;
}

/*
 * Walk the tree json-c built: every string must be valid UTF-8 without
 * NUL, and "*members" grows by the length of every object.  0 or -1.
 */
static int
jwalk(struct json_object *o, size_t *members)
{
	const char	*s;
	size_t		 i, n;

	switch (json_object_get_type(o)) {
	case json_type_object:
		return jwalk_object(o, members);
	case json_type_array:
		n = json_object_array_length(o);
		for (i = 0; i < n; i++)
			if (jwalk(json_object_array_get_idx(o, i),
			    members) == -1)
				return -1;
		return 0;
	case json_type_string:
		s = json_object_get_string(o);
		n = (size_t)json_object_get_string_len(o);
		return strlen(s) == n && utf8_valid(s, n) ? 0 : -1;
	default:
		return 0;
	}
}

/*
 * Parse the JSON body into req->fields.  The scanner proves the text is
 * strict JSON within the depth limit and counts its object members;
 * json-c keeps only the last of duplicate keys, so its tree then holds
 * fewer members exactly when a key was repeated somewhere.
 */
static enum http_status
parse_json(struct request *req, unsigned depth)
{
	struct jscan		 js;
	struct json_tokener	*tok = NULL;
	struct json_object	*o = NULL;
	enum http_status	 st = HTTP_READ_MALFORMED;
	size_t			 members = 0, end;

	if (!utf8_valid(req->body, req->bodylen))
		goto out;
	memset(&js, 0, sizeof(js));
	js.p = (const unsigned char *)req->body;
	js.end = js.p + req->bodylen;
	js.max = depth;
	if (js_document(&js) == -1) {
		if (js.too_many)
			st = HTTP_READ_FIELDS;
		goto out;
	}
	if ((tok = json_tokener_new_ex((int)depth + 1)) == NULL) {
		st = HTTP_READ_NOMEM;
		goto out;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, req->body, (int)req->bodylen);
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success)
		goto out;
	end = json_tokener_get_parse_end(tok);
	if (end > req->bodylen ||
	    strspn(req->body + end, " \t\r\n") != req->bodylen - end)
		goto out;
	if (!json_object_is_type(o, json_type_object) ||
	    jwalk(o, &members) == -1 || members != js.members)
		goto out;
	req->fields = o;
	o = NULL;
	st = HTTP_READ_OK;
out:
	json_object_put(o);
	if (tok != NULL)
		json_tokener_free(tok);
	return st;
}

/*
 * Add the form pair between "p" and "end" ("k=v" or "k") to object "o".
 * An empty or repeated key is malformed.
 */
static enum http_status
form_pair(struct json_object *o, const char *p, const char *end)
{
	const char		*eq;
	char			*key = NULL, *val = NULL;
	struct json_object	*v;
	enum http_status	 st;
	int			 rc;

	eq = memchr(p, '=', (size_t)(end - p));
	if (eq == NULL)
		eq = end;
	if (eq == p)
		return HTTP_READ_MALFORMED;
	st = unescape_status(unescape(p, (size_t)(eq - p), 1, &key));
	if (st != HTTP_READ_OK)
		goto out;
	if (eq == end)
		rc = (val = strdup("")) == NULL ? -1 : 1;
	else
		rc = unescape(eq + 1, (size_t)(end - eq - 1), 1, &val);
	if ((st = unescape_status(rc)) != HTTP_READ_OK)
		goto out;
	st = HTTP_READ_MALFORMED;
	if (json_object_object_get_ex(o, key, NULL))
		goto out;
	st = HTTP_READ_NOMEM;
	if ((v = json_object_new_string(val)) == NULL)
		goto out;
	if (json_object_object_add(o, key, v) != 0) {
		json_object_put(v);
		goto out;
	}
	st = HTTP_READ_OK;
out:
	free(key);
	wipe_free(val);
	return st;
}

/*
 * Parse an application/x-www-form-urlencoded body into req->fields.
 * The pairs are counted before any is decoded.
 */
static enum http_status
parse_form(struct request *req)
{
	const char		*p = req->body, *end = p + req->bodylen, *amp;
	struct json_object	*o;
	enum http_status	 st = HTTP_READ_OK;
	size_t			 pairs = 1;

	for (amp = p; (amp = memchr(amp, '&', (size_t)(end - amp))) != NULL;
	    amp++)
		if (++pairs > HTTP_FIELDS_MAX)
			return HTTP_READ_FIELDS;
	if ((o = json_object_new_object()) == NULL)
		return HTTP_READ_NOMEM;
	for (;;) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		if ((st = form_pair(o, p, amp)) != HTTP_READ_OK)
			goto out;
		if (amp == end)
			break;
		p = amp + 1;
	}
	req->fields = o;
	o = NULL;
out:
	json_object_put(o);
	return st;
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
		if (content_length(param(src, "CONTENT_LENGTH"), &len) == -1)
			return HTTP_READ_MALFORMED;
		if (len > lim->max_body || len > INT_MAX)
			return HTTP_READ_TOO_LARGE;
		if (len > 0 && (kind = media_kind(req->content_type)) == -1)
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
	return kind == BODY_JSON ? parse_json(req, lim->max_depth) :
	    parse_form(req);
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
	size_t	 i;

	if (req == NULL)
		return;
	for (i = 0; i < NHEADERS; i++)
		wipe_free(*header_slot(req, i));
	free(req->path);
	free(req->user_agent);
	if (req->body != NULL) {
		sodium_memzero(req->body, req->bodylen);
		free(req->body);
	}
	json_object_put(req->fields);
	memset(req, 0, sizeof(*req));
}

/*
 * Look up "name" in the query string.  Keys are decoded before they are
 * compared; a key that does not decode makes the whole query malformed.
 * Returns 1 with the decoded value in "*out", 0 absent, -1 on error.
 */
int
http_query_get(const struct request *req, const char *name, char **out)
{
	const char	*p, *end, *amp, *eq;
	char		*key;
	int		 rc, found;

	*out = NULL;
	if (req == NULL || req->query == NULL || name == NULL)
		return 0;
	end = req->query + strlen(req->query);
	for (p = req->query; p < end; p = amp + 1) {
		if ((amp = memchr(p, '&', (size_t)(end - p))) == NULL)
			amp = end;
		if ((eq = memchr(p, '=', (size_t)(amp - p))) == NULL)
			eq = amp;
		if (unescape(p, (size_t)(eq - p), 1, &key) != 1)
			return -1;
		found = strcmp(key, name) == 0;
		free(key);
		if (!found)
			continue;
		if (eq == amp)
			return (*out = strdup("")) == NULL ? -1 : 1;
		rc = unescape(eq + 1, (size_t)(amp - eq - 1), 1, out);
		return rc == 1 ? 1 : -1;
	}
	return 0;
}

/*
 * Copy the cookie value between "v" and "end" into "*out", without
 * surrounding white space and double quotes.  1, or -1.
 */
static int
cookie_value(const char *v, const char *end, char **out)
{

	v += strspn(v, " \t");
	while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end > v && *v == '"') {
		if (end - v < 2 || end[-1] != '"')
			return -1;
		v++;
		end--;
	}
	*out = strndup(v, (size_t)(end - v));
	return *out == NULL ? -1 : 1;
}

/*
 * Find cookie "name" (exact, case-sensitive) in "a=b; c=d".  The first
 * match wins.  1 with the value in "*out", 0 absent, -1 on error.
 */
int
http_cookie_get(const struct request *req, const char *name, char **out)
{
	const char	*p, *semi, *eq;
	size_t		 namelen;

	*out = NULL;
	if (req == NULL || req->cookies == NULL || name == NULL)
		return 0;
	namelen = strlen(name);
	for (p = req->cookies; *p != '\0'; p = semi) {
		p += strspn(p, " \t;");
		semi = p + strcspn(p, ";");
		eq = memchr(p, '=', (size_t)(semi - p));
		if (eq != NULL && (size_t)(eq - p) == namelen &&
		    memcmp(p, name, namelen) == 0)
			return cookie_value(eq + 1, semi, out);
	}
	return 0;
}

/*
 * "Bearer" (any case), one or more spaces, then a b64token (RFC 6750:
 * letters, digits, "-._~+/", then "=" padding) up to the end.
 */
const char *
http_bearer(const struct request *req)
{
	const char	*a, *t;
	size_t		 n;

	if (req == NULL || req->authorization == NULL)
		return NULL;
	a = req->authorization;
	if (strncasecmp(a, "Bearer", 6) != 0 || a[6] != ' ')
		return NULL;
	t = a + 6 + strspn(a + 6, " ");
	n = strspn(t, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/");
	if (n == 0)
		return NULL;
	n += strspn(t + n, "=");
	return t[n] == '\0' ? t : NULL;
}

/* Whether the "len" bytes at "addr" are in comma list "trusted". */
static int
is_trusted(const char *addr, size_t len, const char *trusted)
{
	return list_has(trusted, addr, len);
}

/*
 * Copy the X-Forwarded-For entry between "p" and "end", trimmed, into
 * "buf".  0 if it is an IPv4 or IPv6 address, else -1.
 */
static int
xff_entry(const char *p, const char *end, char *buf, size_t bufsz)
{
	unsigned char	 bin[16];
	size_t		 n;

	p += strspn(p, " \t");
	while (end > p && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	if (end <= p || (n = (size_t)(end - p)) >= bufsz)
		return -1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	if (inet_pton(AF_INET, buf, bin) == 1 ||
	    inet_pton(AF_INET6, buf, bin) == 1)
		return 0;
	return -1;
}

/*
 * REMOTE_ADDR, unless it is a trusted proxy: then X-Forwarded-For from
 * the right, skipping trusted proxies, gives the first untrusted entry.
 * A malformed entry, or a list of nothing but proxies, leaves
 * REMOTE_ADDR.
 */
void
http_client_addr(const char *remote, const char *forwarded,
    const char *trusted, char *out, size_t outsz)
{
	char		 entry[64];
	const char	*start, *end;

	if (out == NULL || outsz == 0)
		return;
	if (remote == NULL)
		remote = "";
	snprintf(out, outsz, "%s", remote);
	if (forwarded == NULL || trusted == NULL ||
	    !is_trusted(remote, strlen(remote), trusted))
		return;
	for (end = forwarded + strlen(forwarded); end > forwarded;
	    end = start - 1) {
		for (start = end; start > forwarded && start[-1] != ','; )
			start--;
		if (xff_entry(start, end, entry, sizeof(entry)) == -1)
			return;
		if (!is_trusted(entry, strlen(entry), trusted)) {
			if (strlen(entry) < outsz)
				memcpy(out, entry, strlen(entry) + 1);
			return;
		}
		if (start == forwarded)
			return;
	}
}

/* Whether Accept names text/html, and before application/json if both. */
int
http_wants_html(const struct request *req)
{
	const char	*h, *j;

	if (req == NULL || req->accept == NULL)
		return 0;
	if ((h = strcasestr(req->accept, "text/html")) == NULL)
		return 0;
	j = strcasestr(req->accept, "application/json");
	return j == NULL || h < j;
}
