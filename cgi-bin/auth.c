/*
 * auth.fcgi: login, refresh (rotation with reuse detection), logout,
 * the session list and the public keys, and the FastCGI authorizer:
 * the route table.
 */
#include "app.h"
#include "auth.h"
#include "http.h"
#include "route.h"

/* What auth.fcgi serves; the paths are in common/web/paths.c. */
static const struct route routes[] = {
	{ OP_LOGIN, handle_login },
	{ OP_REFRESH, handle_refresh },
	{ OP_LOGOUT, handle_logout },
	{ OP_SESSIONS, handle_sessions },
	{ OP_SESSION_DELETE, handle_session_delete },
	{ OP_JWKS, handle_jwks },
	{ OP_CHECK, handle_check },
	{ OP_AUTHORIZE, handle_authorize },
	{ OP_MFA_VERIFY, handle_mfa_verify },
	{ OP_DEVICES, handle_devices },
	{ OP_DEVICE_DELETE, handle_device_delete },
	{ OP_PASSKEY_LOGIN_OPTIONS, handle_passkey_login_options },
	{ OP_PASSKEY_LOGIN, handle_passkey_login },
};

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "auth", routes,
	    sizeof(routes) / sizeof(routes[0]));
}
