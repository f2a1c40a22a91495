/*
 * Unit tests of common/util/url.c: the joiner for one more query
 * parameter, from a table.
 */
#include <check.h>
#include <string.h>

#include "url.h"
#include "unit.h"


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

	LOOP(tc, test_joiner, joiner_cases);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_main("check_url", url_suite, 0);
}
