/*
 * Unit tests of the op -> program table (common/web/ops.c, op_program)
 * and of fcauthctl snippet (admin/ctl_snippet.c): the table agrees with
 * the {op, handler} list of each program in cgi-bin/ (read from the
 * sources); the snippet of each server, for the canonical API and each
 * shipped dialect, sends every path to the program of its operation
 * when its prefixes are matched as that server matches them; and the
 * shipped conf/lighttpd.conf, conf/apache-fcgid.conf and conf/nginx.conf
 * hold exactly the directives of the canonical snippet (comments aside),
 * so they cannot drift from the tables.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dialect.h"
#include "ops.h"
#include "paths.h"
#include "snippet.h"
#include "unit.h"

#define MAX_RULES	256

/* One prefix of a snippet and the program it names (NULL: none). */
struct rule {
	char	 prefix[512];
	char	 prog[64];
};

struct rules {
	struct rule	 r[MAX_RULES];
	size_t		 n;
};

static const char *const shipped[SNIPPET__MAX] = {
	"conf/lighttpd.conf",		/* SNIPPET_LIGHTTPD */
	"conf/apache-fcgid.conf",	/* SNIPPET_APACHE */
	"conf/nginx.conf",		/* SNIPPET_NGINX */
};

static const char *const server_names[SNIPPET__MAX] = {
	"lighttpd", "apache", "nginx",
};

static const char *const dialects[] = {
	NULL, "seed000", "seed001", "seed002", "seed003", "seed004",
};

/* ---- the table against the programs' sources ---------------------- */

START_TEST(test_table_complete)
{
	const char	*prog;
	size_t		 j;
	int		 op;

	for (op = 0; op < OP__MAX; op++) {
		prog = op_program(op);
		ck_assert_msg(prog != NULL, "operation %s has no program",
		    op_name(op));
		for (j = 0; op_programs_all[j] != NULL; j++)
			if (strcmp(op_programs_all[j], prog) == 0)
				break;
		ck_assert_msg(op_programs_all[j] != NULL, "%s: unknown "
		    "program %s", op_name(op), prog);
		ck_assert_int_eq(op_lookup(op_name(op)), op);
	}
	ck_assert(op_program(OP__MAX) == NULL);
	ck_assert_int_eq(op_lookup("no_such_op"), -1);
	/* the dialect format's operation names are these names */
	for (op = 0; op < OP__MAX; op++)
		ck_assert_str_eq(dialect_op_name((enum dialect_op)op),
		    op_name(op));
}
END_TEST

/*
 * The operations listed in "routes[]" of cgi-bin/PROG.c, as a bit set
 * (1 << op).  Fails the test if the list cannot be found.
 */
static unsigned long long
source_ops(const char *prog)
{
	char			 path[1024], name[64], *text, *p, *end;
	unsigned long long	 set = 0;
	size_t			 i;
	int			 op;

	snprintf(path, sizeof(path), "%s/cgi-bin/%s.c", unit_srcdir(), prog);
	text = unit_slurp(path);
	p = strstr(text, "routes[] = {");
	ck_assert_msg(p != NULL, "%s: no routes[] list", path);
	end = strstr(p, "};");
	ck_assert_msg(end != NULL, "%s: routes[] does not end", path);
	while ((p = strstr(p, "{ OP_")) != NULL && p < end) {
		p += 5;
		for (i = 0; i + 1 < sizeof(name) &&
		    (p[i] == '_' || (p[i] >= 'A' && p[i] <= 'Z') ||
		    (p[i] >= '0' && p[i] <= '9')); i++)
			name[i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ?
			    p[i] - 'A' + 'a' : p[i]);
		name[i] = '\0';
		op = op_lookup(name);
		ck_assert_msg(op >= 0, "%s: OP_%s is not in ops.c", path, p);
		set |= 1ULL << op;
	}
	free(text);
	return set;
}

START_TEST(test_table_programs)
{
	const char		*prog = op_programs_all[_i];
	unsigned long long	 listed, owned = 0;
	int			 op;

	ck_assert_int_le(OP__MAX, 64);
	listed = source_ops(prog);
	for (op = 0; op < OP__MAX; op++)
		if (op_program(op) != NULL && strcmp(op_program(op), prog) == 0)
			owned |= 1ULL << op;
	for (op = 0; op < OP__MAX; op++) {
		ck_assert_msg(!(listed & (1ULL << op)) ||
		    (owned & (1ULL << op)), "cgi-bin/%s.c serves %s, but "
		    "ops.c gives it to %s", prog, op_name(op),
		    op_program(op) != NULL ? op_program(op) : "none");
		ck_assert_msg(!(owned & (1ULL << op)) ||
		    (listed & (1ULL << op)), "ops.c gives %s to %s, but "
		    "cgi-bin/%s.c does not list it", op_name(op), prog, prog);
	}
}
END_TEST

/* ---- the snippets --------------------------------------------------- */

/* The snippet of "server" for "d" (NULL: canonical) as a new string. */
static char *
make_snippet(enum snippet_server server, const struct dialect *d)
{
	struct snippet_opts	 o;
	char			 err[512], *buf = NULL;
	size_t			 len = 0;
	FILE			*fp;
	int			 rc;

	memset(&o, 0, sizeof(o));
	o.server = server;
	o.config = "/usr/local/etc/fcauth/fcauth.conf";
	o.programs = "/usr/local/libexec/fcauth";
	o.sockets = snippet_default_sockets(server);
	o.processes = 4;
	o.dialect = d;
	fp = open_memstream(&buf, &len);
	ck_assert(fp != NULL);
	err[0] = '\0';
	rc = snippet_write(fp, &o, err, sizeof(err));
	fclose(fp);
	ck_assert_msg(rc == 0, "snippet_write: %s", err);
	return buf;
}

/* The word of "line" after "key" up to one of "stop", into "out". */
static int
word_after(const char *line, const char *key, const char *stop, char *out,
    size_t outsz)
{
	const char	*p = strstr(line, key);
	size_t		 n;

	if (p == NULL)
		return 0;
	p += strlen(key);
	n = strcspn(p, stop);
	ck_assert_uint_lt(n, outsz);
	memcpy(out, p, n);
	out[n] = '\0';
	return 1;
}

/* "/dir/auth.fcgi/" or "unix:/run/x/auth.sock" -> "auth". */
static void
base_prog(const char *target, const char *suffix, char *out, size_t outsz)
{
	const char	*b = strrchr(target, '/'), *e;

	/* a trailing '/' (Apache's Alias to "prog.fcgi/") */
	if (b != NULL && b[1] == '\0') {
		for (e = b, b = b - 1; b > target && *b != '/'; b--)
			;
	} else
		e = target + strlen(target);
	b = b != NULL ? b + 1 : target;
	if (strncmp(b, "fcauth-", 7) == 0)
		b += 7;
	ck_assert_msg((size_t)(e - b) > strlen(suffix) &&
	    strncmp(e - strlen(suffix), suffix, strlen(suffix)) == 0,
	    "target %s does not end in %s", target, suffix);
	snprintf(out, outsz, "%.*s", (int)(e - b - (int)strlen(suffix)), b);
}

/* The prefixes of a snippet, in the order written. */
static void
parse_rules(enum snippet_server server, char *text, struct rules *rs)
{
	char	*line, *save = NULL, word[512], target[512];
	int	 pending = 0;

	rs->n = 0;
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		ck_assert_uint_lt(rs->n, MAX_RULES);
		switch (server) {
		case SNIPPET_LIGHTTPD:
			if (line[0] == '\t' && line[1] == '"' &&
			    strstr(line, "\" => ((") != NULL) {
				word_after(line, "\t\"", "\"", word,
				    sizeof(word));
				snprintf(rs->r[rs->n].prefix,
				    sizeof(rs->r[0].prefix), "%s", word);
				rs->r[rs->n].prog[0] = '\0';
				pending = 1;
			} else if (pending && word_after(line,
			    "\"bin-path\" => \"", "\"", target,
			    sizeof(target))) {
				base_prog(target, ".fcgi", rs->r[rs->n].prog,
				    sizeof(rs->r[0].prog));
				rs->n++;
				pending = 0;
			}
			break;
		case SNIPPET_APACHE:
			if (strncmp(line, "Alias ", 6) == 0) {
				ck_assert(sscanf(line, "Alias %511s %511s",
				    word, target) == 2);
				snprintf(rs->r[rs->n].prefix,
				    sizeof(rs->r[0].prefix), "%s", word);
				base_prog(target, ".fcgi", rs->r[rs->n].prog,
				    sizeof(rs->r[0].prog));
				rs->n++;
			}
			break;
		default:
			if (word_after(line, "location ^~ ", " ", word,
			    sizeof(word))) {
				if (pending)	/* a location without its own */
					rs->n++;
				snprintf(rs->r[rs->n].prefix,
				    sizeof(rs->r[0].prefix), "%s", word);
				rs->r[rs->n].prog[0] = '\0';
				pending = 1;
			} else if (pending && word_after(line,
			    "fastcgi_pass unix:", ";", target,
			    sizeof(target))) {
				base_prog(target, ".sock", rs->r[rs->n].prog,
				    sizeof(rs->r[0].prog));
				rs->n++;
				pending = 0;
			}
			break;
		}
	}
	if (pending && server == SNIPPET_NGINX)
		rs->n++;
}

/*
 * The program "server" sends "path" to: lighttpd the first prefix
 * written that starts the path, Apache the first Alias that matches
 * whole segments, nginx the longest location prefix.  "" for none.
 */
static const char *
route(enum snippet_server server, const struct rules *rs, const char *path)
{
	const struct rule	*best = NULL;
	size_t			 i, len;

	for (i = 0; i < rs->n; i++) {
		len = strlen(rs->r[i].prefix);
		if (strncmp(path, rs->r[i].prefix, len) != 0)
			continue;
		if (server == SNIPPET_APACHE && rs->r[i].prefix[len - 1] != '/'
		    && path[len] != '\0' && path[len] != '/')
			continue;
		if (server != SNIPPET_NGINX)
			return rs->r[i].prog;
		if (best == NULL || len > strlen(best->prefix))
			best = &rs->r[i];
	}
	return best != NULL ? best->prog : "";
}

/* "pattern" with each "{name}" as "x1" into "out". */
static void
sample(const char *pattern, char *out, size_t outsz)
{
	size_t	 o = 0;

	for (; *pattern != '\0' && o + 3 < outsz; pattern++) {
		if (*pattern == '{') {
			out[o++] = 'x';
			out[o++] = '1';
			pattern += strcspn(pattern, "}");
			if (*pattern == '\0')
				break;
			continue;
		}
		out[o++] = *pattern;
	}
	out[o] = '\0';
}

static void
check_path(enum snippet_server server, const struct rules *rs,
    const char *pattern, const char *want, const char *what)
{
	char		 path[512];
	const char	*got;

	sample(pattern, path, sizeof(path));
	got = route(server, rs, path);
	ck_assert_msg(strcmp(got, want) == 0, "%s snippet%s: %s goes to "
	    "'%s', not to %s", server_names[server], what, path, got, want);
}

/* Loop over server x (canonical, seed000 .. seed004). */
START_TEST(test_snippet_routes)
{
	enum snippet_server	 server = (enum snippet_server)(_i % SNIPPET__MAX);
	const char		*name = dialects[_i / SNIPPET__MAX], *prog;
	struct dialect		*d = NULL;
	struct rules		*rs;
	char			 file[1024], err[512], *text;
	size_t			 i;
	int			 op, owner;

	if (name != NULL) {
		snprintf(file, sizeof(file), "%s/conf/dialects/%s",
		    unit_srcdir(), name);
		d = dialect_load(file, err, sizeof(err));
		ck_assert_msg(d != NULL, "%s", err);
	}
	text = make_snippet(server, d);
	rs = calloc(1, sizeof(*rs));
	ck_assert(rs != NULL);
	parse_rules(server, text, rs);
	ck_assert_uint_gt(rs->n, 0);

	/* canonical paths, except where the dialect takes the path */
	for (op = 0; op < OP__MAX; op++) {
		if (paths[op].pattern == NULL)
			continue;
		prog = op_program(op);
		for (i = 0; d != NULL && i < d->nroutes; i++)
			if (strcmp(d->routes[i].path, paths[op].pattern) == 0 &&
			    (owner = op_lookup(dialect_op_name(
			    d->routes[i].op))) >= 0)
				prog = op_program(owner);
		check_path(server, rs, paths[op].pattern, prog, "");
	}
	/* every dialect path whose operation this build serves */
	for (i = 0; d != NULL && i < d->nroutes; i++) {
		owner = op_lookup(dialect_op_name(d->routes[i].op));
		if (owner < 0)
			continue;	/* an operation still to come */
		ck_assert_msg(op_program(owner) != NULL, "%s: operation %s "
		    "has no program in ops.c", name, op_name(owner));
		check_path(server, rs, d->routes[i].path, op_program(owner),
		    " of the dialect");
	}
	free(rs);
	free(text);
	dialect_free(d);
}
END_TEST

/*
 * A dialect with a body-less POST route (seed000's activity) gets
 * lighttpd's error handler, at a prefix of the program serving it, so
 * that the POST lighttpd refuses for want of a Content-Length is asked
 * again; the canonical snippet, and a dialect without one, do not.
 */
START_TEST(test_snippet_error_handler)
{
	static const struct {
		const char	*dialect;
		const char	*want;		/* NULL: no handler */
	} cases[] = {
		{ NULL, NULL },
		{ "seed000", "server.error-handler = \"/api/user/\"" },
		{ "seed001", NULL },
		{ "seed003", NULL },
	};
	struct dialect	*d = NULL;
	char		 file[1024], err[512], *text;
	size_t		 i;
	int		 s;

	for (i = 0; i < NELEM(cases); i++) {
		d = NULL;
		if (cases[i].dialect != NULL) {
			snprintf(file, sizeof(file), "%s/conf/dialects/%s",
			    unit_srcdir(), cases[i].dialect);
			d = dialect_load(file, err, sizeof(err));
			ck_assert_msg(d != NULL, "%s", err);
		}
		for (s = 0; s < SNIPPET__MAX; s++) {
			text = make_snippet((enum snippet_server)s, d);
			if (cases[i].want != NULL && s == SNIPPET_LIGHTTPD)
				ck_assert_msg(strstr(text, cases[i].want) !=
				    NULL, "%s: no %s", cases[i].dialect,
				    cases[i].want);
			else
				ck_assert_msg(strstr(text, "error-handler") ==
				    NULL, "%s: an error handler", cases[i].
				    dialect != NULL ? cases[i].dialect : "-");
			free(text);
		}
		dialect_free(d);
	}
}
END_TEST

/* The lines of "text" that are neither blank nor comments, in "out". */
static size_t
directives(char *text, char **out, size_t max)
{
	char	*line, *save = NULL, *p;
	size_t	 n = 0;

	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		p = line + strspn(line, " \t");
		if (*p == '\0' || *p == '#')
			continue;
		ck_assert_uint_lt(n, max);
		out[n++] = line;
	}
	return n;
}

START_TEST(test_snippet_shipped)
{
	enum snippet_server	 server = (enum snippet_server)_i;
	char			 path[1024], *gen, *ship;
	char			*a[512], *b[512];
	size_t			 na, nb, i;

	gen = make_snippet(server, NULL);
	snprintf(path, sizeof(path), "%s/%s", unit_srcdir(), shipped[server]);
	ship = unit_slurp(path);
	na = directives(gen, a, NELEM(a));
	nb = directives(ship, b, NELEM(b));
	for (i = 0; i < na && i < nb; i++)
		ck_assert_msg(strcmp(a[i], b[i]) == 0, "%s, directive %zu: "
		    "'%s', but fcauthctl snippet %s --canonical writes '%s'",
		    shipped[server], i + 1, b[i], server_names[server], a[i]);
	ck_assert_msg(na == nb, "%s has %zu directives, fcauthctl snippet "
	    "%zu", shipped[server], nb, na);
	free(gen);
	free(ship);
}
END_TEST

static Suite *
snippet_suite(void)
{
	Suite	*s = suite_create("snippet");
	TCase	*tc;

	tc = unit_tcase(s, "table", NULL, NULL);
	tcase_add_test(tc, test_table_complete);
	tcase_add_loop_test(tc, test_table_programs, 0, 5);

	tc = unit_tcase(s, "snippet", NULL, NULL);
	tcase_add_loop_test(tc, test_snippet_routes, 0,
	    (int)(SNIPPET__MAX * NELEM(dialects)));
	tcase_add_loop_test(tc, test_snippet_shipped, 0, SNIPPET__MAX);
	tcase_add_test(tc, test_snippet_error_handler);
	return s;
}

int
main(void)
{
	return unit_main("check_snippet", snippet_suite, 0);
}
