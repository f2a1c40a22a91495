/*
 * client: a tiny HTTP client for the integration tests, over libcurl's
 * easy interface.  Every request goes to $FCAUTH_TEST_URL + path and
 * its reply is kept whole: status, body, the body parsed as JSON (when
 * it is JSON) and every response header, so that tests can look at the
 * API.md envelope and at headers such as Retry-After, Allow,
 * Cache-Control, Set-Cookie and Content-Type.  With
 * $FCAUTH_TEST_CONTRACT_DIR set, every reply from a canonical instance
 * is also recorded for the contract check (record.h).
 */
#ifndef FCAUTH_TEST_CLIENT_H
#define FCAUTH_TEST_CLIENT_H

#include <stddef.h>

#include <json-c/json.h>

/* Exit status that makes automake's test driver report SKIP. */
#define CLIENT_EXIT_SKIP	77

/* Longest address client_unique_email makes, with its NUL. */
#define CLIENT_EMAIL_MAX	128
/* Longest name client_unique_username makes, with its NUL (32 + 1). */
#define CLIENT_USERNAME_MAX	33

struct resp_header {
	char		*name;		/* as sent, e.g. "Retry-After" */
	char		*value;		/* trimmed of blanks and CRLF */
};

struct resp {
	long		 status;	/* HTTP status; 0: no reply */
	char		*body;		/* NUL-terminated; set on a reply */
	size_t		 bodylen;
	struct json_object *json;	/* the body parsed; NULL: not JSON */
	struct resp_header *headers;	/* every header of the final response */
	size_t		 nheaders;
	char		 error[256];	/* libcurl's message when status is 0 */
};

/*
 * Get ready to run an integration test program, or leave it:
 * with $FCAUTH_TEST_URL unset or empty, print why and exit with
 * CLIENT_EXIT_SKIP; otherwise initialise libcurl and libsodium and send
 * one probe request, exiting with status 1 and a clear message when the
 * server cannot be reached at all.  Call it first thing in main(),
 * before the Check runner forks.
 */
void		 client_init_or_exit(const char *progname);

/* Release what client_init_or_exit set up. */
void		 client_cleanup(void);

/* The base URL, without a trailing slash ("http://127.0.0.1:18080"). */
const char	*client_base_url(void);

/*
 * Send "method" to "path" (which starts with '/').  "content_type" is
 * the Content-Type header, or NULL to send none at all (libcurl's
 * default form type is suppressed).  "body" is sent as is when not
 * NULL (strlen bytes).  "extra_headers" is a NULL-terminated array of
 * "Name: value" lines, or NULL.  "r" is cleared on entry and must be
 * released with resp_free whatever this returns.
 * Returns 0 when an HTTP reply came back (any status), -1 on a
 * transport error (message in r->error).
 */
int		 client_request(const char *method, const char *path,
		    const char *content_type, const char *body,
		    const char *const *extra_headers, struct resp *r);

/* POST "json_text" as application/json.  As client_request. */
int		 client_post_json(const char *path, const char *json_text,
		    struct resp *r);

/* POST "form_text" as application/x-www-form-urlencoded. */
int		 client_post_form(const char *path, const char *form_text,
		    struct resp *r);

/* GET "path" with "Authorization: Bearer <bearer>" unless NULL. */
int		 client_get(const char *path, const char *bearer,
		    struct resp *r);

/* Release what "r" holds and clear it.  NULL does nothing. */
void		 resp_free(struct resp *r);

/* The envelope's "code" string, borrowed from r->json, or NULL. */
const char	*resp_code(const struct resp *r);

/* The envelope's "data" member, borrowed, or NULL (absent or null). */
struct json_object *resp_data(const struct resp *r);

/* The envelope's "errors" member, borrowed, or NULL. */
struct json_object *resp_errors(const struct resp *r);

/*
 * The value of the first header called "name" (case-insensitive),
 * borrowed from "r", or NULL.  resp_header_nth gives the n-th (from 0)
 * of several, e.g. Set-Cookie lines.
 */
const char	*resp_header(const struct resp *r, const char *name);
const char	*resp_header_nth(const struct resp *r, const char *name,
		    size_t n);

/*
 * Building a response (client.c from libcurl, raw.c from a socket):
 * append "len" bytes to the body, keep the "Name: value" line of "len"
 * bytes (blanks around the value and the CRLF dropped; a line without
 * a colon is ignored).  0, or -1 on out of memory.
 */
int		 resp_append_body(struct resp *r, const char *p, size_t len);
int		 resp_add_header(struct resp *r, const char *line, size_t len);

/*
 * A fresh address "<prefix>-<pid>-<counter>-<time>@example.com" in
 * "buf" (at least CLIENT_EMAIL_MAX bytes), unique for every call of
 * every run, so that the suite can run again and again against the
 * same database.  Returns "buf".
 */
char		*client_unique_email(const char *prefix, char *buf);

/*
 * A fresh valid username (3-32 of [a-z0-9_]) starting with "prefix"
 * (at most 8 bytes are used) in "buf" (CLIENT_USERNAME_MAX bytes).
 * Returns "buf".
 */
char		*client_unique_username(const char *prefix, char *buf);

/*
 * An application/x-www-form-urlencoded body from "pairs", a
 * NULL-terminated array of name, value, name, value ...  Both are
 * percent-encoded.  Returns a new string the caller frees, or NULL on
 * out of memory.
 */
char		*client_form_encode(const char *const *pairs);

/*
 * A body of "n" distinct unknown keys of three characters: JSON
 * {"aaa":0,...} (8 bytes a key) or, with "form", aaa=&... (5 bytes a
 * key); "n" at most 62^3.  A new string the caller frees, or NULL on
 * out of memory.
 */
char		*client_many_keys(size_t n, int form);

#endif /* FCAUTH_TEST_CLIENT_H */
