/*
 * paths: the canonical API's wire (API.md).  One row per operation; a
 * program serves the rows of the operations it lists (route_build).
 * The matcher tries a pattern without "{name}" segments before one with
 * them, so "/verify/status" and "/verify/resend" are never taken for
 * "/verify/{token}", whatever the order here.
 */
#include <string.h>

#include "http.h"
#include "paths.h"

#define G	HTTP_M(HTTP_GET)
#define H	HTTP_M(HTTP_HEAD)
#define P	HTTP_M(HTTP_POST)
#define A	HTTP_M(HTTP_PATCH)
#define D	HTTP_M(HTTP_DELETE)

const struct path paths[OP__MAX] = {
	{ P, "/api/v1/auth/login", PATH_COOKIES },	/* OP_LOGIN */
	{ P | G, "/api/v1/auth/refresh", PATH_COOKIES },/* OP_REFRESH */
	{ P | G, "/api/v1/auth/logout", PATH_COOKIES },	/* OP_LOGOUT */
	{ G | H, "/api/v1/auth/sessions", PATH_BEARER },/* OP_SESSIONS */
	{ D, "/api/v1/auth/sessions/{id}", PATH_BEARER },
							/* OP_SESSION_DELETE */
	{ G | H, "/api/v1/auth/jwks.json", PATH_PUBLIC },/* OP_JWKS */
	{ G | H, "/api/v1/auth/check", PATH_PUBLIC },	/* OP_CHECK */
	{ G, NULL, PATH_PUBLIC },			/* OP_AUTHORIZE */
	{ P, "/api/v1/auth/register", PATH_COOKIES },	/* OP_REGISTER */
	{ P, "/api/v1/auth/verify", PATH_COOKIES },	/* OP_VERIFY */
	{ G | P, "/api/v1/auth/verify/status", PATH_PUBLIC },
							/* OP_VERIFY_STATUS */
	{ P, "/api/v1/auth/verify/resend", PATH_PUBLIC },/* OP_RESEND */
	{ G, "/api/v1/auth/verify/{token}", PATH_PUBLIC },/* OP_VERIFY_LINK */
	{ P, "/api/v1/auth/password/forgot", PATH_PUBLIC },/* OP_FORGOT */
	{ P, "/api/v1/auth/password/reset", PATH_PUBLIC },/* OP_RESET */
	{ P, "/api/v1/auth/password/reset/{token}", PATH_PUBLIC },
							/* OP_RESET_TOKEN */
	{ G | H, "/api/v1/profile", PATH_BEARER },	/* OP_PROFILE_GET */
	{ A, "/api/v1/profile", PATH_BEARER },		/* OP_PROFILE_PATCH */
	{ D, "/api/v1/profile", PATH_BEARER },		/* OP_PROFILE_DELETE */
	{ P, "/api/v1/profile/password", PATH_BEARER },
							/* OP_PROFILE_PASSWORD */
	{ P, "/api/v1/profile/email", PATH_BEARER },	/* OP_PROFILE_EMAIL */
	{ G | H | P, "/api/v1/users/{id}/activity", PATH_BEARER },
							/* OP_ACTIVITY_USER */
	{ G | H, "/api/v1/activity", PATH_BEARER },	/* OP_ACTIVITY_OWN */
	{ P, NULL, PATH_PUBLIC },			/* OP_ACTIVATE */
	{ P, "/api/v1/profile/mfa/totp", PATH_BEARER },
							/* OP_MFA_TOTP_START */
	{ P, "/api/v1/profile/mfa/totp/confirm", PATH_BEARER },
							/* OP_MFA_TOTP_CONFIRM */
	{ D, "/api/v1/profile/mfa/totp", PATH_BEARER },	/* OP_MFA_TOTP_DELETE */
	{ P, "/api/v1/profile/mfa/recovery-codes", PATH_BEARER },
							/* OP_MFA_RECOVERY */
	{ P, "/api/v1/auth/mfa/verify", PATH_COOKIES },	/* OP_MFA_VERIFY */
	{ G | H, "/api/v1/auth/devices", PATH_BEARER },	/* OP_DEVICES */
	{ D, "/api/v1/auth/devices/{id}", PATH_BEARER },
							/* OP_DEVICE_DELETE */
	{ P, "/api/v1/profile/passkeys/options", PATH_BEARER },
						/* OP_PASSKEY_REGISTER_OPTIONS */
	{ P, "/api/v1/profile/passkeys", PATH_BEARER },
							/* OP_PASSKEY_REGISTER */
	{ G | H, "/api/v1/profile/passkeys", PATH_BEARER },/* OP_PASSKEYS */
	{ A, "/api/v1/profile/passkeys/{id}", PATH_BEARER },
							/* OP_PASSKEY_RENAME */
	{ D, "/api/v1/profile/passkeys/{id}", PATH_BEARER },
							/* OP_PASSKEY_DELETE */
	{ P, "/api/v1/auth/passkey/options", PATH_PUBLIC },
						/* OP_PASSKEY_LOGIN_OPTIONS */
	{ P, "/api/v1/auth/passkey/login", PATH_COOKIES },
							/* OP_PASSKEY_LOGIN */
};

const char *
paths_prefix(enum op op, int *len)
{
	const char	*p;

	*len = 0;
	if ((int)op < 0 || op >= OP__MAX || (p = paths[op].pattern) == NULL)
		return "";
	*len = (int)strcspn(p, "{");
	return p;
}

const char *
paths_cookie(int *len)
{
	const char	*a = paths[OP_REFRESH].pattern;
	const char	*b = paths[OP_LOGOUT].pattern;
	int		 i, end = 0;

	/* the last '/' before the two differ, or before both end */
	for (i = 0; a[i] != '\0' && a[i] == b[i]; i++)
		if (a[i] == '/')
			end = i;
	if (a[i] == b[i] || (a[i] == '\0' && b[i] == '/') ||
	    (b[i] == '\0' && a[i] == '/'))
		end = i;
	*len = end > 0 ? end : 1;
	return a;
}
