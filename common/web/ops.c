/*
 * ops: the stable names of the operations, for logs, and the program
 * that serves each.  Never a wire name: a dialect may move every path
 * without changing one of these.
 */
#include <stddef.h>
#include <string.h>

#include "ops.h"

static const char *const op_names[OP__MAX] = {
	"login",		/* OP_LOGIN */
	"refresh",		/* OP_REFRESH */
	"logout",		/* OP_LOGOUT */
	"sessions",		/* OP_SESSIONS */
	"session_delete",	/* OP_SESSION_DELETE */
	"jwks",			/* OP_JWKS */
	"check",		/* OP_CHECK */
	"authorize",		/* OP_AUTHORIZE */
	"register",		/* OP_REGISTER */
	"verify",		/* OP_VERIFY */
	"verify_status",	/* OP_VERIFY_STATUS */
	"resend",		/* OP_RESEND */
	"verify_link",		/* OP_VERIFY_LINK */
	"forgot",		/* OP_FORGOT */
	"reset",		/* OP_RESET */
	"reset_token",		/* OP_RESET_TOKEN */
	"profile_get",		/* OP_PROFILE_GET */
	"profile_patch",	/* OP_PROFILE_PATCH */
	"profile_delete",	/* OP_PROFILE_DELETE */
	"profile_password",	/* OP_PROFILE_PASSWORD */
	"profile_email",	/* OP_PROFILE_EMAIL */
	"activity_user",	/* OP_ACTIVITY_USER */
	"activity_own",		/* OP_ACTIVITY_OWN */
	"activate",		/* OP_ACTIVATE */
	"mfa_totp_start",	/* OP_MFA_TOTP_START */
	"mfa_totp_confirm",	/* OP_MFA_TOTP_CONFIRM */
	"mfa_totp_delete",	/* OP_MFA_TOTP_DELETE */
	"mfa_recovery",		/* OP_MFA_RECOVERY */
	"mfa_verify",		/* OP_MFA_VERIFY */
	"devices",		/* OP_DEVICES */
	"device_delete",	/* OP_DEVICE_DELETE */
	"passkey_register_options", /* OP_PASSKEY_REGISTER_OPTIONS */
	"passkey_register",	/* OP_PASSKEY_REGISTER */
	"passkeys",		/* OP_PASSKEYS */
	"passkey_rename",	/* OP_PASSKEY_RENAME */
	"passkey_delete",	/* OP_PASSKEY_DELETE */
	"passkey_login_options", /* OP_PASSKEY_LOGIN_OPTIONS */
	"passkey_login",	/* OP_PASSKEY_LOGIN */
};

const char *
op_name(enum op op)
{
	if ((int)op < 0 || op >= OP__MAX || op_names[op] == NULL)
		return "-";
	return op_names[op];
}

int
op_lookup(const char *name)
{
	int	 i;

	for (i = 0; i < OP__MAX; i++)
		if (op_names[i] != NULL && strcmp(op_names[i], name) == 0)
			return i;
	return -1;
}

const char *const op_programs_all[] = {
	"auth", "registration", "verification", "profile", "activity", NULL
};

/* Designated, so that a new operation without a program is a NULL here. */
static const char *const op_programs[OP__MAX] = {
	[OP_LOGIN] = "auth",
	[OP_REFRESH] = "auth",
	[OP_LOGOUT] = "auth",
	[OP_SESSIONS] = "auth",
	[OP_SESSION_DELETE] = "auth",
	[OP_JWKS] = "auth",
	[OP_CHECK] = "auth",
	[OP_AUTHORIZE] = "auth",
	[OP_REGISTER] = "registration",
	[OP_VERIFY] = "verification",
	[OP_VERIFY_STATUS] = "verification",
	[OP_RESEND] = "verification",
	[OP_VERIFY_LINK] = "verification",
	[OP_FORGOT] = "verification",
	[OP_RESET] = "verification",
	[OP_RESET_TOKEN] = "verification",
	[OP_PROFILE_GET] = "profile",
	[OP_PROFILE_PATCH] = "profile",
	[OP_PROFILE_DELETE] = "profile",
	[OP_PROFILE_PASSWORD] = "profile",
	[OP_PROFILE_EMAIL] = "profile",
	[OP_ACTIVITY_USER] = "activity",
	[OP_ACTIVITY_OWN] = "activity",
	[OP_ACTIVATE] = "verification",
	[OP_MFA_TOTP_START] = "profile",
	[OP_MFA_TOTP_CONFIRM] = "profile",
	[OP_MFA_TOTP_DELETE] = "profile",
	[OP_MFA_RECOVERY] = "profile",
	[OP_MFA_VERIFY] = "auth",
	[OP_DEVICES] = "auth",
	[OP_DEVICE_DELETE] = "auth",
	[OP_PASSKEY_REGISTER_OPTIONS] = "profile",
	[OP_PASSKEY_REGISTER] = "profile",
	[OP_PASSKEYS] = "profile",
	[OP_PASSKEY_RENAME] = "profile",
	[OP_PASSKEY_DELETE] = "profile",
	[OP_PASSKEY_LOGIN_OPTIONS] = "auth",
	[OP_PASSKEY_LOGIN] = "auth",
};

const char *
op_program(enum op op)
{
	if ((int)op < 0 || op >= OP__MAX)
		return NULL;
	return op_programs[op];
}
