/*
 * input: typed access to request fields read by json-c, by name
 * (field_string and friends) and by field id (input_string and
 * friends, which answer with input errors, never with a reply).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "input.h"
#include "validate_private.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* ----------------------------------------------------------- errors */

void
input_errors_init(struct input_errors *e)
{
	e->n = 0;
	e->dropped = 0;
}

int
input_errors_any(const struct input_errors *e)
{
	return e->n > 0 || e->dropped > 0;
}

/* Add one error: the first for a param wins, past the cap it is only
 * counted. */
static void
input_add(struct input_errors *e, const char *param, const char *msg,
    const char *value)
{
	struct input_error	*x;
	size_t			 i;

	if (e == NULL)
		return;
	for (i = 0; i < e->n; i++)
		if (strcmp(e->list[i].param, param) == 0)
			return;
	if (e->n >= INPUT_ERRORS_MAX) {
		e->dropped++;
		return;
	}
	x = &e->list[e->n++];
	x->param = param;
	x->value = value;
	snprintf(x->msg, sizeof(x->msg), "%s", msg);
}

void
input_error(struct input_errors *e, enum field f, const char *msg,
    const char *value)
{
	const struct input_field	*d = input_field(f);

	input_add(e, d->name, msg, d->secret ? NULL : value);
}

void
input_error_param(struct input_errors *e, const char *param,
    const char *msg, const char *value)
{
	input_add(e, param, msg, value);
}

/* ----------------------------------------------------- by wire name */

/* Strings a form body may use for a boolean. */
static const struct {
	const char	*word;
	int		 value;
} bool_words[] = {
	{ "true", 1 }, { "false", 0 },
	{ "1", 1 }, { "0", 0 },
	{ "on", 1 }, { "off", 0 },
};

/*
 * Find field "name", or failing that the first of the NULL-terminated
 * "aliases" (may be NULL) present, in the object "fields".  Returns the
 * state; "*v" borrows the value (NULL unless FIELD_PRESENT).
 */
static enum field_state
field_find(struct json_object *fields, const char *name,
    const char *const *aliases, struct json_object **v)
{
	size_t	 i;
	int	 found;

	*v = NULL;
	if (name == NULL || !json_object_is_type(fields, json_type_object))
		return FIELD_ABSENT;
	found = json_object_object_get_ex(fields, name, v);
	for (i = 0; !found && aliases != NULL && aliases[i] != NULL; i++)
		found = json_object_object_get_ex(fields, aliases[i], v);
	if (!found)
		return FIELD_ABSENT;
	return *v == NULL ? FIELD_NULL : FIELD_PRESENT;
}

/* ------------------------------------------------------ other names */

int
input_use_names(struct json_object *fields, const struct input_names *names)
{
	if (!json_object_is_type(fields, json_type_object))
		return -1;
	/* json-c keeps the pointer; nothing frees it with "fields" */
	json_object_set_userdata(fields, (void *)(uintptr_t)names, NULL);
	return 0;
}

/* The names "fields" is read under, or NULL for the table's. */
static const struct input_names *
names_of(struct json_object *fields)
{
	if (!json_object_is_type(fields, json_type_object))
		return NULL;
	return json_object_get_userdata(fields);
}

/*
 * The field id of table row "def", or FIELD__MAX for a row outside the
 * table (tests).
 */
static enum field
def_id(const struct input_field *def)
{
	int	 f;

	for (f = 0; f < FIELD__MAX; f++)
		if (input_field((enum field)f) == def)
			return (enum field)f;
	return FIELD__MAX;
}

/*
 * The name and aliases that field "def" is read under in "fields";
 * "*required" 1 when the other names require it, else 0.
 */
static void
def_names(struct json_object *fields, const struct input_field *def,
    const char **name, const char *const **aliases, int *required)
{
	const struct input_names	*n = names_of(fields);
	enum field			 f;

	*name = def->name;
	*aliases = def->aliases;
	*required = 0;
	if (n == NULL || (f = def_id(def)) == FIELD__MAX ||
	    n->names[f][0] == NULL)
		return;
	*name = n->names[f][0];
	*aliases = &n->names[f][1];
	*required = n->required[f];
}

int
input_is_name(struct json_object *fields, enum field f, const char *key)
{
	const char		*name;
	const char *const	*aliases;
	int			 req;
	size_t			 i;

	def_names(fields, input_field(f), &name, &aliases, &req);
	if (strcmp(key, name) == 0)
		return 1;
	for (i = 0; aliases != NULL && aliases[i] != NULL; i++)
		if (strcmp(key, aliases[i]) == 0)
			return 1;
	return 0;
}

/* The string of "v" if it is a JSON string without NUL, else NULL.
 * Borrowed from "v". */
static const char *
string_of(struct json_object *v)
{
	const char	*s;

	if (!json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	if (s == NULL ||
	    strlen(s) != (size_t)json_object_get_string_len(v))
		return NULL;
	return s;
}

/*
 * Read field "name" (or an alias) as a string into "*out", which
 * borrows from "fields" and is NULL unless FIELD_PRESENT.  Any other
 * JSON type, and a string holding NUL, is FIELD_BAD_TYPE.
 */
enum field_state
field_string(struct json_object *fields, const char *name,
    const char *const *aliases, const char **out)
{
	struct json_object	*v;
	enum field_state	 st;

	*out = NULL;
	if ((st = field_find(fields, name, aliases, &v)) != FIELD_PRESENT)
		return st;
	if ((*out = string_of(v)) == NULL)
		return FIELD_BAD_TYPE;
	return FIELD_PRESENT;
}

/* The boolean "v" found as "st" into "*out"; see field_bool. */
static enum field_state
bool_of(struct json_object *v, enum field_state st, int *out)
{
	const char		*s;
	size_t			 i;

	*out = 0;
	if (st != FIELD_PRESENT)
		return st;
	if (json_object_is_type(v, json_type_boolean)) {
		*out = json_object_get_boolean(v) ? 1 : 0;
		return FIELD_PRESENT;
	}
	if ((s = string_of(v)) == NULL)
		return FIELD_BAD_TYPE;
	for (i = 0; i < NELEM(bool_words); i++)
		if (strcmp(s, bool_words[i].word) == 0) {
			*out = bool_words[i].value;
			return FIELD_PRESENT;
		}
	return FIELD_BAD_TYPE;
}

/*
 * Read field "name" as a boolean into "*out" (0 unless FIELD_PRESENT):
 * JSON true/false, or exactly one of the bool_words strings.  Numbers
 * and other strings are FIELD_BAD_TYPE.
 */
enum field_state
field_bool(struct json_object *fields, const char *name, int *out)
{
	struct json_object	*v;
	enum field_state	 st;

	st = field_find(fields, name, NULL, &v);
	return bool_of(v, st, out);
}

/*
 * Parse "s" as a whole decimal integer: an optional sign and 1 to 19
 * digits, nothing else (no blanks).  0, or -1 if it is not one or out
 * of range.
 */
static int
parse_decimal(const char *s, long long *v)
{
	const char	*p = s;
	char		*end;

	if (*p == '-' || *p == '+')
		p++;
	if (!is_digit((unsigned char)*p) || strlen(p) > 19 ||
	    !all_digits(p, strlen(p)))
		return -1;
	errno = 0;
	*v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	return 0;
}

/*
 * Read field "name" as an integer in ["min", "max"] into "*out" (0
 * unless FIELD_PRESENT): a JSON integer, or a decimal string.  Other
 * types, fractions and out-of-range values are FIELD_BAD_TYPE.
 */
enum field_state
field_int(struct json_object *fields, const char *name, long long min,
    long long max, long long *out)
{
	struct json_object	*v;
	enum field_state	 st;
	const char		*s;
	long long		 n;

	*out = 0;
	if ((st = field_find(fields, name, NULL, &v)) != FIELD_PRESENT)
		return st;
	if (json_object_is_type(v, json_type_int)) {
		n = json_object_get_int64(v);
		/* an unsigned value above INT64_MAX reads as INT64_MAX */
		if (n == INT64_MAX &&
		    json_object_get_uint64(v) != (uint64_t)INT64_MAX)
			return FIELD_BAD_TYPE;
	} else if ((s = string_of(v)) == NULL || parse_decimal(s, &n) == -1)
		return FIELD_BAD_TYPE;
	if (n < min || n > max)
		return FIELD_BAD_TYPE;
	*out = n;
	return FIELD_PRESENT;
}

/* -------------------------------------------------------- by field id */

/* "<Label> <what>" for field "def" into "e" (the value never echoed). */
static void
input_fail(struct input_errors *e, const struct input_field *def,
    const char *what)
{
	char	 msg[INPUT_MSG_MAX];

	snprintf(msg, sizeof(msg), "%s %s",
	    def->label != NULL ? def->label : def->name, what);
	input_add(e, def->name, msg, NULL);
}

/*
 * Read string field "def" (its name or an alias) into "*out", borrowed
 * from "fields"; see input_string.  "maxbytes" 0 means no cap.
 */
int
input_string_def(struct json_object *fields, const struct input_field *def,
    int required, size_t maxbytes, struct input_errors *e, const char **out)
{
	const char		*s, *what, *name;
	const char *const	*aliases;
	int			 req;

	*out = NULL;
	def_names(fields, def, &name, &aliases, &req);
	required = required || req;
	switch (field_string(fields, name, aliases, &s)) {
	case FIELD_PRESENT:
		if (maxbytes > 0 && strlen(s) > maxbytes)
			what = "is too long";
		else if (required && s[0] == '\0')
			what = "is required";
		else {
			*out = s;
			return 1;
		}
		break;
	case FIELD_BAD_TYPE:
		what = "must be a string";
		break;
	default:
		if (!required)
			return 0;
		what = "is required";
		break;
	}
	input_fail(e, def, what);
	return -1;
}

int
input_string_max(struct json_object *fields, enum field f, int required,
    size_t maxbytes, struct input_errors *e, const char **out)
{
	return input_string_def(fields, input_field(f), required, maxbytes,
	    e, out);
}

int
input_string(struct json_object *fields, enum field f, int required,
    struct input_errors *e, const char **out)
{
	const struct input_field	*d = input_field(f);

	return input_string_def(fields, d, required, d->maxbytes, e, out);
}

enum field_state
input_field_string(struct json_object *fields, enum field f,
    const char **out, int *required)
{
	const char		*name;
	const char *const	*aliases;
	int			 req;

	def_names(fields, input_field(f), &name, &aliases, &req);
	if (req && required != NULL)
		*required = 1;
	return field_string(fields, name, aliases, out);
}

int
input_bool(struct json_object *fields, enum field f,
    struct input_errors *e, int *out)
{
	const struct input_field	*d = input_field(f);
	struct json_object		*jv;
	enum field_state		 st;
	const char			*name;
	const char *const		*aliases;
	int				 v = 0, req;

	def_names(fields, d, &name, &aliases, &req);
	if (d->aliases == aliases)
		aliases = NULL;	/* the table's booleans: the name only */
	st = field_find(fields, name, aliases, &jv);
	switch (bool_of(jv, st, &v)) {
	case FIELD_PRESENT:
		*out = v;
		return 1;
	case FIELD_BAD_TYPE:
		input_fail(e, d, "must be a boolean");
		return -1;
	default:
		if (req) {
			input_fail(e, d, "is required");
			return -1;
		}
		return 0;
	}
}
