/*
 * http_form: name=value decoding: form bodies, the query string, the
 * Cookie header, and the bearer token of the Authorization header.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>

#include "http.h"
#include "http_private.h"

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
	st = http_pct_status(http_pct_decode(p, (size_t)(eq - p), 1, &key));
	if (st != HTTP_READ_OK)
		goto out;
	if (eq == end)
		rc = (val = strdup("")) == NULL ? -1 : 1;
	else
		rc = http_pct_decode(eq + 1, (size_t)(end - eq - 1), 1, &val);
	if ((st = http_pct_status(rc)) != HTTP_READ_OK)
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
	http_wipe_free(val);
	return st;
}

/*
 * Parse an application/x-www-form-urlencoded body into req->fields.
 * The pairs are counted before any is decoded.
 */
enum http_status
http_form_parse(struct request *req)
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
		if (http_pct_decode(p, (size_t)(eq - p), 1, &key) != 1)
			return -1;
		found = strcmp(key, name) == 0;
		free(key);
		if (!found)
			continue;
		if (eq == amp)
			return (*out = strdup("")) == NULL ? -1 : 1;
		rc = http_pct_decode(eq + 1, (size_t)(amp - eq - 1), 1, out);
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
 * Length of the run of token68 characters (RFC 7235) other than '=',
 * which only pads the end, at the start of "t".  By a table made on
 * the first call: strspn with a set this long builds one on every
 * call, and every guarded request carries a bearer.
 */
static size_t
token68_span(const char *t)
{
	static const char	 set[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~+/";
	static unsigned char	 in[256];
	static int		 ready;
	size_t			 n;

	if (!ready) {
		for (n = 0; set[n] != '\0'; n++)
			in[(unsigned char)set[n]] = 1;
		ready = 1;
	}
	for (n = 0; in[(unsigned char)t[n]]; n++)
		continue;
	return n;
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
	if ((n = token68_span(t)) == 0)
		return NULL;
	n += strspn(t + n, "=");
	return t[n] == '\0' ? t : NULL;
}
