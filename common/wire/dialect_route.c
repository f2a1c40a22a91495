/*
 * dialect_route: the route lines of a dialect file and the paths of its
 * base, cookie and link lines, checked against the operations and the
 * path parameters each takes.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect_int.h"

/*
 * The operations, by enum dialect_op: the name a route line gives and
 * the path parameter the operation takes (it must be in its path, and
 * no other).  The names are op_name()'s (common/web/ops.c), in the order
 * of enum op; check_dialect holds the two tables to each other.
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
	{ "mfa_totp_start", NULL },	/* DIALECT_OP_MFA_TOTP_START */
	{ "mfa_totp_confirm", NULL },	/* DIALECT_OP_MFA_TOTP_CONFIRM */
	{ "mfa_totp_delete", NULL },	/* DIALECT_OP_MFA_TOTP_DELETE */
	{ "mfa_recovery", NULL },	/* DIALECT_OP_MFA_RECOVERY */
	{ "mfa_verify", NULL },		/* DIALECT_OP_MFA_VERIFY */
	{ "devices", NULL },		/* DIALECT_OP_DEVICES */
	{ "device_delete", "id" },	/* DIALECT_OP_DEVICE_DELETE */
	{ "passkey_register_options", NULL },
					/* DIALECT_OP_PASSKEY_REGISTER_OPTIONS */
	{ "passkey_register", NULL },	/* DIALECT_OP_PASSKEY_REGISTER */
	{ "passkeys", NULL },		/* DIALECT_OP_PASSKEYS */
	{ "passkey_rename", "id" },	/* DIALECT_OP_PASSKEY_RENAME */
	{ "passkey_delete", "id" },	/* DIALECT_OP_PASSKEY_DELETE */
	{ "passkey_login_options", NULL }, /* DIALECT_OP_PASSKEY_LOGIN_OPTIONS */
	{ "passkey_login", NULL },	/* DIALECT_OP_PASSKEY_LOGIN */
};

/*
 * The methods a route may name, spelt as http_method_name() spells them
 * (common/web/http.c), which maps a route's method back with
 * http_method_parse(): the wire layer does not include the web layer,
 * which calls it.  check_dialect holds the two to each other.
 */
static const char *const methods[] = {
	"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", NULL
};

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
int
d_route(struct lp *l, const char *p)
{
	struct dialect_route	*r;
	char			 method[16], path[DIALECT_PATH_LEN + 1];
	char			 arrow[8], opname[DIALECT_NAME_MAX + 1];
	char			 full[2 * DIALECT_PATH_LEN + 2];
	const char		*m;
	int			 op, n;
	size_t			 i;

	if (lp_word(&p, method, sizeof(method), 0) <= 0 ||
	    (m = lp_find(methods, method)) == NULL)
		return lp_fail(l, l->line, "bad method '%.16s' (one of GET, "
		    "HEAD, POST, PUT, PATCH, DELETE)", method[0] != '\0' ?
		    method : "");
	if ((n = lp_word(&p, path, sizeof(path), 0)) <= 0)
		return lp_fail(l, l->line, n < 0 ? "path too long" :
		    "route without a path");
	if (lp_word(&p, arrow, sizeof(arrow), 0) <= 0 ||
	    strcmp(arrow, "->") != 0)
		return lp_fail(l, l->line, "expected '->' after the path");
	if (lp_word(&p, opname, sizeof(opname), 0) <= 0)
		return lp_fail(l, l->line, "expected an operation after "
		    "'->'");
	if ((op = dialect_op_lookup(opname)) < 0)
		return lp_fail(l, l->line, "unknown operation '%s'", opname);
	if (op == DIALECT_OP_AUTHORIZE)
		return lp_fail(l, l->line, "operation 'authorize' has no "
		    "path: the web server asks it");
	if (lp_end(l, p) == -1)
		return -1;
	if (path[0] != '/')
		return lp_fail(l, l->line, "path '%s' does not start with "
		    "'/'", path);
	snprintf(full, sizeof(full), "%s%s", l->base, path);
	if (strlen(full) > DIALECT_PATH_LEN)
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

/* base PATH: prefix of the route paths that follow. */
int
d_base(struct lp *l, const char *p)
{
	char	 buf[DIALECT_PATH_LEN + 1], out[DIALECT_PATH_LEN + 1];

	if (lp_word(&p, buf, sizeof(buf), 0) <= 0)
		return lp_fail(l, l->line, "expected a path after 'base'");
	if (lp_end(l, p) == -1 || lp_path(l, buf, -1, NULL, out,
	    sizeof(out)) == -1)
		return -1;
	if (strcmp(out, "/") == 0 || out[strlen(out) - 1] == '/')
		return lp_fail(l, l->line, "base path '%s' ends in '/'", buf);
	snprintf(l->base, sizeof(l->base), "%s", out);
	return 0;
}

/* cookie refresh PATH, link verify|reset PATH */
int
d_path_option(struct lp *l, const char *p, int link)
{
	char	 kind[16], buf[DIALECT_PATH_LEN + 1], out[DIALECT_PATH_LEN + 2];
	char	**dst;

	if (lp_word(&p, kind, sizeof(kind), 0) <= 0)
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
	if (lp_word(&p, buf, sizeof(buf), 0) <= 0)
		return lp_fail(l, l->line, "expected a path");
	if (lp_end(l, p) == -1 || lp_path(l, buf, -1, link ? "token" : NULL,
	    out, sizeof(out)) == -1)
		return -1;
	if ((*dst = strdup(out)) == NULL)
		return lp_fail(l, 0, "out of memory");
	return 0;
}
