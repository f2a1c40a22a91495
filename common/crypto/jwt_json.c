/*
 * jwt_json: the encoded pieces of a token.  Writing: JSON members and
 * base64url segments appended to the token being built.  Reading: one
 * segment decoded and parsed as exactly one flat JSON object, and its
 * members type-checked before they are read.
 */
#include <string.h>

#include <json-c/json.h>

#include "jwt_private.h"
#include "token.h"

/*
 * Add "val", just made (NULL when that ran out of memory), under "key".
 * json-c keeps "val" only on success, so it is released here otherwise.
 * 0, or -1 on out of memory.
 */
static int
jwt_add(struct json_object *obj, const char *key, struct json_object *val)
{
	if (val == NULL)
		return -1;
	if (json_object_object_add(obj, key, val) != 0) {
		json_object_put(val);
		return -1;
	}
	return 0;
}

/*
 * Add the string "s" of at most "max" bytes (it need not be
 * NUL-terminated) under "key".  0, or -1 on out of memory.
 */
int
jwt_addstr(struct json_object *obj, const char *key, const char *s,
    size_t max)
{
	return jwt_add(obj, key,
	    json_object_new_string_len(s, (int)strnlen(s, max)));
}

/* Add the integer "n" under "key"; 0, or -1 on out of memory. */
int
jwt_addint(struct json_object *obj, const char *key, int64_t n)
{
	return jwt_add(obj, key, json_object_new_int64(n));
}

/*
 * Append "len" bytes of "bin" in base64url to "out" at "*pos", then
 * the character "sep" unless it is NUL.  "outsz" already counts the
 * JWT_MAX cap.  0, or -1 if it does not fit.
 */
int
jwt_append(char *out, size_t outsz, size_t *pos,
    const unsigned char *bin, size_t len, char sep)
{
	int	 n;

	n = b64url_encode(bin, len, out + *pos, outsz - *pos);
	if (n == -1)
		return -1;
	*pos += (size_t)n;
	if (sep == '\0')
		return 0;
	if (*pos + 2 > outsz)
		return -1;
	out[(*pos)++] = sep;
	out[*pos] = '\0';
	return 0;
}

/* Append the compact serialisation of "obj" like jwt_append(). */
int
jwt_appendjson(char *out, size_t outsz, size_t *pos,
    struct json_object *obj, char sep)
{
	const char	*s;
	size_t		 len = 0;

	s = json_object_to_json_string_length(obj,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	if (s == NULL)
		return -1;
	return jwt_append(out, outsz, pos, (const unsigned char *)s, len,
	    sep);
}

/*
 * Decode one base64url segment and parse it as exactly one JSON
 * object, nothing before or after.  The caller owns "*obj" and must
 * put it even on failure.
 */
enum jwt_result
jwt_parse(const char *seg, size_t len, struct json_object **obj)
{
	struct json_tokener	*tok = NULL;
	unsigned char		 buf[JWT_MAX];
	enum jwt_result		 r = JWT_MALFORMED;
	int			 n;

	*obj = NULL;
	if ((n = b64url_decode(seg, len, buf, sizeof(buf))) <= 0)
		goto out;
	if ((tok = json_tokener_new_ex(JWT_JSON_DEPTH)) == NULL)
		goto out;
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	*obj = json_tokener_parse_ex(tok, (const char *)buf, n);
	if (*obj == NULL ||
	    json_tokener_get_error(tok) != json_tokener_success ||
	    json_tokener_get_parse_end(tok) != (size_t)n ||
	    !json_object_is_type(*obj, json_type_object))
		goto out;
	r = JWT_OK;
out:
	if (tok != NULL)
		json_tokener_free(tok);
	return r;
}

/*
 * The string member "key" of "obj" if it is a string without NUL bytes
 * of at most "max" bytes; else NULL.  "*len" gets its length.
 * Borrowed from "obj".
 */
const char *
jwt_getstr(struct json_object *obj, const char *key, size_t max,
    size_t *len)
{
	struct json_object	*v;
	const char		*s;
	int			 n;

	if (!json_object_object_get_ex(obj, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	n = json_object_get_string_len(v);
	if (s == NULL || n < 0 || (size_t)n > max ||
	    memchr(s, '\0', (size_t)n) != NULL)
		return NULL;
	*len = (size_t)n;
	return s;
}

/*
 * Read the integer claim "key" into "*n".  Returns 1 if read, 0 if
 * absent, -1 if present with another JSON type (1.0 and "1" included).
 */
int
jwt_getint(struct json_object *obj, const char *key, int64_t *n)
{
	struct json_object	*v;

	if (!json_object_object_get_ex(obj, key, &v))
		return 0;
	if (!json_object_is_type(v, json_type_int))
		return -1;
	*n = json_object_get_int64(v);
	return 1;
}

/*
 * Copy the optional string claim "key" into "dst" ("dstsz" bytes with
 * the NUL).  Returns 1 if copied, 0 if absent, -1 if of another type,
 * too long or holding a NUL.
 */
int
jwt_copystr(struct json_object *obj, const char *key, char *dst,
    size_t dstsz)
{
	const char	*s;
	size_t		 len = 0;

	if (!json_object_object_get_ex(obj, key, NULL))
		return 0;
	if ((s = jwt_getstr(obj, key, dstsz - 1, &len)) == NULL)
		return -1;
	memcpy(dst, s, len);
	dst[len] = '\0';
	return 1;
}
