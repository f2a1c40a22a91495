/*
 * dialect_fx: what the check_dialect_* suites share on top of the
 * fixture (fixture.h): an instance per dialect, exact key sets, values
 * by dotted path, formats of dates, JWTs, cookies, mail tokens and the
 * body-less POST that curl -X POST sends.
 *
 * A dialect's reply is not the canonical envelope, so resp_code and
 * fx_expect do not apply: these check the body as the document shows it.
 */
#ifndef FCAUTH_TEST_DIALECT_FX_H
#define FCAUTH_TEST_DIALECT_FX_H

#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "client.h"

#define DX_PW		"Tr0ub4dor & 3 horses!"
#define DX_NEW_PW	"N3w pass phrase, quite long!"

/*
 * The suite's instance: with env "url_env" unset or empty, print why
 * and exit with CLIENT_EXIT_SKIP; else make it the main URL and
 * fx_init("progname").  First thing in main().
 */
void		 dx_start(const char *url_env, const char *progname);

/* The value at dotted "path" ("data.user.email") of "o", or NULL. */
struct json_object *dx_get(struct json_object *o, const char *path);

/*
 * The object at "path" ("" or NULL: "o" itself) has exactly the keys
 * of the comma list "keys", no more, no fewer.
 */
void		 dx_keys(struct json_object *o, const char *path,
		    const char *keys);

/* The member at "path" is there and of type "t". */
void		 dx_type(struct json_object *o, const char *path, json_type t);

/* The member at "path" is a string: it (borrowed). */
const char	*dx_s(struct json_object *o, const char *path);

/* The member at "path" is the string "want". */
void		 dx_str(struct json_object *o, const char *path,
		    const char *want);

/* The member at "path" is the boolean "want". */
void		 dx_bool(struct json_object *o, const char *path, int want);

/* The member at "path" is an integer: it. */
int64_t		 dx_int(struct json_object *o, const char *path);

/* The member at "path" is there and null. */
void		 dx_null(struct json_object *o, const char *path);

/*
 * "s" has the shape of "fmt": Y M D H S m s are digits, every other
 * character itself ("DD.MM.YYYY", "YYYY-MM-DD HH:MM:SS"): 1 or 0.
 */
int		 dx_fmt(const char *s, const char *fmt);

/* The seconds since the epoch of "YYYY-MM-DD HH:MM:SS" (UTC), or -1. */
long long	 dx_epoch(const char *s);

/*
 * "tok" is a JWT access token of this service: three base64url parts
 * whose claims say typ "access"; its claims (caller puts).
 */
struct json_object *dx_jwt(const char *tok);

/* The user id in access token "tok" (its "sub"). */
int64_t		 dx_sub(const char *tok);

/* The id of the account "email" in the database. */
int64_t		 dx_user_id(const char *email);

/*
 * Sign in at "path" with the body {"<ukey>": NAME, "<pkey>": a wrong
 * password} twice: NAME = "known" into "wrong", then a fresh address
 * of "prefix" (an account that does not exist) into "unknown".  The
 * caller checks the shape and dx_same()s the two.
 */
void		 dx_login_pair(const char *path, const char *ukey,
		    const char *pkey, const char *known, const char *prefix,
		    struct resp *wrong, struct resp *unknown);

/* The two replies have the same status and the same body, byte for byte. */
void		 dx_same(const struct resp *a, const struct resp *b,
		    const char *what);

/* The reply has status "status" and a JSON object body. */
void		 dx_status(const struct resp *r, long status, const char *what);

/*
 * Deliver the mail of the instance in env "cfg_env", then the newest
 * mail to "to" (caller frees); "count" (may be NULL) gets how many.
 */
char		*dx_mail(const char *to, const char *cfg_env, int *count);

/*
 * The FX_TOKEN_LEN characters after the first of "markers" (NULL
 * ended) found in "text", into "tok"; the marker found.
 */
const char	*dx_mail_token(const char *text, const char *const *markers,
		    char *tok);

/*
 * The Set-Cookie line of "r" that sets a non-empty value: "name=value"
 * into "pair" and the whole line into "line" (each may be NULL); 1 if
 * there is one, else 0.
 */
int		 dx_cookie(const struct resp *r, char *pair, size_t pairsz,
		    char *line, size_t linesz);

/*
 * POST "path" with no body and no Content-Length, as "curl -X POST"
 * sends it, with the bearer token unless NULL.
 */
void		 dx_post_bare(const char *path, const char *bearer,
		    struct resp *r);

/* "s" holds no password and no hash of one ("$2", "$y$", "$6$"). */
void		 dx_no_secret(const char *s, const char *pw);

#endif /* FCAUTH_TEST_DIALECT_FX_H */
