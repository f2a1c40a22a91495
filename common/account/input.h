/*
 * input: the request's input fields by id, kcgi's fieldmap idea.  One
 * table (input_table.c) gives every field its wire name, the aliases
 * the seed APIs use, its label for messages, its type, its byte cap
 * and whether it is secret; handlers read fields by id only and never
 * spell a name.  Reading checks the JSON type first: an array or a
 * number where a string belongs is a field error, never converted.
 *
 * Reading answers with a verdict: the value, or an input error added
 * to a struct input_errors that the handler hands to
 * reply_input_errors (common/web/reply.c) in one call.  Nothing here
 * touches a reply.
 */
#ifndef FCAUTH_INPUT_H
#define FCAUTH_INPUT_H

#include <stddef.h>

struct json_object;

/* The fields, by id.  Query parameters are fields too. */
enum field {
	FIELD_LOGIN,		/* an email or a username, to sign in */
	FIELD_EMAIL,
	FIELD_USERNAME,		/* also a profile field */
	FIELD_PASSWORD,
	FIELD_CURRENT_PASSWORD,
	FIELD_NEW_PASSWORD,
	FIELD_NEW_EMAIL,
	FIELD_REMEMBER,
	FIELD_ALL,		/* logout: every session */
	FIELD_TOKEN,		/* a link token (verify, reset) */
	FIELD_CODE,
	FIELD_VERIFICATION_ID,
	FIELD_REFRESH_TOKEN,
	FIELD_FULL_NAME,	/* the profile fields, in users' order */
	FIELD_PHONE,
	FIELD_BIRTHDAY,
	FIELD_BIO,
	FIELD_PROFILE_PICTURE,
	FIELD_CONTACTS,
	FIELD_ID,		/* query: a verification id (status) */
	FIELD_LIMIT,		/* query: events per page (activity) */
	FIELD_BEFORE,		/* query: page on from an event id */
	FIELD_ROLE,		/* query: the role the check route wants */
	FIELD_MFA_TOKEN,	/* the pending sign-in of a two-factor login */
	FIELD_RECOVERY_CODE,
	FIELD_REMEMBER_DEVICE,	/* trust this device: skip the factor */
	FIELD_DEVICE_TOKEN,	/* a trusted device's token (login) */
	FIELD_NAME,		/* a passkey's name */
	FIELD__MAX
};

enum input_type {
	INPUT_STRING,
	INPUT_BOOL,
	INPUT_INT,
};

/* Byte caps of the table: the most read before a field's rule runs. */
#define INPUT_ID_MAX		128	/* a verification id or link token */
#define INPUT_CODE_MAX		32	/* a code as typed */
#define INPUT_REFRESH_MAX	1024	/* a refresh token; ours are 43 */
#define INPUT_TOKEN_MAX		1024	/* an mfa_token or device token
					   (ours are 43): an access token
					   sent as one is looked up, and
					   refused as unknown */

/* One field: what the wire calls it and how it is read. */
struct input_field {
	const char		*name;		/* the wire name */
	const char *const	*aliases;	/* NULL-terminated, or NULL */
	const char		*label;		/* for messages; NULL = name */
	enum input_type		 type;
	size_t			 maxbytes;	/* strings; 0 = no cap */
	int			 secret;	/* its value is never echoed */
};

/* The table row of "f" (input_table.c). */
const struct input_field *input_field(enum field f);

/* The wire name of "f" ("new_password"). */
const char	*input_name(enum field f);

/* Whether "param" is the name or an alias of a secret field (password,
 * token, code, ...), whose value is never echoed: 1 or 0. */
int		 input_secret(const char *param);

/*
 * Whether "key" names a field that a client may never set (role, id,
 * status, ...): 1 or 0.  fields_allowlist answers those with "Field is
 * not allowed" rather than "Unknown field".
 */
int		 input_forbidden(const char *key);

/* ------------------------------------------------------ other names */

#define INPUT_NAMES_MAX		4	/* wire names of one field */

/*
 * Another API's names for the fields (a dialect's "field" lines,
 * fcauth-dialect(5)), made once at start: for each field it renames,
 * the wire names to read it under instead of the table's name and
 * aliases, and whether that API requires it.  Field errors keep the
 * table's names: whoever speaks the other API renames them on output.
 */
struct input_names {
	const char	*names[FIELD__MAX][INPUT_NAMES_MAX + 1]; /* NULL-
					   terminated; none: the table's */
	int		 required[FIELD__MAX];
};

/*
 * The field whose table name is "name" (FIELD__MAX if none): to build a
 * struct input_names from canonical names.
 */
enum field	 input_lookup(const char *name);

/*
 * Read the request fields "fields" under "names" from now on: every
 * read by field id below, fields_profile and fields_allowlist look for
 * its wire names, and treat a field it requires as required.
 * "names" is borrowed and must outlive "fields"; NULL (or never
 * calling this) means the table's names.  Returns 0, or -1 if
 * "fields" is not an object.
 */
int		 input_use_names(struct json_object *fields,
		    const struct input_names *names);

/*
 * Whether "key" is a name "fields" is read under for field "f" (its
 * table name or an alias, or the other names given it): 1 or 0.
 */
int		 input_is_name(struct json_object *fields, enum field f,
		    const char *key);

/* ----------------------------------------------------------- errors */

#define INPUT_ERRORS_MAX	20	/* errors listed; the rest counted */
#define INPUT_MSG_MAX		160

struct input_error {
	const char	*param;		/* borrowed: a table name or a key
					   of the request */
	const char	*value;		/* borrowed from the request, or
					   NULL; never set for a secret */
	char		 msg[INPUT_MSG_MAX];
};

/*
 * The field errors of one request, in the order they were found.  The
 * first error of a param wins; past INPUT_ERRORS_MAX params an error
 * is only counted in "dropped", so the list never grows with the
 * input.  The values borrow from the request: hand the list to
 * reply_input_errors while the request lives.
 */
struct input_errors {
	struct input_error	 list[INPUT_ERRORS_MAX];
	size_t			 n;
	size_t			 dropped;
};

/* Start an empty list. */
void		 input_errors_init(struct input_errors *e);

/* Whether "e" holds an error: 1 or 0. */
int		 input_errors_any(const struct input_errors *e);

/*
 * Add "msg" (copied, cut to INPUT_MSG_MAX - 1 bytes) for field "f",
 * with "value" (may be NULL) to echo unless the field is secret.
 */
void		 input_error(struct input_errors *e, enum field f,
		    const char *msg, const char *value);

/* As input_error for a param the table does not name (an unknown key
 * of the request); "param" must outlive "e". */
void		 input_error_param(struct input_errors *e, const char *param,
		    const char *msg, const char *value);

/* ---------------------------------------------------------- reading */

enum field_state {
	FIELD_ABSENT,		/* not present (or JSON null, see below) */
	FIELD_PRESENT,
	FIELD_NULL,		/* present as JSON null */
	FIELD_BAD_TYPE,		/* present with the wrong type */
};

/*
 * Find field "name" (or, failing that, any of the NULL-terminated
 * "aliases") in "fields" and read it as a string; "*out" borrows from
 * the JSON object.  Strings containing NUL are FIELD_BAD_TYPE.
 */
enum field_state field_string(struct json_object *fields, const char *name,
		    const char *const *aliases, const char **out);

/* A boolean: JSON true/false, or the strings "true"/"false"/"1"/"0"/
 * "on"/"off" (form bodies). */
enum field_state field_bool(struct json_object *fields, const char *name,
		    int *out);

/* An integer: JSON int, or a decimal string (form bodies), in
 * [min, max]; out-of-range is FIELD_BAD_TYPE. */
enum field_state field_int(struct json_object *fields, const char *name,
		    long long min, long long max, long long *out);

/*
 * Field "f" (under the names "fields" is read with) as a string, as
 * field_string; 1 in "*required" when those names require it (else
 * untouched; may be NULL).
 */
enum field_state input_field_string(struct json_object *fields,
		    enum field f, const char **out, int *required);

/*
 * The common pattern for handlers: read string field "f" (its name or
 * an alias) into "*out", borrowed from "fields".  An error goes to "e"
 * under the field's name, never echoing the value, when it is
 * "required" and absent, null or empty ("<Label> is required"), not a
 * string ("<Label> must be a string"), or longer than the table's cap
 * ("<Label> is too long").  Returns 1 present and good (possibly ""
 * when not required), 0 absent or null and allowed, -1 error added.
 */
int		 input_string(struct json_object *fields, enum field f,
		    int required, struct input_errors *e, const char **out);

/*
 * input_string with a cap of the operation's own instead of the
 * table's ("maxbytes", 0 = none): the names typed to find an account
 * (login, forgot) are read to EMAIL_MAX, and registration reads its
 * password further so that validate_password answers a long one.
 */
int		 input_string_max(struct json_object *fields, enum field f,
		    int required, size_t maxbytes, struct input_errors *e,
		    const char **out);

/* input_string for a field "def" outside the table (tests). */
int		 input_string_def(struct json_object *fields,
		    const struct input_field *def, int required,
		    size_t maxbytes, struct input_errors *e, const char **out);

/*
 * A boolean field "f" (see field_bool) into "*out"; a wrong type adds
 * "<Label> must be a boolean" to "e".  Returns 1 present, 0 absent or
 * null ("*out" untouched), -1 error added.
 */
int		 input_bool(struct json_object *fields, enum field f,
		    struct input_errors *e, int *out);

#endif /* FCAUTH_INPUT_H */
