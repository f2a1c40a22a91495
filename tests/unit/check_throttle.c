/*
 * Unit tests for throttle's decisions: which limits each rule takes
 * from the configuration, and how long a bucket is blocked after each
 * hit (API.md "Throttling": 5 failures per account and address, then a
 * Retry-After doubling from 30 s up to 15 min; 100 consecutive failures
 * lock an account for 15 min; per-address caps per window).
 */
#include <stdlib.h>
#include <string.h>

#include <check.h>

#include "config.h"
#include "throttle.h"
#include "unit.h"

static struct config	 cfg;

static void
setup(void)
{
	ck_assert_int_eq(config_defaults(&cfg), 0);
}

static void
teardown(void)
{
	config_free(&cfg);
}

START_TEST(test_pair_doubles)
{
	static const struct { unsigned hits, block; } cases[] = {
		{ 1, 0 }, { 4, 0 }, { 5, 30 }, { 6, 60 }, { 7, 120 },
		{ 8, 240 }, { 9, 480 }, { 10, 900 }, { 11, 900 }, { 500, 900 },
	};
	struct throttle_limit	 l;
	size_t			 i;

	throttle_limit(&cfg, THROTTLE_LOGIN_PAIR, &l);
	ck_assert_uint_eq(l.max, 5);
	ck_assert_uint_eq(l.window, 900);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		ck_assert_uint_eq(throttle_block_for(&l, cases[i].hits),
		    cases[i].block);
}
END_TEST

START_TEST(test_account_lock)
{
	struct throttle_limit	 l;

	throttle_limit(&cfg, THROTTLE_LOGIN_ACCOUNT, &l);
	ck_assert_uint_eq(l.max, 100);
	ck_assert_uint_eq(throttle_block_for(&l, 99), 0);
	ck_assert_uint_eq(throttle_block_for(&l, 100), 900);
	ck_assert_uint_eq(throttle_block_for(&l, 150), 900);
}
END_TEST

/* Per-address caps count requests and block until the window ends. */
START_TEST(test_address_caps)
{
	static const struct { enum throttle_rule rule; unsigned max, window; }
	    cases[] = {
		{ THROTTLE_LOGIN_ADDR, 100, 900 },
		{ THROTTLE_REGISTER, 30, 3600 },
		{ THROTTLE_VERIFY, 60, 3600 },
		{ THROTTLE_FORGOT, 20, 3600 },
		{ THROTTLE_PASSKEY_OPTIONS, 300, 3600 },
	};
	struct throttle_limit	 l;
	size_t			 i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		throttle_limit(&cfg, cases[i].rule, &l);
		ck_assert_uint_eq(l.max, cases[i].max);
		ck_assert_uint_eq(l.window, cases[i].window);
		ck_assert_uint_eq(l.block, 0);
		ck_assert_uint_eq(throttle_block_for(&l, cases[i].max + 5), 0);
	}
}
END_TEST

START_TEST(test_configured)
{
	struct throttle_limit	 l;

	cfg.login_pair_max = 2;
	cfg.login_backoff_base = 1;
	cfg.login_backoff_max = 4;
	throttle_limit(&cfg, THROTTLE_LOGIN_PAIR, &l);
	ck_assert_uint_eq(throttle_block_for(&l, 1), 0);
	ck_assert_uint_eq(throttle_block_for(&l, 2), 1);
	ck_assert_uint_eq(throttle_block_for(&l, 3), 2);
	ck_assert_uint_eq(throttle_block_for(&l, 4), 4);
	ck_assert_uint_eq(throttle_block_for(&l, 5), 4);
}
END_TEST

static Suite *
throttle_suite(void)
{
	Suite	*s = suite_create("throttle");
	TCase	*tc = tcase_create("decisions");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_pair_doubles);
	tcase_add_test(tc, test_account_lock);
	tcase_add_test(tc, test_address_caps);
	tcase_add_test(tc, test_configured);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_main("check_throttle", throttle_suite, 0);
}
