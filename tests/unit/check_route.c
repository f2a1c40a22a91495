/*
 * Unit tests of common/route.c: a route table like the programs' own,
 * matched against method and path cases (200, 404 and 405 with the
 * allowed methods), parameter capture and the Allow header.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "route.h"

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

static const struct route routes[RT__MAX] = {
	{ P, "/api/v1/auth/login", ROUTE_PUBLIC, NULL },	/* RT_LOGIN */
	{ G | P, "/api/v1/auth/refresh", ROUTE_PUBLIC, NULL },	/* RT_REFRESH */
	{ G, "/api/v1/auth/sessions", ROUTE_BEARER, NULL },	/* RT_SESSIONS */
	{ D, "/api/v1/auth/sessions/{id}", ROUTE_BEARER, NULL },/* RT_SESSION */
	{ G, "/api/v1/auth/verify/status", ROUTE_PUBLIC, NULL },
							/* RT_VERIFY_STATUS */
	{ G, "/api/v1/auth/verify/{token}", ROUTE_PUBLIC, NULL },
							/* RT_VERIFY_TOKEN */
	{ P, "/api/v1/auth/password/reset/{token}", ROUTE_PUBLIC, NULL },
							/* RT_RESET_TOKEN */
	{ G | P, "/api/v1/users/{id}/activity", ROUTE_BEARER, NULL },
							/* RT_ACTIVITY */
	{ G | A | D, "/api/v1/profile", ROUTE_BEARER, NULL },	/* RT_PROFILE */
	{ G, "/", ROUTE_PUBLIC, NULL },				/* RT_ROOT */
	{ G, "/t/{a}/{b}/{c}/{d}", ROUTE_PUBLIC, NULL },	/* RT_FOUR */
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

#define LOOP(tc, fn, tbl) \
	tcase_add_loop_test((tc), (fn), 0, \
	    (int)(sizeof(tbl) / sizeof((tbl)[0])))

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
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(route_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
