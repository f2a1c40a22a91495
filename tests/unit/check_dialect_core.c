/*
 * Unit tests of a dialect in the request framework: the match table
 * with a dialect's routes before the canonical ones (route.c), the
 * input fields read under a dialect's names (input.c, fields.c), the
 * dialect's body and status over a canonical reply (render.c), and
 * loading the dialect [api] dialect names (app.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <check.h>
#include <json-c/json.h>

#include "app.h"
#include "config.h"
#include "dialect.h"
#include "fields.h"
#include "http.h"
#include "input.h"
#include "outkey.h"
#include "paths.h"
#include "render.h"
#include "reply.h"
#include "result.h"
#include "route.h"
#include "unit.h"

static char	 err[512];

static struct dialect *
parse(const char *text)
{
	struct dialect	*d;

	d = dialect_parse("t", text, strlen(text), err, sizeof(err));
	ck_assert_msg(d != NULL, "%s", err);
	return d;
}

static void
h_login(struct app *a, struct request *q, struct reply *r)
{
	(void)a;
	(void)q;
	(void)r;
}

static void
h_refresh(struct app *a, struct request *q, struct reply *r)
{
	(void)a;
	(void)q;
	(void)r;
}

/* The program of these tests: three of auth.fcgi's, one more. */
static const struct route prog[] = {
	{ OP_LOGIN, h_login },
	{ OP_REFRESH, h_refresh },
	{ OP_SESSION_DELETE, h_login },
	{ OP_ACTIVITY_USER, h_login },
};

static const char routes_text[] =
    "dialect t\n"
    "route DELETE /api/user/<id>/session -> session_delete\n"
    "route POST /api/v1/auth/login -> login\n"
    "route POST /api/auth/login/ -> login\n"
    "route GET /api/profile -> profile_get\n"
    "route GET /api/refresh -> refresh\n";

/*
 * The dialect's rows come first, those without parameters before the
 * others, only for the operations the program serves, each pointing at
 * its route; the canonical rows follow.
 */
START_TEST(test_route_order)
{
	struct route_rule	 rules[DIALECT_ROUTES_MAX + OP__MAX];
	struct route_params	 params;
	struct dialect		*d = parse(routes_text);
	int			 nd, n, i;

	nd = route_build_dialect(d, paths, prog, NELEM(prog), rules,
	    DIALECT_ROUTES_MAX, err, sizeof(err));
	ck_assert_msg(nd == 4, "%d: %s", nd, err);
	ck_assert_str_eq(rules[0].pattern, "/api/v1/auth/login");
	ck_assert_str_eq(rules[1].pattern, "/api/auth/login/");
	ck_assert_str_eq(rules[2].pattern, "/api/refresh");
	ck_assert_str_eq(rules[3].pattern, "/api/user/{id}/session");
	ck_assert_int_eq(rules[2].op, OP_REFRESH);
	ck_assert(rules[2].handler == h_refresh);
	ck_assert_uint_eq(rules[2].methods, HTTP_M(HTTP_GET));
	ck_assert_int_eq(rules[2].guard, paths[OP_REFRESH].guard);
	for (i = 0; i < nd; i++)
		ck_assert_ptr_nonnull(rules[i].dialect);
	ck_assert_str_eq(rules[3].dialect->path, "/api/user/{id}/session");
	n = route_build(paths, prog, NELEM(prog), rules + nd, OP__MAX, err,
	    sizeof(err));
	ck_assert_msg(n == 4, "%d: %s", n, err);
	for (i = nd; i < nd + n; i++)
		ck_assert_ptr_null(rules[i].dialect);
	n += nd;

	/* a dialect path equal to a canonical one is the dialect's */
	i = route_match(rules, (size_t)n, HTTP_POST, "/api/v1/auth/login",
	    &params, NULL);
	ck_assert_int_eq(i, 0);
	/* the canonical paths stay */
	i = route_match(rules, (size_t)n, HTTP_POST, "/api/v1/auth/refresh",
	    &params, NULL);
	ck_assert_int_ge(i, nd);
	ck_assert_int_eq(rules[i].op, OP_REFRESH);
	/* a trailing slash of the dialect's: there or not */
	ck_assert_int_eq(route_match(rules, (size_t)n, HTTP_POST,
	    "/api/auth/login/", &params, NULL), 1);
	ck_assert_int_eq(route_match(rules, (size_t)n, HTTP_POST,
	    "/api/auth/login", &params, NULL), 1);
	ck_assert_int_eq(route_match(rules, (size_t)n, HTTP_POST,
	    "/api/auth/login//", &params, NULL), -1);
	ck_assert_int_eq(route_match(rules, (size_t)n, HTTP_DELETE,
	    "/api/user/7/session", &params, NULL), 3);
	ck_assert_str_eq(route_param(&params, "id"), "7");
	/* not served here: profile_get is profile.fcgi's */
	ck_assert_int_eq(route_match(rules, (size_t)n, HTTP_GET,
	    "/api/profile", &params, NULL), -1);
	dialect_free(d);
}
END_TEST

/* No dialect: no rows, and the canonical table as before. */
START_TEST(test_route_none)
{
	struct route_rule	 rules[DIALECT_ROUTES_MAX];

	ck_assert_int_eq(route_build_dialect(NULL, paths, prog, NELEM(prog),
	    rules, DIALECT_ROUTES_MAX, err, sizeof(err)), 0);
}
END_TEST

/*
 * Rows that differ in a literal segment and a parameter hide nothing
 * (the parser refuses routes that are the same to a request, "/a/b"
 * and "/a/b/" included).
 */
START_TEST(test_route_apart)
{
	struct route_rule	 rules[DIALECT_ROUTES_MAX];
	struct dialect		*d = parse("dialect t\n"
	    "route POST /a/<id> -> session_delete\n"
	    "route POST /a/b/ -> refresh\n"
	    "route POST /c/<id> -> session_delete\n"
	    "route POST /c/<id>/d -> activity_user\n");

	/* /a/b/ goes first (no parameter), and hides nothing */
	ck_assert_int_eq(route_build_dialect(d, paths, prog, NELEM(prog),
	    rules, DIALECT_ROUTES_MAX, err, sizeof(err)), 4);
	ck_assert_str_eq(rules[0].pattern, "/a/b/");
	dialect_free(d);
}
END_TEST

/* The names seed004 gives: full_name <- name required, remember <- keep. */
static void
names_init(struct input_names *n)
{
	memset(n, 0, sizeof(*n));
	n->names[FIELD_FULL_NAME][0] = "name";
	n->names[FIELD_FULL_NAME][1] = "display";
	n->required[FIELD_FULL_NAME] = 1;
	n->names[FIELD_REMEMBER][0] = "keep";
}

static struct json_object *
fields_of(const char *text, const struct input_names *n)
{
	struct json_object	*o = json_tokener_parse(text);

	ck_assert_ptr_nonnull(o);
	if (n != NULL)
		ck_assert_int_eq(input_use_names(o, n), 0);
	return o;
}

/*
 * Under a dialect's names a renamed field is read by its names only
 * (not the canonical one, nor the table's aliases); errors keep the
 * canonical name; fields it does not rename are read as ever.
 */
START_TEST(test_input_names)
{
	struct input_names	 n;
	struct input_errors	 e;
	struct json_object	*o;
	const char		*v;
	int			 b = 0;

	names_init(&n);
	ck_assert_int_eq(input_lookup("full_name"), FIELD_FULL_NAME);
	ck_assert_int_eq(input_lookup("no_such_field"), FIELD__MAX);

	o = fields_of("{\"name\":\"Ann\",\"keep\":true,\"email\":\"a@b.c\"}",
	    &n);
	input_errors_init(&e);
	ck_assert_int_eq(input_string(o, FIELD_FULL_NAME, 0, &e, &v), 1);
	ck_assert_str_eq(v, "Ann");
	ck_assert_int_eq(input_bool(o, FIELD_REMEMBER, &e, &b), 1);
	ck_assert_int_eq(b, 1);
	ck_assert_int_eq(input_string(o, FIELD_EMAIL, 1, &e, &v), 1);
	ck_assert_str_eq(v, "a@b.c");
	ck_assert(input_is_name(o, FIELD_FULL_NAME, "display"));
	ck_assert(!input_is_name(o, FIELD_FULL_NAME, "full_name"));
	ck_assert(!input_is_name(o, FIELD_FULL_NAME, "fullname"));
	ck_assert(input_is_name(o, FIELD_EMAIL, "email"));
	ck_assert(!input_errors_any(&e));
	json_object_put(o);

	/* the second name; then the canonical one, no longer read */
	o = fields_of("{\"display\":\"Bo\"}", &n);
	ck_assert_int_eq(input_string(o, FIELD_FULL_NAME, 0, &e, &v), 1);
	ck_assert_str_eq(v, "Bo");
	json_object_put(o);
	o = fields_of("{\"full_name\":\"Ann\",\"fullname\":\"Ann\"}", &n);
	ck_assert_int_eq(input_string(o, FIELD_FULL_NAME, 0, &e, &v), -1);
	ck_assert_uint_eq(e.n, 1);
	ck_assert_str_eq(e.list[0].param, "full_name");
	ck_assert_str_eq(e.list[0].msg, "Full name is required");
	json_object_put(o);

	/* without names: the table's name and aliases, as ever */
	o = fields_of("{\"fullname\":\"Cy\",\"keep\":true}", NULL);
	input_errors_init(&e);
	ck_assert_int_eq(input_string(o, FIELD_FULL_NAME, 0, &e, &v), 1);
	ck_assert_str_eq(v, "Cy");
	ck_assert_int_eq(input_bool(o, FIELD_REMEMBER, &e, &b), 0);
	ck_assert(input_is_name(o, FIELD_FULL_NAME, "name"));
	json_object_put(o);
	ck_assert_int_eq(input_use_names(NULL, &n), -1);
}
END_TEST

/* The profile fields and the allow-list speak the dialect's names. */
START_TEST(test_fields_names)
{
	static const enum field allowed[] = { FIELD_EMAIL, FIELD_PASSWORD,
	    FIELD_REMEMBER };
	struct input_names	 n;
	struct input_errors	 e;
	struct profile_input	 in;
	struct config		 cfg;
	struct json_object	*o;

	names_init(&n);
	ck_assert_int_eq(config_defaults(&cfg), 0);
	o = fields_of("{\"email\":\"a@b.c\",\"name\":\"Ann Lee\","
	    "\"keep\":false}", &n);
	input_errors_init(&e);
	ck_assert_int_eq(fields_allowlist(o, allowed, NELEM(allowed), 1, &e),
	    0);
	ck_assert_int_eq(fields_profile(o, &cfg, time(NULL), &e, &in), 0);
	ck_assert_int_eq(in.given[PF_FULL_NAME], FIELD_GIVEN);
	ck_assert_str_eq(in.value[PF_FULL_NAME], "Ann Lee");
	json_object_put(o);

	/* required by the dialect; the canonical name an unknown field */
	o = fields_of("{\"email\":\"a@b.c\",\"full_name\":\"Ann\"}", &n);
	input_errors_init(&e);
	ck_assert_int_eq(fields_allowlist(o, allowed, NELEM(allowed), 1, &e),
	    -1);
	ck_assert_str_eq(e.list[0].param, "full_name");
	ck_assert_str_eq(e.list[0].msg, "Unknown field");
	ck_assert_int_eq(fields_profile(o, &cfg, time(NULL), &e, &in), -1);
	ck_assert_uint_eq(e.n, 1);	/* the first error of a param wins */
	json_object_put(o);
	o = fields_of("{\"name\":\"\"}", &n);
	input_errors_init(&e);
	ck_assert_int_eq(fields_profile(o, &cfg, time(NULL), &e, &in), -1);
	ck_assert_str_eq(e.list[0].param, "full_name");
	ck_assert_str_eq(e.list[0].msg, "Full name is required");
	json_object_put(o);

	/* canonical: optional, and the alias "name" a profile field */
	o = fields_of("{\"name\":\"Ann\"}", NULL);
	input_errors_init(&e);
	ck_assert_int_eq(fields_allowlist(o, allowed, NELEM(allowed), 1, &e),
	    0);
	json_object_put(o);
	o = fields_of("{}", NULL);
	ck_assert_int_eq(fields_profile(o, &cfg, time(NULL), &e, &in), 0);
	json_object_put(o);
	config_free(&cfg);
}
END_TEST

/* ------------------------------------------------------------ render */

static const char render_text_dialect[] =
    "dialect t\n"
    "route POST /api/auth/login/ -> login\n"
    "route POST /api/auth/register/ -> register\n"
    "route GET /api/logout -> logout\n"
    "field full_name <- name\n"
    "reply login 200 {\n"
    "\t\"status\": \"success\",\n"
    "\t\"token\": $access_token\n"
    "}\n"
    "reply logout 200 { \"msg\": \"user logout\" }\n"
    "error * validation_failed 400 {\n"
    "\t\"status\": \"fail\",\n"
    "\t\"errors\": $errors{ \"msg\": $msg, \"param\": $param }\n"
    "}\n"
    "error login invalid_credentials 400 {\n"
    "\t\"status\": \"fail\", \"errors\": { \"main\": { \"msg\": $message } }\n"
    "}\n"
    "error * rate_limited * { \"status\": \"fail\", \"msg\": $reason }\n";

/*
 * Render "r" with dialect "d" for operation "dop" (d NULL: canonical)
 * into "b"; the body, and the status line in "*status".
 */
static const char *
render(struct reply *r, const struct dialect *d, int dop, struct unit_buf *b,
    int *status)
{
	struct config		 cfg;
	struct request		 req;
	struct render_sink	 sink = { unit_buf_write, b };
	char			*body;

	memset(&cfg, 0, sizeof(cfg));
	memset(&req, 0, sizeof(req));
	cfg.cors_origins = (char *)"";
	cfg.site_name = (char *)"Site";
	cfg.cookie_domain = (char *)"";
	cfg.refresh_cookie_name = (char *)"fr";
	cfg.access_cookie_name = (char *)"fa";
	cfg.access_cookie_path = (char *)"/";
	req.origin = (char *)"";
	req.method = HTTP_POST;
	strcpy(req.reqid, "0123456789abcdef");
	memset(b, 0, sizeof(*b));
	ck_assert_int_eq(render_reply_dialect(r, &req, &cfg, d, dop, &sink),
	    0);
	ck_assert_int_eq(sscanf(b->data, "Status: %d ", status), 1);
	body = strstr(b->data, "\r\n\r\n");
	ck_assert_ptr_nonnull(body);
	return body + 4;
}

/* A sign-in's reply, as result_login builds it (without the user). */
static void
login_reply(struct reply *r)
{
	struct json_object	*d = result_object();

	ck_assert_int_eq(result_str(d, KEY_ACCESS_TOKEN, "tok.en.x"), 0);
	ck_assert_int_eq(result_str(d, KEY_TOKEN_TYPE, "Bearer"), 0);
	ck_assert_int_eq(result_int(d, KEY_EXPIRES_IN, 900), 0);
	reply_init(r);
	ck_assert_int_eq(reply_ok(r, 200, MSG_NONE, d), 0);
}

START_TEST(test_render_success)
{
	struct dialect	*d = parse(render_text_dialect);
	struct reply	 r;
	struct unit_buf	 b = { .len = 0 };
	const char	*body;
	char		 want[128];
	int		 st;

	login_reply(&r);
	body = render(&r, d, DIALECT_OP_LOGIN, &b, &st);
	ck_assert_int_eq(st, 200);
	ck_assert_str_eq(body, "{\"status\":\"success\",\"token\":\"tok.en.x\"}");
	snprintf(want, sizeof(want), "Content-Type: application/json; "
	    "charset=utf-8\r\nContent-Length: %zu\r\n", strlen(body));
	ck_assert_ptr_nonnull(strstr(b.data, want));
	ck_assert_ptr_nonnull(strstr(b.data, "Cache-Control: no-store\r\n"));
	/* the same reply without a dialect: the canonical envelope */
	body = render(&r, NULL, 0, &b, &st);
	ck_assert_str_eq(body, "{\"success\":true,\"code\":\"ok\",\"message\":"
	    "\"OK\",\"data\":{\"access_token\":\"tok.en.x\",\"token_type\":"
	    "\"Bearer\",\"expires_in\":900}}");
	/* an operation without a reply line: canonical too */
	body = render(&r, d, DIALECT_OP_REFRESH, &b, &st);
	ck_assert_ptr_nonnull(strstr(body, "\"success\":true"));
	reply_free(&r);

	/* a canonical 204 with a reply line gets the dialect's body */
	reply_init(&r);
	ck_assert_int_eq(reply_ok(&r, 204, MSG_NONE, NULL), 0);
	body = render(&r, d, DIALECT_OP_LOGOUT, &b, &st);
	ck_assert_int_eq(st, 200);
	ck_assert_str_eq(body, "{\"msg\":\"user logout\"}");
	body = render(&r, NULL, 0, &b, &st);
	ck_assert_int_eq(st, 204);
	ck_assert_str_eq(body, "");
	reply_free(&r);
	dialect_free(d);
}
END_TEST

START_TEST(test_render_failure)
{
	struct dialect	*d = parse(render_text_dialect);
	struct reply	 r;
	struct unit_buf	 b = { .len = 0 };
	const char	*body;
	int		 st;

	/* field errors: the canonical name, renamed on output */
	reply_init(&r);
	ck_assert_int_eq(reply_field_error(&r, "full_name", "Too long",
	    NULL), 0);
	body = render(&r, d, DIALECT_OP_REGISTER, &b, &st);
	ck_assert_int_eq(st, 400);
	ck_assert_str_eq(body, "{\"status\":\"fail\",\"errors\":{\"name\":"
	    "{\"msg\":\"Too long\",\"param\":\"name\"}}}");
	reply_free(&r);

	reply_init(&r);
	reply_error(&r, RC_INVALID_CREDENTIALS, NULL);
	body = render(&r, d, DIALECT_OP_LOGIN, &b, &st);
	ck_assert_int_eq(st, 400);
	ck_assert_str_eq(body, "{\"status\":\"fail\",\"errors\":{\"main\":"
	    "{\"msg\":\"Invalid login or password\"}}}");
	/* no error line for it on register: the canonical reply */
	body = render(&r, d, DIALECT_OP_REGISTER, &b, &st);
	ck_assert_int_eq(st, 401);
	ck_assert_ptr_nonnull(strstr(body, "\"code\":\"invalid_credentials\""));
	reply_free(&r);

	/* '*': the canonical status, and its headers stay */
	reply_init(&r);
	reply_retry(&r, RC_RATE_LIMITED, 30);
	body = render(&r, d, DIALECT_OP_LOGIN, &b, &st);
	ck_assert_int_eq(st, 429);
	ck_assert_ptr_nonnull(strstr(b.data, "Retry-After: 30\r\n"));
	ck_assert_str_eq(body, "{\"status\":\"fail\",\"msg\":"
	    "\"Too many requests; try again later\"}");
	reply_free(&r);
	dialect_free(d);
}
END_TEST

/* cookie refresh PATH: the refresh cookie's Path on the dialect's routes. */
START_TEST(test_render_cookie)
{
	struct dialect	*d = parse("dialect t\n"
	    "cookie refresh /api/x\n"
	    "route POST /api/x/login -> login\n");
	struct reply	 r;
	struct unit_buf	 b = { .len = 0 };
	int		 st;

	login_reply(&r);
	ck_assert_int_eq(reply_cookie(&r, COOKIE_REFRESH, "rt", 60), 0);
	(void)render(&r, d, DIALECT_OP_LOGIN, &b, &st);
	ck_assert_msg(strstr(b.data, "Set-Cookie: fr=rt; Path=/api/x; "
	    "Max-Age=60; HttpOnly;") != NULL, "%s", b.data);
	(void)render(&r, NULL, 0, &b, &st);
	ck_assert_msg(strstr(b.data, "Set-Cookie: fr=rt; Path=/api/v1/auth; ")
	    != NULL, "%s", b.data);
	reply_free(&r);
	dialect_free(d);
}
END_TEST

/* ------------------------------------------------------------- load */

/* A file "text" in a new temporary directory; its path in "path". */
static void
write_file(char *dir, size_t dirsz, const char *name, const char *text,
    char *path, size_t pathsz)
{
	FILE	*fp;

	snprintf(dir, dirsz, "/tmp/check_dialect_core.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, pathsz, "%s/%s", dir, name);
	ck_assert_ptr_nonnull(fp = fopen(path, "w"));
	fputs(text, fp);
	fclose(fp);
}

START_TEST(test_load)
{
	struct config	 cfg;
	struct dialect	*d = NULL;
	char		 dir[64], path[128], want[256];

	ck_assert_int_eq(config_defaults(&cfg), 0);
	/* none configured */
	ck_assert_int_eq(app_dialect_load(&cfg, &d, err, sizeof(err)), 0);
	ck_assert_ptr_null(d);

	/* a bare name is found in dialects_dir */
	write_file(dir, sizeof(dir), "old", "dialect old\n"
	    "route POST /x -> login\n", path, sizeof(path));
	free(cfg.dialect);
	free(cfg.dialects_dir);
	cfg.dialect = strdup("old");
	cfg.dialects_dir = strdup(dir);
	ck_assert_int_eq(app_dialect_load(&cfg, &d, err, sizeof(err)), 0);
	ck_assert_ptr_nonnull(d);
	ck_assert_str_eq(d->name, "old");
	ck_assert_str_eq(d->file, path);
	dialect_free(d);

	/* a value with a '/' is a path; a bad file says where and why */
	free(cfg.dialect);
	cfg.dialect = strdup(path);
	ck_assert_int_eq(app_dialect_load(&cfg, &d, err, sizeof(err)), 0);
	ck_assert_str_eq(d->file, path);
	dialect_free(d);
	unlink(path);
	rmdir(dir);
	write_file(dir, sizeof(dir), "bad", "dialect bad\n"
	    "route POST /x -> nothing\n", path, sizeof(path));
	free(cfg.dialect);
	cfg.dialect = strdup(path);
	ck_assert_int_eq(app_dialect_load(&cfg, &d, err, sizeof(err)), -1);
	ck_assert_ptr_null(d);
	snprintf(want, sizeof(want), "%s:2: ", path);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "%s", err);
	unlink(path);
	rmdir(dir);
	/* a missing file */
	free(cfg.dialect);
	cfg.dialect = strdup(path);
	ck_assert_int_eq(app_dialect_load(&cfg, &d, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, path) != NULL, "%s", err);
	config_free(&cfg);
}
END_TEST

static Suite *
dialect_core_suite(void)
{
	Suite	*s = suite_create("dialect_core");
	TCase	*tc = tcase_create("route");

	tcase_add_test(tc, test_route_order);
	tcase_add_test(tc, test_route_none);
	tcase_add_test(tc, test_route_apart);
	suite_add_tcase(s, tc);
	tc = tcase_create("input");
	tcase_add_test(tc, test_input_names);
	tcase_add_test(tc, test_fields_names);
	suite_add_tcase(s, tc);
	tc = tcase_create("render");
	tcase_add_test(tc, test_render_success);
	tcase_add_test(tc, test_render_failure);
	tcase_add_test(tc, test_render_cookie);
	suite_add_tcase(s, tc);
	tc = tcase_create("load");
	tcase_add_test(tc, test_load);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_main("check_dialect_core", dialect_core_suite, 0);
}
