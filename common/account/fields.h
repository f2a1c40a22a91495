/*
 * fields: the profile fields shared by registration and profile
 * updates (username, full_name, phone, birthday, bio, profile_picture,
 * contacts), read with their type checks, aliases and rules, and the
 * allowlist that keeps every other field out (no mass assignment).
 */
#ifndef FCAUTH_FIELDS_H
#define FCAUTH_FIELDS_H

struct config;
struct json_object;
struct reply;

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
 * Read every profile field present in "fields" into "in", recording a
 * field error in "r" for each bad one.  Returns 0 if all were good,
 * -1 if any error was recorded.
 */
int	 fields_profile(struct json_object *fields, struct reply *r,
	    const struct config *cfg, struct profile_input *in);

/*
 * Record an "Unknown field" (or "Field is not allowed") error for every
 * key of "fields" that is not in the NULL-terminated "allowed" list and
 * not a profile field or alias (when "profile" is set).  0 or -1 as
 * above.
 */
int	 fields_allowlist(struct json_object *fields, struct reply *r,
	    const char *const *allowed, int profile);

/* The column name of a profile field ("full_name"). */
const char *fields_name(enum profile_field f);

#endif /* FCAUTH_FIELDS_H */
