/*
 * Unit tests of common/web/feed.c's memory: what rows of the
 * revocation feed make of a token (feed_apply, feed_lookup), without a
 * database.  Reading the table, the bound and failing closed are in
 * tests/integration/check_feed.c and check_outage.c.
 */
#include <string.h>

#include <check.h>

#include "feed.h"
#include "revocations.h"
#include "unit.h"

#define T0	1800000000LL	/* a revocation time, seconds */

static void
row(struct feed *f, int user, int64_t uid, int64_t sid, int64_t at_s)
{
	struct revocation	 r;

	memset(&r, 0, sizeof(r));
	r.user = user;
	r.user_id = uid;
	r.session_id = sid;
	r.at_us = at_s * 1000000 + 250000;
	ck_assert_int_eq(feed_apply(f, &r), 0);
}

START_TEST(test_empty)
{
	struct feed	*f = feed_new();

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(feed_lookup(f, 1, 1, T0), FEED_CLEAR);
	feed_free(f);
}
END_TEST

START_TEST(test_session)
{
	struct feed	*f = feed_new();

	row(f, 0, 7, 70, T0);
	/* a revoked session stays revoked, whatever the token's age */
	ck_assert_int_eq(feed_lookup(f, 7, 70, T0 - 100), FEED_SESSION_ENDED);
	ck_assert_int_eq(feed_lookup(f, 7, 70, T0 + 100), FEED_SESSION_ENDED);
	ck_assert_int_eq(feed_lookup(f, 7, 71, T0 - 100), FEED_CLEAR);
	feed_free(f);
}
END_TEST

START_TEST(test_user)
{
	struct feed	*f = feed_new();

	row(f, 1, 8, 0, T0);
	ck_assert_int_eq(feed_lookup(f, 8, 80, T0 - 1), FEED_USER_CHANGED);
	/* the second of the change and the next: the database decides */
	ck_assert_int_eq(feed_lookup(f, 8, 80, T0), FEED_USER_CHANGED);
	ck_assert_int_eq(feed_lookup(f, 8, 80, T0 + 1), FEED_USER_CHANGED);
	/* issued later: the change is in the token */
	ck_assert_int_eq(feed_lookup(f, 8, 80, T0 + 2), FEED_CLEAR);
	ck_assert_int_eq(feed_lookup(f, 9, 80, T0 - 1), FEED_CLEAR);
	feed_free(f);
}
END_TEST

START_TEST(test_spared)
{
	struct feed	*f = feed_new();

	/* a password change from session 90 ends the others */
	row(f, 1, 9, 90, T0);
	ck_assert_int_eq(feed_lookup(f, 9, 90, T0 - 1), FEED_CLEAR);
	ck_assert_int_eq(feed_lookup(f, 9, 91, T0 - 1), FEED_USER_CHANGED);
	/* read twice (the catch-up margin): the same */
	row(f, 1, 9, 90, T0);
	ck_assert_int_eq(feed_lookup(f, 9, 90, T0 - 1), FEED_CLEAR);
	/* another change sparing another session spares none */
	row(f, 1, 9, 91, T0 + 5);
	ck_assert_int_eq(feed_lookup(f, 9, 90, T0 - 1), FEED_USER_CHANGED);
	ck_assert_int_eq(feed_lookup(f, 9, 91, T0 - 1), FEED_USER_CHANGED);
	/* the newest time counts */
	ck_assert_int_eq(feed_lookup(f, 9, 92, T0 + 4), FEED_USER_CHANGED);
	feed_free(f);
}
END_TEST

START_TEST(test_many)
{
	struct feed	*f = feed_new();
	int64_t		 i;

	for (i = 1; i <= 100000; i++)
		row(f, 0, i % 977 + 1, i, T0 + i / 1000);
	for (i = 1; i <= 100000; i++)
		ck_assert_int_eq(feed_lookup(f, i % 977 + 1, i, T0),
		    FEED_SESSION_ENDED);
	ck_assert_int_eq(feed_lookup(f, 1, 100001, T0), FEED_CLEAR);
	feed_free(f);
}
END_TEST

/*
 * Where the next catch-up starts: FEED_MARGIN (5 s) before the newest
 * row, or before the database's clock at the last read once that is
 * later.  A burst of rows (a mass logout) is not read again at every
 * poll for as long as no newer row comes.
 */
START_TEST(test_since)
{
	struct feed		*f = feed_new();
	struct revocation	 r;

	ck_assert_int_eq(feed_next_since(f), 0);	/* the whole window */
	memset(&r, 0, sizeof(r));
	r.session_id = 7;
	r.user_id = 1;
	r.at_us = T0 * 1000000;
	r.read_us = T0 * 1000000;
	ck_assert_int_eq(feed_apply(f, &r), 0);
	ck_assert_int_eq(feed_next_since(f), (T0 - 5) * 1000000);
	/* the same row read again 60 s later: nothing is late any more */
	r.read_us = (T0 + 60) * 1000000;
	ck_assert_int_eq(feed_apply(f, &r), 0);
	ck_assert_int_eq(feed_next_since(f), (T0 + 55) * 1000000);
	/* an older read's clock never moves it back */
	r.read_us = (T0 + 10) * 1000000;
	ck_assert_int_eq(feed_apply(f, &r), 0);
	ck_assert_int_eq(feed_next_since(f), (T0 + 55) * 1000000);
	feed_free(f);
}
END_TEST

static Suite *
feed_suite(void)
{
	Suite	*s = suite_create("feed");
	TCase	*tc = tcase_create("memory");

	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_session);
	tcase_add_test(tc, test_user);
	tcase_add_test(tc, test_spared);
	tcase_add_test(tc, test_many);
	tcase_add_test(tc, test_since);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_main("check_feed_set", feed_suite, 0);
}
