/*
 * check_sessions: sessions and tokens through the real web server,
 * against API.md's auth.fcgi section and issue 4: refresh rotation and
 * reuse detection, concurrent refresh, logout (one, all, idempotent),
 * the session list and deleting a session, the bearer guard (revoked
 * session, disabled account, last_request_date), key rotation (a token
 * of the previous kid verifies, an unknown kid does not), EdDSA checked
 * with openssl against jwks.json, the JWT negative cases (alg none, alg
 * confusion, another iss), cookie mode, CORS and fcauthctl purge.
 *
 * Environment (scripts/test sets all of it): FCAUTH_TEST_URL (unset =
 * skip), FCAUTH_TEST_CONFIG (the main configuration: its [keys] sign
 * our own tokens), FCAUTH_TEST_ADMIN_CONFIG (the schema owner's
 * configuration: the mariadb client and fcauthctl purge use it),
 * FCAUTH_TEST_URL_EDDSA and FCAUTH_TEST_URL_COOKIE (the instances with
 * algorithm = EdDSA and cookie_mode = yes).  Needs the mariadb and
 * openssl command-line tools.
 *
 * Every test makes its own accounts, so the suite can run again
 * against the same database.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <json-c/json.h>
#include <sodium.h>

#include "client.h"
#include "config.h"
#include "db.h"
#include "fixture.h"

#define REGISTER	"/api/v1/auth/register"
#define LOGIN		"/api/v1/auth/login"
#define REFRESH		"/api/v1/auth/refresh"
#define LOGOUT		"/api/v1/auth/logout"
#define SESSIONS	"/api/v1/auth/sessions"
#define JWKS		"/api/v1/auth/jwks.json"

#define PW		"Tr0ub4dor & 3 horses!"
#define ACCESS_TTL	900
#define REFRESH_TTL	86400
#define NRACERS		8	/* parallel refreshes with one token */
#define ALLOWED_ORIGIN	"https://app.example"	/* scripts/test */

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* Well-formed but never issued; and 43 characters, one not base64url. */
#define UNKNOWN_RT	"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
#define BAD_RT		"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA!"

/* One signed-in session of an account. */
struct sess {
	char		 access[2048];
	char		 refresh[128];
	long long	 sid;
	long long	 uid;
	char		 email[CLIENT_EMAIL_MAX];
};

/* ---------------------------------------------------------------- */
/* JSON, base64url and configuration helpers                        */
/* ---------------------------------------------------------------- */

static void
b64url(const unsigned char *in, size_t len, char *out, size_t outsz)
{
	sodium_bin2base64(out, outsz, in, len,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* Decode base64url (with or without padding); the length or -1. */
static long
unb64url(const char *in, size_t len, unsigned char *out, size_t outsz)
{
	size_t	 n = 0;

	if (sodium_base642bin(out, outsz, in, len, NULL, &n, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0)
		return (long)n;
	if (sodium_base642bin(out, outsz, in, len, NULL, &n, NULL,
	    sodium_base64_VARIANT_URLSAFE) == 0)
		return (long)n;
	return -1;
}

/* The decoded signing key "kid" of the main configuration. */
static size_t
conf_key(const char *kid, unsigned char *key, size_t keysz)
{
	size_t	 n = fx_config_key("FCAUTH_TEST_CONFIG", kid, key, keysz);

	ck_assert_msg(n >= 32, "key %s is not 32+ bytes in FCAUTH_TEST_CONFIG",
	    kid);
	return n;
}

static void
eddsa_setup(void)
{
	fx_use_instance("FCAUTH_TEST_URL_EDDSA");
}

static void
cookie_setup(void)
{
	fx_use_instance("FCAUTH_TEST_URL_COOKIE");
}

/* ---------------------------------------------------------------- */
/* HTTP helpers                                                     */
/* ---------------------------------------------------------------- */

/* Fill "s" from a login payload. */
static void
sess_from(struct sess *s, const struct resp *r, const char *email)
{
	struct json_object	*d = resp_data(r), *c;
	const char		*a = fx_jstr(d, "access_token");
	const char		*rt = fx_jstr(d, "refresh_token");
	char			 e[CLIENT_EMAIL_MAX];

	snprintf(e, sizeof(e), "%s", email);
	memset(s, 0, sizeof(*s));
	snprintf(s->email, sizeof(s->email), "%s", e);
	ck_assert_msg(a != NULL && rt != NULL, "no tokens in %s", r->body);
	snprintf(s->access, sizeof(s->access), "%s", a);
	snprintf(s->refresh, sizeof(s->refresh), "%s", rt);
	c = fx_jwt_claims(a);
	s->sid = fx_jnum(c, "sid");
	s->uid = fx_jnum(c, "sub");
	json_object_put(c);
	ck_assert_msg(s->sid > 0 && s->uid > 0, "no sid/sub in the token");
}

/* A new account (verification is off on the test server), signed in. */
static void
account_new(struct sess *s, const char *prefix)
{
	struct fx_account	 a;
	struct resp		 r;

	fx_register(&a, prefix, PW, 0, &r);
	sess_from(s, &r, a.email);
	resp_free(&r);
}

/* Another session of the account of "s" into "out" (login). */
static void
login_again(const struct sess *s, struct sess *out, int remember)
{
	char		 body[512];
	struct resp	 r;

	memset(out, 0, sizeof(*out));
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\""
	    "%s}", s->email, PW, remember ? ",\"remember\":true" : "");
	fx_call("POST", LOGIN, NULL, NULL, body, &r);
	fx_expect(&r, 200, "ok", "login");
	sess_from(out, &r, s->email);
	resp_free(&r);
}

/* POST /refresh with "token" in the body. */
static void
refresh(const char *token, struct resp *r)
{
	char	 body[512];

	snprintf(body, sizeof(body), "{\"refresh_token\":\"%s\"}", token);
	fx_call("POST", REFRESH, NULL, NULL, body, r);
}

/* GET /sessions with "bearer": the status and code must be as given. */
static void
expect_bearer(const char *bearer, long status, const char *code,
    const char *what)
{
	struct resp	 r;

	fx_call("GET", SESSIONS, bearer, NULL, NULL, &r);
	fx_expect(&r, status, code, what);
	resp_free(&r);
}

/* ---------------------------------------------------------------- */
/* Refresh                                                          */
/* ---------------------------------------------------------------- */

/*
 * A refresh answers the login payload with new tokens; the old refresh
 * token then fails with token_reused and takes the new ones down too.
 */
START_TEST(test_refresh_rotates)
{
	struct sess		 a, b;
	struct resp		 r;
	struct json_object	*d, *u;
	int64_t			 n;

	account_new(&a, "rot");
	refresh(a.refresh, &r);
	fx_expect(&r, 200, "ok", "refresh");
	d = resp_data(&r);
	ck_assert_str_eq(fx_jstr(d, "token_type"), "Bearer");
	ck_assert_int_eq(fx_jnum(d, "expires_in"), ACCESS_TTL);
	n = fx_jnum(d, "refresh_expires_in");
	ck_assert_msg(n > REFRESH_TTL - 60 && n <= REFRESH_TTL,
	    "refresh_expires_in %lld", (long long)n);
	u = fx_jget(d, "user");
	ck_assert_msg(u != NULL && fx_jstr(u, "email") != NULL &&
	    strcmp(fx_jstr(u, "email"), a.email) == 0, "user object: %s",
	    r.body);
	ck_assert_msg(fx_jget(u, "password_hash") == NULL, "hash leaked");
	sess_from(&b, &r, a.email);
	resp_free(&r);
	ck_assert_str_ne(a.refresh, b.refresh);
	ck_assert_str_ne(a.access, b.access);
	ck_assert_int_eq(a.sid, b.sid);		/* same session, rotated */

	/* the new tokens work, and so does the old access token */
	expect_bearer(b.access, 200, "ok", "new access token");
	expect_bearer(a.access, 200, "ok", "old access token, same session");

	/* the retired token comes back: reuse, the family dies */
	refresh(a.refresh, &r);
	fx_expect(&r, 401, "token_reused", "retired refresh token");
	resp_free(&r);
	refresh(b.refresh, &r);
	fx_expect(&r, 401, "token_invalid", "refresh after reuse");
	resp_free(&r);
	expect_bearer(b.access, 401, "token_invalid", "access after reuse");
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM audit_log WHERE "
	    "user_id = ? AND event = 'refresh_reused'",
	    FX_ARGS(DBV_INT(a.uid))), 1);
	ck_assert_int_eq(fx_db_int("SELECT revoke_reason = 'reused' FROM "
	    "sessions WHERE id = ?", FX_ARGS(DBV_INT(a.sid))), 1);
}
END_TEST

/* A chain of rotations: each token works exactly once. */
START_TEST(test_refresh_chain)
{
	struct sess	 a, b;
	struct resp	 r;
	int		 i;

	account_new(&a, "chain");
	for (i = 0; i < 4; i++) {
		refresh(a.refresh, &r);
		fx_expect(&r, 200, "ok", "refresh in a chain");
		sess_from(&b, &r, a.email);
		resp_free(&r);
		a = b;
	}
	expect_bearer(a.access, 200, "ok", "end of the chain");
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM session_retired "
	    "WHERE session_id = ?", FX_ARGS(DBV_INT(a.sid))), 4);
}
END_TEST

/* Token problems, each with its code. */
START_TEST(test_refresh_refused)
{
	static const struct {
		const char	*body;
		long		 status;
		const char	*code;
	} cases[] = {
		{ "{}", 401, "token_missing" },
		{ "{\"refresh_token\":\"\"}", 401, "token_missing" },
		{ "{\"refresh_token\":\"abc\"}", 401, "token_invalid" },
		{ "{\"refresh_token\":\"" UNKNOWN_RT "\"}", 401,
		    "token_invalid" },
		{ "{\"refresh_token\":\"" BAD_RT "\"}", 401,
		    "token_invalid" },
		{ "{\"refresh_token\":[\"x\"]}", 400, "validation_failed" },
		{ "{\"refresh_token\":42}", 400, "validation_failed" },
	};
	struct resp	 r;
	size_t		 i;

	for (i = 0; i < NELEM(cases); i++) {
		fx_call("POST", REFRESH, NULL, NULL, cases[i].body, &r);
		fx_expect(&r, cases[i].status, cases[i].code, cases[i].body);
		resp_free(&r);
	}
	fx_call("GET", REFRESH, NULL, NULL, NULL, &r);
	fx_expect(&r, 401, "token_missing", "GET without a cookie");
	ck_assert_ptr_null(resp_header(&r, "Set-Cookie"));
	resp_free(&r);
}
END_TEST

/* A form body works like JSON. */
START_TEST(test_refresh_form)
{
	struct sess	 a;
	struct resp	 r;
	char		 body[256];

	account_new(&a, "form");
	snprintf(body, sizeof(body), "refresh_token=%s", a.refresh);
	ck_assert_int_eq(client_post_form(REFRESH, body, &r), 0);
	fx_expect(&r, 200, "ok", "refresh by form");
	resp_free(&r);
}
END_TEST

/*
 * Idle expiry passed: token_expired, for refresh and for the access
 * tokens of that session.  Absolute expiry caps the idle one.
 */
START_TEST(test_refresh_expired)
{
	struct sess	 a, b;
	struct resp	 r;
	int64_t		 n;

	account_new(&a, "exp");
	fx_db_exec("UPDATE sessions SET expires_at = UTC_TIMESTAMP() - "
	    "INTERVAL 1 SECOND WHERE id = ?",
	    FX_ARGS(DBV_INT((long long)a.sid)));
	refresh(a.refresh, &r);
	fx_expect(&r, 401, "token_expired", "idle-expired session");
	resp_free(&r);
	expect_bearer(a.access, 401, "token_expired",
	    "access token of an expired session");

	account_new(&b, "abs");
	fx_db_exec("UPDATE sessions SET absolute_expires_at = "
	    "UTC_TIMESTAMP() + INTERVAL 100 SECOND WHERE id = ?",
	    FX_ARGS(DBV_INT((long long)b.sid)));
	refresh(b.refresh, &r);
	fx_expect(&r, 200, "ok", "refresh near the absolute expiry");
	n = fx_jnum(resp_data(&r), "refresh_expires_in");
	ck_assert_msg(n > 0 && n <= 100, "refresh_expires_in %lld is past "
	    "the absolute expiry", (long long)n);
	sess_from(&b, &r, b.email);
	resp_free(&r);
	ck_assert_int_eq(fx_db_int("SELECT expires_at <= absolute_expires_at "
	    "FROM sessions WHERE id = ?", FX_ARGS(DBV_INT(b.sid))), 1);
	fx_db_exec("UPDATE sessions SET absolute_expires_at = "
	    "UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE id = ?",
	    FX_ARGS(DBV_INT((long long)b.sid)));
	refresh(b.refresh, &r);
	fx_expect(&r, 401, "token_expired", "absolute expiry passed");
	resp_free(&r);
}
END_TEST

/* "remember": the long lifetime. */
START_TEST(test_refresh_remember)
{
	struct sess	 a, b;
	struct resp	 r;
	int64_t		 n;

	account_new(&a, "remb");
	login_again(&a, &b, 1);
	refresh(b.refresh, &r);
	fx_expect(&r, 200, "ok", "refresh of a remembered session");
	n = fx_jnum(resp_data(&r), "refresh_expires_in");
	ck_assert_msg(n > REFRESH_TTL, "refresh_expires_in %lld, want the "
	    "long lifetime", (long long)n);
	resp_free(&r);
}
END_TEST

/*
 * NRACERS refreshes with one token at once: exactly one 200; the
 * others find it retired (token_reused), which revokes the session, so
 * the winner's new refresh token fails too.
 */
START_TEST(test_refresh_concurrent)
{
	struct sess	 a;
	struct resp	 r;
	int		 go[2], res[2], i, st, ok = 0, reused = 0, other = 0;
	char		 body[256], winner[sizeof(a.refresh)] = "", one;
	pid_t		 pid;
	ssize_t		 n;

	account_new(&a, "race");
	ck_assert_int_eq(pipe(go), 0);
	ck_assert_int_eq(pipe(res), 0);
	snprintf(body, sizeof(body), "{\"refresh_token\":\"%s\"}", a.refresh);
	for (i = 0; i < NRACERS; i++) {
		ck_assert_int_ne(pid = fork(), -1);
		if (pid != 0)
			continue;
		close(go[1]);
		close(res[0]);
		(void)!read(go[0], &one, 1);	/* wait for the start */
		if (client_post_json(REFRESH, body, &r) == -1)
			_exit(3);
		if (r.status == 200 &&
		    fx_jstr(resp_data(&r), "refresh_token") != NULL) {
			snprintf(winner, sizeof(winner), "%s",
			    fx_jstr(resp_data(&r), "refresh_token"));
			(void)!write(res[1], winner, strlen(winner));
			_exit(0);
		}
		if (r.status == 401 && resp_code(&r) != NULL &&
		    strcmp(resp_code(&r), "token_reused") == 0)
			_exit(1);
		fprintf(stderr, "racer got %ld %s\n", r.status,
		    r.body ? r.body : "");
		_exit(2);
	}
	close(go[0]);
	close(res[1]);
	close(go[1]);			/* all start */
	while (wait(&st) > 0) {
		if (!WIFEXITED(st))
			other++;
		else if (WEXITSTATUS(st) == 0)
			ok++;
		else if (WEXITSTATUS(st) == 1)
			reused++;
		else
			other++;
	}
	n = read(res[0], winner, sizeof(winner) - 1);
	close(res[0]);
	ck_assert_msg(ok == 1 && reused == NRACERS - 1 && other == 0,
	    "%d succeeded, %d token_reused, %d other; want 1, %d, 0", ok,
	    reused, other, NRACERS - 1);
	ck_assert_int_eq(n, 43);
	winner[n] = '\0';
	refresh(winner, &r);
	fx_expect(&r, 401, "token_invalid", "the winner's token after reuse");
	resp_free(&r);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM session_retired "
	    "WHERE session_id = ?", FX_ARGS(DBV_INT(a.sid))), 1);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Logout                                                           */
/* ---------------------------------------------------------------- */

/* Logout with the bearer token: refused at once, idempotent. */
START_TEST(test_logout_bearer)
{
	struct sess	 a, b;
	struct resp	 r;

	account_new(&a, "out");
	login_again(&a, &b, 0);
	expect_bearer(a.access, 200, "ok", "before logout");
	fx_call("POST", LOGOUT, a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "logout");
	ck_assert_str_eq(json_object_get_string(fx_jget(r.json, "message")),
	    "Logged out");
	ck_assert_ptr_null(resp_header(&r, "Set-Cookie"));
	resp_free(&r);
	expect_bearer(a.access, 401, "token_invalid", "after logout");
	refresh(a.refresh, &r);
	fx_expect(&r, 401, "token_invalid", "refresh after logout");
	resp_free(&r);
	/* the other session lives on */
	expect_bearer(b.access, 200, "ok", "the other session");
	/* idempotent: again, by GET, and with nothing at all */
	fx_call("POST", LOGOUT, a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "second logout");
	resp_free(&r);
	fx_call("GET", LOGOUT, a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "GET logout");
	resp_free(&r);
	fx_call("POST", LOGOUT, NULL, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "logout without credentials");
	resp_free(&r);
	fx_call("POST", LOGOUT, "not.a.token", NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "logout with a bad token");
	resp_free(&r);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM audit_log WHERE "
	    "user_id = ? AND event = 'logout'", FX_ARGS(DBV_INT(a.uid))), 1);
}
END_TEST

/* Logout with the refresh token only. */
START_TEST(test_logout_refresh)
{
	struct sess	 a;
	struct resp	 r;
	char		 body[256];

	account_new(&a, "outrt");
	snprintf(body, sizeof(body), "{\"refresh_token\":\"%s\"}", a.refresh);
	fx_call("POST", LOGOUT, NULL, NULL, body, &r);
	fx_expect(&r, 200, "ok", "logout by refresh token");
	resp_free(&r);
	expect_bearer(a.access, 401, "token_invalid", "after logout");
	fx_call("POST", LOGOUT, NULL, NULL, "{\"all\":[true]}", &r);
	fx_expect(&r, 400, "validation_failed", "all of the wrong type");
	resp_free(&r);
	fx_call("POST", LOGOUT, NULL, NULL, "{\"refresh_token\":{}}", &r);
	fx_expect(&r, 400, "validation_failed", "token of the wrong type");
	resp_free(&r);
}
END_TEST

/* An access token past its exp still logs its own session out. */
START_TEST(test_logout_expired_bearer)
{
	struct sess		 a;
	struct resp		 r;
	unsigned char		 key[64], mac[32];
	char			 tok[2048], h[256], c[1024], sig[64], hb[512];
	char			 cb[1400];
	size_t			 klen;
	long			 now = (long)time(NULL);

	account_new(&a, "outexp");
	klen = conf_key("k1", key, sizeof(key));
	snprintf(h, sizeof(h), "{\"alg\":\"HS256\",\"typ\":\"JWT\","
	    "\"kid\":\"k1\"}");
	snprintf(c, sizeof(c), "{\"iss\":\"fcauth\",\"sub\":\"%lld\","
	    "\"sid\":%lld,\"role\":\"user\",\"typ\":\"access\",\"iat\":%ld,"
	    "\"nbf\":%ld,\"exp\":%ld,\"jti\":\"x%ld\"}", (long long)a.uid,
	    (long long)a.sid, now - 4000, now - 4000, now - 3100, now);
	b64url((const unsigned char *)h, strlen(h), hb, sizeof(hb));
	b64url((const unsigned char *)c, strlen(c), cb, sizeof(cb));
	snprintf(tok, sizeof(tok), "%s.%s", hb, cb);
	crypto_auth_hmacsha256(mac, (const unsigned char *)tok, strlen(tok),
	    key);
	ck_assert_int_eq(klen, 32);
	b64url(mac, sizeof(mac), sig, sizeof(sig));
	strcat(tok, ".");
	strcat(tok, sig);
	expect_bearer(tok, 401, "token_expired", "expired access token");
	fx_call("POST", LOGOUT, tok, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "logout with an expired access token");
	resp_free(&r);
	expect_bearer(a.access, 401, "token_invalid", "after that logout");
}
END_TEST

/* {"all": true} ends every session of the user, and only theirs. */
START_TEST(test_logout_all)
{
	struct sess	 a, b, c, other;
	struct resp	 r;
	char		 body[256];

	account_new(&a, "all");
	login_again(&a, &b, 0);
	login_again(&a, &c, 1);
	account_new(&other, "allother");
	fx_call("POST", LOGOUT, a.access, NULL, "{\"all\":true}", &r);
	fx_expect(&r, 200, "ok", "logout all");
	resp_free(&r);
	expect_bearer(a.access, 401, "token_invalid", "session a");
	expect_bearer(b.access, 401, "token_invalid", "session b");
	expect_bearer(c.access, 401, "token_invalid", "session c");
	refresh(c.refresh, &r);
	fx_expect(&r, 401, "token_invalid", "refresh of session c");
	resp_free(&r);
	expect_bearer(other.access, 200, "ok", "another user's session");
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM sessions WHERE "
	    "user_id = ? AND revoked_at IS NULL", FX_ARGS(DBV_INT(a.uid))), 0);

	/* all by refresh token only */
	login_again(&a, &b, 0);
	login_again(&a, &c, 0);
	snprintf(body, sizeof(body), "{\"refresh_token\":\"%s\",\"all\":true}",
	    b.refresh);
	fx_call("POST", LOGOUT, NULL, NULL, body, &r);
	fx_expect(&r, 200, "ok", "logout all by refresh token");
	resp_free(&r);
	expect_bearer(c.access, 401, "token_invalid", "session c again");

	/* all without knowing the user */
	fx_call("POST", LOGOUT, NULL, NULL, "{\"all\":true}", &r);
	fx_expect(&r, 401, "token_missing", "logout all without credentials");
	resp_free(&r);
	fx_call("POST", LOGOUT, "a.b.c", NULL, "{\"all\":true}", &r);
	fx_expect(&r, 401, "token_invalid", "logout all with a bad token");
	resp_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Session list and delete                                          */
/* ---------------------------------------------------------------- */

/* The live sessions, this one flagged current; revoked ones gone. */
START_TEST(test_sessions_list)
{
	struct sess		 a, b, c;
	struct resp		 r;
	struct json_object	*arr, *o;
	size_t			 i, n;
	int			 cur = 0, seen_b = 0;

	account_new(&a, "list");
	login_again(&a, &b, 0);
	login_again(&a, &c, 0);
	fx_call("POST", LOGOUT, c.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "logout c");
	resp_free(&r);
	fx_call("GET", SESSIONS, b.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "session list");
	arr = resp_data(&r);
	ck_assert_msg(arr != NULL && json_object_is_type(arr, json_type_array),
	    "data is not an array: %s", r.body);
	n = json_object_array_length(arr);
	ck_assert_msg(n == 2, "%zu sessions, want 2: %s", n, r.body);
	for (i = 0; i < n; i++) {
		o = json_object_array_get_idx(arr, i);
		ck_assert_msg(fx_jnum(o, "id") > 0 &&
		    fx_jstr(o, "created_at") &&
		    fx_jstr(o, "last_used_at") && fx_jstr(o, "ip") &&
		    fx_jstr(o, "user_agent") && fx_jget(o, "current") &&
		    json_object_is_type(fx_jget(o, "current"),
		    json_type_boolean), "session shape: %s",
		    json_object_to_json_string(o));
		ck_assert_int_eq(strlen(fx_jstr(o, "created_at")), 20);
		ck_assert_str_eq(fx_jstr(o, "user_agent"),
		    "fcauth-integration-tests");
		ck_assert_str_eq(fx_jstr(o, "ip"), "127.0.0.1");
		ck_assert_msg(fx_jnum(o, "id") != c.sid,
		    "revoked session listed");
		if (json_object_get_boolean(fx_jget(o, "current"))) {
			cur++;
			ck_assert_int_eq(fx_jnum(o, "id"), b.sid);
		}
		if (fx_jnum(o, "id") == b.sid)
			seen_b = 1;
	}
	ck_assert_int_eq(cur, 1);
	ck_assert_int_eq(seen_b, 1);
	resp_free(&r);
	expect_bearer(NULL, 401, "token_missing", "no bearer");
}
END_TEST

/* Deleting one's own session; another user's or unknown: 404 alike. */
START_TEST(test_session_delete)
{
	struct sess	 a, b, x;
	struct resp	 r, r2;
	char		 path[128];
	static const char *const bad[] = {
		"999999999999", "0", "-1", "abc", "1x", "0x10",
		"99999999999999999999999",
	};
	size_t		 i;

	account_new(&a, "del");
	login_again(&a, &b, 0);
	account_new(&x, "delx");

	/* another user's session, and an unknown one: the same 404 */
	snprintf(path, sizeof(path), SESSIONS "/%lld", (long long)a.sid);
	fx_call("DELETE", path, x.access, NULL, NULL, &r);
	fx_expect(&r, 404, "not_found", "another user's session");
	fx_call("DELETE", SESSIONS "/999999999999", x.access, NULL, NULL, &r2);
	fx_expect(&r2, 404, "not_found", "unknown session");
	ck_assert_str_eq(r.body, r2.body);
	resp_free(&r);
	resp_free(&r2);
	for (i = 0; i < NELEM(bad); i++) {
		snprintf(path, sizeof(path), SESSIONS "/%s", bad[i]);
		fx_call("DELETE", path, x.access, NULL, NULL, &r);
		fx_expect(&r, 404, "not_found", bad[i]);
		resp_free(&r);
	}
	expect_bearer(a.access, 200, "ok", "untouched by the other user");

	/* one's own */
	snprintf(path, sizeof(path), SESSIONS "/%lld", (long long)b.sid);
	fx_call("DELETE", path, a.access, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "delete own session");
	resp_free(&r);
	expect_bearer(b.access, 401, "token_invalid", "deleted session");
	expect_bearer(a.access, 200, "ok", "the deleting session");
	fx_call("DELETE", path, a.access, NULL, NULL, &r);
	fx_expect(&r, 404, "not_found", "already deleted");
	resp_free(&r);
	fx_call("DELETE", path, NULL, NULL, NULL, &r);
	fx_expect(&r, 401, "token_missing", "delete without a bearer");
	resp_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- */
/* The guard                                                        */
/* ---------------------------------------------------------------- */

/* A disabled account stops at once, for access and refresh. */
START_TEST(test_guard_disabled)
{
	struct sess	 a;
	struct resp	 r;

	account_new(&a, "dis");
	expect_bearer(a.access, 200, "ok", "active");
	fx_db_exec("UPDATE users SET status = 'disabled' WHERE id = ?",
	    FX_ARGS(DBV_INT((long long)a.uid)));
	expect_bearer(a.access, 403, "account_disabled", "disabled");
	refresh(a.refresh, &r);
	fx_expect(&r, 403, "account_disabled", "refresh when disabled");
	resp_free(&r);
	fx_db_exec("UPDATE users SET status = 'active' WHERE id = ?",
	    FX_ARGS(DBV_INT((long long)a.uid)));
	expect_bearer(a.access, 200, "ok", "active again");
}
END_TEST

/* last_request_at is written at most once per resolution (2 s here). */
START_TEST(test_guard_activity)
{
	struct sess	 a;

	account_new(&a, "act");
	/* recent (in the future, so never "due"): not written */
	fx_db_exec("UPDATE users SET last_request_at = UTC_TIMESTAMP() + "
	    "INTERVAL 1 HOUR WHERE id = ?",
	    FX_ARGS(DBV_INT((long long)a.uid)));
	fx_db_exec("UPDATE sessions SET last_used_at = UTC_TIMESTAMP() + "
	    "INTERVAL 1 HOUR WHERE id = ?",
	    FX_ARGS(DBV_INT((long long)a.sid)));
	expect_bearer(a.access, 200, "ok", "within the resolution");
	ck_assert_int_eq(fx_db_int("SELECT last_request_at > UTC_TIMESTAMP() "
	    "FROM users WHERE id = ?", FX_ARGS(DBV_INT(a.uid))), 1);
	/* an hour old: written */
	fx_db_exec("UPDATE users SET last_request_at = UTC_TIMESTAMP() - "
	    "INTERVAL 1 HOUR WHERE id = ?",
	    FX_ARGS(DBV_INT((long long)a.uid)));
	expect_bearer(a.access, 200, "ok", "past the resolution");
	ck_assert_int_eq(fx_db_int("SELECT ABS(TIMESTAMPDIFF(SECOND, "
	    "last_request_at, UTC_TIMESTAMP())) < 30 FROM users "
	    "WHERE id = ?", FX_ARGS(DBV_INT(a.uid))), 1);
	ck_assert_int_eq(fx_db_int("SELECT ABS(TIMESTAMPDIFF(SECOND, "
	    "last_used_at, UTC_TIMESTAMP())) < 30 FROM sessions "
	    "WHERE id = ?", FX_ARGS(DBV_INT(a.sid))), 1);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Tokens we sign ourselves: key rotation and the negative cases    */
/* ---------------------------------------------------------------- */

/* The configured issuer (default "fcauth"). */
static void
issuer(char *out, size_t outsz)
{
	struct config	 cfg;

	fx_config("FCAUTH_TEST_CONFIG", &cfg);
	snprintf(out, outsz, "%s", cfg.token_issuer);
	config_free(&cfg);
}

/*
 * A token with header "hdr" and claims "cl" (JSON texts), signed with
 * HMAC-SHA256 under "key"; with "key" NULL the token ends with its
 * last dot and an empty signature ("alg": "none", or to sign it in
 * another way).
 */
static void
make_token(const char *hdr, const char *cl, const unsigned char *key,
    size_t keylen, char *out, size_t outsz)
{
	char				 hb[512], cb[1400], sig[64];
	unsigned char			 mac[32];
	crypto_auth_hmacsha256_state	 st;

	b64url((const unsigned char *)hdr, strlen(hdr), hb, sizeof(hb));
	b64url((const unsigned char *)cl, strlen(cl), cb, sizeof(cb));
	snprintf(out, outsz, "%s.%s.", hb, cb);
	if (key == NULL)
		return;
	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st, (const unsigned char *)out,
	    strlen(out) - 1);
	crypto_auth_hmacsha256_final(&st, mac);
	b64url(mac, sizeof(mac), sig, sizeof(sig));
	strncat(out, sig, outsz - strlen(out) - 1);
}

/* Claims of a fresh access token for session "s", issuer "iss". */
static void
claims_for(const struct sess *s, const char *iss, const char *typ,
    char *out, size_t outsz)
{
	long	 now = (long)time(NULL);

	snprintf(out, outsz, "{\"iss\":\"%s\",\"sub\":\"%lld\",\"sid\":%lld,"
	    "\"role\":\"user\",\"typ\":\"%s\",\"iat\":%ld,\"nbf\":%ld,"
	    "\"exp\":%ld,\"jti\":\"t%ld%d\"}", iss, (long long)s->uid,
	    (long long)s->sid, typ, now, now, now + 600, now, rand());
}

#define HDR(alg, kid) \
	"{\"alg\":\"" alg "\",\"typ\":\"JWT\",\"kid\":\"" kid "\"}"

/*
 * "Log out everywhere" needs a live credential: not an access token
 * that expired 29 days ago (though it still ends its own session), not
 * a refresh token already rotated away.
 */
START_TEST(test_logout_all_needs_live)
{
	struct sess	 a, b;
	struct resp	 r;
	unsigned char	 key[64];
	char		 cl[1024], tok[2048], body[256], old[sizeof(a.refresh)];
	long		 now = (long)time(NULL);
	size_t		 klen;

	account_new(&a, "alllive");
	login_again(&a, &b, 0);
	klen = conf_key("k1", key, sizeof(key));
	snprintf(cl, sizeof(cl), "{\"iss\":\"fcauth\",\"sub\":\"%lld\","
	    "\"sid\":%lld,\"role\":\"user\",\"typ\":\"access\",\"iat\":%ld,"
	    "\"nbf\":%ld,\"exp\":%ld,\"jti\":\"old%ld\"}", (long long)a.uid,
	    (long long)a.sid, now - 30 * 86400, now - 30 * 86400,
	    now - 29 * 86400, now);
	make_token(HDR("HS256", "k1"), cl, key, klen, tok, sizeof(tok));
	fx_call("POST", LOGOUT, tok, NULL, "{\"all\":true}", &r);
	fx_expect(&r, 401, "token_invalid", "logout all, 29-day-old token");
	resp_free(&r);
	expect_bearer(b.access, 200, "ok", "the other session stays");

	snprintf(old, sizeof(old), "%s", b.refresh);
	refresh(b.refresh, &r);
	fx_expect(&r, 200, "ok", "rotate b's refresh token");
	resp_free(&r);
	snprintf(body, sizeof(body), "{\"refresh_token\":\"%s\",\"all\":true}",
	    old);
	fx_call("POST", LOGOUT, NULL, NULL, body, &r);
	fx_expect(&r, 401, "token_invalid",
	    "logout all, a retired refresh token");
	resp_free(&r);
	expect_bearer(a.access, 200, "ok", "session a stays");
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM sessions WHERE "
	    "user_id = ? AND revoked_at IS NULL", FX_ARGS(DBV_INT(a.uid))), 2);
}
END_TEST

/*
 * Key rotation: k1 signs, k0 (the previous key, still configured)
 * verifies; a kid that is not configured does not, nor a known kid
 * with another key's signature.
 */
START_TEST(test_key_rotation)
{
	struct sess	 a;
	unsigned char	 k0[64], k1[64];
	size_t		 n0, n1;
	char		 iss[128], cl[1024], tok[2048];
	struct json_object *h;

	account_new(&a, "kid");
	h = fx_jwt_header(a.access);
	/* current_kid */
	ck_assert_str_eq(fx_jstr(h, "kid"), "k1");
	ck_assert_str_eq(fx_jstr(h, "alg"), "HS256");
	json_object_put(h);
	n0 = conf_key("k0", k0, sizeof(k0));
	n1 = conf_key("k1", k1, sizeof(k1));
	issuer(iss, sizeof(iss));
	claims_for(&a, iss, "access", cl, sizeof(cl));

	make_token(HDR("HS256", "k1"), cl, k1, n1, tok, sizeof(tok));
	expect_bearer(tok, 200, "ok", "our own k1 token (control)");
	make_token(HDR("HS256", "k0"), cl, k0, n0, tok, sizeof(tok));
	expect_bearer(tok, 200, "ok", "token of the previous kid k0");
	make_token(HDR("HS256", "k9"), cl, k0, n0, tok, sizeof(tok));
	expect_bearer(tok, 401, "token_invalid", "kid not configured");
	make_token("{\"alg\":\"HS256\",\"typ\":\"JWT\"}", cl, k1, n1, tok,
	    sizeof(tok));
	expect_bearer(tok, 401, "token_invalid", "no kid");
	make_token(HDR("HS256", "k1"), cl, k0, n0, tok, sizeof(tok));
	expect_bearer(tok, 401, "token_invalid", "k1 header, k0 signature");
	sodium_memzero(k0, sizeof(k0));
	sodium_memzero(k1, sizeof(k1));
}
END_TEST

/* alg none, other algs, another iss, another typ, a foreign sid. */
START_TEST(test_token_negative)
{
	struct sess	 a, x;
	unsigned char	 k1[64];
	size_t		 n1;
	char		 iss[128], cl[1024], tok[2048];

	account_new(&a, "neg");
	account_new(&x, "negx");
	n1 = conf_key("k1", k1, sizeof(k1));
	issuer(iss, sizeof(iss));
	claims_for(&a, iss, "access", cl, sizeof(cl));

	make_token(HDR("none", "k1"), cl, NULL, 0, tok, sizeof(tok));
	expect_bearer(tok, 401, "token_invalid", "alg none, no signature");
	make_token(HDR("none", "k1"), cl, k1, n1, tok, sizeof(tok));
	expect_bearer(tok, 401, "token_invalid", "alg none with a MAC");
	make_token(HDR("NONE", "k1"), cl, NULL, 0, tok, sizeof(tok));
	expect_bearer(tok, 401, "token_invalid", "alg NONE");
	make_token(HDR("HS512", "k1"), cl, k1, n1, tok, sizeof(tok));
	expect_bearer(tok, 401, "token_invalid", "alg HS512");
	make_token(HDR("EdDSA", "k1"), cl, k1, n1, tok, sizeof(tok));
	expect_bearer(tok, 401, "token_invalid", "EdDSA header on HS256");

	claims_for(&a, "https://evil.example", "access", cl, sizeof(cl));
	make_token(HDR("HS256", "k1"), cl, k1, n1, tok, sizeof(tok));
	expect_bearer(tok, 401, "token_invalid", "another iss");
	claims_for(&a, iss, "refresh", cl, sizeof(cl));
	make_token(HDR("HS256", "k1"), cl, k1, n1, tok, sizeof(tok));
	expect_bearer(tok, 401, "token_invalid", "typ refresh");

	/* x's sid with a's sub: the row must match both */
	claims_for(&a, iss, "access", cl, sizeof(cl));
	{
		struct sess	 mix = a;

		mix.sid = x.sid;
		claims_for(&mix, iss, "access", cl, sizeof(cl));
	}
	make_token(HDR("HS256", "k1"), cl, k1, n1, tok, sizeof(tok));
	expect_bearer(tok, 401, "token_invalid", "sid of another user");
	sodium_memzero(k1, sizeof(k1));
}
END_TEST

/* ---------------------------------------------------------------- */
/* EdDSA (the eddsa instance)                                       */
/* ---------------------------------------------------------------- */

/* The jwks.json key with "kid" (borrowed from r), or NULL. */
static struct json_object *
jwks_key(const struct resp *r, const char *kid)
{
	struct json_object	*keys = fx_jget(r->json, "keys"), *k;
	size_t			 i;

	ck_assert_msg(keys != NULL && json_object_is_type(keys,
	    json_type_array), "jwks.json has no keys array: %s", r->body);
	for (i = 0; i < json_object_array_length(keys); i++) {
		k = json_object_array_get_idx(keys, i);
		if (fx_jstr(k, "kid") != NULL &&
		    strcmp(fx_jstr(k, "kid"), kid) == 0)
			return k;
	}
	return NULL;
}

/* Write "len" bytes to "dir"/"name". */
static void
put_file(const char *dir, const char *name, const void *p, size_t len)
{
	char	 path[512];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	ck_assert_int_eq(fwrite(p, 1, len, fp), len);
	ck_assert_int_eq(fclose(fp), 0);
}

/*
 * Verify the Ed25519 signature "sig" of "data" with the raw public key
 * "x" using openssl(1), not our code: 1 verified, 0 not.
 */
static int
openssl_verify(const unsigned char x[32], const char *data,
    const unsigned char sig[64])
{
	static const unsigned char prefix[12] = {
		0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03,
		0x21, 0x00,
	};
	unsigned char	 der[44];
	char		 dir[] = "/tmp/fcauth-ed-XXXXXX", b64[128], pem[256];
	char		 cmd[1024];
	int		 st;

	memcpy(der, prefix, sizeof(prefix));
	memcpy(der + sizeof(prefix), x, 32);
	sodium_bin2base64(b64, sizeof(b64), der, sizeof(der),
	    sodium_base64_VARIANT_ORIGINAL);
	snprintf(pem, sizeof(pem), "-----BEGIN PUBLIC KEY-----\n%s\n"
	    "-----END PUBLIC KEY-----\n", b64);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	put_file(dir, "pub.pem", pem, strlen(pem));
	put_file(dir, "data", data, strlen(data));
	put_file(dir, "sig", sig, 64);
	snprintf(cmd, sizeof(cmd), "cd %s && openssl pkeyutl -verify -pubin "
	    "-inkey pub.pem -rawin -in data -sigfile sig >/dev/null 2>&1; "
	    "s=$?; rm -f pub.pem data sig; exit $s", dir);
	st = system(cmd);
	rmdir(dir);
	ck_assert_msg(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) != 127,
	    "cannot run openssl");
	return WEXITSTATUS(st) == 0;
}

/*
 * An EdDSA access token verifies with openssl and the x of jwks.json
 * (RFC 8037 OKP form, no private part), and on the server itself.
 */
START_TEST(test_eddsa_jwks_openssl)
{
	struct sess		 a;
	struct resp		 r;
	struct json_object	*h, *k;
	const char		*kid, *x, *dot;
	unsigned char		 pk[64], sig[128];
	char			 data[2048];
	long			 n;

	account_new(&a, "ed");
	h = fx_jwt_header(a.access);
	ck_assert_str_eq(fx_jstr(h, "alg"), "EdDSA");
	ck_assert_str_eq(fx_jstr(h, "typ"), "JWT");
	ck_assert_ptr_nonnull(kid = fx_jstr(h, "kid"));
	fx_call("GET", JWKS, NULL, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_null(fx_jget(r.json, "success"));	/* no envelope */
	k = jwks_key(&r, kid);
	ck_assert_msg(k != NULL, "kid %s not in jwks.json: %s", kid, r.body);
	ck_assert_str_eq(fx_jstr(k, "kty"), "OKP");
	ck_assert_str_eq(fx_jstr(k, "crv"), "Ed25519");
	ck_assert_str_eq(fx_jstr(k, "alg"), "EdDSA");
	ck_assert_ptr_null(fx_jget(k, "d"));
	ck_assert_ptr_nonnull(x = fx_jstr(k, "x"));
	ck_assert_int_eq(strlen(x), 43);
	ck_assert_int_eq(unb64url(x, strlen(x), pk, sizeof(pk)), 32);
	ck_assert_int_ge(json_object_array_length(fx_jget(r.json, "keys")), 2);

	dot = strrchr(a.access, '.');
	ck_assert_msg((size_t)(dot - a.access) < sizeof(data), "too long");
	memcpy(data, a.access, (size_t)(dot - a.access));
	data[dot - a.access] = '\0';
	n = unb64url(dot + 1, strlen(dot + 1), sig, sizeof(sig));
	ck_assert_int_eq(n, 64);
	ck_assert_msg(openssl_verify(pk, data, sig),
	    "openssl does not verify the EdDSA token with jwks.json's x");
	/* and openssl can say no: one changed byte of the signed data */
	data[strlen(data) - 1] ^= 1;
	ck_assert_msg(!openssl_verify(pk, data, sig),
	    "openssl verified a changed token");
	expect_bearer(a.access, 200, "ok", "EdDSA token on its server");
	resp_free(&r);
	json_object_put(h);
}
END_TEST

/*
 * On the EdDSA server: HS256 signed with the public key (alg
 * confusion), alg none, an HS256 token of the main server and an EdDSA
 * token of another iss are refused; an EdDSA token we sign with the
 * configured seed passes (so the refusals are about what they change).
 */
START_TEST(test_eddsa_negative)
{
	struct sess		 a;
	struct resp		 r;
	struct json_object	*h, *k;
	const char		*kid, *x;
	unsigned char		 pk[64], seed[64], epk[32], esk[64], sig[64];
	char			 iss[128], cl[1024], tok[2048], hdr[256];
	char			 sb[128];
	size_t			 ns;

	account_new(&a, "edneg");
	h = fx_jwt_header(a.access);
	kid = fx_jstr(h, "kid");
	fx_call("GET", JWKS, NULL, NULL, NULL, &r);
	k = jwks_key(&r, kid);
	ck_assert_ptr_nonnull(k);
	x = fx_jstr(k, "x");
	ck_assert_int_eq(unb64url(x, strlen(x), pk, sizeof(pk)), 32);
	issuer(iss, sizeof(iss));
	claims_for(&a, iss, "access", cl, sizeof(cl));
	snprintf(hdr, sizeof(hdr), "{\"alg\":\"HS256\",\"typ\":\"JWT\","
	    "\"kid\":\"%s\"}", kid);

	make_token(hdr, cl, pk, 32, tok, sizeof(tok));
	expect_bearer(tok, 401, "token_invalid", "HS256 with the public key");
	make_token(hdr, cl, (const unsigned char *)x, strlen(x), tok,
	    sizeof(tok));
	expect_bearer(tok, 401, "token_invalid", "HS256 with x as text");
	snprintf(hdr, sizeof(hdr), "{\"alg\":\"none\",\"typ\":\"JWT\","
	    "\"kid\":\"%s\"}", kid);
	make_token(hdr, cl, NULL, 0, tok, sizeof(tok));
	expect_bearer(tok, 401, "token_invalid", "alg none on EdDSA");

	/* the configured seed of kid signs; only the right iss passes */
	ns = conf_key(kid, seed, sizeof(seed));
	ck_assert_int_eq(ns, 32);
	crypto_sign_ed25519_seed_keypair(epk, esk, seed);
	ck_assert_int_eq(memcmp(epk, pk, 32), 0);
	snprintf(hdr, sizeof(hdr), "{\"alg\":\"EdDSA\",\"typ\":\"JWT\","
	    "\"kid\":\"%s\"}", kid);
	make_token(hdr, cl, NULL, 0, tok, sizeof(tok));
	tok[strlen(tok) - 1] = '\0';
	crypto_sign_ed25519_detached(sig, NULL, (unsigned char *)tok,
	    strlen(tok), esk);
	b64url(sig, 64, sb, sizeof(sb));
	snprintf(tok + strlen(tok), sizeof(tok) - strlen(tok), ".%s", sb);
	expect_bearer(tok, 200, "ok", "EdDSA token we signed (control)");
	claims_for(&a, "https://other.example", "access", cl, sizeof(cl));
	make_token(hdr, cl, NULL, 0, tok, sizeof(tok));
	tok[strlen(tok) - 1] = '\0';
	crypto_sign_ed25519_detached(sig, NULL, (unsigned char *)tok,
	    strlen(tok), esk);
	b64url(sig, 64, sb, sizeof(sb));
	snprintf(tok + strlen(tok), sizeof(tok) - strlen(tok), ".%s", sb);
	expect_bearer(tok, 401, "token_invalid", "EdDSA token, another iss");
	sodium_memzero(seed, sizeof(seed));
	sodium_memzero(esk, sizeof(esk));
	resp_free(&r);
	json_object_put(h);
}
END_TEST

/* The main (HS256) server publishes no keys. */
START_TEST(test_jwks_hs256_empty)
{
	struct resp	 r;

	fx_call("GET", JWKS, NULL, NULL, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	ck_assert_str_eq(r.body, "{\"keys\":[]}");
	resp_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Cookie mode (the cookie instance)                                */
/* ---------------------------------------------------------------- */

/*
 * The refresh cookie of "r": its value into "val" (may be ""); the
 * attributes must be those of API.md.  0 when there is none.
 */
static int
refresh_cookie(const struct resp *r, char *val, size_t valsz)
{
	const char	*c;
	size_t		 i, n;

	for (i = 0; (c = resp_header_nth(r, "Set-Cookie", i)) != NULL; i++)
		if (strncmp(c, "fcauth_refresh=", 15) == 0)
			break;
	if (c == NULL)
		return 0;
	n = strcspn(c + 15, ";");
	ck_assert_msg(n < valsz, "cookie too long");
	memcpy(val, c + 15, n);
	val[n] = '\0';
	ck_assert_msg(strstr(c, "; HttpOnly") && strstr(c, "; Secure") &&
	    strstr(c, "; SameSite=Strict") && strstr(c, "; Path=/api/v1/auth"),
	    "cookie attributes: %s", c);
	if (val[0] == '\0')
		ck_assert_msg(strstr(c, "Max-Age=0") != NULL,
		    "clearing cookie without Max-Age=0: %s", c);
	return 1;
}

START_TEST(test_cookie_mode)
{
	struct sess	 a, b;
	struct resp	 r;
	char		 c1[128], c2[128], c3[128], ck[256], body[512];

	account_new(&a, "cook");
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}",
	    a.email, PW);
	fx_call("POST", LOGIN, NULL, NULL, body, &r);
	fx_expect(&r, 200, "ok", "login in cookie mode");
	ck_assert_msg(refresh_cookie(&r, c1, sizeof(c1)), "no refresh cookie");
	ck_assert_str_eq(c1, fx_jstr(resp_data(&r), "refresh_token"));
	ck_assert_ptr_nonnull(strstr(resp_header(&r, "Set-Cookie"),
	    "Max-Age=86400"));
	sess_from(&b, &r, a.email);
	resp_free(&r);

	/* GET with the cookie only (seed 003's GET /refresh-token) */
	snprintf(ck, sizeof(ck), "fcauth_refresh=%s", c1);
	fx_call("GET", REFRESH, NULL, ck, NULL, &r);
	fx_expect(&r, 200, "ok", "GET refresh by cookie");
	ck_assert_msg(refresh_cookie(&r, c2, sizeof(c2)), "no new cookie");
	ck_assert_str_ne(c2, c1);
	ck_assert_str_eq(c2, fx_jstr(resp_data(&r), "refresh_token"));
	resp_free(&r);

	/* POST with an empty body: the cookie */
	snprintf(ck, sizeof(ck), "other=1; fcauth_refresh=%s", c2);
	fx_call("POST", REFRESH, NULL, ck, "{}", &r);
	fx_expect(&r, 200, "ok", "POST refresh by cookie");
	ck_assert_msg(refresh_cookie(&r, c3, sizeof(c3)), "no new cookie");
	sess_from(&b, &r, a.email);
	resp_free(&r);

	/* logout by cookie: cleared, and the session is over */
	snprintf(ck, sizeof(ck), "fcauth_refresh=%s", c3);
	fx_call("POST", LOGOUT, NULL, ck, NULL, &r);
	fx_expect(&r, 200, "ok", "logout by cookie");
	ck_assert_msg(refresh_cookie(&r, c1, sizeof(c1)) && c1[0] == '\0',
	    "logout does not clear the cookie");
	resp_free(&r);
	expect_bearer(b.access, 401, "token_invalid", "after cookie logout");
	fx_call("GET", REFRESH, NULL, ck, NULL, &r);
	fx_expect(&r, 401, "token_invalid", "cookie after logout");
	ck_assert_msg(refresh_cookie(&r, c1, sizeof(c1)) && c1[0] == '\0',
	    "a refused cookie is not cleared");
	resp_free(&r);

	/* reuse through the cookie */
	fx_call("POST", LOGIN, NULL, NULL, body, &r);
	fx_expect(&r, 200, "ok", "login again");
	ck_assert(refresh_cookie(&r, c1, sizeof(c1)));
	resp_free(&r);
	snprintf(ck, sizeof(ck), "fcauth_refresh=%s", c1);
	fx_call("GET", REFRESH, NULL, ck, NULL, &r);
	fx_expect(&r, 200, "ok", "refresh");
	resp_free(&r);
	fx_call("GET", REFRESH, NULL, ck, NULL, &r);
	fx_expect(&r, 401, "token_reused", "old cookie again");
	resp_free(&r);

	/* logout with nothing: still 200, but no cookie to clear */
	fx_call("GET", LOGOUT, NULL, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "logout without a cookie");
	ck_assert_msg(resp_header(&r, "Set-Cookie") == NULL,
	    "a logout without a credential clears cookies: %s",
	    resp_header(&r, "Set-Cookie"));
	resp_free(&r);
}
END_TEST

/*
 * "method" on "path" as a browser form would send it (form-encoded
 * "form", or no body), with the Cookie "cookie" and one more header
 * line "hdr" (Origin, Sec-Fetch-Site), each unless NULL.
 */
static void
call_browser(const char *method, const char *path, const char *form,
    const char *cookie, const char *hdr, struct resp *r)
{
	fx_send(method, path, FX_FORM, form, NULL, cookie, hdr, r);
}

/* The reply is the 403 of a refused cross-site request, cookie-free. */
static void
expect_cross_site(const struct resp *r, const char *what)
{
	const char	*m;

	fx_expect(r, 403, "forbidden", what);
	m = r->json != NULL ? fx_jstr(r->json, "message") : NULL;
	ck_assert_msg(m != NULL && strcmp(m, "Cross-site request refused") == 0,
	    "%s: message %s", what, m != NULL ? m : "(none)");
	ck_assert_msg(resp_header(r, "Set-Cookie") == NULL,
	    "%s: a refused request sets a cookie: %s", what,
	    resp_header(r, "Set-Cookie"));
}

/*
 * Login CSRF and logout CSRF: in cookie mode the routes that set or
 * clear the session cookies refuse a cross-site browser request (403
 * JSON, no Set-Cookie, nothing done), and take one from the site's own
 * origin ([mail] base_url), from a configured CORS origin, or from a
 * client that sends neither header.
 */
START_TEST(test_cookie_cross_site)
{
	static const char *const refused[] = {
		"Sec-Fetch-Site: cross-site",
		"Origin: https://evil.example",
		"Origin: null",
		"Sec-Fetch-Site: same-site",
	};
	const char	*allowed[4] = { NULL, "Sec-Fetch-Site: same-origin",
	    "Origin: " ALLOWED_ORIGIN, NULL };
	struct sess	 a, b;
	struct resp	 r;
	char		 base[256], own[300], val[128], ck[256], rt[128];
	char		*form;
	const char	*pairs[5];
	size_t		 i;
	struct config	 cfg;

	fx_config("FCAUTH_TEST_CONFIG_COOKIE", &cfg);
	ck_assert((size_t)snprintf(base, sizeof(base), "%s", cfg.base_url) <
	    sizeof(base));
	config_free(&cfg);
	base[strcspn(base + 8, "/") + 8] = '\0';
	snprintf(own, sizeof(own), "Origin: %s", base);
	allowed[3] = own;
	account_new(&a, "csrf");
	pairs[0] = "email";
	pairs[1] = a.email;
	pairs[2] = "password";
	pairs[3] = PW;
	pairs[4] = NULL;
	ck_assert_ptr_nonnull(form = client_form_encode(pairs));

	/* a form on another site that signs the victim in */
	for (i = 0; i < NELEM(refused); i++) {
		call_browser("POST", LOGIN, form, NULL, refused[i], &r);
		expect_cross_site(&r, refused[i]);
		resp_free(&r);
	}
	for (i = 0; i < NELEM(allowed); i++) {
		call_browser("POST", LOGIN, form, NULL, allowed[i], &r);
		fx_expect(&r, 200, "ok", allowed[i] != NULL ? allowed[i] :
		    "login without Origin or Sec-Fetch-Site");
		ck_assert_msg(refresh_cookie(&r, val, sizeof(val)) &&
		    val[0] != '\0', "no refresh cookie");
		resp_free(&r);
	}
	free(form);

	/* a cross-site link to logout or refresh: refused, session live */
	login_again(&a, &b, 0);
	snprintf(ck, sizeof(ck), "fcauth_refresh=%s", b.refresh);
	call_browser("GET", LOGOUT, NULL, ck, "Sec-Fetch-Site: cross-site",
	    &r);
	expect_cross_site(&r, "cross-site GET logout");
	resp_free(&r);
	call_browser("POST", LOGOUT, NULL, ck, "Origin: https://evil.example",
	    &r);
	expect_cross_site(&r, "cross-site POST logout");
	resp_free(&r);
	call_browser("GET", REFRESH, NULL, ck, "Sec-Fetch-Site: cross-site",
	    &r);
	expect_cross_site(&r, "cross-site GET refresh");
	resp_free(&r);
	expect_bearer(b.access, 200, "ok", "session after refused logouts");

	/* sign-in by registration and by verification code: refused too */
	call_browser("POST", REGISTER, "email=x%40example.com&password=x",
	    NULL, "Origin: https://evil.example", &r);
	expect_cross_site(&r, "cross-site register");
	resp_free(&r);
	call_browser("POST", "/api/v1/auth/verify",
	    "verification_id=x&code=123456", NULL,
	    "Sec-Fetch-Site: cross-site", &r);
	expect_cross_site(&r, "cross-site verify");
	resp_free(&r);

	/* from the site itself the same requests work */
	call_browser("GET", REFRESH, NULL, ck, "Sec-Fetch-Site: same-origin",
	    &r);
	fx_expect(&r, 200, "ok", "same-origin GET refresh");
	ck_assert(refresh_cookie(&r, rt, sizeof(rt)) && rt[0] != '\0');
	resp_free(&r);
	snprintf(ck, sizeof(ck), "fcauth_refresh=%s", rt);
	call_browser("GET", LOGOUT, NULL, ck, "Sec-Fetch-Site: same-origin",
	    &r);
	fx_expect(&r, 200, "ok", "same-origin GET logout");
	ck_assert_msg(refresh_cookie(&r, val, sizeof(val)) && val[0] == '\0',
	    "logout does not clear the cookie");
	resp_free(&r);
	expect_bearer(b.access, 401, "token_invalid", "after logout");

	/* a logout without a credential clears nothing */
	call_browser("GET", LOGOUT, NULL, NULL, "Sec-Fetch-Site: same-origin",
	    &r);
	fx_expect(&r, 200, "ok", "logout without a credential");
	ck_assert_msg(resp_header(&r, "Set-Cookie") == NULL,
	    "a logout without a credential clears cookies: %s",
	    resp_header(&r, "Set-Cookie"));
	resp_free(&r);
}
END_TEST

/* No cookie is set or read outside cookie mode. */
START_TEST(test_no_cookie_mode)
{
	struct sess	 a;
	struct resp	 r;
	char		 ck[256], *form;
	const char	*pairs[5] = { "email", NULL, "password", PW, NULL };

	account_new(&a, "nocook");
	snprintf(ck, sizeof(ck), "fcauth_refresh=%s", a.refresh);
	fx_call("POST", REFRESH, NULL, ck, "{}", &r);
	fx_expect(&r, 401, "token_missing", "cookie outside cookie mode");
	ck_assert_ptr_null(resp_header(&r, "Set-Cookie"));
	resp_free(&r);
	/* no cookie, no CSRF: a cross-origin client may sign in (bearer) */
	pairs[1] = a.email;
	ck_assert_ptr_nonnull(form = client_form_encode(pairs));
	call_browser("POST", LOGIN, form, NULL, "Origin: https://evil.example",
	    &r);
	free(form);
	fx_expect(&r, 200, "ok", "cross-origin login outside cookie mode");
	ck_assert_ptr_null(resp_header(&r, "Set-Cookie"));
	resp_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- */
/* CORS                                                             */
/* ---------------------------------------------------------------- */

static void
call_origin(const char *method, const char *path, const char *origin,
    const char *body, struct resp *r)
{
	char		 o[256];
	const char	*extra[3] = { o, "Access-Control-Request-Method: POST",
	    NULL };

	snprintf(o, sizeof(o), "Origin: %s", origin);
	ck_assert_int_eq(client_request(method, path, body != NULL ?
	    "application/json" : NULL, body, extra, r), 0);
}

/* Whether any Access-Control-* header came back. */
static int
any_cors(const struct resp *r)
{
	size_t	 i;

	for (i = 0; i < r->nheaders; i++)
		if (strncasecmp(r->headers[i].name, "Access-Control-", 15) == 0)
			return 1;
	return 0;
}

START_TEST(test_cors)
{
	struct resp	 r;
	const char	*v;

	call_origin("OPTIONS", REFRESH, ALLOWED_ORIGIN, NULL, &r);
	ck_assert_int_eq(r.status, 204);
	ck_assert_str_eq(resp_header(&r, "Access-Control-Allow-Origin"),
	    ALLOWED_ORIGIN);
	ck_assert_str_eq(resp_header(&r, "Access-Control-Allow-Credentials"),
	    "true");
	ck_assert_ptr_nonnull(v = resp_header(&r,
	    "Access-Control-Allow-Methods"));
	ck_assert_ptr_nonnull(strstr(v, "POST"));
	ck_assert_ptr_nonnull(strstr(v, "GET"));
	ck_assert_ptr_nonnull(v = resp_header(&r,
	    "Access-Control-Allow-Headers"));
	ck_assert_ptr_nonnull(strstr(v, "Authorization"));
	ck_assert_ptr_nonnull(strstr(v, "Content-Type"));
	ck_assert_ptr_nonnull(resp_header(&r, "Access-Control-Max-Age"));
	resp_free(&r);

	call_origin("OPTIONS", SESSIONS "/5", ALLOWED_ORIGIN, NULL, &r);
	ck_assert_int_eq(r.status, 204);
	ck_assert_ptr_nonnull(strstr(resp_header(&r,
	    "Access-Control-Allow-Methods"), "DELETE"));
	resp_free(&r);

	call_origin("OPTIONS", REFRESH, "https://evil.example", NULL, &r);
	ck_assert_int_eq(r.status, 204);
	ck_assert_msg(!any_cors(&r), "CORS headers for another origin");
	resp_free(&r);
	call_origin("OPTIONS", REFRESH, "https://app.example.evil.example",
	    NULL, &r);
	ck_assert_msg(!any_cors(&r), "CORS headers for a longer origin");
	resp_free(&r);

	call_origin("OPTIONS", "/api/v1/auth/nothing-here", ALLOWED_ORIGIN,
	    NULL, &r);
	ck_assert_int_eq(r.status, 404);
	resp_free(&r);

	call_origin("POST", REFRESH, ALLOWED_ORIGIN, "{}", &r);
	fx_expect(&r, 401, "token_missing", "refresh from the allowed origin");
	ck_assert_str_eq(resp_header(&r, "Access-Control-Allow-Origin"),
	    ALLOWED_ORIGIN);
	resp_free(&r);
	call_origin("POST", REFRESH, "https://evil.example", "{}", &r);
	fx_expect(&r, 401, "token_missing", "refresh from another origin");
	ck_assert_msg(!any_cors(&r), "CORS headers for another origin");
	resp_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- */
/* fcauthctl purge                                                  */
/* ---------------------------------------------------------------- */

/* The count fcauthctl purge printed for "table". */
static long
purged(const char *out, const char *table)
{
	char		 key[64];
	const char	*p;

	snprintf(key, sizeof(key), "%s: ", table);
	p = strstr(out, key);
	ck_assert_msg(p != NULL, "no '%s' line in: %s", table, out);
	return strtol(p + strlen(key), NULL, 10);
}

/*
 * Rows past expiry (or revoked, consumed) longer than the grace go;
 * live ones and those within the grace stay.
 */
START_TEST(test_purge)
{
	struct sess	 a, exp_idle, exp_abs, rev_old, rev_new;
	char		 out[1024], tag[40];
	long long	 uid;

	account_new(&a, "purge");
	uid = a.uid;
	login_again(&a, &exp_idle, 0);
	login_again(&a, &exp_abs, 0);
	login_again(&a, &rev_old, 0);
	login_again(&a, &rev_new, 0);
	fx_db_exec("UPDATE sessions SET expires_at = UTC_TIMESTAMP() - "
	    "INTERVAL 2 DAY WHERE id = ?",
	    FX_ARGS(DBV_INT((long long)exp_idle.sid)));
	fx_db_exec("UPDATE sessions SET absolute_expires_at = "
	    "UTC_TIMESTAMP() - INTERVAL 2 DAY WHERE id = ?",
	    FX_ARGS(DBV_INT((long long)exp_abs.sid)));
	fx_db_exec("UPDATE sessions SET revoked_at = UTC_TIMESTAMP() - "
	    "INTERVAL 2 DAY WHERE id = ?",
	    FX_ARGS(DBV_INT((long long)rev_old.sid)));
	fx_db_exec("UPDATE sessions SET revoked_at = UTC_TIMESTAMP() - "
	    "INTERVAL 10 MINUTE WHERE id = ?",
	    FX_ARGS(DBV_INT((long long)rev_new.sid)));
	snprintf(tag, sizeof(tag), "purge-%lld", uid);
	fx_db_exec("INSERT INTO verifications (public_id, user_id, purpose, "
	    "email, created_at, expires_at, consumed_at) VALUES "
	    "(CONCAT(?, '-a'), ?, 'confirm', 'x@example.com', "
	    "UTC_TIMESTAMP() - INTERVAL 3 DAY, UTC_TIMESTAMP() - INTERVAL 2 "
	    "DAY, NULL), (CONCAT(?, '-b'), ?, 'reset', 'x@example.com', "
	    "UTC_TIMESTAMP() - INTERVAL 3 DAY, UTC_TIMESTAMP() + INTERVAL 1 "
	    "HOUR, UTC_TIMESTAMP() - INTERVAL 2 DAY), (CONCAT(?, '-c'), ?, "
	    "'reset', 'x@example.com', UTC_TIMESTAMP(), UTC_TIMESTAMP() + "
	    "INTERVAL 1 HOUR, NULL)", FX_ARGS(DBV_STR(tag), DBV_INT(uid),
	    DBV_STR(tag), DBV_INT(uid), DBV_STR(tag), DBV_INT(uid)));
	/*
	 * Counters of the hourly forgot cap, and one of the account rule,
	 * whose window (consecutive failures) is a year: three days old,
	 * it still counts.
	 */
	fx_db_exec("INSERT INTO throttle (bucket, hits, window_start, "
	    "blocked_until) VALUES (CONCAT('forgot:', ?, '-old'), 3, "
	    "UTC_TIMESTAMP() - INTERVAL 3 DAY, NULL), "
	    "(CONCAT('forgot:', ?, '-blocked'), 9, "
	    "UTC_TIMESTAMP() - INTERVAL 3 DAY, UTC_TIMESTAMP() + INTERVAL 1 "
	    "HOUR), (CONCAT('forgot:', ?, '-new'), 1, UTC_TIMESTAMP(), NULL), "
	    "(CONCAT('login-account:', ?, '-held'), 50, UTC_TIMESTAMP() - "
	    "INTERVAL 3 DAY, NULL)", FX_ARGS(DBV_STR(tag), DBV_STR(tag),
	    DBV_STR(tag), DBV_STR(tag)));

	ck_assert_int_eq(fx_ctl(NULL, "purge --grace 3600", NULL, out,
	    sizeof(out), NULL, 0), 0);
	ck_assert_msg(purged(out, "sessions") >= 3, "%s", out);
	ck_assert_msg(purged(out, "verifications") >= 2, "%s", out);
	ck_assert_msg(purged(out, "throttle") >= 1, "%s", out);

	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM sessions WHERE id IN "
	    "(?)", FX_ARGS(DBV_INT(exp_idle.sid))), 0);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM sessions WHERE id IN "
	    "(?)", FX_ARGS(DBV_INT(exp_abs.sid))), 0);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM sessions WHERE id IN "
	    "(?)", FX_ARGS(DBV_INT(rev_old.sid))), 0);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM sessions WHERE id IN "
	    "(?)", FX_ARGS(DBV_INT(rev_new.sid))), 1);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM sessions WHERE id IN "
	    "(?)", FX_ARGS(DBV_INT(a.sid))), 1);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM verifications WHERE "
	    "user_id = ?", FX_ARGS(DBV_INT(uid))), 1);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM verifications WHERE "
	    "user_id = ? AND public_id = CONCAT(?, '-c')",
	    FX_ARGS(DBV_INT(uid), DBV_STR(tag))), 1);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM throttle WHERE bucket "
	    "LIKE CONCAT('forgot:', ?, '-%')", FX_ARGS(DBV_STR(tag))), 2);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM throttle WHERE bucket "
	    "= CONCAT('forgot:', ?, '-old')", FX_ARGS(DBV_STR(tag))), 0);
	ck_assert_int_eq(fx_db_int("SELECT COUNT(*) FROM throttle WHERE bucket "
	    "= CONCAT('login-account:', ?, '-held')",
	    FX_ARGS(DBV_STR(tag))), 1);
	expect_bearer(a.access, 200, "ok", "a live session after purge");

	/* a second run finds nothing of ours; bad arguments: status 2 */
	ck_assert_int_eq(fx_ctl(NULL, "purge --grace 3600", NULL, out,
	    sizeof(out), NULL, 0), 0);
	ck_assert_int_eq(fx_ctl(NULL, "purge --grace soon", NULL, out,
	    sizeof(out), NULL, 0), 2);
	ck_assert_int_eq(fx_ctl(NULL, "purge --grace", NULL, out, sizeof(out),
	    NULL, 0), 2);
	ck_assert_int_eq(fx_ctl(NULL, "purge --now", NULL, out, sizeof(out),
	    NULL, 0), 2);
	fx_db_exec("DELETE FROM throttle WHERE bucket LIKE "
	    "CONCAT('%:', ?, '-%')", FX_ARGS(DBV_STR(tag)));
}
END_TEST

/* ---------------------------------------------------------------- */
/* Suites                                                           */
/* ---------------------------------------------------------------- */

static Suite *
sessions_suite(void)
{
	Suite	*s = suite_create("sessions");
	TCase	*tc;

	tc = fx_tcase(s, "refresh");
	tcase_add_test(tc, test_refresh_rotates);
	tcase_add_test(tc, test_refresh_chain);
	tcase_add_test(tc, test_refresh_refused);
	tcase_add_test(tc, test_refresh_form);
	tcase_add_test(tc, test_refresh_expired);
	tcase_add_test(tc, test_refresh_remember);
	tcase_add_test(tc, test_refresh_concurrent);

	tc = fx_tcase(s, "logout");
	tcase_add_test(tc, test_logout_bearer);
	tcase_add_test(tc, test_logout_refresh);
	tcase_add_test(tc, test_logout_expired_bearer);
	tcase_add_test(tc, test_logout_all);
	tcase_add_test(tc, test_logout_all_needs_live);

	tc = fx_tcase(s, "list");
	tcase_add_test(tc, test_sessions_list);
	tcase_add_test(tc, test_session_delete);

	tc = fx_tcase(s, "guard");
	tcase_add_test(tc, test_guard_disabled);
	tcase_add_test(tc, test_guard_activity);
	tcase_add_test(tc, test_key_rotation);
	tcase_add_test(tc, test_token_negative);
	tcase_add_test(tc, test_jwks_hs256_empty);

	tc = fx_tcase(s, "eddsa");
	tcase_add_checked_fixture(tc, eddsa_setup, fx_use_main);
	tcase_add_test(tc, test_eddsa_jwks_openssl);
	tcase_add_test(tc, test_eddsa_negative);

	tc = fx_tcase(s, "cookie");
	tcase_add_checked_fixture(tc, cookie_setup, fx_use_main);
	tcase_add_test(tc, test_cookie_mode);
	tcase_add_test(tc, test_cookie_cross_site);
	tc = fx_tcase(s, "no cookie");
	tcase_add_test(tc, test_no_cookie_mode);

	tc = fx_tcase(s, "cors");
	tcase_add_test(tc, test_cors);

	tc = fx_tcase(s, "purge");
	tcase_add_test(tc, test_purge);
	return s;
}

int
main(void)
{
	fx_init("check_sessions");
	srand((unsigned)time(NULL) ^ (unsigned)getpid());
	return fx_run(srunner_create(sessions_suite()));
}
