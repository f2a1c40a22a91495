/*
 * Unit tests of common/util/url.c: the joiner for one more query
 * parameter, from a table.
 */
#include <check.h>
#include <string.h>

#include "url.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

struct joiner_case {
	const char	*url;
	const char	*want;
};

static const struct joiner_case joiner_cases[] = {
	{ "", "?" },
	{ "https://app.example/done", "?" },
	{ "https://app.example/done?", "&" },
	{ "https://app.example/done?from=mail", "&" },
	{ "/login?a=1&b=2", "&" },
	{ "/login#frag", "?" },
};

START_TEST(test_joiner)
{
	const struct joiner_case	*c = &joiner_cases[_i];

	ck_assert_str_eq(url_joiner(c->url), c->want);
}
END_TEST

static Suite *
url_suite(void)
{
	Suite	*s = suite_create("url");
	TCase	*tc = tcase_create("url");

	tcase_add_loop_test(tc, test_joiner, 0, (int)NELEM(joiner_cases));
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(url_suite());
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? 0 : 1;
}
