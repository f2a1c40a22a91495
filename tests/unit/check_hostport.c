/*
 * Unit tests of common/util/hostport.c: the [database] host items that
 * split into a host and a port, and those refused, from a table
 * (config_check's refusal of a list with a bad item: check_config).
 */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "hostport.h"
#include "unit.h"

struct split_case {
	const char	*item;
	const char	*host;		/* NULL: refused */
	unsigned	 port;
};

static const struct split_case split_cases[] = {
	{ "localhost", "localhost", 3306 },
	{ "127.0.0.1", "127.0.0.1", 3306 },
	{ "127.0.0.1:3307", "127.0.0.1", 3307 },
	{ "db1.example:1", "db1.example", 1 },
	{ "db1.example:65535", "db1.example", 65535 },
	{ "::1", "::1", 3306 },			/* bare IPv6: no port */
	{ "fe80::1:2", "fe80::1:2", 3306 },
	{ "[::1]", "::1", 3306 },
	{ "[::1]:3310", "::1", 3310 },
	{ "[2001:db8::5]:13306", "2001:db8::5", 13306 },
	{ "h:0", NULL, 0 },
	{ "h:65536", NULL, 0 },
	{ "h:099999", NULL, 0 },
	{ "h:", NULL, 0 },
	{ ":3307", NULL, 0 },
	{ "h:33a", NULL, 0 },
	{ "h:-1", NULL, 0 },
	{ "h: 3307", NULL, 0 },
	{ "[::1", NULL, 0 },
	{ "[::1]x", NULL, 0 },
	{ "[::1]:", NULL, 0 },
	{ "[]:3307", NULL, 0 },
	{ "a]b", NULL, 0 },
	{ "", NULL, 0 },
};

START_TEST(test_split)
{
	const struct split_case	*c = &split_cases[_i];
	char			 host[64];
	unsigned		 port = 0;
	int			 rc;

	rc = hostport_split(c->item, strlen(c->item), 3306, host,
	    sizeof(host), &port);
	if (c->host == NULL) {
		ck_assert_msg(rc == -1, "'%s' accepted", c->item);
		return;
	}
	ck_assert_msg(rc == 0, "'%s' refused", c->item);
	ck_assert_str_eq(host, c->host);
	ck_assert_uint_eq(port, c->port);
}
END_TEST

/* The item ends at its length, not at a NUL: a list is not copied. */
START_TEST(test_bound)
{
	char		 host[64];
	unsigned	 port;

	ck_assert_int_eq(hostport_split("db:3307,db2", 7, 3306, host,
	    sizeof(host), &port), 0);
	ck_assert_str_eq(host, "db");
	ck_assert_uint_eq(port, 3307);
	ck_assert_int_eq(hostport_split("db2:33", 3, 3306, host,
	    sizeof(host), &port), 0);
	ck_assert_str_eq(host, "db2");
	ck_assert_uint_eq(port, 3306);
}
END_TEST

/* A host that does not fit the buffer (with its NUL) is refused. */
START_TEST(test_size)
{
	char		 host[4];
	unsigned	 port;

	ck_assert_int_eq(hostport_split("abc", 3, 1, host, sizeof(host),
	    &port), 0);
	ck_assert_int_eq(hostport_split("abcd", 4, 1, host, sizeof(host),
	    &port), -1);
	ck_assert_int_eq(hostport_split("[abcd]:5", 8, 1, host,
	    sizeof(host), &port), -1);
}
END_TEST

static Suite *
hostport_suite(void)
{
	Suite	*s = suite_create("hostport");
	TCase	*tc = tcase_create("core");

	LOOP(tc, test_split, split_cases);
	tcase_add_test(tc, test_bound);
	tcase_add_test(tc, test_size);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return unit_main("check_hostport", hostport_suite, 0);
}
