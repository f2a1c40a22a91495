/*
 * dialect: load a dialect file (fcauth-dialect(5)) line by line into a
 * struct dialect, refusing it whole with "FILE:LINE: reason" at the
 * first problem; then find the reply of an operation.  The templates
 * themselves are parsed by dialect_tmpl.c and rendered by
 * dialect_render.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "dialect_int.h"

#define TEMPLATE_LINES_MAX	256	/* lines in one template */
#define PATH_MAX_LEN		256

/*
 * The operations, by enum dialect_op: the name a route line gives and
 * the path parameters the operation takes (every one must be in its
 * path, and no other).
 */
static const struct {
	const char	*name;
	const char	*param;		/* or NULL */
} ops[DIALECT_OP__MAX] = {
	{ "login", NULL },		/* DIALECT_OP_LOGIN */
	{ "refresh", NULL },		/* DIALECT_OP_REFRESH */
	{ "logout", NULL },		/* DIALECT_OP_LOGOUT */
	{ "sessions", NULL },		/* DIALECT_OP_SESSIONS */
	{ "session_delete", "id" },	/* DIALECT_OP_SESSION_DELETE */
	{ "jwks", NULL },		/* DIALECT_OP_JWKS */
	{ "check", NULL },		/* DIALECT_OP_CHECK */
	{ "authorize", NULL },		/* DIALECT_OP_AUTHORIZE */
	{ "register", NULL },		/* DIALECT_OP_REGISTER */
	{ "verify", NULL },		/* DIALECT_OP_VERIFY */
	{ "verify_status", NULL },	/* DIALECT_OP_VERIFY_STATUS */
	{ "resend", NULL },		/* DIALECT_OP_RESEND */
	{ "verify_link", "token" },	/* DIALECT_OP_VERIFY_LINK */
	{ "forgot", NULL },		/* DIALECT_OP_FORGOT */
	{ "reset", NULL },		/* DIALECT_OP_RESET */
	{ "reset_token", "token" },	/* DIALECT_OP_RESET_TOKEN */
	{ "profile_get", NULL },	/* DIALECT_OP_PROFILE_GET */
	{ "profile_patch", NULL },	/* DIALECT_OP_PROFILE_PATCH */
	{ "profile_delete", NULL },	/* DIALECT_OP_PROFILE_DELETE */
	{ "profile_password", NULL },	/* DIALECT_OP_PROFILE_PASSWORD */
	{ "profile_email", NULL },	/* DIALECT_OP_PROFILE_EMAIL */
	{ "activity_user", "id" },	/* DIALECT_OP_ACTIVITY_USER */
	{ "activity_own", NULL },	/* DIALECT_OP_ACTIVITY_OWN */
	{ "activate", NULL },		/* DIALECT_OP_ACTIVATE */
};

/* The canonical input fields a "field" line may rename (API.md). */
static const char *const canonical_fields[] = {
	"login", "email", "username", "password", "remember",
	"refresh_token", "all", "full_name", "phone", "birthday", "bio",
	"profile_picture", "contacts", "verification_id", "id", "code",
	"token", "new_password", "current_password", "new_email",
	"mfa_token", "recovery_code", "limit", "before", NULL
};

/* The canonical codes an "error" line may name (common/web/reply.c). */
static const char *const codes[] = {
	"malformed_request", "validation_failed", "invalid_credentials",
	"token_missing", "token_invalid", "token_expired", "token_reused",
	"mfa_required", "email_not_verified", "account_disabled",
	"forbidden", "not_found", "method_not_allowed", "email_taken",
	"username_taken", "invalid_code", "verification_expired",
	"payload_too_large", "unsupported_media_type", "rate_limited",
	"internal_error", "service_unavailable", NULL
};

/*
 * The methods a route may name, in the order of enum http_method
 * (common/web/http.h), which maps them: the wire layer sits above the
 * web layer and does not include it.
 */
static const char *const methods[] = {
	"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", NULL
};

/* The loader's state. */
struct lp {
	const char	*file;
	const char	*text;
	size_t		 len;
	size_t		 pos;		/* start of the next line */
	int		 line;		/* number of the last line read */
	struct dialect	*d;
	char		*err;
	size_t		 errsz;
	int		 failed;
	char		 base[PATH_MAX_LEN + 1];
	int		 dialect_line;
};

/* Record the first failure, at line "line".  Returns -1. */
static int __attribute__((format(printf, 3, 4)))
lp_fail(struct lp *l, int line, const char *fmt, ...)
{
	va_list	 ap;
	char	 reason[DIALECT_REASON_MAX];

	if (l->failed)
		return -1;
	l->failed = 1;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	snprintf(l->err, l->errsz, "%s:%d: %s", l->file, line, reason);
	return -1;
}

int
dialect_op_lookup(const char *name)
{
	int	 i;

	for (i = 0; i < DIALECT_OP__MAX; i++)
		if (strcmp(ops[i].name, name) == 0)
			return i;
	return -1;
}

const char *
dialect_op_name(enum dialect_op op)
{
	if ((int)op < 0 || op >= DIALECT_OP__MAX)
		return "-";
	return ops[op].name;
}

/* The entry of NULL-terminated "tbl" equal to "s", or NULL. */
static const char *
table_find(const char *const *tbl, const char *s)
{
	size_t	 i;

	for (i = 0; tbl[i] != NULL; i++)
		if (strcmp(tbl[i], s) == 0)
			return tbl[i];
	return NULL;
}

/*
 * Read the next line into "buf" (DIALECT_LINE_MAX + 1 bytes), without
 * its newline or a trailing CR.  Returns 1, 0 at the end, -1 on error.
 */
static int
lp_line(struct lp *l, char *buf)
{
	const char	*nl;
	size_t		 n;

	if (l->pos >= l->len)
		return 0;
	l->line++;
	nl = memchr(l->text + l->pos, '\n', l->len - l->pos);
	n = (nl == NULL ? l->len : (size_t)(nl - l->text)) - l->pos;
	if (n > 0 && l->text[l->pos + n - 1] == '\r')
		n--;
	if (n > DIALECT_LINE_MAX)
		return lp_fail(l, l->line, "line longer than %d bytes",
		    DIALECT_LINE_MAX);
	if (memchr(l->text + l->pos, '\0', n) != NULL)
		return lp_fail(l, l->line, "NUL byte in line");
	memcpy(buf, l->text + l->pos, n);
	buf[n] = '\0';
	l->pos += (nl == NULL ? l->len - l->pos : (size_t)(nl - l->text) -
	    l->pos + 1);
	return 1;
}

/* Skip blanks at "*p". */
static void
skip(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

/*
 * The next word at "*p" (up to a blank, or also ',' with "comma") into
 * "buf" of "bufsz" bytes.  Returns its length (0 at the end of the
 * line), or -1 if it does not fit.
 */
static int
word(const char **p, char *buf, size_t bufsz, int comma)
{
	size_t	 n = 0;

	skip(p);
	while ((*p)[n] != '\0' && (*p)[n] != ' ' && (*p)[n] != '\t' &&
	    !(comma && (*p)[n] == ','))
		n++;
	if (n >= bufsz)
		return -1;
	memcpy(buf, *p, n);
	buf[n] = '\0';
	*p += n;
	return (int)n;
}

/* A name: [A-Za-z0-9_.-]{1,64}, or with "key" any printable bytes. */
static int
good_name(const char *s)
{
	size_t	 i;

	for (i = 0; s[i] != '\0'; i++)
		if (!isalnum((unsigned char)s[i]) && strchr("_.-", s[i]) ==
		    NULL)
			return 0;
	return i > 0 && i <= DIALECT_NAME_MAX;
}

/* The rest of the line must be empty. */
static int
lp_end(struct lp *l, const char *p)
{
	skip(&p);
	if (*p != '\0')
		return lp_fail(l, l->line, "unexpected '%.32s' at the end "
		    "of the line", p);
	return 0;
}

/*
 * Check a path (after "base") and write it with "{x}" parameters into
 * "out".  "op" < 0: no parameters allowed (base, cookie, link paths
 * give their own).  Returns 0 or -1.
 */
static int
lp_path(struct lp *l, const char *in, int op, const char *want,
    char *out, size_t outsz)
{
	const char	*seg, *end, *param = op >= 0 ? ops[op].param : want;
	size_t		 o = 0, n;
	int		 seen = 0;
	char		 name[DIALECT_NAME_MAX + 1];

	if (in[0] != '/')
		return lp_fail(l, l->line, "path '%s' does not start with "
		    "'/'", in);
	for (seg = in + 1; ; seg = end + 1) {
		end = strchr(seg, '/');
		n = end == NULL ? strlen(seg) : (size_t)(end - seg);
		if (n == 0 && end != NULL)
			return lp_fail(l, l->line, "empty segment in path "
			    "'%s'", in);
		if (n > 1 && ((seg[0] == '<' && seg[n - 1] == '>') ||
		    (seg[0] == '{' && seg[n - 1] == '}'))) {
			if (n - 2 > DIALECT_NAME_MAX)
				return lp_fail(l, l->line, "parameter name "
				    "too long");
			memcpy(name, seg + 1, n - 2);
			name[n - 2] = '\0';
			if (param == NULL || strcmp(name, param) != 0)
				return lp_fail(l, l->line, "unknown path "
				    "parameter '%s'%s%s", name,
				    op >= 0 ? " for " : "",
				    op >= 0 ? ops[op].name : "");
			if (seen++)
				return lp_fail(l, l->line, "path parameter "
				    "'%s' twice", name);
			if (o + n + 2 >= outsz)
				return lp_fail(l, l->line, "path too long");
			o += (size_t)snprintf(out + o, outsz - o, "/{%s}",
			    name);
		} else {
			size_t	 i;

			for (i = 0; i < n; i++)
				if (strchr("<>{}?#%\\\"", seg[i]) != NULL ||
				    !isgraph((unsigned char)seg[i]))
					return lp_fail(l, l->line, "bad "
					    "character '%c' in path '%s'",
					    seg[i], in);
			if (o + n + 2 >= outsz)
				return lp_fail(l, l->line, "path too long");
			out[o++] = '/';
			memcpy(out + o, seg, n);
			o += n;
			out[o] = '\0';
		}
		if (end == NULL)
			break;
	}
	if (o == 0 && outsz > 1) {
		out[o++] = '/';
		out[o] = '\0';
	}
	if (param != NULL && !seen && (op >= 0 || want != NULL))
		return lp_fail(l, l->line, "path '%s' lacks the parameter "
		    "<%s>%s%s", in, param, op >= 0 ? " of " : "",
		    op >= 0 ? ops[op].name : "");
	return 0;
}

/* "/a/{x}/b/" and "/a/{y}/b" are the same route: compare so. */
static int
same_path(const char *a, const char *b)
{
	for (;;) {
		if (*a == '{' && *b == '{') {
			a = strchr(a, '}') + 1;
			b = strchr(b, '}') + 1;
			continue;
		}
		if ((*a == '\0' || (a[0] == '/' && a[1] == '\0')) &&
		    (*b == '\0' || (b[0] == '/' && b[1] == '\0')))
			return 1;
		if (*a != *b)
			return 0;
		a++;
		b++;
	}
}

/* route METHOD PATH -> OP */
static int
d_route(struct lp *l, const char *p)
{
	struct dialect_route	*r;
	char			 method[16], path[PATH_MAX_LEN + 1];
	char			 arrow[8], opname[DIALECT_NAME_MAX + 1];
	char			 full[2 * PATH_MAX_LEN + 2];
	const char		*m;
	int			 op, n;
	size_t			 i;

	if (word(&p, method, sizeof(method), 0) <= 0 ||
	    (m = table_find(methods, method)) == NULL)
		return lp_fail(l, l->line, "bad method '%.16s' (one of GET, "
		    "HEAD, POST, PUT, PATCH, DELETE)", method[0] != '\0' ?
		    method : "");
	if ((n = word(&p, path, sizeof(path), 0)) <= 0)
		return lp_fail(l, l->line, n < 0 ? "path too long" :
		    "route without a path");
	if (word(&p, arrow, sizeof(arrow), 0) <= 0 ||
	    strcmp(arrow, "->") != 0)
		return lp_fail(l, l->line, "expected '->' after the path");
	if (word(&p, opname, sizeof(opname), 0) <= 0)
		return lp_fail(l, l->line, "expected an operation after "
		    "'->'");
	if ((op = dialect_op_lookup(opname)) < 0)
		return lp_fail(l, l->line, "unknown operation '%s'", opname);
	if (lp_end(l, p) == -1)
		return -1;
	if (path[0] != '/')
		return lp_fail(l, l->line, "path '%s' does not start with "
		    "'/'", path);
	snprintf(full, sizeof(full), "%s%s", l->base, path);
	if (strlen(full) > PATH_MAX_LEN)
		return lp_fail(l, l->line, "path too long");
	if (lp_path(l, full, op, NULL, path, sizeof(path)) == -1)
		return -1;
	for (i = 0; i < l->d->nroutes; i++) {
		r = &l->d->routes[i];
		if (r->method == m && same_path(r->path, path))
			return lp_fail(l, l->line, "duplicate route %s %s "
			    "(first on line %d)", m, path, r->line);
	}
	if (l->d->nroutes == DIALECT_ROUTES_MAX)
		return lp_fail(l, l->line, "more than %d routes",
		    DIALECT_ROUTES_MAX);
	r = &l->d->routes[l->d->nroutes];
	if ((r->path = strdup(path)) == NULL)
		return lp_fail(l, 0, "out of memory");
	l->d->nroutes++;
	r->method = m;
	r->op = (enum dialect_op)op;
	r->line = l->line;
	return 0;
}

/* field CANONICAL <- NAME[, NAME...] [required] */
static int
d_field(struct lp *l, const char *p)
{
	struct dialect_field	*f;
	const char		*canon;
	char			 buf[DIALECT_NAME_MAX + 2];
	size_t			 i, j, k;
	int			 n;

	if (word(&p, buf, sizeof(buf), 0) <= 0)
		return lp_fail(l, l->line, "expected a field name");
	if ((canon = table_find(canonical_fields, buf)) == NULL)
		return lp_fail(l, l->line, "unknown field '%s'", buf);
	for (i = 0; i < l->d->nfields; i++)
		if (l->d->fields[i].canonical == canon)
			return lp_fail(l, l->line, "field '%s' renamed "
			    "twice (first on line %d)", canon,
			    l->d->fields[i].line);
	if (word(&p, buf, sizeof(buf), 0) <= 0 || strcmp(buf, "<-") != 0)
		return lp_fail(l, l->line, "expected '<-' after the field");
	if (l->d->nfields == DIALECT_FIELDS_MAX)
		return lp_fail(l, l->line, "more than %d fields",
		    DIALECT_FIELDS_MAX);
	f = &l->d->fields[l->d->nfields++];
	f->canonical = canon;
	f->line = l->line;
	for (;;) {
		if ((n = word(&p, buf, sizeof(buf), 1)) <= 0 ||
		    !good_name(buf))
			return lp_fail(l, l->line, n == 0 ? "expected a name "
			    "after '%s'" : "bad name '%s'", n == 0 ?
			    (f->nnames == 0 ? "<-" : ",") : buf);
		if (f->nnames == DIALECT_NAMES_MAX)
			return lp_fail(l, l->line, "more than %d names for "
			    "one field", DIALECT_NAMES_MAX);
		for (j = 0; j < l->d->nfields; j++)
			for (k = 0; k < l->d->fields[j].nnames; k++)
				if (strcmp(l->d->fields[j].names[k], buf) ==
				    0)
					return lp_fail(l, l->line, "name "
					    "'%s' given twice (line %d)", buf,
					    l->d->fields[j].line);
		if ((f->names[f->nnames] = strdup(buf)) == NULL)
			return lp_fail(l, 0, "out of memory");
		f->nnames++;
		skip(&p);
		if (*p != ',')
			break;
		p++;
	}
	if (word(&p, buf, sizeof(buf), 0) > 0) {
		if (strcmp(buf, "required") != 0)
			return lp_fail(l, l->line, "expected ',' or "
			    "'required', not '%s'", buf);
		f->required = 1;
	}
	return lp_end(l, p);
}

/* A status: 100 to 599, or "*" with "any". */
static int
lp_status(struct lp *l, const char *s, int any, int *out)
{
	if (any && strcmp(s, "*") == 0) {
		*out = DIALECT_ANY;
		return 0;
	}
	if (strlen(s) != 3 || !isdigit((unsigned char)s[0]) ||
	    !isdigit((unsigned char)s[1]) || !isdigit((unsigned char)s[2]) ||
	    s[0] < '1' || s[0] > '5')
		return lp_fail(l, l->line, "bad HTTP status '%.8s'", s);
	*out = atoi(s);
	return 0;
}

/*
 * Add to "*depth" the "{" and "[" of "s" minus its "}" and "]", outside
 * strings.  Returns 0, -1 if more close than open, or -2 if anything
 * but blanks follows the close of the body.
 */
static int
depth_delta(const char *s, int *depth)
{
	int	 instr = 0;

	for (; *s != '\0'; s++) {
		if (instr) {
			if (*s == '\\' && s[1] != '\0')
				s++;
			else if (*s == '"')
				instr = 0;
		} else if (*s == '"')
			instr = 1;
		else if (*s == '{' || *s == '[')
			(*depth)++;
		else if (*s == '}' || *s == ']') {
			if (--(*depth) < 0)
				return -1;
			if (*depth == 0) {
				for (s++; *s == ' ' || *s == '\t'; s++)
					continue;
				return *s == '\0' ? 0 : *s == '}' ||
				    *s == ']' ? -1 : -2;
			}
		}
	}
	return 0;
}

/*
 * The template that starts at "p" on the current line and goes on
 * until its braces close, into "*out".  Comment lines inside are
 * skipped.  Returns 0 or -1.
 */
static int
lp_template(struct lp *l, const char *p, struct dialect_node **out)
{
	char		*buf = NULL, line[DIALECT_LINE_MAX + 1];
	size_t		 len = 0, n, i, erroff;
	size_t		 offs[TEMPLATE_LINES_MAX];
	int		 lines[TEMPLATE_LINES_MAX], nl = 0, depth = 0;
	int		 start = l->line, rc, lineno;
	char		 reason[DIALECT_REASON_MAX];
	const char	*q;

	*out = NULL;
	skip(&p);
	if (*p != '{' && *p != '[')
		return lp_fail(l, l->line, "expected '{' or '[' to start "
		    "the body");
	if ((buf = malloc(DIALECT_TEMPLATE_MAX + 1)) == NULL)
		return lp_fail(l, 0, "out of memory");
	for (lineno = l->line, q = p;;) {
		n = strlen(q);
		if (nl == TEMPLATE_LINES_MAX || len + n + 1 >
		    DIALECT_TEMPLATE_MAX) {
			free(buf);
			return lp_fail(l, start, "template longer than %d "
			    "bytes or %d lines", DIALECT_TEMPLATE_MAX,
			    TEMPLATE_LINES_MAX);
		}
		offs[nl] = len;
		lines[nl++] = lineno;
		memcpy(buf + len, q, n);
		len += n;
		buf[len++] = '\n';
		if ((rc = depth_delta(q, &depth)) < 0) {
			free(buf);
			return lp_fail(l, lineno, rc == -1 ? "unbalanced "
			    "braces" : "unexpected text after the body");
		}
		if (depth == 0)
			break;
		do {
			if ((rc = lp_line(l, line)) <= 0) {
				free(buf);
				return rc < 0 ? -1 : lp_fail(l, start,
				    "unbalanced braces: the body never "
				    "closes");
			}
			q = line;
			skip(&q);
		} while (*q == '#');
		lineno = l->line;
		q = line;
	}
	buf[len] = '\0';
	if (tmpl_parse(buf, len, out, reason, sizeof(reason), &erroff) ==
	    -1) {
		for (i = 0; i + 1 < (size_t)nl && offs[i + 1] <= erroff; i++)
			continue;
		free(buf);
		return lp_fail(l, lines[i], "%s", reason);
	}
	free(buf);
	return 0;
}

/* reply OP [when KEY=VALUE] STATUS BODY */
static int
d_reply(struct lp *l, const char *p)
{
	struct dialect_reply	*r, *o;
	char			 buf[DIALECT_NAME_MAX * 2 + 2], *eq;
	const struct var	*v;
	size_t			 i;
	int			 op;

	if (word(&p, buf, sizeof(buf), 0) <= 0 ||
	    (op = dialect_op_lookup(buf)) < 0)
		return lp_fail(l, l->line, "unknown operation '%s'", buf);
	if (l->d->nreplies == DIALECT_REPLIES_MAX)
		return lp_fail(l, l->line, "more than %d replies",
		    DIALECT_REPLIES_MAX);
	r = &l->d->replies[l->d->nreplies++];
	r->op = op;
	r->line = l->line;
	if (word(&p, buf, sizeof(buf), 0) > 0 && strcmp(buf, "when") == 0) {
		if (word(&p, buf, sizeof(buf), 0) <= 0 ||
		    (eq = strchr(buf, '=')) == NULL || eq == buf ||
		    eq[1] == '\0')
			return lp_fail(l, l->line, "expected KEY=VALUE after "
			    "'when'");
		*eq = '\0';
		v = dialect_var(dialect_vars, buf);
		if (v == NULL || v->type != VT_STRING)
			return lp_fail(l, l->line, "'when' needs a string "
			    "variable, not '%s'", buf);
		r->when_key = v->name;
		if ((r->when_value = strdup(eq + 1)) == NULL)
			return lp_fail(l, 0, "out of memory");
		if (word(&p, buf, sizeof(buf), 0) <= 0)
			buf[0] = '\0';
	}
	if (lp_status(l, buf, 1, &r->status) == -1)
		return -1;
	for (i = 0; i + 1 < l->d->nreplies; i++) {
		o = &l->d->replies[i];
		if (o->op == op && (o->when_key == r->when_key) &&
		    (o->when_key == NULL || strcmp(o->when_value,
		    r->when_value) == 0))
			return lp_fail(l, l->line, "duplicate reply for %s "
			    "(first on line %d)", ops[op].name, o->line);
	}
	return lp_template(l, p, &r->body);
}

/* error OP|* CODE|* STATUS|* BODY */
static int
d_error(struct lp *l, const char *p)
{
	struct dialect_reply	*r, *o;
	char			 buf[DIALECT_NAME_MAX + 1];
	size_t			 i;
	int			 op = DIALECT_ANY;
	const char		*code = NULL;

	if (word(&p, buf, sizeof(buf), 0) <= 0 || (strcmp(buf, "*") != 0 &&
	    (op = dialect_op_lookup(buf)) < 0))
		return lp_fail(l, l->line, "unknown operation '%s'", buf);
	if (word(&p, buf, sizeof(buf), 0) <= 0 || (strcmp(buf, "*") != 0 &&
	    (code = table_find(codes, buf)) == NULL))
		return lp_fail(l, l->line, "unknown error code '%s'", buf);
	if (l->d->nerrors == DIALECT_REPLIES_MAX)
		return lp_fail(l, l->line, "more than %d errors",
		    DIALECT_REPLIES_MAX);
	r = &l->d->errors[l->d->nerrors++];
	r->op = op;
	r->code = code;
	r->line = l->line;
	if (word(&p, buf, sizeof(buf), 0) <= 0)
		buf[0] = '\0';
	if (lp_status(l, buf, 1, &r->status) == -1)
		return -1;
	for (i = 0; i + 1 < l->d->nerrors; i++) {
		o = &l->d->errors[i];
		if (o->op == op && o->code == code)
			return lp_fail(l, l->line, "duplicate error for %s "
			    "%s (first on line %d)", op < 0 ? "*" :
			    ops[op].name, code == NULL ? "*" : code, o->line);
	}
	return lp_template(l, p, &r->body);
}

/* dialect NAME */
static int
d_dialect(struct lp *l, const char *p)
{
	char	 buf[DIALECT_NAME_MAX + 2];

	if (l->d->name != NULL)
		return lp_fail(l, l->line, "second 'dialect' line (first on "
		    "line %d)", l->dialect_line);
	if (word(&p, buf, sizeof(buf), 0) <= 0 || !good_name(buf))
		return lp_fail(l, l->line, "bad dialect name '%.64s'", buf);
	if ((l->d->name = strdup(buf)) == NULL)
		return lp_fail(l, 0, "out of memory");
	l->dialect_line = l->line;
	return lp_end(l, p);
}

/* base PATH: prefix of the route paths that follow. */
static int
d_base(struct lp *l, const char *p)
{
	char	 buf[PATH_MAX_LEN + 1], out[PATH_MAX_LEN + 1];

	if (word(&p, buf, sizeof(buf), 0) <= 0)
		return lp_fail(l, l->line, "expected a path after 'base'");
	if (lp_end(l, p) == -1 || lp_path(l, buf, -1, NULL, out,
	    sizeof(out)) == -1)
		return -1;
	if (strcmp(out, "/") == 0 || out[strlen(out) - 1] == '/')
		return lp_fail(l, l->line, "base path '%s' ends in '/'", buf);
	snprintf(l->base, sizeof(l->base), "%s", out);
	return 0;
}

/* option access_ttl session|default */
static int
d_option(struct lp *l, const char *p)
{
	char	 key[DIALECT_NAME_MAX + 1], val[DIALECT_NAME_MAX + 1];

	if (word(&p, key, sizeof(key), 0) <= 0 || strcmp(key,
	    "access_ttl") != 0)
		return lp_fail(l, l->line, "unknown option '%s'", key);
	if (word(&p, val, sizeof(val), 0) <= 0 || (strcmp(val,
	    "session") != 0 && strcmp(val, "default") != 0))
		return lp_fail(l, l->line, "option access_ttl is 'session' "
		    "or 'default'");
	l->d->access_ttl_session = strcmp(val, "session") == 0;
	return lp_end(l, p);
}

/* cookie refresh PATH, link verify|reset PATH */
static int
d_path_option(struct lp *l, const char *p, int link)
{
	char	 kind[16], buf[PATH_MAX_LEN + 1], out[PATH_MAX_LEN + 2];
	char	**dst;

	if (word(&p, kind, sizeof(kind), 0) <= 0)
		kind[0] = '\0';
	if (!link && strcmp(kind, "refresh") == 0)
		dst = &l->d->refresh_cookie_path;
	else if (link && strcmp(kind, "verify") == 0)
		dst = &l->d->link_verify;
	else if (link && strcmp(kind, "reset") == 0)
		dst = &l->d->link_reset;
	else
		return lp_fail(l, l->line, link ? "unknown link '%s' (verify "
		    "or reset)" : "unknown cookie '%s' (refresh)", kind);
	if (*dst != NULL)
		return lp_fail(l, l->line, "%s %s given twice",
		    link ? "link" : "cookie", kind);
	if (word(&p, buf, sizeof(buf), 0) <= 0)
		return lp_fail(l, l->line, "expected a path");
	if (lp_end(l, p) == -1 || lp_path(l, buf, -1, link ? "token" : NULL,
	    out, sizeof(out)) == -1)
		return -1;
	if ((*dst = strdup(out)) == NULL)
		return lp_fail(l, 0, "out of memory");
	return 0;
}

/* After the last line: what only the whole file can tell. */
static int
lp_finish(struct lp *l)
{
	struct dialect	*d = l->d;
	size_t		 i, j;
	int		 op;

	if (d->name == NULL)
		return lp_fail(l, 1, "no 'dialect' line");
	if (d->nroutes == 0)
		return lp_fail(l, l->dialect_line, "no routes");
	for (i = 0; i < d->nreplies + d->nerrors; i++) {
		const struct dialect_reply *r = i < d->nreplies ?
		    &d->replies[i] : &d->errors[i - d->nreplies];

		if ((op = r->op) == DIALECT_ANY)
			continue;
		for (j = 0; j < d->nroutes && (int)d->routes[j].op != op; j++)
			continue;
		if (j == d->nroutes)
			return lp_fail(l, r->line, "no route for operation "
			    "'%s'", ops[op].name);
	}
	return 0;
}

struct dialect *
dialect_parse(const char *file, const char *text, size_t len, char *err,
    size_t errsz)
{
	struct lp	 l;
	char		 line[DIALECT_LINE_MAX + 1], dir[16];
	const char	*p;
	int		 rc, n;

	memset(&l, 0, sizeof(l));
	l.file = file;
	l.text = text;
	l.len = len;
	l.err = err;
	l.errsz = errsz;
	if (errsz > 0)
		err[0] = '\0';
	if (len > DIALECT_FILE_MAX) {
		lp_fail(&l, 0, "file larger than %d bytes", DIALECT_FILE_MAX);
		return NULL;
	}
	if ((l.d = calloc(1, sizeof(*l.d))) == NULL ||
	    (l.d->file = strdup(file)) == NULL) {
		lp_fail(&l, 0, "out of memory");
		goto out;
	}
	while ((rc = lp_line(&l, line)) > 0) {
		p = line;
		skip(&p);
		if (*p == '\0' || *p == '#')
			continue;
		if ((n = word(&p, dir, sizeof(dir), 0)) < 0)
			dir[0] = '\0';
		if (l.d->name == NULL && strcmp(dir, "dialect") != 0) {
			lp_fail(&l, l.line, "the first line must be "
			    "'dialect NAME'");
			break;
		}
		if (strcmp(dir, "dialect") == 0)
			rc = d_dialect(&l, p);
		else if (strcmp(dir, "base") == 0)
			rc = d_base(&l, p);
		else if (strcmp(dir, "route") == 0)
			rc = d_route(&l, p);
		else if (strcmp(dir, "field") == 0)
			rc = d_field(&l, p);
		else if (strcmp(dir, "reply") == 0)
			rc = d_reply(&l, p);
		else if (strcmp(dir, "error") == 0)
			rc = d_error(&l, p);
		else if (strcmp(dir, "option") == 0)
			rc = d_option(&l, p);
		else if (strcmp(dir, "cookie") == 0)
			rc = d_path_option(&l, p, 0);
		else if (strcmp(dir, "link") == 0)
			rc = d_path_option(&l, p, 1);
		else
			rc = lp_fail(&l, l.line, "unknown directive '%.32s'",
			    n < 0 ? line : dir);
		if (rc == -1)
			break;
	}
	if (!l.failed)
		lp_finish(&l);
out:
	if (l.failed) {
		dialect_free(l.d);
		return NULL;
	}
	return l.d;
}

struct dialect *
dialect_load(const char *path, char *err, size_t errsz)
{
	struct dialect	*d = NULL;
	FILE		*f;
	char		*buf = NULL;
	size_t		 n;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errsz, "%s:0: cannot open: %s", path,
		    strerror(errno));
		return NULL;
	}
	if ((buf = malloc(DIALECT_FILE_MAX + 1)) == NULL) {
		snprintf(err, errsz, "%s:0: out of memory", path);
		goto out;
	}
	n = fread(buf, 1, DIALECT_FILE_MAX + 1, f);
	if (ferror(f)) {
		snprintf(err, errsz, "%s:0: cannot read: %s", path,
		    strerror(errno));
		goto out;
	}
	d = dialect_parse(path, buf, n, err, errsz);
out:
	free(buf);
	fclose(f);
	return d;
}

void
dialect_free(struct dialect *d)
{
	size_t	 i, j;

	if (d == NULL)
		return;
	for (i = 0; i < d->nroutes; i++)
		free(d->routes[i].path);
	for (i = 0; i < d->nfields; i++)
		for (j = 0; j < d->fields[i].nnames; j++)
			free(d->fields[i].names[j]);
	for (i = 0; i < d->nreplies; i++) {
		free(d->replies[i].when_value);
		tmpl_free(d->replies[i].body);
	}
	for (i = 0; i < d->nerrors; i++)
		tmpl_free(d->errors[i].body);
	free(d->name);
	free(d->file);
	free(d->refresh_cookie_path);
	free(d->link_verify);
	free(d->link_reset);
	free(d);
}

const char *
dialect_field_name(const struct dialect *d, const char *canonical)
{
	size_t	 i;

	for (i = 0; d != NULL && i < d->nfields; i++)
		if (strcmp(d->fields[i].canonical, canonical) == 0)
			return d->fields[i].names[0];
	return canonical;
}

const char *
dialect_field_canonical(const struct dialect *d, const char *wire)
{
	size_t	 i, j;

	for (i = 0; d != NULL && i < d->nfields; i++)
		for (j = 0; j < d->fields[i].nnames; j++)
			if (strcmp(d->fields[i].names[j], wire) == 0)
				return d->fields[i].canonical;
	for (i = 0; d != NULL && i < d->nfields; i++)
		if (strcmp(d->fields[i].canonical, wire) == 0)
			return NULL;
	return wire;
}
