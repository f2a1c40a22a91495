/*
 * check_register_login: POST /api/v1/auth/register and
 * POST /api/v1/auth/login through the real web server, against
 * API.md.  The server must run with verification turned off, so that
 * registration answers 201 with the login payload, and with the token
 * defaults (15-minute access tokens, refresh tokens of 1 day or 30
 * days with "remember").
 *
 * Environment: FCAUTH_TEST_URL (base URL; unset = skip),
 * FCAUTH_TEST_CONFIG (the server's fcauth.conf, to verify the HS256
 * signature with the configured key).
 *
 * Every test makes its own accounts with client_unique_email, so the
 * suite can run again against the same database.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <check.h>
#include <json-c/json.h>
#include <sodium.h>

#include "client.h"
#include "config.h"
#include "fixture.h"

#define REGISTER	"/api/v1/auth/register"
#define LOGIN		"/api/v1/auth/login"

#define ACCESS_TTL		900	/* default access token lifetime */
#define REFRESH_TTL		86400	/* default refresh lifetime */
#define REFRESH_TTL_REMEMBER	2592000	/* with "remember": true */
#define REFRESH_TOKEN_LEN	43	/* 256 bits in base64url */
#define BODY_CAP		65536	/* default [http] max_body */

/*
 * A good password: long, not common, and with a space and '!' so that
 * it can never be a substring of a base64url token by accident.
 */
#define PW		"Tr0ub4dor & 3 horses!"

/* Long strings for the length rules. */
#define S10(s)		s s s s s s s s s s
#define S100(s)		S10(s) S10(s) S10(s) S10(s) S10(s) \
			S10(s) S10(s) S10(s) S10(s) S10(s)
#define S1000(s)	S100(s) S100(s) S100(s) S100(s) S100(s) \
			S100(s) S100(s) S100(s) S100(s) S100(s)

/* 60 + 1 + 197 = 258 bytes: over the 254-byte limit, labels <= 63. */
#define LONG_EMAIL	S10("aaaaaa") "@" S10("bbbbbb") "." S10("cccccc") \
			"." S10("dddddd") "." S10("e") ".com"
/* A 65-byte local part. */
#define LONG_LOCAL	S10("ffffff") "fffff@example.com"
/* 1025 bytes. */
#define LONG_PW		S1000("x") "Yz1!Yz1!Yz1!Yz1!Yz1!Yz1!Y"
/* 101 characters, ASCII and two-byte. */
#define LONG_NAME	S100("a") "b"
#define LONG_NAME_UTF8	S100("\xc3\xa9") "\xc3\xa9"
/* 1001 characters. */
#define LONG_TEXT	S1000("t") "u"

/* Body prefix with a good email and password. */
#define GOOD		"\"email\":\"{EMAIL}\",\"password\":\"" PW "\""

/*
 * A request whose reply must be a field error (or another error).
 * "body" may hold "{EMAIL}" and "{USER}", replaced by a fresh address
 * and username.  "field" is the errors member that must be there (NULL:
 * any).  "secret" must not appear anywhere in the reply (NULL: none).
 */
struct vcase {
	const char	*name;
	const char	*body;
	const char	*field;
	long		 status;
	const char	*code;
	const char	*secret;
};

/* A request that is wrong as a whole: its body, type or size. */
struct rcase {
	const char	*name;
	const char	*path;
	const char	*content_type;	/* NULL: no Content-Type header */
	const char	*body;
	long		 status;
	const char	*code;
};

/* A method or path the routes do not have. */
struct mcase {
	const char	*name;
	const char	*method;
	const char	*path;
	long		 status;
	const char	*code;
	const char	*allow;		/* must be in Allow, or NULL */
};

/* The account the login and token tests share, made once per tcase. */
static struct fx_account	 fx;

/* ---------------------------------------------------------------- */
/* String helpers                                                   */
/* ---------------------------------------------------------------- */

/*
 * A copy of "s" with every "from" replaced by "to".  The caller frees
 * the result.  Aborts the test on out of memory.
 */
static char *
replace_all(const char *s, const char *from, const char *to)
{
	const char	*p, *hit;
	char		*out, *q;
	size_t		 n = 0, flen = strlen(from), tlen = strlen(to);

	for (p = s; (hit = strstr(p, from)) != NULL; p = hit + flen)
		n++;
	out = malloc(strlen(s) + n * tlen + 1);
	ck_assert_ptr_nonnull(out);
	for (p = s, q = out; (hit = strstr(p, from)) != NULL; p = hit + flen) {
		memcpy(q, p, (size_t)(hit - p));
		q += hit - p;
		memcpy(q, to, tlen);
		q += tlen;
	}
	strcpy(q, p);
	return out;
}

/*
 * The body of a table case with fresh values for "{EMAIL}" and
 * "{USER}".  The caller frees it.
 */
static char *
expand(const char *tmpl)
{
	char	 email[CLIENT_EMAIL_MAX], user[CLIENT_USERNAME_MAX];
	char	*a, *b;

	client_unique_email("case", email);
	client_unique_username("case", user);
	a = replace_all(tmpl, "{EMAIL}", email);
	b = replace_all(a, "{USER}", user);
	free(a);
	return b;
}

/* Upper-case copy of "s" into "out" (same size as s + 1). */
static void
upper(char *out, const char *s)
{
	for (; *s != '\0'; s++)
		*out++ = (char)toupper((unsigned char)*s);
	*out = '\0';
}

/* Whether "s" is non-empty base64url without padding: 1 or 0. */
static int
is_base64url(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_')
			return 0;
	return 1;
}

/* Whether "s" reads "YYYY-MM-DDTHH:MM:SSZ": 1 or 0. */
static int
is_iso_time(const char *s)
{
	static const char	 shape[] = "0000-00-00T00:00:00Z";
	size_t			 i;

	if (strlen(s) != sizeof(shape) - 1)
		return 0;
	for (i = 0; shape[i] != '\0'; i++)
		if (shape[i] == '0' ? !isdigit((unsigned char)s[i]) :
		    s[i] != shape[i])
			return 0;
	return 1;
}

/* ---------------------------------------------------------------- */
/* Requests                                                         */
/* ---------------------------------------------------------------- */

/* Fail the test when no HTTP reply came back. */
static void
expect_reply(int rc, const struct resp *r, const char *what)
{
	ck_assert_msg(rc == 0, "%s: no reply from %s: %s", what,
	    client_base_url(), r->error);
}

/* POST "body" as JSON to "path"; the reply must come back. */
static void
post_json(const char *path, const char *body, struct resp *r,
    const char *what)
{
	expect_reply(client_post_json(path, body, r), r, what);
}

/* POST the json-c object "o" to "path" and release it. */
static void
post_object(const char *path, struct json_object *o, struct resp *r,
    const char *what)
{
	post_json(path, json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN), r, what);
	json_object_put(o);
}

/* POST the form made of "pairs" (name, value, ..., NULL) to "path". */
static void
post_form(const char *path, const char *const *pairs, struct resp *r,
    const char *what)
{
	char	*body = client_form_encode(pairs);

	ck_assert_ptr_nonnull(body);
	expect_reply(client_post_form(path, body, r), r, what);
	free(body);
}

/*
 * A login request: "idfield" ("email", "login", "username") holding
 * "id", the password under "pwfield", and "remember" when it is 0 or 1
 * (-1: absent).
 */
static void
login(const char *idfield, const char *id, const char *pwfield,
    const char *password, int remember, struct resp *r, const char *what)
{
	struct json_object	*o = json_object_new_object();

	json_object_object_add(o, idfield, json_object_new_string(id));
	json_object_object_add(o, pwfield, json_object_new_string(password));
	if (remember >= 0)
		json_object_object_add(o, "remember",
		    json_object_new_boolean(remember));
	post_object(LOGIN, o, r, what);
}

/* ---------------------------------------------------------------- */
/* What every reply must look like                                  */
/* ---------------------------------------------------------------- */

/* The status must be "status"; say why not, with a hint for 429. */
static void
expect_status(const struct resp *r, long status, const char *what)
{
	ck_assert_msg(r->status == status,
	    "%s: expected HTTP %ld, got %ld%s: %.800s", what, status,
	    r->status, r->status == 429 ? " (rate limited: raise the "
	    "[throttle] limits in the test server's configuration)" : "",
	    r->body != NULL ? r->body : "");
}

/* Cache-Control: no-store, nosniff and a JSON Content-Type. */
static void
expect_headers(const struct resp *r, const char *what)
{
	const char	*cc, *xcto, *ct;

	cc = resp_header(r, "Cache-Control");
	xcto = resp_header(r, "X-Content-Type-Options");
	ct = resp_header(r, "Content-Type");
	ck_assert_msg(cc != NULL && strcasestr(cc, "no-store") != NULL,
	    "%s: Cache-Control is '%s', want no-store", what,
	    cc != NULL ? cc : "(none)");
	ck_assert_msg(xcto != NULL && strcasecmp(xcto, "nosniff") == 0,
	    "%s: X-Content-Type-Options is '%s', want nosniff", what,
	    xcto != NULL ? xcto : "(none)");
	ck_assert_msg(ct != NULL &&
	    strncasecmp(ct, "application/json", 16) == 0,
	    "%s: Content-Type is '%s', want application/json", what,
	    ct != NULL ? ct : "(none)");
}

/* The API.md envelope with "success", a code, a message and data. */
static void
expect_envelope(const struct resp *r, int success, const char *what)
{
	struct json_object	*s;
	const char		*msg;

	ck_assert_msg(r->json != NULL &&
	    json_object_is_type(r->json, json_type_object),
	    "%s: reply is not a JSON object: %.800s", what, r->body);
	s = fx_jget(r->json, "success");
	ck_assert_msg(s != NULL && json_object_is_type(s, json_type_boolean),
	    "%s: no boolean 'success': %.800s", what, r->body);
	ck_assert_msg(json_object_get_boolean(s) == success,
	    "%s: success is not %s: %.800s", what,
	    success ? "true" : "false", r->body);
	ck_assert_msg(resp_code(r) != NULL, "%s: no string 'code': %.800s",
	    what, r->body);
	msg = fx_jstr(r->json, "message");
	ck_assert_msg(msg != NULL && *msg != '\0',
	    "%s: no 'message': %.800s", what, r->body);
	ck_assert_msg(fx_jhas(r->json, "data"), "%s: no 'data': %.800s", what,
	    r->body);
}

/* A success reply: "status", code "ok", data an object. */
static void
expect_ok(const struct resp *r, long status, const char *what)
{
	struct json_object	*d;

	expect_status(r, status, what);
	expect_headers(r, what);
	expect_envelope(r, 1, what);
	ck_assert_msg(strcmp(resp_code(r), "ok") == 0,
	    "%s: code is '%s', want ok", what, resp_code(r));
	d = resp_data(r);
	ck_assert_msg(d != NULL && json_object_is_type(d, json_type_object),
	    "%s: data is not an object: %.800s", what, r->body);
}

/* An error reply: "status", "code", data null. */
static void
expect_error(const struct resp *r, long status, const char *code,
    const char *what)
{
	expect_status(r, status, what);
	expect_headers(r, what);
	expect_envelope(r, 0, what);
	ck_assert_msg(strcmp(resp_code(r), code) == 0,
	    "%s: code is '%s', want %s: %.800s", what, resp_code(r), code,
	    r->body);
	ck_assert_msg(resp_data(r) == NULL, "%s: data is not null: %.800s",
	    what, r->body);
}

/* errors.<field> is {msg, param: field, location: "body"}. */
static void
expect_field_error(const struct resp *r, const char *field,
    const char *what)
{
	struct json_object	*e;
	const char		*msg, *param, *loc;

	e = fx_jget(resp_errors(r), field);
	ck_assert_msg(e != NULL && json_object_is_type(e, json_type_object),
	    "%s: no errors.%s: %.800s", what, field, r->body);
	msg = fx_jstr(e, "msg");
	param = fx_jstr(e, "param");
	loc = fx_jstr(e, "location");
	ck_assert_msg(msg != NULL && *msg != '\0',
	    "%s: errors.%s.msg missing: %.800s", what, field, r->body);
	ck_assert_msg(param != NULL && strcmp(param, field) == 0,
	    "%s: errors.%s.param is '%s'", what, field,
	    param != NULL ? param : "(none)");
	ck_assert_msg(loc != NULL && strcmp(loc, "body") == 0,
	    "%s: errors.%s.location is '%s', want body", what, field,
	    loc != NULL ? loc : "(none)");
}

/*
 * No password value echoed: no "value" under a password error, and
 * "secret" (if any) nowhere in the body.
 */
static void
expect_secret_kept(const struct resp *r, const char *secret,
    const char *what)
{
	static const char *const pwfields[] = {
		"password", "pwd", "new_password", "current_password", NULL
	};
	struct json_object	*errors = resp_errors(r);
	size_t			 i;

	for (i = 0; pwfields[i] != NULL; i++)
		ck_assert_msg(!fx_jhas(fx_jget(errors, pwfields[i]), "value"),
		    "%s: errors.%s echoes the value: %.800s", what,
		    pwfields[i], r->body);
	if (secret != NULL && *secret != '\0')
		ck_assert_msg(r->body == NULL ||
		    strstr(r->body, secret) == NULL,
		    "%s: the reply contains the password: %.800s", what,
		    r->body);
}

/* No member anywhere under "o" whose name speaks of a password or hash. */
static void
expect_no_password_keys(struct json_object *o, const char *what)
{
	size_t	 i;

	if (json_object_is_type(o, json_type_array)) {
		for (i = 0; i < json_object_array_length(o); i++)
			expect_no_password_keys(
			    json_object_array_get_idx(o, i), what);
		return;
	}
	if (!json_object_is_type(o, json_type_object))
		return;
	json_object_object_foreach(o, key, val) {
		ck_assert_msg(strcasestr(key, "password") == NULL &&
		    strcasestr(key, "hash") == NULL &&
		    strcasecmp(key, "pwd") != 0,
		    "%s: the reply has a member '%s'", what, key);
		expect_no_password_keys(val, what);
	}
}

/* A success body holds neither the password nor anything like a hash. */
static void
expect_no_secrets(const struct resp *r, const char *what)
{
	static const char *const hashes[] = {
		"$y$", "$2b$", "$2y$", "$2a$", "$6$", "$5$", "$7$", "$gy$", NULL
	};
	size_t	 i;

	expect_no_password_keys(r->json, what);
	ck_assert_msg(strstr(r->body, PW) == NULL,
	    "%s: the reply contains the password", what);
	for (i = 0; hashes[i] != NULL; i++)
		ck_assert_msg(strstr(r->body, hashes[i]) == NULL,
		    "%s: the reply contains a crypt hash (%s)", what,
		    hashes[i]);
}

/*
 * The user object: an id, the lower-cased "email", role "user", the
 * flags and times in their formats.  Returns the id.
 */
static int64_t
expect_user(struct json_object *u, const char *email, const char *what)
{
	struct json_object	*ev;
	const char		*s;
	int64_t			 id;
	char			 lower[CLIENT_EMAIL_MAX];
	size_t			 i;

	ck_assert_msg(u != NULL && json_object_is_type(u, json_type_object),
	    "%s: no user object", what);
	ck_assert_msg(fx_jint_get(u, "id", &id) && id > 0,
	    "%s: user.id is not a positive integer", what);
	for (i = 0; email[i] != '\0' && i + 1 < sizeof(lower); i++)
		lower[i] = (char)tolower((unsigned char)email[i]);
	lower[i] = '\0';
	s = fx_jstr(u, "email");
	ck_assert_msg(s != NULL && strcmp(s, lower) == 0,
	    "%s: user.email is '%s', want '%s'", what, s ? s : "(none)",
	    lower);
	s = fx_jstr(u, "email_masked");
	ck_assert_msg(s != NULL && strchr(s, '*') != NULL &&
	    strstr(s, "@example.com") != NULL,
	    "%s: user.email_masked is '%s'", what, s ? s : "(none)");
	ev = fx_jget(u, "email_verified");
	ck_assert_msg(ev != NULL && json_object_is_type(ev, json_type_boolean),
	    "%s: user.email_verified is not a boolean", what);
	s = fx_jstr(u, "role");
	ck_assert_msg(s != NULL && strcmp(s, "user") == 0,
	    "%s: user.role is '%s', want user", what, s ? s : "(none)");
	s = fx_jstr(u, "created_at");
	ck_assert_msg(s != NULL && is_iso_time(s),
	    "%s: user.created_at is '%s'", what, s ? s : "(none)");
	s = fx_jstr(u, "updated_at");
	ck_assert_msg(s != NULL && is_iso_time(s),
	    "%s: user.updated_at is '%s'", what, s ? s : "(none)");
	return id;
}

/*
 * The login payload in "data": a JWT, "Bearer", the access lifetime,
 * a 43-character refresh token living "refresh_ttl" seconds, and the
 * user for "email".  Returns the user id.
 */
static int64_t
expect_login_payload(struct json_object *data, const char *email,
    int64_t refresh_ttl, const char *what)
{
	const char	*at, *rt, *tt, *dot;
	int64_t		 n;

	at = fx_jstr(data, "access_token");
	ck_assert_msg(at != NULL, "%s: no access_token", what);
	dot = strchr(at, '.');
	ck_assert_msg(dot != NULL && strchr(dot + 1, '.') != NULL &&
	    strchr(strchr(dot + 1, '.') + 1, '.') == NULL,
	    "%s: access_token is not three dot-separated parts", what);
	tt = fx_jstr(data, "token_type");
	ck_assert_msg(tt != NULL && strcmp(tt, "Bearer") == 0,
	    "%s: token_type is '%s', want Bearer", what, tt ? tt : "(none)");
	ck_assert_msg(fx_jint_get(data, "expires_in", &n) && n == ACCESS_TTL,
	    "%s: expires_in is %lld, want %d", what, (long long)n,
	    ACCESS_TTL);
	rt = fx_jstr(data, "refresh_token");
	ck_assert_msg(rt != NULL && strlen(rt) == REFRESH_TOKEN_LEN &&
	    is_base64url(rt),
	    "%s: refresh_token '%s' is not %d base64url characters", what,
	    rt ? rt : "(none)", REFRESH_TOKEN_LEN);
	ck_assert_msg(fx_jint_get(data, "refresh_expires_in", &n) &&
	    n == refresh_ttl, "%s: refresh_expires_in is %lld, want %lld",
	    what, (long long)n, (long long)refresh_ttl);
	return expect_user(fx_jget(data, "user"), email, what);
}

/* ---------------------------------------------------------------- */
/* Accounts                                                         */
/* ---------------------------------------------------------------- */

/*
 * Register a fresh account "a" (email from "prefix", a username when
 * "with_username", password PW); the reply must be 201 with the login
 * payload.
 */
static void
account_register(struct fx_account *a, const char *prefix, int with_username)
{
	struct resp	 r;

	fx_register(a, prefix, PW, with_username ? FX_NAMED : 0, &r);
	expect_ok(&r, 201, "register");
	a->id = expect_login_payload(resp_data(&r), a->email, REFRESH_TTL,
	    "register");
	resp_free(&r);
}

/* Unchecked fixture: the shared account of the login tcases. */
static void
fx_setup(void)
{
	account_register(&fx, "login", 1);
}

/* ---------------------------------------------------------------- */
/* Registration: success                                            */
/* ---------------------------------------------------------------- */

/* Every field given; the user comes back as given, email lower-cased. */
START_TEST(test_register_full)
{
	char			 email[CLIENT_EMAIL_MAX];
	char			 mixed[CLIENT_EMAIL_MAX];
	char			 user[CLIENT_USERNAME_MAX];
	struct json_object	*o = json_object_new_object(), *u;
	struct resp		 r;
	const char		*s;
	static const char *const fields[][2] = {
		{ "full_name", "Zo\xc3\xab \xc3\x9cnic\xc3\xb6" "de" },
		{ "phone", "+998 90 000 00 00" },
		{ "birthday", "1996-01-10" },
		{ "bio", "Hello, I test\nthings." },
		{ "profile_picture", "https://example.com/p/ann.png" },
		{ "contacts", "telegram: @ann_example" },
	};
	size_t			 i;

	client_unique_email("full", email);
	upper(mixed, email);
	client_unique_username("Full", user);
	json_object_object_add(o, "email", json_object_new_string(mixed));
	json_object_object_add(o, "password", json_object_new_string(PW));
	json_object_object_add(o, "username", json_object_new_string(user));
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		json_object_object_add(o, fields[i][0],
		    json_object_new_string(fields[i][1]));
	post_object(REGISTER, o, &r, "register full");
	expect_ok(&r, 201, "register full");
	expect_login_payload(resp_data(&r), email, REFRESH_TTL,
	    "register full");
	u = fx_jget(resp_data(&r), "user");
	s = fx_jstr(u, "username");
	ck_assert_msg(s != NULL && strcmp(s, user) == 0,
	    "user.username is '%s', want '%s'", s ? s : "(none)", user);
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		s = fx_jstr(u, fields[i][0]);
		ck_assert_msg(s != NULL && strcmp(s, fields[i][1]) == 0,
		    "user.%s is '%s', want '%s'", fields[i][0],
		    s ? s : "(none)", fields[i][1]);
	}
	expect_no_secrets(&r, "register full");
	resp_free(&r);
}
END_TEST

/* Only email and password. */
START_TEST(test_register_minimal)
{
	struct fx_account	 a;

	account_register(&a, "min", 0);
}
END_TEST

/* A DD.MM.YYYY birthday is stored as YYYY-MM-DD. */
START_TEST(test_register_dotted_birthday)
{
	char			 email[CLIENT_EMAIL_MAX];
	struct json_object	*o = json_object_new_object();
	struct resp		 r;
	const char		*s;

	client_unique_email("bday", email);
	json_object_object_add(o, "email", json_object_new_string(email));
	json_object_object_add(o, "password", json_object_new_string(PW));
	json_object_object_add(o, "birthday",
	    json_object_new_string("10.01.1996"));
	post_object(REGISTER, o, &r, "dotted birthday");
	expect_ok(&r, 201, "dotted birthday");
	s = fx_jstr(fx_jget(resp_data(&r), "user"), "birthday");
	ck_assert_msg(s != NULL && strcmp(s, "1996-01-10") == 0,
	    "user.birthday is '%s', want 1996-01-10", s ? s : "(none)");
	resp_free(&r);
}
END_TEST

/* full_name counts characters, not bytes: 100 two-byte letters pass. */
START_TEST(test_register_name_characters)
{
	char			 email[CLIENT_EMAIL_MAX];
	static const char	 name[] = S100("\xc3\xa9");
	struct json_object	*o = json_object_new_object();
	struct resp		 r;
	const char		*s;

	client_unique_email("utf8", email);
	json_object_object_add(o, "email", json_object_new_string(email));
	json_object_object_add(o, "password", json_object_new_string(PW));
	json_object_object_add(o, "full_name", json_object_new_string(name));
	post_object(REGISTER, o, &r, "100-character name");
	expect_ok(&r, 201, "100-character name");
	s = fx_jstr(fx_jget(resp_data(&r), "user"), "full_name");
	ck_assert_msg(s != NULL && strcmp(s, name) == 0,
	    "user.full_name came back changed");
	resp_free(&r);
}
END_TEST

/*
 * "name"/"fullname" mean full_name and "pwd" means password; the
 * password given as "pwd" then logs in.
 */
START_TEST(test_register_aliases)
{
	static const char *const namekeys[] = { "name", "fullname" };
	const char		*namekey = namekeys[_i];
	char			 email[CLIENT_EMAIL_MAX];
	struct json_object	*o = json_object_new_object();
	struct resp		 r;
	const char		*s;

	client_unique_email("alias", email);
	json_object_object_add(o, "email", json_object_new_string(email));
	json_object_object_add(o, "pwd", json_object_new_string(PW));
	json_object_object_add(o, namekey,
	    json_object_new_string("Ann Example"));
	post_object(REGISTER, o, &r, namekey);
	expect_ok(&r, 201, namekey);
	s = fx_jstr(fx_jget(resp_data(&r), "user"), "full_name");
	ck_assert_msg(s != NULL && strcmp(s, "Ann Example") == 0,
	    "%s: user.full_name is '%s'", namekey, s ? s : "(none)");
	resp_free(&r);
	login("email", email, "password", PW, -1, &r, "login after alias");
	expect_ok(&r, 200, "login after alias");
	resp_free(&r);
}
END_TEST

/*
 * A form-encoded registration, then a form-encoded login by username
 * with remember=true.
 */
START_TEST(test_register_login_form)
{
	char		 email[CLIENT_EMAIL_MAX], user[CLIENT_USERNAME_MAX];
	const char	*reg[] = { "email", email, "password", PW,
			    "username", user, "full_name", "Ann & Bob+Lee",
			    NULL };
	const char	*in[] = { "login", user, "password", PW,
			    "remember", "true", NULL };
	struct resp	 r;
	const char	*s;

	client_unique_email("form", email);
	client_unique_username("form", user);
	post_form(REGISTER, reg, &r, "form register");
	expect_ok(&r, 201, "form register");
	expect_login_payload(resp_data(&r), email, REFRESH_TTL,
	    "form register");
	s = fx_jstr(fx_jget(resp_data(&r), "user"), "full_name");
	ck_assert_msg(s != NULL && strcmp(s, "Ann & Bob+Lee") == 0,
	    "form: user.full_name is '%s'", s ? s : "(none)");
	resp_free(&r);
	post_form(LOGIN, in, &r, "form login");
	expect_ok(&r, 200, "form login");
	expect_login_payload(resp_data(&r), email, REFRESH_TTL_REMEMBER,
	    "form login");
	resp_free(&r);
}
END_TEST

/*
 * The role claim of an access token, into "out" (empty if none).
 */
static void
token_role(const char *jwt, char *out, size_t outsz)
{
	const char		*p = strchr(jwt, '.'), *q;
	unsigned char		 bin[2048];
	size_t			 binlen = 0;
	struct json_object	*o;

	out[0] = '\0';
	if (p == NULL || (q = strchr(p + 1, '.')) == NULL)
		return;
	if (sodium_base642bin(bin, sizeof(bin) - 1, p + 1, (size_t)(q - p - 1),
	    NULL, &binlen, NULL, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		return;
	bin[binlen] = '\0';
	if ((o = json_tokener_parse((const char *)bin)) == NULL)
		return;
	snprintf(out, outsz, "%s",
	    fx_jstr(o, "role") ? fx_jstr(o, "role") : "");
	json_object_put(o);
}

/*
 * Mass assignment: "role": "admin" on register is either refused with
 * validation_failed or ignored; the account is never an admin.
 */
START_TEST(test_register_role_ignored)
{
	char			 email[CLIENT_EMAIL_MAX], role[64];
	struct json_object	*o = json_object_new_object();
	struct resp		 r;

	client_unique_email("role", email);
	json_object_object_add(o, "email", json_object_new_string(email));
	json_object_object_add(o, "password", json_object_new_string(PW));
	json_object_object_add(o, "role", json_object_new_string("admin"));
	post_object(REGISTER, o, &r, "role admin");
	if (r.status == 400) {
		expect_error(&r, 400, "validation_failed", "role admin");
		resp_free(&r);
		return;
	}
	expect_ok(&r, 201, "role admin");
	expect_user(fx_jget(resp_data(&r), "user"), email, "role admin");
	resp_free(&r);
	login("email", email, "password", PW, -1, &r, "role admin login");
	expect_ok(&r, 200, "role admin login");
	expect_user(fx_jget(resp_data(&r), "user"), email, "role admin login");
	token_role(fx_jstr(resp_data(&r), "access_token"), role, sizeof(role));
	ck_assert_msg(strcmp(role, "user") == 0,
	    "the access token's role is '%s', want user", role);
	resp_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Registration: conflicts                                          */
/* ---------------------------------------------------------------- */

/* Register "email" (with "username" unless NULL); expect "code". */
static void
register_conflict(const char *email, const char *username,
    const char *code, const char *what)
{
	struct json_object	*o = json_object_new_object();
	struct resp		 r;

	json_object_object_add(o, "email", json_object_new_string(email));
	json_object_object_add(o, "password",
	    json_object_new_string("an0ther Passw0rd!"));
	if (username != NULL)
		json_object_object_add(o, "username",
		    json_object_new_string(username));
	post_object(REGISTER, o, &r, what);
	expect_error(&r, 409, code, what);
	expect_secret_kept(&r, "an0ther Passw0rd!", what);
	resp_free(&r);
}

/* The same address again, also in upper case: 409 email_taken. */
START_TEST(test_register_email_taken)
{
	struct fx_account	 a;
	char			 up[CLIENT_EMAIL_MAX];

	account_register(&a, "dup", 0);
	register_conflict(a.email, NULL, "email_taken", "same email");
	upper(up, a.email);
	register_conflict(up, NULL, "email_taken", "upper-case email");
}
END_TEST

/* The same username again, also in other cases: 409 username_taken. */
START_TEST(test_register_username_taken)
{
	struct fx_account	 a;
	char			 email[CLIENT_EMAIL_MAX], other[CLIENT_USERNAME_MAX];

	account_register(&a, "dup", 1);
	register_conflict(client_unique_email("dupu", email), a.username,
	    "username_taken", "same username");
	upper(other, a.username);
	register_conflict(client_unique_email("dupu", email), other,
	    "username_taken", "upper-case username");
	memcpy(other, a.username, sizeof(other));
	other[0] = (char)toupper((unsigned char)other[0]);
	register_conflict(client_unique_email("dupu", email), other,
	    "username_taken", "capitalised username");
}
END_TEST

/* ---------------------------------------------------------------- */
/* Registration: field errors                                       */
/* ---------------------------------------------------------------- */

static const struct vcase register_cases[] = {
	/* email */
	{ "missing email", "{\"password\":\"" PW "\"}",
	    "email", 400, "validation_failed", PW },
	{ "empty email", "{\"email\":\"\",\"password\":\"" PW "\"}",
	    "email", 400, "validation_failed", PW },
	{ "null email", "{\"email\":null,\"password\":\"" PW "\"}",
	    "email", 400, "validation_failed", PW },
	{ "email without @", "{\"email\":\"plainaddress\",\"password\":\""
	    PW "\"}", "email", 400, "validation_failed", PW },
	{ "email with two @", "{\"email\":\"a@b@example.com\","
	    "\"password\":\"" PW "\"}", "email", 400, "validation_failed",
	    PW },
	{ "email without dotted domain", "{\"email\":\"user@localhost\","
	    "\"password\":\"" PW "\"}", "email", 400, "validation_failed",
	    PW },
	{ "email with a space", "{\"email\":\"us er@example.com\","
	    "\"password\":\"" PW "\"}", "email", 400, "validation_failed",
	    PW },
	{ "email without local part", "{\"email\":\"@example.com\","
	    "\"password\":\"" PW "\"}", "email", 400, "validation_failed",
	    PW },
	{ "email without domain", "{\"email\":\"user@\","
	    "\"password\":\"" PW "\"}", "email", 400, "validation_failed",
	    PW },
	{ "email over 254 bytes", "{\"email\":\"" LONG_EMAIL "\","
	    "\"password\":\"" PW "\"}", "email", 400, "validation_failed",
	    PW },
	{ "email local part over 64", "{\"email\":\"" LONG_LOCAL "\","
	    "\"password\":\"" PW "\"}", "email", 400, "validation_failed",
	    PW },
	{ "email as number", "{\"email\":42,\"password\":\"" PW "\"}",
	    "email", 400, "validation_failed", PW },
	{ "email as array", "{\"email\":[\"a@x.io\",\"b@x.io\"],"
	    "\"password\":\"" PW "\"}", "email", 400, "validation_failed",
	    PW },
	{ "email as object", "{\"email\":{\"a\":\"a@x.io\"},"
	    "\"password\":\"" PW "\"}", "email", 400, "validation_failed",
	    PW },
	{ "email as boolean", "{\"email\":true,\"password\":\"" PW "\"}",
	    "email", 400, "validation_failed", PW },
	{ "email with the percent hack", "{\"email\":\"a%{EMAIL}\","
	    "\"password\":\"" PW "\"}", "email", 400, "validation_failed",
	    PW },
	/* password */
	{ "missing password", "{\"email\":\"{EMAIL}\"}",
	    "password", 400, "validation_failed", NULL },
	{ "empty password", "{\"email\":\"{EMAIL}\",\"password\":\"\"}",
	    "password", 400, "validation_failed", NULL },
	{ "password of 5", "{\"email\":\"{EMAIL}\",\"password\":\"Qx7!k\"}",
	    "password", 400, "validation_failed", "Qx7!k" },
	{ "password of 7", "{\"email\":\"{EMAIL}\","
	    "\"password\":\"Qx7!kWz\"}", "password", 400,
	    "validation_failed", "Qx7!kWz" },
	{ "password equal to email", "{\"email\":\"{EMAIL}\","
	    "\"password\":\"{EMAIL}\"}", "password", 400,
	    "validation_failed", NULL },
	{ "password equal to username", "{\"email\":\"{EMAIL}\","
	    "\"username\":\"{USER}\",\"password\":\"{USER}\"}", "password",
	    400, "validation_failed", NULL },
	{ "common password 12345678", "{\"email\":\"{EMAIL}\","
	    "\"password\":\"12345678\"}", "password", 400,
	    "validation_failed", "12345678" },
	{ "common password 'password'", "{\"email\":\"{EMAIL}\","
	    "\"password\":\"password\"}", "password", 400,
	    "validation_failed", "\"password\":\"password\"" },
	{ "password over 1024 bytes", "{\"email\":\"{EMAIL}\","
	    "\"password\":\"" LONG_PW "\"}", "password", 400,
	    "validation_failed", LONG_PW },
	{ "password as object", "{\"email\":\"{EMAIL}\","
	    "\"password\":{\"p\":\"" PW "\"}}", "password", 400,
	    "validation_failed", PW },
	{ "password as number", "{\"email\":\"{EMAIL}\","
	    "\"password\":1234567890}", "password", 400,
	    "validation_failed", "1234567890" },
	{ "password as array", "{\"email\":\"{EMAIL}\","
	    "\"password\":[\"" PW "\",\"" PW "\"]}", "password", 400,
	    "validation_failed", PW },
	/* username */
	{ "username of 2", "{" GOOD ",\"username\":\"ab\"}",
	    "username", 400, "validation_failed", PW },
	{ "username of 33", "{" GOOD ",\"username\":\"" S10("uuu") "uuu\"}",
	    "username", 400, "validation_failed", PW },
	{ "username with a space", "{" GOOD ",\"username\":\"ann lee\"}",
	    "username", 400, "validation_failed", PW },
	{ "username with @ and !", "{" GOOD ",\"username\":\"j@ne!\"}",
	    "username", 400, "validation_failed", PW },
	{ "reserved username admin", "{" GOOD ",\"username\":\"admin\"}",
	    "username", 400, "validation_failed", PW },
	{ "reserved username ADMIN", "{" GOOD ",\"username\":\"ADMIN\"}",
	    "username", 400, "validation_failed", PW },
	{ "reserved username root", "{" GOOD ",\"username\":\"root\"}",
	    "username", 400, "validation_failed", PW },
	{ "reserved username admin.", "{" GOOD ",\"username\":\"admin.\"}",
	    "username", 400, "validation_failed", PW },
	{ "reserved username Admin_", "{" GOOD ",\"username\":\"Admin_\"}",
	    "username", 400, "validation_failed", PW },
	{ "reserved username root_", "{" GOOD ",\"username\":\"root_\"}",
	    "username", 400, "validation_failed", PW },
	{ "reserved username ad.min", "{" GOOD ",\"username\":\"ad.min\"}",
	    "username", 400, "validation_failed", PW },
	{ "username as number", "{" GOOD ",\"username\":12345}",
	    "username", 400, "validation_failed", PW },
	/* phone */
	{ "phone with letters", "{" GOOD ",\"phone\":\"abc\"}",
	    "phone", 400, "validation_failed", PW },
	{ "phone of 5 digits", "{" GOOD ",\"phone\":\"12345\"}",
	    "phone", 400, "validation_failed", PW },
	{ "phone of 16 digits", "{" GOOD ",\"phone\":\"1234567890123456\"}",
	    "phone", 400, "validation_failed", PW },
	{ "phone with words", "{" GOOD ",\"phone\":\"+1 555 CALL NOW\"}",
	    "phone", 400, "validation_failed", PW },
	/* birthday */
	{ "birthday in the future", "{" GOOD ",\"birthday\":\"2999-01-01\"}",
	    "birthday", 400, "validation_failed", PW },
	{ "dotted birthday in the future", "{" GOOD
	    ",\"birthday\":\"31.12.2999\"}", "birthday", 400,
	    "validation_failed", PW },
	{ "birthday not a real date", "{" GOOD
	    ",\"birthday\":\"2023-02-30\"}", "birthday", 400,
	    "validation_failed", PW },
	{ "birthday in words", "{" GOOD ",\"birthday\":\"yesterday\"}",
	    "birthday", 400, "validation_failed", PW },
	{ "birthday with slashes", "{" GOOD ",\"birthday\":\"1996/01/10\"}",
	    "birthday", 400, "validation_failed", PW },
	/* profile_picture */
	{ "profile_picture ftp", "{" GOOD
	    ",\"profile_picture\":\"ftp://example.com/a.png\"}",
	    "profile_picture", 400, "validation_failed", PW },
	{ "profile_picture not a URL", "{" GOOD
	    ",\"profile_picture\":\"not a url\"}", "profile_picture", 400,
	    "validation_failed", PW },
	{ "profile_picture javascript:", "{" GOOD
	    ",\"profile_picture\":\"javascript:alert(1)\"}",
	    "profile_picture", 400, "validation_failed", PW },
	{ "profile_picture without host", "{" GOOD
	    ",\"profile_picture\":\"https://\"}", "profile_picture", 400,
	    "validation_failed", PW },
	/* full_name, bio, contacts */
	{ "full_name of 101", "{" GOOD ",\"full_name\":\"" LONG_NAME "\"}",
	    "full_name", 400, "validation_failed", PW },
	{ "full_name of 101 two-byte", "{" GOOD ",\"full_name\":\""
	    LONG_NAME_UTF8 "\"}", "full_name", 400, "validation_failed", PW },
	{ "full_name with a control", "{" GOOD
	    ",\"full_name\":\"Ann\\u0001Lee\"}", "full_name", 400,
	    "validation_failed", PW },
	{ "full_name with U+202E", "{" GOOD
	    ",\"full_name\":\"Ann\\u202egnp.exe\"}", "full_name", 400,
	    "validation_failed", PW },
	{ "full_name with U+2066", "{" GOOD
	    ",\"full_name\":\"Ann\\u2066Lee\"}", "full_name", 400,
	    "validation_failed", PW },
	{ "full_name with U+2028", "{" GOOD
	    ",\"full_name\":\"Ann\\u2028Lee\"}", "full_name", 400,
	    "validation_failed", PW },
	{ "bio with U+2029", "{" GOOD ",\"bio\":\"one\\u2029two\"}",
	    "bio", 400, "validation_failed", PW },
	{ "full_name as array", "{" GOOD ",\"full_name\":[\"Ann\"]}",
	    "full_name", 400, "validation_failed", PW },
	{ "bio of 1001", "{" GOOD ",\"bio\":\"" LONG_TEXT "\"}",
	    "bio", 400, "validation_failed", PW },
	{ "contacts of 1001", "{" GOOD ",\"contacts\":\"" LONG_TEXT "\"}",
	    "contacts", 400, "validation_failed", PW },
};

/* Run one table case against "path". */
static void
run_vcase(const char *path, const struct vcase *c)
{
	struct resp	 r;
	char		*body = expand(c->body);

	post_json(path, body, &r, c->name);
	free(body);
	expect_error(&r, c->status, c->code, c->name);
	if (c->field != NULL)
		expect_field_error(&r, c->field, c->name);
	else if (strcmp(c->code, "validation_failed") == 0)
		ck_assert_msg(resp_errors(&r) != NULL &&
		    json_object_is_type(resp_errors(&r), json_type_object) &&
		    json_object_object_length(resp_errors(&r)) > 0,
		    "%s: no errors listed: %.800s", c->name, r.body);
	expect_secret_kept(&r, c->secret, c->name);
	resp_free(&r);
}

START_TEST(test_register_invalid)
{
	run_vcase(REGISTER, &register_cases[_i]);
}
END_TEST

/* Several bad fields at once: every one of them is listed. */
START_TEST(test_register_many_errors)
{
	static const char *const fields[] = { "email", "password",
	    "username", "phone", "birthday", "profile_picture", "full_name",
	    NULL };
	struct resp	 r;
	size_t		 i;

	post_json(REGISTER, "{\"email\":\"not-an-email\","
	    "\"password\":\"Qx7!k\",\"username\":\"a\",\"phone\":\"abc\","
	    "\"birthday\":\"2999-01-01\","
	    "\"profile_picture\":\"ftp://example.com/a.png\","
	    "\"full_name\":\"" LONG_NAME "\"}", &r, "many errors");
	expect_error(&r, 400, "validation_failed", "many errors");
	for (i = 0; fields[i] != NULL; i++)
		expect_field_error(&r, fields[i], "many errors");
	expect_secret_kept(&r, "Qx7!k", "many errors");
	resp_free(&r);
}
END_TEST

/*
 * Finding 7: a body of 7600 unknown keys (under the 64 KiB cap) is
 * refused as a whole with a small reply, not one error per key; JSON
 * and form.
 */
START_TEST(test_register_many_keys)
{
	struct resp	 r;
	char		*body;

	ck_assert_ptr_nonnull(body = client_many_keys(7600, _i));
	ck_assert_uint_lt(strlen(body), BODY_CAP);
	expect_reply(client_request("POST", REGISTER, _i ?
	    "application/x-www-form-urlencoded" : "application/json", body,
	    NULL, &r), &r, "7600 keys");
	free(body);
	expect_error(&r, 400, "malformed_request", "7600 keys");
	ck_assert_msg(r.bodylen < 4096, "7600 keys: a reply of %zu bytes",
	    r.bodylen);
	resp_free(&r);
}
END_TEST

/*
 * Under the member cap, the errors list stops at 20 entries and
 * "errors_truncated" counts the rest: 40 unknown keys plus the missing
 * email and password are 42 errors.
 */
START_TEST(test_register_errors_capped)
{
	struct resp		 r;
	struct json_object	*n = NULL;
	char			*body;

	ck_assert_ptr_nonnull(body = client_many_keys(40, 0));
	post_json(REGISTER, body, &r, "40 keys");
	free(body);
	expect_error(&r, 400, "validation_failed", "40 keys");
	ck_assert_msg(json_object_object_length(resp_errors(&r)) == 20,
	    "40 keys: %d errors", json_object_object_length(resp_errors(&r)));
	ck_assert_msg(json_object_object_get_ex(r.json, "errors_truncated",
	    &n) && json_object_is_type(n, json_type_int) &&
	    json_object_get_int(n) == 22, "40 keys: %.300s", r.body);
	resp_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Bodies, types, sizes, methods and routes                         */
/* ---------------------------------------------------------------- */

static const struct rcase request_cases[] = {
	{ "truncated JSON", REGISTER, "application/json",
	    "{\"email\":\"a@example.com\",\"password\":", 400,
	    "malformed_request" },
	{ "JSON with trailing garbage", REGISTER, "application/json",
	    "{\"email\":\"a@example.com\"} x", 400, "malformed_request" },
	{ "top-level array", REGISTER, "application/json",
	    "[{\"email\":\"a@example.com\",\"password\":\"" PW "\"}]", 400,
	    "malformed_request" },
	{ "top-level string", REGISTER, "application/json",
	    "\"a@example.com\"", 400, "malformed_request" },
	{ "invalid UTF-8", REGISTER, "application/json",
	    "{\"email\":\"\xff\xfe@example.com\",\"password\":\"" PW "\"}",
	    400, "malformed_request" },
	{ "nested too deep", REGISTER, "application/json",
	    "{\"bio\":" S10("[[[[") S10("]]]]") "}", 400,
	    "malformed_request" },
	{ "duplicate keys", REGISTER, "application/json",
	    "{\"email\":\"a@example.com\",\"email\":\"b@example.com\","
	    "\"password\":\"" PW "\"}", 400, "malformed_request" },
	{ "login truncated JSON", LOGIN, "application/json", "{\"login\":",
	    400, "malformed_request" },
	{ "login top-level array", LOGIN, "application/json",
	    "[\"a@example.com\",\"" PW "\"]", 400, "malformed_request" },
	{ "bad form escape", REGISTER, "application/x-www-form-urlencoded",
	    "email=a%zz%40example.com&password=x", 400, "malformed_request" },
	{ "form invalid UTF-8", LOGIN, "application/x-www-form-urlencoded",
	    "login=%ff%fe&password=x", 400, "malformed_request" },
	{ "no Content-Type", REGISTER, NULL,
	    "{\"email\":\"a@example.com\",\"password\":\"" PW "\"}", 415,
	    "unsupported_media_type" },
	{ "text/plain", REGISTER, "text/plain",
	    "{\"email\":\"a@example.com\",\"password\":\"" PW "\"}", 415,
	    "unsupported_media_type" },
	{ "application/xml", REGISTER, "application/xml",
	    "<email>a@example.com</email>", 415, "unsupported_media_type" },
	{ "multipart/form-data", REGISTER,
	    "multipart/form-data; boundary=xyz",
	    "--xyz\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\n"
	    "a@example.com\r\n--xyz--\r\n", 415, "unsupported_media_type" },
	{ "login no Content-Type", LOGIN, NULL,
	    "{\"login\":\"a@example.com\",\"password\":\"" PW "\"}", 415,
	    "unsupported_media_type" },
	{ "login text/plain", LOGIN, "text/plain",
	    "{\"login\":\"a@example.com\",\"password\":\"" PW "\"}", 415,
	    "unsupported_media_type" },
};

START_TEST(test_request_rejected)
{
	const struct rcase	*c = &request_cases[_i];
	struct resp		 r;

	expect_reply(client_request("POST", c->path, c->content_type,
	    c->body, NULL, &r), &r, c->name);
	expect_error(&r, c->status, c->code, c->name);
	ck_assert_msg(strstr(r.body, PW) == NULL,
	    "%s: the reply contains the password", c->name);
	resp_free(&r);
}
END_TEST

/* An empty JSON body is an empty object: field errors, not a crash. */
START_TEST(test_register_empty_body)
{
	struct resp	 r;

	post_json(REGISTER, "", &r, "empty body");
	expect_error(&r, 400, "validation_failed", "empty body");
	expect_field_error(&r, "email", "empty body");
	expect_field_error(&r, "password", "empty body");
	resp_free(&r);
}
END_TEST

/* A body over the 64 KiB cap: 413 payload_too_large, on both paths. */
START_TEST(test_payload_too_large)
{
	static const char *const paths[] = { REGISTER, LOGIN };
	static const char	 head[] = "{\"email\":\"big@example.com\","
	    "\"password\":\"" PW "\",\"bio\":\"";
	size_t			 fill = BODY_CAP + 4096;
	char			*body;
	struct resp		 r;

	body = malloc(sizeof(head) + fill + 3);
	ck_assert_ptr_nonnull(body);
	memcpy(body, head, sizeof(head) - 1);
	memset(body + sizeof(head) - 1, 'a', fill);
	strcpy(body + sizeof(head) - 1 + fill, "\"}");
	post_json(paths[_i], body, &r, paths[_i]);
	free(body);
	expect_error(&r, 413, "payload_too_large", paths[_i]);
	resp_free(&r);
}
END_TEST

static const struct mcase method_cases[] = {
	{ "GET register", "GET", REGISTER, 405, "method_not_allowed",
	    "POST" },
	{ "PUT login", "PUT", LOGIN, 405, "method_not_allowed", "POST" },
	{ "GET login", "GET", LOGIN, 405, "method_not_allowed", "POST" },
	{ "DELETE register", "DELETE", REGISTER, 405, "method_not_allowed",
	    "POST" },
	{ "PATCH login", "PATCH", LOGIN, 405, "method_not_allowed", "POST" },
	{ "GET unknown route", "GET", "/api/v1/auth/nope", 404, "not_found",
	    NULL },
	{ "POST unknown route", "POST", "/api/v1/auth/nope", 404,
	    "not_found", NULL },
	{ "POST below register", "POST", REGISTER "/extra", 404,
	    "not_found", NULL },
};

START_TEST(test_method_or_route)
{
	const struct mcase	*c = &method_cases[_i];
	struct resp		 r;
	const char		*allow, *body = NULL, *ct = NULL;

	if (strcmp(c->method, "GET") != 0 && strcmp(c->method, "DELETE") != 0) {
		body = "{\"login\":\"a@example.com\",\"password\":\"" PW "\"}";
		ct = "application/json";
	}
	expect_reply(client_request(c->method, c->path, ct, body, NULL, &r),
	    &r, c->name);
	expect_error(&r, c->status, c->code, c->name);
	if (c->allow != NULL) {
		allow = resp_header(&r, "Allow");
		ck_assert_msg(allow != NULL && strstr(allow, c->allow) != NULL,
		    "%s: Allow is '%s', want it to list %s", c->name,
		    allow ? allow : "(none)", c->allow);
	}
	resp_free(&r);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Login                                                            */
/* ---------------------------------------------------------------- */

/* The ways to name the account: field and which value it holds. */
static const struct {
	const char	*name;
	const char	*field;
	int		 by_username;	/* else by email */
	int		 upper;		/* send it upper-cased */
} login_ways[] = {
	{ "by email", "email", 0, 0 },
	{ "by login holding the email", "login", 0, 0 },
	{ "by username", "username", 1, 0 },
	{ "by login holding the username", "login", 1, 0 },
	{ "by email in upper case", "email", 0, 1 },
	{ "by login holding the email in upper case", "login", 0, 1 },
};

START_TEST(test_login_ways)
{
	char		 id[CLIENT_EMAIL_MAX];
	const char	*what = login_ways[_i].name, *u;
	struct resp	 r;
	int64_t		 uid;

	snprintf(id, sizeof(id), "%s", login_ways[_i].by_username ?
	    fx.username : fx.email);
	if (login_ways[_i].upper)
		upper(id, id);
	login(login_ways[_i].field, id, "password", PW, -1, &r, what);
	expect_ok(&r, 200, what);
	uid = expect_login_payload(resp_data(&r), fx.email, REFRESH_TTL,
	    what);
	ck_assert_msg(uid == fx.id, "%s: user.id %lld, registered %lld",
	    what, (long long)uid, (long long)fx.id);
	u = fx_jstr(fx_jget(resp_data(&r), "user"), "username");
	ck_assert_msg(strcmp(u != NULL ? u : "", fx.username) == 0,
	    "%s: user.username differs", what);
	expect_no_secrets(&r, what);
	resp_free(&r);
}
END_TEST

/* "pwd" is the password too (seed 001's login). */
START_TEST(test_login_pwd_alias)
{
	struct resp	 r;

	login("username", fx.username, "pwd", PW, -1, &r, "pwd alias");
	expect_ok(&r, 200, "pwd alias");
	expect_login_payload(resp_data(&r), fx.email, REFRESH_TTL,
	    "pwd alias");
	resp_free(&r);
}
END_TEST

/* remember: true → 30 days, false → 1 day. */
START_TEST(test_login_remember)
{
	struct resp	 r;

	login("email", fx.email, "password", PW, 1, &r, "remember true");
	expect_ok(&r, 200, "remember true");
	expect_login_payload(resp_data(&r), fx.email, REFRESH_TTL_REMEMBER,
	    "remember true");
	resp_free(&r);
	login("email", fx.email, "password", PW, 0, &r, "remember false");
	expect_ok(&r, 200, "remember false");
	expect_login_payload(resp_data(&r), fx.email, REFRESH_TTL,
	    "remember false");
	resp_free(&r);
}
END_TEST

/* "application/json; charset=utf-8" is JSON. */
START_TEST(test_login_json_charset)
{
	struct json_object	*o = json_object_new_object();
	struct resp		 r;

	json_object_object_add(o, "email", json_object_new_string(fx.email));
	json_object_object_add(o, "password", json_object_new_string(PW));
	expect_reply(client_request("POST", LOGIN,
	    "application/json; charset=utf-8",
	    json_object_to_json_string(o), NULL, &r), &r, "charset");
	json_object_put(o);
	expect_ok(&r, 200, "charset");
	resp_free(&r);
}
END_TEST

/* A form login by email with a percent-encoded address. */
START_TEST(test_login_form_email)
{
	const char	*in[] = { "email", fx.email, "password", PW, NULL };
	struct resp	 r;

	post_form(LOGIN, in, &r, "form login by email");
	expect_ok(&r, 200, "form login by email");
	expect_login_payload(resp_data(&r), fx.email, REFRESH_TTL,
	    "form login by email");
	resp_free(&r);
}
END_TEST

/*
 * A wrong password and an unknown account get the very same reply:
 * 401 invalid_credentials, same status, same bytes.
 */
START_TEST(test_login_wrong_vs_unknown)
{
	char		 nobody[CLIENT_EMAIL_MAX];
	struct resp	 wrong, unknown;

	login("email", fx.email, "password", "Wr0ng pass word!", -1, &wrong,
	    "wrong password");
	expect_error(&wrong, 401, "invalid_credentials", "wrong password");
	ck_assert_msg(!fx_jhas(wrong.json, "errors"),
	    "wrong password: errors listed: %s", wrong.body);
	expect_secret_kept(&wrong, "Wr0ng pass word!", "wrong password");
	client_unique_email("nobody", nobody);
	login("email", nobody, "password", "Wr0ng pass word!", -1, &unknown,
	    "unknown account");
	expect_error(&unknown, 401, "invalid_credentials", "unknown account");
	ck_assert_msg(strcmp(wrong.body, unknown.body) == 0,
	    "unknown account and wrong password differ:\n%s\n%s",
	    wrong.body, unknown.body);
	ck_assert_msg(resp_header(&unknown, "Retry-After") == NULL &&
	    resp_header(&wrong, "Retry-After") == NULL,
	    "a first failed login should not be rate limited");
	resp_free(&wrong);
	resp_free(&unknown);
}
END_TEST

/* Also by username and through "login": the same reply. */
START_TEST(test_login_wrong_vs_unknown_username)
{
	char		 nobody[CLIENT_USERNAME_MAX];
	struct resp	 wrong, unknown;

	login("login", fx.username, "password", "Wr0ng pass word!", -1,
	    &wrong, "wrong password by username");
	expect_error(&wrong, 401, "invalid_credentials",
	    "wrong password by username");
	client_unique_username("nobody", nobody);
	login("login", nobody, "password", "Wr0ng pass word!", -1, &unknown,
	    "unknown username");
	expect_error(&unknown, 401, "invalid_credentials", "unknown username");
	ck_assert_msg(strcmp(wrong.body, unknown.body) == 0,
	    "unknown username and wrong password differ:\n%s\n%s",
	    wrong.body, unknown.body);
	resp_free(&wrong);
	resp_free(&unknown);
	/* a success resets the failure counters for the next tests */
	login("email", fx.email, "password", PW, -1, &wrong, "login again");
	expect_ok(&wrong, 200, "login again");
	resp_free(&wrong);
}
END_TEST

static const struct vcase login_cases[] = {
	{ "empty object", "{}", NULL, 400, "validation_failed", NULL },
	{ "missing password", "{\"email\":\"{EMAIL}\"}", "password", 400,
	    "validation_failed", NULL },
	{ "missing password (login)", "{\"login\":\"{EMAIL}\"}", "password",
	    400, "validation_failed", NULL },
	{ "empty password", "{\"email\":\"{EMAIL}\",\"password\":\"\"}",
	    "password", 400, "validation_failed", NULL },
	{ "missing account", "{\"password\":\"" PW "\"}", NULL, 400,
	    "validation_failed", PW },
	{ "email as array", "{\"email\":[\"a@x.io\",\"b@x.io\"],"
	    "\"password\":\"" PW "\"}", "email", 400, "validation_failed",
	    PW },
	{ "email as number", "{\"email\":42,\"password\":\"" PW "\"}",
	    "email", 400, "validation_failed", PW },
	{ "login as object", "{\"login\":{\"email\":\"{EMAIL}\"},"
	    "\"password\":\"" PW "\"}", "login", 400, "validation_failed",
	    PW },
	{ "username as array", "{\"username\":[\"{USER}\"],"
	    "\"password\":\"" PW "\"}", "username", 400, "validation_failed",
	    PW },
	{ "password as object", "{\"email\":\"{EMAIL}\","
	    "\"password\":{\"p\":\"" PW "\"}}", "password", 400,
	    "validation_failed", PW },
	{ "password as number", "{\"email\":\"{EMAIL}\","
	    "\"password\":12345678}", "password", 400, "validation_failed",
	    "12345678" },
	{ "password as array", "{\"email\":\"{EMAIL}\","
	    "\"password\":[\"" PW "\"]}", "password", 400,
	    "validation_failed", PW },
};

START_TEST(test_login_invalid)
{
	run_vcase(LOGIN, &login_cases[_i]);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Tokens                                                           */
/* ---------------------------------------------------------------- */

/* Log in as the fixture account and decode the access token into "t". */
static void
login_token(struct fx_jwt *t, struct resp *r, const char *what)
{
	login("email", fx.email, "password", PW, -1, r, what);
	expect_ok(r, 200, what);
	fx_jwt_decode(fx_jstr(resp_data(r), "access_token"), t);
}

/* The text of claim "key" (a string, or a number's JSON), or "". */
static const char *
claim_text(struct json_object *claims, const char *key)
{
	struct json_object	*v = fx_jget(claims, key);

	if (v == NULL)
		return "";
	if (json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	return json_object_to_json_string(v);
}

/* Header alg HS256, typ JWT, a kid; every claim as API.md lists them. */
START_TEST(test_access_token_claims)
{
	struct fx_jwt	 t;
	struct resp	 r;
	const char	*s, *conf = getenv("FCAUTH_TEST_CONFIG");
	char		 sub[32], iss[256];
	struct config	 cfg;
	int64_t		 iat, nbf, exp, now = (int64_t)time(NULL);

	login_token(&t, &r, "claims");
	s = fx_jstr(t.header, "alg");
	ck_assert_msg(s != NULL && strcmp(s, "HS256") == 0,
	    "alg is '%s', want HS256", s ? s : "(none)");
	s = fx_jstr(t.header, "typ");
	ck_assert_msg(s != NULL && strcmp(s, "JWT") == 0,
	    "typ is '%s', want JWT", s ? s : "(none)");
	s = fx_jstr(t.header, "kid");
	ck_assert_msg(s != NULL && *s != '\0', "no kid in the JWT header");

	s = fx_jstr(t.claims, "iss");
	ck_assert_msg(s != NULL && *s != '\0', "no iss claim");
	if (conf != NULL && *conf != '\0') {
		fx_config("FCAUTH_TEST_CONFIG", &cfg);
		snprintf(iss, sizeof(iss), "%s", cfg.token_issuer);
		config_free(&cfg);
		ck_assert_msg(strcmp(s, iss) == 0,
		    "iss is '%s', configured '%s'", s, iss);
	}
	snprintf(sub, sizeof(sub), "%lld", (long long)fx.id);
	s = fx_jstr(t.claims, "sub");
	ck_assert_msg(s != NULL && strcmp(s, sub) == 0,
	    "sub is '%s', want the string \"%s\"", s ? s : "(none/not a "
	    "string)", sub);
	ck_assert_msg(*claim_text(t.claims, "sid") != '\0', "no sid claim");
	s = fx_jstr(t.claims, "role");
	ck_assert_msg(s != NULL && strcmp(s, "user") == 0,
	    "role is '%s', want user", s ? s : "(none)");
	s = fx_jstr(t.claims, "typ");
	ck_assert_msg(s != NULL && strcmp(s, "access") == 0,
	    "typ claim is '%s', want access", s ? s : "(none)");
	ck_assert_msg(fx_jint_get(t.claims, "iat", &iat) &&
	    fx_jint_get(t.claims, "nbf", &nbf) &&
	    fx_jint_get(t.claims, "exp", &exp),
	    "iat, nbf and exp must be integers: %s",
	    json_object_to_json_string(t.claims));
	ck_assert_msg(exp - iat == ACCESS_TTL, "exp - iat is %lld, want %d",
	    (long long)(exp - iat), ACCESS_TTL);
	ck_assert_msg(nbf <= iat, "nbf %lld after iat %lld", (long long)nbf,
	    (long long)iat);
	ck_assert_msg(iat > now - 300 && iat < now + 300,
	    "iat %lld is far from now %lld", (long long)iat, (long long)now);
	s = fx_jstr(t.claims, "jti");
	ck_assert_msg(s != NULL && strlen(s) >= 16, "jti '%s' too short",
	    s ? s : "(none)");
	fx_jwt_free(&t);
	resp_free(&r);
}
END_TEST

/*
 * The HS256 signature verifies with the key the server's
 * configuration names by the header's kid.
 */
START_TEST(test_access_token_signature)
{
	const char	*conf = getenv("FCAUTH_TEST_CONFIG"), *kid;
	unsigned char	 key[256], mac[crypto_auth_hmacsha256_BYTES];
	size_t		 keylen = 0;
	struct fx_jwt	 t;
	struct resp	 r;
	crypto_auth_hmacsha256_state st;

	ck_assert_msg(conf != NULL && *conf != '\0',
	    "FCAUTH_TEST_CONFIG not set: cannot check the JWT signature "
	    "(set it to the server's fcauth.conf)");
	login_token(&t, &r, "signature");
	kid = fx_jstr(t.header, "kid");
	ck_assert_msg(kid != NULL, "no kid");
	keylen = fx_config_key("FCAUTH_TEST_CONFIG", kid, key, sizeof(key));
	ck_assert_msg(keylen > 0, "kid '%s' not found in [keys] of %s", kid,
	    conf);
	ck_assert_msg(keylen >= 32, "key '%s' is only %zu bytes", kid, keylen);
	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st,
	    (const unsigned char *)t.signed_part, strlen(t.signed_part));
	crypto_auth_hmacsha256_final(&st, mac);
	ck_assert_msg(t.siglen == sizeof(mac) &&
	    sodium_memcmp(mac, t.sig, sizeof(mac)) == 0,
	    "the HS256 signature does not verify with key '%s'", kid);
	sodium_memzero(key, sizeof(key));
	fx_jwt_free(&t);
	resp_free(&r);
}
END_TEST

/* Two logins: two sessions, two refresh tokens, two jtis. */
START_TEST(test_two_logins_differ)
{
	struct fx_jwt	 a, b;
	struct resp	 ra, rb;
	const char	*rta, *rtb;

	login_token(&a, &ra, "first login");
	login_token(&b, &rb, "second login");
	rta = fx_jstr(resp_data(&ra), "refresh_token");
	rtb = fx_jstr(resp_data(&rb), "refresh_token");
	ck_assert_msg(rta != NULL && rtb != NULL && strcmp(rta, rtb) != 0,
	    "two logins got the same refresh token");
	ck_assert_msg(strcmp(claim_text(a.claims, "sid"),
	    claim_text(b.claims, "sid")) != 0,
	    "two logins got the same sid %s", claim_text(a.claims, "sid"));
	ck_assert_msg(strcmp(claim_text(a.claims, "jti"),
	    claim_text(b.claims, "jti")) != 0, "two logins got the same jti");
	ck_assert_msg(strcmp(fx_jstr(resp_data(&ra), "access_token"),
	    fx_jstr(resp_data(&rb), "access_token")) != 0,
	    "two logins got the same access token");
	fx_jwt_free(&a);
	fx_jwt_free(&b);
	resp_free(&ra);
	resp_free(&rb);
}
END_TEST

/* ---------------------------------------------------------------- */
/* Suites                                                           */
/* ---------------------------------------------------------------- */

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static Suite *
register_suite(void)
{
	Suite	*s = suite_create("register");
	TCase	*tc;

	tc = fx_tcase(s, "success");
	tcase_add_test(tc, test_register_full);
	tcase_add_test(tc, test_register_minimal);
	tcase_add_test(tc, test_register_dotted_birthday);
	tcase_add_test(tc, test_register_name_characters);
	tcase_add_loop_test(tc, test_register_aliases, 0, 2);
	tcase_add_test(tc, test_register_login_form);
	tcase_add_test(tc, test_register_role_ignored);

	tc = fx_tcase(s, "conflicts");
	tcase_add_test(tc, test_register_email_taken);
	tcase_add_test(tc, test_register_username_taken);

	tc = fx_tcase(s, "validation");
	tcase_add_loop_test(tc, test_register_invalid, 0,
	    (int)NELEM(register_cases));
	tcase_add_test(tc, test_register_many_errors);
	tcase_add_test(tc, test_register_empty_body);
	tcase_add_loop_test(tc, test_register_many_keys, 0, 2);
	tcase_add_test(tc, test_register_errors_capped);

	tc = fx_tcase(s, "request");
	tcase_add_loop_test(tc, test_request_rejected, 0,
	    (int)NELEM(request_cases));
	tcase_add_loop_test(tc, test_payload_too_large, 0, 2);
	tcase_add_loop_test(tc, test_method_or_route, 0,
	    (int)NELEM(method_cases));
	return s;
}

static Suite *
login_suite(void)
{
	Suite	*s = suite_create("login");
	TCase	*tc;

	tc = fx_tcase(s, "success");
	tcase_add_unchecked_fixture(tc, fx_setup, NULL);
	tcase_add_loop_test(tc, test_login_ways, 0, (int)NELEM(login_ways));
	tcase_add_test(tc, test_login_pwd_alias);
	tcase_add_test(tc, test_login_remember);
	tcase_add_test(tc, test_login_json_charset);
	tcase_add_test(tc, test_login_form_email);

	tc = fx_tcase(s, "failure");
	tcase_add_unchecked_fixture(tc, fx_setup, NULL);
	tcase_add_test(tc, test_login_wrong_vs_unknown);
	tcase_add_test(tc, test_login_wrong_vs_unknown_username);
	tcase_add_loop_test(tc, test_login_invalid, 0,
	    (int)NELEM(login_cases));

	tc = fx_tcase(s, "tokens");
	tcase_add_unchecked_fixture(tc, fx_setup, NULL);
	tcase_add_test(tc, test_access_token_claims);
	tcase_add_test(tc, test_access_token_signature);
	tcase_add_test(tc, test_two_logins_differ);
	return s;
}

int
main(void)
{
	SRunner	*sr;

	fx_init("check_register_login");
	sr = srunner_create(register_suite());
	srunner_add_suite(sr, login_suite());
	return fx_run(sr);
}
