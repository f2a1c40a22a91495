/*
 * Unit tests of common/util/text.c: bounded copies and decimals, each
 * against what snprintf writes for the same input.
 */
#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "text.h"
#include "unit.h"

struct copy_case {
	const char	*src;
	size_t		 size;
};

static const struct copy_case copy_cases[] = {
	{ "", 1 },
	{ "127.0.0.1", 64 },
	{ "127.0.0.1", 10 },		/* exactly fits */
	{ "127.0.0.1", 9 },		/* one byte short: cut */
	{ "2001:db8::1", 2 },
	{ "caf\xc3\xa9", 5 },
};

START_TEST(test_copy)
{
	const struct copy_case	*c = &copy_cases[_i];
	char			 got[80], want[80];
	size_t			 n;

	memset(got, 'x', sizeof(got));
	n = text_copy(got, c->size, c->src);
	snprintf(want, c->size, "%s", c->src);
	ck_assert_str_eq(got, want);
	ck_assert_uint_eq(n, strlen(want));
	ck_assert_int_eq(got[c->size], 'x');	/* nothing past the size */
}
END_TEST

START_TEST(test_copy_zero)
{
	char	 b[2] = { 'x', 'y' };

	ck_assert_uint_eq(text_copy(b, 0, "abc"), 0);
	ck_assert_int_eq(b[0], 'x');
}
END_TEST

static const int64_t int_cases[] = {
	0, 1, -1, 9, 10, 42, -42, 1234567890, INT32_MAX, INT32_MIN,
	INT64_MAX, INT64_MIN, INT64_MIN + 1,
};

START_TEST(test_int)
{
	char	 got[TEXT_INT_MAX], want[32];
	size_t	 n;

	n = text_int(got, int_cases[_i]);
	snprintf(want, sizeof(want), "%" PRId64, int_cases[_i]);
	ck_assert_str_eq(got, want);
	ck_assert_uint_eq(n, strlen(want));
}
END_TEST

static Suite *
text_suite(void)
{
	Suite	*s = suite_create("text");
	TCase	*tc = tcase_create("text");

	LOOP(tc, test_copy, copy_cases);
	tcase_add_test(tc, test_copy_zero);
	LOOP(tc, test_int, int_cases);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_main("check_text", text_suite, 0);
}
