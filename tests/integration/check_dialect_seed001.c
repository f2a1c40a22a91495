/*
 * check_dialect_seed001: seed document 001's API (conf/dialects/seed001)
 * replayed request by request on an instance with "dialect = seed001"
 * and verification on: /api/registration, the mail that links to
 * /api/confirm_email/<token>, /api/login {username, pwd, remember},
 * /api/profile_settings, /api/reset_password_request,
 * /api/reset_password/<token> {new_pwd} and /api/logout, each
 * {"status", "msg"(, "data")} with HTTP 200, and the deviations of
 * fcauth-dialect(5): one reset answer for known and unknown accounts,
 * logout "OK", a token that lives as long as its session.
 *
 * Environment (scripts/test): FCAUTH_TEST_URL_SEED001 and
 * FCAUTH_TEST_CONFIG_SEED001 (unset: skipped), FCAUTH_TEST_MAIL_DIR,
 * FCAUTH_TEST_ADMIN_CONFIG, FCAUTH_TEST_CTL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <json-c/json.h>

#include "client.h"
#include "config.h"
#include "db.h"
#include "fixture.h"
#include "dialect_fx.h"

#define CFG		"FCAUTH_TEST_CONFIG_SEED001"
#define LOGIN		"/api/login"
#define REGISTRATION	"/api/registration"
#define FORGOT		"/api/reset_password_request"
#define PROFILE		"/api/profile_settings"
#define CONFIRM		"/api/confirm_email/"
#define RESET		"/api/reset_password/"
#define LOGOUT		"/api/logout"

struct acct {
	char	 email[CLIENT_EMAIL_MAX];
	char	 username[CLIENT_USERNAME_MAX];
	char	 token[2048];
};

/* {"status": "OK", "msg": "msg"}, 200, nothing else. */
static void
ok_msg(const struct resp *r, const char *msg)
{
	dx_status(r, 200, msg);
	dx_keys(r->json, NULL, "status,msg");
	dx_str(r->json, "status", "OK");
	dx_str(r->json, "msg", msg);
}

/* {"status": "ERR", "msg": ...}, 200; the msg when "msg" is not NULL. */
static void
err_msg(const struct resp *r, const char *msg)
{
	dx_status(r, 200, "ERR");
	dx_keys(r->json, NULL, "status,msg");
	dx_str(r->json, "status", "ERR");
	if (msg != NULL)
		dx_str(r->json, "msg", msg);
	else
		ck_assert_uint_gt(strlen(dx_s(r->json, "msg")), 0);
}

/* The document's registration request for a fresh account. */
static void
registration(const char *prefix, struct acct *a)
{
	struct resp	 r;

	memset(a, 0, sizeof(*a));
	client_unique_email(prefix, a->email);
	client_unique_username(prefix, a->username);
	fx_post(REGISTRATION, &r, "{\"username\":\"%s\",\"full_name\":"
	    "\"Admin A.A.\",\"email\":\"%s\",\"phone\":null,\"contacts\":null,"
	    "\"pwd\":\"%s\"}", a->username, a->email, DX_PW);
	ok_msg(&r, "Check your email...");
	resp_free(&r);
}

/* The confirmation link's token from the newest mail to "a". */
static void
confirm_token(const struct acct *a, char *tok)
{
	char	*text, want[512];
	const char *const markers[] = { CONFIRM, NULL };

	text = dx_mail(a->email, CFG, NULL);
	dx_mail_token(text, markers, tok);
	/* the link is this dialect's path on this instance */
	snprintf(want, sizeof(want), "%s%s%s", fx_env("FCAUTH_TEST_URL_SEED001"),
	    CONFIRM, tok);
	ck_assert_msg(strstr(text, want) != NULL, "no %s in:\n%s", want, text);
	free(text);
}

/* Log in as the document does; the reply into "r" (caller frees). */
static void
login(const char *user, const char *pw, int remember, struct resp *r)
{
	fx_post(LOGIN, r, "{\"username\":\"%s\",\"pwd\":\"%s\",\"remember\":"
	    "%s}", user, pw, remember ? "true" : "false");
}

/* Log in: the document's success, the token into "a". */
static void
login_ok(struct acct *a, const char *pw, int remember)
{
	struct resp	 r;

	login(a->username, pw, remember, &r);
	dx_status(&r, 200, "login");
	dx_keys(r.json, NULL, "data,msg,status");
	dx_keys(r.json, "data", "token");
	dx_str(r.json, "msg", "success");
	dx_str(r.json, "status", "OK");
	snprintf(a->token, sizeof(a->token), "%s", dx_s(r.json, "data.token"));
	resp_free(&r);
}

/* A registered and confirmed account, signed in. */
static void
confirmed(const char *prefix, struct acct *a)
{
	struct resp	 r;
	char		 tok[FX_TOKEN_LEN + 1], path[128];

	registration(prefix, a);
	confirm_token(a, tok);
	snprintf(path, sizeof(path), "%s%s", CONFIRM, tok);
	fx_call("GET", path, NULL, NULL, NULL, &r);
	ok_msg(&r, "Your email has been confirmed.");
	resp_free(&r);
	login_ok(a, DX_PW, 0);
}

/* GET /api/profile_settings with "token": the reply (caller frees). */
static void
profile(const char *token, struct resp *r)
{
	fx_call("GET", PROFILE, token, NULL, NULL, r);
}

/* The newest reset mail's token to "email". */
static void
reset_token(const char *email, char *tok)
{
	char	*text;
	const char *const markers[] = { RESET, "#token=", "?token=",
			    "token=", NULL };

	text = dx_mail(email, CFG, NULL);
	dx_mail_token(text, markers, tok);
	free(text);
}

/* The whole flow the document describes, one request after another. */
START_TEST(test_flow)
{
	struct resp	 r;
	struct acct	 a;
	char		 tok[FX_TOKEN_LEN + 1], path[128], old[2048];
	const char	*masked, *at;

	registration("d1flow", &a);

	/* not confirmed yet: the password is right, the answer is ERR */
	login(a.username, DX_PW, 1, &r);
	err_msg(&r, NULL);
	resp_free(&r);

	confirm_token(&a, tok);
	snprintf(path, sizeof(path), "%s%s", CONFIRM, tok);
	fx_call("GET", path, NULL, NULL, NULL, &r);
	ok_msg(&r, "Your email has been confirmed.");
	resp_free(&r);
	/* a used link: an ERR, still 200 */
	fx_call("GET", path, NULL, NULL, NULL, &r);
	err_msg(&r, NULL);
	resp_free(&r);

	login_ok(&a, DX_PW, 1);
	json_object_put(dx_jwt(a.token));

	profile(a.token, &r);
	dx_status(&r, 200, "profile_settings");
	dx_keys(r.json, NULL, "data,msg,status");
	dx_keys(r.json, "data", "contacts,email,full_name,is_email_verified,"
	    "phone,pwd,username");
	dx_str(r.json, "msg", "success");
	dx_str(r.json, "status", "OK");
	dx_null(r.json, "data.contacts");
	dx_null(r.json, "data.phone");
	dx_str(r.json, "data.full_name", "Admin A.A.");
	dx_bool(r.json, "data.is_email_verified", 1);
	dx_str(r.json, "data.pwd", "********");
	dx_str(r.json, "data.username", a.username);
	/* "d******z@yandex.ru": first and last letter, the domain */
	masked = dx_s(r.json, "data.email");
	at = strchr(a.email, '@');
	ck_assert_ptr_nonnull(strchr(masked, '*'));
	ck_assert_str_ne(masked, a.email);
	ck_assert_int_eq(masked[0], a.email[0]);
	ck_assert_str_eq(strchr(masked, '@'), at);
	ck_assert_int_eq(strchr(masked, '@')[-1], at[-1]);
	ck_assert_ptr_null(strstr(r.body, DX_PW));
	resp_free(&r);

	/* the reset, by username as the document sends it */
	fx_post(FORGOT, &r, "{\"username\":\"%s\"}", a.username);
	ok_msg(&r, "Check your email...");
	resp_free(&r);
	reset_token(a.email, tok);
	snprintf(path, sizeof(path), "%s%s", RESET, tok);
	fx_post(path, &r, "{\"new_pwd\":\"%s\"}", DX_NEW_PW);
	ok_msg(&r, "Your password has been reset.");
	resp_free(&r);
	/* the reset ended the session: the old token is refused */
	profile(a.token, &r);
	err_msg(&r, NULL);
	resp_free(&r);
	login(a.username, DX_PW, 0, &r);
	err_msg(&r, NULL);
	resp_free(&r);
	login_ok(&a, DX_NEW_PW, 0);

	/* logout: "OK" (the document's "1234" is a deviation) */
	snprintf(old, sizeof(old), "%s", a.token);
	fx_call("GET", LOGOUT, a.token, NULL, NULL, &r);
	ok_msg(&r, "user logout");
	resp_free(&r);
	profile(old, &r);
	err_msg(&r, NULL);
	resp_free(&r);
}
END_TEST

/* The registration example itself, and "username is not allowed". */
START_TEST(test_registration_errors)
{
	struct resp	 r;
	struct acct	 a;
	char		 email[CLIENT_EMAIL_MAX];

	client_unique_email("d1admin", email);
	fx_post(REGISTRATION, &r, "{\"username\":\"Admin\",\"full_name\":"
	    "\"Admin A.A.\",\"email\":\"%s\",\"phone\":null,\"contacts\":null,"
	    "\"pwd\":\"%s\"}", email, DX_PW);
	err_msg(&r, NULL);
	/* the document's own words, lower case and full stop */
	ck_assert_str_eq(dx_s(r.json, "msg"), "username is not allowed.");
	resp_free(&r);

	/* a taken address, a missing field, bad JSON: ERR, 200 */
	registration("d1taken", &a);
	fx_post(REGISTRATION, &r, "{\"email\":\"%s\",\"pwd\":\"%s\"}",
	    a.email, DX_PW);
	err_msg(&r, NULL);
	resp_free(&r);
	fx_post(REGISTRATION, &r, "{\"email\":\"%s\"}", email);
	err_msg(&r, NULL);
	resp_free(&r);
	fx_call("POST", REGISTRATION, NULL, NULL, "{\"email\"", &r);
	err_msg(&r, NULL);
	resp_free(&r);
}
END_TEST

/* Deviation: a wrong password and an unknown user, one answer. */
START_TEST(test_login_failures_alike)
{
	struct resp	 wrong, unknown;
	struct acct	 a;
	char		 other[CLIENT_USERNAME_MAX];

	confirmed("d1fail", &a);
	client_unique_username("d1none", other);
	login(a.username, "not the password at all", 1, &wrong);
	login(other, "not the password at all", 1, &unknown);
	err_msg(&wrong, NULL);
	dx_same(&wrong, &unknown, "wrong password vs unknown user");
	resp_free(&wrong);
	resp_free(&unknown);
}
END_TEST

/*
 * Deviation: the reset request answers "Check your email..." for an
 * unknown user too (the document's "user not found" would tell), and
 * mails nothing then.
 */
START_TEST(test_forgot_unknown_alike)
{
	struct resp	 known, unknown;
	struct acct	 a;
	char		 other[CLIENT_USERNAME_MAX];

	confirmed("d1forgot", &a);
	client_unique_username("d1nobody", other);
	fx_post(FORGOT, &known, "{\"username\":\"%s\"}", a.username);
	fx_post(FORGOT, &unknown, "{\"username\":\"%s\"}", other);
	ok_msg(&known, "Check your email...");
	dx_same(&known, &unknown, "reset request, known vs unknown");
	resp_free(&known);
	resp_free(&unknown);
}
END_TEST

/* Unknown tokens: the document's "user not found" answers. */
START_TEST(test_unknown_tokens)
{
	struct resp	 r;
	char		 path[128];

	snprintf(path, sizeof(path), "%s%s", CONFIRM,
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	fx_call("GET", path, NULL, NULL, NULL, &r);
	err_msg(&r, "user not found.");
	resp_free(&r);

	snprintf(path, sizeof(path), "%s%s", RESET,
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	fx_post(path, &r, "{\"new_pwd\":\"%s\"}", DX_NEW_PW);
	dx_status(&r, 200, "reset unknown");
	dx_keys(r.json, NULL, "msg,status");
	dx_str(r.json, "msg", "user not found");
	dx_str(r.json, "status", "ERR");
	resp_free(&r);
}
END_TEST

/* Without a token, with a bad one: ERR, 200. */
START_TEST(test_profile_without_token)
{
	struct resp	 r;

	profile(NULL, &r);
	err_msg(&r, NULL);
	resp_free(&r);
	profile("eyJhbGciOiJIUzI1NiJ9.e30.c2ln", &r);
	err_msg(&r, NULL);
	resp_free(&r);
}
END_TEST

/*
 * The token lives as long as its session (option access_ttl session):
 * "remember" picks the long or the short lifetime.
 */
START_TEST(test_token_lifetime)
{
	struct acct		 a;
	struct config		 cfg;
	struct json_object	*cl;
	int64_t			 life;

	fx_config(CFG, &cfg);
	confirmed("d1ttl", &a);
	login_ok(&a, DX_PW, 0);
	cl = dx_jwt(a.token);
	life = dx_int(cl, "exp") - dx_int(cl, "iat");
	json_object_put(cl);
	ck_assert_int_ge(life, (int64_t)cfg.refresh_ttl - 60);
	ck_assert_int_le(life, (int64_t)cfg.refresh_ttl + 60);
	login_ok(&a, DX_PW, 1);
	cl = dx_jwt(a.token);
	life = dx_int(cl, "exp") - dx_int(cl, "iat");
	json_object_put(cl);
	ck_assert_int_ge(life, (int64_t)cfg.refresh_ttl_remember - 60);
	ck_assert_int_le(life, (int64_t)cfg.refresh_ttl_remember + 60);
	config_free(&cfg);
}
END_TEST

/* Logout without a token still answers the document's success. */
START_TEST(test_logout_idempotent)
{
	struct resp	 r;

	fx_call("GET", LOGOUT, NULL, NULL, NULL, &r);
	ok_msg(&r, "user logout");
	resp_free(&r);
}
END_TEST

/* The canonical API answers canonically on the same instance. */
START_TEST(test_canonical_beside)
{
	struct resp	 r;
	struct acct	 a;

	confirmed("d1canon", &a);
	fx_post("/api/v1/auth/login", &r, "{\"login\":\"%s\",\"password\":"
	    "\"%s\"}", a.username, DX_PW);
	fx_expect(&r, 200, "ok", "canonical login");
	dx_type(r.json, "data.refresh_token", json_type_string);
	resp_free(&r);
	fx_call("GET", "/api/v1/profile", a.token, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "canonical profile, dialect token");
	dx_str(r.json, "data.email", a.email);
	resp_free(&r);
}
END_TEST

static Suite *
seed001_suite(void)
{
	Suite	*s = suite_create("dialect_seed001");
	TCase	*t;

	t = fx_tcase(s, "flow");
	tcase_add_test(t, test_flow);
	tcase_add_test(t, test_token_lifetime);

	t = fx_tcase(s, "failures");
	tcase_add_test(t, test_registration_errors);
	tcase_add_test(t, test_login_failures_alike);
	tcase_add_test(t, test_forgot_unknown_alike);
	tcase_add_test(t, test_unknown_tokens);
	tcase_add_test(t, test_profile_without_token);
	tcase_add_test(t, test_logout_idempotent);

	t = fx_tcase(s, "canonical");
	tcase_add_test(t, test_canonical_beside);
	return s;
}

int
main(void)
{
	dx_start("FCAUTH_TEST_URL_SEED001", "check_dialect_seed001");
	return fx_run(srunner_create(seed001_suite()));
}
