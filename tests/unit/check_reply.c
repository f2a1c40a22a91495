/*
 * Unit tests for reply, render and fields: the envelope of API.md, the
 * fixed headers, field errors that never echo secrets, CORS only for
 * configured origins, and the profile-field allowlist.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <check.h>
#include <json-c/json.h>

#include "config.h"
#include "dialect.h"
#include "fields.h"
#include "http.h"
#include "jsonw.h"
#include "login.h"
#include "outkey.h"
#include "page.h"
#include "render.h"
#include "reply.h"
#include "result.h"
#include "unit.h"
#include "users.h"

/* Render "r" for a request from "origin" into "b"; return the body. */
static const char *
render(struct reply *r, const char *origin, const char *allowed,
    struct unit_buf *b)
{
	struct config	 cfg;
	struct request	 req;
	struct render_sink sink = { unit_buf_write, b };
	char		*body;

	memset(&cfg, 0, sizeof(cfg));
	memset(&req, 0, sizeof(req));
	cfg.cors_origins = (char *)allowed;
	cfg.site_name = (char *)"Site & <Co>";
	cfg.access_cookie_name = (char *)"fa";
	cfg.access_cookie_path = (char *)"/";
	cfg.refresh_cookie_name = (char *)"fr";
	cfg.cookie_secure = 1;
	cfg.cookie_domain = (char *)"";
	req.origin = (char *)origin;
	req.method = HTTP_POST;
	strcpy(req.reqid, "0123456789abcdef");
	memset(b, 0, sizeof(*b));
	ck_assert_int_eq(render_reply(r, &req, &cfg, &sink), 0);
	body = strstr(b->data, "\r\n\r\n");
	ck_assert_ptr_nonnull(body);
	return body + 4;
}

/* An authorizer's 200: status and headers, no Content-Type, no body. */
START_TEST(test_bodyless)
{
	struct reply	 r;
	struct unit_buf	 b = { .len = 0 };
	const char	*body;

	reply_init(&r);
	ck_assert_int_eq(reply_ok(&r, 200, MSG_NONE, NULL), 0);
	ck_assert_int_eq(reply_header(&r, "Variable-FCAUTH_USER_ID", "%d", 7),
	    0);
	r.bodyless = 1;
	body = render(&r, "", "", &b);
	ck_assert_str_eq(body, "");
	ck_assert_ptr_nonnull(strstr(b.data, "Status: 200 OK\r\n"));
	ck_assert_ptr_nonnull(strstr(b.data,
	    "Variable-FCAUTH_USER_ID: 7\r\n"));
	ck_assert_ptr_null(strstr(b.data, "\nContent-Type:"));
	ck_assert_ptr_null(strstr(b.data, "\nContent-Length:"));
	reply_free(&r);
}
END_TEST

START_TEST(test_ok_envelope)
{
	struct reply		 r;
	struct unit_buf		 b = { .len = 0 };
	struct json_object	*d, *env, *v;
	const char		*body;

	reply_init(&r);
	d = json_object_new_object();
	json_object_object_add(d, "x", json_object_new_int(1));
	ck_assert_int_eq(reply_ok(&r, 201, MSG_REGISTERED, d), 0);
	body = render(&r, "", "", &b);
	ck_assert_ptr_nonnull(strstr(b.data, "Status: 201 Created\r\n"));
	ck_assert_ptr_nonnull(strstr(b.data, "Cache-Control: no-store\r\n"));
	ck_assert_ptr_nonnull(strstr(b.data,
	    "X-Content-Type-Options: nosniff\r\n"));
	ck_assert_ptr_nonnull(strstr(b.data,
	    "Content-Type: application/json; charset=utf-8\r\n"));
	env = json_tokener_parse(body);
	ck_assert_ptr_nonnull(env);
	ck_assert(json_object_object_get_ex(env, "success", &v));
	ck_assert(json_object_get_boolean(v));
	ck_assert(json_object_object_get_ex(env, "code", &v));
	ck_assert_str_eq(json_object_get_string(v), "ok");
	ck_assert(json_object_object_get_ex(env, "message", &v));
	ck_assert_str_eq(json_object_get_string(v), "Registered");
	ck_assert(json_object_object_get_ex(env, "data", &v));
	ck_assert(json_object_is_type(v, json_type_object));
	ck_assert(!json_object_object_get_ex(env, "errors", NULL));
	json_object_put(env);
	reply_free(&r);
}
END_TEST

/*
 * Hidden values (reply_hidden) are for a dialect's templates only: the
 * canonical body is what it was without them, and a later reply_ok or
 * reply_error drops them.
 */
START_TEST(test_hidden)
{
	struct reply		 r;
	struct unit_buf		 b = { .len = 0 };
	struct json_object	*h;
	char			 plain[sizeof(b.data)];

	reply_init(&r);
	ck_assert_int_eq(reply_ok(&r, 200, MSG_RESEND_ANY, NULL), 0);
	snprintf(plain, sizeof(plain), "%s", render(&r, "", "", &b));
	h = result_object();
	ck_assert_ptr_nonnull(h);
	ck_assert_int_eq(result_str(h, KEY_EMAIL, "a@b.io"), 0);
	ck_assert_int_eq(result_str(h, KEY_VERIFICATION_ID, "opaque"), 0);
	reply_hidden(&r, h);
	ck_assert_ptr_eq(r.hidden, h);
	ck_assert_str_eq(render(&r, "", "", &b), plain);
	ck_assert_ptr_null(strstr(b.data, "opaque"));
	ck_assert_ptr_null(strstr(b.data, "a@b.io"));
	ck_assert_ptr_nonnull(strstr(plain, "\"data\":null"));
	ck_assert_int_eq(reply_ok(&r, 200, MSG_NONE, NULL), 0);
	ck_assert_ptr_null(r.hidden);
	reply_hidden(&r, result_object());
	reply_error(&r, RC_NOT_FOUND, NULL);
	ck_assert_ptr_null(r.hidden);
	reply_hidden(&r, result_object());
	reply_hidden(&r, NULL);
	ck_assert_ptr_null(r.hidden);
	reply_hidden(&r, result_object());
	reply_free(&r);
	ck_assert_ptr_null(r.hidden);
}
END_TEST

/*
 * A dialect's templates see the hidden values as if in the data: seed
 * 002's resend shows the address and an id that the canonical reply
 * leaves out; a member the data has wins.
 */
START_TEST(test_hidden_dialect)
{
	static const char text[] = "dialect t\n"
	    "route POST /resend -> resend\n"
	    "reply resend 200 { \"message\": $message, \"email\": $email, "
	    "\"timeOut\": $expires_in, \"verificationId\": $verification_id "
	    "}\n";
	struct dialect		*d;
	struct reply		 r;
	struct request		 req;
	struct config		 cfg;
	struct unit_buf		 b = { .len = 0 };
	struct render_sink	 sink = { unit_buf_write, &b };
	struct json_object	*h;
	const char		*body;
	char			 err[256];

	d = dialect_parse("t", text, sizeof(text) - 1, err, sizeof(err));
	ck_assert_msg(d != NULL, "%s", err);
	memset(&cfg, 0, sizeof(cfg));
	memset(&req, 0, sizeof(req));
	cfg.cors_origins = (char *)"";
	cfg.cookie_domain = (char *)"";
	req.origin = (char *)"";
	req.method = HTTP_POST;
	reply_init(&r);
	ck_assert_int_eq(reply_ok(&r, 200, MSG_RESEND_ANY, NULL), 0);
	h = result_object();
	ck_assert_int_eq(result_str(h, KEY_EMAIL, "a@b.io"), 0);
	ck_assert_int_eq(result_str(h, KEY_VERIFICATION_ID, "opaque"), 0);
	ck_assert_int_eq(result_int(h, KEY_EXPIRES_IN, 900), 0);
	reply_hidden(&r, h);
	ck_assert_int_eq(render_reply_dialect(&r, &req, &cfg, d,
	    DIALECT_OP_RESEND, &sink), 0);
	body = strstr(b.data, "\r\n\r\n");
	ck_assert_ptr_nonnull(body);
	ck_assert_str_eq(body + 4, "{\"message\":\"If the address is "
	    "registered and not yet verified, we sent a new code\","
	    "\"email\":\"a@b.io\",\"timeOut\":900,"
	    "\"verificationId\":\"opaque\"}");
	/* the data's own member wins over a hidden one */
	h = result_object();
	ck_assert_int_eq(result_str(h, KEY_EMAIL, "data@b.io"), 0);
	ck_assert_int_eq(result_str(h, KEY_VERIFICATION_ID, "real"), 0);
	ck_assert_int_eq(result_int(h, KEY_EXPIRES_IN, 60), 0);
	ck_assert_int_eq(reply_ok(&r, 200, MSG_RESEND_ANY, h), 0);
	h = result_object();
	ck_assert_int_eq(result_str(h, KEY_EMAIL, "a@b.io"), 0);
	reply_hidden(&r, h);
	memset(&b, 0, sizeof(b));
	ck_assert_int_eq(render_reply_dialect(&r, &req, &cfg, d,
	    DIALECT_OP_RESEND, &sink), 0);
	ck_assert_ptr_nonnull(strstr(b.data, "\"email\":\"data@b.io\""));
	ck_assert_ptr_nonnull(strstr(b.data, "\"verificationId\":\"real\""));
	reply_free(&r);
	dialect_free(d);
}
END_TEST

/* Every code renders with its status, name and a message. */
START_TEST(test_every_code)
{
	struct reply		 r;
	struct unit_buf		 b = { .len = 0 };
	struct json_object	*env, *v;
	char			 status[32];
	const char		*body;
	int			 c;

	for (c = 1; c < RC__MAX; c++) {
		reply_init(&r);
		reply_error(&r, (enum reply_code)c, NULL);
		body = render(&r, "", "", &b);
		snprintf(status, sizeof(status), "Status: %d ",
		    reply_code_status((enum reply_code)c));
		ck_assert_ptr_nonnull(strstr(b.data, status));
		env = json_tokener_parse(body);
		ck_assert_ptr_nonnull(env);
		ck_assert(json_object_object_get_ex(env, "success", &v));
		ck_assert(!json_object_get_boolean(v));
		ck_assert(json_object_object_get_ex(env, "code", &v));
		ck_assert_str_eq(json_object_get_string(v),
		    reply_code_name((enum reply_code)c));
		ck_assert(json_object_object_get_ex(env, "message", &v));
		ck_assert_int_gt(json_object_get_string_len(v), 0);
		ck_assert(json_object_object_get_ex(env, "data", &v));
		ck_assert_ptr_null(v);
		/* a 500 says only its request id */
		ck_assert_int_eq(json_object_object_get_ex(env, "request_id",
		    &v), c == RC_INTERNAL_ERROR);
		json_object_put(env);
		reply_free(&r);
	}
}
END_TEST

START_TEST(test_field_errors)
{
	struct reply		 r;
	struct unit_buf		 b = { .len = 0 };
	struct json_object	*env, *errs, *e, *v;

	reply_init(&r);
	reply_field_error(&r, "email", "Email format invalid", "wrong@format");
	reply_field_error(&r, "password", "Password is too short", "secret1");
	reply_field_error(&r, "email", "second error is dropped", "x");
	ck_assert(reply_has_errors(&r));
	ck_assert_int_eq(r.status, 400);
	env = json_tokener_parse(render(&r, "", "", &b));
	ck_assert(json_object_object_get_ex(env, "code", &v));
	ck_assert_str_eq(json_object_get_string(v), "validation_failed");
	ck_assert(json_object_object_get_ex(env, "errors", &errs));
	ck_assert(json_object_object_get_ex(errs, "email", &e));
	ck_assert(json_object_object_get_ex(e, "msg", &v));
	ck_assert_str_eq(json_object_get_string(v), "Email format invalid");
	ck_assert(json_object_object_get_ex(e, "value", &v));
	ck_assert_str_eq(json_object_get_string(v), "wrong@format");
	ck_assert(json_object_object_get_ex(e, "location", &v));
	ck_assert_str_eq(json_object_get_string(v), "body");
	ck_assert(json_object_object_get_ex(errs, "password", &e));
	ck_assert(!json_object_object_get_ex(e, "value", NULL));
	ck_assert_ptr_null(strstr(b.data, "secret1"));
	json_object_put(env);
	reply_free(&r);
}
END_TEST

/*
 * Finding 7: the errors list stops at REPLY_ERRORS_MAX params and
 * "errors_truncated" counts the rest; a repeated param is no new error.
 */
START_TEST(test_field_errors_capped)
{
	struct reply		 r;
	struct unit_buf		 b = { .len = 0 };
	struct json_object	*env, *errs, *v;
	char			 param[16];
	int			 i;

	reply_init(&r);
	reply_field_error(&r, "p0", "Unknown field", NULL);
	reply_field_error(&r, "p0", "Unknown field", NULL);
	env = json_tokener_parse(render(&r, "", "", &b));
	ck_assert(!json_object_object_get_ex(env, "errors_truncated", NULL));
	json_object_put(env);
	for (i = 1; i < REPLY_ERRORS_MAX + 5; i++) {
		snprintf(param, sizeof(param), "p%d", i);
		ck_assert_int_eq(reply_field_error(&r, param, "Unknown field",
		    NULL), 0);
	}
	reply_field_error(&r, "p3", "Unknown field", NULL);
	env = json_tokener_parse(render(&r, "", "", &b));
	ck_assert(json_object_object_get_ex(env, "errors", &errs));
	ck_assert_int_eq(json_object_object_length(errs), REPLY_ERRORS_MAX);
	ck_assert(json_object_object_get_ex(errs, "p19", NULL));
	ck_assert(!json_object_object_get_ex(errs, "p20", NULL));
	ck_assert(json_object_object_get_ex(env, "errors_truncated", &v));
	ck_assert_int_eq(json_object_get_int(v), 5);
	json_object_put(env);
	/* another code drops the errors and their count */
	reply_error(&r, RC_RATE_LIMITED, NULL);
	env = json_tokener_parse(render(&r, "", "", &b));
	ck_assert(!json_object_object_get_ex(env, "errors_truncated", NULL));
	json_object_put(env);
	reply_free(&r);
}
END_TEST

START_TEST(test_headers)
{
	struct reply	 r;
	struct unit_buf	 b = { .len = 0 };

	reply_init(&r);
	reply_retry(&r, RC_RATE_LIMITED, 30);
	ck_assert_int_eq(r.status, 429);
	render(&r, "", "", &b);
	ck_assert_ptr_nonnull(strstr(b.data, "Retry-After: 30\r\n"));
	/* no header injection */
	ck_assert_int_eq(reply_header(&r, "X-Test", "a\r\nSet-Cookie: x"), -1);
	reply_free(&r);
}
END_TEST

START_TEST(test_cors)
{
	struct reply	 r;
	struct unit_buf	 b = { .len = 0 };

	reply_init(&r);
	render(&r, "https://app.example", "https://app.example, https://b.io",
	    &b);
	ck_assert_ptr_nonnull(strstr(b.data,
	    "Access-Control-Allow-Origin: https://app.example\r\n"));
	render(&r, "https://evil.example", "https://app.example", &b);
	ck_assert_ptr_null(strstr(b.data, "Access-Control"));
	render(&r, "https://app.example.evil", "https://app.example", &b);
	ck_assert_ptr_null(strstr(b.data, "Access-Control"));
	render(&r, "", "https://app.example", &b);
	ck_assert_ptr_null(strstr(b.data, "Access-Control"));
	reply_free(&r);
}
END_TEST

/*
 * "*" allows any origin but never with credentials (echoing every
 * origin with credentials would hand the cookies to any site); an
 * origin named as well as "*" still gets them.
 */
START_TEST(test_cors_star)
{
	struct reply	 r;
	struct unit_buf	 b = { .len = 0 };

	reply_init(&r);
	render(&r, "https://any.example", "*", &b);
	ck_assert_ptr_nonnull(strstr(b.data,
	    "Access-Control-Allow-Origin: *\r\n"));
	ck_assert_ptr_null(strstr(b.data, "Access-Control-Allow-Credentials"));
	ck_assert_ptr_null(strstr(b.data, "https://any.example"));
	render(&r, "https://app.example", "*, https://app.example", &b);
	ck_assert_ptr_nonnull(strstr(b.data,
	    "Access-Control-Allow-Origin: https://app.example\r\n"
	    "Access-Control-Allow-Credentials: true\r\n"));
	render(&r, "", "*", &b);
	ck_assert_ptr_null(strstr(b.data, "Access-Control"));
	reply_free(&r);
	ck_assert_int_eq(render_origin_allowed("https://a.io", "https://a.io"),
	    2);
	ck_assert_int_eq(render_origin_allowed("https://a.io", " * "), 1);
	ck_assert_int_eq(render_origin_allowed("https://a.io", "https://b.io"),
	    0);
	ck_assert_int_eq(render_origin_allowed("https://a.io", ""), 0);
	ck_assert_int_eq(render_origin_allowed("https://a.io", NULL), 0);
	ck_assert_int_eq(render_origin_allowed(NULL, "*"), 0);
	ck_assert_int_eq(render_origin_allowed("https://a.i", "https://a.io"),
	    0);
}
END_TEST

START_TEST(test_html_and_redirect)
{
	struct reply	 r;
	struct unit_buf	 b = { .len = 0 };
	const char	*body;

	reply_init(&r);
	r.page = PAGE_LINK_VERIFIED;
	body = render(&r, "", "", &b);
	ck_assert_str_eq(body + strlen(body) - 8, "</html>\n");
	ck_assert_ptr_nonnull(strstr(body, "<h1>Email verified</h1>"));
	/* the configured site name is escaped */
	ck_assert_ptr_nonnull(strstr(body, "Site &amp; &lt;Co&gt;"));
	ck_assert_ptr_null(strstr(body, "<Co>"));
	ck_assert_ptr_nonnull(strstr(b.data,
	    "Content-Type: text/html; charset=utf-8"));
	reply_free(&r);
	r.status = 303;
	r.location = strdup("https://site.example/verified?status=verified");
	render(&r, "", "", &b);
	ck_assert_ptr_nonnull(strstr(b.data, "Status: 303 See Other\r\n"));
	ck_assert_ptr_nonnull(strstr(b.data,
	    "Location: https://site.example/verified?status=verified\r\n"));
	reply_free(&r);
}
END_TEST

/* Profile fields: good values, aliases, type errors, forbidden keys. */
START_TEST(test_fields_profile)
{
	struct config		 cfg;
	struct input_errors	 e;
	struct reply		 r;
	struct profile_input	 in;
	struct json_object	*f;

	memset(&cfg, 0, sizeof(cfg));
	cfg.reserved_usernames = (char *)"";
	reply_init(&r);
	input_errors_init(&e);
	f = json_tokener_parse("{\"username\":\"john_doe\",\"fullname\":"
	    "\"John Doe\",\"birthday\":\"10.01.1996\",\"phone\":null}");
	ck_assert_int_eq(fields_profile(f, &cfg, time(NULL), &e, &in), 0);
	ck_assert_int_eq(in.given[PF_USERNAME], FIELD_GIVEN);
	ck_assert_str_eq(in.value[PF_FULL_NAME], "John Doe");
	ck_assert_str_eq(in.value[PF_BIRTHDAY], "1996-01-10");
	ck_assert_int_eq(in.given[PF_PHONE], FIELD_CLEARED);
	ck_assert_int_eq(in.given[PF_BIO], FIELD_NOT_GIVEN);
	json_object_put(f);

	f = json_tokener_parse("{\"username\":[\"a\"],\"bio\":5,"
	    "\"profile_picture\":\"javascript:alert(1)\"}");
	ck_assert_int_eq(fields_profile(f, &cfg, time(NULL), &e, &in), -1);
	reply_input_errors(&r, &e);
	ck_assert(reply_field_find(&r, "username") != NULL);
	ck_assert(reply_field_find(&r, "bio") != NULL);
	ck_assert(reply_field_find(&r, "profile_picture") != NULL);
	json_object_put(f);
	reply_free(&r);
}
END_TEST

START_TEST(test_fields_allowlist)
{
	static const enum field allowed[] = { FIELD_EMAIL, FIELD_PASSWORD };
	struct input_errors	 e;
	struct reply		 r;
	struct json_object	*f;

	reply_init(&r);
	input_errors_init(&e);
	f = json_tokener_parse("{\"email\":\"a@b.io\",\"password\":\"x\","
	    "\"bio\":\"hi\"}");
	ck_assert_int_eq(fields_allowlist(f, allowed, 2, 1, &e), 0);
	reply_input_errors(&r, &e);
	ck_assert(!reply_has_errors(&r));
	json_object_put(f);
	f = json_tokener_parse("{\"email\":\"a@b.io\",\"role\":\"admin\","
	    "\"nonsense\":1}");
	ck_assert_int_eq(fields_allowlist(f, allowed, 2, 1, &e), -1);
	reply_input_errors(&r, &e);
	ck_assert(reply_field_find(&r, "role") != NULL);
	ck_assert(reply_field_find(&r, "nonsense") != NULL);
	json_object_put(f);
	reply_free(&r);
}
END_TEST

/* json-c's own text of {"k": s}, for comparing jsonw with (freed by caller). */
static char *
jsonc_text(const char *s)
{
	struct json_object	*o = json_object_new_object();
	char			*t;

	json_object_object_add(o, "k", json_object_new_string(s));
	t = strdup(json_object_to_json_string_ext(o,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return t;
}

static char *
jsonw_text(const char *s)
{
	struct jsonw	 w;

	jsonw_init(&w);
	jsonw_begin(&w);
	jsonw_str(&w, "k", s);
	jsonw_end(&w);
	return jsonw_finish(&w);
}

/* Every byte, alone and between others, escapes as json-c escapes it. */
START_TEST(test_jsonw_escape)
{
	static const char *const more[] = {
		"", "plain", "\"quoted\" and \\back\\", "a/b</script>",
		"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "tab\tnl\ncr\r",
		"\x01\x1f\x7f", NULL,
	};
	char	 s[4], *a, *b;
	int	 c, i;

	for (c = 1; c < 256; c++) {
		for (i = 0; i < 2; i++) {
			if (i == 0)
				snprintf(s, sizeof(s), "%c", c);
			else
				snprintf(s, sizeof(s), "x%cy", c);
			a = jsonc_text(s);
			b = jsonw_text(s);
			ck_assert_msg(strcmp(a, b) == 0, "byte %d: %s vs %s",
			    c, a, b);
			free(a);
			free(b);
		}
	}
	for (i = 0; more[i] != NULL; i++) {
		a = jsonc_text(more[i]);
		b = jsonw_text(more[i]);
		ck_assert_str_eq(a, b);
		free(a);
		free(b);
	}
}
END_TEST

/* Numbers, booleans, null and raw members; a long string grows the buffer. */
START_TEST(test_jsonw_members)
{
	struct jsonw	 w;
	char		*t, big[5000];

	jsonw_init(&w);
	jsonw_begin(&w);
	jsonw_int(&w, "i", INT64_MIN);
	jsonw_bool(&w, "t", 1);
	jsonw_bool(&w, "f", 0);
	jsonw_optstr(&w, "n", "");
	jsonw_optstr(&w, "m", NULL);
	jsonw_raw(&w, "r", "[1,2]");
	jsonw_raw(&w, "z", NULL);
	jsonw_end(&w);
	t = jsonw_finish(&w);
	ck_assert_str_eq(t, "{\"i\":-9223372036854775808,\"t\":true,"
	    "\"f\":false,\"n\":null,\"m\":null,\"r\":[1,2],\"z\":null}");
	free(t);
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	t = jsonw_text(big);
	ck_assert_uint_eq(strlen(t), sizeof(big) - 1 + 8);
	free(t);
}
END_TEST

/* A user filled as the data module fills it, "full" or not. */
static void
user_fill(struct user *u, int full)
{
	memset(u, 0, sizeof(*u));
	strcpy(u->password_hash, "$y$j9T$salt$hash");
	u->id = 42;
	strcpy(u->email, "someone@example.com");
	strcpy(u->status, "active");
	strcpy(u->role, "user");
	strcpy(u->created_at, "2024-01-31T12:00:00Z");
	strcpy(u->updated_at, "2024-02-01T00:00:00Z");
	if (!full)
		return;
	u->email_verified = 1;
	strcpy(u->username, "some_one");
	strcpy(u->full_name, "Zo\xc3\xab \"Q\" O'Neil\\");
	strcpy(u->phone, "+1 555 0100");
	strcpy(u->birthday, "1990-05-17");
	strcpy(u->bio, "line one\nline two\t\x01 </script>");
	strcpy(u->profile_picture, "https://x.example/a.png");
	strcpy(u->contacts, "{\"tg\":\"@x\"}");
	strcpy(u->last_login_at, "2024-03-01T10:00:00Z");
	strcpy(u->last_request_at, "2024-03-01T10:05:00Z");
}

/*
 * The user object the result encoder writes is valid JSON that json-c
 * prints back byte for byte, and never carries the hash.
 */
START_TEST(test_result_user)
{
	struct user		 u;
	struct json_object	*o;
	struct jsonw		 w;
	char			*t;
	int			 k;

	for (k = 0; k < 2; k++) {
		user_fill(&u, k);
		jsonw_init(&w);
		result_write_user(&w, NULL, &u);
		t = jsonw_finish(&w);
		ck_assert_ptr_nonnull(t);
		o = json_tokener_parse(t);
		ck_assert_ptr_nonnull(o);
		ck_assert_str_eq(t, json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		ck_assert_ptr_null(strstr(t, "hash"));
		ck_assert_ptr_null(strstr(t, "$y$"));
		json_object_put(o);
		free(t);
	}
}
END_TEST

/*
 * Data renders as json-c would print it, with the user object as the
 * data itself or as the last member "user"; reply_error drops both.
 */
START_TEST(test_ok_text)
{
	struct reply		 r;
	struct unit_buf		 b = { .len = 0 };
	struct user		 u;
	struct json_object	*d, *env, *v;
	const char		*body;

	reply_init(&r);
	d = json_tokener_parse("{\"a\":1}");
	ck_assert_int_eq(reply_ok(&r, 200, MSG_NONE, d), 0);
	body = render(&r, "", "", &b);
	ck_assert_str_eq(body, "{\"success\":true,\"code\":\"ok\","
	    "\"message\":\"OK\",\"data\":{\"a\":1}}");
	reply_free(&r);
	reply_init(&r);
	d = json_tokener_parse("{\"s\":\"a\\\"b\\/c\\u0001\",\"n\":null,"
	    "\"t\":true,\"i\":-5,\"l\":[[],{},[1,{\"x\":\"y\"}]],\"o\":{}}");
	ck_assert_int_eq(reply_ok(&r, 200, MSG_NONE, d), 0);
	body = render(&r, "", "", &b);
	ck_assert_ptr_nonnull(strstr(body, json_object_to_json_string_ext(d,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)));
	reply_free(&r);
	/* the user as the data, then as the last member of the data */
	user_fill(&u, 1);
	reply_init(&r);
	ck_assert_int_eq(reply_ok(&r, 200, MSG_NONE, NULL), 0);
	ck_assert_int_eq(reply_user(&r, &u), 0);
	env = json_tokener_parse(render(&r, "", "", &b));
	ck_assert(json_object_object_get_ex(env, "data", &d));
	ck_assert(json_object_object_get_ex(d, "email_masked", &v));
	ck_assert_str_eq(json_object_get_string(v), "s*****e@example.com");
	json_object_put(env);
	ck_assert_int_eq(reply_ok(&r, 200, MSG_EMAIL_CHANGED,
	    result_object()), 0);
	reply_user_ref(&r, &u);
	env = json_tokener_parse(render(&r, "", "", &b));
	ck_assert(json_object_object_get_ex(env, "data", &d));
	ck_assert_int_eq(json_object_object_length(d), 1);
	ck_assert(json_object_object_get_ex(d, "user", &v));
	ck_assert(json_object_object_get_ex(v, "id", NULL));
	json_object_put(env);
	reply_error(&r, RC_NOT_FOUND, NULL);
	ck_assert_int_eq(r.status, 404);
	ck_assert_ptr_null(r.user);
	ck_assert_ptr_null(r.data);
	/* an error's details keep the error */
	reply_data(&r, json_tokener_parse("{\"attempts_left\":2}"));
	ck_assert_str_eq(render(&r, "", "", &b), "{\"success\":false,"
	    "\"code\":\"not_found\",\"message\":\"Not found\","
	    "\"data\":{\"attempts_left\":2}}");
	reply_free(&r);
}
END_TEST

/*
 * A sign-in renders its payload with the user last and, in cookie
 * mode, the refresh cookie then the access cookie; a sign-out clears
 * the access cookie then the refresh cookie.
 */
START_TEST(test_login_result)
{
	struct reply		 r;
	struct unit_buf		 b = { .len = 0 };
	struct login_result	 lr;
	struct json_object	*env, *d, *v;
	const char		*rc, *ac, *body;

	memset(&lr, 0, sizeof(lr));
	user_fill(&lr.user, 0);
	strcpy(lr.access_token, "aaa.bbb.ccc");
	strcpy(lr.refresh_token, "rrr");
	lr.expires_in = 900;
	lr.refresh_expires_in = 86400;
	reply_init(&r);
	ck_assert_int_eq(result_login(&r, 200, MSG_LOGGED_IN, &lr), 0);
	body = render(&r, "", "", &b);
	ck_assert_ptr_null(strstr(b.data, "Set-Cookie"));
	ck_assert_ptr_nonnull(strstr(body, "\"data\":{\"access_token\":"
	    "\"aaa.bbb.ccc\",\"token_type\":\"Bearer\",\"expires_in\":900,"
	    "\"refresh_token\":\"rrr\",\"refresh_expires_in\":86400,"
	    "\"user\":{\"id\":42,"));
	env = json_tokener_parse(body);
	ck_assert(json_object_object_get_ex(env, "message", &v));
	ck_assert_str_eq(json_object_get_string(v), "Logged in");
	ck_assert(json_object_object_get_ex(env, "data", &d));
	ck_assert_int_eq(json_object_object_length(d), 6);
	json_object_put(env);
	reply_free(&r);

	lr.cookies = 1;
	ck_assert_int_eq(result_login(&r, 200, MSG_LOGGED_IN, &lr), 0);
	render(&r, "", "", &b);
	rc = strstr(b.data, "Set-Cookie: fr=rrr; Path=/api/v1/auth; "
	    "Max-Age=86400; HttpOnly; Secure; SameSite=Strict\r\n");
	ac = strstr(b.data, "Set-Cookie: fa=aaa.bbb.ccc; Path=/; "
	    "Max-Age=900; HttpOnly; Secure; SameSite=Lax\r\n");
	ck_assert_ptr_nonnull(rc);
	ck_assert_ptr_nonnull(ac);
	ck_assert(rc < ac);
	reply_free(&r);

	ck_assert_int_eq(reply_ok(&r, 200, MSG_LOGGED_OUT, NULL), 0);
	ck_assert_int_eq(result_signout(&r, 0), 0);
	ck_assert_uint_eq(r.ncookies, 0);
	ck_assert_int_eq(result_signout(&r, 1), 0);
	/* each cookie once */
	ck_assert_int_eq(reply_cookie(&r, COOKIE_ACCESS, "x", 1), -1);
	render(&r, "", "", &b);
	ac = strstr(b.data, "Set-Cookie: fa=; Path=/; Max-Age=0; HttpOnly; "
	    "Secure; SameSite=Lax\r\n");
	rc = strstr(b.data, "Set-Cookie: fr=; Path=/api/v1/auth; "
	    "Max-Age=0; HttpOnly; Secure; SameSite=Strict\r\n");
	ck_assert_ptr_nonnull(rc);
	ck_assert_ptr_nonnull(ac);
	ck_assert(ac < rc);
	reply_free(&r);
}
END_TEST

/* Field errors render in the order given, exactly as before. */
START_TEST(test_field_errors_bytes)
{
	struct reply	 r;
	struct unit_buf	 b = { .len = 0 };

	reply_init(&r);
	reply_field_error(&r, "email", "Bad \"email\"", "a\nb");
	reply_field_error(&r, "code", "Code must be digits", "12x");
	ck_assert_str_eq(render(&r, "", "", &b), "{\"success\":false,"
	    "\"code\":\"validation_failed\",\"message\":\"Some fields are "
	    "invalid\",\"data\":null,\"errors\":{\"email\":{\"msg\":"
	    "\"Bad \\\"email\\\"\",\"param\":\"email\",\"location\":\"body\","
	    "\"value\":\"a\\nb\"},\"code\":{\"msg\":\"Code must be digits\","
	    "\"param\":\"code\",\"location\":\"body\"}}}");
	ck_assert_str_eq(reply_field_find(&r, "email")->msg, "Bad \"email\"");
	ck_assert_ptr_null(reply_field_find(&r, "code")->value);
	ck_assert_ptr_null(reply_field_find(&r, "other"));
	reply_free(&r);
}
END_TEST

/* Nested objects and arrays; too deep is a failure, not a bad text. */
START_TEST(test_jsonw_nested)
{
	struct jsonw	 w;
	char		*t;
	int		 i;

	jsonw_init(&w);
	jsonw_begin(&w);
	jsonw_array(&w, "a");
	jsonw_int(&w, NULL, 1);
	jsonw_object(&w, NULL);
	jsonw_str(&w, "k", "v");
	jsonw_end(&w);
	jsonw_array(&w, NULL);
	jsonw_end_array(&w);
	jsonw_end_array(&w);
	jsonw_object(&w, "o");
	jsonw_end(&w);
	jsonw_bool(&w, "z", 0);
	jsonw_end(&w);
	t = jsonw_finish(&w);
	ck_assert_str_eq(t, "{\"a\":[1,{\"k\":\"v\"},[]],\"o\":{},"
	    "\"z\":false}");
	free(t);
	jsonw_init(&w);
	for (i = 0; i < JSONW_DEPTH + 1; i++)
		jsonw_array(&w, NULL);
	ck_assert_ptr_null(jsonw_finish(&w));
}
END_TEST

/* Every name table is full: no id without a name, no name twice. */
START_TEST(test_tables)
{
	int	 i, j;

	for (i = 0; i < KEY__MAX; i++) {
		ck_assert_int_gt(strlen(outkey_name((enum outkey)i)), 0);
		for (j = 0; j < i; j++)
			ck_assert_str_ne(outkey_name((enum outkey)i),
			    outkey_name((enum outkey)j));
	}
	ck_assert_str_eq(outkey_name(KEY__MAX), "");
	ck_assert_ptr_null(msg_text(MSG_NONE));
	for (i = 1; i < MSG__MAX; i++) {
		ck_assert_ptr_nonnull(msg_text((enum msg)i));
		for (j = 1; j < i; j++)
			ck_assert_str_ne(msg_text((enum msg)i),
			    msg_text((enum msg)j));
	}
	ck_assert_ptr_null(msg_text(MSG__MAX));
	for (i = 0; i < RC__MAX; i++) {
		ck_assert_ptr_nonnull(reply_code_name((enum reply_code)i));
		ck_assert_int_ge(reply_code_status((enum reply_code)i), 200);
	}
	ck_assert_ptr_null(page_render(PAGE_NONE, "x"));
}
END_TEST

static Suite *
reply_suite(void)
{
	Suite	*s = suite_create("reply");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_ok_envelope);
	tcase_add_test(tc, test_hidden);
	tcase_add_test(tc, test_hidden_dialect);
	tcase_add_test(tc, test_bodyless);
	tcase_add_test(tc, test_every_code);
	tcase_add_test(tc, test_field_errors);
	tcase_add_test(tc, test_field_errors_capped);
	tcase_add_test(tc, test_headers);
	tcase_add_test(tc, test_cors);
	tcase_add_test(tc, test_cors_star);
	tcase_add_test(tc, test_html_and_redirect);
	tcase_add_test(tc, test_fields_profile);
	tcase_add_test(tc, test_fields_allowlist);
	tcase_add_test(tc, test_jsonw_escape);
	tcase_add_test(tc, test_jsonw_members);
	tcase_add_test(tc, test_result_user);
	tcase_add_test(tc, test_ok_text);
	tcase_add_test(tc, test_login_result);
	tcase_add_test(tc, test_field_errors_bytes);
	tcase_add_test(tc, test_jsonw_nested);
	tcase_add_test(tc, test_tables);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_main("check_reply", reply_suite, 0);
}
