/*
 * check_profile: profile.fcgi, activity.fcgi, fcauthctl user and
 * fcauthctl import-users through the real web server, against API.md.
 * The server must run with verification off (registration answers 201
 * with the login payload) and activity_resolution = 2 (scripts/test).
 *
 * Environment: FCAUTH_TEST_URL (base URL; unset = skip),
 * FCAUTH_TEST_ADMIN_CONFIG (the configuration with the schema owner's
 * database account: for fcauthctl and for reading facts such as queued
 * mail straight from the database), FCAUTH_CTL (fcauthctl; default
 * ./admin/fcauthctl, where make check runs).
 *
 * Every test makes its own accounts, so the suite can run again
 * against the same database.
 */
#include <crypt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <json-c/json.h>

#include "client.h"
#include "db.h"
#include "fixture.h"

#define REGISTER	"/api/v1/auth/register"
#define LOGIN		"/api/v1/auth/login"
#define PROFILE		"/api/v1/profile"
#define PASSWORD	"/api/v1/profile/password"
#define EMAIL		"/api/v1/profile/email"
#define ACTIVITY	"/api/v1/activity"

#define PW		"Tr0ub4dor & 3 horses!"
#define PW2		"correct horse battery staple 2"

/* PHP's password_hash documentation example. */
#define PHP_PW		"rasmuslerdorf"
#define PHP_HASH	"$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- */
/* Requests                                                         */
/* ---------------------------------------------------------------- */

/* A field error for "field" must be in the reply. */
static void
expect_field(const struct resp *r, const char *field, const char *what)
{
	fx_expect(r, 400, "validation_failed", what);
	ck_assert_msg(fx_jhas(resp_errors(r), field),
	    "%s: no error for %s: %.600s", what, field, r->body);
}

/* Register a fresh account (with a username when "named"). */
static void
make_account(struct fx_account *a, int named)
{
	fx_register(a, "prof", PW, named ? FX_NAMED : 0, NULL);
	ck_assert(a->access[0] != '\0');
	ck_assert(a->id > 0);
}

/* Log in as "email" with "pw"; the token into "token" when 200.
 * Returns the status. */
static long
login(const char *email, const char *pw, char *token, size_t tokensz)
{
	struct fx_account	 a;
	long			 st;
	size_t			 n;

	memset(&a, 0, sizeof(a));
	st = fx_login("email", email, pw, &a);
	if (st == 200 && token != NULL) {
		n = strlen(a.access);
		ck_assert(n > 0 && n < tokensz);
		memcpy(token, a.access, n + 1);
	}
	return st;
}

/* GET /profile as "a": the user object's member "key" into "out"
 * ("" for null).  The request must succeed. */
static void
profile_member(const struct fx_account *a, const char *key, char *out,
    size_t outsz)
{
	struct resp	 r;
	const char	*v;

	fx_call("GET", PROFILE, a->access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "GET profile");
	v = fx_jstr(resp_data(&r), key);
	snprintf(out, outsz, "%s", v != NULL ? v : "");
	resp_free(&r);
}

/* ---------------------------------------------------------------- */
/* The database and fcauthctl                                       */
/* ---------------------------------------------------------------- */

static const char *const count_sql[] = {
	"SELECT COUNT(*) FROM mail_outbox WHERE user_id = ? AND to_addr = ? "
	    "AND subject LIKE ?",
	"SELECT COUNT(*) FROM mail_outbox WHERE to_addr = ?",
	"SELECT COUNT(*) FROM audit_log WHERE user_id = ?",
};

static const char *const audit_sql[] = {
	"SELECT id FROM audit_log WHERE user_id = ? AND event = ? "
	    "ORDER BY id DESC LIMIT 1",
	"SELECT user_id IS NULL, ip IS NULL, user_agent IS NULL "
	    "FROM audit_log WHERE id = ?",
};

/* Mail queued for "user_id" to "to" whose subject matches "like". */
static long long
mail_count(int64_t user_id, const char *to, const char *like)
{
	return fx_db_int(count_sql[0], FX_ARGS(DBV_INT(user_id), DBV_STR(to),
	    DBV_STR(like)));
}

/* Any mail to "to" at all. */
static long long
mail_count_to(const char *to)
{
	return fx_db_int(count_sql[1], FX_ARGS(DBV_STR(to)));
}

/* ---------------------------------------------------------------- */
/* GET /profile                                                     */
/* ---------------------------------------------------------------- */

START_TEST(test_get_profile)
{
	struct fx_account	 a;
	struct resp		 r;
	struct json_object	*d;
	char			 masked[CLIENT_EMAIL_MAX];
	size_t			 at;

	make_account(&a, 1);
	fx_call("GET", PROFILE, a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "GET profile");
	d = resp_data(&r);
	ck_assert_int_eq(fx_jint(d, "id"), a.id);
	ck_assert_str_eq(fx_jstr(d, "email"), a.email);
	ck_assert_str_eq(fx_jstr(d, "username"), a.username);
	ck_assert_str_eq(fx_jstr(d, "role"), "user");
	/* first and last character of the local part kept */
	at = strcspn(a.email, "@");
	snprintf(masked, sizeof(masked), "%s", a.email);
	memset(masked + 1, '*', at - 2);
	ck_assert_str_eq(fx_jstr(d, "email_masked"), masked);
	ck_assert(fx_jhas(d, "created_at") && fx_jhas(d, "updated_at") &&
	    fx_jhas(d, "last_login_date") && fx_jhas(d, "last_request_date"));
	ck_assert(!fx_jhas(d, "password") && !fx_jhas(d, "password_hash"));
	ck_assert(strstr(r.body, "$y$") == NULL);
	resp_free(&r);
}
END_TEST

START_TEST(test_profile_needs_token)
{
	struct resp	 r;

	fx_call("GET", PROFILE, NULL, NULL, NULL, &r);
	fx_expect(&r, 401, "token_missing", "no token");
	resp_free(&r);
	fx_call("GET", PROFILE, "not.a.token", NULL, NULL, &r);
	fx_expect(&r, 401, "token_invalid", "bad token");
	resp_free(&r);
	fx_call("PUT", PROFILE, NULL, NULL, "{}", &r);
	fx_expect(&r, 405, "method_not_allowed", "PUT profile");
	ck_assert_ptr_nonnull(resp_header(&r, "Allow"));
	ck_assert_ptr_nonnull(strstr(resp_header(&r, "Allow"), "PATCH"));
	resp_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- */
/* PATCH /profile                                                   */
/* ---------------------------------------------------------------- */

START_TEST(test_patch_profile)
{
	struct fx_account	 a;
	struct resp		 r;
	struct json_object	*d;
	char			 before[64], name[CLIENT_USERNAME_MAX];

	make_account(&a, 0);
	profile_member(&a, "updated_at", before, sizeof(before));
	sleep(1);	/* updated_at has one-second resolution */
	client_unique_username("new", name);
	{
		char	 body[1024];

		snprintf(body, sizeof(body), "{\"username\":\"%s\","
		    "\"name\":\"Jane D\\u00f6e\",\"phone\":\"+998 90 000-00-00\","
		    "\"birthday\":\"10.01.1996\",\"bio\":\"line one\\nline two\","
		    "\"profile_picture\":\"https://example.com/a.png\","
		    "\"contacts\":\"t.me/jane\"}", name);
		fx_call("PATCH", PROFILE, a.access, NULL, body, &r);
	}
	fx_expect(&r, 200, "ok", "PATCH profile");
	d = resp_data(&r);
	ck_assert_str_eq(fx_jstr(d, "username"), name);
	ck_assert_str_eq(fx_jstr(d, "full_name"), "Jane D\xc3\xb6" "e");
	ck_assert_str_eq(fx_jstr(d, "phone"), "+998 90 000-00-00");
	ck_assert_str_eq(fx_jstr(d, "birthday"), "1996-01-10");
	ck_assert_str_eq(fx_jstr(d, "bio"), "line one\nline two");
	ck_assert_str_eq(fx_jstr(d, "profile_picture"),
	    "https://example.com/a.png");
	ck_assert_str_eq(fx_jstr(d, "contacts"), "t.me/jane");
	ck_assert_str_ne(fx_jstr(d, "updated_at"), before);
	resp_free(&r);

	/* null and "" clear; what is not named stays */
	fx_call("PATCH", PROFILE, a.access, NULL,
	    "{\"phone\":null,\"bio\":\"\"}", &r);
	fx_expect(&r, 200, "ok", "PATCH clear");
	d = resp_data(&r);
	ck_assert(fx_jhas(d, "phone") && fx_jget(d, "phone") == NULL);
	ck_assert(fx_jhas(d, "bio") && fx_jget(d, "bio") == NULL);
	ck_assert_str_eq(fx_jstr(d, "birthday"), "1996-01-10");
	resp_free(&r);

	/* and GET agrees */
	profile_member(&a, "phone", before, sizeof(before));
	ck_assert_str_eq(before, "");
	profile_member(&a, "username", before, sizeof(before));
	ck_assert_str_eq(before, name);
}
END_TEST

START_TEST(test_patch_role_refused)
{
	struct fx_account	 a;
	struct resp		 r;
	char			 role[32];

	make_account(&a, 0);
	fx_call("PATCH", PROFILE, a.access, NULL, "{\"role\":\"admin\"}", &r);
	expect_field(&r, "role", "PATCH role");
	resp_free(&r);
	profile_member(&a, "role", role, sizeof(role));
	ck_assert_str_eq(role, "user");
}
END_TEST

/* Fields PATCH must refuse, each alone. */
static const struct {
	const char	*body;
	const char	*field;
} patch_refused[] = {
	{ "{\"email\":\"x@example.com\"}", "email" },
	{ "{\"password\":\"" PW2 "\"}", "password" },
	{ "{\"id\":1}", "id" },
	{ "{\"created_at\":\"2020-01-01T00:00:00Z\"}", "created_at" },
	{ "{\"email_verified\":true}", "email_verified" },
	{ "{\"status\":\"active\"}", "status" },
	{ "{\"favourite_colour\":\"blue\"}", "favourite_colour" },
	{ "{\"bio\":5}", "bio" },
	{ "{\"full_name\":[\"a\",\"b\"]}", "full_name" },
	{ "{\"phone\":\"abc\"}", "phone" },
	{ "{\"birthday\":\"2999-01-01\"}", "birthday" },
	{ "{\"profile_picture\":\"javascript:alert(1)\"}", "profile_picture" },
	{ "{\"username\":\"admin\"}", "username" },
	{ "{\"username\":\"a b\"}", "username" },
};

START_TEST(test_patch_refused)
{
	struct fx_account	 a;
	struct resp		 r;
	char			 email[CLIENT_EMAIL_MAX];

	make_account(&a, 0);
	fx_call("PATCH", PROFILE, a.access, NULL, patch_refused[_i].body, &r);
	expect_field(&r, patch_refused[_i].field, patch_refused[_i].body);
	ck_assert(strstr(r.body, PW2) == NULL);
	resp_free(&r);
	profile_member(&a, "email", email, sizeof(email));
	ck_assert_str_eq(email, a.email);
}
END_TEST

/*
 * Finding 7: 7600 unknown keys to PATCH are refused as a whole with a
 * small reply, and change nothing.
 */
START_TEST(test_patch_many_keys)
{
	struct fx_account	 a;
	struct resp		 r;
	char			*body;

	make_account(&a, 0);
	ck_assert_ptr_nonnull(body = client_many_keys(7600, 0));
	fx_call("PATCH", PROFILE, a.access, NULL, body, &r);
	free(body);
	fx_expect(&r, 400, "malformed_request", "7600 keys");
	ck_assert_msg(r.bodylen < 4096, "7600 keys: a reply of %zu bytes",
	    r.bodylen);
	resp_free(&r);
}
END_TEST

START_TEST(test_patch_all_or_nothing)
{
	struct fx_account	 a;
	struct resp		 r;
	char			 v[64];

	make_account(&a, 0);
	fx_call("PATCH", PROFILE, a.access, NULL,
	    "{\"full_name\":\"Good Name\",\"phone\":\"not a phone\"}", &r);
	expect_field(&r, "phone", "good and bad field");
	ck_assert(!fx_jhas(resp_errors(&r), "full_name"));
	resp_free(&r);
	profile_member(&a, "full_name", v, sizeof(v));
	ck_assert_str_eq(v, "");

	fx_call("PATCH", PROFILE, a.access, NULL,
	    "{\"full_name\":\"Good Name\",\"role\":\"admin\"}", &r);
	expect_field(&r, "role", "good field and role");
	resp_free(&r);
	profile_member(&a, "full_name", v, sizeof(v));
	ck_assert_str_eq(v, "");
}
END_TEST

START_TEST(test_patch_username_taken)
{
	struct fx_account	 a, b;
	struct resp		 r;
	char			 body[256], upper[CLIENT_USERNAME_MAX];
	size_t			 i;

	make_account(&a, 1);
	make_account(&b, 1);
	/* usernames are unique case-insensitively */
	for (i = 0; b.username[i] != '\0'; i++)
		upper[i] = (char)(b.username[i] >= 'a' && b.username[i] <= 'z' ?
		    b.username[i] - 'a' + 'A' : b.username[i]);
	upper[i] = '\0';
	snprintf(body, sizeof(body), "{\"username\":\"%s\",\"bio\":\"x\"}",
	    upper);
	fx_call("PATCH", PROFILE, a.access, NULL, body, &r);
	fx_expect(&r, 409, "username_taken", "PATCH taken username");
	resp_free(&r);
	profile_member(&a, "bio", body, sizeof(body));
	ck_assert_str_eq(body, "");
	/* its own name in another case is fine */
	for (i = 0; a.username[i] != '\0'; i++)
		upper[i] = (char)(a.username[i] >= 'a' && a.username[i] <= 'z' ?
		    a.username[i] - 'a' + 'A' : a.username[i]);
	upper[i] = '\0';
	snprintf(body, sizeof(body), "{\"username\":\"%s\"}", upper);
	fx_call("PATCH", PROFILE, a.access, NULL, body, &r);
	fx_expect(&r, 200, "ok", "PATCH own username");
	ck_assert_str_eq(fx_jstr(resp_data(&r), "username"), upper);
	resp_free(&r);
}
END_TEST

START_TEST(test_disabled_refused_at_once)
{
	struct fx_account	 a;
	struct resp		 r;
	char			 args[256];

	make_account(&a, 0);
	fx_call("GET", PROFILE, a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "before disable");
	resp_free(&r);
	snprintf(args, sizeof(args), "user disable %lld", (long long)a.id);
	fx_ctl_ok(args);
	fx_call("GET", PROFILE, a.access, NULL, NULL, &r);
	fx_expect(&r, 403, "account_disabled", "disabled account");
	resp_free(&r);
	ck_assert_int_eq(login(a.email, PW, NULL, 0), 403);
	/* enabling does not bring the revoked sessions back */
	snprintf(args, sizeof(args), "user enable %s", a.email);
	fx_ctl_ok(args);
	fx_call("GET", PROFILE, a.access, NULL, NULL, &r);
	fx_expect(&r, 401, "token_invalid", "token after disable and enable");
	resp_free(&r);
	ck_assert_int_eq(login(a.email, PW, NULL, 0), 200);
}
END_TEST

/* ---------------------------------------------------------------- */
/* POST /profile/password                                           */
/* ---------------------------------------------------------------- */

START_TEST(test_password_change)
{
	struct fx_account	 a;
	struct resp		 r;
	char			 other[2048];

	make_account(&a, 0);
	ck_assert_int_eq(login(a.email, PW, other, sizeof(other)), 200);
	fx_call("POST", PASSWORD, a.access, NULL,
	    "{\"current_password\":\"" PW "\","
	    "\"new_password\":\"" PW2 "\"}", &r);
	fx_expect(&r, 200, "ok", "password change");
	ck_assert(strstr(r.body, PW2) == NULL);
	resp_free(&r);
	/* this session stays, the other one is gone */
	fx_call("GET", PROFILE, a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "current session");
	resp_free(&r);
	fx_call("GET", PROFILE, other, NULL, NULL, &r);
	fx_expect(&r, 401, "token_invalid", "other session");
	resp_free(&r);
	ck_assert_int_eq(login(a.email, PW, NULL, 0), 401);
	ck_assert_int_eq(login(a.email, PW2, NULL, 0), 200);
	ck_assert_int_eq(mail_count(a.id, a.email, "%password was changed%"),
	    1);
}
END_TEST

START_TEST(test_password_alias)
{
	struct fx_account	 a;
	struct resp		 r;

	make_account(&a, 0);
	fx_call("POST", PASSWORD, a.access, NULL,
	    "{\"current_password\":\"" PW "\","
	    "\"new_pwd\":\"" PW2 "\"}", &r);
	fx_expect(&r, 200, "ok", "new_pwd alias");
	resp_free(&r);
	ck_assert_int_eq(login(a.email, PW2, NULL, 0), 200);
}
END_TEST

START_TEST(test_password_wrong_current)
{
	struct fx_account	 a;
	struct resp		 r;
	struct json_object	*ev;

	make_account(&a, 0);
	fx_call("POST", PASSWORD, a.access, NULL,
	    "{\"current_password\":\"wrong "
	    "password\",\"new_password\":\"" PW2 "\"}", &r);
	fx_expect(&r, 401, "invalid_credentials", "wrong current password");
	resp_free(&r);
	ck_assert_int_eq(login(a.email, PW, NULL, 0), 200);
	ck_assert_int_eq(mail_count(a.id, a.email, "%password%"), 0);
	/* audited, and shown in the own activity */
	fx_call("GET", ACTIVITY, a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "activity");
	ev = fx_jget(resp_data(&r), "events");
	ck_assert(ev != NULL && json_object_array_length(ev) >= 1);
	ck_assert_str_eq(fx_jstr(json_object_array_get_idx(ev, 1), "event"),
	    "password_change_failed");
	resp_free(&r);
}
END_TEST

static const struct {
	const char	*body;
	const char	*field;
} password_bad[] = {
	{ "{\"new_password\":\"" PW2 "\"}", "current_password" },
	{ "{\"current_password\":\"" PW "\"}", "new_password" },
	{ "{\"current_password\":\"" PW "\",\"new_password\":\"short\"}",
	    "new_password" },
	{ "{\"current_password\":\"" PW "\",\"new_password\":\"password\"}",
	    "new_password" },
	{ "{\"current_password\":\"" PW "\",\"new_password\":[\"" PW2 "\"]}",
	    "new_password" },
	{ "{\"current_password\":5,\"new_password\":\"" PW2 "\"}",
	    "current_password" },
};

START_TEST(test_password_invalid)
{
	struct fx_account	 a;
	struct resp		 r;

	make_account(&a, 0);
	fx_call("POST", PASSWORD, a.access, NULL, password_bad[_i].body, &r);
	expect_field(&r, password_bad[_i].field, password_bad[_i].body);
	ck_assert(strstr(r.body, PW) == NULL);
	resp_free(&r);
	ck_assert_int_eq(login(a.email, PW, NULL, 0), 200);
}
END_TEST

START_TEST(test_password_equal_to_email)
{
	struct fx_account	 a;
	struct resp		 r;
	char			 body[512];

	make_account(&a, 0);
	snprintf(body, sizeof(body), "{\"current_password\":\"" PW "\","
	    "\"new_password\":\"%s\"}", a.email);
	fx_call("POST", PASSWORD, a.access, NULL, body, &r);
	expect_field(&r, "new_password", "new password = email");
	resp_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- */
/* POST /profile/email                                              */
/* ---------------------------------------------------------------- */

START_TEST(test_email_change)
{
	struct fx_account	 a;
	struct resp		 r;
	struct json_object	*d;
	char			 body[512], new_email[CLIENT_EMAIL_MAX];
	char			 now[CLIENT_EMAIL_MAX];

	make_account(&a, 0);
	client_unique_email("newaddr", new_email);
	snprintf(body, sizeof(body), "{\"new_email\":\"%s\",\"password\":\""
	    PW "\"}", new_email);
	fx_call("POST", EMAIL, a.access, NULL, body, &r);
	fx_expect(&r, 200, "ok", "email change");
	d = resp_data(&r);
	ck_assert_ptr_nonnull(fx_jstr(d, "verification_id"));
	ck_assert_int_gt(strlen(fx_jstr(d, "verification_id")), 10);
	ck_assert_int_eq(fx_jint(d, "expires_in"), 600);
	resp_free(&r);
	/* a code and link to the new address, a notice to the old one */
	ck_assert_int_eq(mail_count(a.id, new_email, "%new email address%"),
	    1);
	ck_assert_int_eq(mail_count(a.id, a.email, "%being changed%"), 1);
	/* nothing changes before the verification */
	profile_member(&a, "email", now, sizeof(now));
	ck_assert_str_eq(now, a.email);
	ck_assert_int_eq(login(a.email, PW, NULL, 0), 200);
}
END_TEST

START_TEST(test_email_change_errors)
{
	struct fx_account	 a, b;
	struct resp		 r;
	char			 body[512], new_email[CLIENT_EMAIL_MAX];

	make_account(&a, 0);
	make_account(&b, 0);
	client_unique_email("newaddr", new_email);

	snprintf(body, sizeof(body), "{\"new_email\":\"%s\",\"password\":"
	    "\"wrong password\"}", new_email);
	fx_call("POST", EMAIL, a.access, NULL, body, &r);
	fx_expect(&r, 401, "invalid_credentials", "wrong password");
	resp_free(&r);

	fx_call("POST", EMAIL, a.access, NULL,
	    "{\"new_email\":\"wrong@format\","
	    "\"password\":\"" PW "\"}", &r);
	expect_field(&r, "new_email", "invalid email");
	resp_free(&r);

	fx_call("POST", EMAIL, a.access, NULL, "{\"password\":\"" PW "\"}",
	    &r);
	expect_field(&r, "new_email", "missing email");
	resp_free(&r);

	snprintf(body, sizeof(body), "{\"new_email\":\"a%%%s\",\"password\":"
	    "\"" PW "\"}", new_email);
	fx_call("POST", EMAIL, a.access, NULL, body, &r);
	expect_field(&r, "new_email", "percent hack");
	resp_free(&r);

	snprintf(body, sizeof(body), "{\"new_email\":\"%s\"}", new_email);
	fx_call("POST", EMAIL, a.access, NULL, body, &r);
	expect_field(&r, "password", "missing password");
	resp_free(&r);

	snprintf(body, sizeof(body), "{\"new_email\":[\"%s\",\"%s\"],"
	    "\"password\":\"" PW "\"}", new_email, b.email);
	fx_call("POST", EMAIL, a.access, NULL, body, &r);
	expect_field(&r, "new_email", "array email");
	resp_free(&r);

	/* the current address, in another case */
	snprintf(body, sizeof(body), "{\"new_email\":\"%s\",\"password\":\""
	    PW "\"}", a.email);
	body[14] = (char)(body[14] - 'a' + 'A');
	fx_call("POST", EMAIL, a.access, NULL, body, &r);
	expect_field(&r, "new_email", "same email");
	resp_free(&r);

	snprintf(body, sizeof(body), "{\"new_email\":\"%s\",\"password\":\""
	    PW "\"}", b.email);
	fx_call("POST", EMAIL, a.access, NULL, body, &r);
	fx_expect(&r, 409, "email_taken", "taken email");
	resp_free(&r);

	ck_assert_int_eq(mail_count_to(new_email), 0);
	ck_assert_int_eq(mail_count(a.id, a.email, "%being changed%"), 0);
}
END_TEST

/* ---------------------------------------------------------------- */
/* DELETE /profile                                                  */
/* ---------------------------------------------------------------- */

START_TEST(test_delete_account)
{
	struct fx_account	 a;
	struct resp		 r;
	struct db_val		 args[2];
	struct db_col		 col;
	long long		 reg = 0, uid_null = 0, ip_null = 0, ua_null = 0;
	char			 body[512];

	make_account(&a, 1);
	/* something queued for the account, to see it go */
	fx_call("POST", PASSWORD, a.access, NULL,
	    "{\"current_password\":\"" PW "\","
	    "\"new_password\":\"" PW2 "\"}", &r);
	fx_expect(&r, 200, "ok", "password change");
	resp_free(&r);
	ck_assert_int_eq(mail_count_to(a.email), 1);
	args[0] = DBV_INT(a.id);
	args[1] = DBV_STR("register");
	col = DBC_INT(&reg);
	ck_assert_int_eq(db_row(fx_db(), audit_sql[0], args, 2, &col, 1), 1);

	fx_call("DELETE", PROFILE, a.access, NULL, "{\"password\":\"" PW "\"}",
	    &r);
	fx_expect(&r, 401, "invalid_credentials", "delete, old password");
	resp_free(&r);
	fx_call("DELETE", PROFILE, a.access, NULL, "{}", &r);
	expect_field(&r, "password", "delete, no password");
	resp_free(&r);
	fx_call("DELETE", PROFILE, a.access, NULL,
	    "{\"password\":\"" PW2 "\"}", &r);
	fx_expect(&r, 200, "ok", "delete");
	resp_free(&r);

	/* the token fails at once */
	fx_call("GET", PROFILE, a.access, NULL, NULL, &r);
	fx_expect(&r, 401, "token_invalid", "token of a deleted account");
	resp_free(&r);
	ck_assert_int_eq(login(a.email, PW2, NULL, 0), 401);
	/* its mail went with it; its audit rows keep only event and time */
	ck_assert_int_eq(mail_count_to(a.email), 0);
	{
		struct db_col	 cols[] = { DBC_INT(&uid_null),
		    DBC_INT(&ip_null), DBC_INT(&ua_null) };

		args[0] = DBV_INT(reg);
		ck_assert_int_eq(db_row(fx_db(), audit_sql[1], args, 1,
		    cols, 3), 1);
	}
	ck_assert(uid_null && ip_null && ua_null);

	/* the email and username are free again */
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"username\":\"%s\","
	    "\"password\":\"" PW "\"}", a.email, a.username);
	ck_assert(client_post_json(REGISTER, body, &r) == 0);
	fx_expect(&r, 201, "ok", "register again");
	ck_assert_int_ne(fx_jint(fx_jget(resp_data(&r), "user"), "id"), a.id);
	resp_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- */
/* An account deleted while others use it (finding 8)               */
/* ---------------------------------------------------------------- */

#define RACERS	12	/* requests racing each deletion */
#define ROUNDS	5	/* accounts deleted under them */

/*
 * One racer: request "n" of a round against account "a" with refresh
 * token "refresh", once "go" is readable.  Exits 0 for an answer the
 * API allows (any 2xx-4xx, or 503 with Retry-After), 1 otherwise.
 */
static void
racer(int n, const struct fx_account *a, const char *refresh, int go)
{
	struct resp	 r;
	char		 body[512], auth[2100], one;
	const char	*hdrs[] = { auth, NULL };

	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", a->access);
	(void)!read(go, &one, 1);
	if (n % 3 == 0) {
		snprintf(body, sizeof(body), "{\"refresh_token\":\"%s\"}",
		    refresh);
		if (client_post_json("/api/v1/auth/refresh", body, &r) == -1)
			_exit(2);
	} else if (n % 6 == 1) {
		snprintf(body, sizeof(body), "{\"new_email\":\"moved%d-%s\","
		    "\"password\":\"" PW "\"}", n, a->email);
		if (client_request("POST", EMAIL, "application/json", body,
		    hdrs, &r) == -1)
			_exit(2);
	} else {
		snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":"
		    "\"" PW "\"}", a->email);
		if (client_post_json(LOGIN, body, &r) == -1)
			_exit(2);
	}
	/* a login that lost the race: the account is not there (and the
	 * failures of the others count: 429) */
	if (n % 3 != 0 && n % 6 != 1 && r.status != 200 &&
	    r.status != 401 && r.status != 429 && r.status != 503)
		goto bad;
	if (r.status < 500 || (r.status == 503 &&
	    resp_header(&r, "Retry-After") != NULL))
		_exit(0);
bad:
	fprintf(stderr, "racer %d: %ld %s\n", n, r.status,
	    r.body != NULL ? r.body : "");
	_exit(1);
}

/*
 * DELETE /profile while logins, refreshes and email changes of the
 * same account are under way: the losers answer 4xx (the account is
 * gone) or 503 with Retry-After, never 500, and nothing of the account
 * is left behind.
 */
START_TEST(test_delete_races)
{
	struct fx_account	 a;
	struct resp		 r;
	char			 refresh[128], body[512];
	int			 go[2], i, k, st, bad = 0;
	long long		 left = -1;
	struct db_val		 args[1];
	struct db_col		 col;
	pid_t			 pid;

	for (k = 0; k < ROUNDS; k++) {
		make_account(&a, 0);
		snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":"
		    "\"" PW "\"}", a.email);
		ck_assert_int_eq(client_post_json(LOGIN, body, &r), 0);
		fx_expect(&r, 200, "ok", "login before the race");
		snprintf(refresh, sizeof(refresh), "%s",
		    fx_jstr(resp_data(&r), "refresh_token"));
		resp_free(&r);
		ck_assert_int_eq(pipe(go), 0);
		for (i = 0; i < RACERS; i++) {
			ck_assert_int_ne(pid = fork(), -1);
			if (pid == 0) {
				close(go[1]);
				racer(i, &a, refresh, go[0]);
			}
		}
		close(go[0]);
		close(go[1]);		/* all start, the deletion too */
		fx_call("DELETE", PROFILE, a.access, NULL,
		    "{\"password\":\"" PW "\"}", &r);
		ck_assert_msg(r.status == 200 || r.status == 503,
		    "delete: %ld %s", r.status, r.body);
		resp_free(&r);
		while (wait(&st) > 0)
			if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
				bad++;
		ck_assert_msg(bad == 0, "round %d: %d racers got a reply the "
		    "API does not allow (see stderr)", k, bad);
		args[0] = DBV_INT(a.id);
		col = DBC_INT(&left);
		ck_assert_int_eq(db_row(fx_db(), "SELECT COUNT(*) FROM "
		    "sessions WHERE user_id = ?", args, 1, &col, 1), 1);
		ck_assert_int_eq(left, 0);
	}
}
END_TEST


/* ---------------------------------------------------------------- */
/* activity.fcgi                                                    */
/* ---------------------------------------------------------------- */

START_TEST(test_last_request_moves)
{
	struct fx_account	 a;
	struct resp		 r;
	char			 path[128], first[64];
	const char		*v;

	make_account(&a, 0);
	snprintf(path, sizeof(path), "/api/v1/users/%lld/activity",
	    (long long)a.id);
	fx_call("GET", path, a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "own activity");
	ck_assert_int_eq(fx_jint(resp_data(&r), "user_id"), a.id);
	ck_assert_ptr_nonnull(fx_jstr(resp_data(&r), "last_login_date"));
	ck_assert_ptr_nonnull((v = fx_jstr(resp_data(&r),
	    "last_request_date")));
	snprintf(first, sizeof(first), "%s", v);
	resp_free(&r);
	sleep(3);	/* past the 2-second resolution of the test server */
	fx_call("GET", PROFILE, a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "a request");
	resp_free(&r);
	fx_call("POST", path, a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "own activity (POST)");
	ck_assert_ptr_nonnull((v = fx_jstr(resp_data(&r),
	    "last_request_date")));
	ck_assert_msg(strcmp(v, first) > 0, "last_request_date %s did not "
	    "move past %s", v, first);
	resp_free(&r);
}
END_TEST

START_TEST(test_activity_access)
{
	struct fx_account	 a, b;
	struct resp		 r;
	char			 path[128], args[256];

	make_account(&a, 0);
	make_account(&b, 0);
	snprintf(path, sizeof(path), "/api/v1/users/%lld/activity",
	    (long long)b.id);
	fx_call("GET", path, a.access, NULL, NULL, &r);
	fx_expect(&r, 403, "forbidden", "another user's activity");
	resp_free(&r);
	/* a non-admin cannot tell whether an id exists */
	fx_call("GET", "/api/v1/users/999999999999/activity", a.access, NULL,
	    NULL, &r);
	fx_expect(&r, 403, "forbidden", "unknown id, non-admin");
	resp_free(&r);
	fx_call("GET", "/api/v1/users/abc/activity", a.access, NULL, NULL, &r);
	fx_expect(&r, 404, "not_found", "non-numeric id");
	resp_free(&r);
	fx_call("GET", path, NULL, NULL, NULL, &r);
	fx_expect(&r, 401, "token_missing", "no token");
	resp_free(&r);

	snprintf(args, sizeof(args), "user set-role %lld admin",
	    (long long)a.id);
	fx_ctl_ok(args);
	fx_call("GET", path, a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "admin reads another user's activity");
	ck_assert_int_eq(fx_jint(resp_data(&r), "user_id"), b.id);
	ck_assert(fx_jhas(resp_data(&r), "last_login_date") &&
	    fx_jhas(resp_data(&r), "last_request_date"));
	resp_free(&r);
	fx_call("POST", "/api/v1/users/999999999999/activity", a.access, NULL,
	    NULL, &r);
	fx_expect(&r, 404, "not_found", "unknown id, admin");
	resp_free(&r);
}
END_TEST

START_TEST(test_activity_events)
{
	struct fx_account	 a;
	struct resp		 r;
	struct json_object	*d, *ev, *e;
	char			 path[128];
	int64_t			 newest, second;
	size_t			 n;

	make_account(&a, 0);
	ck_assert_int_eq(login(a.email, "wrong password", NULL, 0), 401);
	ck_assert_int_eq(login(a.email, PW, NULL, 0), 200);
	fx_call("GET", ACTIVITY, a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "activity");
	d = resp_data(&r);
	ck_assert_ptr_nonnull(fx_jstr(d, "last_login_date"));
	ck_assert_ptr_nonnull(fx_jstr(d, "last_request_date"));
	ev = fx_jget(d, "events");
	ck_assert(ev != NULL && json_object_is_type(ev, json_type_array));
	n = json_object_array_length(ev);
	ck_assert_uint_ge(n, 3);
	/* newest first: login, login_failed, ..., register last */
	e = json_object_array_get_idx(ev, 0);
	ck_assert_str_eq(fx_jstr(e, "event"), "login");
	ck_assert_ptr_nonnull(fx_jstr(e, "at"));
	ck_assert_ptr_nonnull(fx_jstr(e, "ip"));
	ck_assert(fx_jhas(e, "user_agent"));
	newest = fx_jint(e, "id");
	ck_assert_str_eq(fx_jstr(json_object_array_get_idx(ev, 1), "event"),
	    "login_failed");
	second = fx_jint(json_object_array_get_idx(ev, 1), "id");
	ck_assert_int_lt(second, newest);
	ck_assert_str_eq(fx_jstr(json_object_array_get_idx(ev, n - 1), "event"),
	    "register");
	resp_free(&r);

	fx_call("GET", ACTIVITY "?limit=1", a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "limit=1");
	ev = fx_jget(resp_data(&r), "events");
	ck_assert_uint_eq(json_object_array_length(ev), 1);
	ck_assert_int_eq(fx_jint(json_object_array_get_idx(ev, 0), "id"),
	    newest);
	resp_free(&r);

	snprintf(path, sizeof(path), ACTIVITY "?limit=1&before=%lld",
	    (long long)newest);
	fx_call("GET", path, a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "before");
	ev = fx_jget(resp_data(&r), "events");
	ck_assert_uint_eq(json_object_array_length(ev), 1);
	ck_assert_int_eq(fx_jint(json_object_array_get_idx(ev, 0), "id"),
	    second);
	resp_free(&r);
}
END_TEST

static const char *const activity_bad[] = {
	ACTIVITY "?limit=0",
	ACTIVITY "?limit=101",
	ACTIVITY "?limit=abc",
	ACTIVITY "?limit=-1",
	ACTIVITY "?limit=",
	ACTIVITY "?before=x",
	ACTIVITY "?before=-5",
	ACTIVITY "?before=99999999999999999999999",
};

START_TEST(test_activity_bad_query)
{
	struct fx_account	 a;
	struct resp		 r;

	make_account(&a, 0);
	fx_call("GET", activity_bad[_i], a.access, NULL, NULL, &r);
	fx_expect(&r, 400, "validation_failed", activity_bad[_i]);
	resp_free(&r);
}
END_TEST

START_TEST(test_activity_own_only)
{
	struct fx_account	 a, b;
	struct resp		 r;
	struct json_object	*ev;
	size_t			 i;

	make_account(&a, 0);
	make_account(&b, 0);
	ck_assert_int_eq(login(b.email, "wrong password", NULL, 0), 401);
	fx_call("GET", ACTIVITY "?limit=100", a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "activity");
	ev = fx_jget(resp_data(&r), "events");
	/* a fresh account: register and login only */
	ck_assert_uint_eq(json_object_array_length(ev), 2);
	for (i = 0; i < 2; i++)
		ck_assert_str_ne(fx_jstr(json_object_array_get_idx(ev, i),
		    "event"), "login_failed");
	resp_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- */
/* fcauthctl user and import-users                                  */
/* ---------------------------------------------------------------- */

START_TEST(test_ctl_user_add)
{
	char		 email[CLIENT_EMAIL_MAX], user[CLIENT_USERNAME_MAX];
	char		 args[512], out[4096], err[1024], line[512];
	long long	 id;

	client_unique_email("ctl", email);
	client_unique_username("ctl", user);
	snprintf(args, sizeof(args), "user add --role admin --verified "
	    "--username %s %s", user, email);
	ck_assert_msg(fx_ctl(NULL, args, PW "\n", out, sizeof(out), err,
	    sizeof(err)) == 0, "user add: %s", err);
	id = strtoll(out, NULL, 10);
	ck_assert_int_gt(id, 0);
	ck_assert_int_eq(login(email, PW, NULL, 0), 200);

	snprintf(args, sizeof(args), "user show %lld", id);
	ck_assert_int_eq(fx_ctl(NULL, args, NULL, out, sizeof(out), NULL, 0),
	    0);
	ck_assert_ptr_nonnull(strstr(out, "role: admin\n"));
	ck_assert_ptr_nonnull(strstr(out, "email_verified: yes\n"));
	ck_assert_ptr_nonnull(strstr(out, "status: active\n"));
	ck_assert_ptr_nonnull(strstr(out, "password_method: yescrypt\n"));
	ck_assert(strstr(out, "$y$") == NULL);

	ck_assert_int_eq(fx_ctl(NULL, "user list", NULL, out, sizeof(out) ,
	    NULL, 0),
	    0);
	/* the list may be long; look for our line in the first 4 KiB only
	 * when it fits, else by show */
	snprintf(line, sizeof(line), "%lld\t%s\t%s\tadmin\tactive\t", id,
	    email, user);
	if (strlen(out) < sizeof(out) - 1)
		ck_assert_ptr_nonnull(strstr(out, line));

	/* the same address again; a weak password; a bad role */
	snprintf(args, sizeof(args), "user add %s", email);
	ck_assert_int_eq(fx_ctl(NULL, args, PW "\n", NULL, 0, err,
	    sizeof(err)), 1);
	ck_assert_ptr_nonnull(strstr(err, "taken"));
	client_unique_email("ctl", email);
	snprintf(args, sizeof(args), "user add %s", email);
	ck_assert_int_eq(fx_ctl(NULL, args, "password\n", NULL, 0, NULL, 0),
	    1);
	snprintf(args, sizeof(args), "user add --role 'Bad Role' %s", email);
	ck_assert_int_eq(fx_ctl(NULL, args, PW "\n", NULL, 0, NULL, 0), 1);
	ck_assert_int_eq(fx_ctl(NULL, "user show nobody-here@example.com",
	    NULL, NULL,
	    0, NULL, 0), 1);
	ck_assert_int_eq(fx_ctl(NULL, "user frobnicate", NULL, NULL, 0, NULL,
	    0), 2);
}
END_TEST

/* Write "text" to a new temporary .csv file; its path into "path". */
static void
write_csv(char *path, const char *text)
{
	int	 fd;

	strcpy(path, "/tmp/check_profile_XXXXXX.csv");
	ck_assert((fd = mkstemps(path, 4)) != -1);
	ck_assert(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
}

START_TEST(test_import_php_hash)
{
	char	 email[CLIENT_EMAIL_MAX], path[64], csv[1024];
	char	 args[512], out[1024], err[2048];

	client_unique_email("php", email);
	snprintf(csv, sizeof(csv), "email,username,full_name,password_hash\r\n"
	    "%s,,\"Lerdorf, Rasmus\",%s\r\n", email, PHP_HASH);
	write_csv(path, csv);
	snprintf(args, sizeof(args), "import-users %s", path);
	ck_assert_msg(fx_ctl(NULL, args, NULL, out, sizeof(out), err,
	    sizeof(err)) == 0, "import: %s", err);
	ck_assert_str_eq(out, "imported 1, skipped 0, refused 0\n");
	/* again: nothing twice */
	ck_assert_int_eq(fx_ctl(NULL, args, NULL, out, sizeof(out), err,
	    sizeof(err)), 0);
	ck_assert_str_eq(out, "imported 0, skipped 1, refused 0\n");
	ck_assert_ptr_nonnull(strstr(err, ":2: skipped, exists"));
	unlink(path);

	snprintf(args, sizeof(args), "user show %s --hash-method", email);
	ck_assert_int_eq(fx_ctl(NULL, args, NULL, out, sizeof(out), NULL, 0),
	    0);
	ck_assert_str_eq(out, "bcrypt\n");
	snprintf(args, sizeof(args), "user show %s", email);
	ck_assert_int_eq(fx_ctl(NULL, args, NULL, out, sizeof(out), NULL, 0),
	    0);
	ck_assert_ptr_nonnull(strstr(out, "full_name: Lerdorf, Rasmus\n"));
	ck_assert_ptr_nonnull(strstr(out, "email_verified: yes\n"));
	ck_assert(strstr(out, "$2y$") == NULL);

	ck_assert_int_eq(login(email, "wrong password", NULL, 0), 401);
	ck_assert_int_eq(login(email, PHP_PW, NULL, 0), 200);
	snprintf(args, sizeof(args), "user show %s --hash-method", email);
	ck_assert_int_eq(fx_ctl(NULL, args, NULL, out, sizeof(out), NULL, 0),
	    0);
	ck_assert_str_eq(out, "yescrypt\n");
	ck_assert_int_eq(login(email, PHP_PW, NULL, 0), 200);
}
END_TEST

START_TEST(test_import_bad_rows)
{
	char	 good[CLIENT_EMAIL_MAX], good2[CLIENT_EMAIL_MAX];
	char	 other[CLIENT_EMAIL_MAX], user[CLIENT_USERNAME_MAX];
	char	 path[64], csv[4096], args[512], out[1024], err[4096];
	char	 want[128];

	client_unique_email("imp", good);
	client_unique_email("imp", good2);
	client_unique_email("imp", other);
	client_unique_username("imp", user);
	/* no header; line 3 is a quoted field spanning two lines */
	snprintf(csv, sizeof(csv),
	    "%s,%s,Good One,%s\n"			/* 1 good */
	    "not-an-email,,x,%s\n"			/* 2 bad email */
	    "%s,,\"two\nlines\",%s\n"			/* 3-4 control char */
	    "%s,,,$1$abc$abcdefghijklmnopqrstuv\n"	/* 5 md5: refused */
	    "%s,,only three\n"				/* 6 columns */
	    "%s,%s,,%s\n"				/* 7 username taken */
	    "\n"					/* 8 blank */
	    "\"%s\",\"\",\"Quote \"\"Q\"\" Here\",%s\n"	/* 9 good */
	    "%s,,x\"y,%s\n",				/* 10 stray quote */
	    good, user, PHP_HASH, PHP_HASH, other, PHP_HASH, other, other,
	    other, user, PHP_HASH, good2, PHP_HASH, other, PHP_HASH);
	write_csv(path, csv);
	snprintf(args, sizeof(args), "import-users %s", path);
	ck_assert_int_eq(fx_ctl(NULL, args, NULL, out, sizeof(out), err,
	    sizeof(err)),
	    1);
	ck_assert_str_eq(out, "imported 2, skipped 0, refused 6\n");
	snprintf(want, sizeof(want), "%s:2: email:", path);
	ck_assert_msg(strstr(err, want) != NULL, "no '%s' in: %s", want, err);
	snprintf(want, sizeof(want), "%s:3: full name:", path);
	ck_assert_msg(strstr(err, want) != NULL, "no '%s' in: %s", want, err);
	snprintf(want, sizeof(want), "%s:5: password hash", path);
	ck_assert_msg(strstr(err, want) != NULL, "no '%s' in: %s", want, err);
	snprintf(want, sizeof(want), "%s:6: expected 4 columns", path);
	ck_assert_msg(strstr(err, want) != NULL, "no '%s' in: %s", want, err);
	snprintf(want, sizeof(want), "%s:7: username taken", path);
	ck_assert_msg(strstr(err, want) != NULL, "no '%s' in: %s", want, err);
	snprintf(want, sizeof(want), "%s:10: stray quote", path);
	ck_assert_msg(strstr(err, want) != NULL, "no '%s' in: %s", want, err);
	unlink(path);

	snprintf(args, sizeof(args), "user show %s", good2);
	ck_assert_int_eq(fx_ctl(NULL, args, NULL, out, sizeof(out), NULL, 0),
	    0);
	ck_assert_ptr_nonnull(strstr(out, "full_name: Quote \"Q\" Here\n"));
	snprintf(args, sizeof(args), "user show %s", other);
	ck_assert_int_eq(fx_ctl(NULL, args, NULL, NULL, 0, NULL, 0), 1);
	ck_assert_int_eq(login(good, PHP_PW, NULL, 0), 200);
}
END_TEST

START_TEST(test_import_progress)
{
	char		 email[CLIENT_EMAIL_MAX], path[64], args[256];
	char		 out[256], err[4096], want[128];
	char		*csv;
	size_t		 cap = 1100 * 200, len = 0;
	int		 i;

	ck_assert_ptr_nonnull((csv = malloc(cap)));
	len += (size_t)snprintf(csv, cap, "Email,Username,Full_Name,"
	    "Password_Hash\n");
	for (i = 0; i < 1001; i++) {
		client_unique_email("bulk", email);
		len += (size_t)snprintf(csv + len, cap - len, "%s,,,%s\n",
		    email, PHP_HASH);
	}
	write_csv(path, csv);
	free(csv);
	snprintf(args, sizeof(args), "import-users --unverified %s", path);
	ck_assert_int_eq(fx_ctl(NULL, args, NULL, out, sizeof(out), err,
	    sizeof(err)),
	    0);
	ck_assert_str_eq(out, "imported 1001, skipped 0, refused 0\n");
	snprintf(want, sizeof(want), "%s: 1000 rows", path);
	ck_assert_msg(strstr(err, want) != NULL, "no '%s' in: %s", want, err);
	unlink(path);
	snprintf(args, sizeof(args), "user show %s", email);
	ck_assert_int_eq(fx_ctl(NULL, args, NULL, out, sizeof(out), NULL, 0),
	    0);
	ck_assert_ptr_nonnull(strstr(out, "email_verified: no\n"));
}
END_TEST

/* ---------------------------------------------------------------- */
/* Suites                                                           */
/* ---------------------------------------------------------------- */

static Suite *
profile_suite(void)
{
	Suite	*s = suite_create("profile");
	TCase	*tc;

	tc = fx_tcase(s, "read");
	tcase_add_test(tc, test_get_profile);
	tcase_add_test(tc, test_profile_needs_token);
	tcase_add_test(tc, test_disabled_refused_at_once);

	tc = fx_tcase(s, "update");
	tcase_add_test(tc, test_patch_profile);
	tcase_add_test(tc, test_patch_role_refused);
	tcase_add_loop_test(tc, test_patch_refused, 0,
	    (int)NELEM(patch_refused));
	tcase_add_test(tc, test_patch_all_or_nothing);
	tcase_add_test(tc, test_patch_many_keys);
	tcase_add_test(tc, test_patch_username_taken);

	tc = fx_tcase(s, "password");
	tcase_add_test(tc, test_password_change);
	tcase_add_test(tc, test_password_alias);
	tcase_add_test(tc, test_password_wrong_current);
	tcase_add_loop_test(tc, test_password_invalid, 0,
	    (int)NELEM(password_bad));
	tcase_add_test(tc, test_password_equal_to_email);

	tc = fx_tcase(s, "email");
	tcase_add_test(tc, test_email_change);
	tcase_add_test(tc, test_email_change_errors);

	tc = fx_tcase(s, "delete");
	tcase_add_test(tc, test_delete_account);
	tcase_add_test(tc, test_delete_races);
	return s;
}

static Suite *
activity_suite(void)
{
	Suite	*s = suite_create("activity");
	TCase	*tc;

	tc = fx_tcase(s, "activity");
	tcase_add_test(tc, test_last_request_moves);
	tcase_add_test(tc, test_activity_access);
	tcase_add_test(tc, test_activity_events);
	tcase_add_loop_test(tc, test_activity_bad_query, 0,
	    (int)NELEM(activity_bad));
	tcase_add_test(tc, test_activity_own_only);
	return s;
}

/* ---------------------------------------------------------------- */
/* Imported legacy hashes and login timing                          */
/* ---------------------------------------------------------------- */

#define TIMING_ROUNDS	10	/* timed logins of each kind */
#define TIMING_RATIO	1.5	/* how far apart two medians may be */

/* Point the client and fcauthctl at the legacy instance. */
static void
legacy_setup(void)
{
	const char	*url = getenv("FCAUTH_TEST_URL_LEGACY");
	const char	*conf = getenv("FCAUTH_TEST_ADMIN_CONFIG_LEGACY");

	ck_assert_msg(url != NULL && *url != '\0' && conf != NULL &&
	    *conf != '\0', "FCAUTH_TEST_URL_LEGACY or "
	    "FCAUTH_TEST_ADMIN_CONFIG_LEGACY is not set: scripts/test "
	    "starts that instance");
	setenv("FCAUTH_TEST_URL", url, 1);
	setenv("FCAUTH_TEST_ADMIN_CONFIG", conf, 1);
	client_init_or_exit("check_profile");
}

/* A hash of "pw" with libcrypt's "prefix" at "cost", into "out". */
static void
legacy_hash(const char *prefix, unsigned long cost, const char *pw,
    char *out, size_t outsz)
{
	char		 setting[CRYPT_GENSALT_OUTPUT_SIZE];
	struct crypt_data *cd;
	const char	*h;

	ck_assert_ptr_nonnull((cd = calloc(1, sizeof(*cd))));
	ck_assert_ptr_nonnull(crypt_gensalt_rn(prefix, cost, NULL, 0,
	    setting, sizeof(setting)));
	h = crypt_rn(pw, setting, cd, sizeof(*cd));
	ck_assert(h != NULL && h[0] != '*' && strlen(h) < outsz);
	snprintf(out, outsz, "%s", h);
	free(cd);
}

/* Seconds that a login as "email" with "pw" takes; it must answer
 * "want". */
static double
login_secs(const char *email, const char *pw, long want)
{
	struct timespec	 t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(login(email, pw, NULL, 0), want);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

static int
double_cmp(const void *a, const void *b)
{
	double	 x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of "n" (even) values; sorts them. */
static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), double_cmp);
	return (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * Medians of wrong-password logins to each of the "n" accounts in
 * "emails" ("NULL" is an unknown address), TIMING_ROUNDS each,
 * alternated so that all share the same noise, after one unmeasured
 * round.
 */
static void
login_medians(const char *const *emails, size_t n, double *med)
{
	double		 t[4][TIMING_ROUNDS];
	char		 unknown[CLIENT_EMAIL_MAX];
	const char	*e;
	size_t		 i, k;

	ck_assert_uint_le(n, 4);
	for (i = 0; i <= TIMING_ROUNDS; i++)
		for (k = 0; k < n; k++) {
			e = emails[k] != NULL ? emails[k] :
			    client_unique_email("nobody", unknown);
			if (i == 0)
				(void)login_secs(e, PW2, 401);
			else
				t[k][i - 1] = login_secs(e, PW2, 401);
		}
	for (k = 0; k < n; k++)
		med[k] = median(t[k], TIMING_ROUNDS);
}

/*
 * Accounts imported with bcrypt cost 12 and sha512crypt with 656 000
 * rounds: a wrong password for them takes as long as a login for an
 * address without an account.  A correct login rehashes them, and once
 * no such hash is left, logins cost one yescrypt hash again.
 */
START_TEST(test_import_legacy_timing)
{
	char			 bc[CLIENT_EMAIL_MAX], sha[CLIENT_EMAIL_MAX];
	char			 bc_hash[128], sha_hash[160], csv[1024], path[64];
	char			 args[512], out[1024], err[2048];
	const char		*emails[3];
	double			 before[3], after[2];
	struct fx_account	 y;

	client_unique_email("bcrypt12", bc);
	client_unique_email("sha656k", sha);
	legacy_hash("$2b$", 12, PW, bc_hash, sizeof(bc_hash));
	legacy_hash("$6$", 656000, PW, sha_hash, sizeof(sha_hash));
	ck_assert(strncmp(bc_hash, "$2b$12$", 7) == 0);
	ck_assert(strncmp(sha_hash, "$6$rounds=656000$", 17) == 0);
	snprintf(csv, sizeof(csv), "%s,,,%s\n%s,,,%s\n", bc, bc_hash, sha,
	    sha_hash);
	write_csv(path, csv);
	snprintf(args, sizeof(args), "import-users %s", path);
	ck_assert_msg(fx_ctl(NULL, args, NULL, out, sizeof(out), err,
	    sizeof(err)) == 0, "import: %s", err);
	unlink(path);
	ck_assert_str_eq(out, "imported 2, skipped 0, refused 0\n");

	emails[0] = NULL;
	emails[1] = bc;
	emails[2] = sha;
	login_medians(emails, 3, before);
	fprintf(stderr, "import timing: median login unknown %.1f ms, "
	    "bcrypt-12 %.1f ms, sha512crypt-656000 %.1f ms\n",
	    before[0] * 1e3, before[1] * 1e3, before[2] * 1e3);
	ck_assert_msg(before[1] < before[0] * TIMING_RATIO &&
	    before[0] < before[1] * TIMING_RATIO &&
	    before[2] < before[0] * TIMING_RATIO &&
	    before[0] < before[2] * TIMING_RATIO,
	    "median login: unknown %.1f ms, bcrypt-12 %.1f ms, "
	    "sha512crypt-656000 %.1f ms", before[0] * 1e3, before[1] * 1e3,
	    before[2] * 1e3);

	/* the right password: 200, and the hash becomes yescrypt */
	ck_assert_int_eq(login(bc, PW, NULL, 0), 200);
	ck_assert_int_eq(login(sha, PW, NULL, 0), 200);
	snprintf(args, sizeof(args), "user show %s --hash-method", bc);
	ck_assert_int_eq(fx_ctl(NULL, args, NULL, out, sizeof(out), NULL, 0),
	    0);
	ck_assert_str_eq(out, "yescrypt\n");
	snprintf(args, sizeof(args), "user show %s --hash-method", sha);
	ck_assert_int_eq(fx_ctl(NULL, args, NULL, out, sizeof(out), NULL, 0),
	    0);
	ck_assert_str_eq(out, "yescrypt\n");
	ck_assert_int_eq(login(sha, PW, NULL, 0), 200);

	/* the instance looks at the kinds every second */
	sleep(2);
	make_account(&y, 0);
	emails[1] = y.email;
	login_medians(emails, 2, after);
	fprintf(stderr, "import timing: after the upgrade, median login "
	    "unknown %.1f ms, yescrypt %.1f ms\n", after[0] * 1e3,
	    after[1] * 1e3);
	ck_assert_msg(after[1] < after[0] * TIMING_RATIO &&
	    after[0] < after[1] * TIMING_RATIO &&
	    after[0] * 2 < before[0],
	    "median login: unknown %.1f ms (with legacy hashes %.1f ms), "
	    "yescrypt %.1f ms", after[0] * 1e3, before[0] * 1e3,
	    after[1] * 1e3);
}
END_TEST

static Suite *
ctl_suite(void)
{
	Suite	*s = suite_create("fcauthctl");
	TCase	*tc;

	tc = fx_tcase(s, "user");
	tcase_add_test(tc, test_ctl_user_add);
	tc = fx_tcase(s, "import");
	tcase_add_test(tc, test_import_php_hash);
	tcase_add_test(tc, test_import_bad_rows);
	tcase_add_test(tc, test_import_progress);
	tc = fx_tcase(s, "import timing");
	tcase_add_checked_fixture(tc, legacy_setup, NULL);
	tcase_add_test(tc, test_import_legacy_timing);
	return s;
}

int
main(void)
{
	SRunner	*sr;

	fx_init("check_profile");
	sr = srunner_create(profile_suite());
	srunner_add_suite(sr, activity_suite());
	srunner_add_suite(sr, ctl_suite());
	return fx_run(sr);
}
