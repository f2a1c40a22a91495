/*
 * fcauthctl snippet lighttpd|apache|nginx: the web-server configuration
 * that sends every canonical path (paths.c) and every path of the
 * configured dialect ([api] dialect, fcauth-dialect(5)) to the program
 * that owns its operation (ops.c, op_program).
 *
 * The paths become URL prefixes: a subtree of the path tree whose paths
 * all belong to one program is one prefix; where programs share a
 * subtree, the program owning more than half of its branches (or the
 * branch of a "{name}" segment, which matches any segment) takes the
 * subtree and the others get narrower prefixes.  The prefixes are
 * written longest first, so lighttpd's and Apache's first match and
 * nginx's longest match agree; every path is then routed through the
 * written prefixes as each server would, and a path that would reach
 * the wrong program gets a prefix of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "ctl.h"
#include "dialect.h"
#include "ops.h"
#include "paths.h"
#include "snippet.h"

#ifndef FCAUTH_LIBEXECDIR
#define FCAUTH_LIBEXECDIR	"/usr/local/libexec"
#endif
#ifndef FCAUTH_DIALECTS_DIR
#define FCAUTH_DIALECTS_DIR	"/usr/local/share/fcauth/dialects"
#endif

#define SNIP_PATHS_MAX	(OP__MAX + DIALECT_ROUTES_MAX)
#define SNIP_CLAIMS_MAX	(2 * SNIP_PATHS_MAX + 8)
#define SNIP_PATH_LEN	512

struct snip_path {
	char		 path[SNIP_PATH_LEN];	/* "{name}" written "{}" */
	const char	*prog;
	int		 dialect;
};

struct snip_claim {
	char		 prefix[SNIP_PATH_LEN + 1];
	const char	*prog;
};

struct snip {
	struct snip_path	 paths[SNIP_PATHS_MAX];
	size_t			 npaths;
	struct snip_claim	 claims[SNIP_CLAIMS_MAX];
	size_t			 nclaims;
	char			*err;
	size_t			 errsz;
};

static const char *const servers[SNIPPET__MAX] = {
	"lighttpd",		/* SNIPPET_LIGHTTPD */
	"apache",		/* SNIPPET_APACHE */
	"nginx",		/* SNIPPET_NGINX */
};

static const char *const default_sockets[SNIPPET__MAX] = {
	"/run/lighttpd/fcauth-",	/* SNIPPET_LIGHTTPD */
	"",				/* SNIPPET_APACHE: mod_fcgid's own */
	"/run/fcauth/",			/* SNIPPET_NGINX */
};

int
snippet_server_lookup(const char *name)
{
	int	 i;

	for (i = 0; i < SNIPPET__MAX; i++)
		if (strcmp(servers[i], name) == 0)
			return i;
	return -1;
}

const char *
snippet_default_sockets(enum snippet_server server)
{
	return server < SNIPPET__MAX ? default_sockets[server] : "";
}

/* "pattern" with every "{name}" as "{}" into "out".  0, or -1 too long. */
static int
snip_normalize(const char *pattern, char *out, size_t outsz)
{
	size_t	 o = 0;

	while (*pattern != '\0') {
		if (o + 3 >= outsz)
			return -1;
		if (*pattern == '{') {
			out[o++] = '{';
			out[o++] = '}';
			pattern += strcspn(pattern, "}");
			if (*pattern == '}')
				pattern++;
			continue;
		}
		out[o++] = *pattern++;
	}
	out[o] = '\0';
	return 0;
}

/*
 * Add "pattern" for "prog".  A dialect path equal to a canonical one
 * takes it (the dialect's route wins on the instance).  0, or -1 with
 * the reason in s->err.
 */
static int
snip_add(struct snip *s, const char *pattern, const char *prog, int dialect)
{
	char	 norm[SNIP_PATH_LEN];
	size_t	 i;

	if (snip_normalize(pattern, norm, sizeof(norm)) == -1) {
		snprintf(s->err, s->errsz, "path too long: %.64s...", pattern);
		return -1;
	}
	for (i = 0; i < s->npaths; i++) {
		if (strcmp(s->paths[i].path, norm) != 0)
			continue;
		if (strcmp(s->paths[i].prog, prog) == 0)
			return 0;
		if (dialect && !s->paths[i].dialect) {
			s->paths[i].prog = prog;
			s->paths[i].dialect = 1;
			return 0;
		}
		snprintf(s->err, s->errsz, "path %s goes to two programs, %s "
		    "and %s: a web server routes by path, not by method",
		    pattern, s->paths[i].prog, prog);
		return -1;
	}
	if (s->npaths == SNIP_PATHS_MAX) {
		snprintf(s->err, s->errsz, "too many paths");
		return -1;
	}
	memcpy(s->paths[s->npaths].path, norm, sizeof(norm));
	s->paths[s->npaths].prog = prog;
	s->paths[s->npaths].dialect = dialect;
	s->npaths++;
	return 0;
}

/* Whether "p" is the node "n" (length "len") or below it. */
static int
snip_under(const char *p, const char *n, size_t len)
{
	return strncmp(p, n, len) == 0 && (p[len] == '\0' || p[len] == '/');
}

/* The one program of every path at or below "n", or NULL if several. */
static const char *
snip_owner(const struct snip *s, const char *n, size_t len)
{
	const char	*prog = NULL;
	size_t		 i;

	for (i = 0; i < s->npaths; i++) {
		if (!snip_under(s->paths[i].path, n, len))
			continue;
		if (prog == NULL)
			prog = s->paths[i].prog;
		else if (strcmp(prog, s->paths[i].prog) != 0)
			return NULL;
	}
	return prog;
}

/* The program of the path that is exactly "n", or NULL. */
static const char *
snip_self(const struct snip *s, const char *n, size_t len)
{
	size_t	 i;

	for (i = 0; i < s->npaths; i++)
		if (strncmp(s->paths[i].path, n, len) == 0 &&
		    s->paths[i].path[len] == '\0')
			return s->paths[i].prog;
	return NULL;
}

static int
snip_claim(struct snip *s, const char *n, size_t len, int slash,
    const char *prog)
{
	struct snip_claim	*c;
	size_t			 i;

	for (i = 0; i < s->nclaims; i++)
		if (strncmp(s->claims[i].prefix, n, len) == 0 &&
		    strcmp(s->claims[i].prefix + len, slash ? "/" : "") == 0)
			return 0;
	if (s->nclaims == SNIP_CLAIMS_MAX) {
		snprintf(s->err, s->errsz, "too many prefixes");
		return -1;
	}
	c = &s->claims[s->nclaims++];
	memcpy(c->prefix, n, len);
	c->prefix[len] = '\0';
	if (slash)
		strcat(c->prefix, "/");
	c->prog = prog;
	return 0;
}

/* The branches of node "n": a path index and the length of its node. */
struct snip_child {
	size_t		 i;
	size_t		 len;
	const char	*owner;
};

/* The prefixes of the subtree at "n" (length "len"), at "depth". */
static int
snip_emit(struct snip *s, const char *n, size_t len, int depth)
{
	struct snip_child	 kids[SNIP_PATHS_MAX];
	const char		*prog, *def = NULL, *self, *p, *end;
	size_t			 nk = 0, i, j, count;

	if ((prog = snip_owner(s, n, len)) != NULL)
		return snip_claim(s, n, len,
		    snip_self(s, n, len) == NULL, prog);

	for (i = 0; i < s->npaths; i++) {
		p = s->paths[i].path;
		if (!snip_under(p, n, len) || p[len] == '\0')
			continue;
		end = strchr(p + len + 1, '/');
		kids[nk].len = end != NULL ? (size_t)(end - p) : strlen(p);
		for (j = 0; j < nk; j++)
			if (kids[j].len == kids[nk].len && strncmp(p,
			    s->paths[kids[j].i].path, kids[nk].len) == 0)
				break;
		if (j < nk)
			continue;
		kids[nk].i = i;
		kids[nk].owner = snip_owner(s, p, kids[nk].len);
		nk++;
	}

	/* a "{name}" branch matches any segment: its program takes all */
	for (j = 0; j < nk; j++) {
		p = s->paths[kids[j].i].path;
		if (strncmp(p + len + 1, "{}", 2) != 0 ||
		    kids[j].len != len + 3)
			continue;
		if ((def = kids[j].owner) == NULL) {
			snprintf(s->err, s->errsz, "the paths under %.*s/{name} "
			    "go to several programs: no prefix tells them apart",
			    (int)len, n);
			return -1;
		}
	}
	for (i = 0; def == NULL && depth > 0 && op_programs_all[i] != NULL;
	    i++) {
		for (count = 0, j = 0; j < nk; j++)
			if (kids[j].owner != NULL &&
			    strcmp(kids[j].owner, op_programs_all[i]) == 0)
				count++;
		if (2 * count > nk)
			def = op_programs_all[i];
	}

	for (j = 0; j < nk; j++) {
		if (def != NULL && kids[j].owner != NULL &&
		    strcmp(kids[j].owner, def) == 0)
			continue;
		if (snip_emit(s, s->paths[kids[j].i].path, kids[j].len,
		    depth + 1) == -1)
			return -1;
	}
	self = snip_self(s, n, len);
	if (self != NULL && snip_claim(s, n, len, 0, self) == -1)
		return -1;
	if (def != NULL && (self == NULL || strcmp(self, def) != 0) &&
	    snip_claim(s, n, len, 1, def) == -1)
		return -1;
	return 0;
}

static int
snip_cmp(const void *a, const void *b)
{
	const struct snip_claim	*x = a, *y = b;
	size_t			 lx = strlen(x->prefix), ly = strlen(y->prefix);

	if (lx != ly)
		return lx > ly ? -1 : 1;
	return strcmp(x->prefix, y->prefix);
}

/*
 * The program the server would send "path" to: the first (longest)
 * prefix that matches it, as a string (lighttpd, nginx) or by whole
 * segments (Apache's Alias), or NULL.
 */
static const char *
snip_route(const struct snip *s, const char *path, int segments)
{
	const char	*c;
	size_t		 i, len;

	for (i = 0; i < s->nclaims; i++) {
		c = s->claims[i].prefix;
		len = strlen(c);
		if (strncmp(path, c, len) != 0)
			continue;
		if (segments && len > 0 && c[len - 1] != '/' &&
		    path[len] != '\0' && path[len] != '/')
			continue;
		return s->claims[i].prog;
	}
	return NULL;
}

/*
 * Route every path through the prefixes as each server would; one that
 * goes astray gets its own prefix (the path up to its first "{name}").
 */
static int
snip_fixup(struct snip *s)
{
	char		 sample[SNIP_PATH_LEN * 2];
	const char	*p, *got;
	size_t		 i, o, len;
	int		 round, again;

	for (round = 0; round < 4; round++) {
		qsort(s->claims, s->nclaims, sizeof(s->claims[0]), snip_cmp);
		again = 0;
		for (i = 0; i < s->npaths; i++) {
			for (o = 0, p = s->paths[i].path; *p != '\0'; p++) {
				if (p[0] == '{' && p[1] == '}') {
					sample[o++] = 'x';
					p++;
				} else
					sample[o++] = *p;
			}
			sample[o] = '\0';
			if ((got = snip_route(s, sample, 0)) != NULL &&
			    strcmp(got, s->paths[i].prog) == 0 &&
			    (got = snip_route(s, sample, 1)) != NULL &&
			    strcmp(got, s->paths[i].prog) == 0)
				continue;
			len = strcspn(s->paths[i].path, "{");
			if (snip_claim(s, s->paths[i].path, len, 0,
			    s->paths[i].prog) == -1)
				return -1;
			again = 1;
		}
		if (!again)
			return 0;
	}
	snprintf(s->err, s->errsz, "no set of prefixes routes every path "
	    "to its program");
	return -1;
}

/* Fill s->claims for the canonical API and "d" (may be NULL). */
static int
snip_build(struct snip *s, const struct dialect *d)
{
	const char	*prog;
	size_t		 i;
	int		 op;

	for (op = 0; op < OP__MAX; op++)
		if (paths[op].pattern != NULL &&
		    snip_add(s, paths[op].pattern, op_program(op), 0) == -1)
			return -1;
	for (i = 0; d != NULL && i < d->nroutes; i++) {
		op = op_lookup(dialect_op_name(d->routes[i].op));
		if (op == -1 || (prog = op_program(op)) == NULL) {
			/* an operation this build has no program for */
			fprintf(stderr, "fcauthctl: %s:%d: no program serves "
			    "operation %s: route %s left out\n", d->file,
			    d->routes[i].line, dialect_op_name(d->routes[i].op),
			    d->routes[i].path);
			continue;
		}
		if (snip_add(s, d->routes[i].path, prog, 1) == -1)
			return -1;
	}
	if (snip_emit(s, "", 0, 0) == -1)
		return -1;
	return snip_fixup(s);
}

/* The whole segments all canonical paths share, with a '/': "/api/v1/". */
static void
snip_canonical_root(char *out, size_t outsz)
{
	const char	*first = NULL, *p;
	size_t		 len = 0, i;
	int		 op;

	for (op = 0; op < OP__MAX; op++) {
		if ((p = paths[op].pattern) == NULL)
			continue;
		if (first == NULL) {
			first = p;
			len = strlen(p);
			continue;
		}
		for (i = 0; i < len && p[i] == first[i]; i++)
			;
		len = i;
	}
	while (len > 0 && first[len - 1] != '/')
		len--;
	if (first == NULL || len == 0 || len >= outsz)
		len = 1, first = "/";
	memcpy(out, first, len);
	out[len] = '\0';
}

static void
snip_header(FILE *fp, const struct snippet_opts *o)
{
	fprintf(fp, "# fcauth for %s, written by \"fcauthctl snippet %s\":\n"
	    "# every path of the canonical API", servers[o->server],
	    servers[o->server]);
	if (o->dialect != NULL)
		fprintf(fp, " and of the dialect %s\n# (%s)",
		    o->dialect->name, o->dialect->file);
	fprintf(fp, " to the program that serves it.\n\n");
}

/*
 * The prefix lighttpd sends to the program of the first POST route of
 * "d" whose operation takes no body (activity_user, refresh, logout),
 * or NULL: none.
 */
static const char *
snip_bodyless_prefix(const struct snip *s, const struct dialect *d)
{
	const char	*prog, *path;
	size_t		 i, j;
	int		 op;

	for (i = 0; d != NULL && i < d->nroutes; i++) {
		op = op_lookup(dialect_op_name(d->routes[i].op));
		if (strcmp(d->routes[i].method, "POST") != 0 ||
		    (op != OP_ACTIVITY_USER && op != OP_REFRESH &&
		    op != OP_LOGOUT) || (prog = op_program(op)) == NULL)
			continue;
		path = d->routes[i].path;
		/* the claims are longest first: the first that matches */
		for (j = 0; j < s->nclaims; j++)
			if (strncmp(path, s->claims[j].prefix,
			    strlen(s->claims[j].prefix)) == 0)
				break;
		if (j < s->nclaims && strcmp(s->claims[j].prog, prog) == 0)
			return s->claims[j].prefix;
	}
	return NULL;
}

static void
snip_lighttpd(FILE *fp, const struct snip *s, const struct snippet_opts *o)
{
	const char	*eh;
	size_t		 i;

	if (!o->routes_only) {
		snip_header(fp, o);
		fprintf(fp, "server.modules += ( \"mod_fastcgi\" )\n\n");
		fprintf(fp, "var.fcauth = (\n"
		    "\t\"max-procs\"       => %u,\n"
		    "\t\"check-local\"     => \"disable\",\n"
		    "\t\"bin-environment\" => ( \"FCAUTH_CONFIG\" => \"%s\" ),\n"
		    ")\n\n", o->processes, o->config);
		fprintf(fp, "# Longest prefix first: lighttpd takes the first "
		    "that matches.\n");
	}
	fprintf(fp, "fastcgi.server += (\n");
	for (i = 0; i < s->nclaims; i++)
		fprintf(fp, "\t\"%s\" => ((\n"
		    "\t\t\"bin-path\" => \"%s/%s.fcgi\",\n"
		    "\t\t\"socket\"   => \"%s%s.sock\",\n"
		    "\t) + var.fcauth ),\n", s->claims[i].prefix,
		    o->programs, s->claims[i].prog, o->sockets,
		    s->claims[i].prog);
	fprintf(fp, ")\n");
	if ((eh = snip_bodyless_prefix(s, o->dialect)) == NULL)
		return;
	/* see the README, "Request bodies and field errors" */
	fprintf(fp, "\n# lighttpd refuses a POST without Content-Length "
	    "(curl -X POST) with 411\n# before any module: its error "
	    "handler asks that program again, which\n# answers the "
	    "dialect's body-less POST it serves, and every other error\n"
	    "# lighttpd raises as it was.\n"
	    "server.error-handler = \"%s\"\n", eh);
}

static void
snip_apache(FILE *fp, const struct snip *s, const struct snippet_opts *o)
{
	size_t	 i, w = 0, len;

	if (!o->routes_only) {
		snip_header(fp, o);
		fprintf(fp, "FcgidInitialEnv FCAUTH_CONFIG %s\n\n", o->config);
		fprintf(fp, "FcgidMaxProcessesPerClass %u\n"
		    "FcgidMinProcessesPerClass 1\n"
		    "FcgidMaxRequestsPerProcess 0\n"
		    "FcgidIdleTimeout 300\n"
		    "FcgidIOTimeout 30\n"
		    "FcgidConnectTimeout 10\n"
		    "FcgidMaxRequestLen 1048576\n\n", o->processes);
		fprintf(fp, "# Longest prefix first: mod_alias takes the first "
		    "that matches.\n");
	}
	for (i = 0; i < s->nclaims; i++)
		if ((len = strlen(s->claims[i].prefix)) > w)
			w = len;
	for (i = 0; i < s->nclaims; i++) {
		len = strlen(s->claims[i].prefix);
		fprintf(fp, "Alias %-*s %s/%s.fcgi%s\n", (int)w,
		    s->claims[i].prefix, o->programs, s->claims[i].prog,
		    len > 0 && s->claims[i].prefix[len - 1] == '/' ? "/" : "");
	}
	if (o->routes_only)
		return;
	fprintf(fp, "\n<Directory %s>\n"
	    "\tSetHandler fcgid-script\n"
	    "\tOptions +ExecCGI\n"
	    "\tAcceptPathInfo On\n"
	    "\tCGIPassAuth On\n"
	    "\tRequire all granted\n"
	    "</Directory>\n", o->programs);
}

static const char nginx_body[] =
	"client_max_body_size 1m;\n"
	"client_body_buffer_size 128k;\n"
	"error_page 413 @fcauth_too_large;\n"
	"error_page 502 503 504 =503 @fcauth_unavailable;\n"
	"fastcgi_read_timeout 30s;\n";

static void
snip_indent(FILE *fp, const char *text, const char *indent)
{
	const char	*nl;

	for (; *text != '\0'; text = nl + 1) {
		nl = strchr(text, '\n');
		fprintf(fp, "%s%.*s\n", indent, (int)(nl - text), text);
	}
}

static void
snip_nginx(FILE *fp, const struct snip *s, const struct snippet_opts *o)
{
	char	 root[SNIP_PATH_LEN];
	size_t	 i, rlen;

	snip_canonical_root(root, sizeof(root));
	rlen = strlen(root);
	if (!o->routes_only) {
		snip_header(fp, o);
		fprintf(fp, "location @fcauth_too_large {\n"
		    "\tdefault_type \"application/json; charset=utf-8\";\n"
		    "\tadd_header Cache-Control no-store always;\n"
		    "\treturn 413 '{\"success\":false,\"code\":"
		    "\"payload_too_large\",\"message\":\"Payload too large\","
		    "\"data\":null}\\n';\n}\n");
		fprintf(fp, "location @fcauth_unavailable {\n"
		    "\tdefault_type \"application/json; charset=utf-8\";\n"
		    "\tadd_header Cache-Control no-store always;\n"
		    "\tadd_header Retry-After 5 always;\n"
		    "\treturn 503 '{\"success\":false,\"code\":"
		    "\"service_unavailable\",\"message\":"
		    "\"Service unavailable\",\"data\":null}\\n';\n}\n\n");
	}
	fprintf(fp, "location ^~ %s {\n", root);
	snip_indent(fp, nginx_body, "\t");
	fprintf(fp, "\n\t# Longest prefix wins in nginx, whatever the order.\n");
	for (i = 0; i < s->nclaims; i++) {
		if (strncmp(s->claims[i].prefix, root, rlen) != 0)
			continue;
		fprintf(fp, "\tlocation ^~ %s {\n"
		    "\t\tinclude fastcgi_params;\n"
		    "\t\tfastcgi_pass unix:%s%s.sock;\n"
		    "\t}\n", s->claims[i].prefix, o->sockets,
		    s->claims[i].prog);
	}
	fprintf(fp, "\n\tdefault_type \"application/json; charset=utf-8\";\n"
	    "\treturn 404 '{\"success\":false,\"code\":\"not_found\","
	    "\"message\":\"Not found\",\"data\":null}\\n';\n}\n");
	/* the dialect's paths outside the canonical root */
	for (i = 0; i < s->nclaims; i++) {
		if (strncmp(s->claims[i].prefix, root, rlen) == 0)
			continue;
		fprintf(fp, "location ^~ %s {\n", s->claims[i].prefix);
		snip_indent(fp, nginx_body, "\t");
		fprintf(fp, "\tinclude fastcgi_params;\n"
		    "\tfastcgi_pass unix:%s%s.sock;\n"
		    "}\n", o->sockets, s->claims[i].prog);
	}
}

int
snippet_write(FILE *fp, const struct snippet_opts *o, char *err,
    size_t errsz)
{
	struct snip	*s;

	if ((s = calloc(1, sizeof(*s))) == NULL) {
		snprintf(err, errsz, "out of memory");
		return -1;
	}
	s->err = err;
	s->errsz = errsz;
	if (snip_build(s, o->dialect) == -1) {
		free(s);
		return -1;
	}
	switch (o->server) {
	case SNIPPET_LIGHTTPD:
		snip_lighttpd(fp, s, o);
		break;
	case SNIPPET_APACHE:
		snip_apache(fp, s, o);
		break;
	default:
		snip_nginx(fp, s, o);
		break;
	}
	free(s);
	return 0;
}

/*
 * Scan the configuration file "path" for [api] dialect and dialects_dir
 * into "name" and "dir" (each SNIP_PATH_LEN bytes), starting in [api]
 * if "api"; "include = FILE" is followed as config.c follows it
 * (relative to the including file, in the current section).  0, or -1
 * with a message on stderr.
 */
static int
snippet_scan(const char *path, int api, int depth, char *name, char *dir)
{
	FILE		*fp;
	char		 line[1024], inc[1024], *k, *v, *e;
	const char	*slash;
	int		 rc = 0;

	if (depth > 4) {
		fprintf(stderr, "fcauthctl: %s: include nested too deeply\n",
		    path);
		return -1;
	}
	if ((fp = fopen(path, "r")) == NULL) {
		fprintf(stderr, "fcauthctl: cannot open %s\n", path);
		return -1;
	}
	while (rc == 0 && fgets(line, sizeof(line), fp) != NULL) {
		k = line + strspn(line, " \t");
		k[strcspn(k, "\r\n")] = '\0';
		if (*k == ';' || *k == '#' || *k == '\0')
			continue;
		if (*k == '[') {
			k += 1 + strspn(k + 1, " \t");
			api = strncmp(k, "api", 3) == 0 &&
			    k[3 + strspn(k + 3, " \t")] == ']';
			continue;
		}
		if ((v = strchr(k, '=')) == NULL)
			continue;
		for (e = v; e > k && (e[-1] == ' ' || e[-1] == '\t'); e--)
			;
		*e = '\0';
		v += 1 + strspn(v + 1, " \t");
		for (e = v + strlen(v); e > v &&
		    (e[-1] == ' ' || e[-1] == '\t'); e--)
			;
		*e = '\0';
		if (e - v >= 2 && v[0] == '"' && e[-1] == '"') {
			e[-1] = '\0';
			v++;
		}
		if (strcmp(k, "include") == 0) {
			slash = strrchr(path, '/');
			if (v[0] != '/' && slash != NULL)
				snprintf(inc, sizeof(inc), "%.*s%s",
				    (int)(slash - path + 1), path, v);
			else
				snprintf(inc, sizeof(inc), "%s", v);
			rc = snippet_scan(inc, api, depth + 1, name, dir);
		} else if (api && strcmp(k, "dialect") == 0)
			snprintf(name, SNIP_PATH_LEN, "%s", v);
		else if (api && strcmp(k, "dialects_dir") == 0)
			snprintf(dir, SNIP_PATH_LEN, "%s", v);
	}
	fclose(fp);
	return rc;
}

/*
 * The dialect file that [api] dialect (and dialects_dir) of the
 * configuration at "path" name, into "out" ("" when none is set).
 * Read by a scan of its own until config_keys.c knows the two keys
 * (then: config_load and the struct config fields).  0, or -1 with a
 * message on stderr.
 */
static int
snippet_config_dialect(const char *path, char *out, size_t outsz)
{
	char	 name[SNIP_PATH_LEN] = "", dir[SNIP_PATH_LEN] = "";

	out[0] = '\0';
	if (snippet_scan(path, 0, 0, name, dir) == -1)
		return -1;
	if (name[0] == '\0')
		return 0;
	if (strchr(name, '/') != NULL)
		snprintf(out, outsz, "%s", name);
	else
		snprintf(out, outsz, "%s/%s",
		    dir[0] != '\0' ? dir : FCAUTH_DIALECTS_DIR, name);
	return 0;
}

static int
snippet_usage(void)
{
	fprintf(stderr, "usage: fcauthctl snippet lighttpd|apache|nginx "
	    "[--canonical | --dialect NAME|FILE]\n"
	    "           [--programs DIR] [--sockets PREFIX] "
	    "[--processes N] [--routes]\n");
	return 2;
}

int
ctl_snippet(const char *cfgpath, int argc, char *argv[])
{
	struct snippet_opts	 o;
	struct dialect		*d = NULL;
	const char		*dialect = NULL;
	char			 programs[1024], file[1024], err[512], *end;
	unsigned long		 v;
	int			 i, srv, canonical = 0, rc;

	if (argc < 2 || (srv = snippet_server_lookup(argv[1])) == -1)
		return snippet_usage();
	memset(&o, 0, sizeof(o));
	snprintf(programs, sizeof(programs), "%s/fcauth", FCAUTH_LIBEXECDIR);
	o.server = (enum snippet_server)srv;
	o.config = config_path(cfgpath);
	o.programs = programs;
	o.sockets = snippet_default_sockets(o.server);
	o.processes = 4;
	for (i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--canonical") == 0)
			canonical = 1;
		else if (strcmp(argv[i], "--routes") == 0)
			o.routes_only = 1;
		else if (i + 1 >= argc)
			return snippet_usage();
		else if (strcmp(argv[i], "--dialect") == 0)
			dialect = argv[++i];
		else if (strcmp(argv[i], "--programs") == 0)
			o.programs = argv[++i];
		else if (strcmp(argv[i], "--sockets") == 0)
			o.sockets = argv[++i];
		else if (strcmp(argv[i], "--processes") == 0) {
			v = strtoul(argv[++i], &end, 10);
			if (end == argv[i] || *end != '\0' || v < 1 ||
			    v > 1024)
				return snippet_usage();
			o.processes = (unsigned)v;
		} else
			return snippet_usage();
	}
	if (canonical && dialect != NULL)
		return snippet_usage();

	file[0] = '\0';
	if (dialect != NULL)
		snprintf(file, sizeof(file), strchr(dialect, '/') != NULL ?
		    "%s" : FCAUTH_DIALECTS_DIR "/%s", dialect);
	else if (!canonical &&
	    snippet_config_dialect(o.config, file, sizeof(file)) == -1)
		return 1;
	if (file[0] != '\0' &&
	    (d = dialect_load(file, err, sizeof(err))) == NULL) {
		fprintf(stderr, "fcauthctl: %s\n", err);
		return 1;
	}
	o.dialect = d;
	if ((rc = snippet_write(stdout, &o, err, sizeof(err))) == -1)
		fprintf(stderr, "fcauthctl: %s\n", err);
	dialect_free(d);
	if (rc == 0 && fflush(stdout) == EOF) {
		fprintf(stderr, "fcauthctl: cannot write the snippet\n");
		rc = -1;
	}
	return rc == 0 ? 0 : 1;
}
