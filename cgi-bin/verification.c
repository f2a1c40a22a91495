/*
 * verification.fcgi: its routes arrive with their issues; until then every
 * request is answered 404 not_found through the common loop.
 */
#include <stddef.h>

#include "app.h"

int
main(int argc, char *argv[])
{
	return app_main(argc, argv, "verification", NULL, 0);
}
