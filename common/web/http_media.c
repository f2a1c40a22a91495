/*
 * http_media: what a request says about its body and its answer: the
 * Content-Length, the media type of the body (JSON or a form, UTF-8
 * only) and whether the client prefers HTML.
 */
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "http.h"
#include "http_private.h"

/*
 * Parse CONTENT_LENGTH "v" into "*len": 0 when absent or empty, and
 * SIZE_MAX when it does not fit.  0, or -1 if it is not a number.
 */
int
http_content_length(const char *v, size_t *len)
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
int
http_media_kind(const char *ct)
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
