/*
 * dialect_tmpl: the template language of fcauth-dialect(5) — JSON with
 * variables ($user.email), optional variables ($access_token?), date
 * formats ($created_at:YYYY-MM-DD HH:MM:SS), filters ($user.role|title),
 * interpolation ("at ${email}") and per-entry templates
 * ($errors{ "msg": $msg }) — parsed into a tree of struct dialect_node,
 * every variable checked against the table of the canonical reply.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "dialect_int.h"

/* Characters a date format may hold when written without quotes. */
#define DATEFMT_CHARS	"YMDHmSsTZ0123456789-./: "

static const char *const filter_names[] = {
	NULL,		/* NF_NONE */
	"string",	/* NF_STRING */
	"upper",	/* NF_UPPER */
	"lower",	/* NF_LOWER */
	"title",	/* NF_TITLE */
};

struct tp {
	const char	*s;
	size_t		 len;
	size_t		 pos;
	size_t		 nodes;
	char		*reason;
	size_t		 reasonsz;
	size_t		 erroff;
	int		 failed;
};
/* Record the first failure, at byte "off". Returns -1. */
static int __attribute__((format(printf, 3, 4)))
tp_fail(struct tp *t, size_t off, const char *fmt, ...)
{
	va_list	 ap;

	if (t->failed)
		return -1;
	t->failed = 1;
	t->erroff = off;
	va_start(ap, fmt);
	vsnprintf(t->reason, t->reasonsz, fmt, ap);
	va_end(ap);
	return -1;
}

static void
tp_space(struct tp *t)
{
	while (t->pos < t->len && strchr(" \t\r\n", t->s[t->pos]) != NULL &&
	    t->s[t->pos] != '\0')
		t->pos++;
}

static int
tp_peek(struct tp *t)
{
	return t->pos < t->len ? (unsigned char)t->s[t->pos] : -1;
}

/* What to call the character at the parse position in a message. */
static const char *
tp_what(struct tp *t, char *buf, size_t bufsz)
{
	int	 c = tp_peek(t);

	if (c < 0)
		return "end of template";
	if (isprint(c))
		snprintf(buf, bufsz, "'%c'", c);
	else
		snprintf(buf, bufsz, "byte 0x%02x", (unsigned)c);
	return buf;
}

static struct dialect_node *
tp_node(struct tp *t, enum node_kind kind)
{
	struct dialect_node	*n;

	if (++t->nodes > DIALECT_NODES_MAX) {
		tp_fail(t, t->pos, "template has over %d values",
		    DIALECT_NODES_MAX);
		return NULL;
	}
	if ((n = calloc(1, sizeof(*n))) == NULL) {
		tp_fail(t, t->pos, "out of memory");
		return NULL;
	}
	n->kind = kind;
	return n;
}

void
tmpl_free(struct dialect_node *n)
{
	struct dialect_node	*next;
	size_t			 i;

	for (; n != NULL; n = next) {
		next = n->next;
		tmpl_free(n->child);
		free(n->key);
		for (i = 0; i < n->npath; i++)
			free(n->path[i]);
		free(n->datefmt);
		if (n->value != NULL)
			json_object_put(n->value);
		free(n);
	}
}

/* A variable name segment: [A-Za-z_][A-Za-z0-9_]*, at most 64 bytes. */
static size_t
tp_ident(struct tp *t)
{
	size_t	 n = 0;

	if (t->pos >= t->len || !(isalpha((unsigned char)t->s[t->pos]) ||
	    t->s[t->pos] == '_'))
		return 0;
	while (t->pos + n < t->len && (isalnum((unsigned char)t->s[t->pos +
	    n]) || t->s[t->pos + n] == '_'))
		n++;
	return n;
}

static int		 tp_value(struct tp *, struct dialect_node **,
			    const struct var *, int);

/*
 * After "$": path, "?", ":format", "|filter", and with "each" allowed
 * an entry template: "{...}" is the object each entry of a map becomes
 * (under its key), "[T]" makes an array of T, one per entry.  Into "n"
 * (NK_VAR or NK_EACH) against the variables "scope".
 */
static int
tp_var(struct tp *t, struct dialect_node *n, const struct var *scope,
    int depth, int each)
{
	const struct var	*v = NULL, *tbl = scope;
	size_t			 start = t->pos - 1, len, fs, i;
	int			 any = 0;
	char			 what[16];

	for (;;) {
		if ((len = tp_ident(t)) == 0)
			return tp_fail(t, t->pos, "expected a variable name "
			    "after '%s'", n->npath == 0 ? "$" : ".");
		if (n->npath == DIALECT_PATH_MAX || len > DIALECT_NAME_MAX)
			return tp_fail(t, start, "variable too long");
		if ((n->path[n->npath] = strndup(t->s + t->pos, len)) == NULL)
			return tp_fail(t, t->pos, "out of memory");
		t->pos += len;
		i = n->npath++;
		if (!any) {
			if (i > 0 && v->type != VT_OBJECT)
				return tp_fail(t, start, "'%s' has no keys",
				    n->path[i - 1]);
			v = dialect_var(tbl, n->path[i]);
			if (v == NULL && i == 0)
				return tp_fail(t, start, "unknown variable "
				    "'$%s'", n->path[0]);
			if (v == NULL)
				return tp_fail(t, start, "unknown key '%s' "
				    "of '%s'", n->path[i], n->path[i - 1]);
			tbl = v->sub;
			any = v->type == VT_ANY;
		}
		if (tp_peek(t) != '.')
			break;
		t->pos++;
	}
	n->leaf = v;
	if (tp_peek(t) == '?') {
		n->optional = 1;
		t->pos++;
	}
	if (tp_peek(t) == ':') {
		t->pos++;
		if (tp_peek(t) == '"') {
			fs = ++t->pos;
			while (t->pos < t->len && t->s[t->pos] != '"' &&
			    t->s[t->pos] != '\n')
				t->pos++;
			if (tp_peek(t) != '"')
				return tp_fail(t, fs, "unterminated string");
			len = t->pos++ - fs;
		} else {
			fs = t->pos;
			while (t->pos < t->len && t->s[t->pos] != '\0' &&
			    strchr(DATEFMT_CHARS, t->s[t->pos]) != NULL)
				t->pos++;
			while (t->pos > fs && t->s[t->pos - 1] == ' ')
				t->pos--;
			len = t->pos - fs;
		}
		if (len > DATEFMT_MAX)
			return tp_fail(t, fs, "date format too long");
		if ((n->datefmt = strndup(t->s + fs, len)) == NULL)
			return tp_fail(t, fs, "out of memory");
		if (!any && v->type != VT_DATE && v->type != VT_TIME)
			return tp_fail(t, start, "'%s' is not a date",
			    n->path[n->npath - 1]);
		if (tmpl_datefmt_check(n->datefmt, VT_TIME) != NULL)
			return tp_fail(t, fs, "bad date format '%s'",
			    n->datefmt);
		if (!any && tmpl_datefmt_check(n->datefmt, v->type) != NULL)
			return tp_fail(t, start, "'%s' has no time of day",
			    n->path[n->npath - 1]);
	}
	if (tp_peek(t) == '|') {
		t->pos++;
		fs = t->pos;
		len = tp_ident(t);
		for (i = 1; i < sizeof(filter_names) / sizeof(*filter_names);
		    i++)
			if (len == strlen(filter_names[i]) &&
			    strncmp(t->s + fs, filter_names[i], len) == 0)
				break;
		if (len == 0 || i == sizeof(filter_names) /
		    sizeof(*filter_names))
			return tp_fail(t, fs, "unknown filter '%.*s'",
			    (int)(len > 0 ? len : 1), t->s + fs);
		n->filter = (enum node_filter)i;
		t->pos += len;
	}
	if (!any && (n->datefmt != NULL || n->filter != NF_NONE) &&
	    (v->type == VT_OBJECT || v->type == VT_MAP ||
	    v->type == VT_LIST))
		return tp_fail(t, start, "'%s' is not a scalar",
		    n->path[n->npath - 1]);
	if (tp_peek(t) != '{' && tp_peek(t) != '[')
		return 0;
	if (!each || n->datefmt != NULL || n->filter != NF_NONE)
		return tp_fail(t, t->pos, "unexpected %s after a variable",
		    tp_what(t, what, sizeof(what)));
	if (any || (v->type != VT_MAP && v->type != VT_LIST))
		return tp_fail(t, start, "'%s' is not a map or a list",
		    n->path[n->npath - 1]);
	if (v->type == VT_LIST && tp_peek(t) == '{')
		return tp_fail(t, t->pos, "'%s' is a list: use [ ]",
		    n->path[n->npath - 1]);
	n->kind = NK_EACH;
	if (!(n->each_array = tp_peek(t) == '['))
		return tp_value(t, &n->child, v->sub, depth);
	if (depth + 1 > DIALECT_DEPTH_MAX)
		return tp_fail(t, t->pos, "nested deeper than %d",
		    DIALECT_DEPTH_MAX);
	t->pos++;
	if (tp_value(t, &n->child, v->sub, depth + 1) == -1)
		return -1;
	tp_space(t);
	if (tp_peek(t) != ']')
		return tp_fail(t, t->pos, "expected ']' after the entry "
		    "template, not %s", tp_what(t, what, sizeof(what)));
	t->pos++;
	return 0;
}

/* A string constant "s" of "len" raw bytes (escapes intact). */
static struct json_object *
tp_string(struct tp *t, size_t off, const char *s, size_t len)
{
	struct json_tokener	*tok;
	struct json_object	*o;
	char			*q;

	if ((q = malloc(len + 3)) == NULL) {
		tp_fail(t, off, "out of memory");
		return NULL;
	}
	q[0] = '"';
	memcpy(q + 1, s, len);
	q[len + 1] = '"';
	q[len + 2] = '\0';
	if ((tok = json_tokener_new_ex(2)) == NULL) {
		free(q);
		tp_fail(t, off, "out of memory");
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	o = json_tokener_parse_ex(tok, q, (int)len + 2);
	if (o == NULL || json_tokener_get_parse_end(tok) != len + 2) {
		json_object_put(o);
		o = NULL;
		tp_fail(t, off, "bad string");
	}
	json_tokener_free(tok);
	free(q);
	return o;
}

/*
 * A string: a constant, or NK_TEXT when it holds "${...}", whose
 * variables are those of "scope" (inside $errors{ }, an entry's).
 */
static int
tp_text(struct tp *t, struct dialect_node *n, const struct var *scope)
{
	struct dialect_node	**tail = &n->child, *p;
	size_t			 start = ++t->pos, lit, end;

	while (t->pos < t->len && t->s[t->pos] != '"') {
		if (t->s[t->pos] == '\n')
			return tp_fail(t, t->pos, "newline in string");
		if (t->s[t->pos] == '\\' && t->pos + 1 < t->len)
			t->pos++;
		t->pos++;
	}
	if (t->pos >= t->len)
		return tp_fail(t, start - 1, "unterminated string");
	end = t->pos++;
	if (memmem(t->s + start, end - start, "${", 2) == NULL) {
		n->kind = NK_CONST;
		n->value = tp_string(t, start, t->s + start, end - start);
		return n->value == NULL ? -1 : 0;
	}
	n->kind = NK_TEXT;
	for (lit = start; lit < end;) {
		const char *d = memmem(t->s + lit, end - lit, "${", 2);
		size_t	 stop = d == NULL ? end : (size_t)(d - t->s);

		if (stop > lit) {
			if ((p = tp_node(t, NK_CONST)) == NULL)
				return -1;
			*tail = p;
			tail = &p->next;
			p->value = tp_string(t, lit, t->s + lit, stop - lit);
			if (p->value == NULL)
				return -1;
		}
		if (d == NULL)
			break;
		if ((p = tp_node(t, NK_VAR)) == NULL)
			return -1;
		*tail = p;
		tail = &p->next;
		t->pos = stop + 2;
		if (tp_var(t, p, scope, 0, 0) == -1)
			return -1;
		if (t->pos >= end || t->s[t->pos] != '}')
			return tp_fail(t, t->pos, "expected '}' to end '${'");
		if (p->leaf != NULL && (p->leaf->type == VT_OBJECT ||
		    p->leaf->type == VT_MAP || p->leaf->type == VT_LIST))
			return tp_fail(t, stop, "'%s' is not a scalar",
			    p->path[p->npath - 1]);
		lit = ++t->pos;
	}
	t->pos = end + 1;
	return 0;
}

/* A bare constant: a number, true, false or null. */
static int
tp_const(struct tp *t, struct dialect_node *n)
{
	struct json_tokener	*tok;
	size_t			 start = t->pos, len;
	char			 buf[64];

	while (t->pos < t->len && (isalnum((unsigned char)t->s[t->pos]) ||
	    strchr("+-.", t->s[t->pos]) != NULL) && t->s[t->pos] != '\0')
		t->pos++;
	len = t->pos - start;
	if (len == 0 || len >= sizeof(buf) - 1)
		return tp_fail(t, start, "bad constant");
	memcpy(buf, t->s + start, len);
	buf[len] = ' ';		/* so that a number is known to end */
	buf[len + 1] = '\0';
	if ((tok = json_tokener_new_ex(2)) == NULL)
		return tp_fail(t, start, "out of memory");
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	n->value = json_tokener_parse_ex(tok, buf, (int)len + 1);
	if (n->value == NULL && json_tokener_get_error(tok) ==
	    json_tokener_success && strcmp(buf, "null ") == 0)
		n->value = json_object_new_null();
	if (json_tokener_get_parse_end(tok) < len ||
	    (n->value == NULL && strcmp(buf, "null ") != 0)) {
		json_tokener_free(tok);
		return tp_fail(t, start, "bad constant '%.*s'", (int)len,
		    t->s + start);
	}
	json_tokener_free(tok);
	return 0;
}

/* The members of an object or the elements of an array, into "n". */
static int
tp_members(struct tp *t, struct dialect_node *n, const struct var *scope,
    int depth)
{
	struct dialect_node	**tail = &n->child, *m, *o;
	int			 close = n->kind == NK_OBJECT ? '}' : ']';
	size_t			 koff;
	char			 what[16];

	t->pos++;
	tp_space(t);
	if (tp_peek(t) == close) {
		t->pos++;
		return 0;
	}
	for (;;) {
		char	*key = NULL;

		tp_space(t);
		if (n->kind == NK_OBJECT) {
			koff = t->pos;
			if (tp_peek(t) != '"')
				return tp_fail(t, t->pos, "expected a key in "
				    "quotes, not %s",
				    tp_what(t, what, sizeof(what)));
			if ((m = tp_node(t, NK_CONST)) == NULL)
				return -1;
			if (tp_text(t, m, scope) == -1 || m->kind != NK_CONST) {
				tmpl_free(m);
				return tp_fail(t, koff, "a key cannot hold "
				    "'${'");
			}
			key = strdup(json_object_get_string(m->value));
			tmpl_free(m);
			if (key == NULL)
				return tp_fail(t, koff, "out of memory");
			for (o = n->child; o != NULL; o = o->next)
				if (strcmp(o->key, key) == 0) {
					tp_fail(t, koff, "duplicate key "
					    "'%s'", key);
					free(key);
					return -1;
				}
			tp_space(t);
			if (tp_peek(t) != ':') {
				free(key);
				return tp_fail(t, t->pos, "expected ':' "
				    "after a key, not %s",
				    tp_what(t, what, sizeof(what)));
			}
			t->pos++;
		}
		m = NULL;
		if (tp_value(t, &m, scope, depth) == -1) {
			tmpl_free(m);
			free(key);
			return -1;
		}
		m->key = key;
		*tail = m;
		tail = &m->next;
		tp_space(t);
		if (tp_peek(t) == close) {
			t->pos++;
			return 0;
		}
		if (tp_peek(t) != ',')
			return tp_fail(t, t->pos, "expected ',' or '%c', not "
			    "%s", close, tp_what(t, what, sizeof(what)));
		t->pos++;
		tp_space(t);
		if (tp_peek(t) == close)
			return tp_fail(t, t->pos, "trailing ',' before '%c'",
			    close);
	}
}

/* One value at the parse position into "*out" (set even on failure). */
static int
tp_value(struct tp *t, struct dialect_node **out, const struct var *scope,
    int depth)
{
	struct dialect_node	*n;
	int			 c;
	char			 what[16];

	tp_space(t);
	c = tp_peek(t);
	if ((n = tp_node(t, NK_CONST)) == NULL)
		return -1;
	*out = n;
	switch (c) {
	case '{':
	case '[':
		if (depth + 1 > DIALECT_DEPTH_MAX)
			return tp_fail(t, t->pos, "nested deeper than %d",
			    DIALECT_DEPTH_MAX);
		n->kind = c == '{' ? NK_OBJECT : NK_ARRAY;
		return tp_members(t, n, scope, depth + 1);
	case '"':
		return tp_text(t, n, scope);
	case '$':
		n->kind = NK_VAR;
		t->pos++;
		return tp_var(t, n, scope, depth, 1);
	default:
		if (c == '-' || (c >= '0' && c <= '9') || c == 't' ||
		    c == 'f' || c == 'n')
			return tp_const(t, n);
		return tp_fail(t, t->pos, "unexpected %s",
		    tp_what(t, what, sizeof(what)));
	}
}

int
tmpl_parse(const char *text, size_t len, struct dialect_node **out,
    char *reason, size_t reasonsz, size_t *erroff)
{
	struct tp	 t;
	char		 what[16];

	memset(&t, 0, sizeof(t));
	t.s = text;
	t.len = len;
	t.reason = reason;
	t.reasonsz = reasonsz;
	*out = NULL;
	*erroff = 0;
	if (tp_value(&t, out, dialect_vars, 0) == 0) {
		tp_space(&t);
		if (t.pos < t.len)
			tp_fail(&t, t.pos, "unexpected %s after the template",
			    tp_what(&t, what, sizeof(what)));
	}
	if (t.failed) {
		tmpl_free(*out);
		*out = NULL;
		*erroff = t.erroff;
		return -1;
	}
	return 0;
}
