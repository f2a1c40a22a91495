/*
 * unit: the helpers the Check unit suites share; see unit.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

TCase *
unit_tcase(Suite *s, const char *name, void (*setup)(void),
    void (*teardown)(void))
{
	TCase	*tc = tcase_create(name);

	tcase_add_checked_fixture(tc, setup, teardown);
	suite_add_tcase(s, tc);
	return tc;
}

char *
unit_slurp(const char *path)
{
	char	*buf, *tmp;
	size_t	 len = 0, n;
	FILE	*fp;

	fp = fopen(path, "r");
	ck_assert_msg(fp != NULL, "cannot open %s: %s", path, strerror(errno));
	ck_assert_ptr_nonnull(buf = malloc(4096 + 1));
	while ((n = fread(buf + len, 1, 4096, fp)) > 0) {
		len += n;
		ck_assert_ptr_nonnull(tmp = realloc(buf, len + 4096 + 1));
		buf = tmp;
	}
	buf[len] = '\0';
	fclose(fp);
	return buf;
}

const char *
unit_srcdir(void)
{
	const char	*s = getenv("FCAUTH_SRCDIR");

	return s != NULL && s[0] != '\0' ? s : ".";
}

int
unit_buf_write(void *arg, const char *s, size_t len)
{
	struct unit_buf	*b = arg;

	if (b->len + len >= sizeof(b->data))
		return -1;
	memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}
