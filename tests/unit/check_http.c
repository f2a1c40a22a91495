/*
 * Unit tests of common/web/http*.c: requests built from a fake source (a
 * table of CGI parameters and a memory body that can also end early or
 * fail), and the small parsers one by one.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "http.h"
#include "unit.h"

#define ENV_MAX		32

/* A request source: parameters as name/value pairs, a body in memory. */
struct fake {
	const char	*env[ENV_MAX * 2 + 1];	/* NULL-terminated pairs */
	const char	*body;
	size_t		 bodylen;	/* bytes the stream holds */
	size_t		 pos;
	size_t		 chunk;		/* most bytes per read, 0 = all */
	int		 fail;		/* reads answer -1 */
	size_t		 reads;		/* read calls */
	size_t		 eofs;		/* reads that answered 0 */
	char		 clen[32];	/* CONTENT_LENGTH, by fake_post */
};

static const char *
fake_param(void *arg, const char *name)
{
	struct fake	*f = arg;
	size_t		 i;

	for (i = 0; f->env[i] != NULL; i += 2)
		if (strcmp(f->env[i], name) == 0)
			return f->env[i + 1];
	return NULL;
}

static int
fake_read(void *arg, char *buf, size_t len)
{
	struct fake	*f = arg;
	size_t		 n;

	f->reads++;
	if (f->fail)
		return -1;
	n = f->bodylen - f->pos;
	if (n > len)
		n = len;
	if (f->chunk > 0 && n > f->chunk)
		n = f->chunk;
	if (n == 0) {
		/* the body may be NULL when there is none */
		f->eofs++;
		return 0;
	}
	memcpy(buf, f->body + f->pos, n);
	f->pos += n;
	return (int)n;
}

/* Set parameter "name" of "f" to "value" (NULL removes nothing). */
static void
fake_set(struct fake *f, const char *name, const char *value)
{
	size_t	 i;

	for (i = 0; f->env[i] != NULL; i += 2)
		if (strcmp(f->env[i], name) == 0) {
			f->env[i + 1] = value;
			return;
		}
	ck_assert_uint_lt(i, ENV_MAX * 2);
	f->env[i] = name;
	f->env[i + 1] = value;
	f->env[i + 2] = NULL;
}

/* A GET of "/" from 192.0.2.1 with nothing else. */
static void
fake_init(struct fake *f)
{

	memset(f, 0, sizeof(*f));
	fake_set(f, "REQUEST_METHOD", "GET");
	fake_set(f, "REQUEST_URI", "/");
	fake_set(f, "REMOTE_ADDR", "192.0.2.1");
}

/*
 * Make "f" a POST of "/" with the "len" bytes at "body" as "ctype"
 * (NULL: no Content-Type) and Content-Length "clen" (NULL: "len").
 */
static void
fake_post(struct fake *f, const char *ctype, const char *body, size_t len,
    const char *clen)
{

	fake_init(f);
	fake_set(f, "REQUEST_METHOD", "POST");
	if (ctype != NULL)
		fake_set(f, "CONTENT_TYPE", ctype);
	snprintf(f->clen, sizeof(f->clen), "%zu", len);
	fake_set(f, "CONTENT_LENGTH", clen != NULL ? clen : f->clen);
	f->body = body;
	f->bodylen = len;
}

static enum http_status
fake_run(struct fake *f, struct request *req, const struct http_limits *lim)
{
	struct http_source	 src;

	src.param = fake_param;
	src.read = fake_read;
	src.arg = f;
	return http_request_read(req, &src, lim);
}

/* The fields of "req" as compact JSON. */
static const char *
fields_text(const struct request *req)
{

	ck_assert_ptr_nonnull(req->fields);
	return json_object_to_json_string_ext(req->fields,
	    JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
}

/*
 * Bodies.  Each case is sent as POST to /x with the given Content-Type
 * and Content-Length (NULL: the length of the body), once in one read
 * and once a byte at a time.
 */
struct body_case {
	const char	*name;
	const char	*method;	/* NULL: POST */
	const char	*ctype;		/* NULL: no Content-Type */
	const char	*body;
	size_t		 len;		/* 0: strlen(body) */
	const char	*clen;		/* NULL: the body length */
	unsigned	 depth;		/* 0: the default, 16 */
	enum http_status want;
	const char	*fields;	/* fields as compact JSON, or NULL */
};

#define JSON	"application/json"
#define FORM	"application/x-www-form-urlencoded"
#define OK	HTTP_READ_OK
#define BAD	HTTP_READ_MALFORMED
#define MEDIA	HTTP_READ_MEDIA

static const struct body_case body_cases[] = {
	/* JSON that is fine */
	{ "json", NULL, JSON, "{\"email\":\"a@b.c\",\"n\":1,\"t\":true,"
	    "\"z\":null,\"l\":[1,\"x\",{}],\"o\":{\"k\":-1.5e3}}", 0, NULL, 0,
	    OK, "{\"email\":\"a@b.c\",\"n\":1,\"t\":true,\"z\":null,"
	    "\"l\":[1,\"x\",{}],\"o\":{\"k\":-1.5e3}}" },
	{ "json white space", NULL, JSON, " \r\n\t{ \"a\" : 1 } \n", 0, NULL,
	    0, OK, "{\"a\":1}" },
	{ "json empty object", NULL, JSON, "{}", 0, NULL, 0, OK, "{}" },
	{ "json escapes", NULL, JSON, "{\"s\":\"\\\"\\\\\\/\\b\\f\\n\\r\\t"
	    "\\u00e9\\ud83d\\ude00\"}", 0, NULL, 0, OK,
	    "{\"s\":\"\\\"\\\\/\\b\\f\\n\\r\\t\xc3\xa9\xf0\x9f\x98\x80\"}" },
	{ "json raw UTF-8", NULL, JSON, "{\"n\":\"J\xc3\xb6rg \xe2\x82\xac "
	    "\xf0\x9f\x98\x80\"}", 0, NULL, 0, OK,
	    "{\"n\":\"J\xc3\xb6rg \xe2\x82\xac \xf0\x9f\x98\x80\"}" },
	{ "json same key in two objects", NULL, JSON, "{\"a\":{\"a\":1},"
	    "\"b\":{\"a\":2}}", 0, NULL, 0, OK,
	    "{\"a\":{\"a\":1},\"b\":{\"a\":2}}" },
	{ "json numbers", NULL, JSON, "{\"a\":-0,\"b\":1E5,\"c\":0.5e-3,"
	    "\"d\":-12.25E+2,\"e\":[ ],\"f\":{ },\"g\":false}", 0, NULL, 0,
	    OK, NULL },
	{ "json huge integer", NULL, JSON,
	    "{\"a\":123456789012345678901234567890}", 0, NULL, 0, OK, NULL },
	{ "json huge exponent", NULL, JSON, "{\"a\":1e999999,\"b\":-1e-999999}",
	    0, NULL, 0, OK, NULL },
	/* media types */
	{ "json charset", NULL, JSON "; charset=utf-8", "{}", 0, NULL, 0, OK,
	    "{}" },
	{ "json charset quoted upper", NULL, "Application/JSON;Charset=\"UTF-8\"",
	    "{}", 0, NULL, 0, OK, "{}" },
	{ "json other parameter", NULL, JSON "; foo=bar; charset=utf-8 ", "{}",
	    0, NULL, 0, OK, "{}" },
	{ "json latin1", NULL, JSON "; charset=latin1", "{}", 0, NULL, 0,
	    MEDIA, NULL },
	{ "json utf8 without dash", NULL, JSON "; charset=utf8", "{}", 0, NULL,
	    0, MEDIA, NULL },
	{ "json two charsets", NULL, JSON "; charset=utf-8; charset=latin1",
	    "{}", 0, NULL, 0, MEDIA, NULL },
	{ "json unterminated quote", NULL, JSON "; charset=\"utf-8", "{}", 0,
	    NULL, 0, MEDIA, NULL },
	{ "no content type", NULL, NULL, "{}", 0, NULL, 0, MEDIA, NULL },
	{ "empty content type", NULL, "", "{}", 0, NULL, 0, MEDIA, NULL },
	{ "text/plain", NULL, "text/plain", "{}", 0, NULL, 0, MEDIA, NULL },
	{ "multipart", NULL, "multipart/form-data; boundary=x", "{}", 0, NULL,
	    0, MEDIA, NULL },
	{ "json prefix", NULL, "application/jsonx", "{}", 0, NULL, 0, MEDIA,
	    NULL },
	{ "json trailing word", NULL, JSON " x", "{}", 0, NULL, 0, MEDIA,
	    NULL },
	{ "no body no type", NULL, NULL, "", 0, NULL, 0, OK, "{}" },
	{ "no body text/plain", NULL, "text/plain", "", 0, "0", 0, OK, "{}" },
	{ "GET body not read", "GET", "text/plain", "junk", 0, NULL, 0, OK,
	    "{}" },
	{ "HEAD body not read", "HEAD", JSON, "junk", 0, NULL, 0, OK, "{}" },
	{ "OPTIONS body not read", "OPTIONS", JSON, "junk", 0, NULL, 0, OK,
	    "{}" },
	{ "PUT", "PUT", JSON, "{\"a\":1}", 0, NULL, 0, OK, "{\"a\":1}" },
	{ "PATCH", "PATCH", JSON, "{\"a\":1}", 0, NULL, 0, OK, "{\"a\":1}" },
	{ "DELETE", "DELETE", JSON, "{\"password\":\"x\"}", 0, NULL, 0, OK,
	    "{\"password\":\"x\"}" },
	/* Content-Length */
	{ "content length empty", NULL, NULL, "", 0, "", 0, OK, "{}" },
	{ "content length word", NULL, JSON, "{}", 0, "two", 0, BAD, NULL },
	{ "content length negative", NULL, JSON, "{}", 0, "-2", 0, BAD, NULL },
	{ "content length plus", NULL, JSON, "{}", 0, "+2", 0, BAD, NULL },
	{ "content length space", NULL, JSON, "{}", 0, " 2", 0, BAD, NULL },
	{ "content length hex", NULL, JSON, "{}", 0, "0x2", 0, BAD, NULL },
	{ "content length overflow", NULL, JSON, "{}", 0,
	    "999999999999999999999999999999", 0, HTTP_READ_TOO_LARGE, NULL },
	{ "content length too large", NULL, JSON, "{}", 0, "65537", 0,
	    HTTP_READ_TOO_LARGE, NULL },
	{ "content length too large, no type", NULL, NULL, "{}", 0, "65537", 0,
	    HTTP_READ_TOO_LARGE, NULL },
	{ "content length past the body", NULL, JSON, "{\"a\":1}", 0, "100", 0,
	    HTTP_READ_IO, NULL },
	{ "content length short of the body", NULL, JSON, "{\"a\":1}xyz", 0,
	    "7", 0, OK, "{\"a\":1}" },
	/* UTF-8 */
	{ "invalid byte", NULL, JSON, "{\"a\":\"\xff\"}", 0, NULL, 0, BAD,
	    NULL },
	{ "latin1 byte", NULL, JSON, "{\"a\":\"J\xf6rg\"}", 0, NULL, 0, BAD,
	    NULL },
	{ "overlong slash", NULL, JSON, "{\"a\":\"\xc0\xaf\"}", 0, NULL, 0, BAD,
	    NULL },
	{ "overlong 3 bytes", NULL, JSON, "{\"a\":\"\xe0\x80\xaf\"}", 0, NULL,
	    0, BAD, NULL },
	{ "overlong 4 bytes", NULL, JSON, "{\"a\":\"\xf0\x80\x80\xaf\"}", 0,
	    NULL, 0, BAD, NULL },
	{ "overlong quote", NULL, JSON, "{\"a\":\"x\xc0\xa2}", 0, NULL, 0, BAD,
	    NULL },
	{ "surrogate bytes", NULL, JSON, "{\"a\":\"\xed\xa0\x80\"}", 0, NULL, 0,
	    BAD, NULL },
	{ "above U+10FFFF", NULL, JSON, "{\"a\":\"\xf4\x90\x80\x80\"}", 0, NULL,
	    0, BAD, NULL },
	{ "truncated sequence", NULL, JSON, "{\"a\":\"\xe2\x82\"}", 0, NULL, 0,
	    BAD, NULL },
	{ "invalid key", NULL, JSON, "{\"\xff\":1}", 0, NULL, 0, BAD, NULL },
	/* strings */
	{ "\\u0000 in value", NULL, JSON, "{\"a\":\"x\\u0000y\"}", 0, NULL, 0,
	    BAD, NULL },
	{ "\\u0000 alone", NULL, JSON, "{\"a\":\"\\u0000\"}", 0, NULL, 0, BAD,
	    NULL },
	{ "\\u0000 in key", NULL, JSON, "{\"a\\u0000b\":1}", 0, NULL, 0, BAD,
	    NULL },
	{ "raw NUL in string", NULL, JSON, "{\"a\":\"x\0y\"}", 11, NULL, 0, BAD,
	    NULL },
	{ "raw NUL after object", NULL, JSON, "{\"a\":1}\0", 8, NULL, 0, BAD,
	    NULL },
	{ "raw tab in string", NULL, JSON, "{\"a\":\"x\ty\"}", 0, NULL, 0, BAD,
	    NULL },
	{ "raw newline in string", NULL, JSON, "{\"a\":\"x\ny\"}", 0, NULL, 0,
	    BAD, NULL },
	{ "lone high surrogate", NULL, JSON, "{\"a\":\"\\ud800\"}", 0, NULL, 0,
	    BAD, NULL },
	{ "lone low surrogate", NULL, JSON, "{\"a\":\"\\udc00\"}", 0, NULL, 0,
	    BAD, NULL },
	{ "reversed surrogates", NULL, JSON, "{\"a\":\"\\ude00\\ud83d\"}", 0,
	    NULL, 0, BAD, NULL },
	{ "bad escape", NULL, JSON, "{\"a\":\"\\x\"}", 0, NULL, 0, BAD, NULL },
	{ "short \\u", NULL, JSON, "{\"a\":\"\\u12\"}", 0, NULL, 0, BAD, NULL },
	{ "single quotes", NULL, JSON, "{'a':1}", 0, NULL, 0, BAD, NULL },
	/* duplicate keys */
	{ "duplicate key", NULL, JSON, "{\"a\":1,\"a\":2}", 0, NULL, 0, BAD,
	    NULL },
	{ "duplicate key same value", NULL, JSON, "{\"a\":1,\"b\":2,\"a\":1}",
	    0, NULL, 0, BAD, NULL },
	{ "duplicate nested key", NULL, JSON, "{\"x\":{\"a\":1,\"a\":2}}", 0,
	    NULL, 0, BAD, NULL },
	{ "duplicate key in array", NULL, JSON, "{\"l\":[{\"a\":1,\"a\":1}]}",
	    0, NULL, 0, BAD, NULL },
	{ "duplicate escaped key", NULL, JSON, "{\"a\":1,\"\\u0061\":2}", 0,
	    NULL, 0, BAD, NULL },
	{ "duplicate escaped nested", NULL, JSON,
	    "{\"o\":{\"\\/\":1,\"/\":2}}", 0, NULL, 0, BAD, NULL },
	{ "duplicate email", NULL, JSON, "{\"email\":\"victim@x.y\","
	    "\"email\":\"attacker@x.y\"}", 0, NULL, 0, BAD, NULL },
	{ "duplicate hides object", NULL, JSON,
	    "{\"a\":{\"b\":1,\"c\":2},\"a\":{}}", 0, NULL, 0, BAD, NULL },
	{ "duplicate empty objects", NULL, JSON, "{\"a\":{},\"a\":{}}", 0,
	    NULL, 0, BAD, NULL },
	/* nesting, with a cap of 3 */
	{ "depth 3 objects", NULL, JSON, "{\"a\":{\"b\":{\"c\":1}}}", 0, NULL,
	    3, OK, "{\"a\":{\"b\":{\"c\":1}}}" },
	{ "depth 3 arrays", NULL, JSON, "{\"a\":[[1,[]]]}", 0, NULL, 3, BAD,
	    NULL },
	{ "depth 3 arrays ok", NULL, JSON, "{\"a\":[[1,2]]}", 0, NULL, 3, OK,
	    "{\"a\":[[1,2]]}" },
	{ "depth 3 empty", NULL, JSON, "{\"a\":{\"b\":{}}}", 0, NULL, 3, OK,
	    "{\"a\":{\"b\":{}}}" },
	{ "depth 4 of 3", NULL, JSON, "{\"a\":{\"b\":{\"c\":{}}}}", 0, NULL, 3,
	    BAD, NULL },
	{ "depth 1", NULL, JSON, "{\"a\":1,\"b\":\"x\"}", 0, NULL, 1, OK,
	    "{\"a\":1,\"b\":\"x\"}" },
	{ "depth 2 of 1", NULL, JSON, "{\"a\":[]}", 0, NULL, 1, BAD, NULL },
	/* not an object, or not JSON */
	{ "top-level array", NULL, JSON, "[1,2]", 0, NULL, 0, BAD, NULL },
	{ "top-level string", NULL, JSON, "\"x\"", 0, NULL, 0, BAD, NULL },
	{ "top-level number", NULL, JSON, "1", 0, NULL, 0, BAD, NULL },
	{ "top-level null", NULL, JSON, "null", 0, NULL, 0, BAD, NULL },
	{ "white space only", NULL, JSON, "   ", 0, NULL, 0, BAD, NULL },
	{ "trailing garbage", NULL, JSON, "{\"a\":1}x", 0, NULL, 0, BAD, NULL },
	{ "two objects", NULL, JSON, "{\"a\":1}{\"b\":2}", 0, NULL, 0, BAD,
	    NULL },
	{ "trailing comment", NULL, JSON, "{\"a\":1}/*c*/", 0, NULL, 0, BAD,
	    NULL },
	{ "comment inside", NULL, JSON, "{/*\"a\":1,*/\"b\":2}", 0, NULL, 0,
	    BAD, NULL },
	{ "truncated", NULL, JSON, "{\"a\":1", 0, NULL, 0, BAD, NULL },
	{ "truncated string", NULL, JSON, "{\"a\":\"x", 0, NULL, 0, BAD, NULL },
	{ "truncated key", NULL, JSON, "{\"a", 0, NULL, 0, BAD, NULL },
	{ "truncated literal", NULL, JSON, "{\"a\":tru}", 0, NULL, 0, BAD,
	    NULL },
	{ "trailing comma", NULL, JSON, "{\"a\":1,}", 0, NULL, 0, BAD, NULL },
	{ "missing colon", NULL, JSON, "{\"a\" 1}", 0, NULL, 0, BAD, NULL },
	{ "bare key", NULL, JSON, "{a:1}", 0, NULL, 0, BAD, NULL },
	{ "NaN", NULL, JSON, "{\"a\":NaN}", 0, NULL, 0, BAD, NULL },
	{ "Infinity", NULL, JSON, "{\"a\":-Infinity}", 0, NULL, 0, BAD, NULL },
	{ "upper-case literal", NULL, JSON, "{\"a\":TRUE}", 0, NULL, 0, BAD,
	    NULL },
	{ "leading zero", NULL, JSON, "{\"a\":01}", 0, NULL, 0, BAD, NULL },
	{ "bare point", NULL, JSON, "{\"a\":1.}", 0, NULL, 0, BAD, NULL },
	{ "leading point", NULL, JSON, "{\"a\":.5}", 0, NULL, 0, BAD, NULL },
	{ "plus sign", NULL, JSON, "{\"a\":+1}", 0, NULL, 0, BAD, NULL },
	{ "empty exponent", NULL, JSON, "{\"a\":1e}", 0, NULL, 0, BAD, NULL },
	{ "lone minus", NULL, JSON, "{\"a\":-}", 0, NULL, 0, BAD, NULL },
	/* forms */
	{ "form", NULL, FORM, "email=a%40b.c&name=John+Doe&city=K%C3%B6ln",
	    0, NULL, 0, OK, "{\"email\":\"a@b.c\",\"name\":\"John Doe\","
	    "\"city\":\"K\xc3\xb6ln\"}" },
	{ "form charset", NULL, FORM "; charset=UTF-8", "a=1", 0, NULL, 0, OK,
	    "{\"a\":\"1\"}" },
	{ "form latin1", NULL, FORM "; charset=iso-8859-1", "a=1", 0, NULL, 0,
	    MEDIA, NULL },
	{ "form empty value", NULL, FORM, "a=&b", 0, NULL, 0, OK,
	    "{\"a\":\"\",\"b\":\"\"}" },
	{ "form value with =", NULL, FORM, "a=b=c", 0, NULL, 0, OK,
	    "{\"a\":\"b=c\"}" },
	{ "form JSON-looking value", NULL, FORM, "a=%7B%7D", 0, NULL, 0, OK,
	    "{\"a\":\"{}\"}" },
	{ "form empty key", NULL, FORM, "=x", 0, NULL, 0, BAD, NULL },
	{ "form empty pair", NULL, FORM, "a=1&&b=2", 0, NULL, 0, BAD, NULL },
	{ "form trailing &", NULL, FORM, "a=1&", 0, NULL, 0, BAD, NULL },
	{ "form bad escape", NULL, FORM, "a=%zz", 0, NULL, 0, BAD, NULL },
	{ "form short escape", NULL, FORM, "a=%4", 0, NULL, 0, BAD, NULL },
	{ "form %00", NULL, FORM, "a=x%00y", 0, NULL, 0, BAD, NULL },
	{ "form %00 key", NULL, FORM, "a%00b=1", 0, NULL, 0, BAD, NULL },
	{ "form raw NUL", NULL, FORM, "a=x\0y", 5, NULL, 0, BAD, NULL },
	{ "form invalid UTF-8", NULL, FORM, "a=%ff", 0, NULL, 0, BAD, NULL },
	{ "form raw invalid UTF-8", NULL, FORM, "a=\xff", 0, NULL, 0, BAD,
	    NULL },
	{ "form overlong", NULL, FORM, "a=%C0%AF", 0, NULL, 0, BAD, NULL },
	{ "form duplicate", NULL, FORM, "a=1&a=2", 0, NULL, 0, BAD, NULL },
	{ "form duplicate escaped", NULL, FORM, "a=1&%61=2", 0, NULL, 0, BAD,
	    NULL },
	{ "form duplicate email", NULL, FORM, "email=v%40x.y&email=a%40x.y", 0,
	    NULL, 0, BAD, NULL },
};

#define NBODY	NELEM(body_cases)

/* Run body case "i" with reads of at most "chunk" bytes. */
static void
body_run(const struct body_case *c, size_t chunk)
{
	struct fake		 f;
	struct request		 req;
	struct http_limits	 lim;
	enum http_status	 st;

	fake_post(&f, c->ctype, c->body, c->len > 0 ? c->len : strlen(c->body),
	    c->clen);
	if (c->method != NULL)
		fake_set(&f, "REQUEST_METHOD", c->method);
	fake_set(&f, "REQUEST_URI", "/x");
	f.chunk = chunk;
	memset(&lim, 0, sizeof(lim));
	lim.max_body = 65536;
	lim.max_depth = c->depth > 0 ? c->depth : 16;
	st = fake_run(&f, &req, &lim);
	ck_assert_msg(st == c->want, "%s (chunk %zu): status %d, want %d",
	    c->name, chunk, st, c->want);
	if (st == HTTP_READ_OK) {
		ck_assert_ptr_nonnull(req.body);
		ck_assert_uint_eq(strlen(req.body), req.bodylen);
		ck_assert(json_object_is_type(req.fields, json_type_object));
	}
	/* only POST, PUT, PATCH and DELETE read a body */
	if (c->method != NULL && (strcmp(c->method, "GET") == 0 ||
	    strcmp(c->method, "HEAD") == 0 || strcmp(c->method, "OPTIONS") == 0))
		ck_assert_uint_eq(f.reads, 0);
	if (c->fields != NULL)
		ck_assert_msg(strcmp(fields_text(&req), c->fields) == 0,
		    "%s: fields %s, want %s", c->name, fields_text(&req),
		    c->fields);
	/* never a read past the end of the stream's data */
	ck_assert_uint_le(f.eofs, 1);
	http_request_free(&req);
}

START_TEST(test_body)
{

	body_run(&body_cases[_i], 0);
	body_run(&body_cases[_i], 1);
}
END_TEST

/*
 * A body "depth" containers deep: {"a":{"a":...{"z":1}...}} or
 * {"a":[[...[1]...]]}.
 */
static char *
nested(unsigned depth, int arrays)
{
	char		*s;
	unsigned	 i;
	size_t		 o = 0;

	s = malloc((size_t)depth * 6 + 16);
	ck_assert_ptr_nonnull(s);
	s[o++] = '{';
	if (arrays) {
		memcpy(s + o, "\"a\":", 4), o += 4;
		memset(s + o, '[', depth - 1), o += depth - 1;
		s[o++] = '1';
		memset(s + o, ']', depth - 1), o += depth - 1;
	} else {
		for (i = 1; i < depth; i++)
			memcpy(s + o, "\"a\":{", 5), o += 5;
		memcpy(s + o, "\"z\":1", 5), o += 5;
		memset(s + o, '}', depth - 1), o += depth - 1;
	}
	s[o++] = '}';
	s[o] = '\0';
	return s;
}

static enum http_status
post_json(const char *body, const struct http_limits *lim, struct request *req)
{
	struct fake	 f;

	fake_post(&f, JSON, body, strlen(body), NULL);
	return fake_run(&f, req, lim);
}

/* Nesting exactly at the cap and one past it, the default and others. */
START_TEST(test_depth_cap)
{
	static const unsigned	 caps[] = { 0, 1, 2, 16, 32 };
	struct http_limits	 lim;
	struct request		 req;
	unsigned		 cap, d;
	int			 arrays;
	char			*s;
	size_t			 i;

	memset(&lim, 0, sizeof(lim));
	for (i = 0; i < NELEM(caps); i++)
	for (arrays = 0; arrays < 2; arrays++)
	for (d = 1; d <= 34; d++) {
		lim.max_depth = caps[i];
		cap = caps[i] == 0 ? 16 : caps[i];
		s = nested(d, arrays);
		ck_assert_msg(post_json(s, &lim, &req) ==
		    (d <= cap ? HTTP_READ_OK : HTTP_READ_MALFORMED),
		    "cap %u depth %u: %s", caps[i], d, s);
		http_request_free(&req);
		free(s);
	}
}
END_TEST

/*
 * A body of "n" members: JSON {"k0":0,...}, the same with the members
 * split between the top object and a nested one, or a form k0=&...
 */
static char *
members(size_t n, int kind)
{
	char	*s;
	size_t	 i, o = 0;

	s = malloc(n * 12 + 16);
	ck_assert_ptr_nonnull(s);
	if (kind != 2)
		s[o++] = '{';
	for (i = 0; i < n; i++) {
		if (i > 0)
			s[o++] = kind == 2 ? '&' : ',';
		if (kind == 1 && i == n / 2)
			o += (size_t)sprintf(s + o, "\"n\":{");
		o += (size_t)sprintf(s + o, kind == 2 ? "k%zu=" : "\"k%zu\":0",
		    i);
	}
	if (kind == 1 && n > 0)
		s[o++] = '}';
	if (kind != 2)
		s[o++] = '}';
	s[o] = '\0';
	return s;
}

/*
 * Finding 7: at most HTTP_FIELDS_MAX members in all, JSON (flat and
 * nested: the nested object's own key counts too) and form alike.
 */
START_TEST(test_fields_cap)
{
	struct fake		 f;
	struct request		 req;
	char			*s;
	size_t			 n, want_ok;
	int			 kind;

	for (kind = 0; kind < 3; kind++)
	for (n = HTTP_FIELDS_MAX - 2; n <= HTTP_FIELDS_MAX + 2; n++) {
		s = members(n, kind);
		fake_post(&f, kind == 2 ? FORM : JSON, s, strlen(s), NULL);
		want_ok = kind == 1 ? HTTP_FIELDS_MAX - 1 : HTTP_FIELDS_MAX;
		ck_assert_msg(fake_run(&f, &req, NULL) == (n <= want_ok ?
		    HTTP_READ_OK : HTTP_READ_FIELDS), "kind %d, %zu members",
		    kind, n);
		http_request_free(&req);
		free(s);
	}
}
END_TEST

/* A deep bomb far past the cap must be refused without recursing. */
START_TEST(test_depth_bomb)
{
	struct http_limits	 lim;
	struct request		 req;
	char			*s;
	size_t			 n = 60000;

	s = malloc(n * 2 + 3);
	ck_assert_ptr_nonnull(s);
	s[0] = '{';
	memset(s + 1, '[', n);
	memset(s + 1 + n, ']', n);
	s[1 + 2 * n] = '}';
	s[2 + 2 * n] = '\0';
	memset(&lim, 0, sizeof(lim));
	lim.max_body = 200000;
	lim.max_depth = 100000;		/* capped inside */
	ck_assert_int_eq(post_json(s, &lim, &req), HTTP_READ_MALFORMED);
	http_request_free(&req);
	free(s);
}
END_TEST

START_TEST(test_too_large_unread)
{
	struct fake		 f;
	struct request		 req;
	struct http_limits	 lim;
	char			 body[100];

	memset(body, 'x', sizeof(body));
	fake_post(&f, JSON, body, sizeof(body), "100");
	memset(&lim, 0, sizeof(lim));
	lim.max_body = 64;
	ck_assert_int_eq(fake_run(&f, &req, &lim), HTTP_READ_TOO_LARGE);
	ck_assert_uint_eq(f.reads, 0);
	/* the headers are there for the error reply */
	ck_assert_str_eq(req.content_type, JSON);
	ck_assert_str_eq(req.addr, "192.0.2.1");
	http_request_free(&req);
	fake_set(&f, "CONTENT_LENGTH", "64");
	f.reads = 0;
	ck_assert_int_eq(fake_run(&f, &req, &lim), HTTP_READ_MALFORMED);
	ck_assert_uint_eq(f.reads, 1);
	http_request_free(&req);
}
END_TEST

/* Content-Length past the data: the stream's EOF ends the read at once. */
START_TEST(test_short_stream)
{
	struct fake	 f;
	struct request	 req;

	fake_post(&f, JSON, "{\"a\":1}", 7, "65536");
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_IO);
	ck_assert_uint_eq(f.reads, 2);
	ck_assert_uint_eq(f.eofs, 1);
	http_request_free(&req);
	/* nothing at all */
	f.bodylen = 0;
	f.pos = 0;
	f.reads = f.eofs = 0;
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_IO);
	ck_assert_uint_eq(f.reads, 1);
	http_request_free(&req);
}
END_TEST

/*
 * An authorizer judges a request whose body it never gets: a POST's
 * CONTENT_LENGTH must not make it wait for one, and the server's
 * FCAUTH_REQUIRE_ROLE is kept.
 */
START_TEST(test_authorizer_no_body)
{
	struct fake	 f;
	struct request	 req;

	fake_post(&f, JSON, NULL, 0, "100");
	fake_set(&f, "FCGI_ROLE", "AUTHORIZER");
	fake_set(&f, "FCAUTH_REQUIRE_ROLE", "admin, editor");
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_OK);
	ck_assert_uint_eq(f.reads, 0);
	ck_assert_str_eq(req.body, "");
	ck_assert_str_eq(fields_text(&req), "{}");
	ck_assert_str_eq(req.require_role, "admin, editor");
	http_request_free(&req);
	/* a responder does read it, and finds it short */
	fake_set(&f, "FCGI_ROLE", "RESPONDER");
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_IO);
	http_request_free(&req);
}
END_TEST

START_TEST(test_read_error)
{
	struct fake		 f;
	struct request		 req;
	struct http_source	 src;

	fake_post(&f, JSON, "{}", 2, NULL);
	f.fail = 1;
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_IO);
	http_request_free(&req);
	/* a source that cannot read */
	src.param = fake_param;
	src.read = NULL;
	src.arg = &f;
	ck_assert_int_eq(http_request_read(&req, &src, NULL), HTTP_READ_IO);
	http_request_free(&req);
}
END_TEST

START_TEST(test_headers)
{
	struct fake	 f;
	struct request	 req, again;
	size_t		 i;

	fake_init(&f);
	fake_set(&f, "REQUEST_METHOD", "PATCH");
	fake_set(&f, "REQUEST_URI", "/api/v1/profile?x=1&y=2");
	fake_set(&f, "QUERY_STRING", "x=1&y=2");
	fake_set(&f, "CONTENT_TYPE", JSON);
	fake_set(&f, "HTTP_AUTHORIZATION", "Bearer abc.def.ghi");
	fake_set(&f, "HTTP_COOKIE", "rt=xyz; theme=dark");
	fake_set(&f, "HTTP_USER_AGENT", "curl/8.0");
	fake_set(&f, "HTTP_ACCEPT", "application/json");
	fake_set(&f, "HTTP_ORIGIN", "https://app.example");
	fake_set(&f, "FCGI_ROLE", "AUTHORIZER");
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_OK);
	ck_assert_int_eq(req.method, HTTP_PATCH);
	ck_assert_str_eq(req.method_name, "PATCH");
	ck_assert_str_eq(req.path, "/api/v1/profile");
	ck_assert_str_eq(req.query, "x=1&y=2");
	ck_assert_str_eq(req.content_type, JSON);
	ck_assert_str_eq(req.authorization, "Bearer abc.def.ghi");
	ck_assert_str_eq(req.cookies, "rt=xyz; theme=dark");
	ck_assert_str_eq(req.user_agent, "curl/8.0");
	ck_assert_str_eq(req.accept, "application/json");
	ck_assert_str_eq(req.origin, "https://app.example");
	ck_assert_str_eq(req.fcgi_role, "AUTHORIZER");
	ck_assert_str_eq(req.addr, "192.0.2.1");
	ck_assert_str_eq(req.body, "");
	ck_assert_uint_eq(req.bodylen, 0);
	ck_assert_str_eq(fields_text(&req), "{}");
	/* copies, not pointers into the source */
	ck_assert_ptr_ne(req.path, fake_param(&f, "REQUEST_URI"));
	ck_assert_ptr_ne(req.query, fake_param(&f, "QUERY_STRING"));
	ck_assert_ptr_ne(req.cookies, fake_param(&f, "HTTP_COOKIE"));
	/* request id: 16 lower-case hex digits, new every time */
	ck_assert_uint_eq(strlen(req.reqid), 16);
	for (i = 0; i < 16; i++)
		ck_assert(strchr("0123456789abcdef", req.reqid[i]) != NULL);
	ck_assert_int_eq(fake_run(&f, &again, NULL), HTTP_READ_OK);
	ck_assert_str_ne(req.reqid, again.reqid);
	http_request_free(&again);
	http_request_free(&req);
}
END_TEST

START_TEST(test_headers_absent)
{
	struct fake	 f;
	struct request	 req;

	memset(&f, 0, sizeof(f));
	f.env[0] = NULL;
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_OK);
	ck_assert_int_eq(req.method, HTTP_OTHER);
	ck_assert_str_eq(req.method_name, "");
	ck_assert_str_eq(req.path, "");
	ck_assert_str_eq(req.query, "");
	ck_assert_str_eq(req.content_type, "");
	ck_assert_str_eq(req.authorization, "");
	ck_assert_str_eq(req.cookies, "");
	ck_assert_str_eq(req.user_agent, "");
	ck_assert_str_eq(req.accept, "");
	ck_assert_str_eq(req.origin, "");
	ck_assert_str_eq(req.fcgi_role, "RESPONDER");
	ck_assert_str_eq(req.addr, "");
	ck_assert_ptr_nonnull(req.fields);
	http_request_free(&req);
}
END_TEST

/* The free leaves a reusable, zeroed struct; free of zeros is fine. */
START_TEST(test_free)
{
	struct fake	 f;
	struct request	 req, zero;

	memset(&req, 0, sizeof(req));
	memset(&zero, 0, sizeof(zero));
	http_request_free(&req);
	http_request_free(NULL);
	fake_init(&f);
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_OK);
	http_request_free(&req);
	ck_assert(memcmp(&req, &zero, sizeof(req)) == 0);
	http_request_free(&req);
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_OK);
	http_request_free(&req);
}
END_TEST

/* Path decoding. */
struct path_case {
	const char	*uri;
	enum http_status want;
	const char	*path;
};

static const struct path_case path_cases[] = {
	{ "/api/v1/auth/login", OK, "/api/v1/auth/login" },
	{ "/api/v1/x?y=1&z=%00", OK, "/api/v1/x" },
	{ "/a%20b", OK, "/a b" },
	{ "/a+b", OK, "/a+b" },
	{ "/%2e%2e/etc/passwd", OK, "/../etc/passwd" },
	{ "/a%2Fb", OK, "/a/b" },
	{ "/%C3%A9t%C3%A9", OK, "/\xc3\xa9t\xc3\xa9" },
	{ "/\xc3\xa9", OK, "/\xc3\xa9" },
	{ "/a%00b", BAD, NULL },
	{ "/a%zz", BAD, NULL },
	{ "/a%2", BAD, NULL },
	{ "/a%", BAD, NULL },
	{ "/%C3", BAD, NULL },
	{ "/%C0%AF", BAD, NULL },
	{ "/%ED%A0%80", BAD, NULL },
	{ "/%F4%90%80%80", BAD, NULL },
	{ "/\xff", BAD, NULL },
	{ "/a%0Ab", BAD, NULL },
	{ "/a%0d%0aSet-Cookie:x", BAD, NULL },
	{ "/a\tb", BAD, NULL },
	{ "/a%7F", BAD, NULL },
	{ "/a%C2%85", BAD, NULL },
	{ "", OK, "" },
};

START_TEST(test_path)
{
	const struct path_case	*c = &path_cases[_i];
	struct fake		 f;
	struct request		 req;
	enum http_status	 st;

	fake_init(&f);
	fake_set(&f, "REQUEST_URI", c->uri);
	st = fake_run(&f, &req, NULL);
	ck_assert_msg(st == c->want, "%s: %d, want %d", c->uri, st, c->want);
	if (c->path != NULL)
		ck_assert_str_eq(req.path, c->path);
	http_request_free(&req);
}
END_TEST

START_TEST(test_path_fallback)
{
	struct fake	 f;
	struct request	 req;

	memset(&f, 0, sizeof(f));
	fake_set(&f, "REQUEST_METHOD", "GET");
	fake_set(&f, "SCRIPT_NAME", "/api/v1/auth");
	fake_set(&f, "PATH_INFO", "/verify/a%41");
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_OK);
	/* already decoded by the server: not decoded twice */
	ck_assert_str_eq(req.path, "/api/v1/auth/verify/a%41");
	http_request_free(&req);
	fake_set(&f, "PATH_INFO", "/x\n");
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_MALFORMED);
	http_request_free(&req);
	fake_set(&f, "PATH_INFO", NULL);
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_OK);
	ck_assert_str_eq(req.path, "/api/v1/auth");
	http_request_free(&req);
}
END_TEST

/* Headers over the cap. */
START_TEST(test_header_cap)
{
	struct fake		 f;
	struct request		 req;
	struct http_limits	 lim;
	char			*big;

	big = malloc(8194);
	ck_assert_ptr_nonnull(big);
	memset(big, 'a', 8193);
	big[8193] = '\0';
	fake_init(&f);
	fake_set(&f, "HTTP_ACCEPT", big);
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_HEADER);
	ck_assert_str_eq(req.accept, "");
	ck_assert_str_eq(req.addr, "192.0.2.1");
	ck_assert_uint_eq(strlen(req.reqid), 16);
	http_request_free(&req);
	big[8192] = '\0';
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_OK);
	ck_assert_uint_eq(strlen(req.accept), 8192);
	http_request_free(&req);
	/* a smaller cap, on each kind of header */
	memset(&lim, 0, sizeof(lim));
	lim.max_header = 100;
	big[101] = '\0';
	fake_init(&f);
	fake_set(&f, "HTTP_AUTHORIZATION", big);
	fake_set(&f, "HTTP_ACCEPT", "text/html");
	ck_assert_int_eq(fake_run(&f, &req, &lim), HTTP_READ_HEADER);
	ck_assert_str_eq(req.accept, "text/html");
	ck_assert_str_eq(req.authorization, "");
	http_request_free(&req);
	fake_init(&f);
	fake_set(&f, "HTTP_COOKIE", big);
	ck_assert_int_eq(fake_run(&f, &req, &lim), HTTP_READ_HEADER);
	http_request_free(&req);
	fake_init(&f);
	fake_set(&f, "REQUEST_URI", big);
	ck_assert_int_eq(fake_run(&f, &req, &lim), HTTP_READ_HEADER);
	http_request_free(&req);
	fake_init(&f);
	fake_set(&f, "HTTP_X_FORWARDED_FOR", big);
	ck_assert_int_eq(fake_run(&f, &req, &lim), HTTP_READ_HEADER);
	ck_assert_str_eq(req.addr, "192.0.2.1");
	http_request_free(&req);
	/* the User-Agent is cut instead */
	fake_init(&f);
	fake_set(&f, "HTTP_USER_AGENT", big);
	ck_assert_int_eq(fake_run(&f, &req, &lim), HTTP_READ_OK);
	ck_assert_uint_eq(strlen(req.user_agent), 101);
	http_request_free(&req);
	free(big);
}
END_TEST

START_TEST(test_user_agent)
{
	struct fake	 f;
	struct request	 req;
	char		 ua[600];

	fake_init(&f);
	memset(ua, 'u', sizeof(ua));
	ua[sizeof(ua) - 1] = '\0';
	fake_set(&f, "HTTP_USER_AGENT", ua);
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_OK);
	ck_assert_uint_eq(strlen(req.user_agent), 255);
	http_request_free(&req);
	/* a three-byte character across byte 255 is left out whole */
	memset(ua, 'u', 253);
	strcpy(ua + 253, "\xe2\x82\xac" "tail");
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_OK);
	ck_assert_uint_eq(strlen(req.user_agent), 253);
	ck_assert(utf8_valid(req.user_agent, strlen(req.user_agent)));
	http_request_free(&req);
	/* control characters and bad bytes become '?' */
	fake_set(&f, "HTTP_USER_AGENT", "a\nb\xff" "c\xc2\x85" "d\xc3\xa9");
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_OK);
	ck_assert_str_eq(req.user_agent, "a?b?c?d\xc3\xa9");
	http_request_free(&req);
}
END_TEST

/* Query parameters. */
struct query_case {
	const char	*query;
	const char	*name;
	int		 rc;
	const char	*value;
};

static const struct query_case query_cases[] = {
	{ "id=42", "id", 1, "42" },
	{ "limit=10&before=2023-01-01T00%3A00%3A00Z", "before", 1,
	    "2023-01-01T00:00:00Z" },
	{ "a=1&a=2", "a", 1, "1" },
	{ "q=hello+world", "q", 1, "hello world" },
	{ "q=a%2Bb", "q", 1, "a+b" },
	{ "flag", "flag", 1, "" },
	{ "flag=", "flag", 1, "" },
	{ "x=1&&y=2", "y", 1, "2" },
	{ "na%6De=v", "name", 1, "v" },
	{ "id=42", "ID", 0, NULL },
	{ "ids=42", "id", 0, NULL },
	{ "", "id", 0, NULL },
	{ "id=%zz", "id", -1, NULL },
	{ "id=%00", "id", -1, NULL },
	{ "id=%ff", "id", -1, NULL },
	{ "x=%zz&id=1", "id", 1, "1" },
	{ "%zz=1&id=1", "id", -1, NULL },
};

/*
 * Look case "c" up with "get" in a request whose query string (or, with
 * "cookies", whose Cookie header) is the case's text.
 */
static void
lookup_run(const struct query_case *c, int cookies,
    int (*get)(const struct request *, const char *, char **))
{
	struct request		 req;
	char			*v = (char *)1;
	int			 rc;

	memset(&req, 0, sizeof(req));
	if (cookies)
		req.cookies = (char *)c->query;
	else
		req.query = (char *)c->query;
	rc = get(&req, c->name, &v);
	ck_assert_msg(rc == c->rc, "%s: %d, want %d", c->query, rc, c->rc);
	if (c->value != NULL)
		ck_assert_str_eq(v, c->value);
	else
		ck_assert_ptr_null(v);
	free(v);
}

START_TEST(test_query)
{

	lookup_run(&query_cases[_i], 0, http_query_get);
}
END_TEST

/* Cookies. */
static const struct query_case cookie_cases[] = {
	{ "rt=abc", "rt", 1, "abc" },
	{ "a=1; rt=abc; b=2", "rt", 1, "abc" },
	{ "a=1;rt=abc", "rt", 1, "abc" },
	{ "rt=\"abc\"", "rt", 1, "abc" },
	{ "rt=\"\"", "rt", 1, "" },
	{ "rt=", "rt", 1, "" },
	{ "rt=first; rt=second", "rt", 1, "first" },
	{ "xrt=1; rtx=2; rt=3", "rt", 1, "3" },
	{ "RT=1", "rt", 0, NULL },
	{ "rt", "rt", 0, NULL },
	{ "", "rt", 0, NULL },
	{ "a=1; b=2", "rt", 0, NULL },
	{ "rt=\"abc", "rt", -1, NULL },
	{ "rt=\"", "rt", -1, NULL },
	{ "rt=a=b", "rt", 1, "a=b" },
};

START_TEST(test_cookie)
{

	lookup_run(&cookie_cases[_i], 1, http_cookie_get);
}
END_TEST

START_TEST(test_query_cookie_absent)
{
	struct request	 req;
	char		*v = (char *)1;

	memset(&req, 0, sizeof(req));
	ck_assert_int_eq(http_query_get(&req, "a", &v), 0);
	ck_assert_ptr_null(v);
	v = (char *)1;
	ck_assert_int_eq(http_cookie_get(&req, "a", &v), 0);
	ck_assert_ptr_null(v);
	ck_assert_ptr_null(http_bearer(&req));
	ck_assert_int_eq(http_wants_html(&req), 0);
}
END_TEST

/* Bearer tokens. */
struct str_case {
	const char	*in;
	const char	*want;
};

static const struct str_case bearer_cases[] = {
	{ "Bearer abc.def.ghi", "abc.def.ghi" },
	{ "bearer abc", "abc" },
	{ "BEARER abc", "abc" },
	{ "Bearer    abc", "abc" },
	{ "Bearer a-b_c~d+e/f==", "a-b_c~d+e/f==" },
	{ "Bearer ", NULL },
	{ "Bearer", NULL },
	{ "Bearer  ", NULL },
	{ "Bearerabc", NULL },
	{ "Bearer\tabc", NULL },
	{ "Bearer abc def", NULL },
	{ "Bearer abc ", NULL },
	{ "Bearer ab=c", NULL },
	{ "Bearer =abc", NULL },
	{ "Bearer abc,def", NULL },
	{ "Basic dXNlcjpwYXNz", NULL },
	{ " Bearer abc", NULL },
	{ "", NULL },
};

START_TEST(test_bearer)
{
	const struct str_case	*c = &bearer_cases[_i];
	struct request		 req;
	const char		*t;

	memset(&req, 0, sizeof(req));
	req.authorization = (char *)c->in;
	t = http_bearer(&req);
	if (c->want == NULL)
		ck_assert_msg(t == NULL, "\"%s\" gave \"%s\"", c->in, t);
	else
		ck_assert_str_eq(t, c->want);
}
END_TEST

/* Client addresses. */
struct addr_case {
	const char	*remote;
	const char	*xff;
	const char	*trusted;
	const char	*want;
};

static const struct addr_case addr_cases[] = {
	{ "192.0.2.1", NULL, NULL, "192.0.2.1" },
	{ "192.0.2.1", "203.0.113.9", NULL, "192.0.2.1" },
	{ "192.0.2.1", "203.0.113.9", "", "192.0.2.1" },
	/* spoofed XFF from a client that is not a proxy */
	{ "192.0.2.1", "127.0.0.1", "10.0.0.1", "192.0.2.1" },
	/* one trusted proxy */
	{ "10.0.0.1", "203.0.113.9", "10.0.0.1", "203.0.113.9" },
	{ "10.0.0.1", " 203.0.113.9 ", "10.0.0.1", "203.0.113.9" },
	{ "10.0.0.1", NULL, "10.0.0.1", "10.0.0.1" },
	{ "10.0.0.1", "", "10.0.0.1", "10.0.0.1" },
	/* the client put a spoofed entry first: the proxy's one wins */
	{ "10.0.0.1", "1.1.1.1, 203.0.113.9", "10.0.0.1", "203.0.113.9" },
	{ "10.0.0.1", "1.1.1.1,203.0.113.9", "10.0.0.1", "203.0.113.9" },
	/* two proxies, the list with spaces */
	{ "10.0.0.1", "1.1.1.1, 203.0.113.9, 10.0.0.2",
	    "10.0.0.1, 10.0.0.2", "203.0.113.9" },
	{ "10.0.0.2", "203.0.113.9, 10.0.0.1", " 10.0.0.1 ,10.0.0.2",
	    "203.0.113.9" },
	/* only proxies */
	{ "10.0.0.1", "10.0.0.2", "10.0.0.1,10.0.0.2", "10.0.0.1" },
	/* a trusted prefix is not a match */
	{ "10.0.0.10", "203.0.113.9", "10.0.0.1", "10.0.0.10" },
	{ "10.0.0.1", "203.0.113.9", "10.0.0.10", "10.0.0.1" },
	/* IPv6 */
	{ "::1", "2001:db8::7", "::1", "2001:db8::7" },
	{ "10.0.0.1", "2001:DB8::7", "10.0.0.1", "2001:DB8::7" },
	/* junk entries fall back to REMOTE_ADDR */
	{ "10.0.0.1", "evil.example", "10.0.0.1", "10.0.0.1" },
	{ "10.0.0.1", "1.2.3.4; drop table", "10.0.0.1", "10.0.0.1" },
	{ "10.0.0.1", "203.0.113.9,", "10.0.0.1", "10.0.0.1" },
	{ "10.0.0.1", "203.0.113.9, , 10.0.0.2", "10.0.0.1,10.0.0.2",
	    "10.0.0.1" },
	{ "10.0.0.1", "999.1.1.1", "10.0.0.1", "10.0.0.1" },
	{ "10.0.0.1", "1.2.3.4:80", "10.0.0.1", "10.0.0.1" },
	{ "10.0.0.1", "1.2.3.4\n", "10.0.0.1", "10.0.0.1" },
	{ NULL, "203.0.113.9", "10.0.0.1", "" },
	{ NULL, NULL, NULL, "" },
};

START_TEST(test_client_addr)
{
	const struct addr_case	*c = &addr_cases[_i];
	char			 out[64];

	memset(out, 'x', sizeof(out));
	http_client_addr(c->remote, c->xff, c->trusted, out, sizeof(out));
	ck_assert_msg(strcmp(out, c->want) == 0, "%s / %s / %s: %s, want %s",
	    c->remote, c->xff, c->trusted, out, c->want);
}
END_TEST

START_TEST(test_client_addr_request)
{
	struct fake		 f;
	struct request		 req;
	struct http_limits	 lim;
	char			 small[4];

	fake_init(&f);
	fake_set(&f, "REMOTE_ADDR", "10.0.0.1");
	fake_set(&f, "HTTP_X_FORWARDED_FOR", "1.1.1.1, 203.0.113.9");
	memset(&lim, 0, sizeof(lim));
	lim.trusted_proxies = "10.0.0.1";
	ck_assert_int_eq(fake_run(&f, &req, &lim), HTTP_READ_OK);
	ck_assert_str_eq(req.addr, "203.0.113.9");
	http_request_free(&req);
	lim.trusted_proxies = NULL;
	ck_assert_int_eq(fake_run(&f, &req, &lim), HTTP_READ_OK);
	ck_assert_str_eq(req.addr, "10.0.0.1");
	http_request_free(&req);
	/* a small buffer is never overrun */
	http_client_addr("10.0.0.1", NULL, NULL, small, sizeof(small));
	ck_assert_str_eq(small, "10.");
	http_client_addr("10.0.0.1", "203.0.113.9", "10.0.0.1", small,
	    sizeof(small));
	ck_assert_str_eq(small, "10.");
}
END_TEST

/* Accept. */
static const struct str_case html_cases[] = {
	{ "text/html", "1" },
	{ "text/html,application/xhtml+xml,*/*;q=0.8", "1" },
	{ "TEXT/HTML", "1" },
	{ "text/html, application/json", "1" },
	{ "application/json, text/html", "0" },
	{ "application/json", "0" },
	{ "*/*", "0" },
	{ "", "0" },
};

START_TEST(test_wants_html)
{
	const struct str_case	*c = &html_cases[_i];
	struct request		 req;

	memset(&req, 0, sizeof(req));
	req.accept = (char *)c->in;
	ck_assert_int_eq(http_wants_html(&req), c->want[0] - '0');
}
END_TEST

/* Percent-decoding. */
struct unescape_case {
	const char	*in;
	int		 plus;
	const char	*want;
};

static const struct unescape_case unescape_cases[] = {
	{ "abc", 0, "abc" },
	{ "", 0, "" },
	{ "a%20b", 0, "a b" },
	{ "a+b", 0, "a+b" },
	{ "a+b", 1, "a b" },
	{ "%2B", 1, "+" },
	{ "%e2%82%ac", 0, "\xe2\x82\xac" },
	{ "%E2%82%AC", 0, "\xe2\x82\xac" },
	{ "%", 0, NULL },
	{ "%2", 0, NULL },
	{ "%zz", 0, NULL },
	{ "%2g", 0, NULL },
	{ "%00", 0, NULL },
	{ "a%00", 1, NULL },
	{ "%ff", 0, NULL },
	{ "%C0%80", 0, NULL },
	{ "%e2%82", 0, NULL },
	{ "%ED%BF%BF", 0, NULL },
	{ "%F4%8F%BF%BF", 0, "\xf4\x8f\xbf\xbf" },
	{ "%F4%90%80%80", 0, NULL },
	{ "%-1", 0, NULL },
	{ "% 1", 0, NULL },
};

START_TEST(test_unescape)
{
	const struct unescape_case	*c = &unescape_cases[_i];
	char				*s;

	s = http_unescape(c->in, strlen(c->in), c->plus);
	if (c->want == NULL)
		ck_assert_msg(s == NULL, "%s decoded", c->in);
	else {
		ck_assert_ptr_nonnull(s);
		ck_assert_str_eq(s, c->want);
	}
	free(s);
}
END_TEST

START_TEST(test_unescape_len)
{
	char	*s;

	/* only "len" bytes are looked at */
	s = http_unescape("a%41%zz", 6, 0);
	ck_assert_ptr_null(s);
	s = http_unescape("a%41%zz", 4, 0);
	ck_assert_str_eq(s, "aA");
	free(s);
	s = http_unescape("a%4", 1, 0);
	ck_assert_str_eq(s, "a");
	free(s);
	ck_assert_ptr_null(http_unescape(NULL, 0, 0));
}
END_TEST

/* UTF-8 validation. */
struct utf8_case {
	const char	*s;
	size_t		 len;	/* 0: strlen */
	int		 want;
};

static const struct utf8_case utf8_cases[] = {
	{ "", 0, 1 },
	{ "plain ascii", 0, 1 },
	{ "\x7f", 0, 1 },
	{ "\xc2\x80", 0, 1 },
	{ "\xdf\xbf", 0, 1 },
	{ "\xe0\xa0\x80", 0, 1 },
	{ "\xef\xbf\xbf", 0, 1 },
	{ "\xed\x9f\xbf", 0, 1 },		/* U+D7FF */
	{ "\xee\x80\x80", 0, 1 },		/* U+E000 */
	{ "\xf0\x90\x80\x80", 0, 1 },
	{ "\xf4\x8f\xbf\xbf", 0, 1 },		/* U+10FFFF */
	{ "a\0b", 3, 1 },			/* NUL is UTF-8 */
	{ "\x80", 0, 0 },
	{ "\xbf", 0, 0 },
	{ "\xc0\x80", 0, 0 },			/* overlong NUL */
	{ "\xc1\xbf", 0, 0 },
	{ "\xe0\x9f\xbf", 0, 0 },		/* overlong */
	{ "\xf0\x8f\xbf\xbf", 0, 0 },		/* overlong */
	{ "\xed\xa0\x80", 0, 0 },		/* U+D800 */
	{ "\xed\xbf\xbf", 0, 0 },		/* U+DFFF */
	{ "\xf4\x90\x80\x80", 0, 0 },		/* U+110000 */
	{ "\xf5\x80\x80\x80", 0, 0 },
	{ "\xf8\x88\x80\x80\x80", 0, 0 },
	{ "\xfe", 0, 0 },
	{ "\xff", 0, 0 },
	{ "\xc2", 0, 0 },			/* truncated */
	{ "\xe2\x82", 0, 0 },
	{ "\xf0\x9f\x98", 0, 0 },
	{ "\xe2\x82\xac", 2, 0 },		/* cut by len */
	{ "\xc2\x41", 0, 0 },			/* bad continuation */
	{ "\xe2\x28\xa1", 0, 0 },
};

START_TEST(test_utf8)
{
	const struct utf8_case	*c = &utf8_cases[_i];
	size_t			 len = c->len > 0 ? c->len : strlen(c->s);

	ck_assert_msg(utf8_valid(c->s, len) == c->want, "case %d", _i);
}
END_TEST

START_TEST(test_methods)
{
	static const char *const names[] = {
		"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"
	};
	int	 m;

	for (m = 0; m < HTTP_OTHER; m++) {
		ck_assert_int_eq(http_method_parse(names[m]), m);
		ck_assert_str_eq(http_method_name((enum http_method)m),
		    names[m]);
	}
	ck_assert_int_eq(http_method_parse("get"), HTTP_OTHER);
	ck_assert_int_eq(http_method_parse("TRACE"), HTTP_OTHER);
	ck_assert_int_eq(http_method_parse("GETX"), HTTP_OTHER);
	ck_assert_int_eq(http_method_parse(""), HTTP_OTHER);
	ck_assert_int_eq(http_method_parse(NULL), HTTP_OTHER);
	ck_assert_ptr_nonnull(http_method_name(HTTP_OTHER));
	ck_assert_ptr_nonnull(http_method_name(HTTP__MAX));
}
END_TEST

START_TEST(test_method_request)
{
	struct fake	 f;
	struct request	 req;

	fake_init(&f);
	fake_set(&f, "REQUEST_METHOD", "BREW");
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_OK);
	ck_assert_int_eq(req.method, HTTP_OTHER);
	ck_assert_str_eq(req.method_name, "BREW");
	http_request_free(&req);
}
END_TEST

/*
 * A body-less POST sent without Content-Length (curl -X POST) is a
 * request with no body, whoever asks: straight from a server that
 * passes it on (Apache, nginx), or again through lighttpd's
 * server.error-handler, which refuses it with 411 first and then asks
 * the handler with REDIRECT_STATUS 411, the method turned into GET and
 * the original REQUEST_URI: the POST it refused.
 */
START_TEST(test_post_no_length)
{
	struct fake	 f;
	struct request	 req;

	fake_init(&f);
	fake_set(&f, "REQUEST_METHOD", "POST");
	fake_set(&f, "REQUEST_URI", "/api/user/5/activity");
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_OK);
	ck_assert_int_eq(req.method, HTTP_POST);
	ck_assert_uint_eq(f.reads, 0);
	ck_assert_uint_eq(req.bodylen, 0);
	ck_assert_str_eq(fields_text(&req), "{}");
	http_request_free(&req);

	fake_set(&f, "REQUEST_METHOD", "GET");
	fake_set(&f, "REDIRECT_STATUS", "411");
	fake_set(&f, "CONTENT_LENGTH", "0");
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_OK);
	ck_assert_int_eq(req.method, HTTP_POST);
	ck_assert_str_eq(req.method_name, "POST");
	ck_assert_str_eq(req.path, "/api/user/5/activity");
	ck_assert_uint_eq(f.reads, 0);
	ck_assert_str_eq(fields_text(&req), "{}");
	ck_assert_int_eq(req.redirect_status, 411);
	http_request_free(&req);

	/* any other error the handler is asked about stays what it was */
	fake_set(&f, "REDIRECT_STATUS", "404");
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_OK);
	ck_assert_int_eq(req.method, HTTP_GET);
	ck_assert_str_eq(req.method_name, "GET");
	ck_assert_int_eq(req.redirect_status, 404);
	http_request_free(&req);
	/* no error: nginx's fastcgi_params, Apache's internal redirects */
	fake_set(&f, "REDIRECT_STATUS", "200");
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_OK);
	ck_assert_int_eq(req.method, HTTP_GET);
	ck_assert_int_eq(req.redirect_status, 0);
	http_request_free(&req);
	fake_set(&f, "REDIRECT_STATUS", "4111");
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_OK);
	ck_assert_int_eq(req.redirect_status, 0);
	http_request_free(&req);
	/* only a GET is the re-asked POST: a HEAD stays a HEAD */
	fake_set(&f, "REDIRECT_STATUS", "411");
	fake_set(&f, "REQUEST_METHOD", "HEAD");
	ck_assert_int_eq(fake_run(&f, &req, NULL), HTTP_READ_OK);
	ck_assert_int_eq(req.method, HTTP_HEAD);
	http_request_free(&req);
}
END_TEST

static Suite *
http_suite(void)
{
	Suite	*s;
	TCase	*tc;

	s = suite_create("http");

	tc = tcase_create("body");
	LOOP(tc, test_body, body_cases);
	tcase_add_test(tc, test_depth_cap);
	tcase_add_test(tc, test_depth_bomb);
	tcase_add_test(tc, test_fields_cap);
	tcase_add_test(tc, test_too_large_unread);
	tcase_add_test(tc, test_short_stream);
	tcase_add_test(tc, test_read_error);
	tcase_add_test(tc, test_authorizer_no_body);
	suite_add_tcase(s, tc);

	tc = tcase_create("request");
	tcase_add_test(tc, test_headers);
	tcase_add_test(tc, test_headers_absent);
	tcase_add_test(tc, test_free);
	LOOP(tc, test_path, path_cases);
	tcase_add_test(tc, test_path_fallback);
	tcase_add_test(tc, test_header_cap);
	tcase_add_test(tc, test_user_agent);
	tcase_add_test(tc, test_method_request);
	tcase_add_test(tc, test_post_no_length);
	suite_add_tcase(s, tc);

	tc = tcase_create("parsers");
	LOOP(tc, test_query, query_cases);
	LOOP(tc, test_cookie, cookie_cases);
	tcase_add_test(tc, test_query_cookie_absent);
	LOOP(tc, test_bearer, bearer_cases);
	LOOP(tc, test_client_addr, addr_cases);
	tcase_add_test(tc, test_client_addr_request);
	LOOP(tc, test_wants_html, html_cases);
	LOOP(tc, test_unescape, unescape_cases);
	tcase_add_test(tc, test_unescape_len);
	LOOP(tc, test_utf8, utf8_cases);
	tcase_add_test(tc, test_methods);
	suite_add_tcase(s, tc);

	return s;
}

int
main(void)
{
	return unit_main("check_http", http_suite, UNIT_SODIUM);
}
