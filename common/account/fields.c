/*
 * fields: profile fields.  One table row per field: its field id (the
 * name, aliases, label and byte cap are input_table.c's), its rule,
 * and whether a failing rule's message needs the label in front.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <json-c/json.h>

#include "config.h"
#include "fields.h"
#include "input.h"
#include "validate.h"

/* What the rules may ask besides the value. */
struct rule_ctx {
	const struct config	*cfg;
	time_t			 now;
};

struct field_def {
	enum field		 id;
	const char		*(*rule)(const char *v,
				    const struct rule_ctx *ctx,
				    struct profile_input *in);
	int			 labelled;	/* the rule does not name the
						   field: "<Label>: <why>" */
};

static const char *
rule_username(const char *v, const struct rule_ctx *ctx,
    struct profile_input *in)
{
	(void)in;
	return validate_username(v, ctx->cfg->reserved_usernames[0] != '\0' ?
	    ctx->cfg->reserved_usernames : NULL);
}

static const char *
rule_full_name(const char *v, const struct rule_ctx *ctx,
    struct profile_input *in)
{
	(void)ctx;
	(void)in;
	return validate_text(v, FULLNAME_MAX, 0);
}

static const char *
rule_phone(const char *v, const struct rule_ctx *ctx, struct profile_input *in)
{
	(void)ctx;
	(void)in;
	return validate_phone(v);
}

static const char *
rule_birthday(const char *v, const struct rule_ctx *ctx,
    struct profile_input *in)
{
	return validate_birthday_at(v, ctx->now, in->birthday,
	    sizeof(in->birthday));
}

static const char *
rule_long_text(const char *v, const struct rule_ctx *ctx,
    struct profile_input *in)
{
	(void)ctx;
	(void)in;
	return validate_text(v, BIO_MAX, 1);
}

static const char *
rule_url(const char *v, const struct rule_ctx *ctx, struct profile_input *in)
{
	(void)ctx;
	(void)in;
	return validate_url(v);
}

static const struct field_def field_defs[PF__MAX] = {
	{ FIELD_USERNAME, rule_username, 0 }, /* PF_USERNAME */
	{ FIELD_FULL_NAME, rule_full_name, 1 }, /* PF_FULL_NAME */
	{ FIELD_PHONE, rule_phone, 0 }, /* PF_PHONE */
	{ FIELD_BIRTHDAY, rule_birthday, 0 }, /* PF_BIRTHDAY */
	{ FIELD_BIO, rule_long_text, 1 }, /* PF_BIO */
	{ FIELD_PROFILE_PICTURE, rule_url, 1 }, /* PF_PROFILE_PICTURE */
	{ FIELD_CONTACTS, rule_long_text, 1 }, /* PF_CONTACTS */
};

/* Read and check one field; 0 good or absent, -1 error added. */
static int
fields_one(struct json_object *fields, const struct rule_ctx *ctx,
    struct input_errors *e, struct profile_input *in, enum profile_field f)
{
	const struct field_def		*d = &field_defs[f];
	const struct input_field	*x = input_field(d->id);
	const char			*v = NULL, *why;
	char				 msg[INPUT_MSG_MAX];
	enum field_state		 st;
	int				 required = 0;

	st = input_field_string(fields, d->id, &v, &required);
	if (required && (st == FIELD_ABSENT || st == FIELD_NULL ||
	    (st == FIELD_PRESENT && v[0] == '\0'))) {
		snprintf(msg, sizeof(msg), "%s is required", x->label);
		input_error(e, d->id, msg, NULL);
		return -1;
	}
	switch (st) {
	case FIELD_ABSENT:
		return 0;
	case FIELD_NULL:
		in->given[f] = FIELD_CLEARED;
		return 0;
	case FIELD_BAD_TYPE:
		snprintf(msg, sizeof(msg), "%s must be a string", x->label);
		input_error(e, d->id, msg, NULL);
		return -1;
	case FIELD_PRESENT:
		break;
	}
	if (v[0] == '\0') {
		in->given[f] = FIELD_CLEARED;
		return 0;
	}
	if (strlen(v) > x->maxbytes) {
		snprintf(msg, sizeof(msg), "%s is too long", x->label);
		input_error(e, d->id, msg, NULL);
		return -1;
	}
	if ((why = d->rule(v, ctx, in)) != NULL) {
		if (d->labelled)
			snprintf(msg, sizeof(msg), "%s: %s", x->label, why);
		else
			snprintf(msg, sizeof(msg), "%s", why);
		input_error(e, d->id, msg, v);
		return -1;
	}
	in->given[f] = FIELD_GIVEN;
	in->value[f] = f == PF_BIRTHDAY ? in->birthday : v;
	return 0;
}

int
fields_profile(struct json_object *fields, const struct config *cfg,
    time_t now, struct input_errors *e, struct profile_input *in)
{
	struct rule_ctx	 ctx = { cfg, now };
	int		 f, rc = 0;

	memset(in, 0, sizeof(*in));
	for (f = 0; f < PF__MAX; f++)
		if (fields_one(fields, &ctx, e, in,
		    (enum profile_field)f) == -1)
			rc = -1;
	return rc;
}

/* Whether "key" is a name of a profile field in "fields": 1 or 0. */
static int
fields_is_profile(struct json_object *fields, const char *key)
{
	size_t	 f;

	for (f = 0; f < PF__MAX; f++)
		if (input_is_name(fields, field_defs[f].id, key))
			return 1;
	return 0;
}

int
fields_allowlist(struct json_object *fields, const enum field *allowed,
    size_t nallowed, int profile, struct input_errors *e)
{
	size_t	 i;
	int	 rc = 0;

	json_object_object_foreach(fields, key, val) {
		int	 ok = profile && fields_is_profile(fields, key);

		(void)val;
		for (i = 0; !ok && allowed != NULL && i < nallowed; i++)
			ok = input_is_name(fields, allowed[i], key);
		if (ok)
			continue;
		input_error_param(e, key, input_forbidden(key) ?
		    "Field is not allowed" : "Unknown field", NULL);
		rc = -1;
	}
	return rc;
}
