/*
 * Unit tests of common/wire/: every construct of fcauth-dialect(5)
 * parsed and rendered over a canonical reply, malformed files refused
 * with their exact "FILE:LINE: reason", and the five shipped dialects
 * loaded from $FCAUTH_SRCDIR/conf/dialects and rendered against the
 * examples of their seed documents.  The operation, method and code
 * names of common/wire/ are held to the web layer's own tables.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <check.h>
#include <json-c/json.h>

#include "dialect.h"
#include "http.h"
#include "ops.h"
#include "reply.h"
#include "unit.h"

static char	 err[512];

static struct dialect *
parse(const char *text)
{
	return dialect_parse("t", text, strlen(text), err, sizeof(err));
}

/* Render the reply "rep" over the JSON text "canonical", as text. */
static char *
render_text(const struct dialect *d, const struct dialect_reply *rep,
    const char *canonical)
{
	struct json_object	*in, *out;
	char			*s;

	ck_assert_ptr_nonnull(rep);
	in = json_tokener_parse(canonical);
	ck_assert_ptr_nonnull(in);
	out = dialect_render(d, rep, in);
	s = strdup(json_object_to_json_string_ext(out,
	    JSON_C_TO_STRING_PLAIN));
	json_object_put(out);
	json_object_put(in);
	ck_assert_ptr_nonnull(s);
	return s;
}

static char *
success(const struct dialect *d, enum dialect_op op, const char *canonical)
{
	struct json_object	*in = json_tokener_parse(canonical);
	const struct dialect_reply *rep;

	ck_assert_ptr_nonnull(in);
	rep = dialect_success(d, op, in);
	json_object_put(in);
	return render_text(d, rep, canonical);
}

#define ck_render(d, op, canonical, want) do {				\
	char *got_ = success((d), (op), (canonical));			\
	ck_assert_str_eq(got_, (want));					\
	free(got_);							\
} while (0)

/* A dialect with every directive and template construct. */
static const char all_constructs[] =
"# every construct\n"
"dialect every-thing\n"
"option access_ttl session\n"
"cookie refresh /api/v9\n"
"link verify /confirm/<token>\n"
"link reset /reset/{token}\n"
"route POST /api/login -> login\n"
"route GET /api/user/<id>/activity -> activity_user\n"
"route DELETE /api/sessions/{id}/ -> session_delete\n"
"route GET /api/activity -> activity_own\n"
"route GET /api/sessions -> sessions\n"
"base /api/v9\n"
"route POST /register/ -> register\n"
"route GET /status -> verify_status\n"
"route GET /profile -> profile_get\n"
"\n"
"field password <- pwd, pass\n"
"field full_name <- name required\n"
"field login <- user_name\n"
"\n"
"reply login 201 {\n"
"  \"data\": {\"token\": $access_token, \"ttl\": $expires_in},\n"
"  \"user\": {\"mail\": $user.email, \"born\": $user.birthday:DD.MM.YYYY,\n"
"# a comment inside a template\n"
"    \"joined\": $user.created_at:YYYY-MM-DD HH:MM:SS ,\n"
"    \"iso\": $user.created_at:\"YYYY-MM-DDTHH:mm:ss.000Z\",\n"
"    \"role\": $user.role|title, \"ROLE\": $user.role|upper,\n"
"    \"low\": $user.username|lower, \"id\": $user.id|string,\n"
"    \"verified\": $user.email_verified|string},\n"
"  \"gone\": $refresh_token?, \"none\": $refresh_token,\n"
"  \"consts\": [1, -2.5, true, false, null, \"s\\\"q\\u00e9\", {}, []],\n"
"  \"hello\": \"Hi ${user.full_name}, id ${user.id}${mfa_token}!\",\n"
"  \"msg\": $message, \"code\": $code, \"all\": $data.user.role\n"
"}\n"
"reply verify_status when status=verified 200 {\"v\": true}\n"
"reply verify_status * {\"v\": false, \"s\": $status}\n"
"reply register 200 {\"e\": $errors, \"r\": $reason}\n"
"reply activity_own 200 {\"events\": $events[{\"what\": $event,\n"
"  \"when\": $at:DD.MM.YYYY}]}\n"
"reply sessions 200 [$sessions[$id]]\n"
"error login invalid_credentials 400 {\"x\": 1}\n"
"error login * 401 {\"x\": 2}\n"
"error * invalid_credentials * {\"x\": 3}\n"
"error * * 200 {\"x\": 4, \"m\": $reason,\n"
"  \"list\": $errors[{\"p\": $param, \"m\": $msg}],\n"
"  \"map\": $errors{\"p\": $param, \"v\": $value?}}\n";

static const char login_reply[] =
"{\"success\": true, \"code\": \"ok\", \"message\": \"Logged in\","
" \"data\": {\"access_token\": \"A.B.C\", \"token_type\": \"Bearer\","
" \"expires_in\": 900, \"refresh_token\": null,"
" \"user\": {\"id\": 5, \"username\": \"JohnDoe\","
" \"email\": \"j@x.io\", \"full_name\": \"John Doe\","
" \"birthday\": \"1996-01-10\", \"role\": \"user\","
" \"email_verified\": false,"
" \"created_at\": \"2023-09-05T11:12:27Z\"}}}";

START_TEST(test_parse_constructs)
{
	struct dialect	*d = parse(all_constructs);

	ck_assert_msg(d != NULL, "%s", err);
	ck_assert_str_eq(d->name, "every-thing");
	ck_assert_str_eq(d->file, "t");
	ck_assert_int_eq(d->access_ttl_session, 1);
	ck_assert_str_eq(d->refresh_cookie_path, "/api/v9");
	ck_assert_str_eq(d->link_verify, "/confirm/{token}");
	ck_assert_str_eq(d->link_reset, "/reset/{token}");
	ck_assert_uint_eq(d->nroutes, 8);
	ck_assert_str_eq(d->routes[0].method, "POST");
	ck_assert_str_eq(d->routes[0].path, "/api/login");
	ck_assert_int_eq(d->routes[0].op, DIALECT_OP_LOGIN);
	ck_assert_int_eq(d->routes[0].line, 7);
	ck_assert_str_eq(d->routes[1].path, "/api/user/{id}/activity");
	ck_assert_int_eq(d->routes[1].op, DIALECT_OP_ACTIVITY_USER);
	ck_assert_str_eq(d->routes[2].method, "DELETE");
	ck_assert_str_eq(d->routes[2].path, "/api/sessions/{id}/");
	ck_assert_str_eq(d->routes[5].path, "/api/v9/register/");
	ck_assert_int_eq(d->routes[5].op, DIALECT_OP_REGISTER);
	ck_assert_str_eq(d->routes[6].path, "/api/v9/status");
	ck_assert_uint_eq(d->nfields, 3);
	ck_assert_str_eq(d->fields[0].canonical, "password");
	ck_assert_uint_eq(d->fields[0].nnames, 2);
	ck_assert_str_eq(d->fields[0].names[1], "pass");
	ck_assert_int_eq(d->fields[0].required, 0);
	ck_assert_int_eq(d->fields[1].required, 1);
	ck_assert_uint_eq(d->nreplies, 6);
	ck_assert_int_eq(d->replies[0].status, 201);
	ck_assert_int_eq(d->replies[2].status, DIALECT_ANY);
	ck_assert_str_eq(d->replies[1].when_key, "status");
	ck_assert_str_eq(d->replies[1].when_value, "verified");
	ck_assert_uint_eq(d->nerrors, 4);

	ck_assert_str_eq(dialect_field_name(d, "password"), "pwd");
	ck_assert_str_eq(dialect_field_name(d, "email"), "email");
	ck_assert_str_eq(dialect_field_canonical(d, "pass"), "password");
	ck_assert_str_eq(dialect_field_canonical(d, "email"), "email");
	ck_assert_ptr_null(dialect_field_canonical(d, "password"));
	ck_assert_int_eq(dialect_op_lookup("reset_token"),
	    DIALECT_OP_RESET_TOKEN);
	ck_assert_int_eq(dialect_op_lookup("nope"), -1);
	ck_assert_str_eq(dialect_op_name(DIALECT_OP_ACTIVATE), "activate");
	ck_assert_str_eq(dialect_op_name(DIALECT_OP__MAX), "-");
	dialect_free(d);
	dialect_free(NULL);
}
END_TEST

START_TEST(test_render_constructs)
{
	struct dialect	*d = parse(all_constructs);

	ck_assert_msg(d != NULL, "%s", err);
	ck_render(d, DIALECT_OP_LOGIN, login_reply,
	    "{\"data\":{\"token\":\"A.B.C\",\"ttl\":900},"
	    "\"user\":{\"mail\":\"j@x.io\",\"born\":\"10.01.1996\","
	    "\"joined\":\"2023-09-05 11:12:27\","
	    "\"iso\":\"2023-09-05T11:12:27.000Z\","
	    "\"role\":\"User\",\"ROLE\":\"USER\",\"low\":\"johndoe\","
	    "\"id\":\"5\",\"verified\":\"false\"},"
	    "\"gone\":null,\"none\":null,"
	    "\"consts\":[1,-2.5,true,false,null,\"s\\\"q\xc3\xa9\",{},[]],"
	    "\"hello\":\"Hi John Doe, id 5!\","
	    "\"msg\":\"Logged in\",\"code\":\"ok\",\"all\":\"user\"}");
	/* "?" leaves an absent key out, a missing one without "?" is null */
	ck_render(d, DIALECT_OP_LOGIN, "{\"message\": \"m\", \"data\": {}}",
	    "{\"data\":{\"token\":null,\"ttl\":null},"
	    "\"user\":{\"mail\":null,\"born\":null,\"joined\":null,"
	    "\"iso\":null,\"role\":null,\"ROLE\":null,\"low\":null,"
	    "\"id\":null,\"verified\":null},\"none\":null,"
	    "\"consts\":[1,-2.5,true,false,null,\"s\\\"q\xc3\xa9\",{},[]],"
	    "\"hello\":\"Hi , id !\",\"msg\":\"m\",\"code\":null,"
	    "\"all\":null}");
	/* when: the first reply whose condition holds */
	ck_render(d, DIALECT_OP_VERIFY_STATUS,
	    "{\"data\": {\"status\": \"verified\"}}", "{\"v\":true}");
	ck_render(d, DIALECT_OP_VERIFY_STATUS,
	    "{\"data\": {\"status\": \"pending\"}}",
	    "{\"v\":false,\"s\":\"pending\"}");
	ck_assert_int_eq(dialect_success(d, DIALECT_OP_VERIFY_STATUS,
	    NULL)->status, DIALECT_ANY);
	/* no reply line: NULL, the canonical body goes out */
	ck_assert_ptr_null(dialect_success(d, DIALECT_OP_REFRESH, NULL));
	/* errors renamed to the dialect's field names, reason */
	ck_render(d, DIALECT_OP_REGISTER,
	    "{\"success\": false, \"message\": \"Some fields are invalid\","
	    " \"errors\": {\"password\": {\"msg\": \"too short\","
	    " \"param\": \"password\", \"location\": \"body\"},"
	    " \"email\": {\"msg\": \"bad\", \"param\": \"email\","
	    " \"location\": \"body\", \"value\": \"x@\"}}}",
	    "{\"e\":{\"pwd\":{\"msg\":\"too short\",\"param\":\"pwd\","
	    "\"location\":\"body\"},\"email\":{\"msg\":\"bad\","
	    "\"param\":\"email\",\"location\":\"body\",\"value\":\"x@\"}},"
	    "\"r\":\"too short\"}");
	ck_render(d, DIALECT_OP_REGISTER, "{\"message\": \"Gone\"}",
	    "{\"e\":null,\"r\":\"Gone\"}");
	/* lists */
	ck_render(d, DIALECT_OP_ACTIVITY_OWN,
	    "{\"data\": {\"events\": [{\"event\": \"login\","
	    " \"at\": \"2023-09-05T11:12:27Z\"}, {\"event\": \"logout\","
	    " \"at\": null}]}}",
	    "{\"events\":[{\"what\":\"login\",\"when\":\"05.09.2023\"},"
	    "{\"what\":\"logout\",\"when\":null}]}");
	ck_render(d, DIALECT_OP_SESSIONS,
	    "{\"data\": {\"sessions\": [{\"id\": 7}, {\"id\": 9}]}}",
	    "[[7,9]]");
	dialect_free(d);
}
END_TEST

/* Text inside a per-entry template sees the entry's variables. */
START_TEST(test_entry_text)
{
	struct dialect	*d = parse("dialect t\n"
	    "route POST /x -> register\n"
	    "error * validation_failed 400 {\"errors\": $errors{\n"
	    "  \"msg\": \"${msg}!\", \"low\": \"${msg|lower}.\"}}\n");
	char		*s;

	ck_assert_msg(d != NULL, "%s", err);
	s = render_text(d, dialect_failure(d, DIALECT_OP_REGISTER,
	    "validation_failed"), "{\"errors\": {\"email\": {\"msg\":"
	    " \"Email format invalid\", \"param\": \"email\"}}}");
	ck_assert_str_eq(s, "{\"errors\":{\"email\":{"
	    "\"msg\":\"Email format invalid!\","
	    "\"low\":\"email format invalid.\"}}}");
	free(s);
	dialect_free(d);
}
END_TEST

START_TEST(test_failure)
{
	struct dialect		*d = parse(all_constructs);
	const struct dialect_reply *r;
	char			*s;

	ck_assert_msg(d != NULL, "%s", err);
	/* op+code, op+*, *+code, *+* */
	r = dialect_failure(d, DIALECT_OP_LOGIN, "invalid_credentials");
	ck_assert_int_eq(r->status, 400);
	ck_assert_int_eq(r->line, 41);
	r = dialect_failure(d, DIALECT_OP_LOGIN, "rate_limited");
	ck_assert_int_eq(r->status, 401);
	r = dialect_failure(d, DIALECT_OP_REGISTER, "invalid_credentials");
	ck_assert_int_eq(r->status, DIALECT_ANY);
	r = dialect_failure(d, DIALECT_OP_REGISTER, "not_found");
	ck_assert_int_eq(r->status, 200);
	s = render_text(d, r, "{\"success\": false, \"code\": "
	    "\"validation_failed\", \"message\": \"Some fields are invalid\","
	    " \"errors\": {\"password\": {\"msg\": \"short\", \"param\": "
	    "\"password\", \"location\": \"body\"}, \"full_name\": {\"msg\": "
	    "\"long\", \"param\": \"full_name\", \"location\": \"body\", "
	    "\"value\": \"Zz\"}}}");
	ck_assert_str_eq(s, "{\"x\":4,\"m\":\"short\",\"list\":["
	    "{\"p\":\"pwd\",\"m\":\"short\"},{\"p\":\"name\",\"m\":\"long\"}],"
	    "\"map\":{\"pwd\":{\"p\":\"pwd\"},\"name\":{\"p\":\"name\","
	    "\"v\":\"Zz\"}}}");
	free(s);
	dialect_free(d);
	d = parse("dialect x\nroute GET /a -> login\n");
	ck_assert_msg(d != NULL, "%s", err);
	ck_assert_ptr_null(dialect_failure(d, DIALECT_OP_LOGIN, "not_found"));
	dialect_free(d);
}
END_TEST

/* Malformed files and the exact message each gets. */
static const struct {
	const char	*text;
	const char	*want;
} bad[] = {
	{ "", "t:1: no 'dialect' line" },
	{ "# only a comment\n\n", "t:1: no 'dialect' line" },
	{ "route GET /a -> login\n",
	  "t:1: the first line must be 'dialect NAME'" },
	{ "dialect x\n", "t:1: no routes" },
	{ "dialect x\ndialect y\n",
	  "t:2: second 'dialect' line (first on line 1)" },
	{ "dialect a/b\n", "t:1: bad dialect name 'a/b'" },
	{ "dialect x\nroutes GET /a -> login\n",
	  "t:2: unknown directive 'routes'" },
	{ "dialect x\nroute get /a -> login\n",
	  "t:2: bad method 'get' (one of GET, HEAD, POST, PUT, PATCH, "
	  "DELETE)" },
	{ "dialect x\nroute POST /a -> signin\n",
	  "t:2: unknown operation 'signin'" },
	{ "dialect x\nroute GET /auth -> authorize\n",
	  "t:2: operation 'authorize' has no path: the web server asks it" },
	{ "dialect x\nroute POST /a => login\n",
	  "t:2: expected '->' after the path" },
	{ "dialect x\nroute POST a -> login\n",
	  "t:2: path 'a' does not start with '/'" },
	{ "dialect x\nroute POST /a -> login\n\nroute POST /a/ -> register\n",
	  "t:4: duplicate route POST /a/ (first on line 2)" },
	{ "dialect x\nroute DELETE /s/{id} -> session_delete\n"
	  "route DELETE /s/<x> -> session_delete\n",
	  "t:3: unknown path parameter 'x' for session_delete" },
	{ "dialect x\nroute GET /verify -> verify_link\n",
	  "t:2: path '/verify' lacks the parameter <token> of verify_link" },
	{ "dialect x\nroute GET /a?b=1 -> login\n",
	  "t:2: bad character '?' in path '/a?b=1'" },
	{ "dialect x\nroute GET /a//b -> login\n",
	  "t:2: empty segment in path '/a//b'" },
	{ "dialect x\nroute GET /a -> login extra\n",
	  "t:2: unexpected 'extra' at the end of the line" },
	{ "dialect x\nbase /api/\n", "t:2: base path '/api/' ends in '/'" },
	{ "dialect x\nroute POST /a -> login\nfield pass <- pwd\n",
	  "t:3: unknown field 'pass'" },
	{ "dialect x\nroute POST /a -> login\nfield password <- pwd\n"
	  "field new_password <- pwd\n",
	  "t:4: name 'pwd' given twice (line 3)" },
	{ "dialect x\nroute POST /a -> login\nfield password = pwd\n",
	  "t:3: expected '<-' after the field" },
	{ "dialect x\nroute POST /a -> login\nfield password <- a, b maybe\n",
	  "t:3: expected ',' or 'required', not 'maybe'" },
	{ "dialect x\nroute POST /a -> login\nreply login 2000 {}\n",
	  "t:3: bad HTTP status '2000'" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {\n"
	  "  \"a\": {\n  \"b\": 1\n}\n",
	  "t:3: unbalanced braces: the body never closes" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {\"a\": 1}}\n",
	  "t:3: unbalanced braces" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {\n"
	  "  \"a\": $acces_token\n}\n",
	  "t:4: unknown variable '$acces_token'" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {\n"
	  "  \"a\": $user.mail\n}\n",
	  "t:4: unknown key 'mail' of 'user'" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {\n"
	  "  \"a\": $user.birthday:DD.MM.YYY\n}\n",
	  "t:4: bad date format 'DD.MM.YYY'" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {\n"
	  "  \"a\": $user.birthday:DD.MM.YYYY HH:MM\n}\n",
	  "t:4: 'birthday' has no time of day" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {\n"
	  "  \"a\": $user.email:DD.MM.YYYY\n}\n",
	  "t:4: 'email' is not a date" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {\"a\": "
	  "$user|string}\n", "t:3: 'user' is not a scalar" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {\"a\": "
	  "$user.role|capital}\n", "t:3: unknown filter 'capital'" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {\"a\": 1,}\n",
	  "t:3: trailing ',' before '}'" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {\"a\" 1}\n",
	  "t:3: expected ':' after a key, not '1'" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {a: 1}\n",
	  "t:3: expected a key in quotes, not 'a'" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {\"a\": 1, "
	  "\"a\": 2}\n", "t:3: duplicate key 'a'" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {\"a\": "
	  "\"b}\n", "t:3: unbalanced braces: the body never closes" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {\"a\": "
	  "tru}\n", "t:3: bad constant 'tru'" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {\"a\": "
	  "\"${user}\"}\n", "t:3: 'user' is not a scalar" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {\"a\": "
	  "$events{\"x\": $at}}\n", "t:3: 'events' is a list: use [ ]" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {\"a\": "
	  "$email[1]}\n", "t:3: 'email' is not a map or a list" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 "
	  "[[[[[[[[[1]]]]]]]]]\n", "t:3: nested deeper than 8" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {}\n"
	  "reply login 201 {}\n",
	  "t:4: duplicate reply for login (first on line 3)" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 \"x\"\n",
	  "t:3: expected '{' or '[' to start the body" },
	{ "dialect x\nroute POST /a -> login\nreply logout 200 {}\n",
	  "t:3: no route for operation 'logout'" },
	{ "dialect x\nroute POST /a -> login\nreply login when code 200 {}\n",
	  "t:3: expected KEY=VALUE after 'when'" },
	{ "dialect x\nroute POST /a -> login\nerror * wrong_code * {}\n",
	  "t:3: unknown error code 'wrong_code'" },
	{ "dialect x\nroute POST /a -> login\nerror * * * {}\n"
	  "error * * 400 {}\n",
	  "t:4: duplicate error for * * (first on line 3)" },
	{ "dialect x\nroute POST /a -> login\noption colour red\n",
	  "t:3: unknown option 'colour'" },
	{ "dialect x\nroute POST /a -> login\nlink verify /v\n",
	  "t:3: path '/v' lacks the parameter <token>" },
	{ "dialect x\nroute POST /a -> login\ncookie access /\n",
	  "t:3: unknown cookie 'access' (refresh)" },
	{ "dialect x\nroute POST /a -> login\nreply login 200 {\"a\": 1} x\n",
	  "t:3: unexpected text after the body" },
};

START_TEST(test_malformed)
{
	struct dialect	*d;

	d = parse(bad[_i].text);
	ck_assert_msg(d == NULL, "case %d parsed", _i);
	ck_assert_str_eq(err, bad[_i].want);
}
END_TEST

START_TEST(test_limits)
{
	char		*text, *p;
	struct dialect	*d;
	int		 i;

	text = calloc(1, 2 * DIALECT_LINE_MAX + DIALECT_FILE_MAX);
	ck_assert_ptr_nonnull(text);
	strcpy(text, "dialect x\nroute GET /");
	memset(text + strlen(text), 'a', DIALECT_LINE_MAX);
	strcat(text, " -> login\n");
	d = parse(text);
	ck_assert_ptr_null(d);
	ck_assert_str_eq(err, "t:2: line longer than 1024 bytes");

	p = text + sprintf(text, "dialect x\n");
	for (i = 0; i <= DIALECT_ROUTES_MAX; i++)
		p += sprintf(p, "route GET /r%d -> login\n", i);
	d = parse(text);
	ck_assert_ptr_null(d);
	ck_assert_str_eq(err, "t:66: more than 64 routes");

	memset(text, 'x', DIALECT_FILE_MAX + 1);
	d = dialect_parse("t", text, DIALECT_FILE_MAX + 1, err, sizeof(err));
	ck_assert_ptr_null(d);
	ck_assert_str_eq(err, "t:0: file larger than 262144 bytes");

	d = dialect_parse("t", "dialect x\0y\n", 12, err, sizeof(err));
	ck_assert_ptr_null(d);
	ck_assert_str_eq(err, "t:1: NUL byte in line");

	d = dialect_load("/nonexistent/seed9", err, sizeof(err));
	ck_assert_ptr_null(d);
	ck_assert_str_eq(err, "/nonexistent/seed9:0: cannot open: "
	    "No such file or directory");
	free(text);
}
END_TEST

/* A shipped dialect from $FCAUTH_SRCDIR/conf/dialects. */
static struct dialect *
seed(const char *name)
{
	struct dialect	*d;
	char		 path[1024];

	snprintf(path, sizeof(path), "%s/conf/dialects/%s", unit_srcdir(),
	    name);
	d = dialect_load(path, err, sizeof(err));
	ck_assert_msg(d != NULL, "%s", err);
	ck_assert_str_eq(d->name, name);
	return d;
}

#define SEED_USER \
"\"user\": {\"id\": 5, \"username\": \"johndoe\"," \
" \"email\": \"johndoe@gmail.com\", \"email_masked\": \"j*****e@gmail.com\"," \
" \"email_verified\": true, \"full_name\": \"John Doe\"," \
" \"phone\": \"99891 123-45-67\", \"birthday\": \"1996-01-10\"," \
" \"bio\": \"bio\", \"profile_picture\": \"your picture\"," \
" \"contacts\": null, \"role\": \"user\"," \
" \"created_at\": \"2023-01-01T00:00:00Z\"," \
" \"updated_at\": \"2023-01-01T00:00:00Z\"}"

#define LOGIN_DATA(extra) "{\"success\": true, \"code\": \"ok\", "	\
	"\"message\": \"Logged in\", \"data\": {\"access_token\": \"AT\", " \
	"\"token_type\": \"Bearer\", \"expires_in\": 900, "		\
	"\"refresh_token\": \"RT\", \"refresh_expires_in\": 86400, "	\
	extra "}}"

START_TEST(test_seed000)
{
	struct dialect	*d = seed("seed000");
	char		*s;

	ck_assert_uint_eq(d->nroutes, 3);
	ck_assert_str_eq(d->routes[2].path, "/api/user/{id}/activity");
	ck_render(d, DIALECT_OP_LOGIN, LOGIN_DATA("\"user\": {}"),
	    "{\"ok\":true,\"description\":\"Logged in successfully\","
	    "\"result\":{\"access_token\":\"AT\",\"refresh_token\":\"RT\"}}");
	/* verification off: the login payload; on: no token */
	ck_render(d, DIALECT_OP_REGISTER, LOGIN_DATA("\"user\": {}"),
	    "{\"ok\":true,\"description\":\"\",\"result\":{\"message\":"
	    "\"User registration successful\",\"access_token\":\"AT\"}}");
	ck_render(d, DIALECT_OP_REGISTER, "{\"data\": {\"user_id\": 5, "
	    "\"verification_id\": \"v\", \"expires_in\": 600}}",
	    "{\"ok\":true,\"description\":\"\",\"result\":{\"message\":"
	    "\"User registration successful\"}}");
	ck_render(d, DIALECT_OP_ACTIVITY_USER, "{\"data\": {\"user_id\": 5,"
	    " \"last_login_date\": \"2023-09-05T11:12:27Z\","
	    " \"last_request_date\": \"2023-09-05T11:12:28Z\"}}",
	    "{\"ok\":true,\"description\":\"Got user activity data\","
	    "\"result\":{\"last_login_date\":\"2023-09-05 11:12:27\","
	    "\"last_request_date\":\"2023-09-05 11:12:28\"}}");
	s = render_text(d, dialect_failure(d, DIALECT_OP_LOGIN,
	    "invalid_credentials"), "{\"success\": false, \"code\": "
	    "\"invalid_credentials\", \"message\": \"Invalid login or "
	    "password\", \"data\": null}");
	ck_assert_str_eq(s, "{\"ok\":false,\"description\":\"Invalid login "
	    "or password\",\"result\":null}");
	free(s);
	dialect_free(d);
}
END_TEST

START_TEST(test_seed001)
{
	struct dialect		*d = seed("seed001");
	const struct dialect_reply *r;
	char			*s;

	ck_assert_uint_eq(d->nroutes, 7);
	ck_assert_int_eq(d->access_ttl_session, 1);
	ck_assert_str_eq(d->link_verify, "/api/confirm_email/{token}");
	ck_assert_str_eq(dialect_field_canonical(d, "pwd"), "password");
	ck_assert_str_eq(dialect_field_canonical(d, "new_pwd"),
	    "new_password");
	ck_assert_str_eq(dialect_field_canonical(d, "username"), "username");
	ck_render(d, DIALECT_OP_LOGIN, LOGIN_DATA("\"user\": {}"),
	    "{\"data\":{\"token\":\"AT\"},\"msg\":\"success\","
	    "\"status\":\"OK\"}");
	ck_render(d, DIALECT_OP_PROFILE_GET, "{\"success\": true, \"data\": "
	    "{\"id\": 5, \"username\": \"Admin\", \"email\": \"dz@yandex.ru\","
	    " \"email_masked\": \"d******z@yandex.ru\", \"email_verified\": "
	    "false, \"full_name\": \"Admin A.A.\", \"phone\": null, "
	    "\"contacts\": null}}",
	    "{\"data\":{\"contacts\":null,\"email\":\"d******z@yandex.ru\","
	    "\"full_name\":\"Admin A.A.\",\"is_email_verified\":false,"
	    "\"phone\":null,\"pwd\":\"********\",\"username\":\"Admin\"},"
	    "\"msg\":\"success\",\"status\":\"OK\"}");
	ck_render(d, DIALECT_OP_LOGOUT, "{\"message\": \"Logged out\"}",
	    "{\"status\":\"OK\",\"msg\":\"user logout\"}");
	/* the field error's message, named as the document names fields */
	r = dialect_failure(d, DIALECT_OP_REGISTER, "validation_failed");
	ck_assert_int_eq(r->status, 200);
	s = render_text(d, r, "{\"success\": false, \"code\": "
	    "\"validation_failed\", \"message\": \"Some fields are invalid\","
	    " \"errors\": {\"username\": {\"msg\": \"Username is not "
	    "allowed\", \"param\": \"username\", \"location\": \"body\"}}}");
	ck_assert_str_eq(s, "{\"status\":\"ERR\",\"msg\":\"username is not "
	    "allowed.\"}");
	free(s);
	r = dialect_failure(d, DIALECT_OP_RESET_TOKEN, "not_found");
	s = render_text(d, r, "{\"success\": false, \"code\": \"not_found\","
	    " \"message\": \"Not found\"}");
	ck_assert_str_eq(s, "{\"msg\":\"user not found\",\"status\":\"ERR\"}");
	free(s);
	ck_assert_int_eq(dialect_failure(d, DIALECT_OP_LOGIN,
	    "rate_limited")->status, DIALECT_ANY);
	dialect_free(d);
}
END_TEST

START_TEST(test_seed002)
{
	struct dialect	*d = seed("seed002");
	static const char user_json[] =
	    "{\"id\":5,\"username\":\"johndoe\","
	    "\"email\":\"johndoe@gmail.com\",\"phone\":\"99891 123-45-67\","
	    "\"fullname\":\"John Doe\",\"birthday\":\"10.01.1996\","
	    "\"profile_picture\":\"your picture\",\"bio\":\"bio\","
	    "\"role\":\"User\",\"created_at\":\"2023-01-01T00:00:00Z\","
	    "\"updated_at\":\"2023-01-01T00:00:00Z\"}";
	char		 want[1024];

	ck_assert_str_eq(d->routes[0].path, "/api/v1/auth/login");
	ck_assert_str_eq(d->routes[2].path, "/api/v1/auth/status");
	snprintf(want, sizeof(want), "{\"message\":\"Successfuly login\","
	    "\"user\":%s,\"token\":\"AT\"}", user_json);
	ck_render(d, DIALECT_OP_LOGIN, LOGIN_DATA(SEED_USER), want);
	ck_render(d, DIALECT_OP_REGISTER, "{\"data\": {\"user_id\": 5, "
	    "\"email\": \"johndoe@gmail.com\", \"verification_id\": "
	    "\"aade4420\", \"expires_in\": 300, \"resend_after\": 60}}",
	    "{\"message\":\"Verification code sent to your email\","
	    "\"email\":\"johndoe@gmail.com\",\"timeOut\":300,"
	    "\"verificationId\":\"aade4420\"}");
	ck_render(d, DIALECT_OP_VERIFY_STATUS, "{\"data\": {\"email\": "
	    "\"j@x.io\", \"status\": \"pending\", \"expires_in\": 70}}",
	    "{\"message\":\"Verification code sent to email\","
	    "\"email\":\"j@x.io\",\"timeOut\":70}");
	ck_render(d, DIALECT_OP_VERIFY_STATUS, "{\"data\": {\"email\": "
	    "\"j@x.io\", \"status\": \"verified\", \"expires_in\": 0}}",
	    "{\"message\":\"Email successfuly verified\","
	    "\"email\":\"j@x.io\"}");
	ck_assert_str_eq(dialect_field_canonical(d, "verificationId"),
	    "verification_id");
	ck_assert_str_eq(dialect_field_canonical(d, "fullname"), "full_name");
	dialect_free(d);
}
END_TEST

START_TEST(test_seed003)
{
	struct dialect	*d = seed("seed003");

	ck_assert_str_eq(d->refresh_cookie_path, "/api/v1/auth");
	ck_assert_str_eq(d->routes[1].path, "/api/v1/auth/activate-user");
	ck_assert_int_eq(d->routes[1].op, DIALECT_OP_ACTIVATE);
	ck_render(d, DIALECT_OP_REGISTER, "{\"data\": {\"email\": "
	    "\"a@b.io\", \"verification_id\": \"opaque\"}}",
	    "{\"success\":true,\"message\":\"Please check yout email at "
	    "a@b.io to activate yout account\",\"data\":{\"activation_token\":"
	    "\"opaque\"}}");
	ck_render(d, DIALECT_OP_LOGIN, LOGIN_DATA(SEED_USER),
	    "{\"success\":true,\"message\":\"User succesfully activated. "
	    "Please login then\",\"data\":{\"user\":{\"_id\":\"5\","
	    "\"name\":\"John Doe\",\"email\":\"johndoe@gmail.com\","
	    "\"role\":\"user\",\"isVerified\":\"true\",\"courses\":[],"
	    "\"createdAt\":\"2023-01-01T00:00:00.000Z\","
	    "\"updatedAt\":\"2023-01-01T00:00:00.000Z\",\"__v\":0},"
	    "\"accessToken\":\"AT\"}}");
	ck_render(d, DIALECT_OP_LOGOUT, "{}",
	    "{\"success\":true,\"message\":\"Logged out successfully\","
	    "\"data\":null}");
	dialect_free(d);
}
END_TEST

START_TEST(test_seed004)
{
	struct dialect	*d = seed("seed004");
	char		*s;

	ck_assert_str_eq(d->routes[0].path, "/api/auth/login/");
	ck_assert_str_eq(d->routes[1].path, "/api/auth/register/");
	ck_assert_int_eq(d->fields[0].required, 1);
	ck_render(d, DIALECT_OP_LOGIN, LOGIN_DATA("\"user\": {}"),
	    "{\"status\":\"success\",\"token\":\"AT\"}");
	s = render_text(d, dialect_failure(d, DIALECT_OP_LOGIN,
	    "validation_failed"), "{\"success\": false, \"code\": "
	    "\"validation_failed\", \"message\": \"Some fields are invalid\","
	    " \"errors\": {\"email\": {\"msg\": \"Email format invalid\", "
	    "\"param\": \"email\", \"location\": \"body\", \"value\": "
	    "\"wrong@format\"}, \"password\": {\"msg\": \"Password is "
	    "required\", \"param\": \"password\", \"location\": \"body\"}}}");
	ck_assert_str_eq(s, "{\"status\":\"fail\",\"errors\":{\"email\":"
	    "{\"value\":\"wrong@format\",\"msg\":\"Email format invalid!\","
	    "\"param\":\"email\",\"location\":\"body\"},\"password\":"
	    "{\"msg\":\"Password is required!\",\"param\":\"password\","
	    "\"location\":\"body\"}}}");
	free(s);
	ck_assert_int_eq(dialect_failure(d, DIALECT_OP_LOGIN,
	    "invalid_credentials")->status, 400);
	s = render_text(d, dialect_failure(d, DIALECT_OP_LOGIN,
	    "invalid_credentials"), "{\"message\": \"Invalid login\"}");
	ck_assert_str_eq(s, "{\"status\":\"fail\",\"errors\":{\"main\":"
	    "{\"msg\":\"Invalid email or password\"}}}");
	free(s);
	dialect_free(d);
}
END_TEST

/* The wire's names are the web layer's: operations, methods, codes. */
START_TEST(test_tables)
{
	struct dialect	*d;
	char		 text[256];
	int		 i;

	ck_assert_int_eq(DIALECT_OP__MAX, OP__MAX);
	for (i = 0; i < OP__MAX; i++) {
		ck_assert_str_eq(dialect_op_name((enum dialect_op)i),
		    op_name((enum op)i));
		ck_assert_int_eq(dialect_op_lookup(op_name((enum op)i)), i);
	}
	for (i = 0; i < HTTP__MAX; i++) {
		if (i == HTTP_OPTIONS || i == HTTP_OTHER)
			continue;
		snprintf(text, sizeof(text), "dialect x\nroute %s /a -> "
		    "login\n", http_method_name((enum http_method)i));
		d = parse(text);
		ck_assert_msg(d != NULL, "%s", err);
		ck_assert_int_eq(http_method_parse(d->routes[0].method), i);
		dialect_free(d);
	}
	for (i = 0; i < RC__MAX; i++) {
		if (i == RC_OK)
			continue;
		snprintf(text, sizeof(text), "dialect x\nroute GET /a -> "
		    "login\nerror * %s * {}\n",
		    reply_code_name((enum reply_code)i));
		d = parse(text);
		ck_assert_msg(d != NULL, "%s", err);
		ck_assert_str_eq(d->errors[0].code,
		    reply_code_name((enum reply_code)i));
		dialect_free(d);
	}
}
END_TEST

static Suite *
dialect_suite(void)
{
	Suite	*s = suite_create("dialect");
	TCase	*tc = tcase_create("format");

	tcase_add_test(tc, test_parse_constructs);
	tcase_add_test(tc, test_render_constructs);
	tcase_add_test(tc, test_entry_text);
	tcase_add_test(tc, test_failure);
	LOOP(tc, test_malformed, bad);
	tcase_add_test(tc, test_limits);
	tcase_add_test(tc, test_tables);
	suite_add_tcase(s, tc);
	tc = tcase_create("seeds");
	tcase_add_test(tc, test_seed000);
	tcase_add_test(tc, test_seed001);
	tcase_add_test(tc, test_seed002);
	tcase_add_test(tc, test_seed003);
	tcase_add_test(tc, test_seed004);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_main("check_dialect", dialect_suite, 0);
}
