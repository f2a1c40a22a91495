/*
 * ops: the stable names of the operations, for logs.  Never a wire name:
 * a dialect may move every path without changing one of these.
 */
#include <stddef.h>

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
};

const char *
op_name(enum op op)
{
	if ((int)op < 0 || op >= OP__MAX || op_names[op] == NULL)
		return "-";
	return op_names[op];
}
