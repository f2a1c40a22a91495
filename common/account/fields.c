/*
 * fields: profile fields.  One table row per field: its name, the
 * aliases the seed APIs use, its label for messages, its byte cap and
 * its rule.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "config.h"
#include "fields.h"
#include "reply.h"
#include "validate.h"

struct field_def {
	const char		*name;
	const char *const	*aliases;
	const char		*label;
	size_t			 maxbytes;
	const char		*(*rule)(const char *v, const struct config *cfg,
				    struct profile_input *in);
};

static const char *
rule_username(const char *v, const struct config *cfg,
    struct profile_input *in)
{
	(void)in;
	return validate_username(v, cfg->reserved_usernames[0] != '\0' ?
	    cfg->reserved_usernames : NULL);
}

static const char *
rule_full_name(const char *v, const struct config *cfg,
    struct profile_input *in)
{
	(void)cfg;
	(void)in;
	return validate_text(v, FULLNAME_MAX, 0);
}

static const char *
rule_phone(const char *v, const struct config *cfg, struct profile_input *in)
{
	(void)cfg;
	(void)in;
	return validate_phone(v);
}

static const char *
rule_birthday(const char *v, const struct config *cfg,
    struct profile_input *in)
{
	(void)cfg;
	return validate_birthday(v, in->birthday, sizeof(in->birthday));
}

static const char *
rule_long_text(const char *v, const struct config *cfg,
    struct profile_input *in)
{
	(void)cfg;
	(void)in;
	return validate_text(v, BIO_MAX, 1);
}

static const char *
rule_url(const char *v, const struct config *cfg, struct profile_input *in)
{
	(void)cfg;
	(void)in;
	return validate_url(v);
}

static const char *const full_name_aliases[] = { "name", "fullname", NULL };

static const struct field_def field_defs[PF__MAX] = {
	{ "username", NULL, "Username", USERNAME_MAX, rule_username }, /* PF_USERNAME */
	{ "full_name", full_name_aliases, "Full name", FULLNAME_MAX * 4,
	    rule_full_name }, /* PF_FULL_NAME */
	{ "phone", NULL, "Phone", PHONE_MAX, rule_phone }, /* PF_PHONE */
	{ "birthday", NULL, "Birthday", 10, rule_birthday }, /* PF_BIRTHDAY */
	{ "bio", NULL, "Bio", BIO_MAX * 4, rule_long_text }, /* PF_BIO */
	{ "profile_picture", NULL, "Profile picture", URL_MAX, rule_url }, /* PF_PROFILE_PICTURE */
	{ "contacts", NULL, "Contacts", CONTACTS_MAX * 4, rule_long_text }, /* PF_CONTACTS */
};

const char *
fields_name(enum profile_field f)
{
	return f < PF__MAX ? field_defs[f].name : "";
}

/* Read and check one field; 0 good or absent, -1 error recorded. */
static int
fields_one(struct json_object *fields, struct reply *r,
    const struct config *cfg, struct profile_input *in, enum profile_field f)
{
	const struct field_def	*d = &field_defs[f];
	const char		*v = NULL, *why;
	char			 msg[160];
	enum field_state	 st;

	st = field_string(fields, d->name, d->aliases, &v);
	switch (st) {
	case FIELD_ABSENT:
		return 0;
	case FIELD_NULL:
		in->given[f] = FIELD_CLEARED;
		return 0;
	case FIELD_BAD_TYPE:
		snprintf(msg, sizeof(msg), "%s must be a string", d->label);
		reply_field_error(r, d->name, msg, NULL);
		return -1;
	case FIELD_PRESENT:
		break;
	}
	if (v[0] == '\0') {
		in->given[f] = FIELD_CLEARED;
		return 0;
	}
	if (strlen(v) > d->maxbytes) {
		snprintf(msg, sizeof(msg), "%s is too long", d->label);
		reply_field_error(r, d->name, msg, NULL);
		return -1;
	}
	if ((why = d->rule(v, cfg, in)) != NULL) {
		/* generic rules answer without the field's name */
		if (f == PF_FULL_NAME || f == PF_BIO || f == PF_CONTACTS ||
		    f == PF_PROFILE_PICTURE)
			snprintf(msg, sizeof(msg), "%s: %s", d->label, why);
		else
			snprintf(msg, sizeof(msg), "%s", why);
		reply_field_error(r, d->name, msg, v);
		return -1;
	}
	in->given[f] = FIELD_GIVEN;
	in->value[f] = f == PF_BIRTHDAY ? in->birthday : v;
	return 0;
}

int
fields_profile(struct json_object *fields, struct reply *r,
    const struct config *cfg, struct profile_input *in)
{
	int	 f, rc = 0;

	memset(in, 0, sizeof(*in));
	for (f = 0; f < PF__MAX; f++)
		if (fields_one(fields, r, cfg, in, (enum profile_field)f) == -1)
			rc = -1;
	return rc;
}

/* Whether "key" is a profile field name or alias. */
static int
fields_is_profile(const char *key)
{
	size_t	 f, i;

	for (f = 0; f < PF__MAX; f++) {
		if (strcmp(key, field_defs[f].name) == 0)
			return 1;
		for (i = 0; field_defs[f].aliases != NULL &&
		    field_defs[f].aliases[i] != NULL; i++)
			if (strcmp(key, field_defs[f].aliases[i]) == 0)
				return 1;
	}
	return 0;
}

/* Fields that name privileges or identity: never settable by a client. */
static const char *const fields_forbidden[] = {
	"role", "id", "email_verified", "is_verified", "isVerified", "status",
	"password_hash", "created_at", "updated_at", "last_login_date",
	"last_request_date", NULL
};

int
fields_allowlist(struct json_object *fields, struct reply *r,
    const char *const *allowed, int profile)
{
	size_t	 i;
	int	 ok, rc = 0;

	json_object_object_foreach(fields, key, val) {
		(void)val;
		ok = profile && fields_is_profile(key);
		for (i = 0; !ok && allowed != NULL && allowed[i] != NULL; i++)
			ok = strcmp(key, allowed[i]) == 0;
		if (ok)
			continue;
		for (i = 0; fields_forbidden[i] != NULL; i++)
			if (strcmp(key, fields_forbidden[i]) == 0)
				break;
		reply_field_error(r, key, fields_forbidden[i] != NULL ?
		    "Field is not allowed" : "Unknown field", NULL);
		rc = -1;
	}
	return rc;
}
