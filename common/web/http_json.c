/*
 * http_json: JSON bodies.  They pass a strict scanner of our own (the
 * grammar of RFC 8259, nesting, \u0000, lone surrogates and the member
 * count used to find duplicate keys) and then json-c, which builds the
 * tree; a walk of the tree checks its strings.
 */
#include <string.h>

#include <json-c/json.h>

#include "http.h"
#include "http_private.h"

/* Where the strict JSON scanner stands. */
struct jscan {
	const unsigned char	*p;
	const unsigned char	*end;
	unsigned		 depth;
	unsigned		 max;
	size_t			 members;	/* object members seen */
	int			 too_many;	/* members > HTTP_FIELDS_MAX */
};

static int	js_value(struct jscan *);

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
		if ((h = http_hexval(p[i])) < 0)
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
enum http_status
http_json_parse(struct request *req, unsigned depth)
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
