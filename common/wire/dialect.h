/*
 * dialect: a legacy API described as data (fcauth-dialect(5)).  A dialect
 * file maps legacy routes (method + path) to fcauth operations by name,
 * renames input fields, and gives the success and error bodies of each
 * operation as templates over the canonical reply.  dialect_load reads
 * and checks a whole file, or refuses it with "FILE:LINE: reason";
 * dialect_render turns a template and a canonical reply into the
 * dialect's body.  Nothing here reads a request or writes bytes.
 */
#ifndef FCAUTH_DIALECT_H
#define FCAUTH_DIALECT_H

#include <stddef.h>

struct json_object;

#define DIALECT_FILE_MAX	(256 * 1024)	/* bytes in a file */
#define DIALECT_LINE_MAX	1024	/* bytes in a line, newline excluded */
#define DIALECT_ROUTES_MAX	64
#define DIALECT_FIELDS_MAX	64
#define DIALECT_NAMES_MAX	4	/* wire names of one field */
#define DIALECT_REPLIES_MAX	128	/* reply lines and error lines, each */
#define DIALECT_TEMPLATE_MAX	8192	/* bytes in one template */
#define DIALECT_DEPTH_MAX	8	/* nesting of objects and arrays */
#define DIALECT_NODES_MAX	512	/* values in one template */
#define DIALECT_NAME_MAX	64	/* a dialect, field or key name */

/*
 * The operations a route may name: the stable names of enum op
 * (common/web/ops.h), in its order, so that DIALECT_OP_x == OP_x once
 * the two are tied, then the operations only a dialect asks for.
 */
enum dialect_op {
	DIALECT_OP_LOGIN,
	DIALECT_OP_REFRESH,
	DIALECT_OP_LOGOUT,
	DIALECT_OP_SESSIONS,
	DIALECT_OP_SESSION_DELETE,
	DIALECT_OP_JWKS,
	DIALECT_OP_CHECK,
	DIALECT_OP_AUTHORIZE,
	DIALECT_OP_REGISTER,
	DIALECT_OP_VERIFY,
	DIALECT_OP_VERIFY_STATUS,
	DIALECT_OP_RESEND,
	DIALECT_OP_VERIFY_LINK,
	DIALECT_OP_FORGOT,
	DIALECT_OP_RESET,
	DIALECT_OP_RESET_TOKEN,
	DIALECT_OP_PROFILE_GET,
	DIALECT_OP_PROFILE_PATCH,
	DIALECT_OP_PROFILE_DELETE,
	DIALECT_OP_PROFILE_PASSWORD,
	DIALECT_OP_PROFILE_EMAIL,
	DIALECT_OP_ACTIVITY_USER,
	DIALECT_OP_ACTIVITY_OWN,
	DIALECT_OP_ACTIVATE,	/* verify without signing in (seed003) */
	DIALECT_OP_MFA_TOTP_START,	/* the second factor's enrolment */
	DIALECT_OP_MFA_TOTP_CONFIRM,
	DIALECT_OP_MFA_TOTP_DELETE,
	DIALECT_OP_MFA_RECOVERY,
	DIALECT_OP_MFA_VERIFY,
	DIALECT_OP_DEVICES,
	DIALECT_OP_DEVICE_DELETE,
	DIALECT_OP_PASSKEY_REGISTER_OPTIONS,	/* passkeys (issue 17) */
	DIALECT_OP_PASSKEY_REGISTER,
	DIALECT_OP_PASSKEYS,
	DIALECT_OP_PASSKEY_RENAME,
	DIALECT_OP_PASSKEY_DELETE,
	DIALECT_OP_PASSKEY_LOGIN_OPTIONS,
	DIALECT_OP_PASSKEY_LOGIN,
	DIALECT_OP__MAX
};

#define DIALECT_ANY	(-1)	/* "*": any operation, or the canonical status */

struct dialect_node;		/* a template value; opaque */

struct dialect_route {
	const char	*method;	/* "POST": static */
	char		*path;		/* base + path, "<x>" written "{x}" */
	enum dialect_op	 op;
	int		 line;
};

struct dialect_field {
	const char	*canonical;	/* "full_name": static */
	char		*names[DIALECT_NAMES_MAX]; /* wire names; [0] in errors */
	size_t		 nnames;
	int		 required;	/* the dialect requires it */
	int		 line;
};

/* A "reply" line (success) or an "error" line. */
struct dialect_reply {
	int		 op;		/* enum dialect_op, or DIALECT_ANY */
	const char	*code;		/* error lines: static code, NULL = any */
	int		 status;	/* HTTP status, or DIALECT_ANY */
	const char	*when_key;	/* reply lines: "status", or NULL */
	char		*when_value;	/* "verified" */
	struct dialect_node *body;
	int		 line;
};

struct dialect {
	char		*name;		/* the "dialect" line */
	char		*file;		/* as given to dialect_load */
	struct dialect_route routes[DIALECT_ROUTES_MAX];
	size_t		 nroutes;
	struct dialect_field fields[DIALECT_FIELDS_MAX];
	size_t		 nfields;
	struct dialect_reply replies[DIALECT_REPLIES_MAX];
	size_t		 nreplies;
	struct dialect_reply errors[DIALECT_REPLIES_MAX];
	size_t		 nerrors;
	int		 access_ttl_session; /* option access_ttl session */
	char		*refresh_cookie_path; /* cookie refresh PATH, or NULL */
	char		*link_verify;	/* link verify PATH, or NULL */
	char		*link_reset;	/* link reset PATH, or NULL */
};

/*
 * Read the dialect file "path" (at most DIALECT_FILE_MAX bytes) and check
 * all of it.  Returns the dialect, to be freed with dialect_free, or
 * NULL with "FILE:LINE: reason" (line 0 when the file cannot be read or
 * memory runs out) in "err".
 */
struct dialect	*dialect_load(const char *path, char *err, size_t errsz);

/* The same for "len" bytes of "text"; "file" names it in messages. */
struct dialect	*dialect_parse(const char *file, const char *text,
		    size_t len, char *err, size_t errsz);

/* Free "d" and everything it holds.  No operation if "d" is NULL. */
void		 dialect_free(struct dialect *d);

/*
 * The success reply of operation "op" for the canonical reply
 * "canonical": the first "reply" line of "op" whose "when" condition
 * holds (or that has none), or NULL if there is none: then the
 * canonical body goes out unchanged.  Borrowed from "d".
 */
const struct dialect_reply *dialect_success(const struct dialect *d,
		    enum dialect_op op, struct json_object *canonical);

/*
 * The error reply of operation "op" for code "code" ("invalid_code"):
 * the first of op+code, op+*, *+code, *+*, or NULL.  Borrowed.
 */
const struct dialect_reply *dialect_failure(const struct dialect *d,
		    enum dialect_op op, const char *code);

/*
 * The body of "rep" over "canonical", the reply fcauth would send
 * ({"success", "code", "message", "data", "errors"}): a new object the
 * caller owns, or NULL when memory runs out.  "canonical" is borrowed.
 * The HTTP status is rep->status unless that is DIALECT_ANY.
 */
struct json_object *dialect_render(const struct dialect *d,
		    const struct dialect_reply *rep,
		    struct json_object *canonical);

/*
 * The name a field error uses for canonical field "canonical": the
 * dialect's first wire name for it, else "canonical" itself.
 */
const char	*dialect_field_name(const struct dialect *d,
		    const char *canonical);

/*
 * The canonical field a wire name stands for: the field whose names
 * hold "wire", else "wire" itself when no field line renames the
 * canonical field of that name, else NULL (renamed away).
 */
const char	*dialect_field_canonical(const struct dialect *d,
		    const char *wire);

/* The operation called "name" (-1 if none), and the name of "op". */
int		 dialect_op_lookup(const char *name);
const char	*dialect_op_name(enum dialect_op op);

#endif /* FCAUTH_DIALECT_H */
