/*
 * http_private: what the http*.c files share among themselves; not for
 * callers outside them (they use http.h).
 */
#ifndef FCAUTH_HTTP_PRIVATE_H
#define FCAUTH_HTTP_PRIVATE_H

#include <stddef.h>

#include "http.h"

/* The body kinds a Content-Type may announce. */
enum body_kind {
	BODY_JSON,
	BODY_FORM,
};

/* The value of hex digit "c", or -1 (http_decode.c). */
int		 http_hexval(unsigned char c);

/*
 * Percent-decode "len" bytes at "in" into a new string in "*out"; "plus"
 * turns '+' into ' '.  Returns 1, 0 for bad input (bad escape, NUL,
 * invalid UTF-8) or -1 out of memory.  "*out" is NULL unless 1 is
 * returned (http_decode.c).
 */
int		 http_pct_decode(const char *in, size_t len, int plus,
		    char **out);

/* What http_pct_decode() returned, as a read status (http_decode.c). */
enum http_status http_pct_status(int rc);

/* Whether "s" is valid UTF-8 without control characters: 1 or 0
 * (http_decode.c). */
int		 http_text_clean(const char *s);

/* Wipe and free a string that may hold a secret.  NULL does nothing
 * (http.c). */
void		 http_wipe_free(char *s);

/*
 * Parse CONTENT_LENGTH "v" into "*len": 0 when absent or empty, and
 * SIZE_MAX when it does not fit.  0, or -1 if it is not a number
 * (http_media.c).
 */
int		 http_content_length(const char *v, size_t *len);

/*
 * The body kind Content-Type "ct" announces: BODY_JSON, BODY_FORM, or
 * -1 for another media type or a charset other than UTF-8
 * (http_media.c).
 */
int		 http_media_kind(const char *ct);

/* Parse the JSON body of "req" into req->fields, at most "depth" deep
 * (http_json.c). */
enum http_status http_json_parse(struct request *req, unsigned depth);

/* Parse the form body of "req" into req->fields (http_form.c). */
enum http_status http_form_parse(struct request *req);

#endif /* FCAUTH_HTTP_PRIVATE_H */
