/*
 * check_authorizer: the members area, guarded by the web server asking
 * fcauth, through whichever server FCAUTH_TEST_URL names (scripts/test
 * runs it through lighttpd and Apache, where auth.fcgi is a FastCGI
 * Authorizer, and nginx, where auth_request asks GET
 * /api/v1/auth/check):
 *
 * - no token, a bad token and a revoked session (after logout) are
 *   refused, and the protected script does not run;
 * - a good token, as a bearer token or as the access cookie, lets
 *   /members/whoami run, and the signed-in user's id and email reach
 *   its environment (REMOTE_USER, FCAUTH_USER_ID, FCAUTH_EMAIL);
 * - /members/admin/ requires the role "admin": 403 for a user (Apache
 *   turns every refusal of an access checker into 401);
 * - GET /api/v1/auth/check itself: headers, envelope, ?role=;
 * - in cookie mode (FCAUTH_TEST_URL_COOKIE, lighttpd), login sets the
 *   access cookie (HttpOnly, SameSite=Lax, Path=/), refresh renews it,
 *   logout clears it, and the cookie alone opens /members/.
 *
 * Environment: FCAUTH_TEST_URL (unset = skip), FCAUTH_TEST_URL_APACHE
 * (to know Apache's 401), FCAUTH_TEST_URL_COOKIE.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <check.h>
#include <json-c/json.h>

#include "client.h"
#include "fixture.h"
#include "raw.h"

/* Three base64url parts: shaped like a JWT, signed by nobody. */
#define BOGUS_JWT	"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.AAAA"
#define PASSWORD	"correct horse battery"

/* Whether FCAUTH_TEST_URL is the Apache of scripts/test. */
static int
under_apache(void)
{
	const char	*ap = getenv("FCAUTH_TEST_URL_APACHE");

	return ap != NULL && *ap != '\0' && strcmp(ap, fx_main_url()) == 0;
}

/* Whether FCAUTH_TEST_URL is lighttpd (neither Apache nor nginx). */
static int
under_lighttpd(void)
{
	const char	*nx = getenv("FCAUTH_TEST_URL_NGINX");

	return !under_apache() &&
	    (nx == NULL || *nx == '\0' || strcmp(nx, fx_main_url()) != 0);
}

/* The tokens and user id of a login payload in "r". */
static void
member_from(const struct resp *r, struct fx_account *m)
{
	struct json_object	*d = resp_data(r);

	fx_jcopy(d, "access_token", m->access, sizeof(m->access));
	fx_jcopy(d, "refresh_token", m->refresh, sizeof(m->refresh));
	m->id = fx_jint(fx_jget(d, "user"), "id");
	ck_assert(m->id > 0);
}

/* A new account on the current server, signed in. */
static void
member_new(struct fx_account *m)
{
	struct resp	 r;

	fx_register(m, "authz", PASSWORD, 0, NULL);
	fx_post("/api/v1/auth/login", &r, "{\"login\":\"%s\",\"password\":"
	    "\"%s\"}", m->email, PASSWORD);
	ck_assert_msg(r.status == 200, "login: %ld %.300s", r.status, r.body);
	member_from(&r, m);
	resp_free(&r);
}

/* GET "path" with the access token as the cookie "cookie" (or none). */
static void
get_cookie(const char *path, const char *name, const char *token,
    struct resp *r)
{
	char		 ck[2400];

	snprintf(ck, sizeof(ck), "theme=dark; %s=%s", name, token);
	fx_send("GET", path, NULL, NULL, NULL, ck, NULL, r);
}

/* The protected script ran for "m": its output names m. */
static void
expect_whoami(const struct resp *r, const struct fx_account *m,
    const char *what)
{
	char	 line[256];

	ck_assert_msg(r->status == 200, "%s: status %ld: %.300s", what,
	    r->status, r->body != NULL ? r->body : "");
	snprintf(line, sizeof(line), "FCAUTH_USER_ID=%lld\n", (long long)m->id);
	ck_assert_msg(strstr(r->body, line) != NULL, "%s: no %s in %.400s",
	    what, line, r->body);
	snprintf(line, sizeof(line), "FCAUTH_EMAIL=%s\n", m->email);
	ck_assert_msg(strstr(r->body, line) != NULL, "%s: no %s in %.400s",
	    what, line, r->body);
	snprintf(line, sizeof(line), "REMOTE_USER=%s\n", m->email);
	ck_assert_msg(strstr(r->body, line) != NULL, "%s: no %s in %.400s",
	    what, line, r->body);
	ck_assert_msg(strstr(r->body, "FCAUTH_ROLE=user\n") != NULL,
	    "%s: role: %.400s", what, r->body);
}

/*
 * The authorizer learns of a revocation from the revocation feed,
 * within [tokens] revocation_poll (1 s here) and a request: wait that
 * long before asking again.
 */
static void
feed_wait(void)
{
	usleep(1100 * 1000);
}

/* Refused: "status", and nothing of the script's output. */
static void
expect_refused(const struct resp *r, long status, const char *what)
{
	ck_assert_msg(r->status == status, "%s: status %ld, want %ld: %.300s",
	    what, r->status, status, r->body != NULL ? r->body : "");
	ck_assert_msg(r->body == NULL || strstr(r->body, "FCAUTH_") == NULL,
	    "%s: the protected script ran: %.300s", what, r->body);
	ck_assert_msg(resp_header(r, "Variable-FCAUTH_EMAIL") == NULL,
	    "%s: authorizer variable leaked", what);
}

START_TEST(test_no_token)
{
	struct resp	 r;

	ck_assert_int_eq(client_get("/members/whoami", NULL, &r), 0);
	expect_refused(&r, 401, "no token");
	/* lighttpd passes the authorizer's own refusal on */
	if (under_lighttpd())
		ck_assert_msg(resp_code(&r) != NULL &&
		    strcmp(resp_code(&r), "token_missing") == 0,
		    "lighttpd: not the authorizer's JSON: %.300s", r.body);
	resp_free(&r);
	ck_assert_int_eq(client_get("/members/", NULL, &r), 0);
	expect_refused(&r, 401, "no token, index");
	resp_free(&r);
	get_cookie("/members/whoami", "fcauth_access", "", &r);
	expect_refused(&r, 401, "empty cookie");
	resp_free(&r);
}
END_TEST

START_TEST(test_bad_token)
{
	struct resp	 r;

	ck_assert_int_eq(client_get("/members/whoami", BOGUS_JWT, &r), 0);
	expect_refused(&r, 401, "bogus bearer");
	resp_free(&r);
	get_cookie("/members/whoami", "fcauth_access", BOGUS_JWT, &r);
	expect_refused(&r, 401, "bogus cookie");
	resp_free(&r);
}
END_TEST

START_TEST(test_good_token)
{
	struct fx_account	 m;
	struct resp		 r;
	const char		*cc;

	member_new(&m);
	ck_assert_int_eq(client_get("/members/whoami", m.access, &r), 0);
	expect_whoami(&r, &m, "bearer");
	ck_assert_msg(resp_header(&r, "Variable-FCAUTH_EMAIL") == NULL &&
	    resp_header(&r, "Variable-REMOTE_USER") == NULL,
	    "authorizer variables reach the client");
	resp_free(&r);
	get_cookie("/members/whoami", "fcauth_access", m.access, &r);
	expect_whoami(&r, &m, "cookie");
	resp_free(&r);
	ck_assert_int_eq(client_get("/members/", m.access, &r), 0);
	ck_assert_msg(r.status == 200 && r.body != NULL &&
	    strstr(r.body, "Members only") != NULL, "index: %ld %.200s",
	    r.status, r.body != NULL ? r.body : "");
	/* a browser must come back (through the guard) before reusing it */
	cc = resp_header(&r, "Cache-Control");
	ck_assert_msg(cc != NULL && (strstr(cc, "no-cache") != NULL ||
	    strstr(cc, "no-store") != NULL), "index Cache-Control: %s",
	    cc != NULL ? cc : "(none)");
	resp_free(&r);
}
END_TEST

START_TEST(test_revoked)
{
	struct fx_account	 m;
	struct resp		 r;

	member_new(&m);
	ck_assert_int_eq(client_get("/members/whoami", m.access, &r), 0);
	expect_whoami(&r, &m, "before logout");
	resp_free(&r);
	ck_assert_int_eq(client_get("/api/v1/auth/logout", m.access, &r), 0);
	ck_assert_int_eq(r.status, 200);
	resp_free(&r);
	feed_wait();
	ck_assert_int_eq(client_get("/members/whoami", m.access, &r), 0);
	expect_refused(&r, 401, "after logout, bearer");
	resp_free(&r);
	get_cookie("/members/whoami", "fcauth_access", m.access, &r);
	expect_refused(&r, 401, "after logout, cookie");
	resp_free(&r);
}
END_TEST

START_TEST(test_wrong_role)
{
	struct fx_account	 m;
	struct resp		 r;

	member_new(&m);
	ck_assert_int_eq(client_get("/members/admin/", m.access, &r), 0);
	expect_refused(&r, under_apache() ? 401 : 403, "user in admin area");
	resp_free(&r);
	/* the same token still opens the members area */
	ck_assert_int_eq(client_get("/members/whoami", m.access, &r), 0);
	expect_whoami(&r, &m, "user in members area");
	resp_free(&r);
}
END_TEST

START_TEST(test_check_route)
{
	struct fx_account	 m;
	struct resp		 r;
	char			 id[32], body[512];

	ck_assert_int_eq(client_get("/api/v1/auth/check", NULL, &r), 0);
	ck_assert_int_eq(r.status, 401);
	ck_assert_str_eq(resp_code(&r), "token_missing");
	ck_assert_ptr_null(resp_header(&r, "X-Fcauth-User"));
	resp_free(&r);
	ck_assert_int_eq(client_get("/api/v1/auth/check", BOGUS_JWT, &r), 0);
	ck_assert_int_eq(r.status, 401);
	ck_assert_str_eq(resp_code(&r), "token_invalid");
	resp_free(&r);

	member_new(&m);
	snprintf(id, sizeof(id), "%lld", (long long)m.id);
	ck_assert_int_eq(client_get("/api/v1/auth/check", m.access, &r), 0);
	ck_assert_msg(r.status == 200, "check: %ld %.300s", r.status, r.body);
	ck_assert_str_eq(resp_code(&r), "ok");
	ck_assert_str_eq(resp_header(&r, "X-Fcauth-User"), m.email);
	ck_assert_str_eq(resp_header(&r, "X-Fcauth-Email"), m.email);
	ck_assert_str_eq(resp_header(&r, "X-Fcauth-User-Id"), id);
	ck_assert_str_eq(resp_header(&r, "X-Fcauth-Role"), "user");
	/* the same three as data, byte for byte the canonical envelope */
	snprintf(body, sizeof(body), "{\"success\":true,\"code\":\"ok\","
	    "\"message\":\"Signed in\",\"data\":{\"user_id\":%s,"
	    "\"email\":\"%s\",\"role\":\"user\"}}", id, m.email);
	ck_assert_str_eq(r.body, body);
	resp_free(&r);
	get_cookie("/api/v1/auth/check", "fcauth_access", m.access, &r);
	ck_assert_int_eq(r.status, 200);
	resp_free(&r);
	ck_assert_int_eq(client_get("/api/v1/auth/check?role=admin", m.access,
	    &r), 0);
	ck_assert_int_eq(r.status, 403);
	ck_assert_str_eq(resp_code(&r), "forbidden");
	resp_free(&r);
	/* a role query that does not decode requires, not waives, a role */
	ck_assert_int_eq(client_get("/api/v1/auth/check?role=%ZZ", m.access,
	    &r), 0);
	ck_assert_int_eq(r.status, 403);
	resp_free(&r);
	ck_assert_int_eq(client_get("/api/v1/auth/check?role=admin,%20user",
	    m.access, &r), 0);
	ck_assert_int_eq(r.status, 200);
	resp_free(&r);
	ck_assert_int_eq(client_request("POST", "/api/v1/auth/check", NULL,
	    NULL, NULL, &r), 0);
	ck_assert_int_eq(r.status, 405);
	resp_free(&r);
}
END_TEST

/*
 * A request with more parameters than a program indexes when it
 * accepts one (APP_PARAMS_MAX, app.c): ninety headers before the
 * Authorization, which the program then finds the library's way.
 * Ninety, not more: Apache takes at most 100 header lines.
 */
static void
check_padded(const char *bearer, long want)
{
	char		 req[8192];
	struct resp	 r;
	size_t		 n, i;

	n = (size_t)snprintf(req, sizeof(req), "GET /api/v1/auth/check "
	    "HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
	for (i = 0; i < 90; i++)
		n += (size_t)snprintf(req + n, sizeof(req) - n,
		    "X-Pad-%02zu: %zu\r\n", i, i);
	if (bearer != NULL)
		n += (size_t)snprintf(req + n, sizeof(req) - n,
		    "Authorization: Bearer %s\r\n", bearer);
	n += (size_t)snprintf(req + n, sizeof(req) - n, "\r\n");
	ck_assert_uint_lt(n, sizeof(req));
	ck_assert_int_eq(raw_exchange(req, n, 0, 10000, &r, NULL), 0);
	ck_assert_msg(r.status == want, "padded check: %ld %.300s", r.status,
	    r.body != NULL ? r.body : "");
	resp_free(&r);
}

START_TEST(test_many_headers)
{
	struct fx_account	 m;

	member_new(&m);
	check_padded(m.access, 200);
	check_padded(NULL, 401);
	check_padded(BOGUS_JWT, 401);
}
END_TEST

/* The value of Set-Cookie "name" of "r" into "val"; the whole line. */
static const char *
cookie_of(const struct resp *r, const char *name, char *val, size_t valsz)
{
	const char	*c;
	size_t		 i, n, len = strlen(name);

	for (i = 0; (c = resp_header_nth(r, "Set-Cookie", i)) != NULL; i++)
		if (strncmp(c, name, len) == 0 && c[len] == '=')
			break;
	ck_assert_msg(c != NULL, "no Set-Cookie %s", name);
	n = strcspn(c + len + 1, ";");
	ck_assert(n < valsz);
	memcpy(val, c + len + 1, n);
	val[n] = '\0';
	return c;
}

START_TEST(test_cookie_mode)
{
	struct fx_account	 m;
	struct resp		 r;
	char			 val[2048], ck[4400];
	const char		*c;

	fx_use_instance("FCAUTH_TEST_URL_COOKIE");
	member_new(&m);

	/* login set the access cookie: the token of the payload */
	fx_post("/api/v1/auth/login", &r, "{\"login\":\"%s\",\"password\":"
	    "\"%s\"}", m.email, PASSWORD);
	ck_assert_int_eq(r.status, 200);
	member_from(&r, &m);
	c = cookie_of(&r, "fcauth_access", val, sizeof(val));
	ck_assert_str_eq(val, m.access);
	ck_assert_msg(strstr(c, "; Path=/;") != NULL &&
	    strstr(c, "HttpOnly") != NULL && strstr(c, "Secure") != NULL &&
	    strstr(c, "SameSite=Lax") != NULL && strstr(c, "Max-Age=") != NULL,
	    "access cookie attributes: %s", c);
	resp_free(&r);

	/* the cookie alone opens the members area */
	snprintf(ck, sizeof(ck), "fcauth_access=%s", m.access);
	fx_send("GET", "/members/whoami", NULL, NULL, NULL, ck, NULL, &r);
	expect_whoami(&r, &m, "cookie instance");
	resp_free(&r);

	/* refresh renews it */
	snprintf(ck, sizeof(ck), "fcauth_refresh=%s", m.refresh);
	fx_send("POST", "/api/v1/auth/refresh", NULL, NULL, NULL, ck, NULL, &r);
	ck_assert_msg(r.status == 200, "refresh: %ld %.300s", r.status, r.body);
	member_from(&r, &m);
	cookie_of(&r, "fcauth_access", val, sizeof(val));
	ck_assert_str_eq(val, m.access);
	resp_free(&r);

	/* logout clears both */
	snprintf(ck, sizeof(ck), "fcauth_refresh=%s; fcauth_access=%s",
	    m.refresh, m.access);
	fx_send("POST", "/api/v1/auth/logout", NULL, NULL, NULL, ck, NULL, &r);
	ck_assert_int_eq(r.status, 200);
	c = cookie_of(&r, "fcauth_access", val, sizeof(val));
	ck_assert_msg(val[0] == '\0' && strstr(c, "Max-Age=0") != NULL,
	    "access cookie not cleared: %s", c);
	c = cookie_of(&r, "fcauth_refresh", val, sizeof(val));
	ck_assert_msg(val[0] == '\0' && strstr(c, "Max-Age=0") != NULL,
	    "refresh cookie not cleared: %s", c);
	resp_free(&r);
	feed_wait();
	snprintf(ck, sizeof(ck), "fcauth_access=%s", m.access);
	fx_send("GET", "/members/whoami", NULL, NULL, NULL, ck, NULL, &r);
	expect_refused(&r, 401, "cookie after logout");
	resp_free(&r);

	fx_use_main();
}
END_TEST

static Suite *
authorizer_suite(void)
{
	Suite	*s = suite_create("authorizer");
	TCase	*tc = fx_tcase(s, "members");

	tcase_add_test(tc, test_no_token);
	tcase_add_test(tc, test_bad_token);
	tcase_add_test(tc, test_good_token);
	tcase_add_test(tc, test_revoked);
	tcase_add_test(tc, test_wrong_role);
	tcase_add_test(tc, test_check_route);
	tcase_add_test(tc, test_many_headers);
	tcase_add_test(tc, test_cookie_mode);
	return s;
}

int
main(void)
{
	fx_init("check_authorizer");
	return fx_run(srunner_create(authorizer_suite()));
}
