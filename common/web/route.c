/*
 * route: build a program's match table from the path table, and match a
 * method and a decoded path against it.  Paths and patterns are compared
 * one '/'-separated segment at a time; a "{name}" segment captures one
 * non-empty path segment.  Nothing here allocates.
 */
#include <stdio.h>
#include <string.h>

#include "dialect.h"
#include "http.h"
#include "route.h"

/*
 * Length of "path" once one trailing slash is dropped: "/a/" is "/a",
 * but "/" and "/a//" stay as they are (an empty segment never matches).
 */
static size_t
path_len(const char *path)
{
	size_t	 len = strlen(path);

	if (len > 1 && path[len - 1] == '/' && path[len - 2] != '/')
		len--;
	return len;
}

/*
 * Capture path segment "seg" ("len" bytes) as parameter "name" (the
 * pattern segment "{name}", "namelen" bytes with its braces).  0, or -1
 * if the segment is empty or too long, or there is no room.
 */
static int
capture(struct route_params *params, const char *name, size_t namelen,
    const char *seg, size_t len)
{

	if (len == 0 || len > ROUTE_PARAM_LEN ||
	    params->n >= ROUTE_PARAMS_MAX)
		return -1;
	params->p[params->n].name = name + 1;
	params->p[params->n].namelen = namelen - 2;
	memcpy(params->p[params->n].value, seg, len);
	params->p[params->n].value[len] = '\0';
	params->n++;
	return 0;
}

/*
 * Whether "pattern" matches the "len" bytes of "path", segment by
 * segment: 1 (with the parameters in "params") or 0.
 */
static int
pattern_match(const char *pattern, const char *path, size_t len,
    struct route_params *params)
{
	const char	*end = path + len;
	size_t		 pn, sn, i;

	params->n = 0;		/* only the first n entries are ever read */
	if (*pattern != '/' || len == 0 || *path != '/')
		return 0;
	/*
	 * Every request tries most of the table: compare the literal
	 * part in one pass, and go segment by segment only from a
	 * "{name}" on.  A literal pattern equal to the path segment by
	 * segment is equal to it byte by byte.
	 */
	for (i = 0; i < len && pattern[i] == path[i] && pattern[i] != '{'; i++)
		continue;
	if (i == len)
		return pattern[i] == '\0' ||
		    (pattern[i] == '/' && pattern[i + 1] == '\0');
	if (pattern[i] != '{')
		return 0;
	while (*pattern == '/' && path < end && *path == '/') {
		pattern++;
		path++;
		pn = strcspn(pattern, "/");
		for (sn = 0; path + sn < end && path[sn] != '/'; sn++)
			continue;
		if (pn > 2 && pattern[0] == '{' && pattern[pn - 1] == '}') {
			if (capture(params, pattern, pn, path, sn) == -1)
				return 0;
		} else if (pn != sn || memcmp(pattern, path, pn) != 0)
			return 0;
		pattern += pn;
		path += sn;
	}
	/* a dialect's "/login/" is "/login", as a request's path is */
	return path == end && (*pattern == '\0' ||
	    (pattern[0] == '/' && pattern[1] == '\0'));
}

/* Whether "pattern" has a "{name}" segment: 1 or 0. */
static int
has_param(const char *pattern)
{
	return strchr(pattern, '{') != NULL;
}

/*
 * Append the operations of "list" whose patterns have "{name}"
 * segments ("params" 1) or have none ("params" 0) to "out" at "*used".
 * 0, or -1 (err set) when there is no room.
 */
static int
build_pass(const struct path *tbl, const struct route *list, size_t n,
    int params, struct route_rule *out, size_t outsz, size_t *used,
    char *err, size_t errsz)
{
	const struct path	*p;
	size_t			 i;

	for (i = 0; i < n; i++) {
		p = &tbl[list[i].op];
		if (p->pattern == NULL || has_param(p->pattern) != params)
			continue;
		if (*used >= outsz) {
			snprintf(err, errsz, "route table full at %s",
			    op_name(list[i].op));
			return -1;
		}
		out[*used].methods = p->methods;
		out[*used].pattern = p->pattern;
		out[*used].guard = p->guard;
		out[*used].op = list[i].op;
		out[*used].handler = list[i].handler;
		out[*used].dialect = NULL;
		(*used)++;
	}
	return 0;
}

/*
 * A pattern is a path too: an earlier row of "out" matching a later
 * one's pattern hides it.  0, or -1 with the two in "err".
 */
static int
check_hidden(const struct route_rule *out, size_t used, char *err,
    size_t errsz)
{
	struct route_params	 tmp;
	size_t			 i, j;

	for (j = 0; j < used; j++)
		for (i = 0; i < j; i++)
			if ((out[i].methods & out[j].methods) &&
			    pattern_match(out[i].pattern, out[j].pattern,
			    path_len(out[j].pattern), &tmp)) {
				snprintf(err, errsz, "%s (%s) is hidden by "
				    "%s (%s)", op_name(out[j].op),
				    out[j].pattern, op_name(out[i].op),
				    out[i].pattern);
				return -1;
			}
	return 0;
}

int
route_build(const struct path *tbl, const struct route *list, size_t n,
    struct route_rule *out, size_t outsz, char *err, size_t errsz)
{
	size_t			 i, j, used = 0;

	if (errsz > 0)
		err[0] = '\0';
	for (i = 0; i < n; i++) {
		if ((int)list[i].op < 0 || list[i].op >= OP__MAX) {
			snprintf(err, errsz, "operation %d out of range",
			    (int)list[i].op);
			return -1;
		}
		for (j = 0; j < i; j++)
			if (list[j].op == list[i].op) {
				snprintf(err, errsz, "%s listed twice",
				    op_name(list[i].op));
				return -1;
			}
	}
	if (build_pass(tbl, list, n, 0, out, outsz, &used, err, errsz) == -1 ||
	    build_pass(tbl, list, n, 1, out, outsz, &used, err, errsz) == -1 ||
	    check_hidden(out, used, err, errsz) == -1)
		return -1;
	return (int)used;
}

/* The operation of "list" that the dialect's operation "dop" names. */
static const struct route *
dialect_served(int dop, const struct route *list, size_t n)
{
	const char	*name = dialect_op_name((enum dialect_op)dop);
	size_t		 i;

	for (i = 0; i < n; i++)
		if (list[i].op != OP_AUTHORIZE &&
		    strcmp(op_name(list[i].op), name) == 0)
			return &list[i];
	return NULL;
}

int
route_build_dialect(const struct dialect *d, const struct path *tbl,
    const struct route *list, size_t n, struct route_rule *out,
    size_t outsz, char *err, size_t errsz)
{
	const struct dialect_route	*dr;
	const struct route		*served;
	size_t				 i, used = 0;
	int				 params, m;

	if (errsz > 0)
		err[0] = '\0';
	for (params = 0; d != NULL && params < 2; params++)
		for (i = 0; i < d->nroutes; i++) {
			dr = &d->routes[i];
			if (has_param(dr->path) != params ||
			    (served = dialect_served(dr->op, list, n)) == NULL)
				continue;
			if (used >= outsz) {
				snprintf(err, errsz, "route table full at "
				    "%s", dr->path);
				return -1;
			}
			m = http_method_parse(dr->method);
			out[used].methods = m >= 0 && m < HTTP_OTHER ?
			    HTTP_M(m) : 0;
			out[used].pattern = dr->path;
			out[used].guard = tbl[served->op].guard;
			out[used].op = served->op;
			out[used].handler = served->handler;
			out[used].dialect = dr;
			used++;
		}
	if (check_hidden(out, used, err, errsz) == -1)
		return -1;
	return (int)used;
}

int
route_match(const struct route_rule *tbl, size_t n, int method,
    const char *path, struct route_params *params, unsigned *allowed)
{
	struct route_params	 tmp;
	unsigned		 bit, mask = 0;
	size_t			 i, len;
	int			 found = 0;

	if (params != NULL)
		params->n = 0;
	if (allowed != NULL)
		*allowed = 0;
	if (tbl == NULL || path == NULL)
		return -1;
	bit = method >= 0 && method < HTTP__MAX ? HTTP_M(method) : 0;
	len = path_len(path);
	for (i = 0; i < n; i++) {
		if (tbl[i].pattern == NULL ||
		    !pattern_match(tbl[i].pattern, path, len, &tmp))
			continue;
		if (tbl[i].methods & bit) {
			if (params != NULL)
				*params = tmp;
			return (int)i;
		}
		mask |= tbl[i].methods;
		found = 1;
	}
	if (allowed != NULL)
		*allowed = mask;
	return found ? -2 : -1;
}

long long
route_param_id(const struct route_params *params, const char *name)
{
	const char	*p = route_param(params, name);
	long long	 id = 0;
	size_t		 i;

	for (i = 0; p != NULL && p[i] != '\0' && i < 18; i++) {
		if (p[i] < '0' || p[i] > '9')
			break;
		id = id * 10 + (p[i] - '0');
	}
	if (p == NULL || i == 0 || p[i] != '\0')
		return 0;
	return id;
}

const char *
route_param(const struct route_params *params, const char *name)
{
	size_t	 i, len;

	if (params == NULL || name == NULL)
		return NULL;
	len = strlen(name);
	for (i = 0; i < params->n && i < ROUTE_PARAMS_MAX; i++)
		if (params->p[i].namelen == len &&
		    memcmp(params->p[i].name, name, len) == 0)
			return params->p[i].value;
	return NULL;
}

/*
 * The method names of "allowed", in enum order, joined by ", ".  A name
 * that does not fit is left out whole; "out" is always terminated.
 */
void
route_allow_header(unsigned allowed, char *out, size_t outsz)
{
	size_t		 used = 0, need;
	const char	*name;
	int		 m;

	if (out == NULL || outsz == 0)
		return;
	out[0] = '\0';
	for (m = 0; m < HTTP_OTHER; m++) {
		if (!(allowed & HTTP_M(m)))
			continue;
		name = http_method_name((enum http_method)m);
		need = strlen(name) + (used > 0 ? 2 : 0);
		if (used + need >= outsz)
			break;
		snprintf(out + used, outsz - used, "%s%s",
		    used > 0 ? ", " : "", name);
		used += need;
	}
}

int
route_print(FILE *fp, const struct route_rule *tbl, size_t n)
{
	size_t	 i;
	int	 m;

	for (i = 0; i < n; i++)
		for (m = 0; m < HTTP_OTHER; m++)
			if ((tbl[i].methods & HTTP_M(m)) &&
			    fprintf(fp, "%s %s\n",
			    http_method_name((enum http_method)m),
			    tbl[i].pattern) < 0)
				return -1;
	return fflush(fp) == 0 ? 0 : -1;
}
