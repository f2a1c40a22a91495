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

/* What verification.fcgi serves; the paths are in common/web/paths.c. */
static const struct route routes[] = {
	{ OP_VERIFY, handle_verify },
	{ OP_VERIFY_STATUS, handle_status },
	{ OP_RESEND, handle_resend },
	{ OP_VERIFY_LINK, handle_link },
	{ OP_FORGOT, handle_forgot },
	{ OP_RESET, handle_reset },
	{ OP_RESET_TOKEN, handle_reset },
	{ OP_ACTIVATE, handle_activate },	/* no canonical path */
};

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "verification", routes,
	    sizeof(routes) / sizeof(routes[0]));
}
