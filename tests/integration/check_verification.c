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
#include "config.h"
#include "db.h"
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
#define TOKEN_LEN	43
#define MAIL_MAX	(256 * 1024)

/* An account made by a test. */
struct account {
	char		 email[CLIENT_EMAIL_MAX];
	char		 vid[TOKEN_LEN + 1];	/* verification_id */
	int64_t		 id;
};

/* ---------------------------------------------------------------- */
/* helpers                                                          */
/* ---------------------------------------------------------------- */

static const char *
env_or_fail(const char *name)
{
	const char	*v = getenv(name);

	ck_assert_msg(v != NULL && *v != '\0', "%s is not set", name);
	return v;
}

/* Point the client at the instance whose URL is in env "name". */
static void
use_instance(const char *name)
{
	setenv("FCAUTH_TEST_URL", env_or_fail(name), 1);
	client_init_or_exit("check_verification");
}

static struct json_object *
jget(struct json_object *o, const char *key)
{
	struct json_object	*v = NULL;

	if (o == NULL || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static const char *
jstr(struct json_object *o, const char *key)
{
	struct json_object	*v = jget(o, key);

	return v != NULL && json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : NULL;
}

static long long
jint(struct json_object *o, const char *key)
{
	struct json_object	*v = jget(o, key);

	ck_assert_msg(v != NULL && json_object_is_type(v, json_type_int),
	    "member %s is not an integer", key);
	return json_object_get_int64(v);
}

/* POST "fmt" (printf) as JSON to "path". */
static void
post(const char *path, struct resp *r, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
post(const char *path, struct resp *r, const char *fmt, ...)
{
	char	 body[4096];
	va_list	 ap;

	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	ck_assert_int_eq(client_post_json(path, body, r), 0);
}

/* Assert status and code of "r". */
static void
expect(const struct resp *r, long status, const char *code)
{
	ck_assert_msg(r->status == status && resp_code(r) != NULL &&
	    strcmp(resp_code(r), code) == 0,
	    "expected %ld %s, got %ld: %s", status, code, r->status,
	    r->body != NULL ? r->body : "(no body)");
}

/* Run fcauthctl mail-worker --once with "cfg"; its exit status. */
static int
run_worker(const char *cfg)
{
	const char	*ctl = env_or_fail("FCAUTH_TEST_CTL");
	pid_t		 pid;
	int		 status;

	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		execl(ctl, ctl, "--config", cfg, "mail-worker", "--once",
		    (char *)NULL);
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static void
deliver(const char *cfg_env)
{
	ck_assert_int_eq(run_worker(env_or_fail(cfg_env)), 0);
}

/* Read file "path" into a new string, or NULL. */
static char *
slurp(const char *path)
{
	FILE	*f;
	char	*buf;
	size_t	 n;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	buf = malloc(MAIL_MAX + 1);
	n = buf != NULL ? fread(buf, 1, MAIL_MAX, f) : 0;
	fclose(f);
	if (buf != NULL)
		buf[n] = '\0';
	return buf;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The mail delivered to "to": how many messages, and (when "latest" is
 * not NULL) the text of the newest in a new string.
 */
static int
mail_for(const char *to, char **latest)
{
	const char	*dir = env_or_fail("FCAUTH_TEST_MAIL_DIR");
	char		 want[CLIENT_EMAIL_MAX + 16], path[4096];
	static char	*names[4096];
	char		*text, *hdr_end;
	struct dirent	*e;
	DIR		*d;
	size_t		 n = 0, i;
	int		 count = 0;

	if (latest != NULL)
		*latest = NULL;
	snprintf(want, sizeof(want), "\nTo: %s\n", to);
	ck_assert_msg((d = opendir(dir)) != NULL, "cannot open %s", dir);
	while ((e = readdir(d)) != NULL && n < 4096)
		if (e->d_name[0] != '.' && strstr(e->d_name, ".eml") != NULL)
			names[n++] = strdup(e->d_name);
	closedir(d);
	qsort(names, n, sizeof(names[0]), name_cmp);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if ((text = slurp(path)) == NULL)
			continue;
		hdr_end = strstr(text, "\n\n");
		if (hdr_end != NULL && strstr(text, want) != NULL &&
		    strstr(text, want) < hdr_end) {
			count++;
			if (latest != NULL) {
				free(*latest);
				*latest = text;
				text = NULL;
			}
		}
		free(text);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	return count;
}

/* The numeric code in a mail: the first line of only blanks and digits. */
static void
mail_code(const char *text, char *code, size_t codesz)
{
	const char	*p = strstr(text, "\n\n"), *q;
	size_t		 n;

	ck_assert_ptr_nonnull(p);
	for (; p != NULL && *p != '\0'; p = strchr(p + 1, '\n')) {
		q = p + 1;
		while (*q == ' ')
			q++;
		for (n = 0; q[n] >= '0' && q[n] <= '9'; n++)
			continue;
		if (n >= 4 && n < codesz && (q[n] == '\n' || q[n] == '\0')) {
			memcpy(code, q, n);
			code[n] = '\0';
			return;
		}
	}
	ck_abort_msg("no code in the mail:\n%s", text);
}

/* The 43-character token that follows "marker" in a mail. */
static void
mail_token(const char *text, const char *marker, char *tok)
{
	const char	*p = strstr(text, marker);

	ck_assert_msg(p != NULL, "no %s in the mail:\n%s", marker, text);
	p += strlen(marker);
	memcpy(tok, p, TOKEN_LEN);
	tok[TOKEN_LEN] = '\0';
	ck_assert_msg(strspn(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789-_") == TOKEN_LEN, "bad token in the mail");
}

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
signup(const char *prefix, struct account *a)
{
	struct resp	 r;
	const char	*vid;

	memset(a, 0, sizeof(*a));
	client_unique_email(prefix, a->email);
	post(REGISTER, &r, "{\"email\":\"%s\",\"password\":\"" PW "\"}",
	    a->email);
	expect(&r, 201, "ok");
	vid = jstr(resp_data(&r), "verification_id");
	ck_assert_ptr_nonnull(vid);
	ck_assert_uint_eq(strlen(vid), TOKEN_LEN);
	snprintf(a->vid, sizeof(a->vid), "%s", vid);
	a->id = jint(resp_data(&r), "user_id");
	ck_assert_int_gt(jint(resp_data(&r), "expires_in"), 0);
	ck_assert_int_ge(jint(resp_data(&r), "resend_after"), 0);
	resp_free(&r);
}

/* Deliver, then the code and link token of the newest mail to "a". */
static void
code_and_link(const char *cfg_env, const struct account *a, char *code,
    char *link)
{
	char	*text;

	deliver(cfg_env);
	ck_assert_int_ge(mail_for(a->email, &text), 1);
	mail_code(text, code, 16);
	mail_token(text, "/api/v1/auth/verify/", link);
	free(text);
}

/* Log in with "pw": the status. */
static long
login_status(const char *email, const char *pw, const char *code)
{
	struct resp	 r;
	long		 st;

	post(LOGIN, &r, "{\"login\":\"%s\",\"password\":\"%s\"}", email, pw);
	if (code != NULL)
		expect(&r, r.status, code);
	st = r.status;
	resp_free(&r);
	return st;
}

/* A code that is not "code": its last digit changed. */
static void
wrong_code(const char *code, char *out)
{
	size_t	 n = strlen(code);

	memcpy(out, code, n + 1);
	out[n - 1] = (char)('0' + (code[n - 1] - '0' + 1) % 10);
}

/* The database (schema owner), for what the API does not show. */
static struct db *
dbh(void)
{
	static struct config	 cfg;
	static struct db	*db;
	char			 err[512];

	if (db != NULL)
		return db;
	ck_assert_msg(config_load(&cfg, env_or_fail("FCAUTH_TEST_ADMIN_CONFIG"),
	    err, sizeof(err)) == 0, "admin config: %s", err);
	ck_assert_ptr_nonnull(db = db_open(&cfg));
	return db;
}

/* One integer from "sql" with one string argument. */
static long long
sql_int_s(const char *sql, const char *arg)
{
	long long	 v = -1;
	struct db_val	 a = DBV_STR(arg);
	struct db_col	 c = DBC_INT(&v);

	ck_assert_msg(db_row(dbh(), sql, &a, 1, &c, 1) == 1, "%s: %s", sql,
	    db_strerror(dbh()));
	return v;
}

/* One integer from "sql" with one integer argument. */
static long long
sql_int_i(const char *sql, long long arg)
{
	long long	 v = -1;
	struct db_val	 a = DBV_INT(arg);
	struct db_col	 c = DBC_INT(&v);

	ck_assert_msg(db_row(dbh(), sql, &a, 1, &c, 1) == 1, "%s: %s", sql,
	    db_strerror(dbh()));
	return v;
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
	expect(&r, 200, "ok");
	ck_assert_str_eq(jstr(resp_data(&r), "status"), status);
	ck_assert_ptr_nonnull(jstr(resp_data(&r), "email"));
	if (strcmp(status, "pending") == 0)
		ck_assert_int_gt(jint(resp_data(&r), "expires_in"), 0);
	else
		ck_assert_int_eq(jint(resp_data(&r), "expires_in"), 0);
	post("/api/v1/auth/verify/status", &p, "{\"verification_id\":\"%s\"}",
	    vid);
	expect(&p, 200, "ok");
	ck_assert_str_eq(jstr(resp_data(&p), "status"), status);
	ck_assert_str_eq(jstr(resp_data(&p), "email"),
	    jstr(resp_data(&r), "email"));
	resp_free(&r);
	resp_free(&p);
}

/* ---------------------------------------------------------------- */
/* verify                                                           */
/* ---------------------------------------------------------------- */

/* register -> 403 at login -> verify by code -> signed in -> login. */
START_TEST(test_code_then_login)
{
	struct account		 a;
	struct resp		 r;
	struct json_object	*u;
	char			 code[16], link[TOKEN_LEN + 1], *text;

	use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vcode", &a);
	login_status(a.email, PW, "email_not_verified");
	ck_assert_int_eq(login_status(a.email, "wrong password 123", NULL), 401);
	code_and_link("FCAUTH_TEST_CONFIG_VERIFY", &a, code, link);
	ck_assert_uint_eq(strlen(code), 6);
	expect_status(a.vid, "pending");

	/* the mail itself: headers and the link to this instance */
	ck_assert_int_eq(mail_for(a.email, &text), 1);
	ck_assert_ptr_nonnull(strstr(text, "\nSubject: "));
	ck_assert_ptr_nonnull(strstr(text, "\nDate: "));
	ck_assert_ptr_nonnull(strstr(text, "\nMessage-ID: <"));
	ck_assert_ptr_nonnull(strstr(text, "\nMIME-Version: 1.0\n"));
	ck_assert_ptr_nonnull(strstr(text,
	    "\nContent-Type: text/plain; charset=utf-8\n"));
	ck_assert_ptr_nonnull(strstr(text, "From: "));
	ck_assert_ptr_nonnull(strstr(text, getenv("FCAUTH_TEST_URL_VERIFY")));
	free(text);

	post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    a.vid, code);
	expect(&r, 200, "ok");
	ck_assert_ptr_nonnull(jstr(resp_data(&r), "access_token"));
	ck_assert_ptr_nonnull(jstr(resp_data(&r), "refresh_token"));
	ck_assert_str_eq(jstr(resp_data(&r), "token_type"), "Bearer");
	u = jget(resp_data(&r), "user");
	ck_assert_str_eq(jstr(u, "email"), a.email);
	ck_assert(json_object_get_boolean(jget(u, "email_verified")));
	ck_assert_str_eq(jstr(u, "status"), "active");
	ck_assert_ptr_nonnull(jstr(u, "last_login_date"));
	ck_assert_ptr_null(strstr(r.body, code));
	resp_free(&r);

	ck_assert_int_eq(login_status(a.email, PW, "ok"), 200);
	expect_status(a.vid, "verified");
	ck_assert_int_eq(sql_int_i("SELECT COUNT(*) FROM audit_log "
	    "WHERE user_id = ? AND event = 'verify'", a.id), 1);

	/* used: the code and the link are dead */
	post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    a.vid, code);
	expect(&r, 410, "verification_expired");
	resp_free(&r);
	post(VERIFY, &r, "{\"token\":\"%s\"}", link);
	expect(&r, 410, "verification_expired");
	resp_free(&r);
}
END_TEST

/* register -> click the link (GET) -> login. */
START_TEST(test_link_then_login)
{
	struct account	 a;
	struct resp	 r;
	char		 code[16], link[TOKEN_LEN + 1], path[128];

	use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vlink", &a);
	code_and_link("FCAUTH_TEST_CONFIG_VERIFY", &a, code, link);
	snprintf(path, sizeof(path), VERIFY "/%s", link);
	ck_assert_int_eq(client_get(path, NULL, &r), 0);
	expect(&r, 200, "ok");
	ck_assert_str_eq(jstr(resp_data(&r), "status"), "verified");
	ck_assert_str_eq(jstr(resp_data(&r), "email"), a.email);
	/* a followed link signs nobody in */
	ck_assert_ptr_null(jget(resp_data(&r), "access_token"));
	resp_free(&r);
	ck_assert_int_eq(login_status(a.email, PW, "ok"), 200);
	expect_status(a.vid, "verified");

	ck_assert_int_eq(client_get(path, NULL, &r), 0);
	expect(&r, 410, "verification_expired");
	resp_free(&r);
	/* the code of the same verification is used up too */
	post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    a.vid, code);
	expect(&r, 410, "verification_expired");
	resp_free(&r);
}
END_TEST

/* POST /verify with the link token signs in. */
START_TEST(test_token_post)
{
	struct account	 a;
	struct resp	 r;
	char		 code[16], link[TOKEN_LEN + 1];

	use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vtok", &a);
	code_and_link("FCAUTH_TEST_CONFIG_VERIFY", &a, code, link);
	post(VERIFY, &r, "{\"token\":\"%s\"}", link);
	expect(&r, 200, "ok");
	ck_assert_ptr_nonnull(jstr(resp_data(&r), "access_token"));
	resp_free(&r);
}
END_TEST

/* A browser asking for text/html gets a page with the same status. */
START_TEST(test_link_html)
{
	static const char *const html[] = {
		"Accept: text/html,application/xhtml+xml,*/*;q=0.8", NULL
	};
	struct account	 a;
	struct resp	 r;
	char		 code[16], link[TOKEN_LEN + 1], path[128];

	use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vhtml", &a);
	code_and_link("FCAUTH_TEST_CONFIG_VERIFY", &a, code, link);
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
	expect(&r, 404, "not_found");
	resp_free(&r);
}
END_TEST

/* Wrong codes count down 4, 3, 2, 1, then 410 even for the right one. */
START_TEST(test_wrong_code_locks)
{
	struct account	 a;
	struct resp	 r;
	char		 code[16], bad[16], link[TOKEN_LEN + 1];
	int		 i;

	use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vlock", &a);
	code_and_link("FCAUTH_TEST_CONFIG_VERIFY", &a, code, link);
	wrong_code(code, bad);
	for (i = 4; i >= 1; i--) {
		post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
		    a.vid, bad);
		expect(&r, 400, "invalid_code");
		ck_assert_int_eq(jint(resp_data(&r), "attempts_left"), i);
		resp_free(&r);
	}
	post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    a.vid, bad);
	expect(&r, 410, "verification_expired");
	resp_free(&r);
	post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    a.vid, code);
	expect(&r, 410, "verification_expired");
	resp_free(&r);
	expect_status(a.vid, "expired");
	login_status(a.email, PW, "email_not_verified");
	ck_assert_int_eq(sql_int_s("SELECT attempts FROM verifications "
	    "WHERE public_id = ?", a.vid), 5);
}
END_TEST

/* Bad input: 400 validation_failed, unknown id 404. */
START_TEST(test_verify_input)
{
	struct resp	 r;

	use_instance("FCAUTH_TEST_URL_VERIFY");
	post(VERIFY, &r, "{}");
	expect(&r, 400, "validation_failed");
	resp_free(&r);
	post(VERIFY, &r, "{\"verification_id\":[\"a\"],\"code\":\"123456\"}");
	expect(&r, 400, "validation_failed");
	resp_free(&r);
	post(VERIFY, &r, "{\"verification_id\":\"x\",\"code\":\"12a456\"}");
	expect(&r, 400, "validation_failed");
	resp_free(&r);
	post(VERIFY, &r, "{\"token\":123}");
	expect(&r, 400, "validation_failed");
	resp_free(&r);
	post(VERIFY, &r, "{\"verification_id\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAA\",\"code\":\"123456\"}");
	expect(&r, 404, "not_found");
	resp_free(&r);
	post(VERIFY, &r, "{\"token\":\"not-a-token\"}");
	expect(&r, 404, "not_found");
	resp_free(&r);
	ck_assert_int_eq(client_get(STATUS "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
	    "AAAAAAAAAAAAA", NULL, &r), 0);
	expect(&r, 404, "not_found");
	resp_free(&r);
	ck_assert_int_eq(client_get("/api/v1/auth/verify/status", NULL, &r), 0);
	expect(&r, 400, "validation_failed");
	resp_free(&r);
}
END_TEST

/* A code past its configured lifetime (verify2: 2 s) is 410. */
START_TEST(test_expired_code)
{
	struct account	 a;
	struct resp	 r;
	char		 code[16], link[TOKEN_LEN + 1], subject[512], *text;

	use_instance("FCAUTH_TEST_URL_VERIFY2");
	signup("vexp", &a);
	code_and_link("FCAUTH_TEST_CONFIG_VERIFY2", &a, code, link);
	/* verify2's site name is not ASCII: an RFC 2047 subject */
	ck_assert_int_eq(mail_for(a.email, &text), 1);
	ck_assert_ptr_nonnull(strstr(text, "\nSubject: =?utf-8?B?"));
	mail_subject(text, subject, sizeof(subject));
	ck_assert_str_eq(subject, "Confirm your email address for "
	    "Caf\xc3\xa9 \xc3\x9cn\xc3\xaf" "code \xe2\x80\x94 "
	    "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e test site");
	free(text);
	sleep(3);
	expect_status(a.vid, "expired");
	post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    a.vid, code);
	expect(&r, 410, "verification_expired");
	resp_free(&r);
	login_status(a.email, PW, "email_not_verified");
}
END_TEST

/* With redirect_url (verify2): 303 with ?status=verified|expired|invalid. */
START_TEST(test_link_redirect)
{
	struct account	 a;
	struct resp	 r;
	char		 code[16], link[TOKEN_LEN + 1], path[128];

	use_instance("FCAUTH_TEST_URL_VERIFY2");
	signup("vredir", &a);
	code_and_link("FCAUTH_TEST_CONFIG_VERIFY2", &a, code, link);
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
	struct db_val	 a = DBV_INT(user_id);

	ck_assert_int_ge(db_exec(dbh(), "UPDATE verifications SET "
	    "created_at = created_at - INTERVAL 120 SECOND WHERE user_id = ?",
	    &a, 1), 1);
}

/* Resend by id: 429 inside the cooldown; then new code, old one dead. */
START_TEST(test_resend_by_id)
{
	struct account	 a;
	struct resp	 r;
	char		 code[16], link[TOKEN_LEN + 1];
	char		 code2[16], link2[TOKEN_LEN + 1], vid2[TOKEN_LEN + 1];
	long		 wait;

	use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vresend", &a);
	code_and_link("FCAUTH_TEST_CONFIG_VERIFY", &a, code, link);

	post(RESEND, &r, "{\"verification_id\":\"%s\"}", a.vid);
	expect(&r, 429, "rate_limited");
	ck_assert_ptr_nonnull(resp_header(&r, "Retry-After"));
	wait = atol(resp_header(&r, "Retry-After"));
	ck_assert_int_ge(wait, 1);
	ck_assert_int_le(wait, 60);
	resp_free(&r);

	age_verifications(a.id);
	post(RESEND, &r, "{\"verification_id\":\"%s\"}", a.vid);
	expect(&r, 200, "ok");
	snprintf(vid2, sizeof(vid2), "%s",
	    jstr(resp_data(&r), "verification_id"));
	ck_assert_str_ne(vid2, a.vid);
	ck_assert_int_gt(jint(resp_data(&r), "expires_in"), 0);
	ck_assert_int_eq(jint(resp_data(&r), "resend_after"), 60);
	resp_free(&r);
	code_and_link("FCAUTH_TEST_CONFIG_VERIFY", &a, code2, link2);
	ck_assert_int_eq(mail_for(a.email, NULL), 2);
	ck_assert_str_ne(link2, link);

	/* the old id, code and link are dead; the new ones work */
	expect_status(a.vid, "expired");
	post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    a.vid, code);
	expect(&r, 410, "verification_expired");
	resp_free(&r);
	post(VERIFY, &r, "{\"token\":\"%s\"}", link);
	expect(&r, 410, "verification_expired");
	resp_free(&r);
	expect_status(vid2, "pending");
	post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    vid2, code2);
	expect(&r, 200, "ok");
	resp_free(&r);
	/* verified: nothing left to resend */
	post(RESEND, &r, "{\"verification_id\":\"%s\"}", vid2);
	expect(&r, 410, "verification_expired");
	resp_free(&r);
}
END_TEST

/* Resend by email: one answer for every case; mail only when due. */
START_TEST(test_resend_by_email)
{
	struct account	 a;
	struct resp	 r1, r2, r3;
	char		 unknown[CLIENT_EMAIL_MAX], code[16], link[TOKEN_LEN + 1];

	use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vresmail", &a);
	client_unique_email("vnobody", unknown);
	deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(mail_for(a.email, NULL), 1);

	/* inside the cooldown: 200, no mail */
	post(RESEND, &r1, "{\"email\":\"%s\"}", a.email);
	post(RESEND, &r2, "{\"email\":\"%s\"}", unknown);
	expect(&r1, 200, "ok");
	ck_assert_str_eq(r1.body, r2.body);
	ck_assert_int_eq(r1.status, r2.status);
	deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(mail_for(a.email, NULL), 1);
	ck_assert_int_eq(mail_for(unknown, NULL), 0);

	/* outside it: the same answer, and a new mail */
	age_verifications(a.id);
	post(RESEND, &r3, "{\"email\":\"%s\"}", a.email);
	ck_assert_str_eq(r3.body, r2.body);
	code_and_link("FCAUTH_TEST_CONFIG_VERIFY", &a, code, link);
	ck_assert_int_eq(mail_for(a.email, NULL), 2);
	resp_free(&r1);
	resp_free(&r2);
	resp_free(&r3);

	post(RESEND, &r1, "{\"email\":\"not an address\"}");
	expect(&r1, 400, "validation_failed");
	resp_free(&r1);
	post(RESEND, &r1, "{}");
	expect(&r1, 400, "validation_failed");
	resp_free(&r1);
}
END_TEST

/* ---------------------------------------------------------------- */
/* password forgot and reset                                        */
/* ---------------------------------------------------------------- */

/* A verified account with a live session; returns its refresh token. */
static void
verified_account(const char *prefix, struct account *a, char *refresh,
    size_t refreshsz)
{
	struct resp	 r;
	char		 code[16], link[TOKEN_LEN + 1];

	signup(prefix, a);
	code_and_link("FCAUTH_TEST_CONFIG_VERIFY", a, code, link);
	post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    a->vid, code);
	expect(&r, 200, "ok");
	snprintf(refresh, refreshsz, "%s", jstr(resp_data(&r),
	    "refresh_token"));
	resp_free(&r);
}

/* forgot -> mail -> reset: old password fails, new works, sessions end. */
START_TEST(test_forgot_reset)
{
	struct account	 a;
	struct resp	 r;
	char		 refresh[64], tok[TOKEN_LEN + 1], want[512], *text;

	use_instance("FCAUTH_TEST_URL_VERIFY");
	verified_account("vreset", &a, refresh, sizeof(refresh));
	ck_assert_int_eq(login_status(a.email, PW, "ok"), 200);
	ck_assert_int_eq(sql_int_i("SELECT COUNT(*) FROM sessions "
	    "WHERE user_id = ? AND revoked_at IS NULL", a.id), 2);

	post(FORGOT, &r, "{\"email\":\"%s\"}", a.email);
	expect(&r, 200, "ok");
	ck_assert_str_eq(json_object_get_string(jget(r.json, "message")),
	    "If the account exists, we sent a reset link");
	resp_free(&r);
	deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(mail_for(a.email, &text), 2);
	mail_token(text, "#token=", tok);
	/* the link opens the site's reset page; the token is shown too */
	snprintf(want, sizeof(want), "%s/reset.html#token=%s",
	    getenv("FCAUTH_TEST_URL_VERIFY"), tok);
	ck_assert_ptr_nonnull(strstr(text, want));
	snprintf(want, sizeof(want), "\n    %s\n", tok);
	ck_assert_ptr_nonnull(strstr(text, want));
	free(text);

	/* a bad new password leaves the token usable */
	post(RESET, &r, "{\"token\":\"%s\",\"new_password\":\"short\"}", tok);
	expect(&r, 400, "validation_failed");
	ck_assert_ptr_nonnull(jget(resp_errors(&r), "new_password"));
	resp_free(&r);
	post(RESET, &r, "{\"token\":\"%s\"}", tok);
	expect(&r, 400, "validation_failed");
	resp_free(&r);

	post(RESET, &r, "{\"token\":\"%s\",\"new_password\":\"" NEW_PW "\"}",
	    tok);
	expect(&r, 200, "ok");
	ck_assert_ptr_null(strstr(r.body, tok));
	resp_free(&r);

	/*
	 * Every session is revoked.  POST /auth/refresh is not on this
	 * branch (issue 4), so the old refresh token's death is read from
	 * the sessions table.
	 */
	ck_assert_int_eq(sql_int_i("SELECT COUNT(*) FROM sessions "
	    "WHERE user_id = ? AND revoked_at IS NULL", a.id), 0);
	ck_assert_int_eq(sql_int_i("SELECT COUNT(*) FROM sessions "
	    "WHERE user_id = ? AND revoke_reason = 'password_reset'", a.id), 2);
	ck_assert_int_eq(login_status(a.email, PW, "invalid_credentials"), 401);
	ck_assert_int_eq(login_status(a.email, NEW_PW, "ok"), 200);
	ck_assert_int_eq(sql_int_i("SELECT COUNT(*) FROM audit_log "
	    "WHERE user_id = ? AND event = 'password_reset'", a.id), 1);

	/* single use, both forms */
	post(RESET, &r, "{\"token\":\"%s\",\"new_password\":\"" PW "\"}", tok);
	expect(&r, 410, "verification_expired");
	resp_free(&r);
	snprintf(want, sizeof(want), RESET "/%s", tok);
	post(want, &r, "{\"new_pwd\":\"" PW "\"}");
	expect(&r, 410, "verification_expired");
	resp_free(&r);
	ck_assert_int_eq(login_status(a.email, NEW_PW, "ok"), 200);

	/* the notice */
	deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(mail_for(a.email, &text), 3);
	ck_assert_ptr_nonnull(strstr(text, "was reset"));
	free(text);
}
END_TEST

/* forgot by username, reset through /password/reset/{token} + new_pwd. */
START_TEST(test_forgot_username_path_form)
{
	struct account	 a;
	struct resp	 r;
	char		 user[CLIENT_USERNAME_MAX], tok[TOKEN_LEN + 1];
	char		 path[128], *text;

	use_instance("FCAUTH_TEST_URL_VERIFY");
	client_unique_email("vuser", a.email);
	client_unique_username("vu", user);
	post(REGISTER, &r, "{\"email\":\"%s\",\"username\":\"%s\","
	    "\"password\":\"" PW "\"}", a.email, user);
	expect(&r, 201, "ok");
	resp_free(&r);
	post(FORGOT, &r, "{\"username\":\"%s\"}", user);
	expect(&r, 200, "ok");
	resp_free(&r);
	deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(mail_for(a.email, &text), 2);
	mail_token(text, "#token=", tok);
	free(text);
	/* a reset token is no verification link */
	post(VERIFY, &r, "{\"token\":\"%s\"}", tok);
	expect(&r, 404, "not_found");
	resp_free(&r);
	snprintf(path, sizeof(path), RESET "/%s", tok);
	post(path, &r, "{\"new_pwd\":\"" NEW_PW "\"}");
	expect(&r, 200, "ok");
	resp_free(&r);
	/* the reset link reached the address: the account is confirmed */
	ck_assert_int_eq(login_status(user, NEW_PW, "ok"), 200);
}
END_TEST

/* forgot for an unknown address answers byte for byte as for a known one. */
START_TEST(test_forgot_unknown_identical)
{
	struct account	 a;
	struct resp	 k, u;
	char		 refresh[64], unknown[CLIENT_EMAIL_MAX];
	const char	*hk, *hu;

	use_instance("FCAUTH_TEST_URL_VERIFY");
	verified_account("vfk", &a, refresh, sizeof(refresh));
	client_unique_email("vfu", unknown);
	post(FORGOT, &k, "{\"email\":\"%s\"}", a.email);
	post(FORGOT, &u, "{\"email\":\"%s\"}", unknown);
	expect(&k, 200, "ok");
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
	deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(mail_for(unknown, NULL), 0);
	ck_assert_int_eq(mail_for(a.email, NULL), 2);
	/* the unknown path's mail row was taken back before the commit */
	ck_assert_int_eq(sql_int_s("SELECT COUNT(*) FROM mail_outbox "
	    "WHERE to_addr = ?", unknown), 0);
	ck_assert_int_eq(sql_int_s("SELECT COUNT(*) FROM mail_outbox "
	    "WHERE to_addr = ?", a.email), 2);

	/* a missing or wrongly typed field is still a 400 */
	post(FORGOT, &k, "{}");
	expect(&k, 400, "validation_failed");
	resp_free(&k);
	post(FORGOT, &k, "{\"email\":[\"%s\",\"x@example.com\"]}", a.email);
	expect(&k, 400, "validation_failed");
	resp_free(&k);
	post(FORGOT, &k, "{\"username\":5}");
	expect(&k, 400, "validation_failed");
	resp_free(&k);
}
END_TEST

START_TEST(test_reset_unknown_token)
{
	struct resp	 r;

	use_instance("FCAUTH_TEST_URL_VERIFY");
	post(RESET, &r, "{\"token\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\","
	    "\"new_password\":\"" NEW_PW "\"}");
	expect(&r, 404, "not_found");
	resp_free(&r);
	post(RESET "/short", &r, "{\"new_password\":\"" NEW_PW "\"}");
	expect(&r, 404, "not_found");
	resp_free(&r);
	post(RESET, &r, "{\"new_password\":\"" NEW_PW "\"}");
	expect(&r, 400, "validation_failed");
	resp_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- */
/* email change (rows made as PATCH /profile/email will make them)    */
/* ---------------------------------------------------------------- */

START_TEST(test_email_change)
{
	struct account		 a, b;
	struct verif_secrets	 sec;
	struct resp		 r;
	char			 refresh[64], fresh[CLIENT_EMAIL_MAX];

	use_instance("FCAUTH_TEST_URL_VERIFY");
	verified_account("vchg", &a, refresh, sizeof(refresh));
	verified_account("vchgb", &b, refresh, sizeof(refresh));

	/* to an address another account has: 409 */
	ck_assert_int_eq(verif_create(dbh(), a.id, VERIF_EMAIL_CHANGE,
	    b.email, 6, 600, &sec), 1);
	post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    sec.public_id, sec.code);
	expect(&r, 409, "email_taken");
	resp_free(&r);

	client_unique_email("vchgnew", fresh);
	ck_assert_int_eq(verif_create(dbh(), a.id, VERIF_EMAIL_CHANGE,
	    fresh, 6, 600, &sec), 1);
	post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    sec.public_id, sec.code);
	expect(&r, 200, "ok");
	ck_assert_str_eq(jstr(jget(resp_data(&r), "user"), "email"), fresh);
	ck_assert_ptr_null(jget(resp_data(&r), "access_token"));
	resp_free(&r);
	ck_assert_int_eq(login_status(fresh, PW, "ok"), 200);
	ck_assert_int_eq(login_status(a.email, PW, "invalid_credentials"), 401);
	ck_assert_int_eq(sql_int_i("SELECT COUNT(*) FROM audit_log "
	    "WHERE user_id = ? AND event = 'email_change'", a.id), 1);
}
END_TEST

/* ---------------------------------------------------------------- */
/* what ends open verifications (hardening, findings 1, 3 and 6)    */
/* ---------------------------------------------------------------- */

#define PROFILE_EMAIL	"/api/v1/profile/email"
#define PROFILE_PW	"/api/v1/profile/password"

/* POST "body" as JSON to "path" with a bearer token. */
static void
post_bearer(const char *path, const char *bearer, const char *body,
    struct resp *r)
{
	char		 auth[2048];
	const char	*hdrs[] = { auth, NULL };

	snprintf(auth, sizeof(auth), "Authorization: Bearer %s", bearer);
	ck_assert_int_eq(client_request("POST", path, "application/json",
	    body, hdrs, r), 0);
}

/* Log "a" in with "pw": its access token into "access" (1024 bytes). */
static void
access_token(const char *email, const char *pw, char *access)
{
	struct resp	 r;

	post(LOGIN, &r, "{\"login\":\"%s\",\"password\":\"%s\"}", email, pw);
	expect(&r, 200, "ok");
	snprintf(access, 1024, "%s", jstr(resp_data(&r), "access_token"));
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
	post_bearer(PROFILE_EMAIL, access, body, &r);
	expect(&r, 200, "ok");
	snprintf(vid, TOKEN_LEN + 1, "%s", jstr(resp_data(&r),
	    "verification_id"));
	resp_free(&r);
	deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(mail_for(to, &text), 1);
	mail_code(text, code, 16);
	free(text);
}

/* Ask for a password reset of "email": the token of the newest mail. */
static void
reset_token(const char *email, char *tok)
{
	struct resp	 r;
	char		*text;

	post(FORGOT, &r, "{\"email\":\"%s\"}", email);
	expect(&r, 200, "ok");
	resp_free(&r);
	deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_ge(mail_for(email, &text), 1);
	mail_token(text, "token=", tok);
	free(text);
}

/* Verify "vid" with "code": the status, asserted with "code_name". */
static long
verify_code(const char *vid, const char *code, const char *code_name)
{
	struct resp	 r;
	long		 st;

	post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    vid, code);
	expect(&r, r.status, code_name);
	st = r.status;
	resp_free(&r);
	return st;
}

/* Reset with "tok" to NEW_PW: the status, asserted with "code_name". */
static long
reset_with(const char *tok, const char *code_name)
{
	struct resp	 r;
	long		 st;

	post(RESET, &r, "{\"token\":\"%s\",\"new_password\":\"" NEW_PW "\"}",
	    tok);
	expect(&r, r.status, code_name);
	st = r.status;
	resp_free(&r);
	return st;
}

/* Run fcauthctl with the verify instance's configuration: exit status. */
static int
ctl_run(const char *a1, const char *a2, const char *a3)
{
	const char	*ctl = env_or_fail("FCAUTH_TEST_CTL");
	const char	*cfg = env_or_fail("FCAUTH_TEST_ADMIN_CONFIG");
	pid_t		 pid;
	int		 status;

	ck_assert_int_ne(pid = fork(), -1);
	if (pid == 0) {
		if (freopen("/dev/null", "w", stdout) == NULL)
			_exit(126);
		execl(ctl, ctl, "--config", cfg, a1, a2, a3, (char *)NULL);
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/*
 * Finding 1: an email change started by someone who once knew the
 * password dies with the owner's password reset; it cannot take the
 * address afterwards.
 */
START_TEST(test_email_change_dies_with_reset)
{
	struct account	 a;
	char		 refresh[64], access[1024], to[CLIENT_EMAIL_MAX];
	char		 vid[TOKEN_LEN + 1], code[16], tok[TOKEN_LEN + 1];

	use_instance("FCAUTH_TEST_URL_VERIFY");
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
	struct account	 a;
	struct resp	 r;
	char		 refresh[64], access[1024], to[CLIENT_EMAIL_MAX];
	char		 vid[TOKEN_LEN + 1], code[16], tok[TOKEN_LEN + 1];
	char		 vid2[TOKEN_LEN + 1], code2[16], body[256];

	use_instance("FCAUTH_TEST_URL_VERIFY");
	verified_account("vretire", &a, refresh, sizeof(refresh));
	access_token(a.email, PW, access);

	/* password change */
	email_change_start(access, to, vid, code);
	post_bearer(PROFILE_PW, access, "{\"current_password\":\"" PW "\","
	    "\"new_password\":\"" NEW_PW "\"}", &r);
	expect(&r, 200, "ok");
	resp_free(&r);
	ck_assert_int_eq(verify_code(vid, code, "verification_expired"), 410);
	post_bearer(PROFILE_PW, access, "{\"current_password\":\"" NEW_PW
	    "\",\"new_password\":\"" PW "\"}", &r);
	expect(&r, 200, "ok");
	resp_free(&r);

	/* log out everywhere */
	email_change_start(access, to, vid, code);
	snprintf(body, sizeof(body), "{\"all\":true,\"refresh_token\":\"%s\"}",
	    refresh);
	post_bearer("/api/v1/auth/logout", access, body, &r);
	expect(&r, 200, "ok");
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
	struct account		 a;
	struct verif_secrets	 sec;
	struct resp		 r;
	char			 code[16], link[TOKEN_LEN + 1];
	char			 vid2[TOKEN_LEN + 1];
	struct db_val		 arg;

	use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vrevive", &a);
	code_and_link("FCAUTH_TEST_CONFIG_VERIFY", &a, code, link);
	age_verifications(a.id);
	post(RESEND, &r, "{\"verification_id\":\"%s\"}", a.vid);
	expect(&r, 200, "ok");
	snprintf(vid2, sizeof(vid2), "%s",
	    jstr(resp_data(&r), "verification_id"));
	resp_free(&r);
	age_verifications(a.id);
	/* the first id was replaced: no resend through it */
	post(RESEND, &r, "{\"verification_id\":\"%s\"}", a.vid);
	expect(&r, 410, "verification_expired");
	resp_free(&r);
	/* past its expiry: none either */
	arg = DBV_STR(vid2);
	ck_assert_int_eq(db_exec(dbh(), "UPDATE verifications SET expires_at "
	    "= UTC_TIMESTAMP() - INTERVAL 1 SECOND WHERE public_id = ?",
	    &arg, 1), 1);
	post(RESEND, &r, "{\"verification_id\":\"%s\"}", vid2);
	expect(&r, 410, "verification_expired");
	resp_free(&r);
	ck_assert_int_eq(login_status(a.email, PW, "email_not_verified"), 403);

	/* once the account is active, a confirmation neither resends ... */
	post(RESEND, &r, "{\"email\":\"%s\"}", a.email);
	expect(&r, 200, "ok");
	resp_free(&r);
	code_and_link("FCAUTH_TEST_CONFIG_VERIFY", &a, code, link);
	post(VERIFY, &r, "{\"token\":\"%s\"}", link);
	expect(&r, 200, "ok");
	resp_free(&r);
	ck_assert_int_eq(verif_create(dbh(), a.id, VERIF_CONFIRM, a.email, 6,
	    600, &sec), 1);
	age_verifications(a.id);
	post(RESEND, &r, "{\"verification_id\":\"%s\"}", sec.public_id);
	expect(&r, 410, "verification_expired");
	resp_free(&r);
	/* ... nor signs in without the password */
	post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}",
	    sec.public_id, sec.code);
	ck_assert_ptr_null(jget(resp_data(&r), "access_token"));
	expect(&r, 410, "verification_expired");
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
	struct account		 a;
	struct verif_secrets	 sec;
	char			 refresh[64], access[1024], to[CLIENT_EMAIL_MAX];
	char			 vid[TOKEN_LEN + 1], code[16], tok[TOKEN_LEN + 1];
	struct resp		 r;

	use_instance("FCAUTH_TEST_URL_VERIFY");
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
	post_bearer(PROFILE_PW, access, "{\"current_password\":\"" PW "\","
	    "\"new_password\":\"" NEW_PW "\"}", &r);
	expect(&r, 200, "ok");
	resp_free(&r);
	ck_assert_int_eq(reset_with(tok, "verification_expired"), 410);

	/* issued before fcauthctl user disable */
	reset_token(a.email, tok);
	ck_assert_int_eq(ctl_run("user", "disable", a.email), 0);
	ck_assert_int_eq(reset_with(tok, "verification_expired"), 410);
	/* and a disabled account is refused even a token made afterwards */
	ck_assert_int_eq(verif_create(dbh(), a.id, VERIF_RESET, a.email, 0,
	    600, &sec), 1);
	ck_assert_int_eq(reset_with(sec.link, "account_disabled"), 403);
	ck_assert_int_eq(ctl_run("user", "enable", a.email), 0);
	ck_assert_int_eq(login_status(a.email, NEW_PW, "ok"), 200);

	/* a token for another address than the account's */
	ck_assert_int_eq(verif_create(dbh(), a.id, VERIF_RESET,
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
	struct account	 a;
	struct resp	 r;
	char		 code[16], link[TOKEN_LEN + 1], bad[16];
	const char	*vid = NULL;
	char		 cur[TOKEN_LEN + 1];
	int		 i, n = 0;

	use_instance("FCAUTH_TEST_URL_VERIFY");
	signup("vguess", &a);
	snprintf(cur, sizeof(cur), "%s", a.vid);
	code_and_link("FCAUTH_TEST_CONFIG_VERIFY", &a, code, link);
	for (i = 0; i < 4; i++) {
		for (; n < 5 * (i + 1); n++) {
			wrong_code(code, bad);
			post(VERIFY, &r, "{\"verification_id\":\"%s\","
			    "\"code\":\"%s\"}", cur, bad);
			ck_assert_msg(r.status == 400 || r.status == 410,
			    "wrong code %d: %ld %s", n, r.status, r.body);
			resp_free(&r);
		}
		age_verifications(a.id);
		post(RESEND, &r, "{\"verification_id\":\"%s\"}", cur);
		expect(&r, 200, "ok");
		vid = jstr(resp_data(&r), "verification_id");
		snprintf(cur, sizeof(cur), "%s", vid);
		resp_free(&r);
		code_and_link("FCAUTH_TEST_CONFIG_VERIFY", &a, code, link);
	}
	/* 20 wrong codes: even the right one is refused now, for a while */
	post(VERIFY, &r, "{\"verification_id\":\"%s\",\"code\":\"%s\"}", cur,
	    code);
	expect(&r, 429, "rate_limited");
	ck_assert_ptr_nonnull(resp_header(&r, "Retry-After"));
	ck_assert_int_gt(atol(resp_header(&r, "Retry-After")), 3600);
	resp_free(&r);
	/* the link (256 bits, nothing to guess) still confirms */
	post(VERIFY, &r, "{\"token\":\"%s\"}", link);
	expect(&r, 200, "ok");
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
	    env_or_fail("FCAUTH_TEST_CONFIG_VERIFY"), sendmail);
	ck_assert_int_eq(fclose(f), 0);
}

/*
 * The command fails: registration still 201, the mail stays queued
 * with its attempts counted; after the fix one run delivers it once.
 */
START_TEST(test_sendmail_fails)
{
	struct account	 a;
	char		 cfg1[] = "/tmp/fcauth-mailfail-XXXXXX";
	char		 cfg2[] = "/tmp/fcauth-mailfail-XXXXXX";
	char		 bad[4096];
	int		 fd;

	use_instance("FCAUTH_TEST_URL_VERIFY");
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
	ck_assert_int_eq(run_worker(cfg1), 0);
	ck_assert_int_eq(mail_for(a.email, NULL), 0);
	ck_assert_int_eq(sql_int_s("SELECT attempts FROM mail_outbox "
	    "WHERE to_addr = ? AND status = 'queued'", a.email), 1);

	sleep(2);	/* retry_base = 1: due again */
	ck_assert_int_eq(run_worker(cfg2), 0);
	ck_assert_int_eq(mail_for(a.email, NULL), 0);
	ck_assert_int_eq(sql_int_s("SELECT attempts FROM mail_outbox "
	    "WHERE to_addr = ? AND status = 'queued'", a.email), 2);
	ck_assert_int_eq(sql_int_s("SELECT last_error IS NOT NULL FROM "
	    "mail_outbox WHERE to_addr = ?", a.email), 1);

	/* fixed: the next due run delivers it, exactly once */
	sleep(3);
	deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(mail_for(a.email, NULL), 1);
	ck_assert_int_eq(sql_int_s("SELECT COUNT(*) FROM mail_outbox "
	    "WHERE to_addr = ? AND status = 'sent' AND sent_at IS NOT NULL",
	    a.email), 1);
	deliver("FCAUTH_TEST_CONFIG_VERIFY");
	ck_assert_int_eq(mail_for(a.email, NULL), 1);
	unlink(cfg1);
	unlink(cfg2);
}
END_TEST

/* Three workers at once on a full queue: every message goes out once. */
START_TEST(test_workers_race)
{
	struct account	 a[12];
	const char	*ctl = env_or_fail("FCAUTH_TEST_CTL");
	const char	*cfg = env_or_fail("FCAUTH_TEST_ADMIN_CONFIG");
	pid_t		 pids[3];
	int		 i, status;

	use_instance("FCAUTH_TEST_URL_VERIFY");
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
		ck_assert_int_eq(mail_for(a[i].email, NULL), 1);
		ck_assert_int_eq(sql_int_s("SELECT attempts FROM mail_outbox "
		    "WHERE to_addr = ? AND status = 'sent'", a[i].email), 1);
	}
}
END_TEST

/* ---------------------------------------------------------------- */

static TCase *
tc(const char *name)
{
	TCase	*t = tcase_create(name);

	tcase_set_timeout(t, 60);
	return t;
}

static Suite *
verification_suite(void)
{
	Suite	*s = suite_create("verification");
	TCase	*t;

	t = tc("verify");
	tcase_add_test(t, test_code_then_login);
	tcase_add_test(t, test_link_then_login);
	tcase_add_test(t, test_token_post);
	tcase_add_test(t, test_link_html);
	tcase_add_test(t, test_wrong_code_locks);
	tcase_add_test(t, test_verify_input);
	tcase_add_test(t, test_expired_code);
	tcase_add_test(t, test_link_redirect);
	tcase_add_test(t, test_email_change);
	suite_add_tcase(s, t);

	t = tc("resend");
	tcase_add_test(t, test_resend_by_id);
	tcase_add_test(t, test_resend_by_email);
	suite_add_tcase(s, t);

	t = tc("password");
	tcase_add_test(t, test_forgot_reset);
	tcase_add_test(t, test_forgot_username_path_form);
	tcase_add_test(t, test_forgot_unknown_identical);
	tcase_add_test(t, test_reset_unknown_token);
	suite_add_tcase(s, t);

	t = tc("retire");
	tcase_add_test(t, test_email_change_dies_with_reset);
	tcase_add_test(t, test_open_verifications_retired);
	tcase_add_test(t, test_resend_revives_nothing);
	tcase_add_test(t, test_reset_token_retired);
	tcase_add_test(t, test_code_guesses_capped);
	suite_add_tcase(s, t);

	t = tc("delivery");
	tcase_add_test(t, test_sendmail_fails);
	tcase_add_test(t, test_workers_race);
	suite_add_tcase(s, t);
	return s;
}

int
main(void)
{
	SRunner		*sr;
	const char	*url = getenv("FCAUTH_TEST_URL_VERIFY");
	int		 failed;

	if (url == NULL || *url == '\0') {
		printf("FCAUTH_TEST_URL_VERIFY not set: skipping\n");
		return CLIENT_EXIT_SKIP;
	}
	setenv("FCAUTH_TEST_URL", url, 1);
	client_init_or_exit("check_verification");
	sr = srunner_create(verification_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	client_cleanup();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
