/*
 * Unit tests of common/web/route.c: a match table like the programs'
 * own, matched against method and path cases (200, 404 and 405 with
 * the allowed methods), parameter capture and the Allow header; the
 * match tables route_build makes from the path table (paths.c) for the
 * five programs' operation lists, and what it refuses; the path
 * prefixes, the cookie path and the operation names.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "ops.h"
#include "paths.h"
#include "route.h"
#include "unit.h"

#define G	HTTP_M(HTTP_GET)
#define H	HTTP_M(HTTP_HEAD)
#define P	HTTP_M(HTTP_POST)
#define U	HTTP_M(HTTP_PUT)
#define A	HTTP_M(HTTP_PATCH)
#define D	HTTP_M(HTTP_DELETE)
#define O	HTTP_M(HTTP_OPTIONS)

enum rt {
	RT_LOGIN,
	RT_REFRESH,
	RT_SESSIONS,
	RT_SESSION,
	RT_VERIFY_STATUS,
	RT_VERIFY_TOKEN,
	RT_RESET_TOKEN,
	RT_ACTIVITY,
	RT_PROFILE,
	RT_ROOT,
	RT_FOUR,
	RT__MAX
};

/* A rule of the hand-made table: no operation, no handler. */
#define R(m, pat, g)	{ (m), (pat), (g), OP__MAX, NULL, NULL }

static const struct route_rule routes[RT__MAX] = {
	R(P, "/api/v1/auth/login", PATH_PUBLIC),		/* RT_LOGIN */
	R(G | P, "/api/v1/auth/refresh", PATH_PUBLIC),		/* RT_REFRESH */
	R(G, "/api/v1/auth/sessions", PATH_BEARER),	/* RT_SESSIONS */
	R(D, "/api/v1/auth/sessions/{id}", PATH_BEARER),	/* RT_SESSION */
	R(G, "/api/v1/auth/verify/status", PATH_PUBLIC),
							/* RT_VERIFY_STATUS */
	R(G, "/api/v1/auth/verify/{token}", PATH_PUBLIC),
							/* RT_VERIFY_TOKEN */
	R(P, "/api/v1/auth/password/reset/{token}", PATH_PUBLIC),
							/* RT_RESET_TOKEN */
	R(G | P, "/api/v1/users/{id}/activity", PATH_BEARER),
							/* RT_ACTIVITY */
	R(G | A | D, "/api/v1/profile", PATH_BEARER),		/* RT_PROFILE */
	R(G, "/", PATH_PUBLIC),					/* RT_ROOT */
	R(G, "/t/{a}/{b}/{c}/{d}", PATH_PUBLIC),		/* RT_FOUR */
};

struct match_case {
	int		 method;
	const char	*path;
	int		 want;		/* index, -1 (404) or -2 (405) */
	unsigned	 allowed;	/* with -2 */
	const char	*name;		/* a parameter to look up, or NULL */
	const char	*value;
};

static const struct match_case match_cases[] = {
	{ HTTP_POST, "/api/v1/auth/login", RT_LOGIN, 0, NULL, NULL },
	{ HTTP_POST, "/api/v1/auth/login/", RT_LOGIN, 0, NULL, NULL },
	{ HTTP_GET, "/api/v1/auth/login", -2, P, NULL, NULL },
	{ HTTP_DELETE, "/api/v1/auth/login/", -2, P, NULL, NULL },
	{ HTTP_OTHER, "/api/v1/auth/login", -2, P, NULL, NULL },
	{ HTTP_GET, "/api/v1/auth/refresh", RT_REFRESH, 0, NULL, NULL },
	{ HTTP_POST, "/api/v1/auth/refresh", RT_REFRESH, 0, NULL, NULL },
	{ HTTP_PUT, "/api/v1/auth/refresh", -2, G | P, NULL, NULL },
	{ HTTP_GET, "/api/v1/auth/sessions", RT_SESSIONS, 0, NULL, NULL },
	{ HTTP_DELETE, "/api/v1/auth/sessions/42", RT_SESSION, 0, "id", "42" },
	{ HTTP_DELETE, "/api/v1/auth/sessions/42/", RT_SESSION, 0, "id", "42" },
	{ HTTP_GET, "/api/v1/auth/sessions/42", -2, D, NULL, NULL },
	{ HTTP_DELETE, "/api/v1/auth/sessions", -2, G, NULL, NULL },
	{ HTTP_DELETE, "/api/v1/auth/sessions/", -2, G, NULL, NULL },
	{ HTTP_DELETE, "/api/v1/auth/sessions//", -1, 0, NULL, NULL },
	{ HTTP_DELETE, "/api/v1/auth/sessions/42/x", -1, 0, NULL, NULL },
	/* the literal route comes first in the table and wins */
	{ HTTP_GET, "/api/v1/auth/verify/status", RT_VERIFY_STATUS, 0, NULL,
	    NULL },
	{ HTTP_GET, "/api/v1/auth/verify/abc-DEF_123", RT_VERIFY_TOKEN, 0,
	    "token", "abc-DEF_123" },
	{ HTTP_GET, "/api/v1/auth/verify/..", RT_VERIFY_TOKEN, 0, "token",
	    ".." },
	{ HTTP_POST, "/api/v1/auth/verify/status", -2, G, NULL, NULL },
	{ HTTP_POST, "/api/v1/auth/verify/abc", -2, G, NULL, NULL },
	{ HTTP_GET, "/api/v1/auth/verify", -1, 0, NULL, NULL },
	{ HTTP_GET, "/api/v1/auth/verify/", -1, 0, NULL, NULL },
	{ HTTP_POST, "/api/v1/auth/password/reset/tok", RT_RESET_TOKEN, 0,
	    "token", "tok" },
	{ HTTP_POST, "/api/v1/auth/password/reset", -1, 0, NULL, NULL },
	{ HTTP_GET, "/api/v1/users/5/activity", RT_ACTIVITY, 0, "id", "5" },
	{ HTTP_POST, "/api/v1/users/5/activity/", RT_ACTIVITY, 0, "id", "5" },
	{ HTTP_PATCH, "/api/v1/users/5/activity", -2, G | P, NULL, NULL },
	{ HTTP_GET, "/api/v1/users//activity", -1, 0, NULL, NULL },
	{ HTTP_GET, "/api/v1/users/5/activity//", -1, 0, NULL, NULL },
	{ HTTP_GET, "/api/v1/users/5", -1, 0, NULL, NULL },
	{ HTTP_PATCH, "/api/v1/profile", RT_PROFILE, 0, NULL, NULL },
	{ HTTP_POST, "/api/v1/profile", -2, G | A | D, NULL, NULL },
	{ HTTP_OPTIONS, "/api/v1/profile", -2, G | A | D, NULL, NULL },
	{ HTTP_HEAD, "/api/v1/profile", -2, G | A | D, NULL, NULL },
	/* literal segments are exact and case-sensitive */
	{ HTTP_GET, "/API/v1/profile", -1, 0, NULL, NULL },
	{ HTTP_GET, "/api/v1/profilex", -1, 0, NULL, NULL },
	{ HTTP_GET, "/api/v1/profil", -1, 0, NULL, NULL },
	{ HTTP_GET, "/api/v1/profile/x", -1, 0, NULL, NULL },
	{ HTTP_GET, "/api//v1/profile", -1, 0, NULL, NULL },
	{ HTTP_GET, "//api/v1/profile", -1, 0, NULL, NULL },
	{ HTTP_GET, "/api/v1/profile//", -1, 0, NULL, NULL },
	{ HTTP_GET, "api/v1/profile", -1, 0, NULL, NULL },
	{ HTTP_GET, "/api/v1/profile?x=1", -1, 0, NULL, NULL },
	{ HTTP_GET, "/", RT_ROOT, 0, NULL, NULL },
	{ HTTP_GET, "//", -1, 0, NULL, NULL },
	{ HTTP_POST, "/", -2, G, NULL, NULL },
	{ HTTP_GET, "", -1, 0, NULL, NULL },
	{ HTTP_GET, "/nope", -1, 0, NULL, NULL },
	{ HTTP_GET, "/t/1/2/3/4", RT_FOUR, 0, "d", "4" },
	{ HTTP_GET, "/t/1/2/3/4", RT_FOUR, 0, "a", "1" },
	{ HTTP_GET, "/t/1/2/3/4", RT_FOUR, 0, "e", NULL },
	{ HTTP_GET, "/t/1/2/3", -1, 0, NULL, NULL },
	{ HTTP_GET, "/t/1/2/3/4/5", -1, 0, NULL, NULL },
	/* out-of-range methods match nothing, but paths still do */
	{ -1, "/api/v1/profile", -2, G | A | D, NULL, NULL },
	{ 40, "/api/v1/profile", -2, G | A | D, NULL, NULL },
};

START_TEST(test_match)
{
	const struct match_case	*c = &match_cases[_i];
	struct route_params	 params;
	unsigned		 allowed = 0xdead;
	int			 rc;

	memset(&params, 0xff, sizeof(params));
	rc = route_match(routes, RT__MAX, c->method, c->path, &params,
	    &allowed);
	ck_assert_msg(rc == c->want, "%d %s: %d, want %d", c->method, c->path,
	    rc, c->want);
	ck_assert_msg(allowed == (c->want == -2 ? c->allowed : 0),
	    "%s: allowed %#x, want %#x", c->path, allowed, c->allowed);
	if (rc < 0)
		ck_assert_uint_eq(params.n, 0);
	if (c->name == NULL)
		return;
	if (c->value == NULL)
		ck_assert_ptr_null(route_param(&params, c->name));
	else
		ck_assert_str_eq(route_param(&params, c->name), c->value);
}
END_TEST

/* Parameters are named without braces and in pattern order. */
START_TEST(test_params)
{
	struct route_params	 params;
	unsigned		 allowed;

	ck_assert_int_eq(route_match(routes, RT__MAX, HTTP_GET,
	    "/t/x/%41/caf\xc3\xa9/z", &params, &allowed), RT_FOUR);
	ck_assert_uint_eq(params.n, 4);
	ck_assert_uint_eq(params.p[0].namelen, 1);
	ck_assert(strncmp(params.p[0].name, "a", 1) == 0);
	ck_assert_str_eq(params.p[0].value, "x");
	ck_assert_str_eq(params.p[1].value, "%41");
	ck_assert_str_eq(params.p[2].value, "caf\xc3\xa9");
	ck_assert_str_eq(route_param(&params, "b"), "%41");
	ck_assert_str_eq(route_param(&params, "c"), "caf\xc3\xa9");
	ck_assert_ptr_null(route_param(&params, "{a}"));
	ck_assert_ptr_null(route_param(&params, ""));
	ck_assert_ptr_null(route_param(&params, "ab"));
	ck_assert_ptr_null(route_param(NULL, "a"));
	ck_assert_ptr_null(route_param(&params, NULL));
	/* a table entry can be matched without asking for anything back */
	ck_assert_int_eq(route_match(routes, RT__MAX, HTTP_GET, "/", NULL,
	    NULL), RT_ROOT);
	ck_assert_int_eq(route_match(routes, RT__MAX, HTTP_PUT, "/", NULL,
	    NULL), -2);
	ck_assert_int_eq(route_match(routes, 0, HTTP_GET, "/", &params,
	    &allowed), -1);
	ck_assert_uint_eq(allowed, 0);
}
END_TEST

/* A segment of ROUTE_PARAM_LEN bytes is captured; one more never is. */
START_TEST(test_long_segment)
{
	struct route_params	 params;
	unsigned		 allowed;
	char			 path[64 + ROUTE_PARAM_LEN + 2];
	const char		*prefix = "/api/v1/auth/verify/";
	size_t			 n = strlen(prefix);

	memcpy(path, prefix, n);
	memset(path + n, 't', ROUTE_PARAM_LEN);
	path[n + ROUTE_PARAM_LEN] = '\0';
	ck_assert_int_eq(route_match(routes, RT__MAX, HTTP_GET, path, &params,
	    &allowed), RT_VERIFY_TOKEN);
	ck_assert_uint_eq(strlen(route_param(&params, "token")),
	    ROUTE_PARAM_LEN);
	/* with a trailing slash, still the same */
	path[n + ROUTE_PARAM_LEN] = '/';
	path[n + ROUTE_PARAM_LEN + 1] = '\0';
	ck_assert_int_eq(route_match(routes, RT__MAX, HTTP_GET, path, &params,
	    &allowed), RT_VERIFY_TOKEN);
	ck_assert_uint_eq(strlen(route_param(&params, "token")),
	    ROUTE_PARAM_LEN);
	/* one byte more: 404, not a cut-off token */
	path[n + ROUTE_PARAM_LEN] = 't';
	ck_assert_int_eq(route_match(routes, RT__MAX, HTTP_GET, path, &params,
	    &allowed), -1);
	ck_assert_uint_eq(params.n, 0);
	ck_assert_uint_eq(allowed, 0);
	/* and not a 405 either */
	ck_assert_int_eq(route_match(routes, RT__MAX, HTTP_POST, path, &params,
	    &allowed), -1);
}
END_TEST

/* The Allow header. */
struct allow_case {
	unsigned	 allowed;
	size_t		 outsz;
	const char	*want;
};

static const struct allow_case allow_cases[] = {
	{ G, 64, "GET" },
	{ G | P, 64, "GET, POST" },
	{ P | G, 64, "GET, POST" },
	{ D | A | G, 64, "GET, PATCH, DELETE" },
	{ G | H | P | U | A | D | O, 64,
	    "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS" },
	{ O, 64, "OPTIONS" },
	{ 0, 64, "" },
	{ HTTP_M(HTTP_OTHER), 64, "" },
	{ G | HTTP_M(HTTP_OTHER) | 0x80000000u, 64, "GET" },
	/* small buffers: whole names only, always terminated */
	{ G | P, 10, "GET, POST" },
	{ G | P, 9, "GET" },
	{ G | P, 4, "GET" },
	{ G | P, 3, "" },
	{ G | P, 1, "" },
};

START_TEST(test_allow)
{
	const struct allow_case	*c = &allow_cases[_i];
	char			 out[64];

	memset(out, 'x', sizeof(out));
	route_allow_header(c->allowed, out, c->outsz);
	ck_assert_str_eq(out, c->want);
	/* nothing written past outsz */
	if (c->outsz < sizeof(out))
		ck_assert_int_eq(out[c->outsz], 'x');
}
END_TEST

START_TEST(test_allow_zero)
{
	char	 out[1] = { 'x' };

	route_allow_header(G, out, 0);
	ck_assert_int_eq(out[0], 'x');
	route_allow_header(G, NULL, 10);
}
END_TEST

/*
 * The five programs' operation lists (as in cgi-bin/), without
 * handlers: route_build must accept each against the path table.
 */
static const struct route list_auth[] = {
	{ OP_LOGIN, NULL }, { OP_REFRESH, NULL }, { OP_LOGOUT, NULL },
	{ OP_SESSIONS, NULL }, { OP_SESSION_DELETE, NULL }, { OP_JWKS, NULL },
	{ OP_CHECK, NULL }, { OP_AUTHORIZE, NULL }, { OP_MFA_VERIFY, NULL },
	{ OP_DEVICES, NULL }, { OP_DEVICE_DELETE, NULL },
};
static const struct route list_registration[] = { { OP_REGISTER, NULL } };
static const struct route list_verification[] = {
	{ OP_VERIFY, NULL }, { OP_VERIFY_STATUS, NULL }, { OP_RESEND, NULL },
	{ OP_VERIFY_LINK, NULL }, { OP_FORGOT, NULL }, { OP_RESET, NULL },
	{ OP_RESET_TOKEN, NULL }, { OP_ACTIVATE, NULL },
};
static const struct route list_profile[] = {
	{ OP_PROFILE_GET, NULL }, { OP_PROFILE_PATCH, NULL },
	{ OP_PROFILE_DELETE, NULL }, { OP_PROFILE_PASSWORD, NULL },
	{ OP_PROFILE_EMAIL, NULL },
};
static const struct route list_activity[] = {
	{ OP_ACTIVITY_USER, NULL }, { OP_ACTIVITY_OWN, NULL },
};
/* "{token}" listed before the literal paths it would match */
static const struct route list_link_first[] = {
	{ OP_VERIFY_LINK, NULL }, { OP_RESET_TOKEN, NULL },
	{ OP_RESET, NULL }, { OP_RESEND, NULL }, { OP_VERIFY_STATUS, NULL },
	{ OP_VERIFY, NULL },
};

#define LIST(l)	(l), NELEM(l)

struct build_case {
	const struct route	*list;
	size_t			 n;
	int			 nrules;	/* route_build's answer */
	int			 method;
	const char		*path;
	int			 want;		/* an op, -1 (404), -2 (405) */
};

static const struct build_case build_cases[] = {
	{ LIST(list_auth), 10, HTTP_POST, "/api/v1/auth/login", OP_LOGIN },
	{ LIST(list_auth), 10, HTTP_GET, "/api/v1/auth/refresh", OP_REFRESH },
	{ LIST(list_auth), 10, HTTP_GET, "/api/v1/auth/logout", OP_LOGOUT },
	{ LIST(list_auth), 10, HTTP_HEAD, "/api/v1/auth/sessions",
	    OP_SESSIONS },
	{ LIST(list_auth), 10, HTTP_DELETE, "/api/v1/auth/sessions/3",
	    OP_SESSION_DELETE },
	{ LIST(list_auth), 10, HTTP_POST, "/api/v1/auth/mfa/verify",
	    OP_MFA_VERIFY },
	{ LIST(list_auth), 10, HTTP_GET, "/api/v1/auth/mfa/verify", -2 },
	{ LIST(list_auth), 10, HTTP_GET, "/api/v1/auth/devices", OP_DEVICES },
	{ LIST(list_auth), 10, HTTP_DELETE, "/api/v1/auth/devices/4",
	    OP_DEVICE_DELETE },
	{ LIST(list_auth), 10, HTTP_POST, "/api/v1/auth/devices/4", -2 },
	{ LIST(list_auth), 10, HTTP_GET, "/api/v1/auth/jwks.json", OP_JWKS },
	{ LIST(list_auth), 10, HTTP_GET, "/api/v1/auth/check", OP_CHECK },
	{ LIST(list_auth), 10, HTTP_GET, "/api/v1/auth/login", -2 },
	{ LIST(list_auth), 10, HTTP_POST, "/api/v1/auth/register", -1 },
	{ LIST(list_registration), 1, HTTP_POST, "/api/v1/auth/register",
	    OP_REGISTER },
	{ LIST(list_registration), 1, HTTP_POST, "/api/v1/auth/login", -1 },
	{ LIST(list_verification), 7, HTTP_POST, "/api/v1/auth/verify",
	    OP_VERIFY },
	{ LIST(list_verification), 7, HTTP_GET, "/api/v1/auth/verify/status",
	    OP_VERIFY_STATUS },
	{ LIST(list_verification), 7, HTTP_POST,
	    "/api/v1/auth/verify/status", OP_VERIFY_STATUS },
	{ LIST(list_verification), 7, HTTP_POST,
	    "/api/v1/auth/verify/resend", OP_RESEND },
	/* resend takes POST only: a GET is a link token "resend" */
	{ LIST(list_verification), 7, HTTP_GET, "/api/v1/auth/verify/resend",
	    OP_VERIFY_LINK },
	{ LIST(list_verification), 7, HTTP_GET, "/api/v1/auth/verify/abc",
	    OP_VERIFY_LINK },
	{ LIST(list_verification), 7, HTTP_POST,
	    "/api/v1/auth/password/forgot", OP_FORGOT },
	{ LIST(list_verification), 7, HTTP_POST,
	    "/api/v1/auth/password/reset", OP_RESET },
	{ LIST(list_verification), 7, HTTP_POST,
	    "/api/v1/auth/password/reset/abc", OP_RESET_TOKEN },
	{ LIST(list_link_first), 6, HTTP_GET, "/api/v1/auth/verify/status",
	    OP_VERIFY_STATUS },
	{ LIST(list_link_first), 6, HTTP_POST, "/api/v1/auth/verify/resend",
	    OP_RESEND },
	{ LIST(list_link_first), 6, HTTP_GET, "/api/v1/auth/verify/resend",
	    OP_VERIFY_LINK },
	{ LIST(list_link_first), 6, HTTP_GET, "/api/v1/auth/verify/x",
	    OP_VERIFY_LINK },
	{ LIST(list_link_first), 6, HTTP_POST, "/api/v1/auth/password/reset",
	    OP_RESET },
	{ LIST(list_profile), 5, HTTP_GET, "/api/v1/profile", OP_PROFILE_GET },
	{ LIST(list_profile), 5, HTTP_PATCH, "/api/v1/profile",
	    OP_PROFILE_PATCH },
	{ LIST(list_profile), 5, HTTP_DELETE, "/api/v1/profile",
	    OP_PROFILE_DELETE },
	{ LIST(list_profile), 5, HTTP_POST, "/api/v1/profile", -2 },
	{ LIST(list_profile), 5, HTTP_POST, "/api/v1/profile/password",
	    OP_PROFILE_PASSWORD },
	{ LIST(list_profile), 5, HTTP_POST, "/api/v1/profile/email",
	    OP_PROFILE_EMAIL },
	{ LIST(list_activity), 2, HTTP_POST, "/api/v1/users/9/activity",
	    OP_ACTIVITY_USER },
	{ LIST(list_activity), 2, HTTP_GET, "/api/v1/activity",
	    OP_ACTIVITY_OWN },
	{ LIST(list_activity), 2, HTTP_POST, "/api/v1/activity", -2 },
};

START_TEST(test_build)
{
	const struct build_case	*c = &build_cases[_i];
	struct route_rule	 rules[OP__MAX];
	struct route_params	 params;
	char			 err[128];
	int			 n, rc;

	n = route_build(paths, c->list, c->n, rules, OP__MAX, err,
	    sizeof(err));
	ck_assert_msg(n == c->nrules, "%s: %d rules (%s)", c->path, n, err);
	rc = route_match(rules, (size_t)n, c->method, c->path, &params, NULL);
	if (rc >= 0)
		rc = (int)rules[rc].op;
	ck_assert_msg(rc == c->want, "%s: %d, want %d", c->path, rc, c->want);
}
END_TEST

/* The rows carry the path table's methods, pattern and guard. */
START_TEST(test_build_rows)
{
	struct route_rule	 rules[OP__MAX];
	char			 err[128];
	int			 i, n;

	n = route_build(paths, LIST(list_auth), rules, OP__MAX, err,
	    sizeof(err));
	ck_assert_int_eq(n, 10);
	for (i = 0; i < n; i++) {
		ck_assert_ptr_eq(rules[i].pattern, paths[rules[i].op].pattern);
		ck_assert_uint_eq(rules[i].methods, paths[rules[i].op].methods);
		ck_assert_int_eq(rules[i].guard, paths[rules[i].op].guard);
		ck_assert_int_ne(rules[i].op, OP_AUTHORIZE);
	}
	/* literal patterns first: sessions/{id} and devices/{id} last */
	ck_assert(rules[n - 1].op == OP_SESSION_DELETE ||
	    rules[n - 1].op == OP_DEVICE_DELETE);
	ck_assert(rules[n - 2].op == OP_SESSION_DELETE ||
	    rules[n - 2].op == OP_DEVICE_DELETE);
	ck_assert_int_eq(paths[OP_LOGIN].guard, PATH_COOKIES);
	ck_assert_int_eq(paths[OP_SESSIONS].guard, PATH_BEARER);
	ck_assert_int_eq(paths[OP_JWKS].guard, PATH_PUBLIC);
	ck_assert_ptr_null(paths[OP_AUTHORIZE].pattern);
	/* activate: a dialect's route only (seed003's activate-user) */
	ck_assert_ptr_null(paths[OP_ACTIVATE].pattern);
	ck_assert_int_eq(paths[OP_ACTIVATE].guard, PATH_PUBLIC);
	for (i = 0; i < OP__MAX; i++)
		if (i != OP_AUTHORIZE && i != OP_ACTIVATE)
			ck_assert_msg(paths[i].pattern != NULL &&
			    paths[i].methods != 0, "%s has no path",
			    op_name((enum op)i));
}
END_TEST

/* What route_build refuses. */
START_TEST(test_build_refused)
{
	static const struct path tbl[OP__MAX] = {
		[OP_LOGIN] = { G, "/a/{x}", PATH_PUBLIC },
		[OP_REFRESH] = { G | P, "/a/{y}", PATH_PUBLIC },
		[OP_LOGOUT] = { D, "/a/{z}", PATH_PUBLIC },
		[OP_JWKS] = { G, "/a/b", PATH_PUBLIC },
	};
	static const struct route twice[] = {
		{ OP_LOGIN, NULL }, { OP_JWKS, NULL }, { OP_LOGIN, NULL },
	};
	static const struct route hidden[] = {
		{ OP_LOGIN, NULL }, { OP_REFRESH, NULL },
	};
	static const struct route apart[] = {
		{ OP_LOGIN, NULL }, { OP_LOGOUT, NULL }, { OP_JWKS, NULL },
	};
	static const struct route range[] = { { OP__MAX, NULL } };
	struct route_rule	 rules[OP__MAX];
	char			 err[128];

	ck_assert_int_eq(route_build(tbl, LIST(twice), rules, OP__MAX, err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "login listed twice"));
	ck_assert_int_eq(route_build(tbl, LIST(hidden), rules, OP__MAX, err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "hidden by login"));
	ck_assert_int_eq(route_build(tbl, LIST(range), rules, OP__MAX, err,
	    sizeof(err)), -1);
	ck_assert_int_eq(route_build(tbl, LIST(apart), rules, 2, err,
	    sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "full"));
	/* disjoint methods, and a literal before the pattern matching it */
	ck_assert_int_eq(route_build(tbl, LIST(apart), rules, OP__MAX, err,
	    sizeof(err)), 3);
	ck_assert_int_eq(rules[0].op, OP_JWKS);
	ck_assert_int_eq(route_match(rules, 3, HTTP_GET, "/a/b", NULL, NULL),
	    0);
	ck_assert_int_eq(route_match(rules, 3, HTTP_DELETE, "/a/b", NULL,
	    NULL), 2);
	ck_assert_int_eq(route_build(tbl, LIST(apart), rules, OP__MAX, err,
	    0), 3);
}
END_TEST

/* What route_print writes for the "n" rows of "rules"; the caller frees. */
static char *
printed(const struct route_rule *rules, size_t n)
{
	char	*out = NULL;
	size_t	 len = 0;
	FILE	*fp;

	ck_assert_ptr_nonnull(fp = open_memstream(&out, &len));
	ck_assert_int_eq(route_print(fp, rules, n), 0);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_ptr_nonnull(out);
	return out;
}

/*
 * --routes: one "METHOD PATTERN" line per method of every row, in the
 * table's order, from the path table (the literal patterns first).
 */
START_TEST(test_print)
{
	static const char	 want[] =
	    "POST /api/v1/auth/login\n"
	    "GET /api/v1/auth/refresh\n"
	    "POST /api/v1/auth/refresh\n"
	    "GET /api/v1/auth/logout\n"
	    "POST /api/v1/auth/logout\n"
	    "GET /api/v1/auth/sessions\n"
	    "HEAD /api/v1/auth/sessions\n"
	    "GET /api/v1/auth/jwks.json\n"
	    "HEAD /api/v1/auth/jwks.json\n"
	    "GET /api/v1/auth/check\n"
	    "HEAD /api/v1/auth/check\n"
	    "POST /api/v1/auth/mfa/verify\n"
	    "GET /api/v1/auth/devices\n"
	    "HEAD /api/v1/auth/devices\n"
	    "DELETE /api/v1/auth/sessions/{id}\n"
	    "DELETE /api/v1/auth/devices/{id}\n";
	struct route_rule	 rules[OP__MAX];
	char			 err[128], *out;
	int			 n;

	n = route_build(paths, LIST(list_auth), rules, OP__MAX, err,
	    sizeof(err));
	ck_assert_int_eq(n, 10);
	out = printed(rules, (size_t)n);
	ck_assert_str_eq(out, want);
	free(out);
	out = printed(rules, 0);
	ck_assert_str_eq(out, "");
	free(out);
}
END_TEST

/* Prefixes for links, the cookie path, the operation names. */
START_TEST(test_paths)
{
	const char	*p;
	int		 len, i, j;

	p = paths_prefix(OP_VERIFY_LINK, &len);
	ck_assert_int_eq(len, (int)strlen("/api/v1/auth/verify/"));
	ck_assert(strncmp(p, "/api/v1/auth/verify/", (size_t)len) == 0);
	p = paths_prefix(OP_LOGIN, &len);
	ck_assert_int_eq(len, (int)strlen(p));
	ck_assert_str_eq(p, "/api/v1/auth/login");
	p = paths_prefix(OP_ACTIVITY_USER, &len);
	ck_assert_int_eq(len, (int)strlen("/api/v1/users/"));
	ck_assert(strncmp(p, "/api/v1/users/", (size_t)len) == 0);
	ck_assert_str_eq(paths_prefix(OP_AUTHORIZE, &len), "");
	ck_assert_int_eq(len, 0);
	ck_assert_str_eq(paths_prefix(OP_ACTIVATE, &len), "");
	ck_assert_int_eq(len, 0);
	ck_assert_str_eq(paths_prefix(OP__MAX, &len), "");
	ck_assert_int_eq(len, 0);
	p = paths_cookie(&len);
	ck_assert_int_eq(len, (int)strlen("/api/v1/auth"));
	ck_assert(strncmp(p, "/api/v1/auth", (size_t)len) == 0);
	ck_assert_str_eq(op_name(OP_LOGIN), "login");
	ck_assert_str_eq(op_name(OP_VERIFY_LINK), "verify_link");
	ck_assert_str_eq(op_name(OP_ACTIVATE), "activate");
	ck_assert_str_eq(op_name(OP__MAX), "-");
	ck_assert_str_eq(op_name((enum op)-1), "-");
	for (i = 0; i < OP__MAX; i++) {
		ck_assert_str_ne(op_name((enum op)i), "-");
		for (j = 0; j < i; j++)
			ck_assert_str_ne(op_name((enum op)i),
			    op_name((enum op)j));
	}
}
END_TEST

static Suite *
route_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("route");
	tc = tcase_create("match");
	LOOP(tc, test_match, match_cases);
	tcase_add_test(tc, test_params);
	tcase_add_test(tc, test_long_segment);
	suite_add_tcase(s, tc);
	tc = tcase_create("allow");
	LOOP(tc, test_allow, allow_cases);
	tcase_add_test(tc, test_allow_zero);
	suite_add_tcase(s, tc);
	tc = tcase_create("build");
	LOOP(tc, test_build, build_cases);
	tcase_add_test(tc, test_build_rows);
	tcase_add_test(tc, test_build_refused);
	tcase_add_test(tc, test_paths);
	tcase_add_test(tc, test_print);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_main("check_route", route_suite, 0);
}
