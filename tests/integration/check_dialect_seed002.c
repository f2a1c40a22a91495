/*
 * check_dialect_seed002: seed document 002's API (conf/dialects/seed002,
 * base /api/v1/auth) replayed request by request on an instance with
 * "dialect = seed002" and verification on: /register, GET /status?id=,
 * POST /resend {email}, POST /verify {code, verificationId} and /login,
 * flat bodies with "message", the user with "fullname", the birthday
 * as DD.MM.YYYY and "role": "User"; and the deviations of
 * fcauth-dialect(5): resend and /status answer an unknown address
 * exactly like a pending one, failures answer {"message"}.
 *
 * Environment (scripts/test): FCAUTH_TEST_URL_SEED002 and
 * FCAUTH_TEST_CONFIG_SEED002 (unset: skipped), FCAUTH_TEST_MAIL_DIR,
 * FCAUTH_TEST_ADMIN_CONFIG, FCAUTH_TEST_CTL.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <json-c/json.h>

#include "client.h"
#include "fixture.h"
#include "dialect_fx.h"

#define CFG		"FCAUTH_TEST_CONFIG_SEED002"
#define BASE		"/api/v1/auth"
#define LOGIN		BASE "/login"
#define REGISTER	BASE "/register"
#define STATUS		BASE "/status?id="
#define RESEND		BASE "/resend"
#define VERIFY		BASE "/verify"

#define PHONE		"998 90-000-00-00"
#define PICTURE		"https://example.com/your-picture.png"
#define BIO		"Detailed biography of yourself"

struct acct {
	char	 email[CLIENT_EMAIL_MAX];
	char	 username[CLIENT_USERNAME_MAX];
	char	 vid[256];
	char	 token[2048];
};

/* Only the digits of "s", into "out". */
static void
digits(const char *s, char *out, size_t outsz)
{
	size_t	 n = 0;

	for (; *s != '\0' && n + 1 < outsz; s++)
		if (*s >= '0' && *s <= '9')
			out[n++] = *s;
	out[n] = '\0';
}

/*
 * The document's user object (login: with "username") for "a", with
 * what register sent.
 */
static void
check_user(struct json_object *o, const struct acct *a, int with_username)
{
	char	 got[64], want[64];

	if (with_username) {
		dx_keys(o, "user", "id,username,email,phone,fullname,birthday,"
		    "profile_picture,bio,role,created_at,updated_at");
		dx_str(o, "user.username", a->username);
	} else
		dx_keys(o, "user", "id,email,phone,fullname,birthday,"
		    "profile_picture,bio,role,created_at,updated_at");
	ck_assert_int_eq(dx_int(o, "user.id"), dx_user_id(a->email));
	dx_str(o, "user.email", a->email);
	digits(dx_s(o, "user.phone"), got, sizeof(got));
	digits(PHONE, want, sizeof(want));
	ck_assert_str_eq(got, want);
	dx_str(o, "user.fullname", "John Doe");
	dx_str(o, "user.birthday", "10.01.1996");
	dx_str(o, "user.profile_picture", PICTURE);
	dx_str(o, "user.bio", BIO);
	dx_str(o, "user.role", "User");
	ck_assert(dx_fmt(dx_s(o, "user.created_at"), "YYYY-MM-DDTHH:MM:SSZ"));
	ck_assert(dx_fmt(dx_s(o, "user.updated_at"), "YYYY-MM-DDTHH:MM:SSZ"));
	json_object_put(dx_jwt(dx_s(o, "token")));
	ck_assert_int_eq(dx_sub(dx_s(o, "token")), dx_user_id(a->email));
}

/* The document's register request; its reply checked, the id kept. */
static void
signup(const char *prefix, struct acct *a)
{
	struct resp	 r;

	memset(a, 0, sizeof(*a));
	client_unique_email(prefix, a->email);
	client_unique_username(prefix, a->username);
	fx_post(REGISTER, &r, "{\"username\":\"%s\",\"email\":\"%s\","
	    "\"phone\":\"%s\",\"password\":\"%s\",\"fullname\":\"John Doe\","
	    "\"profile_picture\":\"%s\",\"bio\":\"%s\",\"birthday\":"
	    "\"10.01.1996\"}", a->username, a->email, PHONE, DX_PW, PICTURE,
	    BIO);
	dx_status(&r, 200, "register");
	dx_keys(r.json, NULL, "message,email,timeOut,verificationId");
	dx_str(r.json, "message", "Verification code sent to your email");
	dx_str(r.json, "email", a->email);
	ck_assert_int_gt(dx_int(r.json, "timeOut"), 0);
	snprintf(a->vid, sizeof(a->vid), "%s", dx_s(r.json, "verificationId"));
	ck_assert_uint_gt(strlen(a->vid), 0);
	resp_free(&r);
}

/* GET /status?id="vid": the reply (caller frees). */
static void
status(const char *vid, struct resp *r)
{
	char	 path[512];

	snprintf(path, sizeof(path), "%s%s", STATUS, vid);
	fx_call("GET", path, NULL, NULL, NULL, r);
}

/* A pending verification's status: the document's first answer. */
static void
check_pending(const struct resp *r, const char *email)
{
	dx_status(r, 200, "status pending");
	dx_keys(r->json, NULL, "message,email,timeOut");
	dx_str(r->json, "message", "Verification code sent to email");
	dx_str(r->json, "email", email);
	ck_assert_int_gt(dx_int(r->json, "timeOut"), 0);
}

/* A code that is not "code". */
static void
other_code(const char *code, char *out)
{
	size_t	 n = strlen(code);

	memcpy(out, code, n + 1);
	out[n - 1] = out[n - 1] == '0' ? '1' : '0';
}

/* A failure: {"message"} alone, the canonical status. */
static void
failure(const struct resp *r, long st)
{
	dx_status(r, st, "failure");
	dx_keys(r->json, NULL, "message");
	ck_assert_uint_gt(strlen(dx_s(r->json, "message")), 0);
}

/* register → status → mail → verify → status → login, as documented. */
START_TEST(test_flow)
{
	struct resp	 r;
	struct acct	 a;
	char		*text, code[FX_CODE_MAX], wrong[FX_CODE_MAX];

	signup("d2flow", &a);
	status(a.vid, &r);
	check_pending(&r, a.email);
	resp_free(&r);

	text = dx_mail(a.email, CFG, NULL);
	fx_mail_code(text, code, sizeof(code));
	free(text);

	/* a wrong code first: {"message"}, 400 */
	other_code(code, wrong);
	fx_post(VERIFY, &r, "{\"code\":\"%s\",\"verificationId\":\"%s\"}",
	    wrong, a.vid);
	failure(&r, 400);
	resp_free(&r);

	fx_post(VERIFY, &r, "{\"code\":\"%s\",\"verificationId\":\"%s\"}",
	    code, a.vid);
	dx_status(&r, 200, "verify");
	dx_keys(r.json, NULL, "message,user,token");
	dx_str(r.json, "message", "Successfuly registered");
	check_user(r.json, &a, 0);
	dx_no_secret(r.body, DX_PW);
	resp_free(&r);

	status(a.vid, &r);
	dx_status(&r, 200, "status verified");
	dx_keys(r.json, NULL, "message,email");
	dx_str(r.json, "message", "Email successfuly verified");
	dx_str(r.json, "email", a.email);
	resp_free(&r);

	fx_post(LOGIN, &r, "{\"email\":\"%s\",\"password\":\"%s\"}", a.email,
	    DX_PW);
	dx_status(&r, 200, "login");
	dx_keys(r.json, NULL, "message,user,token");
	dx_str(r.json, "message", "Successfuly login");
	check_user(r.json, &a, 1);
	dx_no_secret(r.body, DX_PW);
	resp_free(&r);
}
END_TEST

/* POST /resend {email}: the document's answer, a fresh code by mail. */
START_TEST(test_resend)
{
	struct resp	 r;
	struct acct	 a;
	char		*text, code[FX_CODE_MAX], vid[256];

	signup("d2resend", &a);
	fx_post(RESEND, &r, "{\"email\":\"%s\"}", a.email);
	dx_status(&r, 200, "resend");
	dx_keys(r.json, NULL, "message,email,timeOut,verificationId");
	dx_str(r.json, "message", "Verification code sent to email");
	dx_str(r.json, "email", a.email);
	ck_assert_int_gt(dx_int(r.json, "timeOut"), 0);
	snprintf(vid, sizeof(vid), "%s", dx_s(r.json, "verificationId"));
	resp_free(&r);
	status(vid, &r);
	check_pending(&r, a.email);
	resp_free(&r);
	/* the newest code confirms under the id resend gave */
	text = dx_mail(a.email, CFG, NULL);
	fx_mail_code(text, code, sizeof(code));
	free(text);
	fx_post(VERIFY, &r, "{\"code\":\"%s\",\"verificationId\":\"%s\"}",
	    code, vid);
	dx_status(&r, 200, "verify after resend");
	dx_str(r.json, "message", "Successfuly registered");
	resp_free(&r);
}
END_TEST

/*
 * Deviation: resend for an address nobody registered answers the same
 * shape, and its verificationId is answered by /status like a pending
 * one and by /verify like a wrong code on a real one.
 */
START_TEST(test_resend_unknown_alike)
{
	struct resp	 known, unknown, r1, r2;
	struct acct	 a;
	char		 nobody[CLIENT_EMAIL_MAX], vid[256], *text;
	char		 code[FX_CODE_MAX], wrong[FX_CODE_MAX];

	signup("d2alike", &a);
	client_unique_email("d2nobody", nobody);
	fx_post(RESEND, &known, "{\"email\":\"%s\"}", a.email);
	fx_post(RESEND, &unknown, "{\"email\":\"%s\"}", nobody);
	dx_status(&unknown, known.status, "resend unknown");
	dx_keys(unknown.json, NULL, "message,email,timeOut,verificationId");
	dx_str(unknown.json, "message", dx_s(known.json, "message"));
	dx_str(unknown.json, "email", nobody);
	ck_assert_int_eq(dx_int(unknown.json, "timeOut"),
	    dx_int(known.json, "timeOut"));
	ck_assert_uint_eq(strlen(dx_s(unknown.json, "verificationId")),
	    strlen(dx_s(known.json, "verificationId")));
	snprintf(vid, sizeof(vid), "%s", dx_s(unknown.json, "verificationId"));

	status(vid, &r1);
	check_pending(&r1, nobody);
	resp_free(&r1);

	text = dx_mail(a.email, CFG, NULL);
	fx_mail_code(text, code, sizeof(code));
	free(text);
	other_code(code, wrong);
	fx_post(VERIFY, &r1, "{\"code\":\"%s\",\"verificationId\":\"%s\"}",
	    wrong, dx_s(known.json, "verificationId"));
	fx_post(VERIFY, &r2, "{\"code\":\"%s\",\"verificationId\":\"%s\"}",
	    wrong, vid);
	failure(&r1, 400);
	dx_same(&r1, &r2, "verify: real pending id vs unknown address's id");
	resp_free(&r1);
	resp_free(&r2);
	resp_free(&known);
	resp_free(&unknown);
	/* nothing went to the unknown address */
	fx_deliver(CFG);
	ck_assert_int_eq(fx_mail_for(nobody, NULL), 0);
}
END_TEST

/* Deviation: wrong password and unknown account, one answer. */
START_TEST(test_login_failures_alike)
{
	struct resp	 wrong, unknown;
	struct acct	 a;

	signup("d2fail", &a);
	dx_login_pair(LOGIN, "email", "password", a.email, "d2none", &wrong,
	    &unknown);
	failure(&wrong, 401);
	dx_same(&wrong, &unknown, "wrong password vs unknown account");
	resp_free(&wrong);
	resp_free(&unknown);
}
END_TEST

/* Failures the document does not show: {"message"}, canonical status. */
START_TEST(test_failures)
{
	struct resp	 r;
	struct acct	 a;

	fx_post(REGISTER, &r, "{\"email\":\"wrong@format\",\"password\":"
	    "\"%s\"}", DX_PW);
	failure(&r, 400);
	resp_free(&r);
	signup("d2taken", &a);
	fx_post(REGISTER, &r, "{\"email\":\"%s\",\"password\":\"%s\"}",
	    a.email, DX_PW);
	failure(&r, 409);
	resp_free(&r);
	fx_post(VERIFY, &r, "{\"code\":\"123456\"}");
	failure(&r, 400);
	resp_free(&r);
	fx_call("POST", LOGIN, NULL, NULL, "{\"email\":", &r);
	failure(&r, 400);
	resp_free(&r);
}
END_TEST

static Suite *
seed002_suite(void)
{
	Suite	*s = suite_create("dialect_seed002");
	TCase	*t;

	t = fx_tcase(s, "flow");
	tcase_add_test(t, test_flow);
	tcase_add_test(t, test_resend);

	t = fx_tcase(s, "failures");
	tcase_add_test(t, test_resend_unknown_alike);
	tcase_add_test(t, test_login_failures_alike);
	tcase_add_test(t, test_failures);
	return s;
}

int
main(void)
{
	dx_start("FCAUTH_TEST_URL_SEED002", "check_dialect_seed002");
	return fx_run(srunner_create(seed002_suite()));
}
