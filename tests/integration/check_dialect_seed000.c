/*
 * check_dialect_seed000: seed document 000's API (conf/dialects/seed000)
 * replayed request by request on an instance with "dialect = seed000"
 * and verification off, so that register signs in at once as the
 * document shows: POST /api/register, POST /api/login and the body-less
 * POST /api/user/<id>/activity, each in {"ok", "description", "result"},
 * and failures in the same envelope with "ok": false (fcauth-dialect(5),
 * DEVIATIONS).
 *
 * Environment (scripts/test): FCAUTH_TEST_URL_SEED000 (unset: skipped),
 * FCAUTH_TEST_ADMIN_CONFIG.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>
#include <json-c/json.h>

#include "client.h"
#include "fixture.h"
#include "dialect_fx.h"

#define REGISTER	"/api/register"
#define LOGIN		"/api/login"

/* The reply is the document's success: ok, the description, result. */
static void
success(const struct resp *r, const char *description, const char *keys)
{
	dx_status(r, 200, description);
	dx_keys(r->json, NULL, "ok,description,result");
	dx_bool(r->json, "ok", 1);
	dx_str(r->json, "description", description);
	dx_keys(r->json, "result", keys);
}

/* A failure: the same envelope, "ok" false, a reason, no result. */
static void
failure(const struct resp *r, long status)
{
	dx_status(r, status, "failure");
	dx_keys(r->json, NULL, "ok,description,result");
	dx_bool(r->json, "ok", 0);
	ck_assert_uint_gt(strlen(dx_s(r->json, "description")), 0);
	dx_null(r->json, "result");
}

/* Register "email": the document's reply, its access token. */
static void
signup(const char *prefix, char *email, char *access, size_t accsz)
{
	struct resp	 r;

	client_unique_email(prefix, email);
	fx_post(REGISTER, &r, "{\"email\":\"%s\",\"password\":\"%s\"}",
	    email, DX_PW);
	success(&r, "", "message,access_token");
	dx_str(r.json, "result.message", "User registration successful");
	snprintf(access, accsz, "%s", dx_s(r.json, "result.access_token"));
	json_object_put(dx_jwt(access));
	resp_free(&r);
}

/* Example 1: POST /api/register {email, password}. */
START_TEST(test_register)
{
	char	 email[CLIENT_EMAIL_MAX], access[2048];

	signup("d0reg", email, access, sizeof(access));
	/* the token is the new account's */
	ck_assert_int_eq(dx_sub(access), dx_user_id(email));
}
END_TEST

/* Example 2: POST /api/login {email, password}. */
START_TEST(test_login)
{
	struct resp	 r;
	char		 email[CLIENT_EMAIL_MAX], access[2048];

	signup("d0login", email, access, sizeof(access));
	fx_post(LOGIN, &r, "{\"email\":\"%s\",\"password\":\"%s\"}", email,
	    DX_PW);
	success(&r, "Logged in successfully", "access_token,refresh_token");
	ck_assert_int_eq(dx_sub(dx_s(r.json, "result.access_token")),
	    dx_user_id(email));
	ck_assert_uint_eq(strlen(dx_s(r.json, "result.refresh_token")),
	    FX_TOKEN_LEN);
	dx_no_secret(r.body, DX_PW);
	resp_free(&r);
}
END_TEST

/*
 * Example 3: POST /api/user/<id>/activity, no body and no
 * Content-Length (as curl -X POST sends it), with the access token:
 * both dates as "YYYY-MM-DD HH:MM:SS", UTC, of just now.
 */
START_TEST(test_activity)
{
	struct resp	 r;
	char		 email[CLIENT_EMAIL_MAX], access[2048], path[128];
	const char	*keys[] = { "result.last_login_date",
			    "result.last_request_date" };
	long long	 t, now;
	size_t		 i;
	int		 pass;

	signup("d0act", email, access, sizeof(access));
	fx_post(LOGIN, &r, "{\"email\":\"%s\",\"password\":\"%s\"}", email,
	    DX_PW);
	success(&r, "Logged in successfully", "access_token,refresh_token");
	snprintf(access, sizeof(access), "%s",
	    dx_s(r.json, "result.access_token"));
	resp_free(&r);
	snprintf(path, sizeof(path), "/api/user/%lld/activity",
	    (long long)dx_sub(access));
	/* the first request marks last_request_date; the second shows it */
	for (pass = 0; pass < 2; pass++) {
		dx_post_bare(path, access, &r);
		if (pass == 0) {
			resp_free(&r);
			continue;
		}
		success(&r, "Got user activity data",
		    "last_login_date,last_request_date");
		now = (long long)time(NULL);
		for (i = 0; i < 2; i++) {
			t = dx_epoch(dx_s(r.json, keys[i]));
			ck_assert_msg(t > 0, "%s: %s", keys[i], r.body);
			ck_assert_int_le(t, now + 5);
			ck_assert_int_ge(t, now - 120);
		}
		resp_free(&r);
	}
	/* and with a Content-Length, the way a client library sends it */
	fx_send("POST", path, NULL, NULL, access, NULL, NULL, &r);
	success(&r, "Got user activity data",
	    "last_login_date,last_request_date");
	resp_free(&r);
}
END_TEST

/* Deviation: an unknown account and a wrong password, one reply. */
START_TEST(test_login_failures_alike)
{
	struct resp	 wrong, unknown;
	char		 email[CLIENT_EMAIL_MAX];
	char		 access[2048];

	signup("d0fail", email, access, sizeof(access));
	dx_login_pair(LOGIN, "email", "password", email, "d0none", &wrong,
	    &unknown);
	failure(&wrong, 401);
	dx_same(&wrong, &unknown, "wrong password vs unknown account");
	resp_free(&wrong);
	resp_free(&unknown);
}
END_TEST

/* Failures keep the envelope: bad input, a taken address, bad JSON. */
START_TEST(test_register_failures)
{
	struct resp	 r;
	char		 email[CLIENT_EMAIL_MAX], access[2048];

	fx_post(REGISTER, &r, "{\"email\":\"wrong@format\",\"password\":"
	    "\"%s\"}", DX_PW);
	failure(&r, 400);
	resp_free(&r);
	fx_post(REGISTER, &r, "{\"email\":\"%s\"}", "x@example.com");
	failure(&r, 400);
	resp_free(&r);

	signup("d0taken", email, access, sizeof(access));
	fx_post(REGISTER, &r, "{\"email\":\"%s\",\"password\":\"%s\"}",
	    email, DX_PW);
	failure(&r, 409);
	resp_free(&r);

	fx_call("POST", REGISTER, NULL, NULL, "{\"email\":", &r);
	failure(&r, 400);
	resp_free(&r);
}
END_TEST

/*
 * Activity: no token, a bad token, someone else's id (sent with a
 * Content-Length: the body-less form is test_activity's).
 */
START_TEST(test_activity_failures)
{
	struct resp	 r;
	char		 email[CLIENT_EMAIL_MAX], access[2048], path[128];
	char		 email2[CLIENT_EMAIL_MAX], access2[2048];

	signup("d0actf", email, access, sizeof(access));
	signup("d0actg", email2, access2, sizeof(access2));
	snprintf(path, sizeof(path), "/api/user/%lld/activity",
	    (long long)dx_sub(access));
	fx_send("POST", path, NULL, NULL, NULL, NULL, NULL, &r);
	failure(&r, 401);
	resp_free(&r);
	fx_send("POST", path, NULL, NULL, "eyJhbGciOiJIUzI1NiJ9.e30.c2ln",
	    NULL, NULL, &r);
	failure(&r, 401);
	resp_free(&r);
	fx_send("POST", path, NULL, NULL, access2, NULL, NULL, &r);
	failure(&r, 403);
	resp_free(&r);
}
END_TEST

/* The canonical API still answers canonically beside the dialect. */
START_TEST(test_canonical_beside)
{
	struct resp	 r;
	char		 email[CLIENT_EMAIL_MAX], access[2048];

	signup("d0canon", email, access, sizeof(access));
	fx_post("/api/v1/auth/login", &r, "{\"email\":\"%s\",\"password\":"
	    "\"%s\"}", email, DX_PW);
	fx_expect(&r, 200, "ok", "canonical login");
	dx_bool(r.json, "success", 1);
	resp_free(&r);
	fx_call("GET", "/api/v1/profile", access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "canonical profile with the dialect's token");
	dx_str(r.json, "data.email", email);
	resp_free(&r);
}
END_TEST

static Suite *
seed000_suite(void)
{
	Suite	*s = suite_create("dialect_seed000");
	TCase	*t;

	t = fx_tcase(s, "examples");
	tcase_add_test(t, test_register);
	tcase_add_test(t, test_login);
	tcase_add_test(t, test_activity);

	t = fx_tcase(s, "failures");
	tcase_add_test(t, test_login_failures_alike);
	tcase_add_test(t, test_register_failures);
	tcase_add_test(t, test_activity_failures);

	t = fx_tcase(s, "canonical");
	tcase_add_test(t, test_canonical_beside);
	return s;
}

int
main(void)
{
	dx_start("FCAUTH_TEST_URL_SEED000", "check_dialect_seed000");
	return fx_run(srunner_create(seed000_suite()));
}
