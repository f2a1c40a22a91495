/*
 * fields: the profile fields shared by registration and profile
 * updates (username, full_name, phone, birthday, bio, profile_picture,
 * contacts), read with their type checks, aliases and rules, and the
 * allowlist that keeps every other field out (no mass assignment).
 */
#ifndef FCAUTH_FIELDS_H
#define FCAUTH_FIELDS_H

#include <stddef.h>
#include <time.h>

#include "input.h"

struct config;
struct json_object;

/* The profile fields, in the users table's order (users.h). */
enum profile_field {
	PF_USERNAME,
	PF_FULL_NAME,
	PF_PHONE,
	PF_BIRTHDAY,
	PF_BIO,
	PF_PROFILE_PICTURE,
	PF_CONTACTS,
	PF__MAX
};

enum field_given {
	FIELD_NOT_GIVEN,	/* absent: leave as it is */
	FIELD_GIVEN,		/* a good value in "value" */
	FIELD_CLEARED,		/* JSON null or "": clear it */
};

struct profile_input {
	enum field_given given[PF__MAX];
	const char	*value[PF__MAX];	/* borrowed from the request */
	char		 birthday[11];		/* normalised YYYY-MM-DD */
};

/*
 * Read every profile field present in "fields" into "in" under the
 * rules of "cfg" (reserved usernames) on the day of "now" (a birthday
 * is not in the future), adding an input error to "e" for each bad
 * one.  Returns 0 if all were good, -1 if any error was added.
 */
int	 fields_profile(struct json_object *fields, const struct config *cfg,
	    time_t now, struct input_errors *e, struct profile_input *in);

/*
 * Add an "Unknown field" (or "Field is not allowed") error to "e" for
 * every key of "fields" that is neither a name or alias of the
 * "nallowed" fields of "allowed" (may be NULL) nor of a profile field
 * (when "profile" is set).  0 or -1 as above.
 */
int	 fields_allowlist(struct json_object *fields,
	    const enum field *allowed, size_t nallowed, int profile,
	    struct input_errors *e);

#endif /* FCAUTH_FIELDS_H */
