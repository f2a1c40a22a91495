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
#include "fields.h"
#include "http.h"
#include "jsonw.h"
#include "render.h"
#include "reply.h"
#include "users.h"

struct buf {
	char	 data[16384];
	size_t	 len;
};

static int
buf_write(void *arg, const char *s, size_t len)
{
	struct buf	*b = arg;

	if (b->len + len >= sizeof(b->data))
		return -1;
	memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

/* Render "r" for a request from "origin" into "b"; return the body. */
static const char *
render(struct reply *r, const char *origin, const char *allowed,
    struct buf *b)
{
	struct config	 cfg;
	struct request	 req;
	struct render_sink sink = { buf_write, b };
	char		*body;

	memset(&cfg, 0, sizeof(cfg));
	memset(&req, 0, sizeof(req));
	cfg.cors_origins = (char *)allowed;
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
	struct buf	 b = { .len = 0 };
	const char	*body;

	reply_init(&r);
	ck_assert_int_eq(reply_ok(&r, 200, NULL, NULL), 0);
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
	struct buf		 b = { .len = 0 };
	struct json_object	*d, *env, *v;
	const char		*body;

	reply_init(&r);
	d = json_object_new_object();
	json_object_object_add(d, "x", json_object_new_int(1));
	ck_assert_int_eq(reply_ok(&r, 201, "Created it", d), 0);
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
	ck_assert_str_eq(json_object_get_string(v), "Created it");
	ck_assert(json_object_object_get_ex(env, "data", &v));
	ck_assert(json_object_is_type(v, json_type_object));
	ck_assert(!json_object_object_get_ex(env, "errors", NULL));
	json_object_put(env);
	reply_free(&r);
}
END_TEST

/* Every code renders with its status, name and a message. */
START_TEST(test_every_code)
{
	struct reply		 r;
	struct buf		 b = { .len = 0 };
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
	struct buf		 b = { .len = 0 };
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
	struct buf		 b = { .len = 0 };
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
	struct buf	 b = { .len = 0 };

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
	struct buf	 b = { .len = 0 };

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
	struct buf	 b = { .len = 0 };

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
	struct buf	 b = { .len = 0 };
	const char	*body;

	reply_init(&r);
	r.html = strdup("<p>ok</p>");
	body = render(&r, "", "", &b);
	ck_assert_str_eq(body, "<p>ok</p>");
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
	ck_assert(json_object_object_get_ex(r.errors, "username", NULL));
	ck_assert(json_object_object_get_ex(r.errors, "bio", NULL));
	ck_assert(json_object_object_get_ex(r.errors, "profile_picture", NULL));
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
	ck_assert(json_object_object_get_ex(r.errors, "role", NULL));
	ck_assert(json_object_object_get_ex(r.errors, "nonsense", NULL));
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

/*
 * users_json_text is valid JSON that json-c prints back byte for byte
 * (users_json is its parse), and never carries the hash.
 */
START_TEST(test_users_json_text)
{
	struct user		 u;
	struct json_object	*o;
	char			*t;
	int			 k;

	for (k = 0; k < 2; k++) {
		memset(&u, 0, sizeof(u));
		strcpy(u.password_hash, "$y$j9T$salt$hash");
		u.id = 42;
		strcpy(u.email, "someone@example.com");
		strcpy(u.status, "active");
		strcpy(u.role, "user");
		strcpy(u.created_at, "2024-01-31T12:00:00Z");
		strcpy(u.updated_at, "2024-02-01T00:00:00Z");
		if (k == 1) {
			u.email_verified = 1;
			strcpy(u.username, "some_one");
			strcpy(u.full_name, "Zo\xc3\xab \"Q\" O'Neil\\");
			strcpy(u.phone, "+1 555 0100");
			strcpy(u.birthday, "1990-05-17");
			strcpy(u.bio, "line one\nline two\t\x01 </script>");
			strcpy(u.profile_picture, "https://x.example/a.png");
			strcpy(u.contacts, "{\"tg\":\"@x\"}");
			strcpy(u.last_login_at, "2024-03-01T10:00:00Z");
			strcpy(u.last_request_at, "2024-03-01T10:05:00Z");
		}
		o = users_json(&u);
		t = users_json_text(&u);
		ck_assert_ptr_nonnull(o);
		ck_assert_ptr_nonnull(t);
		ck_assert_str_eq(t, json_object_to_json_string_ext(o,
		    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		ck_assert_ptr_null(strstr(t, "hash"));
		ck_assert_ptr_null(strstr(t, "$y$"));
		json_object_put(o);
		free(t);
	}
}
END_TEST

/* reply_ok_text renders its text as "data"; NULL text is a 500. */
START_TEST(test_ok_text)
{
	struct reply	 r;
	struct buf	 b = { .len = 0 };
	const char	*body;

	reply_init(&r);
	ck_assert_int_eq(reply_ok_text(&r, 200, NULL, strdup("{\"a\":1}")), 0);
	body = render(&r, "", "", &b);
	ck_assert_str_eq(body, "{\"success\":true,\"code\":\"ok\","
	    "\"message\":\"OK\",\"data\":{\"a\":1}}");
	reply_free(&r);
	reply_init(&r);
	b.len = 0;
	ck_assert_int_eq(reply_ok_text(&r, 200, NULL, NULL), -1);
	ck_assert_int_eq(r.status, 500);
	reply_error(&r, RC_NOT_FOUND, NULL);
	ck_assert_ptr_null(r.data_text);
	reply_free(&r);
}
END_TEST

static Suite *
reply_suite(void)
{
	Suite	*s = suite_create("reply");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, test_ok_envelope);
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
	tcase_add_test(tc, test_users_json_text);
	tcase_add_test(tc, test_ok_text);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(reply_suite());
	int	 failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
