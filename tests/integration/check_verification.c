/*
 * check_verification: email verification, resend, password forgot and
 * reset, and mail delivery, through the real web server, the real
 * programs and the real mail worker, against API.md.
 *
 * The mail is read where it lands: scripts/test sets [mail] sendmail
 * to scripts/mail-to-dir $FCAUTH_TEST_MAIL_DIR, and the tests run
 * "fcauthctl --config <instance config> mail-worker --once" to deliver
 * what is queued, then read the code and the links from the files.
 *
 * Environment (scripts/test sets all of it):
 *   FCAUTH_TEST_URL_VERIFY, FCAUTH_TEST_CONFIG_VERIFY    verification on
 *   FCAUTH_TEST_URL_VERIFY2, FCAUTH_TEST_CONFIG_VERIFY2  2-second codes,
 *                                                        redirect_url set
 *   FCAUTH_TEST_ADMIN_CONFIG   the database, for facts the API does not
 *                              show (sessions revoked, mail rows)
 *   FCAUTH_TEST_MAIL_DIR       where mail-to-dir writes
 *   FCAUTH_TEST_CTL            admin/fcauthctl
 * Unset FCAUTH_TEST_URL_VERIFY: the suite is skipped.
 */
#include <dirent.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <check.h>
#include <json-c/json.h>
#include <sodium.h>

#include "client.h"
#include "db.h"
#include "fixture.h"
#include "verifications.h"

#define REGISTER	"/api/v1/auth/register"
#define LOGIN		"/api/v1/auth/login"
#define VERIFY		"/api/v1/auth/verify"
#define STATUS		"/api/v1/auth/verify/status?id="
#define RESEND		"/api/v1/auth/verify/resend"
#define FORGOT		"/api/v1/auth/password/forgot"
#define RESET		"/api/v1/auth/password/reset"

#define PW		"Tr0ub4dor & 3 horses!"
#define NEW_PW		"N3w pass phrase, quite long!"
#define TOKEN_LEN	FX_TOKEN_LEN

/* ---------------------------------------------------------------- */
/* helpers                                                          */
/* ---------------------------------------------------------------- */

/*
 * The Subject header of a mail, with RFC 2047 "B" encoded-words (and
 * the folding between them) decoded, into "out".
 */
static void
mail_subject(const char *text, char *out, size_t outsz)
{
	const char	*p = strstr(text, "\nSubject: "), *end, *q, *w;
	unsigned char	 bin[256];
	char		 b64[256];
	size_t		 o = 0, binlen;

	ck_assert_ptr_nonnull(p);
	p += strlen("\nSubject: ");
	/* the header runs until a line that does not start with a blank */
	for (end = strchr(p, '\n'); end != NULL && end[1] == ' ';
	    end = strchr(end + 1, '\n'))
		continue;
	ck_assert_ptr_nonnull(end);
	out[0] = '\0';
	if (strncmp(p, "=?utf-8?B?", 10) != 0) {
		snprintf(out, outsz, "%.*s", (int)(end - p), p);
		return;
	}
	for (q = p; q < end && (w = strstr(q, "=?utf-8?B?")) != NULL &&
	    w < end; q = strstr(w, "?=") + 2) {
		w += 10;
		ck_assert_ptr_nonnull(strstr(w, "?="));
		snprintf(b64, sizeof(b64), "%.*s", (int)(strstr(w, "?=") - w), w);
		ck_assert_uint_le(strlen(b64), 60);
		ck_assert_int_eq(sodium_base642bin(bin, sizeof(bin), b64,
		    strlen(b64), NULL, &binlen, NULL,
		    sodium_base64_VARIANT_ORIGINAL), 0);
		ck_assert_uint_lt(o + binlen, outsz);
		memcpy(out + o, bin, binlen);
		o += binlen;
		out[o] = '\0';
	}
}

/* Register a fresh account on the current instance: 201, pending. */
static void
signup(const char *prefix, struct fx_account *a)
{
	struct resp	 r;

	fx_register(a, prefix, PW, 0, &r);
	ck_assert_ptr_nonnull(fx_jstr(resp_data(&r), "verification_id"));
	ck_assert_uint_eq(strlen(a->vid), TOKEN_LEN);
	ck_assert_int_eq(a->id, fx_jint(resp_data(&r), "user_id"));
	ck_assert_int_gt(fx_jint(resp_data(&r), "expires_in"), 0);
	ck_assert_int_ge(fx_jint(resp_data(&r), "resend_after"), 0);
	resp_free(&r);
}

/* Log in with "pw": the status (its code "code" unless NULL). */
static long
login_status(const char *email, const char *pw, const char *code)
{
	return fx_post_code(LOGIN, code, "{\"login\":\"%s\",\"password\":"
	    "\"%s\"}", email, pw);
}

/* A code that is not "code": its last digit changed. */
static void
wrong_code(const char *code, char *out)
{
	size_t	 n = strlen(code);

	memcpy(out, code, n + 1);
	out[n - 1] = (char)('0' + (code[n - 1] - '0' + 1) % 10);
}

/*
 * The status of verification "vid": pending, verified or expired, the
 * same through POST {verification_id} (which keeps the id out of the
 * access log) as through GET ?id=.
 */
static void
expect_status(const char *vid, const char *status)
{
	struct resp	 r, p;
	char		 path[256];

	snprintf(path, sizeof(path), STATUS "%s", vid);
	ck_assert_int_eq(client_get(path, NULL, &r), 0);
	fx_expect(&r, 200, "ok", NULL);
	ck_assert_str_eq(fx_jstr(resp_data(&r), "status"), status);
	ck_assert_ptr_nonnull(fx_jstr(resp_data(&r), "email"));
	if (strcmp(status, "pending") == 0)
		ck_assert_int_gt(fx_jint(resp_data(&r), "expires_in"), 0);
	else
		ck_assert_int_eq(fx_jint(resp_data(&r), "expires_in"), 0);
	fx_post("/api/v1/auth/verify/status", &p,
	    "{\"verification_id\":\"%s\"}",
	    vid);
	fx_expect(&p, 200, "ok", NULL);
	ck_assert_str_eq(fx_jstr(resp_data(&p), "status"), status);
	ck_assert_str_eq(fx_jstr(resp_data(&p), "email"),
	    fx_jstr(resp_data(&r), "email"));
	resp_free(&r);
	resp_free(&p);
}

/* ---------------------------------------------------------------- */
/* verify                                                           */
/* ---------------------------------------------------------------- */

/* register -> 403 at login -> verify by code -> signed in -> login. */
START_TEST(test_code_then_login)
{
	struct fx_account	 a;
	struct resp		 r;
	struct json_object	*u;
	char			 code[16], link[TOKEN_LEN + 1], *text;

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vcode", &a);
	login_status(a.email, PW, "email_not_verified");
	ck_assert_int_eq(login_status(a.email, "wrong password 123", NULL), 401);
	fx_code_and_link(&a, "FCAUTH_TEST_CONFIG_VERIFY", code, link);
	ck_assert_uint_eq(strlen(code), 6);
	expect_status(a.vid, "pending");

	/* the mail itself: headers and the link to this instance */
	ck_assert_int_eq(fx_mail_for(a.email, &text), 1);
	ck_assert_ptr_nonnull(strstr(text, "\nSubject: "));
	ck_assert_ptr_nonnull(strstr(text, "\nDate: "));
	ck_assert_ptr_nonnull(strstr(text, "\nMessage-ID: <"));
	ck_assert_ptr_nonnull(strstr(text, "\nMIME-Version: 1.0\n"));
	ck_assert_ptr_nonnull(strstr(text,
	    "\nContent-Type: text/plain; charset=utf-8\n"));
	ck_assert_ptr_nonnull(strstr(text, "From: "));
	ck_assert_ptr_nonnull(strstr(text, getenv("FCAUTH_TEST_URL_VERIFY")));
	free(text);

	fx_post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    a.vid, code);
	fx_expect(&r, 200, "ok", NULL);
	ck_assert_ptr_nonnull(fx_jstr(resp_data(&r), "access_token"));
	ck_assert_ptr_nonnull(fx_jstr(resp_data(&r), "refresh_token"));
	ck_assert_str_eq(fx_jstr(resp_data(&r), "token_type"), "Bearer");
	u = fx_jget(resp_data(&r), "user");
	ck_assert_str_eq(fx_jstr(u, "email"), a.email);
	ck_assert(json_object_get_boolean(fx_jget(u, "email_verified")));
	ck_assert_str_eq(fx_jstr(u, "status"), "active");
	ck_assert_ptr_nonnull(fx_jstr(u, "last_login_date"));
	ck_assert_ptr_null(strstr(r.body, code));
	resp_free(&r);

	ck_assert_int_eq(login_status(a.email, PW, "ok"), 200);
	expect_status(a.vid, "verified");
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM audit_log "
	    "WHERE user_id = ? AND event = 'verify'", FX_ARGS(DBV_INT(a.id))),
	    1);

	/* used: the code and the link are dead */
	fx_post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    a.vid, code);
	fx_expect(&r, 410, "verification_expired", NULL);
	resp_free(&r);
	fx_post(VERIFY, &r, "{\"token\":\"%s\"}", link);
	fx_expect(&r, 410, "verification_expired", NULL);
	resp_free(&r);
}
END_TEST

/* register -> click the link (GET) -> login. */
START_TEST(test_link_then_login)
{
	struct fx_account	 a;
	struct resp		 r;
	char			 code[16], link[TOKEN_LEN + 1], path[128];

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vlink", &a);
	fx_code_and_link(&a, "FCAUTH_TEST_CONFIG_VERIFY", code, link);
	snprintf(path, sizeof(path), VERIFY "/%s", link);
	ck_assert_int_eq(client_get(path, NULL, &r), 0);
	fx_expect(&r, 200, "ok", NULL);
	ck_assert_str_eq(fx_jstr(resp_data(&r), "status"), "verified");
	ck_assert_str_eq(fx_jstr(resp_data(&r), "email"), a.email);
	/* a followed link signs nobody in */
	ck_assert_ptr_null(fx_jget(resp_data(&r), "access_token"));
	resp_free(&r);
	ck_assert_int_eq(login_status(a.email, PW, "ok"), 200);
	expect_status(a.vid, "verified");

	ck_assert_int_eq(client_get(path, NULL, &r), 0);
	fx_expect(&r, 410, "verification_expired", NULL);
	resp_free(&r);
	/* the code of the same verification is used up too */
	fx_post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    a.vid, code);
	fx_expect(&r, 410, "verification_expired", NULL);
	resp_free(&r);
}
END_TEST

/* POST /verify with the link token signs in. */
START_TEST(test_token_post)
{
	struct fx_account	 a;
	struct resp		 r;
	char			 code[16], link[TOKEN_LEN + 1];

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vtok", &a);
	fx_code_and_link(&a, "FCAUTH_TEST_CONFIG_VERIFY", code, link);
	fx_post(VERIFY, &r, "{\"token\":\"%s\"}", link);
	fx_expect(&r, 200, "ok", NULL);
	ck_assert_ptr_nonnull(fx_jstr(resp_data(&r), "access_token"));
	resp_free(&r);
}
END_TEST

/* A browser asking for text/html gets a page with the same status. */
START_TEST(test_link_html)
{
	static const char *const html[] = {
		"Accept: text/html,application/xhtml+xml,*/*;q=0.8", NULL
	};
	struct fx_account	 a;
	struct resp		 r;
	char			 code[16], link[TOKEN_LEN + 1], path[128];

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vhtml", &a);
	fx_code_and_link(&a, "FCAUTH_TEST_CONFIG_VERIFY", code, link);
	snprintf(path, sizeof(path), VERIFY "/%s", link);
	ck_assert_int_eq(client_request("GET", path, NULL, NULL, html, &r), 0);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(resp_header(&r, "Content-Type"));
	ck_assert_ptr_nonnull(strstr(resp_header(&r, "Content-Type"),
	    "text/html"));
	ck_assert_ptr_nonnull(strstr(r.body, "<!DOCTYPE html>"));
	ck_assert_ptr_nonnull(strstr(r.body, "Email verified"));
	ck_assert_str_eq(resp_header(&r, "Cache-Control"), "no-store");
	resp_free(&r);

	ck_assert_int_eq(client_request("GET", path, NULL, NULL, html, &r), 0);
	ck_assert_int_eq(r.status, 410);
	ck_assert_ptr_nonnull(strstr(r.body, "Link expired"));
	resp_free(&r);

	ck_assert_int_eq(client_request("GET", VERIFY "/"
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, NULL, html,
	    &r), 0);
	ck_assert_int_eq(r.status, 404);
	ck_assert_ptr_nonnull(strstr(r.body, "Invalid link"));
	resp_free(&r);
	/* JSON without the header */
	ck_assert_int_eq(client_get(VERIFY "/nonsense", NULL, &r), 0);
	fx_expect(&r, 404, "not_found", NULL);
	resp_free(&r);
}
END_TEST

/* Wrong codes count down 4, 3, 2, 1, then 410 even for the right one. */
START_TEST(test_wrong_code_locks)
{
	struct fx_account	 a;
	struct resp		 r;
	char			 code[16], bad[16], link[TOKEN_LEN + 1];
	int			 i;

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vlock", &a);
	fx_code_and_link(&a, "FCAUTH_TEST_CONFIG_VERIFY", code, link);
	wrong_code(code, bad);
	for (i = 4; i >= 1; i--) {
		fx_post(VERIFY, &r,
		    "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
		    a.vid, bad);
		fx_expect(&r, 400, "invalid_code", NULL);
		ck_assert_int_eq(fx_jint(resp_data(&r), "attempts_left"), i);
		resp_free(&r);
	}
	fx_post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    a.vid, bad);
	fx_expect(&r, 410, "verification_expired", NULL);
	resp_free(&r);
	fx_post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    a.vid, code);
	fx_expect(&r, 410, "verification_expired", NULL);
	resp_free(&r);
	expect_status(a.vid, "expired");
	login_status(a.email, PW, "email_not_verified");
	ck_assert_int_eq(fx_db_int("SELECT attempts FROM verifications "
	    "WHERE public_id = ?", FX_ARGS(DBV_STR(a.vid))), 5);
}
END_TEST

/* Bad input: 400 validation_failed, unknown id 404. */
START_TEST(test_verify_input)
{
	struct resp	 r;

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	fx_post(VERIFY, &r, "{}");
	fx_expect(&r, 400, "validation_failed", NULL);
	resp_free(&r);
	fx_post(VERIFY, &r,
	    "{\"verification_id\":[\"a\"],\"code\":\"123456\"}");
	fx_expect(&r, 400, "validation_failed", NULL);
	resp_free(&r);
	fx_post(VERIFY, &r, "{\"verification_id\":\"x\",\"code\":\"12a456\"}");
	fx_expect(&r, 400, "validation_failed", NULL);
	resp_free(&r);
	fx_post(VERIFY, &r, "{\"token\":123}");
	fx_expect(&r, 400, "validation_failed", NULL);
	resp_free(&r);
	fx_post(VERIFY, &r,
	    "{\"verification_id\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAA\",\"code\":\"123456\"}");
	fx_expect(&r, 404, "not_found", NULL);
	resp_free(&r);
	fx_post(VERIFY, &r, "{\"token\":\"not-a-token\"}");
	fx_expect(&r, 404, "not_found", NULL);
	resp_free(&r);
	ck_assert_int_eq(client_get(STATUS "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAA", NULL, &r), 0);
	fx_expect(&r, 404, "not_found", NULL);
	resp_free(&r);
	ck_assert_int_eq(client_get("/api/v1/auth/verify/status", NULL, &r), 0);
	fx_expect(&r, 400, "validation_failed", NULL);
	resp_free(&r);
}
END_TEST

/* A code past its configured lifetime (verify2: 2 s) is 410. */
START_TEST(test_expired_code)
{
	struct fx_account	 a;
	struct resp		 r;
	char			 code[16], link[TOKEN_LEN + 1], subject[512], *text;

	fx_use_instance("FCAUTH_TEST_URL_VERIFY2");
	signup("vexp", &a);
	fx_code_and_link(&a, "FCAUTH_TEST_CONFIG_VERIFY2", code, link);
	/* verify2's site name is not ASCII: an RFC 2047 subject */
	ck_assert_int_eq(fx_mail_for(a.email, &text), 1);
	ck_assert_ptr_nonnull(strstr(text, "\nSubject: =?utf-8?B?"));
	mail_subject(text, subject, sizeof(subject));
	ck_assert_str_eq(subject, "Confirm your email address for "
	    "Caf\xc3\xa9 \xc3\x9cn\xc3\xaf" "code \xe2\x80\x94 "
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e test site");
	free(text);
	sleep(3);
	expect_status(a.vid, "expired");
	fx_post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    a.vid, code);
	fx_expect(&r, 410, "verification_expired", NULL);
	resp_free(&r);
	login_status(a.email, PW, "email_not_verified");
}
END_TEST

/* With redirect_url (verify2): 303 with ?status=verified|expired|invalid. */
START_TEST(test_link_redirect)
{
	struct fx_account	 a;
	struct resp		 r;
	char			 code[16], link[TOKEN_LEN + 1], path[128];

	fx_use_instance("FCAUTH_TEST_URL_VERIFY2");
	signup("vredir", &a);
	fx_code_and_link(&a, "FCAUTH_TEST_CONFIG_VERIFY2", code, link);
	snprintf(path, sizeof(path), VERIFY "/%s", link);
	ck_assert_int_eq(client_get(path, NULL, &r), 0);
	ck_assert_int_eq(r.status, 303);
	ck_assert_str_eq(resp_header(&r, "Location"),
	    "https://app.example/verified?status=verified");
	resp_free(&r);
	ck_assert_int_eq(login_status(a.email, PW, "ok"), 200);
	ck_assert_int_eq(client_get(path, NULL, &r), 0);
	ck_assert_int_eq(r.status, 303);
	ck_assert_str_eq(resp_header(&r, "Location"),
	    "https://app.example/verified?status=expired");
	resp_free(&r);
	ck_assert_int_eq(client_get(VERIFY "/bogus", NULL, &r), 0);
	ck_assert_int_eq(r.status, 303);
	ck_assert_str_eq(resp_header(&r, "Location"),
	    "https://app.example/verified?status=invalid");
	resp_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- */
/* resend                                                           */
/* ---------------------------------------------------------------- */

/* Move the cooldown out of the way: the newest row is 2 min older. */
static void
age_verifications(int64_t user_id)
{
	ck_assert_int_ge(fx_db_exec("UPDATE verifications SET "
	    "created_at = created_at - INTERVAL 120 SECOND WHERE user_id = ?",
	    FX_ARGS(DBV_INT(user_id))), 1);
}

/* Resend by id: 429 inside the cooldown; then new code, old one dead. */
START_TEST(test_resend_by_id)
{
	struct fx_account	 a;
	struct resp		 r;
	char			 code[16], link[TOKEN_LEN + 1];
	char			 code2[16], link2[TOKEN_LEN + 1], vid2[TOKEN_LEN + 1];
	long			 wait;

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vresend", &a);
	fx_code_and_link(&a, "FCAUTH_TEST_CONFIG_VERIFY", code, link);

	fx_post(RESEND, &r, "{\"verification_id\":\"%s\"}", a.vid);
	fx_expect(&r, 429, "rate_limited", NULL);
	ck_assert_ptr_nonnull(resp_header(&r, "Retry-After"));
	wait = atol(resp_header(&r, "Retry-After"));
	ck_assert_int_ge(wait, 1);
	ck_assert_int_le(wait, 60);
	resp_free(&r);

	age_verifications(a.id);
	fx_post(RESEND, &r, "{\"verification_id\":\"%s\"}", a.vid);
	fx_expect(&r, 200, "ok", NULL);
	snprintf(vid2, sizeof(vid2), "%s",
	    fx_jstr(resp_data(&r), "verification_id"));
	ck_assert_str_ne(vid2, a.vid);
	ck_assert_int_gt(fx_jint(resp_data(&r), "expires_in"), 0);
	ck_assert_int_eq(fx_jint(resp_data(&r), "resend_after"), 60);
	resp_free(&r);
	fx_code_and_link(&a, "FCAUTH_TEST_CONFIG_VERIFY", code2, link2);
	ck_assert_int_eq(fx_mail_for(a.email, NULL), 2);
	ck_assert_str_ne(link2, link);

	/* the old id, code and link are dead; the new ones work */
	expect_status(a.vid, "expired");
	fx_post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    a.vid, code);
	fx_expect(&r, 410, "verification_expired", NULL);
	resp_free(&r);
	fx_post(VERIFY, &r, "{\"token\":\"%s\"}", link);
	fx_expect(&r, 410, "verification_expired", NULL);
	resp_free(&r);
	expect_status(vid2, "pending");
	fx_post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    vid2, code2);
	fx_expect(&r, 200, "ok", NULL);
	resp_free(&r);
	/* verified: nothing left to resend */
	fx_post(RESEND, &r, "{\"verification_id\":\"%s\"}", vid2);
	fx_expect(&r, 410, "verification_expired", NULL);
	resp_free(&r);
}
END_TEST

/* Resend by email: one answer for every case; mail only when due. */
START_TEST(test_resend_by_email)
{
	struct fx_account	 a;
	struct resp		 r1, r2, r3;
	char			 unknown[CLIENT_EMAIL_MAX], code[16], link[TOKEN_LEN + 1];

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vresmail", &a);
	client_unique_email("vnobody", unknown);
	fx_deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(fx_mail_for(a.email, NULL), 1);

	/* inside the cooldown: 200, no mail */
	fx_post(RESEND, &r1, "{\"email\":\"%s\"}", a.email);
	fx_post(RESEND, &r2, "{\"email\":\"%s\"}", unknown);
	fx_expect(&r1, 200, "ok", NULL);
	ck_assert_str_eq(r1.body, r2.body);
	ck_assert_int_eq(r1.status, r2.status);
	fx_deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(fx_mail_for(a.email, NULL), 1);
	ck_assert_int_eq(fx_mail_for(unknown, NULL), 0);

	/* outside it: the same answer, and a new mail */
	age_verifications(a.id);
	fx_post(RESEND, &r3, "{\"email\":\"%s\"}", a.email);
	ck_assert_str_eq(r3.body, r2.body);
	fx_code_and_link(&a, "FCAUTH_TEST_CONFIG_VERIFY", code, link);
	ck_assert_int_eq(fx_mail_for(a.email, NULL), 2);
	resp_free(&r1);
	resp_free(&r2);
	resp_free(&r3);

	fx_post(RESEND, &r1, "{\"email\":\"not an address\"}");
	fx_expect(&r1, 400, "validation_failed", NULL);
	resp_free(&r1);
	fx_post(RESEND, &r1, "{}");
	fx_expect(&r1, 400, "validation_failed", NULL);
	resp_free(&r1);
}
END_TEST

/*
 * The public id of the newest decoy of "email" into "out" (""): the
 * canonical reply does not show it, a dialect's does (seed002).
 */
static void
decoy_id(const char *email, char out[TOKEN_LEN + 1])
{
	static const char sql[] = "SELECT public_id FROM verifications "
	    "WHERE email = ? AND purpose = 'decoy' AND user_id IS NULL "
	    "ORDER BY id DESC LIMIT 1";
	struct db_val	 arg = DBV_STR(email);
	struct db_col	 col;
	char		 buf[TOKEN_LEN + 1];

	buf[0] = '\0';
	col = DBC_STR(buf);
	ck_assert_int_eq(db_row(fx_db(), sql, &arg, 1, &col, 1), 1);
	ck_assert_uint_eq(strlen(buf), TOKEN_LEN);
	memcpy(out, buf, sizeof(buf));
}

/* The keys of "o", sorted and comma-joined, into "out". */
static void
key_list(struct json_object *o, char *out, size_t outsz)
{
	const char	*keys[16];
	size_t		 n = 0, i, j, o_ = 0;

	ck_assert(json_object_is_type(o, json_type_object));
	json_object_object_foreach(o, k, v) {
		(void)v;
		ck_assert_uint_lt(n, 16);
		keys[n++] = k;
	}
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && strcmp(keys[j - 1], keys[j]) > 0; j--) {
			const char *t = keys[j];

			keys[j] = keys[j - 1];
			keys[j - 1] = t;
		}
	out[0] = '\0';
	for (i = 0; i < n; i++)
		o_ += (size_t)snprintf(out + o_, outsz - o_, "%s%s",
		    i > 0 ? "," : "", keys[i]);
}

/*
 * Seed002's decoy (issue 15): a resend by an unknown or verified
 * address gets a verification id of its own (made, like a pending
 * account's, once per cooldown), which status answers as a pending
 * confirmation and verify as one given a wrong code, try by try, until
 * it is expired: the id tells nobody who is registered.
 */
START_TEST(test_resend_decoy)
{
	struct fx_account	 a, b;
	struct resp		 ra, ru, sa, su;
	char			 unknown[CLIENT_EMAIL_MAX], vid[TOKEN_LEN + 1];
	char			 again[TOKEN_LEN + 1], code[16], bad[16];
	char			 link[TOKEN_LEN + 1], ka[128], ku[128];
	char			 path[256];
	int			 i;

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vdecoy", &a);
	client_unique_email("vdnobody", unknown);
	fx_post(RESEND, &ra, "{\"email\":\"%s\"}", a.email);
	fx_post(RESEND, &ru, "{\"email\":\"%s\"}", unknown);
	fx_expect(&ru, 200, "ok", NULL);
	ck_assert_str_eq(ra.body, ru.body);
	resp_free(&ra);
	resp_free(&ru);
	decoy_id(unknown, vid);
	/* inside the cooldown the same id comes back, as for an account */
	fx_post(RESEND, &ru, "{\"email\":\"%s\"}", unknown);
	resp_free(&ru);
	decoy_id(unknown, again);
	ck_assert_str_eq(again, vid);
	fx_deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(fx_mail_for(unknown, NULL), 0);

	/* status: the keys and expiry of a pending one */
	snprintf(path, sizeof(path), STATUS "%s", a.vid);
	ck_assert_int_eq(client_get(path, NULL, &sa), 0);
	snprintf(path, sizeof(path), STATUS "%s", vid);
	ck_assert_int_eq(client_get(path, NULL, &su), 0);
	fx_expect(&su, 200, "ok", NULL);
	ck_assert_int_eq(sa.status, su.status);
	key_list(resp_data(&sa), ka, sizeof(ka));
	key_list(resp_data(&su), ku, sizeof(ku));
	ck_assert_str_eq(ka, ku);
	ck_assert_str_eq(fx_jstr(resp_data(&su), "status"), "pending");
	ck_assert_str_eq(fx_jstr(resp_data(&su), "email"), unknown);
	ck_assert_int_le(llabs(fx_jint(resp_data(&su), "expires_in") -
	    fx_jint(resp_data(&sa), "expires_in")), 3);
	resp_free(&sa);
	resp_free(&su);
	expect_status(vid, "pending");

	/* verify: wrong code after wrong code, alike, then expired */
	fx_code_and_link(&a, "FCAUTH_TEST_CONFIG_VERIFY", code, link);
	wrong_code(code, bad);
	for (i = 4; i >= 0; i--) {
		fx_post(VERIFY, &ra, "{\"verification_id\":\"%s\","
		    "\"code\":\"%s\"}", a.vid, bad);
		fx_post(VERIFY, &ru, "{\"verification_id\":\"%s\","
		    "\"code\":\"%s\"}", vid, bad);
		fx_expect(&ru, i > 0 ? 400 : 410, i > 0 ? "invalid_code" :
		    "verification_expired", NULL);
		ck_assert_str_eq(ra.body, ru.body);
		ck_assert_int_eq(ra.status, ru.status);
		resp_free(&ra);
		resp_free(&ru);
	}
	/* the right code of a real one proves nothing on a decoy */
	fx_post(VERIFY, &ru, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    vid, code);
	fx_expect(&ru, 410, "verification_expired", NULL);
	resp_free(&ru);
	expect_status(vid, "expired");
	expect_status(a.vid, "expired");

	/* a verified address gets a decoy too */
	signup("vdecoyok", &b);
	fx_verify(&b, "FCAUTH_TEST_CONFIG_VERIFY");
	fx_post(RESEND, &ru, "{\"email\":\"%s\"}", b.email);
	fx_expect(&ru, 200, "ok", NULL);
	resp_free(&ru);
	decoy_id(b.email, vid);
	expect_status(vid, "pending");
	/* one decoy per cooldown, and never an account's */
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM verifications "
	    "WHERE email = ? AND purpose = 'decoy'",
	    FX_ARGS(DBV_STR(unknown))), 1);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM verifications "
	    "WHERE purpose = 'decoy' AND user_id IS NOT NULL", FX_NOARGS), 0);
}
END_TEST

/*
 * Resend by a decoy's id answers as by a pending one's: 429 inside the
 * cooldown, then a new id (a new decoy: no mail), the old one expired.
 */
START_TEST(test_resend_decoy_by_id)
{
	struct fx_account	 a;
	struct resp		 ra, ru;
	char			 unknown[CLIENT_EMAIL_MAX], vid[TOKEN_LEN + 1];
	char			 vid2[TOKEN_LEN + 1], ka[128], ku[128];

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vdecoyid", &a);
	client_unique_email("vdinobody", unknown);
	fx_post(RESEND, &ru, "{\"email\":\"%s\"}", unknown);
	resp_free(&ru);
	decoy_id(unknown, vid);

	fx_post(RESEND, &ra, "{\"verification_id\":\"%s\"}", a.vid);
	fx_post(RESEND, &ru, "{\"verification_id\":\"%s\"}", vid);
	fx_expect(&ru, 429, "rate_limited", NULL);
	ck_assert_int_eq(ra.status, ru.status);
	ck_assert_ptr_nonnull(resp_header(&ru, "Retry-After"));
	resp_free(&ra);
	resp_free(&ru);

	age_verifications(a.id);
	ck_assert_int_eq(fx_db_exec("UPDATE verifications SET "
	    "created_at = created_at - INTERVAL 120 SECOND WHERE email = ? "
	    "AND purpose = 'decoy'", FX_ARGS(DBV_STR(unknown))), 1);
	fx_post(RESEND, &ra, "{\"verification_id\":\"%s\"}", a.vid);
	fx_post(RESEND, &ru, "{\"verification_id\":\"%s\"}", vid);
	fx_expect(&ru, 200, "ok", NULL);
	fx_expect(&ra, 200, "ok", NULL);
	key_list(resp_data(&ra), ka, sizeof(ka));
	key_list(resp_data(&ru), ku, sizeof(ku));
	ck_assert_str_eq(ka, ku);
	ck_assert_int_eq(fx_jint(resp_data(&ra), "expires_in"),
	    fx_jint(resp_data(&ru), "expires_in"));
	snprintf(vid2, sizeof(vid2), "%s",
	    fx_jstr(resp_data(&ru), "verification_id"));
	ck_assert_uint_eq(strlen(vid2), TOKEN_LEN);
	ck_assert_str_ne(vid2, vid);
	resp_free(&ra);
	resp_free(&ru);
	expect_status(vid, "expired");
	expect_status(vid2, "pending");
	decoy_id(unknown, vid);
	ck_assert_str_eq(vid, vid2);
	fx_deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(fx_mail_for(unknown, NULL), 0);
}
END_TEST

/* ---------------------------------------------------------------- */
/* password forgot and reset                                        */
/* ---------------------------------------------------------------- */

/* A verified account with a live session; returns its refresh token. */
static void
verified_account(const char *prefix, struct fx_account *a, char *refresh,
    size_t refreshsz)
{
	size_t	 n;

	signup(prefix, a);
	fx_verify(a, "FCAUTH_TEST_CONFIG_VERIFY");
	n = strlen(a->refresh);
	ck_assert_uint_lt(n, refreshsz);
	memcpy(refresh, a->refresh, n + 1);
}

/* forgot -> mail -> reset: old password fails, new works, sessions end. */
START_TEST(test_forgot_reset)
{
	struct fx_account	 a;
	struct resp		 r;
	char			 refresh[64], tok[TOKEN_LEN + 1], want[512], *text;

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	verified_account("vreset", &a, refresh, sizeof(refresh));
	ck_assert_int_eq(login_status(a.email, PW, "ok"), 200);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM sessions "
	    "WHERE user_id = ? AND revoked_at IS NULL", FX_ARGS(DBV_INT(a.id))),
	    2);

	fx_post(FORGOT, &r, "{\"email\":\"%s\"}", a.email);
	fx_expect(&r, 200, "ok", NULL);
	ck_assert_str_eq(json_object_get_string(fx_jget(r.json, "message")),
	    "If the account exists, we sent a reset link");
	resp_free(&r);
	fx_deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(fx_mail_for(a.email, &text), 2);
	fx_mail_token(text, "#token=", tok);
	/* the link opens the site's reset page; the token is shown too */
	snprintf(want, sizeof(want), "%s/reset.html#token=%s",
	    getenv("FCAUTH_TEST_URL_VERIFY"), tok);
	ck_assert_ptr_nonnull(strstr(text, want));
	snprintf(want, sizeof(want), "\n    %s\n", tok);
	ck_assert_ptr_nonnull(strstr(text, want));
	free(text);

	/* a bad new password leaves the token usable */
	fx_post(RESET, &r, "{\"token\":\"%s\",\"new_password\":\"short\"}",
	    tok);
	fx_expect(&r, 400, "validation_failed", NULL);
	ck_assert_ptr_nonnull(fx_jget(resp_errors(&r), "new_password"));
	resp_free(&r);
	fx_post(RESET, &r, "{\"token\":\"%s\"}", tok);
	fx_expect(&r, 400, "validation_failed", NULL);
	resp_free(&r);

	fx_post(RESET, &r, "{\"token\":\"%s\",\"new_password\":\"" NEW_PW "\"}",
	    tok);
	fx_expect(&r, 200, "ok", NULL);
	ck_assert_ptr_null(strstr(r.body, tok));
	resp_free(&r);

	/*
	 * Every session is revoked.  POST /auth/refresh is not on this
	 * branch (issue 4), so the old refresh token's death is read from
	 * the sessions table.
	 */
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM sessions "
	    "WHERE user_id = ? AND revoked_at IS NULL", FX_ARGS(DBV_INT(a.id))),
	    0);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM sessions "
	    "WHERE user_id = ? AND revoke_reason = 'password_reset'",
	    FX_ARGS(DBV_INT(a.id))), 2);
	ck_assert_int_eq(login_status(a.email, PW, "invalid_credentials"), 401);
	ck_assert_int_eq(login_status(a.email, NEW_PW, "ok"), 200);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM audit_log "
	    "WHERE user_id = ? AND event = 'password_reset'",
	    FX_ARGS(DBV_INT(a.id))), 1);

	/* single use, both forms */
	fx_post(RESET, &r, "{\"token\":\"%s\",\"new_password\":\"" PW "\"}",
	    tok);
	fx_expect(&r, 410, "verification_expired", NULL);
	resp_free(&r);
	snprintf(want, sizeof(want), RESET "/%s", tok);
	fx_post(want, &r, "{\"new_pwd\":\"" PW "\"}");
	fx_expect(&r, 410, "verification_expired", NULL);
	resp_free(&r);
	ck_assert_int_eq(login_status(a.email, NEW_PW, "ok"), 200);

	/* the notice */
	fx_deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(fx_mail_for(a.email, &text), 3);
	ck_assert_ptr_nonnull(strstr(text, "was reset"));
	free(text);
}
END_TEST

/* forgot by username, reset through /password/reset/{token} + new_pwd. */
START_TEST(test_forgot_username_path_form)
{
	struct fx_account	 a;
	struct resp		 r;
	char			 user[CLIENT_USERNAME_MAX], tok[TOKEN_LEN + 1];
	char			 path[128], *text;

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	client_unique_email("vuser", a.email);
	client_unique_username("vu", user);
	fx_post(REGISTER, &r, "{\"email\":\"%s\",\"username\":\"%s\","
	    "\"password\":\"" PW "\"}", a.email, user);
	fx_expect(&r, 201, "ok", NULL);
	resp_free(&r);
	fx_post(FORGOT, &r, "{\"username\":\"%s\"}", user);
	fx_expect(&r, 200, "ok", NULL);
	resp_free(&r);
	fx_deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(fx_mail_for(a.email, &text), 2);
	fx_mail_token(text, "#token=", tok);
	free(text);
	/* a reset token is no verification link */
	fx_post(VERIFY, &r, "{\"token\":\"%s\"}", tok);
	fx_expect(&r, 404, "not_found", NULL);
	resp_free(&r);
	snprintf(path, sizeof(path), RESET "/%s", tok);
	fx_post(path, &r, "{\"new_pwd\":\"" NEW_PW "\"}");
	fx_expect(&r, 200, "ok", NULL);
	resp_free(&r);
	/* the reset link reached the address: the account is confirmed */
	ck_assert_int_eq(login_status(user, NEW_PW, "ok"), 200);
}
END_TEST

/* forgot for an unknown address answers byte for byte as for a known one. */
START_TEST(test_forgot_unknown_identical)
{
	struct fx_account	 a;
	struct resp		 k, u;
	char			 refresh[64], unknown[CLIENT_EMAIL_MAX];
	const char		*hk, *hu;

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	verified_account("vfk", &a, refresh, sizeof(refresh));
	client_unique_email("vfu", unknown);
	fx_post(FORGOT, &k, "{\"email\":\"%s\"}", a.email);
	fx_post(FORGOT, &u, "{\"email\":\"%s\"}", unknown);
	fx_expect(&k, 200, "ok", NULL);
	ck_assert_int_eq(k.status, u.status);
	ck_assert_uint_eq(k.bodylen, u.bodylen);
	ck_assert_mem_eq(k.body, u.body, k.bodylen);
	hk = resp_header(&k, "Content-Type");
	hu = resp_header(&u, "Content-Type");
	ck_assert_str_eq(hk, hu);
	hk = resp_header(&k, "Content-Length");
	hu = resp_header(&u, "Content-Length");
	ck_assert(hk == hu || (hk != NULL && hu != NULL && strcmp(hk, hu) == 0));
	resp_free(&k);
	resp_free(&u);
	fx_deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(fx_mail_for(unknown, NULL), 0);
	ck_assert_int_eq(fx_mail_for(a.email, NULL), 2);
	/* the unknown path's mail row was taken back before the commit */
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM mail_outbox "
	    "WHERE to_addr = ?", FX_ARGS(DBV_STR(unknown))), 0);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM mail_outbox "
	    "WHERE to_addr = ?", FX_ARGS(DBV_STR(a.email))), 2);

	/* a missing or wrongly typed field is still a 400 */
	fx_post(FORGOT, &k, "{}");
	fx_expect(&k, 400, "validation_failed", NULL);
	resp_free(&k);
	fx_post(FORGOT, &k, "{\"email\":[\"%s\",\"x@example.com\"]}", a.email);
	fx_expect(&k, 400, "validation_failed", NULL);
	resp_free(&k);
	fx_post(FORGOT, &k, "{\"username\":5}");
	fx_expect(&k, 400, "validation_failed", NULL);
	resp_free(&k);
}
END_TEST

START_TEST(test_reset_unknown_token)
{
	struct resp	 r;

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	fx_post(RESET, &r,
	    "{\"token\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\","
	    "\"new_password\":\"" NEW_PW "\"}");
	fx_expect(&r, 404, "not_found", NULL);
	resp_free(&r);
	fx_post(RESET "/short", &r, "{\"new_password\":\"" NEW_PW "\"}");
	fx_expect(&r, 404, "not_found", NULL);
	resp_free(&r);
	fx_post(RESET, &r, "{\"new_password\":\"" NEW_PW "\"}");
	fx_expect(&r, 400, "validation_failed", NULL);
	resp_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- */
/* email change (rows made as PATCH /profile/email will make them)    */
/* ---------------------------------------------------------------- */

START_TEST(test_email_change)
{
	struct fx_account	 a, b;
	struct verif_secrets	 sec;
	struct resp		 r;
	char			 refresh[64], fresh[CLIENT_EMAIL_MAX];

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	verified_account("vchg", &a, refresh, sizeof(refresh));
	verified_account("vchgb", &b, refresh, sizeof(refresh));

	/* to an address another account has: 409 */
	ck_assert_int_eq(verif_create(fx_db(), a.id, VERIF_EMAIL_CHANGE,
	    b.email, 6, 600, &sec), 1);
	fx_post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    sec.public_id, sec.code);
	fx_expect(&r, 409, "email_taken", NULL);
	resp_free(&r);

	client_unique_email("vchgnew", fresh);
	ck_assert_int_eq(verif_create(fx_db(), a.id, VERIF_EMAIL_CHANGE,
	    fresh, 6, 600, &sec), 1);
	fx_post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    sec.public_id, sec.code);
	fx_expect(&r, 200, "ok", NULL);
	ck_assert_str_eq(fx_jstr(fx_jget(resp_data(&r), "user"), "email"),
	    fresh);
	ck_assert_ptr_null(fx_jget(resp_data(&r), "access_token"));
	resp_free(&r);
	ck_assert_int_eq(login_status(fresh, PW, "ok"), 200);
	ck_assert_int_eq(login_status(a.email, PW, "invalid_credentials"), 401);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM audit_log "
	    "WHERE user_id = ? AND event = 'email_change'",
	    FX_ARGS(DBV_INT(a.id))), 1);
}
END_TEST

/* ---------------------------------------------------------------- */
/* what ends open verifications (hardening, findings 1, 3 and 6)    */
/* ---------------------------------------------------------------- */

#define PROFILE_EMAIL	"/api/v1/profile/email"
#define PROFILE_PW	"/api/v1/profile/password"

/* Log "a" in with "pw": its access token into "access" (1024 bytes). */
static void
access_token(const char *email, const char *pw, char *access)
{
	struct resp	 r;

	fx_post(LOGIN, &r, "{\"login\":\"%s\",\"password\":\"%s\"}", email, pw);
	fx_expect(&r, 200, "ok", NULL);
	snprintf(access, 1024, "%s", fx_jstr(resp_data(&r), "access_token"));
	resp_free(&r);
}

/*
 * Start an email change of "a" (signed in with "access") to a fresh
 * address "to": its verification id and the code mailed there.
 */
static void
email_change_start(const char *access, char *to, char *vid, char *code)
{
	struct resp	 r;
	char		 body[512], *text;

	client_unique_email("vmove", to);
	snprintf(body, sizeof(body), "{\"new_email\":\"%s\",\"password\":"
	    "\"" PW "\"}", to);
	fx_call("POST", PROFILE_EMAIL, access, NULL, body, &r);
	fx_expect(&r, 200, "ok", NULL);
	snprintf(vid, TOKEN_LEN + 1, "%s", fx_jstr(resp_data(&r),
	    "verification_id"));
	resp_free(&r);
	fx_deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(fx_mail_for(to, &text), 1);
	fx_mail_code(text, code, 16);
	free(text);
}

/* Ask for a password reset of "email": the token of the newest mail. */
static void
reset_token(const char *email, char *tok)
{
	struct resp	 r;
	char		*text;

	fx_post(FORGOT, &r, "{\"email\":\"%s\"}", email);
	fx_expect(&r, 200, "ok", NULL);
	resp_free(&r);
	fx_deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_ge(fx_mail_for(email, &text), 1);
	fx_mail_token(text, "token=", tok);
	free(text);
}

/* Verify "vid" with "code": the status, asserted with "code_name". */
static long
verify_code(const char *vid, const char *code, const char *code_name)
{
	return fx_post_code(VERIFY, code_name, "{\"verification_id\":\"%s\","
	    "\"code\":\"%s\"}", vid, code);
}

/* Reset with "tok" to NEW_PW: the status, asserted with "code_name". */
static long
reset_with(const char *tok, const char *code_name)
{
	return fx_post_code(RESET, code_name, "{\"token\":\"%s\","
	    "\"new_password\":\"" NEW_PW "\"}", tok);
}

/* Run fcauthctl with the verify instance's configuration: exit status. */
static int
ctl_run(const char *a1, const char *a2, const char *a3)
{
	char	 args[512];

	snprintf(args, sizeof(args), "'%s' '%s' '%s'", a1, a2, a3);
	return fx_ctl(NULL, args, NULL, NULL, 0, NULL, 0);
}

/*
 * Finding 1: an email change started by someone who once knew the
 * password dies with the owner's password reset; it cannot take the
 * address afterwards.
 */
START_TEST(test_email_change_dies_with_reset)
{
	struct fx_account	 a;
	char			 refresh[64], access[1024], to[CLIENT_EMAIL_MAX];
	char			 vid[TOKEN_LEN + 1], code[16], tok[TOKEN_LEN + 1];

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	verified_account("vtake", &a, refresh, sizeof(refresh));
	access_token(a.email, PW, access);
	email_change_start(access, to, vid, code);
	reset_token(a.email, tok);
	ck_assert_int_eq(reset_with(tok, "ok"), 200);
	ck_assert_int_eq(verify_code(vid, code, "verification_expired"), 410);
	ck_assert_int_eq(login_status(a.email, NEW_PW, "ok"), 200);
	ck_assert_int_eq(login_status(to, NEW_PW, "invalid_credentials"), 401);
}
END_TEST

/*
 * Finding 1: a password change, "log out everywhere", a new email
 * change and a disable each end the open email change, and a new
 * email change ends an open reset.
 */
START_TEST(test_open_verifications_retired)
{
	struct fx_account	 a;
	struct resp		 r;
	char			 refresh[64], access[1024], to[CLIENT_EMAIL_MAX];
	char			 vid[TOKEN_LEN + 1], code[16], tok[TOKEN_LEN + 1];
	char			 vid2[TOKEN_LEN + 1], code2[16], body[256];

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	verified_account("vretire", &a, refresh, sizeof(refresh));
	access_token(a.email, PW, access);

	/* password change */
	email_change_start(access, to, vid, code);
	fx_call("POST", PROFILE_PW, access, NULL,
	    "{\"current_password\":\"" PW "\","
	    "\"new_password\":\"" NEW_PW "\"}", &r);
	fx_expect(&r, 200, "ok", NULL);
	resp_free(&r);
	ck_assert_int_eq(verify_code(vid, code, "verification_expired"), 410);
	fx_call("POST", PROFILE_PW, access, NULL,
	    "{\"current_password\":\"" NEW_PW
	    "\",\"new_password\":\"" PW "\"}", &r);
	fx_expect(&r, 200, "ok", NULL);
	resp_free(&r);

	/* log out everywhere */
	email_change_start(access, to, vid, code);
	snprintf(body, sizeof(body), "{\"all\":true,\"refresh_token\":\"%s\"}",
	    refresh);
	fx_call("POST", "/api/v1/auth/logout", access, NULL, body, &r);
	fx_expect(&r, 200, "ok", NULL);
	resp_free(&r);
	ck_assert_int_eq(verify_code(vid, code, "verification_expired"), 410);
	access_token(a.email, PW, access);

	/* a second email change ends the first, and an open reset */
	email_change_start(access, to, vid, code);
	reset_token(a.email, tok);
	email_change_start(access, to, vid2, code2);
	ck_assert_int_eq(verify_code(vid, code, "verification_expired"), 410);
	ck_assert_int_eq(reset_with(tok, "verification_expired"), 410);

	/* a disable (and enable again) ends the open email change */
	ck_assert_int_eq(ctl_run("user", "disable", a.email), 0);
	ck_assert_int_eq(ctl_run("user", "enable", a.email), 0);
	ck_assert_int_eq(verify_code(vid2, code2, "verification_expired"),
	    410);
}
END_TEST

/*
 * Finding 1: resend revives nothing: not a replaced id, not an expired
 * one, not a confirmation of an account that is no longer pending; a
 * confirmation code signs in only a pending account.
 */
START_TEST(test_resend_revives_nothing)
{
	struct fx_account	 a;
	struct verif_secrets	 sec;
	struct resp		 r;
	char			 code[16], link[TOKEN_LEN + 1];
	char			 vid2[TOKEN_LEN + 1];
	struct db_val		 arg;

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vrevive", &a);
	fx_code_and_link(&a, "FCAUTH_TEST_CONFIG_VERIFY", code, link);
	age_verifications(a.id);
	fx_post(RESEND, &r, "{\"verification_id\":\"%s\"}", a.vid);
	fx_expect(&r, 200, "ok", NULL);
	snprintf(vid2, sizeof(vid2), "%s",
	    fx_jstr(resp_data(&r), "verification_id"));
	resp_free(&r);
	age_verifications(a.id);
	/* the first id was replaced: no resend through it */
	fx_post(RESEND, &r, "{\"verification_id\":\"%s\"}", a.vid);
	fx_expect(&r, 410, "verification_expired", NULL);
	resp_free(&r);
	/* past its expiry: none either */
	arg = DBV_STR(vid2);
	ck_assert_int_eq(db_exec(fx_db(), "UPDATE verifications SET expires_at "
	    "= UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE public_id = ?",
	    &arg, 1), 1);
	fx_post(RESEND, &r, "{\"verification_id\":\"%s\"}", vid2);
	fx_expect(&r, 410, "verification_expired", NULL);
	resp_free(&r);
	ck_assert_int_eq(login_status(a.email, PW, "email_not_verified"), 403);

	/* once the account is active, a confirmation neither resends ... */
	fx_post(RESEND, &r, "{\"email\":\"%s\"}", a.email);
	fx_expect(&r, 200, "ok", NULL);
	resp_free(&r);
	fx_code_and_link(&a, "FCAUTH_TEST_CONFIG_VERIFY", code, link);
	fx_post(VERIFY, &r, "{\"token\":\"%s\"}", link);
	fx_expect(&r, 200, "ok", NULL);
	resp_free(&r);
	ck_assert_int_eq(verif_create(fx_db(), a.id, VERIF_CONFIRM, a.email, 6,
	    600, &sec), 1);
	age_verifications(a.id);
	fx_post(RESEND, &r, "{\"verification_id\":\"%s\"}", sec.public_id);
	fx_expect(&r, 410, "verification_expired", NULL);
	resp_free(&r);
	/* ... nor signs in without the password */
	fx_post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    sec.public_id, sec.code);
	ck_assert_ptr_null(fx_jget(resp_data(&r), "access_token"));
	fx_expect(&r, 410, "verification_expired", NULL);
	resp_free(&r);
}
END_TEST

/*
 * Finding 3: a reset token dies with an email change and a password
 * change; a disabled account cannot be reset; a token works only for
 * the address it was mailed to.
 */
START_TEST(test_reset_token_retired)
{
	struct fx_account	 a;
	struct verif_secrets	 sec;
	char			 refresh[64], access[1024], to[CLIENT_EMAIL_MAX];
	char			 vid[TOKEN_LEN + 1], code[16], tok[TOKEN_LEN + 1];
	struct resp		 r;

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	verified_account("vrtok", &a, refresh, sizeof(refresh));
	access_token(a.email, PW, access);

	/* mailed to the old address, then the address changes */
	reset_token(a.email, tok);
	email_change_start(access, to, vid, code);
	ck_assert_int_eq(verify_code(vid, code, "ok"), 200);
	ck_assert_int_eq(reset_with(tok, "verification_expired"), 410);
	snprintf(a.email, sizeof(a.email), "%s", to);

	/* issued before a password change */
	reset_token(a.email, tok);
	fx_call("POST", PROFILE_PW, access, NULL,
	    "{\"current_password\":\"" PW "\","
	    "\"new_password\":\"" NEW_PW "\"}", &r);
	fx_expect(&r, 200, "ok", NULL);
	resp_free(&r);
	ck_assert_int_eq(reset_with(tok, "verification_expired"), 410);

	/* issued before fcauthctl user disable */
	reset_token(a.email, tok);
	ck_assert_int_eq(ctl_run("user", "disable", a.email), 0);
	ck_assert_int_eq(reset_with(tok, "verification_expired"), 410);
	/* and a disabled account is refused even a token made afterwards */
	ck_assert_int_eq(verif_create(fx_db(), a.id, VERIF_RESET, a.email, 0,
	    600, &sec), 1);
	ck_assert_int_eq(reset_with(sec.link, "account_disabled"), 403);
	ck_assert_int_eq(ctl_run("user", "enable", a.email), 0);
	ck_assert_int_eq(login_status(a.email, NEW_PW, "ok"), 200);

	/* a token for another address than the account's */
	ck_assert_int_eq(verif_create(fx_db(), a.id, VERIF_RESET,
	    "someone-else@example.com", 0, 600, &sec), 1);
	ck_assert_int_eq(reset_with(sec.link, "verification_expired"), 410);
	ck_assert_int_eq(login_status(a.email, NEW_PW, "ok"), 200);
}
END_TEST

/*
 * Finding 6: wrong codes are capped per account across all codes of a
 * purpose ([verification] code_account_max, 20 a day by default), so
 * resends do not give a guesser fresh tries without end.
 */
START_TEST(test_code_guesses_capped)
{
	struct fx_account	 a;
	struct resp		 r;
	char			 code[16], link[TOKEN_LEN + 1], bad[16];
	const char		*vid = NULL;
	char			 cur[TOKEN_LEN + 1];
	int			 i, n = 0;

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vguess", &a);
	snprintf(cur, sizeof(cur), "%s", a.vid);
	fx_code_and_link(&a, "FCAUTH_TEST_CONFIG_VERIFY", code, link);
	for (i = 0; i < 4; i++) {
		for (; n < 5 * (i + 1); n++) {
			wrong_code(code, bad);
			fx_post(VERIFY, &r, "{\"verification_id\":\"%s\","
			    "\"code\":\"%s\"}", cur, bad);
			ck_assert_msg(r.status == 400 || r.status == 410,
			    "wrong code %d: %ld %s", n, r.status, r.body);
			resp_free(&r);
		}
		age_verifications(a.id);
		fx_post(RESEND, &r, "{\"verification_id\":\"%s\"}", cur);
		fx_expect(&r, 200, "ok", NULL);
		vid = fx_jstr(resp_data(&r), "verification_id");
		snprintf(cur, sizeof(cur), "%s", vid);
		resp_free(&r);
		fx_code_and_link(&a, "FCAUTH_TEST_CONFIG_VERIFY", code, link);
	}
	/* 20 wrong codes: even the right one is refused now, for a while */
	fx_post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}", cur,
	    code);
	fx_expect(&r, 429, "rate_limited", NULL);
	ck_assert_ptr_nonnull(resp_header(&r, "Retry-After"));
	ck_assert_int_gt(atol(resp_header(&r, "Retry-After")), 3600);
	resp_free(&r);
	/* the link (256 bits, nothing to guess) still confirms */
	fx_post(VERIFY, &r, "{\"token\":\"%s\"}", link);
	fx_expect(&r, 200, "ok", NULL);
	resp_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- */
/* delivery                                                         */
/* ---------------------------------------------------------------- */

/* A configuration: the verify instance's with another sendmail. */
static void
write_config(const char *path, const char *sendmail)
{
	FILE	*f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fprintf(f, "include = %s\n[mail]\nsendmail = %s\nretry_base = 1\n",
	    fx_env("FCAUTH_TEST_CONFIG_VERIFY"), sendmail);
	ck_assert_int_eq(fclose(f), 0);
}

/*
 * The command fails: registration still 201, the mail stays queued
 * with its attempts counted; after the fix one run delivers it once.
 */
START_TEST(test_sendmail_fails)
{
	struct fx_account	 a;
	char			 cfg1[] = "/tmp/fcauth-mailfail-XXXXXX";
	char			 cfg2[] = "/tmp/fcauth-mailfail-XXXXXX";
	char			 bad[4096];
	int			 fd;

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	ck_assert_int_ne(fd = mkstemp(cfg1), -1);
	close(fd);
	ck_assert_int_ne(fd = mkstemp(cfg2), -1);
	close(fd);
	write_config(cfg1, "/bin/false");
	/* the delivery script itself, with a directory it cannot write */
	snprintf(bad, sizeof(bad), "%s/scripts/mail-to-dir "
	    "/nonexistent/fcauth-mail -t -i", getenv("FCAUTH_SRCDIR") != NULL ?
	    getenv("FCAUTH_SRCDIR") : ".");
	write_config(cfg2, bad);

	signup("vfail", &a);
	ck_assert_int_eq(fx_ctl(cfg1, "mail-worker --once", NULL, NULL, 0, NULL,
	    0), 0);
	ck_assert_int_eq(fx_mail_for(a.email, NULL), 0);
	ck_assert_int_eq(fx_db_int("SELECT attempts FROM mail_outbox "
	    "WHERE to_addr = ? AND status = 'queued'",
	    FX_ARGS(DBV_STR(a.email))), 1);

	sleep(2);	/* retry_base = 1: due again */
	ck_assert_int_eq(fx_ctl(cfg2, "mail-worker --once", NULL, NULL, 0, NULL,
	    0), 0);
	ck_assert_int_eq(fx_mail_for(a.email, NULL), 0);
	ck_assert_int_eq(fx_db_int("SELECT attempts FROM mail_outbox "
	    "WHERE to_addr = ? AND status = 'queued'",
	    FX_ARGS(DBV_STR(a.email))), 2);
	ck_assert_int_eq(fx_db_int("SELECT last_error IS NOT NULL FROM "
	    "mail_outbox WHERE to_addr = ?", FX_ARGS(DBV_STR(a.email))), 1);

	/* fixed: the next due run delivers it, exactly once */
	sleep(3);
	fx_deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(fx_mail_for(a.email, NULL), 1);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM mail_outbox "
	    "WHERE to_addr = ? AND status = 'sent' AND sent_at IS NOT NULL",
	    FX_ARGS(DBV_STR(a.email))), 1);
	fx_deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(fx_mail_for(a.email, NULL), 1);
	unlink(cfg1);
	unlink(cfg2);
}
END_TEST

/* Three workers at once on a full queue: every message goes out once. */
START_TEST(test_workers_race)
{
	struct fx_account	 a[12];
	const char		*ctl = fx_env("FCAUTH_TEST_CTL");
	const char		*cfg = fx_env("FCAUTH_TEST_ADMIN_CONFIG");
	pid_t			 pids[3];
	int			 i, status;

	fx_use_instance("FCAUTH_TEST_URL_VERIFY");
	for (i = 0; i < 12; i++)
		signup("vrace", &a[i]);
	for (i = 0; i < 3; i++) {
		pids[i] = fork();
		ck_assert_int_ne(pids[i], -1);
		if (pids[i] == 0) {
			execl(ctl, ctl, "--config", cfg, "mail-worker",
			    "--once", (char *)NULL);
			_exit(127);
		}
	}
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(waitpid(pids[i], &status, 0), pids[i]);
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	for (i = 0; i < 12; i++) {
		ck_assert_int_eq(fx_mail_for(a[i].email, NULL), 1);
		ck_assert_int_eq(fx_db_int("SELECT attempts FROM mail_outbox "
		    "WHERE to_addr = ? AND status = 'sent'",
		    FX_ARGS(DBV_STR(a[i].email))), 1);
	}
}
END_TEST

/* ---------------------------------------------------------------- */

static Suite *
verification_suite(void)
{
	Suite	*s = suite_create("verification");
	TCase	*t;

	t = fx_tcase(s, "verify");
	tcase_add_test(t, test_code_then_login);
	tcase_add_test(t, test_link_then_login);
	tcase_add_test(t, test_token_post);
	tcase_add_test(t, test_link_html);
	tcase_add_test(t, test_wrong_code_locks);
	tcase_add_test(t, test_verify_input);
	tcase_add_test(t, test_expired_code);
	tcase_add_test(t, test_link_redirect);
	tcase_add_test(t, test_email_change);

	t = fx_tcase(s, "resend");
	tcase_add_test(t, test_resend_by_id);
	tcase_add_test(t, test_resend_by_email);
	tcase_add_test(t, test_resend_decoy);
	tcase_add_test(t, test_resend_decoy_by_id);

	t = fx_tcase(s, "password");
	tcase_add_test(t, test_forgot_reset);
	tcase_add_test(t, test_forgot_username_path_form);
	tcase_add_test(t, test_forgot_unknown_identical);
	tcase_add_test(t, test_reset_unknown_token);

	t = fx_tcase(s, "retire");
	tcase_add_test(t, test_email_change_dies_with_reset);
	tcase_add_test(t, test_open_verifications_retired);
	tcase_add_test(t, test_resend_revives_nothing);
	tcase_add_test(t, test_reset_token_retired);
	tcase_add_test(t, test_code_guesses_capped);

	t = fx_tcase(s, "delivery");
	tcase_add_test(t, test_sendmail_fails);
	tcase_add_test(t, test_workers_race);
	return s;
}

int
main(void)
{
	const char	*url = getenv("FCAUTH_TEST_URL_VERIFY");

	if (url == NULL || *url == '\0') {
		printf("FCAUTH_TEST_URL_VERIFY not set: skipping\n");
		return CLIENT_EXIT_SKIP;
	}
	setenv("FCAUTH_TEST_URL", url, 1);
	fx_init("check_verification");
	return fx_run(srunner_create(verification_suite()));
}
