/*
 * libFuzzer target: http_request_read() (common/web/http.c) on a request
 * made from the input through a fake struct http_source.
 *
 * Input: byte 0 picks the Content-Type (low 3 bits) and the method
 * (next 3 bits); byte 1 the CONTENT_LENGTH mode (low 2 bits: exact,
 * larger than the body, smaller, or an odd string) and how many bytes
 * one read delivers (high 4 bits); byte 2 the limits (nesting cap in
 * the low 5 bits, a 64-byte body cap when the top bit is set); the
 * rest is the body.
 *
 * Invariants: the status is one of enum http_status; the source is
 * never read past CONTENT_LENGTH nor again after it said "end"; a
 * body shorter than CONTENT_LENGTH never reads as HTTP_READ_OK; and on
 * HTTP_READ_OK req.fields is a JSON object within the nesting cap whose
 * keys and strings are all valid UTF-8 without NUL (form fields: all
 * strings), and req.body holds what was read.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "fuzz.h"
#include "http.h"

static const char *const ctypes[8] = {
	"application/json",
	"application/x-www-form-urlencoded",
	"application/json; charset=utf-8",
	"Application/JSON ; Charset=\"UTF-8\"",
	"application/x-www-form-urlencoded;charset=UTF-8",
	"text/plain",
	"application/json; charset=latin1",
	"",
};

static const char *const methods[8] = {
	"POST", "PUT", "PATCH", "DELETE", "POST", "GET", "HEAD", "BREW",
};

static const char *const odd_lengths[4] = {
	"", "-1", "99999999999999999999999999", " 5",
};

/* The fake source: a few CGI parameters and the body in memory. */
struct fake {
	const char	*method;
	const char	*ctype;
	const char	*clen;
	const char	*body;
	size_t		 len;		/* bytes the stream holds */
	size_t		 pos;		/* bytes delivered */
	size_t		 chunk;		/* most bytes per read, 0 = all */
	size_t		 eofs;		/* reads that answered 0 */
	int		 reads_after_eof;
};

static const char *
fake_param(void *arg, const char *name)
{
	const struct fake	*f = arg;

	if (strcmp(name, "REQUEST_METHOD") == 0)
		return f->method;
	if (strcmp(name, "CONTENT_TYPE") == 0)
		return f->ctype;
	if (strcmp(name, "CONTENT_LENGTH") == 0)
		return f->clen;
	if (strcmp(name, "REQUEST_URI") == 0)
		return "/api/v1/auth/login";
	if (strcmp(name, "REMOTE_ADDR") == 0)
		return "192.0.2.1";
	return NULL;
}

static int
fake_read(void *arg, char *buf, size_t len)
{
	struct fake	*f = arg;
	size_t		 n;

	if (f->eofs > 0)
		f->reads_after_eof = 1;
	n = f->len - f->pos;
	if (n > len)
		n = len;
	if (f->chunk > 0 && n > f->chunk)
		n = f->chunk;
	if (n == 0)
		f->eofs++;
	memcpy(buf, f->body + f->pos, n);
	f->pos += n;
	return (int)n;
}

/*
 * Check a parsed value: strings valid UTF-8 without NUL, keys too,
 * nesting (containers) at most "max" deep counting "o" as level
 * "depth".
 */
static void
check_value(struct json_object *o, unsigned depth, unsigned max)
{
	const char	*s;
	size_t		 i, n;

	switch (json_object_get_type(o)) {
	case json_type_object:
		FUZZ_ASSERT(depth <= max);
		json_object_object_foreach(o, key, val) {
			FUZZ_ASSERT(fuzz_utf8(key, strlen(key)));
			check_value(val, depth + 1, max);
		}
		break;
	case json_type_array:
		FUZZ_ASSERT(depth <= max);
		n = json_object_array_length(o);
		for (i = 0; i < n; i++)
			check_value(json_object_array_get_idx(o, i),
			    depth + 1, max);
		break;
	case json_type_string:
		s = json_object_get_string(o);
		n = (size_t)json_object_get_string_len(o);
		FUZZ_ASSERT(strlen(s) == n);
		FUZZ_ASSERT(fuzz_utf8(s, n));
		break;
	default:
		break;
	}
}

/* Form fields: a flat object of strings. */
static void
check_form(struct json_object *o)
{

	json_object_object_foreach(o, key, val) {
		FUZZ_ASSERT(key[0] != '\0');
		FUZZ_ASSERT(json_object_is_type(val, json_type_string));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fake		 f;
	struct http_source	 src;
	struct http_limits	 lim;
	struct request		 req;
	enum http_status	 st;
	char			 clen[32];
	size_t			 declared = 0, extra;
	unsigned		 depth;
	int			 body_method, form;

	if (size < 3)
		return 0;
	memset(&f, 0, sizeof(f));
	memset(&lim, 0, sizeof(lim));
	f.ctype = ctypes[data[0] & 7];
	f.method = methods[(data[0] >> 3) & 7];
	f.chunk = data[1] >> 4;
	f.body = (const char *)data + 3;
	f.len = size - 3;
	extra = (size_t)(data[1] >> 2 & 3) + 1;
	switch (data[1] & 3) {
	case 0:
		declared = f.len;
		break;
	case 1:
		declared = f.len + extra;
		break;
	case 2:
		declared = f.len > extra ? f.len - extra : 0;
		break;
	default:
		declared = SIZE_MAX;
		break;
	}
	if (declared == SIZE_MAX)
		f.clen = odd_lengths[data[1] >> 2 & 3];
	else {
		snprintf(clen, sizeof(clen), "%zu", declared);
		f.clen = clen;
	}
	lim.max_depth = data[2] & 0x1f;
	lim.max_body = data[2] & 0x80 ? 64 : 0;
	depth = lim.max_depth == 0 ? 16 : lim.max_depth;

	src.param = fake_param;
	src.read = fake_read;
	src.arg = &f;
	st = http_request_read(&req, &src, &lim);

	FUZZ_ASSERT(st >= HTTP_READ_OK && st <= HTTP_READ_FIELDS);
	FUZZ_ASSERT(!f.reads_after_eof);
	FUZZ_ASSERT(declared == SIZE_MAX || f.pos <= declared);
	body_method = strcmp(f.method, "POST") == 0 ||
	    strcmp(f.method, "PUT") == 0 || strcmp(f.method, "PATCH") == 0 ||
	    strcmp(f.method, "DELETE") == 0;
	if (st == HTTP_READ_OK) {
		FUZZ_ASSERT(req.fields != NULL);
		FUZZ_ASSERT(json_object_is_type(req.fields, json_type_object));
		/* the member cap holds for what reaches a handler */
		FUZZ_ASSERT(json_object_object_length(req.fields) <=
		    HTTP_FIELDS_MAX);
		FUZZ_ASSERT(req.body != NULL);
		FUZZ_ASSERT(req.body[req.bodylen] == '\0');
		check_value(req.fields, 1, depth);
		if (body_method) {
			/* Exactly CONTENT_LENGTH bytes, all of them there. */
			FUZZ_ASSERT(declared != SIZE_MAX || f.clen[0] == '\0');
			if (declared != SIZE_MAX) {
				FUZZ_ASSERT(declared <= f.len);
				FUZZ_ASSERT(f.pos == declared);
				FUZZ_ASSERT(req.bodylen == declared);
				FUZZ_ASSERT(memcmp(req.body, f.body,
				    declared) == 0);
				FUZZ_ASSERT(declared <= (lim.max_body ?
				    lim.max_body : 65536));
			}
			form = strstr(f.ctype, "form") != NULL;
			if (form && req.bodylen > 0)
				check_form(req.fields);
		} else {
			FUZZ_ASSERT(f.pos == 0);
			FUZZ_ASSERT(json_object_object_length(req.fields) == 0);
		}
	}
	http_request_free(&req);
	return 0;
}
