/*
 * unit: the helpers the Check unit suites share; see unit.h.
 */
#include <stdio.h>
#include <stdlib.h>

#include <check.h>
#include <sodium.h>

#include "unit.h"

int
unit_main(const char *name, Suite *(*suite)(void), int flags)
{
	SRunner	*sr;
	int	 failed;

	if ((flags & UNIT_SODIUM) && sodium_init() < 0) {
		fprintf(stderr, "%s: cannot initialise libsodium\n", name);
		return EXIT_FAILURE;
	}
	sr = srunner_create(suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
