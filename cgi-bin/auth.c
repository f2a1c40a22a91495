/*
 * auth.fcgi: login, refresh (rotation with reuse detection), logout,
 * the session list and the public keys, and the FastCGI authorizer:
 * the route table.
 */
#include "app.h"
#include "auth.h"
#include "http.h"
#include "route.h"

enum route_id {
	ROUTE_LOGIN,
	ROUTE_REFRESH,
	ROUTE_LOGOUT,
	ROUTE_SESSIONS,
	ROUTE_SESSION_DELETE,
	ROUTE_JWKS,
	ROUTE_CHECK,
	ROUTE__MAX
};

static const struct route routes[ROUTE__MAX] = {
	{ HTTP_M(HTTP_POST), "/api/v1/auth/login", ROUTE_COOKIES,
	    handle_login }, /* ROUTE_LOGIN */
	{ HTTP_M(HTTP_POST) | HTTP_M(HTTP_GET), "/api/v1/auth/refresh",
	    ROUTE_COOKIES, handle_refresh }, /* ROUTE_REFRESH */
	{ HTTP_M(HTTP_POST) | HTTP_M(HTTP_GET), "/api/v1/auth/logout",
	    ROUTE_COOKIES, handle_logout }, /* ROUTE_LOGOUT */
	{ HTTP_M(HTTP_GET) | HTTP_M(HTTP_HEAD), "/api/v1/auth/sessions",
	    ROUTE_BEARER, handle_sessions }, /* ROUTE_SESSIONS */
	{ HTTP_M(HTTP_DELETE), "/api/v1/auth/sessions/{id}", ROUTE_BEARER,
	    handle_session_delete }, /* ROUTE_SESSION_DELETE */
	{ HTTP_M(HTTP_GET) | HTTP_M(HTTP_HEAD), "/api/v1/auth/jwks.json",
	    ROUTE_PUBLIC, handle_jwks }, /* ROUTE_JWKS */
	{ HTTP_M(HTTP_GET) | HTTP_M(HTTP_HEAD), "/api/v1/auth/check",
	    ROUTE_PUBLIC, handle_check }, /* ROUTE_CHECK */
};

int
main(int argc, char *argv[])
{
	app_set_authorizer(handle_authorize);
	return app_main(argc, argv, "auth", routes, ROUTE__MAX);
}
