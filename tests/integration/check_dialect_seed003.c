/*
 * check_dialect_seed003: seed document 003's API (conf/dialects/seed003,
 * base /api/v1/auth) replayed request by request on an instance with
 * "dialect = seed003" and verification on: /register {name, email,
 * password}, /activate-user {activation_code, activation_token}, /login
 * (data.user, data.accessToken, the refresh cookie), GET /refresh-token
 * through that cookie and GET /logout, each {"success", "message",
 * "data"}; and the deviations of fcauth-dialect(5): an opaque
 * activation token, activation without signing in, no password or hash
 * in any reply, logout "success": true, one answer for an unknown
 * account and a wrong password.
 *
 * Environment (scripts/test): FCAUTH_TEST_URL_SEED003 and
 * FCAUTH_TEST_CONFIG_SEED003 (unset: skipped), FCAUTH_TEST_MAIL_DIR,
 * FCAUTH_TEST_ADMIN_CONFIG, FCAUTH_TEST_CTL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <json-c/json.h>

#include "client.h"
#include "db.h"
#include "fixture.h"
#include "dialect_fx.h"

#define CFG		"FCAUTH_TEST_CONFIG_SEED003"
#define BASE		"/api/v1/auth"
#define REGISTER	BASE "/register"
#define ACTIVATE	BASE "/activate-user"
#define LOGIN		BASE "/login"
#define REFRESH		BASE "/refresh-token"
#define LOGOUT		BASE "/logout"

#define ACTIVATED	"User succesfully activated. Please login then"

struct acct {
	char	 email[CLIENT_EMAIL_MAX];
	char	 token[256];		/* activation_token */
	char	 access[2048];
	char	 cookie[512];		/* "name=value" of the refresh cookie */
};

/* {"success": true, "message": msg, "data": ...}, 200. */
static void
success(const struct resp *r, const char *msg)
{
	dx_status(r, 200, msg);
	dx_keys(r->json, NULL, "success,message,data");
	dx_bool(r->json, "success", 1);
	dx_str(r->json, "message", msg);
}

/* {"success": false, "message", "data": null} with "st". */
static void
failure(const struct resp *r, long st, const char *msg)
{
	dx_status(r, st, "failure");
	dx_keys(r->json, NULL, "success,message,data");
	dx_bool(r->json, "success", 0);
	if (msg != NULL)
		dx_str(r->json, "message", msg);
	else
		ck_assert_uint_gt(strlen(dx_s(r->json, "message")), 0);
	dx_null(r->json, "data");
}

/* The document's register: its message names the address. */
static void
signup(const char *prefix, struct acct *a)
{
	struct resp	 r;
	char		 msg[256];

	memset(a, 0, sizeof(*a));
	client_unique_email(prefix, a->email);
	fx_post(REGISTER, &r, "{\"name\":\"sita nuria\",\"email\":\"%s\","
	    "\"password\":\"%s\"}", a->email, DX_PW);
	snprintf(msg, sizeof(msg), "Please check yout email at %s to "
	    "activate yout account", a->email);
	success(&r, msg);
	dx_keys(r.json, "data", "activation_token");
	snprintf(a->token, sizeof(a->token), "%s",
	    dx_s(r.json, "data.activation_token"));
	/* deviation: an opaque reference, not a JWT with the password */
	ck_assert_uint_eq(strlen(a->token), FX_TOKEN_LEN);
	ck_assert_ptr_null(strchr(a->token, '.'));
	dx_no_secret(r.body, DX_PW);
	resp_free(&r);
}

/* The activation code mailed to "a". */
static void
mailed_code(const struct acct *a, char *code)
{
	char	*text = dx_mail(a->email, CFG, NULL);

	fx_mail_code(text, code, FX_CODE_MAX);
	free(text);
}

/* POST /activate-user: the reply (caller frees). */
static void
activate(const struct acct *a, const char *code, struct resp *r)
{
	fx_post(ACTIVATE, r, "{\"activation_code\":\"%s\",\"activation_token\":"
	    "\"%s\"}", code, a->token);
}

/* Log in: the document's reply, the token and the cookie into "a". */
static void
login_ok(struct acct *a)
{
	struct resp	 r;
	char		 line[1024];

	fx_post(LOGIN, &r, "{\"email\":\"%s\",\"password\":\"%s\"}", a->email,
	    DX_PW);
	success(&r, ACTIVATED);
	dx_keys(r.json, "data", "user,accessToken");
	dx_keys(r.json, "data.user", "_id,name,email,role,isVerified,courses,"
	    "createdAt,updatedAt,__v");
	dx_str(r.json, "data.user.name", "sita nuria");
	dx_str(r.json, "data.user.email", a->email);
	dx_str(r.json, "data.user.role", "user");
	dx_str(r.json, "data.user.isVerified", "true");
	dx_type(r.json, "data.user.courses", json_type_array);
	ck_assert_uint_eq(json_object_array_length(dx_get(r.json,
	    "data.user.courses")), 0);
	ck_assert(dx_fmt(dx_s(r.json, "data.user.createdAt"),
	    "YYYY-MM-DDTHH:MM:SS.000Z"));
	ck_assert(dx_fmt(dx_s(r.json, "data.user.updatedAt"),
	    "YYYY-MM-DDTHH:MM:SS.000Z"));
	ck_assert_int_eq(dx_int(r.json, "data.user.__v"), 0);
	snprintf(a->access, sizeof(a->access), "%s",
	    dx_s(r.json, "data.accessToken"));
	ck_assert_int_eq(strtoll(dx_s(r.json, "data.user._id"), NULL, 10),
	    dx_sub(a->access));
	ck_assert_int_eq(dx_sub(a->access), dx_user_id(a->email));
	/* deviation: the document's "password" (a hash) is left out */
	dx_no_secret(r.body, DX_PW);
	/* the refresh token comes as a cookie that refresh-token reads */
	ck_assert_msg(dx_cookie(&r, a->cookie, sizeof(a->cookie), line,
	    sizeof(line)), "login set no cookie: %s", r.body);
	ck_assert_ptr_nonnull(strstr(line, "HttpOnly"));
	ck_assert_ptr_nonnull(strstr(line, "Path=" BASE));
	resp_free(&r);
}

/* An account registered and activated. */
static void
activated(const char *prefix, struct acct *a)
{
	struct resp	 r;
	char		 code[FX_CODE_MAX];

	signup(prefix, a);
	mailed_code(a, code);
	activate(a, code, &r);
	success(&r, ACTIVATED);
	resp_free(&r);
}

/* The document's whole flow, request by request. */
START_TEST(test_flow)
{
	struct resp	 r;
	struct acct	 a;
	char		 code[FX_CODE_MAX], wrong[FX_CODE_MAX], old[512];
	char		 line[1024];
	size_t		 n;

	signup("d3flow", &a);

	/* not activated: the password is right, still a failure */
	fx_post(LOGIN, &r, "{\"email\":\"%s\",\"password\":\"%s\"}", a.email,
	    DX_PW);
	failure(&r, 403, NULL);
	resp_free(&r);

	mailed_code(&a, code);
	n = strlen(code);
	memcpy(wrong, code, n + 1);
	wrong[n - 1] = wrong[n - 1] == '0' ? '1' : '0';
	activate(&a, wrong, &r);
	failure(&r, 400, "Invalid activation code");
	resp_free(&r);

	activate(&a, code, &r);
	success(&r, ACTIVATED);
	dx_null(r.json, "data");
	/* deviation: activation does not sign in */
	ck_assert_int_eq(dx_cookie(&r, NULL, 0, NULL, 0), 0);
	resp_free(&r);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM sessions WHERE "
	    "user_id = ?", FX_ARGS(DBV_INT(dx_user_id(a.email)))), 0);

	login_ok(&a);

	fx_call("GET", REFRESH, NULL, a.cookie, NULL, &r);
	success(&r, ACTIVATED);
	dx_keys(r.json, "data", "access_token");
	ck_assert_int_eq(dx_sub(dx_s(r.json, "data.access_token")),
	    dx_user_id(a.email));
	snprintf(old, sizeof(old), "%s", a.cookie);
	if (dx_cookie(&r, a.cookie, sizeof(a.cookie), line, sizeof(line)))
		ck_assert_ptr_nonnull(strstr(line, "HttpOnly"));
	resp_free(&r);

	fx_call("GET", LOGOUT, a.access, a.cookie, NULL, &r);
	success(&r, "Logged out successfully");
	dx_null(r.json, "data");
	resp_free(&r);

	/* the session is over: its cookie refreshes nothing */
	fx_call("GET", REFRESH, NULL, a.cookie, NULL, &r);
	failure(&r, 401, NULL);
	resp_free(&r);
}
END_TEST

/* Deviation: unknown account and wrong password, one answer. */
START_TEST(test_login_failures_alike)
{
	struct resp	 wrong, unknown;
	struct acct	 a;

	activated("d3fail", &a);
	dx_login_pair(LOGIN, "email", "password", a.email, "d3none", &wrong,
	    &unknown);
	failure(&wrong, 401, "Invalid email or password");
	dx_same(&wrong, &unknown, "wrong password vs unknown account");
	resp_free(&wrong);
	resp_free(&unknown);
}
END_TEST

/* Refresh without a cookie, logout without anything, bad input. */
START_TEST(test_failures)
{
	struct resp	 r;
	struct acct	 a;

	fx_call("GET", REFRESH, NULL, NULL, NULL, &r);
	failure(&r, 401, NULL);
	resp_free(&r);
	fx_call("GET", LOGOUT, NULL, NULL, NULL, &r);
	success(&r, "Logged out successfully");
	resp_free(&r);
	fx_post(REGISTER, &r, "{\"name\":\"x\",\"email\":\"wrong@format\","
	    "\"password\":\"%s\"}", DX_PW);
	failure(&r, 400, NULL);
	resp_free(&r);
	signup("d3taken", &a);
	fx_post(REGISTER, &r, "{\"name\":\"x\",\"email\":\"%s\","
	    "\"password\":\"%s\"}", a.email, DX_PW);
	failure(&r, 409, NULL);
	resp_free(&r);
	fx_post(ACTIVATE, &r, "{\"activation_code\":\"1234\","
	    "\"activation_token\":\"%s\"}",
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	failure(&r, 404, NULL);
	resp_free(&r);
}
END_TEST

static Suite *
seed003_suite(void)
{
	Suite	*s = suite_create("dialect_seed003");
	TCase	*t;

	t = fx_tcase(s, "flow");
	tcase_add_test(t, test_flow);

	t = fx_tcase(s, "failures");
	tcase_add_test(t, test_login_failures_alike);
	tcase_add_test(t, test_failures);
	return s;
}

int
main(void)
{
	dx_start("FCAUTH_TEST_URL_SEED003", "check_dialect_seed003");
	return fx_run(srunner_create(seed003_suite()));
}
