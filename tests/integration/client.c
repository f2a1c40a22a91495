/*
 * client: the integration tests' HTTP client.  See client.h.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <json-c/json.h>
#include <sodium.h>

#include "client.h"
#include "record.h"

#define CLIENT_URL_MAX		4096
#define CLIENT_CONNECT_TIMEOUT	5L	/* seconds */
#define CLIENT_TIMEOUT		30L	/* seconds for a whole request */

/* $FCAUTH_TEST_URL without its trailing slashes. */
static char	 base_url[CLIENT_URL_MAX];

/* Per-process counter for unique names; the pid tells forks apart. */
static unsigned	 unique_counter;

/*
 * Append "len" bytes at "p" to the body of "r".  Returns 0, or -1 on
 * out of memory.
 */
int
resp_append_body(struct resp *r, const char *p, size_t len)
{
	char	*nb;

	nb = realloc(r->body, r->bodylen + len + 1);
	if (nb == NULL)
		return -1;
	memcpy(nb + r->bodylen, p, len);
	r->bodylen += len;
	nb[r->bodylen] = '\0';
	r->body = nb;
	return 0;
}

/* libcurl write callback: collect the body.  Returns bytes taken. */
static size_t
on_body(char *p, size_t size, size_t nmemb, void *arg)
{
	size_t	 len = size * nmemb;

	if (resp_append_body(arg, p, len) == -1)
		return 0;
	return len;
}

/* Forget the headers collected so far (a new response begins). */
static void
headers_clear(struct resp *r)
{
	size_t	 i;

	for (i = 0; i < r->nheaders; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	free(r->headers);
	r->headers = NULL;
	r->nheaders = 0;
}

/*
 * Keep one "Name: value" line of "len" bytes.  Leading and trailing
 * blanks of the value and the CRLF are dropped.  Returns 0, or -1 on
 * out of memory.
 */
int
resp_add_header(struct resp *r, const char *line, size_t len)
{
	struct resp_header	*nh;
	const char		*colon, *v, *end;
	char			*name = NULL, *value = NULL;

	colon = memchr(line, ':', len);
	if (colon == NULL)
		return 0;
	end = line + len;
	while (end > colon + 1 && isspace((unsigned char)end[-1]))
		end--;
	v = colon + 1;
	while (v < end && isspace((unsigned char)*v))
		v++;
	name = strndup(line, (size_t)(colon - line));
	value = strndup(v, (size_t)(end - v));
	nh = realloc(r->headers, (r->nheaders + 1) * sizeof(*nh));
	if (name == NULL || value == NULL || nh == NULL) {
		free(name);
		free(value);
		if (nh != NULL)
			r->headers = nh;
		return -1;
	}
	r->headers = nh;
	r->headers[r->nheaders].name = name;
	r->headers[r->nheaders].value = value;
	r->nheaders++;
	return 0;
}

/*
 * libcurl header callback: called once per header line, status line
 * included.  A status line starts a new response (after a 100
 * Continue, say), so only the final response's headers are kept.
 */
static size_t
on_header(char *p, size_t size, size_t nmemb, void *arg)
{
	struct resp	*r = arg;
	size_t		 len = size * nmemb;

	if (len >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		headers_clear(r);
		return len;
	}
	if (resp_add_header(r, p, len) == -1)
		return 0;
	return len;
}

/*
 * Build the header list for one request: Content-Type (or its
 * absence), no "Expect: 100-continue", then the caller's lines.
 * Returns the list, or NULL on out of memory.
 */
static struct curl_slist *
request_headers(const char *content_type, const char *body,
    const char *const *extra)
{
	struct curl_slist	*list = NULL, *n;
	char			 line[512];
	size_t			 i;

	if (content_type != NULL)
		snprintf(line, sizeof(line), "Content-Type: %s", content_type);
	else if (body != NULL)
		snprintf(line, sizeof(line), "Content-Type:");
	else
		line[0] = '\0';
	if (line[0] != '\0' && (list = curl_slist_append(list, line)) == NULL)
		return NULL;
	if ((n = curl_slist_append(list, "Expect:")) == NULL)
		goto fail;
	list = n;
	for (i = 0; extra != NULL && extra[i] != NULL; i++) {
		if ((n = curl_slist_append(list, extra[i])) == NULL)
			goto fail;
		list = n;
	}
	return list;
fail:
	curl_slist_free_all(list);
	return NULL;
}

/* Tell libcurl which method to use and what body to send. */
static void
request_method(CURL *c, const char *method, const char *body)
{
	if (body != NULL) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)strlen(body));
		if (strcmp(method, "POST") != 0)
			curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
	} else if (strcmp(method, "GET") == 0)
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	else if (strcmp(method, "HEAD") == 0)
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (strcmp(method, "POST") == 0) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)0);
	} else
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
}

/* Where the tokener stopped (json_tokener_get_parse_end is 0.15+). */
static size_t
parse_end(struct json_tokener *tok)
{
#if defined(JSON_C_VERSION_NUM) && JSON_C_VERSION_NUM >= ((0 << 16) | (15 << 8))
	return json_tokener_get_parse_end(tok);
#else
	return (size_t)tok->char_offset;
#endif
}

/* Parse the body of "r" as JSON when it is JSON; leave json NULL if not. */
static void
resp_parse(struct resp *r)
{
	struct json_tokener	*tok;

	if (r->body == NULL && resp_append_body(r, "", 0) == -1)
		return;
	if (r->bodylen == 0 || (tok = json_tokener_new()) == NULL)
		return;
	r->json = json_tokener_parse_ex(tok, r->body, (int)r->bodylen);
	if (json_tokener_get_error(tok) != json_tokener_success ||
	    parse_end(tok) != r->bodylen) {
		json_object_put(r->json);
		r->json = NULL;
	}
	json_tokener_free(tok);
}

/*
 * See client.h.  Returns 0 when a reply came back, -1 otherwise.
 */
int
client_request(const char *method, const char *path,
    const char *content_type, const char *body,
    const char *const *extra_headers, struct resp *r)
{
	CURL			*c = NULL;
	struct curl_slist	*hdrs = NULL;
	char			 url[CLIENT_URL_MAX * 2];
	CURLcode		 cc;
	int			 rc = -1;

	memset(r, 0, sizeof(*r));
	snprintf(url, sizeof(url), "%s%s", base_url, path);
	if ((c = curl_easy_init()) == NULL) {
		snprintf(r->error, sizeof(r->error), "curl_easy_init failed");
		goto out;
	}
	hdrs = request_headers(content_type, body, extra_headers);
	if (hdrs == NULL) {
		snprintf(r->error, sizeof(r->error), "out of memory");
		goto out;
	}
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, CLIENT_CONNECT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, CLIENT_TIMEOUT);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "fcauth-integration-tests");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, r->error);
	request_method(c, method, body);
	cc = curl_easy_perform(c);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	if (cc != CURLE_OK && r->status == 0) {
		if (r->error[0] == '\0')
			snprintf(r->error, sizeof(r->error), "%s",
			    curl_easy_strerror(cc));
		goto out;
	}
	resp_parse(r);
	record_reply(base_url, method, path, r);
	rc = 0;
out:
	curl_slist_free_all(hdrs);
	if (c != NULL)
		curl_easy_cleanup(c);
	return rc;
}

int
client_post_json(const char *path, const char *json_text, struct resp *r)
{
	return client_request("POST", path, "application/json", json_text,
	    NULL, r);
}

int
client_post_form(const char *path, const char *form_text, struct resp *r)
{
	return client_request("POST", path,
	    "application/x-www-form-urlencoded", form_text, NULL, r);
}

int
client_get(const char *path, const char *bearer, struct resp *r)
{
	char		 line[4096];
	const char	*extra[2] = { NULL, NULL };

	if (bearer != NULL) {
		snprintf(line, sizeof(line), "Authorization: Bearer %s",
		    bearer);
		extra[0] = line;
	}
	return client_request("GET", path, NULL, NULL, extra, r);
}

void
resp_free(struct resp *r)
{
	if (r == NULL)
		return;
	headers_clear(r);
	json_object_put(r->json);
	free(r->body);
	memset(r, 0, sizeof(*r));
}

/* Member "key" of the reply's top-level object, borrowed, or NULL. */
static struct json_object *
resp_member(const struct resp *r, const char *key)
{
	struct json_object	*v = NULL;

	if (r->json == NULL || !json_object_is_type(r->json, json_type_object))
		return NULL;
	if (!json_object_object_get_ex(r->json, key, &v))
		return NULL;
	return v;
}

const char *
resp_code(const struct resp *r)
{
	struct json_object	*v = resp_member(r, "code");

	if (v == NULL || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

struct json_object *
resp_data(const struct resp *r)
{
	return resp_member(r, "data");
}

struct json_object *
resp_errors(const struct resp *r)
{
	return resp_member(r, "errors");
}

const char *
resp_header_nth(const struct resp *r, const char *name, size_t n)
{
	size_t	 i;

	for (i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, name) == 0 && n-- == 0)
			return r->headers[i].value;
	return NULL;
}

const char *
resp_header(const struct resp *r, const char *name)
{
	return resp_header_nth(r, name, 0);
}

char *
client_unique_email(const char *prefix, char *buf)
{
	snprintf(buf, CLIENT_EMAIL_MAX, "%.40s-%ld-%u-%lld@example.com",
	    prefix, (long)getpid(), unique_counter++, (long long)time(NULL));
	return buf;
}

char *
client_unique_username(const char *prefix, char *buf)
{
	snprintf(buf, CLIENT_USERNAME_MAX, "%.8s_%lx_%lx_%x", prefix,
	    (unsigned long)time(NULL) & 0xffffffffUL,
	    (unsigned long)getpid(), unique_counter++ & 0xffffu);
	return buf;
}

/* Percent-encode "s" onto the end of "out" (sized for the worst case). */
static void
form_escape(char *out, const char *s)
{
	static const char	 hex[] = "0123456789ABCDEF";
	char			*p = out + strlen(out);
	unsigned char		 ch;

	for (; *s != '\0'; s++) {
		ch = (unsigned char)*s;
		if (isalnum(ch) || ch == '-' || ch == '.' || ch == '_' ||
		    ch == '~')
			*p++ = (char)ch;
		else {
			*p++ = '%';
			*p++ = hex[ch >> 4];
			*p++ = hex[ch & 0xf];
		}
	}
	*p = '\0';
}

char *
client_form_encode(const char *const *pairs)
{
	char	*out;
	size_t	 i, need = 1;

	for (i = 0; pairs[i] != NULL; i++)
		need += strlen(pairs[i]) * 3 + 1;
	if ((out = malloc(need)) == NULL)
		return NULL;
	out[0] = '\0';
	for (i = 0; pairs[i] != NULL; i++) {
		if (i > 0)
			strcat(out, i % 2 == 1 ? "=" : "&");
		form_escape(out, pairs[i]);
	}
	return out;
}

char *
client_many_keys(size_t n, int form)
{
	static const char	 a[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	const size_t		 na = sizeof(a) - 1;
	char			*out;
	size_t			 i, o = 0;

	if ((out = malloc(n * 8 + 3)) == NULL)
		return NULL;
	if (!form)
		out[o++] = '{';
	for (i = 0; i < n; i++) {
		o += (size_t)sprintf(out + o, form ? "%s%c%c%c=" :
		    "%s\"%c%c%c\":0", i > 0 ? (form ? "&" : ",") : "",
		    a[i / na / na % na], a[i / na % na], a[i % na]);
	}
	if (!form)
		out[o++] = '}';
	out[o] = '\0';
	return out;
}

const char *
client_base_url(void)
{
	return base_url;
}

/*
 * Send one harmless request to see that something answers HTTP at the
 * base URL.  Exits with status 1 when nothing does.
 */
static void
client_probe(const char *progname)
{
	struct resp	 r;

	if (client_get("/api/v1/auth/login", NULL, &r) == -1) {
		fprintf(stderr, "%s: FAIL: no HTTP server answers at "
		    "FCAUTH_TEST_URL=%s (%s); start it (scripts/serve) or "
		    "unset FCAUTH_TEST_URL to skip\n", progname, base_url,
		    r.error);
		resp_free(&r);
		exit(1);
	}
	if (r.status >= 500)
		fprintf(stderr, "%s: warning: the probe request got HTTP %ld; "
		    "expect failures\n", progname, r.status);
	resp_free(&r);
}

void
client_init_or_exit(const char *progname)
{
	const char	*url = getenv("FCAUTH_TEST_URL");
	size_t		 len;

	if (url == NULL || *url == '\0') {
		printf("FCAUTH_TEST_URL not set: skipping integration tests\n");
		exit(CLIENT_EXIT_SKIP);
	}
	if ((len = strlen(url)) >= sizeof(base_url)) {
		fprintf(stderr, "%s: FCAUTH_TEST_URL too long\n", progname);
		exit(1);
	}
	memcpy(base_url, url, len + 1);
	record_suite(progname);
	while (len > 0 && base_url[len - 1] == '/')
		base_url[--len] = '\0';
	if (sodium_init() < 0) {
		fprintf(stderr, "%s: cannot initialise libsodium\n", progname);
		exit(1);
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "%s: cannot initialise libcurl\n", progname);
		exit(1);
	}
	client_probe(progname);
}

void
client_cleanup(void)
{
	curl_global_cleanup();
}
