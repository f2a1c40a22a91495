/*
 * result: typed results into a reply, and the reply's data out as
 * JSON.  Handlers build the data of a reply here, naming every member
 * by its output key (outkey.h); the data modules hand over C structs
 * (a user, session rows, audit rows, a sign-in) and this file is the
 * one place that knows their JSON shape (API.md).  render.c writes the
 * envelope around it.
 */
#ifndef FCAUTH_RESULT_H
#define FCAUTH_RESULT_H

#include <stddef.h>
#include <stdint.h>

#include "msg.h"
#include "outkey.h"

struct audit_row;
struct config;
struct device_row;
struct json_object;
struct jsonw;
struct login_result;
struct passkey_row;
struct reply;
struct session_row;
struct user;

/* A new empty data object (the caller owns it), or NULL. */
struct json_object *result_object(void);

/* Release data not given to a reply.  NULL does nothing. */
void	 result_drop(struct json_object *o);

/*
 * Add a member under "k" to object "o": a string ("s" NULL is null), a
 * date or other optional string ("" is null), an integer, or any value
 * "v" (taken; NULL is null).  "o" NULL does nothing.  0, or -1 on out
 * of memory.
 */
int	 result_str(struct json_object *o, enum outkey k, const char *s);
int	 result_optstr(struct json_object *o, enum outkey k, const char *s);
int	 result_int(struct json_object *o, enum outkey k, int64_t v);
int	 result_add(struct json_object *o, enum outkey k,
	    struct json_object *v);

/* The session list [{id, created_at, last_used_at, ip, user_agent,
 * current}] of "n" rows, newly allocated, or NULL. */
/*
 * An array of one object per row of "rows" ("n" rows of "size" bytes),
 * each filled by "fill" (0 or -1), newly allocated, or NULL.
 */
struct json_object *result_rows(const void *rows, size_t n, size_t size,
	    int (*fill)(struct json_object *, const void *));
struct json_object *result_sessions(const struct session_row *rows,
	    size_t n);

/* Audit events [{id, event, at, ip, user_agent}] of "n" rows, newly
 * allocated, or NULL. */
struct json_object *result_events(const struct audit_row *rows, size_t n);

/*
 * A sign-in "lr" as the reply: "status" and "m" with the payload
 * {access_token, token_type, expires_in, refresh_token,
 * refresh_expires_in, user}, and in cookie mode both cookies set.  0,
 * or -1 on out of memory (the reply is an internal_error).
 */
int	 result_login(struct reply *r, int status, enum msg m,
	    const struct login_result *lr);

/*
 * The first step of a two-factor sign-in (result_mfa.c): 200
 * mfa_required with {mfa_token, factors: ["totp", "recovery_code"],
 * expires_in} and no session.  0, or -1 on out of memory (the reply is
 * an internal_error).
 */
int	 result_mfa_required(struct reply *r, const char *mfa_token,
	    unsigned factors, unsigned ttl);

/*
 * A trusted device's token "token", valid "ttl" seconds, added to the
 * login payload of "r": in cookie mode ("cookies") as the device
 * cookie, else as data.device_token; data.device_expires_in either
 * way.  0, or -1 on out of memory (the reply is an internal_error).
 */
int	 result_device(struct reply *r, const char *token, unsigned ttl,
	    int cookies);

/* The device list [{id, created_at, last_used_at, expires_at, ip,
 * user_agent}] of "n" rows, newly allocated, or NULL. */
struct json_object *result_devices(const struct device_row *rows, size_t n);

/*
 * The passkey shapes (result_passkey.c).  result_passkey_creation:
 * PublicKeyCredentialCreationOptionsJSON for "u" with user handle
 * "handle", "challenge" and the account's credentials "rows"
 * (excludeCredentials); result_passkey_request: the
 * PublicKeyCredentialRequestOptionsJSON with allowCredentials "rows";
 * result_passkeys: the list [{id, name, created_at, last_used_at,
 * transports, backed_up}]; result_passkey_one: one of them.  New
 * objects, or NULL on out of memory.
 */
struct json_object *result_passkey_creation(const struct config *cfg,
	    const struct user *u, const unsigned char handle[32],
	    const unsigned char challenge[32],
	    const struct passkey_row *rows, size_t n);
struct json_object *result_passkey_request(const struct config *cfg,
	    const unsigned char challenge[32],
	    const struct passkey_row *rows, size_t n);
struct json_object *result_passkeys(const struct passkey_row *rows,
	    size_t n);
struct json_object *result_passkey_one(const struct passkey_row *row);

/* A refused ceremony's verdict (passkey.h's enum passkey_verdict, not
 * PASSKEY_OK nor PASSKEY_ERROR) as its 4xx code and message. */
void	 result_passkey_refused(struct reply *r, int verdict);

/* In cookie mode ("cookies"), clear both session cookies.  0 or -1. */
int	 result_signout(struct reply *r, int cookies);

/*
 * Write the data of "r" under "key" to "w": its data object (a user
 * object last under "user" when the reply has one), the user object
 * alone, or null.  For render.c.
 */
void	 result_write(struct jsonw *w, const char *key, const struct reply *r);

/* The user object of API.md under "key" (NULL: an array element);
 * never the password hash. */
void	 result_write_user(struct jsonw *w, const char *key,
	    const struct user *u);

#endif /* FCAUTH_RESULT_H */
