/*
 * input_table: every input name of the API, one row per field id.
 * The wire speaks these names; handlers only ever say FIELD_*.  To
 * speak another API, swap this file.
 */
#include <string.h>

#include "input.h"
#include "passwd.h"
#include "validate.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const password_aliases[] = { "pwd", NULL };
static const char *const new_password_aliases[] = { "new_pwd", NULL };
static const char *const full_name_aliases[] = { "name", "fullname", NULL };

static const struct input_field input_fields[FIELD__MAX] = {
	{ "login", NULL, "Login", INPUT_STRING, EMAIL_MAX,
	    0 }, /* FIELD_LOGIN */
	{ "email", NULL, "Email", INPUT_STRING, EMAIL_MAX * 4,
	    0 }, /* FIELD_EMAIL */
	{ "username", NULL, "Username", INPUT_STRING, USERNAME_MAX,
	    0 }, /* FIELD_USERNAME */
	{ "password", password_aliases, "Password", INPUT_STRING, PASSWD_MAX,
	    1 }, /* FIELD_PASSWORD */
	{ "current_password", NULL, "Current password", INPUT_STRING,
	    PASSWD_MAX, 1 }, /* FIELD_CURRENT_PASSWORD */
	{ "new_password", new_password_aliases, "New password", INPUT_STRING,
	    PASSWD_MAX * 4, 1 }, /* FIELD_NEW_PASSWORD */
	{ "new_email", NULL, "New email", INPUT_STRING, EMAIL_MAX * 4,
	    0 }, /* FIELD_NEW_EMAIL */
	{ "remember", NULL, "Remember", INPUT_BOOL, 0,
	    0 }, /* FIELD_REMEMBER */
	{ "all", NULL, "All", INPUT_BOOL, 0,
	    0 }, /* FIELD_ALL */
	{ "token", NULL, "Token", INPUT_STRING, INPUT_ID_MAX,
	    1 }, /* FIELD_TOKEN */
	{ "code", NULL, "Code", INPUT_STRING, INPUT_CODE_MAX,
	    1 }, /* FIELD_CODE */
	{ "verification_id", NULL, "Verification id", INPUT_STRING,
	    INPUT_ID_MAX, 0 }, /* FIELD_VERIFICATION_ID */
	{ "refresh_token", NULL, "Refresh token", INPUT_STRING,
	    INPUT_REFRESH_MAX, 1 }, /* FIELD_REFRESH_TOKEN */
	{ "full_name", full_name_aliases, "Full name", INPUT_STRING,
	    FULLNAME_MAX * 4, 0 }, /* FIELD_FULL_NAME */
	{ "phone", NULL, "Phone", INPUT_STRING, PHONE_MAX,
	    0 }, /* FIELD_PHONE */
	{ "birthday", NULL, "Birthday", INPUT_STRING, sizeof("YYYY-MM-DD") - 1,
	    0 }, /* FIELD_BIRTHDAY */
	{ "bio", NULL, "Bio", INPUT_STRING, BIO_MAX * 4,
	    0 }, /* FIELD_BIO */
	{ "profile_picture", NULL, "Profile picture", INPUT_STRING, URL_MAX,
	    0 }, /* FIELD_PROFILE_PICTURE */
	{ "contacts", NULL, "Contacts", INPUT_STRING, CONTACTS_MAX * 4,
	    0 }, /* FIELD_CONTACTS */
	{ "id", NULL, "Id", INPUT_STRING, 0,
	    0 }, /* FIELD_ID */
	{ "limit", NULL, "Limit", INPUT_INT, 0,
	    0 }, /* FIELD_LIMIT */
	{ "before", NULL, "Before", INPUT_INT, 0,
	    0 }, /* FIELD_BEFORE */
	{ "role", NULL, "Role", INPUT_STRING, 0,
	    0 }, /* FIELD_ROLE */
	{ "mfa_token", NULL, "MFA token", INPUT_STRING, INPUT_TOKEN_MAX,
	    1 }, /* FIELD_MFA_TOKEN */
	{ "recovery_code", NULL, "Recovery code", INPUT_STRING,
	    INPUT_CODE_MAX * 2, 1 }, /* FIELD_RECOVERY_CODE */
	{ "remember_device", NULL, "Remember device", INPUT_BOOL, 0,
	    0 }, /* FIELD_REMEMBER_DEVICE */
	{ "device_token", NULL, "Device token", INPUT_STRING, INPUT_TOKEN_MAX,
	    1 }, /* FIELD_DEVICE_TOKEN */
	{ "name", NULL, "Name", INPUT_STRING, 64 * 4,
	    0 }, /* FIELD_NAME */
};

/* Fields that name privileges or identity: never settable by a client. */
static const char *const input_forbidden_names[] = {
	"role", "id", "email_verified", "is_verified", "isVerified", "status",
	"password_hash", "created_at", "updated_at", "last_login_date",
	"last_request_date",
};

const struct input_field *
input_field(enum field f)
{
	static const struct input_field none = { "", NULL, "", INPUT_STRING,
	    0, 0 };

	return (unsigned)f < FIELD__MAX ? &input_fields[f] : &none;
}

enum field
input_lookup(const char *name)
{
	int	 f;

	for (f = 0; name != NULL && f < FIELD__MAX; f++)
		if (strcmp(input_fields[f].name, name) == 0)
			return (enum field)f;
	return FIELD__MAX;
}

const char *
input_name(enum field f)
{
	return input_field(f)->name;
}

int
input_secret(const char *param)
{
	size_t	 f, i;

	for (f = 0; f < FIELD__MAX; f++) {
		const struct input_field *d = &input_fields[f];

		if (!d->secret)
			continue;
		if (strcmp(param, d->name) == 0)
			return 1;
		for (i = 0; d->aliases != NULL && d->aliases[i] != NULL; i++)
			if (strcmp(param, d->aliases[i]) == 0)
				return 1;
	}
	return 0;
}

int
input_forbidden(const char *key)
{
	size_t	 i;

	for (i = 0; i < NELEM(input_forbidden_names); i++)
		if (strcmp(key, input_forbidden_names[i]) == 0)
			return 1;
	return 0;
}
