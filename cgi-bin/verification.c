/*
 * verification.fcgi: confirming an address (by code or by link),
 * resending codes, and the forgotten-password flow: the route table.
 *
 * Every change is one transaction that also queues its mail
 * (mail_enqueue), so a mail exists exactly when its change was
 * committed.  Codes and link tokens are compared as digests, in
 * constant time.  Wrong codes are counted in a committed transaction
 * before the answer goes out, so a retry of the request cannot undo
 * them.
 */
#include "app.h"
#include "http.h"
#include "route.h"
#include "verification.h"

enum route_id {
	ROUTE_VERIFY,
	ROUTE_STATUS,
	ROUTE_RESEND,
	ROUTE_LINK,
	ROUTE_FORGOT,
	ROUTE_RESET,
	ROUTE_RESET_TOKEN,
	ROUTE__MAX
};

/* "status" and "resend" come before "{token}", which would match them. */
static const struct route routes[ROUTE__MAX] = {
	{ HTTP_M(HTTP_POST), "/api/v1/auth/verify", ROUTE_COOKIES,
	    handle_verify }, /* ROUTE_VERIFY */
	{ HTTP_M(HTTP_GET) | HTTP_M(HTTP_POST), "/api/v1/auth/verify/status",
	    ROUTE_PUBLIC, handle_status }, /* ROUTE_STATUS */
	{ HTTP_M(HTTP_POST), "/api/v1/auth/verify/resend", ROUTE_PUBLIC,
	    handle_resend }, /* ROUTE_RESEND */
	{ HTTP_M(HTTP_GET), "/api/v1/auth/verify/{token}", ROUTE_PUBLIC,
	    handle_link }, /* ROUTE_LINK */
	{ HTTP_M(HTTP_POST), "/api/v1/auth/password/forgot", ROUTE_PUBLIC,
	    handle_forgot }, /* ROUTE_FORGOT */
	{ HTTP_M(HTTP_POST), "/api/v1/auth/password/reset", ROUTE_PUBLIC,
	    handle_reset }, /* ROUTE_RESET */
	{ HTTP_M(HTTP_POST), "/api/v1/auth/password/reset/{token}",
	    ROUTE_PUBLIC, handle_reset }, /* ROUTE_RESET_TOKEN */
};

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "verification", routes, ROUTE__MAX);
}
