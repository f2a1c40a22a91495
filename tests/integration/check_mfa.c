/*
 * check_mfa: the second factor's enrolment routes of profile.fcgi
 * (start, confirm, delete, new recovery codes), the user object's
 * factor flags and fcauthctl user mfa-reset, through the real web
 * server.  Codes are computed here from the secret the start route
 * shows, with the same liboath wrapper the server uses.  The sign-in
 * step is check_mfa_login's.
 *
 * Environment: FCAUTH_TEST_URL (unset = skip), FCAUTH_TEST_ADMIN_CONFIG
 * (the schema owner's configuration: fcauthctl and database facts).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>
#include <json-c/json.h>
#include <liboath/oath.h>

#include "client.h"
#include "db.h"
#include "fixture.h"
#include "totp.h"

#define TOTP		"/api/v1/profile/mfa/totp"
#define CONFIRM		"/api/v1/profile/mfa/totp/confirm"
#define RECOVERY	"/api/v1/profile/mfa/recovery-codes"
#define PROFILE		"/api/v1/profile"

#define PW		"Tr0ub4dor & 3 horses!"

static const char *const sql[] = {
	"SELECT COUNT(*) FROM mfa_totp WHERE user_id = ? "
	    "AND confirmed_at IS NOT NULL",
	"SELECT COUNT(*) FROM mfa_recovery WHERE user_id = ? "
	    "AND used_at IS NULL",
	"SELECT COUNT(*) FROM audit_log WHERE user_id = ? AND event = ?",
	"SELECT COUNT(*) FROM mail_outbox WHERE user_id = ? "
	    "AND subject LIKE ?",
	/* the raw secret must not be in the stored row */
	"SELECT COUNT(*) FROM mfa_totp WHERE user_id = ? "
	    "AND LOCATE(?, secret_sealed) = 0 AND LENGTH(secret_sealed) = 36",
};

/* An enrolled (or not) account of a test. */
struct mfa_acct {
	struct fx_account	 a;
	unsigned char		 key[64];
	size_t			 keylen;
	char			 codes[10][16];
};

static long long
count(int i, int64_t id)
{
	return fx_db_int(sql[i], FX_ARGS(DBV_INT(id)));
}

static long long
count_s(int i, int64_t id, const char *s)
{
	return fx_db_int(sql[i], FX_ARGS(DBV_INT(id), DBV_STR(s)));
}

/* The code of "m" "steps" steps from now. */
static void
code_at(const struct mfa_acct *m, int steps, char out[7])
{
	ck_assert_int_eq(totp_code(m->key, m->keylen,
	    time(NULL) + steps * TOTP_STEP, 6, out), 0);
}

/* POST/DELETE "path" as "m" with the JSON "body". */
static void
call(const char *method, const char *path, const struct mfa_acct *m,
    const char *body, struct resp *r)
{
	fx_call(method, path, m->a.access, NULL, body, r);
}

/* The user object's "mfa" of "m": totp flag and codes left. */
static void
profile_mfa(const struct mfa_acct *m, int *totp, int64_t *left)
{
	struct resp		 r;
	struct json_object	*u, *f;

	call("GET", PROFILE, m, NULL, &r);
	fx_expect(&r, 200, "ok", "GET /profile");
	u = resp_data(&r);
	f = fx_jget(u, "mfa");
	ck_assert_msg(f != NULL, "no mfa in the user: %.400s", r.body);
	ck_assert_ptr_null(fx_jget(f, "secret"));
	*totp = json_object_get_boolean(fx_jget(f, "totp"));
	*left = fx_jint(f, "recovery_codes_left");
	resp_free(&r);
}

/* Start the enrolment: the secret decoded into m->key. */
static void
start(struct mfa_acct *m)
{
	struct resp		 r;
	struct json_object	*d;
	const char		*secret, *uri, *svg;
	char			*raw = NULL;
	size_t			 len = 0;

	call("POST", TOTP, m, "{\"password\":\"" PW "\"}", &r);
	fx_expect(&r, 200, "ok", "start");
	d = resp_data(&r);
	secret = fx_jstr(d, "secret");
	uri = fx_jstr(d, "otpauth_uri");
	svg = fx_jstr(d, "qr_svg");
	ck_assert_ptr_nonnull(secret);
	ck_assert_ptr_nonnull(uri);
	ck_assert_ptr_nonnull(svg);
	ck_assert_uint_eq(strlen(secret), 32);
	ck_assert_int_eq(strncmp(uri, "otpauth://totp/", 15), 0);
	ck_assert_ptr_nonnull(strstr(uri, secret));
	ck_assert_ptr_nonnull(strstr(uri, "&digits=6&period=30"));
	ck_assert_int_eq(strncmp(svg, "<svg ", 5), 0);
	ck_assert_ptr_nonnull(strstr(resp_header(&r, "Cache-Control"),
	    "no-store"));
	ck_assert_int_eq(oath_init(), OATH_OK);
	ck_assert_int_eq(oath_base32_decode(secret, strlen(secret), &raw,
	    &len), OATH_OK);
	ck_assert_uint_eq(len, 20);
	memcpy(m->key, raw, len);
	m->keylen = len;
	free(raw);
	resp_free(&r);
}

/* Confirm with the current code: ten recovery codes into m->codes. */
static void
confirm(struct mfa_acct *m, char used[7])
{
	struct resp		 r;
	struct json_object	*a;
	char			 body[64];
	size_t			 i;

	code_at(m, 0, used);
	snprintf(body, sizeof(body), "{\"code\":\"%s\"}", used);
	call("POST", CONFIRM, m, body, &r);
	fx_expect(&r, 200, "ok", "confirm");
	a = fx_jget(resp_data(&r), "recovery_codes");
	ck_assert_msg(a != NULL && json_object_array_length(a) == 10,
	    "%.400s", r.body);
	for (i = 0; i < 10; i++) {
		snprintf(m->codes[i], sizeof(m->codes[i]), "%s",
		    json_object_get_string(json_object_array_get_idx(a, i)));
		ck_assert_uint_eq(strlen(m->codes[i]), 11);
	}
	resp_free(&r);
}

static void
enrolled(struct mfa_acct *m, char used[7])
{
	memset(m, 0, sizeof(*m));
	fx_register(&m->a, "mfa", PW, 0, NULL);
	start(m);
	confirm(m, used);
}

/*
 * Enrolment: start (the password again), the flags still off until a
 * right code confirms; then on, ten codes, sealed at rest, audited and
 * mailed; starting or confirming again is refused.
 */
START_TEST(test_enrol)
{
	struct mfa_acct	 m;
	struct resp	 r;
	char		 used[7], body[64];
	int		 totp;
	int64_t		 left;

	memset(&m, 0, sizeof(m));
	fx_register(&m.a, "mfa", PW, 0, NULL);
	profile_mfa(&m, &totp, &left);
	ck_assert_int_eq(totp, 0);
	ck_assert_int_eq(left, 0);

	call("POST", TOTP, &m, "{\"password\":\"wrong password 1\"}", &r);
	fx_expect(&r, 401, "invalid_credentials", "start, wrong password");
	resp_free(&r);
	call("POST", TOTP, &m, "{}", &r);
	fx_expect(&r, 400, "validation_failed", "start, no password");
	resp_free(&r);
	fx_call("POST", TOTP, NULL, NULL, "{\"password\":\"" PW "\"}", &r);
	fx_expect(&r, 401, "token_missing", "start, no token");
	resp_free(&r);
	call("POST", CONFIRM, &m, "{\"code\":\"123456\"}", &r);
	fx_expect(&r, 409, "mfa_not_enabled", "confirm before start");
	resp_free(&r);

	start(&m);
	start(&m);		/* a restart replaces the unconfirmed secret */
	profile_mfa(&m, &totp, &left);
	ck_assert_int_eq(totp, 0);
	code_at(&m, 3, used);	/* outside the window */
	snprintf(body, sizeof(body), "{\"code\":\"%s\"}", used);
	call("POST", CONFIRM, &m, body, &r);
	fx_expect(&r, 400, "invalid_code", "confirm, wrong code");
	resp_free(&r);
	call("POST", CONFIRM, &m, "{\"code\":\"12a456\"}", &r);
	fx_expect(&r, 400, "validation_failed", "confirm, not digits");
	resp_free(&r);

	confirm(&m, used);
	profile_mfa(&m, &totp, &left);
	ck_assert_int_eq(totp, 1);
	ck_assert_int_eq(left, 10);
	ck_assert_int_eq(count(0, m.a.id), 1);
	ck_assert_int_eq(count(1, m.a.id), 10);
	ck_assert_int_eq(fx_db_int(sql[4], FX_ARGS(DBV_INT(m.a.id),
	    DBV_BLOB(m.key, m.keylen))), 1);
	ck_assert_int_eq(count_s(2, m.a.id, "mfa_enabled"), 1);
	ck_assert_int_eq(count_s(3, m.a.id, "Two-factor sign-in is on%"), 1);

	call("POST", TOTP, &m, "{\"password\":\"" PW "\"}", &r);
	fx_expect(&r, 409, "mfa_already_enabled", "start when on");
	resp_free(&r);
	snprintf(body, sizeof(body), "{\"code\":\"%s\"}", used);
	call("POST", CONFIRM, &m, body, &r);
	fx_expect(&r, 409, "mfa_already_enabled", "confirm when on");
	resp_free(&r);
}
END_TEST

/*
 * A second session of the enrolled "m" into "other": with a factor on,
 * login answers mfa_required and the next step's code completes it
 * (POST /auth/mfa/verify, the sign-in step).  That step is then given
 * back (last_used_step one less), so the test may still use the next
 * step's code once, while the confirming code stays refused.
 */
static void
second_session(const struct mfa_acct *m, struct mfa_acct *other)
{
	static const char give_back[] = "UPDATE mfa_totp SET "
	    "last_used_step = last_used_step - 1 WHERE user_id = ?";
	struct resp	 r;
	char		 tok[128], code[7];

	*other = *m;
	fx_post("/api/v1/auth/login", &r, "{\"email\":\"%s\",\"password\":"
	    "\"" PW "\"}", m->a.email);
	fx_expect(&r, 200, "mfa_required", "login with a factor");
	fx_jcopy(resp_data(&r), "mfa_token", tok, sizeof(tok));
	resp_free(&r);
	code_at(m, 1, code);
	fx_post("/api/v1/auth/mfa/verify", &r, "{\"mfa_token\":\"%s\","
	    "\"code\":\"%s\"}", tok, code);
	fx_expect(&r, 200, "ok", "the second step");
	fx_jcopy(resp_data(&r), "access_token", other->a.access,
	    sizeof(other->a.access));
	fx_jcopy(resp_data(&r), "refresh_token", other->a.refresh,
	    sizeof(other->a.refresh));
	resp_free(&r);
	ck_assert_int_eq(fx_db_exec(give_back, FX_ARGS(DBV_INT(m->a.id))), 1);
}

/*
 * Removal: the code that confirmed is refused again (its step was
 * used: replay), a wrong password is refused; the next step's code
 * removes the factor, its codes, and ends the other sessions.
 */
START_TEST(test_delete_replay)
{
	struct mfa_acct	 m, other;
	struct resp	 r;
	char		 used[7], next[7], body[128];
	int		 totp;
	int64_t		 left;

	enrolled(&m, used);
	second_session(&m, &other);

	snprintf(body, sizeof(body), "{\"password\":\"" PW "\","
	    "\"code\":\"%s\"}", used);
	call("DELETE", TOTP, &m, body, &r);
	fx_expect(&r, 400, "invalid_code", "delete, replayed code");
	resp_free(&r);
	code_at(&m, 1, next);
	snprintf(body, sizeof(body), "{\"password\":\"wrong password 1\","
	    "\"code\":\"%s\"}", next);
	call("DELETE", TOTP, &m, body, &r);
	fx_expect(&r, 401, "invalid_credentials", "delete, wrong password");
	resp_free(&r);
	call("DELETE", TOTP, &m, "{\"password\":\"" PW "\"}", &r);
	fx_expect(&r, 400, "validation_failed", "delete, no code");
	resp_free(&r);
	ck_assert_int_eq(count_s(2, m.a.id, "mfa_disable_failed"), 2);

	snprintf(body, sizeof(body), "{\"password\":\"" PW "\","
	    "\"code\":\"%s\"}", next);
	call("DELETE", TOTP, &m, body, &r);
	fx_expect(&r, 200, "ok", "delete");
	resp_free(&r);
	profile_mfa(&m, &totp, &left);
	ck_assert_int_eq(totp, 0);
	ck_assert_int_eq(left, 0);
	ck_assert_int_eq(count(0, m.a.id), 0);
	ck_assert_int_eq(count(1, m.a.id), 0);
	ck_assert_int_eq(count_s(2, m.a.id, "mfa_disabled"), 1);
	ck_assert_int_eq(count_s(3, m.a.id, "Two-factor sign-in was turned "
	    "off%"), 1);
	/* the other session ended */
	call("GET", PROFILE, &other, NULL, &r);
	ck_assert_int_eq(r.status, 401);
	resp_free(&r);
	call("DELETE", TOTP, &m, body, &r);
	fx_expect(&r, 409, "mfa_not_enabled", "delete when off");
	resp_free(&r);
}
END_TEST

/*
 * Recovery codes: a new set replaces the old (password again); a
 * recovery code can stand for the TOTP code of the removal, once.
 */
START_TEST(test_recovery_codes)
{
	struct mfa_acct	 m;
	struct resp	 r;
	struct json_object *a;
	char		 used[7], body[256], old[16], upper[16];
	size_t		 i, j;
	int		 totp;
	int64_t		 left;

	memset(&m, 0, sizeof(m));
	fx_register(&m.a, "mfa", PW, 0, NULL);
	call("POST", RECOVERY, &m, "{\"password\":\"" PW "\"}", &r);
	fx_expect(&r, 409, "mfa_not_enabled", "codes without a factor");
	resp_free(&r);

	start(&m);
	confirm(&m, used);
	snprintf(old, sizeof(old), "%s", m.codes[0]);
	call("POST", RECOVERY, &m, "{\"password\":\"wrong password 1\"}", &r);
	fx_expect(&r, 401, "invalid_credentials", "codes, wrong password");
	resp_free(&r);
	call("POST", RECOVERY, &m, "{\"password\":\"" PW "\"}", &r);
	fx_expect(&r, 200, "ok", "new codes");
	a = fx_jget(resp_data(&r), "recovery_codes");
	ck_assert_int_eq(json_object_array_length(a), 10);
	ck_assert_str_ne(json_object_get_string(json_object_array_get_idx(a,
	    0)), old);
	snprintf(m.codes[0], sizeof(m.codes[0]), "%s",
	    json_object_get_string(json_object_array_get_idx(a, 0)));
	resp_free(&r);
	ck_assert_int_eq(count(1, m.a.id), 10);
	ck_assert_int_eq(count_s(2, m.a.id, "mfa_recovery_new"), 1);
	ck_assert_int_eq(count_s(3, m.a.id, "New recovery codes%"), 1);

	/* an old code no longer works */
	snprintf(body, sizeof(body), "{\"password\":\"" PW "\","
	    "\"code\":\"%s\"}", old);
	call("DELETE", TOTP, &m, body, &r);
	fx_expect(&r, 400, "invalid_code", "delete with an old code");
	resp_free(&r);
	/* a new one does, typed in upper case without the dash */
	for (i = 0, j = 0; m.codes[0][i] != '\0'; i++)
		if (m.codes[0][i] != '-')
			upper[j++] = (char)toupper((unsigned char)m.codes[0][i]);
	upper[j] = '\0';
	snprintf(body, sizeof(body), "{\"password\":\"" PW "\","
	    "\"code\":\"%s\"}", upper);
	call("DELETE", TOTP, &m, body, &r);
	fx_expect(&r, 200, "ok", "delete with a recovery code");
	resp_free(&r);
	profile_mfa(&m, &totp, &left);
	ck_assert_int_eq(totp, 0);
}
END_TEST

/* fcauthctl user mfa-reset: factor gone, every session ended, mailed. */
START_TEST(test_ctl_reset)
{
	struct mfa_acct	 m;
	struct resp	 r;
	char		 used[7], args[400], out[512];
	int		 totp;
	int64_t		 left;

	enrolled(&m, used);
	snprintf(args, sizeof(args), "user mfa-reset '%s'", m.a.email);
	ck_assert_int_eq(fx_ctl(NULL, args, NULL, out, sizeof(out), NULL, 0),
	    0);
	ck_assert_ptr_nonnull(strstr(out, "second factor removed"));
	call("GET", PROFILE, &m, NULL, &r);
	ck_assert_int_eq(r.status, 401);
	resp_free(&r);
	ck_assert_int_eq(count(0, m.a.id), 0);
	ck_assert_int_eq(count(1, m.a.id), 0);
	ck_assert_int_eq(count_s(2, m.a.id, "mfa_reset"), 1);
	ck_assert_int_eq(count_s(3, m.a.id, "An administrator removed%"), 1);
	ck_assert_int_eq(fx_login("email", m.a.email, PW, &m.a), 200);
	profile_mfa(&m, &totp, &left);
	ck_assert_int_eq(totp, 0);
	ck_assert_int_eq(left, 0);
	/* again: nothing to remove, still success */
	ck_assert_int_eq(fx_ctl(NULL, args, NULL, out, sizeof(out), NULL, 0),
	    0);
	ck_assert_ptr_nonnull(strstr(out, "no second factor"));
	ck_assert_int_ne(fx_ctl(NULL, "user mfa-reset nobody-here@example.org",
	    NULL, NULL, 0, NULL, 0), 0);
}
END_TEST

static Suite *
mfa_suite(void)
{
	Suite	*s = suite_create("mfa");
	TCase	*tc;

	tc = fx_tcase(s, "enrol");
	tcase_add_test(tc, test_enrol);
	tcase_add_test(tc, test_delete_replay);
	tcase_add_test(tc, test_recovery_codes);
	tc = fx_tcase(s, "fcauthctl");
	tcase_add_test(tc, test_ctl_reset);
	return s;
}

int
main(void)
{
	SRunner	*sr;

	fx_init("check_mfa");
	sr = srunner_create(mfa_suite());
	return fx_run(sr);
}
