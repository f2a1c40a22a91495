/*
 * dialect_fx: the check_dialect_* suites' shared checks (dialect_fx.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>
#include <json-c/json.h>

#include "client.h"
#include "db.h"
#include "fixture.h"
#include "raw.h"
#include "dialect_fx.h"

#define DX_PATH_MAX	256
#define DX_ANSWER_MS	10000

void
dx_start(const char *url_env, const char *progname)
{
	const char	*url = getenv(url_env);

	if (url == NULL || *url == '\0') {
		printf("%s not set: skipping\n", url_env);
		exit(CLIENT_EXIT_SKIP);
	}
	setenv("FCAUTH_TEST_URL", url, 1);
	fx_init(progname);
}

struct json_object *
dx_get(struct json_object *o, const char *path)
{
	char	 buf[DX_PATH_MAX], *p, *dot;

	if (path == NULL || *path == '\0')
		return o;
	ck_assert_uint_lt(strlen(path), sizeof(buf));
	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf; o != NULL && p != NULL; p = dot) {
		if ((dot = strchr(p, '.')) != NULL)
			*dot++ = '\0';
		o = fx_jget(o, p);
	}
	return o;
}

/* Whether the dotted "path" names a member, null or not. */
static int
has(struct json_object *o, const char *path)
{
	char		 buf[DX_PATH_MAX], *last;

	snprintf(buf, sizeof(buf), "%s", path);
	if ((last = strrchr(buf, '.')) == NULL)
		return fx_jhas(o, buf);
	*last++ = '\0';
	return fx_jhas(dx_get(o, buf), last);
}

void
dx_keys(struct json_object *o, const char *path, const char *keys)
{
	struct json_object	*x = dx_get(o, path);
	char			 buf[1024], *k, *save = NULL;
	size_t			 n = 0;

	ck_assert_msg(x != NULL && json_object_is_type(x, json_type_object),
	    "'%s' is not an object in %s", path != NULL ? path : "",
	    o != NULL ? json_object_to_json_string(o) : "(no JSON)");
	snprintf(buf, sizeof(buf), "%s", keys);
	for (k = strtok_r(buf, ",", &save); k != NULL;
	    k = strtok_r(NULL, ",", &save)) {
		ck_assert_msg(fx_jhas(x, k), "no key '%s' in '%s': %s", k,
		    path != NULL ? path : "", json_object_to_json_string(x));
		n++;
	}
	ck_assert_msg((size_t)json_object_object_length(x) == n,
	    "'%s' has keys besides %s: %s", path != NULL ? path : "", keys,
	    json_object_to_json_string(x));
}

void
dx_type(struct json_object *o, const char *path, json_type t)
{
	struct json_object	*x = dx_get(o, path);

	ck_assert_msg(has(o, path), "no '%s' in %s", path,
	    o != NULL ? json_object_to_json_string(o) : "(no JSON)");
	ck_assert_msg(json_object_is_type(x, t), "'%s' is a %s, not a %s: %s",
	    path, json_type_to_name(json_object_get_type(x)),
	    json_type_to_name(t), json_object_to_json_string(o));
}

const char *
dx_s(struct json_object *o, const char *path)
{
	dx_type(o, path, json_type_string);
	return json_object_get_string(dx_get(o, path));
}

void
dx_str(struct json_object *o, const char *path, const char *want)
{
	const char	*s = dx_s(o, path);

	ck_assert_msg(strcmp(s, want) == 0, "'%s' is \"%s\", want \"%s\"",
	    path, s, want);
}

void
dx_bool(struct json_object *o, const char *path, int want)
{
	dx_type(o, path, json_type_boolean);
	ck_assert_msg(!json_object_get_boolean(dx_get(o, path)) == !want,
	    "'%s' is not %s", path, want ? "true" : "false");
}

int64_t
dx_int(struct json_object *o, const char *path)
{
	dx_type(o, path, json_type_int);
	return json_object_get_int64(dx_get(o, path));
}

void
dx_null(struct json_object *o, const char *path)
{
	dx_type(o, path, json_type_null);
}

int
dx_fmt(const char *s, const char *fmt)
{
	for (; *fmt != '\0'; s++, fmt++) {
		if (strchr("YMDHSms", *fmt) != NULL) {
			if (*s < '0' || *s > '9')
				return 0;
		} else if (*s != *fmt)
			return 0;
	}
	return *s == '\0';
}

long long
dx_epoch(const char *s)
{
	struct tm	 tm;

	memset(&tm, 0, sizeof(tm));
	if (!dx_fmt(s, "YYYY-MM-DD HH:MM:SS") || sscanf(s, "%4d-%2d-%2d "
	    "%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
	    &tm.tm_min, &tm.tm_sec) != 6)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm);
}

struct json_object *
dx_jwt(const char *tok)
{
	struct json_object	*cl;
	const char		*d1;

	ck_assert_ptr_nonnull(tok);
	d1 = strchr(tok, '.');
	ck_assert_msg(d1 != NULL && strchr(d1 + 1, '.') != NULL &&
	    strchr(strchr(d1 + 1, '.') + 1, '.') == NULL, "not a JWT: %s",
	    tok);
	cl = fx_jwt_claims(tok);
	dx_str(cl, "typ", "access");
	dx_type(cl, "exp", json_type_int);
	dx_type(cl, "iat", json_type_int);
	dx_type(cl, "sub", json_type_string);
	return cl;
}

int64_t
dx_sub(const char *tok)
{
	struct json_object	*cl = dx_jwt(tok);
	int64_t			 id = strtoll(dx_s(cl, "sub"), NULL, 10);

	json_object_put(cl);
	ck_assert_int_gt(id, 0);
	return id;
}

int64_t
dx_user_id(const char *email)
{
	return fx_db_int("SELECT id FROM users WHERE email = ?",
	    FX_ARGS(DBV_STR(email)));
}

void
dx_login_pair(const char *path, const char *ukey, const char *pkey,
    const char *known, const char *prefix, struct resp *wrong,
    struct resp *unknown)
{
	char	 nobody[CLIENT_EMAIL_MAX];

	client_unique_email(prefix, nobody);
	fx_post(path, wrong, "{\"%s\":\"%s\",\"%s\":\"%s\"}", ukey, known,
	    pkey, "not the password at all");
	fx_post(path, unknown, "{\"%s\":\"%s\",\"%s\":\"%s\"}", ukey,
	    nobody, pkey, "not the password at all");
}

void
dx_same(const struct resp *a, const struct resp *b, const char *what)
{
	ck_assert_msg(a->status == b->status && a->body != NULL &&
	    b->body != NULL && strcmp(a->body, b->body) == 0,
	    "%s: the replies differ: %ld %s | %ld %s", what, a->status,
	    a->body != NULL ? a->body : "(none)", b->status,
	    b->body != NULL ? b->body : "(none)");
}

void
dx_status(const struct resp *r, long status, const char *what)
{
	ck_assert_msg(r->status == status && r->json != NULL &&
	    json_object_is_type(r->json, json_type_object),
	    "%s: got %ld, want %ld and a JSON object: %.600s", what,
	    r->status, status, r->body != NULL ? r->body : "(no body)");
}

char *
dx_mail(const char *to, const char *cfg_env, int *count)
{
	char	*text;
	int	 n;

	n = fx_mail_wait(to, cfg_env, &text);
	ck_assert_msg(n >= 1 && text != NULL, "no mail to %s", to);
	if (count != NULL)
		*count = n;
	return text;
}

const char *
dx_mail_token(const char *text, const char *const *markers, char *tok)
{
	size_t	 i;

	for (i = 0; markers[i] != NULL; i++)
		if (strstr(text, markers[i]) != NULL) {
			fx_mail_token(text, markers[i], tok);
			return markers[i];
		}
	ck_abort_msg("no %s in the mail:\n%s", markers[0], text);
	return NULL;
}

int
dx_cookie(const struct resp *r, char *pair, size_t pairsz, char *line,
    size_t linesz)
{
	const char	*v, *eq;
	size_t		 i, n;

	for (i = 0; (v = resp_header_nth(r, "Set-Cookie", i)) != NULL; i++) {
		n = strcspn(v, ";");
		eq = memchr(v, '=', n);
		if (eq == NULL || eq + 1 == v + n)
			continue;	/* a cleared cookie */
		if (pair != NULL)
			snprintf(pair, pairsz, "%.*s", (int)n, v);
		if (line != NULL)
			snprintf(line, linesz, "%s", v);
		return 1;
	}
	return 0;
}

void
dx_post_bare(const char *path, const char *bearer, struct resp *r)
{
	char	 req[4096];
	int	 n;

	n = snprintf(req, sizeof(req), "POST %s HTTP/1.1\r\n"
	    "Host: 127.0.0.1\r\n%s%s%sConnection: close\r\n\r\n", path,
	    bearer != NULL ? "Authorization: Bearer " : "",
	    bearer != NULL ? bearer : "", bearer != NULL ? "\r\n" : "");
	ck_assert(n > 0 && (size_t)n < sizeof(req));
	ck_assert_msg(raw_exchange(req, (size_t)n, 0, DX_ANSWER_MS, r,
	    NULL) == 0, "POST %s without Content-Length: %s", path, r->error);
}

void
dx_no_secret(const char *s, const char *pw)
{
	ck_assert_ptr_nonnull(s);
	ck_assert_msg(strstr(s, pw) == NULL, "the password in: %s", s);
	ck_assert_msg(strstr(s, "$2") == NULL && strstr(s, "$y$") == NULL &&
	    strstr(s, "$6$") == NULL && strstr(s, "\"password\"") == NULL,
	    "a password or hash in: %s", s);
}
