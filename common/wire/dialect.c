/*
 * dialect: load a dialect file (fcauth-dialect(5)) line by line into a
 * struct dialect, refusing it whole with "FILE:LINE: reason" at the
 * first problem: the line reader, the words of a line, the dialect,
 * field and option lines, and the checks of the whole file.  Route,
 * base, cookie and link lines are dialect_route.c's, reply and error
 * lines dialect_body.c's; templates are parsed by dialect_tmpl.c and
 * rendered by dialect_render.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect_int.h"

/* The canonical input fields a "field" line may rename (API.md). */
static const char *const canonical_fields[] = {
	"login", "email", "username", "password", "remember",
	"refresh_token", "all", "full_name", "phone", "birthday", "bio",
	"profile_picture", "contacts", "verification_id", "id", "code",
	"token", "new_password", "current_password", "new_email",
	"mfa_token", "recovery_code", "limit", "before", NULL
};

/* Record the first failure, at line "line".  Returns -1. */
int
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

/* The entry of NULL-terminated "tbl" equal to "s", or NULL. */
const char *
lp_find(const char *const *tbl, const char *s)
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
int
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
void
lp_skip(const char **p)
{
	while (**p == ' ' || **p == '\t')
		(*p)++;
}

/*
 * The next word at "*p" (up to a blank, or also ',' with "comma") into
 * "buf" of "bufsz" bytes.  Returns its length (0 at the end of the
 * line), or -1 if it does not fit.
 */
int
lp_word(const char **p, char *buf, size_t bufsz, int comma)
{
	size_t	 n = 0;

	lp_skip(p);
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
int
lp_end(struct lp *l, const char *p)
{
	lp_skip(&p);
	if (*p != '\0')
		return lp_fail(l, l->line, "unexpected '%.32s' at the end "
		    "of the line", p);
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

	if (lp_word(&p, buf, sizeof(buf), 0) <= 0)
		return lp_fail(l, l->line, "expected a field name");
	if ((canon = lp_find(canonical_fields, buf)) == NULL)
		return lp_fail(l, l->line, "unknown field '%s'", buf);
	for (i = 0; i < l->d->nfields; i++)
		if (l->d->fields[i].canonical == canon)
			return lp_fail(l, l->line, "field '%s' renamed "
			    "twice (first on line %d)", canon,
			    l->d->fields[i].line);
	if (lp_word(&p, buf, sizeof(buf), 0) <= 0 || strcmp(buf, "<-") != 0)
		return lp_fail(l, l->line, "expected '<-' after the field");
	if (l->d->nfields == DIALECT_FIELDS_MAX)
		return lp_fail(l, l->line, "more than %d fields",
		    DIALECT_FIELDS_MAX);
	f = &l->d->fields[l->d->nfields++];
	f->canonical = canon;
	f->line = l->line;
	for (;;) {
		if ((n = lp_word(&p, buf, sizeof(buf), 1)) <= 0 ||
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
		lp_skip(&p);
		if (*p != ',')
			break;
		p++;
	}
	if (lp_word(&p, buf, sizeof(buf), 0) > 0) {
		if (strcmp(buf, "required") != 0)
			return lp_fail(l, l->line, "expected ',' or "
			    "'required', not '%s'", buf);
		f->required = 1;
	}
	return lp_end(l, p);
}

/* dialect NAME */
static int
d_dialect(struct lp *l, const char *p)
{
	char	 buf[DIALECT_NAME_MAX + 2];

	if (l->d->name != NULL)
		return lp_fail(l, l->line, "second 'dialect' line (first on "
		    "line %d)", l->dialect_line);
	if (lp_word(&p, buf, sizeof(buf), 0) <= 0 || !good_name(buf))
		return lp_fail(l, l->line, "bad dialect name '%.64s'", buf);
	if ((l->d->name = strdup(buf)) == NULL)
		return lp_fail(l, 0, "out of memory");
	l->dialect_line = l->line;
	return lp_end(l, p);
}

/* option access_ttl session|default */
static int
d_option(struct lp *l, const char *p)
{
	char	 key[DIALECT_NAME_MAX + 1], val[DIALECT_NAME_MAX + 1];

	if (lp_word(&p, key, sizeof(key), 0) <= 0 || strcmp(key,
	    "access_ttl") != 0)
		return lp_fail(l, l->line, "unknown option '%s'", key);
	if (lp_word(&p, val, sizeof(val), 0) <= 0 || (strcmp(val,
	    "session") != 0 && strcmp(val, "default") != 0))
		return lp_fail(l, l->line, "option access_ttl is 'session' "
		    "or 'default'");
	l->d->access_ttl_session = strcmp(val, "session") == 0;
	return lp_end(l, p);
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
			    "'%s'", dialect_op_name((enum dialect_op)op));
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
		lp_skip(&p);
		if (*p == '\0' || *p == '#')
			continue;
		if ((n = lp_word(&p, dir, sizeof(dir), 0)) < 0)
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
