/*
 * check_deploy: what a web server must pass through for the programs to
 * work, checked through whichever server FCAUTH_TEST_URL names
 * (scripts/test runs it through lighttpd, Apache + mod_fcgid and nginx):
 *
 * - the Authorization header reaches the program (Apache drops it unless
 *   CGIPassAuth is on): a bogus bearer token on a protected route gets
 *   401 token_invalid, which only the program's guard can say, and no
 *   header gets token_missing;
 * - every URL prefix reaches a program with REQUEST_URI intact: the
 *   program's own 405 with its Allow header for a known route, and the
 *   query string does not spoil the route;
 * - the program's status, headers and JSON body come through unchanged.
 *
 * Environment: FCAUTH_TEST_URL (base URL; unset = skip).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <json-c/json.h>

#include "client.h"
#include "fixture.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* A bearer-protected route; see test_bearer_reaches_guard. */
#define PROTECTED	"/api/v1/profile"

/* Three base64url parts: shaped like a JWT, signed by nobody. */
#define BOGUS_JWT	"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.AAAA"

static void
expect_json_error(const struct resp *r, long status, const char *code,
    const char *what)
{
	const char	*ct, *cc, *nosniff;

	ck_assert_msg(r->status == status, "%s: status %ld, want %ld: %.400s",
	    what, r->status, status, r->body != NULL ? r->body : "");
	ck_assert_msg(r->json != NULL, "%s: the body is not JSON (the web "
	    "server answered, not the program?): %.400s", what,
	    r->body != NULL ? r->body : "");
	ck_assert_msg(resp_code(r) != NULL && strcmp(resp_code(r), code) == 0,
	    "%s: code '%s', want %s: %.400s", what,
	    resp_code(r) != NULL ? resp_code(r) : "(none)", code, r->body);
	ct = resp_header(r, "Content-Type");
	ck_assert_msg(ct != NULL &&
	    strcmp(ct, "application/json; charset=utf-8") == 0,
	    "%s: Content-Type '%s'", what, ct != NULL ? ct : "(none)");
	cc = resp_header(r, "Cache-Control");
	ck_assert_msg(cc != NULL && strcmp(cc, "no-store") == 0,
	    "%s: Cache-Control '%s'", what, cc != NULL ? cc : "(none)");
	nosniff = resp_header(r, "X-Content-Type-Options");
	ck_assert_msg(nosniff != NULL && strcmp(nosniff, "nosniff") == 0,
	    "%s: X-Content-Type-Options '%s'", what,
	    nosniff != NULL ? nosniff : "(none)");
}

/*
 * The bearer token reaches the guard (Apache drops Authorization unless
 * told otherwise): a bogus one is token_invalid, none is token_missing.
 */
START_TEST(test_bearer_reaches_guard)
{
	struct resp	 r;

	ck_assert_int_eq(client_get(PROTECTED, BOGUS_JWT, &r), 0);
	/* token_missing here means the server dropped the header. */
	expect_json_error(&r, 401, "token_invalid", "bogus bearer");
	resp_free(&r);

	ck_assert_int_eq(client_get(PROTECTED, NULL, &r), 0);
	expect_json_error(&r, 401, "token_missing", "no bearer");
	resp_free(&r);
}
END_TEST

/* A route of each prefix, asked with a method it does not take. */
static const struct {
	const char	*path;
	const char	*allow;		/* must be in Allow */
} prefix_cases[] = {
	{ "/api/v1/auth/register", "POST" },
	{ "/api/v1/auth/register?x=1&y=%20", "POST" },
	{ "/api/v1/auth/login", "POST" },
	{ "/api/v1/auth/login?next=/api/v1/profile", "POST" },
};

START_TEST(test_prefix_reaches_program)
{
	struct resp	 r;
	const char	*allow;
	const char	*path = prefix_cases[_i].path;

	ck_assert_int_eq(client_request("PUT", path, NULL, NULL, NULL, &r), 0);
	expect_json_error(&r, 405, "method_not_allowed", path);
	allow = resp_header(&r, "Allow");
	ck_assert_msg(allow != NULL && strstr(allow, prefix_cases[_i].allow)
	    != NULL, "%s: Allow '%s', want %s", path,
	    allow != NULL ? allow : "(none)", prefix_cases[_i].allow);
	resp_free(&r);
}
END_TEST

/*
 * A program answers for a path under its prefix that it does not know
 * (its own JSON 404, so the server ran it with the full path).
 */
static const char *const unknown_paths[] = {
	"/api/v1/auth/register/nothing",
	"/api/v1/auth/nothing-here",
	"/api/v1/auth/verify/status/nothing/else",
	"/api/v1/auth/password/nothing",
	"/api/v1/profile/nothing/here",
	"/api/v1/users/nothing/here",
	"/api/v1/activity/nothing/here",
};

START_TEST(test_unknown_route_is_programs_404)
{
	struct resp	 r;

	ck_assert_int_eq(client_get(unknown_paths[_i], NULL, &r), 0);
	expect_json_error(&r, 404, "not_found", unknown_paths[_i]);
	resp_free(&r);
}
END_TEST

/* A form body and a JSON error with field details come through whole. */
START_TEST(test_body_reaches_program)
{
	struct resp		 r;
	struct json_object	*errors;

	ck_assert_int_eq(client_post_form("/api/v1/auth/login",
	    "login=&password=", &r), 0);
	expect_json_error(&r, 400, "validation_failed", "empty form login");
	errors = resp_errors(&r);
	ck_assert_msg(errors != NULL &&
	    json_object_is_type(errors, json_type_object),
	    "no errors object: %.400s", r.body);
	resp_free(&r);
}
END_TEST

static Suite *
deploy_suite(void)
{
	Suite	*s = suite_create("deploy");
	TCase	*tc = fx_tcase(s, "server");

	tcase_add_test(tc, test_bearer_reaches_guard);
	tcase_add_loop_test(tc, test_prefix_reaches_program, 0,
	    (int)NELEM(prefix_cases));
	tcase_add_loop_test(tc, test_unknown_route_is_programs_404, 0,
	    (int)NELEM(unknown_paths));
	tcase_add_test(tc, test_body_reaches_program);
	return s;
}

int
main(void)
{
	fx_init("check_deploy");
	return fx_run(srunner_create(deploy_suite()));
}
