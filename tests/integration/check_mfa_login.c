/*
 * check_mfa_login: the two-factor sign-in of issue 16 through the real web
 * server: enrol, confirm, log in with the password and then a TOTP
 * code (computed by oathtool(1) from the secret shown, not by our
 * code); five wrong codes kill the mfa_token; a replayed code is
 * refused; a recovery code works once; a trusted device skips the
 * factor until a password change, log out everywhere or its deletion;
 * the mfa_token is no access or refresh token and neither is one an
 * mfa_token; an account without a factor signs in as before; a
 * dialect's login of an account with a factor answers the dialect's
 * error and no token; the bearer routes refuse bad tokens; hostile
 * input on verify is a 4xx; [mfa] required_roles limits a session
 * without a factor (the programs run as plain CGIs with such a
 * configuration).
 *
 * Environment (scripts/test): FCAUTH_TEST_URL (unset = skip),
 * FCAUTH_TEST_ADMIN_CONFIG, FCAUTH_TEST_URL_COOKIE (cookie_mode = yes),
 * FCAUTH_TEST_URL_SEED002 (a dialect instance on the same database),
 * FCAUTH_TEST_CONFIG (the main configuration, included by the
 * required_roles one).
 * Needs oathtool (Debian package oathtool).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <json-c/json.h>
#include <sodium.h>

#include "client.h"
#include "db.h"
#include "fixture.h"

#define LOGIN		"/api/v1/auth/login"
#define VERIFY		"/api/v1/auth/mfa/verify"
#define DEVICES		"/api/v1/auth/devices"
#define REFRESH		"/api/v1/auth/refresh"
#define LOGOUT		"/api/v1/auth/logout"
#define PROFILE		"/api/v1/profile"
#define PASSWORD	"/api/v1/profile/password"
#define TOTP		"/api/v1/profile/mfa/totp"
#define TOTP_CONFIRM	"/api/v1/profile/mfa/totp/confirm"

#define PW		"Tr0ub4dor & 3 horses!"
#define NEW_PW		"N3w pass phrase, quite long!"
#define TRIES		5

/* An account with a factor: its secret and recovery codes. */
struct mfa_account {
	struct fx_account a;
	char		 secret[128];
	char		 recovery[10][64];
	size_t		 nrecovery;
};

/* ---------------------------------------------------------------- */
/* helpers                                                          */
/* ---------------------------------------------------------------- */

/*
 * The TOTP code of base32 "secret" for the 30-second step "steps" from
 * now, computed by oathtool, into "out" (7 bytes).
 */
static void
totp(const char *secret, int steps, char *out)
{
	char	 cmd[512], line[64];
	FILE	*p;

	snprintf(cmd, sizeof(cmd), "oathtool --totp -b -N @%lld '%s'",
	    (long long)time(NULL) + steps * 30, secret);
	ck_assert_ptr_nonnull(p = popen(cmd, "r"));
	ck_assert_ptr_nonnull(fgets(line, sizeof(line), p));
	ck_assert_int_eq(pclose(p), 0);
	line[strcspn(line, "\r\n")] = '\0';
	ck_assert_int_eq(strlen(line), 6);
	memcpy(out, line, 7);
}

/* A six-digit code that is not "code" (nor, likely, any other). */
static void
wrong_code(const char *code, char *out)
{
	memcpy(out, code, 7);
	out[5] = out[5] == '9' ? '0' : (char)(out[5] + 1);
}

/*
 * Forget the last TOTP step the account used, as if time had passed:
 * the next sign-in may use the code of now again.
 */
static void
totp_forget_step(int64_t uid)
{
	static const char sql[] =
	    "UPDATE mfa_totp SET last_used_step = 0 WHERE user_id = ?";

	fx_db_exec(sql, FX_ARGS(DBV_INT(uid)));
}

/* A fresh account without a factor, signed in. */
static void
plain_account(struct fx_account *a, const char *prefix)
{
	fx_register(a, prefix, PW, 0, NULL);
	ck_assert_int_eq(fx_login("email", a->email, PW, a), 200);
}

/* A fresh account with a confirmed TOTP factor (and its codes). */
static void
mfa_account(struct mfa_account *m, const char *prefix)
{
	struct resp		 r;
	struct json_object	*codes;
	char			 code[8], body[64];
	size_t			 i;

	memset(m, 0, sizeof(*m));
	plain_account(&m->a, prefix);
	fx_call("POST", TOTP, m->a.access, NULL, "{\"password\":\"" PW "\"}",
	    &r);
	fx_expect(&r, 200, "ok", "enrol");
	fx_jcopy(resp_data(&r), "secret", m->secret, sizeof(m->secret));
	resp_free(&r);
	totp(m->secret, 0, code);
	snprintf(body, sizeof(body), "{\"code\":\"%s\"}", code);
	fx_call("POST", TOTP_CONFIRM, m->a.access, NULL, body, &r);
	fx_expect(&r, 200, "ok", "confirm");
	codes = fx_jget(resp_data(&r), "recovery_codes");
	ck_assert_msg(codes != NULL && json_object_is_type(codes,
	    json_type_array), "no recovery_codes: %s", r.body);
	m->nrecovery = json_object_array_length(codes);
	ck_assert_uint_eq(m->nrecovery, 10);
	for (i = 0; i < m->nrecovery; i++)
		snprintf(m->recovery[i], sizeof(m->recovery[i]), "%s",
		    json_object_get_string(json_object_array_get_idx(codes,
		    i)));
	resp_free(&r);
	/* confirm used this step */
	totp_forget_step(m->a.id);
}

/*
 * Log in with the password: it must answer 200 mfa_required with an
 * mfa_token (into "tok", 128 bytes), the factors and expires_in, and
 * no token at all.  "extra" (may be "") goes into the body.
 */
static void
login_mfa(const struct mfa_account *m, const char *extra, char *tok)
{
	struct resp		 r;
	struct json_object	*d, *f;

	fx_post(LOGIN, &r, "{\"email\":\"%s\",\"password\":\"" PW "\"%s}",
	    m->a.email, extra);
	fx_expect(&r, 200, "mfa_required", "login of a two-factor account");
	d = resp_data(&r);
	fx_jcopy(d, "mfa_token", tok, 128);
	ck_assert_int_eq(strlen(tok), 43);
	ck_assert_int_eq(fx_jint(d, "expires_in"), 300);
	f = fx_jget(d, "factors");
	ck_assert_msg(f != NULL && json_object_array_length(f) >= 1 &&
	    strcmp(json_object_get_string(json_object_array_get_idx(f, 0)),
	    "totp") == 0, "factors: %s", r.body);
	ck_assert_msg(!fx_jhas(d, "access_token") &&
	    !fx_jhas(d, "refresh_token") && strstr(r.body, "eyJ") == NULL,
	    "mfa_required carries a token: %s", r.body);
	ck_assert_ptr_null(resp_header(&r, "Set-Cookie"));
	resp_free(&r);
}

/* POST verify {mfa_token, "field": "value"(, more)} into "r". */
static void
verify(const char *tok, const char *field, const char *value,
    const char *more, struct resp *r)
{
	fx_post(VERIFY, r, "{\"mfa_token\":\"%s\",\"%s\":\"%s\"%s}", tok,
	    field, value, more);
}

/* verify must answer 200 ok with the login payload; its tokens to "a". */
static void
verify_ok(const char *tok, const char *field, const char *value,
    struct fx_account *a)
{
	struct resp	 r;

	verify(tok, field, value, "", &r);
	fx_expect(&r, 200, "ok", "verify");
	fx_jcopy(resp_data(&r), "access_token", a->access, sizeof(a->access));
	fx_jcopy(resp_data(&r), "refresh_token", a->refresh,
	    sizeof(a->refresh));
	ck_assert_int_eq(fx_jint(fx_jget(resp_data(&r), "user"), "id"), a->id);
	resp_free(&r);
}

/* GET path with "bearer" must answer "status" "code". */
static void
expect_get(const char *path, const char *bearer, long status,
    const char *code)
{
	struct resp	 r;

	fx_call("GET", path, bearer, NULL, NULL, &r);
	fx_expect(&r, status, code, path);
	resp_free(&r);
}

/* ---------------------------------------------------------------- */
/* tests                                                            */
/* ---------------------------------------------------------------- */

/* Without a factor, login is what it was: tokens at once. */
START_TEST(test_no_factor_unchanged)
{
	struct fx_account	 a;
	struct resp		 r;

	fx_register(&a, "mfanone", PW, 0, NULL);
	fx_post(LOGIN, &r, "{\"email\":\"%s\",\"password\":\"" PW "\"}",
	    a.email);
	fx_expect(&r, 200, "ok", "login without a factor");
	ck_assert(fx_jhas(resp_data(&r), "access_token"));
	ck_assert(fx_jhas(resp_data(&r), "refresh_token"));
	ck_assert(!fx_jhas(resp_data(&r), "mfa_token"));
	fx_jcopy(resp_data(&r), "access_token", a.access, sizeof(a.access));
	resp_free(&r);
	expect_get(DEVICES, a.access, 200, "ok");
	/* a wrong password answers as before */
	fx_post(LOGIN, &r, "{\"email\":\"%s\",\"password\":\"wrong\"}",
	    a.email);
	fx_expect(&r, 401, "invalid_credentials", "wrong password");
	resp_free(&r);
}
END_TEST

/* Enrol, confirm, then password and code; the token is single-use. */
START_TEST(test_enrol_login_code)
{
	struct mfa_account	 m;
	struct resp		 r;
	char			 tok[128], code[8];

	mfa_account(&m, "mfacode");
	/* a wrong password still says nothing of the factor */
	fx_post(LOGIN, &r, "{\"email\":\"%s\",\"password\":\"wrong\"}",
	    m.a.email);
	fx_expect(&r, 401, "invalid_credentials", "wrong password");
	ck_assert_ptr_null(strstr(r.body, "mfa"));
	resp_free(&r);

	login_mfa(&m, "", tok);
	totp(m.secret, 0, code);
	verify_ok(tok, "code", code, &m.a);
	expect_get(PROFILE, m.a.access, 200, "ok");
	/* used: never again, even with the next code */
	totp(m.secret, 1, code);
	verify(tok, "code", code, "", &r);
	fx_expect(&r, 401, "mfa_token_invalid", "the used mfa_token");
	resp_free(&r);
}
END_TEST

/* Five wrong codes: attempts_left counts down, then the token is dead. */
START_TEST(test_wrong_codes_kill_token)
{
	struct mfa_account	 m;
	struct resp		 r;
	char			 tok[128], code[8], bad[8];
	int			 i;

	mfa_account(&m, "mfawrong");
	login_mfa(&m, "", tok);
	totp(m.secret, 0, code);
	wrong_code(code, bad);
	for (i = 0; i < TRIES; i++) {
		verify(tok, "code", bad, "", &r);
		fx_expect(&r, 401, "mfa_invalid_code", "a wrong code");
		ck_assert_int_eq(fx_jint(resp_data(&r), "attempts_left"),
		    TRIES - 1 - i);
		ck_assert(!fx_jhas(resp_data(&r), "access_token"));
		resp_free(&r);
	}
	verify(tok, "code", code, "", &r);
	fx_expect(&r, 401, "mfa_token_invalid", "the right code, too late");
	resp_free(&r);
}
END_TEST

/* A code accepted once is refused the second time. */
START_TEST(test_replay_refused)
{
	struct mfa_account	 m;
	struct resp		 r;
	char			 tok[128], code[8];

	mfa_account(&m, "mfareplay");
	login_mfa(&m, "", tok);
	totp(m.secret, 0, code);
	verify_ok(tok, "code", code, &m.a);
	login_mfa(&m, "", tok);
	verify(tok, "code", code, "", &r);
	fx_expect(&r, 401, "mfa_invalid_code", "the same code again");
	ck_assert_ptr_nonnull(strstr(r.body, "already used"));
	ck_assert_int_eq(fx_jint(resp_data(&r), "attempts_left"), TRIES - 1);
	resp_free(&r);
	/* the token lives on: the next step's code signs in */
	totp(m.secret, 1, code);
	verify_ok(tok, "code", code, &m.a);
}
END_TEST

/* A recovery code signs in once; a second use is a wrong code. */
START_TEST(test_recovery_once)
{
	struct mfa_account	 m;
	struct resp		 r;
	char			 tok[128];

	mfa_account(&m, "mfarec");
	login_mfa(&m, "", tok);
	verify_ok(tok, "recovery_code", m.recovery[0], &m.a);
	login_mfa(&m, "", tok);
	verify(tok, "recovery_code", m.recovery[0], "", &r);
	fx_expect(&r, 401, "mfa_invalid_code", "a used recovery code");
	resp_free(&r);
	verify_ok(tok, "recovery_code", m.recovery[1], &m.a);
}
END_TEST

/*
 * remember_device: the device token skips the factor, is listed,
 * works for this account only, and stops after a password change.
 */
START_TEST(test_trusted_device)
{
	struct mfa_account	 m, o;
	struct resp		 r;
	struct json_object	*arr;
	char			 tok[128], code[8], dev[128], extra[256];

	mfa_account(&m, "mfadev");
	login_mfa(&m, "", tok);
	totp(m.secret, 0, code);
	verify(tok, "code", code, ",\"remember_device\":true", &r);
	fx_expect(&r, 200, "ok", "verify with remember_device");
	fx_jcopy(resp_data(&r), "device_token", dev, sizeof(dev));
	ck_assert_int_eq(fx_jint(resp_data(&r), "device_expires_in"), 2592000);
	fx_jcopy(resp_data(&r), "access_token", m.a.access,
	    sizeof(m.a.access));
	resp_free(&r);

	snprintf(extra, sizeof(extra), ",\"device_token\":\"%s\"", dev);
	fx_post(LOGIN, &r, "{\"email\":\"%s\",\"password\":\"" PW "\"%s}",
	    m.a.email, extra);
	fx_expect(&r, 200, "ok", "login from the trusted device");
	ck_assert(fx_jhas(resp_data(&r), "access_token"));
	resp_free(&r);

	fx_call("GET", DEVICES, m.a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "device list");
	arr = resp_data(&r);
	ck_assert_int_eq(json_object_array_length(arr), 1);
	ck_assert(fx_jhas(json_object_array_get_idx(arr, 0), "expires_at"));
	ck_assert_ptr_null(strstr(r.body, dev));
	resp_free(&r);

	/* another account's device token is no device of this one */
	mfa_account(&o, "mfadevo");
	fx_post(LOGIN, &r, "{\"email\":\"%s\",\"password\":\"" PW "\"%s}",
	    o.a.email, extra);
	fx_expect(&r, 200, "mfa_required", "someone else's device token");
	resp_free(&r);

	/* a password change ends every trusted device */
	fx_call("POST", PASSWORD, m.a.access, NULL, "{\"current_password\":\""
	    PW "\",\"new_password\":\"" NEW_PW "\"}", &r);
	fx_expect(&r, 200, "ok", "password change");
	resp_free(&r);
	fx_post(LOGIN, &r, "{\"email\":\"%s\",\"password\":\"" NEW_PW "\"%s}",
	    m.a.email, extra);
	fx_expect(&r, 200, "mfa_required", "the device after a password "
	    "change");
	resp_free(&r);
}
END_TEST

/* A device deleted, or every one by log out everywhere, asks again. */
START_TEST(test_device_revoked)
{
	struct mfa_account	 m;
	struct resp		 r;
	char			 tok[128], code[8], dev[128], extra[256];
	char			 path[128];
	long long		 id;

	mfa_account(&m, "mfarev");
	login_mfa(&m, "", tok);
	totp(m.secret, 0, code);
	verify(tok, "code", code, ",\"remember_device\":\"true\"", &r);
	fx_expect(&r, 200, "ok", "verify with remember_device");
	fx_jcopy(resp_data(&r), "device_token", dev, sizeof(dev));
	fx_jcopy(resp_data(&r), "access_token", m.a.access,
	    sizeof(m.a.access));
	resp_free(&r);
	snprintf(extra, sizeof(extra), ",\"device_token\":\"%s\"", dev);

	fx_call("GET", DEVICES, m.a.access, NULL, NULL, &r);
	id = fx_jint(json_object_array_get_idx(resp_data(&r), 0), "id");
	resp_free(&r);
	snprintf(path, sizeof(path), DEVICES "/%lld", id);
	fx_call("DELETE", path, m.a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "device delete");
	resp_free(&r);
	fx_call("DELETE", path, m.a.access, NULL, NULL, &r);
	fx_expect(&r, 404, "not_found", "device delete again");
	resp_free(&r);
	fx_call("DELETE", DEVICES "/x1", m.a.access, NULL, NULL, &r);
	fx_expect(&r, 404, "not_found", "device id not a number");
	resp_free(&r);
	fx_post(LOGIN, &r, "{\"email\":\"%s\",\"password\":\"" PW "\"%s}",
	    m.a.email, extra);
	fx_expect(&r, 200, "mfa_required", "a deleted device");
	resp_free(&r);

	/* trust again, then log out everywhere */
	totp_forget_step(m.a.id);
	login_mfa(&m, "", tok);
	verify(tok, "code", code, ",\"remember_device\":true", &r);
	fx_expect(&r, 200, "ok", "verify with remember_device");
	fx_jcopy(resp_data(&r), "device_token", dev, sizeof(dev));
	fx_jcopy(resp_data(&r), "access_token", m.a.access,
	    sizeof(m.a.access));
	resp_free(&r);
	snprintf(extra, sizeof(extra), ",\"device_token\":\"%s\"", dev);
	fx_call("POST", LOGOUT, m.a.access, NULL, "{\"all\":true}", &r);
	fx_expect(&r, 200, "ok", "logout all");
	resp_free(&r);
	fx_post(LOGIN, &r, "{\"email\":\"%s\",\"password\":\"" PW "\"%s}",
	    m.a.email, extra);
	fx_expect(&r, 200, "mfa_required", "the device after logout all");
	resp_free(&r);
}
END_TEST

/* Removing the factor forgets the trusted devices too. */
START_TEST(test_removal_forgets_devices)
{
	struct mfa_account	 m;
	struct resp		 r;
	char			 tok[128], code[8], body[128];

	mfa_account(&m, "mfarm");
	login_mfa(&m, "", tok);
	totp(m.secret, 0, code);
	verify(tok, "code", code, ",\"remember_device\":true", &r);
	fx_expect(&r, 200, "ok", "verify with remember_device");
	fx_jcopy(resp_data(&r), "access_token", m.a.access,
	    sizeof(m.a.access));
	resp_free(&r);
	fx_call("GET", DEVICES, m.a.access, NULL, NULL, &r);
	ck_assert_int_eq(json_object_array_length(resp_data(&r)), 1);
	resp_free(&r);
	totp(m.secret, 1, code);
	snprintf(body, sizeof(body), "{\"password\":\"" PW "\",\"code\":"
	    "\"%s\"}", code);
	fx_call("DELETE", TOTP, m.a.access, NULL, body, &r);
	fx_expect(&r, 200, "ok", "factor removed");
	resp_free(&r);
	fx_call("GET", DEVICES, m.a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "devices after the removal");
	ck_assert_int_eq(json_object_array_length(resp_data(&r)), 0);
	resp_free(&r);
	/* and the account signs in with its password alone again */
	ck_assert_int_eq(fx_login("email", m.a.email, PW, &m.a), 200);
	ck_assert(m.a.access[0] != '\0');
}
END_TEST

/* The mfa_token is no access or refresh token, and neither is one. */
START_TEST(test_token_confusion)
{
	struct mfa_account	 m;
	struct resp		 r;
	char			 tok[128], body[2600];

	mfa_account(&m, "mfaconf");
	login_mfa(&m, "", tok);
	expect_get(PROFILE, tok, 401, "token_invalid");
	expect_get(DEVICES, tok, 401, "token_invalid");
	snprintf(body, sizeof(body), "{\"refresh_token\":\"%s\"}", tok);
	fx_post(REFRESH, &r, "%s", body);
	fx_expect(&r, 401, "token_invalid", "mfa_token as refresh token");
	resp_free(&r);
	verify(m.a.refresh, "code", "123456", "", &r);
	fx_expect(&r, 401, "mfa_token_invalid", "refresh token as mfa_token");
	resp_free(&r);
	verify(m.a.access, "code", "123456", "", &r);
	fx_expect(&r, 401, "mfa_token_invalid", "access token as mfa_token");
	resp_free(&r);
	verify("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "code", "123456",
	    "", &r);
	fx_expect(&r, 401, "mfa_token_invalid", "an unknown mfa_token");
	resp_free(&r);
	/* the refresh and access tokens still work, the mfa_token too */
	expect_get(PROFILE, m.a.access, 200, "ok");
	{
		char	 code[8];

		totp(m.secret, 0, code);
		verify_ok(tok, "code", code, &m.a);
	}
}
END_TEST

/* The bearer routes of the devices refuse what the others refuse. */
START_TEST(test_devices_bearer_matrix)
{
	struct fx_account	 a;
	char			 bad[2200], *dot;
	const char		*paths[] = { DEVICES, DEVICES "/1" };
	const char		*methods[] = { "GET", "DELETE" };
	size_t			 i;
	struct resp		 r;

	plain_account(&a, "mfajwt");
	for (i = 0; i < 2; i++) {
		fx_call(methods[i], paths[i], NULL, NULL, NULL, &r);
		fx_expect(&r, 401, "token_missing", paths[i]);
		resp_free(&r);
		fx_call(methods[i], paths[i], "garbage", NULL, NULL, &r);
		fx_expect(&r, 401, "token_invalid", paths[i]);
		resp_free(&r);
		fx_call(methods[i], paths[i], a.refresh, NULL, NULL, &r);
		fx_expect(&r, 401, "token_invalid", "refresh token as bearer");
		resp_free(&r);
		/* alg none: the header swapped, no signature */
		dot = strchr(a.access, '.');
		ck_assert_ptr_nonnull(dot);
		snprintf(bad, sizeof(bad), "eyJhbGciOiJub25lIiwidHlwIjoiSldU"
		    "In0%.*s.", (int)(strrchr(a.access, '.') - dot), dot);
		fx_call(methods[i], paths[i], bad, NULL, NULL, &r);
		fx_expect(&r, 401, "token_invalid", "alg none");
		resp_free(&r);
		/* the signature's last character changed */
		snprintf(bad, sizeof(bad), "%s", a.access);
		bad[strlen(bad) - 2] = bad[strlen(bad) - 2] == 'A' ? 'B' : 'A';
		fx_call(methods[i], paths[i], bad, NULL, NULL, &r);
		fx_expect(&r, 401, "token_invalid", "signature changed");
		resp_free(&r);
	}
}
END_TEST

/* What verify refuses: 400 with a field error, never a 5xx. */
START_TEST(test_verify_hostile)
{
	static const struct {
		const char	*body;
		long		 status;
		const char	*code;
	} cases[] = {
		{ "{}", 400, "validation_failed" },
		{ "{\"mfa_token\":\"x\"}", 400, "validation_failed" },
		{ "{\"code\":\"123456\"}", 400, "validation_failed" },
		{ "{\"mfa_token\":[\"x\"],\"code\":\"123456\"}", 400,
		    "validation_failed" },
		{ "{\"mfa_token\":\"x\",\"code\":[1,2]}", 400,
		    "validation_failed" },
		{ "{\"mfa_token\":\"x\",\"code\":123456}", 400,
		    "validation_failed" },
		{ "{\"mfa_token\":\"x\",\"code\":{\"a\":1}}", 400,
		    "validation_failed" },
		{ "{\"mfa_token\":\"x\",\"recovery_code\":true}", 400,
		    "validation_failed" },
		{ "{\"mfa_token\":\"x\",\"code\":\"1\",\"recovery_code\":\"2\"}",
		    400, "validation_failed" },
		{ "{\"mfa_token\":\"x\",\"code\":\"1\",\"remember_device\":"
		    "\"maybe\"}", 400, "validation_failed" },
		{ "{\"mfa_token\":\"x\",\"code\":\"\"}", 400,
		    "validation_failed" },
		{ "{\"mfa_token\":\"x\",\"code\":\"12345\\u00006\"}", 400,
		    "malformed_request" },
		{ "{\"mfa_token\":\"x\",\"code\":\"\\u0661\\u0662\\u0663"
		    "\\u0664\\u0665\\u0666\"}", 401, "mfa_token_invalid" },
		{ "{\"mfa_token\":\"x\",\"code\":\"123456\"}", 401,
		    "mfa_token_invalid" },
		{ "{\"mfa_token\":\"' OR 1=1 -- \",\"code\":\"123456\"}", 401,
		    "mfa_token_invalid" },
		{ "[1]", 400, NULL },
		{ "\"x\"", 400, NULL },
	};
	struct resp	 r;
	char		*big, *body;
	size_t		 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fx_post(VERIFY, &r, "%s", cases[i].body);
		if (cases[i].code != NULL)
			fx_expect(&r, cases[i].status, cases[i].code,
			    cases[i].body);
		else
			ck_assert_msg(r.status == cases[i].status, "%s: %ld %s",
			    cases[i].body, r.status, r.body);
		resp_free(&r);
	}
	/* a huge code, token and recovery code (past every cap) */
	ck_assert_ptr_nonnull(big = malloc(20000));
	ck_assert_ptr_nonnull(body = malloc(20100));
	memset(big, '7', 19999);
	big[19999] = '\0';
	snprintf(body, 20100, "{\"mfa_token\":\"x\",\"code\":\"%s\"}", big);
	fx_call("POST", VERIFY, NULL, NULL, body, &r);
	fx_expect(&r, 400, "validation_failed", "a 20000-digit code");
	resp_free(&r);
	snprintf(body, 20100, "{\"mfa_token\":\"%s\",\"code\":\"1\"}", big);
	fx_call("POST", VERIFY, NULL, NULL, body, &r);
	fx_expect(&r, 400, "validation_failed", "a 20000-byte token");
	resp_free(&r);
	snprintf(body, 20100, "{\"mfa_token\":\"x\",\"recovery_code\":"
	    "\"%s\"}", big);
	fx_call("POST", VERIFY, NULL, NULL, body, &r);
	fx_expect(&r, 400, "validation_failed", "a 20000-byte recovery code");
	resp_free(&r);
	free(body);
	free(big);
	/* a huge device token on login */
	fx_post(LOGIN, &r, "{\"email\":\"a@b.example\",\"password\":\"x\","
	    "\"device_token\":[\"x\"]}");
	fx_expect(&r, 400, "validation_failed", "device_token an array");
	resp_free(&r);
}
END_TEST

/* Cookie mode: the device token is an HttpOnly cookie, read by login. */
START_TEST(test_cookie_device)
{
	struct mfa_account	 m;
	struct resp		 r;
	char			 tok[128], code[8], cookie[256];
	const char		*sc;
	size_t			 i;

	fx_use_instance("FCAUTH_TEST_URL_COOKIE");
	mfa_account(&m, "mfacook");
	login_mfa(&m, "", tok);
	totp(m.secret, 0, code);
	verify(tok, "code", code, ",\"remember_device\":true", &r);
	fx_expect(&r, 200, "ok", "verify in cookie mode");
	ck_assert(!fx_jhas(resp_data(&r), "device_token"));
	cookie[0] = '\0';
	for (i = 0; (sc = resp_header_nth(&r, "Set-Cookie", i)) != NULL; i++)
		if (strncmp(sc, "fcauth_device=", 14) == 0) {
			ck_assert_ptr_nonnull(strstr(sc, "HttpOnly"));
			ck_assert_ptr_nonnull(strstr(sc, "SameSite=Strict"));
			snprintf(cookie, sizeof(cookie), "%.*s",
			    (int)strcspn(sc, ";"), sc);
		}
	ck_assert_msg(cookie[0] != '\0', "no device cookie: %s", r.body);
	resp_free(&r);
	fx_send("POST", LOGIN, "application/json", "{\"email\":\"x\"}", NULL,
	    cookie, NULL, &r);
	resp_free(&r);
	{
		char	 body[512];

		snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":"
		    "\"" PW "\"}", m.a.email);
		fx_send("POST", LOGIN, "application/json", body, NULL, cookie,
		    NULL, &r);
	}
	fx_expect(&r, 200, "ok", "login with the device cookie");
	resp_free(&r);
	fx_use_main();
}
END_TEST

/*
 * A dialect's login of a two-factor account, on each seed: its error
 * shape with the clear message, never a token; a wrong password answers
 * as for any account.
 */
START_TEST(test_dialect_login)
{
	static const struct {
		const char	*env;
		const char	*path;
		const char	*pw;	/* the password field's name */
	} seeds[] = {
		{ "FCAUTH_TEST_URL_SEED000", "/api/login", "password" },
		{ "FCAUTH_TEST_URL_SEED001", "/api/login", "pwd" },
		{ "FCAUTH_TEST_URL_SEED002", "/api/v1/auth/login", "password" },
		{ "FCAUTH_TEST_URL_SEED003", "/api/v1/auth/login", "password" },
		{ "FCAUTH_TEST_URL_SEED004", "/api/auth/login/", "password" },
	};
	struct mfa_account	 m;
	struct resp		 r;
	size_t			 i;

	mfa_account(&m, "mfadx");
	for (i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		fx_use_instance(seeds[i].env);
		fx_post(seeds[i].path, &r, "{\"email\":\"%s\",\"%s\":\""
		    PW "\"}", m.a.email, seeds[i].pw);
		ck_assert_msg(r.status < 500 && r.body != NULL &&
		    strstr(r.body, "second factor") != NULL &&
		    strstr(r.body, "eyJ") == NULL &&
		    strstr(r.body, "mfa_token") == NULL &&
		    resp_header(&r, "Set-Cookie") == NULL, "%s: %ld %s",
		    seeds[i].env, r.status, r.body);
		resp_free(&r);
		fx_post(seeds[i].path, &r, "{\"email\":\"%s\",\"%s\":"
		    "\"wrong\"}", m.a.email, seeds[i].pw);
		ck_assert_msg(r.body != NULL &&
		    strstr(r.body, "second factor") == NULL, "%s: %s",
		    seeds[i].env, r.body);
		resp_free(&r);
	}
	fx_use_main();
}
END_TEST

/* A configuration file: the main instance's, then "extra". */
static void
roles_config(char *dir, const char *extra, char *path, size_t pathsz)
{
	FILE	*f;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, pathsz, "%s/fcauth.conf", dir);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fprintf(f, "include = %s\n%s", fx_env("FCAUTH_TEST_CONFIG"), extra);
	ck_assert_int_eq(fclose(f), 0);
}

/* Run "prog" as a CGI with "conf": it must answer "status" "code". */
static void
cgi_expect(const char *prog, const char *conf, const char *method,
    const char *uri, const char *bearer, long status, const char *code)
{
	struct resp	 r;
	char		 err[4096];

	fx_cgi(prog, conf, method, uri, NULL, bearer, NULL, &r, err,
	    sizeof(err));
	ck_assert_msg(r.status == status && resp_code(&r) != NULL &&
	    strcmp(resp_code(&r), code) == 0, "%s %s: %ld %s (%s)", method,
	    uri, r.status, r.body != NULL ? r.body : "", err);
	if (status == 403)
		ck_assert_ptr_nonnull(strstr(r.body, "two-factor"));
	resp_free(&r);
}

/*
 * [mfa] required_roles = admin: an admin without a factor reaches the
 * profile and the enrolment only, not the other routes nor the
 * authorizer, until the factor is confirmed (on the same session).
 */
START_TEST(test_required_roles)
{
	struct fx_account	 a;
	struct resp		 r;
	char			 dir[] = "/tmp/fcauth-roles-XXXXXX", conf[256];
	char			 code[8], secret[128], body[64], cmd[300];

	roles_config(dir, "[mfa]\nrequired_roles = admin, ops\n", conf,
	    sizeof(conf));
	plain_account(&a, "mfarole");
	/*
	 * As an administrator does it: the role change reaches the
	 * revocation feed, so that the check route in feed mode reads the
	 * account again instead of trusting the token's old role.
	 */
	snprintf(cmd, sizeof(cmd), "user set-role %s admin", a.email);
	fx_ctl_ok(cmd);
	cgi_expect("profile", conf, "GET", PROFILE, a.access, 200, "ok");
	cgi_expect("activity", conf, "GET", "/api/v1/activity", a.access, 403,
	    "forbidden");
	cgi_expect("auth", conf, "GET", DEVICES, a.access, 403, "forbidden");
	cgi_expect("auth", conf, "GET", "/api/v1/auth/check", a.access, 403,
	    "forbidden");
	cgi_expect("auth", conf, "GET", "/api/v1/auth/sessions", a.access,
	    200, "ok");

	/* enrol (the main instance has no required roles) */
	fx_call("POST", TOTP, a.access, NULL, "{\"password\":\"" PW "\"}", &r);
	fx_expect(&r, 200, "ok", "enrol");
	fx_jcopy(resp_data(&r), "secret", secret, sizeof(secret));
	resp_free(&r);
	totp(secret, 0, code);
	snprintf(body, sizeof(body), "{\"code\":\"%s\"}", code);
	fx_call("POST", TOTP_CONFIRM, a.access, NULL, body, &r);
	fx_expect(&r, 200, "ok", "confirm");
	resp_free(&r);
	cgi_expect("activity", conf, "GET", "/api/v1/activity", a.access, 200,
	    "ok");
	cgi_expect("auth", conf, "GET", "/api/v1/auth/check", a.access, 200,
	    "ok");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/*
 * An admin who has a factor and signs in with it (a token issued after
 * the role change and the enrolment, so the revocation feed has nothing
 * to say of it): the check route and the authorizer let it through.
 * The token alone does not say the account has a factor; the feed must
 * not judge such a token by its claims.
 */
START_TEST(test_required_roles_signed_in)
{
	struct mfa_account	 m;
	struct fx_account	 a;
	char			 dir[] = "/tmp/fcauth-roles-XXXXXX", conf[256];
	char			 tok[128], code[8], cmd[300];

	roles_config(dir, "[mfa]\nrequired_roles = admin\n", conf,
	    sizeof(conf));
	mfa_account(&m, "mfaadm");
	snprintf(cmd, sizeof(cmd), "user set-role %s admin", m.a.email);
	fx_ctl_ok(cmd);
	/* a token issued past the second after the change (feed.c) */
	sleep(3);
	login_mfa(&m, "", tok);
	totp(m.secret, 0, code);
	a = m.a;
	verify_ok(tok, "code", code, &a);
	cgi_expect("auth", conf, "GET", "/api/v1/auth/check", a.access, 200,
	    "ok");
	cgi_expect("activity", conf, "GET", "/api/v1/activity", a.access, 200,
	    "ok");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}
END_TEST

static Suite *
mfa_suite(void)
{
	Suite	*s = suite_create("mfa sign-in");
	TCase	*tc;

	tc = fx_tcase(s, "no factor");
	tcase_add_test(tc, test_no_factor_unchanged);
	tcase_add_test(tc, test_devices_bearer_matrix);
	tcase_add_test(tc, test_verify_hostile);
	tc = fx_tcase(s, "code");
	tcase_add_test(tc, test_enrol_login_code);
	tcase_add_test(tc, test_wrong_codes_kill_token);
	tcase_add_test(tc, test_replay_refused);
	tcase_add_test(tc, test_recovery_once);
	tcase_add_test(tc, test_token_confusion);
	tc = fx_tcase(s, "devices");
	tcase_add_test(tc, test_trusted_device);
	tcase_add_test(tc, test_device_revoked);
	tcase_add_test(tc, test_cookie_device);
	tcase_add_test(tc, test_removal_forgets_devices);
	tc = fx_tcase(s, "dialect");
	tcase_add_test(tc, test_dialect_login);
	tc = fx_tcase(s, "required roles");
	tcase_add_test(tc, test_required_roles);
	tcase_add_test(tc, test_required_roles_signed_in);
	return s;
}

int
main(void)
{
	SRunner	*sr;

	fx_init("check_mfa_login");
	sr = srunner_create(mfa_suite());
	return fx_run(sr);
}
