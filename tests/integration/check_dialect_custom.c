/*
 * check_dialect_custom: a sixth API that ships nowhere.  scripts/test
 * copies tests/integration/custom.dialect into the "custom" instance's
 * directory and names it by its path ([api] dialect = .../acme); this
 * suite speaks that API (renamed fields with aliases, its own statuses,
 * filters, date formats, interpolated strings, field-error maps) on the
 * programs built for everyone else: nothing was recompiled for it.
 * Then malformed dialect files: fcauthctl check-config and a program
 * starting with them refuse with FILE:LINE: reason, and nothing is
 * served.
 *
 * Environment (scripts/test): FCAUTH_TEST_URL_CUSTOM and
 * FCAUTH_TEST_CONFIG_CUSTOM (unset: skipped), FCAUTH_TEST_CONFIG,
 * FCAUTH_TEST_ADMIN_CONFIG, FCAUTH_TEST_CTL.
 */
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <ctype.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <json-c/json.h>

#include "client.h"
#include "fixture.h"
#include "dialect_fx.h"

#define BASE		"/acme"
#define SIGNUP		BASE "/signup"
#define SIGNIN		BASE "/signin"
#define ME		BASE "/me"
#define SIGNOUT		BASE "/signout"

#define START_WAIT_S	10	/* how long a refusing program may take */

/* Sign up "email" with the dialect's names: the reply checked. */
static void
signup(const char *prefix, char *email, char *jwt, size_t jwtsz)
{
	struct resp	 r;
	char		 id[32];

	client_unique_email(prefix, email);
	fx_post(SIGNUP, &r, "{\"mail\":\"%s\",\"secret\":\"%s\"}", email,
	    DX_PW);
	dx_status(&r, 201, "signup");
	dx_keys(r.json, NULL, "kind,account,jwt");
	dx_str(r.json, "kind", "acme.signup");
	dx_keys(r.json, "account", "id,mail");
	snprintf(id, sizeof(id), "%lld", (long long)dx_user_id(email));
	dx_str(r.json, "account.id", id);	/* |string */
	dx_str(r.json, "account.mail", email);
	snprintf(jwt, jwtsz, "%s", dx_s(r.json, "jwt"));
	ck_assert_int_eq(dx_sub(jwt), dx_user_id(email));
	dx_no_secret(r.body, DX_PW);
	resp_free(&r);
}

/* The instance names its dialect by a path, a file in its own dir. */
START_TEST(test_not_shipped)
{
	FILE		*f;
	char		 line[1024], path[1024] = "", *p;
	struct stat	 st;

	ck_assert_ptr_nonnull(f = fopen(fx_env("FCAUTH_TEST_CONFIG_CUSTOM"),
	    "r"));
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, " dialect = %1023s", path) == 1)
			break;
	fclose(f);
	ck_assert_msg(strchr(path, '/') != NULL, "dialect is not a path: %s",
	    path);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_ptr_nonnull(f = fopen(path, "r"));
	while ((p = fgets(line, sizeof(line), f)) != NULL && line[0] == '#')
		continue;
	fclose(f);
	ck_assert_ptr_nonnull(p);
	ck_assert_str_eq(line, "dialect acme-v2\n");
}
END_TEST

/* Sign up, sign in (an alias), me, sign out: the file's templates. */
START_TEST(test_flow)
{
	struct resp	 r;
	char		 email[CLIENT_EMAIL_MAX], jwt[2048], upper[CLIENT_EMAIL_MAX];
	char		 want[256];
	size_t		 i;

	signup("dcflow", email, jwt, sizeof(jwt));

	fx_post(SIGNIN, &r, "{\"user\":\"%s\",\"passphrase\":\"%s\"}", email,
	    DX_PW);
	dx_status(&r, 200, "signin");
	dx_keys(r.json, NULL, "kind,jwt,renew,who");
	dx_str(r.json, "kind", "acme.session");
	ck_assert_int_eq(dx_sub(dx_s(r.json, "jwt")), dx_user_id(email));
	ck_assert_uint_eq(strlen(dx_s(r.json, "renew")), FX_TOKEN_LEN);
	dx_keys(r.json, "who", "id,mail,since");
	ck_assert_int_eq(dx_int(r.json, "who.id"), dx_user_id(email));
	for (i = 0; email[i] != '\0'; i++)
		upper[i] = (char)toupper((unsigned char)email[i]);
	upper[i] = '\0';
	dx_str(r.json, "who.mail", upper);		/* |upper */
	ck_assert(dx_fmt(dx_s(r.json, "who.since"), "DD/MM/YYYY"));
	snprintf(jwt, sizeof(jwt), "%s", dx_s(r.json, "jwt"));
	resp_free(&r);

	fx_call("GET", ME, jwt, NULL, NULL, &r);
	dx_status(&r, 200, "me");
	dx_keys(r.json, NULL, "kind,greeting,masked,verified");
	dx_str(r.json, "kind", "acme.me");
	snprintf(want, sizeof(want), "hello %s", email);
	dx_str(r.json, "greeting", want);		/* "${email}" */
	ck_assert_ptr_nonnull(strchr(dx_s(r.json, "masked"), '*'));
	dx_type(r.json, "verified", json_type_boolean);
	resp_free(&r);

	fx_call("POST", SIGNOUT, jwt, NULL, "{}", &r);
	dx_status(&r, 200, "signout");
	dx_keys(r.json, NULL, "kind");
	dx_str(r.json, "kind", "acme.bye");
	resp_free(&r);

	fx_call("GET", ME, jwt, NULL, NULL, &r);
	dx_status(&r, 401, "me after signout");
	dx_keys(r.json, NULL, "kind,code,why");
	dx_str(r.json, "kind", "acme.error");
	resp_free(&r);
}
END_TEST

/* Its errors: its own statuses and shapes. */
START_TEST(test_errors)
{
	struct resp	 wrong, unknown, r;
	char		 email[CLIENT_EMAIL_MAX], nobody[CLIENT_EMAIL_MAX];
	char		 jwt[2048];

	signup("dcerr", email, jwt, sizeof(jwt));
	client_unique_email("dcnone", nobody);
	fx_post(SIGNIN, &wrong, "{\"user\":\"%s\",\"secret\":\"%s\"}", email,
	    "not the password at all");
	fx_post(SIGNIN, &unknown, "{\"user\":\"%s\",\"secret\":\"%s\"}", nobody,
	    "not the password at all");
	dx_status(&wrong, 403, "denied");
	dx_keys(wrong.json, NULL, "kind");
	dx_str(wrong.json, "kind", "acme.denied");
	dx_same(&wrong, &unknown, "wrong password vs unknown account");
	resp_free(&wrong);
	resp_free(&unknown);

	/* the canonical names are not this API's: "mail" is missing */
	fx_post(SIGNUP, &r, "{\"email\":\"%s\",\"password\":\"%s\"}", nobody,
	    DX_PW);
	dx_status(&r, 422, "signup with canonical names");
	dx_keys(r.json, NULL, "kind,fields");
	dx_str(r.json, "kind", "acme.invalid");
	dx_keys(r.json, "fields.mail", "why,at");
	dx_str(r.json, "fields.mail.at", "mail");
	ck_assert_uint_gt(strlen(dx_s(r.json, "fields.mail.why")), 0);
	resp_free(&r);

	fx_call("GET", ME, NULL, NULL, NULL, &r);
	dx_status(&r, 401, "me without a token");
	dx_keys(r.json, NULL, "kind,code,why");
	dx_str(r.json, "kind", "acme.error");
	dx_str(r.json, "code", "token_missing");
	resp_free(&r);
}
END_TEST

/* The canonical API answers canonically on the same instance. */
START_TEST(test_canonical_beside)
{
	struct resp	 r;
	char		 email[CLIENT_EMAIL_MAX], jwt[2048];

	signup("dccanon", email, jwt, sizeof(jwt));
	fx_post("/api/v1/auth/login", &r, "{\"email\":\"%s\",\"password\":"
	    "\"%s\"}", email, DX_PW);
	fx_expect(&r, 200, "ok", "canonical login");
	resp_free(&r);
	fx_call("GET", "/api/v1/profile", jwt, NULL, NULL, &r);
	fx_expect(&r, 200, "ok", "canonical profile");
	dx_str(r.json, "data.email", email);
	resp_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Malformed dialect files                                          */
/* ---------------------------------------------------------------- */

struct bad {
	const char	*text;		/* the file; NULL: there is none */
	const char	*where;		/* ":LINE: reason" after the path */
};

static const struct bad bads[] = {
	{ "route POST /x -> login\n",
	  ":1: the first line must be 'dialect NAME'" },
	{ "dialect bad\nroute POST /x -> nosuchop\n",
	  ":2: unknown operation 'nosuchop'" },
	{ "dialect bad\nroute POST /x -> login\n\nreply login 200 {\n"
	  "\t\"a\": $nosuch\n}\n", ":5: unknown variable '$nosuch'" },
	{ "dialect bad\n", ":1: no routes" },
	{ "dialect bad\nroute POST /a -> login\nroute POST /a/ -> login\n",
	  ":3: duplicate route POST /a/ (first on line 2)" },
	{ "dialect bad\nroute POST /a -> login\nreply login 200 {\"a\": 1,}\n",
	  ":3: trailing ',' before '}'" },
	{ NULL, ":0: cannot open" },
};

/* A directory of our own under TMPDIR (or /tmp), into "dir". */
static void
tmpdir(char *dir, size_t dirsz)
{
	const char	*t = getenv("TMPDIR");

	snprintf(dir, dirsz, "%s/fcauth-dialect-XXXXXX",
	    t != NULL && *t != '\0' ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

/* Write "text" to "path". */
static void
put(const char *path, const char *text)
{
	FILE	*f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fputs(text, f) >= 0, 1);
	ck_assert_int_eq(fclose(f), 0);
}

/* The program "name" beside fcauthctl: admin/x → cgi-bin/name.fcgi. */
static void
program(const char *name, char *out, size_t outsz)
{
	const char	*ctl = getenv("FCAUTH_TEST_CTL");
	const char	*slash;

	if (ctl == NULL || *ctl == '\0')
		ctl = "./admin/fcauthctl";
	slash = strrchr(ctl, '/');
	ck_assert_ptr_nonnull(slash);
	/* up from admin/ */
	snprintf(out, outsz, "%.*s/../cgi-bin/%s.fcgi", (int)(slash - ctl),
	    ctl, name);
	ck_assert_msg(access(out, X_OK) == 0, "%s is not built", out);
}

/*
 * Start "prog" --config "cfg" --listen unix:"sock": it must exit
 * non-zero within START_WAIT_S, with "want" on its standard error,
 * and never make the socket.
 */
static void
refuses_to_start(const char *prog, const char *cfg, const char *sock,
    const char *errpath, const char *want)
{
	char		 listen[1100], err[4096];
	pid_t		 pid;
	int		 st = 0, fd, i;
	FILE		*f;
	size_t		 n;

	snprintf(listen, sizeof(listen), "unix:%s", sock);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd >= 0)
			(void)dup2(fd, 2);
		fd = open("/dev/null", O_RDWR);
		if (fd >= 0) {
			(void)dup2(fd, 0);
			(void)dup2(fd, 1);
		}
		execl(prog, prog, "--config", cfg, "--listen", listen,
		    (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < START_WAIT_S * 10; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			break;
		usleep(100000);
	}
	if (i == START_WAIT_S * 10) {
		kill(pid, SIGTERM);
		waitpid(pid, &st, 0);
		ck_abort_msg("%s started with a malformed dialect (%s)", prog,
		    want);
	}
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) != 0 &&
	    WEXITSTATUS(st) != 127, "%s: exit status %d", prog, st);
	ck_assert_msg(access(sock, F_OK) != 0, "%s made its socket", prog);
	ck_assert_ptr_nonnull(f = fopen(errpath, "r"));
	n = fread(err, 1, sizeof(err) - 1, f);
	err[n] = '\0';
	fclose(f);
	ck_assert_msg(strstr(err, want) != NULL, "%s: no \"%s\" in: %s", prog,
	    want, err);
}

START_TEST(test_malformed_refused)
{
	const struct bad *b = &bads[_i];
	char		 dir[512], file[600], cfg[600], want[1200], text[2048];
	char		 out[2048], err[4096], prog[1200], sock[600], errf[600];
	const char	*names[] = { "auth", "registration" };
	size_t		 i;

	tmpdir(dir, sizeof(dir));
	snprintf(file, sizeof(file), "%s/bad.dialect", dir);
	snprintf(cfg, sizeof(cfg), "%s/fcauth.conf", dir);
	snprintf(sock, sizeof(sock), "%s/s.sock", dir);
	snprintf(errf, sizeof(errf), "%s/stderr", dir);
	if (b->text != NULL)
		put(file, b->text);
	snprintf(text, sizeof(text), "include = %s\n\n[api]\ndialect = %s\n",
	    fx_env("FCAUTH_TEST_CONFIG"), file);
	put(cfg, text);
	snprintf(want, sizeof(want), "%s%s", file, b->where);

	/* fcauthctl check-config says the same */
	ck_assert_int_ne(fx_ctl(cfg, "check-config", NULL, out, sizeof(out),
	    err, sizeof(err)), 0);
	ck_assert_msg(strstr(err, want) != NULL || strstr(out, want) != NULL,
	    "check-config: no \"%s\" in: %s%s", want, out, err);

	/* and a program does not start half-configured */
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		program(names[i], prog, sizeof(prog));
		refuses_to_start(prog, cfg, sock, errf, want);
	}
	unlink(errf);
	unlink(file);
	unlink(cfg);
	rmdir(dir);
}
END_TEST

static Suite *
custom_suite(void)
{
	Suite	*s = suite_create("dialect_custom");
	TCase	*t;

	t = fx_tcase(s, "sixth");
	tcase_add_test(t, test_not_shipped);
	tcase_add_test(t, test_flow);
	tcase_add_test(t, test_errors);
	tcase_add_test(t, test_canonical_beside);

	t = fx_tcase(s, "malformed");
	tcase_add_loop_test(t, test_malformed_refused, 0,
	    (int)(sizeof(bads) / sizeof(bads[0])));
	return s;
}

int
main(void)
{
	dx_start("FCAUTH_TEST_URL_CUSTOM", "check_dialect_custom");
	return fx_run(srunner_create(custom_suite()));
}
