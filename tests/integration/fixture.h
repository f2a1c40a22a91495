/*
 * fixture: what every integration suite needs besides the HTTP client
 * (client.h), in one place: the test instances, JSON lookups, request
 * and expectation helpers, accounts (registered, and verified through
 * the mail the suite delivers), the configuration through config_load,
 * the database through db.h, fcauthctl, and the mail directory.
 *
 * Everything here asserts with Check, so it runs inside a test (after
 * the runner forked), except fx_init, which main() calls first.
 *
 * Environment, as scripts/test sets it: FCAUTH_TEST_URL and the URLs of
 * the other instances, FCAUTH_TEST_CONFIG (the main configuration),
 * FCAUTH_TEST_ADMIN_CONFIG (the schema owner's: the database and
 * fcauthctl), FCAUTH_TEST_CTL (fcauthctl; else $FCAUTH_CTL, else
 * ./admin/fcauthctl, where make check runs), FCAUTH_TEST_MAIL_DIR
 * (where scripts/mail-to-dir leaves delivered mail).
 */
#ifndef FCAUTH_TEST_FIXTURE_H
#define FCAUTH_TEST_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include <check.h>
#include <json-c/json.h>

#include "client.h"
#include "db.h"

#define FX_JSON		"application/json"
#define FX_FORM		"application/x-www-form-urlencoded"

#define FX_TOKEN_LEN	43	/* refresh, link and verification tokens */
#define FX_CODE_MAX	16	/* a mailed code, with its NUL */

#define FX_NAMED	0x01	/* fx_register: with a username too */

/* ---------------------------------------------------------------- */
/* Instances                                                        */
/* ---------------------------------------------------------------- */

/*
 * client_init_or_exit("progname") (skip when FCAUTH_TEST_URL is unset),
 * and remember that URL as the main instance's.  First thing in main().
 */
void		 fx_init(const char *progname);

/*
 * Run the suites of "sr", free it, then client_cleanup: the exit
 * status for main() (EXIT_SUCCESS when no test failed).
 */
int		 fx_run(SRunner *sr);

/* A tcase called "name" in "s", with a timeout fit for HTTP (60 s). */
TCase		*fx_tcase(Suite *s, const char *name);

/* The main instance's URL, as fx_init found it. */
const char	*fx_main_url(void);

/* The value of environment variable "name", which must be set. */
const char	*fx_env(const char *name);

/* Point the client at the instance whose URL is in env "name". */
void		 fx_use_instance(const char *name);

/* Back to the main instance. */
void		 fx_use_main(void);

/* ---------------------------------------------------------------- */
/* JSON                                                             */
/* ---------------------------------------------------------------- */

/* Member "key" of "o", borrowed, or NULL (absent, or not an object). */
struct json_object *fx_jget(struct json_object *o, const char *key);

/* Whether "o" has member "key" at all (null included): 1 or 0. */
int		 fx_jhas(struct json_object *o, const char *key);

/* Member "key" as a string (borrowed), or NULL if absent or not one. */
const char	*fx_jstr(struct json_object *o, const char *key);

/* Member "key" as an integer into "*out" (0 if not): 1, or 0 if not. */
int		 fx_jint_get(struct json_object *o, const char *key,
		    int64_t *out);

/* Member "key", which must be an integer. */
int64_t		 fx_jint(struct json_object *o, const char *key);

/* An integer member, or a decimal string one; -1 when neither. */
int64_t		 fx_jnum(struct json_object *o, const char *key);

/* String member "key" of "o", which must be there, into "buf". */
void		 fx_jcopy(struct json_object *o, const char *key, char *buf,
		    size_t bufsz);

/* A JWT taken apart: its signed part, signature and decoded JSON. */
struct fx_jwt {
	char			 signed_part[2048];	/* "header.payload" */
	unsigned char		 sig[128];
	size_t			 siglen;
	struct json_object	*header;	/* owned; fx_jwt_free */
	struct json_object	*claims;	/* owned; fx_jwt_free */
};

/* Split and decode "token" (three base64url parts) into "t". */
void		 fx_jwt_decode(const char *token, struct fx_jwt *t);

/* Release what "t" holds and clear it. */
void		 fx_jwt_free(struct fx_jwt *t);

/* The header or the claims of "token" as a new object (caller puts). */
struct json_object *fx_jwt_header(const char *token);
struct json_object *fx_jwt_claims(const char *token);

/* ---------------------------------------------------------------- */
/* Requests and expectations                                        */
/* ---------------------------------------------------------------- */

/*
 * "method" on "path" with Content-Type "ctype" and "body" (NULL: no
 * body and no Content-Type), Authorization: Bearer "bearer", Cookie
 * "cookie" and one more header line "hdr" ("Name: value"), each unless
 * NULL.  The reply must come back; release "r" with resp_free.
 */
void		 fx_send(const char *method, const char *path,
		    const char *ctype, const char *body, const char *bearer,
		    const char *cookie, const char *hdr, struct resp *r);

/* fx_send with a JSON "body" (or none). */
void		 fx_call(const char *method, const char *path,
		    const char *bearer, const char *cookie, const char *body,
		    struct resp *r);

/* POST the JSON text "fmt" (printf) to "path". */
void		 fx_post(const char *path, struct resp *r, const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

/*
 * POST the JSON text "fmt" (printf) to "path"; the reply's code must be
 * "code" (NULL: any).  Returns the status.
 */
long		 fx_post_code(const char *path, const char *code,
		    const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));

/*
 * The reply is "status" with envelope code "code"; "what" (may be
 * NULL) names the request in the failure message.
 */
void		 fx_expect(const struct resp *r, long status, const char *code,
		    const char *what);

/* ---------------------------------------------------------------- */
/* Accounts                                                         */
/* ---------------------------------------------------------------- */

/* An account a test made, and what its last register or login gave. */
struct fx_account {
	char		 email[CLIENT_EMAIL_MAX];
	char		 username[CLIENT_USERNAME_MAX];	/* "" if none */
	int64_t		 id;
	char		 access[2048];		/* "" if none */
	char		 refresh[256];		/* "" if none */
	char		 vid[FX_TOKEN_LEN + 1];	/* verification_id, or "" */
};

/*
 * Register a fresh account "a" (address and, with FX_NAMED in "flags",
 * username from "prefix") with password "pw": POST {email, password
 * (, username)}, which must answer 201 ok.  Fills "a" from the reply
 * (user.id or user_id, the tokens, verification_id: whatever it has).
 * The reply stays in "r" for more checks when not NULL.
 */
void		 fx_register(struct fx_account *a, const char *prefix,
		    const char *pw, int flags, struct resp *r);

/*
 * Log in with {"field": "id", "password": "pw"}: the status.  On 200,
 * "a" (may be NULL) gets the tokens and user id.
 */
long		 fx_login(const char *field, const char *id, const char *pw,
		    struct fx_account *a);

/*
 * Deliver the mail of the instance whose configuration is in env
 * "cfg_env"; then the code ("code": FX_CODE_MAX bytes) and link token
 * ("link": FX_TOKEN_LEN + 1) of the newest mail to "a".
 */
void		 fx_code_and_link(const struct fx_account *a,
		    const char *cfg_env, char *code, char *link);

/*
 * Confirm "a" (made pending by fx_register on an instance with
 * verification on, whose configuration is in env "cfg_env"):
 * fx_code_and_link, then POST the code to /verify, which must answer
 * 200 ok.  "a" gets the tokens.
 */
void		 fx_verify(struct fx_account *a, const char *cfg_env);

/* ---------------------------------------------------------------- */
/* Configuration and database                                       */
/* ---------------------------------------------------------------- */

/* config_load of the file named by env "envname"; config_free it. */
void		 fx_config(const char *envname, struct config *cfg);

/*
 * The secret of key "kid" of the configuration in env "envname" into
 * "key": its length, or 0 when there is no such key.
 */
size_t		 fx_config_key(const char *envname, const char *kid,
		    unsigned char *key, size_t keysz);

/*
 * This process's connection to the test database as the schema owner
 * of $FCAUTH_TEST_ADMIN_CONFIG, made on first use (after Check forked)
 * and connected.  fx_db_close drops it; the next fx_db makes a new one.
 */
struct db	*fx_db(void);
void		 fx_db_close(void);

/* The argument list of a statement: FX_ARGS(DBV_INT(id), DBV_STR(s)). */
#define FX_ARGS(...) \
	((const struct db_val[]){ __VA_ARGS__ }), \
	(sizeof((const struct db_val[]){ __VA_ARGS__ }) / \
	    sizeof(struct db_val))
#define FX_NOARGS	NULL, 0

/*
 * The one integer (0 for NULL) of the one row that "sql" (a static
 * text: db.h keys prepared statements by its address) selects.
 */
long long	 fx_db_int(const char *sql, const struct db_val *args,
		    size_t nargs);

/* Run "sql", which must not fail: the number of affected rows. */
long long	 fx_db_exec(const char *sql, const struct db_val *args,
		    size_t nargs);

/* ---------------------------------------------------------------- */
/* fcauthctl and mail                                               */
/* ---------------------------------------------------------------- */

/*
 * Run fcauthctl --config "config" (NULL: $FCAUTH_TEST_ADMIN_CONFIG)
 * with "args" (shell words, already quoted) and "input" on its standard
 * input (NULL: empty); its standard output into "out" and its standard
 * error into "err" (each may be NULL).  Returns its exit status.
 */
int		 fx_ctl(const char *config, const char *args, const char *input,
		    char *out, size_t outsz, char *err, size_t errsz);

/* fcauthctl "args" with the admin configuration must succeed. */
void		 fx_ctl_ok(const char *args);

/* fcauthctl mail-worker --once with the configuration in env "cfg_env". */
void		 fx_deliver(const char *cfg_env);

/*
 * The mail delivered to "to": how many messages, and (when "latest" is
 * not NULL) the text of the newest in a new string the caller frees.
 */
int		 fx_mail_for(const char *to, char **latest);

/*
 * fx_deliver and fx_mail_for until a mail to "to" is there, for up to
 * 3 s: a worker of a suite running beside this one may have claimed the
 * queued row and not yet written the file.  The count, 0 if none came.
 */
int		 fx_mail_wait(const char *to, const char *cfg_env,
		    char **latest);

/* The numeric code in a mail: the first line of only blanks and digits. */
void		 fx_mail_code(const char *text, char *code, size_t codesz);

/* The FX_TOKEN_LEN characters after "marker" in a mail, into "tok". */
void		 fx_mail_token(const char *text, const char *marker, char *tok);

/* ---------------------------------------------------------------- */
/* A program as a plain CGI                                         */
/* ---------------------------------------------------------------- */

/*
 * Run program "prog" ("auth": cgi-bin/auth.fcgi, or the one in
 * $FCAUTH_TEST_CGI_DIR) as a plain CGI with the configuration file
 * "config": one request, "method" on "uri" (path and query) with the
 * JSON text "body" (NULL: none), a bearer token and a Cookie header
 * (NULL: none), the way a web server without a route to it for the
 * path never could.
 * Its reply into "r" (status 0 when it wrote none; resp_free it), its
 * standard error into "err" (may be NULL).  Returns its exit status.
 */
/* One more environment entry ("HTTP_IDEMPOTENCY_KEY=k") for the next
 * fx_cgi calls; NULL: none. */
void		 fx_cgi_env(const char *name_value);

int		 fx_cgi(const char *prog, const char *config,
		    const char *method, const char *uri, const char *body,
		    const char *bearer, const char *cookie, struct resp *r,
		    char *err, size_t errsz);

#endif /* FCAUTH_TEST_FIXTURE_H */
