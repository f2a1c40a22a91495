/*
 * record: the integration client's recording mode.  See record.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json-c/json.h>

#include "client.h"
#include "record.h"

static const char	*suite = "client";

void
record_suite(const char *name)
{
	if (name != NULL && *name != '\0')
		suite = name;
}

/* Whether "url" is one of the blank-separated "list", exactly. */
static int
record_listed(const char *list, const char *url)
{
	size_t	 len = strlen(url), n;

	while (*list != '\0') {
		list += strspn(list, " \t\n");
		n = strcspn(list, " \t\n");
		while (n > 0 && list[n - 1] == '/')
			n--;
		if (n == len && n > 0 && strncmp(list, url, n) == 0)
			return 1;
		list += strcspn(list, " \t\n");
	}
	return 0;
}

/* The reply "r" as a JSON object: status, headers, body. */
static struct json_object *
record_object(const char *base_url, const char *method, const char *path,
    const struct resp *r)
{
	struct json_object	*o, *hs, *h;
	size_t			 i;

	if ((o = json_object_new_object()) == NULL ||
	    (hs = json_object_new_array()) == NULL) {
		json_object_put(o);
		return NULL;
	}
	json_object_object_add(o, "suite", json_object_new_string(suite));
	json_object_object_add(o, "pid", json_object_new_int((int)getpid()));
	json_object_object_add(o, "url", json_object_new_string(base_url));
	json_object_object_add(o, "method", json_object_new_string(method));
	json_object_object_add(o, "path", json_object_new_string(path));
	json_object_object_add(o, "status",
	    json_object_new_int((int)r->status));
	for (i = 0; i < r->nheaders; i++) {
		if ((h = json_object_new_array()) == NULL)
			break;
		json_object_array_add(h,
		    json_object_new_string(r->headers[i].name));
		json_object_array_add(h,
		    json_object_new_string(r->headers[i].value));
		json_object_array_add(hs, h);
	}
	json_object_object_add(o, "headers", hs);
	json_object_object_add(o, "body", json_object_new_string_len(
	    r->body != NULL ? r->body : "", (int)r->bodylen));
	return o;
}

void
record_reply(const char *base_url, const char *method, const char *path,
    const struct resp *r)
{
	const char		*dir = getenv("FCAUTH_TEST_CONTRACT_DIR");
	const char		*urls = getenv("FCAUTH_TEST_CONTRACT_URLS");
	struct json_object	*o;
	const char		*line;
	char			 file[4096];
	FILE			*fp;
	int			 ok;

	if (dir == NULL || *dir == '\0' || urls == NULL ||
	    !record_listed(urls, base_url))
		return;
	if ((o = record_object(base_url, method, path, r)) == NULL)
		goto fail;
	line = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	snprintf(file, sizeof(file), "%s/%s-%ld.jsonl", dir, suite,
	    (long)getpid());
	ok = (fp = fopen(file, "a")) != NULL &&
	    fprintf(fp, "%s\n", line) >= 0;
	if (fp != NULL && fclose(fp) != 0)
		ok = 0;
	json_object_put(o);
	if (ok)
		return;
fail:
	fprintf(stderr, "%s: cannot record the reply of %s %s into %s\n",
	    suite, method, path, dir);
	exit(1);
}
