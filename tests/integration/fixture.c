/*
 * fixture: the integration suites' shared helpers.  See fixture.h.
 */
#include <sys/wait.h>

#include <dirent.h>
#include <stdarg.h>
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
#include "config.h"
#include "db.h"
#include "fixture.h"

#define FX_URL_MAX	4096
#define FX_BODY_MAX	4096	/* a formatted JSON request body */
#define FX_MAIL_MAX	(256 * 1024)
#define FX_MAIL_FILES	4096	/* messages fx_mail_for looks at */

static const char	*progname = "integration";
static char		 main_url[FX_URL_MAX];

/* ---------------------------------------------------------------- */
/* Instances                                                        */
/* ---------------------------------------------------------------- */

void
fx_init(const char *name)
{
	const char	*url;

	progname = name;
	client_init_or_exit(name);
	url = getenv("FCAUTH_TEST_URL");
	snprintf(main_url, sizeof(main_url), "%s", url != NULL ? url : "");
}

int
fx_run(SRunner *sr)
{
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	client_cleanup();
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

TCase *
fx_tcase(Suite *s, const char *name)
{
	TCase	*tc = tcase_create(name);

	tcase_set_timeout(tc, 60);
	suite_add_tcase(s, tc);
	return tc;
}

const char *
fx_main_url(void)
{
	return main_url;
}

const char *
fx_env(const char *name)
{
	const char	*v = getenv(name);

	ck_assert_msg(v != NULL && *v != '\0', "%s is not set (scripts/test "
	    "sets it)", name);
	return v;
}

void
fx_use_instance(const char *name)
{
	const char	*url = getenv(name);

	ck_assert_msg(url != NULL && *url != '\0', "%s is not set: scripts/"
	    "test starts that instance", name);
	setenv("FCAUTH_TEST_URL", url, 1);
	client_init_or_exit(progname);
}

void
fx_use_main(void)
{
	setenv("FCAUTH_TEST_URL", main_url, 1);
	client_init_or_exit(progname);
}

/* ---------------------------------------------------------------- */
/* JSON                                                             */
/* ---------------------------------------------------------------- */

struct json_object *
fx_jget(struct json_object *o, const char *key)
{
	struct json_object	*v = NULL;

	if (o == NULL || !json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

int
fx_jhas(struct json_object *o, const char *key)
{
	return o != NULL && json_object_is_type(o, json_type_object) &&
	    json_object_object_get_ex(o, key, NULL);
}

const char *
fx_jstr(struct json_object *o, const char *key)
{
	struct json_object	*v = fx_jget(o, key);

	return v != NULL && json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : NULL;
}

int
fx_jint_get(struct json_object *o, const char *key, int64_t *out)
{
	struct json_object	*v = fx_jget(o, key);

	*out = 0;
	if (v == NULL || !json_object_is_type(v, json_type_int))
		return 0;
	*out = json_object_get_int64(v);
	return 1;
}

int64_t
fx_jint(struct json_object *o, const char *key)
{
	int64_t	 n;

	ck_assert_msg(fx_jint_get(o, key, &n), "member %s is not an integer",
	    key);
	return n;
}

int64_t
fx_jnum(struct json_object *o, const char *key)
{
	struct json_object	*v = fx_jget(o, key);
	int64_t			 n;

	if (fx_jint_get(o, key, &n))
		return n;
	if (v != NULL && json_object_is_type(v, json_type_string))
		return strtoll(json_object_get_string(v), NULL, 10);
	return -1;
}

void
fx_jcopy(struct json_object *o, const char *key, char *buf, size_t bufsz)
{
	const char	*s = fx_jstr(o, key);

	ck_assert_msg(s != NULL, "no string %s", key);
	ck_assert((size_t)snprintf(buf, bufsz, "%s", s) < bufsz);
}

/* Decode base64url "len" bytes at "s" into NUL-terminated "out". */
static int
b64url_decode(const char *s, size_t len, unsigned char *out, size_t outsz,
    size_t *outlen)
{
	*outlen = 0;
	if (sodium_base642bin(out, outsz - 1, s, len, NULL, outlen, NULL,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return -1;
	out[*outlen] = '\0';
	return 0;
}

/* Parse base64url JSON of "len" bytes at "s" into a new object. */
static struct json_object *
jwt_part(const char *s, size_t len, const char *what)
{
	unsigned char		 buf[2048];
	size_t			 n;
	struct json_object	*o;

	ck_assert_msg(b64url_decode(s, len, buf, sizeof(buf), &n) == 0,
	    "%s: not base64url", what);
	o = json_tokener_parse((const char *)buf);
	ck_assert_msg(o != NULL && json_object_is_type(o, json_type_object),
	    "%s: not a JSON object: %s", what, buf);
	return o;
}

void
fx_jwt_decode(const char *token, struct fx_jwt *t)
{
	const char	*d1, *d2;

	memset(t, 0, sizeof(*t));
	ck_assert_ptr_nonnull(token);
	d1 = strchr(token, '.');
	ck_assert_msg(d1 != NULL, "token has no '.'");
	d2 = strchr(d1 + 1, '.');
	ck_assert_msg(d2 != NULL && strchr(d2 + 1, '.') == NULL,
	    "token is not three parts");
	ck_assert_msg((size_t)(d2 - token) < sizeof(t->signed_part),
	    "token too long");
	memcpy(t->signed_part, token, (size_t)(d2 - token));
	t->signed_part[d2 - token] = '\0';
	t->header = jwt_part(token, (size_t)(d1 - token), "JWT header");
	t->claims = jwt_part(d1 + 1, (size_t)(d2 - d1 - 1), "JWT payload");
	ck_assert_msg(b64url_decode(d2 + 1, strlen(d2 + 1), t->sig,
	    sizeof(t->sig), &t->siglen) == 0, "JWT signature not base64url");
}

void
fx_jwt_free(struct fx_jwt *t)
{
	json_object_put(t->header);
	json_object_put(t->claims);
	memset(t, 0, sizeof(*t));
}

/* The header ("claims" 0) or the claims of "token", a new object. */
static struct json_object *
jwt_take(const char *token, int claims)
{
	struct fx_jwt		 t;
	struct json_object	**part, *o;

	fx_jwt_decode(token, &t);
	part = claims ? &t.claims : &t.header;
	o = *part;
	*part = NULL;
	fx_jwt_free(&t);
	return o;
}

struct json_object *
fx_jwt_header(const char *token)
{
	return jwt_take(token, 0);
}

struct json_object *
fx_jwt_claims(const char *token)
{
	return jwt_take(token, 1);
}

/* ---------------------------------------------------------------- */
/* Requests and expectations                                        */
/* ---------------------------------------------------------------- */

void
fx_send(const char *method, const char *path, const char *ctype,
    const char *body, const char *bearer, const char *cookie,
    const char *hdr, struct resp *r)
{
	char		 auth[2200], ck[4400];
	const char	*extra[4] = { NULL, NULL, NULL, NULL };
	size_t		 n = 0;

	if (bearer != NULL) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s",
		    bearer);
		extra[n++] = auth;
	}
	if (cookie != NULL) {
		snprintf(ck, sizeof(ck), "Cookie: %s", cookie);
		extra[n++] = ck;
	}
	if (hdr != NULL)
		extra[n++] = hdr;
	ck_assert_msg(client_request(method, path, body != NULL ? ctype :
	    NULL, body, extra, r) == 0, "%s %s: no reply from %s: %s",
	    method, path, client_base_url(), r->error);
}

void
fx_call(const char *method, const char *path, const char *bearer,
    const char *cookie, const char *body, struct resp *r)
{
	fx_send(method, path, FX_JSON, body, bearer, cookie, NULL, r);
}

/* fx_post with a va_list. */
static void
vpost(const char *path, struct resp *r, const char *fmt, va_list ap)
{
	char	 body[FX_BODY_MAX];

	ck_assert((size_t)vsnprintf(body, sizeof(body), fmt, ap) <
	    sizeof(body));
	fx_call("POST", path, NULL, NULL, body, r);
}

void
fx_post(const char *path, struct resp *r, const char *fmt, ...)
{
	va_list	 ap;

	va_start(ap, fmt);
	vpost(path, r, fmt, ap);
	va_end(ap);
}

long
fx_post_code(const char *path, const char *code, const char *fmt, ...)
{
	struct resp	 r;
	va_list		 ap;
	long		 st;

	va_start(ap, fmt);
	vpost(path, &r, fmt, ap);
	va_end(ap);
	if (code != NULL)
		fx_expect(&r, r.status, code, path);
	st = r.status;
	resp_free(&r);
	return st;
}

void
fx_expect(const struct resp *r, long status, const char *code,
    const char *what)
{
	const char	*c = resp_code(r);

	ck_assert_msg(r->status == status && c != NULL &&
	    strcmp(c, code) == 0, "%s: got %ld %s, want %ld %s: %.600s",
	    what != NULL ? what : "reply", r->status,
	    c != NULL ? c : "(no code)", status, code,
	    r->body != NULL ? r->body : "(no body)");
}

/* ---------------------------------------------------------------- */
/* Accounts                                                         */
/* ---------------------------------------------------------------- */

/* The tokens and user id of a register, login or verify reply. */
static void
account_from(struct fx_account *a, const struct resp *r)
{
	struct json_object	*d = resp_data(r);
	const char		*s;
	int64_t			 id;

	if ((s = fx_jstr(d, "access_token")) != NULL)
		snprintf(a->access, sizeof(a->access), "%s", s);
	if ((s = fx_jstr(d, "refresh_token")) != NULL)
		snprintf(a->refresh, sizeof(a->refresh), "%s", s);
	if ((s = fx_jstr(d, "verification_id")) != NULL)
		snprintf(a->vid, sizeof(a->vid), "%s", s);
	if (fx_jint_get(fx_jget(d, "user"), "id", &id) ||
	    fx_jint_get(d, "user_id", &id))
		a->id = id;
}

void
fx_register(struct fx_account *a, const char *prefix, const char *pw,
    int flags, struct resp *r)
{
	struct resp	 own;
	char		 name[CLIENT_USERNAME_MAX + 16] = "";

	if (r == NULL)
		r = &own;
	memset(a, 0, sizeof(*a));
	client_unique_email(prefix, a->email);
	if (flags & FX_NAMED) {
		client_unique_username(prefix, a->username);
		snprintf(name, sizeof(name), ",\"username\":\"%s\"",
		    a->username);
	}
	fx_post("/api/v1/auth/register", r, "{\"email\":\"%s\","
	    "\"password\":\"%s\"%s}", a->email, pw, name);
	fx_expect(r, 201, "ok", "register");
	account_from(a, r);
	if (r == &own)
		resp_free(r);
}

long
fx_login(const char *field, const char *id, const char *pw,
    struct fx_account *a)
{
	struct resp	 r;
	long		 st;

	fx_post("/api/v1/auth/login", &r, "{\"%s\":\"%s\",\"password\":"
	    "\"%s\"}", field, id, pw);
	st = r.status;
	if (st == 200 && a != NULL)
		account_from(a, &r);
	resp_free(&r);
	return st;
}

void
fx_code_and_link(const struct fx_account *a, const char *cfg_env,
    char *code, char *link)
{
	char	*text;

	ck_assert_int_ge(fx_mail_wait(a->email, cfg_env, &text), 1);
	fx_mail_code(text, code, FX_CODE_MAX);
	fx_mail_token(text, "/api/v1/auth/verify/", link);
	free(text);
}

void
fx_verify(struct fx_account *a, const char *cfg_env)
{
	struct resp	 r;
	char		 code[FX_CODE_MAX], link[FX_TOKEN_LEN + 1];

	fx_code_and_link(a, cfg_env, code, link);
	fx_post("/api/v1/auth/verify", &r, "{\"verification_id\":\"%s\","
	    "\"code\":\"%s\"}", a->vid, code);
	fx_expect(&r, 200, "ok", "verify");
	account_from(a, &r);
	resp_free(&r);
}

/* ---------------------------------------------------------------- */
/* Configuration and database                                       */
/* ---------------------------------------------------------------- */

void
fx_config(const char *envname, struct config *cfg)
{
	const char	*path = fx_env(envname);
	char		 err[512];

	ck_assert_msg(config_load(cfg, path, err, sizeof(err)) == 0,
	    "%s: %s", path, err);
}

size_t
fx_config_key(const char *envname, const char *kid, unsigned char *key,
    size_t keysz)
{
	struct config	 cfg;
	size_t		 i, n = 0;

	fx_config(envname, &cfg);
	for (i = 0; i < cfg.nkeys; i++)
		if (strcmp(cfg.keys[i].kid, kid) == 0) {
			n = cfg.keys[i].secretlen;
			ck_assert_uint_le(n, keysz);
			memcpy(key, cfg.keys[i].secret, n);
			break;
		}
	config_free(&cfg);
	return n;
}

static struct config	 db_cfg;
static struct db	*db;

struct db *
fx_db(void)
{
	if (db != NULL)
		return db;
	fx_config("FCAUTH_TEST_ADMIN_CONFIG", &db_cfg);
	ck_assert_ptr_nonnull((db = db_open(&db_cfg)));
	ck_assert_msg(db_connect(db) == 0, "cannot connect to the test "
	    "database: %s", db_strerror(db));
	return db;
}

void
fx_db_close(void)
{
	if (db == NULL)
		return;
	db_close(db);
	config_free(&db_cfg);
	db = NULL;
}

long long
fx_db_int(const char *sql, const struct db_val *args, size_t nargs)
{
	long long	 v = -1;
	struct db_col	 c = DBC_INT(&v);

	ck_assert_msg(db_row(fx_db(), sql, args, nargs, &c, 1) == 1,
	    "%s: %s", sql, db_strerror(fx_db()));
	return v;
}

long long
fx_db_exec(const char *sql, const struct db_val *args, size_t nargs)
{
	long long	 n;

	n = db_exec(fx_db(), sql, args, nargs);
	ck_assert_msg(n >= 0, "%s: %s", sql, db_strerror(fx_db()));
	return n;
}

/* ---------------------------------------------------------------- */
/* fcauthctl and mail                                               */
/* ---------------------------------------------------------------- */

/* The fcauthctl to run. */
static const char *
ctl_path(void)
{
	const char	*bin = getenv("FCAUTH_TEST_CTL");

	if (bin == NULL || *bin == '\0')
		bin = getenv("FCAUTH_CTL");
	if (bin == NULL || *bin == '\0')
		bin = "./admin/fcauthctl";
	ck_assert_msg(access(bin, X_OK) == 0, "%s is not built", bin);
	return bin;
}

int
fx_ctl(const char *config, const char *args, const char *input, char *out,
    size_t outsz, char *err, size_t errsz)
{
	char		 in_path[] = "/tmp/fcauth-fx-inXXXXXX";
	char		 err_path[] = "/tmp/fcauth-fx-errXXXXXX";
	char		 cmd[4096];
	FILE		*p, *f;
	size_t		 n;
	int		 fd, st;

	if (config == NULL)
		config = fx_env("FCAUTH_TEST_ADMIN_CONFIG");
	ck_assert((fd = mkstemp(in_path)) != -1);
	if (input != NULL)
		ck_assert(write(fd, input, strlen(input)) ==
		    (ssize_t)strlen(input));
	close(fd);
	ck_assert((fd = mkstemp(err_path)) != -1);
	close(fd);
	snprintf(cmd, sizeof(cmd), "'%s' --config '%s' %s <%s 2>%s",
	    ctl_path(), config, args, in_path, err_path);
	ck_assert_ptr_nonnull((p = popen(cmd, "r")));
	n = fread(out != NULL ? out : cmd, 1,
	    (out != NULL ? outsz : sizeof(cmd)) - 1, p);
	if (out != NULL)
		out[n] = '\0';
	/* read the rest, or a long listing dies of SIGPIPE */
	while (fread(cmd, 1, sizeof(cmd), p) > 0)
		continue;
	st = pclose(p);
	if (err != NULL) {
		ck_assert_ptr_nonnull((f = fopen(err_path, "r")));
		n = fread(err, 1, errsz - 1, f);
		err[n] = '\0';
		fclose(f);
	}
	unlink(in_path);
	unlink(err_path);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

void
fx_ctl_ok(const char *args)
{
	char	 err[2048];

	ck_assert_msg(fx_ctl(NULL, args, NULL, NULL, 0, err,
	    sizeof(err)) == 0, "fcauthctl %s failed: %s", args, err);
}

void
fx_deliver(const char *cfg_env)
{
	char	 err[2048];

	ck_assert_msg(fx_ctl(fx_env(cfg_env), "mail-worker --once", NULL,
	    NULL, 0, err, sizeof(err)) == 0, "fcauthctl mail-worker "
	    "failed: %s", err);
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
	buf = malloc(FX_MAIL_MAX + 1);
	n = buf != NULL ? fread(buf, 1, FX_MAIL_MAX, f) : 0;
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

int
fx_mail_for(const char *to, char **latest)
{
	const char	*dir = fx_env("FCAUTH_TEST_MAIL_DIR");
	char		 want[CLIENT_EMAIL_MAX + 16], path[4096];
	static char	*names[FX_MAIL_FILES];
	char		*text, *hdr_end;
	struct dirent	*e;
	DIR		*d;
	size_t		 n = 0, i;
	int		 count = 0;

	if (latest != NULL)
		*latest = NULL;
	snprintf(want, sizeof(want), "\nTo: %s\n", to);
	ck_assert_msg((d = opendir(dir)) != NULL, "cannot open %s", dir);
	while ((e = readdir(d)) != NULL && n < FX_MAIL_FILES)
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

void
fx_mail_code(const char *text, char *code, size_t codesz)
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

void
fx_mail_token(const char *text, const char *marker, char *tok)
{
	const char	*p = strstr(text, marker);

	ck_assert_msg(p != NULL, "no %s in the mail:\n%s", marker, text);
	p += strlen(marker);
	memcpy(tok, p, FX_TOKEN_LEN);
	tok[FX_TOKEN_LEN] = '\0';
	ck_assert_msg(strspn(tok, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnop"
	    "qrstuvwxyz0123456789-_") == FX_TOKEN_LEN, "bad token in the mail");
}

/* ---------------------------------------------------------------- */
/* A program as a plain CGI                                         */
/* ---------------------------------------------------------------- */

/* The whole file "path" into "buf" ("bufsz" bytes, NUL-ended): length. */
static size_t
read_all(const char *path, char *buf, size_t bufsz)
{
	FILE	*f;
	size_t	 n = 0;

	if ((f = fopen(path, "r")) != NULL) {
		n = fread(buf, 1, bufsz - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return n;
}

/* "out" (a CGI program's output, "len" bytes) into the reply "r". */
static void
cgi_parse(char *out, size_t len, struct resp *r)
{
	char	*p = out, *eol, *body;

	if ((body = strstr(out, "\r\n\r\n")) == NULL)
		return;
	*body = '\0';
	body += 4;
	for (; p != NULL && *p != '\0'; p = eol != NULL ? eol + 2 : NULL) {
		if ((eol = strstr(p, "\r\n")) != NULL)
			*eol = '\0';
		if (strncmp(p, "Status: ", 8) == 0)
			r->status = strtol(p + 8, NULL, 10);
		ck_assert_int_eq(resp_add_header(r, p, strlen(p)), 0);
	}
	ck_assert_int_eq(resp_append_body(r, body,
	    len - (size_t)(body - out)), 0);
	if (r->bodylen > 0)
		r->json = json_tokener_parse(r->body);
}

static const char *cgi_extra;	/* fx_cgi_env */

void
fx_cgi_env(const char *name_value)
{
	cgi_extra = name_value;
}

int
fx_cgi(const char *prog, const char *config, const char *method,
    const char *uri, const char *body, const char *bearer,
    const char *cookie, struct resp *r, char *err, size_t errsz)
{
	static char	 out[256 * 1024];
	char		 in_path[] = "/tmp/fcauth-fx-cgiinXXXXXX";
	char		 out_path[] = "/tmp/fcauth-fx-cgioutXXXXXX";
	char		 err_path[] = "/tmp/fcauth-fx-cgierrXXXXXX";
	char		 bin[4096], env[10][4096], len[32];
	const char	*dir = getenv("FCAUTH_TEST_CGI_DIR"), *q;
	char		*envp[11];
	size_t		 n, i = 0;
	pid_t		 pid;
	int		 fd, st;

	memset(r, 0, sizeof(*r));
	snprintf(bin, sizeof(bin), "%s/%s.fcgi", dir != NULL && *dir != '\0' ?
	    dir : "./cgi-bin", prog);
	ck_assert_msg(access(bin, X_OK) == 0, "%s is not built", bin);
	ck_assert((fd = mkstemp(in_path)) != -1);
	if (body != NULL)
		ck_assert(write(fd, body, strlen(body)) ==
		    (ssize_t)strlen(body));
	close(fd);
	ck_assert((fd = mkstemp(out_path)) != -1);
	close(fd);
	ck_assert((fd = mkstemp(err_path)) != -1);
	close(fd);
	q = strchr(uri, '?');
	snprintf(len, sizeof(len), "%zu", body != NULL ? strlen(body) : 0);
	snprintf(env[i++], sizeof(env[0]), "FCAUTH_CONFIG=%s", config);
	snprintf(env[i++], sizeof(env[0]), "REQUEST_METHOD=%s", method);
	snprintf(env[i++], sizeof(env[0]), "REQUEST_URI=%s", uri);
	snprintf(env[i++], sizeof(env[0]), "QUERY_STRING=%s",
	    q != NULL ? q + 1 : "");
	snprintf(env[i++], sizeof(env[0]), "REMOTE_ADDR=127.0.0.1");
	snprintf(env[i++], sizeof(env[0]), "CONTENT_TYPE=%s",
	    body != NULL ? FX_JSON : "");
	snprintf(env[i++], sizeof(env[0]), "CONTENT_LENGTH=%s", len);
	snprintf(env[i++], sizeof(env[0]), "HTTP_AUTHORIZATION=%s%s",
	    bearer != NULL ? "Bearer " : "", bearer != NULL ? bearer : "");
	snprintf(env[i++], sizeof(env[0]), "HTTP_COOKIE=%s",
	    cookie != NULL ? cookie : "");
	if (cgi_extra != NULL)
		snprintf(env[i++], sizeof(env[0]), "%s", cgi_extra);
	for (n = 0; n < i; n++)
		envp[n] = env[n];
	envp[i] = NULL;
	ck_assert((pid = fork()) != -1);
	if (pid == 0) {
		if (freopen(in_path, "r", stdin) == NULL ||
		    freopen(out_path, "w", stdout) == NULL ||
		    freopen(err_path, "w", stderr) == NULL)
			_exit(127);
		execle(bin, bin, (char *)NULL, envp);
		_exit(127);
	}
	ck_assert(waitpid(pid, &st, 0) == pid);
	n = read_all(out_path, out, sizeof(out));
	if (err != NULL)
		read_all(err_path, err, errsz);
	cgi_parse(out, n, r);
	unlink(in_path);
	unlink(out_path);
	unlink(err_path);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int
fx_mail_wait(const char *to, const char *cfg_env, char **latest)
{
	const struct timespec	 tick = { 0, 100 * 1000 * 1000 };
	int			 n, i;

	for (i = 0; i < 30; i++) {
		fx_deliver(cfg_env);
		if ((n = fx_mail_for(to, latest)) > 0)
			return n;
		nanosleep(&tick, NULL);
	}
	return 0;
}
