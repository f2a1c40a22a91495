/*
 * check_dialect_core: a dialect in the running programs.  The "dialect"
 * instance of scripts/test has [api] dialect = seed004: its login and
 * register answer seed004's bodies verbatim, while the canonical paths
 * of the same instance keep answering canonically.  The programs are
 * run as plain CGIs for the dialect's paths (fx_cgi: no web server
 * needs a route for them) and reached through lighttpd for the
 * canonical ones.  A malformed dialect file stops a program before it
 * serves anything, with the file, line and reason, and fcauthctl
 * check-config says the same; option access_ttl session and link
 * verify / link reset (seed001, and a dialect written here) are seen
 * in the tokens and the mail.
 *
 * Environment: FCAUTH_TEST_URL_DIALECT, FCAUTH_TEST_CONFIG_DIALECT (the
 * instance), FCAUTH_TEST_MAIL_DIR (scripts/test sets them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <json-c/json.h>

#include "client.h"
#include "config.h"
#include "fixture.h"

#define PW		"correct horse battery staple 4"
#define CONF_ENV	"FCAUTH_TEST_CONFIG_DIALECT"
#define URL_ENV		"FCAUTH_TEST_URL_DIALECT"

static char	 err[8192];

/* The JSON text of "o", as json-c writes it plainly. */
static const char *
text(struct json_object *o)
{
	return json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
	    JSON_C_TO_STRING_NOSLASHESCAPE);
}

/*
 * Run "prog" as a CGI with the dialect instance's configuration (or
 * "config"); it must exit 0 and answer.
 */
static void
cgi(const char *prog, const char *config, const char *method,
    const char *uri, const char *body, struct resp *r)
{
	int	 rc;

	rc = fx_cgi(prog, config != NULL ? config : fx_env(CONF_ENV),
	    method, uri, body, NULL, NULL, r, err, sizeof(err));
	ck_assert_msg(rc == 0 && r->status != 0, "%s %s: exit %d, status "
	    "%ld: %s", method, uri, rc, r->status, err);
}

/* The reply is "status" with exactly the keys "status" and "token". */
static void
expect_token(const struct resp *r, long status, const char *what)
{
	const char	*tok;

	ck_assert_msg(r->status == status && r->json != NULL, "%s: %ld %s",
	    what, r->status, r->body);
	ck_assert_msg(json_object_object_length(r->json) == 2, "%s: %s",
	    what, r->body);
	ck_assert_str_eq(fx_jstr(r->json, "status"), "success");
	tok = fx_jstr(r->json, "token");
	ck_assert_msg(tok != NULL && strncmp(tok, "eyJ", 3) == 0, "%s: %s",
	    what, r->body);
}

/* The one field error "field" of a seed004 failure, 400. */
static struct json_object *
expect_fail(const struct resp *r, const char *field)
{
	struct json_object	*errs, *e;

	ck_assert_msg(r->status == 400 && r->json != NULL, "%ld %s",
	    r->status, r->body);
	ck_assert_str_eq(fx_jstr(r->json, "status"), "fail");
	ck_assert_msg(json_object_object_length(r->json) == 2, "%s", r->body);
	errs = fx_jget(r->json, "errors");
	e = fx_jget(errs, field);
	ck_assert_msg(e != NULL, "no errors.%s: %s", field, r->body);
	return e;
}

/*
 * seed004 verbatim: register {name, email, password} and login {email,
 * password} answer 200 {"status":"success","token"}; the token is an
 * access token the canonical API of the same instance takes.
 */
/*
 * The mails to "to" once there are "want" of them (3 s at most), the
 * newest in "*mail" (what it held is the caller's, already freed or
 * NULL): another suite's mail worker may have claimed the
 * message, and write it a moment after ours found nothing to send.
 */
static int
mail_count_wait(const char *to, int want, char **mail)
{
	const struct timespec	 tick = { 0, 100 * 1000 * 1000 };
	int			 n = 0, i;

	for (i = 0; i < 30; i++) {
		fx_deliver("FCAUTH_TEST_CONFIG_LINKS");
		if (i > 0)
			free(*mail);	/* the one the last try found */
		if ((n = fx_mail_for(to, mail)) >= want)
			break;
		nanosleep(&tick, NULL);
	}
	return n;
}

START_TEST(test_seed004_register_login)
{
	struct resp	 r, p;
	char		 email[CLIENT_EMAIL_MAX], body[1024];
	char		 token[2048];

	client_unique_email("d4", email);
	snprintf(body, sizeof(body), "{\"name\":\"Ann Lee\",\"email\":\"%s\","
	    "\"password\":\"%s\"}", email, PW);
	cgi("registration", NULL, "POST", "/api/auth/register/", body, &r);
	expect_token(&r, 200, "register");
	fx_jcopy(r.json, "token", token, sizeof(token));
	resp_free(&r);

	/* the name went in as the full name */
	fx_use_instance(URL_ENV);
	fx_call("GET", "/api/v1/profile", token, NULL, NULL, &p);
	fx_expect(&p, 200, "ok", "canonical profile with the dialect's token");
	ck_assert_str_eq(fx_jstr(resp_data(&p), "full_name"), "Ann Lee");
	ck_assert_str_eq(fx_jstr(resp_data(&p), "email"), email);
	resp_free(&p);
	fx_use_main();

	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}",
	    email, PW);
	cgi("auth", NULL, "POST", "/api/auth/login/", body, &r);
	expect_token(&r, 200, "login");
	resp_free(&r);
	/* the trailing slash is the document's; without it, the same */
	cgi("auth", NULL, "POST", "/api/auth/login", body, &r);
	expect_token(&r, 200, "login without the slash");
	ck_assert_str_eq(resp_header(&r, "Content-Type"),
	    "application/json; charset=utf-8");
	ck_assert_str_eq(resp_header(&r, "Cache-Control"), "no-store");
	resp_free(&r);

	/* a wrong password: errors.main.msg, one answer for all */
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s!\"}",
	    email, PW);
	cgi("auth", NULL, "POST", "/api/auth/login/", body, &r);
	ck_assert_int_eq(r.status, 400);
	ck_assert_str_eq(r.body, "{\"status\":\"fail\",\"errors\":{\"main\":"
	    "{\"msg\":\"Invalid email or password\"}}}");
	resp_free(&r);
	snprintf(body, sizeof(body), "{\"email\":\"nobody-%s\",\"password\":"
	    "\"%s\"}", email, PW);
	cgi("auth", NULL, "POST", "/api/auth/login/", body, &r);
	ck_assert_int_eq(r.status, 400);
	ck_assert_str_eq(r.body, "{\"status\":\"fail\",\"errors\":{\"main\":"
	    "{\"msg\":\"Invalid email or password\"}}}");
	resp_free(&r);
}
END_TEST

/*
 * seed004's field errors: express-validator's {value, msg, param,
 * location} under the dialect's names, "name" required.
 */
START_TEST(test_seed004_errors)
{
	struct json_object	*e;
	struct resp		 r;
	char			 email[CLIENT_EMAIL_MAX], body[1024];

	client_unique_email("d4e", email);
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}",
	    email, PW);
	cgi("registration", NULL, "POST", "/api/auth/register/", body, &r);
	e = expect_fail(&r, "name");
	ck_assert_str_eq(fx_jstr(e, "msg"), "Full name is required!");
	ck_assert_str_eq(fx_jstr(e, "param"), "name");
	ck_assert_str_eq(fx_jstr(e, "location"), "body");
	ck_assert(!fx_jhas(e, "value"));
	resp_free(&r);

	/* the canonical name is not the dialect's */
	snprintf(body, sizeof(body), "{\"full_name\":\"Ann\",\"email\":\"%s\","
	    "\"password\":\"%s\"}", email, PW);
	cgi("registration", NULL, "POST", "/api/auth/register/", body, &r);
	ck_assert_int_eq(r.status, 400);
	resp_free(&r);

	snprintf(body, sizeof(body), "{\"name\":\"Ann\",\"email\":\"not-an-"
	    "address\",\"password\":\"%s\"}", PW);
	cgi("registration", NULL, "POST", "/api/auth/register/", body, &r);
	e = expect_fail(&r, "email");
	ck_assert_str_eq(fx_jstr(e, "value"), "not-an-address");
	ck_assert_str_eq(fx_jstr(e, "param"), "email");
	ck_assert_str_eq(fx_jstr(e, "location"), "body");
	ck_assert_ptr_nonnull(fx_jstr(e, "msg"));
	/* in the document's order */
	ck_assert_msg(strncmp(text(fx_jget(r.json, "errors")), "{\"email\":{"
	    "\"value\":\"not-an-address\",\"msg\":\"", 42) == 0, "%s",
	    r.body);
	resp_free(&r);

	/* a body that cannot be read: the dialect's words all the same */
	cgi("registration", NULL, "POST", "/api/auth/register/", "{\"name\":",
	    &r);
	e = expect_fail(&r, "main");
	ck_assert_str_eq(fx_jstr(e, "msg"), "The request body could not be "
	    "read");
	resp_free(&r);
	fx_use_instance(URL_ENV);
	fx_send("POST", "/api/v1/auth/register", FX_JSON, "{\"name\":", NULL,
	    NULL, NULL, &r);
	fx_expect(&r, 400, "malformed_request", "canonical malformed body");
	resp_free(&r);
	fx_use_main();
}
END_TEST

/*
 * The canonical API on the same instance, through lighttpd: register
 * (the canonical names: "full_name") and login answer the envelope.
 */
START_TEST(test_canonical_beside)
{
	struct resp	 r;
	char		 email[CLIENT_EMAIL_MAX];

	fx_use_instance(URL_ENV);
	client_unique_email("d4c", email);
	fx_post("/api/v1/auth/register", &r, "{\"email\":\"%s\",\"password\":"
	    "\"%s\",\"full_name\":\"Cy Canon\"}", email, PW);
	ck_assert_msg(r.status == 201 || r.status == 200, "%ld %s", r.status,
	    r.body);
	ck_assert(json_object_get_boolean(fx_jget(r.json, "success")));
	ck_assert_str_eq(resp_code(&r), "ok");
	ck_assert_str_eq(fx_jstr(fx_jget(resp_data(&r), "user"), "full_name"),
	    "Cy Canon");
	resp_free(&r);
	fx_post("/api/v1/auth/login", &r, "{\"email\":\"%s\",\"password\":"
	    "\"%s\"}", email, PW);
	fx_expect(&r, 200, "ok", "canonical login");
	ck_assert_ptr_nonnull(fx_jstr(resp_data(&r), "access_token"));
	ck_assert_str_eq(fx_jstr(resp_data(&r), "token_type"), "Bearer");
	ck_assert(!fx_jhas(r.json, "status"));
	resp_free(&r);
	/* the dialect's path is no path of lighttpd's canonical routes,
	 * and a wrong password is the canonical 401 here */
	fx_post("/api/v1/auth/login", &r, "{\"email\":\"%s\",\"password\":"
	    "\"x%s\"}", email, PW);
	fx_expect(&r, 401, "invalid_credentials", "canonical failure");
	resp_free(&r);
	fx_use_main();
}
END_TEST

/* A file "name" with "body" in a new temporary directory "dir". */
static void
tmp_file(char *dir, size_t dirsz, const char *name, const char *body,
    char *path, size_t pathsz)
{
	FILE	*f;

	if (dir[0] == '\0') {
		snprintf(dir, dirsz, "/tmp/fcauth-dialect-XXXXXX");
		ck_assert_ptr_nonnull(mkdtemp(dir));
	}
	snprintf(path, pathsz, "%s/%s", dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs(body, f);
	fclose(f);
}

/* A configuration: the dialect instance's, then "extra". */
static void
tmp_config(char *dir, size_t dirsz, const char *extra, char *path,
    size_t pathsz)
{
	char	 body[4096];

	snprintf(body, sizeof(body), "include = %s\n%s", fx_env(CONF_ENV),
	    extra);
	tmp_file(dir, dirsz, "fcauth.conf", body, path, pathsz);
}

static void
tmp_clean(const char *dir)
{
	char	 cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	ck_assert_int_eq(system(cmd), 0);
}

/*
 * A malformed dialect: every program refuses to start with its
 * FILE:LINE: reason and answers nothing; check-config says the same.
 * The good one of the instance passes check-config.
 */
START_TEST(test_malformed_refused)
{
	static const char *const progs[] = { "auth", "registration",
	    "verification", "profile", "activity" };
	struct resp	 r;
	char		 dir[64] = "", bad[256], conf[256], extra[512];
	char		 want[512], out[4096];
	size_t		 i;
	int		 rc;

	tmp_file(dir, sizeof(dir), "broken", "dialect broken\n"
	    "route POST /api/login -> login\n"
	    "reply login 200 { \"token\": $no_such_variable }\n",
	    bad, sizeof(bad));
	snprintf(extra, sizeof(extra), "[api]\ndialect = %s\n", bad);
	tmp_config(dir, sizeof(dir), extra, conf, sizeof(conf));
	snprintf(want, sizeof(want), "%s:3: ", bad);
	for (i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		rc = fx_cgi(progs[i], conf, "POST", "/api/login", "{}", NULL,
		    NULL, &r, err, sizeof(err));
		ck_assert_msg(rc != 0, "%s started", progs[i]);
		ck_assert_msg(r.status == 0 && r.bodylen == 0, "%s answered: "
		    "%s", progs[i], r.body != NULL ? r.body : "");
		ck_assert_msg(strstr(err, want) != NULL, "%s: %s", progs[i],
		    err);
		resp_free(&r);
	}
	ck_assert_msg(strncmp(err, "fcauth-activity: ", 17) == 0, "%s", err);
	rc = fx_ctl(conf, "check-config", NULL, out, sizeof(out), err,
	    sizeof(err));
	ck_assert_int_eq(rc, 1);
	snprintf(want, sizeof(want), "fcauthctl: %s:3: ", bad);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "%s", err);

	/* a name that is no file in dialects_dir */
	snprintf(extra, sizeof(extra), "[api]\ndialect = seed999\n");
	tmp_config(dir, sizeof(dir), extra, conf, sizeof(conf));
	rc = fx_cgi("auth", conf, "POST", "/api/login", "{}", NULL, NULL, &r,
	    err, sizeof(err));
	ck_assert_int_ne(rc, 0);
	ck_assert_msg(strstr(err, "/seed999") != NULL, "%s", err);
	resp_free(&r);
	ck_assert_int_eq(fx_ctl(conf, "check-config", NULL, out, sizeof(out),
	    err, sizeof(err)), 1);
	ck_assert_msg(strstr(err, "/seed999") != NULL, "%s", err);

	/* the instance's own */
	ck_assert_int_eq(fx_ctl(fx_env(CONF_ENV), "check-config", NULL, out,
	    sizeof(out), err, sizeof(err)), 0);
	ck_assert_msg(strstr(out, "/seed004: dialect seed004: ok\n") != NULL,
	    "%s", out);
	tmp_clean(dir);
}
END_TEST

/* The lifetime (exp - iat) of access token "tok". */
static long long
lifetime(const char *tok)
{
	struct json_object	*c = fx_jwt_claims(tok);
	long long		 t;

	t = (long long)(fx_jint(c, "exp") - fx_jint(c, "iat"));
	json_object_put(c);
	return t;
}

/*
 * option access_ttl session (seed001): its login's token lives as long
 * as the session, "remember" choosing which; a canonical login on the
 * same configuration keeps [tokens] access_ttl.
 */
START_TEST(test_access_ttl_session)
{
	struct config	 cfg;
	struct resp	 r;
	char		 dir[64] = "", conf[256], extra[512], body[1024];
	char		 email[CLIENT_EMAIL_MAX], user[CLIENT_USERNAME_MAX];
	char		 tok[2048];

	snprintf(extra, sizeof(extra), "[api]\ndialect = seed001\n");
	tmp_config(dir, sizeof(dir), extra, conf, sizeof(conf));
	ck_assert_int_eq(setenv("FCAUTH_TEST_CONFIG_SEED001", conf, 1), 0);
	fx_config("FCAUTH_TEST_CONFIG_SEED001", &cfg);

	client_unique_email("d1", email);
	client_unique_username("d1", user);
	snprintf(body, sizeof(body), "{\"username\":\"%s\",\"email\":\"%s\","
	    "\"pwd\":\"%s\"}", user, email, PW);
	cgi("registration", conf, "POST", "/api/registration", body, &r);
	ck_assert_msg(r.status == 200, "%s", r.body);
	ck_assert_str_eq(fx_jstr(r.json, "status"), "OK");
	resp_free(&r);

	snprintf(body, sizeof(body), "{\"username\":\"%s\",\"pwd\":\"%s\","
	    "\"remember\":true}", user, PW);
	cgi("auth", conf, "POST", "/api/login", body, &r);
	ck_assert_msg(r.status == 200, "%s", r.body);
	fx_jcopy(fx_jget(r.json, "data"), "token", tok, sizeof(tok));
	ck_assert_int_eq(lifetime(tok), cfg.refresh_ttl_remember);
	resp_free(&r);
	snprintf(body, sizeof(body), "{\"username\":\"%s\",\"pwd\":\"%s\"}",
	    user, PW);
	cgi("auth", conf, "POST", "/api/login", body, &r);
	fx_jcopy(fx_jget(r.json, "data"), "token", tok, sizeof(tok));
	ck_assert_int_eq(lifetime(tok), cfg.refresh_ttl);
	resp_free(&r);

	snprintf(body, sizeof(body), "{\"username\":\"%s\",\"password\":"
	    "\"%s\",\"remember\":true}", user, PW);
	cgi("auth", conf, "POST", "/api/v1/auth/login", body, &r);
	fx_expect(&r, 200, "ok", "canonical login");
	ck_assert_int_eq(fx_jint(resp_data(&r), "expires_in"), cfg.access_ttl);
	fx_jcopy(resp_data(&r), "access_token", tok, sizeof(tok));
	ck_assert_int_eq(lifetime(tok), cfg.access_ttl);
	resp_free(&r);
	config_free(&cfg);
	tmp_clean(dir);
}
END_TEST

/*
 * link verify (seed001's /api/confirm_email/<token>) and link reset (a
 * dialect written here): the mails link to the dialect's paths, from
 * the configured base URL, and seed001's link confirms the address.
 */
START_TEST(test_links)
{
	struct resp	 r;
	char		 dir[64] = "", conf[256], extra[1024], body[1024];
	char		 email[CLIENT_EMAIL_MAX], link[FX_TOKEN_LEN + 1];
	char		 path[256], uri[256], dpath[256];
	char		*mail = NULL;

	snprintf(extra, sizeof(extra), "[accounts]\nverification = yes\n"
	    "[mail]\nbase_url = https://old.example\n"
	    "[api]\ndialect = seed001\n");
	tmp_config(dir, sizeof(dir), extra, conf, sizeof(conf));
	ck_assert_int_eq(setenv("FCAUTH_TEST_CONFIG_LINKS", conf, 1), 0);

	client_unique_email("d1l", email);
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"pwd\":\"%s\"}",
	    email, PW);
	cgi("registration", conf, "POST", "/api/registration", body, &r);
	ck_assert_msg(r.status == 200, "%s", r.body);
	ck_assert_str_eq(r.body, "{\"status\":\"OK\",\"msg\":"
	    "\"Check your email...\"}");
	resp_free(&r);
	ck_assert_int_eq(mail_count_wait(email, 1, &mail), 1);
	fx_mail_token(mail, "https://old.example/api/confirm_email/", link);
	free(mail);
	snprintf(uri, sizeof(uri), "/api/confirm_email/%s", link);
	cgi("verification", conf, "GET", uri, NULL, &r);
	ck_assert_msg(r.status == 200, "%s", r.body);
	ck_assert_str_eq(r.body, "{\"status\":\"OK\",\"msg\":"
	    "\"Your email has been confirmed.\"}");
	resp_free(&r);

	/* a sixth dialect, only the forgot route and its reset link */
	tmp_file(dir, sizeof(dir), "resetter", "dialect resetter\n"
	    "link reset /reset/<token>\n"
	    "route POST /api/forgot -> forgot\n", dpath, sizeof(dpath));
	snprintf(extra, sizeof(extra), "[mail]\nbase_url = https://old.example"
	    "\n[api]\ndialect = %s\n", dpath);
	tmp_config(dir, sizeof(dir), extra, conf, sizeof(conf));
	snprintf(body, sizeof(body), "{\"email\":\"%s\"}", email);
	cgi("verification", conf, "POST", "/api/forgot", body, &r);
	ck_assert_msg(r.status == 200 || r.status == 202, "%s", r.body);
	ck_assert(json_object_get_boolean(fx_jget(r.json, "success")));
	resp_free(&r);
	ck_assert_int_eq(mail_count_wait(email, 2, &mail), 2);
	snprintf(path, sizeof(path), "https://old.example/reset/");
	fx_mail_token(mail, path, link);
	ck_assert_ptr_null(strstr(mail, "#token="));
	free(mail);
	tmp_clean(dir);
}
END_TEST

/*
 * cookie refresh PATH (a dialect written here): login sets the refresh
 * cookie with that Path though [http] cookie_mode is off, and refresh
 * reads it from the cookie alone; the canonical login sets none.
 */
START_TEST(test_cookie_refresh)
{
	struct resp	 r;
	char		 dir[64] = "", conf[256], extra[512], body[1024];
	char		 dpath[256], email[CLIENT_EMAIL_MAX], cookie[512];
	const char	*sc, *end;
	int		 rc;

	tmp_file(dir, sizeof(dir), "cookies", "dialect cookies\n"
	    "cookie refresh /api/x\n"
	    "route POST /api/x/login -> login\n"
	    "route GET /api/x/refresh -> refresh\n", dpath, sizeof(dpath));
	snprintf(extra, sizeof(extra), "[api]\ndialect = %s\n", dpath);
	tmp_config(dir, sizeof(dir), extra, conf, sizeof(conf));

	fx_use_instance(URL_ENV);
	client_unique_email("dc", email);
	fx_post("/api/v1/auth/register", &r, "{\"email\":\"%s\",\"password\":"
	    "\"%s\"}", email, PW);
	resp_free(&r);
	fx_use_main();
	snprintf(body, sizeof(body), "{\"email\":\"%s\",\"password\":\"%s\"}",
	    email, PW);
	cgi("auth", conf, "POST", "/api/v1/auth/login", body, &r);
	fx_expect(&r, 200, "ok", "canonical login");
	ck_assert_ptr_null(resp_header(&r, "Set-Cookie"));
	resp_free(&r);
	cgi("auth", conf, "POST", "/api/x/login", body, &r);
	fx_expect(&r, 200, "ok", "the dialect's login (no reply line)");
	sc = resp_header(&r, "Set-Cookie");
	ck_assert_msg(sc != NULL && strncmp(sc, "fcauth_refresh=", 15) == 0,
	    "%s", sc != NULL ? sc : "no Set-Cookie");
	ck_assert_msg(strstr(sc, "; Path=/api/x;") != NULL, "%s", sc);
	ck_assert_msg(strstr(sc, "HttpOnly") != NULL, "%s", sc);
	end = strchr(sc, ';');
	snprintf(cookie, sizeof(cookie), "%.*s", (int)(end - sc), sc);
	resp_free(&r);

	rc = fx_cgi("auth", conf, "GET", "/api/x/refresh", NULL, NULL, cookie,
	    &r, err, sizeof(err));
	ck_assert_int_eq(rc, 0);
	fx_expect(&r, 200, "ok", "refresh from the cookie");
	ck_assert_ptr_nonnull(fx_jstr(resp_data(&r), "access_token"));
	resp_free(&r);
	tmp_clean(dir);
}
END_TEST

static Suite *
dialect_core_suite(void)
{
	Suite	*s = suite_create("dialect_core");
	TCase	*tc;

	tc = fx_tcase(s, "seed004");
	tcase_add_test(tc, test_seed004_register_login);
	tcase_add_test(tc, test_seed004_errors);
	tcase_add_test(tc, test_canonical_beside);
	tc = fx_tcase(s, "start");
	tcase_add_test(tc, test_malformed_refused);
	tc = fx_tcase(s, "options");
	tcase_add_test(tc, test_access_ttl_session);
	tcase_add_test(tc, test_links);
	tcase_add_test(tc, test_cookie_refresh);
	return s;
}

int
main(void)
{
	fx_init("check_dialect_core");
	return fx_run(srunner_create(dialect_core_suite()));
}
