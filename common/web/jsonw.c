/*
 * jsonw: JSON text straight into a buffer.  See jsonw.h.
 */
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"
#include "text.h"

void
jsonw_init(struct jsonw *w)
{
	memset(w, 0, sizeof(*w));
}

/* Room for "n" more bytes and a NUL.  0, or -1 (failed is set). */
static int
jsonw_room(struct jsonw *w, size_t n)
{
	size_t	 cap;
	char	*p;

	if (w->failed)
		return -1;
	if (w->len + n + 1 <= w->cap)
		return 0;
	for (cap = w->cap > 0 ? w->cap : 512; cap < w->len + n + 1; cap *= 2)
		if (cap > SIZE_MAX / 4)
			goto fail;
	if ((p = realloc(w->buf, cap)) == NULL)
		goto fail;
	w->buf = p;
	w->cap = cap;
	return 0;
fail:
	w->failed = 1;
	return -1;
}

static void
jsonw_put(struct jsonw *w, const char *s, size_t n)
{
	if (jsonw_room(w, n) == -1)
		return;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	w->buf[w->len] = '\0';
}

/* "s" as a JSON string, escaped as json-c escapes it. */
static void
jsonw_quoted(struct jsonw *w, const char *s)
{
	static const char	 hex[] = "0123456789abcdef";
	const unsigned char	*p = (const unsigned char *)s;
	const char		*esc;
	char			 u[7];
	size_t			 run;

	jsonw_put(w, "\"", 1);
	while (*p != '\0') {
		/* the bytes that need no escape, in one copy */
		for (run = 0; p[run] >= 0x20 && p[run] != '"' &&
		    p[run] != '\\'; run++)
			;
		if (run > 0) {
			jsonw_put(w, (const char *)p, run);
			p += run;
			continue;
		}
		switch (*p) {
		case '\b': esc = "\\b"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		case '\f': esc = "\\f"; break;
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		default:
			memcpy(u, "\\u00", 4);
			u[4] = hex[*p >> 4];
			u[5] = hex[*p & 0xf];
			u[6] = '\0';
			esc = u;
			break;
		}
		jsonw_put(w, esc, strlen(esc));
		p++;
	}
	jsonw_put(w, "\"", 1);
}

/* The separator and "key": of a new member ("key" NULL: an element). */
static void
jsonw_key(struct jsonw *w, const char *key)
{
	if (w->members[w->depth]++ > 0)
		jsonw_put(w, ",", 1);
	if (key == NULL)
		return;
	jsonw_put(w, "\"", 1);
	jsonw_put(w, key, strlen(key));
	jsonw_put(w, "\":", 2);
}

/* Open a container with "open" under "key". */
static void
jsonw_open(struct jsonw *w, const char *key, const char *open)
{
	jsonw_key(w, key);
	if (w->depth == JSONW_DEPTH) {
		w->failed = 1;
		return;
	}
	w->members[++w->depth] = 0;
	jsonw_put(w, open, 1);
}

static void
jsonw_close(struct jsonw *w, const char *close)
{
	if (w->depth > 0)
		w->depth--;
	jsonw_put(w, close, 1);
}

void
jsonw_begin(struct jsonw *w)
{
	jsonw_open(w, NULL, "{");
}

void
jsonw_end(struct jsonw *w)
{
	jsonw_close(w, "}");
}

void
jsonw_object(struct jsonw *w, const char *key)
{
	jsonw_open(w, key, "{");
}

void
jsonw_array(struct jsonw *w, const char *key)
{
	jsonw_open(w, key, "[");
}

void
jsonw_end_array(struct jsonw *w)
{
	jsonw_close(w, "]");
}

void
jsonw_str(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	jsonw_quoted(w, s);
}

void
jsonw_optstr(struct jsonw *w, const char *key, const char *s)
{
	if (s == NULL || s[0] == '\0')
		jsonw_raw(w, key, NULL);
	else
		jsonw_str(w, key, s);
}

void
jsonw_int(struct jsonw *w, const char *key, int64_t v)
{
	char	 num[TEXT_INT_MAX];
	size_t	 n;

	jsonw_key(w, key);
	n = text_int(num, v);
	jsonw_put(w, num, n);
}

void
jsonw_bool(struct jsonw *w, const char *key, int v)
{
	jsonw_raw(w, key, v ? "true" : "false");
}

void
jsonw_raw(struct jsonw *w, const char *key, const char *json)
{
	if (json == NULL)
		json = "null";
	jsonw_key(w, key);
	jsonw_put(w, json, strlen(json));
}

char *
jsonw_finish(struct jsonw *w)
{
	char	*out = w->buf;

	if (w->failed || out == NULL) {
		free(w->buf);
		out = NULL;
	}
	jsonw_init(w);
	return out;
}
