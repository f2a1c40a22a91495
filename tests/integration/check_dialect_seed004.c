/*
 * check_dialect_seed004: seed document 004's API (conf/dialects/seed004)
 * replayed request by request on an instance with "dialect = seed004"
 * and verification off: POST /api/auth/login/ and /api/auth/register/
 * (trailing slashes) → 200 {"status": "success", "token"}; 400
 * {"status": "fail", "errors": {field: {value, msg, param, location}}}
 * and errors.main.msg for credential failures, one message for an
 * unknown account and a wrong password (fcauth-dialect(5), DEVIATIONS).
 *
 * Environment (scripts/test): FCAUTH_TEST_URL_SEED004 (unset: skipped),
 * FCAUTH_TEST_ADMIN_CONFIG.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <json-c/json.h>

#include "client.h"
#include "fixture.h"
#include "dialect_fx.h"

#define LOGIN		"/api/auth/login/"
#define REGISTER	"/api/auth/register/"

/* 200 {"status": "success", "token"}: the token's user id. */
static int64_t
success(const struct resp *r)
{
	dx_status(r, 200, "success");
	dx_keys(r->json, NULL, "status,token");
	dx_str(r->json, "status", "success");
	return dx_sub(dx_s(r->json, "token"));
}

/* 400 {"status": "fail", "errors": {...}} with the keys "keys". */
static void
failed(const struct resp *r, const char *keys)
{
	dx_status(r, 400, "fail");
	dx_keys(r->json, NULL, "status,errors");
	dx_str(r->json, "status", "fail");
	dx_keys(r->json, "errors", keys);
}

/* errors."field" is express-validator's: msg, param, location (value). */
static void
field_error(const struct resp *r, const char *field, const char *value)
{
	char	 p[128];

	snprintf(p, sizeof(p), "errors.%s", field);
	dx_keys(r->json, p, value != NULL ? "value,msg,param,location" :
	    "msg,param,location");
	snprintf(p, sizeof(p), "errors.%s.msg", field);
	ck_assert_uint_gt(strlen(dx_s(r->json, p)), 0);
	snprintf(p, sizeof(p), "errors.%s.param", field);
	dx_str(r->json, p, field);
	snprintf(p, sizeof(p), "errors.%s.location", field);
	dx_str(r->json, p, "body");
	if (value != NULL) {
		snprintf(p, sizeof(p), "errors.%s.value", field);
		dx_str(r->json, p, value);
	}
}

/* The document's register example, for a fresh address. */
static void
signup(const char *prefix, char *email)
{
	struct resp	 r;

	client_unique_email(prefix, email);
	fx_post(REGISTER, &r, "{\"name\":\"example name\",\"email\":\"%s\","
	    "\"password\":\"%s\"}", email, DX_PW);
	ck_assert_int_eq(success(&r), dx_user_id(email));
	dx_no_secret(r.body, DX_PW);
	resp_free(&r);
}

START_TEST(test_register_login)
{
	struct resp	 r;
	char		 email[CLIENT_EMAIL_MAX];

	signup("d4flow", email);
	fx_post(LOGIN, &r, "{\"email\":\"%s\",\"password\":\"%s\"}", email,
	    DX_PW);
	ck_assert_int_eq(success(&r), dx_user_id(email));
	dx_no_secret(r.body, DX_PW);
	resp_free(&r);
}
END_TEST

/*
 * The document's error example: a malformed email and no password;
 * the password's error carries no value.
 */
START_TEST(test_register_field_errors)
{
	struct resp	 r;

	fx_post(REGISTER, &r, "{\"name\":\"example name\",\"email\":"
	    "\"wrong@format\"}");
	failed(&r, "email,password");
	field_error(&r, "email", "wrong@format");
	field_error(&r, "password", NULL);
	/* the document's own words, "!" included */
	dx_str(r.json, "errors.email.msg", "Email format invalid!");
	dx_str(r.json, "errors.password.msg", "Password is required!");
	resp_free(&r);

	/* name is required by this document; min:8 for the password */
	fx_post(REGISTER, &r, "{\"email\":\"x@example.com\",\"password\":"
	    "\"short\"}");
	failed(&r, "name,password");
	field_error(&r, "name", NULL);
	field_error(&r, "password", NULL);
	ck_assert_ptr_null(strstr(r.body, "\"short\""));
	resp_free(&r);
}
END_TEST

/* The login example's field errors: no password. */
START_TEST(test_login_field_errors)
{
	struct resp	 r;

	fx_post(LOGIN, &r, "{\"email\":\"example@example.com\"}");
	dx_status(&r, 400, "login without a password");
	dx_str(r.json, "status", "fail");
	field_error(&r, "password", NULL);
	dx_str(r.json, "errors.password.msg", "Password is required!");
	resp_free(&r);
}
END_TEST

/*
 * Deviation: "User doesn't exist" and "user password incorrect" are
 * one answer, errors.main.msg "Invalid email or password".
 */
START_TEST(test_login_failures_alike)
{
	struct resp	 wrong, unknown;
	char		 email[CLIENT_EMAIL_MAX];

	signup("d4fail", email);
	dx_login_pair(LOGIN, "email", "password", email, "d4none", &wrong,
	    &unknown);
	failed(&wrong, "main");
	dx_keys(wrong.json, "errors.main", "msg");
	dx_str(wrong.json, "errors.main.msg", "Invalid email or password");
	dx_same(&wrong, &unknown, "wrong password vs unknown account");
	resp_free(&wrong);
	resp_free(&unknown);
}
END_TEST

/* A taken address: errors.email; bad JSON: errors.main. */
START_TEST(test_register_taken_and_malformed)
{
	struct resp	 r;
	char		 email[CLIENT_EMAIL_MAX];

	signup("d4taken", email);
	fx_post(REGISTER, &r, "{\"name\":\"example name\",\"email\":\"%s\","
	    "\"password\":\"%s\"}", email, DX_PW);
	failed(&r, "email");
	field_error(&r, "email", NULL);
	resp_free(&r);

	fx_call("POST", REGISTER, NULL, NULL, "{\"email\":", &r);
	failed(&r, "main");
	dx_keys(r.json, "errors.main", "msg");
	ck_assert_uint_gt(strlen(dx_s(r.json, "errors.main.msg")), 0);
	resp_free(&r);
}
END_TEST

static Suite *
seed004_suite(void)
{
	Suite	*s = suite_create("dialect_seed004");
	TCase	*t;

	t = fx_tcase(s, "examples");
	tcase_add_test(t, test_register_login);
	tcase_add_test(t, test_register_field_errors);
	tcase_add_test(t, test_login_field_errors);

	t = fx_tcase(s, "failures");
	tcase_add_test(t, test_login_failures_alike);
	tcase_add_test(t, test_register_taken_and_malformed);
	return s;
}

int
main(void)
{
	dx_start("FCAUTH_TEST_URL_SEED004", "check_dialect_seed004");
	return fx_run(srunner_create(seed004_suite()));
}
